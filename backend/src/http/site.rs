//! The reader app as the server hands it out: its files under `/assets/`, and its
//! HTML for every app URL. For `/artikel/<slug>` the HTML head already carries the
//! article's title, description, canonical URL, OpenGraph tags and schema.org
//! JSON-LD, for crawlers and link previews that do not run WASM. A path the app
//! does not have, or an article that is not public, gets the same HTML with 404.

use std::collections::HashMap;
use std::path::Path;
use std::sync::OnceLock;

use actix_web::http::header;
use actix_web::web::Bytes;
use actix_web::{HttpRequest, HttpResponse, web};
use shared::Article;
use shared::render::escape_html;

use super::caching::{Encoding, Validated, compress, content_hash};
use super::error::ApiError;
use super::{AppState, public_origin, with_db};
use crate::domain;
use crate::domain::jsonld::{self, PUBLISHER};

/// The app's HTML marks the part of its head the server replaces.
const HEAD_START: &str = "<!--gi:head-->";
const HEAD_END: &str = "<!--/gi:head-->";
/// And where the API's base URL goes.
const API_BASE: &str = "{{api_base}}";
/// And which bundle the page loads: `frontend` (the reader's) or `newsroom`.
const APP: &str = "{{app}}";

const DEFAULT_DESCRIPTION: &str = "Berita internasional dalam bahasa Indonesia.";

/// Served when the app has not been built, so that `/` still says something useful.
const NOT_BUILT: &str = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">\
<!--gi:head--><title>Global Insight</title><!--/gi:head-->\
<meta name=\"gi-api-base\" content=\"{{api_base}}\"></head><body><main>\
<h1>Global Insight</h1><p>The reader app is not built. Run <code>scripts/build-frontend</code> \
(the README's run command does), or read the API at <a href=\"/docs/\">/docs/</a>.</p>\
</main></body></html>";

/// The built app: its HTML and its files, read once at start-up.
#[derive(Debug)]
pub struct Site {
    index: String,
    assets: HashMap<String, std::sync::Arc<Asset>>,
}

#[derive(Debug)]
struct Asset {
    body: Bytes,
    content_type: &'static str,
    hash: String,
    /// Compressed on first request, then kept.
    brotli: OnceLock<Bytes>,
    gzip: OnceLock<Bytes>,
}

impl Asset {
    fn encoded(&self, encoding: Encoding) -> Result<Bytes, ApiError> {
        let cell = match encoding {
            Encoding::Identity => return Ok(self.body.clone()),
            Encoding::Brotli => &self.brotli,
            Encoding::Gzip => &self.gzip,
        };
        if let Some(body) = cell.get() {
            return Ok(body.clone());
        }
        let body = Bytes::from(compress(encoding, &self.body)?);
        Ok(cell.get_or_init(|| body).clone())
    }
}

impl Site {
    /// Reads the app in `dir` (blocking: start-up runs it on the blocking pool).
    pub fn read(dir: &Path) -> Self {
        let index = match std::fs::read_to_string(dir.join("index.html")) {
            Ok(index) => index,
            Err(e) => {
                tracing::warn!(dir = %dir.display(), error = %e, "the reader app is not built");
                NOT_BUILT.to_owned()
            }
        };
        let mut assets = HashMap::new();
        if let Ok(entries) = std::fs::read_dir(dir.join("assets")) {
            for entry in entries.flatten() {
                let path = entry.path();
                let (Some(name), Ok(body)) = (
                    path.file_name().and_then(|n| n.to_str()).map(str::to_owned),
                    std::fs::read(&path),
                ) else {
                    continue;
                };
                assets.insert(
                    name.clone(),
                    std::sync::Arc::new(Asset {
                        hash: content_hash(&body),
                        content_type: content_type(&name),
                        body: Bytes::from(body),
                        brotli: OnceLock::new(),
                        gzip: OnceLock::new(),
                    }),
                );
            }
        }
        Self { index, assets }
    }

    /// The app's HTML with `head` in place of the default head, the API base and the bundle filled in.
    fn page(&self, head: &str, api_base: &str, app: &str) -> String {
        let html = self
            .index
            .replace(API_BASE, &escape_html(api_base))
            .replace(APP, app);
        match (html.find(HEAD_START), html.find(HEAD_END)) {
            (Some(start), Some(end)) if start < end => {
                format!("{}{head}{}", &html[..start], &html[end + HEAD_END.len()..])
            }
            _ => html,
        }
    }
}

fn content_type(name: &str) -> &'static str {
    match name.rsplit('.').next() {
        Some("wasm") => "application/wasm",
        Some("js") => "text/javascript; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("ico") => "image/x-icon",
        Some("woff2") => "font/woff2",
        Some("json") => "application/json",
        _ => "application/octet-stream",
    }
}

