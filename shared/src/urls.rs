//! The reader's URLs, in one place: the server writes them (page heads, feeds,
//! sitemaps, ninjs, JSON-LD) and knows which paths are the app's; the web app routes
//! them (its `Route` must spell the same paths — a component test holds it to these).

/// First path segments of the reader's pages.
pub const ARTICLE: &str = "artikel";
pub const SECTION: &str = "rubrik";
pub const TAG: &str = "topik";
pub const AUTHOR: &str = "penulis";
pub const ENTITY: &str = "entitas";
pub const SEARCH: &str = "cari";
/// A draft's preview link: `/pratinjau/<token>`.
pub const PREVIEW: &str = "pratinjau";
/// The newsroom's pages are under this one.
pub const NEWSROOM: &str = "redaksi";

/// `/artikel/<slug>`
pub fn article(slug: &str) -> String {
    format!("/{ARTICLE}/{slug}")
}

/// `/pratinjau/<token>`: a draft's preview link.
pub fn preview(token: &str) -> String {
    format!("/{PREVIEW}/{token}")
}

/// `/rubrik/<slug>`
pub fn section(slug: &str) -> String {
    format!("/{SECTION}/{slug}")
}

/// `/topik/<slug>`
pub fn tag(slug: &str) -> String {
    format!("/{TAG}/{slug}")
}

/// `/penulis/<slug>`
pub fn author(slug: &str) -> String {
    format!("/{AUTHOR}/{slug}")
}

/// `/entitas/<slug>`
pub fn entity(slug: &str) -> String {
    format!("/{ENTITY}/{slug}")
}

/// `/cari`
pub fn search() -> String {
    format!("/{SEARCH}")
}

/// Where a link switches the reader's language without script: `/bahasa/<code>`
/// keeps the choice in a cookie and sends the reader back to `back` (`?ke=`).
pub const LANGUAGE: &str = "bahasa";

/// `/bahasa/<code>?ke=<back>`
pub fn language(code: &str, back: &str) -> String {
    let back = serde_urlencoded::to_string([("ke", back)]).unwrap_or_default();
    format!("/{LANGUAGE}/{code}?{back}")
}
