//! The query string of every operation that takes one, as one type per operation,
//! named after the operation (`listArticles` → `ListArticlesQuery`). The server reads
//! each with one strict extractor (`backend::http::query::Query<T>`: unknown and
//! repeated parameters refused, a wrong value refused naming its parameter); the
//! contract's parameters are the same type's `IntoParams` (with the `openapi` feature);
//! the web app builds its requests from it, encoded by serde.
//!
//! The values are types that check themselves as they are read — a slug, a language
//! tag, a time bound, a bounded number, a set of fields — so a value means the same in
//! every operation that takes it.

use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::entities::EntityKind;
use crate::{ArticleStatus, slug};

/// A slug: lowercase letters and digits in words joined by single hyphens, at most
/// `slug::MAX_SLUG_LEN` characters (what `slug::is_slug` accepts).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Slug(String);

impl Slug {
    pub fn new(text: &str) -> Option<Self> {
        slug::is_slug(text).then(|| Self(text.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Slug {
    type Error = String;

    fn try_from(text: String) -> Result<Self, String> {
        if slug::is_slug(&text) {
            Ok(Self(text))
        } else {
            Err(format!(
                "must be a slug (lowercase letters, digits and hyphens), not {text:?}"
            ))
        }
    }
}

impl From<Slug> for String {
    fn from(slug: Slug) -> Self {
        slug.0
    }
}

/// A BCP 47 language tag such as `id` or `en`: letters, digits and hyphens, 2 to 35
/// characters, starting with a letter; kept in lowercase.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct LanguageTag(String);

impl LanguageTag {
    pub const PATTERN: &'static str = "^[A-Za-z][A-Za-z0-9]{0,7}(-[A-Za-z0-9]{1,8})*$";

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for LanguageTag {
    type Error = String;

    fn try_from(text: String) -> Result<Self, String> {
        let well_formed = (2..=35).contains(&text.len())
            && text.split('-').all(|part| {
                !part.is_empty()
                    && part.len() <= 8
                    && part.bytes().all(|b| b.is_ascii_alphanumeric())
            })
            && text.bytes().next().is_some_and(|b| b.is_ascii_alphabetic());
        if well_formed {
            Ok(Self(text.to_ascii_lowercase()))
        } else {
            Err(format!(
                "must be a BCP 47 language tag such as `id` or `en`, not {text:?}"
            ))
        }
    }
}

impl From<LanguageTag> for String {
    fn from(tag: LanguageTag) -> Self {
        tag.0
    }
}

/// A bound on a publication time: a date (`2025-07-13`, the whole day at the desk) or
/// an RFC 3339 time. The server turns a date into the desk's day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum TimeBound {
    Date(NaiveDate),
    Time(DateTime<FixedOffset>),
}

impl TryFrom<String> for TimeBound {
    type Error = String;

    fn try_from(text: String) -> Result<Self, String> {
        // `FromStr` reads `2025-07-13` without a format string: no strftime parser in the
        // reader's bundle.
        if let Ok(date) = text.parse::<NaiveDate>() {
            return Ok(Self::Date(date));
        }
        DateTime::parse_from_rfc3339(&text).map(Self::Time).map_err(|_| {
            format!(
                "must be a date (`2025-07-13`) or an RFC 3339 time (`2025-07-13T08:00:00+07:00`), not {text:?}"
            )
        })
    }
}

impl From<TimeBound> for String {
    fn from(bound: TimeBound) -> Self {
        match bound {
            TimeBound::Date(date) => date.to_string(),
            TimeBound::Time(time) => time.to_rfc3339(),
        }
    }
}

/// A whole number within bounds, with a default: `page`, `per_page`, `limit`.
macro_rules! bounded {
    ($(#[doc = $doc:literal])* $name:ident, $min:expr, $max:expr, $default:expr) => {
        $(#[doc = $doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
        #[serde(try_from = "String", into = "u32")]
        pub struct $name(u32);

        impl $name {
            pub const MIN: u32 = $min;
            pub const MAX: u32 = $max;

            pub fn new(n: u32) -> Option<Self> {
                (Self::MIN..=Self::MAX).contains(&n).then_some(Self(n))
            }

            pub fn get(self) -> u32 {
                self.0
            }
        }

        impl Default for $name {
            fn default() -> Self {
                Self($default)
            }
        }

        impl TryFrom<String> for $name {
            type Error = String;

            fn try_from(text: String) -> Result<Self, String> {
                text.parse().ok().and_then(Self::new).ok_or_else(|| {
                    format!(
                        "must be an integer from {} to {}, not {text:?}",
                        Self::MIN,
                        Self::MAX
                    )
                })
            }
        }

        impl From<$name> for u32 {
            fn from(n: $name) -> Self {
                n.0
            }
        }

        #[cfg(feature = "openapi")]
        impl utoipa::PartialSchema for $name {
            fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
                let lines: &[&str] = &[$($doc),*];
                let description: Vec<&str> = lines.iter().map(|line| line.trim()).collect();
                utoipa::openapi::schema::ObjectBuilder::new()
                    .schema_type(utoipa::openapi::schema::Type::Integer)
                    .format(Some(utoipa::openapi::schema::SchemaFormat::KnownFormat(
                        utoipa::openapi::schema::KnownFormat::Int32,
                    )))
                    .description(Some(description.join("\n")))
                    .minimum(Some(Self::MIN))
                    .maximum(Some(Self::MAX))
                    .default(Some($default.into()))
                    .into()
            }
        }

        #[cfg(feature = "openapi")]
        impl utoipa::ToSchema for $name {}
    };
}

bounded!(
    /// Page number, from 1.
    PageNumber,
    1,
    100_000,
    1
);
bounded!(
    /// Page number, from 1. A search reaches its first 100 pages: with `per_page` at
    /// most 100, its first 10,000 matches (as Elasticsearch's `max_result_window`).
    SearchPageNumber,
    1,
    100,
    1
);
bounded!(
    /// Items per page.
    PerPage,
    1,
    100,
    20
);
bounded!(
    /// Changes per response.
    ChangeLimit,
    1,
    1000,
    100
);

bounded!(
    /// How many related stories.
    RelatedLimit,
    1,
    20,
    6
);
bounded!(
    /// How many of the most read stories.
    MostReadLimit,
    1,
    20,
    10
);
bounded!(
    /// Entries per response.
    EntryLimit,
    1,
    100,
    20
);
bounded!(
    /// How many of the newest stories follow the picks.
    FrontLatest,
    0,
    50,
    12
);

impl PerPage {
    /// Items before page `page`.
    pub fn offset(self, page: impl Into<u32>) -> usize {
        (page.into() as usize - 1) * self.get() as usize
    }
}

words! {
    /// The time most-read counts views over: the last hour, day or week. Views are
    /// counted per clock hour (UTC), so a window takes every hour it overlaps: `1h` at
    /// 10:30 counts the views from 09:00.
    pub enum ViewWindow {
        Hour = "1h",
        Day = "24h",
        Week = "7d",
    }
}

impl ViewWindow {
    /// The window's length in hours.
    pub const fn hours(self) -> i64 {
        match self {
            Self::Hour => 1,
            Self::Day => 24,
            Self::Week => 24 * 7,
        }
    }
}

// `words!` derives what every such enum has; this one's default is its own.
#[allow(clippy::derivable_impls)]
impl Default for ViewWindow {
    fn default() -> Self {
        Self::Day
    }
}

words! {
    /// Sort order of the article list, by publication time.
    pub enum ArticleOrder {
        Newest = "newest",
        Oldest = "oldest",
    }
}

words! {
    /// Order of search results: by relevance (weighed by age) or by publication time.
    pub enum SearchOrder {
        Relevance = "relevance",
        Newest = "newest",
        Oldest = "oldest",
    }
}

words! {
    /// The representations of an article: our own JSON (`application/json`), IPTC
    /// ninjs 3.1 (`application/ninjs+json`) or schema.org NewsArticle
    /// (`application/ld+json`).
    pub enum ArticleFormat {
        Json = "json",
        Ninjs = "ninjs",
        Jsonld = "jsonld",
    }
}

words! {
    /// The formats of a feed (`/feeds/{format}`): RSS 2.0 (`application/rss+xml`), Atom
    /// 1.0 (`application/atom+xml`) or JSON Feed 1.1 (`application/feed+json`).
    pub enum FeedFormat {
        Rss = "rss",
        Atom = "atom",
        Json = "json",
    }
}

words! {
    /// A field of an article a list adds to its summaries (`fields=body,word_count`).
    /// A summary always has id, slug, language, headline, standfirst, dateline, byline,
    /// section, tags, reading time and publication dates.
    pub enum ArticleField {
        HeadlineDerived = "headline_derived",
        Body = "body",
        BodyHtml = "body_html",
        BodyText = "body_text",
        WordCount = "word_count",
        Status = "status",
        FirstPublishedAt = "first_published_at",
        Version = "version",
        Corrections = "corrections",
        Entities = "entities",
        Subjects = "subjects",
    }
}

words! {
    /// What search results can be counted by (`facets=section,lang`): the matches'
    /// sections, languages, years of publication and the entities they name most.
    pub enum Facet {
        Section = "section",
        Lang = "lang",
        Year = "year",
        Entity = "entity",
    }
}

/// `facets=`: what to count the matches by, comma-separated; each at most once.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct FacetSet(Vec<Facet>);

impl FacetSet {
    pub fn new(facets: impl IntoIterator<Item = Facet>) -> Self {
        let mut set = Self::default();
        for facet in facets {
            if !set.0.contains(&facet) {
                set.0.push(facet);
            }
        }
        set
    }

    pub fn contains(&self, facet: Facet) -> bool {
        self.0.contains(&facet)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl TryFrom<String> for FacetSet {
    type Error = String;

    fn try_from(text: String) -> Result<Self, String> {
        let mut set = Vec::new();
        for name in text.split(',') {
            let facet = Facet::parse(name).ok_or_else(|| {
                format!(
                    "names what results are counted by ({}); {name:?} is not one of them",
                    Facet::choices()
                )
            })?;
            if set.contains(&facet) {
                return Err(format!("names {name:?} twice"));
            }
            set.push(facet);
        }
        Ok(Self(set))
    }
}

impl From<FacetSet> for String {
    fn from(set: FacetSet) -> Self {
        let facets: Vec<&str> = set.0.iter().map(|facet| facet.as_str()).collect();
        facets.join(",")
    }
}

/// The fields every summary has (`ArticleSummary`'s required ones).
pub const SUMMARY_FIELDS: [&str; 13] = [
    "id",
    "slug",
    "language",
    "headline",
    "standfirst",
    "dateline",
    "byline",
    "section",
    "tags",
    "reading_time_minutes",
    "published_at",
    "updated_at",
    "featured_image",
];

/// `fields=`: the article fields added to each summary of a list, comma-separated
/// (`body,body_html`); each at most once.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct FieldSet(Vec<ArticleField>);

impl FieldSet {
    pub fn new(fields: impl IntoIterator<Item = ArticleField>) -> Self {
        let mut set = Self::default();
        for field in fields {
            if !set.0.contains(&field) {
                set.0.push(field);
            }
        }
        set
    }

    pub fn contains(&self, field: ArticleField) -> bool {
        self.0.contains(&field)
    }

    /// The same set in one order, whatever order it was asked in: the fields in
    /// declaration order (for cache keys).
    pub fn canonical(&self) -> String {
        let fields: Vec<&str> = ArticleField::ALL
            .iter()
            .filter(|field| self.contains(**field))
            .map(|field| field.as_str())
            .collect();
        fields.join(",")
    }
}

impl TryFrom<String> for FieldSet {
    type Error = String;

    fn try_from(text: String) -> Result<Self, String> {
        let mut set = Vec::new();
        for name in text.split(',') {
            if SUMMARY_FIELDS.contains(&name) {
                return Err(format!(
                    "names {name:?}, which every summary has; it adds only {}",
                    ArticleField::choices()
                ));
            }
            let Some(field) = ArticleField::parse(name) else {
                return Err(format!(
                    "names fields a summary can add ({}); {name:?} is not one of them",
                    ArticleField::choices()
                ));
            };
            if set.contains(&field) {
                return Err(format!("names {name:?} twice"));
            }
            set.push(field);
        }
        Ok(Self(set))
    }
}

impl From<FieldSet> for String {
    fn from(set: FieldSet) -> Self {
        let fields: Vec<&str> = set.0.iter().map(|field| field.as_str()).collect();
        fields.join(",")
    }
}

#[cfg(feature = "openapi")]
mod schemas {
    use utoipa::openapi::RefOr;
    use utoipa::openapi::schema::{
        ArrayBuilder, KnownFormat, ObjectBuilder, OneOfBuilder, Schema, SchemaFormat, Type,
    };
    use utoipa::{PartialSchema, ToSchema};

    use super::{ArticleField, Facet, FacetSet, FieldSet, LanguageTag, Slug, TimeBound};

    impl PartialSchema for Slug {
        fn schema() -> RefOr<Schema> {
            ObjectBuilder::new()
                .schema_type(Type::String)
                .description(Some(
                    "Lowercase letters and digits in words joined by single hyphens",
                ))
                .pattern(Some("^[a-z0-9]+(-[a-z0-9]+)*$"))
                .max_length(Some(crate::slug::MAX_SLUG_LEN))
                .into()
        }
    }

    impl ToSchema for Slug {}

    impl PartialSchema for LanguageTag {
        fn schema() -> RefOr<Schema> {
            ObjectBuilder::new()
                .schema_type(Type::String)
                .description(Some("A BCP 47 language tag such as `id` or `en`"))
                .pattern(Some(LanguageTag::PATTERN))
                .min_length(Some(2))
                .max_length(Some(35))
                .into()
        }
    }

    impl ToSchema for LanguageTag {}

    impl PartialSchema for TimeBound {
        fn schema() -> RefOr<Schema> {
            let string = |format| {
                ObjectBuilder::new()
                    .schema_type(Type::String)
                    .format(Some(SchemaFormat::KnownFormat(format)))
            };
            OneOfBuilder::new()
                .description(Some(
                    "A date (`2025-07-13`: the whole day at the desk) or an RFC 3339 time",
                ))
                .item(string(KnownFormat::Date))
                .item(string(KnownFormat::DateTime))
                .into()
        }
    }

    impl ToSchema for TimeBound {}

    impl PartialSchema for FieldSet {
        fn schema() -> RefOr<Schema> {
            ArrayBuilder::new()
                .items(ArticleField::schema())
                .unique_items(true)
                .min_items(Some(1))
                .into()
        }
    }

    impl ToSchema for FieldSet {}

    impl PartialSchema for FacetSet {
        fn schema() -> RefOr<Schema> {
            ArrayBuilder::new()
                .items(Facet::schema())
                .unique_items(true)
                .min_items(Some(1))
                .into()
        }
    }

    impl ToSchema for FacetSet {}
}

/// The filters of the article list, also taken by search. Declared once; each
/// operation's query lists them first.
macro_rules! article_query {
    (
        $(#[doc = $doc:literal])*
        pub struct $name:ident { $($fields:tt)* }
    ) => {
        $(#[doc = $doc])*
        #[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
        #[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
        pub struct $name {
            /// Only articles in this section (slug).
            #[cfg_attr(feature = "openapi", param(example = "internasional"))]
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub section: Option<Slug>,
            /// Only articles with this tag (slug).
            #[cfg_attr(feature = "openapi", param(example = "korea-utara"))]
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub tag: Option<Slug>,
            /// Only articles whose byline names this author (slug).
            #[cfg_attr(feature = "openapi", param(example = "redaksi-global-insight"))]
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub author: Option<Slug>,
            /// Only articles about this person, place or organisation (entity slug).
            #[cfg_attr(feature = "openapi", param(example = "kim-jong-un"))]
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub entity: Option<Slug>,
            /// Only articles in this language (BCP 47 tag); a search then analyzes its
            /// query in that language only.
            #[cfg_attr(feature = "openapi", param(example = "id"))]
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub lang: Option<LanguageTag>,
            /// Published at or after: a date (`2025-07-13`, from the start of that day at
            /// the desk) or an RFC 3339 time.
            #[cfg_attr(feature = "openapi", param(example = "2025-07-01"))]
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub from: Option<TimeBound>,
            /// Published at or before: a date (`2025-07-31`, to the end of that day at the
            /// desk) or an RFC 3339 time. Before `from`, nothing matches.
            #[cfg_attr(feature = "openapi", param(example = "2025-07-31"))]
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub to: Option<TimeBound>,
            $($fields)*
        }

        impl $name {
            /// The filters alone.
            pub fn filters(&self) -> ArticleFilters<'_> {
                ArticleFilters {
                    section: self.section.as_ref(),
                    tag: self.tag.as_ref(),
                    author: self.author.as_ref(),
                    entity: self.entity.as_ref(),
                    lang: self.lang.as_ref(),
                    from: self.from,
                    to: self.to,
                }
            }
        }
    };
}

/// The article list's filters, as read from either operation that takes them.
#[derive(Debug, Clone, Copy)]
pub struct ArticleFilters<'a> {
    pub section: Option<&'a Slug>,
    pub tag: Option<&'a Slug>,
    pub author: Option<&'a Slug>,
    pub entity: Option<&'a Slug>,
    pub lang: Option<&'a LanguageTag>,
    pub from: Option<TimeBound>,
    pub to: Option<TimeBound>,
}

article_query! {
    /// `GET /articles` (`listArticles`).
    pub struct ListArticlesQuery {
        /// `newest` (default) or `oldest` first.
        #[cfg_attr(feature = "openapi", param(inline))]
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub order: Option<ArticleOrder>,
        /// Page number, from 1; with `cursor`, pages counted after the cursor.
        #[cfg_attr(feature = "openapi", param(inline))]
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub page: Option<PageNumber>,
        /// Articles per page.
        #[cfg_attr(feature = "openapi", param(inline))]
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub per_page: Option<PerPage>,
        /// Keyset cursor from `pagination.next_cursor`, for deep paging: the list
        /// continues after that article, in the `order` asked for.
        #[cfg_attr(feature = "openapi", param(pattern = "^[A-Za-z0-9_-]{32}$"))]
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub cursor: Option<String>,
        /// Fields added to each summary, comma-separated: `fields=body` for the
        /// structured bodies, `fields=body_html,word_count`, … A summary always has id,
        /// slug, language, headline, standfirst, dateline, byline, section, tags,
        /// reading time and publication dates.
        #[cfg_attr(feature = "openapi", param(inline, style = Form, explode = false, example = json!(["body"])))]
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub fields: Option<FieldSet>,
    }
}

article_query! {
    /// `GET /search` (`searchArticles`).
    pub struct SearchArticlesQuery {
        /// What to look for. Words are all required (`AND` may be written); `OR` between
        /// alternatives; `NOT word` or `-word` excludes; `"a quoted phrase"` matches the
        /// words in that order; parentheses group. Operators are uppercase. Words match
        /// their other forms: Indonesian by root (`kuat` finds `menguatkan` and
        /// `penguatan`), English by stem; common words (`yang`, `dan`, `the`) are ignored.
        /// Mistyped syntax is forgiven (an unclosed quote or parenthesis closes at the
        /// end; a stray `)` or an operator with nothing beside it is ignored); only the
        /// first 32 words and phrases are used, and parentheses group 8 deep. A query with
        /// nothing left to look for (only common words, punctuation or exclusions) finds
        /// nothing. At most 500 characters.
        #[cfg_attr(feature = "openapi", param(
            example = "\"kerja sama\" rusia -ukraina",
            min_length = 1,
            max_length = 500,
            pattern = "\\S"
        ))]
        pub q: String,
        /// `relevance` (default: how well the article matches — a headline match counts
        /// most — weighed down by age, half at `desk.search_recency_days`, 30 by default),
        /// `newest` or `oldest`.
        #[cfg_attr(feature = "openapi", param(inline))]
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub order: Option<SearchOrder>,
        /// Page number, from 1: a search reaches its first 100 pages.
        #[cfg_attr(feature = "openapi", param(inline))]
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub page: Option<SearchPageNumber>,
        /// Results per page.
        #[cfg_attr(feature = "openapi", param(inline))]
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub per_page: Option<PerPage>,
        /// Fields added to each hit's article summary, comma-separated, as in
        /// `listArticles`.
        #[cfg_attr(feature = "openapi", param(inline, style = Form, explode = false, example = json!(["body_text"])))]
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub fields: Option<FieldSet>,
        /// What to count all the matches by, comma-separated: `section`, `lang`, `year`
        /// (each value that has matches), `entity` (the 20 entities the matches name
        /// most). The answer's `facets` has a list for each, with the counts of the
        /// matches under the other filters.
        #[cfg_attr(feature = "openapi", param(inline, style = Form, explode = false, example = json!(["section", "year"])))]
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub facets: Option<FacetSet>,
    }
}

/// `page` and `per_page` alone: `listTags`, `listAuthors`, `listDeliveries`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct PageQuery {
    /// Page number, from 1.
    #[cfg_attr(feature = "openapi", param(inline))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<PageNumber>,
    /// Items per page.
    #[cfg_attr(feature = "openapi", param(inline))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub per_page: Option<PerPage>,
}

/// `GET /articles/{slug}` and `/articles/by-id/{id}` (`getArticle`, `getArticleById`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct GetArticleQuery {
    /// The representation, instead of `Accept`.
    #[cfg_attr(feature = "openapi", param(inline))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<ArticleFormat>,
}

/// `GET /articles/{slug}/related` (`listRelatedArticles`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct RelatedQuery {
    /// How many related stories, best first.
    #[cfg_attr(feature = "openapi", param(inline))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<RelatedLimit>,
}

/// `GET /most-read` (`listMostRead`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct MostReadQuery {
    /// Only stories in this section (slug).
    #[cfg_attr(feature = "openapi", param(example = "internasional"))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub section: Option<Slug>,
    /// Views over the last hour, day (the default) or week.
    #[cfg_attr(feature = "openapi", param(inline))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub window: Option<ViewWindow>,
    /// How many stories, the most read first.
    #[cfg_attr(feature = "openapi", param(inline))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<MostReadLimit>,
}

