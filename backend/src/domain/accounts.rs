//! Staff accounts: passwords (argon2id), sessions with rotating refresh tokens,
//! login throttling, and the changes that end every session of an account.

use std::sync::OnceLock;
use std::time::Duration;

use anyhow::Context as _;
use argon2::password_hash::{PasswordHash, PasswordHasher as _, PasswordVerifier as _, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::NaiveDateTime;
use rand_core::{OsRng, RngCore as _};
use shared::slug::slugify;
use shared::staff::{NewUser, Role, StaffUser, UserUpdate};
use shared::{AuthorKind, AuthorRef};

use super::Desk;
use crate::db::models::{LoginFailureRow, RefreshTokenRow, SessionRow, UserRow};
use crate::db::{DbConnection, taxonomy, users};

/// OWASP's argon2id parameters: 19 MiB, 2 passes, 1 lane.
fn argon2() -> Argon2<'static> {
    let params = Params::new(19 * 1024, 2, 1, None).unwrap_or_default();
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

pub const MIN_PASSWORD_CHARS: usize = 12;
pub const MAX_BIO_CHARS: usize = 2_000;
const MAX_PASSWORD_BYTES: usize = 1024;
/// The longest address SMTP carries (RFC 5321's 256-octet path less its brackets): an
/// account's address in bytes; a sign-in's in characters, as the contract's `maxLength`
/// counts (so every address an account can have passes).
const MAX_EMAIL_LEN: usize = 254;

/// Why an account operation was refused, in terms the API can name.
#[derive(Debug, thiserror::Error)]
pub enum AccountError {
    #[error("{message}")]
    Invalid {
        field: &'static str,
        message: String,
    },
    #[error("{message}")]
    Conflict {
        field: &'static str,
        message: String,
    },
    #[error("no such account")]
    NotFound,
    #[error("the current password is wrong")]
    WrongPassword,
    #[error(transparent)]
    Storage(#[from] anyhow::Error),
}

impl From<diesel::result::Error> for AccountError {
    fn from(e: diesel::result::Error) -> Self {
        Self::Storage(e.into())
    }
}

pub fn hash_password(password: &str) -> anyhow::Result<String> {
    let salt = SaltString::generate(&mut OsRng);
    argon2()
        .hash_password(password.as_bytes(), &salt)
        .map(|hash| hash.to_string())
        .map_err(|e| anyhow::anyhow!("hashing a password: {e}"))
}

pub fn verify_password(hash: &str, password: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|parsed| {
        argon2()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok()
    })
}

/// A hash to verify against when the account does not exist, so that an unknown
/// email costs as much time as a wrong password.
fn dummy_hash() -> &'static str {
    static HASH: OnceLock<String> = OnceLock::new();
    HASH.get_or_init(|| hash_password("not a real password at all").unwrap_or_default())
}

fn check_password(field: &'static str, password: &str) -> Result<(), AccountError> {
    if password.chars().count() < MIN_PASSWORD_CHARS {
        return Err(AccountError::Invalid {
            field,
            message: format!("`{field}` must have at least {MIN_PASSWORD_CHARS} characters"),
        });
    }
    if password.len() > MAX_PASSWORD_BYTES {
        return Err(AccountError::Invalid {
            field,
            message: format!("`{field}` must be at most {MAX_PASSWORD_BYTES} bytes"),
        });
    }
    Ok(())
}

pub fn normalise_email(email: &str) -> String {
    email.trim().to_lowercase()
}

fn check_email(email: &str) -> Result<(), AccountError> {
    let valid = email.len() <= MAX_EMAIL_LEN
        && email.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
        })
        && !email.chars().any(char::is_whitespace);
    if valid {
        Ok(())
    } else {
        Err(AccountError::Invalid {
            field: "email",
            message: "`email` must be an email address".into(),
        })
    }
}

fn check_display_name(name: &str) -> Result<&str, AccountError> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 120 || slugify(name).is_empty() {
        return Err(AccountError::Invalid {
            field: "display_name",
            message: "`display_name` must be 1 to 120 characters with a letter or digit".into(),
        });
    }
    Ok(name)
}

/// Creates an account and the author profile its bylines link to.
pub fn create_user(
    conn: &mut DbConnection,
    new: &NewUser,
    now: NaiveDateTime,
) -> Result<UserRow, AccountError> {
    let email = normalise_email(&new.email);
    check_email(&email)?;
    let name = check_display_name(&new.display_name)?.to_owned();
    check_password("password", &new.password)?;
    let password_hash = hash_password(&new.password)?;
    crate::db::write_transaction(conn, |conn| {
        if users::user_by_email(conn, &email)?.is_some() {
            return Err(AccountError::Conflict {
                field: "email",
                message: format!("an account with the email {email} exists"),
            });
        }
        let author = taxonomy::ensure_author(
            conn,
            &slugify(&name),
            &name,
            AuthorKind::Person.as_str(),
            now,
        )?;
        let row = UserRow {
            id: uuid::Uuid::now_v7().to_string(),
            email,
            display_name: name,
            password_hash,
            role: new.role.as_str().to_owned(),
            author_id: Some(author.id),
            active: true,
            token_version: 1,
            created_at: now,
            updated_at: now,
        };
        users::insert_user(conn, &row)?;
        Ok(row)
    })
}

