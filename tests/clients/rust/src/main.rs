//! Smoke test of the Rust client progenitor generated from the contract, against a
//! live server. Usage: gi-client-smoke BASE_URL EMAIL PASSWORD. Prints one JSON object
//! of what it saw; panics on the first surprise.

#[allow(clippy::all, unused, mismatched_lifetime_syntaxes)]
mod client {
    include!(concat!(env!("OUT_DIR"), "/client.rs"));
}

use client::{Client, Error, types};

const SEED: &str = "hubungan-antara-korea-utara-dan-rusia-menunjukkan-peningkatan-signifikan-dalam";

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (base, email, password) = (&args[1], &args[2], &args[3]);
    let api = Client::new(base);
    let mut seen = serde_json::Map::new();

    // List and filter.
    let page = api
        .list_articles()
        .section("internasional")
        .per_page(5)
        .send()
        .await
        .expect("list")
        .into_inner();
    assert!(page.data.iter().all(|a| a.section.slug.to_string() == "internasional"));
    let slugs: Vec<String> = page.data.iter().map(|a| a.slug.to_string()).collect();
    seen.insert("listed".into(), slugs.clone().into());

    // Get one.
    let one = api.get_article().slug(&slugs[0]).send().await.expect("get").into_inner();
    assert!(!one.body.is_empty());
    seen.insert("got".into(), one.headline.to_string().into());

    // The seed's quotes decode as quote blocks (the contract's discriminator on `type`).
    let seed = api.get_article().slug(SEED).send().await.expect("seed").into_inner();
    let quotes: Vec<&types::QuoteBlock> = seed
        .body
        .iter()
        .filter_map(|block| match block {
            types::Block::QuoteBlock(quote) => Some(quote),
            _ => None,
        })
        .collect();
    assert!(!quotes.is_empty() && quotes.iter().all(|q| q.speaker.is_some()), "{:?}", seed.body);
    seen.insert("quotes".into(), quotes.len().into());

    // Search.
    let found = api.search_articles().q("rusia").send().await.expect("search").into_inner();
    assert!(found.pagination.total >= 1);
    seen.insert("searched".into(), found.pagination.total.into());

    // A 404 and a 400 as typed problems.
    let missing = api.get_article().slug("tidak-ada-artikel-ini").send().await;
    let Err(Error::ErrorResponse(missing)) = missing else {
        panic!("a 404 problem: {missing:?}");
    };
    assert_eq!(missing.status().as_u16(), 404);
    assert_eq!(missing.code, types::ErrorCode::NotFound);
    let bad = api.list_articles().per_page(500).send().await;
    let problem = match bad {
        // 500 is outside the spec's 1..=100, so the client itself refuses to send it,
        // naming the parameter; the server's own 400 is read from a raw request.
        Err(Error::InvalidRequest(message)) => {
            assert!(message.contains("per_page"), "{message}");
            let raw = reqwest::get(format!("{base}/api/v1/articles?per_page=500")).await.expect("answers");
            assert_eq!(raw.status().as_u16(), 400);
            raw.json::<types::Problem>().await.expect("a typed problem")
        }
        Err(Error::ErrorResponse(problem)) => problem.into_inner(),
        other => panic!("a 400 problem: {other:?}"),
    };
    assert_eq!(problem.code, types::ErrorCode::InvalidParameter);
    assert_eq!(problem.field.as_deref(), Some("per_page"));
    seen.insert(
        "problems".into(),
        serde_json::json!([missing.code.to_string(), problem.code.to_string()]),
    );

    // Log in, write a draft, publish it; readers see it.
    let tokens = api
        .login()
        // Patterned strings are types of their own in the generated client: parsed, so
        // text the contract refuses cannot be sent.
        .body(types::LoginRequest {
            email: email.parse().expect("an email the contract allows"),
            password: password.parse().expect("a password the contract allows"),
            cookie: None,
        })
        .send()
        .await
        .expect("login")
        .into_inner();
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert(
        reqwest::header::AUTHORIZATION,
        format!("Bearer {}", tokens.access_token).parse().expect("header"),
    );
    let staff = Client::new_with_client(
        base,
        reqwest::Client::builder().default_headers(headers).build().expect("client"),
    );
    let draft: types::ArticleInput = serde_json::from_value(serde_json::json!({
        "headline": "Klien Rust Menulis Berita", "section": "internasional", "language": "id",
        "byline": "Tim Global Insight",
        "body": [{"type": "paragraph", "text": "Ditulis oleh klien yang dibuat dari kontrak."}]
    }))
    .expect("an ArticleInput");
    let draft = staff.create_article().body(draft).send().await.expect("create").into_inner();
    let published = staff
        .publish_article()
        .id(draft.id)
        .if_match(format!("\"v{}\"", draft.version))
        .send()
        .await
        .expect("publish")
        .into_inner();
    assert_eq!(published.status, types::ArticleStatus::Published);
    let public = api
        .get_article()
        .slug(published.slug.to_string())
        .send()
        .await
        .expect("public")
        .into_inner();
    assert_eq!(public.headline.to_string(), "Klien Rust Menulis Berita");
    seen.insert("published".into(), published.slug.to_string().into());
    println!("{}", serde_json::Value::Object(seen));
}
