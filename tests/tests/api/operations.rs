//! Operating the server: `/health`, `/ready`, Prometheus `/metrics`, the request id,
//! request limits (408, 503) and SQLite backups that restore every row.

use diesel::connection::SimpleConnection as _;
use diesel::{Connection as _, PgConnection, SqliteConnection};
use serde_json::json;
use shared::ErrorCode;
use shared::staff::Role;
use tests::{Db, TestApp, assert_problem, both_databases, python, spawn_app};
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};

use crate::newsroom;

fn header<'a>(response: &'a reqwest::Response, name: &str) -> &'a str {
    response
        .headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_else(|| panic!("no {name} header"))
}

async fn probes_answer_and_every_response_has_a_request_id(db: Db) {
    let app = spawn_app(db).await;
    let health = app.get("/health").await;
    assert_eq!(health.status(), 200);
    let id = header(&health, "x-request-id").to_owned();
    assert!(
        uuid::Uuid::parse_str(&id).is_ok(),
        "a new id is a UUID: {id}"
    );
    assert_eq!(
        health.json::<serde_json::Value>().await.expect("JSON"),
        json!({"status": "ok"})
    );
    let ready = app.get("/ready").await;
    assert_eq!(ready.status(), 200);
    assert_eq!(
        ready.json::<serde_json::Value>().await.expect("JSON"),
        json!({"status": "ready"})
    );

    // A proxy's id is kept; one that is not a sane token is replaced.
    for (given, kept) in [
        ("partner-42.a_B", true),
        ("no spaces allowed", false),
        (&*"x".repeat(129), false),
    ] {
        let response = app
            .client
            .get(app.url("/api/v1/articles/no-such-article"))
            .header("X-Request-Id", given)
            .send()
            .await
            .expect("answers");
        assert_eq!(response.status(), 404);
        let echoed = header(&response, "x-request-id");
        assert_eq!(echoed == given, kept, "{given:?} → {echoed:?}");
        if !kept {
            assert!(uuid::Uuid::parse_str(echoed).is_ok(), "{echoed}");
        }
    }
}

