//! Public answers kept in memory (`http.response_cache_mb`): sent again until the
//! content changes — at once after this server's own writes and when a scheduled
//! article comes due, within `http.cache_revalidate_ms` after another instance's.

use std::time::Duration;

use diesel::connection::SimpleConnection as _;
use serde_json::json;
use shared::staff::Role;
use shared::{Article, ArticlePage};
use tests::{Db, TestApp, both_databases, header};

use crate::webhooks::publish_new;

const AN_HOUR_MS: u64 = 3_600_000;

fn kept_for_an_hour(settings: &mut backend::Settings) {
    settings.http.cache_revalidate_ms = AN_HOUR_MS;
}

/// A write as another instance makes it: committed to the database (counted in
/// `content_version`, as every write transaction is), not by this process.
fn written_elsewhere(app: &TestApp, slug: &str, headline: &str) {
    let pool =
        backend::db::connect(&app.database_url, 1, Duration::from_secs(5)).expect("database");
    let mut conn = pool.get().expect("connection");
    conn.batch_execute(&format!(
        "UPDATE articles SET headline = '{headline}' WHERE slug = '{slug}'; \
         UPDATE content_version SET counter = counter + 1"
    ))
    .expect("written");
}

/// `response_cache_answers_total{source}` from `/metrics`.
async fn answers(app: &TestApp, source: &str) -> u64 {
    let text = app.get("/metrics").await.text().await.expect("metrics");
    let prefix = format!("response_cache_answers_total{{source=\"{source}\"}} ");
    text.lines()
        .find_map(|line| line.strip_prefix(prefix.as_str()))
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("{prefix} in:\n{text}"))
}

async fn newest_headline(app: &TestApp) -> String {
    let page: ArticlePage = app.get_json("/api/v1/articles?per_page=5").await;
    page.data[0].headline.clone()
}

async fn own_writes_are_served_at_once(db: Db) {
    let app = TestApp::builder(db)
        .configure(kept_for_an_hour)
        .spawn()
        .await;
    let editor = app.staff_token(Role::Editor, "Sari Editor").await;
    let article = publish_new(&app, &editor, "Kabar Pertama Hari Ini").await;
    let path = format!("/api/v1/articles/{}", article.slug);

    let first = app.get(&path).await;
    let etag = header(first.headers(), "etag");
    let body = first.bytes().await.expect("body");
    // The second time from memory.
    let kept = answers(&app, "kept").await;
    let again = app.get(&path).await;
    assert_eq!(header(again.headers(), "etag"), etag);
    assert_eq!(
        again.bytes().await.expect("body"),
        body,
        "the same bytes again"
    );
    assert_eq!(answers(&app, "kept").await, kept + 1);
    assert_eq!(newest_headline(&app).await, "Kabar Pertama Hari Ini");
    // A search is kept too: the same words asked again are answered from memory.
    assert_eq!(searched(&app).await, ["Kabar Pertama Hari Ini"]);
    let kept = answers(&app, "kept").await;
    assert_eq!(searched(&app).await, ["Kabar Pertama Hari Ini"]);
    assert_eq!(answers(&app, "kept").await, kept + 1);

    // Kept answers do not outlive a change made through this server, however long
    // they may otherwise be kept.
    let response = app
        .client
        .put(app.url(&format!("/api/v1/newsroom/articles/{}", article.id)))
        .bearer_auth(&editor)
        .header("If-Match", format!("\"v{}\"", article.version))
        .json(
            &json!({"headline": "Kabar Pertama, Diperbarui", "section": "internasional",
                      "language": "id", "byline": "Tim Global Insight",
                      "body": [{"type": "paragraph", "text": "Isi."}]}),
        )
        .send()
        .await
        .expect("answers");
    assert_eq!(response.status(), 200);
    let updated: Article = app.get_json(&path).await;
    assert_eq!(updated.headline, "Kabar Pertama, Diperbarui");
    assert_eq!(newest_headline(&app).await, "Kabar Pertama, Diperbarui");
    assert_eq!(searched(&app).await, ["Kabar Pertama, Diperbarui"]);
    let revalidated = app.get_with(&path, &[("If-None-Match", &etag)]).await;
    assert_eq!(revalidated.status(), 200, "the old ETag no longer matches");

    // Deleted: gone from the list and the article at once.
    let response = app
        .client
        .delete(app.url(&format!("/api/v1/newsroom/articles/{}", article.id)))
        .bearer_auth(&editor)
        .header("If-Match", format!("\"v{}\"", updated.version))
        .send()
        .await
        .expect("answers");
    assert_eq!(response.status(), 200);
    assert_eq!(app.get(&path).await.status(), 404);
    assert_ne!(newest_headline(&app).await, "Kabar Pertama, Diperbarui");
    assert!(searched(&app).await.is_empty(), "not found once deleted");
}

