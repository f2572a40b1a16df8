//! Bad input gets a problem document naming the parameter — never a 500.

use shared::ErrorCode;
use tests::{Db, assert_problem, both_databases, spawn_app};

async fn bad_list_parameters_are_named(db: Db) {
    let app = spawn_app(db).await;
    use ErrorCode::*;
    for (query, code, field) in [
        ("colour=red", UnknownParameter, "colour"),
        ("page=1&page=2", DuplicateParameter, "page"),
        ("per_page=101", InvalidParameter, "per_page"),
        ("per_page=0", InvalidParameter, "per_page"),
        ("per_page=abc", InvalidParameter, "per_page"),
        ("page=0", InvalidParameter, "page"),
        ("page=-3", InvalidParameter, "page"),
        ("page=99999999999", InvalidParameter, "page"),
        ("order=random", InvalidParameter, "order"),
        ("from=13-07-2025", InvalidParameter, "from"),
        ("from=2025-02-30", InvalidParameter, "from"),
        ("to=yesterday", InvalidParameter, "to"),
        ("section=Internasional", InvalidParameter, "section"),
        ("tag=%3Cscript%3E", InvalidParameter, "tag"),
        ("author=a%20b", InvalidParameter, "author"),
        ("lang=indonesian-language-x", InvalidParameter, "lang"),
        ("lang=i", InvalidParameter, "lang"),
        ("cursor=garbage", InvalidCursor, "cursor"),
        ("cursor=MXxufDF8eA", InvalidCursor, "cursor"),
        (
            "cursor=MXxufDF8eA%3D%3D%3D%3D%3D%3D%3D%3D%3D%3D%3D%3D%3D%3D%3D%3D%3D%3D%3D%3D%3D%3D",
            InvalidCursor,
            "cursor",
        ),
    ] {
        let response = app.get(&format!("/api/v1/articles?{query}")).await;
        assert_problem(response, 400, code, Some(field)).await;
    }
}

async fn unknown_things_are_404_problems(db: Db) {
    let app = spawn_app(db).await;
    for path in [
        "/api/v1/articles/tidak-ada",
        "/api/v1/articles/NOT%20A%20SLUG",
        "/api/v1/articles/by-id/01980000-0000-7000-8000-000000000001",
        "/api/v1/sections/olahraga",
        "/api/v1/tags/tidak-ada",
        "/api/v1/authors/tidak-ada",
        "/api/v1/nothing-here",
        "/api/v2/articles",
    ] {
        assert_problem(app.get(path).await, 404, ErrorCode::NotFound, None).await;
    }
    let response = app.get("/api/v1/articles/by-id/not-a-uuid").await;
    assert_problem(response, 400, ErrorCode::InvalidParameter, Some("id")).await;
}

/// Every route's `{id}` is read by its id type and `{version}` as a version number: a
/// malformed one (also percent-encoded) is 400 naming the segment, before any lookup.
async fn malformed_ids_in_paths_are_named(db: Db) {
    let app = spawn_app(db).await;
    let token = app
        .staff_token(shared::staff::Role::Admin, "Admin Jalur")
        .await;
    let article = "01980000-0000-7000-8000-000000000001";
    for (path, field) in [
        ("/api/v1/articles/by-id/123", "id"),
        ("/api/v1/newsroom/articles/not-a-uuid", "id"),
        ("/api/v1/newsroom/articles/%30198", "id"),
        ("/api/v1/newsroom/articles/x/revisions", "id"),
        (
            &format!("/api/v1/newsroom/articles/{article}/revisions/0"),
            "version",
        ),
        (
            &format!("/api/v1/newsroom/articles/{article}/revisions/satu"),
            "version",
        ),
        (
            &format!("/api/v1/newsroom/articles/{article}/revisions/2/diff?against=0"),
            "against",
        ),
        ("/api/v1/webhooks/1/deliveries", "id"),
    ] {
        let response = app.get_authed(path, &token).await;
        assert_problem(response, 400, ErrorCode::InvalidParameter, Some(field)).await;
    }
    // Well-formed but unknown: 404.
    let response = app
        .get_authed(&format!("/api/v1/newsroom/articles/{article}"), &token)
        .await;
    assert_problem(response, 404, ErrorCode::NotFound, None).await;
}

async fn operations_without_parameters_refuse_them(db: Db) {
    let app = spawn_app(db).await;
    for path in [
        "/api/v1/sections?page=1",
        "/api/v1/sections/internasional?x=1",
        "/api/v1/articles/tidak-ada?fields=all",
        "/api/v1/tags?sort=name",
        "/api/v1/authors?per_page=1000",
    ] {
        let response = app.get(path).await;
        assert_eq!(response.status(), 400, "{path}");
        let problem: shared::Problem = response.json().await.expect("problem");
        assert!(problem.field.is_some(), "{path}: {problem:?}");
    }
}

async fn other_methods_get_405_with_allow(db: Db) {
    let app = spawn_app(db).await;
    for (method, path) in [
        (reqwest::Method::POST, "/api/v1/articles"),
        (reqwest::Method::PUT, "/api/v1/articles/apa-saja"),
        (reqwest::Method::DELETE, "/api/v1/tags/rusia"),
        (
            reqwest::Method::PATCH,
            "/api/v1/articles/by-id/01980000-0000-7000-8000-000000000001",
        ),
    ] {
        let response = app
            .client
            .request(method.clone(), app.url(path))
            .send()
            .await
            .expect("response");
        assert_eq!(
            tests::header(response.headers(), "allow"),
            "GET, HEAD",
            "{method} {path}"
        );
        assert_problem(response, 405, ErrorCode::MethodNotAllowed, None).await;
    }
    let response = app
        .client
        .post(app.url("/api/v1/nowhere"))
        .send()
        .await
        .expect("response");
    assert_problem(response, 404, ErrorCode::NotFound, None).await;
}

both_databases!(
    malformed_ids_in_paths_are_named,
    other_methods_get_405_with_allow,
    bad_list_parameters_are_named,
    unknown_things_are_404_problems,
    operations_without_parameters_refuse_them,
);
