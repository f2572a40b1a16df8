//! Author profiles: an author keeps their own (job title, bio, photo from the library,
//! links, language), editors keep anyone's; readers get them on the author page (with
//! `ProfilePage` JSON-LD), in bylines (`job_title`, JSON-LD `jobTitle`) and in ninjs
//! (`people` with `rel` `author`); what is not a profile is refused naming the field.

use serde_json::{Value, json};
use shared::staff::{Role, StaffUser};
use shared::{Article, Author, ErrorCode};
use tests::{Db, TestApp, assert_problem, both_databases, header};

use crate::media::{form, upload};

async fn patch(app: &TestApp, token: &str, slug: &str, body: Value) -> reqwest::Response {
    app.client
        .patch(app.url(&format!("/api/v1/newsroom/authors/{slug}")))
        .bearer_auth(token)
        .json(&body)
        .send()
        .await
        .expect("answers")
}

async fn own_slug(app: &TestApp, token: &str) -> String {
    let me: StaffUser = app
        .get_authed("/api/v1/auth/me", token)
        .await
        .json()
        .await
        .expect("an account");
    me.author.expect("a profile").slug
}

async fn an_author_keeps_their_profile_and_readers_see_it(db: Db) {
    let app = TestApp::builder(db)
        .configure(|s| s.web.public_url = Some("https://berita.example".into()))
        .spawn()
        .await;
    let editor = app.staff(Role::Editor, "Sari Editor").await;
    let author = app.staff(Role::Author, "Dewi Lestari").await;
    let slug = own_slug(&app, &author.token).await;
    let input = shared::newsroom::ArticleInput {
        byline: Some("Dewi Lestari".into()),
        ..tests::draft("Banjir Besar Melanda Jakarta")
    };
    let story = editor.publish(&author.create(&input).await).await;
    let uploaded = upload(
        &app,
        &author.token,
        form(
            tests::photo(800, 1000, 7),
            &[("alt", "Dewi Lestari di ruang redaksi")],
        ),
    )
    .await;
    assert_eq!(uploaded.status(), 201);
    let photo: shared::media::Image = uploaded.json().await.expect("an image");
    app.render_media();

    let response = patch(
        &app,
        &author.token,
        &slug,
        json!({
            "job_title": "Koresponden Jakarta",
            "bio": "Dewi meliput banjir dan tata kota sejak 2018.",
            "photo": photo.id.to_string(),
            "links": [
                {"kind": "x", "url": "https://x.com/dewilestari"},
                {"kind": "website", "url": "https://dewi.example/tulisan"}
            ],
            "language": "id"
        }),
    )
    .await;
    assert_eq!(response.status(), 200);
    assert_eq!(header(response.headers(), "cache-control"), "no-store");
    let saved: Author = response.json().await.expect("the profile");
    assert_eq!(saved.job_title.as_deref(), Some("Koresponden Jakarta"));

    // The public author, as readers and partners get it.
    let public: Author = app.get_json(&format!("/api/v1/authors/{slug}")).await;
    assert_eq!(public, saved);
    assert_eq!(
        (
            public.language.as_deref(),
            public.links.len(),
            public.article_count
        ),
        (Some("id"), 2, 1)
    );
    let shown = *public.photo.expect("the photo");
    assert_eq!(shown.id, photo.id);
    assert_eq!(
        shown.alt.as_deref(),
        Some("Dewi Lestari"),
        "named by the author's name"
    );
    assert!(
        shown.renditions.iter().any(|r| r.url.contains("1x1")),
        "{:?}",
        shown.renditions
    );

    // In the byline and what it says to machines.
    let article: Article = app
        .get_json(&format!("/api/v1/articles/{}", story.slug))
        .await;
    let byline = article.byline.expect("a byline");
    assert_eq!(
        byline.authors[0].job_title.as_deref(),
        Some("Koresponden Jakarta")
    );
    let ninjs: Value = app
        .get(&format!("/api/v1/articles/{}?format=ninjs", story.slug))
        .await
        .json()
        .await
        .expect("ninjs");
    let validator = crate::formats::ninjs_validator();
    assert!(validator.is_valid(&ninjs), "{ninjs}");
    assert!(
        ninjs["people"]
            .as_array()
            .expect("people")
            .contains(&json!({
                "name": "Dewi Lestari", "rel": "author", "literal": slug,
                "uri": format!("https://berita.example/penulis/{slug}")
            })),
        "{}",
        ninjs["people"]
    );
    let ld: Value = app
        .get(&format!("/api/v1/articles/{}?format=jsonld", story.slug))
        .await
        .json()
        .await
        .expect("JSON-LD");
    assert_eq!(ld["author"][0]["jobTitle"], "Koresponden Jakarta");

    // The author page: the profile, and who they are for search engines.
    let page = app
        .get(&format!("/penulis/{slug}"))
        .await
        .text()
        .await
        .expect("a page");
    let start = page
        .find("\"@type\":\"ProfilePage\"")
        .expect("ProfilePage JSON-LD");
    let script_start = page[..start].rfind('>').expect("its script") + 1;
    let script_end = start + page[start..].find("</script>").expect("its end");
    let profile: Value = serde_json::from_str(&page[script_start..script_end]).expect("JSON-LD");
    let person = &profile["mainEntity"];
    assert_eq!(
        (
            &person["@type"],
            &person["jobTitle"],
            &person["knowsLanguage"]
        ),
        (
            &json!("Person"),
            &json!("Koresponden Jakarta"),
            &json!("id")
        )
    );
    assert_eq!(
        person["sameAs"],
        json!(["https://x.com/dewilestari", "https://dewi.example/tulisan"])
    );
    assert!(
        person["image"]
            .as_str()
            .is_some_and(|url| url.starts_with("https://berita.example/media/")),
        "{person}"
    );
    assert!(page.contains("<meta property=\"og:image\" content=\"https://berita.example/media/"));
    // The page shows them: the square photo, the job title, the links (`rel="me"`).
    assert!(
        page.contains("<p class=\"job-title\">Koresponden Jakarta</p>"),
        "{page}"
    );
    assert!(page.contains("<a href=\"https://x.com/dewilestari\" rel=\"me noopener\">X</a>"));
    assert!(page.contains("class=\"picture portrait\""));

    // Cleared: only what is given changes.
    let cleared: Author = patch(
        &app,
        &author.token,
        &slug,
        json!({"job_title": "", "links": []}),
    )
    .await
    .json()
    .await
    .expect("the profile");
    assert_eq!(
        (
            cleared.job_title,
            cleared.links.len(),
            cleared.bio.is_some(),
            cleared.photo.is_some()
        ),
        (None, 0, true, true)
    );
    // The library keeps an image a profile shows.
    let deleted = app
        .client
        .delete(app.url(&format!("/api/v1/newsroom/media/{}", photo.id)))
        .bearer_auth(&editor.token)
        .send()
        .await
        .expect("answers");
    assert_problem(deleted, 409, ErrorCode::Conflict, None).await;
}

