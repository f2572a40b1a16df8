//! The article editor: headline, standfirst, dateline, byline, section, tags,
//! language and body blocks; a preview as readers will see it; publish, schedule,
//! unpublish or submit; corrections. Every save names the version it was made on:
//! when someone else saved in between (412) the editor says so and offers to load
//! their version or keep this one as a new draft — it never overwrites.

use shared::newsroom::{ArticleInput, ScheduleRequest};
use shared::staff::Role;
use shared::{
    Article, ArticleStatus, Block, Byline, Dateline, HeadingBlock, ListBlock, ParagraphBlock,
    Place, QuoteBlock, SectionRef, TagRef,
};
use yew::prelude::*;
use yew_router::prelude::*;

use super::{authed, event_value, status_name};
use crate::api::ApiError;
use crate::components::Loading;
use crate::fetch::{Fetch, use_fetch};
use crate::pages::article::Story;
use crate::route::Route;
use crate::{Ctx, set_title, use_ctx};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Paragraph,
    Heading,
    Quote,
    List,
}

/// A body block as the form holds it.
#[derive(Debug, Clone, PartialEq)]
struct EditBlock {
    kind: Kind,
    /// For a list, one item per line.
    text: String,
    speaker: String,
    attribution: String,
    level: u8,
    /// A paragraph's inline markup, sent back while its text is unchanged.
    html: Option<(String, String)>,
}

impl EditBlock {
    fn paragraph() -> Self {
        Self {
            kind: Kind::Paragraph,
            text: String::new(),
            speaker: String::new(),
            attribution: String::new(),
            level: 2,
            html: None,
        }
    }

    fn from_block(block: &Block) -> Self {
        let mut edit = Self::paragraph();
        match block {
            Block::Paragraph(ParagraphBlock { text, html }) => {
                edit.text.clone_from(text);
                edit.html = html.clone().map(|h| (text.clone(), h));
            }
            Block::Heading(HeadingBlock { level, text }) => {
                edit.kind = Kind::Heading;
                edit.level = *level;
                edit.text.clone_from(text);
            }
            Block::Quote(QuoteBlock {
                text,
                speaker,
                attribution,
            }) => {
                edit.kind = Kind::Quote;
                edit.text.clone_from(text);
                edit.speaker = speaker.clone().unwrap_or_default();
                edit.attribution = attribution.clone().unwrap_or_default();
            }
            Block::List(ListBlock { ordered, items }) => {
                edit.kind = Kind::List;
                edit.level = u8::from(*ordered);
                edit.text = items.join("\n");
            }
        }
        edit
    }

    fn to_block(&self) -> Block {
        let some = |s: &str| (!s.trim().is_empty()).then(|| s.trim().to_owned());
        match self.kind {
            Kind::Paragraph => Block::Paragraph(ParagraphBlock {
                text: self.text.clone(),
                html: self
                    .html
                    .as_ref()
                    .filter(|(original, _)| *original == self.text)
                    .map(|(_, html)| html.clone()),
            }),
            Kind::Heading => Block::Heading(HeadingBlock {
                level: self.level.clamp(2, 6),
                text: self.text.clone(),
            }),
            Kind::Quote => Block::Quote(QuoteBlock {
                text: self.text.clone(),
                speaker: some(&self.speaker),
                attribution: some(&self.attribution),
            }),
            Kind::List => Block::List(ListBlock {
                ordered: self.level == 1,
                items: self
                    .text
                    .lines()
                    .map(str::trim)
                    .filter(|l| !l.is_empty())
                    .map(str::to_owned)
                    .collect(),
            }),
        }
    }
}

/// The editable fields.
#[derive(Debug, Clone, PartialEq)]
struct Form {
    headline: String,
    standfirst: String,
    dateline: String,
    city: String,
    country: String,
    byline: String,
    section: String,
    tags: String,
    language: String,
    blocks: Vec<EditBlock>,
}

impl Form {
    fn blank() -> Self {
        Self {
            headline: String::new(),
            standfirst: String::new(),
            dateline: String::new(),
            city: String::new(),
            country: String::new(),
            byline: String::new(),
            section: "internasional".into(),
            tags: String::new(),
            language: "id".into(),
            blocks: vec![EditBlock::paragraph()],
        }
    }

