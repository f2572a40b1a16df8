//! Fronts: the home page and the sections' pages as the editors arrange them — picks in
//! their order, stories that stop being public leaving their slot, slots that end at
//! their time, versions guarded by If-Match, every limit checked.

use chrono::{DateTime, Duration, SubsecRound as _, Utc};
use serde_json::{Value, json};
use shared::fronts::{Front, SlotState, StaffFront};
use shared::staff::Role;
use shared::{Article, ArticlePage, ErrorCode};
use tests::{Db, TestApp, assert_problem, both_databases, header, spawn_app};

use crate::newsroom;

const HOME: &str = "/api/v1/fronts/home";
const DESK_HOME: &str = "/api/v1/newsroom/fronts/home";

fn slugs(list: &[shared::ArticleSummary]) -> Vec<&str> {
    list.iter().map(|a| a.slug.as_str()).collect()
}

async fn arrange(
    app: &TestApp,
    token: &str,
    path: &str,
    if_match: Option<&str>,
    body: &Value,
) -> reqwest::Response {
    let mut request = app.client.put(app.url(path)).bearer_auth(token).json(body);
    if let Some(tag) = if_match {
        request = request.header("If-Match", tag);
    }
    request.send().await.expect("the server answers")
}

fn slots(articles: &[&Article]) -> Value {
    json!({"slots": articles.iter().map(|a| json!({"article_id": a.id})).collect::<Vec<_>>()})
}

async fn staff_front(app: &TestApp, token: &str, path: &str) -> StaffFront {
    let response = app.get_authed(path, token).await;
    assert_eq!(response.status(), 200);
    response.json().await.expect("a staff front")
}

async fn an_unarranged_front_leads_with_the_newest(db: Db) {
    let app = spawn_app(db).await;
    newsroom(&app);
    let newest: ArticlePage = app.get_json("/api/v1/articles?per_page=12").await;
    let front: Front = app.get_json(HOME).await;
    assert!(front.picks.is_empty());
    assert_eq!(front.section, None);
    assert_eq!(slugs(&front.latest), slugs(&newest.data));
    assert_eq!(
        front.lead().map(|a| a.slug.as_str()),
        Some(newest.data[0].slug.as_str())
    );

    let section: Front = app.get_json("/api/v1/fronts/internasional").await;
    assert_eq!(
        section.section.as_ref().map(|s| s.name.as_str()),
        Some("Internasional")
    );
    let in_section: ArticlePage = app
        .get_json("/api/v1/articles?section=internasional&per_page=12")
        .await;
    assert_eq!(slugs(&section.latest), slugs(&in_section.data));

    // `latest` from 0 to 50.
    let none: Front = app.get_json("/api/v1/fronts/home?latest=0").await;
    assert!(none.latest.is_empty());
    let one: Front = app.get_json("/api/v1/fronts/home?latest=1").await;
    assert_eq!(slugs(&one.latest), slugs(&newest.data[..1]));
    assert_eq!(app.get("/api/v1/fronts/home?latest=50").await.status(), 200);
    let refused = app.get("/api/v1/fronts/home?latest=51").await;
    assert_problem(refused, 400, ErrorCode::InvalidParameter, Some("latest")).await;
    let unknown = app.get("/api/v1/fronts/home?lead=1").await;
    assert_problem(unknown, 400, ErrorCode::UnknownParameter, Some("lead")).await;

    for name in ["olahraga", "Home", "%3Cscript%3E", "home%2F..", "..%2Fhome"] {
        let response = app.get(&format!("/api/v1/fronts/{name}")).await;
        assert_problem(response, 404, ErrorCode::NotFound, None).await;
    }
}

