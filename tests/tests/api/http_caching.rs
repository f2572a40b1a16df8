//! Conditional requests, Cache-Control, compression and CORS on public reads.

use std::io::Read as _;

use tests::{Db, both_databases, header, spawn_app};

const ARTICLES: &str = "/api/v1/articles";
const SEED: &str = "/api/v1/articles/hubungan-antara-korea-utara-dan-rusia-menunjukkan-peningkatan-signifikan-dalam";

async fn etag_and_if_none_match(db: Db) {
    let app = spawn_app(db).await;
    for path in [
        ARTICLES,
        SEED,
        "/api/v1/sections",
        "/api/v1/tags",
        "/api/v1/authors/redaksi-global-insight",
    ] {
        let first = app.get(path).await;
        assert_eq!(first.status(), 200, "{path}");
        let etag = header(first.headers(), "etag");
        assert!(
            etag.starts_with('"') && etag.ends_with('"'),
            "strong ETag on {path}: {etag}"
        );
        assert_eq!(
            header(first.headers(), "cache-control"),
            "public, max-age=60, stale-while-revalidate=300",
            "{path}"
        );
        let body = first.bytes().await.expect("body");

        let again = app.get(path).await;
        assert_eq!(
            header(again.headers(), "etag"),
            etag,
            "the same content, the same ETag"
        );
        assert_eq!(again.bytes().await.expect("body"), body);

        let revalidated = app.get_with(path, &[("If-None-Match", &etag)]).await;
        assert_eq!(revalidated.status(), 304, "{path}");
        assert_eq!(header(revalidated.headers(), "etag"), etag);
        assert!(revalidated.bytes().await.expect("body").is_empty());

        let listed = format!("\"other\", {etag}");
        let revalidated = app.get_with(path, &[("If-None-Match", &listed)]).await;
        assert_eq!(
            revalidated.status(),
            304,
            "one of several tags matches: {path}"
        );
        let stale = app
            .get_with(path, &[("If-None-Match", "\"something-else\"")])
            .await;
        assert_eq!(stale.status(), 200, "{path}");
    }
}

async fn etag_changes_when_the_content_does(db: Db) {
    let app = spawn_app(db).await;
    let before = header(app.get(ARTICLES).await.headers(), "etag");
    crate::newsroom(&app);
    let response = app.get_with(ARTICLES, &[("If-None-Match", &before)]).await;
    assert_eq!(response.status(), 200);
    assert_ne!(header(response.headers(), "etag"), before);
}

async fn last_modified_and_if_modified_since(db: Db) {
    let app = spawn_app(db).await;
    let first = app.get(SEED).await;
    let last_modified = header(first.headers(), "last-modified");
    assert!(
        last_modified.ends_with(" GMT"),
        "an HTTP date: {last_modified}"
    );
    let unchanged = app
        .get_with(SEED, &[("If-Modified-Since", &last_modified)])
        .await;
    assert_eq!(unchanged.status(), 304);
    let old = app
        .get_with(
            SEED,
            &[("If-Modified-Since", "Sat, 12 Jul 2025 00:00:00 GMT")],
        )
        .await;
    assert_eq!(old.status(), 200);
    // If-None-Match wins over If-Modified-Since (RFC 9110 §13.2.2).
    let both = app
        .get_with(
            SEED,
            &[
                ("If-None-Match", "\"nope\""),
                ("If-Modified-Since", &last_modified),
            ],
        )
        .await;
    assert_eq!(both.status(), 200);
    let garbage = app
        .get_with(SEED, &[("If-Modified-Since", "last tuesday")])
        .await;
    assert_eq!(garbage.status(), 200, "an unreadable date is ignored");
}

async fn brotli_and_gzip_on_request(db: Db) {
    let app = spawn_app(db).await;
    let plain = app.get(SEED).await;
    assert_eq!(header(plain.headers(), "content-encoding"), "");
    // The article is negotiated by `Accept` (formats) and `Accept-Encoding`.
    assert!(header(plain.headers(), "vary").starts_with("Accept, Accept-Encoding"));
    let plain_etag = header(plain.headers(), "etag");
    let plain_body = plain.bytes().await.expect("body").to_vec();

    let br = app.get_with(SEED, &[("Accept-Encoding", "gzip, br")]).await;
    assert_eq!(header(br.headers(), "content-encoding"), "br");
    let br_etag = header(br.headers(), "etag");
    assert_ne!(br_etag, plain_etag, "each encoding has its own strong ETag");
    let compressed = br.bytes().await.expect("body").to_vec();
    assert!(
        compressed.len() * 3 < plain_body.len(),
        "brotli shrinks the article"
    );
    let mut decoded = Vec::new();
    brotli::Decompressor::new(compressed.as_slice(), 4096)
        .read_to_end(&mut decoded)
        .expect("valid brotli");
    assert_eq!(decoded, plain_body);

    let gz = app.get_with(SEED, &[("Accept-Encoding", "gzip")]).await;
    assert_eq!(header(gz.headers(), "content-encoding"), "gzip");
    let compressed = gz.bytes().await.expect("body").to_vec();
    let mut decoded = Vec::new();
    flate2::read::GzDecoder::new(compressed.as_slice())
        .read_to_end(&mut decoded)
        .expect("valid gzip");
    assert_eq!(decoded, plain_body);

    // A cache holding the brotli variant revalidates it with its own tag.
    let revalidated = app
        .get_with(
            SEED,
            &[("Accept-Encoding", "br"), ("If-None-Match", &br_etag)],
        )
        .await;
    assert_eq!(revalidated.status(), 304);
    assert_eq!(header(revalidated.headers(), "etag"), br_etag);
}

async fn cors_is_open_without_credentials(db: Db) {
    let app = spawn_app(db).await;
    let response = app
        .get_with(ARTICLES, &[("Origin", "https://partner.example")])
        .await;
    assert_eq!(response.status(), 200);
    assert_eq!(
        header(response.headers(), "access-control-allow-origin"),
        "*"
    );
    assert_eq!(
        header(response.headers(), "access-control-allow-credentials"),
        ""
    );
    let exposed = header(response.headers(), "access-control-expose-headers").to_lowercase();
    for name in ["etag", "link", "last-modified"] {
        assert!(exposed.contains(name), "{name} is exposed: {exposed}");
    }

    let preflight = app
        .client
        .request(reqwest::Method::OPTIONS, app.url(ARTICLES))
        .header("Origin", "https://partner.example")
        .header("Access-Control-Request-Method", "GET")
        .send()
        .await
        .expect("preflight");
    assert_eq!(preflight.status(), 200);
    assert_eq!(
        header(preflight.headers(), "access-control-allow-origin"),
        "*"
    );
    assert!(header(preflight.headers(), "access-control-allow-methods").contains("GET"));
}

async fn head_is_get_without_a_body(db: Db) {
    let app = spawn_app(db).await;
    let get = app.get(SEED).await;
    let head = app
        .client
        .head(app.url(SEED))
        .send()
        .await
        .expect("response");
    assert_eq!(head.status(), 200);
    for name in [
        "etag",
        "last-modified",
        "cache-control",
        "content-type",
        "content-length",
    ] {
        assert_eq!(
            header(head.headers(), name),
            header(get.headers(), name),
            "{name}"
        );
    }
    assert!(head.bytes().await.expect("body").is_empty());
}

both_databases!(
    head_is_get_without_a_body,
    etag_and_if_none_match,
    etag_changes_when_the_content_does,
    last_modified_and_if_modified_since,
    brotli_and_gzip_on_request,
    cors_is_open_without_credentials,
);
