//! The app's URLs. The server answers each of these paths with the app's HTML
//! (and `/artikel/<slug>` with the article's head already filled in).

use yew::prelude::*;
use yew_router::prelude::*;

use crate::pages::{
    article::ArticlePage, home::Home, listing::Listing, listing::ListingKind, not_found::NotFound,
    search::Search,
};

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
    #[at("/cari")]
    Search,
    #[not_found]
    #[at("/404")]
    NotFound,
}

pub fn switch(route: Route) -> Html {
    match route {
        Route::Home => html! { <Home /> },
        Route::Article { slug } => html! { <ArticlePage {slug} /> },
        Route::Section { slug } => html! { <Listing kind={ListingKind::Section} {slug} /> },
        Route::Tag { slug } => html! { <Listing kind={ListingKind::Tag} {slug} /> },
        Route::Author { slug } => html! { <Listing kind={ListingKind::Author} {slug} /> },
        Route::Search => html! { <Search /> },
        Route::NotFound => html! { <NotFound /> },
    }
}
