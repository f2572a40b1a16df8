//! The role × action table of `docs/authorization.md`, run cell by cell.

use serde_json::{Value, json};
use shared::Article;
use shared::staff::Role;
use tests::{Db, PASSWORD, TestApp, both_databases, spawn_app};

const TABLE: &str = include_str!("../../../docs/authorization.md");

/// The table's rows: action and the five expected statuses.
fn rows() -> Vec<(String, [u16; 5])> {
    let start = TABLE
        .find("<!-- authorization-table -->")
        .expect("table start");
    let end = TABLE
        .find("<!-- /authorization-table -->")
        .expect("table end");
    TABLE[start..end]
        .lines()
        .filter(|line| line.starts_with('|') && !line.contains("---") && !line.contains("action"))
        .map(|line| {
            let cells: Vec<&str> = line.trim_matches('|').split('|').map(str::trim).collect();
            let statuses: Vec<u16> = cells[1..]
                .iter()
                .map(|c| c.parse().expect("a status"))
                .collect();
            (
                cells[0].to_owned(),
                statuses.try_into().expect("five columns"),
            )
        })
        .collect()
}

fn draft(headline: &str) -> Value {
    json!({
        "headline": headline, "section": "internasional", "language": "id",
        "body": [{"type": "paragraph", "text": "Teks."}]
    })
}

struct Cast {
    admin: String,
    editor: String,
    owner: String,
    other: String,
}

/// An upload form with a small PNG of its own for cell (`n`, `column`).
fn image_form(n: usize, column: usize) -> reqwest::multipart::Form {
    let pixel = image::Rgb([n as u8, column as u8, (n >> 8) as u8]);
    let picture = image::RgbImage::from_pixel(4, 3, pixel);
    let mut bytes = std::io::Cursor::new(Vec::new());
    picture
        .write_to(&mut bytes, image::ImageFormat::Png)
        .expect("encodes");
    reqwest::multipart::Form::new().part(
        "file",
        reqwest::multipart::Part::bytes(bytes.into_inner()).file_name("sel.png"),
    )
}

/// A fresh article for one cell, owned by `owner`; published when the action needs it.
async fn article(app: &TestApp, cast: &Cast, published: bool, live: bool, n: usize) -> Article {
    let mut input = draft(&format!("Artikel Uji {n}"));
    if live {
        input["live"] = json!("open");
    }
    let response = app
        .post_json("/api/v1/newsroom/articles", &input, Some(&cast.owner))
        .await;
    assert_eq!(response.status(), 201);
    let article: Article = response.json().await.expect("article");
    if !published {
        return article;
    }
    app.publish(&cast.editor, &article).await
}

