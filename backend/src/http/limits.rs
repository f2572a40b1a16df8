//! Rate limits on the public API: a fixed window of `http.anonymous_requests` per
//! client IP (behind a trusted proxy, the forwarded client) every
//! `http.rate_window_seconds`. Every limited response says where the client stands
//! (`RateLimit-Limit`, `-Remaining`, `-Reset`, `RateLimit-Policy`); over the limit →
//! 429 problem+json with `Retry-After`. Counters live in this process: with several
//! instances behind a balancer each counts its own share.
//!
//! A partner's `X-API-Key` gets its own window at the key's quota; an unknown or
//! revoked key is refused with 401. Staff routes are not counted here (they need a
//! valid token, and sign-in has its own throttle), nor is the site (a reader's page is
//! counted by `site::page` when the server has to make it); every other route
//! under `/api` is, and so is anything under `/api` that matches no route. What counts is decided by
//! the route the path matches as the router decodes it, never by the path's text.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::middleware::Next;
use actix_web::{HttpMessage as _, ResponseError as _, web};

use shared::ErrorCode;

use super::auth::client_ip;
use super::error::ApiError;
use super::{AppState, with_db};
use crate::domain::api_keys;

/// Counters above this many clients are swept of expired windows.
const SWEEP_ABOVE: usize = 10_000;

#[derive(Debug)]
pub struct RateLimiter {
    limit: u32,
    window: Duration,
    windows: Mutex<HashMap<String, (Instant, u32)>>,
}

/// Where one client stands after a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Standing {
    pub allowed: bool,
    pub limit: u32,
    pub remaining: u32,
    /// Seconds until the window starts afresh.
    pub reset: u64,
    pub window: u64,
}

impl RateLimiter {
    pub fn new(limit: u32, window: Duration) -> Self {
        Self {
            limit,
            window,
            windows: Mutex::new(HashMap::new()),
        }
    }

    /// Counts one request of `client` at `now`, against `limit` (an API key's quota)
    /// or else the anonymous one.
    pub fn hit(&self, client: &str, limit: Option<u32>, now: Instant) -> Standing {
        let limit = limit.unwrap_or(self.limit);
        let mut windows = self
            .windows
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if windows.len() > SWEEP_ABOVE {
            let window = self.window;
            windows.retain(|_, (start, _)| now.duration_since(*start) < window);
        }
        let entry = windows.entry(client.to_owned()).or_insert((now, 0));
        if now.duration_since(entry.0) >= self.window {
            *entry = (now, 0);
        }
        let allowed = entry.1 < limit;
        if allowed {
            entry.1 += 1;
        }
        let elapsed = now.duration_since(entry.0);
        let reset = self.window.saturating_sub(elapsed).as_secs().max(1);
        Standing {
            allowed,
            limit,
            remaining: limit.saturating_sub(entry.1),
            reset,
            window: self.window.as_secs(),
        }
    }
}

/// Whether a request for `path` counts against the limit, decided by the route it
/// matches: a route of the public API does, a staff route or the site's does not,
/// and a path under `/api` that matches no route (a 404 or 405) does. `path` is the path as the router matches it
/// (percent-decoded), so `/api/v%31/articles` counts as `/api/v1/articles` does.
fn counted(path: &str) -> bool {
    match super::api_route(path) {
        Some(route) => route.public_api,
        None => super::is_api_path(path),
    }
}

fn headers(standing: &Standing) -> [(HeaderName, HeaderValue); 4] {
    let value = |n: u64| HeaderValue::from(n);
    [
        (
            HeaderName::from_static("ratelimit-limit"),
            value(u64::from(standing.limit)),
        ),
        (
            HeaderName::from_static("ratelimit-remaining"),
            value(u64::from(standing.remaining)),
        ),
        (
            HeaderName::from_static("ratelimit-reset"),
            value(standing.reset),
        ),
        (
            HeaderName::from_static("ratelimit-policy"),
            HeaderValue::from_str(&format!("{};w={}", standing.limit, standing.window))
                .unwrap_or_else(|_| HeaderValue::from_static("")),
        ),
    ]
}

