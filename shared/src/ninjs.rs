//! IPTC ninjs 3.1 ("News in JSON"): the article as news agencies exchange it.
//! Only the properties we fill are modelled; names and shapes follow IPTC's schema
//! (`specs/ninjs/ninjs-schema_3.1.json`, which the tests validate against).

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

/// The media type of this representation.
pub const MEDIA_TYPE: &str = "application/ninjs+json";

/// A news item in ninjs 3.1.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct NinjsItem {
    /// `urn:uuid:<article id>`: stable whatever the slug or host.
    pub uri: String,
    /// Always `text`.
    #[serde(rename = "type")]
    pub kind: String,
    /// Always `full`.
    pub representation_type: String,
    pub profile: String,
    /// The article's version.
    pub version: String,
    pub first_created: DateTime<FixedOffset>,
    pub version_created: DateTime<FixedOffset>,
    /// Always `usable`: only published articles are served.
    pub pub_status: String,
    pub copyright_holder: String,
    pub language: String,
    pub headlines: Vec<NinjsText>,
    /// The standfirst (`summary`) and each public correction (`correction`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub descriptions: Vec<NinjsText>,
    /// The body as HTML and as plain text.
    pub bodies: Vec<NinjsBody>,
    /// The byline as printed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by: Option<String>,
    /// The dateline as printed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub located: Option<String>,
    pub slugline: String,
    /// The section (`rel: section`), tags (`rel: tag`) and IPTC Media Topics (`rel: about`, with their URI).
    pub subjects: Vec<NinjsConcept>,
    /// Where the story was filed from (`rel: located`), and the places it is about
    /// (`rel: about`, with their Wikidata URI where known).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub places: Vec<NinjsConcept>,
    /// The people the story is about (`rel: about`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub people: Vec<NinjsConcept>,
    /// The organisations the story is about (`rel: about`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub organisations: Vec<NinjsConcept>,
    /// The desks and people the byline names (`role: author`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub info_sources: Vec<NinjsSource>,
    /// The article's slug and its canonical web address.
    pub alt_ids: Vec<NinjsAltId>,
    pub standard: NinjsStandard,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct NinjsText {
    pub role: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content_type: Option<String>,
    pub value: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct NinjsBody {
    pub role: String,
    /// `text/html` or `text/plain`.
    pub content_type: String,
    pub char_count: u64,
    pub word_count: u64,
    pub value: String,
}

/// A subject or place: a name, how the item relates to it, and our identifier.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct NinjsConcept {
    pub name: String,
    pub rel: String,
    /// Our slug for it, where it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub literal: Option<String>,
    /// A URI naming it: a Wikidata entity or an IPTC Media Topic.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uri: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct NinjsSource {
    pub name: String,
    pub role: String,
    /// The author's slug.
    pub literal: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NinjsAltId {
    pub role: String,
    pub value: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NinjsStandard {
    pub name: String,
    pub version: String,
    pub schema: String,
}
