//! Authentication: access JWTs (HS256 pinned; iss, aud, sub, exp, iat, typ checked),
//! the `AuthUser` extractor that checks the account and session on every request,
//! and `/auth/*` handlers.

use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

use actix_web::cookie::{Cookie, SameSite};
use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::{FromRequest, HttpRequest, HttpResponse, get, patch, post, web};
use chrono::Utc;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use rand_core::{OsRng, RngCore as _};
use serde::{Deserialize, Serialize};
use shared::ErrorCode;
use shared::staff::{
    LoginRequest, PasswordChange, ProfileUpdate, RefreshRequest, Role, StaffUser, TokenResponse,
    UserUpdate,
};

use super::body::JsonBody;
use super::error::ApiError;
pub use super::forwarded::client_ip;
use super::query::NoQuery;
use super::{AppState, with_db};
use crate::config::AuthSettings;
use crate::db::models::UserRow;
use crate::domain::Desk;
use crate::domain::accounts::{self, AccountError, Client, Login, Refresh, Throttle};

/// Name of the web app's refresh-token cookie; it is sent only to `/api/v1/auth`.
pub const REFRESH_COOKIE: &str = "gi_refresh";
/// Name of the cookie that marks a device an account signed in from (also only sent
/// to `/api/v1/auth`): sign-in from it is not held back while the account is under
/// attack from elsewhere.
pub const DEVICE_COOKIE: &str = "gi_device";
const DEVICE_TYP: &str = "device";
/// How long a device stays known after its last sign-in.
const DEVICE_TTL_DAYS: i64 = 365;
const COOKIE_PATH: &str = "/api/v1/auth";
const ACCESS_TYP: &str = "access";
/// How far ahead of this server's clock another instance's may be when it issues a token.
const CLOCK_SKEW_SECONDS: i64 = 30;

/// Claims of an access token.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct AccessClaims {
    pub iss: String,
    pub aud: String,
    /// The account id.
    pub sub: String,
    pub exp: i64,
    pub iat: i64,
    /// Always `access`: a token of another kind is refused.
    pub typ: String,
    /// The session (refresh-token family) the token belongs to.
    pub sid: String,
    /// The account's token version when the token was issued.
    pub ver: i64,
}

/// Claims of a device cookie: which account signed in on this device, when, and at
/// which token version (a password change or deactivation forgets every device).
#[derive(Debug, Serialize, Deserialize)]
struct DeviceClaims {
    iss: String,
    aud: String,
    sub: String,
    exp: i64,
    iat: i64,
    typ: String,
    ver: i64,
}

/// Signs and checks access tokens.
pub struct Jwt {
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
    issuer: String,
    audience: String,
    ttl: Duration,
}

impl std::fmt::Debug for Jwt {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Jwt")
            .field("issuer", &self.issuer)
            .finish_non_exhaustive()
    }
}

impl Jwt {
    pub fn from_settings(auth: &AuthSettings) -> Self {
        let secret: Vec<u8> = match &auth.jwt_secret {
            Some(secret) => secret.expose().as_bytes().to_vec(),
            None => {
                tracing::warn!(
                    "auth.jwt_secret is not set: using a random key; tokens will not survive a restart"
                );
                let mut key = vec![0u8; 32];
                OsRng.fill_bytes(&mut key);
                key
            }
        };
        let mut validation = Validation::new(Algorithm::HS256);
        validation.algorithms = vec![Algorithm::HS256];
        validation.leeway = 0;
        validation.set_issuer(&[&auth.issuer]);
        validation.set_audience(&[&auth.audience]);
        validation.set_required_spec_claims(&["exp", "iat", "iss", "aud", "sub"]);
        Self {
            encoding: EncodingKey::from_secret(&secret),
            decoding: DecodingKey::from_secret(&secret),
            validation,
            issuer: auth.issuer.clone(),
            audience: auth.audience.clone(),
            ttl: Duration::from_secs(auth.access_ttl_seconds),
        }
    }

    pub fn ttl(&self) -> Duration {
        self.ttl
    }

