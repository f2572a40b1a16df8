//! Draft preview links: rows by article, by the hash of their token; revocation.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::DbConnection;
use super::schema::{preview_links, users};

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = preview_links)]
pub struct PreviewRow {
    pub id: String,
    pub article_id: String,
    pub token_hash: String,
    pub created_by: Option<String>,
    pub created_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
    pub revoked_at: Option<NaiveDateTime>,
}

pub fn insert(conn: &mut DbConnection, row: &PreviewRow) -> QueryResult<()> {
    diesel::insert_into(preview_links::table)
        .values(row)
        .execute(conn)
        .map(drop)
}

/// The article's links, newest first, each with the display name of who made it.
pub fn of_article(
    conn: &mut DbConnection,
    article_id: &str,
) -> QueryResult<Vec<(PreviewRow, Option<String>)>> {
    preview_links::table
        .left_join(users::table.on(users::id.nullable().eq(preview_links::created_by)))
        .filter(preview_links::article_id.eq(article_id))
        .order_by((preview_links::created_at.desc(), preview_links::id.desc()))
        .select((PreviewRow::as_select(), users::display_name.nullable()))
        .load(conn)
}

/// The link whose token has this hash.
pub fn by_hash(conn: &mut DbConnection, hash: &str) -> QueryResult<Option<PreviewRow>> {
    preview_links::table
        .filter(preview_links::token_hash.eq(hash))
        .select(PreviewRow::as_select())
        .first(conn)
        .optional()
}

/// Revokes the article's link `id` (once: a revoked link keeps its first time);
/// whether the article has such a link.
pub fn revoke(
    conn: &mut DbConnection,
    article_id: &str,
    id: &str,
    now: NaiveDateTime,
) -> QueryResult<bool> {
    let exists = diesel::select(diesel::dsl::exists(
        preview_links::table
            .filter(preview_links::id.eq(id))
            .filter(preview_links::article_id.eq(article_id)),
    ))
    .get_result::<bool>(conn)?;
    diesel::update(
        preview_links::table
            .filter(preview_links::id.eq(id))
            .filter(preview_links::article_id.eq(article_id))
            .filter(preview_links::revoked_at.is_null()),
    )
    .set(preview_links::revoked_at.eq(Some(now)))
    .execute(conn)?;
    Ok(exists)
}
