//! Sign-in, tokens, sessions and throttling.

use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde_json::{Value, json};
use shared::ErrorCode;
use shared::staff::{Role, StaffUser, TokenResponse};
use tests::{
    Db, PASSWORD, TEST_JWT_SECRET, TestApp, assert_problem, both_databases, header, spawn_app,
};

const ME: &str = "/api/v1/auth/me";

async fn login_me_refresh_and_logout(db: Db) {
    let app = spawn_app(db).await;
    let email = app.create_staff(Role::Editor, "Sari Editor");
    let response = app
        .post_json(
            "/api/v1/auth/login",
            &tests::login_request(&email, PASSWORD),
            None,
        )
        .await;
    assert_eq!(response.status(), 200);
    assert_eq!(header(response.headers(), "cache-control"), "no-store");
    let tokens: TokenResponse = response.json().await.expect("tokens");
    assert_eq!(tokens.token_type, "Bearer");
    assert_eq!(tokens.expires_in, 900);
    assert_eq!(tokens.user.role, Role::Editor);
    assert_eq!(
        tokens.user.author.as_ref().map(|a| a.slug.as_str()),
        Some("sari-editor")
    );
    let refresh = tokens
        .refresh_token
        .clone()
        .expect("refresh token in the body");

    let me: StaffUser = app
        .get_authed(ME, &tokens.access_token)
        .await
        .json()
        .await
        .expect("me");
    assert_eq!(me, tokens.user);

    // Rotation: the refresh token works once.
    let rotated = app
        .post_json(
            "/api/v1/auth/refresh",
            &shared::staff::RefreshRequest {
                refresh_token: Some(refresh.to_string()),
            },
            None,
        )
        .await;
    assert_eq!(rotated.status(), 200);
    let rotated: TokenResponse = rotated.json().await.expect("tokens");
    let next = rotated.refresh_token.clone().expect("a new refresh token");
    assert_ne!(next, refresh);
    assert_eq!(
        app.get_authed(ME, &rotated.access_token).await.status(),
        200
    );

    // Reuse of the old one revokes the whole family: the new one dies too.
    let reuse = app
        .post_json(
            "/api/v1/auth/refresh",
            &shared::staff::RefreshRequest {
                refresh_token: Some(refresh.to_string()),
            },
            None,
        )
        .await;
    assert_problem(reuse, 401, ErrorCode::Unauthorized, None).await;
    let after_reuse = app
        .post_json(
            "/api/v1/auth/refresh",
            &shared::staff::RefreshRequest {
                refresh_token: Some(next.to_string()),
            },
            None,
        )
        .await;
    assert_eq!(after_reuse.status(), 401, "the family is revoked");
    assert_eq!(
        app.get_authed(ME, &rotated.access_token).await.status(),
        401
    );

    // Logout ends a session at once; other sessions live on.
    let first = app.login(&email).await;
    let second = app.login(&email).await;
    let logout = app
        .post_json("/api/v1/auth/logout", &json!({}), Some(&first.access_token))
        .await;
    assert_eq!(logout.status(), 204);
    assert_eq!(app.get_authed(ME, &first.access_token).await.status(), 401);
    let refresh_after_logout = app
        .post_json(
            "/api/v1/auth/refresh",
            &json!({"refresh_token": first.refresh_token}),
            None,
        )
        .await;
    assert_eq!(refresh_after_logout.status(), 401);
    assert_eq!(app.get_authed(ME, &second.access_token).await.status(), 200);
}

async fn the_web_app_gets_its_refresh_token_as_a_cookie(db: Db) {
    let app = spawn_app(db).await;
    let email = app.create_staff(Role::Author, "Budi Penulis");
    let response = app
        .post_json(
            "/api/v1/auth/login",
            &json!({"email": email, "password": PASSWORD, "cookie": true}),
            None,
        )
        .await;
    assert_eq!(response.status(), 200);
    let cookie = header(response.headers(), "set-cookie");
    for part in [
        "gi_refresh=",
        "HttpOnly",
        "Secure",
        "SameSite=Strict",
        "Path=/api/v1/auth",
    ] {
        assert!(cookie.contains(part), "{part} in {cookie}");
    }
    let tokens: TokenResponse = response.json().await.expect("tokens");
    assert_eq!(tokens.refresh_token, None, "not in the body");
    let value = cookie
        .split(';')
        .next()
        .and_then(|kv| kv.strip_prefix("gi_refresh="))
        .expect("cookie value")
        .to_owned();

    let refreshed = app
        .client
        .post(app.url("/api/v1/auth/refresh"))
        .header("Cookie", format!("gi_refresh={value}"))
        .json(&json!({}))
        .send()
        .await
        .expect("response");
    assert_eq!(refreshed.status(), 200);
    let next_cookie = header(refreshed.headers(), "set-cookie");
    assert!(next_cookie.starts_with("gi_refresh=") && !next_cookie.contains(&value));

    let logout = app
        .post_json(
            "/api/v1/auth/logout",
            &json!({}),
            Some(&tokens.access_token),
        )
        .await;
    assert_eq!(logout.status(), 204);
    let cleared = header(logout.headers(), "set-cookie");
    assert!(
        cleared.starts_with("gi_refresh=;") && cleared.contains("Max-Age=0"),
        "{cleared}"
    );
}

