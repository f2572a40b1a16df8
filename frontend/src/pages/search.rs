//! The search page. Until full-text search exists it searches with the article
//! list's filters: section, language, date range and order. The filters live in
//! the URL (`/cari?section=…&lang=…`), so a search can be shared.

use shared::listing::ArticleQuery;
use wasm_bindgen::JsCast as _;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;
use yew_router::prelude::*;

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
        .and_then(|l| l.query::<ArticleQuery>().ok())
        .unwrap_or_default();
    let api = ctx.api.clone();
    let (sections, _) = use_fetch((), move |()| api.sections());
    let api = ctx.api.clone();
    let (results, retry) = use_fetch(query.clone(), move |mut query| {
        let api = api.clone();
        query.per_page = Some(PER_PAGE);
        async move { api.articles(&query).await }
    });

    let refs: [NodeRef; 5] = Default::default();
    let [section, lang, from, to, order] = refs.clone();
    let onsubmit = {
        let navigator = navigator.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let query = ArticleQuery {
                section: value(&section),
                lang: value(&lang),
                from: value(&from),
                to: value(&to),
                // The default order stays out of the URL.
                order: value(&order).filter(|o| o != "newest"),
                ..ArticleQuery::default()
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
                let query = ArticleQuery {
                    page: Some(page),
                    ..query.clone()
                };
                let _ = navigator.push_with_query(&Route::Search, &query);
            }
        })
    };
    let selected = |current: &Option<String>, option: &str| current.as_deref() == Some(option);
    html! {
        <div class="search">
            <h1>{ text.search_title }</h1>
            <p class="hint">{ text.search_hint }</p>
            <form class="filters" role="search" {onsubmit}>
                <label>
                    <span>{ text.section }</span>
                    <select ref={refs[0].clone()} name="section">
                        <option value="">{ text.all_sections }</option>
                        if let Fetch::Done(list) = &sections {
                            { for list.data.iter().map(|s| html! {
                                <option value={s.slug.clone()} selected={selected(&query.section, &s.slug)}>{ &s.name }</option>
                            }) }
                        }
                    </select>
                </label>
                <label>
                    <span>{ text.any_language }</span>
                    <select ref={refs[1].clone()} name="lang">
                        <option value="">{ text.any_language }</option>
                        { for text.language_names.iter().map(|(code, name)| html! {
                            <option value={*code} selected={selected(&query.lang, code)}>{ *name }</option>
                        }) }
                    </select>
                </label>
                <label>
                    <span>{ text.from_date }</span>
                    <input ref={refs[2].clone()} type="date" name="from" value={query.from.clone().unwrap_or_default()} />
                </label>
                <label>
                    <span>{ text.to_date }</span>
                    <input ref={refs[3].clone()} type="date" name="to" value={query.to.clone().unwrap_or_default()} />
                </label>
                <label>
                    <span>{ "↕" }</span>
                    <select ref={refs[4].clone()} name="order">
                        <option value="newest" selected={!selected(&query.order, "oldest")}>{ text.newest_first }</option>
                        <option value="oldest" selected={selected(&query.order, "oldest")}>{ text.oldest_first }</option>
                    </select>
                </label>
                <button type="submit">{ text.apply }</button>
            </form>
            <section aria-labelledby="hasil" class="results">
                <h2 id="hasil">{ text.results }</h2>
                {
                    match results {
                        Fetch::Loading => html! { <Loading /> },
                        Fetch::Failed(error) => html! { <ErrorBox {error} {retry} /> },
                        Fetch::Done(page) if page.data.is_empty() => html! { <p class="empty">{ text.no_articles }</p> },
                        Fetch::Done(page) => html! {
                            <>
                                { card_grid(page.data.iter().cloned()) }
                                <Pager pagination={page.pagination.clone()} {on_page} />
                            </>
                        },
                    }
                }
            </section>
        </div>
    }
}
