//! The newsroom's writes: drafts, edits guarded by the version the editor saw,
//! publication, scheduling and unpublishing — each with its revision in the same
//! transaction — and who may do which.

use anyhow::Context as _;
use chrono::NaiveDateTime;
use shared::newsroom::{ArticleInput, FieldChange, RevisionDetail, RevisionDiff, RevisionSummary};
use shared::render::render_body;
use shared::slug::{is_slug, slugify};
use shared::staff::Role;
use shared::{Article, ArticleStatus, Block, HeadingBlock, ListBlock, ParagraphBlock, QuoteBlock};

use super::Desk;
use super::articles::assemble;
use super::entities::Gazetteer;
use super::filed_copy::byline_authors;
use super::markup::{markdown_to_blocks, sanitise_inline};
use crate::db::models::{ArticleRow, RevisionRow};
use crate::db::{self, DbConnection, articles, changes, taxonomy};

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
    fn own_author(&self) -> Option<&str> {
        (self.role == Role::Author)
            .then_some(self.author_id.as_deref())
            .flatten()
    }

    fn is_editor(&self) -> bool {
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
    #[error("{0}")]
    Conflict(String),
    #[error(transparent)]
    Storage(#[from] anyhow::Error),
}

impl From<diesel::result::Error> for NewsroomError {
    fn from(e: diesel::result::Error) -> Self {
        Self::Storage(e.into())
    }
}

fn invalid(field: impl Into<String>, message: impl Into<String>) -> NewsroomError {
    NewsroomError::Invalid {
        field: field.into(),
        message: message.into(),
    }
}

pub const MAX_HEADLINE: usize = 200;
pub const MAX_STANDFIRST: usize = 500;
pub const MAX_BYLINE: usize = 200;
pub const MAX_TAGS: usize = 20;
pub const MAX_TAG: usize = 60;
pub const MAX_BLOCKS: usize = 500;
pub const MAX_BLOCK_TEXT: usize = 20_000;
pub const MAX_DATELINE: usize = 100;

fn check_len(field: &str, value: &str, min: usize, max: usize) -> Result<(), NewsroomError> {
    let n = value.trim().chars().count();
    if n < min || n > max {
        return Err(invalid(
            field,
            if min > 0 {
                format!("`{field}` must be {min} to {max} characters; it has {n}")
            } else {
                format!("`{field}` must be at most {max} characters; it has {n}")
            },
        ));
    }
    Ok(())
}

/// Checks every field of the input, naming the first bad one.
fn validate(input: &ArticleInput) -> Result<(), NewsroomError> {
    check_len("headline", &input.headline, 1, MAX_HEADLINE)?;
    if let Some(standfirst) = &input.standfirst {
        check_len("standfirst", standfirst, 0, MAX_STANDFIRST)?;
    }
    if let Some(byline) = &input.byline {
        check_len("byline", byline, 1, MAX_BYLINE)?;
    }
    if let Some(dateline) = &input.dateline {
        check_len("dateline.text", &dateline.text, 1, MAX_DATELINE)?;
        check_len("dateline.place.city", &dateline.place.city, 1, MAX_DATELINE)?;
        if let Some(country) = &dateline.place.country {
            check_len("dateline.place.country", country, 1, MAX_DATELINE)?;
        }
    }
    if !is_slug(&input.section) {
        return Err(invalid(
            "section",
            "`section` must be the slug of a section",
        ));
    }
    if input.tags.len() > MAX_TAGS {
        return Err(invalid("tags", format!("at most {MAX_TAGS} tags")));
    }
    for (i, tag) in input.tags.iter().enumerate() {
        check_len(&format!("tags[{i}]"), tag, 1, MAX_TAG)?;
        if slugify(tag).is_empty() {
            return Err(invalid(
                format!("tags[{i}]"),
                "a tag needs a letter or digit",
            ));
        }
    }
    let language_ok = (2..=35).contains(&input.language.len())
        && input
            .language
            .split('-')
            .all(|p| !p.is_empty() && p.len() <= 8 && p.bytes().all(|b| b.is_ascii_alphanumeric()));
    if !language_ok {
        return Err(invalid(
            "language",
            "`language` must be a BCP 47 tag such as `id` or `en`",
        ));
    }
    Ok(())
}

/// The body the input describes, as blocks: from Markdown, or the blocks sent with
/// each paragraph's inline markup sanitised. Checks every block.
fn resolve_body(input: &ArticleInput) -> Result<Vec<Block>, NewsroomError> {
    let Some(markdown) = &input.body_markdown else {
        let body = input
            .body
            .iter()
            .enumerate()
            .map(|(i, block)| sanitise_block(i, block))
            .collect::<Result<Vec<_>, _>>()?;
        check_blocks(&body, "body")?;
        return Ok(body);
    };
    if !input.body.is_empty() {
        return Err(invalid(
            "body_markdown",
            "send `body` or `body_markdown`, not both",
        ));
    }
    let body = markdown_to_blocks(markdown).map_err(|e| invalid("body_markdown", e.to_string()))?;
    // A block the Markdown produced is named by its number; the field is what was sent.
    check_blocks(&body, "body").map_err(|e| match e {
        NewsroomError::Invalid { field, message } => invalid(
            "body_markdown",
            format!("{message} (in block {field} made from the Markdown)"),
        ),
        other => other,
    })?;
    Ok(body)
}

/// A paragraph's `html` through the sanitiser, and its `text` derived from what was kept.
fn sanitise_block(i: usize, block: &Block) -> Result<Block, NewsroomError> {
    let Block::Paragraph(ParagraphBlock {
        text,
        html: Some(html),
    }) = block
    else {
        return Ok(block.clone());
    };
    let inline = sanitise_inline(html);
    if inline.text.is_empty() {
        return Err(invalid(
            format!("body[{i}].html"),
            "`html` has no text once sanitised (allowed: links, emphasis, code, sub/superscript)",
        ));
    }
    if !text.trim().is_empty() && text.trim() != inline.text {
        return Err(invalid(
            format!("body[{i}].text"),
            "`text` and `html` disagree: send one of them (the text is derived from the html)",
        ));
    }
    Ok(Block::Paragraph(ParagraphBlock {
        text: inline.text,
        html: inline.html,
    }))
}

fn check_blocks(body: &[Block], name: &str) -> Result<(), NewsroomError> {
    if body.is_empty() || body.len() > MAX_BLOCKS {
        return Err(invalid(
            name,
            format!(
                "`{name}` must have 1 to {MAX_BLOCKS} blocks; it has {}",
                body.len()
            ),
        ));
    }
    for (i, block) in body.iter().enumerate() {
        let at = |field: &str| format!("{name}[{i}].{field}");
        match block {
            Block::Paragraph(ParagraphBlock { text, html }) => {
                check_len(&at("text"), text, 1, MAX_BLOCK_TEXT)?;
                if let Some(html) = html
                    && html.len() > 4 * MAX_BLOCK_TEXT
                {
                    return Err(invalid(at("html"), "the paragraph's markup is too long"));
                }
            }
            Block::Heading(HeadingBlock { level, text }) => {
                if !(2..=6).contains(level) {
                    return Err(invalid(at("level"), "a heading's `level` is 2 to 6"));
                }
                check_len(&at("text"), text, 1, MAX_HEADLINE)?;
            }
            Block::Quote(QuoteBlock {
                text,
                speaker,
                attribution,
            }) => {
                check_len(&at("text"), text, 1, MAX_BLOCK_TEXT)?;
                if let Some(speaker) = speaker {
                    check_len(&at("speaker"), speaker, 1, MAX_BYLINE)?;
                }
                if let Some(attribution) = attribution {
                    check_len(&at("attribution"), attribution, 1, MAX_STANDFIRST)?;
                }
            }
            Block::List(ListBlock { items, .. }) => {
                if items.is_empty() || items.len() > MAX_BLOCKS {
                    return Err(invalid(at("items"), "a list has 1 to 500 items"));
                }
                for (j, item) in items.iter().enumerate() {
                    check_len(&format!("{name}[{i}].items[{j}]"), item, 1, MAX_BLOCK_TEXT)?;
                }
            }
        }
    }
    Ok(())
}

/// Applies the input's content to `row` and returns the author and tag ids it names.
pub(crate) fn apply_input(
    conn: &mut DbConnection,
    own_author: Option<&str>,
    input: &ArticleInput,
    row: &mut ArticleRow,
    now: NaiveDateTime,
) -> Result<(Vec<String>, Vec<String>), NewsroomError> {
    validate(input)?;
    let body = resolve_body(input)?;
    let section = taxonomy::section_by_slug(conn, &input.section)?.ok_or_else(|| {
        invalid(
            "section",
            format!("there is no section `{}`", input.section),
        )
    })?;
    let mut author_ids: Vec<String> = own_author.map(str::to_owned).into_iter().collect();
    for (name, kind) in input
        .byline
        .as_deref()
        .map(byline_authors)
        .unwrap_or_default()
    {
        let author = taxonomy::ensure_author(conn, &slugify(&name), &name, kind.as_str(), now)?;
        if !author_ids.contains(&author.id) {
            author_ids.push(author.id);
        }
    }
    let mut tag_ids = Vec::new();
    for name in &input.tags {
        let tag = taxonomy::ensure_tag(conn, &slugify(name), name.trim(), now)?;
        if !tag_ids.contains(&tag.id) {
            tag_ids.push(tag.id);
        }
    }
    let rendered = render_body(&body);
    row.language = input.language.to_ascii_lowercase();
    row.headline = input.headline.trim().to_owned();
    row.headline_derived = false;
    row.standfirst = input
        .standfirst
        .as_ref()
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty());
    row.dateline_text = input.dateline.as_ref().map(|d| d.text.trim().to_owned());
    row.dateline_city = input
        .dateline
        .as_ref()
        .map(|d| d.place.city.trim().to_owned());
    row.dateline_country = input
        .dateline
        .as_ref()
        .and_then(|d| d.place.country.as_ref().map(|c| c.trim().to_owned()));
    row.byline = input.byline.as_ref().map(|b| b.trim().to_owned());
    row.section_id = section.id;
    row.body = serde_json::to_string(&body).context("serialising the body")?;
    row.body_html = rendered.html;
    row.body_text = rendered.text;
    row.word_count = i32::try_from(rendered.word_count).unwrap_or(i32::MAX);
    row.reading_time_minutes = i32::try_from(rendered.reading_time_minutes).unwrap_or(i32::MAX);
    Ok((author_ids, tag_ids))
}

