//! `/api/v1/newsroom/articles`: staff create, edit, publish, schedule and unpublish
//! articles. Every change names the version it was made on (`If-Match`), so no
//! edit silently overwrites another.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, delete, get, post, put, web};
use shared::Article;
use shared::ErrorCode;
use shared::newsroom::{
    ArticleInput, NewCorrection, RevisionDetail, RevisionDiff, RevisionList, ScheduleRequest,
    StaffArticleList,
};

use super::auth::AuthUser;
use super::body::JsonBody;
use super::error::ApiError;
use super::path::{PathId, PathVersion};
use super::query::NoQuery;
use super::query::Query;
use super::{AppState, with_db};
use crate::domain::newsroom::{self, Actor, Expected, NewsroomError};
use shared::ArticleId;
use shared::query::{DiffRevisionsQuery, ListNewsroomArticlesQuery};

pub(super) fn actor(auth: &AuthUser) -> Actor {
    Actor {
        user_id: auth.user.id.clone(),
        role: auth.role,
        author_id: auth.user.author_id.clone(),
    }
}

impl From<NewsroomError> for ApiError {
    fn from(e: NewsroomError) -> Self {
        match e {
            NewsroomError::Invalid { field, message } => {
                ApiError::field(ErrorCode::InvalidBody, &field, message)
            }
            NewsroomError::NotFound => ApiError::not_found("No such article"),
            NewsroomError::Forbidden(message) => ApiError::forbidden(message),
            e @ (NewsroomError::Stale { .. } | NewsroomError::StaleEntry { .. }) => ApiError::new(
                ErrorCode::PreconditionFailed,
                format!("{e}. Reload it, then apply your changes again."),
            ),
            NewsroomError::Conflict(message) => ApiError::new(ErrorCode::Conflict, message),
            NewsroomError::Missing(message) => ApiError::not_found(message),
            NewsroomError::Gone(message) => ApiError::new(ErrorCode::Gone, message),
            NewsroomError::Storage(e) => ApiError::internal(e),
        }
    }
}

/// The version an `If-Match: "v3"` names, `None` for `If-Match: *` (any version: the
/// article exists); 428 without one.
pub(super) fn expected_version(req: &HttpRequest) -> Result<Expected, ApiError> {
    let value = req.headers().get(header::IF_MATCH).ok_or_else(|| {
        ApiError::new(
            ErrorCode::PreconditionRequired,
            "Send `If-Match` with the ETag of the version you edited",
        )
    })?;
    let value = value.to_str().ok().map(str::trim);
    if value == Some("*") {
        return Ok(None);
    }
    value
        .and_then(|v| v.strip_prefix("\"v"))
        .and_then(|v| v.strip_suffix('"'))
        .and_then(|v| v.parse::<i64>().ok())
        .map(Some)
        .ok_or_else(|| {
            ApiError::new(
                ErrorCode::PreconditionFailed,
                "`If-Match` does not match the article's current ETag",
            )
        })
}

fn staff_response(response: actix_web::HttpResponseBuilder, article: &Article) -> HttpResponse {
    with_version(response, article.version, article)
}

/// A staff answer about something changed on versions (an article, a front): its
/// `ETag: "v<version>"` for the next `If-Match`, never cached for others.
pub(super) fn with_version(
    mut response: actix_web::HttpResponseBuilder,
    version: i64,
    body: &impl serde::Serialize,
) -> HttpResponse {
    response.insert_header((header::ETAG, format!("\"v{version}\"")));
    staff_answer(response, body)
}

/// Staff's view: never kept by a shared cache, revalidated by the browser.
pub(super) fn staff_answer(
    mut response: actix_web::HttpResponseBuilder,
    body: &impl serde::Serialize,
) -> HttpResponse {
    response
        .insert_header((header::CACHE_CONTROL, "private, no-cache"))
        .json(body)
}

/// Create a draft
///
/// Any staff member. The draft belongs to its creator; an author's own profile is
/// always in its byline.
#[utoipa::path(
    operation_id = "createArticle",
    tag = "newsroom",
    security(("bearer" = [])),
    request_body = ArticleInput,
    responses(
        (status = 201, description = "The draft", body = Article,
            headers(("ETag" = String, description = "`\"v1\"`: send it as `If-Match` with the next change"),
                    ("Location" = String, description = "The draft's URL"))),
        (status = 400, response = super::BadRequestBody),
        (status = 401, response = super::Unauthorized),
        (status = 413, response = super::TooLarge),
        (status = 415, response = super::NotJson),
        (status = 503, response = super::Unavailable),
    )
)]
#[post("/newsroom/articles")]
pub async fn create_article(
    _: NoQuery,
    auth: AuthUser,
    state: web::Data<AppState>,
    body: JsonBody<ArticleInput>,
) -> Result<HttpResponse, ApiError> {
    let actor = actor(&auth);
    let input = body.0;
    let article = with_db(&state, move |conn, desk| {
        newsroom::create(conn, desk, &actor, &input)
    })
    .await?;
    let mut response = HttpResponse::Created();
    response.insert_header((
        header::LOCATION,
        format!("/api/v1/newsroom/articles/{}", article.id),
    ));
    Ok(staff_response(response, &article))
}

