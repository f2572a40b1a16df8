//! Import of filed copy: idempotent, updates in place, all or nothing per file.

use serde_json::json;
use shared::newsroom::ArticleInput;
use shared::staff::Role;
use shared::{Article, ArticlePage, ArticleStatus, SectionList, Tag};
use tests::{Db, TestApp, both_databases, filed, spawn_app};

use backend::domain::import::Outcome;

use crate::fixtures::{EKONOMI_JAKARTA, NOT_FILED_COPY, PUTIN_MOSKOW};

const PUTIN: &str = "/api/v1/articles/putin-terima-delegasi-korea-utara-di-moskow";

async fn importing_again_changes_nothing(db: Db) {
    let app = spawn_app(db).await;
    let options = filed("internasional", "id", ArticleStatus::Published);
    let first = app.import("putin-moskow.txt", PUTIN_MOSKOW, &options);
    let before: Article = app.get_json(PUTIN).await;
    let again = app.import("putin-moskow.txt", PUTIN_MOSKOW, &options);
    assert_eq!(first.outcome, backend::domain::import::Outcome::Created);
    assert_eq!(again.outcome, backend::domain::import::Outcome::Unchanged);
    assert_eq!(again.slug, first.slug);
    let after: Article = app.get_json(PUTIN).await;
    assert_eq!(after, before, "not even updated_at or version moves");
    let page: ArticlePage = app.get_json("/api/v1/articles").await;
    assert_eq!(page.pagination.total, 2, "the seed and this one, once");
}

async fn importing_a_revised_file_updates_its_article(db: Db) {
    let app = spawn_app(db).await;
    let options = filed("internasional", "id", ArticleStatus::Published);
    app.import("putin-moskow.txt", PUTIN_MOSKOW, &options);
    let before: Article = app.get_json(PUTIN).await;
    // Loaded, not changed: readers are not told it was updated today.
    assert_eq!(Some(before.updated_at), before.published_at);

    let revised = PUTIN_MOSKOW
        .replace(
            "Judul: Putin Terima Delegasi Korea Utara di Moskow",
            "Judul: Putin Sambut Delegasi Pyongyang",
        )
        .replace("tiga nota kesepahaman", "empat nota kesepahaman");
    let outcome = app.import("putin-moskow.txt", &revised, &options);
    assert_eq!(outcome.outcome, backend::domain::import::Outcome::Updated);

    // A published slug is a public URL: it stays although the headline changed.
    let after: Article = app.get_json(PUTIN).await;
    assert_eq!(after.id, before.id);
    assert_eq!(after.headline, "Putin Sambut Delegasi Pyongyang");
    assert_eq!(after.version, before.version + 1);
    assert!(after.updated_at > before.updated_at);
    assert!(
        after.published_at.is_some_and(|p| after.updated_at > p),
        "a change is an update"
    );
    assert_eq!(after.first_published_at, before.first_published_at);
    assert!(after.body_text.contains("empat nota kesepahaman"));
    let page: ArticlePage = app.get_json("/api/v1/articles").await;
    assert_eq!(page.pagination.total, 2);
}

async fn a_file_not_in_the_format_writes_nothing(db: Db) {
    let app = TestApp::builder(db).empty().spawn().await;
    let error = app
        .try_import(
            "not-filed-copy.txt",
            NOT_FILED_COPY,
            &filed("baru", "id", ArticleStatus::Published),
        )
        .expect_err("no date line");
    let message = error.to_string();
    assert!(
        message.starts_with("line 2: expected a date line"),
        "{message}"
    );
    let page: ArticlePage = app.get_json("/api/v1/articles").await;
    assert!(page.data.is_empty());
    let sections: SectionList = app.get_json("/api/v1/sections").await;
    assert!(sections.data.is_empty(), "not even the section was created");
}

async fn the_seed_loads_only_into_an_empty_database(db: Db) {
    let app = TestApp::builder(db).empty().spawn().await;
    let page: ArticlePage = app.get_json("/api/v1/articles").await;
    assert!(page.data.is_empty(), "seed_on_empty = false");
    // A restart with seeding on finds articles in the database and adds nothing.
    app.import(
        "putin-moskow.txt",
        PUTIN_MOSKOW,
        &filed("internasional", "id", ArticleStatus::Published),
    );
    let mut app = app;
    app.settings.desk.seed_on_empty = true;
    let restarted = app.restart().await;
    let page: ArticlePage = restarted.get_json("/api/v1/articles").await;
    assert_eq!(page.pagination.total, 1);
    assert_eq!(
        page.data[0].slug,
        "putin-terima-delegasi-korea-utara-di-moskow"
    );
}

