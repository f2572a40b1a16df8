//! The search engine kept current. The Tantivy index (`search::engine`) is derived data:
//! made from the database (`rebuild`, also `global-insight reindex`) and kept current
//! from the change log (`catch_up`), which every write path already appends to in its
//! transaction — so there is no second source of truth and nothing to lose.
//!
//! Each commit of the index stores how far it read the log (`Mark`). A crash between
//! a database commit and the index's leaves the mark behind; the next catch-up (at
//! start, in the background, before a search) indexes from there. An entry is read as
//! "this article changed": the article's current state decides, so reading an entry
//! twice does no harm. The mark also names the entry it stopped at, so an index made
//! from another database (or an older analyzer or schema) is made again.
//!
//! Each instance keeps its own index in `search.index_dir`. A search first brings the
//! index up to the log's head (a read of the head when nothing is new), so what any
//! instance committed before the search is found, and an unpublished or deleted
//! article is gone from the answer at once.

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicI64, Ordering};

use anyhow::Context as _;
use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};
use tokio::sync::Notify;

use super::Desk;
use crate::db::models::ArticleRow;
use crate::db::{self, DbConnection, changes};
use crate::search::ANALYZER_VERSION;
use crate::search::engine::{Engine, Entry, SCHEMA_VERSION};
use crate::search::query::SearchQuery;

/// Articles read from the database at a time.
const BATCH: i64 = 500;

/// What an index was made from, stored with each commit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Mark {
    /// The analyzer's and the schema's versions.
    version: String,
    /// The last change-log entry the index holds.
    cursor: i64,
    /// That entry, named (article and time), to know the database it was read from.
    entry: Option<String>,
}

fn version() -> String {
    format!("{ANALYZER_VERSION}.{SCHEMA_VERSION}")
}

/// How the change log names its entry `seq` (`None` for 0, or one it does not have).
fn entry_name(conn: &mut DbConnection, seq: i64) -> anyhow::Result<Option<String>> {
    Ok(changes::at(conn, seq)?.map(|row| format!("{}@{}", row.article_id, row.occurred_at)))
}

pub struct SearchIndex {
    engine: Engine,
    /// The last change-log entry indexed.
    cursor: AtomicI64,
    /// Whether the index answers searches: made, and from this database.
    ready: AtomicBool,
    /// One catch-up at a time.
    writing: Mutex<()>,
    /// Woken by this instance's writes.
    wake: Notify,
    /// Log entries a search may index itself; further behind, it asks the database.
    max_lag: i64,
}

impl std::fmt::Debug for SearchIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SearchIndex")
            .field("cursor", &self.cursor)
            .field("ready", &self.ready)
            .finish_non_exhaustive()
    }
}

impl SearchIndex {
    /// The index in `dir` (made there if it is not); it answers searches once
    /// `prepare` found it current or made it again.
    pub fn open(dir: &Path, max_lag: u64) -> anyhow::Result<Self> {
        let engine = Engine::open(dir).with_context(|| {
            format!(
                "opening the search index in {} (another process may be using it)",
                dir.display()
            )
        })?;
        Ok(Self::with(engine, max_lag))
    }

    /// An index in memory (benchmarks).
    pub fn in_memory(max_lag: u64) -> anyhow::Result<Self> {
        Ok(Self::with(Engine::in_memory()?, max_lag))
    }

    fn with(engine: Engine, max_lag: u64) -> Self {
        Self {
            engine,
            cursor: AtomicI64::new(0),
            ready: AtomicBool::new(false),
            writing: Mutex::new(()),
            wake: Notify::new(),
            max_lag: i64::try_from(max_lag).unwrap_or(i64::MAX),
        }
    }

