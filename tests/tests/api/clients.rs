//! Clients generated from `openapi/openapi.json` work against the live server: a
//! Python client (openapi-python-client), a TypeScript one (openapi-typescript +
//! openapi-fetch, type-checked by `tsc --strict`) and a Rust one (progenitor) each list
//! and filter articles, get one, search, read a 404 and a 400 as typed problems, sign
//! in, and create and publish a draft (`tests/clients/*/`). progenitor reads OpenAPI
//! 3.0 only, so its input is the spec converted by `tests/clients/rust/to_openapi30.py`
//! (what 3.0 cannot say, and what progenitor cannot take, is listed there); the other
//! two read the 3.1 document as it is. The generated code is build output in a
//! temporary folder, never committed; a spec change that breaks a generator, or the
//! types the smoke test relies on, fails here.

use std::path::{Path, PathBuf};
use std::process::Command;

use shared::staff::Role;
use tests::{Db, PASSWORD, TestApp, spawn_app};

const SEED: &str = "hubungan-antara-korea-utara-dan-rusia-menunjukkan-peningkatan-signifikan-dalam";

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Runs `command` to completion off the async runtime; its standard output, or the
/// test fails with everything it printed.
async fn run(mut command: Command) -> String {
    let shown = format!("{command:?}");
    let output = tokio::task::spawn_blocking(move || command.output())
        .await
        .expect("joined")
        .unwrap_or_else(|e| panic!("{shown}: {e} (scripts/setup installs the generators)"));
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(
        output.status.success(),
        "{shown} failed ({}):\n{stdout}\n{}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    stdout
}

/// The smoke test's report: what it listed, got, searched, how many quote blocks it
/// decoded as quotes in the seed, the problems and the slug it published.
fn check_report(report: &str, headline_slug: &str, seed_quotes: usize) {
    let seen: serde_json::Value = serde_json::from_str(report.trim()).expect("a JSON report");
    assert_eq!(seen["quotes"], seed_quotes, "{seen}");
    assert_eq!(
        seen["problems"],
        serde_json::json!(["not_found", "invalid_parameter"])
    );
    assert!(seen["searched"].as_u64() >= Some(1), "{seen}");
    assert_eq!(seen["published"], headline_slug, "{seen}");
}

/// The quote blocks in the seed article, as the server sends them.
async fn seed_quotes(app: &TestApp) -> usize {
    let seed: shared::Article = app.get_json(&format!("/api/v1/articles/{SEED}")).await;
    let quotes = seed
        .body
        .iter()
        .filter(|block| matches!(block, shared::Block::Quote(_)))
        .count();
    assert!(quotes > 0, "the seed has quotes");
    quotes
}

async fn python_client(app: &TestApp, email: &str, dir: &Path) {
    let venv = root().join("target/venv/bin");
    let mut generate = Command::new(venv.join("openapi-python-client"));
    generate
        .args(["generate", "--meta", "none", "--overwrite", "--path"])
        .arg(root().join("openapi/openapi.json"))
        .arg("--output-path")
        .arg(dir.join("gi_client"));
    run(generate).await;
    let mut smoke = Command::new(venv.join("python"));
    smoke
        .arg(root().join("tests/clients/python/smoke.py"))
        .args([app.address.as_str(), email, PASSWORD])
        .env("PYTHONPATH", dir);
    let report = run(smoke).await;
    check_report(
        &report,
        "klien-python-menulis-berita",
        seed_quotes(app).await,
    );
}

async fn typescript_client(app: &TestApp, email: &str, dir: &Path) {
    let tools = root().join("target/clients/typescript/node_modules");
    let mut generate = Command::new(tools.join(".bin/openapi-typescript"));
    generate
        .arg(root().join("openapi/openapi.json"))
        .arg("-o")
        .arg(dir.join("schema.d.ts"));
    run(generate).await;
    for file in ["smoke.ts", "package.json"] {
        std::fs::copy(
            root().join("tests/clients/typescript").join(file),
            dir.join(file),
        )
        .expect("copy");
    }
    std::os::unix::fs::symlink(&tools, dir.join("node_modules")).expect("link node_modules");
    let mut compile = Command::new(tools.join(".bin/tsc"));
    compile.current_dir(dir).args([
        "--strict",
        "--noEmitOnError",
        "--target",
        "es2022",
        "--module",
        "nodenext",
        "--moduleResolution",
        "nodenext",
        "--skipLibCheck",
        "--types",
        "node",
        "--outDir",
        "out",
        "smoke.ts",
    ]);
    run(compile).await;
    let mut smoke = Command::new("node");
    smoke
        .current_dir(dir)
        .arg("out/smoke.js")
        .args([app.address.as_str(), email, PASSWORD]);
    let report = run(smoke).await;
    check_report(
        &report,
        "klien-typescript-menulis-berita",
        seed_quotes(app).await,
    );
}

async fn rust_client(app: &TestApp, email: &str, dir: &Path) {
    let spec = dir.join("openapi-3.0.json");
    let mut convert = Command::new(root().join("target/venv/bin/python"));
    convert
        .arg(root().join("tests/clients/rust/to_openapi30.py"))
        .arg(root().join("openapi/openapi.json"))
        .arg(&spec);
    run(convert).await;
    // Generated at build time (its build.rs) into the build's output folder.
    let mut smoke = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    smoke
        .args(["run", "--quiet", "--manifest-path"])
        .arg(root().join("tests/clients/rust/Cargo.toml"))
        .arg("--target-dir")
        .arg(root().join("target/clients/rust"))
        .arg("--")
        .args([app.address.as_str(), email, PASSWORD])
        .env("GI_CLIENT_SPEC", &spec);
    let report = run(smoke).await;
    check_report(&report, "klien-rust-menulis-berita", seed_quotes(app).await);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn generated_clients_work_against_the_live_server() {
    let app = spawn_app(Db::Sqlite).await;
    let email = app.create_staff(Role::Editor, "Klien Editor");
    let dir = tempfile::tempdir().expect("a folder");
    let folder = |name: &str| {
        let path = dir.path().join(name);
        std::fs::create_dir_all(&path).expect("folder");
        path
    };
    python_client(&app, &email, &folder("python")).await;
    typescript_client(&app, &email, &folder("typescript")).await;
    rust_client(&app, &email, &folder("rust")).await;
}
