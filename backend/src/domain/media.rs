//! The image library: an upload is read from its bytes (never its name or declared
//! type), checked against the limits before it is decoded (a small file can declare a
//! huge image), decoded whole (a truncated or damaged file is refused), and kept once
//! per content: the original privately in the media store under its hash, the row with
//! what editors say about it. Readers never get the original: what is served is made
//! from it without its metadata (renditions).

use std::future::Future;
use std::io::Cursor;

use anyhow::Context as _;
use chrono::NaiveDateTime;
use futures_util::StreamExt as _;
use image::{ImageDecoder as _, ImageFormat, ImageReader};
use object_store::aws::AmazonS3Builder;
use object_store::local::LocalFileSystem;
use object_store::path::Path as ObjectPath;
use object_store::{ObjectStore, ObjectStoreExt as _, PutPayload};
use shared::media::{FocalPoint, Image, ImageType, ImageUpdate, MAX_IMAGE_TEXT, Rendition};
use shared::render::forbidden_char;

use super::Desk;
use crate::config::MediaSettings;
use crate::db::media::{self as store, MediaRow, RenditionRow};
use crate::db::{self, DbConnection, Pool};
use crate::digest::sha256_hex;

#[derive(Debug, thiserror::Error)]
pub enum MediaError {
    /// Not an image the library takes (415).
    #[error("{0}")]
    Unsupported(String),
    /// Over the size limit (413).
    #[error("{0}")]
    TooLarge(String),
    /// A field or the file is not acceptable (400), named.
    #[error("{message}")]
    Invalid { field: String, message: String },
    #[error("no such image")]
    NotFound,
    #[error("{0}")]
    Forbidden(String),
    /// Public articles show it (409).
    #[error("{0}")]
    InUse(String),
    #[error(transparent)]
    Storage(#[from] anyhow::Error),
}

impl From<diesel::result::Error> for MediaError {
    fn from(e: diesel::result::Error) -> Self {
        Self::Storage(e.into())
    }
}

fn invalid(field: &str, message: impl Into<String>) -> MediaError {
    MediaError::Invalid {
        field: field.to_owned(),
        message: message.into(),
    }
}

/// What the bytes of an acceptable upload are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Inspected {
    pub kind: ImageType,
    /// As shown: after the EXIF orientation.
    pub width: u32,
    pub height: u32,
    /// SHA-256 of the bytes, hex.
    pub hash: String,
}

/// Markup that makes a file something else besides an image (an image that is also
/// an HTML page or an SVG: a polyglot), looked for anywhere in the bytes. Each is long
/// enough that compressed image data holds it by chance about never (≤ 1 in 10⁴ for
/// 25 MB at five bytes).
const MARKUP: [&[u8]; 7] = [
    b"<script",
    b"<html",
    b"<!doctype",
    b"<iframe",
    b"<svg ",
    b"<svg>",
    b"javascript:",
];

