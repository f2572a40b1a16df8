//! Full-text search over published articles: one query, either database, the same
//! results and highlights.

use std::collections::HashMap;

use shared::query::FieldSet;
use shared::{ArticleSummary, SearchHighlights, SearchHit};

use super::Desk;
use super::articles::assemble;
use crate::db::DbConnection;
use crate::db::articles::ArticleFilter;
use crate::db::models::ArticleRow;
use crate::db::schema::articles;
use crate::db::search::{self as index, Search, SearchOrder};
use crate::search::query::SearchQuery;
use crate::search::{Analyzer, highlight};

#[derive(Debug, Default)]
pub struct SearchResults {
    pub hits: Vec<SearchHit>,
    pub total: u64,
    /// The newest `updated_at` among the hits, for `Last-Modified`.
    pub last_modified: Option<chrono::NaiveDateTime>,
}

#[derive(Debug)]
pub struct SearchRequest<'a> {
    pub query: &'a SearchQuery,
    pub filter: &'a ArticleFilter,
    pub order: SearchOrder,
    pub recency_days: u32,
    pub per_page: u32,
    pub offset: u64,
    /// Added to each hit's summary.
    pub fields: &'a FieldSet,
}

pub fn search(
    conn: &mut DbConnection,
    desk: Desk,
    request: &SearchRequest<'_>,
) -> anyhow::Result<SearchResults> {
    use diesel::prelude::*;

    let fts5 = request.query.fts5();
    let tsquery = request.query.tsquery();
    let (hits, total) = index::search(
        conn,
        &Search {
            fts5: &fts5,
            tsquery: &tsquery,
            filter: request.filter,
            order: request.order,
            recency_days: f64::from(request.recency_days),
        },
        i64::from(request.per_page),
        i64::try_from(request.offset).unwrap_or(i64::MAX),
    )?;
    let ids: Vec<String> = hits.iter().map(|h| h.id.clone()).collect();
    let mut rows: HashMap<String, ArticleRow> = articles::table
        .filter(articles::id.eq_any(&ids))
        .select(ArticleRow::as_select())
        .load(conn)?
        .into_iter()
        .map(|row| (row.id.clone(), row))
        .collect();
    // In the order of the hits.
    let rows: Vec<ArticleRow> = ids.iter().filter_map(|id| rows.remove(id)).collect();
    let last_modified = rows.iter().map(|r| r.updated_at).max();
    let terms = request.query.highlight_terms();
    let highlights: Vec<SearchHighlights> = rows
        .iter()
        .map(|row| {
            let analyzer = Analyzer::for_language(&row.language);
            SearchHighlights {
                headline: highlight::mark(&row.headline, analyzer, &terms),
                standfirst: row
                    .standfirst
                    .as_deref()
                    .map(|s| highlight::mark(s, analyzer, &terms)),
                snippet: highlight::snippet(&row.body_text, analyzer, &terms),
            }
        })
        .collect();
    let scores: HashMap<String, f64> = hits.into_iter().map(|h| (h.id, h.score)).collect();
    let hits = assemble(conn, desk, rows)?
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
        total: u64::try_from(total).unwrap_or_default(),
        last_modified,
    })
}
