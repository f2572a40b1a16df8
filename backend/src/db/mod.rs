//! Storage: one connection type over SQLite and PostgreSQL, a pool, embedded migrations.
//! SQL lives here; handlers never build queries.

pub mod api_keys;
pub mod articles;
pub mod changes;
pub mod content;
pub mod deferred;
pub mod entities;
pub mod fronts;
pub mod keyed;
pub mod live;
pub mod locks;
pub mod media;
pub mod memo;
pub mod models;
pub mod months;
pub mod one_of;
pub mod previews;
pub mod public;
pub mod schema;
pub mod taxonomy;
pub mod translations;
pub mod users;
pub mod views;
pub mod webhooks;

use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use anyhow::Context as _;
use diesel::connection::SimpleConnection as _;
use diesel::r2d2::{self, ManageConnection, R2D2Connection as _};
use diesel::{Connection as _, PgConnection, RunQueryDsl as _, SqliteConnection};
use diesel_migrations::{EmbeddedMigrations, MigrationHarness as _, embed_migrations};

const SQLITE_MIGRATIONS: EmbeddedMigrations = embed_migrations!("../migrations/sqlite");
const POSTGRES_MIGRATIONS: EmbeddedMigrations = embed_migrations!("../migrations/postgres");

/// One connection type for both databases: the same queries run on either.
#[derive(diesel::MultiConnection)]
pub enum DbConnection {
    Postgresql(PgConnection),
    Sqlite(SqliteConnection),
}

/// Runs `$body` on the connection as the database it is (`$c`), for statements diesel
/// builds for a concrete backend only — an upsert's clause, a multi-row `INSERT` — and
/// for a statement run often with many values (the article's row), which through the
/// `MultiConnection` is written out as SQL text again on every run. The SQL is the same
/// on both.
macro_rules! per_database {
    ($conn:expr, |$c:ident| $body:expr) => {
        match $conn {
            $crate::db::DbConnection::Sqlite($c) => $body,
            $crate::db::DbConnection::Postgresql($c) => $body,
        }
    };
}
pub(crate) use per_database;

impl std::fmt::Debug for DbConnection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::Postgresql(_) => "DbConnection::Postgresql",
            Self::Sqlite(_) => "DbConnection::Sqlite",
        })
    }
}

pub type Pool = r2d2::Pool<DbManager>;

/// A connection as the pool keeps it: the connection, and when it was last given back.
#[derive(Debug)]
pub struct Kept {
    conn: DbConnection,
    given_back: Option<Instant>,
    /// How many lost connections the pool had met when this one was given back.
    lost_then: u64,
}

impl std::ops::Deref for Kept {
    type Target = DbConnection;
    fn deref(&self) -> &DbConnection {
        &self.conn
    }
}

impl std::ops::DerefMut for Kept {
    fn deref_mut(&mut self) -> &mut DbConnection {
        &mut self.conn
    }
}

/// A connection given back to the pool this recently is handed out again without
/// asking the database whether it is still there (HikariCP's "alive bypass", also
/// 500 ms): the question was one round trip of a search's six on PostgreSQL — unless
/// the pool has met a lost connection since, which makes it ask of every one again. So
/// after the database restarts the one request that meets a lost connection fails
/// (503, `ApiError::internal`), the connection is dropped when given back
/// (`has_broken`), and the others are asked before they are used — as they are once a
/// lost one is met when asked (`is_valid`).
const TRUSTED_FOR: Duration = Duration::from_millis(500);

/// A connection taken from the pool (the test harness works beside the server with one).
pub type PooledConn = r2d2::PooledConnection<DbManager>;

/// An entity's number (`entities.seq`): what its mention rows hold. 32 bits — four
/// bytes of each of the ~50 mention rows of an article on PostgreSQL, where a row's
/// fields are aligned to 8 bytes (migration `entity_numbers_narrower`).
pub type EntitySeq = i32;

/// Which database a `database.url` names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DatabaseTarget {
    /// A file path (`sqlite://data/x.db`, `sqlite:x.db` or a bare path).
    Sqlite(String),
    Postgres(String),
}

impl DatabaseTarget {
    pub fn from_url(url: &str) -> Self {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            return Self::Postgres(url.to_owned());
        }
        let path = url
            .strip_prefix("sqlite://")
            .or_else(|| url.strip_prefix("sqlite:"))
            .unwrap_or(url);
        Self::Sqlite(path.to_owned())
    }

    pub fn backend_name(&self) -> &'static str {
        match self {
            Self::Sqlite(_) => "sqlite",
            Self::Postgres(_) => "postgres",
        }
    }
}

