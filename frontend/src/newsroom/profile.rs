//! An author's profile in the newsroom: job title, bio, photo from the image library
//! (readers see initials without one), links to their profiles elsewhere and the
//! language they write in — what the author page, bylines, JSON-LD and ninjs say of
//! them. An author keeps their own; editors and admins anyone's.

use shared::media::PlacedImage;
use shared::staff::AuthorProfileUpdate;
use shared::{Author, ProfileLink, ProfileLinkKind};
use yew::prelude::*;
use yew_router::prelude::*;

use super::media::{ImagePicker, thumbnail};
use super::{authed, describe_error, event_value};
use crate::components::{ErrorBox, loading};
use crate::fetch::{Fetch, use_fetch};
use crate::route::Route;
use crate::{set_title, use_ctx};

#[derive(Debug, Properties, PartialEq)]
pub struct Props {
    pub slug: String,
}

/// The profile as the form edits it.
#[derive(Debug, Clone, Default, PartialEq)]
struct Draft {
    job_title: String,
    bio: String,
    language: String,
    photo: Option<PlacedImage>,
    links: Vec<ProfileLink>,
}

impl Draft {
    fn of(author: &Author) -> Self {
        Self {
            job_title: author.job_title.clone().unwrap_or_default(),
            bio: author.bio.clone().unwrap_or_default(),
            language: author.language.clone().unwrap_or_default(),
            photo: author.photo.as_deref().cloned(),
            links: author.links.clone(),
        }
    }

    /// Every field, as the form shows it (`""` clears).
    fn update(&self) -> AuthorProfileUpdate {
        AuthorProfileUpdate {
            job_title: Some(self.job_title.clone()),
            bio: Some(self.bio.clone()),
            language: Some(self.language.clone()),
            photo: Some(
                self.photo
                    .as_ref()
                    .map(|p| p.id.to_string())
                    .unwrap_or_default(),
            ),
            links: Some(self.links.clone()),
        }
    }
}

