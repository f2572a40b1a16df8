//! A live blog in the reader's browser: the page arrives with its entries and its
//! `LiveBlogPosting` JSON-LD; entries written afterwards appear, change and go without
//! a reload, and the page says when the live blog has ended.

use serde_json::json;
use shared::live::{LiveEntry, LiveState};
use shared::staff::Role;
use tests::browser::Browser;

use super::app;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reader_sees_entries_arrive_change_and_go_without_reloading() {
    let app = app().await;
    let editor = app.staff(Role::Editor, "Sari Editor").await;
    let mut input = tests::draft("Langsung: Sidang Umum PBB");
    input.live = Some(LiveState::Open);
    let blog = editor.publish(&editor.create(&input).await).await;
    let post = |text: &'static str| {
        let (app, token, id) = (&app, editor.token.clone(), blog.id);
        async move {
            let response = app
                .client
                .post(app.url(&format!("/api/v1/newsroom/articles/{id}/entries")))
                .bearer_auth(token)
                .json(&json!({"title": text, "body": [{"type": "paragraph", "text": format!("{text}: isi.")}]}))
                .send()
                .await
                .expect("answers");
            assert_eq!(response.status(), 201);
            response.json::<LiveEntry>().await.expect("an entry")
        }
    };
    let first = post("Pembukaan").await;

    let browser = Browser::start().await;
    browser
        .goto(&app.url(&format!("/artikel/{}", blog.slug)))
        .await;
    // Sent with the page, and described for search engines as a live blog.
    assert_eq!(
        browser.text_of(".live-entries .live-entry h3").await,
        "Pembukaan"
    );
    assert_eq!(
        browser
            .eval("return JSON.parse(document.querySelector('script[type=\"application/ld+json\"]').textContent)['@type']")
            .await,
        json!("LiveBlogPosting")
    );
    browser.wait_for_app().await;
    browser.eval("window.stillHere = true; return null").await;
    // The entries came with the page: the only API requests are the event stream and
    // the browser's own (most read, the view).
    assert_eq!(
        browser
            .eval("return performance.getEntriesByType('resource').filter(e => e.name.includes('/api/v1/') && !/\\/live\\?|\\/most-read|\\/views$/.test(e.name)).length")
            .await,
        json!(0)
    );
    assert_eq!(
        browser.accessibility_violations().await,
        Vec::<String>::new()
    );

    // Written now: the reader sees it first, without reloading.
    post("Pidato Sekjen").await;
    browser
        .wait_for_text(".live-entries .live-entry:first-child h3", "Pidato Sekjen")
        .await;
    // Changed: in its place.
    let response = app
        .client
        .put(app.url(&format!(
            "/api/v1/newsroom/articles/{}/entries/{}",
            blog.id, first.id
        )))
        .bearer_auth(&editor.token)
        .header("If-Match", "\"v1\"")
        .json(
            &json!({"title": "Pembukaan sidang", "body": [{"type": "paragraph", "text": "Isi."}]}),
        )
        .send()
        .await
        .expect("answers");
    assert_eq!(response.status(), 200);
    browser
        .wait_for_text(
            ".live-entries .live-entry:last-child h3",
            "Pembukaan sidang",
        )
        .await;
    // Removed: gone.
    let response = app
        .client
        .delete(app.url(&format!(
            "/api/v1/newsroom/articles/{}/entries/{}",
            blog.id, first.id
        )))
        .bearer_auth(&editor.token)
        .send()
        .await
        .expect("answers");
    assert_eq!(response.status(), 204);
    browser
        .wait_until("document.querySelectorAll('.live-entries .live-entry').length === 1")
        .await;
    // Ended: the page says so.
    input.live = Some(LiveState::Closed);
    let blog = app
        .get_authed(
            &format!("/api/v1/newsroom/articles/{}", blog.id),
            &editor.token,
        )
        .await
        .json::<shared::Article>()
        .await
        .expect("the article");
    editor.update(&blog, &input).await;
    browser
        .wait_for_text("#siaran-langsung", "Siaran langsung telah berakhir")
        .await;
    assert_eq!(
        browser.eval("return window.stillHere === true").await,
        json!(true)
    );
    browser.close().await;
}
