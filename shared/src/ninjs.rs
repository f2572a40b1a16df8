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
    /// The editorial urgency: 1 (flash) to 9; 5 is ordinary news.
    pub urgency: u8,
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
    /// Its pictures: the featured image (`rel: featuremedia`, named `featuremedia`) and
    /// the body's (`rel: body`, named `body-<block>` or `body-<block>-<image>`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub associations: Vec<NinjsPicture>,
    pub standard: NinjsStandard,
}

/// A picture associated with the article, with its renditions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct NinjsPicture {
    /// `featuremedia`, `body-3`, `body-4-0`.
    pub name: String,
    /// `featuremedia` or `body`.
    pub rel: String,
    /// `urn:uuid:<image id>`.
    pub uri: String,
    /// Always `picture`.
    #[serde(rename = "type")]
    pub kind: String,
    /// The caption (`main`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub headlines: Vec<NinjsText>,
    /// The alt text (`alt`) and the caption (`caption`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub descriptions: Vec<NinjsText>,
    /// The caption as the picture's text (`caption`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub bodies: Vec<NinjsBody>,
    /// The credit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub copyright_holder: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub usage_terms: Option<String>,
    /// A translation's language (an association of `type: text`, `rel: translation`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    pub renditions: Vec<NinjsRendition>,
}

/// One file of a picture: where it is, its type and size.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct NinjsRendition {
    /// Our rendition's name: `w640.webp`, `16x9-1024.jpg`.
    pub name: String,
    /// Its absolute URL.
    pub href: String,
    pub content_type: String,
    pub width: u32,
    pub height: u32,
    pub size_in_bytes: u64,
    /// For crops: `16:9`, `4:3`, `1:1`, `40:21`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub aspect_ratio: Option<String>,
    /// The focal point, in pixels from the top left of this rendition (widths only:
    /// crops are centred on it as far as the picture allows).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub poi: Option<NinjsPoint>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NinjsPoint {
    pub x: u32,
    pub y: u32,
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
