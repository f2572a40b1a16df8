//! Pieces several pages share: the masthead, the footer, article cards, pictures, the
//! loading and error states, and the pager.

use shared::media::{ImageType, PlacedImage};
use shared::{ArticleSummary, Pagination};
use yew::prelude::*;
use yew_router::prelude::*;

use crate::api::ApiError;
use crate::fetch::{Fetch, use_fetch};
use crate::i18n;
use crate::route::Route;
use crate::use_ctx;

#[function_component(Masthead)]
pub fn masthead() -> Html {
    let ctx = use_ctx();
    let text = ctx.lang.text();
    let api = ctx.api.clone();
    // The sections for the menu and the breaking news for the banner, asked together.
    let (asked, _) = use_fetch((), move |()| {
        let (sections, breaking) = (api.sections(), api.breaking());
        async move { Ok::<_, crate::api::ApiError>((sections.await?, breaking.await?)) }
    });
    let (sections, breaking) = match asked {
        Fetch::Done(pair) => (Some(pair.0.clone()), Some(pair.1.clone())),
        _ => (None, None),
    };
    let other = ctx.lang.other();
    // A link, so that it works without script: the server keeps the choice and sends
    // the reader back here. With script the app switches in place.
    let here = use_location()
        .map(|l| format!("{}{}", l.path(), l.query_str()))
        .unwrap_or_else(|| "/".to_owned());
    let switch = {
        let set_lang = ctx.set_lang.clone();
        Callback::from(move |e: MouseEvent| {
            e.prevent_default();
            set_lang.emit(other);
        })
    };
    html! {
        <header class="masthead">
            <a class="skip-link" href="#isi">{ text.skip_to_content }</a>
            <div class="masthead-top">
                <Link<Route> to={Route::Home} classes="brand">{ text.site_name }</Link<Route>>
                <p class="tagline">{ text.tagline }</p>
                // Named by what it shows (WCAG 2.5.3); what it does is its title.
                <a class="lang-switch" href={shared::urls::language(other.code(), &here)}
                        lang={other.code()} hreflang={other.code()}
                        title={text.switch_language} onclick={switch}>
                    { text.other_language }
                </a>
            </div>
            <nav aria-label={text.main_nav} class="sections-nav">
                <ul>
                    <li><Link<Route> to={Route::Home}>{ text.home }</Link<Route>></li>
                    { for sections.iter().flat_map(|list| &list.data).map(|s| html! {
                        <li key={s.slug.clone()}>
                            <Link<Route> to={Route::Section { slug: s.slug.clone() }}>{ &s.name }</Link<Route>>
                        </li>
                    }) }
                    <li><Link<Route> to={Route::Search}>{ text.search }</Link<Route>></li>
                </ul>
            </nav>
            if let Some(news) = breaking {
                if !news.data.is_empty() {
                    <aside class="breaking" aria-labelledby="terkini">
                        <strong id="terkini" class="breaking-label">{ text.breaking }</strong>
                        <ul>
                            { for news.data.iter().map(|a| html! {
                                <li key={a.id.to_string()}>
                                    <Link<Route> to={Route::Article { slug: a.slug.clone() }}>{ &a.headline }</Link<Route>>
                                </li>
                            }) }
                        </ul>
                    </aside>
                }
            }
        </header>
    }
}

/// The site's footer. A function, not a component: it has no state of its own, and
/// every component costs the reader's download about a kilobyte.
pub fn footer(lang: crate::i18n::Lang) -> Html {
    html! {
        <footer class="site-footer">
            <p>{ lang.text().footer }</p>
            <p><a href="/docs/">{ "API" }</a></p>
        </footer>
    }
}

/// What shows while data is on its way (a function, not a component: no state).
pub fn loading(lang: crate::i18n::Lang) -> Html {
    html! { <p class="loading" role="status" aria-live="polite">{ lang.text().loading }</p> }
}

#[derive(Debug, Properties, PartialEq)]
pub struct ErrorBoxProps {
    pub error: ApiError,
    pub retry: Callback<()>,
}