fn is_live(row: &ArticleRow, now: NaiveDateTime) -> bool {
    row.first_published_at.is_some_and(|t| t <= now)
}

/// `base`, or `base-2`, … whichever no other article has.
pub(crate) fn free_slug(
    conn: &mut DbConnection,
    base: &str,
    article_id: &str,
) -> Result<String, NewsroomError> {
    let base = if base.is_empty() { "artikel" } else { base };
    let mut candidate = base.to_owned();
    let mut n = 1;
    while articles::slug_taken(conn, &candidate, article_id)? {
        n += 1;
        candidate = format!("{base}-{n}");
    }
    Ok(candidate)
}

fn load(conn: &mut DbConnection, desk: Desk, row: ArticleRow) -> Result<Article, NewsroomError> {
    assemble(conn, desk, vec![row])?
        .pop()
        .ok_or(NewsroomError::NotFound)
}

/// Who made a change, what it was (`create`, `import`, `correct`, …) and when.
pub(crate) struct Change<'a> {
    pub user_id: Option<&'a str>,
    pub action: &'a str,
    pub now: NaiveDateTime,
    /// The gazetteer to recognise entities with, when the caller holds one (a batch
    /// of imports loads it once); otherwise it is loaded.
    pub gazetteer: Option<&'a Gazetteer>,
}

