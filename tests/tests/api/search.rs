//! `GET /api/v1/search`: Indonesian and English stemming, operators, phrases, filters,
//! ranking, highlights, an index that follows every change, and a query language that
//! forgives what readers type — the same on SQLite and PostgreSQL, from the search
//! engine made from either.

use serde_json::{Value, json};
use shared::staff::Role;
use shared::{ArticleStatus, ErrorCode, SearchPage};
use tests::{Db, TestApp, assert_problem, both_databases, filed, spawn_app};

use crate::newsroom;

async fn search(app: &TestApp, query: &str) -> SearchPage {
    app.get_json(&format!("/api/v1/search?{query}")).await
}

fn headlines(page: &SearchPage) -> Vec<&str> {
    page.data
        .iter()
        .map(|h| h.article.headline.as_str())
        .collect()
}

fn article(headline: &str, language: &str, paragraphs: &[&str]) -> Value {
    let body: Vec<Value> = paragraphs
        .iter()
        .map(|p| json!({"type": "paragraph", "text": p}))
        .collect();
    json!({"headline": headline, "section": "internasional", "language": language,
           "byline": "Tim Global Insight", "body": body})
}

const SEED: &str = "Hubungan antara Korea Utara dan Rusia menunjukkan peningkatan signifikan dalam beberapa bulan terakhir";

async fn other_forms_of_a_word_are_found(db: Db) {
    let app = spawn_app(db).await;
    newsroom(&app);
    let editor = app.staff_token(Role::Editor, "Sari Editor").await;
    let draft = app
        .create_article(
            &editor,
            &article(
                "Latihan <b>gabungan</b> & patroli",
                "id",
                &["Penguatan pertahanan pantai dibahas para menteri."],
            ),
        )
        .await;
    app.publish(&editor, &draft).await;

    // `kuat`: the seed's "Kuat" and "Menguatkan", the new article's "Penguatan", the
    // economy story's "Menguat".
    let page = search(&app, "q=kuat").await;
    let mut found = headlines(&page);
    found.sort_unstable();
    assert_eq!(
        found,
        [
            SEED,
            "Latihan <b>gabungan</b> & patroli",
            "Rupiah Menguat terhadap Dolar"
        ]
    );
    assert_eq!(page.pagination.total, 3);
    for form in ["menguatkan", "penguatan", "kekuatan", "diperkuat"] {
        let page = search(&app, &format!("q={form}")).await;
        assert_eq!(page.pagination.total, 3, "{form} finds what kuat finds");
    }

    let hit = search(&app, "q=penguatan+pantai").await;
    assert_eq!(headlines(&hit), ["Latihan <b>gabungan</b> & patroli"]);
    let highlights = &hit.data[0].highlights;
    assert_eq!(
        highlights.headline, "Latihan &lt;b&gt;gabungan&lt;/b&gt; &amp; patroli",
        "the headline is escaped; nothing in it matched"
    );
    assert_eq!(
        highlights.snippet,
        "<mark>Penguatan</mark> pertahanan <mark>pantai</mark> dibahas para menteri."
    );

    // The seed's quote, marked on the words as written.
    let found = search(&app, "q=menguatkan&lang=id").await;
    let seed = found
        .data
        .iter()
        .find(|h| h.article.headline == SEED)
        .expect("the seed is found");
    assert!(
        seed.highlights
            .snippet
            .contains("<mark>Kuat</mark>: Kim dan Putin Saling <mark>Menguatkan</mark>"),
        "{}",
        seed.highlights.snippet
    );

    // English copy is stemmed as English: "budgets" finds "Budget", "approving" "approved".
    let english = search(&app, "q=budgets+approving").await;
    assert_eq!(headlines(&english), ["Japan Raises Defence Budget"]);
    assert_eq!(
        english.data[0].highlights.headline,
        "Japan Raises Defence <mark>Budget</mark>"
    );
}

