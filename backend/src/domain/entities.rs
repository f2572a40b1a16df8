//! Entities, quotes and subjects: recognised in an article whenever it is written.
//!
//! Recognition is a gazetteer lookup, not a statistical model: every alias of every
//! entity (`content/gazetteer.json`, plus what editors add) is matched as a whole word,
//! case-sensitively, the longest first (`Kim Jong Un` before `Kim`). Editors correct
//! the result per article. A direct quote's speaker is the person the quote block
//! names, or, for quoted words in running text, the person named last before the
//! quote in that paragraph (`Antony Blinken, menyatakan bahwa … “…”`), else the one
//! named right after it (`“…,” kata Putin`).

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, MatchKind};
use anyhow::Context as _;
use chrono::NaiveDateTime;
use serde::Deserialize;
use shared::{
    Block, Entity, EntityKind, EntityRef, GalleryBlock, HeadingBlock, ListBlock, ParagraphBlock,
    QuoteBlock, QuoteKind, Subject,
};

use crate::db::DbConnection;
use crate::db::entities::{self as store, EntityRow, QuoteRow};
use crate::db::models::ArticleRow;
use crate::search::Analyzer;

#[derive(Debug, Deserialize)]
struct GazetteerFile {
    entities: Vec<GazetteerEntry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct GazetteerEntry {
    slug: String,
    name: String,
    kind: EntityKind,
    #[serde(default)]
    wikidata: Option<String>,
    aliases: Vec<String>,
}

const GAZETTEER: &str = include_str!("../../../content/gazetteer.json");

/// Writes the repository's gazetteer into the database: new entries are added, changed
/// ones updated; entities editors added are left alone.
pub fn sync_gazetteer(conn: &mut DbConnection, now: NaiveDateTime) -> anyhow::Result<()> {
    let file: GazetteerFile =
        serde_json::from_str(GAZETTEER).context("content/gazetteer.json is not valid")?;
    let existing: HashMap<String, EntityRow> = store::all(conn)?
        .into_iter()
        .map(|e| (e.slug.clone(), e))
        .collect();
    crate::db::write_transaction(conn, |conn| -> anyhow::Result<()> {
        for entry in file.entities {
            anyhow::ensure!(
                shared::slug::is_slug(&entry.slug),
                "gazetteer: {:?} is not a slug",
                entry.slug
            );
            let mut aliases = vec![entry.name.clone()];
            aliases.extend(entry.aliases.into_iter().filter(|a| *a != entry.name));
            let mut row = EntityRow {
                id: uuid::Uuid::now_v7().to_string(),
                slug: entry.slug,
                name: entry.name,
                kind: entry.kind.as_str().to_owned(),
                wikidata: entry.wikidata,
                aliases: serde_json::to_string(&aliases)?,
                origin: "gazetteer".to_owned(),
                created_at: now,
            };
            match existing.get(&row.slug) {
                None => store::insert(conn, &row)?,
                Some(old) if old.origin == "gazetteer" => {
                    row.id.clone_from(&old.id);
                    row.created_at = old.created_at;
                    if row != *old {
                        store::update(conn, &row)?;
                    }
                }
                Some(_) => {}
            }
        }
        Ok(())
    })
}

/// Every entity's aliases, ready to match.
pub struct Gazetteer {
    entities: Vec<EntityRow>,
    kinds: Vec<EntityKind>,
    matcher: Option<AhoCorasick>,
    /// For each pattern, the entity it names.
    owner: Vec<usize>,
    /// Exact alias → entity, for quote blocks' speakers.
    by_alias: HashMap<String, usize>,
}

impl std::fmt::Debug for Gazetteer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Gazetteer")
            .field("entities", &self.entities.len())
            .field("aliases", &self.owner.len())
            .finish()
    }
}

/// A name found in a text.
#[derive(Debug, Clone, Copy)]
struct Mention {
    start: usize,
    end: usize,
    entity: usize,
}

impl Gazetteer {
    pub fn load(conn: &mut DbConnection) -> anyhow::Result<Self> {
        Self::new(store::all(conn)?)
    }