/// Records the article as it now is — its revision, and what the public saw change
/// (`before`: the row before this change, `None` for a new article) in the change
/// log; in the caller's transaction.
pub(crate) fn record(
    conn: &mut DbConnection,
    desk: Desk,
    change: &Change<'_>,
    before: Option<&ArticleRow>,
    row: ArticleRow,
) -> Result<Article, NewsroomError> {
    let now = change.now;
    changes::record(conn, before, &row, change.action == "correct", now)?;
    match change.gazetteer {
        Some(gazetteer) => super::entities::annotate_with(conn, gazetteer, &row)?,
        None => super::entities::annotate(conn, &row)?,
    }
    let article = load(conn, desk, row)?;
    articles::insert_revision(
        conn,
        &RevisionRow {
            id: uuid::Uuid::now_v7().to_string(),
            article_id: article.id.to_string(),
            version: article.version,
            user_id: change.user_id.map(str::to_owned),
            action: change.action.to_owned(),
            created_at: now,
            state: serde_json::to_string(&article).context("serialising a revision")?,
        },
    )?;
    Ok(article)
}

/// An article the actor may see: editors see all, authors their own. Others' articles
/// are "not found" to an author, so ids reveal nothing.
fn visible_row(
    conn: &mut DbConnection,
    actor: &Actor,
    id: &str,
) -> Result<ArticleRow, NewsroomError> {
    visible_row_of(actor, articles::by_id_any(conn, id)?)
}

