//! The newsroom's write API: drafts, edits guarded by If-Match, publication,
//! scheduling to the second, unpublishing, revisions, and who may do what.

use serde_json::{Value, json};
use shared::newsroom::{ArticleInput, RevisionList};
use shared::staff::Role;
use shared::{
    Article, ArticlePage, ArticleStatus, Block, Dateline, ErrorCode, HeadingBlock, Place,
    QuoteBlock,
};
use tests::{Db, TestApp, assert_problem, both_databases, header, spawn_app};

/// A full draft: every field an editor fills in, and a body of three kinds of block.
fn input(headline: &str) -> ArticleInput {
    ArticleInput {
        standfirst: Some("Ringkasan singkat.".into()),
        dateline: Some(Dateline {
            text: "Seoul, Korea Selatan".into(),
            place: Place {
                city: "Seoul".into(),
                country: Some("Korea Selatan".into()),
            },
        }),
        byline: Some("Tim Global Insight".into()),
        tags: vec!["Korea Selatan".into()],
        body: vec![
            Block::paragraph("Paragraf pembuka berita."),
            Block::Heading(HeadingBlock {
                level: 2,
                text: "Sub-judul".into(),
            }),
            Block::Quote(QuoteBlock {
                text: "Kami siap.".into(),
                speaker: Some("Yoon".into()),
                attribution: Some("kata Yoon.".into()),
            }),
        ],
        ..tests::draft(headline)
    }
}

/// The same as JSON, for tests that change it, some into what the contract refuses.
fn draft(headline: &str) -> Value {
    serde_json::to_value(input(headline)).expect("JSON")
}

async fn send(
    app: &TestApp,
    method: reqwest::Method,
    path: &str,
    token: &str,
    if_match: Option<&str>,
    body: Option<&Value>,
) -> reqwest::Response {
    let mut request = app.client.request(method, app.url(path)).bearer_auth(token);
    if let Some(tag) = if_match {
        request = request.header("If-Match", tag);
    }
    if let Some(body) = body {
        request = request.json(body);
    }
    request.send().await.expect("the server answers")
}

async fn create(app: &TestApp, token: &str, headline: &str) -> Article {
    let response = app
        .post_json("/api/v1/newsroom/articles", &input(headline), Some(token))
        .await;
    assert_eq!(response.status(), 201, "create {headline}");
    assert_eq!(header(response.headers(), "etag"), "\"v1\"");
    response.json().await.expect("article")
}

fn path(article: &Article) -> String {
    format!("/api/v1/newsroom/articles/{}", article.id)
}

fn public_slugs(page: &ArticlePage) -> Vec<&str> {
    page.data.iter().map(|a| a.slug.as_str()).collect()
}

