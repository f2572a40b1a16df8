//! Pictures in the editor: the featured image, and image and gallery blocks — each an
//! image of the library chosen with the picker, with the article's own alt text,
//! caption and credit for it (empty: the library's).

use shared::media::{Figure, Image, ImageLayout};
use shared::{Block, GalleryBlock, ImageBlock};
use yew::prelude::*;

use super::form::{EditBlock, Form};
use crate::i18n::MediaText;
use crate::newsroom::event_value;
use crate::newsroom::media::{ImagePicker, thumbnail};
use crate::use_ctx;

/// The image as the article places it, nothing of its own yet.
pub(super) fn figure_of(image: &Image) -> Figure {
    Figure {
        shown: Some(Box::new(image.placed(None, None, None))),
        ..Figure::of(image.id)
    }
}

/// A small picture of the figure, or its id while the library has none for it.
fn thumb(figure: &Figure) -> Html {
    match figure.shown.as_deref() {
        Some(shown) => thumbnail(shown, "…"),
        None => html! { <span class="thumb">{ figure.id.to_string() }</span> },
    }
}

/// The article's own texts for one figure: `prefix-alt`, `prefix-caption`, `prefix-credit`,
/// each showing the library's as its placeholder.
fn own_texts(
    media: &'static MediaText,
    prefix: &str,
    figure: &Figure,
    set: Callback<(usize, String)>,
) -> Html {
    let shown = figure.shown.as_deref();
    let field = |n: usize,
                 name: &str,
                 label: &'static str,
                 own: &Option<String>,
                 library: Option<&String>| {
        let set = set.clone();
        html! {
            <label><span>{ label }</span>
                <input name={format!("{prefix}-{name}")} maxlength="1000"
                       value={own.clone().unwrap_or_default()}
                       placeholder={library.cloned().unwrap_or_else(|| media.own_hint.to_owned())}
                       oninput={Callback::from(move |e: InputEvent| set.emit((n, event_value(&e))))} /></label>
        }
    };
    html! {
        <div class="figure-texts">
            { field(0, "alt", media.alt, &figure.alt, shown.and_then(|s| s.alt.as_ref())) }
            { field(1, "caption", media.caption, &figure.caption, shown.and_then(|s| s.caption.as_ref())) }
            { field(2, "credit", media.credit, &figure.credit, shown.and_then(|s| s.credit.as_ref())) }
        </div>
    }
}

/// Sets own text `n` (alt, caption, credit) of `figure`; empty is none of its own.
fn set_own(figure: &mut Figure, n: usize, value: String) {
    let value = (!value.trim().is_empty()).then_some(value);
    match n {
        0 => figure.alt = value,
        1 => figure.caption = value,
        _ => figure.credit = value,
    }
}

#[derive(Debug, Properties, PartialEq)]
pub(super) struct FormProps {
    pub form: UseStateHandle<Form>,
}

/// The featured image: chosen from the library, with the article's own texts.
#[function_component(FeaturedImageField)]
pub(super) fn featured_image_field(props: &FormProps) -> Html {
    let media = &use_ctx().lang.desk().media;
    let form = &props.form;
    let picking = use_state(|| false);
    let open = {
        let picking = picking.clone();
        Callback::from(move |_: MouseEvent| picking.set(true))
    };
    let pick = {
        let (form, picking) = (form.clone(), picking.clone());
        Callback::from(move |images: Vec<Image>| {
            let mut next = (*form).clone();
            if let Some(image) = images.first() {
                next.featured_image = Some(figure_of(image));
            }
            form.set(next);
            picking.set(false);
        })
    };
    let cancel = {
        let picking = picking.clone();
        Callback::from(move |()| picking.set(false))
    };
    let take_off = {
        let form = form.clone();
        Callback::from(move |_: MouseEvent| {
            let mut next = (*form).clone();
            next.featured_image = None;
            form.set(next);
        })
    };
    let set = {
        let form = form.clone();
        Callback::from(move |(n, value): (usize, String)| {
            let mut next = (*form).clone();
            if let Some(figure) = next.featured_image.as_mut() {
                set_own(figure, n, value);
            }
            form.set(next);
        })
    };
    html! {
        <fieldset class="featured-image wide">
            <legend>{ media.featured }</legend>
            if let Some(figure) = &form.featured_image {
                <div class="figure">
                    { thumb(figure) }
                    { own_texts(media, "featured", figure, set) }
                </div>
                <button type="button" class="take-off-featured" onclick={take_off}>{ media.take_off }</button>
            }
            <button type="button" class="choose-featured" onclick={open}>{ media.choose }</button>
            if *picking {
                <ImagePicker multiple=false on_pick={pick} on_cancel={cancel} />
            }
        </fieldset>
    }
}

#[derive(Debug, Properties, PartialEq)]
pub(super) struct InsertProps {
    pub form: UseStateHandle<Form>,
}

