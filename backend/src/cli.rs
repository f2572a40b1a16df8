//! The command line: `serve` (default), `import`, `openapi`, `migrate`, `create-admin`,
//! `backup`, `corpus`.

use std::path::{Path, PathBuf};

use anyhow::Context as _;
use clap::{Parser, Subcommand, ValueEnum};
use indicatif::{ProgressBar, ProgressStyle};
use shared::ArticleStatus;

use crate::config::Settings;
use crate::db;
use crate::domain::Desk;
use crate::domain::import::{ImportOptions, Imported, Outcome, import_prepared, prepare};
use crate::startup::Application;

#[derive(Debug, Parser)]
#[command(
    name = "global-insight",
    version,
    about = "Global Insight: news API and newsroom server"
)]
pub struct Cli {
    /// Config file (TOML). Default: ./global-insight.toml when present.
    #[arg(long, global = true, env = "APP_CONFIG")]
    pub config: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the API (the default): applies migrations and loads the demo article into an empty database.
    Serve,
    /// Import filed copy (files, or folders of .txt files) as articles. Importing a file again updates its article.
    Import {
        /// Files or folders to import.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Section slug for the imported articles [default: desk.default_section].
        #[arg(long)]
        section: Option<String>,
        /// Language (BCP 47) of the copy [default: desk.default_language].
        #[arg(long)]
        lang: Option<String>,
        /// Publish at the date line, or keep as drafts.
        #[arg(long, value_enum, default_value_t = ImportStatus::Published)]
        status: ImportStatus,
        /// Files stored per transaction (the first batch at most 25, so writing starts
        /// at once). A file is reported once its batch is stored; a file that fails is
        /// left out of its batch, the others stay. An archive in no order of time puts
        /// each batch's links all over the keys' indexes (ordered by time), and a page
        /// changed is written once a transaction: 100,000 articles went in at 956/s 500
        /// at a time, at 1,285/s 2,000 at a time.
        #[arg(long, default_value_t = 2000, value_parser = clap::value_parser!(u16).range(1..))]
        batch: u16,
    },
    /// Write the OpenAPI document (as served at /api/openapi.json).
    Openapi {
        /// Where to write it; `-` for standard output.
        #[arg(long, short, default_value = "openapi/openapi.json")]
        output: PathBuf,
    },
    /// Apply pending database migrations and exit.
    Migrate,
    /// Make the search index (`search.index_dir`) again from the database, with a
    /// progress bar. Run it with the server stopped: the server holds its index while it
    /// runs (and makes it itself at start when it is missing or out of date).
    Reindex,
    /// Write a benchmark corpus: N articles of generated Indonesian filed copy in one
    /// folder per section (load each with `import DIR/<section> --section <section>`).
    Corpus {
        /// Where to write; `<section>/` folders are made in it.
        dir: PathBuf,
        /// How many articles.
        #[arg(long, default_value_t = 100_000)]
        articles: usize,
        /// The same seed writes the same corpus.
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// Give the articles in the database pictures, for benchmarks: N generated photos
    /// go into the image library (checked and rendered as uploads are), and each article
    /// gets one as its featured image, in turn.
    CorpusImages {
        /// How many photos.
        #[arg(long, default_value_t = 20)]
        photos: u32,
        /// The same seed makes the same photos.
        #[arg(long, default_value_t = 1)]
        seed: u32,
    },
    /// Write a consistent copy of the SQLite database to a new file (`VACUUM INTO`),
    /// while the server may keep running. Restore: use the copy as the database file.
    /// PostgreSQL: use `pg_dump` (see README).
    Backup {
        /// The file to write; it must not exist.
        to: PathBuf,
    },
    /// Create an admin account. The password comes from GI_ADMIN_PASSWORD or, when that is
    /// unset, the first line of standard input; there is no default password.
    CreateAdmin {
        #[arg(long)]
        email: String,
        /// Display name, also used for the author profile.
        #[arg(long)]
        name: String,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ImportStatus {
    Published,
    Draft,
}

pub async fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command.unwrap_or(Command::Serve) {
        Command::Openapi { output } => write_openapi(&output),
        Command::Serve => {
            let settings = Settings::load(cli.config.as_deref())?;
            Application::build(settings)
                .await?
                .run_until_stopped()
                .await?;
            Ok(())
        }
        Command::Migrate => {
            let settings = Settings::load(cli.config.as_deref())?;
            open_pool(&settings)?;
            println!("database is up to date");
            Ok(())
        }
        Command::Reindex => {
            let settings = Settings::load(cli.config.as_deref())?;
            let pool = open_pool(&settings)?;
            let desk = Desk {
                time_zone: settings.time_zone(),
                clock: Default::default(),
            };
            tokio::task::spawn_blocking(move || reindex(&settings, &pool, desk)).await?
        }
        Command::Corpus {
            dir,
            articles,
            seed,
        } => {
            for (section, count) in crate::corpus::write(&dir, articles, seed)? {
                println!("{count} articles in {}", dir.join(section).display());
            }
            Ok(())
        }
        Command::CorpusImages { photos, seed } => {
            let settings = Settings::load(cli.config.as_deref())?;
            let pool = open_pool(&settings)?;
            let desk = Desk {
                time_zone: settings.time_zone(),
                clock: Default::default(),
            };
            let media = settings.media.clone();
            let given = tokio::task::spawn_blocking(move || -> anyhow::Result<usize> {
                let mut conn = pool.get()?;
                crate::corpus::attach_images(&mut conn, desk, &media, photos, seed)
            })
            .await??;
            println!("{given} articles have a featured image of {photos} photos");
            Ok(())
        }
        Command::Backup { to } => {
            let settings = Settings::load(cli.config.as_deref())?;
            let bytes = db::backup(
                &settings.database.url,
                &to,
                std::time::Duration::from_millis(settings.database.busy_timeout_ms),
            )?;
            println!("backed up {bytes} bytes to {}", to.display());
            Ok(())
        }
        Command::CreateAdmin { email, name } => {
            let settings = Settings::load(cli.config.as_deref())?;
            create_admin(&settings, email, name)
        }
        Command::Import {
            paths,
            section,
            lang,
            status,
            batch,
        } => {
            let settings = Settings::load(cli.config.as_deref())?;
            let options = ImportOptions {
                section: section.unwrap_or_else(|| settings.desk.default_section.clone()),
                language: lang.unwrap_or_else(|| settings.desk.default_language.clone()),
                status: match status {
                    ImportStatus::Published => ArticleStatus::Published,
                    ImportStatus::Draft => ArticleStatus::Draft,
                },
            };
            anyhow::ensure!(
                shared::slug::is_slug(&options.section),
                "--section must be a slug such as `internasional`"
            );
            import(&settings, &paths, &options, usize::from(batch))
        }
    }
}

fn create_admin(settings: &Settings, email: String, name: String) -> anyhow::Result<()> {
    let password = match std::env::var("GI_ADMIN_PASSWORD") {
        Ok(password) => password,
        Err(_) => {
            let mut line = String::new();
            std::io::stdin()
                .read_line(&mut line)
                .context("reading the password from standard input")?;
            line.trim_end_matches(['\r', '\n']).to_owned()
        }
    };
    anyhow::ensure!(
        !password.is_empty(),
        "no password: set GI_ADMIN_PASSWORD or give it on standard input"
    );
    let pool = open_pool(settings)?;
    let mut conn = pool.get()?;
    let new = shared::staff::NewUser {
        email,
        display_name: name,
        password,
        role: shared::staff::Role::Admin,
    };
    let user = crate::domain::accounts::create_user(&mut conn, &new, Desk::system_now())
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    println!("created admin {} ({})", user.email, user.id);
    Ok(())
}

fn write_openapi(output: &Path) -> anyhow::Result<()> {
    let json = crate::http::openapi_json();
    if output == Path::new("-") {
        print!("{json}");
    } else {
        std::fs::write(output, json).with_context(|| format!("writing {}", output.display()))?;
        eprintln!("wrote {}", output.display());
    }
    Ok(())
}

/// `reindex`: the search index made again, batch by batch on a progress bar.
fn reindex(settings: &Settings, pool: &db::Pool, desk: Desk) -> anyhow::Result<()> {
    let index = crate::domain::indexing::SearchIndex::open(
        &settings.search.index_dir,
        settings.search.max_lag,
    )?;
    let mut conn = pool.get()?;
    let bar = ProgressBar::new(0);
    bar.set_style(
        ProgressStyle::with_template("{bar:40} {pos}/{len} articles, {per_sec}, {eta} left")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let began = std::time::Instant::now();
    index.rebuild(
        &mut conn,
        desk.now(),
        &mut |done, total| {
            bar.set_length(total);
            bar.set_position(done);
        },
        crate::domain::indexing::Segments::Merged,
    )?;
    bar.finish_and_clear();
    println!(
        "indexed {} articles in {:.1} s into {}",
        index.engine().len(),
        began.elapsed().as_secs_f64(),
        settings.search.index_dir.display()
    );
    Ok(())
}

fn open_pool(settings: &Settings) -> anyhow::Result<db::Pool> {
    db::connect(
        &settings.database.url,
        1,
        std::time::Duration::from_millis(settings.database.busy_timeout_ms),
    )
}

/// Files named directly, and the `.txt` files in named folders (recursively), sorted.
fn collect_files(paths: &[PathBuf]) -> anyhow::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for path in paths {
        let meta = std::fs::metadata(path).with_context(|| format!("{}", path.display()))?;
        if meta.is_dir() {
            let mut found = Vec::new();
            walk(path, &mut found)?;
            found.sort();
            files.extend(found);
        } else {
            files.push(path.clone());
        }
    }
    Ok(files)
}

/// The files oldest first, by the date line each one's header gives (its first
/// `HEAD_BYTES` read), those without one last: a batch's rows then go in next to each
/// other in every index ordered by time (lists, links, quotes) rather than all over
/// them, and SQLite writes fewer pages at each commit. Files of the same name (the same
/// source key: a later one updates the article an earlier one made) stay in their order,
/// all at the first one's place.
fn in_time_order(files: Vec<PathBuf>) -> Vec<PathBuf> {
    use std::io::Read as _;
    const HEAD_BYTES: u64 = 2048;
    let date_of = |file: &Path| -> Option<chrono::NaiveDate> {
        let mut head = Vec::new();
        std::fs::File::open(file)
            .and_then(|f| f.take(HEAD_BYTES).read_to_end(&mut head))
            .ok()?;
        crate::domain::filed_copy::header_date(&String::from_utf8_lossy(&head))
    };
    // Each file's date, the headers read on every core (on one, the first batch of a
    // section of 20,000 began 0.31 s in; 0.17 s on two).
    let dates = crate::domain::import::on_every_core(&files, 1_000, |file| date_of(file));
    // Where a file goes: without a date last, then by date, then by its name's first file.
    type Place = (bool, Option<chrono::NaiveDate>, usize);
    let mut first: std::collections::HashMap<&std::ffi::OsStr, Place> =
        std::collections::HashMap::new();
    let mut keyed: Vec<(Place, usize)> = Vec::with_capacity(files.len());
    for (n, (file, date)) in files.iter().zip(&dates).enumerate() {
        let name = file.file_name().unwrap_or_default();
        let key = *first
            .entry(name)
            .or_insert_with(|| (date.is_none(), *date, n));
        keyed.push((key, n));
    }
    keyed.sort_unstable();
    let order: Vec<usize> = keyed.into_iter().map(|(_, n)| n).collect();
    let mut files: Vec<Option<PathBuf>> = files.into_iter().map(Some).collect();
    order.into_iter().filter_map(|n| files[n].take()).collect()
}

fn walk(dir: &Path, found: &mut Vec<PathBuf>) -> anyhow::Result<()> {
    for entry in std::fs::read_dir(dir).with_context(|| format!("{}", dir.display()))? {
        let path = entry?.path();
        if path.is_dir() {
            walk(&path, found)?;
        } else if path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("txt"))
        {
            found.push(path);
        }
    }
    Ok(())
}

/// A batch of files as read: the texts (source key, text) of those read as UTF-8 text,
/// and why the others could not be.
struct ReadBatch<'a> {
    texts: Vec<(String, String)>,
    files: Vec<&'a Path>,
    unread: Vec<(&'a Path, anyhow::Error)>,
}

fn read_batch(chunk: &[PathBuf]) -> ReadBatch<'_> {
    let mut read = ReadBatch {
        texts: Vec::with_capacity(chunk.len()),
        files: Vec::with_capacity(chunk.len()),
        unread: Vec::new(),
    };
    for file in chunk {
        match std::fs::read(file) {
            Err(e) => read.unread.push((file, e.into())),
            Ok(bytes) => match String::from_utf8(bytes) {
                Err(_) => read
                    .unread
                    .push((file, anyhow::anyhow!("line 1: the file is not UTF-8 text"))),
                Ok(text) => {
                    let key = file
                        .file_name()
                        .map(|n| n.to_string_lossy().into_owned())
                        .unwrap_or_default();
                    read.texts.push((key, text));
                    read.files.push(file);
                }
            },
        }
    }
    read
}

