//! `GET /api/v1/changes`: every public change in commit order, resumable from its
//! cursor, a scheduled publication when its time comes, and no gaps or repeats while
//! many writers publish at once.

use std::collections::HashSet;

use reqwest::Method;
use serde_json::{Value, json};
use shared::staff::Role;
use shared::{Article, ChangePage, ChangeType, ErrorCode};
use tests::{Db, TestApp, assert_problem, both_databases};

async fn feed(app: &TestApp, since: &str) -> ChangePage {
    let response = app.get(&format!("/api/v1/changes?since={since}")).await;
    assert_eq!(response.status(), 200);
    assert_eq!(
        tests::header(response.headers(), "cache-control"),
        "no-cache"
    );
    response.json().await.expect("a change page")
}

/// Changes from the start of the log that concern `article`.
async fn history_of(app: &TestApp, article: &Article) -> Vec<ChangeType> {
    let page = feed(app, "0").await;
    assert!(!page.has_more);
    page.data
        .iter()
        .filter(|c| c.article.id == article.id)
        .map(|c| c.kind)
        .collect()
}

/// POSTs a newsroom action (`publish`, `unpublish`, …) at the article's version.
async fn act(
    app: &TestApp,
    token: &str,
    article: &Article,
    action: &str,
    body: Option<Value>,
) -> Article {
    let method = if action == "update" {
        Method::PUT
    } else {
        Method::POST
    };
    let path = match action {
        "update" => format!("/api/v1/newsroom/articles/{}", article.id),
        "delete" => format!("/api/v1/newsroom/articles/{}", article.id),
        _ => format!("/api/v1/newsroom/articles/{}/{action}", article.id),
    };
    let method = if action == "delete" {
        Method::DELETE
    } else {
        method
    };
    let mut request = app
        .client
        .request(method, app.url(&path))
        .bearer_auth(token)
        .header("If-Match", format!("\"v{}\"", article.version));
    if let Some(body) = &body {
        request = request.json(body);
    }
    let response = request.send().await.expect("response");
    let status = response.status().as_u16();
    assert!(status == 200 || status == 201, "{action}: {status}");
    // A deletion answers with the deleted article too.
    response.json().await.expect("article")
}

fn draft(headline: &str) -> Value {
    json!({"headline": headline, "section": "internasional", "language": "id",
           "byline": "Tim Global Insight",
           "body": [{"type": "paragraph", "text": "Isi berita."}]})
}

async fn every_public_change_in_commit_order(db: Db) {
    let app = TestApp::builder(db).configure(|_| {}).spawn().await;
    let editor = app.staff_token(Role::Editor, "Sari Editor").await;

    let start = feed(&app, "0").await;
    assert_eq!(start.data.len(), 1, "the seed's publication");
    assert_eq!(start.data[0].kind, ChangeType::Published);
    let seed_cursor = start.next_cursor.clone();
    assert_eq!(seed_cursor, start.data[0].cursor);

    let article = app
        .create_article(&editor, &draft("Laporan Berubah-ubah"))
        .await;
    assert!(
        history_of(&app, &article).await.is_empty(),
        "a draft is not public"
    );
    let article = act(
        &app,
        &editor,
        &article,
        "update",
        Some(draft("Laporan Masih Draf")),
    )
    .await;
    assert!(history_of(&app, &article).await.is_empty());

    let article = act(&app, &editor, &article, "publish", None).await;
    let article = act(
        &app,
        &editor,
        &article,
        "update",
        Some(draft("Laporan Diperbarui")),
    )
    .await;
    let article = act(
        &app,
        &editor,
        &article,
        "corrections",
        Some(json!({"text": "Judul sebelumnya keliru."})),
    )
    .await;
    let article = act(&app, &editor, &article, "unpublish", None).await;
    let article = act(&app, &editor, &article, "publish", None).await;
    let article = act(&app, &editor, &article, "delete", None).await;
    assert_eq!(
        history_of(&app, &article).await,
        [
            ChangeType::Published,
            ChangeType::Updated,
            ChangeType::Corrected,
            ChangeType::Unpublished,
            ChangeType::Published,
            ChangeType::Deleted,
        ]
    );

    // Resuming after the seed gives the rest, once; cursors only grow.
    let rest = feed(&app, &seed_cursor).await;
    assert_eq!(rest.data.len(), 6);
    let cursors: Vec<i64> = rest
        .data
        .iter()
        .map(|c| c.cursor.parse().expect("number"))
        .collect();
    assert!(cursors.windows(2).all(|w| w[0] < w[1]), "{cursors:?}");
    assert!(cursors[0] > seed_cursor.parse::<i64>().expect("number"));
    let last = rest.data.last().expect("entries");
    assert_eq!(
        last.article.href,
        format!("/api/v1/articles/by-id/{}", article.id)
    );
    assert_eq!(last.article.version, article.version);
    let nothing_new = feed(&app, &rest.next_cursor).await;
    assert!(nothing_new.data.is_empty() && !nothing_new.has_more);
    assert_eq!(
        nothing_new.next_cursor, rest.next_cursor,
        "poll again with the same cursor"
    );

    // A page at a time.
    let first: ChangePage = app.get_json("/api/v1/changes?limit=2").await;
    assert_eq!(first.data.len(), 2);
    assert!(first.has_more);
    let second: ChangePage = app
        .get_json(&format!(
            "/api/v1/changes?limit=2&since={}",
            first.next_cursor
        ))
        .await;
    assert_eq!(second.data[0].cursor, rest.data[1].cursor);

    for (query, field, code) in [
        ("since=abc", "since", ErrorCode::InvalidCursor),
        ("since=-1", "since", ErrorCode::InvalidCursor),
        ("limit=0", "limit", ErrorCode::InvalidParameter),
        ("limit=1001", "limit", ErrorCode::InvalidParameter),
        ("after=1", "after", ErrorCode::UnknownParameter),
    ] {
        let response = app.get(&format!("/api/v1/changes?{query}")).await;
        assert_problem(response, 400, code, Some(field)).await;
    }
}

