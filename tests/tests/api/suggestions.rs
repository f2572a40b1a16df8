//! Names the gazetteer lacks: recognised in copy never seen before, suggested to the
//! newsroom, not public until an editor accepts or merges them, and never suggested
//! again once rejected.

use serde_json::json;
use shared::staff::Role;
use shared::{
    Article, ArticleStatus, Entity, EntityKind, EntitySuggestion, EntitySuggestionList, ErrorCode,
    FoundBy, RejectedNameList,
};
use tests::{Db, TestApp, assert_problem, both_databases, filed, spawn_app};

const UDANG: &str = include_str!("../../fixtures/udang-wto.txt");

fn slugs_of(article: &Article) -> Vec<&str> {
    article.entities.iter().map(|e| e.slug.as_str()).collect()
}

async fn suggestions(app: &TestApp, token: &str, article: &Article) -> Vec<EntitySuggestion> {
    let response = app
        .get_authed(
            &format!("/api/v1/newsroom/articles/{}/suggestions", article.id),
            token,
        )
        .await;
    assert_eq!(response.status(), 200);
    assert_eq!(
        tests::header(response.headers(), "cache-control"),
        "private, no-cache"
    );
    let list: EntitySuggestionList = response.json().await.expect("suggestions");
    list.data
}

fn named<'a>(list: &'a [EntitySuggestion], name: &str) -> Option<&'a EntitySuggestion> {
    list.iter().find(|s| s.name == name)
}

async fn public(app: &TestApp, slug: &str) -> Article {
    app.get_json(&format!("/api/v1/articles/{slug}")).await
}

async fn an_unseen_story_is_recognised_and_its_new_names_wait_for_an_editor(db: Db) {
    let app = spawn_app(db).await;
    let editor = app.staff_token(Role::Editor, "Sari Editor").await;
    let imported = app.import(
        "udang-wto.txt",
        UDANG,
        &filed("internasional", "id", ArticleStatus::Published),
    );
    let article = public(&app, &imported.slug).await;
    // What the open-data gazetteer knows: the president, the ministry, the WTO by its
    // Indonesian name and acronym, the palace, two provinces and a regency.
    for slug in [
        "prabowo-subianto",
        "kementerian-perdagangan",
        "organisasi-perdagangan-dunia",
        "istana-merdeka",
        "jawa-timur",
        "lampung",
        "kabupaten-banyuwangi",
        "jakarta",
    ] {
        assert!(
            slugs_of(&article).contains(&slug),
            "{slug} in {:?}",
            slugs_of(&article)
        );
    }
    let wto = article
        .entities
        .iter()
        .find(|e| e.slug == "organisasi-perdagangan-dunia")
        .expect("the WTO");
    assert_eq!(
        (wto.kind, wto.mentions),
        (EntityKind::Organisation, 3),
        "name, acronym, headline"
    );

    // What it does not know is suggested, with its evidence; nothing of it is public.
    let list = suggestions(&app, &editor, &article).await;
    let minister = named(&list, "Arief Wicaksono").expect("the minister in the quote block");
    assert_eq!(
        (minister.kind, minister.found_by),
        (EntityKind::Person, FoundBy::Title)
    );
    let coalition = named(&list, "Koalisi Nelayan Tradisional Nusantara").expect("the NGO");
    assert_eq!(
        (coalition.kind, coalition.found_by),
        (EntityKind::Organisation, FoundBy::Acronym)
    );
    let acronym = named(&list, "KNTN").expect("its acronym");
    assert_eq!(
        (acronym.kind, acronym.mentions),
        (EntityKind::Organisation, 2)
    );
    let spokesperson = named(&list, "Rosdiana Manurung").expect("the NGO's secretary-general");
    assert_eq!(spokesperson.kind, EntityKind::Person);
    let farmer = named(&list, "Sulastri Handoko").expect("the farmer");
    assert_eq!(
        (farmer.kind, farmer.mentions),
        (EntityKind::Person, 2),
        "`Sulastri` alone is the same person"
    );
    let names: Vec<&str> = article.entities.iter().map(|e| e.name.as_str()).collect();
    assert!(!names.contains(&"Arief Wicaksono"), "{names:?}");
    let missing = app.get("/api/v1/entities/arief-wicaksono").await;
    assert_eq!(missing.status(), 404);

    // Accepted: an entity, public at once, no longer suggested.
    let accepted = app
        .post_json(
            "/api/v1/newsroom/entities",
            &json!({"name": "Arief Wicaksono", "kind": "person"}),
            Some(&editor),
        )
        .await;
    assert_eq!(accepted.status(), 201);
    let coalition = app
        .post_json(
            "/api/v1/newsroom/entities",
            &json!({"name": "Koalisi Nelayan Tradisional Nusantara", "kind": "organisation"}),
            Some(&editor),
        )
        .await;
    assert_eq!(coalition.status(), 201);
    // Merged: the acronym is the coalition's name too.
    let merged = app
        .post_json(
            "/api/v1/newsroom/entities/koalisi-nelayan-tradisional-nusantara/aliases",
            &json!({"alias": "KNTN"}),
            Some(&editor),
        )
        .await;
    assert_eq!(merged.status(), 200);
    let merged: Entity = merged.json().await.expect("the entity");
    assert_eq!(
        merged.aliases,
        ["Koalisi Nelayan Tradisional Nusantara", "KNTN"]
    );
    let again = app
        .post_json(
            "/api/v1/newsroom/entities/koalisi-nelayan-tradisional-nusantara/aliases",
            &json!({"alias": "KNTN"}),
            Some(&editor),
        )
        .await;
    assert_eq!(again.status(), 200, "a name it has already changes nothing");

    let article = public(&app, &imported.slug).await;
    let minister = article
        .entities
        .iter()
        .find(|e| e.slug == "arief-wicaksono")
        .expect("accepted, public");
    assert_eq!(minister.kind, EntityKind::Person);
    let coalition = article
        .entities
        .iter()
        .find(|e| e.slug == "koalisi-nelayan-tradisional-nusantara")
        .expect("accepted, public");
    assert_eq!(coalition.mentions, 3, "its name once, its acronym twice");
    let list = suggestions(&app, &editor, &article).await;
    for gone in [
        "Arief Wicaksono",
        "Koalisi Nelayan Tradisional Nusantara",
        "KNTN",
    ] {
        assert!(
            named(&list, gone).is_none(),
            "{gone} still suggested: {list:?}"
        );
    }

    // Rejected: gone from this article's suggestions, and never suggested again.
    let rejected = app
        .post_json(
            "/api/v1/newsroom/rejected-names",
            &json!({"name": "sulastri  handoko"}),
            Some(&editor),
        )
        .await;
    assert_eq!(rejected.status(), 201);
    let list = suggestions(&app, &editor, &article).await;
    assert!(named(&list, "Sulastri Handoko").is_none(), "{list:?}");
    assert!(
        named(&list, "Rosdiana Manurung").is_some(),
        "the others stay"
    );
    let later = app
        .create_article(
            &editor,
            &json!({"headline": "Petambak Banyuwangi Panen Lagi", "section": "internasional",
                    "language": "id", "byline": "Tim Global Insight",
                    "body": [{"type": "paragraph",
                              "text": "Petambak Sulastri Handoko mengatakan panen kali ini lebih baik."}]}),
        )
        .await;
    assert!(
        named(
            &suggestions(&app, &editor, &later).await,
            "Sulastri Handoko"
        )
        .is_none()
    );
    let listed: RejectedNameList = app
        .get_authed("/api/v1/newsroom/rejected-names", &editor)
        .await
        .json()
        .await
        .expect("rejected names");
    assert_eq!(listed.data.len(), 1);
    assert_eq!(listed.data[0].name, "sulastri  handoko".trim());
}

