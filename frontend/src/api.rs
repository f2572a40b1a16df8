//! The one client of the JSON API. Types come from `shared`; queries are encoded
//! with `serde_urlencoded`; the base URL is read at run time from the page's
//! `<meta name="gi-api-base">`, which the server fills in. The first render's public
//! reads are answered by the page's start (`start`), the server's answers.

use std::rc::Rc;

use gloo_net::http::{Method, RequestBuilder};
use serde::Serialize;
use serde::de::DeserializeOwned;
use shared::media::{Image, ImagePage, ImageUpdate};
use shared::newsroom::{
    ArticleInput, NewCorrection, RevisionList, ScheduleRequest, StaffArticleList,
};
use shared::query::{
    ListArticlesQuery, ListImagesQuery, ListNewsroomArticlesQuery, PerPage, SearchArticlesQuery,
};
use shared::staff::{LoginRequest, RefreshRequest, TokenResponse};
use shared::{Article, ArticlePage, ArticleStatus, Author, Problem, Section, SectionList, Tag};
use wasm_bindgen::JsCast as _;
use wasm_bindgen::closure::Closure;
use yew::Callback;

use crate::json::{self, Json};
use crate::start::{Answers, Lookup};

/// What the newsroom does to a saved article besides editing it: each is one call
/// (`POST /newsroom/articles/{id}/<path>`) at the version the editor saw.
#[derive(Debug, Clone, PartialEq)]
pub enum Transition {
    /// Public now (editors).
    Publish,
    /// Public at a time (editors).
    Schedule(ScheduleRequest),
    /// No longer public (editors).
    Unpublish,
    /// A draft handed to the editors (authors).
    Submit,
    /// A public correction attached (editors).
    Correct(NewCorrection),
}

impl Transition {
    fn path(&self) -> &'static str {
        match self {
            Self::Publish => "publish",
            Self::Schedule(_) => "schedule",
            Self::Unpublish => "unpublish",
            Self::Submit => "submit",
            Self::Correct(_) => "corrections",
        }
    }
}

/// Why a request gave no data.
#[derive(Debug, Clone, PartialEq)]
pub enum ApiError {
    /// The API could not be reached, or answered with something that is not ours.
    Unavailable(String),
    /// 404: the thing asked for does not exist (or is not public).
    NotFound,
    /// 401: no valid session; sign in (again).
    Unauthorized,
    /// 412: someone else changed the article since it was opened.
    Stale,
    /// Any other problem document the API sent.
    Problem(Problem),
}

#[derive(Debug, Clone)]
pub struct Api {
    base: String,
    /// What the page started with (`start`): the first render's answers.
    answers: Rc<Answers>,
}

impl PartialEq for Api {
    fn eq(&self, other: &Self) -> bool {
        self.base == other.base && Rc::ptr_eq(&self.answers, &other.answers)
    }
}

impl Api {
    /// The API named by the page, or `/api/v1` on the page's own origin.
    pub fn from_page() -> Self {
        Self::from_page_with(Rc::default())
    }

