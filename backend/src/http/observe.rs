//! Operating the server: a request id on every request and response, one structured
//! log line per request, Prometheus metrics, and the probes `/health` (the process
//! answers) and `/ready` (and its database does).
//!
//! The request id is the client's `X-Request-Id` when it is a sane token (1 to 128 of
//! `A-Z a-z 0-9 . _ -`; a proxy's id is kept across the hop), a new UUID v7 otherwise;
//! it is echoed in the response and is a field of every log line the request writes.
//! Metrics are labelled by route pattern (`/api/v1/articles/{slug}`), never by the
//! path itself, so a crawler cannot grow them without bound.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::sync::Mutex;
use std::time::Instant;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderName, HeaderValue};
use actix_web::middleware::Next;
use actix_web::{HttpMessage as _, HttpRequest, HttpResponse, web};
use tracing::Instrument as _;

use super::AppState;
use super::error::ApiError;

pub const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// The request's id, in its extensions.
#[derive(Debug, Clone)]
pub struct RequestId(pub String);

/// Upper bounds of the latency histogram's buckets, in seconds.
const BUCKETS: [f64; 12] = [
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 10.0,
];

#[derive(Debug, Default)]
struct Series {
    /// Per `BUCKETS` entry: requests at or under it (cumulative when written).
    buckets: [u64; BUCKETS.len()],
    count: u64,
    sum_seconds: f64,
}

/// Requests by method, route and status: count and latency.
#[derive(Debug, Default)]
pub struct Metrics {
    series: Mutex<HashMap<(String, String, u16), Series>>,
}

impl Metrics {
    fn observe(&self, method: &str, route: &str, status: u16, seconds: f64) {
        let mut series = self.series.lock().unwrap_or_else(|e| e.into_inner());
        let s = series
            .entry((method.to_owned(), route.to_owned(), status))
            .or_default();
        if let Some(i) = BUCKETS.iter().position(|b| seconds <= *b) {
            s.buckets[i] += 1;
        }
        s.count += 1;
        s.sum_seconds += seconds;
    }

    /// The Prometheus text exposition (format 0.0.4).
    fn render(
        &self,
        pool: &crate::db::Pool,
        cache: &super::response_cache::ResponseCache,
    ) -> String {
        let mut out = String::new();
        let series = self.series.lock().unwrap_or_else(|e| e.into_inner());
        let mut keys: Vec<_> = series.keys().collect();
        keys.sort();
        out.push_str(
            "# HELP http_requests_total Requests answered, by method, route and status.\n",
        );
        out.push_str("# TYPE http_requests_total counter\n");
        for key @ (method, route, status) in &keys {
            let _ = writeln!(
                out,
                "http_requests_total{{method=\"{method}\",route=\"{}\",status=\"{status}\"}} {}",
                escape(route),
                series[*key].count
            );
        }
        out.push_str(
            "# HELP http_request_duration_seconds Time to answer, by method, route and status.\n",
        );
        out.push_str("# TYPE http_request_duration_seconds histogram\n");
        for key @ (method, route, status) in &keys {
            let s = &series[*key];
            let labels = format!(
                "method=\"{method}\",route=\"{}\",status=\"{status}\"",
                escape(route)
            );
            let mut cumulative = 0;
            for (bound, n) in BUCKETS.iter().zip(s.buckets) {
                cumulative += n;
                let _ = writeln!(
                    out,
                    "http_request_duration_seconds_bucket{{{labels},le=\"{bound}\"}} {cumulative}"
                );
            }
            let _ = writeln!(
                out,
                "http_request_duration_seconds_bucket{{{labels},le=\"+Inf\"}} {}",
                s.count
            );
            let _ = writeln!(
                out,
                "http_request_duration_seconds_sum{{{labels}}} {}",
                s.sum_seconds
            );
            let _ = writeln!(
                out,
                "http_request_duration_seconds_count{{{labels}}} {}",
                s.count
            );
        }
        let state = pool.state();
        out.push_str(
            "# HELP db_pool_connections Database connections held by the pool, by state.\n",
        );
        out.push_str("# TYPE db_pool_connections gauge\n");
        let _ = writeln!(
            out,
            "db_pool_connections{{state=\"idle\"}} {}",
            state.idle_connections
        );
        let _ = writeln!(
            out,
            "db_pool_connections{{state=\"in_use\"}} {}",
            state.connections - state.idle_connections
        );
        out.push_str("# HELP db_pool_max_connections The pool's size.\n");
        out.push_str("# TYPE db_pool_max_connections gauge\n");
        let _ = writeln!(out, "db_pool_max_connections {}", pool.max_size());
        cache.render_metrics(&mut out);
        out
    }
}

/// Compares in time independent of where the inputs differ.
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

