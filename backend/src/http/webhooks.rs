//! `/api/v1/webhooks`: partners (admins, or API-key holders for their key) register
//! endpoints for article events and read their delivery log.

use std::future::Future;
use std::pin::Pin;

use anyhow::Context as _;

use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::{FromRequest, HttpMessage as _, HttpRequest, HttpResponse, delete, get, post, web};
use shared::staff::Role;
use shared::webhooks::{CreatedWebhook, DeliveryPage, NewWebhook, WebhookList};
use shared::{ErrorCode, Total};

use super::auth::AuthUser;
use super::body::JsonBody;
use super::error::ApiError;
use super::paging::{self, Position};
use super::path::PathId;
use super::query::{NoQuery, Query};
use super::{AppState, with_db};
use crate::db::webhooks::{self as store, Owner};
use crate::domain::webhooks as domain;
use shared::WebhookId;
use shared::query::PageQuery;

/// Who manages webhooks: an admin (bearer token), or a partner by `X-API-Key`, who
/// sees only the endpoints registered with that key.
#[derive(Debug)]
pub struct Partner(Owner);

impl FromRequest for Partner {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ApiError>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let state = req.app_data::<web::Data<AppState>>().cloned();
        let key = req
            .headers()
            .get("x-api-key")
            .map(|v| v.to_str().unwrap_or_default().to_owned());
        let bearer = req.headers().contains_key(header::AUTHORIZATION) || key.is_none();
        // The rate limiter has checked the key already (webhook routes are counted).
        let checked = req.extensions().get::<super::limits::ApiKeyId>().cloned();
        let auth = bearer.then(|| AuthUser::from_request(req, payload));
        Box::pin(async move {
            if let Some(auth) = auth {
                let auth = auth.await.map_err(|_| {
                    ApiError::unauthorized(
                        "This needs an admin's `Authorization: Bearer <access token>` or a partner's `X-API-Key`",
                    )
                })?;
                auth.require(&[Role::Admin])?;
                return Ok(Self(Owner::Admin(auth.user.id)));
            }
            if let Some(super::limits::ApiKeyId(id)) = checked {
                return Ok(Self(Owner::ApiKey(id)));
            }
            let state = state.ok_or_else(|| ApiError::internal(anyhow::anyhow!("no app state")))?;
            let key = key.unwrap_or_default();
            let found = with_db(&state, move |conn, _| {
                crate::domain::api_keys::authenticate(conn, &key)
            })
            .await?;
            match found {
                Some((id, _)) => Ok(Self(Owner::ApiKey(id))),
                None => Err(ApiError::field(
                    ErrorCode::Unauthorized,
                    "X-API-Key",
                    "This API key is unknown or revoked",
                )),
            }
        })
    }
}

/// Register a webhook
///
/// The endpoint receives a signed `POST` (Standard Webhooks: `webhook-id`,
/// `webhook-timestamp`, `webhook-signature: v1,<base64 HMAC-SHA256 of
/// "<id>.<timestamp>.<body>">`) for each chosen event from now on, with the change and
/// the public article. Failed attempts are retried with doubling waits; after repeated
/// failure the endpoint is disabled. The URL must resolve to public addresses only.
/// The signing secret is in this response only.
#[utoipa::path(
    operation_id = "createWebhook",
    tag = "webhooks",
    security(("bearer" = []), ("api_key" = [])),
    request_body = NewWebhook,
    responses(
        (status = 201, description = "Registered", body = CreatedWebhook),
        (status = 400, response = super::BadRequestBody),
        (status = 401, response = super::Unauthorized),
        (status = 403, response = super::Forbidden),
        (status = 413, response = super::TooLarge),
        (status = 415, response = super::NotJson),
        (status = 503, response = super::Unavailable),
    )
)]
#[post("/webhooks")]
pub async fn create_webhook(
    _: NoQuery,
    partner: Partner,
    state: web::Data<AppState>,
    body: JsonBody<NewWebhook>,
) -> Result<HttpResponse, ApiError> {
    let input = body.0;
    if input.events.is_empty() {
        return Err(ApiError::field(
            ErrorCode::InvalidBody,
            "events",
            "name at least one event, e.g. `article.published`",
        ));
    }
    if input.url.len() > 2_000 {
        return Err(ApiError::field(
            ErrorCode::InvalidBody,
            "url",
            "at most 2000 characters",
        ));
    }
    domain::check_registration(&input.url, &state.webhook_networks)
        .await
        .map_err(|e| ApiError::field(ErrorCode::InvalidBody, "url", e.to_string()))?;
    let owner = partner.0;
    let (webhook, secret) = with_db(&state, move |conn, desk| {
        domain::create(conn, desk, &owner, &input)
    })
    .await?;
    Ok(HttpResponse::Created()
        .insert_header((header::LOCATION, format!("/api/v1/webhooks/{}", webhook.id)))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .json(CreatedWebhook { webhook, secret }))
}

/// List webhooks
///
/// An admin sees every endpoint; a partner the ones registered with their key.
#[utoipa::path(
    operation_id = "listWebhooks",
    tag = "webhooks",
    security(("bearer" = []), ("api_key" = [])),
    responses(
        (status = 200, description = "The endpoints", body = WebhookList),
        (status = 400, response = super::BadRequest),
        (status = 401, response = super::Unauthorized),
        (status = 403, response = super::Forbidden),
        (status = 503, response = super::Unavailable),
    )
)]
#[get("/webhooks")]
pub async fn list_webhooks(
    _: NoQuery,
    partner: Partner,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let owner = partner.0;
    let data = with_db(&state, move |conn, desk| -> anyhow::Result<_> {
        store::visible_to(conn, &owner)?
            .iter()
            .map(|row| domain::to_webhook(desk, row))
            .collect::<anyhow::Result<Vec<_>>>()
    })
    .await?;
    Ok(super::newsroom::staff_answer(
        HttpResponse::Ok(),
        &WebhookList { data },
    ))
}

