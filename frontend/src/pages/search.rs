//! The search page: words (full-text search, `/search`, with highlighted results) and
//! the article list's filters — section, language, date range, order. Without words
//! it lists articles by the filters alone. Everything lives in the URL
//! (`/cari?q=…&lang=…`), so a search can be shared and survives a reload.

use serde::Serialize;
use shared::query::{
    ArticleFilters, ArticleOrder, Facet, FacetSet, LanguageTag, ListArticlesQuery, PageNumber,
    PerPage, SearchArticlesQuery, SearchOrder, SearchPageNumber, Slug, TimeBound,
};
use shared::{FacetCount, SearchFacets, SearchHit};
use wasm_bindgen::JsCast as _;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;
use yew_router::prelude::*;

use crate::api::ApiError;
use crate::components::{ErrorBox, Pager, card_grid, loading};
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

/// What the page's URL asks for: with words, `/search`'s query; without, the article
/// list's — the API's own query types, so the page's URL is the request it sends
/// (`per_page` aside).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
enum Asked {
    Search(SearchArticlesQuery),
    List(ListArticlesQuery),
}

impl Default for Asked {
    fn default() -> Self {
        Self::List(ListArticlesQuery::default())
    }
}

impl Asked {
    /// The page's query string, read as far as it makes sense: words make a search;
    /// a value the API would refuse leaves the page at its start.
    fn from_url(query: &str) -> Self {
        // A form sent without script names every field, the empty ones too.
        let pairs: Vec<(String, String)> = serde_urlencoded::from_str(query).unwrap_or_default();
        let given: Vec<_> = pairs.iter().filter(|(_, v)| !v.is_empty()).collect();
        let query = serde_urlencoded::to_string(given).unwrap_or_default();
        let query = query.as_str();
        match serde_urlencoded::from_str::<SearchArticlesQuery>(query) {
            Ok(search) if !search.q.trim().is_empty() => Self::Search(search),
            _ => serde_urlencoded::from_str(query)
                .map(Self::List)
                .unwrap_or_default(),
        }
    }

    /// What the form holds: words, filters and an order (`None`: the default).
    fn from_form(q: Option<String>, filters: ListArticlesQuery, order: Option<String>) -> Self {
        match q.filter(|q| !q.trim().is_empty()) {
            Some(q) => Self::Search(SearchArticlesQuery {
                q,
                section: filters.section,
                lang: filters.lang,
                from: filters.from,
                to: filters.to,
                order: order.as_deref().and_then(SearchOrder::parse),
                ..SearchArticlesQuery::default()
            }),
            None => Self::List(ListArticlesQuery {
                order: order.as_deref().and_then(ArticleOrder::parse),
                ..filters
            }),
        }
    }

    fn words(&self) -> Option<&str> {
        match self {
            Self::Search(search) => Some(&search.q),
            Self::List(_) => None,
        }
    }

    fn filters(&self) -> ArticleFilters<'_> {
        match self {
            Self::Search(search) => search.filters(),
            Self::List(list) => list.filters(),
        }
    }

    fn order(&self) -> Option<&'static str> {
        match self {
            Self::Search(search) => search.order.map(SearchOrder::as_str),
            Self::List(list) => list.order.map(ArticleOrder::as_str),
        }
    }

    fn at_page(self, page: Option<u32>, per_page: Option<PerPage>) -> Self {
        match self {
            Self::Search(search) => Self::Search(SearchArticlesQuery {
                page: page.and_then(SearchPageNumber::new),
                per_page,
                ..search
            }),
            Self::List(list) => Self::List(ListArticlesQuery {
                page: page.and_then(PageNumber::new),
                per_page,
                ..list
            }),
        }
    }
}