async fn draft_edit_publish_and_revisions(db: Db) {
    let app = spawn_app(db).await;
    let editor = app.staff_token(Role::Editor, "Sari Editor").await;
    let article = create(&app, &editor, "Seoul Siaga Penuh").await;
    assert_eq!(article.status, ArticleStatus::Draft);
    assert_eq!(article.slug, "seoul-siaga-penuh");
    assert_eq!(article.version, 1);
    assert!(article.body_html.contains("<h2>Sub-judul</h2>"));

    // A draft is not public, by slug or in lists.
    assert_eq!(
        app.get("/api/v1/articles/seoul-siaga-penuh").await.status(),
        404
    );
    let public: ArticlePage = app.get_json("/api/v1/articles").await;
    assert!(!public_slugs(&public).contains(&"seoul-siaga-penuh"));

    let edited = draft("Seoul Siaga Penuh Usai Latihan Rudal");
    let response = send(
        &app,
        reqwest::Method::PUT,
        &path(&article),
        &editor,
        None,
        Some(&edited),
    )
    .await;
    assert_problem(response, 428, ErrorCode::PreconditionRequired, None).await;
    let response = send(
        &app,
        reqwest::Method::PUT,
        &path(&article),
        &editor,
        Some("\"v7\""),
        Some(&edited),
    )
    .await;
    assert_problem(response, 412, ErrorCode::PreconditionFailed, None).await;
    let response = send(
        &app,
        reqwest::Method::PUT,
        &path(&article),
        &editor,
        Some("\"v1\""),
        Some(&edited),
    )
    .await;
    assert_eq!(response.status(), 200);
    assert_eq!(header(response.headers(), "etag"), "\"v2\"");
    let article: Article = response.json().await.expect("article");
    assert_eq!(
        article.slug, "seoul-siaga-penuh-usai-latihan-rudal",
        "a draft's slug follows its headline"
    );

    let response = send(
        &app,
        reqwest::Method::POST,
        &format!("{}/publish", path(&article)),
        &editor,
        Some("\"v2\""),
        None,
    )
    .await;
    assert_eq!(response.status(), 200);
    let published: Article = response.json().await.expect("article");
    assert_eq!(published.status, ArticleStatus::Published);
    assert!(published.first_published_at.is_some());
    let public: Article = app
        .get_json("/api/v1/articles/seoul-siaga-penuh-usai-latihan-rudal")
        .await;
    assert_eq!(public.headline, "Seoul Siaga Penuh Usai Latihan Rudal");

    // After publication the slug is a public URL and stays.
    let retitled = draft("Judul Baru Sama Sekali");
    let response = send(
        &app,
        reqwest::Method::PUT,
        &path(&article),
        &editor,
        Some("\"v3\""),
        Some(&retitled),
    )
    .await;
    assert_eq!(response.status(), 200);
    let retitled: Article = response.json().await.expect("article");
    assert_eq!(retitled.slug, "seoul-siaga-penuh-usai-latihan-rudal");
    assert_eq!(retitled.version, 4);

    let response = send(
        &app,
        reqwest::Method::POST,
        &format!("{}/unpublish", path(&article)),
        &editor,
        Some("\"v4\""),
        None,
    )
    .await;
    assert_eq!(response.status(), 200);
    assert_eq!(
        app.get("/api/v1/articles/seoul-siaga-penuh-usai-latihan-rudal")
            .await
            .status(),
        404
    );

    let revisions: RevisionList = app
        .get_authed(&format!("{}/revisions", path(&article)), &editor)
        .await
        .json()
        .await
        .expect("revisions");
    let history: Vec<(i64, &str)> = revisions
        .data
        .iter()
        .map(|r| (r.version, r.action.as_str()))
        .collect();
    assert_eq!(
        history,
        [
            (5, "unpublish"),
            (4, "update"),
            (3, "publish"),
            (2, "update"),
            (1, "create")
        ]
    );
}

async fn concurrent_edits_from_one_version_give_one_winner(db: Db) {
    let app = spawn_app(db).await;
    let editor = app.staff_token(Role::Editor, "Sari Editor").await;
    let article = create(&app, &editor, "Satu Versi Banyak Penyunting").await;
    const WRITERS: usize = 8;
    let mut handles = Vec::new();
    for n in 0..WRITERS {
        let client = app.client.clone();
        let url = app.url(&path(&article));
        let editor = editor.clone();
        let body = draft(&format!("Versi Penyunting {n}"));
        handles.push(tokio::spawn(async move {
            client
                .put(url)
                .bearer_auth(editor)
                .header("If-Match", "\"v1\"")
                .json(&body)
                .send()
                .await
                .expect("response")
                .status()
                .as_u16()
        }));
    }
    let mut statuses = Vec::new();
    for handle in handles {
        statuses.push(handle.await.expect("task"));
    }
    statuses.sort_unstable();
    let mut expected = vec![200];
    expected.extend(std::iter::repeat_n(412, WRITERS - 1));
    assert_eq!(statuses, expected);
    let now: Article = app
        .get_authed(&path(&article), &editor)
        .await
        .json()
        .await
        .expect("article");
    assert_eq!(now.version, 2);
    let revisions: RevisionList = app
        .get_authed(&format!("{}/revisions", path(&article)), &editor)
        .await
        .json()
        .await
        .expect("revisions");
    assert_eq!(
        revisions.data.len(),
        2,
        "create and the one accepted edit, none lost or doubled"
    );
}

