//! Who is acting, what an author or an editor may touch, and how a refusal is said.

use shared::ArticleId;
use shared::staff::Role;

use crate::db::models::ArticleRow;
use crate::db::{DbConnection, articles};

/// Who is acting.
#[derive(Debug, Clone)]
pub struct Actor {
    pub user_id: String,
    pub role: Role,
    /// The account's author profile.
    pub author_id: Option<String>,
}

impl Actor {
    /// An author's own profile, which leads the byline of whatever they write.
    pub(super) fn own_author(&self) -> Option<&str> {
        (self.role == Role::Author)
            .then_some(self.author_id.as_deref())
            .flatten()
    }

    pub(super) fn is_editor(&self) -> bool {
        matches!(self.role, Role::Editor | Role::Admin)
    }
}

#[derive(Debug, thiserror::Error)]
pub enum NewsroomError {
    #[error("{message}")]
    Invalid { field: String, message: String },
    #[error("no such article")]
    NotFound,
    #[error("{0}")]
    Forbidden(String),
    #[error("the article is at version {current}; it was changed since version {expected}")]
    Stale { expected: i64, current: i64 },
    #[error("the entry is at version {current}; it was changed since version {expected}")]
    StaleEntry { expected: i64, current: i64 },
    #[error("{0}")]
    Conflict(String),
    /// Something other than an article is not there (a preview link).
    #[error("{0}")]
    Missing(String),
    /// It was there and is no more (a preview link revoked or expired).
    #[error("{0}")]
    Gone(String),
    #[error(transparent)]
    Storage(#[from] anyhow::Error),
}

impl From<diesel::result::Error> for NewsroomError {
    fn from(e: diesel::result::Error) -> Self {
        Self::Storage(e.into())
    }
}

pub(super) fn invalid(field: impl Into<String>, message: impl Into<String>) -> NewsroomError {
    NewsroomError::Invalid {
        field: field.into(),
        message: message.into(),
    }
}

/// The version a change was made on (`If-Match: "v3"`), or `None` for any
/// (`If-Match: *`).
pub type Expected = Option<i64>;

pub(super) fn editors_only(actor: &Actor, what: &str) -> Result<(), NewsroomError> {
    if actor.is_editor() {
        Ok(())
    } else {
        Err(NewsroomError::Forbidden(format!(
            "only editors and admins may {what}"
        )))
    }
}

/// An article the actor may see: editors see all, authors their own. Others' articles
/// are "not found" to an author, so ids reveal nothing.
pub(super) fn visible_row(
    conn: &mut DbConnection,
    actor: &Actor,
    id: ArticleId,
) -> Result<ArticleRow, NewsroomError> {
    visible_row_of(actor, articles::by_id_any(conn, &id.to_string())?)
}

pub(super) fn visible_row_of(
    actor: &Actor,
    row: Option<ArticleRow>,
) -> Result<ArticleRow, NewsroomError> {
    let row = row.ok_or(NewsroomError::NotFound)?;
    if actor.is_editor() || row.created_by.as_deref() == Some(actor.user_id.as_str()) {
        Ok(row)
    } else {
        Err(NewsroomError::NotFound)
    }
}
