//! The article's own fields in the form: headline, standfirst, dateline (text, city,
//! country), byline, section, tags, language, urgency, breaking news and whether it is a
//! live blog.

use shared::SectionList;
use yew::prelude::*;

use super::form::{Form, setter};
use crate::fetch::Fetch;
use crate::use_ctx;

#[derive(Debug, Properties, PartialEq)]
pub(super) struct FieldsProps {
    pub form: UseStateHandle<Form>,
    pub sections: Fetch<SectionList>,
}

#[function_component(ArticleFields)]
pub(super) fn article_fields(props: &FieldsProps) -> Html {
    let lang = use_ctx().lang;
    let desk = lang.desk();
    let form = &props.form;
    let update = |apply: fn(&mut Form, String)| setter::<Event>(form, apply);
    let on_input = |apply: fn(&mut Form, String)| setter::<InputEvent>(form, apply);
    html! {
        <>
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
                    if let Fetch::Done(list) = &props.sections {
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
            <label><span>{ desk.urgency }</span>
                <select name="urgency" onchange={update(|f, v| f.urgency = v)}>
                    { for (1..=9_u8).map(|n| {
                        let name = match n {
                            1 => format!("1 — {}", desk.urgency_names[0]),
                            5 => format!("5 — {}", desk.urgency_names[1]),
                            9 => format!("9 — {}", desk.urgency_names[2]),
                            n => n.to_string(),
                        };
                        html! { <option value={n.to_string()} selected={form.urgency == n.to_string()}>{ name }</option> }
                    }) }
                </select></label>
            <label><span>{ desk.breaking_until }</span>
                <input type="datetime-local" name="breaking-until" value={form.breaking_until.clone()}
                       oninput={on_input(|f, v| f.breaking_until = v)} /></label>
            <label><span>{ desk.live }</span>
                <select name="live" onchange={update(|f, v| f.live = v)}>
                    { for ["", "open", "closed"].iter().zip(desk.live_names).map(|(value, name)| html! {
                        <option value={*value} selected={form.live == *value}>{ name }</option>
                    }) }
                </select></label>
        </>
    }
}
