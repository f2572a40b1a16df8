//! The search engine: a Tantivy index of the published articles (issue 18; not yet
//! serving requests — SQLite's FTS5 and PostgreSQL's `tsvector` still answer them).
//!
//! The index is derived data. It holds what `index_text` holds — our analyzers' terms,
//! handed to Tantivy already cut (`PreTokenizedString`), so a query means the same in
//! the engine as in the databases — with their positions for phrases, and fast fields
//! for the filters and facets: the article's id, publication time, section, language,
//! year and entities. A query is the parsed `SearchQuery`, turned into Tantivy's
//! boolean, term and phrase queries; the top of the ranking comes from block-max WAND
//! and the total from an exact count.

use std::path::Path;
use std::sync::Mutex;

use chrono::{DateTime, Datelike, Utc};
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{BooleanQuery, BoostQuery, Occur, PhraseQuery, Query, TermQuery};
use tantivy::schema::{
    FAST, Field, INDEXED, IndexRecordOption, STRING, Schema, TextFieldIndexing, TextOptions,
};
use tantivy::tokenizer::{PreTokenizedString, Token};
use tantivy::{DateTime as TantivyDate, Index, IndexReader, IndexWriter, TantivyDocument, Term};

use super::query::{Expr, SearchQuery};
use super::{Analyzer, MAX_BODY_TERMS, words};

/// Memory the writer may use before it writes a segment out.
const WRITER_MEMORY: usize = 64 * 1024 * 1024;

/// How much a match counts in each text field, as the databases weigh them.
const WEIGHTS: [(&str, f32); 3] = [("headline", 4.0), ("standfirst", 2.0), ("body", 1.0)];

#[derive(Debug, thiserror::Error)]
#[error("search index: {0}")]
pub struct EngineError(#[from] tantivy::TantivyError);

/// One article as the index holds it.
#[derive(Debug, Clone)]
pub struct Entry<'a> {
    pub id: i64,
    pub language: &'a str,
    pub headline: &'a str,
    pub standfirst: &'a str,
    pub body: &'a str,
    pub published_at: DateTime<Utc>,
    pub section: &'a str,
    /// The slugs of the entities it names.
    pub entities: &'a [&'a str],
}

/// What narrows a search, beside its words.
#[derive(Debug, Clone, Default)]
pub struct Filter<'a> {
    pub section: Option<&'a str>,
    pub lang: Option<&'a str>,
}

/// One page of matches, best first, and how many match in all.
#[derive(Debug, Clone, PartialEq)]
pub struct Hits {
    pub total: usize,
    pub ids: Vec<i64>,
}

#[derive(Clone, Copy)]
struct Fields {
    id: Field,
    text: [Field; 3],
    published: Field,
    section: Field,
    lang: Field,
    year: Field,
    entity: Field,
}

pub struct Engine {
    fields: Fields,
    reader: IndexReader,
    writer: Mutex<IndexWriter>,
}

impl std::fmt::Debug for Engine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Engine")
            .field("articles", &self.len())
            .finish()
    }
}

fn schema() -> (Schema, Fields) {
    let mut builder = Schema::builder();
    let text = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default().set_index_option(IndexRecordOption::WithFreqsAndPositions),
    );
    let fields = Fields {
        id: builder.add_i64_field("id", INDEXED | FAST),
        text: WEIGHTS.map(|(name, _)| builder.add_text_field(name, text.clone())),
        published: builder.add_date_field("published", INDEXED | FAST),
        section: builder.add_text_field("section", STRING | FAST),
        lang: builder.add_text_field("lang", STRING | FAST),
        year: builder.add_u64_field("year", INDEXED | FAST),
        entity: builder.add_text_field("entity", STRING | FAST),
    };
    (builder.build(), fields)
}

impl Engine {
    /// An index in memory (tests, benchmarks).
    pub fn in_memory() -> Result<Self, EngineError> {
        let (schema, fields) = schema();
        Self::with(Index::create_in_ram(schema), fields)
    }

    /// The index in `dir`, made there if it is not.
    pub fn open(dir: &Path) -> Result<Self, EngineError> {
        let (schema, fields) = schema();
        std::fs::create_dir_all(dir).map_err(tantivy::TantivyError::from)?;
        let directory =
            tantivy::directory::MmapDirectory::open(dir).map_err(tantivy::TantivyError::from)?;
        Self::with(Index::open_or_create(directory, schema)?, fields)
    }