/// List articles in any state
///
/// Editors and admins see every article, authors their own; newest change first.
#[utoipa::path(
    operation_id = "listNewsroomArticles",
    tag = "newsroom",
    security(("bearer" = [])),
    params(
        ListNewsroomArticlesQuery,
    ),
    responses(
        (status = 200, description = "A page of articles", body = StaffArticleList),
        (status = 400, response = super::BadRequest),
        (status = 401, response = super::Unauthorized),
        (status = 503, response = super::Unavailable),
    )
)]
#[get("/newsroom/articles")]
pub async fn list_articles(
    query: Query<ListNewsroomArticlesQuery>,
    auth: AuthUser,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let status = query.status;
    let (page, per_page) = (
        query.page.unwrap_or_default(),
        query.per_page.unwrap_or_default(),
    );
    let actor = actor(&auth);
    let data = with_db(&state, move |conn, desk| {
        newsroom::list(
            conn,
            desk,
            &actor,
            status,
            i64::from(per_page.get()),
            per_page.offset(page) as i64,
        )
    })
    .await?;
    Ok(staff_answer(HttpResponse::Ok(), &StaffArticleList { data }))
}

/// Get an article in any state
#[utoipa::path(
    operation_id = "getNewsroomArticle",
    tag = "newsroom",
    security(("bearer" = [])),
    params(("id" = shared::ArticleId, Path, description = "The article's id")),
    responses(
        (status = 200, description = "The article", body = Article,
            headers(("ETag" = String, description = "`\"v<version>\"`, for `If-Match`"))),
        (status = 400, response = super::BadRequest),
        (status = 401, response = super::Unauthorized),
        (status = 404, description = "No such article, or not yours", body = shared::Problem,
            content_type = "application/problem+json"),
        (status = 503, response = super::Unavailable),
    )
)]
#[get("/newsroom/articles/{id}")]
pub async fn get_article(
    _: NoQuery,
    auth: AuthUser,
    state: web::Data<AppState>,
    PathId(id): PathId<ArticleId>,
) -> Result<HttpResponse, ApiError> {
    let actor = actor(&auth);
    let article = with_db(&state, move |conn, desk| {
        newsroom::get(conn, desk, &actor, id)
    })
    .await?;
    Ok(staff_response(HttpResponse::Ok(), &article))
}

/// Replace an article's content
///
/// Needs `If-Match` with the ETag of the version edited: a stale one gets 412 and
/// nothing is written; none gets 428. Authors may change their own drafts only.
#[utoipa::path(
    operation_id = "updateArticle",
    tag = "newsroom",
    security(("bearer" = [])),
    params(
        ("id" = shared::ArticleId, Path, description = "The article's id"),
        ("If-Match" = String, Header, description = "The ETag of the version edited, e.g. `\"v3\"`"),
    ),
    request_body = ArticleInput,
    responses(
        (status = 200, description = "The article as changed", body = Article,
            headers(("ETag" = String, description = "The new version's ETag"))),
        (status = 400, response = super::BadRequestBody),
        (status = 401, response = super::Unauthorized),
        (status = 403, response = super::Forbidden),
        (status = 404, description = "No such article, or not yours", body = shared::Problem,
            content_type = "application/problem+json"),
        (status = 412, response = super::Stale),
        (status = 413, response = super::TooLarge),
        (status = 415, response = super::NotJson),
        (status = 428, response = super::IfMatchRequired),
        (status = 503, response = super::Unavailable),
    )
)]
#[put("/newsroom/articles/{id}")]
pub async fn update_article(
    _: NoQuery,
    req: HttpRequest,
    auth: AuthUser,
    state: web::Data<AppState>,
    PathId(id): PathId<ArticleId>,
    body: JsonBody<ArticleInput>,
) -> Result<HttpResponse, ApiError> {
    let expected = expected_version(&req)?;
    let actor = actor(&auth);
    let input = body.0;
    let article = with_db(&state, move |conn, desk| {
        newsroom::update(conn, desk, &actor, id, expected, &input)
    })
    .await?;
    Ok(staff_response(HttpResponse::Ok(), &article))
}

