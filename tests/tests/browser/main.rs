//! End to end: the real server (its own SQLite database per test) and the built
//! reader app, driven in headless Chromium through chromedriver. What is asserted
//! is what a reader sees. Screenshots land in `target/screenshots/`.
//!
//! The browser does not care which database the server uses, so these run on
//! SQLite only; the API tests cover PostgreSQL.

mod accessibility;
mod live;
mod newsroom;
mod server_rendered;

use shared::ArticleStatus;
use tests::browser::Browser;
use tests::{Db, TestApp, filed, site_dir, spawn_app};

const SEED_SLUG: &str =
    "hubungan-antara-korea-utara-dan-rusia-menunjukkan-peningkatan-signifikan-dalam";
const SEED_HEADLINE: &str = "Hubungan antara Korea Utara dan Rusia menunjukkan peningkatan signifikan dalam beberapa bulan terakhir";
const PUTIN_MOSKOW: &str = include_str!("../../fixtures/putin-moskow.txt");

pub async fn app() -> TestApp {
    assert!(
        site_dir().join("index.html").exists(),
        "the reader app is not built: run scripts/build-frontend (the test command does)"
    );
    spawn_app(Db::Sqlite).await
}

/// The seed article's page as a reader sees it: its URL, headline and title, dateline,
/// byline, and the quote set as a pull quote with its speaker.
pub async fn reads_the_seed_article(browser: &Browser) {
    assert_eq!(
        browser.eval("return location.pathname").await,
        format!("/artikel/{SEED_SLUG}")
    );
    assert_eq!(browser.text_of("h1.headline").await, SEED_HEADLINE);
    assert_eq!(
        browser.eval("return document.title").await,
        format!("{SEED_HEADLINE} — Global Insight")
    );
    assert_eq!(
        browser.text_of(".dateline").await,
        "Pyongyang, Korea Utara — "
    );
    assert_eq!(
        browser.text_of(".byline a.author").await,
        "Redaksi Global Insight"
    );
    assert_eq!(browser.text_of(".pull-quote .speaker").await, "Kim");
    let quote = browser.text_of(".pull-quote blockquote").await;
    assert!(quote.starts_with("Kami tidak akan tinggal diam"), "{quote}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reader_opens_the_front_page_and_reads_the_seed_article() {
    let app = app().await;
    let browser = Browser::start().await;
    browser.goto(&app.url("/")).await;
    let lead = browser.text_of(".card-lead .card-headline a").await;
    assert_eq!(lead, SEED_HEADLINE);
    assert_eq!(
        browser.eval("return document.documentElement.lang").await,
        "id"
    );
    browser.screenshot("front-page").await;

    browser.click(".card-lead .card-headline a").await;
    reads_the_seed_article(&browser).await;
    assert_eq!(
        browser
            .eval("return document.querySelector('.byline a.author').getAttribute('href')")
            .await,
        "/penulis/redaksi-global-insight"
    );
    // The date in Indonesian, in the desk's zone.
    assert_eq!(
        browser.text_of(".published time").await,
        "13 Juli 2025 pukul 00.00 WIB"
    );
    // Loaded on first start, never changed since: no "Diperbarui <today>".
    assert_eq!(
        browser
            .eval("return document.querySelector('.updated') === null")
            .await,
        serde_json::Value::Bool(true)
    );
    browser
        .wait_for_text(
            "h2.subheading",
            "Aliansi yang Semakin Kuat: Kim dan Putin Saling Menguatkan",
        )
        .await;
    assert_eq!(browser.text_of(".reading-time").await, "3 menit baca");
    browser.screenshot("seed-article").await;

    // English by the switch: the UI and the date follow, the article stays Indonesian.
    browser.click(".lang-switch").await;
    browser
        .wait_for_text(".published time", "13 July 2025 at 00:00 WIB")
        .await;
    assert_eq!(
        browser.eval("return document.documentElement.lang").await,
        "en"
    );
    assert_eq!(
        browser
            .eval("return document.querySelector('article.story').lang")
            .await,
        "id"
    );
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reader_follows_a_tag_to_its_page() {
    let app = app().await;
    let imported = app.import(
        "putin-moskow.txt",
        PUTIN_MOSKOW,
        &filed("internasional", "id", ArticleStatus::Published),
    );
    let article: shared::Article = app
        .get_json(&format!("/api/v1/articles/{}", imported.slug))
        .await;
    let tag = article.tags.first().expect("the fixture has tags").clone();
    let browser = Browser::start().await;
    browser
        .goto(&app.url(&format!("/artikel/{}", article.slug)))
        .await;
    assert_eq!(browser.text_of("h1.headline").await, article.headline);
    browser.click(".tags a.tag").await;
    browser.wait_for_text(".listing-header h1", &tag.name).await;
    assert_eq!(
        browser.eval("return location.pathname").await,
        format!("/topik/{}", tag.slug)
    );
    browser
        .wait_for_text(".grid .card-headline a", &article.headline)
        .await;
    browser.screenshot("tag-page").await;
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reader_follows_a_person_in_the_story_to_their_page() {
    let app = app().await;
    let browser = Browser::start().await;
    browser
        .goto(&app.url(&format!("/artikel/{SEED_SLUG}")))
        .await;
    browser
        .wait_for_text(".entities a.entity", "Kim Jong Un")
        .await;
    browser
        .click(".entities a.entity[href='/entitas/kim-jong-un']")
        .await;
    browser
        .wait_for_text(".listing-header h1", "Kim Jong Un")
        .await;
    assert_eq!(browser.text_of(".listing-header .kicker").await, "Tokoh");
    assert_eq!(
        browser.eval("return location.pathname").await,
        "/entitas/kim-jong-un"
    );
    browser
        .wait_for_text(".grid .card-headline a", "Hubungan antara Korea Utara")
        .await;
    browser.screenshot("entity-page").await;
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_the_api_down_the_reader_gets_a_message() {
    // Nothing listens on port 1: every API call the app makes fails as a network
    // error. The first page is the server's; the next one the app must fetch.
    let app = TestApp::builder(Db::Sqlite)
        .configure(|settings| {
            settings.web.dir = site_dir();
            settings.web.api_base = "http://127.0.0.1:1/api/v1".into();
        })
        .spawn()
        .await;
    let browser = Browser::start().await;
    browser.goto(&app.url("/")).await;
    browser.wait_for_app().await;
    browser
        .click(".sections-nav a[href='/rubrik/internasional']")
        .await;
    browser
        .wait_for_text(".error-box", "Berita tidak dapat dimuat saat ini")
        .await;
    assert_eq!(browser.text_of(".error-box button").await, "Coba lagi");
    browser.screenshot("api-down").await;
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unknown_paths_get_the_apps_own_404_page() {
    let app = app().await;
    let browser = Browser::start().await;
    for path in ["/tidak/ada", "/artikel/tidak-ada"] {
        browser.goto(&app.url(path)).await;
        assert_eq!(
            browser.text_of(".not-found h1").await,
            "Halaman tidak ditemukan"
        );
    }
    browser.click(".not-found a").await;
    assert_eq!(
        browser.text_of(".card-lead .card-headline a").await,
        SEED_HEADLINE
    );
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_article_reads_at_375_pixels_without_sideways_scrolling() {
    let app = app().await;
    let browser = Browser::start().await;
    browser
        .client
        .set_window_size(375, 812)
        .await
        .expect("window size");
    browser
        .goto(&app.url(&format!("/artikel/{SEED_SLUG}")))
        .await;
    assert_eq!(browser.text_of("h1.headline").await, SEED_HEADLINE);
    let overflow = browser
        .eval("return document.documentElement.scrollWidth - document.documentElement.clientWidth")
        .await;
    assert_eq!(overflow, 0, "the page is wider than the screen");
    // The first Tab reaches the skip link, which is then visible.
    browser
        .client
        .find(fantoccini::Locator::Css("body"))
        .await
        .expect("body")
        .send_keys("\u{e004}")
        .await
        .expect("Tab");
    assert_eq!(
        browser
            .eval("return document.activeElement.className")
            .await,
        "skip-link"
    );
    browser.screenshot("seed-article-375").await;
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reader_finds_other_forms_of_a_word_marked_in_the_results() {
    let app = app().await;
    let browser = Browser::start().await;
    browser.goto(&app.url("/cari")).await;
    // Once the app has the form (before, the browser would send it itself).
    browser.wait_for_app().await;
    browser
        .client
        .find(fantoccini::Locator::Css("input[name=q]"))
        .await
        .expect("the words field")
        .send_keys("kuat")
        .await
        .expect("typed");
    browser.click("form.filters button[type=submit]").await;
    browser.wait_until("location.search === '?q=kuat'").await;
    browser
        .wait_for_text(".hits .card-headline a", SEED_HEADLINE)
        .await;
    assert_eq!(browser.eval("return location.search").await, "?q=kuat");
    // "kuat" finds "Menguatkan", and the page marks it as written.
    let marked = browser
        .eval(
            "return [...document.querySelectorAll('.hits .snippet mark')].map(m => m.textContent)",
        )
        .await;
    let marked: Vec<String> = serde_json::from_value(marked).expect("strings");
    assert!(marked.iter().any(|m| m == "Menguatkan"), "{marked:?}");
    browser.screenshot("full-text-search").await;
    // A query the server refuses says why, instead of failing.
    browser
        .goto(&app.url(&format!("/cari?q={}", "a".repeat(501))))
        .await;
    browser
        .wait_for_text(".query-error", "500 characters")
        .await;
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reader_searches_by_language_and_the_url_keeps_the_search() {
    let app = app().await;
    let imported = app.import(
        "tokyo-en.txt",
        include_str!("../../fixtures/tokyo-en.txt"),
        &filed("internasional", "en", ArticleStatus::Published),
    );
    let english: shared::Article = app
        .get_json(&format!("/api/v1/articles/{}", imported.slug))
        .await;
    let browser = Browser::start().await;
    browser.goto(&app.url("/cari")).await;
    browser.wait_for_app().await;
    // Unfiltered, both stories.
    browser
        .wait_for_text(".results .card-headline a", SEED_HEADLINE)
        .await;
    browser
        .wait_for_text(".results .card-headline a", &english.headline)
        .await;
    browser.click("select[name=lang] option[value=en]").await;
    browser.click("form.filters button[type=submit]").await;
    // The filtered results replace the list: one story left.
    browser
        .wait_until("document.querySelectorAll('.results .card-headline a').length === 1")
        .await;
    assert_eq!(browser.eval("return location.search").await, "?lang=en");
    let headlines = browser
        .eval("return [...document.querySelectorAll('.results .card-headline a')].map(a => a.textContent)")
        .await;
    assert_eq!(headlines, serde_json::json!([english.headline]));
    // The search is in the URL: a reload shows the same filter and the same results.
    browser.client.refresh().await.expect("reload");
    browser
        .wait_until("document.querySelectorAll('.results .card-headline a').length === 1")
        .await;
    assert_eq!(
        browser
            .eval("return document.querySelector('select[name=lang]').value")
            .await,
        "en"
    );
    assert_eq!(
        browser.text_of(".results .card-headline a").await,
        english.headline
    );
    browser.screenshot("search").await;
    browser.close().await;
}

/// Waits until the page has sent `n` view beacons and had their answers.
async fn views_sent(browser: &Browser, n: usize) {
    let script = format!(
        "const done = arguments[0];
        const sent = () => performance.getEntriesByType('resource')
            .filter(e => e.name.endsWith('/views')).length >= {n};
        if (sent()) {{ done(true); return; }}
        new PerformanceObserver(() => {{ if (sent()) done(true); }})
            .observe({{ type: 'resource', buffered: true }});"
    );
    browser
        .client
        .execute_async(&script, Vec::new())
        .await
        .unwrap_or_else(|e| panic!("{n} views never sent: {e}"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_readers_views_make_the_most_read_list() {
    let app = TestApp::builder(Db::Sqlite)
        .configure(|s| s.views.ranking_seconds = 0)
        .spawn()
        .await;
    let putin = app.import(
        "putin-moskow.txt",
        PUTIN_MOSKOW,
        &filed("internasional", "id", ArticleStatus::Published),
    );
    let browser = Browser::start().await;
    // Opened by its URL: one view.
    browser
        .goto(&app.url(&format!("/artikel/{SEED_SLUG}")))
        .await;
    browser.wait_for_app().await;
    views_sent(&browser, 1).await;
    // The front page, in the app: the story read is the most read.
    browser.click(".brand").await;
    browser
        .wait_for_text(".most-read li a", SEED_HEADLINE)
        .await;
    assert_eq!(browser.text_of(".most-read h2").await, "Terpopuler");
    assert_eq!(
        browser.accessibility_violations().await,
        Vec::<String>::new()
    );
    browser.screenshot("most-read").await;
    // Opened again from the list, in the app: a second view.
    browser.click(".most-read li a").await;
    browser.wait_for_text("h1.headline", SEED_HEADLINE).await;
    views_sent(&browser, 2).await;
    // Another reader read the other story once: the seed leads with its two views
    // (one each would put the newer story first).
    let response = app
        .client
        .post(app.url(&format!("/api/v1/articles/{}/views", putin.slug)))
        .header(
            "user-agent",
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Safari/605.1.15",
        )
        .send()
        .await
        .expect("answers");
    assert_eq!(response.status(), 204);
    let list: shared::ArticleList = app.get_json("/api/v1/most-read").await;
    let slugs: Vec<&str> = list.data.iter().map(|a| a.slug.as_str()).collect();
    assert_eq!(slugs, [SEED_SLUG, putin.slug.as_str()]);
    browser.close().await;
}
