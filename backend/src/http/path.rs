//! Typed path segments: `{id}` as the id type the operation names (`ArticleId`, …) and
//! `{version}` as a version number — one parser each, for every route, refusing a
//! malformed segment with 400 naming it.

use std::str::FromStr;

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest};
use shared::query::Version;

use super::error::ApiError;

/// The route's `{id}` as `T`.
#[derive(Debug, Clone, Copy)]
pub struct PathId<T>(pub T);

impl<T> FromRequest for PathId<T>
where
    T: FromStr,
    T::Err: std::fmt::Display,
{
    type Error = ApiError;
    type Future = std::future::Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        std::future::ready(segment(req, "id").map(Self))
    }
}

/// The route's `{preview_id}` as `T`.
#[derive(Debug, Clone, Copy)]
pub struct PathPreview<T>(pub T);

impl<T> FromRequest for PathPreview<T>
where
    T: FromStr,
    T::Err: std::fmt::Display,
{
    type Error = ApiError;
    type Future = std::future::Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        std::future::ready(segment(req, "preview_id").map(Self))
    }
}

/// The route's `{version}`.
#[derive(Debug, Clone, Copy)]
pub struct PathVersion(pub i64);

impl FromRequest for PathVersion {
    type Error = ApiError;
    type Future = std::future::Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        std::future::ready(
            segment::<String>(req, "version")
                .and_then(|raw| {
                    Version::try_from(raw)
                        .map_err(|e| ApiError::invalid("version", format!("`version` {e}")))
                })
                .map(|version| Self(version.get())),
        )
    }
}

/// The matched route's segment `name` (percent-decoded by the router), read as `T`.
fn segment<T>(req: &HttpRequest, name: &str) -> Result<T, ApiError>
where
    T: FromStr,
    T::Err: std::fmt::Display,
{
    let raw = req.match_info().get(name).unwrap_or_default();
    raw.parse()
        .map_err(|e| ApiError::invalid(name, format!("`{name}` {e}")))
}
