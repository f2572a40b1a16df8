//! Accessibility as a test: axe-core on every reader page type and the newsroom's
//! main pages (no serious or critical violation), and the article read and left with
//! the keyboard alone.

use fantoccini::key::Key;
use serde_json::json;
use shared::staff::Role;
use tests::browser::Browser;

use super::{SEED_SLUG, app};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_page_type_passes_axe_core() {
    let app = app().await;
    let email = app.create_staff(Role::Editor, "Sari Editor");
    let article: shared::Article = app.get_json(&format!("/api/v1/articles/{SEED_SLUG}")).await;
    let tag = article.tags.first().map(|t| t.slug.clone());
    let browser = Browser::start().await;
    let mut pages = vec![
        "/".to_owned(),
        format!("/artikel/{SEED_SLUG}"),
        "/rubrik/internasional".to_owned(),
        "/penulis/redaksi-global-insight".to_owned(),
        "/entitas/kim-jong-un".to_owned(),
        "/cari".to_owned(),
        "/cari?q=korea".to_owned(),
        "/tidak/ada".to_owned(),
    ];
    pages.extend(tag.map(|slug| format!("/topik/{slug}")));
    let mut found = Vec::new();
    for path in &pages {
        browser.goto(&app.url(path)).await;
        browser.wait_for_app().await;
        for violation in browser.accessibility_violations().await {
            found.push(format!("{path}: {violation}"));
        }
    }
    // The same pages in English.
    browser.click(".lang-switch").await;
    browser
        .wait_for_text(".lang-switch", "Bahasa Indonesia")
        .await;
    for violation in browser.accessibility_violations().await {
        found.push(format!("(en) {violation}"));
    }

    // The newsroom: sign-in, the article list, the editor, the image library, the fronts.
    browser.goto(&app.url("/redaksi")).await;
    browser.text_of("form.login").await;
    for violation in browser.accessibility_violations().await {
        found.push(format!("/redaksi (sign-in): {violation}"));
    }
    for (css, text) in [
        ("form.login input[name=email]", email.as_str()),
        ("form.login input[name=password]", tests::PASSWORD),
    ] {
        browser
            .client
            .find(fantoccini::Locator::Css(css))
            .await
            .expect(css)
            .send_keys(text)
            .await
            .expect("typing");
    }
    browser.click("form.login button[type=submit]").await;
    browser.text_of(".desk-bar .desk-user").await;
    browser.text_of(".desk-list").await;
    for violation in browser.accessibility_violations().await {
        found.push(format!("/redaksi: {violation}"));
    }
    for (path, ready) in [
        ("/redaksi/tulis", "input[name=headline]"),
        ("/redaksi/media", ".media-library"),
        ("/redaksi/halaman", ".fronts .hint"),
    ] {
        browser.goto(&app.url(path)).await;
        browser.text_of(ready).await;
        for violation in browser.accessibility_violations().await {
            found.push(format!("{path}: {violation}"));
        }
    }
    browser.close().await;
    assert!(found.is_empty(), "axe-core found:\n{}", found.join("\n"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_article_is_read_and_left_with_the_keyboard_alone() {
    let app = app().await;
    let browser = Browser::start().await;
    browser
        .goto(&app.url(&format!("/artikel/{SEED_SLUG}")))
        .await;
    browser.wait_for_app().await;
    let focused = "const e = document.activeElement;
        const style = getComputedStyle(e);
        return { tag: e.tagName, text: e.textContent.trim().slice(0, 60), href: e.getAttribute('href'),
                 id: e.id, inMain: e.closest('main') !== null,
                 outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0 };";
    // The first Tab reaches the skip link, shown when focused; Enter takes the
    // focus to the story, past the masthead.
    browser.press(Key::Tab).await;
    let skip = browser.eval(focused).await;
    assert_eq!(skip["href"], "#isi", "{skip}");
    assert_eq!(skip["outline"], json!(true), "a visible focus: {skip}");
    assert_eq!(
        browser
            .eval("const r = document.activeElement.getBoundingClientRect(); return r.width > 1 && r.top >= 0")
            .await,
        json!(true),
        "the skip link shows when focused"
    );
    browser.press(Key::Enter).await;
    assert_eq!(browser.eval(focused).await["id"], "isi");
    // From there Tab walks the story's links in reading order, each with a visible
    // focus: the section, the author, … and the people in the story.
    browser.press(Key::Tab).await;
    let first = browser.eval(focused).await;
    assert_eq!(first["href"], "/rubrik/internasional", "{first}");
    browser.press(Key::Tab).await;
    let author = browser.eval(focused).await;
    assert_eq!(
        author["href"], "/penulis/redaksi-global-insight",
        "{author}"
    );
    let mut reached = None;
    for _ in 0..40 {
        browser.press(Key::Tab).await;
        let now = browser.eval(focused).await;
        assert_eq!(now["outline"], json!(true), "a visible focus: {now}");
        if now["href"] == "/entitas/kim-jong-un" {
            reached = Some(now);
            break;
        }
    }
    assert!(reached.is_some(), "Tab reaches the people in the story");
    // Enter follows the link (the app's navigation); the focus moves to the new
    // page's content, so the next Tab is there, not back at the masthead.
    browser.press(Key::Enter).await;
    browser
        .wait_for_text(".listing-header h1", "Kim Jong Un")
        .await;
    assert_eq!(browser.eval(focused).await["id"], "isi");
    browser.press(Key::Tab).await;
    let next = browser.eval(focused).await;
    assert_eq!(next["inMain"], json!(true), "{next}");
    assert_eq!(next["outline"], json!(true), "{next}");
    browser.close().await;
}
