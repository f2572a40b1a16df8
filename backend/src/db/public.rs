//! What the public may see, written once: the diesel expression every public query
//! filters by, and the filters of the public lists.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::sql_types::{Bool, Nullable};

use super::schema::{articles, sections};

/// What the public may see at `now`: published, or scheduled and due, and not
/// deleted. Scheduling needs no job: an article appears the moment its time comes.
/// `listed` is the database's own column for "not deleted, published or scheduled"
/// (generated from them; migration `listed_column`), first in the public indexes.
#[diesel::dsl::auto_type(no_type_alias)]
pub fn public_at(now: NaiveDateTime) -> _ {
    articles::listed
        .eq(true)
        .and(articles::published_at.le(now))
}

/// What the public may see at `now` of the articles published before `until`: the
/// time bounded once, by the earlier of the two. With both bounds SQLite walks the
/// public index from the later one (`<= now`) and tests the other on each entry: a page
/// a month deep into a million articles passed 500,000 entries to reach its month.
pub fn public_before<QS>(
    now: NaiveDateTime,
    until: Option<NaiveDateTime>,
) -> Box<dyn BoxableExpression<QS, super::MultiBackend, SqlType = Nullable<Bool>>>
where
    QS: 'static,
    articles::listed: SelectableExpression<QS>,
    articles::published_at: SelectableExpression<QS>,
{
    match until {
        Some(until) if until <= now => Box::new(
            articles::listed
                .eq(true)
                .and(articles::published_at.lt(until)),
        ),
        Some(until) => Box::new(public_at(now).and(articles::published_at.lt(until))),
        None => Box::new(public_at(now)),
    }
}

/// The id of the section named by `slug`, as one value (a scalar subquery), for a
/// list filtered by section: as `section_id IN (SELECT …)`, SQLite walked the whole
/// public index for a section's page rather than the section's own (a page 100,000
/// articles into a section of 200,000: 52 → 5 ms).
#[diesel::dsl::auto_type(no_type_alias)]
pub fn section_named<'a>(slug: &'a str) -> _ {
    sections::table
        .filter(sections::slug.eq(slug))
        .select(sections::id)
        .single_value()
}

/// `public_at` for a row already read: its `listed` and `published_at`. For queries that
/// read rows by id and decide here, where the public filter beside an id list would let
/// SQLite walk the whole public index instead.
pub fn is_public_at(listed: bool, published_at: Option<NaiveDateTime>, now: NaiveDateTime) -> bool {
    listed && published_at.is_some_and(|at| at <= now)
}

/// Listed but not public yet at `now`: published or scheduled, not deleted, with a
/// time still to come. Sections, tags, authors and entities keep a count of their listed
/// articles (triggers, migration `listed_counts`; entities also `entities::replace_annotations`),
/// and a reader's count is that less
/// these — few, so counted on each read.
#[diesel::dsl::auto_type(no_type_alias)]
pub fn listed_later(now: NaiveDateTime) -> _ {
    articles::listed
        .eq(true)
        .and(articles::published_at.gt(now))
}

/// Public articles per key: the listed counts less those not public yet, for the keys
/// with any.
pub fn listed_less_later(
    listed: Vec<(String, i64)>,
    later: Vec<(String, i64)>,
) -> std::collections::HashMap<String, i64> {
    let mut counts: std::collections::HashMap<String, i64> = listed.into_iter().collect();
    for (key, n) in later {
        if let Some(count) = counts.get_mut(&key) {
            *count -= n;
        }
    }
    counts.retain(|_, n| *n > 0);
    counts
}

/// Filters of the public article list. Slugs name the section, tag and author.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticleFilter {
    /// The moment the public list is seen at: scheduled articles due by then are in it.
    pub now: NaiveDateTime,
    pub section: Option<String>,
    pub tag: Option<String>,
    pub author: Option<String>,
    /// An entity the articles are about (slug).
    pub entity: Option<String>,
    pub language: Option<String>,
    /// Inclusive lower bound on `published_at` (UTC).
    pub from: Option<NaiveDateTime>,
    /// Exclusive upper bound on `published_at` (UTC).
    pub until: Option<NaiveDateTime>,
}

impl ArticleFilter {
    /// No filter: every public article at `now`.
    pub fn all_public(now: NaiveDateTime) -> Self {
        Self {
            now,
            section: None,
            tag: None,
            author: None,
            entity: None,
            language: None,
            from: None,
            until: None,
        }
    }
}