    fn from_article(a: &Article) -> Self {
        Self {
            headline: a.headline.clone(),
            standfirst: a.standfirst.clone().unwrap_or_default(),
            dateline: a
                .dateline
                .as_ref()
                .map(|d| d.text.clone())
                .unwrap_or_default(),
            city: a
                .dateline
                .as_ref()
                .map(|d| d.place.city.clone())
                .unwrap_or_default(),
            country: a
                .dateline
                .as_ref()
                .and_then(|d| d.place.country.clone())
                .unwrap_or_default(),
            byline: a
                .byline
                .as_ref()
                .map(|b| b.text.clone())
                .unwrap_or_default(),
            section: a.section.slug.clone(),
            tags: a
                .tags
                .iter()
                .map(|t| t.name.as_str())
                .collect::<Vec<_>>()
                .join(", "),
            language: a.language.clone(),
            blocks: a.body.iter().map(EditBlock::from_block).collect(),
        }
    }

    fn dateline(&self) -> Option<Dateline> {
        let text = self.dateline.trim();
        (!text.is_empty()).then(|| Dateline {
            text: text.to_owned(),
            place: Place {
                city: if self.city.trim().is_empty() {
                    text.split(',').next().unwrap_or(text).trim().to_owned()
                } else {
                    self.city.trim().to_owned()
                },
                country: (!self.country.trim().is_empty()).then(|| self.country.trim().to_owned()),
            },
        })
    }

    fn tags(&self) -> Vec<String> {
        self.tags
            .split(',')
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(str::to_owned)
            .collect()
    }

    fn input(&self) -> ArticleInput {
        let some = |s: &str| (!s.trim().is_empty()).then(|| s.trim().to_owned());
        ArticleInput {
            headline: self.headline.clone(),
            standfirst: some(&self.standfirst),
            dateline: self.dateline(),
            byline: some(&self.byline),
            section: self.section.clone(),
            tags: self.tags(),
            language: self.language.clone(),
            body: self.blocks.iter().map(EditBlock::to_block).collect(),
            body_markdown: None,
        }
    }

    /// The article as readers would see it, for the preview.
    fn preview(&self, saved: Option<&Article>, section_name: &str) -> Article {
        let now = js_sys::Date::now() as i64;
        let now = chrono::DateTime::from_timestamp_millis(now)
            .unwrap_or_default()
            .fixed_offset();
        let body: Vec<Block> = self.blocks.iter().map(EditBlock::to_block).collect();
        // The reader's page shows the blocks; the server derives the HTML and text on save.
        let words: u32 = self
            .blocks
            .iter()
            .map(|b| shared::render::count_words(&b.text))
            .sum();
        Article {
            id: saved.map(|a| a.id).unwrap_or_default(),
            slug: saved.map(|a| a.slug.clone()).unwrap_or_default(),
            language: self.language.clone(),
            headline: self.headline.clone(),
            headline_derived: false,
            standfirst: (!self.standfirst.trim().is_empty()).then(|| self.standfirst.clone()),
            dateline: self.dateline(),
            byline: (!self.byline.trim().is_empty()).then(|| Byline {
                text: self.byline.clone(),
                authors: Vec::new(),
            }),
            section: SectionRef {
                slug: self.section.clone(),
                name: section_name.to_owned(),
            },
            tags: self
                .tags()
                .into_iter()
                // The server makes the slug; the preview links nowhere real.
                .map(|name| TagRef {
                    slug: String::new(),
                    name,
                })
                .collect(),
            body,
            body_html: String::new(),
            body_text: String::new(),
            word_count: words,
            reading_time_minutes: shared::render::reading_time(words),
            status: saved.map_or(ArticleStatus::Draft, |a| a.status),
            first_published_at: saved.and_then(|a| a.first_published_at),
            published_at: saved.and_then(|a| a.published_at).or(Some(now)),
            updated_at: now,
            version: saved.map_or(0, |a| a.version),
            corrections: saved.map(|a| a.corrections.clone()).unwrap_or_default(),
            entities: saved.map(|a| a.entities.clone()).unwrap_or_default(),
            subjects: saved.map(|a| a.subjects.clone()).unwrap_or_default(),
            review_requested_at: None,
        }
    }
}

#[derive(Debug, Properties, PartialEq)]
pub struct Props {
    pub id: Option<String>,
}

