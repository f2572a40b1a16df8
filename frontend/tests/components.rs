//! Component tests in headless Chromium (`wasm-bindgen-test-runner`; the test
//! command runs them with chromedriver): what the body and dates look like in a
//! real DOM.

#![cfg(target_arch = "wasm32")]

use frontend::i18n::{self, Lang};
use shared::{Block, HeadingBlock, ListBlock, ParagraphBlock, QuoteBlock};
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

/// The first element under `root` matching `css`, once the app has rendered it: a
/// MutationObserver resolves the wait on the change that adds it.
async fn appears(root: &web_sys::Element, css: &str) -> web_sys::Element {
    use wasm_bindgen::JsCast as _;
    use wasm_bindgen::closure::Closure;

    if let Ok(Some(found)) = root.query_selector(css) {
        return found;
    }
    let promise = js_sys::Promise::new(&mut |resolve, _reject| {
        let (watched, css) = (root.clone(), css.to_owned());
        let on_change = Closure::<dyn FnMut(js_sys::Array, web_sys::MutationObserver)>::new(
            move |_: js_sys::Array, observer: web_sys::MutationObserver| {
                if let Ok(Some(found)) = watched.query_selector(&css) {
                    observer.disconnect();
                    let _ = resolve.call1(&wasm_bindgen::JsValue::NULL, &found);
                }
            },
        );
        let observer = web_sys::MutationObserver::new(on_change.as_ref().unchecked_ref())
            .expect("an observer");
        let options = web_sys::MutationObserverInit::new();
        options.set_child_list(true);
        options.set_subtree(true);
        observer
            .observe_with_options(root, &options)
            .expect("observing");
        // The observer holds the callback for the rest of the test page's life.
        on_change.forget();
    });
    wasm_bindgen_futures::JsFuture::from(promise)
        .await
        .expect("resolved")
        .unchecked_into()
}

fn root() -> web_sys::Element {
    let document = web_sys::window()
        .and_then(|w| w.document())
        .expect("document");
    let root = document.create_element("div").expect("div");
    document
        .body()
        .expect("body")
        .append_child(&root)
        .expect("appended");
    root
}

#[derive(Debug, yew::Properties, PartialEq)]
struct BodyProps {
    blocks: Vec<Block>,
    dateline: Option<String>,
}

/// The article body (a function of the app's) in a component of the test's own.
#[yew::function_component(Body)]
fn body_component(props: &BodyProps) -> yew::Html {
    frontend::pages::blocks::body(&props.blocks, props.dateline.as_deref())
}

#[wasm_bindgen_test]
async fn the_body_sets_dateline_markup_quotes_and_lists() {
    let root = root();
    let props = BodyProps {
        blocks: vec![
            Block::Paragraph(ParagraphBlock {
                text: "Putin tiba di Pyongyang.".into(),
                html: Some("<em>Putin</em> tiba di <a href=\"https://x.test/\" rel=\"noopener noreferrer nofollow\">Pyongyang</a>.".into()),
            }),
            Block::Heading(HeadingBlock { level: 3, text: "Latar <b>belakang</b>".into() }),
            Block::Quote(QuoteBlock {
                text: "Kami berdiri bersama.".into(),
                speaker: Some("Kim".into()),
                attribution: Some("ujar Kim.".into()),
            }),
            Block::List(ListBlock { ordered: true, items: vec!["satu".into(), "dua".into()] }),
        ],
        dateline: Some("Pyongyang, Korea Utara".into()),
    };
    yew::Renderer::<Body>::with_root_and_props(root.clone(), props).render();
    appears(&root, "ol").await;

    let html = root.inner_html();
    assert!(
        html.contains("<p><span class=\"dateline\">Pyongyang, Korea Utara — </span><em>Putin</em> tiba di <a href=\"https://x.test/\" rel=\"noopener noreferrer nofollow\">Pyongyang</a>.</p>"),
        "{html}"
    );
    // Text stays text: the heading's tags are shown, not obeyed.
    assert!(
        html.contains("<h3 class=\"subheading\">Latar &lt;b&gt;belakang&lt;/b&gt;</h3>"),
        "{html}"
    );
    assert!(
        html.contains("<blockquote><p>Kami berdiri bersama.</p></blockquote>"),
        "{html}"
    );
    assert!(
        html.contains("<span class=\"speaker\">Kim</span>"),
        "{html}"
    );
    assert!(
        html.contains("<ol><li>satu</li><li>dua</li></ol>"),
        "{html}"
    );
}

#[wasm_bindgen_test]
fn dates_are_written_the_readers_way() {
    let at = chrono::DateTime::parse_from_rfc3339("2025-07-13T00:00:00+07:00").expect("time");
    assert_eq!(i18n::date(Lang::Id, &at), "13 Juli 2025");
    assert_eq!(
        i18n::date_time(Lang::Id, &at),
        "13 Juli 2025 pukul 00.00 WIB"
    );
    assert_eq!(i18n::date_time(Lang::En, &at), "13 July 2025 at 00:00 WIB");
    let kathmandu =
        chrono::DateTime::parse_from_rfc3339("2025-07-13T07:05:00+05:45").expect("time");
    assert_eq!(
        i18n::date_time(Lang::En, &kathmandu),
        "13 July 2025 at 07:05 UTC+5:45"
    );
}

