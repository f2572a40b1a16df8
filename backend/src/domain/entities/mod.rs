//! Entities, quotes and subjects: recognised in an article whenever it is written.
//!
//! Recognition (`recognise`) reads the article's texts with the gazetteer
//! (`gazetteer`: `content/gazetteer.json` plus what editors add) and the words around
//! capitalised names (`cues`). Editors correct the result per article. A direct
//! quote's speaker is the person the quote block names, or, for quoted words in
//! running text, the person named last before the quote in that paragraph (`Antony
//! Blinken, menyatakan bahwa … “…”`), else the one named right after it (`“…,” kata
//! Putin`).

mod gazetteer;
pub mod recognise;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::LazyLock;

use anyhow::Context as _;
use chrono::NaiveDateTime;
use serde::Deserialize;
use shared::{
    Block, Entity, EntityKind, EntityRef, GalleryBlock, HeadingBlock, ListBlock, ParagraphBlock,
    QuoteBlock, QuoteKind, Subject,
};

pub use self::gazetteer::Gazetteer;
use self::recognise::{Found, Part, Target, Text, recognise};
use crate::db::DbConnection;
use crate::db::entities::{self as store, EntityRow, QuoteRow};
use crate::db::memo::Memo;
use crate::db::models::ArticleRow;
use crate::search::Analyzer;

/// Writes the repository's gazetteer into the database: new entries are added, changed
/// ones updated; entities editors added are left alone.
pub fn sync_gazetteer(conn: &mut DbConnection, now: NaiveDateTime) -> anyhow::Result<()> {
    let existing: HashMap<String, EntityRow> = store::all(conn)?
        .into_iter()
        .map(|e| (e.slug.clone(), e))
        .collect();
    crate::db::write_transaction(conn, |conn| -> anyhow::Result<()> {
        for entry in &gazetteer::FILE.entities {
            anyhow::ensure!(
                shared::slug::is_slug(&entry.slug),
                "gazetteer: {:?} is not a slug",
                entry.slug
            );
            let mut aliases = vec![entry.name.clone()];
            aliases.extend(entry.aliases.iter().filter(|a| **a != entry.name).cloned());
            let mut row = EntityRow {
                id: uuid::Uuid::now_v7().to_string(),
                slug: entry.slug.clone(),
                name: entry.name.clone(),
                kind: entry.kind.as_str().to_owned(),
                wikidata: entry.wikidata.clone(),
                aliases: serde_json::to_string(&aliases)?,
                origin: "gazetteer".to_owned(),
                created_at: now,
                updated_at: now,
            };
            match existing.get(&row.slug) {
                None => store::insert(conn, &row)?,
                Some(old) if old.origin == "gazetteer" => {
                    row.id.clone_from(&old.id);
                    row.created_at = old.created_at;
                    row.updated_at = old.updated_at;
                    if row != *old {
                        row.updated_at = now;
                        store::update(conn, &row)?;
                    }
                }
                Some(_) => {}
            }
        }
        Ok(())
    })
}

pub(crate) fn aliases(entity: &EntityRow) -> Vec<String> {
    serde_json::from_str(&entity.aliases).unwrap_or_else(|_| vec![entity.name.clone()])
}

/// What is derived from an article: mentions per entity, quotes, subjects.
#[derive(Debug, Default)]
pub struct Annotations {
    /// `(entity index, mentions)`.
    mentions: BTreeMap<usize, i32>,
    /// Names no entity has, by their fullest form: kind, evidence, mentions.
    suggested: BTreeMap<String, (EntityKind, shared::FoundBy, i32)>,
    quotes: Vec<FoundQuote>,
    subjects: BTreeSet<String>,
}

#[derive(Debug)]
struct FoundQuote {
    block: usize,
    kind: QuoteKind,
    text: String,
    speaker: Option<String>,
    entity: Option<usize>,
}

/// Quoted words in running text shorter than this are scare quotes, not quotations.
const MIN_QUOTE_WORDS: usize = 3;

/// An article's words, as recognition reads them.
#[derive(Debug, Clone, Copy)]
pub struct ArticleWords<'a> {
    pub headline: &'a str,
    pub standfirst: Option<&'a str>,
    pub dateline: Option<&'a str>,
    pub body: &'a [Block],
}

impl<'a> ArticleWords<'a> {
    fn of(row: &'a ArticleRow, body: &'a [Block]) -> Self {
        Self {
            headline: &row.headline,
            standfirst: row.standfirst.as_deref(),
            dateline: row.dateline_text.as_deref(),
            body,
        }
    }
}

