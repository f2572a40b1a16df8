//! Moving an article through its life: publish, schedule, unpublish, submit for
//! review, correct, delete to the bin and restore — each one `change`.

use chrono::NaiveDateTime;
use shared::ArticleId;
use shared::newsroom::RevisionAction;
use shared::{Article, ArticleStatus};

use super::access::{Actor, Expected, NewsroomError, editors_only, invalid};
use super::validation::{MAX_CORRECTION, check_len};
use super::write::{change, check_images, is_live};
use crate::db::{DbConnection, articles};
use crate::domain::Desk;

pub fn publish(
    conn: &mut DbConnection,
    desk: Desk,
    actor: &Actor,
    id: ArticleId,
    expected: Expected,
) -> Result<Article, NewsroomError> {
    editors_only(actor, "publish")?;
    change(
        conn,
        desk,
        actor,
        id,
        expected,
        RevisionAction::Publish,
        |conn, row, now| {
            if row.status()? == ArticleStatus::Published {
                return Err(NewsroomError::Conflict(
                    "the article is already published".into(),
                ));
            }
            check_images(conn, row)?;
            row.set_status(ArticleStatus::Published);
            row.review_requested_at = None;
            row.published_at = Some(now);
            row.first_published_at = row.first_published_at.filter(|t| *t <= now).or(Some(now));
            Ok(())
        },
    )
}

pub fn schedule(
    conn: &mut DbConnection,
    desk: Desk,
    actor: &Actor,
    id: ArticleId,
    expected: Expected,
    at: NaiveDateTime,
) -> Result<Article, NewsroomError> {
    editors_only(actor, "schedule")?;
    // Times are kept to the microsecond, as PostgreSQL keeps them (SQLite would keep a
    // request's nanoseconds, and the article would fall due a moment later there).
    let at =
        chrono::Timelike::with_nanosecond(&at, chrono::Timelike::nanosecond(&at) / 1_000 * 1_000)
            .unwrap_or(at);
    change(
        conn,
        desk,
        actor,
        id,
        expected,
        RevisionAction::Schedule,
        |conn, row, now| {
            if at <= now {
                return Err(invalid(
                    "published_at",
                    "`published_at` must be in the future; to publish now, use publish",
                ));
            }
            if at > now + chrono::Duration::days(shared::newsroom::MAX_SCHEDULE_DAYS) {
                return Err(invalid(
                    "published_at",
                    format!(
                        "`published_at` may be at most {} days ahead",
                        shared::newsroom::MAX_SCHEDULE_DAYS
                    ),
                ));
            }
            if is_live(row, now) && row.status()? == ArticleStatus::Published {
                return Err(NewsroomError::Conflict(
                    "the article is public; unpublish it before scheduling it again".into(),
                ));
            }
            check_images(conn, row)?;
            row.set_status(ArticleStatus::Scheduled);
            row.published_at = Some(at);
            if !is_live(row, now) {
                row.first_published_at = Some(at);
            }
            Ok(())
        },
    )
}

pub fn unpublish(
    conn: &mut DbConnection,
    desk: Desk,
    actor: &Actor,
    id: ArticleId,
    expected: Expected,
) -> Result<Article, NewsroomError> {
    editors_only(actor, "unpublish")?;
    change(
        conn,
        desk,
        actor,
        id,
        expected,
        RevisionAction::Unpublish,
        |_, row, now| {
            let public_or_due = row.status()? == ArticleStatus::Published
                || row.status()? == ArticleStatus::Scheduled;
            if !public_or_due {
                return Err(NewsroomError::Conflict(
                    "the article is neither published nor scheduled".into(),
                ));
            }
            row.set_status(ArticleStatus::Unpublished);
            // A schedule that never came to pass leaves no first publication behind.
            if !is_live(row, now) {
                row.first_published_at = None;
            }
            Ok(())
        },
    )
}

/// An author hands a draft to the editors; the draft stays editable.
pub fn submit(
    conn: &mut DbConnection,
    desk: Desk,
    actor: &Actor,
    id: ArticleId,
    expected: Expected,
) -> Result<Article, NewsroomError> {
    change(
        conn,
        desk,
        actor,
        id,
        expected,
        RevisionAction::Submit,
        |_, row, now| {
            if row.status()? != ArticleStatus::Draft {
                return Err(NewsroomError::Conflict(
                    "only a draft can be submitted for review".into(),
                ));
            }
            if row.review_requested_at.is_some() {
                return Err(NewsroomError::Conflict(
                    "the draft is already waiting for review".into(),
                ));
            }
            row.review_requested_at = Some(now);
            Ok(())
        },
    )
}

/// Attaches a public correction to a live article (editors), as a change with its revision.
pub fn correct(
    conn: &mut DbConnection,
    desk: Desk,
    actor: &Actor,
    id: ArticleId,
    expected: Expected,
    text: &str,
) -> Result<Article, NewsroomError> {
    editors_only(actor, "attach corrections")?;
    check_len("text", text, 1, MAX_CORRECTION)?;
    let user_id = actor.user_id.clone();
    change(
        conn,
        desk,
        actor,
        id,
        expected,
        RevisionAction::Correct,
        |conn, row, now| {
            let live = is_live(row, now)
                && (row.status()? == ArticleStatus::Published
                    || row.status()? == ArticleStatus::Scheduled);
            if !live {
                return Err(NewsroomError::Conflict(
                    "corrections are for published articles; edit a draft instead".into(),
                ));
            }
            articles::insert_correction(
                conn,
                &crate::db::models::CorrectionRow {
                    id: uuid::Uuid::now_v7().to_string(),
                    article_id: row.id.clone(),
                    text: text.trim().to_owned(),
                    user_id: Some(user_id),
                    published_at: now,
                },
            )?;
            Ok(())
        },
    )
}

/// Moves an article to the bin: gone from every list and from the public at once,
/// kept with its revisions for `restore`. Editors delete anything, authors their drafts.
pub fn delete(
    conn: &mut DbConnection,
    desk: Desk,
    actor: &Actor,
    id: ArticleId,
    expected: Expected,
) -> Result<Article, NewsroomError> {
    let editor = actor.is_editor();
    change(
        conn,
        desk,
        actor,
        id,
        expected,
        RevisionAction::Delete,
        |_, row, now| {
            if !editor && row.status()? != ArticleStatus::Draft {
                return Err(NewsroomError::Forbidden(
                    "authors delete drafts only".into(),
                ));
            }
            row.deleted_at = Some(now);
            Ok(())
        },
    )
}

/// Brings a deleted article back as it was.
pub fn restore(
    conn: &mut DbConnection,
    desk: Desk,
    actor: &Actor,
    id: ArticleId,
    expected: Expected,
) -> Result<Article, NewsroomError> {
    let editor = actor.is_editor();
    change(
        conn,
        desk,
        actor,
        id,
        expected,
        RevisionAction::Restore,
        |_, row, _| {
            if row.deleted_at.is_none() {
                return Err(NewsroomError::Conflict("the article is not deleted".into()));
            }
            // Restoring a published article would publish it again: editors' work.
            if !editor && row.status()? != ArticleStatus::Draft {
                return Err(NewsroomError::Forbidden(
                    "authors restore drafts only".into(),
                ));
            }
            row.deleted_at = None;
            Ok(())
        },
    )
}
