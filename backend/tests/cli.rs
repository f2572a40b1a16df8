//! The binary as an operator uses it: `--help`, `import`, `openapi`.

use std::path::Path;
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_global-insight");

fn fixture(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/fixtures")
        .join(name)
}

/// Runs the binary in `dir` (so no stray config file is read) against `dir`'s database.
fn run(dir: &Path, args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .current_dir(dir)
        .env_remove("APP_CONFIG")
        .env(
            "DATABASE_URL",
            format!("sqlite://{}", dir.join("cli.db").display()),
        )
        .output()
        .expect("the binary runs")
}

fn text(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

#[test]
fn help_names_every_command() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let output = run(dir.path(), &["--help"]);
    assert!(output.status.success());
    let help = text(&output);
    for command in ["serve", "import", "openapi", "migrate"] {
        assert!(help.contains(command), "{command} in:\n{help}");
    }
    let output = run(dir.path(), &["import", "--help"]);
    assert!(text(&output).contains("--section"));
}

#[test]
fn import_reports_each_file_and_is_idempotent() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let copy = dir.path().join("copy");
    std::fs::create_dir_all(copy.join("agustus")).expect("folders");
    for (name, to) in [
        ("putin-moskow.txt", "agustus/putin-moskow.txt"),
        ("ekonomi-jakarta.txt", "ekonomi-jakarta.txt"),
        ("not-filed-copy.txt", "not-filed-copy.txt"),
    ] {
        std::fs::copy(fixture(name), copy.join(to)).expect("copy fixture");
    }
    std::fs::write(copy.join("notes.md"), "not copy: ignored, not a .txt file").expect("write");

    let output = run(dir.path(), &["import", "copy"]);
    let report = text(&output);
    assert!(
        !output.status.success(),
        "one file failed, so the command fails:\n{report}"
    );
    assert!(
        report.contains("not-filed-copy.txt: line 2: expected a date line such as `13 Juli 2025`"),
        "the bad file is named with its line:\n{report}"
    );
    assert!(
        report.contains("3 files: 2 created, 0 updated, 0 unchanged, 1 failed"),
        "{report}"
    );

    let good = copy.join("ekonomi-jakarta.txt");
    let good = good.to_str().expect("path");
    let output = run(dir.path(), &["import", good, "copy/agustus"]);
    let report = text(&output);
    assert!(output.status.success(), "{report}");
    assert!(
        report.contains("2 files: 0 created, 0 updated, 2 unchanged, 0 failed"),
        "{report}"
    );

    // Filed to another section: the same article, updated.
    let output = run(dir.path(), &["import", "--section", "ekonomi", good]);
    let report = text(&output);
    assert!(output.status.success(), "{report}");
    assert!(
        report.contains("1 file: 0 created, 1 updated, 0 unchanged, 0 failed"),
        "{report}"
    );
}

/// Files are written oldest first, by their date lines (so a batch's rows go in together
/// in the indexes ordered by time); a later file of the same name still comes after the
/// earlier one it updates, and a file with no date line comes last.
#[test]
fn import_writes_files_oldest_first() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let copy = dir.path().join("copy");
    std::fs::create_dir_all(copy.join("a")).expect("folders");
    std::fs::create_dir_all(copy.join("b")).expect("folders");
    let story = |headline: &str, date: &str| {
        format!(
            "Judul: {headline}\n{date}\nPenulis: Citra Dewi\nJakarta — Rupiah bergerak {headline}.\n"
        )
    };
    for (path, text) in [
        ("a/berita-1.txt", story("Satu", "3 Maret 2025")),
        ("a/berita-2.txt", story("Dua", "1 Januari 2023")),
        (
            "a/berita-3.txt",
            "Judul: Tiga\nJakarta — Tanpa tanggal.\n".to_owned(),
        ),
        ("b/berita-1.txt", story("Satu Lagi", "1 Januari 2020")),
        ("b/berita-4.txt", story("Empat", "2 Februari 2024")),
    ] {
        std::fs::write(copy.join(path), text).expect("write copy");
    }
    let output = run(dir.path(), &["import", "copy"]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    let written: Vec<&str> = stdout
        .lines()
        .filter_map(|line| line.split_once(" → ")?.0.split_once(": "))
        .map(|(_, file)| file.trim_start_matches("copy/"))
        .collect();
    assert_eq!(
        written,
        [
            "a/berita-2.txt",
            "b/berita-4.txt",
            "a/berita-1.txt",
            "b/berita-1.txt"
        ],
        "{}",
        text(&output)
    );
    assert!(
        stdout.contains("Updated: copy/b/berita-1.txt"),
        "the later file of that name updates the article:\n{stdout}"
    );
    let report = text(&output);
    assert!(
        report.contains("a/berita-3.txt: line 2: expected a date line"),
        "{report}"
    );
    assert!(
        report.contains("5 files: 3 created, 1 updated, 0 unchanged, 1 failed"),
        "{report}"
    );
}

