//! `GET /api/v1/articles`, `/articles/{slug}`, `/articles/by-id/{id}`.

use actix_web::{HttpRequest, HttpResponse, get, web};
use serde::Deserialize;
use shared::ArticlePage;
use utoipa::{IntoParams, ToSchema};

use super::AppState;
use super::caching::{Cacheable, JsonFlavour, public_cache_control};
use super::error::ApiError;
use super::paging::{self, Position};
use super::query::{Bound, DEFAULT_PER_PAGE, MAX_PER_PAGE, Paging, Query};
use super::response_cache::ResponseCache;
use crate::db::articles::{ArticleFilter, Order, PageStart};
use crate::domain::Desk;
use crate::domain::articles as domain;

/// Sort order of the article list, by publication time.
#[derive(Debug, Clone, Copy, Deserialize, ToSchema, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum ArticleOrder {
    Newest,
    Oldest,
}

/// The filters shared by `listArticles` and `searchArticles`.
#[derive(Debug, IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)] // a documentation type: the handlers read the query themselves
pub struct ArticleFilterParams {
    /// Only articles in this section (slug).
    #[param(example = "internasional", value_type = Option<super::query::Slug>)]
    pub section: Option<String>,
    /// Only articles with this tag (slug).
    #[param(example = "korea-utara", value_type = Option<super::query::Slug>)]
    pub tag: Option<String>,
    /// Only articles whose byline names this author (slug).
    #[param(example = "redaksi-global-insight", value_type = Option<super::query::Slug>)]
    pub author: Option<String>,
    /// Only articles about this person, place or organisation (entity slug).
    #[param(example = "kim-jong-un", value_type = Option<super::query::Slug>)]
    pub entity: Option<String>,
    /// Only articles in this language (BCP 47 tag); a search then analyzes its query in
    /// that language only.
    #[param(
        example = "id",
        pattern = "^[A-Za-z][A-Za-z0-9]{0,7}(-[A-Za-z0-9]{1,8})*$",
        min_length = 2,
        max_length = 35
    )]
    pub lang: Option<String>,
    /// Published at or after: a date (`2025-07-13`, from the start of that day at the
    /// desk) or an RFC 3339 time.
    #[param(example = "2025-07-01", value_type = Option<super::query::TimeBound>)]
    pub from: Option<String>,
    /// Published at or before: a date (`2025-07-31`, to the end of that day at the desk)
    /// or an RFC 3339 time. Before `from`, nothing matches.
    #[param(example = "2025-07-31", value_type = Option<super::query::TimeBound>)]
    pub to: Option<String>,
}

/// Query parameters of `listArticles` besides its filters. Unknown or repeated
/// parameters are refused.
#[derive(Debug, IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)] // a documentation type: the handler reads the query itself
pub struct ArticleListParams {
    /// `newest` (default) or `oldest` first.
    #[param(inline)]
    pub order: Option<ArticleOrder>,
    /// Page number, from 1; with `cursor`, pages counted after the cursor.
    #[param(minimum = 1, maximum = 100_000, default = 1)]
    pub page: Option<u32>,
    /// Articles per page.
    #[param(minimum = 1, maximum = 100, default = 20)]
    pub per_page: Option<u32>,
    /// Keyset cursor from `pagination.next_cursor`, for deep paging: the list continues
    /// after that article, in the `order` asked for.
    #[param(pattern = "^[A-Za-z0-9_-]{32}$")]
    pub cursor: Option<String>,
}

const LIST_PARAMS: &[&str] = &[
    "section", "tag", "author", "entity", "lang", "from", "to", "order", "page", "per_page",
    "cursor",
];

