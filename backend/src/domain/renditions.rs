//! Renditions: what readers get of an image. Made from the original (its EXIF
//! orientation applied), never from what a client sent later, and written fresh by the
//! encoders, so no metadata of the upload — EXIF with GPS, XMP, comments — reaches a
//! reader. Widths for `srcset` (never wider than the original), and crops to fixed
//! ratios centred on the focal point; each as lossy WebP (libwebp) and as JPEG, the
//! fallback. Resized with `fast_image_resize` (Lanczos3).

use std::io::Cursor;

use anyhow::Context as _;
use fast_image_resize::images::Image as Pixels;
use fast_image_resize::{PixelType, ResizeAlg, ResizeOptions, Resizer};
use image::{DynamicImage, ImageDecoder as _, ImageReader, RgbImage};
use shared::media::ImageType;

/// Widths made for `srcset`, each only when the original is wider.
pub const WIDTHS: [u32; 5] = [320, 640, 1024, 1600, 2400];

/// Crops: a name, the ratio (width:height) and the width each is made at (at most the
/// crop's own). `social` is OpenGraph's and Twitter's large card, 1200×630.
pub const CROPS: [(&str, u32, u32, u32); 4] = [
    ("16x9", 16, 9, 1024),
    ("4x3", 4, 3, 1024),
    ("1x1", 1, 1, 1024),
    ("social", 1200, 630, 1200),
];

/// JPEG quality (0–100) and WebP quality (0–100) of renditions.
const JPEG_QUALITY: u8 = 82;
const WEBP_QUALITY: f32 = 80.0;

/// One rendition, encoded.
#[derive(Debug, Clone)]
pub struct Rendition {
    /// `w640.webp`, `16x9-1024.jpg`: unique per image, its file name.
    pub name: String,
    pub kind: ImageType,
    pub width: u32,
    pub height: u32,
    pub bytes: Vec<u8>,
}

/// Every rendition of `original`, with crops centred on `focal` (x, y in 0..1).
pub fn render(original: &[u8], focal: (f64, f64)) -> anyhow::Result<Vec<Rendition>> {
    let picture = decode(original)?;
    let (width, height) = (picture.width(), picture.height());
    let mut out = Vec::new();
    let mut widths: Vec<u32> = WIDTHS.iter().copied().filter(|w| *w < width).collect();
    // The largest: the original's own width, at most the widest of the list.
    widths.push(width.min(WIDTHS[WIDTHS.len() - 1]));
    widths.dedup();
    for target in widths {
        let target_height = scaled(height, target, width);
        let pixels = resize(&picture, (0, 0, width, height), target, target_height)?;
        out.extend(encode(&format!("w{target}"), &pixels)?);
    }
    for (name, ratio_w, ratio_h, made_at) in CROPS {
        let region = crop(width, height, (ratio_w, ratio_h), focal);
        let target = made_at.min(region.2);
        let target_height = scaled(target, ratio_h, ratio_w).max(1);
        let pixels = resize(&picture, region, target, target_height)?;
        out.extend(encode(&format!("{name}-{target}"), &pixels)?);
    }
    Ok(out)
}

/// `value × numerator / denominator`, rounded, at least 1.
fn scaled(value: u32, numerator: u32, denominator: u32) -> u32 {
    let scaled = (u64::from(value) * u64::from(numerator) + u64::from(denominator) / 2)
        / u64::from(denominator.max(1));
    u32::try_from(scaled).unwrap_or(u32::MAX).max(1)
}

/// The original decoded, turned as its EXIF says, flattened onto white (a JPEG has no
/// transparency, and a WebP made from the same pixels then matches it).
fn decode(original: &[u8]) -> anyhow::Result<RgbImage> {
    let mut decoder = ImageReader::new(Cursor::new(original))
        .with_guessed_format()
        .context("reading an original")?
        .into_decoder()
        .context("decoding an original")?;
    let orientation = decoder.orientation().context("its orientation")?;
    let mut picture = DynamicImage::from_decoder(decoder).context("decoding an original")?;
    picture.apply_orientation(orientation);
    if !picture.color().has_alpha() {
        return Ok(picture.to_rgb8());
    }
    let rgba = picture.to_rgba8();
    Ok(RgbImage::from_fn(rgba.width(), rgba.height(), |x, y| {
        let [r, g, b, a] = rgba.get_pixel(x, y).0;
        let over_white = |c: u8| {
            let (c, a) = (u32::from(c), u32::from(a));
            u8::try_from((c * a + 255 * (255 - a) + 127) / 255).unwrap_or(u8::MAX)
        };
        image::Rgb([over_white(r), over_white(g), over_white(b)])
    }))
}

