//! Markup staff may write: Markdown as an input format, and links and emphasis in
//! paragraphs through the allow-list sanitiser — what readers and partners get back.

use serde_json::{Value, json};
use shared::staff::Role;
use shared::{Article, Block, ErrorCode, HeadingBlock, ListBlock, ParagraphBlock, QuoteBlock};
use tests::{Db, TestApp, assert_problem, both_databases, spawn_app};

fn with_body(body: Value) -> Value {
    let mut article = json!({
        "headline": "Putin Tiba di Pyongyang",
        "section": "internasional",
        "language": "id",
    });
    for (key, value) in body.as_object().expect("object") {
        article[key] = value.clone();
    }
    article
}

async fn create(app: &TestApp, token: &str, body: Value) -> reqwest::Response {
    app.post_json("/api/v1/newsroom/articles", &with_body(body), Some(token))
        .await
}

const MARKDOWN: &str = "Presiden **Vladimir Putin** tiba di [Pyongyang](https://id.wikipedia.org/wiki/Pyongyang) \
pada Rabu *dini hari*.\n\n\
## Aliansi yang Semakin Kuat\n\n\
> Rusia berhak mempertahankan dirinya.\n>\n> — Kim Jong Un\n\n\
- Pakta pertahanan\n- Kerja sama energi\n";

async fn markdown_becomes_blocks_readers_get(db: Db) {
    let app = spawn_app(db).await;
    let editor = app.staff_token(Role::Editor, "Sari Editor").await;
    let created = create(&app, &editor, json!({"body_markdown": MARKDOWN})).await;
    assert_eq!(created.status(), 201);
    let article: Article = created.json().await.expect("article");
    let link = "<a href=\"https://id.wikipedia.org/wiki/Pyongyang\" rel=\"noopener noreferrer nofollow\">Pyongyang</a>";
    assert_eq!(
        article.body,
        vec![
            Block::Paragraph(ParagraphBlock {
                text: "Presiden Vladimir Putin tiba di Pyongyang pada Rabu dini hari.".into(),
                html: Some(format!(
                    "Presiden <strong>Vladimir Putin</strong> tiba di {link} pada Rabu <em>dini hari</em>."
                )),
            }),
            Block::Heading(HeadingBlock {
                level: 2,
                text: "Aliansi yang Semakin Kuat".into()
            }),
            Block::Quote(QuoteBlock {
                text: "Rusia berhak mempertahankan dirinya.".into(),
                speaker: Some("Kim Jong Un".into()),
                attribution: None,
            }),
            Block::List(ListBlock {
                ordered: false,
                items: vec!["Pakta pertahanan".into(), "Kerja sama energi".into()],
            }),
        ]
    );

    let published = app.publish(&editor, &article).await;
    let public: Article = app
        .get_json(&format!("/api/v1/articles/{}", published.slug))
        .await;
    assert!(public.body_html.starts_with(&format!(
        "<p>Presiden <strong>Vladimir Putin</strong> tiba di {link} pada Rabu <em>dini hari</em>.</p>\n<h2>"
    )));
    assert!(
        public.body_text.starts_with(
            "Presiden Vladimir Putin tiba di Pyongyang pada Rabu dini hari.\n\nAliansi"
        )
    );
    // 10 + 4 + 4 + 5: the list's markers are not words.
    assert_eq!(public.word_count, 23);
    // The Markdown itself is an input format: it is not stored or sent back.
    let raw: Value = app
        .get_json(&format!("/api/v1/articles/{}", published.slug))
        .await;
    assert!(raw.get("body_markdown").is_none());
}