async fn a_scheduled_publication_enters_the_log_when_due(db: Db) {
    let app = TestApp::builder(db).manual_clock().spawn().await;
    let editor = app.staff_token(Role::Editor, "Sari Editor").await;
    let now = chrono::Utc::now();
    let at = now + chrono::Duration::hours(1);
    let at = at - chrono::Duration::nanoseconds(i64::from(chrono::Timelike::nanosecond(&at)));

    let scheduled = app
        .create_article(&editor, &draft("Embargo Pukul Sepuluh"))
        .await;
    let scheduled = act(
        &app,
        &editor,
        &scheduled,
        "schedule",
        Some(json!({"published_at": at.to_rfc3339()})),
    )
    .await;
    // Edited while it waits: still one publication, when due.
    let scheduled = act(
        &app,
        &editor,
        &scheduled,
        "update",
        Some(draft("Embargo Pukul Sepuluh Tepat")),
    )
    .await;
    let cancelled = app
        .create_article(&editor, &draft("Embargo Dibatalkan"))
        .await;
    let cancelled = act(
        &app,
        &editor,
        &cancelled,
        "schedule",
        Some(json!({"published_at": at.to_rfc3339()})),
    )
    .await;
    act(&app, &editor, &cancelled, "unpublish", None).await;
    let now_published = app.create_article(&editor, &draft("Terbit Sekarang")).await;
    let now_published = act(&app, &editor, &now_published, "publish", None).await;

    let before = feed(&app, "0").await;
    let kinds: Vec<(&str, ChangeType)> = before
        .data
        .iter()
        .map(|c| (c.article.slug.as_str(), c.kind))
        .collect();
    assert_eq!(
        kinds.len(),
        2,
        "the seed and the article published now: {kinds:?}"
    );
    assert_eq!(kinds[1], ("terbit-sekarang", ChangeType::Published));

    app.set_clock(at);
    let after = feed(&app, &before.next_cursor).await;
    assert_eq!(after.data.len(), 1);
    let entry = &after.data[0];
    assert_eq!(
        (entry.article.id, entry.kind, entry.article.version),
        (scheduled.id, ChangeType::Published, scheduled.version)
    );
    assert_eq!(
        entry.occurred_at.timestamp(),
        at.timestamp(),
        "at its scheduled time"
    );
    assert!(
        after.next_cursor.parse::<i64>().expect("n")
            > before.next_cursor.parse::<i64>().expect("n")
    );
    // Read again: the same entry, not a second one.
    assert_eq!(feed(&app, "0").await.data.len(), 3);
    let _ = now_published;
}

/// Twenty editors' publications race a reader that follows the log the whole time:
/// the reader sees each exactly once, in increasing cursor order.
async fn no_gaps_or_repeats_under_concurrent_writes(db: Db) {
    const WRITERS: usize = 20;
    let app = TestApp::builder(db)
        .configure(|s| s.http.anonymous_requests = 1_000_000)
        .spawn()
        .await;
    let editor = app.staff_token(Role::Editor, "Sari Editor").await;
    let mut drafts = Vec::new();
    for n in 0..WRITERS {
        drafts.push(
            app.create_article(&editor, &draft(&format!("Berita Serentak {n}")))
                .await,
        );
    }
    let start = feed(&app, "0").await.next_cursor;

    let mut writers = tokio::task::JoinSet::new();
    for article in drafts {
        let (client, url, editor) = (
            app.client.clone(),
            app.url(&format!("/api/v1/newsroom/articles/{}/publish", article.id)),
            editor.clone(),
        );
        writers.spawn(async move {
            let response = client
                .post(url)
                .bearer_auth(editor)
                .header("If-Match", format!("\"v{}\"", article.version))
                .send()
                .await
                .expect("response");
            assert_eq!(response.status(), 200);
            article.id
        });
    }

    let mut seen = Vec::new();
    let mut cursor = start;
    let mut published = HashSet::new();
    loop {
        let done = writers.is_empty();
        let page = feed(&app, &cursor).await;
        seen.extend(
            page.data
                .iter()
                .map(|c| (c.cursor.parse::<i64>().expect("n"), c.article.id)),
        );
        cursor = page.next_cursor;
        while let Some(finished) = writers.try_join_next() {
            published.insert(finished.expect("writer"));
        }
        // One more read after the last writer finished, to take what it wrote.
        if done && !page.has_more {
            break;
        }
    }
    assert_eq!(published.len(), WRITERS);
    let ids: Vec<_> = seen.iter().map(|(_, id)| *id).collect();
    let unique: HashSet<_> = ids.iter().copied().collect();
    assert_eq!(ids.len(), WRITERS, "each publication once: {seen:?}");
    assert_eq!(unique, published);
    assert!(seen.windows(2).all(|w| w[0].0 < w[1].0), "{seen:?}");
}

both_databases!(
    every_public_change_in_commit_order,
    a_scheduled_publication_enters_the_log_when_due,
    no_gaps_or_repeats_under_concurrent_writes,
);
