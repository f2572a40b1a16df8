//! One module per page.

pub mod article;
pub mod blocks;
pub mod home;
pub mod listing;
pub mod live;
pub mod not_found;
pub mod search;
