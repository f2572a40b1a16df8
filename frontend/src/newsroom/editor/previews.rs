//! Preview links of the saved article: make one (its address shown once, to copy),
//! see them all with their state, revoke one.

use shared::previews::{NewPreview, PreviewState};
use yew::prelude::*;

use crate::fetch::{Fetch, use_fetch};
use crate::newsroom::{authed, describe_error};
use crate::{i18n, use_ctx};

#[derive(Debug, Properties, PartialEq)]
pub(super) struct PreviewProps {
    pub id: String,
}

#[function_component(PreviewLinks)]
pub(super) fn preview_links(props: &PreviewProps) -> Html {
    let ctx = use_ctx();
    let lang = ctx.lang;
    let text = &lang.desk().previews;
    let made = use_state(|| None::<String>);
    let message = use_state(|| None::<String>);
    let (links, retry) = {
        let ctx = ctx.clone();
        use_fetch(props.id.clone(), move |id| {
            let ctx = ctx.clone();
            async move { authed(&ctx, |api, token| api.previews(&token, &id)).await }
        })
    };
    let make = {
        let (ctx, id, made, message, retry) = (
            ctx.clone(),
            props.id.clone(),
            made.clone(),
            message.clone(),
            retry.clone(),
        );
        Callback::from(move |_: MouseEvent| {
            let (ctx, id, made, message, retry) = (
                ctx.clone(),
                id.clone(),
                made.clone(),
                message.clone(),
                retry.clone(),
            );
            wasm_bindgen_futures::spawn_local(async move {
                let new = NewPreview::default();
                match authed(&ctx, |api, token| api.create_preview(&token, &id, &new)).await {
                    Ok(link) => {
                        let origin = web_sys::window()
                            .and_then(|w| w.location().origin().ok())
                            .unwrap_or_default();
                        made.set(link.path.map(|path| format!("{origin}{path}")));
                        message.set(None);
                        retry.emit(());
                    }
                    Err(error) => message.set(Some(describe_error(&ctx, &error))),
                }
            });
        })
    };
    let revoke = |preview: String| {
        let (ctx, id, message, retry) = (
            ctx.clone(),
            props.id.clone(),
            message.clone(),
            retry.clone(),
        );
        Callback::from(move |_: MouseEvent| {
            let (ctx, id, preview, message, retry) = (
                ctx.clone(),
                id.clone(),
                preview.clone(),
                message.clone(),
                retry.clone(),
            );
            wasm_bindgen_futures::spawn_local(async move {
                match authed(&ctx, |api, token| api.revoke_preview(&token, &id, &preview)).await {
                    Ok(()) => retry.emit(()),
                    Err(error) => message.set(Some(describe_error(&ctx, &error))),
                }
            });
        })
    };
    let state_name = |state: PreviewState| match state {
        PreviewState::Active => text.states[0],
        PreviewState::Expired => text.states[1],
        PreviewState::Revoked => text.states[2],
    };
    html! {
        <section class="preview-links" aria-labelledby="pratinjau">
            <h2 id="pratinjau">{ text.title }</h2>
            <p class="hint">{ text.hint }</p>
            <button type="button" class="make-preview" onclick={make}>{ text.make }</button>
            if let Some(url) = &*made {
                <label class="preview-url"><span>{ text.made }</span>
                    <input type="text" readonly=true name="preview-url" value={url.clone()} /></label>
            }
            if let Some(message) = &*message { <p class="form-error" role="alert">{ message }</p> }
            if let Fetch::Done(list) = links {
                <ul>
                    { for list.data.iter().map(|link| html! {
                        <li key={link.id.to_string()} class={classes!("preview-link", link.state.as_str())}>
                            { format!("{} · {} ", state_name(link.state), link.created_by.clone().unwrap_or_default()) }
                            { text.until }{ " " }{ i18n::date_time(lang, &link.expires_at) }
                            if link.state == PreviewState::Active {
                                { " " }
                                <button type="button" class="revoke" onclick={revoke(link.id.to_string())}>{ text.revoke }</button>
                            }
                        </li>
                    }) }
                </ul>
            }
        </section>
    }
}
