//! JSON as each side reads it. In the browser the browser parses it (`JSON.parse`)
//! and serde-wasm-bindgen reads the result into our types, which keeps serde_json's
//! parser out of the reader's download (23 KB gzip); on the server (rendering pages)
//! serde_json reads it. One type, `Json`, for a parsed document on either side.

use serde::de::DeserializeOwned;

use crate::api::ApiError;

/// A JSON document, parsed (the browser's value) or checked (serde_json's raw text).
#[cfg(target_arch = "wasm32")]
pub type Json = wasm_bindgen::JsValue;
#[cfg(not(target_arch = "wasm32"))]
pub type Json = Box<serde_json::value::RawValue>;

fn not_json() -> ApiError {
    ApiError::Unavailable("the answer is not JSON".into())
}

/// `text` as a JSON document.
pub fn parse(text: &str) -> Result<Json, ApiError> {
    #[cfg(target_arch = "wasm32")]
    return js_sys::JSON::parse(text).map_err(|_| not_json());
    #[cfg(not(target_arch = "wasm32"))]
    return serde_json::value::RawValue::from_string(text.to_owned()).map_err(|_| not_json());
}

/// `json` read as a `T`.
pub fn read<T: DeserializeOwned>(json: &Json) -> Result<T, ApiError> {
    #[cfg(target_arch = "wasm32")]
    return serde_wasm_bindgen::from_value(json.clone())
        .map_err(|e| ApiError::Unavailable(e.to_string()));
    #[cfg(not(target_arch = "wasm32"))]
    return serde_json::from_str(json.get()).map_err(|e| ApiError::Unavailable(e.to_string()));
}
