//! The app's URLs. The server answers each of these paths with the app's HTML
//! (and `/artikel/<slug>` with the article's head already filled in).

use yew_router::prelude::*;

#[derive(Debug, Clone, PartialEq, Eq, Routable)]
pub enum Route {
    #[at("/")]
    Home,
    #[at("/artikel/:slug")]
    Article { slug: String },
    #[at("/rubrik/:slug")]
    Section { slug: String },
    #[at("/topik/:slug")]
    Tag { slug: String },
    #[at("/penulis/:slug")]
    Author { slug: String },
    #[at("/entitas/:slug")]
    Entity { slug: String },
    #[at("/cari")]
    Search,
    #[at("/redaksi")]
    Newsroom,
    #[at("/redaksi/tulis")]
    NewArticle,
    #[at("/redaksi/artikel/:id")]
    EditArticle { id: String },
    #[at("/redaksi/artikel/:id/riwayat")]
    History { id: String },
    #[at("/redaksi/media")]
    Media,
    #[not_found]
    #[at("/404")]
    NotFound,
}
