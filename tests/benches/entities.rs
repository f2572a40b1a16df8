//! Entity recognition measured on the hand-annotated evaluation set
//! (`bench/data/entities/`; `bench/entities` runs it and records the result).
//!
//! Each story's marks (`[[words|p]]`) are its gold mentions; the marks are removed, the
//! filed copy parsed as an import parses it, and `domain::entities::mentions` reads it
//! with the compiled-in gazetteer. A mention found counts as right when a gold mention
//! of the same story has the same words and kind (each gold mention matched once).
//! Reported per kind and per part of the set (dev: tuned on; held-out and held-out-2:
//! only scored, held-out-2 written after the last round of tuning):
//! what is published (names the gazetteer has), the suggestions (names it lacks, for
//! the newsroom) apart, and both together; recall on the names the gazetteer lacks; precision per
//! rule; and the time recognition takes per story.
//!
//! `ENTITIES_SHOW=dev` also prints the dev part's misses and false finds, `dev-all` its
//! right finds too (never the held-out part's: nobody tunes on it).

use std::collections::BTreeMap;
use std::path::Path;
use std::time::{Duration, Instant};

use backend::domain::entities::{ArticleWords, Gazetteer, Mention, mentions};
use backend::domain::filed_copy::parse_filed_copy;
use shared::EntityKind;

#[derive(Debug, Clone)]
struct Gold {
    words: String,
    kind: EntityKind,
}

fn kind_of(mark: &str) -> EntityKind {
    match mark {
        "p" => EntityKind::Person,
        "l" => EntityKind::Place,
        "o" => EntityKind::Organisation,
        other => panic!("unknown mark {other:?}"),
    }
}

/// The filed copy without marks, and the marks.
fn unmark(text: &str) -> (String, Vec<Gold>) {
    let mut plain = String::new();
    let mut gold = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find("[[") {
        plain.push_str(&rest[..open]);
        let after = &rest[open + 2..];
        let close = after.find("]]").expect("an unclosed mark");
        let (words, mark) = after[..close]
            .rsplit_once('|')
            .expect("a mark without its kind");
        plain.push_str(words);
        gold.push(Gold {
            words: words.to_owned(),
            kind: kind_of(mark),
        });
        rest = &after[close + 2..];
    }
    plain.push_str(rest);
    (plain, gold)
}

#[derive(Debug, Default, Clone, Copy)]
struct Count {
    right: usize,
    found: usize,
    gold: usize,
}

impl Count {
    fn precision(self) -> f64 {
        if self.found == 0 {
            1.0
        } else {
            self.right as f64 / self.found as f64
        }
    }
    fn recall(self) -> f64 {
        if self.gold == 0 {
            1.0
        } else {
            self.right as f64 / self.gold as f64
        }
    }
}

/// Matches found mentions to gold ones (same words and kind, each once): which found
/// ones are right.
fn score(found: &[&Mention], gold: &[Gold]) -> Vec<bool> {
    let mut used = vec![false; gold.len()];
    found
        .iter()
        .map(|m| {
            let hit = gold
                .iter()
                .enumerate()
                .position(|(i, g)| !used[i] && g.words == m.words && g.kind == m.kind);
            if let Some(i) = hit {
                used[i] = true;
            }
            hit.is_some()
        })
        .collect()
}

const KINDS: [EntityKind; 3] = [
    EntityKind::Person,
    EntityKind::Place,
    EntityKind::Organisation,
];

#[derive(Default)]
struct Tally {
    stories: usize,
    /// Per kind: published, suggested, both.
    published: BTreeMap<&'static str, Count>,
    suggested: BTreeMap<&'static str, Count>,
    both: BTreeMap<&'static str, Count>,
    /// Gold mentions of names the gazetteer lacks: (found among both, all).
    unseen: (usize, usize),
    rules: BTreeMap<&'static str, (usize, usize)>,
    micros: Vec<f64>,
}

