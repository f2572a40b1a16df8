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

/// An article's featured image: the library's image with its renditions, and the alt
/// text and caption this article gives it (its own, or else the image's).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FeaturedImage {
    pub id: ImageId,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub alt: Option<String>,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub caption: Option<String>,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub credit: Option<String>,
    pub width: u32,
    pub height: u32,
    pub focal_point: FocalPoint,
    /// As the image's: widths for `srcset` and the crops, WebP and JPEG.
    pub renditions: Vec<Rendition>,
}

/// The featured image an article names: an image of the library, with the article's
/// own alt text or caption for it when they differ from the image's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct FeaturedImageInput {
    pub id: ImageId,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alt: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub caption: Option<String>,
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