/// `GET /articles/{slug}/entries` (`listLiveEntries`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct LiveEntriesQuery {
    /// Only the key events.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_events: Option<bool>,
    /// Only entries posted after this one (to catch up).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub since: Option<crate::ids::LiveEntryId>,
    /// Only entries posted before this one (the next page: a page's `older`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub before: Option<crate::ids::LiveEntryId>,
    /// Entries per response.
    #[cfg_attr(feature = "openapi", param(inline))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<EntryLimit>,
}

/// `GET /articles/{slug}/live` (`streamLiveBlog`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct LiveStreamQuery {
    /// Send what happened after this point (an entries page's `stream_after`, or an
    /// event's id); `Last-Event-ID`, when a reconnecting browser sends it, wins. Absent:
    /// from now on.
    #[cfg_attr(feature = "openapi", param(example = "42", pattern = "^[0-9]{1,18}$"))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub after: Option<String>,
}

/// `GET /fronts/{name}` (`getFront`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct GetFrontQuery {
    /// How many of the newest stories follow the picks (0: the picks alone).
    #[cfg_attr(feature = "openapi", param(inline))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub latest: Option<FrontLatest>,
}

/// `GET /changes` (`listChanges`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct ListChangesQuery {
    /// Resume after this cursor (a change's `cursor`, or a page's `next_cursor`); from
    /// the beginning of the log when absent.
    #[cfg_attr(feature = "openapi", param(example = "42", pattern = "^[0-9]{1,18}$"))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub since: Option<String>,
    /// Changes per response.
    #[cfg_attr(feature = "openapi", param(inline))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<ChangeLimit>,
}

