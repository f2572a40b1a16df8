//! What is derived from the body blocks: HTML, plain text, word count, reading time.
//! Every text is escaped; no block can carry markup into `body_html`.

use crate::article::{
    Block, GalleryBlock, HeadingBlock, ImageBlock, ListBlock, ParagraphBlock, QuoteBlock,
};
use crate::media::{Figure, ImageType};

/// Words a minute used for `reading_time_minutes` (a common figure for news copy).
pub const WORDS_PER_MINUTE: u32 = 200;

/// Everything derived from the blocks, computed in one place (the server stores only the
/// counts; HTML and text are made again on read).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderedBody {
    pub html: String,
    pub text: String,
    pub word_count: u32,
    pub reading_time_minutes: u32,
}

pub fn render_body(blocks: &[Block]) -> RenderedBody {
    let html = html_at(blocks, "");
    let text = body_text(blocks);
    let word_count = count_words(&text);
    RenderedBody {
        html,
        text,
        word_count,
        reading_time_minutes: reading_time(word_count),
    }
}

/// The body as plain text: its blocks' words, a blank line between blocks.
pub fn body_text(blocks: &[Block]) -> String {
    blocks
        .iter()
        .map(block_text)
        .filter(|text| !text.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// An article's `body_html` as read away from the site (feeds, ninjs): its pictures'
/// addresses under `origin`.
pub fn body_html_at(article: &crate::Article, origin: &str) -> String {
    if article.body.iter().any(|b| !b.figures().is_empty()) {
        html_at(&article.body, origin)
    } else {
        article.body_html.clone()
    }
}

/// The body's HTML with its pictures' addresses under `origin` (`https://example.id`;
/// `""` keeps them as paths on the site): feeds and ninjs are read elsewhere.
pub fn html_at(blocks: &[Block], origin: &str) -> String {
    blocks
        .iter()
        .map(|block| block_html(block, origin))
        .collect::<Vec<_>>()
        .join("\n")
}

fn block_html(block: &Block, origin: &str) -> String {
    match block {
        // `html` was sanitised by the server when it was written; it is the only
        // markup a block can carry.
        Block::Paragraph(ParagraphBlock {
            html: Some(html), ..
        }) => format!("<p>{html}</p>"),
        Block::Paragraph(ParagraphBlock { text, html: None }) => {
            format!("<p>{}</p>", escape_html(text))
        }
        Block::Heading(HeadingBlock { level, text }) => {
            let level = (*level).clamp(2, 6);
            format!("<h{level}>{}</h{level}>", escape_html(text))
        }
        Block::Quote(QuoteBlock {
            text,
            speaker,
            attribution,
        }) => {
            let caption = match (speaker, attribution) {
                (_, Some(attribution)) => escape_html(attribution),
                (Some(speaker), None) => escape_html(speaker),
                (None, None) => String::new(),
            };
            let cite = speaker
                .as_deref()
                .map(|s| format!(" data-speaker=\"{}\"", escape_html(s)))
                .unwrap_or_default();
            if caption.is_empty() {
                format!(
                    "<figure class=\"quote\"{cite}><blockquote><p>{}</p></blockquote></figure>",
                    escape_html(text)
                )
            } else {
                format!(
                    "<figure class=\"quote\"{cite}><blockquote><p>{}</p></blockquote><figcaption>{caption}</figcaption></figure>",
                    escape_html(text)
                )
            }
        }
        Block::List(ListBlock { ordered, items }) => {
            let tag = if *ordered { "ol" } else { "ul" };
            let items: String = items
                .iter()
                .map(|item| format!("<li>{}</li>", escape_html(item)))
                .collect();
            format!("<{tag}>{items}</{tag}>")
        }
        Block::Image(ImageBlock { image, layout }) => figure_html(
            image,
            &format!("image image--{layout}"),
            layout.sizes(),
            origin,
        ),
        Block::Gallery(GalleryBlock { images, caption }) => {
            let items: String = images
                .iter()
                .map(|image| {
                    format!(
                        "<li>{}</li>",
                        figure_html(image, "image", "(min-width: 720px) 340px, 50vw", origin)
                    )
                })
                .collect();
            let caption = caption
                .as_deref()
                .map(|c| format!("<figcaption>{}</figcaption>", escape_html(c)))
                .unwrap_or_default();
            format!("<figure class=\"gallery\"><ul>{items}</ul>{caption}</figure>")
        }
    }
}

/// An image as a `figure`: a `picture` with WebP and JPEG `srcset`s for `sizes`, its
/// width and height (so nothing shifts as it loads), loaded lazily; the caption and
/// credit below. Only what the server resolved (`shown`) is used; an image no longer
/// in the library is left out, one whose renditions are not made yet has its caption.
pub fn figure_html(figure: &Figure, class: &str, sizes: &str, origin: &str) -> String {
    let Some(shown) = &figure.shown else {
        return String::new();
    };
    let picture = match (shown.srcset(ImageType::Webp, origin), shown.fallback()) {
        (Some(webp), Some(jpeg)) => format!(
            "<picture><source type=\"image/webp\" srcset=\"{webp}\" sizes=\"{sizes}\"><img src=\"{src}\" srcset=\"{jpegs}\" sizes=\"{sizes}\" width=\"{width}\" height=\"{height}\" alt=\"{alt}\" loading=\"lazy\" decoding=\"async\"></picture>",
            webp = escape_html(&webp),
            src = escape_html(&format!("{origin}{}", jpeg.url)),
            jpegs = escape_html(&shown.srcset(ImageType::Jpeg, origin).unwrap_or_default()),
            sizes = escape_html(sizes),
            width = shown.width,
            height = shown.height,
            alt = escape_html(shown.alt.as_deref().unwrap_or_default()),
        ),
        _ => String::new(),
    };
    let credit = shown
        .credit
        .as_deref()
        .map(|c| format!(" <small class=\"credit\">{}</small>", escape_html(c)));
    let caption = match (shown.caption.as_deref(), credit) {
        (None, None) => String::new(),
        (caption, credit) => format!(
            "<figcaption>{}{}</figcaption>",
            escape_html(caption.unwrap_or_default()),
            credit.unwrap_or_default()
        ),
    };
    format!(
        "<figure class=\"{}\">{picture}{caption}</figure>",
        escape_html(class)
    )
}

fn block_text(block: &Block) -> String {
    match block {
        Block::Paragraph(ParagraphBlock { text, .. })
        | Block::Heading(HeadingBlock { text, .. }) => text.clone(),
        Block::Quote(QuoteBlock {
            text, attribution, ..
        }) => match attribution {
            Some(attribution) => format!("“{text}” {attribution}"),
            None => format!("“{text}”"),
        },
        Block::List(ListBlock { ordered, items }) => items
            .iter()
            .enumerate()
            .map(|(i, item)| {
                if *ordered {
                    format!("{}. {item}", i + 1)
                } else {
                    format!("- {item}")
                }
            })
            .collect::<Vec<_>>()
            .join("\n"),
        // Pictures carry no words of the story.
        Block::Image(_) | Block::Gallery(_) => String::new(),
    }
}

/// Minutes to read `words` words, at least one.
pub fn reading_time(words: u32) -> u32 {
    words.div_ceil(WORDS_PER_MINUTE).max(1)
}

/// Words are runs of non-space characters holding at least one letter or digit,
/// so a lone dash or quote mark is not a word.
pub fn count_words(text: &str) -> u32 {
    let words = text
        .split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count();
    u32::try_from(words).unwrap_or(u32::MAX)
}

/// The body's word count, as `render_body` gives it, without its HTML (what a write
/// stores).
pub fn word_count(blocks: &[Block]) -> u32 {
    count_words(&body_text(blocks))
}

/// Whether `c` may stand in stored text: every character XML 1.0 can carry
/// except the C0 controls other than tab, line feed and carriage return, and
/// U+FFFE and U+FFFF. (HTML calls the same controls parse errors.) Text with any
/// other character is refused on input, since one such character in a headline
/// would make every feed that carries it unreadable.
pub fn is_text_char(c: char) -> bool {
    !matches!(c, '\u{0}'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}')
}

/// The first character of `text` that `is_text_char` refuses.
pub fn forbidden_char(text: &str) -> Option<char> {
    // Only a control's byte or 0xEF (which opens U+F000 to U+FFFF) can begin one: a
    // text without those is read once, by its bytes.
    let suspect = |b: &u8| (*b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r')) || *b == 0xEF;
    if !text.as_bytes().iter().any(suspect) {
        return None;
    }
    text.chars().find(|c| !is_text_char(*c))
}

/// Escapes text for HTML element content and double- or single-quoted attributes —
/// also XML's. Characters that neither may carry (`is_text_char`) are left out,
/// whatever was stored.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    // Byte by byte, the text between the characters replaced copied whole: an
    // article's HTML is made on every read. Each character replaced or left out
    // starts with an ASCII byte or, for U+FFFE and U+FFFF, with 0xEF: never inside a
    // character, so every slice falls on characters' bounds.
    let bytes = text.as_bytes();
    let (mut copied, mut at) = (0, 0);
    while at < bytes.len() {
        let (replacement, width) = match bytes[at] {
            b'&' => ("&amp;", 1),
            b'<' => ("&lt;", 1),
            b'>' => ("&gt;", 1),
            b'"' => ("&quot;", 1),
            b'\'' => ("&#39;", 1),
            b'\t' | b'\n' | b'\r' => {
                at += 1;
                continue;
            }
            0x00..=0x1f => ("", 1),
            0xef if matches!(bytes.get(at + 1..at + 3), Some([0xbf, 0xbe | 0xbf])) => ("", 3),
            _ => {
                at += 1;
                continue;
            }
        };
        out.push_str(&text[copied..at]);
        out.push_str(replacement);
        at += width;
        copied = at;
    }
    out.push_str(&text[copied..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every character of the Basic Multilingual Plane, and one beyond it: escaped,
    /// left out exactly when `is_text_char` refuses it, or else kept as it is.
    #[test]
    fn escaping_leaves_out_exactly_what_text_may_not_carry() {
        for c in (0..=0xffff).chain([0x1f600]).filter_map(char::from_u32) {
            let escaped = escape_html(&format!("a{c}b"));
            let expected = match c {
                '&' => "a&amp;b".to_owned(),
                '<' => "a&lt;b".to_owned(),
                '>' => "a&gt;b".to_owned(),
                '"' => "a&quot;b".to_owned(),
                '\'' => "a&#39;b".to_owned(),
                c if !is_text_char(c) => "ab".to_owned(),
                c => format!("a{c}b"),
            };
            assert_eq!(escaped, expected, "U+{:04X}", u32::from(c));
        }
    }

    #[test]
    fn escapes_every_text_and_counts_words() {
        let blocks = vec![
            Block::Heading(HeadingBlock {
                level: 2,
                text: "<script>alert(1)</script>".into(),
            }),
            Block::paragraph("Tom & \"Jerry\" — 3 kali."),
            Block::Quote(QuoteBlock {
                text: "Kami <b>berdiri</b>.".into(),
                speaker: Some("Kim \"X\"".into()),
                attribution: Some("ujar Kim.".into()),
            }),
            Block::List(ListBlock {
                ordered: true,
                items: vec!["satu".into(), "<i>dua</i>".into()],
            }),
        ];
        let body = render_body(&blocks);
        assert_eq!(
            body.html,
            "<h2>&lt;script&gt;alert(1)&lt;/script&gt;</h2>\n\
             <p>Tom &amp; &quot;Jerry&quot; — 3 kali.</p>\n\
             <figure class=\"quote\" data-speaker=\"Kim &quot;X&quot;\"><blockquote><p>Kami &lt;b&gt;berdiri&lt;/b&gt;.</p></blockquote><figcaption>ujar Kim.</figcaption></figure>\n\
             <ol><li>satu</li><li>&lt;i&gt;dua&lt;/i&gt;</li></ol>"
        );
        assert_eq!(
            body.text,
            "<script>alert(1)</script>\n\nTom & \"Jerry\" — 3 kali.\n\n“Kami <b>berdiri</b>.” ujar Kim.\n\n1. satu\n2. <i>dua</i>"
        );
        // "—" is not a word; "1." and "2." are.
        assert_eq!(body.word_count, 13);
        assert_eq!(body.reading_time_minutes, 1);
        assert_eq!(word_count(&blocks), 13);
    }

    /// A word is a run between white space (any Unicode space: no-break, ideographic)
    /// holding a letter or a digit, in any script.
    #[test]
    fn words_are_counted_between_any_white_space() {
        for (text, words) in [
            ("", 0),
            ("   \n\t ", 0),
            ("satu", 1),
            (" satu  dua\tTiga\n", 3),
            ("— - … “” ' .", 0),
            ("\"a\" (b) c-d — 3", 4),
            ("kata\u{a0}kata\u{3000}kata\u{2009}kata", 4),
            ("日本語 العربية ру́сский", 3),
            ("①②\u{300}", 1),
            ("x\u{200b}y", 1),
            ("a\u{85}b\u{b}c\u{c}d\u{1f}e", 4),
        ] {
            assert_eq!(count_words(text), words, "{text:?}");
        }
    }

    #[test]
    fn characters_xml_cannot_carry_are_never_written() {
        assert_eq!(
            escape_html("a\u{0}b\u{1b}c\u{fffe}\u{ffff}\td\ne\rf\u{7f}"),
            "abc\td\ne\rf\u{7f}"
        );
        assert_eq!(forbidden_char("Judul\u{0}"), Some('\u{0}'));
        assert_eq!(forbidden_char("Judul\tbaris\n"), None);
        assert_eq!(forbidden_char("Judul\u{fffe}"), Some('\u{fffe}'));
        assert_eq!(forbidden_char("Judul \u{ff01}\u{ffff}"), Some('\u{ffff}'));
        assert_eq!(forbidden_char("Judul \u{ff01} \u{7f}\u{85}"), None);
    }

    #[test]
    fn reading_time_rounds_up() {
        let text = "kata ".repeat(201);
        let body = render_body(&[Block::paragraph(text)]);
        assert_eq!(body.word_count, 201);
        assert_eq!(body.reading_time_minutes, 2);
    }
}
