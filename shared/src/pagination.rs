//! How a page of any list says where it stands: the one shape every list shares.
//! (Its own module, so that article and entity types can name pages without the list
//! types, which name articles.)

use serde::{Deserialize, Serialize};

/// Page-number and keyset (cursor) pagination. The same links are sent in the RFC 8288 `Link` header.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "page": 1, "per_page": 20, "total": 1, "total_pages": 1,
    "next_cursor": null,
    "links": {"self": "/api/v1/articles?page=1&per_page=20", "first": "/api/v1/articles?page=1&per_page=20",
              "last": "/api/v1/articles?page=1&per_page=20", "prev": null, "next": null}
})))]
pub struct Pagination {
    /// The page number; absent when the page was requested by cursor.
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub page: Option<u32>,
    pub per_page: u32,
    /// How many items match the filters, on all pages.
    pub total: u64,
    pub total_pages: u32,
    /// Opaque keyset cursor for the page after this one; absent on the last page.
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub next_cursor: Option<String>,
    pub links: PageLinks,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PageLinks {
    #[serde(rename = "self")]
    pub this: String,
    pub first: String,
    pub last: String,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub prev: Option<String>,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub next: Option<String>,
}