/// `GET /entities` (`listEntities`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct ListEntitiesQuery {
    /// Only people, places or organisations.
    #[cfg_attr(feature = "openapi", param(inline))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<EntityKind>,
    /// Page number, from 1.
    #[cfg_attr(feature = "openapi", param(inline))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<PageNumber>,
    /// Items per page.
    #[cfg_attr(feature = "openapi", param(inline))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub per_page: Option<PerPage>,
}

/// `GET /quotes` (`listQuotes`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct ListQuotesQuery {
    /// Only quotes by this person (entity slug).
    #[cfg_attr(feature = "openapi", param(example = "kim-jong-un"))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub speaker: Option<Slug>,
    /// Page number, from 1.
    #[cfg_attr(feature = "openapi", param(inline))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<PageNumber>,
    /// Items per page.
    #[cfg_attr(feature = "openapi", param(inline))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub per_page: Option<PerPage>,
}

/// `GET /feeds/{format}` (`getFeed`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct FeedQuery {
    /// Only this section (slug).
    #[cfg_attr(feature = "openapi", param(example = "internasional"))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub section: Option<Slug>,
    /// Only this tag (slug).
    #[cfg_attr(feature = "openapi", param(example = "korea-utara"))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tag: Option<Slug>,
    /// Only articles about this entity (slug).
    #[cfg_attr(feature = "openapi", param(example = "kim-jong-un"))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entity: Option<Slug>,
    /// The entries of this live blog (slug), newest first, each an item linking to its
    /// place on the page.
    #[cfg_attr(feature = "openapi", param(example = "langsung-ktt-asean"))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub live: Option<Slug>,
}

