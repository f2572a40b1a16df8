//! Inline markup and Markdown: the only ways markup enters an article.
//!
//! Every paragraph's `html` passes one allow-list sanitiser (ammonia) when it is
//! written, whether staff sent it as `html` or as Markdown; the plain `text` is
//! derived from what the sanitiser kept. Markdown is turned into the same body
//! blocks the JSON API takes, so it is an input format, never stored.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use shared::media::Figure;
use shared::render::escape_html;
use shared::{
    Block, GalleryBlock, HeadingBlock, ImageBlock, ImageId, ListBlock, ParagraphBlock, QuoteBlock,
};

/// The inline elements a paragraph may carry.
pub const INLINE_TAGS: [&str; 9] = ["a", "em", "strong", "i", "b", "code", "s", "sub", "sup"];

/// The URL schemes a link may use; relative links pass through.
pub const LINK_SCHEMES: [&str; 3] = ["http", "https", "mailto"];

pub const LINK_REL: &str = "noopener noreferrer nofollow";

static INLINE: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut builder = ammonia::Builder::empty();
    builder
        .tags(HashSet::from(INLINE_TAGS))
        .tag_attributes(HashMap::from([("a", HashSet::from(["href", "title"]))]))
        .generic_attributes(HashSet::new())
        .url_schemes(HashSet::from(LINK_SCHEMES))
        .link_rel(Some(LINK_REL))
        .strip_comments(true);
    builder
});

/// Keeps no element at all: what is left is the text (with the content of
/// `script` and `style` dropped, as in `INLINE`).
static TEXT_ONLY: LazyLock<ammonia::Builder<'static>> = LazyLock::new(ammonia::Builder::empty);

/// A paragraph's content after sanitising.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Inline {
    pub text: String,
    /// `None` when nothing but text was left.
    pub html: Option<String>,
}

/// Sanitises inline markup and derives its plain text.
pub fn sanitise_inline(html: &str) -> Inline {
    let html = INLINE.clean(html).to_string();
    let html = html.trim();
    let text = unescape_text(&TEXT_ONLY.clean(html).to_string());
    let text = text.trim().to_owned();
    let html = html.contains('<').then(|| html.to_owned());
    Inline { text, html }
}

/// Undoes the escaping html5ever's serialiser applies to text nodes (`&`, no-break
/// space, `<`, `>`; quotes are only escaped in attributes). `&amp;` goes last so that
/// `&amp;lt;` stays `&lt;`.
fn unescape_text(serialised: &str) -> String {
    serialised
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&nbsp;", "\u{a0}")
        .replace("&amp;", "&")
}

/// Markdown that cannot become blocks, with the line it is on (1-based).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {message}")]
pub struct MarkdownError {
    pub line: usize,
    pub message: String,
}

/// Where the inline content being collected goes when its element ends.
#[derive(Debug, Default)]
struct Collector {
    blocks: Vec<Block>,
    /// Inline HTML of the paragraph, heading, list item or code block being read.
    buffer: String,
    heading: Option<u8>,
    /// Paragraph texts of the block quote being read.
    quote: Option<Vec<String>>,
    quote_depth: usize,
    /// The outermost list being read; nested lists are flattened into it.
    list: Option<(bool, Vec<String>)>,
    list_depth: usize,
    link_depth: usize,
    /// The image being read: its id and title (the caption); its alt text is in `buffer`.
    image: Option<(ImageId, String)>,
    /// Images read since the last text: one becomes an image block, more a gallery.
    figures: Vec<Figure>,
}

impl Collector {
    fn take_inline(&mut self) -> Inline {
        sanitise_inline(&std::mem::take(&mut self.buffer))
    }

    /// The end of a paragraph, code block or HTML block.
    fn end_paragraph(&mut self) {
        if self.list_depth > 0 {
            // A loose list item's paragraphs join into one item.
            self.buffer.push(' ');
            return;
        }
        let inline = self.take_inline();
        if self.quote.is_none() {
            self.end_figures();
        }
        if inline.text.is_empty() {
            return;
        }
        match &mut self.quote {
            Some(paragraphs) => paragraphs.push(inline.text),
            None => self.blocks.push(Block::Paragraph(ParagraphBlock {
                text: inline.text,
                html: inline.html,
            })),
        }
    }

    /// Text before an image is a paragraph of its own, ending before the picture.
    fn start_image(&mut self) {
        let inline = self.take_inline();
        if !inline.text.is_empty() {
            self.end_figures();
            self.blocks.push(Block::Paragraph(ParagraphBlock {
                text: inline.text,
                html: inline.html,
            }));
        }
    }