/// A mention as measuring needs it (`bench/entities`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    /// The words as the copy has them.
    pub words: String,
    pub kind: EntityKind,
    /// A name the gazetteer has.
    pub known: bool,
    pub rule: shared::FoundBy,
}

/// Every mention of an entity in the copy, in reading order.
pub fn mentions(gazetteer: &Gazetteer, copy: ArticleWords<'_>) -> Vec<Mention> {
    let texts: Vec<Text<'_>> = article_texts(copy).into_iter().map(|(t, _)| t).collect();
    recognise(gazetteer, &texts)
        .into_iter()
        .map(|f| Mention {
            words: texts[f.text].text[f.start..f.end].to_owned(),
            kind: f.kind,
            known: matches!(f.target, Target::Known(_)),
            rule: f.rule,
        })
        .collect()
}

/// The article's texts in reading order, each with its body block (if any).
fn article_texts(copy: ArticleWords<'_>) -> Vec<(Text<'_>, Option<usize>)> {
    let mut texts = vec![(
        Text {
            part: Part::Headline,
            text: copy.headline,
        },
        None,
    )];
    let body = copy.body;
    let mut push = |part, text, block| texts.push((Text { part, text }, block));
    if let Some(standfirst) = copy.standfirst {
        push(Part::Standfirst, standfirst, None);
    }
    if let Some(dateline) = copy.dateline {
        push(Part::Dateline, dateline, None);
    }
    for (index, block) in body.iter().enumerate() {
        let at = Some(index);
        match block {
            Block::Paragraph(ParagraphBlock { text, .. }) => push(Part::Paragraph, text, at),
            Block::Heading(HeadingBlock { text, .. }) => push(Part::Heading, text, at),
            Block::Quote(QuoteBlock {
                text,
                speaker,
                attribution,
            }) => {
                push(Part::Quote, text, at);
                // The attribution names the speaker ("ujar Kim …"); read it once.
                if let Some(attribution) = attribution {
                    push(Part::Attribution, attribution, at);
                } else if let Some(speaker) = speaker {
                    push(Part::Speaker, speaker, at);
                }
            }
            Block::List(ListBlock { items, .. }) => {
                for item in items {
                    push(Part::ListItem, item, at);
                }
            }
            // The captions the article writes for its pictures are its words too.
            Block::Image(_) | Block::Gallery(_) => {
                if let Block::Gallery(GalleryBlock {
                    caption: Some(caption),
                    ..
                }) = block
                {
                    push(Part::Caption, caption, at);
                }
                for (_, figure) in block.figures() {
                    if let Some(caption) = &figure.caption {
                        push(Part::Caption, caption, at);
                    }
                }
            }
        }
    }
    texts
}

/// `recognised`, given the row's body as blocks (an import has them, parsed from the
/// file, and so reads no JSON again).
pub fn recognised_in(gazetteer: &Gazetteer, row: &ArticleRow, body: &[Block]) -> Annotations {
    let texts = article_texts(ArticleWords::of(row, body));
    let plain: Vec<Text<'_>> = texts.iter().map(|(t, _)| *t).collect();
    let found = recognise(gazetteer, &plain);
    let mut annotations = Annotations::default();
    for f in &found {
        match &f.target {
            Target::Known(e) => *annotations.mentions.entry(*e).or_default() += 1,
            Target::New(name) => {
                annotations
                    .suggested
                    .entry(name.clone())
                    .or_insert((f.kind, f.rule, 0))
                    .2 += 1;
            }
        }
    }
    let people_in = |text: usize| -> Vec<&Found> {
        found
            .iter()
            .filter(|f| f.text == text && f.kind == EntityKind::Person)
            .collect()
    };
    for (index, (text, block)) in texts.iter().enumerate() {
        let Some(block) = *block else { continue };
        match text.part {
            Part::Paragraph | Part::Heading => {
                annotations
                    .quotes
                    .extend(inline_quotes(block, text.text, &people_in(index)));
            }
            Part::Quote => {
                let Block::Quote(QuoteBlock { speaker, .. }) = &body[block] else {
                    continue;
                };
                // The speaker is the first person its attribution (or speaker) names.
                let entity = texts
                    .iter()
                    .enumerate()
                    .skip(index + 1)
                    .take_while(|(_, (t, b))| {
                        *b == Some(block) && matches!(t.part, Part::Attribution | Part::Speaker)
                    })
                    .find_map(|(i, _)| {
                        people_in(i).into_iter().find_map(|f| match f.target {
                            Target::Known(e) => Some(e),
                            Target::New(_) => None,
                        })
                    });
                annotations.quotes.push(FoundQuote {
                    block,
                    kind: QuoteKind::Block,
                    text: text.text.to_owned(),
                    speaker: speaker.clone(),
                    entity,
                });
            }
            _ => {}
        }
    }
    annotations.subjects = subjects_for(row, body);
    annotations
}

