//! Test harness: the real server on port 0 with its own database — a temporary
//! SQLite file, or a fresh database in a throwaway PostgreSQL cluster that this
//! process starts once and stops when it exits.

pub mod at_exit;
pub mod browser;
pub mod postgres;
pub mod s3;
pub mod sse;

use std::sync::atomic::{AtomicI64, Ordering};
use std::time::Duration;

use backend::config::Settings;
use backend::domain::import::{ImportOptions, Imported};
use backend::domain::{Clock, Desk};
use reqwest::header::HeaderMap;
use serde::de::DeserializeOwned;
use shared::newsroom::ArticleInput;
use shared::staff::{NewUser, Role, TokenResponse};
use shared::{Article, ArticleStatus, ErrorCode, Problem};

/// The tests' access-token key, so that tests can forge tokens to prove they are refused.
pub const TEST_JWT_SECRET: &str = "test-secret-0123456789abcdef0123456789abcdef";

/// A password that passes the length rule.
pub const PASSWORD: &str = "kata sandi yang panjang";

/// Where a test's image library keeps its files: a folder (the default), or a bucket
/// of the test S3 server (`s3`), as several instances share one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Storage {
    Folder,
    S3,
}

/// Which database a test runs on. Every API test runs on both.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Db {
    Sqlite,
    Postgres,
}

#[derive(Debug)]
pub struct TestApp {
    /// `http://127.0.0.1:<port>`
    pub address: String,
    pub client: reqwest::Client,
    pub database_url: String,
    pub settings: Settings,
    /// The server's clock, when the test drives it (`spawn_app_with_clock`).
    pub clock: Option<&'static AtomicI64>,
    /// The test's database, kept while any server on it runs (`restart` shares it).
    _database: std::sync::Arc<OwnedDatabase>,
    /// The image library's files (`settings.media.dir`), this test's own.
    _media_dir: Option<std::sync::Arc<tempfile::TempDir>>,
    /// The search index (`settings.search.index_dir`), this instance's own.
    _index_dir: Option<std::sync::Arc<tempfile::TempDir>>,
}

/// A test's own database: a SQLite file in its own folder, or a database in the
/// PostgreSQL test cluster; either is removed when the last server on it is done.
#[derive(Debug)]
enum OwnedDatabase {
    Sqlite { _folder: tempfile::TempDir },
    Postgres { _database: postgres::Database },
}

/// How a test's server starts: its database, with the demo article (as a fresh
/// install starts) or empty, on the system's clock or one the test sets
/// (`TestApp::set_clock`), with settings the test changes. `spawn_app(db)` is the
/// common case.
/// A change to the settings before the server starts.
type SettingsChange<'a> = Box<dyn FnOnce(&mut Settings) + 'a>;

#[must_use]
pub struct TestAppBuilder<'a> {
    db: Db,
    seed: bool,
    clock: Option<&'static AtomicI64>,
    configure: Vec<SettingsChange<'a>>,
}

impl TestApp {
    pub fn builder<'a>(db: Db) -> TestAppBuilder<'a> {
        TestAppBuilder {
            db,
            seed: true,
            clock: None,
            configure: Vec::new(),
        }
    }
}

impl std::fmt::Debug for TestAppBuilder<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TestAppBuilder")
            .field("db", &self.db)
            .field("seed", &self.seed)
            .field("manual_clock", &self.clock.is_some())
            .field("settings_changes", &self.configure.len())
            .finish()
    }
}

impl<'a> TestAppBuilder<'a> {
    /// No demo article: the database starts empty.
    pub fn empty(mut self) -> Self {
        self.seed = false;
        self
    }

    /// The image library's files where `storage` says.
    pub fn storage(self, storage: Storage) -> Self {
        match storage {
            Storage::Folder => self,
            Storage::S3 => self.configure(|settings| settings.media.s3 = Some(s3::fresh_bucket())),
        }
    }

    /// A clock the test sets; it starts at the real time.
    pub fn manual_clock(mut self) -> Self {
        let micros = chrono::Utc::now().timestamp_micros();
        // Leaked on purpose: one small counter per test, alive as long as its server.
        self.clock = Some(Box::leak(Box::new(AtomicI64::new(micros))));
        self
    }

    /// Settings changed before the server starts (applied in order).
    pub fn configure(mut self, configure: impl FnOnce(&mut Settings) + 'a) -> Self {
        self.configure.push(Box::new(configure));
        self
    }

