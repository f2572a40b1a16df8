//! HTTP: thin handlers (parse, call one domain function, map the result), the
//! problem+json error type, caching, and the OpenAPI document built from the routes.

pub mod api_keys;
pub mod articles;
pub mod auth;
pub mod body;
pub mod caching;
pub mod changes;
pub mod corrections;
pub mod entities;
pub mod error;
pub mod feeds;
pub mod forwarded;
pub mod limits;
pub mod newsroom;
pub mod observe;
pub mod paging;
pub mod query;
pub mod response_cache;
pub mod search;
pub mod site;
pub mod taxonomy;
mod text_patterns;
pub mod users;
pub mod webhooks;

use std::sync::Arc;

use actix_web::{App, HttpRequest, HttpResponse, web};
use utoipa::OpenApi as _;
use utoipa_actix_web::AppExt as _;

use self::error::ApiError;
pub use self::forwarded::{Origin, public_origin};
use crate::config::Settings;
use crate::db::{DbConnection, Pool};
use crate::domain::Desk;

/// What every handler can reach.
#[derive(Debug, Clone)]
pub struct AppState {
    pub pool: Pool,
    pub desk: Desk,
    pub settings: Arc<Settings>,
    pub jwt: Arc<auth::Jwt>,
    pub limiter: Arc<limits::RateLimiter>,
    /// The built web app, read once at start-up.
    pub site: Arc<site::Site>,
    pub metrics: Arc<observe::Metrics>,
    /// Public answers kept ready to send.
    pub cache: Arc<response_cache::ResponseCache>,
    /// `webhooks.allowed_addresses`, parsed once.
    pub webhook_networks: Arc<[crate::domain::special_addresses::Network]>,
}

/// Runs blocking database work on actix's blocking pool, never on a worker thread.
/// The work's own error (a domain error, or any other cause as a 500) becomes the
/// problem document here, in one place.
///
/// The wait has a deadline (`server.request_timeout_ms`): past it the client gets 503
/// problem+json with `Retry-After`. The work itself cannot be stopped from here and
/// still finishes (a transaction commits or rolls back on its own), so a write
/// answered with this 503 may have been made — as with any timeout.
pub async fn with_db<T, E, F>(state: &AppState, work: F) -> Result<T, ApiError>
where
    F: FnOnce(&mut DbConnection, Desk) -> Result<T, E> + Send + 'static,
    T: Send + 'static,
    E: Into<ApiError> + Send + 'static,
{
    let pool = state.pool.clone();
    let desk = state.desk;
    let limit_ms = state.settings.server.request_timeout_ms;
    let cache = state.cache.clone();
    let work = web::block(move || {
        let mut conn = pool.get().map_err(ApiError::unavailable)?;
        let writes = crate::db::content::writes_on_this_thread();
        let done = work(&mut conn, desk).map_err(Into::into);
        // Committed, so before the answer leaves: the next read here sees the write.
        if crate::db::content::writes_on_this_thread() != writes {
            cache.wrote();
        }
        done
    });
    match tokio::time::timeout(std::time::Duration::from_millis(limit_ms), work).await {
        Ok(done) => done.map_err(ApiError::internal)?,
        Err(_) => {
            tracing::warn!(
                limit_ms,
                "database work took longer than the request deadline"
            );
            Err(ApiError::timed_out(limit_ms))
        }
    }
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
        (name = "entities", description = "People, places and organisations articles are about, and their quotes"),
        (name = "auth", description = "Staff sign-in: access tokens (JWT) and rotating refresh tokens"),
        (name = "users", description = "Staff accounts (admins)"),
        (name = "newsroom", description = "Writing, editing and publishing articles (staff)"),
        (name = "feeds", description = "RSS, Atom and JSON Feed of published articles"),
        (name = "api-keys", description = "Partners' API keys (admins): higher rate limits with `X-API-Key`"),
        (name = "site", description = "robots.txt and sitemaps, at the site's root"),
        (name = "webhooks", description = "Signed event deliveries to partners' endpoints (admins, or partners by `X-API-Key`)"),
    ),
    modifiers(&BearerScheme),
    components(
        schemas(
            shared::Problem,
            shared::ErrorCode,
            shared::query::ArticleFormat,
            shared::query::FeedFormat,
            shared::webhooks::WebhookEvent,
            shared::query::TimeBound,
            shared::query::Slug,
            shared::query::LanguageTag
        ),
        responses(
            NotModified,
            BadRequest,
            BadRequestBody,
            Unauthorized,
            Forbidden,
            TooLarge,
            NotJson,
            Throttled,
            RateLimited,
            Stale,
            IfMatchRequired,
            Unavailable
        )
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

/// The `bearer` security scheme: an access token from `login` or `refreshToken`.
#[derive(Debug)]
struct BearerScheme;

impl utoipa::Modify for BearerScheme {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT")
                    .description(Some("An access token from `login` or `refreshToken`"))
                    .build(),
            ),
        );
        components.add_security_scheme(
            "api_key",
            SecurityScheme::ApiKey(utoipa::openapi::security::ApiKey::Header(
                utoipa::openapi::security::ApiKeyValue::with_description(
                    "X-API-Key",
                    "Optional on every public read: a key from `createApiKey` raises the \
                     client's rate limit to the key's `requests_per_window`.",
                ),
            )),
        );
    }
}

