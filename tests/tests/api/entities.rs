//! Entities, quotes and subjects as data: recognised in the seed, listed, filtered by,
//! corrected by editors, extended with new entities.

use serde_json::{Value, json};
use shared::staff::Role;
use shared::{
    Article, ArticlePage, Entity, EntityKind, EntityPage, ErrorCode, QuotePage, SearchPage,
};
use tests::{Db, TestApp, assert_problem, both_databases, spawn_app};

use crate::newsroom;

const SEED: &str = "hubungan-antara-korea-utara-dan-rusia-menunjukkan-peningkatan-signifikan-dalam";

fn slugs_of(article: &Article) -> Vec<&str> {
    article.entities.iter().map(|e| e.slug.as_str()).collect()
}

async fn the_seeds_entities_quotes_and_subjects(db: Db) {
    let app = spawn_app(db).await;
    let seed: Article = app.get_json(&format!("/api/v1/articles/{SEED}")).await;
    let found = slugs_of(&seed);
    for slug in [
        "kim-jong-un",
        "vladimir-putin",
        "antony-blinken",
        "korea-utara",
        "rusia",
        "ukraina",
        "pyongyang",
        "moskow",
        "amerika-serikat",
        "jepang",
        "china",
        "nato",
        "uni-eropa",
        "quad",
        "aukus",
    ] {
        assert!(found.contains(&slug), "{slug} in {found:?}");
    }
    let kim = &seed
        .entities
        .iter()
        .find(|e| e.slug == "kim-jong-un")
        .expect("Kim");
    assert_eq!(
        (kim.name.as_str(), kim.kind, kim.wikidata.as_deref()),
        ("Kim Jong Un", EntityKind::Person, Some("Q56226"))
    );
    assert!(
        kim.mentions >= 9,
        "“Kim Jong Un” and “Kim”: {}",
        kim.mentions
    );
    assert_eq!(
        seed.entities[0].mentions,
        seed.entities.iter().map(|e| e.mentions).max().unwrap_or(0)
    );
    let codes: Vec<&str> = seed.subjects.iter().map(|s| s.code.as_str()).collect();
    assert!(
        codes.contains(&"medtop:16000000") && codes.contains(&"medtop:11000000"),
        "{codes:?}"
    );
    let war = seed
        .subjects
        .iter()
        .find(|s| s.code == "medtop:16000000")
        .expect("topic");
    assert_eq!(war.name, "conflict, war and peace");
    assert_eq!(war.uri, "http://cv.iptc.org/newscodes/mediatopic/16000000");

    // Every direct quote, with its speaker.
    let quotes: QuotePage = app
        .get_json(&format!("/api/v1/articles/{SEED}/quotes"))
        .await;
    let said: Vec<(&str, Option<&str>, Option<&str>)> = quotes
        .data
        .iter()
        .map(|q| {
            (
                q.text.as_str(),
                q.speaker.as_deref(),
                q.entity.as_ref().map(|e| e.slug.as_str()),
            )
        })
        .collect();
    assert_eq!(
        said,
        [
            (
                "Kami Berdiri di Pihak Kebenaran",
                Some("Kim Jong Un"),
                Some("kim-jong-un")
            ),
            (
                "agresi imperialisme global yang dipimpin Amerika Serikat dan NATO.",
                Some("Kim Jong Un"),
                Some("kim-jong-un")
            ),
            (
                "Kami tidak akan tinggal diam ketika kekuatan hegemonik dunia mencoba menginjak-injak kedaulatan negara sahabat kami. Rusia berhak mempertahankan dirinya, dan Korea Utara akan menjadi tembok kokoh di sisinya.",
                Some("Kim"),
                Some("kim-jong-un")
            ),
            (
                "mengacaukan stabilitas global dan menimbulkan efek domino konflik di kawasan Asia Timur.",
                Some("Antony Blinken"),
                Some("antony-blinken")
            ),
        ]
    );
    assert_eq!(quotes.data[2].kind, shared::QuoteKind::Block);
    assert_eq!(quotes.data[3].article.slug, SEED);

    let blinken: QuotePage = app.get_json("/api/v1/quotes?speaker=antony-blinken").await;
    assert_eq!(blinken.data.len(), 1);
    let kim: QuotePage = app.get_json("/api/v1/quotes?speaker=kim-jong-un").await;
    assert_eq!(kim.pagination.total, 3);
    // A speaker's quotes in the order of every quote, paged alike.
    let every: QuotePage = app.get_json("/api/v1/quotes?per_page=100").await;
    let texts =
        |page: &QuotePage| -> Vec<String> { page.data.iter().map(|q| q.text.clone()).collect() };
    let theirs: Vec<String> = every
        .data
        .iter()
        .filter(|q| q.entity.as_ref().is_some_and(|e| e.slug == "kim-jong-un"))
        .map(|q| q.text.clone())
        .collect();
    assert_eq!(texts(&kim), theirs);
    let second: QuotePage = app
        .get_json("/api/v1/quotes?speaker=kim-jong-un&per_page=2&page=2")
        .await;
    assert_eq!(
        (texts(&second), second.pagination.total),
        (theirs[2..].to_vec(), 3)
    );
    let nobody: QuotePage = app.get_json("/api/v1/quotes?speaker=tak-dikenal").await;
    assert!(nobody.data.is_empty());
    assert_problem(
        app.get("/api/v1/articles/tidak-ada/quotes").await,
        404,
        ErrorCode::NotFound,
        None,
    )
    .await;
    assert_problem(
        app.get("/api/v1/quotes?speaker=Kim%20Jong").await,
        400,
        ErrorCode::InvalidParameter,
        Some("speaker"),
    )
    .await;
}