/// What the tests render: a component inside the app's context and a router, as
/// the app renders it.
mod harness {
    use std::cell::Cell;
    use std::rc::Rc;

    use frontend::Ctx;
    use frontend::api::{Api, ApiError};
    use frontend::components::{ArticleCard, ErrorBox};
    use frontend::i18n::Lang;
    use yew::prelude::*;
    use yew_router::prelude::*;

    #[derive(Debug, Properties, PartialEq)]
    pub struct Props {
        pub article: shared::Article,
        pub lang: Lang,
        pub retries: Rc<Cell<u32>>,
    }

    #[function_component(Page)]
    pub fn page(props: &Props) -> Html {
        let ctx = Ctx {
            api: Api::from_page(),
            lang: props.lang,
            set_lang: Callback::noop(),
            session: None,
            set_session: Callback::noop(),
        };
        let retries = props.retries.clone();
        let retry = Callback::from(move |()| retries.set(retries.get() + 1));
        html! {
            <ContextProvider<Ctx> context={ctx}>
                <BrowserRouter>
                    <ArticleCard article={shared::ArticleSummary::of(props.article.clone(), &Default::default())} lead=true />
                    <ErrorBox error={ApiError::Unavailable("offline".into())} {retry} />
                </BrowserRouter>
            </ContextProvider<Ctx>>
        }
    }
}

fn article() -> shared::Article {
    serde_json::from_value(serde_json::json!({
        "id": "01980000-0000-7000-8000-000000000001",
        "slug": "putin-tiba-di-pyongyang",
        "language": "id",
        "headline": "Putin Tiba di Pyongyang",
        "headline_derived": false,
        "standfirst": "Kunjungan kenegaraan pertama dalam 24 tahun.",
        "dateline": null,
        "byline": null,
        "section": {"slug": "internasional", "name": "Internasional"},
        "tags": [],
        "body": [],
        "body_html": "",
        "body_text": "",
        "word_count": 0,
        "reading_time_minutes": 1,
        "status": "published",
        "first_published_at": "2025-07-13T00:00:00+07:00",
        "published_at": "2025-07-13T00:00:00+07:00",
        "updated_at": "2025-07-13T00:00:00+07:00",
        "version": 1,
        "corrections": []
    }))
    .expect("an article")
}

#[wasm_bindgen_test]
async fn a_card_links_the_story_and_the_error_box_retries() {
    use wasm_bindgen::JsCast as _;

    let root = root();
    let retries = std::rc::Rc::new(std::cell::Cell::new(0));
    yew::Renderer::<harness::Page>::with_root_and_props(
        root.clone(),
        harness::Props {
            article: article(),
            lang: Lang::Id,
            retries: retries.clone(),
        },
    )
    .render();
    let link = appears(&root, ".card-lead h2.card-headline a").await;
    appears(&root, ".error-box button").await;
    let find = |css: &str| {
        root.query_selector(css)
            .expect("a selector")
            .unwrap_or_else(|| panic!("{css} in {}", root.inner_html()))
    };
    assert_eq!(
        link.get_attribute("href").as_deref(),
        Some("/artikel/putin-tiba-di-pyongyang")
    );
    assert_eq!(
        link.text_content().as_deref(),
        Some("Putin Tiba di Pyongyang")
    );
    assert_eq!(
        find(".kicker a").get_attribute("href").as_deref(),
        Some("/rubrik/internasional")
    );
    assert_eq!(
        find(".card-meta time").text_content().as_deref(),
        Some("13 Juli 2025")
    );
    assert_eq!(
        find("article.card").get_attribute("lang").as_deref(),
        Some("id")
    );

    let alert = find(".error-box[role=alert]");
    assert!(
        alert
            .text_content()
            .unwrap_or_default()
            .starts_with("Berita tidak dapat dimuat saat ini."),
        "{}",
        alert.inner_html()
    );
    find(".error-box button")
        .dyn_into::<web_sys::HtmlElement>()
        .expect("a button")
        .click();
    assert_eq!(retries.get(), 1, "the retry button asks again");
}

/// The app routes exactly the URLs the server writes (`shared::urls`): a link in a
/// feed, a sitemap or a page head opens the page it names.
#[wasm_bindgen_test]
fn the_routes_are_the_urls_the_server_writes() {
    use frontend::route::Route;
    use yew_router::Routable as _;
    let slug = "korea-utara".to_owned();
    for (route, url) in [
        (
            Route::Article { slug: slug.clone() },
            shared::urls::article(&slug),
        ),
        (
            Route::Section { slug: slug.clone() },
            shared::urls::section(&slug),
        ),
        (Route::Tag { slug: slug.clone() }, shared::urls::tag(&slug)),
        (
            Route::Author { slug: slug.clone() },
            shared::urls::author(&slug),
        ),
        (
            Route::Entity { slug: slug.clone() },
            shared::urls::entity(&slug),
        ),
        (Route::Search, shared::urls::search()),
        (
            Route::Preview {
                token: slug.clone(),
            },
            shared::urls::preview(&slug),
        ),
    ] {
        assert_eq!(route.to_path(), url);
        assert_eq!(Route::recognize(&url), Some(route));
    }
    assert_eq!(
        Route::Newsroom.to_path(),
        format!("/{}", shared::urls::NEWSROOM)
    );
}
