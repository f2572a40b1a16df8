//! Sections, tags and authors with their published-article counts.
//! Tags and authors are listed once they have a published article, so nothing
//! about unpublished work leaks through them.

use std::collections::HashMap;

use shared::{Author, AuthorKind, Section, Tag};

use crate::db::models::{AuthorRow, SectionRow, TagRow};
use crate::db::{DbConnection, taxonomy as queries};
use chrono::NaiveDateTime;

/// A window on a list: items `offset..offset + limit` and how many there are in all.
#[derive(Debug)]
pub struct Slice<T> {
    pub items: Vec<T>,
    pub total: u64,
}

fn count(counts: &HashMap<String, i64>, id: &str) -> u64 {
    counts
        .get(id)
        .map_or(0, |n| u64::try_from(*n).unwrap_or_default())
}

fn section(row: SectionRow, counts: &HashMap<String, i64>) -> Section {
    Section {
        article_count: count(counts, &row.id),
        slug: row.slug,
        name: row.name,
        description: row.description,
    }
}

fn tag(row: TagRow, counts: &HashMap<String, i64>) -> Tag {
    Tag {
        article_count: count(counts, &row.id),
        slug: row.slug,
        name: row.name,
    }
}

fn author(row: AuthorRow, counts: &HashMap<String, i64>) -> Author {
    Author {
        article_count: count(counts, &row.id),
        kind: AuthorKind::parse(&row.kind).unwrap_or(AuthorKind::Person),
        slug: row.slug,
        name: row.name,
        bio: row.bio,
    }
}

pub fn sections(conn: &mut DbConnection, now: NaiveDateTime) -> anyhow::Result<Vec<Section>> {
    let counts = queries::published_per_section(conn, now, None)?;
    Ok(queries::sections(conn)?
        .into_iter()
        .map(|row| section(row, &counts))
        .collect())
}

pub fn section_by_slug(
    conn: &mut DbConnection,
    now: NaiveDateTime,
    slug: &str,
) -> anyhow::Result<Option<Section>> {
    let Some(row) = queries::section_by_slug(conn, slug)? else {
        return Ok(None);
    };
    let counts = queries::published_per_section(conn, now, Some(&row.id))?;
    Ok(Some(section(row, &counts)))
}

fn to_i64(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

pub fn tags(
    conn: &mut DbConnection,
    now: NaiveDateTime,
    offset: usize,
    limit: usize,
) -> anyhow::Result<Slice<Tag>> {
    let counts = queries::published_per_tag(conn, now, None)?;
    let ids: Vec<String> = counts.keys().cloned().collect();
    let rows = queries::tags_by_ids(conn, &ids, to_i64(limit), to_i64(offset))?;
    Ok(Slice {
        items: rows.into_iter().map(|row| tag(row, &counts)).collect(),
        total: ids.len() as u64,
    })
}

pub fn tag_by_slug(
    conn: &mut DbConnection,
    now: NaiveDateTime,
    slug: &str,
) -> anyhow::Result<Option<Tag>> {
    let Some(row) = queries::tag_by_slug(conn, slug)? else {
        return Ok(None);
    };
    let counts = queries::published_per_tag(conn, now, Some(&row.id))?;
    Ok(counts.contains_key(&row.id).then(|| tag(row, &counts)))
}

pub fn authors(
    conn: &mut DbConnection,
    now: NaiveDateTime,
    offset: usize,
    limit: usize,
) -> anyhow::Result<Slice<Author>> {
    let counts = queries::published_per_author(conn, now, None)?;
    let ids: Vec<String> = counts.keys().cloned().collect();
    let rows = queries::authors_by_ids(conn, &ids, to_i64(limit), to_i64(offset))?;
    Ok(Slice {
        items: rows.into_iter().map(|row| author(row, &counts)).collect(),
        total: ids.len() as u64,
    })
}

pub fn author_by_slug(
    conn: &mut DbConnection,
    now: NaiveDateTime,
    slug: &str,
) -> anyhow::Result<Option<Author>> {
    let Some(row) = queries::author_by_slug(conn, slug)? else {
        return Ok(None);
    };
    let counts = queries::published_per_author(conn, now, Some(&row.id))?;
    Ok(counts.contains_key(&row.id).then(|| author(row, &counts)))
}
