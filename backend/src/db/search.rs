//! The full-text index: written with the article, queried with the public list's
//! filters. SQLite keeps it in an FTS5 table ranked by BM25, PostgreSQL in a `tsvector`
//! with a GIN index ranked by `ts_rank`; both hold the same analyzed terms
//! (`crate::search`) and answer through the same functions.

use chrono::NaiveDateTime;
use diesel::QueryableByName;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Double, Integer, Text, Timestamp};

use super::DbConnection;
use super::models::ArticleRow;
use super::public::{ArticleFilter, public_at_sql};
use crate::search::{self, ANALYZER_VERSION, IndexedText};

/// Field weights: a match in the headline counts ten times one in the body.
const HEADLINE_WEIGHT: f64 = 10.0;
const STANDFIRST_WEIGHT: f64 = 4.0;
const BODY_WEIGHT: f64 = 1.0;

/// Indexes the article as it now is (any state: visibility is decided when searching,
/// so a scheduled article is found the moment it is due).
pub fn index(conn: &mut DbConnection, row: &ArticleRow) -> QueryResult<()> {
    index_all(conn, vec![(row.id.clone(), analyzed(row)?)])
}

/// The article's terms as the index holds them: no database asked (an import works them
/// out on another core while the previous batch is written).
pub fn analyzed(row: &ArticleRow) -> QueryResult<IndexedText> {
    let body = searched_body(row)?;
    Ok(search::index_text(
        &row.language,
        &row.headline,
        row.standfirst.as_deref().unwrap_or_default(),
        &body,
    ))
}

/// Indexes articles by their terms (`(article id, analyzed)`), in the caller's
/// transaction. On SQLite a batch's full-text rows go in last, after all of its other
/// writes: FTS5 writes out the terms it holds whenever a statement opens a statement
/// journal, so rows written in between would be written out in small pieces. On
/// PostgreSQL the batch is written in two statements (`index_all_postgres`).
pub fn index_all(conn: &mut DbConnection, docs: Vec<(String, IndexedText)>) -> QueryResult<()> {
    match conn {
        DbConnection::Postgresql(pg) => index_all_postgres(pg, docs),
        DbConnection::Sqlite(c) => index_all_sqlite(c, docs),
    }
}

/// The two tables `index_all_sqlite` writes, for diesel's statements, which it prepares
/// once a connection (a `sql_query` is prepared anew at every run). Not in `schema`:
/// PostgreSQL's `search_index` has other columns.
mod fts5 {
    diesel::table! {
        search_documents (doc_id) {
            doc_id -> BigInt,
            article_id -> Text,
            analyzer_version -> Integer,
        }
    }

    diesel::table! {
        /// Contentless FTS5: `rowid` is the document's `doc_id`.
        search_index (rowid) {
            rowid -> BigInt,
            headline -> Text,
            standfirst -> Text,
            body -> Text,
        }
    }
}

/// `index_all` on SQLite: each document numbered (`search_documents`), then its terms
/// written — its row out first, as FTS5 has no upsert (and a number is used again after
/// the newest document is deleted for good, whose terms stay).
fn index_all_sqlite(
    c: &mut diesel::SqliteConnection,
    docs: Vec<(String, IndexedText)>,
) -> QueryResult<()> {
    use diesel::upsert::excluded;
    use fts5::{search_documents as documents, search_index as terms};
    let mut numbered = Vec::with_capacity(docs.len());
    for (article_id, text) in docs {
        let doc_id: i64 = diesel::insert_into(documents::table)
            .values((
                documents::article_id.eq(article_id),
                documents::analyzer_version.eq(ANALYZER_VERSION),
            ))
            .on_conflict(documents::article_id)
            .do_update()
            .set(documents::analyzer_version.eq(excluded(documents::analyzer_version)))
            .returning(documents::doc_id)
            .get_result(c)?;
        numbered.push((doc_id, text));
    }
    for (doc_id, text) in numbered {
        diesel::delete(terms::table.filter(terms::rowid.eq(doc_id))).execute(c)?;
        diesel::insert_into(terms::table)
            .values((
                terms::rowid.eq(doc_id),
                terms::headline.eq(text.headline),
                terms::standfirst.eq(text.standfirst),
                terms::body.eq(text.body),
            ))
            .execute(c)?;
    }
    Ok(())
}

