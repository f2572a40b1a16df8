//! What can happen to the saved article next, by role and state: publish, schedule
//! (with its time), unpublish, submit for review, attach a correction. Each button
//! hands the hook a `Transition`; a schedule time that is not a time is said here,
//! before anything is sent.

use shared::ArticleStatus;
use shared::newsroom::{NewCorrection, ScheduleRequest};
use yew::prelude::*;

use crate::api::Transition;
use crate::newsroom::{event_value, local_time};
use crate::use_ctx;

#[derive(Debug, Properties, PartialEq)]
pub(super) struct PublishingProps {
    pub status: ArticleStatus,
    /// The saved version: a correction's text is cleared once it made a new one.
    pub version: i64,
    pub is_editor: bool,
    pub busy: bool,
    pub act: Callback<Transition>,
    pub fail: Callback<String>,
}

#[function_component(Publishing)]
pub(super) fn publishing(props: &PublishingProps) -> Html {
    let ctx = use_ctx();
    let desk = ctx.lang.desk();
    let schedule_at = use_state(String::new);
    let correction = use_state(String::new);
    {
        let correction = correction.clone();
        use_effect_with(props.version, move |_| correction.set(String::new()));
    }
    let send = |transition: fn() -> Transition| {
        let act = props.act.clone();
        Callback::from(move |_: MouseEvent| act.emit(transition()))
    };
    let schedule = {
        let (act, fail, when) = (props.act.clone(), props.fail.clone(), schedule_at.clone());
        let invalid = desk.schedule_at_invalid;
        Callback::from(move |_: MouseEvent| match local_time(&when) {
            Some(published_at) => act.emit(Transition::Schedule(ScheduleRequest { published_at })),
            // The field is the problem, not the API: say which, send nothing.
            None => fail.emit(invalid.into()),
        })
    };
    let correct = {
        let (act, text) = (props.act.clone(), correction.clone());
        Callback::from(move |_: MouseEvent| {
            act.emit(Transition::Correct(NewCorrection {
                text: (*text).clone(),
            }))
        })
    };
    let (status, busy) = (props.status, props.busy);
    html! {
        <>
            <div class="publishing">
                if props.is_editor {
                    if status != ArticleStatus::Published {
                        <button type="button" class="publish" disabled={busy} onclick={send(|| Transition::Publish)}>{ desk.publish }</button>
                        <label><span>{ desk.schedule_at }</span>
                            <input type="datetime-local" name="schedule-at" value={(*schedule_at).clone()}
                                   oninput={{ let s = schedule_at.clone(); Callback::from(move |e: InputEvent| s.set(event_value(&e))) }} /></label>
                        <button type="button" class="schedule" disabled={busy} onclick={schedule}>{ desk.schedule }</button>
                    }
                    if matches!(status, ArticleStatus::Published | ArticleStatus::Scheduled) {
                        <button type="button" class="unpublish" disabled={busy} onclick={send(|| Transition::Unpublish)}>{ desk.unpublish }</button>
                    }
                } else if status == ArticleStatus::Draft {
                    <button type="button" class="submit" disabled={busy} onclick={send(|| Transition::Submit)}>{ desk.submit }</button>
                }
            </div>
            if props.is_editor && status == ArticleStatus::Published {
                <div class="add-correction">
                    <label class="wide"><span>{ desk.correction_text }</span>
                        <textarea name="correction" rows="2" value={(*correction).clone()}
                                  oninput={{ let c = correction.clone(); Callback::from(move |e: InputEvent| c.set(event_value(&e))) }} /></label>
                    <button type="button" class="correct" disabled={busy} onclick={correct}>{ desk.add_correction }</button>
                </div>
            }
        </>
    }
}
