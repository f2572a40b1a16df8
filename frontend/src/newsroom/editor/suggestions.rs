//! The names recognition suggests in the saved article: who or what each may be and
//! why; editors accept one as a person, place or organisation, merge it into an entity
//! by its slug, or reject it for good.

use shared::{EntityKind, FoundBy, NewEntity};
use yew::prelude::*;

use crate::api::{Api, ApiError};
use crate::fetch::{Fetch, use_fetch};
use crate::newsroom::{authed, describe_error};
use crate::use_ctx;

/// What an editor decides about a name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Decision {
    /// A new entity of this kind.
    Accept(EntityKind),
    /// Another name of the entity whose slug the merge field has.
    Merge,
    /// Never suggested again.
    Reject,
}

async fn send(
    api: Api,
    token: String,
    name: String,
    decision: Decision,
    merge_into: String,
) -> Result<(), ApiError> {
    match decision {
        Decision::Accept(kind) => {
            let new = NewEntity {
                name,
                kind,
                aliases: Vec::new(),
                wikidata: None,
            };
            api.create_entity(&token, &new).await.map(drop)
        }
        Decision::Merge => api.add_alias(&token, &merge_into, &name).await.map(drop),
        Decision::Reject => api.reject_name(&token, &name).await.map(drop),
    }
}

#[derive(Debug, Properties, PartialEq)]
pub(super) struct SuggestionsProps {
    pub id: String,
    /// The saved version: a new one may name other names.
    pub version: i64,
    /// Only editors decide; authors see the list.
    pub is_editor: bool,
}

#[function_component(Suggestions)]
pub(super) fn suggestions(props: &SuggestionsProps) -> Html {
    let ctx = use_ctx();
    let lang = ctx.lang;
    let text = &lang.desk().suggestions;
    let reader = lang.text();
    let message = use_state(|| None::<String>);
    let merge_into = use_state(String::new);
    let (list, retry) = {
        let ctx = ctx.clone();
        use_fetch((props.id.clone(), props.version), move |(id, _)| {
            let ctx = ctx.clone();
            async move { authed(&ctx, |api, token| api.suggestions(&token, &id)).await }
        })
    };
    // One decision: the call, then the list again (or the error).
    let decide = |name: String, decision: Decision| {
        let (ctx, message, retry) = (ctx.clone(), message.clone(), retry.clone());
        let merge_into = (*merge_into).trim().to_owned();
        Callback::from(move |_: MouseEvent| {
            let (ctx, message, retry) = (ctx.clone(), message.clone(), retry.clone());
            let (name, merge_into) = (name.clone(), merge_into.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let sent = authed(&ctx, |api, token| {
                    send(api, token, name.clone(), decision, merge_into.clone())
                })
                .await;
                match sent {
                    Ok(()) => {
                        message.set(None);
                        retry.emit(());
                    }
                    Err(error) => message.set(Some(describe_error(&ctx, &error))),
                }
            });
        })
    };
    let on_merge_into = {
        let merge_into = merge_into.clone();
        Callback::from(move |e: InputEvent| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            merge_into.set(input.value());
        })
    };
    let kind_name = |kind: EntityKind| match kind {
        EntityKind::Person => reader.person,
        EntityKind::Place => reader.place,
        EntityKind::Organisation => reader.organisation,
    };
    let why = |found_by: FoundBy| {
        let i = FoundBy::ALL
            .iter()
            .position(|f| *f == found_by)
            .unwrap_or(0);
        text.found_by[i]
    };
    html! {
        <section class="suggestions" aria-labelledby="saran-nama">
            <h2 id="saran-nama">{ text.title }</h2>
            <p class="hint">{ text.hint }</p>
            if let Some(message) = &*message { <p class="form-error" role="alert">{ message }</p> }
            if props.is_editor {
                <label class="merge-into"><span>{ text.merge_into }</span>
                    <input type="text" name="merge-into" value={(*merge_into).clone()} oninput={on_merge_into} /></label>
            }
            if let Fetch::Done(list) = list {
                if list.data.is_empty() {
                    <p class="none">{ text.none }</p>
                }
                <ul>
                    { for list.data.iter().map(|s| html! {
                        <li key={s.name.clone()} class="suggestion" data-name={s.name.clone()}>
                            <strong class="name">{ &s.name }</strong>
                            { format!(" · {} · {} · {} {}", kind_name(s.kind), why(s.found_by), s.mentions, text.mentions) }
                            if props.is_editor {
                                <span class="decide">
                                    { text.accept_as }{ " " }
                                    { for [EntityKind::Person, EntityKind::Place, EntityKind::Organisation].into_iter().map(|kind| html! {
                                        <button type="button" class={classes!("accept", kind.as_str())}
                                                onclick={decide(s.name.clone(), Decision::Accept(kind))}>{ kind_name(kind) }</button>
                                    }) }
                                    <button type="button" class="merge" onclick={decide(s.name.clone(), Decision::Merge)}>{ text.merge }</button>
                                    <button type="button" class="reject" onclick={decide(s.name.clone(), Decision::Reject)}>{ text.reject }</button>
                                </span>
                            }
                        </li>
                    }) }
                </ul>
            }
        </section>
    }
}
