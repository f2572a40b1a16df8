//! Entities, what articles mention, editors' overrides, quotes and subjects.

use std::collections::HashMap;

use chrono::NaiveDateTime;
use diesel::prelude::*;
use shared::{COUNT_BOUND, Total};

use super::articles::KEYS_PER_QUERY;
use super::schema::{
    article_entities, article_subjects, articles, entities, entity_overrides, entity_sections,
    entity_suggestions, quotes, rejected_names, sections,
};
use super::{DbConnection, EntitySeq};

#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset, PartialEq, Eq)]
#[diesel(table_name = entities)]
#[diesel(treat_none_as_null = true)]
pub struct EntityRow {
    pub id: String,
    pub slug: String,
    pub name: String,
    pub kind: String,
    pub wikidata: Option<String>,
    /// A JSON array of strings.
    pub aliases: String,
    pub origin: String,
    pub created_at: NaiveDateTime,
    /// When it last changed (the in-memory gazetteer's signal to be made again).
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable, PartialEq, Eq)]
#[diesel(table_name = quotes)]
// Every field a value (`None` is NULL), never `DEFAULT`: on SQLite diesel writes many
// rows that may hold a `DEFAULT` one statement each, in a savepoint of their own, where
// otherwise one statement writes them all (`replace_annotations`). The same for `SuggestionRow`.
#[diesel(treat_none_as_default_value = false)]
pub struct QuoteRow {
    pub id: String,
    pub article_id: String,
    pub position: i32,
    pub block: i32,
    pub kind: String,
    pub text: String,
    pub speaker: Option<String>,
    pub entity_id: Option<String>,
}

/// Every entity with its number (`seq`), by slug.
pub fn all_numbered(conn: &mut DbConnection) -> QueryResult<Vec<(EntitySeq, EntityRow)>> {
    entities::table
        .order_by(entities::slug)
        .select((entities::seq, EntityRow::as_select()))
        .load(conn)
}

/// The numbers (`seq`) of these entities, by id.
pub fn seqs_of(conn: &mut DbConnection, ids: &[String]) -> QueryResult<HashMap<String, EntitySeq>> {
    Ok(entities::table
        .filter(super::one_of::one_of(conn, entities::id, ids))
        .select((entities::id, entities::seq))
        .load(conn)?
        .into_iter()
        .collect())
}

pub fn all(conn: &mut DbConnection) -> QueryResult<Vec<EntityRow>> {
    entities::table
        .order_by(entities::slug)
        .select(EntityRow::as_select())
        .load(conn)
}

/// What changes whenever an entity is added, changed or removed: their count, and the
/// newest change with its entity's id (which also tells one database from another) and
/// number (which a migration's round trip on PostgreSQL gives anew, as the tests do).
pub type Fingerprint = (i64, Option<(NaiveDateTime, String, EntitySeq)>);

pub fn fingerprint(conn: &mut DbConnection) -> QueryResult<Fingerprint> {
    let count = entities::table.count().get_result(conn)?;
    let newest = entities::table
        .order_by((entities::updated_at.desc(), entities::id.desc()))
        .select((entities::updated_at, entities::id, entities::seq))
        .first(conn)
        .optional()?;
    Ok((count, newest))
}

pub fn by_slug(conn: &mut DbConnection, slug: &str) -> QueryResult<Option<EntityRow>> {
    super::unique(
        entities::table
            .filter(entities::slug.eq(slug))
            .select(EntityRow::as_select())
            .load(conn),
    )
}

pub fn by_slugs(conn: &mut DbConnection, slugs: &[String]) -> QueryResult<Vec<EntityRow>> {
    entities::table
        .filter(entities::slug.eq_any(slugs))
        .select(EntityRow::as_select())
        .load(conn)
}

pub fn by_ids(conn: &mut DbConnection, ids: &[String]) -> QueryResult<Vec<EntityRow>> {
    entities::table
        .filter(super::one_of::one_of(conn, entities::id, ids))
        .select(EntityRow::as_select())
        .load(conn)
}

pub fn insert(conn: &mut DbConnection, row: &EntityRow) -> QueryResult<()> {
    diesel::insert_into(entities::table)
        .values(row)
        .execute(conn)
        .map(drop)
}

pub fn update(conn: &mut DbConnection, row: &EntityRow) -> QueryResult<()> {
    diesel::update(entities::table.find(&row.id))
        .set(row)
        .execute(conn)
        .map(drop)
}

