//! Live blogs' entries: rows by article, newest first (by `created_at`, then id),
//! pages before or after an entry, the pinned ones; a change claims the entry's next
//! version as an article's does.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::DbConnection;
use super::schema::{live_blogs, live_entries};

#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = live_entries, treat_none_as_null = true)]
pub struct EntryRow {
    pub id: String,
    pub article_id: String,
    pub title: Option<String>,
    /// The blocks, as JSON.
    pub body: String,
    pub body_html: String,
    pub key_event: bool,
    pub pinned: bool,
    pub created_by: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub version: i64,
}

/// Which of a live blog's entries, newest first.
#[derive(Debug, Clone, Default)]
pub struct EntryFilter {
    pub key_events: bool,
    /// Posted after this place (`created_at`, id).
    pub after: Option<(NaiveDateTime, String)>,
    /// Posted before this place.
    pub before: Option<(NaiveDateTime, String)>,
}

pub fn insert(conn: &mut DbConnection, row: &EntryRow) -> QueryResult<()> {
    diesel::insert_into(live_entries::table)
        .values(row)
        .execute(conn)
        .map(drop)
}

pub fn update(conn: &mut DbConnection, row: &EntryRow) -> QueryResult<()> {
    diesel::update(live_entries::table.find(&row.id))
        .set(row)
        .execute(conn)
        .map(drop)
}

pub fn delete(conn: &mut DbConnection, id: &str) -> QueryResult<()> {
    diesel::delete(live_entries::table.find(id))
        .execute(conn)
        .map(drop)
}

/// The article's entry `id`.
pub fn of_article(
    conn: &mut DbConnection,
    article_id: &str,
    id: &str,
) -> QueryResult<Option<EntryRow>> {
    live_entries::table
        .filter(live_entries::id.eq(id))
        .filter(live_entries::article_id.eq(article_id))
        .select(EntryRow::as_select())
        .first(conn)
        .optional()
}

/// Moves the entry from `expected` to the next version; false when it is not at
/// `expected` (someone changed it since), before anything is written.
pub fn claim_version(conn: &mut DbConnection, id: &str, expected: i64) -> QueryResult<bool> {
    diesel::update(
        live_entries::table
            .filter(live_entries::id.eq(id))
            .filter(live_entries::version.eq(expected)),
    )
    .set(live_entries::version.eq(expected + 1))
    .execute(conn)
    .map(|n| n == 1)
}

/// Up to `limit` of the article's entries that `filter` lets through, newest first.
pub fn page(
    conn: &mut DbConnection,
    article_id: &str,
    filter: &EntryFilter,
    limit: i64,
) -> QueryResult<Vec<EntryRow>> {
    let mut query = live_entries::table
        .filter(live_entries::article_id.eq(article_id))
        .into_boxed();
    if filter.key_events {
        query = query.filter(live_entries::key_event.eq(true));
    }
    if let Some((at, id)) = filter.after.clone() {
        query = query.filter(
            live_entries::created_at
                .gt(at)
                .or(live_entries::created_at.eq(at).and(live_entries::id.gt(id))),
        );
    }
    if let Some((at, id)) = filter.before.clone() {
        query = query.filter(
            live_entries::created_at
                .lt(at)
                .or(live_entries::created_at.eq(at).and(live_entries::id.lt(id))),
        );
    }
    query
        .order_by((live_entries::created_at.desc(), live_entries::id.desc()))
        .limit(limit)
        .select(EntryRow::as_select())
        .load(conn)
}

/// The article's pinned entries, newest first.
pub fn pinned(conn: &mut DbConnection, article_id: &str) -> QueryResult<Vec<EntryRow>> {
    live_entries::table
        .filter(live_entries::article_id.eq(article_id))
        .filter(live_entries::pinned.eq(true))
        .order_by((live_entries::created_at.desc(), live_entries::id.desc()))
        .select(EntryRow::as_select())
        .load(conn)
}

/// The entries with these ids (in no order).
pub fn by_ids(conn: &mut DbConnection, ids: &[String]) -> QueryResult<Vec<EntryRow>> {
    live_entries::table
        .filter(live_entries::id.eq_any(ids))
        .select(EntryRow::as_select())
        .load(conn)
}

/// A live blog: its state, when it opened and closed.
#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = live_blogs, treat_none_as_null = true)]
pub struct LiveBlogRow {
    pub article_id: String,
    pub state: String,
    pub opened_at: NaiveDateTime,
    pub closed_at: Option<NaiveDateTime>,
}

/// The article's live blog, if it is one.
pub fn blog(conn: &mut DbConnection, article_id: &str) -> QueryResult<Option<LiveBlogRow>> {
    live_blogs::table
        .find(article_id)
        .select(LiveBlogRow::as_select())
        .first(conn)
        .optional()
}

/// The live blogs among these articles.
pub fn blogs(conn: &mut DbConnection, ids: &[String]) -> QueryResult<Vec<LiveBlogRow>> {
    live_blogs::table
        .filter(super::one_of::one_of(conn, live_blogs::article_id, ids))
        .select(LiveBlogRow::as_select())
        .load(conn)
}

/// Makes the article a live blog in `state` (`open`, `closed`), or an article again
/// (`None`); it keeps when it first opened, and closes at `now` once.
pub fn set_state(
    conn: &mut DbConnection,
    article_id: &str,
    state: Option<&str>,
    now: NaiveDateTime,
) -> QueryResult<()> {
    let Some(state) = state else {
        return diesel::delete(live_blogs::table.find(article_id))
            .execute(conn)
            .map(drop);
    };
    let before = blog(conn, article_id)?;
    let closed_at = match (state, &before) {
        ("closed", Some(before)) => before.closed_at.or(Some(now)),
        ("closed", None) => Some(now),
        _ => None,
    };
    let row = LiveBlogRow {
        article_id: article_id.to_owned(),
        state: state.to_owned(),
        opened_at: before.as_ref().map_or(now, |b| b.opened_at),
        closed_at,
    };
    if before.is_some() {
        diesel::update(live_blogs::table.find(article_id))
            .set(&row)
            .execute(conn)
            .map(drop)
    } else {
        diesel::insert_into(live_blogs::table)
            .values(&row)
            .execute(conn)
            .map(drop)
    }
}

/// Of the articles with these ids, the live blogs' states and their articles' versions.
pub fn live_of(conn: &mut DbConnection, ids: &[String]) -> QueryResult<Vec<(String, String, i64)>> {
    use super::schema::articles;
    live_blogs::table
        .inner_join(articles::table)
        .filter(super::one_of::one_of(conn, live_blogs::article_id, ids))
        .select((live_blogs::article_id, live_blogs::state, articles::version))
        .load(conn)
}
