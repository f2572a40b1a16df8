//! Stores parsed filed copy as articles. Idempotent: a file is known by its source
//! key (its file name), so importing it again updates that article or leaves it alone.

use shared::newsroom::ArticleInput;
use shared::newsroom::RevisionAction;
use shared::slug::slugify;
use shared::{ArticleStatus, Block};

use std::sync::Arc;

use super::Desk;
use super::entities::{Annotations, Gazetteer, recognised_in};
use super::filed_copy::{FiledCopy, ParseError, parse_filed_copy};
use super::newsroom::{
    Change, NewsroomError, apply_input, apply_links, apply_words, copy_words, free_slug,
    freeze_newest_revision, record_change, record_revisions,
};
use crate::db::memo::Memo;
use crate::db::models::ArticleRow;
use crate::db::{DbConnection, articles};

/// How imported copy is filed.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    /// Section slug; the section is created when missing.
    pub section: String,
    /// BCP 47 language tag of the copy.
    pub language: String,
    /// `published` makes the copy public at its date line; `draft` keeps it for editing.
    pub status: ArticleStatus,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Created,
    Updated,
    Unchanged,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Imported {
    pub outcome: Outcome,
    pub slug: String,
}

/// Why one file was not imported.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("{0}")]
    Format(#[from] ParseError),
    /// Parsed, but refused by the newsroom's rules (a headline too long, say).
    #[error("{message} (field `{field}`)")]
    Invalid { field: String, message: String },
    #[error(transparent)]
    Storage(#[from] anyhow::Error),
}

impl From<NewsroomError> for ImportError {
    fn from(e: NewsroomError) -> Self {
        match e {
            NewsroomError::Invalid { field, message } => Self::Invalid { field, message },
            NewsroomError::Storage(cause) => Self::Storage(cause),
            // The write path of an import asks for no version, role or free slug that
            // could be refused; should one be, it is a fault, kept with its cause.
            other => Self::Storage(anyhow::Error::new(other)),
        }
    }
}

impl From<diesel::result::Error> for ImportError {
    fn from(e: diesel::result::Error) -> Self {
        Self::Storage(e.into())
    }
}

/// Section names for the desk's standard sections; others are title-cased from the slug.
fn section_name(slug: &str) -> String {
    match slug {
        "internasional" => "Internasional".to_owned(),
        "nasional" => "Nasional".to_owned(),
        "ekonomi" => "Ekonomi".to_owned(),
        "opini" => "Opini".to_owned(),
        other => other
            .split('-')
            .map(|w| {
                let mut chars = w.chars();
                chars.next().map_or_else(String::new, |c| {
                    c.to_uppercase().chain(chars).collect::<String>()
                })
            })
            .collect::<Vec<_>>()
            .join(" "),
    }
}

/// Parses and stores one file's text in one transaction: nothing of it is written
/// unless all of it is.
pub fn import_text(
    conn: &mut DbConnection,
    desk: Desk,
    source_key: &str,
    text: &str,
    options: &ImportOptions,
) -> Result<Imported, ImportError> {
    let files = [(source_key.to_owned(), text.to_owned())];
    let mut results = import_batch(conn, desk, &files, options)?;
    results.pop().expect("one result per file")
}

/// Parses and stores files (source key, text) in one transaction: a file that fails
/// is left out and the others stay. Nothing is stored until the whole batch commits —
/// the outer error says it did not, and then none is. One commit for many files is
/// what makes a bulk import fast (a commit writes and syncs the log).
pub fn import_batch(
    conn: &mut DbConnection,
    desk: Desk,
    files: &[(String, String)],
    options: &ImportOptions,
) -> Result<Vec<Result<Imported, ImportError>>, ImportError> {
    let gazetteer = Gazetteer::load(conn).map_err(ImportError::Storage)?;
    let prepared = prepare(gazetteer, files, options);
    import_prepared(conn, desk, files, prepared, options)
}

/// A batch read ahead of being written: each file parsed, and what its words give —
/// the entities, quotes and topics found against a gazetteer —,
/// all worked out without the database. `global-insight import` prepares the next
/// batch on another core while this one is written (about a third of an import's work,
/// by profile).
pub struct Prepared {
    gazetteer: Arc<Gazetteer>,
    files: Vec<PreparedFile>,
}

impl std::fmt::Debug for Prepared {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Prepared")
            .field("files", &self.files.len())
            .finish_non_exhaustive()
    }
}

struct PreparedFile {
    copy: Result<FiledCopy, ParseError>,
    words: Option<Words>,
}

