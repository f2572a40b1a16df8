//! What an attack on the running server found, each kept as a test: forwarded
//! headers believed from anyone, the rate limit bypassed by percent-encoding, slow
//! bodies, control characters, duplicate keys and the smaller holes
//! (`docs/security.md` maps each defence to its test).

use serde_json::{Value, json};
use shared::ErrorCode;
use shared::staff::Role;
use tests::{Db, TestApp, assert_problem, both_databases, header, spawn_app};
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};

/// The published seed article's slug.
async fn seed_slug(app: &tests::TestApp) -> String {
    let list: Value = app.get_json("/api/v1/articles").await;
    list["data"][0]["slug"]
        .as_str()
        .expect("the seed is published")
        .to_owned()
}

/// Every public page and document that writes the site's address.
fn addressed_paths(slug: &str) -> Vec<String> {
    vec![
        "/api/v1/feeds/rss".to_owned(),
        "/api/v1/feeds/atom".to_owned(),
        "/api/v1/feeds/json".to_owned(),
        format!("/api/v1/articles/{slug}?format=jsonld"),
        format!("/api/v1/articles/{slug}?format=ninjs"),
        // (The news sitemap is empty: the seed is older than 48 hours.)
        "/sitemap.xml".to_owned(),
        "/sitemaps/articles.xml".to_owned(),
        "/robots.txt".to_owned(),
        format!("/artikel/{slug}"),
    ]
}

const FORGED: &[(&str, &str)] = &[
    ("X-Forwarded-Proto", "javascript"),
    ("X-Forwarded-Host", "x%0aalert(document.domain)//"),
    ("Forwarded", "proto=javascript;host=evil.example"),
];

/// Without `auth.trusted_proxies`, forwarded headers are nobody's word: every URL the
/// server writes names the address the request was sent to.
async fn forwarded_headers_from_anyone_are_ignored(db: Db) {
    let app = spawn_app(db).await;
    let slug = seed_slug(&app).await;
    let origin = app.address.clone();
    for path in addressed_paths(&slug) {
        let response = app.get_with(&path, FORGED).await;
        assert_eq!(response.status(), 200, "{path}");
        let body = response.text().await.expect("body");
        assert!(body.contains(&origin), "{path} names {origin}: {body}");
        for forged in ["javascript", "alert(document.domain)", "evil.example"] {
            assert!(!body.contains(forged), "{path} carries {forged}");
        }
    }
}

/// From a trusted proxy the forwarded scheme and host are used — but only an http(s)
/// scheme and a real host; anything else is refused, never written into a URL.
async fn a_trusted_proxys_forwarded_headers_are_checked(db: Db) {
    let app = TestApp::builder(db)
        .configure(|s| {
            s.auth.trusted_proxies = vec!["127.0.0.1".parse().expect("ip")];
        })
        .spawn()
        .await;
    let slug = seed_slug(&app).await;
    let feed = "/api/v1/feeds/rss";
    let proxied = [
        ("X-Forwarded-Proto", "https"),
        ("X-Forwarded-Host", "Berita.Example.ID"),
    ];
    for path in addressed_paths(&slug) {
        let response = app.get_with(&path, &proxied).await;
        assert_eq!(response.status(), 200, "{path}");
        let body = response.text().await.expect("body");
        assert!(
            body.contains("https://berita.example.id/"),
            "{path}: {body}"
        );
    }
    let standard = app
        .get_with(
            feed,
            &[("Forwarded", "for=1.2.3.4;proto=https;host=kabar.example")],
        )
        .await;
    let body = standard.text().await.expect("body");
    assert!(
        body.contains("<link>https://kabar.example/artikel/"),
        "{body}"
    );

    for (headers, field) in [
        (
            vec![("X-Forwarded-Proto", "javascript")],
            "X-Forwarded-Proto",
        ),
        (
            vec![("X-Forwarded-Host", "x%0aalert(document.domain)//")],
            "X-Forwarded-Host",
        ),
        (
            vec![("X-Forwarded-Host", "user@evil.example")],
            "X-Forwarded-Host",
        ),
        (
            vec![("X-Forwarded-Host", "evil.example:99999")],
            "X-Forwarded-Host",
        ),
        (
            vec![("Forwarded", "proto=data;host=x.example")],
            "Forwarded",
        ),
        (vec![("Forwarded", "host=\"a/b\"")], "Forwarded"),
    ] {
        for path in addressed_paths(&slug) {
            let response = app.get_with(&path, &headers).await;
            assert_problem(response, 400, ErrorCode::InvalidHeader, Some(field)).await;
        }
    }
}

