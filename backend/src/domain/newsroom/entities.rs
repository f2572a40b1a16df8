//! Editors' corrections of recognition: the entities of one article, and new entities
//! for the gazetteer.

use anyhow::Context as _;
use shared::Article;
use shared::ArticleId;
use shared::newsroom::RevisionAction;
use shared::slug::slugify;

use super::access::{Actor, Expected, NewsroomError, editors_only, invalid};
use super::validation::{MAX_ALIASES, MAX_HEADLINE, check_len};
use super::write::change;
use crate::db::{self, DbConnection};
use crate::domain::Desk;

/// Corrects the entities recognised in an article (editors): `include` adds entities
/// the copy does not name, `exclude` drops ones recognised wrongly. A change like any
/// other: a new version, a revision, an `article.updated` for a public article.
pub fn set_entities(
    conn: &mut DbConnection,
    desk: Desk,
    actor: &Actor,
    id: ArticleId,
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
        RevisionAction::Entities,
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
            updated_at: now,
        };
        crate::db::entities::insert(conn, &row)?;
        crate::domain::entities::recognise_new(conn, &aliases)?;
        let count = crate::db::entities::public_counts(conn, now)?
            .into_iter()
            .find(|(id, _)| *id == row.id)
            .map_or(0, |(_, n)| n);
        Ok(crate::domain::entities::entity(&row, count))
    })
}
