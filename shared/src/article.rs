//! The article as a news desk means it: structured body blocks are the source
//! of truth; HTML, plain text, word count and reading time are derived from them.

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::media::{Figure, ImageLayout};

/// A published (or, for staff, any-state) article.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "id": "01980000-0000-7000-8000-000000000001",
    "slug": "hubungan-antara-korea-utara-dan-rusia",
    "language": "id",
    "headline": "Hubungan antara Korea Utara dan Rusia menunjukkan peningkatan signifikan",
    "headline_derived": true,
    "standfirst": null,
    "dateline": {"text": "Pyongyang, Korea Utara", "place": {"city": "Pyongyang", "country": "Korea Utara"}},
    "byline": {"text": "Redaksi Global Insight", "authors": [{"slug": "redaksi-global-insight", "name": "Redaksi Global Insight", "kind": "desk"}]},
    "section": {"slug": "internasional", "name": "Internasional"},
    "tags": [],
    "body": [
        {"type": "paragraph", "text": "Hubungan antara Korea Utara dan Rusia menunjukkan peningkatan signifikan."},
        {"type": "heading", "level": 2, "text": "Aliansi yang Semakin Kuat"},
        {"type": "quote", "text": "Rusia berhak mempertahankan dirinya.", "speaker": "Kim", "attribution": "ujar Kim dari Balai Besar Rakyat di Pyongyang."}
    ],
    "body_html": "<p>Hubungan antara Korea Utara dan Rusia menunjukkan peningkatan signifikan.</p>",
    "body_text": "Hubungan antara Korea Utara dan Rusia menunjukkan peningkatan signifikan.",
    "word_count": 9,
    "reading_time_minutes": 1,
    "status": "published",
    "first_published_at": "2025-07-13T00:00:00+07:00",
    "published_at": "2025-07-13T00:00:00+07:00",
    "updated_at": "2025-07-13T00:00:00+07:00",
    "version": 1,
    "corrections": []
})))]
pub struct Article {
    pub id: crate::ids::ArticleId,
    /// Unique, derived from the headline; stable once the article is published.
    pub slug: String,
    /// BCP 47 language tag, e.g. `id` or `en`.
    pub language: String,
    pub headline: String,
    /// True when the headline was derived from the lead at import, so an editor should write one.
    pub headline_derived: bool,
    /// Summary shown under the headline.
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub standfirst: Option<String>,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub dateline: Option<Dateline>,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub byline: Option<Byline>,
    pub section: SectionRef,
    pub tags: Vec<TagRef>,
    /// Ordered structured blocks: the source of truth for the body.
    pub body: Vec<Block>,
    /// Rendered from `body` by the server; every text is HTML-escaped.
    pub body_html: String,
    /// Plain text rendered from `body`, paragraphs separated by blank lines.
    pub body_text: String,
    pub word_count: u32,
    pub reading_time_minutes: u32,
    pub status: ArticleStatus,
    /// When the article was first published; never changes afterwards.
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub first_published_at: Option<DateTime<FixedOffset>>,
    /// The publication time shown to readers (RFC 3339, the desk's time zone).
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub published_at: Option<DateTime<FixedOffset>>,
    pub updated_at: DateTime<FixedOffset>,
    /// Increments on every change.
    pub version: i64,
    /// Public corrections, oldest first.
    pub corrections: Vec<Correction>,
    /// People, places and organisations the article is about, most mentioned first.
    #[serde(default)]
    pub entities: Vec<crate::entities::EntityRef>,
    /// IPTC Media Topics.
    #[serde(default)]
    pub subjects: Vec<crate::entities::Subject>,
    /// Staff only: when the author submitted the draft for review. Never on a published article.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub review_requested_at: Option<DateTime<FixedOffset>>,
    /// The image shown with the article: the library's image, the article's own alt
    /// text, caption and credit for it, and in `shown` what readers get (with its
    /// renditions), as in an image block.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub featured_image: Option<Figure>,
    /// The editorial urgency, as IPTC and ninjs count it: 1 (flash) to 9 (lowest);
    /// 5 is ordinary news.
    #[serde(default = "default_urgency")]
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 9))]
    pub urgency: u8,
    /// Breaking news until then: while it lasts (and the story is public) readers see
    /// it in a banner on every page and first in feeds. `null`: not breaking news.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub breaking_until: Option<DateTime<FixedOffset>>,
    /// A live blog (`open` while entries come, `closed` after; its entries at
    /// `/articles/{slug}/entries`, pushed at `/articles/{slug}/live`); `null`: an article.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub live: Option<LiveState>,
    /// The same story in other languages, as readers can read them (public ones).
    #[serde(default)]
    pub translations: Vec<Translation>,
    /// The article this one was translated from.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub translation_of: Option<crate::ids::ArticleId>,
}

