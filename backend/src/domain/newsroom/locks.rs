//! Soft edit locks: opening an article in the editor takes its lock, the editor's
//! heartbeat renews it, closing releases it, and without a heartbeat it ends after
//! `LOCK_SECONDS`. Someone else who opens the article is told who has it and may take
//! it over; the holder learns it on their next heartbeat. Saving is never refused by a
//! lock: the If-Match check stays the last line of defence.

use shared::ArticleId;
use shared::newsroom::{EditLock, LOCK_SECONDS, LockState};

use super::access::{Actor, NewsroomError, visible_row};
use crate::db::locks::{self as db, LockRow};
use crate::db::{DbConnection, private_write_transaction};
use crate::domain::Desk;

fn view(
    desk: Desk,
    actor: &Actor,
    row: &LockRow,
    holder: String,
) -> Result<EditLock, NewsroomError> {
    Ok(EditLock {
        holder_id: row
            .user_id
            .parse()
            .map_err(|_| anyhow::anyhow!("lock holder {} is no UUID", row.user_id))?,
        holder,
        since: desk.local(row.acquired_at),
        expires_at: desk.local(row.expires_at),
        mine: row.user_id == actor.user_id,
    })
}

/// Takes or renews the lock; held by someone else (and not expired) it is taken only
/// with `take_over`, else 409 naming the holder.
pub fn take_lock(
    conn: &mut DbConnection,
    desk: Desk,
    actor: &Actor,
    id: ArticleId,
    take_over: bool,
) -> Result<EditLock, NewsroomError> {
    let article = visible_row(conn, actor, id)?;
    let now = desk.now();
    private_write_transaction(conn, |conn| {
        let current = db::of_article(conn, &article.id)?;
        let held = current.as_ref().filter(|(row, _)| row.expires_at > now);
        let acquired_at = match held {
            Some((row, _)) if row.user_id == actor.user_id => row.acquired_at,
            Some((row, holder)) if !take_over => {
                return Err(NewsroomError::Conflict(format!(
                    "{holder} has had this article open in the editor since {}; \
                     send `take_over: true` to take it over",
                    desk.local(row.acquired_at).format("%H:%M")
                )));
            }
            _ => now,
        };
        let row = LockRow {
            article_id: article.id.clone(),
            user_id: actor.user_id.clone(),
            acquired_at,
            expires_at: now + chrono::Duration::seconds(LOCK_SECONDS),
        };
        db::put(conn, &row)?;
        let holder = crate::db::users::user_by_id(conn, &actor.user_id)?
            .map(|user| user.display_name)
            .unwrap_or_default();
        view(desk, actor, &row, holder)
    })
}

/// Who holds the article's lock now, if anyone.
pub fn lock_state(
    conn: &mut DbConnection,
    desk: Desk,
    actor: &Actor,
    id: ArticleId,
) -> Result<LockState, NewsroomError> {
    let article = visible_row(conn, actor, id)?;
    let now = desk.now();
    let lock = match db::of_article(conn, &article.id)? {
        Some((row, holder)) if row.expires_at > now => Some(view(desk, actor, &row, holder)?),
        _ => None,
    };
    Ok(LockState { lock })
}

/// Releases the lock if the actor holds it (closing the editor).
pub fn release_lock(
    conn: &mut DbConnection,
    actor: &Actor,
    id: ArticleId,
) -> Result<(), NewsroomError> {
    let article = visible_row(conn, actor, id)?;
    private_write_transaction(conn, |conn| {
        db::release(conn, &article.id, &actor.user_id)?;
        Ok(())
    })
}
