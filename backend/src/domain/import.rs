//! Stores parsed filed copy as articles. Idempotent: a file is known by its source
//! key (its file name), so importing it again updates that article or leaves it alone.

use anyhow::Context as _;
use diesel::Connection as _;
use shared::render::render_body;
use shared::slug::slugify;
use shared::{ArticleStatus, AuthorKind};

use super::Desk;
use super::filed_copy::{FiledCopy, ParseError, parse_filed_copy};
use crate::db::models::ArticleRow;
use crate::db::{DbConnection, articles, taxonomy};

/// How imported copy is filed.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    /// Section slug; the section is created when missing.
    pub section: String,
    /// BCP 47 language tag of the copy.
    pub language: String,
    /// `published` makes the copy public at its date line; `draft` keeps it for editing.
    pub status: ArticleStatus,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Created,
    Updated,
    Unchanged,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Imported {
    pub outcome: Outcome,
    pub slug: String,
}

/// Why one file was not imported.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("{0}")]
    Format(#[from] ParseError),
    #[error(transparent)]
    Storage(#[from] anyhow::Error),
}

/// Section names for the desk's standard sections; others are title-cased from the slug.
fn section_name(slug: &str) -> String {
    match slug {
        "internasional" => "Internasional".to_owned(),
        "nasional" => "Nasional".to_owned(),
        "ekonomi" => "Ekonomi".to_owned(),
        "opini" => "Opini".to_owned(),
        other => other
            .split('-')
            .map(|w| {
                let mut chars = w.chars();
                chars.next().map_or_else(String::new, |c| {
                    c.to_uppercase().chain(chars).collect::<String>()
                })
            })
            .collect::<Vec<_>>()
            .join(" "),
    }
}

/// `Ani dan Budi` / `Ani, Budi & Citra` → the names. A name with a word such as
/// `Redaksi`, `Tim` or `Desk` in it is a desk.
pub fn byline_authors(byline: &str) -> Vec<(String, AuthorKind)> {
    let is_desk = |name: &str| {
        name.split_whitespace().any(|word| {
            ["redaksi", "tim", "desk", "newsroom", "staff", "team"]
                .contains(&word.to_lowercase().as_str())
        })
    };
    let mut names = vec![byline.to_owned()];
    for separator in [",", " dan ", " and ", " & "] {
        names = names
            .iter()
            .flat_map(|n| n.split(separator))
            .map(|n| n.trim().to_owned())
            .filter(|n| !n.is_empty())
            .collect();
    }
    names
        .into_iter()
        .map(|name| {
            let kind = if is_desk(&name) {
                AuthorKind::Desk
            } else {
                AuthorKind::Person
            };
            (name, kind)
        })
        .collect()
}

/// Parses and stores one file's text in one transaction: nothing of it is written
/// unless all of it is.
pub fn import_text(
    conn: &mut DbConnection,
    desk: Desk,
    source_key: &str,
    text: &str,
    options: &ImportOptions,
) -> Result<Imported, ImportError> {
    let copy = parse_filed_copy(text)?;
    let imported = conn
        .transaction(|conn| store(conn, desk, source_key, &copy, options))
        .with_context(|| format!("storing {source_key}"))?;
    Ok(imported)
}

fn store(
    conn: &mut DbConnection,
    desk: Desk,
    source_key: &str,
    copy: &FiledCopy,
    options: &ImportOptions,
) -> anyhow::Result<Imported> {
    let now = desk.now();
    let section =
        taxonomy::ensure_section(conn, &options.section, &section_name(&options.section), now)?;
    let mut author_ids = Vec::new();
    for (name, kind) in copy
        .byline
        .as_deref()
        .map(byline_authors)
        .unwrap_or_default()
    {
        let author = taxonomy::ensure_author(conn, &slugify(&name), &name, kind.as_str(), now)?;
        if !author_ids.contains(&author.id) {
            author_ids.push(author.id);
        }
    }
    let mut tag_ids = Vec::new();
    for name in &copy.tags {
        let slug = slugify(name);
        if slug.is_empty() {
            continue;
        }
        let tag = taxonomy::ensure_tag(conn, &slug, name, now)?;
        if !tag_ids.contains(&tag.id) {
            tag_ids.push(tag.id);
        }
    }

    let existing = articles::by_source_key(conn, source_key)?;
    let rendered = render_body(&copy.body);
    let published_at = desk.start_of_day(copy.date);
    let public = options.status == ArticleStatus::Published;
    let mut row = ArticleRow {
        id: uuid::Uuid::now_v7().to_string(),
        slug: String::new(),
        source_key: Some(source_key.to_owned()),
        language: options.language.clone(),
        headline: copy.headline.clone(),
        headline_derived: copy.headline_derived,
        standfirst: None,
        dateline_text: copy.dateline.as_ref().map(|d| d.text.clone()),
        dateline_city: copy.dateline.as_ref().map(|d| d.place.city.clone()),
        dateline_country: copy.dateline.as_ref().and_then(|d| d.place.country.clone()),
        byline: copy.byline.clone(),
        section_id: section.id,
        body: serde_json::to_string(&copy.body).context("serialising the body")?,
        body_html: rendered.html,
        body_text: rendered.text,
        word_count: i32::try_from(rendered.word_count).unwrap_or(i32::MAX),
        reading_time_minutes: i32::try_from(rendered.reading_time_minutes).unwrap_or(i32::MAX),
        status: options.status.as_str().to_owned(),
        first_published_at: public.then_some(published_at),
        published_at: public.then_some(published_at),
        created_at: now,
        updated_at: now,
        version: 1,
        created_by: None,
        deleted_at: None,
    };

    let Some(existing) = existing else {
        row.slug = free_slug(conn, &slugify(&copy.headline), &row.id)?;
        articles::insert(conn, &row)?;
        articles::set_authors_and_tags(conn, &row.id, &author_ids, &tag_ids)?;
        return Ok(Imported {
            outcome: Outcome::Created,
            slug: row.slug,
        });
    };

    // What the file does not decide stays as it was.
    row.id.clone_from(&existing.id);
    row.created_at = existing.created_at;
    row.created_by.clone_from(&existing.created_by);
    row.deleted_at = existing.deleted_at;
    row.standfirst.clone_from(&existing.standfirst);
    row.first_published_at = existing.first_published_at.or(row.first_published_at);
    // A published slug is a public URL: it stays. A draft's slug follows its headline.
    row.slug = if existing.first_published_at.is_some() {
        existing.slug.clone()
    } else {
        free_slug(conn, &slugify(&copy.headline), &row.id)?
    };
    row.version = existing.version;
    row.updated_at = existing.updated_at;
    let current_authors: Vec<String> = articles::authors_of(conn, std::slice::from_ref(&row.id))?
        .into_iter()
        .map(|(_, a)| a.id)
        .collect();
    let current_tags: Vec<String> = articles::tags_of(conn, std::slice::from_ref(&row.id))?
        .into_iter()
        .map(|(_, t)| t.id)
        .collect();
    if row == existing && current_authors == author_ids && current_tags == tag_ids {
        return Ok(Imported {
            outcome: Outcome::Unchanged,
            slug: row.slug,
        });
    }
    row.version = existing.version + 1;
    row.updated_at = now;
    articles::update(conn, &row)?;
    articles::set_authors_and_tags(conn, &row.id, &author_ids, &tag_ids)?;
    Ok(Imported {
        outcome: Outcome::Updated,
        slug: row.slug,
    })
}

/// `base`, or `base-2`, `base-3`, … whichever no other article has.
fn free_slug(conn: &mut DbConnection, base: &str, article_id: &str) -> anyhow::Result<String> {
    let base = if base.is_empty() { "artikel" } else { base };
    let mut candidate = base.to_owned();
    let mut n = 1;
    while articles::slug_taken(conn, &candidate, article_id)? {
        n += 1;
        candidate = format!("{base}-{n}");
    }
    Ok(candidate)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bylines_name_desks_and_people() {
        assert_eq!(
            byline_authors("Redaksi Global Insight"),
            vec![("Redaksi Global Insight".to_owned(), AuthorKind::Desk)]
        );
        assert_eq!(
            byline_authors("Global Insight Desk"),
            vec![("Global Insight Desk".to_owned(), AuthorKind::Desk)]
        );
        assert_eq!(
            byline_authors("Global Insight Desk"),
            vec![("Global Insight Desk".to_owned(), AuthorKind::Desk)]
        );
        assert_eq!(
            byline_authors("Ani Lestari, Budi dan Citra & Dewi"),
            ["Ani Lestari", "Budi", "Citra", "Dewi"]
                .map(|n| (n.to_owned(), AuthorKind::Person))
                .to_vec()
        );
    }

    #[test]
    fn section_names() {
        assert_eq!(section_name("internasional"), "Internasional");
        assert_eq!(section_name("sains-teknologi"), "Sains Teknologi");
    }
}
