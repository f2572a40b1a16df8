//! Feeds and sitemaps, read by real consumers: Python's feedparser for RSS, Atom and
//! JSON Feed; Python's XML parser for the sitemaps.

use serde_json::{Value, json};
use shared::newsroom::ArticleInput;
use shared::staff::Role;
use shared::{Block, ErrorCode};
use tests::{Db, assert_problem, both_databases, draft, header, python, spawn_app};

use crate::newsroom;

/// What feedparser makes of a feed: values as text a reader shows (a value feedparser
/// says is HTML, as RSS titles and descriptions are, unescaped after its sanitiser).
const FEEDPARSER: &str = r#"
import html, json, sys, feedparser
# The media type as the server sent it, as a feed reader passes it on.
d = feedparser.parse(sys.stdin.buffer.read(), response_headers={"content-type": "{CT}"})
def text(entry, key):
    detail = entry.get(key + "_detail")
    value = entry.get(key)
    if value is not None and detail is not None and detail.get("type") == "text/html":
        return html.unescape(value)
    return value
print(json.dumps({
    "version": d.version,
    "bozo": bool(d.bozo),
    "error": str(d.get("bozo_exception", "")),
    "title": text(d.feed, "title"),
    "entries": [{
        "title": text(e, "title"),
        "link": e.get("link"),
        "id": e.get("id"),
        "published": e.get("published"),
        "author": e.get("author"),
        "tags": [t.get("label") or t.get("term") for t in e.get("tags", [])],
        "summary": text(e, "summary"),
    } for e in d.entries],
}))
"#;

/// The `loc`s of a sitemap or sitemap index, and the news titles, by an XML parser.
const SITEMAP: &str = r#"
import json, sys
import xml.etree.ElementTree as ET
root = ET.fromstring(sys.stdin.buffer.read())
ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9",
      "n": "http://www.google.com/schemas/sitemap-news/0.9"}
