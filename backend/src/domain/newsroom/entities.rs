//! Editors' corrections of recognition: the entities of one article, new entities for
//! the gazetteer, and the names recognition suggests — accepted (a new entity), merged
//! into an entity (an alias) or rejected (remembered).

use anyhow::Context as _;
use shared::newsroom::RevisionAction;
use shared::slug::slugify;
use shared::{Article, ArticleId, EntityKind, FoundBy};

use super::access::{Actor, Expected, NewsroomError, editors_only, invalid, visible_row};
use super::validation::{MAX_ALIASES, MAX_HEADLINE, check_len};
use super::write::change;
use crate::db::{self, DbConnection};
use crate::domain::Desk;
use crate::domain::indexing::SearchIndex;

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
    index: &SearchIndex,
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
        crate::domain::entities::recognise_new(conn, index, &aliases, now)?;
        let count = crate::domain::entities::public_count(conn, now, &row.id)?;
        Ok(crate::domain::entities::entity(&row, count))
    })
}

/// The names recognition found in an article that no entity has (whoever may read
/// the article).
pub fn suggestions(
    conn: &mut DbConnection,
    actor: &Actor,
    id: ArticleId,
) -> Result<shared::EntitySuggestionList, NewsroomError> {
    let article = visible_row(conn, actor, id)?;
    let data = crate::db::entities::suggestions_of(conn, &article.id)?
        .into_iter()
        .map(|row| shared::EntitySuggestion {
            kind: EntityKind::parse(&row.kind).unwrap_or(EntityKind::Person),
            found_by: FoundBy::parse(&row.found_by).unwrap_or(FoundBy::Capitalised),
            mentions: u32::try_from(row.mentions).unwrap_or_default(),
            name: row.name,
        })
        .collect();
    Ok(shared::EntitySuggestionList { data })
}

/// Merges a name into an entity (editors): the entity goes by it from now on, in the
/// articles that name it and in every article written after.
pub fn add_alias(
    conn: &mut DbConnection,
    desk: Desk,
    index: &SearchIndex,
    actor: &Actor,
    slug: &str,
    input: &shared::NewAlias,
) -> Result<shared::Entity, NewsroomError> {
    editors_only(actor, "merge names into entities")?;
    let alias = input.alias.trim();
    check_len("alias", alias, 1, MAX_HEADLINE)?;
    let now = desk.now();
    db::write_transaction(conn, |conn| {
        let mut entity = crate::db::entities::by_slug(conn, slug)?
            .ok_or_else(|| NewsroomError::Missing(format!("No entity has the slug `{slug}`")))?;
        let mut aliases = crate::domain::entities::aliases(&entity);
        if !aliases.iter().any(|a| a == alias) {
            if aliases.len() > MAX_ALIASES {
                return Err(invalid(
                    "alias",
                    format!("an entity has at most {MAX_ALIASES} aliases"),
                ));
            }
            let other = crate::db::entities::all(conn)?.into_iter().find(|e| {
                e.id != entity.id
                    && crate::domain::entities::aliases(e)
                        .iter()
                        .any(|a| a == alias)
            });
            if let Some(other) = other {
                return Err(NewsroomError::Conflict(format!(
                    "{alias:?} is a name of {:?}",
                    other.slug
                )));
            }
            aliases.push(alias.to_owned());
            entity.aliases = serde_json::to_string(&aliases).context("aliases")?;
            entity.updated_at = now;
            crate::db::entities::update(conn, &entity)?;
            crate::domain::entities::recognise_new(conn, index, &[alias.to_owned()], now)?;
        }
        let count = crate::domain::entities::public_count(conn, now, &entity.id)?;
        Ok(crate::domain::entities::entity(&entity, count))
    })
}

/// Rejects a suggested name (editors): it leaves the articles that suggest it and is
/// never suggested again.
pub fn reject_name(
    conn: &mut DbConnection,
    desk: Desk,
    actor: &Actor,
    input: &shared::RejectName,
) -> Result<shared::RejectedName, NewsroomError> {
    editors_only(actor, "reject names")?;
    let name = input.name.trim();
    check_len("name", name, 1, MAX_HEADLINE)?;
    let key = crate::domain::entities::name_key(name);
    let now = desk.now();
    db::write_transaction(conn, |conn| {
        if !crate::db::entities::reject(conn, &key, name, &actor.user_id, now)? {
            return Err(NewsroomError::Conflict(format!(
                "{name:?} is rejected already"
            )));
        }
        let ids = crate::db::entities::articles_suggesting(conn, &key)?;
        let gazetteer = crate::domain::entities::Gazetteer::load(conn)?;
        for row in crate::db::articles::by_ids(conn, &ids)? {
            crate::domain::entities::annotate_with(conn, &gazetteer, &row)?;
        }
        Ok(shared::RejectedName {
            name: name.to_owned(),
            rejected_at: desk.local(now),
        })
    })
}

/// The rejected names, the latest first (any staff).
pub fn rejected_names(
    conn: &mut DbConnection,
    desk: Desk,
) -> Result<shared::RejectedNameList, NewsroomError> {
    let data = crate::db::entities::rejected(conn)?
        .into_iter()
        .map(|(name, at)| shared::RejectedName {
            name,
            rejected_at: desk.local(at),
        })
        .collect();
    Ok(shared::RejectedNameList { data })
}