/// A `Host` that is not a host is refused; with `web.public_url` set, no header counts.
async fn the_host_header_is_a_host_or_refused(db: Db) {
    let app = spawn_app(db).await;
    let slug = seed_slug(&app).await;
    for host in ["x\"><script>alert(1)</script>", "a/b", "evil.example:80:80"] {
        for path in addressed_paths(&slug) {
            let response = app.get_with(&path, &[("Host", host)]).await;
            assert_problem(response, 400, ErrorCode::InvalidHeader, Some("Host")).await;
        }
    }
    let configured = TestApp::builder(db)
        .configure(|s| {
            s.web.public_url = Some("https://news.example.id".to_owned());
            s.auth.trusted_proxies = vec!["127.0.0.1".parse().expect("ip")];
        })
        .spawn()
        .await;
    for path in addressed_paths(&slug) {
        let mut headers = FORGED.to_vec();
        headers.push(("Host", "evil.example"));
        let response = configured.get_with(&path, &headers).await;
        assert_eq!(response.status(), 200, "{path}");
        let body = response.text().await.expect("body");
        assert!(body.contains("https://news.example.id/"), "{path}");
        assert!(
            !body.contains("evil.example") && !body.contains("javascript"),
            "{path}"
        );
    }
}

/// The `response_cache_bytes` gauge.
async fn cached_bytes(app: &tests::TestApp) -> u64 {
    let metrics = app.get("/metrics").await.text().await.expect("metrics");
    metrics
        .lines()
        .find_map(|line| line.strip_prefix("response_cache_bytes "))
        .and_then(|n| n.parse().ok())
        .expect("the gauge")
}

/// Forged `Host`s cannot fill the response cache and push out real entries: what
/// names a request's host is not kept, what does not is kept once for all hosts.
async fn forged_hosts_do_not_fill_the_response_cache(db: Db) {
    let app = spawn_app(db).await;
    let slug = seed_slug(&app).await;
    let article = format!("/api/v1/articles/{slug}");
    assert_eq!(app.get(&article).await.status(), 200);
    let kept = cached_bytes(&app).await;
    assert!(kept > 0, "the article is kept");
    for n in 0..20 {
        let host = format!("forged-{n}.example");
        for path in [
            article.clone(),
            format!("{article}?format=jsonld"),
            "/api/v1/feeds/rss".to_owned(),
        ] {
            let response = app.get_with(&path, &[("Host", &host)]).await;
            assert_eq!(response.status(), 200, "{path}");
        }
    }
    assert_eq!(cached_bytes(&app).await, kept);
}