/// What `Gazetteer::load` costs on a SQLite database: the first time (read and made),
/// and again while no entity changed (kept), in ms.
fn load_times() -> (f64, f64) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let url = format!("sqlite://{}", dir.path().join("entities.db").display());
    let pool = backend::db::connect(&url, 1, Duration::from_secs(30)).expect("database");
    let mut conn = pool.get().expect("a connection");
    backend::domain::entities::sync_gazetteer(&mut conn, chrono::Utc::now().naive_utc())
        .expect("the gazetteer synced");
    let started = Instant::now();
    Gazetteer::load(&mut conn).expect("made");
    let made = started.elapsed().as_secs_f64() * 1e3;
    let runs = 200;
    let started = Instant::now();
    for _ in 0..runs {
        std::hint::black_box(Gazetteer::load(&mut conn).expect("kept"));
    }
    (
        made,
        started.elapsed().as_secs_f64() * 1e3 / f64::from(runs),
    )
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../bench/data/entities");
    let started = Instant::now();
    let gazetteer = Gazetteer::compiled().expect("the compiled gazetteer");
    let built_ms = started.elapsed().as_secs_f64() * 1e3;
    let known_names: std::collections::HashSet<String> = gazetteer.names().collect();
    let show = std::env::var("ENTITIES_SHOW").ok();
    let mut tallies: Vec<(&str, Tally)> = Vec::new();
    for part in ["dev", "held-out", "held-out-2"] {
        let mut tally = Tally::default();
        // (`held-out-2` is there between a fresh set's writing and its reading.)
        let Ok(dir) = std::fs::read_dir(root.join(part)) else {
            continue;
        };
        let mut files: Vec<_> = dir.map(|e| e.expect("a file").path()).collect();
        files.sort();
        for file in files {
            let text = std::fs::read_to_string(&file).expect("a story");
            let (plain, gold) = unmark(&text);
            let copy =
                parse_filed_copy(&plain).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
            let dateline = copy.dateline.as_ref().map(|d| d.text.clone());
            let read = || {
                mentions(
                    &gazetteer,
                    ArticleWords {
                        headline: &copy.headline,
                        standfirst: None,
                        dateline: dateline.as_deref(),
                        body: &copy.body,
                    },
                )
            };
            let found = read();
            // `ENTITIES_SHOW=story:48`: one dev story as parsed, and what was found in it.
            if let Some(prefix) = show.as_deref().and_then(|s| s.strip_prefix("story:"))
                && part == "dev"
                && file
                    .file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with(prefix))
            {
                println!("headline: {}\ndateline: {dateline:?}", copy.headline);
                for m in &found {
                    println!(
                        "{:?}\t{}\t{}\t{}",
                        m.kind,
                        m.words,
                        m.known,
                        m.rule.as_str()
                    );
                }
            }
            let runs = 20;
            let started = Instant::now();
            for _ in 0..runs {
                std::hint::black_box(read());
            }
            tally
                .micros
                .push(started.elapsed().as_secs_f64() * 1e6 / f64::from(runs));
            tally.stories += 1;
            let published: Vec<&Mention> = found.iter().filter(|m| m.known).collect();
            let suggested: Vec<&Mention> = found.iter().filter(|m| !m.known).collect();
            let all: Vec<&Mention> = found.iter().collect();
            for (set, counts) in [
                (&published, &mut tally.published),
                (&suggested, &mut tally.suggested),
                (&all, &mut tally.both),
            ] {
                let right = score(set, &gold);
                for kind in KINDS {
                    let c = counts.entry(kind.as_str()).or_default();
                    c.gold += gold.iter().filter(|g| g.kind == kind).count();
                    for (m, ok) in set.iter().zip(&right) {
                        if m.kind == kind {
                            c.found += 1;
                            c.right += usize::from(*ok);
                        }
                    }
                }
            }
            let right = score(&all, &gold);
            for (m, ok) in all.iter().zip(&right) {
                let rule = if m.known {
                    "gazetteer"
                } else {
                    m.rule.as_str()
                };
                let r = tally.rules.entry(rule).or_default();
                r.0 += usize::from(*ok);
                r.1 += 1;
            }
            // Recall on names the gazetteer lacks.
            let mut used = vec![false; all.len()];
            for g in &gold {
                if known_names.contains(&g.words) {
                    continue;
                }
                tally.unseen.1 += 1;
                if let Some(i) = all
                    .iter()
                    .enumerate()
                    .position(|(i, m)| !used[i] && m.words == g.words && m.kind == g.kind)
                {
                    used[i] = true;
                    tally.unseen.0 += 1;
                }
            }
            if matches!(show.as_deref(), Some("dev" | "dev-all")) && part == "dev" {
                let name = file
                    .file_name()
                    .unwrap_or_default()
                    .to_string_lossy()
                    .into_owned();
                for (m, ok) in all.iter().zip(&right) {
                    if !ok || show.as_deref() == Some("dev-all") {
                        println!(
                            "{name}\t{}\t{:?}\t{}\t{}",
                            if *ok { "RIGHT" } else { "FALSE" },
                            m.kind,
                            m.words,
                            if m.known {
                                "gazetteer"
                            } else {
                                m.rule.as_str()
                            }
                        );
                    }
                }
                let mut used = vec![false; all.len()];
                for g in &gold {
                    match all
                        .iter()
                        .enumerate()
                        .position(|(i, m)| !used[i] && m.words == g.words && m.kind == g.kind)
                    {
                        Some(i) => used[i] = true,
                        None => println!("{name}\tMISSED\t{:?}\t{}", g.kind, g.words),
                    }
                }
            }
        }
        if tally.stories > 0 {
            tallies.push((part, tally));
        }
    }
    println!("| set | stories | what | kind | precision | recall | found | gold |");
    println!("|---|---:|---|---|---:|---:|---:|---:|");
    for (part, t) in &tallies {
        for (what, counts) in [
            ("published", &t.published),
            ("suggestions", &t.suggested),
            ("both", &t.both),
        ] {
            for kind in KINDS {
                let c = counts[kind.as_str()];
                let recall = if what == "suggestions" {
                    "—".to_owned()
                } else {
                    format!("{:.1} %", c.recall() * 100.0)
                };
                println!(
                    "| {part} | {} | {what} | {} | {:.1} % | {recall} | {} | {} |",
                    t.stories,
                    kind.as_str(),
                    c.precision() * 100.0,
                    c.found,
                    c.gold
                );
            }
        }
    }
    println!();
    let (made_ms, kept_ms) = load_times();
    println!(
        "The gazetteer ({} names) made in {built_ms:.1} ms; from a SQLite database: {made_ms:.1} ms the first time, {kept_ms:.3} ms while no entity changes (what each article written pays).",
        known_names.len()
    );
    println!();
    println!(
        "| set | names the gazetteer lacks: found / marked | per story (µs, mean) | rules: right / found |"
    );
    println!("|---|---|---:|---|");
    for (part, t) in &tallies {
        let mean = t.micros.iter().sum::<f64>() / t.micros.len() as f64;
        let rules: Vec<String> = t
            .rules
            .iter()
            .map(|(r, (ok, n))| format!("{r} {ok}/{n}"))
            .collect();
        println!(
            "| {part} | {} / {} ({:.1} %) | {mean:.0} | {} |",
            t.unseen.0,
            t.unseen.1,
            t.unseen.0 as f64 * 100.0 / t.unseen.1.max(1) as f64,
            rules.join(", ")
        );
    }
}
