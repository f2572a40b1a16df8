//! Sections, tags and authors: lookups, counts of published articles, find-or-create.

use std::collections::HashMap;

use chrono::NaiveDateTime;
use diesel::Connection as _;
use diesel::dsl::count_star;
use diesel::prelude::*;
use diesel::sql_types::Bool;

use super::DbConnection;
use super::models::{AuthorRow, SectionRow, TagRow};
use super::schema::{article_authors, article_tags, articles, authors, sections, tags};

use super::public::{listed_later, listed_less_later};

pub fn sections(conn: &mut DbConnection) -> QueryResult<Vec<SectionRow>> {
    sections::table
        .order_by((sections::name, sections::id))
        .select(SectionRow::as_select())
        .load(conn)
}

pub fn section_by_slug(conn: &mut DbConnection, slug: &str) -> QueryResult<Option<SectionRow>> {
    super::unique(
        sections::table
            .filter(sections::slug.eq(slug))
            .select(SectionRow::as_select())
            .load(conn),
    )
}

pub fn section_by_id(conn: &mut DbConnection, id: &str) -> QueryResult<Option<SectionRow>> {
    super::unique(
        sections::table
            .find(id)
            .select(SectionRow::as_select())
            .load(conn),
    )
}

pub fn sections_by_slugs(
    conn: &mut DbConnection,
    slugs: &[String],
) -> QueryResult<Vec<SectionRow>> {
    sections::table
        .filter(sections::slug.eq_any(slugs))
        .select(SectionRow::as_select())
        .load(conn)
}

pub fn sections_by_ids(conn: &mut DbConnection, ids: &[String]) -> QueryResult<Vec<SectionRow>> {
    sections::table
        .filter(super::one_of::one_of(conn, sections::id, ids))
        .select(SectionRow::as_select())
        .load(conn)
}

/// Published articles per section id, for sections that have any (of one, with `only`).
pub fn published_per_section(
    conn: &mut DbConnection,
    now: NaiveDateTime,
    only: Option<&str>,
) -> QueryResult<HashMap<String, i64>> {
    let listed = sections::table
        .filter(sections::listed_articles.gt(0))
        .filter(
            sections::id
                .eq(only.unwrap_or_default())
                .or(only.is_none().into_sql::<Bool>()),
        )
        .select((sections::id, sections::listed_articles))
        .load(conn)?;
    let later = articles::table
        .filter(listed_later(now))
        .filter(
            articles::section_id
                .eq(only.unwrap_or_default())
                .or(only.is_none().into_sql::<Bool>()),
        )
        .group_by(articles::section_id)
        .select((articles::section_id, count_star()))
        .load(conn)?;
    Ok(listed_less_later(listed, later))
}

/// The same count per tag and per author: the listed count of each, less its links'
/// articles not public yet.
macro_rules! published_per {
    ($name:ident, $what:literal, $table:ident, $links:ident, $key:ident) => {
        #[doc = concat!("Published articles per ", $what, " id, for those that have any (of one, with `only`).")]
        pub fn $name(
            conn: &mut DbConnection,
            now: NaiveDateTime,
            only: Option<&str>,
        ) -> QueryResult<HashMap<String, i64>> {
            let listed = $table::table
                .filter($table::listed_articles.gt(0))
                .filter(
                    $table::id
                        .eq(only.unwrap_or_default())
                        .or(only.is_none().into_sql::<Bool>()),
                )
                .select(($table::id, $table::listed_articles))
                .load(conn)?;
            let later = $links::table
                .inner_join(articles::table)
                .filter(listed_later(now))
                .filter(
                    $links::$key
                        .eq(only.unwrap_or_default())
                        .or(only.is_none().into_sql::<Bool>()),
                )
                .group_by($links::$key)
                .select(($links::$key, count_star()))
                .load(conn)?;
            Ok(listed_less_later(listed, later))
        }
    };
}
published_per!(published_per_tag, "tag", tags, article_tags, tag_id);
published_per!(
    published_per_author,
    "author",
    authors,
    article_authors,
    author_id
);

/// These tags, by name: `limit` of them from `offset`.
pub fn tags_by_ids(
    conn: &mut DbConnection,
    ids: &[String],
    limit: i64,
    offset: i64,
) -> QueryResult<Vec<TagRow>> {
    tags::table
        .filter(super::one_of::one_of(conn, tags::id, ids))
        .order_by((tags::name, tags::id))
        .limit(limit)
        .offset(offset)
        .select(TagRow::as_select())
        .load(conn)
}

/// These authors, by name: `limit` of them from `offset`.
pub fn authors_by_ids(
    conn: &mut DbConnection,
    ids: &[String],
    limit: i64,
    offset: i64,
) -> QueryResult<Vec<AuthorRow>> {
    authors::table
        .filter(authors::id.eq_any(ids))
        .order_by((authors::name, authors::id))
        .limit(limit)
        .offset(offset)
        .select(AuthorRow::as_select())
        .load(conn)
}

