//! The search page: words (full-text search, `/search`, with highlighted results) and
//! the article list's filters — section, language, date range, order. Without words
//! it lists articles by the filters alone. Everything lives in the URL
//! (`/cari?q=…&lang=…`), so a search can be shared and survives a reload.

use serde::{Deserialize, Serialize};
use shared::SearchHit;
use shared::listing::ArticleQuery;
use wasm_bindgen::JsCast as _;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;
use yew_router::prelude::*;

use crate::api::ApiError;
use crate::components::{ErrorBox, Loading, Pager, card_grid};
use crate::fetch::{Fetch, use_fetch};
use crate::pages::listing::PER_PAGE;
use crate::route::Route;
use crate::{set_title, use_ctx};

fn value(node: &NodeRef) -> Option<String> {
    let element = node.get()?;
    let value = if let Some(select) = element.dyn_ref::<HtmlSelectElement>() {
        select.value()
    } else {
        element.dyn_ref::<HtmlInputElement>()?.value()
    };
    (!value.is_empty()).then_some(value)
}

/// The page's URL query, which is also `/search`'s (with `per_page` added).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
struct SearchQuery {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    q: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    section: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    lang: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    from: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    to: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    order: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    page: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    per_page: Option<u32>,
}

impl SearchQuery {
    /// The same filters for the article list (no words; relevance means newest).
    fn list(&self) -> ArticleQuery {
        ArticleQuery {
            section: self.section.clone(),
            lang: self.lang.clone(),
            from: self.from.clone(),
            to: self.to.clone(),
            order: self.order.clone().filter(|o| o == "oldest"),
            page: self.page,
            per_page: Some(PER_PAGE),
            ..ArticleQuery::default()
        }
    }
}

/// What the page shows: search hits, or a list page when there are no words.
#[derive(Debug, Clone, PartialEq)]
enum Results {
    Hits(shared::SearchPage),
    List(shared::ArticlePage),
}