async fn decisions_are_checked(db: Db) {
    let app = spawn_app(db).await;
    let editor = app.staff_token(Role::Editor, "Sari Editor").await;
    let post = |path: &'static str, body: serde_json::Value| {
        let app = &app;
        let editor = editor.clone();
        async move { app.post_json(path, &body, Some(&editor)).await }
    };
    let empty = post("/api/v1/newsroom/rejected-names", json!({"name": "  "})).await;
    assert_problem(empty, 400, ErrorCode::InvalidBody, Some("name")).await;
    let first = post(
        "/api/v1/newsroom/rejected-names",
        json!({"name": "Bukan Nama"}),
    )
    .await;
    assert_eq!(first.status(), 201);
    let twice = post(
        "/api/v1/newsroom/rejected-names",
        json!({"name": "bukan nama"}),
    )
    .await;
    assert_problem(twice, 409, ErrorCode::Conflict, None).await;
    let typo = post("/api/v1/newsroom/rejected-names", json!({"nama": "X"})).await;
    assert_eq!(typo.status(), 400);

    let taken = post(
        "/api/v1/newsroom/entities/korea-selatan/aliases",
        json!({"alias": "Korut"}),
    )
    .await;
    assert_problem(taken, 409, ErrorCode::Conflict, None).await;
    let unknown = post(
        "/api/v1/newsroom/entities/atlantis/aliases",
        json!({"alias": "X"}),
    )
    .await;
    assert_problem(unknown, 404, ErrorCode::NotFound, None).await;
    let long = post(
        "/api/v1/newsroom/entities/korea-selatan/aliases",
        json!({"alias": "K".repeat(201)}),
    )
    .await;
    assert_problem(long, 400, ErrorCode::InvalidBody, Some("alias")).await;
    let longest = post(
        "/api/v1/newsroom/entities/korea-selatan/aliases",
        json!({"alias": "K".repeat(200)}),
    )
    .await;
    assert_eq!(longest.status(), 200, "200 characters is the limit");
}

both_databases!(
    an_unseen_story_is_recognised_and_its_new_names_wait_for_an_editor,
    decisions_are_checked,
);