/// Files in an import's first batch.
const FIRST_BATCH: usize = 25;

/// An import of this many files or more tidies up at its end (`db::finish_bulk_writes`).
const BULK_FILES: usize = 1_000;

/// Imports the files `batch` at a time, each batch in one transaction; a bad file is
/// reported and skipped, and the command fails at the end if any file did.
fn import(
    settings: &Settings,
    paths: &[PathBuf],
    options: &ImportOptions,
    batch: usize,
) -> anyhow::Result<()> {
    let files = in_time_order(collect_files(paths)?);
    let pool = open_pool(settings)?;
    let mut conn = pool.get()?;
    crate::db::prepare_bulk_writes(&mut conn)?;
    let desk = Desk {
        time_zone: settings.time_zone(),
        clock: Default::default(),
    };
    // As at the server's start: imported copy is recognised against the gazetteer.
    crate::domain::entities::sync_gazetteer(&mut conn, desk.now())?;
    // Into a new database: what it imports is derived by this build's analyzer, which
    // the server's start then need not do again.
    crate::domain::entities::derived_by_current(&mut conn)?;
    // A load of the archive's size (on PostgreSQL, a quarter of it) makes the indexes
    // whose entries land by key and time once, at its end (`db::deferred`).
    let present = db::articles::count_all(&mut conn)?;
    let deferring = db::deferred::worth_deferring(&conn, present, files.len());
    if deferring {
        db::deferred::defer(&mut conn)?;
    }
    let bar = ProgressBar::new(files.len() as u64);
    bar.set_style(
        ProgressStyle::with_template("{bar:40} {pos}/{len} {wide_msg}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let (mut created, mut updated, mut unchanged, mut failed) = (0, 0, 0, Vec::new());
    let mut report = |file: &Path, result: anyhow::Result<Imported>| match result {
        Ok(imported) => {
            match imported.outcome {
                Outcome::Created => created += 1,
                Outcome::Updated => updated += 1,
                Outcome::Unchanged => unchanged += 1,
            }
            // After its transaction committed: the line says the file is stored.
            // (Printed also when output is not a terminal and the bar is hidden.)
            bar.suspend(|| {
                println!(
                    "{:?}: {} → {}",
                    imported.outcome,
                    file.display(),
                    imported.slug
                );
            });
        }
        Err(e) => {
            let message = format!("{}: {e:#}", file.display());
            bar.suspend(|| eprintln!("error: {message}"));
            failed.push(message);
        }
    };
    // One thread reads, parses and works out what each article's words give for the
    // next batch (`import::prepare`, on every core) while this one writes this batch.
    let gazetteer = crate::domain::entities::Gazetteer::load(&mut conn)?;
    let all = &files;
    let loaded = std::thread::scope(|scope| -> anyhow::Result<()> {
        let (ready, batches) = std::sync::mpsc::sync_channel(1);
        let reader = scope.spawn(move || {
            // Below the writer, and so the threads it starts (`prepare`'s, which inherit
            // it): the writer is the path every file waits on, and two cores were shared
            // three ways while a batch was worked out.
            if let Err(error) =
                thread_priority::set_current_thread_priority(thread_priority::ThreadPriority::Min)
            {
                tracing::debug!(%error, "the import's reader keeps its priority");
            }
            // The first batch small, so the writer starts at once rather than after a
            // whole batch is worked out (a third of a second at 500).
            let first = all.len().min(batch.min(FIRST_BATCH));
            let (head, rest) = all.split_at(first);
            for chunk in std::iter::once(head)
                .filter(|c| !c.is_empty())
                .chain(rest.chunks(batch))
            {
                let read = read_batch(chunk);
                let prepared = prepare(std::sync::Arc::clone(&gazetteer), &read.texts, options);
                if ready.send((chunk, read, prepared)).is_err() {
                    break; // the writer stopped
                }
            }
        });
        for (chunk, read, prepared) in batches {
            bar.set_message(chunk[0].display().to_string());
            for (file, e) in read.unread {
                report(file, Err(e));
            }
            match import_prepared(&mut conn, desk, &read.texts, prepared, options) {
                Ok(results) => {
                    for (file, result) in read.files.into_iter().zip(results) {
                        report(file, result.map_err(anyhow::Error::from));
                    }
                }
                Err(e) => {
                    let e = anyhow::Error::from(e);
                    for file in read.files {
                        report(file, Err(anyhow::anyhow!("not stored: {e:#}")));
                    }
                }
            }
            bar.inc(chunk.len() as u64);
        }
        reader
            .join()
            .map_err(|_| anyhow::anyhow!("reading the files failed"))
    });
    if deferring {
        bar.set_message("making the mentions' index");
        db::deferred::restore(&mut conn)?;
    }
    loaded?;
    if files.len() >= BULK_FILES {
        bar.set_message("tidying up");
        crate::db::finish_bulk_writes(&mut conn)?;
    }
    bar.finish_and_clear();
    println!(
        "{} {}: {created} created, {updated} updated, {unchanged} unchanged, {} failed",
        files.len(),
        if files.len() == 1 { "file" } else { "files" },
        failed.len()
    );
    if failed.is_empty() {
        Ok(())
    } else {
        anyhow::bail!(
            "{} of {} files were not imported:\n{}",
            failed.len(),
            files.len(),
            failed.join("\n")
        )
    }
}
