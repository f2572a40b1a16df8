//! Generates the client from the spec GI_CLIENT_SPEC names (the 3.0 form of
//! openapi/openapi.json: tests/clients/rust/to_openapi30.py).

fn main() {
    let path = std::env::var("GI_CLIENT_SPEC").expect("GI_CLIENT_SPEC: the spec to generate from");
    println!("cargo:rerun-if-changed={path}");
    println!("cargo:rerun-if-env-changed=GI_CLIENT_SPEC");
    let file = std::fs::File::open(&path).expect("the spec");
    let spec: openapiv3::OpenAPI = serde_json::from_reader(file).expect("an OpenAPI 3.0 document");
    // The builder style: `client.list_articles().section("x").send()`.
    let mut settings = progenitor::GenerationSettings::default();
    settings.with_interface(progenitor::InterfaceStyle::Builder);
    let mut generator = progenitor::Generator::new(&settings);
    let tokens = generator.generate_tokens(&spec).expect("progenitor generates the client");
    let ast = syn::parse2(tokens).expect("generated Rust parses");
    let out = std::path::Path::new(&std::env::var("OUT_DIR").expect("OUT_DIR")).join("client.rs");
    std::fs::write(out, prettyplease::unparse(&ast)).expect("write the client");
}
