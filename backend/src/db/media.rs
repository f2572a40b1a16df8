//! The image library's rows.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::models::ArticleRow;
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

pub fn by_ids(conn: &mut DbConnection, ids: &[String]) -> QueryResult<Vec<MediaRow>> {
    media::table
        .filter(super::one_of::one_of(conn, media::id, ids))
        .select(MediaRow::as_select())
        .load(conn)
}

/// The public articles (published or scheduled, not binned) that show this image, by slug.
pub fn public_uses(conn: &mut DbConnection, id: &str) -> QueryResult<Vec<ArticleRow>> {
    use super::schema::{article_media, articles};
    articles::table
        .inner_join(article_media::table)
        .filter(article_media::media_id.eq(id))
        .filter(articles::listed.eq(true))
        .order_by(articles::slug)
        .select(ArticleRow::as_select())
        .load(conn)
}

/// Records that the article shows exactly `media_ids` (its featured image and its
/// body's), in the caller's transaction. A `new_article` showed nothing before.
pub fn set_shown(
    conn: &mut DbConnection,
    article_id: &str,
    media_ids: &[String],
    new_article: bool,
) -> QueryResult<()> {
    use super::schema::article_media;
    if !new_article {
        diesel::delete(article_media::table.filter(article_media::article_id.eq(article_id)))
            .execute(conn)?;
    }
    let mut ids: Vec<&String> = media_ids.iter().collect();
    ids.sort();
    ids.dedup();
    for media_id in ids {
        diesel::insert_into(article_media::table)
            .values((
                article_media::article_id.eq(article_id),
                article_media::media_id.eq(media_id),
            ))
            .execute(conn)?;
    }
    Ok(())
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

use super::schema::{media_jobs, media_renditions};

#[derive(Debug, Clone, Queryable, Selectable, Insertable, PartialEq, Eq)]
#[diesel(table_name = media_renditions)]
pub struct RenditionRow {
    pub media_id: String,
    pub name: String,
    pub media_type: String,
    pub width: i32,
    pub height: i32,
    pub bytes: i64,
    pub content_hash: String,
}

/// The renditions of these images, by image, widest first within each kind.
pub fn renditions_of(conn: &mut DbConnection, ids: &[String]) -> QueryResult<Vec<RenditionRow>> {
    media_renditions::table
        .filter(super::one_of::one_of(conn, media_renditions::media_id, ids))
        .order_by((media_renditions::media_id, media_renditions::name))
        .select(RenditionRow::as_select())
        .load(conn)
}

pub fn rendition(
    conn: &mut DbConnection,
    media_id: &str,
    name: &str,
) -> QueryResult<Option<RenditionRow>> {
    media_renditions::table
        .find((media_id, name))
        .select(RenditionRow::as_select())
        .first(conn)
        .optional()
}

/// Replaces the image's renditions with `rows`.
pub fn set_renditions(
    conn: &mut DbConnection,
    media_id: &str,
    rows: &[RenditionRow],
) -> QueryResult<()> {
    diesel::delete(media_renditions::table.filter(media_renditions::media_id.eq(media_id)))
        .execute(conn)?;
    for row in rows {
        diesel::insert_into(media_renditions::table)
            .values(row)
            .execute(conn)?;
    }
    Ok(())
}

/// Asks for the image's renditions to be made (again): a job due now, unclaimed.
pub fn enqueue(conn: &mut DbConnection, media_id: &str, now: NaiveDateTime) -> QueryResult<()> {
    diesel::delete(media_jobs::table.find(media_id)).execute(conn)?;
    diesel::insert_into(media_jobs::table)
        .values((
            media_jobs::media_id.eq(media_id),
            media_jobs::attempts.eq(0),
            media_jobs::next_attempt_at.eq(now),
            media_jobs::claimed_until.eq(None::<NaiveDateTime>),
            media_jobs::last_error.eq(None::<String>),
            media_jobs::created_at.eq(now),
        ))
        .execute(conn)
        .map(drop)
}

/// Claims one due job until `until`: its image id and attempts so far. A job whose
/// claim has run out (its worker died) is due again.
pub fn claim_job(
    conn: &mut DbConnection,
    now: NaiveDateTime,
    until: NaiveDateTime,
) -> QueryResult<Option<(String, i32)>> {
    let candidates: Vec<(String, i32)> = media_jobs::table
        .filter(media_jobs::next_attempt_at.le(now))
        .filter(
            media_jobs::claimed_until
                .is_null()
                .or(media_jobs::claimed_until.lt(now)),
        )
        .order_by(media_jobs::next_attempt_at)
        .select((media_jobs::media_id, media_jobs::attempts))
        .limit(4)
        .load(conn)?;
    for (id, attempts) in candidates {
        // Compare-and-set: only one worker's claim takes.
        let claimed = diesel::update(
            media_jobs::table.find(&id).filter(
                media_jobs::claimed_until
                    .is_null()
                    .or(media_jobs::claimed_until.lt(now)),
            ),
        )
        .set(media_jobs::claimed_until.eq(Some(until)))
        .execute(conn)?;
        if claimed == 1 {
            return Ok(Some((id, attempts)));
        }
    }
    Ok(None)
}

/// The job is done: gone from the queue.
pub fn finish_job(conn: &mut DbConnection, media_id: &str) -> QueryResult<()> {
    diesel::delete(media_jobs::table.find(media_id))
        .execute(conn)
        .map(drop)
}

/// The job failed: tried again at `retry_at`, the error kept.
pub fn fail_job(
    conn: &mut DbConnection,
    media_id: &str,
    attempts: i32,
    retry_at: NaiveDateTime,
    error: &str,
) -> QueryResult<()> {
    diesel::update(media_jobs::table.find(media_id))
        .set((
            media_jobs::attempts.eq(attempts),
            media_jobs::next_attempt_at.eq(retry_at),
            media_jobs::claimed_until.eq(None::<NaiveDateTime>),
            media_jobs::last_error.eq(Some(error)),
        ))
        .execute(conn)
        .map(drop)
}

pub fn pending_jobs(conn: &mut DbConnection) -> QueryResult<i64> {
    media_jobs::table.count().get_result(conn)
}
