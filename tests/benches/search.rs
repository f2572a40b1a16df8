//! Search latency on a large corpus (`bench/search` runs it and records the result).
//!
//! Writes N articles (100,000 by default; `SEARCH_BENCH_ARTICLES`) of generated
//! Indonesian (and some English) copy over five years, in five sections, each naming
//! three of 300 entities, into a fresh SQLite database and a fresh PostgreSQL
//! database. `SEARCH_BENCH_DIR` keeps the SQLite database and its engine for the next
//! run (a million articles take a while to write).
//!
//! Then it times `domain::search::search` (the API's work without HTTP: match, rank,
//! count, load the page of 20, highlight) for a set of queries through the Tantivy
//! engine (`domain::indexing`, on disk) made from each database as `global-insight
//! reindex` makes it — by one client, with and without facets, and by 64 clients at
//! once, each on its own connection — so they compare as ratios on one machine at one
//! moment.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use backend::corpus::Rng;
use backend::db::entities::EntityRow;
use backend::db::models::ArticleRow;
use backend::db::{self, DbConnection, articles::ArticleFilter};
use backend::domain::indexing::SearchIndex;
use backend::domain::search::{SearchOrder, SearchRequest, Searching, search};
use backend::domain::{Clock, Desk};
use backend::search::Analyzer;
use backend::search::engine::COUNT_BOUND;
use backend::search::query::SearchQuery;
use shared::query::{Facet, FacetSet};
use shared::{Block, Total};

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

/// The corpus's sections and entities: articles spread over sections, each naming three
/// of the entities (Zipf, as some are named far more often).
const SECTIONS: [&str; 5] = backend::corpus::SECTIONS;
const ENTITIES: usize = 300;

struct Corpus {
    vocabulary: (Vec<String>, Vec<String>),
    sections: Vec<String>,
    /// Entity slugs, and their ids by slug.
    entities: Vec<String>,
    entity_ids: HashMap<String, String>,
    start: chrono::NaiveDateTime,
    /// Between one article's publication and the next: five years over the corpus.
    step: chrono::Duration,
}

fn corpus_row(rng: &mut Rng, n: usize, corpus: &Corpus) -> (ArticleRow, Vec<(String, i32)>) {
    let english = n.is_multiple_of(10);
    let words = if english {
        &corpus.vocabulary.1
    } else {
        &corpus.vocabulary.0
    };
    let paragraphs: Vec<String> = (0..5).map(|_| sentence(rng, words, 60)).collect();
    let blocks: Vec<Block> = paragraphs
        .iter()
        .map(|p| Block::paragraph(p.clone()))
        .collect();
    let published = corpus.start + corpus.step * i32::try_from(n).unwrap_or(i32::MAX);
    let mut row = ArticleRow::blank(published, None);
    row.slug = format!("artikel-{n}");
    row.language = if english { "en" } else { "id" }.to_owned();
    row.headline = sentence(rng, words, 8);
    row.section_id = corpus.sections[n % corpus.sections.len()].clone();
    row.body = serde_json::to_string(&blocks).expect("blocks");
    row.word_count = 300;
    row.reading_time_minutes = 2;
    row.status = "published".to_owned();
    row.published_at = Some(published);
    row.first_published_at = Some(published);
    let mut named: Vec<(String, i32)> = Vec::new();
    for _ in 0..3 {
        let id = &corpus.entity_ids[rng.zipf(&corpus.entities)];
        if !named.iter().any(|(e, _)| e == id) {
            named.push((id.clone(), 1));
        }
    }
    (row, named)
}

