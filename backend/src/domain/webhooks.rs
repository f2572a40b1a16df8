//! Webhooks: partners register endpoints for article events; a background worker
//! turns the change log into signed deliveries, retries with backoff and disables an
//! endpoint that keeps failing. The queue lives in the database, so deliveries
//! survive a restart; claims keep two instances from sending one delivery twice.
//!
//! Signatures follow Standard Webhooks (standardwebhooks.com): `webhook-id`,
//! `webhook-timestamp` and `webhook-signature: v1,<base64 HMAC-SHA256 of
//! "<id>.<timestamp>.<body>">` keyed with the secret's base64 part.
//!
//! Outbound requests go only to public addresses: every block of IANA's
//! special-purpose registries (`special_addresses`) and multicast is refused — when
//! registering, before every attempt (the name is resolved again, and the request is
//! pinned to the address checked) and for every redirect — unless
//! `webhooks.allowed_addresses` lists them.

use std::net::{IpAddr, SocketAddr};
use std::time::Duration;

use anyhow::Context as _;
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use chrono::NaiveDateTime;
use hmac::{Hmac, Mac as _};
use rand_core::{OsRng, RngCore as _};
use sha2::Sha256;
use shared::webhooks::{
    Delivery, DeliveryStatus, NewWebhook, Webhook, WebhookEvent, WebhookEventData,
};
use shared::{Change, ChangeType};

use super::Desk;
pub use super::special_addresses::{Network, is_public};
use crate::config::WebhookSettings;
use crate::db::webhooks::{self as store, DeliveryRow, Owner, WebhookRow};
use crate::db::{self, DbConnection, Pool};

/// Why a webhook URL may not be used. What a host resolves to is never said: that is
/// not the partner's to learn.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DestinationError {
    #[error("not a URL: {0}")]
    NotAUrl(String),
    #[error("the URL must be http:// or https://")]
    Scheme,
    #[error("the URL must not carry credentials")]
    Credentials,
    #[error("the URL has no host")]
    NoHost,
    #[error("{0} does not resolve")]
    Unresolved(String),
    #[error("{0} is not a public address")]
    NotPublic(String),
}

/// Where a URL may be sent: its host, port and the address checked for it.
#[derive(Debug, Clone)]
pub struct Destination {
    pub url: url::Url,
    pub host: String,
    pub addr: SocketAddr,
}

/// Checks a URL's form and resolves its host; every address must be public or allowed.
pub async fn check_destination(
    raw: &str,
    allowed: &[Network],
) -> Result<Destination, DestinationError> {
    let (url, host, port) = parse_target(raw)?;
    let addrs = resolve(&host, port).await?;
    check_addresses(&host, &addrs, allowed)?;
    Ok(Destination {
        url,
        host,
        addr: addrs[0],
    })
}

/// The check at registration: the URL's form, and its addresses when the host resolves.
/// A host that does not resolve now is accepted — DNS can be down, or the partner's
/// name not yet published — since every delivery checks it again before sending.
pub async fn check_registration(raw: &str, allowed: &[Network]) -> Result<(), DestinationError> {
    let (_, host, port) = parse_target(raw)?;
    match resolve(&host, port).await {
        Ok(addrs) => check_addresses(&host, &addrs, allowed),
        Err(_) => Ok(()),
    }
}

fn parse_target(raw: &str) -> Result<(url::Url, String, u16), DestinationError> {
    let url = url::Url::parse(raw).map_err(|e| DestinationError::NotAUrl(e.to_string()))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(DestinationError::Scheme);
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(DestinationError::Credentials);
    }
    let host = url
        .host_str()
        .ok_or(DestinationError::NoHost)?
        .trim_start_matches('[')
        .trim_end_matches(']')
        .to_owned();
    let port = url.port_or_known_default().unwrap_or(80);
    Ok((url, host, port))
}

