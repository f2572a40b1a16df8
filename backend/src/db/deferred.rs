//! Indexes a bulk load makes once, at its end, rather than entry by entry.
//!
//! An article's mentions are some fifty rows, and each is an entry of the index of
//! every mention by entity and time (`article_entities_entity`, which an entity's list
//! is read from). Those entries land all over that index — one place per entity, at the
//! article's time —, so SQLite inserts each at ~4–5 µs, against ~0.8 µs for the rows
//! themselves, which go in at the table's end, and 0.7 µs an entry for making the whole
//! index at once (sorted; 10,000 articles, 500,000 entries). An import that brings at
//! least as many articles as the database holds — an archive moving in; on PostgreSQL a
//! quarter as many (`worth_deferring`) — drops the index first and makes it again at its
//! end (`global-insight import`).
//!
//! So too the other indexes whose entries land by key and time rather than at the end
//! — a tag's, an author's, a subject's links, the quotes by time and by speaker —, some
//! eight entries an article. Entry by entry they are also loosely packed: a key's new
//! entry goes after its last, in the middle of the index, and a full page there is split
//! in halves of which the left is never filled again. PostgreSQL's pages of those five
//! indexes were 54–72 % full after an import of a million (90 % made whole): 989 MiB
//! where 699 do.
//!
//! Every process that opens the database makes a missing one again (`restore`, from
//! `db::connect`): an import stopped by `kill -9` leaves it missing only until the next
//! start. Meanwhile the lists read their rows without it (slowly), and nothing is lost.

use diesel::RunQueryDsl as _;
use diesel::sql_types::{BigInt, Text};

use super::DbConnection;

/// Each deferrable index: its name, and the statement that makes it (the same in both
/// dialects, and the same as the last migration that made it; a test holds them equal).
const DEFERRABLE: &[(&str, &str)] = &[
    (
        "article_entities_entity",
        "CREATE INDEX IF NOT EXISTS article_entities_entity \
         ON article_entities (entity_seq, listed_second, article_seq)",
    ),
    (
        "article_tags_tag",
        "CREATE INDEX IF NOT EXISTS article_tags_tag \
         ON article_tags (tag_id, listed_at, article_id)",
    ),
    (
        "article_authors_author",
        "CREATE INDEX IF NOT EXISTS article_authors_author \
         ON article_authors (author_id, listed_at, article_id)",
    ),
    (
        "article_subjects_code",
        "CREATE INDEX IF NOT EXISTS article_subjects_code ON article_subjects (code, article_id)",
    ),
    (
        "quotes_listed",
        "CREATE INDEX IF NOT EXISTS quotes_listed ON quotes (listed_at, article_id, position DESC)",
    ),
    (
        "quotes_speaker",
        "CREATE INDEX IF NOT EXISTS quotes_speaker \
         ON quotes (entity_id, listed_at, article_id, position DESC)",
    ),
];

/// Whether an import of `importing` files into a database of `present` articles makes
/// the deferrable indexes at its end.
///
/// On SQLite when it brings at least as many as there are. Made whole, they cost ~0.7 µs
/// an entry of all of them at 10,000 articles and ~1.3 µs at 100,000 (the sort grows);
/// entry by entry, ~4–5 µs an entry added at random places, less in time order
/// (`global-insight import` sorts its files so). At 100,000 articles, the last fifth
/// imported into the rest took 19 s entry by entry and 21–26 s with the mentions' index
/// deferred; with all six, 7.8 and 8.8 s against 9.8 and 11.0 s, for a file 1.4 %
/// smaller.
///
/// On PostgreSQL when it brings at least a quarter as many: there the last fifth took
/// no longer deferred (23.9 and 24.7 s against 26.6 and 24.4 s, in turns), and the
/// database was 1,254 → 1,148 MiB — entry by entry the six indexes' pages are left
/// ~64 % full, made whole 90 %.
pub fn worth_deferring(conn: &DbConnection, present: i64, importing: usize) -> bool {
    let share = match conn {
        DbConnection::Sqlite(_) => 1,
        DbConnection::Postgresql(_) => 4,
    };
    brings_a_share(present, importing, share)
}

/// Whether `importing` is at least the `share`th part of `present`.
fn brings_a_share(present: i64, importing: usize, share: i64) -> bool {
    i64::try_from(importing).map_or(true, |importing| importing.saturating_mul(share) >= present)
}

/// Drops the deferrable indexes (for `restore` to make again at the bulk load's end).
pub fn defer(conn: &mut DbConnection) -> diesel::QueryResult<()> {
    for (name, _) in DEFERRABLE {
        diesel::sql_query(format!("DROP INDEX IF EXISTS {name}")).execute(conn)?;
    }
    Ok(())
}

/// Makes each deferrable index that is missing; returns how many it made. One that
/// exists is not touched (asked of the catalogue first: `CREATE INDEX IF NOT EXISTS`
/// would take SQLite's write lock even then).
pub fn restore(conn: &mut DbConnection) -> diesel::QueryResult<usize> {
    let mut made = 0;
    for (name, make) in DEFERRABLE {
        if !exists(conn, name)? {
            tracing::info!(index = name, "making a deferred index");
            with_sort_threads(conn, |conn| diesel::sql_query(*make).execute(conn))?;
            made += 1;
        }
    }
    Ok(made)
}