/// Reads `bytes` as an image the library takes, within `limits`.
pub fn inspect(bytes: &[u8], limits: &MediaSettings) -> Result<Inspected, MediaError> {
    if bytes.is_empty() {
        return Err(invalid("file", "the file is empty"));
    }
    if bytes.len() as u64 > limits.max_upload_bytes() {
        return Err(MediaError::TooLarge(format!(
            "the file has {} bytes; at most {} MB (media.max_upload_mb)",
            bytes.len(),
            limits.max_upload_mb
        )));
    }
    let kind = match image::guess_format(bytes) {
        Ok(ImageFormat::Jpeg) => ImageType::Jpeg,
        Ok(ImageFormat::Png) => ImageType::Png,
        Ok(ImageFormat::WebP) => ImageType::Webp,
        Ok(ImageFormat::Gif) => ImageType::Gif,
        _ => {
            return Err(MediaError::Unsupported(
                "the file is not a JPEG, PNG, WebP or GIF image (SVG, HTML and PDF are not taken)"
                    .into(),
            ));
        }
    };
    let lowered = bytes.to_ascii_lowercase();
    if let Some(found) = MARKUP
        .iter()
        .find(|markup| lowered.windows(markup.len()).any(|w| w == **markup))
    {
        return Err(MediaError::Unsupported(format!(
            "the file is an image and also holds markup ({}): not taken",
            String::from_utf8_lossy(found).trim()
        )));
    }
    if kind == ImageType::Jpeg && !bytes.windows(2).any(|w| w == [0xFF, 0xD9]) {
        return Err(invalid(
            "file",
            "the JPEG is truncated: its end-of-image marker is missing",
        ));
    }
    let format = match kind {
        ImageType::Jpeg => ImageFormat::Jpeg,
        ImageType::Png => ImageFormat::Png,
        ImageType::Webp => ImageFormat::WebP,
        ImageType::Gif => ImageFormat::Gif,
    };
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    let mut decoding = image::Limits::default();
    // Room for the largest allowed image at 16 bits × 4 channels, and no more.
    decoding.max_alloc = Some(limits.max_pixels().saturating_mul(8).max(64 << 20));
    reader.limits(decoding);
    let mut decoder = reader
        .into_decoder()
        .map_err(|e| invalid("file", format!("the image cannot be read: {e}")))?;
    let (width, height) = decoder.dimensions();
    if width == 0 || height == 0 {
        return Err(invalid("file", "the image has no pixels"));
    }
    let pixels = u64::from(width) * u64::from(height);
    if pixels > limits.max_pixels() {
        return Err(invalid(
            "file",
            format!(
                "the image is {width}×{height} ({pixels} pixels); at most {} megapixels (media.max_megapixels)",
                limits.max_megapixels
            ),
        ));
    }
    let (long, short) = (width.max(height), width.min(height));
    if u64::from(long) > u64::from(short) * u64::from(limits.max_aspect_ratio) {
        return Err(invalid(
            "file",
            format!(
                "the image is {width}×{height}; its longer side may be at most {} times its shorter (media.max_aspect_ratio)",
                limits.max_aspect_ratio
            ),
        ));
    }
    let orientation = decoder.orientation().map_err(|e| {
        invalid(
            "file",
            format!("the image's orientation cannot be read: {e}"),
        )
    })?;
    // Decoding it whole is what tells a damaged or truncated file from an image.
    image::DynamicImage::from_decoder(decoder)
        .map_err(|e| invalid("file", format!("the image is damaged or truncated: {e}")))?;
    let turned = matches!(
        orientation,
        image::metadata::Orientation::Rotate90
            | image::metadata::Orientation::Rotate270
            | image::metadata::Orientation::Rotate90FlipH
            | image::metadata::Orientation::Rotate270FlipH
    );
    let (width, height) = if turned {
        (height, width)
    } else {
        (width, height)
    };
    Ok(Inspected {
        kind,
        width,
        height,
        hash: sha256_hex(bytes),
    })
}

/// Where the library's files live: a folder on this machine (`media.dir`), or an
/// S3-compatible bucket shared by several instances (`media.s3`) — one code path
/// through `object_store`, which writes a file whole or not at all in both. Originals
/// under `originals/<hash>`, never served; renditions under
/// `renditions/<image>/<hash16>/<name>`, the path of their address.
#[derive(Clone)]
pub struct MediaStore {
    objects: std::sync::Arc<dyn ObjectStore>,
    /// Renditions recently served, weighed in bytes (`media.cache_mb`): a rendition's
    /// address names its content, so a kept one is never stale — but it may be deleted
    /// (by this instance: dropped at once; by another: found gone when the kept copy,
    /// older than `KEEP_FOR`, is read again).
    kept: std::sync::Arc<quick_cache::sync::Cache<String, Kept, ByteWeight>>,
}

/// A rendition in memory, and when it was read from the store.
#[derive(Debug, Clone)]
struct Kept {
    bytes: actix_web::web::Bytes,
    read_at: std::time::Instant,
}

/// How long a kept rendition is served before the store is asked whether it is still
/// there: how late another instance's deletion is seen.
const KEEP_FOR: std::time::Duration = std::time::Duration::from_secs(60);

impl std::fmt::Debug for MediaStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MediaStore")
            .field("objects", &self.objects.to_string())
            .field("kept_bytes", &self.kept.weight())
            .finish()
    }
}

/// A kept rendition weighs its bytes (at least one: quick_cache keeps nothing weightless).
#[derive(Debug, Clone, Copy)]
struct ByteWeight;

impl quick_cache::Weighter<String, Kept> for ByteWeight {
    fn weight(&self, _key: &String, kept: &Kept) -> u64 {
        kept.bytes.len().max(1) as u64
    }
}