async fn entities_are_listed_and_filter_articles(db: Db) {
    let app = spawn_app(db).await;
    newsroom(&app);
    let all: EntityPage = app.get_json("/api/v1/entities?per_page=100").await;
    let korea = all
        .data
        .iter()
        .find(|e| e.slug == "korea-utara")
        .expect("listed");
    assert_eq!(korea.article_count, 2, "the seed and the Moscow story");
    assert!(korea.aliases.contains(&"Korut".to_owned()));
    assert!(
        all.data
            .windows(2)
            .all(|w| w[0].article_count >= w[1].article_count),
        "most written-about first"
    );
    let people: EntityPage = app
        .get_json("/api/v1/entities?kind=person&per_page=100")
        .await;
    assert!(people.data.iter().all(|e| e.kind == EntityKind::Person));
    assert!(people.data.iter().any(|e| e.slug == "sergei-lavrov"));
    assert_problem(
        app.get("/api/v1/entities?kind=animal").await,
        400,
        ErrorCode::InvalidParameter,
        Some("kind"),
    )
    .await;

    let kim: Entity = app.get_json("/api/v1/entities/kim-jong-un").await;
    assert_eq!(kim.aliases, ["Kim Jong Un", "Kim Jong-un", "Kim"]);
    assert_eq!(kim.article_count, 1);
    assert_problem(
        app.get("/api/v1/entities/tak-ada").await,
        404,
        ErrorCode::NotFound,
        None,
    )
    .await;

    let lavrov: ArticlePage = app.get_json("/api/v1/articles?entity=sergei-lavrov").await;
    let headlines: Vec<&str> = lavrov.data.iter().map(|a| a.headline.as_str()).collect();
    assert_eq!(headlines, ["Putin Terima Delegasi Korea Utara di Moskow"]);
    let searched: SearchPage = app
        .get_json("/api/v1/search?q=putin&entity=kim-jong-un")
        .await;
    assert_eq!(searched.data.len(), 1, "the seed only");
    let feed = app.get("/api/v1/feeds/atom?entity=vladimir-putin").await;
    assert_eq!(feed.status(), 200);
    let feed = feed.text().await.expect("atom");
    assert!(feed.contains("Global Insight — Vladimir Putin"));
    assert_eq!(feed.matches("<entry>").count(), 2, "{feed}");
    assert_eq!(
        app.get("/api/v1/feeds/rss?entity=tak-ada").await.status(),
        404
    );

    // An entity named by most of a section's articles is read walking the list in its
    // order, probing each (a page of one of the section's four, and the page after its
    // cursor): the same pages as the database's own plan gives the whole list.
    let again = crate::fixtures::PUTIN_MOSKOW
        .replace("Judul: Putin Terima", "Judul: Putin Kembali Terima")
        .replace("2 Agustus 2025", "3 Agustus 2025");
    app.import(
        "putin-lagi.txt",
        &again,
        &tests::filed("internasional", "id", shared::ArticleStatus::Published),
    );
    let path = "/api/v1/articles?entity=vladimir-putin&section=internasional";
    let whole: ArticlePage = app.get_json(path).await;
    let ids = |page: &ArticlePage| -> Vec<String> {
        page.data.iter().map(|a| a.id.to_string()).collect()
    };
    assert_eq!(whole.data.len(), 3, "{:?}", ids(&whole));
    let first: ArticlePage = app.get_json(&format!("{path}&per_page=1")).await;
    assert_eq!(first.pagination.total, 3);
    let cursor = first.pagination.next_cursor.clone().expect("a next page");
    let next: ArticlePage = app
        .get_json(&format!("{path}&per_page=1&cursor={cursor}"))
        .await;
    assert_eq!([ids(&first), ids(&next)].concat(), ids(&whole)[..2]);

    // Named by three of the archive's five, it is read from its links, the page decided
    // in memory: the same pages, newest first, and the oldest first the other way round.
    let path = "/api/v1/articles?entity=vladimir-putin";
    let whole: ArticlePage = app.get_json(path).await;
    assert_eq!(whole.data.len(), 3, "{:?}", ids(&whole));
    assert_eq!(whole.pagination.total, 3);
    assert!(
        whole
            .data
            .windows(2)
            .all(|w| (w[0].published_at, w[0].id) > (w[1].published_at, w[1].id)),
        "newest first"
    );
    let first: ArticlePage = app.get_json(&format!("{path}&per_page=1")).await;
    let cursor = first.pagination.next_cursor.clone().expect("a next page");
    let next: ArticlePage = app
        .get_json(&format!("{path}&per_page=1&cursor={cursor}"))
        .await;
    assert_eq!([ids(&first), ids(&next)].concat(), ids(&whole)[..2]);
    let second: ArticlePage = app.get_json(&format!("{path}&per_page=1&page=2")).await;
    assert_eq!(ids(&second), ids(&whole)[1..2]);
    let oldest: ArticlePage = app.get_json(&format!("{path}&order=oldest")).await;
    let mut reversed = ids(&whole);
    reversed.reverse();
    assert_eq!(ids(&oldest), reversed);
}

