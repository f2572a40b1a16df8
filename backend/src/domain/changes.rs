//! The public change feed, read from the change log (`db::changes`).

use anyhow::Context as _;
use shared::{Change, ChangePage, ChangeType, ChangedArticle};

use super::Desk;
use crate::db::{self, DbConnection, changes};

/// Up to `limit` changes after the entry numbered `since` (0: from the start).
pub fn changes_after(
    conn: &mut DbConnection,
    desk: Desk,
    since: i64,
    limit: u32,
) -> anyhow::Result<ChangePage> {
    let now = desk.now();
    // Scheduled publications that fell due enter the log before anyone reads past them.
    if changes::any_due(conn, now)? {
        db::write_transaction(conn, |conn| changes::publish_due(conn, now))?;
    }
    let mut rows = changes::after(conn, since, i64::from(limit) + 1)?;
    let has_more = rows.len() > limit as usize;
    rows.truncate(limit as usize);
    let next_cursor = rows.last().map_or(since, |r| r.seq).to_string();
    let data = rows
        .into_iter()
        .map(|row| {
            let kind = ChangeType::parse(&format!("article.{}", row.kind))
                .with_context(|| format!("change {} has an unknown kind {}", row.seq, row.kind))?;
            let entry = row
                .entry_id
                .as_deref()
                .map(|id| -> anyhow::Result<shared::ChangedEntry> {
                    Ok(shared::ChangedEntry {
                        id: id.parse().context("entry id is not a UUID")?,
                        href: format!("/api/v1/articles/{}/entries", row.slug),
                    })
                })
                .transpose()?;
            Ok(Change {
                cursor: row.seq.to_string(),
                kind,
                article: ChangedArticle {
                    id: row.article_id.parse().context("article id is not a UUID")?,
                    href: format!("/api/v1/articles/by-id/{}", row.article_id),
                    slug: row.slug,
                    version: row.version,
                },
                entry,
                occurred_at: desk.local(row.occurred_at),
            })
        })
        .collect::<anyhow::Result<Vec<Change>>>()?;
    Ok(ChangePage {
        data,
        next_cursor,
        has_more,
    })
}
