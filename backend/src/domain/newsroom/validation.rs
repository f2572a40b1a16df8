//! The limits of an article's fields and the checks of an input, each naming the
//! field it refuses; the body resolved from Markdown or blocks, inline markup sanitised.

use shared::media::{Figure, MAX_IMAGE_TEXT};
use shared::newsroom::ArticleInput;
use shared::slug::{is_slug, slugify};
use shared::{Block, GalleryBlock, HeadingBlock, ListBlock, ParagraphBlock, QuoteBlock};

use super::access::{NewsroomError, invalid};
use crate::domain::markup::{markdown_to_blocks, sanitise_inline};

pub const MAX_HEADLINE: usize = 200;

pub const MAX_STANDFIRST: usize = 500;

pub const MAX_BYLINE: usize = 200;

pub const MAX_TAGS: usize = 20;

pub const MAX_TAG: usize = 60;

pub const MAX_BLOCKS: usize = 500;

pub const MAX_BLOCK_TEXT: usize = 20_000;

pub const MAX_DATELINE: usize = 100;

pub const MAX_CORRECTION: usize = 2_000;

pub const MAX_ALIASES: usize = 20;

/// The most images a gallery shows; it shows at least two.
pub const MAX_GALLERY: usize = 50;

pub(super) fn check_len(
    field: &str,
    value: &str,
    min: usize,
    max: usize,
) -> Result<(), NewsroomError> {
    let n = value.trim().chars().count();
    if n < min || n > max {
        return Err(invalid(
            field,
            if min > 0 {
                format!("`{field}` must be {min} to {max} characters; it has {n}")
            } else {
                format!("`{field}` must be at most {max} characters; it has {n}")
            },
        ));
    }
    Ok(())
}

/// Checks every field of the input, naming the first bad one.
pub(super) fn validate(input: &ArticleInput) -> Result<(), NewsroomError> {
    check_len("headline", &input.headline, 1, MAX_HEADLINE)?;
    if let Some(standfirst) = &input.standfirst {
        check_len("standfirst", standfirst, 0, MAX_STANDFIRST)?;
    }
    if let Some(byline) = &input.byline {
        check_len("byline", byline, 1, MAX_BYLINE)?;
    }
    if let Some(dateline) = &input.dateline {
        check_len("dateline.text", &dateline.text, 1, MAX_DATELINE)?;
        check_len("dateline.place.city", &dateline.place.city, 1, MAX_DATELINE)?;
        if let Some(country) = &dateline.place.country {
            check_len("dateline.place.country", country, 1, MAX_DATELINE)?;
        }
    }
    if !is_slug(&input.section) {
        return Err(invalid(
            "section",
            "`section` must be the slug of a section",
        ));
    }
    if input.tags.len() > MAX_TAGS {
        return Err(invalid("tags", format!("at most {MAX_TAGS} tags")));
    }
    for (i, tag) in input.tags.iter().enumerate() {
        check_len(&format!("tags[{i}]"), tag, 1, MAX_TAG)?;
        if slugify(tag).is_empty() {
            return Err(invalid(
                format!("tags[{i}]"),
                "a tag needs a letter or digit",
            ));
        }
    }
    check_language("language", &input.language)
}

/// `value` is a BCP 47 language tag (`id`, `en`, `en-GB`).
pub(super) fn check_language(field: &str, value: &str) -> Result<(), NewsroomError> {
    let language_ok = (2..=35).contains(&value.len())
        && value
            .split('-')
            .all(|p| !p.is_empty() && p.len() <= 8 && p.bytes().all(|b| b.is_ascii_alphanumeric()));
    if !language_ok {
        return Err(invalid(
            field,
            format!("`{field}` must be a BCP 47 tag such as `id` or `en`"),
        ));
    }
    Ok(())
}

/// The body the input describes, as blocks: from Markdown, or the blocks sent with
/// each paragraph's inline markup sanitised. Checks every block.
pub(super) fn resolve_body(input: &ArticleInput) -> Result<Vec<Block>, NewsroomError> {
    resolve_blocks(&input.body, input.body_markdown.as_deref())
}

/// The blocks sent as `body`, or made from `body_markdown`, checked.
pub(super) fn resolve_blocks(
    blocks: &[Block],
    markdown: Option<&str>,
) -> Result<Vec<Block>, NewsroomError> {
    let Some(markdown) = markdown else {
        let body = blocks
            .iter()
            .enumerate()
            .map(|(i, block)| sanitise_block(i, block))
            .collect::<Result<Vec<_>, _>>()?;
        check_blocks(&body, "body")?;
        return Ok(body);
    };
    if !blocks.is_empty() {
        return Err(invalid(
            "body_markdown",
            "send `body` or `body_markdown`, not both",
        ));
    }
    let body = markdown_to_blocks(markdown).map_err(|e| invalid("body_markdown", e.to_string()))?;
    // A block the Markdown produced is named by its number; the field is what was sent.
    check_blocks(&body, "body").map_err(|e| match e {
        NewsroomError::Invalid { field, message } => invalid(
            "body_markdown",
            format!("{message} (in block {field} made from the Markdown)"),
        ),
        other => other,
    })?;
    Ok(body)
}

