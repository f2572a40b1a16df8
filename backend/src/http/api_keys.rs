//! `/api/v1/api-keys`: admins issue, list and revoke partners' API keys.

use actix_web::http::header;
use actix_web::{HttpResponse, delete, get, post, web};
use shared::ErrorCode;
use shared::staff::{ApiKeyList, CreatedApiKey, NewApiKey, Role};

use super::auth::AuthUser;
use super::body::JsonBody;
use super::error::ApiError;
use super::path::PathId;
use super::query::NoQuery;
use super::{AppState, with_db};
use crate::domain::api_keys::{self, ApiKeyError};
use shared::ApiKeyId;

impl From<ApiKeyError> for ApiError {
    fn from(e: ApiKeyError) -> Self {
        match e {
            ApiKeyError::Invalid { field, message } => {
                ApiError::field(ErrorCode::InvalidBody, field, message)
            }
            ApiKeyError::NotFound => ApiError::not_found("No such API key"),
            ApiKeyError::Storage(e) => ApiError::internal(e),
        }
    }
}

/// Issue an API key
///
/// Admins only. The key is in this response and nowhere else: only its hash is
/// kept. Partners send it as `X-API-Key` for a higher rate limit on the public API.
#[utoipa::path(
    operation_id = "createApiKey",
    tag = "api-keys",
    security(("bearer" = [])),
    request_body = NewApiKey,
    responses(
        (status = 201, description = "Issued", body = CreatedApiKey),
        (status = 400, response = super::BadRequestBody),
        (status = 401, response = super::Unauthorized),
        (status = 403, response = super::Forbidden),
        (status = 413, response = super::TooLarge),
        (status = 415, response = super::NotJson),
        (status = 503, response = super::Unavailable),
    )
)]
#[post("/api-keys")]
pub async fn create_api_key(
    _: NoQuery,
    auth: AuthUser,
    state: web::Data<AppState>,
    body: JsonBody<NewApiKey>,
) -> Result<HttpResponse, ApiError> {
    auth.require(&[Role::Admin])?;
    let new = body.0;
    let admin = auth.user.id.clone();
    let anonymous = state.settings.http.anonymous_requests;
    let created = with_db(&state, move |conn, desk| {
        api_keys::create(conn, desk, &new, anonymous, &admin, desk.now())
    })
    .await?;
    Ok(HttpResponse::Created()
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .json(created))
}

/// List API keys
#[utoipa::path(
    operation_id = "listApiKeys",
    tag = "api-keys",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Every key, oldest first, revoked ones too", body = ApiKeyList),
        (status = 401, response = super::Unauthorized),
        (status = 403, response = super::Forbidden),
        (status = 503, response = super::Unavailable),
    )
)]
#[get("/api-keys")]
pub async fn list_api_keys(
    _: NoQuery,
    auth: AuthUser,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    auth.require(&[Role::Admin])?;
    let data = with_db(&state, api_keys::list).await?;
    Ok(HttpResponse::Ok()
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .json(ApiKeyList { data }))
}

/// Revoke an API key
///
/// The key stops working with the next request it is sent with.
#[utoipa::path(
    operation_id = "revokeApiKey",
    tag = "api-keys",
    security(("bearer" = [])),
    params(("id" = shared::ApiKeyId, Path, description = "The key's id")),
    responses(
        (status = 204, description = "Revoked"),
        (status = 400, response = super::BadRequest),
        (status = 401, response = super::Unauthorized),
        (status = 403, response = super::Forbidden),
        (status = 404, description = "No such key", body = shared::Problem,
            content_type = "application/problem+json"),
        (status = 503, response = super::Unavailable),
    )
)]
#[delete("/api-keys/{id}")]
pub async fn revoke_api_key(
    _: NoQuery,
    auth: AuthUser,
    state: web::Data<AppState>,
    PathId(id): PathId<ApiKeyId>,
) -> Result<HttpResponse, ApiError> {
    auth.require(&[Role::Admin])?;
    let id = id.to_string();
    with_db(&state, move |conn, desk| {
        api_keys::revoke(conn, &id, desk.now())
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}
