//! Highlights: the words of a text whose terms the query looks for, wrapped in
//! `<mark>`, the rest HTML-escaped. Done here rather than by the databases so that
//! SQLite and PostgreSQL give the same snippets, and the marks fall on the words as
//! written (`menguatkan`), not on their stems.

use std::collections::{BTreeSet, HashMap};

use super::Analyzer;

/// Words either side of the best passage.
pub const SNIPPET_WORDS: usize = 30;

/// The whole of `text`, escaped, with the matching words marked.
pub fn mark(text: &str, analyzer: Analyzer, terms: &BTreeSet<String>) -> String {
    let mut matcher = Matcher::new(analyzer, terms);
    let words: Vec<(usize, usize)> = super::words(text)
        .filter(|(_, word)| matcher.is_match(word))
        .map(|(start, word)| (start, start + word.len()))
        .collect();
    render(text, 0, text.len(), &words)
}

/// The passage of about `SNIPPET_WORDS` words with the most matches (the opening when
/// nothing matches), escaped and marked, with `…` where text was cut.
pub fn snippet(text: &str, analyzer: Analyzer, terms: &BTreeSet<String>) -> String {
    let mut matcher = Matcher::new(analyzer, terms);
    let words: Vec<(usize, usize, bool)> = super::words(text)
        .map(|(start, word)| (start, start + word.len(), matcher.is_match(word)))
        .collect();
    if words.is_empty() {
        return String::new();
    }
    let window = SNIPPET_WORDS.min(words.len());
    let (mut best, mut best_hits) = (0, 0);
    let mut hits = words[..window].iter().filter(|w| w.2).count();
    if hits > best_hits {
        best_hits = hits;
    }
    for start in 1..=words.len() - window {
        hits = hits + usize::from(words[start + window - 1].2) - usize::from(words[start - 1].2);
        if hits > best_hits {
            (best, best_hits) = (start, hits);
        }
    }
    // Start a little before the first match, so it is read in context.
    if best_hits > 0 {
        let first = (best..best + window).find(|&i| words[i].2).unwrap_or(best);
        best = first.saturating_sub(5).min(words.len() - window);
    }
    let from = if best == 0 { 0 } else { words[best].0 };
    let last = best + window - 1;
    let to = if last == words.len() - 1 {
        text.len()
    } else {
        words[last].1
    };
    let marked: Vec<(usize, usize)> = words[best..=last]
        .iter()
        .filter(|w| w.2)
        .map(|w| (w.0, w.1))
        .collect();
    let mut out = String::new();
    if from > 0 {
        out.push('…');
    }
    out.push_str(render(text, from, to, &marked).trim());
    if to < text.len() {
        out.push('…');
    }
    out
}

/// Whether a word's terms are among the query's; each distinct word analyzed once.
struct Matcher<'a> {
    analyzer: Analyzer,
    terms: &'a BTreeSet<String>,
    seen: HashMap<&'a str, bool>,
}

impl<'a> Matcher<'a> {
    fn new(analyzer: Analyzer, terms: &'a BTreeSet<String>) -> Self {
        Self {
            analyzer,
            terms,
            seen: HashMap::new(),
        }
    }

    fn is_match(&mut self, word: &'a str) -> bool {
        if let Some(found) = self.seen.get(word) {
            return *found;
        }
        let mut found = Vec::new();
        self.analyzer.push_terms(word, &mut found);
        let hit = found.iter().any(|t| self.terms.contains(t));
        self.seen.insert(word, hit);
        hit
    }
}

fn render(text: &str, from: usize, to: usize, marked: &[(usize, usize)]) -> String {
    let mut out = String::with_capacity(to - from + marked.len() * 13);
    let mut at = from;
    for &(start, end) in marked.iter().filter(|(s, e)| *s >= from && *e <= to) {
        escape_into(&text[at..start], &mut out);
        out.push_str("<mark>");
        escape_into(&text[start..end], &mut out);
        out.push_str("</mark>");
        at = end;
    }
    escape_into(&text[at..to], &mut out);
    out
}

/// Escapes for HTML; runs of white space (line breaks between paragraphs) become one space.
fn escape_into(text: &str, out: &mut String) {
    for c in text.chars() {
        if c.is_whitespace() {
            if !out.ends_with(' ') {
                out.push(' ');
            }
            continue;
        }
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(list: &[&str]) -> BTreeSet<String> {
        list.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn marks_words_by_their_stems_and_escapes_the_rest() {
        assert_eq!(
            mark(
                "Rusia <b> menguatkan & Penguatan",
                Analyzer::Indonesian,
                &terms(&["kuat"])
            ),
            "Rusia &lt;b&gt; <mark>menguatkan</mark> &amp; <mark>Penguatan</mark>"
        );
    }

    #[test]
    fn snippet_is_the_passage_with_the_matches() {
        let text = format!(
            "{} Rusia menguatkan kerja sama. {}",
            "awal ".repeat(50),
            "akhir ".repeat(50)
        );
        let s = snippet(&text, Analyzer::Indonesian, &terms(&["kuat"]));
        assert!(s.starts_with('…') && s.ends_with('…'), "{s}");
        assert!(s.contains("<mark>menguatkan</mark>"), "{s}");
        let unmarked = s.replace("<mark>", "").replace("</mark>", "");
        assert_eq!(super::super::words(&unmarked).count(), SNIPPET_WORDS, "{s}");
        let plain = snippet("Satu dua tiga.", Analyzer::Indonesian, &terms(&["zzz"]));
        assert_eq!(plain, "Satu dua tiga.");
    }
}