/// Publish now
///
/// Editors and admins. The article is public from this moment; its slug is fixed.
#[utoipa::path(
    operation_id = "publishArticle",
    tag = "newsroom",
    security(("bearer" = [])),
    params(
        ("id" = shared::ArticleId, Path, description = "The article's id"),
        ("If-Match" = String, Header, description = "The ETag of the version seen"),
    ),
    responses(
        (status = 200, description = "Published", body = Article),
        (status = 400, response = super::BadRequest),
        (status = 401, response = super::Unauthorized),
        (status = 403, response = super::Forbidden),
        (status = 404, description = "No such article", body = shared::Problem,
            content_type = "application/problem+json"),
        (status = 409, description = "Already published", body = shared::Problem,
            content_type = "application/problem+json"),
        (status = 412, response = super::Stale),
        (status = 428, response = super::IfMatchRequired),
        (status = 503, response = super::Unavailable),
    )
)]
#[post("/newsroom/articles/{id}/publish")]
pub async fn publish_article(
    _: NoQuery,
    req: HttpRequest,
    auth: AuthUser,
    state: web::Data<AppState>,
    PathId(id): PathId<ArticleId>,
) -> Result<HttpResponse, ApiError> {
    versioned(&req, &auth, &state, id, newsroom::publish).await
}

/// Schedule publication
///
/// Editors and admins. The article becomes public at `published_at` — not a second
/// earlier — with no job or restart needed (an embargo). At most 366 days ahead.
#[utoipa::path(
    operation_id = "scheduleArticle",
    tag = "newsroom",
    security(("bearer" = [])),
    params(
        ("id" = shared::ArticleId, Path, description = "The article's id"),
        ("If-Match" = String, Header, description = "The ETag of the version seen"),
    ),
    request_body = ScheduleRequest,
    responses(
        (status = 200, description = "Scheduled", body = Article),
        (status = 400, response = super::BadRequestBody),
        (status = 401, response = super::Unauthorized),
        (status = 403, response = super::Forbidden),
        (status = 404, description = "No such article", body = shared::Problem,
            content_type = "application/problem+json"),
        (status = 409, description = "The article is public; unpublish it first",
            body = shared::Problem, content_type = "application/problem+json"),
        (status = 412, response = super::Stale),
        (status = 413, response = super::TooLarge),
        (status = 415, response = super::NotJson),
        (status = 428, response = super::IfMatchRequired),
        (status = 503, response = super::Unavailable),
    )
)]
#[post("/newsroom/articles/{id}/schedule")]
pub async fn schedule_article(
    _: NoQuery,
    req: HttpRequest,
    auth: AuthUser,
    state: web::Data<AppState>,
    PathId(id): PathId<ArticleId>,
    body: JsonBody<ScheduleRequest>,
) -> Result<HttpResponse, ApiError> {
    let expected = expected_version(&req)?;
    let actor = actor(&auth);
    let at = body.0.published_at.naive_utc();
    let article = with_db(&state, move |conn, desk| {
        newsroom::schedule(conn, desk, &actor, id, expected, at)
    })
    .await?;
    Ok(staff_response(HttpResponse::Ok(), &article))
}

/// Unpublish
///
/// Editors and admins. The article leaves the public API at once.
#[utoipa::path(
    operation_id = "unpublishArticle",
    tag = "newsroom",
    security(("bearer" = [])),
    params(
        ("id" = shared::ArticleId, Path, description = "The article's id"),
        ("If-Match" = String, Header, description = "The ETag of the version seen"),
    ),
    responses(
        (status = 200, description = "Unpublished", body = Article),
        (status = 400, response = super::BadRequest),
        (status = 401, response = super::Unauthorized),
        (status = 403, response = super::Forbidden),
        (status = 404, description = "No such article", body = shared::Problem,
            content_type = "application/problem+json"),
        (status = 409, description = "Neither published nor scheduled", body = shared::Problem,
            content_type = "application/problem+json"),
        (status = 412, response = super::Stale),
        (status = 428, response = super::IfMatchRequired),
        (status = 503, response = super::Unavailable),
    )
)]
#[post("/newsroom/articles/{id}/unpublish")]
pub async fn unpublish_article(
    _: NoQuery,
    req: HttpRequest,
    auth: AuthUser,
    state: web::Data<AppState>,
    PathId(id): PathId<ArticleId>,
) -> Result<HttpResponse, ApiError> {
    versioned(&req, &auth, &state, id, newsroom::unpublish).await
}

/// An article's revisions
///
/// Every change, newest first: who, when, and what it did.
#[utoipa::path(
    operation_id = "listRevisions",
    tag = "newsroom",
    security(("bearer" = [])),
    params(("id" = shared::ArticleId, Path, description = "The article's id")),
    responses(
        (status = 200, description = "The revisions", body = RevisionList),
        (status = 400, response = super::BadRequest),
        (status = 401, response = super::Unauthorized),
        (status = 404, description = "No such article, or not yours", body = shared::Problem,
            content_type = "application/problem+json"),
        (status = 503, response = super::Unavailable),
    )
)]
#[get("/newsroom/articles/{id}/revisions")]
pub async fn list_revisions(
    _: NoQuery,
    auth: AuthUser,
    state: web::Data<AppState>,
    PathId(id): PathId<ArticleId>,
) -> Result<HttpResponse, ApiError> {
    let actor = actor(&auth);
    let data = with_db(&state, move |conn, desk| {
        newsroom::revisions(conn, desk, &actor, id)
    })
    .await?;
    Ok(staff_answer(HttpResponse::Ok(), &RevisionList { data }))
}

