//! `GET /api/v1/corrections`: every public correction, newest first.

use actix_web::{HttpRequest, HttpResponse, get, web};
use shared::CorrectionPage;
use shared::query::PageQuery;

use super::AppState;
use super::error::ApiError;
use super::query::Query;
use super::taxonomy::paged;
use crate::domain::articles as domain;

/// List corrections
///
/// Corrections attached to published articles, newest first, each with the article it corrects.
#[utoipa::path(
    operation_id = "listCorrections",
    tag = "articles",
    params(PageQuery),
    responses(
        (status = 200, description = "A page of corrections", body = CorrectionPage,
            headers(("Link" = String, description = "RFC 8288 links: first, last, prev, next"))),
        (status = 304, response = super::NotModified),
        (status = 400, response = super::BadRequest),
        (status = 429, response = super::RateLimited),
        (status = 503, response = super::Unavailable),
    )
)]
#[get("/corrections")]
pub async fn list_corrections(
    req: HttpRequest,
    query: Query<PageQuery>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    paged(
        &req,
        &state,
        &query,
        (query.page, query.per_page),
        domain::public_corrections,
    )
    .await
}
