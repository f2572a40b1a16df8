//! The contract says what `JsonBody` does: a text in a request body may not hold
//! control characters other than tab and line breaks, nor U+FFFE/U+FFFF
//! (`shared::render::is_text_char`). Every string schema a request body reaches —
//! inline or through `$ref` — that has no pattern, format or choices of its own gets
//! that rule as its `pattern`, so clients and schemathesis know it before they send.

use std::collections::BTreeSet;

use utoipa::openapi::schema::{AdditionalProperties, ArrayItems, Schema, SchemaType, Type};
use utoipa::openapi::{OpenApi, RefOr};

/// Any text without the refused characters (ECMA-262, as JSON Schema's `pattern`).
pub const TEXT: &str = "^[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\uFFFE\\uFFFF]*$";
/// The same, with at least one character that is not white space (was `\\S`).
pub const NON_BLANK_TEXT: &str = "^[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\uFFFE\\uFFFF]*\
[^\\s\\u0000-\\u001F\\uFFFE\\uFFFF][^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\uFFFE\\uFFFF]*$";

const COMPONENT: &str = "#/components/schemas/";

pub fn apply(api: &mut OpenApi) {
    let mut bodies: Vec<&mut RefOr<Schema>> = api
        .paths
        .paths
        .values_mut()
        .flat_map(|item| {
            [
                &mut item.get,
                &mut item.put,
                &mut item.post,
                &mut item.delete,
                &mut item.patch,
            ]
        })
        .filter_map(|operation| operation.as_mut()?.request_body.as_mut())
        .filter_map(|body| match body {
            RefOr::T(body) => Some(body),
            // None of ours is a reference; one would be patched where it is defined.
            RefOr::Ref(_) => None,
        })
        .flat_map(|body| body.content.values_mut())
        .filter_map(|content| match content {
            RefOr::T(content) => content.schema.as_mut(),
            RefOr::Ref(_) => None,
        })
        .collect();
    // Which components a request body reaches.
    let mut reached = BTreeSet::new();
    let mut pending = Vec::new();
    for schema in &bodies {
        references(schema, &mut pending);
    }
    let components = api.components.get_or_insert_with(Default::default);
    while let Some(name) = pending.pop() {
        if reached.insert(name.clone())
            && let Some(schema) = components.schemas.get(&name)
        {
            references(schema, &mut pending);
        }
    }
    for schema in &mut bodies {
        patch(schema);
    }
    for name in &reached {
        if let Some(schema) = components.schemas.get_mut(name) {
            patch(schema);
        }
    }
}

/// The components `schema` names, directly or inside.
fn references(schema: &RefOr<Schema>, out: &mut Vec<String>) {
    match schema {
        RefOr::Ref(reference) => {
            if let Some(name) = reference.ref_location.strip_prefix(COMPONENT) {
                out.push(name.to_owned());
            }
        }
        RefOr::T(schema) => children(schema).for_each(|child| references(child, out)),
    }
}

fn children(schema: &Schema) -> Box<dyn Iterator<Item = &RefOr<Schema>> + '_> {
    match schema {
        Schema::Array(array) => match &array.items {
            ArrayItems::RefOrSchema(items) => Box::new(std::iter::once(&**items)),
            _ => Box::new(std::iter::empty()),
        },
        Schema::Object(object) => {
            let extra = match object.additional_properties.as_deref() {
                Some(AdditionalProperties::RefOr(schema)) => Some(schema),
                _ => None,
            };
            Box::new(object.properties.values().chain(extra))
        }
        Schema::OneOf(one) => Box::new(one.items.iter()),
        Schema::AllOf(all) => Box::new(all.items.iter()),
        Schema::AnyOf(any) => Box::new(any.items.iter()),
        _ => Box::new(std::iter::empty()),
    }
}

/// Gives every plain string schema in `schema` (not behind a `$ref`) the text rule.
fn patch(schema: &mut RefOr<Schema>) {
    let RefOr::T(schema) = schema else { return };
    match schema {
        Schema::Array(array) => {
            if let ArrayItems::RefOrSchema(items) = &mut array.items {
                patch(items);
            }
        }
        Schema::Object(object) => {
            let is_string = match &object.schema_type {
                SchemaType::Type(Type::String) => true,
                SchemaType::Array(types) => types.contains(&Type::String),
                _ => false,
            };
            if is_string && object.format.is_none() && object.enum_values.is_none() {
                match object.pattern.as_deref() {
                    None => object.pattern = Some(TEXT.to_owned()),
                    Some("\\S") => object.pattern = Some(NON_BLANK_TEXT.to_owned()),
                    // Slugs, languages, URLs: their patterns admit no control character.
                    Some(_) => {}
                }
            }
            object.properties.values_mut().for_each(patch);
            if let Some(AdditionalProperties::RefOr(extra)) =
                object.additional_properties.as_deref_mut()
            {
                patch(extra);
            }
        }
        Schema::OneOf(one) => one.items.iter_mut().for_each(patch),
        Schema::AllOf(all) => all.items.iter_mut().for_each(patch),
        Schema::AnyOf(any) => any.items.iter_mut().for_each(patch),
        _ => {}
    }
}
