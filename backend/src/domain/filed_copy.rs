//! Parses filed copy — a story as a reporter sends it — into structured data.
//!
//! The form (see `content/seed/seed-korut-rusia.txt`):
//!
//! ```text
//! Judul: Optional headline                 ← optional header lines, in any order
//! 13 Juli 2025                             ← date line (Indonesian or English month)
//! Penulis: Redaksi Global Insight          ← byline
//! Tag: Korea Utara, Rusia                  ← optional tags
//! Pyongyang, Korea Utara — The lead …      ← lead, opening with the dateline
//! A Short Sub-heading Without a Full Stop  ← heading
//! A paragraph, one per line.
//! “Quoted words,” ujar Kim dari ….         ← quote block with its speaker
//! - item                                   ← list items (`-`, `•`, `*`, `1.`)
//! ```
//!
//! One paragraph per line; blank lines are ignored.

use super::cues::{SAYING, TITLES};
use chrono::NaiveDate;
use shared::{AuthorKind, Block, Dateline, HeadingBlock, ListBlock, Place, QuoteBlock};

/// A story parsed from filed copy, before it is stored.
#[derive(Debug, Clone, PartialEq)]
pub struct FiledCopy {
    pub headline: String,
    /// True when there was no `Judul:` line and the headline was cut from the lead.
    pub headline_derived: bool,
    pub date: NaiveDate,
    pub byline: Option<String>,
    pub tags: Vec<String>,
    pub dateline: Option<Dateline>,
    pub body: Vec<Block>,
}

/// Why a file is not filed copy, and where.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {message}")]
pub struct ParseError {
    /// 1-based line number in the file.
    pub line: usize,
    pub message: String,
}

fn error(line: usize, message: impl Into<String>) -> ParseError {
    ParseError {
        line,
        message: message.into(),
    }
}

/// Longest derived headline, in characters.
const MAX_DERIVED_HEADLINE: usize = 110;
/// A heading is a short line; longer lines are paragraphs whatever their punctuation.
const MAX_HEADING_CHARS: usize = 120;
const MAX_HEADING_WORDS: usize = 16;

/// The header lines' names, in any case: `Judul: …`, `Penulis: …`, `Tag: …`.
const HEADLINE_KEYS: &[&str] = &["judul", "headline"];
const BYLINE_KEYS: &[&str] = &["penulis", "oleh", "by"];
const TAG_KEYS: &[&str] = &["tag", "tags", "label"];

/// The date line among the header lines `head` (a file's beginning) holds, read without
/// parsing the rest: what an import orders its files by. `None` when the header does
/// not name a valid date within `head`.
pub fn header_date(head: &str) -> Option<NaiveDate> {
    let head = head.strip_prefix('\u{feff}').unwrap_or(head);
    for line in head.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let named = [HEADLINE_KEYS, BYLINE_KEYS, TAG_KEYS]
            .iter()
            .any(|keys| header_value(line, keys).is_some());
        if !named {
            return parse_date_line(line).and_then(Result::ok);
        }
    }
    None
}

