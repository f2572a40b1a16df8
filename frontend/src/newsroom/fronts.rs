//! Fronts: the editors arrange the home page and each section's page — the picks in
//! order (dragged, or moved with buttons for the keyboard), each shown for good or
//! until a time — and save the arrangement on the version they loaded.

use shared::fronts::{FrontInput, HOME, MAX_SLOTS, SlotInput, SlotState, StaffFront};
use shared::staff::Role;
use shared::{Article, ArticleId, ArticleStatus};
use yew::prelude::*;

use super::{authed, describe_error, event_value, local_input, local_time, status_name};
use crate::api::ApiError;
use crate::components::{ErrorBox, loading};
use crate::fetch::{Fetch, use_fetch};
use crate::{set_title, use_ctx};

/// A slot as the page edits it.
#[derive(Debug, Clone, PartialEq)]
struct Slot {
    id: ArticleId,
    headline: String,
    section: String,
    status: ArticleStatus,
    /// As the server last said; `None` for a slot added here.
    state: Option<SlotState>,
    /// The `datetime-local` value; empty: for good.
    until: String,
}

fn slots_of(front: &StaffFront) -> Vec<Slot> {
    front
        .slots
        .iter()
        .map(|slot| Slot {
            id: slot.article.id,
            headline: slot.article.headline.clone(),
            section: slot.article.section.name.clone(),
            status: slot.status,
            state: Some(slot.state),
            until: slot
                .pinned_until
                .as_ref()
                .map(local_input)
                .unwrap_or_default(),
        })
        .collect()
}

fn slot_of(article: &Article) -> Slot {
    Slot {
        id: article.id,
        headline: article.headline.clone(),
        section: article.section.name.clone(),
        status: article.status,
        state: None,
        until: String::new(),
    }
}

/// The arrangement to send, or the first slot whose time is not a time.
fn input_of(slots: &[Slot]) -> Result<FrontInput, usize> {
    let slots = slots
        .iter()
        .enumerate()
        .map(|(i, slot)| {
            let pinned_until = if slot.until.is_empty() {
                None
            } else {
                Some(local_time(&slot.until).ok_or(i)?)
            };
            Ok(SlotInput {
                article_id: slot.id,
                pinned_until,
            })
        })
        .collect::<Result<_, usize>>()?;
    Ok(FrontInput { slots })
}

/// `slots` with the one at `from` moved to `to`.
fn moved(slots: &[Slot], from: usize, to: usize) -> Vec<Slot> {
    let mut next = slots.to_vec();
    if from < next.len() && to < next.len() {
        let slot = next.remove(from);
        next.insert(to, slot);
    }
    next
}

