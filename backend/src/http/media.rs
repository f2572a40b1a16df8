//! `/api/v1/newsroom/media`: the image library (staff). Upload as
//! `multipart/form-data` — the file and, optionally, what editors say about it — then
//! list, search, read, edit and delete.

use actix_multipart::Multipart;
use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, delete, get, patch, post, web};
use futures_util::StreamExt as _;
use shared::media::{FocalPoint, Image, ImagePage, ImageUpdate};
use shared::query::ListImagesQuery;
use shared::staff::Role;
use shared::{ErrorCode, ImageId};

use super::auth::AuthUser;
use super::body::JsonBody;
use super::error::ApiError;
use super::path::PathId;
use super::query::{NoQuery, Query};
use super::taxonomy::page_of;
use super::{AppState, with_db};
use crate::domain::media::{self as domain, MediaError, MediaStore};

impl From<MediaError> for ApiError {
    fn from(e: MediaError) -> Self {
        match e {
            MediaError::Unsupported(message) => {
                ApiError::field(ErrorCode::UnsupportedMediaType, "file", message)
            }
            MediaError::TooLarge(message) => {
                ApiError::field(ErrorCode::PayloadTooLarge, "file", message)
            }
            MediaError::Invalid { field, message } => {
                ApiError::field(ErrorCode::InvalidBody, &field, message)
            }
            MediaError::NotFound => ApiError::not_found("No such image"),
            MediaError::Forbidden(message) => ApiError::forbidden(message),
            MediaError::InUse(message) => ApiError::new(ErrorCode::Conflict, message),
            MediaError::Storage(e) => ApiError::internal(e),
        }
    }
}

/// The upload form, as the contract describes it (read by `read_upload`).
#[derive(Debug, utoipa::ToSchema)]
#[allow(dead_code)] // a documentation type: only its schema is used
pub struct ImageUpload {
    /// The image: JPEG, PNG, WebP or GIF (its type is read from the bytes). At most
    /// `media.max_upload_mb` (25 MB) and `media.max_megapixels` (50).
    #[schema(value_type = String, format = Binary)]
    file: Vec<u8>,
    alt: Option<String>,
    caption: Option<String>,
    credit: Option<String>,
    copyright_holder: Option<String>,
    usage_terms: Option<String>,
    /// The focal point, 0..1 from the left.
    #[schema(minimum = 0.0, maximum = 1.0)]
    focal_x: Option<f64>,
    /// The focal point, 0..1 from the top.
    #[schema(minimum = 0.0, maximum = 1.0)]
    focal_y: Option<f64>,
}

/// The most bytes of one text field of the upload form.
const MAX_FORM_TEXT: usize = 8 * 1024;