/// The same story in another language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Translation {
    pub id: crate::ids::ArticleId,
    /// BCP 47 language tag.
    pub language: String,
    pub slug: String,
    pub headline: String,
}

words! {
    /// Whether a live blog still takes entries.
    pub enum LiveState {
        /// Entries are being added; readers on the page receive them as they come.
        Open = "open",
        /// It has ended: no new entries.
        Closed = "closed",
    }
}

fn default_urgency() -> u8 {
    crate::DEFAULT_URGENCY
}

impl Article {
    /// The featured image as readers get it.
    pub fn featured(&self) -> Option<&crate::media::PlacedImage> {
        self.featured_image.as_ref()?.shown.as_deref()
    }
}

/// A public correction to a published article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "id": "01980000-0000-7000-8000-0000000000c1",
    "text": "Versi sebelumnya menyebut pertemuan berlangsung dua jam; yang benar lebih dari tiga jam.",
    "published_at": "2025-07-14T09:30:00+07:00"
})))]
pub struct Correction {
    pub id: Uuid,
    pub text: String,
    pub published_at: DateTime<FixedOffset>,
}

/// Where the story was filed from, as printed (`Pyongyang, Korea Utara`) and as a place.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Dateline {
    pub text: String,
    pub place: Place,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Place {
    pub city: String,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub country: Option<String>,
}

/// The byline as printed and the authors (desks or people) it names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Byline {
    pub text: String,
    pub authors: Vec<AuthorRef>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuthorRef {
    pub slug: String,
    pub name: String,
    pub kind: AuthorKind,
    /// What they do at the desk ("Koresponden Seoul"), from their profile.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub job_title: Option<String>,
}

/// A byline names either a desk (`Redaksi Global Insight`) or a person.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AuthorKind {
    Desk,
    Person,
}

impl AuthorKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Desk => "desk",
            Self::Person => "person",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "desk" => Some(Self::Desk),
            "person" => Some(Self::Person),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SectionRef {
    pub slug: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TagRef {
    pub slug: String,
    pub name: String,
}

/// One block of an article body, tagged by `type`. Each kind is a type of its own, so
/// the contract can name it (`ParagraphBlock`, …) and a client generated from it decodes
/// a block into its kind (the `discriminator` on `type`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Block {
    Paragraph(ParagraphBlock),
    Heading(HeadingBlock),
    Quote(QuoteBlock),
    List(ListBlock),
    Image(ImageBlock),
    Gallery(GalleryBlock),
}

/// A paragraph. Plain `text`, or inline markup in `html`: links and emphasis
/// (`a` with `href`/`title`, `em`, `strong`, `i`, `b`, `code`, `s`, `sub`, `sup`)
/// pass an allow-list sanitiser, everything else is removed, and links get
/// `rel="noopener noreferrer nofollow"`. With `html`, `text` is derived from it:
/// send either, or both as the server returned them (a `text` that disagrees
/// with `html` is refused).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ParagraphBlock {
    /// The paragraph as plain text; always present in responses.
    #[serde(default)]
    pub text: String,
    /// The sanitised inline markup; absent when the paragraph has none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub html: Option<String>,
}

/// A sub-heading; `level` 2 is the first level under the headline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HeadingBlock {
    #[cfg_attr(feature = "openapi", schema(minimum = 2, maximum = 6))]
    pub level: u8,
    pub text: String,
}

/// A direct quotation set apart from the text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QuoteBlock {
    /// The words quoted, without quotation marks.
    pub text: String,
    /// The speaker as written in the copy (`Kim`).
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub speaker: Option<String>,
    /// The attribution sentence as written (`ujar Kim dari Balai Besar Rakyat di Pyongyang.`).
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub attribution: Option<String>,
}

/// A bulleted (`ordered: false`) or numbered list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ListBlock {
    pub ordered: bool,
    pub items: Vec<String>,
}

