//! What one write transaction has read already: the sections, tags and authors it
//! looked up or made, and whether it holds the change log's lock at its time. A batch
//! of writes (an import's 2,000 files, all of one section and a few hundred tags and
//! authors) then asks once for each rather than once per file. On PostgreSQL every
//! question is a round trip, and these were about half of an import's statements.
//!
//! A `Memo` lives inside one transaction: made in it, dropped with it, and `forget`-ful
//! when a savepoint in it rolls back (what it saw there may be gone). What it holds
//! stays true meanwhile: a row it read is one the transaction may link to (the foreign
//! keys check that as before), and the log's lock is the transaction's (`db::changes`).

use std::collections::HashMap;

use chrono::NaiveDateTime;
use diesel::QueryResult;

use super::DbConnection;
use super::models::{AuthorRow, SectionRow, TagRow};
use super::taxonomy;

#[derive(Debug, Default)]
pub struct Memo {
    /// By slug.
    sections: HashMap<String, SectionRow>,
    tags: HashMap<String, TagRow>,
    authors: HashMap<String, AuthorRow>,
    /// The time at which this transaction took the change log's lock and moved the
    /// publications due by then into it (`db::changes::record`).
    log_ready_at: Option<NaiveDateTime>,
}

impl Memo {
    /// Forgets everything: a savepoint rolled back, and what it wrote is gone.
    pub fn forget(&mut self) {
        *self = Self::default();
    }

    pub fn section_by_slug(
        &mut self,
        conn: &mut DbConnection,
        slug: &str,
    ) -> QueryResult<Option<SectionRow>> {
        if let Some(section) = self.sections.get(slug) {
            return Ok(Some(section.clone()));
        }
        let found = taxonomy::section_by_slug(conn, slug)?;
        Ok(found.inspect(|s| self.remember_section(s)))
    }

    pub fn section_by_id(
        &mut self,
        conn: &mut DbConnection,
        id: &str,
    ) -> QueryResult<Option<SectionRow>> {
        if let Some(section) = self.sections.values().find(|s| s.id == id) {
            return Ok(Some(section.clone()));
        }
        let found = taxonomy::section_by_id(conn, id)?;
        Ok(found.inspect(|s| self.remember_section(s)))
    }

    /// `taxonomy::ensure_section`, asked once.
    pub fn ensure_section(
        &mut self,
        conn: &mut DbConnection,
        slug: &str,
        name: &str,
        now: NaiveDateTime,
    ) -> QueryResult<SectionRow> {
        if let Some(section) = self.sections.get(slug) {
            return Ok(section.clone());
        }
        let section = taxonomy::ensure_section(conn, slug, name, now)?;
        self.remember_section(&section);
        Ok(section)
    }

    fn remember_section(&mut self, section: &SectionRow) {
        self.sections.insert(section.slug.clone(), section.clone());
    }

    /// `taxonomy::ensure_tag`, asked once per slug.
    pub fn ensure_tag(
        &mut self,
        conn: &mut DbConnection,
        slug: &str,
        name: &str,
        now: NaiveDateTime,
    ) -> QueryResult<TagRow> {
        if let Some(tag) = self.tags.get(slug) {
            return Ok(tag.clone());
        }
        let tag = taxonomy::ensure_tag(conn, slug, name, now)?;
        self.tags.insert(slug.to_owned(), tag.clone());
        Ok(tag)
    }

    /// `taxonomy::ensure_author`, asked once per slug.
    pub fn ensure_author(
        &mut self,
        conn: &mut DbConnection,
        slug: &str,
        name: &str,
        kind: &str,
        now: NaiveDateTime,
    ) -> QueryResult<AuthorRow> {
        if let Some(author) = self.authors.get(slug) {
            return Ok(author.clone());
        }
        let author = taxonomy::ensure_author(conn, slug, name, kind, now)?;
        self.authors.insert(slug.to_owned(), author.clone());
        Ok(author)
    }

    /// Whether this transaction already took the change log's lock and moved what was
    /// due at `now` into it.
    pub(super) fn log_ready_at(&self, now: NaiveDateTime) -> bool {
        self.log_ready_at == Some(now)
    }

    pub(super) fn set_log_ready_at(&mut self, now: NaiveDateTime) {
        self.log_ready_at = Some(now);
    }
}
