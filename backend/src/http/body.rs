//! Request bodies: every body arrives whole within `server.body_timeout_ms` (408)
//! and within `DEFAULT_BODY_LIMIT` (413) before any handler runs; JSON bodies are
//! `application/json` only, with errors that name the offending field
//! (`blocks[2].text`), never a bare serde message. A key given twice in one object
//! and a character that stored text may not hold (`shared::render::is_text_char`)
//! are refused, naming the field.

use std::cell::RefCell;
use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::http::header;
use actix_web::middleware::Next;
use actix_web::{FromRequest, HttpMessage as _, HttpRequest, ResponseError as _, web};
use futures_util::StreamExt as _;
use serde::Serialize;
use serde::de::{self, DeserializeOwned, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};
use shared::ErrorCode;
use shared::render::forbidden_char;

use super::AppState;
use super::error::ApiError;

/// Largest request body accepted: 1 MiB.
pub const DEFAULT_BODY_LIMIT: usize = 1024 * 1024;

/// Room for an upload form's other fields and its multipart envelope, beside the file.
const FORM_ROOM: usize = 1024 * 1024;

/// The most bytes this request's body may have: 1 MiB, and for an image upload
/// `media.max_upload_mb` more (the file is checked against its own limit after).
/// Decided by the route the path names (the router's decoded path), not its text.
fn body_limit(req: &ServiceRequest, state: &AppState) -> usize {
    let upload = req.method() == actix_web::http::Method::POST
        && super::api_route(req.match_info().as_str())
            .is_some_and(|route| route.template() == super::IMAGE_UPLOAD_ROUTE);
    if upload {
        usize::try_from(state.settings.media.max_upload_bytes())
            .unwrap_or(usize::MAX)
            .saturating_add(FORM_ROOM)
    } else {
        DEFAULT_BODY_LIMIT
    }
}

fn too_large(limit: usize) -> ApiError {
    let limit = if limit == DEFAULT_BODY_LIMIT {
        format!("{DEFAULT_BODY_LIMIT} bytes (1 MiB)")
    } else {
        format!("{limit} bytes")
    };
    ApiError::new(
        ErrorCode::PayloadTooLarge,
        format!("The body is larger than {limit}"),
    )
}

/// Whether the request announces a body.
fn has_body(req: &ServiceRequest) -> bool {
    announces_body(req.headers())
}

/// Whether these request headers announce a body (chunked, or a length above 0).
pub fn announces_body(headers: &actix_web::http::header::HeaderMap) -> bool {
    headers.contains_key(header::TRANSFER_ENCODING)
        || headers
            .get(header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.trim() != "0")
}

/// The middleware: a request's body is read whole — within `server.body_timeout_ms`
/// of the request's arrival and `DEFAULT_BODY_LIMIT` bytes — before any handler runs,
/// on every route, so that a body sent slowly or never cannot hold a connection
/// (also where no handler would read it). Too slow → 408, too large → 413; either
/// way the connection is closed, since the rest of the body may still come.
pub async fn whole_body(
    mut req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let state = req.app_data::<web::Data<AppState>>().cloned();
    let (Some(state), true) = (state, has_body(&req)) else {
        return next
            .call(req)
            .await
            .map(ServiceResponse::map_into_boxed_body);
    };
    let timeout_ms = state.settings.server.body_timeout_ms;
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    let limit = body_limit(&req, &state);
    let mut payload = req.take_payload();
    let read = if declared.is_some_and(|n| n > limit as u64) {
        Err(too_large(limit))
    } else {
        let deadline = Duration::from_millis(timeout_ms);
        match tokio::time::timeout(deadline, collect(&mut payload, limit)).await {
            Ok(read) => read,
            Err(_) => Err(ApiError::new(
                ErrorCode::RequestTimeout,
                format!("The body did not arrive within {timeout_ms} ms"),
            )),
        }
    };
    match read {
        Ok(bytes) => {
            req.set_payload(Payload::from(bytes));
            next.call(req)
                .await
                .map(ServiceResponse::map_into_boxed_body)
        }
        Err(error) => {
            let (head, body) = error.error_response().into_parts();
            let mut response = head.set_body(HoldingPayload {
                body: body.try_into_bytes().ok(),
                _payload: payload,
            });
            response
                .head_mut()
                .set_connection_type(actix_web::http::ConnectionType::Close);
            Ok(req.into_response(response.map_into_boxed_body()))
        }
    }
}