async fn operators_phrases_and_filters(db: Db) {
    let app = spawn_app(db).await;
    newsroom(&app);
    const PUTIN: &str = "Putin Terima Delegasi Korea Utara di Moskow";
    const TOKYO: &str = "Japan Raises Defence Budget";

    let phrase = search(&app, "q=%22kerja+sama+energi%22").await;
    assert_eq!(headlines(&phrase), [PUTIN]);
    let words_out_of_order = search(&app, "q=%22energi+kerja+sama%22").await;
    assert_eq!(
        words_out_of_order.pagination.total, 0,
        "a phrase keeps its order"
    );

    // "Tokyo" is only in the dateline, which is searched too.
    let either = search(&app, "q=tokyo+OR+moskow&order=newest").await;
    assert_eq!(headlines(&either), [PUTIN, TOKYO, SEED]);
    let excluded = search(&app, "q=(tokyo+OR+moskow)+-lavrov&order=newest").await;
    assert_eq!(headlines(&excluded), [TOKYO, SEED]);
    let excluded = search(
        &app,
        "q=(tokyo+OR+moskow)+NOT+%22sergei+lavrov%22&order=newest",
    )
    .await;
    assert_eq!(headlines(&excluded), [TOKYO, SEED]);
    let both = search(&app, "q=putin+AND+kremlin").await;
    assert_eq!(headlines(&both), [PUTIN]);

    // The list's filters apply.
    let putin = search(&app, "q=putin").await;
    assert_eq!(putin.pagination.total, 2, "the seed and the Moscow story");
    let by_tag = search(&app, "q=putin&tag=rusia").await;
    assert_eq!(headlines(&by_tag), [PUTIN]);
    let by_date = search(&app, "q=putin&from=2025-08-01&to=2025-08-31").await;
    assert_eq!(headlines(&by_date), [PUTIN]);
    let by_section = search(&app, "q=putin&section=ekonomi").await;
    assert_eq!(by_section.pagination.total, 0);
    let english_only = search(&app, "q=defence+OR+putin&lang=en").await;
    assert_eq!(headlines(&english_only), [TOKYO]);

    // Pages, with links that keep the query.
    let first = search(&app, "q=putin&per_page=1&order=oldest").await;
    assert_eq!(headlines(&first), [SEED]);
    assert_eq!(first.pagination.total_pages, 2);
    let next = first.pagination.links.next.clone().expect("a next page");
    assert!(
        next.contains("q=putin") && next.contains("page=2"),
        "{next}"
    );
    let second: SearchPage = app.get_json(&next).await;
    assert_eq!(headlines(&second), [PUTIN]);

    // A draft is never found.
    let draft = search(&app, "q=embargo+OR+rahasia&fields=status").await;
    assert!(
        draft
            .data
            .iter()
            .all(|h| h.article.status == Some(ArticleStatus::Published)),
        "{:?}",
        headlines(&draft)
    );
}

/// Relevance: a headline match outranks a body match, and age weighs a match down.
async fn relevance_weighs_fields_and_age(db: Db) {
    let app = spawn_app(db).await;
    let editor = app.staff_token(Role::Editor, "Sari Editor").await;
    // Old copy that says "banjir" three times.
    app.import(
        "banjir-lama.txt",
        "Judul: Banjir Besar Landa Kota Banjir\n10 Januari 2024\nPenulis: Redaksi Global Insight\n\
         Jakarta, Indonesia — Banjir kembali merendam kota. Warga mengungsi.\n",
        &filed("internasional", "id", ArticleStatus::Published),
    );
    let body_only = app
        .create_article(
            &editor,
            &article(
                "Cuaca Ekstrem Pekan Ini",
                "id",
                &["Hujan deras memicu banjir di pesisir."],
            ),
        )
        .await;
    app.publish(&editor, &body_only).await;
    let headline = app
        .create_article(
            &editor,
            &article(
                "Banjir Rob di Pesisir Utara",
                "id",
                &["Air laut naik sore ini."],
            ),
        )
        .await;
    app.publish(&editor, &headline).await;

    let ranked = search(&app, "q=banjir").await;
    assert_eq!(
        headlines(&ranked),
        [
            "Banjir Rob di Pesisir Utara",
            "Cuaca Ekstrem Pekan Ini",
            "Banjir Besar Landa Kota Banjir"
        ],
        "headline over body; the older article, though it says it most, last"
    );
    let scores: Vec<f64> = ranked.data.iter().map(|h| h.score).collect();
    assert!(
        scores.windows(2).all(|w| w[0] >= w[1]) && scores[2] > 0.0,
        "{scores:?}"
    );
    let oldest = search(&app, "q=banjir&order=oldest").await;
    assert_eq!(headlines(&oldest)[0], "Banjir Besar Landa Kota Banjir");
}

