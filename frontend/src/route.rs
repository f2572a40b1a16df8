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
    #[not_found]
    #[at("/404")]
    NotFound,
}

/// The reader's app: every reader page. The newsroom is another bundle (readers do
/// not download it); a newsroom URL reached inside this one loads that page afresh.
pub fn reader(route: Route) -> Html {
    match route {
        Route::Newsroom | Route::NewArticle | Route::EditArticle { .. } | Route::History { .. } => {
            html! { <FullLoad /> }
        }
        route => reader_page(route),
    }
}

/// The newsroom's app: the newsroom pages and, for its links and previews, the reader's.
pub fn newsroom(route: Route) -> Html {
    use crate::newsroom::editor::Editor;
    use crate::newsroom::history::History;
    use crate::newsroom::{ArticleList, Gate};
    match route {
        Route::Newsroom => html! { <Gate><ArticleList /></Gate> },
        Route::NewArticle => html! { <Gate><Editor id={None::<String>} /></Gate> },
        Route::EditArticle { id } => html! { <Gate><Editor id={Some(id)} /></Gate> },
        Route::History { id } => html! { <Gate><History {id} /></Gate> },
        route => reader_page(route),
    }
}

fn reader_page(route: Route) -> Html {
    match route {
        Route::Home => html! { <Home /> },
        Route::Article { slug } => html! { <ArticlePage {slug} /> },
        Route::Section { slug } => html! { <Listing kind={ListingKind::Section} {slug} /> },
        Route::Tag { slug } => html! { <Listing kind={ListingKind::Tag} {slug} /> },
        Route::Author { slug } => html! { <Listing kind={ListingKind::Author} {slug} /> },
        Route::Entity { slug } => html! { <Listing kind={ListingKind::Entity} {slug} /> },
        Route::Search => html! { <Search /> },
        _ => html! { <NotFound /> },
    }
}

/// Asks the server for the current URL, which answers with the other bundle.
#[function_component(FullLoad)]
fn full_load() -> Html {
    use_effect_with((), |()| {
        if let Some(window) = web_sys::window() {
            let _ = window.location().reload();
        }
    });
    html! { <crate::components::Loading /> }
}
