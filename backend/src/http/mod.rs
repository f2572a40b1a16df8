//! HTTP: thin handlers (parse, call one domain function, map the result), the
//! problem+json error type, caching, and the OpenAPI document built from the routes.

pub mod api_keys;
pub mod articles;
pub mod auth;
pub mod authors;
pub mod body;
pub mod caching;
pub mod changes;
mod contract;
pub mod corrections;
pub mod entities;
pub mod error;
pub mod feeds;
pub mod forwarded;
pub mod fronts;
pub mod limits;
pub mod live;
pub mod media;
pub mod newsroom;
pub mod observe;
pub mod paging;
pub mod path;
pub mod previews;
pub mod query;
pub mod render;
pub mod response_cache;
pub mod search;
pub mod site;
pub mod taxonomy;
pub mod translations;
pub mod users;
pub mod views;
pub mod webhooks;

use std::sync::Arc;

use actix_web::{HttpRequest, HttpResponse, web};

pub use self::contract::{
    BadRequest, BadRequestBody, Forbidden, IfMatchRequired, NotJson, NotModified, RateLimited,
    Stale, Throttled, TooLarge, Unauthorized, Unavailable, openapi, openapi_json,
};
use self::error::ApiError;
pub use self::forwarded::{Origin, public_origin};
use crate::config::Settings;
use crate::db::{DbConnection, Pool};
use crate::domain::Desk;

/// What every handler can reach.
#[derive(Debug, Clone)]
pub struct AppState {
    pub pool: Pool,
    /// Turns at the pool, one a connection (`database.pool_size`), given in the order
    /// they were asked for: requests wait here rather than at the pool, whose waiters
    /// may be overtaken (a connection handed back goes to whichever thread takes it
    /// first), so that under load no request waits while later ones are served.
    pub db_turns: Arc<tokio::sync::Semaphore>,
    pub desk: Desk,
    pub settings: Arc<Settings>,
    pub jwt: Arc<auth::Jwt>,
    pub limiter: Arc<limits::RateLimiter>,
    /// The built web app, read once at start-up.
    pub site: Arc<site::Site>,
    /// Where the image library's files are.
    pub media: crate::domain::media::MediaStore,
    pub metrics: Arc<observe::Metrics>,
    /// Public answers kept ready to send.
    pub cache: Arc<response_cache::ResponseCache>,
    /// Live blogs' event streams open here, and the events for them.
    pub live: Arc<live::LiveHub>,
    /// Views reported by readers, not yet in the database.
    pub views: Arc<crate::domain::views::ViewCounter>,
    /// Views each client may report (`views.per_client`).
    pub view_limiter: Arc<limits::RateLimiter>,
    /// `webhooks.allowed_addresses`, parsed once.
    pub webhook_networks: Arc<[crate::domain::special_addresses::Network]>,
    /// This instance's search engine.
    pub search_index: Arc<crate::domain::indexing::SearchIndex>,
}

impl AppState {
    /// How searches run here.
    pub fn searching(&self) -> crate::domain::search::Searching {
        crate::domain::search::Searching {
            recency_days: self.settings.desk.search_recency_days,
            index: self.search_index.clone(),
        }
    }
}

/// Runs blocking database work on actix's blocking pool, never on a worker thread.
/// The work's own error (a domain error, or any other cause as a 500) becomes the
/// problem document here, in one place.
///
/// The work waits for its turn at the pool first, first come first served
/// (`AppState::db_turns`).
///
/// The wait has a deadline (`server.request_timeout_ms`), the turn's included: past it
/// the client gets 503 problem+json with `Retry-After`. The work itself cannot be
/// stopped from here and still finishes (a transaction commits or rolls back on its
/// own), so a write answered with this 503 may have been made — as with any timeout.
pub async fn with_db<T, E, F>(state: &AppState, work: F) -> Result<T, ApiError>
where
    F: FnOnce(&mut DbConnection, Desk) -> Result<T, E> + Send + 'static,
    T: Send + 'static,
    E: Into<ApiError> + Send + 'static,
{
    with_db_within(state, state.settings.server.request_timeout_ms, work).await
}

