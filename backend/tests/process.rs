//! The server and the importer as processes an operator runs, stopped the hard way:
//! SIGTERM lets requests in flight finish; `kill -9` during API writes or a bulk
//! import loses no acknowledged write and leaves a database that passes SQLite's
//! integrity check.

use std::io::{BufRead as _, BufReader, Read as _, Write as _};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;

use diesel::{Connection as _, QueryableByName, RunQueryDsl as _, SqliteConnection};

const BIN: &str = env!("CARGO_BIN_EXE_global-insight");
const PASSWORD: &str = "sebuah kata sandi panjang";
const EMAIL: &str = "a@globalinsight.test";

fn database(dir: &Path) -> String {
    format!("sqlite://{}", dir.join("gi.db").display())
}

/// The binary with `args`, run in `dir` (no stray config file read) on `dir`'s database.
fn command(dir: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(BIN);
    command
        .args(args)
        .current_dir(dir)
        .env_remove("APP_CONFIG")
        .env("DATABASE_URL", database(dir));
    command
}

/// `command` run to its end, which must be a success.
fn run_ok(dir: &Path, args: &[&str]) {
    let output = command(dir, args).output().expect("runs");
    assert!(output.status.success(), "{args:?}: {output:?}");
}

fn create_admin(dir: &Path) {
    let output = command(dir, &["create-admin", "--email", EMAIL, "--name", "A"])
        .env("GI_ADMIN_PASSWORD", PASSWORD)
        .output()
        .expect("runs");
    assert!(output.status.success(), "{output:?}");
}

/// `serve` on a free port; its JSON log lines arrive on `log` (read by a thread, so
/// the server never blocks on a full pipe).
struct Server {
    child: Child,
    port: u16,
    log: mpsc::Receiver<String>,
    /// The log's lines before it listened: what its start did.
    started: Vec<String>,
}

