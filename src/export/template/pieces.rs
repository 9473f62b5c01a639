//! The pieces an HTML report repeats for every goal and partnership, as
//! functions of the HTML templates: a status with its mark, a link to an
//! item's place in the report, a progress bar. A template calls them as it
//! would a macro (`{{ status(goal.status, goal_marks) }}`), and a template
//! that defines a macro of the same name uses its own.
//!
//! - `status(word, marks)`: the status in a `status status-<word>` span,
//!   its mark from `marks` (a map of status to symbol) before it when there
//!   is one, hidden from screen readers, and the word as words.
//! - `ref(r, kind)`: a reference's name (its id when it names nothing),
//!   linked to `#<anchor>` when the context's `anchors[kind]` has one for
//!   its id.
//! - `refs(list, kind)`: each of `list` as `ref` writes it, parted by `; `.
//! - `bar(fraction)`: a bar as wide as the fraction, for a number only.
//!
//! Everything from the plan is HTML-escaped, as the template escapes what it
//! prints.

use minijinja::value::Value;
use minijinja::{Environment, Error, HtmlEscape, State};

use super::{as_number, percent};

/// Add the functions to `env`.
pub(super) fn add_to(env: &mut Environment<'static>) {
    env.add_function("status", status);
    env.add_function("ref", reference);
    env.add_function("refs", references);
    env.add_function("bar", bar);
}

/// `value` as the template would print it: a safe text as it is, anything
/// else escaped (none as `none`, undefined as nothing).
fn push(out: &mut String, value: &Value) {
    use std::fmt::Write;
    match value.as_str() {
        Some(text) if value.is_safe() => out.push_str(text),
        Some(text) => {
            let _ = write!(out, "{}", HtmlEscape(text));
        }
        None => {
            let _ = write!(out, "{}", HtmlEscape(&value.to_string()));
        }
    }
}

fn status(word: Value, marks: Value) -> Result<Value, Error> {
    let mut out = String::with_capacity(96);
    out.push_str("<span class=\"status status-");
    push(&mut out, &word);
    out.push_str("\">");
    let mark = marks.get_item(&word)?;
    if mark.is_true() {
        out.push_str("<span class=\"mark\" aria-hidden=\"true\">");
        push(&mut out, &mark);
        out.push_str("</span> ");
    }
    push(&mut out, &Value::from(word.to_string().replace('-', " ")));
    out.push_str("</span>");
    Ok(Value::from_safe_string(out))
}

fn reference(state: &State, r: Value, kind: Value) -> Result<Value, Error> {
    let mut out = String::with_capacity(64);
    push_reference(&mut out, state, &r, &kind)?;
    Ok(Value::from_safe_string(out))
}

fn references(state: &State, list: Value, kind: Value) -> Result<Value, Error> {
    let mut out = String::with_capacity(128);
    for (n, r) in list.try_iter()?.enumerate() {
        if n > 0 {
            out.push_str("; ");
        }
        push_reference(&mut out, state, &r, &kind)?;
    }
    Ok(Value::from_safe_string(out))
}

fn push_reference(out: &mut String, state: &State, r: &Value, kind: &Value) -> Result<(), Error> {
    let name = r.get_attr("name")?;
    let id = r.get_attr("id")?;
    let shown = if name.is_true() { name } else { id.clone() };
    let anchors = state
        .lookup("anchors")
        .map(|anchors| anchors.get_item(kind))
        .transpose()?
        .filter(|of_kind| !of_kind.is_undefined() && !of_kind.is_none());
    let anchor = match anchors {
        Some(of_kind) => of_kind.get_item(&id)?,
        None => Value::UNDEFINED,
    };
    if anchor.is_true() {
        out.push_str("<a href=\"#");
        push(out, &anchor);
        out.push_str("\">");
        push(out, &shown);
        out.push_str("</a>");
    } else {
        push(out, &shown);
    }
    Ok(())
}

fn bar(fraction: Value) -> Value {
    if as_number(&fraction).is_none() {
        return Value::from_safe_string(String::new());
    }
    Value::from_safe_string(format!(
        "<span class=\"bar\" aria-hidden=\"true\"><span style=\"width: {}\"></span></span>",
        percent(&fraction)
    ))
}
