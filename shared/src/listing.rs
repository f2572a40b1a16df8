//! Sections, tags, authors and the pagination envelope of list responses.

use serde::{Deserialize, Serialize};

use crate::article::AuthorKind;
pub use crate::pagination::{Listed, Page, PageLinks, Pagination};
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

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "slug": "redaksi-global-insight", "name": "Redaksi Global Insight", "kind": "desk",
    "bio": null, "article_count": 1
})))]
pub struct Author {
    pub slug: String,
    pub name: String,
    pub kind: AuthorKind,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub bio: Option<String>,
    /// Published articles whose byline names this author.
    pub article_count: u64,
}

pub type ArticlePage = Page<ArticleSummary>;
pub type CorrectionPage = Page<crate::newsroom::CorrectionNotice>;
pub type TagPage = Page<Tag>;
pub type AuthorPage = Page<Author>;
pub type SearchPage = Page<SearchHit>;

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

impl Listed for SearchHit {
    const PAGE: &'static str = "SearchPage";
    const DESCRIPTION: &'static str = "Search results, most relevant first unless asked otherwise.";
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
