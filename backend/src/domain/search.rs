//! Full-text search over published articles: the search engine's hits
//! (`domain::indexing`), read from the database as they now are, highlighted.

use std::collections::HashMap;
use std::sync::Arc;

use shared::query::{Facet, FacetSet, FieldSet};
use shared::{ArticleSummary, FacetCount, SearchFacets, SearchHighlights, SearchHit, Total};

use super::Desk;
use super::articles::{Parts, assemble_parts};
use crate::db::DbConnection;
use crate::db::articles::ArticleFilter;
use crate::db::models::ArticleRow;
use crate::db::schema::articles;
use crate::domain::indexing::SearchIndex;
use crate::search::Analyzer;
use crate::search::engine::{self, Filter, Ranking};
use crate::search::highlight::Highlighter;
use crate::search::query::SearchQuery;

/// Relevance (weighed down by age), newest or oldest: the contract's order.
pub use shared::query::SearchOrder;

/// How this instance searches: relevance's half-life, and its search engine.
#[derive(Debug, Clone)]
pub struct Searching {
    /// Age, in days, at which a match's relevance counts half.
    pub recency_days: u32,
    pub index: Arc<SearchIndex>,
}

/// Why a search was not answered.
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    /// The engine is being made from the database (at a first start, or after an
    /// upgrade changed its analyzer or schema): it answers when it is done.
    #[error("the search index is being made")]
    NotReady,
    #[error(transparent)]
    Failed(#[from] anyhow::Error),
}

impl From<diesel::result::Error> for SearchError {
    fn from(error: diesel::result::Error) -> Self {
        Self::Failed(error.into())
    }
}

#[derive(Debug, Default)]
pub struct SearchResults {
    pub hits: Vec<SearchHit>,
    /// How many match: the engine's count stops at its bound (`engine::COUNT_BOUND`).
    pub total: Total,
    /// The newest `updated_at` among the hits, for `Last-Modified`.
    pub last_modified: Option<chrono::NaiveDateTime>,
    /// The matches counted by each facet asked.
    pub facets: Vec<(Facet, engine::Counts)>,
}

/// How many values of each facet an answer lists at most.
fn facet_size(facet: Facet) -> u32 {
    match facet {
        Facet::Section | Facet::Lang => 100,
        Facet::Year => 500,
        Facet::Entity => 20,
    }
}

/// The counts as the contract shows them: each facet asked, with the names readers
/// see (sections' and entities' names read here), years newest first.
pub fn facets(
    conn: &mut DbConnection,
    asked: &FacetSet,
    counted: Vec<(Facet, engine::Counts)>,
) -> anyhow::Result<SearchFacets> {
    let mut facets = SearchFacets::default();
    for facet in Facet::ALL.iter().copied().filter(|f| asked.contains(*f)) {
        let mut counts = counted
            .iter()
            .find(|(f, _)| *f == facet)
            .map(|(_, counts)| counts.clone())
            .unwrap_or_default();
        // Most first, ties by value (as the database orders them), years newest first.
        if facet == Facet::Year {
            counts.sort_by(|a, b| b.0.cmp(&a.0));
        } else {
            counts.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        }
        counts.truncate(facet_size(facet) as usize);
        let slugs: Vec<String> = counts.iter().map(|(value, _)| value.clone()).collect();
        let names: HashMap<String, String> = match facet {
            Facet::Section => crate::db::taxonomy::sections_by_slugs(conn, &slugs)?
                .into_iter()
                .map(|s| (s.slug, s.name))
                .collect(),
            Facet::Entity => crate::db::entities::by_slugs(conn, &slugs)?
                .into_iter()
                .map(|e| (e.slug, e.name))
                .collect(),
            Facet::Lang | Facet::Year => HashMap::new(),
        };
        let list = counts
            .into_iter()
            .map(|(value, count)| FacetCount {
                name: names.get(&value).cloned().unwrap_or_else(|| value.clone()),
                value,
                count,
            })
            .collect();
        let slot = match facet {
            Facet::Section => &mut facets.section,
            Facet::Lang => &mut facets.lang,
            Facet::Year => &mut facets.year,
            Facet::Entity => &mut facets.entity,
        };
        *slot = Some(list);
    }
    Ok(facets)
}

#[derive(Debug)]
pub struct SearchRequest<'a> {
    pub query: &'a SearchQuery,
    pub filter: &'a ArticleFilter,
    pub order: SearchOrder,
    pub per_page: u32,
    pub offset: u64,
    /// Added to each hit's summary.
    pub fields: &'a FieldSet,
    /// What to count all the matches by.
    pub facets: &'a FacetSet,
}

