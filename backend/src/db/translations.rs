//! Translation groups: the same story in other languages. An article joins a group when
//! a translation is started from it (the group is named by the first article's id);
//! an article alone has no row.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::DbConnection;
use super::public::public_at;
use super::schema::{articles, translations};

/// An article's place in a group: its group, and what it was translated from.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = translations)]
pub struct TranslationRow {
    pub article_id: String,
    pub group_id: String,
    pub source_id: Option<String>,
}

/// A public member of a group: its group, id, language, slug and headline.
pub type Member = (String, String, String, String, String);

/// The rows of these articles (those in a group).
pub fn of_articles(conn: &mut DbConnection, ids: &[String]) -> QueryResult<Vec<TranslationRow>> {
    translations::table
        .filter(translations::article_id.eq_any(ids))
        .select(TranslationRow::as_select())
        .load(conn)
}

/// The members of these groups public at `now`.
pub fn public_members(
    conn: &mut DbConnection,
    groups: &[String],
    now: NaiveDateTime,
) -> QueryResult<Vec<Member>> {
    let mut members = Vec::new();
    for groups in groups.chunks(super::articles::KEYS_PER_QUERY) {
        members.extend(
            translations::table
                .inner_join(articles::table)
                .filter(translations::group_id.eq_any(groups))
                .filter(public_at(now))
                .select((
                    translations::group_id,
                    articles::id,
                    articles::language,
                    articles::slug,
                    articles::headline,
                ))
                .load::<Member>(conn)?,
        );
    }
    Ok(members)
}

/// The languages of every member of `group` (public or not).
pub fn languages(conn: &mut DbConnection, group: &str) -> QueryResult<Vec<String>> {
    translations::table
        .inner_join(articles::table)
        .filter(translations::group_id.eq(group))
        .filter(articles::deleted_at.is_null())
        .select(articles::language)
        .load(conn)
}

pub fn insert(conn: &mut DbConnection, row: &TranslationRow) -> QueryResult<()> {
    diesel::insert_into(translations::table)
        .values(row)
        .execute(conn)
        .map(drop)
}
