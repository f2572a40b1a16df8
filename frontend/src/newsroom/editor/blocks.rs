//! The body's blocks in the form: each with its kind, text (and a quote's speaker and
//! attribution), moved up or down or removed; a paragraph added at the end.

use yew::prelude::*;

use super::form::{EditBlock, Form, Kind, block_setter};
use super::pictures::{InsertPictures, PictureBlock};
use crate::use_ctx;

#[derive(Debug, Properties, PartialEq)]
pub(super) struct BlocksProps {
    pub form: UseStateHandle<Form>,
}

#[function_component(BodyBlocks)]
pub(super) fn body_blocks(props: &BlocksProps) -> Html {
    let desk = use_ctx().lang.desk();
    let form = &props.form;
    let add = {
        let form = form.clone();
        Callback::from(move |_: MouseEvent| {
            let mut next = (*form).clone();
            next.blocks.push(EditBlock::paragraph());
            form.set(next);
        })
    };
    html! {
        <fieldset class="blocks wide">
            <legend>{ desk.body }</legend>
            { for (0..form.blocks.len()).map(|i| html! { <BlockEditor key={i} form={form.clone()} index={i} /> }) }
            <div class="add-blocks">
                <button type="button" class="add-block" onclick={add}>{ "+ " }{ desk.add_block }</button>
                <InsertPictures form={form.clone()} />
            </div>
        </fieldset>
    }
}

#[derive(Debug, Properties, PartialEq)]
struct BlockProps {
    form: UseStateHandle<Form>,
    index: usize,
}

/// The fields of one block, with its kind, move and remove buttons.
#[function_component(BlockEditor)]
fn block_editor(props: &BlockProps) -> Html {
    let desk = use_ctx().lang.desk();
    let (form, i) = (&props.form, props.index);
    let Some(block) = form.blocks.get(i) else {
        return Html::default();
    };
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
    let tools = html! {
        <>
            <button type="button" onclick={reorder(i.checked_sub(1))} disabled={i == 0}>{ desk.move_up }</button>
            <button type="button" onclick={reorder(Some(i + 1))} disabled={i + 1 == form.blocks.len()}>{ desk.move_down }</button>
            <button type="button" onclick={reorder(None)} disabled={form.blocks.len() == 1}>{ desk.remove }</button>
        </>
    };
    if block.kind == Kind::Picture {
        return html! {
            <div class="block">
                <div class="block-tools">{ tools }</div>
                <PictureBlock form={form.clone()} index={i} />
            </div>
        };
    }
    html! {
        <div class="block">
            <div class="block-tools">
                <select name={format!("block-{i}-type")} aria-label={format!("{} {}", desk.body, i + 1)}
                        onchange={change(|b, v| b.kind = match v.as_str() {
                            "heading" => Kind::Heading, "quote" => Kind::Quote, "list" => Kind::List, _ => Kind::Paragraph })}>
                    { for kinds.iter().map(|(value, label, kind)| html! {
                        <option value={*value} selected={block.kind == *kind}>{ *label }</option>
                    }) }
                </select>
                { tools }
            </div>
            <textarea name={format!("block-{i}-text")} rows={if block.kind == Kind::Heading { "1" } else { "4" }}
                      aria-label={format!("{} {}: {}", desk.body, i + 1,
                          kinds.iter().find(|(_, _, kind)| *kind == block.kind).map_or("", |(_, label, _)| *label))}
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
