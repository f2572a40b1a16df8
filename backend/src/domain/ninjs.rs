//! An article as IPTC ninjs 3.1.

use shared::media::PlacedImage;
use shared::ninjs::{
    NinjsAltId, NinjsBody, NinjsConcept, NinjsItem, NinjsPicture, NinjsPoint, NinjsRendition,
    NinjsSource, NinjsStandard, NinjsText,
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
        urgency: article.urgency,
        copyright_holder: PUBLISHER.to_owned(),
        language: article.language.clone(),
        headlines: vec![text("main", &article.headline)],
        descriptions,
        bodies: vec![
            body("text/html", &shared::render::body_html_at(article, site)),
            body("text/plain", &article.body_text),
        ],
        by: article.byline.as_ref().map(|b| b.text.clone()),
        located: article.dateline.as_ref().map(|d| d.text.clone()),
        slugline: article.slug.clone(),
        subjects,
        places,
        people: about(EntityKind::Person)
            .into_iter()
            .chain(bylined(article, site, AuthorKind::Person))
            .collect(),
        organisations: about(EntityKind::Organisation)
            .into_iter()
            .chain(bylined(article, site, AuthorKind::Desk))
            .collect(),
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
        associations: associations(article, site),
        standard: NinjsStandard {
            name: "ninjs".to_owned(),
            version: "3.1".to_owned(),
            schema: SCHEMA.to_owned(),
        },
    }
}

/// The article's pictures as ninjs associations: the featured image, then the body's in
/// order.
/// The byline's people (or desks) as ninjs concepts: `rel` `author`, the author page
/// as `uri`, our slug as `literal`.
fn bylined(article: &Article, site: &str, kind: AuthorKind) -> Vec<NinjsConcept> {
    article
        .byline
        .iter()
        .flat_map(|b| &b.authors)
        .filter(|a| a.kind == kind)
        .map(|a| NinjsConcept {
            name: a.name.clone(),
            rel: "author".to_owned(),
            literal: Some(a.slug.clone()),
            uri: Some(format!("{site}{}", shared::urls::author(&a.slug))),
        })
        .collect()
}

fn associations(article: &Article, site: &str) -> Vec<NinjsPicture> {
    let mut pictures: Vec<NinjsPicture> = article
        .featured()
        .iter()
        .map(|image| picture(image, "featuremedia", "featuremedia", site))
        .collect();
    for (i, block) in article.body.iter().enumerate() {
        let figures = block.figures();
        let several = figures.len() > 1;
        for (j, (_, figure)) in figures.into_iter().enumerate() {
            if let Some(image) = &figure.shown {
                let name = if several {
                    format!("body-{i}-{j}")
                } else {
                    format!("body-{i}")
                };
                pictures.push(picture(image, &name, "body", site));
            }
        }
    }
    // The same story in other languages: `translation-<language>`.
    for translation in &article.translations {
        pictures.push(NinjsPicture {
            name: format!("translation-{}", translation.language),
            rel: "translation".to_owned(),
            // Its public address names it.
            uri: format!("{site}{}", shared::urls::article(&translation.slug)),
            kind: "text".to_owned(),
            headlines: vec![NinjsText {
                role: "main".to_owned(),
                content_type: Some("text/plain".to_owned()),
                value: translation.headline.clone(),
            }],
            descriptions: Vec::new(),
            bodies: Vec::new(),
            by: None,
            copyright_holder: None,
            usage_terms: None,
            language: Some(translation.language.clone()),
            renditions: Vec::new(),
        });
    }
    pictures
}

fn picture(image: &PlacedImage, name: &str, rel: &str, site: &str) -> NinjsPicture {
    let text = |role: &str, value: &str| NinjsText {
        role: role.to_owned(),
        content_type: Some("text/plain".to_owned()),
        value: value.to_owned(),
    };
    let mut descriptions: Vec<NinjsText> = image.alt.iter().map(|alt| text("alt", alt)).collect();
    descriptions.extend(image.caption.iter().map(|c| text("caption", c)));
    NinjsPicture {
        name: name.to_owned(),
        rel: rel.to_owned(),
        uri: format!("urn:uuid:{}", image.id),
        kind: "picture".to_owned(),
        headlines: image.caption.iter().map(|c| text("main", c)).collect(),
        descriptions,
        bodies: image
            .caption
            .iter()
            .map(|c| NinjsBody {
                role: "caption".to_owned(),
                content_type: "text/plain".to_owned(),
                char_count: c.chars().count() as u64,
                word_count: u64::from(shared::render::count_words(c)),
                value: c.clone(),
            })
            .collect(),
        by: image.credit.clone(),
        copyright_holder: image.copyright_holder.clone(),
        usage_terms: image.usage_terms.clone(),
        language: None,
        renditions: image
            .renditions
            .iter()
            .map(|r| {
                let crop = r.name.split_once('-').map(|(ratio, _)| ratio);
                NinjsRendition {
                    name: r.name.clone(),
                    href: format!("{site}{}", r.url),
                    content_type: r.media_type.as_str().to_owned(),
                    width: r.width,
                    height: r.height,
                    size_in_bytes: r.bytes,
                    aspect_ratio: crop.map(|ratio| match ratio {
                        "social" => "40:21".to_owned(),
                        ratio => ratio.replace('x', ":"),
                    }),
                    poi: crop
                        .is_none()
                        .then(|| scaled_focal_point(image, r.width, r.height)),
                }
            })
            .collect(),
    }
}

#[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)] // within the rendition
fn scaled_focal_point(image: &PlacedImage, width: u32, height: u32) -> NinjsPoint {
    NinjsPoint {
        x: (image.focal_point.x * f64::from(width)).round() as u32,
        y: (image.focal_point.y * f64::from(height)).round() as u32,
    }
}