/// `GET /sitemaps/articles.xml` (`getArticleSitemap`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct SitemapQuery {
    /// Page number, from 1.
    #[cfg_attr(feature = "openapi", param(inline))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<PageNumber>,
}

/// `GET /newsroom/articles` (`listNewsroomArticles`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct ListNewsroomArticlesQuery {
    /// Only articles in this state.
    #[cfg_attr(feature = "openapi", param(inline))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<ArticleStatus>,
    /// Page number, from 1.
    #[cfg_attr(feature = "openapi", param(inline))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<PageNumber>,
    /// Articles per page.
    #[cfg_attr(feature = "openapi", param(inline))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub per_page: Option<PerPage>,
}

/// `GET /newsroom/media` (`listImages`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct ListImagesQuery {
    /// Words in the alt text, caption or credit (any case).
    #[cfg_attr(feature = "openapi", param(example = "pyongyang", max_length = 200))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub q: Option<String>,
    /// Page number, from 1.
    #[cfg_attr(feature = "openapi", param(inline))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<PageNumber>,
    /// Images per page.
    #[cfg_attr(feature = "openapi", param(inline))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub per_page: Option<PerPage>,
}

/// `GET /newsroom/articles/{id}/revisions/{version}/diff` (`diffRevisions`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct DiffRevisionsQuery {
    /// The version to compare with; the one before by default.
    #[cfg_attr(feature = "openapi", param(inline))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub against: Option<Version>,
}

