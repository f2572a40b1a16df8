//! The OpenAPI contract: committed = generated = served; Swagger UI; both migration
//! trees yield the same tables and columns.

use std::time::Duration;

use tests::{Db, both_databases, header, spawn_app};

const COMMITTED: &str = include_str!("../../../openapi/openapi.json");

#[test]
fn committed_spec_is_what_the_code_produces() {
    let generated = backend::http::openapi_json();
    assert!(
        generated == COMMITTED,
        "openapi/openapi.json is stale: run `cargo run -p backend -- openapi` and commit it"
    );
}

#[test]
fn every_operation_is_documented() {
    let spec: serde_json::Value = serde_json::from_str(COMMITTED).expect("JSON");
    assert_eq!(spec["openapi"], "3.1.0");
    assert_eq!(
        spec["components"]["securitySchemes"]["bearer"]["scheme"],
        "bearer"
    );
    let paths = spec["paths"].as_object().expect("paths");
    let mut operation_ids = Vec::new();
    for (path, item) in paths {
        for (method, operation) in item.as_object().expect("path item") {
            let at = format!("{method} {path}");
            let id = operation["operationId"].as_str().expect("operationId");
            operation_ids.push(id.to_owned());
            assert!(
                operation["tags"].as_array().is_some_and(|t| !t.is_empty()),
                "{at}: tag"
            );
            assert!(operation["summary"].as_str().is_some(), "{at}: summary");
            let responses = operation["responses"].as_object().expect("responses");
            // robots.txt is the one operation that reads nothing from the database.
            let mut expected = if id == "getRobots" {
                vec![]
            } else {
                vec!["503"]
            };
            if method == "get" && operation["security"].is_null() {
                expected.extend(["200", "400"]);
                // A draft's preview is `no-store`, and so is a live blog's event
                // stream: no validators, so no 304.
                if !matches!(id, "getPreview" | "streamLiveBlog") {
                    expected.push("304");
                }
                if path.starts_with("/api/v1/") {
                    // The public API is rate-limited.
                    expected.push("429");
                }
            }
            if !operation["security"].is_null() {
                expected.push("401");
            }
            if !operation["requestBody"].is_null() {
                expected.extend(["400", "413", "415"]);
            }
            if path.contains('{') {
                expected.push("404");
            }
            for status in expected {
                assert!(responses.contains_key(status), "{at}: {status}");
            }
            for (status, response) in responses {
                // Shared responses are components; resolve them.
                let response = match response["$ref"].as_str() {
                    Some(reference) => {
                        let name = reference.trim_start_matches("#/components/responses/");
                        &spec["components"]["responses"][name]
                    }
                    None => response,
                };
                assert!(
                    response["description"].is_string(),
                    "{at} {status}: description"
                );
                if status.starts_with('4') || status.starts_with('5') {
                    let problem =
                        &response["content"]["application/problem+json"]["schema"]["$ref"];
                    assert_eq!(problem, "#/components/schemas/Problem", "{at} {status}");
                }
            }
        }
    }
    let count = operation_ids.len();
    operation_ids.sort();
    operation_ids.dedup();
    assert_eq!(operation_ids.len(), count, "operationIds are unique");
    assert!(count >= 17, "{count} operations");
    for schema in [
        "Article",
        "Problem",
        "Pagination",
        "Section",
        "Tag",
        "Author",
        "StaffUser",
    ] {
        assert!(
            spec["components"]["schemas"][schema]["example"].is_object(),
            "{schema} has an example"
        );
    }
}

async fn served_spec_equals_the_committed_one(db: Db) {
    let app = spawn_app(db).await;
    let served: serde_json::Value = app.get_json("/api/openapi.json").await;
    let committed: serde_json::Value = serde_json::from_str(COMMITTED).expect("JSON");
    assert!(
        served == committed,
        "/api/openapi.json differs from openapi/openapi.json"
    );

    let redirect = app.get("/docs").await;
    assert_eq!(redirect.status(), 307);
    assert_eq!(header(redirect.headers(), "location"), "/docs/");
    let docs = app.get("/docs/").await;
    assert_eq!(docs.status(), 200);
    assert!(header(docs.headers(), "content-type").starts_with("text/html"));
    let html = docs.text().await.expect("html");
    assert!(
        html.contains("swagger-ui"),
        "Swagger UI is served from the binary"
    );
    let init = app.get("/docs/swagger-initializer.js").await;
    assert_eq!(init.status(), 200);
    assert!(init.text().await.expect("js").contains("/api/openapi.json"));
}

both_databases!(served_spec_equals_the_committed_one);

