//! The reader's pages rendered on the server by the web app's own components
//! (`frontend` with `ssr`): no second template. The app asks the API through its one
//! client; here each request is answered from the database by the functions the API's
//! handlers use, the app is rendered again with the answers, until it asks for nothing
//! new (the front page needs three rounds: its list, then the sections, then each
//! section's row). The answers travel in the page as its start, so the browser's
//! first render is this one (hydration) and fetches nothing.

use std::collections::BTreeMap;

use actix_web::ResponseError as _;
use frontend::i18n::Lang;
use frontend::route::Route;
use frontend::start::{Answer, Answers, Kept, Start};
use serde::Serialize;
use serde_json::value::RawValue;
use shared::live::LiveEntryPage;
use shared::{Article, SectionList};
use yew::LocalServerRenderer;
use yew_router::Routable as _;

use super::error::ApiError;
use super::query::Query;
use super::{articles, fronts, search, taxonomy};
use crate::db::DbConnection;
use crate::domain::Desk;
use crate::domain::newsroom::{self, Opened};
use crate::domain::search::Searching;
use crate::domain::{entities, taxonomy as taxa};

/// Where the API's paths start, as its own answers name them (pagination links).
const API: &str = "/api/v1";

/// Rounds of rendering before a page that keeps asking is given up (a bug, not input).
const MAX_ROUNDS: usize = 6;

/// A reader's page, rendered.
#[derive(Debug)]
pub struct Rendered {
    /// The app's HTML (what goes inside `#app`).
    pub html: String,
    /// The page's start, as JSON.
    pub start: String,
    /// 200 when the page shows what was asked for; 404 (the app's page) when there is
    /// no such thing; 410 when it is no more (a preview link revoked or expired).
    pub status: u16,
    /// The page's title, when it has its own.
    pub title: Option<String>,
    /// What the page is about in a sentence, when its subject says (a section's
    /// description, an author's bio).
    pub description: Option<String>,
    /// The article the page shows (its head carries the article's metadata).
    pub article: Option<Article>,
    /// A live blog's newest entries (its JSON-LD carries them).
    pub entries: Option<LiveEntryPage>,
    /// The author the page is about (its head carries their profile).
    pub author: Option<shared::Author>,
}

/// What an answer told about the page besides its body.
#[derive(Debug, Default)]
struct Learnt {
    status: u16,
    title: Option<String>,
    description: Option<String>,
    article: Option<Article>,
    entries: Option<LiveEntryPage>,
    author: Option<shared::Author>,
}

/// Renders the reader's page at `url` (the path and query the browser asked) in `lang`.
pub fn render(
    conn: &mut DbConnection,
    desk: Desk,
    searching: &Searching,
    url: &str,
    lang: Lang,
) -> Result<Rendered, ApiError> {
    let path = url.split(['?', '#']).next().unwrap_or("/");
    let route = Route::recognize(path).unwrap_or(Route::NotFound);
    let mut learnt = Learnt {
        status: if route == Route::NotFound { 404 } else { 200 },
        title: page_title(&route, lang),
        description: None,
        article: None,
        entries: None,
        author: None,
    };
    let mut answers = BTreeMap::new();
    let runtime = tokio::runtime::Handle::current();
    for _ in 0..MAX_ROUNDS {
        let (html, missed) = runtime.block_on(round(url, lang, answers.clone()));
        if missed.is_empty() {
            let start = Start { lang, answers };
            return Ok(Rendered {
                html,
                start: serde_json::to_string(&start).map_err(ApiError::internal)?,
                status: learnt.status,
                title: learnt.title,
                description: learnt.description,
                article: learnt.article,
                entries: learnt.entries,
                author: learnt.author,
            });
        }
        for request in missed {
            let answer = answer(conn, desk, searching, &request, &route, &mut learnt)?;
            answers.insert(request, answer);
        }
    }
    Err(ApiError::internal(anyhow::anyhow!(
        "the page {url} still asked for more after {MAX_ROUNDS} rounds"
    )))
}

/// One rendering with the answers so far: the HTML, and what the app asked that
/// they lack.
async fn round(
    url: &str,
    lang: Lang,
    answers: BTreeMap<String, Answer>,
) -> (String, std::collections::BTreeSet<String>) {
    let answers = std::rc::Rc::new(Answers::new(Kept(answers)));
    let props = frontend::AppProps {
        switch: frontend::switch::reader,
        api: frontend::api::Api::new(API, answers.clone()),
        lang,
        url: Some(url.to_owned().into()),
    };
    let html = LocalServerRenderer::<frontend::App>::with_props(props)
        .hydratable(true)
        .render()
        .await;
    (html, answers.missed())
}