/// A paragraph's `html` through the sanitiser, and its `text` derived from what was kept;
/// a picture's texts trimmed (empty: the image's own), what the server fills (`shown`)
/// dropped.
pub(super) fn sanitise_block(i: usize, block: &Block) -> Result<Block, NewsroomError> {
    if matches!(block, Block::Image(_) | Block::Gallery(_)) {
        let mut block = block.clone();
        for figure in block.figures_mut() {
            figure.shown = None;
            for text in [&mut figure.alt, &mut figure.caption, &mut figure.credit] {
                *text = text
                    .as_deref()
                    .map(str::trim)
                    .filter(|t| !t.is_empty())
                    .map(str::to_owned);
            }
        }
        if let Block::Gallery(GalleryBlock { caption, .. }) = &mut block {
            *caption = caption
                .as_deref()
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .map(str::to_owned);
        }
        return Ok(block);
    }
    let Block::Paragraph(ParagraphBlock {
        text,
        html: Some(html),
    }) = block
    else {
        return Ok(block.clone());
    };
    let inline = sanitise_inline(html);
    if inline.text.is_empty() {
        return Err(invalid(
            format!("body[{i}].html"),
            "`html` has no text once sanitised (allowed: links, emphasis, code, sub/superscript)",
        ));
    }
    if !text.trim().is_empty() && text.trim() != inline.text {
        return Err(invalid(
            format!("body[{i}].text"),
            "`text` and `html` disagree: send one of them (the text is derived from the html)",
        ));
    }
    Ok(Block::Paragraph(ParagraphBlock {
        text: inline.text,
        html: inline.html,
    }))
}

pub(super) fn check_blocks(body: &[Block], name: &str) -> Result<(), NewsroomError> {
    if body.is_empty() || body.len() > MAX_BLOCKS {
        return Err(invalid(
            name,
            format!(
                "`{name}` must have 1 to {MAX_BLOCKS} blocks; it has {}",
                body.len()
            ),
        ));
    }
    for (i, block) in body.iter().enumerate() {
        let at = |field: &str| format!("{name}[{i}].{field}");
        match block {
            Block::Paragraph(ParagraphBlock { text, html }) => {
                check_len(&at("text"), text, 1, MAX_BLOCK_TEXT)?;
                if let Some(html) = html
                    && html.len() > 4 * MAX_BLOCK_TEXT
                {
                    return Err(invalid(at("html"), "the paragraph's markup is too long"));
                }
            }
            Block::Heading(HeadingBlock { level, text }) => {
                if !(2..=6).contains(level) {
                    return Err(invalid(at("level"), "a heading's `level` is 2 to 6"));
                }
                check_len(&at("text"), text, 1, MAX_HEADLINE)?;
            }
            Block::Quote(QuoteBlock {
                text,
                speaker,
                attribution,
            }) => {
                check_len(&at("text"), text, 1, MAX_BLOCK_TEXT)?;
                if let Some(speaker) = speaker {
                    check_len(&at("speaker"), speaker, 1, MAX_BYLINE)?;
                }
                if let Some(attribution) = attribution {
                    check_len(&at("attribution"), attribution, 1, MAX_STANDFIRST)?;
                }
            }
            Block::List(ListBlock { items, .. }) => {
                if items.is_empty() || items.len() > MAX_BLOCKS {
                    return Err(invalid(at("items"), "a list has 1 to 500 items"));
                }
                for (j, item) in items.iter().enumerate() {
                    check_len(&format!("{name}[{i}].items[{j}]"), item, 1, MAX_BLOCK_TEXT)?;
                }
            }
            Block::Image(_) => {}
            Block::Gallery(GalleryBlock { images, caption }) => {
                if !(2..=MAX_GALLERY).contains(&images.len()) {
                    return Err(invalid(
                        at("images"),
                        format!(
                            "a gallery shows 2 to {MAX_GALLERY} images; this one has {}",
                            images.len()
                        ),
                    ));
                }
                if let Some(caption) = caption {
                    check_len(&at("caption"), caption, 0, MAX_IMAGE_TEXT)?;
                }
            }
        }
        for (place, figure) in block.figures() {
            check_figure(&format!("{name}[{i}].{place}"), figure)?;
        }
    }
    Ok(())
}

fn check_figure(at: &str, figure: &Figure) -> Result<(), NewsroomError> {
    for (field, text) in [
        ("alt", &figure.alt),
        ("caption", &figure.caption),
        ("credit", &figure.credit),
    ] {
        if let Some(text) = text {
            check_len(&format!("{at}.{field}"), text, 0, MAX_IMAGE_TEXT)?;
        }
    }
    Ok(())
}
