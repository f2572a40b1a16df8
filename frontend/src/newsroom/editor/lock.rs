//! The edit lock: taken when the editor opens a saved article, renewed every 30
//! seconds, released when the editor closes. If someone else has the article open,
//! the editor says who and offers to take over; if someone takes it over, the next
//! renewal says so. Saving still works either way — a stale save is refused (412).

use std::cell::Cell;
use std::rc::Rc;

use shared::newsroom::TakeLock;
use yew::prelude::*;

use crate::api::ApiError;
use crate::newsroom::authed;
use crate::{Ctx, use_ctx};

/// How often the lock is renewed (it lasts `LOCK_SECONDS`, 90).
const RENEW_MS: i32 = 30_000;

#[derive(Debug, Properties, PartialEq)]
pub(super) struct LockProps {
    pub id: String,
}

/// Waits `ms` milliseconds (a browser timer).
async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Takes (or takes over) the lock; `Some(holder)` when someone else has it.
async fn take(ctx: &Ctx, id: &str, take_over: bool) -> Option<String> {
    let request = TakeLock { take_over };
    match authed(ctx, |api, token| api.take_lock(&token, id, &request)).await {
        Err(ApiError::Problem(problem)) if problem.status == 409 => {
            let state = authed(ctx, |api, token| api.lock_state(&token, id)).await;
            let holder = state.ok().and_then(|s| s.lock).map(|lock| lock.holder);
            Some(holder.unwrap_or(problem.detail))
        }
        // Taken, or the lock could not be asked about: nothing to say.
        _ => None,
    }
}

#[function_component(EditLockNotice)]
pub(super) fn edit_lock_notice(props: &LockProps) -> Html {
    let ctx = use_ctx();
    let desk = ctx.lang.desk();
    // Who else has the article open, if anyone.
    let other = use_state(|| None::<String>);
    {
        let (ctx, other) = (ctx.clone(), other.clone());
        use_effect_with(props.id.clone(), move |id| {
            let alive = Rc::new(Cell::new(true));
            {
                let (ctx, id, alive) = (ctx.clone(), id.clone(), alive.clone());
                wasm_bindgen_futures::spawn_local(async move {
                    while alive.get() {
                        let holder = take(&ctx, &id, false).await;
                        if alive.get() {
                            other.set(holder);
                        }
                        sleep(RENEW_MS).await;
                    }
                });
            }
            let id = id.clone();
            move || {
                alive.set(false);
                wasm_bindgen_futures::spawn_local(async move {
                    let _ = authed(&ctx, |api, token| api.release_lock(&token, &id)).await;
                });
            }
        });
    }
    let take_over = {
        let (ctx, other, id) = (ctx.clone(), other.clone(), props.id.clone());
        Callback::from(move |_: MouseEvent| {
            let (ctx, other, id) = (ctx.clone(), other.clone(), id.clone());
            wasm_bindgen_futures::spawn_local(async move {
                other.set(take(&ctx, &id, true).await);
            });
        })
    };
    match &*other {
        None => Html::default(),
        Some(holder) => html! {
            <div class="edit-lock" role="alert">
                <p>{ desk.lock_held }{ " " }<strong>{ holder }</strong>{ ". " }{ desk.lock_hint }</p>
                <button type="button" class="take-over" onclick={take_over}>{ desk.take_over }</button>
            </div>
        },
    }
}
