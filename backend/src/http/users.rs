//! `/api/v1/users`: admins create accounts, list them, change roles and deactivate.

use actix_web::{HttpResponse, get, patch, post, web};
use shared::staff::{NewUser, Role, StaffUser, StaffUserList, UserUpdate};

use super::auth::AuthUser;
use super::body::JsonBody;
use super::error::ApiError;
use super::path::PathId;
use super::query::NoQuery;
use super::{AppState, with_db};
use crate::db::users;
use crate::domain::accounts;
use shared::UserId;

/// Create a staff account
///
/// Admins only. Also creates the author profile that the account's bylines link to.
#[utoipa::path(
    operation_id = "createUser",
    tag = "users",
    security(("bearer" = [])),
    request_body = NewUser,
    responses(
        (status = 201, description = "Created", body = StaffUser,
            headers(("Location" = String, description = "The account's URL"))),
        (status = 400, response = super::BadRequestBody),
        (status = 401, response = super::Unauthorized),
        (status = 403, response = super::Forbidden),
        (status = 409, description = "An account with this email exists", body = shared::Problem,
            content_type = "application/problem+json"),
        (status = 413, response = super::TooLarge),
        (status = 415, response = super::NotJson),
        (status = 503, response = super::Unavailable),
    )
)]
#[post("/users")]
pub async fn create_user(
    _: NoQuery,
    auth: AuthUser,
    state: web::Data<AppState>,
    body: JsonBody<NewUser>,
) -> Result<HttpResponse, ApiError> {
    auth.require(&[Role::Admin])?;
    let new = body.0;
    let staff = with_db(&state, move |conn, desk| -> Result<_, ApiError> {
        let row = accounts::create_user(conn, &new, desk.now())?;
        Ok(accounts::staff_user(conn, desk, &row)?)
    })
    .await?;
    Ok(HttpResponse::Created()
        .insert_header(("Location", format!("/api/v1/users/{}", staff.id)))
        .json(staff))
}

/// List staff accounts
#[utoipa::path(
    operation_id = "listUsers",
    tag = "users",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Every account, oldest first", body = StaffUserList),
        (status = 401, response = super::Unauthorized),
        (status = 403, response = super::Forbidden),
        (status = 503, response = super::Unavailable),
    )
)]
#[get("/users")]
pub async fn list_users(
    _: NoQuery,
    auth: AuthUser,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    auth.require(&[Role::Admin])?;
    let data = with_db(&state, |conn, desk| {
        users::users(conn)?
            .iter()
            .map(|row| accounts::staff_user(conn, desk, row))
            .collect::<anyhow::Result<Vec<_>>>()
    })
    .await?;
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .json(StaffUserList { data }))
}

/// Change a staff account
///
/// Admins only: display name, role, active, and the bio of the account's public author
/// profile. A new role or a deactivation ends every session of the account at once.
#[utoipa::path(
    operation_id = "updateUser",
    tag = "users",
    security(("bearer" = [])),
    params(("id" = shared::UserId, Path, description = "The account's id")),
    request_body = UserUpdate,
    responses(
        (status = 200, description = "The account as changed", body = StaffUser),
        (status = 400, response = super::BadRequestBody),
        (status = 401, response = super::Unauthorized),
        (status = 403, response = super::Forbidden),
        (status = 404, description = "No such account", body = shared::Problem,
            content_type = "application/problem+json"),
        (status = 413, response = super::TooLarge),
        (status = 415, response = super::NotJson),
        (status = 503, response = super::Unavailable),
    )
)]
#[patch("/users/{id}")]
pub async fn update_user(
    _: NoQuery,
    auth: AuthUser,
    state: web::Data<AppState>,
    PathId(id): PathId<UserId>,
    body: JsonBody<UserUpdate>,
) -> Result<HttpResponse, ApiError> {
    auth.require(&[Role::Admin])?;
    let id = id.to_string();
    let update = body.0;
    let staff = with_db(&state, move |conn, desk| -> Result<_, ApiError> {
        let row = accounts::update_user(conn, &id, &update, desk.now())?;
        Ok(accounts::staff_user(conn, desk, &row)?)
    })
    .await?;
    Ok(HttpResponse::Ok().json(staff))
}
