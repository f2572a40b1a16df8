//! schema.org `NewsArticle` for an article, as JSON-LD: what search engines and
//! link previews read from the article page's HTML.

use serde_json::{Value, json};
use shared::media::ImageType;
use shared::{Article, AuthorKind, EntityKind};

/// The publisher named in every article.
pub const PUBLISHER: &str = "Global Insight";

/// An author's page as a schema.org `ProfilePage` whose main entity is the `Person` (a
/// desk: the `Organization`): name, job title, bio, photo, their profiles elsewhere
/// (`sameAs`), the language they write in. `site` is the public origin.
pub fn profile_page(author: &shared::Author, site: &str) -> Value {
    let url = format!("{site}{}", shared::urls::author(&author.slug));
    let person = matches!(author.kind, AuthorKind::Person);
    let mut entity = json!({
        "@type": if person { "Person" } else { "Organization" },
        "@id": format!("{url}#{}", if person { "person" } else { "organization" }),
        "name": author.name,
        "url": url,
    });
    if let Some(title) = author.job_title.as_ref().filter(|_| person) {
        entity["jobTitle"] = json!(title);
    }
    if let Some(bio) = &author.bio {
        entity["description"] = json!(bio);
    }
    if let Some(photo) = &author.photo {
        // Square, as a portrait is shown; else the largest.
        let shown = photo.crop("1x1", ImageType::Jpeg).or_else(|| {
            photo
                .renditions
                .iter()
                .filter(|r| r.media_type == ImageType::Jpeg)
                .max_by_key(|r| r.width)
        });
        if let Some(rendition) = shown {
            entity["image"] = json!(format!("{site}{}", rendition.url));
        }
    }
    if !author.links.is_empty() {
        entity["sameAs"] = json!(
            author
                .links
                .iter()
                .map(|l| l.url.as_str())
                .collect::<Vec<_>>()
        );
    }
    if let Some(language) = author.language.as_ref().filter(|_| person) {
        entity["knowsLanguage"] = json!(language);
    }
    json!({
        "@context": "https://schema.org",
        "@type": "ProfilePage",
        "url": url,
        "mainEntity": entity,
    })
}

/// `site` is the public origin (`https://example.id`, no trailing slash).
pub fn news_article(article: &Article, site: &str) -> Value {
    let url = format!("{site}{}", shared::urls::article(&article.slug));
    let authors: Vec<Value> = article
        .byline
        .iter()
        .flat_map(|b| &b.authors)
        .map(|a| {
            let mut author = json!({
                "@type": match a.kind { AuthorKind::Desk => "Organization", AuthorKind::Person => "Person" },
                "name": a.name,
                "url": format!("{site}{}", shared::urls::author(&a.slug)),
            });
            if let (Some(title), AuthorKind::Person) = (&a.job_title, a.kind) {
                author["jobTitle"] = json!(title);
            }
            author
        })
        .collect();
    let mut value = json!({
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "@id": url,
        "url": url,
        "mainEntityOfPage": url,
        "headline": article.headline,
        "description": description(article),
        "inLanguage": article.language,
        "articleSection": article.section.name,
        "keywords": article.tags.iter().map(|t| t.name.as_str()).collect::<Vec<_>>(),
        "wordCount": article.word_count,
        "dateModified": article.updated_at.to_rfc3339(),
        "author": authors,
        "publisher": {"@type": "NewsMediaOrganization", "name": PUBLISHER, "url": site},
        "isAccessibleForFree": true,
    });
    if let Some(at) = &article.published_at {
        value["datePublished"] = json!(at.to_rfc3339());
    }
    if let Some(dateline) = &article.dateline {
        value["dateline"] = json!(dateline.text);
        value["locationCreated"] = json!({"@type": "Place", "name": dateline.text});
    }
    if !article.entities.is_empty() {
        // schema.org: what the article is about, with Wikidata as `sameAs`.
        value["about"] = article
            .entities
            .iter()
            .map(|e| {
                let kind = match e.kind {
                    EntityKind::Person => "Person",
                    EntityKind::Place => "Place",
                    EntityKind::Organisation => "Organization",
                };
                let mut thing = json!({"@type": kind, "name": e.name});
                if let Some(q) = &e.wikidata {
                    thing["sameAs"] = json!(format!("https://www.wikidata.org/wiki/{q}"));
                }
                thing
            })
            .collect();
    }
    if let Some(image) = article.featured() {
        // Google's article guidelines: the picture at 16:9, 4:3 and 1:1.
        let images: Vec<Value> = ["16x9", "4x3", "1x1"]
            .iter()
            .filter_map(|ratio| image.crop(ratio, ImageType::Jpeg))
            .map(|r| {
                let mut object = json!({
                    "@type": "ImageObject",
                    "url": format!("{site}{}", r.url),
                    "contentUrl": format!("{site}{}", r.url),
                    "width": r.width,
                    "height": r.height,
                    "encodingFormat": r.media_type.as_str(),
                });
                for (key, value) in [
                    ("caption", &image.caption),
                    ("description", &image.alt),
                    ("creditText", &image.credit),
                ] {
                    if let Some(value) = value {
                        object[key] = json!(value);
                    }
                }
                if let Some(holder) = &image.copyright_holder {
                    object["copyrightHolder"] = json!({"@type": "Organization", "name": holder});
                }
                object
            })
            .collect();
        if !images.is_empty() {
            value["image"] = Value::Array(images);
        }
    }
    // The same story in other languages: what it was translated from, and the others.
    for t in &article.translations {
        let work = json!({
            "@type": "NewsArticle",
            "@id": format!("{site}{}", shared::urls::article(&t.slug)),
            "headline": t.headline,
            "inLanguage": t.language,
        });
        if article.translation_of == Some(t.id) {
            value["translationOfWork"] = work;
        } else {
            match value["workTranslation"].as_array_mut() {
                Some(works) => works.push(work),
                None => value["workTranslation"] = json!([work]),
            }
        }
    }
    if !article.corrections.is_empty() {
        value["correction"] = article
            .corrections
            .iter()
            .map(|c| {
                json!({
                    "@type": "CorrectionComment",
                    "text": c.text,
                    "datePublished": c.published_at.to_rfc3339(),
                })
            })
            .collect();
    }
    value
}

