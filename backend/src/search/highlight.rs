//! Highlights: the words of a text whose terms the query looks for, wrapped in
//! `<mark>`, the rest HTML-escaped. Done here rather than by the databases so that
//! SQLite and PostgreSQL give the same snippets, and the marks fall on the words as
//! written (`menguatkan`), not on their stems.

use std::collections::{BTreeSet, HashMap};

use super::Analyzer;

/// Words either side of the best passage.
pub const SNIPPET_WORDS: usize = 30;

/// Marks the words of a page of texts: each distinct word of each language analysed
/// once for the whole page (articles share most of their words).
#[derive(Debug)]
pub struct Highlighter<'a> {
    terms: &'a BTreeSet<String>,
    /// What a word must hold, lowercased, to give any of the terms, where an analyzer's
    /// terms are the word's own letters but for the first (`holds_its_terms`): each
    /// term less its first letter. `None` when a term is one letter, so that every word
    /// is analysed. Most words of a page hold none, and are passed without analysis
    /// (half of a page's highlighting was analysing its distinct words).
    cores: Option<Vec<&'a str>>,
    /// By a quick hash (seeded per process): a page's words were most of its time with
    /// SipHash.
    seen: HashMap<(Analyzer, &'a str), bool, foldhash::fast::RandomState>,
    found: Vec<String>,
}

impl<'a> Highlighter<'a> {
    pub fn new(terms: &'a BTreeSet<String>) -> Self {
        let cores: Vec<&str> = terms
            .iter()
            .map(|term| {
                let mut rest = term.chars();
                rest.next();
                rest.as_str()
            })
            .collect();
        Self {
            terms,
            cores: cores.iter().all(|core| !core.is_empty()).then_some(cores),
            seen: HashMap::with_capacity_and_hasher(1024, foldhash::fast::RandomState::default()),
            found: Vec::new(),
        }
    }

    /// Whether a word's terms are among the query's.
    fn is_match(&mut self, analyzer: Analyzer, word: &'a str) -> bool {
        if !self.may_hold(analyzer, word) {
            return false;
        }
        if let Some(found) = self.seen.get(&(analyzer, word)) {
            return *found;
        }
        self.found.clear();
        analyzer.push_terms(word, &mut self.found);
        let hit = self.found.iter().any(|t| self.terms.contains(t));
        self.seen.insert((analyzer, word), hit);
        hit
    }

    /// Whether `word` can give one of the terms: by an analyzer whose terms are the
    /// word's own letters but for the first, only if it holds, lowercased, some term
    /// less its first letter.
    fn may_hold(&self, analyzer: Analyzer, word: &str) -> bool {
        let Some(cores) = self.cores.as_ref().filter(|_| analyzer.holds_its_terms()) else {
            return true;
        };
        if word.is_ascii() {
            let word = word.as_bytes();
            cores.iter().any(|core| {
                word.windows(core.len())
                    .any(|part| part.eq_ignore_ascii_case(core.as_bytes()))
            })
        } else {
            let lower = word.to_lowercase();
            cores.iter().any(|core| lower.contains(core))
        }
    }

    /// The whole of `text`, escaped, with the matching words marked.
    pub fn mark(&mut self, text: &'a str, analyzer: Analyzer) -> String {
        let words: Vec<(usize, usize)> = super::words(text)
            .filter(|(_, word)| self.is_match(analyzer, word))
            .map(|(start, word)| (start, start + word.len()))
            .collect();
        render(text, 0, text.len(), &words)
    }

    /// The passage of about `SNIPPET_WORDS` words with the most matches (the opening
    /// when nothing matches), escaped and marked, with `…` where text was cut.
    pub fn snippet(&mut self, text: &'a str, analyzer: Analyzer) -> String {
        let words: Vec<(usize, usize, bool)> = super::words(text)
            .map(|(start, word)| (start, start + word.len(), self.is_match(analyzer, word)))
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
            hits =
                hits + usize::from(words[start + window - 1].2) - usize::from(words[start - 1].2);
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
            Highlighter::new(&terms(&["kuat"]))
                .mark("Rusia <b> menguatkan & Penguatan", Analyzer::Indonesian),
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
        let kuat = terms(&["kuat"]);
        let s = Highlighter::new(&kuat).snippet(&text, Analyzer::Indonesian);
        assert!(s.starts_with('…') && s.ends_with('…'), "{s}");
        assert!(s.contains("<mark>menguatkan</mark>"), "{s}");
        let unmarked = s.replace("<mark>", "").replace("</mark>", "");
        assert_eq!(super::super::words(&unmarked).count(), SNIPPET_WORDS, "{s}");
        let zzz = terms(&["zzz"]);
        let plain = Highlighter::new(&zzz).snippet("Satu dua tiga.", Analyzer::Indonesian);
        assert_eq!(plain, "Satu dua tiga.");
    }
}