async fn a_scheduled_article_appears_on_the_second(db: Db) {
    let app = TestApp::builder(db).manual_clock().spawn().await;
    let editor = app.staff_token(Role::Editor, "Sari Editor").await;
    let article = create(&app, &editor, "Embargo Sampai Pukul Sembilan").await;
    let at = chrono::Utc::now() + chrono::Duration::hours(2);
    let at = at - chrono::Duration::nanoseconds(i64::from(chrono::Timelike::nanosecond(&at)));
    let response = send(
        &app,
        reqwest::Method::POST,
        &format!("{}/schedule", path(&article)),
        &editor,
        Some("\"v1\""),
        Some(&json!({"published_at": at.to_rfc3339()})),
    )
    .await;
    assert_eq!(response.status(), 200);
    let scheduled: Article = response.json().await.expect("article");
    assert_eq!(scheduled.status, ArticleStatus::Scheduled);
    let slug = "/api/v1/articles/embargo-sampai-pukul-sembilan";

    app.set_clock(at - chrono::Duration::seconds(1));
    assert_eq!(app.get(slug).await.status(), 404, "one second early");
    let page: ArticlePage = app.get_json("/api/v1/articles").await;
    assert!(!public_slugs(&page).contains(&"embargo-sampai-pukul-sembilan"));

    app.set_clock(at);
    let public: Article = app.get_json(slug).await;
    assert_eq!(public.status, ArticleStatus::Published);
    assert_eq!(
        public.published_at.map(|t| t.timestamp()),
        Some(at.timestamp())
    );
    let page: ArticlePage = app.get_json("/api/v1/articles").await;
    assert_eq!(
        public_slugs(&page).first(),
        Some(&"embargo-sampai-pukul-sembilan")
    );

    // Scheduling in the past is refused, naming the field.
    let other = create(&app, &editor, "Terlambat").await;
    let response = send(
        &app,
        reqwest::Method::POST,
        &format!("{}/schedule", path(&other)),
        &editor,
        Some("\"v1\""),
        Some(&json!({"published_at": (at - chrono::Duration::minutes(1)).to_rfc3339()})),
    )
    .await;
    assert_problem(response, 400, ErrorCode::InvalidBody, Some("published_at")).await;
}

async fn authors_write_their_own_drafts_only(db: Db) {
    let app = spawn_app(db).await;
    let author = app.staff_token(Role::Author, "Budi Penulis").await;
    let other_author = app.staff_token(Role::Author, "Citra Penulis").await;
    let editor = app.staff_token(Role::Editor, "Sari Editor").await;
    let own = create(&app, &author, "Tulisan Budi").await;
    let byline = own.byline.clone().expect("byline");
    assert_eq!(
        byline.authors[0].slug, "budi-penulis",
        "an author's own profile leads the byline"
    );

    // Another author cannot see or touch it: it does not exist for them.
    assert_eq!(
        app.get_authed(&path(&own), &other_author).await.status(),
        404
    );
    let response = send(
        &app,
        reqwest::Method::PUT,
        &path(&own),
        &other_author,
        Some("\"v1\""),
        Some(&draft("Bukan Milikku")),
    )
    .await;
    assert_eq!(response.status(), 404);

    // Authors cannot publish, schedule or unpublish, even their own work.
    for action in ["publish", "unpublish"] {
        let response = send(
            &app,
            reqwest::Method::POST,
            &format!("{}/{action}", path(&own)),
            &author,
            Some("\"v1\""),
            None,
        )
        .await;
        assert_problem(response, 403, ErrorCode::Forbidden, None).await;
    }
    // The author hands it in for review; the editor publishes it, which clears the
    // request; then the author can no longer edit it.
    let response = send(
        &app,
        reqwest::Method::POST,
        &format!("{}/submit", path(&own)),
        &author,
        Some("\"v1\""),
        None,
    )
    .await;
    assert_eq!(response.status(), 200);
    let submitted: Article = response.json().await.expect("article");
    assert!(submitted.review_requested_at.is_some());
    assert_eq!(submitted.status, ArticleStatus::Draft);
    let again = send(
        &app,
        reqwest::Method::POST,
        &format!("{}/submit", path(&own)),
        &author,
        Some("\"v2\""),
        None,
    )
    .await;
    assert_problem(again, 409, ErrorCode::Conflict, None).await;
    let response = send(
        &app,
        reqwest::Method::POST,
        &format!("{}/publish", path(&own)),
        &editor,
        Some("\"v2\""),
        None,
    )
    .await;
    assert_eq!(response.status(), 200);
    let published: Article = response.json().await.expect("article");
    assert_eq!(published.review_requested_at, None);
    let response = send(
        &app,
        reqwest::Method::PUT,
        &path(&own),
        &author,
        Some("\"v3\""),
        Some(&draft("Ubah Setelah Terbit")),
    )
    .await;
    assert_problem(response, 403, ErrorCode::Forbidden, None).await;

    // Lists: authors see their own, editors everything.
    let mine: shared::newsroom::StaffArticleList = app
        .get_authed("/api/v1/newsroom/articles", &other_author)
        .await
        .json()
        .await
        .expect("list");
    assert!(mine.data.is_empty());
    let all: shared::newsroom::StaffArticleList = app
        .get_authed("/api/v1/newsroom/articles?status=published", &editor)
        .await
        .json()
        .await
        .expect("list");
    assert!(all.data.iter().any(|a| a.id == own.id));

    assert_eq!(app.get("/api/v1/newsroom/articles").await.status(), 401);
}

