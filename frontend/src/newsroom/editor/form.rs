//! The editor's form: the fields as typed, each body block as the form holds it, and
//! the conversions to and from the API's `ArticleInput` and `Article` (also the
//! preview's article). Callbacks that set one field from an input event.

use shared::media::Figure;
use shared::newsroom::ArticleInput;
use shared::{
    Article, ArticleStatus, Block, Byline, Dateline, HeadingBlock, ListBlock, ParagraphBlock,
    Place, QuoteBlock, SectionRef, TagRef,
};
use yew::prelude::*;

use crate::newsroom::event_value;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Paragraph,
    Heading,
    Quote,
    List,
    /// An image or gallery block, kept as it is; its texts edited in place.
    Picture,
}

/// A body block as the form holds it.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct EditBlock {
    pub(super) kind: Kind,
    /// For a list, one item per line.
    pub(super) text: String,
    pub(super) speaker: String,
    pub(super) attribution: String,
    pub(super) level: u8,
    /// A paragraph's inline markup, sent back while its text is unchanged.
    pub(super) html: Option<(String, String)>,
    /// An image or gallery block.
    pub(super) picture: Option<Block>,
}

impl EditBlock {
    pub(super) fn paragraph() -> Self {
        Self {
            kind: Kind::Paragraph,
            text: String::new(),
            speaker: String::new(),
            attribution: String::new(),
            level: 2,
            html: None,
            picture: None,
        }
    }

    /// A block showing pictures.
    pub(super) fn picture(block: Block) -> Self {
        Self {
            kind: Kind::Picture,
            picture: Some(block),
            ..Self::paragraph()
        }
    }

    pub(super) fn from_block(block: &Block) -> Self {
        let mut edit = Self::paragraph();
        match block {
            Block::Paragraph(ParagraphBlock { text, html }) => {
                edit.text.clone_from(text);
                edit.html = html.clone().map(|h| (text.clone(), h));
            }
            Block::Heading(HeadingBlock { level, text }) => {
                edit.kind = Kind::Heading;
                edit.level = *level;
                edit.text.clone_from(text);
            }
            Block::Quote(QuoteBlock {
                text,
                speaker,
                attribution,
            }) => {
                edit.kind = Kind::Quote;
                edit.text.clone_from(text);
                edit.speaker = speaker.clone().unwrap_or_default();
                edit.attribution = attribution.clone().unwrap_or_default();
            }
            Block::List(ListBlock { ordered, items }) => {
                edit.kind = Kind::List;
                edit.level = u8::from(*ordered);
                edit.text = items.join("\n");
            }
            Block::Image(_) | Block::Gallery(_) => return Self::picture(block.clone()),
        }
        edit
    }

    pub(super) fn to_block(&self) -> Block {
        let some = |s: &str| (!s.trim().is_empty()).then(|| s.trim().to_owned());
        match self.kind {
            Kind::Paragraph => Block::Paragraph(ParagraphBlock {
                text: self.text.clone(),
                html: self
                    .html
                    .as_ref()
                    .filter(|(original, _)| *original == self.text)
                    .map(|(_, html)| html.clone()),
            }),
            Kind::Heading => Block::Heading(HeadingBlock {
                level: self.level.clamp(2, 6),
                text: self.text.clone(),
            }),
            Kind::Quote => Block::Quote(QuoteBlock {
                text: self.text.clone(),
                speaker: some(&self.speaker),
                attribution: some(&self.attribution),
            }),
            Kind::List => Block::List(ListBlock {
                ordered: self.level == 1,
                items: self
                    .text
                    .lines()
                    .map(str::trim)
                    .filter(|l| !l.is_empty())
                    .map(str::to_owned)
                    .collect(),
            }),
            Kind::Picture => self
                .picture
                .clone()
                .unwrap_or_else(|| Block::paragraph(self.text.clone())),
        }
    }
}

/// The editable fields.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Form {
    pub(super) headline: String,
    pub(super) standfirst: String,
    pub(super) dateline: String,
    pub(super) city: String,
    pub(super) country: String,
    pub(super) byline: String,
    pub(super) section: String,
    pub(super) tags: String,
    pub(super) language: String,
    pub(super) blocks: Vec<EditBlock>,
    /// The library's image with the article's own texts (and, for the form, `shown`).
    pub(super) featured_image: Option<Figure>,
    /// 1 (flash) to 9, as the select holds it.
    pub(super) urgency: String,
    /// Breaking news until then: a `datetime-local` value; empty: not breaking.
    pub(super) breaking_until: String,
    /// `open`, `closed` or empty: not a live blog.
    pub(super) live: String,
}

impl Form {
    pub(super) fn blank() -> Self {
        Self {
            headline: String::new(),
            standfirst: String::new(),
            dateline: String::new(),
            city: String::new(),
            country: String::new(),
            byline: String::new(),
            section: "internasional".into(),
            tags: String::new(),
            language: "id".into(),
            blocks: vec![EditBlock::paragraph()],
            featured_image: None,
            urgency: shared::DEFAULT_URGENCY.to_string(),
            breaking_until: String::new(),
            live: String::new(),
        }
    }

