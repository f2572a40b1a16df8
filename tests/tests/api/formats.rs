//! One article, every standard format: native JSON, IPTC ninjs 3.1 (validated
//! against IPTC's own JSON Schema, copied into `specs/ninjs/`) and schema.org
//! NewsArticle JSON-LD, by `Accept` or by `?format=`.

use serde_json::{Value, json};
use shared::newsroom::ArticleInput;
use shared::staff::Role;
use shared::{Article, Dateline, ErrorCode, Place};
use tests::{Db, assert_problem, both_databases, draft, header, spawn_app};

const SEED: &str = "hubungan-antara-korea-utara-dan-rusia-menunjukkan-peningkatan-signifikan-dalam";
const HEADLINE: &str = "Hubungan antara Korea Utara dan Rusia menunjukkan peningkatan signifikan dalam beberapa bulan terakhir";

/// IPTC's schema refers to the GeoJSON schema on the web for `geometry` properties,
/// which our items do not use. The tests have no network: that one reference is
/// answered with a schema that accepts only an object; any other fetch fails.
struct Offline;

impl jsonschema::Retrieve for Offline {
    fn retrieve(
        &self,
        uri: &jsonschema::Uri<String>,
    ) -> Result<Value, Box<dyn std::error::Error + Send + Sync>> {
        match uri.as_str() {
            "https://geojson.org/schema/GeoJSON.json" => Ok(json!({"type": "object"})),
            other => Err(format!("no network in tests: {other}").into()),
        }
    }
}

pub fn ninjs_validator() -> jsonschema::Validator {
    let schema: Value =
        serde_json::from_str(include_str!("../../../specs/ninjs/ninjs-schema_3.1.json"))
            .expect("IPTC's schema is JSON");
    jsonschema::options()
        .should_validate_formats(true)
        .with_retriever(Offline)
        .build(&schema)
        .expect("IPTC's schema compiles")
}

pub(crate) fn assert_valid_ninjs(item: &Value) {
    let validator = ninjs_validator();
    let errors: Vec<String> = validator
        .iter_errors(item)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "not valid ninjs 3.1: {errors:#?}\n{item:#}"
    );
}

async fn the_seed_in_ninjs_is_valid_and_complete(db: Db) {
    let app = spawn_app(db).await;
    let article: Article = app.get_json(&format!("/api/v1/articles/{SEED}")).await;

    // IPTC's own example passes the validator, so the validator is the real thing…
    assert_valid_ninjs(
        &serde_json::from_str(include_str!(
            "../../../specs/ninjs/example-3.1-complex-text-article.json"
        ))
        .expect("example"),
    );
    // …and it does refuse what is not ninjs.
    let validator = ninjs_validator();
    assert!(!validator.is_valid(&json!({"uri": "x", "headline": "not a ninjs property"})));
    assert!(!validator.is_valid(&json!({"uri": "x", "pubStatus": "draft"})));
    assert!(
        !validator.is_valid(&json!({"type": "text"})),
        "uri is required"
    );

    for (path, accept) in [
        (format!("/api/v1/articles/{SEED}"), "application/ninjs+json"),
        (
            format!("/api/v1/articles/{SEED}?format=ninjs"),
            "application/json",
        ),
        (
            format!("/api/v1/articles/by-id/{}", article.id),
            "application/ld+json;q=0.5, application/ninjs+json",
        ),
    ] {
        let response = app.get_with(&path, &[("Accept", accept)]).await;
        assert_eq!(response.status(), 200, "{path}");
        assert_eq!(
            header(response.headers(), "content-type"),
            "application/ninjs+json",
            "{path} with {accept}"
        );
        let item: Value = response.json().await.expect("JSON");
        assert_valid_ninjs(&item);
        assert_eq!(item["uri"], format!("urn:uuid:{}", article.id));
        assert_eq!(item["type"], "text");
        assert_eq!(item["headlines"][0]["value"], HEADLINE);
        assert_eq!(item["located"], "Pyongyang, Korea Utara");
        assert_eq!(item["by"], "Redaksi Global Insight");
        assert_eq!(item["language"], "id");
        assert_eq!(item["firstCreated"], "2025-07-13T00:00:00+07:00");
        assert_eq!(item["bodies"][0]["contentType"], "text/html");
        assert_eq!(item["bodies"][0]["value"], json!(article.body_html));
        assert_eq!(item["bodies"][1]["value"], json!(article.body_text));
        assert_eq!(item["bodies"][1]["wordCount"], json!(article.word_count));
        assert_eq!(
            item["subjects"][0],
            json!({"name": "Internasional", "rel": "section", "literal": "internasional"})
        );
        assert_eq!(
            item["infoSources"][0],
            json!({"name": "Redaksi Global Insight", "role": "author-desk",
                   "literal": "redaksi-global-insight"})
        );
        assert_eq!(item["standard"]["version"], "3.1");
    }
}

