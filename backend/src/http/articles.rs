//! `GET /api/v1/articles`, `/articles/{slug}`, `/articles/by-id/{id}`.

use actix_web::{HttpRequest, HttpResponse, get, web};
use chrono::NaiveDateTime;
use shared::query::{
    ArticleFilters, ArticleFormat, ArticleOrder, GetArticleQuery, ListArticlesQuery,
};
use shared::{ArticleId, ArticlePage, ArticleSummary, Total};

use super::AppState;
use super::caching::{Cacheable, JsonFlavour, public_cache_control};
use super::error::ApiError;
use super::paging::{self, Position};
use super::path::PathId;
use super::query::{Bound, Query, instant};
use super::response_cache::{ResponseCache, respond_json, respond_page};
use crate::db::DbConnection;
use crate::db::articles::{ArticleFilter, PageStart};
use crate::domain::Desk;
use crate::domain::articles as domain;

/// List published articles
///
/// Published articles only, newest first by default, as summaries: id, slug, language,
/// headline, standfirst, dateline, byline, section, tags, reading time and dates. Ask
/// for more with `fields` (`fields=body` for the structured bodies). Page with `page`
/// + `per_page`, or follow `pagination.next_cursor` with `cursor` for deep paging that
/// stays stable while articles are published. The same links are sent as an RFC 8288
/// `Link` header.
#[utoipa::path(
    operation_id = "listArticles",
    tag = "articles",
    params(ListArticlesQuery),
    responses(
        (status = 200, description = "A page of published articles", body = ArticlePage,
            headers(
                ("ETag" = String, description = "Strong validator of this representation (each field set its own)"),
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
    query: Query<ListArticlesQuery>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let path = req.path().to_owned();
    let key = format!("list {path}?{}", req.query_string());
    respond_page(&state, &req, key, move |conn, desk| {
        list_page(conn, desk, &path, &query)
    })
    .await
}

/// List an article's related stories
///
/// Public stories that share the most with the published article `slug`, best first:
/// each shared person, place or organisation counts 3, tag 2, IPTC subject 1, the
/// same section 1 — the sum halved for every `desk.search_recency_days` of the
/// story's age. What the reader's "related" box shows.
#[utoipa::path(
    operation_id = "listRelatedArticles",
    tag = "articles",
    params(
        ("slug" = String, Path, description = "The article's slug", example = "hubungan-antara-korea-utara-dan-rusia-menunjukkan-peningkatan-signifikan-dalam"),
        shared::query::RelatedQuery,
    ),
    responses(
        (status = 200, description = "The related stories, possibly none", body = shared::ArticleList,
            headers(
                ("ETag" = String, description = "Strong validator of this representation"),
                ("Cache-Control" = String, description = "`public, max-age=…, stale-while-revalidate=…`"),
            )),
        (status = 304, response = super::NotModified),
        (status = 400, response = super::BadRequest),
        (status = 404, description = "No published article has this slug", body = shared::Problem,
            content_type = "application/problem+json"),
        (status = 429, response = super::RateLimited),
        (status = 503, response = super::Unavailable),
    )
)]
#[get("/articles/{slug}/related")]
pub async fn list_related(
    req: HttpRequest,
    query: Query<shared::query::RelatedQuery>,
    slug: web::Path<String>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let slug = slug.into_inner();
    let half_life = state.settings.desk.search_recency_days;
    let key = format!("related {slug}?{}", req.query_string());
    respond_json(&state, &req, key, move |conn, desk| {
        related(conn, desk, half_life, &slug, &query)
    })
    .await
}

/// The related stories as `listRelatedArticles` answers them. (The reader's pages the
/// server renders read them here too.)
pub(super) fn related(
    conn: &mut DbConnection,
    desk: Desk,
    half_life_days: u32,
    slug: &str,
    query: &shared::query::RelatedQuery,
) -> Result<shared::ArticleList, ApiError> {
    let id = published_id(conn, desk, slug)?;
    let limit = query.limit.unwrap_or_default().get();
    let fields = shared::query::FieldSet::default();
    let parts = domain::Parts::of_summary(&fields);
    let data = domain::related(conn, desk, &id, half_life_days, limit, parts)?
        .into_iter()
        .map(|article| ArticleSummary::of(article, &fields))
        .collect();
    Ok(shared::ArticleList { data })
}

