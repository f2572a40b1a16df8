//! An article as IPTC ninjs 3.1.

use shared::ninjs::{
    NinjsAltId, NinjsBody, NinjsConcept, NinjsItem, NinjsSource, NinjsStandard, NinjsText,
};
use shared::{Article, AuthorKind, EntityKind};

use super::jsonld::PUBLISHER;

pub const SCHEMA: &str = "http://www.iptc.org/std/ninjs/ninjs-schema_3.1.json#";

/// `site` is the public origin (`https://example.id`), for the canonical URL.
pub fn ninjs(article: &Article, site: &str) -> NinjsItem {
    let text = |role: &str, value: &str| NinjsText {
        role: role.to_owned(),
        content_type: Some("text/plain".to_owned()),
        value: value.to_owned(),
    };
    let body = |content_type: &str, value: &str| NinjsBody {
        role: "main".to_owned(),
        content_type: content_type.to_owned(),
        char_count: value.chars().count() as u64,
        word_count: u64::from(article.word_count),
        value: value.to_owned(),
    };
    let mut descriptions: Vec<NinjsText> = article
        .standfirst
        .iter()
        .map(|s| text("summary", s))
        .collect();
    descriptions.extend(article.corrections.iter().map(|c| {
        text(
            "correction",
            &format!("{}: {}", c.published_at.to_rfc3339(), c.text),
        )
    }));
    let mut subjects = vec![NinjsConcept {
        name: article.section.name.clone(),
        rel: "section".to_owned(),
        literal: Some(article.section.slug.clone()),
        uri: None,
    }];
    subjects.extend(article.tags.iter().map(|t| NinjsConcept {
        name: t.name.clone(),
        rel: "tag".to_owned(),
        literal: Some(t.slug.clone()),
        uri: None,
    }));
    subjects.extend(article.subjects.iter().map(|s| NinjsConcept {
        name: s.name.clone(),
        rel: "about".to_owned(),
        literal: Some(s.code.clone()),
        uri: Some(s.uri.clone()),
    }));
    let about = |kind: EntityKind| -> Vec<NinjsConcept> {
        article
            .entities
            .iter()
            .filter(|e| e.kind == kind)
            .map(|e| NinjsConcept {
                name: e.name.clone(),
                rel: "about".to_owned(),
                literal: Some(e.slug.clone()),
                uri: e
                    .wikidata
                    .as_ref()
                    .map(|q| format!("http://www.wikidata.org/entity/{q}")),
            })
            .collect()
    };
    let mut places: Vec<NinjsConcept> = article
        .dateline
        .iter()
        .map(|d| NinjsConcept {
            name: d.text.clone(),
            rel: "located".to_owned(),
            literal: None,
            uri: None,
        })
        .collect();
    places.extend(about(EntityKind::Place));
    NinjsItem {
        uri: format!("urn:uuid:{}", article.id),
        kind: "text".to_owned(),
        representation_type: "full".to_owned(),
        profile: "global-insight-article".to_owned(),
        version: article.version.to_string(),
        first_created: article.first_published_at.unwrap_or(article.updated_at),
        version_created: article.updated_at,
        pub_status: "usable".to_owned(),
        copyright_holder: PUBLISHER.to_owned(),
        language: article.language.clone(),
        headlines: vec![text("main", &article.headline)],
        descriptions,
        bodies: vec![
            body("text/html", &article.body_html),
            body("text/plain", &article.body_text),
        ],
        by: article.byline.as_ref().map(|b| b.text.clone()),
        located: article.dateline.as_ref().map(|d| d.text.clone()),
        slugline: article.slug.clone(),
        subjects,
        places,
        people: about(EntityKind::Person),
        organisations: about(EntityKind::Organisation),
        info_sources: article
            .byline
            .iter()
            .flat_map(|b| &b.authors)
            .map(|a| NinjsSource {
                name: a.name.clone(),
                role: match a.kind {
                    AuthorKind::Desk => "author-desk",
                    AuthorKind::Person => "author",
                }
                .to_owned(),
                literal: a.slug.clone(),
            })
            .collect(),
        alt_ids: vec![
            NinjsAltId {
                role: "slug".to_owned(),
                value: article.slug.clone(),
            },
            NinjsAltId {
                role: "canonical-url".to_owned(),
                value: format!("{site}{}", shared::urls::article(&article.slug)),
            },
        ],
        standard: NinjsStandard {
            name: "ninjs".to_owned(),
            version: "3.1".to_owned(),
            schema: SCHEMA.to_owned(),
        },
    }
}