/// Opens connections of the configured kind. (diesel's own manager would try each
/// backend in turn, and SQLite accepts any string as a file name.)
#[derive(Debug)]
pub struct DbManager {
    target: DatabaseTarget,
    busy_timeout: Duration,
    /// Connections given back broken, so far.
    lost: std::sync::atomic::AtomicU64,
}

impl ManageConnection for DbManager {
    type Connection = Kept;
    type Error = r2d2::Error;

    fn connect(&self) -> Result<Kept, r2d2::Error> {
        let conn = match &self.target {
            DatabaseTarget::Postgres(url) => PgConnection::establish(url)
                .map(DbConnection::Postgresql)
                .map_err(r2d2::Error::ConnectionError)?,
            DatabaseTarget::Sqlite(path) => {
                let mut conn =
                    SqliteConnection::establish(path).map_err(r2d2::Error::ConnectionError)?;
                // WAL lets readers run beside the writer; busy_timeout makes a second writer
                // wait instead of failing with "database is locked".
                // busy_timeout first: switching to WAL takes a lock that the pool's
                // other new connections would otherwise fail on.
                // Pages are read through a memory map (up to SQLite's 2 GB limit), not
                // copied out of the OS cache by a read call each time: a search of 465
                // matches on a 2 GB database spent a quarter of its time in those copies.
                conn.batch_execute(&format!(
                    "PRAGMA busy_timeout = {}; PRAGMA journal_mode = WAL; \
                     PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; \
                     PRAGMA mmap_size = 2147418112;",
                    self.busy_timeout.as_millis()
                ))
                .map_err(r2d2::Error::QueryError)?;
                DbConnection::Sqlite(conn)
            }
        };
        Ok(Kept {
            conn,
            given_back: None,
            lost_then: 0,
        })
    }

    /// Asked before a connection is handed out.
    fn is_valid(&self, kept: &mut Kept) -> Result<(), r2d2::Error> {
        if kept.given_back.is_some_and(|at| at.elapsed() < TRUSTED_FOR)
            && kept.lost_then == self.lost.load(Ordering::Relaxed)
        {
            return Ok(());
        }
        let asked = diesel::sql_query("SELECT 1")
            .execute(&mut kept.conn)
            .map(|_| ())
            .map_err(r2d2::Error::QueryError);
        if asked.is_err() {
            // A lost connection met here, too (the pool drops it and hands out another):
            // the others given back lately are asked before they are used. Counted only
            // when given back broken, a request that met one here was answered, and the
            // next took another lost one on trust — a second 503 (seen under load).
            self.lost.fetch_add(1, Ordering::Relaxed);
        }
        asked
    }

    /// Asked when a connection is given back: one whose link to the database was lost,
    /// or left inside a transaction, is dropped rather than kept.
    fn has_broken(&self, kept: &mut Kept) -> bool {
        let broken = kept.conn.is_broken();
        if broken {
            self.lost.fetch_add(1, Ordering::Relaxed);
        }
        kept.given_back = Some(Instant::now());
        kept.lost_then = self.lost.load(Ordering::Relaxed);
        broken
    }
}

/// The row a unique key finds, if any: `load` it rather than `.first()`. `first` adds
/// `LIMIT ?`, and SQLite plans a bound LIMIT by the value bound to it, so a statement
/// with one is prepared again each time it runs (an eighth of an import's writing);
/// a unique key needs no LIMIT.
pub(crate) fn unique<T>(rows: diesel::QueryResult<Vec<T>>) -> diesel::QueryResult<Option<T>> {
    let mut rows = rows?;
    debug_assert!(rows.len() <= 1, "a unique key found {} rows", rows.len());
    Ok(rows.pop())
}

/// `rows` in the order of `ids` (each row's id by `id_of`); a row `ids` does not name
/// is left out. For a page chosen by id and then read in one query.
pub fn in_order_of<T, S: AsRef<str>>(
    ids: &[S],
    rows: Vec<T>,
    id_of: impl Fn(&T) -> &str,
) -> Vec<T> {
    let mut by_id: std::collections::HashMap<String, T> = rows
        .into_iter()
        .map(|row| (id_of(&row).to_owned(), row))
        .collect();
    ids.iter()
        .filter_map(|id| by_id.remove(id.as_ref()))
        .collect()
}

