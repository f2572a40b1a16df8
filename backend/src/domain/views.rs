//! Most read: views reported by the reader app's beacon (one per article a reader
//! opens), counted in memory per article and clock hour (UTC) and added to the
//! database every `views.flush_seconds` by whichever instance counted them — nothing
//! about the reader is kept, not even in memory past the rate limit's window. Known
//! crawlers (by their `User-Agent`, the `isbot` list) and requests without one are not
//! counted. The ranking sums the hours a window overlaps.

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

use chrono::{Duration, NaiveDateTime, Timelike as _};
use shared::query::MostReadQuery;

use super::Desk;
use super::articles::assemble;
use crate::db::articles as queries;
use crate::db::views::{self, HourOf};
use crate::db::{DbConnection, private_write_transaction};
use shared::Article;

/// Views counted here and not yet in the database.
#[derive(Debug, Default)]
pub struct ViewCounter {
    pending: Mutex<HashMap<HourOf, i32>>,
}

/// Whether a request with this `User-Agent` is a crawler's (or says nothing).
pub fn is_crawler(user_agent: Option<&str>) -> bool {
    static BOTS: OnceLock<isbot::Bots> = OnceLock::new();
    match user_agent.map(str::trim) {
        None | Some("") => true,
        Some(agent) => BOTS.get_or_init(isbot::Bots::default).is_bot(agent),
    }
}

/// The start of the clock hour `at` is in.
pub fn hour_of(at: NaiveDateTime) -> NaiveDateTime {
    at.with_nanosecond(0)
        .and_then(|t| t.with_second(0))
        .and_then(|t| t.with_minute(0))
        .unwrap_or(at)
}

/// The id of the public article `slug` names, which a view is counted for.
pub fn viewable(conn: &mut DbConnection, desk: Desk, slug: &str) -> anyhow::Result<Option<String>> {
    Ok(queries::public_id_by_slug(conn, slug, desk.now())?)
}

impl ViewCounter {
    /// One view of `article_id` at `at`.
    pub fn count(&self, article_id: String, at: NaiveDateTime) {
        let mut pending = self.lock();
        let views = pending
            .entry(HourOf {
                article_id,
                hour: hour_of(at),
            })
            .or_default();
        *views = views.saturating_add(1);
    }

    /// Adds what was counted here to the database, in one transaction; on failure the
    /// counts stay for the next time. How many rows were written.
    pub fn flush(&self, conn: &mut DbConnection) -> anyhow::Result<usize> {
        let counts: Vec<(HourOf, i32)> = std::mem::take(&mut *self.lock()).into_iter().collect();
        if counts.is_empty() {
            return Ok(0);
        }
        // Not content: public answers kept in memory stand (most-read is kept by time).
        match private_write_transaction(conn, |conn| views::add(conn, &counts)) {
            Ok(written) => Ok(written),
            Err(error) => {
                let mut pending = self.lock();
                for (at, views) in counts {
                    let kept = pending.entry(at).or_default();
                    *kept = kept.saturating_add(views);
                }
                Err(error.into())
            }
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<HourOf, i32>> {
        self.pending
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// The public stories most read over the query's window (in its section), the most read
/// first; a story with no views in the window is not among them.
pub fn most_read(
    conn: &mut DbConnection,
    desk: Desk,
    query: &MostReadQuery,
) -> anyhow::Result<Vec<Article>> {
    let now = desk.now();
    let window = query.window.unwrap_or_default();
    // Every hour the window overlaps: from the hour it starts in.
    let since = hour_of(now - Duration::hours(window.hours()));
    let limit = i64::from(query.limit.unwrap_or_default().get());
    let ranked = views::most_read(
        conn,
        now,
        query.section.as_ref().map(|s| s.as_str()),
        since,
        limit,
    )?;
    let ids: Vec<String> = ranked.iter().map(|(id, _)| id.clone()).collect();
    let mut rows = queries::public_by_ids(conn, &ids, now)?;
    let place: HashMap<&str, usize> = ids
        .iter()
        .enumerate()
        .map(|(i, id)| (id.as_str(), i))
        .collect();
    rows.sort_by_key(|row| place.get(row.id.as_str()).copied());
    assemble(conn, desk, rows)
}

/// Adds what was counted to the database every `every` until the process ends.
pub async fn flusher(
    counter: std::sync::Arc<ViewCounter>,
    pool: crate::db::Pool,
    every: std::time::Duration,
) {
    let mut tick = tokio::time::interval(every);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        flush_now(&counter, &pool).await;
    }
}

/// Adds what was counted to the database now (also when the server stops).
pub async fn flush_now(counter: &std::sync::Arc<ViewCounter>, pool: &crate::db::Pool) {
    let counter = counter.clone();
    let pool = pool.clone();
    let done = tokio::task::spawn_blocking(move || -> anyhow::Result<usize> {
        let mut conn = pool.get()?;
        counter.flush(&mut conn)
    })
    .await;
    match done {
        Ok(Ok(_)) => {}
        Ok(Err(error)) => tracing::warn!(%error, "views not written yet; kept for the next time"),
        Err(error) => tracing::warn!(%error, "writing views stopped"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crawlers_and_requests_without_a_user_agent_are_not_readers() {
        let chrome = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
        assert!(!is_crawler(Some(chrome)));
        assert!(is_crawler(Some(
            "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"
        )));
        assert!(is_crawler(Some("curl/8.5.0")));
        assert!(is_crawler(None));
        assert!(is_crawler(Some("  ")));
    }

    #[test]
    fn a_view_counts_in_its_clock_hour() {
        let at = chrono::NaiveDate::from_ymd_opt(2026, 12, 2)
            .and_then(|d| d.and_hms_micro_opt(10, 59, 59, 999_999))
            .expect("a time");
        assert_eq!(hour_of(at).to_string(), "2026-12-02 10:00:00");
    }
}
