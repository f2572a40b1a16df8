//! Typed path segments: `{id}` as the id type the operation names (`ArticleId`, …) and
//! `{version}` as a version number — one parser each, for every route, refusing a
//! malformed segment with 400 naming it.

use std::str::FromStr;

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest};
use shared::query::Version;

use super::error::ApiError;

/// A typed path segment: the route's `{name}` read as `T`.
macro_rules! segment_extractor {
    ($(#[$doc:meta])* $extractor:ident, $name:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy)]
        pub struct $extractor<T>(pub T);

        impl<T> FromRequest for $extractor<T>
        where
            T: FromStr,
            T::Err: std::fmt::Display,
        {
            type Error = ApiError;
            type Future = std::future::Ready<Result<Self, ApiError>>;

            fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
                std::future::ready(segment(req, $name).map(Self))
            }
        }
    };
}

segment_extractor!(
    /// The route's `{id}` as `T`.
    PathId,
    "id"
);
segment_extractor!(
    /// The route's `{preview_id}` as `T`.
    PathPreview,
    "preview_id"
);
segment_extractor!(
    /// The route's `{entry_id}` as `T`.
    PathEntry,
    "entry_id"
);

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
