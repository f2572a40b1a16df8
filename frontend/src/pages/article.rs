//! The article page: everything the desk filed, set for reading.

use shared::Article;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::api::ApiError;
use crate::components::{ErrorBox, MostRead, Shown, card_grid, loading, picture};
use crate::fetch::{Fetch, use_fetch};
use crate::i18n::{self, Lang};
use crate::pages::blocks::body;
use crate::pages::not_found::NotFound;
use crate::route::Route;
use crate::{set_title, use_ctx};

#[derive(Debug, Properties, PartialEq)]
pub struct Props {
    /// The article's slug; a preview link's token with `preview`.
    pub slug: String,
    /// A draft shown by its preview link.
    #[prop_or_default]
    pub preview: bool,
}

#[function_component(ArticlePage)]
pub fn article_page(props: &Props) -> Html {
    let ctx = use_ctx();
    let api = ctx.api.clone();
    let (article, retry) = use_fetch(
        (props.slug.clone(), props.preview),
        move |(slug, preview)| {
            let api = api.clone();
            async move {
                if preview {
                    api.preview(&slug).await
                } else {
                    api.article(&slug).await
                }
            }
        },
    );
    {
        let headline = match &article {
            Fetch::Done(a) => Some(a.headline.clone()),
            _ => None,
        };
        use_effect_with(headline, |headline| {
            if let Some(headline) = headline {
                set_title(headline);
            }
        });
        // One view each time a reader opens a published article (most read).
        let viewed = match &article {
            Fetch::Done(a) if !props.preview => Some(a.slug.clone()),
            _ => None,
        };
        let api = ctx.api.clone();
        use_effect_with(viewed, move |viewed| {
            if let Some(slug) = viewed {
                api.count_view(slug);
            }
        });
    }
    match article {
        Fetch::Loading => loading(ctx.lang),
        Fetch::Failed(ApiError::NotFound) => html! { <NotFound /> },
        // A preview link revoked or expired.
        Fetch::Failed(ApiError::Problem(p)) if p.status == 410 => html! {
            <p class="preview-gone" role="alert">{ ctx.lang.text().preview_gone }</p>
        },
        Fetch::Failed(error) => html! { <ErrorBox {error} {retry} /> },
        Fetch::Done(article) => html! {
            <>
                if props.preview {
                    <p class="preview-notice" role="note">{ ctx.lang.text().preview_notice }</p>
                }
                <Story article={(*article).clone()} lang={ctx.lang} />
                if !props.preview { <MostRead /> }
            </>
        },
    }
}

#[derive(Debug, Properties, PartialEq)]
pub struct StoryProps {
    pub article: Article,
    pub lang: Lang,
}

