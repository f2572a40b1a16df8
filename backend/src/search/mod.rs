//! Text analysis for full-text search, the same for indexing, queries and highlights:
//! words are cut out of the text, lowercased, stop words dropped and the rest stemmed
//! by the article's language (Indonesian: Sastrawi; English: Snowball's Porter2; other
//! languages: lowercase only). The search engine only ever sees the terms, so a query
//! and the text it is looked for in meet as the same stems.

pub mod engine;
pub mod highlight;
pub mod indonesian;
pub mod query;
pub mod sum_union;

use std::cell::RefCell;
use std::collections::HashSet;
use std::sync::LazyLock;
use std::thread::LocalKey;

/// Bumped whenever what is derived from an article changes (search terms, entities,
/// quotes, subjects): the search engine's index of an older version is made again, and
/// articles derived by one are derived again, when the server starts
/// (`domain::indexing`, `domain::entities::refresh_stale`).
pub const ANALYZER_VERSION: i32 = 3;

/// A body contributes at most this many terms to the index (a few hundred pages).
const MAX_BODY_TERMS: usize = 50_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Analyzer {
    Indonesian,
    English,
    /// Lowercase words, no stemming, no stop words: any other language.
    Simple,
}

impl Analyzer {
    pub const ALL: [Self; 3] = [Self::Indonesian, Self::English, Self::Simple];

    /// The analyzer for a BCP 47 language tag, by its primary subtag.
    pub fn for_language(tag: &str) -> Self {
        let primary = tag.split('-').next().unwrap_or_default();
        if primary.eq_ignore_ascii_case("id") || primary.eq_ignore_ascii_case("in") {
            Self::Indonesian
        } else if primary.eq_ignore_ascii_case("en") {
            Self::English
        } else {
            Self::Simple
        }
    }

    /// Whether each term of a word, but for its first letter, is letters of the word
    /// lowercased, in a row: Sastrawi's stems are a part of the word, the first letter
    /// of a root recoded where a prefix took it (`menyapu` → `sapu`, `memukul` → `pukul`),
    /// and its infix and reduplication rules keep the same; the simple analyzer's terms
    /// are the word's parts. Not Porter2's (`dying` → `die`). The highlighter passes
    /// words that hold no term so (`Highlighter::may_hold`); the test
    /// `every_term_is_its_words_own_letters` holds the stemmer to it.
    pub fn holds_its_terms(self) -> bool {
        matches!(self, Self::Indonesian | Self::Simple)
    }

    /// The terms of `text`, in order.
    pub fn terms(self, text: &str) -> Vec<String> {
        let mut terms = Vec::new();
        for (_, word) in words(text) {
            self.push_terms(word, &mut terms);
        }
        terms
    }

    /// The terms of one word (as `words` cuts them): none for a stop word, several for
    /// a hyphenated compound that is not a reduplication.
    pub fn push_terms(self, word: &str, terms: &mut Vec<String>) {
        // Most words of a text are lowercase already: lowered only when they are not.
        let word: std::borrow::Cow<'_, str> = if word.chars().any(char::is_uppercase) {
            word.to_lowercase().into()
        } else {
            word.into()
        };
        match self {
            Self::Indonesian => {
                if !is_ascii_word(&word) {
                    terms.extend(word.split('-').filter(|p| !p.is_empty()).map(str::to_owned));
                    return;
                }
                if INDONESIAN_STOPS.contains(&*word) {
                    return;
                }
                let stem = stem_indonesian(&word);
                if stem.contains('-') {
                    // Not a reduplication (`Korea-Rusia`): each part on its own.
                    for part in stem.split('-').filter(|p| !p.is_empty()) {
                        if !INDONESIAN_STOPS.contains(part) {
                            terms.push(stem_indonesian(part));
                        }
                    }
                } else if !stem.is_empty() {
                    terms.push(stem);
                }
            }
            Self::English => {
                for part in word.split('-').filter(|p| !p.is_empty()) {
                    if !ENGLISH_STOPS.contains(part) {
                        terms.push(cached(&LOCAL_ENGLISH_STEMS, &ENGLISH_STEMS, part, |w| {
                            ENGLISH.stem(w).into_owned()
                        }));
                    }
                }
            }
            Self::Simple => {
                terms.extend(word.split('-').filter(|p| !p.is_empty()).map(str::to_owned));
            }
        }
    }
}

