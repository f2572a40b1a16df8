//! Loading data for a page: one hook that runs a request whenever its inputs
//! change, keeps only the answer to the latest request, and can be retried.

use std::future::Future;
use std::rc::Rc;

use yew::prelude::*;

use crate::api::ApiError;

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

/// Runs `load(deps)` now and whenever `deps` change; `retry` runs it again.
#[hook]
pub fn use_fetch<T, D, F, Fut>(deps: D, load: F) -> (Fetch<T>, Callback<()>)
where
    T: 'static,
    D: PartialEq + Clone + 'static,
    F: Fn(D) -> Fut + 'static,
    Fut: Future<Output = Result<T, ApiError>> + 'static,
{
    let state = use_state(|| Fetch::Loading);
    // Incremented per request: an answer to an older one is dropped.
    let generation = use_mut_ref(|| 0_u64);
    let attempt = use_state(|| 0_u32);
    let load = Rc::new(load);
    {
        let state = state.clone();
        use_effect_with((deps, *attempt), move |(deps, _)| {
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
                    state.set(match result {
                        Ok(value) => Fetch::Done(Rc::new(value)),
                        Err(e) => Fetch::Failed(e),
                    });
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
