//! Admins manage staff accounts; role changes and deactivation end sessions at once.

use serde_json::json;
use shared::ErrorCode;
use shared::staff::{Role, StaffUser, StaffUserList};
use tests::{Db, PASSWORD, assert_problem, both_databases, header, spawn_app};

async fn admins_create_list_and_change_accounts(db: Db) {
    let app = spawn_app(db).await;
    let admin = app.staff_token(Role::Admin, "Ani Admin").await;
    let created = app
        .post_json(
            "/api/v1/users",
            &json!({"email": " Rina@GlobalInsight.test ", "display_name": "Rina Reporter",
                    "password": PASSWORD, "role": "author"}),
            Some(&admin),
        )
        .await;
    assert_eq!(created.status(), 201);
    let location = header(created.headers(), "location");
    let rina: StaffUser = created.json().await.expect("user");
    assert_eq!(location, format!("/api/v1/users/{}", rina.id));
    assert_eq!(
        rina.email, "rina@globalinsight.test",
        "emails are normalised"
    );
    assert_eq!(rina.role, Role::Author);
    assert_eq!(
        rina.author.as_ref().map(|a| a.slug.as_str()),
        Some("rina-reporter")
    );

    let rina_token = app.login("rina@globalinsight.test").await.access_token;
    let list: StaffUserList = app
        .get_authed("/api/v1/users", &admin)
        .await
        .json()
        .await
        .expect("list");
    let emails: Vec<&str> = list.data.iter().map(|u| u.email.as_str()).collect();
    assert_eq!(
        emails,
        ["ani-admin@globalinsight.test", "rina@globalinsight.test"]
    );

    // A new role ends Rina's sessions at once.
    let changed = app
        .client
        .patch(app.url(&format!("/api/v1/users/{}", rina.id)))
        .bearer_auth(&admin)
        .json(&json!({"role": "editor"}))
        .send()
        .await
        .expect("response");
    assert_eq!(changed.status(), 200);
    let changed: StaffUser = changed.json().await.expect("user");
    assert_eq!(changed.role, Role::Editor);
    assert_eq!(
        app.get_authed("/api/v1/auth/me", &rina_token)
            .await
            .status(),
        401
    );

    // So does deactivation, and a deactivated account cannot sign in.
    let rina_token = app.login("rina@globalinsight.test").await.access_token;
    let deactivated = app
        .client
        .patch(app.url(&format!("/api/v1/users/{}", rina.id)))
        .bearer_auth(&admin)
        .json(&json!({"active": false}))
        .send()
        .await
        .expect("response");
    assert_eq!(deactivated.status(), 200);
    assert_eq!(
        app.get_authed("/api/v1/auth/me", &rina_token)
            .await
            .status(),
        401
    );
    let login = app
        .post_json(
            "/api/v1/auth/login",
            &tests::login_request("rina@globalinsight.test", PASSWORD),
            None,
        )
        .await;
    assert_problem(login, 401, ErrorCode::InvalidCredentials, None).await;

    // A change of display name alone keeps sessions.
    let admin_me: StaffUser = app
        .get_authed("/api/v1/auth/me", &admin)
        .await
        .json()
        .await
        .expect("me");
    let renamed = app
        .client
        .patch(app.url(&format!("/api/v1/users/{}", admin_me.id)))
        .bearer_auth(&admin)
        .json(&json!({"display_name": "Ani Kepala Admin"}))
        .send()
        .await
        .expect("response");
    assert_eq!(renamed.status(), 200);
    assert_eq!(
        app.get_authed("/api/v1/auth/me", &admin).await.status(),
        200
    );
}

async fn only_admins_manage_accounts(db: Db) {
    let app = spawn_app(db).await;
    for (role, name) in [(Role::Editor, "Eko Editor"), (Role::Author, "Ayu Author")] {
        let token = app.staff_token(role, name).await;
        let create = app
            .post_json(
                "/api/v1/users",
                &json!({"email": "x@globalinsight.test", "display_name": "X", "password": PASSWORD, "role": "admin"}),
                Some(&token),
            )
            .await;
        assert_problem(create, 403, ErrorCode::Forbidden, None).await;
        let list = app.get_authed("/api/v1/users", &token).await;
        assert_problem(list, 403, ErrorCode::Forbidden, None).await;
    }
    let anonymous = app.get("/api/v1/users").await;
    assert_problem(anonymous, 401, ErrorCode::Unauthorized, None).await;
}