async fn metrics_count_requests_by_route_and_status(db: Db) {
    let app = spawn_app(db).await;
    for _ in 0..3 {
        assert_eq!(
            app.get("/api/v1/articles/no-such-article").await.status(),
            404
        );
    }
    assert_eq!(app.get("/api/v1/articles").await.status(), 200);
    let response = app.get("/metrics").await;
    assert_eq!(response.status(), 200);
    assert!(header(&response, "content-type").starts_with("text/plain; version=0.0.4"));
    let text = response.text().await.expect("text");
    // Parsed as Prometheus does: every sample line is `name{labels} value`.
    let samples: Vec<(&str, f64)> = text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .map(|l| {
            let (series, value) = l.rsplit_once(' ').expect("name and value");
            (series, value.parse::<f64>().expect("a number"))
        })
        .collect();
    let sample = |series: &str| {
        samples
            .iter()
            .find(|(s, _)| *s == series)
            .map(|(_, v)| *v)
            .unwrap_or_else(|| panic!("{series} in:\n{text}"))
    };
    let labels = r#"method="GET",route="/api/v1/articles/{slug}",status="404""#;
    assert_eq!(sample(&format!("http_requests_total{{{labels}}}")), 3.0);
    assert_eq!(
        sample(&format!("http_request_duration_seconds_count{{{labels}}}")),
        3.0
    );
    assert_eq!(
        sample(&format!(
            "http_request_duration_seconds_bucket{{{labels},le=\"+Inf\"}}"
        )),
        3.0
    );
    assert_eq!(
        sample(r#"http_requests_total{method="GET",route="/api/v1/articles",status="200"}"#),
        1.0
    );
    // Paths are not labels: the slug asked for appears nowhere.
    assert!(!text.contains("no-such-article"), "{text}");
    assert_eq!(sample("db_pool_max_connections"), 4.0);
    assert!(sample(r#"db_pool_connections{state="idle"}"#) >= 1.0);
}

async fn metrics_can_require_a_token(db: Db) {
    let app = TestApp::builder(db)
        .configure(|s| {
            s.server.metrics_token = Some(backend::config::Secret::new("scrape-secret"));
        })
        .spawn()
        .await;
    assert_eq!(app.get("/metrics").await.status(), 401);
    let wrong = app.get_authed("/metrics", "scrape-secreT").await;
    assert_eq!(wrong.status(), 401);
    let right = app.get_authed("/metrics", "scrape-secret").await;
    assert_eq!(right.status(), 200);
}

/// Holds the database's write lock (as a long transaction elsewhere would) until dropped.
enum WriteLock {
    Sqlite(SqliteConnection),
    Postgres(PgConnection),
}

impl WriteLock {
    fn take(database_url: &str) -> Self {
        if database_url.starts_with("postgres") {
            let mut conn = PgConnection::establish(database_url).expect("connects");
            conn.batch_execute("BEGIN; LOCK TABLE articles IN EXCLUSIVE MODE")
                .expect("locks");
            Self::Postgres(conn)
        } else {
            let path = database_url.trim_start_matches("sqlite://");
            let mut conn = SqliteConnection::establish(path).expect("opens");
            conn.batch_execute("BEGIN IMMEDIATE").expect("locks");
            Self::Sqlite(conn)
        }
    }

    fn release(self) {
        match self {
            Self::Sqlite(mut c) => c.batch_execute("ROLLBACK"),
            Self::Postgres(mut c) => c.batch_execute("ROLLBACK"),
        }
        .expect("released");
    }
}

/// An app that answers within 300 ms (with `pool_size` connections, when given), and
/// its answer to a write asked for while `WriteLock` holds the articles.
async fn a_write_held_up(
    db: Db,
    pool_size: Option<u32>,
) -> (TestApp, WriteLock, reqwest::Response) {
    let app = TestApp::builder(db)
        .configure(move |s| {
            s.server.request_timeout_ms = 300;
            if let Some(size) = pool_size {
                s.database.pool_size = size;
            }
        })
        .spawn()
        .await;
    let editor = app.staff_token(Role::Editor, "Sari Editor").await;
    let lock = WriteLock::take(&app.database_url);
    let response = app
        .post_json(
            "/api/v1/newsroom/articles",
            &json!({"headline": "Ditahan", "section": "internasional", "byline": "Sari", "language": "id",
                    "body": [{"type": "paragraph", "text": "Teks."}]}),
            Some(&editor),
        )
        .await;
    (app, lock, response)
}

async fn an_answer_past_its_deadline_is_503_with_retry_after(db: Db) {
    let (app, lock, response) = a_write_held_up(db, None).await;
    assert_eq!(header(&response, "retry-after"), "1");
    let problem = assert_problem(response, 503, ErrorCode::ServiceUnavailable, None).await;
    assert!(problem.detail.contains("300 ms"), "{}", problem.detail);
    lock.release();
    // Readers were never held up by the writer's lock.
    assert_eq!(app.get("/api/v1/articles").await.status(), 200);
}

/// Requests take turns at the database's connections, first come first served: one
/// that waits behind busy connections past its deadline gets the same 503, and the
/// turn comes back when the work holding it ends.
async fn a_request_waiting_for_its_turn_past_its_deadline_is_503(db: Db) {
    // The write holds the one turn while the lock holds it up, past its answer.
    let (app, lock, write) = a_write_held_up(db, Some(1)).await;
    assert_problem(write, 503, ErrorCode::ServiceUnavailable, None).await;
    let read = app.get("/api/v1/articles").await;
    assert_eq!(header(&read, "retry-after"), "1");
    let problem = assert_problem(read, 503, ErrorCode::ServiceUnavailable, None).await;
    assert!(problem.detail.contains("300 ms"), "{}", problem.detail);
    lock.release();
    assert_eq!(app.get("/api/v1/articles").await.status(), 200);
}

/// A client that sends its request head too slowly gets 408, and the connection ends.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_slow_request_head_is_408() {
    let app = TestApp::builder(Db::Sqlite)
        .configure(|s| s.server.head_timeout_ms = 200)
        .spawn()
        .await;
    let address = app.address.trim_start_matches("http://");
    let mut stream = tokio::net::TcpStream::connect(address)
        .await
        .expect("connects");
    // The head never ends: no blank line.
    stream
        .write_all(b"GET /api/v1/articles HTTP/1.1\r\nHost: localhost\r\n")
        .await
        .expect("writes");
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).await.expect("reads");
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
}

/// The name of the app's PostgreSQL database.
fn database_name(app: &TestApp) -> String {
    app.database_url
        .rsplit('/')
        .next()
        .expect("a name")
        .to_owned()
}

/// Ends every connection to database `name`, as a restart of PostgreSQL would, and
/// returns once each has ended: `pg_terminate_backend` alone only signals a backend,
/// which may still answer a query or two before it exits (a request the test expected
/// to meet a lost connection was answered, and the next met it: a second 503, seen in
/// CI). With a timeout it waits for the backend to be gone, and says false if it is not.
/// Called in a loop over the chosen backends, not in the query's `WHERE`: there the
/// planner may call it on rows before `datname` (a join) has filtered them — this
/// session's own, too.
fn end_every_connection(name: &str) {
    tests::postgres::superuser_execute(&format!(
        "DO $$ DECLARE backend int; BEGIN \
           FOR backend IN SELECT pid FROM pg_stat_activity WHERE datname = '{name}' LOOP \
             IF NOT pg_terminate_backend(backend, 10000) THEN \
               RAISE EXCEPTION 'a connection to {name} outlived ten seconds'; \
             END IF; \
           END LOOP; \
         END $$"
    ));
}

/// `/ready` is 503 while the database refuses connections, and 200 again after.
/// (PostgreSQL: an SQLite file in use cannot become unreachable this way.) The 503
/// comes once `/ready`'s own wait (2 s) has passed — before the pool's
/// `connection_timeout` (10 s), which it waited for before: that is what the elapsed
/// time is checked against, a bound the code sets, not a speed.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ready_is_503_while_postgresql_refuses_connections() {
    let app = spawn_app(Db::Postgres).await;
    assert_eq!(app.get("/ready").await.status(), 200);
    let name = database_name(&app);
    tests::postgres::superuser_execute(&format!(
        "ALTER DATABASE {name} WITH ALLOW_CONNECTIONS false"
    ));
    end_every_connection(&name);
    let asked = std::time::Instant::now();
    let response = app.get("/ready").await;
    let waited = asked.elapsed();
    assert!(
        waited < std::time::Duration::from_secs(10),
        "/ready took {waited:?}: the pool's connection timeout, not its own 2 s"
    );
    assert!(response.headers().contains_key("retry-after"));
    assert_problem(response, 503, ErrorCode::ServiceUnavailable, None).await;
    tests::postgres::superuser_execute(&format!(
        "ALTER DATABASE {name} WITH ALLOW_CONNECTIONS true"
    ));
    assert_eq!(app.get("/ready").await.status(), 200);
}

