//! Fronts: the home page (`home`) and each section's page as the editors arrange them.
//! Readers get the editors' picks — the slots whose story is public and whose time has
//! not passed, in order — then the newest stories not among them. A story that stops
//! being public keeps its slot and simply is not shown; a slot's end (`pinned_until`)
//! counts as a moment public answers change (`db::content::version`).

use std::collections::HashMap;

use chrono::NaiveDateTime;
use shared::fronts::{Front, FrontInput, HOME, MAX_SLOTS, SlotState, StaffFront, StaffSlot};
use shared::query::FieldSet;
use shared::staff::Role;
use shared::{ArticleStatus, ArticleSummary, SectionRef};

use super::Desk;
use super::articles::{Parts, assemble_parts};
use crate::db::articles::{self as queries, ArticleFilter, Order, PageStart};
use crate::db::fronts::{self as db, Claim, SlotRow};
use crate::db::models::{ArticleRow, SectionRow};
use crate::db::{DbConnection, taxonomy, write_transaction};
use crate::domain::newsroom::Actor;

#[derive(Debug, thiserror::Error)]
pub enum FrontError {
    #[error("no front is named `{0}`: fronts are `home` and the sections' slugs")]
    NoSuchFront(String),
    #[error("{message}")]
    Invalid { field: String, message: String },
    /// A slot names an article that is not there (deleted, or never was).
    #[error("{message}")]
    Missing { field: String, message: String },
    #[error("only editors and admins may arrange fronts")]
    Forbidden,
    #[error("{}", stale_message(*.current))]
    Stale { current: Option<i64> },
    #[error(transparent)]
    Storage(#[from] anyhow::Error),
}

fn stale_message(current: Option<i64>) -> String {
    match current {
        Some(v) => format!("the front is at version {v}; it was arranged since you loaded it"),
        None => "the front was arranged by someone else at the same moment".into(),
    }
}

impl From<diesel::result::Error> for FrontError {
    fn from(e: diesel::result::Error) -> Self {
        Self::Storage(e.into())
    }
}

fn invalid(field: String, message: String) -> FrontError {
    FrontError::Invalid { field, message }
}

/// The section a front's name names: `None` for the home page.
fn section_of(conn: &mut DbConnection, name: &str) -> Result<Option<SectionRow>, FrontError> {
    if name == HOME {
        return Ok(None);
    }
    let unknown = || FrontError::NoSuchFront(name.to_owned());
    if !shared::slug::is_slug(name) {
        return Err(unknown());
    }
    taxonomy::section_by_slug(conn, name)?
        .map(Some)
        .ok_or_else(unknown)
}

fn section_ref(section: Option<&SectionRow>) -> Option<SectionRef> {
    section.map(|s| SectionRef {
        slug: s.slug.clone(),
        name: s.name.clone(),
    })
}

/// Rows in the order of `ids` (ids without a row left out).
fn in_order(ids: &[String], rows: Vec<ArticleRow>) -> Vec<ArticleRow> {
    crate::db::in_order_of(ids, rows, |row| &row.id)
}

/// The front as readers get it: the picks, then `latest` of the newest stories. Both
/// assembled together, with only what a summary shows (a front's summaries show no
/// entities: reading them was most of the home page's time on PostgreSQL), and the
/// newest not counted.
pub fn public(
    conn: &mut DbConnection,
    desk: Desk,
    name: &str,
    latest: u32,
) -> Result<Front, FrontError> {
    let section = section_of(conn, name)?;
    let now = desk.now();
    let ids = db::shown_ids(conn, name, now)?;
    let mut rows = in_order(&ids, queries::by_ids(conn, &ids)?);
    let picked = rows.len();
    if latest > 0 {
        let filter = ArticleFilter {
            section: section.as_ref().map(|s| s.slug.clone()),
            ..ArticleFilter::all_public(now)
        };
        // As many more as there are picks: those among the newest are left out.
        let wanted = latest.saturating_add(u32::try_from(picked).unwrap_or(u32::MAX));
        let newest = queries::list_published(
            conn,
            &filter,
            Order::Newest,
            &PageStart::Offset(0),
            i64::from(wanted),
        )?;
        rows.extend(
            newest
                .into_iter()
                .filter(|row| !ids.contains(&row.id))
                .take(latest as usize),
        );
    }
    let mut picks = summaries(conn, desk, rows)?;
    let latest = picks.split_off(picked.min(picks.len()));
    Ok(Front {
        name: name.to_owned(),
        section: section_ref(section.as_ref()),
        picks,
        latest,
    })
}

/// The rows as summaries, with only what a summary shows read.
fn summaries(
    conn: &mut DbConnection,
    desk: Desk,
    rows: Vec<ArticleRow>,
) -> anyhow::Result<Vec<ArticleSummary>> {
    let fields = FieldSet::default();
    Ok(
        assemble_parts(conn, desk, rows, Parts::of_summary(&fields))?
            .into_iter()
            .map(|article| ArticleSummary::of(article, &fields))
            .collect(),
    )
}

/// The front as staff arrange it: every slot, and whether readers see it now. Slots
/// whose article was deleted are left out (and so dropped by the next save).
pub fn staff(conn: &mut DbConnection, desk: Desk, name: &str) -> Result<StaffFront, FrontError> {
    let section = section_of(conn, name)?;
    let now = desk.now();
    let front = db::front(conn, name)?;
    let slots = db::slots(conn, name)?;
    let ids: Vec<String> = slots.iter().map(|s| s.article_id.clone()).collect();
    let rows: Vec<ArticleRow> = in_order(&ids, queries::by_ids(conn, &ids)?)
        .into_iter()
        .filter(|row| row.deleted_at.is_none())
        .collect();
    let states: HashMap<String, (ArticleStatus, bool)> = rows
        .iter()
        .map(|row| {
            let status = row.status().unwrap_or(ArticleStatus::Draft);
            (row.id.clone(), (status, row.is_public_at(now)))
        })
        .collect();
    let articles = summaries(conn, desk, rows)?;
    let until: HashMap<String, Option<NaiveDateTime>> = slots
        .into_iter()
        .map(|slot| (slot.article_id, slot.pinned_until))
        .collect();
    let slots = articles
        .into_iter()
        .map(|article| {
            let id = article.id.to_string();
            let (status, public) = states
                .get(&id)
                .copied()
                .unwrap_or((ArticleStatus::Draft, false));
            let pinned_until = until.get(&id).copied().flatten();
            let state = if pinned_until.is_some_and(|t| t <= now) {
                SlotState::Expired
            } else if public {
                SlotState::Shown
            } else {
                SlotState::NotPublic
            };
            StaffSlot {
                article,
                status,
                pinned_until: pinned_until.map(|t| desk.local(t)),
                state,
            }
        })
        .collect();
    let (version, updated_at, updated_by) = match front {
        Some((row, by)) => (row.version, Some(desk.local(row.updated_at)), by),
        None => (0, None, None),
    };
    Ok(StaffFront {
        name: name.to_owned(),
        section: section_ref(section.as_ref()),
        version,
        updated_at,
        updated_by,
        slots,
    })
}

/// Checks the arrangement: within `MAX_SLOTS`, each article once, each time ahead and
/// within reach. Returns the slots' rows, in order.
fn checked_slots(
    name: &str,
    input: &FrontInput,
    now: NaiveDateTime,
) -> Result<Vec<SlotRow>, FrontError> {
    if input.slots.len() > MAX_SLOTS {
        return Err(invalid(
            "slots".into(),
            format!(
                "a front holds at most {MAX_SLOTS} slots; this arrangement has {}",
                input.slots.len()
            ),
        ));
    }
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut rows = Vec::with_capacity(input.slots.len());
    for (i, slot) in input.slots.iter().enumerate() {
        let id = slot.article_id.to_string();
        if let Some(first) = seen.insert(id.clone(), i) {
            return Err(invalid(
                format!("slots[{i}].article_id"),
                format!("the article is already in slots[{first}]; a front holds a story once"),
            ));
        }
        let pinned_until = slot.pinned_until.map(|t| t.naive_utc());
        if let Some(until) = pinned_until {
            let field = format!("slots[{i}].pinned_until");
            if until <= now {
                return Err(invalid(
                    field,
                    "`pinned_until` must be in the future".into(),
                ));
            }
            let days = shared::newsroom::MAX_SCHEDULE_DAYS;
            if until > now + chrono::Duration::days(days) {
                return Err(invalid(
                    field,
                    format!("`pinned_until` may be at most {days} days ahead"),
                ));
            }
        }
        rows.push(SlotRow {
            front: name.to_owned(),
            position: i32::try_from(i).unwrap_or(i32::MAX),
            article_id: id,
            pinned_until,
        });
    }
    Ok(rows)
}

/// Saves the editors' arrangement of the front, made on version `expected` (`None`:
/// any), and returns the front at its new version.
pub fn arrange(
    conn: &mut DbConnection,
    desk: Desk,
    actor: &Actor,
    name: &str,
    expected: Option<i64>,
    input: &FrontInput,
) -> Result<StaffFront, FrontError> {
    if !matches!(actor.role, Role::Editor | Role::Admin) {
        return Err(FrontError::Forbidden);
    }
    section_of(conn, name)?;
    let now = desk.now();
    let slots = checked_slots(name, input, now)?;
    write_transaction(conn, |conn| {
        let ids: Vec<String> = slots.iter().map(|s| s.article_id.clone()).collect();
        let found: Vec<String> = queries::by_ids(conn, &ids)?
            .into_iter()
            .filter(|row| row.deleted_at.is_none())
            .map(|row| row.id)
            .collect();
        if let Some(i) = ids.iter().position(|id| !found.contains(id)) {
            return Err(FrontError::Missing {
                field: format!("slots[{i}].article_id"),
                message: format!("no article has the id {} (deleted, or never was)", ids[i]),
            });
        }
        match db::claim(conn, name, expected, now, &actor.user_id)? {
            Claim::Claimed(_) => {}
            Claim::Stale(current) => return Err(FrontError::Stale { current }),
        }
        db::replace_slots(conn, name, &slots)?;
        Ok::<_, FrontError>(())
    })?;
    staff(conn, desk, name)
}