/// A name an article has that no entity has.
#[derive(Debug, Clone, Queryable, Selectable, Insertable, PartialEq, Eq)]
#[diesel(table_name = entity_suggestions)]
#[diesel(treat_none_as_default_value = false)] // see `QuoteRow`
pub struct SuggestionRow {
    pub article_id: String,
    pub name_key: String,
    pub name: String,
    pub kind: String,
    pub found_by: String,
    pub mentions: i32,
}

/// What is derived from an article on every write.
#[derive(Debug, Default)]
pub struct Annotations {
    pub article_id: String,
    /// `(entity seq, mentions)`.
    pub mentions: Vec<(EntitySeq, i32)>,
    pub quotes: Vec<QuoteRow>,
    pub subjects: Vec<String>,
    pub suggestions: Vec<SuggestionRow>,
}

/// Mention rows per `INSERT` on SQLite: a statement of a fixed number of rows (an
/// array's) is one diesel keeps prepared; the rest of a batch's go a row a statement.
const MENTIONS_PER_INSERT: usize = 64;

/// Rows per `INSERT`: a quote has 8 values, and SQLite takes at most 32,766 in one
/// statement.
const ROWS_PER_INSERT: usize = 1_000;

/// Replaces what these articles mention, their quotes, their subjects and their
/// suggested names — each kind in a few statements for all of them (an import writes a
/// batch's at once) — and moves each entity's count of listed articles by what changed
/// for it. An article given twice takes the later.
///
/// The mentions' counts are kept here, where mention rows are written, not by a
/// trigger on every row: that cost an import four times its mention rows' own time (a
/// trigger runs a program per row on SQLite), where one `UPDATE` per entity and batch
/// costs next to nothing. What else moves them (an article listed or no longer, or
/// deleted) is still the articles' triggers (migration `listed_counts`).
pub fn replace_annotations(conn: &mut DbConnection, derived: &[Annotations]) -> QueryResult<()> {
    let mut latest: HashMap<&str, &Annotations> = HashMap::with_capacity(derived.len());
    for annotations in derived {
        latest.insert(&annotations.article_id, annotations);
    }
    let derived: Vec<&Annotations> = derived
        .iter()
        .filter(|a| std::ptr::eq(latest[a.article_id.as_str()], *a))
        .collect();
    let ids: Vec<&str> = derived.iter().map(|a| a.article_id.as_str()).collect();
    // Each article's number, its time while listed (`listed_at`: counted when there is
    // one), its section.
    let mut numbered: HashMap<String, (i64, Option<NaiveDateTime>, String)> =
        HashMap::with_capacity(ids.len());
    for ids in ids.chunks(KEYS_PER_QUERY) {
        numbered.extend(
            articles::table
                .filter(articles::id.eq_any(ids))
                .select((
                    articles::id,
                    articles::seq,
                    articles::listed,
                    articles::published_at,
                    articles::section_id,
                ))
                .load::<(String, i64, bool, Option<NaiveDateTime>, String)>(conn)?
                .into_iter()
                .map(|(id, seq, listed, at, section)| (id, (seq, at.filter(|_| listed), section))),
        );
    }
    let number = |id: &str| numbered.get(id).ok_or(diesel::NotFound);
    let numbers: Vec<(i64, Option<NaiveDateTime>)> = ids
        .iter()
        .map(|id| number(id).map(|(seq, listed_at, _)| (*seq, *listed_at)))
        .collect::<QueryResult<_>>()?;
    let seqs: Vec<i64> = numbers.iter().map(|(seq, _)| *seq).collect();
    let sections: HashMap<i64, &str> = numbered
        .values()
        .filter(|(_, listed_at, _)| listed_at.is_some())
        .map(|(seq, _, section)| (*seq, section.as_str()))
        .collect();
    let counted: Vec<i64> = sections.keys().copied().collect();
    // What each entity's count moves by, of all and of each section.
    let mut moved: HashMap<EntitySeq, i64> = HashMap::new();
    let mut moved_in: HashMap<(EntitySeq, &str), i64> = HashMap::new();
    for seqs in counted.chunks(KEYS_PER_QUERY) {
        let gone: Vec<(i64, EntitySeq)> = article_entities::table
            .filter(article_entities::article_seq.eq_any(seqs))
            .select((article_entities::article_seq, article_entities::entity_seq))
            .load(conn)?;
        for (article, entity) in gone {
            *moved.entry(entity).or_default() -= 1;
            *moved_in.entry((entity, sections[&article])).or_default() -= 1;
        }
    }
    for (ids, seqs) in ids.chunks(KEYS_PER_QUERY).zip(seqs.chunks(KEYS_PER_QUERY)) {
        diesel::delete(
            entity_suggestions::table.filter(entity_suggestions::article_id.eq_any(ids)),
        )
        .execute(conn)?;
        diesel::delete(article_entities::table.filter(article_entities::article_seq.eq_any(seqs)))
            .execute(conn)?;
        diesel::delete(quotes::table.filter(quotes::article_id.eq_any(ids))).execute(conn)?;
        diesel::delete(article_subjects::table.filter(article_subjects::article_id.eq_any(ids)))
            .execute(conn)?;
    }
    let mut mentions = Vec::new();
    for (annotations, &(seq, listed_at)) in derived.iter().zip(&numbers) {
        let section = sections.get(&seq).copied();
        for &(entity_seq, count) in &annotations.mentions {
            if let Some(section) = section {
                *moved.entry(entity_seq).or_default() += 1;
                *moved_in.entry((entity_seq, section)).or_default() += 1;
            }
            mentions.push((
                article_entities::article_seq.eq(seq),
                article_entities::entity_seq.eq(entity_seq),
                article_entities::mentions.eq(count),
                article_entities::listed_second.eq(listed_at.map(super::keyed::second_of)),
            ));
        }
    }
    // The mentions — ~50 an article — on SQLite in statements of a fixed number of rows
    // (`MENTIONS_PER_INSERT`), which diesel keeps prepared: the same rows read from one
    // JSON parameter (`jsonb_each`) cost the writer a tenth more, and a statement of as
    // many rows as a batch has is prepared anew each time. Each other kind in as few
    // statements as the database takes (`per_database!`: diesel builds a multi-row
    // `INSERT` for a concrete database only).
    match &mut *conn {
        DbConnection::Sqlite(c) => {
            let (full, rest) = mentions.as_chunks::<MENTIONS_PER_INSERT>();
            for rows in full {
                diesel::insert_into(article_entities::table)
                    .values(rows)
                    .execute(c)?;
            }
            for row in rest {
                diesel::insert_into(article_entities::table)
                    .values(row)
                    .execute(c)?;
            }
        }
        DbConnection::Postgresql(c) => {
            for rows in mentions.chunks(ROWS_PER_INSERT) {
                diesel::insert_into(article_entities::table)
                    .values(rows)
                    .execute(c)?;
            }
        }
    }
    let quoted: Vec<&QuoteRow> = derived.iter().flat_map(|a| &a.quotes).collect();
    for rows in quoted.chunks(ROWS_PER_INSERT) {
        super::per_database!(&mut *conn, |c| {
            diesel::insert_into(quotes::table)
                .values(rows.to_vec())
                .execute(c)
        })?;
    }
    let subjects: Vec<_> = derived
        .iter()
        .flat_map(|a| {
            a.subjects.iter().map(|code| {
                (
                    article_subjects::article_id.eq(&a.article_id),
                    article_subjects::code.eq(code),
                )
            })
        })
        .collect();
    for rows in subjects.chunks(ROWS_PER_INSERT) {
        super::per_database!(&mut *conn, |c| {
            diesel::insert_into(article_subjects::table)
                .values(rows)
                .execute(c)
        })?;
    }
    let suggested: Vec<&SuggestionRow> = derived.iter().flat_map(|a| &a.suggestions).collect();
    for rows in suggested.chunks(ROWS_PER_INSERT) {
        super::per_database!(&mut *conn, |c| {
            diesel::insert_into(entity_suggestions::table)
                .values(rows.to_vec())
                .execute(c)
        })?;
    }
    move_listed_counts(conn, moved)?;
    move_section_counts(conn, moved_in)
}

