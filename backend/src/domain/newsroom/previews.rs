//! Draft preview links: made, listed and revoked by whoever may read the article (its
//! author, the editors); opened by anyone who has the link until it expires or is
//! revoked. Only the token's hash is kept.

use chrono::NaiveDateTime;
use shared::previews::{
    DEFAULT_PREVIEW_HOURS, MAX_PREVIEW_HOURS, NewPreview, PreviewLink, PreviewList, PreviewState,
    is_token,
};
use shared::{Article, ArticleId, PreviewId};

use super::access::{Actor, NewsroomError, invalid, visible_row};
use super::write::load;
use crate::db::previews::{self as db, PreviewRow};
use crate::db::{DbConnection, articles};
use crate::domain::Desk;
use crate::domain::accounts::{random_token, token_hash};

fn state(row: &PreviewRow, now: NaiveDateTime) -> PreviewState {
    if row.revoked_at.is_some() {
        PreviewState::Revoked
    } else if row.expires_at <= now {
        PreviewState::Expired
    } else {
        PreviewState::Active
    }
}

fn view(
    desk: Desk,
    row: &PreviewRow,
    by: Option<String>,
    path: Option<String>,
) -> Result<PreviewLink, NewsroomError> {
    Ok(PreviewLink {
        id: row
            .id
            .parse()
            .map_err(|_| anyhow::anyhow!("preview link {} has no UUID", row.id))?,
        path,
        state: state(row, desk.now()),
        created_by: by,
        created_at: desk.local(row.created_at),
        expires_at: desk.local(row.expires_at),
        revoked_at: row.revoked_at.map(|t| desk.local(t)),
    })
}

/// A new link to the article, lasting `hours` (1 to 168; 48 by default). The answer
/// is the only place its address is ever shown.
pub fn create_preview(
    conn: &mut DbConnection,
    desk: Desk,
    actor: &Actor,
    id: ArticleId,
    new: &NewPreview,
) -> Result<PreviewLink, NewsroomError> {
    let hours = new.hours.unwrap_or(DEFAULT_PREVIEW_HOURS);
    if !(1..=MAX_PREVIEW_HOURS).contains(&hours) {
        return Err(invalid(
            "hours",
            format!("`hours` must be 1 to {MAX_PREVIEW_HOURS}; it is {hours}"),
        ));
    }
    let article = visible_row(conn, actor, id)?;
    let now = desk.now();
    let token = random_token();
    let row = PreviewRow {
        id: uuid::Uuid::now_v7().to_string(),
        article_id: article.id,
        token_hash: token_hash(&token),
        created_by: Some(actor.user_id.clone()),
        created_at: now,
        expires_at: now + chrono::Duration::hours(i64::from(hours)),
        revoked_at: None,
    };
    db::insert(conn, &row)?;
    let by = crate::db::users::user_by_id(conn, &actor.user_id)?.map(|user| user.display_name);
    view(desk, &row, by, Some(shared::urls::preview(&token)))
}

/// The article's links, newest first (without their addresses).
pub fn previews(
    conn: &mut DbConnection,
    desk: Desk,
    actor: &Actor,
    id: ArticleId,
) -> Result<PreviewList, NewsroomError> {
    let article = visible_row(conn, actor, id)?;
    let data = db::of_article(conn, &article.id)?
        .into_iter()
        .map(|(row, by)| view(desk, &row, by, None))
        .collect::<Result<_, _>>()?;
    Ok(PreviewList { data })
}

/// Ends the link at once.
pub fn revoke_preview(
    conn: &mut DbConnection,
    desk: Desk,
    actor: &Actor,
    id: ArticleId,
    preview: PreviewId,
) -> Result<(), NewsroomError> {
    let article = visible_row(conn, actor, id)?;
    if db::revoke(conn, &article.id, &preview.to_string(), desk.now())? {
        Ok(())
    } else {
        Err(NewsroomError::Missing(format!(
            "the article has no preview link {preview}"
        )))
    }
}

/// What a preview link shows.
#[derive(Debug)]
pub enum Opened {
    /// The article as readers would see it, not yet public.
    Draft(Box<Article>),
    /// The article is public now: its own address is where to go.
    Public { slug: String },
}

/// Opens the link with `token`: unknown → `Missing`, expired or revoked (or its
/// article deleted) → `Gone`.
pub fn open_preview(
    conn: &mut DbConnection,
    desk: Desk,
    token: &str,
) -> Result<Opened, NewsroomError> {
    let none = || NewsroomError::Missing("no preview link has this address".into());
    if !is_token(token) {
        return Err(none());
    }
    let link = db::by_hash(conn, &token_hash(token))?.ok_or_else(none)?;
    let now = desk.now();
    match state(&link, now) {
        PreviewState::Revoked => {
            return Err(NewsroomError::Gone("this preview link was revoked".into()));
        }
        PreviewState::Expired => {
            return Err(NewsroomError::Gone("this preview link has expired".into()));
        }
        PreviewState::Active => {}
    }
    let row = articles::by_id_any(conn, &link.article_id)?.ok_or_else(|| {
        NewsroomError::Gone("the article of this preview link was deleted".into())
    })?;
    if row.is_public_at(now) {
        return Ok(Opened::Public { slug: row.slug });
    }
    let mut article = load(conn, desk, row)?;
    // What only staff see.
    article.review_requested_at = None;
    Ok(Opened::Draft(Box::new(article)))
}
