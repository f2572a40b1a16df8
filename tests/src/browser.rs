//! A real browser for the end-to-end tests: one chromedriver per test process
//! (started on first use, killed by PID at exit) and a fresh headless Chromium
//! session per test.

use std::io::{BufRead as _, BufReader};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::Duration;

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::json;

struct Driver {
    url: String,
}

static DRIVER: OnceLock<Driver> = OnceLock::new();

/// Sessions at once: Chromium is heavy and the machine has two cores.
static SESSIONS: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(2);

fn driver() -> &'static Driver {
    DRIVER.get_or_init(|| {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let mut child = Command::new("chromedriver")
            .arg(format!("--port={port}"))
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver runs (scripts/setup installs chromium-driver)");
        // chromedriver says when it listens; read until it does.
        let stdout = child.stdout.take().expect("stdout");
        let mut lines = BufReader::new(stdout).lines();
        loop {
            let line = lines
                .next()
                .expect("chromedriver started")
                .expect("chromedriver's output");
            if line.contains("started successfully") {
                break;
            }
        }
        // Keep draining its output so it never blocks on a full pipe.
        std::thread::spawn(move || for _ in lines {});
        crate::at_exit::kill_at_exit(child);
        Driver {
            url: format!("http://127.0.0.1:{port}"),
        }
    })
}

/// A browser session; close it with `Browser::close` (a dropped one is closed by
/// chromedriver when the process ends).
#[derive(Debug)]
pub struct Browser {
    pub client: Client,
    _permit: tokio::sync::SemaphorePermit<'static>,
}

/// How long a page may take to load or to show what a test waits for. Waiting ends
/// as soon as it shows; this is only the bound after which the test fails.
pub const PAGE_TIMEOUT: Duration = Duration::from_secs(30);

impl Browser {
    /// A fresh headless Chromium at 1280×900.
    pub async fn start() -> Self {
        Self::with_args(&[]).await
    }

    /// A fresh headless Chromium with JavaScript off (Blink's `scriptEnabled`): what
    /// readers who block script, and crawlers that run none, get. The test's own
    /// WebDriver scripts still run.
    pub async fn start_without_script() -> Self {
        Self::with_args(&["--blink-settings=scriptEnabled=false"]).await
    }

    async fn with_args(extra: &[&str]) -> Self {
        let permit = SESSIONS.acquire().await.expect("semaphore");
        let driver = driver();
        let mut args = vec![
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--no-first-run",
            "--disable-sync",
            "--window-size=1280,900",
            "--lang=id-ID",
            // As a reader's Chromium names itself: headless says `HeadlessChrome`, a
            // crawler's name to most-read, which would not count its views.
            "--user-agent=Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
        ];
        args.extend_from_slice(extra);
        let mut capabilities = serde_json::Map::new();
        capabilities.insert(
            "goog:chromeOptions".into(),
            json!({ "binary": "/usr/bin/chromium", "args": args }),
        );
        let client = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
            .capabilities(capabilities)
            .connect(&driver.url)
            .await
            .expect("a Chromium session");
        client
            .update_timeouts(fantoccini::wd::TimeoutConfiguration::new(
                Some(PAGE_TIMEOUT),
                Some(PAGE_TIMEOUT),
                None,
            ))
            .await
            .expect("timeouts");
        Self {
            client,
            _permit: permit,
        }
    }

    pub async fn goto(&self, url: &str) {
        self.client.goto(url).await.expect("navigation");
    }

    /// Waits until an element matches `css` (and, given `text`, contains it) and
    /// returns its text content as in the DOM (not as CSS transforms it on screen).
    /// The wait is a MutationObserver in the page: it ends on the change that makes
    /// the condition true; the script timeout (`PAGE_TIMEOUT`) bounds it.
    async fn wait(&self, css: &str, text: Option<&str>) -> String {
        const SCRIPT: &str = "const [css, text, done] = arguments;
            const match = () => [...document.querySelectorAll(css)]
                .find(e => text === null || e.textContent.includes(text));
            const found = match();
            if (found) { done(found.textContent); return; }
            const observer = new MutationObserver(() => {
                const found = match();
                if (found) { observer.disconnect(); done(found.textContent); }
            });
            observer.observe(document.documentElement,
                { childList: true, subtree: true, characterData: true, attributes: true });";
        let value = self
            .client
            .execute_async(SCRIPT, vec![json!(css), json!(text)])
            .await
            .unwrap_or_else(|e| match text {
                Some(text) => panic!("{css} never said {text:?}: {e}"),
                None => panic!("{css} never showed: {e}"),
            });
        value.as_str().unwrap_or_default().to_owned()
    }