/// Writes the corpus unless `conn` holds it already (a kept database); the articles
/// written per second, or `None` when it was kept.
fn fill(conn: &mut DbConnection, articles: usize) -> Option<f64> {
    let now = chrono::Utc::now().naive_utc();
    let held = db::articles::count_published(conn, &ArticleFilter::all_public(now)).expect("count");
    if usize::try_from(held).is_ok_and(|held| held == articles) {
        return None;
    }
    assert_eq!(held, 0, "a kept database of another size: remove it");
    let five_years = chrono::Duration::days(5 * 365);
    let mut sections = Vec::new();
    for slug in SECTIONS {
        sections.push(
            db::taxonomy::ensure_section(conn, slug, slug, now)
                .expect("section")
                .id,
        );
    }
    let mut entity_ids = HashMap::new();
    let entities: Vec<String> = (0..ENTITIES).map(|k| format!("entitas-{k}")).collect();
    for slug in &entities {
        let id = uuid::Uuid::now_v7().to_string();
        db::entities::insert(
            conn,
            &EntityRow {
                id: id.clone(),
                slug: slug.clone(),
                name: slug.replace('-', " "),
                kind: "organisation".to_owned(),
                wikidata: None,
                aliases: "[]".to_owned(),
                origin: "newsroom".to_owned(),
                created_at: now,
                updated_at: now,
            },
        )
        .expect("entity");
        entity_ids.insert(slug.clone(), id);
    }
    // The mention rows hold the entities' numbers.
    let ids: Vec<String> = entity_ids.values().cloned().collect();
    let entity_seqs = db::entities::seqs_of(conn, &ids).expect("entity numbers");
    let corpus = Corpus {
        vocabulary: vocabulary(),
        sections,
        entities,
        entity_ids,
        start: now - five_years,
        step: five_years / i32::try_from(articles.max(1)).unwrap_or(i32::MAX),
    };
    // Odd already: the same generator state as before it was shared.
    let mut rng = Rng::new(0x9e37_79b9_7f4a_7c15);
    let began = Instant::now();
    let mut n = 0;
    while n < articles {
        let batch = (articles - n).min(1_000);
        db::write_transaction(conn, |conn| -> diesel::QueryResult<()> {
            let mut annotated = Vec::with_capacity(batch);
            for i in n..n + batch {
                let (row, named) = corpus_row(&mut rng, i, &corpus);
                db::articles::insert(conn, &row)?;
                annotated.push(db::entities::Annotations {
                    mentions: named.iter().map(|(id, n)| (entity_seqs[id], *n)).collect(),
                    article_id: row.id,
                    ..Default::default()
                });
            }
            db::entities::replace_annotations(conn, &annotated)
        })
        .expect("corpus written");
        n += batch;
        if n % 100_000 == 0 {
            eprintln!("{n} articles written");
        }
    }
    if let DbConnection::Postgresql(_) = conn {
        use diesel::RunQueryDsl as _;
        diesel::sql_query("VACUUM ANALYZE")
            .execute(conn)
            .expect("analyze");
    }
    Some(articles as f64 / began.elapsed().as_secs_f64())
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i].as_secs_f64() * 1000.0
}

struct Settings {
    articles: usize,
    /// Times each query is asked by one client.
    runs: usize,
    /// Clients asking at once, and how many times each asks.
    clients: usize,
    rounds: usize,
}

/// The answers' times (sorted) and the total (exact, or at least), asking `request`
/// `runs` times after 3 warm-ups.
fn timed(
    conn: &mut DbConnection,
    desk: Desk,
    searching: &Searching,
    request: &SearchRequest<'_>,
    runs: usize,
) -> (Vec<Duration>, Total) {
    let mut total = Total::default();
    for _ in 0..3.min(runs) {
        total = search(conn, desk, searching, request)
            .expect("search")
            .total;
    }
    let mut times = Vec::with_capacity(runs);
    for _ in 0..runs {
        let began = Instant::now();
        total = search(conn, desk, searching, request)
            .expect("search")
            .total;
        times.push(began.elapsed());
    }
    times.sort();
    (times, total)
}