/// Attach a correction
///
/// Editors and admins, on a published article. The correction appears in the public
/// article JSON and at `listCorrections`; it is a change with its own revision.
#[utoipa::path(
    operation_id = "correctArticle",
    tag = "newsroom",
    security(("bearer" = [])),
    params(
        ("id" = shared::ArticleId, Path, description = "The article's id"),
        ("If-Match" = String, Header, description = "The ETag of the version seen"),
    ),
    request_body = NewCorrection,
    responses(
        (status = 201, description = "The article with its new correction", body = Article),
        (status = 400, response = super::BadRequestBody),
        (status = 401, response = super::Unauthorized),
        (status = 403, response = super::Forbidden),
        (status = 404, description = "No such article", body = shared::Problem,
            content_type = "application/problem+json"),
        (status = 409, description = "The article is not published", body = shared::Problem,
            content_type = "application/problem+json"),
        (status = 412, response = super::Stale),
        (status = 413, response = super::TooLarge),
        (status = 415, response = super::NotJson),
        (status = 428, response = super::IfMatchRequired),
        (status = 503, response = super::Unavailable),
    )
)]
#[post("/newsroom/articles/{id}/corrections")]
pub async fn correct_article(
    _: NoQuery,
    req: HttpRequest,
    auth: AuthUser,
    state: web::Data<AppState>,
    PathId(id): PathId<ArticleId>,
    body: JsonBody<NewCorrection>,
) -> Result<HttpResponse, ApiError> {
    let expected = expected_version(&req)?;
    let actor = actor(&auth);
    let text = body.0.text;
    let article = with_db(&state, move |conn, desk| {
        newsroom::correct(conn, desk, &actor, id, expected, &text)
    })
    .await?;
    Ok(staff_response(HttpResponse::Created(), &article))
}

/// Delete (to the bin)
///
/// The article leaves every list and the public API at once; its revisions stay and
/// `restoreArticle` brings it back. Editors delete anything, authors their own drafts.
#[utoipa::path(
    operation_id = "deleteArticle",
    tag = "newsroom",
    security(("bearer" = [])),
    params(
        ("id" = shared::ArticleId, Path, description = "The article's id"),
        ("If-Match" = String, Header, description = "The ETag of the version seen"),
    ),
    responses(
        (status = 200, description = "Deleted; the body is the article as it was binned", body = Article),
        (status = 400, response = super::BadRequest),
        (status = 401, response = super::Unauthorized),
        (status = 403, response = super::Forbidden),
        (status = 404, description = "No such article, or not yours", body = shared::Problem,
            content_type = "application/problem+json"),
        (status = 412, response = super::Stale),
        (status = 428, response = super::IfMatchRequired),
        (status = 503, response = super::Unavailable),
    )
)]
#[delete("/newsroom/articles/{id}")]
pub async fn delete_article(
    _: NoQuery,
    req: HttpRequest,
    auth: AuthUser,
    state: web::Data<AppState>,
    PathId(id): PathId<ArticleId>,
) -> Result<HttpResponse, ApiError> {
    versioned(&req, &auth, &state, id, newsroom::delete).await
}

/// Restore a deleted article
#[utoipa::path(
    operation_id = "restoreArticle",
    tag = "newsroom",
    security(("bearer" = [])),
    params(
        ("id" = shared::ArticleId, Path, description = "The article's id"),
        ("If-Match" = String, Header, description = "The ETag the delete answered with"),
    ),
    responses(
        (status = 200, description = "Restored as it was", body = Article),
        (status = 400, response = super::BadRequest),
        (status = 401, response = super::Unauthorized),
        (status = 404, description = "No such article, or not yours", body = shared::Problem,
            content_type = "application/problem+json"),
        (status = 409, description = "The article is not deleted", body = shared::Problem,
            content_type = "application/problem+json"),
        (status = 412, response = super::Stale),
        (status = 428, response = super::IfMatchRequired),
        (status = 503, response = super::Unavailable),
    )
)]
#[post("/newsroom/articles/{id}/restore")]
pub async fn restore_article(
    _: NoQuery,
    req: HttpRequest,
    auth: AuthUser,
    state: web::Data<AppState>,
    PathId(id): PathId<ArticleId>,
) -> Result<HttpResponse, ApiError> {
    versioned(&req, &auth, &state, id, newsroom::restore).await
}

