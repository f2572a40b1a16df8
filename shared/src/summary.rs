//! An article as a list shows it: a summary, plus the fields the list was asked for
//! (`fields=`). A reader choosing what to read needs the headline, standfirst,
//! dateline, byline, section, tags, reading time and dates — not 16 KB of body per
//! item; a partner mirroring the archive asks for `fields=body` and gets it.

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

use crate::article::{
    Article, ArticleStatus, Block, Byline, Correction, Dateline, SectionRef, TagRef,
};
use crate::entities::{EntityRef, Subject};
use crate::query::{ArticleField, FieldSet};

/// A published article in a list. The summary's fields are always there; the others
/// only when the list was asked for them with `fields=` (as in `Article`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ArticleSummary {
    pub id: crate::ids::ArticleId,
    pub slug: String,
    pub language: String,
    pub headline: String,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub standfirst: Option<String>,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub dateline: Option<Dateline>,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub byline: Option<Byline>,
    pub section: SectionRef,
    pub tags: Vec<TagRef>,
    pub reading_time_minutes: u32,
    /// The publication time shown to readers (RFC 3339, the desk's time zone).
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub published_at: Option<DateTime<FixedOffset>>,
    pub updated_at: DateTime<FixedOffset>,
    /// The image shown with the article, with its renditions.
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub featured_image: Option<crate::media::Figure>,
    /// With `fields=headline_derived`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub headline_derived: Option<bool>,
    /// With `fields=body`: the structured body.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<Vec<Block>>,
    /// With `fields=body_html`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body_html: Option<String>,
    /// With `fields=body_text`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body_text: Option<String>,
    /// With `fields=word_count`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub word_count: Option<u32>,
    /// With `fields=status` (always `published` in public lists).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<ArticleStatus>,
    /// With `fields=first_published_at`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_published_at: Option<DateTime<FixedOffset>>,
    /// With `fields=version`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<i64>,
    /// With `fields=corrections`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub corrections: Option<Vec<Correction>>,
    /// With `fields=entities`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entities: Option<Vec<EntityRef>>,
    /// With `fields=subjects`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subjects: Option<Vec<Subject>>,
}

impl ArticleSummary {
    /// `article`'s summary with `fields` added.
    pub fn of(article: Article, fields: &FieldSet) -> Self {
        let with = |field: ArticleField| fields.contains(field);
        Self {
            headline_derived: with(ArticleField::HeadlineDerived)
                .then_some(article.headline_derived),
            body: with(ArticleField::Body).then_some(article.body),
            body_html: with(ArticleField::BodyHtml).then_some(article.body_html),
            body_text: with(ArticleField::BodyText).then_some(article.body_text),
            word_count: with(ArticleField::WordCount).then_some(article.word_count),
            status: with(ArticleField::Status).then_some(article.status),
            first_published_at: article
                .first_published_at
                .filter(|_| with(ArticleField::FirstPublishedAt)),
            version: with(ArticleField::Version).then_some(article.version),
            corrections: with(ArticleField::Corrections).then_some(article.corrections),
            entities: with(ArticleField::Entities).then_some(article.entities),
            subjects: with(ArticleField::Subjects).then_some(article.subjects),
            id: article.id,
            slug: article.slug,
            language: article.language,
            headline: article.headline,
            standfirst: article.standfirst,
            dateline: article.dateline,
            byline: article.byline,
            section: article.section,
            tags: article.tags,
            reading_time_minutes: article.reading_time_minutes,
            published_at: article.published_at,
            updated_at: article.updated_at,
            featured_image: article.featured_image,
        }
    }
}
