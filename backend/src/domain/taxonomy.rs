//! Sections, tags and authors with their published-article counts.
//! Tags and authors are listed once they have a published article, so nothing
//! about unpublished work leaks through them.

use std::collections::HashMap;

use shared::{Author, AuthorKind, Section, Tag};

use super::Desk;
use crate::db::models::{AuthorRow, SectionRow, TagRow};
use crate::db::{DbConnection, taxonomy as queries};
use chrono::NaiveDateTime;

pub use super::Slice;

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

/// Authors as the public sees them, their photos placed (one read for all).
pub fn shown_authors(
    conn: &mut DbConnection,
    desk: Desk,
    rows: Vec<AuthorRow>,
    counts: &HashMap<String, i64>,
) -> anyhow::Result<Vec<Author>> {
    let photos: Vec<String> = rows.iter().filter_map(|r| r.photo_id.clone()).collect();
    let images = super::media::views(conn, desk, &photos)?;
    Ok(rows
        .into_iter()
        .map(|row| {
            let photo = row
                .photo_id
                .as_ref()
                .and_then(|id| images.get(id))
                .map(|image| Box::new(image.placed(Some(&row.name), None, None)));
            Author {
                article_count: count(counts, &row.id),
                kind: AuthorKind::parse(&row.kind).unwrap_or(AuthorKind::Person),
                links: profile_links(&row.links),
                slug: row.slug,
                name: row.name,
                bio: row.bio,
                job_title: row.job_title,
                photo,
                language: row.language,
            }
        })
        .collect())
}

/// An author's links as stored (written only by `newsroom::authors`, checked there).
pub fn profile_links(stored: &str) -> Vec<shared::ProfileLink> {
    serde_json::from_str(stored).unwrap_or_default()
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
        total: shared::Total::exact(ids.len() as u64),
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
    desk: Desk,
    offset: usize,
    limit: usize,
) -> anyhow::Result<Slice<Author>> {
    let counts = queries::published_per_author(conn, desk.now(), None)?;
    let ids: Vec<String> = counts.keys().cloned().collect();
    let rows = queries::authors_by_ids(conn, &ids, to_i64(limit), to_i64(offset))?;
    Ok(Slice {
        items: shown_authors(conn, desk, rows, &counts)?,
        total: shared::Total::exact(ids.len() as u64),
    })
}

/// The author `slug`, while a published article's byline names them.
pub fn author_by_slug(
    conn: &mut DbConnection,
    desk: Desk,
    slug: &str,
) -> anyhow::Result<Option<Author>> {
    let Some(row) = queries::author_by_slug(conn, slug)? else {
        return Ok(None);
    };
    let counts = queries::published_per_author(conn, desk.now(), Some(&row.id))?;
    if !counts.contains_key(&row.id) {
        return Ok(None);
    }
    Ok(shown_authors(conn, desk, vec![row], &counts)?.pop())
}
