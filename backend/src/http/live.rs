//! Live blogs over HTTP: the entries (public pages, and staff's writes at
//! `/newsroom/articles/{id}/entries`) and each live blog's event stream
//! (`text/event-stream`), fed by one `LiveHub` per instance.
//!
//! The hub reads the change log — where every write, through any instance, records
//! what happened to a public live blog's entries — and fans each event out to the
//! streams open here over one broadcast channel. It reads at once when this instance
//! wrote (`with_db` wakes it) and every `live.poll_ms` otherwise, for the others'
//! writes. Event ids are the log's numbers: a stream resumes after `Last-Event-ID` by
//! reading the log, on whichever instance the browser reaches.

use std::collections::VecDeque;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use actix_web::http::header;
use actix_web::web::Bytes;
use actix_web::{HttpRequest, HttpResponse, delete, get, post, put, web};
use shared::live::{LiveEntry, LiveEntryInput, LiveEntryPage};
use shared::query::{LiveEntriesQuery, LiveStreamQuery};
use shared::{ArticleId, ErrorCode, LiveEntryId};
use tokio::sync::{Notify, broadcast, watch};

use super::auth::AuthUser;
use super::body::JsonBody;
use super::error::ApiError;
use super::newsroom::{actor, expected_version, with_version};
use super::path::{PathEntry, PathId};
use super::query::{NoQuery, Query};
use super::response_cache::respond_json;
use super::{AppState, with_db};
use crate::config::LiveSettings;
use crate::db::Pool;
use crate::domain::live::{self as domain, LiveError, LiveEvent};
use crate::domain::{Desk, newsroom};

/// How many events wait for a slow stream before it reads the log instead.
const CHANNEL: usize = 1024;

/// Entries of the log read per round.
const ROUND: i64 = 500;

impl From<LiveError> for ApiError {
    fn from(e: LiveError) -> Self {
        match e {
            LiveError::NotFound(message) => ApiError::not_found(message),
            LiveError::Invalid { field, message } => {
                let code = if field == LAST_EVENT_ID {
                    ErrorCode::InvalidHeader
                } else {
                    ErrorCode::InvalidParameter
                };
                ApiError::field(code, &field, message)
            }
            LiveError::Storage(e) => ApiError::internal(e),
        }
    }
}

const LAST_EVENT_ID: &str = "Last-Event-ID";

/// An event as every stream sends it: its text made once.
#[derive(Debug)]
struct Frame {
    seq: i64,
    article_id: String,
    bytes: Bytes,
    ends: bool,
}

impl From<LiveEvent> for Frame {
    fn from(event: LiveEvent) -> Self {
        Self {
            seq: event.seq,
            article_id: event.article_id,
            bytes: Bytes::from(event.frame),
            ends: event.ends,
        }
    }
}

/// This instance's live blog streams: how many are open, and the events for them.
#[derive(Debug)]
pub struct LiveHub {
    sender: broadcast::Sender<Arc<Frame>>,
    wake: Notify,
    open: AtomicUsize,
    max_streams: usize,
    heartbeat: Duration,
    stop: watch::Sender<bool>,
}

/// A stream's place among the open ones, given back when it ends.
#[derive(Debug)]
struct Slot(Arc<LiveHub>);

impl Drop for Slot {
    fn drop(&mut self) {
        self.0.open.fetch_sub(1, Ordering::AcqRel);
    }
}

impl LiveHub {
    pub fn new(settings: &LiveSettings) -> Arc<Self> {
        Arc::new(Self {
            sender: broadcast::channel(CHANNEL).0,
            wake: Notify::new(),
            open: AtomicUsize::new(0),
            max_streams: settings.max_streams,
            heartbeat: Duration::from_secs(settings.heartbeat_seconds),
            stop: watch::channel(false).0,
        })
    }

    /// Something was written here: read the log now.
    pub fn wake(&self) {
        self.wake.notify_one();
    }

    /// Ends every stream (the server is stopping) and the hub's reading.
    pub fn stop(&self) {
        self.stop.send_replace(true);
    }

    /// Streams open now.
    pub fn open_streams(&self) -> usize {
        self.open.load(Ordering::Acquire)
    }

    fn slot(self: &Arc<Self>) -> Option<Slot> {
        self.open
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |n| {
                (n < self.max_streams).then_some(n + 1)
            })
            .ok()
            .map(|_| Slot(self.clone()))
    }
}