/// One change that needs only the article's id and the version seen (`If-Match`).
async fn versioned(
    req: &HttpRequest,
    auth: &AuthUser,
    state: &AppState,
    id: ArticleId,
    action: fn(
        &mut crate::db::DbConnection,
        crate::domain::Desk,
        &Actor,
        ArticleId,
        Expected,
    ) -> Result<Article, NewsroomError>,
) -> Result<HttpResponse, ApiError> {
    let expected = expected_version(req)?;
    let actor = actor(auth);
    let article = with_db(state, move |conn, desk| {
        action(conn, desk, &actor, id, expected)
    })
    .await?;
    Ok(staff_response(HttpResponse::Ok(), &article))
}

/// One revision
///
/// The whole article as it was after that change.
#[utoipa::path(
    operation_id = "getRevision",
    tag = "newsroom",
    security(("bearer" = [])),
    params(
        ("id" = shared::ArticleId, Path, description = "The article's id"),
        ("version" = i64, Path, minimum = 1, description = "The revision's version"),
    ),
    responses(
        (status = 200, description = "The revision", body = RevisionDetail),
        (status = 400, response = super::BadRequest),
        (status = 401, response = super::Unauthorized),
        (status = 404, description = "No such article or revision", body = shared::Problem,
            content_type = "application/problem+json"),
        (status = 503, response = super::Unavailable),
    )
)]
#[get("/newsroom/articles/{id}/revisions/{version}")]
pub async fn get_revision(
    _: NoQuery,
    auth: AuthUser,
    state: web::Data<AppState>,
    PathId(id): PathId<ArticleId>,
    PathVersion(version): PathVersion,
) -> Result<HttpResponse, ApiError> {
    let actor = actor(&auth);
    let detail = with_db(&state, move |conn, desk| {
        newsroom::revision(conn, desk, &actor, id, version)
    })
    .await?;
    Ok(staff_answer(HttpResponse::Ok(), &detail))
}

/// Compare two revisions
///
/// Field by field, from `against` (default: the version before) to `version`.
#[utoipa::path(
    operation_id = "diffRevisions",
    tag = "newsroom",
    security(("bearer" = [])),
    params(
        ("id" = shared::ArticleId, Path, description = "The article's id"),
        ("version" = i64, Path, minimum = 1, description = "The later revision"),
        DiffRevisionsQuery,
    ),
    responses(
        (status = 200, description = "The differences", body = RevisionDiff),
        (status = 400, response = super::BadRequest),
        (status = 401, response = super::Unauthorized),
        (status = 404, description = "No such article or revision", body = shared::Problem,
            content_type = "application/problem+json"),
        (status = 503, response = super::Unavailable),
    )
)]
#[get("/newsroom/articles/{id}/revisions/{version}/diff")]
pub async fn diff_revisions(
    query: Query<DiffRevisionsQuery>,
    auth: AuthUser,
    state: web::Data<AppState>,
    PathId(id): PathId<ArticleId>,
    PathVersion(version): PathVersion,
) -> Result<HttpResponse, ApiError> {
    let against = query.against.map_or((version - 1).max(1), |v| v.get());
    let actor = actor(&auth);
    let diff = with_db(&state, move |conn, desk| {
        newsroom::diff(conn, desk, &actor, id, against, version)
    })
    .await?;
    Ok(staff_answer(HttpResponse::Ok(), &diff))
}

/// Restore a revision
///
/// Makes that revision's content current again, as a new change with its own
/// revision; the article's state (draft, published, …) stays as it is.
#[utoipa::path(
    operation_id = "restoreRevision",
    tag = "newsroom",
    security(("bearer" = [])),
    params(
        ("id" = shared::ArticleId, Path, description = "The article's id"),
        ("version" = i64, Path, minimum = 1, description = "The revision to bring back"),
        ("If-Match" = String, Header, description = "The ETag of the current version"),
    ),
    responses(
        (status = 200, description = "The article with the old content", body = Article),
        (status = 400, response = super::BadRequest),
        (status = 401, response = super::Unauthorized),
        (status = 403, response = super::Forbidden),
        (status = 404, description = "No such article or revision", body = shared::Problem,
            content_type = "application/problem+json"),
        (status = 412, response = super::Stale),
        (status = 428, response = super::IfMatchRequired),
        (status = 503, response = super::Unavailable),
    )
)]
#[post("/newsroom/articles/{id}/revisions/{version}/restore")]
pub async fn restore_revision(
    _: NoQuery,
    req: HttpRequest,
    auth: AuthUser,
    state: web::Data<AppState>,
    PathId(id): PathId<ArticleId>,
    PathVersion(version): PathVersion,
) -> Result<HttpResponse, ApiError> {
    let expected = expected_version(&req)?;
    let actor = actor(&auth);
    let article = with_db(&state, move |conn, desk| {
        newsroom::restore_revision(conn, desk, &actor, id, expected, version)
    })
    .await?;
    Ok(staff_response(HttpResponse::Ok(), &article))
}