/// The largest region of `width`×`height` with the ratio `ratio`, centred on `focal`
/// as far as the edges allow: (left, top, width, height).
pub fn crop(width: u32, height: u32, ratio: (u32, u32), focal: (f64, f64)) -> (u32, u32, u32, u32) {
    let (ratio_w, ratio_h) = (u64::from(ratio.0), u64::from(ratio.1));
    let (w, h) = if u64::from(width) * ratio_h > u64::from(height) * ratio_w {
        // Wider than the ratio: full height.
        (scaled(height, ratio.0, ratio.1).min(width), height)
    } else {
        (width, scaled(width, ratio.1, ratio.0).min(height))
    };
    let place = |size: u32, region: u32, at: f64| -> u32 {
        let centre = (f64::from(size) * at.clamp(0.0, 1.0)).round();
        let start = (centre - f64::from(region) / 2.0).round().max(0.0);
        (start as u32).min(size - region)
    };
    (place(width, w, focal.0), place(height, h, focal.1), w, h)
}

/// `region` of `picture` resized to `width`×`height`.
fn resize(
    picture: &RgbImage,
    (left, top, region_w, region_h): (u32, u32, u32, u32),
    width: u32,
    height: u32,
) -> anyhow::Result<RgbImage> {
    let source = Pixels::from_vec_u8(
        picture.width(),
        picture.height(),
        picture.as_raw().clone(),
        PixelType::U8x3,
    )
    .context("pixels to resize")?;
    let mut target = Pixels::new(width, height, PixelType::U8x3);
    let options = ResizeOptions::new()
        .resize_alg(ResizeAlg::Convolution(
            fast_image_resize::FilterType::Lanczos3,
        ))
        .crop(
            f64::from(left),
            f64::from(top),
            f64::from(region_w),
            f64::from(region_h),
        );
    Resizer::new()
        .resize(&source, &mut target, &options)
        .context("resizing")?;
    RgbImage::from_raw(width, height, target.into_vec()).context("resized pixels")
}

/// `pixels` as `<stem>.webp` and `<stem>.jpg`.
fn encode(stem: &str, pixels: &RgbImage) -> anyhow::Result<[Rendition; 2]> {
    let (width, height) = pixels.dimensions();
    let webp = webp::Encoder::from_rgb(pixels.as_raw(), width, height)
        .encode(WEBP_QUALITY)
        .to_vec();
    let mut jpeg = Cursor::new(Vec::new());
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, JPEG_QUALITY)
        .encode_image(pixels)
        .context("encoding a JPEG")?;
    Ok([
        Rendition {
            name: format!("{stem}.webp"),
            kind: ImageType::Webp,
            width,
            height,
            bytes: webp,
        },
        Rendition {
            name: format!("{stem}.jpg"),
            kind: ImageType::Jpeg,
            width,
            height,
            bytes: jpeg.into_inner(),
        },
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn jpeg(width: u32, height: u32) -> Vec<u8> {
        let picture = RgbImage::from_fn(width, height, |x, y| {
            image::Rgb([(x % 256) as u8, (y % 256) as u8, 90])
        });
        let mut out = Cursor::new(Vec::new());
        picture
            .write_to(&mut out, image::ImageFormat::Jpeg)
            .expect("encodes");
        out.into_inner()
    }

    #[test]
    fn widths_are_never_wider_than_the_original() {
        let made = render(&jpeg(1100, 700), (0.5, 0.5)).expect("renders");
        let widths: Vec<(String, u32, u32)> = made
            .iter()
            .filter(|r| r.name.starts_with('w') && r.kind == ImageType::Webp)
            .map(|r| (r.name.clone(), r.width, r.height))
            .collect();
        assert_eq!(
            widths,
            [
                ("w320.webp".into(), 320, 204),
                ("w640.webp".into(), 640, 407),
                ("w1024.webp".into(), 1024, 652),
                ("w1100.webp".into(), 1100, 700),
            ]
        );
        for rendition in &made {
            let decoded = image::load_from_memory(&rendition.bytes).expect("decodes");
            assert_eq!(
                (decoded.width(), decoded.height()),
                (rendition.width, rendition.height),
                "{}",
                rendition.name
            );
        }
    }

    #[test]
    fn crops_keep_their_ratio_and_the_focal_point() {
        // A wide picture, the point of interest at its right edge.
        assert_eq!(crop(4000, 1000, (1, 1), (1.0, 0.5)), (3000, 0, 1000, 1000));
        assert_eq!(crop(4000, 1000, (1, 1), (0.0, 0.5)), (0, 0, 1000, 1000));
        assert_eq!(crop(4000, 1000, (1, 1), (0.5, 0.5)), (1500, 0, 1000, 1000));
        // A tall one cut to 16:9 around a face near the top.
        assert_eq!(crop(900, 1600, (16, 9), (0.5, 0.1)), (0, 0, 900, 506));
        assert_eq!(crop(900, 1600, (16, 9), (0.5, 0.6)), (0, 707, 900, 506));
        let made = render(&jpeg(1600, 1200), (0.3, 0.3)).expect("renders");
        let social = made
            .iter()
            .find(|r| r.name == "social-1200.jpg")
            .expect("a card");
        assert_eq!((social.width, social.height), (1200, 630));
        let square = made
            .iter()
            .find(|r| r.name == "1x1-1024.webp")
            .expect("a square");
        assert_eq!((square.width, square.height), (1024, 1024));
    }
}