/// Reads the change log after `from` on the blocking pool.
async fn read_log(
    pool: &Pool,
    desk: Desk,
    since: i64,
) -> anyhow::Result<(Vec<LiveEvent>, i64, bool)> {
    let pool = pool.clone();
    tokio::task::spawn_blocking(move || {
        let mut conn = pool.get()?;
        domain::events_after(&mut conn, desk, since, ROUND)
    })
    .await?
}

async fn log_head(pool: &Pool) -> anyhow::Result<i64> {
    let pool = pool.clone();
    tokio::task::spawn_blocking(move || domain::head(&mut *pool.get()?)).await?
}

/// The hub's reader: from the log's head at start, each round's events to the streams.
pub async fn run(hub: Arc<LiveHub>, pool: Pool, desk: Desk, poll: Duration) {
    let mut stop = hub.stop.subscribe();
    let mut read = None;
    loop {
        if read.is_none() {
            read = log_head(&pool).await.inspect_err(|error| {
                tracing::error!(error = %format!("{error:#}"), "live hub: reading the log's head failed");
            }).ok();
        }
        if let Some(since) = read {
            read = Some(fan_out(&hub, &pool, desk, since).await);
        }
        tokio::select! {
            () = hub.wake.notified() => {}
            () = tokio::time::sleep(poll) => {}
            _ = stop.changed() => return,
        }
    }
}

/// Sends what the log holds after `since`; returns how far it was read.
async fn fan_out(hub: &LiveHub, pool: &Pool, desk: Desk, mut since: i64) -> i64 {
    loop {
        if hub.sender.receiver_count() == 0 {
            // No one listens: skip to the head without making events.
            return log_head(pool).await.unwrap_or(since).max(since);
        }
        match read_log(pool, desk, since).await {
            Ok((events, read, full)) => {
                for event in events {
                    // Sent to no one when every stream just closed: nothing lost.
                    let _ = hub.sender.send(Arc::new(Frame::from(event)));
                }
                since = read;
                if !full {
                    return since;
                }
            }
            Err(error) => {
                tracing::error!(error = %format!("{error:#}"), "live hub: reading the log failed");
                return since;
            }
        }
    }
}

/// One open stream: what it has sent, what waits to be sent.
struct Reader {
    rx: broadcast::Receiver<Arc<Frame>>,
    stop: watch::Receiver<bool>,
    article_id: String,
    /// The last event sent (its log number).
    last: i64,
    queue: VecDeque<Bytes>,
    heartbeat: tokio::time::Interval,
    pool: Pool,
    desk: Desk,
    ended: bool,
    _slot: Slot,
}

impl Reader {
    fn push_replay(&mut self, replay: Option<Vec<LiveEvent>>) {
        match replay {
            Some(events) => {
                for event in events {
                    self.last = self.last.max(event.seq);
                    self.ended |= event.ends;
                    self.queue.push_back(Bytes::from(event.frame));
                }
            }
            // Too much happened to replay: the reader loads the entries again.
            None => self
                .queue
                .push_back(Bytes::from_static(b"event: reset\ndata: {}\n\n")),
        }
    }

    /// The next bytes to send, or `None` when the stream ends.
    async fn next(&mut self) -> Option<Bytes> {
        loop {
            if let Some(bytes) = self.queue.pop_front() {
                return Some(bytes);
            }
            if self.ended || *self.stop.borrow() {
                return None;
            }
            tokio::select! {
                _ = self.stop.changed() => return None,
                got = self.rx.recv() => match got {
                    Ok(frame) => {
                        if frame.article_id == self.article_id && frame.seq > self.last {
                            self.last = frame.seq;
                            self.ended = frame.ends;
                            return Some(frame.bytes.clone());
                        }
                    }
                    Err(broadcast::error::RecvError::Lagged(_)) => {
                        // Fell behind the channel: the log has everything.
                        let (pool, desk, id, since) =
                            (self.pool.clone(), self.desk, self.article_id.clone(), self.last);
                        let replay = tokio::task::spawn_blocking(move || {
                            domain::replay(&mut *pool.get()?, desk, &id, since)
                        })
                        .await;
                        match replay {
                            Ok(Ok(replay)) => self.push_replay(replay),
                            _ => return None,
                        }
                    }
                    Err(broadcast::error::RecvError::Closed) => return None,
                },
                _ = self.heartbeat.tick() => return Some(Bytes::from_static(b": keep-alive\n\n")),
            }
        }
    }
}

