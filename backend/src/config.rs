//! Typed settings: defaults, then an optional TOML file, then `APP_`-prefixed
//! environment variables (`APP_SERVER__PORT=9000`), then `DATABASE_URL`.

use std::path::{Path, PathBuf};

use anyhow::Context as _;
use figment::Figment;
use figment::providers::{Env, Format as _, Serialized, Toml};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    pub server: ServerSettings,
    pub database: DatabaseSettings,
    pub desk: DeskSettings,
    pub http: HttpSettings,
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
    pub time_zone: String,
    /// Section for imported copy when none is given.
    pub default_section: String,
    /// Language (BCP 47) of imported copy when none is given.
    pub default_language: String,
    /// Import the demo article on start when the database holds no article.
    pub seed_on_empty: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct HttpSettings {
    /// `Cache-Control: max-age` for public reads, in seconds.
    pub cache_max_age: u32,
    /// `Cache-Control: stale-while-revalidate` for public reads, in seconds.
    pub stale_while_revalidate: u32,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            server: ServerSettings {
                host: "127.0.0.1".into(),
                port: 8080,
                workers: 0,
            },
            database: DatabaseSettings {
                url: "sqlite://data/global-insight.db".into(),
                pool_size: 8,
                busy_timeout_ms: 5_000,
            },
            desk: DeskSettings {
                time_zone: "Asia/Jakarta".into(),
                default_section: "internasional".into(),
                default_language: "id".into(),
                seed_on_empty: true,
            },
            http: HttpSettings {
                cache_max_age: 60,
                stale_while_revalidate: 300,
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
        figment = figment.merge(Env::prefixed("APP_").split("__"));
        if let Ok(url) = std::env::var("DATABASE_URL") {
            figment = figment.merge(("database.url", url));
        }
        let settings: Self = figment.extract().context("reading the configuration")?;
        settings.validate()?;
        Ok(settings)
    }

    pub fn validate(&self) -> anyhow::Result<()> {
        self.desk.time_zone.parse::<chrono_tz::Tz>().map_err(|_| {
            anyhow::anyhow!(
                "desk.time_zone: unknown time zone {:?}",
                self.desk.time_zone
            )
        })?;
        anyhow::ensure!(
            self.database.pool_size > 0,
            "database.pool_size must be at least 1"
        );
        anyhow::ensure!(
            shared::slug::is_slug(&self.desk.default_section),
            "desk.default_section must be a slug (lowercase letters, digits, hyphens)"
        );
        Ok(())
    }

    pub fn time_zone(&self) -> chrono_tz::Tz {
        self.desk
            .time_zone
            .parse()
            .unwrap_or(chrono_tz::Asia::Jakarta)
    }
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
            let settings = Settings::load(None).map_err(|e| e.to_string())?;
            assert_eq!(settings.server.port, 9100, "environment beats the file");
            assert_eq!(
                settings.desk.time_zone, "Asia/Makassar",
                "the file beats the default"
            );
            assert_eq!(settings.database.url, "postgres://db.internal/news");
            assert_eq!(settings.server.host, "127.0.0.1");
            Ok(())
        });
    }

    #[test]
    fn unknown_keys_and_bad_values_are_errors() {
        figment::Jail::expect_with(|jail| {
            jail.create_file("bad.toml", "[server]\nprot = 9000\n")?;
            let err = Settings::load(Some(Path::new("bad.toml"))).expect_err("typo");
            assert!(format!("{err:#}").contains("prot"), "{err:#}");

            jail.set_env("APP_DESK__TIME_ZONE", "Mars/Olympus");
            let err = Settings::load(None).expect_err("bad zone");
            assert!(format!("{err:#}").contains("desk.time_zone"), "{err:#}");

            let err = Settings::load(Some(Path::new("missing.toml"))).expect_err("no file");
            assert!(format!("{err:#}").contains("does not exist"), "{err:#}");
            Ok(())
        });
    }
}