    fn with(index: Index, fields: Fields) -> Result<Self, EngineError> {
        let writer = index.writer(WRITER_MEMORY)?;
        let reader = index.reader()?;
        Ok(Self {
            fields,
            reader,
            writer: Mutex::new(writer),
        })
    }

    fn writer(&self) -> std::sync::MutexGuard<'_, IndexWriter> {
        // A panic while writing leaves nothing half-done that the next commit would
        // keep: Tantivy's writer only publishes on commit.
        self.writer
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Adds the article, or replaces what the index had of it; seen after `commit`.
    pub fn put(&self, entry: &Entry<'_>) -> Result<(), EngineError> {
        let f = self.fields;
        let analyzer = Analyzer::for_language(entry.language);
        let mut doc = TantivyDocument::new();
        doc.add_i64(f.id, entry.id);
        for (field, text) in f
            .text
            .iter()
            .zip([entry.headline, entry.standfirst, entry.body])
        {
            doc.add_pre_tokenized_text(*field, analyzed(analyzer, text));
        }
        let published = TantivyDate::from_timestamp_secs(entry.published_at.timestamp());
        doc.add_date(f.published, published);
        doc.add_text(f.section, entry.section);
        doc.add_text(f.lang, entry.language);
        doc.add_u64(
            f.year,
            u64::try_from(entry.published_at.year()).unwrap_or_default(),
        );
        for slug in entry.entities {
            doc.add_text(f.entity, slug);
        }
        let writer = self.writer();
        writer.delete_term(Term::from_field_i64(f.id, entry.id));
        writer.add_document(doc)?;
        Ok(())
    }

    /// Takes the article out; gone after `commit`.
    pub fn remove(&self, id: i64) {
        self.writer()
            .delete_term(Term::from_field_i64(self.fields.id, id));
    }

    /// Makes every change since the last commit durable and visible to searches.
    pub fn commit(&self) -> Result<(), EngineError> {
        self.writer().commit()?;
        self.reader.reload()?;
        Ok(())
    }

