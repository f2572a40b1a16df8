//! The Indonesian stemmer: a faithful port of Sastrawi 1.0.1 (PyPI), the
//! Nazief–Adriani confix-stripping stemmer with the CS and ECS improvements
//! (Asian 2007; Arifin, Mahendra & Ciptaningtyas 2009). A word loses its particle
//! (`-lah`, `-kah`, `-tah`, `-pun`), possessive (`-ku`, `-mu`, `-nya`), derivational
//! suffix (`-i`, `-kan`, `-an`, …) and up to three prefixes, disambiguated by 42 rules,
//! until it is a root word of the dictionary; a word that never becomes one is kept as
//! it is. `menguatkan`, `penguatan` and `dikuatkan` all stem to `kuat`.
//!
//! The port keeps the original's quirks (the loop that restores suffixes, the order in
//! which it forgets prefix removals) so that its output equals Sastrawi's: the test
//! `search::stemmer_agrees_with_python_sastrawi` compares the two word by word.

use std::sync::LazyLock;

/// Sastrawi's root words (MIT; see `backend/data/sastrawi/NOTICE.md`).
static DICTIONARY: LazyLock<super::WordSet> = LazyLock::new(|| {
    include_str!("../../data/sastrawi/kata-dasar.txt")
        .split('\n')
        .filter(|w| !w.trim().is_empty())
        .collect()
});

pub fn is_root(word: &str) -> bool {
    DICTIONARY.contains(word)
}

/// Stems one lowercase word of ASCII letters, digits and hyphens (as Sastrawi's
/// `stem_word`). Reduplicated words (`negara-negara`, `berbalas-balasan`) stem to their
/// root; other hyphenated words come back unchanged.
pub fn stem_word(word: &str) -> String {
    if is_plural(word) {
        stem_plural(word)
    } else {
        stem_singular(word)
    }
}

const PARTICLES: [&str; 7] = ["ku", "mu", "nya", "lah", "kah", "tah", "pun"];

fn is_plural(word: &str) -> bool {
    // `^(.*)-(ku|mu|nya|lah|kah|tah|pun)$`: a suffix after the last hyphen does not
    // make a word plural; a hyphen before it does.
    if let Some((head, tail)) = word.rsplit_once('-')
        && PARTICLES.contains(&tail)
    {
        return head.contains('-');
    }
    word.contains('-')
}

fn stem_plural(word: &str) -> String {
    let Some((first, second)) = word.rsplit_once('-') else {
        return word.to_owned();
    };
    let (mut first, mut second) = (first.to_owned(), second.to_owned());
    // malaikat-malaikat-nya -> malaikat, malaikat-nya
    if PARTICLES.contains(&second.as_str())
        && let Some((a, b)) = first.clone().rsplit_once('-')
    {
        second = format!("{b}-{second}");
        first = a.to_owned();
    }
    let root1 = stem_singular(&first);
    let mut root2 = stem_singular(&second);
    // meniru-nirukan -> tiru
    if !is_root(&second) && root2 == second {
        root2 = stem_singular(&format!("me{second}"));
    }
    if root1 == root2 {
        root1
    } else {
        word.to_owned()
    }
}