    fn end_image(&mut self) {
        let alt = self.take_inline().text;
        if let Some((id, caption)) = self.image.take() {
            let mut figure = Figure::of(id);
            figure.alt = Some(alt).filter(|a| !a.is_empty());
            figure.caption = Some(caption.trim().to_owned()).filter(|c| !c.is_empty());
            self.figures.push(figure);
        }
    }

    /// The images read so far: one is an image block, several side by side a gallery.
    fn end_figures(&mut self) {
        let mut figures = std::mem::take(&mut self.figures);
        match figures.len() {
            0 => {}
            1 => self.blocks.push(Block::Image(ImageBlock {
                image: figures.remove(0),
                layout: shared::media::ImageLayout::default(),
            })),
            _ => self.blocks.push(Block::Gallery(GalleryBlock {
                images: figures,
                caption: None,
            })),
        }
    }

    fn end_item(&mut self) {
        let inline = self.take_inline();
        if let (Some((_, items)), false) = (&mut self.list, inline.text.is_empty()) {
            items.push(inline.text);
        }
    }

    fn end_quote(&mut self) {
        self.quote_depth -= 1;
        if self.quote_depth > 0 {
            return;
        }
        let Some(mut paragraphs) = self.quote.take() else {
            return;
        };
        // A last paragraph that starts with a dash names the speaker: `— Kim Jong Un`.
        let speaker = paragraphs.last().and_then(|last| {
            ["—", "–", "--"]
                .iter()
                .find_map(|dash| last.strip_prefix(dash))
                .map(|name| name.trim().to_owned())
                .filter(|name| !name.is_empty())
        });
        if speaker.is_some() && paragraphs.len() > 1 {
            paragraphs.pop();
        }
        let text = paragraphs.join(" ");
        if !text.is_empty() {
            self.blocks.push(Block::Quote(QuoteBlock {
                text: text.trim_matches(['"', '“', '”']).trim().to_owned(),
                speaker,
                attribution: None,
            }));
        }
    }
}

