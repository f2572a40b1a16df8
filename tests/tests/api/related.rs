//! `GET /articles/{slug}/related`: public stories ranked by what they share with the
//! article — entities, tags, subjects, the section — weighed by recency.

use chrono::{Duration, SubsecRound as _, Utc};
use shared::newsroom::ArticleInput;
use shared::staff::Role;
use shared::{ArticleList, Block, ErrorCode};
use tests::{Db, Staff, TestApp, assert_problem, both_databases};

fn story(headline: &str, section: &str, tags: &[&str], text: &str) -> ArticleInput {
    ArticleInput {
        section: section.into(),
        tags: tags.iter().map(|t| (*t).to_owned()).collect(),
        body: vec![Block::paragraph(text)],
        ..tests::draft(headline)
    }
}

async fn publish(editor: &Staff<'_>, input: &ArticleInput) -> shared::Article {
    editor.publish(&editor.create(input).await).await
}

async fn related(app: &TestApp, slug: &str, query: &str) -> Vec<String> {
    let list: ArticleList = app
        .get_json(&format!("/api/v1/articles/{slug}/related{query}"))
        .await;
    list.data.into_iter().map(|a| a.slug).collect()
}

async fn the_closest_stories_come_first_and_the_newer_before_the_older(db: Db) {
    let app = TestApp::builder(db).empty().manual_clock().spawn().await;
    crate::newsroom(&app);
    let now = Utc::now().trunc_subsecs(6);
    let editor = app.staff(Role::Editor, "Sari Editor").await;
    let korea = "Kim Jong Un menerima Vladimir Putin di Pyongyang, Korea Utara.";
    // A month earlier: the same links as the closest story, older.
    app.set_clock(now - Duration::days(30));
    let older = publish(
        &editor,
        &story(
            "Pertemuan Lama di Pyongyang",
            "internasional",
            &["Korea Utara", "Rusia"],
            korea,
        ),
    )
    .await;
    app.set_clock(now);
    let base = publish(
        &editor,
        &story(
            "Putin Kembali ke Pyongyang",
            "internasional",
            &["Korea Utara", "Rusia"],
            korea,
        ),
    )
    .await;
    let closest = publish(
        &editor,
        &story(
            "Kerja Sama Baru Pyongyang",
            "internasional",
            &["Korea Utara", "Rusia"],
            korea,
        ),
    )
    .await;
    let one_tag = publish(
        &editor,
        &story(
            "Ekonomi Rusia Melambat",
            "ekonomi",
            &["Rusia"],
            "Harga minyak turun.",
        ),
    )
    .await;
    let unrelated = publish(
        &editor,
        &story(
            "Panen Raya di Jawa Tengah",
            "ekonomi",
            &["Pertanian"],
            "Petani memanen padi.",
        ),
    )
    .await;

    let ranked = related(&app, &base.slug, "?limit=20").await;
    let position = |slug: &str| ranked.iter().position(|s| s == slug);
    assert_eq!(position(&closest.slug), Some(0), "{ranked:?}");
    assert!(
        position(&older.slug) > position(&closest.slug),
        "{ranked:?}"
    );
    assert!(position(&one_tag.slug).is_some(), "{ranked:?}");
    assert_eq!(position(&unrelated.slug), None, "{ranked:?}");
    assert_eq!(position(&base.slug), None, "not itself");
    // The default is six; `limit` from 1 to 20.
    assert!(related(&app, &base.slug, "").await.len() <= 6);
    assert_eq!(
        related(&app, &base.slug, "?limit=1").await,
        [closest.slug.as_str()]
    );
    for wrong in ["0", "21", "x"] {
        let response = app
            .get(&format!(
                "/api/v1/articles/{}/related?limit={wrong}",
                base.slug
            ))
            .await;
        assert_problem(response, 400, ErrorCode::InvalidParameter, Some("limit")).await;
    }
    // Only public stories, of a public story.
    let draft = editor
        .create(&story(
            "Draf Pyongyang",
            "internasional",
            &["Korea Utara", "Rusia"],
            korea,
        ))
        .await;
    assert!(
        !related(&app, &base.slug, "?limit=20")
            .await
            .contains(&draft.slug)
    );
    let response = app
        .get(&format!("/api/v1/articles/{}/related", draft.slug))
        .await;
    assert_problem(response, 404, ErrorCode::NotFound, None).await;
    // The reader's page shows the closest first in its related box.
    let page = app
        .get(&format!("/artikel/{}", base.slug))
        .await
        .text()
        .await
        .expect("page");
    let aside = page
        .split("class=\"related\"")
        .nth(1)
        .expect("a related box");
    assert!(
        aside.find(&closest.headline) < aside.find(&one_tag.headline).or(Some(usize::MAX)),
        "{aside}"
    );
}

both_databases!(the_closest_stories_come_first_and_the_newer_before_the_older);

/// Stories that share only entities with the article (another section, no tag): ranked
/// by how many they share, public ones only, a scheduled one from its time on. (The
/// newsroom's own stories, of the article's section, rank among them as they do.)
async fn stories_sharing_only_entities_rank_by_how_many(db: Db) {
    let app = TestApp::builder(db).empty().manual_clock().spawn().await;
    crate::newsroom(&app);
    let now = Utc::now().trunc_subsecs(6);
    app.set_clock(now);
    let editor = app.staff(Role::Editor, "Sari Editor").await;
    let base = publish(
        &editor,
        &story(
            "Putin Bertemu Kim",
            "internasional",
            &[],
            "Kim Jong Un menerima Vladimir Putin di Pyongyang.",
        ),
    )
    .await;
    let three = "Kim Jong Un dan Vladimir Putin membahas perdagangan di Pyongyang.";
    let all_three = publish(&editor, &story("Dagang Dua Negara", "ekonomi", &[], three)).await;
    let one = publish(
        &editor,
        &story(
            "Harga Minyak Dunia",
            "ekonomi",
            &[],
            "Vladimir Putin membahas harga minyak.",
        ),
    )
    .await;
    let withdrawn = publish(&editor, &story("Dagang Ditarik", "ekonomi", &[], three)).await;
    editor.unpublish(&withdrawn).await;
    let binned = publish(&editor, &story("Dagang Dibuang", "ekonomi", &[], three)).await;
    editor.bin(&binned).await;
    let later = editor
        .create(&story("Dagang Esok Hari", "ekonomi", &[], three))
        .await;
    editor
        .schedule(&later, (now + Duration::days(1)).fixed_offset())
        .await;

    // Published in the clock's very second, and a day later.
    for (clock, expected) in [
        (now, vec![all_three.slug.clone(), one.slug.clone()]),
        (
            now + Duration::days(1),
            vec![later.slug.clone(), all_three.slug.clone(), one.slug.clone()],
        ),
    ] {
        app.set_clock(clock);
        let mut ranked = related(&app, &base.slug, "?limit=20").await;
        let ours = [&all_three, &one, &withdrawn, &binned, &later].map(|a| &a.slug);
        ranked.retain(|slug| ours.contains(&slug));
        assert_eq!(ranked, expected);
        assert_eq!(related(&app, &base.slug, "?limit=1").await, expected[..1]);
    }
}

both_databases!(stories_sharing_only_entities_rank_by_how_many);
