//! Pagination metadata and RFC 8288 `Link` headers, built from the request's own
//! query so that every link keeps the client's filters.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::DateTime;
use shared::{ErrorCode, PageLinks, Pagination};

use super::error::ApiError;
use super::query::Query;
use crate::db::articles::{Keyset, Order};

/// Where the current page sits.
#[derive(Debug, Clone, Copy)]
pub enum Position<'a> {
    Page(u32),
    Cursor(&'a str),
}

/// Pagination for a page at `position` of `total` items, `per_page` a page.
pub fn pagination(
    path: &str,
    query: &Query,
    position: Position<'_>,
    per_page: u32,
    total: u64,
    next_cursor: Option<String>,
) -> Pagination {
    let total_pages = u32::try_from(total.div_ceil(u64::from(per_page.max(1))))
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
            url(
                path,
                query,
                &[("page", None), ("cursor", Some(cursor.to_owned()))],
            ),
            None,
            next_cursor
                .as_ref()
                .map(|c| url(path, query, &[("page", None), ("cursor", Some(c.clone()))])),
        ),
    };
    Pagination {
        page,
        per_page,
        total,
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
fn url(path: &str, query: &Query, changes: &[(&str, Option<String>)]) -> String {
    let mut serializer = url::form_urlencoded::Serializer::new(String::new());
    for (name, value) in query.pairs() {
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

fn order_mark(order: Order) -> &'static str {
    match order {
        Order::Newest => "n",
        Order::Oldest => "o",
    }
}

/// An opaque cursor: the order it was made for and the last article's position.
pub fn encode_cursor(order: Order, keyset: &Keyset) -> String {
    let micros = keyset.published_at.and_utc().timestamp_micros();
    URL_SAFE_NO_PAD.encode(format!("1|{}|{micros}|{}", order_mark(order), keyset.id))
}

pub fn decode_cursor(cursor: &str, order: Order) -> Result<Keyset, ApiError> {
    let invalid = |detail: &str| ApiError::field(ErrorCode::InvalidCursor, "cursor", detail);
    let raw = URL_SAFE_NO_PAD
        .decode(cursor)
        .ok()
        .and_then(|bytes| String::from_utf8(bytes).ok())
        .ok_or_else(|| invalid("`cursor` is not a cursor this API issued"))?;
    let mut parts = raw.splitn(4, '|');
    let (Some("1"), Some(mark), Some(micros), Some(id)) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(invalid("`cursor` is not a cursor this API issued"));
    };
    if mark != order_mark(order) {
        return Err(invalid(
            "`cursor` was issued for the other `order`; keep `order` the same while paging",
        ));
    }
    let published_at = micros
        .parse::<i64>()
        .ok()
        .and_then(DateTime::from_timestamp_micros)
        .map(|t| t.naive_utc())
        .ok_or_else(|| invalid("`cursor` is not a cursor this API issued"))?;
    if uuid::Uuid::parse_str(id).is_err() {
        return Err(invalid("`cursor` is not a cursor this API issued"));
    }
    Ok(Keyset {
        published_at,
        id: id.to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_reject_tampering() {
        let keyset = Keyset {
            published_at: DateTime::from_timestamp_micros(1_752_339_600_123_456)
                .expect("time")
                .naive_utc(),
            id: uuid::Uuid::now_v7().to_string(),
        };
        let cursor = encode_cursor(Order::Newest, &keyset);
        assert_eq!(decode_cursor(&cursor, Order::Newest).ok(), Some(keyset));
        assert!(decode_cursor(&cursor, Order::Oldest).is_err());
        assert!(decode_cursor("not-a-cursor", Order::Newest).is_err());
        assert!(decode_cursor(&URL_SAFE_NO_PAD.encode("1|n|12|x"), Order::Newest).is_err());
    }

    #[test]
    fn links_keep_filters_and_replace_the_page() {
        let query = Query::parse(
            "section=internasional&page=2&per_page=1",
            &["section", "page", "per_page"],
        )
        .expect("parses");
        let p = pagination("/api/v1/articles", &query, Position::Page(2), 1, 3, None);
        assert_eq!(p.total_pages, 3);
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