    fn new(entities: Vec<EntityRow>) -> anyhow::Result<Self> {
        let mut patterns = Vec::new();
        let mut owner = Vec::new();
        let mut by_alias = HashMap::new();
        let mut kinds = Vec::new();
        for (i, entity) in entities.iter().enumerate() {
            kinds.push(EntityKind::parse(&entity.kind).unwrap_or(EntityKind::Place));
            for alias in aliases(entity) {
                if alias.trim().is_empty() {
                    continue;
                }
                by_alias.entry(alias.clone()).or_insert(i);
                patterns.push(alias);
                owner.push(i);
            }
        }
        let matcher = if patterns.is_empty() {
            None
        } else {
            Some(
                AhoCorasick::builder()
                    .match_kind(MatchKind::LeftmostLongest)
                    .build(&patterns)
                    .context("building the gazetteer's matcher")?,
            )
        };
        Ok(Self {
            entities,
            kinds,
            matcher,
            owner,
            by_alias,
        })
    }

    /// Whole-word mentions in `text`, in order.
    fn mentions(&self, text: &str) -> Vec<Mention> {
        let Some(matcher) = &self.matcher else {
            return Vec::new();
        };
        matcher
            .find_iter(text)
            .filter(|m| {
                let before = text[..m.start()].chars().next_back();
                let after = text[m.end()..].chars().next();
                !before.is_some_and(char::is_alphanumeric)
                    && !after.is_some_and(char::is_alphanumeric)
            })
            .map(|m| Mention {
                start: m.start(),
                end: m.end(),
                entity: self.owner[m.pattern().as_usize()],
            })
            .collect()
    }

    fn is_person(&self, entity: usize) -> bool {
        self.kinds[entity] == EntityKind::Person
    }

    /// The entity a quote block's speaker names: an alias as a whole, else the first
    /// person named in it.
    fn speaker(&self, name: &str) -> Option<usize> {
        self.by_alias.get(name.trim()).copied().or_else(|| {
            self.mentions(name)
                .into_iter()
                .map(|m| m.entity)
                .find(|e| self.is_person(*e))
        })
    }
}

fn aliases(entity: &EntityRow) -> Vec<String> {
    serde_json::from_str(&entity.aliases).unwrap_or_else(|_| vec![entity.name.clone()])
}