    pub fn issue(&self, user: &UserRow, session_id: &str) -> Result<String, ApiError> {
        let now = Utc::now().timestamp();
        let claims = AccessClaims {
            iss: self.issuer.clone(),
            aud: self.audience.clone(),
            sub: user.id.clone(),
            iat: now,
            exp: now + i64::try_from(self.ttl.as_secs()).unwrap_or(900),
            typ: ACCESS_TYP.to_owned(),
            sid: session_id.to_owned(),
            ver: user.token_version,
        };
        jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &self.encoding)
            .map_err(ApiError::internal)
    }

    /// A device cookie's value for the account `user`.
    pub fn issue_device(&self, user: &UserRow) -> Result<String, ApiError> {
        let now = Utc::now().timestamp();
        let claims = DeviceClaims {
            iss: self.issuer.clone(),
            aud: self.audience.clone(),
            sub: user.id.clone(),
            iat: now,
            exp: now + DEVICE_TTL_DAYS * 24 * 3600,
            typ: DEVICE_TYP.to_owned(),
            ver: user.token_version,
        };
        jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &self.encoding)
            .map_err(ApiError::internal)
    }

    /// The account a device cookie names, with the token version it was issued at, if
    /// it is one this server signed.
    pub fn device_owner(&self, value: &str) -> Option<(String, i64)> {
        jsonwebtoken::decode::<DeviceClaims>(value, &self.decoding, &self.validation)
            .ok()
            .map(|data| data.claims)
            .filter(|claims| claims.typ == DEVICE_TYP)
            .map(|claims| (claims.sub, claims.ver))
    }

    /// The token's claims, if it is an access token this server could have issued:
    /// signed with the key (HS256 only), of our issuer and audience, not expired,
    /// issued no later than now (give or take `CLOCK_SKEW_SECONDS` between
    /// instances) and living no longer than `auth.access_ttl_seconds`. Why a token is
    /// refused goes to the log; the client hears only that it is not valid.
    pub fn verify(&self, token: &str) -> Result<AccessClaims, ApiError> {
        let refused = || ApiError::unauthorized("The access token is not valid");
        let claims = jsonwebtoken::decode::<AccessClaims>(token, &self.decoding, &self.validation)
            .map_err(|e| {
                tracing::info!(error = %e, "an access token was refused");
                refused()
            })?
            .claims;
        let now = Utc::now().timestamp();
        let ttl = i64::try_from(self.ttl.as_secs()).unwrap_or(i64::MAX);
        let why = if claims.typ != ACCESS_TYP {
            Some("not an access token")
        } else if claims.iat > now + CLOCK_SKEW_SECONDS {
            Some("issued in the future")
        } else if claims.exp.saturating_sub(claims.iat) > ttl {
            Some("lives longer than auth.access_ttl_seconds")
        } else {
            None
        };
        match why {
            Some(why) => {
                tracing::info!(why, "an access token was refused");
                Err(refused())
            }
            None => Ok(claims),
        }
    }
}

/// A signed-in staff member, checked against the database on every request: the
/// account is active, the session open and the token version current.
#[derive(Debug, Clone)]
pub struct AuthUser {
    pub user: UserRow,
    pub role: Role,
    pub session_id: String,
}

impl AuthUser {
    pub fn require(&self, allowed: &[Role]) -> Result<(), ApiError> {
        if allowed.contains(&self.role) {
            Ok(())
        } else {
            Err(ApiError::forbidden(format!(
                "This needs the role {}; you are {}",
                allowed
                    .iter()
                    .map(|r| r.as_str())
                    .collect::<Vec<_>>()
                    .join(" or "),
                self.role.as_str()
            )))
        }
    }
}

impl FromRequest for AuthUser {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ApiError>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let state = req.app_data::<web::Data<AppState>>().cloned();
        let token = bearer_token(req);
        Box::pin(async move {
            let state = state.ok_or_else(|| ApiError::internal(anyhow::anyhow!("no app state")))?;
            let token = token?;
            let claims = state.jwt.verify(&token)?;
            let (user_id, session_id, version) =
                (claims.sub.clone(), claims.sid.clone(), claims.ver);
            let user = with_db(&state, move |conn, _| {
                crate::db::users::open_session(conn, &user_id, &session_id)
                    .map_err(anyhow::Error::from)
            })
            .await?
            .filter(|user| user.active && user.token_version == version)
            .ok_or_else(|| ApiError::unauthorized("The session has ended; sign in again"))?;
            let role = Role::parse(&user.role)
                .ok_or_else(|| ApiError::internal(anyhow::anyhow!("unknown role {}", user.role)))?;
            Ok(Self {
                user,
                role,
                session_id: claims.sid,
            })
        })
    }
}

