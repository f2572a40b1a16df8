//! Article queries: the public list with its filters and both kinds of paging, lookups, writes.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::models::{
    ArticleAuthorRow, ArticleRow, ArticleTagRow, AuthorRow, CorrectionRow, RevisionRow, TagRow,
};
pub use super::public::{ArticleFilter, is_public_at, public_at};
use super::schema::{
    article_authors, article_entities, article_subjects, article_tags, articles, authors,
    corrections, entities, revisions, sections, tags, translations,
};
use super::{DbConnection, MultiBackend};

/// Newest or oldest first: the contract's order of the article list.
pub use shared::query::ArticleOrder as Order;

/// The position of the last article of a page: the next page starts after it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keyset {
    pub published_at: NaiveDateTime,
    pub id: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PageStart {
    Offset(i64),
    /// After `keyset` in the list's order, then `skip` more.
    After {
        keyset: Keyset,
        skip: i64,
    },
}

fn published(filter: &ArticleFilter) -> articles::BoxedQuery<'_, MultiBackend> {
    published_reading(filter, EntityRead::Planned)
}

/// How an entity filter is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum EntityRead {
    /// As the database plans it.
    Planned,
    /// Walking the public articles in the list's order, each probed for the entity.
    Walking,
    /// From the entity's links, the page decided here (`links_page`).
    Links,
}

fn published_reading(
    filter: &ArticleFilter,
    entity_read: EntityRead,
) -> articles::BoxedQuery<'_, MultiBackend> {
    let mut query = articles::table
        .filter(super::public::public_before(filter.now, filter.until))
        .into_boxed();
    if let Some(section) = &filter.section {
        query = query.filter(
            articles::section_id
                .nullable()
                .eq(super::public::section_named(section)),
        );
    }
    // A tag, an author or an entity: whether each article walked in publication order
    // has it (its link by the article's key), so a page stops at its last row. As
    // `id IN (every article linked)`, SQLite first read all of a tag's links (12,000
    // of 100,000 articles: 160 ms a page; 0.4 ms this way).
    if let Some(tag) = &filter.tag {
        query = query.filter(diesel::dsl::exists(
            article_tags::table
                .filter(article_tags::article_id.eq(articles::id))
                .filter(
                    article_tags::tag_id
                        .eq_any(tags::table.filter(tags::slug.eq(tag)).select(tags::id)),
                ),
        ));
    }
    if let Some(author) = &filter.author {
        query = query.filter(diesel::dsl::exists(
            article_authors::table
                .filter(article_authors::article_id.eq(articles::id))
                .filter(
                    article_authors::author_id.eq_any(
                        authors::table
                            .filter(authors::slug.eq(author))
                            .select(authors::id),
                    ),
                ),
        ));
    }
    if let Some(entity) = &filter.entity {
        let links = article_entities::table
            .filter(article_entities::article_seq.eq(articles::seq))
            .filter(
                article_entities::entity_seq.eq_any(
                    entities::table
                        .filter(entities::slug.eq(entity))
                        .select(entities::seq),
                ),
            );
        query = match entity_read {
            EntityRead::Planned | EntityRead::Links => query.filter(diesel::dsl::exists(links)),
            // `OFFSET` keeps PostgreSQL from making the probe a join it would plan from
            // the entity's side (its classic fence); SQLite walks either way.
            EntityRead::Walking => query.filter(diesel::dsl::exists(links.limit(1).offset(0))),
        };
    }
    if let Some(language) = &filter.language {
        query = query.filter(articles::language.eq(language));
    }
    if let Some(from) = filter.from {
        query = query.filter(articles::published_at.ge(from));
    }
    query
}

/// Every article the database holds, in any state (a bulk load's measure of the archive).
pub fn count_all(conn: &mut DbConnection) -> QueryResult<i64> {
    articles::table.count().get_result(conn)
}

pub fn count_published(conn: &mut DbConnection, filter: &ArticleFilter) -> QueryResult<i64> {
    published(filter).count().get_result(conn)
}

/// The page's articles, in order. The page is chosen by id alone — the filter,
/// order and offset are answered from `articles_public` without reading a row —
/// and only its rows are read: sorted with their bodies, skipping 7,470 articles
/// for page 499 took 178 ms on SQLite, by id 4 ms.
pub fn list_published(
    conn: &mut DbConnection,
    filter: &ArticleFilter,
    order: Order,
    start: &PageStart,
    limit: i64,
) -> QueryResult<Vec<ArticleRow>> {
    let ids = page_ids(conn, filter, order, start, limit)?;
    let mut rows: Vec<ArticleRow> = articles::table
        .filter(super::one_of::one_of(conn, articles::id, &ids))
        .select(ArticleRow::as_select())
        .load(conn)?;
    let position: std::collections::HashMap<&str, usize> = ids
        .iter()
        .enumerate()
        .map(|(i, id)| (id.as_str(), i))
        .collect();
    rows.sort_by_key(|row| position.get(row.id.as_str()).copied());
    Ok(rows)
}