/// Changes a value in place and hands it on.
trait Tap: Sized {
    fn tap(mut self, change: impl FnOnce(&mut Self)) -> Self {
        change(&mut self);
        self
    }
}

impl Tap for Value {}

fn forge(header: Header, claims: &Value, key: &[u8]) -> String {
    jsonwebtoken::encode(&header, claims, &EncodingKey::from_secret(key)).expect("token")
}

/// The base64url of a JSON value, for hand-made tokens jsonwebtoken will not make.
fn b64(value: &Value) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(value.to_string())
}

async fn every_bad_token_is_refused(db: Db) {
    let app = spawn_app(db).await;
    let email = app.create_staff(Role::Admin, "Ani Admin");
    let tokens = app.login(&email).await;
    assert_eq!(app.get_authed(ME, &tokens.access_token).await.status(), 200);

    // Start from the real claims, then spoil one thing at a time.
    let payload = tokens.access_token.split('.').nth(1).expect("payload");
    let real: Value = {
        use base64::Engine as _;
        let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(payload)
            .expect("b64");
        serde_json::from_slice(&bytes).expect("claims")
    };
    let with = |key: &str, value: Value| {
        let mut claims = real.clone();
        claims[key] = value;
        claims
    };
    let without = |key: &str| {
        let mut claims = real.clone();
        claims.as_object_mut().expect("object").remove(key);
        claims
    };
    let secret = TEST_JWT_SECRET.as_bytes();
    let hs256 = Header::new(Algorithm::HS256);
    let now = chrono::Utc::now().timestamp();
    let signature = tokens
        .access_token
        .rsplit('.')
        .next()
        .expect("signature")
        .to_owned();

    let cases: Vec<(&str, String)> = vec![
        (
            "the real claims re-signed (control)",
            forge(hs256.clone(), &real, secret),
        ),
        (
            "alg none",
            format!(
                "{}.{}.",
                b64(&json!({"alg": "none", "typ": "JWT"})),
                b64(&real)
            ),
        ),
        (
            "alg none with the old signature",
            format!(
                "{}.{}.{signature}",
                b64(&json!({"alg": "none", "typ": "JWT"})),
                b64(&real)
            ),
        ),
        (
            "another algorithm (HS512)",
            forge(Header::new(Algorithm::HS512), &real, secret),
        ),
        (
            "another algorithm (HS384)",
            forge(Header::new(Algorithm::HS384), &real, secret),
        ),
        (
            "a wrong key",
            forge(
                hs256.clone(),
                &real,
                b"another-secret-0123456789abcdef0123456789",
            ),
        ),
        (
            "a wrong iss",
            forge(hs256.clone(), &with("iss", json!("someone-else")), secret),
        ),
        (
            "a wrong aud",
            forge(hs256.clone(), &with("aud", json!("another-api")), secret),
        ),
        (
            "a wrong typ",
            forge(hs256.clone(), &with("typ", json!("refresh")), secret),
        ),
        (
            "expired",
            forge(hs256.clone(), &with("exp", json!(now - 5)), secret),
        ),
        ("no exp", forge(hs256.clone(), &without("exp"), secret)),
        (
            "a non-numeric exp",
            forge(hs256.clone(), &with("exp", json!("tomorrow")), secret),
        ),
        ("no iat", forge(hs256.clone(), &without("iat"), secret)),
        ("no sub", forge(hs256.clone(), &without("sub"), secret)),
        (
            "a stale token version",
            forge(hs256.clone(), &with("ver", json!(0)), secret),
        ),
        (
            "another session",
            forge(
                hs256.clone(),
                &with("sid", json!(uuid::Uuid::now_v7().to_string())),
                secret,
            ),
        ),
        (
            "a refresh token used as access token",
            tokens.refresh_token.clone().expect("refresh"),
        ),
        ("garbage", "not.a.token".to_owned()),
        (
            "issued an hour from now",
            forge(
                hs256.clone(),
                &with("iat", json!(now + 3600)).tap(|c| c["exp"] = json!(now + 3600 + 60)),
                secret,
            ),
        ),
        (
            "living a second longer than access_ttl_seconds",
            forge(
                hs256.clone(),
                &with("iat", json!(now)).tap(|c| c["exp"] = json!(now + 901)),
                secret,
            ),
        ),
        (
            "living exactly access_ttl_seconds (control)",
            forge(
                hs256.clone(),
                &with("iat", json!(now)).tap(|c| c["exp"] = json!(now + 900)),
                secret,
            ),
        ),
    ];
    for (what, token) in cases {
        let response = app.get_authed(ME, &token).await;
        if what.ends_with("(control)") {
            assert_eq!(response.status(), 200, "{what}");
            continue;
        }
        assert_eq!(
            header(response.headers(), "www-authenticate"),
            "Bearer realm=\"global-insight\", error=\"invalid_token\"",
            "{what}"
        );
        let problem = assert_problem(response, 401, ErrorCode::Unauthorized, None).await;
        // Why is for the log: the client learns nothing of the library or the check.
        assert!(
            [
                "The access token is not valid",
                "The session has ended; sign in again"
            ]
            .contains(&problem.detail.as_str()),
            "{what}: {}",
            problem.detail
        );
    }

    // An access token is not a refresh token either.
    let response = app
        .post_json(
            "/api/v1/auth/refresh",
            &json!({"refresh_token": tokens.access_token}),
            None,
        )
        .await;
    assert_problem(response, 401, ErrorCode::Unauthorized, None).await;

    for authorization in ["", "Bearer", "Bearer ", "Basic YTpi", "Token abc"] {
        let response = app
            .client
            .get(app.url(ME))
            .header("Authorization", authorization)
            .send()
            .await
            .expect("response");
        assert_eq!(response.status(), 401, "{authorization:?}");
    }
    assert_eq!(app.get(ME).await.status(), 401, "no Authorization header");
}