    /// The API named by the page, the first render answered from `answers`.
    pub fn from_page_with(answers: Rc<Answers>) -> Self {
        let base = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.query_selector("meta[name=gi-api-base]").ok().flatten())
            .and_then(|meta| meta.get_attribute("content"))
            .filter(|base| !base.is_empty())
            .unwrap_or_else(|| "/api/v1".to_owned());
        Self::new(base.trim_end_matches('/'), answers)
    }

    /// The API at `base`, the first render answered from `answers`.
    pub fn new(base: &str, answers: Rc<Answers>) -> Self {
        Self {
            base: base.to_owned(),
            answers,
        }
    }

    pub fn answers(&self) -> &Answers {
        &self.answers
    }

    pub fn articles(
        &self,
        query: &ListArticlesQuery,
    ) -> impl Future<Output = Result<ArticlePage, ApiError>> + use<> {
        self.get("/articles", Some(query))
    }

    /// Full-text search.
    pub fn search(
        &self,
        query: &SearchArticlesQuery,
    ) -> impl Future<Output = Result<shared::SearchPage, ApiError>> + use<> {
        self.get("/search", Some(query))
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

    /// The authors readers can find (a published article names them), by name: the
    /// newsroom's way to every public profile.
    pub fn authors(&self) -> impl Future<Output = Result<shared::AuthorPage, ApiError>> + use<> {
        let query = shared::query::PageQuery {
            page: None,
            per_page: shared::query::PerPage::new(shared::query::PerPage::MAX),
        };
        self.get("/authors", Some(&query))
    }

    pub fn entity(
        &self,
        slug: &str,
    ) -> impl Future<Output = Result<shared::Entity, ApiError>> + use<> {
        self.get(&format!("/entities/{}", segment(slug)), None::<&()>)
    }

    /// A draft by its preview link's token (the public article once it is published).
    pub fn preview(&self, token: &str) -> impl Future<Output = Result<Article, ApiError>> + use<> {
        self.get(&format!("/previews/{}", segment(token)), None::<&()>)
    }

    /// The three stories most related to the article `slug`.
    pub fn related(
        &self,
        slug: &str,
    ) -> impl Future<Output = Result<shared::ArticleList, ApiError>> + use<> {
        let query = shared::query::RelatedQuery {
            limit: shared::query::RelatedLimit::new(3),
        };
        self.get(
            &format!("/articles/{}/related", segment(slug)),
            Some(&query),
        )
    }

    /// The stories read most today (in the section `section`). Asked by the browser only
    /// (`start::BROWSER_ONLY`): a page kept in a cache would keep the list stale.
    pub fn most_read(
        &self,
        section: Option<&str>,
    ) -> impl Future<Output = Result<shared::ArticleList, ApiError>> + use<> {
        let query = shared::query::MostReadQuery {
            section: section.and_then(shared::query::Slug::new),
            limit: shared::query::MostReadLimit::new(5),
            window: None,
        };
        // Revalidated (by its ETag) each time a page shows it, not taken from the
        // browser's cache: the list changes as readers read.
        self.ask(crate::start::BROWSER_ONLY, Some(&query), true)
    }

    /// Tells most-read that the reader opened the article `slug`: a beacon, sent even
    /// as the page goes away; nothing waits for its answer.
    pub fn count_view(&self, slug: &str) {
        #[cfg(target_arch = "wasm32")]
        if let Some(window) = web_sys::window() {
            let url = format!("{}/articles/{}/views", self.base, segment(slug));
            let _ = window.navigator().send_beacon(&url);
        }
        #[cfg(not(target_arch = "wasm32"))]
        let _ = slug;
    }

    /// The newest entries of the live blog `slug`, its pinned ones, and where its event
    /// stream picks up.
    pub fn entries(
        &self,
        slug: &str,
    ) -> impl Future<Output = Result<shared::live::LiveEntryPage, ApiError>> + use<> {
        // Asked again when the stream says something changed: past the browser's cache
        // (revalidated by its ETag), which would otherwise answer with the old page.
        self.ask(
            &format!("/articles/{}/entries", segment(slug)),
            None::<&()>,
            true,
        )
    }

    /// The live blog `slug`'s event stream, from `after` (an entries page's `stream_after`).
    pub fn live_url(&self, slug: &str, after: &str) -> String {
        format!(
            "{}/articles/{}/live?after={after}",
            self.base,
            segment(slug)
        )
    }

    /// The stories that are breaking news now.
    pub fn breaking(&self) -> impl Future<Output = Result<shared::ArticleList, ApiError>> + use<> {
        self.get("/breaking", None::<&()>)
    }

    /// A front (`home` or a section's slug): the editors' picks, then `latest` of the
    /// newest stories.
    pub fn front(
        &self,
        name: &str,
        latest: u32,
    ) -> impl Future<Output = Result<shared::fronts::Front, ApiError>> + use<> {
        let query = shared::query::GetFrontQuery {
            latest: shared::query::FrontLatest::new(latest),
        };
        self.get(&format!("/fronts/{}", segment(name)), Some(&query))
    }

    /// A public read: answered by the page's start when it holds the answer (the
    /// first render), else by the API.
    fn get<T: DeserializeOwned, Q: Serialize + ?Sized>(
        &self,
        path: &str,
        query: Option<&Q>,
    ) -> impl Future<Output = Result<T, ApiError>> + use<T, Q> {
        self.ask(path, query, false)
    }

    /// `get`; `fresh`: past the browser's HTTP cache.
    fn ask<T: DeserializeOwned, Q: Serialize + ?Sized>(
        &self,
        path: &str,
        query: Option<&Q>,
        fresh: bool,
    ) -> impl Future<Output = Result<T, ApiError>> + use<T, Q> {
        let request = match query.map(serde_urlencoded::to_string) {
            Some(Ok(q)) if !q.is_empty() => Ok(format!("{path}?{q}")),
            Some(Err(e)) => Err(ApiError::Unavailable(e.to_string())),
            _ => Ok(path.to_owned()),
        };
        let lookup = match &request {
            Ok(request) => Ok(self.answers.lookup(request)),
            Err(e) => Err(e.clone()),
        };
        let base = self.base.clone();
        async move {
            match lookup {
                Err(e) => Err(e),
                Ok(Lookup::Kept(status, body)) => read(status, &body),
                Ok(Lookup::Pending) => std::future::pending().await,
                Ok(Lookup::Ask) => {
                    let (status, body) = respond(Call {
                        url: format!("{base}{}", request?),
                        fresh,
                        ..Call::default()
                    })
                    .await?;
                    read(status, &parse(&body)?)
                }
            }
        }
    }

    /// A staff call: the bearer token, and `If-Match` with the version the editor saw.
    fn staff<T: DeserializeOwned, B: Serialize>(
        &self,
        method: Method,
        path: &str,
        token: &str,
        version: Option<i64>,
        body: Option<&B>,
    ) -> impl Future<Output = Result<T, ApiError>> + use<T, B> {
        let body = body.map(serde_json::to_string);
        let call = Call {
            method,
            url: format!("{}{path}", self.base),
            token: Some(token.to_owned()),
            if_match: version.map(|v| format!("\"v{v}\"")),
            body: None,
            fresh: false,
        };
        async move {
            let body = body
                .transpose()
                .map_err(|e| ApiError::Unavailable(e.to_string()))?;
            send(Call { body, ..call }).await
        }
    }

    /// Signs in; the refresh token comes back as an HttpOnly cookie.
    pub fn login(
        &self,
        email: String,
        password: String,
    ) -> impl Future<Output = Result<TokenResponse, ApiError>> + use<> {
        let body = LoginRequest {
            email,
            password,
            cookie: true,
        };
        let url = format!("{}/auth/login", self.base);
        async move {
            let body =
                serde_json::to_string(&body).map_err(|e| ApiError::Unavailable(e.to_string()))?;
            send(Call {
                method: Method::POST,
                url,
                body: Some(body),
                ..Call::default()
            })
            .await
        }
    }

    /// A new access token from the refresh cookie: how a session survives a reload.
    pub fn refresh(&self) -> impl Future<Output = Result<TokenResponse, ApiError>> + use<> {
        let url = format!("{}/auth/refresh", self.base);
        async move {
            let body = serde_json::to_string(&RefreshRequest::default())
                .map_err(|e| ApiError::Unavailable(e.to_string()))?;
            send(Call {
                method: Method::POST,
                url,
                body: Some(body),
                ..Call::default()
            })
            .await
        }
    }

    pub fn logout(&self, token: &str) -> impl Future<Output = Result<(), ApiError>> + use<> {
        let call = Call {
            method: Method::POST,
            url: format!("{}/auth/logout", self.base),
            token: Some(token.to_owned()),
            ..Call::default()
        };
        async move { send_empty(call).await }
    }

    pub fn newsroom_articles(
        &self,
        token: &str,
        status: Option<ArticleStatus>,
    ) -> impl Future<Output = Result<StaffArticleList, ApiError>> + use<> {
        let query = ListNewsroomArticlesQuery {
            status,
            per_page: PerPage::new(PerPage::MAX),
            ..ListNewsroomArticlesQuery::default()
        };
        let path = match serde_urlencoded::to_string(query) {
            Ok(query) => format!("/newsroom/articles?{query}"),
            Err(_) => "/newsroom/articles".to_owned(),
        };
        self.staff(Method::GET, &path, token, None, None::<&()>)
    }

    /// Takes (or renews, or with `take_over` takes over) the article's edit lock.
    pub fn take_lock(
        &self,
        token: &str,
        id: &str,
        request: &shared::newsroom::TakeLock,
    ) -> impl Future<Output = Result<shared::newsroom::EditLock, ApiError>> + use<> {
        let path = format!("/newsroom/articles/{}/lock", segment(id));
        self.staff(Method::PUT, &path, token, None, Some(request))
    }

    pub fn lock_state(
        &self,
        token: &str,
        id: &str,
    ) -> impl Future<Output = Result<shared::newsroom::LockState, ApiError>> + use<> {
        let path = format!("/newsroom/articles/{}/lock", segment(id));
        self.staff(Method::GET, &path, token, None, None::<&()>)
    }

    pub fn release_lock(
        &self,
        token: &str,
        id: &str,
    ) -> impl Future<Output = Result<(), ApiError>> + use<> {
        self.delete(&format!("/newsroom/articles/{}/lock", segment(id)), token)
    }

    pub fn previews(
        &self,
        token: &str,
        id: &str,
    ) -> impl Future<Output = Result<shared::previews::PreviewList, ApiError>> + use<> {
        let path = format!("/newsroom/articles/{}/previews", segment(id));
        self.staff(Method::GET, &path, token, None, None::<&()>)
    }

    /// The names recognition suggests in the article `id`.
    pub fn suggestions(
        &self,
        token: &str,
        id: &str,
    ) -> impl Future<Output = Result<shared::EntitySuggestionList, ApiError>> + use<> {
        let path = format!("/newsroom/articles/{}/suggestions", segment(id));
        self.staff(Method::GET, &path, token, None, None::<&()>)
    }

    /// Accepts a suggested name: a new entity of `kind`.
    pub fn create_entity(
        &self,
        token: &str,
        new: &shared::NewEntity,
    ) -> impl Future<Output = Result<shared::Entity, ApiError>> + use<> {
        self.staff(Method::POST, "/newsroom/entities", token, None, Some(new))
    }

    /// Merges a name into the entity `slug`.
    pub fn add_alias(
        &self,
        token: &str,
        slug: &str,
        alias: &str,
    ) -> impl Future<Output = Result<shared::Entity, ApiError>> + use<> {
        let path = format!("/newsroom/entities/{}/aliases", segment(slug));
        let new = shared::NewAlias {
            alias: alias.to_owned(),
        };
        self.staff(Method::POST, &path, token, None, Some(&new))
    }

    /// Rejects a suggested name for good.
    pub fn reject_name(
        &self,
        token: &str,
        name: &str,
    ) -> impl Future<Output = Result<shared::RejectedName, ApiError>> + use<> {
        let input = shared::RejectName {
            name: name.to_owned(),
        };
        self.staff(
            Method::POST,
            "/newsroom/rejected-names",
            token,
            None,
            Some(&input),
        )
    }

    /// Starts a translation of the article `id` into `language`: the new draft.
    pub fn start_translation(
        &self,
        token: &str,
        id: &str,
        language: &str,
    ) -> impl Future<Output = Result<Article, ApiError>> + use<> {
        let path = format!("/newsroom/articles/{}/translations", segment(id));
        let new = shared::newsroom::NewTranslation {
            language: language.to_owned(),
        };
        self.staff(Method::POST, &path, token, None, Some(&new))
    }

    pub fn create_preview(
        &self,
        token: &str,
        id: &str,
        new: &shared::previews::NewPreview,
    ) -> impl Future<Output = Result<shared::previews::PreviewLink, ApiError>> + use<> {
        let path = format!("/newsroom/articles/{}/previews", segment(id));
        self.staff(Method::POST, &path, token, None, Some(new))
    }

    /// A live blog's newest entries, as staff see them (also before it is published).
    pub fn staff_entries(
        &self,
        token: &str,
        id: &str,
    ) -> impl Future<Output = Result<shared::live::LiveEntryPage, ApiError>> + use<> {
        let path = format!("/newsroom/articles/{}/entries?limit=100", segment(id));
        self.staff(Method::GET, &path, token, None, None::<&()>)
    }

    /// Posts an entry to the live blog `id`, or changes the entry `entry` at `version`.
    pub fn save_entry(
        &self,
        token: &str,
        id: &str,
        entry: Option<(&str, i64)>,
        input: &shared::live::LiveEntryInput,
    ) -> impl Future<Output = Result<shared::live::LiveEntry, ApiError>> + use<> {
        let base = format!("/newsroom/articles/{}/entries", segment(id));
        match entry {
            Some((entry, version)) => self.staff(
                Method::PUT,
                &format!("{base}/{}", segment(entry)),
                token,
                Some(version),
                Some(input),
            ),
            None => self.staff(Method::POST, &base, token, None, Some(input)),
        }
    }

    pub fn delete_entry(
        &self,
        token: &str,
        id: &str,
        entry: &str,
    ) -> impl Future<Output = Result<(), ApiError>> + use<> {
        let path = format!(
            "/newsroom/articles/{}/entries/{}",
            segment(id),
            segment(entry)
        );
        self.delete(&path, token)
    }

    pub fn revoke_preview(
        &self,
        token: &str,
        id: &str,
        preview: &str,
    ) -> impl Future<Output = Result<(), ApiError>> + use<> {
        let path = format!(
            "/newsroom/articles/{}/previews/{}",
            segment(id),
            segment(preview)
        );
        self.delete(&path, token)
    }

    pub fn newsroom_front(
        &self,
        token: &str,
        name: &str,
    ) -> impl Future<Output = Result<shared::fronts::StaffFront, ApiError>> + use<> {
        let path = format!("/newsroom/fronts/{}", segment(name));
        self.staff(Method::GET, &path, token, None, None::<&()>)
    }

    /// Saves the front's arrangement made on `version`.
    pub fn arrange_front(
        &self,
        token: &str,
        name: &str,
        version: i64,
        input: &shared::fronts::FrontInput,
    ) -> impl Future<Output = Result<shared::fronts::StaffFront, ApiError>> + use<> {
        let path = format!("/newsroom/fronts/{}", segment(name));
        self.staff(Method::PUT, &path, token, Some(version), Some(input))
    }

    pub fn newsroom_article(
        &self,
        token: &str,
        id: &str,
    ) -> impl Future<Output = Result<Article, ApiError>> + use<> {
        self.staff(
            Method::GET,
            &format!("/newsroom/articles/{}", segment(id)),
            token,
            None,
            None::<&()>,
        )
    }

    pub fn create_article(
        &self,
        token: &str,
        input: &ArticleInput,
    ) -> impl Future<Output = Result<Article, ApiError>> + use<> {
        self.staff(Method::POST, "/newsroom/articles", token, None, Some(input))
    }

    pub fn update_article(
        &self,
        token: &str,
        id: &str,
        version: i64,
        input: &ArticleInput,
    ) -> impl Future<Output = Result<Article, ApiError>> + use<> {
        self.staff(
            Method::PUT,
            &format!("/newsroom/articles/{}", segment(id)),
            token,
            Some(version),
            Some(input),
        )
    }

    /// Moves the article at `version` on in its life (see `Transition`).
    pub fn transition(
        &self,
        token: &str,
        id: &str,
        version: i64,
        transition: &Transition,
    ) -> impl Future<Output = Result<Article, ApiError>> + use<> {
        let path = format!("/newsroom/articles/{}/{}", segment(id), transition.path());
        let body = match transition {
            Transition::Schedule(request) => serde_json::to_value(request).ok(),
            Transition::Correct(correction) => serde_json::to_value(correction).ok(),
            Transition::Publish | Transition::Unpublish | Transition::Submit => None,
        };
        self.staff(Method::POST, &path, token, Some(version), body.as_ref())
    }

    pub fn revisions(
        &self,
        token: &str,
        id: &str,
    ) -> impl Future<Output = Result<RevisionList, ApiError>> + use<> {
        self.staff(
            Method::GET,
            &format!("/newsroom/articles/{}/revisions", segment(id)),
            token,
            None,
            None::<&()>,
        )
    }

    pub fn restore_revision(
        &self,
        token: &str,
        id: &str,
        version: i64,
        revision: i64,
    ) -> impl Future<Output = Result<Article, ApiError>> + use<> {
        self.staff(
            Method::POST,
            &format!(
                "/newsroom/articles/{}/revisions/{revision}/restore",
                segment(id)
            ),
            token,
            Some(version),
            None::<&()>,
        )
    }
}