fn page_ids(
    conn: &mut DbConnection,
    filter: &ArticleFilter,
    order: Order,
    start: &PageStart,
    limit: i64,
) -> QueryResult<Vec<String>> {
    // One tag, author or entity (within dates or not), by number: from the key's links.
    if let (PageStart::Offset(offset), Some(key)) = (start, super::keyed::Key::of(filter)) {
        return super::keyed::page_ids(conn, key, filter, order, *offset, limit);
    }
    let wanted = limit.saturating_add(match start {
        PageStart::Offset(offset) => *offset,
        PageStart::After { skip, .. } => *skip,
    });
    let entity_read = entity_read(conn, filter, wanted)?;
    if entity_read == EntityRead::Links {
        return links_page(conn, filter, order, start, limit);
    }
    let mut query = published_reading(filter, entity_read).select(articles::id);
    let at = articles::published_at.assume_not_null();
    match (start, order) {
        (PageStart::Offset(offset), _) => query = query.offset(*offset),
        (PageStart::After { keyset: k, skip }, Order::Newest) => {
            query = query.offset(*skip).filter(
                at.lt(k.published_at)
                    .or(at.eq(k.published_at).and(articles::id.lt(&k.id))),
            );
        }
        (PageStart::After { keyset: k, skip }, Order::Oldest) => {
            query = query.offset(*skip).filter(
                at.gt(k.published_at)
                    .or(at.eq(k.published_at).and(articles::id.gt(&k.id))),
            );
        }
    }
    query = match order {
        Order::Newest => query.order_by((at.desc(), articles::id.desc())),
        Order::Oldest => query.order_by((at.asc(), articles::id.asc())),
    };
    query.limit(limit).load(conn)
}

/// How a page of `wanted` articles filtered by an entity is read, by the kept counts
/// (`listed_articles`; of the section when the filter has one). Walking in order,
/// `wanted` articles of an entity in `n` of `total` pass about `wanted × total / n`
/// articles; its links are `n`.
/// - A common entity (walking passes fewer than `n`) is walked (`EntityRead::Walking`).
///   PostgreSQL plans the probe as a join by the average entity — 2,688 articles
///   estimated at 100,000 for one named in 21,368 — and then reads all of the entity's
///   articles to sort them (59 ms for a feed of 51); walked, the page ends after a few
///   hundred.
/// - A rare one, at most `KEYS_PER_QUERY` articles, is read from its links and its page
///   decided here (`EntityRead::Links`) when the filter holds nothing else but a
///   section and dates: SQLite walks the public index whatever the entity (96 ms at
///   100,000 for one named in 15 articles).
/// - Otherwise the database plans it.
fn entity_read(
    conn: &mut DbConnection,
    filter: &ArticleFilter,
    wanted: i64,
) -> QueryResult<EntityRead> {
    let Some(entity) = &filter.entity else {
        return Ok(EntityRead::Planned);
    };
    let Some(n) = super::unique(
        entities::table
            .filter(entities::slug.eq(entity))
            .select(entities::listed_articles)
            .load::<i64>(conn),
    )?
    else {
        return Ok(EntityRead::Planned);
    };
    let total: i64 = match &filter.section {
        Some(section) => super::unique(
            sections::table
                .filter(sections::slug.eq(section))
                .select(sections::listed_articles)
                .load(conn),
        )?
        .unwrap_or_default(),
        None => sections::table
            .select(sections::listed_articles)
            .load::<i64>(conn)?
            .into_iter()
            .sum(),
    };
    let only_section_and_dates =
        filter.tag.is_none() && filter.author.is_none() && filter.language.is_none();
    Ok(
        if n > 0 && (wanted as f64) * (total as f64) < (n as f64) * (n as f64) {
            EntityRead::Walking
        } else if only_section_and_dates && usize::try_from(n).is_ok_and(|n| n <= KEYS_PER_QUERY) {
            EntityRead::Links
        } else {
            EntityRead::Planned
        },
    )
}

/// A page of an entity's public articles read from its links: every article it names,
/// decided here — public at the filter's moment (`is_public_at`), in the section, within
/// the dates — and put in the list's order, then the page cut from it.
fn links_page(
    conn: &mut DbConnection,
    filter: &ArticleFilter,
    order: Order,
    start: &PageStart,
    limit: i64,
) -> QueryResult<Vec<String>> {
    let entity = filter.entity.as_deref().unwrap_or_default();
    let section_id = match &filter.section {
        Some(slug) => match super::taxonomy::section_by_slug(conn, slug)? {
            Some(section) => Some(section.id),
            None => return Ok(Vec::new()),
        },
        None => None,
    };
    let named = article_entities::table
        .inner_join(articles::table.on(articles::seq.eq(article_entities::article_seq)))
        .inner_join(entities::table.on(entities::seq.eq(article_entities::entity_seq)))
        .filter(entities::slug.eq(entity))
        .select(PUBLIC_COLUMNS)
        .load(conn)?;
    let mut listed: Vec<(NaiveDateTime, String)> = public_of(named, filter.now)
        .filter(|(_, public)| {
            section_id
                .as_ref()
                .is_none_or(|id| *id == public.section_id)
        })
        .filter_map(|(id, public)| Some((public.published_at?, id)))
        .filter(|(at, _)| {
            filter.from.is_none_or(|from| *at >= from)
                && filter.until.is_none_or(|until| *at < until)
        })
        .collect();
    // The list's order: by time, then by id (the order of `page_ids`).
    listed.sort();
    if order == Order::Newest {
        listed.reverse();
    }
    let (after, skip) = match start {
        PageStart::Offset(offset) => (None, *offset),
        PageStart::After { keyset, skip } => (Some(keyset), *skip),
    };
    let beyond = |(at, id): &(NaiveDateTime, String)| {
        after.is_none_or(|k| {
            let key = (&k.published_at, &k.id);
            match order {
                Order::Newest => (at, id) < key,
                Order::Oldest => (at, id) > key,
            }
        })
    };
    Ok(super::page_of(
        listed.into_iter().filter(beyond).map(|(_, id)| id),
        skip,
        limit,
    ))
}