/// What an article's words give, with the row they were worked out from.
struct Words {
    /// The words as `apply_words` put them into a row, and the body's blocks.
    row: ArticleRow,
    body: Vec<Block>,
    found: Annotations,
}

impl Words {
    /// What the copy's words give, when the newsroom's checks pass (a file they refuse
    /// is refused again when it is written, with its reason).
    fn of(gazetteer: &Gazetteer, copy: &FiledCopy, options: &ImportOptions) -> Option<Self> {
        let mut row = ArticleRow::blank(chrono::NaiveDateTime::default(), None);
        let body = apply_words(&as_input(copy, options), &mut row).ok()?;
        Some(Self {
            found: recognised_in(gazetteer, &row, &body),
            body,
            row,
        })
    }

    /// Whether they were worked out from what `row` now says (the file's words, unless
    /// an editor's standfirst, say, stays).
    fn are_of(&self, row: &ArticleRow) -> bool {
        fn words(r: &ArticleRow) -> (&str, &str, Option<&str>, Option<&str>) {
            (
                &r.language,
                &r.headline,
                r.standfirst.as_deref(),
                r.dateline_text.as_deref(),
            )
        }
        self.row.body == row.body && words(&self.row) == words(row)
    }
}

/// Parses the files and works out what their words give against `gazetteer`: pure, no
/// database, so it runs beside the writing of another batch — and on every core, in
/// parts of at least `PER_THREAD` files: a batch the size of the whole import (an
/// import of up to a batch's files) is written only once it is worked out, so nothing
/// else would use the other core meanwhile.
pub fn prepare(
    gazetteer: Arc<Gazetteer>,
    files: &[(String, String)],
    options: &ImportOptions,
) -> Prepared {
    const PER_THREAD: usize = 50;
    let files = on_every_core(files, PER_THREAD, |(_, text)| {
        let copy = parse_filed_copy(text);
        let words = copy
            .as_ref()
            .ok()
            .and_then(|copy| Words::of(&gazetteer, copy, options));
        PreparedFile { copy, words }
    });
    Prepared { gazetteer, files }
}