fn bearer_token(req: &HttpRequest) -> Result<String, ApiError> {
    let value = req.headers().get(header::AUTHORIZATION).ok_or_else(|| {
        ApiError::unauthorized("This needs `Authorization: Bearer <access token>`")
    })?;
    let value = value
        .to_str()
        .map_err(|_| ApiError::unauthorized("The Authorization header is not readable"))?;
    match value.split_once(' ') {
        Some((scheme, token))
            if scheme.eq_ignore_ascii_case("bearer") && !token.trim().is_empty() =>
        {
            Ok(token.trim().to_owned())
        }
        _ => Err(ApiError::unauthorized(
            "The Authorization header must be `Bearer <access token>`",
        )),
    }
}

fn refresh_cookie<'a>(value: String, max_age: Duration) -> Cookie<'a> {
    auth_cookie(REFRESH_COOKIE, value, max_age)
}

/// A cookie only `/api/v1/auth` sees, never scripts, never another site's requests.
fn auth_cookie<'a>(name: &'a str, value: String, max_age: Duration) -> Cookie<'a> {
    Cookie::build(name, value)
        .http_only(true)
        .secure(true)
        .same_site(SameSite::Strict)
        .path(COOKIE_PATH)
        .max_age(actix_web::cookie::time::Duration::seconds(
            i64::try_from(max_age.as_secs()).unwrap_or(i64::MAX),
        ))
        .finish()
}

fn refresh_ttl(state: &AppState) -> Duration {
    Duration::from_secs(state.settings.auth.refresh_ttl_days * 24 * 3600)
}

fn token_response(
    state: &AppState,
    user: StaffUser,
    access_token: String,
    refresh_token: String,
    cookie: bool,
) -> HttpResponse {
    let body = TokenResponse {
        access_token,
        token_type: "Bearer".into(),
        expires_in: state.jwt.ttl().as_secs(),
        refresh_token: (!cookie).then(|| refresh_token.clone()),
        user,
    };
    let mut response = HttpResponse::Ok();
    response.insert_header((header::CACHE_CONTROL, "no-store"));
    if cookie {
        response.cookie(refresh_cookie(refresh_token, refresh_ttl(state)));
    }
    response.json(body)
}

fn staff(
    conn: &mut crate::db::DbConnection,
    desk: Desk,
    user: &UserRow,
) -> anyhow::Result<StaffUser> {
    accounts::staff_user(conn, desk, user)
}

