//! JSON as each side reads it. In the browser the browser parses it (`JSON.parse`)
//! and serde-wasm-bindgen reads the result into our types, which keeps serde_json's
//! parser out of the reader's download (23 KB gzip); on the server (rendering pages)
//! serde_json reads it. One type, `Json`, for a parsed document on either side.

use serde::de::DeserializeOwned;

/// A JSON document, parsed (the browser's value) or checked (serde_json's raw text).
#[cfg(target_arch = "wasm32")]
pub type Json = wasm_bindgen::JsValue;
#[cfg(not(target_arch = "wasm32"))]
pub type Json = Box<serde_json::value::RawValue>;

const NOT_JSON: &str = "the answer is not JSON";

/// `text` as a JSON document (else why not, in words).
pub fn parse(text: &str) -> Result<Json, String> {
    #[cfg(target_arch = "wasm32")]
    return js_sys::JSON::parse(text).map_err(|_| NOT_JSON.to_owned());
    #[cfg(not(target_arch = "wasm32"))]
    return serde_json::value::RawValue::from_string(text.to_owned())
        .map_err(|_| NOT_JSON.to_owned());
}

/// `json` read as a `T` (else why not, in words).
pub fn read<T: DeserializeOwned>(json: &Json) -> Result<T, String> {
    #[cfg(target_arch = "wasm32")]
    return serde_wasm_bindgen::from_value(json.clone()).map_err(|e| e.to_string());
    #[cfg(not(target_arch = "wasm32"))]
    return serde_json::from_str(json.get()).map_err(|e| e.to_string());
}