/// Runs `work` on the partner's endpoint `id`; 404 when there is none they may see.
async fn on_own_webhook<T: Send + 'static>(
    state: &AppState,
    partner: Partner,
    id: WebhookId,
    work: impl FnOnce(&mut crate::db::DbConnection, crate::domain::Desk, &str) -> anyhow::Result<T>
    + Send
    + 'static,
) -> Result<T, ApiError> {
    let id = id.to_string();
    let owner = partner.0;
    with_db(state, move |conn, desk| -> anyhow::Result<Option<T>> {
        if store::by_id(conn, &id, &owner)?.is_none() {
            return Ok(None);
        }
        work(conn, desk, &id).map(Some)
    })
    .await?
    .ok_or_else(|| ApiError::not_found("No such webhook"))
}

/// Delete a webhook
#[utoipa::path(
    operation_id = "deleteWebhook",
    tag = "webhooks",
    security(("bearer" = []), ("api_key" = [])),
    params(("id" = shared::WebhookId, Path, description = "The webhook's id")),
    responses(
        (status = 204, description = "Deleted, with its delivery log"),
        (status = 400, response = super::BadRequest),
        (status = 401, response = super::Unauthorized),
        (status = 403, response = super::Forbidden),
        (status = 404, description = "No such webhook (or not yours)", body = shared::Problem,
            content_type = "application/problem+json"),
        (status = 503, response = super::Unavailable),
    )
)]
#[delete("/webhooks/{id}")]
pub async fn delete_webhook(
    _: NoQuery,
    partner: Partner,
    state: web::Data<AppState>,
    PathId(id): PathId<WebhookId>,
) -> Result<HttpResponse, ApiError> {
    on_own_webhook(&state, partner, id, |conn, _, id| {
        Ok(store::delete(conn, id)?)
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Re-enable a webhook
///
/// Turns an endpoint disabled after repeated failure back on, with its failure count
/// cleared. It resumes with the changes since it stopped; deliveries already given up
/// stay failed.
#[utoipa::path(
    operation_id = "enableWebhook",
    tag = "webhooks",
    security(("bearer" = []), ("api_key" = [])),
    params(("id" = shared::WebhookId, Path, description = "The webhook's id")),
    responses(
        (status = 200, description = "Enabled", body = shared::webhooks::Webhook),
        (status = 400, response = super::BadRequest),
        (status = 401, response = super::Unauthorized),
        (status = 403, response = super::Forbidden),
        (status = 404, description = "No such webhook (or not yours)", body = shared::Problem,
            content_type = "application/problem+json"),
        (status = 503, response = super::Unavailable),
    )
)]
#[post("/webhooks/{id}/enable")]
pub async fn enable_webhook(
    _: NoQuery,
    partner: Partner,
    state: web::Data<AppState>,
    PathId(id): PathId<WebhookId>,
) -> Result<HttpResponse, ApiError> {
    let enabled = on_own_webhook(&state, partner, id, |conn, desk, id| {
        store::enable(conn, id)?;
        let row = store::webhook(conn, id)?.context("the webhook is gone")?;
        domain::to_webhook(desk, &row)
    })
    .await?;
    Ok(super::newsroom::staff_answer(HttpResponse::Ok(), &enabled))
}

/// List a webhook's deliveries
///
/// Every event queued for the endpoint, newest first, with its status, attempts and
/// the last attempt's HTTP status or error.
#[utoipa::path(
    operation_id = "listWebhookDeliveries",
    tag = "webhooks",
    security(("bearer" = []), ("api_key" = [])),
    params(("id" = shared::WebhookId, Path, description = "The webhook's id"), PageQuery),
    responses(
        (status = 200, description = "A page of deliveries", body = DeliveryPage),
        (status = 400, response = super::BadRequest),
        (status = 401, response = super::Unauthorized),
        (status = 403, response = super::Forbidden),
        (status = 404, description = "No such webhook (or not yours)", body = shared::Problem,
            content_type = "application/problem+json"),
        (status = 503, response = super::Unavailable),
    )
)]
#[get("/webhooks/{id}/deliveries")]
pub async fn list_deliveries(
    req: HttpRequest,
    query: Query<PageQuery>,
    partner: Partner,
    state: web::Data<AppState>,
    PathId(id): PathId<WebhookId>,
) -> Result<HttpResponse, ApiError> {
    let (page, per_page) = (
        query.page.unwrap_or_default(),
        query.per_page.unwrap_or_default(),
    );
    let offset = per_page.offset(page) as i64;
    let limit = i64::from(per_page.get());
    let (data, total) = on_own_webhook(&state, partner, id, move |conn, desk, id| {
        let (rows, total) = store::deliveries(conn, id, limit, offset)?;
        let data = rows
            .iter()
            .map(|row| domain::to_delivery(desk, row))
            .collect::<anyhow::Result<Vec<_>>>()?;
        Ok((data, total))
    })
    .await?;
    let pagination = paging::pagination(
        req.path(),
        query.pairs(),
        Position::Page(page.get()),
        per_page.get(),
        Total::exact(u64::try_from(total).unwrap_or_default()),
        None,
    );
    {
        let mut response = HttpResponse::Ok();
        response.insert_header((header::LINK, paging::link_header(&pagination.links)));
        Ok(super::newsroom::staff_answer(
            response,
            &shared::Page { data, pagination },
        ))
    }
}