/// Quotations in running text: “…” (or "…") of at least three words, with a speaker
/// among the people found in the text.
fn inline_quotes(block: usize, text: &str, people: &[&Found]) -> Vec<FoundQuote> {
    let mut quotes = Vec::new();
    let mut from = 0;
    while let Some((open, close, inner)) = next_quote(text, from) {
        let words = inner.split_whitespace().count();
        if words >= MIN_QUOTE_WORDS {
            let before = people.iter().rfind(|m| m.end <= open && m.start >= from);
            let after = || {
                people
                    .iter()
                    .find(|m| m.start >= close && m.start <= close + 40)
            };
            let (speaker, entity) = match before.or_else(after) {
                Some(m) => (
                    Some(text[m.start..m.end].to_owned()),
                    match m.target {
                        Target::Known(e) => Some(e),
                        Target::New(_) => None,
                    },
                ),
                None => (said_after(&text[close..]), None),
            };
            quotes.push(FoundQuote {
                block,
                kind: QuoteKind::Inline,
                text: inner.trim().to_owned(),
                speaker,
                entity,
            });
        }
        from = close;
    }
    quotes
}

/// The next quotation from byte `from`: (opening mark, just past the closing mark, words).
fn next_quote(text: &str, from: usize) -> Option<(usize, usize, &str)> {
    let rest = &text[from..];
    let (offset, open_mark, close_mark) = rest.char_indices().find_map(|(i, c)| match c {
        '“' => Some((i, '“', '”')),
        '"' => Some((i, '"', '"')),
        _ => None,
    })?;
    let open = from + offset;
    let inner_start = open + open_mark.len_utf8();
    let inner_len = text[inner_start..].find(close_mark)?;
    let close = inner_start + inner_len + close_mark.len_utf8();
    Some((open, close, &text[inner_start..inner_start + inner_len]))
}

/// `, kata Sergei Lavrov` after a quote: the capitalised words after a verb of saying.
fn said_after(rest: &str) -> Option<String> {
    let rest = rest.trim_start_matches([',', ' ', '.']);
    let mut words = rest.split_whitespace();
    let verb = words.next()?.to_lowercase();
    if !crate::domain::cues::SAYING.contains(&verb.as_str()) {
        return None;
    }
    let name: Vec<&str> = words
        .map(|w| w.trim_end_matches([',', '.', ';', ':']))
        .take_while(|w| w.chars().next().is_some_and(char::is_uppercase))
        .take(4)
        .collect();
    (!name.is_empty()).then(|| name.join(" "))
}

#[derive(Debug, Deserialize)]
struct TopicsFile {
    min_hits: usize,
    topics: BTreeMap<String, String>,
    sections: BTreeMap<String, Vec<String>>,
    words: BTreeMap<String, Vec<String>>,
}

struct Topics {
    file: TopicsFile,
    /// Per analyzer: stem → topic codes.
    stems: HashMap<Analyzer, HashMap<String, Vec<String>>>,
}

static TOPICS: LazyLock<Topics> = LazyLock::new(|| {
    let file: TopicsFile =
        serde_json::from_str(include_str!("../../../../content/media-topics.json"))
            .unwrap_or_else(|e| panic!("content/media-topics.json is not valid: {e}"));
    let mut stems: HashMap<Analyzer, HashMap<String, Vec<String>>> = HashMap::new();
    for analyzer in Analyzer::ALL {
        let map = stems.entry(analyzer).or_default();
        for (code, words) in &file.words {
            for word in words {
                for stem in analyzer.terms(word) {
                    map.entry(stem).or_default().push(code.clone());
                }
            }
        }
    }
    Topics { file, stems }
});