pub fn parse_filed_copy(text: &str) -> Result<FiledCopy, ParseError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    // Copy with a character stored text may not hold is refused whole, naming where.
    for (number, line) in text.lines().enumerate() {
        if let Some(c) = shared::render::forbidden_char(line) {
            return Err(error(
                number + 1,
                format!(
                    "contains the control character U+{:04X}, which text may not hold",
                    u32::from(c)
                ),
            ));
        }
    }
    let lines: Vec<(usize, &str)> = text
        .lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim()))
        .filter(|(_, l)| !l.is_empty())
        .collect();

    let mut headline = None;
    let mut date = None;
    let mut byline = None;
    let mut tags = Vec::new();
    let mut rest = lines.as_slice();
    while let Some(&(number, line)) = rest.first() {
        if let Some(value) = header_value(line, HEADLINE_KEYS) {
            headline = Some(non_empty(number, "Judul", value)?.to_owned());
        } else if let Some(value) = header_value(line, BYLINE_KEYS) {
            byline = Some(non_empty(number, "Penulis", value)?.to_owned());
        } else if let Some(value) = header_value(line, TAG_KEYS) {
            tags = value
                .split(',')
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .map(str::to_owned)
                .collect();
        } else if let Some(parsed) = parse_date_line(line) {
            if date.is_some() {
                return Err(error(number, "a second date line"));
            }
            date = Some(parsed.map_err(|message| error(number, message))?);
        } else {
            break;
        }
        rest = &rest[1..];
    }

    let Some(&(lead_number, lead_line)) = rest.first() else {
        let last = lines.last().map_or(1, |(n, _)| *n);
        return Err(error(last, "no story text after the header lines"));
    };
    let Some(date) = date else {
        return Err(error(
            lead_number,
            format!(
                "expected a date line such as `13 Juli 2025` before the story, found `{}`",
                preview(lead_line)
            ),
        ));
    };

    let (dateline, lead) = split_dateline(lead_line);
    if lead.is_empty() {
        return Err(error(lead_number, "the lead has a dateline but no text"));
    }
    let mut body = vec![Block::paragraph(lead)];
    let mut list: Option<(bool, Vec<String>)> = None;
    for &(_, line) in &rest[1..] {
        if let Some((ordered, item)) = list_item(line) {
            match &mut list {
                Some((list_ordered, items)) if *list_ordered == ordered => {
                    items.push(item.to_owned());
                }
                _ => {
                    flush_list(&mut list, &mut body);
                    list = Some((ordered, vec![item.to_owned()]));
                }
            }
            continue;
        }
        flush_list(&mut list, &mut body);
        body.push(if is_heading(line) {
            Block::Heading(HeadingBlock {
                level: 2,
                text: line.to_owned(),
            })
        } else if let Some(quote) = parse_quote(line) {
            quote
        } else {
            Block::paragraph(line)
        });
    }
    flush_list(&mut list, &mut body);

    let (headline, headline_derived) = match headline {
        Some(headline) => (headline, false),
        None => (derive_headline(lead), true),
    };
    Ok(FiledCopy {
        headline,
        headline_derived,
        date,
        byline,
        tags,
        dateline,
        body,
    })
}

fn flush_list(list: &mut Option<(bool, Vec<String>)>, body: &mut Vec<Block>) {
    if let Some((ordered, items)) = list.take() {
        body.push(Block::List(ListBlock { ordered, items }));
    }
}

fn non_empty<'a>(line: usize, name: &str, value: &'a str) -> Result<&'a str, ParseError> {
    if value.is_empty() {
        Err(error(line, format!("`{name}:` has no value")))
    } else {
        Ok(value)
    }
}

fn preview(line: &str) -> String {
    const MAX: usize = 60;
    if line.chars().count() <= MAX {
        line.to_owned()
    } else {
        format!("{}…", line.chars().take(MAX).collect::<String>())
    }
}

/// `Penulis: Redaksi` → `Some("Redaksi")` for key `penulis` (case-insensitive).
fn header_value<'a>(line: &'a str, keys: &[&str]) -> Option<&'a str> {
    let (key, value) = line.split_once(':')?;
    keys.iter()
        .any(|k| key.trim().eq_ignore_ascii_case(k))
        .then(|| value.trim())
}