print(json.dumps({
    "root": root.tag,
    "locs": [e.text for e in root.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")],
    "news_titles": [e.text for e in root.iter("{http://www.google.com/schemas/sitemap-news/0.9}title")],
}))
"#;

async fn parsed(app: &tests::TestApp, path: &str, content_type: &str, script: &str) -> Value {
    let response = app.get(path).await;
    assert_eq!(response.status(), 200, "{path}");
    assert_eq!(
        header(response.headers(), "content-type"),
        content_type,
        "{path}"
    );
    assert!(!header(response.headers(), "etag").is_empty());
    let body = response.bytes().await.expect("body");
    python(&script.replace("{CT}", content_type), &body)
}

async fn feeds_parse_in_a_real_reader(db: Db) {
    let app = spawn_app(db).await;
    newsroom(&app);
    let editor = app.staff(Role::Editor, "Sari Editor").await;
    let draft = editor
        .create(&ArticleInput {
            tags: vec!["Korea Selatan".into()],
            byline: Some("Sari Editor".into()),
            body: vec![Block::paragraph("Isi <script>alert(1)</script> berita.")],
            ..draft("Tom & Jerry <b>di</b> \"Seoul\"")
        })
        .await;
    let newest = editor.publish(&draft).await;
    let public: shared::ArticlePage = app.get_json("/api/v1/articles?per_page=100").await;
    assert_eq!(
        public.data.len(),
        5,
        "the seed, three published fixtures, the new one"
    );

    for (format, content_type, version) in [
        ("rss", "application/rss+xml; charset=utf-8", "rss20"),
        ("atom", "application/atom+xml; charset=utf-8", "atom10"),
    ] {
        let feed = parsed(
            &app,
            &format!("/api/v1/feeds/{format}"),
            content_type,
            FEEDPARSER,
        )
        .await;
        assert_eq!(feed["version"], version, "{format}");
        assert_eq!(
            feed["bozo"], false,
            "{format} is well-formed: {}",
            feed["error"]
        );
        assert_eq!(feed["title"], "Global Insight");
        let entries = feed["entries"].as_array().expect("entries");
        // Published articles only, newest first; the draft fixture is not there.
        let titles: Vec<&str> = entries
            .iter()
            .map(|e| e["title"].as_str().unwrap_or(""))
            .collect();
        let expected: Vec<&str> = public.data.iter().map(|a| a.headline.as_str()).collect();
        assert_eq!(titles, expected, "{format}");
        let first = &entries[0];
        // Markup in a headline is text, exactly as written.
        assert_eq!(first["title"], newest.headline);
        assert_eq!(
            first["link"],
            format!("{}/artikel/{}", app.address, newest.slug)
        );
        assert_eq!(first["id"], format!("urn:uuid:{}", newest.id));
        assert_eq!(first["author"], "Sari Editor", "{format}");
        assert!(
            first["tags"]
                .as_array()
                .expect("tags")
                .contains(&json!("Korea Selatan")),
            "{format}: {}",
            first["tags"]
        );
        assert!(first["published"].is_string());
    }

    // JSON Feed: feedparser 6.0 does not read it, so a JSON Schema written from the
    // JSON Feed 1.1 specification (`specs/jsonfeed/`) checks it.
    let response = app.get("/api/v1/feeds/json").await;
    assert_eq!(
        header(response.headers(), "content-type"),
        "application/feed+json"
    );
    let feed: Value = response.json().await.expect("JSON Feed");
    let schema: Value = serde_json::from_str(include_str!(
        "../../../specs/jsonfeed/jsonfeed-1.1.schema.json"
    ))
    .expect("schema");
    let validator = jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("schema compiles");
    let errors: Vec<String> = validator
        .iter_errors(&feed)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "not JSON Feed 1.1: {errors:#?}");
    assert!(
        !validator.is_valid(
            &json!({"version": "https://jsonfeed.org/version/1.1", "title": "x",
                                         "items": [{"id": "1"}]})
        ),
        "an item needs content"
    );
    let items = feed["items"].as_array().expect("items");
    let titles: Vec<&str> = items
        .iter()
        .map(|e| e["title"].as_str().unwrap_or(""))
        .collect();
    let expected: Vec<&str> = public.data.iter().map(|a| a.headline.as_str()).collect();
    assert_eq!(titles, expected);
    assert_eq!(items[0]["id"], format!("urn:uuid:{}", newest.id));
    assert_eq!(items[0]["authors"][0]["name"], "Sari Editor");

    // One section, one tag.
    let ekonomi = parsed(
        &app,
        "/api/v1/feeds/atom?section=ekonomi",
        "application/atom+xml; charset=utf-8",
        FEEDPARSER,
    )
    .await;
    assert_eq!(ekonomi["title"], "Global Insight — Ekonomi");
    assert_eq!(ekonomi["entries"].as_array().map(Vec::len), Some(1));
    let tag = parsed(
        &app,
        "/api/v1/feeds/rss?tag=korea-selatan",
        "application/rss+xml; charset=utf-8",
        FEEDPARSER,
    )
    .await;
    assert_eq!(tag["entries"][0]["title"], newest.headline);
    assert_eq!(tag["entries"].as_array().map(Vec::len), Some(1));

    for (path, status, code, field) in [
        ("/api/v1/feeds/rdf", 404, ErrorCode::NotFound, None),
        (
            "/api/v1/feeds/rss?section=tidak-ada",
            404,
            ErrorCode::NotFound,
            None,
        ),
        (
            "/api/v1/feeds/rss?tag=tidak-ada",
            404,
            ErrorCode::NotFound,
            None,
        ),
        (
            "/api/v1/feeds/rss?section=Bad%20Slug",
            400,
            ErrorCode::InvalidParameter,
            Some("section"),
        ),
        (
            "/api/v1/feeds/rss?limit=5",
            400,
            ErrorCode::UnknownParameter,
            Some("limit"),
        ),
    ] {
        assert_problem(app.get(path).await, status, code, field).await;
    }
}

