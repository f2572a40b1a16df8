//! Public answers kept in memory, ready to send: an article (each representation),
//! a page of the article list or of search results, a feed. A kept answer is sent
//! while the database's `ContentVersion` is what it was when the answer was made — no
//! write committed since (by this or any other process or instance) and no scheduled
//! article come due.
//! Serving one costs no database work but an occasional check of that version.
//!
//! When is the version read again? After any write this server commits (its
//! `with_db` work; at once: what this server wrote, it serves), when the next
//! scheduled article comes due, and otherwise every `http.cache_revalidate_ms`, which
//! bounds how long another instance's (or an `import`'s) write goes unseen here.
//! Kept answers are weighed in bytes; past `http.response_cache_mb` the least
//! recently sent quarter is dropped. One request makes a missing answer while others
//! asking for it wait.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

use actix_web::{HttpRequest, HttpResponse};
use chrono::NaiveDateTime;

use super::caching::Representation;
use super::error::ApiError;
use super::{AppState, with_db};
use crate::db::DbConnection;
use crate::db::content::{self, ContentVersion};
use crate::domain::Desk;

#[derive(Debug)]
pub struct ResponseCache {
    budget: usize,
    revalidate: Duration,
    inner: RwLock<Inner>,
    /// Write transactions this server committed (in `with_db`): each makes the next
    /// lookup read the content version again.
    local_writes: AtomicU64,
    /// Answers being made, by key: whoever finds one missing waits its turn here.
    making: Mutex<HashMap<String, Arc<tokio::sync::Mutex<()>>>>,
    /// Counts lookups: an entry's last use, for choosing what to drop.
    ticks: AtomicU64,
    /// Answers sent from memory, answers made from the database, and reads of the
    /// content version alone: for `/metrics`.
    sent_kept: AtomicU64,
    made: AtomicU64,
    revalidations: AtomicU64,
}

#[derive(Debug, Default)]
struct Inner {
    known: Option<Seen>,
    entries: HashMap<String, Entry>,
    weight: usize,
}

#[derive(Debug)]
struct Entry {
    answer: Arc<Representation>,
    used: AtomicU64,
}

/// The database's version, and when and after how many local writes it was read.
#[derive(Debug, Clone, Copy)]
pub struct Seen {
    version: ContentVersion,
    /// `ResponseCache::local_writes` just before the version was read.
    local_writes: u64,
    read_at: Instant,
}

impl Seen {
    fn read(
        conn: &mut DbConnection,
        now: NaiveDateTime,
        local_writes: u64,
    ) -> diesel::QueryResult<Self> {
        Ok(Self {
            version: content::version(conn, now)?,
            local_writes,
            read_at: Instant::now(),
        })
    }

    /// Whether a later read than `self` (by the write count, then the time).
    fn newer_than(&self, other: &Self) -> bool {
        (self.version.writes, self.read_at) > (other.version.writes, other.read_at)
    }
}

/// A place in the queue of requests making (or waiting for) one key's answer. Left on
/// drop — also when a request is dropped midway, its client gone — and the last to
/// leave forgets the key, so the queues do not outlive their requests.
struct Turn<'a> {
    cache: &'a ResponseCache,
    key: &'a str,
    place: Arc<tokio::sync::Mutex<()>>,
}

impl<'a> Turn<'a> {
    fn take(cache: &'a ResponseCache, key: &'a str) -> Self {
        let mut making = cache.making.lock().unwrap_or_else(|e| e.into_inner());
        let place = making.entry(key.to_owned()).or_default().clone();
        Self { cache, key, place }
    }
}

impl Drop for Turn<'_> {
    fn drop(&mut self) {
        let mut making = self.cache.making.lock().unwrap_or_else(|e| e.into_inner());
        // Held by the map and by this turn: nobody else waits.
        if Arc::strong_count(&self.place) == 2 {
            making.remove(self.key);
        }
    }
}

enum Lookup {
    Hit(Arc<Representation>),
    /// The version must be read again before anything kept is sent.
    Unsure,
    Miss,
}

