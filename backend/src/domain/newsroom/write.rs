//! The one write path: apply an input to a row, give it a free slug, and record the
//! article as it now is (revision, change log, entities) — used by the newsroom's
//! changes and by import; `change` runs any change at the version the editor saw.

use anyhow::Context as _;
use chrono::NaiveDateTime;
use shared::ArticleId;
use shared::media::{Figure, MAX_IMAGE_TEXT};
use shared::newsroom::ArticleInput;
use shared::newsroom::RevisionAction;
use shared::slug::slugify;
use shared::{Article, ArticleStatus, Block};

use super::access::{Actor, Expected, NewsroomError, invalid, visible_row, visible_row_of};
use super::validation::{resolve_body, validate};
use crate::db::memo::Memo;
use crate::db::models::{ArticleRow, RevisionRow};
use crate::db::{self, DbConnection, articles, changes};
use crate::domain::Desk;
use crate::domain::articles::assemble;
use crate::domain::entities::{Annotations, Gazetteer};
use crate::domain::filed_copy::byline_authors;

/// Applies the input's content to `row` and returns the author and tag ids it names.
pub(crate) fn apply_input(
    conn: &mut DbConnection,
    memo: &mut Memo,
    own_author: Option<&str>,
    input: &ArticleInput,
    row: &mut ArticleRow,
    now: NaiveDateTime,
) -> Result<(Vec<String>, Vec<String>), NewsroomError> {
    let body = apply_words(input, row)?;
    apply_links(conn, memo, own_author, input, &body, row, now)
}

