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

use actix_web::ResponseError as _;
use actix_web::http::StatusCode;
use frontend::i18n::Lang;
use frontend::route::Route;
use yew_router::Routable as _;

use super::caching::{Encoding, Representation, Validated, compress, content_hash};
use super::error::ApiError;
use super::forwarded::client_ip;
use super::response_cache::ResponseCache;
use super::{AppState, public_origin, render, with_db};
use crate::domain::jsonld::{self, PUBLISHER};
use crate::domain::newsroom::Opened;
use shared::live::LiveEntryPage;

/// The app's HTML marks the part of its head the server replaces.
const HEAD_START: &str = "<!--gi:head-->";
const HEAD_END: &str = "<!--/gi:head-->";
/// And where the API's base URL goes.
const API_BASE: &str = "{{api_base}}";
/// And which bundle the page loads: `frontend` (the reader's) or `newsroom`.
const APP: &str = "{{app}}";
/// And the page's language.
const LANG: &str = "{{lang}}";
/// And where its body goes: the app's HTML and its start.
const BODY: &str = "<!--gi:body-->";

const DEFAULT_DESCRIPTION: &str = "Berita internasional dalam bahasa Indonesia.";

/// Served when the app has not been built: the pages the server renders, without
/// the app's style and script.
const NOT_BUILT: &str = "<!doctype html><html lang=\"{{lang}}\"><head><meta charset=\"utf-8\">\
<!--gi:head--><title>Global Insight</title><!--/gi:head-->\
<meta name=\"gi-api-base\" content=\"{{api_base}}\"></head><body>\
<p>The reader app is not built. Run <code>scripts/build-frontend</code> \
(the README's run command does), or read the API at <a href=\"/docs/\">/docs/</a>.</p>\
<!--gi:body--></body></html>";

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

    /// The app's HTML with `head` in place of the default head, the API base, the
    /// bundle, the language and the body filled in.
    fn page(&self, head: &str, api_base: &str, app: &str, lang: Lang, body: &str) -> String {
        let html = self
            .index
            .replace(API_BASE, &escape_html(api_base))
            .replace(APP, app)
            .replace(LANG, lang.code())
            .replacen(BODY, body, 1);
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

/// The reader's app's HTML for `req`'s URL (GET and HEAD on anything outside the
/// API): the page rendered by the app's components with its data, its head filled
/// in, kept in the response cache while the content stands. The newsroom's pages are
/// sent empty for its bundle to render (they say that they need script). What the
/// app's router does not know, or an article that is not public, is the app's 404
/// page with status 404.
pub async fn page(
    req: &HttpRequest,
    state: &web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let api_base = state.settings.web.api_base.clone();
    // The URL as the browser holds it (percent-encoded): the app's router reads it so.
    let url = req
        .uri()
        .path_and_query()
        .map_or("/", |pq| pq.as_str())
        .to_owned();
    let route = Route::recognize(req.uri().path()).unwrap_or(Route::NotFound);
    let lang = req
        .cookie(frontend::LANG_COOKIE)
        .and_then(|c| Lang::from_code(c.value()))
        .unwrap_or_default();
    let csp = content_security_policy(&api_base);
    // A draft's preview link: once the article is public, to its page.
    if let Route::Preview { token } = &route {
        let token = token.clone();
        let opened = with_db(state, move |conn, desk| {
            Ok::<_, ApiError>(crate::domain::newsroom::open_preview(conn, desk, &token).ok())
        })
        .await?;
        if let Some(Opened::Public { slug }) = opened {
            return Ok(super::previews::private(
                HttpResponse::SeeOther()
                    .insert_header((header::LOCATION, shared::urls::article(&slug)))
                    .finish(),
            ));
        }
    }
    let preview = matches!(route, Route::Preview { .. });
    let mut response = if route.is_staff() {
        let start = frontend::start::Start {
            lang,
            ..Default::default()
        };
        let body = format!(
            "<noscript><p class=\"boot-error\">{}</p></noscript><div id=\"app\"></div>{}",
            lang.desk().needs_script,
            start_element(&serde_json::to_string(&start).map_err(ApiError::internal)?)
        );
        let head = format!(
            "{}<meta name=\"robots\" content=\"noindex, nofollow\">",
            default_head(None, None)
        );
        let html = state.site.page(&head, &api_base, "newsroom", lang, &body);
        Representation::new(
            html.into_bytes(),
            HTML,
            "Accept-Encoding, Cookie",
            "private, no-cache".into(),
        )
        .send(req)?
    } else {
        let origin = public_origin(req, state)?;
        let kept = canonical(
            &route,
            req.uri().path(),
            req.uri().query().unwrap_or_default(),
        );
        // Heads name the site's address: one the request named is not kept for others.
        let key = kept
            .as_ref()
            .filter(|_| origin.configured)
            .map(|url| format!("page {} {url}", lang.code()));
        let canonical_url = kept.clone();
        let url = kept.unwrap_or(url);
        let searching = state.searching();
        let site = state.site.clone();
        // Every page the server has to make counts against the client's limit, as the
        // API's requests do (a search page is a search); pages kept in the cache do
        // not, so readers behind one address are not refused what is already made.
        let client = client_ip(req, &state.settings.auth.trusted_proxies);
        let limiter = state.limiter.clone();
        ResponseCache::respond(state, req, key, move |conn, desk| {
            let standing = limiter.hit(&client, None, std::time::Instant::now());
            if !standing.allowed {
                return Err(ApiError::too_many_requests(
                    standing.reset,
                    format!(
                        "This client asked for {} pages the server had to make in {} seconds; \
                         try again in {} seconds.",
                        standing.limit, standing.window, standing.reset
                    ),
                ));
            }
            let page = render::render(conn, desk, &searching, &url, lang)?;
            let head = match &page.article {
                Some(article) => article_head(article, page.entries.as_ref(), &origin.url),
                // A draft: its title, for no one to index or follow.
                None if preview => format!(
                    "{}<meta name=\"robots\" content=\"noindex, nofollow\">",
                    default_head(page.title.as_deref(), None)
                ),
                None => page_head(&page, canonical_url.as_deref(), &origin.url),
            };
            let body = format!(
                "<div id=\"app\">{}</div>{}",
                page.html,
                start_element(&page.start)
            );
            let html = site.page(&head, &api_base, "frontend", lang, &body);
            let status = StatusCode::from_u16(page.status).unwrap_or(StatusCode::NOT_FOUND);
            let cache_control = if preview {
                "private, no-store"
            } else {
                "public, no-cache"
            };
            Ok(Representation::new(
                html.into_bytes(),
                HTML,
                "Accept-Encoding, Cookie",
                cache_control.into(),
            )
            .status(status))
        })
        .await?
    };
    if preview {
        response = super::previews::private(response);
    }
    if let Ok(value) = header::HeaderValue::from_str(&csp) {
        response
            .headers_mut()
            .insert(header::CONTENT_SECURITY_POLICY, value);
    }
    Ok(response)
}

const HTML: &str = "text/html; charset=utf-8";

/// The URL a reader's page is rendered for and kept under: its path and what of the
/// query the page reads — nothing, or a listing's `halaman` — so that links with
/// tracking parameters (`?utm_source=…`, `?fbclid=…`) share the page. `None` for
/// search, whose every query is a page of its own: rendered as asked and not kept
/// (as the API's search answers are not).
fn canonical(route: &Route, path: &str, query: &str) -> Option<String> {
    match route {
        // Every search its own page; a draft's preview never kept.
        Route::Search | Route::Preview { .. } => None,
        Route::Section { .. } | Route::Tag { .. } | Route::Author { .. } | Route::Entity { .. } => {
            let page = url::form_urlencoded::parse(query.as_bytes())
                .find(|(name, _)| name == "halaman")
                .map(|(_, value)| value.into_owned());
            Some(match page {
                Some(page) => format!(
                    "{path}?{}",
                    url::form_urlencoded::Serializer::new(String::new())
                        .append_pair("halaman", &page)
                        .finish()
                ),
                None => path.to_owned(),
            })
        }
        _ => Some(path.to_owned()),
    }
}

/// The page's start as data: JSON in a `<script>` element of a type no browser runs
/// (the Content-Security-Policy forbids inline scripts; this is none).
fn start_element(json: &str) -> String {
    format!(
        "<script type=\"application/json\" id=\"{}\">{}</script>",
        frontend::start::ELEMENT_ID,
        jsonld::script_safe_text(json)
    )
}

/// `GET /bahasa/{code}?ke=<path>`: the language switch without script. Keeps the
/// choice in the `gi-lang` cookie and sends the reader back to `ke` — a path on this
/// site only (anything else goes to the front page).
pub async fn switch_language(req: HttpRequest) -> HttpResponse {
    let code = req.match_info().get("code").unwrap_or_default();
    let Some(lang) = Lang::from_code(code) else {
        return ApiError::not_found(format!("There is no language `{code}`")).error_response();
    };
    let back = url::form_urlencoded::parse(req.query_string().as_bytes())
        .find(|(name, _)| name == "ke")
        .map(|(_, value)| value.into_owned())
        .filter(|back| is_local_path(back))
        .unwrap_or_else(|| "/".to_owned());
    let cookie = actix_web::cookie::Cookie::build(frontend::LANG_COOKIE, lang.code())
        .path("/")
        .max_age(actix_web::cookie::time::Duration::days(365))
        .same_site(actix_web::cookie::SameSite::Lax)
        .finish();
    HttpResponse::SeeOther()
        .insert_header((header::LOCATION, back))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .cookie(cookie)
        .finish()
}

/// A path on this site: `/…`, but not `//host` or `/\host` (which browsers read as
/// another site), and nothing a header could not carry.
fn is_local_path(path: &str) -> bool {
    path.starts_with('/')
        && !path.starts_with("//")
        && !path.starts_with("/\\")
        && path.chars().all(|c| !c.is_control() && c != '\\')
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

/// The head of a reader's page that is not an article's: its title and description,
/// its canonical URL (`canonical`: the path and what of the query it reads) and the
/// same as OpenGraph for link previews; search results (no canonical) and the 404
/// page are not for search engines' indexes.
fn page_head(page: &render::Rendered, canonical: Option<&str>, origin: &str) -> String {
    let mut head = default_head(page.title.as_deref(), page.description.as_deref());
    let title = match &page.title {
        Some(title) => format!("{title} — {PUBLISHER}"),
        None => PUBLISHER.to_owned(),
    };
    let meta = |property: &str, value: &str| {
        format!(
            "<meta property=\"{property}\" content=\"{}\">",
            escape_html(value)
        )
    };
    head.push_str(&meta("og:type", "website"));
    head.push_str(&meta("og:site_name", PUBLISHER));
    head.push_str(&meta("og:title", &title));
    head.push_str(&meta(
        "og:description",
        page.description.as_deref().unwrap_or(DEFAULT_DESCRIPTION),
    ));
    match canonical.filter(|_| page.status == 200) {
        Some(path) => {
            let url = format!("{origin}{path}");
            head.push_str(&format!(
                "<link rel=\"canonical\" href=\"{}\">",
                escape_html(&url)
            ));
            head.push_str(&meta("og:url", &url));
        }
        None => head.push_str("<meta name=\"robots\" content=\"noindex, follow\">"),
    }
    // An author's page: who they are, for search engines (`ProfilePage`).
    if let Some(author) = page.author.as_ref().filter(|_| page.status == 200) {
        if let Some(photo) = author
            .photo
            .as_ref()
            .and_then(|p| p.crop("1x1", shared::media::ImageType::Jpeg))
        {
            head.push_str(&meta("og:image", &format!("{origin}{}", photo.url)));
        }
        head.push_str(&format!(
            "<script type=\"application/ld+json\">{}</script>",
            jsonld::script_safe(&jsonld::profile_page(author, origin))
        ));
    }
    head
}

/// The head of a page with a title, if it has one, and a description (the site's
/// when none).
fn default_head(title: Option<&str>, description: Option<&str>) -> String {
    let title = match title {
        Some(title) => format!("{} — {PUBLISHER}", escape_html(title)),
        None => PUBLISHER.to_owned(),
    };
    format!(
        "<title>{title}</title><meta name=\"description\" content=\"{}\">",
        escape_html(description.unwrap_or(DEFAULT_DESCRIPTION))
    )
}

fn article_head(article: &Article, entries: Option<&LiveEntryPage>, origin: &str) -> String {
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
    // The same story in other languages, this one among them (`hreflang`).
    if !article.translations.is_empty() {
        let own = (article.language.as_str(), article.slug.as_str());
        let others = article
            .translations
            .iter()
            .map(|t| (t.language.as_str(), t.slug.as_str()));
        for (language, slug) in std::iter::once(own).chain(others) {
            head.push_str(&format!(
                "<link rel=\"alternate\" hreflang=\"{}\" href=\"{}\">\n",
                escape_html(language),
                escape_html(&format!("{origin}{}", shared::urls::article(slug))),
            ));
        }
    }
    for (attribute, key, value) in meta.into_iter().filter(|(_, _, v)| !v.is_empty()) {
        head.push_str(&format!(
            "<meta {attribute}=\"{key}\" content=\"{}\">\n",
            escape_html(&value)
        ));
    }
    head.push_str(&format!(
        "<script type=\"application/ld+json\">{}</script>",
        jsonld::script_safe(&jsonld::live_blog_posting(
            article,
            origin,
            entries.map_or(&[][..], |page| &page.data),
        ))
    ));
    head
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_are_kept_under_what_they_read_of_the_query() {
        let home = Route::Home;
        assert_eq!(
            canonical(&home, "/", "utm_source=x&fbclid=y").as_deref(),
            Some("/")
        );
        let section = Route::Section {
            slug: "internasional".into(),
        };
        assert_eq!(
            canonical(&section, "/rubrik/internasional", "utm_source=x&halaman=2").as_deref(),
            Some("/rubrik/internasional?halaman=2")
        );
        assert_eq!(
            canonical(&section, "/rubrik/internasional", "halaman=%3Cb%3E").as_deref(),
            Some("/rubrik/internasional?halaman=%3Cb%3E")
        );
        assert_eq!(canonical(&Route::Search, "/cari", "q=korea"), None);
    }

    #[test]
    fn the_language_switch_sends_readers_back_to_this_site_only() {
        assert!(is_local_path("/"));
        assert!(is_local_path("/cari?q=korea&lang=id"));
        assert!(!is_local_path("//evil.example/"));
        assert!(!is_local_path("/\\evil.example/"));
        assert!(!is_local_path("https://evil.example/"));
        assert!(!is_local_path("/a\r\nSet-Cookie: x=y"));
        assert!(!is_local_path("evil"));
    }

    #[test]
    fn the_head_is_replaced_and_the_api_base_filled_in() {
        let site = Site {
            index: "<html lang=\"{{lang}}\"><head><!--gi:head--><title>x</title><!--/gi:head-->\
                    <meta name=\"gi-api-base\" content=\"{{api_base}}\"></head><body><!--gi:body--></body>"
                .into(),
            assets: HashMap::new(),
        };
        assert_eq!(
            site.page(
                "<title>y</title>",
                "http://api.test/v1?a=\"b\"",
                "frontend",
                Lang::En,
                "<p>z</p>"
            ),
            "<html lang=\"en\"><head><title>y</title><meta name=\"gi-api-base\" content=\"http://api.test/v1?a=&quot;b&quot;\"></head><body><p>z</p></body>"
        );
    }
}