/// `None` when the line is not a date line at all; `Some(Err)` when it looks like
/// one (day, month name, year) but names no real day.
fn parse_date_line(line: &str) -> Option<Result<NaiveDate, String>> {
    // An optional weekday: `Minggu, 13 Juli 2025`, `Sunday, July 13, 2025`.
    let line = match line.split_once(',') {
        Some((weekday, rest)) if is_weekday(weekday.trim()) => rest.trim(),
        _ => line,
    };
    let words: Vec<&str> = line
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .collect();
    let (day, month, year) = match words.as_slice() {
        [day, month, year] if day.chars().all(|c| c.is_ascii_digit()) => (*day, *month, *year),
        [month, day, year] if day.chars().all(|c| c.is_ascii_digit()) => (*day, *month, *year),
        _ => return None,
    };
    let month = month_number(month)?;
    let (Ok(day), Ok(year)) = (day.parse::<u32>(), year.parse::<i32>()) else {
        return None;
    };
    if !(1000..=9999).contains(&year) {
        return None;
    }
    Some(
        NaiveDate::from_ymd_opt(year, month, day)
            .ok_or_else(|| format!("`{line}` is not a date: there is no such day")),
    )
}

/// A day's or a month's name, written out (`Senin`, `July`).
pub(crate) fn is_calendar_word(word: &str) -> bool {
    is_weekday(word) || (word.len() > 3 && month_number(word).is_some())
}

fn is_weekday(word: &str) -> bool {
    const WEEKDAYS: &[&str] = &[
        "senin",
        "selasa",
        "rabu",
        "kamis",
        "jumat",
        "jum'at",
        "sabtu",
        "minggu",
        "ahad",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ];
    WEEKDAYS.contains(&word.to_lowercase().as_str())
}

fn month_number(name: &str) -> Option<u32> {
    const MONTHS: &[(u32, &[&str])] = &[
        (1, &["januari", "january", "jan"]),
        (2, &["februari", "pebruari", "february", "feb"]),
        (3, &["maret", "march", "mar"]),
        (4, &["april", "apr"]),
        (5, &["mei", "may"]),
        (6, &["juni", "june", "jun"]),
        (7, &["juli", "july", "jul"]),
        (8, &["agustus", "august", "agu", "agt", "aug"]),
        (9, &["september", "sep", "sept"]),
        (10, &["oktober", "october", "okt", "oct"]),
        (11, &["november", "nopember", "nov", "nop"]),
        (12, &["desember", "december", "des", "dec"]),
    ];
    let name = name.trim_end_matches('.').to_lowercase();
    MONTHS
        .iter()
        .find(|(_, names)| names.contains(&name.as_str()))
        .map(|(n, _)| *n)
}

/// `Pyongyang, Korea Utara — Hubungan …` → the dateline and the lead without it.
fn split_dateline(lead: &str) -> (Option<Dateline>, &str) {
    for dash in [" — ", " – ", " -- "] {
        let Some((place, rest)) = lead.split_once(dash) else {
            continue;
        };
        let place = place.trim();
        let plausible = !place.is_empty()
            && place.chars().count() <= 60
            && place.split_whitespace().count() <= 8
            && !place.contains(['.', '“', '”', '"'])
            && place.chars().next().is_some_and(char::is_uppercase);
        if !plausible {
            return (None, lead);
        }
        let mut parts = place.splitn(2, ',').map(str::trim);
        let city = parts.next().unwrap_or_default().to_owned();
        let country = parts.next().filter(|c| !c.is_empty()).map(str::to_owned);
        let dateline = Dateline {
            text: place.to_owned(),
            place: Place { city, country },
        };
        return (Some(dateline), rest.trim());
    }
    (None, lead)
}

fn list_item(line: &str) -> Option<(bool, &str)> {
    for bullet in ["- ", "• ", "* "] {
        if let Some(item) = line.strip_prefix(bullet) {
            return Some((false, item.trim()));
        }
    }
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    if (1..=3).contains(&digits) {
        let rest = &line[digits..];
        if let Some(item) = rest.strip_prefix(". ").or_else(|| rest.strip_prefix(") ")) {
            return Some((true, item.trim()));
        }
    }
    None
}

const CLOSING_QUOTES: &[char] = &['”', '’', '"', '\'', '»'];

