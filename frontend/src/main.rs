//! The reader app's entry point: render the app into the page's body.

fn main() {
    yew::Renderer::<frontend::App>::new().render();
}