/// Routes of the public API with a value for each path parameter.
fn public_get_routes() -> Vec<String> {
    let spec: Value = serde_json::from_str(&backend::http::openapi_json()).expect("spec");
    let staff = ["newsroom", "auth", "users", "api-keys", "media"];
    let mut routes = Vec::new();
    for (template, item) in spec["paths"].as_object().expect("paths") {
        let Some(get) = item.get("get") else { continue };
        let tags: Vec<&str> = get["tags"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .collect();
        if tags.iter().any(|t| staff.contains(t)) || !template.starts_with("/api/") {
            continue;
        }
        let path = template
            .replace("{format}", "rss")
            .replace("{id}", "0190a5a0-0000-7000-8000-000000000000")
            .split('/')
            .map(|part| if part.starts_with('{') { "x" } else { part })
            .collect::<Vec<_>>()
            .join("/");
        routes.push(path);
    }
    assert!(routes.len() >= 15, "{routes:?}");
    routes
}

/// The same route written another way: one unreserved character percent-encoded.
fn encoded(path: &str, which: usize) -> String {
    let candidates: Vec<usize> = path
        .char_indices()
        .filter(|(_, c)| c.is_ascii_alphanumeric())
        .map(|(i, _)| i)
        .collect();
    let at = candidates[which % candidates.len()];
    let c = path.as_bytes()[at];
    format!("{}%{c:02X}{}", &path[..at], &path[at + 1..])
}

/// What is counted is decided by the route a path matches, as the router decodes it:
/// every public route, percent-encoded anywhere, counts against the same window.
async fn encoded_paths_count_against_the_rate_limit(db: Db) {
    let routes = public_get_routes();
    let per_route = 3;
    let limit = u32::try_from(routes.len() * per_route).expect("small");
    let app = TestApp::builder(db)
        .configure(|s| s.http.anonymous_requests = limit)
        .spawn()
        .await;
    let mut remaining = limit;
    for route in &routes {
        for which in 0..per_route {
            let path = encoded(route, which * 7 + 1);
            let response = app.get(&path).await;
            remaining -= 1;
            assert_eq!(
                header(response.headers(), "ratelimit-remaining"),
                remaining.to_string(),
                "{path} ({route}) answered {} without being counted",
                response.status()
            );
        }
    }
    for path in [
        "/api/v%31/articles",
        "/%61pi/v1/articles",
        "/api/v%31/search?q=korea",
    ] {
        let response = app.get(path).await;
        assert_problem(response, 429, ErrorCode::TooManyRequests, None).await;
    }
}

/// A raw HTTP/1.1 exchange: sends `request`, reads until the server closes.
async fn raw(app: &tests::TestApp, request: &[u8]) -> String {
    let address = app.address.trim_start_matches("http://");
    let mut stream = tokio::net::TcpStream::connect(address)
        .await
        .expect("connect");
    stream.write_all(request).await.expect("sent");
    let mut answer = Vec::new();
    stream
        .read_to_end(&mut answer)
        .await
        .expect("read until closed");
    String::from_utf8_lossy(&answer).into_owned()
}

/// A body that never arrives is answered 408 after `server.body_timeout_ms` and the
/// connection closed — on routes that read a body and routes that do not.
async fn a_body_that_never_arrives_is_timed_out(db: Db) {
    let app = TestApp::builder(db)
        .configure(|s| s.server.body_timeout_ms = 300)
        .spawn()
        .await;
    for head in [
        "POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"email\"",
        "GET /api/v1/articles HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n",
        "POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n{\"ema",
    ] {
        let answer = raw(&app, head.as_bytes()).await;
        assert!(answer.starts_with("HTTP/1.1 408"), "{head:?} → {answer}");
        assert!(answer.contains("application/problem+json"), "{answer}");
        assert!(answer.contains("\"code\":\"request_timeout\""), "{answer}");
    }
}

/// The body limit is what the documents say: 1 MiB, to the byte.
async fn the_body_limit_is_one_mebibyte(db: Db) {
    let app = spawn_app(db).await;
    let login = |len: usize| {
        let skeleton = r#"{"email": "", "password": "kata sandi salah"}"#;
        let padding = "a".repeat(len - skeleton.len());
        let body = skeleton.replace(r#""email": """#, &format!(r#""email": "{padding}""#));
        assert_eq!(body.len(), len);
        app.client
            .post(app.url("/api/v1/auth/login"))
            .header("Content-Type", "application/json")
            .body(body)
            .send()
    };
    // Exactly 1 MiB is read, and its email found too long for any account.
    let at_limit = login(1024 * 1024).await.expect("response");
    assert_problem(at_limit, 400, ErrorCode::InvalidBody, Some("email")).await;
    let over = login(1024 * 1024 + 1).await.expect("response");
    assert_problem(over, 413, ErrorCode::PayloadTooLarge, None).await;

    // A long article (300 KB) is well inside it.
    let editor = app.staff_token(Role::Editor, "Sari Editor").await;
    let paragraph = "Kata demi kata. ".repeat(900);
    let blocks: Vec<Value> = (0..21)
        .map(|_| json!({"type": "paragraph", "text": paragraph}))
        .collect();
    let body = json!({"headline": "Laporan panjang", "section": "internasional",
        "language": "id", "body": blocks});
    assert!(body.to_string().len() > 300_000);
    app.create_article(&editor, &body).await;
}

/// Characters XML cannot carry are refused in every text field, naming it, and in
/// imported copy, naming the line.
async fn control_characters_are_refused_on_input(db: Db) {
    let app = spawn_app(db).await;
    let editor = app.staff_token(Role::Editor, "Sari Editor").await;
    let article = |changes: Value| {
        let mut body = json!({"headline": "Judul", "section": "internasional",
            "language": "id", "body": [{"type": "paragraph", "text": "Teks."}]});
        for (key, value) in changes.as_object().expect("object") {
            body[key] = value.clone();
        }
        body
    };
    for (body, field) in [
        (article(json!({"headline": "Judul\u{0}"})), "headline"),
        (
            article(json!({"standfirst": "Ringkas\u{1b}[31m"})),
            "standfirst",
        ),
        (article(json!({"tags": ["ok", "tag\u{ffff}"]})), "tags[1]"),
        (article(json!({"tags": ["tag\u{fffe}"]})), "tags[0]"),
        (
            article(json!({"body": [{"type": "paragraph", "text": "a\u{8}b"}]})),
            "body[0].text",
        ),
        (
            article(json!({"dateline": {"text": "JAKARTA\u{1f}",
                "place": {"city": "Jakarta", "country": "Indonesia"}}})),
            "dateline.text",
        ),
        (article(json!({"byline": "Sari\u{c}Editor"})), "byline"),
    ] {
        let response = app
            .post_json("/api/v1/newsroom/articles", &body, Some(&editor))
            .await;
        let problem = assert_problem(response, 400, ErrorCode::InvalidBody, Some(field)).await;
        assert!(problem.detail.contains("U+"), "{problem:?}");
    }
    // Tab and line breaks are text.
    let fine = article(json!({"standfirst": "Satu\tdua\r\ntiga"}));
    app.create_article(&editor, &fine).await;

    let imported = app.try_import(
        "kontrol.txt",
        "Judul: Berita\u{1}\n\nJAKARTA — Isi berita yang cukup panjang.\n",
        &tests::filed("internasional", "id", shared::ArticleStatus::Published),
    );
    let error = imported.expect_err("refused").to_string();
    assert!(
        error.contains("line 1") && error.contains("U+0001"),
        "{error}"
    );
}

/// Whatever is stored (written behind the API's back), the feeds and the news
/// sitemap stay well-formed XML.
async fn stored_control_characters_never_reach_xml(db: Db) {
    use diesel::prelude::*;
    let app = spawn_app(db).await;
    let editor = app.staff_token(Role::Editor, "Sari Editor").await;
    let draft = json!({"headline": "Judul", "section": "internasional", "language": "id",
        "body": [{"type": "paragraph", "text": "Teks."}]});
    let article = app.create_article(&editor, &draft).await;
    let slug = app.publish(&editor, &article).await.slug;
    {
        use backend::db::schema::articles;
        let pool = backend::db::connect(&app.database_url, 1, std::time::Duration::from_secs(5))
            .expect("database");
        let mut conn = pool.get().expect("connection");
        diesel::update(articles::table.filter(articles::slug.eq(&slug)))
            .set((
                articles::headline.eq("Judul\u{1b}\u{ffff} rusak\u{b}"),
                articles::standfirst.eq(Some("Ringkas\u{2}")),
                articles::updated_at.eq(chrono::Utc::now().naive_utc()),
            ))
            .execute(&mut **conn)
            .expect("written");
    }
    const WELL_FORMED: &str = r#"
import json, sys
import xml.etree.ElementTree as ET
root = ET.fromstring(sys.stdin.buffer.read())
print(json.dumps([e.text for e in root.iter() if e.text and "rusak" in e.text]))
"#;
    for path in [
        "/api/v1/feeds/rss",
        "/api/v1/feeds/atom",
        "/sitemaps/news.xml",
    ] {
        let response = app.get(path).await;
        assert_eq!(response.status(), 200, "{path}");
        let body = response.bytes().await.expect("body");
        let texts = tests::python(WELL_FORMED, &body);
        assert!(texts.to_string().contains("Judul rusak"), "{path}: {texts}");
    }
}

/// A key given twice: which would count? Neither — refused, naming it.
async fn duplicate_json_keys_are_refused(db: Db) {
    let app = spawn_app(db).await;
    let response = app
        .client
        .post(app.url("/api/v1/auth/login"))
        .header("Content-Type", "application/json")
        .body(r#"{"email": "a@globalinsight.test", "password": "x", "email": "b@globalinsight.test"}"#)
        .send()
        .await
        .expect("response");
    assert_problem(response, 400, ErrorCode::InvalidBody, Some("email")).await;
    let editor = app.staff_token(Role::Editor, "Sari Editor").await;
    let response = app
        .client
        .post(app.url("/api/v1/newsroom/articles"))
        .bearer_auth(&editor)
        .header("Content-Type", "application/json")
        .body(
            r#"{"headline": "Judul", "section": "internasional", "language": "id",
            "body": [{"type": "paragraph", "text": "a", "text": "b"}]}"#,
        )
        .send()
        .await
        .expect("response");
    assert_problem(response, 400, ErrorCode::InvalidBody, Some("body[0].text")).await;
}

/// A schedule is at most 366 days ahead — to the minute.
async fn a_schedule_is_at_most_a_year_ahead(db: Db) {
    let app = spawn_app(db).await;
    let editor = app.staff_token(Role::Editor, "Sari Editor").await;
    let schedule = |article: shared::Article, at: String| {
        app.client
            .post(app.url(&format!(
                "/api/v1/newsroom/articles/{}/schedule",
                article.id
            )))
            .bearer_auth(&editor)
            .header("If-Match", format!("\"v{}\"", article.version))
            .json(&json!({"published_at": at}))
            .send()
    };
    let draft = json!({"headline": "Embargo", "section": "internasional", "language": "id",
        "body": [{"type": "paragraph", "text": "Teks."}]});
    let article = app.create_article(&editor, &draft).await;
    for at in ["9999-12-31T23:59:59+07:00".to_owned(), {
        let past_limit =
            chrono::Utc::now() + chrono::Duration::days(366) + chrono::Duration::minutes(1);
        past_limit.to_rfc3339()
    }] {
        let response = schedule(article.clone(), at).await.expect("response");
        assert_problem(response, 400, ErrorCode::InvalidBody, Some("published_at")).await;
    }
    let within = chrono::Utc::now() + chrono::Duration::days(366) - chrono::Duration::minutes(1);
    let response = schedule(article, within.to_rfc3339())
        .await
        .expect("response");
    assert_eq!(response.status(), 200);
}

/// Smaller holes: an empty choice in an error, and `/docs` without a policy.
async fn errors_and_the_documentation_say_no_more_than_they_should(db: Db) {
    let app = spawn_app(db).await;
    let problem = assert_problem(
        app.get("/api/v1/entities?kind=").await,
        400,
        ErrorCode::InvalidParameter,
        Some("kind"),
    )
    .await;
    assert_eq!(
        problem.detail,
        "`kind` must be one of person, place, organisation, not \"\""
    );
    for path in ["/docs/", "/docs/swagger-initializer.js"] {
        let response = app.get(path).await;
        assert_eq!(response.status(), 200, "{path}");
        let policy = header(response.headers(), "content-security-policy");
        assert!(
            policy.contains("script-src 'self';") && policy.contains("frame-ancestors 'none'"),
            "{path}: {policy:?}"
        );
    }
}

both_databases!(
    forwarded_headers_from_anyone_are_ignored,
    a_trusted_proxys_forwarded_headers_are_checked,
    the_host_header_is_a_host_or_refused,
    forged_hosts_do_not_fill_the_response_cache,
    encoded_paths_count_against_the_rate_limit,
    a_body_that_never_arrives_is_timed_out,
    the_body_limit_is_one_mebibyte,
    control_characters_are_refused_on_input,
    stored_control_characters_never_reach_xml,
    duplicate_json_keys_are_refused,
    a_schedule_is_at_most_a_year_ahead,
    errors_and_the_documentation_say_no_more_than_they_should,
);