/// 400 for a request body: not JSON of the expected shape, or a field with a bad value.
#[derive(Debug, utoipa::ToResponse)]
#[response(
    description = "The body is not valid; `field` names the offending field",
    content_type = "application/problem+json",
    example = json!({"type": "/problems/invalid_body", "title": "The request body is invalid",
        "status": 400, "detail": "`role`: unknown variant `chief`, expected one of `admin`, `editor`, `author`",
        "code": "invalid_body", "field": "role"})
)]
#[allow(dead_code)] // a documentation type: only its schema is used
pub struct BadRequestBody(shared::Problem);

/// 401: no usable access token.
#[derive(Debug, utoipa::ToResponse)]
#[response(
    description = "No valid access token: missing, malformed, expired, revoked or of the wrong kind",
    content_type = "application/problem+json",
    headers(("WWW-Authenticate" = String, description = "`Bearer realm=\"global-insight\", error=\"invalid_token\"`")),
    example = json!({"type": "/problems/unauthorized", "title": "Authentication required",
        "status": 401, "detail": "This needs `Authorization: Bearer <access token>`", "code": "unauthorized"})
)]
#[allow(dead_code)] // a documentation type: only its schema is used
pub struct Unauthorized(shared::Problem);

/// 403: the account's role does not allow this.
#[derive(Debug, utoipa::ToResponse)]
#[response(
    description = "The account's role does not allow this",
    content_type = "application/problem+json",
    example = json!({"type": "/problems/forbidden", "title": "Not allowed", "status": 403,
        "detail": "This needs the role admin; you are editor", "code": "forbidden"})
)]
#[allow(dead_code)] // a documentation type: only its schema is used
pub struct Forbidden(shared::Problem);

/// 413: the body is over the limit.
#[derive(Debug, utoipa::ToResponse)]
#[response(
    description = "The body is larger than this operation accepts",
    content_type = "application/problem+json"
)]
#[allow(dead_code)] // a documentation type: only its schema is used
pub struct TooLarge(shared::Problem);

/// 415: the body is not JSON.
#[derive(Debug, utoipa::ToResponse)]
#[response(
    description = "The body must be `application/json`",
    content_type = "application/problem+json"
)]
#[allow(dead_code)] // a documentation type: only its schema is used
pub struct NotJson(shared::Problem);

/// 429: over the public API's rate limit.
#[derive(Debug, utoipa::ToResponse)]
#[response(
    description = "Over the rate limit: `http.anonymous_requests` (600 by default) public API \
        requests per client IP per `http.rate_window_seconds` (60). Every public response \
        carries `RateLimit-Limit`, `RateLimit-Remaining`, `RateLimit-Reset` and \
        `RateLimit-Policy`; retry after `Retry-After` seconds",
    content_type = "application/problem+json",
    headers(
        ("Retry-After" = u32, description = "Seconds to wait before retrying"),
        ("RateLimit-Limit" = u32, description = "Requests allowed per window"),
        ("RateLimit-Remaining" = u32, description = "Requests left in this window"),
        ("RateLimit-Reset" = u32, description = "Seconds until the window starts afresh"),
        ("RateLimit-Policy" = String, description = "`<limit>;w=<window seconds>`"),
    ),
    example = json!({"type": "/problems/too_many_requests", "title": "Too many requests",
        "status": 429, "detail": "This client made 600 requests in 60 seconds; try again in 12 seconds, or ask for an API key with a higher quota.",
        "code": "too_many_requests"})
)]
#[allow(dead_code)] // a documentation type: only its schema is used
pub struct RateLimited(shared::Problem);