/// The index changes with the article, in the same transaction: publication,
/// edits, unpublication.
async fn the_index_follows_every_change(db: Db) {
    let app = spawn_app(db).await;
    let editor = app.staff_token(Role::Editor, "Sari Editor").await;
    let draft = app
        .create_article(
            &editor,
            &article("Kapal Selam Baru", "id", &["Armada bertambah."]),
        )
        .await;
    assert_eq!(
        search(&app, "q=kapal+selam").await.pagination.total,
        0,
        "a draft"
    );
    let published = app.publish(&editor, &draft).await;
    assert_eq!(search(&app, "q=kapal+selam").await.pagination.total, 1);

    let edited = app
        .client
        .put(app.url(&format!("/api/v1/newsroom/articles/{}", published.id)))
        .bearer_auth(&editor)
        .header("If-Match", format!("\"v{}\"", published.version))
        .json(&article("Kapal Induk Baru", "id", &["Armada bertambah."]))
        .send()
        .await
        .expect("response");
    assert_eq!(edited.status(), 200);
    let edited: shared::Article = edited.json().await.expect("article");
    assert_eq!(
        search(&app, "q=selam").await.pagination.total,
        0,
        "the old word is gone"
    );
    assert_eq!(search(&app, "q=induk").await.pagination.total, 1);

    let unpublished = app
        .client
        .post(app.url(&format!(
            "/api/v1/newsroom/articles/{}/unpublish",
            edited.id
        )))
        .bearer_auth(&editor)
        .header("If-Match", format!("\"v{}\"", edited.version))
        .send()
        .await
        .expect("response");
    assert_eq!(unpublished.status(), 200);
    assert_eq!(search(&app, "q=induk").await.pagination.total, 0);
}

/// Like a search box, the query language forgives what readers type; only an empty or
/// overlong query is refused.
async fn what_readers_type_is_forgiven_and_only_empty_queries_refused(db: Db) {
    let app = spawn_app(db).await;
    for q in [
        "%22korea+utara",
        "(rusia",
        "rusia)",
        "()+rusia",
        "rusia+OR",
        "OR+rusia",
        "rusia+AND",
        "rusia+NOT",
        "rusia+OR+-ukrainian",
        "rusia+--",
    ] {
        let page = search(&app, &format!("q={q}")).await;
        assert_eq!(headlines(&page), [SEED], "{q}");
    }
    // Nothing to look for: found nothing, said with a 200.
    for q in ["AND", "NOT+rusia", "-rusia", "yang+dan", "*", "%00", "()"] {
        let page = search(&app, &format!("q={q}")).await;
        assert_eq!(page.pagination.total, 0, "{q}");
    }
    for q in ["", "+++"] {
        let response = app.get(&format!("/api/v1/search?q={q}")).await;
        let problem = assert_problem(response, 400, ErrorCode::InvalidQuery, Some("q")).await;
        assert!(!problem.detail.is_empty(), "{q}");
    }
    let too_long = format!("/api/v1/search?q={}", "a".repeat(501));
    assert_problem(
        app.get(&too_long).await,
        400,
        ErrorCode::InvalidQuery,
        Some("q"),
    )
    .await;
    assert_problem(
        app.get("/api/v1/search").await,
        400,
        ErrorCode::InvalidParameter,
        Some("q"),
    )
    .await;
    assert_problem(
        app.get("/api/v1/search?q=rusia&sort=asc").await,
        400,
        ErrorCode::UnknownParameter,
        Some("sort"),
    )
    .await;
    assert_problem(
        app.get("/api/v1/search?q=rusia&order=best").await,
        400,
        ErrorCode::InvalidParameter,
        Some("order"),
    )
    .await;

    // Database query syntax is only ever text to look for.
    for q in [
        "NEAR(rusia+korea)",
        "headline:rusia",
        "rusia*",
        "%5Erusia",
        "'rusia'+%26+!korea",
        "rusia%27%3B+DROP+TABLE+articles%3B",
        "%F0%9F%87%B7%F0%9F%87%BA+rusia",
        "%E2%80%9Ckerja+sama%E2%80%9D",
    ] {
        let response = app.get(&format!("/api/v1/search?q={q}")).await;
        assert_eq!(response.status(), 200, "{q}");
    }
    assert_eq!(
        search(&app, "q=rusia*").await.pagination.total,
        1,
        "the seed"
    );

    // Dates past what the engine's index holds (1677–2262) are still only bounds.
    for (bounds, total) in [
        ("from=9999-12-31", 0),
        ("to=0001-01-01", 0),
        ("from=0001-01-01&to=9999-12-31", 1),
    ] {
        let page = search(&app, &format!("q=rusia&{bounds}")).await;
        assert_eq!(page.pagination.total, total, "{bounds}");
    }
}

