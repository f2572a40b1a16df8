//! `use_editor`: the editor's state and what it does — load the article, save it at
//! the version opened (create when new), move it on (`Transition`), and after a 412
//! load the latest version or keep this form as a new draft. The components only show
//! the state and call these.

use shared::Article;
use yew::prelude::*;
use yew_router::prelude::*;

use super::form::Form;
use crate::api::{ApiError, Transition};
use crate::newsroom::{authed, describe_error};
use crate::route::Route;
use crate::{Ctx, set_title, use_ctx};

/// What the editor tells the user after an action.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Notice {
    None,
    Saved,
    CopySaved,
    Conflict,
    Error(String),
}

/// The editor's state and its actions.
#[derive(Clone, PartialEq)]
pub(super) struct EditorState {
    pub form: UseStateHandle<Form>,
    /// The article as last loaded or saved; `None` for a new one.
    pub saved: UseStateHandle<Option<Article>>,
    pub notice: UseStateHandle<Notice>,
    /// A call is under way: the buttons wait.
    pub busy: bool,
    pub save: Callback<SubmitEvent>,
    pub act: Callback<Transition>,
    /// Says what is wrong with a field before anything is sent.
    pub fail: Callback<String>,
    pub reload_latest: Callback<MouseEvent>,
    pub keep_copy: Callback<MouseEvent>,
}

/// What each action needs.
#[derive(Clone)]
struct Handles {
    ctx: Ctx,
    form: UseStateHandle<Form>,
    saved: UseStateHandle<Option<Article>>,
    notice: UseStateHandle<Notice>,
    busy: UseStateHandle<bool>,
}

impl Handles {
    /// Runs `work` in the background, the buttons disabled meanwhile.
    fn run(self, work: impl std::future::Future<Output = ()> + 'static) {
        self.busy.set(true);
        wasm_bindgen_futures::spawn_local(async move {
            work.await;
            self.busy.set(false);
        });
    }

    /// The article a call returned is what the editor shows now; or the call's problem is.
    fn settle(&self, result: Result<Article, ApiError>) {
        match result {
            Ok(article) => {
                self.form.set(Form::from_article(&article));
                self.saved.set(Some(article));
                self.notice.set(Notice::Saved);
            }
            Err(ApiError::Stale) => self.notice.set(Notice::Conflict),
            Err(e) => self
                .notice
                .set(Notice::Error(describe_error(&self.ctx, &e))),
        }
    }
}

#[hook]
pub(super) fn use_editor(id: Option<String>) -> EditorState {
    let ctx = use_ctx();
    let navigator = use_navigator();
    let form = use_state(Form::blank);
    let saved = use_state(|| None::<Article>);
    let notice = use_state(|| Notice::None);
    let busy = use_state(|| false);

    // Load the article being edited.
    {
        let (ctx, form, saved, notice) = (ctx.clone(), form.clone(), saved.clone(), notice.clone());
        use_effect_with(id, move |id| match id.clone() {
            Some(id) => {
                // Another article: nothing of the previous one stays on screen.
                saved.set(None);
                wasm_bindgen_futures::spawn_local(async move {
                    match authed(&ctx, |api, token| api.newsroom_article(&token, &id)).await {
                        Ok(article) => {
                            set_title(&article.headline);
                            form.set(Form::from_article(&article));
                            saved.set(Some(article));
                        }
                        Err(e) => notice.set(Notice::Error(describe_error(&ctx, &e))),
                    }
                });
            }
            None => {
                set_title(ctx.lang.desk().new_article);
                form.set(Form::blank());
                saved.set(None);
            }
        });
    }

    let h = Handles {
        ctx: ctx.clone(),
        form: form.clone(),
        saved: saved.clone(),
        notice: notice.clone(),
        busy: busy.clone(),
    };

    // Save: create, or update the version this editor opened.
    let save = {
        let (h, navigator) = (h.clone(), navigator.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let (h, navigator) = (h.clone(), navigator.clone());
            let input = h.form.input();
            let current = (*h.saved).clone();
            h.clone().run(async move {
                let result = match &current {
                    Some(article) => {
                        let id = article.id.to_string();
                        authed(&h.ctx, |api, token| {
                            api.update_article(&token, &id, article.version, &input)
                        })
                        .await
                    }
                    None => authed(&h.ctx, |api, token| api.create_article(&token, &input)).await,
                };
                let created = match (&current, &result) {
                    (None, Ok(article)) => Some(article.id.to_string()),
                    _ => None,
                };
                h.settle(result);
                if let (Some(id), Some(navigator)) = (created, &navigator) {
                    navigator.replace(&Route::EditArticle { id });
                }
            });
        })
    };

    // A transition of the saved version.
    let act = {
        let h = h.clone();
        Callback::from(move |transition: Transition| {
            let Some(article) = (*h.saved).clone() else {
                return;
            };
            let h = h.clone();
            h.clone().run(async move {
                let (id, version) = (article.id.to_string(), article.version);
                let result = authed(&h.ctx, |api, token| {
                    api.transition(&token, &id, version, &transition)
                })
                .await;
                h.settle(result);
            });
        })
    };

    let fail = {
        let notice = notice.clone();
        Callback::from(move |message: String| notice.set(Notice::Error(message)))
    };

    // After a 412: their version replaces the form, or this form becomes a new draft.
    let reload_latest = {
        let h = h.clone();
        Callback::from(move |_: MouseEvent| {
            let Some(article) = (*h.saved).clone() else {
                return;
            };
            let h = h.clone();
            h.clone().run(async move {
                let id = article.id.to_string();
                let latest = authed(&h.ctx, |api, token| api.newsroom_article(&token, &id)).await;
                let loaded = latest.is_ok();
                h.settle(latest);
                if loaded {
                    h.notice.set(Notice::None);
                }
            });
        })
    };
    let keep_copy = {
        let h = h.clone();
        Callback::from(move |_: MouseEvent| {
            let (h, navigator) = (h.clone(), navigator.clone());
            let input = h.form.input();
            h.clone().run(async move {
                match authed(&h.ctx, |api, token| api.create_article(&token, &input)).await {
                    Ok(copy) => {
                        h.notice.set(Notice::CopySaved);
                        if let Some(navigator) = &navigator {
                            navigator.push(&Route::EditArticle {
                                id: copy.id.to_string(),
                            });
                        }
                    }
                    Err(e) => h.notice.set(Notice::Error(describe_error(&h.ctx, &e))),
                }
            });
        })
    };

    EditorState {
        form,
        saved,
        notice,
        busy: *busy,
        save,
        act,
        fail,
        reload_latest,
        keep_copy,
    }
}