async fn run_cell(app: &TestApp, cast: &Cast, action: &str, column: usize, n: usize) -> u16 {
    let token = match column {
        0 => Some(cast.admin.as_str()),
        1 => Some(cast.editor.as_str()),
        2 => Some(cast.owner.as_str()),
        3 => Some(cast.other.as_str()),
        _ => None,
    };
    // A live blog's entries: the owner's published live blog (an author keeps posting
    // to their own once it is public).
    let live = matches!(
        action,
        "post-entry" | "list-entries" | "edit-entry" | "remove-entry"
    );
    let needs_published = live
        || matches!(
            action,
            "edit-published" | "unpublish" | "correct" | "delete-published"
        );
    let needs_article = !matches!(
        action,
        "create-draft"
            | "list-articles"
            | "create-user"
            | "list-users"
            | "change-user"
            | "read-me"
            | "change-me"
            | "create-api-key"
            | "list-api-keys"
            | "revoke-api-key"
            | "create-entity"
            | "merge-name"
            | "reject-name"
            | "list-rejected-names"
            | "upload-image"
            | "list-images"
            | "edit-image"
            | "delete-image"
            | "read-front"
            | "arrange-front"
            | "edit-author-profile"
            | "read-author-profile"
    );
    let mut target = if needs_article {
        Some(article(app, cast, needs_published, live, n).await)
    } else {
        None
    };
    if action == "restore-draft"
        && let Some(article) = &target
    {
        // Binned by an editor first; the cell is about bringing it back.
        let response = app
            .client
            .delete(app.url(&format!("/api/v1/newsroom/articles/{}", article.id)))
            .bearer_auth(&cast.editor)
            .header("If-Match", format!("\"v{}\"", article.version))
            .send()
            .await
            .expect("response");
        assert_eq!(response.status(), 200);
        target = Some(response.json().await.expect("article"));
    }
    let at = |suffix: &str| {
        let id = target
            .as_ref()
            .map(|a| a.id.to_string())
            .unwrap_or_default();
        app.url(&format!("/api/v1/newsroom/articles/{id}{suffix}"))
    };
    let if_match = target
        .as_ref()
        .map(|a| format!("\"v{}\"", a.version))
        .unwrap_or_default();
    // For the image cells: an image the owner uploaded (bytes of its own per cell).
    let image = if matches!(action, "edit-image" | "delete-image") {
        let response = app
            .client
            .post(app.url("/api/v1/newsroom/media"))
            .bearer_auth(&cast.owner)
            .multipart(image_form(n, column))
            .send()
            .await
            .expect("answers");
        assert_eq!(response.status(), 201);
        let image: shared::media::Image = response.json().await.expect("an image");
        image.id.to_string()
    } else {
        String::new()
    };
    // For the profile cell: the owner's author profile.
    let owner_author = if matches!(action, "edit-author-profile" | "read-author-profile") {
        let me: shared::staff::StaffUser = app
            .get_authed("/api/v1/auth/me", &cast.owner)
            .await
            .json()
            .await
            .expect("the owner's account");
        me.author.expect("an author has a profile").slug
    } else {
        String::new()
    };
    let client = &app.client;
    let request = match action {
        "create-draft" => client.post(app.url("/api/v1/newsroom/articles")).json(&draft("Baru")),
        "list-articles" => client.get(app.url("/api/v1/newsroom/articles")),
        "read-draft" => client.get(at("")),
        "edit-draft" | "edit-published" => client.put(at("")).header("If-Match", &if_match).json(&draft("Diubah")),
        "publish" | "unpublish" | "submit" => client.post(at(&format!("/{action}"))).header("If-Match", &if_match),
        "schedule" => client
            .post(at("/schedule"))
            .header("If-Match", &if_match)
            .json(&json!({"published_at": (chrono::Utc::now() + chrono::Duration::days(1)).to_rfc3339()})),
        "correct" => client
            .post(at("/corrections"))
            .header("If-Match", &if_match)
            .json(&json!({"text": "Koreksi."})),
        "revisions" => client.get(at("/revisions")),
        "create-preview" => client.post(at("/previews")).json(&json!({"hours": 2})),
        "post-entry" => client
            .post(at("/entries"))
            .json(&json!({"body": [{"type": "paragraph", "text": "Entri."}]})),
        "list-entries" => client.get(at("/entries")),
        "start-translation" => client.post(at("/translations")).json(&json!({"language": "en"})),
        "edit-entry" | "remove-entry" => {
            // An entry of its own for each cell, posted by the live blog's owner.
            let id = target.as_ref().map(|a| a.id.to_string()).unwrap_or_default();
            let entry: shared::live::LiveEntry = app
                .post_json(
                    &format!("/api/v1/newsroom/articles/{id}/entries"),
                    &json!({"body": [{"type": "paragraph", "text": "Entri."}]}),
                    Some(&cast.owner),
                )
                .await
                .json()
                .await
                .expect("an entry");
            let at = at(&format!("/entries/{}", entry.id));
            if action == "edit-entry" {
                client
                    .put(at)
                    .header("If-Match", "\"v1\"")
                    .json(&json!({"body": [{"type": "paragraph", "text": "Diubah."}]}))
            } else {
                client.delete(at)
            }
        }
        "list-previews" => client.get(at("/previews")),
        "take-lock" => client.put(at("/lock")).json(&json!({})),
        "read-lock" => client.get(at("/lock")),
        "release-lock" => client.delete(at("/lock")),
        "revoke-preview" => {
            // A link of its own for each cell, made by the article's owner.
            let link: shared::previews::PreviewLink = app
                .post_json(&format!("/api/v1/newsroom/articles/{}/previews", target.as_ref().map(|a| a.id.to_string()).unwrap_or_default()), &json!({}), Some(&cast.owner))
                .await
                .json()
                .await
                .expect("a link");
            client.delete(at(&format!("/previews/{}", link.id)))
        }
        "correct-entities" => client
            .put(at("/entities"))
            .header("If-Match", &if_match)
            .json(&json!({"include": ["indonesia"]})),
        "create-entity" => client
            .post(app.url("/api/v1/newsroom/entities"))
            .json(&json!({"name": format!("Tokoh {n} {column}"), "kind": "person"})),
        "read-suggestions" => client.get(at("/suggestions")),
        "merge-name" => client
            .post(app.url("/api/v1/newsroom/entities/indonesia/aliases"))
            .json(&json!({"alias": format!("Nusantara Raya {n} {column}")})),
        "reject-name" => client
            .post(app.url("/api/v1/newsroom/rejected-names"))
            .json(&json!({"name": format!("Bukan Nama {n} {column}")})),
        "list-rejected-names" => client.get(app.url("/api/v1/newsroom/rejected-names")),
        "delete-draft" | "delete-published" => client.delete(at("")).header("If-Match", &if_match),
        "restore-draft" => client.post(at("/restore")).header("If-Match", &if_match),
        "create-user" => client.post(app.url("/api/v1/users")).json(&json!({
            "email": format!("baru{n}-{column}@globalinsight.test"), "display_name": format!("Staf Baru {n} {column}"),
            "password": PASSWORD, "role": "author"})),
        "list-users" => client.get(app.url("/api/v1/users")),
        "read-front" => client.get(app.url("/api/v1/newsroom/fronts/home")),
        "arrange-front" => client
            .put(app.url("/api/v1/newsroom/fronts/internasional"))
            .header("If-Match", "*")
            .json(&json!({"slots": []})),
        "change-user" => {
            let me: shared::staff::StaffUser =
                app.get_authed("/api/v1/auth/me", &cast.other).await.json().await.expect("me");
            client.patch(app.url(&format!("/api/v1/users/{}", me.id))).json(&json!({"display_name": "Nama Lain"}))
        }
        "read-me" => client.get(app.url("/api/v1/auth/me")),
        "read-author-profile" => client.get(app.url(&format!("/api/v1/newsroom/authors/{owner_author}"))),
        "edit-author-profile" => client
            .patch(app.url(&format!("/api/v1/newsroom/authors/{owner_author}")))
            .json(&json!({"job_title": format!("Koresponden {n}")})),
        "change-me" => client.patch(app.url("/api/v1/auth/me")).json(&json!({"bio": "Meliput Asia Timur."})),
        "create-api-key" => client.post(app.url("/api/v1/api-keys")).json(&json!({"name": format!("Mitra {n} {column}")})),
        "list-api-keys" => client.get(app.url("/api/v1/api-keys")),
        "revoke-api-key" => {
            // A key of its own for each cell, issued by the admin.
            let created: shared::staff::CreatedApiKey = app
                .post_json("/api/v1/api-keys", &json!({"name": format!("Cabut {n} {column}")}), Some(&cast.admin))
                .await
                .json()
                .await
                .expect("a key");
            client.delete(app.url(&format!("/api/v1/api-keys/{}", created.api_key.id)))
        }
        "upload-image" => client
            .post(app.url("/api/v1/newsroom/media"))
            .multipart(image_form(n, column + 10)),
        "list-images" => client.get(app.url("/api/v1/newsroom/media")),
        "edit-image" => client
            .patch(app.url(&format!("/api/v1/newsroom/media/{image}")))
            .json(&json!({"alt": "Teks pengganti"})),
        "delete-image" => client.delete(app.url(&format!("/api/v1/newsroom/media/{image}"))),
        other => panic!("docs/authorization.md names an action the test does not know: {other}"),
    };
    let request = match token {
        Some(token) => request.bearer_auth(token),
        None => request,
    };
    request.send().await.expect("response").status().as_u16()
}

async fn every_cell_of_the_table_holds(db: Db) {
    let app = spawn_app(db).await;
    let cast = Cast {
        admin: app.staff_token(Role::Admin, "Ani Admin").await,
        editor: app.staff_token(Role::Editor, "Eko Editor").await,
        owner: app.staff_token(Role::Author, "Olga Pemilik").await,
        other: app.staff_token(Role::Author, "Lina Lain").await,
    };
    let rows = rows();
    assert!(rows.len() >= 17, "the table has its rows");
    let mut failures = Vec::new();
    let mut n = 0;
    for (action, expected) in &rows {
        for (column, want) in expected.iter().enumerate() {
            n += 1;
            let got = run_cell(&app, &cast, action, column, n).await;
            if got != *want {
                failures.push(format!(
                    "{action} × column {column}: expected {want}, got {got}"
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "cells that do not hold:\n{}",
        failures.join("\n")
    );
}

both_databases!(every_cell_of_the_table_holds);