    pub async fn spawn(self) -> TestApp {
        let clock = self.clock.map_or(Clock::System, Clock::Manual);
        let configure = self.configure;
        let mut app = spawn_configured(self.db, self.seed, clock, move |settings| {
            for change in configure {
                change(settings);
            }
        })
        .await;
        app.clock = self.clock;
        app
    }
}

/// The server with the demo article loaded, as a fresh install starts.
pub async fn spawn_app(db: Db) -> TestApp {
    TestApp::builder(db).spawn().await
}

/// The built reader app (`scripts/build-frontend` writes it; the test command runs that first).
pub fn site_dir() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/site")
}

async fn spawn_configured(
    db: Db,
    seed: bool,
    clock: Clock,
    configure: impl FnOnce(&mut Settings),
) -> TestApp {
    init_logging();
    let (database_url, database) = match db {
        Db::Sqlite => {
            let dir = tempfile::tempdir().expect("temporary folder");
            let url = format!("sqlite://{}", dir.path().join("test.db").display());
            (url, OwnedDatabase::Sqlite { _folder: dir })
        }
        Db::Postgres => {
            let database = postgres::fresh_database();
            (
                database.url.clone(),
                OwnedDatabase::Postgres {
                    _database: database,
                },
            )
        }
    };
    let media_dir = std::sync::Arc::new(tempfile::tempdir().expect("a media folder"));
    let mut settings = Settings::default();
    settings.server.port = 0;
    settings.server.workers = 1;
    settings.database.url.clone_from(&database_url);
    settings.database.pool_size = 4;
    settings.desk.seed_on_empty = seed;
    settings.auth.jwt_secret = Some(backend::config::Secret::new(TEST_JWT_SECRET));
    settings.web.dir = site_dir();
    settings.media.dir = media_dir.path().to_owned();
    let index_dir = std::sync::Arc::new(tempfile::tempdir().expect("an index folder"));
    settings.search.index_dir = index_dir.path().to_owned();
    // Renditions are made when a test says (`TestApp::render_media`).
    settings.media.render_in_background = false;
    // Tests also write to the database beside the server (`TestApp::import`, as the
    // CLI would): the server confirms kept answers on every request, so it sees those
    // writes at once (the response cache's own tests set a longer time).
    settings.http.cache_revalidate_ms = 0;
    configure(&mut settings);
    TestApp {
        address: start_server(&settings, clock).await,
        clock: None,
        client: reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(Duration::from_secs(30))
            .build()
            .expect("HTTP client"),
        database_url,
        settings,
        _database: std::sync::Arc::new(database),
        _media_dir: Some(media_dir),
        _index_dir: Some(index_dir),
    }
}

/// Builds and starts a server; its `http://127.0.0.1:<port>`.
async fn start_server(settings: &Settings, clock: Clock) -> String {
    let application = backend::Application::build_with_clock(settings.clone(), clock)
        .await
        .expect("the application builds");
    let address = format!("http://127.0.0.1:{}", application.port());
    tokio::spawn(application.run_until_stopped());
    address
}

/// Server logs only when `TEST_LOG` is set.
fn init_logging() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    if std::env::var_os("TEST_LOG").is_some() {
        ONCE.call_once(|| {
            let _ = tracing_subscriber::fmt()
                .with_env_filter(tracing_subscriber::EnvFilter::new("info"))
                .with_test_writer()
                .try_init();
        });
    }
}

impl TestApp {
    /// Another server on the same database with these settings (as a restart, or a
    /// second instance, would be); this one keeps running.
    pub async fn restart(&self) -> TestApp {
        self.restart_with(|_| {}).await
    }