/// `index_all` on PostgreSQL: the batch's documents numbered in one statement and
/// their terms written in another, from arrays (`unnest`), rather than two statements
/// an article — an import's rate there is its round trips. `||` numbers the right
/// side's positions on from the left's, so a phrase could run from the headline into
/// the body; a lexeme no query has (`·`, weight D, which ranks 0) between the fields
/// keeps a phrase in one, as FTS5's columns do.
fn index_all_postgres(
    pg: &mut diesel::PgConnection,
    docs: Vec<(String, IndexedText)>,
) -> QueryResult<()> {
    use diesel::sql_types::Array;
    #[derive(QueryableByName)]
    struct Numbered {
        #[diesel(sql_type = Text)]
        article_id: String,
        #[diesel(sql_type = BigInt)]
        doc_id: i64,
    }
    if docs.is_empty() {
        return Ok(());
    }
    // An article given twice takes the later.
    let mut latest: std::collections::HashMap<String, IndexedText> = docs.into_iter().collect();
    let ids: Vec<String> = latest.keys().cloned().collect();
    let numbered: Vec<Numbered> = diesel::sql_query(
        "INSERT INTO search_documents (article_id, analyzer_version) \
         SELECT unnest($1::text[]), $2 \
         ON CONFLICT (article_id) DO UPDATE SET analyzer_version = excluded.analyzer_version \
         RETURNING article_id, doc_id",
    )
    .bind::<Array<Text>, _>(&ids)
    .bind::<Integer, _>(ANALYZER_VERSION)
    .load(pg)?;
    let (mut doc_ids, mut headlines, mut standfirsts, mut bodies) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for Numbered { article_id, doc_id } in numbered {
        let text = latest.remove(&article_id).ok_or(diesel::NotFound)?;
        doc_ids.push(doc_id);
        headlines.push(text.headline);
        standfirsts.push(text.standfirst);
        bodies.push(text.body);
    }
    diesel::sql_query(
        "INSERT INTO search_index (doc_id, document) \
         SELECT d, setweight(to_tsvector('simple', h), 'A') || '·:1'::tsvector \
             || setweight(to_tsvector('simple', s), 'B') || '·:1'::tsvector \
             || setweight(to_tsvector('simple', b), 'C') \
         FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[]) AS t(d, h, s, b) \
         ON CONFLICT (doc_id) DO UPDATE SET document = excluded.document",
    )
    .bind::<Array<BigInt>, _>(&doc_ids)
    .bind::<Array<Text>, _>(&headlines)
    .bind::<Array<Text>, _>(&standfirsts)
    .bind::<Array<Text>, _>(&bodies)
    .execute(pg)?;
    Ok(())
}

/// The body as search reads it: the dateline ("Tokyo, Japan") with the body it opens.
/// (The database's index and the search engine both index this.)
pub fn searched_body(row: &ArticleRow) -> QueryResult<String> {
    let text = row.body_text()?;
    Ok(match &row.dateline_text {
        Some(dateline) => format!("{dateline}\n{text}"),
        None => text,
    })
}

/// Articles not indexed yet, or indexed by an older analyzer: at most `limit` of them.
pub fn stale(conn: &mut DbConnection, limit: i64) -> QueryResult<Vec<ArticleRow>> {
    use super::schema::articles;
    #[derive(QueryableByName)]
    struct Id {
        #[diesel(sql_type = Text)]
        id: String,
    }
    let mut sql = Sql::new(conn);
    sql.template(
        "SELECT a.id AS id FROM articles a LEFT JOIN search_documents d ON d.article_id = a.id \
         WHERE d.article_id IS NULL OR d.analyzer_version <> {} ORDER BY a.id LIMIT {}",
        vec![Bind::Int(ANALYZER_VERSION), Bind::BigInt(limit)],
    );
    let ids: Vec<String> = sql.load::<Id>(conn)?.into_iter().map(|i| i.id).collect();
    articles::table
        .filter(articles::id.eq_any(&ids))
        .select(ArticleRow::as_select())
        .load(conn)
}

/// Relevance (weighed down by age), newest or oldest: the contract's order.
pub use shared::query::SearchOrder;

/// A search: the analyzed query in both syntaxes, the list's filters, the order.
#[derive(Debug, Clone)]
pub struct Search<'a> {
    pub fts5: &'a str,
    pub tsquery: &'a str,
    pub filter: &'a ArticleFilter,
    pub order: SearchOrder,
    /// Age, in days, at which an article's relevance counts half.
    pub recency_days: f64,
}

#[derive(Debug, Clone, QueryableByName)]
pub struct Hit {
    #[diesel(sql_type = Text)]
    pub id: String,
    #[diesel(sql_type = Double)]
    pub score: f64,
}

