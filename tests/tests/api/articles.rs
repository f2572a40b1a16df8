//! `GET /api/v1/articles`: published only, filters, order, both kinds of paging.

use shared::staff::Role;
use shared::{Article, ArticlePage};
use tests::{Db, both_databases, header, spawn_app};

use crate::newsroom;

const SEED: &str = "hubungan-antara-korea-utara-dan-rusia-menunjukkan-peningkatan-signifikan-dalam";
const PUTIN: &str = "putin-terima-delegasi-korea-utara-di-moskow";
const TOKYO: &str = "japan-raises-defence-budget";
const RUPIAH: &str = "rupiah-menguat-terhadap-dolar";
const DRAFT: &str = "berita-embargo-belum-terbit";

fn slugs(page: &ArticlePage) -> Vec<&str> {
    page.data.iter().map(|a| a.slug.as_str()).collect()
}

async fn newest_first_and_published_only(db: Db) {
    let app = spawn_app(db).await;
    newsroom(&app);
    let page: ArticlePage = app.get_json("/api/v1/articles").await;
    // 2 Aug, 20 Jul, 13 Jul, 1 Jul; the 3 Aug draft is not there.
    assert_eq!(slugs(&page), [PUTIN, TOKYO, SEED, RUPIAH]);
    assert_eq!(page.pagination.total, 4);
    let oldest: ArticlePage = app.get_json("/api/v1/articles?order=oldest").await;
    assert_eq!(slugs(&oldest), [RUPIAH, SEED, TOKYO, PUTIN]);

    let response = app.get(&format!("/api/v1/articles/{DRAFT}")).await;
    assert_eq!(response.status(), 404, "a draft is not public");
}

async fn filters_by_section_tag_author_language_and_dates(db: Db) {
    let app = spawn_app(db).await;
    newsroom(&app);
    for (query, expected) in [
        ("section=ekonomi", vec![RUPIAH]),
        ("section=internasional", vec![PUTIN, TOKYO, SEED]),
        ("section=olahraga", vec![]),
        ("tag=korea-utara", vec![PUTIN]),
        ("tag=rahasia-embargo", vec![]),
        ("author=ani-lestari", vec![PUTIN]),
        ("author=budi-santoso", vec![PUTIN]),
        ("author=redaksi-global-insight", vec![SEED]),
        ("lang=en", vec![TOKYO]),
        ("lang=id&section=internasional", vec![PUTIN, SEED]),
        ("from=2025-07-13", vec![PUTIN, TOKYO, SEED]),
        ("to=2025-07-13", vec![SEED, RUPIAH]),
        ("from=2025-07-02&to=2025-07-20", vec![TOKYO, SEED]),
        // 13 Juli 00:00 in Jakarta is 12 July 17:00 UTC.
        (
            "from=2025-07-12T17:00:00Z&to=2025-07-12T17:00:00Z",
            vec![SEED],
        ),
        ("from=2025-07-12T17:00:01Z&to=2025-07-31", vec![TOKYO]),
    ] {
        let page: ArticlePage = app.get_json(&format!("/api/v1/articles?{query}")).await;
        assert_eq!(slugs(&page), expected, "{query}");
        assert_eq!(page.pagination.total, expected.len() as u64, "{query}");
    }
}

