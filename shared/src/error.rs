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
    /// A pagination cursor that this server did not issue or that no longer fits the query.
    InvalidCursor,
    /// No such resource (or not public).
    NotFound,
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
            Self::InvalidCursor => "invalid_cursor",
            Self::NotFound => "not_found",
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
            Self::InvalidCursor => "Invalid pagination cursor",
            Self::NotFound => "Not found",
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