async fn set_entities(
    app: &TestApp,
    token: &str,
    article: &Article,
    body: &Value,
) -> reqwest::Response {
    app.client
        .put(app.url(&format!(
            "/api/v1/newsroom/articles/{}/entities",
            article.id
        )))
        .bearer_auth(token)
        .header("If-Match", format!("\"v{}\"", article.version))
        .json(body)
        .send()
        .await
        .expect("response")
}

async fn editors_correct_and_extend_recognition(db: Db) {
    let app = spawn_app(db).await;
    let editor = app.staff_token(Role::Editor, "Sari Editor").await;
    let author = app.staff_token(Role::Author, "Budi Penulis").await;
    let draft = app
        .create_article(
            &editor,
            &json!({"headline": "Delegasi AS Tiba di Jakarta", "section": "internasional",
                    "language": "id", "byline": "Tim Global Insight",
                    "body": [{"type": "paragraph",
                              "text": "Rombongan dipimpin Dewi Anggraini. “Kami datang untuk mendengar,” kata Dewi Anggraini."}]}),
        )
        .await;
    let article = app.publish(&editor, &draft).await;
    assert_eq!(slugs_of(&article), ["amerika-serikat", "jakarta"]);

    let response = set_entities(
        &app,
        &editor,
        &article,
        &json!({"include": ["indonesia"], "exclude": ["amerika-serikat"]}),
    )
    .await;
    assert_eq!(response.status(), 200);
    let corrected: Article = response.json().await.expect("article");
    assert_eq!(slugs_of(&corrected), ["jakarta", "indonesia"]);
    assert_eq!(corrected.version, article.version + 1);
    let public: Article = app
        .get_json(&format!("/api/v1/articles/{}", article.slug))
        .await;
    assert_eq!(
        slugs_of(&public),
        ["jakarta", "indonesia"],
        "public at once"
    );
    // The correction holds through later edits.
    let edited = app
        .client
        .put(app.url(&format!("/api/v1/newsroom/articles/{}", article.id)))
        .bearer_auth(&editor)
        .header("If-Match", format!("\"v{}\"", corrected.version))
        .json(&json!({"headline": "Delegasi AS Tiba di Jakarta Pagi Ini", "section": "internasional",
                      "language": "id", "byline": "Tim Global Insight",
                      "body": [{"type": "paragraph", "text": "Rombongan dipimpin Dewi Anggraini."}]}))
        .send()
        .await
        .expect("response");
    assert_eq!(edited.status(), 200);
    let edited: Article = edited.json().await.expect("article");
    assert_eq!(slugs_of(&edited), ["jakarta", "indonesia"]);

    let unknown = set_entities(&app, &editor, &edited, &json!({"include": ["atlantis"]})).await;
    assert_problem(unknown, 400, ErrorCode::InvalidBody, Some("include[0]")).await;
    let twice = set_entities(
        &app,
        &editor,
        &edited,
        &json!({"include": ["jakarta"], "exclude": ["jakarta"]}),
    )
    .await;
    assert_problem(twice, 400, ErrorCode::InvalidBody, Some("exclude[0]")).await;
    let typo = set_entities(&app, &editor, &edited, &json!({"inclde": ["jakarta"]})).await;
    assert_eq!(typo.status(), 400);
    let not_an_editor = set_entities(&app, &author, &edited, &json!({"include": []})).await;
    assert_problem(not_an_editor, 403, ErrorCode::Forbidden, None).await;

    // A draft naming her too: the search engine holds only public articles, so the
    // articles a new name is looked for in include those it does not hold.
    let unpublished = app
        .create_article(
            &editor,
            &json!({"headline": "Catatan Rapat", "section": "internasional",
                    "language": "id", "byline": "Tim Global Insight",
                    "body": [{"type": "paragraph", "text": "Dewi Anggraini hadir."}]}),
        )
        .await;
    assert!(!slugs_of(&unpublished).contains(&"dewi-anggraini"));

    // A new entity is recognised at once where it is named, and its quotes attributed.
    let new = app
        .post_json(
            "/api/v1/newsroom/entities",
            &json!({"name": "Dewi Anggraini", "kind": "person", "aliases": ["Dewi"]}),
            Some(&editor),
        )
        .await;
    assert_eq!(new.status(), 201);
    assert_eq!(
        tests::header(new.headers(), "location"),
        "/api/v1/entities/dewi-anggraini"
    );
    let dewi: Entity = new.json().await.expect("entity");
    assert_eq!(
        (dewi.slug.as_str(), dewi.article_count),
        ("dewi-anggraini", 1)
    );
    let public: Article = app
        .get_json(&format!("/api/v1/articles/{}", article.slug))
        .await;
    assert!(
        slugs_of(&public).contains(&"dewi-anggraini"),
        "{:?}",
        slugs_of(&public)
    );
    let draft: Article = app
        .get_authed(
            &format!("/api/v1/newsroom/articles/{}", unpublished.id),
            &editor,
        )
        .await
        .json()
        .await
        .expect("the draft");
    assert_eq!(slugs_of(&draft), ["dewi-anggraini"]);
    // What the public sees of the article changed: the change feed says so, and search
    // (the engine follows the change feed) filters and counts by the new entity.
    let changes: shared::ChangePage = app.get_json("/api/v1/changes?limit=1000").await;
    let last = changes.data.last().expect("changes");
    assert_eq!(
        (last.article.id, last.kind),
        (public.id, shared::ChangeType::Updated)
    );
    let words = public.headline.split_whitespace().next().expect("a word");
    let found: shared::SearchPage = app
        .get_json(&format!(
            "/api/v1/search?q={words}&entity=dewi-anggraini&facets=entity"
        ))
        .await;
    assert_eq!(found.pagination.total, 1);
    assert!(
        found
            .facets
            .and_then(|f| f.entity)
            .is_some_and(|e| e.iter().any(|c| c.value == "dewi-anggraini")),
    );
    let again = app
        .post_json(
            "/api/v1/newsroom/entities",
            &json!({"name": "Dewi Anggraini", "kind": "person"}),
            Some(&editor),
        )
        .await;
    assert_problem(again, 409, ErrorCode::Conflict, None).await;
    let bad = app
        .post_json(
            "/api/v1/newsroom/entities",
            &json!({"name": "Seseorang", "kind": "person", "wikidata": "423"}),
            Some(&editor),
        )
        .await;
    assert_problem(bad, 400, ErrorCode::InvalidBody, Some("wikidata")).await;
    let by_author = app
        .post_json(
            "/api/v1/newsroom/entities",
            &json!({"name": "Orang Lain", "kind": "person"}),
            Some(&author),
        )
        .await;
    assert_eq!(by_author.status(), 403);
}

