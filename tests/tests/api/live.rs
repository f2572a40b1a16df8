//! Live blogs: entries posted, changed and removed by staff, paged for the public
//! (newest first, key events, since an entry), pushed to readers over Server-Sent
//! Events — resumed with `Last-Event-ID`, a heartbeat while idle, a refusal past the
//! instance's cap — and carried by the change feed.

use serde_json::{Value, json};
use shared::changes::{ChangePage, ChangeType};
use shared::live::{LiveArticleEvent, LiveEntry, LiveEntryPage, LiveState, RemovedEntry};
use shared::staff::Role;
use shared::{Article, ErrorCode};
use tests::sse::EventStream;
use tests::{Db, Staff, TestApp, assert_problem, both_databases, header};

pub async fn live_blog(staff: &Staff<'_>, headline: &str) -> Article {
    let mut input = tests::draft(headline);
    input.live = Some(LiveState::Open);
    let draft = staff.create(&input).await;
    staff.publish(&draft).await
}

pub async fn post(app: &TestApp, token: &str, article: &Article, body: Value) -> reqwest::Response {
    app.client
        .post(app.url(&format!("/api/v1/newsroom/articles/{}/entries", article.id)))
        .bearer_auth(token)
        .json(&body)
        .send()
        .await
        .expect("answers")
}

pub async fn posted(app: &TestApp, token: &str, article: &Article, text: &str) -> LiveEntry {
    let response = post(
        app,
        token,
        article,
        json!({"body": [{"type": "paragraph", "text": text}]}),
    )
    .await;
    assert_eq!(response.status(), 201);
    assert_eq!(header(response.headers(), "etag"), "\"v1\"");
    response.json().await.expect("an entry")
}

async fn put(
    app: &TestApp,
    token: &str,
    article: &Article,
    entry: &LiveEntry,
    if_match: Option<&str>,
    body: Value,
) -> reqwest::Response {
    let mut request = app
        .client
        .put(app.url(&format!(
            "/api/v1/newsroom/articles/{}/entries/{}",
            article.id, entry.id
        )))
        .bearer_auth(token)
        .json(&body);
    if let Some(version) = if_match {
        request = request.header("If-Match", version);
    }
    request.send().await.expect("answers")
}

async fn remove(app: &TestApp, token: &str, article: &Article, entry: &LiveEntry) -> u16 {
    app.client
        .delete(app.url(&format!(
            "/api/v1/newsroom/articles/{}/entries/{}",
            article.id, entry.id
        )))
        .bearer_auth(token)
        .send()
        .await
        .expect("answers")
        .status()
        .as_u16()
}

async fn page(app: &TestApp, article: &Article, query: &str) -> LiveEntryPage {
    let response = app
        .get(&format!("/api/v1/articles/{}/entries{query}", article.slug))
        .await;
    assert_eq!(response.status(), 200, "{query}");
    response.json().await.expect("a page of entries")
}

fn texts(entries: &[LiveEntry]) -> Vec<String> {
    entries
        .iter()
        .map(|e| match &e.body[0] {
            shared::Block::Paragraph(p) => p.text.clone(),
            other => panic!("{other:?}"),
        })
        .collect()
}

pub async fn follow(app: &TestApp, slug: &str, headers: &[(&str, &str)]) -> EventStream {
    let response = app
        .get_with(&format!("/api/v1/articles/{slug}/live"), headers)
        .await;
    assert_eq!(response.status(), 200);
    assert_eq!(
        header(response.headers(), "content-type"),
        "text/event-stream"
    );
    assert_eq!(header(response.headers(), "cache-control"), "no-store");
    EventStream::new(response)
}

