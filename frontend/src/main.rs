//! The reader's bundle: the reader pages only (the newsroom is `bin/newsroom.rs`).

fn main() {
    yew::Renderer::<frontend::App>::with_props(frontend::AppProps {
        switch: frontend::switch::reader,
    })
    .render();
}
