//! The Indonesian stemmer against the original: Python Sastrawi 1.0.1 (PyPI) stems the
//! same words, and every stem must be equal.

use backend::search::indonesian::stem_word;

const PREFIXES: &[&str] = &[
    "", "me", "mem", "men", "meng", "meny", "pe", "pem", "pen", "peng", "peny", "ber", "be", "ter",
    "te", "di", "ke", "se", "per", "memper", "diper", "ku", "kau",
];
const SUFFIXES: &[&str] = &["", "kan", "an", "i", "nya", "lah", "kah", "pun", "ku", "mu"];

/// Words of the desk's copy, and affixed forms of every 150th root word.
fn words() -> Vec<String> {
    let mut words: Vec<String> = Vec::new();
    for text in [
        include_str!("../../../content/seed/seed-korut-rusia.txt"),
        crate::fixtures::PUTIN_MOSKOW,
        crate::fixtures::EKONOMI_JAKARTA,
    ] {
        words.extend(
            backend::search::words(text)
                .map(|(_, w)| w.to_lowercase())
                .filter(|w| {
                    w.bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
                }),
        );
    }
    let roots = include_str!("../../../backend/data/sastrawi/kata-dasar.txt");
    for root in roots.lines().filter(|r| !r.trim().is_empty()).step_by(150) {
        if !root.bytes().all(|b| b.is_ascii_lowercase()) {
            continue;
        }
        for prefix in PREFIXES {
            for suffix in SUFFIXES {
                words.push(format!("{prefix}{root}{suffix}"));
            }
        }
        words.push(format!("{root}-{root}"));
        words.push(format!("ber{root}-{root}an"));
        words.push(format!("{root}-{root}nya"));
    }
    words.sort();
    words.dedup();
    words
}

const SASTRAWI: &str = r#"
import json, sys
from Sastrawi.Stemmer.StemmerFactory import StemmerFactory
stemmer = StemmerFactory().create_stemmer().delegatedStemmer
# The dictionary is a Python list (a linear scan per lookup); a set answers the same.
stemmer.dictionary.words = set(stemmer.dictionary.words)
words = json.load(sys.stdin)
print(json.dumps([stemmer.stem_word(w) for w in words]))
"#;

#[test]
fn stemmer_agrees_with_python_sastrawi() {
    let words = words();
    assert!(words.len() > 20_000, "{} words", words.len());
    let expected = tests::python(SASTRAWI, &serde_json::to_vec(&words).expect("json"));
    let expected: Vec<String> = serde_json::from_value(expected).expect("a list of stems");
    let differences: Vec<String> = words
        .iter()
        .zip(&expected)
        .filter_map(|(word, python)| {
            let ours = stem_word(word);
            (ours != *python).then(|| format!("{word}: Sastrawi {python}, ours {ours}"))
        })
        .collect();
    assert!(
        differences.is_empty(),
        "{} of {} words differ, e.g.:\n{}",
        differences.len(),
        words.len(),
        differences[..differences.len().min(30)].join("\n")
    );
}

/// Each term of a word, but for its first letter, is the word's own letters in a row
/// (`Analyzer::holds_its_terms`), so that the highlighter may pass a word holding no term
/// so without analysing it: every word of the desk's copy and every affixed form above,
/// also with a root's first letter taken by a nasal prefix (`memukul`) and capitalised,
/// is marked by a highlighter looking for any one of its own terms.
#[test]
fn every_term_is_its_words_own_letters() {
    use backend::search::Analyzer;
    use backend::search::highlight::Highlighter;
    let mut words = words();
    let roots = include_str!("../../../backend/data/sastrawi/kata-dasar.txt");
    for root in roots.lines().filter(|r| !r.trim().is_empty()).step_by(37) {
        if let Some(rest) = root.strip_prefix(['p', 't', 'k', 's']) {
            for prefix in ["mem", "men", "meng", "meny", "pem", "pen", "peng", "peny"] {
                for suffix in ["", "kan", "an", "i", "nya"] {
                    words.push(format!("{prefix}{rest}{suffix}"));
                }
            }
        }
    }
    let capitalised: Vec<String> = words
        .iter()
        .step_by(7)
        .map(|w| {
            let mut letters = w.chars();
            letters
                .next()
                .map(|first| first.to_uppercase().chain(letters).collect())
                .unwrap_or_default()
        })
        .collect();
    words.extend(capitalised);
    words.extend(["Perdana", "ÉLYSÉE", "Pemilu-Ülkesi", "İstanbul"].map(String::from));
    let mut checked = 0;
    for analyzer in [Analyzer::Indonesian, Analyzer::Simple] {
        assert!(analyzer.holds_its_terms());
        for word in &words {
            let mut terms = Vec::new();
            analyzer.push_terms(word, &mut terms);
            for term in terms {
                let wanted = std::collections::BTreeSet::from([term.clone()]);
                let marked = Highlighter::new(&wanted).mark(word, analyzer);
                assert!(
                    marked.contains("<mark>"),
                    "{analyzer:?} {word} gives {term}, but is not marked for it: {marked}"
                );
                checked += 1;
            }
        }
    }
    assert!(checked > 40_000, "{checked} terms");
    assert!(!Analyzer::English.holds_its_terms(), "dying → die");
}