/// A phrase is in one field: the headline's last word and the body's first are not
/// neighbours.
async fn a_phrase_stays_in_one_field(db: Db) {
    let app = spawn_app(db).await;
    newsroom(&app);
    let editor = app.staff(Role::Editor, "Sari Editor").await;
    let article = editor
        .published("Banjir Rob Landa Pesisir Jakarta", "internasional")
        .await;
    assert!(
        article.body_text.starts_with("Isi"),
        "{}",
        article.body_text
    );
    let found = search(&app, "q=%22pesisir+jakarta%22").await;
    assert_eq!(found.pagination.total, 1);
    let across = search(&app, "q=%22jakarta+isi%22").await;
    assert_eq!(across.pagination.total, 0);
}

/// While the search index is being made from the archive (at a first start on a large
/// one, or after an upgrade that changes the index), a search is answered 503 with
/// `Retry-After` — the API's and the reader's search page alike (`search_page`) — and
/// the same search is answered once it is made.
async fn a_search_waits_for_the_index_to_be_made(db: Db) {
    use actix_web::ResponseError as _;
    use backend::domain::indexing::SearchIndex;
    use backend::domain::search::Searching;
    let app = spawn_app(db).await;
    newsroom(&app);
    let (mut conn, desk) = app.connection();
    let index = std::sync::Arc::new(SearchIndex::in_memory(2_000).expect("an index"));
    let searching = Searching {
        recency_days: 30,
        index: index.clone(),
    };
    let query = backend::http::query::Query::parse("q=putin").expect("a query");
    let ask = |conn: &mut backend::db::DbConnection| {
        backend::http::search::search_page(conn, desk, &searching, "/api/v1/search", &query)
    };
    let response = ask(&mut conn).expect_err("not made yet").error_response();
    assert_eq!(response.status(), 503);
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    assert_eq!(header("retry-after").as_deref(), Some("30"));
    assert_eq!(
        header("content-type").as_deref(),
        Some("application/problem+json")
    );
    let body = actix_web::body::to_bytes(response.into_body())
        .await
        .expect("the body");
    let problem: shared::Problem = serde_json::from_slice(&body).expect("a problem");
    assert_eq!(problem.code, ErrorCode::ServiceUnavailable);
    index
        .prepare(&mut conn, desk.now(), &mut |_, _| {})
        .expect("made");
    let (page, ..) = ask(&mut conn).expect("answered");
    let served = search(&app, "q=putin").await;
    assert!(served.pagination.total > 0);
    assert_eq!(page.pagination.total, served.pagination.total);
}