/// A sitemap's row: id, slug, last change and translation group (if any).
pub type SitemapRow = (String, String, NaiveDateTime, Option<String>);

/// Id, slug, last change and translation group of published articles, newest first
/// (those published before `until`, if given): what a sitemap lists.
pub fn published_urls(
    conn: &mut DbConnection,
    now: NaiveDateTime,
    until: Option<NaiveDateTime>,
    limit: i64,
    offset: i64,
) -> QueryResult<Vec<SitemapRow>> {
    // The translation group by a join, not by a list of the page's ids.
    articles::table
        .left_join(translations::table)
        .filter(super::public::public_before(now, until))
        .order((articles::published_at.desc(), articles::id.desc()))
        .select((
            articles::id,
            articles::slug,
            articles::updated_at,
            translations::group_id.nullable(),
        ))
        .limit(limit)
        .offset(offset)
        .load(conn)
}

/// Public articles that are breaking news at the filter's moment (of those the filter
/// lets through): the most urgent first, then the newest.
pub fn breaking(
    conn: &mut DbConnection,
    filter: &ArticleFilter,
    limit: i64,
) -> QueryResult<Vec<ArticleRow>> {
    // The stories breaking now first, by their own index: a handful at any time. Asked
    // together with the public filter, SQLite read every public article by the public
    // index instead (115–260 ms at 100,000 articles, for a banner on every page).
    let current: Vec<String> = articles::table
        .filter(articles::breaking_until.gt(filter.now))
        .select(articles::id)
        .load(conn)?;
    if current.is_empty() {
        return Ok(Vec::new());
    }
    published(filter)
        .filter(articles::id.eq_any(current))
        .filter(articles::breaking_until.gt(filter.now))
        .order((
            articles::urgency.asc(),
            articles::published_at.desc(),
            articles::id.desc(),
        ))
        .select(ArticleRow::as_select())
        .limit(limit)
        .load(conn)
}

/// The earliest end after `now` of a story's time as breaking news: then public
/// answers change without a write.
pub fn next_breaking_end(
    conn: &mut DbConnection,
    now: NaiveDateTime,
) -> QueryResult<Option<NaiveDateTime>> {
    articles::table
        .filter(articles::deleted_at.is_null())
        .filter(articles::breaking_until.gt(now))
        .select(diesel::dsl::min(articles::breaking_until))
        .first(conn)
}

pub fn published_by_slug(
    conn: &mut DbConnection,
    slug: &str,
    now: NaiveDateTime,
) -> QueryResult<Option<ArticleRow>> {
    super::unique(
        published(&ArticleFilter::all_public(now))
            .filter(articles::slug.eq(slug))
            .select(ArticleRow::as_select())
            .load(conn),
    )
}

/// The id of the article public at `now` with this slug.
pub fn public_id_by_slug(
    conn: &mut DbConnection,
    slug: &str,
    now: NaiveDateTime,
) -> QueryResult<Option<String>> {
    super::unique(
        published(&ArticleFilter::all_public(now))
            .filter(articles::slug.eq(slug))
            .select(articles::id)
            .load(conn),
    )
}

pub fn published_by_id(
    conn: &mut DbConnection,
    id: &str,
    now: NaiveDateTime,
) -> QueryResult<Option<ArticleRow>> {
    super::unique(
        published(&ArticleFilter::all_public(now))
            .filter(articles::id.eq(id))
            .select(ArticleRow::as_select())
            .load(conn),
    )
}

/// Authors of each article, in byline order, as `(article_id, author)`.
pub fn authors_of(
    conn: &mut DbConnection,
    article_ids: &[String],
) -> QueryResult<Vec<(String, AuthorRow)>> {
    article_authors::table
        .inner_join(authors::table)
        .filter(super::one_of::one_of(
            conn,
            article_authors::article_id,
            article_ids,
        ))
        .order_by((article_authors::article_id, article_authors::position))
        .select((article_authors::article_id, AuthorRow::as_select()))
        .load(conn)
}

