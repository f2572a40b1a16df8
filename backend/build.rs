//! Builds again when a migration is added: `embed_migrations!` reads the folders when
//! it is compiled, and cargo otherwise watches only the files it read then.
fn main() {
    println!("cargo:rerun-if-changed=../migrations");
}
