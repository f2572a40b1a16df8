//! A live blog on its article page: the newest entries, pinned ones first (rendered by
//! the server), and in the browser each entry as it is written, changed or removed —
//! received from the live blog's event stream (`EventSource`, which reconnects by
//! itself with `Last-Event-ID`).

use shared::live::{LiveEntry, LiveState};
use yew::prelude::*;

use crate::fetch::{Fetch, use_fetch};
use crate::i18n;
use crate::pages::blocks::body;
use crate::use_ctx;

#[derive(Debug, Properties, PartialEq)]
pub struct LiveProps {
    pub slug: String,
}

/// Entries the stream sent since the page's entries were read, newest first.
#[derive(Debug, Clone, Default, PartialEq)]
struct Heard(Vec<LiveEntry>);

enum Said {
    /// Added or changed: as it now is.
    Entry(LiveEntry),
    /// The page's entries are read again (an entry removed, the live blog closed, or
    /// more happened than the stream replays): what was heard is in them.
    Forget,
}

impl Reducible for Heard {
    type Action = Said;

    fn reduce(self: std::rc::Rc<Self>, said: Said) -> std::rc::Rc<Self> {
        let mut heard = (*self).clone();
        match said {
            Said::Entry(entry) => match heard.0.iter_mut().find(|e| e.id == entry.id) {
                Some(kept) => *kept = entry,
                None => heard.0.insert(0, entry),
            },
            Said::Forget => heard.0.clear(),
        }
        heard.into()
    }
}

#[function_component(LiveBlog)]
pub fn live_blog(props: &LiveProps) -> Html {
    let ctx = use_ctx();
    let text = ctx.lang.text();
    let api = ctx.api.clone();
    let (page, reload) = use_fetch(props.slug.clone(), move |slug| {
        let api = api.clone();
        async move { api.entries(&slug).await }
    });
    // The last page read stays on screen while the next is read.
    let kept = use_mut_ref(|| None);
    if let Fetch::Done(page) = &page {
        *kept.borrow_mut() = Some(page.clone());
    }
    let heard = use_reducer_eq(Heard::default);
    let page = kept.borrow().clone();
    let from = page
        .as_ref()
        .filter(|page| page.live == LiveState::Open)
        .map(|page| page.stream_after.clone());
    {
        let (heard, url) = (heard.dispatcher(), ctx.api.live_url(&props.slug, ""));
        use_effect_with(from, move |from| {
            let source = from
                .as_ref()
                .and_then(|after| follow(&format!("{url}{after}"), heard, reload));
            move || drop(source)
        });
    }
    let Some(page) = page else {
        return Html::default();
    };
    // What was heard and is not on the page first (it is newer), then the page's
    // entries as they now are.
    let heard = &heard.0;
    let entries = heard
        .iter()
        .filter(|h| !page.data.iter().any(|e| e.id == h.id))
        .chain(
            page.data
                .iter()
                .map(|e| heard.iter().find(|h| h.id == e.id).unwrap_or(e)),
        );
    let lang = ctx.lang;
    let entry = |e: &LiveEntry| {
        html! {
            <article class="live-entry" key={e.id.to_string()} id={format!("entri-{}", e.id)} data-key-event={e.key_event.to_string()}>
                <time datetime={e.created_at.to_rfc3339()}>{ i18n::date_time(lang, &e.created_at) }</time>
                if let Some(title) = &e.title { <h3>{ title }</h3> }
                { body(&e.body, None) }
            </article>
        }
    };
    html! {
        <section class="live-blog" aria-labelledby="siaran-langsung">
            <h2 id="siaran-langsung">
                { if page.live == LiveState::Open { text.live_open } else { text.live_closed } }
            </h2>
            <div class="live-pinned">{ for page.pinned.iter().map(entry) }</div>
            // New entries are announced to screen readers as they arrive.
            <div class="live-entries" aria-live="polite">{ for entries.filter(|e| !e.pinned).map(entry) }</div>
        </section>
    }
}

/// Opens the event stream: an entry goes to `heard`; anything else (an entry removed,
/// the live blog closed, `reset`) reads the page's entries again. Closed when dropped.
fn follow(url: &str, heard: UseReducerDispatcher<Heard>, reload: Callback<()>) -> Option<Stream> {
    use wasm_bindgen::JsCast as _;
    let source = web_sys::EventSource::new(url).ok()?;
    let listener = wasm_bindgen::closure::Closure::<dyn Fn(web_sys::MessageEvent)>::new(
        move |event: web_sys::MessageEvent| {
            if event.type_() == "entry" {
                let data = event.data().as_string().unwrap_or_default();
                if let Ok(entry) =
                    crate::json::parse(&data).and_then(|json| crate::json::read(&json))
                {
                    heard.dispatch(Said::Entry(entry));
                }
            } else {
                heard.dispatch(Said::Forget);
                reload.emit(());
            }
        },
    );
    for name in ["entry", "entry-removed", "article", "reset"] {
        source
            .add_event_listener_with_callback(name, listener.as_ref().unchecked_ref())
            .ok()?;
    }
    Some(Stream {
        source,
        _listener: listener,
    })
}

/// An open event stream, closed when dropped.
struct Stream {
    source: web_sys::EventSource,
    _listener: wasm_bindgen::closure::Closure<dyn Fn(web_sys::MessageEvent)>,
}

impl Drop for Stream {
    fn drop(&mut self) {
        self.source.close();
    }
}