/// A picture in the body: an image of the library, shown as wide as `layout` says.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImageBlock {
    pub image: Figure,
    #[serde(default)]
    pub layout: ImageLayout,
}

/// Pictures shown together, in order, with a caption for the set.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GalleryBlock {
    /// 2 to 50 images.
    pub images: Vec<Figure>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub caption: Option<String>,
}

/// `Block` in the contract: `oneOf` the four kinds by reference, with a discriminator on
/// `type` — serde's tag, which the kinds' own schemas do not carry, so each gets it here
/// as a required one-value property.
#[cfg(feature = "openapi")]
mod block_schema {
    use utoipa::openapi::schema::{Discriminator, ObjectBuilder, OneOfBuilder, Schema, Type};
    use utoipa::openapi::{Ref, RefOr};
    use utoipa::{PartialSchema, ToSchema};

    use super::{
        Block, GalleryBlock, HeadingBlock, ImageBlock, ListBlock, ParagraphBlock, QuoteBlock,
    };

    /// Each kind: its `type` tag, its schema's name and its schema.
    fn kinds() -> [(&'static str, String, RefOr<Schema>); 6] {
        [
            (
                "paragraph",
                ParagraphBlock::name().into(),
                ParagraphBlock::schema(),
            ),
            (
                "heading",
                HeadingBlock::name().into(),
                HeadingBlock::schema(),
            ),
            ("quote", QuoteBlock::name().into(), QuoteBlock::schema()),
            ("list", ListBlock::name().into(), ListBlock::schema()),
            ("image", ImageBlock::name().into(), ImageBlock::schema()),
            (
                "gallery",
                GalleryBlock::name().into(),
                GalleryBlock::schema(),
            ),
        ]
    }

    fn reference(name: &str) -> String {
        format!("#/components/schemas/{name}")
    }

    impl PartialSchema for Block {
        fn schema() -> RefOr<Schema> {
            let mut discriminator = Discriminator::new("type");
            let mut one_of = OneOfBuilder::new().description(Some(
                "One block of an article body; `type` says which kind.",
            ));
            for (tag, name, _) in kinds() {
                discriminator.mapping.insert(tag.into(), reference(&name));
                one_of = one_of.item(Ref::new(reference(&name)));
            }
            one_of.discriminator(Some(discriminator)).into()
        }
    }

    impl ToSchema for Block {
        fn schemas(schemas: &mut Vec<(String, RefOr<Schema>)>) {
            // What the kinds refer to.
            <ImageBlock as ToSchema>::schemas(schemas);
            <GalleryBlock as ToSchema>::schemas(schemas);
            for (tag, name, schema) in kinds() {
                let RefOr::T(Schema::Object(mut object)) = schema else {
                    unreachable!("a block kind is an object");
                };
                let tag_schema = ObjectBuilder::new()
                    .schema_type(Type::String)
                    .enum_values(Some([tag]))
                    .build();
                object.properties.insert("type".into(), tag_schema.into());
                // The tag first, as clients print it.
                object.properties.move_index(object.properties.len() - 1, 0);
                object.required.insert(0, "type".into());
                schemas.push((name, RefOr::T(Schema::Object(object))));
            }
        }
    }
}

impl Block {
    /// The images the block shows, each with where it is in the block (`image`,
    /// `images[1]`), for messages naming the field.
    pub fn figures(&self) -> Vec<(String, &Figure)> {
        match self {
            Self::Image(block) => vec![("image".to_owned(), &block.image)],
            Self::Gallery(block) => block
                .images
                .iter()
                .enumerate()
                .map(|(i, figure)| (format!("images[{i}]"), figure))
                .collect(),
            _ => Vec::new(),
        }
    }

    /// The same, to change.
    pub fn figures_mut(&mut self) -> Vec<&mut Figure> {
        match self {
            Self::Image(block) => vec![&mut block.image],
            Self::Gallery(block) => block.images.iter_mut().collect(),
            _ => Vec::new(),
        }
    }

    /// A paragraph of plain text.
    pub fn paragraph(text: impl Into<String>) -> Self {
        Self::Paragraph(ParagraphBlock {
            text: text.into(),
            html: None,
        })
    }
}

words! {
    /// Where an article is in its life. Only `published` articles are public.
    pub enum ArticleStatus {
        Draft = "draft",
        Scheduled = "scheduled",
        Published = "published",
        Unpublished = "unpublished",
    }
}