async fn imports_write_revisions_and_obey_the_newsroom_rules(db: Db) {
    let app = spawn_app(db).await;
    let options = filed("internasional", "id", ArticleStatus::Published);
    app.import("putin-moskow.txt", PUTIN_MOSKOW, &options);
    let revised = PUTIN_MOSKOW.replace("tiga nota", "lima nota");
    app.import("putin-moskow.txt", &revised, &options);
    let editor = app
        .staff_token(shared::staff::Role::Editor, "Sari Editor")
        .await;
    let article: Article = app.get_json(PUTIN).await;
    let revisions: shared::newsroom::RevisionList = app
        .get_authed(
            &format!("/api/v1/newsroom/articles/{}/revisions", article.id),
            &editor,
        )
        .await
        .json()
        .await
        .expect("revisions");
    let history: Vec<(i64, &str, bool)> = revisions
        .data
        .iter()
        .map(|r| (r.version, r.action.as_str(), r.user_id.is_none()))
        .collect();
    assert_eq!(history, [(2, "import", true), (1, "import", true)]);
    // Each keeps the article as that import left it: the first kept when the second
    // superseded it, the newest read as the article now is.
    for (version, count) in [(1, "tiga nota"), (2, "lima nota")] {
        let revision: shared::newsroom::RevisionDetail = app
            .get_authed(
                &format!(
                    "/api/v1/newsroom/articles/{}/revisions/{version}",
                    article.id
                ),
                &editor,
            )
            .await
            .json()
            .await
            .expect("a revision");
        assert!(revision.article.body_text.contains(count), "{version}");
        assert_eq!(revision.article.version, version);
    }

    // The newsroom's limits apply to imports too: a 201-character headline is refused.
    let long = format!("Judul: {}\n13 Juli 2025\nJakarta — Teks.", "x".repeat(201));
    let error = app
        .try_import("terlalu-panjang.txt", &long, &options)
        .expect_err("too long");
    assert!(error.to_string().contains("field `headline`"), "{error}");
    // The field is kept as data, not only in the text.
    assert!(
        matches!(
            &error,
            backend::domain::import::ImportError::Invalid { field, .. } if field == "headline"
        ),
        "{error:?}"
    );
}

/// A batch (one transaction for many files, as `import` runs) keeps its good files
/// when one in the middle is refused, and keeps nothing of the refused one.
async fn a_batch_keeps_its_good_files(db: Db) {
    let app = spawn_app(db).await;
    let options = filed("internasional", "id", ArticleStatus::Published);
    let long = format!(
        "Judul: {}\n13 Juli 2025\nTag: Tag Hantu\nJakarta — Teks.",
        "x".repeat(201)
    );
    let files: Vec<(String, String)> = [
        ("putin-moskow.txt", PUTIN_MOSKOW),
        ("terlalu-panjang.txt", long.as_str()),
        ("bukan-naskah.txt", NOT_FILED_COPY),
        ("ekonomi-jakarta.txt", EKONOMI_JAKARTA),
    ]
    .map(|(name, text)| (name.to_owned(), text.to_owned()))
    .to_vec();
    let results = app.import_batch(&files, &options);
    let outcomes: Vec<Result<Outcome, String>> = results
        .into_iter()
        .map(|r| r.map(|i| i.outcome).map_err(|e| e.to_string()))
        .collect();
    assert_eq!(outcomes[0], Ok(Outcome::Created));
    assert!(
        outcomes[1]
            .as_ref()
            .is_err_and(|e| e.contains("field `headline`")),
        "{outcomes:?}"
    );
    assert!(
        outcomes[2].as_ref().is_err_and(|e| e.contains("line 2")),
        "{outcomes:?}"
    );
    assert_eq!(outcomes[3], Ok(Outcome::Created));
    let page: ArticlePage = app.get_json("/api/v1/articles").await;
    assert_eq!(page.pagination.total, 3, "the seed and the two good files");
    assert_eq!(app.get("/api/v1/tags/tag-hantu").await.status(), 404);
}