/// Tags of each article, in the order given, as `(article_id, tag)`.
pub fn tags_of(
    conn: &mut DbConnection,
    article_ids: &[String],
) -> QueryResult<Vec<(String, TagRow)>> {
    article_tags::table
        .inner_join(tags::table)
        .filter(super::one_of::one_of(
            conn,
            article_tags::article_id,
            article_ids,
        ))
        .order_by((article_tags::article_id, article_tags::position))
        .select((article_tags::article_id, TagRow::as_select()))
        .load(conn)
}

pub fn any_article_exists(conn: &mut DbConnection) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(articles::table.select(articles::id))).get_result(conn)
}

/// On the concrete connection, as `slug_taken`: an import asks both of every file.
pub fn by_source_key(conn: &mut DbConnection, key: &str) -> QueryResult<Option<ArticleRow>> {
    super::unique(super::per_database!(&mut *conn, |c| articles::table
        .filter(articles::source_key.eq(key))
        .select(ArticleRow::as_select())
        .load(c)))
}

/// On the concrete connection: through the `MultiConnection` diesel writes a statement
/// out as SQL text again on every run (`insert_unindexed`).
pub fn slug_taken(conn: &mut DbConnection, slug: &str, except_id: &str) -> QueryResult<bool> {
    super::per_database!(&mut *conn, |c| diesel::select(diesel::dsl::exists(
        articles::table
            .filter(articles::slug.eq(slug))
            .filter(articles::id.ne(except_id)),
    ))
    .get_result(c))
}

/// Inserts the article, in the caller's transaction.
pub fn insert(conn: &mut DbConnection, row: &ArticleRow) -> QueryResult<()> {
    // On the concrete connection: through the `MultiConnection` diesel writes the whole
    // statement out as SQL text again on every run (its `SerializedQuery`), ~40 values.
    super::per_database!(&mut *conn, |c| {
        diesel::insert_into(articles::table).values(row).execute(c)
    })?;
    Ok(())
}

/// Updates the article, in the caller's transaction.
pub fn update(conn: &mut DbConnection, row: &ArticleRow) -> QueryResult<()> {
    diesel::update(articles::table.find(&row.id))
        .set(row)
        .execute(conn)?;
    Ok(())
}

/// Replaces the article's authors and tags with these, in this order.
pub fn set_authors_and_tags(
    conn: &mut DbConnection,
    row: &ArticleRow,
    author_ids: &[String],
    tag_ids: &[String],
) -> QueryResult<()> {
    let article_id = row.id.as_str();
    diesel::delete(article_authors::table.filter(article_authors::article_id.eq(article_id)))
        .execute(conn)?;
    diesel::delete(article_tags::table.filter(article_tags::article_id.eq(article_id)))
        .execute(conn)?;
    add_authors_and_tags(conn, row, author_ids, tag_ids)
}

/// Links a new article (`row` as just inserted, with none yet) to these authors and
/// tags, in this order (`Links`, for one article).
pub fn add_authors_and_tags(
    conn: &mut DbConnection,
    row: &ArticleRow,
    author_ids: &[String],
    tag_ids: &[String],
) -> QueryResult<()> {
    let mut links = Links::default();
    links.add(row, author_ids, tag_ids);
    links.write(conn)
}

/// New articles' links to their authors and tags, written together: each kind in
/// statements of `Links::ROWS` rows (an import links a batch's 2,000 articles in a few
/// statements rather than two an article — on PostgreSQL, two round trips). Each link
/// carries the article's time while it is listed (`ArticleRow::listed_at`; migration
/// `links_listed_at`; the articles' trigger keeps it from then on).
#[derive(Debug, Default)]
pub struct Links {
    authors: Vec<ArticleAuthorRow>,
    tags: Vec<ArticleTagRow>,
}

impl Links {
    /// Rows a statement: four parameters each, well within either database's limit.
    const ROWS: usize = 1_000;

    /// Adds `row`'s links (an article with none yet), in this order.
    pub fn add(&mut self, row: &ArticleRow, author_ids: &[String], tag_ids: &[String]) {
        let listed_at = row.listed_at();
        self.authors.extend(
            (0..)
                .zip(author_ids)
                .map(|(position, author_id)| ArticleAuthorRow {
                    article_id: row.id.clone(),
                    author_id: author_id.clone(),
                    position,
                    listed_at,
                }),
        );
        self.tags
            .extend((0..).zip(tag_ids).map(|(position, tag_id)| ArticleTagRow {
                article_id: row.id.clone(),
                tag_id: tag_id.clone(),
                position,
                listed_at,
            }));
    }

    /// Writes them, in the caller's transaction.
    pub fn write(self, conn: &mut DbConnection) -> QueryResult<()> {
        // `per_database!`: diesel builds a multi-row `INSERT` for a concrete database only.
        for authors in self.authors.chunks(Self::ROWS) {
            super::per_database!(&mut *conn, |c| {
                diesel::insert_into(article_authors::table)
                    .values(authors)
                    .execute(c)
            })?;
        }
        for tags in self.tags.chunks(Self::ROWS) {
            super::per_database!(&mut *conn, |c| {
                diesel::insert_into(article_tags::table)
                    .values(tags)
                    .execute(c)
            })?;
        }
        Ok(())
    }
}

