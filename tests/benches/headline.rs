//! Time from navigation to the seed article's headline in the page, in headless
//! Chromium against the real server on loopback (`bench/headline` runs it and
//! records the result). Cold: a fresh browser profile, nothing cached. Warm: the
//! same URL again in that session (the app's files revalidated by ETag).
//!
//! The app marks `gi:headline` (User Timing) once the article page has rendered
//! the headline; times are relative to the navigation's start. First Contentful
//! Paint and the article API request's duration are read from the same page.
//! Reported as medians, and as ratios within this run, since the machine is shared.

use serde_json::Value;
use tests::browser::Browser;
use tests::{Db, site_dir, spawn_app};

const SLUG: &str = "hubungan-antara-korea-utara-dan-rusia-menunjukkan-peningkatan-signifikan-dalam";
const RUNS: usize = 15;

/// Waits (a PerformanceObserver, no polling) for the mark and returns the page's timings.
const TIMINGS: &str = "const done = arguments[0];
    const report = () => {
        const mark = performance.getEntriesByName('gi:headline')[0];
        if (!mark) return false;
        const fcp = performance.getEntriesByName('first-contentful-paint')[0];
        const api = performance.getEntriesByType('resource')
            .find(r => r.name.includes('/api/v1/articles/'));
        const wasm = performance.getEntriesByType('resource')
            .find(r => r.name.endsWith('_bg.wasm'));
        done({
            headline: mark.startTime,
            fcp: fcp ? fcp.startTime : null,
            api: api ? api.duration : null,
            wasm: wasm ? wasm.duration : null,
        });
        return true;
    };
    if (!report()) {
        new PerformanceObserver((list, observer) => { if (report()) observer.disconnect(); })
            .observe({ type: 'mark', buffered: true });
    }";

#[derive(Debug, Default)]
struct Samples {
    headline: Vec<f64>,
    fcp: Vec<f64>,
    api: Vec<f64>,
    wasm: Vec<f64>,
}

impl Samples {
    fn add(&mut self, timings: &Value) {
        let get = |key: &str| timings[key].as_f64();
        self.headline
            .push(get("headline").expect("the headline mark"));
        self.fcp.extend(get("fcp"));
        self.api.extend(get("api"));
        self.wasm.extend(get("wasm"));
    }
}

fn median(values: &[f64]) -> f64 {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    match sorted.len() {
        0 => f64::NAN,
        n if n % 2 == 1 => sorted[n / 2],
        n => (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0,
    }
}

fn spread(values: &[f64]) -> (f64, f64) {
    let min = values.iter().copied().fold(f64::INFINITY, f64::min);
    let max = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    (min, max)
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    assert!(
        site_dir().join("index.html").exists(),
        "build the app first: scripts/build-frontend"
    );
    let app = spawn_app(Db::Sqlite).await;
    let url = app.url(&format!("/artikel/{SLUG}"));
    let (mut cold, mut warm) = (Samples::default(), Samples::default());
    for _ in 0..RUNS {
        let browser = Browser::start().await;
        browser.goto(&url).await;
        cold.add(
            &browser
                .client
                .execute_async(TIMINGS, Vec::new())
                .await
                .expect("timings"),
        );
        browser.goto(&app.url("/")).await;
        browser.goto(&url).await;
        warm.add(
            &browser
                .client
                .execute_async(TIMINGS, Vec::new())
                .await
                .expect("timings"),
        );
        browser.close().await;
    }
    let line = |name: &str, s: &Samples| {
        let (min, max) = spread(&s.headline);
        format!(
            "| {name} | {:.0} | {min:.0}–{max:.0} | {:.0} | {:.1} | {:.1} |",
            median(&s.headline),
            median(&s.fcp),
            median(&s.api),
            median(&s.wasm),
        )
    };
    println!("| load | headline ms (median) | min–max | FCP ms | article API ms | wasm fetch ms |");
    println!("|---|---|---|---|---|---|");
    println!("{}", line("cold (fresh profile)", &cold));
    println!("{}", line("warm (same session)", &warm));
    println!();
    println!(
        "{RUNS} runs each. Warm/cold headline ratio: {:.2}. Article API share of the cold headline time: {:.1} %.",
        median(&warm.headline) / median(&cold.headline),
        100.0 * median(&cold.api) / median(&cold.headline),
    );
}
