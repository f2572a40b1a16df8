//! A key's list — the public articles of one tag, author or entity, within dates or not
//! — read from the key's own links in publication order. Each link carries its
//! article's time while the article is listed (`listed_at`, migration
//! `links_listed_at`), and the key's index is `(key, listed_at, article)`: the public
//! ones at `now` are the entries up to `now`, newest last, and a page by number skips
//! entries of that index alone. Walking the public index and probing each article for
//! the key, the middle page of a tag's list took 1.2 s at a million articles.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::DbConnection;
use super::articles::Order;
use super::public::ArticleFilter;
use super::schema::{
    article_authors, article_entities, article_tags, articles, authors, entities, tags,
};

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

/// The entity's public links within the span, of a query on its links.
macro_rules! entity_links_in_span {
    ($query:expr, $entity:expr, $span:expr) => {{
        let span: Span = $span;
        let mut query = $query
            .filter(article_entities::entity_seq.eq($entity))
            .filter(article_entities::listed_at.le(span.now))
            .into_boxed();
        if let Some(from) = span.from {
            query = query.filter(article_entities::listed_at.ge(from));
        }
        if let Some(until) = span.until {
            query = query.filter(article_entities::listed_at.lt(until));
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
            Some(entity) => entity_links_in_span!(article_entities::table, entity, span)
                .count()
                .get_result(conn),
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

fn entity_number(conn: &mut DbConnection, slug: &str) -> QueryResult<Option<i64>> {
    super::unique(
        entities::table
            .filter(entities::slug.eq(slug))
            .select(entities::seq)
            .load::<i64>(conn),
    )
}

/// An entity's page. Its links hold the article's number, not its id, so the index's
/// order agrees with the list's by time but not within one time. The page's times are
/// read from the index; then every link of those times, with its article's id, put in
/// the list's order here — a page's worth, but for many articles of one time.
fn entity_page(
    conn: &mut DbConnection,
    entity: i64,
    span: Span,
    order: Order,
    offset: i64,
    limit: i64,
) -> QueryResult<Vec<String>> {
    let links = || entity_links_in_span!(article_entities::table, entity, span);
    let at = article_entities::listed_at.assume_not_null();
    let keys: Vec<(NaiveDateTime, i64)> = match order {
        Order::Newest => links().order_by((at.desc(), article_entities::article_seq.desc())),
        Order::Oldest => links().order_by((at.asc(), article_entities::article_seq.asc())),
    }
    .select((at, article_entities::article_seq))
    .offset(offset)
    .limit(limit)
    .load(conn)?;
    let (Some(&(first, first_seq)), Some(&(last, _))) = (keys.first(), keys.last()) else {
        return Ok(Vec::new());
    };
    // The links of the page's first time that the index puts before the page: the
    // page starts `offset` entries in, of which these share its first time.
    let before_of_first_time: i64 = match order {
        Order::Newest => links()
            .filter(at.eq(first))
            .filter(article_entities::article_seq.gt(first_seq))
            .count()
            .get_result(conn)?,
        Order::Oldest => links()
            .filter(at.eq(first))
            .filter(article_entities::article_seq.lt(first_seq))
            .count()
            .get_result(conn)?,
    };
    let (low, high) = match order {
        Order::Newest => (last, first),
        Order::Oldest => (first, last),
    };
    let mut window: Vec<(NaiveDateTime, String)> = entity_links_in_span!(
        article_entities::table
            .inner_join(articles::table.on(articles::seq.eq(article_entities::article_seq))),
        entity,
        span
    )
    .filter(at.ge(low))
    .filter(at.le(high))
    .select((at, articles::id))
    .load(conn)?;
    window.sort();
    if order == Order::Newest {
        window.reverse();
    }
    // The window starts with the first time's first link in the list's order.
    Ok(super::page_of(
        window.into_iter().map(|(_, id)| id),
        before_of_first_time,
        limit,
    ))
}