async fn unknown_account_and_wrong_password_look_the_same(db: Db) {
    let app = spawn_app(db).await;
    let email = app.create_staff(Role::Editor, "Citra Editor");
    let mut bodies = Vec::new();
    for (email, password) in [
        (email.as_str(), "wrong password!"),
        ("nobody@globalinsight.test", PASSWORD),
    ] {
        let response = app
            .post_json(
                "/api/v1/auth/login",
                &tests::login_request(email, password),
                None,
            )
            .await;
        let problem = assert_problem(response, 401, ErrorCode::InvalidCredentials, None).await;
        bodies.push(problem);
    }
    assert_eq!(bodies[0], bodies[1]);
}

/// An email past its documented length (`maxLength`, in characters) is refused naming
/// it, before it is looked up or kept as a failure; at the length it is only a wrong
/// sign-in, multi-byte characters too.
async fn a_sign_in_email_is_bounded_as_its_schema_says(db: Db) {
    let app = spawn_app(db).await;
    let email =
        |letter: &str, len: usize| format!("{}@globalinsight.test", letter.repeat(len - 19));
    let cases = [
        (email("e", 254), None),
        (email("é", 254), None),
        (email("e", 255), Some("email")),
    ];
    for (email, refused) in cases {
        let response = app
            .post_json(
                "/api/v1/auth/login",
                &tests::login_request(&email, "kata sandi salah"),
                None,
            )
            .await;
        match refused {
            Some(field) => {
                assert_problem(response, 400, ErrorCode::InvalidBody, Some(field)).await;
            }
            None => {
                assert_problem(response, 401, ErrorCode::InvalidCredentials, None).await;
            }
        }
    }
}