/// Reads the form: exactly one `file`, each other field at most once, none unknown.
async fn read_upload(
    mut form: Multipart,
    max_file: u64,
) -> Result<(Vec<u8>, ImageUpdate), ApiError> {
    let refused = |e: actix_multipart::MultipartError| {
        ApiError::new(
            ErrorCode::UnsupportedMediaType,
            format!("The body must be multipart/form-data with a `file` part: {e}"),
        )
    };
    let mut file: Option<Vec<u8>> = None;
    let mut texts: Vec<(String, String)> = Vec::new();
    let mut focal: (Option<f64>, Option<f64>) = (None, None);
    while let Some(field) = form.next().await {
        let mut field = field.map_err(refused)?;
        let name = field.name().unwrap_or_default().to_owned();
        let known = matches!(
            name.as_str(),
            "file"
                | "alt"
                | "caption"
                | "credit"
                | "copyright_holder"
                | "usage_terms"
                | "focal_x"
                | "focal_y"
        );
        if !known {
            return Err(ApiError::field(
                ErrorCode::InvalidBody,
                &name,
                format!(
                    "`{name}` is not a field of the upload; it takes file, alt, caption, credit, copyright_holder, usage_terms, focal_x, focal_y"
                ),
            ));
        }
        if (name == "file" && file.is_some()) || texts.iter().any(|(n, _)| *n == name) {
            return Err(ApiError::field(
                ErrorCode::InvalidBody,
                &name,
                format!("`{name}` may be given only once"),
            ));
        }
        let limit = if name == "file" {
            usize::try_from(max_file).unwrap_or(usize::MAX)
        } else {
            MAX_FORM_TEXT
        };
        let mut bytes = Vec::new();
        while let Some(chunk) = field.next().await {
            let chunk = chunk.map_err(refused)?;
            if bytes.len() + chunk.len() > limit {
                return Err(if name == "file" {
                    MediaError::TooLarge(format!(
                        "the file has more than {max_file} bytes; at most {} MB (media.max_upload_mb)",
                        max_file / 1_000_000
                    ))
                    .into()
                } else {
                    ApiError::field(
                        ErrorCode::InvalidBody,
                        &name,
                        format!("`{name}` may be at most {MAX_FORM_TEXT} bytes"),
                    )
                });
            }
            bytes.extend_from_slice(&chunk);
        }
        if name == "file" {
            file = Some(bytes);
            continue;
        }
        let text = String::from_utf8(bytes).map_err(|_| {
            ApiError::field(
                ErrorCode::InvalidBody,
                &name,
                format!("`{name}` must be UTF-8 text"),
            )
        })?;
        if name.starts_with("focal_") {
            let value = text
                .trim()
                .parse::<f64>()
                .ok()
                .filter(|v| v.is_finite())
                .ok_or_else(|| {
                    ApiError::field(
                        ErrorCode::InvalidBody,
                        &name,
                        format!("`{name}` must be a number from 0 to 1, not {text:?}"),
                    )
                })?;
            if name == "focal_x" {
                focal.0 = Some(value);
            } else {
                focal.1 = Some(value);
            }
        }
        texts.push((name, text));
    }
    let file = file.ok_or_else(|| {
        ApiError::field(
            ErrorCode::InvalidBody,
            "file",
            "the upload needs a `file` part",
        )
    })?;
    let text = |name: &str| {
        texts
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, t)| t.clone())
    };
    let focal_point = match focal {
        (None, None) => None,
        (x, y) => Some(FocalPoint {
            x: x.unwrap_or(0.5),
            y: y.unwrap_or(0.5),
        }),
    };
    Ok((
        file,
        ImageUpdate {
            alt: text("alt"),
            caption: text("caption"),
            credit: text("credit"),
            copyright_holder: text("copyright_holder"),
            usage_terms: text("usage_terms"),
            focal_point,
        },
    ))
}

fn store(state: &AppState) -> MediaStore {
    state.media.clone()
}

fn editor(auth: &AuthUser) -> (String, bool) {
    (
        auth.user.id.clone(),
        matches!(auth.role, Role::Editor | Role::Admin),
    )
}

/// Upload an image
///
/// Any staff member. The type is read from the bytes (JPEG, PNG, WebP, GIF); SVG, HTML,
/// PDF and files that are an image and markup at once are refused (415). The image is
/// checked before it is decoded (pixels, aspect ratio) and decoded whole (a damaged or
/// truncated file is refused); nothing is kept of a refused upload. The same bytes
/// uploaded again are the same image (200, nothing changes). The original is kept
/// privately; readers get renditions made from it without its metadata.
#[utoipa::path(
    operation_id = "uploadImage",
    tag = "media",
    security(("bearer" = [])),
    request_body(content = ImageUpload, content_type = "multipart/form-data"),
    responses(
        (status = 201, description = "A new image of the library", body = Image,
            headers(("Location" = String, description = "The image's address"))),
        (status = 200, description = "These bytes were in the library already: that image", body = Image),
        (status = 400, response = super::BadRequestBody),
        (status = 401, response = super::Unauthorized),
        (status = 413, response = super::TooLarge),
        (status = 415, description = "Not multipart/form-data, or not an image the library takes",
            body = shared::Problem, content_type = "application/problem+json"),
        (status = 503, response = super::Unavailable),
    )
)]
#[post("/newsroom/media")]
pub async fn upload_image(
    _: NoQuery,
    auth: AuthUser,
    state: web::Data<AppState>,
    form: Multipart,
) -> Result<HttpResponse, ApiError> {
    let limits = state.settings.media.clone();
    let (bytes, described) = read_upload(form, limits.max_upload_bytes()).await?;
    let files = store(&state);
    let uploader = auth.user.id.clone();
    let (image, new) = with_db(&state, move |conn, desk| {
        domain::upload(
            conn,
            desk,
            &files,
            &limits,
            Some(&uploader),
            &bytes,
            &described,
        )
    })
    .await?;
    Ok(if new {
        HttpResponse::Created()
            .insert_header((
                header::LOCATION,
                format!("{}/newsroom/media/{}", super::API_V1, image.id),
            ))
            .json(image)
    } else {
        HttpResponse::Ok().json(image)
    })
}

