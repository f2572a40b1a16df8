//! Recognition of people, places and organisations in an article's texts.
//!
//! Two sources of names, in one pass over each text:
//!
//! - **the gazetteer**: every known name, matched as whole words (`gazetteer.rs`);
//! - **the text itself**: runs of capitalised words that are not known, read with the
//!   words around them — a title before a name makes a person (`Menteri Perdagangan
//!   Budi Santoso`), as does a verb of saying (`kata Sunardi`, `Sunardi mengatakan`); a
//!   long name with its acronym after it is an organisation (`Organisasi Perdagangan
//!   Dunia (WTO)`), as is a name that opens with `Kementerian`, `Badan`, `Bank`… or
//!   ends with `Group`, `Council`…; a dateline's names, and names that open with
//!   `Gunung`, `Kabupaten`, `Istana`… or follow `di`/`ke`/`dari`, are places.
//!
//! Then across the article: a name found with its kind gives that kind to its other
//! mentions, and a person's first or last name alone (`Sunardi` after `Sunardi
//! Katili`) is that person. Headlines and sub-headings in title case only repeat names
//! the article's text has. Each new name says by which rule ([`FoundBy`]) it was found; the
//! strong rules' names are published, the others are suggestions for the newsroom.

// foldhash rather than SipHash for an article's maps of its own names and numbers
// (rebuilt for every article, asked for every mention): deciding an article's names
// took 42 % fewer instructions (callgrind, an import of 1,000 files).
use foldhash::{HashMap, HashMapExt as _, HashSet};

use shared::{EntityKind, FoundBy};

use super::gazetteer::{Gazetteer, district_of};
use crate::domain::cues::{
    ABBREVIATIONS, ADMIN_HEADS, AFTER_SPEAKER, AMBIGUOUS_BEFORE_PLACE, BEFORE_ORG, BEFORE_PERSON,
    BEFORE_PLACE, BEFORE_SPEAKER, BEFORE_TO_SOMEONE, BODY_NOUNS, CONNECTORS, NAME_PREFIXES,
    NOT_ENTITY, NOT_NAMES, OF, ORG_HEADS, ORG_TAILS, PARTICLES, PERSON_NOUNS, PLACE_HEADS,
    PLACE_NOUNS, PLACE_TAILS, PORTFOLIO_TITLES, ROLES_AT, SAYING, TITLE_WORDS, TITLES, is_demonym,
    is_given_name,
};
use crate::domain::filed_copy::is_calendar_word;
use crate::search::{
    is_common_word, is_derived_word, is_english_word, is_plain_word, is_stop_word,
};

/// What part of the article a text is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Headline,
    Standfirst,
    Dateline,
    Heading,
    Paragraph,
    /// A quote block's words.
    Quote,
    /// A quote block's attribution (`ujar Kim dari …`).
    Attribution,
    /// A quote block's speaker as the block names them.
    Speaker,
    ListItem,
    Caption,
}

/// One text of the article to read.
#[derive(Debug, Clone, Copy)]
pub struct Text<'a> {
    pub part: Part,
    pub text: &'a str,
}

/// How strong a rule's evidence is: its place in `FoundBy`'s order.
fn rank(rule: FoundBy) -> usize {
    FoundBy::ALL
        .iter()
        .position(|r| *r == rule)
        .unwrap_or(usize::MAX)
}

fn stronger(a: FoundBy, b: FoundBy) -> FoundBy {
    if rank(b) < rank(a) { b } else { a }
}

/// Rules whose kind a repeated name keeps (the others' repeats are `Repeat`).
fn keeps_rule(rule: FoundBy) -> bool {
    matches!(
        rule,
        FoundBy::Gazetteer
            | FoundBy::Acronym
            | FoundBy::Title
            | FoundBy::Speaker
            | FoundBy::Dateline
            | FoundBy::District
    )
}

/// Who a mention is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// An entity of the gazetteer (its index).
    Known(usize),
    /// A name the gazetteer lacks, by its fullest form in the article.
    New(String),
}

/// A mention of an entity in one of the texts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// Index of the text.
    pub text: usize,
    pub start: usize,
    pub end: usize,
    pub kind: EntityKind,
    pub target: Target,
    /// For a new name, the strongest rule that found it anywhere in the article.
    pub rule: FoundBy,
}

/// A word of a text.
#[derive(Debug, Clone)]
struct Token<'a> {
    start: usize,
    end: usize,
    word: &'a str,
    /// Opens a sentence (or the text).
    opens: bool,
    /// Only spaces (or an abbreviation's full stop) since the previous word.
    joined: bool,
}

fn tokens(text: &str) -> Vec<Token<'_>> {
    // A word and its space are some six bytes: room for them all at once, not grown
    // word by word.
    let mut out: Vec<Token<'_>> = Vec::with_capacity(text.len() / 6 + 1);
    let mut chars = text.char_indices().peekable();
    let mut gap_start = 0;
    while let Some((i, c)) = chars.next() {
        if !c.is_alphanumeric() {
            continue;
        }
        let start = i;
        let mut end = i + c.len_utf8();
        while let Some(&(j, d)) = chars.peek() {
            let next = &text[j + d.len_utf8()..];
            let possessive = matches!(d, '\'' | '’')
                && next.starts_with('s')
                && !next[1..].chars().next().is_some_and(char::is_alphanumeric);
            let joins = matches!(d, '-' | '\'' | '’' | '.')
                && !possessive
                && next.chars().next().is_some_and(char::is_alphanumeric);
            if d.is_alphanumeric() || (joins && d != '.') {
                chars.next();
                end = j + d.len_utf8();
            } else if joins && d == '.' && text[start..j].len() == 1 {
                // Initials written together: `D.C`, `U.S`.
                chars.next();
                end = j + 1;
            } else {
                break;
            }
        }
        let gap = &text[gap_start..start];
        let previous = out.last();
        let after_abbreviation = previous.is_some_and(|p| {
            ABBREVIATIONS.contains(&p.word)
                || (p.word.chars().count() == 1 && p.word.chars().all(char::is_uppercase))
        });
        let opens = previous.is_none()
            || gap.contains(['!', '?', ':', ';', '—', '–', '“', '"', '(', '\n'])
            || (gap.contains('.') && !after_abbreviation);
        let joined = previous.is_some()
            && (gap.chars().all(char::is_whitespace) || (after_abbreviation && gap.trim() == "."));
        out.push(Token {
            start,
            end,
            word: &text[start..end],
            opens,
            joined,
        });
        gap_start = end;
    }
    out
}

/// A capitalised word, or a name joined to its particle (`al-Rabiah`); not a number or
/// an amount (`Rp200`, `2024`).
fn capitalised(word: &str) -> bool {
    let name = word
        .split_once('-')
        .filter(|(particle, _)| NAME_PREFIXES.contains(particle))
        .map_or(word, |(_, name)| name);
    name.chars().next().is_some_and(char::is_uppercase) && !word.chars().any(|c| c.is_ascii_digit())
}

/// An acronym: two or more letters, all capitals (`WALHI`, `PDI-P`), or a
/// capitalised short form with capitals inside (`KemenPPPA`).
fn is_acronym(word: &str) -> bool {
    let letters: Vec<char> = word.chars().filter(|c| c.is_alphabetic()).collect();
    letters.len() >= 2 && letters.iter().all(|c| c.is_uppercase())
}

/// A Roman numeral (`IV`, `XII`).
fn is_roman(word: &str) -> bool {
    !word.is_empty() && word.chars().all(|c| matches!(c, 'I' | 'V' | 'X' | 'L'))
}

/// A company's name written with capitals inside (`GoTo`, `ExxonMobil`, `PayPal`).
fn is_camel(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
        && word.chars().skip(1).any(char::is_uppercase)
        && word.chars().any(char::is_lowercase)
        && word.chars().all(char::is_alphabetic)
}