/// The runtime object storage calls run on, from the blocking threads the library's
/// work runs in (and from request handlers, awaited): its own, so that a call never
/// depends on which actix worker made it.
fn storage_runtime() -> &'static tokio::runtime::Runtime {
    static RUNTIME: std::sync::OnceLock<tokio::runtime::Runtime> = std::sync::OnceLock::new();
    RUNTIME.get_or_init(|| {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("media-store")
            .enable_all()
            .build()
            .expect("the media store's runtime")
    })
}

impl MediaStore {
    pub fn new(settings: &MediaSettings) -> anyhow::Result<Self> {
        let budget = settings.cache_mb.saturating_mul(1 << 20);
        let kept = std::sync::Arc::new(quick_cache::sync::Cache::with_weighter(
            usize::try_from(budget / 32_768).unwrap_or(1).max(1),
            budget,
            ByteWeight,
        ));
        match &settings.s3 {
            Some(s3) => {
                let bucket = AmazonS3Builder::new()
                    .with_endpoint(&s3.endpoint)
                    .with_bucket_name(&s3.bucket)
                    .with_region(&s3.region)
                    .with_access_key_id(&s3.access_key_id)
                    .with_secret_access_key(&s3.secret_access_key)
                    .with_allow_http(s3.endpoint.starts_with("http://"))
                    .with_virtual_hosted_style_request(false)
                    .build()
                    .context("media.s3")?;
                Ok(Self {
                    objects: std::sync::Arc::new(bucket),
                    kept,
                })
            }
            None => {
                std::fs::create_dir_all(&settings.dir)
                    .with_context(|| format!("creating {}", settings.dir.display()))?;
                let folder = LocalFileSystem::new_with_prefix(&settings.dir)
                    .with_context(|| format!("media.dir {}", settings.dir.display()))?;
                Ok(Self {
                    objects: std::sync::Arc::new(folder),
                    kept,
                })
            }
        }
    }

    /// Runs a storage call to its end from a blocking thread.
    fn run<T: Send + 'static>(
        &self,
        call: impl Future<Output = anyhow::Result<T>> + Send + 'static,
    ) -> anyhow::Result<T> {
        storage_runtime().block_on(call)
    }

    fn original_key(hash: &str) -> ObjectPath {
        ObjectPath::from(format!("originals/{}/{hash}", &hash[..2]))
    }

    /// Keeps the original under its hash (once: the same bytes are the same file).
    pub fn put_original(&self, hash: &str, bytes: &[u8]) -> anyhow::Result<()> {
        let (objects, key) = (self.objects.clone(), Self::original_key(hash));
        let payload = PutPayload::from(bytes.to_vec());
        self.run(async move {
            if objects.head(&key).await.is_ok() {
                return Ok(());
            }
            objects
                .put(&key, payload)
                .await
                .context("keeping the original")?;
            Ok(())
        })
    }

    pub fn read_original(&self, hash: &str) -> anyhow::Result<Vec<u8>> {
        let (objects, key) = (self.objects.clone(), Self::original_key(hash));
        self.run(async move {
            let file = objects
                .get(&key)
                .await
                .with_context(|| format!("reading {key}"))?;
            Ok(file
                .bytes()
                .await
                .with_context(|| format!("reading {key}"))?
                .to_vec())
        })
    }

    pub fn remove_original(&self, hash: &str) -> anyhow::Result<()> {
        let (objects, key) = (self.objects.clone(), Self::original_key(hash));
        self.run(async move { absent_is_fine(objects.delete(&key).await) })
    }

    fn rendition_key(id: &str, hash16: &str, name: &str) -> ObjectPath {
        ObjectPath::from(format!("renditions/{id}/{hash16}/{name}"))
    }

    fn put_rendition(
        &self,
        id: &str,
        hash16: &str,
        name: &str,
        bytes: Vec<u8>,
    ) -> anyhow::Result<()> {
        let (objects, key) = (self.objects.clone(), Self::rendition_key(id, hash16, name));
        self.run(async move {
            objects
                .put(&key, PutPayload::from(bytes))
                .await
                .context("keeping a rendition")?;
            Ok(())
        })
    }

    /// Removes the image's renditions but those in `keep` (`<hash16>/<name>`), also
    /// from memory.
    fn remove_renditions(&self, id: &str, keep: &[String]) -> anyhow::Result<()> {
        let mine = format!("{id}/");
        self.kept.retain(|key, _| {
            key.strip_prefix(&mine)
                .is_none_or(|rest| keep.iter().any(|k| k == rest))
        });
        let objects = self.objects.clone();
        let prefix = ObjectPath::from(format!("renditions/{id}"));
        let keep: Vec<ObjectPath> = keep
            .iter()
            .map(|rest| ObjectPath::from(format!("renditions/{id}/{rest}")))
            .collect();
        self.run(async move {
            let listed: Vec<_> = objects.list(Some(&prefix)).collect().await;
            for meta in listed {
                let meta = match meta {
                    Ok(meta) => meta,
                    Err(object_store::Error::NotFound { .. }) => continue,
                    Err(e) => return Err(e).context("listing renditions"),
                };
                if !keep.contains(&meta.location) {
                    absent_is_fine(objects.delete(&meta.location).await)?;
                }
            }
            Ok(())
        })
    }

    /// A rendition's bytes (`None`: there is none), from memory or else from the store,
    /// awaited from a request handler.
    pub async fn rendition(
        &self,
        id: &str,
        hash16: &str,
        name: &str,
    ) -> anyhow::Result<Option<actix_web::web::Bytes>> {
        let cache_key = format!("{id}/{hash16}/{name}");
        if let Some(kept) = self.kept.get(&cache_key)
            && kept.read_at.elapsed() < KEEP_FOR
        {
            return Ok(Some(kept.bytes));
        }
        let (objects, key) = (self.objects.clone(), Self::rendition_key(id, hash16, name));
        let read = storage_runtime()
            .spawn(async move {
                match objects.get(&key).await {
                    Ok(file) => Ok(Some(file.bytes().await.context("reading a rendition")?)),
                    Err(object_store::Error::NotFound { .. }) => Ok(None),
                    Err(e) => Err(e).context("reading a rendition"),
                }
            })
            .await
            .context("the media store's runtime")??;
        match &read {
            Some(bytes) => self.kept.insert(
                cache_key,
                Kept {
                    bytes: bytes.clone(),
                    read_at: std::time::Instant::now(),
                },
            ),
            None => {
                self.kept.remove(&cache_key);
            }
        }
        Ok(read)
    }
}