/// `facets=` counts all the matches — not only the page — by section, language, year
/// and entity, with the names readers see; a facet that is not one is refused, naming
/// `facets`.
async fn facets_count_every_match(db: Db) {
    let app = spawn_app(db).await;
    newsroom(&app);
    let query = "q=putin+OR+defence&per_page=1&facets=section,lang,year,entity";
    let page = search(&app, query).await;
    assert_eq!(page.data.len(), 1);
    let facets = page.facets.clone().expect("facets");
    let counts = |list: &Option<Vec<shared::FacetCount>>| -> Vec<(String, String, u64)> {
        list.iter()
            .flatten()
            .map(|c| (c.value.clone(), c.name.clone(), c.count))
            .collect()
    };
    assert_eq!(
        counts(&facets.lang),
        [
            ("id".to_owned(), "id".to_owned(), 2),
            ("en".to_owned(), "en".to_owned(), 1)
        ]
    );
    let sections: u64 = facets.section.iter().flatten().map(|c| c.count).sum();
    assert_eq!(
        sections, page.pagination.total,
        "every match has one section"
    );
    assert!(
        counts(&facets.section)
            .iter()
            .any(|(value, name, _)| value == "internasional" && name == "Internasional"),
        "{facets:?}"
    );
    let years: Vec<String> = facets
        .year
        .iter()
        .flatten()
        .map(|c| c.value.clone())
        .collect();
    let mut newest_first = years.clone();
    newest_first.sort_unstable_by(|a, b| b.cmp(a));
    assert_eq!(years, newest_first);
    let putin = facets
        .entity
        .iter()
        .flatten()
        .find(|c| c.value == "vladimir-putin")
        .expect("Putin is named");
    assert_eq!((putin.name.as_str(), putin.count), ("Vladimir Putin", 2));
    assert!(
        page.pagination
            .links
            .next
            .expect("a next page")
            .contains("facets=")
    );

    // Asked for nothing, there are none; asked with nothing to look for, empty lists.
    assert!(search(&app, "q=putin").await.facets.is_none());
    let nothing = search(&app, "q=yang&facets=lang").await;
    assert_eq!(nothing.facets.and_then(|f| f.lang), Some(vec![]));

    for bad in ["facets=colour", "facets=section,section", "facets="] {
        let response = app.get(&format!("/api/v1/search?q=putin&{bad}")).await;
        assert_problem(response, 400, ErrorCode::InvalidParameter, Some("facets")).await;
    }
}

/// A scheduled article is found the moment it is due, though nothing was written then;
/// a deleted one is gone at once.
async fn the_index_follows_the_clock_and_deletion(db: Db) {
    let app = TestApp::builder(db).manual_clock().spawn().await;
    // To the nanosecond: the schedule is kept to the microsecond, as the clock is.
    let start = chrono::Utc::now();
    app.set_clock(start);
    let editor = app.staff(Role::Editor, "Sari Editor").await;
    let draft = editor
        .create(&tests::draft("Gerhana Bulan Total Malam Ini"))
        .await;
    let scheduled = editor
        .schedule(&draft, (start + chrono::Duration::hours(1)).fixed_offset())
        .await;
    assert_eq!(search(&app, "q=gerhana").await.pagination.total, 0);
    app.set_clock(start + chrono::Duration::hours(1));
    let found = search(&app, "q=gerhana").await;
    assert_eq!(headlines(&found), ["Gerhana Bulan Total Malam Ini"]);

    editor.bin(&scheduled).await;
    assert_eq!(search(&app, "q=gerhana").await.pagination.total, 0);
}