/// Turns Markdown (CommonMark with `~~strikethrough~~`) into body blocks: paragraphs
/// keep their links and emphasis; `#`/`##` become level-2 sub-headings (the headline
/// is the page's only level 1), `###`… levels 3 to 6; a block quote becomes a quote
/// whose last line `— Name` names the speaker; lists (nested ones flattened) keep
/// their items as text; code blocks become paragraphs. An image of the library,
/// `![alt](media:<id> "caption")`, becomes an image block (several in one paragraph, a
/// gallery); any other image is refused with its line (we serve only what the library
/// checked and stripped), as is an image inside a heading, quote, list or link.
pub fn markdown_to_blocks(source: &str) -> Result<Vec<Block>, MarkdownError> {
    let mut c = Collector::default();
    let parser = Parser::new_ext(source, Options::ENABLE_STRIKETHROUGH);
    for (event, range) in parser.into_offset_iter() {
        match event {
            Event::Start(tag) => match tag {
                Tag::Paragraph | Tag::HtmlBlock => {}
                Tag::CodeBlock(_) => c.buffer.push_str("<code>"),
                Tag::Heading { level, .. } => {
                    c.heading = Some(match level {
                        HeadingLevel::H1 | HeadingLevel::H2 => 2,
                        HeadingLevel::H3 => 3,
                        HeadingLevel::H4 => 4,
                        HeadingLevel::H5 => 5,
                        HeadingLevel::H6 => 6,
                    });
                }
                Tag::BlockQuote(_) => {
                    c.quote_depth += 1;
                    c.quote.get_or_insert_with(Vec::new);
                }
                Tag::List(first) => {
                    c.list_depth += 1;
                    if c.list_depth == 1 {
                        c.list = Some((first.is_some(), Vec::new()));
                    } else {
                        // The parent item ends where its nested list starts.
                        c.end_item();
                    }
                }
                Tag::Item => {}
                Tag::Emphasis => c.buffer.push_str("<em>"),
                Tag::Strong => c.buffer.push_str("<strong>"),
                Tag::Strikethrough => c.buffer.push_str("<s>"),
                Tag::Link {
                    dest_url, title, ..
                } => {
                    c.buffer
                        .push_str(&format!("<a href=\"{}\"", escape_html(&dest_url)));
                    if !title.is_empty() {
                        c.buffer
                            .push_str(&format!(" title=\"{}\"", escape_html(&title)));
                    }
                    c.buffer.push('>');
                    c.link_depth += 1;
                }
                Tag::Image {
                    dest_url, title, ..
                } => {
                    let refuse = |message: String| MarkdownError {
                        line: line_of(source, range.start),
                        message,
                    };
                    if c.heading.is_some()
                        || c.quote.is_some()
                        || c.list.is_some()
                        || c.link_depth > 0
                    {
                        return Err(refuse(
                            "an image stands on its own line, not inside a heading, quote, list or link".into(),
                        ));
                    }
                    let Some(id) = dest_url.strip_prefix("media:") else {
                        return Err(refuse(format!(
                            "`{dest_url}` is not an image of the library: upload it and write `![alt](media:<id>)`; images from other sites are not shown"
                        )));
                    };
                    let id = id.trim().parse::<ImageId>().map_err(|_| {
                        refuse(format!(
                            "`{dest_url}`: `media:` is followed by an image's id (a UUID)"
                        ))
                    })?;
                    c.start_image();
                    c.image = Some((id, title.to_string()));
                }
                // Not enabled in the parser options.
                _ => {}
            },
            Event::End(tag) => match tag {
                TagEnd::Paragraph | TagEnd::HtmlBlock => c.end_paragraph(),
                TagEnd::CodeBlock => {
                    c.buffer.truncate(c.buffer.trim_end().len());
                    c.buffer.push_str("</code>");
                    c.end_paragraph();
                }
                TagEnd::Heading(_) => {
                    let inline = c.take_inline();
                    if let (Some(level), false) = (c.heading.take(), inline.text.is_empty()) {
                        c.blocks.push(Block::Heading(HeadingBlock {
                            level,
                            text: inline.text,
                        }));
                    }
                }
                TagEnd::BlockQuote(_) => c.end_quote(),
                TagEnd::Item => c.end_item(),
                TagEnd::List(_) => {
                    c.list_depth -= 1;
                    if c.list_depth == 0
                        && let Some((ordered, items)) = c.list.take()
                        && !items.is_empty()
                    {
                        c.blocks.push(Block::List(ListBlock { ordered, items }));
                    }
                }
                TagEnd::Emphasis => c.buffer.push_str("</em>"),
                TagEnd::Strong => c.buffer.push_str("</strong>"),
                TagEnd::Strikethrough => c.buffer.push_str("</s>"),
                TagEnd::Link => {
                    c.buffer.push_str("</a>");
                    c.link_depth -= 1;
                }
                TagEnd::Image => c.end_image(),
                _ => {}
            },
            Event::Text(text) => c.buffer.push_str(&escape_html(&text)),
            Event::Code(code) => {
                c.buffer
                    .push_str(&format!("<code>{}</code>", escape_html(&code)));
            }
            // Raw HTML is kept for the sanitiser to judge, like an `html` field.
            Event::Html(html) | Event::InlineHtml(html) => c.buffer.push_str(&html),
            Event::SoftBreak | Event::HardBreak => c.buffer.push(' '),
            // A thematic break carries no words; the rest are not enabled.
            _ => {}
        }
    }
    c.end_figures();
    Ok(c.blocks)
}