/// A deletion of what is not there is done.
fn absent_is_fine(outcome: object_store::Result<()>) -> anyhow::Result<()> {
    match outcome {
        Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
        Err(e) => Err(e).context("removing a file"),
    }
}

/// An upload, inspected and kept; `(image, true)` when it is new to the library,
/// `(image, false)` when the same bytes were there already (nothing changes).
pub fn upload(
    conn: &mut DbConnection,
    desk: Desk,
    files: &MediaStore,
    limits: &MediaSettings,
    uploader: Option<&str>,
    bytes: &[u8],
    described: &ImageUpdate,
) -> Result<(Image, bool), MediaError> {
    let inspected = inspect(bytes, limits)?;
    if let Some(existing) = store::by_hash(conn, &inspected.hash)? {
        return Ok((view(conn, desk, &existing)?, false));
    }
    let now = desk.now();
    let mut row = MediaRow {
        id: uuid::Uuid::now_v7().to_string(),
        content_hash: inspected.hash.clone(),
        media_type: inspected.kind.as_str().to_owned(),
        width: i32::try_from(inspected.width).unwrap_or(i32::MAX),
        height: i32::try_from(inspected.height).unwrap_or(i32::MAX),
        bytes: i64::try_from(bytes.len()).unwrap_or(i64::MAX),
        alt: None,
        caption: None,
        credit: None,
        copyright_holder: None,
        usage_terms: None,
        focal_x: 0.5,
        focal_y: 0.5,
        uploaded_by: uploader.map(str::to_owned),
        created_at: now,
        updated_at: now,
    };
    apply(&mut row, described, now)?;
    // The file first: a row never names an original that is not there.
    files.put_original(&inspected.hash, bytes)?;
    let inserted = db::write_transaction(conn, |conn| {
        if store::by_hash(conn, &row.content_hash)?.is_some() {
            return Ok(false);
        }
        store::insert(conn, &row)?;
        store::enqueue(conn, &row.id, now)?;
        Ok::<_, MediaError>(true)
    });
    let inserted = match inserted {
        Ok(inserted) => inserted,
        Err(error) => {
            // No row names the file: it goes, unless another upload of the same bytes
            // has one now (or the database cannot say, and the file stays).
            if matches!(store::by_hash(conn, &inspected.hash), Ok(None)) {
                let _ = files.remove_original(&inspected.hash);
            }
            return Err(error);
        }
    };
    if !inserted {
        // Another upload of the same bytes won the race: that is the image.
        let existing =
            store::by_hash(conn, &inspected.hash)?.context("an image found by its hash")?;
        return Ok((view(conn, desk, &existing)?, false));
    }
    Ok((view(conn, desk, &row)?, true))
}

