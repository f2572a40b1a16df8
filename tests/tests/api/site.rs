//! The reader app as the server hands it out: every reader page rendered (by the
//! app's own components) with its data and head, the data once more as the page's
//! start for hydration, 404 for the rest, the newsroom's pages for its bundle, the
//! language switch that needs no script, and the app's files with validators.

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
    for (path, title) in [
        ("/", "Global Insight"),
        ("/rubrik/internasional", "Internasional — Global Insight"),
        (
            "/penulis/redaksi-global-insight",
            "Redaksi Global Insight — Global Insight",
        ),
        ("/entitas/kim-jong-un", "Kim Jong Un — Global Insight"),
        ("/cari", "Cari berita — Global Insight"),
    ] {
        let page = html(&app, path, 200).await;
        assert!(page.contains(&format!("<title>{title}</title>")), "{path}");
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
        "/rubrik/tidak-ada",
        "/topik/tidak-ada",
        "/penulis/x",
        "/entitas/tidak-ada",
        "/redaksi/lain",
        "/artikel/%3Cscript%3Ealert(1)%3C%2Fscript%3E",
        "/artikel/Seed",
    ] {
        let page = html(&app, path, 404).await;
        // The app's own 404 page, rendered, in the app's HTML.
        assert!(page.contains("gi-api-base"), "{path}");
        assert!(
            page.contains("<h1>Halaman tidak ditemukan</h1>"),
            "{path}: {page}"
        );
        assert!(!page.contains("<script>alert"), "{path}");
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
        3,
        "JSON-LD, the app's start (data) and the app's own"
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

/// The inside of the page's `<div id="app">` (the app's render), without the
/// hydration's component markers.
fn app_html(page: &str) -> String {
    let start = page.find("<div id=\"app\">").expect("the app's element") + 15;
    let end = page
        .rfind("</div><script type=\"application/json\"")
        .expect("its end");
    let mut out = String::new();
    let mut rest = &page[start..end];
    while let Some(at) = rest.find("<!--") {
        out.push_str(&rest[..at]);
        rest = &rest[at + rest[at..].find("-->").expect("closed") + 3..];
    }
    out.push_str(rest);
    out
}

/// The page's start: the language and the API's answers it was rendered with.
fn start(page: &str) -> Value {
    const OPEN: &str = "<script type=\"application/json\" id=\"gi-start\">";
    assert_eq!(page.matches(OPEN).count(), 1, "one start per page");
    let from = page.find(OPEN).expect("the page's start") + OPEN.len();
    let to = from + page[from..].find("</script>").expect("closed");
    serde_json::from_str(&page[from..to]).expect("the start is JSON")
}

fn escaped(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

async fn reader_pages_arrive_rendered_with_their_data_once(db: Db) {
    let app = spawn_app(db).await;
    let article: shared::Article = app.get_json(&format!("/api/v1/articles/{SEED}")).await;
    let page = html(&app, &format!("/artikel/{SEED}"), 200).await;
    let body = app_html(&page);
    assert!(
        body.contains(&format!(
            "class=\"headline\">{}</h1>",
            escaped(&article.headline)
        )),
        "{body}"
    );
    assert!(body.contains("<span class=\"dateline\">Pyongyang, Korea Utara — </span>"));
    assert!(body.contains(">Redaksi Global Insight</a>"));
    assert!(body.contains("13 Juli 2025 pukul 00.00 WIB"));
    let mut headings = 0;
    for block in &article.body {
        if let shared::Block::Heading(heading) = block {
            headings += 1;
            assert!(body.contains(&escaped(&heading.text)), "{}", heading.text);
        }
    }
    assert!(headings >= 2, "the seed has sub-headings");
    assert!(body.contains("<span class=\"speaker\">Kim</span>"));
    assert!(body.contains("Kami tidak akan tinggal diam"));
    assert!(body.contains("href=\"/entitas/kim-jong-un\""));

    // The data the page was made with travels in it once, exactly as the API sends it.
    let start = start(&page);
    assert_eq!(start["lang"], "id");
    let answer = &start["answers"][format!("/articles/{SEED}")];
    assert_eq!(answer["status"], 200);
    let api: Value = app.get_json(&format!("/api/v1/articles/{SEED}")).await;
    assert_eq!(answer["body"], api);
    assert!(start["answers"]["/sections"]["status"] == 200);

    // Every other kind of reader page.
    let front = app_html(&html(&app, "/", 200).await);
    assert!(front.contains(&escaped(&article.headline)), "{front}");
    assert!(front.contains("class=\"card card-lead\""));
    let section = app_html(&html(&app, "/rubrik/internasional", 200).await);
    assert!(section.contains("<h1>Internasional</h1>"), "{section}");
    assert!(section.contains(&escaped(&article.headline)));
    let entity = app_html(&html(&app, "/entitas/kim-jong-un", 200).await);
    assert!(entity.contains("<h1>Kim Jong Un</h1>"), "{entity}");
    let results = app_html(&html(&app, "/cari?q=korea&section=&lang=&from=&to=&order=", 200).await);
    assert!(results.contains("<mark>"), "{results}");
    assert!(results.contains("value=\"korea\""), "{results}");
    // The matches counted by section, language and year: links that narrow the search.
    assert!(
        results.contains("href=\"/cari?section=internasional&amp;q=korea\">Internasional<span class=\"count\"> 1</span></a>"),
        "{results}"
    );
    assert!(
        results.contains("href=\"/cari?from=2025-01-01&amp;to=2025-12-31&amp;q=korea\">2025<span"),
        "{results}"
    );
    // A search the API refuses says why on the page.
    let long = "a".repeat(501);
    let refused = app_html(&html(&app, &format!("/cari?q={long}"), 200).await);
    assert!(refused.contains("class=\"empty query-error\""), "{refused}");
    // Words are text, wherever they go.
    let hostile =
        app_html(&html(&app, "/cari?q=%22%3E%3Cscript%3Ealert(1)%3C/script%3E", 200).await);
    assert!(!hostile.contains("<script"), "{hostile}");

    // Every reader page has its head: canonical (what of the URL it reads) and
    // OpenGraph for link previews; search results are not for indexes.
    let page = html(&app, "/rubrik/internasional?utm_source=x&halaman=1", 200).await;
    let canonical = format!("{}/rubrik/internasional?halaman=1", app.address);
    assert!(
        page.contains(&format!("<link rel=\"canonical\" href=\"{canonical}\">")),
        "{page}"
    );
    assert_eq!(meta(&page, "property", "og:url"), Some(canonical));
    assert_eq!(
        meta(&page, "property", "og:title").as_deref(),
        Some("Internasional — Global Insight")
    );
    assert_eq!(
        meta(&page, "property", "og:type").as_deref(),
        Some("website")
    );
    assert!(!page.contains("noindex"));
    let search = html(&app, "/cari?q=korea", 200).await;
    assert!(search.contains("<meta name=\"robots\" content=\"noindex, follow\">"));
    assert!(!search.contains("rel=\"canonical\""));
    let missing = html(&app, "/rubrik/tidak-ada", 404).await;
    assert!(missing.contains("noindex"));

    // The newsroom is not rendered on the server, and says it needs script.
    let newsroom = html(&app, "/redaksi", 200).await;
    assert!(
        newsroom.contains("<noscript><p class=\"boot-error\">Ruang redaksi memerlukan JavaScript.")
    );
    assert!(newsroom.contains("<div id=\"app\"></div>"));
    assert_eq!(
        header(app.get("/redaksi").await.headers(), "cache-control"),
        "private, no-cache"
    );
}

async fn the_reader_chooses_the_language_without_script(db: Db) {
    let app = spawn_app(db).await;
    let back = format!("/artikel/{SEED}");
    let switch = app.get(&shared::urls::language("en", &back)).await;
    assert_eq!(switch.status(), 303);
    assert_eq!(header(switch.headers(), "location"), back);
    let cookie = header(switch.headers(), "set-cookie");
    assert!(cookie.starts_with("gi-lang=en;"), "{cookie}");
    assert!(
        cookie.contains("Path=/") && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );
    assert!(cookie.contains("Max-Age=31536000"), "{cookie}");

    let page = app.get_with(&back, &[("Cookie", "gi-lang=en")]).await;
    assert_eq!(page.status(), 200);
    assert!(header(page.headers(), "vary").contains("Cookie"));
    let page = page.text().await.expect("body");
    assert!(page.contains("<html lang=\"en\">"));
    assert!(app_html(&page).contains("13 July 2025 at 00:00 WIB"));
    assert_eq!(start(&page)["lang"], "en");
    // The switch back names the page it is on.
    assert!(app_html(&page).contains(&format!("href=\"/bahasa/id?ke=%2Fartikel%2F{SEED}\"")));
    // A cookie the app never sets is the default.
    let odd = app.get_with("/", &[("Cookie", "gi-lang=xx")]).await;
    assert!(
        odd.text()
            .await
            .expect("body")
            .contains("<html lang=\"id\">")
    );

    // Only back to this site.
    for back in [
        "//evil.example/",
        "https://evil.example/",
        "/\\evil.example/",
        "/a\r\nSet-Cookie: x=y",
        "",
    ] {
        let switch = app.get(&shared::urls::language("en", back)).await;
        assert_eq!(switch.status(), 303, "{back:?}");
        assert_eq!(header(switch.headers(), "location"), "/", "{back:?}");
    }
    let unknown = app.get("/bahasa/xx?ke=/").await;
    assert_eq!(unknown.status(), 404);
    assert_eq!(
        header(unknown.headers(), "content-type"),
        "application/problem+json"
    );
}

async fn rendered_pages_are_kept_until_the_content_changes(db: Db) {
    let app = tests::TestApp::builder(db)
        .configure(|settings| {
            settings.web.public_url = Some("https://berita.example".into());
            // Kept pages are trusted until this server writes (see the limit test).
            settings.http.cache_revalidate_ms = 3_600_000;
        })
        .spawn()
        .await;
    let first = app.get("/").await;
    assert_eq!(first.status(), 200);
    assert_eq!(header(first.headers(), "cache-control"), "public, no-cache");
    let etag = header(first.headers(), "etag");
    let again = app.get_with("/", &[("If-None-Match", &etag)]).await;
    assert_eq!(again.status(), 304);
    // Another language is another page; a tracking parameter is not.
    let english = app.get_with("/", &[("Cookie", "gi-lang=en")]).await;
    assert_ne!(header(english.headers(), "etag"), etag);
    let tracked = app
        .get_with("/?utm_source=x&fbclid=y", &[("If-None-Match", &etag)])
        .await;
    assert_eq!(tracked.status(), 304);

    let editor = app.staff_token(Role::Editor, "Sari Editor").await;
    let article = app
        .create_article(
            &editor,
            &json!({"headline": "Berita baru di halaman depan", "section": "internasional",
                    "language": "id", "body": [{"type": "paragraph", "text": "Isi."}]}),
        )
        .await;
    app.publish(&editor, &article).await;
    let changed = app.get_with("/", &[("If-None-Match", &etag)]).await;
    assert_eq!(changed.status(), 200);
    let page = changed.text().await.expect("body");
    assert!(app_html(&page).contains("Berita baru di halaman depan"));
}

async fn pages_the_server_makes_count_against_the_clients_limit(db: Db) {
    let app = tests::TestApp::builder(db)
        .configure(|settings| {
            settings.http.anonymous_requests = 3;
            settings.web.public_url = Some("https://berita.example".into());
            // Kept answers are trusted for the test's length (the harness's 0 asks
            // the database every time, and so makes every answer anew).
            settings.http.cache_revalidate_ms = 3_600_000;
        })
        .spawn()
        .await;
    // A kept page is made once: asking again costs nothing and is not counted.
    for _ in 0..5 {
        assert_eq!(app.get("/").await.status(), 200);
    }
    // Every search page is made afresh, as every API search is: counted.
    for words in ["korea", "rusia"] {
        assert_eq!(app.get(&format!("/cari?q={words}")).await.status(), 200);
    }
    let refused = app.get("/cari?q=putin").await;
    assert_eq!(refused.status(), 429);
    assert!(
        header(refused.headers(), "retry-after")
            .parse::<u64>()
            .is_ok()
    );
    assert_eq!(
        header(refused.headers(), "content-type"),
        "application/problem+json"
    );
    // The API's window is the same one.
    assert_eq!(app.get("/api/v1/articles").await.status(), 429);
}

both_databases!(
    pages_the_server_makes_count_against_the_clients_limit,
    reader_pages_arrive_rendered_with_their_data_once,
    the_reader_chooses_the_language_without_script,
    rendered_pages_are_kept_until_the_content_changes,
    article_urls_carry_their_head,
    app_urls_get_the_app_and_unknown_ones_404,
    drafts_have_no_page_and_heads_carry_no_markup,
    the_apps_files_are_served_with_validators,
);