/// The image library (staff).
impl Api {
    pub fn images(
        &self,
        token: &str,
        query: &ListImagesQuery,
    ) -> impl Future<Output = Result<ImagePage, ApiError>> + use<> {
        let path = match serde_urlencoded::to_string(query) {
            Ok(query) if !query.is_empty() => format!("/newsroom/media?{query}"),
            _ => "/newsroom/media".to_owned(),
        };
        self.staff(Method::GET, &path, token, None, None::<&()>)
    }

    pub fn image(
        &self,
        token: &str,
        id: &str,
    ) -> impl Future<Output = Result<Image, ApiError>> + use<> {
        let path = format!("/newsroom/media/{}", segment(id));
        self.staff(Method::GET, &path, token, None, None::<&()>)
    }

    /// An author's profile as staff see it.
    pub fn author_profile(
        &self,
        token: &str,
        slug: &str,
    ) -> impl Future<Output = Result<Author, ApiError>> + use<> {
        let path = format!("/newsroom/authors/{}", segment(slug));
        self.staff(Method::GET, &path, token, None, None::<&()>)
    }

    pub fn update_author_profile(
        &self,
        token: &str,
        slug: &str,
        update: &shared::staff::AuthorProfileUpdate,
    ) -> impl Future<Output = Result<Author, ApiError>> + use<> {
        let path = format!("/newsroom/authors/{}", segment(slug));
        self.staff(Method::PATCH, &path, token, None, Some(update))
    }

