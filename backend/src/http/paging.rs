//! Pagination metadata and RFC 8288 `Link` headers, built from the request's own
//! query so that every link keeps the client's filters.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, NaiveDate, NaiveTime};
use shared::{ErrorCode, PageLinks, Pagination, Total};

use super::error::ApiError;
use crate::db::articles::Keyset;

/// Where the current page sits.
#[derive(Debug, Clone, Copy)]
pub enum Position<'a> {
    Page(u32),
    Cursor(&'a str),
}

/// Pagination for a page at `position` of `total` items (exactly, or at least),
/// `per_page` a page.
pub fn pagination(
    path: &str,
    query: &[(String, String)],
    position: Position<'_>,
    per_page: u32,
    total: Total,
    next_cursor: Option<String>,
) -> Pagination {
    let total_pages = u32::try_from(total.count.div_ceil(u64::from(per_page.max(1))))
        .unwrap_or(u32::MAX)
        .max(1);
    let at_page = |page: u32| {
        url(
            path,
            query,
            &[("page", Some(page.to_string())), ("cursor", None)],
        )
    };
    let (page, this, prev, next) = match position {
        Position::Page(page) => (
            Some(page),
            at_page(page),
            (page > 1).then(|| at_page((page - 1).min(total_pages))),
            (page < total_pages).then(|| at_page(page + 1)),
        ),
        Position::Cursor(cursor) => (
            None,
            url(path, query, &[("cursor", Some(cursor.to_owned()))]),
            None,
            next_cursor
                .as_ref()
                .map(|c| url(path, query, &[("page", None), ("cursor", Some(c.clone()))])),
        ),
    };
    Pagination {
        page,
        per_page,
        total: total.count,
        total_exact: total.exact,
        total_pages,
        next_cursor,
        links: PageLinks {
            this,
            first: at_page(1),
            last: at_page(total_pages),
            prev,
            next,
        },
    }
}

/// As `pagination`, for a list whose pages stop at `max_pages` (a search's): its pages
/// and links stop there, while its total still says how many there are.
pub fn pagination_within(
    path: &str,
    query: &[(String, String)],
    page: u32,
    per_page: u32,
    total: Total,
    max_pages: u32,
) -> Pagination {
    let reachable = u64::from(max_pages) * u64::from(per_page.max(1));
    let mut pagination = pagination(
        path,
        query,
        Position::Page(page),
        per_page,
        Total {
            count: total.count.min(reachable),
            ..total
        },
        None,
    );
    pagination.total = total.count;
    pagination
}

/// The same links as an RFC 8288 header value.
pub fn link_header(links: &PageLinks) -> String {
    let mut parts = vec![
        format!("<{}>; rel=\"first\"", links.first),
        format!("<{}>; rel=\"last\"", links.last),
    ];
    if let Some(prev) = &links.prev {
        parts.push(format!("<{prev}>; rel=\"prev\""));
    }
    if let Some(next) = &links.next {
        parts.push(format!("<{next}>; rel=\"next\""));
    }
    parts.join(", ")
}

/// `path?query` with `changes` applied: `Some` sets a parameter, `None` removes it.
fn url(path: &str, query: &[(String, String)], changes: &[(&str, Option<String>)]) -> String {
    let mut serializer = url::form_urlencoded::Serializer::new(String::new());
    for (name, value) in query {
        if !changes.iter().any(|(n, _)| n == name) {
            serializer.append_pair(name, value);
        }
    }
    for (name, value) in changes {
        if let Some(value) = value {
            serializer.append_pair(name, value);
        }
    }
    let query = serializer.finish();
    if query.is_empty() {
        path.to_owned()
    } else {
        format!("{path}?{query}")
    }
}

/// A cursor is a position in the list, 24 bytes — the last article's publication time
/// (microseconds, big-endian) and id — as 32 base64url characters. Every such string
/// is a position (`CURSOR_PATTERN` describes them all), so a client can only get a
/// cursor wrong by its shape; a time out of range is clamped to the first or last
/// representable instant, where the list simply starts or ends.
pub const CURSOR_PATTERN: &str = "^[A-Za-z0-9_-]{32}$";

