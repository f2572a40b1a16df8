//! Webhooks end to end: a receiver in the test (a plain HTTP server on loopback, which
//! the tests' `webhooks.allowed_addresses` permits) gets signed deliveries — checked
//! with Python's own `hmac` — sees retries with backoff (the server's clock is the
//! test's), and an endpoint that keeps failing is disabled. Non-public destinations are
//! refused, also behind a redirect.

use std::collections::HashMap;
use std::time::Duration;

use serde_json::{Value, json};
use shared::staff::Role;
use shared::webhooks::{CreatedWebhook, DeliveryPage, DeliveryStatus, WebhookList};
use shared::{Article, ErrorCode};
use tests::{Db, TestApp, assert_problem, both_databases, spawn_app};
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::sync::mpsc;

/// A request the receiver got.
#[derive(Debug)]
pub(crate) struct Received {
    pub(crate) headers: HashMap<String, String>,
    pub(crate) body: String,
}

/// An HTTP endpoint on loopback that answers each request with the next scripted
/// status (then `then`), and reports every request on a channel.
pub(crate) struct Receiver {
    pub(crate) url: String,
    requests: mpsc::UnboundedReceiver<Received>,
}

impl Receiver {
    pub(crate) async fn start(
        script: Vec<(u16, Option<&'static str>)>,
        then: (u16, Option<&'static str>),
    ) -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let url = format!(
            "http://127.0.0.1:{}/hook",
            listener.local_addr().expect("addr").port()
        );
        let (tx, rx) = mpsc::unbounded_channel();
        tokio::spawn(async move {
            let mut script = script.into_iter();
            loop {
                let Ok((mut socket, _)) = listener.accept().await else {
                    return;
                };
                let mut buffer = Vec::new();
                let mut chunk = [0u8; 8192];
                let (head_end, length) = loop {
                    let n = socket.read(&mut chunk).await.unwrap_or(0);
                    if n == 0 {
                        break (None, 0);
                    }
                    buffer.extend_from_slice(&chunk[..n]);
                    if let Some(end) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
                        let head = String::from_utf8_lossy(&buffer[..end]).to_lowercase();
                        let length = head
                            .lines()
                            .find_map(|l| l.strip_prefix("content-length:"))
                            .and_then(|v| v.trim().parse::<usize>().ok())
                            .unwrap_or(0);
                        break (Some(end + 4), length);
                    }
                };
                let Some(head_end) = head_end else { continue };
                while buffer.len() < head_end + length {
                    let n = socket.read(&mut chunk).await.unwrap_or(0);
                    if n == 0 {
                        break;
                    }
                    buffer.extend_from_slice(&chunk[..n]);
                }
                let head = String::from_utf8_lossy(&buffer[..head_end]).into_owned();
                let headers = head
                    .lines()
                    .skip(1)
                    .filter_map(|l| l.split_once(':'))
                    .map(|(k, v)| (k.trim().to_lowercase(), v.trim().to_owned()))
                    .collect();
                let body = String::from_utf8_lossy(&buffer[head_end..]).into_owned();
                let (status, location) = script.next().unwrap_or(then);
                let mut response = format!(
                    "HTTP/1.1 {status} Scripted\r\ncontent-length: 0\r\nconnection: close\r\n"
                );
                if let Some(location) = location {
                    response.push_str(&format!("location: {location}\r\n"));
                }
                response.push_str("\r\n");
                let _ = socket.write_all(response.as_bytes()).await;
                let _ = socket.shutdown().await;
                let _ = tx.send(Received { headers, body });
            }
        });
        Self { url, requests: rx }
    }

    /// The next request; the test fails if none comes within a minute.
    pub(crate) async fn next(&mut self) -> Received {
        tokio::time::timeout(Duration::from_secs(60), self.requests.recv())
            .await
            .expect("a delivery within a minute")
            .expect("the receiver runs")
    }
}

const VERIFY: &str = r#"
import base64, hashlib, hmac, json, sys
d = json.load(sys.stdin)
key = base64.b64decode(d["secret"][len("whsec_"):])
signed = (d["id"] + "." + d["timestamp"] + ".").encode() + d["body"].encode()
expected = "v1," + base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()
print(json.dumps(hmac.compare_digest(expected, d["signature"])))
"#;

/// Whether the request carries a valid Standard Webhooks signature for `secret`.
pub(crate) fn signed_by(request: &Received, secret: &str) -> bool {
    let input = json!({
        "secret": secret,
        "id": request.headers["webhook-id"],
        "timestamp": request.headers["webhook-timestamp"],
        "signature": request.headers["webhook-signature"],
        "body": request.body,
    });
    tests::python(VERIFY, input.to_string().as_bytes()) == json!(true)
}