/// A refusal's body that holds the request's unread payload until the answer has been
/// sent: actix closes a connection whose request body is still arriving only while
/// someone holds that body — dropped, a chunked body is drained for as long as the
/// client cares to send it.
struct HoldingPayload {
    body: Option<web::Bytes>,
    _payload: Payload,
}

impl MessageBody for HoldingPayload {
    type Error = std::convert::Infallible;

    fn size(&self) -> actix_web::body::BodySize {
        actix_web::body::BodySize::Sized(self.body.as_ref().map_or(0, |b| b.len() as u64))
    }

    fn poll_next(
        self: Pin<&mut Self>,
        _: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Result<web::Bytes, Self::Error>>> {
        std::task::Poll::Ready(self.get_mut().body.take().map(Ok))
    }
}

/// The whole payload, at most `limit` bytes.
async fn collect(payload: &mut Payload, limit: usize) -> Result<web::Bytes, ApiError> {
    let mut body = web::BytesMut::new();
    while let Some(chunk) = payload.next().await {
        let chunk = chunk.map_err(|e| {
            ApiError::new(
                ErrorCode::InvalidBody,
                format!("The body could not be read: {e}"),
            )
        })?;
        if body.len() + chunk.len() > limit {
            return Err(too_large(limit));
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body.freeze())
}

#[derive(Debug)]
pub struct JsonBody<T>(pub T);

impl<T: DeserializeOwned + Serialize + 'static> FromRequest for JsonBody<T> {
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
        // `whole_body` has read it already; this only hands it over.
        let mut payload = payload.take();
        Box::pin(async move {
            if !is_json {
                return Err(ApiError::new(
                    ErrorCode::UnsupportedMediaType,
                    "The body must be `application/json`",
                ));
            }
            let bytes = collect(&mut payload, DEFAULT_BODY_LIMIT).await?;
            parse(&bytes).map(JsonBody)
        })
    }
}

/// Deserialises `bytes`, naming the path of the field that failed. Then every text
/// the operation reads is checked for characters stored text may not hold — on the
/// value as understood, so that what a type ignores (an extra key the contract allows)
/// is not judged.
pub fn parse<T: DeserializeOwned + Serialize>(bytes: &[u8]) -> Result<T, ApiError> {
    let mut value = strict_value(bytes)?;
    integral_floats_as_integers(&mut value);
    let parsed: T = deserialize(value)?;
    let understood = serde_json::to_value(&parsed).map_err(ApiError::internal)?;
    match forbidden_text(&understood, String::new()) {
        Some((field, c)) => Err(ApiError::field(
            ErrorCode::InvalidBody,
            &field,
            format!(
                "`{field}`: contains the control character U+{:04X}, which text may not hold",
                u32::from(c)
            ),
        )),
        None => Ok(parsed),
    }
}

/// The first text in `value` with a character `is_text_char` refuses: where, and which.
fn forbidden_text(value: &Value, path: String) -> Option<(String, char)> {
    match value {
        Value::String(text) => forbidden_char(text).map(|c| (path, c)),
        Value::Array(items) => items
            .iter()
            .enumerate()
            .find_map(|(i, item)| forbidden_text(item, format!("{path}[{i}]"))),
        Value::Object(fields) => fields.iter().find_map(|(key, item)| {
            let child = if path.is_empty() {
                key.clone()
            } else {
                format!("{path}.{key}")
            };
            forbidden_text(item, child)
        }),
        Value::Null | Value::Bool(_) | Value::Number(_) => None,
    }
}