async fn the_sixth_failure_is_throttled_whatever_the_headers_say(db: Db) {
    let app = spawn_app(db).await;
    let email = app.create_staff(Role::Editor, "Dewi Editor");
    for attempt in 1..=5 {
        let response = app
            .client
            .post(app.url("/api/v1/auth/login"))
            .header("X-Forwarded-For", format!("203.0.113.{attempt}"))
            .json(&tests::login_request(
                &format!("other{attempt}@globalinsight.test"),
                "wrong password!",
            ))
            .send()
            .await
            .expect("response");
        assert_eq!(response.status(), 401, "attempt {attempt}");
    }
    // From this IP, even with the right password and another X-Forwarded-For.
    let response = app
        .client
        .post(app.url("/api/v1/auth/login"))
        .header("X-Forwarded-For", "198.51.100.7")
        .json(&tests::login_request(&email, PASSWORD))
        .send()
        .await
        .expect("response");
    let retry_after: u64 = header(response.headers(), "retry-after")
        .parse()
        .expect("Retry-After");
    assert!((1..=900).contains(&retry_after), "{retry_after}");
    assert_problem(response, 429, ErrorCode::TooManyRequests, None).await;
}

async fn an_account_is_throttled_across_addresses_behind_a_trusted_proxy(db: Db) {
    let mut app = spawn_app(db).await;
    // A second server on the same database, behind a proxy at 127.0.0.1.
    app.settings.auth.trusted_proxies = vec!["127.0.0.1".parse().expect("ip")];
    let behind_proxy = app.restart().await;
    let email = app.create_staff(Role::Editor, "Eka Editor");
    let attempt = |ip: String, password: &'static str| {
        let client = behind_proxy.client.clone();
        let url = behind_proxy.url("/api/v1/auth/login");
        let email = email.clone();
        async move {
            client
                .post(url)
                .header("X-Forwarded-For", ip)
                .json(&tests::login_request(&email, password))
                .send()
                .await
                .expect("response")
        }
    };
    for n in 1..=5 {
        let response = attempt(format!("203.0.113.{n}"), "wrong password!").await;
        assert_eq!(response.status(), 401, "attempt {n}");
    }
    let response = attempt("198.51.100.9".to_owned(), PASSWORD).await;
    assert_problem(response, 429, ErrorCode::TooManyRequests, None).await;
    // Another account from a fresh address is not affected.
    let other = app.create_staff(Role::Editor, "Fajar Editor");
    let response = behind_proxy
        .client
        .post(behind_proxy.url("/api/v1/auth/login"))
        .header("X-Forwarded-For", "198.51.100.10")
        .json(&tests::login_request(&other, PASSWORD))
        .send()
        .await
        .expect("response");
    assert_eq!(response.status(), 200);
}

/// The `gi_device` cookie a sign-in set, checked for its attributes; its value.
fn device_cookie(response: &reqwest::Response) -> String {
    let cookie = response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("gi_device="))
        .expect("a device cookie")
        .to_owned();
    for attribute in ["HttpOnly", "Secure", "SameSite=Strict", "Path=/api/v1/auth"] {
        assert!(cookie.contains(attribute), "{cookie}");
    }
    cookie["gi_device=".len()..]
        .split(';')
        .next()
        .expect("value")
        .to_owned()
}

