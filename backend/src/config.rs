//! Typed settings: defaults, then an optional TOML file, then `APP_`-prefixed
//! environment variables (`APP_SERVER__PORT=9000`), then `DATABASE_URL`.

use std::path::{Path, PathBuf};

use anyhow::Context as _;
use figment::Figment;
use figment::providers::{Env, Format as _, Serialized, Toml};
use serde::{Deserialize, Serialize};

use crate::domain::special_addresses::Network;

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    pub server: ServerSettings,
    pub database: DatabaseSettings,
    pub desk: DeskSettings,
    pub http: HttpSettings,
    pub auth: AuthSettings,
    pub web: WebSettings,
    pub webhooks: WebhookSettings,
    pub media: MediaSettings,
    pub live: LiveSettings,
    pub views: ViewSettings,
    pub search: SearchSettings,
}

/// The search engine: a Tantivy index per instance, kept current from the change log.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct SearchSettings {
    /// This instance's index (its own: two processes cannot share one folder). Made
    /// from the database at start when missing or made from another database.
    pub index_dir: PathBuf,
    /// How often the change log is read for other instances' writes, in milliseconds
    /// (this instance's own are indexed at once, and a search first reads what is new).
    pub poll_ms: u64,
    /// Change-log entries a search indexes itself before answering; when the index is
    /// further behind (a large import through another instance), searches are answered
    /// from the index as it stands — each hit still read from the database, so nothing
    /// no longer public is shown — while the background worker catches up.
    pub max_lag: u64,
}

/// Most read: the reader app's view beacons, counted here and written per hour.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ViewSettings {
    /// How often this instance adds the views it counted to the database, in seconds
    /// (and once more when it stops).
    pub flush_seconds: u64,
    /// How long a most-read list is kept before it is counted again, in seconds (0:
    /// counted on every request). A story unpublished leaves it at once either way.
    pub ranking_seconds: u64,
    /// Views one client (an IP address) may report per `client_window_seconds`; past
    /// it, 429 and not counted.
    pub per_client: u32,
    pub client_window_seconds: u64,
}

/// Live blogs' event streams.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct LiveSettings {
    /// Open event streams this instance keeps at most; past it a new one gets 503 with
    /// `Retry-After` (the browser's `EventSource` tries again later).
    pub max_streams: usize,
    /// A comment line sent on an idle stream this often, in seconds, so proxies and
    /// browsers keep it open.
    pub heartbeat_seconds: u64,
    /// How often the change log is read for entries written through other instances,
    /// in milliseconds (this instance's own writes are sent at once).
    pub poll_ms: u64,
}

/// The image library.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct MediaSettings {
    /// Where images are kept on this machine: the originals (private, under
    /// `originals/`) and, later, their renditions.
    pub dir: PathBuf,
    /// The largest upload, in megabytes (10^6 bytes): past it, 413.
    pub max_upload_mb: u64,
    /// The most pixels an image may have (width × height), in megapixels: a small file
    /// can declare a huge image (a decompression bomb), refused before it is decoded.
    pub max_megapixels: u32,
    /// The longest side may be at most this many times the shortest.
    pub max_aspect_ratio: u32,
    /// Whether this instance makes renditions in the background (off where another
    /// instance, or a test, does it).
    pub render_in_background: bool,
    /// How often the rendition worker looks for work, in milliseconds.
    pub poll_interval_ms: u64,
    /// Renditions kept in memory to serve, in MiB (0: none kept; each is then read from
    /// the folder or bucket).
    pub cache_mb: u64,
    /// An S3-compatible bucket instead of `dir`, for several instances: each serves
    /// what any uploaded.
    #[serde(default)]
    pub s3: Option<S3Settings>,
}

/// An S3-compatible bucket (AWS S3, Garage, MinIO, s3s-fs…), by path-style requests.
#[derive(Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct S3Settings {
    /// `http://127.0.0.1:3900` or `https://s3.eu-west-1.amazonaws.com`.
    pub endpoint: String,
    pub bucket: String,
    #[serde(default = "S3Settings::default_region")]
    pub region: String,
    pub access_key_id: String,
    pub secret_access_key: String,
}

impl S3Settings {
    fn default_region() -> String {
        "us-east-1".to_owned()
    }
}

/// The secret stays out of logs and error messages.
impl std::fmt::Debug for S3Settings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("S3Settings")
            .field("endpoint", &self.endpoint)
            .field("bucket", &self.bucket)
            .field("region", &self.region)
            .field("access_key_id", &self.access_key_id)
            .finish_non_exhaustive()
    }
}