/// `GET /assets/{name}`: the app's files, revalidated with their ETag on every use.
pub async fn asset(
    req: HttpRequest,
    state: web::Data<AppState>,
    name: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let asset = state
        .site
        .assets
        .get(name.as_str())
        .ok_or_else(|| ApiError::not_found(format!("There is no asset {name}")))?
        .clone();
    if asset.gzip.get().is_none() {
        // First request for this file: compress it once, off the async worker.
        let warm = asset.clone();
        web::block(move || {
            warm.encoded(Encoding::Brotli)?;
            warm.encoded(Encoding::Gzip)
        })
        .await
        .map_err(ApiError::internal)??;
    }
    Validated {
        hash: &asset.hash,
        len: asset.body.len(),
        content_type: asset.content_type,
        vary: "Accept-Encoding",
        cache_control: "public, no-cache".into(),
        last_modified: None,
        link: None,
    }
    .send(&req, |encoding| asset.encoded(encoding))
}

/// What an app URL is.
enum AppPath<'a> {
    Page,
    /// The newsroom: the app's, but not for search engines.
    Staff,
    Article(&'a str),
    Unknown,
}

fn classify(path: &str) -> AppPath<'_> {
    let segments: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    use shared::urls::{ARTICLE, AUTHOR, ENTITY, NEWSROOM, SEARCH, SECTION, TAG};
    match segments.as_slice() {
        [""] => AppPath::Page,
        [search] if *search == SEARCH => AppPath::Page,
        [first, slug] if *first == ARTICLE && !slug.is_empty() => AppPath::Article(slug),
        [first, slug] if [SECTION, TAG, AUTHOR, ENTITY].contains(first) && !slug.is_empty() => {
            AppPath::Page
        }
        [newsroom] | [newsroom, "tulis" | "media"] if *newsroom == NEWSROOM => AppPath::Staff,
        [newsroom, "artikel", id] | [newsroom, "artikel", id, "riwayat"]
            if *newsroom == NEWSROOM && !id.is_empty() =>
        {
            AppPath::Staff
        }
        _ => AppPath::Unknown,
    }
}

/// The app's HTML for `req`'s path (GET and HEAD on anything outside the API).
pub async fn page(
    req: &HttpRequest,
    state: &web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let site = &state.site;
    let api_base = &state.settings.web.api_base;
    let path = classify(req.path());
    let staff = matches!(path, AppPath::Staff);
    let (found, head) = match path {
        AppPath::Page => (true, default_head()),
        AppPath::Staff => (
            true,
            format!(
                "{}<meta name=\"robots\" content=\"noindex, nofollow\">",
                default_head()
            ),
        ),
        AppPath::Unknown => (false, default_head()),
        AppPath::Article(slug) => {
            let slug = slug.to_owned();
            let article = with_db(state, move |conn, desk| {
                domain::articles::published_by_slug(conn, desk, &slug)
            })
            .await?;
            match article {
                Some(article) => (
                    true,
                    article_head(&article, &public_origin(req, state)?.url),
                ),
                None => (false, default_head()),
            }
        }
    };
    let bundle = if staff { "newsroom" } else { "frontend" };
    let html = site.page(&head, api_base, bundle);
    const HTML: &str = "text/html; charset=utf-8";
    let csp = content_security_policy(api_base);
    if !found {
        return Ok(HttpResponse::NotFound()
            .insert_header((header::CACHE_CONTROL, "no-cache"))
            .insert_header((header::CONTENT_SECURITY_POLICY, csp))
            .content_type(HTML)
            .body(html));
    }
    let mut response = Validated {
        hash: &content_hash(html.as_bytes()),
        len: html.len(),
        content_type: HTML,
        vary: "Accept-Encoding",
        cache_control: "public, no-cache".into(),
        last_modified: None,
        link: None,
    }
    .send(req, |encoding| compress(encoding, html.as_bytes()))?;
    if let Ok(value) = header::HeaderValue::from_str(&csp) {
        response
            .headers_mut()
            .insert(header::CONTENT_SECURITY_POLICY, value);
    }
    Ok(response)
}

/// The app's pages run only the app's own scripts (no inline script, so markup that
/// got into an article could not run), talk only to their origin and the API's.
fn content_security_policy(api_base: &str) -> String {
    let api_origin = url::Url::parse(api_base)
        .ok()
        .filter(|u| matches!(u.scheme(), "http" | "https"))
        .map(|u| format!(" {}", u.origin().ascii_serialization()))
        .unwrap_or_default();
    format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; \
         img-src 'self' data: https:; connect-src 'self'{api_origin}; object-src 'none'; \
         base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    )
}

/// The API's documentation (Swagger UI at `/docs/`) runs only the scripts it is
/// served with, talks only to this origin, and may not be framed. Swagger UI styles
/// its elements in script, hence inline styles.
pub const DOCS_CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; \
    style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; \
    object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// The middleware that gives the documentation's answers their policy, decided by