    /// The text content of the first element matching `css`, once there is one.
    pub async fn text_of(&self, css: &str) -> String {
        self.wait(css, None).await
    }

    /// Waits until an element matching `css` contains `text`.
    pub async fn wait_for_text(&self, css: &str, text: &str) {
        self.wait(css, Some(text)).await;
    }

    /// Waits until the JavaScript expression `condition` is true in the page, checked
    /// on every change to the DOM (a MutationObserver, as `wait`).
    pub async fn wait_until(&self, condition: &str) {
        let script = format!(
            "const done = arguments[0];
            const test = () => Boolean({condition});
            if (test()) {{ done(true); return; }}
            const observer = new MutationObserver(() => {{
                if (test()) {{ observer.disconnect(); done(true); }}
            }});
            observer.observe(document.documentElement,
                {{ childList: true, subtree: true, characterData: true, attributes: true }});"
        );
        self.client
            .execute_async(&script, Vec::new())
            .await
            .unwrap_or_else(|e| panic!("never true: {condition}: {e}"));
    }

    /// Waits until the app has taken over the page (hydrated it, or rendered the
    /// newsroom): before that a click is the browser's own (a link loads a page, a
    /// form is sent), as without script.
    pub async fn wait_for_app(&self) {
        self.wait_until("document.documentElement.hasAttribute('data-started')")
            .await;
    }

    pub async fn click(&self, css: &str) {
        self.wait(css, None).await;
        self.client
            .find(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("{css}: {e}"))
            .click()
            .await
            .unwrap_or_else(|e| panic!("clicking {css}: {e}"));
    }

    /// Runs `script` in the page and returns its value.
    pub async fn eval(&self, script: &str) -> serde_json::Value {
        self.client
            .execute(script, Vec::new())
            .await
            .unwrap_or_else(|e| panic!("{script}: {e}"))
    }

    /// axe-core's serious and critical violations on the page as it is now: each as
    /// `rule (impact): the elements`. axe-core is the version `tests/axe-version`
    /// pins (`scripts/setup` installs it); the test's script brings it, so the page's
    /// Content-Security-Policy stays as readers get it.
    pub async fn accessibility_violations(&self) -> Vec<String> {
        static AXE: OnceLock<String> = OnceLock::new();
        let axe = AXE.get_or_init(|| {
            let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../target/axe/node_modules/axe-core/axe.min.js");
            std::fs::read_to_string(&path).unwrap_or_else(|e| {
                panic!("{}: {e} (scripts/setup installs axe-core)", path.display())
            })
        });
        let script = format!(
            "const done = arguments[0];
            {axe}
            axe.run(document, {{ resultTypes: ['violations'] }}).then(result => done(
                result.violations
                    .filter(v => v.impact === 'serious' || v.impact === 'critical')
                    .map(v => `${{v.id}} (${{v.impact}}): ${{v.nodes.map(n => n.target.join(' ')).join(', ')}}`)
            ));"
        );
        let found = self
            .client
            .execute_async(&script, Vec::new())
            .await
            .expect("axe-core ran");
        serde_json::from_value(found).expect("a list of violations")
    }

    /// Presses `key` (a WebDriver key: `fantoccini::key::Key`) on what has the focus.
    pub async fn press(&self, key: fantoccini::key::Key) {
        let focused = self
            .client
            .active_element()
            .await
            .expect("something has the focus");
        focused
            .send_keys(&String::from(char::from(key)))
            .await
            .expect("the key pressed");
    }

    /// Saves what the browser shows to `target/screenshots/<name>.png` for people to look at.
    pub async fn screenshot(&self, name: &str) {
        let png = self.client.screenshot().await.expect("screenshot");
        let dir = screenshot_dir();
        std::fs::create_dir_all(&dir).expect("screenshot folder");
        std::fs::write(dir.join(format!("{name}.png")), png).expect("screenshot written");
    }

    pub async fn close(self) {
        self.client.close().await.expect("closing the session");
    }
}

pub fn screenshot_dir() -> PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/screenshots")
}
