//! Translations: the newsroom starts one from an article — a new draft in the other
//! language with the article's structure and text to translate, linked to it in one
//! translation group (the group is named by the first article's id).

use shared::newsroom::NewTranslation;
use shared::{Article, ArticleId};

use super::access::{Actor, NewsroomError, visible_row};
use super::revisions::input_of;
use super::validation::check_language;
use super::write::{create_in, load};
use crate::db::translations::{self as db, TranslationRow};
use crate::db::{self as store, DbConnection, articles};
use crate::domain::Desk;

/// A draft translation of the article `id` into `new.language`, marked as translated
/// from it. Whoever may read the article may start one.
pub fn start_translation(
    conn: &mut DbConnection,
    desk: Desk,
    actor: &Actor,
    id: ArticleId,
    new: &NewTranslation,
) -> Result<Article, NewsroomError> {
    check_language("language", new.language.trim())?;
    let language = new.language.trim().to_ascii_lowercase();
    let now = desk.now();
    store::write_transaction(conn, |conn| {
        let source = visible_row(conn, actor, id)?;
        if source.language == language {
            return Err(NewsroomError::Conflict(format!(
                "the article is in `{language}` already"
            )));
        }
        let group = db::of_articles(conn, std::slice::from_ref(&source.id))?.pop();
        let group_id = group
            .as_ref()
            .map_or_else(|| source.id.clone(), |g| g.group_id.clone());
        if group.is_some() && db::languages(conn, &group_id)?.contains(&language) {
            return Err(NewsroomError::Conflict(format!(
                "the story has a translation in `{language}` already"
            )));
        }
        let mut input = input_of(&load(conn, desk, source.clone())?);
        input.language.clone_from(&language);
        let created = create_in(conn, desk, actor, &input, now)?;
        if group.is_none() {
            db::insert(
                conn,
                &TranslationRow {
                    article_id: source.id.clone(),
                    group_id: group_id.clone(),
                    source_id: None,
                },
            )?;
        }
        db::insert(
            conn,
            &TranslationRow {
                article_id: created.id.to_string(),
                group_id,
                source_id: Some(source.id.clone()),
            },
        )?;
        let row =
            articles::by_id_any(conn, &created.id.to_string())?.ok_or(NewsroomError::NotFound)?;
        load(conn, desk, row)
    })
}