/// An article as readers see it (the newsroom's preview uses it too).
#[function_component(Story)]
pub fn story(props: &StoryProps) -> Html {
    let text = props.lang.text();
    let a = &props.article;
    let lang = props.lang;
    html! {
        <article class="story" lang={a.language.clone()}>
            <header class="story-header">
                <p class="kicker">
                    <Link<Route> to={Route::Section { slug: a.section.slug.clone() }}>{ &a.section.name }</Link<Route>>
                </p>
                // Element Timing: when the headline is painted (bench/headline reads it).
                <h1 class="headline" elementtiming="gi:headline">{ &a.headline }</h1>
                if let Some(standfirst) = &a.standfirst { <p class="standfirst">{ standfirst }</p> }
                { for a.translations.iter().map(|t| html! {
                    <p class="translation" key={t.id.to_string()}>
                        <Link<Route> to={Route::Article { slug: t.slug.clone() }}>
                            { i18n::read_in(&a.language, &t.language) }
                        </Link<Route>>
                    </p>
                }) }
                <div class="story-meta">
                    if let Some(byline) = &a.byline {
                        <p class="byline">
                            { text.by }{ " " }
                            { for byline.authors.iter().enumerate().map(|(i, author)| html! {
                                <>
                                    if i > 0 { { ", " } }
                                    <Link<Route> to={Route::Author { slug: author.slug.clone() }} classes="author">
                                        { &author.name }
                                    </Link<Route>>
                                </>
                            }) }
                            if byline.authors.is_empty() { { &byline.text } }
                        </p>
                    }
                    if let Some(at) = &a.published_at {
                        <p class="published">
                            { text.published }{ " " }
                            <time datetime={at.to_rfc3339()}>{ i18n::date_time(lang, at) }</time>
                        </p>
                    }
                    if a.published_at.is_some_and(|p| a.updated_at > p + chrono::Duration::minutes(1)) {
                        <p class="updated">
                            { text.updated }{ " " }
                            <time datetime={a.updated_at.to_rfc3339()}>{ i18n::date_time(lang, &a.updated_at) }</time>
                        </p>
                    }
                    <p class="reading-time">{ format!("{} {}", a.reading_time_minutes, text.minutes_read) }</p>
                </div>
            </header>
            if let Some(image) = a.featured() {
                { picture(image, classes!("story-image"), "(min-width: 720px) 680px, 100vw",
                    Shown { captioned: true, eager: true, ..Shown::default() }) }
            }
            { body(&a.body, a.dateline.as_ref().map(|d| d.text.as_str())) }
            if a.live.is_some() {
                <crate::pages::live::LiveBlog slug={a.slug.clone()} />
            }
            if !a.corrections.is_empty() {
                <aside class="corrections" aria-labelledby="ralat">
                    <h2 id="ralat">{ text.corrections }</h2>
                    <ul>
                        { for a.corrections.iter().map(|c| html! {
                            <li key={c.id.to_string()}>
                                <time datetime={c.published_at.to_rfc3339()}>{ i18n::date_time(lang, &c.published_at) }</time>
                                { ": " }{ &c.text }
                            </li>
                        }) }
                    </ul>
                </aside>
            }
            if !a.entities.is_empty() {
                <nav class="entities" aria-label={text.in_this_story}>
                    <h2>{ text.in_this_story }</h2>
                    <ul>
                        { for a.entities.iter().map(|e| html! {
                            <li key={e.slug.clone()}>
                                <Link<Route> to={Route::Entity { slug: e.slug.clone() }} classes="entity">{ &e.name }</Link<Route>>
                            </li>
                        }) }
                    </ul>
                </nav>
            }
            if !a.tags.is_empty() {
                <nav class="tags" aria-label={text.tags}>
                    <h2>{ text.tags }</h2>
                    <ul>
                        { for a.tags.iter().map(|t| html! {
                            <li key={t.slug.clone()}>
                                <Link<Route> to={Route::Tag { slug: t.slug.clone() }} classes="tag">{ &t.name }</Link<Route>>
                            </li>
                        }) }
                    </ul>
                </nav>
            }
            <Related slug={a.slug.clone()} />
        </article>
    }
}

#[derive(Debug, Properties, PartialEq)]
struct RelatedProps {
    slug: String,
}

/// The stories most related to the article (`GET /articles/{slug}/related`).
#[function_component(Related)]
fn related(props: &RelatedProps) -> Html {
    let ctx = use_ctx();
    let text = ctx.lang.text();
    let api = ctx.api.clone();
    // The server ranks them: shared people, places, organisations, tags, subjects.
    let (list, _) = use_fetch(props.slug.clone(), move |slug| {
        let api = api.clone();
        async move { api.related(&slug).await }
    });
    let Fetch::Done(list) = list else {
        return Html::default();
    };
    if list.data.is_empty() {
        return Html::default();
    }
    let others = list.data.clone();
    html! {
        <aside class="related" aria-labelledby="terkait">
            <h2 id="terkait">{ text.related }</h2>
            { card_grid(others.into_iter()) }
        </aside>
    }
}
