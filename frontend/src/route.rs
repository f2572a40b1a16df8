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
    /// A draft shown by its preview link.
    #[at("/pratinjau/:token")]
    Preview { token: String },
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
    #[at("/redaksi/halaman")]
    Fronts,
    /// An author's profile, as staff edit it.
    #[at("/redaksi/penulis/:slug")]
    EditProfile { slug: String },
    #[not_found]
    #[at("/404")]
    NotFound,
}

impl Route {
    /// A newsroom page: the newsroom's bundle renders it, behind a sign-in; the server
    /// sends it empty and the reader's bundle does not have it.
    pub fn is_staff(&self) -> bool {
        matches!(
            self,
            Self::Newsroom
                | Self::NewArticle
                | Self::EditArticle { .. }
                | Self::History { .. }
                | Self::Media
                | Self::Fronts
                | Self::EditProfile { .. }
        )
    }
}
