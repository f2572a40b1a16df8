//! The newsroom's bundle: the newsroom pages and the reader's, for staff at `/redaksi`,
//! rendered in the browser (the server sends these pages empty).

fn main() {
    frontend::run(frontend::switch::newsroom, false);
}