    pub fn update_image(
        &self,
        token: &str,
        id: &str,
        update: &ImageUpdate,
    ) -> impl Future<Output = Result<Image, ApiError>> + use<> {
        let path = format!("/newsroom/media/{}", segment(id));
        self.staff(Method::PATCH, &path, token, None, Some(update))
    }

    pub fn delete_image(
        &self,
        token: &str,
        id: &str,
    ) -> impl Future<Output = Result<(), ApiError>> + use<> {
        self.delete(&format!("/newsroom/media/{}", segment(id)), token)
    }

    /// A staff `DELETE` answered with no body (204).
    fn delete(
        &self,
        path: &str,
        token: &str,
    ) -> impl Future<Output = Result<(), ApiError>> + use<> {
        let call = Call {
            method: Method::DELETE,
            url: format!("{}{path}", self.base),
            token: Some(token.to_owned()),
            ..Call::default()
        };
        async move { send_empty(call).await }
    }

    /// Uploads one file (`multipart/form-data`, field `file`), telling `progress` the
    /// bytes sent and to send as they go: `XMLHttpRequest`, since `fetch` reports no
    /// upload progress. The image, and whether it is new to the library (201).
    pub fn upload_image(
        &self,
        token: &str,
        file: web_sys::File,
        progress: Callback<(f64, f64)>,
    ) -> impl Future<Output = Result<(Image, bool), ApiError>> + use<> {
        let url = format!("{}/newsroom/media", self.base);
        let token = token.to_owned();
        async move {
            let failed = |e: wasm_bindgen::JsValue| ApiError::Unavailable(format!("{e:?}"));
            let xhr = web_sys::XmlHttpRequest::new().map_err(failed)?;
            xhr.open("POST", &url).map_err(failed)?;
            xhr.set_request_header("Authorization", &format!("Bearer {token}"))
                .map_err(failed)?;
            xhr.set_request_header("Accept", "application/json")
                .map_err(failed)?;
            let form = web_sys::FormData::new().map_err(failed)?;
            form.append_with_blob_and_filename("file", &file, &file.name())
                .map_err(failed)?;
            let on_progress = Closure::<dyn FnMut(web_sys::ProgressEvent)>::new(
                move |e: web_sys::ProgressEvent| {
                    if e.length_computable() {
                        progress.emit((e.loaded(), e.total()));
                    }
                },
            );
            xhr.upload()
                .map_err(failed)?
                .set_onprogress(Some(on_progress.as_ref().unchecked_ref()));
            let finished = js_sys::Promise::new(&mut |resolve, reject| {
                xhr.set_onload(Some(&resolve));
                xhr.set_onerror(Some(&reject));
            });
            xhr.send_with_opt_form_data(Some(&form)).map_err(failed)?;
            wasm_bindgen_futures::JsFuture::from(finished)
                .await
                .map_err(|_| ApiError::Unavailable("the upload did not reach the server".into()))?;
            drop(on_progress);
            let status = xhr.status().map_err(failed)?;
            let body = xhr.response_text().map_err(failed)?.unwrap_or_default();
            read(status, &parse(&body)?).map(|image| (image, status == 201))
        }
    }
}