async fn fields_a_role_may_not_set_are_refused(db: Db) {
    let app = spawn_app(db).await;
    let editor = app.staff_token(Role::Editor, "Sari Editor").await;
    for (key, value) in [
        ("status", json!("published")),
        ("authors", json!(["sari-editor"])),
        ("version", json!(9)),
        ("id", json!("01980000-0000-7000-8000-000000000001")),
        ("slug", json!("pilihan-sendiri")),
        ("first_published_at", json!("2025-01-01T00:00:00Z")),
    ] {
        let mut body = draft("Coba Selundupkan");
        body[key] = value;
        let response = app
            .post_json("/api/v1/newsroom/articles", &body, Some(&editor))
            .await;
        assert_problem(response, 400, ErrorCode::InvalidBody, Some(key)).await;
    }
    // Nor can anything ride along in the query string.
    let article = create(&app, &editor, "Lewat Query").await;
    for (method, url, field) in [
        (
            reqwest::Method::GET,
            format!("{}?id={}", path(&article), uuid::Uuid::now_v7()),
            "id",
        ),
        (
            reqwest::Method::POST,
            format!("{}/publish?status=draft", path(&article)),
            "status",
        ),
        (
            reqwest::Method::GET,
            "/api/v1/auth/me?user_id=1".to_owned(),
            "user_id",
        ),
        (
            reqwest::Method::GET,
            "/api/v1/newsroom/articles?owner=someone".to_owned(),
            "owner",
        ),
    ] {
        let response = send(&app, method, &url, &editor, Some("\"v1\""), None).await;
        assert_problem(response, 400, ErrorCode::UnknownParameter, Some(field)).await;
    }
    let long = "a".repeat(201);
    for (key, value, field) in [
        ("headline", json!(long), "headline"),
        ("headline", json!("  "), "headline"),
        ("section", json!("tidak-ada"), "section"),
        ("language", json!("bahasa indonesia"), "language"),
        ("body", json!([]), "body"),
        (
            "body",
            json!([{"type": "heading", "level": 1, "text": "H1"}]),
            "body[0].level",
        ),
        (
            "body",
            json!([{"type": "paragraph", "text": ""}]),
            "body[0].text",
        ),
        (
            "body",
            json!([{"type": "video", "src": "x"}]),
            "body[0].type",
        ),
        ("tags", json!(["ok", ""]), "tags[1]"),
    ] {
        let mut body = draft("Isian Salah");
        body[key] = value;
        let response = app
            .post_json("/api/v1/newsroom/articles", &body, Some(&editor))
            .await;
        assert_problem(response, 400, ErrorCode::InvalidBody, Some(field)).await;
    }
}

