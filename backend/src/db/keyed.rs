//! A key's list — the public articles of one tag, author or entity, within dates or not
//! — read from the key's own links in publication order. Each link carries its
//! article's time while the article is listed (`listed_at`; a mention row only its
//! second, `listed_second`; migration `links_listed_at`), and the key's index is
//! `(key, time, article)`: the public ones at `now` are the entries up to `now`, newest
//! last, and a page by number skips entries of that index alone. Walking the public
//! index and probing each article for the key, the middle page of a tag's list took
//! 1.2 s at a million articles.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::public::ArticleFilter;
use super::schema::{
    article_authors, article_entities, article_tags, articles, authors, entities, tags,
};
use super::{DbConnection, EntitySeq};
use shared::query::ArticleOrder as Order;

/// The one key a list is read by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key<'a> {
    Tag(&'a str),
    Author(&'a str),
    Entity(&'a str),
}

impl<'a> Key<'a> {
    /// The filter's key when it is all the filter holds beside dates.
    pub fn of(filter: &'a ArticleFilter) -> Option<Self> {
        if filter.section.is_some() || filter.language.is_some() {
            return None;
        }
        match (&filter.tag, &filter.author, &filter.entity) {
            (Some(tag), None, None) => Some(Key::Tag(tag)),
            (None, Some(author), None) => Some(Key::Author(author)),
            (None, None, Some(entity)) => Some(Key::Entity(entity)),
            _ => None,
        }
    }
}

/// The bounds of the list's time: public by `now`, within the filter's dates.
#[derive(Debug, Clone, Copy)]
struct Span {
    /// Inclusive.
    from: Option<NaiveDateTime>,
    /// Exclusive: the earlier of the filter's `until` and the moment after `now`.
    until: Option<NaiveDateTime>,
    now: NaiveDateTime,
}

impl Span {
    fn of(filter: &ArticleFilter) -> Self {
        Self {
            from: filter.from,
            until: filter.until.filter(|until| *until <= filter.now),
            now: filter.now,
        }
    }
}

/// A tag's or an author's public links within the span: `$links` keyed by `$key`, the
/// key found by its slug in `$keys`.
macro_rules! links_in_span {
    ($links:ident, $key:ident, $keys:ident, $slug:expr, $span:expr) => {{
        let span: Span = $span;
        let mut query = $links::table
            .filter(
                $links::$key.nullable().eq($keys::table
                    .filter($keys::slug.eq($slug))
                    .select($keys::id)
                    .single_value()),
            )
            .filter($links::listed_at.le(span.now))
            .into_boxed();
        if let Some(from) = span.from {
            query = query.filter($links::listed_at.ge(from));
        }
        if let Some(until) = span.until {
            query = query.filter($links::listed_at.lt(until));
        }
        query
    }};
}

/// The entity's links of the seconds the span touches (`Seconds`), of a query on its
/// links: every public one within the span, and perhaps a few at either end that are not.
macro_rules! entity_links_in_seconds {
    ($query:expr, $entity:expr, $seconds:expr) => {{
        let seconds: Seconds = $seconds;
        let mut query = $query
            .filter(article_entities::entity_seq.eq($entity))
            .filter(article_entities::listed_second.le(seconds.newest))
            .into_boxed();
        if let Some(oldest) = seconds.oldest {
            query = query.filter(article_entities::listed_second.ge(oldest));
        }
        query
    }};
}

/// How many public articles the key has within the filter's dates: its links counted
/// in its index.
pub fn count(conn: &mut DbConnection, key: Key<'_>, filter: &ArticleFilter) -> QueryResult<i64> {
    let span = Span::of(filter);
    match key {
        Key::Tag(slug) => links_in_span!(article_tags, tag_id, tags, slug, span)
            .count()
            .get_result(conn),
        Key::Author(slug) => links_in_span!(article_authors, author_id, authors, slug, span)
            .count()
            .get_result(conn),
        Key::Entity(slug) => match entity_number(conn, slug)? {
            Some(entity) => {
                let seconds = Seconds::of(span);
                let touched: i64 =
                    entity_links_in_seconds!(article_entities::table, entity, seconds)
                        .count()
                        .get_result(conn)?;
                let mut outside = outside_span(conn, entity, span, seconds.newest)?;
                if let Some(oldest) = seconds.oldest.filter(|oldest| *oldest != seconds.newest) {
                    outside += outside_span(conn, entity, span, oldest)?;
                }
                Ok(touched - outside)
            }
            None => Ok(0),
        },
    }
}

/// The ids of the key's public articles from `offset`, at most `limit`, in `order`
/// (by time, then by id, as every list).
pub fn page_ids(
    conn: &mut DbConnection,
    key: Key<'_>,
    filter: &ArticleFilter,
    order: Order,
    offset: i64,
    limit: i64,
) -> QueryResult<Vec<String>> {
    let span = Span::of(filter);
    // Tags and authors: the links hold the article's id, so the index is in the list's
    // order to the last tie.
    macro_rules! by_id {
        ($links:ident, $key:ident, $keys:ident, $slug:expr) => {{
            let query = links_in_span!($links, $key, $keys, $slug, span).select($links::article_id);
            match order {
                Order::Newest => {
                    query.order_by(($links::listed_at.desc(), $links::article_id.desc()))
                }
                Order::Oldest => {
                    query.order_by(($links::listed_at.asc(), $links::article_id.asc()))
                }
            }
            .offset(offset)
            .limit(limit)
            .load(conn)
        }};
    }
    match key {
        Key::Tag(slug) => by_id!(article_tags, tag_id, tags, slug),
        Key::Author(slug) => by_id!(article_authors, author_id, authors, slug),
        Key::Entity(slug) => match entity_number(conn, slug)? {
            Some(entity) => entity_page(conn, entity, span, order, offset, limit),
            None => Ok(Vec::new()),
        },
    }
}

fn entity_number(conn: &mut DbConnection, slug: &str) -> QueryResult<Option<EntitySeq>> {
    super::unique(
        entities::table
            .filter(entities::slug.eq(slug))
            .select(entities::seq)
            .load::<EntitySeq>(conn),
    )
}

/// The whole seconds a span touches, as an entity's links hold their article's time
/// (`listed_second`; the time itself, as text, took SQLite 2 GB more at a million
/// articles): from the second of `from` to the second of the earlier of `now` and
/// `until`. Only the first and the last can hold links outside the span.
#[derive(Debug, Clone, Copy)]
struct Seconds {
    oldest: Option<i64>,
    newest: i64,
}

/// The second a mention row holds for an article published at `at` (Unix time, whole
/// seconds down, as the migrations' `strftime('%s', …)` and `floor(extract(epoch …))`).
pub fn second_of(at: NaiveDateTime) -> i64 {
    at.and_utc().timestamp()
}

impl Seconds {
    fn of(span: Span) -> Self {
        let newest = span.until.map_or(span.now, |until| until.min(span.now));
        Self {
            oldest: span.from.map(second_of),
            newest: second_of(newest),
        }
    }
}

impl Span {
    /// Whether an article published at `at` is in the list.
    fn holds(&self, at: NaiveDateTime) -> bool {
        at <= self.now
            && self.from.is_none_or(|from| at >= from)
            && self.until.is_none_or(|until| at < until)
    }
}

/// The entity's links in `second` whose article is outside the span (due after `now`,
/// or past either date): a second's links, read with their articles' times.
fn outside_span(
    conn: &mut DbConnection,
    entity: EntitySeq,
    span: Span,
    second: i64,
) -> QueryResult<i64> {
    let times: Vec<Option<NaiveDateTime>> = article_entities::table
        .inner_join(articles::table.on(articles::seq.eq(article_entities::article_seq)))
        .filter(article_entities::entity_seq.eq(entity))
        .filter(article_entities::listed_second.eq(second))
        .select(articles::published_at)
        .load(conn)?;
    Ok(times
        .into_iter()
        .filter(|at| !at.is_some_and(|at| span.holds(at)))
        .count() as i64)
}

/// An entity's page. Its links hold the article's number and the second of its time,
/// so the index's order agrees with the list's by second, not within one. The page's
/// seconds are read from the index (skipping `offset` entries, and as many more as the
/// first second the list reaches holds outside the span); then every link of those
/// seconds, with its article's time and id, kept if in the span and put in the list's
/// order here — a page's worth, but for many articles of one second.
fn entity_page(
    conn: &mut DbConnection,
    entity: EntitySeq,
    span: Span,
    order: Order,
    offset: i64,
    limit: i64,
) -> QueryResult<Vec<String>> {
    let seconds = Seconds::of(span);
    let links = || entity_links_in_seconds!(article_entities::table, entity, seconds);
    let second = article_entities::listed_second.assume_not_null();
    let seq = article_entities::article_seq;
    // The second the list starts from, and its links outside the span: they come before
    // any in the index's order, not in the list.
    let start = match order {
        Order::Newest => Some(seconds.newest),
        Order::Oldest => seconds.oldest,
    };
    let outside = match start {
        Some(start) => outside_span(conn, entity, span, start)?,
        None => 0,
    };
    let keys: Vec<(i64, i64)> = match order {
        Order::Newest => links().order_by((second.desc(), seq.desc())),
        Order::Oldest => links().order_by((second.asc(), seq.asc())),
    }
    .select((second, seq))
    .offset(offset)
    .limit(limit + outside)
    .load(conn)?;
    let (Some(&(first, first_seq)), Some(&(last, _))) = (keys.first(), keys.last()) else {
        return Ok(Vec::new());
    };
    // The index's entries before the page's first second: `offset` less those of that
    // second the index puts first; less, when the start's second is before it, the
    // start's links outside the span. The list's articles before it.
    let of_first_before: i64 = match order {
        Order::Newest => links()
            .filter(second.eq(first))
            .filter(seq.gt(first_seq))
            .count()
            .get_result(conn)?,
        Order::Oldest => links()
            .filter(second.eq(first))
            .filter(seq.lt(first_seq))
            .count()
            .get_result(conn)?,
    };
    let start_before = start.is_some_and(|start| start != first);
    let listed_before = offset - of_first_before - if start_before { outside } else { 0 };
    let (low, high) = match order {
        Order::Newest => (last, first),
        Order::Oldest => (first, last),
    };
    let mut window: Vec<(NaiveDateTime, String)> = entity_links_in_seconds!(
        article_entities::table
            .inner_join(articles::table.on(articles::seq.eq(article_entities::article_seq))),
        entity,
        seconds
    )
    .filter(second.ge(low))
    .filter(second.le(high))
    .select((articles::published_at.assume_not_null(), articles::id))
    .load(conn)?;
    window.retain(|(at, _)| span.holds(*at));
    window.sort();
    if order == Order::Newest {
        window.reverse();
    }
    // The window starts with the list's first article of its first second.
    Ok(super::page_of(
        window.into_iter().map(|(_, id)| id),
        offset - listed_before,
        limit,
    ))
}
