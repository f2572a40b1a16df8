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

use chrono::{Datelike, NaiveDateTime};
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{BooleanQuery, BoostQuery, Occur, PhraseQuery, Query, RangeQuery, TermQuery};
use tantivy::schema::{
    DateOptions, DateTimePrecision, FAST, Field, INDEXED, IndexRecordOption, STRING, Schema,
    TextFieldIndexing, TextOptions,
};
use tantivy::tokenizer::{PreTokenizedString, Token};
use tantivy::{
    DateTime as TantivyDate, DocAddress, Index, IndexReader, IndexWriter, Order, Searcher,
    SegmentReader, TantivyDocument, Term,
};

use super::query::{Expr, SearchQuery};
use super::{Analyzer, MAX_BODY_TERMS, words};

/// Memory the writer may use before it writes a segment out.
const WRITER_MEMORY: usize = 64 * 1024 * 1024;

/// How much a match counts in each text field, as the databases weigh them
/// (`db::search`: headline 10, standfirst 4, body 1).
const WEIGHTS: [(&str, f32); 3] = [("headline", 10.0), ("standfirst", 4.0), ("body", 1.0)];

/// The deepest result the engine ranks (`offset + limit`): collecting the top N holds
/// 2 × N candidates per segment in memory, so a page past this (page 101 of 100 hits)
/// is the database's to answer, as Elasticsearch's `max_result_window` refuses it.
pub const MAX_WINDOW: usize = 10_000;

/// The schema's version: an index written under another is rebuilt.
pub const SCHEMA_VERSION: u32 = 2;

#[derive(Debug, thiserror::Error)]
#[error("search index: {0}")]
pub struct EngineError(#[from] tantivy::TantivyError);

/// One article as the index holds it.
#[derive(Debug, Clone)]
pub struct Entry<'a> {
    /// The article's id (a UUID).
    pub id: &'a str,
    pub language: &'a str,
    pub headline: &'a str,
    pub standfirst: &'a str,
    pub body: &'a str,
    pub published_at: NaiveDateTime,
    /// Slugs of its section, tags, authors and the entities it names.
    pub section: &'a str,
    pub tags: &'a [&'a str],
    pub authors: &'a [&'a str],
    pub entities: &'a [&'a str],
}

/// What narrows a search, beside its words: the public list's filters.
#[derive(Debug, Clone, Default)]
pub struct Filter<'a> {
    pub section: Option<&'a str>,
    pub tag: Option<&'a str>,
    pub author: Option<&'a str>,
    pub entity: Option<&'a str>,
    pub lang: Option<&'a str>,
    /// Published at or after.
    pub from: Option<NaiveDateTime>,
    /// Published before.
    pub until: Option<NaiveDateTime>,
}

/// The order of the matches.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Ranking {
    /// By relevance weighed down by age: BM25 over `1 + age / half_life_days`, as the
    /// databases rank, with the age counted at `now`.
    Relevance {
        now: NaiveDateTime,
        half_life_days: f64,
    },
    Newest,
    Oldest,
}