/// The index resumes from the change-log entry its last commit names — what was
/// committed to the database after it (a crash before the index's commit) is indexed on
/// the next start — and an index made from another database is made again.
async fn the_index_resumes_where_it_stopped(db: Db) {
    use backend::domain::indexing::SearchIndex;
    let app = spawn_app(db).await;
    newsroom(&app);
    let dir = tempfile::tempdir().expect("a folder");
    let (mut conn, desk) = app.connection();
    {
        let index = SearchIndex::open(dir.path(), 1_000).expect("an index");
        index
            .prepare(&mut conn, desk.now(), &mut |_, _| {})
            .expect("made");
        assert!(index.engine().len() >= 3);
    }
    // Committed while no index was open.
    app.import(
        "banjir.txt",
        "Judul: Banjir Rob Landa Pesisir\n10 Januari 2026\nPenulis: Redaksi Global Insight\n\
         Jakarta, Indonesia — Banjir rob merendam pesisir utara.\n",
        &filed("internasional", "id", ArticleStatus::Published),
    );
    let index = SearchIndex::open(dir.path(), 1_000).expect("the index again");
    assert!(
        index.resume(&mut conn).expect("read"),
        "resumed, not made again"
    );
    assert!(index.catch_up(&mut conn, desk, 1_000).expect("caught up"));
    let query =
        backend::search::query::SearchQuery::parse("banjir", &backend::search::Analyzer::ALL)
            .expect("a query")
            .expect("words");
    let found = |index: &SearchIndex| {
        index
            .engine()
            .search(
                &query,
                &Default::default(),
                backend::search::engine::Ranking::Newest,
                10,
                0,
                &[],
            )
            .expect("searched")
            .total
            .count
    };
    assert_eq!(found(&index), 1);
    drop(index);

    // Another database: the index is not taken for its own.
    let other = spawn_app(db).await;
    let (mut conn, desk) = other.connection();
    let index = SearchIndex::open(dir.path(), 1_000).expect("the index again");
    assert!(!index.resume(&mut conn).expect("read"));
    index
        .prepare(&mut conn, desk.now(), &mut |_, _| {})
        .expect("made again");
    assert_eq!(found(&index), 0, "the other database's article is gone");
}

/// `fields=entities,subjects,corrections` gives each hit what the article itself shows of
/// them; without `fields` a hit has none of them (a search page reads them only when
/// asked).
async fn fields_add_what_the_article_shows(db: Db) {
    let app = spawn_app(db).await;
    newsroom(&app);
    let editor = app.staff(Role::Editor, "Sari Editor").await;
    let draft = app
        .create_article(
            &editor.token,
            &article(
                "Putin menerima Kim di Moskow",
                "id",
                &["Presiden Vladimir Putin menerima Kim Jong Un di Moskow, Rusia."],
            ),
        )
        .await;
    let published = editor.publish(&draft).await;
    editor
        .correct(&published, "Pertemuan itu di Moskow, bukan di Vladivostok.")
        .await;
    let shown: shared::Article = app
        .get_json(&format!("/api/v1/articles/{}", published.slug))
        .await;
    assert!(
        !shown.entities.is_empty() && !shown.corrections.is_empty(),
        "{shown:?}"
    );

    let plain = search(&app, "q=menerima+kim").await;
    assert_eq!(headlines(&plain), ["Putin menerima Kim di Moskow"]);
    let hit = &plain.data[0].article;
    assert_eq!(
        (&hit.entities, &hit.subjects, &hit.corrections),
        (&None, &None, &None)
    );
    let full = search(&app, "q=menerima+kim&fields=entities,subjects,corrections").await;
    let hit = &full.data[0].article;
    assert_eq!(hit.entities.as_ref(), Some(&shown.entities));
    assert_eq!(hit.subjects.as_ref(), Some(&shown.subjects));
    assert_eq!(hit.corrections.as_ref(), Some(&shown.corrections));
    // Each asked alone brings only itself.
    let entities = search(&app, "q=menerima+kim&fields=entities").await;
    let hit = &entities.data[0].article;
    assert_eq!(hit.entities.as_ref(), Some(&shown.entities));
    assert_eq!((&hit.subjects, &hit.corrections), (&None, &None));
}