/// The migration that links articles and entities by their numbers (2025-08-01) keeps
/// every link both ways: reverted, each is kept by the article's and entity's ids;
/// applied again, the seed's entities and an entity's articles read as they did.
async fn the_numbered_links_migration_keeps_every_link(db: Db) {
    #[derive(diesel::QueryableByName)]
    struct Links {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    /// The links whose article and entity are found by `key` (`seq` or `id`).
    fn links(conn: &mut backend::db::DbConnection, key: &str) -> i64 {
        use diesel::RunQueryDsl as _;
        diesel::sql_query(format!(
            "SELECT COUNT(*) AS n FROM article_entities ae \
             JOIN articles a ON a.{key} = ae.article_{key} \
             JOIN entities e ON e.{key} = ae.entity_{key}"
        ))
        .get_result::<Links>(conn)
        .expect("the links counted")
        .n
    }
    let app = spawn_app(db).await;
    let reads = |app: TestApp| async move {
        let seed: Article = app.get_json(&format!("/api/v1/articles/{SEED}")).await;
        let korea: ArticlePage = app.get_json("/api/v1/articles?entity=korea-utara").await;
        (seed.entities, korea.data.len())
    };
    let before = reads(app.restart().await).await;
    assert!(before.0.len() >= 10 && before.1 == 1, "{before:?}");
    let (mut conn, _) = app.connection();
    let numbered = links(&mut conn, "seq");
    assert_eq!(usize::try_from(numbered).ok(), Some(before.0.len()));
    let reverted = backend::db::revert_after(&mut conn, "2025-07-31-120000").expect("reverted");
    assert_eq!(reverted.last().map(String::as_str), Some("20250801000000"));
    assert_eq!(links(&mut conn, "id"), numbered, "by id");
    backend::db::run_migrations(&mut conn).expect("applied again");
    assert_eq!(links(&mut conn, "seq"), numbered, "by number");
    drop(conn);
    assert_eq!(reads(app.restart().await).await, before);
}

/// The articles naming Kim Jong Un in each of two sections: their total, after checking
/// that it is the number of articles the list holds.
async fn kim_in_sections(app: &TestApp) -> (u64, u64) {
    let mut totals = [0; 2];
    for (total, section) in totals.iter_mut().zip(["internasional", "ekonomi"]) {
        let page: shared::ArticlePage = app
            .get_json(&format!(
                "/api/v1/articles?entity=kim-jong-un&section={section}&per_page=100"
            ))
            .await;
        assert_eq!(
            page.pagination.total,
            page.data.len() as u64,
            "{section}: the count is the list"
        );
        *total = page.pagination.total;
    }
    // The entity's whole list, page by page.
    let whole: shared::ArticlePage = app
        .get_json("/api/v1/articles?entity=kim-jong-un&per_page=100")
        .await;
    let mut paged = Vec::new();
    for page in 1..=whole.data.len().div_ceil(2) + 1 {
        let got: shared::ArticlePage = app
            .get_json(&format!(
                "/api/v1/articles?entity=kim-jong-un&per_page=2&page={page}"
            ))
            .await;
        assert_eq!(got.pagination.total, whole.data.len() as u64, "page {page}");
        paged.extend(got.data.into_iter().map(|a| a.slug));
    }
    let slugs: Vec<String> = whole.data.into_iter().map(|a| a.slug).collect();
    assert_eq!(paged, slugs, "the entity's pages");
    (totals[0], totals[1])
}

/// An entity within a section is counted from the count kept for the two
/// (`entity_sections`): moved by an import's batch, by the article's state (unpublished,
/// scheduled, due, binned), its section and its deletion, each as the list holds it.
async fn an_entity_within_a_section_is_counted_as_kept(db: Db) {
    let app = TestApp::builder(db).manual_clock().spawn().await;
    newsroom(&app);
    let editor = app.staff(Role::Editor, "Sari Editor").await;
    let (internasional, ekonomi) = kim_in_sections(&app).await;
    let named = |n: u32, kim: bool| {
        let who = if kim { "Kim Jong Un" } else { "Menteri itu" };
        (
            format!("kim-{n}.txt"),
            format!(
                "Judul: Delegasi {n}\n{} 2025\nJakarta — {who} bertemu delegasi nomor {n}.",
                // Over several months.
                ["13 Januari", "2 Maret", "20 April", "9 Juni", "30 Juli"][n as usize % 5]
            ),
        )
    };
    let import = |files: Vec<(String, String)>, section: &str| {
        let options = tests::filed(section, "id", shared::ArticleStatus::Published);
        assert!(app.import_batch(&files, &options).iter().all(Result::is_ok));
    };
    import((1..=6).map(|n| named(n, true)).collect(), "internasional");
    import((7..=10).map(|n| named(n, true)).collect(), "ekonomi");
    assert_eq!(
        kim_in_sections(&app).await,
        (internasional + 6, ekonomi + 4),
        "imported"
    );

    let article = |slug: &'static str| {
        let app = &app;
        let token = editor.token.clone();
        async move {
            let public: shared::Article = app.get_json(&format!("/api/v1/articles/{slug}")).await;
            let response = app
                .get_authed(&format!("/api/v1/newsroom/articles/{}", public.id), &token)
                .await;
            response
                .json::<shared::Article>()
                .await
                .expect("an article")
        }
    };
    let one = editor.unpublish(&article("delegasi-1").await).await;
    assert_eq!(
        kim_in_sections(&app).await,
        (internasional + 5, ekonomi + 4),
        "unpublished"
    );
    let tomorrow = chrono::Utc::now() + chrono::Duration::days(1);
    let one = editor.schedule(&one, tomorrow.fixed_offset()).await;
    assert_eq!(
        kim_in_sections(&app).await,
        (internasional + 5, ekonomi + 4),
        "scheduled"
    );
    app.set_clock(tomorrow + chrono::Duration::minutes(1));
    assert_eq!(
        kim_in_sections(&app).await,
        (internasional + 6, ekonomi + 4),
        "due"
    );

    // An operator's SQL: one moved to another section, one deleted for good.
    {
        use diesel::RunQueryDsl as _;
        let (mut conn, _) = app.connection();
        for statement in [
            "UPDATE articles SET section_id = (SELECT id FROM sections WHERE slug = 'internasional') \
             WHERE slug = 'delegasi-7'",
            "DELETE FROM articles WHERE slug = 'delegasi-8'",
        ] {
            diesel::sql_query(statement)
                .execute(&mut **conn)
                .expect(statement);
        }
    }
    assert_eq!(
        kim_in_sections(&app).await,
        (internasional + 7, ekonomi + 2),
        "moved, deleted"
    );
    // Filed again without the name: its mention goes, and the count with it.
    import(vec![named(9, false)], "ekonomi");
    assert_eq!(
        kim_in_sections(&app).await,
        (internasional + 7, ekonomi + 1),
        "named no more"
    );
    editor.bin(&one).await;
    assert_eq!(
        kim_in_sections(&app).await,
        (internasional + 6, ekonomi + 1),
        "binned"
    );
}