#[function_component(Search)]
pub fn search() -> Html {
    let ctx = use_ctx();
    let text = ctx.lang.text();
    {
        let title = text.search_title;
        use_effect_with(title, |title| set_title(title));
    }
    let location = use_location();
    let navigator = use_navigator();
    let query = location
        .as_ref()
        .and_then(|l| l.query::<SearchQuery>().ok())
        .unwrap_or_default();
    let api = ctx.api.clone();
    let (sections, _) = use_fetch((), move |()| api.sections());
    let api = ctx.api.clone();
    let (results, retry) = use_fetch(query.clone(), move |query| {
        let api = api.clone();
        async move {
            if query.q.as_deref().is_some_and(|q| !q.trim().is_empty()) {
                let query = SearchQuery {
                    per_page: Some(PER_PAGE),
                    ..query
                };
                api.search(&query).await.map(Results::Hits)
            } else {
                api.articles(&query.list()).await.map(Results::List)
            }
        }
    });

    let refs = use_memo((), |()| <[NodeRef; 6]>::default());
    let refs: [NodeRef; 6] = (*refs).clone();
    let [words, section, lang, from, to, order] = refs.clone();
    // The selects show the URL's choices. Set as properties after rendering: an
    // option's `selected` attribute only sets the initial choice, and the section
    // options arrive later.
    {
        let (section, lang, order) = (section.clone(), lang.clone(), order.clone());
        let sections_loaded = matches!(sections, Fetch::Done(_));
        use_effect_with((query.clone(), sections_loaded), move |(query, _)| {
            let set = |node: &NodeRef, value: &str| {
                if let Some(select) = node.cast::<HtmlSelectElement>() {
                    select.set_value(value);
                }
            };
            set(&section, query.section.as_deref().unwrap_or_default());
            set(&lang, query.lang.as_deref().unwrap_or_default());
            set(&order, query.order.as_deref().unwrap_or("default"));
        });
    }
    let onsubmit = {
        let navigator = navigator.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let query = SearchQuery {
                q: value(&words).filter(|q| !q.trim().is_empty()),
                section: value(&section),
                lang: value(&lang),
                from: value(&from),
                to: value(&to),
                // The default order stays out of the URL.
                order: value(&order).filter(|o| o != "default"),
                ..SearchQuery::default()
            };
            if let Some(navigator) = &navigator {
                let _ = navigator.push_with_query(&Route::Search, &query);
            }
        })
    };
    let on_page = {
        let query = query.clone();
        Callback::from(move |page: u32| {
            if let Some(navigator) = &navigator {
                let query = SearchQuery {
                    page: Some(page),
                    ..query.clone()
                };
                let _ = navigator.push_with_query(&Route::Search, &query);
            }
        })
    };
    html! {
        <div class="search">
            <h1>{ text.search_title }</h1>
            <p class="hint">{ text.search_hint }</p>
            <form class="filters" role="search" {onsubmit}>
                <label class="words">
                    <span>{ text.search_words }</span>
                    <input ref={refs[0].clone()} type="search" name="q" value={query.q.clone().unwrap_or_default()} />
                </label>
                <label>
                    <span>{ text.section }</span>
                    <select ref={refs[1].clone()} name="section">
                        <option value="">{ text.all_sections }</option>
                        if let Fetch::Done(list) = &sections {
                            { for list.data.iter().map(|s| html! {
                                <option value={s.slug.clone()}>{ &s.name }</option>
                            }) }
                        }
                    </select>
                </label>
                <label>
                    <span>{ text.any_language }</span>
                    <select ref={refs[2].clone()} name="lang">
                        <option value="">{ text.any_language }</option>
                        { for text.language_names.iter().map(|(code, name)| html! {
                            <option value={*code}>{ *name }</option>
                        }) }
                    </select>
                </label>
                <label>
                    <span>{ text.from_date }</span>
                    <input ref={refs[3].clone()} type="date" name="from" value={query.from.clone().unwrap_or_default()} />
                </label>
                <label>
                    <span>{ text.to_date }</span>
                    <input ref={refs[4].clone()} type="date" name="to" value={query.to.clone().unwrap_or_default()} />
                </label>
                <label>
                    <span>{ "↕" }</span>
                    <select ref={refs[5].clone()} name="order">
                        <option value="default">
                            { if query.q.is_some() { text.most_relevant } else { text.newest_first } }
                        </option>
                        if query.q.is_some() {
                            <option value="newest">{ text.newest_first }</option>
                        }
                        <option value="oldest">{ text.oldest_first }</option>
                    </select>
                </label>
                <button type="submit">{ text.apply }</button>
            </form>
            <section aria-labelledby="hasil" class="results">
                <h2 id="hasil">{ text.results }</h2>
                {
                    match results {
                        Fetch::Done(done) => match &*done {
                            Results::List(page) if page.data.is_empty() => html! { <p class="empty">{ text.no_articles }</p> },
                            Results::Hits(page) if page.data.is_empty() => html! { <p class="empty">{ text.no_articles }</p> },
                            Results::List(page) => html! {
                                <>
                                    { card_grid(page.data.iter().cloned()) }
                                    <Pager pagination={page.pagination.clone()} on_page={on_page.clone()} />
                                </>
                            },
                            Results::Hits(page) => html! {
                                <>
                                    <ol class="hits">{ for page.data.iter().map(hit) }</ol>
                                    <Pager pagination={page.pagination.clone()} on_page={on_page.clone()} />
                                </>
                            },
                        },
                        Fetch::Loading => html! { <Loading /> },
                        Fetch::Failed(ApiError::Problem(problem)) if problem.code == shared::ErrorCode::InvalidQuery => html! {
                            <p class="empty query-error">{ &problem.detail }</p>
                        },
                        Fetch::Failed(error) => html! { <ErrorBox {error} {retry} /> },
                    }
                }
            </section>
        </div>
    }
}

/// One search result: the headline and a passage, the matching words marked. The
/// server escapes everything in them but its own `<mark>` tags.
fn hit(hit: &SearchHit) -> Html {
    let a = &hit.article;
    let marked = |html: &str| Html::from_html_unchecked(AttrValue::from(html.to_owned()));
    html! {
        <li key={a.id.to_string()} class="hit">
            <p class="kicker">{ &a.section.name }</p>
            <h3 class="card-headline">
                <Link<Route> to={Route::Article { slug: a.slug.clone() }}>{ marked(&hit.highlights.headline) }</Link<Route>>
            </h3>
            <p class="snippet">{ marked(&hit.highlights.snippet) }</p>
        </li>
    }
}
