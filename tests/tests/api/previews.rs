//! Draft preview links: made by whoever may read the article, shown to anyone with the
//! link as readers would see it (never cached, never indexed), gone when revoked,
//! expired or deleted, sending readers to the public page once published.

use chrono::{Duration, SubsecRound as _, Utc};
use serde_json::{Value, json};
use shared::previews::{PreviewLink, PreviewList, PreviewState};
use shared::staff::Role;
use shared::{Article, ArticleStatus, ErrorCode};
use tests::{Db, TestApp, assert_problem, both_databases, header};

async fn make(app: &TestApp, token: &str, article: &Article, body: &Value) -> reqwest::Response {
    app.client
        .post(app.url(&format!(
            "/api/v1/newsroom/articles/{}/previews",
            article.id
        )))
        .bearer_auth(token)
        .json(body)
        .send()
        .await
        .expect("answers")
}

async fn link(app: &TestApp, token: &str, article: &Article, body: Value) -> (PreviewLink, String) {
    let response = make(app, token, article, &body).await;
    assert_eq!(response.status(), 201);
    assert_eq!(
        header(response.headers(), "cache-control"),
        "private, no-store"
    );
    let link: PreviewLink = response.json().await.expect("a link");
    let path = link.path.clone().expect("its address, once");
    let secret = path
        .strip_prefix("/pratinjau/")
        .expect("a page of the site")
        .to_owned();
    (link, secret)
}

async fn open(app: &TestApp, secret: &str) -> reqwest::Response {
    app.get(&format!("/api/v1/previews/{secret}")).await
}

async fn a_preview_link_shows_the_draft_to_anyone_who_has_it(db: Db) {
    let app = TestApp::builder(db)
        .configure(|settings| {
            settings.web.public_url = Some("https://berita.example".into());
            settings.http.cache_revalidate_ms = 3_600_000;
        })
        .spawn()
        .await;
    let author = app.staff(Role::Author, "Ani Penulis").await;
    let other = app.staff(Role::Author, "Budi Penulis").await;
    let draft = author
        .create(&tests::draft("Rahasia Redaksi Belum Terbit"))
        .await;
    let draft = author.submit(&draft).await;
    let (made, secret) = link(&app, &author.token, &draft, json!({})).await;
    assert_eq!(made.state, PreviewState::Active);
    assert_eq!(made.created_by.as_deref(), Some("Ani Penulis"));
    assert_eq!(made.expires_at - made.created_at, Duration::hours(48));
    assert_eq!(secret.len(), 43);

    // No account needed; nothing kept, nothing indexed.
    let response = open(&app, &secret).await;
    assert_eq!(response.status(), 200);
    assert_eq!(
        header(response.headers(), "cache-control"),
        "private, no-store"
    );
    assert_eq!(
        header(response.headers(), "x-robots-tag"),
        "noindex, nofollow"
    );
    let shown: Article = response.json().await.expect("the article");
    assert_eq!((shown.id, shown.status), (draft.id, ArticleStatus::Draft));
    assert_eq!(shown.review_requested_at, None, "what only staff see");
    let page = app.get(&format!("/pratinjau/{secret}")).await;
    assert_eq!(page.status(), 200);
    assert_eq!(header(page.headers(), "cache-control"), "private, no-store");
    assert_eq!(header(page.headers(), "referrer-policy"), "no-referrer");
    let html = page.text().await.expect("a page");
    assert!(html.contains(&draft.headline));
    assert!(html.contains("<meta name=\"robots\" content=\"noindex, nofollow\">"));
    assert!(html.contains("class=\"preview-notice\""));
    // Still not public.
    assert_eq!(
        app.get(&format!("/api/v1/articles/{}", draft.slug))
            .await
            .status(),
        404
    );
    assert_eq!(
        app.get(&format!("/artikel/{}", draft.slug)).await.status(),
        404
    );

    // The list says what exists, never the address; others cannot tell the draft exists.
    let list: PreviewList = app
        .get_authed(
            &format!("/api/v1/newsroom/articles/{}/previews", draft.id),
            &author.token,
        )
        .await
        .json()
        .await
        .expect("links");
    assert_eq!(list.data.len(), 1);
    assert_eq!(list.data[0].path, None);
    let response = make(&app, &other.token, &draft, &json!({})).await;
    assert_problem(response, 404, ErrorCode::NotFound, None).await;

    // Addresses that are no link.
    for wrong in [
        "A".repeat(43),
        secret[..42].to_owned(),
        format!("{secret}A"),
        "..%2F..%2Fapi%2Fv1%2Farticles".to_owned(),
        "%3Cscript%3E".to_owned(),
    ] {
        assert_problem(open(&app, &wrong).await, 404, ErrorCode::NotFound, None).await;
        assert_eq!(
            app.get(&format!("/pratinjau/{wrong}")).await.status(),
            404,
            "{wrong}"
        );
    }

    // Revoked: gone at once, for the API and the page.
    let response = app
        .client
        .delete(app.url(&format!(
            "/api/v1/newsroom/articles/{}/previews/{}",
            draft.id, made.id
        )))
        .bearer_auth(&author.token)
        .send()
        .await
        .expect("answers");
    assert_eq!(response.status(), 204);
    assert_problem(open(&app, &secret).await, 410, ErrorCode::Gone, None).await;
    assert_eq!(app.get(&format!("/pratinjau/{secret}")).await.status(), 410);
}

