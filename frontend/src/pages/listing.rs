//! Section, tag, author and entity pages: what the thing is, and its articles page by page
//! (`?halaman=2`, so every page has its own URL).

use serde::{Deserialize, Serialize};
use shared::query::{ListArticlesQuery, PageNumber, PerPage, Slug};
use yew::prelude::*;
use yew_router::prelude::*;

use crate::api::ApiError;
use crate::components::{ErrorBox, MostRead, Pager, Shown, card_grid, loading, picture};
use crate::fetch::{Fetch, use_fetch};
use crate::pages::not_found::NotFound;
use crate::{set_title, use_ctx};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListingKind {
    Section,
    Tag,
    Author,
    /// A person, place or organisation articles are about.
    Entity,
}

#[derive(Debug, Properties, PartialEq)]
pub struct Props {
    pub kind: ListingKind,
    pub slug: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PageQuery {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub halaman: Option<u32>,
}

/// What the page is about, whatever its kind.
#[derive(Debug, Clone, PartialEq)]
struct Subject {
    name: String,
    about: Option<String>,
    count: u64,
    /// An entity's kind (person, place, organisation), for the kicker.
    kind: Option<shared::EntityKind>,
    /// An author's profile.
    profile: Option<shared::Author>,
}

pub const PER_PAGE: u32 = 12;

#[function_component(Listing)]
pub fn listing(props: &Props) -> Html {
    let ctx = use_ctx();
    let text = ctx.lang.text();
    let location = use_location();
    let page = location
        .as_ref()
        .and_then(|l| l.query::<PageQuery>().ok())
        .and_then(|q| q.halaman)
        .unwrap_or(1)
        .max(1);
    let api = ctx.api.clone();
    let (data, retry) = use_fetch(
        (props.kind, props.slug.clone(), page),
        move |(kind, slug, page)| {
            let api = api.clone();
            async move {
                let subject = match kind {
                    ListingKind::Section => api.section(&slug).await.map(|s| Subject {
                        name: s.name,
                        about: s.description,
                        count: s.article_count,
                        kind: None,
                        profile: None,
                    })?,
                    ListingKind::Tag => api.tag(&slug).await.map(|t| Subject {
                        name: t.name,
                        about: None,
                        count: t.article_count,
                        kind: None,
                        profile: None,
                    })?,
                    ListingKind::Author => api.author(&slug).await.map(|a| Subject {
                        name: a.name.clone(),
                        about: a.bio.clone(),
                        count: a.article_count,
                        kind: None,
                        profile: Some(a),
                    })?,
                    ListingKind::Entity => api.entity(&slug).await.map(|e| Subject {
                        name: e.name,
                        about: None,
                        count: e.article_count,
                        kind: Some(e.kind),
                        profile: None,
                    })?,
                };
                let mut query = ListArticlesQuery {
                    page: PageNumber::new(page),
                    per_page: PerPage::new(PER_PAGE),
                    ..ListArticlesQuery::default()
                };
                // The subject was found by this slug, so it is one.
                let name = slug.clone();
                let slug = Slug::new(&slug).ok_or(ApiError::NotFound)?;
                match kind {
                    ListingKind::Section => query.section = Some(slug),
                    ListingKind::Tag => query.tag = Some(slug),
                    ListingKind::Author => query.author = Some(slug),
                    ListingKind::Entity => query.entity = Some(slug),
                }
                let articles = api.articles(&query).await?;
                // A section's first page leads with its editors' picks.
                let picks = if kind == ListingKind::Section && page == 1 {
                    api.front(&name, 0).await?.picks
                } else {
                    Vec::new()
                };
                Ok::<_, ApiError>((subject, articles, picks))
            }
        },
    );
    {
        let name = match &data {
            Fetch::Done(d) => Some(d.0.name.clone()),
            _ => None,
        };
        use_effect_with(name, |name| {
            if let Some(name) = name {
                set_title(name);
            }
        });
    }
    let (subject, articles, picks) = match data {
        Fetch::Loading => return loading(ctx.lang),
        Fetch::Failed(ApiError::NotFound) => return html! { <NotFound /> },
        Fetch::Failed(error) => return html! { <ErrorBox {error} {retry} /> },
        Fetch::Done(d) => (d.0.clone(), d.1.clone(), d.2.clone()),
    };
    // The picks shown above are not shown again below.
    let rest: Vec<_> = articles
        .data
        .iter()
        .filter(|a| !picks.iter().any(|p| p.id == a.id))
        .cloned()
        .collect();
    let kind_name = match props.kind {
        ListingKind::Section => text.section,
        ListingKind::Tag => text.tag,
        ListingKind::Author => text.author,
        ListingKind::Entity => match subject.kind {
            Some(shared::EntityKind::Person) => text.person,
            Some(shared::EntityKind::Organisation) => text.organisation,
            _ => text.place,
        },
    };
    let href = {
        let path = location.map(|l| l.path().to_owned()).unwrap_or_default();
        Callback::from(move |to: u32| {
            let query = PageQuery {
                halaman: (to > 1).then_some(to),
            };
            match serde_urlencoded::to_string(&query) {
                Ok(query) if !query.is_empty() => format!("{path}?{query}"),
                _ => path.clone(),
            }
        })
    };
    html! {
        <div class="listing">
            <header class="listing-header">
                if let Some(author) = &subject.profile {
                    { portrait(author) }
                }
                <p class="kicker">{ kind_name }</p>
                <h1>{ &subject.name }</h1>
                if let Some(title) = subject.profile.as_ref().and_then(|a| a.job_title.as_ref()) {
                    <p class="job-title">{ title }</p>
                }
                if let Some(about) = &subject.about {
                    <p class="about" lang={subject.profile.as_ref().and_then(|a| a.language.clone())}>{ about }</p>
                }
                if let Some(author) = subject.profile.as_ref().filter(|a| !a.links.is_empty()) {
                    <ul class="profile-links">
                        { for author.links.iter().map(|link| html! {
                            <li><a href={link.url.clone()} rel="me noopener">{ link_name(link.kind, text) }</a></li>
                        }) }
                    </ul>
                }
                <p class="count">{ format!("{} {}", subject.count, text.articles_count) }</p>
            </header>
            if !picks.is_empty() {
                <section class="picks" aria-labelledby="pilihan">
                    <h2 id="pilihan" class="rubric">{ text.top_stories }</h2>
                    { card_grid(picks) }
                </section>
            }
            if articles.data.is_empty() {
                <p class="empty">{ text.no_articles }</p>
            } else {
                { card_grid(rest) }
            }
            <Pager pagination={articles.pagination.clone()} {href} />
            if props.kind == ListingKind::Section {
                <MostRead section={props.slug.clone()} />
            }
        </div>
    }
}

/// An author's photo, or their initials when there is none.
fn portrait(author: &shared::Author) -> Html {
    match &author.photo {
        Some(photo) => picture(
            photo,
            classes!("portrait"),
            "96px",
            Shown {
                crop: Some("1x1"),
                eager: true,
                ..Shown::default()
            },
        ),
        None => {
            let initials: String = author
                .name
                .split_whitespace()
                .filter_map(|word| word.chars().next())
                .take(2)
                // ASCII only: Unicode's case tables would cost the reader's download.
                .map(|c| c.to_ascii_uppercase())
                .collect();
            html! { <span class="initials" aria-hidden="true">{ initials }</span> }
        }
    }
}

/// What a profile link is called on the page.
fn link_name(kind: shared::ProfileLinkKind, text: &crate::i18n::Text) -> &'static str {
    use shared::ProfileLinkKind as K;
    match kind {
        K::Website => text.website,
        K::X => "X",
        K::Instagram => "Instagram",
        K::Facebook => "Facebook",
        K::Linkedin => "LinkedIn",
        K::Threads => "Threads",
        K::Mastodon => "Mastodon",
        K::Bluesky => "Bluesky",
        K::Youtube => "YouTube",
        K::Tiktok => "TikTok",
    }
}
