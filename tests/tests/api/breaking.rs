//! Breaking news and urgency: a story flagged until a time is in `GET /breaking` (the
//! readers' banner), first in feeds, announced once in the change feed (and so to
//! webhooks), with its urgency in our JSON and ninjs; its time passing shows at once.

use chrono::{DateTime, Duration, SubsecRound as _, Utc};
use serde_json::{Value, json};
use shared::newsroom::ArticleInput;
use shared::staff::Role;
use shared::{Article, ArticleList, ChangePage, ChangeType, ErrorCode};
use tests::{Db, TestApp, assert_problem, both_databases};

fn flagged(headline: &str, urgency: u8, until: DateTime<Utc>) -> ArticleInput {
    ArticleInput {
        urgency: Some(urgency),
        breaking_until: Some(until.fixed_offset()),
        ..tests::draft(headline)
    }
}

async fn breaking(app: &TestApp) -> Vec<String> {
    let news: ArticleList = app.get_json("/api/v1/breaking").await;
    news.data.into_iter().map(|a| a.slug).collect()
}

async fn feed_titles(app: &TestApp) -> Vec<String> {
    let feed: Value = app
        .get("/api/v1/feeds/json")
        .await
        .json()
        .await
        .expect("a JSON Feed");
    feed["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|item| item["title"].as_str().unwrap_or_default().to_owned())
        .collect()
}

async fn changes_of(app: &TestApp, article: &Article) -> Vec<ChangeType> {
    let page: ChangePage = app.get_json("/api/v1/changes?since=0").await;
    page.data
        .iter()
        .filter(|c| c.article.id == article.id)
        .map(|c| c.kind)
        .collect()
}

async fn breaking_news_is_shown_first_announced_once_and_ends_at_its_time(db: Db) {
    let app = TestApp::builder(db)
        .manual_clock()
        .configure(|settings| {
            settings.web.public_url = Some("https://berita.example".into());
            settings.http.cache_revalidate_ms = 3_600_000;
        })
        .spawn()
        .await;
    let now = Utc::now().trunc_subsecs(6);
    app.set_clock(now);
    let editor = app.staff(Role::Editor, "Sari Editor").await;
    let until = now + Duration::hours(2);
    assert!(breaking(&app).await.is_empty());
    let page = app.get("/").await.text().await.expect("page");
    assert!(!page.contains("class=\"breaking\""));

    let draft = editor
        .create(&flagged("Gempa Besar Guncang Seoul", 1, until))
        .await;
    assert_eq!(draft.urgency, 1);
    // A draft is not news yet.
    assert!(breaking(&app).await.is_empty());
    let flash = editor.publish(&draft).await;
    let ordinary = editor
        .publish(
            &editor
                .create(&tests::draft("Berita Biasa Sesudahnya"))
                .await,
        )
        .await;
    assert_eq!(ordinary.urgency, shared::DEFAULT_URGENCY);
    assert_eq!(ordinary.breaking_until, None);

    assert_eq!(breaking(&app).await, [flash.slug.as_str()]);
    let public: Article = app
        .get_json(&format!("/api/v1/articles/{}", flash.slug))
        .await;
    assert_eq!(public.urgency, 1);
    assert_eq!(
        public.breaking_until.map(|t| t.with_timezone(&Utc)),
        Some(until)
    );
    let ninjs: Value = app
        .get(&format!("/api/v1/articles/{}?format=ninjs", flash.slug))
        .await
        .json()
        .await
        .expect("ninjs");
    assert_eq!(ninjs["urgency"], 1);
    // First in the feed though it is older; the banner on every reader page.
    assert_eq!(
        feed_titles(&app).await[..2],
        [flash.headline.clone(), ordinary.headline.clone()]
    );
    for path in [
        "/",
        "/rubrik/internasional",
        &format!("/artikel/{}", ordinary.slug),
    ] {
        let page = app.get(path).await.text().await.expect("page");
        let banner = page
            .split("class=\"breaking\"")
            .nth(1)
            .unwrap_or_else(|| panic!("{path}: no banner"));
        assert!(
            banner
                .split("</aside>")
                .next()
                .is_some_and(|b| b.contains(&flash.headline)),
            "{path}"
        );
    }
    // Announced once: published, then breaking; an edit while it lasts is an update.
    let edited = editor
        .update(
            &flash,
            &flagged("Gempa Besar Guncang Seoul dan Sekitarnya", 1, until),
        )
        .await;
    assert_eq!(
        changes_of(&app, &edited).await,
        [
            ChangeType::Published,
            ChangeType::Breaking,
            ChangeType::Updated
        ]
    );
    assert!(changes_of(&app, &ordinary).await == [ChangeType::Published]);

    // Its time come, the kept answers are not sent: no banner, the feed by time.
    app.set_clock(until - Duration::microseconds(1));
    assert_eq!(breaking(&app).await, [flash.slug.as_str()]);
    app.set_clock(until);
    assert!(breaking(&app).await.is_empty());
    assert_eq!(
        feed_titles(&app).await[..2],
        [ordinary.headline.clone(), edited.headline.clone()]
    );
    let page = app.get("/").await.text().await.expect("page");
    assert!(!page.contains("class=\"breaking\""));
}

async fn a_public_story_marked_breaking_is_announced(db: Db) {
    let app = tests::spawn_app(db).await;
    let editor = app.staff(Role::Editor, "Sari Editor").await;
    let story = editor
        .publish(
            &editor
                .create(&tests::draft("Sidang Darurat Dewan Keamanan"))
                .await,
        )
        .await;
    let story = editor
        .update(
            &story,
            &flagged(
                "Sidang Darurat Dewan Keamanan",
                2,
                Utc::now() + Duration::hours(1),
            ),
        )
        .await;
    assert_eq!(
        changes_of(&app, &story).await,
        [
            ChangeType::Published,
            ChangeType::Updated,
            ChangeType::Breaking
        ]
    );
    // The most urgent first.
    let flash = editor
        .publish(
            &editor
                .create(&flagged(
                    "Ledakan di Pelabuhan",
                    1,
                    Utc::now() + Duration::hours(1),
                ))
                .await,
        )
        .await;
    assert_eq!(
        breaking(&app).await,
        [flash.slug.clone(), story.slug.clone()]
    );
    // Partners may subscribe to it.
    let admin = app.staff_token(Role::Admin, "Admin").await;
    let response = app
        .post_json(
            "/api/v1/webhooks",
            &json!({"url": "https://partner.example/hook", "events": ["article.breaking"]}),
            Some(&admin),
        )
        .await;
    assert_eq!(response.status(), 201);
}

async fn urgency_and_breaking_time_are_checked(db: Db) {
    let app = TestApp::builder(db).manual_clock().spawn().await;
    let now = Utc::now().trunc_subsecs(6);
    app.set_clock(now);
    let editor = app.staff(Role::Editor, "Sari Editor").await;
    let send = |body: Value| {
        let (app, token) = (&app, editor.token.clone());
        async move {
            app.client
                .post(app.url("/api/v1/newsroom/articles"))
                .bearer_auth(token)
                .json(&body)
                .send()
                .await
                .expect("answers")
        }
    };
    let body = |field: &str, value: Value| {
        let mut body = serde_json::to_value(tests::draft("Uji Batas Urgensi")).expect("JSON");
        body[field] = value;
        body
    };
    for urgency in [0, 10] {
        let response = send(body("urgency", json!(urgency))).await;
        assert_problem(response, 400, ErrorCode::InvalidBody, Some("urgency")).await;
    }
    for urgency in [1, 9] {
        assert_eq!(send(body("urgency", json!(urgency))).await.status(), 201);
    }
    let response = send(body("urgency", json!("tinggi"))).await;
    assert_problem(response, 400, ErrorCode::InvalidBody, Some("urgency")).await;
    // A day ahead at most, to the microsecond; a time past is not breaking.
    let at = |t: DateTime<Utc>| body("breaking_until", json!(t.to_rfc3339()));
    let farthest = now + Duration::hours(shared::MAX_BREAKING_HOURS);
    assert_eq!(send(at(farthest)).await.status(), 201);
    let response = send(at(farthest + Duration::microseconds(1))).await;
    assert_problem(
        response,
        400,
        ErrorCode::InvalidBody,
        Some("breaking_until"),
    )
    .await;
    let past = send(at(now - Duration::hours(1))).await;
    assert_eq!(past.status(), 201);
    let past: Article = past.json().await.expect("article");
    editor.publish(&past).await;
    assert!(breaking(&app).await.is_empty());
}

both_databases!(
    breaking_news_is_shown_first_announced_once_and_ends_at_its_time,
    a_public_story_marked_breaking_is_announced,
    urgency_and_breaking_time_are_checked,
);