/// 429: throttled.
#[derive(Debug, utoipa::ToResponse)]
#[response(
    description = "Too many attempts; retry after `Retry-After` seconds",
    content_type = "application/problem+json",
    headers(("Retry-After" = u32, description = "Seconds to wait before retrying"))
)]
#[allow(dead_code)] // a documentation type: only its schema is used
pub struct Throttled(shared::Problem);

/// 412: the article changed since the version the client edited.
#[derive(Debug, utoipa::ToResponse)]
#[response(
    description = "Changed by someone else since the version in `If-Match`; nothing was written",
    content_type = "application/problem+json",
    example = json!({"type": "/problems/precondition_failed", "title": "Changed by someone else",
        "status": 412, "detail": "the article is at version 4; it was changed since version 3. Reload it, then apply your changes again.",
        "code": "precondition_failed"})
)]
#[allow(dead_code)] // a documentation type: only its schema is used
pub struct Stale(shared::Problem);

/// 428: a change without `If-Match`.
#[derive(Debug, utoipa::ToResponse)]
#[response(
    description = "`If-Match` with the current ETag is required",
    content_type = "application/problem+json"
)]
#[allow(dead_code)] // a documentation type: only its schema is used
pub struct IfMatchRequired(shared::Problem);

/// Every `/api/v1` route, registered through utoipa so that none can exist outside the spec.
pub fn api_routes(cfg: &mut utoipa_actix_web::service_config::ServiceConfig<'_>) {
    cfg.service(articles::list_articles)
        .service(search::search_articles)
        .service(changes::list_changes)
        .service(entities::list_entities)
        .service(entities::get_entity)
        .service(entities::list_quotes)
        .service(entities::list_article_quotes)
        .service(articles::get_article_by_id)
        .service(articles::get_article)
        .service(taxonomy::list_sections)
        .service(taxonomy::get_section)
        .service(taxonomy::list_tags)
        .service(taxonomy::get_tag)
        .service(taxonomy::list_authors)
        .service(taxonomy::get_author)
        .service(auth::login)
        .service(auth::refresh)
        .service(auth::logout)
        .service(auth::me)
        .service(auth::update_me)
        .service(auth::change_password)
        .service(users::create_user)
        .service(users::list_users)
        .service(users::update_user)
        .service(newsroom::create_article)
        .service(newsroom::list_articles)
        .service(newsroom::list_revisions)
        .service(newsroom::publish_article)
        .service(newsroom::schedule_article)
        .service(newsroom::unpublish_article)
        .service(newsroom::get_article)
        .service(newsroom::update_article)
        .service(newsroom::correct_article)
        .service(newsroom::delete_article)
        .service(newsroom::restore_article)
        .service(newsroom::submit_article)
        .service(newsroom::set_article_entities)
        .service(newsroom::create_entity)
        .service(newsroom::diff_revisions)
        .service(newsroom::restore_revision)
        .service(newsroom::get_revision)
        .service(corrections::list_corrections)
        .service(feeds::feed)
        .service(api_keys::create_api_key)
        .service(api_keys::list_api_keys)
        .service(api_keys::revoke_api_key)
        .service(webhooks::create_webhook)
        .service(webhooks::list_webhooks)
        .service(webhooks::delete_webhook)
        .service(webhooks::enable_webhook)
        .service(webhooks::list_deliveries);
}

pub const API_V1: &str = "/api/v1";

/// Whether `path` (as the router matches it) is under `/api`.
pub fn is_api_path(path: &str) -> bool {
    path == "/api" || path.starts_with("/api/")
}

