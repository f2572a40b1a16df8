//! The reader app as the server hands it out: its HTML for every app URL (with the
//! article's head filled in for crawlers that run no WASM), 404 for the rest, and
//! its files with validators.

use serde_json::{Value, json};
use shared::staff::Role;
use tests::{Db, both_databases, header, site_dir, spawn_app};

const SEED: &str = "hubungan-antara-korea-utara-dan-rusia-menunjukkan-peningkatan-signifikan-dalam";

/// The JSON-LD of a page, parsed.
fn json_ld(html: &str) -> Value {
    let start = html
        .find("<script type=\"application/ld+json\">")
        .expect("the page has JSON-LD")
        + "<script type=\"application/ld+json\">".len();
    let end = start + html[start..].find("</script>").expect("closed");
    serde_json::from_str(&html[start..end]).expect("JSON-LD is JSON")
}

/// The `content` of `<meta {attribute}="{key}" content="…">`, unescaped for `&quot;`/`&amp;`.
fn meta(html: &str, attribute: &str, key: &str) -> Option<String> {
    let needle = format!("<meta {attribute}=\"{key}\" content=\"");
    let start = html.find(&needle)? + needle.len();
    let end = start + html[start..].find('"')?;
    Some(
        html[start..end]
            .replace("&quot;", "\"")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&#39;", "'")
            .replace("&amp;", "&"),
    )
}

async fn html(app: &tests::TestApp, path: &str, status: u16) -> String {
    let response = app.get(path).await;
    assert_eq!(response.status(), status, "{path}");
    assert_eq!(
        header(response.headers(), "content-type"),
        "text/html; charset=utf-8",
        "{path}"
    );
    response.text().await.expect("body")
}

async fn article_urls_carry_their_head(db: Db) {
    let app = spawn_app(db).await;
    let page = html(&app, &format!("/artikel/{SEED}"), 200).await;
    let headline = "Hubungan antara Korea Utara dan Rusia menunjukkan peningkatan signifikan dalam beberapa bulan terakhir";
    assert!(page.contains(&format!("<title>{headline} — Global Insight</title>")));
    let canonical = format!("{}/artikel/{SEED}", app.address);
    assert!(page.contains(&format!("<link rel=\"canonical\" href=\"{canonical}\">")));
    assert_eq!(
        meta(&page, "property", "og:title").as_deref(),
        Some(headline)
    );
    assert_eq!(
        meta(&page, "property", "og:type").as_deref(),
        Some("article")
    );
    assert_eq!(meta(&page, "property", "og:url"), Some(canonical.clone()));
    assert_eq!(
        meta(&page, "property", "og:locale").as_deref(),
        Some("id_ID")
    );
    assert_eq!(
        meta(&page, "property", "article:published_time").as_deref(),
        Some("2025-07-13T00:00:00+07:00")
    );
    let description = meta(&page, "name", "description").expect("description");
    assert!(description.starts_with("Hubungan antara Korea Utara dan Rusia"));
    assert!(description.chars().count() <= 160 && description.ends_with('…'));
    // The app is still the page: its API base and its script.
    assert!(page.contains("<meta name=\"gi-api-base\" content=\"/api/v1\">"));
    assert!(page.contains("<meta name=\"gi-app\" content=\"frontend\">"));

    let ld = json_ld(&page);
    assert_eq!(ld["@type"], "NewsArticle");
    assert_eq!(ld["headline"], headline);
    assert_eq!(ld["datePublished"], "2025-07-13T00:00:00+07:00");
    assert_eq!(ld["dateline"], "Pyongyang, Korea Utara");
    assert_eq!(ld["inLanguage"], "id");
    assert_eq!(ld["url"], json!(canonical));
    assert_eq!(
        ld["author"],
        json!([{"@type": "Organization", "name": "Redaksi Global Insight",
                "url": format!("{}/penulis/redaksi-global-insight", app.address)}])
    );
    assert_eq!(ld["publisher"]["name"], "Global Insight");
}

