//! One module per page.

pub mod article;
pub mod home;
pub mod listing;
pub mod not_found;
pub mod search;
