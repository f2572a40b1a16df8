//! Which page each URL shows, in each bundle: the reader's (`reader`) and the
//! newsroom's (`newsroom`). Apart from `route`, so that the URLs, which every page
//! links with, do not depend on the pages.

use yew::prelude::*;

use crate::pages::{
    article::ArticlePage, home::Home, listing::Listing, listing::ListingKind, not_found::NotFound,
    search::Search,
};
use crate::route::Route;

/// The reader's app: every reader page. The newsroom is another bundle (readers do
/// not download it); a newsroom URL reached inside this one loads that page afresh.
pub fn reader(route: Route) -> Html {
    if route.is_staff() {
        html! { <FullLoad /> }
    } else {
        reader_page(route)
    }
}

/// The newsroom's app: the newsroom pages and, for its links and previews, the reader's.
pub fn newsroom(route: Route) -> Html {
    use crate::newsroom::editor::Editor;
    use crate::newsroom::fronts::Fronts;
    use crate::newsroom::history::History;
    use crate::newsroom::media::MediaLibrary;
    use crate::newsroom::{ArticleList, Gate};
    match route {
        Route::Newsroom => html! { <Gate><ArticleList /></Gate> },
        Route::NewArticle => html! { <Gate><Editor id={None::<String>} /></Gate> },
        Route::EditArticle { id } => html! { <Gate><Editor id={Some(id)} /></Gate> },
        Route::History { id } => html! { <Gate><History {id} /></Gate> },
        Route::Media => html! { <Gate><MediaLibrary /></Gate> },
        Route::Fronts => html! { <Gate><Fronts /></Gate> },
        Route::EditProfile { slug } => {
            html! { <Gate><crate::newsroom::profile::Profile {slug} /></Gate> }
        }
        route => reader_page(route),
    }
}

fn reader_page(route: Route) -> Html {
    match route {
        Route::Home => html! { <Home /> },
        Route::Article { slug } => html! { <ArticlePage {slug} /> },
        Route::Preview { token } => html! { <ArticlePage slug={token} preview=true /> },
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
    crate::components::loading(crate::use_ctx().lang)
}