/// List and search the image library
///
/// Newest first; `q` finds words in the alt text, caption or credit.
#[utoipa::path(
    operation_id = "listImages",
    tag = "media",
    security(("bearer" = [])),
    params(ListImagesQuery),
    responses(
        (status = 200, description = "A page of images", body = ImagePage,
            headers(("Link" = String, description = "RFC 8288 links: first, last, prev, next"))),
        (status = 400, response = super::BadRequest),
        (status = 401, response = super::Unauthorized),
        (status = 503, response = super::Unavailable),
    )
)]
#[get("/newsroom/media")]
pub async fn list_images(
    req: HttpRequest,
    query: Query<ListImagesQuery>,
    _auth: AuthUser,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let words = query.q.clone();
    let (page, link) = page_of(
        &req,
        &state,
        &query,
        (query.page, query.per_page),
        move |conn, desk, offset, limit| {
            domain::list(conn, desk, words.as_deref(), limit, offset).map_err(anyhow::Error::from)
        },
    )
    .await?;
    let mut response = HttpResponse::Ok();
    response.insert_header((header::LINK, link));
    Ok(super::newsroom::staff_answer(response, &page))
}

/// Get an image of the library
#[utoipa::path(
    operation_id = "getImage",
    tag = "media",
    security(("bearer" = [])),
    params(("id" = ImageId, Path, description = "The image's id")),
    responses(
        (status = 200, description = "The image", body = Image),
        (status = 400, response = super::BadRequest),
        (status = 401, response = super::Unauthorized),
        (status = 404, description = "No such image", body = shared::Problem,
            content_type = "application/problem+json"),
        (status = 503, response = super::Unavailable),
    )
)]
#[get("/newsroom/media/{id}")]
pub async fn get_image(
    _: NoQuery,
    _auth: AuthUser,
    state: web::Data<AppState>,
    PathId(id): PathId<ImageId>,
) -> Result<HttpResponse, ApiError> {
    let id = id.to_string();
    let image = with_db(&state, move |conn, desk| domain::get(conn, desk, &id)).await?;
    Ok(super::newsroom::staff_answer(HttpResponse::Ok(), &image))
}

/// Edit what is said about an image
///
/// Alt text, caption, credit, copyright holder, usage terms, focal point: only the
/// fields given change; `""` clears a text. Editors and admins any image, authors the
/// ones they uploaded.
#[utoipa::path(
    operation_id = "updateImage",
    tag = "media",
    security(("bearer" = [])),
    params(("id" = ImageId, Path, description = "The image's id")),
    request_body = ImageUpdate,
    responses(
        (status = 200, description = "The image as it now is", body = Image),
        (status = 400, response = super::BadRequestBody),
        (status = 401, response = super::Unauthorized),
        (status = 403, response = super::Forbidden),
        (status = 404, description = "No such image", body = shared::Problem,
            content_type = "application/problem+json"),
        (status = 413, response = super::TooLarge),
        (status = 415, response = super::NotJson),
        (status = 503, response = super::Unavailable),
    )
)]
#[patch("/newsroom/media/{id}")]
pub async fn update_image(
    _: NoQuery,
    auth: AuthUser,
    state: web::Data<AppState>,
    PathId(id): PathId<ImageId>,
    body: JsonBody<ImageUpdate>,
) -> Result<HttpResponse, ApiError> {
    let (user, editor) = editor(&auth);
    let (id, update) = (id.to_string(), body.0);
    let image = with_db(&state, move |conn, desk| {
        domain::update(conn, desk, (&user, editor), &id, &update)
    })
    .await?;
    Ok(HttpResponse::Ok().json(image))
}