/// The editor's state, as each action needs it.
#[derive(Clone)]
struct Handles {
    ctx: Ctx,
    form: UseStateHandle<Form>,
    saved: UseStateHandle<Option<Article>>,
    notice: UseStateHandle<Notice>,
    busy: UseStateHandle<bool>,
}

impl Handles {
    /// Runs `work` in the background, the buttons disabled meanwhile.
    fn run(self, work: impl std::future::Future<Output = ()> + 'static) {
        self.busy.set(true);
        wasm_bindgen_futures::spawn_local(async move {
            work.await;
            self.busy.set(false);
        });
    }

    /// The article a call returned is what the editor shows now; or the call's problem is.
    fn settle(&self, result: Result<Article, ApiError>) {
        match result {
            Ok(article) => {
                self.form.set(Form::from_article(&article));
                self.saved.set(Some(article));
                self.notice.set(Notice::Saved);
            }
            Err(ApiError::Stale) => self.notice.set(Notice::Conflict),
            Err(e) => self.notice.set(Notice::Error(describe(&self.ctx, &e))),
        }
    }
}

/// What the editor tells the user after an action.
#[derive(Debug, Clone, PartialEq)]
enum Notice {
    None,
    Saved,
    CopySaved,
    Conflict,
    Error(String),
}