impl ResponseCache {
    pub fn new(budget_mb: u32, revalidate_ms: u64) -> Self {
        Self {
            budget: budget_mb as usize * 1024 * 1024,
            revalidate: Duration::from_millis(revalidate_ms),
            inner: RwLock::default(),
            local_writes: AtomicU64::new(0),
            making: Mutex::default(),
            ticks: AtomicU64::new(0),
            sent_kept: AtomicU64::new(0),
            made: AtomicU64::new(0),
            revalidations: AtomicU64::new(0),
        }
    }

    /// This server committed a write: kept answers are confirmed before they are sent.
    pub fn wrote(&self) {
        self.local_writes.fetch_add(1, Ordering::AcqRel);
    }

    /// Prometheus lines for `/metrics`.
    pub fn render_metrics(&self, out: &mut String) {
        use std::fmt::Write as _;
        let weight = self.inner.read().unwrap_or_else(|e| e.into_inner()).weight;
        out.push_str(
            "# HELP response_cache_answers_total Public answers kept in memory (`kept`: sent \
             from memory; `made`: from the database).\n",
        );
        out.push_str("# TYPE response_cache_answers_total counter\n");
        for (source, n) in [("kept", &self.sent_kept), ("made", &self.made)] {
            let _ = writeln!(
                out,
                "response_cache_answers_total{{source=\"{source}\"}} {}",
                n.load(Ordering::Relaxed)
            );
        }
        out.push_str(
            "# HELP response_cache_revalidations_total Reads of the database's content version \
             to confirm kept answers.\n",
        );
        out.push_str("# TYPE response_cache_revalidations_total counter\n");
        let _ = writeln!(
            out,
            "response_cache_revalidations_total {}",
            self.revalidations.load(Ordering::Relaxed)
        );
        out.push_str("# HELP response_cache_bytes Memory held by kept answers (estimate).\n");
        out.push_str("# TYPE response_cache_bytes gauge\n");
        let _ = writeln!(out, "response_cache_bytes {weight}");
    }

    /// The kept answer for `key`, or a new one from `make` (then kept), sent for `req`.
    /// Without a key the answer is made and not kept. Errors of `make` (a 404, say),
    /// and answers that are not a success (a reader's 404 page), are not kept.
    pub async fn respond<F>(
        state: &AppState,
        req: &HttpRequest,
        key: Option<String>,
        make: F,
    ) -> Result<HttpResponse, ApiError>
    where
        F: FnOnce(&mut DbConnection, Desk) -> Result<Representation, ApiError> + Send + 'static,
    {
        let cache = state.cache.clone();
        let Some(key) = key.filter(|_| cache.budget > 0) else {
            cache.made.fetch_add(1, Ordering::Relaxed);
            return with_db(state, make).await?.send(req);
        };
        match cache.lookup(&key, state.desk.now()) {
            Lookup::Hit(answer) => return answer.send(req),
            Lookup::Unsure => {
                cache.revalidations.fetch_add(1, Ordering::Relaxed);
                let local_writes = cache.local_writes.load(Ordering::Acquire);
                let seen = with_db(state, move |conn, desk| {
                    Seen::read(conn, desk.now(), local_writes).map_err(ApiError::internal)
                })
                .await?;
                cache.learn(seen);
                if let Lookup::Hit(answer) = cache.lookup(&key, state.desk.now()) {
                    return answer.send(req);
                }
            }
            Lookup::Miss => {}
        }
        // One request makes a missing answer; others asking for it meanwhile wait for
        // that one instead of all making it at once.
        let turn = Turn::take(&cache, &key);
        let making = turn.place.lock().await;
        let answer = match cache.lookup(&key, state.desk.now()) {
            Lookup::Hit(answer) => Ok(answer),
            _ => cache.make(state, key.clone(), make).await,
        };
        drop(making);
        drop(turn);
        answer?.send(req)
    }

    async fn make<F>(
        &self,
        state: &AppState,
        key: String,
        make: F,
    ) -> Result<Arc<Representation>, ApiError>
    where
        F: FnOnce(&mut DbConnection, Desk) -> Result<Representation, ApiError> + Send + 'static,
    {
        // The version is read before the answer is made: a write between the two
        // makes the answer look older than it is, never newer.
        let local_writes = self.local_writes.load(Ordering::Acquire);
        let (seen, answer) = with_db(state, move |conn, desk| {
            let seen = Seen::read(conn, desk.now(), local_writes).map_err(ApiError::internal)?;
            Ok::<_, ApiError>((seen, Arc::new(make(conn, desk)?)))
        })
        .await?;
        self.made.fetch_add(1, Ordering::Relaxed);
        self.keep(key, seen, answer.clone());
        Ok(answer)
    }