async fn structured_fields_of_an_imported_article(db: Db) {
    let app = spawn_app(db).await;
    newsroom(&app);
    let article: Article = app.get_json(&format!("/api/v1/articles/{PUTIN}")).await;
    assert_eq!(
        article.headline,
        "Putin Terima Delegasi Korea Utara di Moskow"
    );
    assert!(!article.headline_derived);
    let byline = article.byline.expect("byline");
    let authors: Vec<(&str, &str)> = byline
        .authors
        .iter()
        .map(|a| (a.slug.as_str(), a.name.as_str()))
        .collect();
    assert_eq!(
        authors,
        [
            ("ani-lestari", "Ani Lestari"),
            ("budi-santoso", "Budi Santoso")
        ]
    );
    let tags: Vec<&str> = article.tags.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(tags, ["Korea Utara", "Rusia"]);
    assert_eq!(article.dateline.expect("dateline").text, "Moskow, Rusia");
    assert_eq!(
        article.body.last(),
        Some(&shared::Block::Quote(shared::QuoteBlock {
            text: "Kerja sama ini akan terus berkembang.".into(),
            speaker: Some("Sergei Lavrov".into()),
            attribution: Some("kata Menteri Luar Negeri Rusia, Sergei Lavrov.".into()),
        }))
    );
    let tokyo: Article = app.get_json(&format!("/api/v1/articles/{TOKYO}")).await;
    assert_eq!(tokyo.language, "en");
    assert_eq!(
        tokyo.published_at.map(|t| t.to_rfc3339()).as_deref(),
        Some("2025-07-20T00:00:00+07:00")
    );
    assert_eq!(
        tokyo.body.last(),
        Some(&shared::Block::List(shared::ListBlock {
            ordered: false,
            items: vec!["Missile defence".into(), "Naval patrols".into()]
        }))
    );
}

async fn page_numbers_with_totals_and_link_headers(db: Db) {
    let app = spawn_app(db).await;
    newsroom(&app);
    let response = app
        .get("/api/v1/articles?section=internasional&per_page=2&page=1")
        .await;
    assert_eq!(response.status(), 200);
    let link = header(response.headers(), "link");
    let page: ArticlePage = response.json().await.expect("json");
    assert_eq!(slugs(&page), [PUTIN, TOKYO]);
    let p = &page.pagination;
    assert_eq!(
        (p.page, p.per_page, p.total, p.total_pages),
        (Some(1), 2, 3, 2)
    );
    let next = "/api/v1/articles?section=internasional&per_page=2&page=2";
    assert_eq!(p.links.next.as_deref(), Some(next));
    assert_eq!(p.links.prev, None);
    assert_eq!(
        link,
        format!(
            "</api/v1/articles?section=internasional&per_page=2&page=1>; rel=\"first\", \
             <{next}>; rel=\"last\", <{next}>; rel=\"next\""
        )
    );
    let second: ArticlePage = app.get_json(next).await;
    assert_eq!(slugs(&second), [SEED]);
    assert_eq!(second.pagination.links.next, None);
    assert_eq!(second.pagination.next_cursor, None);
    let beyond: ArticlePage = app.get_json("/api/v1/articles?per_page=2&page=9").await;
    assert!(beyond.data.is_empty());
    assert_eq!(beyond.pagination.total, 4);
}

async fn cursor_walks_every_article_once_in_order(db: Db) {
    let app = spawn_app(db).await;
    newsroom(&app);
    for (order, expected) in [
        ("newest", [PUTIN, TOKYO, SEED, RUPIAH]),
        ("oldest", [RUPIAH, SEED, TOKYO, PUTIN]),
    ] {
        // The first page by number, then every further page by its cursor.
        let first: ArticlePage = app
            .get_json(&format!("/api/v1/articles?order={order}&per_page=1"))
            .await;
        let mut seen: Vec<String> = first.data.iter().map(|a| a.slug.clone()).collect();
        let mut cursor = first.pagination.next_cursor.clone();
        while let Some(current) = cursor {
            assert!(seen.len() < 4, "the cursor goes past the end");
            let path = format!("/api/v1/articles?order={order}&per_page=1&cursor={current}");
            let page: ArticlePage = app.get_json(&path).await;
            assert_eq!(page.pagination.page, None);
            assert_eq!(page.pagination.total, 4);
            seen.extend(page.data.iter().map(|a| a.slug.clone()));
            cursor = page.pagination.next_cursor.clone();
            match (&cursor, &page.pagination.links.next) {
                (Some(next_cursor), Some(next)) => {
                    assert!(next.contains(&format!("cursor={next_cursor}")), "{next}");
                    assert!(
                        !next.split(['?', '&']).any(|p| p.starts_with("page=")),
                        "a cursor link has no page number: {next}"
                    );
                }
                (None, None) => {}
                other => panic!("next_cursor and links.next disagree: {other:?}"),
            }
        }
        assert_eq!(seen, expected, "order={order}");
    }
}

