//! What a page starts with: the reader's language and the API's answers the server
//! already fetched to render it. The server renders the app with them (`ssr`) and
//! sends them in the page once, as data (`<script type="application/json"
//! id="gi-start">`, no script runs); the browser's first render reads the same
//! answers, so it is the server's render exactly (hydration) and nothing is fetched
//! twice. After that first render they are forgotten: the app then asks the API.

use std::cell::{Cell, RefCell};
use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;
use serde_json::value::RawValue;

use crate::i18n::Lang;
use crate::json::Json;

/// What the server leaves to the browser (most read: it changes with every reader, and
/// a page kept by a cache would keep it stale): the first render shows it loading, then
/// the browser asks.
pub const BROWSER_ONLY: &str = "/most-read";

/// The element that carries the start in the page.
pub const ELEMENT_ID: &str = "gi-start";

/// A page's start, as it travels in the page (the server writes it).
#[derive(Debug, Default, Serialize)]
pub struct Start {
    /// The reader's language (the `gi-lang` cookie; Indonesian without one).
    pub lang: Lang,
    /// Answers by request: the API path and query the app asks (`/articles/<slug>`).
    pub answers: BTreeMap<String, Answer>,
}

/// One answer of the API: its status and its JSON body (a problem document unless 2xx).
#[derive(Debug, Clone, Serialize)]
pub struct Answer {
    pub status: u16,
    pub body: Box<RawValue>,
}

/// What the browser reads of the page's start: the language and the answers.
#[cfg(target_arch = "wasm32")]
pub fn from_page() -> (Lang, Answers) {
    use wasm_bindgen::JsCast as _;
    let start = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(ELEMENT_ID))
        .and_then(|element| element.text_content())
        .and_then(|text| crate::json::parse(&text).ok());
    let field = |name: &str| {
        start
            .as_ref()
            .and_then(|start| js_sys::Reflect::get(start, &name.into()).ok())
    };
    let lang = field("lang")
        .and_then(|lang| lang.as_string())
        .and_then(|code| Lang::from_code(&code))
        .unwrap_or_default();
    let answers = field("answers").and_then(|answers| answers.dyn_into::<js_sys::Object>().ok());
    (lang, Answers::new(Kept(answers)))
}

/// The answers a render starts with: in the browser the start's object as the browser
/// parsed it, on the server serde_json's.
#[cfg(target_arch = "wasm32")]
#[derive(Debug, Default)]
pub struct Kept(Option<js_sys::Object>);

#[cfg(not(target_arch = "wasm32"))]
#[derive(Debug, Default)]
pub struct Kept(pub BTreeMap<String, Answer>);

impl Kept {
    #[cfg(target_arch = "wasm32")]
    fn get(&self, request: &str) -> Option<(u16, Json)> {
        let answer = js_sys::Reflect::get(self.0.as_ref()?, &request.into()).ok()?;
        let status = js_sys::Reflect::get(&answer, &"status".into())
            .ok()?
            .as_f64()?;
        let body = js_sys::Reflect::get(&answer, &"body".into()).ok()?;
        Some((status as u16, body))
    }

    #[cfg(not(target_arch = "wasm32"))]
    fn get(&self, request: &str) -> Option<(u16, Json)> {
        self.0
            .get(request)
            .map(|answer| (answer.status, answer.body.clone()))
    }
}

/// The answers while the first render reads them, and on the server the requests they
/// lacked (the server fetches those and renders again).
#[derive(Debug, Default)]
pub struct Answers {
    kept: RefCell<Kept>,
    /// Until the first render is done: a request made while `settling` with no answer
    /// kept waits (is noted) instead of going to the network.
    open: Cell<bool>,
    settling: Cell<bool>,
    missed: RefCell<BTreeSet<String>>,
}

impl Answers {
    pub fn new(kept: Kept) -> Self {
        Self {
            kept: RefCell::new(kept),
            open: Cell::new(true),
            ..Self::default()
        }
    }

    /// What the start answered to `request`, or `None`: then `Pending` when the request
    /// is made in the first render (it waits for the server's next render, or for the
    /// page's effects in the browser), `Ask` otherwise.
    pub(crate) fn lookup(&self, request: &str) -> Lookup {
        if let Some((status, body)) = self.kept.borrow().get(request) {
            return Lookup::Kept(status, body);
        }
        if self.settling.get() {
            if !request.starts_with(BROWSER_ONLY) {
                self.missed.borrow_mut().insert(request.to_owned());
            }
            return Lookup::Pending;
        }
        Lookup::Ask
    }

    /// Runs `first` as the first render's lookup: only while the answers are open.
    pub(crate) fn settle<T>(&self, first: impl FnOnce() -> T) -> Option<T> {
        if !self.open.get() {
            return None;
        }
        self.settling.set(true);
        let done = first();
        self.settling.set(false);
        Some(done)
    }

    /// The first render is done: from now on the app asks the API.
    pub fn close(&self) {
        self.open.set(false);
        *self.kept.borrow_mut() = Kept::default();
    }

    /// The requests the render made that had no answer.
    pub fn missed(&self) -> BTreeSet<String> {
        self.missed.borrow().clone()
    }
}

pub(crate) enum Lookup {
    Kept(u16, Json),
    Pending,
    Ask,
}