/// The `limit` items of `all` from `offset`: a page of a list made whole in memory.
pub(crate) fn page_of<T>(all: impl IntoIterator<Item = T>, offset: i64, limit: i64) -> Vec<T> {
    all.into_iter()
        .skip(usize::try_from(offset).unwrap_or(usize::MAX))
        .take(usize::try_from(limit).unwrap_or_default())
        .collect()
}

/// Readies a connection for a bulk write (an import of many files per transaction).
/// SQLite: a page cache big enough for a batch's changed pages (with the default 2 MB
/// it wrote pages out mid-transaction: an eighth of an import's profile, though taking
/// it away did not move the measured rate) and the savepoints' journal in memory
/// rather than in a temporary file; and the write-ahead log copied into the database
/// every 40 MB rather than every 4 MB (a page a batch changes again and again is copied
/// once per checkpoint). PostgreSQL needs nothing.
pub fn prepare_bulk_writes(conn: &mut DbConnection) -> diesel::QueryResult<()> {
    if let DbConnection::Sqlite(c) = conn {
        c.batch_execute(
            "PRAGMA cache_size = -262144; PRAGMA temp_store = MEMORY; \
             PRAGMA wal_autocheckpoint = 10000;",
        )?;
    }
    Ok(())
}

/// Runs `work` — an import's batch — with SQLite's check of each written row's
/// references off (`PRAGMA foreign_keys`, which SQLite changes only between
/// transactions), and on again after, whatever `work` returned. A batch's ~50 mention
/// rows an article each looked up their article and their entity, and so every
/// quote, subject and link: 0.24 of 1.5 billion instructions of the writer for 1,000
/// files (one section of 20,000 1.04–1.11 × faster without). The batch's rows refer
/// only to rows it read or wrote inside its own write transaction, which holds the
/// database's write lock: the articles it inserts; the section, tags and authors its memo read there
/// (`db::memo`); the entities of the gazetteer it loads there, compared with the
/// database's by its fingerprint (`Gazetteer::load`). Nothing it deletes is
/// referred to, so no cascade is skipped. Inside a transaction the pragma does
/// nothing, and the checks stay on. PostgreSQL checks as always. (Should `work`
/// panic, this connection keeps the checks off until it is dropped.)
pub fn without_reference_checks<T>(
    conn: &mut DbConnection,
    work: impl FnOnce(&mut DbConnection) -> T,
) -> diesel::QueryResult<T> {
    let DbConnection::Sqlite(c) = conn else {
        return Ok(work(conn));
    };
    c.batch_execute("PRAGMA foreign_keys = OFF")?;
    let done = work(conn);
    if let DbConnection::Sqlite(c) = conn {
        c.batch_execute("PRAGMA foreign_keys = ON")?;
    }
    Ok(done)
}

/// Tidies up after a bulk write. PostgreSQL: the kept counts of sections and months
/// are updated by every article's `INSERT` (triggers, migration `listed_counts`), and a
/// batch's transaction keeps each update's old row until it ends: after a million
/// articles the five sections' rows were spread over 290 pages, which every reader's
/// page reads whole (the sections' menu and counts; 1 ms each). Rewritten (`VACUUM
/// FULL`, a moment's lock on two small tables), they are a page again; and the
/// planner's statistics are made for what was written (`ANALYZE`, as PostgreSQL's
/// manual advises after a bulk load). SQLite needs nothing.
pub fn finish_bulk_writes(conn: &mut DbConnection) -> diesel::QueryResult<()> {
    if let DbConnection::Postgresql(c) = conn {
        // One statement a call: a string of several is one transaction, where VACUUM
        // may not run.
        c.batch_execute("VACUUM (FULL) sections, listed_months")?;
        c.batch_execute("ANALYZE")?;
    }
    Ok(())
}

