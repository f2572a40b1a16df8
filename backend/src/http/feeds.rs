//! Feeds (RSS, Atom, JSON Feed), sitemaps and robots.txt over HTTP, with the same
//! validators and compression as the JSON API.

use actix_web::{HttpRequest, HttpResponse, get, web};
use chrono::{Duration, TimeZone as _};
use shared::query::{FeedFormat, FeedQuery, SitemapQuery};

use super::caching::{Representation, Validated, compress, content_hash};
use super::error::ApiError;
use super::query::{NoQuery, Query};
use super::response_cache::ResponseCache;
use super::{AppState, public_origin, with_db};
use crate::db::articles::{ArticleFilter, Order, PageStart};
use crate::domain::articles as articles_domain;
use crate::domain::feeds::{self, FeedError, FeedRequest, FeedScope, SitemapUrl};

impl From<FeedError> for ApiError {
    fn from(e: FeedError) -> Self {
        match e {
            FeedError::NotFound(what) => Self::not_found(what),
            FeedError::Database(e) => e.into(),
        }
    }
}
/// URLs in one article sitemap: WordPress's number (the protocol allows 50,000). A page
/// of 50,000 was 8 MB of XML and took 220–410 ms to make at a million articles; a
/// crawler asks for more pages of a size a server makes in milliseconds.
pub const SITEMAP_URLS: i64 = 2_000;

fn respond(
    req: &HttpRequest,
    state: &AppState,
    body: String,
    content_type: &'static str,
) -> Result<HttpResponse, ApiError> {
    let http = &state.settings.http;
    Validated {
        hash: &content_hash(body.as_bytes()),
        len: body.len(),
        content_type,
        vary: "Accept-Encoding",
        cache_control: super::caching::public_cache_control(http),
        last_modified: None,
        link: None,
    }
    .send(req, |encoding| compress(encoding, body.as_bytes()))
}

/// Newest published articles as a feed
///
/// The 50 newest published articles — of everything, of one section (`section`), one
/// tag (`tag`) or about one person, place or organisation (`entity`) — as RSS 2.0,
/// Atom 1.0 or JSON Feed 1.1, each with the full body.
#[utoipa::path(
    operation_id = "getFeed",
    tag = "feeds",
    params(
        ("format" = FeedFormat, Path, description = "`rss`, `atom` or `json`"),
        FeedQuery,
    ),
    responses(
        (status = 200, description = "The feed",
            content(
                (String = "application/rss+xml"),
                (String = "application/atom+xml"),
                (Object = "application/feed+json"),
            ),
            headers(("ETag" = String, description = "Strong validator of this representation"))),
        (status = 304, response = super::NotModified),
        (status = 400, response = super::BadRequest),
        (status = 404, description = "No such feed format, section, tag or entity", body = shared::Problem,
            content_type = "application/problem+json"),
        (status = 429, response = super::RateLimited),
        (status = 503, response = super::Unavailable),
    )
)]
#[get("/feeds/{format}")]
pub async fn feed(
    req: HttpRequest,
    query: Query<FeedQuery>,
    state: web::Data<AppState>,
    format: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let format = FeedFormat::parse(&format).ok_or_else(|| {
        ApiError::not_found(format!(
            "There is no feed format `{format}`: use {}",
            FeedFormat::choices()
        ))
    })?;
    let query = query.into_inner();
    let origin = public_origin(&req, &state)?;
    // This feed's own URL from what was understood of the request, not its text.
    let mut self_url = format!("{}{}/feeds/{format}", origin.url, super::API_V1);
    let filters = serde_urlencoded::to_string(&query).unwrap_or_default();
    if !filters.is_empty() {
        self_url.push('?');
        self_url.push_str(&filters);
    }
    let request = FeedRequest {
        format,
        scope: FeedScope::of(&query),
        site: origin.url,
        self_url,
        language: state.settings.desk.default_language.clone(),
    };
    let cache_control = super::caching::public_cache_control(&state.settings.http);
    // A feed names the site's address; one the request named is not kept for others.
    let key = origin
        .configured
        .then(|| format!("feed {}", request.self_url));
    ResponseCache::respond(&state, &req, key, move |conn, desk| {
        let feed = feeds::feed(conn, desk, &request)?;
        Ok(Representation::new(
            feed.body.into_bytes(),
            feed.content_type,
            "Accept-Encoding",
            cache_control,
        ))
    })
    .await
}