async fn entries_are_posted_changed_removed_and_paged(db: Db) {
    let app = tests::spawn_app(db).await;
    let editor = app.staff(Role::Editor, "Sari Editor").await;
    let blog = live_blog(&editor, "Langsung: KTT ASEAN").await;
    assert_eq!(blog.live, Some(LiveState::Open));

    let first = posted(&app, &editor.token, &blog, "Satu").await;
    let response = post(
        &app,
        &editor.token,
        &blog,
        json!({"title": "Pidato pembukaan", "key_event": true,
               "body": [{"type": "paragraph", "text": "Dua"}]}),
    )
    .await;
    assert_eq!(response.status(), 201);
    let key: LiveEntry = response.json().await.expect("an entry");
    assert_eq!(
        (key.title.as_deref(), key.key_event, key.version),
        (Some("Pidato pembukaan"), true, 1)
    );
    let pinned: LiveEntry = post(
        &app,
        &editor.token,
        &blog,
        json!({"pinned": true, "body_markdown": "Tiga **tebal**"}),
    )
    .await
    .json()
    .await
    .expect("an entry");
    assert_eq!(pinned.body_html, "<p>Tiga <strong>tebal</strong></p>");

    // Newest first; the pinned ones on every page; key events alone; since an entry.
    let all = page(&app, &blog, "").await;
    assert_eq!(texts(&all.data), ["Tiga tebal", "Dua", "Satu"]);
    assert_eq!(texts(&all.pinned), ["Tiga tebal"]);
    assert_eq!((all.live, all.older), (LiveState::Open, None));
    let one = page(&app, &blog, "?limit=1").await;
    assert_eq!(texts(&one.data), ["Tiga tebal"]);
    let older = one.older.expect("more");
    let next = page(&app, &blog, &format!("?limit=1&before={older}")).await;
    assert_eq!(texts(&next.data), ["Dua"]);
    let last = page(&app, &blog, &format!("?limit=2&before={}", key.id)).await;
    assert_eq!(
        (texts(&last.data), last.older),
        (vec!["Satu".to_owned()], None)
    );
    let keys = page(&app, &blog, "?key_events=true").await;
    assert_eq!(texts(&keys.data), ["Dua"]);
    let since = page(&app, &blog, &format!("?since={}", first.id)).await;
    assert_eq!(texts(&since.data), ["Tiga tebal", "Dua"]);
    let response = app
        .get(&format!(
            "/api/v1/articles/{}/entries?since=01980000-0000-7000-8000-000000000000",
            blog.slug
        ))
        .await;
    assert_problem(response, 400, ErrorCode::InvalidParameter, Some("since")).await;
    for query in ["?limit=0", "?limit=101", "?key_events=ya", "?before=x"] {
        let response = app
            .get(&format!("/api/v1/articles/{}/entries{query}", blog.slug))
            .await;
        assert_eq!(response.status(), 400, "{query}");
    }
    assert_eq!(page(&app, &blog, "?limit=100").await.data.len(), 3);

    // A change at the version read; a stale one 412, none 428.
    let body = json!({"body": [{"type": "paragraph", "text": "Satu, diperbaiki"}]});
    let response = put(
        &app,
        &editor.token,
        &blog,
        &first,
        Some("\"v1\""),
        body.clone(),
    )
    .await;
    assert_eq!(response.status(), 200);
    assert_eq!(header(response.headers(), "etag"), "\"v2\"");
    let changed: LiveEntry = response.json().await.expect("an entry");
    assert_eq!((changed.created_at, changed.version), (first.created_at, 2));
    let response = put(
        &app,
        &editor.token,
        &blog,
        &first,
        Some("\"v1\""),
        body.clone(),
    )
    .await;
    assert_problem(response, 412, ErrorCode::PreconditionFailed, None).await;
    let response = put(&app, &editor.token, &blog, &first, None, body).await;
    assert_problem(response, 428, ErrorCode::PreconditionRequired, None).await;

    // Removed: gone from the pages, and a second removal is 404.
    assert_eq!(remove(&app, &editor.token, &blog, &key).await, 204);
    assert_eq!(
        texts(&page(&app, &blog, "").await.data),
        ["Tiga tebal", "Satu, diperbaiki"]
    );
    assert_eq!(remove(&app, &editor.token, &blog, &key).await, 404);

    // The change feed carries the entries, naming them.
    let feed: ChangePage = app.get_json("/api/v1/changes?limit=1000").await;
    let entries: Vec<(ChangeType, String)> = feed
        .data
        .iter()
        .filter_map(|c| Some((c.kind, c.entry.as_ref()?.id.to_string())))
        .collect();
    assert_eq!(
        entries,
        [
            (ChangeType::EntryAdded, first.id.to_string()),
            (ChangeType::EntryAdded, key.id.to_string()),
            (ChangeType::EntryAdded, pinned.id.to_string()),
            (ChangeType::EntryUpdated, first.id.to_string()),
            (ChangeType::EntryRemoved, key.id.to_string()),
        ]
    );

    // The live blog as schema.org LiveBlogPosting, its entries as updates, newest first.
    let ld: Value = app
        .get(&format!("/api/v1/articles/{}?format=jsonld", blog.slug))
        .await
        .json()
        .await
        .expect("JSON-LD");
    assert_eq!(ld["@type"], "LiveBlogPosting");
    assert!(ld["coverageStartTime"].is_string() && ld["coverageEndTime"].is_null());
    let updates: Vec<&str> = ld["liveBlogUpdate"]
        .as_array()
        .expect("updates")
        .iter()
        .map(|u| u["articleBody"].as_str().unwrap_or_default())
        .collect();
    assert_eq!(updates, ["Tiga tebal", "Satu, diperbaiki"]);
    // A feed of its entries: each an item with its own id, linking to its place.
    let response = app
        .get(&format!("/api/v1/feeds/rss?live={}", blog.slug))
        .await;
    assert_eq!(response.status(), 200);
    let rss = response.text().await.expect("a feed");
    assert!(
        rss.contains(&format!(
            "<guid isPermaLink=\"false\">urn:uuid:{}</guid>",
            first.id
        )),
        "{rss}"
    );
    assert!(
        rss.contains(&format!(
            "/artikel/{}#entri-{}</link>",
            blog.slug, pinned.id
        )),
        "{rss}"
    );
    assert!(
        rss.contains("<title>Langsung: KTT ASEAN</title>")
            || rss.contains("Global Insight — Langsung: KTT ASEAN"),
        "{rss}"
    );
    let feed: Value = app
        .get(&format!("/api/v1/feeds/json?live={}", blog.slug))
        .await
        .json()
        .await
        .expect("a JSON feed");
    assert_eq!(feed["items"].as_array().map(Vec::len), Some(2));
    let response = app.get("/api/v1/feeds/rss?live=tidak-ada").await;
    assert_problem(response, 404, ErrorCode::NotFound, None).await;

    // Closed: no new entries; changing one still works.
    let mut input = tests::draft("Langsung: KTT ASEAN");
    input.live = Some(LiveState::Closed);
    let closed = editor.update(&blog, &input).await;
    assert_eq!(closed.live, Some(LiveState::Closed));
    let response = post(
        &app,
        &editor.token,
        &closed,
        json!({"body": [{"type": "paragraph", "text": "Lagi"}]}),
    )
    .await;
    assert_problem(response, 409, ErrorCode::Conflict, None).await;
    let response = put(
        &app,
        &editor.token,
        &closed,
        &pinned,
        Some("*"),
        json!({"body": [{"type": "paragraph", "text": "Tiga"}], "pinned": true}),
    )
    .await;
    assert_eq!(response.status(), 200);
    assert_eq!(page(&app, &closed, "").await.live, LiveState::Closed);
}