async fn bad_account_bodies_name_the_field(db: Db) {
    let app = spawn_app(db).await;
    let admin = app.staff_token(Role::Admin, "Ani Admin").await;
    let valid = json!({"email": "new@globalinsight.test", "display_name": "Nina Baru",
                       "password": PASSWORD, "role": "author"});
    let with = |key: &str, value: serde_json::Value| {
        let mut body = valid.clone();
        body[key] = value;
        body
    };
    let without = |key: &str| {
        let mut body = valid.clone();
        body.as_object_mut().expect("object").remove(key);
        body
    };
    for (body, field) in [
        (with("role", json!("chief")), "role"),
        (with("email", json!("not-an-email")), "email"),
        (with("email", json!(42)), "email"),
        (with("password", json!("short")), "password"),
        (with("display_name", json!("   ")), "display_name"),
        (with("is_admin", json!(true)), "is_admin"),
        (without("password"), "password"),
    ] {
        let response = app.post_json("/api/v1/users", &body, Some(&admin)).await;
        assert_problem(response, 400, ErrorCode::InvalidBody, Some(field)).await;
    }
    let first = app.post_json("/api/v1/users", &valid, Some(&admin)).await;
    assert_eq!(first.status(), 201);
    let again = app
        .post_json(
            "/api/v1/users",
            &with("email", json!("NEW@globalinsight.test")),
            Some(&admin),
        )
        .await;
    assert_problem(again, 409, ErrorCode::Conflict, Some("email")).await;

    let not_json = app
        .client
        .post(app.url("/api/v1/users"))
        .bearer_auth(&admin)
        .header("Content-Type", "text/plain")
        .body("email=x")
        .send()
        .await
        .expect("response");
    assert_problem(not_json, 415, ErrorCode::UnsupportedMediaType, None).await;
    let broken = app
        .client
        .post(app.url("/api/v1/users"))
        .bearer_auth(&admin)
        .header("Content-Type", "application/json")
        .body("{\"email\": ")
        .send()
        .await
        .expect("response");
    assert_problem(broken, 400, ErrorCode::InvalidBody, None).await;
    let huge = app
        .client
        .post(app.url("/api/v1/users"))
        .bearer_auth(&admin)
        .header("Content-Type", "application/json")
        .body(format!(
            "{{\"display_name\": \"{}\"}}",
            "a".repeat(2 * 1024 * 1024)
        ))
        .send()
        .await
        .expect("response");
    assert_problem(huge, 413, ErrorCode::PayloadTooLarge, None).await;
    let unknown = app
        .client
        .patch(app.url(&format!("/api/v1/users/{}", uuid::Uuid::now_v7())))
        .bearer_auth(&admin)
        .json(&json!({"active": false}))
        .send()
        .await
        .expect("response");
    assert_problem(unknown, 404, ErrorCode::NotFound, None).await;
}

async fn staff_change_their_own_profile_but_not_their_role(db: Db) {
    let app = spawn_app(db).await;
    let author = app.staff_token(Role::Author, "Rina Reporter").await;
    let editor = app.staff_token(Role::Editor, "Sari Editor").await;
    // An author profile is public once it has a published article.
    let draft = app
        .post_json(
            "/api/v1/newsroom/articles",
            &json!({"headline": "Laporan Rina", "section": "internasional", "language": "id",
                    "body": [{"type": "paragraph", "text": "Isi."}]}),
            Some(&author),
        )
        .await;
    assert_eq!(draft.status(), 201);
    let draft: shared::Article = draft.json().await.expect("article");
    app.publish(&editor, &draft).await;
    let patch_me = |body: serde_json::Value| {
        app.client
            .patch(app.url("/api/v1/auth/me"))
            .bearer_auth(&author)
            .json(&body)
            .send()
    };
    let changed = patch_me(json!({"display_name": "Rina R.", "bio": "  Meliput Asia Timur.  "}))
        .await
        .expect("response");
    assert_eq!(changed.status(), 200);
    assert_eq!(header(changed.headers(), "cache-control"), "no-store");
    let me: StaffUser = changed.json().await.expect("account");
    assert_eq!(me.display_name, "Rina R.");
    assert_eq!(me.role, Role::Author);
    // The bio is public on the author profile, trimmed.
    let profile: shared::Author = app.get_json("/api/v1/authors/rina-reporter").await;
    assert_eq!(profile.bio.as_deref(), Some("Meliput Asia Timur."));
    // The token still works: a profile change ends no session.
    assert_eq!(
        app.get_authed("/api/v1/auth/me", &author).await.status(),
        200
    );

    for (body, field) in [
        (json!({"role": "admin"}), "role"),
        (json!({"active": false}), "active"),
        (json!({"bio": "x".repeat(2001)}), "bio"),
        (json!({"display_name": " "}), "display_name"),
    ] {
        let response = patch_me(body).await.expect("response");
        assert_problem(response, 400, ErrorCode::InvalidBody, Some(field)).await;
    }
    let me: StaffUser = app
        .get_authed("/api/v1/auth/me", &author)
        .await
        .json()
        .await
        .expect("me");
    assert_eq!(
        me.role,
        Role::Author,
        "nothing applied by the refused bodies"
    );
    assert!(me.active);
    let cleared = patch_me(json!({"bio": ""})).await.expect("response");
    assert_eq!(cleared.status(), 200);
    let profile: shared::Author = app.get_json("/api/v1/authors/rina-reporter").await;
    assert_eq!(profile.bio, None);
}

both_databases!(
    staff_change_their_own_profile_but_not_their_role,
    admins_create_list_and_change_accounts,
    only_admins_manage_accounts,
    bad_account_bodies_name_the_field,
);
