//! The image library in the newsroom: uploads (several files, chosen or dropped, each
//! with its progress), the library browsed and searched, an image's texts and focal
//! point edited with its crops shown; and the picker the editor chooses pictures with.

use std::rc::Rc;

use shared::ImageId;
use shared::media::{FocalPoint, Image, ImageType, ImageUpdate, PlacedImage};
use shared::query::{ListImagesQuery, PageNumber, PerPage};
use wasm_bindgen::JsCast as _;
use yew::prelude::*;

use super::{authed, describe_error, event_value};
use crate::components::{ErrorBox, loading};
use crate::fetch::{Fetch, use_fetch};
use crate::{set_title, use_ctx};

/// The library page: upload, browse, edit.
#[function_component(MediaLibrary)]
pub fn media_library() -> Html {
    let media = &use_ctx().lang.desk().media;
    use_effect_with((), move |()| set_title(media.library));
    // Bumped when the library changed (an upload, an edit, a deletion): the grid reloads.
    let generation = use_state(|| 0u32);
    let selected = use_state(|| None::<Image>);
    let changed = {
        let generation = generation.clone();
        Callback::from(move |()| generation.set(*generation + 1))
    };
    let choose = {
        let selected = selected.clone();
        Callback::from(move |images: Vec<Image>| selected.set(images.into_iter().next()))
    };
    let saved = {
        let (selected, changed) = (selected.clone(), changed.clone());
        Callback::from(move |image: Option<Image>| {
            selected.set(image);
            changed.emit(());
        })
    };
    html! {
        <section class="media-library">
            <h1>{ media.library }</h1>
            <Uploader on_uploaded={changed} />
            <div class="media-columns">
                <ImageGrid generation={*generation} multiple=false on_choose={choose}
                           chosen={selected.as_ref().map(|i| vec![i.id]).unwrap_or_default()} />
                if let Some(image) = &*selected {
                    <ImageDetails key={image.id.to_string()} image={image.clone()} on_saved={saved} />
                }
            </div>
        </section>
    }
}

/// One upload as the page shows it.
#[derive(Debug, Clone, PartialEq)]
struct Upload {
    name: String,
    sent: f64,
    size: f64,
    /// `Some(Ok(true))` new to the library, `Some(Ok(false))` there already.
    outcome: Option<Result<bool, String>>,
}

enum UploadEvent {
    Started(usize, String, f64),
    Progress(usize, f64),
    Finished(usize, Result<bool, String>),
}

#[derive(Debug, Default, PartialEq)]
struct Uploads(Vec<Upload>);

impl Reducible for Uploads {
    type Action = UploadEvent;

    fn reduce(self: Rc<Self>, action: UploadEvent) -> Rc<Self> {
        let mut uploads = self.0.clone();
        match action {
            UploadEvent::Started(i, name, size) => {
                if uploads.len() <= i {
                    uploads.resize(
                        i + 1,
                        Upload {
                            name: String::new(),
                            sent: 0.0,
                            size: 0.0,
                            outcome: None,
                        },
                    );
                }
                uploads[i] = Upload {
                    name,
                    sent: 0.0,
                    size,
                    outcome: None,
                };
            }
            UploadEvent::Progress(i, sent) => {
                if let Some(upload) = uploads.get_mut(i) {
                    upload.sent = sent;
                }
            }
            UploadEvent::Finished(i, outcome) => {
                if let Some(upload) = uploads.get_mut(i) {
                    if outcome.is_ok() {
                        upload.sent = upload.size;
                    }
                    upload.outcome = Some(outcome);
                }
            }
        }
        Rc::new(Self(uploads))
    }
}

#[derive(Debug, Properties, PartialEq)]
struct UploaderProps {
    on_uploaded: Callback<()>,
}

