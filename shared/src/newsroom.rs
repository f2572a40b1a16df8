//! The newsroom's write API: what staff send to create and change articles.

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

use crate::article::Block;

/// The editable content of an article. Fields a role may not set (`status`, `authors`,
/// `version`, `id`, …) are not part of it: a body that carries them is refused.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "headline": "Putin Tiba di Pyongyang",
    "standfirst": "Kunjungan kenegaraan pertama dalam 24 tahun.",
    "dateline": {"text": "Pyongyang, Korea Utara", "place": {"city": "Pyongyang", "country": "Korea Utara"}},
    "byline": "Ani Lestari",
    "section": "internasional",
    "tags": ["Korea Utara", "Rusia"],
    "language": "id",
    "body": [
        {"type": "paragraph", "text": "Presiden Vladimir Putin tiba di Pyongyang pada Rabu dini hari."},
        {"type": "quote", "text": "Kami berdiri bersama.", "speaker": "Kim Jong Un", "attribution": "kata Kim Jong Un."}
    ]
})))]
pub struct ArticleInput {
    /// 1 to 200 characters.
    pub headline: String,
    /// At most 500 characters.
    #[serde(default)]
    pub standfirst: Option<String>,
    #[serde(default)]
    pub dateline: Option<crate::article::Dateline>,
    /// The byline as printed; the authors it names are linked. For an author's own
    /// article their profile is always among them.
    #[serde(default)]
    pub byline: Option<String>,
    /// Slug of an existing section.
    pub section: String,
    /// Tag names, at most 20.
    #[serde(default)]
    pub tags: Vec<String>,
    /// BCP 47 language tag.
    pub language: String,
    /// 1 to 500 blocks. Send either `body` or `body_markdown`.
    #[serde(default)]
    pub body: Vec<Block>,
    /// The body as Markdown instead of blocks; the server turns it into blocks
    /// (paragraphs keep links and emphasis, `#`/`##` are level-2 sub-headings,
    /// a block quote whose last line is `— Name` is a quote by Name, lists stay
    /// lists; `![alt](media:<id> "caption")` on its own line is an image block of
    /// the library's image, several together a gallery; other images are refused,
    /// naming the line). Responses carry the blocks, never the Markdown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body_markdown: Option<String>,
    /// An image of the library shown with the article (and its own alt text, caption
    /// and credit when they differ from the image's; `shown` is ignored). Publishing
    /// needs alt text for it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub featured_image: Option<crate::media::Figure>,
    /// 1 (flash) to 9 (lowest); absent: 5, ordinary news.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 9))]
    pub urgency: Option<u8>,
    /// Breaking news until this time (RFC 3339), at most `MAX_BREAKING_HOURS` (24)
    /// hours ahead; a time already past means it no longer is. Absent or `null`: not
    /// breaking news.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub breaking_until: Option<DateTime<FixedOffset>>,
    /// Make it a live blog (`open`), end it (`closed`); absent or `null`: an article.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub live: Option<crate::live::LiveState>,
}

/// `POST /newsroom/articles/{id}/translations`: start a translation of the article.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", schema(example = json!({"language": "en"})))]
pub struct NewTranslation {
    /// BCP 47 language tag of the translation: not the article's, nor one its group has.
    #[cfg_attr(
        feature = "openapi",
        schema(
            pattern = "^[A-Za-z0-9]{1,8}(-[A-Za-z0-9]{1,8})*$",
            min_length = 2,
            max_length = 35
        )
    )]
    pub language: String,
}

/// How long an edit lock lasts without a heartbeat (the editor renews it every 30 s).
pub const LOCK_SECONDS: i64 = 90;

/// `PUT /newsroom/articles/{id}/lock`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct TakeLock {
    /// Take the lock from whoever holds it (they are told on their next heartbeat).
    #[serde(default)]
    pub take_over: bool,
}

/// Who has the article open in the editor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EditLock {
    pub holder_id: crate::ids::UserId,
    /// The holder's display name.
    pub holder: String,
    /// Since when they hold it.
    pub since: DateTime<FixedOffset>,
    /// When it ends unless renewed.
    pub expires_at: DateTime<FixedOffset>,
    /// Whether the one asking holds it.
    pub mine: bool,
}

/// `GET /newsroom/articles/{id}/lock`: the lock, if anyone holds one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LockState {
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub lock: Option<EditLock>,
}

/// Farthest ahead a publication can be scheduled: a year and a day.
pub const MAX_SCHEDULE_DAYS: i64 = 366;

/// `POST /newsroom/articles/{id}/schedule`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ScheduleRequest {
    /// When the article becomes public (RFC 3339, in the future, at most
    /// `MAX_SCHEDULE_DAYS` days ahead). Not a second earlier.
    pub published_at: DateTime<FixedOffset>,
}

words! {
    /// What a change did, as its revision records it.
    pub enum RevisionAction {
        Create = "create",
        Import = "import",
        Update = "update",
        Publish = "publish",
        Schedule = "schedule",
        Unpublish = "unpublish",
        Submit = "submit",
        Correct = "correct",
        Entities = "entities",
        Delete = "delete",
        Restore = "restore",
        RestoreRevision = "restore-revision",
    }
}

/// One entry of an article's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RevisionSummary {
    /// The article version this revision recorded.
    pub version: i64,
    pub action: RevisionAction,
    /// The staff account that made the change; absent for imports.
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub user_id: Option<crate::ids::UserId>,
    pub created_at: DateTime<FixedOffset>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RevisionList {
    pub data: Vec<RevisionSummary>,
}

/// Articles in any state, for staff.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StaffArticleList {
    pub data: Vec<crate::article::Article>,
}

/// `POST /newsroom/articles/{id}/corrections`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewCorrection {
    /// What was wrong and what is right; 1 to 2,000 characters.
    pub text: String,
}

/// A correction in the public list, with the article it corrects.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CorrectionNotice {
    #[serde(flatten)]
    pub correction: crate::article::Correction,
    pub article: CorrectedArticle,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CorrectedArticle {
    pub id: crate::ids::ArticleId,
    pub slug: String,
    pub headline: String,
}

/// One revision: the whole article as it was after that change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RevisionDetail {
    #[serde(flatten)]
    pub summary: RevisionSummary,
    pub article: crate::article::Article,
}

/// What changed between two revisions, field by field (`body[3]` for a block).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RevisionDiff {
    pub from_version: i64,
    pub to_version: i64,
    pub changes: Vec<FieldChange>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldChange {
    /// `headline`, `standfirst`, `tags`, `body[2]`, …
    pub field: String,
    /// The value before; `null` when the field or block did not exist.
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub before: Option<serde_json::Value>,
    /// The value after; `null` when the field or block was removed.
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub after: Option<serde_json::Value>,
}
