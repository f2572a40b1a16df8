//! Renditions of a camera-sized photo (`bench/renditions` runs it and records the
//! result): the time to check an upload (`domain::media::inspect`, on the request path)
//! and to make all its renditions (`domain::renditions::render`, the worker's job), and
//! the peak memory the job adds; then the resident memory over 200 renders of a
//! smaller photo, which should stay flat.
//!
//! The photo is generated: a 6000×4000 (24 MP) JPEG of gradients and noise, quality 90.

use std::time::{Duration, Instant};

use backend::config::Settings;
use backend::domain::media::inspect;
use backend::domain::renditions::render;
use tests::photo;

/// A field of /proc/self/status, in kB.
fn status_kb(field: &str) -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .unwrap_or_default()
        .lines()
        .find_map(|line| line.strip_prefix(field))
        .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or_default()
}

/// Starts a new peak (VmHWM) from the current resident size.
fn reset_peak() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort_unstable();
    times[times.len() / 2]
}

fn main() {
    let limits = Settings::default().media;
    let big = photo(6000, 4000, 7);
    println!("| measure | value |");
    println!("|---|---|");
    println!(
        "| the photo | 6000×4000 JPEG, {:.1} MB |",
        big.len() as f64 / 1e6
    );

    let mut checks = Vec::new();
    let mut renders = Vec::new();
    let mut peaks = Vec::new();
    let mut made = 0;
    for _ in 0..3 {
        let started = Instant::now();
        inspect(&big, &limits).expect("a good photo");
        checks.push(started.elapsed());
        reset_peak();
        let before = status_kb("VmRSS:");
        let started = Instant::now();
        let renditions = render(&big, (0.5, 0.4)).expect("renders");
        renders.push(started.elapsed());
        peaks.push(status_kb("VmHWM:").saturating_sub(before));
        made = renditions.len();
    }
    println!(
        "| upload check (inspect: sniff, limits, decode whole), median of 3 | {} ms |",
        median(checks).as_millis()
    );
    println!(
        "| all {made} renditions (render), median of 3 | {} ms |",
        median(renders).as_millis()
    );
    println!(
        "| peak memory added while rendering, largest of 3 | {} MB |",
        peaks.iter().max().copied().unwrap_or_default() / 1024
    );

    let small = photo(1600, 1200, 11);
    let mut samples = Vec::new();
    for round in 1..=200 {
        render(&small, (0.5, 0.5)).expect("renders");
        if round % 50 == 0 {
            samples.push(format!("{} MB", status_kb("VmRSS:") / 1024));
        }
    }
    println!(
        "| resident memory after 50, 100, 150, 200 renders of a 1600×1200 photo | {} |",
        samples.join(", ")
    );
}
