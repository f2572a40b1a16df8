//! Loading data for a page: one hook that runs a request whenever its inputs
//! change, keeps only the answer to the latest request, and can be retried. In the
//! first render (on the server, and the browser's hydration) the request is answered
//! from the page's start at once, so that the page renders complete.

use std::future::Future;
use std::pin::pin;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};

use yew::prelude::*;

use crate::api::ApiError;
use crate::use_ctx;

#[derive(Debug, PartialEq)]
pub enum Fetch<T> {
    Loading,
    Done(Rc<T>),
    Failed(ApiError),
}

// By hand: cloning shares the `Rc`, so `T` need not be `Clone`.
impl<T> Clone for Fetch<T> {
    fn clone(&self) -> Self {
        match self {
            Self::Loading => Self::Loading,
            Self::Done(value) => Self::Done(Rc::clone(value)),
            Self::Failed(error) => Self::Failed(error.clone()),
        }
    }
}

impl<T> From<Result<T, ApiError>> for Fetch<T> {
    fn from(result: Result<T, ApiError>) -> Self {
        match result {
            Ok(value) => Self::Done(Rc::new(value)),
            Err(e) => Self::Failed(e),
        }
    }
}

/// The future's result if it has one without waiting: a load the start answers
/// completes at its first poll.
fn now<T>(future: impl Future<Output = T>) -> Option<T> {
    match pin!(future).poll(&mut Context::from_waker(Waker::noop())) {
        Poll::Ready(done) => Some(done),
        Poll::Pending => None,
    }
}

/// Runs `load(deps)` now and whenever `deps` change; `retry` runs it again.
#[hook]
pub fn use_fetch<T, D, F, Fut>(deps: D, load: F) -> (Fetch<T>, Callback<()>)
where
    T: 'static,
    D: PartialEq + Clone + 'static,
    F: Fn(D) -> Fut + 'static,
    Fut: Future<Output = Result<T, ApiError>> + 'static,
{
    let api = use_ctx().api;
    let load = Rc::new(load);
    let state = {
        let (load, deps) = (load.clone(), deps.clone());
        use_state(move || {
            api.answers()
                .settle(|| now(load(deps)))
                .flatten()
                .map_or(Fetch::Loading, Fetch::from)
        })
    };
    // The first render's answer came from the start: no request for it.
    let started = use_mut_ref(|| !matches!(*state, Fetch::Loading));
    // Incremented per request: an answer to an older one is dropped.
    let generation = use_mut_ref(|| 0_u64);
    let attempt = use_state(|| 0_u32);
    {
        let state = state.clone();
        use_effect_with((deps, *attempt), move |(deps, _)| {
            if std::mem::take(&mut *started.borrow_mut()) {
                return;
            }
            let current = {
                let mut g = generation.borrow_mut();
                *g += 1;
                *g
            };
            state.set(Fetch::Loading);
            let future = load(deps.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let result = future.await;
                if *generation.borrow() == current {
                    state.set(result.into());
                }
            });
        });
    }
    let retry = {
        let attempt = attempt.clone();
        Callback::from(move |()| attempt.set(*attempt + 1))
    };
    ((*state).clone(), retry)
}