/// Kim Jong Un's quotes (their total and the first), how many of every quote are
/// `said`, every quote's total and the test article's own total (none while it is not
/// public).
async fn quotes_seen(app: &TestApp, said: &str) -> (u64, Option<String>, usize, u64, Option<u64>) {
    let kim: QuotePage = app.get_json("/api/v1/quotes?speaker=kim-jong-un").await;
    let every: QuotePage = app.get_json("/api/v1/quotes?per_page=100").await;
    // Not public, the article has no quotes page.
    let own = app.get("/api/v1/articles/kim-bicara-lagi/quotes").await;
    let own = if own.status() == 404 {
        None
    } else {
        let page: QuotePage = own.json().await.expect("a page of quotes");
        Some(page.pagination.total)
    };
    (
        kim.pagination.total,
        kim.data.first().map(|q| q.text.clone()),
        every.data.iter().filter(|q| q.text == said).count(),
        every.pagination.total,
        own,
    )
}

/// A quote is listed while its article is (the quotes carry its publication time, kept
/// by the database's triggers): not while a draft, first once published (the newest
/// article first), gone when unpublished, hidden while scheduled and shown when the time
/// comes, gone when binned — in the speaker's list, the list of every quote and the
/// article's own.
async fn a_quote_is_listed_while_its_article_is(db: Db) {
    let app = TestApp::builder(db).manual_clock().spawn().await;
    newsroom(&app);
    let editor = app.staff(Role::Editor, "Sari Editor").await;
    let said = "Kami akan terus memperkuat kerja sama,";
    let draft = editor
        .create(&shared::newsroom::ArticleInput {
            body: vec![shared::Block::paragraph(format!(
                "“{said}” kata Kim Jong Un."
            ))],
            ..tests::draft("Kim Bicara Lagi")
        })
        .await;
    let before = quotes_seen(&app, said).await;
    assert_eq!(before.0, 3, "the seed's");
    assert_eq!(
        (before.2, before.4),
        (0, None),
        "a draft's quote is not listed"
    );
    let published = editor.publish(&draft).await;
    let (kim, first, in_every, every, own) = quotes_seen(&app, said).await;
    assert_eq!(
        (kim, first.as_deref(), in_every, every, own),
        (4, Some(said), 1, before.3 + 1, Some(1))
    );
    let unpublished = editor.unpublish(&published).await;
    assert_eq!(quotes_seen(&app, said).await, before, "unpublished");
    let tomorrow = chrono::Utc::now() + chrono::Duration::days(1);
    let scheduled = editor.schedule(&unpublished, tomorrow.fixed_offset()).await;
    assert_eq!(quotes_seen(&app, said).await, before, "scheduled");
    app.set_clock(tomorrow + chrono::Duration::minutes(1));
    let (kim, first, in_every, _, own) = quotes_seen(&app, said).await;
    assert_eq!(
        (kim, first.as_deref(), in_every, own),
        (4, Some(said), 1, Some(1)),
        "due"
    );
    // Changed by an operator's SQL rather than the newsroom (which writes the quotes
    // again): the database moves them with the article.
    let operator = |status: &str| {
        let (mut conn, _) = app.connection();
        use diesel::RunQueryDsl as _;
        diesel::sql_query(format!(
            "UPDATE articles SET status = '{status}' WHERE id = '{}'",
            scheduled.id
        ))
        .execute(&mut **conn)
        .expect("updated");
    };
    operator("unpublished");
    assert_eq!(quotes_seen(&app, said).await, before, "unpublished by SQL");
    operator("published");
    assert_eq!(quotes_seen(&app, said).await.0, 4, "published by SQL");
    // Binned: its quotes go with it.
    editor.bin(&scheduled).await;
    assert_eq!(quotes_seen(&app, said).await, before, "binned");
}