/// Every `oneOf` whose choices are objects told apart by a one-value property (`type`,
/// `kind`) names that property as its discriminator, mapping each value to its choice —
/// so generated clients decode each choice into a type of its own.
#[test]
fn tagged_unions_carry_a_discriminator() {
    let spec: serde_json::Value = serde_json::from_str(COMMITTED).expect("JSON");
    let schemas = spec["components"]["schemas"].as_object().expect("schemas");
    let resolve = |choice: &serde_json::Value| -> serde_json::Value {
        match choice["$ref"].as_str() {
            Some(reference) => {
                schemas[reference.trim_start_matches("#/components/schemas/")].clone()
            }
            None => choice.clone(),
        }
    };
    let mut tagged = Vec::new();
    for (name, schema) in schemas {
        let Some(choices) = schema["oneOf"].as_array() else {
            continue;
        };
        let choices: Vec<serde_json::Value> = choices.iter().map(resolve).collect();
        // A property every choice requires with one value of its own.
        let tag = ["type", "kind"].into_iter().find(|tag| {
            choices.iter().all(|choice| {
                choice["properties"][tag]["enum"]
                    .as_array()
                    .is_some_and(|values| values.len() == 1)
                    && choice["required"]
                        .as_array()
                        .is_some_and(|required| required.iter().any(|r| r == tag))
            })
        });
        let Some(tag) = tag else {
            continue;
        };
        tagged.push(name.clone());
        let discriminator = &schema["discriminator"];
        assert_eq!(discriminator["propertyName"], tag, "{name}");
        for (choice, reference) in choices.iter().zip(schema["oneOf"].as_array().unwrap()) {
            let value = choice["properties"][tag]["enum"][0].as_str().expect("text");
            assert_eq!(
                discriminator["mapping"][value], reference["$ref"],
                "{name}: {tag} = {value} maps to its choice by reference"
            );
        }
    }
    assert!(tagged.contains(&"Block".to_owned()), "{tagged:?}");
}

#[tokio::test]
async fn both_migration_trees_yield_the_same_tables_and_columns() {
    let sqlite_dir = tempfile::tempdir().expect("temporary folder");
    let sqlite_url = format!("sqlite://{}", sqlite_dir.path().join("schema.db").display());
    let postgres_database = tests::postgres::fresh_database();
    let describe = |url: String| {
        let pool = backend::db::connect(&url, 1, Duration::from_secs(5)).expect("migrated");
        let mut conn = pool.get().expect("connection");
        backend::db::describe_schema(&mut conn).expect("schema")
    };
    let sqlite = describe(sqlite_url);
    let postgres = describe(postgres_database.url.clone());
    assert!(
        sqlite.contains_key("articles")
            && sqlite["articles"].len() == 32
            && sqlite.contains_key("users"),
        "{sqlite:?}"
    );
    assert_eq!(sqlite, postgres);
}

/// PostgreSQL keeps an article's row whole, compressed in place, only when every text
/// column of `articles` is `MAIN` (the migration `rows_packed_closer`): a row past 2 KB
/// has its `EXTENDED` columns compressed and then moved out to TOAST before a `MAIN`
/// one is compressed — a text column added later as `EXTENDED` would send the
/// headlines of most articles there.
#[test]
fn every_text_column_of_an_article_is_main_on_postgresql() {
    use diesel::{Connection as _, RunQueryDsl as _};
    #[derive(diesel::QueryableByName, Debug)]
    struct Column {
        #[diesel(sql_type = diesel::sql_types::Text)]
        name: String,
        #[diesel(sql_type = diesel::sql_types::Text)]
        storage: String,
    }
    let database = tests::postgres::fresh_database();
    drop(backend::db::connect(&database.url, 1, Duration::from_secs(5)).expect("migrated"));
    let mut conn = diesel::PgConnection::establish(&database.url).expect("connected");
    let columns: Vec<Column> = diesel::sql_query(
        "SELECT attname::text AS name, attstorage::text AS storage FROM pg_attribute \
         WHERE attrelid = 'articles'::regclass AND attnum > 0 AND NOT attisdropped \
         AND attlen = -1 ORDER BY attnum",
    )
    .load(&mut conn)
    .expect("the catalogue");
    assert!(columns.iter().any(|c| c.name == "body"), "{columns:?}");
    let elsewhere: Vec<&Column> = columns.iter().filter(|c| c.storage != "m").collect();
    assert!(elsewhere.is_empty(), "not MAIN: {elsewhere:?}");
}

/// A mention row — some fifty an article — is 48 bytes on PostgreSQL: its 24-byte
/// header and 24 of fields (an article's and an entity's numbers, its count, its
/// second). With the entity's number in 64 bits the fields took 28, padded to 32: a
/// million articles' rows 2.9 GB rather than 2.5 (migration `entity_numbers_narrower`).
#[tokio::test]
async fn a_mention_row_is_48_bytes_on_postgresql() {
    use diesel::{Connection as _, RunQueryDsl as _};
    #[derive(diesel::QueryableByName, Debug)]
    struct Sizes {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        rows: i64,
        #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::Integer>)]
        largest: Option<i32>,
    }
    let app = spawn_app(Db::Postgres).await;
    let mut conn = diesel::PgConnection::establish(&app.database_url).expect("connected");
    let sizes: Sizes = diesel::sql_query(
        "SELECT count(*) AS rows, max(pg_column_size(l.*)) AS largest FROM article_entities l",
    )
    .get_result(&mut conn)
    .expect("the seed's mention rows");
    assert!(sizes.rows > 10, "{sizes:?}");
    assert_eq!(sizes.largest, Some(48), "{sizes:?}");
}
