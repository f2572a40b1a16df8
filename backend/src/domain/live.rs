//! Live blogs as the public reads them: pages of a live blog's entries, and the events
//! its stream sends — read from the change log, which records every entry added,
//! changed or removed while the live blog is public, in commit order. Its sequence
//! numbers are the events' ids, so a stream resumes (`Last-Event-ID`) exactly where
//! it stopped, on any instance.

use std::collections::HashMap;

use anyhow::Context as _;
use shared::live::{
    LiveArticleEvent, LiveEntry, LiveEntryPage, LiveState, MAX_REPLAY, RemovedEntry,
};
use shared::query::LiveEntriesQuery;
use shared::{Block, LiveEntryId};

use super::Desk;
use crate::db::changes::{self, ChangeRow};
use crate::db::live::{self as db, EntryFilter, EntryRow};
use crate::db::models::ArticleRow;
use crate::db::{DbConnection, articles};

#[derive(Debug, thiserror::Error)]
pub enum LiveError {
    #[error("{0}")]
    NotFound(String),
    #[error("{message}")]
    Invalid { field: String, message: String },
    #[error(transparent)]
    Storage(#[from] anyhow::Error),
}

impl From<diesel::result::Error> for LiveError {
    fn from(e: diesel::result::Error) -> Self {
        Self::Storage(e.into())
    }
}

fn not_a_live_blog(slug: &str) -> LiveError {
    LiveError::NotFound(format!("No published live blog has the slug `{slug}`"))
}

/// The entry as the API shows it.
pub fn entry_view(desk: Desk, row: &EntryRow) -> anyhow::Result<LiveEntry> {
    let body: Vec<Block> = serde_json::from_str(&row.body)
        .with_context(|| format!("entry {} has a damaged body", row.id))?;
    Ok(LiveEntry {
        id: row
            .id
            .parse()
            .map_err(|_| anyhow::anyhow!("entry {} has no UUID", row.id))?,
        title: row.title.clone(),
        body,
        body_html: row.body_html.clone(),
        key_event: row.key_event,
        pinned: row.pinned,
        created_at: desk.local(row.created_at),
        updated_at: desk.local(row.updated_at),
        version: row.version,
    })
}

/// An entry's headline — its title, else its first twelve words — and its text, as
/// feeds and JSON-LD give them.
pub fn headline_and_text(entry: &LiveEntry) -> (String, String) {
    let text = shared::render::render_body(&entry.body).text;
    let headline = entry.title.clone().unwrap_or_else(|| {
        text.split_whitespace()
            .take(12)
            .collect::<Vec<_>>()
            .join(" ")
    });
    (headline, text)
}

/// The article's live state (`None`: not a live blog).
pub fn live_state(conn: &mut DbConnection, row: &ArticleRow) -> anyhow::Result<Option<LiveState>> {
    Ok(db::blog(conn, &row.id)?.and_then(|blog| LiveState::parse(&blog.state)))
}

/// The published live blog `slug`.
fn public_live_blog(
    conn: &mut DbConnection,
    desk: Desk,
    slug: &str,
) -> Result<(ArticleRow, LiveState), LiveError> {
    if !shared::slug::is_slug(slug) {
        return Err(not_a_live_blog(slug));
    }
    let row = articles::published_by_slug(conn, slug, desk.now())?
        .ok_or_else(|| not_a_live_blog(slug))?;
    let state = live_state(conn, &row)?.ok_or_else(|| not_a_live_blog(slug))?;
    Ok((row, state))
}

/// A page of the published live blog `slug`'s entries (`listLiveEntries`).
pub fn public_entries(
    conn: &mut DbConnection,
    desk: Desk,
    slug: &str,
    query: &LiveEntriesQuery,
) -> Result<LiveEntryPage, LiveError> {
    // The log's head first: whatever commits after it, the stream sends from it.
    let head = changes::head(conn)?;
    let (row, state) = public_live_blog(conn, desk, slug)?;
    entries_page(conn, desk, &row.id, state, query, head)
}

/// A page of the live blog `article_id`'s entries, newest first, with the pinned ones.
pub fn entries_page(
    conn: &mut DbConnection,
    desk: Desk,
    article_id: &str,
    live: LiveState,
    query: &LiveEntriesQuery,
    stream_after: i64,
) -> Result<LiveEntryPage, LiveError> {
    let mut place = |field: &str, id: Option<LiveEntryId>| -> Result<_, LiveError> {
        let Some(id) = id else { return Ok(None) };
        let row = db::of_article(conn, article_id, &id.to_string())?.ok_or_else(|| {
            LiveError::Invalid {
                field: field.to_owned(),
                message: format!("this live blog has no entry {id}"),
            }
        })?;
        Ok(Some((row.created_at, row.id)))
    };
    let filter = EntryFilter {
        key_events: query.key_events.unwrap_or(false),
        after: place("since", query.since)?,
        before: place("before", query.before)?,
    };
    let limit = query.limit.unwrap_or_default().get() as usize;
    let mut rows = db::page(conn, article_id, &filter, limit as i64 + 1)?;
    let older = if rows.len() > limit {
        rows.truncate(limit);
        rows.last()
            .and_then(|row| row.id.parse::<LiveEntryId>().ok())
    } else {
        None
    };
    let view = |rows: Vec<EntryRow>| -> anyhow::Result<Vec<LiveEntry>> {
        rows.iter().map(|row| entry_view(desk, row)).collect()
    };
    Ok(LiveEntryPage {
        live,
        pinned: view(db::pinned(conn, article_id)?)?,
        data: view(rows)?,
        older,
        stream_after: stream_after.to_string(),
    })
}

/// The newest `n` entries of a live blog, newest first (its JSON-LD, its feed).
pub fn latest_entries(
    conn: &mut DbConnection,
    desk: Desk,
    article_id: &str,
    n: i64,
) -> anyhow::Result<Vec<LiveEntry>> {
    db::page(conn, article_id, &EntryFilter::default(), n)?
        .iter()
        .map(|row| entry_view(desk, row))
        .collect()
}

/// One event of a live blog's stream, its text made once for every reader.
#[derive(Debug, Clone)]
pub struct LiveEvent {
    /// The change log's number: the event's id.
    pub seq: i64,
    pub article_id: String,
    /// The whole event as `text/event-stream` carries it.
    pub frame: String,
    /// The live blog is gone (unpublished or deleted): the stream ends after it.
    pub ends: bool,
}

impl LiveEvent {
    fn new(
        row: &ChangeRow,
        name: &str,
        data: &impl serde::Serialize,
        ends: bool,
    ) -> anyhow::Result<Self> {
        // Compact JSON has no line break, so it is one `data:` line.
        let data = serde_json::to_string(data).context("serialising an event")?;
        Ok(Self {
            seq: row.seq,
            article_id: row.article_id.clone(),
            frame: format!("id: {}\nevent: {name}\ndata: {data}\n\n", row.seq),
            ends,
        })
    }
}

/// The events the change log's `rows` make, in their order: an entry added or changed
/// (`entry`, the entry as it is now), removed (`entry-removed`), the live blog changed
/// (`article`: still open, or closed), gone (`gone`). Changes to articles that are not
/// live blogs make none.
pub fn events_of(
    conn: &mut DbConnection,
    desk: Desk,
    rows: &[ChangeRow],
) -> anyhow::Result<Vec<LiveEvent>> {
    let entry_ids: Vec<String> = rows.iter().filter_map(|row| row.entry_id.clone()).collect();
    let entries: HashMap<String, EntryRow> = if entry_ids.is_empty() {
        HashMap::new()
    } else {
        db::by_ids(conn, &entry_ids)?
            .into_iter()
            .map(|row| (row.id.clone(), row))
            .collect()
    };
    let mut article_ids: Vec<String> = rows
        .iter()
        .filter(|row| row.entry_id.is_none())
        .map(|row| row.article_id.clone())
        .collect();
    article_ids.sort();
    article_ids.dedup();
    let blogs: HashMap<String, (LiveState, i64)> = if article_ids.is_empty() {
        HashMap::new()
    } else {
        db::live_of(conn, &article_ids)?
            .into_iter()
            .filter_map(|(id, live, version)| Some((id, (LiveState::parse(&live)?, version))))
            .collect()
    };
    let mut events = Vec::new();
    for row in rows {
        let event = match (row.kind.as_str(), &row.entry_id) {
            ("entry-added" | "entry-updated", Some(id)) => match entries.get(id) {
                Some(entry) => LiveEvent::new(row, "entry", &entry_view(desk, entry)?, false)?,
                // Removed since: its removal follows in the log.
                None => continue,
            },
            ("entry-removed", Some(id)) => {
                let id = id.parse().context("a removed entry's id is not a UUID")?;
                LiveEvent::new(row, "entry-removed", &RemovedEntry { id }, false)?
            }
            ("unpublished" | "deleted", None) if blogs.contains_key(&row.article_id) => {
                LiveEvent::new(row, "gone", &serde_json::json!({}), true)?
            }
            (_, None) => match blogs.get(&row.article_id) {
                Some(&(live, version)) => {
                    LiveEvent::new(row, "article", &LiveArticleEvent { live, version }, false)?
                }
                None => continue,
            },
            _ => continue,
        };
        events.push(event);
    }
    Ok(events)
}

/// Where a stream of the published live blog `slug` starts: its article, the log's
/// position to send from (`after`, or now), and what happened to it since `after`
/// (`None`: more than `MAX_REPLAY` changes, too many to replay — the reader reloads).
#[derive(Debug)]
pub struct StreamStart {
    pub article_id: String,
    pub from: i64,
    pub replay: Option<Vec<LiveEvent>>,
}

pub fn open_stream(
    conn: &mut DbConnection,
    desk: Desk,
    slug: &str,
    after: Option<(i64, &str)>,
) -> Result<StreamStart, LiveError> {
    let head = changes::head(conn)?;
    let (row, _) = public_live_blog(conn, desk, slug)?;
    let from = match after {
        None => head,
        Some((after, field)) if after > head => {
            return Err(LiveError::Invalid {
                field: field.to_owned(),
                message: format!("{field} names event {after}; the last is {head}"),
            });
        }
        Some((after, _)) => after,
    };
    let replay = replay(conn, desk, &row.id, from)?;
    Ok(StreamStart {
        article_id: row.id,
        from,
        replay,
    })
}

/// What happened to the live blog after `since`, as events (`None`: too much to replay).
pub fn replay(
    conn: &mut DbConnection,
    desk: Desk,
    article_id: &str,
    since: i64,
) -> anyhow::Result<Option<Vec<LiveEvent>>> {
    let rows = changes::of_article_after(conn, article_id, since, MAX_REPLAY as i64 + 1)?;
    if rows.len() > MAX_REPLAY {
        return Ok(None);
    }
    events_of(conn, desk, &rows).map(Some)
}

/// The events of the log after `since` (up to `limit` entries of it), and how far it was read.
pub fn events_after(
    conn: &mut DbConnection,
    desk: Desk,
    since: i64,
    limit: i64,
) -> anyhow::Result<(Vec<LiveEvent>, i64, bool)> {
    let rows = changes::after(conn, since, limit)?;
    let read = rows.last().map_or(since, |row| row.seq);
    let full = rows.len() as i64 == limit;
    Ok((events_of(conn, desk, &rows)?, read, full))
}

/// The log's head: where a hub starts.
pub fn head(conn: &mut DbConnection) -> anyhow::Result<i64> {
    Ok(changes::head(conn)?)
}
