//! Fronts and their slots: the editors' arrangement of the home page and each section's.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::result::{DatabaseErrorKind, Error};

use super::DbConnection;
use super::schema::{front_slots, fronts, users};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = fronts)]
pub struct FrontRow {
    pub name: String,
    pub version: i64,
    pub updated_at: NaiveDateTime,
    pub updated_by: Option<String>,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = front_slots)]
pub struct SlotRow {
    pub front: String,
    pub position: i32,
    pub article_id: String,
    pub pinned_until: Option<NaiveDateTime>,
}

/// The front's row and the display name of who arranged it last; `None` until it is
/// first arranged.
pub fn front(
    conn: &mut DbConnection,
    name: &str,
) -> QueryResult<Option<(FrontRow, Option<String>)>> {
    fronts::table
        .left_join(users::table.on(users::id.nullable().eq(fronts::updated_by)))
        .filter(fronts::name.eq(name))
        .select((FrontRow::as_select(), users::display_name.nullable()))
        .first(conn)
        .optional()
}

/// Every slot of the front, in order.
pub fn slots(conn: &mut DbConnection, name: &str) -> QueryResult<Vec<SlotRow>> {
    front_slots::table
        .filter(front_slots::front.eq(name))
        .order_by(front_slots::position)
        .select(SlotRow::as_select())
        .load(conn)
}

/// The ids of the stories readers see on the front at `now`, in the editors' order:
/// public, and their slot's time not passed.
pub fn shown_ids(
    conn: &mut DbConnection,
    name: &str,
    now: NaiveDateTime,
) -> QueryResult<Vec<String>> {
    let slots: Vec<String> = front_slots::table
        .filter(front_slots::front.eq(name))
        .filter(
            front_slots::pinned_until
                .is_null()
                .or(front_slots::pinned_until.gt(now)),
        )
        .order_by(front_slots::position)
        .select(front_slots::article_id)
        .load(conn)?;
    let public = super::articles::public_among(conn, &slots, now)?;
    Ok(slots
        .into_iter()
        .filter(|id| public.contains_key(id))
        .collect())
}

/// The earliest end of a slot after `now`: at that moment a front changes without a
/// write.
pub fn next_expiry(
    conn: &mut DbConnection,
    now: NaiveDateTime,
) -> QueryResult<Option<NaiveDateTime>> {
    front_slots::table
        .filter(front_slots::pinned_until.gt(now))
        .select(diesel::dsl::min(front_slots::pinned_until))
        .first(conn)
}

/// What taking the next version of a front found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Claim {
    /// The front is now at this version.
    Claimed(i64),
    /// It is at another version than the one expected (`None`: another writer just
    /// arranged it first).
    Stale(Option<i64>),
}

/// Takes the front's next version, in the caller's write transaction: the version
/// expected (`None`: any) must be the current one (0 before the first arrangement).
/// The row's update is the lock: a concurrent writer that expected the same version
/// finds it gone.
pub fn claim(
    conn: &mut DbConnection,
    name: &str,
    expected: Option<i64>,
    now: NaiveDateTime,
    by: &str,
) -> QueryResult<Claim> {
    let current = fronts::table
        .filter(fronts::name.eq(name))
        .select(fronts::version)
        .first::<i64>(conn)
        .optional()?;
    let current_version = current.unwrap_or(0);
    if expected.is_some_and(|expected| expected != current_version) {
        return Ok(Claim::Stale(Some(current_version)));
    }
    let next = current_version + 1;
    let written = match current {
        None => {
            let inserted = diesel::insert_into(fronts::table)
                .values((
                    fronts::name.eq(name),
                    fronts::version.eq(next),
                    fronts::updated_at.eq(now),
                    fronts::updated_by.eq(by),
                ))
                .execute(conn);
            match inserted {
                Err(Error::DatabaseError(DatabaseErrorKind::UniqueViolation, _)) => 0,
                other => other?,
            }
        }
        Some(version) => diesel::update(fronts::table)
            .filter(fronts::name.eq(name))
            .filter(fronts::version.eq(version))
            .set((
                fronts::version.eq(next),
                fronts::updated_at.eq(now),
                fronts::updated_by.eq(by),
            ))
            .execute(conn)?,
    };
    Ok(if written == 1 {
        Claim::Claimed(next)
    } else {
        Claim::Stale(None)
    })
}

/// Puts `slots` (in order) in place of the front's slots.
pub fn replace_slots(conn: &mut DbConnection, name: &str, slots: &[SlotRow]) -> QueryResult<()> {
    diesel::delete(front_slots::table.filter(front_slots::front.eq(name))).execute(conn)?;
    // One by one: at most `MAX_SLOTS`, and a batch insert is not portable across
    // the MultiConnection's backends.
    for slot in slots {
        diesel::insert_into(front_slots::table)
            .values(slot)
            .execute(conn)?;
    }
    Ok(())
}