/// Media Topic codes whose words occur often enough in headline and body.
fn subjects_for(row: &ArticleRow, body: &[Block]) -> BTreeSet<String> {
    let topics: &'static Topics = &TOPICS;
    let mut codes = BTreeSet::new();
    let analyzer = Analyzer::for_language(&row.language);
    let mut hits: HashMap<&str, usize, foldhash::fast::RandomState> = HashMap::default();
    if let Some(map) = topics.stems.get(&analyzer) {
        let text = format!("{}\n{}", row.headline, shared::render::body_text(body));
        TOPIC_WORDS.with_borrow_mut(|memo| {
            let memo = &mut memo[analyzer as usize];
            if memo.len() >= TOPIC_WORDS_KEPT {
                memo.clear();
            }
            let mut terms = Vec::new();
            for (_, word) in crate::search::words(&text) {
                let named = match memo.get(word) {
                    Some(named) => named,
                    None => {
                        terms.clear();
                        analyzer.push_terms(word, &mut terms);
                        let named: Box<[&'static str]> = terms
                            .iter()
                            .filter_map(|term| map.get(term))
                            .flatten()
                            .map(String::as_str)
                            .collect();
                        memo.entry(word.into()).or_insert(named)
                    }
                };
                for code in named.iter() {
                    *hits.entry(code).or_default() += 1;
                }
            }
        });
    }
    codes.extend(
        hits.into_iter()
            .filter(|(_, n)| *n >= topics.file.min_hits)
            .map(|(code, _)| code.to_owned()),
    );
    codes
}

/// Words a thread keeps the topics of, per analyzer (~100 bytes each), before it
/// starts again.
const TOPIC_WORDS_KEPT: usize = 100_000;

type TopicWords = HashMap<Box<str>, Box<[&'static str]>, foldhash::fast::RandomState>;

thread_local! {
    /// Per analyzer, each word as `search::words` cuts it and the topic codes its terms
    /// name (most none): a word met again is looked up once rather than lowercased,
    /// checked against the stop words and its stem looked up again — those were a
    /// quarter of an import's reading, though the stems themselves are kept.
    static TOPIC_WORDS: std::cell::RefCell<[TopicWords; 3]> = std::cell::RefCell::default();
}

/// The topics of the article's section.
fn section_subjects(
    conn: &mut DbConnection,
    memo: &mut Memo,
    row: &ArticleRow,
) -> anyhow::Result<Vec<String>> {
    let section = memo.section_by_id(conn, &row.section_id)?;
    Ok(section
        .and_then(|s| TOPICS.file.sections.get(&s.slug))
        .cloned()
        .unwrap_or_default())
}

pub fn subject(code: &str) -> Subject {
    Subject {
        code: format!("medtop:{code}"),
        name: TOPICS.file.topics.get(code).cloned().unwrap_or_default(),
        uri: format!("http://cv.iptc.org/newscodes/mediatopic/{code}"),
    }
}

/// Recognises entities, quotes and subjects in the article as written and stores
/// them, applying the editors' overrides; in the caller's transaction.
pub fn annotate_with(
    conn: &mut DbConnection,
    gazetteer: &Gazetteer,
    row: &ArticleRow,
) -> anyhow::Result<()> {
    let found = recognised(gazetteer, row)?;
    let annotations = annotations_of(conn, &mut Memo::default(), gazetteer, row, found, false)?;
    store::replace_annotations(conn, std::slice::from_ref(&annotations))?;
    Ok(())
}

/// What the article's words give against `gazetteer`, no database asked (an import
/// works it out on another core while the previous batch is written).
pub fn recognised(gazetteer: &Gazetteer, row: &ArticleRow) -> anyhow::Result<Annotations> {
    let body: Vec<Block> = serde_json::from_str(&row.body)
        .with_context(|| format!("article {} has an unreadable body", row.id))?;
    Ok(recognised_in(gazetteer, row, &body))
}

/// The rows that store what `recognised` found in the article against `gazetteer`, with
/// what the database adds: the editors' overrides (a `new_article` has none), the
/// section's subjects, rejected names. Written by `db::entities::replace_annotations`
/// (a batch's together).
pub fn annotations_of(
    conn: &mut DbConnection,
    memo: &mut Memo,
    gazetteer: &Gazetteer,
    row: &ArticleRow,
    found: Annotations,
    new_article: bool,
) -> anyhow::Result<store::Annotations> {
    // By the entities' numbers: the gazetteer's, else the database's (an entity an
    // editor's override names that the gazetteer does not have).
    let mut mentions: BTreeMap<crate::db::EntitySeq, i32> = found
        .mentions
        .iter()
        .map(|(&i, &n)| {
            let seq = gazetteer.seq_at(i);
            seq.map(|seq| (seq, n))
                .with_context(|| format!("entity {} has no number", gazetteer.entities[i].id))
        })
        .collect::<anyhow::Result<_>>()?;
    let overrides = if new_article {
        Vec::new()
    } else {
        store::overrides_of(conn, &row.id)?
    };
    let missing: Vec<String> = overrides
        .iter()
        .filter(|(id, included)| *included && gazetteer.seq(id).is_none())
        .map(|(id, _)| id.clone())
        .collect();
    let looked_up = if missing.is_empty() {
        HashMap::new()
    } else {
        store::seqs_of(conn, &missing)?
    };
    for (entity_id, included) in overrides {
        let seq = gazetteer
            .seq(&entity_id)
            .or_else(|| looked_up.get(&entity_id).copied());
        match (seq, included) {
            (Some(seq), true) => {
                mentions.entry(seq).or_insert(0);
            }
            (Some(seq), false) => {
                mentions.remove(&seq);
            }
            (None, true) => anyhow::bail!("entity {entity_id} has no number"),
            // Not in the gazetteer, so not among what was found: nothing to leave out.
            (None, false) => {}
        }
    }
    let quotes: Vec<QuoteRow> = found
        .quotes
        .into_iter()
        .enumerate()
        .map(|(position, q)| QuoteRow {
            id: uuid::Uuid::now_v7().to_string(),
            article_id: row.id.clone(),
            position: i32::try_from(position).unwrap_or(i32::MAX),
            block: i32::try_from(q.block).unwrap_or(i32::MAX),
            kind: match q.kind {
                QuoteKind::Block => "block",
                QuoteKind::Inline => "inline",
            }
            .to_owned(),
            text: q.text,
            speaker: q.speaker,
            entity_id: q.entity.map(|i| gazetteer.entities[i].id.clone()),
        })
        .collect();
    let mut subjects = found.subjects;
    subjects.extend(section_subjects(conn, memo, row)?);
    let mentions: Vec<(crate::db::EntitySeq, i32)> = mentions.into_iter().collect();
    let subjects: Vec<String> = subjects.into_iter().collect();
    let suggestions = suggestions(conn, &row.id, found.suggested)?;
    Ok(store::Annotations {
        article_id: row.id.clone(),
        mentions,
        quotes,
        subjects,
        suggestions,
    })
}

/// The most names an article suggests (the most mentioned).
const MAX_SUGGESTIONS: usize = 100;

/// The name as decisions remember it: lowercase, single spaces.
pub fn name_key(name: &str) -> String {
    name.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// The article's suggested names, less those editors rejected.
fn suggestions(
    conn: &mut DbConnection,
    article_id: &str,
    suggested: BTreeMap<String, (EntityKind, shared::FoundBy, i32)>,
) -> anyhow::Result<Vec<store::SuggestionRow>> {
    let mut rows: Vec<store::SuggestionRow> = suggested
        .into_iter()
        .map(|(name, (kind, found_by, mentions))| store::SuggestionRow {
            article_id: article_id.to_owned(),
            name_key: name_key(&name),
            name,
            kind: kind.as_str().to_owned(),
            found_by: found_by.as_str().to_owned(),
            mentions,
        })
        .collect();
    // Two spellings of one key (`WALHI`, `Walhi`): the one named more.
    rows.sort_by(|a, b| {
        b.mentions
            .cmp(&a.mentions)
            .then_with(|| a.name.cmp(&b.name))
    });
    let mut seen = std::collections::HashSet::new();
    rows.retain(|r| seen.insert(r.name_key.clone()));
    // Rejected names give their places to the next ones.
    rows.truncate(MAX_SUGGESTIONS * 2);
    let keys: Vec<String> = rows.iter().map(|r| r.name_key.clone()).collect();
    let rejected: std::collections::HashSet<String> =
        store::rejected_among(conn, &keys)?.into_iter().collect();
    rows.retain(|r| !rejected.contains(&r.name_key));
    rows.truncate(MAX_SUGGESTIONS);
    Ok(rows)
}

/// Whether every article's entities, quotes and subjects are the current analyzer's.
/// A new database is marked so before its first article (an import's or the server's
/// start): its migrations say "derived by none", and otherwise the first start after a
/// million articles were imported would derive them all again (25–35 minutes here).
pub fn derived_by_current(conn: &mut DbConnection) -> anyhow::Result<bool> {
    let current = crate::search::ANALYZER_VERSION;
    let mark = crate::db::entities::derivation(conn)?;
    if mark.version == current && mark.walking_to.is_none() {
        return Ok(true);
    }
    Ok(mark.walking_to.is_none() && crate::db::entities::mark_derived_if_empty(conn, current)?)
}

/// Derives entities, quotes and subjects again for every article when the analyzer
/// changed since they were derived (`derivations`), in batches in article order, each
/// batch's transaction moving the mark — so a start after a stop resumes there.
/// Articles written meanwhile are derived by the current analyzer as they are written.
pub fn refresh_stale(conn: &mut DbConnection) -> anyhow::Result<()> {
    use crate::db::entities::{derivation, set_derivation};
    const BATCH: i64 = 500;
    let current = crate::search::ANALYZER_VERSION;
    // Read first: a write transaction at every start would count as a change of content.
    if derived_by_current(conn)? {
        return Ok(());
    }
    let mut total = 0;
    loop {
        let done = crate::db::write_transaction(conn, |conn| -> anyhow::Result<bool> {
            let mut mark = derivation(conn)?;
            if mark.version == current && mark.walking_to.is_none() {
                return Ok(true);
            }
            if mark.walking_to != Some(current) {
                mark.walking_to = Some(current);
                mark.through = 0;
            }
            let rows = crate::db::articles::numbered_after(conn, mark.through, BATCH)?;
            let gazetteer = Gazetteer::load(conn)?;
            for (_, row) in &rows {
                annotate_with(conn, &gazetteer, row)?;
            }
            total += rows.len();
            match rows.last() {
                Some((seq, _)) if rows.len() == BATCH as usize => mark.through = *seq,
                _ => {
                    mark = crate::db::entities::Derivation {
                        version: current,
                        walking_to: None,
                        through: 0,
                    };
                }
            }
            set_derivation(conn, &mark)?;
            Ok(mark.walking_to.is_none())
        })
        .context("deriving entities, quotes and subjects again")?;
        if done {
            break;
        }
    }
    if total > 0 {
        tracing::info!(articles = total, "articles annotated again");
    }
    Ok(())
}

pub fn entity_ref(row: &EntityRow, mentions: i32) -> EntityRef {
    EntityRef {
        slug: row.slug.clone(),
        name: row.name.clone(),
        kind: EntityKind::parse(&row.kind).unwrap_or(EntityKind::Place),
        wikidata: row.wikidata.clone(),
        mentions: u32::try_from(mentions).unwrap_or_default(),
    }
}

pub fn entity(row: &EntityRow, article_count: i64) -> Entity {
    Entity {
        slug: row.slug.clone(),
        name: row.name.clone(),
        kind: EntityKind::parse(&row.kind).unwrap_or(EntityKind::Place),
        wikidata: row.wikidata.clone(),
        aliases: aliases(row),
        article_count: u64::try_from(article_count).unwrap_or_default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gazetteer() -> Gazetteer {
        let row = |slug: &str, name: &str, kind: &str, aliases: &[&str]| EntityRow {
            id: slug.to_owned(),
            slug: slug.to_owned(),
            name: name.to_owned(),
            kind: kind.to_owned(),
            wikidata: None,
            aliases: serde_json::to_string(aliases).expect("json"),
            origin: "gazetteer".to_owned(),
            created_at: NaiveDateTime::default(),
            updated_at: NaiveDateTime::default(),
        };
        Gazetteer::new(vec![
            row(
                "kim-jong-un",
                "Kim Jong Un",
                "person",
                &["Kim Jong Un", "Kim"],
            ),
            row(
                "antony-blinken",
                "Antony Blinken",
                "person",
                &["Antony Blinken", "Blinken"],
            ),
            row(
                "amerika-serikat",
                "Amerika Serikat",
                "place",
                &["Amerika Serikat", "AS"],
            ),
        ])
        .expect("gazetteer")
    }

    /// The entities of `text`'s known names.
    fn known_in(g: &Gazetteer, text: &str) -> Vec<usize> {
        let texts = [Text {
            part: Part::Paragraph,
            text,
        }];
        recognise(g, &texts)
            .into_iter()
            .filter_map(|f| match f.target {
                Target::Known(e) => Some(e),
                Target::New(_) => None,
            })
            .collect()
    }

    /// The inline quotes of one paragraph, with the people recognised in it.
    fn quotes_in(g: &Gazetteer, block: usize, text: &str) -> Vec<FoundQuote> {
        let texts = [Text {
            part: Part::Paragraph,
            text,
        }];
        let found = recognise(g, &texts);
        let people: Vec<&Found> = found
            .iter()
            .filter(|f| f.kind == EntityKind::Person)
            .collect();
        inline_quotes(block, text, &people)
    }

    #[test]
    fn topics_are_found_by_stems_however_often_a_word_is_met() {
        let subjects = |language: &str, text: &str| {
            let mut row = ArticleRow::blank(NaiveDateTime::default(), None);
            row.language = language.to_owned();
            row.headline = "Kabar".to_owned();
            subjects_for(&row, &[Block::paragraph(text)])
        };
        let disaster = BTreeSet::from(["03000000".to_owned()]);
        // Three words of the topic, affixed and capitalised: its three hits.
        let text = "Gempa mengguncang. Banjir dan kebencanaan menyusul.";
        assert_eq!(subjects("id", text), disaster);
        // Met again, each word as its topics were kept: the same.
        assert_eq!(subjects("id", text), disaster);
        assert_eq!(subjects("id", "Gempa dan banjir."), BTreeSet::new());
        // Another language's words by its own stems.
        assert_eq!(
            subjects("en", "Floods followed the earthquake: a disaster."),
            disaster
        );
    }

    /// A name two places share is the one whose surroundings the article names: the
    /// place it lies in, the places beside it, the places in it; the first listed when
    /// nothing says.
    #[test]
    fn namesakes_are_decided_by_the_places_around_them() {
        let g = Gazetteer::compiled().expect("the compiled gazetteer");
        let georgia = |text: &str| -> Vec<String> {
            known_in(&g, text)
                .into_iter()
                .map(|e| g.slug(e).to_owned())
                .filter(|slug| slug.starts_with("georgia"))
                .collect()
        };
        // Beside Florida and Alabama: the state.
        assert_eq!(
            georgia("Badai melanda Florida, Alabama dan Georgia."),
            ["georgia-amerika-serikat"]
        );
        // Within the United States, named once: the state, every time it is named.
        assert_eq!(
            georgia("Georgia memilih. Pemilu di Amerika Serikat itu ketat; Georgia menentukan."),
            ["georgia-amerika-serikat", "georgia-amerika-serikat"]
        );
        // Nothing around it: the country, listed first.
        assert_eq!(georgia("Presiden Georgia berkunjung."), ["georgia"]);
        // A name of one place is that place, whatever is around it.
        let florida = known_in(&g, "Florida dan Georgia.")[0];
        assert_eq!(g.slug(florida), "florida");
    }

    #[test]
    fn longest_alias_and_whole_words_only() {
        let g = gazetteer();
        assert_eq!(
            known_in(&g, "Kim Jong Un dan Kim; KASUS di AS, ASEAN, Kimchi"),
            [0, 0, 2]
        );
    }

    #[test]
    fn speakers_of_inline_quotes() {
        let g = gazetteer();
        let text = "Kecaman dari AS. Menteri Luar Negeri AS, Antony Blinken, menyatakan bahwa aliansi ini \
                    berpotensi “mengacaukan stabilitas global dan kawasan.” Ia menyebutnya “berbahaya”.";
        let quotes = quotes_in(&g, 3, text);
        assert_eq!(quotes.len(), 1, "a one-word scare quote is not a quotation");
        assert_eq!(quotes[0].text, "mengacaukan stabilitas global dan kawasan.");
        assert_eq!(quotes[0].speaker.as_deref(), Some("Antony Blinken"));
        assert_eq!(quotes[0].entity, Some(1));

        let after = quotes_in(
            &g,
            0,
            "“Kami akan terus maju bersama,” kata Sergei Lavrov di Moskow.",
        );
        assert_eq!(after[0].speaker.as_deref(), Some("Sergei Lavrov"));
        assert_eq!(after[0].entity, None, "not in this gazetteer");
    }
}

/// Entities with published articles, most written-about first, then by name.
pub fn public_entities(
    conn: &mut DbConnection,
    desk: super::Desk,
    kind: Option<EntityKind>,
    offset: usize,
    limit: usize,
) -> anyhow::Result<super::Slice<Entity>> {
    let counts: HashMap<String, i64> = store::public_counts(conn, desk.now(), None)?;
    let ids: Vec<String> = counts.keys().cloned().collect();
    let mut rows: Vec<(EntityRow, i64)> = store::by_ids(conn, &ids)?
        .into_iter()
        .filter(|e| kind.is_none_or(|k| e.kind == k.as_str()))
        .map(|e| {
            let n = counts.get(&e.id).copied().unwrap_or_default();
            (e, n)
        })
        .collect();
    rows.sort_by(|(a, n), (b, m)| m.cmp(n).then_with(|| a.name.cmp(&b.name)));
    let total = rows.len() as u64;
    let items = rows
        .iter()
        .skip(offset)
        .take(limit)
        .map(|(e, n)| entity(e, *n))
        .collect();
    Ok(super::Slice {
        items,
        total: shared::Total::exact(total),
    })
}

pub fn entity_by_slug(
    conn: &mut DbConnection,
    now: NaiveDateTime,
    slug: &str,
) -> anyhow::Result<Option<Entity>> {
    let Some(row) = store::by_slug(conn, slug)? else {
        return Ok(None);
    };
    let count = public_count(conn, now, &row.id)?;
    Ok(Some(entity(&row, count)))
}

/// Public articles naming the entity `id` at `now`.
pub fn public_count(conn: &mut DbConnection, now: NaiveDateTime, id: &str) -> anyhow::Result<i64> {
    Ok(store::public_counts(conn, now, Some(id))?
        .remove(id)
        .unwrap_or_default())
}

/// What `GET /quotes` narrows to.
#[derive(Debug, Clone, Default)]
pub struct QuoteFilter {
    /// An entity slug.
    pub speaker: Option<String>,
    /// An article slug.
    pub article: Option<String>,
}

/// Quotes in published articles; `None` when the article asked for is not public.
pub fn public_quotes(
    conn: &mut DbConnection,
    desk: super::Desk,
    filter: QuoteFilter,
    offset: usize,
    limit: usize,
) -> anyhow::Result<super::Slice<shared::Quote>> {
    let empty = || super::Slice {
        items: Vec::new(),
        total: shared::Total::exact(0),
    };
    let speaker = match &filter.speaker {
        Some(slug) => match store::by_slug(conn, slug)? {
            Some(e) => Some(e.id),
            None => return Ok(empty()),
        },
        None => None,
    };
    let article = match &filter.article {
        Some(slug) => match crate::db::articles::published_by_slug(conn, slug, desk.now())? {
            Some(a) => Some(a.id),
            None => return Ok(empty()),
        },
        None => None,
    };
    let (rows, total) = store::public_quotes(
        conn,
        desk.now(),
        speaker.as_deref(),
        article.as_deref(),
        i64::try_from(limit).unwrap_or(i64::MAX),
        i64::try_from(offset).unwrap_or(i64::MAX),
    )?;
    let entity_ids: Vec<String> = rows
        .iter()
        .filter_map(|(q, ..)| q.entity_id.clone())
        .collect();
    let speakers: HashMap<String, EntityRow> = store::by_ids(conn, &entity_ids)?
        .into_iter()
        .map(|e| (e.id.clone(), e))
        .collect();
    // How often each speaker is named in the quote's article.
    let article_ids: Vec<String> = rows.iter().map(|(q, ..)| q.article_id.clone()).collect();
    let mentions: HashMap<(String, String), i32> = store::entities_of(conn, &article_ids)?
        .into_iter()
        .map(|(article, e, n)| ((article, e.id), n))
        .collect();
    let items = rows
        .into_iter()
        .map(|(q, slug, headline, published_at)| {
            let entity = q
                .entity_id
                .as_ref()
                .and_then(|id| speakers.get(id))
                .map(|e| {
                    let n = mentions.get(&(q.article_id.clone(), e.id.clone())).copied();
                    entity_ref(e, n.unwrap_or_default())
                });
            Ok(shared::Quote {
                text: q.text,
                kind: if q.kind == "block" {
                    QuoteKind::Block
                } else {
                    QuoteKind::Inline
                },
                block: u32::try_from(q.block).unwrap_or_default(),
                speaker: q.speaker,
                entity,
                article: shared::QuotedIn {
                    id: q.article_id.parse().context("article id is not a UUID")?,
                    slug,
                    headline,
                    published_at: published_at.map(|t| desk.local(t)),
                },
            })
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
    Ok(super::Slice { items, total })
}

/// Recognises entities again in the articles that contain any of `aliases` (found
/// by the search engine, `index`, with the articles it does not hold; every article
/// when it cannot say), after the gazetteer gained them. A public article whose
/// entities changed is `updated` in the change log at `now` (what the public sees of it
/// changed; the search engine's entity filter and facets follow the log).
pub fn recognise_new(
    conn: &mut DbConnection,
    index: &crate::domain::indexing::SearchIndex,
    aliases: &[String],
    now: NaiveDateTime,
) -> anyhow::Result<()> {
    use crate::search::query::SearchQuery;
    let phrases: Vec<String> = aliases
        .iter()
        .map(|a| format!("\"{}\"", a.replace('"', " ")))
        .collect();
    let candidates = match SearchQuery::parse(&phrases.join(" OR "), &Analyzer::ALL) {
        Ok(Some(query)) => index.candidates(conn, &query, now)?,
        // Only stop words (an alias such as `AS`): every article is a candidate.
        Ok(None) | Err(_) => None,
    };
    let ids = match candidates {
        Some(ids) => ids,
        None => crate::db::articles::all_ids(conn)?,
    };
    let gazetteer = Gazetteer::load(conn)?;
    let entity_ids = |conn: &mut DbConnection, id: &str| -> anyhow::Result<Vec<String>> {
        let mut ids: Vec<String> = store::entities_of(conn, &[id.to_owned()])?
            .into_iter()
            .map(|(_, entity, _)| entity.id)
            .collect();
        ids.sort_unstable();
        Ok(ids)
    };
    let mut changed = Vec::new();
    for chunk in ids.chunks(500) {
        for row in crate::db::articles::by_ids(conn, chunk)? {
            let before = entity_ids(conn, &row.id)?;
            annotate_with(conn, &gazetteer, &row)?;
            if entity_ids(conn, &row.id)? != before {
                changed.push(row);
            }
        }
    }
    crate::db::changes::record_shown(conn, &changed, now)?;
    Ok(())
}