/// The words of `text` with their byte offsets: runs of letters and digits, joined by
/// single hyphens (`negara-negara`, `Korea-Rusia`).
pub fn words(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut rest = text.char_indices().peekable();
    std::iter::from_fn(move || {
        let start = loop {
            let (i, c) = rest.next()?;
            if c.is_alphanumeric() {
                break i;
            }
        };
        let mut end = text.len();
        while let Some(&(i, c)) = rest.peek() {
            if c.is_alphanumeric() {
                rest.next();
            } else if c == '-' {
                // A hyphen joins only when a letter or digit follows it.
                let after = text[i + 1..].chars().next();
                if after.is_some_and(char::is_alphanumeric) {
                    rest.next();
                } else {
                    end = i;
                    break;
                }
            } else {
                end = i;
                break;
            }
        }
        Some((start, &text[start..end]))
    })
}

fn is_ascii_word(word: &str) -> bool {
    word.bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

static ENGLISH: LazyLock<rust_stemmers::Stemmer> =
    LazyLock::new(|| rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::English));

/// Stems are cached: a newsroom's vocabulary is a few tens of thousands of words, and
/// a stemmer takes several dictionary probes (or suffix rules) per word. The cache is
/// shared by every thread (quick_cache: sharded, bounded, the words used most kept).
/// By a quick hash, seeded per process, as every word table here: a search page's
/// highlights look up each distinct word of twenty articles.
type StemCache = LazyLock<
    quick_cache::sync::Cache<
        String,
        String,
        quick_cache::UnitWeighter,
        foldhash::fast::RandomState,
    >,
>;
static STEMS: StemCache = LazyLock::new(stem_cache);
static ENGLISH_STEMS: StemCache = LazyLock::new(stem_cache);
const STEM_CACHE_SIZE: usize = 200_000;

fn stem_cache()
-> quick_cache::sync::Cache<String, String, quick_cache::UnitWeighter, foldhash::fast::RandomState>
{
    quick_cache::sync::Cache::with(
        STEM_CACHE_SIZE,
        STEM_CACHE_SIZE as u64,
        quick_cache::UnitWeighter,
        foldhash::fast::RandomState::default(),
        quick_cache::sync::DefaultLifecycle::default(),
    )
}

/// A fixed set of words (stop words, a dictionary), by a quick hash.
pub(crate) type WordSet = HashSet<&'static str, foldhash::fast::RandomState>;

/// In front of the shared cache, each thread keeps the stems it used last in a small
/// table of its own: a word in the slot its hash picks, the word there before it
/// forgotten. No lock, and a table that stays in the core's own cache: in an import's
/// reading thread, the shared cache's lookups (a probe into 200,000 entries) were a
/// fifth of its time.
type LocalStems = RefCell<Vec<Option<(Box<str>, Box<str>)>>>;
const LOCAL_SLOTS: usize = 2048;
thread_local! {
    static LOCAL_STEMS: LocalStems = RefCell::new(vec![None; LOCAL_SLOTS]);
    static LOCAL_ENGLISH_STEMS: LocalStems = RefCell::new(vec![None; LOCAL_SLOTS]);
}

fn cached(
    local: &'static LocalKey<LocalStems>,
    cache: &StemCache,
    word: &str,
    stem: impl FnOnce(&str) -> String,
) -> String {
    use std::hash::BuildHasher as _;
    let slot = usize::try_from(foldhash::fast::FixedState::default().hash_one(word))
        .unwrap_or_default()
        % LOCAL_SLOTS;
    let kept = local.with_borrow(|slots| match &slots[slot] {
        Some((w, found)) if **w == *word => Some(found.to_string()),
        _ => None,
    });
    if let Some(found) = kept {
        return found;
    }
    let found = cache.get(word).unwrap_or_else(|| {
        let found = stem(word);
        cache.insert(word.to_owned(), found.clone());
        found
    });
    local.with_borrow_mut(|slots| slots[slot] = Some((word.into(), found.as_str().into())));
    found
}