/// Sign in
///
/// Email and password → a short-lived access token and a rotating refresh token
/// (in the body, or with `"cookie": true` as an HttpOnly, Secure, SameSite=Strict
/// cookie for the web app). Unknown account and wrong password get the same answer.
/// The 6th failure within the window from one IP gets 429, and so does an attempt on
/// an account that failed 5 times within the window — except from a device that
/// signed in to that account before: every sign-in sets the `gi_device` cookie
/// (HttpOnly, a year), so the owner still gets in while others guess.
#[utoipa::path(
    operation_id = "login",
    tag = "auth",
    request_body = LoginRequest,
    responses(
        (status = 200, description = "Signed in", body = TokenResponse,
            headers(("Set-Cookie" = String, description = "`gi_device`, which marks this device as one the account signs in from; and the refresh token, when `cookie` was true"))),
        (status = 400, response = super::BadRequestBody),
        (status = 401, description = "Email and password do not match an active account",
            body = shared::Problem, content_type = "application/problem+json"),
        (status = 413, response = super::TooLarge),
        (status = 415, response = super::NotJson),
        (status = 429, response = super::Throttled),
        (status = 503, response = super::Unavailable),
    )
)]
#[post("/auth/login")]
pub async fn login(
    _: NoQuery,
    req: HttpRequest,
    state: web::Data<AppState>,
    body: JsonBody<LoginRequest>,
) -> Result<HttpResponse, ApiError> {
    let request = body.0;
    let client = Client {
        ip: client_ip(&req, &state.settings.auth.trusted_proxies),
        known_device: req
            .cookie(DEVICE_COOKIE)
            .and_then(|cookie| state.jwt.device_owner(cookie.value())),
    };
    let throttle = Throttle {
        max_failures: state.settings.auth.login_max_failures,
        window: Duration::from_secs(state.settings.auth.login_window_seconds),
    };
    let ttl = refresh_ttl(&state);
    let email = request.email.clone();
    let password = request.password.clone();
    let outcome = with_db(&state, move |conn, desk| -> Result<_, ApiError> {
        let now = desk.now();
        match accounts::login(conn, &email, &password, &client, throttle, now)? {
            Login::Accepted(user) => {
                let (session_id, refresh_token) =
                    accounts::start_session(conn, &user.id, ttl, now)?;
                let staff = staff(conn, desk, &user)?;
                Ok((user, staff, session_id, refresh_token))
            }
            Login::Refused => Err(ApiError::new(
                ErrorCode::InvalidCredentials,
                "The email or the password is wrong, or the account is deactivated",
            )),
            Login::Throttled { retry_after } => Err(ApiError::too_many_requests(
                retry_after,
                format!("Too many failed sign-ins; try again in {retry_after} seconds"),
            )),
        }
    })
    .await?;
    let (user, staff, session_id, refresh_token) = outcome;
    let access = state.jwt.issue(&user, &session_id)?;
    let mut response = token_response(&state, staff, access, refresh_token, request.cookie);
    let device = state.jwt.issue_device(&user)?;
    let max_age = Duration::from_secs(u64::try_from(DEVICE_TTL_DAYS).unwrap_or(365) * 24 * 3600);
    response
        .add_cookie(&auth_cookie(DEVICE_COOKIE, device, max_age))
        .map_err(ApiError::internal)?;
    Ok(response)
}

/// Refresh the access token
///
/// Trades a refresh token (from the body, else the cookie) for a new access token
/// and a new refresh token. Each refresh token works once: presenting a used one
/// revokes its whole session.
#[utoipa::path(
    operation_id = "refreshToken",
    tag = "auth",
    request_body(content = RefreshRequest, description = "Omit `refresh_token` to use the cookie"),
    responses(
        (status = 200, description = "New tokens", body = TokenResponse),
        (status = 400, response = super::BadRequestBody),
        (status = 401, response = super::Unauthorized),
        (status = 413, response = super::TooLarge),
        (status = 415, response = super::NotJson),
        (status = 503, response = super::Unavailable),
    )
)]
#[post("/auth/refresh")]
pub async fn refresh(
    _: NoQuery,
    req: HttpRequest,
    state: web::Data<AppState>,
    body: JsonBody<RefreshRequest>,
) -> Result<HttpResponse, ApiError> {
    let from_cookie = body.0.refresh_token.is_none();
    let token = match body.0.refresh_token {
        Some(token) => token,
        None => req
            .cookie(REFRESH_COOKIE)
            .map(|c| c.value().to_owned())
            .ok_or_else(|| ApiError::unauthorized("No refresh token in the body or the cookie"))?,
    };
    let ttl = refresh_ttl(&state);
    let (user, staff, session_id, refresh_token) =
        with_db(&state, move |conn, desk| -> Result<_, ApiError> {
            match accounts::refresh(conn, &token, ttl, desk.now())? {
                Refresh::Rotated {
                    user,
                    session_id,
                    refresh_token,
                } => {
                    let staff = staff(conn, desk, &user)?;
                    Ok((*user, staff, session_id, refresh_token))
                }
                Refresh::Refused => Err(ApiError::unauthorized(
                    "The refresh token is not valid, was used before, or its session ended",
                )),
            }
        })
        .await?;
    let access = state.jwt.issue(&user, &session_id)?;
    Ok(token_response(
        &state,
        staff,
        access,
        refresh_token,
        from_cookie,
    ))
}