fn deserialize<T: DeserializeOwned>(value: Value) -> Result<T, ApiError> {
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

/// The body as a JSON value, refusing what JSON parsers let pass and we do not: a key
/// given twice in one object (which of the two would count?).
fn strict_value(bytes: &[u8]) -> Result<Value, ApiError> {
    let refusal = RefCell::new(None);
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let parsed = Strict {
        path: String::new(),
        refusal: &refusal,
    }
    .deserialize(&mut deserializer)
    .and_then(|value| deserializer.end().map(|()| value));
    match (parsed, refusal.into_inner()) {
        (Ok(value), _) => Ok(value),
        (Err(_), Some((field, detail))) => Err(ApiError::field(
            ErrorCode::InvalidBody,
            &field,
            format!("`{field}`: {detail}"),
        )),
        // Not JSON at all: no field is to blame.
        (Err(e), None) => Err(ApiError::new(
            ErrorCode::InvalidBody,
            format!("The body is not valid JSON: {e}"),
        )),
    }
}

/// Builds a `Value` at `path` (`blocks[2].text`); a refusal is kept in `refusal`
/// with the field it names, since serde's error carries only a message.
struct Strict<'r> {
    path: String,
    refusal: &'r RefCell<Option<(String, String)>>,
}

impl Strict<'_> {
    fn child(&self, path: String) -> Self {
        Strict {
            path,
            refusal: self.refusal,
        }
    }

    fn refuse<E: de::Error>(&self, field: &str, detail: String) -> E {
        let field = if field.is_empty() { "." } else { field };
        *self.refusal.borrow_mut() = Some((field.to_owned(), detail.clone()));
        E::custom(detail)
    }
}

impl<'de> DeserializeSeed<'de> for Strict<'_> {
    type Value = Value;

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Strict<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Value, E> {
        serde_json::Number::from_f64(v)
            .map(Value::Number)
            .ok_or_else(|| E::custom("a number JSON cannot hold"))
    }

    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }

    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(item) =
            seq.next_element_seed(self.child(format!("{}[{}]", self.path, items.len())))?
        {
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut fields = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            let path = if self.path.is_empty() {
                key.clone()
            } else {
                format!("{}.{key}", self.path)
            };
            // A key is a name, not stored text: an unknown one is refused, or ignored
            // where the contract allows any, either way never stored.
            if fields.contains_key(&key) {
                return Err(self.refuse(&path, "is given twice".to_owned()));
            }
            let value = map.next_value_seed(self.child(path))?;
            fields.insert(key, value);
        }
        Ok(Value::Object(fields))
    }
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

    #[derive(Debug, serde::Deserialize, serde::Serialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Sample {
        name: String,
        items: Vec<Item>,
    }

    #[derive(Debug, serde::Deserialize, serde::Serialize)]
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
    fn a_key_given_twice_and_control_characters_are_refused() {
        let err = parse::<Sample>(br#"{"name": "x", "items": [{"n": 1, "n": 2}]}"#).unwrap_err();
        assert_eq!(err.field.as_deref(), Some("items[0].n"));
        assert!(err.detail.contains("given twice"), "{}", err.detail);
        let err = parse::<Sample>(br#"{"name": "x", "name": "y", "items": []}"#).unwrap_err();
        assert_eq!(err.field.as_deref(), Some("name"));
        let err = parse::<Sample>(br#"{"name": "a\u0000b", "items": []}"#).unwrap_err();
        assert_eq!(err.field.as_deref(), Some("name"));
        assert!(err.detail.contains("U+0000"), "{}", err.detail);
        let err =
            parse::<Sample>("{\"name\": \"a\u{ffff}\", \"items\": []}".as_bytes()).unwrap_err();
        assert_eq!(err.field.as_deref(), Some("name"));
        let err = parse::<Vec<String>>(br#"["ok", "tab\tok", "bell\u0007"]"#).unwrap_err();
        assert_eq!(err.field.as_deref(), Some("[2]"));
        assert!(parse::<Sample>(br#"{"name": "tab\t and\nlines", "items": []}"#).is_ok());
        // What the type ignores is not judged; what it reads is.
        #[derive(Debug, serde::Deserialize, serde::Serialize)]
        struct Loose {
            name: String,
        }
        assert!(parse::<Loose>(br#"{"name": "x", "extra": "a\u0001"}"#).is_ok());
        let err = parse::<Loose>(br#"{"name": "a\u0001", "extra": "x"}"#).unwrap_err();
        assert_eq!(err.field.as_deref(), Some("name"));
        let err = parse::<Sample>(br#"{"name": "x", "items": []} trailing"#).unwrap_err();
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
