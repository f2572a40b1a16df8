//! The contract: the OpenAPI document, built from the same route registrations the
//! server uses (`super::api_routes`, `super::site_routes`), its shared responses and
//! security schemes, and the text rule added to every request string
//! (`text_patterns`).

mod text_patterns;

use actix_web::App;
use utoipa::OpenApi as _;
use utoipa_actix_web::AppExt as _;

use super::{API_V1, api_routes, site_routes};

#[derive(Debug, utoipa::OpenApi)]
#[openapi(
    info(
        title = "Global Insight API",
        description = "Published articles of Global Insight, with their structure as data: \
            dateline, byline, sections, tags and a body of typed blocks (paragraphs, headings, \
            quotes with their speakers, lists, images and galleries — each picture with its \
            renditions, WebP and JPEG, for `srcset`).\n\n\
            Errors are RFC 9457 `application/problem+json` documents with a stable `code` and, \
            where one parameter is to blame, its name in `field`. Public reads carry strong \
            `ETag`s and `Last-Modified`, answer conditional requests with 304, and are \
            compressed with brotli or gzip on request.",
        license(name = "MIT OR Apache-2.0"),
    ),
    tags(
        (name = "articles", description = "Published articles"),
        (name = "fronts", description = "The home page and the sections' pages as the editors arrange them"),
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
        (name = "media", description = "The image library (staff): upload, describe, find, delete"),
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