/// Adds to each entity's count of listed articles in a section, in as few statements as
/// the rows fit (an upsert: a pair's first article writes its row).
fn move_section_counts(
    conn: &mut DbConnection,
    moved: HashMap<(EntitySeq, &str), i64>,
) -> QueryResult<()> {
    use diesel::upsert::excluded;
    let rows: Vec<_> = moved
        .into_iter()
        .filter(|(_, amount)| *amount != 0)
        .map(|((entity, section), amount)| {
            (
                entity_sections::entity_seq.eq(entity),
                entity_sections::section_id.eq(section),
                entity_sections::listed_articles.eq(amount),
            )
        })
        .collect();
    for rows in rows.chunks(ROWS_PER_INSERT) {
        super::per_database!(&mut *conn, |c| {
            diesel::insert_into(entity_sections::table)
                .values(rows)
                .on_conflict((entity_sections::entity_seq, entity_sections::section_id))
                .do_update()
                .set(
                    entity_sections::listed_articles.eq(entity_sections::listed_articles
                        + excluded(entity_sections::listed_articles)),
                )
                .execute(c)
        })?;
    }
    Ok(())
}

/// Adds to each entity's count of listed articles: one `UPDATE` per distinct amount
/// (most entities of a batch move by one, or by a few).
fn move_listed_counts(conn: &mut DbConnection, moved: HashMap<EntitySeq, i64>) -> QueryResult<()> {
    let mut by_amount: std::collections::BTreeMap<i64, Vec<EntitySeq>> = Default::default();
    for (entity, amount) in moved {
        if amount != 0 {
            by_amount.entry(amount).or_default().push(entity);
        }
    }
    for (amount, entities_moved) in by_amount {
        for seqs in entities_moved.chunks(KEYS_PER_QUERY) {
            diesel::update(entities::table.filter(entities::seq.eq_any(seqs)))
                .set(entities::listed_articles.eq(entities::listed_articles + amount))
                .execute(conn)?;
        }
    }
    Ok(())
}

