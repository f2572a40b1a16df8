//! The image library as the API shows it: an image's facts (type, size, hash) and what
//! editors say about it (alt text, caption, credit, rights, focal point).

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

use crate::ids::{ImageId, UserId};
use crate::pagination::{Listed, Page};

words! {
    /// The image types the library takes, read from the bytes: JPEG, PNG, WebP, GIF
    /// (its first frame).
    pub enum ImageType {
        Jpeg = "image/jpeg",
        Png = "image/png",
        Webp = "image/webp",
        Gif = "image/gif",
    }
}

/// An image of the library.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Image {
    pub id: ImageId,
    /// The type of the uploaded bytes.
    pub media_type: ImageType,
    /// In pixels, as shown (the EXIF orientation applied).
    pub width: u32,
    pub height: u32,
    /// Of the uploaded file.
    pub bytes: u64,
    /// SHA-256 of the uploaded bytes (hex): the same bytes uploaded again are this image.
    pub content_hash: String,
    /// What the image shows, for readers who cannot see it; required before an article
    /// using it is published.
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub alt: Option<String>,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub caption: Option<String>,
    /// Who made it (`Foto: Sari / Global Insight`).
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub credit: Option<String>,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub copyright_holder: Option<String>,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub usage_terms: Option<String>,
    pub focal_point: FocalPoint,
    /// What readers get, ready to serve: widths for `srcset` (`w640`) and crops
    /// (`16x9-1024`, `4x3-1024`, `1x1-1024`, `social-1200`), each as WebP and JPEG. Empty
    /// until the background worker has made them (moments after the upload).
    pub renditions: Vec<Rendition>,
    /// The staff account that uploaded it.
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub uploaded_by: Option<UserId>,
    pub created_at: DateTime<FixedOffset>,
    pub updated_at: DateTime<FixedOffset>,
}

impl Image {
    /// The image as an article places it: the article's own alt text, caption and
    /// credit before the image's.
    pub fn placed(
        &self,
        alt: Option<&String>,
        caption: Option<&String>,
        credit: Option<&String>,
    ) -> PlacedImage {
        PlacedImage {
            id: self.id,
            alt: alt.or(self.alt.as_ref()).cloned(),
            caption: caption.or(self.caption.as_ref()).cloned(),
            credit: credit.or(self.credit.as_ref()).cloned(),
            copyright_holder: self.copyright_holder.clone(),
            usage_terms: self.usage_terms.clone(),
            width: self.width,
            height: self.height,
            focal_point: self.focal_point,
            renditions: self.renditions.clone(),
        }
    }
}

/// One rendition of an image.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Rendition {
    /// `w640.webp`, `16x9-1024.jpg`.
    pub name: String,
    /// Where it is served (a path on the site), for as long as it is this rendition:
    /// the address names its content, so it is cached for a year.
    pub url: String,
    pub media_type: ImageType,
    pub width: u32,
    pub height: u32,
    pub bytes: u64,
}

/// An image as an article shows it — its featured image, or one in an `image` or
/// `gallery` block: the library's image with its renditions, and the alt text, caption
/// and credit the article gives it (its own, or else the image's).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PlacedImage {
    pub id: ImageId,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub alt: Option<String>,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub caption: Option<String>,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub credit: Option<String>,
    /// The image's, as the library records it.
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub copyright_holder: Option<String>,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub usage_terms: Option<String>,
    pub width: u32,
    pub height: u32,
    pub focal_point: FocalPoint,
    /// As the image's: widths for `srcset` and the crops, WebP and JPEG.
    pub renditions: Vec<Rendition>,
}

impl PlacedImage {
    /// The widths of one type, narrowest first (`w320.webp`, `w640.webp`, …).
    pub fn widths(&self, media_type: ImageType) -> Vec<&Rendition> {
        let mut widths: Vec<&Rendition> = self
            .renditions
            .iter()
            .filter(|r| r.media_type == media_type && r.name.starts_with('w'))
            .collect();
        widths.sort_by_key(|r| r.width);
        widths
    }