/// Guessing an account's password from many addresses is throttled, but its owner is
/// not locked out: a device that signed in to the account before still gets in.
async fn the_owner_still_gets_in_while_the_account_is_attacked(db: Db) {
    let app = TestApp::builder(db)
        .configure(|s| {
            s.auth.trusted_proxies = vec!["127.0.0.1".parse().expect("ip")];
        })
        .spawn()
        .await;
    let email = app.create_staff(Role::Admin, "Hana Admin");
    let login = |ip: &str, email: &str, password: &str, device: Option<&str>| {
        let mut request = app
            .client
            .post(app.url("/api/v1/auth/login"))
            .header("X-Forwarded-For", ip)
            .json(&tests::login_request(email, password));
        if let Some(device) = device {
            request = request.header("Cookie", format!("gi_device={device}"));
        }
        async move { request.send().await.expect("response") }
    };
    // The owner signs in at the office once; from then on the device is known.
    let office = login("198.51.100.20", &email, PASSWORD, None).await;
    assert_eq!(office.status(), 200);
    let device = device_cookie(&office);
    let other = app.create_staff(Role::Editor, "Indra Editor");
    let others_device = device_cookie(&login("198.51.100.21", &other, PASSWORD, None).await);

    // Someone guesses from five addresses, then goes on from a sixth: 429, with a wrong
    // password or the right one, without a device cookie, with a forged one or with
    // another account's.
    for n in 1..=5 {
        let response = login(&format!("203.0.113.{n}"), &email, "wrong password!", None).await;
        assert_eq!(response.status(), 401, "guess {n}");
    }
    for (ip, password, cookie) in [
        ("203.0.113.50", "wrong password!", None),
        ("198.51.100.99", PASSWORD, None),
        ("198.51.100.98", PASSWORD, Some("forged.device.cookie")),
        ("198.51.100.97", PASSWORD, Some(others_device.as_str())),
    ] {
        let response = login(ip, &email, password, cookie).await;
        assert_problem(response, 429, ErrorCode::TooManyRequests, None).await;
    }

    // The owner, on the known device from a new address (a train's Wi-Fi), gets in.
    let train = login("198.51.100.77", &email, PASSWORD, Some(&device)).await;
    assert_eq!(train.status(), 200);
    let train: TokenResponse = train.json().await.expect("tokens");
    // A known device is no licence to guess: its address is still throttled.
    for n in 1..=5 {
        let response = login("198.51.100.78", &email, "wrong password!", Some(&device)).await;
        assert_eq!(response.status(), 401, "guess {n} on the known device");
    }
    let response = login("198.51.100.78", &email, PASSWORD, Some(&device)).await;
    assert_problem(response, 429, ErrorCode::TooManyRequests, None).await;

    // A password change forgets every device: the old cookie is no pass any more.
    let changed = app
        .post_json(
            "/api/v1/auth/password",
            &shared::staff::PasswordChange {
                current_password: PASSWORD.to_string(),
                new_password: "kata sandi yang baru sekali".to_string(),
            },
            Some(&train.access_token),
        )
        .await;
    assert_eq!(changed.status(), 204);
    let response = login(
        "198.51.100.79",
        &email,
        "kata sandi yang baru sekali",
        Some(&device),
    )
    .await;
    assert_problem(response, 429, ErrorCode::TooManyRequests, None).await;
}

async fn password_change_ends_every_session(db: Db) {
    let app = spawn_app(db).await;
    let email = app.create_staff(Role::Author, "Gita Penulis");
    let first = app.login(&email).await;
    let second = app.login(&email).await;
    let wrong = app
        .post_json(
            "/api/v1/auth/password",
            &shared::staff::PasswordChange {
                current_password: "not my password".to_string(),
                new_password: "a brand new password".to_string(),
            },
            Some(&first.access_token),
        )
        .await;
    assert_problem(wrong, 403, ErrorCode::Forbidden, Some("current_password")).await;
    let short = app
        .post_json(
            "/api/v1/auth/password",
            &shared::staff::PasswordChange {
                current_password: PASSWORD.to_string(),
                new_password: "short".to_string(),
            },
            Some(&first.access_token),
        )
        .await;
    assert_problem(short, 400, ErrorCode::InvalidBody, Some("new_password")).await;

    let changed = app
        .post_json(
            "/api/v1/auth/password",
            &shared::staff::PasswordChange {
                current_password: PASSWORD.to_string(),
                new_password: "a brand new password".to_string(),
            },
            Some(&first.access_token),
        )
        .await;
    assert_eq!(changed.status(), 204);
    for tokens in [&first, &second] {
        assert_eq!(app.get_authed(ME, &tokens.access_token).await.status(), 401);
        let refresh = app
            .post_json(
                "/api/v1/auth/refresh",
                &json!({"refresh_token": tokens.refresh_token}),
                None,
            )
            .await;
        assert_eq!(refresh.status(), 401);
    }
    let old = app
        .post_json(
            "/api/v1/auth/login",
            &tests::login_request(&email, PASSWORD),
            None,
        )
        .await;
    assert_eq!(old.status(), 401);
    let new = app
        .post_json(
            "/api/v1/auth/login",
            &tests::login_request(&email, "a brand new password"),
            None,
        )
        .await;
    assert_eq!(new.status(), 200);
}

both_databases!(
    login_me_refresh_and_logout,
    the_web_app_gets_its_refresh_token_as_a_cookie,
    every_bad_token_is_refused,
    unknown_account_and_wrong_password_look_the_same,
    a_sign_in_email_is_bounded_as_its_schema_says,
    the_sixth_failure_is_throttled_whatever_the_headers_say,
    an_account_is_throttled_across_addresses_behind_a_trusted_proxy,
    the_owner_still_gets_in_while_the_account_is_attacked,
    password_change_ends_every_session,
);