/// `with_db` with a deadline of at most `limit_ms`: the wait for a connection is
/// bounded by it too (else by the pool's own `connection_timeout`), so that a database
/// refusing connections is told within it and no thread is left waiting past it.
pub async fn with_db_within<T, E, F>(
    state: &AppState,
    limit_ms: u64,
    work: F,
) -> Result<T, ApiError>
where
    F: FnOnce(&mut DbConnection, Desk) -> Result<T, E> + Send + 'static,
    T: Send + 'static,
    E: Into<ApiError> + Send + 'static,
{
    let pool = state.pool.clone();
    let desk = state.desk;
    let limit_ms = limit_ms.min(state.settings.server.request_timeout_ms);
    let connecting = pool
        .connection_timeout()
        .min(std::time::Duration::from_millis(limit_ms));
    let cache = state.cache.clone();
    let live = state.live.clone();
    let search_index = state.search_index.clone();
    let turns = state.db_turns.clone();
    let work = async move {
        // Never closed, so a turn always comes.
        let turn = turns.acquire_owned().await.map_err(ApiError::internal)?;
        web::block(move || {
            // Held until the work is done, even past the deadline.
            let _turn = turn;
            let mut conn = pool
                .get_timeout(connecting)
                .map_err(ApiError::unavailable)?;
            let writes = crate::db::content::writes_on_this_thread();
            let done = work(&mut conn, desk).map_err(Into::into);
            // Committed, so before the answer leaves: the next read here sees the write.
            if crate::db::content::writes_on_this_thread() != writes {
                cache.wrote();
                // Whatever it wrote to the change log goes to this instance's streams now.
                live.wake();
                // And into this instance's search index.
                search_index.wake();
            }
            done
        })
        .await
        .map_err(ApiError::internal)?
    };
    match tokio::time::timeout(std::time::Duration::from_millis(limit_ms), work).await {
        Ok(done) => done,
        Err(_) => {
            tracing::warn!(
                limit_ms,
                "database work took longer than the request deadline"
            );
            Err(ApiError::timed_out(limit_ms))
        }
    }
}

/// Every `/api/v1` route, registered through utoipa so that none can exist outside the spec.
pub fn api_routes(cfg: &mut utoipa_actix_web::service_config::ServiceConfig<'_>) {
    cfg.service(articles::list_articles)
        .service(search::search_articles)
        .service(changes::list_changes)
        .service(entities::list_entities)
        .service(entities::get_entity)
        .service(entities::list_quotes)
        .service(entities::list_article_quotes)
        .service(articles::get_article_by_id)
        .service(articles::get_article)
        .service(fronts::get_front)
        .service(previews::get_preview)
        .service(articles::list_breaking)
        .service(articles::list_related)
        .service(views::list_most_read)
        .service(views::count_view)
        .service(live::list_live_entries)
        .service(live::stream_live_blog)
        .service(taxonomy::list_sections)
        .service(taxonomy::get_section)
        .service(taxonomy::list_tags)
        .service(taxonomy::get_tag)
        .service(taxonomy::list_authors)
        .service(taxonomy::get_author)
        .service(auth::login)
        .service(auth::refresh)
        .service(auth::logout)
        .service(auth::me)
        .service(auth::update_me)
        .service(auth::change_password)
        .service(users::create_user)
        .service(users::list_users)
        .service(users::update_user)
        .service(authors::get_author_profile)
        .service(authors::update_author_profile)
        .service(translations::start_translation)
        .service(live::list_staff_entries)
        .service(live::create_entry)
        .service(live::update_entry)
        .service(live::delete_entry)
        .service(newsroom::create_article)
        .service(newsroom::list_articles)
        .service(newsroom::list_revisions)
        .service(newsroom::publish_article)
        .service(newsroom::schedule_article)
        .service(newsroom::unpublish_article)
        .service(newsroom::get_article)
        .service(newsroom::update_article)
        .service(newsroom::correct_article)
        .service(newsroom::delete_article)
        .service(newsroom::restore_article)
        .service(newsroom::submit_article)
        .service(newsroom::set_article_entities)
        .service(newsroom::create_entity)
        .service(newsroom::add_entity_alias)
        .service(newsroom::list_entity_suggestions)
        .service(newsroom::reject_name)
        .service(newsroom::list_rejected_names)
        .service(fronts::get_newsroom_front)
        .service(previews::create_preview)
        .service(newsroom::take_lock)
        .service(newsroom::get_lock)
        .service(newsroom::release_lock)
        .service(previews::list_previews)
        .service(previews::revoke_preview)
        .service(fronts::arrange_front)
        .service(media::upload_image)
        .service(media::list_images)
        .service(media::get_image)
        .service(media::update_image)
        .service(media::delete_image)
        .service(newsroom::diff_revisions)
        .service(newsroom::restore_revision)
        .service(newsroom::get_revision)
        .service(corrections::list_corrections)
        .service(feeds::feed)
        .service(api_keys::create_api_key)
        .service(api_keys::list_api_keys)
        .service(api_keys::revoke_api_key)
        .service(webhooks::create_webhook)
        .service(webhooks::list_webhooks)
        .service(webhooks::delete_webhook)
        .service(webhooks::enable_webhook)
        .service(webhooks::list_deliveries);
}