/// Submit for review
///
/// The author hands the draft to the editors (`review_requested_at`); it stays a
/// draft and stays editable. Publication clears the request.
#[utoipa::path(
    operation_id = "submitArticle",
    tag = "newsroom",
    security(("bearer" = [])),
    params(
        ("id" = shared::ArticleId, Path, description = "The article's id"),
        ("If-Match" = String, Header, description = "The ETag of the version seen"),
    ),
    responses(
        (status = 200, description = "Submitted", body = Article),
        (status = 400, response = super::BadRequest),
        (status = 401, response = super::Unauthorized),
        (status = 404, description = "No such article, or not yours", body = shared::Problem,
            content_type = "application/problem+json"),
        (status = 409, description = "Not a draft, or already submitted", body = shared::Problem,
            content_type = "application/problem+json"),
        (status = 412, response = super::Stale),
        (status = 428, response = super::IfMatchRequired),
        (status = 503, response = super::Unavailable),
    )
)]
#[post("/newsroom/articles/{id}/submit")]
pub async fn submit_article(
    _: NoQuery,
    req: HttpRequest,
    auth: AuthUser,
    state: web::Data<AppState>,
    PathId(id): PathId<ArticleId>,
) -> Result<HttpResponse, ApiError> {
    versioned(&req, &auth, &state, id, newsroom::submit).await
}

/// Correct an article's entities
///
/// Editors: `include` adds people, places or organisations the copy is about but does
/// not name; `exclude` drops ones recognised wrongly. Replaces earlier corrections;
/// recognition runs again with them at once, and on every later edit.
#[utoipa::path(
    operation_id = "setArticleEntities",
    tag = "newsroom",
    security(("bearer" = [])),
    params(
        ("id" = shared::ArticleId, Path, description = "The article's id"),
        ("If-Match" = String, Header, description = "The ETag of the version seen"),
    ),
    request_body = shared::EntityOverrides,
    responses(
        (status = 200, description = "The article with its entities", body = Article),
        (status = 400, response = super::BadRequestBody),
        (status = 401, response = super::Unauthorized),
        (status = 403, response = super::Forbidden),
        (status = 404, description = "No such article", body = shared::Problem,
            content_type = "application/problem+json"),
        (status = 412, response = super::Stale),
        (status = 413, response = super::TooLarge),
        (status = 415, response = super::NotJson),
        (status = 428, response = super::IfMatchRequired),
        (status = 503, response = super::Unavailable),
    )
)]
#[put("/newsroom/articles/{id}/entities")]
pub async fn set_article_entities(
    _: NoQuery,
    req: HttpRequest,
    auth: AuthUser,
    state: web::Data<AppState>,
    PathId(id): PathId<ArticleId>,
    body: JsonBody<shared::EntityOverrides>,
) -> Result<HttpResponse, ApiError> {
    let expected = expected_version(&req)?;
    let actor = actor(&auth);
    let overrides = body.0;
    let article = with_db(&state, move |conn, desk| {
        newsroom::set_entities(conn, desk, &actor, id, expected, &overrides)
    })
    .await?;
    Ok(staff_response(HttpResponse::Ok(), &article))
}

/// Add an entity to the gazetteer
///
/// Editors: a person, place or organisation, with the names it goes by in copy. It is
/// recognised at once in the articles that name it, and in every article written after.
#[utoipa::path(
    operation_id = "createEntity",
    tag = "newsroom",
    security(("bearer" = [])),
    request_body = shared::NewEntity,
    responses(
        (status = 201, description = "The new entity", body = shared::Entity),
        (status = 400, response = super::BadRequestBody),
        (status = 401, response = super::Unauthorized),
        (status = 403, response = super::Forbidden),
        (status = 409, description = "An entity has this name's slug", body = shared::Problem,
            content_type = "application/problem+json"),
        (status = 413, response = super::TooLarge),
        (status = 415, response = super::NotJson),
        (status = 503, response = super::Unavailable),
    )
)]
#[post("/newsroom/entities")]
pub async fn create_entity(
    _: NoQuery,
    auth: AuthUser,
    state: web::Data<AppState>,
    body: JsonBody<shared::NewEntity>,
) -> Result<HttpResponse, ApiError> {
    let actor = actor(&auth);
    let input = body.0;
    let index = state.search_index.clone();
    let entity = with_db(&state, move |conn, desk| {
        newsroom::create_entity(conn, desk, &index, &actor, &input)
    })
    .await?;
    Ok(HttpResponse::Created()
        .insert_header((
            header::LOCATION,
            format!("/api/v1/entities/{}", entity.slug),
        ))
        .json(entity))
}

