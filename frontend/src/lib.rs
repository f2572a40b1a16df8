//! Global Insight's web app: Yew with client-side rendering and yew-router, built as
//! two bundles — the reader's (`main.rs`) and the newsroom's (`bin/newsroom.rs`).
//! `route` holds the URLs and the switch; `pages/` one module per reader page,
//! `newsroom/` the staff screens; `components` shared pieces; `api` the one client of
//! the JSON API; `fetch` the loading hook; `i18n` every string the reader sees.

pub mod api;
pub mod components;
pub mod fetch;
pub mod i18n;
pub mod newsroom;
pub mod pages;
pub mod route;
pub mod switch;

use std::rc::Rc;

use yew::prelude::*;
use yew_router::prelude::*;

use crate::api::Api;
use crate::components::{Footer, Masthead};
use crate::i18n::Lang;
use crate::route::Route;

/// What every page reads: the API client, the reader's language, and the staff
/// session when someone is signed in to the newsroom.
#[derive(Debug, Clone, PartialEq)]
pub struct Ctx {
    pub api: Api,
    pub lang: Lang,
    pub set_lang: Callback<Lang>,
    pub session: Option<Rc<Session>>,
    pub set_session: Callback<Option<Session>>,
}

/// A signed-in staff member. The access token lives only in memory; the refresh
/// token is an HttpOnly cookie the app never sees, which is how a reload keeps the
/// session (`POST /auth/refresh`).
#[derive(Debug, Clone, PartialEq)]
pub struct Session {
    pub token: String,
    pub user: shared::staff::StaffUser,
}

const LANG_KEY: &str = "gi-lang";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

fn stored_lang() -> Lang {
    storage()
        .and_then(|s| s.get_item(LANG_KEY).ok().flatten())
        .and_then(|code| Lang::from_code(&code))
        .unwrap_or(Lang::Id)
}

#[derive(Debug, Properties)]
pub struct AppProps {
    /// Which pages this bundle has: `switch::reader` or `switch::newsroom`. A function,
    /// not a flag, so that the reader's bundle does not contain the newsroom.
    pub switch: fn(Route) -> Html,
}

impl PartialEq for AppProps {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::fn_addr_eq(self.switch, other.switch)
    }
}

#[function_component(App)]
pub fn app(props: &AppProps) -> Html {
    let lang = use_state(stored_lang);
    let api = use_memo((), |()| Api::from_page());
    let set_lang = {
        let lang = lang.clone();
        Callback::from(move |next: Lang| {
            if let Some(storage) = storage() {
                // A browser that refuses storage keeps the choice for this visit only.
                let _ = storage.set_item(LANG_KEY, next.code());
            }
            lang.set(next);
        })
    };
    {
        let code = lang.code();
        use_effect_with(code, |code| {
            if let Some(root) = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.document_element())
            {
                let _ = root.set_attribute("lang", code);
            }
        });
    }
    let session = use_state(|| None::<Rc<Session>>);
    let set_session = {
        let session = session.clone();
        Callback::from(move |next: Option<Session>| session.set(next.map(Rc::new)))
    };
    let ctx = Ctx {
        api: (*api).clone(),
        lang: *lang,
        set_lang,
        session: (*session).clone(),
        set_session,
    };
    html! {
        <ContextProvider<Ctx> context={ctx}>
            <BrowserRouter>
                <Masthead />
                <main id="isi" tabindex="-1">
                    <Switch<Route> render={props.switch} />
                </main>
                <Footer />
            </BrowserRouter>
        </ContextProvider<Ctx>>
    }
}

/// The context every page is rendered in.
#[hook]
pub fn use_ctx() -> Ctx {
    use_context::<Ctx>().expect("pages render inside the App's context")
}

/// Sets the document title: `Headline — Global Insight`.
pub fn set_title(title: &str) {
    if let Some(document) = web_sys::window().and_then(|w| w.document()) {
        if title.is_empty() {
            document.set_title("Global Insight");
        } else {
            document.set_title(&format!("{title} — Global Insight"));
        }
    }
}