    pub fn engine(&self) -> &Engine {
        &self.engine
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, ()> {
        self.writing
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Tells the background worker the log may have grown.
    pub fn wake(&self) {
        self.wake.notify_one();
    }

    /// Whether the index answers searches.
    pub fn is_ready(&self) -> bool {
        self.ready.load(Ordering::SeqCst)
    }

    /// Makes the index ready when its mark names this database's log and the current
    /// versions (the catch-up reads on from there); whether it did.
    pub fn resume(&self, conn: &mut DbConnection) -> anyhow::Result<bool> {
        let mark: Option<Mark> = self
            .engine
            .payload()?
            .and_then(|payload| serde_json::from_str(&payload).ok());
        if let Some(mark) = mark
            && mark.version == version()
            && mark.cursor <= changes::head(conn)?
            && mark.entry == entry_name(conn, mark.cursor)?
        {
            self.cursor.store(mark.cursor, Ordering::SeqCst);
            self.ready.store(true, Ordering::SeqCst);
            return Ok(true);
        }
        Ok(false)
    }

    /// Makes the index ready: resumed, or made again from the database (`progress` is
    /// told each batch: done, of how many).
    pub fn prepare(
        &self,
        conn: &mut DbConnection,
        now: NaiveDateTime,
        progress: &mut dyn FnMut(u64, u64),
    ) -> anyhow::Result<()> {
        if self.is_ready() || self.resume(conn)? {
            return Ok(());
        }
        self.rebuild(conn, now, progress, Segments::Merged)
    }

    /// Makes the index again from every public article.
    pub fn rebuild(
        &self,
        conn: &mut DbConnection,
        now: NaiveDateTime,
        progress: &mut dyn FnMut(u64, u64),
        segments: Segments,
    ) -> anyhow::Result<()> {
        let writing = self.lock();
        self.ready.store(false, Ordering::SeqCst);
        if segments == Segments::Left {
            return self.refill(conn, now, progress);
        }
        self.engine.hold_merges();
        let refilled = self.refill(conn, now, progress);
        drop(writing);
        // Searches and catch-ups use the index meanwhile; the merged segment replaces
        // the others when it is done. (After a failed refill it merges what was kept,
        // and background merging resumes.)
        let compacted = self.engine.compact();
        refilled?;
        compacted?;
        Ok(())
    }
}

/// What a rebuild does with the segments it writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Segments {
    /// Merged into one at its end: `reindex`, and a rebuild in the background.
    Merged,
    /// Left to the background merges: a rebuild the server's start waits for (merging
    /// 10,000 articles' segments took ~5 s more).
    Left,
}

impl SearchIndex {
    /// Every public article indexed again, committed with the change log's head.
    fn refill(
        &self,
        conn: &mut DbConnection,
        now: NaiveDateTime,
        progress: &mut dyn FnMut(u64, u64),
    ) -> anyhow::Result<()> {
        // Entries after the head are read by the next catch-up; the articles they name
        // may be indexed twice, which does no harm.
        let head = changes::head(conn)?;
        let entry = entry_name(conn, head)?;
        self.engine.clear()?;
        let total =
            u64::try_from(crate::domain::articles::count_public(conn, now)?).unwrap_or_default();
        let mut done = 0;
        // Newest first, as the public list pages (`articles_public`): the engine ranks
        // a segment so made by reading it in its order (`engine::Ranker`).
        let everything = db::public::ArticleFilter::all_public(now);
        let mut start = db::articles::PageStart::Offset(0);
        loop {
            let rows = db::articles::list_published(
                conn,
                &everything,
                db::articles::Order::Newest,
                &start,
                BATCH,
            )?;
            let Some(last) = rows.last() else { break };
            let Some(published_at) = last.published_at else {
                anyhow::bail!("a public article without its time: {}", last.id);
            };
            start = db::articles::PageStart::After {
                keyset: db::articles::Keyset {
                    published_at,
                    id: last.id.clone(),
                },
                skip: 0,
            };
            done += rows.len() as u64;
            self.put(conn, &rows)?;
            progress(done, total);
        }
        self.commit(head, entry)?;
        self.ready.store(true, Ordering::SeqCst);
        Ok(())
    }

