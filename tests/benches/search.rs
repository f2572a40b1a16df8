//! Search latency on a large corpus (`bench/search` runs it and records the result).
//!
//! Writes N articles (100,000 by default; `SEARCH_BENCH_ARTICLES`) of generated
//! Indonesian (and some English) copy through the same write path as the API — so
//! each is stemmed and indexed in its transaction — into a fresh SQLite database and a
//! fresh PostgreSQL database, then times `domain::search::search` (the API's work
//! without HTTP: match, rank, load the page of 20, highlight) for a set of queries.
//! Reports p50 and p99 per query and database, and the indexing rate.
//!
//! In the same run, each database is also searched through the Tantivy engine
//! (`domain::indexing`, on disk in a temporary folder), made from it as `global-insight
//! reindex` makes it: the same whole answer — match, rank, count, load and highlight the
//! page — so the two compare as a ratio on one machine at one moment.

use std::time::{Duration, Instant};

use backend::corpus::Rng;
use backend::db::models::ArticleRow;
use backend::db::search::SearchOrder;
use backend::db::{self, DbConnection, articles::ArticleFilter};
use backend::domain::indexing::SearchIndex;
use backend::domain::search::{SearchRequest, Searching, search};
use backend::domain::{Clock, Desk};
use backend::search::Analyzer;
use backend::search::query::SearchQuery;
use shared::Block;

/// Words of the desk's copy: the seed, the test fixtures and affixed forms.
fn vocabulary() -> (Vec<String>, Vec<String>) {
    let mut indonesian: Vec<String> = Vec::new();
    for text in [
        include_str!("../../content/seed/seed-korut-rusia.txt"),
        include_str!("../fixtures/putin-moskow.txt"),
        include_str!("../fixtures/ekonomi-jakarta.txt"),
    ] {
        indonesian.extend(backend::search::words(text).map(|(_, w)| w.to_owned()));
    }
    let roots = include_str!("../../backend/data/sastrawi/kata-dasar.txt");
    for root in roots.lines().filter(|r| r.len() > 3).step_by(7) {
        indonesian.push(root.to_owned());
        indonesian.push(format!("me{root}kan"));
        indonesian.push(format!("pe{root}an"));
    }
    let english: Vec<String> =
        "Japan approved its largest defence budget on Sunday officials cited \
        regional tensions missile defence naval patrols the government said ministers met \
        allies trade security talks summit leaders agreed economy growth inflation markets"
            .split_whitespace()
            .map(str::to_owned)
            .collect();
    (indonesian, english)
}

fn sentence(rng: &mut Rng, words: &[String], n: usize) -> String {
    (0..n)
        .map(|_| rng.zipf(words))
        .collect::<Vec<_>>()
        .join(" ")
}

fn corpus_row(
    rng: &mut Rng,
    n: usize,
    section_id: &str,
    vocab: &(Vec<String>, Vec<String>),
    start: chrono::NaiveDateTime,
) -> ArticleRow {
    let english = n.is_multiple_of(10);
    let words = if english { &vocab.1 } else { &vocab.0 };
    let paragraphs: Vec<String> = (0..5).map(|_| sentence(rng, words, 60)).collect();
    let blocks: Vec<Block> = paragraphs
        .iter()
        .map(|p| Block::paragraph(p.clone()))
        .collect();
    let published = start + chrono::Duration::minutes(i64::try_from(n).unwrap_or_default() * 26);
    let mut row = ArticleRow::blank(published, None);
    row.slug = format!("artikel-{n}");
    row.language = if english { "en" } else { "id" }.to_owned();
    row.headline = sentence(rng, words, 8);
    row.section_id = section_id.to_owned();
    row.body = serde_json::to_string(&blocks).expect("blocks");
    row.body_html = paragraphs.iter().map(|p| format!("<p>{p}</p>")).collect();
    row.body_text = paragraphs.join("\n\n");
    row.word_count = 300;
    row.reading_time_minutes = 2;
    row.status = "published".to_owned();
    row.published_at = Some(published);
    row.first_published_at = Some(published);
    row
}

fn fill(conn: &mut DbConnection, articles: usize) -> f64 {
    let vocab = vocabulary();
    let now = chrono::Utc::now().naive_utc();
    let start = now - chrono::Duration::days(5 * 365);
    let section =
        db::taxonomy::ensure_section(conn, "internasional", "Internasional", now).expect("section");
    // Odd already: the same generator state as before it was shared.
    let mut rng = Rng::new(0x9e37_79b9_7f4a_7c15);
    let began = Instant::now();
    let mut n = 0;
    while n < articles {
        let batch = (articles - n).min(1_000);
        db::write_transaction(conn, |conn| -> diesel::QueryResult<()> {
            for i in n..n + batch {
                let row = corpus_row(&mut rng, i, &section.id, &vocab, start);
                db::articles::insert(conn, &row)?;
            }
            Ok(())
        })
        .expect("corpus written");
        n += batch;
    }
    articles as f64 / began.elapsed().as_secs_f64()
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i].as_secs_f64() * 1000.0
}

