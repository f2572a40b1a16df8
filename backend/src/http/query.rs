//! Strict query strings: every parameter known, none repeated, every value checked,
//! and each failure names the parameter. (serde_urlencoded's errors do not name it.)

use chrono::{DateTime, NaiveDate, NaiveDateTime};
use shared::ErrorCode;

use super::error::ApiError;
use crate::domain::Desk;

pub const DEFAULT_PER_PAGE: u32 = 20;
pub const MAX_PER_PAGE: u32 = 100;

#[derive(Debug)]
pub struct Query {
    pairs: Vec<(String, String)>,
}

impl Query {
    /// Parses `raw`, refusing parameters not in `allowed` and repeated ones.
    pub fn parse(raw: &str, allowed: &[&str]) -> Result<Self, ApiError> {
        let mut pairs: Vec<(String, String)> = Vec::new();
        for (name, value) in url::form_urlencoded::parse(raw.as_bytes()) {
            if name.is_empty() && value.is_empty() {
                continue;
            }
            if !allowed.contains(&name.as_ref()) {
                let detail = if allowed.is_empty() {
                    format!("`{name}` is not a parameter of this operation; it takes none")
                } else {
                    format!(
                        "`{name}` is not a parameter of this operation; it takes {}",
                        allowed.join(", ")
                    )
                };
                return Err(ApiError::field(ErrorCode::UnknownParameter, &name, detail));
            }
            if pairs.iter().any(|(n, _)| *n == name) {
                return Err(ApiError::field(
                    ErrorCode::DuplicateParameter,
                    &name,
                    format!("`{name}` may be given only once"),
                ));
            }
            pairs.push((name.into_owned(), value.into_owned()));
        }
        Ok(Self { pairs })
    }

    pub fn get(&self, name: &str) -> Option<&str> {
        self.pairs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    pub fn pairs(&self) -> &[(String, String)] {
        &self.pairs
    }

    /// A slug-valued filter (`section`, `tag`, `author`).
    pub fn slug(&self, name: &str) -> Result<Option<String>, ApiError> {
        match self.get(name) {
            None => Ok(None),
            Some(v) if shared::slug::is_slug(v) => Ok(Some(v.to_owned())),
            Some(v) => Err(ApiError::invalid(
                name,
                format!(
                    "`{name}` must be a slug (lowercase letters, digits and hyphens), not {v:?}"
                ),
            )),
        }
    }

    pub fn number(&self, name: &str, min: u32, max: u32) -> Result<Option<u32>, ApiError> {
        let Some(raw) = self.get(name) else {
            return Ok(None);
        };
        match raw.parse::<u32>() {
            Ok(n) if (min..=max).contains(&n) => Ok(Some(n)),
            _ => Err(ApiError::invalid(
                name,
                format!("`{name}` must be an integer from {min} to {max}, not {raw:?}"),
            )),
        }
    }

    /// One of `choices`, or `default` when absent.
    pub fn choice<'a>(
        &self,
        name: &str,
        choices: &[&'a str],
        default: &'a str,
    ) -> Result<&'a str, ApiError> {
        match self.get(name) {
            None => Ok(default),
            Some(v) => choices.iter().find(|c| **c == v).copied().ok_or_else(|| {
                ApiError::invalid(
                    name,
                    format!("`{name}` must be one of {}, not {v:?}", choices.join(", ")),
                )
            }),
        }
    }

    /// A BCP 47 language tag: letters, digits and hyphens, 2 to 35 characters.
    pub fn language(&self, name: &str) -> Result<Option<String>, ApiError> {
        match self.get(name) {
            None => Ok(None),
            Some(v)
                if (2..=35).contains(&v.len())
                    && v.split('-').all(|part| {
                        !part.is_empty()
                            && part.len() <= 8
                            && part.bytes().all(|b| b.is_ascii_alphanumeric())
                    })
                    && v.bytes().next().is_some_and(|b| b.is_ascii_alphabetic()) =>
            {
                Ok(Some(v.to_ascii_lowercase()))
            }
            Some(v) => Err(ApiError::invalid(
                name,
                format!("`{name}` must be a BCP 47 language tag such as `id` or `en`, not {v:?}"),
            )),
        }
    }