/// One page of matching public articles, best first, and how many match in all.
///
/// The count comes with the page (`COUNT(*) OVER ()`): ranking already visits every
/// match, and a separate count would visit them all again. Only a page past the end
/// (no rows, so no count) asks for the count on its own.
pub fn search(
    conn: &mut DbConnection,
    search: &Search<'_>,
    limit: i64,
    offset: i64,
) -> QueryResult<(Vec<Hit>, i64)> {
    #[derive(QueryableByName)]
    struct Count {
        #[diesel(sql_type = BigInt)]
        n: i64,
    }
    #[derive(QueryableByName)]
    struct Row {
        #[diesel(embed)]
        hit: Hit,
        #[diesel(sql_type = BigInt)]
        total: i64,
    }

    let mut sql = Sql::new(conn);
    let now = search.filter.now;
    // Ranked in an inner query: SQLite's bm25() cannot run where a window function is.
    sql.push("SELECT id, score, COUNT(*) OVER () AS total FROM (");
    if sql.postgres {
        sql.push(&format!(
            "SELECT a.id AS id, a.published_at AS published_at, CAST(ts_rank('{{0.0, {BODY}, {STANDFIRST}, {HEADLINE}}}', s.document, to_tsquery('simple', ",
            BODY = BODY_WEIGHT / HEADLINE_WEIGHT,
            STANDFIRST = STANDFIRST_WEIGHT / HEADLINE_WEIGHT,
            HEADLINE = 1.0,
        ));
        sql.bind(Bind::Text(search.tsquery.to_owned()));
        sql.push("), 1) AS DOUBLE PRECISION) / (1.0 + GREATEST(EXTRACT(EPOCH FROM (");
        sql.bind(Bind::Time(now));
        sql.push(" - a.published_at)), 0) / 86400.0 / ");
    } else {
        sql.push(&format!(
            "SELECT a.id AS id, a.published_at AS published_at, -bm25(search_index, {HEADLINE_WEIGHT:.1}, {STANDFIRST_WEIGHT:.1}, {BODY_WEIGHT:.1}) \
             / (1.0 + MAX(julianday("
        ));
        sql.bind(Bind::Time(now));
        sql.push(") - julianday(a.published_at), 0) / ");
    }
    sql.bind(Bind::Float(search.recency_days));
    sql.push(") AS score");
    from_where(&mut sql, search);
    sql.push(") AS matches");
    sql.push(match search.order {
        SearchOrder::Relevance => " ORDER BY score DESC, published_at DESC, id DESC",
        SearchOrder::Newest => " ORDER BY published_at DESC, id DESC",
        SearchOrder::Oldest => " ORDER BY published_at ASC, id ASC",
    });
    sql.push(" LIMIT ");
    sql.bind(Bind::BigInt(limit));
    sql.push(" OFFSET ");
    sql.bind(Bind::BigInt(offset));
    if explain_wanted() {
        explain(conn, &sql);
    }
    let rows = sql.load::<Row>(conn)?;
    if let Some(first) = rows.first() {
        let total = first.total;
        return Ok((rows.into_iter().map(|r| r.hit).collect(), total));
    }
    if offset == 0 {
        return Ok((Vec::new(), 0));
    }
    let mut count = Sql::new(conn);
    count.push("SELECT COUNT(*) AS n");
    from_where(&mut count, search);
    let total = count.load::<Count>(conn)?.pop().map_or(0, |c| c.n);
    Ok((Vec::new(), total))
}

/// The matches counted by one facet: up to `limit` values (`section`'s and `entity`'s
/// slugs, `lang`'s tags, `year`s) with how many matches have each, most first.
pub fn facet(
    conn: &mut DbConnection,
    search: &Search<'_>,
    facet: shared::query::Facet,
    limit: i64,
) -> QueryResult<Vec<(String, i64)>> {
    use shared::query::Facet;
    #[derive(QueryableByName)]
    struct Count {
        #[diesel(sql_type = Text)]
        value: String,
        #[diesel(sql_type = BigInt)]
        n: i64,
    }
    let mut sql = Sql::new(conn);
    let year = if sql.postgres {
        "to_char(a.published_at, 'YYYY')"
    } else {
        "strftime('%Y', a.published_at)"
    };
    // The matches as a set of ids, then counted by the value.
    let (value, from) = match facet {
        Facet::Section => (
            "s.slug",
            "articles a JOIN sections s ON s.id = a.section_id",
        ),
        Facet::Lang => ("a.language", "articles a"),
        Facet::Year => (year, "articles a"),
        Facet::Entity => (
            "e.slug",
            "article_entities ae JOIN entities e ON e.seq = ae.entity_seq",
        ),
    };
    // Articles by id; their entities by the articles' numbers.
    let (key, matched) = if facet == Facet::Entity {
        ("ae.article_seq", "a.seq")
    } else {
        ("a.id", "a.id")
    };
    sql.push(&format!(
        "SELECT {value} AS value, COUNT(*) AS n FROM {from} WHERE {key} IN (SELECT {matched}"
    ));
    from_where(&mut sql, search);
    sql.push(") GROUP BY value ORDER BY n DESC, value LIMIT ");
    sql.bind(Bind::BigInt(limit));
    Ok(sql
        .load::<Count>(conn)?
        .into_iter()
        .map(|c| (c.value, c.n))
        .collect())
}

