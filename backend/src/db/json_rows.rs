//! A batch's rows of one table in one SQLite statement, from one JSON parameter
//! (`INSERT … SELECT value ->> 0, … FROM jsonb_each(?)`: `jsonb_each` hands each row
//! on as SQLite's parsed form, where `json_each` wrote it out as text for `->>` to parse
//! again — by instruction count, a third of the statement's work).
//!
//! Diesel writes a multi-row `INSERT` with a parameter for each value. Its text changes
//! with the number of rows, so it is built and prepared again on every run, and SQLite
//! takes at most 32,766 parameters, so a batch is cut into many statements. Within a
//! transaction, a statement that may fail half-way (a key or a foreign key) first copies
//! each page it is about to change into the statement journal — once per statement, so
//! a page that several of a batch's statements change is copied for each. One statement
//! from one JSON array is prepared once per connection, and journals each page once.

use std::marker::PhantomData;

use diesel::query_builder::{AstPass, QueryFragment, QueryId};
use diesel::sql_types::Text;
use diesel::sqlite::{Sqlite, SqliteConnection};
use diesel::{QueryResult, RunQueryDsl};

/// Rows of a table as one JSON array: each row an array of its values, in the order
/// `INSERT` names the columns.
pub trait JsonRows: 'static {
    /// `INSERT INTO t (a, b) SELECT value ->> 0, value ->> 1 FROM jsonb_each(`: the
    /// parameter and the closing parenthesis follow.
    const INSERT: &'static str;
}

/// The statement, prepared once per connection (`T` is its identity in diesel's cache).
struct Statement<T> {
    rows: String,
    table: PhantomData<T>,
}

impl<T: JsonRows> QueryId for Statement<T> {
    type QueryId = T;
    const HAS_STATIC_QUERY_ID: bool = true;
}

impl<T: JsonRows> QueryFragment<Sqlite> for Statement<T> {
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, Sqlite>) -> QueryResult<()> {
        out.push_sql(T::INSERT);
        out.push_bind_param::<Text, _>(&self.rows)?;
        out.push_sql(")");
        Ok(())
    }
}

impl<T> RunQueryDsl<SqliteConnection> for Statement<T> {}

/// Inserts `rows` (each serialised as a JSON array: a tuple) in one statement.
pub fn insert<T: JsonRows, R: serde::Serialize>(
    conn: &mut SqliteConnection,
    rows: &[R],
) -> QueryResult<usize> {
    if rows.is_empty() {
        return Ok(0);
    }
    let rows = serde_json::to_string(rows)
        .map_err(|e| diesel::result::Error::SerializationError(Box::new(e)))?;
    Statement::<T> {
        rows,
        table: PhantomData,
    }
    .execute(conn)
}

#[cfg(test)]
mod tests {
    use diesel::Connection as _;
    use diesel::sql_types::{BigInt, Nullable, Text};

    use super::*;

    struct Pairs;

    impl JsonRows for Pairs {
        const INSERT: &'static str =
            "INSERT INTO pairs (n, word) SELECT value ->> 0, value ->> 1 FROM jsonb_each(";
    }

    #[derive(diesel::QueryableByName, Debug, PartialEq)]
    struct Pair {
        #[diesel(sql_type = BigInt)]
        n: i64,
        #[diesel(sql_type = Nullable<Text>)]
        word: Option<String>,
    }

    /// What goes in comes out: the largest integer and its negative, no value, and text
    /// JSON has to escape — quotes, backslashes, a control character, letters beyond ASCII.
    #[test]
    fn rows_come_back_as_written() {
        let mut conn = SqliteConnection::establish(":memory:").expect("a database");
        diesel::sql_query("CREATE TABLE pairs (n INTEGER NOT NULL, word TEXT) STRICT")
            .execute(&mut conn)
            .expect("a table");
        let rows = [
            (i64::MAX, Some("\"kutip\" \\ garis\tmiring")),
            (i64::MIN + 1, None),
            (0, Some("Pyongyang — 평양")),
        ];
        assert_eq!(insert::<Pairs, _>(&mut conn, &rows), Ok(3));
        assert_eq!(insert::<Pairs, (i64, Option<&str>)>(&mut conn, &[]), Ok(0));
        let read: Vec<Pair> = diesel::sql_query("SELECT n, word FROM pairs ORDER BY rowid")
            .load(&mut conn)
            .expect("reads");
        let written: Vec<Pair> = rows
            .iter()
            .map(|&(n, word)| Pair {
                n,
                word: word.map(str::to_owned),
            })
            .collect();
        assert_eq!(read, written);
    }

    /// A row the table refuses fails the statement, and none of its rows stay.
    #[test]
    fn a_refused_row_fails_the_whole_statement() {
        let mut conn = SqliteConnection::establish(":memory:").expect("a database");
        diesel::sql_query("CREATE TABLE pairs (n INTEGER NOT NULL PRIMARY KEY, word TEXT)")
            .execute(&mut conn)
            .expect("a table");
        let rows = [(1_i64, Some("satu")), (1, Some("lagi"))];
        assert!(insert::<Pairs, _>(&mut conn, &rows).is_err());
        let read: Vec<Pair> = diesel::sql_query("SELECT n, word FROM pairs")
            .load(&mut conn)
            .expect("reads");
        assert_eq!(read, []);
    }
}
