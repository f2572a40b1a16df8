//! Draft preview links: an unguessable, expiring, revocable address that shows an
//! article exactly as readers would see it, to someone without an account.

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

/// How long a link lasts unless asked otherwise: two days.
pub const DEFAULT_PREVIEW_HOURS: u32 = 48;

/// The longest a link lasts: a week.
pub const MAX_PREVIEW_HOURS: u32 = 168;

/// `POST /newsroom/articles/{id}/previews`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewPreview {
    /// How long the link lasts: 1 to 168 hours; absent: 48.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 168))]
    pub hours: Option<u32>,
}

words! {
    /// Whether a preview link shows the article.
    pub enum PreviewState {
        /// It does (or, once the article is published, sends readers to it).
        Active = "active",
        /// Its time passed.
        Expired = "expired",
        /// Revoked by staff.
        Revoked = "revoked",
    }
}

/// A preview link as staff see it. The link itself (`path`) only in the answer that
/// made it: only its hash is kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PreviewLink {
    pub id: crate::ids::PreviewId,
    /// `/pratinjau/<token>` on the site: what to send. Only when the link was made.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    pub state: PreviewState,
    /// The display name of who made it.
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub created_by: Option<String>,
    pub created_at: DateTime<FixedOffset>,
    pub expires_at: DateTime<FixedOffset>,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub revoked_at: Option<DateTime<FixedOffset>>,
}

/// An article's preview links, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PreviewList {
    pub data: Vec<PreviewLink>,
}

/// Whether `token` has the shape of a preview link's token (43 URL-safe base64
/// characters: 256 bits); anything else is no link.
pub fn is_token(token: &str) -> bool {
    token.len() == 43
        && token
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}