/// Connections PostgreSQL ended while they sat in the pool (the database restarted, an
/// administrator's `pg_terminate_backend`): the pool hands out a connection given back
/// within the last half second without asking the database first, so one request may
/// get one that is gone — it is answered 503 with `Retry-After`, never 500, the pool
/// drops it and asks of every other connection before handing it out: the next
/// request is answered. (Fails with a 500 when a lost connection is not told apart,
/// and with a second 503 when the pool keeps it or trusts the others.)
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn connections_postgresql_ended_cost_at_most_one_503() {
    let app = spawn_app(Db::Postgres).await;
    let editor = app.staff_token(Role::Editor, "Sari Editor").await;
    // Each request reads the account (`AuthUser`): the database is asked every time.
    assert_eq!(
        app.get_authed("/api/v1/auth/me", &editor).await.status(),
        200
    );
    end_every_connection(&database_name(&app));
    let first = app.get_authed("/api/v1/auth/me", &editor).await;
    if first.status() != 200 {
        assert!(first.headers().contains_key("retry-after"));
        assert_problem(first, 503, ErrorCode::ServiceUnavailable, None).await;
    }
    for _ in 0..app.settings.database.pool_size {
        assert_eq!(
            app.get_authed("/api/v1/auth/me", &editor).await.status(),
            200
        );
    }
}

