//! The reader's bundle: the reader pages only (the newsroom is `bin/newsroom.rs`),
//! hydrating the page the server rendered.

fn main() {
    frontend::run(frontend::switch::reader, true);
}