/// An article in any state (staff), unless deleted.
pub fn by_id_any(conn: &mut DbConnection, id: &str) -> QueryResult<Option<ArticleRow>> {
    by_id_even_deleted(conn, id).map(|row| row.filter(|r| r.deleted_at.is_none()))
}

/// An article in any state, deleted or not (for restoring).
pub fn by_id_even_deleted(conn: &mut DbConnection, id: &str) -> QueryResult<Option<ArticleRow>> {
    super::unique(
        articles::table
            .find(id)
            .select(ArticleRow::as_select())
            .load(conn),
    )
}

/// Staff list: every state, newest change first; `owner` limits it to one account's articles.
pub fn staff_list(
    conn: &mut DbConnection,
    owner: Option<&str>,
    status: Option<&str>,
    limit: i64,
    offset: i64,
) -> QueryResult<Vec<ArticleRow>> {
    let mut query = articles::table
        .filter(articles::deleted_at.is_null())
        .select(ArticleRow::as_select())
        .into_boxed();
    if let Some(owner) = owner {
        query = query.filter(articles::created_by.eq(owner));
    }
    if let Some(status) = status {
        query = query.filter(articles::status.eq(status));
    }
    query
        .order_by((articles::updated_at.desc(), articles::id.desc()))
        .limit(limit)
        .offset(offset)
        .load(conn)
}

/// Moves the article from version `expected` to the next, first thing in a change:
/// the row lock this takes makes concurrent changes wait, and a change made on an
/// older version finds 0 rows (the caller answers 412) before it writes anything.
pub fn claim_version(conn: &mut DbConnection, id: &str, expected: i64) -> QueryResult<bool> {
    let updated = diesel::update(
        articles::table
            .find(id)
            .filter(articles::version.eq(expected)),
    )
    .set(articles::version.eq(expected + 1))
    .execute(conn)?;
    Ok(updated == 1)
}

/// Writes these revisions, as many in one statement as SQLite takes (an import's batch
/// writes all of its own at once).
pub fn insert_revisions(conn: &mut DbConnection, rows: &[RevisionRow]) -> QueryResult<()> {
    // Seven values a row, and SQLite takes at most 32,766 in one statement.
    for rows in rows.chunks(1_000) {
        super::per_database!(&mut *conn, |c| {
            diesel::insert_into(revisions::table)
                .values(rows)
                .execute(c)
        })?;
    }
    Ok(())
}

/// Whether the article's revision `version` is its newest one, whose state is the
/// article as it is (no state stored yet).
pub fn revision_unpacked(
    conn: &mut DbConnection,
    article_id: &str,
    version: i64,
) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        revisions::table
            .filter(revisions::article_id.eq(article_id))
            .filter(revisions::version.eq(version))
            .filter(revisions::state.is_null()),
    ))
    .get_result(conn)
}

/// Stores the state of the article's revision `version`, which had none.
pub fn pack_revision(
    conn: &mut DbConnection,
    article_id: &str,
    version: i64,
    state: &[u8],
) -> QueryResult<()> {
    diesel::update(
        revisions::table
            .filter(revisions::article_id.eq(article_id))
            .filter(revisions::version.eq(version))
            .filter(revisions::state.is_null()),
    )
    .set(revisions::state.eq(state))
    .execute(conn)
    .map(drop)
}

pub fn revisions_of(conn: &mut DbConnection, article_id: &str) -> QueryResult<Vec<RevisionRow>> {
    revisions::table
        .filter(revisions::article_id.eq(article_id))
        .order_by(revisions::version.desc())
        .select(RevisionRow::as_select())
        .load(conn)
}

/// Corrections of these articles, oldest first.
pub fn corrections_of(
    conn: &mut DbConnection,
    article_ids: &[String],
) -> QueryResult<Vec<CorrectionRow>> {
    corrections::table
        .filter(super::one_of::one_of(
            conn,
            corrections::article_id,
            article_ids,
        ))
        .order_by((corrections::published_at, corrections::id))
        .select(CorrectionRow::as_select())
        .load(conn)
}

pub fn insert_correction(conn: &mut DbConnection, row: &CorrectionRow) -> QueryResult<()> {
    diesel::insert_into(corrections::table)
        .values(row)
        .execute(conn)
        .map(drop)
}

