//! `GET /api/v1/sections`, `/tags`, `/authors` and one of each by slug, with counts
//! of published articles.

use actix_web::{HttpRequest, HttpResponse, get, web};
use shared::{AuthorPage, SectionList, TagPage};
use utoipa::IntoParams;

use super::caching::Cacheable;
use super::error::ApiError;
use super::paging::{self, Position};
use super::query::{Paging, Query};
use super::{AppState, with_db};
use crate::domain::Desk;
use crate::domain::taxonomy as domain;

/// Page-number paging of `listTags` and `listAuthors`.
#[derive(Debug, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageParams {
    /// Page number, from 1.
    #[param(minimum = 1, maximum = 100_000, default = 1)]
    pub page: Option<u32>,
    /// Items per page.
    #[param(minimum = 1, maximum = 100, default = 20)]
    pub per_page: Option<u32>,
}

const PAGE_PARAMS: &[&str] = &["page", "per_page"];

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

pub(super) fn no_query(req: &HttpRequest) -> Result<(), ApiError> {
    Query::parse(req.query_string(), &[]).map(drop)
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
    F: FnOnce(
            &mut crate::db::DbConnection,
            chrono::NaiveDateTime,
            &str,
        ) -> anyhow::Result<Option<T>>
        + Send
        + 'static,
{
    no_query(req)?;
    let not_found = ApiError::not_found(format!("No {what} has the slug `{slug}`"));
    if !shared::slug::is_slug(&slug) {
        return Err(not_found);
    }
    let item = with_db(state, move |conn, desk| find(conn, desk.now(), &slug))
        .await?
        .ok_or(not_found)?;
    cached(req, state, &item, None)
}

/// A page of a list by `page` and `per_page`, with its pagination and `Link` header.
pub(super) async fn paged<T, P, F>(
    req: &HttpRequest,
    state: &AppState,
    list: F,
    page_of: fn(Vec<T>, shared::Pagination) -> P,
) -> Result<HttpResponse, ApiError>
where
    T: Send + 'static,
    P: serde::Serialize,
    F: FnOnce(&mut crate::db::DbConnection, Desk, usize, usize) -> anyhow::Result<domain::Slice<T>>
        + Send
        + 'static,
{
    paged_filtered(
        req,
        state,
        &[],
        |_| Ok(()),
        move |conn, desk, (), offset, limit| list(conn, desk, offset, limit),
        page_of,
    )
    .await
}

/// As `paged`, with filter parameters (`filters`) that `parse` checks before the
/// database is asked.
pub(super) async fn paged_filtered<T, P, X, F>(
    req: &HttpRequest,
    state: &AppState,
    filters: &[&str],
    parse: impl FnOnce(&Query) -> Result<X, ApiError>,
    list: F,
    page_of: fn(Vec<T>, shared::Pagination) -> P,
) -> Result<HttpResponse, ApiError>
where
    T: Send + 'static,
    P: serde::Serialize,
    X: Send + 'static,
    F: FnOnce(
            &mut crate::db::DbConnection,
            Desk,
            X,
            usize,
            usize,
        ) -> anyhow::Result<domain::Slice<T>>
        + Send
        + 'static,
{
    let allowed: Vec<&str> = PAGE_PARAMS.iter().chain(filters).copied().collect();
    let query = Query::parse(req.query_string(), &allowed)?;
    let paging = Paging::from_query(&query)?;
    let filter = parse(&query)?;
    let slice = with_db(state, move |conn, desk| {
        list(
            conn,
            desk,
            filter,
            paging.offset(),
            paging.per_page as usize,
        )
    })
    .await?;
    let pagination = paging::pagination(
        req.path(),
        &query,
        Position::Page(paging.page),
        paging.per_page,
        slice.total,
        None,
    );
    let link = paging::link_header(&pagination.links);
    cached(req, state, &page_of(slice.items, pagination), Some(link))
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
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    no_query(&req)?;
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
        domain::section_by_slug,
    )
    .await
}

/// List tags
///
/// Tags that have at least one published article, by name, with their counts.
#[utoipa::path(
    operation_id = "listTags",
    tag = "tags",
    params(PageParams),
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
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    paged(
        &req,
        &state,
        |conn, desk, offset, limit| domain::tags(conn, desk.now(), offset, limit),
        |data, pagination| TagPage { data, pagination },
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
    one_by_slug(&req, &state, slug.into_inner(), "tag", domain::tag_by_slug).await
}

/// List authors
///
/// Desks and people named in the bylines of published articles, by name, with their counts.
#[utoipa::path(
    operation_id = "listAuthors",
    tag = "authors",
    params(PageParams),
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
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    paged(
        &req,
        &state,
        |conn, desk, offset, limit| domain::authors(conn, desk.now(), offset, limit),
        |data, pagination| AuthorPage { data, pagination },
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
