//! `GET /api/v1/entities`, `/entities/{slug}`, `/quotes` and `/articles/{slug}/quotes`.

use actix_web::{HttpRequest, HttpResponse, get, web};
use shared::query::{ListEntitiesQuery, ListQuotesQuery, PageQuery};
use shared::{EntityPage, QuotePage};

use super::AppState;
use super::error::ApiError;
use super::query::Query;
use super::taxonomy::{one_by_slug, paged};
use crate::domain::entities::{self as domain, QuoteFilter};

/// List entities
///
/// People, places and organisations that published articles are about, most
/// written-about first. Their articles: `listArticles` with `entity=<slug>`.
#[utoipa::path(
    operation_id = "listEntities",
    tag = "entities",
    params(ListEntitiesQuery),
    responses(
        (status = 200, description = "A page of entities", body = EntityPage,
            headers(("Link" = String, description = "RFC 8288 links: first, last, prev, next"))),
        (status = 304, response = super::NotModified),
        (status = 400, response = super::BadRequest),
        (status = 429, response = super::RateLimited),
        (status = 503, response = super::Unavailable),
    )
)]
#[get("/entities")]
pub async fn list_entities(
    req: HttpRequest,
    query: Query<ListEntitiesQuery>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let kind = query.kind;
    paged(
        &req,
        &state,
        &query,
        (query.page, query.per_page),
        move |conn, desk, offset, limit| domain::public_entities(conn, desk, kind, offset, limit),
    )
    .await
}

/// Get an entity
///
/// A person, place or organisation of the gazetteer, with its aliases, Wikidata id and
/// number of published articles.
#[utoipa::path(
    operation_id = "getEntity",
    tag = "entities",
    params(("slug" = String, Path, description = "The entity's slug", example = "kim-jong-un")),
    responses(
        (status = 200, description = "The entity", body = shared::Entity),
        (status = 304, response = super::NotModified),
        (status = 400, response = super::BadRequest),
        (status = 404, description = "No entity has this slug", body = shared::Problem,
            content_type = "application/problem+json"),
        (status = 429, response = super::RateLimited),
        (status = 503, response = super::Unavailable),
    )
)]
#[get("/entities/{slug}")]
pub async fn get_entity(
    req: HttpRequest,
    slug: web::Path<String>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    one_by_slug(
        &req,
        &state,
        slug.into_inner(),
        "entity",
        |conn, desk: crate::domain::Desk, slug: &str| {
            domain::entity_by_slug(conn, desk.now(), slug)
        },
    )
    .await
}

/// List quotes
///
/// Direct quotes in published articles — quote blocks and quoted words in running
/// text — with their speakers, newest article first and in order within each.
#[utoipa::path(
    operation_id = "listQuotes",
    tag = "entities",
    params(ListQuotesQuery),
    responses(
        (status = 200, description = "A page of quotes", body = QuotePage,
            headers(("Link" = String, description = "RFC 8288 links: first, last, prev, next"))),
        (status = 304, response = super::NotModified),
        (status = 400, response = super::BadRequest),
        (status = 429, response = super::RateLimited),
        (status = 503, response = super::Unavailable),
    )
)]
#[get("/quotes")]
pub async fn list_quotes(
    req: HttpRequest,
    query: Query<ListQuotesQuery>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let filter = QuoteFilter {
        speaker: query.speaker.as_ref().map(|s| s.as_str().to_owned()),
        article: None,
    };
    paged(
        &req,
        &state,
        &query,
        (query.page, query.per_page),
        move |conn, desk, offset, limit| domain::public_quotes(conn, desk, filter, offset, limit),
    )
    .await
}

/// List an article's quotes
///
/// The direct quotes of one published article, in order, with their speakers.
#[utoipa::path(
    operation_id = "listArticleQuotes",
    tag = "articles",
    params(
        ("slug" = String, Path, description = "The article's slug"),
        PageQuery,
    ),
    responses(
        (status = 200, description = "The article's quotes", body = QuotePage,
            headers(("Link" = String, description = "RFC 8288 links: first, last, prev, next"))),
        (status = 304, response = super::NotModified),
        (status = 400, response = super::BadRequest),
        (status = 404, description = "No published article has this slug", body = shared::Problem,
            content_type = "application/problem+json"),
        (status = 429, response = super::RateLimited),
        (status = 503, response = super::Unavailable),
    )
)]
#[get("/articles/{slug}/quotes")]
pub async fn list_article_quotes(
    req: HttpRequest,
    query: Query<PageQuery>,
    slug: web::Path<String>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let slug = slug.into_inner();
    let exists = {
        let slug = slug.clone();
        super::with_db(&state, move |conn, desk| {
            crate::db::articles::published_by_slug(conn, &slug, desk.now())
                .map(|a| a.is_some())
                .map_err(anyhow::Error::from)
        })
        .await?
    };
    if !exists {
        return Err(ApiError::not_found(format!(
            "No published article has the slug `{slug}`"
        )));
    }
    let filter = QuoteFilter {
        speaker: None,
        article: Some(slug),
    };
    paged(
        &req,
        &state,
        &query,
        (query.page, query.per_page),
        move |conn, desk, offset, limit| domain::public_quotes(conn, desk, filter, offset, limit),
    )
    .await
}
