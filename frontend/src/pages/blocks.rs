//! An article's body, or a live blog entry's, from its blocks.

use shared::{
    Block, GalleryBlock, HeadingBlock, ImageBlock, ListBlock, ParagraphBlock, QuoteBlock,
};
use yew::prelude::*;

use crate::components::{Shown, picture};

const CAPTIONED: Shown = Shown {
    captioned: true,
    crop: None,
    eager: false,
};

/// The article body from its blocks (a function, not a component: it keeps no state).
pub fn body(blocks: &[Block], dateline: Option<&str>) -> Html {
    html! {
        <div class="story-body">
            { for blocks.iter().enumerate().map(|(i, block)| body_block(i, block, dateline)) }
        </div>
    }
}

/// One block; the first paragraph carries the dateline, as a newspaper prints it.
fn body_block(index: usize, block: &Block, dateline: Option<&str>) -> Html {
    match block {
        Block::Paragraph(ParagraphBlock { text, html }) => {
            let content = match html {
                // Sanitised by the server's allow-list when it was written.
                Some(html) => Html::from_html_unchecked(AttrValue::from(html.clone())),
                None => html! { { text } },
            };
            match dateline.filter(|_| index == 0) {
                Some(dateline) => html! {
                    <p><span class="dateline">{ dateline }{ " — " }</span>{ content }</p>
                },
                None => html! { <p>{ content }</p> },
            }
        }
        Block::Heading(HeadingBlock { level, text }) => {
            let tag = format!("h{}", (*level).clamp(2, 6));
            html! { <@{tag} class="subheading">{ text }</@> }
        }
        Block::Quote(QuoteBlock {
            text,
            speaker,
            attribution,
        }) => html! {
            <figure class="pull-quote">
                <blockquote><p>{ text }</p></blockquote>
                if let Some(speaker) = speaker {
                    <figcaption>
                        <span class="speaker">{ speaker }</span>
                        if let Some(attribution) = attribution {
                            <span class="attribution">{ attribution }</span>
                        }
                    </figcaption>
                } else if let Some(attribution) = attribution {
                    <figcaption><span class="attribution">{ attribution }</span></figcaption>
                }
            </figure>
        },
        Block::List(ListBlock { ordered, items }) => {
            let items = items.iter().map(|item| html! { <li>{ item }</li> });
            if *ordered {
                html! { <ol>{ for items }</ol> }
            } else {
                html! { <ul>{ for items }</ul> }
            }
        }
        Block::Image(ImageBlock { image, layout }) => match &image.shown {
            Some(shown) => picture(
                shown,
                classes!("image", format!("image--{layout}")),
                layout.sizes(),
                CAPTIONED,
            ),
            None => Html::default(),
        },
        Block::Gallery(GalleryBlock { images, caption }) => html! {
            <figure class="gallery">
                <ul>
                    { for images.iter().filter_map(|f| f.shown.as_deref()).map(|shown| html! {
                        <li key={shown.id.to_string()}>
                            { picture(shown, classes!("image"), "(min-width: 720px) 340px, 50vw", CAPTIONED) }
                        </li>
                    }) }
                </ul>
                if let Some(caption) = caption { <figcaption>{ caption }</figcaption> }
            </figure>
        },
    }
}