pub(crate) async fn register(
    app: &TestApp,
    token: &str,
    url: &str,
    events: &[&str],
) -> CreatedWebhook {
    let response = app
        .post_json(
            "/api/v1/webhooks",
            &json!({"url": url, "events": events}),
            Some(token),
        )
        .await;
    assert_eq!(response.status(), 201);
    response.json().await.expect("webhook")
}

pub(crate) async fn publish_new(app: &TestApp, editor: &str, headline: &str) -> Article {
    let draft = app
        .create_article(
            editor,
            &json!({"headline": headline, "section": "internasional", "language": "id",
                    "byline": "Tim Global Insight", "body": [{"type": "paragraph", "text": "Isi."}]}),
        )
        .await;
    app.publish(editor, &draft).await
}

pub(crate) fn headline_of(request: &Received) -> String {
    let event: Value = serde_json::from_str(&request.body).expect("JSON body");
    event["data"]["article"]["headline"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

pub(crate) fn loopback(settings: &mut backend::Settings) {
    settings.webhooks.allowed_addresses = vec!["127.0.0.1".to_owned()];
    settings.webhooks.poll_interval_ms = 20;
    settings.webhooks.retry_base_seconds = 60;
}

async fn deliveries_are_signed_and_retried_with_backoff(db: Db) {
    let app = TestApp::builder(db)
        .manual_clock()
        .configure(loopback)
        .spawn()
        .await;
    let admin = app.staff_token(Role::Admin, "Ani Admin").await;
    let editor = app.staff_token(Role::Editor, "Sari Editor").await;
    let mut receiver = Receiver::start(vec![(500, None), (503, None)], (200, None)).await;
    let created = register(&app, &admin, &receiver.url, &["article.published"]).await;
    assert!(created.secret.starts_with("whsec_"));
    assert!(created.webhook.active);

    let start = chrono::Utc::now();
    publish_new(&app, &editor, "Pertama Terbit").await;
    let first = receiver.next().await;
    assert!(signed_by(&first, &created.secret), "a valid signature");
    assert!(
        !signed_by(&first, "whsec_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"),
        "a wrong secret fails"
    );
    assert_eq!(first.headers["content-type"], "application/json");
    let event: Value = serde_json::from_str(&first.body).expect("JSON");
    assert_eq!(event["type"], "article.published");
    assert_eq!(event["data"]["article"]["headline"], "Pertama Terbit");
    assert_eq!(event["data"]["change"]["type"], "article.published");

    // Retries wait: 60 s, then 120 s, by the server's clock.
    app.set_clock(start + chrono::Duration::seconds(61));
    let second = receiver.next().await;
    assert_eq!(
        second.headers["webhook-id"], first.headers["webhook-id"],
        "the same delivery"
    );
    assert!(signed_by(&second, &created.secret));
    app.set_clock(start + chrono::Duration::seconds(61 + 121));
    let third = receiver.next().await;
    assert_eq!(third.headers["webhook-id"], first.headers["webhook-id"]);
    assert_ne!(
        third.headers["webhook-timestamp"],
        first.headers["webhook-timestamp"]
    );

    // A later event arrives once the first is settled; the log has both.
    publish_new(&app, &editor, "Kedua Terbit").await;
    let fourth = receiver.next().await;
    assert_eq!(headline_of(&fourth), "Kedua Terbit");
    let log: DeliveryPage = app
        .get_authed(
            &format!("/api/v1/webhooks/{}/deliveries", created.webhook.id),
            &admin,
        )
        .await
        .json()
        .await
        .expect("deliveries");
    let first_delivery = log
        .data
        .iter()
        .find(|d| d.id.to_string() == first.headers["webhook-id"])
        .expect("logged");
    assert_eq!(first_delivery.status, DeliveryStatus::Delivered);
    assert_eq!(
        (first_delivery.attempts, first_delivery.last_status),
        (3, Some(200))
    );
    assert!(first_delivery.delivered_at.is_some());
}

async fn a_failing_endpoint_is_disabled(db: Db) {
    let app = TestApp::builder(db)
        .manual_clock()
        .configure(|s| {
            loopback(s);
            s.webhooks.max_attempts = 2;
            s.webhooks.disable_after_failures = 2;
        })
        .spawn()
        .await;
    let admin = app.staff_token(Role::Admin, "Ani Admin").await;
    let editor = app.staff_token(Role::Editor, "Sari Editor").await;
    let mut failing = Receiver::start(Vec::new(), (500, None)).await;
    let mut healthy = Receiver::start(Vec::new(), (204, None)).await;
    let broken = register(&app, &admin, &failing.url, &["article.published"]).await;
    register(&app, &admin, &healthy.url, &["article.published"]).await;

    let start = chrono::Utc::now();
    publish_new(&app, &editor, "Satu").await;
    failing.next().await;
    app.set_clock(start + chrono::Duration::seconds(61));
    failing.next().await;
    assert_eq!(headline_of(&healthy.next().await), "Satu");
    // A later event to the healthy endpoint: by then the failure is on record.
    publish_new(&app, &editor, "Dua").await;
    assert_eq!(headline_of(&healthy.next().await), "Dua");

    let list: WebhookList = app
        .get_authed("/api/v1/webhooks", &admin)
        .await
        .json()
        .await
        .expect("list");
    let disabled = list
        .data
        .iter()
        .find(|w| w.id == broken.webhook.id)
        .expect("listed");
    assert!(!disabled.active && disabled.disabled_at.is_some());
    assert_eq!(disabled.consecutive_failures, 2);
    let log: DeliveryPage = app
        .get_authed(
            &format!("/api/v1/webhooks/{}/deliveries", broken.webhook.id),
            &admin,
        )
        .await
        .json()
        .await
        .expect("deliveries");
    assert_eq!(
        log.data.len(),
        1,
        "nothing is queued for a disabled endpoint"
    );
    assert_eq!(log.data[0].status, DeliveryStatus::Failed);
    assert_eq!(
        (log.data[0].attempts, log.data[0].last_status),
        (2, Some(500))
    );
    assert!(failing.requests.try_recv().is_err(), "no third attempt");

    // Turned back on, with its failures cleared.
    let enabled = app
        .client
        .post(app.url(&format!("/api/v1/webhooks/{}/enable", broken.webhook.id)))
        .bearer_auth(&admin)
        .send()
        .await
        .expect("response");
    assert_eq!(enabled.status(), 200);
    let enabled: shared::webhooks::Webhook = enabled.json().await.expect("webhook");
    assert!(enabled.active && enabled.disabled_at.is_none());
    assert_eq!(enabled.consecutive_failures, 0);
}

/// The first and last address of a block written `address/prefix`.
fn range(block: &str) -> (std::net::IpAddr, std::net::IpAddr) {
    let (address, prefix) = block.split_once('/').expect("a block");
    let prefix: u32 = prefix.parse().expect("a prefix");
    match address.parse().expect("an address") {
        std::net::IpAddr::V4(v4) => {
            let mask = u32::MAX.checked_shl(32 - prefix).unwrap_or(0);
            let first = u32::from(v4) & mask;
            (
                std::net::Ipv4Addr::from(first).into(),
                std::net::Ipv4Addr::from(first | !mask).into(),
            )
        }
        std::net::IpAddr::V6(v6) => {
            let mask = u128::MAX.checked_shl(128 - prefix).unwrap_or(0);
            let first = u128::from(v6) & mask;
            (
                std::net::Ipv6Addr::from(first).into(),
                std::net::Ipv6Addr::from(first | !mask).into(),
            )
        }
    }
}

async fn only_public_destinations_unless_allowed(db: Db) {
    let app = spawn_app(db).await;
    let admin = app.staff_token(Role::Admin, "Ani Admin").await;
    for url in [
        "http://127.0.0.1:9/hook",
        "http://localhost/hook",
        "http://10.0.0.1/hook",
        "http://169.254.169.254/latest/meta-data",
        "http://[::1]/hook",
        "http://[::ffff:192.168.0.1]/hook",
        "http://[fe80::1]/hook",
        "http://0.0.0.0/hook",
        "ftp://partner.example/hook",
        "http://user:pass@partner.example/hook",
        "not a url",
    ] {
        let response = app
            .post_json(
                "/api/v1/webhooks",
                &json!({"url": url, "events": ["article.published"]}),
                Some(&admin),
            )
            .await;
        assert_problem(response, 400, ErrorCode::InvalidBody, Some("url")).await;
    }
    // Every block of IANA's special-purpose registries, at its first and last address
    // (6to4 and Teredo embed IPv4 addresses a relay would reach for us).
    for (block, name) in backend::domain::special_addresses::SPECIAL_PURPOSE {
        let (first, last) = range(block);
        for ip in [first, last] {
            let host = match ip {
                std::net::IpAddr::V4(v4) => v4.to_string(),
                std::net::IpAddr::V6(v6) => format!("[{v6}]"),
            };
            let response = app
                .post_json(
                    "/api/v1/webhooks",
                    &json!({"url": format!("http://{host}/hook"), "events": ["article.published"]}),
                    Some(&admin),
                )
                .await;
            let problem = assert_problem(response, 400, ErrorCode::InvalidBody, Some("url")).await;
            assert!(
                problem.detail.contains("not a public address"),
                "{block} ({name}): {problem:?}"
            );
        }
    }
    // What an internal name resolves to is not told.
    let response = app
        .post_json(
            "/api/v1/webhooks",
            &json!({"url": "http://localhost/hook", "events": ["article.published"]}),
            Some(&admin),
        )
        .await;
    let problem = assert_problem(response, 400, ErrorCode::InvalidBody, Some("url")).await;
    assert!(
        !problem.detail.contains("127.0.0.1") && !problem.detail.contains("::1"),
        "{problem:?}"
    );
    let no_events = app
        .post_json(
            "/api/v1/webhooks",
            &json!({"url": "http://10.0.0.1/", "events": []}),
            Some(&admin),
        )
        .await;
    assert_problem(no_events, 400, ErrorCode::InvalidBody, Some("events")).await;
    let unknown_event = app
        .post_json(
            "/api/v1/webhooks",
            &json!({"url": "http://10.0.0.1/", "events": ["article.exploded"]}),
            Some(&admin),
        )
        .await;
    assert_eq!(unknown_event.status(), 400);

    // Editors may not; anonymous callers and unknown keys are 401.
    let editor = app.staff_token(Role::Editor, "Sari Editor").await;
    assert_eq!(
        app.get_authed("/api/v1/webhooks", &editor).await.status(),
        403
    );
    assert_eq!(app.get("/api/v1/webhooks").await.status(), 401);
    let unknown = app
        .get_with("/api/v1/webhooks", &[("X-API-Key", "gi_nope")])
        .await;
    assert_problem(unknown, 401, ErrorCode::Unauthorized, Some("X-API-Key")).await;
}

async fn redirects_to_private_addresses_are_refused(db: Db) {
    let app = TestApp::builder(db)
        .manual_clock()
        .configure(|s| {
            loopback(s);
            s.webhooks.max_attempts = 1;
            s.webhooks.disable_after_failures = 10;
        })
        .spawn()
        .await;
    let admin = app.staff_token(Role::Admin, "Ani Admin").await;
    let editor = app.staff_token(Role::Editor, "Sari Editor").await;
    // Every answer is a redirect to a private address.
    let mut redirector = Receiver::start(Vec::new(), (307, Some("http://10.1.2.3/steal"))).await;
    let redirecting = register(&app, &admin, &redirector.url, &["article.published"]).await;
    let mut healthy = Receiver::start(Vec::new(), (200, None)).await;

    // A partner with an API key registers their own endpoint and sees only theirs.
    let key: shared::staff::CreatedApiKey = app
        .post_json("/api/v1/api-keys", &json!({"name": "Mitra"}), Some(&admin))
        .await
        .json()
        .await
        .expect("key");
    let partner = app
        .client
        .post(app.url("/api/v1/webhooks"))
        .header("X-API-Key", &key.key)
        .json(&json!({"url": healthy.url, "events": ["article.published", "article.updated"]}))
        .send()
        .await
        .expect("response");
    assert_eq!(partner.status(), 201);
    let mine: WebhookList = app
        .get_with("/api/v1/webhooks", &[("X-API-Key", &key.key)])
        .await
        .json()
        .await
        .expect("list");
    assert_eq!(mine.data.len(), 1);
    let all: WebhookList = app
        .get_authed("/api/v1/webhooks", &admin)
        .await
        .json()
        .await
        .expect("list");
    assert_eq!(all.data.len(), 2);
    // Another's endpoint does not exist for a partner.
    let others = app
        .get_with(
            &format!("/api/v1/webhooks/{}/deliveries", redirecting.webhook.id),
            &[("X-API-Key", &key.key)],
        )
        .await;
    assert_problem(others, 404, ErrorCode::NotFound, None).await;

    publish_new(&app, &editor, "Satu").await;
    let _ = redirector.next().await;
    assert_eq!(headline_of(&healthy.next().await), "Satu");
    publish_new(&app, &editor, "Dua").await;
    assert_eq!(headline_of(&healthy.next().await), "Dua");
    let log: DeliveryPage = app
        .get_authed(
            &format!("/api/v1/webhooks/{}/deliveries", redirecting.webhook.id),
            &admin,
        )
        .await
        .json()
        .await
        .expect("deliveries");
    let first = log.data.last().expect("a delivery");
    assert_eq!(first.status, DeliveryStatus::Failed);
    let error = first.last_error.clone().unwrap_or_default();
    assert!(
        error.contains("refused") && error.contains("10.1.2.3"),
        "{error}"
    );

    let deleted = app
        .client
        .delete(app.url(&format!("/api/v1/webhooks/{}", redirecting.webhook.id)))
        .bearer_auth(&admin)
        .send()
        .await
        .expect("response");
    assert_eq!(deleted.status(), 204);
}

both_databases!(
    deliveries_are_signed_and_retried_with_backoff,
    a_failing_endpoint_is_disabled,
    only_public_destinations_unless_allowed,
    redirects_to_private_addresses_are_refused,
);
