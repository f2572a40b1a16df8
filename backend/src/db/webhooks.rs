//! Webhook endpoints and their delivery queue.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::DbConnection;
use super::schema::{webhook_deliveries, webhooks};

#[derive(Debug, Clone, Queryable, Selectable, Insertable, PartialEq, Eq)]
#[diesel(table_name = webhooks)]
pub struct WebhookRow {
    pub id: String,
    pub url: String,
    pub secret: String,
    pub events: String,
    pub owner_user_id: Option<String>,
    pub owner_api_key_id: Option<String>,
    pub active: bool,
    pub consecutive_failures: i32,
    pub disabled_at: Option<NaiveDateTime>,
    pub cursor: i64,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable, PartialEq, Eq)]
#[diesel(table_name = webhook_deliveries)]
pub struct DeliveryRow {
    pub id: String,
    pub webhook_id: String,
    pub change_seq: i64,
    pub event: String,
    pub payload: String,
    pub status: String,
    pub attempts: i32,
    pub next_attempt_at: NaiveDateTime,
    pub claimed_until: Option<NaiveDateTime>,
    pub last_status: Option<i32>,
    pub last_error: Option<String>,
    pub created_at: NaiveDateTime,
    pub delivered_at: Option<NaiveDateTime>,
}

/// Whose endpoints: an admin sees all, a key holder their key's.
#[derive(Debug, Clone)]
pub enum Owner {
    Admin(String),
    ApiKey(String),
}

pub fn insert(conn: &mut DbConnection, row: &WebhookRow) -> QueryResult<()> {
    diesel::insert_into(webhooks::table)
        .values(row)
        .execute(conn)
        .map(drop)
}

pub fn visible_to(conn: &mut DbConnection, owner: &Owner) -> QueryResult<Vec<WebhookRow>> {
    let mut query = webhooks::table.select(WebhookRow::as_select()).into_boxed();
    if let Owner::ApiKey(key) = owner {
        query = query.filter(webhooks::owner_api_key_id.eq(key.clone()));
    }
    query.order_by(webhooks::created_at).load(conn)
}

/// The endpoint, if `owner` may see it.
pub fn by_id(conn: &mut DbConnection, id: &str, owner: &Owner) -> QueryResult<Option<WebhookRow>> {
    let mut query = webhooks::table
        .find(id)
        .select(WebhookRow::as_select())
        .into_boxed();
    if let Owner::ApiKey(key) = owner {
        query = query.filter(webhooks::owner_api_key_id.eq(key.clone()));
    }
    query.first(conn).optional()
}

pub fn delete(conn: &mut DbConnection, id: &str) -> QueryResult<()> {
    diesel::delete(webhooks::table.find(id))
        .execute(conn)
        .map(drop)
}

/// Turns a disabled endpoint back on, its failure count cleared; it resumes where
/// its cursor stopped.
pub fn enable(conn: &mut DbConnection, id: &str) -> QueryResult<()> {
    diesel::update(webhooks::table.find(id))
        .set((
            webhooks::active.eq(true),
            webhooks::consecutive_failures.eq(0),
            webhooks::disabled_at.eq(None::<NaiveDateTime>),
        ))
        .execute(conn)
        .map(drop)
}

pub fn active(conn: &mut DbConnection) -> QueryResult<Vec<WebhookRow>> {
    webhooks::table
        .filter(webhooks::active.eq(true))
        .select(WebhookRow::as_select())
        .load(conn)
}

/// Moves the endpoint's cursor from `from` to `to`; false when another worker moved
/// it first (its fan-out then stands, and this one is rolled back).
pub fn advance(conn: &mut DbConnection, id: &str, from: i64, to: i64) -> QueryResult<bool> {
    diesel::update(webhooks::table.find(id).filter(webhooks::cursor.eq(from)))
        .set(webhooks::cursor.eq(to))
        .execute(conn)
        .map(|n| n == 1)
}

pub fn queue(conn: &mut DbConnection, row: &DeliveryRow) -> QueryResult<()> {
    diesel::insert_into(webhook_deliveries::table)
        .values(row)
        .execute(conn)
        .map(drop)
}