fn date_text(bound: Option<TimeBound>) -> String {
    bound.map(String::from).unwrap_or_default()
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
        .map(|l| Asked::from_url(l.query_str().trim_start_matches('?')))
        .unwrap_or_default();
    let api = ctx.api.clone();
    let (sections, _) = use_fetch((), move |()| api.sections());
    let api = ctx.api.clone();
    let (results, retry) = use_fetch(query.clone(), move |query| {
        let api = api.clone();
        async move {
            let page = match &query {
                Asked::Search(search) => search.page.map(u32::from),
                Asked::List(list) => list.page.map(u32::from),
            };
            match query.at_page(page, PerPage::new(PER_PAGE)) {
                // The matches counted by the filters the form has, to narrow them.
                Asked::Search(search) => {
                    let facets = FacetSet::new([Facet::Section, Facet::Lang, Facet::Year]);
                    let search = SearchArticlesQuery {
                        facets: Some(facets),
                        ..search
                    };
                    api.search(&search).await.map(Results::Hits)
                }
                Asked::List(list) => api.articles(&list).await.map(Results::List),
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
            let filters = query.filters();
            set(&section, filters.section.map_or("", Slug::as_str));
            set(&lang, filters.lang.map_or("", LanguageTag::as_str));
            set(&order, query.order().unwrap_or_default());
        });
    }
    let onsubmit = {
        let navigator = navigator.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let filters = ListArticlesQuery {
                section: value(&section).and_then(|s| Slug::new(&s)),
                lang: value(&lang).and_then(|l| LanguageTag::try_from(l).ok()),
                from: value(&from).and_then(|d| TimeBound::try_from(d).ok()),
                to: value(&to).and_then(|d| TimeBound::try_from(d).ok()),
                ..ListArticlesQuery::default()
            };
            // The default order stays out of the URL.
            let order = value(&order);
            let query = Asked::from_form(value(&words), filters, order);
            if let Some(navigator) = &navigator {
                let _ = navigator.push_with_query(&Route::Search, &query);
            }
        })
    };
    let href = {
        let query = query.clone();
        Callback::from(move |page: u32| {
            let query = query.clone().at_page(Some(page), None);
            let query = serde_urlencoded::to_string(&query).unwrap_or_default();
            format!("{}?{query}", shared::urls::search())
        })
    };
    html! {
        <div class="search">
            <h1>{ text.search_title }</h1>
            <p class="hint">{ text.search_hint }</p>
            <form class="filters" role="search" action={shared::urls::search()} method="get" {onsubmit}>
                <label class="words">
                    <span>{ text.search_words }</span>
                    <input ref={refs[0].clone()} type="search" name="q" value={query.words().unwrap_or_default().to_owned()} />
                </label>
                <label>
                    <span>{ text.section }</span>
                    <select ref={refs[1].clone()} name="section">
                        <option value="">{ text.all_sections }</option>
                        if let Fetch::Done(list) = &sections {
                            { for list.data.iter().map(|s| html! {
                                <option value={s.slug.clone()}
                                    selected={query.filters().section.is_some_and(|c| c.as_str() == s.slug)}>{ &s.name }</option>
                            }) }
                        }
                    </select>
                </label>
                <label>
                    <span>{ text.any_language }</span>
                    <select ref={refs[2].clone()} name="lang">
                        <option value="">{ text.any_language }</option>
                        { for text.language_names.iter().map(|(code, name)| html! {
                            <option value={*code}
                                selected={query.filters().lang.is_some_and(|c| c.as_str() == *code)}>{ *name }</option>
                        }) }
                    </select>
                </label>
                <label>
                    <span>{ text.from_date }</span>
                    <input ref={refs[3].clone()} type="date" name="from" value={date_text(query.filters().from)} />
                </label>
                <label>
                    <span>{ text.to_date }</span>
                    <input ref={refs[4].clone()} type="date" name="to" value={date_text(query.filters().to)} />
                </label>
                <label>
                    <span>{ "↕" }</span>
                    <select ref={refs[5].clone()} name="order">
                        <option value="">
                            { if query.words().is_some() { text.most_relevant } else { text.newest_first } }
                        </option>
                        if query.words().is_some() {
                            <option value="newest" selected={query.order() == Some("newest")}>{ text.newest_first }</option>
                        }
                        <option value="oldest" selected={query.order() == Some("oldest")}>{ text.oldest_first }</option>
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
                                    <Pager pagination={page.pagination.clone()} href={href.clone()} />
                                </>
                            },
                            Results::Hits(page) => html! {
                                <>
                                    if let (Some(facets), Asked::Search(search)) = (&page.facets, &query) {
                                        { narrow(facets, search, ctx.lang) }
                                    }
                                    <ol class="hits">{ for page.data.iter().map(hit) }</ol>
                                    <Pager pagination={page.pagination.clone()} href={href.clone()} />
                                </>
                            },
                        },
                        Fetch::Loading => loading(ctx.lang),
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

/// Links that narrow the search to one section, language or year, each with how many
/// of the matches it keeps (plain links: they work without script).
fn narrow(facets: &SearchFacets, search: &SearchArticlesQuery, lang: crate::i18n::Lang) -> Html {
    let text = lang.text();
    let link = |narrowed: SearchArticlesQuery, name: &str, count: u64| {
        let query = SearchArticlesQuery {
            page: None,
            facets: None,
            ..narrowed
        };
        let href = format!(
            "{}?{}",
            shared::urls::search(),
            serde_urlencoded::to_string(&query).unwrap_or_default()
        );
        html! { <li><a {href}>{ name }<span class="count">{ format!(" {count}") }</span></a></li> }
    };
    let group =
        |label: &str, counts: &Option<Vec<FacetCount>>, to: &dyn Fn(&FacetCount) -> Html| {
            match counts.as_deref() {
                Some(counts) if !counts.is_empty() => html! {
                    <li><span>{ label }</span><ul>{ for counts.iter().map(to) }</ul></li>
                },
                _ => Html::default(),
            }
        };
    let sections = |c: &FacetCount| {
        link(
            SearchArticlesQuery {
                section: Slug::new(&c.value),
                ..search.clone()
            },
            &c.name,
            c.count,
        )
    };
    let languages = |c: &FacetCount| {
        let name = text
            .language_names
            .iter()
            .find(|(code, _)| *code == c.value)
            .map_or(c.name.as_str(), |(_, name)| name);
        link(
            SearchArticlesQuery {
                lang: LanguageTag::try_from(c.value.clone()).ok(),
                ..search.clone()
            },
            name,
            c.count,
        )
    };
    let years = |c: &FacetCount| {
        let day = |d: &str| TimeBound::try_from(format!("{}-{d}", c.value)).ok();
        link(
            SearchArticlesQuery {
                from: day("01-01"),
                to: day("12-31"),
                ..search.clone()
            },
            &c.name,
            c.count,
        )
    };
    html! {
        <ul class="facets" aria-label={text.narrow}>
            { group(text.section, &facets.section, &sections) }
            { group(text.language, &facets.lang, &languages) }
            { group(text.year, &facets.year, &years) }
        </ul>
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
