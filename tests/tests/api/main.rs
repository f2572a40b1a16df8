//! Black-box tests of the public API: the real server on port 0, each test with its
//! own database, every test on SQLite and on PostgreSQL.

mod api_keys;
mod articles;
mod auth;
mod authorization;
mod breaking;
mod changes;
mod clients;
mod concurrency;
mod contract;
mod entities;
mod errors;
mod feeds;
mod formats;
mod fronts;
mod http_caching;
mod import;
mod instances;
mod limits;
mod live;
mod locks;
mod markup;
mod media;
mod most_read;
mod newsroom;
mod operations;
mod previews;
mod profiles;
mod related;
mod response_cache;
mod schemathesis;
mod search;
mod security;
mod seed;
mod site;
mod stemmer;
mod suggestions;
mod taxonomy;
mod translations;
mod users;
mod webhooks;
mod xss;

/// Filed copy used across the tests (a copy of the seed is in `content/seed/`).
pub mod fixtures {
    pub const PUTIN_MOSKOW: &str = include_str!("../../fixtures/putin-moskow.txt");
    pub const TOKYO_EN: &str = include_str!("../../fixtures/tokyo-en.txt");
    pub const EKONOMI_JAKARTA: &str = include_str!("../../fixtures/ekonomi-jakarta.txt");
    pub const DRAFT_EMBARGO: &str = include_str!("../../fixtures/draft-embargo.txt");
    pub const NOT_FILED_COPY: &str = include_str!("../../fixtures/not-filed-copy.txt");
}

use shared::ArticleStatus;
use tests::{TestApp, filed};

/// The seed plus four more: two published in `internasional` (one in English),
/// one in `ekonomi`, and one draft that must never show.
pub fn newsroom(app: &TestApp) {
    use fixtures::*;
    let published = ArticleStatus::Published;
    app.import(
        "putin-moskow.txt",
        PUTIN_MOSKOW,
        &filed("internasional", "id", published),
    );
    app.import(
        "tokyo-en.txt",
        TOKYO_EN,
        &filed("internasional", "en", published),
    );
    app.import(
        "ekonomi-jakarta.txt",
        EKONOMI_JAKARTA,
        &filed("ekonomi", "id", published),
    );
    app.import(
        "draft-embargo.txt",
        DRAFT_EMBARGO,
        &filed("internasional", "id", ArticleStatus::Draft),
    );
}
