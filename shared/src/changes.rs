//! The change feed: what happened to published articles, in commit order.

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

/// What happened. Webhooks use the same names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum ChangeType {
    /// The article became public: published now, or its scheduled time came.
    #[serde(rename = "article.published")]
    Published,
    /// A public article was edited, or an image it shows got new alt text, caption,
    /// credit or crops (then its `version` is unchanged).
    #[serde(rename = "article.updated")]
    Updated,
    /// A correction was attached to a public article.
    #[serde(rename = "article.corrected")]
    Corrected,
    /// The article was taken down (it may come back).
    #[serde(rename = "article.unpublished")]
    Unpublished,
    /// The public article was deleted.
    #[serde(rename = "article.deleted")]
    Deleted,
    /// The public article became breaking news (published as such, or marked so while
    /// public; see its `breaking_until` and `urgency`). It follows the entry that
    /// published or updated it.
    #[serde(rename = "article.breaking")]
    Breaking,
    /// An entry was added to a public live blog (`entry` names it).
    #[serde(rename = "article.entry-added")]
    EntryAdded,
    /// An entry of a public live blog was changed.
    #[serde(rename = "article.entry-updated")]
    EntryUpdated,
    /// An entry was taken off a public live blog.
    #[serde(rename = "article.entry-removed")]
    EntryRemoved,
}

impl ChangeType {
    pub const ALL: [Self; 9] = [
        Self::Published,
        Self::Updated,
        Self::Corrected,
        Self::Unpublished,
        Self::Deleted,
        Self::Breaking,
        Self::EntryAdded,
        Self::EntryUpdated,
        Self::EntryRemoved,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Published => "article.published",
            Self::Updated => "article.updated",
            Self::Corrected => "article.corrected",
            Self::Unpublished => "article.unpublished",
            Self::Deleted => "article.deleted",
            Self::Breaking => "article.breaking",
            Self::EntryAdded => "article.entry-added",
            Self::EntryUpdated => "article.entry-updated",
            Self::EntryRemoved => "article.entry-removed",
        }
    }

    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.as_str() == name)
    }
}

/// The article a change is about, as it was after the change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChangedArticle {
    pub id: crate::ids::ArticleId,
    pub slug: String,
    /// The article's version after the change (its `ETag` is `"v<version>"` to staff).
    pub version: i64,
    /// Where to read it now (404 after an unpublication or deletion).
    pub href: String,
}

/// The live blog entry a change is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChangedEntry {
    pub id: crate::ids::LiveEntryId,
    /// Where to read the live blog's entries now.
    pub href: String,
}

/// One entry of the change log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "cursor": "42",
    "type": "article.published",
    "article": {"id": "01980000-0000-7000-8000-000000000001",
                "slug": "hubungan-antara-korea-utara-dan-rusia-menunjukkan-peningkatan-signifikan-dalam",
                "version": 2,
                "href": "/api/v1/articles/by-id/01980000-0000-7000-8000-000000000001"},
    "occurred_at": "2025-07-13T00:00:00+07:00"
})))]
pub struct Change {
    /// This entry's place in the log: `since=<cursor>` resumes after it.
    pub cursor: String,
    #[serde(rename = "type")]
    pub kind: ChangeType,
    pub article: ChangedArticle,
    /// The live blog's entry, for `article.entry-*` changes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entry: Option<ChangedEntry>,
    /// When it happened (for a scheduled publication: its scheduled time).
    pub occurred_at: DateTime<FixedOffset>,
}

/// A stretch of the change log, oldest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChangePage {
    pub data: Vec<Change>,
    /// Pass as `since` for what comes next: the last entry's cursor, or the `since` given
    /// when nothing new happened. Keep polling with it.
    pub next_cursor: String,
    /// More entries are waiting: ask again at once instead of waiting to poll.
    pub has_more: bool,
}