/// A page of matches: the engine's, brought up to the change log's head first when it
/// is at most `search.max_lag` entries behind (further behind, it answers as it stands
/// while its worker catches up). Refused while the engine is being made. The caller keeps
/// to the engine's window (`engine::MAX_WINDOW`: the contract's `SearchPageNumber` and
/// `PerPage` do).
pub fn search(
    conn: &mut DbConnection,
    desk: Desk,
    searching: &Searching,
    request: &SearchRequest<'_>,
) -> Result<SearchResults, SearchError> {
    use diesel::prelude::*;

    let now = request.filter.now;
    let index = &searching.index;
    if !index.is_ready() {
        return Err(SearchError::NotReady);
    }
    index.current(conn, desk)?;
    let Found {
        hits,
        total,
        facets,
    } = from_engine(index, searching, request)?;
    let ids: Vec<String> = hits.iter().map(|h| h.0.clone()).collect();
    // The database decides what is public now, whatever an index holds.
    let mut rows: HashMap<String, ArticleRow> = articles::table
        .filter(crate::db::one_of::one_of(conn, articles::id, &ids))
        .filter(crate::db::public::public_at(now))
        .select(ArticleRow::as_select())
        .load(conn)?
        .into_iter()
        .map(|row| (row.id.clone(), row))
        .collect();
    // In the order of the hits.
    let rows: Vec<ArticleRow> = ids.iter().filter_map(|id| rows.remove(id)).collect();
    let last_modified = rows.iter().map(|r| r.updated_at).max();
    let articles = assemble_parts(conn, desk, rows, Parts::of_summary(request.fields))?;
    let terms = request.query.highlight_terms();
    let highlights: Vec<SearchHighlights> = {
        let mut highlighter = Highlighter::new(&terms);
        articles
            .iter()
            .map(|article| {
                let analyzer = Analyzer::for_language(&article.language);
                SearchHighlights {
                    headline: highlighter.mark(&article.headline, analyzer),
                    standfirst: article
                        .standfirst
                        .as_deref()
                        .map(|s| highlighter.mark(s, analyzer)),
                    snippet: highlighter.snippet(&article.body_text, analyzer),
                }
            })
            .collect()
    };
    let scores: HashMap<String, f64> = hits.into_iter().collect();
    let hits = articles
        .into_iter()
        .zip(highlights)
        .map(|(article, highlights)| SearchHit {
            score: scores
                .get(&article.id.to_string())
                .copied()
                .unwrap_or_default(),
            article: ArticleSummary::of(article, request.fields),
            highlights,
        })
        .collect();
    Ok(SearchResults {
        hits,
        total,
        last_modified,
        facets,
    })
}

/// What the engine found: a page of hits (id and score), the total, the facets' counts.
struct Found {
    hits: Vec<(String, f64)>,
    total: Total,
    facets: Vec<(Facet, engine::Counts)>,
}

/// A page of hits (id and score) and the total, from the search engine.
fn from_engine(
    index: &SearchIndex,
    searching: &Searching,
    request: &SearchRequest<'_>,
) -> anyhow::Result<Found> {
    let filter = request.filter;
    let asked: Vec<Facet> = Facet::ALL
        .iter()
        .copied()
        .filter(|f| request.facets.contains(*f))
        .collect();
    let ranking = match request.order {
        SearchOrder::Relevance => Ranking::Relevance {
            now: filter.now,
            half_life_days: f64::from(searching.recency_days),
        },
        SearchOrder::Newest => Ranking::Newest,
        SearchOrder::Oldest => Ranking::Oldest,
    };
    let found = index.engine().search(
        request.query,
        &Filter {
            section: filter.section.as_deref(),
            tag: filter.tag.as_deref(),
            author: filter.author.as_deref(),
            entity: filter.entity.as_deref(),
            lang: filter.language.as_deref(),
            from: filter.from,
            until: filter.until,
        },
        ranking,
        request.per_page as usize,
        usize::try_from(request.offset).unwrap_or(usize::MAX),
        &asked.iter().map(|f| f.as_str()).collect::<Vec<_>>(),
    )?;
    Ok(Found {
        hits: found.hits,
        total: found.total,
        facets: asked
            .into_iter()
            .zip(found.facets)
            .map(|(facet, (_, counts))| (facet, counts))
            .collect(),
    })
}
