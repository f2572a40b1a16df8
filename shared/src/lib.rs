//! Global Insight's API types and the pure helpers both ends share.
//!
//! This crate compiles to `wasm32-unknown-unknown` and never depends on diesel
//! or actix. `utoipa::ToSchema` derives sit behind the `openapi` feature so the
//! reader app does not pay for them.

#[macro_use]
mod words;

pub mod article;
pub mod changes;
pub mod entities;
pub mod error;
pub mod fronts;
pub mod ids;
pub mod listing;
pub mod live;
pub mod media;
pub mod newsroom;
pub mod ninjs;
pub mod pagination;
pub mod previews;
pub mod query;
pub mod render;
pub mod slug;
pub mod staff;
pub mod summary;
pub mod urls;
pub mod webhooks;

/// The urgency of ordinary news (IPTC: 1 = flash … 9 = lowest).
pub const DEFAULT_URGENCY: u8 = 5;

/// The longest a story stays breaking news: a day.
pub const MAX_BREAKING_HOURS: i64 = 24;

/// The months as Indonesian copy writes them (`13 Juli 2025`).
pub const INDONESIAN_MONTHS: [&str; 12] = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
];

pub use article::{
    Article, ArticleStatus, AuthorKind, AuthorRef, Block, Byline, Correction, Dateline,
    GalleryBlock, HeadingBlock, ImageBlock, ListBlock, ParagraphBlock, Place, QuoteBlock,
    SectionRef, TagRef, Translation,
};
pub use changes::{Change, ChangePage, ChangeType, ChangedArticle, ChangedEntry};
pub use entities::{
    Entity, EntityKind, EntityOverrides, EntityPage, EntityRef, EntitySuggestion,
    EntitySuggestionList, FoundBy, NewAlias, NewEntity, Quote, QuoteKind, QuotePage, QuotedIn,
    RejectName, RejectedName, RejectedNameList, Subject,
};
pub use error::{ErrorCode, Problem};
pub use ids::{ApiKeyId, ArticleId, ImageId, LiveEntryId, PreviewId, UserId, WebhookId};
pub use listing::{
    ArticleList, ArticlePage, Author, AuthorPage, COUNT_BOUND, CorrectionPage, FacetCount, Listed,
    Page, PageLinks, Pagination, ProfileLink, ProfileLinkKind, SearchFacets, SearchHighlights,
    SearchHit, SearchPage, Section, SectionList, Tag, TagPage, Total,
};
pub use summary::ArticleSummary;
