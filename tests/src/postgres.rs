//! A throwaway PostgreSQL cluster for the tests: `initdb` and `pg_ctl` under
//! `target/pg-test/<pid>` on a free port, started once per test process, stopped by
//! PID when the process exits. Each test gets a fresh database in it, dropped when the
//! test is done with it: a full run would otherwise leave some 170 databases on disk.
//!
//! There is no skipping: when the binaries are missing the PostgreSQL tests fail
//! and say so.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use diesel::{Connection as _, PgConnection, RunQueryDsl as _};

struct Cluster {
    port: u16,
}

static CLUSTER: OnceLock<Cluster> = OnceLock::new();

/// One test's own database; dropped, with any connection still open to it, when this is.
#[derive(Debug)]
pub struct Database {
    /// `postgres://…/<name>`
    pub url: String,
    name: String,
    port: u16,
}

impl Drop for Database {
    fn drop(&mut self) {
        // Best effort: a drop that fails leaves a database the cluster's removal takes.
        let sql = format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name);
        if let Err(e) = try_admin_execute(self.port, &sql) {
            eprintln!("{sql}: {e}");
        }
    }
}

/// A fresh database for one test.
pub fn fresh_database() -> Database {
    let cluster = CLUSTER.get_or_init(start_cluster);
    let name = format!("gi_{}", uuid::Uuid::now_v7().simple());
    admin_execute(cluster.port, &format!("CREATE DATABASE {name}"));
    Database {
        url: format!("postgres://postgres@127.0.0.1:{}/{name}", cluster.port),
        name,
        port: cluster.port,
    }
}

fn bin_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("PG_BIN") {
        return PathBuf::from(dir);
    }
    let mut versions: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .map(|entries| {
            entries
                .filter_map(|e| e.ok())
                .map(|e| e.path().join("bin"))
                .collect()
        })
        .unwrap_or_default();
    versions.retain(|p| p.join("initdb").exists());
    versions.sort_by_key(|p| {
        p.parent()
            .and_then(|v| v.file_name())
            .and_then(|v| v.to_str())
            .and_then(|v| v.parse::<u32>().ok())
            .unwrap_or_default()
    });
    versions.pop().unwrap_or_else(|| {
        panic!(
            "PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin (set PG_BIN); \
             the PostgreSQL tests cannot run without them"
        )
    })
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false)
}

/// Runs a PostgreSQL binary, as the `postgres` user when we are root (initdb refuses root).
fn run_pg(bin: &Path, args: &[&str]) {
    let output = if is_root() {
        Command::new("runuser")
            .args(["-u", "postgres", "--"])
            .arg(bin)
            .args(args)
            .output()
    } else {
        Command::new(bin).args(args).output()
    }
    .unwrap_or_else(|e| panic!("running {}: {e}", bin.display()));
    assert!(
        output.status.success(),
        "{} {args:?} failed: {}{}",
        bin.display(),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../target"))
}

/// Stops clusters left by test processes that were killed before they could.
fn remove_stale(root: &Path) {
    let Ok(entries) = std::fs::read_dir(root) else {
        return;
    };
    for entry in entries.filter_map(Result::ok) {
        let owner_alive = entry
            .file_name()
            .to_str()
            .and_then(|pid| pid.parse::<u32>().ok())
            .is_some_and(|pid| Path::new(&format!("/proc/{pid}")).exists());
        if owner_alive {
            continue;
        }
        stop(&entry.path().join("data"));
        let _ = std::fs::remove_dir_all(entry.path());
    }
}

/// Immediate shutdown of the postmaster whose PID is in `data/postmaster.pid`.
fn stop(data_dir: &Path) {
    let Ok(pid_file) = std::fs::read_to_string(data_dir.join("postmaster.pid")) else {
        return;
    };
    if let Some(pid) = pid_file.lines().next().map(str::trim) {
        let _ = Command::new("kill").args(["-QUIT", pid]).status();
    }
}

fn start_cluster() -> Cluster {
    let bin = bin_dir();
    let root = target_dir().join("pg-test");
    std::fs::create_dir_all(&root).expect("target/pg-test");
    remove_stale(&root);
    let dir = root.join(std::process::id().to_string());
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("cluster folder");
    if is_root() {
        // The cluster belongs to `postgres`; it must be able to reach and write its folder.
        let status = Command::new("chown")
            .args(["-R", "postgres:postgres"])
            .arg(&dir)
            .status()
            .expect("chown");
        assert!(
            status.success(),
            "chown {} to postgres failed",
            dir.display()
        );
        for ancestor in dir.ancestors().skip(1) {
            // Traversal only (o+x), so `postgres` can reach a folder under root's checkout.
            let _ = Command::new("chmod").arg("o+x").arg(ancestor).status();
            if ancestor == Path::new("/") {
                break;
            }
        }
    }
    let data_dir = dir.join("data");
    let data = data_dir.to_str().expect("UTF-8 path");
    run_pg(
        &bin.join("initdb"),
        &[
            "-D",
            data,
            "-U",
            "postgres",
            "-A",
            "trust",
            "-E",
            "UTF8",
            "--locale=C",
            "--no-sync",
        ],
    );
    let port = free_port();
    let options = format!(
        "-p {port} -h 127.0.0.1 -k {} -c fsync=off -c synchronous_commit=off \
         -c full_page_writes=off -c max_connections=300 \
         -c wal_level=minimal -c max_wal_senders=0 -c max_wal_size=96MB -c min_wal_size=32MB",
        dir.display()
    );
    let log = dir.join("server.log");
    run_pg(
        &bin.join("pg_ctl"),
        &[
            "-D",
            data,
            "-o",
            &options,
            "-l",
            log.to_str().expect("UTF-8 path"),
            "-w",
            "-t",
            "60",
            "start",
        ],
    );
    register_stop_at_exit(data_dir);
    Cluster { port }
}

static STOP_AT_EXIT: OnceLock<PathBuf> = OnceLock::new();

extern "C" fn stop_at_exit() {
    if let Some(data_dir) = STOP_AT_EXIT.get() {
        stop(data_dir);
    }
}

#[allow(unsafe_code)]
fn register_stop_at_exit(data_dir: PathBuf) {
    let _ = STOP_AT_EXIT.set(data_dir);
    // SAFETY: `atexit` stores a plain function pointer; `stop_at_exit` touches only a
    // OnceLock and spawns `kill`. The test harness returns from main, so it runs.
    unsafe {
        libc::atexit(stop_at_exit);
    }
}

/// Runs `sql` as the cluster's superuser, in its `postgres` database.
pub fn superuser_execute(sql: &str) {
    let cluster = CLUSTER.get_or_init(start_cluster);
    admin_execute(cluster.port, sql);
}

fn admin_execute(port: u16, sql: &str) {
    try_admin_execute(port, sql).unwrap_or_else(|e| panic!("{sql}: {e}"));
}

fn try_admin_execute(port: u16, sql: &str) -> Result<(), String> {
    let url = format!("postgres://postgres@127.0.0.1:{port}/postgres");
    let mut conn = PgConnection::establish(&url)
        .map_err(|e| format!("connecting to the test cluster: {e}"))?;
    diesel::sql_query(sql)
        .execute(&mut conn)
        .map(drop)
        .map_err(|e| e.to_string())
}
