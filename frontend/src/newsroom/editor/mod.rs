//! The article editor: headline, standfirst, dateline, byline, section, tags,
//! language and body blocks; a preview as readers will see it; publish, schedule,
//! unpublish or submit; corrections. Every save names the version it was made on:
//! when someone else saved in between (412) the editor says so and offers to load
//! their version or keep this one as a new draft — it never overwrites.
//!
//! `state::use_editor` holds the state and the actions; the rest only shows them:
//! `form` (the form's model), `fields` (the article's fields), `blocks` (the body),
//! `publishing` (what can happen next), `notice` (the message line).

mod blocks;
mod entries;
mod fields;
mod form;
mod lock;
mod notice;
mod pictures;
mod previews;
mod publishing;
mod state;
mod suggestions;
mod translations;

use shared::staff::Role;
use yew::prelude::*;
use yew_router::prelude::*;

use self::blocks::BodyBlocks;
use self::entries::LiveEntries;
use self::fields::ArticleFields;
use self::lock::EditLockNotice;
use self::notice::NoticeLine;
use self::pictures::FeaturedImageField;
use self::previews::PreviewLinks;
use self::publishing::Publishing;
use self::state::{Notice, use_editor};
use self::suggestions::Suggestions;
use self::translations::Translations;
use super::status_name;
use crate::components::loading;
use crate::fetch::{Fetch, use_fetch};
use crate::pages::article::Story;
use crate::route::Route;
use crate::use_ctx;

#[derive(Debug, Properties, PartialEq)]
pub struct Props {
    pub id: Option<String>,
}

#[function_component(Editor)]
pub fn editor(props: &Props) -> Html {
    let ctx = use_ctx();
    let lang = ctx.lang;
    let desk = lang.desk();
    let editor = use_editor(props.id.clone());
    let previewing = use_state(|| false);
    let sections = {
        let api = ctx.api.clone();
        use_fetch((), move |()| api.sections()).0
    };
    if props.id.is_some() && editor.saved.is_none() {
        return match &*editor.notice {
            Notice::Error(message) => html! { <p class="form-error" role="alert">{ message }</p> },
            _ => loading(ctx.lang),
        };
    }
    let is_editor = ctx
        .session
        .as_ref()
        .is_some_and(|s| s.user.role != Role::Author);
    let form = &editor.form;
    let section_name = match &sections {
        Fetch::Done(list) => list
            .data
            .iter()
            .find(|s| s.slug == form.section)
            .map(|s| s.name.clone())
            .unwrap_or_else(|| form.section.clone()),
        _ => form.section.clone(),
    };
    let toggle_preview = {
        let previewing = previewing.clone();
        Callback::from(move |_: MouseEvent| previewing.set(!*previewing))
    };
    let article = (*editor.saved).clone();
    html! {
        <div class="editor">
            <div class="editor-head">
                <h1>{ if article.is_some() { desk.edit } else { desk.new_article } }</h1>
                if let Some(a) = &article {
                    <p class="editor-state">
                        <span class={classes!("status", a.status.as_str())}>{ status_name(lang, a.status) }</span>
                        { format!(" · {} {}", desk.version, a.version) }
                        { " · " }
                        <Link<Route> to={Route::History { id: a.id.to_string() }}>{ desk.history }</Link<Route>>
                    </p>
                }
                <button type="button" class="toggle-preview" aria-pressed={previewing.to_string()} onclick={toggle_preview}>
                    { if *previewing { desk.edit } else { desk.preview } }
                </button>
            </div>
            if let Some(a) = &article {
                <EditLockNotice id={a.id.to_string()} />
            }
            <NoticeLine notice={(*editor.notice).clone()} reload_latest={editor.reload_latest.clone()} keep_copy={editor.keep_copy.clone()} />
            if *previewing {
                <div class="preview">
                    <Story article={form.preview(article.as_ref(), &section_name)} {lang} />
                </div>
            } else {
                <form class="article-form" onsubmit={editor.save.clone()}>
                    <ArticleFields form={form.clone()} sections={sections.clone()} />
                    <FeaturedImageField form={form.clone()} />
                    <BodyBlocks form={form.clone()} />
                    <div class="form-actions wide">
                        <button type="submit" class="save" disabled={editor.busy}>{ desk.save }</button>
                    </div>
                </form>
            }
            if let Some(a) = &article {
                <Publishing status={a.status} version={a.version} {is_editor} busy={editor.busy}
                            act={editor.act.clone()} fail={editor.fail.clone()} />
                <PreviewLinks id={a.id.to_string()} />
                <Suggestions id={a.id.to_string()} version={a.version} {is_editor} />
                <Translations article={a.clone()} />
                if a.live.is_some() {
                    <LiveEntries id={a.id.to_string()} />
                }
            }
        </div>
    }
}