fn visible_row_of(actor: &Actor, row: Option<ArticleRow>) -> Result<ArticleRow, NewsroomError> {
    let row = row.ok_or(NewsroomError::NotFound)?;
    if actor.is_editor() || row.created_by.as_deref() == Some(actor.user_id.as_str()) {
        Ok(row)
    } else {
        Err(NewsroomError::NotFound)
    }
}

pub fn create(
    conn: &mut DbConnection,
    desk: Desk,
    actor: &Actor,
    input: &ArticleInput,
) -> Result<Article, NewsroomError> {
    let now = desk.now();
    db::write_transaction(conn, |conn| {
        let mut row = ArticleRow::blank(now, Some(actor.user_id.clone()));
        let (authors, tags) = apply_input(conn, actor.own_author(), input, &mut row, now)?;
        row.slug = free_slug(conn, &slugify(&row.headline), &row.id)?;
        articles::insert(conn, &row)?;
        articles::set_authors_and_tags(conn, &row.id, &authors, &tags)?;
        let change = Change {
            user_id: Some(&actor.user_id),
            action: "create",
            now,
            gazetteer: None,
        };
        record(conn, desk, &change, None, row)
    })
}

pub fn get(
    conn: &mut DbConnection,
    desk: Desk,
    actor: &Actor,
    id: &str,
) -> Result<Article, NewsroomError> {
    let row = visible_row(conn, actor, id)?;
    load(conn, desk, row)
}

pub fn list(
    conn: &mut DbConnection,
    desk: Desk,
    actor: &Actor,
    status: Option<ArticleStatus>,
    limit: i64,
    offset: i64,
) -> Result<Vec<Article>, NewsroomError> {
    let owner = (!actor.is_editor()).then_some(actor.user_id.as_str());
    let rows = articles::staff_list(
        conn,
        owner,
        status.map(ArticleStatus::as_str),
        limit,
        offset,
    )?;
    Ok(assemble(conn, desk, rows)?)
}

/// The version a change was made on (`If-Match: "v3"`), or `None` for any
/// (`If-Match: *`).
pub type Expected = Option<i64>;

/// Runs one change on the article at `expected` version: loads it, checks the version,
/// claims the next version (the row lock), checks the actor's rights as `alter` changes
/// the row, and writes it with its revision — all in one transaction. Concurrent
/// changes from the same version: exactly one wins, the others get `Stale` before
/// they write anything.
fn change(
    conn: &mut DbConnection,
    desk: Desk,
    actor: &Actor,
    id: &str,
    expected: Expected,
    action: &str,
    alter: impl FnOnce(&mut DbConnection, &mut ArticleRow, NaiveDateTime) -> Result<(), NewsroomError>,
) -> Result<Article, NewsroomError> {
    let now = desk.now();
    db::write_transaction(conn, |conn| {
        // Only `restore` reaches a deleted article.
        let row = if action == "restore" {
            articles::by_id_even_deleted(conn, id)?
        } else {
            articles::by_id_any(conn, id)?
        };
        let mut row = visible_row_of(actor, row)?;
        let before = row.clone();
        // `If-Match: *`: whatever version it is now.
        let expected = expected.unwrap_or(row.version);
        if row.version != expected {
            return Err(NewsroomError::Stale {
                expected,
                current: row.version,
            });
        }
        if !articles::claim_version(conn, id, expected)? {
            let current = articles::by_id_even_deleted(conn, id)?.map_or(expected, |r| r.version);
            return Err(NewsroomError::Stale { expected, current });
        }
        alter(conn, &mut row, now)?;
        row.version = expected + 1;
        row.updated_at = now;
        articles::update(conn, &row)?;
        let change = Change {
            user_id: Some(&actor.user_id),
            action,
            now,
            gazetteer: None,
        };
        record(conn, desk, &change, Some(&before), row)
    })
}