fn bench(name: &str, url: &str, articles: usize, runs: usize) {
    let pool = db::connect(url, 2, Duration::from_secs(30)).expect("database");
    let mut conn = pool.get().expect("connection");
    let rate = fill(&mut conn, articles);
    if let DbConnection::Postgresql(_) = &mut *conn {
        use diesel::RunQueryDsl as _;
        diesel::sql_query("VACUUM ANALYZE")
            .execute(&mut *conn)
            .expect("analyze");
    }
    println!("| {name} | indexing, with the article's write | {rate:.0} articles/s | | |");
    let desk = Desk {
        time_zone: backend::Settings::default().time_zone(),
        clock: Clock::System,
    };
    // The engine, made from the database as `global-insight reindex` makes it.
    let dir = tempfile::tempdir().expect("temporary folder");
    let index = SearchIndex::open(dir.path(), 2_000).expect("the engine");
    let began = Instant::now();
    index
        .rebuild(&mut conn, desk.now(), &mut |_, _| {})
        .expect("index made");
    let engine_rate = articles as f64 / began.elapsed().as_secs_f64();
    println!(
        "| {name} + Tantivy | indexing, made from the database | {engine_rate:.0} articles/s | | |"
    );
    let index = std::sync::Arc::new(index);
    let mut engine_rows = Vec::new();
    let queries: [(&str, &str, Option<&str>); 7] = [
        ("a common word", "kuat", None),
        ("an affixed form", "menguatkan", None),
        ("two words", "rusia pertahanan", None),
        ("a phrase", "\"kerja sama\"", None),
        ("OR and NOT", "(tokyo OR moskow) -ukraina", None),
        ("a rare word", "zusammen OR kemaslahatan", None),
        ("English, lang=en", "defence budgets", Some("en")),
    ];
    for (label, q, lang) in queries {
        let analyzers: Vec<Analyzer> = match lang {
            Some(l) => vec![Analyzer::for_language(l)],
            None => Analyzer::ALL.to_vec(),
        };
        let query = SearchQuery::parse(q, &analyzers)
            .expect("query")
            .expect("something to look for");
        let filter = ArticleFilter {
            language: lang.map(str::to_owned),
            ..ArticleFilter::all_public(desk.now())
        };
        let request = SearchRequest {
            query: &query,
            filter: &filter,
            order: SearchOrder::Relevance,
            per_page: 20,
            offset: 0,
            fields: &Default::default(),
            facets: &Default::default(),
        };
        for (engine, rows) in [(false, None), (true, Some(&mut engine_rows))] {
            let searching = Searching {
                recency_days: 30,
                index: engine.then(|| index.clone()),
            };
            let mut total = 0;
            for _ in 0..3 {
                total = search(&mut conn, desk, &searching, &request)
                    .expect("search")
                    .total;
            }
            let mut times = Vec::with_capacity(runs);
            for _ in 0..runs {
                let began = Instant::now();
                search(&mut conn, desk, &searching, &request).expect("search");
                times.push(began.elapsed());
            }
            times.sort();
            let line = format!(
                "| {name}{} | {label}: `{q}` | {total} matches | {:.2} | {:.2} |",
                if engine { " + Tantivy" } else { "" },
                percentile(&times, 0.5),
                percentile(&times, 0.99)
            );
            match rows {
                Some(rows) => rows.push(line),
                None => println!("{line}"),
            }
        }
    }
    for row in engine_rows {
        println!("{row}");
    }
}

fn main() {
    let articles: usize = std::env::var("SEARCH_BENCH_ARTICLES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let runs: usize = std::env::var("SEARCH_BENCH_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(40);
    println!(
        "{articles} articles of ~300 words; each query {runs} times after 3 warm-ups, one connection, in process (no HTTP): match, rank, count, load the page of 20 and highlight it."
    );
    println!();
    println!("| database | query | matches | p50 ms | p99 ms |");
    println!("|---|---|---|---|---|");
    let dir = tempfile::tempdir().expect("temporary folder");
    bench(
        "SQLite",
        &format!("sqlite://{}", dir.path().join("search.db").display()),
        articles,
        runs,
    );
    if std::env::var_os("SEARCH_BENCH_SQLITE_ONLY").is_none() {
        bench(
            "PostgreSQL",
            &tests::postgres::fresh_database(),
            articles,
            runs,
        );
    }
}