    /// As `restart`, with settings changed by `configure` (another database file, say).
    pub async fn restart_with(&self, configure: impl FnOnce(&mut Settings)) -> TestApp {
        let mut settings = self.settings.clone();
        settings.server.port = 0;
        // Each instance has its own search index.
        let index_dir = std::sync::Arc::new(tempfile::tempdir().expect("an index folder"));
        settings.search.index_dir = index_dir.path().to_owned();
        configure(&mut settings);
        let clock = self.clock.map_or(Clock::System, Clock::Manual);
        TestApp {
            address: start_server(&settings, clock).await,
            client: self.client.clone(),
            database_url: settings.database.url.clone(),
            settings,
            clock: self.clock,
            _database: self._database.clone(),
            _media_dir: self._media_dir.clone(),
            _index_dir: Some(index_dir),
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.get_with(path, &[]).await
    }

    pub async fn get_with(&self, path: &str, headers: &[(&str, &str)]) -> reqwest::Response {
        let mut request = self.client.get(self.url(path));
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        request.send().await.expect("the server answers")
    }

    /// GETs `path`, asserts 200 and a JSON body, and decodes it.
    pub async fn get_json<T: DeserializeOwned>(&self, path: &str) -> T {
        let response = self.get(path).await;
        let status = response.status();
        let content_type = header(response.headers(), "content-type");
        let body = response.text().await.expect("body");
        assert_eq!(status, 200, "GET {path}: {body}");
        assert_eq!(content_type, "application/json", "GET {path}");
        serde_json::from_str(&body).unwrap_or_else(|e| panic!("GET {path}: {e}: {body}"))
    }

    /// Imports filed copy into this app's database, as `global-insight import` does.
    pub fn import(&self, file_name: &str, text: &str, options: &ImportOptions) -> Imported {
        self.try_import(file_name, text, options)
            .unwrap_or_else(|e| panic!("importing {file_name}: {e}"))
    }

    pub fn try_import(
        &self,
        file_name: &str,
        text: &str,
        options: &ImportOptions,
    ) -> Result<Imported, backend::domain::import::ImportError> {
        let files = [(file_name.to_owned(), text.to_owned())];
        let mut results = self.import_batch(&files, options);
        results.pop().expect("one result per file")
    }

    /// Imports files (name, text) as one batch, as `global-insight import` does.
    pub fn import_batch(
        &self,
        files: &[(String, String)],
        options: &ImportOptions,
    ) -> Vec<Result<Imported, backend::domain::import::ImportError>> {
        // As the CLI: on the system's clock.
        let (mut conn, desk) = self.beside(Clock::System);
        let results = backend::domain::import::import_batch(&mut conn, desk, files, options)
            .expect("the batch commits");
        references_hold(&mut conn);
        results
    }

    /// What `global-insight import` does after an import of many files
    /// (`db::finish_bulk_writes`).
    pub fn finish_bulk_writes(&self) {
        let (mut conn, _) = self.beside(Clock::System);
        backend::db::finish_bulk_writes(&mut conn).expect("bulk writes finished");
    }

    /// Reads and works out a batch as `global-insight import` does while it writes the
    /// batch before (`import_prepared` writes it).
    pub fn prepare_import(
        &self,
        files: &[(String, String)],
        options: &ImportOptions,
    ) -> backend::domain::import::Prepared {
        let (mut conn, _) = self.beside(Clock::System);
        let gazetteer =
            backend::domain::entities::Gazetteer::load(&mut conn).expect("the gazetteer");
        backend::domain::import::prepare(gazetteer, files, options)
    }

    /// Writes a batch `prepare_import` read, as `global-insight import` does.
    pub fn import_prepared(
        &self,
        files: &[(String, String)],
        prepared: backend::domain::import::Prepared,
        options: &ImportOptions,
    ) -> Vec<Result<Imported, backend::domain::import::ImportError>> {
        let (mut conn, desk) = self.beside(Clock::System);
        let results =
            backend::domain::import::import_prepared(&mut conn, desk, files, prepared, options)
                .expect("the batch commits");
        references_hold(&mut conn);
        results
    }

    /// A connection to the server's database, and its desk on the server's clock.
    pub fn connection(&self) -> (backend::db::PooledConn, Desk) {
        self.beside(self.clock.map_or(Clock::System, Clock::Manual))
    }

    /// A connection to the server's database and its desk on `clock`, for work done
    /// beside the server as the CLI or a worker would do it.
    fn beside(&self, clock: Clock) -> (backend::db::PooledConn, Desk) {
        let pool =
            backend::db::connect(&self.database_url, 1, Duration::from_secs(5)).expect("database");
        let desk = Desk {
            time_zone: self.settings.time_zone(),
            clock,
        };
        (pool.get().expect("connection"), desk)
    }

    /// Makes every due rendition, as the background worker does (off in tests, so that
    /// a test knows when they are made): the images rendered.
    pub fn render_media(&self) -> Vec<String> {
        // As the server's worker: on the server's clock.
        let (mut conn, desk) = self.beside(self.clock.map_or(Clock::System, Clock::Manual));
        let files =
            backend::domain::media::MediaStore::new(&self.settings.media).expect("the media store");
        // The store's calls block this thread, as they block the worker's.
        tokio::task::block_in_place(|| {
            let mut rendered = Vec::new();
            while let Some(id) =
                backend::domain::media::render_next(&mut conn, desk, &files).expect("a round")
            {
                rendered.push(id);
            }
            rendered
        })
    }
}

impl TestApp {
    /// Sets the server's clock (only for `spawn_app_with_clock`).
    pub fn set_clock(&self, at: chrono::DateTime<chrono::Utc>) {
        self.clock
            .expect("spawned with spawn_app_with_clock")
            .store(at.timestamp_micros(), Ordering::SeqCst);
    }

