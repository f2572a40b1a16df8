//! Strict query strings. Each operation's query is one type in `shared::query`
//! (`ListArticlesQuery`, …), which is both what the handler reads and, through its
//! `IntoParams`, the contract's parameters. `Query<T>` reads it: a parameter the
//! operation does not take, or one given twice, is refused (400 naming it); a value is
//! read by its own type (`Slug`, `PerPage`, `TimeBound`, …), and a wrong one is refused
//! naming the parameter (`serde_path_to_error`) with what its type expects.

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest};
use chrono::NaiveDateTime;
use serde::de::DeserializeOwned;
use shared::ErrorCode;
use shared::query::TimeBound;
use utoipa::IntoParams;
use utoipa::openapi::Required;
use utoipa::openapi::path::ParameterIn;

use super::error::ApiError;
use crate::domain::Desk;

/// A query string read into `T`, and its parameters as given (for links that keep
/// them).
#[derive(Debug)]
pub struct Query<T> {
    value: T,
    pairs: Vec<(String, String)>,
}

impl<T> Query<T> {
    pub fn into_inner(self) -> T {
        self.value
    }

    /// The parameters as the client gave them, in its order.
    pub fn pairs(&self) -> &[(String, String)] {
        &self.pairs
    }
}

impl<T> std::ops::Deref for Query<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.value
    }
}

impl<T: DeserializeOwned + IntoParams> Query<T> {
    pub fn parse(raw: &str) -> Result<Self, ApiError> {
        let params = T::into_params(|| Some(ParameterIn::Query));
        let names: Vec<&str> = params.iter().map(|p| p.name.as_str()).collect();
        let mut pairs: Vec<(String, String)> = Vec::new();
        for (name, value) in url::form_urlencoded::parse(raw.as_bytes()) {
            if name.is_empty() && value.is_empty() {
                continue;
            }
            if !names.contains(&name.as_ref()) {
                let detail = if names.is_empty() {
                    format!("`{name}` is not a parameter of this operation; it takes none")
                } else {
                    format!(
                        "`{name}` is not a parameter of this operation; it takes {}",
                        names.join(", ")
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
        if let Some(missing) = params.iter().find(|p| {
            matches!(p.required, Required::True) && !pairs.iter().any(|(n, _)| *n == p.name)
        }) {
            let name = &missing.name;
            let what = missing.description.as_deref().unwrap_or("");
            let what = what.split(['.', '\n']).next().unwrap_or("").trim();
            return Err(ApiError::invalid(
                name,
                format!("`{name}` is required: {}", what.to_lowercase()),
            ));
        }
        let deserializer =
            serde_urlencoded::Deserializer::new(url::form_urlencoded::parse(raw.as_bytes()));
        let value = serde_path_to_error::deserialize(deserializer).map_err(|e| {
            let name = e.path().to_string();
            ApiError::invalid(&name, format!("`{name}` {}", e.inner()))
        })?;
        Ok(Self { value, pairs })
    }
}

impl<T: DeserializeOwned + IntoParams> FromRequest for Query<T> {
    type Error = ApiError;
    type Future = std::future::Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        std::future::ready(Self::parse(req.query_string()))
    }
}

/// The query of operations that take no parameters.
#[derive(Debug, serde::Deserialize, IntoParams)]
pub struct NoParams {}

/// An extractor for operations that take no query parameters: any parameter (an id
/// smuggled in the query string, say) is refused with 400 naming it, never ignored.
pub type NoQuery = Query<NoParams>;

#[derive(Debug, Clone, Copy)]
pub enum Bound {
    Start,
    End,
}

/// A time bound as an instant (UTC): a date is the desk's day — `Bound::Start` its
/// first instant, `Bound::End` the first instant after it, so `from` is inclusive and
/// `to` covers its whole day; a time is itself (`to` inclusive of it).
pub fn instant(bound: TimeBound, side: Bound, desk: Desk) -> NaiveDateTime {
    match (bound, side) {
        (TimeBound::Date(date), Bound::Start) => desk.start_of_day(date),
        (TimeBound::Date(date), Bound::End) => match date.succ_opt() {
            Some(next) => desk.start_of_day(next),
            // The last day there is: to its end.
            None => NaiveDateTime::MAX,
        },
        (TimeBound::Time(time), Bound::Start) => time.naive_utc(),
        (TimeBound::Time(time), Bound::End) => time.naive_utc() + chrono::Duration::microseconds(1),
    }
}

#[cfg(test)]
mod tests {
    use shared::query::{ListArticlesQuery, SearchArticlesQuery};

    use super::*;

    #[test]
    fn unknown_and_duplicate_parameters_are_named() {
        let err = Query::<ListArticlesQuery>::parse("page=1&colour=red").unwrap_err();
        assert_eq!(
            (err.code, err.field.as_deref()),
            (ErrorCode::UnknownParameter, Some("colour"))
        );
        let err = Query::<ListArticlesQuery>::parse("page=1&page=2").unwrap_err();
        assert_eq!(
            (err.code, err.field.as_deref()),
            (ErrorCode::DuplicateParameter, Some("page"))
        );
        let err = Query::<NoParams>::parse("id=1").unwrap_err();
        assert_eq!(err.field.as_deref(), Some("id"));
    }

    #[test]
    fn values_are_checked_and_named() {
        for (raw, field) in [
            ("per_page=101", "per_page"),
            ("per_page=-1", "per_page"),
            ("per_page=", "per_page"),
            ("section=Not%20a%20slug", "section"),
            ("lang=x", "lang"),
            ("from=yesterday", "from"),
            ("fields=body,colour", "fields"),
        ] {
            let err = Query::<ListArticlesQuery>::parse(raw).unwrap_err();
            assert_eq!(
                (err.code, err.field.as_deref()),
                (ErrorCode::InvalidParameter, Some(field)),
                "{raw}"
            );
            assert!(
                err.detail.starts_with(&format!("`{field}` ")),
                "{}",
                err.detail
            );
        }
        let ok = Query::<ListArticlesQuery>::parse("per_page=100&lang=EN").expect("parses");
        assert_eq!(ok.per_page.map(|n| n.get()), Some(100));
        assert_eq!(ok.lang.as_ref().map(|l| l.as_str()), Some("en"));
    }

    #[test]
    fn a_required_parameter_is_named() {
        let err = Query::<SearchArticlesQuery>::parse("page=2").unwrap_err();
        assert_eq!(err.field.as_deref(), Some("q"));
        assert!(err.detail.starts_with("`q` is required"), "{}", err.detail);
    }
}