/// Pending deliveries due by `now` to active endpoints, oldest first.
pub fn due(
    conn: &mut DbConnection,
    now: NaiveDateTime,
    limit: i64,
) -> QueryResult<Vec<DeliveryRow>> {
    webhook_deliveries::table
        .inner_join(webhooks::table)
        .filter(webhooks::active.eq(true))
        .filter(webhook_deliveries::status.eq("pending"))
        .filter(webhook_deliveries::next_attempt_at.le(now))
        .filter(
            webhook_deliveries::claimed_until
                .is_null()
                .or(webhook_deliveries::claimed_until.lt(now)),
        )
        .order_by((
            webhook_deliveries::next_attempt_at,
            webhook_deliveries::change_seq,
        ))
        .limit(limit)
        .select(DeliveryRow::as_select())
        .load(conn)
}

/// Claims a delivery until `until`; false when another worker holds it.
pub fn claim(
    conn: &mut DbConnection,
    id: &str,
    now: NaiveDateTime,
    until: NaiveDateTime,
) -> QueryResult<bool> {
    diesel::update(
        webhook_deliveries::table
            .find(id)
            .filter(webhook_deliveries::status.eq("pending"))
            .filter(
                webhook_deliveries::claimed_until
                    .is_null()
                    .or(webhook_deliveries::claimed_until.lt(now)),
            ),
    )
    .set(webhook_deliveries::claimed_until.eq(until))
    .execute(conn)
    .map(|n| n == 1)
}

pub fn webhook(conn: &mut DbConnection, id: &str) -> QueryResult<Option<WebhookRow>> {
    webhooks::table
        .find(id)
        .select(WebhookRow::as_select())
        .first(conn)
        .optional()
}

/// Stores an attempt's outcome on the delivery and its endpoint.
pub fn record_attempt(
    conn: &mut DbConnection,
    delivery: &DeliveryRow,
    endpoint: &WebhookRow,
) -> QueryResult<()> {
    diesel::update(webhook_deliveries::table.find(&delivery.id))
        .set((
            webhook_deliveries::status.eq(&delivery.status),
            webhook_deliveries::attempts.eq(delivery.attempts),
            webhook_deliveries::next_attempt_at.eq(delivery.next_attempt_at),
            webhook_deliveries::claimed_until.eq(None::<NaiveDateTime>),
            webhook_deliveries::last_status.eq(delivery.last_status),
            webhook_deliveries::last_error.eq(&delivery.last_error),
            webhook_deliveries::delivered_at.eq(delivery.delivered_at),
        ))
        .execute(conn)?;
    diesel::update(webhooks::table.find(&endpoint.id))
        .set((
            webhooks::active.eq(endpoint.active),
            webhooks::consecutive_failures.eq(endpoint.consecutive_failures),
            webhooks::disabled_at.eq(endpoint.disabled_at),
        ))
        .execute(conn)
        .map(drop)
}

/// The endpoint's deliveries, newest first.
pub fn deliveries(
    conn: &mut DbConnection,
    webhook_id: &str,
    limit: i64,
    offset: i64,
) -> QueryResult<(Vec<DeliveryRow>, i64)> {
    let total = webhook_deliveries::table
        .filter(webhook_deliveries::webhook_id.eq(webhook_id))
        .count()
        .get_result(conn)?;
    let rows = webhook_deliveries::table
        .filter(webhook_deliveries::webhook_id.eq(webhook_id))
        .order_by((
            webhook_deliveries::change_seq.desc(),
            webhook_deliveries::id.desc(),
        ))
        .limit(limit)
        .offset(offset)
        .select(DeliveryRow::as_select())
        .load(conn)?;
    Ok((rows, total))
}

/// The newest change-log sequence number (0 when empty): where a new endpoint starts.
pub fn log_head(conn: &mut DbConnection) -> QueryResult<i64> {
    use super::schema::changes;
    changes::table
        .select(diesel::dsl::max(changes::seq))
        .first::<Option<i64>>(conn)
        .map(Option::unwrap_or_default)
}