impl MediaSettings {
    pub fn max_upload_bytes(&self) -> u64 {
        self.max_upload_mb.saturating_mul(1_000_000)
    }

    pub fn max_pixels(&self) -> u64 {
        u64::from(self.max_megapixels) * 1_000_000
    }
}

/// Outbound webhook deliveries.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct WebhookSettings {
    /// Addresses or networks (`127.0.0.1`, `10.0.0.0/8`) webhooks may reach although
    /// they are loopback, private or link-local; everything else must be public.
    pub allowed_addresses: Vec<String>,
    /// How often the worker looks for work, in milliseconds.
    pub poll_interval_ms: u64,
    /// Attempts per delivery before it is given up.
    pub max_attempts: u32,
    /// Wait before the first retry, in seconds; doubled for each retry after (at most an hour).
    pub retry_base_seconds: u64,
    /// Failed attempts in a row after which an endpoint is disabled.
    pub disable_after_failures: u32,
    /// Time allowed for one delivery, in seconds.
    pub timeout_seconds: u64,
}

impl WebhookSettings {
    /// `allowed_addresses` as networks; an entry that is not one is an error.
    pub fn allowed_networks(&self) -> anyhow::Result<Vec<Network>> {
        self.allowed_addresses
            .iter()
            .map(|entry| {
                Network::parse(entry).ok_or_else(|| {
                    anyhow::anyhow!(
                        "webhooks.allowed_addresses: {entry:?} is not an address or network"
                    )
                })
            })
            .collect()
    }
}

