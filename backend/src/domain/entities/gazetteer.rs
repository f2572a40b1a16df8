//! The gazetteer: every known entity's names, ready to match in copy.
//!
//! The entries come from `content/gazetteer.json` (made by `scripts/gazetteer` from
//! open data; synced into the database at start) and from what editors add or accept.
//! Names are matched as whole words, case-sensitively, the longest first (`Kim Jong
//! Un` before `Kim`). A name several entities share (`Georgia` the country and the
//! US state) is decided per article by what else the article names: the entity whose
//! surroundings (`within`: the place it lies in, or the places that lie in it) the
//! article mentions wins; the first listed otherwise.

use std::collections::HashMap;
use std::sync::{Arc, LazyLock, Mutex, PoisonError};

use aho_corasick::{AhoCorasick, MatchKind};
use anyhow::Context as _;
use serde::Deserialize;
use shared::EntityKind;

use crate::db::entities::{self as store, EntityRow, Fingerprint};
use crate::db::{DbConnection, EntitySeq};

#[derive(Debug, Deserialize)]
pub(super) struct GazetteerFile {
    pub(super) entities: Vec<GazetteerEntry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct GazetteerEntry {
    pub(super) slug: String,
    pub(super) name: String,
    pub(super) kind: EntityKind,
    #[serde(default)]
    pub(super) wikidata: Option<String>,
    /// The slug of the place this one lies in.
    #[serde(default)]
    pub(super) within: Option<String>,
    pub(super) aliases: Vec<String>,
    /// Where the entry comes from (`content/gazetteer/SOURCES.md`); not read here.
    #[serde(rename = "sources")]
    _sources: serde::de::IgnoredAny,
}

const GAZETTEER: &str = include_str!("../../../../content/gazetteer.json");

/// The compiled-in gazetteer file.
pub(super) static FILE: LazyLock<GazetteerFile> = LazyLock::new(|| {
    serde_json::from_str(GAZETTEER)
        .unwrap_or_else(|e| panic!("content/gazetteer.json is not valid: {e}"))
});

/// Slug → the slug of the place it lies in, from the compiled-in file.
static WITHIN: LazyLock<HashMap<&'static str, &'static str>> = LazyLock::new(|| {
    FILE.entities
        .iter()
        .filter_map(|e| Some((e.slug.as_str(), e.within.as_deref()?)))
        .collect()
});

/// Indonesia's districts (kecamatan), by name: the slugs of the regencies and cities
/// that have one so called (`content/districts.tsv`, made by `scripts/gazetteer`). Too
/// many to publish as entities, they are suggested as places where the article names
/// their regency or city.
static DISTRICTS: LazyLock<HashMap<&'static str, Vec<&'static str>>> = LazyLock::new(|| {
    let mut districts: HashMap<&str, Vec<&str>> = HashMap::new();
    for line in include_str!("../../../../content/districts.tsv").lines() {
        if let Some((name, regency)) = line.split_once('\t')
            && !line.starts_with('#')
        {
            districts.entry(name).or_default().push(regency);
        }
    }
    districts
});

/// The slugs of the regencies and cities with a district called `name`.
pub(super) fn district_of(name: &str) -> impl Iterator<Item = &'static str> {
    DISTRICTS.get(name).into_iter().flatten().copied()
}

/// Every entity's names, ready to match.
pub struct Gazetteer {
    pub(super) entities: Vec<EntityRow>,
    kinds: Vec<EntityKind>,
    /// For each entity, the place it lies in.
    parent: Vec<Option<usize>>,
    matcher: Option<AhoCorasick>,
    /// For each pattern, the entities it names, the first preferred.
    owners: Vec<Vec<usize>>,
    /// Exact name → its patterns' index.
    by_alias: HashMap<String, usize>,
    /// Each entity's number in the database (`seq`, what `article_entities` holds), by
    /// its place in `entities`; empty for the compiled-in gazetteer.
    numbers: Vec<EntitySeq>,
    /// Entity id → its place in `entities` (empty with `numbers`).
    places: HashMap<String, usize>,
}

