//! Most read: the reader app's view beacon and the ranking it feeds.

use std::time::Instant;

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use shared::ErrorCode;

use super::error::ApiError;
use super::query::Query;
use super::response_cache::respond_json;
use super::{AppState, with_db};
use crate::domain::views;

/// Count a view
///
/// What the reader app sends once each time a reader opens an article (with
/// `navigator.sendBeacon`): one view of the published article `slug`, counted in its
/// clock hour for `listMostRead`. No cookie, address or `User-Agent` is kept; a known
/// crawler's request (by its `User-Agent`, or one without) is answered alike and not
/// counted. Takes no body. Each client may report `views.per_client` views per
/// `views.client_window_seconds` (60 a minute unless configured); past it, 429.
#[utoipa::path(
    operation_id = "countView",
    tag = "articles",
    params(
        ("slug" = String, Path, description = "The article's slug", example = "hubungan-antara-korea-utara-dan-rusia-menunjukkan-peningkatan-signifikan-dalam"),
    ),
    responses(
        (status = 204, description = "Counted (or a crawler's, not counted)",
            headers(("Cache-Control" = String, description = "`no-store`"))),
        (status = 400, description = "The request had a body (`field`: `body`)", body = shared::Problem,
            content_type = "application/problem+json"),
        (status = 404, description = "No published article has this slug", body = shared::Problem,
            content_type = "application/problem+json"),
        (status = 429, response = super::RateLimited),
        (status = 503, response = super::Unavailable),
    )
)]
#[post("/articles/{slug}/views")]
pub async fn count_view(
    req: HttpRequest,
    slug: web::Path<String>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    if super::body::announces_body(req.headers()) {
        return Err(ApiError::field(
            ErrorCode::InvalidBody,
            "body",
            "A view is reported with an empty body",
        ));
    }
    let client = super::auth::client_ip(&req, &state.settings.auth.trusted_proxies);
    let standing = state.view_limiter.hit(&client, None, Instant::now());
    if !standing.allowed {
        return Err(ApiError::too_many_requests(
            standing.reset,
            format!(
                "This client reported {} views in {} seconds; try again in {} seconds.",
                standing.limit, standing.window, standing.reset
            ),
        ));
    }
    let agent = req
        .headers()
        .get(header::USER_AGENT)
        .and_then(|value| value.to_str().ok());
    let crawler = views::is_crawler(agent);
    let slug = slug.into_inner();
    let found = with_db(&state, move |conn, desk| {
        views::viewable(conn, desk, &slug).map(|id| id.map(|id| (id, desk.now())))
    })
    .await?;
    let Some((id, now)) = found else {
        return Err(ApiError::not_found(
            "No published article has this slug".to_owned(),
        ));
    };
    if !crawler {
        state.views.count(id, now);
    }
    Ok(HttpResponse::NoContent()
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .finish())
}

/// List the most read stories
///
/// The published stories readers opened most over the last hour, day or week (views
/// are counted per clock hour, so the window takes every hour it overlaps), the most
/// read first; a story with no views in the window is not listed. The ranking is
/// counted again every `views.ranking_seconds` (60 unless configured); a story
/// unpublished leaves it at once. Counts are not published.
#[utoipa::path(
    operation_id = "listMostRead",
    tag = "articles",
    params(shared::query::MostReadQuery),
    responses(
        (status = 200, description = "The most read stories, possibly none", body = shared::ArticleList,
            headers(
                ("ETag" = String, description = "Strong validator of this representation"),
                ("Cache-Control" = String, description = "`public, max-age=…, stale-while-revalidate=…`"),
            )),
        (status = 304, response = super::NotModified),
        (status = 400, response = super::BadRequest),
        (status = 429, response = super::RateLimited),
        (status = 503, response = super::Unavailable),
    )
)]
#[get("/most-read")]
pub async fn list_most_read(
    req: HttpRequest,
    query: Query<shared::query::MostReadQuery>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let counter = state.views.clone();
    let make = move |conn: &mut crate::db::DbConnection, desk| {
        // What this instance counted goes in first, so its own readers are in the list;
        // if that fails the counts stay for the next write and the list is still made.
        if let Err(error) = counter.flush(conn) {
            tracing::warn!(%error, "views not written before most-read; kept for the next time");
        }
        let fields = shared::query::FieldSet::default();
        let data = views::most_read(conn, desk, &query)?
            .into_iter()
            .map(|article| shared::ArticleSummary::of(article, &fields))
            .collect();
        Ok(shared::ArticleList { data })
    };
    // Kept while the content stands, and for this stretch of time at most.
    let key = match state.settings.views.ranking_seconds {
        0 => None,
        seconds => {
            let stretch = state
                .desk
                .now()
                .and_utc()
                .timestamp()
                .div_euclid(seconds as i64);
            Some(format!("most-read {stretch}?{}", req.query_string()))
        }
    };
    respond_json(&state, &req, key, make).await
}