/// One HTTP request to the API.
#[derive(Debug)]
struct Call {
    method: Method,
    url: String,
    token: Option<String>,
    if_match: Option<String>,
    /// JSON.
    body: Option<String>,
    /// Past the browser's HTTP cache (`cache: no-cache`: revalidated).
    fresh: bool,
}

impl Default for Call {
    fn default() -> Self {
        Self {
            method: Method::GET,
            url: String::new(),
            token: None,
            if_match: None,
            body: None,
            fresh: false,
        }
    }
}

/// Sends `call`: the answer's status and body, whatever the status.
async fn respond(call: Call) -> Result<(u16, String), ApiError> {
    let mut request = RequestBuilder::new(&call.url)
        .method(call.method)
        .header("Accept", "application/json");
    if let Some(token) = &call.token {
        request = request.header("Authorization", &format!("Bearer {token}"));
    }
    if let Some(tag) = &call.if_match {
        request = request.header("If-Match", tag);
    }
    if call.fresh {
        request = request.cache(web_sys::RequestCache::NoCache);
    }
    let unavailable = |e: gloo_net::Error| ApiError::Unavailable(e.to_string());
    let request = match call.body {
        Some(body) => request
            .header("Content-Type", "application/json")
            .body(body),
        None => request.build(),
    }
    .map_err(unavailable)?;
    let response = request.send().await.map_err(unavailable)?;
    let status = response.status();
    Ok((status, response.text().await.map_err(unavailable)?))
}