impl std::fmt::Debug for Gazetteer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Gazetteer")
            .field("entities", &self.entities.len())
            .field("names", &self.owners.len())
            .finish()
    }
}

/// A known name found in a text: its bytes and the entities it may be.
#[derive(Debug, Clone)]
pub(super) struct Match {
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) pattern: usize,
}

/// Gazetteers made from databases, by their entities' fingerprint: making one (thousands
/// of names into one matcher) costs far more than reading an article, so it is made
/// again only when an entity is added, changed or removed. A few are kept, for a
/// process that serves several databases (the tests).
static MADE: LazyLock<Mutex<Vec<Made>>> = LazyLock::new(|| Mutex::new(Vec::new()));
type Made = (Fingerprint, Arc<Gazetteer>);
const KEPT: usize = 4;

impl Gazetteer {
    /// The database's gazetteer: the one made before while no entity changed.
    pub fn load(conn: &mut DbConnection) -> anyhow::Result<Arc<Self>> {
        let fingerprint = store::fingerprint(conn)?;
        let kept = MADE
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .iter()
            .find(|(f, _)| *f == fingerprint)
            .map(|(_, g)| Arc::clone(g));
        if let Some(gazetteer) = kept {
            return Ok(gazetteer);
        }
        let (seqs, rows): (Vec<EntitySeq>, Vec<EntityRow>) =
            store::all_numbered(conn)?.into_iter().unzip();
        let mut gazetteer = Self::new(rows)?;
        gazetteer.places = (gazetteer.entities.iter().enumerate())
            .map(|(place, e)| (e.id.clone(), place))
            .collect();
        gazetteer.numbers = seqs;
        let gazetteer = Arc::new(gazetteer);
        let mut made = MADE.lock().unwrap_or_else(PoisonError::into_inner);
        if made.len() >= KEPT {
            made.remove(0);
        }
        made.push((fingerprint, Arc::clone(&gazetteer)));
        Ok(gazetteer)
    }

    /// The entity's number in the database the gazetteer was made from.
    pub(super) fn seq(&self, entity_id: &str) -> Option<EntitySeq> {
        self.places
            .get(entity_id)
            .and_then(|&place| self.seq_at(place))
    }

    /// The number of the entity at `index` (as matches and mentions name it).
    pub(super) fn seq_at(&self, index: usize) -> Option<EntitySeq> {
        self.numbers.get(index).copied()
    }

    /// The compiled-in gazetteer alone, without a database (for measuring).
    pub fn compiled() -> anyhow::Result<Self> {
        let rows = FILE
            .entities
            .iter()
            .map(|e| {
                let mut aliases = vec![e.name.clone()];
                aliases.extend(e.aliases.iter().filter(|a| **a != e.name).cloned());
                Ok(EntityRow {
                    id: e.slug.clone(),
                    slug: e.slug.clone(),
                    name: e.name.clone(),
                    kind: e.kind.as_str().to_owned(),
                    wikidata: e.wikidata.clone(),
                    aliases: serde_json::to_string(&aliases)?,
                    origin: "gazetteer".to_owned(),
                    created_at: chrono::NaiveDateTime::default(),
                    updated_at: chrono::NaiveDateTime::default(),
                })
            })
            .collect::<anyhow::Result<Vec<_>>>()?;
        Self::new(rows)
    }