async fn profiles_are_checked_and_kept_by_their_owners(db: Db) {
    let app = TestApp::builder(db).spawn().await;
    let editor = app.staff(Role::Editor, "Sari Editor").await;
    let author = app.staff(Role::Author, "Dewi Lestari").await;
    let other = app.staff(Role::Author, "Budi Santoso").await;
    let slug = own_slug(&app, &author.token).await;
    // Staff read a profile before any published article names its author; the public
    // not yet.
    let budi = own_slug(&app, &other.token).await;
    let staff_view = app
        .get_authed(&format!("/api/v1/newsroom/authors/{budi}"), &author.token)
        .await;
    assert_eq!(staff_view.status(), 200);
    let staff_view: Author = staff_view.json().await.expect("a profile");
    assert_eq!(
        (staff_view.name.as_str(), staff_view.article_count),
        ("Budi Santoso", 0)
    );
    assert_eq!(
        app.get(&format!("/api/v1/authors/{budi}")).await.status(),
        404
    );
    // Another author may not; an editor may, a desk's too.
    assert_problem(
        patch(
            &app,
            &other.token,
            &slug,
            json!({"job_title": "Bukan saya"}),
        )
        .await,
        403,
        ErrorCode::Forbidden,
        None,
    )
    .await;
    let desk = patch(
        &app,
        &editor.token,
        "redaksi-global-insight",
        json!({"bio": "Meja redaksi internasional Global Insight."}),
    )
    .await;
    assert_eq!(desk.status(), 200);
    // Without a photo, its initials.
    let page = app
        .get("/penulis/redaksi-global-insight")
        .await
        .text()
        .await
        .expect("a page");
    assert!(
        page.contains("<span aria-hidden=\"true\" class=\"initials\">RG</span>"),
        "{page}"
    );
    assert!(page.contains("Meja redaksi internasional Global Insight."));
    assert_problem(
        patch(&app, &editor.token, "tidak-ada", json!({})).await,
        404,
        ErrorCode::NotFound,
        None,
    )
    .await;

    // At the limits: the limit holds, one past it is refused naming the field.
    let at = |field: &str, n: usize| json!({ field: "a".repeat(n) });
    for (field, max) in [("job_title", 100), ("bio", 2000)] {
        assert_eq!(
            patch(&app, &author.token, &slug, at(field, max))
                .await
                .status(),
            200
        );
        assert_problem(
            patch(&app, &author.token, &slug, at(field, max + 1)).await,
            400,
            ErrorCode::InvalidBody,
            Some(field),
        )
        .await;
    }
    let links = |n: usize| json!({"links": (0..n).map(|i| json!({"kind": "website", "url": format!("https://{i}.example/")})).collect::<Vec<_>>()});
    assert_eq!(
        patch(&app, &author.token, &slug, links(10)).await.status(),
        200
    );
    assert_problem(
        patch(&app, &author.token, &slug, links(11)).await,
        400,
        ErrorCode::InvalidBody,
        Some("links"),
    )
    .await;
    for (body, field) in [
        (
            json!({"links": [{"kind": "x", "url": "javascript:alert(1)"}]}),
            "links[0].url",
        ),
        (
            json!({"links": [{"kind": "x", "url": "https://u:p@x.com/a"}]}),
            "links[0].url",
        ),
        (
            json!({"links": [{"kind": "x", "url": "https://x.com/a"}, {"kind": "website", "url": "https://x.com/a"}]}),
            "links[1].url",
        ),
        (
            json!({"links": [{"kind": "myspace", "url": "https://x.com/a"}]}),
            "links[0].kind",
        ),
        (json!({"language": "bahasa indonesia"}), "language"),
        (
            json!({"photo": "0190c4a2-7d0e-7000-8000-000000000000"}),
            "photo",
        ),
        (json!({"role": "admin"}), "role"),
        (json!({"job_title": "Koresponden\u{0007}"}), "job_title"),
    ] {
        assert_problem(
            patch(&app, &author.token, &slug, body.clone()).await,
            400,
            ErrorCode::InvalidBody,
            Some(field),
        )
        .await;
    }
    let anonymous = app
        .client
        .patch(app.url(&format!("/api/v1/newsroom/authors/{slug}")))
        .json(&json!({}))
        .send()
        .await
        .expect("answers");
    assert_eq!(anonymous.status(), 401);
}

both_databases!(
    an_author_keeps_their_profile_and_readers_see_it,
    profiles_are_checked_and_kept_by_their_owners,
);