pub fn update(
    conn: &mut DbConnection,
    desk: Desk,
    actor: &Actor,
    id: &str,
    expected: Expected,
    input: &ArticleInput,
) -> Result<Article, NewsroomError> {
    edit(conn, desk, actor, id, expected, "update", input)
}

/// Replaces the content: the path of `update` and `restore_revision`.
fn edit(
    conn: &mut DbConnection,
    desk: Desk,
    actor: &Actor,
    id: &str,
    expected: Expected,
    action: &str,
    input: &ArticleInput,
) -> Result<Article, NewsroomError> {
    change(conn, desk, actor, id, expected, action, |conn, row, now| {
        if !actor.is_editor() && row.status != ArticleStatus::Draft.as_str() {
            return Err(NewsroomError::Forbidden(
                "authors edit drafts only; this article is in the editors' hands".into(),
            ));
        }
        let (authors, tags) = apply_input(conn, actor.own_author(), input, row, now)?;
        // A public slug is a URL people hold: it stays once the article has been live.
        if !is_live(row, now) {
            row.slug = free_slug(conn, &slugify(&row.headline), &row.id)?;
        }
        articles::set_authors_and_tags(conn, &row.id, &authors, &tags)?;
        Ok(())
    })
}

fn editors_only(actor: &Actor, what: &str) -> Result<(), NewsroomError> {
    if actor.is_editor() {
        Ok(())
    } else {
        Err(NewsroomError::Forbidden(format!(
            "only editors and admins may {what}"
        )))
    }
}

pub fn publish(
    conn: &mut DbConnection,
    desk: Desk,
    actor: &Actor,
    id: &str,
    expected: Expected,
) -> Result<Article, NewsroomError> {
    editors_only(actor, "publish")?;
    change(conn, desk, actor, id, expected, "publish", |_, row, now| {
        if row.status == ArticleStatus::Published.as_str() {
            return Err(NewsroomError::Conflict(
                "the article is already published".into(),
            ));
        }
        row.status = ArticleStatus::Published.as_str().to_owned();
        row.review_requested_at = None;
        row.published_at = Some(now);
        row.first_published_at = row.first_published_at.filter(|t| *t <= now).or(Some(now));
        Ok(())
    })
}

pub fn schedule(
    conn: &mut DbConnection,
    desk: Desk,
    actor: &Actor,
    id: &str,
    expected: Expected,
    at: NaiveDateTime,
) -> Result<Article, NewsroomError> {
    editors_only(actor, "schedule")?;
    change(
        conn,
        desk,
        actor,
        id,
        expected,
        "schedule",
        |_, row, now| {
            if at <= now {
                return Err(invalid(
                    "published_at",
                    "`published_at` must be in the future; to publish now, use publish",
                ));
            }
            if at > now + chrono::Duration::days(shared::newsroom::MAX_SCHEDULE_DAYS) {
                return Err(invalid(
                    "published_at",
                    format!(
                        "`published_at` may be at most {} days ahead",
                        shared::newsroom::MAX_SCHEDULE_DAYS
                    ),
                ));
            }
            if is_live(row, now) && row.status == ArticleStatus::Published.as_str() {
                return Err(NewsroomError::Conflict(
                    "the article is public; unpublish it before scheduling it again".into(),
                ));
            }
            row.status = ArticleStatus::Scheduled.as_str().to_owned();
            row.published_at = Some(at);
            if !is_live(row, now) {
                row.first_published_at = Some(at);
            }
            Ok(())
        },
    )
}

