//! The newsroom, behind a sign-in: the gate (session from the refresh cookie, or
//! the login form), the article list, the editor and the history.

pub mod editor;
pub mod fronts;
pub mod history;
pub mod media;
pub mod profile;

use std::future::Future;
use std::rc::Rc;

use shared::staff::Role;
use shared::{Article, ArticleStatus};
use wasm_bindgen::JsCast as _;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::api::{Api, ApiError};
use crate::components::{ErrorBox, loading};
use crate::fetch::{Fetch, use_fetch};
use crate::i18n::{self, Lang};
use crate::route::Route;
use crate::{Ctx, Session, set_title, use_ctx};

/// The value of the input, textarea or select an event came from.
pub fn event_value(e: &Event) -> String {
    let Some(target) = e.target() else {
        return String::new();
    };
    if let Some(input) = target.dyn_ref::<web_sys::HtmlInputElement>() {
        input.value()
    } else if let Some(area) = target.dyn_ref::<web_sys::HtmlTextAreaElement>() {
        area.value()
    } else if let Some(select) = target.dyn_ref::<web_sys::HtmlSelectElement>() {
        select.value()
    } else {
        String::new()
    }
}

/// An error for a message line: the problem's field and words, or what went wrong.
pub fn describe_error(ctx: &Ctx, error: &ApiError) -> String {
    let text = ctx.lang.text();
    match error {
        ApiError::Problem(problem) => match &problem.field {
            Some(field) => format!("{field}: {}", problem.detail),
            None => problem.detail.clone(),
        },
        ApiError::Unauthorized => ctx.lang.desk().session_ended.into(),
        ApiError::NotFound => text.not_found_title.into(),
        ApiError::Stale => ctx.lang.desk().conflict.into(),
        ApiError::Unavailable(_) => text.api_down.into(),
    }
}

/// A `datetime-local` value in the browser's zone, as an instant.
pub fn local_time(value: &str) -> Option<chrono::DateTime<chrono::FixedOffset>> {
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

/// An instant as a `datetime-local` value in the browser's zone (to the minute).
pub fn local_input(at: &chrono::DateTime<chrono::FixedOffset>) -> String {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(
        at.timestamp_millis() as f64
    ));
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}",
        date.get_full_year(),
        date.get_month() + 1,
        date.get_date(),
        date.get_hours(),
        date.get_minutes()
    )
}

pub fn status_name(lang: Lang, status: ArticleStatus) -> &'static str {
    let names = lang.desk().status_names;
    match status {
        ArticleStatus::Draft => names[0],
        ArticleStatus::Scheduled => names[1],
        ArticleStatus::Published => names[2],
        ArticleStatus::Unpublished => names[3],
    }
}

/// Runs a staff call with the session's token; when the token has expired it takes
/// a new one from the refresh cookie and runs the call once more with it.
pub async fn authed<T, F, Fut>(ctx: &Ctx, call: F) -> Result<T, ApiError>
where
    F: Fn(Api, String) -> Fut,
    Fut: Future<Output = Result<T, ApiError>>,
{
    let session = ctx.session.clone().ok_or(ApiError::Unauthorized)?;
    match call(ctx.api.clone(), session.token.clone()).await {
        Err(ApiError::Unauthorized) => {
            let Ok(fresh) = ctx.api.refresh().await else {
                ctx.set_session.emit(None);
                return Err(ApiError::Unauthorized);
            };
            let token = fresh.access_token.clone();
            ctx.set_session.emit(Some(Session {
                token: fresh.access_token,
                user: fresh.user,
            }));
            call(ctx.api.clone(), token).await
        }
        other => other,
    }
}

#[derive(Debug, Properties, PartialEq)]
pub struct GateProps {
    pub children: Html,
}