    /// A staff account made directly in the database (as `create-admin` does); returns its email.
    pub fn create_staff(&self, role: Role, name: &str) -> String {
        let pool =
            backend::db::connect(&self.database_url, 1, Duration::from_secs(5)).expect("database");
        let mut conn = pool.get().expect("connection");
        let email = format!("{}@globalinsight.test", shared::slug::slugify(name));
        let new = NewUser {
            email: email.clone(),
            display_name: name.to_owned(),
            password: PASSWORD.to_owned(),
            role,
        };
        backend::domain::accounts::create_user(
            &mut conn,
            &new,
            backend::domain::Desk::system_now(),
        )
        .expect("account created");
        email
    }

    /// `POST path` with `body` as JSON: a `shared` type, or raw JSON where a test
    /// sends what the contract refuses on purpose.
    pub async fn post_json(
        &self,
        path: &str,
        body: &impl serde::Serialize,
        token: Option<&str>,
    ) -> reqwest::Response {
        let mut request = self.client.post(self.url(path)).json(body);
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        request.send().await.expect("the server answers")
    }

    /// Creates a draft from `body` as `token`; the draft.
    pub async fn create_article(&self, token: &str, body: &serde_json::Value) -> shared::Article {
        let response = self
            .post_json("/api/v1/newsroom/articles", body, Some(token))
            .await;
        let status = response.status();
        let text = response.text().await.expect("body");
        assert_eq!(status, 201, "creating {body}: {text}");
        serde_json::from_str(&text).expect("article")
    }

    /// Publishes `article` (at the version given) through the API as `token`; the
    /// published article.
    pub async fn publish(&self, token: &str, article: &shared::Article) -> shared::Article {
        let response = self
            .client
            .post(self.url(&format!("/api/v1/newsroom/articles/{}/publish", article.id)))
            .bearer_auth(token)
            .header("If-Match", format!("\"v{}\"", article.version))
            .send()
            .await
            .expect("response");
        assert_eq!(response.status(), 200, "publishing {}", article.headline);
        response.json().await.expect("article")
    }

    pub async fn get_authed(&self, path: &str, token: &str) -> reqwest::Response {
        self.client
            .get(self.url(path))
            .bearer_auth(token)
            .send()
            .await
            .expect("the server answers")
    }

    /// Signs in and returns the tokens; panics unless 200.
    pub async fn login(&self, email: &str) -> TokenResponse {
        let response = self
            .post_json("/api/v1/auth/login", &login_request(email, PASSWORD), None)
            .await;
        assert_eq!(response.status(), 200, "login {email}");
        response.json().await.expect("tokens")
    }

    /// A new account of this role, signed in: its access token.
    pub async fn staff_token(&self, role: Role, name: &str) -> String {
        let email = self.create_staff(role, name);
        self.login(&email).await.access_token
    }
}

/// A signed-in staff member acting through the API with `shared`'s types
/// (`editor.publish(&article)`); each call asserts the answer it expects. Tests that
/// send malformed input on purpose use `TestApp::post_json` with raw JSON instead.
#[derive(Debug)]
pub struct Staff<'a> {
    app: &'a TestApp,
    pub token: String,
}

impl TestApp {
    /// A new account of this role, signed in.
    pub async fn staff(&self, role: Role, name: &str) -> Staff<'_> {
        Staff {
            app: self,
            token: self.staff_token(role, name).await,
        }
    }
}