/// `update`'s fields into `row`: texts trimmed (`""` clears), checked, the focal point in 0..1.
fn apply(row: &mut MediaRow, update: &ImageUpdate, now: NaiveDateTime) -> Result<(), MediaError> {
    let text = |field: &str, value: &Option<String>, into: &mut Option<String>| {
        let Some(value) = value else {
            return Ok(());
        };
        let value = value.trim();
        if value.chars().count() > MAX_IMAGE_TEXT {
            return Err(invalid(
                field,
                format!("`{field}` may be at most {MAX_IMAGE_TEXT} characters long"),
            ));
        }
        if let Some(c) = forbidden_char(value) {
            return Err(invalid(
                field,
                format!(
                    "`{field}` holds a character text may not: U+{:04X}",
                    u32::from(c)
                ),
            ));
        }
        *into = (!value.is_empty()).then(|| value.to_owned());
        Ok(())
    };
    text("alt", &update.alt, &mut row.alt)?;
    text("caption", &update.caption, &mut row.caption)?;
    text("credit", &update.credit, &mut row.credit)?;
    text(
        "copyright_holder",
        &update.copyright_holder,
        &mut row.copyright_holder,
    )?;
    text("usage_terms", &update.usage_terms, &mut row.usage_terms)?;
    if let Some(point) = update.focal_point {
        for (axis, value) in [("x", point.x), ("y", point.y)] {
            if !(0.0..=1.0).contains(&value) {
                return Err(invalid(
                    &format!("focal_point.{axis}"),
                    format!("`focal_point.{axis}` must be from 0 to 1, not {value}"),
                ));
            }
        }
        (row.focal_x, row.focal_y) = (point.x, point.y);
    }
    row.updated_at = now;
    Ok(())
}

/// The image with its renditions, as the API shows it.
pub fn view(conn: &mut DbConnection, desk: Desk, row: &MediaRow) -> Result<Image, MediaError> {
    let renditions = store::renditions_of(conn, std::slice::from_ref(&row.id))?;
    image(desk, row, &renditions)
}

/// The images of `ids` that are in the library, with their renditions, in two queries:
/// what articles show.
pub fn views(
    conn: &mut DbConnection,
    desk: Desk,
    ids: &[String],
) -> anyhow::Result<std::collections::HashMap<String, Image>> {
    if ids.is_empty() {
        return Ok(std::collections::HashMap::new());
    }
    let rows = store::by_ids(conn, ids)?;
    let renditions = store::renditions_of(conn, ids)?;
    rows.iter()
        .map(|row| {
            let image = image(desk, row, &renditions).map_err(|e| match e {
                MediaError::Storage(e) => e,
                other => anyhow::anyhow!(other.to_string()),
            })?;
            Ok((row.id.clone(), image))
        })
        .collect()
}

/// Where a rendition is served: its image, the start of its content hash (so the
/// address changes when the file does, and can be cached for good), its name.
pub fn rendition_url(row: &RenditionRow) -> String {
    format!(
        "/media/{}/{}/{}",
        row.media_id,
        &row.content_hash[..16],
        row.name
    )
}

