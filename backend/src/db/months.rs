//! The public list month by month: how many articles a filter by section, language and
//! dates lets through in each month, from the counts the database keeps per section,
//! language and month (`listed_months`, kept by triggers). Whole months are read from
//! those counts; only the months a filter cuts, and the month under way, are counted
//! over the articles. A list's count is their sum, and a deep page skips whole months
//! by them: it walks only inside the month it starts in.

use chrono::{Datelike as _, NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use super::DbConnection;
use super::public::ArticleFilter;
use super::schema::listed_months;

/// The public articles a filter lets through from `start` (inclusive) to `end`
/// (exclusive): a month, or the part of it the filter spans.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MonthCount {
    pub start: NaiveDateTime,
    pub end: NaiveDateTime,
    pub count: i64,
}

/// The public articles of `filter` per month, oldest first (months without any left
/// out); `None` when the filter names a tag, an author or an entity, which are not kept
/// by month, or when a kept month cannot be read as one.
pub fn public_by_month(
    conn: &mut DbConnection,
    filter: &ArticleFilter,
) -> QueryResult<Option<Vec<MonthCount>>> {
    if filter.tag.is_some() || filter.author.is_some() || filter.entity.is_some() {
        return Ok(None);
    }
    let mut query = listed_months::table
        .filter(listed_months::listed_articles.gt(0))
        .select((listed_months::month, listed_months::listed_articles))
        .into_boxed();
    if let Some(section) = &filter.section {
        query = query.filter(
            listed_months::section_id
                .nullable()
                .eq(super::public::section_named(section)),
        );
    }
    if let Some(language) = &filter.language {
        query = query.filter(listed_months::language.eq(language));
    }
    // A row per section and language of each month: few hundred at most, summed here.
    let mut kept: Vec<(String, i64)> = query.load(conn)?;
    kept.sort();
    let mut months: Vec<(NaiveDateTime, NaiveDateTime, i64)> = Vec::new();
    for (month, listed) in kept {
        let Some((start, end)) = month_span(&month) else {
            return Ok(None);
        };
        match months.last_mut() {
            Some(last) if last.0 == start => last.2 += listed,
            _ => months.push((start, end, listed)),
        }
    }
    let mut counts = Vec::with_capacity(months.len());
    for (start, end, listed) in months {
        let from = filter.from.map_or(start, |from| from.max(start));
        let until = filter.until.map_or(end, |until| until.min(end));
        if from >= until || start > filter.now {
            continue; // outside the dates, or not public yet
        }
        // Kept whole: the filter spans all of it and all of it is past.
        let count = if from == start && until == end && end <= filter.now {
            listed
        } else {
            let part = ArticleFilter {
                from: Some(from),
                until: Some(until),
                ..filter.clone()
            };
            super::articles::count_published(conn, &part)?
        };
        if count > 0 {
            counts.push(MonthCount {
                start: from,
                end: until,
                count,
            });
        }
    }
    Ok(Some(counts))
}

/// The public articles of all the months: the list's count.
pub fn total(months: &[MonthCount]) -> i64 {
    months.iter().map(|month| month.count).sum()
}

/// The month a page `offset` articles into the list starts in, in the list's order, and
/// the offset within it; `None` past the last article.
fn month_at(months: &[MonthCount], newest_first: bool, offset: i64) -> Option<(&MonthCount, i64)> {
    let mut skipped = 0;
    let in_order: Box<dyn Iterator<Item = &MonthCount>> = if newest_first {
        Box::new(months.iter().rev())
    } else {
        Box::new(months.iter())
    };
    for month in in_order {
        if skipped + month.count > offset {
            return Some((month, offset - skipped));
        }
        skipped += month.count;
    }
    None
}

/// Where a page `offset` articles into the list starts, in the list's order: the
/// filter narrowed to end (newest first) or begin (oldest first) with the month it
/// starts in, and the offset within what is left; `None` past the last article.
pub fn skip_months(
    months: &[MonthCount],
    filter: &ArticleFilter,
    newest_first: bool,
    offset: i64,
) -> Option<(ArticleFilter, i64)> {
    let (month, rest) = month_at(months, newest_first, offset)?;
    Some((from_month(month, filter, newest_first), rest))
}

/// `filter` narrowed to end (newest first) or begin (oldest first) with `month`.
fn from_month(month: &MonthCount, filter: &ArticleFilter, newest_first: bool) -> ArticleFilter {
    if newest_first {
        ArticleFilter {
            until: Some(month.end),
            ..filter.clone()
        }
    } else {
        ArticleFilter {
            from: Some(month.start),
            ..filter.clone()
        }
    }
}

