//! The newsroom's writes: drafts, edits guarded by the version the editor saw,
//! publication, scheduling and unpublishing — each with its revision in the same
//! transaction — and who may do which. By concern:
//!
//! - `access`: who is acting, which articles they may see and touch, the errors;
//! - `validation`: the limits of an article's fields and the checks of an input;
//! - `write`: the one write path (apply an input, free a slug, record the article as it
//!   now is), which import uses too, and `change`, every change at a version;
//! - `transitions`: publish, schedule, unpublish, submit, correct, delete, restore;
//! - `revisions`: the history, one revision, a diff, restoring an old revision;
//! - `snapshots`: a revision's article as stored, zstd-compressed JSON;
//! - `entities`: editors' corrections of recognised entities;
//! - `live`: a live blog's entries — added while it is open, changed at a version,
//!   removed —, each with its change-log entry;
//! - `locks`: soft edit locks — taken, renewed, taken over, released, expiring;
//! - `translations`: a translation started from an article, linked in its group;
//! - `previews`: draft preview links — made, listed, revoked by staff, opened by anyone
//!   with the link.

mod access;
mod authors;
mod entities;
mod live;
mod locks;
mod previews;
mod revisions;
mod snapshots;
mod transitions;
mod translations;
mod validation;
mod write;

pub use access::{Actor, Expected, NewsroomError};
pub use authors::{profile, update_profile};
pub use entities::{
    add_alias, create_entity, reject_name, rejected_names, set_entities, suggestions,
};
pub use live::{add_entry, remove_entry, staff_entries, update_entry};
pub use locks::{lock_state, release_lock, take_lock};
pub use previews::{Opened, create_preview, open_preview, previews, revoke_preview};
pub use revisions::{diff, restore_revision, revision, revisions};
pub use transitions::{correct, delete, publish, restore, schedule, submit, unpublish};
pub use translations::start_translation;
pub(crate) use write::{
    Change, apply_input, apply_links, apply_words, copy_words, free_slug, freeze_newest_revision,
    record_change, record_revisions,
};
pub use write::{create, get, list, update};