impl Server {
    fn start(dir: &Path) -> Self {
        let mut child = command(dir, &["serve"])
            .env_remove("LOG_FORMAT")
            .env("APP_SERVER__PORT", "0")
            .env(
                "APP_AUTH__JWT_SECRET",
                "a test secret of at least thirty-two bytes",
            )
            .stderr(Stdio::piped())
            .spawn()
            .expect("serve starts");
        let stderr = BufReader::new(child.stderr.take().expect("stderr"));
        let (tx, log) = mpsc::channel();
        std::thread::spawn(move || {
            for line in stderr.lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
        let mut started = Vec::new();
        let port = loop {
            let line = log.recv().expect("serve exited before listening");
            let Ok(entry) = serde_json::from_str::<serde_json::Value>(&line) else {
                started.push(line);
                continue;
            };
            if entry["fields"]["message"] == "listening" {
                break u16::try_from(entry["fields"]["port"].as_u64().expect("port"))
                    .expect("port");
            }
            started.push(line);
        };
        Self {
            child,
            port,
            log,
            started,
        }
    }

    /// Waits for a log line containing `text`.
    fn wait_for_log(&self, text: &str) -> String {
        loop {
            let line = self.log.recv().expect("serve exited");
            if line.contains(text) {
                return line;
            }
        }
    }

    fn token(&self) -> String {
        let (status, body) = http(
            self.port,
            "POST",
            "/api/v1/auth/login",
            None,
            Some(&serde_json::json!({"email": EMAIL, "password": PASSWORD}).to_string()),
        )
        .expect("answers");
        assert_eq!(status, 200, "{body}");
        let tokens: serde_json::Value = serde_json::from_str(&body).expect("JSON");
        tokens["access_token"].as_str().expect("token").to_owned()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One HTTP/1.1 exchange on its own connection: status and body.
fn http(
    port: u16,
    method: &str,
    path: &str,
    token: Option<&str>,
    body: Option<&str>,
) -> std::io::Result<(u16, String)> {
    let mut stream = TcpStream::connect(("127.0.0.1", port))?;
    let mut head = format!("{method} {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n");
    if let Some(token) = token {
        head.push_str(&format!("Authorization: Bearer {token}\r\n"));
    }
    if let Some(body) = body {
        head.push_str(&format!(
            "Content-Type: application/json\r\nContent-Length: {}\r\n",
            body.len()
        ));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes())?;
    stream.write_all(body.unwrap_or_default().as_bytes())?;
    let mut answer = String::new();
    stream.read_to_string(&mut answer)?;
    let status = answer
        .get(9..12)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| std::io::Error::other(format!("not an HTTP answer: {answer:?}")))?;
    let body = answer
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_owned())
        .unwrap_or_default();
    Ok((status, body))
}

fn kill_9(child: &Child) {
    let status = Command::new("kill")
        .args(["-KILL", &child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(status.success());
}

#[derive(QueryableByName)]
struct Check {
    #[diesel(sql_type = diesel::sql_types::Text)]
    integrity_check: String,
}

/// SQLite's own `PRAGMA integrity_check` of the database file.
fn integrity(dir: &Path) -> Vec<String> {
    let mut conn =
        SqliteConnection::establish(&dir.join("gi.db").display().to_string()).expect("opens");
    diesel::sql_query("PRAGMA integrity_check")
        .load::<Check>(&mut conn)
        .expect("checks")
        .into_iter()
        .map(|c| c.integrity_check)
        .collect()
}

/// `serve` stops on SIGTERM only after the requests in flight are answered: a sign-in
/// whose body is still arriving when the signal comes is answered, then the process
/// exits successfully. (`Expect: 100-continue` tells the test the server has the
/// request: it answers `100 Continue` before reading the body.)
#[test]
fn sigterm_lets_requests_in_flight_finish() {
    let dir = tempfile::tempdir().expect("temporary folder");
    create_admin(dir.path());
    let mut server = Server::start(dir.path());

    let body = serde_json::json!({"email": EMAIL, "password": PASSWORD}).to_string();
    let mut stream = TcpStream::connect(("127.0.0.1", server.port)).expect("connects");
    write!(
        stream,
        "POST /api/v1/auth/login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n",
        body.len()
    )
    .expect("writes the head");
    let mut interim = [0u8; 25];
    stream.read_exact(&mut interim).expect("reads");
    assert_eq!(&interim, b"HTTP/1.1 100 Continue\r\n\r\n");

    let status = Command::new("kill")
        .args(["-TERM", &server.child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(status.success());
    // Shutting down, and it knows the request is in flight (a server that closed
    // connections on SIGTERM would log "force shutdown … closing 1 connections").
    let line = server.wait_for_log("connections");
    assert!(line.contains("finishing 1 connections"), "{line}");

    stream.write_all(body.as_bytes()).expect("writes the body");
    let mut answer = String::new();
    stream
        .read_to_string(&mut answer)
        .expect("reads the answer");
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(answer.contains("access_token"), "{answer}");
    let exit = server.child.wait().expect("exits");
    assert!(exit.success(), "{exit}");
}

/// `kill -9` while a writer creates drafts as fast as it can: after a restart every
/// draft the API acknowledged (201) is there, whole, and the file is intact.
#[test]
fn kill_9_during_api_writes_loses_no_acknowledged_write() {
    let dir = tempfile::tempdir().expect("temporary folder");
    create_admin(dir.path());
    let server = Server::start(dir.path());
    let token = server.token();
    let port = server.port;
    let (acks, acknowledged) = mpsc::channel();
    let writer = std::thread::spawn(move || {
        for n in 0.. {
            let headline = format!("Ditulis sebelum mati {n}");
            let body = serde_json::json!({"headline": headline, "section": "internasional",
                "language": "id", "byline": "A",
                "body": [{"type": "paragraph", "text": format!("Isi {n}.")}]});
            match http(
                port,
                "POST",
                "/api/v1/newsroom/articles",
                Some(&token),
                Some(&body.to_string()),
            ) {
                Ok((201, answer)) => {
                    let article: serde_json::Value = serde_json::from_str(&answer).expect("JSON");
                    let id = article["id"].as_str().expect("id").to_owned();
                    if acks.send((id, headline)).is_err() {
                        return;
                    }
                }
                // The server died mid-request: that write was never acknowledged.
                Ok(_) | Err(_) => return,
            }
        }
    });
    // Killed while writes keep coming.
    let mut written = Vec::new();
    while written.len() < 40 {
        written.push(acknowledged.recv().expect("a write acknowledged"));
    }
    kill_9(&server.child);
    writer.join().expect("the writer stops");
    written.extend(acknowledged.try_iter());
    drop(server);

    assert_eq!(integrity(dir.path()), ["ok"]);
    let server = Server::start(dir.path());
    let token = server.token();
    for (id, headline) in &written {
        let (status, body) = http(
            server.port,
            "GET",
            &format!("/api/v1/newsroom/articles/{id}"),
            Some(&token),
            None,
        )
        .expect("answers");
        assert_eq!(status, 200, "{id}: {body}");
        let article: serde_json::Value = serde_json::from_str(&body).expect("JSON");
        assert_eq!(article["headline"], headline.as_str());
    }
}

/// `kill -9` during a bulk import: every file the importer reported is stored (a second
/// run finds it unchanged), the file is intact, and the second run imports the rest.
/// Copy imported into a new database is derived (entities, quotes, subjects) by this
/// build's analyzer as it is written, so the server's first start derives none of it
/// again — a new database's migrations say "derived by none", and a start that believed
/// them walked every article first (a million: 25–35 minutes before it listened).
#[test]
fn a_start_after_an_import_into_a_new_database_derives_nothing_again() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let copy = dir.path().join("copy");
    std::fs::create_dir(&copy).expect("folder");
    for n in 0..3 {
        std::fs::write(
            copy.join(format!("berita-{n}.txt")),
            format!(
                "Judul: Berita Nomor {n}\n1 Juli 2025\nPenulis: Citra Dewi\n\
                 Jakarta — Presiden Prabowo Subianto bertemu Vladimir Putin di Moskow.\n"
            ),
        )
        .expect("write copy");
    }
    run_ok(dir.path(), &["import", "copy"]);
    let server = Server::start(dir.path());
    let derived_again: Vec<&String> = server
        .started
        .iter()
        .filter(|line| line.contains("annotated again"))
        .collect();
    assert!(derived_again.is_empty(), "{derived_again:?}");
    // The articles are there, with what was recognised at import.
    let (status, body) = http(
        server.port,
        "GET",
        "/api/v1/entities/vladimir-putin",
        None,
        None,
    )
    .expect("answers");
    assert_eq!(status, 200, "{body}");
    let entity: serde_json::Value = serde_json::from_str(&body).expect("JSON");
    assert_eq!(entity["article_count"], 3, "{body}");
}

#[test]
fn kill_9_during_a_bulk_import_loses_no_reported_file() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let copy = dir.path().join("copy");
    std::fs::create_dir(&copy).expect("folder");
    // Names long enough that the lines the importer prints for 500 files are more than
    // its output pipe holds: unread, they stop it before its end, which is where it
    // makes the index it deferred, so the kill below is always mid-import.
    let files = 500;
    let long = "x".repeat(230);
    for n in 0..files {
        std::fs::write(
            copy.join(format!("berita-{n:04}-{long}.txt")),
            format!(
                "Judul: Berita Nomor {n}\n1 Juli 2025\nPenulis: Citra Dewi\nTag: Rupiah\n\
                 Jakarta — Rupiah bergerak pada perdagangan hari ke-{n}. Analis menyebut \
                 sentimen global membaik.\n"
            ),
        )
        .expect("write copy");
    }
    let run = || {
        command(dir.path(), &["import", "copy", "--batch", "10"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("import starts")
    };
    let mut import = run();
    let mut out = BufReader::new(import.stdout.take().expect("stdout"));
    let mut reported = Vec::new();
    while reported.len() < 25 {
        let mut line = String::new();
        assert!(
            out.read_line(&mut line).expect("reads") > 0,
            "import ended early"
        );
        if let Some(rest) = line.strip_prefix("Created: ") {
            reported.push(rest.split(" → ").next().expect("file").to_owned());
        }
    }
    kill_9(&import);
    import.wait().expect("killed");
    assert_eq!(integrity(dir.path()), ["ok"]);
    // A load this size into an empty database makes the mentions' index by entity at
    // its end (`db::deferred`): killed before it, it left it missing; the next process
    // to open the database makes it.
    assert!(
        !has_mention_index(dir.path()),
        "the import deferred the index"
    );
    run_ok(dir.path(), &["migrate"]);
    assert!(
        has_mention_index(dir.path()),
        "made again at the next start"
    );

    let again = run().wait_with_output().expect("runs");
    let report = String::from_utf8_lossy(&again.stdout);
    assert!(again.status.success(), "{report}");
    for file in &reported {
        assert!(
            report.contains(&format!("Unchanged: {file} →")),
            "{file} was reported, so it is stored:\n{report}"
        );
    }
    // "500 files: C created, 0 updated, K unchanged, 0 failed": every file once.
    let summary = report.lines().last().expect("a summary");
    let counts: Vec<usize> = summary
        .split(|c: char| !c.is_ascii_digit())
        .filter_map(|n| n.parse().ok())
        .collect();
    let [total, created, updated, unchanged, failed] = counts[..] else {
        panic!("{summary}");
    };
    assert_eq!((total, updated, failed), (files, 0, 0), "{summary}");
    assert_eq!(created + unchanged, files, "{summary}");
    assert!(unchanged >= reported.len(), "{summary}");
    assert_eq!(integrity(dir.path()), ["ok"]);
    assert!(has_mention_index(dir.path()), "made at the import's end");
}

#[derive(QueryableByName)]
struct Named {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    n: i64,
}

/// Whether the database has the index of mentions by entity (`db::deferred`).
fn has_mention_index(dir: &Path) -> bool {
    let mut conn =
        SqliteConnection::establish(&dir.join("gi.db").display().to_string()).expect("opens");
    diesel::sql_query(
        "SELECT count(*) AS n FROM sqlite_master WHERE type = 'index' AND name = 'article_entities_entity'",
    )
    .get_result::<Named>(&mut conn)
    .expect("asks")
    .n
        == 1
}
