//! Most read: the reader app's beacon counts one view per article opened (crawlers and
//! requests without a `User-Agent` are answered alike and not counted), views are kept
//! per hour, and `GET /most-read` ranks the public stories over the hours a window
//! overlaps, in a section when asked; the beacon refuses what is not a view.

use chrono::{Duration, DurationRound as _, Utc};
use shared::staff::Role;
use shared::{Article, ArticleList, ErrorCode};
use tests::{Db, TestApp, assert_problem, both_databases, header};

const CHROME: &str = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) \
                      Chrome/131.0.0.0 Safari/537.36";
const GOOGLEBOT: &str = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)";

async fn beacon(app: &TestApp, slug: &str, agent: Option<&str>) -> reqwest::Response {
    let mut request = app
        .client
        .post(app.url(&format!("/api/v1/articles/{slug}/views")));
    if let Some(agent) = agent {
        request = request.header("user-agent", agent);
    }
    request.send().await.expect("answers")
}

async fn views(app: &TestApp, article: &Article, n: usize, agent: Option<&str>) {
    for _ in 0..n {
        let response = beacon(app, &article.slug, agent).await;
        assert_eq!(response.status(), 204);
        assert_eq!(header(response.headers(), "cache-control"), "no-store");
    }
}

async fn most_read(app: &TestApp, query: &str) -> Vec<String> {
    let response = app.get(&format!("/api/v1/most-read{query}")).await;
    assert_eq!(response.status(), 200, "{query}");
    let list: ArticleList = response.json().await.expect("a list");
    list.data.into_iter().map(|a| a.headline).collect()
}

async fn readers_views_rank_the_stories_over_a_window(db: Db) {
    let app = TestApp::builder(db)
        .manual_clock()
        .configure(|s| s.views.ranking_seconds = 0)
        .spawn()
        .await;
    // Half past an hour: the 1-hour window then reaches into the hour before.
    let start = Utc::now()
        .duration_trunc(Duration::hours(1))
        .expect("an hour")
        + Duration::minutes(30);
    app.set_clock(start);
    // Stories in two sections, none read yet.
    crate::newsroom(&app);
    let editor = app.staff(Role::Editor, "Sari Editor").await;
    let first = editor
        .published("Banjir Besar Melanda Jakarta", "internasional")
        .await;
    let second = editor
        .published("Harga Beras Naik Lagi", "internasional")
        .await;
    let third = editor
        .published("Rupiah Menguat Pekan Ini", "ekonomi")
        .await;
    assert!(most_read(&app, "").await.is_empty());

    views(&app, &second, 1, Some(CHROME)).await;
    views(&app, &first, 3, Some(CHROME)).await;
    // A crawler and a request that names no agent are answered alike, and not counted.
    views(&app, &second, 5, Some(GOOGLEBOT)).await;
    views(&app, &second, 5, None).await;
    let response = app.get("/api/v1/most-read").await;
    assert_eq!(response.status(), 200);
    assert!(header(response.headers(), "etag").starts_with('"'));
    assert_eq!(
        most_read(&app, "").await,
        ["Banjir Besar Melanda Jakarta", "Harga Beras Naik Lagi"],
        "a story nobody read is not listed"
    );
    assert_eq!(
        most_read(&app, "?limit=1").await,
        ["Banjir Besar Melanda Jakarta"]
    );

    // 80 minutes later (20 to the next hour but one): the last hour began in the
    // hour of the first views, so the 1-hour window takes that hour.
    app.set_clock(start + Duration::minutes(80));
    views(&app, &third, 1, Some(CHROME)).await;
    assert_eq!(
        most_read(&app, "?window=1h").await,
        [
            "Banjir Besar Melanda Jakarta",
            // One view each: the newer story first.
            "Rupiah Menguat Pekan Ini",
            "Harga Beras Naik Lagi",
        ],
        "the first views' hour overlaps the last hour"
    );
    // 40 minutes on, the last hour starts in the next hour.
    app.set_clock(start + Duration::minutes(120));
    assert_eq!(
        most_read(&app, "?window=1h").await,
        ["Rupiah Menguat Pekan Ini"]
    );
    assert_eq!(
        most_read(&app, "?window=24h&section=internasional").await,
        ["Banjir Besar Melanda Jakarta", "Harga Beras Naik Lagi"]
    );
    assert_eq!(
        most_read(&app, "?section=ekonomi").await,
        ["Rupiah Menguat Pekan Ini"]
    );
    // Equal views (three): the newer story first.
    views(&app, &third, 2, Some(CHROME)).await;
    assert_eq!(
        most_read(&app, "").await,
        [
            "Rupiah Menguat Pekan Ini",
            "Banjir Besar Melanda Jakarta",
            "Harga Beras Naik Lagi"
        ]
    );

    // A day and a half on, only the week still counts them.
    app.set_clock(start + Duration::hours(36));
    assert!(most_read(&app, "?window=24h").await.is_empty());
    assert_eq!(most_read(&app, "?window=7d").await.len(), 3);
    app.set_clock(start + Duration::days(8));
    assert!(most_read(&app, "?window=7d").await.is_empty());

    for (query, code, field) in [
        ("?window=30d", ErrorCode::InvalidParameter, "window"),
        ("?window=", ErrorCode::InvalidParameter, "window"),
        ("?limit=0", ErrorCode::InvalidParameter, "limit"),
        ("?limit=21", ErrorCode::InvalidParameter, "limit"),
        (
            "?section=Bad%20Slug",
            ErrorCode::InvalidParameter,
            "section",
        ),
        (
            "?window=1h&window=7d",
            ErrorCode::DuplicateParameter,
            "window",
        ),
        ("?sort=views", ErrorCode::UnknownParameter, "sort"),
    ] {
        assert_problem(
            app.get(&format!("/api/v1/most-read{query}")).await,
            400,
            code,
            Some(field),
        )
        .await;
    }
    assert_eq!(most_read(&app, "?limit=20&window=7d").await.len(), 0);
}