/// What to count the matches by: the fields `section`, `lang`, `year` and `entity`.
pub type FacetFields<'a> = &'a [&'a str];

/// A facet's values and how many matches have each.
pub type Counts = Vec<(String, u64)>;

/// The most values of a facet counted, in each segment and in all.
pub const MAX_FACET_VALUES: u32 = 10_000;

/// One page of matches, in order, how many match in all, and the matches counted by
/// each facet asked (value, count; most first).
#[derive(Debug, Clone, PartialEq)]
pub struct Hits {
    pub total: usize,
    /// Each article's id and its score (0 when ordered by time).
    pub hits: Vec<(String, f64)>,
    pub facets: Vec<(String, Counts)>,
}

impl Hits {
    pub fn ids(&self) -> Vec<&str> {
        self.hits.iter().map(|(id, _)| id.as_str()).collect()
    }
}

#[derive(Clone, Copy)]
struct Fields {
    id: Field,
    text: [Field; 3],
    published: Field,
    section: Field,
    tag: Field,
    author: Field,
    lang: Field,
    year: Field,
    entity: Field,
}

pub struct Engine {
    fields: Fields,
    index: Index,
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
    let date = DateOptions::from(INDEXED | FAST).set_precision(DateTimePrecision::Microseconds);
    let fields = Fields {
        id: builder.add_text_field("id", STRING | FAST),
        text: WEIGHTS.map(|(name, _)| builder.add_text_field(name, text.clone())),
        published: builder.add_date_field("published", date),
        section: builder.add_text_field("section", STRING | FAST),
        tag: builder.add_text_field("tag", STRING | FAST),
        author: builder.add_text_field("author", STRING | FAST),
        lang: builder.add_text_field("lang", STRING | FAST),
        year: builder.add_u64_field("year", INDEXED | FAST),
        entity: builder.add_text_field("entity", STRING | FAST),
    };
    (builder.build(), fields)
}

/// `at` as the index keeps times: nanoseconds in an `i64`, so from 1677 to 2262. A time
/// outside (a filter's `from=9999-12-31`) is the nearest end, which no article passes.
fn date(at: NaiveDateTime) -> TantivyDate {
    let limit = i64::MAX / 1_000;
    TantivyDate::from_timestamp_micros(at.and_utc().timestamp_micros().clamp(-limit, limit))
}

impl Engine {
    /// An index in memory (tests, benchmarks).
    pub fn in_memory() -> Result<Self, EngineError> {
        let (schema, fields) = schema();
        Self::with(Index::create_in_ram(schema), fields)
    }

    /// The index in `dir`, made there if it is not. An index of another schema is
    /// emptied and made again.
    pub fn open(dir: &Path) -> Result<Self, EngineError> {
        let (schema, fields) = schema();
        std::fs::create_dir_all(dir).map_err(tantivy::TantivyError::from)?;
        let directory =
            tantivy::directory::MmapDirectory::open(dir).map_err(tantivy::TantivyError::from)?;
        let index = match Index::open_or_create(directory, schema.clone()) {
            Ok(index) => index,
            Err(tantivy::TantivyError::SchemaError(_)) => {
                // Written by an older build: derived data, so made again from nothing.
                // Only the index's own files go — those Tantivy lists as its own, and
                // its two lists — whatever else the folder holds.
                let listed = std::fs::read(dir.join(".managed.json")).unwrap_or_default();
                let mut files: Vec<String> = serde_json::from_slice(&listed).unwrap_or_default();
                files.extend(["meta.json".to_owned(), ".managed.json".to_owned()]);
                for file in files.iter().filter(|f| !f.contains(['/', '\\'])) {
                    match std::fs::remove_file(dir.join(file)) {
                        Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                            return Err(tantivy::TantivyError::from(e).into());
                        }
                        _ => {}
                    }
                }
                let directory = tantivy::directory::MmapDirectory::open(dir)
                    .map_err(tantivy::TantivyError::from)?;
                Index::create(directory, schema, tantivy::IndexSettings::default())?
            }
            Err(e) => return Err(e.into()),
        };
        Self::with(index, fields)
    }

    fn with(index: Index, fields: Fields) -> Result<Self, EngineError> {
        let writer = index.writer(WRITER_MEMORY)?;
        let reader = index.reader()?;
        Ok(Self {
            fields,
            index,
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
        doc.add_text(f.id, entry.id);
        for (field, text) in f
            .text
            .iter()
            .zip([entry.headline, entry.standfirst, entry.body])
        {
            doc.add_pre_tokenized_text(*field, analyzed(analyzer, text));
        }
        doc.add_date(f.published, date(entry.published_at));
        doc.add_text(f.section, entry.section);
        doc.add_text(f.lang, entry.language);
        doc.add_u64(
            f.year,
            u64::try_from(entry.published_at.year()).unwrap_or_default(),
        );
        for (field, slugs) in [
            (f.tag, entry.tags),
            (f.author, entry.authors),
            (f.entity, entry.entities),
        ] {
            for slug in slugs {
                doc.add_text(field, slug);
            }
        }
        let writer = self.writer();
        writer.delete_term(Term::from_field_text(f.id, entry.id));
        writer.add_document(doc)?;
        Ok(())
    }

    /// Takes the article out; gone after `commit`.
    pub fn remove(&self, id: &str) {
        self.writer()
            .delete_term(Term::from_field_text(self.fields.id, id));
    }

    /// Takes every article out; gone after `commit`.
    pub fn clear(&self) -> Result<(), EngineError> {
        self.writer().delete_all_documents()?;
        Ok(())
    }

    /// Makes every change since the last commit durable and visible to searches, with
    /// `payload` stored beside it (what the index was made from, read by `payload`).
    pub fn commit(&self, payload: &str) -> Result<(), EngineError> {
        let mut writer = self.writer();
        let mut prepared = writer.prepare_commit()?;
        prepared.set_payload(payload);
        prepared.commit()?;
        self.reader.reload()?;
        Ok(())
    }

    /// The payload of the last commit.
    pub fn payload(&self) -> Result<Option<String>, EngineError> {
        Ok(self.index.load_metas()?.payload)
    }

    /// The articles that match, in `ranking`'s order: `limit` of them from `offset`, and
    /// the exact number that match.
    pub fn search(
        &self,
        query: &SearchQuery,
        filter: &Filter<'_>,
        ranking: Ranking,
        limit: usize,
        offset: usize,
        facets: FacetFields<'_>,
    ) -> Result<Hits, EngineError> {
        debug_assert!(
            offset + limit <= MAX_WINDOW,
            "the caller keeps to MAX_WINDOW"
        );
        let offset = offset.min(MAX_WINDOW);
        let limit = limit.min(MAX_WINDOW - offset);
        let query = self.query(query, filter);
        let searcher = self.reader.searcher();
        let top = TopDocs::with_limit(limit.max(1)).and_offset(offset);
        let counting = (Count, counter(facets)?);
        let ((total, counted), page): (_, Vec<(f64, DocAddress)>) = match ranking {
            Ranking::Relevance {
                now,
                half_life_days,
            } => {
                let now = date(now).into_timestamp_micros();
                let per_day = 86_400_000_000.0 * half_life_days.max(f64::MIN_POSITIVE);
                let ranked = top.tweak_score(move |segment: &SegmentReader| {
                    let published = segment.fast_fields().date("published");
                    move |doc, score| {
                        let at = published
                            .as_ref()
                            .ok()
                            .and_then(|c| c.first(doc))
                            .map_or(now, TantivyDate::into_timestamp_micros);
                        // The databases' formula; the time breaks ties, newest first.
                        let age = (now - at).max(0) as f64;
                        (f64::from(score) / (1.0 + age / per_day), at)
                    }
                });
                let (counts, page) = searcher.search(&query, &(counting, ranked))?;
                (
                    counts,
                    page.into_iter()
                        .map(|((score, _), doc)| (score, doc))
                        .collect(),
                )
            }
            Ranking::Newest | Ranking::Oldest => {
                let order = if ranking == Ranking::Newest {
                    Order::Desc
                } else {
                    Order::Asc
                };
                let by_time = top.order_by_fast_field::<TantivyDate>("published", order);
                let (counts, page) = searcher.search(&query, &(counting, by_time))?;
                (
                    counts,
                    page.into_iter().map(|(_, doc)| (0.0, doc)).collect(),
                )
            }
        };
        let mut hits = Vec::with_capacity(page.len());
        for (score, address) in page.into_iter().take(limit) {
            if let Some(id) = self.id_of(&searcher, address)? {
                hits.push((id, score));
            }
        }
        Ok(Hits {
            total,
            hits,
            facets: counted
                .map(|c| buckets(facets, c))
                .transpose()?
                .unwrap_or_default(),
        })
    }

    /// The words as a query, with the filters as required terms and ranges.
    fn query(&self, query: &SearchQuery, filter: &Filter<'_>) -> BooleanQuery {
        let f = self.fields;
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, self.expr(&query.expr))];
        for (field, value) in [
            (f.section, filter.section),
            (f.tag, filter.tag),
            (f.author, filter.author),
            (f.entity, filter.entity),
            (f.lang, filter.lang),
        ] {
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
        if filter.from.is_some() || filter.until.is_some() {
            let bound = |at: Option<NaiveDateTime>, inclusive: bool| match at {
                None => std::ops::Bound::Unbounded,
                Some(at) => {
                    let term = Term::from_field_date(f.published, date(at));
                    if inclusive {
                        std::ops::Bound::Included(term)
                    } else {
                        std::ops::Bound::Excluded(term)
                    }
                }
            };
            clauses.push((
                Occur::Must,
                Box::new(RangeQuery::new(
                    bound(filter.from, true),
                    bound(filter.until, false),
                )),
            ));
        }
        BooleanQuery::new(clauses)
    }

    /// The article id of a matching document.
    fn id_of(
        &self,
        searcher: &Searcher,
        address: DocAddress,
    ) -> Result<Option<String>, EngineError> {
        let Some(column) = searcher
            .segment_reader(address.segment_ord)
            .fast_fields()
            .str("id")?
        else {
            return Ok(None);
        };
        let mut id = String::new();
        match column.term_ords(address.doc_id).next() {
            Some(ord)
                if column
                    .ord_to_str(ord, &mut id)
                    .map_err(tantivy::TantivyError::from)? =>
            {
                Ok(Some(id))
            }
            _ => Ok(None),
        }
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

/// The collector counting the matches by `facets` (none when none is asked): Tantivy's
/// terms aggregation over the fast fields. Every value is kept, up to
/// `MAX_FACET_VALUES`, so the counts are exact (and the caller, not Tantivy's order of
/// ties, decides which few to show) while the matches name fewer distinct values.
fn counter(
    facets: FacetFields<'_>,
) -> Result<Option<tantivy::aggregation::AggregationCollector>, EngineError> {
    if facets.is_empty() {
        return Ok(None);
    }
    let request: serde_json::Map<String, serde_json::Value> = facets
        .iter()
        .map(|field| {
            let terms = serde_json::json!({"terms": {
                "field": field, "size": MAX_FACET_VALUES, "segment_size": MAX_FACET_VALUES,
            }});
            ((*field).to_owned(), terms)
        })
        .collect();
    let aggregations = serde_json::from_value(serde_json::Value::Object(request))
        .map_err(|e| tantivy::TantivyError::InvalidArgument(e.to_string()))?;
    Ok(Some(tantivy::aggregation::AggregationCollector::from_aggs(
        aggregations,
        tantivy::aggregation::AggContextParams::new(
            tantivy::aggregation::AggregationLimitsGuard::default(),
            tantivy::tokenizer::TokenizerManager::default(),
        ),
    )))
}

/// Each facet's values and counts out of the aggregation's answer.
fn buckets(
    facets: FacetFields<'_>,
    results: tantivy::aggregation::agg_result::AggregationResults,
) -> Result<Vec<(String, Counts)>, EngineError> {
    let results = serde_json::to_value(results)
        .map_err(|e| tantivy::TantivyError::InternalError(e.to_string()))?;
    Ok(facets
        .iter()
        .map(|field| {
            let counts = results[*field]["buckets"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|bucket| {
                    let value = match &bucket["key"] {
                        serde_json::Value::String(text) => text.clone(),
                        // Years: whole numbers, whether given as integers or floats.
                        serde_json::Value::Number(n) => n.as_u64().map_or_else(
                            || format!("{:.0}", n.as_f64().unwrap_or(0.0)),
                            |n| n.to_string(),
                        ),
                        _ => return None,
                    };
                    Some((value, bucket["doc_count"].as_u64()?))
                })
                .collect();
            ((*field).to_owned(), counts)
        })
        .collect())
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

    fn at(day: u32) -> NaiveDateTime {
        chrono::NaiveDate::from_ymd_opt(2026, 3, day)
            .and_then(|d| d.and_hms_opt(8, 0, 0))
            .expect("a time")
    }

    const STORIES: [(&str, &str, &str, &str, &str); 3] = [
        (
            "a1",
            "id",
            "dunia",
            "Korea Utara menguatkan kerja sama",
            "Pyongyang dan Moskow menguatkan kerja sama militer.",
        ),
        (
            "a2",
            "id",
            "ekonomi",
            "Rupiah menguat",
            "Rupiah kuat terhadap dolar; kerja keras eksportir.",
        ),
        (
            "a3",
            "en",
            "world",
            "Strong ties",
            "Russia strengthens its ties with North Korea.",
        ),
    ];

    fn engine() -> Engine {
        let engine = Engine::in_memory().expect("an index");
        for (day, (id, language, section, headline, body)) in (1..).zip(STORIES) {
            engine
                .put(&Entry {
                    id,
                    language,
                    headline,
                    standfirst: "",
                    body,
                    published_at: at(day),
                    section,
                    tags: &[],
                    authors: &["sari"],
                    entities: &[],
                })
                .expect("indexed");
        }
        engine.commit("{}").expect("committed");
        engine
    }

    fn search_by(engine: &Engine, q: &str, filter: &Filter<'_>, ranking: Ranking) -> Hits {
        let query = SearchQuery::parse(q, &Analyzer::ALL)
            .expect("a query")
            .expect("something to look for");
        engine
            .search(&query, filter, ranking, 10, 0, &[])
            .expect("searched")
    }

    fn search(engine: &Engine, q: &str, filter: &Filter<'_>) -> Hits {
        search_by(engine, q, filter, Ranking::Newest)
    }

    #[test]
    fn a_word_finds_its_stem_in_every_article_and_counts_them_all() {
        let engine = engine();
        let hits = search(&engine, "kuat", &Filter::default());
        assert_eq!(hits.total, 2);
        assert_eq!(hits.ids(), ["a2", "a1"], "newest first");
        let oldest = search_by(&engine, "kuat", &Filter::default(), Ranking::Oldest);
        assert_eq!(oldest.ids(), ["a1", "a2"]);
        let english = search(&engine, "strengthening", &Filter::default());
        assert_eq!(english.ids(), ["a3"]);
    }

    #[test]
    fn an_index_of_another_schema_is_made_again_and_other_files_stay() {
        let dir = tempfile::tempdir().expect("a folder");
        let mut builder = Schema::builder();
        builder.add_text_field("old", STRING);
        let old = Index::create_in_dir(dir.path(), builder.build()).expect("an old index");
        drop(old);
        std::fs::write(dir.path().join("global-insight.db"), b"not the index's").expect("a file");
        let engine = Engine::open(dir.path()).expect("made again");
        assert!(engine.is_empty());
        assert!(dir.path().join("global-insight.db").exists());
    }

    #[test]
    fn relevance_weighs_the_headline_and_then_age() {
        let engine = engine();
        let fresh = Ranking::Relevance {
            now: at(3),
            half_life_days: 30.0,
        };
        // "rupiah" is in a2's headline and body only.
        let hits = search_by(&engine, "kerja OR rupiah", &Filter::default(), fresh);
        assert_eq!(hits.ids(), ["a2", "a1"]);
        assert!(hits.hits[0].1 > hits.hits[1].1 && hits.hits[1].1 > 0.0);
        // The same words a year on: the scores fall, the order stays.
        let later = Ranking::Relevance {
            now: at(3) + chrono::Duration::days(365),
            half_life_days: 30.0,
        };
        let old = search_by(&engine, "kerja OR rupiah", &Filter::default(), later);
        assert_eq!(old.ids(), hits.ids());
        assert!(old.hits[0].1 < hits.hits[0].1 / 10.0, "{old:?} {hits:?}");
    }

    #[test]
    fn a_phrase_needs_its_words_together_and_not_excludes() {
        let engine = engine();
        assert_eq!(
            search(&engine, "\"kerja sama\"", &Filter::default()).ids(),
            ["a1"]
        );
        assert_eq!(
            search(&engine, "kerja -militer", &Filter::default()).ids(),
            ["a2"]
        );
        let either = search(&engine, "rupiah OR russia", &Filter::default());
        assert_eq!(either.total, 2);
        let query = SearchQuery::parse("kerja OR russia", &Analyzer::ALL)
            .expect("a query")
            .expect("words");
        let counted = engine
            .search(
                &query,
                &Filter::default(),
                Ranking::Newest,
                1,
                0,
                &["section", "year", "author"],
            )
            .expect("searched");
        assert_eq!(counted.hits.len(), 1);
        let mut sections = counted.facets[0].1.clone();
        sections.sort_unstable();
        assert_eq!(
            sections,
            [
                ("dunia".into(), 1),
                ("ekonomi".into(), 1),
                ("world".into(), 1)
            ]
        );
        assert_eq!(counted.facets[1].1, [("2026".to_owned(), 3)]);
        assert_eq!(counted.facets[2].1, [("sari".to_owned(), 3)]);
        // A phrase left out (Tantivy 0.26's excluded phrase seeks backwards).
        let without = search(
            &engine,
            "(kerja OR russia) NOT \"kerja sama\"",
            &Filter::default(),
        );
        assert_eq!(without.ids(), ["a3", "a2"]);
    }

    #[test]
    fn filters_narrow_and_a_replaced_or_removed_article_is_not_found() {
        let engine = engine();
        let dunia = Filter {
            section: Some("dunia"),
            ..Filter::default()
        };
        assert_eq!(search(&engine, "kuat", &dunia).ids(), ["a1"]);
        let by_sari = Filter {
            author: Some("sari"),
            ..Filter::default()
        };
        assert_eq!(search(&engine, "kuat", &by_sari).total, 2);
        let since_the_2nd = Filter {
            from: Some(at(2)),
            ..Filter::default()
        };
        assert_eq!(search(&engine, "kuat", &since_the_2nd).ids(), ["a2"]);
        let before_the_2nd = Filter {
            until: Some(at(2)),
            ..Filter::default()
        };
        assert_eq!(search(&engine, "kuat", &before_the_2nd).ids(), ["a1"]);
        engine
            .put(&Entry {
                id: "a1",
                language: "id",
                headline: "Ralat",
                standfirst: "",
                body: "Tidak ada lagi.",
                published_at: at(1),
                section: "dunia",
                tags: &[],
                authors: &[],
                entities: &[],
            })
            .expect("replaced");
        engine.remove("a2");
        engine.commit("{\"cursor\":7}").expect("committed");
        assert_eq!(search(&engine, "kuat", &Filter::default()).total, 0);
        assert_eq!(engine.len(), 2);
        assert_eq!(
            engine.payload().expect("metas").as_deref(),
            Some("{\"cursor\":7}")
        );
    }
}