#[function_component(Editor)]
pub fn editor(props: &Props) -> Html {
    let ctx = use_ctx();
    let lang = ctx.lang;
    let desk = &lang.text().desk;
    let navigator = use_navigator();
    let form = use_state(Form::blank);
    let saved = use_state(|| None::<Article>);
    let notice = use_state(|| Notice::None);
    let previewing = use_state(|| false);
    let busy = use_state(|| false);
    let schedule_at = use_state(String::new);
    let correction = use_state(String::new);

    let sections = {
        let api = ctx.api.clone();
        use_fetch((), move |()| api.sections()).0
    };
    // Load the article being edited.
    {
        let (ctx, form, saved, notice) = (ctx.clone(), form.clone(), saved.clone(), notice.clone());
        use_effect_with(props.id.clone(), move |id| match id.clone() {
            Some(id) => {
                // Another article: nothing of the previous one stays on screen.
                saved.set(None);
                wasm_bindgen_futures::spawn_local(async move {
                    match authed(&ctx, |api, token| api.newsroom_article(&token, &id)).await {
                        Ok(article) => {
                            set_title(&article.headline);
                            form.set(Form::from_article(&article));
                            saved.set(Some(article));
                        }
                        Err(e) => notice.set(Notice::Error(describe(&ctx, &e))),
                    }
                });
            }
            None => {
                set_title(ctx.lang.text().desk.new_article);
                form.set(Form::blank());
                saved.set(None);
            }
        });
    }
    if props.id.is_some() && saved.is_none() {
        return match &*notice {
            Notice::Error(message) => html! { <p class="form-error" role="alert">{ message }</p> },
            _ => html! { <Loading /> },
        };
    }

    let is_editor = ctx
        .session
        .as_ref()
        .is_some_and(|s| s.user.role != Role::Author);
    let update = |apply: fn(&mut Form, String)| setter::<Event>(&form, apply);
    let on_input = |apply: fn(&mut Form, String)| setter::<InputEvent>(&form, apply);

    let h = Handles {
        ctx: ctx.clone(),
        form: form.clone(),
        saved: saved.clone(),
        notice: notice.clone(),
        busy: busy.clone(),
    };

    // Save: create, or update the version this editor opened.
    let save = {
        let (h, navigator) = (h.clone(), navigator.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let (h, navigator) = (h.clone(), navigator.clone());
            let input = h.form.input();
            let current = (*h.saved).clone();
            h.clone().run(async move {
                let result = match &current {
                    Some(article) => {
                        let id = article.id.to_string();
                        authed(&h.ctx, |api, token| {
                            api.update_article(&token, &id, article.version, &input)
                        })
                        .await
                    }
                    None => authed(&h.ctx, |api, token| api.create_article(&token, &input)).await,
                };
                let created = match (&current, &result) {
                    (None, Ok(article)) => Some(article.id.to_string()),
                    _ => None,
                };
                h.settle(result);
                if let (Some(id), Some(navigator)) = (created, &navigator) {
                    navigator.replace(&Route::EditArticle { id });
                }
            });
        })
    };

    // An action on the saved version: publish, unpublish, submit, schedule, correct.
    let act = |action: &'static str| {
        let (h, schedule_at, correction) = (h.clone(), schedule_at.clone(), correction.clone());
        Callback::from(move |_: MouseEvent| {
            let Some(article) = (*h.saved).clone() else {
                return;
            };
            let (h, when, text) = (h.clone(), (*schedule_at).clone(), (*correction).clone());
            let correction = correction.clone();
            h.clone().run(async move {
                let (id, version) = (article.id.to_string(), article.version);
                let result = match action {
                    "schedule" => match local_time(&when) {
                        Some(published_at) => {
                            let request = ScheduleRequest { published_at };
                            authed(&h.ctx, |api, token| {
                                api.schedule(&token, &id, version, &request)
                            })
                            .await
                        }
                        // The field is the problem, not the API: say which, send nothing.
                        None => {
                            let text = h.ctx.lang.text().desk.schedule_at_invalid;
                            h.notice.set(Notice::Error(text.into()));
                            return;
                        }
                    },
                    "correct" => {
                        authed(&h.ctx, |api, token| {
                            api.correct(&token, &id, version, text.clone())
                        })
                        .await
                    }
                    action => {
                        authed(&h.ctx, |api, token| {
                            api.transition(&token, &id, version, action)
                        })
                        .await
                    }
                };
                if action == "correct" && result.is_ok() {
                    correction.set(String::new());
                }
                h.settle(result);
            });
        })
    };

    // After a 412: their version replaces the form, or this form becomes a new draft.
    let reload_latest = {
        let h = h.clone();
        Callback::from(move |_: MouseEvent| {
            let Some(article) = (*h.saved).clone() else {
                return;
            };
            let h = h.clone();
            h.clone().run(async move {
                let id = article.id.to_string();
                let latest = authed(&h.ctx, |api, token| api.newsroom_article(&token, &id)).await;
                let loaded = latest.is_ok();
                h.settle(latest);
                if loaded {
                    h.notice.set(Notice::None);
                }
            });
        })
    };
    let keep_copy = {
        let (h, navigator) = (h.clone(), navigator.clone());
        Callback::from(move |_: MouseEvent| {
            let (h, navigator) = (h.clone(), navigator.clone());
            let input = h.form.input();
            h.clone().run(async move {
                match authed(&h.ctx, |api, token| api.create_article(&token, &input)).await {
                    Ok(copy) => {
                        h.notice.set(Notice::CopySaved);
                        if let Some(navigator) = &navigator {
                            navigator.push(&Route::EditArticle {
                                id: copy.id.to_string(),
                            });
                        }
                    }
                    Err(e) => h.notice.set(Notice::Error(describe(&h.ctx, &e))),
                }
            });
        })
    };

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
    let notice_html = match &*notice {
        Notice::None => Html::default(),
        Notice::Saved => html! { <p class="form-ok" role="status">{ desk.saved }</p> },
        Notice::CopySaved => html! { <p class="form-ok" role="status">{ desk.copy_saved }</p> },
        Notice::Error(message) => html! { <p class="form-error" role="alert">{ message }</p> },
        Notice::Conflict => html! {
            <div class="conflict" role="alert">
                <p>{ desk.conflict }</p>
                <button type="button" class="reload-latest" onclick={reload_latest}>{ desk.reload_latest }</button>
                <button type="button" class="keep-copy" onclick={keep_copy}>{ desk.keep_copy }</button>
            </div>
        },
    };
    let article = (*saved).clone();
    let status = article.as_ref().map(|a| a.status);
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
            { notice_html }
            if *previewing {
                <div class="preview">
                    <Story article={form.preview(article.as_ref(), &section_name)} {lang} />
                </div>
            } else {
                <form class="article-form" onsubmit={save}>
                    <label class="wide"><span>{ desk.headline }</span>
                        <input name="headline" required=true maxlength="200" value={form.headline.clone()}
                               oninput={on_input(|f, v| f.headline = v)} /></label>
                    <label class="wide"><span>{ desk.standfirst }</span>
                        <textarea name="standfirst" rows="2" maxlength="500" value={form.standfirst.clone()}
                                  oninput={on_input(|f, v| f.standfirst = v)} /></label>
                    <label><span>{ desk.dateline }</span>
                        <input name="dateline" placeholder="Pyongyang, Korea Utara" value={form.dateline.clone()}
                               oninput={on_input(|f, v| f.dateline = v)} /></label>
                    <label><span>{ desk.city }</span>
                        <input name="city" value={form.city.clone()} oninput={on_input(|f, v| f.city = v)} /></label>
                    <label><span>{ desk.country }</span>
                        <input name="country" value={form.country.clone()} oninput={on_input(|f, v| f.country = v)} /></label>
                    <label><span>{ desk.byline }</span>
                        <input name="byline" value={form.byline.clone()} oninput={on_input(|f, v| f.byline = v)} /></label>
                    <label><span>{ lang.text().section }</span>
                        <select name="section" onchange={update(|f, v| f.section = v)}>
                            if let Fetch::Done(list) = &sections {
                                { for list.data.iter().map(|s| html! {
                                    <option value={s.slug.clone()} selected={s.slug == form.section}>{ &s.name }</option>
                                }) }
                            }
                        </select></label>
                    <label><span>{ desk.tags_hint }</span>
                        <input name="tags" value={form.tags.clone()} oninput={on_input(|f, v| f.tags = v)} /></label>
                    <label><span>{ desk.language }</span>
                        <select name="language" onchange={update(|f, v| f.language = v)}>
                            { for lang.text().language_names.iter().map(|(code, name)| html! {
                                <option value={*code} selected={form.language == *code}>{ *name }</option>
                            }) }
                        </select></label>
                    <fieldset class="blocks wide">
                        <legend>{ desk.body }</legend>
                        { for (0..form.blocks.len()).map(|i| block_editor(&form, i, lang)) }
                        <button type="button" class="add-block" onclick={{
                            let form = form.clone();
                            Callback::from(move |_: MouseEvent| {
                                let mut next = (*form).clone();
                                next.blocks.push(EditBlock::paragraph());
                                form.set(next);
                            })
                        }}>{ "+ " }{ desk.add_block }</button>
                    </fieldset>
                    <div class="form-actions wide">
                        <button type="submit" class="save" disabled={*busy}>{ desk.save }</button>
                    </div>
                </form>
            }
            if let Some(status) = status {
                <div class="publishing">
                    if is_editor {
                        if status != ArticleStatus::Published {
                            <button type="button" class="publish" disabled={*busy} onclick={act("publish")}>{ desk.publish }</button>
                            <label><span>{ desk.schedule_at }</span>
                                <input type="datetime-local" name="schedule-at" value={(*schedule_at).clone()}
                                       oninput={{ let s = schedule_at.clone(); Callback::from(move |e: InputEvent| s.set(event_value(&e))) }} /></label>
                            <button type="button" class="schedule" disabled={*busy} onclick={act("schedule")}>{ desk.schedule }</button>
                        }
                        if matches!(status, ArticleStatus::Published | ArticleStatus::Scheduled) {
                            <button type="button" class="unpublish" disabled={*busy} onclick={act("unpublish")}>{ desk.unpublish }</button>
                        }
                    } else if status == ArticleStatus::Draft {
                        <button type="button" class="submit" disabled={*busy} onclick={act("submit")}>{ desk.submit }</button>
                    }
                </div>
                if is_editor && status == ArticleStatus::Published {
                    <div class="add-correction">
                        <label class="wide"><span>{ desk.correction_text }</span>
                            <textarea name="correction" rows="2" value={(*correction).clone()}
                                      oninput={{ let c = correction.clone(); Callback::from(move |e: InputEvent| c.set(event_value(&e))) }} /></label>
                        <button type="button" class="correct" disabled={*busy} onclick={act("correct")}>{ desk.add_correction }</button>
                    </div>
                }
            }
        </div>
    }
}

