//! The app's own 404 page (the server also answers unknown paths with status 404).

use yew::prelude::*;
use yew_router::prelude::*;

use crate::route::Route;
use crate::{set_title, use_ctx};

#[function_component(NotFound)]
pub fn not_found() -> Html {
    let ctx = use_ctx();
    let text = ctx.lang.text();
    {
        let title = text.not_found_title;
        use_effect_with(title, |title| set_title(title));
    }
    html! {
        <div class="not-found">
            <h1>{ text.not_found_title }</h1>
            <p>{ text.not_found_body }</p>
            <p><Link<Route> to={Route::Home}>{ text.back_home }</Link<Route>></p>
        </div>
    }
}