/// List published articles
///
/// Published articles only, newest first by default, with the full structured body.
/// Page with `page` + `per_page`, or follow `pagination.next_cursor` with `cursor`
/// for deep paging that stays stable while articles are published. The same links
/// are sent as an RFC 8288 `Link` header.
#[utoipa::path(
    operation_id = "listArticles",
    tag = "articles",
    params(ArticleFilterParams, ArticleListParams),
    responses(
        (status = 200, description = "A page of published articles", body = ArticlePage,
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
#[get("/articles")]
pub async fn list_articles(
    req: HttpRequest,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let query = Query::parse(req.query_string(), LIST_PARAMS)?;
    let order = match query.choice("order", &["newest", "oldest"], "newest")? {
        "oldest" => Order::Oldest,
        _ => Order::Newest,
    };
    let page = query.number("page", 1, Paging::PAGE_MAX)?;
    let cursor = query.get("cursor").map(str::to_owned);
    let filter = article_filter(&query, state.desk)?;
    let paging = Paging {
        page: page.unwrap_or(1),
        per_page: query
            .number("per_page", 1, MAX_PER_PAGE)?
            .unwrap_or(DEFAULT_PER_PAGE),
    };
    // With a cursor, `page` counts pages after it (the first, by default).
    let start = match &cursor {
        Some(cursor) => PageStart::After {
            keyset: paging::decode_cursor(cursor)?,
            skip: paging.offset() as i64,
        },
        None => PageStart::Offset(paging.offset() as i64),
    };

    let per_page = paging.per_page;
    let path = req.path().to_owned();
    let cache_control = public_cache_control(&state.settings.http);
    let key = format!("list {path}?{}", req.query_string());
    ResponseCache::respond(&state, &req, Some(key), move |conn, desk| {
        let page = domain::list_published(conn, desk, &filter, order, &start, per_page)?;
        let next_cursor = page.next.as_ref().map(paging::encode_cursor);
        let position = match &cursor {
            Some(cursor) => Position::Cursor(cursor),
            None => Position::Page(paging.page),
        };
        let pagination =
            paging::pagination(&path, &query, position, per_page, page.total, next_cursor);
        let link = paging::link_header(&pagination.links);
        let body = ArticlePage {
            data: page.articles,
            pagination,
        };
        Cacheable {
            value: &body,
            last_modified: page.last_modified,
            link: Some(link),
        }
        .representation(JsonFlavour::PLAIN, cache_control)
    })
    .await
}

/// The filters shared by the article list and search: `section`, `tag`, `author`,
/// `entity`, `lang`, `from`, `to`, checked.
pub(super) fn article_filter(query: &Query, desk: Desk) -> Result<ArticleFilter, ApiError> {
    Ok(ArticleFilter {
        now: desk.now(),
        section: query.slug("section")?,
        tag: query.slug("tag")?,
        author: query.slug("author")?,
        entity: query.slug("entity")?,
        language: query.language("lang")?,
        from: query.time_bound("from", Bound::Start, desk)?,
        // `to` before `from` is a range with nothing in it, not an error.
        until: query.time_bound("to", Bound::End, desk)?,
    })
}

/// Get a published article by slug
///
/// The full article: headline, standfirst, dateline, byline with its authors, section,
/// tags, the body as structured blocks, and `body_html` / `body_text` rendered from them.
#[utoipa::path(
    operation_id = "getArticle",
    tag = "articles",
    params(
        ("slug" = String, Path, description = "The article's slug", example = "hubungan-antara-korea-utara-dan-rusia-menunjukkan-peningkatan-signifikan-dalam"),
        ("format" = Option<ArticleFormat>, Query, description = "The representation, instead of `Accept`"),
    ),
    responses(
        (status = 200, description = "The article: native JSON by default; IPTC ninjs 3.1 with `Accept: application/ninjs+json` or `?format=ninjs`; schema.org NewsArticle JSON-LD with `Accept: application/ld+json` or `?format=jsonld`",
            content(
                (shared::Article = "application/json"),
                (shared::ninjs::NinjsItem = "application/ninjs+json"),
                (Object = "application/ld+json"),
            ),
            headers(
                ("ETag" = String, description = "Strong validator of this representation"),
                ("Last-Modified" = String, description = "When the article last changed"),
                ("Cache-Control" = String, description = "`public, max-age=…, stale-while-revalidate=…`"),
            )),
        (status = 304, response = super::NotModified),
        (status = 400, response = super::BadRequest),
        (status = 404, description = "No published article has this slug", body = shared::Problem,
            content_type = "application/problem+json",
            example = json!({"type": "/problems/not_found", "title": "Not found", "status": 404,
                "detail": "No published article has the slug `tidak-ada`", "code": "not_found"})),
        (status = 429, response = super::RateLimited),
        (status = 503, response = super::Unavailable),
    )
)]
#[get("/articles/{slug}")]
pub async fn get_article(
    req: HttpRequest,
    slug: web::Path<String>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let format = ArticleFormat::of(&req)?;
    let slug = slug.into_inner();
    let not_found = ApiError::not_found(format!("No published article has the slug `{slug}`"));
    if !shared::slug::is_slug(&slug) {
        return Err(not_found);
    }
    let key = format!("article {slug} {format:?}");
    respond_article(&req, &state, key, format, move |conn, desk| {
        domain::published_by_slug(conn, desk, &slug)?.ok_or(not_found)
    })
    .await
}

