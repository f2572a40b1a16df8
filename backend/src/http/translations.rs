//! Starting a translation of an article (`POST /newsroom/articles/{id}/translations`).

use actix_web::{HttpResponse, post, web};
use shared::ArticleId;
use shared::newsroom::NewTranslation;

use super::auth::AuthUser;
use super::body::JsonBody;
use super::error::ApiError;
use super::newsroom::{actor, with_version};
use super::path::PathId;
use super::query::NoQuery;
use super::{AppState, with_db};
use crate::domain::newsroom;

/// Start a translation
///
/// A new draft in `language` with the article's structure and text to translate
/// (headline, standfirst, dateline, byline, section, tags, body, pictures), marked as
/// translated from it (`translation_of`) and linked with it — and with its other
/// translations — in one translation group: once public, each lists the others in
/// `translations`, and their pages point to each other (`hreflang`). Whoever may read
/// the article. One translation per language in a group.
#[utoipa::path(
    operation_id = "startTranslation",
    tag = "newsroom",
    security(("bearer" = [])),
    params(("id" = ArticleId, Path, description = "The article's id")),
    request_body = NewTranslation,
    responses(
        (status = 201, description = "The translation, a draft", body = shared::Article,
            headers(("ETag" = String, description = "`\"v1\"`"))),
        (status = 400, response = super::BadRequestBody),
        (status = 401, response = super::Unauthorized),
        (status = 404, description = "No such article, or not yours", body = shared::Problem,
            content_type = "application/problem+json"),
        (status = 409, description = "The article is in this language, or its story has a translation in it already", body = shared::Problem,
            content_type = "application/problem+json"),
        (status = 413, response = super::TooLarge),
        (status = 415, response = super::NotJson),
        (status = 503, response = super::Unavailable),
    )
)]
#[post("/newsroom/articles/{id}/translations")]
pub async fn start_translation(
    _: NoQuery,
    auth: AuthUser,
    state: web::Data<AppState>,
    PathId(id): PathId<ArticleId>,
    body: JsonBody<NewTranslation>,
) -> Result<HttpResponse, ApiError> {
    let actor = actor(&auth);
    let new = body.0;
    let article = with_db(&state, move |conn, desk| {
        newsroom::start_translation(conn, desk, &actor, id, &new)
    })
    .await?;
    Ok(with_version(
        HttpResponse::Created(),
        article.version,
        &article,
    ))
}