/// Where the stream resumes: `Last-Event-ID` (a browser reconnecting), else `after`.
fn resume_point(
    req: &HttpRequest,
    query: &LiveStreamQuery,
) -> Result<Option<(i64, &'static str)>, ApiError> {
    let number = |text: &str| {
        (!text.is_empty() && text.len() <= 18 && text.bytes().all(|b| b.is_ascii_digit()))
            .then(|| text.parse::<i64>().ok())
            .flatten()
    };
    if let Some(value) = req.headers().get(LAST_EVENT_ID) {
        let n = value.to_str().ok().and_then(number).ok_or_else(|| {
            ApiError::field(
                ErrorCode::InvalidHeader,
                LAST_EVENT_ID,
                "`Last-Event-ID` must be an event's id (digits)",
            )
        })?;
        return Ok(Some((n, LAST_EVENT_ID)));
    }
    match &query.after {
        None => Ok(None),
        Some(after) => number(after).map(|n| Some((n, "after"))).ok_or_else(|| {
            ApiError::invalid(
                "after",
                "`after` must be an event's id or an entries page's `stream_after` (digits)",
            )
        }),
    }
}

/// `streamLiveBlog`'s header, for the contract (read by `resume_point`).
#[derive(serde::Serialize, utoipa::IntoParams)]
#[into_params(parameter_in = Header)]
#[allow(dead_code)]
struct LiveStreamHeaders {
    /// The id of the last event received: a reconnecting browser sends it.
    #[serde(
        rename = "Last-Event-ID",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    #[param(pattern = "^[0-9]{1,18}$", example = "42", nullable = false)]
    last_event_id: Option<String>,
}

/// Follow a live blog
///
/// A `text/event-stream` of what happens to the published live blog `slug`, as it
/// happens (through any instance):
///
/// - `event: entry` — an entry was added or changed; `data` is the `LiveEntry` as it
///   is now (replace the one with its `id`, or add it);
/// - `event: entry-removed` — `data` is `{"id": …}`;
/// - `event: article` — the live blog changed; `data` is a `LiveArticleEvent`
///   (`live: closed` once it ended);
/// - `event: gone` — it was unpublished or deleted; the stream ends;
/// - `event: reset` — more happened since `Last-Event-ID` than is replayed (500
///   changes): load the entries again.
///
/// Each event's `id` is its place in the change log: a reconnecting browser sends it as
/// `Last-Event-ID` and misses nothing. The stream begins with `retry` and the `id` it
/// starts from; a comment (`: keep-alive`) every `live.heartbeat_seconds` while idle.
/// Start it from an entries page's `stream_after` (`after=`) so that nothing written
/// between the two is missed. Past `live.max_streams` open streams on the instance: 503
/// with `Retry-After`.
#[utoipa::path(
    operation_id = "streamLiveBlog",
    tag = "articles",
    params(
        ("slug" = String, Path, description = "The live blog's slug"),
        LiveStreamHeaders,
        LiveStreamQuery,
    ),
    responses(
        (status = 200, description = "The events, as they happen", content_type = "text/event-stream", body = String),
        (status = 400, response = super::BadRequest),
        (status = 404, description = "No published live blog has this slug", body = shared::Problem,
            content_type = "application/problem+json"),
        (status = 429, response = super::RateLimited),
        (status = 503, description = "This instance has as many streams open as it keeps, or the database is unreachable; `Retry-After` says when to try again", body = shared::Problem,
            content_type = "application/problem+json",
            headers(("Retry-After" = u32, description = "Seconds to wait"))),
    )
)]
#[get("/articles/{slug}/live")]
pub async fn stream_live_blog(
    req: HttpRequest,
    query: Query<LiveStreamQuery>,
    slug: web::Path<String>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let after = resume_point(&req, &query)?;
    let hub = state.live.clone();
    let slot = hub.slot().ok_or_else(|| {
        ApiError::new(
            ErrorCode::ServiceUnavailable,
            format!(
                "This server follows {} live streams, as many as it keeps; try again shortly.",
                hub.max_streams
            ),
        )
        .retry_after(30)
    })?;
    // Listening before the log is read: whatever commits after the read is heard.
    let rx = hub.sender.subscribe();
    let slug = slug.into_inner();
    let start = with_db(&state, move |conn, desk| {
        domain::open_stream(conn, desk, &slug, after)
    })
    .await?;
    let heartbeat =
        tokio::time::interval_at(tokio::time::Instant::now() + hub.heartbeat, hub.heartbeat);
    let mut reader = Reader {
        rx,
        stop: hub.stop.subscribe(),
        article_id: start.article_id,
        last: start.from,
        queue: VecDeque::new(),
        heartbeat,
        pool: state.pool.clone(),
        desk: state.desk,
        ended: false,
        _slot: slot,
    };
    reader
        .queue
        .push_back(Bytes::from(format!("retry: 3000\nid: {}\n\n", start.from)));
    reader.push_replay(start.replay);
    let stream = futures_util::stream::unfold(reader, |mut reader| async move {
        let bytes = reader.next().await?;
        Some((Ok::<_, std::convert::Infallible>(bytes), reader))
    });
    Ok(HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, "text/event-stream"))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        // nginx and its kind pass each event on at once.
        .insert_header(("X-Accel-Buffering", "no"))
        .streaming(stream))
}

