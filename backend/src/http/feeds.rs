//! Feeds (RSS, Atom, JSON Feed), sitemaps and robots.txt over HTTP, with the same
//! validators and compression as the JSON API.

use actix_web::{HttpRequest, HttpResponse, get, web};
use chrono::{Duration, TimeZone as _};
use serde::Deserialize;
use utoipa::ToSchema;

use super::caching::{Representation, Validated, compress, content_hash};
use super::error::ApiError;
use super::query::Query;
use super::response_cache::ResponseCache;
use super::{AppState, public_origin, with_db};
use crate::db::articles::{ArticleFilter, Order, PageStart};
use crate::domain::articles as articles_domain;
use crate::domain::feeds::{self, FeedMeta, SitemapUrl};
use crate::domain::taxonomy;

/// Items in a feed.
pub const FEED_ITEMS: u32 = 50;
/// URLs in one article sitemap (the protocol's limit).
pub const SITEMAP_URLS: i64 = 50_000;

/// The formats of a feed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum FeedFormat {
    /// RSS 2.0 (`application/rss+xml`).
    Rss,
    /// Atom 1.0 (`application/atom+xml`).
    Atom,
    /// JSON Feed 1.1 (`application/feed+json`).
    Json,
}

impl FeedFormat {
    const ALL: [Self; 3] = [Self::Rss, Self::Atom, Self::Json];

    /// Its name in the path (`/feeds/rss`), the one spelling both ways.
    fn as_str(self) -> &'static str {
        match self {
            Self::Rss => "rss",
            Self::Atom => "atom",
            Self::Json => "json",
        }
    }
}

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
        ("section" = Option<super::query::Slug>, Query, description = "Only this section (slug)", example = "internasional"),
        ("tag" = Option<super::query::Slug>, Query, description = "Only this tag (slug)", example = "korea-utara"),
        ("entity" = Option<super::query::Slug>, Query, description = "Only articles about this entity (slug)", example = "kim-jong-un"),
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
    state: web::Data<AppState>,
    format: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let format = FeedFormat::ALL
        .into_iter()
        .find(|f| f.as_str() == format.as_str())
        .ok_or_else(|| {
            ApiError::not_found(format!(
                "There is no feed format `{format}`: use rss, atom or json"
            ))
        })?;
    let query = Query::parse(req.query_string(), &["section", "tag", "entity"])?;
    let section = query.slug("section")?;
    let tag = query.slug("tag")?;
    let entity = query.slug("entity")?;
    let origin = public_origin(&req, &state)?;
    // This feed's own URL from what was understood of the request, not its text.
    let mut self_url = format!("{}{}/feeds/{}", origin.url, super::API_V1, format.as_str());
    let mut filters = url::form_urlencoded::Serializer::new(String::new());
    for (name, value) in [("section", &section), ("tag", &tag), ("entity", &entity)] {
        if let Some(value) = value {
            filters.append_pair(name, value);
        }
    }
    let filters = filters.finish();
    if !filters.is_empty() {
        self_url.push('?');
        self_url.push_str(&filters);
    }
    let site = origin.url;
    let language = state.settings.desk.default_language.clone();
    let cache_control = super::caching::public_cache_control(&state.settings.http);
    // A feed names the site's address; one the request named is not kept for others.
    let key = origin.configured.then(|| format!("feed {self_url}"));
    ResponseCache::respond(&state, &req, key, move |conn, desk| {
        let now = desk.now();
        let (title, home) = match (&section, &tag, &entity) {
            (Some(slug), _, _) => {
                let found = taxonomy::section_by_slug(conn, now, slug)?
                    .ok_or_else(|| ApiError::not_found(format!("There is no section `{slug}`")))?;
                (
                    format!("Global Insight — {}", found.name),
                    shared::urls::section(slug),
                )
            }
            (None, Some(slug), _) => {
                let found = taxonomy::tag_by_slug(conn, now, slug)?.ok_or_else(|| {
                    ApiError::not_found(format!("No tag with published articles is `{slug}`"))
                })?;
                (
                    format!("Global Insight — {}", found.name),
                    shared::urls::tag(slug),
                )
            }
            (None, None, Some(slug)) => {
                let found = crate::domain::entities::entity_by_slug(conn, now, slug)?
                    .ok_or_else(|| ApiError::not_found(format!("There is no entity `{slug}`")))?;
                (
                    format!("Global Insight — {}", found.name),
                    shared::urls::entity(slug),
                )
            }
            (None, None, None) => ("Global Insight".to_owned(), "/".to_owned()),
        };
        let filter = ArticleFilter {
            section,
            tag,
            entity,
            ..ArticleFilter::all_public(now)
        };
        let articles = articles_domain::list_published(
            conn,
            desk,
            &filter,
            Order::Newest,
            &PageStart::Offset(0),
            FEED_ITEMS,
        )?
        .articles;
        // An empty feed was last updated when it was made (and is kept until an
        // article appears).
        let updated = articles
            .iter()
            .map(|a| a.updated_at)
            .max()
            .unwrap_or_else(|| desk.now().and_utc().fixed_offset());
        let meta = FeedMeta {
            title,
            home: format!("{site}{home}"),
            site,
            self_url,
            language,
            updated,
        };
        let (body, content_type) = match format {
            FeedFormat::Rss => (
                feeds::rss(&meta, &articles),
                "application/rss+xml; charset=utf-8",
            ),
            FeedFormat::Atom => (
                feeds::atom(&meta, &articles),
                "application/atom+xml; charset=utf-8",
            ),
            FeedFormat::Json => (
                feeds::json_feed(&meta, &articles).to_string(),
                "application/feed+json",
            ),
        };
        Ok(Representation::new(
            body.into_bytes(),
            content_type,
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
    Query::parse(req.query_string(), &[])?;
    let body = feeds::robots(&public_origin(&req, &state)?.url);
    respond(&req, &state, body, "text/plain; charset=utf-8")
}

/// Sitemap index
///
/// The Google News sitemap and the article sitemaps (50,000 URLs each).
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
    Query::parse(req.query_string(), &[])?;
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
    Query::parse(req.query_string(), &[])?;
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
/// Every published article's URL with its last change, 50,000 a page.
#[utoipa::path(
    operation_id = "getArticleSitemap",
    tag = "site",
    params(("page" = Option<u32>, Query, minimum = 1, maximum = 100_000, description = "Page number, from 1")),
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
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let query = Query::parse(req.query_string(), &["page"])?;
    let page = i64::from(query.number("page", 1, 100_000)?.unwrap_or(1));
    let site = public_origin(&req, &state)?.url;
    let rows = with_db(&state, move |conn, desk| {
        articles_domain::public_urls(conn, desk.now(), SITEMAP_URLS, (page - 1) * SITEMAP_URLS)
    })
    .await?;
    let zone = state.desk.time_zone;
    let urls: Vec<SitemapUrl> = rows
        .into_iter()
        .map(|(slug, updated)| SitemapUrl {
            loc: format!("{site}{}", shared::urls::article(&slug)),
            lastmod: zone.from_utc_datetime(&updated).fixed_offset(),
        })
        .collect();
    respond(
        &req,
        &state,
        feeds::url_sitemap(&urls),
        "application/xml; charset=utf-8",
    )
}