/// List the names suggested in an article
///
/// Names recognition found in the article that no entity has — people, places and
/// organisations read from the words around them (a title, a verb of saying, an
/// acronym's definition, …) — the most mentioned first, each with the strongest
/// evidence found for it. Not public: an editor accepts one (`POST
/// /newsroom/entities`), merges it into an entity (`POST
/// /newsroom/entities/{slug}/aliases`) or rejects it (`POST /newsroom/rejected-names`).
/// Whoever may read the article.
#[utoipa::path(
    operation_id = "listEntitySuggestions",
    tag = "newsroom",
    security(("bearer" = [])),
    params(("id" = shared::ArticleId, Path, description = "The article's id")),
    responses(
        (status = 200, description = "The suggested names, possibly none", body = shared::EntitySuggestionList,
            headers(("Cache-Control" = String, description = "`private, no-cache`"))),
        (status = 400, response = super::BadRequest),
        (status = 401, response = super::Unauthorized),
        (status = 404, description = "No such article, or not yours", body = shared::Problem,
            content_type = "application/problem+json"),
        (status = 503, response = super::Unavailable),
    )
)]
#[get("/newsroom/articles/{id}/suggestions")]
pub async fn list_entity_suggestions(
    _: NoQuery,
    auth: AuthUser,
    state: web::Data<AppState>,
    PathId(id): PathId<ArticleId>,
) -> Result<HttpResponse, ApiError> {
    let actor = actor(&auth);
    let list = with_db(&state, move |conn, _| {
        newsroom::suggestions(conn, &actor, id)
    })
    .await?;
    Ok(staff_answer(HttpResponse::Ok(), &list))
}

/// Merge a name into an entity
///
/// Editors: the entity goes by `alias` in copy from now on — in the articles that have
/// it (where it was a suggestion) and in every article written after. A name another
/// entity goes by is refused (409); one this entity has already changes nothing.
#[utoipa::path(
    operation_id = "addEntityAlias",
    tag = "newsroom",
    security(("bearer" = [])),
    params(("slug" = String, Path, description = "The entity's slug", example = "korea-utara")),
    request_body = shared::NewAlias,
    responses(
        (status = 200, description = "The entity with its names", body = shared::Entity),
        (status = 400, response = super::BadRequestBody),
        (status = 401, response = super::Unauthorized),
        (status = 403, response = super::Forbidden),
        (status = 404, description = "No entity has this slug", body = shared::Problem,
            content_type = "application/problem+json"),
        (status = 409, description = "Another entity goes by this name", body = shared::Problem,
            content_type = "application/problem+json"),
        (status = 413, response = super::TooLarge),
        (status = 415, response = super::NotJson),
        (status = 503, response = super::Unavailable),
    )
)]
#[post("/newsroom/entities/{slug}/aliases")]
pub async fn add_entity_alias(
    _: NoQuery,
    auth: AuthUser,
    state: web::Data<AppState>,
    slug: web::Path<String>,
    body: JsonBody<shared::NewAlias>,
) -> Result<HttpResponse, ApiError> {
    let actor = actor(&auth);
    let slug = slug.into_inner();
    let input = body.0;
    let index = state.search_index.clone();
    let entity = with_db(&state, move |conn, desk| {
        newsroom::add_alias(conn, desk, &index, &actor, &slug, &input)
    })
    .await?;
    Ok(staff_answer(HttpResponse::Ok(), &entity))
}

/// Reject a suggested name
///
/// Editors: the name (as suggested; case and spacing aside) leaves the suggestions of
/// every article that has it and is never suggested again. 409 when it is rejected
/// already.
#[utoipa::path(
    operation_id = "rejectName",
    tag = "newsroom",
    security(("bearer" = [])),
    request_body = shared::RejectName,
    responses(
        (status = 201, description = "The name, rejected", body = shared::RejectedName),
        (status = 400, response = super::BadRequestBody),
        (status = 401, response = super::Unauthorized),
        (status = 403, response = super::Forbidden),
        (status = 409, description = "The name is rejected already", body = shared::Problem,
            content_type = "application/problem+json"),
        (status = 413, response = super::TooLarge),
        (status = 415, response = super::NotJson),
        (status = 503, response = super::Unavailable),
    )
)]
#[post("/newsroom/rejected-names")]
pub async fn reject_name(
    _: NoQuery,
    auth: AuthUser,
    state: web::Data<AppState>,
    body: JsonBody<shared::RejectName>,
) -> Result<HttpResponse, ApiError> {
    let actor = actor(&auth);
    let input = body.0;
    let rejected = with_db(&state, move |conn, desk| {
        newsroom::reject_name(conn, desk, &actor, &input)
    })
    .await?;
    Ok(staff_answer(HttpResponse::Created(), &rejected))
}

