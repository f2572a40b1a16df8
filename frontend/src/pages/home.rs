//! The front page: the lead story, the latest stories, and a row per section.

use shared::query::{ListArticlesQuery, PerPage, Slug};
use shared::{Section, SectionList};
use yew::prelude::*;
use yew_router::prelude::*;

use crate::api::ApiError;
use crate::components::{ArticleCard, ErrorBox, Loading, card_grid};
use crate::fetch::{Fetch, use_fetch};
use crate::route::Route;
use crate::{set_title, use_ctx};

#[function_component(Home)]
pub fn home() -> Html {
    let ctx = use_ctx();
    let text = ctx.lang.text();
    use_effect_with((), |()| set_title(""));
    let api = ctx.api.clone();
    let (latest, retry) = use_fetch((), move |()| {
        let api = api.clone();
        async move {
            let page = api
                .articles(&ListArticlesQuery {
                    per_page: PerPage::new(11),
                    ..ListArticlesQuery::default()
                })
                .await?;
            let sections = api.sections().await?;
            Ok::<_, ApiError>((page, sections))
        }
    });
    let (page, sections) = match latest {
        Fetch::Loading => return html! { <Loading /> },
        Fetch::Failed(error) => return html! { <ErrorBox {error} {retry} /> },
        Fetch::Done(data) => (data.0.clone(), data.1.clone()),
    };
    let mut stories = page.data.into_iter();
    let Some(lead) = stories.next() else {
        return html! { <p class="empty">{ text.no_articles }</p> };
    };
    let stories: Vec<_> = stories.collect();
    let SectionList { data: sections } = sections;
    html! {
        <div class="front">
            <h1 class="visually-hidden">{ text.site_name }</h1>
            <section class="lead" aria-label={text.latest}>
                <ArticleCard article={lead} lead=true />
            </section>
            if !stories.is_empty() {
                <section class="latest" aria-labelledby="terbaru">
                    <h2 id="terbaru" class="rubric">{ text.latest }</h2>
                    { card_grid(stories) }
                </section>
            }
            { for sections.into_iter().filter(|s| s.article_count > 0).map(|section| {
                let key = section.slug.clone();
                html! { <SectionRow {key} {section} /> }
            }) }
        </div>
    }
}

#[derive(Debug, Properties, PartialEq)]
struct RowProps {
    section: Section,
}

#[function_component(SectionRow)]
fn section_row(props: &RowProps) -> Html {
    let ctx = use_ctx();
    let text = ctx.lang.text();
    let api = ctx.api.clone();
    let slug = props.section.slug.clone();
    let (page, retry) = use_fetch(slug.clone(), move |slug| {
        let api = api.clone();
        async move {
            api.articles(&ListArticlesQuery {
                section: Slug::new(&slug),
                per_page: PerPage::new(4),
                ..ListArticlesQuery::default()
            })
            .await
        }
    });
    let id = format!("rubrik-{slug}");
    html! {
        <section class="section-row" aria-labelledby={id.clone()}>
            <h2 class="rubric" id={id}>
                <Link<Route> to={Route::Section { slug: slug.clone() }}>{ &props.section.name }</Link<Route>>
            </h2>
            {
                match page {
                    Fetch::Loading => html! { <Loading /> },
                    Fetch::Failed(error) => html! { <ErrorBox {error} {retry} /> },
                    Fetch::Done(page) => html! {
                        { card_grid(page.data.iter().cloned()) }
                    },
                }
            }
            <p class="more">
                <Link<Route> to={Route::Section { slug: slug.clone() }}>{ text.more_in_section }{ " →" }</Link<Route>>
            </p>
        </section>
    }
}
