//! Soft edit locks: taken on opening, renewed, refused to a second editor with the
//! holder named, taken over on request (the holder told on renewal), released on
//! closing, ended without a heartbeat; saving is never refused by a lock.

use chrono::{Duration, SubsecRound as _, Utc};
use serde_json::{Value, json};
use shared::newsroom::{EditLock, LOCK_SECONDS, LockState};
use shared::staff::Role;
use shared::{Article, ErrorCode};
use tests::{Db, TestApp, assert_problem, both_databases, header};

async fn take(app: &TestApp, token: &str, article: &Article, body: Value) -> reqwest::Response {
    app.client
        .put(app.url(&format!("/api/v1/newsroom/articles/{}/lock", article.id)))
        .bearer_auth(token)
        .json(&body)
        .send()
        .await
        .expect("answers")
}

async fn state(app: &TestApp, token: &str, article: &Article) -> Option<EditLock> {
    let state: LockState = app
        .get_authed(
            &format!("/api/v1/newsroom/articles/{}/lock", article.id),
            token,
        )
        .await
        .json()
        .await
        .expect("a lock state");
    state.lock
}

async fn release(app: &TestApp, token: &str, article: &Article) -> u16 {
    app.client
        .delete(app.url(&format!("/api/v1/newsroom/articles/{}/lock", article.id)))
        .bearer_auth(token)
        .send()
        .await
        .expect("answers")
        .status()
        .as_u16()
}

async fn one_editor_at_a_time_others_are_told_and_may_take_over(db: Db) {
    let app = TestApp::builder(db).manual_clock().spawn().await;
    let now = Utc::now().trunc_subsecs(6);
    app.set_clock(now);
    let sari = app.staff(Role::Editor, "Sari Editor").await;
    let budi = app.staff(Role::Editor, "Budi Editor").await;
    let article = sari.create(&tests::draft("Berita Disunting Bersama")).await;
    assert_eq!(state(&app, &budi.token, &article).await, None);

    let response = take(&app, &sari.token, &article, json!({})).await;
    assert_eq!(response.status(), 200);
    assert_eq!(
        header(response.headers(), "cache-control"),
        "private, no-store"
    );
    let lock: EditLock = response.json().await.expect("a lock");
    assert!(lock.mine);
    assert_eq!(lock.holder, "Sari Editor");
    assert_eq!(
        lock.expires_at.with_timezone(&Utc),
        now + Duration::seconds(LOCK_SECONDS)
    );

    // Another editor is refused, with the holder named, and sees who has it.
    let refused = take(&app, &budi.token, &article, json!({})).await;
    let problem = assert_problem(refused, 409, ErrorCode::Conflict, None).await;
    assert!(problem.detail.contains("Sari Editor"), "{}", problem.detail);
    let seen = state(&app, &budi.token, &article).await.expect("a lock");
    assert_eq!((seen.holder.as_str(), seen.mine), ("Sari Editor", false));
    // Saving is never refused by a lock (If-Match decides).
    let saved = budi
        .update(&article, &tests::draft("Berita Disunting Budi"))
        .await;

    // A renewal keeps the time it was taken and moves its end.
    app.set_clock(now + Duration::seconds(30));
    let renewed: EditLock = take(&app, &sari.token, &article, json!({}))
        .await
        .json()
        .await
        .expect("a lock");
    assert_eq!(renewed.since, lock.since);
    assert_eq!(
        renewed.expires_at.with_timezone(&Utc),
        now + Duration::seconds(30 + LOCK_SECONDS)
    );

    // Taken over: Budi holds it; Sari's next renewal is refused, naming him.
    let taken: EditLock = take(&app, &budi.token, &article, json!({"take_over": true}))
        .await
        .json()
        .await
        .expect("a lock");
    assert!(taken.mine);
    let told = take(&app, &sari.token, &article, json!({})).await;
    let problem = assert_problem(told, 409, ErrorCode::Conflict, None).await;
    assert!(problem.detail.contains("Budi Editor"), "{}", problem.detail);
    // Releasing what one does not hold changes nothing; the holder's release ends it.
    assert_eq!(release(&app, &sari.token, &article).await, 204);
    assert_eq!(
        state(&app, &sari.token, &article).await.map(|l| l.holder),
        Some("Budi Editor".into())
    );
    assert_eq!(release(&app, &budi.token, &article).await, 204);
    assert_eq!(state(&app, &sari.token, &article).await, None);

    // Without a heartbeat it ends after LOCK_SECONDS, to the microsecond.
    let at = now + Duration::minutes(5);
    app.set_clock(at);
    assert_eq!(
        take(&app, &budi.token, &article, json!({})).await.status(),
        200
    );
    app.set_clock(at + Duration::seconds(LOCK_SECONDS) - Duration::microseconds(1));
    assert_eq!(
        take(&app, &sari.token, &article, json!({})).await.status(),
        409
    );
    app.set_clock(at + Duration::seconds(LOCK_SECONDS));
    assert_eq!(state(&app, &sari.token, &article).await, None);
    let mine: EditLock = take(&app, &sari.token, &article, json!({}))
        .await
        .json()
        .await
        .expect("a lock");
    assert_eq!(mine.holder, "Sari Editor");

    // Bodies are checked; another author's article is not there.
    let response = take(&app, &sari.token, &saved, json!({"take_over": "ya"})).await;
    assert_problem(response, 400, ErrorCode::InvalidBody, Some("take_over")).await;
    let response = take(&app, &sari.token, &saved, json!({"steal": true})).await;
    assert_problem(response, 400, ErrorCode::InvalidBody, Some("steal")).await;
    let author = app.staff(Role::Author, "Ani Penulis").await;
    let response = take(&app, &author.token, &saved, json!({})).await;
    assert_problem(response, 404, ErrorCode::NotFound, None).await;
}

both_databases!(one_editor_at_a_time_others_are_told_and_may_take_over);