pub fn encode_cursor(keyset: &Keyset) -> String {
    let micros = keyset.published_at.and_utc().timestamp_micros();
    let id = uuid::Uuid::parse_str(&keyset.id).unwrap_or_default();
    let mut bytes = [0u8; 24];
    bytes[..8].copy_from_slice(&micros.to_be_bytes());
    bytes[8..].copy_from_slice(id.as_bytes());
    URL_SAFE_NO_PAD.encode(bytes)
}

pub fn decode_cursor(cursor: &str) -> Result<Keyset, ApiError> {
    let bytes: [u8; 24] = (cursor.len() == 32)
        .then(|| URL_SAFE_NO_PAD.decode(cursor).ok())
        .flatten()
        .and_then(|bytes| bytes.try_into().ok())
        .ok_or_else(|| {
            ApiError::field(
                ErrorCode::InvalidCursor,
                "cursor",
                "`cursor` must be a page's `next_cursor`: 32 letters, digits, `-` or `_`",
            )
        })?;
    let (micros, id) = bytes.split_at(8);
    let micros = i64::from_be_bytes(micros.try_into().expect("8 bytes"));
    // Years 1 to 9999: what both databases store and compare as times.
    let first = NaiveDate::from_ymd_opt(1, 1, 1)
        .expect("a date")
        .and_time(NaiveTime::MIN);
    let last = NaiveDate::from_ymd_opt(9999, 12, 31)
        .and_then(|d| d.and_hms_micro_opt(23, 59, 59, 999_999))
        .expect("a time");
    let published_at = DateTime::from_timestamp_micros(micros)
        .map_or(if micros < 0 { first } else { last }, |t| t.naive_utc())
        .clamp(first, last);
    let id = uuid::Uuid::from_bytes(id.try_into().expect("16 bytes"));
    Ok(Keyset {
        published_at,
        id: id.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Datelike as _;

    #[test]
    fn cursors_round_trip_and_every_cursor_shaped_string_is_a_position() {
        let keyset = Keyset {
            published_at: DateTime::from_timestamp_micros(1_752_339_600_123_456)
                .expect("time")
                .naive_utc(),
            id: uuid::Uuid::now_v7().to_string(),
        };
        let cursor = encode_cursor(&keyset);
        assert_eq!(cursor.len(), 32);
        assert_eq!(decode_cursor(&cursor).ok(), Some(keyset));
        for shaped in ["A".repeat(32), "_".repeat(32), "-".repeat(32)] {
            let at = decode_cursor(&shaped).expect("a position").published_at;
            assert!((1..=9999).contains(&at.year()), "{shaped} → {at}");
        }
        for wrong in ["not-a-cursor", "", &"A".repeat(33), &"=".repeat(32)] {
            assert!(decode_cursor(wrong).is_err(), "{wrong:?}");
        }
    }

    #[test]
    fn links_keep_filters_and_replace_the_page() {
        let query = super::super::query::Query::<shared::query::ListArticlesQuery>::parse(
            "section=internasional&page=2&per_page=1",
        )
        .expect("parses");
        let p = pagination(
            "/api/v1/articles",
            query.pairs(),
            Position::Page(2),
            1,
            Total::exact(3),
            None,
        );
        assert_eq!(p.total_pages, 3);
        assert!(p.total_exact);
        assert_eq!(
            p.links.next.as_deref(),
            Some("/api/v1/articles?section=internasional&per_page=1&page=3")
        );
        assert_eq!(
            p.links.prev.as_deref(),
            Some("/api/v1/articles?section=internasional&per_page=1&page=1")
        );
        assert_eq!(
            link_header(&p.links),
            "</api/v1/articles?section=internasional&per_page=1&page=1>; rel=\"first\", \
             </api/v1/articles?section=internasional&per_page=1&page=3>; rel=\"last\", \
             </api/v1/articles?section=internasional&per_page=1&page=1>; rel=\"prev\", \
             </api/v1/articles?section=internasional&per_page=1&page=3>; rel=\"next\""
        );
    }
}