/// The API key a request was authenticated by (set by `limit`).
#[derive(Debug, Clone)]
pub struct ApiKeyId(pub String);

/// The middleware: count, refuse over the limit, and say where the client stands.
pub async fn limit(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let state = req.app_data::<web::Data<AppState>>().cloned();
    let (Some(state), true) = (state, counted(req.match_info().as_str())) else {
        return next
            .call(req)
            .await
            .map(ServiceResponse::map_into_boxed_body);
    };
    // A partner's key: its own bucket and quota. A key that is not (or no longer)
    // valid is refused rather than counted as anonymous, so the partner notices.
    let key = req
        .headers()
        .get("x-api-key")
        .map(|v| v.to_str().unwrap_or_default().to_owned());
    let (client, quota) = match key {
        Some(key) => {
            let found = with_db(&state, move |conn, _| api_keys::authenticate(conn, &key)).await;
            match found {
                Ok(Some((id, quota))) => {
                    // Handlers that act for the key's holder (webhooks) read it here
                    // instead of looking the key up again.
                    req.extensions_mut().insert(ApiKeyId(id.clone()));
                    (format!("key:{id}"), Some(quota))
                }
                Ok(None) => {
                    let error = ApiError::field(
                        ErrorCode::Unauthorized,
                        "X-API-Key",
                        "This API key is unknown or revoked",
                    );
                    return Ok(req.into_response(error.error_response()));
                }
                Err(error) => return Ok(req.into_response(error.error_response())),
            }
        }
        None => (
            client_ip(req.request(), &state.settings.auth.trusted_proxies),
            None,
        ),
    };
    let standing = state.limiter.hit(&client, quota, Instant::now());
    let mut response = if standing.allowed {
        next.call(req).await?.map_into_boxed_body()
    } else {
        let error = ApiError::too_many_requests(
            standing.reset,
            format!(
                "This client made {} requests in {} seconds; try again in {} seconds, \
                 or ask for an API key with a higher quota.",
                standing.limit, standing.window, standing.reset
            ),
        );
        req.into_response(error.error_response())
    };
    for (name, value) in headers(&standing) {
        response.headers_mut().insert(name, value);
    }
    Ok(response)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_window_allows_the_limit_then_refuses_until_it_ends() {
        let limiter = RateLimiter::new(2, Duration::from_secs(60));
        let start = Instant::now();
        assert_eq!(limiter.hit("a", None, start).remaining, 1);
        assert!(limiter.hit("a", None, start).allowed);
        let refused = limiter.hit("a", None, start + Duration::from_secs(15));
        assert!(!refused.allowed);
        assert_eq!((refused.remaining, refused.reset), (0, 45));
        // Another client has its own window.
        assert!(limiter.hit("b", None, start).allowed);
        // A new window starts afresh.
        assert!(
            limiter
                .hit("a", None, start + Duration::from_secs(60))
                .allowed
        );
        // A key's quota replaces the anonymous one.
        let keyed = limiter.hit("key:1", Some(5), start);
        assert_eq!((keyed.limit, keyed.remaining), (5, 4));
    }

    #[test]
    fn staff_routes_are_not_counted() {
        assert!(counted("/api/v1/articles"));
        assert!(counted("/api/v1/feeds/rss"));
        assert!(!counted("/sitemap.xml"));
        assert!(!counted("/robots.txt"));
        assert!(counted("/api/v1/webhooks"));
        assert!(!counted("/api/v1/newsroom/articles"));
        assert!(!counted("/api/v1/auth/login"));
        assert!(!counted("/api/v1/users"));
        assert!(!counted("/api/v1/api-keys"));
        assert!(counted("/api/v1/usersx"));
        assert!(counted("/api/nothing"));
        assert!(!counted("/artikel/x"));
    }
}
