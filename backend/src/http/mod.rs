//! HTTP: thin handlers (parse, call one domain function, map the result), the
//! problem+json error type, caching, and the OpenAPI document built from the routes.

pub mod articles;
pub mod caching;
pub mod error;
pub mod paging;
pub mod query;
pub mod taxonomy;

use std::sync::Arc;

use actix_web::{App, HttpRequest, HttpResponse, web};
use utoipa::OpenApi as _;
use utoipa_actix_web::AppExt as _;

use self::error::ApiError;
use crate::config::Settings;
use crate::db::{DbConnection, Pool};
use crate::domain::Desk;

/// What every handler can reach.
#[derive(Debug, Clone)]
pub struct AppState {
    pub pool: Pool,
    pub desk: Desk,
    pub settings: Arc<Settings>,
}

/// Runs blocking database work on actix's blocking pool, never on a worker thread.
pub async fn with_db<T, F>(state: &AppState, work: F) -> Result<T, ApiError>
where
    F: FnOnce(&mut DbConnection, Desk) -> anyhow::Result<T> + Send + 'static,
    T: Send + 'static,
{
    let pool = state.pool.clone();
    let desk = state.desk;
    web::block(move || {
        let mut conn = pool.get().map_err(ApiError::unavailable)?;
        work(&mut conn, desk).map_err(ApiError::internal)
    })
    .await
    .map_err(ApiError::internal)?
}

#[derive(Debug, utoipa::OpenApi)]
#[openapi(
    info(
        title = "Global Insight API",
        description = "Published articles of Global Insight, with their structure as data: \
            dateline, byline, sections, tags and a body of typed blocks (paragraphs, headings, \
            quotes with their speakers, lists).\n\n\
            Errors are RFC 9457 `application/problem+json` documents with a stable `code` and, \
            where one parameter is to blame, its name in `field`. Public reads carry strong \
            `ETag`s and `Last-Modified`, answer conditional requests with 304, and are \
            compressed with brotli or gzip on request.",
        license(name = "MIT OR Apache-2.0"),
    ),
    tags(
        (name = "articles", description = "Published articles"),
        (name = "sections", description = "The publication's sections"),
        (name = "tags", description = "Tags with published articles"),
        (name = "authors", description = "Desks and people named in bylines"),
    ),
    components(
        schemas(shared::Problem, shared::ErrorCode),
        responses(NotModified, BadRequest, Unavailable)
    )
)]
pub struct ApiDoc;

/// The client's copy is current (`If-None-Match` or `If-Modified-Since` matched); no body.
#[derive(Debug, utoipa::ToResponse)]
#[response(
    description = "Not modified: the representation the client holds (by `If-None-Match` \
    or `If-Modified-Since`) is current. Carries the `ETag`, no body."
)]
pub struct NotModified;

/// 400 for any operation: a parameter that is unknown, repeated or has a bad value.
#[derive(Debug, utoipa::ToResponse)]
#[response(
    description = "An unknown, repeated or invalid parameter; `field` names it",
    content_type = "application/problem+json",
    example = json!({"type": "/problems/invalid_parameter", "title": "A parameter has an invalid value",
        "status": 400, "detail": "`per_page` must be an integer from 1 to 100, not \"500\"",
        "code": "invalid_parameter", "field": "per_page"})
)]
#[allow(dead_code)] // a documentation type: only its schema is used
pub struct BadRequest(shared::Problem);

/// 503 for any operation: the database cannot be reached; `Retry-After` says when to try again.
#[derive(Debug, utoipa::ToResponse)]
#[response(
    description = "The database is unreachable; retry after `Retry-After` seconds",
    content_type = "application/problem+json",
    headers(("Retry-After" = u32, description = "Seconds to wait before retrying")),
    example = json!({"type": "/problems/service_unavailable", "title": "Service unavailable",
        "status": 503, "detail": "The database is not reachable right now; try again shortly.",
        "code": "service_unavailable"})
)]
#[allow(dead_code)] // a documentation type: only its schema is used
pub struct Unavailable(shared::Problem);

/// Every `/api/v1` route, registered through utoipa so that none can exist outside the spec.
pub fn api_routes(cfg: &mut utoipa_actix_web::service_config::ServiceConfig<'_>) {
    cfg.service(articles::list_articles)
        .service(articles::get_article_by_id)
        .service(articles::get_article)
        .service(taxonomy::list_sections)
        .service(taxonomy::get_section)
        .service(taxonomy::list_tags)
        .service(taxonomy::get_tag)
        .service(taxonomy::list_authors)
        .service(taxonomy::get_author);
}

pub const API_V1: &str = "/api/v1";

/// The OpenAPI document, built from the same registrations the server uses.
pub fn openapi() -> utoipa::openapi::OpenApi {
    let (_, api) = App::new()
        .into_utoipa_app()
        .openapi(ApiDoc::openapi())
        .service(utoipa_actix_web::scope(API_V1).configure(api_routes))
        .split_for_parts();
    api
}

/// The spec as committed in `openapi/openapi.json`.
pub fn openapi_json() -> String {
    let mut json = openapi()
        .to_pretty_json()
        .unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    json.push('\n');
    json
}

/// Route templates of the API (`/api/v1/articles/{slug}`), read from the spec so
/// that the fallback below knows every route without a second list.
fn api_routes_defs() -> &'static [actix_web::dev::ResourceDef] {
    static DEFS: std::sync::OnceLock<Vec<actix_web::dev::ResourceDef>> = std::sync::OnceLock::new();
    DEFS.get_or_init(|| {
        openapi()
            .paths
            .paths
            .keys()
            .map(|path| actix_web::dev::ResourceDef::new(path.as_str()))
            .collect()
    })
}

/// What no route answered: 405 (with `Allow`) for an API route asked with another
/// method, else 404 — a problem document either way, never an HTML page.
pub async fn fallback(req: HttpRequest) -> Result<HttpResponse, ApiError> {
    let path = req.path();
    if api_routes_defs().iter().any(|def| def.is_match(path)) {
        return Err(ApiError::new(
            shared::ErrorCode::MethodNotAllowed,
            format!("{path} answers GET and HEAD only, not {}", req.method()),
        ));
    }
    Err(ApiError::not_found(format!("There is nothing at {path}")))
}