/// the route they matched.
pub async fn docs_policy(
    req: actix_web::dev::ServiceRequest,
    next: actix_web::middleware::Next<impl actix_web::body::MessageBody + 'static>,
) -> Result<actix_web::dev::ServiceResponse<impl actix_web::body::MessageBody>, actix_web::Error> {
    let mut response = next.call(req).await?;
    let docs = response
        .request()
        .match_pattern()
        .is_some_and(|pattern| pattern == "/docs" || pattern.starts_with("/docs/"));
    if docs {
        response.headers_mut().insert(
            header::CONTENT_SECURITY_POLICY,
            header::HeaderValue::from_static(DOCS_CONTENT_SECURITY_POLICY),
        );
    }
    Ok(response)
}

fn default_head() -> String {
    format!(
        "<title>{PUBLISHER}</title><meta name=\"description\" content=\"{}\">",
        escape_html(DEFAULT_DESCRIPTION)
    )
}

fn article_head(article: &Article, origin: &str) -> String {
    let url = format!("{origin}{}", shared::urls::article(&article.slug));
    let description = jsonld::description(article);
    let locale = match article.language.as_str() {
        "id" => "id_ID",
        "en" => "en_GB",
        _ => "",
    };
    let mut meta = vec![
        ("property", "og:type", "article".to_owned()),
        ("property", "og:site_name", PUBLISHER.to_owned()),
        ("property", "og:title", article.headline.clone()),
        ("property", "og:description", description.clone()),
        ("property", "og:url", url.clone()),
        ("property", "og:locale", locale.to_owned()),
        ("property", "article:section", article.section.name.clone()),
        (
            "property",
            "article:modified_time",
            article.updated_at.to_rfc3339(),
        ),
    ];
    // The social card: the featured image's 1200×630 crop (JPEG, read everywhere).
    let card = article.featured().and_then(|image| {
        let rendition = image
            .renditions
            .iter()
            .find(|r| r.name.starts_with("social-") && r.name.ends_with(".jpg"))?;
        Some((image, rendition))
    });
    match card {
        Some((image, rendition)) => {
            let alt = image.alt.clone().unwrap_or_default();
            meta.extend([
                ("property", "og:image", format!("{origin}{}", rendition.url)),
                (
                    "property",
                    "og:image:type",
                    rendition.media_type.as_str().to_owned(),
                ),
                ("property", "og:image:width", rendition.width.to_string()),
                ("property", "og:image:height", rendition.height.to_string()),
                ("property", "og:image:alt", alt.clone()),
                ("name", "twitter:card", "summary_large_image".to_owned()),
                ("name", "twitter:image:alt", alt),
            ]);
        }
        None => meta.push(("name", "twitter:card", "summary".to_owned())),
    }
    if let Some(at) = &article.published_at {
        meta.push(("property", "article:published_time", at.to_rfc3339()));
    }
    for tag in &article.tags {
        meta.push(("property", "article:tag", tag.name.clone()));
    }
    for author in article.byline.iter().flat_map(|b| &b.authors) {
        meta.push(("property", "article:author", author.name.clone()));
    }
    let mut head = format!(
        "<title>{} — {PUBLISHER}</title>\n<meta name=\"description\" content=\"{}\">\n\
         <link rel=\"canonical\" href=\"{}\">\n",
        escape_html(&article.headline),
        escape_html(&description),
        escape_html(&url),
    );
    for (attribute, key, value) in meta.into_iter().filter(|(_, _, v)| !v.is_empty()) {
        head.push_str(&format!(
            "<meta {attribute}=\"{key}\" content=\"{}\">\n",
            escape_html(&value)
        ));
    }
    head.push_str(&format!(
        "<script type=\"application/ld+json\">{}</script>",
        jsonld::script_safe(&jsonld::news_article(article, origin))
    ));
    head
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn app_paths_are_told_apart() {
        assert!(matches!(classify("/"), AppPath::Page));
        assert!(matches!(classify("/cari"), AppPath::Page));
        assert!(matches!(classify("/rubrik/internasional"), AppPath::Page));
        assert!(matches!(classify("/artikel/abc"), AppPath::Article("abc")));
        assert!(matches!(classify("/artikel/"), AppPath::Unknown));
        assert!(matches!(classify("/artikel/a/b"), AppPath::Unknown));
        assert!(matches!(classify("/wp-admin"), AppPath::Unknown));
        assert!(matches!(classify("/redaksi"), AppPath::Staff));
        assert!(matches!(
            classify("/redaksi/artikel/x/riwayat"),
            AppPath::Staff
        ));
        assert!(matches!(classify("/redaksi/media"), AppPath::Staff));
        assert!(matches!(classify("/redaksi/lain"), AppPath::Unknown));
    }

    #[test]
    fn the_head_is_replaced_and_the_api_base_filled_in() {
        let site = Site {
            index: "<head><!--gi:head--><title>x</title><!--/gi:head-->\
                    <meta name=\"gi-api-base\" content=\"{{api_base}}\"></head>"
                .into(),
            assets: HashMap::new(),
        };
        assert_eq!(
            site.page("<title>y</title>", "http://api.test/v1?a=\"b\"", "frontend"),
            "<head><title>y</title><meta name=\"gi-api-base\" content=\"http://api.test/v1?a=&quot;b&quot;\"></head>"
        );
    }
}