async fn a_link_ends_at_its_time_and_leads_to_the_published_story(db: Db) {
    let app = TestApp::builder(db).manual_clock().spawn().await;
    let now = Utc::now().trunc_subsecs(6);
    app.set_clock(now);
    let editor = app.staff(Role::Editor, "Sari Editor").await;
    let draft = editor
        .create(&tests::draft("Laporan Khusus Akhir Pekan"))
        .await;
    // From 1 to 168 hours.
    for hours in [0, 169] {
        let response = make(&app, &editor.token, &draft, &json!({"hours": hours})).await;
        assert_problem(response, 400, ErrorCode::InvalidBody, Some("hours")).await;
    }
    let response = make(&app, &editor.token, &draft, &json!({"minutes": 5})).await;
    assert_problem(response, 400, ErrorCode::InvalidBody, Some("minutes")).await;
    let (week, week_secret) = link(&app, &editor.token, &draft, json!({"hours": 168})).await;
    assert_eq!(week.expires_at - week.created_at, Duration::hours(168));
    let (_, secret) = link(&app, &editor.token, &draft, json!({"hours": 1})).await;

    app.set_clock(now + Duration::hours(1) - Duration::microseconds(1));
    assert_eq!(open(&app, &secret).await.status(), 200);
    app.set_clock(now + Duration::hours(1));
    assert_problem(open(&app, &secret).await, 410, ErrorCode::Gone, None).await;
    app.set_clock(now);

    // Published: the link sends readers to the story's own address.
    let published = editor.publish(&draft).await;
    let response = open(&app, &week_secret).await;
    assert_eq!(response.status(), 303);
    assert_eq!(
        header(response.headers(), "location"),
        format!("/api/v1/articles/{}", published.slug)
    );
    let page = app.get(&format!("/pratinjau/{week_secret}")).await;
    assert_eq!(page.status(), 303);
    assert_eq!(
        header(page.headers(), "location"),
        format!("/artikel/{}", published.slug)
    );

    // Deleted: gone.
    let response = app
        .client
        .delete(app.url(&format!("/api/v1/newsroom/articles/{}", published.id)))
        .bearer_auth(&editor.token)
        .header("If-Match", format!("\"v{}\"", published.version))
        .send()
        .await
        .expect("answers");
    assert_eq!(response.status(), 200);
    assert_problem(open(&app, &week_secret).await, 410, ErrorCode::Gone, None).await;
}

both_databases!(
    a_preview_link_shows_the_draft_to_anyone_who_has_it,
    a_link_ends_at_its_time_and_leads_to_the_published_story,
);