/// Files chosen or dropped are uploaded one after another, each with its progress and
/// its outcome (the server's refusal in words, naming the limit).
#[function_component(Uploader)]
fn uploader(props: &UploaderProps) -> Html {
    let ctx = use_ctx();
    let media = &ctx.lang.desk().media;
    let uploads = use_reducer(Uploads::default);
    let over = use_state(|| false);
    let start = {
        let (ctx, uploads, done) = (ctx.clone(), uploads.clone(), props.on_uploaded.clone());
        Callback::from(move |files: web_sys::FileList| {
            let first = uploads.0.len();
            let files: Vec<web_sys::File> =
                (0..files.length()).filter_map(|i| files.get(i)).collect();
            for (n, file) in files.iter().enumerate() {
                uploads.dispatch(UploadEvent::Started(first + n, file.name(), file.size()));
            }
            let (ctx, uploads, done) = (ctx.clone(), uploads.clone(), done.clone());
            wasm_bindgen_futures::spawn_local(async move {
                for (n, file) in files.into_iter().enumerate() {
                    let i = first + n;
                    let progress = {
                        let uploads = uploads.clone();
                        Callback::from(move |(sent, _): (f64, f64)| {
                            uploads.dispatch(UploadEvent::Progress(i, sent));
                        })
                    };
                    let outcome = authed(&ctx, |api, token| {
                        api.upload_image(&token, file.clone(), progress.clone())
                    })
                    .await;
                    let outcome = match outcome {
                        Ok((_, new)) => Ok(new),
                        Err(error) => Err(describe_error(&ctx, &error)),
                    };
                    uploads.dispatch(UploadEvent::Finished(i, outcome));
                    done.emit(());
                }
            });
        })
    };
    let chosen = {
        let start = start.clone();
        Callback::from(move |e: Event| {
            let input = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok());
            if let Some(files) = input.as_ref().and_then(web_sys::HtmlInputElement::files) {
                start.emit(files);
            }
            if let Some(input) = input {
                input.set_value("");
            }
        })
    };
    let drag = |entering: bool| {
        let over = over.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            over.set(entering);
        })
    };
    let dropped = {
        let over = over.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            over.set(false);
            if let Some(files) = e.data_transfer().and_then(|d| d.files()) {
                start.emit(files);
            }
        })
    };
    html! {
        <div class={classes!("uploader", over.then_some("over"))}
             ondragover={drag(true)} ondragleave={drag(false)} ondrop={dropped}>
            <label class="upload-button">
                <span>{ media.upload }</span>
                <input type="file" name="files" multiple=true
                       accept="image/jpeg,image/png,image/webp,image/gif" onchange={chosen} />
            </label>
            <p class="hint">{ media.drop_here }</p>
            if !uploads.0.is_empty() {
                <ul class="uploads">
                    { for uploads.0.iter().map(|u| html! {
                        <li class={classes!("upload", match &u.outcome {
                                Some(Ok(_)) => "done", Some(Err(_)) => "failed", None => "busy" })}>
                            <span class="upload-name">{ &u.name }</span>
                            <progress max={u.size.max(1.0).to_string()} value={u.sent.to_string()} />
                            { match &u.outcome {
                                Some(Ok(true)) => html! { <span class="upload-outcome">{ media.uploaded }</span> },
                                Some(Ok(false)) => html! { <span class="upload-outcome">{ media.already_there }</span> },
                                Some(Err(message)) => html! { <span class="upload-outcome form-error" role="alert">{ message }</span> },
                                None => Html::default(),
                            } }
                        </li>
                    }) }
                </ul>
            }
        </div>
    }
}

#[derive(Debug, Properties, PartialEq)]
pub struct GridProps {
    /// Reloads when it changes.
    #[prop_or_default]
    pub generation: u32,
    /// Chosen images are gathered (a gallery) rather than taken one at a time.
    pub multiple: bool,
    #[prop_or_default]
    pub chosen: Vec<ImageId>,
    pub on_choose: Callback<Vec<Image>>,
}