#[function_component(Profile)]
pub fn profile(props: &Props) -> Html {
    let ctx = use_ctx();
    let desk = ctx.lang.desk();
    let text = &desk.profile;
    use_effect_with((), move |()| set_title(desk.profile.title));
    let draft = use_state(Draft::default);
    let name = use_state(String::new);
    let message = use_state(|| None::<String>);
    let picking = use_state(|| false);
    let (data, retry) = {
        let ctx = ctx.clone();
        use_fetch(props.slug.clone(), move |slug| {
            let ctx = ctx.clone();
            async move { authed(&ctx, |api, token| api.author_profile(&token, &slug)).await }
        })
    };
    {
        // The profile loaded becomes the one edited.
        let (draft, name) = (draft.clone(), name.clone());
        let loaded = match &data {
            Fetch::Done(author) => Some((**author).clone()),
            _ => None,
        };
        use_effect_with(loaded, move |loaded| {
            if let Some(author) = loaded {
                draft.set(Draft::of(author));
                name.set(author.name.clone());
            }
        });
    }
    match &data {
        Fetch::Loading => return loading(ctx.lang),
        Fetch::Failed(error) => {
            return html! { <ErrorBox error={error.clone()} {retry} /> };
        }
        Fetch::Done(_) => {}
    }
    let edit = |change: fn(&mut Draft, String)| {
        let draft = draft.clone();
        Callback::from(move |e: Event| {
            let mut next = (*draft).clone();
            change(&mut next, event_value(&e));
            draft.set(next);
        })
    };
    let edit_link = |i: usize, change: fn(&mut ProfileLink, String)| {
        let draft = draft.clone();
        Callback::from(move |e: Event| {
            let mut next = (*draft).clone();
            if let Some(link) = next.links.get_mut(i) {
                change(link, event_value(&e));
            }
            draft.set(next);
        })
    };
    let remove_link = |i: usize| {
        let draft = draft.clone();
        Callback::from(move |_: MouseEvent| {
            let mut next = (*draft).clone();
            next.links.remove(i);
            draft.set(next);
        })
    };
    let add_link = {
        let draft = draft.clone();
        Callback::from(move |_: MouseEvent| {
            let mut next = (*draft).clone();
            next.links.push(ProfileLink {
                kind: ProfileLinkKind::Website,
                url: String::new(),
            });
            draft.set(next);
        })
    };
    let pick = {
        let (draft, picking) = (draft.clone(), picking.clone());
        Callback::from(move |images: Vec<shared::media::Image>| {
            let photo = images.first().map(|image| image.placed(None, None, None));
            let mut next = (*draft).clone();
            next.photo = photo;
            draft.set(next);
            picking.set(false);
        })
    };
    let open_picker = {
        let picking = picking.clone();
        Callback::from(move |_: MouseEvent| picking.set(true))
    };
    let cancel = {
        let picking = picking.clone();
        Callback::from(move |()| picking.set(false))
    };
    let clear_photo = {
        let draft = draft.clone();
        Callback::from(move |_: MouseEvent| {
            let mut next = (*draft).clone();
            next.photo = None;
            draft.set(next);
        })
    };
    let save = {
        let (ctx, draft, message, slug) = (
            ctx.clone(),
            draft.clone(),
            message.clone(),
            props.slug.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let (ctx, draft, message, slug) =
                (ctx.clone(), draft.clone(), message.clone(), slug.clone());
            let update = draft.update();
            wasm_bindgen_futures::spawn_local(async move {
                match authed(&ctx, |api, token| {
                    api.update_author_profile(&token, &slug, &update)
                })
                .await
                {
                    Ok(author) => {
                        draft.set(Draft::of(&author));
                        message.set(Some(ctx.lang.desk().saved.into()));
                    }
                    Err(error) => message.set(Some(describe_error(&ctx, &error))),
                }
            });
        })
    };
    let editor = ctx
        .session
        .as_ref()
        .is_some_and(|s| s.user.role != shared::staff::Role::Author);
    html! {
        <>
        <form class="profile-form" onsubmit={save}>
            <h1>{ text.title }{ ": " }{ (*name).clone() }</h1>
            <fieldset class="profile-photo">
                <legend>{ text.photo }</legend>
                if let Some(photo) = &draft.photo {
                    { thumbnail(photo, desk.media.processing) }
                    <button type="button" class="remove-photo" onclick={clear_photo}>{ text.remove_photo }</button>
                } else {
                    <p class="hint">{ text.no_photo }</p>
                }
                <button type="button" class="choose-photo" onclick={open_picker}>{ desk.media.choose }</button>
                if *picking {
                    <ImagePicker multiple=false on_pick={pick} on_cancel={cancel} />
                }
            </fieldset>
            <label>{ text.job_title }
                <input name="job_title" maxlength="100" value={draft.job_title.clone()}
                    onchange={edit(|d, v| d.job_title = v)} />
            </label>
            <label>{ text.bio }
                <textarea name="bio" rows="5" maxlength="2000" value={draft.bio.clone()}
                    onchange={edit(|d, v| d.bio = v)} />
            </label>
            <label>{ text.language }
                <input name="language" maxlength="35" value={draft.language.clone()}
                    onchange={edit(|d, v| d.language = v)} />
            </label>
            <fieldset class="profile-links-edit">
                <legend>{ text.links }</legend>
                { for draft.links.iter().enumerate().map(|(i, link)| html! {
                    <div class="profile-link" key={i}>
                        <select aria-label={text.link_kind} onchange={edit_link(i, |l, v| {
                            if let Some(kind) = ProfileLinkKind::parse(&v) { l.kind = kind; }
                        })}>
                            { for ProfileLinkKind::ALL.iter().map(|kind| html! {
                                <option value={kind.as_str()} selected={*kind == link.kind}>{ kind.as_str() }</option>
                            }) }
                        </select>
                        <input type="url" aria-label={text.link_url} value={link.url.clone()}
                            placeholder="https://" onchange={edit_link(i, |l, v| l.url = v)} />
                        <button type="button" onclick={remove_link(i)}>{ desk.remove }</button>
                    </div>
                }) }
                if draft.links.len() < shared::listing::MAX_PROFILE_LINKS {
                    <button type="button" class="add-link" onclick={add_link}>{ "+ " }{ text.add_link }</button>
                }
            </fieldset>
            <button type="submit">{ desk.save }</button>
            if let Some(message) = &*message {
                <p class="message" role="status">{ message }</p>
            }
        </form>
        if editor { <OtherProfiles current={props.slug.clone()} /> }
        </>
    }
}

#[derive(Debug, Properties, PartialEq)]
struct OthersProps {
    current: String,
}

/// For editors: every author readers can find (desks too), to open their profile.
#[function_component(OtherProfiles)]
fn other_profiles(props: &OthersProps) -> Html {
    let ctx = use_ctx();
    let api = ctx.api.clone();
    let (authors, _) = use_fetch((), move |()| {
        let api = api.clone();
        async move { api.authors().await }
    });
    let Fetch::Done(authors) = authors else {
        return Html::default();
    };
    html! {
        <nav class="other-profiles" aria-labelledby="profil-lain">
            <h2 id="profil-lain">{ ctx.lang.desk().profile.others }</h2>
            <ul>
                { for authors.data.iter().filter(|a| a.slug != props.current).map(|a| html! {
                    <li key={a.slug.clone()}>
                        <Link<Route> to={Route::EditProfile { slug: a.slug.clone() }}>{ &a.name }</Link<Route>>
                        if let Some(title) = &a.job_title { { " — " }{ title } }
                    </li>
                }) }
            </ul>
        </nav>
    }
}
