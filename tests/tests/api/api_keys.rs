//! API keys: an admin issues one, a partner sends it for a higher limit, revoking
//! it ends that at once; the key itself is shown once and never stored.

use serde_json::json;
use shared::ErrorCode;
use shared::staff::{ApiKeyList, CreatedApiKey, Role};
use tests::{Db, TestApp, assert_problem, both_databases, header};

async fn a_key_raises_the_limit_until_it_is_revoked(db: Db) {
    let app = TestApp::builder(db)
        .configure(|settings| {
            settings.http.anonymous_requests = 2;
        })
        .spawn()
        .await;
    let admin = app.staff_token(Role::Admin, "Ani Admin").await;
    let response = app
        .post_json(
            "/api/v1/api-keys",
            &json!({"name": "Kantor Berita Mitra", "requests_per_window": 4}),
            Some(&admin),
        )
        .await;
    assert_eq!(response.status(), 201);
    assert_eq!(header(response.headers(), "cache-control"), "no-store");
    let created: CreatedApiKey = response.json().await.expect("the new key");
    assert!(created.key.starts_with("gi_") && created.key.len() > 40);
    assert!(created.key.starts_with(&created.api_key.prefix));
    assert_eq!(created.api_key.requests_per_window, 4);

    // Anonymous: 2 a window.
    for _ in 0..2 {
        assert_eq!(app.get("/api/v1/articles").await.status(), 200);
    }
    assert_eq!(app.get("/api/v1/articles").await.status(), 429);
    // With the key, the same client has the key's 4.
    let with_key = [("X-API-Key", created.key.as_str())];
    for remaining in ["3", "2", "1", "0"] {
        let response = app.get_with("/api/v1/articles", &with_key).await;
        assert_eq!(response.status(), 200);
        assert_eq!(header(response.headers(), "ratelimit-limit"), "4");
        assert_eq!(header(response.headers(), "ratelimit-remaining"), remaining);
    }
    let over = app.get_with("/api/v1/articles", &with_key).await;
    assert_problem(over, 429, ErrorCode::TooManyRequests, None).await;

    // The list shows the key without the key itself.
    let list = app.get_authed("/api/v1/api-keys", &admin).await;
    let text = list.text().await.expect("body");
    assert!(!text.contains(&created.key));
    let list: ApiKeyList = serde_json::from_str(&text).expect("list");
    assert_eq!(list.data.len(), 1);
    assert_eq!(list.data[0].revoked_at, None);

    let revoke = app
        .client
        .delete(app.url(&format!("/api/v1/api-keys/{}", created.api_key.id)))
        .bearer_auth(&admin)
        .send()
        .await
        .expect("response");
    assert_eq!(revoke.status(), 204);
    let revoked = app.get_with("/api/v1/sections", &with_key).await;
    assert_problem(revoked, 401, ErrorCode::Unauthorized, Some("X-API-Key")).await;
    let unknown = app
        .get_with("/api/v1/sections", &[("X-API-Key", "gi_not-a-key")])
        .await;
    assert_problem(unknown, 401, ErrorCode::Unauthorized, Some("X-API-Key")).await;
    let list: ApiKeyList = app
        .get_authed("/api/v1/api-keys", &admin)
        .await
        .json()
        .await
        .expect("list");
    assert!(list.data[0].revoked_at.is_some());

    for (body, field) in [
        (json!({"name": " "}), "name"),
        (
            json!({"name": "x", "requests_per_window": 0}),
            "requests_per_window",
        ),
        (json!({"name": "x", "quota": 5}), "quota"),
    ] {
        let response = app.post_json("/api/v1/api-keys", &body, Some(&admin)).await;
        assert_problem(response, 400, ErrorCode::InvalidBody, Some(field)).await;
    }
    let missing = app
        .client
        .delete(app.url(&format!("/api/v1/api-keys/{}", uuid::Uuid::now_v7())))
        .bearer_auth(&admin)
        .send()
        .await
        .expect("response");
    assert_problem(missing, 404, ErrorCode::NotFound, None).await;
}

both_databases!(a_key_raises_the_limit_until_it_is_revoked);
