//! A saved live blog's entries in the editor: post one (Markdown, a title, key event,
//! pinned), change one at the version loaded, remove one; newest first.

use shared::live::{LiveEntry, LiveEntryInput, LiveState};
use yew::prelude::*;

use crate::fetch::{Fetch, use_fetch};
use crate::newsroom::{authed, describe_error, event_value};
use crate::{i18n, use_ctx};

#[derive(Debug, Properties, PartialEq)]
pub(super) struct EntriesProps {
    pub id: String,
}

/// The entry being written: new (`editing` none) or a change of one.
#[derive(Debug, Clone, Default, PartialEq)]
struct Draft {
    editing: Option<(String, i64)>,
    title: String,
    text: String,
    key_event: bool,
    pinned: bool,
}

impl Draft {
    fn of(entry: &LiveEntry) -> Self {
        Self {
            editing: Some((entry.id.to_string(), entry.version)),
            title: entry.title.clone().unwrap_or_default(),
            // The entry's text, a paragraph per block, as Markdown to edit.
            text: shared::render::render_body(&entry.body).text,
            key_event: entry.key_event,
            pinned: entry.pinned,
        }
    }

    fn input(&self) -> LiveEntryInput {
        LiveEntryInput {
            title: Some(self.title.trim().to_owned()).filter(|t| !t.is_empty()),
            body: Vec::new(),
            body_markdown: Some(self.text.clone()),
            key_event: self.key_event,
            pinned: self.pinned,
        }
    }
}

#[function_component(LiveEntries)]
pub(super) fn live_entries(props: &EntriesProps) -> Html {
    let ctx = use_ctx();
    let lang = ctx.lang;
    let text = &lang.desk().entries;
    let draft = use_state(Draft::default);
    let message = use_state(|| None::<String>);
    let (entries, reload) = {
        let ctx = ctx.clone();
        use_fetch(props.id.clone(), move |id| {
            let ctx = ctx.clone();
            async move { authed(&ctx, |api, token| api.staff_entries(&token, &id)).await }
        })
    };
    // One way to run a call and then reload the list, or say what went wrong.
    let run = {
        let (ctx, message, reload) = (ctx.clone(), message.clone(), reload.clone());
        move |call: std::pin::Pin<
            Box<dyn std::future::Future<Output = Result<(), crate::api::ApiError>>>,
        >,
              done: Option<UseStateHandle<Draft>>| {
            let (ctx, message, reload) = (ctx.clone(), message.clone(), reload.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match call.await {
                    Ok(()) => {
                        message.set(None);
                        if let Some(draft) = done {
                            draft.set(Draft::default());
                        }
                        reload.emit(());
                    }
                    Err(error) => message.set(Some(describe_error(&ctx, &error))),
                }
            });
        }
    };
    let submit = {
        let (ctx, id, draft, run) = (ctx.clone(), props.id.clone(), draft.clone(), run.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let (ctx, id, input, editing) = (
                ctx.clone(),
                id.clone(),
                draft.input(),
                draft.editing.clone(),
            );
            run(
                Box::pin(async move {
                    let entry = editing.as_ref().map(|(entry, v)| (entry.as_str(), *v));
                    authed(&ctx, |api, token| {
                        api.save_entry(&token, &id, entry, &input)
                    })
                    .await
                    .map(drop)
                }),
                Some(draft.clone()),
            );
        })
    };
    let remove = |entry: String| {
        let (ctx, id, run) = (ctx.clone(), props.id.clone(), run.clone());
        Callback::from(move |_: MouseEvent| {
            let (ctx, id, entry) = (ctx.clone(), id.clone(), entry.clone());
            run(
                Box::pin(async move {
                    authed(&ctx, |api, token| api.delete_entry(&token, &id, &entry)).await
                }),
                None,
            );
        })
    };
    let edit = |entry: &LiveEntry| {
        let (draft, chosen) = (draft.clone(), Draft::of(entry));
        Callback::from(move |_: MouseEvent| draft.set(chosen.clone()))
    };
    let set = |apply: fn(&mut Draft, String)| {
        let draft = draft.clone();
        Callback::from(move |e: InputEvent| {
            let mut next = (*draft).clone();
            apply(&mut next, event_value(&e));
            draft.set(next);
        })
    };
    let toggle = |apply: fn(&mut Draft)| {
        let draft = draft.clone();
        Callback::from(move |_: Event| {
            let mut next = (*draft).clone();
            apply(&mut next);
            draft.set(next);
        })
    };
    let cancel = {
        let draft = draft.clone();
        Callback::from(move |_: MouseEvent| draft.set(Draft::default()))
    };
    let Fetch::Done(page) = entries else {
        return Html::default();
    };
    let closed = page.live == LiveState::Closed;
    html! {
        <section class="live-entries-editor" aria-labelledby="entri">
            <h2 id="entri">{ text.title }</h2>
            <p class="hint">{ if closed { text.closed } else { text.hint } }</p>
            if !closed || draft.editing.is_some() {
                <form class="entry-form" onsubmit={submit}>
                    <label><span>{ text.entry_title }</span>
                        <input name="entry-title" maxlength="200" value={draft.title.clone()}
                               oninput={set(|d, v| d.title = v)} /></label>
                    <label class="wide"><span>{ text.text }</span>
                        <textarea name="entry-text" rows="4" required=true value={draft.text.clone()}
                                  oninput={set(|d, v| d.text = v)} /></label>
                    <label><input type="checkbox" name="key-event" checked={draft.key_event}
                                  onchange={toggle(|d| d.key_event = !d.key_event)} />{ text.key_event }</label>
                    <label><input type="checkbox" name="pinned" checked={draft.pinned}
                                  onchange={toggle(|d| d.pinned = !d.pinned)} />{ text.pinned }</label>
                    <button type="submit" class="post-entry">
                        { if draft.editing.is_some() { text.save } else { text.post } }
                    </button>
                    if draft.editing.is_some() {
                        <button type="button" onclick={cancel}>{ text.cancel }</button>
                    }
                </form>
            }
            if let Some(message) = &*message { <p class="form-error" role="alert">{ message }</p> }
            <ol class="entries" reversed=true>
                { for page.data.iter().map(|entry| html! {
                    <li key={entry.id.to_string()} class={classes!("entry", entry.key_event.then_some("key-event"), entry.pinned.then_some("pinned"))}>
                        <time datetime={entry.created_at.to_rfc3339()}>{ i18n::date_time(lang, &entry.created_at) }</time>
                        if let Some(title) = &entry.title { <strong>{ " " }{ title }</strong> }
                        <p>{ shared::render::render_body(&entry.body).text }</p>
                        <button type="button" class="edit-entry" onclick={edit(entry)}>{ text.edit }</button>
                        { " " }
                        <button type="button" class="remove-entry" onclick={remove(entry.id.to_string())}>{ text.remove }</button>
                    </li>
                }) }
            </ol>
        </section>
    }
}