/// `global-insight import` works out what a batch's words give (entities, quotes, search
/// terms) while the batch before it is written. An entity added in between is still found
/// in the batch's article, and an editor's standfirst the article keeps is read with the
/// file's new words.
async fn a_batch_read_ahead_is_checked_when_it_is_written(db: Db) {
    let app = spawn_app(db).await;
    let editor = app.staff_token(Role::Editor, "Sari Editor").await;
    let options = filed("internasional", "id", ArticleStatus::Published);
    let text = "Judul: Gubernur Baru Dilantik\n4 Agustus 2025\nPenulis: Ani Lestari\n\
                Jakarta — Gubernur Ratna Kusumawardani dilantik pada Senin.\n";
    let files = vec![("gubernur.txt".to_owned(), text.to_owned())];
    let prepared = app.prepare_import(&files, &options);
    let added = app
        .post_json(
            "/api/v1/newsroom/entities",
            &json!({"name": "Ratna Kusumawardani", "kind": "person"}),
            Some(&editor),
        )
        .await;
    assert_eq!(added.status(), 201);
    let results = app.import_prepared(&files, prepared, &options);
    assert!(matches!(results[..], [Ok(_)]), "{results:?}");
    let path = "/api/v1/articles/gubernur-baru-dilantik";
    let article: Article = app.get_json(path).await;
    let named = |a: &Article| a.entities.iter().any(|e| e.slug == "ratna-kusumawardani");
    assert!(named(&article), "{:?}", article.entities);

    // An editor's standfirst stays when the file is imported again; its names count.
    let standfirst = "Wakil gubernur, Sergei Lavrov, hadir.";
    let input = ArticleInput {
        headline: article.headline.clone(),
        standfirst: Some(standfirst.to_owned()),
        dateline: article.dateline.clone(),
        byline: article.byline.as_ref().map(|b| b.text.clone()),
        section: article.section.slug.clone(),
        tags: article.tags.iter().map(|t| t.name.clone()).collect(),
        language: article.language.clone(),
        body: article.body.clone(),
        ..tests::draft("")
    };
    app.staff(Role::Editor, "Rina Editor")
        .await
        .update(&article, &input)
        .await;
    let revised = text.replace("pada Senin", "pada Senin pagi");
    let files = vec![("gubernur.txt".to_owned(), revised)];
    let prepared = app.prepare_import(&files, &options);
    let results = app.import_prepared(&files, prepared, &options);
    assert!(
        matches!(results[..], [Ok(ref i)] if i.outcome == Outcome::Updated),
        "{results:?}"
    );
    let article: Article = app.get_json(path).await;
    assert_eq!(article.standfirst.as_deref(), Some(standfirst));
    assert!(named(&article), "{:?}", article.entities);
    assert!(
        article.entities.iter().any(|e| e.slug == "sergei-lavrov"),
        "{:?}",
        article.entities
    );
}

/// What a batch did with each of its files, every one of them imported.
fn outcomes_of(
    app: &TestApp,
    files: &[(String, String)],
    options: &backend::domain::import::ImportOptions,
) -> Vec<Outcome> {
    app.import_batch(files, options)
        .into_iter()
        .map(|r| r.expect("imported").outcome)
        .collect()
}

/// A batch writes its articles' entities, quotes and subjects together at its end; a
/// file named twice in one batch is the article the second time, and the revision the
/// second supersedes keeps what the first mentioned. An entity's count follows.
async fn a_batch_may_name_one_file_twice(db: Db) {
    let app = spawn_app(db).await;
    let editor = app.staff_token(Role::Editor, "Sari Editor").await;
    let lavrov = "/api/v1/entities/sergei-lavrov";
    let count = |entity: shared::Entity| entity.article_count;
    let before = count(app.get_json(lavrov).await);
    let options = filed("internasional", "id", ArticleStatus::Published);
    let files: Vec<(String, String)> = [
        PUTIN_MOSKOW.to_owned(),
        PUTIN_MOSKOW.replace("Sergei Lavrov", "seorang pejabat"),
    ]
    .map(|text| ("putin-moskow.txt".to_owned(), text))
    .to_vec();
    let outcomes = outcomes_of(&app, &files, &options);
    assert_eq!(outcomes, [Outcome::Created, Outcome::Updated]);
    let article: Article = app.get_json(PUTIN).await;
    let names =
        |a: &Article| -> Vec<String> { a.entities.iter().map(|e| e.slug.clone()).collect() };
    assert!(!names(&article).contains(&"sergei-lavrov".to_owned()));
    assert!(names(&article).contains(&"vladimir-putin".to_owned()));
    assert_eq!(count(app.get_json(lavrov).await), before);
    let first: shared::newsroom::RevisionDetail = app
        .get_authed(
            &format!("/api/v1/newsroom/articles/{}/revisions/1", article.id),
            &editor,
        )
        .await
        .json()
        .await
        .expect("a revision");
    assert!(
        names(&first.article).contains(&"sergei-lavrov".to_owned()),
        "{:?}",
        first.article.entities
    );
}

