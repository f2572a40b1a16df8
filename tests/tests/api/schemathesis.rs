//! schemathesis (from PyPI, installed by `scripts/setup`) against the live server's own
//! spec, with every check: generated requests — valid ones, invalid ones, and
//! sequences that follow the spec's links — must get the answers the spec promises.
//! Once anonymously, once with an editor's token; on SQLite and on PostgreSQL.
//! Generation is deterministic, so a failure is the same on the next run.

use shared::staff::Role;
use tests::{Db, TestApp, both_databases};

/// Runs schemathesis against `app`; `token` is sent as a bearer token.
async fn schemathesis(app: &TestApp, token: Option<String>) {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let dir = tempfile::tempdir().expect("a temporary folder");
    // Its sign-up guess (`POST /users` + `POST /auth/login`) is for open sign-up, which
    // an admin-created newsroom account is not: the token is given instead.
    let config = dir.path().join("schemathesis.toml");
    std::fs::write(&config, "[auth]\nauto-signup = false\n").expect("config");
    let mut command = std::process::Command::new(root.join("target/venv/bin/schemathesis"));
    command
        .current_dir(dir.path())
        .arg("--config-file")
        .arg(&config)
        .arg("run")
        .arg(format!("{}/api/openapi.json", app.address))
        .args(["--checks", "all"])
        .args(["--phases", "examples,coverage,fuzzing,stateful"])
        .args(["--max-examples", "30"])
        .arg("--generation-deterministic")
        // One worker: hypothesis is not thread-safe on this Python (its AST cache races).
        .args(["--workers", "1"])
        .env("NO_COLOR", "1");
    if let Some(token) = token {
        command.args(["--header", &format!("Authorization: Bearer {token}")]);
    }
    let output = tokio::task::spawn_blocking(move || command.output())
        .await
        .expect("joined")
        .expect("schemathesis runs (scripts/setup installs it)");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "schemathesis found failures ({}):\n{stdout}\n{}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    // It ran every operation of the spec, not nothing.
    let spec: serde_json::Value =
        serde_json::from_str(&backend::http::openapi_json()).expect("the spec");
    let operations: usize = spec["paths"]
        .as_object()
        .expect("paths")
        .values()
        .map(|item| item.as_object().map_or(0, |methods| methods.len()))
        .sum();
    assert!(
        stdout.contains(&format!("Tested: {operations}")),
        "{operations} operations:\n{stdout}"
    );
}

async fn the_spec_holds_for_anonymous_readers_and_for_editors(db: Db) {
    let app = TestApp::builder(db)
        .configure(|s| {
            // Thousands of requests from one address: the rate limit is not under test.
            s.http.anonymous_requests = 1_000_000;
        })
        .spawn()
        .await;
    // Signed in first: the anonymous run's failed sign-ins throttle this address.
    let editor = app.staff_token(Role::Editor, "Sari Editor").await;
    schemathesis(&app, None).await;
    schemathesis(&app, Some(editor)).await;
}

both_databases!(the_spec_holds_for_anonymous_readers_and_for_editors);