    /// Whether the index holds every change the log has (the due scheduled
    /// publications moved into it first), after indexing at most `max_lag` entries
    /// here; `false` when it is not ready or further behind (the background worker
    /// catches up).
    pub fn current(&self, conn: &mut DbConnection, desk: Desk) -> anyhow::Result<bool> {
        if !self.ready.load(Ordering::SeqCst) {
            return Ok(false);
        }
        self.catch_up(conn, desk, self.max_lag)
    }

    /// Indexes what the log holds after the index's mark, when it is at most `budget`
    /// entries; whether the index is now current.
    pub fn catch_up(
        &self,
        conn: &mut DbConnection,
        desk: Desk,
        budget: i64,
    ) -> anyhow::Result<bool> {
        let now = desk.now();
        let (mut head, due) = changes::head_and_any_due(conn, now)?;
        if due {
            db::write_transaction(conn, |conn| changes::publish_due(conn, now))?;
            head = changes::head(conn)?;
        }
        if head <= self.cursor.load(Ordering::SeqCst) {
            return Ok(true);
        }
        if head - self.cursor.load(Ordering::SeqCst) > budget {
            return Ok(false);
        }
        let _writing = self.lock();
        loop {
            let cursor = self.cursor.load(Ordering::SeqCst);
            let entries = changes::after(conn, cursor, BATCH)?;
            let Some(last) = entries.last() else {
                return Ok(true);
            };
            let (seq, entry) = (
                last.seq,
                format!("{}@{}", last.article_id, last.occurred_at),
            );
            let mut ids: Vec<String> = entries.into_iter().map(|e| e.article_id).collect();
            ids.sort_unstable();
            ids.dedup();
            // Public as of now, after the entries were read: an article published since
            // `now` above is in them, and must be seen public.
            let public = db::articles::public_by_ids(conn, &ids, desk.now())?;
            let shown: HashSet<&str> = public.iter().map(|row| row.id.as_str()).collect();
            for id in ids.iter().filter(|id| !shown.contains(id.as_str())) {
                self.engine.remove(id);
            }
            self.put(conn, &public)?;
            self.commit(seq, Some(entry))?;
        }
    }

    /// Every article `query` may match, in any state: those the index finds, those
    /// the change log names after the index's mark (written since), and those the
    /// public cannot read (the index holds only public ones) — or `None` when the index
    /// is not ready or further behind than `max_lag`, and so cannot say.
    pub fn candidates(
        &self,
        conn: &mut DbConnection,
        query: &SearchQuery,
        now: NaiveDateTime,
    ) -> anyhow::Result<Option<Vec<String>>> {
        if !self.is_ready() {
            return Ok(None);
        }
        let cursor = self.cursor.load(Ordering::SeqCst);
        let since = changes::after(conn, cursor, self.max_lag.saturating_add(1))?;
        if i64::try_from(since.len()).unwrap_or(i64::MAX) > self.max_lag {
            return Ok(None);
        }
        let mut ids: HashSet<String> = self.engine.matching(query)?.into_iter().collect();
        ids.extend(since.into_iter().map(|entry| entry.article_id));
        ids.extend(db::articles::unlisted_ids(conn, now)?);
        let mut ids: Vec<String> = ids.into_iter().collect();
        ids.sort_unstable();
        Ok(Some(ids))
    }

    fn commit(&self, cursor: i64, entry: Option<String>) -> anyhow::Result<()> {
        let mark = Mark {
            version: version(),
            cursor,
            entry,
        };
        self.engine.commit(&serde_json::to_string(&mark)?)?;
        self.cursor.store(cursor, Ordering::SeqCst);
        Ok(())
    }

