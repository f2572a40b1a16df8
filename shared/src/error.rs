//! RFC 9457 problem details with a stable, machine-readable code.

use serde::{Deserialize, Serialize};

/// Stable error codes. Clients branch on these, never on `title` or `detail`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// A query or path parameter has a value that cannot be used.
    InvalidParameter,
    /// A query parameter this operation does not know.
    UnknownParameter,
    /// A query parameter given more than once.
    DuplicateParameter,
    /// Two parameters that cannot be used together (e.g. `page` and `cursor`).
    ConflictingParameters,
    /// A search query that cannot be run: unbalanced quotes or parentheses, an operator
    /// with nothing to work on, only stop words.
    InvalidQuery,
    /// A pagination cursor that this server did not issue or that no longer fits the query.
    InvalidCursor,
    /// A request body that is not valid JSON of the expected shape, or a field with a bad value.
    InvalidBody,
    /// No valid access token: missing, malformed, expired, revoked or of the wrong kind.
    Unauthorized,
    /// Email and password do not match an active account.
    InvalidCredentials,
    /// The account may not do this.
    Forbidden,
    /// No such resource (or not public).
    NotFound,
    /// The request conflicts with what exists (e.g. an email already in use).
    Conflict,
    /// It was here and is no more (a preview link revoked or expired).
    Gone,
    /// The request body is larger than this operation accepts.
    PayloadTooLarge,
    /// The request body is not `application/json`.
    UnsupportedMediaType,
    /// A request header has a value that cannot be used (`field` names the header).
    InvalidHeader,
    /// The request body did not arrive in time.
    RequestTimeout,
    /// Too many attempts; `Retry-After` says when to try again.
    TooManyRequests,
    /// `If-Match` names a version that is no longer current: someone changed it since.
    PreconditionFailed,
    /// A change needs `If-Match` with the current `ETag`.
    PreconditionRequired,
    /// The route exists but not for this HTTP method.
    MethodNotAllowed,
    /// The server could not answer; the cause is logged, never sent.
    Internal,
    /// The database is unreachable or overloaded.
    ServiceUnavailable,
}

impl ErrorCode {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::InvalidParameter => "invalid_parameter",
            Self::UnknownParameter => "unknown_parameter",
            Self::DuplicateParameter => "duplicate_parameter",
            Self::ConflictingParameters => "conflicting_parameters",
            Self::InvalidQuery => "invalid_query",
            Self::InvalidCursor => "invalid_cursor",
            Self::InvalidBody => "invalid_body",
            Self::Unauthorized => "unauthorized",
            Self::InvalidCredentials => "invalid_credentials",
            Self::Forbidden => "forbidden",
            Self::NotFound => "not_found",
            Self::Conflict => "conflict",
            Self::Gone => "gone",
            Self::PayloadTooLarge => "payload_too_large",
            Self::UnsupportedMediaType => "unsupported_media_type",
            Self::InvalidHeader => "invalid_header",
            Self::RequestTimeout => "request_timeout",
            Self::TooManyRequests => "too_many_requests",
            Self::PreconditionFailed => "precondition_failed",
            Self::PreconditionRequired => "precondition_required",
            Self::MethodNotAllowed => "method_not_allowed",
            Self::Internal => "internal",
            Self::ServiceUnavailable => "service_unavailable",
        }
    }

    /// A short, human-readable summary that does not change between occurrences.
    pub fn title(self) -> &'static str {
        match self {
            Self::InvalidParameter => "A parameter has an invalid value",
            Self::UnknownParameter => "Unknown query parameter",
            Self::DuplicateParameter => "A query parameter was given more than once",
            Self::ConflictingParameters => "Parameters that cannot be combined",
            Self::InvalidQuery => "The search query cannot be run",
            Self::InvalidCursor => "Invalid pagination cursor",
            Self::InvalidBody => "The request body is invalid",
            Self::Unauthorized => "Authentication required",
            Self::InvalidCredentials => "Invalid email or password",
            Self::Forbidden => "Not allowed",
            Self::NotFound => "Not found",
            Self::Conflict => "Conflict",
            Self::Gone => "Gone",
            Self::PayloadTooLarge => "Request body too large",
            Self::UnsupportedMediaType => "Unsupported media type",
            Self::InvalidHeader => "A request header has an invalid value",
            Self::RequestTimeout => "The request body took too long",
            Self::TooManyRequests => "Too many requests",
            Self::PreconditionFailed => "Changed by someone else",
            Self::PreconditionRequired => "If-Match required",
            Self::MethodNotAllowed => "Method not allowed",
            Self::Internal => "Internal server error",
            Self::ServiceUnavailable => "Service unavailable",
        }
    }

    /// The problem `type` URI: a relative reference, resolved against the API's origin.
    pub fn type_uri(self) -> String {
        format!("/problems/{}", self.as_str())
    }
}

/// An RFC 9457 problem document (`application/problem+json`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "type": "/problems/invalid_parameter",
    "title": "A parameter has an invalid value",
    "status": 400,
    "detail": "per_page must be an integer from 1 to 100",
    "code": "invalid_parameter",
    "field": "per_page"
})))]
pub struct Problem {
    #[serde(rename = "type")]
    pub kind: String,
    pub title: String,
    pub status: u16,
    pub detail: String,
    pub code: ErrorCode,
    /// The offending parameter or field, when one is to blame.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}