fn line_of(source: &str, offset: usize) -> usize {
    source[..offset].matches('\n').count() + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_links_and_emphasis_and_nothing_else() {
        let inline = sanitise_inline(
            "Kata <em>Kim</em> di <a href=\"https://kcna.kp/x\" onclick=\"alert(1)\" target=\"_blank\">KCNA</a>\
             <script>alert(1)</script><img src=x onerror=alert(1)> &amp; <b style=\"color:red\">Putin</b>",
        );
        assert_eq!(
            inline.html.as_deref(),
            Some(
                "Kata <em>Kim</em> di <a href=\"https://kcna.kp/x\" rel=\"noopener noreferrer nofollow\">KCNA</a> \
                 &amp; <b>Putin</b>"
            )
        );
        assert_eq!(inline.text, "Kata Kim di KCNA & Putin");
    }

    #[test]
    fn refuses_script_urls_svg_and_math() {
        for payload in [
            "<a href=\"javascript:alert(1)\">klik</a>",
            "<a href=\" JaVaScRiPt:alert(1)\">klik</a>",
            "<a href=\"data:text/html,<script>alert(1)</script>\">klik</a>",
            "<svg onload=alert(1)><a href=\"https://x.test\">klik</a></svg>",
            "<math><mi xlink:href=\"javascript:alert(1)\">klik</mi></math>",
        ] {
            let inline = sanitise_inline(payload);
            let html = inline.html.unwrap_or_default();
            assert!(!html.contains("javascript"), "{payload} → {html}");
            assert!(!html.contains("data:"), "{payload} → {html}");
            assert!(!html.contains("svg") && !html.contains("math"), "{html}");
            // Foreign content (svg, math) goes whole; elsewhere the words stay.
            assert!(["klik", ""].contains(&inline.text.as_str()), "{payload}");
        }
    }

    #[test]
    fn text_only_markup_is_plain_text() {
        let inline = sanitise_inline("  Tom &amp; Jerry &lt;3 <span>ya</span> ");
        assert_eq!(inline.text, "Tom & Jerry <3 ya");
        assert_eq!(inline.html, None);
    }

    #[test]
    fn markdown_becomes_blocks() {
        let blocks = markdown_to_blocks(
            "Presiden **Vladimir Putin** tiba di [Pyongyang](https://id.wikipedia.org/wiki/Pyongyang).\n\
             Baris kedua.\n\n\
             # Aliansi\n\n\
             ### Latar\n\n\
             > \"Rusia berhak mempertahankan dirinya.\"\n>\n> — Kim Jong Un\n\n\
             1. satu\n2. dua\n   - dua a\n\n\
             ---\n\n\
             <script>alert(1)</script>\n\n\
             ```\nkode <b>\n```\n",
        )
        .expect("blocks");
        assert_eq!(
            blocks,
            vec![
                Block::Paragraph(ParagraphBlock {
                    text: "Presiden Vladimir Putin tiba di Pyongyang. Baris kedua.".into(),
                    html: Some(
                        "Presiden <strong>Vladimir Putin</strong> tiba di \
                         <a href=\"https://id.wikipedia.org/wiki/Pyongyang\" rel=\"noopener noreferrer nofollow\">Pyongyang</a>. Baris kedua."
                            .into()
                    ),
                }),
                Block::Heading(HeadingBlock {
                    level: 2,
                    text: "Aliansi".into()
                }),
                Block::Heading(HeadingBlock {
                    level: 3,
                    text: "Latar".into()
                }),
                Block::Quote(QuoteBlock {
                    text: "Rusia berhak mempertahankan dirinya.".into(),
                    speaker: Some("Kim Jong Un".into()),
                    attribution: None,
                }),
                Block::List(ListBlock {
                    ordered: true,
                    items: vec!["satu".into(), "dua".into(), "dua a".into()]
                }),
                Block::Paragraph(ParagraphBlock {
                    text: "kode <b>".into(),
                    html: Some("<code>kode &lt;b&gt;</code>".into()),
                }),
            ]
        );
    }

    #[test]
    fn images_from_elsewhere_are_refused_with_their_line() {
        let error = markdown_to_blocks("Satu.\n\nDua ![peta](https://x.test/p.png)\n")
            .expect_err("images are refused");
        assert_eq!(error.line, 3);
        assert!(error.message.contains("https://x.test/p.png"), "{error}");
        for (source, line) in [
            ("A\n\n![x](media:not-a-uuid)", 3),
            ("> ![x](media:01980000-0000-7000-8000-000000000001)", 1),
            ("- a\n- ![x](media:01980000-0000-7000-8000-000000000001)", 2),
            (
                "[![x](media:01980000-0000-7000-8000-000000000001)](https://x.test)",
                1,
            ),
        ] {
            let error = markdown_to_blocks(source).expect_err(source);
            assert_eq!(error.line, line, "{source}: {error}");
        }
    }

    #[test]
    fn library_images_become_image_and_gallery_blocks() {
        let one = "01980000-0000-7000-8000-000000000001";
        let two = "01980000-0000-7000-8000-000000000002";
        let source = format!(
            "Sebelum.\n\n![Kim dan Putin](media:{one} \"Pertemuan di Pyongyang\")\n\nTeks ![a](media:{one}) lalu\n\n![a](media:{one})\n![](media:{two})\n"
        );
        let blocks = markdown_to_blocks(&source).expect("blocks");
        let figure = |id: &str, alt: Option<&str>, caption: Option<&str>| {
            let mut f = Figure::of(id.parse().unwrap());
            f.alt = alt.map(str::to_owned);
            f.caption = caption.map(str::to_owned);
            f
        };
        let image = |f: Figure| {
            Block::Image(ImageBlock {
                image: f,
                layout: shared::media::ImageLayout::Inline,
            })
        };
        assert_eq!(
            blocks,
            vec![
                Block::paragraph("Sebelum."),
                image(figure(
                    one,
                    Some("Kim dan Putin"),
                    Some("Pertemuan di Pyongyang")
                )),
                Block::paragraph("Teks"),
                image(figure(one, Some("a"), None)),
                Block::paragraph("lalu"),
                Block::Gallery(GalleryBlock {
                    images: vec![figure(one, Some("a"), None), figure(two, None, None)],
                    caption: None,
                }),
            ]
        );
    }
}