/// Corrections of public articles, newest first, with the article each belongs to.
/// Every correction's article is looked up by id (corrections are few beside
/// articles): joined with the public filter, SQLite walked every public article for
/// its corrections (170 ms at a million articles with none).
pub fn public_corrections(
    conn: &mut DbConnection,
    now: NaiveDateTime,
    limit: i64,
    offset: i64,
) -> QueryResult<(Vec<(CorrectionRow, ArticleRow)>, i64)> {
    let all: Vec<(String, String)> = corrections::table
        .order_by((corrections::published_at.desc(), corrections::id.desc()))
        .select((corrections::id, corrections::article_id))
        .load(conn)?;
    let mut articles_of: Vec<String> = all.iter().map(|(_, article)| article.clone()).collect();
    articles_of.sort();
    articles_of.dedup();
    let public = public_among(conn, &articles_of, now)?;
    let shown: Vec<&String> = all
        .iter()
        .filter(|(_, article)| public.contains_key(article))
        .map(|(id, _)| id)
        .collect();
    let total = i64::try_from(shown.len()).unwrap_or(i64::MAX);
    let page = super::page_of(shown, offset, limit);
    let rows = corrections::table
        .inner_join(articles::table)
        .filter(corrections::id.eq_any(&page))
        .select((CorrectionRow::as_select(), ArticleRow::as_select()))
        .load::<(CorrectionRow, ArticleRow)>(conn)?;
    Ok((super::in_order_of(&page, rows, |(c, _)| &c.id), total))
}

pub fn revision(
    conn: &mut DbConnection,
    article_id: &str,
    version: i64,
) -> QueryResult<Option<RevisionRow>> {
    revisions::table
        .filter(revisions::article_id.eq(article_id))
        .filter(revisions::version.eq(version))
        .select(RevisionRow::as_select())
        .first(conn)
        .optional()
}

/// Articles in any state, by id.
pub fn by_ids(conn: &mut DbConnection, ids: &[String]) -> QueryResult<Vec<ArticleRow>> {
    articles::table
        .filter(super::one_of::one_of(conn, articles::id, ids))
        .select(ArticleRow::as_select())
        .load(conn)
}

/// Up to `limit` articles (in any state) numbered after `seq`, in their numbers' order,
/// each with its number.
pub fn numbered_after(
    conn: &mut DbConnection,
    seq: i64,
    limit: i64,
) -> QueryResult<Vec<(i64, ArticleRow)>> {
    articles::table
        .filter(articles::seq.gt(seq))
        .order(articles::seq)
        .limit(limit)
        .select((articles::seq, ArticleRow::as_select()))
        .load(conn)
}

/// Every article's id, in any state.
pub fn all_ids(conn: &mut DbConnection) -> QueryResult<Vec<String>> {
    articles::table.select(articles::id).load(conn)
}

/// The articles the public cannot read now: drafts, those in review, scheduled ones not
/// due yet, unpublished and deleted ones.
pub fn unlisted_ids(conn: &mut DbConnection, now: NaiveDateTime) -> QueryResult<Vec<String>> {
    articles::table
        .filter(diesel::dsl::not(super::public::public_at(now)))
        .select(articles::id)
        .load(conn)
}

/// A story that may be related to another: what it shares with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    /// Its number (`articles.seq`).
    pub seq: i64,
    /// Entities, tags and subjects found shared (within the windows read, see
    /// `related_candidates`).
    pub entities: i64,
    pub tags: i64,
    pub subjects: i64,
    pub seen: Seen,
}

/// What is known of a candidate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Seen {
    /// Read, and public at the time asked.
    Read {
        id: String,
        published_at: Option<NaiveDateTime>,
        same_section: bool,
    },
    /// Found by its entities alone and not read (`read_candidates`): only the second
    /// it was published in (its links' `listed_second`), not after the time asked.
    /// Listed then; public unless published later within that second. Its section may
    /// be the article's or not.
    Linked { second: i64 },
}

impl Seen {
    /// A candidate's row read: its number and what is known of it, if it is public at
    /// `now` (`section_id`: the article's).
    fn read(
        (seq, id, published_at, section, listed): CandidateRow,
        section_id: &str,
        now: NaiveDateTime,
    ) -> Option<(i64, Self)> {
        is_public_at(listed, published_at, now).then(|| {
            let seen = Self::Read {
                same_section: section == section_id,
                id,
                published_at,
            };
            (seq, seen)
        })
    }
}

/// The candidates for an article's related stories.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Candidates {
    /// The article's section.
    pub section_id: String,
    pub found: Vec<Candidate>,
}

/// A story found by the article's entities: its number, how many of them it shares,
/// and its publication's second.
#[derive(QueryableByName)]
struct Linked {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    article_seq: i64,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    shared: i64,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    second: i64,
}

