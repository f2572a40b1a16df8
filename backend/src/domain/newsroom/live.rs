//! A live blog's entries, written by whoever may see the article (its author, the
//! editors — an author keeps posting to their own live blog once it is published):
//! added while it is open, changed at the version the writer saw, removed; each in one
//! write transaction with its change-log entry, which is what readers' streams send.

use shared::live::{
    LiveEntry, LiveEntryInput, LiveEntryPage, LiveState, MAX_ENTRY_BLOCKS, MAX_ENTRY_TITLE,
    MAX_PINNED,
};
use shared::query::LiveEntriesQuery;
use shared::render::render_body;
use shared::{ArticleId, Block, LiveEntryId};

use super::access::{Actor, Expected, NewsroomError, invalid, visible_row};
use super::validation::{check_len, resolve_blocks};
use crate::db::changes::{self, ChangeKind};
use crate::db::live::{self as db, EntryRow};
use crate::db::models::ArticleRow;
use crate::db::{self as store, DbConnection};
use crate::domain::Desk;
use crate::domain::live::{LiveError, entries_page, entry_view, live_state};

impl From<LiveError> for NewsroomError {
    fn from(e: LiveError) -> Self {
        match e {
            LiveError::NotFound(message) => Self::Missing(message),
            LiveError::Invalid { field, message } => Self::Invalid { field, message },
            LiveError::Storage(e) => Self::Storage(e),
        }
    }
}

/// The article's live state, or a conflict when it is not a live blog.
fn live_blog(conn: &mut DbConnection, article: &ArticleRow) -> Result<LiveState, NewsroomError> {
    live_state(conn, article)?.ok_or_else(|| {
        NewsroomError::Conflict(
            "this article is not a live blog (set `live` to `open` to make it one)".into(),
        )
    })
}

/// The entry's title and blocks, checked: text blocks only, 1 to `MAX_ENTRY_BLOCKS`.
fn entry_content(input: &LiveEntryInput) -> Result<(Option<String>, Vec<Block>), NewsroomError> {
    let title = input
        .title
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty());
    if let Some(title) = title {
        check_len("title", title, 1, MAX_ENTRY_TITLE)?;
    }
    let body = resolve_blocks(&input.body, input.body_markdown.as_deref())?;
    let field = if input.body_markdown.is_some() {
        "body_markdown"
    } else {
        "body"
    };
    if body.len() > MAX_ENTRY_BLOCKS {
        return Err(invalid(
            field,
            format!(
                "an entry has 1 to {MAX_ENTRY_BLOCKS} blocks; it has {}",
                body.len()
            ),
        ));
    }
    if let Some(i) = body
        .iter()
        .position(|block| matches!(block, Block::Image(_) | Block::Gallery(_)))
    {
        let field = if input.body_markdown.is_some() {
            field.to_owned()
        } else {
            format!("body[{i}]")
        };
        return Err(invalid(
            field,
            "a live blog entry has text blocks only (paragraphs, sub-headings, quotes, lists)",
        ));
    }
    Ok((title.map(str::to_owned), body))
}

/// Pinning one more keeps the live blog within `MAX_PINNED`.
fn check_pins(
    conn: &mut DbConnection,
    article_id: &str,
    entry_id: &str,
) -> Result<(), NewsroomError> {
    let others = db::pinned(conn, article_id)?
        .into_iter()
        .filter(|row| row.id != entry_id)
        .count();
    if others >= MAX_PINNED {
        return Err(NewsroomError::Conflict(format!(
            "{MAX_PINNED} entries are pinned already: unpin one first"
        )));
    }
    Ok(())
}

fn fill(row: &mut EntryRow, input: &LiveEntryInput) -> Result<(), NewsroomError> {
    let (title, body) = entry_content(input)?;
    row.title = title;
    row.body_html = render_body(&body).html;
    row.body = serde_json::to_string(&body).map_err(anyhow::Error::from)?;
    row.key_event = input.key_event;
    row.pinned = input.pinned;
    Ok(())
}

