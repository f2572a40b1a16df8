//! How a page of any list says where it stands: the one shape every list shares.
//! (Its own module, so that article and entity types can name pages without the list
//! types, which name articles.)

use serde::{Deserialize, Serialize};

/// Page-number and keyset (cursor) pagination. The same links are sent in the RFC 8288 `Link` header.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "page": 1, "per_page": 20, "total": 1, "total_exact": true, "total_pages": 1,
    "next_cursor": null,
    "links": {"self": "/api/v1/articles?page=1&per_page=20", "first": "/api/v1/articles?page=1&per_page=20",
              "last": "/api/v1/articles?page=1&per_page=20", "prev": null, "next": null}
})))]
pub struct Pagination {
    /// The page number; absent when the page was requested by cursor.
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub page: Option<u32>,
    pub per_page: u32,
    /// How many items match the filters, on all pages: exactly when `total_exact`,
    /// otherwise at least this many.
    pub total: u64,
    /// Whether `total` is the exact count. A search may stop counting at 10,000
    /// matches — where counting further would cost more than finding them, as for
    /// several common words; a word's own count is kept by the index — and then says
    /// `false`: at least `total` match, and `total_pages` and `last` reach that far.
    /// Asking for `facets` counts every match, so the total is exact then. The list of
    /// every quote (`listQuotes` without a speaker) stops at 10,000 too. Every other
    /// list counts exactly.
    pub total_exact: bool,
    /// Pages of `total` items (at least this many when `total_exact` is false).
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

/// How many matches a list that may stop counting counts before it does: a search, and
/// the list of every quote (`Pagination::total_exact`).
pub const COUNT_BOUND: u64 = 10_000;

/// How many items a list has: exactly, or at least (a count that stopped at its
/// bound). `Pagination` shows it as `total` and `total_exact`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Total {
    pub count: u64,
    pub exact: bool,
}

/// None, exactly.
impl Default for Total {
    fn default() -> Self {
        Self::exact(0)
    }
}

impl Total {
    pub fn exact(count: u64) -> Self {
        Self { count, exact: true }
    }

    pub fn at_least(count: u64) -> Self {
        Self {
            count,
            exact: false,
        }
    }
}

/// One page of a list: its items and where it stands. Every paged list is a
/// `Page<T>` (`ArticlePage` = `Page<ArticleSummary>`, …); `T` says what the page is
/// called in the contract.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Page<T> {
    pub data: Vec<T>,
    pub pagination: Pagination,
}

/// An item of a paged list: the name and description of its page in the contract.
pub trait Listed {
    /// The page's schema name (`ArticlePage`).
    const PAGE: &'static str;
    /// What the page holds, in which order.
    const DESCRIPTION: &'static str;
}

#[cfg(feature = "openapi")]
mod page_schema {
    use std::borrow::Cow;

    use utoipa::openapi::schema::{ArrayBuilder, ObjectBuilder, Schema, Type};
    use utoipa::openapi::{Ref, RefOr};
    use utoipa::{PartialSchema, ToSchema};

    use super::{Listed, Page, Pagination};

    impl<T: ToSchema + Listed> PartialSchema for Page<T> {
        fn schema() -> RefOr<Schema> {
            ObjectBuilder::new()
                .schema_type(Type::Object)
                .description(Some(T::DESCRIPTION))
                .property(
                    "data",
                    ArrayBuilder::new().items(Ref::from_schema_name(T::name())),
                )
                .property("pagination", Ref::from_schema_name(Pagination::name()))
                .required("data")
                .required("pagination")
                .into()
        }
    }

    impl<T: ToSchema + Listed> ToSchema for Page<T> {
        fn name() -> Cow<'static, str> {
            Cow::Borrowed(T::PAGE)
        }

        fn schemas(schemas: &mut Vec<(String, RefOr<Schema>)>) {
            schemas.push((T::name().into(), T::schema()));
            T::schemas(schemas);
            schemas.push((Pagination::name().into(), Pagination::schema()));
            Pagination::schemas(schemas);
        }
    }
}
