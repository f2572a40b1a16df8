//! The change log: what the public saw happen to each article, in commit order.
//!
//! Sequence numbers must be handed out in the order transactions commit, or a reader
//! could see entry 6 before entry 5 commits and skip 5 forever. On SQLite every write
//! transaction already holds the database's write lock (`BEGIN IMMEDIATE`). On
//! PostgreSQL appends take a transaction-scoped advisory lock, held until commit, so the
//! next append gets its number only after the previous one committed.
//!
//! A scheduled article becomes public at its time without a write; its publication
//! waits in `pending_publications` and is moved into the log, with the next number,
//! by the first writer or reader of the log after it falls due.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::DbConnection;
use super::memo::Memo;
use super::models::ArticleRow;
use super::schema::{changes, pending_publications};

/// An arbitrary constant naming the change log's advisory lock on PostgreSQL.
const LOG_LOCK: i64 = 0x6769_6368_616e_6765; // "gichange"

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeKind {
    Published,
    Updated,
    Corrected,
    Unpublished,
    Deleted,
    Breaking,
    EntryAdded,
    EntryUpdated,
    EntryRemoved,
}

impl ChangeKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Published => "published",
            Self::Updated => "updated",
            Self::Corrected => "corrected",
            Self::Unpublished => "unpublished",
            Self::Deleted => "deleted",
            Self::Breaking => "breaking",
            Self::EntryAdded => "entry-added",
            Self::EntryUpdated => "entry-updated",
            Self::EntryRemoved => "entry-removed",
        }
    }
}

#[derive(Debug, Clone, Queryable, Selectable, PartialEq)]
#[diesel(table_name = changes)]
pub struct ChangeRow {
    pub seq: i64,
    pub article_id: String,
    pub kind: String,
    pub slug: String,
    pub version: i64,
    pub occurred_at: NaiveDateTime,
    /// The live blog entry, for `entry-*` kinds.
    pub entry_id: Option<String>,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = changes)]
#[diesel(treat_none_as_default_value = false)] // one statement, whatever it holds
struct NewChange<'a> {
    article_id: &'a str,
    kind: &'a str,
    slug: &'a str,
    version: i64,
    occurred_at: NaiveDateTime,
    entry_id: Option<&'a str>,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = pending_publications)]
struct PendingRow {
    article_id: String,
    slug: String,
    version: i64,
    due_at: NaiveDateTime,
}

/// Takes the log's append lock until the transaction ends (PostgreSQL; on SQLite the
/// write transaction is the lock).
fn lock(conn: &mut DbConnection) -> QueryResult<()> {
    if let DbConnection::Postgresql(pg) = conn {
        diesel::sql_query(format!("SELECT pg_advisory_xact_lock({LOG_LOCK})")).execute(pg)?;
    }
    Ok(())
}

/// Logs the public consequence of changing `before` (`None`: a new article) into
/// `after` at `now`, in the caller's write transaction. `corrected`: the change attached
/// a correction. The transaction's `memo` says whether it holds the log's lock already.
pub fn record(
    conn: &mut DbConnection,
    memo: &mut Memo,
    before: Option<&ArticleRow>,
    after: &ArticleRow,
    corrected: bool,
    now: NaiveDateTime,
) -> QueryResult<()> {
    // Once a transaction (at one `now`): while it holds the lock, no other writer
    // schedules a publication, and those it schedules itself are due after `now`.
    if !memo.log_ready_at(now) {
        lock(conn)?;
        // A due publication of this (or any) article goes first: it happened first.
        move_due(conn, now)?;
        memo.set_log_ready_at(now);
    }
    let was_live = before
        .and_then(ArticleRow::listed_at)
        .is_some_and(|at| at <= now);
    let will_be = after.listed_at();
    let is_live = will_be.is_some_and(|at| at <= now);

    // A new article has no publication waiting.
    if before.is_some() {
        diesel::delete(pending_publications::table.find(&after.id)).execute(conn)?;
    }
    if let Some(due_at) = will_be.filter(|at| *at > now) {
        diesel::insert_into(pending_publications::table)
            .values(PendingRow {
                article_id: after.id.clone(),
                slug: after.slug.clone(),
                version: after.version,
                due_at,
            })
            .execute(conn)?;
    }
    let kind = match (was_live, is_live) {
        (false, true) => ChangeKind::Published,
        (true, true) if corrected => ChangeKind::Corrected,
        (true, true) => ChangeKind::Updated,
        (true, false) if after.deleted_at.is_some() => ChangeKind::Deleted,
        (true, false) => ChangeKind::Unpublished,
        (false, false) => return Ok(()),
    };
    append(conn, &after.id, kind, &after.slug, after.version, now, None)?;
    // Breaking news is said once, when a public story becomes it.
    let breaking = |row: &ArticleRow| row.breaking_until.is_some_and(|until| until > now);
    let was_breaking = was_live && before.is_some_and(breaking);
    if is_live && breaking(after) && !was_breaking {
        append(
            conn,
            &after.id,
            ChangeKind::Breaking,
            &after.slug,
            after.version,
            now,
            None,
        )?;
    }
    Ok(())
}