/// List a live blog's entries
///
/// The published live blog `slug`'s entries, newest first, a page at a time (`older`
/// → `before`), only its key events (`key_events=true`), or only those posted after an
/// entry (`since`) to catch up; its pinned entries on every page. `stream_after` is
/// where its event stream picks up from this answer.
#[utoipa::path(
    operation_id = "listLiveEntries",
    tag = "articles",
    params(
        ("slug" = String, Path, description = "The live blog's slug"),
        LiveEntriesQuery,
    ),
    responses(
        (status = 200, description = "A page of entries", body = LiveEntryPage,
            headers(
                ("ETag" = String, description = "Strong validator of this representation"),
                ("Cache-Control" = String, description = "`public, max-age=…, stale-while-revalidate=…`"),
            )),
        (status = 304, response = super::NotModified),
        (status = 400, response = super::BadRequest),
        (status = 404, description = "No published live blog has this slug", body = shared::Problem,
            content_type = "application/problem+json"),
        (status = 429, response = super::RateLimited),
        (status = 503, response = super::Unavailable),
    )
)]
#[get("/articles/{slug}/entries")]
pub async fn list_live_entries(
    req: HttpRequest,
    query: Query<LiveEntriesQuery>,
    slug: web::Path<String>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let slug = slug.into_inner();
    let key = format!("entries {slug}?{}", req.query_string());
    respond_json(&state, &req, key, move |conn, desk| {
        Ok(domain::public_entries(conn, desk, &slug, &query)?)
    })
    .await
}

/// List a live blog's entries (staff)
///
/// As `listLiveEntries`, also before the live blog is published; whoever may read the
/// article.
#[utoipa::path(
    operation_id = "listStaffLiveEntries",
    tag = "newsroom",
    security(("bearer" = [])),
    params(
        ("id" = ArticleId, Path, description = "The article's id"),
        LiveEntriesQuery,
    ),
    responses(
        (status = 200, description = "A page of entries", body = LiveEntryPage),
        (status = 400, response = super::BadRequest),
        (status = 401, response = super::Unauthorized),
        (status = 404, description = "No such article, or not yours", body = shared::Problem,
            content_type = "application/problem+json"),
        (status = 409, description = "The article is not a live blog", body = shared::Problem,
            content_type = "application/problem+json"),
        (status = 503, response = super::Unavailable),
    )
)]
#[get("/newsroom/articles/{id}/entries")]
pub async fn list_staff_entries(
    auth: AuthUser,
    query: Query<LiveEntriesQuery>,
    state: web::Data<AppState>,
    PathId(id): PathId<ArticleId>,
) -> Result<HttpResponse, ApiError> {
    let actor = actor(&auth);
    let page = with_db(&state, move |conn, desk| {
        newsroom::staff_entries(conn, desk, &actor, id, &query)
    })
    .await?;
    Ok(super::newsroom::staff_answer(HttpResponse::Ok(), &page))
}

