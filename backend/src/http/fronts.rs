//! `GET /api/v1/fronts/{name}` (public) and `/api/v1/newsroom/fronts/{name}` (staff):
//! the home page and the sections' pages as the editors arrange them.

use actix_web::{HttpRequest, HttpResponse, get, put, web};
use shared::ErrorCode;
use shared::fronts::{Front, FrontInput, StaffFront};
use shared::query::GetFrontQuery;

use super::auth::AuthUser;
use super::body::JsonBody;
use super::error::ApiError;
use super::newsroom::{actor, expected_version, with_version};
use super::query::{NoQuery, Query};
use super::response_cache::respond_json;
use super::{AppState, with_db};
use crate::db::DbConnection;
use crate::domain::Desk;
use crate::domain::fronts::{self as domain, FrontError};

impl From<FrontError> for ApiError {
    fn from(e: FrontError) -> Self {
        match e {
            e @ FrontError::NoSuchFront(_) => ApiError::not_found(format!("{}", e)),
            FrontError::Invalid { field, message } => {
                ApiError::field(ErrorCode::InvalidBody, &field, message)
            }
            FrontError::Missing { field, message } => {
                ApiError::field(ErrorCode::Conflict, &field, message)
            }
            e @ FrontError::Forbidden => ApiError::forbidden(e.to_string()),
            e @ FrontError::Stale { .. } => ApiError::new(
                ErrorCode::PreconditionFailed,
                format!("{e}. Reload it, then arrange it again."),
            ),
            FrontError::Storage(e) => ApiError::internal(e),
        }
    }
}

/// Get a front
///
/// The home page (`home`) or a section's page (the section's slug) as the editors
/// arranged it: `picks`, the stories they placed, in their order with the lead first
/// (only those public now, and not past the time a slot was pinned until), then
/// `latest`, the newest stories not among them. A front nobody arranged has no picks:
/// the newest story leads. A change of arrangement shows at once.
#[utoipa::path(
    operation_id = "getFront",
    tag = "fronts",
    params(
        ("name" = String, Path, description = "`home`, or a section's slug", example = "home"),
        GetFrontQuery,
    ),
    responses(
        (status = 200, description = "The front", body = Front,
            headers(
                ("ETag" = String, description = "Strong validator of this representation"),
                ("Cache-Control" = String, description = "`public, max-age=…, stale-while-revalidate=…`"),
            )),
        (status = 304, response = super::NotModified),
        (status = 400, response = super::BadRequest),
        (status = 404, description = "No front has this name", body = shared::Problem,
            content_type = "application/problem+json",
            example = json!({"type": "/problems/not_found", "title": "Not found", "status": 404,
                "detail": "no front is named `olahraga`: fronts are `home` and the sections' slugs", "code": "not_found"})),
        (status = 429, response = super::RateLimited),
        (status = 503, response = super::Unavailable),
    )
)]
#[get("/fronts/{name}")]
pub async fn get_front(
    req: HttpRequest,
    query: Query<GetFrontQuery>,
    name: web::Path<String>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let name = name.into_inner();
    let key = format!("front {name}?{}", req.query_string());
    respond_json(&state, &req, key, move |conn, desk| {
        front(conn, desk, &name, &query)
    })
    .await
}

/// The front as `getFront` answers it. (The reader's pages the server renders read it
/// here too.)
pub(super) fn front(
    conn: &mut DbConnection,
    desk: Desk,
    name: &str,
    query: &GetFrontQuery,
) -> Result<Front, ApiError> {
    let latest = query.latest.unwrap_or_default().get();
    Ok(domain::public(conn, desk, name, latest)?)
}

fn staff_response(front: &StaffFront) -> HttpResponse {
    with_version(HttpResponse::Ok(), front.version, front)
}

/// Get a front to arrange
///
/// Any staff member. Every slot with its article in whatever state, its time, and
/// whether readers see it now (`shown`), not yet or no longer (`not_public`: a draft,
/// a scheduled or unpublished story keeps its slot), or its time passed (`expired`).
#[utoipa::path(
    operation_id = "getNewsroomFront",
    tag = "newsroom",
    security(("bearer" = [])),
    params(("name" = String, Path, description = "`home`, or a section's slug", example = "home")),
    responses(
        (status = 200, description = "The front", body = StaffFront,
            headers(("ETag" = String, description = "`\"v<version>\"` (`\"v0\"` before the first arrangement), for `If-Match`"))),
        (status = 400, response = super::BadRequest),
        (status = 401, response = super::Unauthorized),
        (status = 404, description = "No front has this name", body = shared::Problem,
            content_type = "application/problem+json"),
        (status = 503, response = super::Unavailable),
    )
)]
#[get("/newsroom/fronts/{name}")]
pub async fn get_newsroom_front(
    _: NoQuery,
    _auth: AuthUser,
    name: web::Path<String>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let name = name.into_inner();
    let front = with_db(&state, move |conn, desk| domain::staff(conn, desk, &name)).await?;
    Ok(staff_response(&front))
}

/// Arrange a front
///
/// Editors and admins. The whole arrangement, in order, the lead first: at most 20
/// slots, each article once; a slot may end at a time (`pinned_until`). Send
/// `If-Match` with the ETag of the front you arranged (`"v0"` for one never arranged):
/// 412 if someone arranged it since. Readers see the new arrangement at once.
#[utoipa::path(
    operation_id = "arrangeFront",
    tag = "newsroom",
    security(("bearer" = [])),
    params(
        ("name" = String, Path, description = "`home`, or a section's slug", example = "home"),
        ("If-Match" = String, Header, description = "`\"v<version>\"` of the front arranged, or `*`"),
    ),
    request_body = FrontInput,
    responses(
        (status = 200, description = "The front as arranged", body = StaffFront,
            headers(("ETag" = String, description = "`\"v<version>\"`: send it as `If-Match` with the next arrangement"))),
        (status = 400, response = super::BadRequestBody),
        (status = 401, response = super::Unauthorized),
        (status = 403, response = super::Forbidden),
        (status = 404, description = "No front has this name", body = shared::Problem,
            content_type = "application/problem+json"),
        (status = 409, description = "A slot names an article that is not there (deleted, or never was); `field` names the slot",
            body = shared::Problem, content_type = "application/problem+json"),
        (status = 412, response = super::Stale),
        (status = 413, response = super::TooLarge),
        (status = 415, response = super::NotJson),
        (status = 428, response = super::IfMatchRequired),
        (status = 503, response = super::Unavailable),
    )
)]
#[put("/newsroom/fronts/{name}")]
pub async fn arrange_front(
    req: HttpRequest,
    _: NoQuery,
    auth: AuthUser,
    name: web::Path<String>,
    state: web::Data<AppState>,
    body: JsonBody<FrontInput>,
) -> Result<HttpResponse, ApiError> {
    let expected = expected_version(&req)?;
    let actor = actor(&auth);
    let name = name.into_inner();
    let input = body.0;
    let front = with_db(&state, move |conn, desk| {
        domain::arrange(conn, desk, &actor, &name, expected, &input)
    })
    .await?;
    Ok(staff_response(&front))
}
