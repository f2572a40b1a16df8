//! Sections, tags, authors and the pagination envelope of list responses.

use serde::{Deserialize, Serialize};

use crate::article::AuthorKind;
pub use crate::pagination::{COUNT_BOUND, Listed, Page, PageLinks, Pagination, Total};
use crate::summary::ArticleSummary;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "slug": "internasional", "name": "Internasional", "description": null, "article_count": 1
})))]
pub struct Section {
    pub slug: String,
    pub name: String,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub description: Option<String>,
    /// Published articles in this section.
    pub article_count: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "slug": "korea-utara", "name": "Korea Utara", "article_count": 1
})))]
pub struct Tag {
    pub slug: String,
    pub name: String,
    /// Published articles with this tag.
    pub article_count: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "slug": "sari-wulandari", "name": "Sari Wulandari", "kind": "person",
    "bio": "Sari meliput Asia Timur sejak 2015.", "job_title": "Koresponden Seoul",
    "photo": null, "links": [{"kind": "x", "url": "https://x.com/sariwulandari"}],
    "language": "id", "article_count": 12
})))]
pub struct Author {
    pub slug: String,
    pub name: String,
    pub kind: AuthorKind,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub bio: Option<String>,
    /// What they do at the desk ("Koresponden Seoul").
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub job_title: Option<String>,
    /// Their photo from the image library, with its renditions; none: show initials.
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub photo: Option<Box<crate::media::PlacedImage>>,
    /// Their profiles elsewhere.
    pub links: Vec<ProfileLink>,
    /// The language they write in (BCP 47).
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub language: Option<String>,
    /// Published articles whose byline names this author.
    pub article_count: u64,
}

/// The most links an author profile has.
pub const MAX_PROFILE_LINKS: usize = 10;
/// The longest profile link, in characters.
pub const MAX_PROFILE_URL: usize = 500;
/// The longest job title, in characters.
pub const MAX_JOB_TITLE: usize = 100;

words! {
    /// Where a profile link points: a web site, or a social network.
    pub enum ProfileLinkKind {
        Website = "website",
        X = "x",
        Instagram = "instagram",
        Facebook = "facebook",
        Linkedin = "linkedin",
        Threads = "threads",
        Mastodon = "mastodon",
        Bluesky = "bluesky",
        Youtube = "youtube",
        Tiktok = "tiktok",
    }
}

/// A link to an author's profile elsewhere.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ProfileLink {
    pub kind: ProfileLinkKind,
    /// An `https://` (or `http://`) address, at most 500 characters.
    #[cfg_attr(
        feature = "openapi",
        schema(example = "https://x.com/sariwulandari", max_length = 500)
    )]
    pub url: String,
}

pub type ArticlePage = Page<ArticleSummary>;
pub type CorrectionPage = Page<crate::newsroom::CorrectionNotice>;
pub type TagPage = Page<Tag>;
pub type AuthorPage = Page<Author>;

/// Search results, most relevant first unless asked otherwise, and the counts of all the
/// matches by what `facets` asked.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SearchPage {
    pub data: Vec<SearchHit>,
    pub pagination: crate::Pagination,
    /// Present when `facets` was asked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub facets: Option<SearchFacets>,
}

/// The matches counted: one list for each facet asked.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SearchFacets {
    /// By section, most matches first.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub section: Option<Vec<FacetCount>>,
    /// By language, most matches first.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<Vec<FacetCount>>,
    /// By year of publication, newest first.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year: Option<Vec<FacetCount>>,
    /// The 20 entities the matches name most, most matches first.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entity: Option<Vec<FacetCount>>,
}

/// How many matches have one value of a facet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "value": "internasional", "name": "Internasional", "count": 42
})))]
pub struct FacetCount {
    /// What the filter of the same name takes: a section's or entity's slug, a
    /// language tag, a year (`2025`: `from=2025-01-01&to=2025-12-31`).
    pub value: String,
    /// How readers see it: the section's or entity's name, the language's tag, the year.
    pub name: String,
    pub count: u64,
}

impl Listed for ArticleSummary {
    const PAGE: &'static str = "ArticlePage";
    const DESCRIPTION: &'static str =
        "A page of published articles as summaries, newest first unless asked otherwise.";
}

impl Listed for crate::newsroom::CorrectionNotice {
    const PAGE: &'static str = "CorrectionPage";
    const DESCRIPTION: &'static str = "Public corrections, newest first.";
}

impl Listed for Tag {
    const PAGE: &'static str = "TagPage";
    const DESCRIPTION: &'static str = "A page of tags that have published articles, by name.";
}

impl Listed for Author {
    const PAGE: &'static str = "AuthorPage";
    const DESCRIPTION: &'static str =
        "A page of authors (desks and people) with published articles, by name.";
}

/// One search result: the article's summary (with the fields asked for), how well it
/// matched, and where.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SearchHit {
    pub article: ArticleSummary,
    /// Relevance weighed by age (higher is better); comparable within one result list only.
    pub score: f64,
    pub highlights: SearchHighlights,
}

/// HTML fragments with the matching words in `<mark>`; everything else escaped.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "headline": "Hubungan Korea Utara dan Rusia <mark>menguat</mark>",
    "standfirst": null,
    "snippet": "…kedua negara sepakat <mark>memperkuat</mark> kerja sama militer…"
})))]
pub struct SearchHighlights {
    pub headline: String,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub standfirst: Option<String>,
    /// About 30 words of the body around the most matches (the opening if only the headline matched).
    pub snippet: String,
}

/// Every section of the publication, by name.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SectionList {
    pub data: Vec<Section>,
}

/// A short list of articles, without pages: the breaking news (`GET /breaking`), an
/// article's related stories (`GET /articles/{slug}/related`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ArticleList {
    pub data: Vec<ArticleSummary>,
}
