//! `GET /api/v1/search`.

use actix_web::{HttpRequest, HttpResponse, get, web};
use serde::Deserialize;
use shared::{ErrorCode, SearchPage};
use utoipa::{IntoParams, ToSchema};

use super::articles::article_filter;
use super::caching::Cacheable;
use super::error::ApiError;
use super::paging::{self, Position};
use super::query::{Paging, Query};
use super::{AppState, with_db};
use crate::db::search::SearchOrder;
use crate::domain::search::{self as domain, SearchRequest};
use crate::search::Analyzer;
use crate::search::query::{MAX_QUERY_CHARS, SearchQuery};

/// Order of search results.
#[derive(Debug, Clone, Copy, Deserialize, ToSchema, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum SearchResultOrder {
    Relevance,
    Newest,
    Oldest,
}

/// Query parameters of `searchArticles`. Unknown or repeated parameters are refused.
#[derive(Debug, IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)] // a documentation type: the handler reads the query itself
pub struct SearchParams {
    /// What to look for. Words are all required (`AND` may be written); `OR` between
    /// alternatives; `NOT word` or `-word` excludes; `"a quoted phrase"` matches the words
    /// in that order; parentheses group. Operators are uppercase. Words match their other
    /// forms: Indonesian by root (`kuat` finds `menguatkan` and `penguatan`), English by
    /// stem; common words (`yang`, `dan`, `the`) are ignored. Mistyped syntax is forgiven
    /// (an unclosed quote or parenthesis closes at the end; a stray `)` or an operator
    /// with nothing beside it is ignored); only the first 32 words and phrases are used,
    /// and parentheses group 8 deep. A query with nothing left to look for (only common
    /// words, punctuation or exclusions) finds nothing. At most 500 characters.
    #[param(
        example = "\"kerja sama\" rusia -ukraina",
        min_length = 1,
        max_length = 500,
        pattern = "\\S"
    )]
    pub q: String,
    /// `relevance` (default: how well the article matches — a headline match counts most —
    /// weighed down by age, half at `desk.search_recency_days`, 30 by default), `newest` or `oldest`.
    #[param(inline)]
    pub order: Option<SearchResultOrder>,
    /// Page number, from 1.
    #[param(minimum = 1, maximum = 100_000, default = 1)]
    pub page: Option<u32>,
    /// Results per page.
    #[param(minimum = 1, maximum = 100, default = 20)]
    pub per_page: Option<u32>,
}

const SEARCH_PARAMS: &[&str] = &[
    "q", "section", "tag", "author", "entity", "lang", "from", "to", "order", "page", "per_page",
];

/// Search published articles
///
/// Full-text search over headline, standfirst and body, with the article list's
/// filters. Each result carries the article, its score and HTML highlights (the
/// matching words in `<mark>`). An empty query (or one over 500 characters) is refused
/// with 400 `invalid_query` naming `q`.
#[utoipa::path(
    operation_id = "searchArticles",
    tag = "articles",
    params(SearchParams, super::articles::ArticleFilterParams),
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
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let query = Query::parse(req.query_string(), SEARCH_PARAMS)?;
    let filter = article_filter(&query, state.desk)?;
    let Some(q) = query.get("q") else {
        return Err(ApiError::invalid(
            "q",
            "`q` is required: the words to search for",
        ));
    };
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
    let order = match query.choice("order", &["relevance", "newest", "oldest"], "relevance")? {
        "newest" => SearchOrder::Newest,
        "oldest" => SearchOrder::Oldest,
        _ => SearchOrder::Relevance,
    };
    let paging = Paging::from_query(&query)?;
    let recency_days = state.settings.desk.search_recency_days;
    let per_page = paging.per_page;
    let offset = paging.offset() as u64;
    let results = match search_query {
        // Nothing to look for (only common words, punctuation or exclusions).
        None => domain::SearchResults::default(),
        Some(search_query) => {
            with_db(&state, move |conn, desk| {
                domain::search(
                    conn,
                    desk,
                    &SearchRequest {
                        query: &search_query,
                        filter: &filter,
                        order,
                        recency_days,
                        per_page,
                        offset,
                    },
                )
            })
            .await?
        }
    };
    let pagination = paging::pagination(
        req.path(),
        &query,
        Position::Page(paging.page),
        per_page,
        results.total,
        None,
    );
    let link = paging::link_header(&pagination.links);
    let body = SearchPage {
        data: results.hits,
        pagination,
    };
    Cacheable {
        value: &body,
        last_modified: results.last_modified,
        link: Some(link),
    }
    .respond(&req, &state.settings.http)
}