/// Sign out
///
/// Ends this session at once: its access and refresh tokens stop working.
#[utoipa::path(
    operation_id = "logout",
    tag = "auth",
    security(("bearer" = [])),
    responses(
        (status = 204, description = "Signed out; the refresh cookie is cleared"),
        (status = 401, response = super::Unauthorized),
        (status = 503, response = super::Unavailable),
    )
)]
#[post("/auth/logout")]
pub async fn logout(
    _: NoQuery,
    auth: AuthUser,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let session_id = auth.session_id.clone();
    with_db(&state, move |conn, desk| {
        accounts::logout(conn, &session_id, desk.now())
    })
    .await?;
    let mut gone = refresh_cookie(String::new(), Duration::ZERO);
    gone.make_removal();
    Ok(HttpResponse::NoContent().cookie(gone).finish())
}

/// The signed-in account
#[utoipa::path(
    operation_id = "getMe",
    tag = "auth",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The account the token belongs to", body = StaffUser),
        (status = 401, response = super::Unauthorized),
        (status = 503, response = super::Unavailable),
    )
)]
#[get("/auth/me")]
pub async fn me(
    _: NoQuery,
    auth: AuthUser,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let user = auth.user;
    let staff = with_db(&state, move |conn, desk| staff(conn, desk, &user)).await?;
    Ok(HttpResponse::Ok()
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .json(staff))
}

/// Change your own profile
///
/// Display name and the bio of your public author profile. Role and active state are
/// an admin's to change: a body that carries them is refused with 400.
#[utoipa::path(
    operation_id = "updateMe",
    tag = "auth",
    security(("bearer" = [])),
    request_body = ProfileUpdate,
    responses(
        (status = 200, description = "Your account as changed", body = StaffUser),
        (status = 400, response = super::BadRequestBody),
        (status = 401, response = super::Unauthorized),
        (status = 413, response = super::TooLarge),
        (status = 415, response = super::NotJson),
        (status = 503, response = super::Unavailable),
    )
)]
#[patch("/auth/me")]
pub async fn update_me(
    _: NoQuery,
    auth: AuthUser,
    state: web::Data<AppState>,
    body: JsonBody<ProfileUpdate>,
) -> Result<HttpResponse, ApiError> {
    let update = UserUpdate::from(body.0);
    let user_id = auth.user.id.clone();
    let staff = with_db(&state, move |conn, desk| -> Result<_, ApiError> {
        let row = accounts::update_user(conn, &user_id, &update, desk.now())?;
        Ok(staff(conn, desk, &row)?)
    })
    .await?;
    Ok(HttpResponse::Ok()
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .json(staff))
}

/// Change your password
///
/// Needs the current password. Ends every session of the account, this one too.
#[utoipa::path(
    operation_id = "changePassword",
    tag = "auth",
    security(("bearer" = [])),
    request_body = PasswordChange,
    responses(
        (status = 204, description = "Changed; sign in again with the new password"),
        (status = 400, response = super::BadRequestBody),
        (status = 401, response = super::Unauthorized),
        (status = 403, description = "The current password is wrong", body = shared::Problem,
            content_type = "application/problem+json"),
        (status = 413, response = super::TooLarge),
        (status = 415, response = super::NotJson),
        (status = 503, response = super::Unavailable),
    )
)]
#[post("/auth/password")]
pub async fn change_password(
    _: NoQuery,
    auth: AuthUser,
    state: web::Data<AppState>,
    body: JsonBody<PasswordChange>,
) -> Result<HttpResponse, ApiError> {
    let change = body.0;
    let user_id = auth.user.id.clone();
    with_db(&state, move |conn, desk| {
        accounts::change_password(
            conn,
            &user_id,
            &change.current_password,
            &change.new_password,
            desk.now(),
        )
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// An account error as its problem document.
impl From<AccountError> for ApiError {
    fn from(e: AccountError) -> Self {
        match e {
            AccountError::Invalid { field, message } => {
                ApiError::field(ErrorCode::InvalidBody, field, message)
            }
            AccountError::Conflict { field, message } => {
                ApiError::field(ErrorCode::Conflict, field, message)
            }
            AccountError::NotFound => ApiError::not_found("No such account"),
            AccountError::WrongPassword => ApiError::field(
                ErrorCode::Forbidden,
                "current_password",
                "The current password is wrong",
            ),
            AccountError::Storage(e) => ApiError::internal(e),
        }
    }
}
