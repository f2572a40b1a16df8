//! `GET /api/v1/changes`: the change feed partners mirror from.

use actix_web::{HttpRequest, HttpResponse, get, web};
use shared::{ChangePage, ErrorCode};
use utoipa::IntoParams;

use super::caching::Cacheable;
use super::error::ApiError;
use super::query::Query;
use super::{AppState, with_db};
use crate::domain::changes as domain;

/// Query parameters of `listChanges`.
#[derive(Debug, IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)] // a documentation type: the handler reads the query itself
pub struct ChangeParams {
    /// Resume after this cursor (a change's `cursor`, or a page's `next_cursor`); from
    /// the beginning of the log when absent.
    #[param(example = "42", pattern = "^[0-9]{1,18}$")]
    pub since: Option<String>,
    /// Changes per response.
    #[param(minimum = 1, maximum = 1000, default = 100)]
    pub limit: Option<u32>,
}

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
    params(ChangeParams),
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
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let query = Query::parse(req.query_string(), &["since", "limit"])?;
    let since = match query.get("since") {
        None => 0,
        Some(raw) => raw.parse::<i64>().ok().filter(|n| *n >= 0).ok_or_else(|| {
            ApiError::field(
                ErrorCode::InvalidCursor,
                "since",
                format!("`since` must be a cursor from this feed, not {raw:?}"),
            )
        })?,
    };
    let limit = query.number("limit", 1, 1000)?.unwrap_or(100);
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