/// The library, newest first, searched by its texts, paged; each image a button.
#[function_component(ImageGrid)]
pub fn image_grid(props: &GridProps) -> Html {
    let ctx = use_ctx();
    let media = &ctx.lang.desk().media;
    let words = use_state(String::new);
    let page = use_state(|| 1u32);
    let gathered = use_state(Vec::<Image>::new);
    let (images, retry) = {
        let ctx = ctx.clone();
        use_fetch(
            ((*words).clone(), *page, props.generation),
            move |(words, page, _)| {
                let ctx = ctx.clone();
                let query = ListImagesQuery {
                    q: Some(words.trim().to_owned()).filter(|w| !w.is_empty()),
                    page: PageNumber::new(page),
                    per_page: PerPage::new(24),
                };
                async move { authed(&ctx, |api, token| api.images(&token, &query)).await }
            },
        )
    };
    let search = {
        let (words, page) = (words.clone(), page.clone());
        Callback::from(move |e: InputEvent| {
            words.set(event_value(&e));
            page.set(1);
        })
    };
    let pick = |image: &Image| {
        let (image, multiple, gathered, on_choose) = (
            image.clone(),
            props.multiple,
            gathered.clone(),
            props.on_choose.clone(),
        );
        Callback::from(move |_: MouseEvent| {
            if multiple {
                let mut next = (*gathered).clone();
                match next.iter().position(|i| i.id == image.id) {
                    Some(at) => {
                        next.remove(at);
                    }
                    None => next.push(image.clone()),
                }
                gathered.set(next);
            } else {
                on_choose.emit(vec![image.clone()]);
            }
        })
    };
    let insert = {
        let (gathered, on_choose) = (gathered.clone(), props.on_choose.clone());
        Callback::from(move |_: MouseEvent| on_choose.emit((*gathered).clone()))
    };
    let is_chosen = |id: ImageId| props.chosen.contains(&id) || gathered.iter().any(|i| i.id == id);
    html! {
        <div class="image-grid">
            <label class="image-search"><span>{ media.search }</span>
                <input type="search" name="image-search" value={(*words).clone()} oninput={search} /></label>
            { match images {
                Fetch::Loading => loading(ctx.lang),
                Fetch::Failed(error) => html! { <ErrorBox {error} {retry} /> },
                Fetch::Done(list) if list.data.is_empty() => html! { <p class="empty">{ media.none }</p> },
                Fetch::Done(list) => html! {
                    <>
                        <ul class="tiles">
                            { for list.data.iter().map(|image| html! {
                                <li key={image.id.to_string()}>
                                    <button type="button" class={classes!("tile", is_chosen(image.id).then_some("chosen"))}
                                            aria-pressed={is_chosen(image.id).to_string()}
                                            data-image={image.id.to_string()} onclick={pick(image)}>
                                        { thumbnail(&image.placed(None, None, None), media.processing) }
                                        <span class="tile-text">
                                            { image.alt.as_deref().or(image.caption.as_deref()).unwrap_or(media.alt_missing) }
                                        </span>
                                    </button>
                                </li>
                            }) }
                        </ul>
                        if list.pagination.total_pages > 1 {
                            <nav class="pager">
                                <button type="button" disabled={*page <= 1}
                                        onclick={let p = page.clone(); Callback::from(move |_: MouseEvent| p.set((*p).saturating_sub(1).max(1)))}>{ "←" }</button>
                                <span>{ format!("{} / {}", *page, list.pagination.total_pages) }</span>
                                <button type="button" disabled={*page >= list.pagination.total_pages}
                                        onclick={let p = page.clone(); Callback::from(move |_: MouseEvent| p.set(*p + 1))}>{ "→" }</button>
                            </nav>
                        }
                    </>
                },
            } }
            if props.multiple {
                <button type="button" class="insert-chosen" disabled={gathered.len() < 2} onclick={insert}>
                    { format!("{} ({})", media.insert, gathered.len()) }
                </button>
            }
        </div>
    }
}