/// A short line that does not end a sentence. It may end in `?` or a closing quote
/// mark (`Kim Jong Un: “Kami Berdiri di Pihak Kebenaran”`), but not in `.”`.
fn is_heading(line: &str) -> bool {
    if line.chars().count() > MAX_HEADING_CHARS
        || line.split_whitespace().count() > MAX_HEADING_WORDS
    {
        return false;
    }
    let core = line.trim_end_matches(CLOSING_QUOTES).trim_end();
    !core.is_empty() && !core.ends_with(['.', '!', ',', ';', ':', '…'])
}

/// `“Kami …,” ujar Kim dari Balai Besar Rakyat di Pyongyang.` → a quote block.
/// Only a paragraph that is one quotation followed by one attribution sentence qualifies.
fn parse_quote(line: &str) -> Option<Block> {
    let (open, close) = match line.chars().next()? {
        '“' => ('“', '”'),
        '"' => ('"', '"'),
        '«' => ('«', '»'),
        _ => return None,
    };
    let inner_start = open.len_utf8();
    let mut search_from = inner_start;
    while let Some(offset) = line[search_from..].find(close) {
        let close_at = search_from + offset;
        let after = line[close_at + close.len_utf8()..].trim_start();
        let verb = after
            .split_whitespace()
            .next()
            .map(|w| w.trim_end_matches([',', '.']).to_lowercase());
        let saying = |v: &str| SAYING.contains(&v.strip_suffix("nya").unwrap_or(v));
        if verb.is_some_and(|v| saying(&v)) {
            let quoted = line[inner_start..close_at].trim();
            // A second quotation in the attribution means this is a paragraph of
            // reported speech, not one quote.
            if quoted.is_empty() || after.contains([open, close, '“', '”']) {
                return None;
            }
            let text = match quoted.strip_suffix(',') {
                Some(text) => format!("{}.", text.trim_end()),
                None => quoted.to_owned(),
            };
            return Some(Block::Quote(QuoteBlock {
                text,
                speaker: speaker(after),
                attribution: Some(after.to_owned()),
            }));
        }
        search_from = close_at + close.len_utf8();
    }
    None
}

/// The name after the verb of saying: its run of capitalised words, or the name after
/// a job title (`Menteri Luar Negeri AS, Antony Blinken`). `ujarnya` names no one.
fn speaker(attribution: &str) -> Option<String> {
    let mut words = attribution.split_whitespace();
    words.next()?; // the verb
    let words: Vec<&str> = words.collect();
    let first = capitalised_run(&words);
    if first.words.is_empty() {
        return None;
    }
    if first.ended_by_comma && TITLES.contains(&first.words[0]) {
        let second = capitalised_run(&words[first.words.len()..]);
        if !second.words.is_empty() {
            return Some(second.words.join(" "));
        }
    }
    Some(first.words.join(" "))
}

#[derive(Debug)]
struct Run<'a> {
    words: Vec<&'a str>,
    ended_by_comma: bool,
}

fn capitalised_run<'a>(words: &[&'a str]) -> Run<'a> {
    let mut run = Run {
        words: Vec::new(),
        ended_by_comma: false,
    };
    for word in words {
        let bare = word.trim_end_matches([',', '.', ';', ':']);
        if !bare.chars().next().is_some_and(char::is_uppercase) {
            break;
        }
        run.words.push(bare);
        if word.ends_with(',') {
            run.ended_by_comma = true;
            break;
        }
        if bare.len() != word.len() {
            break;
        }
    }
    run
}

/// The lead's first sentence, cut to fit: at its last comma when that leaves a
/// real clause, else at a word boundary with an ellipsis.
fn derive_headline(lead: &str) -> String {
    let sentence = first_sentence(lead);
    let sentence = sentence.trim_end_matches(['.', '!']).trim_end();
    if sentence.chars().count() <= MAX_DERIVED_HEADLINE {
        return sentence.to_owned();
    }
    let limit = sentence
        .char_indices()
        .nth(MAX_DERIVED_HEADLINE)
        .map_or(sentence.len(), |(i, _)| i);
    let head = &sentence[..limit];
    if let Some(comma) = head.rfind(',')
        && head[..comma].chars().count() >= 40
    {
        return head[..comma].trim_end().to_owned();
    }
    match head.rfind(char::is_whitespace) {
        Some(space) => format!("{}…", head[..space].trim_end()),
        None => format!("{head}…"),
    }
}