fn stem_indonesian(word: &str) -> String {
    cached(&LOCAL_STEMS, &STEMS, word, indonesian::stem_word)
}

/// Common English words (`content/english-words.txt`, made by `scripts/gazetteer`).
static ENGLISH_WORDS: LazyLock<WordSet> =
    LazyLock::new(|| word_list(include_str!("../../../content/english-words.txt")));

/// A list made by `scripts/gazetteer`: one word a line, `#` comments.
pub(crate) fn word_list(text: &'static str) -> WordSet {
    text.lines().filter(|l| !l.starts_with('#')).collect()
}

/// Whether `word` (any case) is a common word as it stands: a stop word, a common
/// English word or a root in Sastrawi's dictionary, not stemmed (`Persib` is not).
pub fn is_plain_word(word: &str) -> bool {
    is_stop_word(word) || is_english_word(word) || indonesian::is_root(&word.to_lowercase())
}

/// Whether `word` (any case) is one of the common English words.
pub fn is_english_word(word: &str) -> bool {
    ENGLISH_WORDS.contains(word.to_lowercase().as_str())
}

/// Whether `word` (any case) is an Indonesian or English stop word (`yang`, `the`).
pub fn is_stop_word(word: &str) -> bool {
    let word = word.to_lowercase();
    INDONESIAN_STOPS.contains(word.as_str()) || ENGLISH_STOPS.contains(word.as_str())
}

/// Whether `word` (any case) is a common word of Indonesian or English rather than a
/// name: a stop word, a word that stems to a root of Sastrawi's dictionary
/// (`Keuangan` → `uang`), or one of the common English words.
pub fn is_common_word(word: &str) -> bool {
    if is_stop_word(word) || is_english_word(word) {
        return true;
    }
    let word = word.to_lowercase();
    is_ascii_word(&word) && indonesian::is_root(&stem_indonesian(&word))
}

/// Whether `word` is an Indonesian word made from a root by affixes (`Perdagangan`,
/// `Keuangan`), as titles' portfolios are and given names seldom are.
pub fn is_derived_word(word: &str) -> bool {
    let word = word.to_lowercase();
    if !is_ascii_word(&word) {
        return false;
    }
    let stem = stem_indonesian(&word);
    stem != word && indonesian::is_root(&stem)
}

static INDONESIAN_STOPS: LazyLock<WordSet> =
    LazyLock::new(|| INDONESIAN_STOP_WORDS.iter().copied().collect());
static ENGLISH_STOPS: LazyLock<WordSet> =
    LazyLock::new(|| ENGLISH_STOP_WORDS.iter().copied().collect());

/// Sastrawi's stop words.
const INDONESIAN_STOP_WORDS: &[&str] = &[
    "yang",
    "untuk",
    "pada",
    "ke",
    "para",
    "namun",
    "menurut",
    "antara",
    "dia",
    "dua",
    "ia",
    "seperti",
    "jika",
    "sehingga",
    "kembali",
    "dan",
    "tidak",
    "ini",
    "karena",
    "kepada",
    "oleh",
    "saat",
    "harus",
    "sementara",
    "setelah",
    "belum",
    "kami",
    "sekitar",
    "bagi",
    "serta",
    "di",
    "dari",
    "telah",
    "sebagai",
    "masih",
    "hal",
    "ketika",
    "adalah",
    "itu",
    "dalam",
    "bisa",
    "bahwa",
    "atau",
    "hanya",
    "kita",
    "dengan",
    "akan",
    "juga",
    "ada",
    "mereka",
    "sudah",
    "saya",
    "terhadap",
    "secara",
    "agar",
    "lain",
    "anda",
    "begitu",
    "mengapa",
    "kenapa",
    "yaitu",
    "yakni",
    "daripada",
    "itulah",
    "lagi",
    "maka",
    "tentang",
    "demi",
    "dimana",
    "kemana",
    "pula",
    "sambil",
    "sebelum",
    "sesudah",
    "supaya",
    "guna",
    "kah",
    "pun",
    "sampai",
    "sedangkan",
    "selagi",
    "tetapi",
    "apakah",
    "kecuali",
    "sebab",
    "selain",
    "seolah",
    "seraya",
    "seterusnya",
    "tanpa",
    "agak",
    "boleh",
    "dapat",
    "dsb",
    "dst",
    "dll",
    "dahulu",
    "dulunya",
    "anu",
    "demikian",
    "tapi",
    "ingin",
    "nggak",
    "mari",
    "nanti",
    "melainkan",
    "oh",
    "ok",
    "seharusnya",
    "sebetulnya",
    "setiap",
    "setidaknya",
    "sesuatu",
    "pasti",
    "saja",
    "toh",
    "ya",
    "walau",
    "tolong",
    "tentu",
    "amat",
    "apalagi",
    "bagaimanapun",
];

