//! Ids that say what they name. Each is a UUID (v7: time-ordered) in a type of its own,
//! so an article's id cannot be passed where an account's is meant; one parser reads
//! them from paths and bodies ("must be a UUID, not …"), and the contract names each
//! (`ArticleId`, …) so generated clients get distinct types too.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Text that is not a UUID, where an id was expected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotAnId(pub String);

impl std::fmt::Display for NotAnId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "must be a UUID, not {:?}", self.0)
    }
}

impl std::error::Error for NotAnId {}

macro_rules! id {
    ($(#[doc = $doc:literal])* $name:ident) => {
        $(#[doc = $doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub Uuid);

        impl $name {
            /// The nil UUID: names nothing (a draft not saved yet).
            pub const NIL: Self = Self(Uuid::nil());
        }

        impl std::str::FromStr for $name {
            type Err = NotAnId;

            fn from_str(text: &str) -> Result<Self, NotAnId> {
                Uuid::parse_str(text)
                    .map(Self)
                    .map_err(|_| NotAnId(text.to_owned()))
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }

        #[cfg(feature = "openapi")]
        impl utoipa::PartialSchema for $name {
            fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
                let lines: &[&str] = &[$($doc),*];
                let description: Vec<&str> = lines.iter().map(|line| line.trim()).collect();
                utoipa::openapi::schema::ObjectBuilder::new()
                    .schema_type(utoipa::openapi::schema::Type::String)
                    .format(Some(utoipa::openapi::schema::SchemaFormat::KnownFormat(
                        utoipa::openapi::schema::KnownFormat::Uuid,
                    )))
                    .description(Some(description.join("\n")))
                    .into()
            }
        }

        #[cfg(feature = "openapi")]
        impl utoipa::ToSchema for $name {}
    };
}

id!(
    /// An article's id: a UUID v7, assigned when the article is created; never changes.
    ArticleId
);
id!(
    /// A staff account's id (UUID v7).
    UserId
);
id!(
    /// A webhook endpoint's id (UUID v7).
    WebhookId
);
id!(
    /// An API key's id (UUID v7); not the key itself.
    ApiKeyId
);
id!(
    /// An image's id in the library (UUID v7).
    ImageId
);
id!(
    /// A draft preview link's id (UUID v7); not its token.
    PreviewId
);
id!(
    /// A live blog entry's id (UUID v7).
    LiveEntryId
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_id_is_a_uuid_in_text_and_json() {
        let id: ArticleId = "01980000-0000-7000-8000-000000000001"
            .parse()
            .expect("a UUID");
        assert_eq!(id.to_string(), "01980000-0000-7000-8000-000000000001");
        assert_eq!(
            serde_json::to_string(&id).expect("JSON"),
            "\"01980000-0000-7000-8000-000000000001\""
        );
        assert_eq!(
            "42".parse::<ArticleId>().unwrap_err().to_string(),
            "must be a UUID, not \"42\""
        );
    }
}
