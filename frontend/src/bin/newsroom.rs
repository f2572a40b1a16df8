//! The newsroom's bundle: the newsroom pages and the reader's, for staff at `/redaksi`.

fn main() {
    yew::Renderer::<frontend::App>::with_props(frontend::AppProps {
        switch: frontend::switch::newsroom,
    })
    .render();
}