async fn app_urls_get_the_app_and_unknown_ones_404(db: Db) {
    let app = spawn_app(db).await;
    // Only the app's own scripts run: no inline script, no other origin.
    for path in ["/", "/tidak-ada"] {
        let response = app.get(path).await;
        let csp = header(response.headers(), "content-security-policy");
        assert!(
            csp.contains("script-src 'self' 'wasm-unsafe-eval';"),
            "{path}: {csp}"
        );
        assert!(csp.contains("connect-src 'self';"), "{path}: {csp}");
        let page = response.text().await.expect("body");
        assert!(!page.contains("<script>") && !page.contains("<script type=\"module\">"));
    }
    for path in [
        "/",
        "/rubrik/internasional",
        "/topik/korea-utara",
        "/penulis/x",
        "/cari",
    ] {
        let page = html(&app, path, 200).await;
        assert!(page.contains("<title>Global Insight</title>"), "{path}");
    }
    // The newsroom is the app's too, but not for search engines.
    for path in ["/redaksi", "/redaksi/tulis", "/redaksi/artikel/x/riwayat"] {
        let page = html(&app, path, 200).await;
        assert!(
            page.contains("<meta name=\"robots\" content=\"noindex, nofollow\">"),
            "{path}"
        );
        // Staff get the newsroom's bundle; readers never download it.
        assert!(
            page.contains("<meta name=\"gi-app\" content=\"newsroom\">"),
            "{path}"
        );
    }
    assert!(
        html(&app, "/", 200)
            .await
            .contains("<meta name=\"gi-app\" content=\"frontend\">")
    );
    for path in [
        "/artikel/tidak-ada",
        "/wp-login.php",
        "/rubrik/a/b",
        "/redaksi/lain",
    ] {
        let page = html(&app, path, 404).await;
        // The app's HTML, so the reader gets the app's own 404 page.
        assert!(page.contains("gi-api-base"), "{path}");
    }
    // The API keeps its own 404s.
    let api = app.get("/api/v1/tidak-ada").await;
    assert_eq!(api.status(), 404);
    assert_eq!(
        header(api.headers(), "content-type"),
        "application/problem+json"
    );
    let head = app
        .client
        .head(app.url("/"))
        .send()
        .await
        .expect("response");
    assert_eq!(head.status(), 200);
    assert_eq!(head.text().await.expect("body"), "");
}

async fn drafts_have_no_page_and_heads_carry_no_markup(db: Db) {
    let app = spawn_app(db).await;
    let editor = app.staff_token(Role::Editor, "Sari Editor").await;
    let payload = "</script><script>alert(1)</script>\"><img src=x onerror=alert(1)>";
    let article = app
        .create_article(
            &editor,
            &json!({"headline": format!("Awas {payload}"), "standfirst": payload,
                    "section": "internasional", "language": "id", "tags": ["Tes"],
                    "body": [{"type": "paragraph", "text": payload}]}),
        )
        .await;
    html(&app, &format!("/artikel/{}", article.slug), 404).await;

    app.publish(&editor, &article).await;
    let page = html(&app, &format!("/artikel/{}", article.slug), 200).await;
    assert!(!page.contains("<script>alert"), "no script of the payload");
    assert!(!page.contains("<img"), "no element of the payload");
    assert_eq!(
        page.matches("</script>").count(),
        2,
        "JSON-LD and the app's own"
    );
    assert_eq!(
        meta(&page, "property", "og:description").as_deref(),
        Some(payload)
    );
    assert_eq!(json_ld(&page)["description"], payload);
    assert_eq!(
        meta(&page, "property", "article:tag").as_deref(),
        Some("Tes")
    );
}

async fn the_apps_files_are_served_with_validators(db: Db) {
    assert!(
        site_dir().join("index.html").exists(),
        "the reader app is not built: run scripts/build-frontend (the test command does)"
    );
    let app = spawn_app(db).await;
    for (file, content_type) in [
        ("style.css", "text/css; charset=utf-8"),
        ("frontend.js", "text/javascript; charset=utf-8"),
        ("boot.js", "text/javascript; charset=utf-8"),
        ("frontend_bg.wasm", "application/wasm"),
        ("newsroom_bg.wasm", "application/wasm"),
    ] {
        let path = format!("/assets/{file}");
        let response = app.get_with(&path, &[("Accept-Encoding", "br")]).await;
        assert_eq!(response.status(), 200, "{path}");
        assert_eq!(header(response.headers(), "content-type"), content_type);
        assert_eq!(header(response.headers(), "content-encoding"), "br");
        assert_eq!(
            header(response.headers(), "cache-control"),
            "public, no-cache"
        );
        let etag = header(response.headers(), "etag");
        let again = app.get_with(&path, &[("If-None-Match", &etag)]).await;
        assert_eq!(again.status(), 304, "{path}");
    }
    assert_eq!(app.get("/assets/nothing.js").await.status(), 404);
}

both_databases!(
    article_urls_carry_their_head,
    app_urls_get_the_app_and_unknown_ones_404,
    drafts_have_no_page_and_heads_carry_no_markup,
    the_apps_files_are_served_with_validators,
);