pub fn unpublish(
    conn: &mut DbConnection,
    desk: Desk,
    actor: &Actor,
    id: &str,
    expected: Expected,
) -> Result<Article, NewsroomError> {
    editors_only(actor, "unpublish")?;
    change(
        conn,
        desk,
        actor,
        id,
        expected,
        "unpublish",
        |_, row, now| {
            let public_or_due = row.status == ArticleStatus::Published.as_str()
                || row.status == ArticleStatus::Scheduled.as_str();
            if !public_or_due {
                return Err(NewsroomError::Conflict(
                    "the article is neither published nor scheduled".into(),
                ));
            }
            row.status = ArticleStatus::Unpublished.as_str().to_owned();
            // A schedule that never came to pass leaves no first publication behind.
            if !is_live(row, now) {
                row.first_published_at = None;
            }
            Ok(())
        },
    )
}

pub fn revisions(
    conn: &mut DbConnection,
    desk: Desk,
    actor: &Actor,
    id: &str,
) -> Result<Vec<RevisionSummary>, NewsroomError> {
    let row = visible_row(conn, actor, id)?;
    articles::revisions_of(conn, &row.id)?
        .into_iter()
        .map(|r| Ok(summary(desk, &r)))
        .collect()
}

pub const MAX_CORRECTION: usize = 2_000;

/// Attaches a public correction to a live article (editors), as a change with its revision.
pub fn correct(
    conn: &mut DbConnection,
    desk: Desk,
    actor: &Actor,
    id: &str,
    expected: Expected,
    text: &str,
) -> Result<Article, NewsroomError> {
    editors_only(actor, "attach corrections")?;
    check_len("text", text, 1, MAX_CORRECTION)?;
    let user_id = actor.user_id.clone();
    change(
        conn,
        desk,
        actor,
        id,
        expected,
        "correct",
        |conn, row, now| {
            let live = is_live(row, now)
                && (row.status == ArticleStatus::Published.as_str()
                    || row.status == ArticleStatus::Scheduled.as_str());
            if !live {
                return Err(NewsroomError::Conflict(
                    "corrections are for published articles; edit a draft instead".into(),
                ));
            }
            articles::insert_correction(
                conn,
                &crate::db::models::CorrectionRow {
                    id: uuid::Uuid::now_v7().to_string(),
                    article_id: row.id.clone(),
                    text: text.trim().to_owned(),
                    user_id: Some(user_id),
                    published_at: now,
                },
            )?;
            Ok(())
        },
    )
}

/// Moves an article to the bin: gone from every list and from the public at once,
/// kept with its revisions for `restore`. Editors delete anything, authors their drafts.
pub fn delete(
    conn: &mut DbConnection,
    desk: Desk,
    actor: &Actor,
    id: &str,
    expected: Expected,
) -> Result<Article, NewsroomError> {
    let editor = actor.is_editor();
    change(conn, desk, actor, id, expected, "delete", |_, row, now| {
        if !editor && row.status != ArticleStatus::Draft.as_str() {
            return Err(NewsroomError::Forbidden(
                "authors delete drafts only".into(),
            ));
        }
        row.deleted_at = Some(now);
        Ok(())
    })
}

/// Brings a deleted article back as it was.
pub fn restore(
    conn: &mut DbConnection,
    desk: Desk,
    actor: &Actor,
    id: &str,
    expected: Expected,
) -> Result<Article, NewsroomError> {
    let editor = actor.is_editor();
    change(conn, desk, actor, id, expected, "restore", |_, row, _| {
        if row.deleted_at.is_none() {
            return Err(NewsroomError::Conflict("the article is not deleted".into()));
        }
        // Restoring a published article would publish it again: editors' work.
        if !editor && row.status != ArticleStatus::Draft.as_str() {
            return Err(NewsroomError::Forbidden(
                "authors restore drafts only".into(),
            ));
        }
        row.deleted_at = None;
        Ok(())
    })
}