/// What `apply_input` does but the words (`apply_words`, which gave `body`): the
/// section, authors, tags, featured image and urgency the input names, checked against
/// the database (once a transaction: `memo`).
pub(crate) fn apply_links(
    conn: &mut DbConnection,
    memo: &mut Memo,
    own_author: Option<&str>,
    input: &ArticleInput,
    body: &[Block],
    row: &mut ArticleRow,
    now: NaiveDateTime,
) -> Result<(Vec<String>, Vec<String>), NewsroomError> {
    check_figures_exist(conn, body, input.body_markdown.is_some())?;
    let section = memo.section_by_slug(conn, &input.section)?.ok_or_else(|| {
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
        let author = memo.ensure_author(conn, &slugify(&name), &name, kind.as_str(), now)?;
        if !author_ids.contains(&author.id) {
            author_ids.push(author.id);
        }
    }
    let mut tag_ids = Vec::new();
    for name in &input.tags {
        let tag = memo.ensure_tag(conn, &slugify(name), name.trim(), now)?;
        if !tag_ids.contains(&tag.id) {
            tag_ids.push(tag.id);
        }
    }
    apply_featured_image(conn, input.featured_image.as_ref(), row)?;
    apply_urgency(input, row, now)?;
    row.section_id = section.id;
    Ok((author_ids, tag_ids))
}

/// The article's own words as `input` has them, checked, into `row` (headline,
/// standfirst, dateline, byline, language, body and what it counts): nothing asked of
/// the database, so an import can work out what the words give ahead of writing. The
/// body's blocks.
pub(crate) fn apply_words(
    input: &ArticleInput,
    row: &mut ArticleRow,
) -> Result<Vec<Block>, NewsroomError> {
    validate(input)?;
    let body = resolve_body(input)?;
    let word_count = shared::render::word_count(&body);
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
    row.body = serde_json::to_string(&body).context("serialising the body")?;
    row.word_count = i32::try_from(word_count).unwrap_or(i32::MAX);
    row.reading_time_minutes =
        i32::try_from(shared::render::reading_time(word_count)).unwrap_or(i32::MAX);
    Ok(body)
}

/// The fields `apply_words` sets, from a row it set them in (an import applies the
/// words on another core, ahead of writing).
pub(crate) fn copy_words(from: &ArticleRow, to: &mut ArticleRow) {
    to.language.clone_from(&from.language);
    to.headline.clone_from(&from.headline);
    to.headline_derived = from.headline_derived;
    to.standfirst.clone_from(&from.standfirst);
    to.dateline_text.clone_from(&from.dateline_text);
    to.dateline_city.clone_from(&from.dateline_city);
    to.dateline_country.clone_from(&from.dateline_country);
    to.byline.clone_from(&from.byline);
    to.body.clone_from(&from.body);
    to.word_count = from.word_count;
    to.reading_time_minutes = from.reading_time_minutes;
}

/// The urgency (1 to 9) and how long the story is breaking news: at most
/// `MAX_BREAKING_HOURS` ahead (a time past means it no longer is).
fn apply_urgency(
    input: &ArticleInput,
    row: &mut ArticleRow,
    now: NaiveDateTime,
) -> Result<(), NewsroomError> {
    let urgency = input.urgency.unwrap_or(shared::DEFAULT_URGENCY);
    if !(1..=9).contains(&urgency) {
        return Err(invalid(
            "urgency",
            format!("`urgency` must be 1 (flash) to 9; it is {urgency}"),
        ));
    }
    let until = input.breaking_until.map(|t| t.naive_utc());
    let hours = shared::MAX_BREAKING_HOURS;
    if until.is_some_and(|until| until > now + chrono::Duration::hours(hours)) {
        return Err(invalid(
            "breaking_until",
            format!("`breaking_until` may be at most {hours} hours ahead"),
        ));
    }
    row.urgency = i32::from(urgency);
    row.breaking_until = until;
    Ok(())
}

/// The featured image the input names, checked: an image of the library, its own alt
/// text, caption and credit within the library's limits.
fn apply_featured_image(
    conn: &mut DbConnection,
    featured: Option<&Figure>,
    row: &mut ArticleRow,
) -> Result<(), NewsroomError> {
    let Some(featured) = featured else {
        (
            row.featured_image_id,
            row.featured_image_alt,
            row.featured_image_caption,
            row.featured_image_credit,
        ) = (None, None, None, None);
        return Ok(());
    };
    let id = featured.id.to_string();
    if crate::db::media::by_id(conn, &id)?.is_none() {
        return Err(invalid(
            "featured_image.id",
            format!("no image of the library has the id {id}"),
        ));
    }
    let text = |field: &str, value: &Option<String>| -> Result<Option<String>, NewsroomError> {
        let value = value.as_deref().map(str::trim).filter(|v| !v.is_empty());
        if value.is_some_and(|v| v.chars().count() > MAX_IMAGE_TEXT) {
            return Err(invalid(
                field,
                format!("`{field}` may be at most {MAX_IMAGE_TEXT} characters long"),
            ));
        }
        Ok(value.map(str::to_owned))
    };
    row.featured_image_alt = text("featured_image.alt", &featured.alt)?;
    row.featured_image_caption = text("featured_image.caption", &featured.caption)?;
    row.featured_image_credit = text("featured_image.credit", &featured.credit)?;
    row.featured_image_id = Some(id);
    Ok(())
}

/// The images the body shows are in the library: the first that is not is named
/// (`body[3].image.id`, or `body_markdown` for a body written in Markdown).
fn check_figures_exist(
    conn: &mut DbConnection,
    body: &[Block],
    from_markdown: bool,
) -> Result<(), NewsroomError> {
    let figures: Vec<(String, String)> = body
        .iter()
        .enumerate()
        .flat_map(|(i, block)| {
            block.figures().into_iter().map(move |(place, figure)| {
                (format!("body[{i}].{place}.id"), figure.id.to_string())
            })
        })
        .collect();
    if figures.is_empty() {
        return Ok(());
    }
    let ids: Vec<String> = figures.iter().map(|(_, id)| id.clone()).collect();
    let known: std::collections::HashSet<String> = crate::db::media::by_ids(conn, &ids)?
        .into_iter()
        .map(|row| row.id)
        .collect();
    match figures.iter().find(|(_, id)| !known.contains(id)) {
        Some((field, id)) if from_markdown => Err(invalid(
            "body_markdown",
            format!(
                "no image of the library has the id {id} (in block {field} made from the Markdown)"
            ),
        )),
        Some((field, id)) => Err(invalid(
            field,
            format!("no image of the library has the id {id}"),
        )),
        None => Ok(()),
    }
}

/// What publishing needs of the article's images: each still in the library, with alt
/// text (the article's own, or the image's), so that no reader gets a picture without
/// words for it. The first that lacks it is named.
pub(super) fn check_images(conn: &mut DbConnection, row: &ArticleRow) -> Result<(), NewsroomError> {
    let body: Vec<Block> = serde_json::from_str(&row.body).context("reading the body")?;
    let mut wanted: Vec<(String, String, bool)> = Vec::new();
    if let Some(id) = &row.featured_image_id {
        wanted.push((
            "featured_image".into(),
            id.clone(),
            row.featured_image_alt.is_some(),
        ));
    }
    for (i, block) in body.iter().enumerate() {
        for (place, figure) in block.figures() {
            wanted.push((
                format!("body[{i}].{place}"),
                figure.id.to_string(),
                figure.alt.is_some(),
            ));
        }
    }
    if wanted.is_empty() {
        return Ok(());
    }
    let ids: Vec<String> = wanted.iter().map(|(_, id, _)| id.clone()).collect();
    let images: std::collections::HashMap<String, Option<String>> =
        crate::db::media::by_ids(conn, &ids)?
            .into_iter()
            .map(|row| (row.id, row.alt))
            .collect();
    for (field, id, own_alt) in wanted {
        match images.get(&id) {
            None => {
                return Err(invalid(
                    format!("{field}.id"),
                    format!(
                        "the image {id} is no longer in the library: choose another before publishing"
                    ),
                ));
            }
            Some(None) if !own_alt => {
                return Err(invalid(
                    format!("{field}.alt"),
                    format!(
                        "`{field}` needs alt text before the article is published: give the image alt text in the library, or the article its own"
                    ),
                ));
            }
            Some(_) => {}
        }
    }
    Ok(())
}

/// The images an article shows: its featured image and its body's.
fn shown_images(row: &ArticleRow) -> anyhow::Result<Vec<String>> {
    let mut ids: Vec<String> = row.featured_image_id.iter().cloned().collect();
    // Most bodies have no pictures: no need to read them.
    if row.body.contains("\"id\"") {
        let body: Vec<Block> = serde_json::from_str(&row.body).context("reading the body")?;
        for block in &body {
            ids.extend(block.figures().iter().map(|(_, f)| f.id.to_string()));
        }
    }
    Ok(ids)
}

pub(super) fn is_live(row: &ArticleRow, now: NaiveDateTime) -> bool {
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

pub(super) fn load(
    conn: &mut DbConnection,
    desk: Desk,
    row: ArticleRow,
) -> Result<Article, NewsroomError> {
    assemble(conn, desk, vec![row])?
        .pop()
        .ok_or(NewsroomError::NotFound)
}

/// Who made a change, what it was (`create`, `import`, `correct`, …) and when.
pub(crate) struct Change<'a> {
    pub user_id: Option<&'a str>,
    pub action: RevisionAction,
    pub now: NaiveDateTime,
    /// The gazetteer to recognise entities with, when the caller holds one (a batch
    /// of imports loads it once); otherwise it is loaded.
    pub gazetteer: Option<&'a Gazetteer>,
}

/// Records the article as it now is — its revision, and what the public saw change
/// (`before`: the row before this change, `None` for a new article) in the change
/// log; in the caller's transaction.
fn record(
    conn: &mut DbConnection,
    desk: Desk,
    change: &Change<'_>,
    before: Option<&ArticleRow>,
    row: ArticleRow,
) -> Result<Article, NewsroomError> {
    let annotations = record_change(conn, &mut Memo::default(), change, before, &row, None)?;
    crate::db::entities::replace_annotations(conn, std::slice::from_ref(&annotations))?;
    record_revisions(conn, change, std::slice::from_ref(&row))?;
    load(conn, desk, row)
}

/// What `record` writes but the revision and the annotations: the change log and the
/// images shown. Returns the entities, quotes and subjects recognised (`found`: what
/// the article's words gave against the change's gazetteer, when the caller worked it
/// out already), for the caller to write (`db::entities::replace_annotations`): a batch
/// (an import) writes all of its articles' together, then their revisions. `memo`: the
/// transaction's.
pub(crate) fn record_change(
    conn: &mut DbConnection,
    memo: &mut Memo,
    change: &Change<'_>,
    before: Option<&ArticleRow>,
    row: &ArticleRow,
    found: Option<Annotations>,
) -> Result<crate::db::entities::Annotations, NewsroomError> {
    use crate::domain::entities::{annotations_of, recognised};
    changes::record(
        conn,
        memo,
        before,
        row,
        change.action == RevisionAction::Correct,
        change.now,
    )?;
    let new_article = before.is_none();
    crate::db::media::set_shown(conn, &row.id, &shown_images(row)?, new_article)?;
    let loaded;
    let gazetteer = match change.gazetteer {
        Some(gazetteer) => gazetteer,
        None => {
            loaded = Gazetteer::load(conn)?;
            &*loaded
        }
    };
    let found = match found {
        Some(found) => found,
        None => recognised(gazetteer, row)?,
    };
    Ok(annotations_of(
        conn,
        memo,
        gazetteer,
        row,
        found,
        new_article,
    )?)
}

/// The revision of each article `change` made: the newest, so its state is the article
/// as it is (`freeze_newest_revision` stores it when the next change comes). An
/// archive's articles are mostly never changed again: a copy of each was the largest
/// part of its database after the articles themselves.
pub(crate) fn record_revisions(
    conn: &mut DbConnection,
    change: &Change<'_>,
    rows: &[ArticleRow],
) -> Result<(), NewsroomError> {
    let revisions: Vec<RevisionRow> = rows
        .iter()
        .map(|row| RevisionRow {
            id: uuid::Uuid::now_v7().to_string(),
            article_id: row.id.clone(),
            version: row.version,
            user_id: change.user_id.map(str::to_owned),
            action: change.action.as_str().to_owned(),
            created_at: change.now,
            state: None,
        })
        .collect();
    articles::insert_revisions(conn, &revisions)?;
    Ok(())
}

/// Before a change supersedes the article's newest revision, that revision keeps the
/// article as it was (`before`: its row before the change, read with what links to it
/// while that is unchanged, in the change's transaction).
pub(crate) fn freeze_newest_revision(
    conn: &mut DbConnection,
    desk: Desk,
    before: &ArticleRow,
) -> Result<(), NewsroomError> {
    if articles::revision_unpacked(conn, &before.id, before.version)? {
        let article = load(conn, desk, before.clone())?;
        let state = super::snapshots::pack(&article)?;
        articles::pack_revision(conn, &before.id, before.version, &state)?;
    }
    Ok(())
}

/// Runs one change on the article at `expected` version: loads it, checks the version,
/// claims the next version (the row lock), checks the actor's rights as `alter` changes
/// the row, and writes it with its revision — all in one transaction. Concurrent
/// changes from the same version: exactly one wins, the others get `Stale` before
/// they write anything.
pub(super) fn change(
    conn: &mut DbConnection,
    desk: Desk,
    actor: &Actor,
    id: ArticleId,
    expected: Expected,
    action: RevisionAction,
    alter: impl FnOnce(&mut DbConnection, &mut ArticleRow, NaiveDateTime) -> Result<(), NewsroomError>,
) -> Result<Article, NewsroomError> {
    let now = desk.now();
    let id = &id.to_string();
    db::write_transaction(conn, |conn| {
        // Only `restore` reaches a deleted article.
        let row = if action == RevisionAction::Restore {
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
        freeze_newest_revision(conn, desk, &before)?;
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

pub fn create(
    conn: &mut DbConnection,
    desk: Desk,
    actor: &Actor,
    input: &ArticleInput,
) -> Result<Article, NewsroomError> {
    let now = desk.now();
    db::write_transaction(conn, |conn| create_in(conn, desk, actor, input, now))
}

/// A new draft from `input`, in the caller's write transaction.
pub(super) fn create_in(
    conn: &mut DbConnection,
    desk: Desk,
    actor: &Actor,
    input: &ArticleInput,
    now: NaiveDateTime,
) -> Result<Article, NewsroomError> {
    let mut row = ArticleRow::blank(now, Some(actor.user_id.clone()));
    let memo = &mut Memo::default();
    let (authors, tags) = apply_input(conn, memo, actor.own_author(), input, &mut row, now)?;
    row.slug = free_slug(conn, &slugify(&row.headline), &row.id)?;
    articles::insert(conn, &row)?;
    articles::add_authors_and_tags(conn, &row, &authors, &tags)?;
    crate::db::live::set_state(conn, &row.id, input.live.map(|l| l.as_str()), now)?;
    let change = Change {
        user_id: Some(&actor.user_id),
        action: RevisionAction::Create,
        now,
        gazetteer: None,
    };
    record(conn, desk, &change, None, row)
}

pub fn get(
    conn: &mut DbConnection,
    desk: Desk,
    actor: &Actor,
    id: ArticleId,
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

pub fn update(
    conn: &mut DbConnection,
    desk: Desk,
    actor: &Actor,
    id: ArticleId,
    expected: Expected,
    input: &ArticleInput,
) -> Result<Article, NewsroomError> {
    edit(
        conn,
        desk,
        actor,
        id,
        expected,
        RevisionAction::Update,
        input,
    )
}

/// Replaces the content: the path of `update` and `restore_revision`.
pub(super) fn edit(
    conn: &mut DbConnection,
    desk: Desk,
    actor: &Actor,
    id: ArticleId,
    expected: Expected,
    action: RevisionAction,
    input: &ArticleInput,
) -> Result<Article, NewsroomError> {
    change(conn, desk, actor, id, expected, action, |conn, row, now| {
        if !actor.is_editor() && row.status()? != ArticleStatus::Draft {
            return Err(NewsroomError::Forbidden(
                "authors edit drafts only; this article is in the editors' hands".into(),
            ));
        }
        let memo = &mut Memo::default();
        let (authors, tags) = apply_input(conn, memo, actor.own_author(), input, row, now)?;
        if matches!(
            row.status()?,
            ArticleStatus::Published | ArticleStatus::Scheduled
        ) {
            check_images(conn, row)?;
        }
        // A public slug is a URL people hold: it stays once the article has been live.
        if !is_live(row, now) {
            row.slug = free_slug(conn, &slugify(&row.headline), &row.id)?;
        }
        articles::set_authors_and_tags(conn, row, &authors, &tags)?;
        crate::db::live::set_state(conn, &row.id, input.live.map(|l| l.as_str()), now)?;
        Ok(())
    })
}