fn escape(label: &str) -> String {
    label
        .replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

fn request_id(req: &ServiceRequest) -> String {
    req.headers()
        .get(&REQUEST_ID)
        .and_then(|v| v.to_str().ok())
        .filter(|v| {
            (1..=128).contains(&v.len())
                && v.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
        })
        .map_or_else(|| uuid::Uuid::now_v7().to_string(), str::to_owned)
}

/// The outermost middleware: id, log line and metrics for every request.
pub async fn observe(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let started = Instant::now();
    let id = request_id(&req);
    req.extensions_mut().insert(RequestId(id.clone()));
    // Methods are a label too: any other than the standard ones counts as `OTHER`.
    let method = match req.method().as_str() {
        m @ ("GET" | "HEAD" | "POST" | "PUT" | "PATCH" | "DELETE" | "OPTIONS") => m,
        _ => "OTHER",
    }
    .to_owned();
    let path = loggable(req.path());
    let span = tracing::info_span!("request", request_id = %id);
    let result = next.call(req).instrument(span.clone()).await;
    let seconds = started.elapsed().as_secs_f64();
    let mut response = match result {
        Ok(response) => response,
        Err(error) => {
            // Errors from inner middleware: answered here, so they are counted too.
            let _guard = span.enter();
            tracing::error!(%error, "request failed before a response");
            return Err(error);
        }
    };
    // The pattern the request matched; one label for everything unrouted.
    let route = response
        .request()
        .match_pattern()
        .unwrap_or_else(|| "unmatched".to_owned());
    let status = response.status().as_u16();
    if let Some(state) = response.request().app_data::<web::Data<AppState>>() {
        state.metrics.observe(&method, &route, status, seconds);
    }
    if let Ok(value) = HeaderValue::from_str(&id) {
        response.headers_mut().insert(REQUEST_ID, value);
    }
    let _guard = span.enter();
    tracing::info!(
        target: "access",
        method,
        path,
        route,
        status,
        duration_ms = seconds * 1000.0,
        "answered"
    );
    Ok(response)
}

/// The path as the access log keeps it: a preview link's token is a secret (whoever
/// reads the log could read the draft), so it is left out.
fn loggable(path: &str) -> String {
    let page = format!("/{}/", shared::urls::PREVIEW);
    for prefix in ["/api/v1/previews/", page.as_str()] {
        if path.len() > prefix.len() && path.starts_with(prefix) {
            return format!("{prefix}…");
        }
    }
    path.to_owned()
}

/// Liveness: the process answers.
pub async fn health() -> HttpResponse {
    HttpResponse::Ok()
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .json(serde_json::json!({"status": "ok"}))
}

/// How long `/ready` waits for a database connection and its answer: a load balancer's
/// check is answered within it (a refusing PostgreSQL had taken the pool's 10 s).
pub const READY_WITHIN_MS: u64 = 2_000;

/// Readiness: a database connection answers a query within `READY_WITHIN_MS` (or the
/// request deadline, if shorter; through `with_db_within`, its turn included); 503
/// problem otherwise.
pub async fn ready(state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    super::with_db_within(&state, READY_WITHIN_MS, |conn, _| {
        use diesel::RunQueryDsl as _;
        diesel::sql_query("SELECT 1")
            .execute(conn)
            .map_err(ApiError::unavailable)
    })
    .await?;
    Ok(HttpResponse::Ok()
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .json(serde_json::json!({"status": "ready"})))
}

/// Prometheus metrics; with `server.metrics_token` set, only for that bearer token.
pub async fn metrics(req: HttpRequest, state: web::Data<AppState>) -> HttpResponse {
    if let Some(token) = &state.settings.server.metrics_token {
        let given = req
            .headers()
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "));
        if !given.is_some_and(|given| same(given.as_bytes(), token.expose().as_bytes())) {
            return HttpResponse::Unauthorized()
                .insert_header((header::WWW_AUTHENTICATE, "Bearer"))
                .finish();
        }
    }
    HttpResponse::Ok()
        .content_type("text/plain; version=0.0.4; charset=utf-8")
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .body(state.metrics.render(&state.pool, &state.cache))
}

#[cfg(test)]
mod tests {
    use super::loggable;

    #[test]
    fn preview_tokens_stay_out_of_the_log() {
        let token = "q".repeat(43);
        assert_eq!(loggable(&format!("/pratinjau/{token}")), "/pratinjau/…");
        assert_eq!(
            loggable(&format!("/api/v1/previews/{token}")),
            "/api/v1/previews/…"
        );
        assert_eq!(loggable("/artikel/korea"), "/artikel/korea");
        assert_eq!(loggable("/pratinjau/"), "/pratinjau/");
    }
}
