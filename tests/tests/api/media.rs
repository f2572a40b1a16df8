//! The image library: uploads read from their bytes, checked before and while they are
//! decoded, kept once per content; what editors say about an image; who may change it.
//! Every file here is made by the test (with the `image` crate, or by hand for what an
//! encoder would never write).

use std::io::Cursor;

use image::{DynamicImage, ImageFormat, Rgb, RgbImage};
use reqwest::multipart::{Form, Part};
use shared::media::{Figure, Image, ImagePage, ImageType};
use shared::newsroom::ArticleInput;
use shared::query::ListImagesQuery;
use shared::staff::Role;
use shared::{ErrorCode, Problem};
use tests::{Db, Storage, TestApp, assert_problem, both_databases, header, spawn_app};

/// A picture with something in it (a gradient), `width`×`height`, as `format`.
fn picture(width: u32, height: u32, format: ImageFormat) -> Vec<u8> {
    let image = RgbImage::from_fn(width, height, |x, y| {
        Rgb([
            (x * 255 / width.max(1)) as u8,
            (y * 255 / height.max(1)) as u8,
            128,
        ])
    });
    let mut out = Cursor::new(Vec::new());
    DynamicImage::ImageRgb8(image)
        .write_to(&mut out, format)
        .expect("encodes");
    out.into_inner()
}

pub(crate) fn jpeg(width: u32, height: u32) -> Vec<u8> {
    picture(width, height, ImageFormat::Jpeg)
}

/// A JPEG whose EXIF says "turn 90° clockwise to show" (orientation 6).
fn jpeg_turned(width: u32, height: u32) -> Vec<u8> {
    let plain = jpeg(width, height);
    // APP1 "Exif\0\0" + a big-endian TIFF header + one IFD entry: 0x0112 SHORT 1 = 6.
    let mut tiff = vec![b'M', b'M', 0, 42, 0, 0, 0, 8];
    tiff.extend_from_slice(&[0, 1]); // one entry
    tiff.extend_from_slice(&[0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6, 0, 0]);
    tiff.extend_from_slice(&[0, 0, 0, 0]); // no next IFD
    let mut app1 = b"Exif\0\0".to_vec();
    app1.extend_from_slice(&tiff);
    let length = u16::try_from(app1.len() + 2).expect("short");
    let mut out = plain[..2].to_vec(); // SOI
    out.extend_from_slice(&[0xFF, 0xE1]);
    out.extend_from_slice(&length.to_be_bytes());
    out.extend_from_slice(&app1);
    out.extend_from_slice(&plain[2..]);
    out
}

/// A JPEG carrying what a reporter's camera writes: a description naming the source
/// and a GPS position (EXIF), which no reader may get back.
fn jpeg_with_gps(width: u32, height: u32) -> Vec<u8> {
    let plain = jpeg(width, height);
    let description = b"SUMBER-RAHASIA di Jalan Kenanga 7\0";
    let entry = |tag: u16, kind: u16, count: u32, value: [u8; 4]| {
        let mut e = Vec::new();
        e.extend_from_slice(&tag.to_be_bytes());
        e.extend_from_slice(&kind.to_be_bytes());
        e.extend_from_slice(&count.to_be_bytes());
        e.extend_from_slice(&value);
        e
    };
    let ifd0_size = 2 + 12 * 2 + 4;
    let gps_at = 8 + ifd0_size as u32;
    let gps_size = 2 + 12 + 4;
    let description_at = gps_at + gps_size;
    let mut tiff = vec![b'M', b'M', 0, 42, 0, 0, 0, 8];
    tiff.extend_from_slice(&2u16.to_be_bytes());
    tiff.extend(entry(
        0x010E,
        2,
        description.len() as u32,
        description_at.to_be_bytes(),
    ));
    tiff.extend(entry(0x8825, 4, 1, gps_at.to_be_bytes()));
    tiff.extend_from_slice(&0u32.to_be_bytes());
    tiff.extend_from_slice(&1u16.to_be_bytes());
    tiff.extend(entry(0x0001, 2, 2, *b"S\0\0\0")); // GPSLatitudeRef: south
    tiff.extend_from_slice(&0u32.to_be_bytes());
    tiff.extend_from_slice(description);
    let mut app1 = b"Exif\0\0".to_vec();
    app1.extend_from_slice(&tiff);
    let length = u16::try_from(app1.len() + 2).expect("short");
    let mut out = plain[..2].to_vec();
    out.extend_from_slice(&[0xFF, 0xE1]);
    out.extend_from_slice(&length.to_be_bytes());
    out.extend_from_slice(&app1);
    out.extend_from_slice(&plain[2..]);
    out
}