/// How many of a live blog's newest entries its JSON-LD carries.
pub const LIVE_UPDATES: i64 = 20;

/// A live blog as schema.org `LiveBlogPosting`: the article's description, the time it
/// covers (from publication; to its newest entry once closed) and its newest entries
/// (`entries`, newest first) as `liveBlogUpdate`s.
pub fn live_blog_posting(
    article: &Article,
    site: &str,
    entries: &[shared::live::LiveEntry],
) -> Value {
    let mut value = news_article(article, site);
    let Some(live) = article.live else {
        return value;
    };
    let url = format!("{site}{}", shared::urls::article(&article.slug));
    value["@type"] = json!("LiveBlogPosting");
    if let Some(at) = &article.first_published_at {
        value["coverageStartTime"] = json!(at.to_rfc3339());
    }
    if live == shared::live::LiveState::Closed {
        let end = entries.first().map_or(article.updated_at, |e| e.created_at);
        value["coverageEndTime"] = json!(end.to_rfc3339());
    }
    value["liveBlogUpdate"] = entries
        .iter()
        .map(|entry| {
            let (headline, text) = super::live::headline_and_text(entry);
            json!({
                "@type": "BlogPosting",
                "@id": format!("{url}#entri-{}", entry.id),
                "url": format!("{url}#entri-{}", entry.id),
                "headline": headline,
                "articleBody": text,
                "datePublished": entry.created_at.to_rfc3339(),
                "dateModified": entry.updated_at.to_rfc3339(),
            })
        })
        .collect();
    value
}

/// The standfirst, or else the start of the text cut at a word (about 160 characters).
pub fn description(article: &Article) -> String {
    if let Some(standfirst) = &article.standfirst {
        return standfirst.clone();
    }
    const MAX: usize = 160;
    let text = article.body_text.split("\n\n").next().unwrap_or_default();
    if text.chars().count() <= MAX {
        return text.to_owned();
    }
    let mut out = String::new();
    for word in text.split_whitespace() {
        if out.chars().count() + word.chars().count() + 1 > MAX - 1 {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out.push('…');
    out
}

/// JSON for inside `<script>`: `<`, `>` and `&` escaped, so no text can close the element.
pub fn script_safe(value: &Value) -> String {
    script_safe_text(&value.to_string())
}

/// `script_safe` for JSON already written (those characters occur only in its strings,
/// where the escapes mean the same).
pub fn script_safe_text(json: &str) -> String {
    json.replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}
