//! SHA-256 as lowercase hex: what is stored of a secret token, an image's and a
//! rendition's content hash, and (its first half) a response's ETag.

use sha2::{Digest as _, Sha256};

pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}