async fn corrections_are_public_and_newest_first(db: Db) {
    let app = spawn_app(db).await;
    let editor = app.staff_token(Role::Editor, "Sari Editor").await;
    let author = app.staff_token(Role::Author, "Budi Penulis").await;
    let article = create(&app, &editor, "Pertemuan Tiga Jam").await;
    let correction = json!({"text": "Pertemuan berlangsung tiga jam, bukan dua."});

    let response = send(
        &app,
        reqwest::Method::POST,
        &format!("{}/corrections", path(&article)),
        &editor,
        Some("\"v1\""),
        Some(&correction),
    )
    .await;
    assert_problem(response, 409, ErrorCode::Conflict, None).await;
    let response = send(
        &app,
        reqwest::Method::POST,
        &format!("{}/publish", path(&article)),
        &editor,
        Some("\"v1\""),
        None,
    )
    .await;
    assert_eq!(response.status(), 200);

    let response = send(
        &app,
        reqwest::Method::POST,
        &format!("{}/corrections", path(&article)),
        &author,
        Some("\"v2\""),
        Some(&correction),
    )
    .await;
    // Corrections are editors' work: an author is refused before anything is looked up.
    assert_problem(response, 403, ErrorCode::Forbidden, None).await;
    let response = send(
        &app,
        reqwest::Method::POST,
        &format!("{}/corrections", path(&article)),
        &editor,
        Some("\"v2\""),
        Some(&json!({"text": " "})),
    )
    .await;
    assert_problem(response, 400, ErrorCode::InvalidBody, Some("text")).await;
    let response = send(
        &app,
        reqwest::Method::POST,
        &format!("{}/corrections", path(&article)),
        &editor,
        Some("\"v2\""),
        Some(&correction),
    )
    .await;
    assert_eq!(response.status(), 201);
    assert_eq!(header(response.headers(), "etag"), "\"v3\"");
    let second = json!({"text": "Nama menteri dieja ulang."});
    let response = send(
        &app,
        reqwest::Method::POST,
        &format!("{}/corrections", path(&article)),
        &editor,
        Some("\"v3\""),
        Some(&second),
    )
    .await;
    assert_eq!(response.status(), 201);

    let public: Article = app.get_json("/api/v1/articles/pertemuan-tiga-jam").await;
    let texts: Vec<&str> = public.corrections.iter().map(|c| c.text.as_str()).collect();
    assert_eq!(
        texts,
        [
            "Pertemuan berlangsung tiga jam, bukan dua.",
            "Nama menteri dieja ulang."
        ]
    );

    let listed: shared::CorrectionPage = app.get_json("/api/v1/corrections").await;
    let listed: Vec<(&str, &str)> = listed
        .data
        .iter()
        .map(|n| (n.correction.text.as_str(), n.article.slug.as_str()))
        .collect();
    assert_eq!(
        listed,
        [
            ("Nama menteri dieja ulang.", "pertemuan-tiga-jam"),
            (
                "Pertemuan berlangsung tiga jam, bukan dua.",
                "pertemuan-tiga-jam"
            ),
        ]
    );

    let second_page: shared::CorrectionPage =
        app.get_json("/api/v1/corrections?per_page=1&page=2").await;
    assert_eq!(
        (
            second_page.data.len(),
            second_page.data.first().map(|n| n.correction.text.as_str()),
            second_page.pagination.total
        ),
        (1, Some("Pertemuan berlangsung tiga jam, bukan dua."), 2)
    );

    // Unpublished, its corrections leave the public list too.
    let response = send(
        &app,
        reqwest::Method::POST,
        &format!("{}/unpublish", path(&article)),
        &editor,
        Some("\"v4\""),
        None,
    )
    .await;
    assert_eq!(response.status(), 200);
    let listed: shared::CorrectionPage = app.get_json("/api/v1/corrections").await;
    assert!(listed.data.is_empty());
}

async fn deleted_articles_leave_at_once_and_can_come_back(db: Db) {
    let app = spawn_app(db).await;
    let editor = app.staff_token(Role::Editor, "Sari Editor").await;
    let article = create(&app, &editor, "Dihapus Lalu Kembali").await;
    let response = send(
        &app,
        reqwest::Method::POST,
        &format!("{}/publish", path(&article)),
        &editor,
        Some("\"v1\""),
        None,
    )
    .await;
    assert_eq!(response.status(), 200);
    assert_eq!(
        app.get("/api/v1/articles/dihapus-lalu-kembali")
            .await
            .status(),
        200
    );

    let response = send(
        &app,
        reqwest::Method::DELETE,
        &path(&article),
        &editor,
        Some("\"v2\""),
        None,
    )
    .await;
    assert_eq!(response.status(), 200);
    assert_eq!(header(response.headers(), "etag"), "\"v3\"");
    assert_eq!(
        app.get("/api/v1/articles/dihapus-lalu-kembali")
            .await
            .status(),
        404
    );
    assert_eq!(app.get_authed(&path(&article), &editor).await.status(), 404);

    let response = send(
        &app,
        reqwest::Method::POST,
        &format!("{}/restore", path(&article)),
        &editor,
        Some("\"v3\""),
        None,
    )
    .await;
    assert_eq!(response.status(), 200);
    let restored: Article = response.json().await.expect("article");
    assert_eq!(restored.status, ArticleStatus::Published);
    assert_eq!(
        app.get("/api/v1/articles/dihapus-lalu-kembali")
            .await
            .status(),
        200
    );
    let response = send(
        &app,
        reqwest::Method::POST,
        &format!("{}/restore", path(&article)),
        &editor,
        Some("\"v4\""),
        None,
    )
    .await;
    assert_problem(response, 409, ErrorCode::Conflict, None).await;
}

