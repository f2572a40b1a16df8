//! `GET /api/v1/changes`: the change feed partners mirror from.

use actix_web::{HttpRequest, HttpResponse, get, web};
use shared::query::ListChangesQuery;
use shared::{ChangePage, ErrorCode};

use super::caching::Cacheable;
use super::error::ApiError;
use super::query::Query;
use super::{AppState, with_db};
use crate::domain::changes as domain;

/// List changes to published articles
///
/// Every publication (including a scheduled one, when its time comes), update,
/// correction, unpublication and deletion of a public article, in the order they were
/// committed: no entry is skipped or repeated, also while articles are being written.
/// Keep a mirror in sync by polling with `since` set to the last `next_cursor`; when
/// `has_more` is true, ask again at once.
#[utoipa::path(
    operation_id = "listChanges",
    tag = "articles",
    params(ListChangesQuery),
    responses(
        (status = 200, description = "The next changes after `since`, oldest first", body = ChangePage,
            headers(
                ("ETag" = String, description = "Strong validator: poll with `If-None-Match` for a 304 while nothing happened"),
                ("Cache-Control" = String, description = "`no-cache`: revalidate every time"),
            )),
        (status = 304, response = super::NotModified),
        (status = 400, response = super::BadRequest),
        (status = 429, response = super::RateLimited),
        (status = 503, response = super::Unavailable),
    )
)]
#[get("/changes")]
pub async fn list_changes(
    req: HttpRequest,
    query: Query<ListChangesQuery>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let since = match &query.since {
        None => 0,
        Some(raw) => raw.parse::<i64>().ok().filter(|n| *n >= 0).ok_or_else(|| {
            ApiError::field(
                ErrorCode::InvalidCursor,
                "since",
                format!("`since` must be a cursor from this feed, not {raw:?}"),
            )
        })?,
    };
    let limit = query.limit.unwrap_or_default().get();
    let page = with_db(&state, move |conn, desk| {
        domain::changes_after(conn, desk, since, limit)
    })
    .await?;
    Cacheable {
        value: &page,
        last_modified: None,
        link: None,
    }
    .respond_revalidated(&req)
}
