//! Navigation → the seed article's headline painted, in headless Chromium against the
//! real server on loopback (`bench/headline` runs it and records the result). Cold: a
//! fresh browser profile, nothing cached. Warm: the same URL again in that session
//! (the page and the app's files revalidated by ETag). App: a click on the front
//! page's lead story, the app rendering the article itself.
//!
//! The headline carries `elementtiming`, so Element Timing says when it was painted;
//! First and Largest Contentful Paint come from the same page, Cumulative Layout
//! Shift is every layout shift summed until the app has taken over (`gi:started`,
//! User Timing) and two frames after, and the API requests are counted (the page's
//! data comes in it: none). The page's own timing (its HTML's response, the style
//! sheet's) says what the paint waited for. Medians, and ratios within this run: the
//! machine is shared.

use serde_json::Value;
use tests::browser::Browser;
use tests::{Db, site_dir, spawn_app};

const SLUG: &str = "hubungan-antara-korea-utara-dan-rusia-menunjukkan-peningkatan-signifikan-dalam";
const RUNS: usize = 15;

/// Waits (observers, no polling) until the headline is painted and the app has taken
/// over, lets two frames pass, and returns the page's timings.
const TIMINGS: &str = "const done = arguments[0];
    let shift = 0;
    new PerformanceObserver(list => {
        for (const e of list.getEntries()) if (!e.hadRecentInput) shift += e.value;
    }).observe({ type: 'layout-shift', buffered: true });
    let lcp = null;
    new PerformanceObserver(list => {
        const entries = list.getEntries();
        lcp = entries[entries.length - 1].startTime;
    }).observe({ type: 'largest-contentful-paint', buffered: true });
    let headline = null;
    let reported = false;
    const started = () => performance.getEntriesByName('gi:started')[0];
    const report = () => {
        if (reported || !headline || !started()) return;
        reported = true;
        requestAnimationFrame(() => requestAnimationFrame(() => {
            const fcp = performance.getEntriesByName('first-contentful-paint')[0];
            const resources = performance.getEntriesByType('resource');
            const ended = (suffix) => {
                const r = resources.find(r => r.name.endsWith(suffix));
                return r ? r.responseEnd : null;
            };
            const wasm = resources.find(r => r.name.endsWith('_bg.wasm'));
            done({
                headline: headline.renderTime || headline.loadTime,
                started: started().startTime,
                fcp: fcp ? fcp.startTime : null,
                lcp,
                cls: shift,
                // The browser's own (most read, the view) come after the page by design.
                api: resources.filter(r => r.name.includes('/api/v1/') && !/\\/most-read|\\/views$/.test(r.name)).length,
                html: performance.getEntriesByType('navigation')[0].responseEnd,
                css: ended('.css'),
                wasm: wasm ? wasm.duration : null,
            });
        }));
    };
    // Element Timing's entries reach observers only (buffered), not the timeline.
    new PerformanceObserver(list => {
        headline = headline || list.getEntries().find(e => e.identifier === 'gi:headline');
        report();
    }).observe({ type: 'element', buffered: true });
    new PerformanceObserver(report).observe({ type: 'mark', buffered: true });
    report();";

/// When the headline was painted, on a page that runs no script of its own.
const PAINTED: &str = "const done = arguments[0];
    new PerformanceObserver(list => {
        const e = list.getEntries().find(e => e.identifier === 'gi:headline');
        if (e) done(e.renderTime || e.loadTime);
    }).observe({ type: 'element', buffered: true });";

/// Clicks the lead story on the front page the app has taken over, and returns the
/// time from the click until the article's headline was painted.
const APP_NAVIGATION: &str = "const done = arguments[0];
    const lead = () => document.querySelector('.card-lead .card-headline a');
    const go = () => {
        const clicked = performance.now();
        new PerformanceObserver((list, observer) => {
            const e = list.getEntries().find(e => e.identifier === 'gi:headline');
            if (e) { observer.disconnect(); done((e.renderTime || e.loadTime) - clicked); }
        }).observe({ type: 'element' });
        lead().click();
    };
    if (lead()) { go(); } else {
        const waiting = new MutationObserver(() => { if (lead()) { waiting.disconnect(); go(); } });
        waiting.observe(document.documentElement, { childList: true, subtree: true });
    }";

#[derive(Debug, Default)]
struct Samples {
    headline: Vec<f64>,
    started: Vec<f64>,
    fcp: Vec<f64>,
    lcp: Vec<f64>,
    cls: Vec<f64>,
    api: Vec<f64>,
    html: Vec<f64>,
    css: Vec<f64>,
    wasm: Vec<f64>,
}