async fn json_ld_and_negotiation(db: Db) {
    let app = spawn_app(db).await;
    let editor = app.staff(Role::Editor, "Sari Editor").await;
    let draft = editor
        .create(&ArticleInput {
            standfirst: Some("Patroli laut bersama.".into()),
            dateline: Some(Dateline {
                text: "Seoul, Korea Selatan".into(),
                place: Place {
                    city: "Seoul".into(),
                    country: Some("Korea Selatan".into()),
                },
            }),
            byline: Some("Sari Editor".into()),
            tags: vec!["Jepang".into()],
            ..draft("Seoul dan Tokyo Sepakati Patroli")
        })
        .await;
    let published = editor.publish(&draft).await;
    editor
        .correct(&published, "Patroli dimulai Senin, bukan Minggu.")
        .await;
    let path = format!("/api/v1/articles/{}", published.slug);

    let response = app
        .get_with(&path, &[("Accept", "application/ld+json")])
        .await;
    assert_eq!(response.status(), 200);
    assert_eq!(
        header(response.headers(), "content-type"),
        "application/ld+json"
    );
    assert!(
        header(response.headers(), "vary").starts_with("Accept, Accept-Encoding"),
        "caches must keep one copy per Accept"
    );
    let ld: Value = response.json().await.expect("JSON-LD");
    assert_eq!(ld["@context"], "https://schema.org");
    assert_eq!(ld["@type"], "NewsArticle");
    assert_eq!(ld["headline"], "Seoul dan Tokyo Sepakati Patroli");
    assert_eq!(ld["description"], "Patroli laut bersama.");
    assert_eq!(ld["dateline"], "Seoul, Korea Selatan");
    assert_eq!(ld["author"][0]["@type"], "Person");
    assert_eq!(ld["author"][0]["name"], "Sari Editor");
    assert_eq!(ld["publisher"]["name"], "Global Insight");
    assert_eq!(ld["keywords"], json!(["Jepang"]));
    assert_eq!(
        ld["correction"][0]["text"],
        "Patroli dimulai Senin, bukan Minggu."
    );
    assert!(ld["datePublished"].is_string() && ld["dateModified"].is_string());
    // The same document the article page's HTML carries.
    let by_format: Value = app
        .get(&format!("{path}?format=jsonld"))
        .await
        .json()
        .await
        .expect("JSON-LD");
    assert_eq!(by_format, ld);

    // The ninjs of a corrected article carries the correction too.
    let ninjs: Value = app
        .get(&format!("{path}?format=ninjs"))
        .await
        .json()
        .await
        .expect("ninjs");
    assert_valid_ninjs(&ninjs);
    assert_eq!(
        ninjs["descriptions"][0],
        json!({"role": "summary", "contentType": "text/plain", "value": "Patroli laut bersama."})
    );
    assert_eq!(ninjs["descriptions"][1]["role"], "correction");
    assert!(
        ninjs["descriptions"][1]["value"]
            .as_str()
            .is_some_and(|v| v.ends_with("Patroli dimulai Senin, bukan Minggu."))
    );

    // Each representation has its own validator; a client's copy of one is current.
    let native = app.get(&path).await;
    assert_eq!(header(native.headers(), "content-type"), "application/json");
    let native_tag = header(native.headers(), "etag");
    let ninjs_response = app
        .get_with(&path, &[("Accept", "application/ninjs+json")])
        .await;
    let ninjs_tag = header(ninjs_response.headers(), "etag");
    assert_ne!(native_tag, ninjs_tag);
    let again = app
        .get_with(
            &path,
            &[
                ("Accept", "application/ninjs+json"),
                ("If-None-Match", &ninjs_tag),
            ],
        )
        .await;
    assert_eq!(again.status(), 304);
    // Anything else acceptable, or nothing said: our own JSON.
    for accept in [
        "text/html, */*;q=0.1",
        "application/xml",
        "application/ninjs+json;q=0",
    ] {
        let response = app.get_with(&path, &[("Accept", accept)]).await;
        assert_eq!(
            header(response.headers(), "content-type"),
            "application/json",
            "{accept}"
        );
    }

    let bad = app.get(&format!("{path}?format=xml")).await;
    assert_problem(bad, 400, ErrorCode::InvalidParameter, Some("format")).await;
    let unknown = app.get(&format!("{path}?format=ninjs&fields=all")).await;
    assert_problem(unknown, 400, ErrorCode::UnknownParameter, Some("fields")).await;
}

both_databases!(
    the_seed_in_ninjs_is_valid_and_complete,
    json_ld_and_negotiation
);