impl Staff<'_> {
    /// A new draft (201).
    pub async fn create(&self, input: &ArticleInput) -> Article {
        self.call(
            reqwest::Method::POST,
            "/api/v1/newsroom/articles",
            None,
            Some(input),
            201,
        )
        .await
    }

    /// The content replaced at `article`'s version (200).
    pub async fn update(&self, article: &Article, input: &ArticleInput) -> Article {
        let path = format!("/api/v1/newsroom/articles/{}", article.id);
        self.call(reqwest::Method::PUT, &path, Some(article), Some(input), 200)
            .await
    }

    pub async fn publish(&self, article: &Article) -> Article {
        self.transition(article, "publish", None::<&()>).await
    }

    /// A story written and published at once: `headline`, in `section`.
    pub async fn published(&self, headline: &str, section: &str) -> Article {
        let draft = self
            .create(&ArticleInput {
                section: section.into(),
                ..draft(headline)
            })
            .await;
        self.publish(&draft).await
    }

    /// Binned (200): deleted softly, out of every public list.
    pub async fn bin(&self, article: &Article) -> Article {
        let path = format!("/api/v1/newsroom/articles/{}", article.id);
        self.call(
            reqwest::Method::DELETE,
            &path,
            Some(article),
            None::<&()>,
            200,
        )
        .await
    }

    pub async fn unpublish(&self, article: &Article) -> Article {
        self.transition(article, "unpublish", None::<&()>).await
    }

    pub async fn submit(&self, article: &Article) -> Article {
        self.transition(article, "submit", None::<&()>).await
    }

    pub async fn schedule(
        &self,
        article: &Article,
        published_at: chrono::DateTime<chrono::FixedOffset>,
    ) -> Article {
        let request = shared::newsroom::ScheduleRequest { published_at };
        self.transition(article, "schedule", Some(&request)).await
    }

    /// A correction attached (201).
    pub async fn correct(&self, article: &Article, text: &str) -> Article {
        let correction = shared::newsroom::NewCorrection {
            text: text.to_owned(),
        };
        let path = format!("/api/v1/newsroom/articles/{}/corrections", article.id);
        self.call(
            reqwest::Method::POST,
            &path,
            Some(article),
            Some(&correction),
            201,
        )
        .await
    }

    async fn transition<B: serde::Serialize>(
        &self,
        article: &Article,
        what: &str,
        body: Option<&B>,
    ) -> Article {
        let path = format!("/api/v1/newsroom/articles/{}/{what}", article.id);
        self.call(reqwest::Method::POST, &path, Some(article), body, 200)
            .await
    }

    /// `method path` as this account, at `at`'s version when given, expecting `status`.
    async fn call<B: serde::Serialize>(
        &self,
        method: reqwest::Method,
        path: &str,
        at: Option<&Article>,
        body: Option<&B>,
        status: u16,
    ) -> Article {
        let mut request = self
            .app
            .client
            .request(method.clone(), self.app.url(path))
            .bearer_auth(&self.token);
        if let Some(article) = at {
            request = request.header("If-Match", format!("\"v{}\"", article.version));
        }
        if let Some(body) = body {
            request = request.json(body);
        }
        let response = request.send().await.expect("the server answers");
        let got = response.status();
        let text = response.text().await.expect("a body");
        assert_eq!(got, status, "{method} {path}: {text}");
        serde_json::from_str(&text).expect("an article")
    }
}

/// A sign-in body.
pub fn login_request(email: &str, password: &str) -> shared::staff::LoginRequest {
    shared::staff::LoginRequest {
        email: email.to_owned(),
        password: password.to_owned(),
        cookie: false,
    }
}

/// A draft's input: `headline`, in `internasional`, in Indonesian, one paragraph.
pub fn draft(headline: &str) -> ArticleInput {
    ArticleInput {
        headline: headline.to_owned(),
        section: "internasional".to_owned(),
        language: "id".to_owned(),
        body: vec![shared::Block::paragraph("Isi berita.")],
        ..ArticleInput::default()
    }
}

/// Import options: section slug, language, status.
pub fn filed(section: &str, language: &str, status: ArticleStatus) -> ImportOptions {
    ImportOptions {
        section: section.to_owned(),
        language: language.to_owned(),
        status,
    }
}