/// Shows its children to a signed-in staff member; otherwise first tries the refresh
/// cookie (a reload keeps the session), then offers the login form.
#[function_component(Gate)]
pub fn gate(props: &GateProps) -> Html {
    let ctx = use_ctx();
    let tried = use_state(|| false);
    {
        let ctx = ctx.clone();
        let tried = tried.clone();
        let signed_in = ctx.session.is_some();
        use_effect_with(signed_in, move |signed_in| {
            if !*signed_in && !*tried {
                wasm_bindgen_futures::spawn_local(async move {
                    if let Ok(fresh) = ctx.api.refresh().await {
                        ctx.set_session.emit(Some(Session {
                            token: fresh.access_token,
                            user: fresh.user,
                        }));
                    }
                    tried.set(true);
                });
            }
        });
    }
    match &ctx.session {
        Some(session) => html! {
            <div class="newsroom">
                <DeskBar session={session.clone()} />
                { props.children.clone() }
            </div>
        },
        None if !*tried => loading(ctx.lang),
        None => html! {
            <div class="newsroom">
                <h1>{ ctx.lang.desk().newsroom }</h1>
                <Login />
            </div>
        },
    }
}

#[derive(Debug, Properties, PartialEq)]
struct DeskBarProps {
    session: Rc<Session>,
}

#[function_component(DeskBar)]
fn desk_bar(props: &DeskBarProps) -> Html {
    let ctx = use_ctx();
    let desk = ctx.lang.desk();
    let sign_out = {
        let ctx = ctx.clone();
        let token = props.session.token.clone();
        Callback::from(move |_: MouseEvent| {
            let ctx = ctx.clone();
            let token = token.clone();
            wasm_bindgen_futures::spawn_local(async move {
                // Signed out here whatever the server says; it ends the session and the cookie.
                let _ = ctx.api.logout(&token).await;
                ctx.set_session.emit(None);
            });
        })
    };
    let user = &props.session.user;
    html! {
        <div class="desk-bar">
            <Link<Route> to={Route::Newsroom} classes="desk-title">{ desk.newsroom }</Link<Route>>
            <Link<Route> to={Route::Media} classes="desk-media">{ desk.media.library }</Link<Route>>
            <Link<Route> to={Route::Fronts} classes="desk-fronts">{ desk.fronts.title }</Link<Route>>
            if let Some(author) = &user.author {
                <Link<Route> to={Route::EditProfile { slug: author.slug.clone() }} classes="desk-profile">{ desk.profile.mine }</Link<Route>>
            }
            <span class="desk-user">{ desk.signed_in_as }{ " " }<strong>{ &user.display_name }</strong>{ format!(" ({})", user.role.as_str()) }</span>
            <button type="button" class="sign-out" onclick={sign_out}>{ desk.sign_out }</button>
        </div>
    }
}

#[function_component(Login)]
fn login() -> Html {
    let ctx = use_ctx();
    let desk = ctx.lang.desk();
    let email = use_state(String::new);
    let password = use_state(String::new);
    let error = use_state(|| None::<&'static str>);
    let busy = use_state(|| false);
    use_effect_with((), move |()| set_title(desk.sign_in));
    let onsubmit = {
        let (ctx, email, password, error, busy) = (
            ctx.clone(),
            email.clone(),
            password.clone(),
            error.clone(),
            busy.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let (ctx, error, busy) = (ctx.clone(), error.clone(), busy.clone());
            let (email, password) = ((*email).clone(), (*password).clone());
            busy.set(true);
            wasm_bindgen_futures::spawn_local(async move {
                let desk = ctx.lang.desk();
                match ctx.api.login(email, password).await {
                    Ok(tokens) => ctx.set_session.emit(Some(Session {
                        token: tokens.access_token,
                        user: tokens.user,
                    })),
                    Err(ApiError::Unauthorized) => error.set(Some(desk.wrong_login)),
                    Err(ApiError::Problem(p)) if p.status == 429 => {
                        error.set(Some(desk.too_many_logins));
                    }
                    Err(_) => error.set(Some(ctx.lang.text().api_down)),
                }
                busy.set(false);
            });
        })
    };
    let set = |state: &UseStateHandle<String>| {
        let state = state.clone();
        Callback::from(move |e: InputEvent| state.set(event_value(&e)))
    };
    html! {
        <form class="login" {onsubmit}>
            <h2>{ desk.sign_in }</h2>
            if let Some(message) = *error { <p class="form-error" role="alert">{ message }</p> }
            <label>
                <span>{ desk.email }</span>
                <input type="email" name="email" autocomplete="username" required=true
                       value={(*email).clone()} oninput={set(&email)} />
            </label>
            <label>
                <span>{ desk.password }</span>
                <input type="password" name="password" autocomplete="current-password" required=true
                       value={(*password).clone()} oninput={set(&password)} />
            </label>
            <button type="submit" disabled={*busy}>{ desk.sign_in }</button>
        </form>
    }
}