    /// `srcset` of one type: `/media/…/w320.webp 320w, …`, the addresses under `origin`
    /// (`""`: paths on the site); `None` before there are any.
    pub fn srcset(&self, media_type: ImageType, origin: &str) -> Option<String> {
        let widths = self.widths(media_type);
        (!widths.is_empty()).then(|| {
            widths
                .iter()
                .map(|r| format!("{origin}{} {}w", r.url, r.width))
                .collect::<Vec<_>>()
                .join(", ")
        })
    }

    /// The JPEG for `src` (browsers without `srcset`): the widest at most 1024 pixels.
    pub fn fallback(&self) -> Option<&Rendition> {
        let widths = self.widths(ImageType::Jpeg);
        widths
            .iter()
            .rev()
            .find(|r| r.width <= 1024)
            .or_else(|| widths.first())
            .copied()
    }

    /// The crop to a ratio (`16x9`, `4x3`, `1x1`, `social`) of one type.
    pub fn crop(&self, ratio: &str, media_type: ImageType) -> Option<&Rendition> {
        self.renditions.iter().find(|r| {
            r.media_type == media_type
                && r.name
                    .strip_prefix(ratio)
                    .is_some_and(|rest| rest.starts_with('-'))
        })
    }
}

words! {
    /// How wide an image block is shown: within the text column, wider than it, or
    /// across the page.
    pub enum ImageLayout {
        Inline = "inline",
        Wide = "wide",
        Full = "full",
    }
}

#[allow(clippy::derivable_impls)] // `words!` derives no `Default`
impl Default for ImageLayout {
    fn default() -> Self {
        Self::Inline
    }
}

impl ImageLayout {
    /// `sizes` for an image shown this wide: the text column is at most 680 CSS pixels.
    pub fn sizes(self) -> &'static str {
        match self {
            Self::Inline => "(min-width: 720px) 680px, 100vw",
            Self::Wide => "(min-width: 1080px) 1040px, 100vw",
            Self::Full => "100vw",
        }
    }
}

/// One image of a body block: an image of the library and what this article says of it
/// when it differs from the library (`alt`, `caption`, `credit`; absent, the image's).
/// `shown` is the image as readers get it, in responses only; what is sent there is
/// ignored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Figure {
    pub id: ImageId,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alt: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub caption: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credit: Option<String>,
    /// Read-only: the image with its renditions and the alt text, caption and credit
    /// readers get. Absent when the image is no longer in the library.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(read_only))]
    pub shown: Option<Box<PlacedImage>>,
}

impl Figure {
    /// An image of the library with nothing of the article's own.
    pub fn of(id: ImageId) -> Self {
        Self {
            id,
            alt: None,
            caption: None,
            credit: None,
            shown: None,
        }
    }
}

/// Where crops are centred: `x` from the left, `y` from the top, each in 0..1.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct FocalPoint {
    #[cfg_attr(feature = "openapi", schema(minimum = 0.0, maximum = 1.0))]
    pub x: f64,
    #[cfg_attr(feature = "openapi", schema(minimum = 0.0, maximum = 1.0))]
    pub y: f64,
}

impl Default for FocalPoint {
    fn default() -> Self {
        Self { x: 0.5, y: 0.5 }
    }
}

/// `PATCH /newsroom/media/{id}`: only the fields given change; `""` clears a text.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ImageUpdate {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alt: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub caption: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credit: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub copyright_holder: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub usage_terms: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub focal_point: Option<FocalPoint>,
}

/// The most characters of `alt`, `caption`, `credit`, `copyright_holder` and `usage_terms`.
pub const MAX_IMAGE_TEXT: usize = 1_000;

pub type ImagePage = Page<Image>;

impl Listed for Image {
    const PAGE: &'static str = "ImagePage";
    const DESCRIPTION: &'static str = "A page of the image library, newest first.";
}