/// For each entity the article `seq` names, the newest `per_key` other articles naming
/// it listed by `second` (the links' `listed_second`), counted by article: each one's
/// number, how many of these entities it shares and its second. PostgreSQL answers it
/// in one statement (`LATERAL`): an article names some fifty entities, and a statement
/// each was fifty round trips — most of an article page's time there. SQLite, in the
/// process, has no round trips to save and reads them one entity at a time.
fn newest_sharing_entities(
    conn: &mut DbConnection,
    seq: i64,
    second: i64,
    per_key: i64,
) -> QueryResult<Vec<Linked>> {
    if let DbConnection::Postgresql(pg) = conn {
        return diesel::sql_query(
            "SELECT newest.article_seq, count(*) AS shared, max(newest.listed_second) AS second \
             FROM article_entities mine \
             CROSS JOIN LATERAL (SELECT other.article_seq, other.listed_second \
                 FROM article_entities other \
                 WHERE other.entity_seq = mine.entity_seq AND other.listed_second <= $2 \
                 AND other.article_seq <> $1 \
                 ORDER BY other.listed_second DESC, other.article_seq DESC LIMIT $3) newest \
             WHERE mine.article_seq = $1 GROUP BY newest.article_seq",
        )
        .bind::<diesel::sql_types::BigInt, _>(seq)
        .bind::<diesel::sql_types::BigInt, _>(second)
        .bind::<diesel::sql_types::BigInt, _>(per_key)
        .load::<Linked>(pg);
    }
    let its: Vec<super::EntitySeq> = article_entities::table
        .filter(article_entities::article_seq.eq(seq))
        .select(article_entities::entity_seq)
        .load(conn)?;
    let mut found: std::collections::HashMap<i64, Linked> = std::collections::HashMap::new();
    for entity in its {
        let newest: Vec<(i64, Option<i64>)> = article_entities::table
            .filter(article_entities::entity_seq.eq(entity))
            .filter(article_entities::listed_second.le(second))
            .filter(article_entities::article_seq.ne(seq))
            .order_by((
                article_entities::listed_second.desc(),
                article_entities::article_seq.desc(),
            ))
            .limit(per_key)
            .select((
                article_entities::article_seq,
                article_entities::listed_second,
            ))
            .load(conn)?;
        for (article_seq, its_second) in newest {
            let linked = found.entry(article_seq).or_insert(Linked {
                article_seq,
                shared: 0,
                second: i64::MIN,
            });
            linked.shared += 1;
            linked.second = linked.second.max(its_second.unwrap_or(i64::MIN));
        }
    }
    Ok(found.into_values().collect())
}

/// The columns a candidate is read by, and its rows kept when public (`is_public_at`):
/// asked with the public filter beside a list of keys, SQLite walked the public index
/// for the keys instead (140 ms at a million).
type CandidateRow = (i64, String, Option<NaiveDateTime>, String, bool);
const CANDIDATE_COLUMNS: (
    articles::seq,
    articles::id,
    articles::published_at,
    articles::section_id,
    articles::listed,
) = (
    articles::seq,
    articles::id,
    articles::published_at,
    articles::section_id,
    articles::listed,
);

/// The stories that may be related to `article_id`: for each of its entities, tags and
/// subjects, the newest `per_key` articles linked to it — for entities and tags the
/// newest listed by `now` (by the links' `listed_at`), for subjects the last written
/// (by id, UUIDv7) — and the newest `in_section` public ones of its section; each with
/// what it was found sharing. Every read goes down an index from its newest end, so the
/// cost is bounded by the article's links, not the archive: a story shares a key with
/// thousands of others at a million articles, and counting all of them took a second at
/// 100,000. An older story sharing a key beyond that key's window is counted without it
/// (weighed by age, it would rank low).
///
/// The stories found by entities alone are not read (`Seen::Linked`): an article's
/// fifty entities find some 1,200 stories, and reading each one's row was a third of
/// an article page's time on PostgreSQL at a million; the few that can rank are read
/// later (`read_candidates`). The rest are read and public (`Seen::Read`).
pub fn related_candidates(
    conn: &mut DbConnection,
    article_id: &str,
    now: NaiveDateTime,
    per_key: i64,
    in_section: i64,
) -> QueryResult<Candidates> {
    use std::collections::HashMap;
    let Some((seq, section_id)) = super::unique(
        articles::table
            .filter(articles::id.eq(article_id))
            .select((articles::seq, articles::section_id))
            .load::<(i64, String)>(conn),
    )?
    else {
        return Ok(Candidates::default());
    };
    let by_entities = newest_sharing_entities(conn, seq, super::keyed::second_of(now), per_key)?;
    // Tags and subjects: links by the articles' ids. The same reads over each table.
    macro_rules! newest_sharing {
        ($table:ident, $key:ident, $listed:expr, $newest:expr) => {{
            let mut found: HashMap<String, i64> = HashMap::new();
            let its: Vec<String> = $table::table
                .filter($table::article_id.eq(article_id))
                .select($table::$key)
                .load(conn)?;
            for key in its {
                let newest: Vec<String> = $table::table
                    .filter($table::$key.eq(key))
                    .filter($listed)
                    .filter($table::article_id.ne(article_id))
                    .order_by($newest)
                    .limit(per_key)
                    .select($table::article_id)
                    .load(conn)?;
                for other in newest {
                    *found.entry(other).or_default() += 1;
                }
            }
            found
        }};
    }
    let by_tags = newest_sharing!(
        article_tags,
        tag_id,
        article_tags::listed_at.le(now),
        (
            article_tags::listed_at.desc(),
            article_tags::article_id.desc()
        )
    );
    let by_subjects = newest_sharing!(
        article_subjects,
        code,
        true.into_sql::<diesel::sql_types::Bool>(),
        article_subjects::article_id.desc()
    );

    // The stories by tags, subjects and section read; by entities not.
    let mut found: HashMap<i64, Candidate> = HashMap::new();
    let mut add = |row: CandidateRow| {
        let tags = by_tags.get(&row.1).copied().unwrap_or_default();
        let subjects = by_subjects.get(&row.1).copied().unwrap_or_default();
        if let Some((seq, seen)) = Seen::read(row, &section_id, now) {
            found.entry(seq).or_insert(Candidate {
                seq,
                entities: 0,
                tags,
                subjects,
                seen,
            });
        }
    };
    let ids: Vec<&String> = by_tags.keys().chain(by_subjects.keys()).collect();
    for ids in ids.chunks(KEYS_PER_QUERY) {
        articles::table
            .filter(articles::id.eq_any(ids))
            .select(CANDIDATE_COLUMNS)
            .load(conn)?
            .into_iter()
            .for_each(&mut add);
    }
    articles::table
        .filter(public_at(now))
        .filter(articles::section_id.eq(&section_id))
        .filter(articles::seq.ne(seq))
        .order_by((articles::published_at.desc(), articles::id.desc()))
        .limit(in_section)
        .select(CANDIDATE_COLUMNS)
        .load(conn)?
        .into_iter()
        .for_each(&mut add);
    for linked in by_entities {
        found
            .entry(linked.article_seq)
            .or_insert(Candidate {
                seq: linked.article_seq,
                entities: 0,
                tags: 0,
                subjects: 0,
                seen: Seen::Linked {
                    second: linked.second,
                },
            })
            .entities = linked.shared;
    }
    Ok(Candidates {
        section_id,
        found: found.into_values().collect(),
    })
}