/// The engine counts matches one by one up to 10,000 and then says "at least"
/// (`total_exact: false`), with pages and links that reach that far; one word, facets
/// (and so the reader's search page) and an order by time count exactly past it. Its
/// pages stop at the 100th (with `per_page` at most 100, the first 10,000 matches); a
/// page past it is refused, naming `page`.
async fn the_count_is_exact_to_10000_and_at_least_past_it(db: Db) {
    let app = spawn_app(db).await;
    let options = filed("internasional", "id", ArticleStatus::Published);
    let files: Vec<(String, String)> = (0..=10_000)
        .map(|n| {
            let body = if n == 0 {
                "Hujan dan gempa."
            } else {
                "Hujan deras."
            };
            (
                format!("banjir-{n}.txt"),
                format!("Judul: Banjir {n}\n13 Juli 2025\nJakarta — {body}"),
            )
        })
        .collect();
    assert!(app.import_batch(&files, &options).iter().all(Result::is_ok));
    // Started again, so the engine is made from the database before it answers.
    let app = app.restart_with(|_| {}).await;
    let at_the_bound = search(&app, "q=banjir+hujan+-gempa").await;
    let p = &at_the_bound.pagination;
    assert_eq!((p.total, p.total_exact, p.total_pages), (10_000, true, 100));
    let past = app.get("/api/v1/search?q=banjir+hujan").await;
    let link = tests::header(past.headers(), "link");
    let past: SearchPage = past.json().await.expect("a page");
    let p = &past.pagination;
    assert_eq!(
        (p.total, p.total_exact, p.total_pages),
        (10_000, false, 100)
    );
    assert_eq!(p.links.last, "/api/v1/search?q=banjir+hujan&page=100");
    assert!(
        link.contains("</api/v1/search?q=banjir+hujan&page=100>; rel=\"last\""),
        "{link}"
    );
    assert_eq!(past.data.len(), 20);
    for exact in [
        "q=banjir",
        "q=banjir+hujan&facets=lang",
        "q=banjir+hujan&order=newest",
    ] {
        let p = search(&app, exact).await.pagination;
        assert_eq!((p.total, p.total_exact), (10_001, true), "{exact}");
        // Its pages stop at the 100th.
        assert_eq!(p.total_pages, 100, "{exact}");
        assert!(p.links.last.ends_with("page=100"), "{exact}");
    }
    // The last page, full, with no next; past it refused, naming `page`.
    let last = search(&app, "q=banjir+hujan&page=100").await;
    assert_eq!(last.data.len(), 20);
    assert!(!last.pagination.total_exact);
    assert_eq!(last.pagination.links.next, None);
    for past in ["q=banjir&page=101", "q=banjir&page=101&per_page=1"] {
        let response = app.get(&format!("/api/v1/search?{past}")).await;
        assert_problem(response, 400, ErrorCode::InvalidParameter, Some("page")).await;
    }
    // At 100 a page, the 100th holds the 10,000th match.
    let deepest = search(&app, "q=banjir&page=100&per_page=100").await;
    assert_eq!(
        (deepest.data.len(), deepest.pagination.total_pages),
        (100, 100)
    );
    // The reader's search page asks for the facets of its filters, so it counts every
    // match, 10,001, in the 100 pages it reaches.
    for (path, pages) in [
        ("/cari?q=banjir+hujan", "Halaman 1 dari 100<"),
        ("/cari?q=banjir", "Halaman 1 dari 100<"),
    ] {
        let response = app.get(path).await;
        assert_eq!(response.status(), 200, "{path}");
        let html = response.text().await.expect("the page");
        assert!(html.contains(pages), "{path}: {html}");
    }
}

both_databases!(
    the_count_is_exact_to_10000_and_at_least_past_it,
    facets_count_every_match,
    fields_add_what_the_article_shows,
    a_phrase_stays_in_one_field,
    a_search_waits_for_the_index_to_be_made,
    the_index_follows_the_clock_and_deletion,
    the_index_resumes_where_it_stopped,
    other_forms_of_a_word_are_found,
    operators_phrases_and_filters,
    relevance_weighs_fields_and_age,
    the_index_follows_every_change,
    what_readers_type_is_forgiven_and_only_empty_queries_refused,
);