async fn a_story_unpublished_leaves_the_kept_ranking_at_once(db: Db) {
    // The ranking is kept a minute (the default), but not past a change of content.
    let app = TestApp::builder(db).spawn().await;
    let editor = app.staff(Role::Editor, "Sari Editor").await;
    let first = editor
        .published("Banjir Besar Melanda Jakarta", "internasional")
        .await;
    let second = editor
        .published("Harga Beras Naik Lagi", "internasional")
        .await;
    views(&app, &first, 2, Some(CHROME)).await;
    views(&app, &second, 1, Some(CHROME)).await;
    assert_eq!(
        most_read(&app, "").await,
        ["Banjir Besar Melanda Jakarta", "Harga Beras Naik Lagi"]
    );
    editor.unpublish(&first).await;
    assert_eq!(most_read(&app, "").await, ["Harga Beras Naik Lagi"]);
    // Its views are no longer reported either.
    assert_problem(
        beacon(&app, &first.slug, Some(CHROME)).await,
        404,
        ErrorCode::NotFound,
        None,
    )
    .await;
}

async fn the_beacon_counts_views_only(db: Db) {
    let app = TestApp::builder(db)
        .configure(|s| s.views.ranking_seconds = 0)
        .spawn()
        .await;
    let editor = app.staff(Role::Editor, "Sari Editor").await;
    let story = editor
        .published("Banjir Besar Melanda Jakarta", "internasional")
        .await;
    let other = editor
        .published("Harga Beras Naik Lagi", "internasional")
        .await;
    let draft = editor.create(&tests::draft("Belum Terbit")).await;

    // A draft, an unknown slug and a path that decodes to something else: not found.
    for slug in [draft.slug.as_str(), "tidak-ada", "%2E%2E", "..%2Fmost-read"] {
        assert_problem(
            beacon(&app, slug, Some(CHROME)).await,
            404,
            ErrorCode::NotFound,
            None,
        )
        .await;
    }
    // A view has no body.
    let with_body = app
        .client
        .post(app.url(&format!("/api/v1/articles/{}/views", story.slug)))
        .header("user-agent", CHROME)
        .body("{\"views\": 1000}")
        .send()
        .await
        .expect("answers");
    assert_problem(with_body, 400, ErrorCode::InvalidBody, Some("body")).await;
    // Only POST.
    assert_problem(
        app.get(&format!("/api/v1/articles/{}/views", story.slug))
            .await,
        405,
        ErrorCode::MethodNotAllowed,
        None,
    )
    .await;

    // Each client's allowance, two readers behind the site's proxy: the one past it
    // is refused and not counted.
    let fresh = app
        .restart_with(|s| {
            s.views.per_client = 3;
            s.views.client_window_seconds = 600;
            s.auth.trusted_proxies = vec!["127.0.0.1".parse().expect("an address")];
        })
        .await;
    let from = |client: &'static str| {
        let fresh = &fresh;
        move |slug: String| async move {
            fresh
                .client
                .post(fresh.url(&format!("/api/v1/articles/{slug}/views")))
                .header("user-agent", CHROME)
                .header("x-forwarded-for", client)
                .send()
                .await
                .expect("answers")
        }
    };
    let (reader, another) = (from("203.0.113.5"), from("203.0.113.6"));
    for _ in 0..3 {
        assert_eq!(reader(story.slug.clone()).await.status(), 204);
        assert_eq!(another(other.slug.clone()).await.status(), 204);
    }
    let refused = reader(story.slug.clone()).await;
    let retry = header(refused.headers(), "retry-after");
    assert!(
        retry.parse::<u64>().is_ok_and(|s| (1..=600).contains(&s)),
        "{retry}"
    );
    assert_problem(refused, 429, ErrorCode::TooManyRequests, None).await;
    // Three views each: the newer story first (had the refused one counted, the older
    // would lead).
    assert_eq!(
        most_read(&fresh, "").await,
        ["Harga Beras Naik Lagi", "Banjir Besar Melanda Jakarta"]
    );
}

both_databases!(
    readers_views_rank_the_stories_over_a_window,
    a_story_unpublished_leaves_the_kept_ranking_at_once,
    the_beacon_counts_views_only,
);