/// A batch writes its new articles' links to authors and tags together at its end: a
/// file given twice unchanged in one batch is still unchanged the second time (its
/// links were compared, not missed), and the article has each author and tag once.
/// The second batch of the same files finds one tag and author per name, not a new one.
async fn a_file_given_twice_unchanged_in_one_batch_is_unchanged(db: Db) {
    let app = spawn_app(db).await;
    let options = filed("internasional", "id", ArticleStatus::Published);
    let files: Vec<(String, String)> = [PUTIN_MOSKOW, PUTIN_MOSKOW]
        .map(|text| ("sama.txt".to_owned(), text.to_owned()))
        .to_vec();
    let outcomes = outcomes_of(&app, &files, &options);
    assert_eq!(outcomes, [Outcome::Created, Outcome::Unchanged]);
    let article: Article = app.get_json(PUTIN).await;
    assert_eq!(article.version, 1);
    let tags: Vec<&str> = article.tags.iter().map(|t| t.slug.as_str()).collect();
    assert_eq!(tags, ["korea-utara", "rusia"]);
    let byline = article.byline.expect("a byline");
    let authors: Vec<&str> = byline.authors.iter().map(|a| a.slug.as_str()).collect();
    assert_eq!(authors, ["ani-lestari", "budi-santoso"]);
    let rusia = "/api/v1/tags/rusia";
    let before = app.get_json::<Tag>(rusia).await.article_count;
    // Another file of the same tags and authors, in a batch of its own: the same rows.
    let other = vec![(
        "lain.txt".to_owned(),
        PUTIN_MOSKOW.replace("Putin Terima Delegasi", "Delegasi Diterima Putin"),
    )];
    let outcomes = outcomes_of(&app, &other, &options);
    assert_eq!(outcomes, [Outcome::Created]);
    assert_eq!(app.get_json::<Tag>(rusia).await.article_count, before + 1);
}

/// The tidying up after a large import (on PostgreSQL the counters' tables rewritten —
/// `VACUUM FULL`, which no transaction may hold — and the statistics made) runs on a
/// database in use and changes no answer: the sections' counts, and the lists counted
/// by month, by section and by dates.
async fn finishing_a_bulk_import_changes_no_count(db: Db) {
    let app = spawn_app(db).await;
    let options = filed("internasional", "id", ArticleStatus::Published);
    let files: Vec<(String, String)> = [
        ("putin-moskow.txt", PUTIN_MOSKOW),
        ("ekonomi-jakarta.txt", EKONOMI_JAKARTA),
    ]
    .map(|(name, text)| (name.to_owned(), text.to_owned()))
    .to_vec();
    assert!(app.import_batch(&files, &options).iter().all(Result::is_ok));
    let lists = [
        "/api/v1/articles",
        "/api/v1/articles?section=internasional",
        "/api/v1/articles?from=2025-07-01&to=2025-07-31",
        "/api/v1/articles?section=internasional&from=2025-08-01",
    ];
    let answers = async || {
        let mut totals = Vec::new();
        for list in lists {
            totals.push(app.get_json::<ArticlePage>(list).await.pagination.total);
        }
        let sections: SectionList = app.get_json("/api/v1/sections").await;
        let counts: Vec<(String, u64)> = sections
            .data
            .into_iter()
            .map(|s| (s.slug, s.article_count))
            .collect();
        (totals, counts)
    };
    let before = answers().await;
    assert_eq!(before.0, [3, 3, 2, 1], "the seed and the two files");
    app.finish_bulk_writes();
    assert_eq!(answers().await, before);
}

both_databases!(
    finishing_a_bulk_import_changes_no_count,
    a_batch_may_name_one_file_twice,
    a_file_given_twice_unchanged_in_one_batch_is_unchanged,
    a_batch_read_ahead_is_checked_when_it_is_written,
    a_batch_keeps_its_good_files,
    imports_write_revisions_and_obey_the_newsroom_rules,
    importing_again_changes_nothing,
    importing_a_revised_file_updates_its_article,
    a_file_not_in_the_format_writes_nothing,
    the_seed_loads_only_into_an_empty_database,
);