/// An article's version number, from 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "i64")]
pub struct Version(i64);

impl Version {
    pub fn new(n: i64) -> Option<Self> {
        (n >= 1).then_some(Self(n))
    }

    pub fn get(self) -> i64 {
        self.0
    }
}

impl TryFrom<String> for Version {
    type Error = String;

    fn try_from(text: String) -> Result<Self, String> {
        text.parse()
            .ok()
            .and_then(Self::new)
            .ok_or_else(|| format!("must be a version number, not {text:?}"))
    }
}

impl From<Version> for i64 {
    fn from(version: Version) -> Self {
        version.0
    }
}

#[cfg(feature = "openapi")]
impl utoipa::PartialSchema for Version {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        utoipa::openapi::schema::ObjectBuilder::new()
            .schema_type(utoipa::openapi::schema::Type::Integer)
            .format(Some(utoipa::openapi::schema::SchemaFormat::KnownFormat(
                utoipa::openapi::schema::KnownFormat::Int64,
            )))
            .minimum(Some(1))
            .into()
    }
}

#[cfg(feature = "openapi")]
impl utoipa::ToSchema for Version {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_web_app_encodes_what_the_server_reads() {
        let query = ListArticlesQuery {
            section: Slug::new("internasional"),
            from: Some(TimeBound::Date(
                NaiveDate::from_ymd_opt(2025, 7, 1).unwrap(),
            )),
            order: Some(ArticleOrder::Oldest),
            per_page: PerPage::new(5),
            fields: Some(FieldSet::new([ArticleField::Body, ArticleField::WordCount])),
            ..Default::default()
        };
        let encoded = serde_urlencoded::to_string(&query).expect("encodes");
        assert_eq!(
            encoded,
            "section=internasional&from=2025-07-01&order=oldest&per_page=5&fields=body%2Cword_count"
        );
        let read: ListArticlesQuery = serde_urlencoded::from_str(&encoded).expect("reads");
        assert_eq!(read, query);
    }

    #[test]
    fn values_say_what_is_wrong() {
        let wrong = |text: &str| {
            serde_urlencoded::from_str::<ListArticlesQuery>(text)
                .unwrap_err()
                .to_string()
        };
        assert_eq!(
            wrong("per_page=101"),
            "must be an integer from 1 to 100, not \"101\""
        );
        assert_eq!(
            wrong("order=up"),
            "must be one of newest, oldest, not \"up\""
        );
        assert!(wrong("fields=body,headline").contains("\"headline\", which every summary has"));
        assert!(wrong("fields=colour").contains("\"colour\" is not one of them"));
        assert_eq!(wrong("fields=body,body"), "names \"body\" twice");
        assert!(wrong("section=Bad").starts_with("must be a slug"));
    }
}
