//! Rows as stored. Conversion to the API types happens in `domain`.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use shared::ArticleStatus;

use super::schema::{
    article_authors, article_tags, articles, authors, corrections, login_failures, refresh_tokens,
    revisions, sections, sessions, tags, users,
};

#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset, PartialEq)]
#[diesel(table_name = articles)]
#[diesel(treat_none_as_null = true)]
// Inserted with every column a value (`None` is NULL, never `DEFAULT`): one statement
// text, prepared once and kept, rather than one per pattern of empty fields.
#[diesel(treat_none_as_default_value = false)]
pub struct ArticleRow {
    pub id: String,
    pub slug: String,
    pub source_key: Option<String>,
    pub language: String,
    pub headline: String,
    pub headline_derived: bool,
    pub standfirst: Option<String>,
    pub dateline_text: Option<String>,
    pub dateline_city: Option<String>,
    pub dateline_country: Option<String>,
    pub byline: Option<String>,
    pub section_id: String,
    /// The blocks, as JSON. Their HTML and text are made from them on read
    /// (`shared::render`), not stored: a copy of each was a third of the table.
    pub body: String,
    pub word_count: i32,
    pub reading_time_minutes: i32,
    pub status: String,
    pub first_published_at: Option<NaiveDateTime>,
    pub published_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub version: i64,
    /// The staff account that created the article; `None` for imported copy.
    pub created_by: Option<String>,
    pub deleted_at: Option<NaiveDateTime>,
    /// When the author asked for review; cleared on publication.
    pub review_requested_at: Option<NaiveDateTime>,
    /// An image of the library, and the article's own alt text and caption for it.
    pub featured_image_id: Option<String>,
    pub featured_image_alt: Option<String>,
    pub featured_image_caption: Option<String>,
    pub featured_image_credit: Option<String>,
    /// 1 (flash) to 9; 5 is ordinary news.
    pub urgency: i32,
    /// Breaking news until then (while public).
    pub breaking_until: Option<NaiveDateTime>,
}

impl ArticleRow {
    /// Its time while it is listed — published or scheduled, not deleted —: from when
    /// it is public, if it is or will be (what the links carry as `listed_at`).
    pub fn listed_at(&self) -> Option<NaiveDateTime> {
        let listed = matches!(
            self.status(),
            Ok(ArticleStatus::Published | ArticleStatus::Scheduled)
        );
        self.published_at
            .filter(|_| listed && self.deleted_at.is_none())
    }

    /// The state the stored word names (`status` is text in both databases; only
    /// `ArticleStatus`'s words are written, so another is a damaged row).
    pub fn status(&self) -> anyhow::Result<ArticleStatus> {
        ArticleStatus::parse(&self.status)
            .ok_or_else(|| anyhow::anyhow!("article {} has status {:?}", self.id, self.status))
    }

    /// Whether the public sees it at `now`: published, or scheduled and due; not deleted.
    pub fn is_public_at(&self, now: NaiveDateTime) -> bool {
        self.deleted_at.is_none()
            && self.published_at.is_some_and(|at| at <= now)
            && matches!(
                self.status(),
                Ok(ArticleStatus::Published | ArticleStatus::Scheduled)
            )
    }

    /// The body's blocks.
    pub fn blocks(&self) -> QueryResult<Vec<shared::Block>> {
        serde_json::from_str(&self.body)
            .map_err(|e| diesel::result::Error::DeserializationError(Box::new(e)))
    }

    /// The body as plain text (made from the blocks).
    pub fn body_text(&self) -> QueryResult<String> {
        Ok(shared::render::body_text(&self.blocks()?))
    }

    pub fn set_status(&mut self, status: ArticleStatus) {
        self.status = status.as_str().to_owned();
    }