/// The article's overrides as `(entity_id, included)`.
pub fn overrides_of(conn: &mut DbConnection, article_id: &str) -> QueryResult<Vec<(String, bool)>> {
    entity_overrides::table
        .filter(entity_overrides::article_id.eq(article_id))
        .select((entity_overrides::entity_id, entity_overrides::included))
        .load(conn)
}

pub fn set_overrides(
    conn: &mut DbConnection,
    article_id: &str,
    overrides: &[(String, bool)],
) -> QueryResult<()> {
    diesel::delete(entity_overrides::table.filter(entity_overrides::article_id.eq(article_id)))
        .execute(conn)?;
    for (entity_id, included) in overrides {
        diesel::insert_into(entity_overrides::table)
            .values((
                entity_overrides::article_id.eq(article_id),
                entity_overrides::entity_id.eq(entity_id),
                entity_overrides::included.eq(included),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// `(article_id, entity, mentions)` for these articles, most mentioned first.
pub fn entities_of(
    conn: &mut DbConnection,
    article_ids: &[String],
) -> QueryResult<Vec<(String, EntityRow, i32)>> {
    article_entities::table
        .inner_join(entities::table.on(entities::seq.eq(article_entities::entity_seq)))
        .inner_join(articles::table.on(articles::seq.eq(article_entities::article_seq)))
        .filter(super::one_of::one_of(conn, articles::id, article_ids))
        .order_by((
            articles::id,
            article_entities::mentions.desc(),
            entities::name,
        ))
        .select((
            articles::id,
            EntityRow::as_select(),
            article_entities::mentions,
        ))
        .load(conn)
}

pub fn subjects_of(
    conn: &mut DbConnection,
    article_ids: &[String],
) -> QueryResult<Vec<(String, String)>> {
    article_subjects::table
        .filter(super::one_of::one_of(
            conn,
            article_subjects::article_id,
            article_ids,
        ))
        .order_by((article_subjects::article_id, article_subjects::code))
        .select((article_subjects::article_id, article_subjects::code))
        .load(conn)
}

/// Published articles per entity at `now`, as `entity_id → count`, for the entities
/// that have any (of one, with `only`): the count kept (`replace_annotations` and the
/// articles' triggers), less the articles not public yet.
pub fn public_counts(
    conn: &mut DbConnection,
    now: NaiveDateTime,
    only: Option<&str>,
) -> QueryResult<HashMap<String, i64>> {
    use diesel::sql_types::Bool;
    let listed = entities::table
        .filter(entities::listed_articles.gt(0))
        .filter(
            entities::id
                .eq(only.unwrap_or_default())
                .or(only.is_none().into_sql::<Bool>()),
        )
        .select((entities::id, entities::listed_articles))
        .load(conn)?;
    let later = article_entities::table
        .inner_join(articles::table.on(articles::seq.eq(article_entities::article_seq)))
        .inner_join(entities::table.on(entities::seq.eq(article_entities::entity_seq)))
        .filter(super::public::listed_later(now))
        .filter(
            entities::id
                .eq(only.unwrap_or_default())
                .or(only.is_none().into_sql::<Bool>()),
        )
        .group_by(entities::id)
        .select((entities::id, diesel::dsl::count_star()))
        .load(conn)?;
    Ok(super::public::listed_less_later(listed, later))
}

/// Public articles at `now` naming the entity `entity` in the section `section` (both
/// slugs): the count kept (`entity_sections`: `replace_annotations` and the articles'
/// triggers) less the listed articles not public yet.
pub fn public_count_in_section(
    conn: &mut DbConnection,
    now: NaiveDateTime,
    entity: &str,
    section: &str,
) -> QueryResult<i64> {
    let Some(kept) = super::unique(
        entity_sections::table
            .inner_join(entities::table.on(entities::seq.eq(entity_sections::entity_seq)))
            .inner_join(sections::table.on(sections::id.eq(entity_sections::section_id)))
            .filter(entities::slug.eq(entity))
            .filter(sections::slug.eq(section))
            .select(entity_sections::listed_articles)
            .load::<i64>(conn),
    )?
    else {
        return Ok(0);
    };
    let later: i64 = article_entities::table
        .inner_join(articles::table.on(articles::seq.eq(article_entities::article_seq)))
        .inner_join(entities::table.on(entities::seq.eq(article_entities::entity_seq)))
        .inner_join(sections::table.on(sections::id.eq(articles::section_id)))
        .filter(super::public::listed_later(now))
        .filter(entities::slug.eq(entity))
        .filter(sections::slug.eq(section))
        .count()
        .get_result(conn)?;
    Ok(kept - later)
}

/// A quote with its article's slug, headline and publication time.
pub type QuoteInArticle = (QuoteRow, String, String, Option<NaiveDateTime>);

/// Quotes in public articles at `now`, newest article first, in order within one;
/// `speaker` (an entity id) and `article` (an article id) narrow them. Read from the
/// quotes' own indexes in that order (each quote carries its article's publication time
/// while the article is listed: `listed_at`, kept by triggers), then the page's articles.
/// A speaker's or an article's quotes are counted whole from the index; every quote is
/// counted up to `COUNT_BOUND` (1.2 million at a million articles).
pub fn public_quotes(
    conn: &mut DbConnection,
    now: NaiveDateTime,
    speaker: Option<&str>,
    article: Option<&str>,
    limit: i64,
    offset: i64,
) -> QueryResult<(Vec<QuoteInArticle>, Total)> {
    let query = || {
        let mut q = quotes::table.filter(quotes::listed_at.le(now)).into_boxed();
        if let Some(speaker) = speaker {
            q = q.filter(quotes::entity_id.eq(speaker.to_owned()));
        }
        if let Some(article) = article {
            q = q.filter(quotes::article_id.eq(article.to_owned()));
        }
        q
    };
    let total = if speaker.is_some() || article.is_some() {
        Total::exact(u64::try_from(query().count().get_result::<i64>(conn)?).unwrap_or_default())
    } else {
        let bound = i64::try_from(COUNT_BOUND).unwrap_or(i64::MAX);
        // A constant, so that the quotes are counted from the index alone, not read.
        let counted = query()
            .select(diesel::dsl::sql::<diesel::sql_types::Integer>("1"))
            .limit(bound + 1)
            .load::<i32>(conn)?
            .len() as u64;
        // One past the bound: more than it vouches for.
        if counted > COUNT_BOUND {
            Total::at_least(COUNT_BOUND)
        } else {
            Total::exact(counted)
        }
    };
    let page: Vec<String> = query()
        .order_by((
            quotes::listed_at.desc(),
            quotes::article_id.desc(),
            quotes::position,
        ))
        .limit(limit)
        .offset(offset)
        .select(quotes::id)
        .load(conn)?;
    let rows = quotes::table
        .inner_join(articles::table)
        .filter(super::one_of::one_of(conn, quotes::id, &page))
        .select((
            QuoteRow::as_select(),
            articles::slug,
            articles::headline,
            articles::published_at,
        ))
        .load::<QuoteInArticle>(conn)?;
    Ok((super::in_order_of(&page, rows, |row| &row.0.id), total))
}

/// The article's suggested names, the most mentioned first.
pub fn suggestions_of(
    conn: &mut DbConnection,
    article_id: &str,
) -> QueryResult<Vec<SuggestionRow>> {
    entity_suggestions::table
        .filter(entity_suggestions::article_id.eq(article_id))
        .order_by((
            entity_suggestions::mentions.desc(),
            entity_suggestions::name,
        ))
        .select(SuggestionRow::as_select())
        .load(conn)
}

/// The articles that have this name among their suggestions.
pub fn articles_suggesting(conn: &mut DbConnection, name_key: &str) -> QueryResult<Vec<String>> {
    entity_suggestions::table
        .filter(entity_suggestions::name_key.eq(name_key))
        .select(entity_suggestions::article_id)
        .load(conn)
}

/// Which of these names are rejected.
pub fn rejected_among(conn: &mut DbConnection, keys: &[String]) -> QueryResult<Vec<String>> {
    if keys.is_empty() {
        return Ok(Vec::new());
    }
    // On the concrete connection (`articles::slug_taken`): asked of every article.
    super::per_database!(conn, |c| rejected_names::table
        .filter(rejected_names::name_key.eq_any(keys))
        .select(rejected_names::name_key)
        .load(c))
}

/// Remembers a rejected name; false when it was already.
pub fn reject(
    conn: &mut DbConnection,
    name_key: &str,
    name: &str,
    by: &str,
    at: NaiveDateTime,
) -> QueryResult<bool> {
    let exists = rejected_names::table
        .find(name_key)
        .count()
        .get_result::<i64>(conn)?
        > 0;
    if exists {
        return Ok(false);
    }
    diesel::insert_into(rejected_names::table)
        .values((
            rejected_names::name_key.eq(name_key),
            rejected_names::name.eq(name),
            rejected_names::rejected_by.eq(by),
            rejected_names::rejected_at.eq(at),
        ))
        .execute(conn)?;
    Ok(true)
}

/// The rejected names with when, the latest first.
pub fn rejected(conn: &mut DbConnection) -> QueryResult<Vec<(String, NaiveDateTime)>> {
    rejected_names::table
        .order_by((rejected_names::rejected_at.desc(), rejected_names::name))
        .select((rejected_names::name, rejected_names::rejected_at))
        .load(conn)
}

/// Which analyzer derived the articles' entities, quotes and subjects (`derivations`,
/// one row): `version`, or — while `walking_to` is set — that version again for the
/// articles numbered up to `through`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Queryable, Selectable, AsChangeset)]
#[diesel(table_name = super::schema::derivations)]
#[diesel(treat_none_as_null = true)]
pub struct Derivation {
    pub version: i32,
    pub walking_to: Option<i32>,
    pub through: i64,
}

pub fn derivation(conn: &mut DbConnection) -> QueryResult<Derivation> {
    use super::schema::derivations;
    super::unique(
        derivations::table
            .select(Derivation::as_select())
            .load(conn),
    )?
    .ok_or(diesel::result::Error::NotFound)
}

/// Marks the articles derived by `version` when there are none: a database made by
/// the migrations says 0, "derived by no analyzer", and articles then written are
/// derived by the current one. One statement, so an article written meanwhile (another
/// instance) keeps the mark as it was. Whether it marked.
pub fn mark_derived_if_empty(conn: &mut DbConnection, version: i32) -> QueryResult<bool> {
    use super::schema::derivations;
    let marked = diesel::update(
        derivations::table
            .filter(derivations::version.ne(version))
            .filter(derivations::walking_to.is_null())
            .filter(diesel::dsl::sql::<diesel::sql_types::Bool>(
                "NOT EXISTS (SELECT 1 FROM articles)",
            )),
    )
    .set(derivations::version.eq(version))
    .execute(conn)?;
    Ok(marked > 0)
}

pub fn set_derivation(conn: &mut DbConnection, derivation: &Derivation) -> QueryResult<()> {
    use super::schema::derivations;
    diesel::update(derivations::table)
        .set(derivation)
        .execute(conn)?;
    Ok(())
}