async fn entries_are_checked_at_their_limits(db: Db) {
    let app = tests::spawn_app(db).await;
    let editor = app.staff(Role::Editor, "Sari Editor").await;
    let blog = live_blog(&editor, "Langsung: Banjir Jakarta").await;
    let paragraph = |text: &str| json!({"type": "paragraph", "text": text});

    let title = "j".repeat(200);
    let response = post(
        &app,
        &editor.token,
        &blog,
        json!({"title": title, "body": [paragraph("a")]}),
    )
    .await;
    assert_eq!(response.status(), 201);
    let title = "j".repeat(201);
    let response = post(
        &app,
        &editor.token,
        &blog,
        json!({"title": title, "body": [paragraph("a")]}),
    )
    .await;
    assert_problem(response, 400, ErrorCode::InvalidBody, Some("title")).await;

    let blocks: Vec<Value> = (0..50).map(|i| paragraph(&format!("b{i}"))).collect();
    let response = post(&app, &editor.token, &blog, json!({"body": blocks})).await;
    assert_eq!(response.status(), 201);
    let blocks: Vec<Value> = (0..51).map(|i| paragraph(&format!("b{i}"))).collect();
    let response = post(&app, &editor.token, &blog, json!({"body": blocks})).await;
    assert_problem(response, 400, ErrorCode::InvalidBody, Some("body")).await;
    let response = post(&app, &editor.token, &blog, json!({"body": []})).await;
    assert_problem(response, 400, ErrorCode::InvalidBody, Some("body")).await;
    let response = post(
        &app,
        &editor.token,
        &blog,
        json!({"body": [paragraph("a"), {"type": "image", "image": {"id": "01980000-0000-7000-8000-000000000001"}}]}),
    )
    .await;
    assert_problem(response, 400, ErrorCode::InvalidBody, Some("body[1]")).await;
    let response = post(
        &app,
        &editor.token,
        &blog,
        json!({"body": [paragraph("a")], "version": 3}),
    )
    .await;
    assert_problem(response, 400, ErrorCode::InvalidBody, Some("version")).await;
    // Markup is sanitised as an article's is.
    let response = post(
        &app,
        &editor.token,
        &blog,
        json!({"body": [{"type": "paragraph", "text": "", "html": "<script>x</script><b>ok</b>"}]}),
    )
    .await;
    let entry: LiveEntry = response.json().await.expect("an entry");
    assert_eq!(entry.body_html, "<p><b>ok</b></p>");

    // Three pinned at most.
    for n in 0..3 {
        let response = post(
            &app,
            &editor.token,
            &blog,
            json!({"pinned": true, "body": [paragraph(&n.to_string())]}),
        )
        .await;
        assert_eq!(response.status(), 201);
    }
    let response = post(
        &app,
        &editor.token,
        &blog,
        json!({"pinned": true, "body": [paragraph("4")]}),
    )
    .await;
    assert_problem(response, 409, ErrorCode::Conflict, None).await;

    // Not a live blog: public 404, staff 409; a draft live blog is not public.
    let plain = editor
        .publish(&editor.create(&tests::draft("Berita Biasa")).await)
        .await;
    let response = app
        .get(&format!("/api/v1/articles/{}/entries", plain.slug))
        .await;
    assert_problem(response, 404, ErrorCode::NotFound, None).await;
    let response = app
        .get(&format!("/api/v1/articles/{}/live", plain.slug))
        .await;
    assert_problem(response, 404, ErrorCode::NotFound, None).await;
    let response = post(
        &app,
        &editor.token,
        &plain,
        json!({"body": [paragraph("a")]}),
    )
    .await;
    assert_problem(response, 409, ErrorCode::Conflict, None).await;
    let mut input = tests::draft("Langsung: Draf");
    input.live = Some(LiveState::Open);
    let draft = editor.create(&input).await;
    let entry = posted(&app, &editor.token, &draft, "Belum publik").await;
    let response = app
        .get(&format!("/api/v1/articles/{}/entries", draft.slug))
        .await;
    assert_problem(response, 404, ErrorCode::NotFound, None).await;
    let staff: LiveEntryPage = app
        .get_authed(
            &format!("/api/v1/newsroom/articles/{}/entries", draft.id),
            &editor.token,
        )
        .await
        .json()
        .await
        .expect("a page");
    assert_eq!(staff.data, [entry]);
    // An author does not reach another's live blog.
    let author = app.staff(Role::Author, "Ani Penulis").await;
    let response = post(
        &app,
        &author.token,
        &blog,
        json!({"body": [paragraph("a")]}),
    )
    .await;
    assert_problem(response, 404, ErrorCode::NotFound, None).await;
    // The draft's entries never reached the change feed.
    let feed: ChangePage = app.get_json("/api/v1/changes?limit=1000").await;
    assert!(feed.data.iter().all(|c| c.article.id != draft.id));
}