/// Corrects the entities recognised in an article (editors): `include` adds entities
/// the copy does not name, `exclude` drops ones recognised wrongly. A change like any
/// other: a new version, a revision, an `article.updated` for a public article.
pub fn set_entities(
    conn: &mut DbConnection,
    desk: Desk,
    actor: &Actor,
    id: &str,
    expected: Expected,
    overrides: &shared::EntityOverrides,
) -> Result<Article, NewsroomError> {
    editors_only(actor, "correct the entities of an article")?;
    change(
        conn,
        desk,
        actor,
        id,
        expected,
        "entities",
        |conn, row, _| {
            let mut pairs: Vec<(String, bool)> = Vec::new();
            for (field, slugs, included) in [
                ("include", &overrides.include, true),
                ("exclude", &overrides.exclude, false),
            ] {
                for (i, slug) in slugs.iter().enumerate() {
                    let entity = crate::db::entities::by_slug(conn, slug)?.ok_or_else(|| {
                        invalid(
                            format!("{field}[{i}]"),
                            format!("no entity has the slug {slug:?}"),
                        )
                    })?;
                    if pairs.iter().any(|(id, _)| *id == entity.id) {
                        return Err(invalid(
                            format!("{field}[{i}]"),
                            format!("{slug:?} is named twice; include or exclude it once"),
                        ));
                    }
                    pairs.push((entity.id, included));
                }
            }
            crate::db::entities::set_overrides(conn, &row.id, &pairs)?;
            Ok(())
        },
    )
}

pub const MAX_ALIASES: usize = 20;

/// Adds an entity to the gazetteer (editors) and recognises it in the articles that
/// name it.
pub fn create_entity(
    conn: &mut DbConnection,
    desk: Desk,
    actor: &Actor,
    input: &shared::NewEntity,
) -> Result<shared::Entity, NewsroomError> {
    editors_only(actor, "add entities")?;
    let name = input.name.trim();
    check_len("name", name, 1, MAX_HEADLINE)?;
    if input.aliases.len() > MAX_ALIASES {
        return Err(invalid("aliases", format!("at most {MAX_ALIASES} aliases")));
    }
    let mut aliases = vec![name.to_owned()];
    for (i, alias) in input.aliases.iter().enumerate() {
        let alias = alias.trim();
        check_len(&format!("aliases[{i}]"), alias, 1, MAX_HEADLINE)?;
        if !aliases.iter().any(|a| a == alias) {
            aliases.push(alias.to_owned());
        }
    }
    if let Some(q) = &input.wikidata
        && !(q.len() > 1 && q.starts_with('Q') && q[1..].bytes().all(|b| b.is_ascii_digit()))
    {
        return Err(invalid("wikidata", "a Wikidata item id such as `Q423`"));
    }
    let slug = slugify(name);
    if slug.is_empty() {
        return Err(invalid("name", "the name needs letters or digits"));
    }
    let now = desk.now();
    db::write_transaction(conn, |conn| {
        if crate::db::entities::by_slug(conn, &slug)?.is_some() {
            return Err(NewsroomError::Conflict(format!(
                "an entity with the slug {slug:?} exists"
            )));
        }
        let row = crate::db::entities::EntityRow {
            id: uuid::Uuid::now_v7().to_string(),
            slug: slug.clone(),
            name: name.to_owned(),
            kind: input.kind.as_str().to_owned(),
            wikidata: input.wikidata.clone(),
            aliases: serde_json::to_string(&aliases).context("aliases")?,
            origin: "newsroom".to_owned(),
            created_at: now,
        };
        crate::db::entities::insert(conn, &row)?;
        super::entities::recognise_new(conn, &aliases)?;
        let count = crate::db::entities::public_counts(conn, now)?
            .into_iter()
            .find(|(id, _)| *id == row.id)
            .map_or(0, |(_, n)| n);
        Ok(super::entities::entity(&row, count))
    })
}

fn summary(desk: Desk, r: &RevisionRow) -> RevisionSummary {
    RevisionSummary {
        version: r.version,
        action: r.action.clone(),
        user_id: r.user_id.as_deref().and_then(|u| u.parse().ok()),
        created_at: desk.local(r.created_at),
    }
}