/// `FROM … WHERE …`: the match, public at `now`, the list's filters.
fn from_where(sql: &mut Sql, search: &Search<'_>) {
    if sql.postgres {
        // The query inline (not a joined function), so the planner uses the GIN index.
        sql.push(
            " FROM search_index s JOIN search_documents d ON d.doc_id = s.doc_id \
             JOIN articles a ON a.id = d.article_id WHERE s.document @@ to_tsquery('simple', ",
        );
        sql.bind(Bind::Text(search.tsquery.to_owned()));
        sql.push(")");
    } else {
        // CROSS JOIN fixes the order: the full-text match drives, then the lookups by
        // key. (Left to itself SQLite may scan articles and test MATCH row by row.)
        sql.push(
            " FROM search_index CROSS JOIN search_documents d ON d.doc_id = search_index.rowid \
             CROSS JOIN articles a ON a.id = d.article_id WHERE search_index MATCH ",
        );
        sql.bind(Bind::Text(search.fts5.to_owned()));
    }
    let filter = search.filter;
    sql.push(" AND ");
    sql.push(&public_at_sql("a"));
    sql.bind(Bind::Time(filter.now));
    // The section as one value, as the lists have it (`db::articles::published_reading`).
    if let Some(section) = &filter.section {
        sql.push(" AND a.section_id = (SELECT id FROM sections WHERE slug = ");
        sql.bind(Bind::Text(section.clone()));
        sql.push(")");
    }
    if let Some(tag) = &filter.tag {
        sql.push(
            " AND a.id IN (SELECT at.article_id FROM article_tags at JOIN tags t ON t.id = at.tag_id WHERE t.slug = ",
        );
        sql.bind(Bind::Text(tag.clone()));
        sql.push(")");
    }
    if let Some(author) = &filter.author {
        sql.push(
            " AND a.id IN (SELECT aa.article_id FROM article_authors aa JOIN authors au ON au.id = aa.author_id WHERE au.slug = ",
        );
        sql.bind(Bind::Text(author.clone()));
        sql.push(")");
    }
    if let Some(entity) = &filter.entity {
        sql.push(
            " AND a.seq IN (SELECT ae.article_seq FROM article_entities ae JOIN entities e ON e.seq = ae.entity_seq WHERE e.slug = ",
        );
        sql.bind(Bind::Text(entity.clone()));
        sql.push(")");
    }
    if let Some(language) = &filter.language {
        sql.push(" AND a.language = ");
        sql.bind(Bind::Text(language.clone()));
    }
    if let Some(from) = filter.from {
        sql.push(" AND a.published_at >= ");
        sql.bind(Bind::Time(from));
    }
    if let Some(until) = filter.until {
        sql.push(" AND a.published_at < ");
        sql.bind(Bind::Time(until));
    }
}

/// Whether `GI_EXPLAIN_SEARCH` was set when the process first searched (read once, not
/// per search).
fn explain_wanted() -> bool {
    static WANTED: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *WANTED.get_or_init(|| std::env::var_os("GI_EXPLAIN_SEARCH").is_some())
}

/// Prints the plan of a query (for `GI_EXPLAIN_SEARCH=1` in the search benchmark).
fn explain(conn: &mut DbConnection, sql: &Sql) {
    #[derive(QueryableByName)]
    struct Line {
        #[diesel(sql_type = Text, column_name = "QUERY PLAN")]
        plan: String,
    }
    #[derive(QueryableByName)]
    struct SqliteLine {
        #[diesel(sql_type = Text)]
        detail: String,
    }
    let explained = Sql {
        postgres: sql.postgres,
        text: if sql.postgres {
            format!("EXPLAIN ANALYZE {}", sql.text)
        } else {
            format!("EXPLAIN QUERY PLAN {}", sql.text)
        },
        binds: sql.binds.clone(),
    };
    let lines: Vec<String> = if sql.postgres {
        explained
            .load::<Line>(conn)
            .map(|l| l.into_iter().map(|l| l.plan).collect())
    } else {
        explained
            .load::<SqliteLine>(conn)
            .map(|l| l.into_iter().map(|l| l.detail).collect())
    }
    .unwrap_or_else(|e| vec![e.to_string()]);
    eprintln!("{}\n{}", sql.text, lines.join("\n"));
}