/// The headlines a search for `pertama` finds.
async fn searched(app: &TestApp) -> Vec<String> {
    let page: shared::SearchPage = app.get_json("/api/v1/search?q=pertama").await;
    page.data
        .into_iter()
        .map(|hit| hit.article.headline)
        .collect()
}

async fn other_instances_writes_are_seen_within_the_revalidation_time(db: Db) {
    let lazy = TestApp::builder(db)
        .configure(kept_for_an_hour)
        .spawn()
        .await;
    let eager = lazy
        .restart_with(|settings| settings.http.cache_revalidate_ms = 0)
        .await;
    let editor = lazy.staff_token(Role::Editor, "Sari Editor").await;
    let article = publish_new(&lazy, &editor, "Sebelum Perubahan").await;
    let path = format!("/api/v1/articles/{}", article.slug);
    for app in [&lazy, &eager] {
        assert_eq!(
            app.get_json::<Article>(&path).await.headline,
            "Sebelum Perubahan"
        );
        assert_eq!(newest_headline(app).await, "Sebelum Perubahan");
    }

    written_elsewhere(&lazy, &article.slug, "Sesudah Perubahan");
    // Revalidating every time: seen at once, though nothing of this process wrote.
    assert_eq!(
        eager.get_json::<Article>(&path).await.headline,
        "Sesudah Perubahan"
    );
    assert_eq!(newest_headline(&eager).await, "Sesudah Perubahan");
    // Within its hour, the other server still sends what it kept: the answers really
    // are kept, and this is the staleness `cache_revalidate_ms` allows.
    assert_eq!(
        lazy.get_json::<Article>(&path).await.headline,
        "Sebelum Perubahan"
    );
    assert_eq!(newest_headline(&lazy).await, "Sebelum Perubahan");

    // A write of its own makes it read the content version again: all is current.
    publish_new(&lazy, &editor, "Kabar Berikutnya").await;
    assert_eq!(
        lazy.get_json::<Article>(&path).await.headline,
        "Sesudah Perubahan"
    );
    assert_eq!(newest_headline(&lazy).await, "Kabar Berikutnya");
}

async fn each_representation_is_kept_apart(db: Db) {
    let app = TestApp::builder(db)
        .configure(kept_for_an_hour)
        .spawn()
        .await;
    let editor = app.staff_token(Role::Editor, "Sari Editor").await;
    let article = publish_new(&app, &editor, "Satu Berita Tiga Bentuk").await;
    let path = format!("/api/v1/articles/{}", article.slug);
    for _ in 0..2 {
        let json = app.get(&path).await;
        assert_eq!(header(json.headers(), "content-type"), "application/json");
        let ninjs = app
            .get_with(&path, &[("Accept", "application/ninjs+json")])
            .await;
        assert_eq!(
            header(ninjs.headers(), "content-type"),
            "application/ninjs+json"
        );
        let ld = app.get(&format!("{path}?format=jsonld")).await;
        assert_eq!(header(ld.headers(), "content-type"), "application/ld+json");
        let gzip = app.get_with(&path, &[("Accept-Encoding", "gzip")]).await;
        assert_eq!(header(gzip.headers(), "content-encoding"), "gzip");
        let plain = app
            .get_with(&path, &[("Accept-Encoding", "identity")])
            .await;
        assert!(plain.headers().get("content-encoding").is_none());
        let second = app
            .get(&format!("{}?per_page=1&page=2", "/api/v1/articles"))
            .await;
        let first = app.get("/api/v1/articles?per_page=1").await;
        let (first, second): (ArticlePage, ArticlePage) = (
            first.json().await.expect("page"),
            second.json().await.expect("page"),
        );
        assert_eq!(first.data[0].slug, article.slug);
        assert_ne!(second.data[0].slug, article.slug);
    }
}

both_databases!(
    own_writes_are_served_at_once,
    other_instances_writes_are_seen_within_the_revalidation_time,
    each_representation_is_kept_apart,
);