/// Writes a consistent copy of the SQLite database at `url` to `to` (`VACUUM INTO`:
/// one read transaction, so writers may go on meanwhile); the copy is a complete
/// database, restored by using it as the database file. `to` must not exist yet.
/// PostgreSQL is backed up with its own `pg_dump`.
pub fn backup(url: &str, to: &std::path::Path, busy_timeout: Duration) -> anyhow::Result<u64> {
    use anyhow::Context as _;
    let DatabaseTarget::Sqlite(_) = DatabaseTarget::from_url(url) else {
        anyhow::bail!(
            "this database is PostgreSQL: back it up with `pg_dump --format=custom` and restore with `pg_restore` (see README)"
        );
    };
    anyhow::ensure!(
        !to.exists(),
        "{} exists already: a backup never overwrites a file",
        to.display()
    );
    let pool = connect(url, 1, busy_timeout)?;
    let mut conn = pool.get()?;
    let target = to.to_str().context("the backup path is not UTF-8")?;
    diesel::sql_query("VACUUM INTO ?")
        .bind::<diesel::sql_types::Text, _>(target)
        .execute(&mut **conn)
        .with_context(|| format!("writing the backup to {}", to.display()))?;
    Ok(std::fs::metadata(to)?.len())
}

/// Opens the pool and applies pending migrations.
pub fn connect(url: &str, pool_size: u32, busy_timeout: Duration) -> anyhow::Result<Pool> {
    let target = DatabaseTarget::from_url(url);
    if let DatabaseTarget::Sqlite(path) = &target
        && let Some(dir) = std::path::Path::new(path).parent()
        && !dir.as_os_str().is_empty()
    {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("creating the database folder {}", dir.display()))?;
    }
    let manager = DbManager {
        target: target.clone(),
        busy_timeout,
        lost: Default::default(),
    };
    let pool = r2d2::Pool::builder()
        .max_size(pool_size)
        .connection_timeout(Duration::from_secs(10))
        .build(manager)
        .with_context(|| format!("opening the {} database", target.backend_name()))?;
    let mut conn = pool.get().context("getting a database connection")?;
    run_migrations(&mut conn)?;
    // An index a bulk load deferred, should it have stopped before making it again.
    deferred::restore(&mut conn).context("making a deferred index")?;
    Ok(pool)
}

/// A write transaction. On SQLite it starts with `BEGIN IMMEDIATE`, taking the write
/// lock up front: a deferred transaction that reads and then writes fails with
/// "database is locked" when another writer got in between, instead of waiting.
/// Nested `transaction` calls inside `work` become savepoints as usual.
///
/// SQLite has one writer at a time, and its busy handler lets waiting writers poll
/// with growing sleeps: under many writers one can lose every round until its
/// `busy_timeout` passes ("database is locked"). So this process's writers first
/// queue for `SQLITE_WRITERS`, first come first served, and only the one at the head
/// asks SQLite for the lock (another process, an import, is still waited for by the
/// busy handler).
///
/// Every write of content goes through here: each transaction also counts itself in
/// `content_version`, which tells servers their in-memory answers are out of date.
pub fn write_transaction<T, E, F>(conn: &mut DbConnection, work: F) -> Result<T, E>
where
    F: FnOnce(&mut DbConnection) -> Result<T, E>,
    E: From<diesel::result::Error>,
{
    transaction(conn, true, work)
}

/// A write transaction of what the public never sees (an edit lock): the same lock
/// and queue, not counted in `content_version`, so kept public answers stand.
pub fn private_write_transaction<T, E, F>(conn: &mut DbConnection, work: F) -> Result<T, E>
where
    F: FnOnce(&mut DbConnection) -> Result<T, E>,
    E: From<diesel::result::Error>,
{
    transaction(conn, false, work)
}

fn transaction<T, E, F>(conn: &mut DbConnection, public: bool, work: F) -> Result<T, E>
where
    F: FnOnce(&mut DbConnection) -> Result<T, E>,
    E: From<diesel::result::Error>,
{
    use diesel::connection::{AnsiTransactionManager, TransactionManager};
    let _turn = match conn {
        DbConnection::Sqlite(c) => {
            let turn = SQLITE_WRITERS.wait_turn();
            AnsiTransactionManager::begin_transaction_sql(c, "BEGIN IMMEDIATE")?;
            Some(turn)
        }
        DbConnection::Postgresql(c) => {
            AnsiTransactionManager::begin_transaction(c)?;
            None
        }
    };
    match work(conn).and_then(|value| {
        if public {
            content::count_write(conn)?;
        }
        Ok(value)
    }) {
        Ok(value) => {
            <DbConnection as diesel::Connection>::TransactionManager::commit_transaction(conn)?;
            if public {
                content::committed_here();
            }
            Ok(value)
        }
        Err(e) => {
            <DbConnection as diesel::Connection>::TransactionManager::rollback_transaction(conn)?;
            Err(e)
        }
    }
}