/// The API's answer to `request` (a path and query under `/api/v1`, as the app asks
/// it): a success or a client error (404, 400) as the API would send it; a server
/// error fails the page.
fn answer(
    conn: &mut DbConnection,
    desk: Desk,
    searching: &Searching,
    request: &str,
    route: &Route,
    learnt: &mut Learnt,
) -> Result<Answer, ApiError> {
    let (path, query) = request.split_once('?').unwrap_or((request, ""));
    let segments: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    let now = desk.now();
    let body = match segments.as_slice() {
        ["articles"] => Query::parse(query)
            .and_then(|q| articles::list_page(conn, desk, &format!("{API}{path}"), &q))
            .and_then(|(page, _, _)| json(&page)),
        ["search"] => Query::parse(query)
            .and_then(|q| search::search_page(conn, desk, searching, &format!("{API}{path}"), &q))
            .and_then(|(page, _, _)| json(&page)),
        ["articles", slug] => articles::published(conn, desk, slug).and_then(|article| {
            let body = json(&article);
            if matches!(route, Route::Article { slug: shown } if shown == slug) {
                learnt.title = Some(article.headline.clone());
                learnt.article = Some(article);
            }
            body
        }),
        ["articles", slug, "related"] => Query::parse(query)
            .and_then(|q| articles::related(conn, desk, searching.recency_days, slug, &q))
            .and_then(|list| json(&list)),
        ["articles", slug, "entries"] => Query::parse(query)
            .and_then(|q| Ok(crate::domain::live::public_entries(conn, desk, slug, &q)?))
            .and_then(|page| {
                let body = json(&page);
                if matches!(route, Route::Article { slug: shown } if shown == slug) {
                    learnt.entries = Some(page);
                }
                body
            }),
        ["breaking"] => articles::breaking(conn, desk).and_then(|list| json(&list)),
        ["previews", token] => match newsroom::open_preview(conn, desk, token) {
            Ok(Opened::Draft(article)) => {
                learnt.title = Some(article.headline.clone());
                json(&article)
            }
            // What the browser gets after the API's redirect: the public article.
            Ok(Opened::Public { slug }) => {
                articles::published(conn, desk, &slug).and_then(|article| json(&article))
            }
            Err(e) => Err(e.into()),
        },
        ["fronts", name] => Query::parse(query)
            .and_then(|q| fronts::front(conn, desk, name, &q))
            .and_then(|front| json(&front)),
        ["sections"] => taxa::sections(conn, now)
            .map_err(ApiError::from)
            .and_then(|data| json(&SectionList { data })),
        ["sections", slug] => {
            taxonomy::find_by_slug(conn, desk, slug, "section", |c, d: Desk, s: &str| {
                taxa::section_by_slug(c, d.now(), s)
            })
            .and_then(|item| {
                learnt.description = item.description.clone();
                subject(learnt, &item.name, json(&item))
            })
        }
        ["tags", slug] => taxonomy::find_by_slug(conn, desk, slug, "tag", |c, d: Desk, s: &str| {
            taxa::tag_by_slug(c, d.now(), s)
        })
        .and_then(|item| subject(learnt, &item.name, json(&item))),
        ["authors", slug] => {
            taxonomy::find_by_slug(conn, desk, slug, "author", taxa::author_by_slug).and_then(
                |item| {
                    learnt.description = item.bio.clone();
                    let body = subject(learnt, &item.name, json(&item));
                    learnt.author = Some(item);
                    body
                },
            )
        }
        ["entities", slug] => {
            taxonomy::find_by_slug(conn, desk, slug, "entity", |c, d: Desk, s: &str| {
                entities::entity_by_slug(c, d.now(), s)
            })
            .and_then(|item| subject(learnt, &item.name, json(&item)))
        }
        _ => {
            return Err(ApiError::internal(anyhow::anyhow!(
                "the reader's app asked for {request}, which the server does not render"
            )));
        }
    };
    match body {
        Ok(body) => Ok(Answer { status: 200, body }),
        Err(error) if error.status_code().is_client_error() => {
            let status = error.status_code().as_u16();
            // What the page is about decides its status, not a box beside it (the
            // related stories of a draft shown by its preview link are a 404).
            let beside = matches!(
                segments.as_slice(),
                ["articles", _, "related" | "entries"]
                    | ["breaking"]
                    | ["sections"]
                    | ["fronts", _]
            );
            if matches!(status, 404 | 410) && !beside {
                learnt.status = status;
            }
            Ok(Answer {
                status: error.status_code().as_u16(),
                body: json(&error.problem())?,
            })
        }
        Err(error) => Err(error),
    }
}

/// The page is about `name` (a section, tag, author or entity page): its title.
fn subject(
    learnt: &mut Learnt,
    name: &str,
    body: Result<Box<RawValue>, ApiError>,
) -> Result<Box<RawValue>, ApiError> {
    learnt.title = Some(name.to_owned());
    body
}

fn json<T: Serialize>(value: &T) -> Result<Box<RawValue>, ApiError> {
    serde_json::value::to_raw_value(value).map_err(ApiError::internal)
}

/// The title of a page that does not take it from its data.
fn page_title(route: &Route, lang: Lang) -> Option<String> {
    let text = lang.text();
    match route {
        Route::Search => Some(text.search_title.to_owned()),
        Route::NotFound => Some(text.not_found_title.to_owned()),
        _ => None,
    }
}