async fn sitemaps_and_robots(db: Db) {
    let app = spawn_app(db).await;
    newsroom(&app);
    let editor = app.staff(Role::Editor, "Sari Editor").await;
    let today = editor
        .publish(&editor.create(&draft("Berita Hari Ini")).await)
        .await;

    let robots = app.get("/robots.txt").await;
    assert_eq!(robots.status(), 200);
    assert_eq!(
        header(robots.headers(), "content-type"),
        "text/plain; charset=utf-8"
    );
    let robots = robots.text().await.expect("robots.txt");
    assert!(robots.contains("Disallow: /redaksi\n"));
    assert!(robots.contains(&format!("Sitemap: {}/sitemap.xml", app.address)));

    let xml = "application/xml; charset=utf-8";
    let index = parsed(&app, "/sitemap.xml", xml, SITEMAP).await;
    assert_eq!(
        index["root"],
        "{http://www.sitemaps.org/schemas/sitemap/0.9}sitemapindex"
    );
    assert_eq!(
        index["locs"],
        json!([
            format!("{}/sitemaps/news.xml", app.address),
            format!("{}/sitemaps/articles.xml?page=1", app.address),
        ])
    );
    let articles = parsed(&app, "/sitemaps/articles.xml", xml, SITEMAP).await;
    let locs = articles["locs"].as_array().expect("locs");
    assert_eq!(locs.len(), 5, "every published article, no draft");
    assert_eq!(locs[0], format!("{}/artikel/{}", app.address, today.slug));
    // Google News: only what was published in the last 48 hours.
    let news = parsed(&app, "/sitemaps/news.xml", xml, SITEMAP).await;
    assert_eq!(
        news["locs"],
        json!([format!("{}/artikel/{}", app.address, today.slug)])
    );
    assert_eq!(news["news_titles"], json!(["Berita Hari Ini"]));
    let page_two = parsed(&app, "/sitemaps/articles.xml?page=2", xml, SITEMAP).await;
    assert_eq!(page_two["locs"], json!([]));
    assert_problem(
        app.get("/sitemaps/articles.xml?page=0").await,
        400,
        ErrorCode::InvalidParameter,
        Some("page"),
    )
    .await;
}

/// A sitemap page holds 2,000 addresses (WordPress's number; the protocol allows
/// 50,000): the 2,001st public article opens a second page, and the page past the
/// first starts where the first ended, whatever month it falls in.
async fn a_full_sitemap_page_and_the_next(db: Db) {
    let app = spawn_app(db).await;
    newsroom(&app);
    let editor = app.staff(Role::Editor, "Sari Editor").await;
    let story = editor
        .publish(&editor.create(&draft("Berita Asal")).await)
        .await;
    // Copies of the story under new ids and slugs, written straight into the table
    // (2,000 through the API would take long); the public ones before them are the
    // seed's and the newsroom's.
    let (mut conn, desk) = app.connection();
    let before = backend::domain::articles::count_public(&mut conn, desk.now()).expect("counted");
    let copies = 2_000 - before;
    let columns = "language, headline, headline_derived, standfirst, dateline_text, \
        dateline_city, dateline_country, byline, section_id, body, word_count, \
        reading_time_minutes, status, first_published_at, published_at, created_at, \
        updated_at, version, created_by, deleted_at, review_requested_at, urgency";
    {
        use diesel::RunQueryDsl as _;
        diesel::sql_query(format!(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {copies}) \
             INSERT INTO articles (id, slug, {columns}) \
             SELECT a.id || '-' || n.i, a.slug || '-' || n.i, {columns} \
             FROM articles a CROSS JOIN n WHERE a.id = '{}'",
            story.id
        ))
        .execute(&mut **conn)
        .expect("copies written");
    }
    drop(conn);
    let xml = "application/xml; charset=utf-8";
    let index = parsed(&app, "/sitemap.xml", xml, SITEMAP).await;
    assert_eq!(
        index["locs"],
        json!([
            format!("{}/sitemaps/news.xml", app.address),
            format!("{}/sitemaps/articles.xml?page=1", app.address),
        ]),
        "2,000 public articles fill one page"
    );
    let full = parsed(&app, "/sitemaps/articles.xml?page=1", xml, SITEMAP).await;
    assert_eq!(full["locs"].as_array().map(Vec::len), Some(2_000));

    editor
        .publish(&editor.create(&draft("Berita Terakhir")).await)
        .await;
    let index = parsed(&app, "/sitemap.xml", xml, SITEMAP).await;
    assert_eq!(
        index["locs"][2],
        json!(format!("{}/sitemaps/articles.xml?page=2", app.address))
    );
    let full = parsed(&app, "/sitemaps/articles.xml?page=1", xml, SITEMAP).await;
    let locs = full["locs"].as_array().expect("locs");
    assert_eq!(locs.len(), 2_000);
    assert!(
        locs[0]
            .as_str()
            .is_some_and(|loc| loc.contains("berita-terakhir")),
        "newest first: {}",
        locs[0]
    );
    let next = parsed(&app, "/sitemaps/articles.xml?page=2", xml, SITEMAP).await;
    assert_eq!(next["locs"].as_array().map(Vec::len), Some(1), "the oldest");
}

both_databases!(
    feeds_parse_in_a_real_reader,
    sitemaps_and_robots,
    a_full_sitemap_page_and_the_next
);
