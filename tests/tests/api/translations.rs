//! Translations: started from an article (a draft in the other language, its structure
//! copied, marked as translated from it), linked in one group; once public each lists
//! the others in our JSON, ninjs and JSON-LD, its page's head and the sitemap point to
//! them (`hreflang`); one translation per language in a group.

use serde_json::{Value, json};
use shared::staff::Role;
use shared::{Article, ArticleStatus, ErrorCode};
use tests::{Db, TestApp, assert_problem, both_databases, header};

async fn translate(
    app: &TestApp,
    token: &str,
    article: &Article,
    body: Value,
) -> reqwest::Response {
    app.client
        .post(app.url(&format!(
            "/api/v1/newsroom/articles/{}/translations",
            article.id
        )))
        .bearer_auth(token)
        .json(&body)
        .send()
        .await
        .expect("answers")
}

async fn json_of(app: &TestApp, path: &str) -> Value {
    let response = app.get(path).await;
    assert_eq!(response.status(), 200, "{path}");
    response.json().await.expect("JSON")
}

async fn a_story_and_its_translations_point_to_each_other(db: Db) {
    let app = TestApp::builder(db)
        .configure(|s| s.web.public_url = Some("https://berita.example".into()))
        .spawn()
        .await;
    let editor = app.staff(Role::Editor, "Sari Editor").await;
    let mut input = tests::draft("Banjir Besar Melanda Jakarta");
    input.standfirst = Some("Ribuan warga mengungsi.".into());
    let original = editor.publish(&editor.create(&input).await).await;

    let response = translate(&app, &editor.token, &original, json!({"language": "en"})).await;
    assert_eq!(response.status(), 201);
    assert_eq!(header(response.headers(), "etag"), "\"v1\"");
    let draft: Article = response.json().await.expect("the translation");
    assert_eq!(
        (draft.language.as_str(), draft.status, draft.translation_of),
        ("en", ArticleStatus::Draft, Some(original.id))
    );
    // Its structure and text to translate, copied.
    assert_eq!(
        (
            &draft.headline,
            &draft.standfirst,
            &draft.body,
            &draft.section
        ),
        (
            &original.headline,
            &original.standfirst,
            &original.body,
            &original.section
        )
    );
    // A draft is no one's translation yet.
    let seen: Article = app
        .get_json(&format!("/api/v1/articles/{}", original.slug))
        .await;
    assert!(seen.translations.is_empty());

    // One per language in the group; not the article's own; a tag; yours to read.
    let response = translate(&app, &editor.token, &original, json!({"language": "en"})).await;
    assert_problem(response, 409, ErrorCode::Conflict, None).await;
    let response = translate(&app, &editor.token, &draft, json!({"language": "id"})).await;
    assert_problem(response, 409, ErrorCode::Conflict, None).await;
    let response = translate(&app, &editor.token, &original, json!({"language": "ID"})).await;
    assert_problem(response, 409, ErrorCode::Conflict, None).await;
    let response = translate(
        &app,
        &editor.token,
        &original,
        json!({"language": "bahasa inggris"}),
    )
    .await;
    assert_problem(response, 400, ErrorCode::InvalidBody, Some("language")).await;
    let response = translate(
        &app,
        &editor.token,
        &original,
        json!({"language": "en", "status": "published"}),
    )
    .await;
    assert_problem(response, 400, ErrorCode::InvalidBody, Some("status")).await;
    let author = app.staff(Role::Author, "Ani Penulis").await;
    let response = translate(&app, &author.token, &original, json!({"language": "fr"})).await;
    assert_problem(response, 404, ErrorCode::NotFound, None).await;

    // Translated and published: each lists the other.
    let mut english = tests::draft("Major Floods Hit Jakarta");
    english.language = "en".into();
    let translation = editor.publish(&editor.update(&draft, &english).await).await;
    let seen: Article = app
        .get_json(&format!("/api/v1/articles/{}", original.slug))
        .await;
    assert_eq!(seen.translations.len(), 1);
    assert_eq!(
        (
            seen.translations[0].language.as_str(),
            seen.translations[0].slug.as_str(),
            seen.translations[0].headline.as_str()
        ),
        ("en", translation.slug.as_str(), "Major Floods Hit Jakarta")
    );
    assert_eq!(seen.translation_of, None);
    let other: Article = app
        .get_json(&format!("/api/v1/articles/{}", translation.slug))
        .await;
    assert_eq!(other.translations[0].id, original.id);
    assert_eq!(other.translation_of, Some(original.id));

    // ninjs: an association of the other language, valid ninjs 3.1.
    let ninjs = json_of(
        &app,
        &format!("/api/v1/articles/{}?format=ninjs", original.slug),
    )
    .await;
    let association = ninjs["associations"]
        .as_array()
        .and_then(|a| a.iter().find(|a| a["rel"] == "translation"))
        .expect("the translation");
    assert_eq!(association["name"], "translation-en");
    assert_eq!(association["language"], "en");
    assert_eq!(
        association["uri"],
        format!("https://berita.example/artikel/{}", translation.slug)
    );
    let validator = crate::formats::ninjs_validator();
    assert!(
        validator.is_valid(&ninjs),
        "{:?}",
        validator
            .iter_errors(&ninjs)
            .map(|e| e.to_string())
            .collect::<Vec<_>>()
    );
    // JSON-LD: what it was translated from, and its translations.
    let ld = json_of(
        &app,
        &format!("/api/v1/articles/{}?format=jsonld", translation.slug),
    )
    .await;
    assert_eq!(
        ld["translationOfWork"]["@id"],
        format!("https://berita.example/artikel/{}", original.slug)
    );
    let ld = json_of(
        &app,
        &format!("/api/v1/articles/{}?format=jsonld", original.slug),
    )
    .await;
    assert_eq!(ld["workTranslation"][0]["inLanguage"], "en");

    // The page's head and the sitemap name every language, its own among them.
    let page = app
        .get(&format!("/artikel/{}", original.slug))
        .await
        .text()
        .await
        .expect("a page");
    for (language, slug) in [("id", &original.slug), ("en", &translation.slug)] {
        let link = format!(
            "<link rel=\"alternate\" hreflang=\"{language}\" href=\"https://berita.example/artikel/{slug}\">"
        );
        assert!(page.contains(&link), "{link}");
    }
    let sitemap = app
        .get("/sitemaps/articles.xml")
        .await
        .text()
        .await
        .expect("a sitemap");
    let alternate = format!(
        "<xhtml:link rel=\"alternate\" hreflang=\"en\" href=\"https://berita.example/artikel/{}\"/>",
        translation.slug
    );
    assert_eq!(sitemap.matches(&alternate).count(), 2, "{sitemap}");

    // Taken down: no longer a translation anyone can read.
    editor.unpublish(&translation).await;
    let seen: Article = app
        .get_json(&format!("/api/v1/articles/{}", original.slug))
        .await;
    assert!(seen.translations.is_empty());
    let sitemap = app
        .get("/sitemaps/articles.xml")
        .await
        .text()
        .await
        .expect("a sitemap");
    assert!(!sitemap.contains("xhtml:link"), "{sitemap}");
    let page = app
        .get(&format!("/artikel/{}", original.slug))
        .await
        .text()
        .await
        .expect("a page");
    assert!(!page.contains("hreflang=\"en\" href=\"https://berita.example/artikel/"));
}

both_databases!(a_story_and_its_translations_point_to_each_other);