async fn editors_arrange_and_readers_see_it_at_once(db: Db) {
    let app = TestApp::builder(db)
        .configure(|settings| settings.http.cache_revalidate_ms = 3_600_000)
        .spawn()
        .await;
    newsroom(&app);
    let editor = app.staff(Role::Editor, "Sari Editor").await;
    let first = editor
        .published("Berita Pertama Hari Ini", "internasional")
        .await;
    let second = editor.published("Berita Kedua Hari Ini", "ekonomi").await;
    let third = editor
        .published("Berita Ketiga Hari Ini", "internasional")
        .await;

    let before: Front = app.get_json(HOME).await;
    assert_eq!(before.lead().map(|a| a.id), Some(third.id));
    let empty = staff_front(&app, &editor.token, DESK_HOME).await;
    assert_eq!((empty.version, empty.slots.len()), (0, 0));
    assert_eq!(empty.updated_by, None);

    let response = arrange(
        &app,
        &editor.token,
        DESK_HOME,
        Some("\"v0\""),
        &slots(&[&first, &second]),
    )
    .await;
    assert_eq!(response.status(), 200);
    assert_eq!(header(response.headers(), "etag"), "\"v1\"");
    assert_eq!(
        header(response.headers(), "cache-control"),
        "private, no-cache"
    );
    let arranged: StaffFront = response.json().await.expect("a staff front");
    assert_eq!(arranged.version, 1);
    assert_eq!(arranged.updated_by.as_deref(), Some("Sari Editor"));
    let states: Vec<_> = arranged
        .slots
        .iter()
        .map(|s| (s.article.id, s.state))
        .collect();
    assert_eq!(
        states,
        [(first.id, SlotState::Shown), (second.id, SlotState::Shown)]
    );

    // At once, though the earlier answer was kept: the editors' order, then the rest.
    let front: Front = app.get_json(HOME).await;
    let picks: Vec<_> = front.picks.iter().map(|a| a.id).collect();
    assert_eq!(picks, [first.id, second.id]);
    let latest: Vec<_> = front.latest.iter().map(|a| a.id).collect();
    assert!(latest.starts_with(&[third.id]), "{latest:?}");
    assert!(!latest.contains(&first.id) && !latest.contains(&second.id));
    // Another section's story may be picked for a section's front.
    let response = arrange(
        &app,
        &editor.token,
        "/api/v1/newsroom/fronts/internasional",
        Some("\"v0\""),
        &slots(&[&second]),
    )
    .await;
    assert_eq!(response.status(), 200);
    let section: Front = app.get_json("/api/v1/fronts/internasional").await;
    assert_eq!(slugs(&section.picks), [second.slug.as_str()]);
    assert!(
        slugs(&section.latest).starts_with(&[third.slug.as_str(), first.slug.as_str()]),
        "{:?}",
        slugs(&section.latest)
    );

    // The page readers get leads with the pick.
    let page = app.get("/").await.text().await.expect("a page");
    let lead = page.split("class=\"lead\"").nth(1).expect("a lead story");
    assert!(
        lead.split("</section>")
            .next()
            .is_some_and(|l| l.contains(&first.headline)),
        "{lead}"
    );

    // A stale arrangement is refused and changes nothing; without If-Match, 428.
    let stale = arrange(
        &app,
        &editor.token,
        DESK_HOME,
        Some("\"v0\""),
        &slots(&[&third]),
    )
    .await;
    assert_problem(stale, 412, ErrorCode::PreconditionFailed, None).await;
    let missing = arrange(&app, &editor.token, DESK_HOME, None, &slots(&[&third])).await;
    assert_problem(missing, 428, ErrorCode::PreconditionRequired, None).await;
    let garbled = arrange(
        &app,
        &editor.token,
        DESK_HOME,
        Some("v1"),
        &slots(&[&third]),
    )
    .await;
    assert_problem(garbled, 412, ErrorCode::PreconditionFailed, None).await;
    let unchanged: Front = app.get_json(HOME).await;
    assert_eq!(slugs(&unchanged.picks), slugs(&front.picks));

    // Reordered on the current version; then cleared: the newest leads again.
    let response = arrange(
        &app,
        &editor.token,
        DESK_HOME,
        Some("\"v1\""),
        &slots(&[&second, &first]),
    )
    .await;
    assert_eq!(header(response.headers(), "etag"), "\"v2\"");
    let reordered: Front = app.get_json(HOME).await;
    assert_eq!(
        slugs(&reordered.picks),
        [second.slug.as_str(), first.slug.as_str()]
    );
    let response = arrange(
        &app,
        &editor.token,
        DESK_HOME,
        Some("*"),
        &json!({"slots": []}),
    )
    .await;
    assert_eq!(header(response.headers(), "etag"), "\"v3\"");
    let cleared: Front = app.get_json(HOME).await;
    assert!(cleared.picks.is_empty());
    assert_eq!(cleared.lead().map(|a| a.id), Some(third.id));
}

