//! Staff accounts and authentication: the newsroom side of the API.

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

use crate::article::AuthorRef;

/// What a staff member may do: authors write their own drafts, editors edit and
/// publish anything, admins also manage users.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Admin,
    Editor,
    Author,
}

impl Role {
    pub const ALL: [Self; 3] = [Self::Admin, Self::Editor, Self::Author];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Admin => "admin",
            Self::Editor => "editor",
            Self::Author => "author",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|role| role.as_str() == s)
    }
}

/// A staff account as the API shows it (never its password hash).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "id": "01980000-0000-7000-8000-0000000000aa", "email": "editor@globalinsight.id",
    "display_name": "Sari Editor", "role": "editor", "active": true,
    "author": {"slug": "sari-editor", "name": "Sari Editor", "kind": "person"},
    "created_at": "2025-07-13T08:00:00+07:00"
})))]
pub struct StaffUser {
    pub id: crate::ids::UserId,
    pub email: String,
    pub display_name: String,
    pub role: Role,
    pub active: bool,
    /// The author profile that bylines link to.
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub author: Option<AuthorRef>,
    pub created_at: DateTime<FixedOffset>,
}

/// `POST /auth/login`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "email": "editor@globalinsight.id", "password": "correct horse battery staple"
})))]
pub struct LoginRequest {
    /// At most 254 characters, as long as an address can be; a longer one is refused (400).
    #[cfg_attr(feature = "openapi", schema(max_length = 254))]
    pub email: String,
    pub password: String,
    /// `true` for the web app: the refresh token comes as an HttpOnly cookie, not in the body.
    #[serde(default)]
    pub cookie: bool,
}

/// `POST /auth/refresh`: the refresh token from the body, or else from the cookie.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct RefreshRequest {
    #[serde(default)]
    pub refresh_token: Option<String>,
}

/// Tokens after a login or a refresh.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TokenResponse {
    /// A JWT to send as `Authorization: Bearer …`.
    pub access_token: String,
    /// Always `Bearer`.
    pub token_type: String,
    /// Seconds until the access token expires.
    pub expires_in: u64,
    /// The rotating refresh token (single use); absent when it was set as a cookie.
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub refresh_token: Option<String>,
    pub user: StaffUser,
}

/// `POST /users` (admins).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewUser {
    pub email: String,
    pub display_name: String,
    /// At least 12 characters.
    pub password: String,
    pub role: Role,
}

/// `PATCH /users/{id}` (admins): only the fields given change.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UserUpdate {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<Role>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub active: Option<bool>,
    /// The public bio on the account's author profile; at most 2,000 characters, `""` clears it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bio: Option<String>,
}

/// `PATCH /auth/me`: what anyone may change about their own account. Role and
/// active state are an admin's (`PATCH /users/{id}`); sending them is refused.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "bio": "Sari meliput Asia Timur sejak 2015."
})))]
pub struct ProfileUpdate {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
    /// The public bio on your author profile; at most 2,000 characters, `""` clears it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bio: Option<String>,
}

impl From<ProfileUpdate> for UserUpdate {
    fn from(profile: ProfileUpdate) -> Self {
        Self {
            display_name: profile.display_name,
            bio: profile.bio,
            ..Self::default()
        }
    }
}

/// `PATCH /newsroom/authors/{slug}`: an author's public profile. Only the fields given
/// change; `""` clears a text.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "job_title": "Koresponden Seoul",
    "bio": "Sari meliput Asia Timur sejak 2015.",
    "links": [{"kind": "x", "url": "https://x.com/sariwulandari"}],
    "language": "id"
})))]
pub struct AuthorProfileUpdate {
    /// At most 2,000 characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bio: Option<String>,
    /// What they do at the desk; at most 100 characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub job_title: Option<String>,
    /// The id of an image in the library.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        feature = "openapi",
        schema(
            pattern = "^([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})?$"
        )
    )]
    pub photo: Option<String>,
    /// Replaces every link; at most 10, each address once.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub links: Option<Vec<crate::ProfileLink>>,
    /// The language they write in (BCP 47: `id`, `en`, `pt-BR`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        feature = "openapi",
        schema(pattern = "^([A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*)?$")
    )]
    pub language: Option<String>,
}

/// `POST /auth/password`: change one's own password.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PasswordChange {
    pub current_password: String,
    /// At least 12 characters.
    pub new_password: String,
}

/// Admins' list of accounts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StaffUserList {
    pub data: Vec<StaffUser>,
}

/// `POST /api-keys` (admins): a key for a partner.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "name": "Kantor Berita Mitra", "requests_per_window": 6000
})))]
pub struct NewApiKey {
    /// Who the key is for; 1 to 100 characters, not all spaces.
    #[cfg_attr(
        feature = "openapi",
        schema(min_length = 1, max_length = 100, pattern = "\\S")
    )]
    pub name: String,
    /// Public API requests per rate-limit window with this key (10 times the
    /// anonymous limit, at most 1,000,000, when absent or null); 1 to 1,000,000.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 1_000_000))]
    pub requests_per_window: Option<u32>,
}

/// An API key as admins see it (never the key itself, after it was created).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApiKey {
    pub id: crate::ids::ApiKeyId,
    pub name: String,
    /// The key's first characters, to tell keys apart.
    pub prefix: String,
    pub requests_per_window: u32,
    pub created_at: DateTime<FixedOffset>,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub revoked_at: Option<DateTime<FixedOffset>>,
}

/// A new key: the only time the key itself is shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreatedApiKey {
    /// Send it as `X-API-Key`. It is not stored and cannot be shown again.
    pub key: String,
    pub api_key: ApiKey,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApiKeyList {
    pub data: Vec<ApiKey>,
}
