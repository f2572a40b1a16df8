//! Sections, tags and authors with their published-article counts.

use chrono::{Duration, SubsecRound as _, Utc};
use serde_json::json;
use shared::newsroom::ArticleInput;
use shared::staff::Role;
use shared::{Article, Author, AuthorKind, AuthorPage, Block, Section, SectionList, Tag, TagPage};
use tests::{Db, TestApp, both_databases, spawn_app};

use crate::newsroom;

async fn sections_with_counts(db: Db) {
    let app = spawn_app(db).await;
    newsroom(&app);
    let sections: SectionList = app.get_json("/api/v1/sections").await;
    let counts: Vec<(&str, &str, u64)> = sections
        .data
        .iter()
        .map(|s| (s.slug.as_str(), s.name.as_str(), s.article_count))
        .collect();
    // The draft in `internasional` is not counted.
    assert_eq!(
        counts,
        [
            ("ekonomi", "Ekonomi", 1),
            ("internasional", "Internasional", 3)
        ]
    );
    let section: Section = app.get_json("/api/v1/sections/internasional").await;
    assert_eq!(section.article_count, 3);
}

async fn tags_with_counts_and_no_draft_tags(db: Db) {
    let app = spawn_app(db).await;
    newsroom(&app);
    let tags: TagPage = app.get_json("/api/v1/tags").await;
    let names: Vec<(&str, u64)> = tags
        .data
        .iter()
        .map(|t| (t.slug.as_str(), t.article_count))
        .collect();
    assert_eq!(
        names,
        [
            ("jepang", 1),
            ("korea-utara", 1),
            ("rupiah", 1),
            ("rusia", 1)
        ]
    );
    assert_eq!(tags.pagination.total, 4);
    let tag: Tag = app.get_json("/api/v1/tags/korea-utara").await;
    assert_eq!((tag.name.as_str(), tag.article_count), ("Korea Utara", 1));
    // Only a draft carries this tag: it does not exist for the public.
    assert_eq!(app.get("/api/v1/tags/rahasia-embargo").await.status(), 404);

    let second: TagPage = app.get_json("/api/v1/tags?per_page=3&page=2").await;
    assert_eq!(second.data.len(), 1);
    assert_eq!(second.pagination.total_pages, 2);
}

async fn authors_with_counts_and_no_draft_authors(db: Db) {
    let app = spawn_app(db).await;
    newsroom(&app);
    let authors: AuthorPage = app.get_json("/api/v1/authors").await;
    let names: Vec<(&str, AuthorKind, u64)> = authors
        .data
        .iter()
        .map(|a| (a.slug.as_str(), a.kind, a.article_count))
        .collect();
    assert_eq!(
        names,
        [
            ("ani-lestari", AuthorKind::Person, 1),
            ("budi-santoso", AuthorKind::Person, 1),
            ("citra-dewi", AuthorKind::Person, 1),
            ("global-insight-desk", AuthorKind::Desk, 1),
            ("redaksi-global-insight", AuthorKind::Desk, 1),
        ]
    );
    let desk: Author = app.get_json("/api/v1/authors/redaksi-global-insight").await;
    assert_eq!(
        (desk.name.as_str(), desk.article_count),
        ("Redaksi Global Insight", 1)
    );
    assert_eq!(app.get("/api/v1/authors/dewi-rahasia").await.status(), 404);
}

/// The public counts of a section, a tag, an author and an entity (0 when the public
/// does not see it), as a reader asks for them; each also the total of the article
/// list filtered by it.
async fn counts(app: &TestApp) -> [u64; 4] {
    let mut counts = [0; 4];
    for (i, (kind, path)) in [
        ("section", "/api/v1/sections/ekonomi"),
        ("tag", "/api/v1/tags/panen-raya"),
        ("author", "/api/v1/authors/ratna-sari"),
        ("entity", "/api/v1/entities/jawa-tengah"),
    ]
    .into_iter()
    .enumerate()
    {
        let response = app.get(path).await;
        if response.status() == 200 {
            let body: serde_json::Value = response.json().await.expect("json");
            counts[i] = body["article_count"].as_u64().expect("a count");
        } else {
            assert_eq!(response.status(), 404, "{path}");
        }
        let slug = path.rsplit('/').next().unwrap_or_default();
        let list: serde_json::Value = app
            .get_json(&format!("/api/v1/articles?{kind}={slug}&per_page=1"))
            .await;
        assert_eq!(
            list["pagination"]["total"].as_u64(),
            Some(counts[i]),
            "{kind}"
        );
    }
    counts
}