    pub(super) fn new(entities: Vec<EntityRow>) -> anyhow::Result<Self> {
        let mut patterns: Vec<String> = Vec::new();
        let mut owners: Vec<Vec<usize>> = Vec::new();
        let mut by_alias: HashMap<String, usize> = HashMap::new();
        let mut kinds = Vec::with_capacity(entities.len());
        let by_slug: HashMap<&str, usize> = entities
            .iter()
            .enumerate()
            .map(|(i, e)| (e.slug.as_str(), i))
            .collect();
        let mut parent = vec![None; entities.len()];
        for (i, entity) in entities.iter().enumerate() {
            kinds.push(EntityKind::parse(&entity.kind).unwrap_or(EntityKind::Place));
            if let Some(outer) = WITHIN
                .get(entity.slug.as_str())
                .and_then(|s| by_slug.get(s))
            {
                parent[i] = Some(*outer);
            }
            for alias in super::aliases(entity) {
                let alias = alias.trim();
                if alias.is_empty() {
                    continue;
                }
                match by_alias.get(alias) {
                    Some(&p) => {
                        if !owners[p].contains(&i) {
                            owners[p].push(i);
                        }
                    }
                    None => {
                        by_alias.insert(alias.to_owned(), patterns.len());
                        patterns.push(alias.to_owned());
                        owners.push(vec![i]);
                    }
                }
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
            parent,
            matcher,
            owners,
            by_alias,
            numbers: Vec::new(),
            places: HashMap::new(),
        })
    }

    /// Whole-word matches of known names in `text`, in order.
    pub(super) fn matches(&self, text: &str) -> Vec<Match> {
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
            .map(|m| Match {
                start: m.start(),
                end: m.end(),
                pattern: m.pattern().as_usize(),
            })
            .collect()
    }

    /// The entities a name is exactly, if the gazetteer has it.
    pub(super) fn named(&self, name: &str) -> &[usize] {
        self.by_alias.get(name).map_or(&[], |&p| &self.owners[p])
    }

    /// Whether every entity a matched name may be is of `kind`.
    pub(super) fn only(&self, pattern: usize, kind: EntityKind) -> bool {
        self.owners[pattern].iter().all(|e| self.kinds[*e] == kind)
    }

    /// Whether the entity lies in another (a city, a province; not a country).
    pub(super) fn is_within(&self, entity: usize) -> bool {
        self.parent[entity].is_some()
    }

    pub(super) fn slug(&self, entity: usize) -> &str {
        &self.entities[entity].slug
    }

    pub(super) fn kind(&self, entity: usize) -> EntityKind {
        self.kinds[entity]
    }

    pub(super) fn owners(&self, pattern: usize) -> &[usize] {
        &self.owners[pattern]
    }

    /// Every name it knows.
    pub fn names(&self) -> impl Iterator<Item = String> + '_ {
        self.by_alias.keys().cloned()
    }

    /// Which of a name's entities this article means: the one whose surroundings —
    /// the place it lies in, the places in it, the places beside it — the article
    /// mentions most (`mentioned` counts each unambiguous entity's mentions).
    ///
    /// A name of one entity is that one, unscored. The others' surroundings are
    /// counted from what the article mentions — some tens of entities — rather than
    /// from the gazetteer's lists of places, where a country's are hundreds: the
    /// places in `e` are the mentioned ones whose parent is `e`, and so on. (Scored
    /// from the lists, every mention of a city summed its country's every place: 3 %
    /// of an import's instructions, all on its reading threads.)
    pub(super) fn decide(
        &self,
        pattern: usize,
        mentioned: &foldhash::HashMap<usize, usize>,
    ) -> usize {
        let owners = &self.owners[pattern];
        if let [only] = owners[..] {
            return only;
        }
        let score = |e: usize| -> usize {
            let parent = self.parent[e];
            mentioned
                .iter()
                .filter(|&(&m, _)| {
                    Some(m) == parent
                        || self.parent[m] == Some(e)
                        || (m != e && parent.is_some() && self.parent[m] == parent)
                })
                .map(|(_, &n)| n)
                .sum()
        };
        let mut best = owners[0];
        let mut best_score = score(best);
        for &e in &owners[1..] {
            let s = score(e);
            if s > best_score {
                best = e;
                best_score = s;
            }
        }
        best
    }
}
