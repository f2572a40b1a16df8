//! Fronts: the home page and each section's page as the editors arrange them. A front
//! is a list of slots in the editors' order, the lead first; each holds a story, for
//! good or until a time. Readers get the slots whose story is public and whose time
//! has not passed (`picks`), then the newest stories not among them (`latest`).

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

use crate::article::{ArticleStatus, SectionRef};
use crate::summary::ArticleSummary;

/// The front page's name; every other front is named by its section's slug.
pub const HOME: &str = "home";

/// The most slots a front holds.
pub const MAX_SLOTS: usize = 20;

/// A front as readers get it: `GET /fronts/{name}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Front {
    /// `home`, or the section's slug.
    pub name: String,
    /// The section whose front this is; `null` for the home page.
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub section: Option<SectionRef>,
    /// The editors' picks in their order, the lead first: the slots whose story is
    /// public now and whose `pinned_until` has not passed. Empty when the editors
    /// arranged nothing (then the newest story leads).
    pub picks: Vec<ArticleSummary>,
    /// The newest public stories (of the section, for a section's front) that are not
    /// among the picks, newest first; as many as `latest` asked.
    pub latest: Vec<ArticleSummary>,
}

impl Front {
    /// The story that leads: the first pick, else the newest.
    pub fn lead(&self) -> Option<&ArticleSummary> {
        self.picks.first().or_else(|| self.latest.first())
    }
}

/// One slot as the editors send it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SlotInput {
    /// The article the slot holds: any article not deleted. One that is not public yet
    /// (a draft, a scheduled story) takes its place when it becomes public.
    pub article_id: crate::ids::ArticleId,
    /// The story leaves the front at this time (RFC 3339, in the future, at most
    /// `MAX_SCHEDULE_DAYS` days ahead); `null` or absent: until the editors change it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pinned_until: Option<DateTime<FixedOffset>>,
}

/// `PUT /newsroom/fronts/{name}`: the whole arrangement, in order, the lead first.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "slots": [{"article_id": "01980000-0000-7000-8000-000000000001"}]
})))]
pub struct FrontInput {
    /// At most `MAX_SLOTS` (20) slots, each article once. An empty list clears the
    /// front: the newest story leads again.
    pub slots: Vec<SlotInput>,
}

words! {
    /// Whether readers see a slot's story now.
    pub enum SlotState {
        /// On the front.
        Shown = "shown",
        /// The story is not public (a draft, scheduled, unpublished or deleted): it
        /// keeps its slot and shows once it is public.
        NotPublic = "not_public",
        /// Its `pinned_until` has passed.
        Expired = "expired",
    }
}

/// One slot as staff see it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StaffSlot {
    pub article: ArticleSummary,
    pub status: ArticleStatus,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub pinned_until: Option<DateTime<FixedOffset>>,
    pub state: SlotState,
}

/// A front as staff arrange it: `GET /newsroom/fronts/{name}` (`ETag: "v<version>"`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StaffFront {
    pub name: String,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub section: Option<SectionRef>,
    /// 0 until the front is first arranged; one more with every arrangement saved.
    pub version: i64,
    /// When it was last arranged.
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub updated_at: Option<DateTime<FixedOffset>>,
    /// The display name of who arranged it last.
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub updated_by: Option<String>,
    pub slots: Vec<StaffSlot>,
}
