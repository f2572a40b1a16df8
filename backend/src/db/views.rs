//! Article views per hour (`article_views`): what instances counted, added to a row, and
//! the most read public articles over the hours since a moment.

use chrono::NaiveDateTime;
use diesel::dsl::sum;
use diesel::prelude::*;
use diesel::upsert::excluded;

use super::DbConnection;
use super::schema::{article_views, articles};

/// Views of one article in one hour (the hour's start, UTC).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct HourOf {
    pub article_id: String,
    pub hour: NaiveDateTime,
}

/// Adds `counts` to their rows (made when missing), for the articles that still exist:
/// one deleted since it was viewed is left out. Call inside a write transaction.
pub fn add(conn: &mut DbConnection, counts: &[(HourOf, i32)]) -> QueryResult<usize> {
    let ids: Vec<&str> = counts
        .iter()
        .map(|(at, _)| at.article_id.as_str())
        .collect();
    let existing: std::collections::HashSet<String> = articles::table
        .filter(articles::id.eq_any(&ids))
        .select(articles::id)
        .load(conn)?
        .into_iter()
        .collect();
    let mut written = 0;
    for (at, views) in counts
        .iter()
        .filter(|(at, _)| existing.contains(&at.article_id))
    {
        let row = (
            article_views::article_id.eq(&at.article_id),
            article_views::hour.eq(at.hour),
            article_views::views.eq(views),
        );
        written += super::per_database!(&mut *conn, |c| {
            diesel::insert_into(article_views::table)
                .values(row)
                .on_conflict((article_views::article_id, article_views::hour))
                .do_update()
                .set(article_views::views.eq(article_views::views + excluded(article_views::views)))
                .execute(c)
        })?;
    }
    Ok(written)
}

/// The public articles (at `now`, in `section` when given) with the most views in the
/// hours from `since` on, the most viewed first (ties: the newer article first), with
/// their views.
pub fn most_read(
    conn: &mut DbConnection,
    now: NaiveDateTime,
    section: Option<&str>,
    since: NaiveDateTime,
    limit: i64,
) -> QueryResult<Vec<(String, i64)>> {
    // The window's views first, then which of those articles are public (and in the
    // section): joined in one query, SQLite walked every public article (100 ms at a
    // million, with no view at all).
    let viewed: Vec<(String, Option<i64>)> = article_views::table
        .filter(article_views::hour.ge(since))
        .group_by(article_views::article_id)
        .select((article_views::article_id, sum(article_views::views)))
        .load(conn)?;
    let ids: Vec<String> = viewed.iter().map(|(id, _)| id.clone()).collect();
    let public = super::articles::public_among(conn, &ids, now)?;
    let section_id = match section {
        Some(slug) => match super::taxonomy::section_by_slug(conn, slug)? {
            Some(section) => Some(section.id),
            None => return Ok(Vec::new()),
        },
        None => None,
    };
    let mut ranked: Vec<(String, i64)> = viewed
        .into_iter()
        .filter(|(id, _)| {
            public.get(id).is_some_and(|p| {
                section_id
                    .as_ref()
                    .is_none_or(|wanted| &p.section_id == wanted)
            })
        })
        .map(|(id, views)| (id, views.unwrap_or_default()))
        .collect();
    ranked.sort_by(|(a, x), (b, y)| y.cmp(x).then_with(|| b.cmp(a)));
    ranked.truncate(usize::try_from(limit).unwrap_or_default());
    Ok(ranked)
}
