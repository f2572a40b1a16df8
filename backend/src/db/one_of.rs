//! `column IN (values)` as a statement both databases keep prepared.
//!
//! Diesel writes SQLite's `IN` with a parameter for each value, so the statement's
//! text changes with their number and it is prepared again on every run: a fifth of a
//! search page's time at a million articles, where a page reads its twenty articles'
//! rows, sections, tags and authors so. Here SQLite reads the values from one JSON
//! parameter (`IN (SELECT value FROM json_each(?))`); PostgreSQL's `IN` is diesel's
//! `= ANY($1)` already, one parameter.

use diesel::expression::{
    AppearsOnTable, BoxableExpression, Expression, SelectableExpression, ValidGrouping,
    is_aggregate,
};
use diesel::query_builder::{AstPass, QueryFragment, QueryId};
use diesel::sql_types::{Bool, Text};
use diesel::{ExpressionMethods as _, QueryResult};

use super::{DbConnection, MultiBackend};

/// `column` is one of `values` (SQLite: from their JSON array).
#[derive(Debug, Clone)]
pub struct InJson<C> {
    column: C,
    values: String,
}

impl<C: Expression<SqlType = Text>> Expression for InJson<C> {
    type SqlType = Bool;
}

impl<C: QueryId> QueryId for InJson<C> {
    type QueryId = InJson<C::QueryId>;
    const HAS_STATIC_QUERY_ID: bool = C::HAS_STATIC_QUERY_ID;
}

impl<C: QueryFragment<MultiBackend>> QueryFragment<MultiBackend> for InJson<C> {
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, MultiBackend>) -> QueryResult<()> {
        self.column.walk_ast(out.reborrow())?;
        out.push_sql(" IN (SELECT value FROM json_each(");
        out.push_bind_param::<Text, _>(&self.values)?;
        out.push_sql("))");
        Ok(())
    }
}

impl<C: AppearsOnTable<QS>, QS> AppearsOnTable<QS> for InJson<C> where Self: Expression {}

impl<C: SelectableExpression<QS>, QS> SelectableExpression<QS> for InJson<C> where
    Self: AppearsOnTable<QS>
{
}

impl<C: ValidGrouping<GB>, GB> ValidGrouping<GB> for InJson<C> {
    type IsAggregate = C::IsAggregate;
}

/// `column` is one of `values`, as the connection's database keeps it prepared.
pub fn one_of<'a, QS, C>(
    conn: &DbConnection,
    column: C,
    values: &'a [String],
) -> Box<dyn BoxableExpression<QS, MultiBackend, SqlType = Bool> + 'a>
where
    C: diesel::Column<SqlType = Text>
        + SelectableExpression<QS>
        + ValidGrouping<(), IsAggregate = is_aggregate::No>
        + QueryFragment<MultiBackend>
        + QueryFragment<diesel::pg::Pg>
        + QueryFragment<diesel::sqlite::Sqlite>
        + QueryId
        + Send
        + 'a,
    QS: 'a,
{
    match conn {
        DbConnection::Sqlite(_) => Box::new(InJson {
            column,
            values: serde_json::to_string(values).unwrap_or_else(|_| "[]".to_owned()),
        }),
        DbConnection::Postgresql(_) => Box::new(column.eq_any(values)),
    }
}