    /// A bound on a time: a date (`2025-07-13`, a whole day at the desk) or an RFC 3339
    /// instant. `Bound::Start` gives the first instant of a date, `Bound::End` the
    /// first instant after it, so `from` is inclusive and `to` covers its whole day.
    pub fn time_bound(
        &self,
        name: &str,
        bound: Bound,
        desk: Desk,
    ) -> Result<Option<NaiveDateTime>, ApiError> {
        let Some(raw) = self.get(name) else {
            return Ok(None);
        };
        if let Ok(date) = NaiveDate::parse_from_str(raw, "%Y-%m-%d") {
            return Ok(Some(match (bound, date.succ_opt()) {
                (Bound::Start, _) => desk.start_of_day(date),
                (Bound::End, Some(next)) => desk.start_of_day(next),
                // The last day there is: to its end.
                (Bound::End, None) => NaiveDateTime::MAX,
            }));
        }
        if let Ok(instant) = DateTime::parse_from_rfc3339(raw) {
            let utc = instant.naive_utc();
            return Ok(Some(match bound {
                Bound::Start => utc,
                // `to` is inclusive: the instant itself is in range.
                Bound::End => utc + chrono::Duration::microseconds(1),
            }));
        }
        Err(ApiError::invalid(
            name,
            format!(
                "`{name}` must be a date (`2025-07-13`) or an RFC 3339 time (`2025-07-13T08:00:00+07:00`), not {raw:?}"
            ),
        ))
    }
}

/// The schema of slug parameters: what `shared::slug::is_slug` accepts.
#[derive(Debug)]
pub struct Slug;

impl utoipa::PartialSchema for Slug {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use utoipa::openapi::schema::{ObjectBuilder, Type};
        ObjectBuilder::new()
            .schema_type(Type::String)
            .description(Some(
                "Lowercase letters and digits in words joined by single hyphens",
            ))
            .pattern(Some("^[a-z0-9]+(-[a-z0-9]+)*$"))
            .max_length(Some(shared::slug::MAX_SLUG_LEN))
            .into()
    }
}

impl utoipa::ToSchema for Slug {}

/// The schema of `from` and `to`: a date (`2025-07-13`, the whole day at the desk) or
/// an RFC 3339 time.
#[derive(Debug)]
pub struct TimeBound;

impl utoipa::PartialSchema for TimeBound {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use utoipa::openapi::schema::{
            KnownFormat, ObjectBuilder, OneOfBuilder, SchemaFormat, Type,
        };
        let string = |format| {
            ObjectBuilder::new()
                .schema_type(Type::String)
                .format(Some(SchemaFormat::KnownFormat(format)))
        };
        OneOfBuilder::new()
            .description(Some(
                "A date (`2025-07-13`: the whole day at the desk) or an RFC 3339 time",
            ))
            .item(string(KnownFormat::Date))
            .item(string(KnownFormat::DateTime))
            .into()
    }
}

impl utoipa::ToSchema for TimeBound {}

/// An extractor for operations that take no query parameters: any parameter (an id
/// smuggled in the query string, say) is refused with 400 naming it, never ignored.
#[derive(Debug)]
pub struct NoQuery;

impl actix_web::FromRequest for NoQuery {
    type Error = ApiError;
    type Future = std::future::Ready<Result<Self, ApiError>>;

    fn from_request(req: &actix_web::HttpRequest, _: &mut actix_web::dev::Payload) -> Self::Future {
        std::future::ready(Query::parse(req.query_string(), &[]).map(|_| Self))
    }
}

#[derive(Debug, Clone, Copy)]
pub enum Bound {
    Start,
    End,
}

/// `page`, `per_page` and the parameters that come with them, checked.
#[derive(Debug, Clone, Copy)]
pub struct Paging {
    pub page: u32,
    pub per_page: u32,
}

impl Paging {
    pub const PAGE_MAX: u32 = 100_000;

    pub fn from_query(query: &Query) -> Result<Self, ApiError> {
        Ok(Self {
            page: query.number("page", 1, Self::PAGE_MAX)?.unwrap_or(1),
            per_page: query
                .number("per_page", 1, MAX_PER_PAGE)?
                .unwrap_or(DEFAULT_PER_PAGE),
        })
    }

    pub fn offset(&self) -> usize {
        (self.page as usize - 1) * self.per_page as usize
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_and_duplicate_parameters_are_named() {
        let err = Query::parse("page=1&colour=red", &["page"]).unwrap_err();
        assert_eq!(
            (err.code, err.field.as_deref()),
            (ErrorCode::UnknownParameter, Some("colour"))
        );
        let err = Query::parse("page=1&page=2", &["page"]).unwrap_err();
        assert_eq!(
            (err.code, err.field.as_deref()),
            (ErrorCode::DuplicateParameter, Some("page"))
        );
    }

    #[test]
    fn numbers_are_bounded() {
        let q = Query::parse("per_page=101", &["per_page"]).expect("parses");
        assert!(q.number("per_page", 1, 100).is_err());
        let q = Query::parse("per_page=-1", &["per_page"]).expect("parses");
        assert!(q.number("per_page", 1, 100).is_err());
        let q = Query::parse("per_page=100", &["per_page"]).expect("parses");
        assert_eq!(q.number("per_page", 1, 100).ok().flatten(), Some(100));
    }
}