async fn revisions_can_be_read_compared_and_restored(db: Db) {
    let app = spawn_app(db).await;
    let editor = app.staff_token(Role::Editor, "Sari Editor").await;
    let article = create(&app, &editor, "Versi Pertama").await;
    let mut second = draft("Versi Kedua");
    second["body"][0]["text"] = json!("Paragraf yang ditulis ulang.");
    second["body"]
        .as_array_mut()
        .expect("blocks")
        .push(json!({"type": "paragraph", "text": "Paragraf tambahan."}));
    let response = send(
        &app,
        reqwest::Method::PUT,
        &path(&article),
        &editor,
        Some("\"v1\""),
        Some(&second),
    )
    .await;
    assert_eq!(response.status(), 200);

    let first: shared::newsroom::RevisionDetail = app
        .get_authed(&format!("{}/revisions/1", path(&article)), &editor)
        .await
        .json()
        .await
        .expect("revision");
    assert_eq!(
        (first.summary.version, first.summary.action.as_str()),
        (1, "create")
    );
    assert_eq!(first.article.headline, "Versi Pertama");

    let diff: shared::newsroom::RevisionDiff = app
        .get_authed(&format!("{}/revisions/2/diff", path(&article)), &editor)
        .await
        .json()
        .await
        .expect("diff");
    let fields: Vec<&str> = diff.changes.iter().map(|c| c.field.as_str()).collect();
    assert_eq!((diff.from_version, diff.to_version), (1, 2));
    assert_eq!(
        fields,
        ["body[0]", "body[3]", "headline"],
        "fields in name order"
    );
    assert_eq!(diff.changes[1].before, None, "an added block has no before");

    let response = send(
        &app,
        reqwest::Method::POST,
        &format!("{}/revisions/1/restore", path(&article)),
        &editor,
        Some("\"v1\""),
        None,
    )
    .await;
    assert_problem(response, 412, ErrorCode::PreconditionFailed, None).await;
    let response = send(
        &app,
        reqwest::Method::POST,
        &format!("{}/revisions/1/restore", path(&article)),
        &editor,
        Some("\"v2\""),
        None,
    )
    .await;
    assert_eq!(response.status(), 200);
    let restored: Article = response.json().await.expect("article");
    assert_eq!(restored.version, 3);
    assert_eq!(restored.headline, "Versi Pertama");
    assert_eq!(restored.body.len(), 3);
    let revisions: RevisionList = app
        .get_authed(&format!("{}/revisions", path(&article)), &editor)
        .await
        .json()
        .await
        .expect("revisions");
    assert_eq!(
        revisions.data[0].action,
        shared::newsroom::RevisionAction::RestoreRevision
    );

    for (url, status) in [
        (format!("{}/revisions/9", path(&article)), 404),
        (format!("{}/revisions/nine", path(&article)), 400),
        (
            format!("{}/revisions/2/diff?against=zero", path(&article)),
            400,
        ),
    ] {
        assert_eq!(
            app.get_authed(&url, &editor).await.status(),
            status,
            "{url}"
        );
    }
}

async fn concurrent_drafts_may_open_the_same_new_tag(db: Db) {
    let app = spawn_app(db).await;
    let editor = app.staff_token(Role::Editor, "Sari Editor").await;
    let mut handles = Vec::new();
    for n in 0..8 {
        let client = app.client.clone();
        let url = app.url("/api/v1/newsroom/articles");
        let editor = editor.clone();
        let mut body = draft(&format!("Berita Serentak {n}"));
        body["tags"] = json!(["Topik Yang Baru Sekali"]);
        body["byline"] = json!("Penulis Yang Baru Sekali");
        handles.push(tokio::spawn(async move {
            let response = client
                .post(url)
                .bearer_auth(editor)
                .json(&body)
                .send()
                .await
                .expect("response");
            response.status().as_u16()
        }));
    }
    for handle in handles {
        assert_eq!(
            handle.await.expect("task"),
            201,
            "every draft is created, none gets a 500"
        );
    }
}

both_databases!(
    concurrent_drafts_may_open_the_same_new_tag,
    revisions_can_be_read_compared_and_restored,
    deleted_articles_leave_at_once_and_can_come_back,
    corrections_are_public_and_newest_first,
    draft_edit_publish_and_revisions,
    concurrent_edits_from_one_version_give_one_winner,
    a_scheduled_article_appears_on_the_second,
    authors_write_their_own_drafts_only,
    fields_a_role_may_not_set_are_refused,
);