    fn lookup(&self, key: &str, now: NaiveDateTime) -> Lookup {
        let inner = self.inner.read().unwrap_or_else(|e| e.into_inner());
        let Some(known) = inner.known else {
            return Lookup::Unsure;
        };
        let current = known.local_writes == self.local_writes.load(Ordering::Acquire)
            && known.read_at.elapsed() < self.revalidate
            && known.version.next_due.is_none_or(|due| now < due);
        if !current {
            return Lookup::Unsure;
        }
        match inner.entries.get(key) {
            Some(entry) => {
                let tick = self.ticks.fetch_add(1, Ordering::Relaxed);
                entry.used.store(tick, Ordering::Relaxed);
                self.sent_kept.fetch_add(1, Ordering::Relaxed);
                Lookup::Hit(entry.answer.clone())
            }
            None => Lookup::Miss,
        }
    }

    /// Takes `seen` as what is known, unless something newer is; a changed version
    /// retires every kept answer.
    fn learn(&self, seen: Seen) {
        let mut inner = self.inner.write().unwrap_or_else(|e| e.into_inner());
        Self::learn_in(&mut inner, seen);
    }

    fn learn_in(inner: &mut Inner, seen: Seen) {
        match inner.known {
            Some(known) if !seen.newer_than(&known) => {}
            Some(known) if known.version == seen.version => {
                inner.known = Some(Seen {
                    local_writes: seen.local_writes.max(known.local_writes),
                    ..seen
                });
            }
            _ => {
                inner.known = Some(seen);
                inner.entries.clear();
                inner.weight = 0;
            }
        }
    }

    /// Keeps `answer`, made at `seen`, if that is still the current version.
    fn keep(&self, key: String, seen: Seen, answer: Arc<Representation>) {
        if !answer.is_success() {
            return;
        }
        let mut inner = self.inner.write().unwrap_or_else(|e| e.into_inner());
        Self::learn_in(&mut inner, seen);
        if inner
            .known
            .is_none_or(|known| known.version != seen.version)
        {
            return;
        }
        let weight = answer.weight() + key.len();
        if weight > self.budget / 4 {
            return;
        }
        let tick = self.ticks.fetch_add(1, Ordering::Relaxed);
        let entry = Entry {
            answer,
            used: AtomicU64::new(tick),
        };
        if let Some(old) = inner.entries.insert(key.clone(), entry) {
            inner.weight -= old.answer.weight() + key.len();
        }
        inner.weight += weight;
        if inner.weight > self.budget {
            Self::drop_least_used(&mut inner);
        }
    }

    /// Drops the least recently used quarter of the entries.
    fn drop_least_used(inner: &mut Inner) {
        let mut used: Vec<u64> = inner
            .entries
            .values()
            .map(|e| e.used.load(Ordering::Relaxed))
            .collect();
        if used.is_empty() {
            return;
        }
        let cut = used.len() / 4;
        let (_, threshold, _) = used.select_nth_unstable(cut);
        let threshold = *threshold;
        inner
            .entries
            .retain(|_, e| e.used.load(Ordering::Relaxed) > threshold);
        inner.weight = inner
            .entries
            .iter()
            .map(|(k, e)| e.answer.weight() + k.len())
            .sum();
    }
}

/// A page of a list or of search results, kept by `key`: what `make` gives is the page,
/// when its newest item last changed (`Last-Modified`) and its `Link` header.
pub async fn respond_page<T, F>(
    state: &AppState,
    req: &HttpRequest,
    key: String,
    make: F,
) -> Result<HttpResponse, ApiError>
where
    T: serde::Serialize,
    F: FnOnce(
            &mut DbConnection,
            crate::domain::Desk,
        ) -> Result<(T, Option<NaiveDateTime>, String), ApiError>
        + Send
        + 'static,
{
    let cache_control = super::caching::public_cache_control(&state.settings.http);
    ResponseCache::respond(state, req, Some(key), move |conn, desk| {
        let (value, last_modified, link) = make(conn, desk)?;
        super::caching::Cacheable {
            value: &value,
            last_modified,
            link: Some(link),
        }
        .representation(super::caching::JsonFlavour::PLAIN, cache_control)
    })
    .await
}

