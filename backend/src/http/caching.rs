//! Public reads done properly: strong ETags per representation, `If-None-Match` and
//! `If-Modified-Since` → 304, `Cache-Control`, and gzip/brotli chosen from `Accept-Encoding`.
//!
//! Compression happens here rather than in a middleware so that each encoding gets
//! its own strong ETag (`"<hash>-br"`), as RFC 9110 requires of strong validators.

use std::io::Write as _;
use std::str::FromStr as _;
use std::sync::OnceLock;
use std::time::{Duration, SystemTime};

use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::web::Bytes;
use actix_web::{HttpRequest, HttpResponse};
use chrono::NaiveDateTime;
use serde::Serialize;

use super::error::ApiError;
use crate::config::HttpSettings;

/// Bodies smaller than this are sent as they are: compression would not pay.
const MIN_COMPRESS_BYTES: usize = 512;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Encoding {
    Brotli,
    Gzip,
    Identity,
}

impl Encoding {
    fn token(self) -> Option<&'static str> {
        match self {
            Self::Brotli => Some("br"),
            Self::Gzip => Some("gzip"),
            Self::Identity => None,
        }
    }
}

/// A cacheable JSON response for a public GET.
#[derive(Debug)]
pub struct Cacheable<'a, T> {
    pub value: &'a T,
    /// When the content last changed (UTC), for `Last-Modified`.
    pub last_modified: Option<NaiveDateTime>,
    /// An RFC 8288 `Link` header value.
    pub link: Option<String>,
}

/// The JSON media types a representation may have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct JsonFlavour {
    pub content_type: &'static str,
    /// Whether the representation was chosen by `Accept` (then caches must vary on it).
    pub negotiated: bool,
}

impl JsonFlavour {
    pub const PLAIN: Self = Self {
        content_type: "application/json",
        negotiated: false,
    };
}

impl<T: Serialize> Cacheable<'_, T> {
    pub fn respond(self, req: &HttpRequest, http: &HttpSettings) -> Result<HttpResponse, ApiError> {
        self.respond_as(req, http, JsonFlavour::PLAIN)
    }

    /// As `respond`, with another JSON media type.
    pub fn respond_as(
        self,
        req: &HttpRequest,
        http: &HttpSettings,
        flavour: JsonFlavour,
    ) -> Result<HttpResponse, ApiError> {
        self.send_json(req, flavour, public_cache_control(http))
    }

    /// As `respond`, but every use must be revalidated (`Cache-Control: no-cache`): for
    /// what changes from one second to the next, where a poll with `If-None-Match`
    /// costs a 304.
    pub fn respond_revalidated(self, req: &HttpRequest) -> Result<HttpResponse, ApiError> {
        self.send_json(req, JsonFlavour::PLAIN, "no-cache".to_owned())
    }

    fn send_json(
        self,
        req: &HttpRequest,
        flavour: JsonFlavour,
        cache_control: String,
    ) -> Result<HttpResponse, ApiError> {
        self.representation(flavour, cache_control)?.send(req)
    }

    /// The answer to send (again): the body serialised and hashed once; what differs
    /// per request (304 or 200, the encoding) is decided by `Representation::send`.
    pub fn representation(
        self,
        flavour: JsonFlavour,
        cache_control: String,
    ) -> Result<Representation, ApiError> {
        let body = serde_json::to_vec(self.value).map_err(ApiError::internal)?;
        let vary = if flavour.negotiated {
            "Accept, Accept-Encoding"
        } else {
            "Accept-Encoding"
        };
        Ok(
            Representation::new(body, flavour.content_type, vary, cache_control)
                .last_modified(self.last_modified)
                .link(self.link),
        )
    }
}

/// `Cache-Control` of public reads.
pub fn public_cache_control(http: &HttpSettings) -> String {
    format!(
        "public, max-age={}, stale-while-revalidate={}",
        http.cache_max_age, http.stale_while_revalidate
    )
}

/// A JSON answer ready to be sent any number of times: its compressed forms are made
/// on first use and kept.
#[derive(Debug)]
pub struct Representation {
    /// 200, or what else the answer is (a reader's page that is not there: 404).
    status: StatusCode,
    body: Bytes,
    hash: String,
    content_type: &'static str,
    vary: &'static str,
    cache_control: String,
    last_modified: Option<NaiveDateTime>,
    link: Option<String>,
    gzip: OnceLock<Bytes>,
    brotli: OnceLock<Bytes>,
}

