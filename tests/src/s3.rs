//! A real S3-protocol server for the tests: `s3s-fs` (the s3s project's file-backed S3
//! server; `scripts/setup` installs it into `target/tools`) on a free loopback port,
//! started once per test process over `target/s3-test/<pid>`, killed when the process
//! exits. Each test gets a bucket of its own. Not a mock: the server speaks S3 (signed
//! requests, XML listings, errors), as Garage or AWS would to `object_store`.
//!
//! There is no skipping: when the binary is missing the S3 tests fail and say so.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use backend::config::S3Settings;

const ACCESS_KEY: &str = "global-insight-test";
const SECRET_KEY: &str = "global-insight-test-secret";

struct Server {
    endpoint: String,
    root: PathBuf,
}

static SERVER: OnceLock<Server> = OnceLock::new();

/// Settings for a fresh, empty bucket on the test server.
pub fn fresh_bucket() -> S3Settings {
    let server = SERVER.get_or_init(start);
    let bucket = format!("gi-{}", uuid::Uuid::now_v7().simple());
    // s3s-fs keeps a bucket as a folder of its root.
    std::fs::create_dir(server.root.join(&bucket)).expect("a bucket");
    S3Settings {
        endpoint: server.endpoint.clone(),
        bucket,
        region: "us-east-1".into(),
        access_key_id: ACCESS_KEY.into(),
        secret_access_key: SECRET_KEY.into(),
    }
}

/// The files in a bucket (to show what an upload kept, or did not).
pub fn files_in(bucket: &str) -> usize {
    fn count(dir: &Path) -> usize {
        std::fs::read_dir(dir).map_or(0, |entries| {
            entries
                .flatten()
                .filter(|e| !e.file_name().to_string_lossy().starts_with('.'))
                .map(|e| {
                    let path = e.path();
                    if path.is_dir() { count(&path) } else { 1 }
                })
                .sum()
        })
    }
    let server = SERVER.get().expect("the S3 server runs");
    count(&server.root.join(bucket))
}

fn binary() -> PathBuf {
    let installed = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/tools/bin/s3s-fs");
    if installed.exists() {
        return installed;
    }
    PathBuf::from("s3s-fs")
}

fn start() -> Server {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../target/s3-test")
        .join(std::process::id().to_string());
    let _ = std::fs::remove_dir_all(&root);
    std::fs::create_dir_all(&root).expect("target/s3-test");
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port");
    let child = Command::new(binary())
        .args(["--host", "127.0.0.1", "--port", &port.to_string()])
        .args(["--access-key", ACCESS_KEY, "--secret-key", SECRET_KEY])
        .arg(&root)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| {
            panic!(
                "starting {} (scripts/setup installs it): {e}",
                binary().display()
            )
        });
    crate::at_exit::kill_at_exit(child);
    // Ready when it accepts connections; the bound is only where the test gives up.
    let deadline = Instant::now() + Duration::from_secs(30);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "s3s-fs never listened on {port}");
        std::thread::yield_now();
    }
    Server {
        endpoint: format!("http://127.0.0.1:{port}"),
        root,
    }
}