#[derive(Debug, Clone)]
enum Bind {
    Text(String),
    Int(i32),
    BigInt(i64),
    Float(f64),
    Time(NaiveDateTime),
}

/// SQL written for one database, with its placeholders (`?` or `$n`) and values.
struct Sql {
    postgres: bool,
    text: String,
    binds: Vec<Bind>,
}

macro_rules! with_binds {
    ($sql:expr, $conn:expr, |$query:ident| $run:expr) => {{
        let mut $query = diesel::sql_query($sql.text.as_str()).into_boxed();
        for bind in $sql.binds {
            $query = match bind {
                Bind::Text(v) => $query.bind::<Text, _>(v),
                Bind::Int(v) => $query.bind::<Integer, _>(v),
                Bind::BigInt(v) => $query.bind::<BigInt, _>(v),
                Bind::Float(v) => $query.bind::<Double, _>(v),
                Bind::Time(v) => $query.bind::<Timestamp, _>(v),
            };
        }
        let _ = &$conn;
        $run
    }};
}

impl Sql {
    fn new(conn: &DbConnection) -> Self {
        Self {
            postgres: matches!(conn, DbConnection::Postgresql(_)),
            text: String::new(),
            binds: Vec::new(),
        }
    }

    fn push(&mut self, text: &str) {
        self.text.push_str(text);
    }

    fn bind(&mut self, value: Bind) {
        self.binds.push(value);
        if self.postgres {
            self.text.push_str(&format!("${}", self.binds.len()));
        } else {
            self.text.push('?');
        }
    }

    /// `template` with each `{}` replaced by the next value's placeholder.
    fn template(&mut self, template: &str, values: Vec<Bind>) {
        let mut values = values.into_iter();
        let mut parts = template.split("{}").peekable();
        while let Some(part) = parts.next() {
            self.push(part);
            if parts.peek().is_some()
                && let Some(value) = values.next()
            {
                self.bind(value);
            }
        }
    }

    fn load<T>(self, conn: &mut DbConnection) -> QueryResult<Vec<T>>
    where
        T: QueryableByName<diesel::sqlite::Sqlite> + QueryableByName<diesel::pg::Pg> + 'static,
    {
        match conn {
            DbConnection::Sqlite(c) => with_binds!(self, c, |q| q.load::<T>(c)),
            DbConnection::Postgresql(c) => with_binds!(self, c, |q| q.load::<T>(c)),
        }
    }
}

/// Every article (in any state) the query matches, by id: candidates for work that
/// only concerns articles containing some words.
pub fn matching_ids(
    conn: &mut DbConnection,
    fts5: &str,
    tsquery: &str,
) -> QueryResult<Vec<String>> {
    #[derive(QueryableByName)]
    struct Id {
        #[diesel(sql_type = Text)]
        id: String,
    }
    let mut sql = Sql::new(conn);
    if sql.postgres {
        // `||` numbers the right side's positions on from the left's, so a phrase could
        // run from the headline into the body; a lexeme no query has (`·`, weight D,
        // which ranks 0) between the fields keeps a phrase in one, as FTS5's columns do.
        sql.template(
            "SELECT d.article_id AS id FROM search_index s JOIN search_documents d ON d.doc_id = s.doc_id \
             WHERE s.document @@ to_tsquery('simple', {})",
            vec![Bind::Text(tsquery.to_owned())],
        );
    } else {
        sql.template(
            "SELECT d.article_id AS id FROM search_index JOIN search_documents d \
             ON d.doc_id = search_index.rowid WHERE search_index MATCH {}",
            vec![Bind::Text(fts5.to_owned())],
        );
    }
    Ok(sql.load::<Id>(conn)?.into_iter().map(|i| i.id).collect())
}

/// Every indexed article's id.
pub fn all_ids(conn: &mut DbConnection) -> QueryResult<Vec<String>> {
    use super::schema::articles;
    articles::table.select(articles::id).load(conn)
}