fn stored_revision(
    conn: &mut DbConnection,
    actor: &Actor,
    id: &str,
    version: i64,
) -> Result<(RevisionRow, Article), NewsroomError> {
    let row = visible_row(conn, actor, id)?;
    let revision = articles::revision(conn, &row.id, version)?.ok_or(NewsroomError::NotFound)?;
    let article: Article =
        serde_json::from_str(&revision.state).context("reading a stored revision")?;
    Ok((revision, article))
}

pub fn revision(
    conn: &mut DbConnection,
    desk: Desk,
    actor: &Actor,
    id: &str,
    version: i64,
) -> Result<RevisionDetail, NewsroomError> {
    let (revision, article) = stored_revision(conn, actor, id, version)?;
    Ok(RevisionDetail {
        summary: summary(desk, &revision),
        article,
    })
}

/// The content fields of an article, as the input that would produce them.
fn input_of(article: &Article) -> ArticleInput {
    ArticleInput {
        headline: article.headline.clone(),
        standfirst: article.standfirst.clone(),
        dateline: article.dateline.clone(),
        byline: article.byline.as_ref().map(|b| b.text.clone()),
        section: article.section.slug.clone(),
        tags: article.tags.iter().map(|t| t.name.clone()).collect(),
        language: article.language.clone(),
        body: article.body.clone(),
        body_markdown: None,
    }
}

/// Field-by-field differences of the content between two revisions.
pub fn diff(
    conn: &mut DbConnection,
    actor: &Actor,
    id: &str,
    from: i64,
    to: i64,
) -> Result<RevisionDiff, NewsroomError> {
    let (_, before) = stored_revision(conn, actor, id, from)?;
    let (_, after) = stored_revision(conn, actor, id, to)?;
    let as_map = |article: &Article| -> anyhow::Result<serde_json::Map<String, serde_json::Value>> {
        match serde_json::to_value(input_of(article))? {
            serde_json::Value::Object(map) => Ok(map),
            _ => anyhow::bail!("an article input is an object"),
        }
    };
    let (before, after) = (as_map(&before)?, as_map(&after)?);
    let mut changes = Vec::new();
    for (field, old) in &before {
        let new = &after[field];
        if old == new {
            continue;
        }
        if let (Some(old_blocks), Some(new_blocks)) = (old.as_array(), new.as_array())
            && field == "body"
        {
            for i in 0..old_blocks.len().max(new_blocks.len()) {
                let (a, b) = (old_blocks.get(i), new_blocks.get(i));
                if a != b {
                    changes.push(FieldChange {
                        field: format!("body[{i}]"),
                        before: a.cloned(),
                        after: b.cloned(),
                    });
                }
            }
            continue;
        }
        changes.push(FieldChange {
            field: field.clone(),
            before: Some(old.clone()),
            after: Some(new.clone()),
        });
    }
    Ok(RevisionDiff {
        from_version: from,
        to_version: to,
        changes,
    })
}

/// Makes an old revision's content current again, as a new change (and revision).
/// The article's state (draft, published, …) is not touched.
pub fn restore_revision(
    conn: &mut DbConnection,
    desk: Desk,
    actor: &Actor,
    id: &str,
    expected: Expected,
    version: i64,
) -> Result<Article, NewsroomError> {
    let (_, old) = stored_revision(conn, actor, id, version)?;
    edit(
        conn,
        desk,
        actor,
        id,
        expected,
        "restore-revision",
        &input_of(&old),
    )
}

/// An author hands a draft to the editors; the draft stays editable.
pub fn submit(
    conn: &mut DbConnection,
    desk: Desk,
    actor: &Actor,
    id: &str,
    expected: Expected,
) -> Result<Article, NewsroomError> {
    change(conn, desk, actor, id, expected, "submit", |_, row, now| {
        if row.status != ArticleStatus::Draft.as_str() {
            return Err(NewsroomError::Conflict(
                "only a draft can be submitted for review".into(),
            ));
        }
        if row.review_requested_at.is_some() {
            return Err(NewsroomError::Conflict(
                "the draft is already waiting for review".into(),
            ));
        }
        row.review_requested_at = Some(now);
        Ok(())
    })
}