/// Get a published article by id
///
/// The same representation as `getArticle`, addressed by the article's UUID, which
/// never changes.
#[utoipa::path(
    operation_id = "getArticleById",
    tag = "articles",
    params(
        ("id" = uuid::Uuid, Path, description = "The article's id (UUID v7)", example = "01980000-0000-7000-8000-000000000001"),
        ("format" = Option<ArticleFormat>, Query, description = "The representation, instead of `Accept`"),
    ),
    responses(
        (status = 200, description = "The article: native JSON by default; IPTC ninjs 3.1 with `Accept: application/ninjs+json` or `?format=ninjs`; schema.org NewsArticle JSON-LD with `Accept: application/ld+json` or `?format=jsonld`",
            content(
                (shared::Article = "application/json"),
                (shared::ninjs::NinjsItem = "application/ninjs+json"),
                (Object = "application/ld+json"),
            ),
            headers(
                ("ETag" = String, description = "Strong validator of this representation"),
                ("Last-Modified" = String, description = "When the article last changed"),
                ("Cache-Control" = String, description = "`public, max-age=…, stale-while-revalidate=…`"),
            )),
        (status = 304, response = super::NotModified),
        (status = 400, response = super::BadRequest),
        (status = 404, description = "No published article has this id", body = shared::Problem,
            content_type = "application/problem+json"),
        (status = 429, response = super::RateLimited),
        (status = 503, response = super::Unavailable),
    )
)]
#[get("/articles/by-id/{id}")]
pub async fn get_article_by_id(
    req: HttpRequest,
    id: web::Path<String>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let format = ArticleFormat::of(&req)?;
    let raw = id.into_inner();
    let id = uuid::Uuid::parse_str(&raw)
        .map_err(|_| ApiError::invalid("id", format!("`id` must be a UUID, not {raw:?}")))?;
    let key = format!("article-id {id} {format:?}");
    respond_article(&req, &state, key, format, move |conn, desk| {
        domain::published_by_id(conn, desk, id)?
            .ok_or_else(|| ApiError::not_found(format!("No published article has the id `{id}`")))
    })
    .await
}

/// The representations of an article.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum ArticleFormat {
    /// Our own JSON (`application/json`).
    Json,
    /// IPTC ninjs 3.1 (`application/ninjs+json`).
    Ninjs,
    /// schema.org NewsArticle (`application/ld+json`).
    Jsonld,
}

impl ArticleFormat {
    fn media_type(self) -> &'static str {
        match self {
            Self::Json => "application/json",
            Self::Ninjs => shared::ninjs::MEDIA_TYPE,
            Self::Jsonld => "application/ld+json",
        }
    }

    /// `?format=` when given (and then the only query parameter allowed), else the
    /// best of `Accept` by its q-values, else our own JSON.
    fn of(req: &HttpRequest) -> Result<(Self, bool), ApiError> {
        let query = Query::parse(req.query_string(), &["format"])?;
        if query.get("format").is_some() {
            let format = match query.choice("format", &["json", "ninjs", "jsonld"], "json")? {
                "ninjs" => Self::Ninjs,
                "jsonld" => Self::Jsonld,
                _ => Self::Json,
            };
            return Ok((format, false));
        }
        let accept = req
            .headers()
            .get(actix_web::http::header::ACCEPT)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        let mut ranges: Vec<(f32, Self)> = accept
            .split(',')
            .filter_map(|range| {
                let mut parts = range.split(';').map(str::trim);
                let media = parts.next()?.to_ascii_lowercase();
                let q = parts
                    .find_map(|p| p.strip_prefix("q="))
                    .and_then(|q| q.parse::<f32>().ok())
                    .unwrap_or(1.0);
                let format = match media.as_str() {
                    "application/ninjs+json" => Self::Ninjs,
                    "application/ld+json" => Self::Jsonld,
                    "application/json" | "application/*" | "*/*" => Self::Json,
                    _ => return None,
                };
                (q > 0.0).then_some((q, format))
            })
            .collect();
        // Highest q first; among equals, the client's order.
        ranges.sort_by(|a, b| b.0.total_cmp(&a.0));
        Ok((ranges.first().map_or(Self::Json, |r| r.1), true))
    }
}

/// The article `find` finds, in `format`, kept by `key` (which must name the format).
async fn respond_article<F>(
    req: &HttpRequest,
    state: &AppState,
    key: String,
    (format, negotiated): (ArticleFormat, bool),
    find: F,
) -> Result<HttpResponse, ApiError>
where
    F: FnOnce(&mut crate::db::DbConnection, Desk) -> Result<shared::Article, ApiError>
        + Send
        + 'static,
{
    let flavour = JsonFlavour {
        content_type: format.media_type(),
        negotiated,
    };
    let cache_control = public_cache_control(&state.settings.http);
    let origin = super::public_origin(req, state)?;
    // ninjs and JSON-LD name the site's address: one the request named is not kept
    // for others, so forged `Host`s cannot fill the cache.
    let key = match format {
        ArticleFormat::Json => Some(format!("{key} {negotiated}")),
        _ if origin.configured => Some(format!("{key} {negotiated} {}", origin.url)),
        _ => None,
    };
    let origin = origin.url;
    ResponseCache::respond(state, req, key, move |conn, desk| {
        let article = find(conn, desk)?;
        let last_modified = Some(article.updated_at.naive_utc());
        match format {
            ArticleFormat::Json => Cacheable {
                value: &article,
                last_modified,
                link: None,
            }
            .representation(flavour, cache_control),
            ArticleFormat::Ninjs => Cacheable {
                value: &crate::domain::ninjs::ninjs(&article, &origin),
                last_modified,
                link: None,
            }
            .representation(flavour, cache_control),
            ArticleFormat::Jsonld => Cacheable {
                value: &crate::domain::jsonld::news_article(&article, &origin),
                last_modified,
                link: None,
            }
            .representation(flavour, cache_control),
        }
    })
    .await
}
