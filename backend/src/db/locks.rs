//! Soft edit locks: one row per article someone has open in the editor.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::DbConnection;
use super::schema::{edit_locks, users};

#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = edit_locks)]
pub struct LockRow {
    pub article_id: String,
    pub user_id: String,
    pub acquired_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
}

/// The article's lock (expired or not) and its holder's display name.
pub fn of_article(
    conn: &mut DbConnection,
    article_id: &str,
) -> QueryResult<Option<(LockRow, String)>> {
    edit_locks::table
        .inner_join(users::table.on(users::id.eq(edit_locks::user_id)))
        .filter(edit_locks::article_id.eq(article_id))
        .select((LockRow::as_select(), users::display_name))
        .first(conn)
        .optional()
}

/// Puts `row` in place of the article's lock, if any.
pub fn put(conn: &mut DbConnection, row: &LockRow) -> QueryResult<()> {
    let updated = diesel::update(edit_locks::table.find(&row.article_id))
        .set(row)
        .execute(conn)?;
    if updated == 0 {
        diesel::insert_into(edit_locks::table)
            .values(row)
            .execute(conn)?;
    }
    Ok(())
}

/// Ends the article's lock if `user_id` holds it.
pub fn release(conn: &mut DbConnection, article_id: &str, user_id: &str) -> QueryResult<()> {
    diesel::delete(
        edit_locks::table
            .filter(edit_locks::article_id.eq(article_id))
            .filter(edit_locks::user_id.eq(user_id)),
    )
    .execute(conn)
    .map(drop)
}