/// The account as the API shows it.
pub fn staff_user(conn: &mut DbConnection, desk: Desk, row: &UserRow) -> anyhow::Result<StaffUser> {
    let author = match &row.author_id {
        Some(id) => taxonomy::authors_by_ids(conn, std::slice::from_ref(id), 1, 0)?
            .into_iter()
            .next()
            .map(|a| AuthorRef {
                kind: AuthorKind::parse(&a.kind).unwrap_or(AuthorKind::Person),
                slug: a.slug,
                name: a.name,
                job_title: a.job_title,
            }),
        None => None,
    };
    Ok(StaffUser {
        id: row.id.parse().context("user id is not a UUID")?,
        email: row.email.clone(),
        display_name: row.display_name.clone(),
        role: Role::parse(&row.role).unwrap_or(Role::Author),
        active: row.active,
        author,
        created_at: desk.local(row.created_at),
    })
}

/// Login throttling: failures allowed per client IP, and per account from clients
/// the account has not signed in from, within a window.
///
/// Per IP it stops one client's guessing. Per account it stops guessing spread over
/// many addresses — but a lock on the account alone would let anyone lock its owner
/// out. So, as OWASP's guidance on lockout suggests, a device the owner signed in
/// from before (a signed cookie, `known_device`) is not held back by the account's
/// count: the owner still gets in while the account is under attack; an unknown
/// client waits out the window.
#[derive(Debug, Clone, Copy)]
pub struct Throttle {
    pub max_failures: u32,
    pub window: Duration,
}

#[derive(Debug)]
pub enum Login {
    Accepted(UserRow),
    /// Unknown account, wrong password or a deactivated account: one answer for all.
    Refused,
    /// Too many failures; try again after this many seconds.
    Throttled {
        retry_after: u64,
    },
}

/// Who is signing in: from which address, and on which account's known device (the
/// account id and token version a valid device cookie names), if any.
#[derive(Debug, Clone, Default)]
pub struct Client {
    pub ip: String,
    pub known_device: Option<(String, i64)>,
}

pub fn login(
    conn: &mut DbConnection,
    email: &str,
    password: &str,
    client: &Client,
    throttle: Throttle,
    now: NaiveDateTime,
) -> Result<Login, AccountError> {
    // Longer than any address (the contract's `maxLength`): refused before it is looked
    // up or kept as a failure.
    if email.chars().count() > MAX_EMAIL_LEN {
        return Err(AccountError::Invalid {
            field: "email",
            message: format!("`email` must be at most {MAX_EMAIL_LEN} characters"),
        });
    }
    let email = normalise_email(email);
    let window =
        chrono::Duration::from_std(throttle.window).unwrap_or(chrono::Duration::minutes(15));
    let since = now - window;
    let [by_ip, by_account] = users::recent_failures(conn, &client.ip, &email, since)?;
    let user = users::user_by_email(conn, &email)?;
    // A device is known to the account as it is now: a password change forgets it.
    let known_device = user.as_ref().is_some_and(|u| {
        client
            .known_device
            .as_ref()
            .is_some_and(|(id, version)| *id == u.id && *version == u.token_version)
    });
    let counts = std::iter::once(by_ip).chain((!known_device).then_some(by_account));
    for (count, oldest) in counts {
        if count >= i64::from(throttle.max_failures) {
            let free_at = oldest.unwrap_or(now) + window;
            let retry_after = u64::try_from((free_at - now).num_seconds())
                .unwrap_or(0)
                .max(1);
            return Ok(Login::Throttled { retry_after });
        }
    }
    let matches = match &user {
        Some(user) => verify_password(&user.password_hash, password),
        None => {
            verify_password(dummy_hash(), password);
            false
        }
    };
    match user {
        Some(user) if matches && user.active => Ok(Login::Accepted(user)),
        _ => {
            users::insert_login_failure(
                conn,
                &LoginFailureRow {
                    id: uuid::Uuid::now_v7().to_string(),
                    client_ip: client.ip.clone(),
                    email,
                    failed_at: now,
                },
            )?;
            Ok(Login::Refused)
        }
    }
}

/// A new session and its first refresh token (returned in clear, stored hashed).
pub fn start_session(
    conn: &mut DbConnection,
    user_id: &str,
    refresh_ttl: Duration,
    now: NaiveDateTime,
) -> anyhow::Result<(String, String)> {
    crate::db::write_transaction(conn, |conn| {
        let session_id = uuid::Uuid::now_v7().to_string();
        users::insert_session(
            conn,
            &SessionRow {
                id: session_id.clone(),
                user_id: user_id.to_owned(),
                created_at: now,
                revoked_at: None,
            },
        )?;
        let token = issue_refresh_token(conn, &session_id, refresh_ttl, now)?;
        Ok((session_id, token))
    })
}