/// The counts are kept as articles change (triggers, not a count over the archive on
/// each read): every change that adds an article to what the public sees or takes it
/// away moves them, and a scheduled story counts from its time on, with no write then.
/// At the end the kept counts equal a count of the articles themselves.
async fn counts_follow_every_change(db: Db) {
    let app = TestApp::builder(db).manual_clock().spawn().await;
    let now = Utc::now().trunc_subsecs(6);
    app.set_clock(now);
    let editor = app.staff(Role::Editor, "Sari Editor").await;
    let story = |section: &str, tag: &str| ArticleInput {
        section: section.into(),
        tags: vec![tag.to_owned()],
        byline: Some("Ratna Sari".into()),
        body: vec![Block::paragraph(
            "Petani di Jawa Tengah memanen padi lebih awal.",
        )],
        ..tests::draft("Panen Raya Dimulai")
    };
    newsroom(&app);
    let before = counts(&app).await;
    // What the changes below add to the newsroom's stories.
    let added = |now: [u64; 4]| std::array::from_fn::<u64, 4, _>(|i| now[i] - before[i]);

    let draft = editor.create(&story("ekonomi", "Panen Raya")).await;
    assert_eq!(added(counts(&app).await), [0; 4], "a draft is not counted");
    let article = editor.publish(&draft).await;
    assert_eq!(added(counts(&app).await), [1; 4], "published");

    // Another section and tag: the old ones lose it (what the new ones gain is in the
    // recount against the articles at the end).
    let article = editor
        .update(&article, &story("internasional", "Pertanian"))
        .await;
    assert_eq!(added(counts(&app).await), [0, 0, 1, 1], "moved");
    let article = editor
        .update(&article, &story("ekonomi", "Panen Raya"))
        .await;
    assert_eq!(added(counts(&app).await), [1; 4], "moved back");

    // The entity taken off by an editor, then given back.
    let set = |article: &Article, body: serde_json::Value| {
        app.client
            .put(app.url(&format!(
                "/api/v1/newsroom/articles/{}/entities",
                article.id
            )))
            .bearer_auth(&editor.token)
            .header("If-Match", format!("\"v{}\"", article.version))
            .json(&body)
            .send()
    };
    let response = set(&article, json!({"include": [], "exclude": ["jawa-tengah"]}))
        .await
        .expect("response");
    assert_eq!(response.status(), 200);
    let article: Article = response.json().await.expect("article");
    assert_eq!(added(counts(&app).await), [1, 1, 1, 0], "entity excluded");
    let response = set(&article, json!({"include": [], "exclude": []}))
        .await
        .expect("response");
    assert_eq!(response.status(), 200);
    let article: Article = response.json().await.expect("article");
    assert_eq!(added(counts(&app).await), [1; 4], "entity back");

    let article = editor.unpublish(&article).await;
    assert_eq!(added(counts(&app).await), [0; 4], "unpublished");
    // Scheduled: not counted before its time, counted after it with no write between.
    let article = editor
        .schedule(&article, (now + Duration::hours(1)).fixed_offset())
        .await;
    assert_eq!(added(counts(&app).await), [0; 4], "scheduled, not due");
    app.set_clock(now + Duration::hours(2));
    assert_eq!(added(counts(&app).await), [1; 4], "due");

    // Deleted, then restored.
    let path = format!("/api/v1/newsroom/articles/{}", article.id);
    let response = app
        .client
        .delete(app.url(&path))
        .bearer_auth(&editor.token)
        .header("If-Match", format!("\"v{}\"", article.version))
        .send()
        .await
        .expect("response");
    assert_eq!(response.status(), 200);
    assert_eq!(added(counts(&app).await), [0; 4], "deleted");
    let response = app
        .client
        .post(app.url(&format!("{path}/restore")))
        .bearer_auth(&editor.token)
        .header("If-Match", format!("\"v{}\"", article.version + 1))
        .send()
        .await
        .expect("response");
    assert_eq!(response.status(), 200);
    assert_eq!(added(counts(&app).await), [1; 4], "restored");

    // Every kept count against a count of the articles themselves: after the API's
    // changes, and after changes made in SQL (which the API's paths, rewriting the
    // links on each change, do not go through): the article taken out of the public's
    // view in place, then deleted for good.
    let (mut conn, _) = app.connection();
    let in_sql = [
        String::new(),
        format!(
            "UPDATE articles SET status = 'draft' WHERE id = '{}'",
            article.id
        ),
        format!(
            "UPDATE articles SET status = 'published' WHERE id = '{}'",
            article.id
        ),
        format!("DELETE FROM articles WHERE id = '{}'", article.id),
    ];
    for change in in_sql {
        use diesel::RunQueryDsl as _;
        if !change.is_empty() {
            diesel::sql_query(&change)
                .execute(&mut **conn)
                .expect("changed");
        }
        assert_eq!(
            drift(&mut conn),
            [0; 4],
            "kept counts that are not the articles' after {change:?}"
        );
    }
}

/// Sections, tags, authors and entities whose kept count is not a count of their
/// listed articles.
fn drift(conn: &mut backend::db::DbConnection) -> [i64; 4] {
    use diesel::RunQueryDsl as _;
    #[derive(diesel::QueryableByName)]
    struct Drift {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    let listed = "a.deleted_at IS NULL AND a.status IN ('published', 'scheduled') \
                  AND a.published_at IS NOT NULL";
    [
        ("sections", format!("SELECT count(*) FROM articles a WHERE a.section_id = k.id AND {listed}")),
        ("tags", format!("SELECT count(*) FROM article_tags l JOIN articles a ON a.id = l.article_id WHERE l.tag_id = k.id AND {listed}")),
        ("authors", format!("SELECT count(*) FROM article_authors l JOIN articles a ON a.id = l.article_id WHERE l.author_id = k.id AND {listed}")),
        ("entities", format!("SELECT count(*) FROM article_entities l JOIN articles a ON a.seq = l.article_seq WHERE l.entity_seq = k.seq AND {listed}")),
    ]
    .map(|(kind, recount)| {
        diesel::sql_query(format!(
            "SELECT count(*) AS n FROM {kind} k WHERE k.listed_articles <> ({recount})"
        ))
        .get_result::<Drift>(conn)
        .expect("counted")
        .n
    })
}

both_databases!(
    sections_with_counts,
    tags_with_counts_and_no_draft_tags,
    authors_with_counts_and_no_draft_authors,
    counts_follow_every_change,
);