/// A public JSON answer kept under `key` while the content stands (made afresh for each
/// request without a key): `make` reads the value from the database; it is sent with
/// the API's public `Cache-Control` and an ETag (no `Last-Modified`: what it lists may
/// change without any of it changing).
pub async fn respond_json<T, F>(
    state: &AppState,
    req: &HttpRequest,
    key: impl Into<Option<String>>,
    make: F,
) -> Result<HttpResponse, ApiError>
where
    T: serde::Serialize,
    F: FnOnce(&mut DbConnection, crate::domain::Desk) -> Result<T, ApiError> + Send + 'static,
{
    let cache_control = super::caching::public_cache_control(&state.settings.http);
    ResponseCache::respond(state, req, key.into(), move |conn, desk| {
        let value = make(conn, desk)?;
        super::caching::Cacheable {
            value: &value,
            last_modified: None,
            link: None,
        }
        .representation(super::caching::JsonFlavour::PLAIN, cache_control)
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::super::caching::{Cacheable, JsonFlavour};
    use super::*;

    fn answer(bytes: usize) -> Arc<Representation> {
        let value = "x".repeat(bytes);
        Arc::new(
            Cacheable {
                value: &value,
                last_modified: None,
                link: None,
            }
            .representation(JsonFlavour::PLAIN, String::new())
            .expect("serialises"),
        )
    }

    fn seen(writes: i64) -> Seen {
        Seen {
            version: ContentVersion {
                writes,
                next_due: None,
            },
            local_writes: 0,
            read_at: Instant::now(),
        }
    }

    fn kept(cache: &ResponseCache, key: &str) -> bool {
        let inner = cache.inner.read().expect("lock");
        inner.entries.contains_key(key)
    }

    #[test]
    fn the_budget_holds_and_the_least_recently_sent_go_first() {
        let cache = ResponseCache::new(1, AN_HOUR_MS);
        let now = chrono::Utc::now().naive_utc();
        cache.keep("often".into(), seen(1), answer(8_000));
        for n in 0..300 {
            cache.keep(format!("once {n}"), seen(1), answer(8_000));
            // A write of this process elsewhere in the test binary would make the
            // lookup unsure; then the entry is only checked to be kept.
            if let Lookup::Unsure = cache.lookup("often", now) {
                cache.learn(seen(1));
            }
            assert!(kept(&cache, "often"), "the one in use stays ({n})");
        }
        let inner = cache.inner.read().expect("lock");
        assert!(inner.weight <= cache.budget, "{} bytes", inner.weight);
        assert!(!inner.entries.contains_key("once 0"), "the oldest went");
        assert!(inner.entries.contains_key("once 299"), "the newest stayed");
    }

    #[test]
    fn a_new_version_retires_everything_and_an_old_one_is_not_kept() {
        let cache = ResponseCache::new(1, AN_HOUR_MS);
        let old = seen(1);
        cache.keep("a".into(), old, answer(10));
        cache.keep("b".into(), seen(2), answer(10));
        assert!(!kept(&cache, "a") && kept(&cache, "b"));
        cache.keep("c".into(), old, answer(10));
        assert!(!kept(&cache, "c"), "made from an older version");
    }

    #[test]
    fn the_last_turn_to_leave_forgets_the_key() {
        let cache = ResponseCache::new(1, AN_HOUR_MS);
        let queued = |cache: &ResponseCache| cache.making.lock().expect("lock").len();
        let first = Turn::take(&cache, "k");
        let second = Turn::take(&cache, "k");
        assert!(
            Arc::ptr_eq(&first.place, &second.place),
            "one queue per key"
        );
        drop(first);
        assert_eq!(queued(&cache), 1, "the second still waits");
        drop(second);
        assert_eq!(queued(&cache), 0);
    }

    const AN_HOUR_MS: u64 = 3_600_000;
}