/// Routes at the site's root that crawlers expect there: robots.txt and sitemaps.
pub fn site_routes(cfg: &mut utoipa_actix_web::service_config::ServiceConfig<'_>) {
    cfg.service(feeds::robots)
        .service(feeds::sitemap_index)
        .service(feeds::news_sitemap)
        .service(feeds::article_sitemap);
}

/// The OpenAPI document, built from the same registrations the server uses.
pub fn openapi() -> utoipa::openapi::OpenApi {
    let (_, mut api) = App::new()
        .into_utoipa_app()
        .openapi(ApiDoc::openapi())
        .service(utoipa_actix_web::scope(API_V1).configure(api_routes))
        .configure(site_routes)
        .split_for_parts();
    text_patterns::apply(&mut api);
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

/// A route of the spec: its template, the methods it answers and whether it counts
/// against the public rate limit.
#[derive(Debug)]
pub struct ApiRoute {
    def: actix_web::dev::ResourceDef,
    /// The template's text before its first parameter: only a path that starts with
    /// it can match, which spares the pattern match for most routes on every request.
    prefix: String,
    /// `GET, HEAD, POST`, for `Allow`.
    allow: String,
    /// A route of the public API: under `/api`, and not staff's (newsroom, auth,
    /// users, API keys). The site's routes (robots.txt, sitemaps) are not the API's.
    pub public_api: bool,
}

/// Tags of the operations staff use; every other operation is public.
const STAFF_TAGS: [&str; 4] = ["newsroom", "auth", "users", "api-keys"];

/// Every route of the spec (API and site), read from it so that the rate limit and the
/// fallback know every route without a second list.
fn api_routes_table() -> &'static [ApiRoute] {
    static ROUTES: std::sync::OnceLock<Vec<ApiRoute>> = std::sync::OnceLock::new();
    ROUTES.get_or_init(|| {
        openapi()
            .paths
            .paths
            .iter()
            .map(|(path, item)| {
                let operations = [
                    (&item.get, "GET, HEAD"),
                    (&item.post, "POST"),
                    (&item.put, "PUT"),
                    (&item.patch, "PATCH"),
                    (&item.delete, "DELETE"),
                ];
                let allow: Vec<&str> = operations
                    .iter()
                    .filter(|(op, _)| op.is_some())
                    .map(|(_, methods)| *methods)
                    .collect();
                let public_api = is_api_path(path)
                    && operations
                        .iter()
                        .filter_map(|(op, _)| op.as_ref())
                        .all(|op| {
                            !op.tags
                                .iter()
                                .flatten()
                                .any(|tag| STAFF_TAGS.contains(&tag.as_str()))
                        });
                ApiRoute {
                    def: actix_web::dev::ResourceDef::new(path.as_str()),
                    prefix: path.split('{').next().unwrap_or_default().to_owned(),
                    allow: allow.join(", "),
                    public_api,
                }
            })
            .collect()
    })
}

/// The route `path` matches. `path` must be the path as the router matches it
/// (`req.match_info().as_str()`: percent-encoded characters other than `/`, `%` and
/// `+` decoded), never the request's raw text.
pub fn api_route(path: &str) -> Option<&'static ApiRoute> {
    api_routes_table()
        .iter()
        .filter(|route| path.starts_with(&route.prefix))
        .find(|route| route.def.is_match(path))
}

/// What no route answered: 405 (with `Allow`) for an API route asked with another
/// method, else 404 — a problem document either way, never an HTML page.
pub async fn fallback(
    req: HttpRequest,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    // As the router saw it: `/%61pi/…` is `/api/…`.
    let path = req.match_info().as_str();
    // Everything outside the API is the reader app's (HEAD arrives here as GET).
    if req.method() == actix_web::http::Method::GET && !is_api_path(path) {
        return site::page(&req, &state).await;
    }
    if let Some(route) = api_route(path) {
        let mut error = ApiError::new(
            shared::ErrorCode::MethodNotAllowed,
            format!("{path} answers {}, not {}", route.allow, req.method()),
        );
        error.allow = Some(route.allow.clone());
        return Err(error);
    }
    Err(ApiError::not_found(format!("There is nothing at {path}")))
}