pub fn tag_by_slug(conn: &mut DbConnection, slug: &str) -> QueryResult<Option<TagRow>> {
    super::unique(
        tags::table
            .filter(tags::slug.eq(slug))
            .select(TagRow::as_select())
            .load(conn),
    )
}

pub fn author_by_slug(conn: &mut DbConnection, slug: &str) -> QueryResult<Option<AuthorRow>> {
    super::unique(
        authors::table
            .filter(authors::slug.eq(slug))
            .select(AuthorRow::as_select())
            .load(conn),
    )
}

/// Inserts a row another writer may be inserting at the same moment: in a savepoint,
/// so that losing the race on the unique slug leaves the surrounding transaction
/// usable (PostgreSQL aborts it otherwise); the caller then reads the winner's row.
fn insert_unless_taken<F>(conn: &mut DbConnection, insert: F) -> QueryResult<bool>
where
    F: FnOnce(&mut DbConnection) -> QueryResult<usize>,
{
    use diesel::result::{DatabaseErrorKind, Error};
    match conn.transaction(insert) {
        Ok(_) => Ok(true),
        Err(Error::DatabaseError(DatabaseErrorKind::UniqueViolation, _)) => Ok(false),
        Err(e) => Err(e),
    }
}

pub fn set_author_bio(conn: &mut DbConnection, id: &str, bio: Option<&str>) -> QueryResult<()> {
    diesel::update(authors::table.find(id))
        .set(authors::bio.eq(bio))
        .execute(conn)
        .map(drop)
}

/// An author profile's fields besides the name, as they now are.
#[derive(Debug, Clone, AsChangeset)]
#[diesel(table_name = authors, treat_none_as_null = true)]
pub struct ProfileChanges {
    pub bio: Option<String>,
    pub job_title: Option<String>,
    pub photo_id: Option<String>,
    pub links: String,
    pub language: Option<String>,
}

pub fn set_profile(conn: &mut DbConnection, id: &str, profile: &ProfileChanges) -> QueryResult<()> {
    diesel::update(authors::table.find(id))
        .set(profile)
        .execute(conn)
        .map(drop)
}

/// The slugs of the authors whose profile shows the image `media_id`.
pub fn authors_with_photo(conn: &mut DbConnection, media_id: &str) -> QueryResult<Vec<String>> {
    authors::table
        .filter(authors::photo_id.eq(media_id))
        .select(authors::slug)
        .order(authors::slug)
        .load(conn)
}

pub fn ensure_section(
    conn: &mut DbConnection,
    slug: &str,
    name: &str,
    now: NaiveDateTime,
) -> QueryResult<SectionRow> {
    if let Some(section) = section_by_slug(conn, slug)? {
        return Ok(section);
    }
    let row = SectionRow {
        id: uuid::Uuid::now_v7().to_string(),
        slug: slug.to_owned(),
        name: name.to_owned(),
        description: None,
        created_at: now,
    };
    if insert_unless_taken(conn, |c| {
        diesel::insert_into(sections::table).values(&row).execute(c)
    })? {
        return Ok(row);
    }
    section_by_slug(conn, slug)?.ok_or(diesel::result::Error::NotFound)
}

pub fn ensure_tag(
    conn: &mut DbConnection,
    slug: &str,
    name: &str,
    now: NaiveDateTime,
) -> QueryResult<TagRow> {
    if let Some(tag) = tag_by_slug(conn, slug)? {
        return Ok(tag);
    }
    let row = TagRow {
        id: uuid::Uuid::now_v7().to_string(),
        slug: slug.to_owned(),
        name: name.to_owned(),
        created_at: now,
    };
    if insert_unless_taken(conn, |c| {
        diesel::insert_into(tags::table).values(&row).execute(c)
    })? {
        return Ok(row);
    }
    tag_by_slug(conn, slug)?.ok_or(diesel::result::Error::NotFound)
}

pub fn ensure_author(
    conn: &mut DbConnection,
    slug: &str,
    name: &str,
    kind: &str,
    now: NaiveDateTime,
) -> QueryResult<AuthorRow> {
    if let Some(author) = author_by_slug(conn, slug)? {
        return Ok(author);
    }
    let row = AuthorRow {
        id: uuid::Uuid::now_v7().to_string(),
        slug: slug.to_owned(),
        name: name.to_owned(),
        kind: kind.to_owned(),
        bio: None,
        created_at: now,
        job_title: None,
        photo_id: None,
        links: "[]".to_owned(),
        language: None,
    };
    if insert_unless_taken(conn, |c| {
        diesel::insert_into(authors::table).values(&row).execute(c)
    })? {
        return Ok(row);
    }
    author_by_slug(conn, slug)?.ok_or(diesel::result::Error::NotFound)
}