/// What a reader sees when the API cannot be reached: a message and a way to retry.
#[function_component(ErrorBox)]
pub fn error_box(props: &ErrorBoxProps) -> Html {
    let ctx = use_ctx();
    let text = ctx.lang.text();
    let retry = props.retry.reform(|_: MouseEvent| ());
    let detail = match &props.error {
        ApiError::Problem(problem) => Some(problem.detail.clone()),
        ApiError::Unavailable(_)
        | ApiError::NotFound
        | ApiError::Unauthorized
        | ApiError::Stale => None,
    };
    html! {
        <div class="error-box" role="alert">
            <p>{ text.api_down }</p>
            if let Some(detail) = detail { <p class="error-detail">{ detail }</p> }
            <button type="button" onclick={retry}>{ text.try_again }</button>
        </div>
    }
}

#[derive(Debug, Properties, PartialEq)]
pub struct CardProps {
    pub article: ArticleSummary,
    /// The lead story gets the big treatment.
    #[prop_or_default]
    pub lead: bool,
}

#[function_component(ArticleCard)]
pub fn article_card(props: &CardProps) -> Html {
    let ctx = use_ctx();
    let a = &props.article;
    let class = if props.lead { "card card-lead" } else { "card" };
    html! {
        <article class={class} lang={a.language.clone()}>
            <p class="kicker">
                <Link<Route> to={Route::Section { slug: a.section.slug.clone() }}>{ &a.section.name }</Link<Route>>
            </p>
            if props.lead {
                <h2 class="card-headline">
                    <Link<Route> to={Route::Article { slug: a.slug.clone() }}>{ &a.headline }</Link<Route>>
                </h2>
            } else {
                <h3 class="card-headline">
                    <Link<Route> to={Route::Article { slug: a.slug.clone() }}>{ &a.headline }</Link<Route>>
                </h3>
            }
            if let Some(standfirst) = &a.standfirst { <p class="card-standfirst">{ standfirst }</p> }
            if let Some(image) = a.featured_image.as_ref().and_then(|f| f.shown.as_deref()) {
                { picture(image, classes!("card-image"),
                    if props.lead { "(min-width: 720px) 680px, 100vw" } else { "(min-width: 720px) 33vw, 100vw" },
                    Shown { crop: Some("16x9"), ..Shown::default() }) }
            }
            if let Some(at) = &a.published_at {
                <p class="card-meta"><time datetime={at.to_rfc3339()}>{ i18n::date(ctx.lang, at) }</time></p>
            }
        </article>
    }
}

/// How a picture is shown.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Shown {
    /// With its caption and credit below.
    pub captioned: bool,
    /// A crop made around its focal point: `16x9` (a card), `1x1` (a portrait).
    pub crop: Option<&'static str>,
    /// Loaded at once and first (the picture at the top of a page), not lazily.
    pub eager: bool,
}

/// A picture of the library: WebP and JPEG widths in `srcset` for `sizes` (how wide it
/// is shown, so the browser picks a file that fits), its width and height so that
/// nothing shifts while it loads. Nothing before its renditions exist. (A function, not
/// a component: it keeps no state, and each component costs the reader's download.)
pub fn picture(image: &PlacedImage, class: Classes, sizes: &'static str, props: Shown) -> Html {
    // A card shows the 16:9 crop made around the focal point, a portrait the square;
    // other pictures the widths.
    let files = if let Some(ratio) = props.crop {
        image
            .crop(ratio, ImageType::Webp)
            .zip(image.crop(ratio, ImageType::Jpeg))
            .map(|(webp, jpeg)| {
                (
                    format!("{} {}w", webp.url, webp.width),
                    format!("{} {}w", jpeg.url, jpeg.width),
                    jpeg,
                    (jpeg.width, jpeg.height),
                )
            })
    } else {
        match (
            image.srcset(ImageType::Webp, ""),
            image.srcset(ImageType::Jpeg, ""),
            image.fallback(),
        ) {
            (Some(webp), Some(jpeg), Some(src)) => {
                Some((webp, jpeg, src, (image.width, image.height)))
            }
            _ => None,
        }
    };
    let Some((webp, jpeg, src, (width, height))) = files else {
        return Html::default();
    };
    let caption = props.captioned && (image.caption.is_some() || image.credit.is_some());
    html! {
        <figure class={classes!("picture", class)}>
            <picture>
                <source type="image/webp" srcset={webp} {sizes} />
                <img src={src.url.clone()} srcset={jpeg} {sizes}
                    width={width.to_string()} height={height.to_string()}
                    alt={image.alt.clone().unwrap_or_default()}
                    loading={if props.eager { "eager" } else { "lazy" }}
                    fetchpriority={props.eager.then_some("high")}
                    decoding="async" />
            </picture>
            if caption {
                <figcaption>
                    if let Some(caption) = &image.caption { { caption } }
                    if let Some(credit) = &image.credit { { " " }<small class="credit">{ credit }</small> }
                </figcaption>
            }
        </figure>
    }
}