/// The smallest JPEG width, or word that the renditions are still being made.
pub fn thumbnail(image: &PlacedImage, processing: &str) -> Html {
    match image.widths(ImageType::Jpeg).first() {
        Some(r) => html! {
            <img class="thumb" src={r.url.clone()} width={r.width.to_string()} height={r.height.to_string()}
                 alt={image.alt.clone().unwrap_or_default()} loading="lazy" decoding="async" />
        },
        None => html! { <span class="thumb processing">{ processing.to_owned() }</span> },
    }
}

#[derive(Debug, Properties, PartialEq)]
struct DetailsProps {
    image: Image,
    /// The image as saved (`None`: deleted).
    on_saved: Callback<Option<Image>>,
}

/// An image's texts and focal point, edited; its crops as the worker made them.
#[function_component(ImageDetails)]
fn image_details(props: &DetailsProps) -> Html {
    let ctx = use_ctx();
    let media = &ctx.lang.desk().media;
    let image = &props.image;
    let update = use_state(|| ImageUpdate {
        alt: image.alt.clone(),
        caption: image.caption.clone(),
        credit: image.credit.clone(),
        copyright_holder: image.copyright_holder.clone(),
        usage_terms: image.usage_terms.clone(),
        focal_point: Some(image.focal_point),
    });
    let message = use_state(|| None::<Result<&'static str, String>>);
    let text = |apply: fn(&mut ImageUpdate, String)| {
        let update = update.clone();
        Callback::from(move |e: InputEvent| {
            let mut next = (*update).clone();
            apply(&mut next, event_value(&e));
            update.set(next);
        })
    };
    let aim = {
        let update = update.clone();
        Callback::from(move |e: MouseEvent| {
            let Some(target) = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            else {
                return;
            };
            let rect = target.get_bounding_client_rect();
            if rect.width() <= 0.0 || rect.height() <= 0.0 {
                return;
            }
            let round = |v: f64| (v.clamp(0.0, 1.0) * 100.0).round() / 100.0;
            let mut next = (*update).clone();
            next.focal_point = Some(FocalPoint {
                x: round((f64::from(e.client_x()) - rect.left()) / rect.width()),
                y: round((f64::from(e.client_y()) - rect.top()) / rect.height()),
            });
            update.set(next);
        })
    };
    let save = {
        let (ctx, update, message, on_saved, id) = (
            ctx.clone(),
            update.clone(),
            message.clone(),
            props.on_saved.clone(),
            image.id.to_string(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let (ctx, message, on_saved, id) =
                (ctx.clone(), message.clone(), on_saved.clone(), id.clone());
            let body = (*update).clone();
            wasm_bindgen_futures::spawn_local(async move {
                let saved = authed(&ctx, |api, token| api.update_image(&token, &id, &body)).await;
                match saved {
                    Ok(image) => {
                        message.set(Some(Ok(ctx.lang.desk().saved)));
                        on_saved.emit(Some(image));
                    }
                    Err(error) => message.set(Some(Err(describe_error(&ctx, &error)))),
                }
            });
        })
    };
    let delete = {
        let (ctx, message, on_saved, id) = (
            ctx.clone(),
            message.clone(),
            props.on_saved.clone(),
            image.id.to_string(),
        );
        Callback::from(move |_: MouseEvent| {
            let (ctx, message, on_saved, id) =
                (ctx.clone(), message.clone(), on_saved.clone(), id.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match authed(&ctx, |api, token| api.delete_image(&token, &id)).await {
                    Ok(()) => on_saved.emit(None),
                    Err(error) => message.set(Some(Err(describe_error(&ctx, &error)))),
                }
            });
        })
    };
    let focal = update.focal_point.unwrap_or_default();
    let placed = image.placed(None, None, None);
    let preview = placed
        .widths(ImageType::Jpeg)
        .into_iter()
        .rev()
        .find(|r| r.width <= 640)
        .cloned();
    let moved = update.focal_point != Some(image.focal_point);
    let field = |name: &'static str,
                 label: &'static str,
                 value: &Option<String>,
                 apply: fn(&mut ImageUpdate, String)| {
        html! {
            <label><span>{ label }</span>
                <input name={name} maxlength="1000" value={value.clone().unwrap_or_default()} oninput={text(apply)} /></label>
        }
    };
    html! {
        <form class="image-details" onsubmit={save}>
            if let Some(r) = preview {
                <div class="focal">
                    <img src={r.url.clone()} width={r.width.to_string()} height={r.height.to_string()}
                         alt={image.alt.clone().unwrap_or_default()} onclick={aim} />
                    // The focal point, drawn over the picture (SVG: no inline style).
                    <svg class="focal-mark" viewBox="0 0 100 100" preserveAspectRatio="none" aria-hidden="true">
                        <circle cx={format!("{:.1}", focal.x * 100.0)} cy={format!("{:.1}", focal.y * 100.0)} r="3" />
                    </svg>
                </div>
                <p class="hint">{ media.focal_hint }{ format!(" {}: {:.2}, {:.2}", media.focal_point, focal.x, focal.y) }</p>
            } else {
                <p class="processing">{ media.processing }</p>
            }
            { field("alt", media.alt, &update.alt, |u, v| u.alt = Some(v)) }
            { field("caption", media.caption, &update.caption, |u, v| u.caption = Some(v)) }
            { field("credit", media.credit, &update.credit, |u, v| u.credit = Some(v)) }
            { field("copyright_holder", media.copyright_holder, &update.copyright_holder, |u, v| u.copyright_holder = Some(v)) }
            { field("usage_terms", media.usage_terms, &update.usage_terms, |u, v| u.usage_terms = Some(v)) }
            <p class="facts">{ format!("{} × {} · {} · {} KB", image.width, image.height, image.media_type, image.bytes / 1024) }</p>
            <div class="actions">
                <button type="submit" class="save">{ ctx.lang.desk().save }</button>
                <button type="button" class="delete" onclick={delete}>{ media.delete }</button>
            </div>
            { match &*message {
                Some(Ok(text)) => html! { <p class="form-ok" role="status">{ *text }</p> },
                Some(Err(text)) => html! { <p class="form-error" role="alert">{ text }</p> },
                None => Html::default(),
            } }
            <h2>{ media.crops }</h2>
            if moved { <p class="hint">{ media.crops_pending }</p> }
            <ul class="crops">
                { for ["16x9", "4x3", "1x1", "social"].iter().filter_map(|ratio| placed.crop(ratio, ImageType::Jpeg)).map(|r| html! {
                    <li><img src={r.url.clone()} width={r.width.to_string()} height={r.height.to_string()}
                             alt={format!("{} {}", media.crops, r.name)} loading="lazy" />
                        <span>{ &r.name }</span></li>
                }) }
            </ul>
        </form>
    }
}

#[derive(Debug, Properties, PartialEq)]
pub struct PickerProps {
    pub multiple: bool,
    pub on_pick: Callback<Vec<Image>>,
    pub on_cancel: Callback<()>,
}

/// The library as a dialog: one image chosen, or several gathered (a gallery).
#[function_component(ImagePicker)]
pub fn image_picker(props: &PickerProps) -> Html {
    let media = &use_ctx().lang.desk().media;
    let cancel = props.on_cancel.reform(|_: MouseEvent| ());
    html! {
        <div class="picker" role="dialog" aria-modal="true"
             aria-label={if props.multiple { media.choose_many } else { media.choose }}>
            <div class="picker-head">
                <h2>{ if props.multiple { media.choose_many } else { media.choose } }</h2>
                <button type="button" class="picker-cancel" onclick={cancel}>{ media.cancel }</button>
            </div>
            <ImageGrid multiple={props.multiple} on_choose={props.on_pick.clone()} />
        </div>
    }
}
