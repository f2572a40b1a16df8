//! Staff accounts, sessions, refresh tokens and failed logins.

use chrono::NaiveDateTime;
use diesel::dsl::{count_star, min};
use diesel::prelude::*;

use super::DbConnection;
use super::models::{LoginFailureRow, RefreshTokenRow, SessionRow, UserRow};
use super::schema::{login_failures, refresh_tokens, sessions, users};

pub fn insert_user(conn: &mut DbConnection, row: &UserRow) -> QueryResult<()> {
    diesel::insert_into(users::table)
        .values(row)
        .execute(conn)
        .map(drop)
}

pub fn user_by_email(conn: &mut DbConnection, email: &str) -> QueryResult<Option<UserRow>> {
    users::table
        .filter(users::email.eq(email))
        .select(UserRow::as_select())
        .first(conn)
        .optional()
}

pub fn user_by_id(conn: &mut DbConnection, id: &str) -> QueryResult<Option<UserRow>> {
    users::table
        .find(id)
        .select(UserRow::as_select())
        .first(conn)
        .optional()
}

pub fn users(conn: &mut DbConnection) -> QueryResult<Vec<UserRow>> {
    users::table
        .order_by((users::created_at, users::id))
        .select(UserRow::as_select())
        .load(conn)
}

/// What an account change may set; `None` leaves a column as it is.
#[derive(Debug, Default, AsChangeset)]
#[diesel(table_name = users)]
pub struct UserChanges {
    pub display_name: Option<String>,
    pub password_hash: Option<String>,
    pub role: Option<String>,
    pub active: Option<bool>,
    pub token_version: Option<i64>,
    pub updated_at: Option<NaiveDateTime>,
}

pub fn update_user(conn: &mut DbConnection, id: &str, changes: &UserChanges) -> QueryResult<()> {
    diesel::update(users::table.find(id))
        .set(changes)
        .execute(conn)
        .map(drop)
}

pub fn insert_session(conn: &mut DbConnection, row: &SessionRow) -> QueryResult<()> {
    diesel::insert_into(sessions::table)
        .values(row)
        .execute(conn)
        .map(drop)
}

/// The account and session an access token names, when the session is still open.
pub fn open_session(
    conn: &mut DbConnection,
    user_id: &str,
    session_id: &str,
) -> QueryResult<Option<UserRow>> {
    users::table
        .inner_join(sessions::table)
        .filter(users::id.eq(user_id))
        .filter(sessions::id.eq(session_id))
        .filter(sessions::revoked_at.is_null())
        .select(UserRow::as_select())
        .first(conn)
        .optional()
}

pub fn revoke_session(conn: &mut DbConnection, id: &str, now: NaiveDateTime) -> QueryResult<()> {
    diesel::update(
        sessions::table
            .find(id)
            .filter(sessions::revoked_at.is_null()),
    )
    .set(sessions::revoked_at.eq(now))
    .execute(conn)
    .map(drop)
}

pub fn revoke_user_sessions(
    conn: &mut DbConnection,
    user_id: &str,
    now: NaiveDateTime,
) -> QueryResult<()> {
    diesel::update(
        sessions::table
            .filter(sessions::user_id.eq(user_id))
            .filter(sessions::revoked_at.is_null()),
    )
    .set(sessions::revoked_at.eq(now))
    .execute(conn)
    .map(drop)
}

pub fn insert_refresh_token(conn: &mut DbConnection, row: &RefreshTokenRow) -> QueryResult<()> {
    diesel::insert_into(refresh_tokens::table)
        .values(row)
        .execute(conn)
        .map(drop)
}

/// A refresh token by its hash, with its session.
pub fn refresh_token(
    conn: &mut DbConnection,
    token_hash: &str,
) -> QueryResult<Option<(RefreshTokenRow, SessionRow)>> {
    refresh_tokens::table
        .inner_join(sessions::table)
        .filter(refresh_tokens::token_hash.eq(token_hash))
        .select((RefreshTokenRow::as_select(), SessionRow::as_select()))
        .first(conn)
        .optional()
}

/// Marks a refresh token used; false when it already was (someone else got there first).
pub fn use_refresh_token(
    conn: &mut DbConnection,
    id: &str,
    now: NaiveDateTime,
) -> QueryResult<bool> {
    let updated = diesel::update(
        refresh_tokens::table
            .find(id)
            .filter(refresh_tokens::used_at.is_null()),
    )
    .set(refresh_tokens::used_at.eq(now))
    .execute(conn)?;
    Ok(updated == 1)
}

pub fn insert_login_failure(conn: &mut DbConnection, row: &LoginFailureRow) -> QueryResult<()> {
    diesel::insert_into(login_failures::table)
        .values(row)
        .execute(conn)
        .map(drop)
}

/// Failures since `since` from this IP and against this email: (count, oldest) each.
pub fn recent_failures(
    conn: &mut DbConnection,
    client_ip: &str,
    email: &str,
    since: NaiveDateTime,
) -> QueryResult<[(i64, Option<NaiveDateTime>); 2]> {
    let by_ip = login_failures::table
        .filter(login_failures::client_ip.eq(client_ip))
        .filter(login_failures::failed_at.ge(since))
        .select((count_star(), min(login_failures::failed_at)))
        .first(conn)?;
    let by_email = login_failures::table
        .filter(login_failures::email.eq(email))
        .filter(login_failures::failed_at.ge(since))
        .select((count_star(), min(login_failures::failed_at)))
        .first(conn)?;
    Ok([by_ip, by_email])
}
