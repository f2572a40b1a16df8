//! 50 writers at once on SQLite for 30 seconds (`GI_WRITERS_SECONDS` to change it):
//! every write is answered (never "database is locked", never a 5xx), and none is
//! lost — each writer's article ends as its last acknowledged edit, and the article all
//! of them fight over has exactly one version per acknowledged edit, with its revision.

use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use shared::Article;
use shared::staff::Role;
use tests::{Db, TestApp};

const WRITERS: usize = 50;

fn draft(headline: &str) -> Value {
    json!({"headline": headline, "section": "internasional", "language": "id",
           "byline": "Tim Global Insight",
           "body": [{"type": "paragraph", "text": format!("{headline}: isi berita.")}]})
}

/// `PUT` at `version`: the new article on 200, `None` on 412 (someone else was first).
async fn edit(
    app: &TestApp,
    token: &str,
    id: shared::ArticleId,
    version: i64,
    headline: &str,
) -> Option<Article> {
    let response = app
        .client
        .put(app.url(&format!("/api/v1/newsroom/articles/{id}")))
        .bearer_auth(token)
        .header("If-Match", format!("\"v{version}\""))
        .json(&draft(headline))
        .send()
        .await
        .expect("the server answers");
    match response.status().as_u16() {
        200 => Some(response.json().await.expect("article")),
        412 => None,
        status => panic!(
            "an edit got {status}: {}",
            response.text().await.unwrap_or_default()
        ),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn fifty_writers_on_sqlite_lose_nothing() {
    let seconds = std::env::var("GI_WRITERS_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(30);
    let app = Arc::new(
        TestApp::builder(Db::Sqlite)
            .configure(|s| {
                s.server.workers = 2;
                s.database.pool_size = 8;
            })
            .spawn()
            .await,
    );
    let editor = app.staff_token(Role::Editor, "Sari Editor").await;
    let shared_article = app.create_article(&editor, &draft("Diperebutkan")).await;
    let until = Instant::now() + Duration::from_secs(seconds);

    let mut writers = Vec::new();
    for n in 0..WRITERS {
        let (app, token) = (Arc::clone(&app), editor.clone());
        let shared_id = shared_article.id;
        writers.push(tokio::spawn(async move {
            let mut own = app
                .create_article(&token, &draft(&format!("Penulis {n}")))
                .await;
            let mut won_on_shared = 0u32;
            let mut edits = 0u32;
            while Instant::now() < until {
                edits += 1;
                // Its own article: every edit must land.
                own = edit(
                    &app,
                    &token,
                    own.id,
                    own.version,
                    &format!("Penulis {n} edit {edits}"),
                )
                .await
                .expect("nobody else edits this one");
                // The shared one: read the current version, try to move it on.
                let current: Article = app
                    .get_authed(&format!("/api/v1/newsroom/articles/{shared_id}"), &token)
                    .await
                    .json()
                    .await
                    .expect("article");
                if edit(
                    &app,
                    &token,
                    shared_id,
                    current.version,
                    &format!("Menang {n}.{edits}"),
                )
                .await
                .is_some()
                {
                    won_on_shared += 1;
                }
            }
            (own, won_on_shared)
        }));
    }
    let mut acknowledged_on_shared = 0;
    let mut writes = 0;
    for writer in writers {
        let (own, won) = writer.await.expect("a writer finished");
        // The last acknowledged edit is what is stored.
        let stored: Article = app
            .get_authed(&format!("/api/v1/newsroom/articles/{}", own.id), &editor)
            .await
            .json()
            .await
            .expect("article");
        assert_eq!(
            (stored.version, &stored.headline),
            (own.version, &own.headline)
        );
        acknowledged_on_shared += won;
        writes += own.version;
    }
    let shared_now: Article = app
        .get_authed(
            &format!("/api/v1/newsroom/articles/{}", shared_article.id),
            &editor,
        )
        .await
        .json()
        .await
        .expect("article");
    assert_eq!(
        shared_now.version,
        1 + i64::from(acknowledged_on_shared),
        "one version per acknowledged edit"
    );
    let revisions: Value = app
        .get_authed(
            &format!("/api/v1/newsroom/articles/{}/revisions", shared_article.id),
            &editor,
        )
        .await
        .json()
        .await
        .expect("revisions");
    assert_eq!(
        revisions["data"].as_array().map(|r| r.len() as u64),
        u64::try_from(shared_now.version).ok(),
        "{revisions}"
    );
    assert!(
        acknowledged_on_shared > 0 && writes > (WRITERS as i64) * 2,
        "{writes} writes"
    );
    println!(
        "{WRITERS} writers, {seconds} s: {writes} acknowledged writes to their own articles, \
         {acknowledged_on_shared} to the shared one"
    );
}
