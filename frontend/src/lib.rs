//! Global Insight's web app: Yew and yew-router, built as two bundles — the reader's
//! (`main.rs`), whose pages the server renders (`ssr`) and the browser hydrates, and
//! the newsroom's (`bin/newsroom.rs`), rendered in the browser.
//! `route` holds the URLs and the switch; `pages/` one module per reader page,
//! `newsroom/` the staff screens; `components` shared pieces; `api` the one client of
//! the JSON API; `start` what a page starts with (the language and the server's
//! answers); `json` how each side reads JSON; `fetch` the loading hook; `i18n` every
//! string the reader sees.

pub mod api;
pub mod components;
pub mod fetch;
pub mod i18n;
pub mod json;
pub mod newsroom;
pub mod pages;
pub mod route;
pub mod start;
pub mod switch;

use std::rc::Rc;

use yew::prelude::*;
use yew_router::history::{AnyHistory, BrowserHistory, History as _, MemoryHistory};
use yew_router::prelude::*;
use yew_router::query::Raw;

use crate::api::Api;
use crate::components::{Masthead, footer};
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

/// The cookie that keeps the reader's language (the server renders pages in it).
pub const LANG_COOKIE: &str = "gi-lang";

/// Keeps `lang` for the pages the server renders next (a year; the site's paths only).
fn remember_lang(lang: Lang) {
    use wasm_bindgen::JsCast as _;
    if let Some(document) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.dyn_into::<web_sys::HtmlDocument>().ok())
    {
        // A browser that refuses cookies keeps the choice for this visit only.
        let _ = document.set_cookie(&format!(
            "{LANG_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax",
            lang.code()
        ));
    }
}

#[derive(Debug, Properties)]
pub struct AppProps {
    /// Which pages this bundle has: `switch::reader` or `switch::newsroom`. A function,
    /// not a flag, so that the reader's bundle does not contain the newsroom.
    pub switch: fn(Route) -> Html,
    /// The API, its first render answered by the page's start.
    pub api: Api,
    /// The reader's language when the page was made.
    pub lang: Lang,
    /// On the server, the URL rendered (path and query); in the browser `None`: the
    /// address bar's.
    #[prop_or_default]
    pub url: Option<AttrValue>,
}

impl PartialEq for AppProps {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::fn_addr_eq(self.switch, other.switch)
            && self.api == other.api
            && self.lang == other.lang
            && self.url == other.url
    }
}

/// Starts `switch`'s app in the page's `#app`: hydrating what the server rendered
/// there (the reader's pages), or rendering into it (the newsroom's, which the server
/// does not render).
pub fn run(switch: fn(Route) -> Html, hydrate: bool) {
    let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("app"))
    else {
        return;
    };
    #[cfg(target_arch = "wasm32")]
    let (lang, answers) = start::from_page();
    #[cfg(not(target_arch = "wasm32"))]
    let (lang, answers) = (Lang::default(), start::Answers::default());
    let props = AppProps {
        switch,
        api: Api::from_page_with(Rc::new(answers)),
        lang,
        url: None,
    };
    let renderer = yew::Renderer::<App>::with_root_and_props(root, props);
    // Hydration is the browser's (`yew/hydration` is enabled for wasm32 only).
    #[cfg(target_arch = "wasm32")]
    if hydrate {
        renderer.hydrate();
        return;
    }
    let _ = hydrate;
    renderer.render();
}

#[function_component(App)]
pub fn app(props: &AppProps) -> Html {
    let lang = use_state(|| props.lang);
    let set_lang = {
        let lang = lang.clone();
        Callback::from(move |next: Lang| {
            remember_lang(next);
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
    {
        // The first render is done (hydrated): from now on pages ask the API.
        let api = props.api.clone();
        use_effect_with((), move |()| {
            api.answers().close();
            let window = web_sys::window();
            if let Some(root) = window
                .as_ref()
                .and_then(|w| w.document())
                .and_then(|d| d.document_element())
            {
                let _ = root.set_attribute("data-started", "");
            }
            // User Timing: when the app took over the page (bench/headline reads it).
            if let Some(performance) = window.and_then(|w| w.performance()) {
                let _ = performance.mark("gi:started");
            }
        });
    }
    let history = use_memo(props.url.clone(), |url| match url {
        Some(url) => AnyHistory::from(memory_history(url)),
        None => AnyHistory::from(BrowserHistory::new()),
    });
    let session = use_state(|| None::<Rc<Session>>);
    let set_session = {
        let session = session.clone();
        Callback::from(move |next: Option<Session>| session.set(next.map(Rc::new)))
    };
    let ctx = Ctx {
        api: props.api.clone(),
        lang: *lang,
        set_lang,
        session: (*session).clone(),
        set_session,
    };
    html! {
        <ContextProvider<Ctx> context={ctx}>
            <Router history={(*history).clone()}>
                <FocusOnNavigation />
                <Masthead />
                <main id="isi" tabindex="-1">
                    <Switch<Route> render={props.switch} />
                </main>
                { footer(*lang) }
            </Router>
        </ContextProvider<Ctx>>
    }
}

/// The server's history: only `url`, a path (from `/`) and its query as the browser
/// sent them (a fragment never reaches the server).
fn memory_history(url: &str) -> MemoryHistory {
    let history = MemoryHistory::new();
    let url = url.split('#').next().unwrap_or_default();
    let (path, query) = url.split_once('?').unwrap_or((url, ""));
    let path = if path.starts_with('/') { path } else { "/" };
    if query.is_empty() {
        history.push(path);
    } else {
        let _ = history.push_with_query(path, Raw(query));
    }
    history
}

/// After the app moves to another page, the focus goes to the page's content (and the
/// view to its top), as a page load would put it: keyboard and screen-reader users
/// start reading the new page, not the old link's place. Renders nothing.
#[function_component(FocusOnNavigation)]
fn focus_on_navigation() -> Html {
    let path = use_location().map(|l| l.path().to_owned());
    let first = use_mut_ref(|| true);
    use_effect_with(path, move |_| {
        if std::mem::take(&mut *first.borrow_mut()) {
            return;
        }
        use wasm_bindgen::JsCast as _;
        if let Some(main) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id("isi"))
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = main.focus();
        }
        if let Some(window) = web_sys::window() {
            window.scroll_to_with_x_and_y(0.0, 0.0);
        }
    });
    Html::default()
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
