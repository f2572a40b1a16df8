//! Sections, tags, authors and the pagination envelope of list responses.

use serde::{Deserialize, Serialize};

use crate::article::AuthorKind;
pub use crate::pagination::{PageLinks, Pagination};

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

macro_rules! page_of {
    ($(#[$doc:meta])* $name:ident, $item:ty) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        pub struct $name {
            pub data: Vec<$item>,
            pub pagination: Pagination,
        }
    };
}

page_of!(
    /// A page of published articles, newest first unless asked otherwise.
    ArticlePage,
    crate::article::Article
);
page_of!(
    /// Public corrections, newest first.
    CorrectionPage,
    crate::newsroom::CorrectionNotice
);
page_of!(
    /// A page of tags that have published articles, by name.
    TagPage,
    Tag
);
page_of!(
    /// A page of authors (desks and people) with published articles, by name.
    AuthorPage,
    Author
);

page_of!(
    /// Search results, most relevant first unless asked otherwise.
    SearchPage,
    SearchHit
);

/// One search result: the article, how well it matched, and where.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SearchHit {
    pub article: crate::article::Article,
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

/// The query of `GET /articles`, for clients that build one (the web app encodes it
/// with `serde_urlencoded`); absent fields are left out.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArticleQuery {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub section: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tag: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub entity: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
    /// A date (`2025-07-01`) or RFC 3339 time.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
    /// `newest` (default) or `oldest`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub order: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub per_page: Option<u32>,
}
