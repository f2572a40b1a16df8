//! Start-up the tests reuse: `Application::build` opens the database, applies
//! migrations, loads the demo article into an empty database and binds the listener.

use std::net::TcpListener;
use std::sync::Arc;
use std::time::Duration;

use actix_cors::Cors;
use actix_web::dev::Server;
use actix_web::dev::Service as _;
use actix_web::http::{Method, header};
use actix_web::{App, HttpServer, web};
use anyhow::Context as _;
use utoipa_actix_web::AppExt as _;
use utoipa_swagger_ui::SwaggerUi;

use crate::config::Settings;
use crate::domain::{Clock, Desk};
use crate::http::{self, AppState};
use crate::{db, seed};

pub struct Application {
    port: u16,
    server: Server,
    /// Views counted and not yet written: written once more when the server stops.
    views: Arc<crate::domain::views::ViewCounter>,
    pool: db::Pool,
}

impl std::fmt::Debug for Application {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Application")
            .field("port", &self.port)
            .finish_non_exhaustive()
    }
}

impl Application {
    pub async fn build(settings: Settings) -> anyhow::Result<Self> {
        Self::build_with_clock(settings, Clock::System).await
    }

    /// As `build`, with "now" from `clock` (tests use a manual one).
    pub async fn build_with_clock(settings: Settings, clock: Clock) -> anyhow::Result<Self> {
        settings.validate()?;
        let desk = Desk {
            time_zone: settings.time_zone(),
            clock,
        };
        let pool = {
            let url = settings.database.url.clone();
            let size = settings.database.pool_size;
            let busy = Duration::from_millis(settings.database.busy_timeout_ms);
            web::block(move || db::connect(&url, size, busy)).await??
        };
        {
            let pool = pool.clone();
            web::block(move || -> anyhow::Result<()> {
                let mut conn = pool.get()?;
                crate::domain::entities::sync_gazetteer(&mut conn, desk.now())?;
                crate::domain::entities::refresh_stale(&mut conn)
            })
            .await??;
        }
        if settings.desk.seed_on_empty {
            let pool = pool.clone();
            let options = seed::options(&settings);
            web::block(move || -> anyhow::Result<()> {
                let mut conn = pool.get()?;
                seed::load_if_empty(&mut conn, desk, &options)
            })
            .await??;
        }

        let listener = TcpListener::bind((settings.server.host.as_str(), settings.server.port))
            .with_context(|| {
                format!("binding {}:{}", settings.server.host, settings.server.port)
            })?;
        let port = listener.local_addr()?.port();
        let workers = settings.server.workers;
        let jwt = Arc::new(http::auth::Jwt::from_settings(&settings.auth));
        let limiter = Arc::new(http::limits::RateLimiter::new(
            settings.http.anonymous_requests,
            Duration::from_secs(settings.http.rate_window_seconds),
        ));
        let site = {
            let dir = settings.web.dir.clone();
            Arc::new(web::block(move || http::site::Site::read(&dir)).await?)
        };
        // Webhook deliveries: queued in the database, sent in the background.
        let webhook_networks = settings.webhooks.allowed_networks()?;
        tokio::spawn(crate::domain::webhooks::worker(
            pool.clone(),
            desk,
            settings.webhooks.clone(),
            webhook_networks.clone(),
        ));
        // The image library's files: a folder, or an S3-compatible bucket.
        let media = {
            let media = settings.media.clone();
            web::block(move || crate::domain::media::MediaStore::new(&media)).await??
        };
        // Renditions: queued in the database, made in the background.
        if settings.media.render_in_background {
            tokio::spawn(crate::domain::media::worker(
                pool.clone(),
                desk,
                settings.media.clone(),
                media.clone(),
            ));
        }
        // Live blogs' streams: fed from the change log.
        let live = http::live::LiveHub::new(&settings.live);
        tokio::spawn(http::live::run(
            live.clone(),
            pool.clone(),
            desk,
            Duration::from_millis(settings.live.poll_ms),
        ));
        stop_streams_on_signal(live.clone());
        // Readers' views: counted in memory, written every `views.flush_seconds`.
        let views = Arc::new(crate::domain::views::ViewCounter::default());
        tokio::spawn(crate::domain::views::flusher(
            views.clone(),
            pool.clone(),
            Duration::from_secs(settings.views.flush_seconds),
        ));
        // The search engine: this instance's index, kept current from the change log.
        let search_index = {
            let (dir, max_lag) = (settings.search.index_dir.clone(), settings.search.max_lag);
            let opening = pool.clone();
            let index = web::block(move || -> anyhow::Result<_> {
                let index = crate::domain::indexing::SearchIndex::open(&dir, max_lag)?;
                crate::domain::indexing::start(&index, &mut *opening.get()?, desk.now())?;
                Ok(Arc::new(index))
            })
            .await??;
            tokio::spawn(crate::domain::indexing::worker(
                index.clone(),
                pool.clone(),
                desk,
                Duration::from_millis(settings.search.poll_ms),
            ));
            index
        };
        let view_limiter = Arc::new(http::limits::RateLimiter::new(
            settings.views.per_client,
            Duration::from_secs(settings.views.client_window_seconds),
        ));
        let state = AppState {
            search_index,
            live,
            views: views.clone(),
            view_limiter,
            webhook_networks: webhook_networks.into(),
            metrics: Arc::new(http::observe::Metrics::default()),
            cache: Arc::new(http::response_cache::ResponseCache::new(
                settings.http.response_cache_mb,
                settings.http.cache_revalidate_ms,
            )),
            site,
            media,
            limiter,
            pool: pool.clone(),
            db_turns: Arc::new(tokio::sync::Semaphore::new(
                settings.database.pool_size as usize,
            )),
            desk,
            settings: Arc::new(settings),
            jwt,
        };
        let spec = http::openapi();
        let head_timeout = Duration::from_millis(state.settings.server.head_timeout_ms);
        let shutdown_timeout = state.settings.server.shutdown_timeout_seconds;
        let mut server = HttpServer::new(move || {
            let (app, _) = App::new()
                .app_data(web::Data::new(state.clone()))
                .into_utoipa_app()
                .service(utoipa_actix_web::scope(http::API_V1).configure(http::api_routes))
                .configure(http::site_routes)
                .split_for_parts();
            app.wrap(actix_web::middleware::from_fn(http::body::whole_body))
                .wrap(actix_web::middleware::from_fn(http::site::docs_policy))
                .wrap(actix_web::middleware::from_fn(http::limits::limit))
                .wrap(public_cors())
                // Browsers must take JSON as JSON, never sniff it into HTML.
                .wrap(
                    actix_web::middleware::DefaultHeaders::new()
                        .add(("X-Content-Type-Options", "nosniff"))
                        .add(("Referrer-Policy", "no-referrer")),
                )
                .wrap_fn(|mut req, srv| {
                    // HEAD is GET without a body: route it as GET; actix-http still
                    // knows the request was HEAD and sends no body.
                    if req.method() == Method::HEAD {
                        req.head_mut().method = Method::GET;
                    }
                    srv.call(req)
                })
                .wrap(actix_web::middleware::from_fn(http::observe::observe))
                .route("/health", web::get().to(http::observe::health))
                .route("/ready", web::get().to(http::observe::ready))
                .route("/metrics", web::get().to(http::observe::metrics))
                .route("/assets/{name}", web::get().to(http::site::asset))
                .route("/bahasa/{code}", web::get().to(http::site::switch_language))
                .service(web::redirect("/docs", "/docs/"))
                .service(SwaggerUi::new("/docs/{_:.*}").url("/api/openapi.json", spec.clone()))
                .default_service(web::to(http::fallback))
        })
        // A request head slower than this → 408; SIGTERM lets in-flight requests finish.
        .client_request_timeout(head_timeout)
        .shutdown_timeout(shutdown_timeout)
        .listen(listener)?;
        if workers > 0 {
            server = server.workers(workers);
        }
        tracing::info!(port, "listening");
        Ok(Self {
            port,
            server: server.run(),
            views,
            pool,
        })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// Serves until stopped (SIGTERM, Ctrl-C), then writes the views counted since the
    /// last time.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        let served = self.server.await;
        crate::domain::views::flush_now(&self.views, &self.pool).await;
        served
    }
}

