//! What says whether a public answer made earlier is still true: the number of write
//! transactions committed to this database (`content_version`, one row) and the next
//! moment a scheduled article comes due.

use std::cell::Cell;

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::DbConnection;
use super::schema::{articles, content_version};

thread_local! {
    /// Write transactions committed on this thread. A caller that runs work on a
    /// thread (the server's `with_db`) compares it before and after to learn whether
    /// that work wrote.
    static WRITES_HERE: Cell<u64> = const { Cell::new(0) };
}

pub fn writes_on_this_thread() -> u64 {
    WRITES_HERE.get()
}

pub(super) fn committed_here() {
    WRITES_HERE.set(WRITES_HERE.get() + 1);
}

/// Counts one write transaction; in that transaction, just before it commits.
pub(super) fn count_write(conn: &mut DbConnection) -> QueryResult<()> {
    diesel::update(content_version::table)
        .set(content_version::counter.eq(content_version::counter + 1))
        .execute(conn)
        .map(drop)
}

/// The state public answers are made from, as far as anything can change them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ContentVersion {
    /// Write transactions committed so far.
    pub writes: i64,
    /// The earliest moment after `now` at which public answers change without any
    /// write: a scheduled article's publication time, the end of a front's slot or of
    /// a story's time as breaking news.
    pub next_due: Option<NaiveDateTime>,
}

pub fn version(conn: &mut DbConnection, now: NaiveDateTime) -> QueryResult<ContentVersion> {
    let scheduled: &'static str = "scheduled";
    let writes = content_version::table
        .select(content_version::counter)
        .first::<i64>(conn)?;
    let next_due = articles::table
        .filter(articles::deleted_at.is_null())
        .filter(articles::status.eq(scheduled))
        .filter(articles::published_at.gt(now))
        .select(diesel::dsl::min(articles::published_at))
        .first::<Option<NaiveDateTime>>(conn)?;
    let next_due = [
        next_due,
        super::fronts::next_expiry(conn, now)?,
        super::articles::next_breaking_end(conn, now)?,
    ]
    .into_iter()
    .flatten()
    .min();
    Ok(ContentVersion { writes, next_due })
}
