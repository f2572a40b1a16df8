//! The public API's rate limit: every counted response says where the client stands;
//! over the limit → 429 with `Retry-After`; staff routes and the site's files do not
//! count; a reader's page counts when the server has to make it.

use shared::ErrorCode;
use tests::{Db, TestApp, assert_problem, both_databases, header};

async fn over_the_limit_is_429_with_retry_after(db: Db) {
    let app = TestApp::builder(db)
        .configure(|settings| {
            settings.http.anonymous_requests = 3;
            settings.http.rate_window_seconds = 60;
        })
        .spawn()
        .await;
    for remaining in ["2", "1", "0"] {
        let response = app.get("/api/v1/articles").await;
        assert_eq!(response.status(), 200);
        assert_eq!(header(response.headers(), "ratelimit-limit"), "3");
        assert_eq!(header(response.headers(), "ratelimit-remaining"), remaining);
        assert_eq!(header(response.headers(), "ratelimit-policy"), "3;w=60");
        let reset: u64 = header(response.headers(), "ratelimit-reset")
            .parse()
            .expect("seconds");
        assert!((1..=60).contains(&reset));
    }
    // Every public route shares the client's window; a browser on another site can
    // read the refusal (CORS).
    let refused = app
        .get_with("/api/v1/sections", &[("Origin", "https://partner.example")])
        .await;
    let retry_after: u64 = header(refused.headers(), "retry-after")
        .parse()
        .expect("Retry-After in seconds");
    assert!((1..=60).contains(&retry_after));
    assert_eq!(header(refused.headers(), "ratelimit-remaining"), "0");
    assert_eq!(
        header(refused.headers(), "access-control-allow-origin"),
        "*"
    );
    let problem = assert_problem(refused, 429, ErrorCode::TooManyRequests, None).await;
    assert!(problem.detail.contains("API key"));

    // Not counted: the site's files, and staff routes (which need a valid token
    // anyway). A reader's page the server has to make (here every one: no public
    // origin is configured, so none is kept) is a request like the API's.
    assert_eq!(app.get("/robots.txt").await.status(), 200);
    assert_eq!(app.get("/").await.status(), 429);
    let me = app.get("/api/v1/auth/me").await;
    assert_eq!(me.status(), 401);
    assert_eq!(header(me.headers(), "ratelimit-limit"), "");
}

both_databases!(over_the_limit_is_429_with_retry_after);