/// My drafts (authors) or every article (editors), by state.
#[function_component(ArticleList)]
pub fn article_list() -> Html {
    let ctx = use_ctx();
    let lang = ctx.lang;
    let desk = lang.desk();
    use_effect_with((), move |()| set_title(desk.newsroom));
    let filter = use_state(|| None::<ArticleStatus>);
    let (articles, retry) = {
        let ctx = ctx.clone();
        let token = ctx.session.as_ref().map(|s| s.token.clone());
        use_fetch((*filter, token), move |(status, _)| {
            let ctx = ctx.clone();
            async move { authed(&ctx, |api, token| api.newsroom_articles(&token, status)).await }
        })
    };
    let tab = |status: Option<ArticleStatus>| {
        let filter = filter.clone();
        let label = status.map_or(desk.all, |s| status_name(lang, s));
        let current = *filter == status;
        html! {
            <li>
                <button type="button" class={classes!("tab", current.then_some("current"))}
                        aria-pressed={current.to_string()}
                        onclick={Callback::from(move |_: MouseEvent| filter.set(status))}>
                    { label }
                </button>
            </li>
        }
    };
    html! {
        <section class="desk-list">
            <div class="desk-list-head">
                <h1>{ if ctx.session.as_ref().is_some_and(|s| s.user.role == Role::Author) { desk.status_names[0] } else { desk.newsroom } }</h1>
                <Link<Route> to={Route::NewArticle} classes="button">{ desk.new_article }</Link<Route>>
            </div>
            <ul class="tabs">
                { tab(None) }
                { for ArticleStatus::ALL.iter().map(|s| tab(Some(*s))) }
            </ul>
            {
                match articles {
                    Fetch::Loading => loading(ctx.lang),
                    Fetch::Failed(error) => html! { <ErrorBox {error} {retry} /> },
                    Fetch::Done(list) if list.data.is_empty() => html! { <p class="empty">{ lang.text().no_articles }</p> },
                    Fetch::Done(list) => html! {
                        <table class="desk-table">
                            <thead><tr>
                                <th scope="col">{ desk.headline }</th>
                                <th scope="col">{ "Status" }</th>
                                <th scope="col">{ lang.text().updated }</th>
                            </tr></thead>
                            <tbody>
                                { for list.data.iter().map(|a| row(lang, a)) }
                            </tbody>
                        </table>
                    },
                }
            }
        </section>
    }
}

fn row(lang: Lang, a: &Article) -> Html {
    let desk = lang.desk();
    html! {
        <tr key={a.id.to_string()}>
            <td><Link<Route> to={Route::EditArticle { id: a.id.to_string() }}>{ &a.headline }</Link<Route>></td>
            <td>
                <span class={classes!("status", a.status.as_str())}>{ status_name(lang, a.status) }</span>
                if a.review_requested_at.is_some() { { " · " }{ desk.review_requested } }
            </td>
            <td><time datetime={a.updated_at.to_rfc3339()}>{ i18n::date_time(lang, &a.updated_at) }</time></td>
        </tr>
    }
}