impl Samples {
    fn add(&mut self, timings: &Value) {
        let get = |key: &str| timings[key].as_f64();
        self.headline
            .push(get("headline").expect("the headline's paint"));
        self.started.extend(get("started"));
        self.fcp.extend(get("fcp"));
        self.lcp.extend(get("lcp"));
        self.cls.extend(get("cls"));
        self.api.extend(get("api"));
        self.html.extend(get("html"));
        self.css.extend(get("css"));
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

async fn timings(browser: &Browser) -> Value {
    browser
        .client
        .execute_async(TIMINGS, Vec::new())
        .await
        .expect("timings")
}

fn data_url(html: &str) -> String {
    use base64::Engine as _;
    format!(
        "data:text/html;charset=utf-8;base64,{}",
        base64::engine::general_purpose::STANDARD.encode(html)
    )
}

/// The page without its style sheet and scripts (the start's data stays: it is part of
/// what the browser parses).
fn without_resources(page: &str) -> String {
    page.lines()
        .filter(|line| {
            !line.contains("rel=\"stylesheet\"")
                && !line.contains("rel=\"preload\"")
                && !line.contains("boot.js")
        })
        .collect::<Vec<_>>()
        .join("\n")
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
    let (mut in_app, mut floor, mut floor_page) = (Vec::new(), Vec::new(), Vec::new());
    // What bounds a cold paint here: the browser's own first layout and paint, of a
    // page with one heading, and of this article's HTML alone (no style sheet, no
    // script, no network: `data:` URLs).
    let one_heading = data_url(
        "<!doctype html><html><head><meta charset=\"utf-8\"><title>x</title></head>\
        <body><h1 elementtiming=\"gi:headline\">Hubungan antara Korea Utara dan Rusia</h1></body></html>",
    );
    let page = app
        .get(&format!("/artikel/{SLUG}"))
        .await
        .text()
        .await
        .expect("the page");
    let page_alone = data_url(&without_resources(&page));
    for _ in 0..RUNS {
        let browser = Browser::start().await;
        browser.goto(&url).await;
        cold.add(&timings(&browser).await);
        browser.goto(&app.url("/")).await;
        browser.goto(&url).await;
        warm.add(&timings(&browser).await);
        browser.goto(&app.url("/")).await;
        browser.wait_for_app().await;
        let took = browser
            .client
            .execute_async(APP_NAVIGATION, Vec::new())
            .await
            .expect("the app's navigation");
        in_app.push(took.as_f64().expect("a time"));
        browser.close().await;
        for (url, into) in [(&one_heading, &mut floor), (&page_alone, &mut floor_page)] {
            let browser = Browser::start().await;
            browser.goto(url).await;
            let painted = browser.client.execute_async(PAINTED, Vec::new()).await;
            into.push(painted.expect("painted").as_f64().expect("a time"));
            browser.close().await;
        }
    }
    let line = |name: &str, s: &Samples| {
        let (min, max) = spread(&s.headline);
        format!(
            "| {name} | {:.0} | {min:.0}–{max:.0} | {:.0} | {:.0} | {:.0} | {:.4} | {:.0} | {:.0} | {:.0} | {:.0} |",
            median(&s.headline),
            median(&s.fcp),
            median(&s.lcp),
            median(&s.started),
            s.cls.iter().copied().fold(0.0, f64::max),
            s.api.iter().sum::<f64>(),
            median(&s.html),
            median(&s.css),
            median(&s.wasm),
        )
    };
    println!(
        "| load | headline painted ms (median) | min–max | FCP ms | LCP ms | app took over ms | CLS (max of runs) | API requests (all runs) | HTML received ms | CSS received ms | wasm fetch ms |"
    );
    println!("|---|---|---|---|---|---|---|---|---|---|---|");
    println!("{}", line("cold (fresh profile)", &cold));
    println!("{}", line("warm (same session)", &warm));
    let (min, max) = spread(&in_app);
    println!(
        "| app navigation (click on the front page) | {:.0} | {min:.0}–{max:.0} | | | | | | | | |",
        median(&in_app)
    );
    for (name, values) in [
        ("floor: one heading, cold (`data:` URL)", &floor),
        (
            "floor: this page's HTML alone, cold (`data:` URL, no style or script)",
            &floor_page,
        ),
    ] {
        let (min, max) = spread(values);
        println!(
            "| {name} | {:.0} | {min:.0}–{max:.0} | | | | | | | | |",
            median(values)
        );
    }
    println!();
    println!(
        "{RUNS} runs each. Warm/cold headline ratio: {:.2}. Cold: headline painted {:.0} ms after the style sheet arrived, {:.0} ms before the app took over (medians).",
        median(&warm.headline) / median(&cold.headline),
        median(&cold.headline) - median(&cold.css),
        median(&cold.started) - median(&cold.headline),
    );
}
