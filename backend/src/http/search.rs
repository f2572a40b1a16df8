//! `GET /api/v1/search`.

use actix_web::{HttpRequest, HttpResponse, get, web};
use chrono::NaiveDateTime;
use shared::query::{PerPage, SearchArticlesQuery, SearchOrder, SearchPageNumber};
use shared::{ErrorCode, SearchPage};

use super::AppState;
use super::articles::article_filter;
use super::error::ApiError;
use super::paging;
use super::query::Query;
use super::response_cache::respond_page;
use crate::db::DbConnection;
use crate::domain::Desk;
use crate::domain::search::{self as domain, SearchError, SearchRequest};
use crate::search::Analyzer;
use crate::search::engine::MAX_WINDOW;
use crate::search::query::{MAX_QUERY_CHARS, SearchQuery};

// Every page a request may ask lies within the engine's window.
const _: () = assert!((SearchPageNumber::MAX * PerPage::MAX) as usize <= MAX_WINDOW);

/// Search published articles
///
/// Full-text search over headline, standfirst and body, with the article list's
/// filters. Each result carries the article, its score and HTML highlights (the
/// matching words in `<mark>`). An empty query (or one over 500 characters) is refused
/// with 400 `invalid_query` naming `q`. A search reaches its first 100 pages (with
/// `per_page` at most 100, its first 10,000 matches): `total` still counts them all,
/// the pages and links stop there. While the search index is being made from the
/// archive — a first start on a large archive, or an upgrade that changes the index —
/// the answer is 503 with `Retry-After`.
#[utoipa::path(
    operation_id = "searchArticles",
    tag = "articles",
    params(SearchArticlesQuery),
    responses(
        (status = 200, description = "A page of matching published articles", body = SearchPage,
            headers(
                ("ETag" = String, description = "Strong validator of this representation"),
                ("Last-Modified" = String, description = "When the newest listed article last changed"),
                ("Cache-Control" = String, description = "`public, max-age=…, stale-while-revalidate=…`"),
                ("Link" = String, description = "RFC 8288 links: first, last, prev, next"),
            )),
        (status = 304, response = super::NotModified),
        (status = 400, response = super::BadRequest),
        (status = 429, response = super::RateLimited),
        (status = 503, response = super::Unavailable),
    )
)]
#[get("/search")]
pub async fn search_articles(
    req: HttpRequest,
    query: Query<SearchArticlesQuery>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let path = req.path().to_owned();
    let searching = state.searching();
    // Kept as the list's pages are, while the content stands: many readers asking the
    // same words are answered once.
    let key = format!("search {path}?{}", req.query_string());
    respond_page(&state, &req, key, move |conn, desk| {
        search_page(conn, desk, &searching, &path, &query)
    })
    .await
}

/// `Retry-After` while the search index is being made (a million articles take ~14
/// minutes; 20,000, which a start waits for, ~1 s).
const NOT_READY_RETRY_SECONDS: u64 = 30;

/// A page of search results as `searchArticles` answers it at `path`: the page, when
/// its newest hit last changed, and its `Link` header. (The reader's search page the
/// server renders reads it here too.)
pub fn search_page(
    conn: &mut DbConnection,
    desk: Desk,
    searching: &domain::Searching,
    path: &str,
    query: &Query<SearchArticlesQuery>,
) -> Result<(SearchPage, Option<NaiveDateTime>, String), ApiError> {
    let filter = article_filter(query.filters(), desk);
    let q = &query.q;
    if q.chars().count() > MAX_QUERY_CHARS {
        return Err(ApiError::field(
            ErrorCode::InvalidQuery,
            "q",
            format!("`q` may be at most {MAX_QUERY_CHARS} characters long"),
        ));
    }
    let analyzers: Vec<Analyzer> = match &filter.language {
        Some(language) => vec![Analyzer::for_language(language)],
        None => Analyzer::ALL.to_vec(),
    };
    let search_query = SearchQuery::parse(q, &analyzers)
        .map_err(|e| ApiError::field(ErrorCode::InvalidQuery, "q", e.0))?;
    let order = query.order.unwrap_or(SearchOrder::Relevance);
    let (page, per_page) = (
        query.page.unwrap_or_default(),
        query.per_page.unwrap_or_default(),
    );
    let fields = query.fields.clone().unwrap_or_default();
    let asked = query.facets.clone().unwrap_or_default();
    let offset = per_page.offset(page) as u64;
    let results = match search_query {
        // Nothing to look for (only common words, punctuation or exclusions).
        None => domain::SearchResults::default(),
        Some(search_query) => domain::search(
            conn,
            desk,
            searching,
            &SearchRequest {
                query: &search_query,
                filter: &filter,
                order,
                per_page: per_page.get(),
                offset,
                fields: &fields,
                facets: &asked,
            },
        )
        .map_err(|error| match error {
            SearchError::NotReady => ApiError::new(
                ErrorCode::ServiceUnavailable,
                "The search index is being made from the archive; try again shortly.",
            )
            .retry_after(NOT_READY_RETRY_SECONDS),
            SearchError::Failed(cause) => ApiError::internal(cause),
        })?,
    };
    let facets = match &query.facets {
        Some(asked) => Some(domain::facets(conn, asked, results.facets)?),
        None => None,
    };
    let pagination = paging::pagination_within(
        path,
        query.pairs(),
        page.get(),
        per_page.get(),
        results.total,
        SearchPageNumber::MAX,
    );
    let link = paging::link_header(&pagination.links);
    let body = SearchPage {
        data: results.hits,
        pagination,
        facets,
    };
    Ok((body, results.last_modified, link))
}
