//! An article's history: every revision, and restoring one (which writes a new one).

use yew::prelude::*;
use yew_router::prelude::*;

use super::authed;
use crate::api::ApiError;
use crate::components::{ErrorBox, loading};
use crate::fetch::{Fetch, use_fetch};
use crate::i18n;
use crate::route::Route;
use crate::{set_title, use_ctx};

#[derive(Debug, Properties, PartialEq)]
pub struct Props {
    pub id: String,
}

#[function_component(History)]
pub fn history(props: &Props) -> Html {
    let ctx = use_ctx();
    let lang = ctx.lang;
    let desk = lang.desk();
    let navigator = use_navigator();
    let failure = use_state(|| None::<String>);
    let (data, retry) = {
        let ctx = ctx.clone();
        use_fetch(props.id.clone(), move |id| {
            let ctx = ctx.clone();
            async move {
                let article = authed(&ctx, |api, token| api.newsroom_article(&token, &id)).await?;
                let revisions = authed(&ctx, |api, token| api.revisions(&token, &id)).await?;
                Ok::<_, ApiError>((article, revisions))
            }
        })
    };
    use_effect_with((), move |()| set_title(desk.history));
    let (article, revisions) = match data {
        Fetch::Loading => return loading(ctx.lang),
        Fetch::Failed(error) => return html! { <ErrorBox {error} {retry} /> },
        Fetch::Done(d) => (d.0.clone(), d.1.clone()),
    };
    let restore = |revision: i64| {
        let (ctx, navigator, failure) = (ctx.clone(), navigator.clone(), failure.clone());
        let id = article.id.to_string();
        let current = article.version;
        Callback::from(move |_: MouseEvent| {
            let (ctx, navigator, failure, id) =
                (ctx.clone(), navigator.clone(), failure.clone(), id.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match authed(&ctx, |api, token| {
                    api.restore_revision(&token, &id, current, revision)
                })
                .await
                {
                    Ok(_) => {
                        if let Some(navigator) = &navigator {
                            navigator.push(&Route::EditArticle { id });
                        }
                    }
                    Err(ApiError::Problem(p)) => failure.set(Some(p.detail)),
                    Err(_) => failure.set(Some(ctx.lang.desk().conflict.into())),
                }
            });
        })
    };
    html! {
        <section class="history">
            <h1>{ desk.history }{ ": " }{ &article.headline }</h1>
            <p><Link<Route> to={Route::EditArticle { id: article.id.to_string() }}>{ "← " }{ desk.edit }</Link<Route>></p>
            if let Some(message) = &*failure { <p class="form-error" role="alert">{ message }</p> }
            <table class="desk-table">
                <thead><tr>
                    <th scope="col">{ desk.version }</th>
                    <th scope="col">{ "" }</th>
                    <th scope="col">{ lang.text().updated }</th>
                    <th scope="col"></th>
                </tr></thead>
                <tbody>
                    { for revisions.data.iter().map(|r| html! {
                        <tr key={r.version}>
                            <td>{ r.version }</td>
                            <td>{ (desk.action)(r.action) }</td>
                            <td><time datetime={r.created_at.to_rfc3339()}>{ i18n::date_time(lang, &r.created_at) }</time></td>
                            <td>
                                if r.version != article.version {
                                    <button type="button" class="restore" onclick={restore(r.version)}>{ desk.restore }</button>
                                }
                            </td>
                        </tr>
                    }) }
                </tbody>
            </table>
        </section>
    }
}
