//! An article's history: its revisions, one revision, the differences between two,
//! and bringing an old revision's content back.

use anyhow::Context as _;
use shared::Article;
use shared::ArticleId;
use shared::newsroom::RevisionAction;
use shared::newsroom::{ArticleInput, FieldChange, RevisionDetail, RevisionDiff, RevisionSummary};

use super::access::{Actor, Expected, NewsroomError, visible_row};
use super::write::{edit, load};
use crate::db::models::RevisionRow;
use crate::db::{DbConnection, articles};
use crate::domain::Desk;

pub fn revisions(
    conn: &mut DbConnection,
    desk: Desk,
    actor: &Actor,
    id: ArticleId,
) -> Result<Vec<RevisionSummary>, NewsroomError> {
    let row = visible_row(conn, actor, id)?;
    articles::revisions_of(conn, &row.id)?
        .into_iter()
        .map(|r| summary(desk, &r))
        .collect()
}

pub(super) fn summary(desk: Desk, r: &RevisionRow) -> Result<RevisionSummary, NewsroomError> {
    let action = RevisionAction::parse(&r.action).ok_or_else(|| {
        anyhow::anyhow!(
            "revision {} of article {} has action {:?}",
            r.version,
            r.article_id,
            r.action
        )
    })?;
    Ok(RevisionSummary {
        version: r.version,
        action,
        user_id: r.user_id.as_deref().and_then(|u| u.parse().ok()),
        created_at: desk.local(r.created_at),
    })
}

/// The revision and the article it keeps: its stored state, or for the newest revision
/// (none stored) the article as it is.
pub(super) fn stored_revision(
    conn: &mut DbConnection,
    desk: Desk,
    actor: &Actor,
    id: ArticleId,
    version: i64,
) -> Result<(RevisionRow, Article), NewsroomError> {
    let row = visible_row(conn, actor, id)?;
    let revision = articles::revision(conn, &row.id, version)?.ok_or(NewsroomError::NotFound)?;
    let article = match &revision.state {
        Some(state) => super::snapshots::unpack(state).context("reading a stored revision")?,
        None if revision.version == row.version => load(conn, desk, row)?,
        None => {
            return Err(anyhow::anyhow!(
                "revision {version} of article {id} is not the newest and has no state"
            )
            .into());
        }
    };
    Ok((revision, article))
}

pub fn revision(
    conn: &mut DbConnection,
    desk: Desk,
    actor: &Actor,
    id: ArticleId,
    version: i64,
) -> Result<RevisionDetail, NewsroomError> {
    let (revision, article) = stored_revision(conn, desk, actor, id, version)?;
    Ok(RevisionDetail {
        summary: summary(desk, &revision)?,
        article,
    })
}

/// The content fields of an article, as the input that would produce them.
pub(super) fn input_of(article: &Article) -> ArticleInput {
    ArticleInput {
        headline: article.headline.clone(),
        standfirst: article.standfirst.clone(),
        dateline: article.dateline.clone(),
        byline: article.byline.as_ref().map(|b| b.text.clone()),
        section: article.section.slug.clone(),
        tags: article.tags.iter().map(|t| t.name.clone()).collect(),
        language: article.language.clone(),
        body: article.body.clone(),
        body_markdown: None,
        featured_image: article.featured_image.clone(),
        urgency: Some(article.urgency),
        breaking_until: article.breaking_until,
        live: article.live,
    }
}

/// Field-by-field differences of the content between two revisions.
pub fn diff(
    conn: &mut DbConnection,
    desk: Desk,
    actor: &Actor,
    id: ArticleId,
    from: i64,
    to: i64,
) -> Result<RevisionDiff, NewsroomError> {
    let (_, before) = stored_revision(conn, desk, actor, id, from)?;
    let (_, after) = stored_revision(conn, desk, actor, id, to)?;
    let as_map = |article: &Article| -> anyhow::Result<serde_json::Map<String, serde_json::Value>> {
        match serde_json::to_value(input_of(article))? {
            serde_json::Value::Object(map) => Ok(map),
            _ => anyhow::bail!("an article input is an object"),
        }
    };
    let (before, after) = (as_map(&before)?, as_map(&after)?);
    let mut changes = Vec::new();
    for (field, old) in &before {
        let new = &after[field];
        if old == new {
            continue;
        }
        if let (Some(old_blocks), Some(new_blocks)) = (old.as_array(), new.as_array())
            && field == "body"
        {
            for i in 0..old_blocks.len().max(new_blocks.len()) {
                let (a, b) = (old_blocks.get(i), new_blocks.get(i));
                if a != b {
                    changes.push(FieldChange {
                        field: format!("body[{i}]"),
                        before: a.cloned(),
                        after: b.cloned(),
                    });
                }
            }
            continue;
        }
        changes.push(FieldChange {
            field: field.clone(),
            before: Some(old.clone()),
            after: Some(new.clone()),
        });
    }
    Ok(RevisionDiff {
        from_version: from,
        to_version: to,
        changes,
    })
}

/// Makes an old revision's content current again, as a new change (and revision).
/// The article's state (draft, published, …) is not touched.
pub fn restore_revision(
    conn: &mut DbConnection,
    desk: Desk,
    actor: &Actor,
    id: ArticleId,
    expected: Expected,
    version: i64,
) -> Result<Article, NewsroomError> {
    let (_, old) = stored_revision(conn, desk, actor, id, version)?;
    edit(
        conn,
        desk,
        actor,
        id,
        expected,
        RevisionAction::RestoreRevision,
        &input_of(&old),
    )
}