/// The fields of block `i`, with its type, move and remove buttons.
fn block_editor(form: &UseStateHandle<Form>, i: usize, lang: crate::i18n::Lang) -> Html {
    let desk = &lang.text().desk;
    let block = &form.blocks[i];
    let change = |apply: fn(&mut EditBlock, String)| block_setter::<Event>(form, i, apply);
    let input = |apply: fn(&mut EditBlock, String)| block_setter::<InputEvent>(form, i, apply);
    let reorder = |to: Option<usize>| {
        let form = form.clone();
        Callback::from(move |_: MouseEvent| {
            let mut next = (*form).clone();
            match to {
                Some(j) if j < next.blocks.len() => next.blocks.swap(i, j),
                Some(_) => return,
                None => {
                    next.blocks.remove(i);
                }
            }
            form.set(next);
        })
    };
    let kinds = [
        ("paragraph", desk.block_types[0], Kind::Paragraph),
        ("heading", desk.block_types[1], Kind::Heading),
        ("quote", desk.block_types[2], Kind::Quote),
        ("list", "List", Kind::List),
    ];
    html! {
        <div class="block" key={i}>
            <div class="block-tools">
                <select name={format!("block-{i}-type")} aria-label={format!("{} {}", desk.body, i + 1)}
                        onchange={change(|b, v| b.kind = match v.as_str() {
                            "heading" => Kind::Heading, "quote" => Kind::Quote, "list" => Kind::List, _ => Kind::Paragraph })}>
                    { for kinds.iter().map(|(value, label, kind)| html! {
                        <option value={*value} selected={block.kind == *kind}>{ *label }</option>
                    }) }
                </select>
                <button type="button" onclick={reorder(i.checked_sub(1))} disabled={i == 0}>{ desk.move_up }</button>
                <button type="button" onclick={reorder(Some(i + 1))} disabled={i + 1 == form.blocks.len()}>{ desk.move_down }</button>
                <button type="button" onclick={reorder(None)} disabled={form.blocks.len() == 1}>{ desk.remove }</button>
            </div>
            <textarea name={format!("block-{i}-text")} rows={if block.kind == Kind::Heading { "1" } else { "4" }}
                      value={block.text.clone()} oninput={input(|b, v| b.text = v)} />
            if block.kind == Kind::Quote {
                <div class="quote-fields">
                    <label><span>{ desk.speaker }</span>
                        <input name={format!("block-{i}-speaker")} value={block.speaker.clone()} oninput={input(|b, v| b.speaker = v)} /></label>
                    <label><span>{ desk.attribution }</span>
                        <input name={format!("block-{i}-attribution")} value={block.attribution.clone()} oninput={input(|b, v| b.attribution = v)} /></label>
                </div>
            }
        </div>
    }
}

