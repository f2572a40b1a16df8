//! The one error type of the HTTP layer: a stable code, a status, a detail for the
//! client, and an internal cause that is logged and never sent.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, ResponseError};
use shared::{ErrorCode, Problem};

pub const PROBLEM_JSON: &str = "application/problem+json";

#[derive(Debug)]
pub struct ApiError {
    pub code: ErrorCode,
    pub detail: String,
    pub field: Option<String>,
    /// Seconds for `Retry-After` (429 and 503).
    pub retry_after: Option<u64>,
    /// Methods for `Allow` (405).
    pub allow: Option<String>,
    cause: Option<anyhow::Error>,
}

impl ApiError {
    pub fn new(code: ErrorCode, detail: impl Into<String>) -> Self {
        Self {
            code,
            detail: detail.into(),
            field: None,
            retry_after: None,
            allow: None,
            cause: None,
        }
    }

    /// 401 with `WWW-Authenticate: Bearer`: no usable access token.
    pub fn unauthorized(detail: impl Into<String>) -> Self {
        Self::new(ErrorCode::Unauthorized, detail)
    }

    pub fn forbidden(detail: impl Into<String>) -> Self {
        Self::new(ErrorCode::Forbidden, detail)
    }

    pub fn too_many_requests(retry_after: u64, detail: impl Into<String>) -> Self {
        Self {
            retry_after: Some(retry_after),
            ..Self::new(ErrorCode::TooManyRequests, detail)
        }
    }

    /// A problem with one named parameter or field.
    pub fn field(code: ErrorCode, field: &str, detail: impl Into<String>) -> Self {
        Self {
            field: Some(field.to_owned()),
            ..Self::new(code, detail)
        }
    }

    pub fn invalid(field: &str, detail: impl Into<String>) -> Self {
        Self::field(ErrorCode::InvalidParameter, field, detail)
    }

    /// With `Retry-After: seconds`.
    pub fn retry_after(self, seconds: u64) -> Self {
        Self {
            retry_after: Some(seconds),
            ..self
        }
    }

    pub fn not_found(what: impl Into<String>) -> Self {
        Self::new(ErrorCode::NotFound, what)
    }

    pub fn internal(cause: impl Into<anyhow::Error>) -> Self {
        let cause = cause.into();
        // SQLite still busy after `busy_timeout` (another process held the lock that
        // long): a moment's overload, worth a retry — not a fault.
        if cause
            .chain()
            .any(|e| e.to_string().contains("database is locked"))
        {
            return Self::busy(cause);
        }
        // The link to the database lost (PostgreSQL restarted, a connection ended by its
        // administrator): the pool drops that connection, and the next request gets another.
        if cause.chain().any(|e| {
            use diesel::result::{DatabaseErrorKind, Error};
            matches!(
                e.downcast_ref::<Error>(),
                Some(Error::DatabaseError(
                    DatabaseErrorKind::ClosedConnection | DatabaseErrorKind::UnableToSendCommand,
                    _
                ))
            )
        }) {
            return Self::unavailable(cause);
        }
        Self {
            cause: Some(cause),
            ..Self::new(
                ErrorCode::Internal,
                "The server could not answer this request.",
            )
        }
    }

    /// 503: the database is busy with other writers; try again in a moment.
    pub fn busy(cause: impl Into<anyhow::Error>) -> Self {
        Self {
            cause: Some(cause.into()),
            retry_after: Some(1),
            ..Self::new(
                ErrorCode::ServiceUnavailable,
                "The database is busy with other writes; try again in a moment.",
            )
        }
    }

    pub fn unavailable(cause: impl Into<anyhow::Error>) -> Self {
        Self {
            cause: Some(cause.into()),
            retry_after: Some(5),
            ..Self::new(
                ErrorCode::ServiceUnavailable,
                "The database is not reachable right now; try again shortly.",
            )
        }
    }

    /// 503: the answer took longer than the server allows (`server.request_timeout_ms`).
    pub fn timed_out(limit_ms: u64) -> Self {
        Self {
            retry_after: Some(1),
            ..Self::new(
                ErrorCode::ServiceUnavailable,
                format!("The server could not answer within {limit_ms} ms; try again shortly."),
            )
        }
    }

    pub fn problem(&self) -> Problem {
        Problem {
            kind: self.code.type_uri(),
            title: self.code.title().to_owned(),
            status: self.status_code().as_u16(),
            detail: self.detail.clone(),
            code: self.code,
            field: self.field.clone(),
        }
    }
}

/// Any cause without a problem of its own is an internal error: logged, never sent.
impl From<anyhow::Error> for ApiError {
    fn from(cause: anyhow::Error) -> Self {
        Self::internal(cause)
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.code.as_str(), self.detail)?;
        if let Some(cause) = &self.cause {
            write!(f, " (cause: {cause:#})")?;
        }
        Ok(())
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        match self.code {
            ErrorCode::InvalidParameter
            | ErrorCode::UnknownParameter
            | ErrorCode::DuplicateParameter
            | ErrorCode::ConflictingParameters
            | ErrorCode::InvalidCursor
            | ErrorCode::InvalidQuery
            | ErrorCode::InvalidHeader
            | ErrorCode::InvalidBody => StatusCode::BAD_REQUEST,
            ErrorCode::RequestTimeout => StatusCode::REQUEST_TIMEOUT,
            ErrorCode::Unauthorized | ErrorCode::InvalidCredentials => StatusCode::UNAUTHORIZED,
            ErrorCode::Forbidden => StatusCode::FORBIDDEN,
            ErrorCode::NotFound => StatusCode::NOT_FOUND,
            ErrorCode::Conflict => StatusCode::CONFLICT,
            ErrorCode::Gone => StatusCode::GONE,
            ErrorCode::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            ErrorCode::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ErrorCode::TooManyRequests => StatusCode::TOO_MANY_REQUESTS,
            ErrorCode::PreconditionFailed => StatusCode::PRECONDITION_FAILED,
            ErrorCode::PreconditionRequired => StatusCode::PRECONDITION_REQUIRED,
            ErrorCode::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            ErrorCode::Internal => StatusCode::INTERNAL_SERVER_ERROR,
            ErrorCode::ServiceUnavailable => StatusCode::SERVICE_UNAVAILABLE,
        }
    }

    fn error_response(&self) -> HttpResponse {
        if let Some(cause) = &self.cause {
            tracing::error!(code = self.code.as_str(), "{cause:#}");
        }
        let mut response = HttpResponse::build(self.status_code());
        response.content_type(PROBLEM_JSON);
        if let Some(seconds) = self.retry_after {
            response.insert_header(("Retry-After", seconds.to_string()));
        }
        match self.code {
            ErrorCode::MethodNotAllowed => {
                if let Some(allow) = &self.allow {
                    response.insert_header(("Allow", allow.as_str()));
                }
            }
            ErrorCode::Unauthorized => {
                response.insert_header((
                    "WWW-Authenticate",
                    "Bearer realm=\"global-insight\", error=\"invalid_token\"",
                ));
            }
            _ => {}
        }
        response.json(self.problem())
    }
}