/// The answers' times (sorted) with `clients` asking at once, each on its own
/// connection, `rounds` times each, and the answers per second.
fn timed_at_once(
    pool: &db::Pool,
    desk: Desk,
    searching: &Searching,
    request: &SearchRequest<'_>,
    settings: &Settings,
) -> (Vec<Duration>, f64) {
    let start = std::sync::Barrier::new(settings.clients);
    let began = Instant::now();
    let mut times: Vec<Duration> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..settings.clients)
            .map(|_| {
                let start = &start;
                scope.spawn(move || {
                    let mut conn = pool.get().expect("connection");
                    start.wait();
                    (0..settings.rounds)
                        .map(|_| {
                            let began = Instant::now();
                            search(&mut conn, desk, searching, request).expect("search");
                            began.elapsed()
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().expect("client"))
            .collect()
    });
    let rate = times.len() as f64 / began.elapsed().as_secs_f64();
    times.sort();
    (times, rate)
}

fn bench(name: &str, url: &str, index_dir: &Path, settings: &Settings) {
    let pool = db::connect(
        url,
        u32::try_from(settings.clients + 1).unwrap_or(u32::MAX),
        Duration::from_secs(30),
    )
    .expect("database");
    let mut conn = pool.get().expect("connection");
    match fill(&mut conn, settings.articles) {
        Some(rate) => {
            println!("- {name}: written, {rate:.0} articles/s");
        }
        None => println!("- {name}: the corpus kept from an earlier run"),
    }
    let desk = Desk {
        time_zone: backend::Settings::default().time_zone(),
        clock: Clock::System,
    };
    // The engine, made from the database as `global-insight reindex` makes it (or
    // resumed, when kept from an earlier run on this corpus).
    let index = SearchIndex::open(index_dir, 2_000).expect("the engine");
    let began = Instant::now();
    if !index.resume(&mut conn).expect("resume") {
        index
            .rebuild(
                &mut conn,
                desk.now(),
                &mut |_, _| {},
                backend::domain::indexing::Segments::Merged,
            )
            .expect("index made");
        let rate = settings.articles as f64 / began.elapsed().as_secs_f64();
        println!("- {name} + Tantivy: made from the database, {rate:.0} articles/s");
    }
    let index = std::sync::Arc::new(index);
    let queries: [(&str, &str, Option<&str>); 7] = [
        ("a common word", "kuat", None),
        ("an affixed form", "menguatkan", None),
        ("two words", "rusia pertahanan", None),
        ("a phrase", "\"kerja sama\"", None),
        ("OR and NOT", "(tokyo OR moskow) -ukraina", None),
        ("a rare word", "zusammen OR kemaslahatan", None),
        ("English, lang=en", "defence budgets", Some("en")),
    ];
    let all_facets = FacetSet::new(Facet::ALL.iter().copied());
    let mut engine_rows = Vec::new();
    // SEARCH_BENCH_ONLY=phrase: only the queries whose label has that word (profiling).
    let only = std::env::var("SEARCH_BENCH_ONLY").unwrap_or_default();
    for (label, q, lang) in queries
        .into_iter()
        .filter(|(label, ..)| label.contains(&only))
    {
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
        let mut request = SearchRequest {
            query: &query,
            filter: &filter,
            order: SearchOrder::Relevance,
            per_page: 20,
            offset: 0,
            fields: &Default::default(),
            facets: &Default::default(),
        };
        let engine = Searching {
            recency_days: 30,
            index: index.clone(),
        };
        let (one, counted) = timed(&mut conn, desk, &engine, &request, settings.runs);
        let (many, rate) = timed_at_once(&pool, desk, &engine, &request, settings);
        request.facets = &all_facets;
        // Facets count every match: the exact total.
        let (one_faceted, matches) = timed(&mut conn, desk, &engine, &request, settings.runs);
        let (many_faceted, _) = timed_at_once(&pool, desk, &engine, &request, settings);
        assert!(matches.exact, "{q}: counted with facets");
        assert!(
            counted == matches
                || (!counted.exact
                    && counted.count >= COUNT_BOUND as u64
                    && counted.count <= matches.count),
            "{q}: {counted:?} of {matches:?}"
        );
        let total = match counted.exact {
            true => "exact".to_owned(),
            false => format!("≥ {}", counted.count),
        };
        engine_rows.push(format!(
            "| {name} + Tantivy | {label}: `{q}` | {} | {total} | {:.2} | {:.2} | {:.2} | {:.2} | {:.2} | {rate:.0} | {:.2} |",
            matches.count,
            percentile(&one, 0.5),
            percentile(&one, 0.99),
            percentile(&one_faceted, 0.99),
            percentile(&many, 0.5),
            percentile(&many, 0.99),
            percentile(&many_faceted, 0.99),
        ));
    }
    println!();
    println!(
        "The engine: one client ({} times each), then {} clients at once ({} times each); \"facets\" adds `facets=section,lang,year,entity`:",
        settings.runs, settings.clients, settings.rounds
    );
    println!();
    println!(
        "| database | query | matches | total without facets | 1 client p50 ms | p99 ms | with facets p99 ms | {c} clients p50 ms | p99 ms | answers/s | with facets p99 ms |",
        c = settings.clients
    );
    println!("|---|---|---:|---|---:|---:|---:|---:|---:|---:|---:|");
    for row in engine_rows {
        println!("{row}");
    }
    println!();
}

fn setting(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn main() {
    let articles = setting("SEARCH_BENCH_ARTICLES", 100_000);
    let runs = setting("SEARCH_BENCH_RUNS", 40);
    let settings = Settings {
        articles,
        runs,
        clients: setting("SEARCH_BENCH_CLIENTS", 64),
        rounds: setting("SEARCH_BENCH_ROUNDS", 10),
    };
    println!(
        "{articles} articles of ~300 words over five years, in {} sections, each naming 3 of {ENTITIES} entities; in process (no HTTP), each answer whole: match, rank by relevance weighed by age, count, load the page of 20 and highlight it.",
        SECTIONS.len()
    );
    println!();
    // SEARCH_BENCH_DIR keeps the SQLite database and the indexes for the next run.
    let temporary = tempfile::tempdir().expect("temporary folder");
    let dir = std::env::var_os("SEARCH_BENCH_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| temporary.path().to_owned());
    std::fs::create_dir_all(&dir).expect("the bench's folder");
    bench(
        "SQLite",
        &format!(
            "sqlite://{}",
            dir.join(format!("search-{articles}.db")).display()
        ),
        &dir.join(format!("index-sqlite-{articles}")),
        &settings,
    );
    if std::env::var_os("SEARCH_BENCH_SQLITE_ONLY").is_none() {
        let postgres = tempfile::tempdir().expect("temporary folder");
        bench(
            "PostgreSQL",
            &tests::postgres::fresh_database().url,
            &postgres.path().join("index"),
            &settings,
        );
    }
}
