//! The demo article, shipped in the binary and imported on first start.

use shared::ArticleStatus;

use crate::config::Settings;
use crate::db::{DbConnection, articles};
use crate::domain::Desk;
use crate::domain::import::{ImportOptions, import_text};

/// File name doubles as the import's source key, as if imported from `content/seed/`.
pub const SEED_FILE: &str = "seed-korut-rusia.txt";
pub const SEED_TEXT: &str = include_str!("../../content/seed/seed-korut-rusia.txt");

pub fn options(settings: &Settings) -> ImportOptions {
    ImportOptions {
        section: settings.desk.default_section.clone(),
        language: settings.desk.default_language.clone(),
        status: ArticleStatus::Published,
    }
}

/// Imports the demo article when the database holds no article at all.
pub fn load_if_empty(
    conn: &mut DbConnection,
    desk: Desk,
    options: &ImportOptions,
) -> anyhow::Result<()> {
    if articles::any_article_exists(conn)? {
        return Ok(());
    }
    let imported = import_text(conn, desk, SEED_FILE, SEED_TEXT, options)
        .map_err(|e| anyhow::anyhow!("importing the demo article: {e}"))?;
    tracing::info!(
        slug = imported.slug,
        "demo article loaded into the empty database"
    );
    Ok(())
}