pub const API_V1: &str = "/api/v1";

/// The image upload's route (`media::upload_image`): its body may be as large as
/// `media.max_upload_mb` allows (`body::whole_body`).
pub const IMAGE_UPLOAD_ROUTE: &str = "/api/v1/newsroom/media";

/// Whether `path` (as the router matches it) is under `/api`.
pub fn is_api_path(path: &str) -> bool {
    path == "/api" || path.starts_with("/api/")
}

/// Routes at the site's root that crawlers expect there: robots.txt and sitemaps.
pub fn site_routes(cfg: &mut utoipa_actix_web::service_config::ServiceConfig<'_>) {
    cfg.service(feeds::robots)
        .service(feeds::sitemap_index)
        .service(feeds::news_sitemap)
        .service(feeds::article_sitemap)
        .service(media::get_rendition);
}

/// A route of the spec: its template, the methods it answers and whether it counts
/// against the public rate limit.
#[derive(Debug)]
pub struct ApiRoute {
    def: actix_web::dev::ResourceDef,
    /// The template's text before its first parameter: only a path that starts with
    /// it can match, which spares the pattern match for most routes on every request.
    prefix: String,
    /// `GET, HEAD, POST`, for `Allow`.
    allow: String,
    /// A route of the public API: under `/api`, and not staff's (newsroom, auth,
    /// users, API keys). The site's routes (robots.txt, sitemaps) are not the API's.
    pub public_api: bool,
}

impl ApiRoute {
    /// The route's template as the spec writes it (`/api/v1/newsroom/media/{id}`).
    pub fn template(&self) -> &str {
        self.def.pattern().unwrap_or_default()
    }
}

/// Tags of the operations staff use; every other operation is public.
const STAFF_TAGS: [&str; 5] = ["newsroom", "auth", "users", "api-keys", "media"];

/// Every route of the spec (API and site), read from it so that the rate limit and the
/// fallback know every route without a second list.
fn api_routes_table() -> &'static [ApiRoute] {
    static ROUTES: std::sync::OnceLock<Vec<ApiRoute>> = std::sync::OnceLock::new();
    ROUTES.get_or_init(|| {
        openapi()
            .paths
            .paths
            .iter()
            .map(|(path, item)| {
                let operations = [
                    (&item.get, "GET, HEAD"),
                    (&item.post, "POST"),
                    (&item.put, "PUT"),
                    (&item.patch, "PATCH"),
                    (&item.delete, "DELETE"),
                ];
                let allow: Vec<&str> = operations
                    .iter()
                    .filter(|(op, _)| op.is_some())
                    .map(|(_, methods)| *methods)
                    .collect();
                let public_api = is_api_path(path)
                    && operations
                        .iter()
                        .filter_map(|(op, _)| op.as_ref())
                        .all(|op| {
                            !op.tags
                                .iter()
                                .flatten()
                                .any(|tag| STAFF_TAGS.contains(&tag.as_str()))
                        });
                ApiRoute {
                    def: actix_web::dev::ResourceDef::new(path.as_str()),
                    prefix: path.split('{').next().unwrap_or_default().to_owned(),
                    allow: allow.join(", "),
                    public_api,
                }
            })
            .collect()
    })
}

/// The route `path` matches. `path` must be the path as the router matches it
/// (`req.match_info().as_str()`: percent-encoded characters other than `/`, `%` and
/// `+` decoded), never the request's raw text.
pub fn api_route(path: &str) -> Option<&'static ApiRoute> {
    api_routes_table()
        .iter()
        .filter(|route| path.starts_with(&route.prefix))
        .find(|route| route.def.is_match(path))
}

/// What no route answered: 405 (with `Allow`) for an API route asked with another
/// method, else 404 — a problem document either way, never an HTML page.
pub async fn fallback(
    req: HttpRequest,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    // As the router saw it: `/%61pi/…` is `/api/…`.
    let path = req.match_info().as_str();
    // Everything outside the API is the reader app's (HEAD arrives here as GET).
    if req.method() == actix_web::http::Method::GET && !is_api_path(path) {
        return site::page(&req, &state).await;
    }
    if let Some(route) = api_route(path) {
        let mut error = ApiError::new(
            shared::ErrorCode::MethodNotAllowed,
            format!("{path} answers {}, not {}", route.allow, req.method()),
        );
        error.allow = Some(route.allow.clone());
        return Err(error);
    }
    Err(ApiError::not_found(format!("There is nothing at {path}")))
}