async fn paragraph_markup_is_sanitised_and_round_trips(db: Db) {
    let app = spawn_app(db).await;
    let editor = app.staff_token(Role::Editor, "Sari Editor").await;
    let created = create(
        &app,
        &editor,
        json!({"body": [{"type": "paragraph",
            "html": "Menurut <a href=\"https://kcna.kp/\" target=\"_blank\" onclick=\"steal()\">KCNA</a>, \
                     <em>pertemuan</em> <span style=\"color:red\">berlangsung</span> hangat.\
                     <script>alert(1)</script><img src=x onerror=alert(1)>"}]}),
    )
    .await;
    assert_eq!(created.status(), 201);
    let article: Article = created.json().await.expect("article");
    let expected = Block::Paragraph(ParagraphBlock {
        text: "Menurut KCNA, pertemuan berlangsung hangat.".into(),
        html: Some(
            "Menurut <a href=\"https://kcna.kp/\" rel=\"noopener noreferrer nofollow\">KCNA</a>, \
             <em>pertemuan</em> berlangsung hangat."
                .into(),
        ),
    });
    assert_eq!(article.body, vec![expected.clone()]);

    // What the server sent back can be sent again as it is (text and html agree)…
    let mut again = with_body(json!({"body": article.body}));
    let response = app
        .client
        .put(app.url(&format!("/api/v1/newsroom/articles/{}", article.id)))
        .bearer_auth(&editor)
        .header("If-Match", "\"v1\"")
        .json(&again)
        .send()
        .await
        .expect("response");
    assert_eq!(response.status(), 200);
    let saved: Article = response.json().await.expect("article");
    assert_eq!(saved.body, vec![expected]);
    // …but an edit to one of the two that the other does not follow is refused,
    // not silently dropped.
    again["body"][0]["text"] = json!("Menurut KCNA, pertemuan berlangsung dingin.");
    let response = app
        .client
        .put(app.url(&format!("/api/v1/newsroom/articles/{}", article.id)))
        .bearer_auth(&editor)
        .header("If-Match", "\"v2\"")
        .json(&again)
        .send()
        .await
        .expect("response");
    assert_problem(response, 400, ErrorCode::InvalidBody, Some("body[0].text")).await;

    // Markup that is only text is stored as text.
    let plain = create(
        &app,
        &editor,
        json!({"body": [{"type": "paragraph", "html": "Tom &amp; <span>Jerry</span>"}]}),
    )
    .await;
    assert_eq!(plain.status(), 201);
    let plain: Article = plain.json().await.expect("article");
    assert_eq!(plain.body, vec![Block::paragraph("Tom & Jerry")]);
    assert_eq!(plain.body_html, "<p>Tom &amp; Jerry</p>");
}

async fn bad_markup_names_the_field(db: Db) {
    let app = spawn_app(db).await;
    let editor = app.staff_token(Role::Editor, "Sari Editor").await;
    for (body, field, says) in [
        (
            json!({"body_markdown": "Satu.\n\nDua ![peta](https://x.test/p.png)"}),
            "body_markdown",
            "line 3",
        ),
        (
            json!({"body_markdown": "  \n\n---\n"}),
            "body_markdown",
            "1 to 500 blocks",
        ),
        (
            json!({"body_markdown": format!("## {}", "a".repeat(201))}),
            "body_markdown",
            "body[0].text",
        ),
        (
            json!({"body_markdown": "Isi.", "body": [{"type": "paragraph", "text": "Isi."}]}),
            "body_markdown",
            "not both",
        ),
        (
            json!({"body": [{"type": "paragraph", "html": "<script>alert(1)</script>"}]}),
            "body[0].html",
            "no text once sanitised",
        ),
        (
            json!({"body": [{"type": "paragraph"}]}),
            "body[0].text",
            "1 to 20000 characters",
        ),
        (json!({"body_markdown": 42}), "body_markdown", ""),
    ] {
        let response = create(&app, &editor, body).await;
        let problem = assert_problem(response, 400, ErrorCode::InvalidBody, Some(field)).await;
        assert!(
            problem.detail.contains(says),
            "{field}: {:?} should say {says:?}",
            problem.detail
        );
    }
}

both_databases!(
    markdown_becomes_blocks_readers_get,
    paragraph_markup_is_sanitised_and_round_trips,
    bad_markup_names_the_field,
);