pub fn header(headers: &HeaderMap, name: &str) -> String {
    headers
        .get(name)
        .map(|v| v.to_str().expect("ASCII header").to_owned())
        .unwrap_or_default()
}

/// Runs `script` in the project's Python venv (`scripts/setup` makes it, with the
/// real consumers the tests use: feedparser) with `input` on standard input, and
/// parses what it prints as JSON.
pub fn python(script: &str, input: &[u8]) -> serde_json::Value {
    use std::io::Write as _;
    let python = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/venv/bin/python");
    let mut child = std::process::Command::new(&python)
        .args(["-c", script])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("{} (run scripts/setup): {e}", python.display()));
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(input)
        .expect("input written");
    let output = child.wait_with_output().expect("python ran");
    assert!(
        output.status.success(),
        "python failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("python printed JSON")
}

/// Asserts an RFC 9457 problem response and returns it.
pub async fn assert_problem(
    response: reqwest::Response,
    status: u16,
    code: ErrorCode,
    field: Option<&str>,
) -> Problem {
    let url = response.url().to_string();
    assert_eq!(response.status(), status, "{url}");
    assert_eq!(
        header(response.headers(), "content-type"),
        "application/problem+json",
        "{url}"
    );
    let problem: Problem = response.json().await.expect("a problem document");
    assert_eq!(problem.status, status, "{url}: {problem:?}");
    assert_eq!(problem.code, code, "{url}: {problem:?}");
    assert_eq!(problem.field.as_deref(), field, "{url}: {problem:?}");
    assert_eq!(problem.kind, format!("/problems/{}", code.as_str()));
    assert!(!problem.detail.is_empty());
    problem
}

/// Tests of the image library: on both databases with files in a folder, and on
/// PostgreSQL with files in an S3 bucket (the deployment of several instances). The
/// test takes the database and the storage.
#[macro_export]
macro_rules! every_storage {
    ($($name:ident),* $(,)?) => {
        $(
            mod $name {
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn sqlite() {
                    super::$name($crate::Db::Sqlite, $crate::Storage::Folder).await;
                }

                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn postgres() {
                    super::$name($crate::Db::Postgres, $crate::Storage::Folder).await;
                }

                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn s3() {
                    super::$name($crate::Db::Postgres, $crate::Storage::S3).await;
                }
            }
        )*
    };
}

/// Runs an async test body once per database: `both_databases!(name, other, …)`
/// turns `async fn name(db: Db)` into tests `name::sqlite` and `name::postgres`.
#[macro_export]
macro_rules! both_databases {
    ($($name:ident),* $(,)?) => {
        $(
            mod $name {
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn sqlite() {
                    super::$name($crate::Db::Sqlite).await;
                }

                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn postgres() {
                    super::$name($crate::Db::Postgres).await;
                }
            }
        )*
    };
}

/// A camera-like photo, as the benchmark corpus makes them.
pub use backend::corpus::photo;

/// Every row's references hold, and SQLite checks them again: an import writes its
/// batches without SQLite's check of each row (`db::without_reference_checks`), so each
/// import in the tests is followed by the whole database's check (PostgreSQL checks
/// every row as it is written).
fn references_hold(conn: &mut backend::db::DbConnection) {
    use diesel::RunQueryDsl as _;
    #[derive(diesel::QueryableByName)]
    struct Broken {
        #[diesel(sql_type = diesel::sql_types::Text)]
        table: String,
        #[diesel(sql_type = diesel::sql_types::Text)]
        parent: String,
    }
    #[derive(diesel::QueryableByName)]
    struct Checking {
        #[diesel(sql_type = diesel::sql_types::Integer)]
        foreign_keys: i32,
    }
    let backend::db::DbConnection::Sqlite(c) = conn else {
        return;
    };
    let broken: Vec<Broken> =
        diesel::sql_query("SELECT \"table\", parent FROM pragma_foreign_key_check")
            .load(c)
            .expect("the references checked");
    let broken: Vec<String> = broken
        .into_iter()
        .map(|b| format!("{} → {}", b.table, b.parent))
        .collect();
    assert!(
        broken.is_empty(),
        "rows refer to rows that are not there: {broken:?}"
    );
    let checking: Checking = diesel::sql_query("PRAGMA foreign_keys")
        .get_result(c)
        .expect("the setting read");
    assert_eq!(
        checking.foreign_keys, 1,
        "the connection checks references again"
    );
}