    pub(super) fn from_article(a: &Article) -> Self {
        Self {
            headline: a.headline.clone(),
            standfirst: a.standfirst.clone().unwrap_or_default(),
            dateline: a
                .dateline
                .as_ref()
                .map(|d| d.text.clone())
                .unwrap_or_default(),
            city: a
                .dateline
                .as_ref()
                .map(|d| d.place.city.clone())
                .unwrap_or_default(),
            country: a
                .dateline
                .as_ref()
                .and_then(|d| d.place.country.clone())
                .unwrap_or_default(),
            byline: a
                .byline
                .as_ref()
                .map(|b| b.text.clone())
                .unwrap_or_default(),
            section: a.section.slug.clone(),
            tags: a
                .tags
                .iter()
                .map(|t| t.name.as_str())
                .collect::<Vec<_>>()
                .join(", "),
            language: a.language.clone(),
            blocks: a.body.iter().map(EditBlock::from_block).collect(),
            featured_image: a.featured_image.clone(),
            urgency: a.urgency.to_string(),
            breaking_until: a
                .breaking_until
                .as_ref()
                .map(crate::newsroom::local_input)
                .unwrap_or_default(),
            live: a.live.map(|l| l.as_str().to_owned()).unwrap_or_default(),
        }
    }

    pub(super) fn dateline(&self) -> Option<Dateline> {
        let text = self.dateline.trim();
        (!text.is_empty()).then(|| Dateline {
            text: text.to_owned(),
            place: Place {
                city: if self.city.trim().is_empty() {
                    text.split(',').next().unwrap_or(text).trim().to_owned()
                } else {
                    self.city.trim().to_owned()
                },
                country: (!self.country.trim().is_empty()).then(|| self.country.trim().to_owned()),
            },
        })
    }

    pub(super) fn tags(&self) -> Vec<String> {
        self.tags
            .split(',')
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(str::to_owned)
            .collect()
    }

    pub(super) fn input(&self) -> ArticleInput {
        let some = |s: &str| (!s.trim().is_empty()).then(|| s.trim().to_owned());
        ArticleInput {
            headline: self.headline.clone(),
            standfirst: some(&self.standfirst),
            dateline: self.dateline(),
            byline: some(&self.byline),
            section: self.section.clone(),
            tags: self.tags(),
            language: self.language.clone(),
            body: self.blocks.iter().map(EditBlock::to_block).collect(),
            body_markdown: None,
            featured_image: self.featured_image.clone(),
            urgency: self.urgency.parse().ok(),
            breaking_until: crate::newsroom::local_time(&self.breaking_until),
            live: shared::live::LiveState::parse(&self.live),
        }
    }

    /// The article as readers would see it, for the preview.
    pub(super) fn preview(&self, saved: Option<&Article>, section_name: &str) -> Article {
        let now = js_sys::Date::now() as i64;
        let now = chrono::DateTime::from_timestamp_millis(now)
            .unwrap_or_default()
            .fixed_offset();
        let body: Vec<Block> = self.blocks.iter().map(EditBlock::to_block).collect();
        // The reader's page shows the blocks; the server derives the HTML and text on save.
        let words: u32 = self
            .blocks
            .iter()
            .map(|b| shared::render::count_words(&b.text))
            .sum();
        Article {
            // An unsaved draft has no id yet; the preview names none (the nil UUID).
            id: saved.map_or(shared::ArticleId::NIL, |a| a.id),
            slug: saved.map(|a| a.slug.clone()).unwrap_or_default(),
            language: self.language.clone(),
            headline: self.headline.clone(),
            headline_derived: false,
            standfirst: (!self.standfirst.trim().is_empty()).then(|| self.standfirst.clone()),
            dateline: self.dateline(),
            byline: (!self.byline.trim().is_empty()).then(|| Byline {
                text: self.byline.clone(),
                authors: Vec::new(),
            }),
            section: SectionRef {
                slug: self.section.clone(),
                name: section_name.to_owned(),
            },
            tags: self
                .tags()
                .into_iter()
                // The server makes the slug; the preview links nowhere real.
                .map(|name| TagRef {
                    slug: String::new(),
                    name,
                })
                .collect(),
            body,
            body_html: String::new(),
            body_text: String::new(),
            word_count: words,
            reading_time_minutes: shared::render::reading_time(words),
            status: saved.map_or(ArticleStatus::Draft, |a| a.status),
            first_published_at: saved.and_then(|a| a.first_published_at),
            published_at: saved.and_then(|a| a.published_at).or(Some(now)),
            updated_at: now,
            version: saved.map_or(0, |a| a.version),
            corrections: saved.map(|a| a.corrections.clone()).unwrap_or_default(),
            entities: saved.map(|a| a.entities.clone()).unwrap_or_default(),
            subjects: saved.map(|a| a.subjects.clone()).unwrap_or_default(),
            review_requested_at: None,
            featured_image: self.featured_image.clone(),
            urgency: self.urgency.parse().unwrap_or(shared::DEFAULT_URGENCY),
            breaking_until: crate::newsroom::local_time(&self.breaking_until),
            live: shared::live::LiveState::parse(&self.live),
            translations: saved.map(|a| a.translations.clone()).unwrap_or_default(),
            translation_of: saved.and_then(|a| a.translation_of),
        }
    }
}

/// A callback that sets one field of the form from the event's input, textarea or select.
pub(super) fn setter<E: AsRef<Event> + 'static>(
    form: &UseStateHandle<Form>,
    apply: fn(&mut Form, String),
) -> Callback<E> {
    let form = form.clone();
    Callback::from(move |e: E| {
        let mut next = (*form).clone();
        apply(&mut next, event_value(e.as_ref()));
        form.set(next);
    })
}

/// The same for a field of block `i`.
pub(super) fn block_setter<E: AsRef<Event> + 'static>(
    form: &UseStateHandle<Form>,
    i: usize,
    apply: fn(&mut EditBlock, String),
) -> Callback<E> {
    let form = form.clone();
    Callback::from(move |e: E| {
        let mut next = (*form).clone();
        if let Some(block) = next.blocks.get_mut(i) {
            apply(block, event_value(e.as_ref()));
        }
        form.set(next);
    })
}