/// Logs that what the public sees of `rows` changed without a write to them (an image
/// they show got new alt text, caption, credit or crops): `updated` at their version,
/// for those public now; in the caller's write transaction.
pub fn record_shown(
    conn: &mut DbConnection,
    rows: &[ArticleRow],
    now: NaiveDateTime,
) -> QueryResult<()> {
    if rows.is_empty() {
        return Ok(());
    }
    lock(conn)?;
    move_due(conn, now)?;
    for row in rows {
        append_if_public(conn, row, ChangeKind::Updated, None, now)?;
    }
    Ok(())
}

/// Appends `kind` (about `entry_id`, for a live blog's entries) when the public sees
/// `row` at `now`.
fn append_if_public(
    conn: &mut DbConnection,
    row: &ArticleRow,
    kind: ChangeKind,
    entry_id: Option<&str>,
    now: NaiveDateTime,
) -> QueryResult<()> {
    if row.listed_at().is_some_and(|at| at <= now) {
        append(conn, &row.id, kind, &row.slug, row.version, now, entry_id)?;
    }
    Ok(())
}

/// Appends one entry to the log (`entry_id`: the live blog entry it is about).
fn append(
    conn: &mut DbConnection,
    article_id: &str,
    kind: ChangeKind,
    slug: &str,
    version: i64,
    occurred_at: NaiveDateTime,
    entry_id: Option<&str>,
) -> QueryResult<()> {
    let row = NewChange {
        article_id,
        kind: kind.as_str(),
        slug,
        version,
        occurred_at,
        entry_id,
    };
    // On the concrete connection: every write of a public article runs it.
    super::per_database!(conn, |c| diesel::insert_into(changes::table)
        .values(&row)
        .execute(c))
    .map(drop)
}

/// Logs what happened to an entry of the live blog `article` (`kind`: one of the
/// `Entry…` kinds) when the public sees the live blog at `now`; in the caller's write
/// transaction.
pub fn record_entry(
    conn: &mut DbConnection,
    article: &ArticleRow,
    entry_id: &str,
    kind: ChangeKind,
    now: NaiveDateTime,
) -> QueryResult<()> {
    lock(conn)?;
    move_due(conn, now)?;
    append_if_public(conn, article, kind, Some(entry_id), now)
}

/// The last entry's number (0 for an empty log).
pub fn head(conn: &mut DbConnection) -> QueryResult<i64> {
    changes::table
        .select(diesel::dsl::max(changes::seq))
        .first::<Option<i64>>(conn)
        .map(Option::unwrap_or_default)
}

/// The last entry's number (0 for an empty log), and whether a scheduled publication
/// is due but not yet in the log (`any_due`): one statement, as a search asks both.
pub fn head_and_any_due(conn: &mut DbConnection, now: NaiveDateTime) -> QueryResult<(i64, bool)> {
    diesel::select((
        changes::table
            .select(diesel::dsl::max(changes::seq))
            .single_value(),
        diesel::dsl::exists(
            pending_publications::table.filter(pending_publications::due_at.le(now)),
        ),
    ))
    .get_result::<(Option<i64>, bool)>(conn)
    .map(|(head, due)| (head.unwrap_or_default(), due))
}

/// The entry numbered `seq`, if the log has it.
pub fn at(conn: &mut DbConnection, seq: i64) -> QueryResult<Option<ChangeRow>> {
    changes::table
        .find(seq)
        .select(ChangeRow::as_select())
        .first(conn)
        .optional()
}

/// Up to `limit` entries about one article after `since`, in log order.
pub fn of_article_after(
    conn: &mut DbConnection,
    article_id: &str,
    since: i64,
    limit: i64,
) -> QueryResult<Vec<ChangeRow>> {
    changes::table
        .filter(changes::seq.gt(since))
        .filter(changes::article_id.eq(article_id))
        .order_by(changes::seq)
        .limit(limit)
        .select(ChangeRow::as_select())
        .load(conn)
}

/// Moves publications due by `now` into the log, in the order they fell due.
fn move_due(conn: &mut DbConnection, now: NaiveDateTime) -> QueryResult<usize> {
    let due: Vec<PendingRow> = pending_publications::table
        .filter(pending_publications::due_at.le(now))
        .order_by((
            pending_publications::due_at,
            pending_publications::article_id,
        ))
        .select(PendingRow::as_select())
        .load(conn)?;
    for pending in &due {
        append(
            conn,
            &pending.article_id,
            ChangeKind::Published,
            &pending.slug,
            pending.version,
            pending.due_at,
            None,
        )?;
        diesel::delete(pending_publications::table.find(&pending.article_id)).execute(conn)?;
    }
    Ok(due.len())
}

/// Whether a scheduled publication is due but not yet in the log (a cheap read).
pub fn any_due(conn: &mut DbConnection, now: NaiveDateTime) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        pending_publications::table.filter(pending_publications::due_at.le(now)),
    ))
    .get_result(conn)
}

/// Moves due publications into the log; call in a write transaction.
pub fn publish_due(conn: &mut DbConnection, now: NaiveDateTime) -> QueryResult<usize> {
    lock(conn)?;
    move_due(conn, now)
}

/// Up to `limit` entries after `since`, in log order.
pub fn after(conn: &mut DbConnection, since: i64, limit: i64) -> QueryResult<Vec<ChangeRow>> {
    changes::table
        .filter(changes::seq.gt(since))
        .order_by(changes::seq)
        .limit(limit)
        .select(ChangeRow::as_select())
        .load(conn)
}
