//! Draft preview links: staff make, list and revoke them
//! (`/api/v1/newsroom/articles/{id}/previews`); anyone with a link reads the draft
//! (`/api/v1/previews/{token}`), never cached, never indexed.

use actix_web::http::header;
use actix_web::{HttpResponse, delete, get, post, web};
use shared::previews::{NewPreview, PreviewLink, PreviewList};
use shared::{ArticleId, PreviewId};

use super::auth::AuthUser;
use super::body::JsonBody;
use super::error::ApiError;
use super::newsroom::actor;
use super::path::{PathId, PathPreview};
use super::query::NoQuery;
use super::{AppState, with_db};
use crate::domain::newsroom::{self, Opened};

/// What a preview answer carries besides its body — the API's and the page's alike:
/// kept nowhere, indexed by no one, its address sent to no other site.
pub(super) fn private(mut response: HttpResponse) -> HttpResponse {
    let headers = response.headers_mut();
    for (name, value) in [
        (header::CACHE_CONTROL, "private, no-store"),
        (
            header::HeaderName::from_static("x-robots-tag"),
            "noindex, nofollow",
        ),
        (header::REFERRER_POLICY, "no-referrer"),
    ] {
        headers.insert(name, header::HeaderValue::from_static(value));
    }
    response
}

/// Make a preview link
///
/// Whoever may read the article (its author, the editors). The link shows the article
/// as readers would see it to anyone who has it, without an account, for `hours`
/// (48 by default, at most 168); once the article is published it sends them to it.
/// Its address (`path`, on the site) is in this answer only: only its hash is kept.
#[utoipa::path(
    operation_id = "createPreviewLink",
    tag = "newsroom",
    security(("bearer" = [])),
    params(("id" = shared::ArticleId, Path, description = "The article's id")),
    request_body = NewPreview,
    responses(
        (status = 201, description = "The link, with its address", body = PreviewLink),
        (status = 400, response = super::BadRequestBody),
        (status = 401, response = super::Unauthorized),
        (status = 404, description = "No such article, or not yours", body = shared::Problem,
            content_type = "application/problem+json"),
        (status = 413, response = super::TooLarge),
        (status = 415, response = super::NotJson),
        (status = 503, response = super::Unavailable),
    )
)]
#[post("/newsroom/articles/{id}/previews")]
pub async fn create_preview(
    _: NoQuery,
    auth: AuthUser,
    state: web::Data<AppState>,
    PathId(id): PathId<ArticleId>,
    body: JsonBody<NewPreview>,
) -> Result<HttpResponse, ApiError> {
    let actor = actor(&auth);
    let new = body.0;
    let link = with_db(&state, move |conn, desk| {
        newsroom::create_preview(conn, desk, &actor, id, &new)
    })
    .await?;
    Ok(private(HttpResponse::Created().json(link)))
}

/// List an article's preview links
///
/// Newest first, with their state (`active`, `expired`, `revoked`); never their
/// addresses.
#[utoipa::path(
    operation_id = "listPreviewLinks",
    tag = "newsroom",
    security(("bearer" = [])),
    params(("id" = shared::ArticleId, Path, description = "The article's id")),
    responses(
        (status = 200, description = "The links", body = PreviewList),
        (status = 400, response = super::BadRequest),
        (status = 401, response = super::Unauthorized),
        (status = 404, description = "No such article, or not yours", body = shared::Problem,
            content_type = "application/problem+json"),
        (status = 503, response = super::Unavailable),
    )
)]
#[get("/newsroom/articles/{id}/previews")]
pub async fn list_previews(
    _: NoQuery,
    auth: AuthUser,
    state: web::Data<AppState>,
    PathId(id): PathId<ArticleId>,
) -> Result<HttpResponse, ApiError> {
    let actor = actor(&auth);
    let list = with_db(&state, move |conn, desk| {
        newsroom::previews(conn, desk, &actor, id)
    })
    .await?;
    Ok(private(HttpResponse::Ok().json(list)))
}

/// Revoke a preview link
///
/// At once: whoever opens it next gets 410.
#[utoipa::path(
    operation_id = "revokePreviewLink",
    tag = "newsroom",
    security(("bearer" = [])),
    params(
        ("id" = shared::ArticleId, Path, description = "The article's id"),
        ("preview_id" = shared::PreviewId, Path, description = "The link's id"),
    ),
    responses(
        (status = 204, description = "Revoked (or it already was)"),
        (status = 400, response = super::BadRequest),
        (status = 401, response = super::Unauthorized),
        (status = 404, description = "No such article or link, or not yours", body = shared::Problem,
            content_type = "application/problem+json"),
        (status = 503, response = super::Unavailable),
    )
)]
#[delete("/newsroom/articles/{id}/previews/{preview_id}")]
pub async fn revoke_preview(
    _: NoQuery,
    auth: AuthUser,
    state: web::Data<AppState>,
    PathId(id): PathId<ArticleId>,
    PathPreview(preview): PathPreview<PreviewId>,
) -> Result<HttpResponse, ApiError> {
    let actor = actor(&auth);
    with_db(&state, move |conn, desk| {
        newsroom::revoke_preview(conn, desk, &actor, id, preview)
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Read a draft by its preview link
///
/// The article the link was made for, as readers would see it, whatever its state
/// (`Cache-Control: private, no-store`, `X-Robots-Tag: noindex`). Once it is public,
/// 303 to its public address. A link revoked or expired (or whose article was
/// deleted) is 410; an unknown one 404.
#[utoipa::path(
    operation_id = "getPreview",
    tag = "articles",
    params(("token" = String, Path, description = "The link's token (the last segment of its address)")),
    responses(
        (status = 200, description = "The article", body = shared::Article,
            headers(
                ("Cache-Control" = String, description = "`private, no-store`"),
                ("X-Robots-Tag" = String, description = "`noindex, nofollow`"),
            )),
        (status = 303, description = "The article is public: its address",
            headers(("Location" = String, description = "`/api/v1/articles/<slug>`"))),
        (status = 400, response = super::BadRequest),
        (status = 404, description = "No preview link has this address", body = shared::Problem,
            content_type = "application/problem+json"),
        (status = 410, description = "The link was revoked or has expired, or its article was deleted", body = shared::Problem,
            content_type = "application/problem+json"),
        (status = 429, response = super::RateLimited),
        (status = 503, response = super::Unavailable),
    )
)]
#[get("/previews/{token}")]
pub async fn get_preview(
    _: NoQuery,
    state: web::Data<AppState>,
    token: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let token = token.into_inner();
    let opened = with_db(&state, move |conn, desk| {
        newsroom::open_preview(conn, desk, &token)
    })
    .await?;
    Ok(match opened {
        Opened::Draft(article) => private(HttpResponse::Ok().json(article)),
        Opened::Public { slug } => private(
            HttpResponse::SeeOther()
                .insert_header((header::LOCATION, format!("/api/v1/articles/{slug}")))
                .finish(),
        ),
    })
}
