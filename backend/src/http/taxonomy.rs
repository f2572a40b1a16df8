//! `GET /api/v1/sections`, `/tags`, `/authors` and one of each by slug, with counts
//! of published articles.

use actix_web::{HttpRequest, HttpResponse, get, web};
use shared::query::{PageNumber, PageQuery, PerPage};
use shared::{AuthorPage, Page, SectionList, TagPage};

use super::caching::Cacheable;
use super::error::ApiError;
use super::paging::{self, Position};
use super::query::{NoQuery, Query};
use super::{AppState, with_db};
use crate::domain::Desk;
use crate::domain::taxonomy as domain;

fn cached<T: serde::Serialize>(
    req: &HttpRequest,
    state: &AppState,
    value: &T,
    link: Option<String>,
) -> Result<HttpResponse, ApiError> {
    Cacheable {
        value,
        last_modified: None,
        link,
    }
    .respond(req, &state.settings.http)
}

/// One item by slug: no query parameters, 404 naming the slug, cached.
pub(super) async fn one_by_slug<T, F>(
    req: &HttpRequest,
    state: &AppState,
    slug: String,
    what: &'static str,
    find: F,
) -> Result<HttpResponse, ApiError>
where
    T: serde::Serialize + Send + 'static,
    F: FnOnce(&mut crate::db::DbConnection, Desk, &str) -> anyhow::Result<Option<T>>
        + Send
        + 'static,
{
    NoQuery::parse(req.query_string())?;
    let item = with_db(state, move |conn, desk| {
        find_by_slug(conn, desk, &slug, what, find)
    })
    .await?;
    cached(req, state, &item, None)
}

/// One item by slug, or the 404 naming it. (The reader's pages the server renders
/// read sections, tags, authors and entities here too.)
pub(super) fn find_by_slug<T, F>(
    conn: &mut crate::db::DbConnection,
    desk: Desk,
    slug: &str,
    what: &str,
    find: F,
) -> Result<T, ApiError>
where
    F: FnOnce(&mut crate::db::DbConnection, Desk, &str) -> anyhow::Result<Option<T>>,
{
    let not_found = || ApiError::not_found(format!("No {what} has the slug `{slug}`"));
    if !shared::slug::is_slug(slug) {
        return Err(not_found());
    }
    find(conn, desk, slug)?.ok_or_else(not_found)
}

/// A page of a list by the query's `page` and `per_page` (`list` is given the offset
/// and the limit), with its pagination and `Link` header; the links keep the query's
/// other parameters. Public: cacheable.
pub(super) async fn paged<T, Q, F>(
    req: &HttpRequest,
    state: &AppState,
    query: &Query<Q>,
    paging: (Option<PageNumber>, Option<PerPage>),
    list: F,
) -> Result<HttpResponse, ApiError>
where
    T: serde::Serialize + Send + 'static,
    F: FnOnce(&mut crate::db::DbConnection, Desk, usize, usize) -> anyhow::Result<domain::Slice<T>>
        + Send
        + 'static,
{
    let (page, link) = page_of(req, state, query, paging, list).await?;
    cached(req, state, &page, Some(link))
}

/// The page and its `Link` header, for `paged` and for staff lists (never cached).
pub(super) async fn page_of<T, Q, F>(
    req: &HttpRequest,
    state: &AppState,
    query: &Query<Q>,
    (page, per_page): (Option<PageNumber>, Option<PerPage>),
    list: F,
) -> Result<(Page<T>, String), ApiError>
where
    T: serde::Serialize + Send + 'static,
    F: FnOnce(&mut crate::db::DbConnection, Desk, usize, usize) -> anyhow::Result<domain::Slice<T>>
        + Send
        + 'static,
{
    let (page, per_page) = (page.unwrap_or_default(), per_page.unwrap_or_default());
    let offset = per_page.offset(page);
    let slice = with_db(state, move |conn, desk| {
        list(conn, desk, offset, per_page.get() as usize)
    })
    .await?;
    let pagination = paging::pagination(
        req.path(),
        query.pairs(),
        Position::Page(page.get()),
        per_page.get(),
        slice.total,
        None,
    );
    let link = paging::link_header(&pagination.links);
    Ok((
        Page {
            data: slice.items,
            pagination,
        },
        link,
    ))
}

