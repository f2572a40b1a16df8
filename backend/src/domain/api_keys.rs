//! API keys: partners send one as `X-API-Key` for a higher rate limit. Only the
//! key's hash is stored; admins issue and revoke them, and revocation takes effect
//! on the next request.

use chrono::NaiveDateTime;
use shared::staff::{ApiKey, CreatedApiKey, NewApiKey};

use super::Desk;
use super::accounts::{random_token, token_hash};
use crate::db::models::ApiKeyRow;
use crate::db::{DbConnection, api_keys};

/// What a key is called when it is sent: `gi_` and 43 URL-safe characters.
pub const KEY_PREFIX: &str = "gi_";

#[derive(Debug, thiserror::Error)]
pub enum ApiKeyError {
    #[error("{message}")]
    Invalid {
        field: &'static str,
        message: String,
    },
    #[error("no such API key")]
    NotFound,
    #[error(transparent)]
    Storage(#[from] anyhow::Error),
}

impl From<diesel::result::Error> for ApiKeyError {
    fn from(e: diesel::result::Error) -> Self {
        Self::Storage(e.into())
    }
}

fn view(desk: Desk, row: &ApiKeyRow) -> anyhow::Result<ApiKey> {
    Ok(ApiKey {
        id: row.id.parse()?,
        name: row.name.clone(),
        prefix: row.prefix.clone(),
        requests_per_window: u32::try_from(row.requests_per_window).unwrap_or_default(),
        created_at: desk.local(row.created_at),
        revoked_at: row.revoked_at.map(|t| desk.local(t)),
    })
}

pub fn create(
    conn: &mut DbConnection,
    desk: Desk,
    new: &NewApiKey,
    default_quota: u32,
    created_by: &str,
    now: NaiveDateTime,
) -> Result<CreatedApiKey, ApiKeyError> {
    let name = new.name.trim();
    if name.is_empty() || name.chars().count() > 100 {
        return Err(ApiKeyError::Invalid {
            field: "name",
            message: "`name` must be 1 to 100 characters".into(),
        });
    }
    let quota = new
        .requests_per_window
        .unwrap_or_else(|| default_quota.saturating_mul(10).min(1_000_000));
    if !(1..=1_000_000).contains(&quota) {
        return Err(ApiKeyError::Invalid {
            field: "requests_per_window",
            message: "`requests_per_window` must be 1 to 1000000".into(),
        });
    }
    let key = format!("{KEY_PREFIX}{}", random_token());
    let row = ApiKeyRow {
        id: uuid::Uuid::now_v7().to_string(),
        name: name.to_owned(),
        key_hash: token_hash(&key),
        prefix: key.chars().take(KEY_PREFIX.len() + 6).collect(),
        requests_per_window: i32::try_from(quota).unwrap_or(i32::MAX),
        created_by: created_by.to_owned(),
        created_at: now,
        revoked_at: None,
    };
    api_keys::insert(conn, &row)?;
    Ok(CreatedApiKey {
        key,
        api_key: view(desk, &row)?,
    })
}

pub fn list(conn: &mut DbConnection, desk: Desk) -> anyhow::Result<Vec<ApiKey>> {
    api_keys::all(conn)?
        .iter()
        .map(|row| view(desk, row))
        .collect()
}

pub fn revoke(conn: &mut DbConnection, id: &str, now: NaiveDateTime) -> Result<(), ApiKeyError> {
    if api_keys::by_id(conn, id)?.is_none() {
        return Err(ApiKeyError::NotFound);
    }
    api_keys::revoke(conn, id, now)?;
    Ok(())
}

/// The active key a client sent, with its quota; `None` for an unknown or revoked key.
pub fn authenticate(conn: &mut DbConnection, key: &str) -> anyhow::Result<Option<(String, u32)>> {
    let Some(row) = api_keys::active_by_hash(conn, &token_hash(key))? else {
        return Ok(None);
    };
    Ok(Some((
        row.id,
        u32::try_from(row.requests_per_window).unwrap_or_default(),
    )))
}