/// The host's addresses; at least one.
async fn resolve(host: &str, port: u16) -> Result<Vec<SocketAddr>, DestinationError> {
    let addrs: Vec<SocketAddr> = match host.parse::<IpAddr>() {
        Ok(ip) => vec![SocketAddr::new(ip, port)],
        Err(_) => tokio::net::lookup_host((host, port))
            .await
            .map_err(|e| {
                tracing::info!(%host, error = %e, "a webhook host did not resolve");
                DestinationError::Unresolved(host.to_owned())
            })?
            .collect(),
    };
    if addrs.is_empty() {
        return Err(DestinationError::Unresolved(host.to_owned()));
    }
    Ok(addrs)
}

/// Says only that the host is not allowed: which address an internal name resolves
/// to is not the partner's to learn.
fn check_addresses(
    host: &str,
    addrs: &[SocketAddr],
    allowed: &[Network],
) -> Result<(), DestinationError> {
    for addr in addrs {
        let ip = addr.ip();
        if !is_public(ip) && !allowed.iter().any(|n| n.contains(ip)) {
            tracing::info!(%host, %ip, "a webhook host that is not a public address");
            return Err(DestinationError::NotPublic(host.to_owned()));
        }
    }
    Ok(())
}

/// `whsec_` and 24 random bytes in base64.
fn new_secret() -> String {
    let mut bytes = [0u8; 24];
    OsRng.fill_bytes(&mut bytes);
    format!("whsec_{}", STANDARD.encode(bytes))
}

/// The `webhook-signature` value for a body.
pub fn sign(secret: &str, id: &str, timestamp: i64, body: &[u8]) -> anyhow::Result<String> {
    let key = STANDARD
        .decode(secret.trim_start_matches("whsec_"))
        .context("a webhook secret is not base64")?;
    let mut mac = Hmac::<Sha256>::new_from_slice(&key).context("HMAC key")?;
    mac.update(format!("{id}.{timestamp}.").as_bytes());
    mac.update(body);
    Ok(format!(
        "v1,{}",
        STANDARD.encode(mac.finalize().into_bytes())
    ))
}

fn events_of(row: &WebhookRow) -> Vec<ChangeType> {
    serde_json::from_str::<Vec<String>>(&row.events)
        .unwrap_or_default()
        .iter()
        .filter_map(|e| ChangeType::parse(e))
        .collect()
}

pub fn to_webhook(desk: Desk, row: &WebhookRow) -> anyhow::Result<Webhook> {
    Ok(Webhook {
        id: row.id.parse().context("webhook id is not a UUID")?,
        url: row.url.clone(),
        events: events_of(row),
        active: row.active,
        consecutive_failures: u32::try_from(row.consecutive_failures).unwrap_or_default(),
        disabled_at: row.disabled_at.map(|t| desk.local(t)),
        created_at: desk.local(row.created_at),
    })
}

/// Registers an endpoint (its URL already checked); it hears of changes from now on.
pub fn create(
    conn: &mut DbConnection,
    desk: Desk,
    owner: &Owner,
    input: &NewWebhook,
) -> anyhow::Result<(Webhook, String)> {
    let secret = new_secret();
    let mut events: Vec<&str> = input.events.iter().map(|e| e.as_str()).collect();
    events.sort_unstable();
    events.dedup();
    let row = WebhookRow {
        id: uuid::Uuid::now_v7().to_string(),
        url: input.url.clone(),
        secret: secret.clone(),
        events: serde_json::to_string(&events)?,
        owner_user_id: match owner {
            Owner::Admin(user) => Some(user.clone()),
            Owner::ApiKey(_) => None,
        },
        owner_api_key_id: match owner {
            Owner::ApiKey(key) => Some(key.clone()),
            Owner::Admin(_) => None,
        },
        active: true,
        consecutive_failures: 0,
        disabled_at: None,
        cursor: store::log_head(conn)?,
        created_at: desk.now(),
    };
    store::insert(conn, &row)?;
    Ok((to_webhook(desk, &row)?, secret))
}