/// The list of every quote counts to 10,000 and then says "at least" (`total_exact`),
/// its pages reaching that far; an article's quotes are counted exactly.
async fn every_quote_is_counted_to_10000(db: Db) {
    let app = spawn_app(db).await;
    let seeds: QuotePage = app.get_json("/api/v1/quotes").await;
    let quoted = |n: u64| {
        (
            format!("kutipan-{n}.txt"),
            format!(
                "Judul: Kutipan {n}\n13 Juli 2025\nJakarta — “Kami siap menghadapi banjir nomor {n},” kata Budi Santoso."
            ),
        )
    };
    let options = tests::filed("internasional", "id", shared::ArticleStatus::Published);
    let up_to_the_bound: Vec<(String, String)> =
        (seeds.pagination.total..10_000).map(quoted).collect();
    assert!(
        app.import_batch(&up_to_the_bound, &options)
            .iter()
            .all(Result::is_ok)
    );
    let at: QuotePage = app.get_json("/api/v1/quotes").await;
    let p = &at.pagination;
    assert_eq!((p.total, p.total_exact, p.total_pages), (10_000, true, 500));
    assert!(
        app.import_batch(&[quoted(10_000)], &options)
            .iter()
            .all(Result::is_ok)
    );
    let past: QuotePage = app.get_json("/api/v1/quotes").await;
    let p = &past.pagination;
    assert_eq!(
        (p.total, p.total_exact, p.total_pages),
        (10_000, false, 500)
    );
    assert_eq!(p.links.last, "/api/v1/quotes?page=500");
    assert_eq!(
        past.data[0].text,
        "Kami siap menghadapi banjir nomor 10000,"
    );
    let last: QuotePage = app.get_json("/api/v1/quotes?page=500").await;
    assert_eq!(last.data.len(), 20);
    let one: QuotePage = app.get_json("/api/v1/articles/kutipan-10000/quotes").await;
    assert_eq!(
        (one.pagination.total, one.pagination.total_exact),
        (1, true)
    );
}