/// Delete an image
///
/// Removes the image and its original. Editors and admins any image, authors the ones
/// they uploaded.
#[utoipa::path(
    operation_id = "deleteImage",
    tag = "media",
    security(("bearer" = [])),
    params(("id" = ImageId, Path, description = "The image's id")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 400, response = super::BadRequest),
        (status = 401, response = super::Unauthorized),
        (status = 403, response = super::Forbidden),
        (status = 404, description = "No such image", body = shared::Problem,
            content_type = "application/problem+json"),
        (status = 409, description = "Published articles show it; the problem names them", body = shared::Problem,
            content_type = "application/problem+json"),
        (status = 503, response = super::Unavailable),
    )
)]
#[delete("/newsroom/media/{id}")]
pub async fn delete_image(
    _: NoQuery,
    auth: AuthUser,
    state: web::Data<AppState>,
    PathId(id): PathId<ImageId>,
) -> Result<HttpResponse, ApiError> {
    let (user, editor) = editor(&auth);
    let id = id.to_string();
    let files = store(&state);
    with_db(&state, move |conn, _| {
        domain::delete(conn, &files, (&user, editor), &id)
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Get a rendition of an image
///
/// What readers get: a file the worker made from the original without its metadata.
/// The address names the file's content (the start of its SHA-256), so it is cached for
/// a year (`immutable`); a changed crop has a new address, and the old one is 404.
#[utoipa::path(
    operation_id = "getRendition",
    tag = "site",
    params(
        ("id" = ImageId, Path, description = "The image's id"),
        ("hash" = String, Path, description = "The first 16 hex digits of the file's SHA-256", pattern = "^[0-9a-f]{16}$"),
        ("name" = String, Path, description = "The rendition's name", example = "w640.webp"),
    ),
    responses(
        (status = 200, description = "The rendition",
            content(
                (Vec<u8> = "image/webp"),
                (Vec<u8> = "image/jpeg"),
            ),
            headers(
                ("ETag" = String, description = "The start of the file's SHA-256, as in the address"),
                ("Cache-Control" = String, description = "`public, max-age=31536000, immutable`"),
            )),
        (status = 304, response = super::NotModified),
        (status = 400, response = super::BadRequest),
        (status = 404, description = "No such rendition (or no longer at this address)",
            body = shared::Problem, content_type = "application/problem+json"),
        (status = 503, response = super::Unavailable),
    )
)]
#[get("/media/{id}/{hash}/{name}")]
pub async fn get_rendition(
    req: HttpRequest,
    _: NoQuery,
    state: web::Data<AppState>,
    PathId(id): PathId<ImageId>,
    path: web::Path<(String, String, String)>,
) -> Result<HttpResponse, ApiError> {
    let (_, hash, name) = path.into_inner();
    let id = id.to_string();
    let missing = || ApiError::not_found("No such rendition");
    // The address names the file: the hash's start, and a name the worker gives. Only
    // those reach the store (no other text becomes a path); no database is asked.
    let hash_ok = hash.len() == 16 && hash.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'));
    let content_type = match rendition_type(&name) {
        Some(content_type) if hash_ok => content_type,
        _ => return Err(missing()),
    };
    let etag = format!("\"{hash}\"");
    let cache_control = "public, max-age=31536000, immutable";
    if super::caching::not_modified(&req, &hash, None) {
        return Ok(HttpResponse::NotModified()
            .insert_header((header::ETAG, etag))
            .insert_header((header::CACHE_CONTROL, cache_control))
            .finish());
    }
    let bytes = store(&state)
        .rendition(&id, &hash, &name)
        .await
        .map_err(ApiError::internal)?
        .ok_or_else(missing)?;
    let mut response = HttpResponse::Ok().content_type(content_type).body(bytes);
    let headers = response.headers_mut();
    headers.insert(header::ETAG, etag.parse().map_err(|_| missing())?);
    headers.insert(
        header::CACHE_CONTROL,
        header::HeaderValue::from_static(cache_control),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        header::HeaderValue::from_static("nosniff"),
    );
    Ok(response)
}

/// The type of a rendition by its name (`w640.webp`, `16x9-1024.jpg`); `None` for any
/// name the worker does not give.
fn rendition_type(name: &str) -> Option<&'static str> {
    let (stem, extension) = name.rsplit_once('.')?;
    let sized = |rest: &str| {
        !rest.is_empty() && rest.len() <= 5 && rest.bytes().all(|b| b.is_ascii_digit())
    };
    let known = stem.strip_prefix('w').is_some_and(sized)
        || ["16x9-", "4x3-", "1x1-", "social-"]
            .iter()
            .any(|crop| stem.strip_prefix(crop).is_some_and(sized));
    match extension {
        "webp" if known => Some("image/webp"),
        "jpg" if known => Some("image/jpeg"),
        _ => None,
    }
}