impl Representation {
    /// `body` as `content_type`, hashed for its ETag.
    pub fn new(
        body: Vec<u8>,
        content_type: &'static str,
        vary: &'static str,
        cache_control: String,
    ) -> Self {
        Self {
            status: StatusCode::OK,
            hash: content_hash(&body),
            body: body.into(),
            content_type,
            vary,
            cache_control,
            last_modified: None,
            link: None,
            gzip: OnceLock::new(),
            brotli: OnceLock::new(),
        }
    }

    pub fn last_modified(self, last_modified: Option<NaiveDateTime>) -> Self {
        Self {
            last_modified,
            ..self
        }
    }

    pub fn link(self, link: Option<String>) -> Self {
        Self { link, ..self }
    }

    pub fn status(self, status: StatusCode) -> Self {
        Self { status, ..self }
    }

    /// A success: worth keeping and validating (an error page is neither).
    pub fn is_success(&self) -> bool {
        self.status.is_success()
    }

    pub fn send(&self, req: &HttpRequest) -> Result<HttpResponse, ApiError> {
        if !self.is_success() {
            let encoding = negotiate(req.headers().get(header::ACCEPT_ENCODING));
            let mut response = HttpResponse::build(self.status);
            response
                .insert_header((header::CACHE_CONTROL, "no-cache"))
                .insert_header((header::VARY, self.vary))
                .insert_header((header::CONTENT_TYPE, self.content_type));
            if let Some(token) = encoding.token() {
                response.insert_header((header::CONTENT_ENCODING, token));
            }
            return Ok(response.body(self.encoded(encoding)?));
        }
        Validated {
            hash: &self.hash,
            len: self.body.len(),
            content_type: self.content_type,
            vary: self.vary,
            cache_control: self.cache_control.clone(),
            last_modified: self.last_modified,
            link: self.link.clone(),
        }
        .send(req, |encoding| self.encoded(encoding))
    }

    /// Bytes held: the body, and as much again allowed for its compressed forms.
    pub fn weight(&self) -> usize {
        2 * self.body.len() + self.hash.len() + self.link.as_ref().map_or(0, String::len) + 256
    }

    fn encoded(&self, encoding: Encoding) -> Result<Bytes, ApiError> {
        let kept = match encoding {
            Encoding::Identity => return Ok(self.body.clone()),
            Encoding::Gzip => &self.gzip,
            Encoding::Brotli => &self.brotli,
        };
        if let Some(bytes) = kept.get() {
            return Ok(bytes.clone());
        }
        let bytes = Bytes::from(compress(encoding, &self.body)?);
        Ok(kept.get_or_init(|| bytes).clone())
    }
}

/// A 200 with validators, or the 304 when the client's copy is current: the same
/// rules for JSON and for the web app's files.
#[derive(Debug)]
pub struct Validated<'a> {
    /// The content hash (`content_hash`) of the uncompressed body.
    pub hash: &'a str,
    /// Length of the uncompressed body: small ones are not compressed.
    pub len: usize,
    pub content_type: &'a str,
    /// The `Vary` header: `Accept-Encoding`, and `Accept` where that chose the representation.
    pub vary: &'static str,
    pub cache_control: String,
    pub last_modified: Option<NaiveDateTime>,
    pub link: Option<String>,
}

impl Validated<'_> {
    /// `encode` gives the body in the negotiated encoding; it is not called for a 304.
    pub fn send<B: actix_web::body::MessageBody + 'static>(
        self,
        req: &HttpRequest,
        encode: impl FnOnce(Encoding) -> Result<B, ApiError>,
    ) -> Result<HttpResponse, ApiError> {
        let encoding = if self.len < MIN_COMPRESS_BYTES {
            Encoding::Identity
        } else {
            negotiate(req.headers().get(header::ACCEPT_ENCODING))
        };
        let hash = self.hash;
        let etag = match encoding.token() {
            Some(token) => format!("\"{hash}-{token}\""),
            None => format!("\"{hash}\""),
        };
        let last_modified = self.last_modified.map(http_date);

        let unchanged = not_modified(req, hash, last_modified);
        let mut response = if unchanged {
            HttpResponse::NotModified()
        } else {
            HttpResponse::Ok()
        };
        response
            .insert_header((header::ETAG, etag))
            .insert_header((header::CACHE_CONTROL, self.cache_control))
            .insert_header((header::VARY, self.vary));
        if let Some(time) = last_modified {
            response.insert_header((header::LAST_MODIFIED, header::HttpDate::from(time)));
        }
        if let Some(link) = self.link {
            response.insert_header((header::LINK, link));
        }
        if unchanged {
            return Ok(response.finish());
        }
        response.insert_header((header::CONTENT_TYPE, self.content_type));
        if let Some(token) = encoding.token() {
            response.insert_header((header::CONTENT_ENCODING, token));
        }
        let body = encode(encoding)?;
        Ok(response.body(body))
    }
}

