//! JSON request bodies: `application/json` only, a size limit (413), and errors
//! that name the offending field (`blocks[2].text`), never a bare serde message.

use std::future::Future;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::error::PayloadError;
use actix_web::http::header;
use actix_web::{FromRequest, HttpRequest, web};
use serde::de::DeserializeOwned;
use shared::ErrorCode;

use super::error::ApiError;

/// Largest JSON body accepted by default: 1 MiB.
pub const DEFAULT_BODY_LIMIT: usize = 1024 * 1024;

#[derive(Debug)]
pub struct JsonBody<T>(pub T);

impl<T: DeserializeOwned + 'static> FromRequest for JsonBody<T> {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ApiError>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let is_json = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
            .is_some_and(|mime| {
                let mime = mime.trim().to_ascii_lowercase();
                mime == "application/json" || mime.ends_with("+json")
            });
        let bytes = web::Bytes::from_request(req, payload);
        Box::pin(async move {
            if !is_json {
                return Err(ApiError::new(
                    ErrorCode::UnsupportedMediaType,
                    "The body must be `application/json`",
                ));
            }
            let bytes = bytes
                .await
                .map_err(|e| match e.as_error::<PayloadError>() {
                    Some(PayloadError::Overflow) => ApiError::new(
                        ErrorCode::PayloadTooLarge,
                        format!("The body is larger than {DEFAULT_BODY_LIMIT} bytes"),
                    ),
                    _ => ApiError::new(
                        ErrorCode::InvalidBody,
                        format!("The body could not be read: {e}"),
                    ),
                })?;
            parse(&bytes).map(JsonBody)
        })
    }
}

/// Deserialises `bytes`, naming the path of the field that failed.
pub fn parse<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    let mut value: serde_json::Value = serde_json::from_slice(bytes).map_err(|e| {
        // Not JSON at all: no field is to blame.
        ApiError::new(
            ErrorCode::InvalidBody,
            format!("The body is not valid JSON: {e}"),
        )
    })?;
    integral_floats_as_integers(&mut value);
    serde_path_to_error::deserialize(value).map_err(|e| {
        let path = e.path().to_string();
        let detail = e.into_inner().to_string();
        // An unknown or missing field's name is in the message, not in the path.
        let field = match named_field(&detail) {
            Some(name) if path == "." => name,
            Some(name) if !path.ends_with(name.as_str()) => format!("{path}.{name}"),
            _ => path,
        };
        if field == "." {
            ApiError::new(
                ErrorCode::InvalidBody,
                format!("The body is not valid: {detail}"),
            )
        } else {
            ApiError::field(
                ErrorCode::InvalidBody,
                &field,
                format!("`{field}`: {detail}"),
            )
        }
    })
}

/// JSON has one number type: `2.0` is the integer 2 (as JSON Schema's `integer` says),
/// so it is written as one for fields that take integers.
fn integral_floats_as_integers(value: &mut serde_json::Value) {
    use serde_json::Value;
    // Integers up to 2^53 are exact in a float.
    const EXACT: f64 = 9_007_199_254_740_992.0;
    match value {
        Value::Number(n) => {
            if let Some(f) = n.as_f64().filter(|_| n.is_f64())
                && f.fract() == 0.0
                && f.abs() <= EXACT
            {
                #[allow(clippy::cast_possible_truncation)] // integral and within 2^53
                let integer = f as i64;
                *n = integer.into();
            }
        }
        Value::Array(items) => items.iter_mut().for_each(integral_floats_as_integers),
        Value::Object(fields) => fields.values_mut().for_each(integral_floats_as_integers),
        Value::Null | Value::Bool(_) | Value::String(_) => {}
    }
}

fn named_field(detail: &str) -> Option<String> {
    let rest = detail
        .strip_prefix("unknown field `")
        .or_else(|| detail.strip_prefix("missing field `"))?;
    rest.split_once('`').map(|(name, _)| name.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Sample {
        name: String,
        items: Vec<Item>,
    }

    #[derive(Debug, serde::Deserialize)]
    struct Item {
        n: u8,
    }

    #[test]
    fn errors_name_the_field() {
        let err =
            parse::<Sample>(br#"{"name": "x", "items": [{"n": 1}, {"n": 300}]}"#).unwrap_err();
        assert_eq!(err.field.as_deref(), Some("items[1].n"));
        let err = parse::<Sample>(br#"{"name": "x", "items": [], "extra": 1}"#).unwrap_err();
        assert_eq!(err.field.as_deref(), Some("extra"));
        let err = parse::<Sample>(br#"{"items": []}"#).unwrap_err();
        assert_eq!(err.field.as_deref(), Some("name"));
        let err = parse::<Sample>(b"not json").unwrap_err();
        assert_eq!(err.field, None);
    }

    #[test]
    fn an_integral_float_is_an_integer() {
        let ok = parse::<Sample>(br#"{"name": "x", "items": [{"n": 2.0}, {"n": 1e2}]}"#);
        assert_eq!(
            ok.expect("integers")
                .items
                .iter()
                .map(|i| i.n)
                .collect::<Vec<_>>(),
            [2, 100]
        );
        let err = parse::<Sample>(br#"{"name": "x", "items": [{"n": 2.5}]}"#).unwrap_err();
        assert_eq!(err.field.as_deref(), Some("items[0].n"));
    }
}