/// List sections
///
/// Every section of the publication, by name, with its number of published articles.
#[utoipa::path(
    operation_id = "listSections",
    tag = "sections",
    responses(
        (status = 200, description = "All sections", body = SectionList),
        (status = 304, response = super::NotModified),
        (status = 400, response = super::BadRequest),
        (status = 429, response = super::RateLimited),
        (status = 503, response = super::Unavailable),
    )
)]
#[get("/sections")]
pub async fn list_sections(
    req: HttpRequest,
    _: NoQuery,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let data = with_db(&state, |conn, desk| domain::sections(conn, desk.now())).await?;
    cached(&req, &state, &SectionList { data }, None)
}

/// Get a section
#[utoipa::path(
    operation_id = "getSection",
    tag = "sections",
    params(("slug" = String, Path, description = "The section's slug", example = "internasional")),
    responses(
        (status = 200, description = "The section", body = shared::Section),
        (status = 304, response = super::NotModified),
        (status = 400, response = super::BadRequest),
        (status = 404, description = "No section has this slug", body = shared::Problem,
            content_type = "application/problem+json"),
        (status = 429, response = super::RateLimited),
        (status = 503, response = super::Unavailable),
    )
)]
#[get("/sections/{slug}")]
pub async fn get_section(
    req: HttpRequest,
    slug: web::Path<String>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    one_by_slug(
        &req,
        &state,
        slug.into_inner(),
        "section",
        |conn, desk: Desk, slug: &str| domain::section_by_slug(conn, desk.now(), slug),
    )
    .await
}

/// List tags
///
/// Tags that have at least one published article, by name, with their counts.
#[utoipa::path(
    operation_id = "listTags",
    tag = "tags",
    params(PageQuery),
    responses(
        (status = 200, description = "A page of tags", body = TagPage,
            headers(("Link" = String, description = "RFC 8288 links: first, last, prev, next"))),
        (status = 304, response = super::NotModified),
        (status = 400, response = super::BadRequest),
        (status = 429, response = super::RateLimited),
        (status = 503, response = super::Unavailable),
    )
)]
#[get("/tags")]
pub async fn list_tags(
    req: HttpRequest,
    query: Query<PageQuery>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    paged(
        &req,
        &state,
        &query,
        (query.page, query.per_page),
        |conn, desk, offset, limit| domain::tags(conn, desk.now(), offset, limit),
    )
    .await
}

/// Get a tag
#[utoipa::path(
    operation_id = "getTag",
    tag = "tags",
    params(("slug" = String, Path, description = "The tag's slug", example = "korea-utara")),
    responses(
        (status = 200, description = "The tag", body = shared::Tag),
        (status = 304, response = super::NotModified),
        (status = 400, response = super::BadRequest),
        (status = 404, description = "No tag with published articles has this slug",
            body = shared::Problem, content_type = "application/problem+json"),
        (status = 429, response = super::RateLimited),
        (status = 503, response = super::Unavailable),
    )
)]
#[get("/tags/{slug}")]
pub async fn get_tag(
    req: HttpRequest,
    slug: web::Path<String>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    one_by_slug(
        &req,
        &state,
        slug.into_inner(),
        "tag",
        |conn, desk: Desk, slug: &str| domain::tag_by_slug(conn, desk.now(), slug),
    )
    .await
}

/// List authors
///
/// Desks and people named in the bylines of published articles, by name, with their counts.
#[utoipa::path(
    operation_id = "listAuthors",
    tag = "authors",
    params(PageQuery),
    responses(
        (status = 200, description = "A page of authors", body = AuthorPage,
            headers(("Link" = String, description = "RFC 8288 links: first, last, prev, next"))),
        (status = 304, response = super::NotModified),
        (status = 400, response = super::BadRequest),
        (status = 429, response = super::RateLimited),
        (status = 503, response = super::Unavailable),
    )
)]
#[get("/authors")]
pub async fn list_authors(
    req: HttpRequest,
    query: Query<PageQuery>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    paged(
        &req,
        &state,
        &query,
        (query.page, query.per_page),
        domain::authors,
    )
    .await
}

/// Get an author
#[utoipa::path(
    operation_id = "getAuthor",
    tag = "authors",
    params(("slug" = String, Path, description = "The author's slug", example = "redaksi-global-insight")),
    responses(
        (status = 200, description = "The author", body = shared::Author),
        (status = 304, response = super::NotModified),
        (status = 400, response = super::BadRequest),
        (status = 404, description = "No author with published articles has this slug",
            body = shared::Problem, content_type = "application/problem+json"),
        (status = 429, response = super::RateLimited),
        (status = 503, response = super::Unavailable),
    )
)]
#[get("/authors/{slug}")]
pub async fn get_author(
    req: HttpRequest,
    slug: web::Path<String>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    one_by_slug(
        &req,
        &state,
        slug.into_inner(),
        "author",
        domain::author_by_slug,
    )
    .await
}