/// robots.txt
///
/// Crawlers may read the site and the public API, not the newsroom; the sitemap is named.
#[utoipa::path(
    operation_id = "getRobots",
    tag = "site",
    responses(
        (status = 200, description = "robots.txt", body = String, content_type = "text/plain"),
        (status = 304, response = super::NotModified),
        (status = 400, response = super::BadRequest),
    )
)]
#[get("/robots.txt")]
pub async fn robots(
    req: HttpRequest,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    NoQuery::parse(req.query_string())?;
    let body = feeds::robots(&public_origin(&req, &state)?.url);
    respond(&req, &state, body, "text/plain; charset=utf-8")
}

/// Sitemap index
///
/// The Google News sitemap and the article sitemaps (2,000 URLs each).
#[utoipa::path(
    operation_id = "getSitemapIndex",
    tag = "site",
    responses(
        (status = 200, description = "A sitemap index", body = String, content_type = "application/xml"),
        (status = 304, response = super::NotModified),
        (status = 400, response = super::BadRequest),
        (status = 503, response = super::Unavailable),
    )
)]
#[get("/sitemap.xml")]
pub async fn sitemap_index(
    req: HttpRequest,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    NoQuery::parse(req.query_string())?;
    let site = public_origin(&req, &state)?.url;
    let total = with_db(&state, |conn, desk| {
        articles_domain::count_public(conn, desk.now())
    })
    .await?;
    let pages = (total.max(1) + SITEMAP_URLS - 1) / SITEMAP_URLS;
    let mut sitemaps = vec![format!("{site}/sitemaps/news.xml")];
    sitemaps.extend((1..=pages).map(|page| format!("{site}/sitemaps/articles.xml?page={page}")));
    respond(
        &req,
        &state,
        feeds::sitemap_index(&sitemaps),
        "application/xml; charset=utf-8",
    )
}

/// Google News sitemap
///
/// Articles published in the last 48 hours, newest first (at most 1,000).
#[utoipa::path(
    operation_id = "getNewsSitemap",
    tag = "site",
    responses(
        (status = 200, description = "A Google News sitemap", body = String, content_type = "application/xml"),
        (status = 304, response = super::NotModified),
        (status = 400, response = super::BadRequest),
        (status = 503, response = super::Unavailable),
    )
)]
#[get("/sitemaps/news.xml")]
pub async fn news_sitemap(
    req: HttpRequest,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    NoQuery::parse(req.query_string())?;
    let site = public_origin(&req, &state)?.url;
    let articles = with_db(&state, |conn, desk| {
        let now = desk.now();
        let filter = ArticleFilter {
            from: Some(now - Duration::hours(48)),
            ..ArticleFilter::all_public(now)
        };
        articles_domain::list_published(
            conn,
            desk,
            &filter,
            Order::Newest,
            &PageStart::Offset(0),
            1000,
            articles_domain::Parts::NONE,
        )
    })
    .await?;
    respond(
        &req,
        &state,
        feeds::news_sitemap(&site, &articles.articles),
        "application/xml; charset=utf-8",
    )
}

/// Article sitemap
///
/// Every published article's URL with its last change, newest first, 2,000 a page.
#[utoipa::path(
    operation_id = "getArticleSitemap",
    tag = "site",
    params(SitemapQuery),
    responses(
        (status = 200, description = "A sitemap", body = String, content_type = "application/xml"),
        (status = 304, response = super::NotModified),
        (status = 400, response = super::BadRequest),
        (status = 503, response = super::Unavailable),
    )
)]
#[get("/sitemaps/articles.xml")]
pub async fn article_sitemap(
    req: HttpRequest,
    query: Query<SitemapQuery>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let page = i64::from(query.page.unwrap_or_default().get());
    let site = public_origin(&req, &state)?.url;
    let rows = with_db(&state, move |conn, desk| {
        articles_domain::public_urls(conn, desk.now(), SITEMAP_URLS, (page - 1) * SITEMAP_URLS)
    })
    .await?;
    let zone = state.desk.time_zone;
    let urls: Vec<SitemapUrl> = rows
        .into_iter()
        .map(|url| SitemapUrl {
            loc: format!("{site}{}", shared::urls::article(&url.slug)),
            lastmod: zone.from_utc_datetime(&url.updated).fixed_offset(),
            alternates: url
                .alternates
                .into_iter()
                .map(|(language, slug)| {
                    (language, format!("{site}{}", shared::urls::article(&slug)))
                })
                .collect(),
        })
        .collect();
    respond(
        &req,
        &state,
        feeds::url_sitemap(&urls),
        "application/xml; charset=utf-8",
    )
}