async fn readers_receive_entries_as_they_are_written_and_resume(db: Db) {
    let app = tests::spawn_app(db).await;
    let editor = app.staff(Role::Editor, "Sari Editor").await;
    let blog = live_blog(&editor, "Langsung: Pemilu").await;
    let start = page(&app, &blog, "").await;
    let mut stream = follow(&app, &blog.slug, &[]).await;
    let opening = stream.next_block().await.expect("the opening");
    assert_eq!(opening.id.as_deref(), Some(start.stream_after.as_str()));

    // Text that looks like the stream's own lines stays inside one event's data.
    let forged = "x\n\nevent: gone\ndata: {}\n\nid: 999999\n";
    let response = post(
        &app,
        &editor.token,
        &blog,
        json!({"title": forged, "body_markdown": forged}),
    )
    .await;
    assert_eq!(response.status(), 201);
    let forged_entry: LiveEntry = response.json().await.expect("an entry");
    let event = stream.next_event().await;
    assert_eq!(event.event.as_deref(), Some("entry"));
    assert_eq!(event.json::<LiveEntry>(), forged_entry);
    assert_eq!(remove(&app, &editor.token, &blog, &forged_entry).await, 204);
    assert_eq!(
        stream.next_event().await.event.as_deref(),
        Some("entry-removed")
    );

    let entry = posted(&app, &editor.token, &blog, "TPS dibuka").await;
    let added = stream.next_event().await;
    assert_eq!(added.event.as_deref(), Some("entry"));
    assert_eq!(added.json::<LiveEntry>(), entry);
    let resume_from = added.id.clone().expect("an id");

    let response = put(
        &app,
        &editor.token,
        &blog,
        &entry,
        Some("\"v1\""),
        json!({"body": [{"type": "paragraph", "text": "TPS dibuka pukul 07.00"}], "key_event": true}),
    )
    .await;
    let changed: LiveEntry = response.json().await.expect("an entry");
    let event = stream.next_event().await;
    assert_eq!(event.event.as_deref(), Some("entry"));
    assert_eq!(event.json::<LiveEntry>(), changed);

    assert_eq!(remove(&app, &editor.token, &blog, &entry).await, 204);
    let event = stream.next_event().await;
    assert_eq!(event.event.as_deref(), Some("entry-removed"));
    assert_eq!(event.json::<RemovedEntry>().id, entry.id);

    let mut input = tests::draft("Langsung: Pemilu");
    input.live = Some(LiveState::Closed);
    let closed = editor.update(&blog, &input).await;
    let event = stream.next_event().await;
    assert_eq!(event.event.as_deref(), Some("article"));
    assert_eq!(
        event.json::<LiveArticleEvent>(),
        LiveArticleEvent {
            live: LiveState::Closed,
            version: closed.version
        }
    );
    let last_id = event.id.clone().expect("an id");

    // A browser reconnecting with Last-Event-ID misses nothing and repeats nothing;
    // an entries page's `stream_after` as `after` does the same.
    for headers in [vec![("Last-Event-ID", resume_from.as_str())], vec![]] {
        let path = if headers.is_empty() {
            format!("{}/live?after={resume_from}", blog.slug)
        } else {
            format!("{}/live", blog.slug)
        };
        let response = app
            .get_with(&format!("/api/v1/articles/{path}"), &headers)
            .await;
        assert_eq!(response.status(), 200);
        let mut again = EventStream::new(response);
        // The entry's change is not replayed: it is removed since, and that is said.
        let events = [again.next_event().await, again.next_event().await];
        assert_eq!(
            events
                .iter()
                .map(|e| e.event.as_deref().unwrap_or_default())
                .collect::<Vec<_>>(),
            ["entry-removed", "article"]
        );
        assert_eq!(events[1].id.as_deref(), Some(last_id.as_str()));
    }

    // Beyond the log, or not a number: refused, naming the header or parameter.
    let response = app
        .get_with(
            &format!("/api/v1/articles/{}/live", blog.slug),
            &[("Last-Event-ID", "x1")],
        )
        .await;
    assert_problem(
        response,
        400,
        ErrorCode::InvalidHeader,
        Some("Last-Event-ID"),
    )
    .await;
    let response = app
        .get(&format!(
            "/api/v1/articles/{}/live?after=999999999",
            blog.slug
        ))
        .await;
    assert_problem(response, 400, ErrorCode::InvalidParameter, Some("after")).await;
    let response = app
        .get(&format!("/api/v1/articles/{}/live?after=-1", blog.slug))
        .await;
    assert_problem(response, 400, ErrorCode::InvalidParameter, Some("after")).await;

    // Unpublished: the stream says it is gone, and ends.
    editor.unpublish(&closed).await;
    let event = stream.next_event().await;
    assert_eq!(event.event.as_deref(), Some("gone"));
    assert_eq!(stream.next_block().await, None);
    let response = app
        .get(&format!("/api/v1/articles/{}/live", blog.slug))
        .await;
    assert_problem(response, 404, ErrorCode::NotFound, None).await;
}

async fn idle_streams_hear_a_heartbeat_and_the_cap_is_kept(db: Db) {
    let app = TestApp::builder(db)
        .configure(|settings| {
            settings.live.max_streams = 2;
            settings.live.heartbeat_seconds = 1;
        })
        .spawn()
        .await;
    let editor = app.staff(Role::Editor, "Sari Editor").await;
    let blog = live_blog(&editor, "Langsung: Gempa").await;
    let mut first = follow(&app, &blog.slug, &[]).await;
    let _second = follow(&app, &blog.slug, &[]).await;
    let refused = app
        .get(&format!("/api/v1/articles/{}/live", blog.slug))
        .await;
    assert_eq!(header(refused.headers(), "retry-after"), "30");
    assert_problem(refused, 503, ErrorCode::ServiceUnavailable, None).await;

    first.next_block().await.expect("the opening");
    let idle = first.next_block().await.expect("a heartbeat");
    assert!(idle.comment, "{idle:?}");
}

both_databases!(
    entries_are_posted_changed_removed_and_paged,
    entries_are_checked_at_their_limits,
    readers_receive_entries_as_they_are_written_and_resume,
    idle_streams_hear_a_heartbeat_and_the_cap_is_kept,
);
