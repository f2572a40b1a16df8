//! Pages that arrive as HTML: read with script off (every reader page, links, the
//! language switch, search), and with script on the browser taking over the server's
//! page exactly — its first render is the server's, nothing is fetched again, and
//! navigation is the app's from then on.

use serde_json::{Value, json};
use tests::browser::Browser;

use super::{SEED_HEADLINE, SEED_SLUG, app, reads_the_seed_article};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_script_off_a_reader_reads_follows_links_switches_language_and_searches() {
    let app = app().await;
    let article: shared::Article = app.get_json(&format!("/api/v1/articles/{SEED_SLUG}")).await;
    let browser = Browser::start_without_script().await;
    browser.goto(&app.url("/")).await;
    // Script is off for the page: the app never started.
    assert_eq!(
        browser
            .eval("return document.documentElement.hasAttribute('data-started')")
            .await,
        json!(false)
    );
    assert_eq!(
        browser.text_of(".card-lead .card-headline a").await,
        SEED_HEADLINE
    );
    // A plain link: the browser loads the article's page.
    browser.click(".card-lead .card-headline a").await;
    reads_the_seed_article(&browser).await;
    let headings: Vec<String> = article
        .body
        .iter()
        .filter_map(|block| match block {
            shared::Block::Heading(heading) => Some(heading.text.clone()),
            _ => None,
        })
        .collect();
    assert!(headings.len() >= 2);
    assert_eq!(
        browser
            .eval("return [...document.querySelectorAll('.story-body .subheading')].map(h => h.textContent)")
            .await,
        json!(headings)
    );
    browser.screenshot("no-script-article").await;

    // The language switch is a link: the server keeps the choice and comes back here.
    browser.click(".lang-switch").await;
    assert_eq!(
        browser.eval("return location.pathname").await,
        format!("/artikel/{SEED_SLUG}")
    );
    assert_eq!(
        browser.text_of(".published time").await,
        "13 July 2025 at 00:00 WIB"
    );
    assert_eq!(
        browser.eval("return document.documentElement.lang").await,
        "en"
    );
    // And holds for the next page.
    browser
        .click(".entities a.entity[href='/entitas/kim-jong-un']")
        .await;
    assert_eq!(browser.text_of(".listing-header .kicker").await, "Person");
    assert_eq!(browser.text_of(".listing-header h1").await, "Kim Jong Un");

    // Search is a form the browser sends: a GET of /cari with its fields. (What the
    // browser would send is read from the form and then loaded: a click's
    // navigation starts after the click returns, which a test cannot wait for.)
    browser.goto(&app.url("/cari")).await;
    browser
        .client
        .find(fantoccini::Locator::Css("input[name=q]"))
        .await
        .expect("the words field")
        .send_keys("korea")
        .await
        .expect("typing");
    let sent = browser
        .eval(
            "const form = document.querySelector('form.filters');
            return [form.method, form.getAttribute('action'),
                    new URLSearchParams(new FormData(form)).toString()];",
        )
        .await;
    assert_eq!(sent[0], "get");
    assert_eq!(sent[1], "/cari");
    let query = sent[2].as_str().expect("the form's query");
    assert!(query.starts_with("q=korea&"), "{query}");
    browser.goto(&app.url(&format!("/cari?{query}"))).await;
    assert_eq!(
        browser.text_of(".hit .card-headline a").await,
        SEED_HEADLINE
    );
    assert_eq!(browser.text_of(".hit mark").await.to_lowercase(), "korea");
    browser.screenshot("no-script-search").await;
    // The counts narrow the search by plain links.
    assert_eq!(
        browser
            .text_of(".facets a[href='/cari?section=internasional&q=korea']")
            .await,
        "Internasional 1"
    );
    browser
        .goto(&app.url("/cari?section=internasional&q=korea"))
        .await;
    assert_eq!(
        browser.text_of(".hit .card-headline a").await,
        SEED_HEADLINE
    );

    // The newsroom says that it needs script.
    browser.goto(&app.url("/redaksi")).await;
    browser
        .wait_for_text(".boot-error", "The newsroom needs JavaScript")
        .await;
    browser.close().await;
}