fn image(desk: Desk, row: &MediaRow, renditions: &[RenditionRow]) -> Result<Image, MediaError> {
    let renditions = renditions
        .iter()
        .filter(|r| r.media_id == row.id)
        .map(|r| {
            Ok(Rendition {
                name: r.name.clone(),
                url: rendition_url(r),
                media_type: ImageType::parse(&r.media_type)
                    .with_context(|| format!("rendition {} has type {:?}", r.name, r.media_type))?,
                width: u32::try_from(r.width).unwrap_or_default(),
                height: u32::try_from(r.height).unwrap_or_default(),
                bytes: u64::try_from(r.bytes).unwrap_or_default(),
            })
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
    Ok(Image {
        renditions,
        id: row.id.parse().context("an image id is not a UUID")?,
        media_type: ImageType::parse(&row.media_type)
            .with_context(|| format!("image {} has type {:?}", row.id, row.media_type))?,
        width: u32::try_from(row.width).unwrap_or_default(),
        height: u32::try_from(row.height).unwrap_or_default(),
        bytes: u64::try_from(row.bytes).unwrap_or_default(),
        content_hash: row.content_hash.clone(),
        alt: row.alt.clone(),
        caption: row.caption.clone(),
        credit: row.credit.clone(),
        copyright_holder: row.copyright_holder.clone(),
        usage_terms: row.usage_terms.clone(),
        focal_point: FocalPoint {
            x: row.focal_x,
            y: row.focal_y,
        },
        uploaded_by: row.uploaded_by.as_deref().and_then(|u| u.parse().ok()),
        created_at: desk.local(row.created_at),
        updated_at: desk.local(row.updated_at),
    })
}

pub fn get(conn: &mut DbConnection, desk: Desk, id: &str) -> Result<Image, MediaError> {
    let row = store::by_id(conn, id)?.ok_or(MediaError::NotFound)?;
    view(conn, desk, &row)
}

/// A page of the library, newest first; `words` in alt text, caption or credit.
pub fn list(
    conn: &mut DbConnection,
    desk: Desk,
    words: Option<&str>,
    limit: usize,
    offset: usize,
) -> Result<super::Slice<Image>, MediaError> {
    let (rows, total) = store::list(
        conn,
        words.map(str::trim).filter(|w| !w.is_empty()),
        i64::try_from(limit).unwrap_or(i64::MAX),
        i64::try_from(offset).unwrap_or(i64::MAX),
    )?;
    let ids: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
    let renditions = store::renditions_of(conn, &ids)?;
    Ok(super::Slice {
        items: rows
            .iter()
            .map(|row| image(desk, row, &renditions))
            .collect::<Result<_, _>>()?,
        total: shared::Total::exact(u64::try_from(total).unwrap_or_default()),
    })
}

/// Who may change or remove an image: editors and admins any, others what they uploaded.
fn may_change(row: &MediaRow, user_id: &str, editor: bool) -> Result<(), MediaError> {
    if editor || row.uploaded_by.as_deref() == Some(user_id) {
        Ok(())
    } else {
        Err(MediaError::Forbidden(
            "authors change only the images they uploaded".into(),
        ))
    }
}

pub fn update(
    conn: &mut DbConnection,
    desk: Desk,
    (user_id, editor): (&str, bool),
    id: &str,
    update: &ImageUpdate,
) -> Result<Image, MediaError> {
    let now = desk.now();
    db::write_transaction(conn, |conn| {
        let mut row = store::by_id(conn, id)?.ok_or(MediaError::NotFound)?;
        may_change(&row, user_id, editor)?;
        let focal = (row.focal_x, row.focal_y);
        apply(&mut row, update, now)?;
        store::update(conn, &row)?;
        if focal != (row.focal_x, row.focal_y) {
            // The crops follow the new focal point; partners hear when they are made.
            store::enqueue(conn, &row.id, now)?;
        } else {
            let uses = store::public_uses(conn, id)?;
            db::changes::record_shown(conn, &uses, now)?;
        }
        view(conn, desk, &row)
    })
}

/// Removes the image and its original.
pub fn delete(
    conn: &mut DbConnection,
    files: &MediaStore,
    (user_id, editor): (&str, bool),
    id: &str,
) -> Result<(), MediaError> {
    let row = db::write_transaction(conn, |conn| {
        let row = store::by_id(conn, id)?.ok_or(MediaError::NotFound)?;
        may_change(&row, user_id, editor)?;
        let uses = store::public_uses(conn, id)?;
        if !uses.is_empty() {
            let slugs: Vec<&str> = uses.iter().map(|a| a.slug.as_str()).collect();
            return Err(MediaError::InUse(format!(
                "published articles show this image: {}; take it off them first",
                slugs.join(", ")
            )));
        }
        let portraits = crate::db::taxonomy::authors_with_photo(conn, id)?;
        if !portraits.is_empty() {
            return Err(MediaError::InUse(format!(
                "author profiles show this image: {}; take it off them first",
                portraits.join(", ")
            )));
        }
        store::delete(conn, id)?;
        Ok::<_, MediaError>(row)
    })?;
    files.remove_original(&row.content_hash)?;
    files.remove_renditions(&row.id, &[])?;
    Ok(())
}

/// How long a worker holds a job before another may take it over.
const CLAIM_SECONDS: i64 = 300;

/// Makes the renditions of one due image, if there is one: claims its job, renders
/// from the original, writes the files, then records them and ends the job in one
/// transaction. A failure is kept on the job, which is tried again later (30 s,
/// doubling, at most an hour). `Ok(None)` when nothing was due.
pub fn render_next(
    conn: &mut DbConnection,
    desk: Desk,
    files: &MediaStore,
) -> anyhow::Result<Option<String>> {
    let now = desk.now();
    let Some((id, attempts)) =
        store::claim_job(conn, now, now + chrono::Duration::seconds(CLAIM_SECONDS))?
    else {
        return Ok(None);
    };
    let made = (|| -> anyhow::Result<Vec<RenditionRow>> {
        let Some(row) = store::by_id(conn, &id)? else {
            return Ok(Vec::new());
        };
        let original = files.read_original(&row.content_hash)?;
        let renditions = super::renditions::render(&original, (row.focal_x, row.focal_y))?;
        renditions
            .into_iter()
            .map(|r| {
                let hash = sha256_hex(&r.bytes);
                let bytes = i64::try_from(r.bytes.len()).unwrap_or(i64::MAX);
                files.put_rendition(&id, &hash[..16], &r.name, r.bytes)?;
                Ok(RenditionRow {
                    media_id: id.clone(),
                    name: r.name,
                    media_type: r.kind.as_str().to_owned(),
                    width: i32::try_from(r.width).unwrap_or(i32::MAX),
                    height: i32::try_from(r.height).unwrap_or(i32::MAX),
                    bytes,
                    content_hash: hash,
                })
            })
            .collect()
    })();
    match made {
        Ok(rows) => {
            let kept: Vec<String> = rows
                .iter()
                .map(|r| format!("{}/{}", &r.content_hash[..16], r.name))
                .collect();
            db::write_transaction(conn, |conn| {
                // Deleted meanwhile: nothing to record.
                if store::by_id(conn, &id)?.is_some() {
                    store::set_renditions(conn, &id, &rows)?;
                    // What public articles show of it changed.
                    let uses = store::public_uses(conn, &id)?;
                    db::changes::record_shown(conn, &uses, now)?;
                }
                store::finish_job(conn, &id)
            })?;
            // The files of earlier renditions (another focal point), now no row's.
            files.remove_renditions(&id, &kept)?;
        }
        Err(error) => {
            let attempts = attempts.saturating_add(1);
            let wait = 30i64.saturating_mul(1 << attempts.clamp(0, 7)).min(3_600);
            tracing::warn!(image = %id, attempts, error = %format!("{error:#}"), "rendering failed");
            store::fail_job(
                conn,
                &id,
                attempts,
                now + chrono::Duration::seconds(wait),
                &format!("{error:#}"),
            )?;
        }
    }
    Ok(Some(id))
}

/// The background worker: every `media.poll_interval_ms`, renders what is due, one
/// image at a time, on the blocking pool.
pub async fn worker(pool: Pool, desk: Desk, settings: MediaSettings, files: MediaStore) {
    let mut tick =
        tokio::time::interval(std::time::Duration::from_millis(settings.poll_interval_ms));
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        loop {
            let (pool, files) = (pool.clone(), files.clone());
            let round = tokio::task::spawn_blocking(move || -> anyhow::Result<Option<String>> {
                let mut conn = pool.get().context("a database connection")?;
                render_next(&mut conn, desk, &files)
            })
            .await;
            match round {
                Ok(Ok(Some(_))) => continue,
                Ok(Ok(None)) => break,
                Ok(Err(error)) => {
                    tracing::error!(error = %format!("{error:#}"), "media worker round failed");
                    break;
                }
                Err(error) => {
                    tracing::error!(error = %error, "media worker panicked");
                    break;
                }
            }
        }
    }
}