/// Post an entry to a live blog
///
/// While the live blog is open; whoever may read the article (its author keeps posting
/// once it is published, as the editors do). Readers following it receive the entry at
/// once when the live blog is public. At most 3 entries are pinned at once.
#[utoipa::path(
    operation_id = "createLiveEntry",
    tag = "newsroom",
    security(("bearer" = [])),
    params(("id" = ArticleId, Path, description = "The article's id")),
    request_body = LiveEntryInput,
    responses(
        (status = 201, description = "The entry", body = LiveEntry,
            headers(("ETag" = String, description = "`\"v1\"`: send it as `If-Match` to change the entry"))),
        (status = 400, response = super::BadRequestBody),
        (status = 401, response = super::Unauthorized),
        (status = 404, description = "No such article, or not yours", body = shared::Problem,
            content_type = "application/problem+json"),
        (status = 409, description = "The article is not a live blog, or it is closed, or 3 entries are pinned", body = shared::Problem,
            content_type = "application/problem+json"),
        (status = 413, response = super::TooLarge),
        (status = 415, response = super::NotJson),
        (status = 503, response = super::Unavailable),
    )
)]
#[post("/newsroom/articles/{id}/entries")]
pub async fn create_entry(
    _: NoQuery,
    auth: AuthUser,
    state: web::Data<AppState>,
    PathId(id): PathId<ArticleId>,
    body: JsonBody<LiveEntryInput>,
) -> Result<HttpResponse, ApiError> {
    let actor = actor(&auth);
    let input = body.0;
    let entry = with_db(&state, move |conn, desk| {
        newsroom::add_entry(conn, desk, &actor, id, &input)
    })
    .await?;
    Ok(with_version(HttpResponse::Created(), entry.version, &entry))
}

/// Change a live blog's entry
///
/// The whole entry, at the version it was read at (`If-Match: "v2"`; 412 when it was
/// changed since, 428 without); open or closed. Its place (`created_at`) stays.
#[utoipa::path(
    operation_id = "updateLiveEntry",
    tag = "newsroom",
    security(("bearer" = [])),
    params(
        ("id" = ArticleId, Path, description = "The article's id"),
        ("entry_id" = LiveEntryId, Path, description = "The entry's id"),
        ("If-Match" = String, Header, description = "The entry's `ETag` as read (`\"v2\"`), or `*`"),
    ),
    request_body = LiveEntryInput,
    responses(
        (status = 200, description = "The entry as it now is", body = LiveEntry,
            headers(("ETag" = String, description = "The new version"))),
        (status = 400, response = super::BadRequestBody),
        (status = 401, response = super::Unauthorized),
        (status = 404, description = "No such article or entry, or not yours", body = shared::Problem,
            content_type = "application/problem+json"),
        (status = 409, description = "The article is not a live blog, or 3 entries are pinned", body = shared::Problem,
            content_type = "application/problem+json"),
        (status = 412, response = super::Stale),
        (status = 413, response = super::TooLarge),
        (status = 415, response = super::NotJson),
        (status = 428, response = super::IfMatchRequired),
        (status = 503, response = super::Unavailable),
    )
)]
#[put("/newsroom/articles/{id}/entries/{entry_id}")]
pub async fn update_entry(
    req: HttpRequest,
    _: NoQuery,
    auth: AuthUser,
    state: web::Data<AppState>,
    PathId(id): PathId<ArticleId>,
    PathEntry(entry): PathEntry<LiveEntryId>,
    body: JsonBody<LiveEntryInput>,
) -> Result<HttpResponse, ApiError> {
    let expected = expected_version(&req)?;
    let actor = actor(&auth);
    let input = body.0;
    let entry = with_db(&state, move |conn, desk| {
        newsroom::update_entry(conn, desk, &actor, id, entry, expected, &input)
    })
    .await?;
    Ok(with_version(HttpResponse::Ok(), entry.version, &entry))
}

/// Remove a live blog's entry
///
/// Readers following the live blog see it go at once.
#[utoipa::path(
    operation_id = "deleteLiveEntry",
    tag = "newsroom",
    security(("bearer" = [])),
    params(
        ("id" = ArticleId, Path, description = "The article's id"),
        ("entry_id" = LiveEntryId, Path, description = "The entry's id"),
    ),
    responses(
        (status = 204, description = "Removed"),
        (status = 400, response = super::BadRequest),
        (status = 401, response = super::Unauthorized),
        (status = 404, description = "No such article or entry, or not yours", body = shared::Problem,
            content_type = "application/problem+json"),
        (status = 409, description = "The article is not a live blog", body = shared::Problem,
            content_type = "application/problem+json"),
        (status = 503, response = super::Unavailable),
    )
)]
#[delete("/newsroom/articles/{id}/entries/{entry_id}")]
pub async fn delete_entry(
    _: NoQuery,
    auth: AuthUser,
    state: web::Data<AppState>,
    PathId(id): PathId<ArticleId>,
    PathEntry(entry): PathEntry<LiveEntryId>,
) -> Result<HttpResponse, ApiError> {
    let actor = actor(&auth);
    with_db(&state, move |conn, desk| {
        newsroom::remove_entry(conn, desk, &actor, id, entry)
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}