    /// A new draft with a fresh id and no content yet; the caller fills it in.
    pub fn blank(now: NaiveDateTime, created_by: Option<String>) -> Self {
        Self {
            id: uuid::Uuid::now_v7().to_string(),
            slug: String::new(),
            source_key: None,
            language: String::new(),
            headline: String::new(),
            headline_derived: false,
            standfirst: None,
            dateline_text: None,
            dateline_city: None,
            dateline_country: None,
            byline: None,
            section_id: String::new(),
            body: String::new(),
            word_count: 0,
            reading_time_minutes: 0,
            status: "draft".to_owned(),
            first_published_at: None,
            published_at: None,
            created_at: now,
            updated_at: now,
            version: 1,
            created_by,
            deleted_at: None,
            review_requested_at: None,
            featured_image_id: None,
            featured_image_alt: None,
            featured_image_caption: None,
            featured_image_credit: None,
            urgency: shared::DEFAULT_URGENCY.into(),
            breaking_until: None,
        }
    }
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = sections)]
pub struct SectionRow {
    pub id: String,
    pub slug: String,
    pub name: String,
    pub description: Option<String>,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = tags)]
pub struct TagRow {
    pub id: String,
    pub slug: String,
    pub name: String,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = authors)]
pub struct AuthorRow {
    pub id: String,
    pub slug: String,
    pub name: String,
    pub kind: String,
    pub bio: Option<String>,
    pub created_at: NaiveDateTime,
    pub job_title: Option<String>,
    pub photo_id: Option<String>,
    /// `[{"kind": "x", "url": "https://…"}]`
    pub links: String,
    pub language: Option<String>,
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = article_authors)]
#[diesel(treat_none_as_default_value = false)] // see `entities::QuoteRow`
pub struct ArticleAuthorRow {
    pub article_id: String,
    pub author_id: String,
    pub position: i32,
    /// The article's `published_at` while it is listed.
    pub listed_at: Option<NaiveDateTime>,
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = article_tags)]
#[diesel(treat_none_as_default_value = false)] // see `entities::QuoteRow`
pub struct ArticleTagRow {
    pub article_id: String,
    pub tag_id: String,
    pub position: i32,
    /// The article's `published_at` while it is listed.
    pub listed_at: Option<NaiveDateTime>,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = users)]
pub struct UserRow {
    pub id: String,
    pub email: String,
    pub display_name: String,
    pub password_hash: String,
    pub role: String,
    pub author_id: Option<String>,
    pub active: bool,
    pub token_version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = sessions)]
pub struct SessionRow {
    pub id: String,
    pub user_id: String,
    pub created_at: NaiveDateTime,
    pub revoked_at: Option<NaiveDateTime>,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = refresh_tokens)]
pub struct RefreshTokenRow {
    pub id: String,
    pub session_id: String,
    pub token_hash: String,
    pub created_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
    pub used_at: Option<NaiveDateTime>,
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = login_failures)]
pub struct LoginFailureRow {
    pub id: String,
    pub client_ip: String,
    pub email: String,
    pub failed_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = revisions)]
#[diesel(treat_none_as_default_value = false)] // see `entities::QuoteRow`
pub struct RevisionRow {
    pub id: String,
    pub article_id: String,
    pub version: i64,
    pub user_id: Option<String>,
    pub action: String,
    pub created_at: NaiveDateTime,
    /// The article after the change, as JSON, compressed (`newsroom::snapshots::pack`);
    /// `None` while this is the article's newest revision: its state is then the
    /// article as it is, packed here when the next change supersedes it.
    pub state: Option<Vec<u8>>,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = corrections)]
pub struct CorrectionRow {
    pub id: String,
    pub article_id: String,
    pub text: String,
    pub user_id: Option<String>,
    pub published_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = super::schema::api_keys)]
pub struct ApiKeyRow {
    pub id: String,
    pub name: String,
    pub key_hash: String,
    pub prefix: String,
    pub requests_per_window: i32,
    pub created_by: String,
    pub created_at: NaiveDateTime,
    pub revoked_at: Option<NaiveDateTime>,
}