async fn a_story_that_stops_being_public_leaves_its_slot(db: Db) {
    let app = spawn_app(db).await;
    let editor = app.staff(Role::Editor, "Sari Editor").await;
    let draft = editor.create(&tests::draft("Masih Draf Redaksi")).await;
    let one = editor
        .published("Berita Satu Pilihan", "internasional")
        .await;
    let two = editor
        .published("Berita Dua Pilihan", "internasional")
        .await;
    let response = arrange(
        &app,
        &editor.token,
        DESK_HOME,
        Some("\"v0\""),
        &slots(&[&draft, &one, &two]),
    )
    .await;
    assert_eq!(response.status(), 200);
    let picks = |front: Front| front.picks.iter().map(|a| a.id).collect::<Vec<_>>();
    assert_eq!(picks(app.get_json(HOME).await), [one.id, two.id]);
    let desk = staff_front(&app, &editor.token, DESK_HOME).await;
    let states: Vec<_> = desk.slots.iter().map(|s| s.state).collect();
    assert_eq!(
        states,
        [SlotState::NotPublic, SlotState::Shown, SlotState::Shown]
    );
    assert_eq!(desk.slots[0].status, shared::ArticleStatus::Draft);

    // Unpublished: out of the picks, still in its slot.
    let one = editor.unpublish(&one).await;
    assert_eq!(picks(app.get_json(HOME).await), [two.id]);
    let desk = staff_front(&app, &editor.token, DESK_HOME).await;
    assert_eq!(desk.slots[1].state, SlotState::NotPublic);
    // The draft published takes its place as the lead.
    let draft = editor.publish(&draft).await;
    assert_eq!(picks(app.get_json(HOME).await), [draft.id, two.id]);
    // Deleted: gone from the front and from the editors' view.
    let response = app
        .client
        .delete(app.url(&format!("/api/v1/newsroom/articles/{}", two.id)))
        .bearer_auth(&editor.token)
        .header("If-Match", format!("\"v{}\"", two.version))
        .send()
        .await
        .expect("answers");
    assert_eq!(response.status(), 200);
    let front: Front = app.get_json(HOME).await;
    assert_eq!(picks(front), [draft.id]);
    let desk = staff_front(&app, &editor.token, DESK_HOME).await;
    let ids: Vec<_> = desk.slots.iter().map(|s| s.article.id).collect();
    assert_eq!(ids, [draft.id, one.id]);
    // A deleted article cannot be placed again.
    let again = arrange(
        &app,
        &editor.token,
        DESK_HOME,
        Some("*"),
        &slots(&[&draft, &two]),
    )
    .await;
    assert_problem(again, 409, ErrorCode::Conflict, Some("slots[1].article_id")).await;
}

async fn a_slot_ends_at_its_time(db: Db) {
    let app = TestApp::builder(db)
        .manual_clock()
        .configure(|settings| settings.http.cache_revalidate_ms = 3_600_000)
        .spawn()
        .await;
    let now = Utc::now().trunc_subsecs(6);
    app.set_clock(now);
    let editor = app.staff(Role::Editor, "Sari Editor").await;
    let older = editor
        .published("Berita Lama Disematkan", "internasional")
        .await;
    let newer = editor.published("Berita Baru Biasa", "internasional").await;
    let until = now + Duration::hours(1);
    let body = json!({"slots": [
        {"article_id": older.id, "pinned_until": until.to_rfc3339()},
    ]});
    let response = arrange(&app, &editor.token, DESK_HOME, Some("\"v0\""), &body).await;
    assert_eq!(response.status(), 200);
    let arranged: StaffFront = response.json().await.expect("a staff front");
    assert_eq!(
        arranged.slots[0]
            .pinned_until
            .map(|t| t.with_timezone(&Utc)),
        Some(until)
    );

    app.set_clock(until - Duration::microseconds(1));
    let front: Front = app.get_json(HOME).await;
    assert_eq!(slugs(&front.picks), [older.slug.as_str()]);
    // (After them, the older seed article.)
    assert_eq!(slugs(&front.latest)[..1], [newer.slug.as_str()]);
    // Its time come, the kept answer is not sent: the story falls back into time order.
    app.set_clock(until);
    let front: Front = app.get_json(HOME).await;
    assert!(front.picks.is_empty(), "{:?}", slugs(&front.picks));
    assert_eq!(
        slugs(&front.latest)[..2],
        [newer.slug.as_str(), older.slug.as_str()]
    );
    let desk = staff_front(&app, &editor.token, DESK_HOME).await;
    assert_eq!(desk.slots[0].state, SlotState::Expired);
}