fn first_sentence(text: &str) -> &str {
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if matches!(c, '.' | '!' | '?')
            && let Some(&(_, next)) = chars.peek()
            && next.is_whitespace()
        {
            let after = text[i + c.len_utf8()..].trim_start();
            if after.chars().next().is_some_and(char::is_uppercase) {
                return &text[..i + c.len_utf8()];
            }
        }
    }
    text
}

/// `Ani dan Budi` / `Ani, Budi & Citra` → the names. A name with a word such as
/// `Redaksi`, `Tim` or `Desk` in it is a desk.
pub fn byline_authors(byline: &str) -> Vec<(String, AuthorKind)> {
    let is_desk = |name: &str| {
        name.split_whitespace().any(|word| {
            ["redaksi", "tim", "desk", "newsroom", "staff", "team"]
                .contains(&word.to_lowercase().as_str())
        })
    };
    let mut names = vec![byline.to_owned()];
    for separator in [",", " dan ", " and ", " & "] {
        names = names
            .iter()
            .flat_map(|n| n.split(separator))
            .map(|n| n.trim().to_owned())
            .filter(|n| !n.is_empty())
            .collect();
    }
    names
        .into_iter()
        .map(|name| {
            let kind = if is_desk(&name) {
                AuthorKind::Desk
            } else {
                AuthorKind::Person
            };
            (name, kind)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_header_date_is_read_from_the_header_alone() {
        let date = NaiveDate::from_ymd_opt(2025, 7, 13);
        let seed = include_str!("../../../content/seed/seed-korut-rusia.txt");
        assert_eq!(header_date(seed), date);
        assert_eq!(
            header_date("\u{feff}Judul: A\nPenulis: B\nTag: C, D\n\n13 Juli 2025\nJakarta — Teks."),
            date
        );
        // As the parser reads it: the date wherever it is among the header lines.
        let text = "Judul: A\n13 Juli 2025\nPenulis: B\nJakarta — Teks.";
        assert_eq!(header_date(text), date);
        assert_eq!(parse_filed_copy(text).map(|c| c.date).ok(), date);
        // No date before the story, a date the story's text holds, a cut or bad one.
        assert_eq!(header_date("Judul: A\nJakarta — Pada 13 Juli 2025 …"), None);
        assert_eq!(header_date("Judul: A\n13 Ju"), None);
        assert_eq!(header_date("31 Februari 2025\nTeks."), None);
        assert_eq!(header_date(""), None);
    }

    #[test]
    fn bylines_name_desks_and_people() {
        assert_eq!(
            byline_authors("Redaksi Global Insight"),
            vec![("Redaksi Global Insight".to_owned(), AuthorKind::Desk)]
        );
        assert_eq!(
            byline_authors("Global Insight Desk"),
            vec![("Global Insight Desk".to_owned(), AuthorKind::Desk)]
        );
        assert_eq!(
            byline_authors("Global Insight Desk"),
            vec![("Global Insight Desk".to_owned(), AuthorKind::Desk)]
        );
        assert_eq!(
            byline_authors("Ani Lestari, Budi dan Citra & Dewi"),
            ["Ani Lestari", "Budi", "Citra", "Dewi"]
                .map(|n| (n.to_owned(), AuthorKind::Person))
                .to_vec()
        );
    }

    fn parse(text: &str) -> FiledCopy {
        parse_filed_copy(text).expect("valid copy")
    }

    #[test]
    fn dates_in_indonesian_and_english() {
        for (line, expected) in [
            ("13 Juli 2025", (2025, 7, 13)),
            ("1 Agustus 2024", (2024, 8, 1)),
            ("Minggu, 13 Juli 2025", (2025, 7, 13)),
            ("July 13, 2025", (2025, 7, 13)),
            ("13 December 2025", (2025, 12, 13)),
            ("5 Mei 2025", (2025, 5, 5)),
        ] {
            let date = parse_date_line(line).and_then(Result::ok);
            assert_eq!(
                date,
                NaiveDate::from_ymd_opt(expected.0, expected.1, expected.2),
                "{line}"
            );
        }
        assert!(parse_date_line("Aliansi yang Semakin Kuat").is_none());
        assert!(parse_date_line("31 Februari 2025").is_some_and(|r| r.is_err()));
    }

    #[test]
    fn headings_and_paragraph_endings() {
        assert!(is_heading("Penutup: Persekutuan yang Tak Terbendung?"));
        assert!(is_heading("Kim Jong Un: “Kami Berdiri di Pihak Kebenaran”"));
        assert!(!is_heading("Dia berkata “tidak.”"));
        assert!(!is_heading("Kalimat pendek."));
    }

    #[test]
    fn speaker_after_a_title_is_the_name() {
        assert_eq!(
            speaker("kata Menteri Luar Negeri AS, Antony Blinken."),
            Some("Antony Blinken".into())
        );
        assert_eq!(
            speaker("ujar Kim dari Balai Besar Rakyat di Pyongyang."),
            Some("Kim".into())
        );
        assert_eq!(speaker("ujarnya."), None);
    }

    #[test]
    fn judul_line_sets_the_headline_and_tags_are_read() {
        let copy = parse(
            "Judul: Putin Tiba di Pyongyang\n1 Agustus 2024\nPenulis: Ani dan Budi\nTag: Korea Utara, Rusia\n\
             Moskow — Presiden tiba. Dia disambut.\n- satu\n- dua\n",
        );
        assert_eq!(copy.headline, "Putin Tiba di Pyongyang");
        assert!(!copy.headline_derived);
        assert_eq!(copy.tags, ["Korea Utara", "Rusia"]);
        assert_eq!(
            copy.dateline.map(|d| d.place),
            Some(Place {
                city: "Moskow".into(),
                country: None
            })
        );
        assert_eq!(
            copy.body[1],
            Block::List(ListBlock {
                ordered: false,
                items: vec!["satu".into(), "dua".into()]
            })
        );
    }

    #[test]
    fn errors_name_the_line() {
        let err = parse_filed_copy("Penulis: X\nPyongyang — Teks.").unwrap_err();
        assert_eq!(err.line, 2);
        assert!(err.message.contains("date line"), "{err}");
        let err = parse_filed_copy("\n31 Februari 2025\nTeks.").unwrap_err();
        assert_eq!(err.line, 2);
        let err = parse_filed_copy("13 Juli 2025\nPenulis: X\n").unwrap_err();
        assert_eq!(err.line, 2);
        assert!(err.message.contains("no story text"), "{err}");
    }

    #[test]
    fn derived_headline_is_cut_at_a_clause() {
        let lead = "Hubungan antara Korea Utara dan Rusia menunjukkan peningkatan signifikan dalam beberapa bulan terakhir, seiring dengan dukungan terbuka yang semakin intens. Kalimat kedua.";
        assert_eq!(
            derive_headline(lead),
            "Hubungan antara Korea Utara dan Rusia menunjukkan peningkatan signifikan dalam beberapa bulan terakhir"
        );
        assert_eq!(derive_headline("Pendek sekali. Lagi."), "Pendek sekali");
        let long = "kata ".repeat(40);
        let cut = derive_headline(&long);
        assert!(cut.ends_with('…') && cut.chars().count() <= MAX_DERIVED_HEADLINE + 1);
    }
}