    /// The articles that match, best first: `limit` of them from `offset`, and the
    /// exact number that match.
    pub fn search(
        &self,
        query: &SearchQuery,
        filter: &Filter<'_>,
        limit: usize,
        offset: usize,
    ) -> Result<Hits, EngineError> {
        let f = self.fields;
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, self.expr(&query.expr))];
        for (field, value) in [(f.section, filter.section), (f.lang, filter.lang)] {
            if let Some(value) = value {
                clauses.push((
                    Occur::Must,
                    Box::new(TermQuery::new(
                        Term::from_field_text(field, value),
                        IndexRecordOption::Basic,
                    )),
                ));
            }
        }
        let query = BooleanQuery::new(clauses);
        let searcher = self.reader.searcher();
        let top = TopDocs::with_limit(limit.max(1))
            .and_offset(offset)
            .order_by_score();
        let (total, top) = searcher.search(&query, &(Count, top))?;
        let mut ids = Vec::with_capacity(top.len());
        for (_, address) in top.into_iter().take(limit) {
            let column = searcher
                .segment_reader(address.segment_ord)
                .fast_fields()
                .i64("id")?;
            if let Some(id) = column.first(address.doc_id) {
                ids.push(id);
            }
        }
        Ok(Hits { total, ids })
    }

    fn expr(&self, expr: &Expr) -> Box<dyn Query> {
        match expr {
            Expr::Match(alternatives) => Box::new(BooleanQuery::new(
                alternatives
                    .iter()
                    .flat_map(|terms| self.terms(terms))
                    .map(|q| (Occur::Should, q))
                    .collect(),
            )),
            Expr::And { all, none } => {
                let mut clauses: Vec<(Occur, Box<dyn Query>)> =
                    all.iter().map(|e| (Occur::Must, self.expr(e))).collect();
                clauses.extend(none.iter().map(|e| (Occur::MustNot, self.expr(e))));
                Box::new(BooleanQuery::new(clauses))
            }
            Expr::Or(any) => Box::new(BooleanQuery::new(
                any.iter().map(|e| (Occur::Should, self.expr(e))).collect(),
            )),
        }
    }

    /// A term, or a phrase of terms, in each text field, weighed by the field.
    fn terms(&self, terms: &[String]) -> Vec<Box<dyn Query>> {
        self.fields
            .text
            .iter()
            .zip(WEIGHTS)
            .filter_map(|(field, (_, weight))| {
                let query: Box<dyn Query> = match terms {
                    [] => return None,
                    [term] => Box::new(TermQuery::new(
                        Term::from_field_text(*field, term),
                        IndexRecordOption::WithFreqs,
                    )),
                    phrase => Box::new(PhraseQuery::new(
                        phrase
                            .iter()
                            .map(|t| Term::from_field_text(*field, t))
                            .collect(),
                    )),
                };
                Some(Box::new(BoostQuery::new(query, weight)) as Box<dyn Query>)
            })
            .collect()
    }

    /// How many articles the index holds.
    pub fn len(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// `text` as the analyzer cuts it: each term with the position the phrase queries
/// count and the byte range of its word.
fn analyzed(analyzer: Analyzer, text: &str) -> PreTokenizedString {
    let mut tokens = Vec::new();
    let mut terms = Vec::new();
    for (offset, word) in words(text) {
        if tokens.len() >= MAX_BODY_TERMS {
            break;
        }
        terms.clear();
        analyzer.push_terms(word, &mut terms);
        for term in terms.drain(..) {
            tokens.push(Token {
                offset_from: offset,
                offset_to: offset + word.len(),
                position: tokens.len(),
                text: term,
                position_length: 1,
            });
        }
    }
    PreTokenizedString {
        text: text.to_owned(),
        tokens,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(day: u32) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(&format!("2026-03-{day:02}T08:00:00Z"))
            .expect("a time")
            .to_utc()
    }

    fn engine() -> Engine {
        let engine = Engine::in_memory().expect("an index");
        for (id, language, section, headline, body) in [
            (
                1,
                "id",
                "dunia",
                "Korea Utara menguatkan kerja sama",
                "Pyongyang dan Moskow menguatkan kerja sama militer.",
            ),
            (
                2,
                "id",
                "ekonomi",
                "Rupiah menguat",
                "Rupiah kuat terhadap dolar; kerja keras eksportir.",
            ),
            (
                3,
                "en",
                "world",
                "Strong ties",
                "Russia strengthens its ties with North Korea.",
            ),
        ] {
            engine
                .put(&Entry {
                    id,
                    language,
                    headline,
                    standfirst: "",
                    body,
                    published_at: at(u32::try_from(id).expect("a day")),
                    section,
                    entities: &[],
                })
                .expect("indexed");
        }
        engine.commit().expect("committed");
        engine
    }

    fn search(engine: &Engine, q: &str, filter: &Filter<'_>) -> Hits {
        let query = SearchQuery::parse(q, &Analyzer::ALL)
            .expect("a query")
            .expect("something to look for");
        engine.search(&query, filter, 10, 0).expect("searched")
    }

    #[test]
    fn a_word_finds_its_stem_in_every_article_and_counts_them_all() {
        let engine = engine();
        let hits = search(&engine, "kuat", &Filter::default());
        assert_eq!(hits.total, 2);
        let mut ids = hits.ids.clone();
        ids.sort_unstable();
        assert_eq!(ids, [1, 2]);
        let english = search(&engine, "strengthening", &Filter::default());
        assert_eq!(english.ids, [3]);
    }

    #[test]
    fn a_phrase_needs_its_words_together_and_not_excludes() {
        let engine = engine();
        assert_eq!(
            search(&engine, "\"kerja sama\"", &Filter::default()).ids,
            [1]
        );
        assert_eq!(
            search(&engine, "kerja -militer", &Filter::default()).ids,
            [2]
        );
        let either = search(&engine, "rupiah OR russia", &Filter::default());
        assert_eq!(either.total, 2);
    }

    #[test]
    fn filters_narrow_and_a_replaced_or_removed_article_is_not_found() {
        let engine = engine();
        let dunia = Filter {
            section: Some("dunia"),
            ..Filter::default()
        };
        assert_eq!(search(&engine, "kuat", &dunia).ids, [1]);
        engine
            .put(&Entry {
                id: 1,
                language: "id",
                headline: "Ralat",
                standfirst: "",
                body: "Tidak ada lagi.",
                published_at: at(1),
                section: "dunia",
                entities: &[],
            })
            .expect("replaced");
        engine.remove(2);
        engine.commit().expect("committed");
        assert_eq!(search(&engine, "kuat", &Filter::default()).total, 0);
        assert_eq!(engine.len(), 2);
        assert!(
            engine
                .reader
                .searcher()
                .schema()
                .get_field("entity")
                .is_ok()
        );
    }
}
