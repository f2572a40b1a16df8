//! The editor's message line: saved, a copy saved, an error, or — after someone else
//! saved in between — the choice between their version and a new draft of this one.

use yew::prelude::*;

use super::state::Notice;
use crate::use_ctx;

#[derive(Debug, Properties, PartialEq)]
pub(super) struct NoticeProps {
    pub notice: Notice,
    pub reload_latest: Callback<MouseEvent>,
    pub keep_copy: Callback<MouseEvent>,
}

#[function_component(NoticeLine)]
pub(super) fn notice_line(props: &NoticeProps) -> Html {
    let desk = use_ctx().lang.desk();
    match &props.notice {
        Notice::None => Html::default(),
        Notice::Saved => html! { <p class="form-ok" role="status">{ desk.saved }</p> },
        Notice::CopySaved => html! { <p class="form-ok" role="status">{ desk.copy_saved }</p> },
        Notice::Error(message) => html! { <p class="form-error" role="alert">{ message }</p> },
        Notice::Conflict => html! {
            <div class="conflict" role="alert">
                <p>{ desk.conflict }</p>
                <button type="button" class="reload-latest" onclick={props.reload_latest.clone()}>{ desk.reload_latest }</button>
                <button type="button" class="keep-copy" onclick={props.keep_copy.clone()}>{ desk.keep_copy }</button>
            </div>
        },
    }
}
