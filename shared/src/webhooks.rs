//! Webhooks: partners' endpoints, the events sent to them and the delivery log.

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::changes::{Change, ChangeType};
use crate::pagination::{Listed, Page};

/// A new endpoint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewWebhook {
    /// `https://` (or `http://`) address that receives `POST`s, at most 2,000
    /// characters; it must resolve to public addresses only (checked when registered, if
    /// the host resolves then, and before every delivery).
    #[cfg_attr(
        feature = "openapi",
        schema(
            example = "https://partner.example/hooks/global-insight",
            pattern = "^https?://[A-Za-z0-9.-]+(:[0-9]{1,4})?(/[!-~]*)?$",
            max_length = 2000
        )
    )]
    pub url: String,
    /// The events to send; at least one.
    #[cfg_attr(feature = "openapi", schema(min_items = 1))]
    pub events: Vec<ChangeType>,
}

/// A registered endpoint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Webhook {
    pub id: crate::ids::WebhookId,
    pub url: String,
    pub events: Vec<ChangeType>,
    /// False once disabled after repeated failure (`disabled_at` says when).
    pub active: bool,
    /// Failed attempts in a row.
    pub consecutive_failures: u32,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub disabled_at: Option<DateTime<FixedOffset>>,
    pub created_at: DateTime<FixedOffset>,
}

/// A new endpoint with its signing secret, shown this once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreatedWebhook {
    pub webhook: Webhook,
    /// `whsec_` and the base64 key: verify `webhook-signature` with it (Standard
    /// Webhooks: HMAC-SHA256 over `<webhook-id>.<webhook-timestamp>.<body>`).
    pub secret: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WebhookList {
    pub data: Vec<Webhook>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DeliveryStatus {
    /// Waiting for its (next) attempt.
    Pending,
    Delivered,
    /// Given up after the last attempt.
    Failed,
}

/// One event's delivery to one endpoint, with its attempts so far.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Delivery {
    /// Also the `webhook-id` header: the same on every attempt, for deduplication.
    pub id: Uuid,
    pub event: ChangeType,
    /// The change-log cursor of the change delivered.
    pub cursor: String,
    pub status: DeliveryStatus,
    pub attempts: u32,
    /// The HTTP status of the last attempt, if the endpoint answered.
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub last_status: Option<u16>,
    /// Why the last attempt failed.
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub last_error: Option<String>,
    /// When the next attempt is due (pending only).
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub next_attempt_at: Option<DateTime<FixedOffset>>,
    pub created_at: DateTime<FixedOffset>,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub delivered_at: Option<DateTime<FixedOffset>>,
}

pub type DeliveryPage = Page<Delivery>;

impl Listed for Delivery {
    const PAGE: &'static str = "DeliveryPage";
    const DESCRIPTION: &'static str = "The delivery log of an endpoint, newest first.";
}

/// The JSON body `POST`ed to an endpoint.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WebhookEvent {
    #[serde(rename = "type")]
    pub kind: ChangeType,
    /// When the event was queued.
    pub timestamp: DateTime<FixedOffset>,
    pub data: WebhookEventData,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WebhookEventData {
    /// The change-log entry (its `cursor` resumes `listChanges` after it).
    pub change: Change,
    /// The public article as it was when the event was queued; absent once it is not public.
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub article: Option<crate::article::Article>,
    /// For `article.entry-added` and `article.entry-updated`: the live blog's entry as it
    /// was when the event was queued (absent once removed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entry: Option<crate::live::LiveEntry>,
}