/// On SIGTERM or Ctrl-C the event streams end, so the graceful shutdown does not wait
/// `server.shutdown_timeout_seconds` for them.
fn stop_streams_on_signal(hub: Arc<http::live::LiveHub>) {
    tokio::spawn(async move {
        let terminate = async {
            match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
                Ok(mut signal) => {
                    signal.recv().await;
                }
                Err(_) => std::future::pending::<()>().await,
            }
        };
        tokio::select! {
            _ = tokio::signal::ctrl_c() => {}
            () = terminate => {}
        }
        hub.stop();
    });
}

/// Public reads are open to any origin, without credentials.
fn public_cors() -> Cors {
    Cors::default()
        .allow_any_origin()
        .send_wildcard()
        .allowed_methods(["GET", "HEAD", "OPTIONS"])
        .allow_any_header()
        .expose_headers([
            header::ETAG,
            header::LAST_MODIFIED,
            header::LINK,
            header::CACHE_CONTROL,
            header::RETRY_AFTER,
            header::HeaderName::from_static("ratelimit-limit"),
            header::HeaderName::from_static("ratelimit-remaining"),
            header::HeaderName::from_static("ratelimit-reset"),
            header::HeaderName::from_static("ratelimit-policy"),
        ])
        .max_age(86_400)
}