/// The candidates numbered `seqs` among `candidates` read (`Seen::Read`), and those
/// not public at `now` taken out.
pub fn read_candidates(
    conn: &mut DbConnection,
    candidates: &mut Candidates,
    seqs: &[i64],
    now: NaiveDateTime,
) -> QueryResult<()> {
    let asked: std::collections::HashSet<i64> = seqs.iter().copied().collect();
    let mut read = std::collections::HashMap::new();
    for seqs in seqs.chunks(KEYS_PER_QUERY) {
        for row in articles::table
            .filter(articles::seq.eq_any(seqs))
            .select(CANDIDATE_COLUMNS)
            .load::<CandidateRow>(conn)?
        {
            read.extend(Seen::read(row, &candidates.section_id, now));
        }
    }
    candidates.found.retain_mut(|candidate| {
        if !asked.contains(&candidate.seq) {
            return true;
        }
        match read.remove(&candidate.seq) {
            Some(seen) => {
                candidate.seen = seen;
                true
            }
            None => false,
        }
    });
    Ok(())
}

/// Values in one `IN (…)` list: SQLite binds at most 32,766 in a statement.
pub(crate) const KEYS_PER_QUERY: usize = 10_000;

/// A public article as `public_among` finds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Public {
    pub section_id: String,
    pub published_at: Option<NaiveDateTime>,
}

/// Of these ids, the public articles at `now`, by id. Asked by id alone and decided
/// here (`is_public_at`): with the public filter beside an id list or a join, SQLite
/// walked the whole public index and looked each article up in the list instead (a
/// front's slots: 90 ms at a million articles, six fronts on the home page).
pub fn public_among(
    conn: &mut DbConnection,
    ids: &[impl AsRef<str>],
    now: NaiveDateTime,
) -> QueryResult<std::collections::HashMap<String, Public>> {
    let mut public = std::collections::HashMap::new();
    for ids in ids.chunks(KEYS_PER_QUERY) {
        let rows = articles::table
            .filter(articles::id.eq_any(ids.iter().map(AsRef::as_ref)))
            .select(PUBLIC_COLUMNS)
            .load(conn)?;
        public.extend(public_of(rows, now));
    }
    Ok(public)
}

/// What `public_of` decides by: an article's id, section, `listed` and time.
const PUBLIC_COLUMNS: (
    articles::id,
    articles::section_id,
    articles::listed,
    articles::published_at,
) = (
    articles::id,
    articles::section_id,
    articles::listed,
    articles::published_at,
);

/// Of rows read as `PUBLIC_COLUMNS`, the articles public at `now`, by id.
fn public_of(
    rows: Vec<(String, String, bool, Option<NaiveDateTime>)>,
    now: NaiveDateTime,
) -> impl Iterator<Item = (String, Public)> {
    rows.into_iter()
        .filter_map(move |(id, section_id, listed, published_at)| {
            is_public_at(listed, published_at, now).then_some((
                id,
                Public {
                    section_id,
                    published_at,
                },
            ))
        })
}

/// The public articles among `ids`.
pub fn public_by_ids(
    conn: &mut DbConnection,
    ids: &[String],
    now: NaiveDateTime,
) -> QueryResult<Vec<ArticleRow>> {
    published(&ArticleFilter::all_public(now))
        .filter(super::one_of::one_of(conn, articles::id, ids))
        .select(ArticleRow::as_select())
        .load(conn)
}