/// The reader app the server hands out at `/` and every app URL.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct WebSettings {
    /// The built app (`scripts/build-frontend` writes `target/site`).
    pub dir: PathBuf,
    /// The API the app calls, written into its HTML; the server's own `/api/v1` by default.
    pub api_base: String,
    /// The site's public address for canonical URLs, OpenGraph, JSON-LD, feeds and
    /// sitemaps (`https://…`, no path). Required in production; without it (in
    /// development) each request's `Host` is used, and answers that carry it are not
    /// kept in the response cache.
    pub public_url: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ServerSettings {
    /// Address to listen on.
    pub host: String,
    /// Port to listen on; 0 picks a free one.
    pub port: u16,
    /// HTTP worker threads; 0 means one per core.
    pub workers: usize,
    /// Time a client has to send a request's head, in milliseconds; slower → 408.
    pub head_timeout_ms: u64,
    /// Time a client has to send a request's whole body once its head arrived, in
    /// milliseconds; slower → 408.
    pub body_timeout_ms: u64,
    /// Time a request may take to be answered, in milliseconds; longer → 503.
    pub request_timeout_ms: u64,
    /// On SIGTERM/SIGINT: seconds in-flight requests get to finish before the
    /// server stops anyway.
    pub shutdown_timeout_seconds: u64,
    /// When set, `/metrics` answers only `Authorization: Bearer <this>`.
    pub metrics_token: Option<Secret>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct DatabaseSettings {
    /// `sqlite://path/to/file.db` (or a bare path), or `postgres://user@host/db`.
    pub url: String,
    /// Connections kept in the pool.
    pub pool_size: u32,
    /// How long an SQLite writer waits for the lock, in milliseconds.
    pub busy_timeout_ms: u64,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct DeskSettings {
    /// IANA time zone in which dates are shown and date lines are read.
    pub time_zone: chrono_tz::Tz,
    /// Section for imported copy when none is given.
    pub default_section: String,
    /// Language (BCP 47) of imported copy when none is given.
    pub default_language: String,
    /// Import the demo article on start when the database holds no article.
    pub seed_on_empty: bool,
    /// Search ranks by relevance weighed down by age: an article this many days old
    /// counts half as much as the same match published now.
    pub search_recency_days: u32,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct HttpSettings {
    /// `Cache-Control: max-age` for public reads, in seconds.
    pub cache_max_age: u32,
    /// `Cache-Control: stale-while-revalidate` for public reads, in seconds.
    pub stale_while_revalidate: u32,
    /// Public API requests one client (IP) may make per window; the next gets 429.
    pub anonymous_requests: u32,
    /// The rate-limit window, in seconds.
    pub rate_window_seconds: u64,
    /// Memory for public answers kept ready to send (articles, article lists, feeds), in
    /// MiB; 0 turns the cache off.
    pub response_cache_mb: u32,
    /// How long a kept answer is sent without asking the database whether anything
    /// changed, in milliseconds. This server's own writes retire kept answers at once;
    /// another instance's (or an `import`'s) are seen within this time. 0 asks every time.
    pub cache_revalidate_ms: u64,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct AuthSettings {
    /// In production the server refuses to start without a `jwt_secret` of at least 256 bits.
    pub production: bool,
    /// HMAC key for access tokens (HS256), at least 32 bytes. Without one (development
    /// only) a random key is made at start, so tokens do not survive a restart.
    pub jwt_secret: Option<Secret>,
    /// `iss` of access tokens.
    pub issuer: String,
    /// `aud` of access tokens.
    pub audience: String,
    /// Lifetime of an access token, in seconds.
    pub access_ttl_seconds: u64,
    /// Lifetime of a refresh token, in days.
    pub refresh_ttl_days: u64,
    /// Failed logins allowed per client IP and per account within the window; the next gets 429.
    pub login_max_failures: u32,
    /// The throttling window, in seconds.
    pub login_window_seconds: u64,
    /// Proxies whose `X-Forwarded-For` is believed; from anyone else it is ignored.
    pub trusted_proxies: Vec<std::net::IpAddr>,
}

/// A secret string: never printed, compared or logged by accident.
#[derive(Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(…)")
    }
}

/// Shortest accepted `auth.jwt_secret`: 256 bits.
pub const MIN_SECRET_BYTES: usize = 32;

impl Default for Settings {
    fn default() -> Self {
        Self {
            server: ServerSettings {
                host: "127.0.0.1".into(),
                port: 8080,
                workers: 0,
                head_timeout_ms: 5_000,
                body_timeout_ms: 10_000,
                request_timeout_ms: 30_000,
                shutdown_timeout_seconds: 30,
                metrics_token: None,
            },
            database: DatabaseSettings {
                url: "sqlite://data/global-insight.db".into(),
                pool_size: 8,
                busy_timeout_ms: 5_000,
            },
            desk: DeskSettings {
                time_zone: chrono_tz::Asia::Jakarta,
                default_section: "internasional".into(),
                default_language: "id".into(),
                seed_on_empty: true,
                search_recency_days: 30,
            },
            http: HttpSettings {
                cache_max_age: 60,
                stale_while_revalidate: 300,
                anonymous_requests: 600,
                rate_window_seconds: 60,
                response_cache_mb: 64,
                cache_revalidate_ms: 1_000,
            },
            auth: AuthSettings {
                production: false,
                jwt_secret: None,
                issuer: "global-insight".into(),
                audience: "global-insight-api".into(),
                access_ttl_seconds: 15 * 60,
                refresh_ttl_days: 30,
                login_max_failures: 5,
                login_window_seconds: 15 * 60,
                trusted_proxies: Vec::new(),
            },
            web: WebSettings {
                dir: PathBuf::from("target/site"),
                api_base: "/api/v1".into(),
                public_url: None,
            },
            webhooks: WebhookSettings {
                allowed_addresses: Vec::new(),
                poll_interval_ms: 1_000,
                max_attempts: 8,
                retry_base_seconds: 30,
                disable_after_failures: 20,
                timeout_seconds: 10,
            },
            views: ViewSettings {
                flush_seconds: 10,
                ranking_seconds: 60,
                per_client: 60,
                client_window_seconds: 60,
            },
            search: SearchSettings {
                index_dir: PathBuf::from("data/search-index"),
                poll_ms: 500,
                max_lag: 2_000,
            },
            live: LiveSettings {
                max_streams: 10_000,
                heartbeat_seconds: 15,
                poll_ms: 500,
            },
            media: MediaSettings {
                dir: PathBuf::from("data/media"),
                s3: None,
                cache_mb: 64,
                max_upload_mb: 25,
                max_megapixels: 50,
                max_aspect_ratio: 20,
                render_in_background: true,
                poll_interval_ms: 500,
            },
        }
    }
}

/// Default config file, read when present.
pub const DEFAULT_CONFIG_FILE: &str = "global-insight.toml";

impl Settings {
    /// Defaults ← `file` (or `global-insight.toml` when present) ← `APP_*` ← `DATABASE_URL`.
    pub fn load(file: Option<&Path>) -> anyhow::Result<Self> {
        let mut figment = Figment::from(Serialized::defaults(Self::default()));
        match file {
            Some(path) => {
                if !path.exists() {
                    anyhow::bail!("config file {} does not exist", path.display());
                }
                figment = figment.merge(Toml::file(path));
            }
            None => figment = figment.merge(Toml::file(PathBuf::from(DEFAULT_CONFIG_FILE))),
        }
        // `APP_CONFIG` names the file (the `--config` flag), it is not a setting.
        figment = figment.merge(Env::prefixed("APP_").ignore(&["config"]).split("__"));
        if let Ok(url) = std::env::var("DATABASE_URL") {
            figment = figment.merge(("database.url", url));
        }
        let settings: Self = figment.extract().context("reading the configuration")?;
        settings.validate()?;
        Ok(settings)
    }

    pub fn validate(&self) -> anyhow::Result<()> {
        anyhow::ensure!(
            self.media.max_upload_mb > 0
                && self.media.max_megapixels > 0
                && self.media.max_aspect_ratio > 0
                && self.media.poll_interval_ms > 0,
            "media: max_upload_mb, max_megapixels, max_aspect_ratio and poll_interval_ms must be at least 1"
        );
        anyhow::ensure!(
            self.server.head_timeout_ms > 0
                && self.server.body_timeout_ms > 0
                && self.server.request_timeout_ms > 0,
            "server.head_timeout_ms, server.body_timeout_ms and server.request_timeout_ms must be at least 1"
        );

        anyhow::ensure!(
            self.http.anonymous_requests > 0 && self.http.rate_window_seconds > 0,
            "http.anonymous_requests and http.rate_window_seconds must be at least 1"
        );
        anyhow::ensure!(
            self.webhooks.max_attempts > 0
                && self.webhooks.disable_after_failures > 0
                && self.webhooks.poll_interval_ms > 0
                && self.webhooks.timeout_seconds > 0,
            "webhooks: max_attempts, disable_after_failures, poll_interval_ms and timeout_seconds must be at least 1"
        );
        self.webhooks.allowed_networks()?;
        anyhow::ensure!(
            self.live.max_streams > 0 && self.live.heartbeat_seconds > 0 && self.live.poll_ms > 0,
            "live: max_streams, heartbeat_seconds and poll_ms must be at least 1"
        );
        anyhow::ensure!(self.search.poll_ms > 0, "search.poll_ms must be at least 1");
        anyhow::ensure!(
            self.views.flush_seconds > 0
                && self.views.per_client > 0
                && self.views.client_window_seconds > 0,
            "views: flush_seconds, per_client and client_window_seconds must be at least 1"
        );
        anyhow::ensure!(
            self.desk.search_recency_days > 0,
            "desk.search_recency_days must be at least 1"
        );
        anyhow::ensure!(
            self.database.pool_size > 0,
            "database.pool_size must be at least 1"
        );
        match &self.auth.jwt_secret {
            Some(secret) => anyhow::ensure!(
                secret.expose().len() >= MIN_SECRET_BYTES,
                "auth.jwt_secret must be at least {MIN_SECRET_BYTES} bytes (256 bits)"
            ),
            None => anyhow::ensure!(
                !self.auth.production,
                "auth.jwt_secret is required in production (APP_AUTH__JWT_SECRET, at least {MIN_SECRET_BYTES} bytes)"
            ),
        }
        anyhow::ensure!(
            self.auth.access_ttl_seconds > 0 && self.auth.refresh_ttl_days > 0,
            "auth token lifetimes must be positive"
        );
        anyhow::ensure!(
            shared::slug::is_slug(&self.desk.default_section),
            "desk.default_section must be a slug (lowercase letters, digits, hyphens)"
        );
        match &self.web.public_url {
            Some(url) => validate_public_url(url)?,
            None => anyhow::ensure!(
                !self.auth.production,
                "web.public_url is required in production (APP_WEB__PUBLIC_URL=https://…): \
                 without it the site's address is taken from each request's Host"
            ),
        }
        Ok(())
    }

    /// The desk's zone, parsed when the settings were read (an unknown one is an error
    /// there, never a silent fallback).
    pub fn time_zone(&self) -> chrono_tz::Tz {
        self.desk.time_zone
    }
}

/// `web.public_url`: an http(s) origin — a scheme and a host, an optional port, no
/// credentials, path, query or fragment.
fn validate_public_url(raw: &str) -> anyhow::Result<()> {
    let url = url::Url::parse(raw)
        .map_err(|e| anyhow::anyhow!("web.public_url: {raw:?} is not a URL: {e}"))?;
    anyhow::ensure!(
        matches!(url.scheme(), "http" | "https")
            && url.host_str().is_some()
            && url.username().is_empty()
            && url.password().is_none()
            && url.path() == "/"
            && url.query().is_none()
            && url.fragment().is_none()
            && !raw.trim_end_matches('/').ends_with(':'),
        "web.public_url must be an origin such as https://example.id (http or https, a host \
         and an optional port; no path, query or credentials), not {raw:?}"
    );
    Ok(())
}

#[cfg(test)]
// figment's Jail returns its large error type by design.
#[allow(clippy::result_large_err)]
mod tests {
    use super::*;

    #[test]
    fn file_then_environment_override_the_defaults() {
        figment::Jail::expect_with(|jail| {
            jail.create_file(
                DEFAULT_CONFIG_FILE,
                "[server]\nport = 9000\n[desk]\ntime_zone = \"Asia/Makassar\"\n",
            )?;
            jail.set_env("APP_SERVER__PORT", "9100");
            jail.set_env("DATABASE_URL", "postgres://db.internal/news");
            // Names the file for `--config`; not read as a setting.
            jail.set_env("APP_CONFIG", DEFAULT_CONFIG_FILE);
            let settings = Settings::load(None).map_err(|e| e.to_string())?;
            assert_eq!(settings.server.port, 9100, "environment beats the file");
            assert_eq!(
                settings.desk.time_zone,
                chrono_tz::Asia::Makassar,
                "the file beats the default"
            );
            assert_eq!(settings.database.url, "postgres://db.internal/news");
            assert_eq!(settings.server.host, "127.0.0.1");
            Ok(())
        });
    }

    #[test]
    fn secrets_are_never_printed() {
        let mut settings = Settings::default();
        settings.server.metrics_token = Some(Secret::new("scrape-secret-value"));
        settings.auth.jwt_secret = Some(Secret::new("jwt-secret-value-0123456789abcdef"));
        let printed = format!("{settings:?}");
        assert!(!printed.contains("scrape-secret-value"), "{printed}");
        assert!(!printed.contains("jwt-secret-value"), "{printed}");
    }

    #[test]
    fn unknown_keys_and_bad_values_are_errors() {
        figment::Jail::expect_with(|jail| {
            jail.create_file("bad.toml", "[server]\nprot = 9000\n")?;
            let err = Settings::load(Some(Path::new("bad.toml"))).expect_err("typo");
            assert!(format!("{err:#}").contains("prot"), "{err:#}");

            jail.set_env("APP_DESK__TIME_ZONE", "Mars/Olympus");
            let err = Settings::load(None).expect_err("bad zone");
            // Refused as it is read, naming the key and the value.
            let message = format!("{err:#}").to_lowercase();
            assert!(message.contains("desk.time_zone"), "{message}");
            assert!(message.contains("mars/olympus"), "{message}");

            jail.set_env("APP_DESK__TIME_ZONE", "Asia/Jakarta");
            jail.set_env("APP_AUTH__PRODUCTION", "true");
            let err = Settings::load(None).expect_err("production without a secret");
            assert!(
                format!("{err:#}").contains("auth.jwt_secret is required"),
                "{err:#}"
            );
            jail.set_env("APP_AUTH__JWT_SECRET", "too-short");
            let err = Settings::load(None).expect_err("a short secret");
            assert!(format!("{err:#}").contains("at least 32 bytes"), "{err:#}");
            jail.set_env("APP_AUTH__JWT_SECRET", "0123456789abcdef0123456789abcdef");
            let err = Settings::load(None).expect_err("production without a public URL");
            assert!(
                format!("{err:#}").contains("web.public_url is required"),
                "{err:#}"
            );
            for bad in [
                "javascript://x",
                "https://x.id/path",
                "https://u:p@x.id",
                "https://x.id?q",
                "x.id",
            ] {
                jail.set_env("APP_WEB__PUBLIC_URL", bad);
                let err = Settings::load(None).expect_err(bad);
                assert!(format!("{err:#}").contains("web.public_url"), "{err:#}");
            }
            jail.set_env("APP_WEB__PUBLIC_URL", "https://news.example.id");
            assert!(
                Settings::load(None).is_ok(),
                "256 bits and an origin are enough"
            );
            jail.set_env("APP_AUTH__PRODUCTION", "false");

            let err = Settings::load(Some(Path::new("missing.toml"))).expect_err("no file");
            assert!(format!("{err:#}").contains("does not exist"), "{err:#}");
            Ok(())
        });
    }
}