/// Snowball's English stop words (without the negations, which carry meaning in news).
const ENGLISH_STOP_WORDS: &[&str] = &[
    "i",
    "me",
    "my",
    "myself",
    "we",
    "our",
    "ours",
    "ourselves",
    "you",
    "your",
    "yours",
    "yourself",
    "yourselves",
    "he",
    "him",
    "his",
    "himself",
    "she",
    "her",
    "hers",
    "herself",
    "it",
    "its",
    "itself",
    "they",
    "them",
    "their",
    "theirs",
    "themselves",
    "what",
    "which",
    "who",
    "whom",
    "this",
    "that",
    "these",
    "those",
    "am",
    "is",
    "are",
    "was",
    "were",
    "be",
    "been",
    "being",
    "have",
    "has",
    "had",
    "having",
    "do",
    "does",
    "did",
    "doing",
    "would",
    "should",
    "could",
    "ought",
    "a",
    "an",
    "the",
    "and",
    "but",
    "if",
    "or",
    "because",
    "as",
    "until",
    "while",
    "of",
    "at",
    "by",
    "for",
    "with",
    "about",
    "between",
    "into",
    "through",
    "during",
    "before",
    "after",
    "above",
    "below",
    "to",
    "from",
    "up",
    "down",
    "in",
    "out",
    "on",
    "off",
    "over",
    "under",
    "again",
    "further",
    "then",
    "once",
    "here",
    "there",
    "when",
    "where",
    "why",
    "how",
    "all",
    "any",
    "both",
    "each",
    "few",
    "more",
    "most",
    "other",
    "some",
    "such",
    "only",
    "own",
    "same",
    "so",
    "than",
    "too",
    "very",
    "s",
    "t",
    "can",
    "will",
    "just",
    "don",
    "now",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_keep_hyphenated_compounds_and_offsets() {
        let text = "Korea-Rusia, negara-negara — kerja- sama 2025!";
        let found: Vec<(usize, &str)> = words(text).collect();
        assert_eq!(
            found,
            vec![
                (0, "Korea-Rusia"),
                (13, "negara-negara"),
                (31, "kerja"),
                (38, "sama"),
                (43, "2025")
            ]
        );
    }

    #[test]
    fn indonesian_terms_are_stemmed_without_stop_words() {
        assert_eq!(
            Analyzer::Indonesian.terms("Penguatan yang menguatkan kerja sama Korea-Rusia"),
            ["kuat", "kuat", "kerja", "sama", "korea", "rusia"]
        );
    }

    #[test]
    fn english_terms_use_porter2() {
        assert_eq!(
            Analyzer::English.terms("The strengthening of Russia's ties"),
            ["strengthen", "russia", "tie"]
        );
    }

    #[test]
    fn language_tags_choose_the_analyzer() {
        assert_eq!(Analyzer::for_language("id"), Analyzer::Indonesian);
        assert_eq!(Analyzer::for_language("en-GB"), Analyzer::English);
        assert_eq!(Analyzer::for_language("fr"), Analyzer::Simple);
    }
}