fn missing(entry: LiveEntryId) -> NewsroomError {
    NewsroomError::Missing(format!("this live blog has no entry {entry}"))
}

/// Posts an entry to the open live blog `id`.
pub fn add_entry(
    conn: &mut DbConnection,
    desk: Desk,
    actor: &Actor,
    id: ArticleId,
    input: &LiveEntryInput,
) -> Result<LiveEntry, NewsroomError> {
    let now = desk.now();
    store::write_transaction(conn, |conn| {
        let article = visible_row(conn, actor, id)?;
        if live_blog(conn, &article)? == LiveState::Closed {
            return Err(NewsroomError::Conflict(
                "this live blog is closed: it takes no new entries".into(),
            ));
        }
        let mut row = EntryRow {
            id: uuid::Uuid::now_v7().to_string(),
            article_id: article.id.clone(),
            title: None,
            body: String::new(),
            body_html: String::new(),
            key_event: false,
            pinned: false,
            created_by: Some(actor.user_id.clone()),
            created_at: now,
            updated_at: now,
            version: 1,
        };
        fill(&mut row, input)?;
        if row.pinned {
            check_pins(conn, &article.id, &row.id)?;
        }
        db::insert(conn, &row)?;
        changes::record_entry(conn, &article, &row.id, ChangeKind::EntryAdded, now)?;
        Ok(entry_view(desk, &row)?)
    })
}

/// Changes the entry at the version the writer saw (`If-Match`); open or closed.
pub fn update_entry(
    conn: &mut DbConnection,
    desk: Desk,
    actor: &Actor,
    id: ArticleId,
    entry: LiveEntryId,
    expected: Expected,
    input: &LiveEntryInput,
) -> Result<LiveEntry, NewsroomError> {
    let now = desk.now();
    store::write_transaction(conn, |conn| {
        let article = visible_row(conn, actor, id)?;
        live_blog(conn, &article)?;
        let mut row =
            db::of_article(conn, &article.id, &entry.to_string())?.ok_or_else(|| missing(entry))?;
        let expected = expected.unwrap_or(row.version);
        if row.version != expected {
            return Err(NewsroomError::StaleEntry {
                expected,
                current: row.version,
            });
        }
        if !db::claim_version(conn, &row.id, expected)? {
            return Err(NewsroomError::StaleEntry {
                expected,
                current: expected + 1,
            });
        }
        fill(&mut row, input)?;
        if row.pinned {
            check_pins(conn, &article.id, &row.id)?;
        }
        row.version = expected + 1;
        row.updated_at = now;
        db::update(conn, &row)?;
        changes::record_entry(conn, &article, &row.id, ChangeKind::EntryUpdated, now)?;
        Ok(entry_view(desk, &row)?)
    })
}

/// Takes the entry off the live blog.
pub fn remove_entry(
    conn: &mut DbConnection,
    desk: Desk,
    actor: &Actor,
    id: ArticleId,
    entry: LiveEntryId,
) -> Result<(), NewsroomError> {
    let now = desk.now();
    store::write_transaction(conn, |conn| {
        let article = visible_row(conn, actor, id)?;
        live_blog(conn, &article)?;
        let row =
            db::of_article(conn, &article.id, &entry.to_string())?.ok_or_else(|| missing(entry))?;
        db::delete(conn, &row.id)?;
        changes::record_entry(conn, &article, &row.id, ChangeKind::EntryRemoved, now)?;
        Ok(())
    })
}

/// A page of the live blog's entries as staff see them (also before it is published).
pub fn staff_entries(
    conn: &mut DbConnection,
    desk: Desk,
    actor: &Actor,
    id: ArticleId,
    query: &LiveEntriesQuery,
) -> Result<LiveEntryPage, NewsroomError> {
    let head = changes::head(conn)?;
    let article = visible_row(conn, actor, id)?;
    let live = live_blog(conn, &article)?;
    Ok(entries_page(conn, desk, &article.id, live, query, head)?)
}
