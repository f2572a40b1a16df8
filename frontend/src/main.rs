//! Global Insight's reader app. For now a shell that proves the build for
//! `wasm32-unknown-unknown`; the reader pages come with the web-app issue.

use yew::prelude::*;

#[function_component(App)]
fn app() -> Html {
    // `shared` is the only source of API types for the app.
    let statuses: Vec<&str> = shared::ArticleStatus::ALL
        .iter()
        .map(|s| s.as_str())
        .collect();
    html! {
        <main lang="id">
            <h1>{ "Global Insight" }</h1>
            <p>{ "Berita internasional dalam bahasa Indonesia." }</p>
            <p hidden=true>{ statuses.join(",") }</p>
        </main>
    }
}

fn main() {
    yew::Renderer::<App>::new().render();
}