/// A callback that sets one field of the form from the event's input, textarea or select.
fn setter<E: AsRef<Event> + 'static>(
    form: &UseStateHandle<Form>,
    apply: fn(&mut Form, String),
) -> Callback<E> {
    let form = form.clone();
    Callback::from(move |e: E| {
        let mut next = (*form).clone();
        apply(&mut next, event_value(e.as_ref()));
        form.set(next);
    })
}

/// The same for a field of block `i`.
fn block_setter<E: AsRef<Event> + 'static>(
    form: &UseStateHandle<Form>,
    i: usize,
    apply: fn(&mut EditBlock, String),
) -> Callback<E> {
    let form = form.clone();
    Callback::from(move |e: E| {
        let mut next = (*form).clone();
        if let Some(block) = next.blocks.get_mut(i) {
            apply(block, event_value(e.as_ref()));
        }
        form.set(next);
    })
}

/// A `datetime-local` value in the browser's zone, as an instant.
fn local_time(value: &str) -> Option<chrono::DateTime<chrono::FixedOffset>> {
    if value.is_empty() {
        return None;
    }
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_str(value));
    let millis = date.get_time();
    if millis.is_nan() {
        return None;
    }
    chrono::DateTime::from_timestamp_millis(millis as i64).map(|t| t.fixed_offset())
}

/// An error for the editor's message line.
fn describe(ctx: &Ctx, error: &ApiError) -> String {
    let text = ctx.lang.text();
    match error {
        ApiError::Problem(problem) => match &problem.field {
            Some(field) => format!("{field}: {}", problem.detail),
            None => problem.detail.clone(),
        },
        ApiError::Unauthorized => text.desk.session_ended.into(),
        ApiError::NotFound => text.not_found_title.into(),
        ApiError::Stale => text.desk.conflict.into(),
        ApiError::Unavailable(_) => text.api_down.into(),
    }
}