fn stem_singular(word: &str) -> String {
    let mut context = Context {
        original: word,
        current: word.to_owned(),
        stopped: false,
        removals: Vec::new(),
    };
    context.stem();
    if is_root(&context.current) {
        context.current
    } else {
        word.to_owned()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Affix {
    /// Inflectional particle.
    Particle,
    /// Inflectional possessive pronoun.
    Possessive,
    /// Derivational suffix.
    Suffix,
    /// Derivational prefix.
    Prefix,
}

#[derive(Debug, Clone)]
struct Removal {
    subject: String,
    result: String,
    removed: String,
    affix: Affix,
}

#[derive(Debug, Clone, Copy)]
enum Visitor {
    DontStemShortWord,
    Particle,
    Possessive,
    Suffix,
    PlainPrefix,
    Disambiguate(&'static [Rule]),
}

type Rule = fn(&[u8]) -> Option<String>;

const SUFFIX_VISITORS: [Visitor; 3] = [Visitor::Particle, Visitor::Possessive, Visitor::Suffix];

const PREFIX_VISITORS: [Visitor; 41] = [
    Visitor::PlainPrefix,
    Visitor::Disambiguate(&[rule1a, rule1b]),
    Visitor::Disambiguate(&[rule2]),
    Visitor::Disambiguate(&[rule3]),
    Visitor::Disambiguate(&[rule4]),
    Visitor::Disambiguate(&[rule5]),
    Visitor::Disambiguate(&[rule6a, rule6b]),
    Visitor::Disambiguate(&[rule7]),
    Visitor::Disambiguate(&[rule8]),
    Visitor::Disambiguate(&[rule9]),
    Visitor::Disambiguate(&[rule10]),
    Visitor::Disambiguate(&[rule11]),
    Visitor::Disambiguate(&[rule12]),
    Visitor::Disambiguate(&[rule13a, rule13b]),
    Visitor::Disambiguate(&[rule14]),
    Visitor::Disambiguate(&[rule15a, rule15b]),
    Visitor::Disambiguate(&[rule16]),
    Visitor::Disambiguate(&[rule17a, rule17b, rule17c, rule17d]),
    Visitor::Disambiguate(&[rule18a, rule18b]),
    Visitor::Disambiguate(&[rule19]),
    Visitor::Disambiguate(&[rule20]),
    Visitor::Disambiguate(&[rule21a, rule21b]),
    Visitor::Disambiguate(&[rule23]),
    Visitor::Disambiguate(&[rule24]),
    Visitor::Disambiguate(&[rule25]),
    Visitor::Disambiguate(&[rule26a, rule26b]),
    Visitor::Disambiguate(&[rule27]),
    Visitor::Disambiguate(&[rule28a, rule28b]),
    Visitor::Disambiguate(&[rule29]),
    Visitor::Disambiguate(&[rule30a, rule30b, rule30c]),
    Visitor::Disambiguate(&[rule31a, rule31b]),
    Visitor::Disambiguate(&[rule32]),
    Visitor::Disambiguate(&[rule34]),
    Visitor::Disambiguate(&[rule35]),
    Visitor::Disambiguate(&[rule36]),
    Visitor::Disambiguate(&[rule37a, rule37b]),
    Visitor::Disambiguate(&[rule38a, rule38b]),
    Visitor::Disambiguate(&[rule39a, rule39b]),
    Visitor::Disambiguate(&[rule40a, rule40b]),
    Visitor::Disambiguate(&[rule41]),
    Visitor::Disambiguate(&[rule42]),
];

struct Context<'a> {
    original: &'a str,
    current: String,
    stopped: bool,
    removals: Vec<Removal>,
}

impl Context<'_> {
    fn stem(&mut self) {
        if is_root(&self.current) {
            return;
        }
        self.accept_all(&[Visitor::DontStemShortWord]);
        if is_root(&self.current) {
            return;
        }
        // Confix stripping: some affix pairs try prefixes before suffixes first.
        if precedence_adjustment(self.original) {
            self.remove_prefixes();
            if is_root(&self.current) {
                return;
            }
            self.accept_all(&SUFFIX_VISITORS);
            if is_root(&self.current) {
                return;
            }
            self.current = self.original.to_owned();
            self.removals.clear();
        }
        self.accept_all(&SUFFIX_VISITORS);
        if is_root(&self.current) {
            return;
        }
        self.remove_prefixes();
        if is_root(&self.current) {
            return;
        }
        self.restore_suffixes();
    }

    fn remove_prefixes(&mut self) {
        for _ in 0..3 {
            self.accept_prefixes();
            if is_root(&self.current) {
                return;
            }
        }
    }

    fn accept_all(&mut self, visitors: &[Visitor]) {
        for visitor in visitors {
            self.visit(*visitor);
            if is_root(&self.current) || self.stopped {
                return;
            }
        }
    }

    /// Tries the prefix rules in order; stops after the first that removes something.
    fn accept_prefixes(&mut self) {
        let before = self.removals.len();
        for visitor in PREFIX_VISITORS {
            self.visit(visitor);
            if is_root(&self.current) || self.stopped || self.removals.len() > before {
                return;
            }
        }
    }

    fn visit(&mut self, visitor: Visitor) {
        let word = self.current.as_bytes();
        let (result, affix) = match visitor {
            Visitor::DontStemShortWord => {
                if self.current.len() <= 3 {
                    self.stopped = true;
                }
                return;
            }
            Visitor::Particle => (
                strip_suffix(word, &["lah", "kah", "tah", "pun"]),
                Affix::Particle,
            ),
            Visitor::Possessive => (strip_suffix(word, &["ku", "mu", "nya"]), Affix::Possessive),
            Visitor::Suffix => (derivational_suffix(word), Affix::Suffix),
            Visitor::PlainPrefix => {
                let result = ["di", "ke", "se"]
                    .iter()
                    .find(|p| word.starts_with(p.as_bytes()))
                    .map(|p| self.current[p.len()..].to_owned());
                (result, Affix::Prefix)
            }
            Visitor::Disambiguate(rules) => {
                let mut result = None;
                for rule in rules {
                    result = rule(word);
                    if result.as_deref().is_some_and(is_root) {
                        break;
                    }
                }
                match result {
                    Some(r) if !r.is_empty() => {
                        // A rule's result is recorded even when it equals the word.
                        self.record(r, Affix::Prefix);
                    }
                    _ => {}
                }
                return;
            }
        };
        if let Some(result) = result
            && result != self.current
        {
            self.record(result, affix);
        }
    }

    fn record(&mut self, result: String, affix: Affix) {
        let removed = self.current.replacen(&result, "", 1);
        let subject = std::mem::replace(&mut self.current, result.clone());
        self.removals.push(Removal {
            subject,
            result,
            removed,
            affix,
        });
    }

    /// ECS "loop pengembalian akhiran": put the removed suffixes back one at a time
    /// (`kan` first as `k`, then whole) and try the prefixes again.
    fn restore_suffixes(&mut self) {
        if let Some(first) = self.removals.first() {
            self.current = first.subject.clone();
        }
        // Sastrawi removes the prefix removals while iterating over the same list, so
        // the element after each removed one is skipped; kept for identical output.
        let mut i = 0;
        while i < self.removals.len() {
            if self.removals[i].affix == Affix::Prefix {
                self.removals.remove(i);
            }
            i += 1;
        }
        let saved = self.current.clone();
        let removals = self.removals.clone();
        for removal in removals.iter().rev() {
            if removal.affix == Affix::Prefix {
                continue;
            }
            if removal.removed == "kan" {
                self.current = format!("{}k", removal.result);
                self.remove_prefixes();
                if is_root(&self.current) {
                    return;
                }
                self.current = format!("{}kan", removal.result);
            } else {
                self.current = removal.subject.clone();
            }
            self.remove_prefixes();
            if is_root(&self.current) {
                return;
            }
            self.current = saved.clone();
        }
    }
}

/// `-*(a|b|…)$`: the suffix and any hyphens before it.
fn strip_suffix(word: &[u8], suffixes: &[&str]) -> Option<String> {
    let suffix = suffixes.iter().find(|s| word.ends_with(s.as_bytes()))?;
    let mut end = word.len() - suffix.len();
    while end > 0 && word[end - 1] == b'-' {
        end -= 1;
    }
    Some(ascii(&word[..end]))
}

/// `(is|isme|isasi|i|kan|an)$`; the leftmost match is the longest suffix.
fn derivational_suffix(word: &[u8]) -> Option<String> {
    ["isasi", "isme", "kan", "is", "an", "i"]
        .iter()
        .find(|s| word.ends_with(s.as_bytes()))
        .map(|s| ascii(&word[..word.len() - s.len()]))
}

fn precedence_adjustment(word: &str) -> bool {
    [
        ("be", "lah"),
        ("be", "an"),
        ("me", "i"),
        ("di", "i"),
        ("pe", "i"),
        ("ter", "i"),
    ]
    .iter()
    .any(|(prefix, suffix)| {
        word.len() >= prefix.len() + suffix.len()
            && word.starts_with(prefix)
            && word.ends_with(suffix)
    })
}

fn ascii(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

const VOWELS: &[u8] = b"aiueo";
const CONSONANTS: &[u8] = b"bcdfghjklmnpqrstvwxyz";
const LETTERS: &[u8] = b"abcdefghijklmnopqrstuvwxyz";

/// Whether `w[i]` is one of `set`.
fn at(w: &[u8], i: usize, set: &[u8]) -> bool {
    w.get(i).is_some_and(|b| set.contains(b))
}

fn starts(w: &[u8], prefix: &str) -> bool {
    w.starts_with(prefix.as_bytes())
}

fn from(w: &[u8], i: usize) -> String {
    ascii(&w[i..])
}

fn with(prefix: &str, w: &[u8], i: usize) -> String {
    format!("{prefix}{}", from(w, i))
}

// The disambiguation rules, numbered as in Sastrawi (and Asian 2007).

fn rule1a(w: &[u8]) -> Option<String> {
    (starts(w, "ber") && at(w, 3, VOWELS)).then(|| from(w, 3))
}
fn rule1b(w: &[u8]) -> Option<String> {
    (starts(w, "ber") && at(w, 3, VOWELS)).then(|| with("r", w, 3))
}
fn rule2(w: &[u8]) -> Option<String> {
    (starts(w, "ber") && at(w, 3, CONSONANTS) && at(w, 4, LETTERS) && !w[5..].starts_with(b"er"))
        .then(|| from(w, 3))
}
fn rule3(w: &[u8]) -> Option<String> {
    (starts(w, "ber")
        && at(w, 3, CONSONANTS)
        && at(w, 4, LETTERS)
        && w[5..].starts_with(b"er")
        && at(w, 7, VOWELS)
        && w[3] != b'r')
        .then(|| from(w, 3))
}
fn rule4(w: &[u8]) -> Option<String> {
    (w == b"belajar").then(|| "ajar".to_owned())
}
fn rule5(w: &[u8]) -> Option<String> {
    (starts(w, "be")
        && at(w, 2, b"bcdfghjklmnpqstvwxyz")
        && w[3..].starts_with(b"er")
        && at(w, 5, CONSONANTS))
    .then(|| from(w, 2))
}
fn rule6a(w: &[u8]) -> Option<String> {
    (starts(w, "ter") && at(w, 3, VOWELS)).then(|| from(w, 3))
}
fn rule6b(w: &[u8]) -> Option<String> {
    (starts(w, "ter") && at(w, 3, VOWELS)).then(|| with("r", w, 3))
}
fn rule7(w: &[u8]) -> Option<String> {
    (starts(w, "ter")
        && at(w, 3, CONSONANTS)
        && w[4..].starts_with(b"er")
        && at(w, 6, VOWELS)
        && w[3] != b'r')
        .then(|| from(w, 3))
}
fn rule8(w: &[u8]) -> Option<String> {
    (starts(w, "ter") && at(w, 3, CONSONANTS) && w[3] != b'r' && !w[4..].starts_with(b"er"))
        .then(|| from(w, 3))
}
fn rule9(w: &[u8]) -> Option<String> {
    (starts(w, "te")
        && at(w, 2, CONSONANTS)
        && w[3..].starts_with(b"er")
        && at(w, 5, CONSONANTS)
        && w[2] != b'r')
        .then(|| from(w, 2))
}
fn rule10(w: &[u8]) -> Option<String> {
    (starts(w, "me") && at(w, 2, b"lrwy") && at(w, 3, VOWELS)).then(|| from(w, 2))
}
fn rule11(w: &[u8]) -> Option<String> {
    (starts(w, "mem") && at(w, 3, b"bfv")).then(|| from(w, 3))
}
fn rule12(w: &[u8]) -> Option<String> {
    starts(w, "mempe").then(|| from(w, 3))
}
fn rule13a(w: &[u8]) -> Option<String> {
    (starts(w, "mem") && at(w, 3, VOWELS)).then(|| with("m", w, 3))
}
fn rule13b(w: &[u8]) -> Option<String> {
    (starts(w, "mem") && at(w, 3, VOWELS)).then(|| with("p", w, 3))
}
fn rule14(w: &[u8]) -> Option<String> {
    (starts(w, "men") && at(w, 3, b"cdjstz")).then(|| from(w, 3))
}
fn rule15a(w: &[u8]) -> Option<String> {
    (starts(w, "men") && at(w, 3, VOWELS)).then(|| with("n", w, 3))
}
fn rule15b(w: &[u8]) -> Option<String> {
    (starts(w, "men") && at(w, 3, VOWELS)).then(|| with("t", w, 3))
}
fn rule16(w: &[u8]) -> Option<String> {
    // Sastrawi's class is `[g|h|q|k]`, which also takes `|`.
    (starts(w, "meng") && at(w, 4, b"g|h|q|k")).then(|| from(w, 4))
}
fn rule17a(w: &[u8]) -> Option<String> {
    (starts(w, "meng") && at(w, 4, VOWELS)).then(|| from(w, 4))
}
fn rule17b(w: &[u8]) -> Option<String> {
    (starts(w, "meng") && at(w, 4, VOWELS)).then(|| with("k", w, 4))
}
fn rule17c(w: &[u8]) -> Option<String> {
    starts(w, "menge").then(|| from(w, 5))
}
fn rule17d(w: &[u8]) -> Option<String> {
    (starts(w, "meng") && at(w, 4, VOWELS)).then(|| with("ng", w, 4))
}
fn rule18a(w: &[u8]) -> Option<String> {
    (starts(w, "meny") && at(w, 4, VOWELS)).then(|| with("ny", w, 4))
}
fn rule18b(w: &[u8]) -> Option<String> {
    (starts(w, "meny") && at(w, 4, VOWELS)).then(|| with("s", w, 4))
}
fn rule19(w: &[u8]) -> Option<String> {
    (starts(w, "memp") && at(w, 4, b"abcdfghijklmopqrstuvwxyz")).then(|| with("p", w, 4))
}
fn rule20(w: &[u8]) -> Option<String> {
    (starts(w, "pe") && at(w, 2, b"wy") && at(w, 3, VOWELS)).then(|| from(w, 2))
}
fn rule21a(w: &[u8]) -> Option<String> {
    (starts(w, "per") && at(w, 3, VOWELS)).then(|| from(w, 3))
}
fn rule21b(w: &[u8]) -> Option<String> {
    (starts(w, "per") && at(w, 3, VOWELS)).then(|| from(w, 2))
}
fn rule23(w: &[u8]) -> Option<String> {
    (starts(w, "per") && at(w, 3, CONSONANTS) && at(w, 4, LETTERS) && !w[5..].starts_with(b"er"))
        .then(|| from(w, 3))
}
fn rule24(w: &[u8]) -> Option<String> {
    (starts(w, "per")
        && at(w, 3, CONSONANTS)
        && at(w, 4, LETTERS)
        && w[5..].starts_with(b"er")
        && at(w, 7, VOWELS)
        && w[3] != b'r')
        .then(|| from(w, 3))
}
fn rule25(w: &[u8]) -> Option<String> {
    (starts(w, "pem") && at(w, 3, b"bfv")).then(|| from(w, 3))
}
fn rule26a(w: &[u8]) -> Option<String> {
    (starts(w, "pem") && at(w, 3, VOWELS)).then(|| with("m", w, 3))
}
fn rule26b(w: &[u8]) -> Option<String> {
    (starts(w, "pem") && at(w, 3, VOWELS)).then(|| with("p", w, 3))
}
fn rule27(w: &[u8]) -> Option<String> {
    (starts(w, "pen") && at(w, 3, b"cdjz")).then(|| from(w, 3))
}
fn rule28a(w: &[u8]) -> Option<String> {
    (starts(w, "pen") && at(w, 3, VOWELS)).then(|| with("n", w, 3))
}
fn rule28b(w: &[u8]) -> Option<String> {
    (starts(w, "pen") && at(w, 3, VOWELS)).then(|| with("t", w, 3))
}
fn rule29(w: &[u8]) -> Option<String> {
    (starts(w, "peng") && at(w, 4, CONSONANTS)).then(|| from(w, 4))
}
fn rule30a(w: &[u8]) -> Option<String> {
    (starts(w, "peng") && at(w, 4, VOWELS)).then(|| from(w, 4))
}
fn rule30b(w: &[u8]) -> Option<String> {
    (starts(w, "peng") && at(w, 4, VOWELS)).then(|| with("k", w, 4))
}
fn rule30c(w: &[u8]) -> Option<String> {
    starts(w, "penge").then(|| from(w, 5))
}
fn rule31a(w: &[u8]) -> Option<String> {
    (starts(w, "peny") && at(w, 4, VOWELS)).then(|| with("ny", w, 4))
}
fn rule31b(w: &[u8]) -> Option<String> {
    (starts(w, "peny") && at(w, 4, VOWELS)).then(|| with("s", w, 4))
}
fn rule32(w: &[u8]) -> Option<String> {
    if w == b"pelajar" {
        return Some("ajar".to_owned());
    }
    (starts(w, "pel") && at(w, 3, VOWELS)).then(|| from(w, 2))
}
fn rule34(w: &[u8]) -> Option<String> {
    (starts(w, "pe") && at(w, 2, CONSONANTS) && !w[3..].starts_with(b"er")).then(|| from(w, 2))
}
fn rule35(w: &[u8]) -> Option<String> {
    (starts(w, "ter")
        && at(w, 3, b"bcdfghjkpqstvxz")
        && w[4..].starts_with(b"er")
        && at(w, 6, CONSONANTS))
    .then(|| from(w, 3))
}
fn rule36(w: &[u8]) -> Option<String> {
    (starts(w, "pe")
        && at(w, 2, b"bcdfghjkpqstvxz")
        && w[3..].starts_with(b"er")
        && at(w, 5, CONSONANTS))
    .then(|| from(w, 2))
}
/// Rules 37–40: an infix (`-er-`, `-el-`, `-em-`, `-in-`) after the first consonant;
/// `a` keeps it, `b` removes it.
fn infix(w: &[u8], infix: &[u8], keep: bool) -> Option<String> {
    (at(w, 0, CONSONANTS) && w[1..].starts_with(infix) && at(w, 3, VOWELS)).then(|| {
        if keep {
            from(w, 0)
        } else {
            format!("{}{}", w[0] as char, from(w, 3))
        }
    })
}
fn rule37a(w: &[u8]) -> Option<String> {
    infix(w, b"er", true)
}
fn rule37b(w: &[u8]) -> Option<String> {
    infix(w, b"er", false)
}
fn rule38a(w: &[u8]) -> Option<String> {
    infix(w, b"el", true)
}
fn rule38b(w: &[u8]) -> Option<String> {
    infix(w, b"el", false)
}
fn rule39a(w: &[u8]) -> Option<String> {
    infix(w, b"em", true)
}
fn rule39b(w: &[u8]) -> Option<String> {
    infix(w, b"em", false)
}
fn rule40a(w: &[u8]) -> Option<String> {
    infix(w, b"in", true)
}
fn rule40b(w: &[u8]) -> Option<String> {
    infix(w, b"in", false)
}
fn rule41(w: &[u8]) -> Option<String> {
    starts(w, "ku").then(|| from(w, 2))
}
fn rule42(w: &[u8]) -> Option<String> {
    starts(w, "kau").then(|| from(w, 3))
}

#[cfg(test)]
mod tests {
    use super::stem_word;

    #[test]
    fn affixes_come_off_down_to_the_root() {
        for (word, root) in [
            ("menguatkan", "kuat"),
            ("penguatan", "kuat"),
            ("dikuatkan", "kuat"),
            ("kekuatan", "kuat"),
            ("memperkuat", "kuat"),
            ("mempengaruhi", "pengaruh"),
            ("pertemuan", "temu"),
            ("bertemu", "temu"),
            ("kerjasama", "kerjasama"),
            ("negara-negara", "negara"),
            ("berbalas-balasan", "balas"),
            ("meniru-nirukan", "tiru"),
            ("pelajar", "ajar"),
            ("menyatakan", "nyata"),
            ("pyongyang", "pyongyang"),
        ] {
            assert_eq!(stem_word(word), root, "{word}");
        }
    }
}