/// Buttons that add an image block or a gallery at the end of the body.
#[function_component(InsertPictures)]
pub(super) fn insert_pictures(props: &InsertProps) -> Html {
    let media = &use_ctx().lang.desk().media;
    // `Some(true)`: choosing a gallery's images.
    let picking = use_state(|| None::<bool>);
    let open = |gallery: bool| {
        let picking = picking.clone();
        Callback::from(move |_: MouseEvent| picking.set(Some(gallery)))
    };
    let pick = {
        let (form, picking) = (props.form.clone(), picking.clone());
        Callback::from(move |images: Vec<Image>| {
            let mut next = (*form).clone();
            let figures: Vec<Figure> = images.iter().map(figure_of).collect();
            let block = if figures.len() > 1 {
                Some(Block::Gallery(GalleryBlock {
                    images: figures,
                    caption: None,
                }))
            } else {
                figures.into_iter().next().map(|image| {
                    Block::Image(ImageBlock {
                        image,
                        layout: ImageLayout::Inline,
                    })
                })
            };
            if let Some(block) = block {
                next.blocks.push(EditBlock::picture(block));
            }
            form.set(next);
            picking.set(None);
        })
    };
    let cancel = {
        let picking = picking.clone();
        Callback::from(move |()| picking.set(None))
    };
    html! {
        <>
            <button type="button" class="add-image" onclick={open(false)}>{ "+ " }{ media.add_image }</button>
            <button type="button" class="add-gallery" onclick={open(true)}>{ "+ " }{ media.add_gallery }</button>
            if let Some(gallery) = *picking {
                <ImagePicker multiple={gallery} on_pick={pick} on_cancel={cancel} />
            }
        </>
    }
}

#[derive(Debug, Properties, PartialEq)]
pub(super) struct PictureProps {
    pub form: UseStateHandle<Form>,
    pub index: usize,
}

/// An image or gallery block: its pictures, the article's own texts for each, an image's
/// width, a gallery's caption.
#[function_component(PictureBlock)]
pub(super) fn picture_block(props: &PictureProps) -> Html {
    let desk = use_ctx().lang.desk();
    let media = &desk.media;
    let (form, i) = (&props.form, props.index);
    let Some(block) = form.blocks.get(i).and_then(|b| b.picture.clone()) else {
        return Html::default();
    };
    // Changes this block's picture block.
    let change = |apply: std::rc::Rc<dyn Fn(&mut Block)>| {
        let form = form.clone();
        Callback::from(move |()| {
            let mut next = (*form).clone();
            if let Some(block) = next.blocks.get_mut(i).and_then(|b| b.picture.as_mut()) {
                apply(block);
            }
            form.set(next);
        })
    };
    let texts_of = |j: usize, figure: &Figure| {
        let form = form.clone();
        let set = Callback::from(move |(n, value): (usize, String)| {
            let mut next = (*form).clone();
            if let Some(block) = next.blocks.get_mut(i).and_then(|b| b.picture.as_mut())
                && let Some(figure) = block.figures_mut().into_iter().nth(j)
            {
                set_own(figure, n, value);
            }
            form.set(next);
        });
        own_texts(media, &format!("block-{i}-image-{j}"), figure, set)
    };
    match &block {
        Block::Image(ImageBlock { image, layout }) => {
            let set_layout = {
                let form = form.clone();
                Callback::from(move |e: Event| {
                    let mut next = (*form).clone();
                    if let Some(Block::Image(block)) =
                        next.blocks.get_mut(i).and_then(|b| b.picture.as_mut())
                        && let Some(layout) = ImageLayout::parse(&event_value(&e))
                    {
                        block.layout = layout;
                    }
                    form.set(next);
                })
            };
            html! {
                <div class="picture-block">
                    <div class="figure">{ thumb(image) }{ texts_of(0, image) }</div>
                    <label><span>{ media.layout }</span>
                        <select name={format!("block-{i}-layout")} onchange={set_layout}>
                            { for ImageLayout::ALL.iter().zip(media.layouts).map(|(value, label)| html! {
                                <option value={value.as_str()} selected={value == layout}>{ label }</option>
                            }) }
                        </select></label>
                </div>
            }
        }
        Block::Gallery(GalleryBlock { images, caption }) => {
            let set_caption = {
                let form = form.clone();
                Callback::from(move |e: InputEvent| {
                    let mut next = (*form).clone();
                    if let Some(Block::Gallery(block)) =
                        next.blocks.get_mut(i).and_then(|b| b.picture.as_mut())
                    {
                        let value = event_value(&e);
                        block.caption = (!value.trim().is_empty()).then_some(value);
                    }
                    form.set(next);
                })
            };
            html! {
                <div class="picture-block gallery-block">
                    <ol class="gallery-figures">
                        { for images.iter().enumerate().map(|(j, figure)| {
                            let remove = change(std::rc::Rc::new(move |block: &mut Block| {
                                if let Block::Gallery(g) = block && g.images.len() > 2 {
                                    g.images.remove(j);
                                }
                            }));
                            html! {
                                <li class="figure">
                                    { thumb(figure) }{ texts_of(j, figure) }
                                    <button type="button" disabled={images.len() <= 2}
                                            onclick={remove.reform(|_: MouseEvent| ())}>{ desk.remove }</button>
                                </li>
                            }
                        }) }
                    </ol>
                    <label><span>{ media.gallery_caption }</span>
                        <input name={format!("block-{i}-caption")} maxlength="1000"
                               value={caption.clone().unwrap_or_default()} oninput={set_caption} /></label>
                </div>
            }
        }
        _ => Html::default(),
    }
}