async fn arrangements_are_checked(db: Db) {
    let app = TestApp::builder(db).manual_clock().spawn().await;
    let now: DateTime<Utc> = Utc::now().trunc_subsecs(6);
    app.set_clock(now);
    let editor = app.staff(Role::Editor, "Sari Editor").await;
    let mut drafts = Vec::new();
    for n in 0..21 {
        drafts.push(
            editor
                .create(&tests::draft(&format!("Draf Nomor {n}")))
                .await,
        );
    }
    let all: Vec<&Article> = drafts.iter().collect();
    let check = |body: Value, field: &'static str| {
        let (app, token) = (&app, editor.token.clone());
        async move {
            let response = arrange(app, &token, DESK_HOME, Some("*"), &body).await;
            assert_problem(response, 400, ErrorCode::InvalidBody, Some(field)).await;
        }
    };
    // 20 slots, not 21.
    check(slots(&all), "slots").await;
    let response = arrange(
        &app,
        &editor.token,
        DESK_HOME,
        Some("*"),
        &slots(&all[..20]),
    )
    .await;
    assert_eq!(response.status(), 200);
    // Each article once; each id an article's.
    check(slots(&[all[0], all[1], all[0]]), "slots[2].article_id").await;
    // An article that is not there: 409 naming the slot.
    let unknown = json!({"slots": [{"article_id": all[0].id}, {"article_id": "01980000-0000-7000-8000-000000000009"}]});
    let response = arrange(&app, &editor.token, DESK_HOME, Some("*"), &unknown).await;
    assert_problem(
        response,
        409,
        ErrorCode::Conflict,
        Some("slots[1].article_id"),
    )
    .await;
    check(
        json!({"slots": [{"article_id": "nomor-satu"}]}),
        "slots[0].article_id",
    )
    .await;
    check(
        json!({"slots": [{"article_id": all[0].id, "position": 1}]}),
        "slots[0].position",
    )
    .await;
    check(json!({"slot": []}), "slot").await;
    // A slot's end: after now, and at most 366 days ahead, to the microsecond.
    let pinned = |at: DateTime<Utc>| json!({"slots": [{"article_id": all[0].id, "pinned_until": at.to_rfc3339()}]});
    check(pinned(now), "slots[0].pinned_until").await;
    let response = arrange(
        &app,
        &editor.token,
        DESK_HOME,
        Some("*"),
        &pinned(now + Duration::microseconds(1)),
    )
    .await;
    assert_eq!(response.status(), 200);
    let farthest = now + Duration::days(shared::newsroom::MAX_SCHEDULE_DAYS);
    let response = arrange(&app, &editor.token, DESK_HOME, Some("*"), &pinned(farthest)).await;
    assert_eq!(response.status(), 200);
    check(
        pinned(farthest + Duration::microseconds(1)),
        "slots[0].pinned_until",
    )
    .await;
    // Not JSON, no front of that name, not an editor.
    let response = app
        .client
        .put(app.url(DESK_HOME))
        .bearer_auth(&editor.token)
        .header("If-Match", "*")
        .header("Content-Type", "text/plain")
        .body("slots")
        .send()
        .await
        .expect("answers");
    assert_eq!(response.status(), 415);
    let response = arrange(
        &app,
        &editor.token,
        "/api/v1/newsroom/fronts/olahraga",
        Some("*"),
        &slots(&[]),
    )
    .await;
    assert_problem(response, 404, ErrorCode::NotFound, None).await;
    let author = app.staff(Role::Author, "Ani Penulis").await;
    let response = arrange(&app, &author.token, DESK_HOME, Some("*"), &slots(&[])).await;
    assert_problem(response, 403, ErrorCode::Forbidden, None).await;
    // What failed wrote nothing: the last good arrangement stands.
    let desk = staff_front(&app, &author.token, DESK_HOME).await;
    assert_eq!(desk.slots.len(), 1);
    assert_eq!(
        desk.slots[0].pinned_until.map(|t| t.with_timezone(&Utc)),
        Some(farthest)
    );
}

async fn of_concurrent_arrangements_on_one_version_exactly_one_wins(db: Db) {
    let app = TestApp::builder(db).spawn().await;
    let editor = app.staff(Role::Editor, "Sari Editor").await;
    let mut stories = Vec::new();
    for n in 0..8 {
        stories.push(
            editor
                .published(&format!("Berita Serentak {n}"), "internasional")
                .await,
        );
    }
    // Eight editors' saves of the never-arranged front (v0), then eight on v1, at once.
    for version in ["\"v0\"", "\"v1\""] {
        let mut saves = Vec::new();
        for story in &stories {
            let request = app
                .client
                .put(app.url(DESK_HOME))
                .bearer_auth(&editor.token)
                .header("If-Match", version)
                .json(&json!({"slots": [{"article_id": story.id}]}));
            saves.push(tokio::spawn(async move {
                request.send().await.expect("answers").status().as_u16()
            }));
        }
        let mut statuses = Vec::new();
        for save in saves {
            statuses.push(save.await.expect("joined"));
        }
        statuses.sort_unstable();
        assert_eq!(
            statuses,
            [200, 412, 412, 412, 412, 412, 412, 412],
            "on {version}"
        );
    }
    let desk = staff_front(&app, &editor.token, DESK_HOME).await;
    assert_eq!((desk.version, desk.slots.len()), (2, 1));
}

both_databases!(
    of_concurrent_arrangements_on_one_version_exactly_one_wins,
    an_unarranged_front_leads_with_the_newest,
    editors_arrange_and_readers_see_it_at_once,
    a_story_that_stops_being_public_leaves_its_slot,
    a_slot_ends_at_its_time,
    arrangements_are_checked,
);