/// List the rejected names
///
/// Any staff: the names editors rejected, the latest first.
#[utoipa::path(
    operation_id = "listRejectedNames",
    tag = "newsroom",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The rejected names", body = shared::RejectedNameList,
            headers(("Cache-Control" = String, description = "`private, no-cache`"))),
        (status = 400, response = super::BadRequest),
        (status = 401, response = super::Unauthorized),
        (status = 503, response = super::Unavailable),
    )
)]
#[get("/newsroom/rejected-names")]
pub async fn list_rejected_names(
    _: NoQuery,
    _: AuthUser,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let list = with_db(&state, newsroom::rejected_names).await?;
    Ok(staff_answer(HttpResponse::Ok(), &list))
}

/// Take or renew the edit lock
///
/// Opening an article in the editor takes its lock; the editor renews it every 30
/// seconds; without renewal it ends after 90. Held by someone else, 409 says who —
/// send `take_over: true` to take it (they learn it on their next renewal, a 409).
/// Whoever may read the article may lock it; saving is never refused by a lock
/// (If-Match is).
#[utoipa::path(
    operation_id = "takeEditLock",
    tag = "newsroom",
    security(("bearer" = [])),
    params(("id" = shared::ArticleId, Path, description = "The article's id")),
    request_body = shared::newsroom::TakeLock,
    responses(
        (status = 200, description = "The lock, now the caller's", body = shared::newsroom::EditLock),
        (status = 400, response = super::BadRequestBody),
        (status = 401, response = super::Unauthorized),
        (status = 404, description = "No such article, or not yours", body = shared::Problem,
            content_type = "application/problem+json"),
        (status = 409, description = "Someone else has the article open; `detail` names them",
            body = shared::Problem, content_type = "application/problem+json"),
        (status = 413, response = super::TooLarge),
        (status = 415, response = super::NotJson),
        (status = 503, response = super::Unavailable),
    )
)]
#[put("/newsroom/articles/{id}/lock")]
pub async fn take_lock(
    _: NoQuery,
    auth: AuthUser,
    state: web::Data<AppState>,
    PathId(id): PathId<ArticleId>,
    body: JsonBody<shared::newsroom::TakeLock>,
) -> Result<HttpResponse, ApiError> {
    let actor = actor(&auth);
    let take_over = body.0.take_over;
    let lock = with_db(&state, move |conn, desk| {
        newsroom::take_lock(conn, desk, &actor, id, take_over)
    })
    .await?;
    Ok(HttpResponse::Ok()
        .insert_header((header::CACHE_CONTROL, "private, no-store"))
        .json(lock))
}

/// Who has the article open
#[utoipa::path(
    operation_id = "getEditLock",
    tag = "newsroom",
    security(("bearer" = [])),
    params(("id" = shared::ArticleId, Path, description = "The article's id")),
    responses(
        (status = 200, description = "The lock, or `null` when no one holds it", body = shared::newsroom::LockState),
        (status = 400, response = super::BadRequest),
        (status = 401, response = super::Unauthorized),
        (status = 404, description = "No such article, or not yours", body = shared::Problem,
            content_type = "application/problem+json"),
        (status = 503, response = super::Unavailable),
    )
)]
#[get("/newsroom/articles/{id}/lock")]
pub async fn get_lock(
    _: NoQuery,
    auth: AuthUser,
    state: web::Data<AppState>,
    PathId(id): PathId<ArticleId>,
) -> Result<HttpResponse, ApiError> {
    let actor = actor(&auth);
    let lock = with_db(&state, move |conn, desk| {
        newsroom::lock_state(conn, desk, &actor, id)
    })
    .await?;
    Ok(HttpResponse::Ok()
        .insert_header((header::CACHE_CONTROL, "private, no-store"))
        .json(lock))
}

/// Release the edit lock
///
/// Closing the editor: the lock ends if the caller holds it (nothing happens
/// otherwise).
#[utoipa::path(
    operation_id = "releaseEditLock",
    tag = "newsroom",
    security(("bearer" = [])),
    params(("id" = shared::ArticleId, Path, description = "The article's id")),
    responses(
        (status = 204, description = "The caller holds no lock on it now"),
        (status = 400, response = super::BadRequest),
        (status = 401, response = super::Unauthorized),
        (status = 404, description = "No such article, or not yours", body = shared::Problem,
            content_type = "application/problem+json"),
        (status = 503, response = super::Unavailable),
    )
)]
#[delete("/newsroom/articles/{id}/lock")]
pub async fn release_lock(
    _: NoQuery,
    auth: AuthUser,
    state: web::Data<AppState>,
    PathId(id): PathId<ArticleId>,
) -> Result<HttpResponse, ApiError> {
    let actor = actor(&auth);
    with_db(&state, move |conn, _| {
        newsroom::release_lock(conn, &actor, id)
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}
