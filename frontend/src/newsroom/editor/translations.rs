//! The saved article's translations: those the readers can read, and starting one in
//! another language (a new draft with the article's structure, opened in the editor).

use shared::Article;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::newsroom::{authed, describe_error, event_value};
use crate::route::Route;
use crate::use_ctx;

#[derive(Debug, Properties, PartialEq)]
pub(super) struct TranslationsProps {
    pub article: Article,
}

#[function_component(Translations)]
pub(super) fn translations(props: &TranslationsProps) -> Html {
    let ctx = use_ctx();
    let text = &ctx.lang.desk().translations;
    let navigator = use_navigator();
    let a = &props.article;
    let choices: Vec<(&str, &str)> = ctx
        .lang
        .text()
        .language_names
        .iter()
        .copied()
        .filter(|(code, _)| *code != a.language)
        .collect();
    let language = use_state(|| {
        choices
            .first()
            .map(|(code, _)| (*code).to_owned())
            .unwrap_or_default()
    });
    let message = use_state(|| None::<String>);
    let choose = {
        let language = language.clone();
        Callback::from(move |e: Event| language.set(event_value(&e)))
    };
    let start = {
        let (ctx, id, language, message) = (
            ctx.clone(),
            a.id.to_string(),
            language.clone(),
            message.clone(),
        );
        Callback::from(move |_: MouseEvent| {
            let (ctx, id, language, message, navigator) = (
                ctx.clone(),
                id.clone(),
                (*language).clone(),
                message.clone(),
                navigator.clone(),
            );
            wasm_bindgen_futures::spawn_local(async move {
                match authed(&ctx, |api, token| {
                    api.start_translation(&token, &id, &language)
                })
                .await
                {
                    Ok(draft) => {
                        if let Some(navigator) = navigator {
                            navigator.push(&Route::EditArticle {
                                id: draft.id.to_string(),
                            });
                        }
                    }
                    Err(error) => message.set(Some(describe_error(&ctx, &error))),
                }
            });
        })
    };
    html! {
        <section class="translations" aria-labelledby="terjemahan">
            <h2 id="terjemahan">{ text.title }</h2>
            if a.translation_of.is_some() { <p class="hint">{ text.is_translation }</p> }
            if !a.translations.is_empty() {
                <ul>
                    { for a.translations.iter().map(|t| html! {
                        <li key={t.id.to_string()}>
                            { format!("{} · ", t.language) }
                            <Link<Route> to={Route::EditArticle { id: t.id.to_string() }}>{ &t.headline }</Link<Route>>
                        </li>
                    }) }
                </ul>
            }
            <label><span>{ text.language }</span>
                <select name="translation-language" onchange={choose}>
                    { for choices.iter().map(|(code, name)| html! {
                        <option value={*code} selected={*language == *code}>{ *name }</option>
                    }) }
                </select></label>
            { " " }
            <button type="button" class="start-translation" onclick={start}>{ text.start }</button>
            if let Some(message) = &*message { <p class="form-error" role="alert">{ message }</p> }
        </section>
    }
}