pub fn to_delivery(desk: Desk, row: &DeliveryRow) -> anyhow::Result<Delivery> {
    Ok(Delivery {
        id: row.id.parse().context("delivery id is not a UUID")?,
        event: ChangeType::parse(&row.event).context("unknown event")?,
        cursor: row.change_seq.to_string(),
        status: match row.status.as_str() {
            "delivered" => DeliveryStatus::Delivered,
            "failed" => DeliveryStatus::Failed,
            _ => DeliveryStatus::Pending,
        },
        attempts: u32::try_from(row.attempts).unwrap_or_default(),
        last_status: row.last_status.and_then(|s| u16::try_from(s).ok()),
        last_error: row.last_error.clone(),
        next_attempt_at: (row.status == "pending").then(|| desk.local(row.next_attempt_at)),
        created_at: desk.local(row.created_at),
        delivered_at: row.delivered_at.map(|t| desk.local(t)),
    })
}

/// Queues a delivery for each new change an endpoint listens to, and moves its cursor.
fn fan_out(conn: &mut DbConnection, desk: Desk) -> anyhow::Result<()> {
    let now = desk.now();
    if crate::db::changes::any_due(conn, now)? {
        db::write_transaction(conn, |conn| crate::db::changes::publish_due(conn, now))?;
    }
    for endpoint in store::active(conn)? {
        let page = super::changes::changes_after(conn, desk, endpoint.cursor, 100)?;
        let Some(last) = page.data.last() else {
            continue;
        };
        let to: i64 = last.cursor.parse().context("cursor")?;
        let wanted = events_of(&endpoint);
        let mut rows = Vec::new();
        for change in page.data {
            if !wanted.contains(&change.kind) {
                continue;
            }
            rows.push(delivery_for(conn, desk, &endpoint, change, now)?);
        }
        db::write_transaction(conn, |conn| -> anyhow::Result<()> {
            if store::advance(conn, &endpoint.id, endpoint.cursor, to)? {
                for row in &rows {
                    store::queue(conn, row)?;
                }
            }
            Ok(())
        })?;
    }
    Ok(())
}

fn delivery_for(
    conn: &mut DbConnection,
    desk: Desk,
    endpoint: &WebhookRow,
    change: Change,
    now: NaiveDateTime,
) -> anyhow::Result<DeliveryRow> {
    let article = match change.kind {
        ChangeType::Published
        | ChangeType::Updated
        | ChangeType::Corrected
        | ChangeType::Breaking => super::articles::published_by_id(conn, desk, change.article.id)?,
        ChangeType::Unpublished
        | ChangeType::Deleted
        | ChangeType::EntryAdded
        | ChangeType::EntryUpdated
        | ChangeType::EntryRemoved => None,
    };
    let entry = match (&change.kind, &change.entry) {
        (ChangeType::EntryAdded | ChangeType::EntryUpdated, Some(entry)) => {
            crate::db::live::by_ids(conn, &[entry.id.to_string()])?
                .first()
                .map(|row| super::live::entry_view(desk, row))
                .transpose()?
        }
        _ => None,
    };
    let seq: i64 = change.cursor.parse().context("cursor")?;
    let event = WebhookEvent {
        kind: change.kind,
        timestamp: desk.local(now),
        data: WebhookEventData {
            change,
            article,
            entry,
        },
    };
    Ok(DeliveryRow {
        id: uuid::Uuid::now_v7().to_string(),
        webhook_id: endpoint.id.clone(),
        change_seq: seq,
        event: event.kind.as_str().to_owned(),
        payload: serde_json::to_string(&event)?,
        status: "pending".to_owned(),
        attempts: 0,
        next_attempt_at: now,
        claimed_until: None,
        last_status: None,
        last_error: None,
        created_at: now,
        delivered_at: None,
    })
}

/// The outcome of one attempt.
#[derive(Debug)]
enum Outcome {
    Delivered(u16),
    Failed { status: Option<u16>, error: String },
}