/// How to read a page of `limit` articles `offset` into the list (`page_within`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageRead {
    /// The list's filter, narrowed to the month the page starts in.
    pub filter: ArticleFilter,
    pub offset: i64,
    /// Read in the other order (and turned round): from the month's far end, nearer.
    pub reversed: bool,
}

/// Where a page of `limit` articles `offset` into the list is read: in the month it
/// starts in (`skip_months`), from whichever end of that month is nearer when the page
/// ends inside it — a walk of at most half a month; `None` past the last article.
pub fn page_within(
    months: &[MonthCount],
    filter: &ArticleFilter,
    newest_first: bool,
    offset: i64,
    limit: i64,
) -> Option<PageRead> {
    let (month, rest) = month_at(months, newest_first, offset)?;
    if rest + limit <= month.count && rest > month.count / 2 {
        return Some(PageRead {
            filter: ArticleFilter {
                from: Some(month.start),
                until: Some(month.end),
                ..filter.clone()
            },
            offset: month.count - rest - limit,
            reversed: true,
        });
    }
    Some(PageRead {
        filter: from_month(month, filter, newest_first),
        offset: rest,
        reversed: false,
    })
}

/// The first instant of the month `YYYY-MM` and of the month after it.
fn month_span(month: &str) -> Option<(NaiveDateTime, NaiveDateTime)> {
    let (year, month) = month.split_once('-')?;
    let start = NaiveDate::from_ymd_opt(year.parse().ok()?, month.parse().ok()?, 1)?;
    let next = if start.month() == 12 {
        NaiveDate::from_ymd_opt(start.year() + 1, 1, 1)?
    } else {
        NaiveDate::from_ymd_opt(start.year(), start.month() + 1, 1)?
    };
    Some((start.and_hms_opt(0, 0, 0)?, next.and_hms_opt(0, 0, 0)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(date: &str) -> NaiveDateTime {
        NaiveDate::parse_from_str(date, "%Y-%m-%d")
            .expect("a date")
            .and_hms_opt(0, 0, 0)
            .expect("midnight")
    }

    #[test]
    fn a_month_spans_to_the_first_of_the_next() {
        assert_eq!(
            month_span("2025-12"),
            Some((at("2025-12-01"), at("2026-01-01")))
        );
        assert_eq!(
            month_span("2024-02"),
            Some((at("2024-02-01"), at("2024-03-01")))
        );
        assert_eq!(month_span("2024-13"), None);
        assert_eq!(month_span("garbage"), None);
    }

    #[test]
    fn a_deep_page_starts_in_the_month_holding_its_offset() {
        let months = [
            MonthCount {
                start: at("2025-01-01"),
                end: at("2025-02-01"),
                count: 10,
            },
            MonthCount {
                start: at("2025-02-01"),
                end: at("2025-03-01"),
                count: 5,
            },
            MonthCount {
                start: at("2025-03-01"),
                end: at("2025-03-20"),
                count: 3,
            },
        ];
        let filter = ArticleFilter::all_public(at("2025-03-20"));
        // Newest first: March's 3, then February's 5 (offsets 3 to 7), then January's.
        let (narrowed, rest) = skip_months(&months, &filter, true, 7).expect("in February");
        assert_eq!(
            (narrowed.until, narrowed.from, rest),
            (Some(at("2025-03-01")), None, 4)
        );
        let (narrowed, rest) = skip_months(&months, &filter, true, 8).expect("in January");
        assert_eq!((narrowed.until, rest), (Some(at("2025-02-01")), 0));
        assert_eq!(
            skip_months(&months, &filter, true, 17).map(|s| s.1),
            Some(9)
        );
        assert!(skip_months(&months, &filter, true, 18).is_none());
        // Oldest first: January's 10, then February's.
        let (narrowed, rest) = skip_months(&months, &filter, false, 10).expect("in February");
        assert_eq!(
            (narrowed.from, narrowed.until, rest),
            (Some(at("2025-02-01")), None, 0)
        );
        assert_eq!(
            skip_months(&months, &filter, false, 0).map(|s| s.1),
            Some(0)
        );
        // January's 10, newest first, are offsets 8 to 17: a page of 2 at offset 15
        // (January's 8th and 9th) is read oldest first from January's start, 1 in.
        let far = page_within(&months, &filter, true, 15, 2).expect("in January");
        assert_eq!(
            (far.filter.from, far.filter.until, far.offset, far.reversed),
            (Some(at("2025-01-01")), Some(at("2025-02-01")), 1, true)
        );
        // Near its own end, or running past the month, read as it goes.
        let near = page_within(&months, &filter, true, 9, 2).expect("in January");
        assert_eq!(
            (near.filter.until, near.offset, near.reversed),
            (Some(at("2025-02-01")), 1, false)
        );
        let past = page_within(&months, &filter, true, 17, 2).expect("in January");
        assert_eq!((past.offset, past.reversed), (9, false));
    }
}