#[function_component(Fronts)]
pub fn fronts() -> Html {
    let ctx = use_ctx();
    let lang = ctx.lang;
    let desk = lang.desk();
    let text = &desk.fronts;
    use_effect_with((), move |()| set_title(desk.fronts.title));
    let name = use_state(|| HOME.to_owned());
    let slots = use_state(Vec::<Slot>::new);
    // Who arranged it last, and its version: as loaded, then as saved here.
    let arranged = use_state(|| (None::<String>, 0_i64));
    let message = use_state(|| None::<String>);
    let busy = use_state(|| false);
    let dragging = use_state(|| None::<usize>);
    // Someone else saved since this arrangement was loaded.
    let stale = use_state(|| false);
    let find = use_state(String::new);
    let may_arrange = ctx
        .session
        .as_ref()
        .is_some_and(|s| s.user.role != Role::Author);

    let sections = {
        let api = ctx.api.clone();
        use_fetch((), move |()| {
            let api = api.clone();
            async move { api.sections().await }
        })
        .0
    };
    let (data, retry) = {
        let ctx = ctx.clone();
        let token = ctx.session.as_ref().map(|s| s.token.clone());
        use_fetch(((*name).clone(), token), move |(name, _)| {
            let ctx = ctx.clone();
            async move {
                let front = authed(&ctx, |api, token| api.newsroom_front(&token, &name)).await?;
                let articles =
                    authed(&ctx, |api, token| api.newsroom_articles(&token, None)).await?;
                Ok::<_, ApiError>((front, articles.data))
            }
        })
    };
    {
        // The arrangement loaded becomes the one edited.
        let (slots, arranged) = (slots.clone(), arranged.clone());
        let loaded = match &data {
            Fetch::Done(d) => Some(d.0.clone()),
            _ => None,
        };
        let stale = stale.clone();
        use_effect_with(loaded, move |loaded| {
            if let Some(front) = loaded {
                stale.set(false);
                slots.set(slots_of(front));
                arranged.set((front.updated_by.clone(), front.version));
            }
        });
    }
    let articles = match &data {
        Fetch::Loading => return loading(ctx.lang),
        Fetch::Failed(error) => {
            return html! { <ErrorBox error={error.clone()} retry={retry.clone()} /> };
        }
        Fetch::Done(d) => d.1.clone(),
    };

    let choose = {
        let (name, message) = (name.clone(), message.clone());
        Callback::from(move |e: Event| {
            message.set(None);
            name.set(event_value(&e));
        })
    };
    let set_slots = {
        let (slots, message) = (slots.clone(), message.clone());
        move |next: Vec<Slot>| {
            message.set(None);
            slots.set(next);
        }
    };
    let reorder = |from: usize, to: Option<usize>| {
        let (slots, set_slots) = (slots.clone(), set_slots.clone());
        Callback::from(move |_: MouseEvent| {
            let next = match to {
                Some(to) => moved(&slots, from, to),
                None => {
                    let mut next = (*slots).clone();
                    next.remove(from);
                    next
                }
            };
            set_slots(next);
        })
    };
    let set_until = |i: usize| {
        let (slots, set_slots) = (slots.clone(), set_slots.clone());
        Callback::from(move |e: InputEvent| {
            let mut next = (*slots).clone();
            if let Some(slot) = next.get_mut(i) {
                slot.until = event_value(&e);
            }
            set_slots(next);
        })
    };
    let drag_start = |i: usize| {
        let dragging = dragging.clone();
        Callback::from(move |e: DragEvent| {
            if let Some(transfer) = e.data_transfer() {
                transfer.set_effect_allowed("move");
                let _ = transfer.set_data("text/plain", &i.to_string());
            }
            dragging.set(Some(i));
        })
    };
    let drag_over = Callback::from(|e: DragEvent| e.prevent_default());
    let drop_on = |to: usize| {
        let (slots, set_slots, dragging) = (slots.clone(), set_slots.clone(), dragging.clone());
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            if let Some(from) = *dragging {
                set_slots(moved(&slots, from, to));
            }
            dragging.set(None);
        })
    };
    let add = |article: &Article| {
        let (slots, set_slots) = (slots.clone(), set_slots.clone());
        let slot = slot_of(article);
        Callback::from(move |_: MouseEvent| {
            let mut next = (*slots).clone();
            next.push(slot.clone());
            set_slots(next);
        })
    };
    let save = {
        let (ctx, name, slots, arranged, message, busy, stale) = (
            ctx.clone(),
            name.clone(),
            slots.clone(),
            arranged.clone(),
            message.clone(),
            busy.clone(),
            stale.clone(),
        );
        Callback::from(move |_: MouseEvent| {
            let input = match input_of(&slots) {
                Ok(input) => input,
                Err(i) => {
                    message.set(Some(format!(
                        "{} ({})",
                        ctx.lang.desk().fronts.until_invalid,
                        i + 1
                    )));
                    return;
                }
            };
            let (ctx, name, slots, arranged, message, busy, stale) = (
                ctx.clone(),
                (*name).clone(),
                slots.clone(),
                arranged.clone(),
                message.clone(),
                busy.clone(),
                stale.clone(),
            );
            let at = arranged.1;
            busy.set(true);
            wasm_bindgen_futures::spawn_local(async move {
                let saved = authed(&ctx, |api, token| {
                    api.arrange_front(&token, &name, at, &input)
                })
                .await;
                match saved {
                    Ok(front) => {
                        slots.set(slots_of(&front));
                        arranged.set((front.updated_by.clone(), front.version));
                        message.set(Some(ctx.lang.desk().saved.to_owned()));
                    }
                    Err(ApiError::Stale) => {
                        message.set(Some(ctx.lang.desk().fronts.conflict.to_owned()));
                        stale.set(true);
                    }
                    Err(error) => message.set(Some(describe_error(&ctx, &error))),
                }
                busy.set(false);
            });
        })
    };

    let section_options = match &sections {
        Fetch::Done(list) => list.data.clone(),
        _ => Vec::new(),
    };
    let words: Vec<String> = find.split_whitespace().map(str::to_lowercase).collect();
    let candidates: Vec<&Article> = articles
        .iter()
        .filter(|a| !slots.iter().any(|s| s.id == a.id))
        .filter(|a| a.status != ArticleStatus::Unpublished)
        .filter(|a| {
            let headline = a.headline.to_lowercase();
            words.iter().all(|w| headline.contains(w.as_str()))
        })
        .take(10)
        .collect();
    let full = slots.len() >= MAX_SLOTS;
    let state_name = |state: Option<SlotState>| match state {
        Some(SlotState::Shown) => text.states[0],
        Some(SlotState::NotPublic) => text.states[1],
        Some(SlotState::Expired) => text.states[2],
        None => "",
    };
    let last = slots.len().saturating_sub(1);
    html! {
        <div class="fronts">
            <h1>{ text.title }</h1>
            <label class="front-choice">
                <span>{ text.front }</span>
                <select name="front" onchange={choose}>
                    <option value={HOME} selected={*name == HOME}>{ text.home }</option>
                    { for section_options.iter().map(|s| html! {
                        <option value={s.slug.clone()} selected={*name == s.slug}>{ &s.name }</option>
                    }) }
                </select>
            </label>
            <p class="hint">{ text.hint }</p>
            if let (Some(by), version) = &*arranged {
                <p class="arranged-by">{ text.arranged_by }{ " " }<strong>{ by }</strong>{ format!(" (v{version})") }</p>
            }
            if !may_arrange { <p class="form-error">{ text.editors_only }</p> }
            if slots.is_empty() {
                <p class="empty">{ text.empty }</p>
            } else {
                <ol class="slots">
                    { for slots.iter().enumerate().map(|(i, slot)| html! {
                        <li key={slot.id.to_string()} class={classes!("slot", (i == 0).then_some("lead"), (*dragging == Some(i)).then_some("dragging"))}
                            draggable={may_arrange.to_string()}
                            ondragstart={drag_start(i)} ondragover={drag_over.clone()} ondrop={drop_on(i)}>
                            <span class="position">{ if i == 0 { text.lead.to_owned() } else { (i + 1).to_string() } }</span>
                            <span class="slot-headline">{ &slot.headline }</span>
                            <span class="slot-meta">
                                { &slot.section }{ " · " }{ status_name(lang, slot.status) }
                                if slot.state.is_some() { { " · " }<span class={classes!("slot-state", slot.state.map(|s| s.as_str()))}>{ state_name(slot.state) }</span> }
                            </span>
                            <label class="slot-until"><span>{ text.until }</span>
                                <input type="datetime-local" value={slot.until.clone()} disabled={!may_arrange}
                                       aria-label={format!("{} — {}", text.until, slot.headline)}
                                       oninput={set_until(i)} /></label>
                            <span class="slot-tools">
                                <button type="button" class="up" onclick={reorder(i, i.checked_sub(1))} disabled={!may_arrange || i == 0}
                                        aria-label={format!("{} — {}", desk.move_up, slot.headline)}>{ desk.move_up }</button>
                                <button type="button" class="down" onclick={reorder(i, Some(i + 1))} disabled={!may_arrange || i == last}
                                        aria-label={format!("{} — {}", desk.move_down, slot.headline)}>{ desk.move_down }</button>
                                <button type="button" class="remove" onclick={reorder(i, None)} disabled={!may_arrange}
                                        aria-label={format!("{} — {}", desk.remove, slot.headline)}>{ desk.remove }</button>
                            </span>
                        </li>
                    }) }
                </ol>
            }
            if may_arrange {
                <p class="save-line">
                    <button type="button" class="save" disabled={*busy} onclick={save}>{ desk.save }</button>
                    if let Some(message) = &*message { <span class="message" role="status">{ message }</span> }
                    if *stale {
                        <button type="button" class="reload" onclick={retry.reform(|_: MouseEvent| ())}>{ desk.reload_latest }</button>
                    }
                </p>
                <section class="candidates" aria-labelledby="tambah">
                    <h2 id="tambah">{ text.find }</h2>
                    <input type="search" name="find" aria-labelledby="tambah" value={(*find).clone()}
                           oninput={{ let find = find.clone(); Callback::from(move |e: InputEvent| find.set(event_value(&e))) }} />
                    if full { <p class="hint">{ text.full }</p> }
                    <ul>
                        { for candidates.into_iter().map(|article| html! {
                            <li key={article.id.to_string()}>
                                <button type="button" class="add" disabled={full} onclick={add(article)}
                                        aria-label={format!("{} — {}", text.add, article.headline)}>{ text.add }</button>
                                { " " }<span>{ &article.headline }</span>
                                <span class="slot-meta">{ " · " }{ &article.section.name }{ " · " }{ status_name(lang, article.status) }</span>
                            </li>
                        }) }
                    </ul>
                </section>
            }
        </div>
    }
}