/// A cursor is a position: the list continues after it in the order asked for, and
/// `page` counts pages after it.
async fn a_cursor_is_a_position_in_either_order(db: Db) {
    let app = spawn_app(db).await;
    newsroom(&app);
    let first: ArticlePage = app.get_json("/api/v1/articles?per_page=1").await;
    assert_eq!(slugs(&first), [PUTIN]);
    let after_putin = first.pagination.next_cursor.expect("more");
    let page = |query: String| {
        let app = &app;
        async move {
            let page: ArticlePage = app.get_json(&format!("/api/v1/articles?{query}")).await;
            slugs(&page)
                .into_iter()
                .map(str::to_owned)
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(
        page(format!("per_page=1&page=2&cursor={after_putin}")).await,
        [SEED],
        "the second page after the cursor"
    );
    assert_eq!(
        page(format!("order=oldest&cursor={after_putin}")).await,
        Vec::<String>::new(),
        "nothing is newer than the newest"
    );
    let second: ArticlePage = app.get_json("/api/v1/articles?per_page=2").await;
    let after_tokyo = second.pagination.next_cursor.expect("more");
    assert_eq!(
        page(format!("order=oldest&cursor={after_tokyo}")).await,
        [PUTIN]
    );
    // Any cursor-shaped string is a position: all zeros is before the year 1.
    assert_eq!(
        page(format!("order=oldest&cursor={}", "A".repeat(32))).await,
        [RUPIAH, SEED, TOKYO, PUTIN]
    );
}

/// A list item is a summary; `fields=` adds named fields (each field set its own ETag);
/// a field the list cannot add is refused naming it. Search hits likewise.
async fn lists_carry_summaries_and_the_fields_asked_for(db: Db) {
    let app = spawn_app(db).await;
    let summary_keys = [
        "id",
        "slug",
        "language",
        "headline",
        "standfirst",
        "dateline",
        "byline",
        "section",
        "tags",
        "reading_time_minutes",
        "published_at",
        "updated_at",
        "featured_image",
    ];
    let keys = |item: &serde_json::Value| -> Vec<String> {
        let mut keys: Vec<String> = item
            .as_object()
            .expect("an object")
            .keys()
            .cloned()
            .collect();
        keys.sort();
        keys
    };
    let sorted = |names: &[&str]| -> Vec<String> {
        let mut names: Vec<String> = names.iter().map(|n| (*n).to_owned()).collect();
        names.sort();
        names
    };
    let article: serde_json::Value = app.get_json(&format!("/api/v1/articles/{SEED}")).await;

    let plain = app.get("/api/v1/articles").await;
    assert_eq!(plain.status(), 200);
    let plain_etag = header(plain.headers(), "etag");
    let plain: serde_json::Value = plain.json().await.expect("JSON");
    assert_eq!(keys(&plain["data"][0]), sorted(&summary_keys));
    for key in summary_keys {
        assert_eq!(plain["data"][0][key], article[key], "{key}");
    }

    let bodies = app.get("/api/v1/articles?fields=body,word_count").await;
    assert_eq!(bodies.status(), 200);
    assert_ne!(
        header(bodies.headers(), "etag"),
        plain_etag,
        "each field set its own ETag"
    );
    let bodies: serde_json::Value = bodies.json().await.expect("JSON");
    let mut with_body = summary_keys.to_vec();
    with_body.extend(["body", "word_count"]);
    assert_eq!(keys(&bodies["data"][0]), sorted(&with_body));
    assert_eq!(bodies["data"][0]["body"], article["body"]);
    assert_eq!(bodies["data"][0]["word_count"], article["word_count"]);

    let hits: serde_json::Value = app.get_json("/api/v1/search?q=pyongyang").await;
    assert_eq!(keys(&hits["data"][0]["article"]), sorted(&summary_keys));
    let hits: serde_json::Value = app
        .get_json("/api/v1/search?q=pyongyang&fields=body_html")
        .await;
    assert_eq!(
        hits["data"][0]["article"]["body_html"],
        article["body_html"]
    );

    for (path, field) in [
        ("/api/v1/articles?fields=body,colour", "colour"),
        ("/api/v1/articles?fields=headline", "headline"),
        ("/api/v1/articles?fields=body,body", "body"),
        ("/api/v1/articles?fields=", "\"\""),
        ("/api/v1/search?q=pyongyang&fields=bodies", "bodies"),
    ] {
        let response = app.get(path).await;
        assert_eq!(response.status(), 400, "{path}");
        let problem: shared::Problem = response.json().await.expect("a problem");
        assert_eq!(problem.code, shared::ErrorCode::InvalidParameter, "{path}");
        assert_eq!(problem.field.as_deref(), Some("fields"), "{path}");
        assert!(problem.detail.contains(field), "{path}: {}", problem.detail);
    }
}

/// A page by number is counted and found month by month (`listed_months`, kept by the
/// database's triggers; a tag's or an author's by walking): every page of each filter,
/// in either order, is its part of the whole list, across months and the filter's cut months, as articles are moved between
/// sections, languages and months, unpublished, deleted and scheduled.
async fn pages_by_number_are_found_month_by_month(db: Db) {
    // Every page of every filter is more requests than a client may make a minute.
    let app = tests::TestApp::builder(db)
        .configure(|settings| settings.http.anonymous_requests = 100_000)
        .spawn()
        .await;
    newsroom(&app);
    let editor = app.staff(Role::Editor, "Sari Editor").await;
    let story = editor
        .publish(&editor.create(&tests::draft("Berita Asal")).await)
        .await;
    let (mut conn, _) = app.connection();
    let sql = |conn: &mut backend::db::PooledConn, statement: String| {
        use diesel::RunQueryDsl as _;
        diesel::sql_query(&statement)
            .execute(&mut ***conn)
            .unwrap_or_else(|e| panic!("{statement}: {e}"));
    };
    let time = |text: String| match db {
        Db::Sqlite => format!("'{text}'"),
        Db::Postgres => format!("CAST('{text}' AS TIMESTAMP)"),
    };
    let columns = "headline, headline_derived, standfirst, dateline_text, dateline_city, \
        dateline_country, byline, body, word_count, reading_time_minutes, created_at, \
        updated_at, version, created_by, review_requested_at, urgency";
    // Forty copies of the story, one every two days back from 28 June 2025 (about
    // fifteen a month: a page may be read from either end of its month), a third in
    // English, every other in Ekonomi; every fifth at the same moment as the one before
    // it. Written newest id last but first in order, so that among copies of one moment
    // the order they were written in is not the order of their ids.
    let start = chrono::NaiveDate::from_ymd_opt(2025, 6, 28)
        .and_then(|d| d.and_hms_opt(10, 0, 0))
        .expect("a time");
    // Each copy's id: the story's with its last four digits the copy's number.
    let copy = |i: i64| format!("{}{i:04x}", &story.id.to_string()[..32]);
    // And two more within one second, 11 May 2025 10:00:00.25 and .75, which the
    // filters below cut between.
    for i in (0..42).rev() {
        let days = if i % 5 == 4 { 2 * (i - 1) } else { 2 * i };
        let at = time(match i {
            40 => "2025-05-11 10:00:00.250".to_owned(),
            41 => "2025-05-11 10:00:00.750".to_owned(),
            _ => (start - chrono::Duration::days(days))
                .format("%Y-%m-%d %H:%M:%S")
                .to_string(),
        });
        let language = if i % 3 == 0 { "en" } else { "id" };
        let section = if i % 2 == 0 {
            "ekonomi"
        } else {
            "internasional"
        };
        sql(
            &mut conn,
            format!(
                "INSERT INTO articles (id, slug, language, section_id, status, published_at, \
                 first_published_at, {columns}) \
                 SELECT '{}', a.slug || '-{i}', '{language}', \
                 (SELECT id FROM sections WHERE slug = '{section}'), 'published', {at}, {at}, \
                 {columns} FROM articles a WHERE a.id = '{}'",
                copy(i),
                story.id
            ),
        );
        // Half of them tagged, a third by one author, most naming one person; each link
        // with the article's time, as the newsroom writes links.
        for (linked, links, article, key, table, slug) in [
            (
                i % 2 == 0,
                "article_tags",
                "article_id",
                "tag_id",
                "tags",
                "korea-utara",
            ),
            (
                i % 3 == 1,
                "article_authors",
                "article_id",
                "author_id",
                "authors",
                "budi-santoso",
            ),
            (
                i % 4 != 3,
                "article_entities",
                "article_seq",
                "entity_seq",
                "entities",
                "kim-jong-un",
            ),
        ] {
            if linked {
                // A mention row holds the second of the time, the others the time.
                let (article_key, linked_key, last, listed, listed_at) = match (links, db) {
                    ("article_entities", Db::Sqlite) => (
                        "a.seq",
                        "k.seq",
                        "mentions",
                        "listed_second",
                        "CAST(strftime('%s', a.published_at) AS INTEGER)",
                    ),
                    ("article_entities", Db::Postgres) => (
                        "a.seq",
                        "k.seq",
                        "mentions",
                        "listed_second",
                        "floor(extract(epoch FROM a.published_at))::bigint",
                    ),
                    _ => ("a.id", "k.id", "position", "listed_at", "a.published_at"),
                };
                sql(
                    &mut conn,
                    format!(
                        "INSERT INTO {links} ({article}, {key}, {last}, {listed}) \
                         SELECT {article_key}, {linked_key}, 1, {listed_at} \
                         FROM {table} k, articles a WHERE k.slug = '{slug}' AND a.id = '{}'",
                        copy(i)
                    ),
                );
            }
        }
    }
    // The entity's count is kept where mention rows are written; these were written
    // here.
    sql(
        &mut conn,
        "UPDATE entities SET listed_articles = (SELECT count(*) FROM article_entities l \
         WHERE l.entity_seq = entities.seq AND l.listed_second IS NOT NULL) \
         WHERE slug = 'kim-jong-un'"
            .to_owned(),
    );
    // Every page of per_page 1, 4 and 7, by number, makes the list read whole.
    let check = |when: &'static str| {
        let app = &app;
        async move {
            for filter in [
                "",
                "&section=ekonomi",
                "&lang=en",
                "&lang=id&section=internasional",
                "&from=2025-04-20&to=2025-06-10",
                "&lang=en&from=2025-05-01",
                "&section=ekonomi&to=2025-06-01",
                "&tag=korea-utara",
                "&author=budi-santoso",
                "&entity=kim-jong-un",
                "&tag=korea-utara&from=2025-05-01",
                "&entity=kim-jong-un&to=2025-06-01",
                "&entity=kim-jong-un&to=2025-05-11T10:00:00.5Z",
                "&entity=kim-jong-un&from=2025-05-11T10:00:00.5Z",
                "&tag=korea-utara&to=2025-05-11T10:00:00.5Z",
            ] {
                for order in ["newest", "oldest"] {
                    let whole: ArticlePage = app
                        .get_json(&format!(
                            "/api/v1/articles?order={order}&per_page=100{filter}"
                        ))
                        .await;
                    let total = whole.data.len() as u64;
                    assert_eq!(whole.pagination.total, total, "{when}: {filter} {order}");
                    let expected: Vec<String> = whole.data.iter().map(|a| a.slug.clone()).collect();
                    // Read again by cursors, which walk the articles rather than a
                    // key's links or the months: the same list.
                    let mut walked: Vec<String> = Vec::new();
                    let mut cursor: Option<String> = None;
                    loop {
                        let after = cursor.map(|c| format!("&cursor={c}")).unwrap_or_default();
                        let page: ArticlePage = app
                            .get_json(&format!(
                                "/api/v1/articles?order={order}&per_page=3{after}{filter}"
                            ))
                            .await;
                        walked.extend(page.data.iter().map(|a| a.slug.clone()));
                        assert!(
                            walked.len() <= expected.len() + 3,
                            "{when}: {filter} {order}"
                        );
                        cursor = page.pagination.next_cursor;
                        if cursor.is_none() {
                            break;
                        }
                    }
                    assert_eq!(walked, expected, "{when}: {filter} {order}, by cursor");
                    for per_page in [1, 4, 7] {
                        let mut paged: Vec<String> = Vec::new();
                        let pages = total.div_ceil(per_page).max(1);
                        for page in 1..=pages + 1 {
                            let path = format!(
                                "/api/v1/articles?order={order}&per_page={per_page}&page={page}{filter}"
                            );
                            let got: ArticlePage = app.get_json(&path).await;
                            assert_eq!(got.pagination.total, total, "{when}: {path}");
                            assert_eq!(
                                u64::from(got.pagination.total_pages),
                                pages,
                                "{when}: {path}"
                            );
                            paged.extend(got.data.iter().map(|a| a.slug.clone()));
                        }
                        assert_eq!(paged, expected, "{when}: {filter} {order} {per_page}");
                    }
                }
            }
        }
    };
    check("as written").await;
    // Moved to another section, another language, another month; unpublished;
    // deleted; scheduled a year ahead.
    sql(
        &mut conn,
        format!(
            "UPDATE articles SET section_id = (SELECT id FROM sections WHERE slug = 'internasional') WHERE id = '{}'",
            copy(4)
        ),
    );
    sql(
        &mut conn,
        format!(
            "UPDATE articles SET language = 'en' WHERE id = '{}'",
            copy(7)
        ),
    );
    sql(
        &mut conn,
        format!(
            "UPDATE articles SET published_at = {} WHERE id = '{}'",
            time("2024-02-10 08:00:00".into()),
            copy(10)
        ),
    );
    sql(
        &mut conn,
        format!(
            "UPDATE articles SET status = 'unpublished' WHERE id = '{}'",
            copy(13)
        ),
    );
    sql(
        &mut conn,
        format!(
            "UPDATE articles SET deleted_at = updated_at WHERE id = '{}'",
            copy(16)
        ),
    );
    let ahead = (chrono::Utc::now() + chrono::Duration::days(365)).format("%Y-%m-%d %H:%M:%S");
    sql(
        &mut conn,
        format!(
            "UPDATE articles SET status = 'scheduled', published_at = {} WHERE id = '{}'",
            time(ahead.to_string()),
            copy(19)
        ),
    );
    sql(
        &mut conn,
        format!("DELETE FROM articles WHERE id = '{}'", copy(22)),
    );
    // A tag and an author taken off.
    sql(
        &mut conn,
        format!("DELETE FROM article_tags WHERE article_id = '{}'", copy(24)),
    );
    sql(
        &mut conn,
        format!(
            "DELETE FROM article_authors WHERE article_id = '{}'",
            copy(25)
        ),
    );
    drop(conn);
    check("after the moves").await;
    let english: ArticlePage = app.get_json("/api/v1/articles?lang=en&per_page=100").await;
    assert!(
        english.data.iter().any(|a| a.slug.ends_with("-7")),
        "moved into English"
    );
    let all: ArticlePage = app.get_json("/api/v1/articles?per_page=100").await;
    for gone in ["-13", "-16", "-19", "-22"] {
        assert!(
            !all.data.iter().any(|a| a.slug.ends_with(gone)),
            "{gone} listed"
        );
    }
    assert_eq!(
        all.pagination.total,
        5 + 42 - 4,
        "the newsroom's, the story and its copies"
    );
}

both_databases!(
    pages_by_number_are_found_month_by_month,
    lists_carry_summaries_and_the_fields_asked_for,
    a_cursor_is_a_position_in_either_order,
    newest_first_and_published_only,
    filters_by_section_tag_author_language_and_dates,
    structured_fields_of_an_imported_article,
    page_numbers_with_totals_and_link_headers,
    cursor_walks_every_article_once_in_order,
);
