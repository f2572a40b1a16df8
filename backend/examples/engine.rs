//! The search engine alone, on an index `global-insight reindex` made: each query
//! ranked by relevance (a page of 20, as the search API's first) `RUNS` times in this
//! process, and its p50 and p90 printed. With a folder as the second argument, each
//! query's pages (20 from 0, 20 from 40, 300 from 0, 20 from 9,980) are written
//! there as `id score` lines, so that two builds' answers can be compared with
//! `diff -r`. Run by `bench/engine`.
//!
//! Usage: engine INDEX_DIR [PAGES_DIR] -- QUERY...

use backend::search::Analyzer;
use backend::search::engine::{Engine, Filter, Ranking};
use backend::search::query::SearchQuery;

const RUNS: usize = 100;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let split = args
        .iter()
        .position(|a| a == "--")
        .ok_or("usage: engine INDEX_DIR [PAGES_DIR] -- QUERY...")?;
    let (dirs, queries) = (&args[..split], &args[split + 1..]);
    let index = dirs.first().ok_or("no index folder")?;
    let pages = dirs.get(1);
    let engine = Engine::open(std::path::Path::new(index))?;
    // A fixed now, so that two builds' pages are comparable on any day.
    let now = chrono::NaiveDate::from_ymd_opt(2026, 12, 1)
        .and_then(|d| d.and_hms_opt(12, 0, 0))
        .ok_or("now")?;
    let ranking = Ranking::Relevance {
        now,
        half_life_days: 30.0,
    };
    println!("| query | total | p50 ms | p90 ms |");
    println!("|---|---:|---:|---:|");
    for q in queries {
        let Some(parsed) = SearchQuery::parse(q, &Analyzer::ALL).map_err(|e| e.0)? else {
            continue;
        };
        let filter = Filter::default();
        let mut times = Vec::with_capacity(RUNS);
        let mut total = String::new();
        for _ in 0..RUNS {
            let started = std::time::Instant::now();
            let hits = engine.search(&parsed, &filter, ranking, 20, 0, &[])?;
            times.push(started.elapsed().as_secs_f64() * 1000.0);
            total = format!(
                "{}{}",
                if hits.total.exact { "" } else { "≥ " },
                hits.total.count
            );
        }
        times.sort_by(f64::total_cmp);
        println!(
            "| `{q}` | {total} | {:.2} | {:.2} |",
            times[RUNS / 2],
            times[RUNS * 9 / 10]
        );
        if let Some(pages) = pages {
            for (limit, offset) in [(20, 0), (20, 40), (300, 0), (20, 9_980)] {
                let hits = engine.search(&parsed, &filter, ranking, limit, offset, &[])?;
                let lines: String = hits
                    .hits
                    .iter()
                    .map(|(id, score)| format!("{id} {score:.9}\n"))
                    .collect();
                let name: String = q
                    .chars()
                    .map(|c| if c.is_alphanumeric() { c } else { '_' })
                    .collect();
                std::fs::write(format!("{pages}/{name}-{limit}-{offset}"), lines)?;
            }
        }
    }
    Ok(())
}