/// An answer's status as an error, unless it is a success (`body`: the answer's
/// document, when it has one).
fn check(status: u16, body: Option<&Json>) -> Result<(), ApiError> {
    match status {
        200..=299 => Ok(()),
        401 => Err(ApiError::Unauthorized),
        404 => Err(ApiError::NotFound),
        412 => Err(ApiError::Stale),
        status => match body.map(json::read::<Problem>) {
            Some(Ok(problem)) => Err(ApiError::Problem(problem)),
            _ => Err(ApiError::Unavailable(format!("HTTP {status}"))),
        },
    }
}

/// An answer read: its body as `T` when it is a success.
fn read<T: DeserializeOwned>(status: u16, body: &Json) -> Result<T, ApiError> {
    check(status, Some(body))?;
    json::read(body).map_err(ApiError::Unavailable)
}

/// An answer's body as a JSON document.
fn parse(body: &str) -> Result<Json, ApiError> {
    json::parse(body).map_err(ApiError::Unavailable)
}

async fn send<T: DeserializeOwned>(call: Call) -> Result<T, ApiError> {
    let (status, body) = respond(call).await?;
    read(status, &parse(&body)?)
}

async fn send_empty(call: Call) -> Result<(), ApiError> {
    let (status, body) = respond(call).await?;
    check(status, json::parse(&body).ok().as_ref())
}

/// A slug or token as one path segment: anything but letters, digits, `-`, `_` and `~`
/// is percent-encoded.
fn segment(slug: &str) -> String {
    let mut out = String::with_capacity(slug.len());
    for byte in slug.bytes() {
        // RFC 3986's unreserved characters but `.` (no `..` segments), as they are.
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}