/// List breaking news
///
/// The public stories that are breaking news now (their `breaking_until` not passed),
/// the most urgent first, then the newest; at most 5. What the reader's pages show in
/// their banner. A story's time passing shows at once.
#[utoipa::path(
    operation_id = "listArticleList",
    tag = "articles",
    responses(
        (status = 200, description = "Breaking news, possibly none", body = shared::ArticleList,
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
#[get("/breaking")]
pub async fn list_breaking(
    req: HttpRequest,
    _: super::query::NoQuery,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    respond_json(&state, &req, "breaking".to_owned(), breaking).await
}

/// Breaking news as `listArticleList` answers it. (The reader's pages the server
/// renders read it here too.)
pub(super) fn breaking(
    conn: &mut DbConnection,
    desk: Desk,
) -> Result<shared::ArticleList, ApiError> {
    let fields = shared::query::FieldSet::default();
    let parts = domain::Parts::of_summary(&fields);
    let data = domain::breaking(conn, desk, &ArticleFilter::all_public(desk.now()), parts)?
        .into_iter()
        .map(|article| ArticleSummary::of(article, &fields))
        .collect();
    Ok(shared::ArticleList { data })
}

/// A page of the article list as `listArticles` answers it at `path`: the page, when
/// its newest article last changed, and its `Link` header. (The reader's pages the
/// server renders read it here too.)
pub(super) fn list_page(
    conn: &mut DbConnection,
    desk: Desk,
    path: &str,
    query: &Query<ListArticlesQuery>,
) -> Result<(ArticlePage, Option<NaiveDateTime>, String), ApiError> {
    let order = query.order.unwrap_or(ArticleOrder::Newest);
    let filter = article_filter(query.filters(), desk);
    let (page, per_page) = (
        query.page.unwrap_or_default(),
        query.per_page.unwrap_or_default(),
    );
    let fields = query.fields.clone().unwrap_or_default();
    let cursor = query.cursor.as_ref();
    // With a cursor, `page` counts pages after it (the first, by default).
    let start = match cursor {
        Some(cursor) => PageStart::After {
            keyset: paging::decode_cursor(cursor)?,
            skip: per_page.offset(page) as i64,
        },
        None => PageStart::Offset(per_page.offset(page) as i64),
    };
    let parts = domain::Parts::of_summary(&fields);
    let list = domain::list_published(conn, desk, &filter, order, &start, per_page.get(), parts)?;
    let next_cursor = list.next.as_ref().map(paging::encode_cursor);
    let position = match cursor {
        Some(cursor) => Position::Cursor(cursor),
        None => Position::Page(page.get()),
    };
    let pagination = paging::pagination(
        path,
        query.pairs(),
        position,
        per_page.get(),
        Total::exact(list.total),
        next_cursor,
    );
    let link = paging::link_header(&pagination.links);
    let body = ArticlePage {
        data: list
            .articles
            .into_iter()
            .map(|article| ArticleSummary::of(article, &fields))
            .collect(),
        pagination,
    };
    Ok((body, list.last_modified, link))
}

/// The filters shared by the article list and search, as the database takes them:
/// slugs and language as given, time bounds as instants of the desk.
pub(super) fn article_filter(filters: ArticleFilters<'_>, desk: Desk) -> ArticleFilter {
    let text = |value: Option<&shared::query::Slug>| value.map(|v| v.as_str().to_owned());
    ArticleFilter {
        now: desk.now(),
        section: text(filters.section),
        tag: text(filters.tag),
        author: text(filters.author),
        entity: text(filters.entity),
        language: filters.lang.map(|lang| lang.as_str().to_owned()),
        from: filters.from.map(|from| instant(from, Bound::Start, desk)),
        // `to` before `from` is a range with nothing in it, not an error.
        until: filters.to.map(|to| instant(to, Bound::End, desk)),
    }
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
        GetArticleQuery,
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
    query: Query<GetArticleQuery>,
    slug: web::Path<String>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let format = negotiate(&req, &query);
    let slug = slug.into_inner();
    if !shared::slug::is_slug(&slug) {
        return Err(not_published(&slug));
    }
    let key = format!("article {slug} {format:?}");
    respond_article(&req, &state, key, format, move |conn, desk| {
        published(conn, desk, &slug)
    })
    .await
}

/// The published article with `slug`, or the 404 naming it.
pub(super) fn published(
    conn: &mut DbConnection,
    desk: Desk,
    slug: &str,
) -> Result<shared::Article, ApiError> {
    if !shared::slug::is_slug(slug) {
        return Err(not_published(slug));
    }
    domain::published_by_slug(conn, desk, slug)?.ok_or_else(|| not_published(slug))
}

/// The id of the article published at `slug`, answered as `published` is; nothing else
/// of it is read.
fn published_id(conn: &mut DbConnection, desk: Desk, slug: &str) -> Result<String, ApiError> {
    if !shared::slug::is_slug(slug) {
        return Err(not_published(slug));
    }
    domain::published_id_by_slug(conn, desk, slug)?.ok_or_else(|| not_published(slug))
}

fn not_published(slug: &str) -> ApiError {
    ApiError::not_found(format!("No published article has the slug `{slug}`"))
}

/// Get a published article by id
///
/// The same representation as `getArticle`, addressed by the article's UUID, which
/// never changes.
#[utoipa::path(
    operation_id = "getArticleById",
    tag = "articles",
    params(
        ("id" = shared::ArticleId, Path, description = "The article's id (UUID v7)", example = "01980000-0000-7000-8000-000000000001"),
        GetArticleQuery,
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
    query: Query<GetArticleQuery>,
    PathId(id): PathId<ArticleId>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let format = negotiate(&req, &query);
    let key = format!("article-id {id} {format:?}");
    respond_article(&req, &state, key, format, move |conn, desk| {
        domain::published_by_id(conn, desk, id)?
            .ok_or_else(|| ApiError::not_found(format!("No published article has the id `{id}`")))
    })
    .await
}

fn media_type(format: ArticleFormat) -> &'static str {
    match format {
        ArticleFormat::Json => "application/json",
        ArticleFormat::Ninjs => shared::ninjs::MEDIA_TYPE,
        ArticleFormat::Jsonld => "application/ld+json",
    }
}

/// `?format=` when given, else the best of `Accept` by its q-values, else our own
/// JSON; and whether `Accept` chose it.
fn negotiate(req: &HttpRequest, query: &GetArticleQuery) -> (ArticleFormat, bool) {
    if let Some(format) = query.format {
        return (format, false);
    }
    let accept = req
        .headers()
        .get(actix_web::http::header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let mut ranges: Vec<(f32, ArticleFormat)> = accept
        .split(',')
        .filter_map(|range| {
            let mut parts = range.split(';').map(str::trim);
            let media = parts.next()?.to_ascii_lowercase();
            let q = parts
                .find_map(|p| p.strip_prefix("q="))
                .and_then(|q| q.parse::<f32>().ok())
                .unwrap_or(1.0);
            let format = match media.as_str() {
                "application/ninjs+json" => ArticleFormat::Ninjs,
                "application/ld+json" => ArticleFormat::Jsonld,
                "application/json" | "application/*" | "*/*" => ArticleFormat::Json,
                _ => return None,
            };
            (q > 0.0).then_some((q, format))
        })
        .collect();
    // Highest q first; among equals, the client's order.
    ranges.sort_by(|a, b| b.0.total_cmp(&a.0));
    (ranges.first().map_or(ArticleFormat::Json, |r| r.1), true)
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
        content_type: media_type(format),
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
                value: &crate::domain::jsonld::live_blog_posting(
                    &article,
                    &origin,
                    &match article.live {
                        Some(_) => crate::domain::live::latest_entries(
                            conn,
                            desk,
                            &article.id.to_string(),
                            crate::domain::jsonld::LIVE_UPDATES,
                        )?,
                        None => Vec::new(),
                    },
                ),
                last_modified,
                link: None,
            }
            .representation(flavour, cache_control),
        }
    })
    .await
}