fn issue_refresh_token(
    conn: &mut DbConnection,
    session_id: &str,
    ttl: Duration,
    now: NaiveDateTime,
) -> anyhow::Result<String> {
    let token = random_token();
    users::insert_refresh_token(
        conn,
        &RefreshTokenRow {
            id: uuid::Uuid::now_v7().to_string(),
            session_id: session_id.to_owned(),
            token_hash: token_hash(&token),
            created_at: now,
            expires_at: now + chrono::Duration::from_std(ttl).unwrap_or(chrono::Duration::days(30)),
            used_at: None,
        },
    )?;
    Ok(token)
}

/// 256 random bits, URL-safe: refresh tokens and API keys.
pub(crate) fn random_token() -> String {
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// What is stored of a secret token: its SHA-256, hex.
pub(crate) fn token_hash(token: &str) -> String {
    crate::digest::sha256_hex(token.as_bytes())
}

#[derive(Debug)]
pub enum Refresh {
    Rotated {
        user: Box<UserRow>,
        session_id: String,
        refresh_token: String,
    },
    Refused,
}

/// Uses a refresh token once and issues its successor. A token used a second time
/// means it was stolen or replayed: its whole session (family) is revoked.
pub fn refresh(
    conn: &mut DbConnection,
    token: &str,
    ttl: Duration,
    now: NaiveDateTime,
) -> anyhow::Result<Refresh> {
    crate::db::write_transaction(conn, |conn| {
        let Some((row, session)) = users::refresh_token(conn, &token_hash(token))? else {
            return Ok(Refresh::Refused);
        };
        if session.revoked_at.is_some() || row.expires_at <= now {
            return Ok(Refresh::Refused);
        }
        if row.used_at.is_some() || !users::use_refresh_token(conn, &row.id, now)? {
            users::revoke_session(conn, &session.id, now)?;
            return Ok(Refresh::Refused);
        }
        let Some(user) = users::user_by_id(conn, &session.user_id)?.filter(|u| u.active) else {
            return Ok(Refresh::Refused);
        };
        let refresh_token = issue_refresh_token(conn, &session.id, ttl, now)?;
        Ok(Refresh::Rotated {
            user: Box::new(user),
            session_id: session.id,
            refresh_token,
        })
    })
}

pub fn logout(conn: &mut DbConnection, session_id: &str, now: NaiveDateTime) -> anyhow::Result<()> {
    users::revoke_session(conn, session_id, now)?;
    Ok(())
}

/// Ends every session of the account and makes every token issued so far invalid.
fn end_all_sessions(
    conn: &mut DbConnection,
    user: &UserRow,
    mut changes: users::UserChanges,
    now: NaiveDateTime,
) -> anyhow::Result<()> {
    changes.token_version = Some(user.token_version + 1);
    changes.updated_at = Some(now);
    users::update_user(conn, &user.id, &changes)?;
    users::revoke_user_sessions(conn, &user.id, now)?;
    Ok(())
}

pub fn change_password(
    conn: &mut DbConnection,
    user_id: &str,
    current: &str,
    new: &str,
    now: NaiveDateTime,
) -> Result<(), AccountError> {
    check_password("new_password", new)?;
    let user = users::user_by_id(conn, user_id)?.ok_or(AccountError::NotFound)?;
    if !verify_password(&user.password_hash, current) {
        return Err(AccountError::WrongPassword);
    }
    let hash = hash_password(new)?;
    crate::db::write_transaction(conn, |conn| {
        let changes = users::UserChanges {
            password_hash: Some(hash),
            ..Default::default()
        };
        end_all_sessions(conn, &user, changes, now)
    })?;
    Ok(())
}

/// An admin's change to an account. A change of role or a deactivation ends its sessions.
pub fn update_user(
    conn: &mut DbConnection,
    id: &str,
    update: &UserUpdate,
    now: NaiveDateTime,
) -> Result<UserRow, AccountError> {
    let display_name = match &update.display_name {
        Some(name) => Some(check_display_name(name)?.to_owned()),
        None => None,
    };
    if let Some(bio) = &update.bio
        && bio.chars().count() > MAX_BIO_CHARS
    {
        return Err(AccountError::Invalid {
            field: "bio",
            message: format!("`bio` must be at most {MAX_BIO_CHARS} characters"),
        });
    }
    crate::db::write_transaction(conn, |conn| {
        let user = users::user_by_id(conn, id)?.ok_or(AccountError::NotFound)?;
        let role = update.role.map(|r| r.as_str().to_owned());
        let ends_sessions = role.as_ref().is_some_and(|r| *r != user.role)
            || update.active.is_some_and(|a| a != user.active);
        let changes = users::UserChanges {
            display_name,
            role,
            active: update.active,
            updated_at: Some(now),
            ..Default::default()
        };
        if let (Some(bio), Some(author_id)) = (&update.bio, &user.author_id) {
            let bio = bio.trim();
            taxonomy::set_author_bio(conn, author_id, (!bio.is_empty()).then_some(bio))?;
        }
        if ends_sessions {
            end_all_sessions(conn, &user, changes, now)?;
        } else {
            users::update_user(conn, id, &changes)?;
        }
        users::user_by_id(conn, id)?.ok_or(AccountError::NotFound)
    })
}