/// What is derived from an article: mentions per entity, quotes, subjects.
#[derive(Debug, Default)]
pub struct Annotations {
    /// `(entity index, mentions)`.
    mentions: BTreeMap<usize, i32>,
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

/// Verbs of saying that put the speaker after the quote (`“…,” kata Putin`).
const SAID: &[&str] = &[
    "kata", "ujar", "ucap", "tutur", "ungkap", "jelas", "tegas", "said", "says", "added",
];

fn annotate_text(gazetteer: &Gazetteer, row: &ArticleRow, body: &[Block]) -> Annotations {
    let mut found = Annotations::default();
    let count = |text: &str, found: &mut Annotations| {
        for m in gazetteer.mentions(text) {
            *found.mentions.entry(m.entity).or_default() += 1;
        }
    };
    count(&row.headline, &mut found);
    if let Some(standfirst) = &row.standfirst {
        count(standfirst, &mut found);
    }
    if let Some(dateline) = &row.dateline_text {
        count(dateline, &mut found);
    }
    for (index, block) in body.iter().enumerate() {
        match block {
            Block::Paragraph(ParagraphBlock { text, .. })
            | Block::Heading(HeadingBlock { text, .. }) => {
                count(text, &mut found);
                found.quotes.extend(inline_quotes(gazetteer, index, text));
            }
            Block::Quote(QuoteBlock {
                text,
                speaker,
                attribution,
            }) => {
                count(text, &mut found);
                // The attribution names the speaker ("ujar Kim …"); count it once.
                if let Some(attribution) = attribution {
                    count(attribution, &mut found);
                } else if let Some(speaker) = speaker {
                    count(speaker, &mut found);
                }
                let entity = speaker
                    .as_deref()
                    .and_then(|s| gazetteer.speaker(s))
                    .or_else(|| attribution.as_deref().and_then(|a| gazetteer.speaker(a)));
                found.quotes.push(FoundQuote {
                    block: index,
                    kind: QuoteKind::Block,
                    text: text.clone(),
                    speaker: speaker.clone(),
                    entity,
                });
            }
            Block::List(ListBlock { items, .. }) => {
                for item in items {
                    count(item, &mut found);
                }
            }
            // The captions the article writes for its pictures are its words too.
            Block::Image(_) | Block::Gallery(_) => {
                if let Block::Gallery(GalleryBlock {
                    caption: Some(caption),
                    ..
                }) = block
                {
                    count(caption, &mut found);
                }
                for (_, figure) in block.figures() {
                    if let Some(caption) = &figure.caption {
                        count(caption, &mut found);
                    }
                }
            }
        }
    }
    found.subjects = subjects_for(row);
    found
}

/// Quotations in running text: “…” (or "…") of at least three words, with a speaker.
fn inline_quotes(gazetteer: &Gazetteer, block: usize, text: &str) -> Vec<FoundQuote> {
    let mentions = gazetteer.mentions(text);
    let mut quotes = Vec::new();
    let mut from = 0;
    while let Some((open, close, inner)) = next_quote(text, from) {
        let words = inner.split_whitespace().count();
        if words >= MIN_QUOTE_WORDS {
            let before = mentions
                .iter()
                .rfind(|m| m.end <= open && m.start >= from && gazetteer.is_person(m.entity));
            let after = || {
                mentions.iter().find(|m| {
                    m.start >= close && m.start <= close + 40 && gazetteer.is_person(m.entity)
                })
            };
            let (speaker, entity) = match before.or_else(after) {
                Some(m) => (Some(text[m.start..m.end].to_owned()), Some(m.entity)),
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
    if !SAID.contains(&verb.as_str()) {
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
    let file: TopicsFile = serde_json::from_str(include_str!("../../../content/media-topics.json"))
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
fn subjects_for(row: &ArticleRow) -> BTreeSet<String> {
    let topics = &*TOPICS;
    let mut codes = BTreeSet::new();
    let analyzer = Analyzer::for_language(&row.language);
    let mut hits: HashMap<&str, usize> = HashMap::new();
    if let Some(map) = topics.stems.get(&analyzer) {
        let text = format!("{}\n{}", row.headline, row.body_text);
        for term in analyzer.terms(&text) {
            for code in map.get(&term).into_iter().flatten() {
                *hits.entry(code.as_str()).or_default() += 1;
            }
        }
    }
    codes.extend(
        hits.into_iter()
            .filter(|(_, n)| *n >= topics.file.min_hits)
            .map(|(code, _)| code.to_owned()),
    );
    codes
}

/// The topics of the article's section.
fn section_subjects(conn: &mut DbConnection, row: &ArticleRow) -> anyhow::Result<Vec<String>> {
    let sections =
        crate::db::taxonomy::sections_by_ids(conn, std::slice::from_ref(&row.section_id))?;
    Ok(sections
        .first()
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
pub fn annotate(conn: &mut DbConnection, row: &ArticleRow) -> anyhow::Result<()> {
    let gazetteer = Gazetteer::load(conn)?;
    annotate_with(conn, &gazetteer, row)
}

pub fn annotate_with(
    conn: &mut DbConnection,
    gazetteer: &Gazetteer,
    row: &ArticleRow,
) -> anyhow::Result<()> {
    let body: Vec<Block> = serde_json::from_str(&row.body)
        .with_context(|| format!("article {} has an unreadable body", row.id))?;
    let found = annotate_text(gazetteer, row, &body);
    let mut mentions: BTreeMap<String, i32> = found
        .mentions
        .iter()
        .map(|(i, n)| (gazetteer.entities[*i].id.clone(), *n))
        .collect();
    for (entity_id, included) in store::overrides_of(conn, &row.id)? {
        if included {
            mentions.entry(entity_id).or_insert(0);
        } else {
            mentions.remove(&entity_id);
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
    subjects.extend(section_subjects(conn, row)?);
    let mentions: Vec<(String, i32)> = mentions.into_iter().collect();
    let subjects: Vec<String> = subjects.into_iter().collect();
    store::replace_annotations(conn, &row.id, &mentions, &quotes, &subjects)?;
    Ok(())
}

/// Derives search terms, entities, quotes and subjects again for articles derived by
/// an older version (or never), in batches: after an upgrade, at start-up.
pub fn refresh_stale(conn: &mut DbConnection) -> anyhow::Result<()> {
    const BATCH: i64 = 500;
    let mut total = 0;
    loop {
        let done = crate::db::write_transaction(conn, |conn| -> anyhow::Result<usize> {
            let gazetteer = Gazetteer::load(conn)?;
            let rows = crate::db::search::stale(conn, BATCH)?;
            for row in &rows {
                crate::db::search::index(conn, row)?;
                annotate_with(conn, &gazetteer, row)?;
            }
            Ok(rows.len())
        })
        .context("deriving search terms and entities")?;
        total += done;
        if done < BATCH as usize {
            break;
        }
    }
    if total > 0 {
        tracing::info!(articles = total, "articles indexed and annotated");
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

    #[test]
    fn longest_alias_and_whole_words_only() {
        let g = gazetteer();
        let found: Vec<usize> = g
            .mentions("Kim Jong Un dan Kim; KASUS di AS, ASEAN, Kimchi")
            .iter()
            .map(|m| m.entity)
            .collect();
        assert_eq!(found, [0, 0, 2]);
    }

    #[test]
    fn speakers_of_inline_quotes() {
        let g = gazetteer();
        let text = "Kecaman dari AS. Menteri Luar Negeri AS, Antony Blinken, menyatakan bahwa aliansi ini \
                    berpotensi “mengacaukan stabilitas global dan kawasan.” Ia menyebutnya “berbahaya”.";
        let quotes = inline_quotes(&g, 3, text);
        assert_eq!(quotes.len(), 1, "a one-word scare quote is not a quotation");
        assert_eq!(quotes[0].text, "mengacaukan stabilitas global dan kawasan.");
        assert_eq!(quotes[0].speaker.as_deref(), Some("Antony Blinken"));
        assert_eq!(quotes[0].entity, Some(1));

        let after = inline_quotes(
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
    let counts: HashMap<String, i64> = store::public_counts(conn, desk.now())?
        .into_iter()
        .collect();
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
    Ok(super::Slice { items, total })
}

pub fn entity_by_slug(
    conn: &mut DbConnection,
    now: NaiveDateTime,
    slug: &str,
) -> anyhow::Result<Option<Entity>> {
    let Some(row) = store::by_slug(conn, slug)? else {
        return Ok(None);
    };
    let count = store::public_counts(conn, now)?
        .into_iter()
        .find(|(id, _)| *id == row.id)
        .map_or(0, |(_, n)| n);
    Ok(Some(entity(&row, count)))
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
        total: 0,
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
    Ok(super::Slice {
        items,
        total: u64::try_from(total).unwrap_or_default(),
    })
}

/// Recognises entities again in the articles that contain any of `aliases` (found
/// through the search index), after the gazetteer gained them.
pub fn recognise_new(conn: &mut DbConnection, aliases: &[String]) -> anyhow::Result<()> {
    use crate::search::query::SearchQuery;
    let phrases: Vec<String> = aliases
        .iter()
        .map(|a| format!("\"{}\"", a.replace('"', " ")))
        .collect();
    let ids = match SearchQuery::parse(&phrases.join(" OR "), &Analyzer::ALL) {
        Ok(Some(query)) => crate::db::search::matching_ids(conn, &query.fts5(), &query.tsquery())?,
        // Only stop words (an alias such as `AS`): every article is a candidate.
        Ok(None) | Err(_) => crate::db::search::all_ids(conn)?,
    };
    let gazetteer = Gazetteer::load(conn)?;
    for chunk in ids.chunks(500) {
        for row in crate::db::articles::by_ids(conn, chunk)? {
            annotate_with(conn, &gazetteer, &row)?;
        }
    }
    Ok(())
}