/// A PNG that declares `width`×`height` but carries no image data: all a decoder needs
/// to be asked for that many pixels.
fn png_declaring(width: u32, height: u32) -> Vec<u8> {
    let mut png = picture(1, 1, ImageFormat::Png);
    // IHDR's width and height follow the signature (8) + length (4) + type (4).
    png[16..20].copy_from_slice(&width.to_be_bytes());
    png[20..24].copy_from_slice(&height.to_be_bytes());
    // Its CRC is now wrong; a decoder that trusted the size would still try. Fix it
    // so the only thing wrong is the size.
    let crc = crc32(&png[12..29]);
    png[29..33].copy_from_slice(&crc.to_be_bytes());
    png
}

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for byte in bytes {
        crc ^= u32::from(*byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

pub(crate) fn form(file: Vec<u8>, fields: &[(&str, &str)]) -> Form {
    let mut form = Form::new().part("file", Part::bytes(file).file_name("foto.jpg"));
    for (name, value) in fields {
        form = form.text((*name).to_owned(), (*value).to_owned());
    }
    form
}

pub(crate) async fn upload(app: &TestApp, token: &str, form: Form) -> reqwest::Response {
    app.client
        .post(app.url("/api/v1/newsroom/media"))
        .bearer_auth(token)
        .multipart(form)
        .send()
        .await
        .expect("the server answers")
}

async fn library(app: &TestApp, token: &str, words: Option<&str>) -> ImagePage {
    let query = ListImagesQuery {
        q: words.map(str::to_owned),
        ..ListImagesQuery::default()
    };
    let query = serde_urlencoded::to_string(&query).expect("a query");
    let response = app
        .get_authed(&format!("/api/v1/newsroom/media?{query}"), token)
        .await;
    assert_eq!(response.status(), 200);
    // Staff's library is never kept by a shared cache, nor reused by a browser unasked.
    assert_eq!(
        header(response.headers(), "cache-control"),
        "private, no-cache"
    );
    response.json().await.expect("a page")
}

/// The files kept in the library's folder or bucket.
fn kept_files(app: &TestApp) -> usize {
    if let Some(s3) = &app.settings.media.s3 {
        return tests::s3::files_in(&s3.bucket);
    }
    fn count(dir: &std::path::Path) -> usize {
        std::fs::read_dir(dir).map_or(0, |entries| {
            entries
                .flatten()
                .map(|e| {
                    let path = e.path();
                    if path.is_dir() { count(&path) } else { 1 }
                })
                .sum()
        })
    }
    count(&app.settings.media.dir)
}

async fn upload_describe_find_edit_and_delete(db: Db, storage: Storage) {
    let app = TestApp::builder(db).storage(storage).spawn().await;
    let editor = app.staff_token(Role::Editor, "Sari Editor").await;
    let author = app.staff_token(Role::Author, "Budi Penulis").await;
    let photo = jpeg(640, 480);

    let response = upload(
        &app,
        &editor,
        form(
            photo.clone(),
            &[
                ("alt", "Kim Jong Un dan Vladimir Putin berjabat tangan"),
                ("caption", "Pertemuan di Pyongyang"),
                ("credit", "Foto: Sari / Global Insight"),
                ("focal_x", "0.25"),
            ],
        ),
    )
    .await;
    assert_eq!(response.status(), 201);
    let location = header(response.headers(), "location");
    let image: Image = response.json().await.expect("an image");
    assert_eq!(location, format!("/api/v1/newsroom/media/{}", image.id));
    assert_eq!(
        (image.media_type, image.width, image.height),
        (ImageType::Jpeg, 640, 480)
    );
    assert_eq!(image.bytes, photo.len() as u64);
    assert_eq!(
        image.alt.as_deref(),
        Some("Kim Jong Un dan Vladimir Putin berjabat tangan")
    );
    assert_eq!((image.focal_point.x, image.focal_point.y), (0.25, 0.5));
    assert_eq!(image.content_hash.len(), 64);
    assert_eq!(kept_files(&app), 1, "the original, kept privately");

    // The same bytes again, by someone else: the same image, unchanged.
    let again = upload(&app, &author, form(photo.clone(), &[("caption", "Lain")])).await;
    assert_eq!(again.status(), 200);
    let again: Image = again.json().await.expect("an image");
    assert_eq!(again.id, image.id);
    assert_eq!(again.caption.as_deref(), Some("Pertemuan di Pyongyang"));
    assert_eq!(kept_files(&app), 1);

    // Found by words of its caption, credit or alt text, in any case.
    let other = upload(
        &app,
        &author,
        form(jpeg(320, 240), &[("caption", "Pasar di Jakarta")]),
    )
    .await;
    assert_eq!(other.status(), 201);
    let other: Image = other.json().await.expect("an image");
    let all = library(&app, &editor, None).await;
    assert_eq!(all.pagination.total, 2);
    assert_eq!(all.data[0].id, other.id, "newest first");
    for (q, expected) in [
        ("PYONGYANG", vec![image.id]),
        ("global insight", vec![image.id]),
        ("berjabat", vec![image.id]),
        ("jakarta", vec![other.id]),
        ("100%", vec![]),
    ] {
        let found = library(&app, &editor, Some(q)).await;
        assert_eq!(
            found.data.iter().map(|i| i.id).collect::<Vec<_>>(),
            expected,
            "{q}"
        );
    }

    // Edited: only what is given changes; "" clears.
    let path = format!("/api/v1/newsroom/media/{}", image.id);
    let edited = describe(
        &app,
        &editor,
        &image,
        serde_json::json!({"caption": "", "focal_point": {"x": 0.1, "y": 0.9}}),
    )
    .await;
    assert_eq!(edited.caption, None);
    assert_eq!(edited.alt, image.alt);
    assert_eq!((edited.focal_point.x, edited.focal_point.y), (0.1, 0.9));
    let outside = app
        .client
        .patch(app.url(&path))
        .bearer_auth(&editor)
        .json(&serde_json::json!({"focal_point": {"x": 1.5, "y": 0.5}}))
        .send()
        .await
        .expect("answers");
    assert_problem(outside, 400, ErrorCode::InvalidBody, Some("focal_point.x")).await;
    // An author changes only what they uploaded.
    let not_theirs = app
        .client
        .patch(app.url(&path))
        .bearer_auth(&author)
        .json(&serde_json::json!({"alt": "x"}))
        .send()
        .await
        .expect("answers");
    assert_problem(not_theirs, 403, ErrorCode::Forbidden, None).await;

    let deleted = app
        .client
        .delete(app.url(&path))
        .bearer_auth(&editor)
        .send()
        .await
        .expect("answers");
    assert_eq!(deleted.status(), 204);
    assert_eq!(app.get_authed(&path, &editor).await.status(), 404);
    assert_eq!(kept_files(&app), 1, "its original is gone too");
    assert_eq!(app.get(&path).await.status(), 401, "staff only");
}

/// Every bad file gets its own clear answer, and nothing of it is kept.
async fn bad_files_are_refused_and_nothing_is_kept(db: Db, storage: Storage) {
    let app = TestApp::builder(db)
        .storage(storage)
        .configure(|s| {
            s.media.max_upload_mb = 1;
            s.media.max_megapixels = 4;
        })
        .spawn()
        .await;
    let editor = app.staff_token(Role::Editor, "Sari Editor").await;
    let good = jpeg(64, 48);
    let mut truncated_jpeg = good.clone();
    truncated_jpeg.truncate(good.len() * 2 / 3);
    let png = picture(64, 48, ImageFormat::Png);
    let truncated_png = png[..png.len() - 20].to_vec();
    let mut polyglot = good.clone();
    polyglot.extend_from_slice(b"<html><script>alert(document.cookie)</script></html>");
    let svg = br#"<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>"#.to_vec();
    let html = b"<!DOCTYPE html><html><body><img src=x onerror=alert(1)></body></html>".to_vec();
    let pdf =
        b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF".to_vec();
    let mut at_limit = jpeg(64, 48);
    at_limit.resize(1_000_000, 0); // padding after the end-of-image marker
    let mut over_limit = at_limit.clone();
    over_limit.push(0);
    let before = kept_files(&app);

    use ErrorCode::*;
    for (what, file, status, code, words) in [
        ("empty", Vec::new(), 400, InvalidBody, "empty"),
        ("SVG", svg, 415, UnsupportedMediaType, "SVG"),
        ("HTML", html, 415, UnsupportedMediaType, "not a JPEG"),
        ("PDF", pdf, 415, UnsupportedMediaType, "PDF"),
        ("JPEG + HTML", polyglot, 415, UnsupportedMediaType, "markup"),
        (
            "truncated JPEG",
            truncated_jpeg,
            400,
            InvalidBody,
            "truncated",
        ),
        (
            "truncated PNG",
            truncated_png,
            400,
            InvalidBody,
            "damaged or truncated",
        ),
        (
            "bomb: 2001×2000 declared",
            png_declaring(2001, 2000),
            400,
            InvalidBody,
            "at most 4 megapixels",
        ),
        (
            "21:1",
            jpeg(2100, 100),
            400,
            InvalidBody,
            "at most 20 times",
        ),
        ("1 MB + 1", over_limit, 413, PayloadTooLarge, "1 MB"),
    ] {
        let response = upload(&app, &editor, form(file, &[])).await;
        assert_eq!(response.status(), status, "{what}");
        let problem: Problem = response.json().await.expect("a problem");
        assert_eq!(problem.code, code, "{what}: {problem:?}");
        assert_eq!(problem.field.as_deref(), Some("file"), "{what}");
        assert!(problem.detail.contains(words), "{what}: {}", problem.detail);
    }
    assert_eq!(
        kept_files(&app),
        before,
        "nothing of a refused file is kept"
    );
    assert_eq!(library(&app, &editor, None).await.pagination.total, 0);

    // The limits themselves are allowed.
    for (what, file, size) in [
        ("exactly 1 MB", at_limit, (64, 48)),
        ("20:1", jpeg(2000, 100), (2000, 100)),
        ("4 megapixels", jpeg(2000, 2000), (2000, 2000)),
        (
            "16-bit PNG",
            {
                let deep = DynamicImage::ImageRgb16(image::ImageBuffer::from_fn(30, 20, |x, y| {
                    Rgb([(x * 2000) as u16, (y * 3000) as u16, 40_000])
                }));
                let mut out = Cursor::new(Vec::new());
                deep.write_to(&mut out, ImageFormat::Png).expect("encodes");
                out.into_inner()
            },
            (30, 20),
        ),
        ("WebP", picture(40, 30, ImageFormat::WebP), (40, 30)),
        ("GIF", picture(40, 30, ImageFormat::Gif), (40, 30)),
        ("EXIF: turn 90°", jpeg_turned(60, 40), (40, 60)),
    ] {
        let response = upload(&app, &editor, form(file, &[])).await;
        assert_eq!(response.status(), 201, "{what}");
        let image: Image = response.json().await.expect("an image");
        assert_eq!((image.width, image.height), size, "{what}");
    }
}

/// A CMYK JPEG (as print desks and agencies send): all cyan.
fn cmyk_jpeg(width: u16, height: u16) -> Vec<u8> {
    let pixels: Vec<u8> =
        std::iter::repeat_n([255u8, 0, 0, 0], usize::from(width) * usize::from(height))
            .flatten()
            .collect();
    let mut out = Vec::new();
    jpeg_encoder::Encoder::new(&mut out, 90)
        .encode(&pixels, width, height, jpeg_encoder::ColorType::Cmyk)
        .expect("encodes");
    out
}

/// An animated GIF: a red frame, then a blue one.
fn animated_gif(width: u32, height: u32) -> Vec<u8> {
    let mut out = Vec::new();
    {
        let mut encoder = image::codecs::gif::GifEncoder::new(&mut out);
        for colour in [[220u8, 20, 20, 255], [20, 20, 220, 255]] {
            let frame = image::RgbaImage::from_pixel(width, height, image::Rgba(colour));
            encoder
                .encode_frame(image::Frame::new(frame))
                .expect("a frame");
        }
    }
    out
}

/// Images from the wild that are not plain RGB: a CMYK JPEG is shown in its colours,
/// an animated GIF by its first frame — in every rendition.
async fn unusual_images_are_read_right(db: Db) {
    let app = spawn_app(db).await;
    let editor = app.staff_token(Role::Editor, "Sari Editor").await;
    for (what, file, (red, green, blue)) in [
        ("CMYK JPEG", cmyk_jpeg(48, 32), (false, true, true)),
        ("animated GIF", animated_gif(48, 32), (true, false, false)),
    ] {
        let response = upload(&app, &editor, form(file, &[])).await;
        assert_eq!(response.status(), 201, "{what}");
        let image: Image = response.json().await.expect("an image");
        assert_eq!((image.width, image.height), (48, 32), "{what}");
        app.render_media();
        let made: Image = app
            .get_authed(&format!("/api/v1/newsroom/media/{}", image.id), &editor)
            .await
            .json()
            .await
            .expect("an image");
        assert!(!made.renditions.is_empty(), "{what}");
        for rendition in &made.renditions {
            let bytes = app.get(&rendition.url).await.bytes().await.expect("bytes");
            let picture = image::load_from_memory(&bytes)
                .expect("a picture")
                .to_rgb8();
            let image::Rgb([r, g, b]) =
                *picture.get_pixel(picture.width() / 2, picture.height() / 2);
            assert_eq!(
                (r > 128, g > 128, b > 128),
                (red, green, blue),
                "{what}, {}: ({r}, {g}, {b})",
                rendition.name
            );
        }
    }
}

/// The upload form: a file, each field once, no other field; a body that is not a form.
async fn the_form_is_read_strictly(db: Db) {
    let app = spawn_app(db).await;
    let editor = app.staff_token(Role::Editor, "Sari Editor").await;
    for (form, field) in [
        (Form::new().text("alt", "x"), "file"),
        (
            form(jpeg(8, 8), &[]).part("file", Part::bytes(jpeg(9, 9))),
            "file",
        ),
        (
            form(jpeg(8, 8), &[("photographer", "Sari")]),
            "photographer",
        ),
        (form(jpeg(8, 8), &[("focal_y", "tengah")]), "focal_y"),
        (form(jpeg(8, 8), &[("caption", "a\u{7}b")]), "caption"),
    ] {
        let response = upload(&app, &editor, form).await;
        assert_problem(response, 400, ErrorCode::InvalidBody, Some(field)).await;
    }
    let json = app
        .post_json(
            "/api/v1/newsroom/media",
            &serde_json::json!({"file": "x"}),
            Some(&editor),
        )
        .await;
    assert_problem(json, 415, ErrorCode::UnsupportedMediaType, None).await;
    let anonymous = app
        .client
        .post(app.url("/api/v1/newsroom/media"))
        .multipart(form(jpeg(8, 8), &[]))
        .send()
        .await
        .expect("answers");
    assert_eq!(anonymous.status(), 401);
    assert_eq!(library(&app, &editor, None).await.pagination.total, 0);
}

/// Renditions: made from the original by the worker (driven here by the test), every
/// width up to the original's and the crops, as WebP and JPEG, without the upload's
/// metadata; served at addresses that name their content, cached for good.
async fn renditions_are_made_without_metadata_and_served_for_good(db: Db, storage: Storage) {
    let app = TestApp::builder(db).storage(storage).spawn().await;
    let editor = app.staff_token(Role::Editor, "Sari Editor").await;
    let upload = upload(
        &app,
        &editor,
        form(jpeg_with_gps(1100, 700), &[("alt", "Jalan")]),
    )
    .await;
    assert_eq!(upload.status(), 201);
    let image: Image = upload.json().await.expect("an image");
    assert!(image.renditions.is_empty(), "not made yet");
    assert_eq!(app.render_media(), [image.id.to_string()]);
    assert!(app.render_media().is_empty(), "each job once");

    let path = format!("/api/v1/newsroom/media/{}", image.id);
    let made: Image = app
        .get_authed(&path, &editor)
        .await
        .json()
        .await
        .expect("an image");
    let mut names: Vec<&str> = made.renditions.iter().map(|r| r.name.as_str()).collect();
    names.sort_unstable();
    let mut expected = vec![];
    for stem in [
        "w320",
        "w640",
        "w1024",
        "w1100",
        "16x9-1024",
        "4x3-933",
        "1x1-700",
        "social-1100",
    ] {
        expected.push(format!("{stem}.jpg"));
        expected.push(format!("{stem}.webp"));
    }
    expected.sort_unstable();
    assert_eq!(names, expected);

    for rendition in &made.renditions {
        let response = app.get(&rendition.url).await;
        assert_eq!(response.status(), 200, "{}", rendition.url);
        let headers = response.headers().clone();
        assert_eq!(
            header(&headers, "content-type"),
            rendition.media_type.as_str()
        );
        assert_eq!(
            header(&headers, "cache-control"),
            "public, max-age=31536000, immutable"
        );
        assert_eq!(header(&headers, "x-content-type-options"), "nosniff");
        let bytes = response.bytes().await.expect("bytes");
        assert_eq!(bytes.len() as u64, rendition.bytes, "{}", rendition.name);
        let decoded = image::load_from_memory(&bytes).expect("an image");
        assert_eq!(
            (decoded.width(), decoded.height()),
            (rendition.width, rendition.height)
        );
        for secret in [&b"Exif"[..], b"SUMBER-RAHASIA", b"Kenanga"] {
            assert!(
                !bytes.windows(secret.len()).any(|w| w == secret),
                "{}: {secret:?}",
                rendition.name
            );
        }
        let etag = header(&headers, "etag");
        let again = app
            .get_with(&rendition.url, &[("If-None-Match", etag.as_str())])
            .await;
        assert_eq!(again.status(), 304);
    }
    let social = made
        .renditions
        .iter()
        .find(|r| r.name == "social-1100.jpg")
        .expect("a card");
    assert_eq!((social.width, social.height), (1100, 578));

    // Another address is nothing: a wrong hash, a name it does not have, a way out.
    let w640 = made
        .renditions
        .iter()
        .find(|r| r.name == "w640.webp")
        .expect("w640");
    let parts: Vec<&str> = w640.url.rsplitn(3, '/').collect();
    let (name, base) = (parts[0], parts[2]);
    for wrong in [
        format!("{base}/0000000000000000/{name}"),
        format!("{base}/{}/w9999.webp", parts[1]),
        format!("{base}/{}/..%2F..%2Foriginals", parts[1]),
    ] {
        assert_eq!(app.get(&wrong).await.status(), 404, "{wrong}");
    }

    // A new focal point makes new crops at new addresses; the widths stay.
    describe(
        &app,
        &editor,
        &image,
        serde_json::json!({"focal_point": {"x": 0.0, "y": 0.0}}),
    )
    .await;
    assert_eq!(app.render_media(), [image.id.to_string()]);
    let recropped: Image = app
        .get_authed(&path, &editor)
        .await
        .json()
        .await
        .expect("an image");
    let url = |image: &Image, name: &str| {
        image
            .renditions
            .iter()
            .find(|r| r.name == name)
            .expect(name)
            .url
            .clone()
    };
    assert_ne!(url(&made, "1x1-700.jpg"), url(&recropped, "1x1-700.jpg"));
    assert_eq!(url(&made, "w640.jpg"), url(&recropped, "w640.jpg"));
    // The old crop is gone from the store: an instance that never kept it in memory
    // answers 404 (one that served it keeps its copy at most a minute).
    let other = app.restart().await;
    assert_eq!(other.get(&url(&made, "1x1-700.jpg")).await.status(), 404);

    // Deleted: nothing is served.
    let deleted = app
        .client
        .delete(app.url(&path))
        .bearer_auth(&editor)
        .send()
        .await
        .expect("answers");
    assert_eq!(deleted.status(), 204);
    assert_eq!(app.get(&url(&recropped, "w640.jpg")).await.status(), 404);
}

/// An article's featured image: named by id, shown with its renditions to readers and
/// in lists; no publication without alt text; the image cannot be deleted while a
/// published article shows it.
async fn articles_show_a_featured_image(db: Db, storage: Storage) {
    let app = TestApp::builder(db).storage(storage).spawn().await;
    let editor = app.staff(Role::Editor, "Sari Editor").await;
    let upload = upload(
        &app,
        &editor.token,
        form(jpeg(800, 600), &[("caption", "Balai Besar Rakyat")]),
    )
    .await;
    let image: Image = upload.json().await.expect("an image");
    app.render_media();

    let unknown = app
        .post_json(
            "/api/v1/newsroom/articles",
            &ArticleInput {
                featured_image: Some(Figure::of(
                    "01980000-0000-7000-8000-00000000abcd"
                        .parse()
                        .expect("an id"),
                )),
                ..tests::draft("Gambar yang Tidak Ada")
            },
            Some(&editor.token),
        )
        .await;
    assert_problem(
        unknown,
        400,
        ErrorCode::InvalidBody,
        Some("featured_image.id"),
    )
    .await;

    let with_image = |alt: Option<&str>| ArticleInput {
        featured_image: Some(Figure {
            alt: alt.map(str::to_owned),
            ..Figure::of(image.id)
        }),
        ..tests::draft("Pertemuan di Balai Besar Rakyat")
    };
    let draft = editor.create(&with_image(None)).await;
    let chosen = draft.featured_image.clone().expect("a featured image");
    assert_eq!(
        chosen.caption, None,
        "the article has no caption of its own"
    );
    let featured = chosen.shown.expect("shown");
    assert_eq!(
        featured.caption.as_deref(),
        Some("Balai Besar Rakyat"),
        "the image's own"
    );
    assert_eq!(
        featured.renditions.len(),
        image_renditions(&app, &editor.token, &image).await
    );

    // No alt text anywhere: not published, the field named.
    let refused = app
        .client
        .post(app.url(&format!("/api/v1/newsroom/articles/{}/publish", draft.id)))
        .bearer_auth(&editor.token)
        .header("If-Match", format!("\"v{}\"", draft.version))
        .send()
        .await
        .expect("answers");
    assert_problem(
        refused,
        400,
        ErrorCode::InvalidBody,
        Some("featured_image.alt"),
    )
    .await;
    let described = editor
        .update(&draft, &with_image(Some("Dua pemimpin di podium")))
        .await;
    let published = editor.publish(&described).await;
    let public: shared::Article = app
        .get_json(&format!("/api/v1/articles/{}", published.slug))
        .await;
    let chosen = public.featured_image.expect("a featured image");
    assert_eq!(
        chosen.alt.as_deref(),
        Some("Dua pemimpin di podium"),
        "the article's own"
    );
    let shown = chosen.shown.expect("shown to readers");
    assert_eq!(shown.alt.as_deref(), Some("Dua pemimpin di podium"));
    let card = app.get(&shown.renditions[0].url).await;
    assert_eq!(card.status(), 200, "its renditions are served");
    // Link previews get the social crop, sized, with its alt text.
    let page = app.get(&format!("/artikel/{}", published.slug)).await;
    assert_eq!(page.status(), 200);
    let page = page.text().await.expect("HTML");
    let card = shown
        .renditions
        .iter()
        .find(|r| r.name == "social-800.jpg")
        .expect("a card");
    for expected in [
        format!(
            "<meta property=\"og:image\" content=\"{}{}\">",
            app.address, card.url
        ),
        "<meta property=\"og:image:width\" content=\"800\">".to_owned(),
        "<meta property=\"og:image:height\" content=\"420\">".to_owned(),
        "<meta property=\"og:image:alt\" content=\"Dua pemimpin di podium\">".to_owned(),
        "<meta name=\"twitter:card\" content=\"summary_large_image\">".to_owned(),
    ] {
        assert!(page.contains(&expected), "{expected}\n{page}");
    }
    let list: shared::ArticlePage = app.get_json("/api/v1/articles").await;
    let summary = list
        .data
        .iter()
        .find(|a| a.slug == published.slug)
        .expect("listed");
    assert_eq!(
        summary.featured_image.as_ref().map(|f| f.id),
        Some(image.id)
    );

    let delete = app
        .client
        .delete(app.url(&format!("/api/v1/newsroom/media/{}", image.id)))
        .bearer_auth(&editor.token)
        .send()
        .await
        .expect("answers");
    assert_eq!(delete.status(), 409);
    let problem: Problem = delete.json().await.expect("a problem");
    assert_eq!(problem.code, ErrorCode::Conflict);
    assert!(
        problem.detail.contains(&published.slug),
        "{}",
        problem.detail
    );
}

async fn image_renditions(app: &TestApp, token: &str, image: &Image) -> usize {
    let path = format!("/api/v1/newsroom/media/{}", image.id);
    let made: Image = app
        .get_authed(&path, token)
        .await
        .json()
        .await
        .expect("an image");
    assert!(!made.renditions.is_empty());
    made.renditions.len()
}

async fn describe(app: &TestApp, token: &str, image: &Image, update: serde_json::Value) -> Image {
    let response = app
        .client
        .patch(app.url(&format!("/api/v1/newsroom/media/{}", image.id)))
        .bearer_auth(token)
        .json(&update)
        .send()
        .await
        .expect("answers");
    assert_eq!(response.status(), 200);
    response.json().await.expect("an image")
}

/// What feedparser reads of each entry's pictures: RSS enclosures and Media RSS, Atom
/// enclosure links.
const FEED_PICTURES: &str = r#"
import json, sys, feedparser
d = feedparser.parse(sys.stdin.buffer.read())
print(json.dumps({
    "bozo": bool(d.bozo),
    "entries": [{
        "enclosures": [{"href": x.get("href"), "type": x.get("type"), "length": x.get("length")}
                       for x in e.get("enclosures", [])],
        "media": [{"url": m.get("url"), "width": m.get("width"), "medium": m.get("medium")}
                  for m in e.get("media_content", [])],
        "credits": [c.get("content") for c in e.get("media_credit", [])],
        "content": (e.get("content") or [{}])[0].get("value", ""),
    } for e in d.entries],
}))
"#;

/// Pictures in the body: image and gallery blocks from JSON and from Markdown, checked
/// (ids, gallery size, alt text before publication), shown with their renditions in our
/// JSON, `body_html`, ninjs (valid against IPTC's schema), JSON-LD, every feed and the
/// news sitemap; an image's new caption reaches partners through the change feed.
async fn pictures_reach_every_format(db: Db, storage: Storage) {
    let app = TestApp::builder(db).storage(storage).spawn().await;
    let editor = app.staff(Role::Editor, "Sari Editor").await;
    let token = &editor.token;
    let leaders: Image = upload(
        &app,
        token,
        form(
            jpeg(800, 600),
            &[
                ("caption", "Pertemuan di Pyongyang"),
                ("credit", "Foto: KCNA"),
            ],
        ),
    )
    .await
    .json()
    .await
    .expect("an image");
    let square: Image = upload(&app, token, form(picture(640, 480, ImageFormat::Png), &[]))
        .await
        .json()
        .await
        .expect("an image");
    app.render_media();

    // Refusals, each naming its field: an unknown image, a gallery of one, an image from
    // elsewhere in Markdown (with its line).
    let unknown = serde_json::json!({"type": "image", "image": {"id": "01980000-0000-7000-8000-00000000abcd"}});
    let lonely = serde_json::json!({"type": "gallery", "images": [{"id": leaders.id}]});
    for (body, field) in [(unknown, "body[1].image.id"), (lonely, "body[1].images")] {
        let refused = app
            .post_json(
                "/api/v1/newsroom/articles",
                &serde_json::json!({"headline": "Gambar", "section": "internasional", "language": "id",
                                    "body": [{"type": "paragraph", "text": "Teks."}, body]}),
                Some(token),
            )
            .await;
        assert_problem(refused, 400, ErrorCode::InvalidBody, Some(field)).await;
    }
    let elsewhere = app
        .post_json(
            "/api/v1/newsroom/articles",
            &ArticleInput {
                body_markdown: Some("Teks.\n\n![peta](https://contoh.test/peta.png)\n".into()),
                body: Vec::new(),
                ..tests::draft("Gambar dari Luar")
            },
            Some(token),
        )
        .await;
    assert_eq!(elsewhere.status(), 400);
    let problem: Problem = elsewhere.json().await.expect("a problem");
    assert_eq!(problem.field.as_deref(), Some("body_markdown"));
    assert!(problem.detail.contains("line 3"), "{}", problem.detail);

    // Markdown: one image with the article's own alt text and caption, then two side
    // by side (a gallery), neither with alt text yet.
    let markdown = format!(
        "Kim Jong Un menyambut Vladimir Putin.\n\n![Dua pemimpin berjabat tangan](media:{} \"Di bandara\")\n\n![](media:{})\n![](media:{})\n",
        leaders.id, leaders.id, square.id
    );
    let draft = editor
        .create(&ArticleInput {
            body_markdown: Some(markdown),
            body: Vec::new(),
            featured_image: Some(Figure {
                alt: Some("Lapangan Kim Il Sung".into()),
                ..Figure::of(square.id)
            }),
            ..tests::draft("Putin di Pyongyang")
        })
        .await;
    let kinds: Vec<&str> = draft
        .body
        .iter()
        .map(|b| match b {
            shared::Block::Paragraph(_) => "paragraph",
            shared::Block::Image(_) => "image",
            shared::Block::Gallery(_) => "gallery",
            _ => "other",
        })
        .collect();
    assert_eq!(kinds, ["paragraph", "image", "gallery"]);
    let refused = app
        .client
        .post(app.url(&format!("/api/v1/newsroom/articles/{}/publish", draft.id)))
        .bearer_auth(token)
        .header("If-Match", format!("\"v{}\"", draft.version))
        .send()
        .await
        .expect("answers");
    assert_problem(
        refused,
        400,
        ErrorCode::InvalidBody,
        Some("body[2].images[0].alt"),
    )
    .await;
    describe(
        &app,
        token,
        &leaders,
        serde_json::json!({"alt": "Kim Jong Un dan Vladimir Putin"}),
    )
    .await;
    describe(
        &app,
        token,
        &square,
        serde_json::json!({"alt": "Lapangan yang luas"}),
    )
    .await;
    let published = editor.publish(&draft).await;

    // Our JSON: every picture with its renditions and the texts readers get.
    let public: shared::Article = app
        .get_json(&format!("/api/v1/articles/{}", published.slug))
        .await;
    let shared::Block::Image(block) = &public.body[1] else {
        panic!("an image block: {:?}", public.body[1]);
    };
    let shown = block.image.shown.as_ref().expect("shown");
    assert_eq!(
        shown.alt.as_deref(),
        Some("Dua pemimpin berjabat tangan"),
        "the article's own"
    );
    assert_eq!(shown.caption.as_deref(), Some("Di bandara"));
    assert_eq!(shown.credit.as_deref(), Some("Foto: KCNA"), "the image's");
    assert_eq!((shown.width, shown.height), (800, 600));
    let srcset = shown.srcset(ImageType::Webp, "").expect("widths");
    assert_eq!(
        srcset.matches("w,").count() + 1,
        shown.widths(ImageType::Webp).len()
    );
    let shared::Block::Gallery(gallery) = &public.body[2] else {
        panic!("a gallery");
    };
    let alts: Vec<Option<&str>> = gallery
        .images
        .iter()
        .map(|f| f.shown.as_ref().and_then(|s| s.alt.as_deref()))
        .collect();
    assert_eq!(
        alts,
        [
            Some("Kim Jong Un dan Vladimir Putin"),
            Some("Lapangan yang luas")
        ]
    );
    let fallback = shown.fallback().expect("a JPEG");
    for expected in [
        "<figure class=\"image image--inline\"><picture><source type=\"image/webp\" srcset=\"/media/".to_owned(),
        format!("src=\"{}\"", fallback.url),
        "width=\"800\" height=\"600\" alt=\"Dua pemimpin berjabat tangan\" loading=\"lazy\" decoding=\"async\"".to_owned(),
        "<figcaption>Di bandara <small class=\"credit\">Foto: KCNA</small></figcaption>".to_owned(),
        "<figure class=\"gallery\"><ul><li>".to_owned(),
    ] {
        assert!(public.body_html.contains(&expected), "{expected}\n{}", public.body_html);
    }
    assert_eq!(app.get(&fallback.url).await.status(), 200);
    // The pictures carry no words of the story.
    assert_eq!(public.body_text, "Kim Jong Un menyambut Vladimir Putin.");
    // A summary that asks for the body's HTML gets it with the pictures placed, as the
    // article has it (summaries that do not ask are not made it).
    let listed: serde_json::Value = app.get_json("/api/v1/articles?fields=body_html").await;
    let summary = listed["data"]
        .as_array()
        .expect("a list")
        .iter()
        .find(|a| a["slug"] == published.slug.as_str())
        .expect("listed");
    assert_eq!(summary["body_html"], public.body_html.as_str());

    // ninjs: the featured image and the body's as associations, valid against IPTC.
    let ninjs: serde_json::Value = app
        .get(&format!("/api/v1/articles/{}?format=ninjs", published.slug))
        .await
        .json()
        .await
        .expect("ninjs");
    crate::formats::assert_valid_ninjs(&ninjs);
    let associations = ninjs["associations"].as_array().expect("associations");
    let names: Vec<&str> = associations
        .iter()
        .map(|a| a["name"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(names, ["featuremedia", "body-1", "body-2-0", "body-2-1"]);
    let body_picture = &associations[1];
    assert_eq!(body_picture["type"], "picture");
    assert_eq!(body_picture["uri"], format!("urn:uuid:{}", leaders.id));
    assert_eq!(body_picture["headlines"][0]["value"], "Di bandara");
    assert_eq!(body_picture["by"], "Foto: KCNA");
    let renditions = body_picture["renditions"].as_array().expect("renditions");
    assert_eq!(renditions.len(), shown.renditions.len());
    let href = renditions[0]["href"].as_str().expect("href");
    assert!(
        href.starts_with(&format!("{}/media/{}/", app.address, leaders.id)),
        "{href}"
    );
    assert!(
        ninjs["bodies"][0]["value"]
            .as_str()
            .is_some_and(|html| html.contains(&format!("src=\"{}{}\"", app.address, fallback.url))),
        "the HTML body's pictures are at absolute addresses"
    );

    // JSON-LD: the featured image as ImageObjects at 16:9, 4:3 and 1:1.
    let page = app
        .get(&format!("/artikel/{}", published.slug))
        .await
        .text()
        .await
        .expect("HTML");
    let start =
        page.find("application/ld+json\">").expect("JSON-LD") + "application/ld+json\">".len();
    let end = start + page[start..].find("</script>").expect("its end");
    let jsonld: serde_json::Value = serde_json::from_str(&page[start..end]).expect("JSON");
    let images = jsonld["image"].as_array().expect("images");
    let ratios: Vec<(u64, u64)> = images
        .iter()
        .map(|i| {
            (
                i["width"].as_u64().unwrap_or(0),
                i["height"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    assert_eq!(ratios, [(640, 360), (640, 480), (480, 480)]);
    assert!(
        images
            .iter()
            .all(|i| i["@type"] == "ImageObject" && i["description"] == "Lapangan Kim Il Sung")
    );

    // Feeds: RSS enclosure and Media RSS, Atom's enclosure link, JSON Feed's image.
    let featured = public.featured().expect("featured");
    let lead = format!(
        "{}{}",
        app.address,
        featured.fallback().expect("a JPEG").url
    );
    for format in ["rss", "atom"] {
        let body = app
            .get(&format!("/api/v1/feeds/{format}"))
            .await
            .bytes()
            .await
            .expect("feed");
        let feed = tests::python(FEED_PICTURES, &body);
        assert_eq!(feed["bozo"], false, "{format}");
        let entry = &feed["entries"][0];
        assert_eq!(entry["enclosures"][0]["href"], lead, "{format}: {entry}");
        assert_eq!(entry["enclosures"][0]["type"], "image/jpeg", "{format}");
        assert!(
            entry["content"]
                .as_str()
                .is_some_and(|c| c.contains(&format!("{}/media/", app.address))),
            "{format}: pictures in the content at absolute addresses"
        );
        if format == "rss" {
            let media = entry["media"].as_array().expect("media:content");
            assert_eq!(media.len(), 4, "{entry}");
            assert!(media.iter().all(|m| m["medium"] == "image"));
            assert!(
                entry["credits"]
                    .as_array()
                    .expect("credits")
                    .contains(&serde_json::json!("Foto: KCNA"))
            );
        }
    }
    let json_feed: serde_json::Value = app
        .get("/api/v1/feeds/json")
        .await
        .json()
        .await
        .expect("JSON Feed");
    assert_eq!(json_feed["items"][0]["image"], lead);
    let sitemap = app
        .get("/sitemaps/news.xml")
        .await
        .text()
        .await
        .expect("sitemap");
    assert!(
        sitemap.contains(&format!("<image:loc>{}/media/{}/", app.address, leaders.id))
            && sitemap.contains(&format!("<image:loc>{}/media/{}/", app.address, square.id)),
        "{sitemap}"
    );

    // A new caption for an image a public article shows: partners hear of the article.
    let since: shared::ChangePage = app.get_json("/api/v1/changes?limit=100").await;
    let cursor = since
        .data
        .last()
        .map(|c| c.cursor.clone())
        .expect("changes");
    describe(
        &app,
        token,
        &leaders,
        serde_json::json!({"caption": "Di Balai Besar Rakyat"}),
    )
    .await;
    let after: shared::ChangePage = app
        .get_json(&format!("/api/v1/changes?since={cursor}"))
        .await;
    let heard: Vec<(shared::ChangeType, &str)> = after
        .data
        .iter()
        .map(|c| (c.kind, c.article.slug.as_str()))
        .collect();
    assert_eq!(
        heard,
        [(shared::ChangeType::Updated, published.slug.as_str())]
    );
    let public: shared::Article = app
        .get_json(&format!("/api/v1/articles/{}", published.slug))
        .await;
    let shared::Block::Gallery(gallery) = &public.body[2] else {
        panic!("a gallery");
    };
    assert_eq!(
        gallery.images[0]
            .shown
            .as_ref()
            .and_then(|s| s.caption.as_deref()),
        Some("Di Balai Besar Rakyat"),
        "the image's caption, where the article has none of its own"
    );
    // An image in a public article's body cannot be deleted.
    let delete = app
        .client
        .delete(app.url(&format!("/api/v1/newsroom/media/{}", leaders.id)))
        .bearer_auth(token)
        .send()
        .await
        .expect("answers");
    assert_eq!(delete.status(), 409);
}

tests::every_storage!(
    pictures_reach_every_format,
    articles_show_a_featured_image,
    renditions_are_made_without_metadata_and_served_for_good,
    upload_describe_find_edit_and_delete,
    bad_files_are_refused_and_nothing_is_kept,
);

both_databases!(the_form_is_read_strictly, unusual_images_are_read_right);

/// An upload the database fails to record (here a trigger refuses it, as a full disk
/// would) leaves no file behind: no original that no row names.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_upload_the_database_refuses_leaves_no_file() {
    use diesel::{Connection as _, RunQueryDsl as _};

    let app = spawn_app(Db::Postgres).await;
    let editor = app.staff_token(Role::Editor, "Sari Editor").await;
    let mut conn = diesel::PgConnection::establish(&app.database_url).expect("the database");
    diesel::sql_query(
        "CREATE FUNCTION refuse_media() RETURNS trigger LANGUAGE plpgsql AS \
         $$ BEGIN RAISE EXCEPTION 'no space left on device'; END $$",
    )
    .execute(&mut conn)
    .expect("a function");
    diesel::sql_query(
        "CREATE TRIGGER refuse_media BEFORE INSERT ON media \
         FOR EACH ROW EXECUTE FUNCTION refuse_media()",
    )
    .execute(&mut conn)
    .expect("a trigger");
    let before = kept_files(&app);
    let response = upload(&app, &editor, form(jpeg(64, 48), &[])).await;
    assert_eq!(response.status(), 500);
    assert_eq!(
        header(response.headers(), "content-type"),
        "application/problem+json"
    );
    assert_eq!(kept_files(&app), before, "the original went with the row");
    assert_eq!(library(&app, &editor, None).await.pagination.total, 0);
}