/// Sends one delivery: the address is checked before connecting and the request pinned
/// to it; a 307/308 redirect is followed (at most 3) only to a permitted address.
async fn send(
    delivery: &DeliveryRow,
    endpoint: &WebhookRow,
    settings: &WebhookSettings,
    allowed: &[Network],
    timestamp: i64,
) -> Outcome {
    let signature = match sign(
        &endpoint.secret,
        &delivery.id,
        timestamp,
        delivery.payload.as_bytes(),
    ) {
        Ok(s) => s,
        Err(e) => {
            return Outcome::Failed {
                status: None,
                error: e.to_string(),
            };
        }
    };
    let mut target = endpoint.url.clone();
    for _ in 0..4 {
        let destination = match check_destination(&target, allowed).await {
            Ok(d) => d,
            Err(error) => {
                return Outcome::Failed {
                    status: None,
                    error: format!("refused: {error}"),
                };
            }
        };
        let client = match reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(Duration::from_secs(settings.timeout_seconds))
            .resolve(&destination.host, destination.addr)
            .user_agent("GlobalInsight-Webhooks/1")
            .build()
        {
            Ok(c) => c,
            Err(e) => {
                return Outcome::Failed {
                    status: None,
                    error: e.to_string(),
                };
            }
        };
        let response = client
            .post(destination.url.clone())
            .header("content-type", "application/json")
            .header("webhook-id", &delivery.id)
            .header("webhook-timestamp", timestamp.to_string())
            .header("webhook-signature", &signature)
            .body(delivery.payload.clone())
            .send()
            .await;
        let response = match response {
            Ok(r) => r,
            Err(e) => {
                return Outcome::Failed {
                    status: None,
                    error: format!("request failed: {e}"),
                };
            }
        };
        let status = response.status();
        if status.is_success() {
            return Outcome::Delivered(status.as_u16());
        }
        if matches!(status.as_u16(), 307 | 308)
            && let Some(location) = response
                .headers()
                .get("location")
                .and_then(|l| l.to_str().ok())
            && let Ok(next) = destination.url.join(location)
        {
            target = next.to_string();
            continue;
        }
        return Outcome::Failed {
            status: Some(status.as_u16()),
            error: format!("the endpoint answered {status}"),
        };
    }
    Outcome::Failed {
        status: None,
        error: "too many redirects".to_owned(),
    }
}

/// The wait before retry `attempt` (1 = the first retry): doubling, at most an hour.
fn backoff(settings: &WebhookSettings, attempt: u32) -> chrono::Duration {
    let seconds = settings
        .retry_base_seconds
        .saturating_mul(1u64 << attempt.saturating_sub(1).min(20))
        .min(3600);
    chrono::Duration::seconds(i64::try_from(seconds).unwrap_or(3600))
}

/// One round of the worker: fan out new changes, then send what is due.
pub async fn run_once(
    pool: &Pool,
    desk: Desk,
    settings: &WebhookSettings,
    allowed: &[Network],
) -> anyhow::Result<()> {
    let claim_for = chrono::Duration::seconds(
        i64::try_from(settings.timeout_seconds.saturating_mul(8)).unwrap_or(600),
    );
    let claimed = {
        let pool = pool.clone();
        tokio::task::spawn_blocking(move || -> anyhow::Result<Vec<(DeliveryRow, WebhookRow)>> {
            let mut conn = pool.get()?;
            fan_out(&mut conn, desk)?;
            let now = desk.now();
            let mut claimed = Vec::new();
            for delivery in store::due(&mut conn, now, 20)? {
                if store::claim(&mut conn, &delivery.id, now, now + claim_for)?
                    && let Some(endpoint) = store::webhook(&mut conn, &delivery.webhook_id)?
                {
                    claimed.push((delivery, endpoint));
                }
            }
            Ok(claimed)
        })
        .await??
    };
    for (mut delivery, mut endpoint) in claimed {
        let now = desk.now();
        let outcome = send(
            &delivery,
            &endpoint,
            settings,
            allowed,
            now.and_utc().timestamp(),
        )
        .await;
        delivery.attempts += 1;
        match outcome {
            Outcome::Delivered(status) => {
                delivery.status = "delivered".to_owned();
                delivery.last_status = Some(i32::from(status));
                delivery.last_error = None;
                delivery.delivered_at = Some(now);
                endpoint.consecutive_failures = 0;
            }
            Outcome::Failed { status, error } => {
                tracing::warn!(webhook = %endpoint.id, delivery = %delivery.id, %error, "webhook delivery failed");
                delivery.last_status = status.map(i32::from);
                delivery.last_error = Some(error);
                let attempts = u32::try_from(delivery.attempts).unwrap_or(u32::MAX);
                if attempts >= settings.max_attempts {
                    delivery.status = "failed".to_owned();
                } else {
                    delivery.next_attempt_at = now + backoff(settings, attempts);
                }
                endpoint.consecutive_failures += 1;
                if u32::try_from(endpoint.consecutive_failures).unwrap_or(u32::MAX)
                    >= settings.disable_after_failures
                {
                    endpoint.active = false;
                    endpoint.disabled_at = Some(now);
                    tracing::warn!(webhook = %endpoint.id, "webhook disabled after repeated failure");
                }
            }
        }
        let pool = pool.clone();
        tokio::task::spawn_blocking(move || -> anyhow::Result<()> {
            let mut conn = pool.get()?;
            db::write_transaction(&mut conn, |conn| {
                store::record_attempt(conn, &delivery, &endpoint)
            })?;
            Ok(())
        })
        .await??;
    }
    Ok(())
}