/// Runs `make` with SQLite's sorter as it sorts fastest, and the connection's settings
/// as they were after: a helper thread per further core (`PRAGMA threads`; none by
/// default — an index made whole is sorted first, and at an import's end the other core
/// has nothing else to do); its runs in temporary files (`temp_store = FILE`), not in
/// memory, where SQLite's in-memory files are chains of small pieces; and runs of a few
/// megabytes (the sorter's run is the page cache's size), sorted within the processor's
/// caches and merged. At the end of an import of 100,000 articles the six indexes took
/// 5.3 s with the import's settings (in memory, 256 MB) and 2.6 s so. PostgreSQL plans
/// its own workers.
fn with_sort_threads<T>(
    conn: &mut DbConnection,
    make: impl FnOnce(&mut DbConnection) -> diesel::QueryResult<T>,
) -> diesel::QueryResult<T> {
    use diesel::connection::SimpleConnection as _;
    /// The page cache while an index is sorted, in KiB (the sorter's run).
    const SORTING_CACHE_KIB: i64 = 8 * 1024;
    let DbConnection::Sqlite(c) = conn else {
        return make(conn);
    };
    let cache = pragma(c, "cache_size")?;
    let temp_store = pragma(c, "temp_store")?;
    let helpers = std::thread::available_parallelism().map_or(0, |n| n.get() - 1);
    c.batch_execute(&format!(
        "PRAGMA threads = {helpers}; PRAGMA temp_store = FILE; \
         PRAGMA cache_size = -{SORTING_CACHE_KIB}"
    ))?;
    let made = make(conn);
    if let DbConnection::Sqlite(c) = conn {
        c.batch_execute(&format!(
            "PRAGMA threads = 0; PRAGMA temp_store = {temp_store}; PRAGMA cache_size = {cache}"
        ))?;
    }
    made
}

/// The value of SQLite's `PRAGMA name` (one of the integer settings).
fn pragma(conn: &mut diesel::SqliteConnection, name: &str) -> diesel::QueryResult<i64> {
    #[derive(diesel::QueryableByName)]
    struct Setting {
        #[diesel(sql_type = BigInt)]
        value: i64,
    }
    Ok(
        diesel::sql_query(format!("SELECT {name} AS value FROM pragma_{name}"))
            .get_result::<Setting>(conn)?
            .value,
    )
}

#[derive(diesel::QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

/// Whether the database has the index `name`.
fn exists(conn: &mut DbConnection, name: &str) -> diesel::QueryResult<bool> {
    let catalogue = match conn {
        DbConnection::Sqlite(_) => {
            "SELECT count(*) AS n FROM sqlite_master WHERE type = 'index' AND name = ?"
        }
        DbConnection::Postgresql(_) => {
            "SELECT count(*) AS n FROM pg_indexes \
             WHERE schemaname = current_schema() AND indexname = $1"
        }
    };
    let found = diesel::sql_query(catalogue)
        .bind::<Text, _>(name)
        .get_result::<Count>(conn)?;
    Ok(found.n > 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_import_of_the_archives_size_defers_on_sqlite_and_of_a_quarter_on_postgresql() {
        assert!(brings_a_share(0, 1, 1));
        assert!(brings_a_share(100, 100, 1));
        assert!(!brings_a_share(101, 100, 1));
        assert!(!brings_a_share(1_000_000, 2_000, 1));
        assert!(brings_a_share(80_000, 20_000, 4));
        assert!(!brings_a_share(80_001, 20_000, 4));
        assert!(brings_a_share(i64::MAX, usize::MAX, 4));
    }

    /// The indexes made again are the ones the migrations made: same names, same
    /// columns.
    #[test]
    fn a_restored_index_is_the_migrations_own() {
        let dir = tempfile::tempdir().expect("temporary folder");
        let url = dir.path().join("gi.db").display().to_string();
        let pool =
            super::super::connect(&url, 1, std::time::Duration::from_secs(5)).expect("migrated");
        let mut conn = pool.get().expect("a connection");
        #[derive(diesel::QueryableByName, PartialEq, Debug)]
        struct Sql {
            #[diesel(sql_type = Text)]
            sql: String,
        }
        let definitions = |conn: &mut DbConnection| -> Vec<String> {
            DEFERRABLE
                .iter()
                .flat_map(|(name, _)| {
                    diesel::sql_query(
                        "SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?",
                    )
                    .bind::<Text, _>(*name)
                    .load::<Sql>(conn)
                    .expect("reads")
                })
                // The statement as stored, less `IF NOT EXISTS` and spacing.
                .map(|s| {
                    s.sql
                        .replace("IF NOT EXISTS ", "")
                        .split_whitespace()
                        .collect::<Vec<_>>()
                        .join(" ")
                })
                .collect()
        };
        let made_by_migrations = definitions(&mut conn);
        assert_eq!(made_by_migrations.len(), DEFERRABLE.len());
        assert_eq!(restore(&mut conn).expect("restores"), 0, "nothing missing");
        defer(&mut conn).expect("drops");
        for (name, _) in DEFERRABLE {
            assert!(!exists(&mut conn, name).expect("asks"), "{name}");
        }
        assert_eq!(restore(&mut conn).expect("restores"), DEFERRABLE.len());
        assert_eq!(definitions(&mut conn), made_by_migrations);
    }
}
