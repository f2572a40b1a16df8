//! The one client of the JSON API. Types come from `shared`; queries are encoded
//! with `serde_urlencoded`; the base URL is read at run time from the page's
//! `<meta name="gi-api-base">`, which the server fills in.

use serde::Serialize;
use serde::de::DeserializeOwned;
use shared::listing::ArticleQuery;
use shared::{Article, ArticlePage, Author, Problem, Section, SectionList, Tag};

/// Why a request gave no data.
#[derive(Debug, Clone, PartialEq)]
pub enum ApiError {
    /// The API could not be reached, or answered with something that is not ours.
    Unavailable(String),
    /// 404: the thing asked for does not exist (or is not public).
    NotFound,
    /// Any other problem document the API sent.
    Problem(Problem),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Api {
    base: String,
}

impl Api {
    /// The API named by the page, or `/api/v1` on the page's own origin.
    pub fn from_page() -> Self {
        let base = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.query_selector("meta[name=gi-api-base]").ok().flatten())
            .and_then(|meta| meta.get_attribute("content"))
            .filter(|base| !base.is_empty())
            .unwrap_or_else(|| "/api/v1".to_owned());
        Self {
            base: base.trim_end_matches('/').to_owned(),
        }
    }

    pub fn articles(
        &self,
        query: &ArticleQuery,
    ) -> impl Future<Output = Result<ArticlePage, ApiError>> + use<> {
        self.get("/articles", Some(query))
    }

    pub fn article(&self, slug: &str) -> impl Future<Output = Result<Article, ApiError>> + use<> {
        self.get(&format!("/articles/{}", segment(slug)), None::<&()>)
    }

    pub fn sections(&self) -> impl Future<Output = Result<SectionList, ApiError>> + use<> {
        self.get("/sections", None::<&()>)
    }

    pub fn section(&self, slug: &str) -> impl Future<Output = Result<Section, ApiError>> + use<> {
        self.get(&format!("/sections/{}", segment(slug)), None::<&()>)
    }

    pub fn tag(&self, slug: &str) -> impl Future<Output = Result<Tag, ApiError>> + use<> {
        self.get(&format!("/tags/{}", segment(slug)), None::<&()>)
    }

    pub fn author(&self, slug: &str) -> impl Future<Output = Result<Author, ApiError>> + use<> {
        self.get(&format!("/authors/{}", segment(slug)), None::<&()>)
    }

    fn get<T: DeserializeOwned, Q: Serialize + ?Sized>(
        &self,
        path: &str,
        query: Option<&Q>,
    ) -> impl Future<Output = Result<T, ApiError>> + use<T, Q> {
        let mut url = format!("{}{path}", self.base);
        let encoded = query.map(serde_urlencoded::to_string);
        async move {
            match encoded {
                Some(Ok(q)) if !q.is_empty() => {
                    url.push('?');
                    url.push_str(&q);
                }
                Some(Err(e)) => return Err(ApiError::Unavailable(e.to_string())),
                _ => {}
            }
            let response = gloo_net::http::Request::get(&url)
                .header("Accept", "application/json")
                .send()
                .await
                .map_err(|e| ApiError::Unavailable(e.to_string()))?;
            match response.status() {
                200 => response
                    .json::<T>()
                    .await
                    .map_err(|e| ApiError::Unavailable(e.to_string())),
                404 => Err(ApiError::NotFound),
                status => match response.json::<Problem>().await {
                    Ok(problem) => Err(ApiError::Problem(problem)),
                    Err(_) => Err(ApiError::Unavailable(format!("HTTP {status}"))),
                },
            }
        }
    }
}

/// A slug as one path segment: anything but letters, digits and `-` is percent-encoded.
fn segment(slug: &str) -> String {
    let mut out = String::with_capacity(slug.len());
    for byte in slug.bytes() {
        if byte.is_ascii_alphanumeric() || byte == b'-' {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}