/// `work` of each item, in their order, on every core: the items cut into as many runs
/// as there are cores (each of at least `per_thread`), a thread a run.
pub fn on_every_core<T: Sync, R: Send>(
    items: &[T],
    per_thread: usize,
    work: impl Fn(&T) -> R + Sync,
) -> Vec<R> {
    let threads = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .min(items.len().div_ceil(per_thread.max(1)))
        .max(1);
    if threads == 1 {
        return items.iter().map(work).collect();
    }
    let work = &work;
    std::thread::scope(|scope| {
        let runs: Vec<_> = items
            .chunks(items.len().div_ceil(threads))
            .map(|run| scope.spawn(move || run.iter().map(work).collect::<Vec<R>>()))
            .collect();
        runs.into_iter()
            .flat_map(|run| run.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    })
}

/// Stores a prepared batch (`prepare` of these `files`), as `import_batch` does.
///
/// The files are first written straight into the batch's transaction. Should one of
/// them fail there, that is rolled back and the batch written again with each file in
/// its own savepoint, so the failure leaves nothing of that file and the rest stays.
/// (A savepoint for every file cost a clean batch about a seventh of its time: SQLite
/// journals each page a file changes at every savepoint.)
pub fn import_prepared(
    conn: &mut DbConnection,
    desk: Desk,
    files: &[(String, String)],
    prepared: Prepared,
    options: &ImportOptions,
) -> Result<Vec<Result<Imported, ImportError>>, ImportError> {
    use diesel::Connection as _;
    let Prepared {
        gazetteer: prepared_with,
        files: prepared,
    } = prepared;
    assert_eq!(files.len(), prepared.len(), "a batch is prepared whole");
    // A batch with nothing to store writes nothing.
    if prepared.iter().all(|f| f.copy.is_err()) {
        return Ok(prepared
            .into_iter()
            .filter_map(|f| f.copy.err())
            .map(|e| Err(e.into()))
            .collect());
    }
    let (copies, mut words): (Vec<_>, Vec<_>) =
        prepared.into_iter().map(|f| (f.copy, f.words)).unzip();
    let mut write = |conn: &mut DbConnection, apart: bool| {
        crate::db::write_transaction(conn, |conn| {
            let gazetteer = Gazetteer::load(conn).map_err(ImportError::Storage)?;
            // Entities found against another gazetteer (one changed since) are found again.
            let same_gazetteer = Arc::ptr_eq(&gazetteer, &prepared_with);
            let change = Change {
                user_id: None,
                action: RevisionAction::Import,
                now: desk.now(),
                gazetteer: Some(&gazetteer),
            };
            // What the batch looked up: its one section, its tags and authors, the log's lock.
            let mut memo = Memo::default();
            // Imported copy may open a section (the write API only files into existing
            // ones): once for the batch, which is all of one section.
            memo.ensure_section(
                conn,
                &options.section,
                &section_name(&options.section),
                change.now,
            )?;
            let mut results = Vec::with_capacity(files.len());
            let mut pending = Pending::default();
            for (((source_key, _), copy), words) in files.iter().zip(&copies).zip(&mut words) {
                let copy = match copy {
                    Ok(copy) => copy,
                    Err(e) => {
                        results.push(Err(e.clone().into()));
                        continue;
                    }
                };
                // Taken: should this try fail, the next works them out again.
                let words = words.take();
                let stored = |conn: &mut DbConnection, memo: &mut Memo| {
                    let file = File {
                        source_key,
                        copy,
                        words,
                        same_gazetteer,
                    };
                    store(conn, memo, desk, file, options, &change, &mut pending)
                };
                let stored = if apart {
                    // Written after each file, outside its savepoint: a file that
                    // fails takes nothing of another with it, nor what the memo
                    // learnt in its savepoint.
                    let stored = conn.transaction(|conn| stored(conn, &mut memo));
                    if stored.is_err() {
                        memo.forget();
                    }
                    pending.write(conn, &change)?;
                    stored
                } else {
                    Ok(stored(conn, &mut memo)?)
                };
                results.push(stored);
            }
            pending.write(conn, &change)?;
            Ok(results)
        })
    };
    // Written without SQLite's check of each row's references: each refers to what
    // the transaction read or wrote (`db::without_reference_checks` says how).
    crate::db::without_reference_checks(conn, |conn| match write(conn, false) {
        Ok(results) => Ok(results),
        Err(_) => write(conn, true),
    })
    .map_err(ImportError::from)?
}

/// What a batch writes for its new and changed articles after all of them: the new
/// ones' authors and tags, what they mention, quote and are about, and their revisions
/// — each kind in a few statements for the lot.
#[derive(Default)]
struct Pending {
    /// New articles' links to their authors and tags.
    links: articles::Links,
    annotated: Vec<crate::db::entities::Annotations>,
    changed: Vec<ArticleRow>,
}

impl Pending {
    fn add(&mut self, annotations: crate::db::entities::Annotations, row: ArticleRow) {
        self.annotated.push(annotations);
        self.changed.push(row);
    }

    /// Whether the article is among them (a second file of the batch with its name).
    fn has(&self, article_id: &str) -> bool {
        self.changed.iter().any(|row| row.id == article_id)
    }

    /// Writes them.
    fn write(&mut self, conn: &mut DbConnection, change: &Change<'_>) -> Result<(), ImportError> {
        let Self {
            links,
            annotated,
            changed,
        } = std::mem::take(self);
        links.write(conn)?;
        crate::db::entities::replace_annotations(conn, &annotated)?;
        record_revisions(conn, change, &changed)?;
        Ok(())
    }
}

/// The copy as the newsroom's input: the importer writes through the same
/// validation and storage as the write API.
fn as_input(copy: &FiledCopy, options: &ImportOptions) -> ArticleInput {
    ArticleInput {
        headline: copy.headline.clone(),
        standfirst: None,
        dateline: copy.dateline.clone(),
        byline: copy.byline.clone(),
        section: options.section.clone(),
        tags: copy.tags.clone(),
        language: options.language.clone(),
        body: copy.body.clone(),
        body_markdown: None,
        featured_image: None,
        urgency: None,
        breaking_until: None,
        live: None,
    }
}

/// One file of a batch as `store` takes it.
struct File<'a> {
    source_key: &'a str,
    copy: &'a FiledCopy,
    /// What its words gave, if worked out ahead; `same_gazetteer`: against the
    /// gazetteer this write uses.
    words: Option<Words>,
    same_gazetteer: bool,
}

