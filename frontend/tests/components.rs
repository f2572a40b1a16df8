//! Component tests in headless Chromium (`wasm-bindgen-test-runner`; the test
//! command runs them with chromedriver): what the body and dates look like in a
//! real DOM.

#![cfg(target_arch = "wasm32")]

use frontend::i18n::{self, Lang};
use frontend::pages::article::{Body, BodyProps};
use shared::Block;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

/// Lets Yew's scheduler run: resolves after the pending microtasks.
async fn rendered() {
    let promise = js_sys::Promise::resolve(&wasm_bindgen::JsValue::NULL);
    wasm_bindgen_futures::JsFuture::from(promise)
        .await
        .expect("a resolved promise");
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

#[wasm_bindgen_test]
async fn the_body_sets_dateline_markup_quotes_and_lists() {
    let root = root();
    let props = BodyProps {
        blocks: vec![
            Block::Paragraph {
                text: "Putin tiba di Pyongyang.".into(),
                html: Some("<em>Putin</em> tiba di <a href=\"https://x.test/\" rel=\"noopener noreferrer nofollow\">Pyongyang</a>.".into()),
            },
            Block::Heading { level: 3, text: "Latar <b>belakang</b>".into() },
            Block::Quote {
                text: "Kami berdiri bersama.".into(),
                speaker: Some("Kim".into()),
                attribution: Some("ujar Kim.".into()),
            },
            Block::List { ordered: true, items: vec!["satu".into(), "dua".into()] },
        ],
        dateline: Some("Pyongyang, Korea Utara".into()),
    };
    yew::Renderer::<Body>::with_root_and_props(root.clone(), props).render();
    rendered().await;

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