/// `body` in `encoding`.
pub fn compress(encoding: Encoding, body: &[u8]) -> Result<Vec<u8>, ApiError> {
    Ok(match encoding {
        Encoding::Identity => body.to_vec(),
        Encoding::Gzip => {
            let mut encoder =
                flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
            encoder.write_all(body).map_err(ApiError::internal)?;
            encoder.finish().map_err(ApiError::internal)?
        }
        Encoding::Brotli => {
            let mut out = Vec::with_capacity(body.len() / 3);
            {
                let mut encoder = brotli::CompressorWriter::new(&mut out, 4096, 5, 22);
                encoder.write_all(body).map_err(ApiError::internal)?;
            }
            out
        }
    })
}

/// The first 128 bits of the body's SHA-256, hex: a strong validator.
pub fn content_hash(body: &[u8]) -> String {
    let mut hash = crate::digest::sha256_hex(body);
    hash.truncate(32);
    hash
}

fn http_date(utc: NaiveDateTime) -> SystemTime {
    let secs = u64::try_from(utc.and_utc().timestamp()).unwrap_or_default();
    SystemTime::UNIX_EPOCH + Duration::from_secs(secs)
}

/// RFC 9110 §13.1: `If-None-Match` (weak comparison, any representation of this
/// content) decides when present; otherwise `If-Modified-Since`.
pub(super) fn not_modified(
    req: &HttpRequest,
    hash: &str,
    last_modified: Option<SystemTime>,
) -> bool {
    if let Some(value) = req.headers().get(header::IF_NONE_MATCH) {
        let Ok(value) = value.to_str() else {
            return false;
        };
        return value.split(',').map(str::trim).any(|tag| {
            if tag == "*" {
                return true;
            }
            let tag = tag.strip_prefix("W/").unwrap_or(tag).trim_matches('"');
            let tag = tag
                .strip_suffix("-br")
                .or_else(|| tag.strip_suffix("-gzip"))
                .unwrap_or(tag);
            tag == hash
        });
    }
    let (Some(last_modified), Some(since)) =
        (last_modified, req.headers().get(header::IF_MODIFIED_SINCE))
    else {
        return false;
    };
    let Some(since) = since
        .to_str()
        .ok()
        .and_then(|s| header::HttpDate::from_str(s).ok())
    else {
        return false;
    };
    last_modified <= SystemTime::from(since)
}

/// The best encoding the client accepts: brotli, then gzip, else none.
fn negotiate(accept: Option<&HeaderValue>) -> Encoding {
    let Some(accept) = accept.and_then(|v| v.to_str().ok()) else {
        return Encoding::Identity;
    };
    let quality = |name: &str| -> Option<f32> {
        accept.split(',').find_map(|item| {
            let mut parts = item.split(';').map(str::trim);
            let coding = parts.next()?;
            if !coding.eq_ignore_ascii_case(name) && coding != "*" {
                return None;
            }
            let q = parts
                .find_map(|p| p.strip_prefix("q="))
                .and_then(|q| q.parse::<f32>().ok())
                .unwrap_or(1.0);
            Some(q)
        })
    };
    let br = quality("br").unwrap_or(0.0);
    let gzip = quality("gzip").unwrap_or(0.0);
    if br > 0.0 && br >= gzip {
        Encoding::Brotli
    } else if gzip > 0.0 {
        Encoding::Gzip
    } else {
        Encoding::Identity
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn negotiated(value: &str) -> Encoding {
        negotiate(Some(&HeaderValue::from_str(value).expect("header")))
    }

    #[test]
    fn negotiation_honours_q_values() {
        assert_eq!(negotiated("gzip, deflate, br"), Encoding::Brotli);
        assert_eq!(negotiated("gzip"), Encoding::Gzip);
        assert_eq!(negotiated("br;q=0, gzip;q=0.5"), Encoding::Gzip);
        assert_eq!(negotiated("identity"), Encoding::Identity);
        assert_eq!(negotiated("*"), Encoding::Brotli);
        assert_eq!(negotiate(None), Encoding::Identity);
    }
}