/// Stores one file's article and what is recorded with it; its annotations, revision
/// are added to what the batch writes at its end (`pending`), unless
/// the file changed nothing.
fn store(
    conn: &mut DbConnection,
    memo: &mut Memo,
    desk: Desk,
    file: File<'_>,
    options: &ImportOptions,
    change: &Change<'_>,
    pending: &mut Pending,
) -> Result<Imported, ImportError> {
    let File {
        source_key,
        copy,
        words,
        same_gazetteer,
    } = file;
    let now = change.now;
    let existing = articles::by_source_key(conn, source_key)?;
    let published_at = desk.start_of_day(copy.date);
    let public = options.status == ArticleStatus::Published;
    let mut row = ArticleRow {
        source_key: Some(source_key.to_owned()),
        status: options.status.as_str().to_owned(),
        first_published_at: public.then_some(published_at),
        published_at: public.then_some(published_at),
        ..ArticleRow::blank(now, None)
    };
    if let Some(existing) = &existing {
        row.id.clone_from(&existing.id);
    }
    let input = as_input(copy, options);
    let (author_ids, tag_ids) = match &words {
        // The words applied ahead, from this same input: not again.
        Some(w) => {
            copy_words(&w.row, &mut row);
            apply_links(conn, memo, None, &input, &w.body, &mut row, now)?
        }
        None => apply_input(conn, memo, None, &input, &mut row, now)?,
    };
    row.headline_derived = copy.headline_derived;
    // What the words give, worked out ahead, once the row's words are known to be the ones.
    let worked_out = |row: &ArticleRow| -> Option<Annotations> {
        words
            .filter(|w| w.are_of(row))
            .and_then(|w| same_gazetteer.then_some(w.found))
    };

    let Some(existing) = existing else {
        // Loading filed copy is not an editorial change: a new public article was last
        // changed when it was published (its date line), not when it was loaded, so
        // readers are not told it was "updated" today. Changes after that move it.
        if let Some(published_at) = row.published_at {
            row.updated_at = published_at.min(now);
        }
        row.slug = free_slug(conn, &slugify(&copy.headline), &row.id)?;
        let found = worked_out(&row);
        articles::insert(conn, &row)?;
        let annotations = record_change(conn, memo, change, None, &row, found)?;
        // Once nothing of the file can fail: a file that fails is rolled back to its
        // savepoint, and the batch writes what `pending` holds after it.
        pending.links.add(&row, &author_ids, &tag_ids);
        let imported = Imported {
            outcome: Outcome::Created,
            slug: row.slug.clone(),
        };
        pending.add(annotations, row);
        return Ok(imported);
    };

    // An article this batch wrote already (a second file with its name) has what the
    // batch holds for it written first: its links, to compare with, and its revision and
    // what it mentions, which this change supersedes.
    if pending.has(&existing.id) {
        pending.write(conn, change)?;
    }
    // What the file does not decide stays as it was.
    row.created_at = existing.created_at;
    row.created_by.clone_from(&existing.created_by);
    row.deleted_at = existing.deleted_at;
    row.featured_image_id
        .clone_from(&existing.featured_image_id);
    row.featured_image_alt
        .clone_from(&existing.featured_image_alt);
    row.featured_image_caption
        .clone_from(&existing.featured_image_caption);
    row.featured_image_credit
        .clone_from(&existing.featured_image_credit);
    row.urgency = existing.urgency;
    row.breaking_until = existing.breaking_until;
    row.standfirst.clone_from(&existing.standfirst);
    row.first_published_at = existing.first_published_at.or(row.first_published_at);
    // A published slug is a public URL: it stays. A draft's slug follows its headline.
    row.slug = if existing.first_published_at.is_some() {
        existing.slug.clone()
    } else {
        free_slug(conn, &slugify(&copy.headline), &row.id)?
    };
    row.version = existing.version;
    row.updated_at = existing.updated_at;
    let current_authors: Vec<String> = articles::authors_of(conn, std::slice::from_ref(&row.id))?
        .into_iter()
        .map(|(_, a)| a.id)
        .collect();
    let current_tags: Vec<String> = articles::tags_of(conn, std::slice::from_ref(&row.id))?
        .into_iter()
        .map(|(_, t)| t.id)
        .collect();
    if row == existing && current_authors == author_ids && current_tags == tag_ids {
        let imported = Imported {
            outcome: Outcome::Unchanged,
            slug: row.slug,
        };
        return Ok(imported);
    }
    freeze_newest_revision(conn, desk, &existing)?;
    row.version = existing.version + 1;
    row.updated_at = now;
    let found = worked_out(&row);
    articles::update(conn, &row)?;
    articles::set_authors_and_tags(conn, &row, &author_ids, &tag_ids)?;
    let annotations = record_change(conn, memo, change, Some(&existing), &row, found)?;
    let imported = Imported {
        outcome: Outcome::Updated,
        slug: row.slug.clone(),
    };
    pending.add(annotations, row);
    Ok(imported)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn section_names() {
        assert_eq!(section_name("internasional"), "Internasional");
        assert_eq!(section_name("sains-teknologi"), "Sains Teknologi");
    }
}
