//! Highlights: the words of a text whose terms the query looks for, wrapped in
//! `<mark>`, the rest HTML-escaped. Done here, from the article as the database now
//! holds it, so that the marks fall on the words as written (`menguatkan`), not on
//! their stems.

use std::collections::{BTreeSet, HashMap};

use memchr::memmem::Finder;

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
    /// term less its first letter, as its finder. `None` when a term is one letter, so
    /// that every word is analysed. Most words of a page hold none, and are
    /// passed without analysis (half of a page's highlighting was analysing its
    /// distinct words); a search of the text for each finds the few that do (a search
    /// of each word for them was most of the rest).
    cores: Option<Vec<Finder<'a>>>,
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
            cores: cores
                .iter()
                .all(|core| !core.is_empty())
                .then(|| cores.into_iter().map(Finder::new).collect()),
            seen: HashMap::with_capacity_and_hasher(1024, foldhash::fast::RandomState::default()),
            found: Vec::new(),
        }
    }

    /// Whether a word's terms are among the query's.
    fn is_match(&mut self, analyzer: Analyzer, word: &'a str) -> bool {
        if let Some(found) = self.seen.get(&(analyzer, word)) {
            return *found;
        }
        self.found.clear();
        analyzer.push_terms(word, &mut self.found);
        let hit = self.found.iter().any(|t| self.terms.contains(t));
        self.seen.insert((analyzer, word), hit);
        hit
    }

    /// Each word of `text` — its start, its end — and whether it matches.
    fn words(&mut self, text: &'a str, analyzer: Analyzer) -> Vec<(usize, usize, bool)> {
        let cores = match self.cores.take() {
            Some(cores) if analyzer.holds_its_terms() => cores,
            cores => {
                self.cores = cores;
                return super::words(text)
                    .map(|(start, word)| (start, start + word.len(), self.is_match(analyzer, word)))
                    .collect();
            }
        };
        // Where a core occurs, ASCII case aside: an ASCII word can give a term only if
        // one lies within it (an ASCII byte is never part of another character).
        let lower = text.to_ascii_lowercase();
        let mut within: Vec<(usize, usize)> = cores
            .iter()
            .flat_map(|core| {
                core.find_iter(lower.as_bytes())
                    .map(|from| (from, from + core.needle().len()))
            })
            .collect();
        within.sort_unstable();
        let mut next = 0;
        let words = super::words(text)
            .map(|(start, word)| {
                let end = start + word.len();
                while within.get(next).is_some_and(|(from, _)| *from < start) {
                    next += 1;
                }
                let holds = if word.is_ascii() {
                    within[next..]
                        .iter()
                        .take_while(|(from, _)| *from < end)
                        .any(|(_, to)| *to <= end)
                } else {
                    // Lowercasing may make ASCII of other letters (the Kelvin sign).
                    let lower = word.to_lowercase();
                    cores
                        .iter()
                        .any(|core| core.find(lower.as_bytes()).is_some())
                };
                (start, end, holds && self.is_match(analyzer, word))
            })
            .collect();
        self.cores = Some(cores);
        words
    }

    /// The whole of `text`, escaped, with the matching words marked.
    pub fn mark(&mut self, text: &'a str, analyzer: Analyzer) -> String {
        let words: Vec<(usize, usize)> = self
            .words(text, analyzer)
            .into_iter()
            .filter(|word| word.2)
            .map(|(start, end, _)| (start, end))
            .collect();
        render(text, 0, text.len(), &words)
    }

    /// The passage of about `SNIPPET_WORDS` words with the most matches (the opening
    /// when nothing matches), escaped and marked, with `…` where text was cut.
    pub fn snippet(&mut self, text: &'a str, analyzer: Analyzer) -> String {
        let words = self.words(text, analyzer);
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

    /// Where the text is not all ASCII (quotes, dashes, accented names) each word is
    /// still found by its letters, case aside, as its terms would be; a word that
    /// lowercases to the term from other letters (`MAKAN` with the Kelvin sign) too.
    #[test]
    fn marks_words_among_other_characters_and_by_unicode_case() {
        let kuat = terms(&["kuat", "rusia", "makan"]);
        assert_eq!(
            Highlighter::new(&kuat).mark(
                "\u{201c}MENGUATKAN\u{201d} \u{2014} Ru\u{301}sia, Rusia dan MA\u{212a}AN",
                Analyzer::Indonesian
            ),
            "\u{201c}<mark>MENGUATKAN</mark>\u{201d} \u{2014} Ru\u{301}sia, <mark>Rusia</mark> \
             dan <mark>MA\u{212a}AN</mark>"
        );
        // A term of one letter: every word analysed.
        let a = terms(&["a", "kuat"]);
        assert_eq!(
            Highlighter::new(&a).mark("a menguatkan b", Analyzer::Indonesian),
            "<mark>a</mark> <mark>menguatkan</mark> b"
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
