//! The image library's rows.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::media;
use super::{DbConnection, MultiBackend};

diesel::define_sql_function! {
    /// SQL `lower(text)`: the same in SQLite and PostgreSQL for the library's search.
    fn lower(text: diesel::sql_types::Nullable<diesel::sql_types::Text>) -> diesel::sql_types::Nullable<diesel::sql_types::Text>;
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset, PartialEq)]
#[diesel(table_name = media, treat_none_as_null = true)]
pub struct MediaRow {
    pub id: String,
    pub content_hash: String,
    pub media_type: String,
    pub width: i32,
    pub height: i32,
    pub bytes: i64,
    pub alt: Option<String>,
    pub caption: Option<String>,
    pub credit: Option<String>,
    pub copyright_holder: Option<String>,
    pub usage_terms: Option<String>,
    pub focal_x: f64,
    pub focal_y: f64,
    pub uploaded_by: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

pub fn insert(conn: &mut DbConnection, row: &MediaRow) -> QueryResult<()> {
    diesel::insert_into(media::table)
        .values(row)
        .execute(conn)
        .map(drop)
}

pub fn update(conn: &mut DbConnection, row: &MediaRow) -> QueryResult<()> {
    diesel::update(media::table.find(&row.id))
        .set(row)
        .execute(conn)
        .map(drop)
}

pub fn delete(conn: &mut DbConnection, id: &str) -> QueryResult<bool> {
    diesel::delete(media::table.find(id))
        .execute(conn)
        .map(|n| n > 0)
}

pub fn by_id(conn: &mut DbConnection, id: &str) -> QueryResult<Option<MediaRow>> {
    media::table
        .find(id)
        .select(MediaRow::as_select())
        .first(conn)
        .optional()
}

pub fn by_hash(conn: &mut DbConnection, hash: &str) -> QueryResult<Option<MediaRow>> {
    media::table
        .filter(media::content_hash.eq(hash))
        .select(MediaRow::as_select())
        .first(conn)
        .optional()
}

/// Images whose alt text, caption or credit contains `words` (any case), newest
/// first: `limit` from `offset`, and how many there are in all.
pub fn list(
    conn: &mut DbConnection,
    words: Option<&str>,
    limit: i64,
    offset: i64,
) -> QueryResult<(Vec<MediaRow>, i64)> {
    let matching = || {
        let mut query = media::table.into_boxed::<MultiBackend>();
        if let Some(words) = words {
            let pattern = format!("%{}%", escape_like(&words.to_lowercase()));
            query = query.filter(
                lower(media::alt.nullable())
                    .like(pattern.clone())
                    .escape('\\')
                    .or(lower(media::caption.nullable())
                        .like(pattern.clone())
                        .escape('\\'))
                    .or(lower(media::credit.nullable()).like(pattern).escape('\\')),
            );
        }
        query
    };
    let total = matching().count().get_result(conn)?;
    let rows = matching()
        .order_by((media::created_at.desc(), media::id.desc()))
        .select(MediaRow::as_select())
        .limit(limit)
        .offset(offset)
        .load(conn)?;
    Ok((rows, total))
}

/// `text` with LIKE's wildcards and the escape character taken literally.
fn escape_like(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}