#[derive(Debug, Properties, PartialEq)]
pub struct PagerProps {
    pub pagination: Pagination,
    /// The URL of a page of the list (links, so that paging works without script).
    pub href: Callback<u32, String>,
}

#[function_component(Pager)]
pub fn pager(props: &PagerProps) -> Html {
    let ctx = use_ctx();
    let text = ctx.lang.text();
    let navigator = use_navigator();
    let p = &props.pagination;
    let page = p.page.unwrap_or(1);
    if p.total_pages <= 1 {
        return Html::default();
    }
    let link = |to: u32, rel: &'static str, label: Html| {
        let href = props.href.emit(to);
        let onclick = {
            let (href, navigator) = (href.clone(), navigator.clone());
            Callback::from(move |e: MouseEvent| {
                let (path, query) = href.split_once('?').unwrap_or((&href, ""));
                let pairs: Vec<(String, String)> =
                    serde_urlencoded::from_str(query).unwrap_or_default();
                if let (Some(navigator), Some(route)) = (&navigator, Route::recognize(path)) {
                    e.prevent_default();
                    let _ = navigator.push_with_query(&route, &pairs);
                }
            })
        };
        html! { <a {href} {rel} {onclick}>{ label }</a> }
    };
    html! {
        <nav class="pager" aria-label={text.page}>
            if page > 1 {
                { link(page - 1, "prev", html! { <>{ "← " }{ text.previous }</> }) }
            }
            <span class="pager-status">{ format!("{} {page} {} {}", text.page, text.of, p.total_pages) }</span>
            if page < p.total_pages {
                { link(page + 1, "next", html! { <>{ text.next }{ " →" }</> }) }
            }
        </nav>
    }
}

/// A grid of article cards.
#[derive(Debug, Properties, PartialEq)]
pub struct MostReadProps {
    /// Only this section's stories.
    #[prop_or_default]
    pub section: Option<String>,
}

/// The stories read most today, numbered (`GET /most-read`). The browser asks for them
/// after the page is up (the server leaves them out), so they come at a page's end.
#[function_component(MostRead)]
pub fn most_read(props: &MostReadProps) -> Html {
    let ctx = use_ctx();
    let api = ctx.api.clone();
    let (list, _) = use_fetch(props.section.clone(), move |section| {
        let api = api.clone();
        async move { api.most_read(section.as_deref()).await }
    });
    match list {
        Fetch::Done(list) if !list.data.is_empty() => html! {
            <aside class="most-read" aria-labelledby="terpopuler">
                <h2 id="terpopuler" class="rubric">{ ctx.lang.text().most_read }</h2>
                <ol>
                    { for list.data.iter().map(|a| html! {
                        <li key={a.id.to_string()}>
                            <Link<Route> to={Route::Article { slug: a.slug.clone() }}>{ &a.headline }</Link<Route>>
                        </li>
                    }) }
                </ol>
            </aside>
        },
        _ => Html::default(),
    }
}

pub fn card_grid(articles: impl IntoIterator<Item = ArticleSummary>) -> Html {
    html! {
        <div class="grid">
            { for articles.into_iter().map(|article| {
                let key = article.id.to_string();
                html! { <ArticleCard {key} {article} /> }
            }) }
        </div>
    }
}
