//! The front page as the editors arranged it (`GET /fronts/home`): the lead story, the
//! editors' other picks, the latest stories, and a row per section from the section's
//! own front.

use shared::{Section, SectionList};
use yew::prelude::*;
use yew_router::prelude::*;

use crate::api::ApiError;
use crate::components::{ArticleCard, ErrorBox, MostRead, card_grid, loading};
use crate::fetch::{Fetch, use_fetch};
use crate::route::Route;
use crate::{set_title, use_ctx};

/// The newest stories asked for: the lead when nothing is picked, and ten more.
const LATEST: u32 = 11;

/// Stories in a section's row.
const ROW: usize = 4;

#[function_component(Home)]
pub fn home() -> Html {
    let ctx = use_ctx();
    let text = ctx.lang.text();
    use_effect_with((), |()| set_title(""));
    let api = ctx.api.clone();
    let (latest, retry) = use_fetch((), move |()| {
        let api = api.clone();
        async move {
            let front = api.front(shared::fronts::HOME, LATEST).await?;
            let sections = api.sections().await?;
            Ok::<_, ApiError>((front, sections))
        }
    });
    let (front, sections) = match latest {
        Fetch::Loading => return loading(ctx.lang),
        Fetch::Failed(error) => return html! { <ErrorBox {error} {retry} /> },
        Fetch::Done(data) => (data.0.clone(), data.1.clone()),
    };
    // The lead is the first pick, else the newest story (`Front::lead`).
    let Some(lead) = front.lead().cloned() else {
        return html! { <p class="empty">{ text.no_articles }</p> };
    };
    let picked = !front.picks.is_empty();
    let picks: Vec<_> = front.picks.into_iter().skip(1).collect();
    let stories: Vec<_> = front
        .latest
        .into_iter()
        .skip(usize::from(!picked))
        .take(LATEST as usize - 1)
        .collect();
    let SectionList { data: sections } = sections;
    html! {
        <div class="front">
            <h1 class="visually-hidden">{ text.site_name }</h1>
            <section class="lead" aria-label={if picked { text.top_stories } else { text.latest }}>
                <ArticleCard article={lead} lead=true />
            </section>
            if !picks.is_empty() {
                <section class="picks" aria-labelledby="pilihan">
                    <h2 id="pilihan" class="rubric">{ text.top_stories }</h2>
                    { card_grid(picks) }
                </section>
            }
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
            <MostRead />
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
        async move { api.front(&slug, ROW as u32).await }
    });
    let id = format!("rubrik-{slug}");
    html! {
        <section class="section-row" aria-labelledby={id.clone()}>
            <h2 class="rubric" id={id}>
                <Link<Route> to={Route::Section { slug: slug.clone() }}>{ &props.section.name }</Link<Route>>
            </h2>
            {
                match page {
                    Fetch::Loading => loading(ctx.lang),
                    Fetch::Failed(error) => html! { <ErrorBox {error} {retry} /> },
                    Fetch::Done(front) => html! {
                        { card_grid(front.picks.iter().chain(&front.latest).take(ROW).cloned()) }
                    },
                }
            }
            <p class="more">
                <Link<Route> to={Route::Section { slug: slug.clone() }}>{ text.more_in_section }{ " →" }</Link<Route>>
            </p>
        </section>
    }
}