/// After an upgrade that changes what is derived from articles
/// (`search::ANALYZER_VERSION`), a start derives every article again — entities the
/// gazetteer gained since it was written are then found in it — and a start after a
/// stop part-way resumes after the last article it reached.
async fn a_new_analyzer_derives_every_article_again(db: Db) {
    use backend::db::entities::{Derivation, EntityRow, derivation, set_derivation};
    use diesel::prelude::*;
    let app = spawn_app(db).await;
    let editor = app.staff(Role::Editor, "Sari Editor").await;
    let mut input = tests::draft("Rapat Nelayan Pagi Ini");
    input.body = vec![shared::Block::paragraph(
        "Rapat dipimpin Dewi Anggraini dan Budi Santosa.",
    )];
    let article = editor.publish(&editor.create(&input).await).await;
    let named = |article: &Article| {
        let mut slugs: Vec<String> = article.entities.iter().map(|e| e.slug.clone()).collect();
        slugs.sort_unstable();
        slugs
    };
    assert!(named(&article).is_empty(), "{:?}", named(&article));
    let current = backend::search::ANALYZER_VERSION;
    let (mut pooled, desk) = app.connection();
    let conn: &mut backend::db::DbConnection = &mut pooled;
    assert_eq!(
        derivation(conn).expect("the mark"),
        Derivation {
            version: current,
            walking_to: None,
            through: 0
        }
    );
    // Entities written beside the server, as by an upgrade: not looked for yet.
    let entity = |name: &str| EntityRow {
        id: uuid::Uuid::now_v7().to_string(),
        slug: shared::slug::slugify(name),
        name: name.to_owned(),
        kind: "person".to_owned(),
        wikidata: None,
        aliases: serde_json::to_string(&[name]).expect("aliases"),
        origin: "newsroom".to_owned(),
        created_at: desk.now(),
        updated_at: desk.now(),
    };
    backend::db::entities::insert(conn, &entity("Dewi Anggraini")).expect("added");
    let seq: i64 = backend::db::schema::articles::table
        .filter(backend::db::schema::articles::id.eq(article.id.to_string()))
        .select(backend::db::schema::articles::seq)
        .get_result(conn)
        .expect("its number");
    // Stopped part-way through a walk: the articles up to this one are done.
    set_derivation(
        conn,
        &Derivation {
            version: current - 1,
            walking_to: Some(current),
            through: seq,
        },
    )
    .expect("marked");
    let app = app.restart().await;
    let path = format!("/api/v1/articles/{}", article.slug);
    assert!(
        named(&app.get_json(&path).await).is_empty(),
        "done before the stop"
    );
    let done = Derivation {
        version: current,
        walking_to: None,
        through: 0,
    };
    assert_eq!(derivation(conn).expect("the mark"), done);
    // An older version: every article again.
    backend::db::entities::insert(conn, &entity("Budi Santosa")).expect("added");
    set_derivation(
        conn,
        &Derivation {
            version: current - 1,
            walking_to: None,
            through: 0,
        },
    )
    .expect("marked");
    let app = app.restart().await;
    assert_eq!(
        named(&app.get_json(&path).await),
        ["budi-santosa", "dewi-anggraini"]
    );
    assert_eq!(derivation(conn).expect("the mark"), done);
}

both_databases!(
    a_new_analyzer_derives_every_article_again,
    an_entity_within_a_section_is_counted_as_kept,
    a_quote_is_listed_while_its_article_is,
    every_quote_is_counted_to_10000,
    the_numbered_links_migration_keeps_every_link,
    the_seeds_entities_quotes_and_subjects,
    entities_are_listed_and_filter_articles,
    editors_correct_and_extend_recognition,
);