    /// Puts these public articles into the index, with the slugs the filters match.
    fn put(&self, conn: &mut DbConnection, rows: &[ArticleRow]) -> anyhow::Result<()> {
        let ids: Vec<String> = rows.iter().map(|row| row.id.clone()).collect();
        let section_ids: Vec<String> = rows.iter().map(|row| row.section_id.clone()).collect();
        let sections: HashMap<String, String> = db::taxonomy::sections_by_ids(conn, &section_ids)?
            .into_iter()
            .map(|s| (s.id, s.slug))
            .collect();
        // Each article's tags, authors and entities.
        let mut slugs: HashMap<String, [Vec<String>; 3]> = HashMap::new();
        for (article, tag) in db::articles::tags_of(conn, &ids)? {
            slugs.entry(article).or_default()[0].push(tag.slug);
        }
        for (article, author) in db::articles::authors_of(conn, &ids)? {
            slugs.entry(article).or_default()[1].push(author.slug);
        }
        for (article, entity, _) in db::entities::entities_of(conn, &ids)? {
            slugs.entry(article).or_default()[2].push(entity.slug);
        }
        for row in rows {
            let Some(published_at) = row.published_at else {
                continue;
            };
            let body = searched_body(row)?;
            let [tags, authors, entities] = slugs.remove(&row.id).unwrap_or_default();
            self.engine.put(&Entry {
                id: &row.id,
                language: &row.language,
                headline: &row.headline,
                standfirst: row.standfirst.as_deref().unwrap_or_default(),
                body: &body,
                published_at,
                section: sections.get(&row.section_id).map_or("", String::as_str),
                tags: &strs(&tags),
                authors: &strs(&authors),
                entities: &strs(&entities),
            })?;
        }
        Ok(())
    }
}

/// The body as search reads it: the dateline ("Tokyo, Japan") with the body it opens.
fn searched_body(row: &ArticleRow) -> anyhow::Result<String> {
    let text = row.body_text()?;
    Ok(match &row.dateline_text {
        Some(dateline) => format!("{dateline}\n{text}"),
        None => text,
    })
}

fn strs(strings: &[String]) -> Vec<&str> {
    strings.iter().map(String::as_str).collect()
}

/// Public articles a start-up makes the index from before it serves (more are indexed
/// in the background, the database answering searches meanwhile).
pub const REBUILD_AT_START: i64 = 20_000;

/// At start: the index resumed, or made now when the archive is small.
pub fn start(
    index: &SearchIndex,
    conn: &mut DbConnection,
    now: NaiveDateTime,
) -> anyhow::Result<()> {
    if index.resume(conn)? {
        return Ok(());
    }
    let public = crate::domain::articles::count_public(conn, now)?;
    if public <= REBUILD_AT_START {
        index.rebuild(conn, now, &mut |_, _| {}, Segments::Left)?;
    }
    Ok(())
}

/// Keeps the index current in the background: made or checked at start, then brought
/// up to the log's head whenever this instance writes (`wake`) and every `poll` for
/// other instances' writes.
pub async fn worker(
    index: std::sync::Arc<SearchIndex>,
    pool: db::Pool,
    desk: Desk,
    poll: std::time::Duration,
) {
    loop {
        let (index2, pool2) = (index.clone(), pool.clone());
        let done = actix_web::web::block(move || -> anyhow::Result<()> {
            let mut conn = pool2.get()?;
            if !index2.is_ready() {
                tracing::info!("search index: making it from the database");
                index2.prepare(&mut conn, desk.now(), &mut |_, _| {})?;
                tracing::info!(articles = index2.engine.len(), "search index: made");
            }
            index2.catch_up(&mut conn, desk, i64::MAX)?;
            Ok(())
        })
        .await;
        match done {
            Ok(Ok(())) => {}
            Ok(Err(error)) => {
                tracing::error!(error = %format!("{error:#}"), "search index: catching up failed");
            }
            Err(error) => tracing::error!(%error, "search index: the worker's task failed"),
        }
        tokio::select! {
            () = index.wake.notified() => {}
            () = tokio::time::sleep(poll) => {}
        }
    }
}
