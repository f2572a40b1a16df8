//! Entities (people, places, organisations), direct quotes and IPTC subjects: the
//! structure of the copy, as data.

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

use crate::pagination::{Listed, Page};

words! {
    /// What an entity is.
    pub enum EntityKind {
        Person = "person",
        Place = "place",
        Organisation = "organisation",
    }
}

/// An entity an article is about, with how often the article names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "slug": "kim-jong-un", "name": "Kim Jong Un", "kind": "person",
    "wikidata": "Q56226", "mentions": 9
})))]
pub struct EntityRef {
    pub slug: String,
    pub name: String,
    pub kind: EntityKind,
    /// The Wikidata item (`Q…`), where known.
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub wikidata: Option<String>,
    /// Times the article names it (by any alias); 0 when an editor added it.
    pub mentions: u32,
}

/// An entity of the gazetteer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "slug": "korea-utara", "name": "Korea Utara", "kind": "place", "wikidata": "Q423",
    "aliases": ["Korea Utara", "Korut", "North Korea", "DPRK"], "article_count": 2
})))]
pub struct Entity {
    pub slug: String,
    pub name: String,
    pub kind: EntityKind,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub wikidata: Option<String>,
    /// The names it goes by in copy, matched as whole words.
    pub aliases: Vec<String>,
    /// Published articles about it.
    pub article_count: u64,
}

pub type EntityPage = Page<Entity>;

impl Listed for Entity {
    const PAGE: &'static str = "EntityPage";
    const DESCRIPTION: &'static str = "A page of entities, most written-about first.";
}

/// A new entity for the gazetteer (editors).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewEntity {
    pub name: String,
    pub kind: EntityKind,
    /// Names in copy besides `name` (which is always one).
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub wikidata: Option<String>,
}

/// An editor's correction of the entities recognised in one article: entities to add
/// though not named, and entities to drop though named. Replaces earlier corrections.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct EntityOverrides {
    /// Entity slugs the article is about.
    #[serde(default)]
    pub include: Vec<String>,
    /// Entity slugs recognised wrongly.
    #[serde(default)]
    pub exclude: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum QuoteKind {
    /// A quote block of the body.
    Block,
    /// Quoted words inside a paragraph or sub-heading.
    Inline,
}

/// The article a quote is from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QuotedIn {
    pub id: crate::ids::ArticleId,
    pub slug: String,
    pub headline: String,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub published_at: Option<DateTime<FixedOffset>>,
}

/// A direct quote and who said it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "text": "mengacaukan stabilitas global dan menimbulkan efek domino konflik di kawasan Asia Timur.",
    "kind": "inline", "block": 11, "speaker": "Antony Blinken",
    "entity": {"slug": "antony-blinken", "name": "Antony Blinken", "kind": "person", "wikidata": null, "mentions": 1},
    "article": {"id": "01980000-0000-7000-8000-000000000001", "slug": "hubungan-antara-korea-utara-dan-rusia-menunjukkan-peningkatan-signifikan-dalam",
                "headline": "Hubungan antara Korea Utara dan Rusia menunjukkan peningkatan signifikan dalam beberapa bulan terakhir",
                "published_at": "2025-07-13T00:00:00+07:00"}
})))]
pub struct Quote {
    /// The words quoted, without quotation marks.
    pub text: String,
    pub kind: QuoteKind,
    /// Index of the body block it is in.
    pub block: u32,
    /// The speaker as the copy names them (`Kim`), when it does.
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub speaker: Option<String>,
    /// The entity the speaker is (`Kim` → Kim Jong Un), when known.
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub entity: Option<EntityRef>,
    pub article: QuotedIn,
}

pub type QuotePage = Page<Quote>;

impl Listed for Quote {
    const PAGE: &'static str = "QuotePage";
    const DESCRIPTION: &'static str =
        "A page of quotes, newest article first, in order within an article.";
}

/// An IPTC Media Topic the article is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "code": "medtop:16000000", "name": "conflict, war and peace",
    "uri": "http://cv.iptc.org/newscodes/mediatopic/16000000"
})))]
pub struct Subject {
    /// `medtop:` and the Media Topic's number.
    pub code: String,
    /// IPTC's English label.
    pub name: String,
    pub uri: String,
}

words! {
    /// How recognition found a name: in the gazetteer, or by which of the words
    /// around it (strongest first).
    pub enum FoundBy {
        /// A name the gazetteer has.
        Gazetteer = "gazetteer",
        /// A long name with its acronym (`Organisasi Perdagangan Dunia (WTO)`), or the acronym.
        Acronym = "acronym",
        /// After a title or office (`Presiden`, `Menteri Keuangan`).
        Title = "title",
        /// Named as who said something (`kata X`, `X mengatakan`, a quote's speaker).
        Speaker = "speaker",
        /// In the dateline.
        Dateline = "dateline",
        /// An Indonesian district (kecamatan) of a regency or city the article names.
        District = "district",
        /// Its own first or last word (`Kementerian …`, `… Group`, `Gunung …`).
        NameWord = "name-word",
        /// After `di`, `ke`, `dari`, `in`, `from`, or beside places in a list.
        Preposition = "preposition",
        /// After a lowercase noun that says what follows (`perusahaan`, `pelatih`).
        Noun = "noun",
        /// The same name, or a person's first or last name, found elsewhere with its kind.
        Repeat = "repeat",
        /// Capitalised words and nothing else to go on.
        Capitalised = "capitalised",
    }
}

/// A name recognition found in an article that no entity has: for the newsroom to
/// accept as an entity (`POST /newsroom/entities`), merge into one
/// (`POST /newsroom/entities/{slug}/aliases`) or reject (`POST /newsroom/rejected-names`).
/// Not public until accepted or merged.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "name": "Sunardi Katili", "kind": "person", "found_by": "title", "mentions": 2
})))]
pub struct EntitySuggestion {
    /// The fullest form the article has (`Sunardi Katili` for `Sunardi` too).
    pub name: String,
    /// What recognition takes it for.
    pub kind: EntityKind,
    /// The strongest evidence the article gives.
    pub found_by: FoundBy,
    /// Times the article names it.
    pub mentions: u32,
}

/// An article's suggested names, the most mentioned first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EntitySuggestionList {
    pub data: Vec<EntitySuggestion>,
}

/// Another name an entity goes by in copy: a suggestion merged into it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewAlias {
    /// 1 to 200 characters (spaces around it aside), not all spaces.
    #[cfg_attr(
        feature = "openapi",
        schema(min_length = 1, max_length = 200, pattern = "\\S", example = "KNTN")
    )]
    pub alias: String,
}

/// A name editors rejected: recognition never suggests it again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct RejectName {
    /// 1 to 200 characters (spaces around it aside), not all spaces; case and spacing
    /// inside do not matter.
    #[cfg_attr(
        feature = "openapi",
        schema(
            min_length = 1,
            max_length = 200,
            pattern = "\\S",
            example = "Sulastri Handoko"
        )
    )]
    pub name: String,
}

/// A rejected name, and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RejectedName {
    pub name: String,
    pub rejected_at: DateTime<FixedOffset>,
}

/// The rejected names, the latest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RejectedNameList {
    pub data: Vec<RejectedName>,
}
