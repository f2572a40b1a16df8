use clap::Parser as _;
use tracing_subscriber::EnvFilter;

#[actix_web::main]
async fn main() -> std::process::ExitCode {
    // One JSON object per line (with the request's id inside a request), or
    // `LOG_FORMAT=text` for people reading a terminal. The search library's own
    // housekeeping (a line per file it merges or deletes) only when asked for.
    let logs = tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_env("LOG").unwrap_or_else(|_| EnvFilter::new("info,tantivy=warn")),
        )
        .with_writer(std::io::stderr);
    if std::env::var("LOG_FORMAT").is_ok_and(|f| f == "text") {
        logs.init();
    } else {
        logs.json()
            .with_current_span(true)
            .with_span_list(false)
            .init();
    }
    match backend::cli::run(backend::cli::Cli::parse()).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
