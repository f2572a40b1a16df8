//! Live blogs: an article whose story is told as it happens, in timestamped entries
//! that readers on the page receive as they are written (Server-Sent Events).

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

use crate::article::Block;

/// The most blocks one entry has.
pub const MAX_ENTRY_BLOCKS: usize = 50;

/// The longest an entry's title is, in characters.
pub const MAX_ENTRY_TITLE: usize = 200;

/// The most entries pinned at once on one live blog.
pub const MAX_PINNED: usize = 3;

/// How far back a stream resumes (`Last-Event-ID`): past this many changes to the live
/// blog since, it sends `reset` and the reader loads the entries again.
pub const MAX_REPLAY: usize = 500;

pub use crate::article::LiveState;

/// One entry of a live blog.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "id": "01980000-0000-7000-8000-0000000000e1",
    "title": "Putin tiba di Pyongyang",
    "body": [{"type": "paragraph", "text": "Pesawat kepresidenan mendarat pukul 02.45 waktu setempat."}],
    "body_html": "<p>Pesawat kepresidenan mendarat pukul 02.45 waktu setempat.</p>",
    "key_event": true,
    "pinned": false,
    "created_at": "2025-07-13T02:50:00+07:00",
    "updated_at": "2025-07-13T02:50:00+07:00",
    "version": 1
})))]
pub struct LiveEntry {
    pub id: crate::ids::LiveEntryId,
    /// A short heading for the entry.
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub title: Option<String>,
    /// Text blocks (paragraphs, sub-headings, quotes, lists).
    pub body: Vec<Block>,
    /// Rendered from `body`; every text is HTML-escaped.
    pub body_html: String,
    /// A moment that matters: listed in the key events.
    pub key_event: bool,
    /// Kept at the top of the live blog.
    pub pinned: bool,
    /// When it was first posted: its place in the live blog.
    pub created_at: DateTime<FixedOffset>,
    pub updated_at: DateTime<FixedOffset>,
    /// Increments on every change (its `ETag` is `"v<version>"` to staff).
    pub version: i64,
}

/// `POST /newsroom/articles/{id}/entries`, `PUT …/entries/{entry_id}`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "title": "Putin tiba di Pyongyang",
    "body": [{"type": "paragraph", "text": "Pesawat kepresidenan mendarat pukul 02.45 waktu setempat."}],
    "key_event": true
})))]
pub struct LiveEntryInput {
    /// At most 200 characters.
    #[serde(default)]
    pub title: Option<String>,
    /// 1 to 50 text blocks (no images). Send either `body` or `body_markdown`.
    #[serde(default)]
    pub body: Vec<Block>,
    /// The body as Markdown instead of blocks, read as an article's is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body_markdown: Option<String>,
    #[serde(default)]
    pub key_event: bool,
    /// At most 3 entries of a live blog are pinned at once.
    #[serde(default)]
    pub pinned: bool,
}

/// `GET /articles/{slug}/entries`: a page of a live blog's entries, newest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LiveEntryPage {
    pub live: LiveState,
    /// The pinned entries, newest first (on every page, whatever the filter).
    pub pinned: Vec<LiveEntry>,
    pub data: Vec<LiveEntry>,
    /// More, older entries: pass as `before` for the next page.
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub older: Option<crate::ids::LiveEntryId>,
    /// Where the live blog's event stream picks up from this answer
    /// (`GET /articles/{slug}/live?after=<stream_after>`): nothing written after this
    /// page was read is missed.
    pub stream_after: String,
}

/// What a live blog's event stream says of its article (`event: article`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LiveArticleEvent {
    /// `open`, or `closed` once it ended.
    pub live: LiveState,
    /// The article's version after the change.
    pub version: i64,
}

/// An entry taken away (`event: entry-removed`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RemovedEntry {
    pub id: crate::ids::LiveEntryId,
}