/// `backup` (SQLite `VACUUM INTO`) while the server runs; the copy, used as the
/// database, has every row of every table and serves the same articles.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_backup_restores_every_row() {
    let app = spawn_app(Db::Sqlite).await;
    newsroom(&app);
    let editor = app.staff_token(Role::Editor, "Sari Editor").await;
    app.create_article(
        &editor,
        &json!({"headline": "Draf cadangan", "section": "internasional", "byline": "Sari", "language": "id",
                "body": [{"type": "paragraph", "text": "Belum terbit."}]}),
    )
    .await;
    let dir = tempfile::tempdir().expect("a folder");
    let copy = dir.path().join("backup.db");
    let source = app.database_url.clone();
    let to = copy.clone();
    let bytes = tokio::task::spawn_blocking(move || {
        backend::db::backup(&source, &to, std::time::Duration::from_secs(5))
    })
    .await
    .expect("joined")
    .expect("backed up");
    assert!(bytes > 0);
    // A second backup never overwrites the first.
    assert!(
        backend::db::backup(&app.database_url, &copy, std::time::Duration::from_secs(5)).is_err()
    );

    // Every table, every row, compared by SQLite itself (Python's sqlite3).
    let original = app.database_url.trim_start_matches("sqlite://");
    let report = python(
        "import json, sqlite3, sys\n\
         a, b = json.load(sys.stdin)\n\
         def rows(path):\n\
         \x20   db = sqlite3.connect(path)\n\
         \x20   tables = [t for (t,) in db.execute(\"SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL%' ORDER BY name\")]\n\
         \x20   return {t: sorted(map(repr, db.execute(f'SELECT * FROM \"{t}\"'))) for t in tables}\n\
         x, y = rows(a), rows(b)\n\
         print(json.dumps({'tables': len(x), 'rows': sum(map(len, x.values())), 'same': x == y,\n\
         \x20   'differ': [t for t in x if x[t] != y.get(t)]}))\n",
        serde_json::to_string(&json!([original, copy]))
            .expect("json")
            .as_bytes(),
    );
    assert_eq!(report["same"], true, "{report}");
    assert!(report["tables"].as_u64() > Some(20), "{report}");
    assert!(report["rows"].as_u64() > Some(100), "{report}");

    // Restored: a server on the copy serves what the original serves.
    let restored = app
        .restart_with(|s| {
            s.database.url = format!("sqlite://{}", copy.display());
        })
        .await;
    for path in [
        "/api/v1/articles?per_page=100",
        "/api/v1/changes",
        "/api/v1/entities",
    ] {
        let a: serde_json::Value = app.get_json(path).await;
        let b: serde_json::Value = restored.get_json(path).await;
        assert!(a == b, "{path} differs on the restored copy");
    }
    // Search finds the same (scores move with the clock: relevance decays with age).
    let found = |page: shared::SearchPage| -> Vec<String> {
        page.data.into_iter().map(|h| h.article.slug).collect()
    };
    assert_eq!(
        found(app.get_json("/api/v1/search?q=rusia").await),
        found(restored.get_json("/api/v1/search?q=rusia").await)
    );
    let drafts: serde_json::Value = restored
        .get_authed("/api/v1/newsroom/articles?status=draft", &editor)
        .await
        .json()
        .await
        .expect("JSON");
    assert!(drafts.to_string().contains("Draf cadangan"), "{drafts}");
}

both_databases!(
    probes_answer_and_every_response_has_a_request_id,
    metrics_count_requests_by_route_and_status,
    metrics_can_require_a_token,
    an_answer_past_its_deadline_is_503_with_retry_after,
    a_request_waiting_for_its_turn_past_its_deadline_is_503,
);
