//! Author profiles in the newsroom (`PATCH /newsroom/authors/{slug}`).

use actix_web::http::header;
use actix_web::{HttpResponse, get, patch, web};
use shared::staff::AuthorProfileUpdate;

use super::auth::AuthUser;
use super::body::JsonBody;
use super::error::ApiError;
use super::newsroom::actor;
use super::query::NoQuery;
use super::{AppState, with_db};
use crate::domain::newsroom;

/// Get an author's profile
///
/// As `updateAuthorProfile` writes it, whether or not a published article names the
/// author yet (the public `getAuthor` waits for one). Any staff member.
#[utoipa::path(
    operation_id = "getAuthorProfile",
    tag = "newsroom",
    security(("bearer" = [])),
    params(("slug" = String, Path, description = "The author's slug", example = "redaksi-global-insight")),
    responses(
        (status = 200, description = "The profile", body = shared::Author,
            headers(("Cache-Control" = String, description = "`no-store`"))),
        (status = 400, response = super::BadRequest),
        (status = 401, response = super::Unauthorized),
        (status = 404, description = "No author has this slug", body = shared::Problem,
            content_type = "application/problem+json"),
        (status = 503, response = super::Unavailable),
    )
)]
#[get("/newsroom/authors/{slug}")]
pub async fn get_author_profile(
    _: NoQuery,
    _: AuthUser,
    state: web::Data<AppState>,
    slug: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let slug = slug.into_inner();
    let author = with_db(&state, move |conn, desk| {
        newsroom::profile(conn, desk, &slug)
    })
    .await?;
    Ok(HttpResponse::Ok()
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .json(author))
}

/// Change an author's profile
///
/// What the author page, bylines, JSON-LD (`Person`) and ninjs (`people`, `rel`
/// `author`) say of an author besides the name: job title, bio, photo (an image of
/// the library; without one, readers see initials), links to their profiles elsewhere,
/// the language they write in. Only the fields given change; `""` clears a text, `[]`
/// the links. Editors and admins change any author's (desks too); an author their own.
#[utoipa::path(
    operation_id = "updateAuthorProfile",
    tag = "newsroom",
    security(("bearer" = [])),
    params(("slug" = String, Path, description = "The author's slug", example = "redaksi-global-insight")),
    request_body = AuthorProfileUpdate,
    responses(
        (status = 200, description = "The profile as it now is", body = shared::Author,
            headers(("Cache-Control" = String, description = "`no-store`"))),
        (status = 400, response = super::BadRequestBody),
        (status = 401, response = super::Unauthorized),
        (status = 403, response = super::Forbidden),
        (status = 404, description = "No author has this slug", body = shared::Problem,
            content_type = "application/problem+json"),
        (status = 413, response = super::TooLarge),
        (status = 415, response = super::NotJson),
        (status = 503, response = super::Unavailable),
    )
)]
#[patch("/newsroom/authors/{slug}")]
pub async fn update_author_profile(
    _: NoQuery,
    auth: AuthUser,
    state: web::Data<AppState>,
    slug: web::Path<String>,
    body: JsonBody<AuthorProfileUpdate>,
) -> Result<HttpResponse, ApiError> {
    let actor = actor(&auth);
    let (slug, update) = (slug.into_inner(), body.0);
    let author = with_db(&state, move |conn, desk| {
        newsroom::update_profile(conn, desk, &actor, &slug, &update)
    })
    .await?;
    Ok(HttpResponse::Ok()
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .json(author))
}