/// A text written in title case, as headlines are: its capitals say nothing.
fn title_case(tokens: &[Token<'_>]) -> bool {
    let words: Vec<&Token<'_>> = tokens
        .iter()
        .filter(|t| t.word.chars().count() > 3 && t.word.chars().all(char::is_alphabetic))
        .collect();
    words.len() >= 3 && words.iter().filter(|t| capitalised(t.word)).count() * 10 >= words.len() * 7
}

/// A unit of a capitalised run: a known name or one word.
#[derive(Debug, Clone)]
struct Unit {
    start: usize,
    end: usize,
    /// The gazetteer pattern, for a known name.
    known: Option<usize>,
    /// Index of the (first) token.
    token: usize,
    /// Index past the last token.
    token_end: usize,
}

/// A name found in one text before the article is read as a whole.
#[derive(Debug, Clone)]
struct Candidate {
    text: usize,
    start: usize,
    end: usize,
    /// `None`: a known name (its pattern in `known`).
    kind: Option<EntityKind>,
    known: Option<usize>,
    rule: FoundBy,
    /// A sentence's first word, and a common one: a name only if the article has it
    /// elsewhere.
    doubtful: bool,
}

/// Reads every text of an article and returns the mentions of entities in it, in text
/// order.
pub fn recognise(gazetteer: &Gazetteer, texts: &[Text<'_>]) -> Vec<Found> {
    let mut candidates: Vec<Candidate> = Vec::new();
    let mut titled: Vec<usize> = Vec::new();
    for (index, text) in texts.iter().enumerate() {
        let tokens = tokens(text.text);
        let titles_only =
            matches!(text.part, Part::Headline | Part::Heading) && title_case(&tokens);
        if titles_only {
            titled.push(index);
        }
        read_text(
            gazetteer,
            index,
            *text,
            &tokens,
            titles_only,
            &mut candidates,
        );
    }
    decide(gazetteer, texts, candidates, &titled)
}

fn read_text(
    gazetteer: &Gazetteer,
    index: usize,
    text: Text<'_>,
    tokens: &[Token<'_>],
    titles_only: bool,
    out: &mut Vec<Candidate>,
) {
    let s = text.text;
    // Units: known names over their words, other words one by one.
    let matches = gazetteer.matches(s);
    let mut units: Vec<Unit> = Vec::with_capacity(tokens.len());
    let mut m = 0;
    let mut t = 0;
    while t < tokens.len() {
        while m < matches.len() && matches[m].end <= tokens[t].start {
            m += 1;
        }
        // `Wali Kota Tangerang`: the mayor's title, then the city (not `Kota
        // Tangerang`).
        if m < matches.len()
            && matches[m].start == tokens[t].start
            && tokens[t].word == "Kota"
            && t > 0
            && tokens[t - 1].word == "Wali"
            && tokens[t].joined
            && let Some(next) = tokens.get(t + 1)
            && next.start < matches[m].end
            && let Some(city) = gazetteer
                .matches(&s[next.start..matches[m].end])
                .into_iter()
                .find(|c| c.start == 0 && next.start + c.end == matches[m].end)
        {
            units.push(Unit {
                start: tokens[t].start,
                end: tokens[t].end,
                known: None,
                token: t,
                token_end: t + 1,
            });
            let mut token_end = t + 1;
            while token_end < tokens.len() && tokens[token_end].start < matches[m].end {
                token_end += 1;
            }
            units.push(Unit {
                start: next.start,
                end: matches[m].end,
                known: Some(city.pattern),
                token: t + 1,
                token_end,
            });
            t = token_end;
            m += 1;
        } else if m < matches.len() && matches[m].start == tokens[t].start {
            let end = matches[m].end;
            let mut token_end = t;
            while token_end < tokens.len() && tokens[token_end].start < end {
                token_end += 1;
            }
            units.push(Unit {
                start: matches[m].start,
                end,
                known: Some(matches[m].pattern),
                token: t,
                token_end,
            });
            t = token_end;
            m += 1;
        } else {
            units.push(Unit {
                start: tokens[t].start,
                end: tokens[t].end,
                known: None,
                token: t,
                token_end: t + 1,
            });
            t += 1;
        }
    }
    let from = out.len();
    let is_cap = |u: &Unit| u.known.is_some() || capitalised(tokens[u.token].word);
    let mut pending_title = false;
    let mut u = 0;
    while u < units.len() {
        if !is_cap(&units[u]) {
            u += 1;
            continue;
        }
        // The run: capitalised units joined by spaces, and connectors inside names
        // that have a head.
        let first = u;
        let mut last = u;
        while last + 1 < units.len() {
            let next = &units[last + 1];
            if !tokens[next.token].joined {
                break;
            }
            if is_cap(next) {
                last += 1;
                continue;
            }
            let word = tokens[next.token].word;
            let headed = (first..=last).any(|i| {
                let w = tokens[units[i].token].word;
                units[i].known.is_none()
                    && (ORG_HEADS.contains(&w) || PLACE_HEADS.contains(&w) || TITLES.contains(&w))
            });
            // `Senator Elizabeth Warren of Massachusetts`: after a title's name, `of`
            // says where they are from.
            let body_or_place_headed = (first..=last).any(|i| {
                let w = tokens[units[i].token].word;
                units[i].known.is_none()
                    && (ORG_HEADS.contains(&w)
                        || ORG_TAILS.contains(&w)
                        || PLACE_HEADS.contains(&w))
            });
            // `Center of Reform on Economics`: `on` only in a body's name.
            let body_headed = (first..=last).any(|i| {
                units[i].known.is_none() && ORG_HEADS.contains(&tokens[units[i].token].word)
            });
            // `… dan PT Pelabuhan Indonesia`: a connector before a new name ends the run.
            let joins_after = units.get(last + 2).is_some_and(|n| {
                let w = tokens[n.token].word;
                tokens[n.token].joined
                    && is_cap(n)
                    && n.known.is_none()
                    && !ORG_HEADS.contains(&w)
                    && !PLACE_HEADS.contains(&w)
                    && !is_calendar_word(w)
            });
            // `University of Melbourne`: `of` joins a head to the place it names.
            let of_known = units
                .get(last + 2)
                .is_some_and(|n| tokens[n.token].joined && n.known.is_some());
            // `University of Melbourne and Monash University`: a name ended by a known
            // one is whole; `and` begins the next.
            let ended = (first..=last).any(|i| units[i].known.is_some())
                && (word == "and" || word == "dan");
            // `Come and See Pictures`: `and` inside a company's name, whose last word
            // says it is one.
            // (`Ateneo de Manila University`: or a Romance particle.)
            let and = matches!(word, "and" | "&" | "dan");
            let tailed = (matches!(word, "de" | "del" | "la")
                || and
                    && is_plain_word(tokens[units[last].token].word)
                    && units
                        .get(last + 2)
                        .is_some_and(|n| is_plain_word(tokens[n.token].word)))
                && !ended
                && !ORG_TAILS.contains(&tokens[units[last].token].word)
                && units[last + 2..]
                    .iter()
                    .take_while(|n| tokens[n.token].joined && is_cap(n))
                    .last()
                    .is_some_and(|n| {
                        n.known.is_none() && ORG_TAILS.contains(&tokens[n.token].word)
                    });
            if (joins_after
                && !ended
                && ((headed && CONNECTORS.contains(&word))
                    || (body_headed && word == "on")
                    || PARTICLES.contains(&word)))
                || tailed
                || (of_known && body_or_place_headed && OF.contains(&word))
            {
                last += 1;
                continue;
            }
            break;
        }
        let run = &units[first..=last];
        let before = words_before(s, tokens, run[0].token);
        let after = &s[run[run.len() - 1].end..];
        let person_by_comma = pending_title && s[..run[0].start].trim_end().ends_with([',', ')']);
        let in_parens = s[..run[0].start].ends_with('(') && after.starts_with(')');
        let comma_before = s[..run[0].start].trim_end().ends_with(',');
        // An acronym in brackets keeps a title waiting for its name
        // (`Sekretaris Jenderal KNTN (…), Rosdiana Manurung`).
        let waiting = pending_title && in_parens;
        pending_title = false;
        if titles_only {
            for unit in run {
                if let Some(p) = unit.known {
                    out.push(known(index, unit, p));
                }
            }
        } else {
            pending_title = read_run(
                gazetteer,
                index,
                text.part,
                tokens,
                run,
                &before,
                after,
                (person_by_comma, in_parens, comma_before),
                out,
            ) || waiting;
        }
        u = last + 1;
    }
    in_lists(gazetteer, s, &mut out[from..]);
}

/// `di Pangururan dan Tuktuk Siadong`: a name without a kind in a list beside places
/// is a place; `Adaro Energy and Bukit Asam`, beside a body, a body.
fn in_lists(gazetteer: &Gazetteer, s: &str, found: &mut [Candidate]) {
    let is = |c: &Candidate, kind: EntityKind| match c.known {
        Some(p) => gazetteer.only(p, kind),
        None => c.kind == Some(kind),
    };
    let place = |c: &Candidate| is(c, EntityKind::Place);
    let body = |c: &Candidate| is(c, EntityKind::Organisation);
    let joined = |gap: &str| {
        matches!(
            gap,
            " dan " | " and " | ", dan " | ", and " | " atau " | " or "
        )
    };
    let gap = |a: &Candidate, b: &Candidate| s.get(a.end..b.start).unwrap_or("");
    // Forward, then back: a place passes along the list either way.
    for i in (0..found.len()).chain((0..found.len()).rev()) {
        if found[i].kind.is_some() || found[i].known.is_some() || found[i].doubtful {
            continue;
        }
        // `dari China dan Julio Mayora dari Venezuela`: a given name begins a person's.
        let first = s[found[i].start..found[i].end].split_whitespace().next();
        if found[i].end - found[i].start > first.map_or(0, str::len)
            && first.is_some_and(is_given_name)
        {
            continue;
        }
        // After a place by `dan`, or before one in the list; a comma alone after a
        // place is as often a name in apposition (`WALHI Sulteng, Sunardi Katili,`).
        let after_place = i > 0 && place(&found[i - 1]) && joined(gap(&found[i - 1], &found[i]));
        let before_place = i + 1 < found.len()
            && place(&found[i + 1])
            && (joined(gap(&found[i], &found[i + 1])) || gap(&found[i], &found[i + 1]) == ", ");
        let beside_place = after_place || before_place;
        if beside_place {
            found[i].kind = Some(EntityKind::Place);
            found[i].rule = FoundBy::Preposition;
        } else if (i > 0 && body(&found[i - 1]) && joined(gap(&found[i - 1], &found[i])))
            || (i + 1 < found.len() && body(&found[i + 1]) && joined(gap(&found[i], &found[i + 1])))
        {
            found[i].kind = Some(EntityKind::Organisation);
        }
    }
}

fn known(text: usize, unit: &Unit, pattern: usize) -> Candidate {
    Candidate {
        text,
        start: unit.start,
        end: unit.end,
        kind: None,
        known: Some(pattern),
        rule: FoundBy::Gazetteer,
        doubtful: false,
    }
}

/// Up to three lowercase words right before token `t`, in the same sentence, nearest
/// first.
fn words_before<'a>(s: &'a str, tokens: &[Token<'a>], t: usize) -> Vec<&'a str> {
    let mut words = Vec::with_capacity(3);
    let mut i = t;
    while i > 0 && words.len() < 3 {
        if tokens[i].opens {
            break;
        }
        let gap = &s[tokens[i - 1].end..tokens[i].start];
        if !gap.chars().all(|c| c.is_whitespace() || c == ',') {
            break;
        }
        words.push(tokens[i - 1].word);
        i -= 1;
    }
    words
}

/// The first word after a run, lowercase, if only spaces or a comma come before it.
fn word_after(after: &str) -> Option<String> {
    let rest = after.trim_start_matches([' ', ',']);
    let word: String = rest.chars().take_while(|c| c.is_alphabetic()).collect();
    (!word.is_empty() && word.chars().next().is_some_and(char::is_lowercase)).then_some(word)
}

/// Whether a title's name comes next: a comma right after a run, or after the acronym
/// in brackets that follows it, or a name right after that acronym (`Ketua Asosiasi
/// Bawang Merah Indonesia (ABMI) Juwari`).
fn name_follows_title(after: &str) -> bool {
    match acronym_after(after) {
        Some(acronym) => {
            let rest = &after[" (".len() + acronym.len() + ")".len()..];
            rest.starts_with(',')
                || rest.strip_prefix(' ').is_some_and(|rest| {
                    rest.split_whitespace()
                        .next()
                        .is_some_and(|w| capitalised(w) && !TITLES.contains(&w))
                })
        }
        None => after.starts_with(','),
    }
}

/// `(ACR)` right after a run: the acronym.
fn acronym_after(after: &str) -> Option<&str> {
    let rest = after.strip_prefix(" (")?;
    let close = rest.find(')')?;
    let inner = &rest[..close];
    (is_acronym(inner) || (inner.len() <= 12 && !inner.contains(' ') && capitalised(inner)))
        .then_some(inner)
}

/// Reads one capitalised run; returns whether it was a title without a name, so that
/// a name after a comma is the person (`Juru bicara Presiden, Prasetyo Hadi,`).
#[allow(clippy::too_many_arguments)]
fn read_run(
    gazetteer: &Gazetteer,
    text: usize,
    part: Part,
    tokens: &[Token<'_>],
    run: &[Unit],
    before: &[&str],
    after: &str,
    (person_by_comma, in_parens, comma_before): (bool, bool, bool),
    out: &mut Vec<Candidate>,
) -> bool {
    let word = |u: &Unit| tokens[u.token].word;
    // `Kodim 0611/Garut Letkol Inf Dedi Kusnadi`: a known name, then a title and its
    // name, read on their own.
    if let [first, title, _, ..] = run
        && let Some(p) = first.known
        && title.known.is_none()
        && TITLES.contains(&word(title))
    {
        out.push(known(text, first, p));
        let before = [word(first)];
        return read_run(
            gazetteer,
            text,
            part,
            tokens,
            &run[1..],
            &before,
            after,
            (person_by_comma, in_parens, comma_before),
            out,
        );
    }
    // `Group C`: a draw's group, not a name.
    if let [.., group, letter] = run
        && matches!(word(group), "Group" | "Grup" | "Pool")
        && word(letter).chars().count() == 1
    {
        return false;
    }
    // `level IV`: a number, not a name.
    if let [only] = run
        && only.known.is_none()
        && is_roman(word(only))
    {
        return false;
    }
    if let [only] = run
        && only.known.is_none()
        && part != Part::Dateline
        && tokens[only.token].opens
        && is_common_word(word(only))
        && !is_calendar_word(word(only))
        && !NOT_NAMES.contains(&word(only))
    {
        // A sentence's first word alone: a name only if the article names it so.
        out.push(Candidate {
            text,
            start: only.start,
            end: only.end,
            kind: None,
            known: None,
            rule: FoundBy::Capitalised,
            doubtful: true,
        });
        return false;
    }
    // `wrote in The Star`: `The` capitalised inside a sentence opens a paper's or a
    // body's name.
    if let [the, rest @ ..] = run
        && !rest.is_empty()
        && the.known.is_none()
        && word(the) == "The"
        && !tokens[the.token].opens
        && rest.iter().all(|u| u.known.is_none())
    {
        out.push(new(text, run, EntityKind::Organisation, FoundBy::NameWord));
        return false;
    }
    // `Persib Bandung`, `Arema Malang`: a word no dictionary has and a city is a club or
    // a company.
    if let [body, city] = run
        && body.known.is_none()
        && !is_plain_word(word(body))
        && !is_given_name(word(body))
        && !TITLES.contains(&word(body))
        && !is_demonym(word(body))
        && city.token_end - city.token == 1
        && city.known.is_some_and(|p| {
            gazetteer
                .owners(p)
                .iter()
                .all(|e| gazetteer.kind(*e) == EntityKind::Place && gazetteer.is_within(*e))
        })
    {
        out.push(new(text, run, EntityKind::Organisation, FoundBy::NameWord));
        return false;
    }
    // `Max Verstappen`: a given name before a name stays in it.
    let given_name_before_name = |rest: &[Unit]| {
        is_given_name(word(&rest[0]))
            && rest
                .get(1)
                .is_some_and(|u| u.known.is_none() && !is_common_word(word(u)))
    };
    // `Transparency International Indonesia said`: a body's name, by its last word,
    // keeps its first word, common as it is.
    let body_by_tail = match run {
        [.., last] if last.known.is_none() => ORG_TAILS.contains(&word(last)),
        [.., tail, country] => {
            tail.known.is_none()
                && ORG_TAILS.contains(&word(tail))
                && country
                    .known
                    .is_some_and(|p| gazetteer.only(p, EntityKind::Place))
        }
        _ => false,
    };
    let kept_by_body = |i: usize| {
        let w = word(&run[i]);
        body_by_tail
            && run.len() - i > 2
            && !is_stop_word(w)
            && !BEFORE_ORG.contains(&w.to_lowercase().as_str())
    };
    let mut i = 0;
    // A sentence's first word is capitalised whatever it is.
    while i < run.len()
        && run[i].known.is_none()
        && (is_calendar_word(word(&run[i]))
            || NOT_NAMES.contains(&word(&run[i]))
            || (tokens[run[i].token].opens
                && part != Part::Dateline
                && !kept_by_body(i)
                && is_common_word(word(&run[i]))
                && !given_name_before_name(&run[i..])
                && !TITLES.contains(&word(&run[i]))
                && !ORG_HEADS.contains(&word(&run[i]))
                && !PLACE_HEADS.contains(&word(&run[i]))))
    {
        i += 1;
    }
    // `Australian Prime Minister …`, `Indonesians`, `Georgian Dream`: a demonym is not a
    // name; before a title it is the office's country, before other words a body's.
    let demonyms = run[i..]
        .iter()
        .take_while(|u| u.known.is_none() && is_demonym(word(u)))
        .count();
    if demonyms > 0 {
        let next = i + demonyms;
        if next == run.len() {
            return false;
        }
        // `Philippine Senate`: before a known body, the country's own.
        let country_body = matches!(&run[next..], [body] if body.known.is_some_and(|p| {
            gazetteer.only(p, EntityKind::Organisation)
        }));
        if (country_body || run[next..].iter().all(|u| u.known.is_none()))
            && !TITLES.contains(&word(&run[next]))
            && !NOT_ENTITY.contains(&word(&run[next]))
        {
            // `British Virgin Islands` is a place.
            let kind = if PLACE_TAILS.contains(&word(&run[run.len() - 1])) {
                EntityKind::Place
            } else {
                EntityKind::Organisation
            };
            out.push(new(text, &run[i..], kind, FoundBy::NameWord));
            return false;
        }
        i = next;
    }
    // (`PT Liga Indonesia Baru` is a company, not a league.)
    // (`Mandalika Grand Prix Association` is a body.)
    if !run
        .get(i)
        .is_some_and(|u| u.known.is_none() && ORG_HEADS.contains(&word(u)))
        && let Some(e) = run[i..]
            .iter()
            .position(|u| u.known.is_none() && NOT_ENTITY.contains(&word(u)))
        && !run[i + e..]
            .iter()
            .any(|u| u.known.is_none() && ORG_TAILS.contains(&word(u)))
    {
        // An event or a document (`Singapore Grand Prix`): names do not nest, so the
        // places and bodies in its name are not named.
        return false;
    }
    // Titles, then the office's portfolio and affiliation, then the name.
    let mut titled = false;
    let mut portfolio = false;
    // English offices come after their portfolio (`Investment Minister Rosan Roeslani`):
    // a derived-looking word after them is the name.
    let mut english = false;
    while i < run.len() && run[i].known.is_none() && TITLES.contains(&word(&run[i])) {
        portfolio |= PORTFOLIO_TITLES.contains(&word(&run[i]));
        english = is_english_word(word(&run[i]));
        titled = true;
        i += 1;
    }
    // `Ketua Umum Gabungan Pengusaha Kelapa Sawit Indonesia (GAPKI)`: the words that
    // spell the acronym are the body; those before them, the office's portfolio.
    if titled
        && let Some(acronym) = acronym_after(after)
        && let Some(j) = spelled_by(tokens, &run[i..], acronym)
    {
        for unit in &run[i..i + j] {
            if let Some(p) = unit.known {
                out.push(known(text, unit, p));
            }
        }
        match &run[i + j..] {
            // (A body the gazetteer has by that name.)
            [body] if let Some(p) = body.known => out.push(known(text, body, p)),
            long => out.push(new(text, long, EntityKind::Organisation, FoundBy::Acronym)),
        }
        return name_follows_title(after);
    }
    let mut affiliated = false;
    // `Deputy Minister of Communication and Digital Affairs Nezar Patria`: an English
    // portfolio after `of`, in English words.
    let english_portfolio = english
        && titled
        && run
            .get(i)
            .is_some_and(|u| u.known.is_none() && OF.contains(&word(u)));
    if titled {
        while i < run.len() {
            let unit = &run[i];
            if let Some(p) = unit.known {
                // `Senate President Francis Escudero`: a known person's one-word name
                // before an unknown word begins someone else's.
                let person = gazetteer.only(p, EntityKind::Person);
                if person
                    && unit.token_end - unit.token == 1
                    && run.get(i + 1).is_some_and(|n| n.known.is_none())
                {
                    break;
                }
                // An affiliation (`Gubernur Jawa Barat`), unless it is the name.
                out.push(known(text, unit, p));
                affiliated = true;
                i += 1;
                continue;
            }
            let w = word(unit);
            let rest_is_name = run[i + 1..].iter().all(|u| u.known.is_none());
            if TITLES.contains(&w)
                || TITLE_WORDS.contains(&w)
                || CONNECTORS.contains(&w)
                || (english_portfolio && is_english_word(w))
                || is_demonym(w)
                || !english
                    && !ORG_HEADS.contains(&w)
                    && (portfolio || !rest_is_name || i + 1 < run.len())
                    && is_derived_word(w)
            {
                i += 1;
                continue;
            }
            if (is_acronym(w) || is_camel(w)) && i + 1 < run.len() {
                out.push(new(
                    text,
                    &run[i..=i],
                    EntityKind::Organisation,
                    FoundBy::Title,
                ));
                i += 1;
                continue;
            }
            break;
        }
        if i == run.len() {
            return name_follows_title(after);
        }
        let mut name = &run[i..];
        // `Menteri Pemuda dan Olahraga Dito Ariotedjo`: the portfolio is a ministry's
        // name, the name follows it.
        if portfolio {
            let words: Vec<&str> = name.iter().map(word).collect();
            if let Some(k) = (1..name.len()).rev().find(|&k| {
                !gazetteer
                    .named(&format!("Kementerian {}", words[..k].join(" ")))
                    .is_empty()
            }) {
                name = &name[k..];
            } else if !english {
                // `Menteri Haji dan Umrah Tawfiq al-Rabiah`: a foreign ministry's
                // portfolio, in common words.
                let k = name
                    .iter()
                    .take_while(|u| {
                        u.known.is_none()
                            && (is_plain_word(word(u)) || CONNECTORS.contains(&word(u)))
                    })
                    .count();
                if k >= 2 && k < name.len() {
                    name = &name[k..];
                }
            }
        }
        // `Pebalap Ducati Francesco Bagnaia`: a body's one word, then a given name.
        if name.len() >= 3
            && !affiliated
            && name.iter().all(|u| u.known.is_none())
            && !is_given_name(word(&name[0]))
            && !is_plain_word(word(&name[0]))
            && is_given_name(word(&name[1]))
        {
            out.push(new(
                text,
                &name[..1],
                EntityKind::Organisation,
                FoundBy::NameWord,
            ));
            out.push(new(text, &name[1..], EntityKind::Person, FoundBy::Title));
            return false;
        }
        // `Kepala Desa Sukamaju Entis Sutisna`: the village, then the name.
        if name.len() >= 4
            && name[..2].iter().all(|u| u.known.is_none())
            && PLACE_HEADS.contains(&word(&name[0]))
            && !name[2..].iter().any(|u| u.known.is_some())
        {
            out.push(new(text, &name[..2], EntityKind::Place, FoundBy::NameWord));
            out.push(new(text, &name[2..], EntityKind::Person, FoundBy::Title));
            return false;
        }
        // `Kabid Pembinaan dan Prestasi Persatuan … (PBSI)`: before the acronym's body,
        // the rest of the portfolio.
        if acronym_after(after).is_some()
            && let Some(head) = name
                .iter()
                .position(|u| u.known.is_none() && ORG_HEADS.contains(&word(u)))
                .filter(|&j| j > 0 && j + 1 < name.len())
        {
            name = &name[head..];
        }
        // `Kepala Pusat Gempa Bumi dan Tsunami BMKG Daryono`, `Anggota Komisi X DPR Andi
        // Muawiyah Ramly`: a known body or place, then the name (in which a known
        // person's name may stand: `… Makassar Muhammad Arif Anwar`).
        if let Some(j) = name.iter().rposition(|u| {
            u.known.is_some_and(|p| {
                gazetteer
                    .owners(p)
                    .iter()
                    .all(|e| gazetteer.kind(*e) != EntityKind::Person)
            })
        }) && j + 1 < name.len()
            && j > 0
        {
            // `Direktur Reserse Kriminal Khusus Polda Kepri Kombes Silvester Simamora`:
            // the body from its head, the name after its rank.
            if let Some(h) =
                (0..j).find(|&h| name[h].known.is_none() && ORG_HEADS.contains(&word(&name[h])))
            {
                out.push(new(
                    text,
                    &name[h..=j],
                    EntityKind::Organisation,
                    FoundBy::NameWord,
                ));
            } else if let Some(p) = name[j].known {
                out.push(known(text, &name[j], p));
            }
            let person = &name[j + 1..];
            let ranks = person
                .iter()
                .take_while(|u| u.known.is_none() && TITLES.contains(&word(u)))
                .count();
            if ranks < person.len() {
                out.push(new(
                    text,
                    &person[ranks..],
                    EntityKind::Person,
                    FoundBy::Title,
                ));
            }
            return false;
        }
        // `Aktivis Yayasan Pusaka Bentala Rakyat Franky Samperante`: a body named in
        // common words, then a name in words no dictionary has.
        if name.len() >= 4
            && name.iter().all(|u| u.known.is_none())
            && ORG_HEADS.contains(&word(&name[0]))
            && !name_follows_comma(after)
            && acronym_after(after).is_none()
        {
            let common = 1 + name[1..]
                .iter()
                .take_while(|u| is_plain_word(word(u)) || CONNECTORS.contains(&word(u)))
                .count();
            if common >= 2
                && name.len() - common >= 2
                && name[common..]
                    .iter()
                    .all(|u| !is_plain_word(word(u)) && !is_acronym(word(u)))
            {
                out.push(new(
                    text,
                    &name[..common],
                    EntityKind::Organisation,
                    FoundBy::NameWord,
                ));
                out.push(new(
                    text,
                    &name[common..],
                    EntityKind::Person,
                    FoundBy::Title,
                ));
                return false;
            }
        }
        // `Sekretaris Jenderal Koalisi Nelayan … (KNTN), Rosdiana`, `Analis Mirae Asset
        // Sekuritas, Christopher Rusli`: the body, then the name.
        if name.len() > 1
            && name[0].known.is_none()
            && (ORG_HEADS.contains(&word(&name[0]))
                || name_follows_comma(after) && ORG_TAILS.contains(&word(&name[name.len() - 1])))
        {
            let rule = if acronym_after(after).is_some() {
                FoundBy::Acronym
            } else {
                FoundBy::NameWord
            };
            out.push(new(text, name, EntityKind::Organisation, rule));
            return name_follows_title(after);
        }
        // `Ketua Aptrindo Jawa Timur, Slamet Riyadi,`: a body and its region, then the
        // name.
        let unknown = name.iter().take_while(|u| u.known.is_none()).count();
        if unknown > 0
            && unknown < name.len()
            && name[unknown..].iter().all(|u| u.known.is_some())
            && name_follows_comma(after)
        {
            out.push(new(
                text,
                &name[..unknown],
                EntityKind::Organisation,
                FoundBy::Noun,
            ));
            for unit in &name[unknown..] {
                if let Some(p) = unit.known {
                    out.push(known(text, unit, p));
                }
            }
            return true;
        }
        // `CEO Tanijaya, Laras Handayani`: one word, then a comma and a name.
        if name.len() == 1 && name_follows_comma(after) {
            out.push(new(text, name, EntityKind::Organisation, FoundBy::Noun));
            return true;
        }
        // `Kepala Ekonom Permata Bank Josua Pardede`: an organisation, then the name.
        if let Some(tail) = (0..name.len().saturating_sub(1)).rev().find(|&j| {
            name[j].known.is_none() && ORG_TAILS.contains(&word(&name[j])) && j + 1 < name.len()
        }) {
            out.push(new(
                text,
                &name[..=tail],
                EntityKind::Organisation,
                FoundBy::NameWord,
            ));
            out.push(new(
                text,
                &name[tail + 1..],
                EntityKind::Person,
                FoundBy::Title,
            ));
            return false;
        }
        // `Former Chicago Bulls star …`: an English word after a title is not a name.
        if let [only] = name
            && is_english_word(word(only))
            && !is_given_name(word(only))
        {
            return false;
        }
        out.push(new(text, name, EntityKind::Person, FoundBy::Title));
        return false;
    }
    if i == run.len() {
        return false;
    }
    let run = &run[i..];
    // A name's own first or last word.
    let first = word(&run[0]);
    let last = word(&run[run.len() - 1]);
    if run.len() > 1 || run[0].known.is_none() {
        let whole_known = run.len() == 1 && run[0].known.is_some();
        if !whole_known {
            let of_body = run.windows(2).any(|w| {
                w[0].known.is_none()
                    && (ORG_HEADS.contains(&word(&w[0])) || ORG_TAILS.contains(&word(&w[0])))
                    && OF.contains(&word(&w[1]))
            });
            // `Dewan Perwakilan Rakyat Daerah (DPRD)`: a known body's name, made longer.
            let longer_body = acronym_after(after).is_some()
                && run.len() > 1
                && run[0]
                    .known
                    .is_some_and(|p| gazetteer.only(p, EntityKind::Organisation))
                && run[1..].iter().all(|u| u.known.is_none());
            let kind = if (run[0].known.is_none() && ORG_HEADS.contains(&first) && run.len() > 1)
                || of_body
                || longer_body
            {
                Some(EntityKind::Organisation)
            } else if run[0].known.is_none() && PLACE_HEADS.contains(&first) && run.len() > 1 {
                Some(EntityKind::Place)
            } else if run.len() > 1
                && run[run.len() - 1].known.is_none()
                && ORG_TAILS.contains(&last)
            {
                Some(EntityKind::Organisation)
            } else if let [.., tail, country] = run
                && tail.known.is_none()
                && ORG_TAILS.contains(&word(tail))
                && is_english_word(word(tail))
                && run[..run.len() - 1].iter().all(|u| u.known.is_none())
                && country.token_end - country.token == 1
                && country.known.is_some_and(|p| {
                    gazetteer.owners(p).iter().all(|e| {
                        gazetteer.kind(*e) == EntityKind::Place && !gazetteer.is_within(*e)
                    })
                })
            {
                // `National Film Development Corporation Malaysia`: a body and its
                // country, in its English name.
                Some(EntityKind::Organisation)
            } else if run.len() > 1
                && run[run.len() - 1].known.is_none()
                && PLACE_TAILS.contains(&last)
                // `Kaukasus Selatan`, `Bandung Raya`: a known place's part is a place.
                && run.iter().all(|u| {
                    u.known.is_none_or(|p| {
                        gazetteer.only(p, EntityKind::Place)
                    })
                })
            {
                Some(EntityKind::Place)
            } else {
                None
            };
            if let Some(kind) = kind {
                let rule = if acronym_after(after).is_some() {
                    FoundBy::Acronym
                } else {
                    FoundBy::NameWord
                };
                out.push(new(text, run, kind, rule));
                return false;
            }
        }
    }
    // Known names, and the unknown words between them.
    let body = |p: usize| gazetteer.only(p, EntityKind::Organisation);
    let mut k = 0;
    while k < run.len() {
        if let Some(p) = run[k].known {
            // `Kementerian Pertahanan Taiwan`: another country's ministry, not ours.
            if let Some(next) = run.get(k + 1)
                && body(p)
                && ORG_HEADS.contains(&tokens[run[k].token].word)
                && next.token_end - next.token == 1
                && next.known.is_some_and(|q| {
                    gazetteer.owners(q).iter().all(|e| {
                        gazetteer.kind(*e) == EntityKind::Place
                            && !gazetteer.is_within(*e)
                            && gazetteer.slug(*e) != "indonesia"
                    })
                })
            {
                out.push(new(
                    text,
                    &run[k..=k + 1],
                    EntityKind::Organisation,
                    FoundBy::NameWord,
                ));
                k += 2;
                continue;
            }
            // `United Nations Security Council`: a known body's organ, named whole.
            if let Some(next) = run.get(k + 1)
                && next.known.is_some_and(body)
                && body(p)
                && next.token_end - next.token > 1
                && !is_acronym(tokens[next.token].word)
            {
                out.push(new(
                    text,
                    &run[k..=k + 1],
                    EntityKind::Organisation,
                    FoundBy::NameWord,
                ));
                k += 2;
                continue;
            }
            out.push(known(text, &run[k], p));
            k += 1;
            continue;
        }
        let mut end = k;
        while end + 1 < run.len() && run[end + 1].known.is_none() {
            end += 1;
        }
        // `Kim Ju Ae`: a known first name and unknown words are someone else.
        if k > 0
            && let Some(p) = run[k - 1].known
            && run[k - 1].token_end - run[k - 1].token == 1
            && gazetteer.only(p, EntityKind::Person)
            && out
                .last()
                .is_some_and(|c| c.known == Some(p) && c.start == run[k - 1].start)
        {
            out.pop();
            out.push(new(
                text,
                &run[k - 1..=end],
                EntityKind::Person,
                FoundBy::Capitalised,
            ));
            k = end + 1;
            continue;
        }
        // `Michael Jordan`: unknown words and a last known word are one name.
        if end + 2 == run.len() && run[end + 1].token_end - run[end + 1].token == 1 {
            end += 1;
        }
        let segment = &run[k..=end];
        let (sfirst, slast) = (word(&segment[0]), word(&segment[segment.len() - 1]));
        if segment.len() > 1 {
            let kind = if ORG_HEADS.contains(&sfirst) || ORG_TAILS.contains(&slast) {
                Some(EntityKind::Organisation)
            } else if PLACE_HEADS.contains(&sfirst) || PLACE_TAILS.contains(&slast) {
                Some(EntityKind::Place)
            } else {
                None
            };
            if let Some(kind) = kind {
                out.push(new(text, segment, kind, FoundBy::NameWord));
                k = end + 1;
                continue;
            }
        }
        let whole = k == 0 && end + 1 == run.len();
        let kind_rule = if whole
            && in_parens
            && segment.len() == 1
            && (is_acronym(word(&segment[0])) || is_camel(word(&segment[0])))
        {
            Some((EntityKind::Organisation, FoundBy::Acronym))
        } else {
            context(
                part,
                segment,
                tokens,
                before,
                after,
                k == 0,
                end + 1 == run.len(),
                (person_by_comma, comma_before),
            )
        };
        out.push(Candidate {
            text,
            start: segment[0].start,
            end: segment[segment.len() - 1].end,
            kind: kind_rule.map(|(k, _)| k),
            known: None,
            rule: kind_rule.map_or(FoundBy::Capitalised, |(_, r)| r),
            doubtful: false,
        });
        k = end + 1;
    }
    false
}

/// What the words around an unknown name say it is.
#[allow(clippy::too_many_arguments)]
fn context(
    part: Part,
    segment: &[Unit],
    tokens: &[Token<'_>],
    before: &[&str],
    after: &str,
    at_start: bool,
    at_end: bool,
    (person_by_comma, comma_before): (bool, bool),
) -> Option<(EntityKind, FoundBy)> {
    let words: Vec<&str> = segment
        .iter()
        .flat_map(|u| tokens[u.token..u.token_end].iter().map(|t| t.word))
        .collect();
    if part == Part::Dateline {
        return Some((EntityKind::Place, FoundBy::Dateline));
    }
    if part == Part::Speaker {
        return Some((EntityKind::Person, FoundBy::Speaker));
    }
    if at_end && acronym_after(after).is_some() && words.len() > 1 {
        return Some((EntityKind::Organisation, FoundBy::Acronym));
    }
    if person_by_comma && at_start {
        return Some((EntityKind::Person, FoundBy::Title));
    }
    // The lowercase word right before the name, when the name opens the run.
    let role = before.get(1).filter(|_| at_start).map(|b| b.to_lowercase());
    let before = before
        .first()
        .filter(|_| at_start)
        .map(|b| b.to_lowercase())
        .unwrap_or_default();
    let before = before.as_str();
    if SAYING.contains(&before) || BEFORE_SPEAKER.contains(&before) {
        return Some((EntityKind::Person, FoundBy::Speaker));
    }
    // `Tokopedia, the marketplace it bought`: a body, in apposition.
    if at_end && let Some(rest) = after.strip_prefix(", ") {
        let mut next = rest
            .split_whitespace()
            .map(|w| w.trim_end_matches(|c: char| !c.is_alphabetic()));
        // `Bio Farma, the state vaccine maker`: the noun within a few words.
        let body = match next.next() {
            Some("the" | "a" | "an") => next.take(3).any(|w| BODY_NOUNS.contains(&w)),
            w => w.is_some_and(|w| BODY_NOUNS.contains(&w)),
        };
        if body {
            return Some((EntityKind::Organisation, FoundBy::Noun));
        }
        // `Timbulsloko, a village on the north coast`: a place, in apposition.
        let mut next = rest
            .split_whitespace()
            .map(|w| w.trim_end_matches(|c: char| !c.is_alphabetic()));
        let place = match next.next() {
            Some("the" | "a" | "an") => next.take(2).any(|w| PLACE_NOUNS.contains(&w)),
            w => w.is_some_and(|w| PLACE_NOUNS.contains(&w)),
        };
        if place {
            return Some((EntityKind::Place, FoundBy::Noun));
        }
    }
    // `warga Baleendah, mengatakan`, `in Charlotte, joked`: a place, whoever speaks.
    if BEFORE_PLACE.contains(&before) && !AMBIGUOUS_BEFORE_PLACE.contains(&before) {
        return Some((EntityKind::Place, FoundBy::Preposition));
    }
    // `Sutrisno, petani di …`, `Daeng Ngai, warga Bontoharu`: someone, in apposition.
    if at_end
        && let Some(rest) = after.strip_prefix(", ")
        && rest
            .split_whitespace()
            .next()
            .is_some_and(|w| PERSON_NOUNS.contains(&w) || BEFORE_PERSON.contains(&w))
    {
        return Some((EntityKind::Person, FoundBy::Noun));
    }
    if BEFORE_PERSON.contains(&before) {
        return Some((EntityKind::Person, FoundBy::Noun));
    }
    // `Juru bicara perusahaan, Hendra Kusuma,`: after a comma the noun is someone's.
    if BEFORE_ORG.contains(&before) && !comma_before {
        return Some((EntityKind::Organisation, FoundBy::Noun));
    }
    // `analysts at Morgan Stanley`, `peneliti di Indef`: where someone works.
    if (before == "at" || before == "di")
        && role
            .as_ref()
            .is_some_and(|r| ROLES_AT.contains(&r.as_str()))
    {
        return Some((EntityKind::Organisation, FoundBy::Noun));
    }
    // A name after a preposition is not who speaks (`analysts at X said`).
    if at_end
        && !BEFORE_PLACE.contains(&before)
        && let Some(next) = word_after(after)
        && AFTER_SPEAKER.contains(&next.as_str())
        && !words.iter().any(|w| is_acronym(w))
    {
        // `Microsoft said last year`: one word before an English verb of saying is
        // more often a body; someone is named whole first (and then by their short
        // name, which the article as a whole resolves).
        if words.len() == 1 && is_english_word(&next) {
            return Some((EntityKind::Organisation, FoundBy::Capitalised));
        }
        return Some((EntityKind::Person, FoundBy::Speaker));
    }
    if words.len() == 1 && (is_acronym(words[0]) || is_camel(words[0])) {
        return Some((EntityKind::Organisation, FoundBy::Capitalised));
    }
    // `lost to Coco Gauff`, `according to …`: not where one goes.
    if BEFORE_PLACE.contains(&before)
        && !role.is_some_and(|r| BEFORE_TO_SOMEONE.contains(&r.as_str()))
    {
        return Some((EntityKind::Place, FoundBy::Preposition));
    }
    None
}

/// Schwartz and Hearst's long form of an acronym among a run's units: the index of the
/// first unit of the shortest tail of the run whose letters spell it, in order, the
/// first letter at a word's start (`Gabungan Pengusaha Kelapa Sawit Indonesia` for
/// `GAPKI`).
fn spelled_by(tokens: &[Token<'_>], units: &[Unit], acronym: &str) -> Option<usize> {
    let letters: Vec<char> = acronym
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect();
    // (unit, letter, opens a word)
    let mut chars: Vec<(usize, char, bool)> = Vec::new();
    for (u, unit) in units.iter().enumerate() {
        for token in &tokens[unit.token..unit.token_end] {
            for (i, c) in token.word.chars().flat_map(char::to_lowercase).enumerate() {
                chars.push((u, c, i == 0));
            }
        }
    }
    let mut at = chars.len();
    for (k, letter) in letters.iter().enumerate().rev() {
        loop {
            at = at.checked_sub(1)?;
            let (_, c, opens) = chars[at];
            if c == *letter && (k > 0 || opens) {
                break;
            }
        }
    }
    let first = chars[at].0;
    // A word's start, not the inside of a known name.
    let starts_unit = chars[..at].last().is_none_or(|(u, ..)| *u != first);
    let words: usize = units[first..].iter().map(|u| u.token_end - u.token).sum();
    (starts_unit && words <= (letters.len() + 5).min(letters.len() * 2)).then_some(first)
}

/// Whether a comma and a capitalised word that is not a title follow (`, Slamet`).
fn name_follows_comma(after: &str) -> bool {
    after.strip_prefix(", ").is_some_and(|rest| {
        rest.split_whitespace()
            .next()
            .is_some_and(|w| capitalised(w) && !TITLES.contains(&w))
    })
}

/// Whether a run of capitalised words may be a name: not only common words. Several
/// Indonesian words may be one (`Rahmat Hidayat Pulungan`); English ones seldom.
fn plausible(name: &str) -> bool {
    let several = name.contains(char::is_whitespace);
    name.split_whitespace().any(|w| {
        w.chars().count() > 2
            && if several {
                !is_english_word(w) && !is_stop_word(w)
            } else {
                !is_common_word(w)
            }
    })
}

fn new(text: usize, units: &[Unit], kind: EntityKind, rule: FoundBy) -> Candidate {
    Candidate {
        text,
        start: units[0].start,
        end: units[units.len() - 1].end,
        kind: Some(kind),
        known: None,
        rule,
        doubtful: false,
    }
}

/// Reads the article as a whole: decides namesakes, gives names their kind from
/// their other mentions, and finds the names again in title-case texts.
fn decide(
    gazetteer: &Gazetteer,
    texts: &[Text<'_>],
    mut candidates: Vec<Candidate>,
    titled: &[usize],
) -> Vec<Found> {
    let name = |c: &Candidate| &texts[c.text].text[c.start..c.end];
    // Capitalised words with nothing around them to say what they are: most often
    // someone's name, whose first and last names then name them too.
    for c in &mut candidates {
        let n = name(c);
        if c.known.is_none()
            && c.kind.is_none()
            && !c.doubtful
            && n.contains(char::is_whitespace)
            && plausible(n)
            && !n.split_whitespace().any(is_acronym)
        {
            c.kind = Some(EntityKind::Person);
        }
    }
    // A body's own word (`Persib` of `Persib Bandung`, `Samsung` of `Samsung
    // Electronics`) names it alone, and before a name after a title is its
    // affiliation (`Pelatih Persib Bojan Hodak`).
    let mut bodies: HashMap<String, String> = HashMap::new();
    for c in &candidates {
        if c.known.is_none() && c.kind == Some(EntityKind::Organisation) {
            let n = name(c);
            match n.split_whitespace().collect::<Vec<_>>()[..] {
                [one] => {
                    bodies.insert(one.to_owned(), n.to_owned());
                }
                [first, last] if ORG_TAILS.contains(&last) || !gazetteer.named(last).is_empty() => {
                    bodies.insert(first.to_owned(), n.to_owned());
                }
                _ => {}
            }
        }
    }
    let mut affiliations = Vec::new();
    for c in &mut candidates {
        if c.known.is_none() && c.kind == Some(EntityKind::Person) && c.rule == FoundBy::Title {
            let n = name(c);
            if let Some((first, rest)) = n.split_once(' ')
                && bodies.contains_key(first)
                && rest.contains(' ')
            {
                affiliations.push(Candidate {
                    end: c.start + first.len(),
                    kind: Some(EntityKind::Organisation),
                    rule: FoundBy::Repeat,
                    ..*c
                });
                c.start += n.len() - rest.len();
            }
        }
    }
    candidates.extend(affiliations);
    // Unambiguous known names, counted, to decide the ambiguous ones.
    let mut mentioned: HashMap<usize, usize> = HashMap::new();
    for c in &candidates {
        if let Some(p) = c.known
            && let [one] = gazetteer.owners(p)
        {
            *mentioned.entry(*one).or_default() += 1;
        }
    }
    // Which entity each known name is here, decided once a name (a country's places
    // are many, and each of its mentions asked them all again).
    let decided: HashMap<usize, usize> = candidates
        .iter()
        .filter_map(|c| c.known)
        .collect::<HashSet<usize>>()
        .into_iter()
        .map(|p| (p, gazetteer.decide(p, &mentioned)))
        .collect();
    // The places the article names, as the gazetteer decides them: a district's
    // name is a place where its regency or city is named.
    let named: HashSet<&str> = decided.values().map(|&e| gazetteer.slug(e)).collect();
    // New names with a kind, by their words; people also by their first and last
    // names.
    let mut kinds: HashMap<String, (EntityKind, FoundBy, String)> = HashMap::new();
    let mut short: HashMap<String, Option<String>> = HashMap::new();
    let mut by_strength: Vec<&Candidate> = candidates.iter().filter(|c| c.kind.is_some()).collect();
    by_strength.sort_by_key(|c| rank(c.rule));
    for c in &by_strength {
        let (Some(kind), n) = (c.kind, name(c).to_owned()) else {
            continue;
        };
        kinds.entry(n.clone()).or_insert((kind, c.rule, n.clone()));
        if kind == EntityKind::Person {
            let words: Vec<&str> = n.split_whitespace().collect();
            if words.len() > 1 {
                for w in [words[0], words[words.len() - 1]] {
                    if w.chars().count() > 2 && !PARTICLES.contains(&w) && !is_acronym(w) {
                        short
                            .entry(w.to_owned())
                            .and_modify(|o| {
                                if o.as_deref() != Some(n.as_str()) {
                                    *o = None;
                                }
                            })
                            .or_insert(Some(n.clone()));
                    }
                }
            }
        }
    }
    // `Sentani` after `Distrik Sentani`.
    for (n, (kind, _, _)) in &kinds {
        if *kind == EntityKind::Place
            && let Some((head, rest)) = n.split_once(' ')
            && ADMIN_HEADS.contains(&head)
            && !is_common_word(rest)
        {
            short
                .entry(rest.to_owned())
                .or_insert_with(|| Some(n.clone()));
        }
    }
    let people_words: HashSet<&str> = kinds
        .iter()
        .filter(|(_, (kind, ..))| *kind == EntityKind::Person)
        .flat_map(|(n, _)| n.split_whitespace())
        .collect();
    for (word, full) in &bodies {
        if word != full {
            short
                .entry(word.clone())
                .or_insert_with(|| Some(full.clone()));
        }
    }
    // Known people's first and last names too (`Prabowo` after `Prabowo Subianto`).
    let mut known_short: HashMap<String, usize> = HashMap::new();
    for c in &candidates {
        if let Some(p) = c.known
            && let [e] = gazetteer.owners(p)
            && gazetteer.kind(*e) == EntityKind::Person
        {
            let n = name(c);
            let words: Vec<&str> = n.split_whitespace().collect();
            if words.len() > 1 {
                for w in [words[0], words[words.len() - 1]] {
                    known_short.insert(w.to_owned(), *e);
                }
            }
        }
    }
    // Title-case texts: the article's names found again, whole or by their short
    // forms (`Sinner Beats Alcaraz`).
    // A short form only where no other name is (`Jordan` the country stays).
    let mut names: Vec<(&str, EntityKind, FoundBy, bool)> = kinds
        .iter()
        .map(|(n, (k, r, _))| (n.as_str(), *k, *r, false))
        .collect();
    for (n, full) in &short {
        if let Some(full) = full
            && let Some((kind, rule, _)) = kinds.get(full)
        {
            names.push((n.as_str(), *kind, *rule, true));
        }
    }
    for &t in titled {
        let text = texts[t].text;
        for &(n, kind, rule, short_form) in &names {
            for (start, _) in text.match_indices(n) {
                let end = start + n.len();
                let whole = !text[..start]
                    .chars()
                    .next_back()
                    .is_some_and(char::is_alphanumeric)
                    && !text[end..]
                        .chars()
                        .next()
                        .is_some_and(char::is_alphanumeric);
                // A longer name takes the place of the known names inside it (`Persib
                // Bandung` over `Bandung`); names that reach beyond it stay.
                let taken = candidates.iter().any(|c| {
                    c.text == t
                        && c.start < end
                        && start < c.end
                        && (short_form || c.start < start || end < c.end)
                });
                // `Win Shanghai Masters`: not inside an event's name.
                let event = text[end..]
                    .split_whitespace()
                    .next()
                    .is_some_and(|w| NOT_ENTITY.contains(&w));
                if whole && !taken && !event {
                    candidates.retain(|c| !(c.text == t && start <= c.start && c.end <= end));
                    candidates.push(Candidate {
                        text: t,
                        start,
                        end,
                        kind: Some(kind),
                        known: None,
                        rule: if keeps_rule(rule) {
                            rule
                        } else {
                            FoundBy::Repeat
                        },
                        doubtful: false,
                    });
                }
            }
        }
    }
    candidates.sort_by_key(|c| (c.text, c.start));
    let mut found = Vec::new();
    for c in candidates {
        if let Some(p) = c.known {
            let e = decided
                .get(&p)
                .copied()
                .unwrap_or_else(|| gazetteer.decide(p, &mentioned));
            found.push(Found {
                text: c.text,
                start: c.start,
                end: c.end,
                kind: gazetteer.kind(e),
                target: Target::Known(e),
                rule: FoundBy::Gazetteer,
            });
            continue;
        }
        let n = name(&c).to_owned();
        if let Some(&e) = known_short.get(&n) {
            found.push(Found {
                text: c.text,
                start: c.start,
                end: c.end,
                kind: EntityKind::Person,
                target: Target::Known(e),
                rule: FoundBy::Gazetteer,
            });
            continue;
        }
        // A person's first or last name alone is that person (`Sulastri` after
        // `Sulastri Handoko`), whatever else it was found as.
        let (kind, rule, canonical) = if let Some(Some(full)) = short.get(&n) {
            let (kind, rule, _) = kinds[full];
            (
                kind,
                if keeps_rule(rule) {
                    rule
                } else {
                    FoundBy::Repeat
                },
                full.clone(),
            )
        } else if let Some((kind, rule, full)) = kinds.get(&n) {
            (*kind, stronger(*rule, c.rule), full.clone())
        } else if let Some(None) = short.get(&n)
            && people_words.contains(n.as_str())
        {
            // `Duterte` after `Sara Duterte` and `Rodrigo Duterte`: one of them.
            (EntityKind::Person, FoundBy::Repeat, n.clone())
        } else if c.doubtful {
            continue;
        } else if let Some(kind) = c.kind {
            (kind, c.rule, n.clone())
        } else {
            if !plausible(&n) {
                continue;
            }
            // One capitalised word alone, with no title or verb to make it a person:
            // most often a company, a team or a body (`Infineon`, `McLaren`, `Rennes`).
            (EntityKind::Organisation, FoundBy::Capitalised, n.clone())
        };
        let (kind, rule) = if !matches!(
            rule,
            FoundBy::Acronym | FoundBy::Title | FoundBy::Speaker | FoundBy::NameWord
        ) && district_of(&canonical).any(|r| named.contains(r))
        {
            (EntityKind::Place, FoundBy::District)
        } else {
            (kind, rule)
        };
        found.push(Found {
            text: c.text,
            start: c.start,
            end: c.end,
            kind,
            target: Target::New(canonical),
            rule,
        });
    }
    // A new name's rule is the strongest it was found by anywhere.
    let mut strongest: HashMap<String, FoundBy> = HashMap::new();
    for f in &found {
        if let Target::New(n) = &f.target {
            strongest
                .entry(n.clone())
                .and_modify(|r| *r = stronger(*r, f.rule))
                .or_insert(f.rule);
        }
    }
    for f in &mut found {
        if let Target::New(n) = &f.target {
            f.rule = strongest[n];
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Vec<(String, EntityKind, FoundBy)> {
        let g = Gazetteer::compiled().expect("gazetteer");
        let texts = [Text {
            part: Part::Paragraph,
            text,
        }];
        recognise(&g, &texts)
            .into_iter()
            .map(|f| (text[f.start..f.end].to_owned(), f.kind, f.rule))
            .collect()
    }

    #[test]
    fn a_title_makes_a_person_and_its_portfolio_is_not_the_name() {
        let found = read("Menteri Perdagangan Budi Santoso mengatakan ekspor naik.");
        assert_eq!(
            found,
            [("Budi Santoso".into(), EntityKind::Person, FoundBy::Title)]
        );
    }

    #[test]
    fn an_acronym_definition_is_an_organisation() {
        let found =
            read("Data dari Asosiasi Penambang Nikel Indonesia (APNI) menunjukkan kenaikan.");
        assert_eq!(found[0].0, "Asosiasi Penambang Nikel Indonesia");
        assert_eq!(found[0].1, EntityKind::Organisation);
        assert_eq!(found[1].0, "APNI");
        assert_eq!(found[1].1, EntityKind::Organisation);
    }

    fn has(found: &[(String, EntityKind, FoundBy)], name: &str, kind: EntityKind) -> bool {
        found.iter().any(|(n, k, _)| n == name && *k == kind)
    }

    #[test]
    fn a_demonym_before_a_title_is_not_part_of_the_name() {
        let found = read(
            "Talks went on. Vietnamese Prime Minister Pham Minh Chinh and Indonesians agreed.",
        );
        assert!(
            has(&found, "Pham Minh Chinh", EntityKind::Person),
            "{found:?}"
        );
        assert!(
            !found
                .iter()
                .any(|(n, _, _)| n.contains("Vietnamese") || n == "Indonesians")
        );
    }

    #[test]
    fn a_district_is_a_place_only_where_its_regency_is_named() {
        let found = read("Banjir melanda Kabupaten Bandung. Warga di Baleendah mengungsi.");
        assert!(
            found.contains(&("Baleendah".into(), EntityKind::Place, FoundBy::District)),
            "{found:?}"
        );
        let found = read("Banjir melanda Kabupaten Garut. Rumah Baleendah rusak.");
        assert!(
            !found.iter().any(|(_, _, r)| *r == FoundBy::District),
            "{found:?}"
        );
    }

    #[test]
    fn a_word_and_a_city_is_a_club_and_the_word_alone_names_it() {
        let found =
            read("Persib Bandung menang lagi. Pelatih Persib Bojan Hodak memuji pemainnya.");
        assert!(
            has(&found, "Persib Bandung", EntityKind::Organisation),
            "{found:?}"
        );
        assert!(has(&found, "Persib", EntityKind::Organisation), "{found:?}");
        assert!(has(&found, "Bojan Hodak", EntityKind::Person), "{found:?}");
    }

    #[test]
    fn a_ministers_portfolio_is_the_ministrys_name() {
        let found = read("Kemarin Menteri Pemuda dan Olahraga Dito Ariotedjo datang.");
        assert!(
            has(&found, "Dito Ariotedjo", EntityKind::Person),
            "{found:?}"
        );
    }

    #[test]
    fn one_capitalised_word_with_nothing_around_it_is_a_body() {
        let found = read("Shares of chipmakers rose, and Infineon gained most.");
        assert!(
            has(&found, "Infineon", EntityKind::Organisation),
            "{found:?}"
        );
    }

    #[test]
    fn a_mayors_title_keeps_the_city_apart_and_a_rank_is_not_the_name() {
        let found = read(
            "Kemarin Wali Kota Tangerang Sachrudin dan Direktur Reserse Kriminal Polda Kepri Kombes Silvester Simamora datang.",
        );
        for (name, kind) in [
            ("Tangerang", EntityKind::Place),
            ("Sachrudin", EntityKind::Person),
            ("Polda Kepri", EntityKind::Organisation),
            ("Silvester Simamora", EntityKind::Person),
        ] {
            assert!(has(&found, name, kind), "{name}: {found:?}");
        }
        assert!(
            !found.iter().any(|(n, ..)| n == "Kota Tangerang"),
            "{found:?}"
        );
        // The title alone, or cut from the city, is read without harm.
        for text in [
            "Ia Wali Kota",
            "Ia Wali Kota, Tangerang.",
            "Wali Kota Tangerang",
        ] {
            let found = read(text);
            assert!(
                has(&found, "Tangerang", EntityKind::Place) || !text.contains("Tangerang"),
                "{text}: {found:?}"
            );
        }
    }

    #[test]
    fn someone_in_apposition_and_after_lost_to_is_a_person() {
        let found = read(
            "Ia datang. Sutrisno, petani di Brebes, merugi. Juru bicara perusahaan, Hendra Kusuma, menolak. She lost to Coco Gauff.",
        );
        for name in ["Sutrisno", "Hendra Kusuma", "Coco Gauff"] {
            assert!(has(&found, name, EntityKind::Person), "{name}: {found:?}");
        }
    }
}