/// A first-come-first-served lock (a ticket lock): turns are taken in the order asked.
struct Queue {
    state: std::sync::Mutex<(u64, u64)>,
    turn_changed: std::sync::Condvar,
}

static SQLITE_WRITERS: Queue = Queue {
    state: std::sync::Mutex::new((0, 0)),
    turn_changed: std::sync::Condvar::new(),
};

/// Holding one is having the turn; dropping it passes the turn on.
struct Turn(&'static Queue);

impl Queue {
    fn wait_turn(&'static self) -> Turn {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        // (next ticket to hand out, ticket being served)
        let ticket = state.0;
        state.0 += 1;
        while state.1 != ticket {
            state = self
                .turn_changed
                .wait(state)
                .unwrap_or_else(|e| e.into_inner());
        }
        Turn(self)
    }
}

impl Drop for Turn {
    fn drop(&mut self) {
        let mut state = self.0.state.lock().unwrap_or_else(|e| e.into_inner());
        state.1 += 1;
        drop(state);
        self.0.turn_changed.notify_all();
    }
}

/// Reverts the applied migrations newer than `version` (a migration folder's date,
/// `2025-07-31-000000`), newest first, with their `down.sql`; the versions reverted.
/// Tests use it to check that a migration keeps what the database holds, both ways.
pub fn revert_after(conn: &mut DbConnection, version: &str) -> anyhow::Result<Vec<String>> {
    let version = version.replace('-', "");
    let mut reverted = Vec::new();
    loop {
        let newest = match &mut *conn {
            DbConnection::Sqlite(c) => c.applied_migrations(),
            DbConnection::Postgresql(c) => c.applied_migrations(),
        }
        .map_err(|e| anyhow::anyhow!("reading the applied migrations: {e}"))?
        .iter()
        .map(ToString::to_string)
        .max();
        match newest {
            Some(newest) if newest > version => reverted.push(newest),
            _ => return Ok(reverted),
        }
        match &mut *conn {
            DbConnection::Sqlite(c) => c.revert_last_migration(SQLITE_MIGRATIONS).map(drop),
            DbConnection::Postgresql(c) => c.revert_last_migration(POSTGRES_MIGRATIONS).map(drop),
        }
        .map_err(|e| anyhow::anyhow!("reverting a migration: {e}"))?;
    }
}

pub fn run_migrations(conn: &mut DbConnection) -> anyhow::Result<()> {
    let applied = match conn {
        DbConnection::Sqlite(c) => c.run_pending_migrations(SQLITE_MIGRATIONS).map(|v| v.len()),
        DbConnection::Postgresql(c) => c
            .run_pending_migrations(POSTGRES_MIGRATIONS)
            .map(|v| v.len()),
    }
    .map_err(|e| anyhow::anyhow!("applying migrations: {e}"))?;
    if applied > 0 {
        tracing::info!(applied, "database migrations applied");
    }
    Ok(())
}

/// Every table and its columns, as the database reports them: the test that both
/// migration trees agree compares this across SQLite and PostgreSQL.
pub fn describe_schema(
    conn: &mut DbConnection,
) -> anyhow::Result<std::collections::BTreeMap<String, Vec<String>>> {
    use diesel::QueryableByName;
    use diesel::sql_types::Text;

    #[derive(QueryableByName)]
    struct Column {
        #[diesel(sql_type = Text)]
        table_name: String,
        #[diesel(sql_type = Text)]
        column_name: String,
    }

    let sql = match conn {
        DbConnection::Sqlite(_) => {
            // `table_xinfo`: generated columns too (`table_info` leaves them out).
            "SELECT m.name AS table_name, p.name AS column_name \
             FROM sqlite_master m JOIN pragma_table_xinfo(m.name) p \
             WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' \
             AND m.name <> '__diesel_schema_migrations'"
        }
        DbConnection::Postgresql(_) => {
            "SELECT table_name::text AS table_name, column_name::text AS column_name \
             FROM information_schema.columns WHERE table_schema = 'public' \
             AND table_name <> '__diesel_schema_migrations'"
        }
    };
    let columns: Vec<Column> = diesel::sql_query(sql).load(conn)?;
    let mut tables = std::collections::BTreeMap::<String, Vec<String>>::new();
    for column in columns {
        tables
            .entry(column.table_name)
            .or_default()
            .push(column.column_name);
    }
    for columns in tables.values_mut() {
        columns.sort();
    }
    Ok(tables)
}