/// The app's part of the page, its hydration markers (comments) left out, and the
/// most-read box, which the browser alone asks for once the app has taken over.
const APP_HTML: &str = "const clean = (root) => {
        const copy = root.cloneNode(true);
        copy.querySelectorAll('.most-read').forEach(box => box.remove());
        const walker = document.createTreeWalker(copy, NodeFilter.SHOW_COMMENT);
        const comments = [];
        while (walker.nextNode()) comments.push(walker.currentNode);
        comments.forEach(c => c.remove());
        copy.normalize();
        return copy.innerHTML;
    };";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_script_on_the_app_takes_over_the_servers_page_exactly() {
    let app = app().await;
    let browser = Browser::start().await;
    for path in [
        "/".to_owned(),
        format!("/artikel/{SEED_SLUG}"),
        "/rubrik/internasional".to_owned(),
        "/entitas/kim-jong-un".to_owned(),
        "/penulis/redaksi-global-insight".to_owned(),
        "/cari?q=korea".to_owned(),
        "/cari".to_owned(),
        "/tidak/ada".to_owned(),
    ] {
        browser.goto(&app.url(&path)).await;
        browser.wait_for_app().await;
        // The page as the server sent it, parsed by the browser, against the page
        // the app has hydrated: the same.
        let script = format!(
            "const done = arguments[0];
            {APP_HTML}
            fetch(location.href, {{ credentials: 'same-origin' }})
                .then(r => r.text())
                .then(html => {{
                    const sent = new DOMParser().parseFromString(html, 'text/html');
                    done([clean(sent.getElementById('app')), clean(document.getElementById('app'))]);
                }});"
        );
        let pair = browser
            .client
            .execute_async(&script, Vec::new())
            .await
            .expect("the page fetched again");
        assert_eq!(
            pair[0], pair[1],
            "{path}: the hydrated page differs from the server's"
        );
        assert!(
            pair[0].as_str().is_some_and(|html| html.len() > 500),
            "{path}: {pair:?}"
        );
        // The data came with the page: no API request but the browser's own (most
        // read, and an article's view).
        assert_eq!(
            browser
                .eval("return performance.getEntriesByType('resource').filter(e => e.name.includes('/api/v1/') && !/\\/most-read|\\/views$/.test(e.name)).length")
                .await,
            json!(0),
            "{path}"
        );
    }

    // From there the app navigates: no new page is loaded, the API is asked.
    browser
        .goto(&app.url(&format!("/artikel/{SEED_SLUG}")))
        .await;
    browser.wait_for_app().await;
    browser.eval("window.stillHere = true; return null").await;
    browser
        .click(".entities a.entity[href='/entitas/kim-jong-un']")
        .await;
    browser
        .wait_for_text(".listing-header h1", "Kim Jong Un")
        .await;
    assert_eq!(
        browser.eval("return window.stillHere === true").await,
        json!(true)
    );
    let asked = browser
        .eval("return performance.getEntriesByType('resource').filter(e => e.name.includes('/api/v1/entities/kim-jong-un')).length")
        .await;
    assert_eq!(asked, json!(1));
    // The language switches in place, and the next page the server renders keeps it.
    browser.click(".lang-switch").await;
    browser
        .wait_for_text(".listing-header .kicker", "Person")
        .await;
    assert_eq!(
        browser.eval("return window.stillHere === true").await,
        json!(true)
    );
    browser.client.refresh().await.expect("reload");
    browser.wait_for_app().await;
    assert_eq!(browser.text_of(".listing-header .kicker").await, "Person");
    assert_eq!(
        browser.eval("return window.stillHere === undefined").await,
        Value::Bool(true)
    );
    browser.close().await;
}