/// The background worker: a round every `poll_interval_ms`, for as long as the server runs.
/// `allowed` is `webhooks.allowed_addresses`, parsed once at start-up.
pub async fn worker(pool: Pool, desk: Desk, settings: WebhookSettings, allowed: Vec<Network>) {
    // TLS for https endpoints; a second call (another server in this process) is harmless.
    let _ = rustls::crypto::ring::default_provider().install_default();
    let mut tick = tokio::time::interval(Duration::from_millis(settings.poll_interval_ms));
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        if let Err(error) = run_once(&pool, desk, &settings, &allowed).await {
            tracing::error!(error = %format!("{error:#}"), "webhook worker round failed");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn private_and_mapped_addresses_are_not_public() {
        for ip in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "0.0.0.0",
            "::1",
            "fe80::1",
            "fd00::1",
            "::ffff:10.0.0.1",
            "::ffff:127.0.0.1",
            "::",
        ] {
            assert!(!is_public(ip.parse().expect("ip")), "{ip}");
        }
        for ip in ["93.184.216.34", "8.8.8.8", "2606:4700::1111"] {
            assert!(is_public(ip.parse().expect("ip")), "{ip}");
        }
    }

    #[test]
    fn networks_contain_their_addresses() {
        let net = Network::parse("10.0.0.0/8").expect("network");
        assert!(net.contains("10.200.1.1".parse().expect("ip")));
        assert!(net.contains("::ffff:10.0.0.1".parse().expect("ip")));
        assert!(!net.contains("11.0.0.1".parse().expect("ip")));
        let one = Network::parse("127.0.0.1").expect("address");
        assert!(one.contains("127.0.0.1".parse().expect("ip")));
        assert!(!one.contains("127.0.0.2".parse().expect("ip")));
        assert!(Network::parse("10.0.0.0/33").is_none());
        assert!(Network::parse("localhost").is_none());
    }

    #[test]
    fn signatures_follow_standard_webhooks() {
        // The example of the Standard Webhooks specification.
        let signature = sign(
            "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
            "msg_p5jXN8AQM9LWM0D4loKWxJek",
            1614265330,
            br#"{"test": 2432232314}"#,
        )
        .expect("signed");
        assert_eq!(signature, "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    #[test]
    fn backoff_doubles_up_to_an_hour() {
        let settings = WebhookSettings {
            allowed_addresses: Vec::new(),
            poll_interval_ms: 1000,
            max_attempts: 8,
            retry_base_seconds: 30,
            disable_after_failures: 20,
            timeout_seconds: 10,
        };
        let waits: Vec<i64> = (1..=9)
            .map(|n| backoff(&settings, n).num_seconds())
            .collect();
        assert_eq!(waits, [30, 60, 120, 240, 480, 960, 1920, 3600, 3600]);
    }
}