#[test]
fn import_refuses_a_section_that_is_not_a_slug() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let file = fixture("ekonomi-jakarta.txt");
    let output = run(
        dir.path(),
        &[
            "import",
            "--section",
            "Not A Slug",
            file.to_str().expect("path"),
        ],
    );
    assert!(!output.status.success());
    assert!(text(&output).contains("--section must be a slug"));
}

#[test]
fn openapi_writes_the_committed_spec() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let output = run(dir.path(), &["openapi", "--output", "-"]);
    assert!(output.status.success());
    let committed = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../openapi/openapi.json"),
    )
    .expect("openapi/openapi.json");
    assert_eq!(String::from_utf8_lossy(&output.stdout), committed);
}

#[test]
fn create_admin_takes_the_password_from_the_environment_or_stdin() {
    use std::io::Write as _;
    let dir = tempfile::tempdir().expect("temporary folder");
    let output = Command::new(BIN)
        .args([
            "create-admin",
            "--email",
            "boss@globalinsight.test",
            "--name",
            "Bos Redaksi",
        ])
        .current_dir(dir.path())
        .env(
            "DATABASE_URL",
            format!("sqlite://{}", dir.path().join("cli.db").display()),
        )
        .env("GI_ADMIN_PASSWORD", "sebuah kata sandi panjang")
        .output()
        .expect("runs");
    assert!(output.status.success(), "{}", text(&output));
    assert!(text(&output).contains("created admin boss@globalinsight.test"));

    // From standard input; a second account with the same email is refused.
    let mut child = Command::new(BIN)
        .args([
            "create-admin",
            "--email",
            "BOSS@globalinsight.test",
            "--name",
            "Bos Lain",
        ])
        .current_dir(dir.path())
        .env(
            "DATABASE_URL",
            format!("sqlite://{}", dir.path().join("cli.db").display()),
        )
        .env_remove("GI_ADMIN_PASSWORD")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("runs");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(b"kata sandi dari stdin\n")
        .expect("write");
    let output = child.wait_with_output().expect("exit");
    assert!(!output.status.success());
    assert!(text(&output).contains("exists"), "{}", text(&output));

    // No password at all: refused, nothing created.
    let output = Command::new(BIN)
        .args([
            "create-admin",
            "--email",
            "x@globalinsight.test",
            "--name",
            "X",
        ])
        .current_dir(dir.path())
        .env(
            "DATABASE_URL",
            format!("sqlite://{}", dir.path().join("cli.db").display()),
        )
        .env_remove("GI_ADMIN_PASSWORD")
        .stdin(std::process::Stdio::null())
        .output()
        .expect("runs");
    assert!(!output.status.success());
    assert!(text(&output).contains("no password"), "{}", text(&output));
}

#[test]
fn backup_copies_sqlite_and_points_postgresql_to_pg_dump() {
    let dir = tempfile::tempdir().expect("temporary folder");
    assert!(run(dir.path(), &["migrate"]).status.success());
    let output = run(dir.path(), &["backup", "copy.db"]);
    assert!(output.status.success(), "{}", text(&output));
    assert!(text(&output).contains("backed up"), "{}", text(&output));
    assert!(dir.path().join("copy.db").exists());
    // Never over an existing file.
    let again = run(dir.path(), &["backup", "copy.db"]);
    assert!(!again.status.success());
    assert!(text(&again).contains("exists already"), "{}", text(&again));

    let output = Command::new(BIN)
        .args(["backup", "x.dump"])
        .current_dir(dir.path())
        .env("DATABASE_URL", "postgres://nobody@127.0.0.1:1/none")
        .output()
        .expect("runs");
    assert!(!output.status.success());
    assert!(text(&output).contains("pg_dump"), "{}", text(&output));
}
