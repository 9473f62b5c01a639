//! A [`PlanDiff`] for people and for programs.
//!
//! The text form has one line per change, grouped by item: a heading line
//! per item (`+` added, `-` removed, `~` changed, with its title and any
//! rename or move), then each change of it indented, addressed in full
//! (`goals.local-energy.status: in-progress → achieved`); a text of several
//! lines changed shows the lines that changed. Then the progress that moved
//! and the ledger totals that changed, each under its own heading. Every
//! line is [`Shown`]: plan text cannot drive the terminal. The JSON form is
//! serde's, with the same escaping applied to the characters JSON itself
//! leaves alone (see the module above for its shape).

use std::fmt::Write;

use serde_json::Value;
use similar::{ChangeTag, TextDiff};

use super::{Change, ChangeKind, ItemDiff, ItemStatus, LedgerChange, PlanDiff, Shape};
use crate::fields::{FieldKind, TableKind};
use crate::text::{Shown, counted, json_text, number};

/// `diff` as text for people: nothing at all when the plans are the same.
pub fn to_text(diff: &PlanDiff) -> String {
    let mut out = String::new();
    for item in &diff.items {
        line(&mut out, &heading(item));
        for change in &item.changes {
            change_lines(&mut out, change);
        }
    }
    if !diff.progress.is_empty() {
        line(&mut out, "progress");
        for moved in &diff.progress {
            line(
                &mut out,
                &format!("  {}: {}% → {}%", moved.address, moved.old, moved.new),
            );
        }
    }
    if !diff.ledger.is_empty() {
        line(&mut out, "ledger");
        for change in &diff.ledger {
            line(&mut out, &format!("  {}", ledger_line(change)));
        }
    }
    out
}

/// `diff` as one pretty-printed JSON document, ending with a newline.
pub fn to_json(diff: &PlanDiff) -> String {
    json_text(diff)
}

/// Push `text` as one sanitised line.
fn line(out: &mut String, text: &str) {
    out.push_str(&Shown::line(text));
    out.push('\n');
}

/// An item's heading: `~ goals.x "Title" (renamed from goals.y, 2 references
/// followed; moved from 4 to 2)`.
fn heading(item: &ItemDiff) -> String {
    let sigil = match item.status {
        ItemStatus::Added => '+',
        ItemStatus::Removed => '-',
        ItemStatus::Changed => '~',
    };
    let mut text = format!("{sigil} {}", item.address);
    if let Some(title) = &item.title {
        let _ = write!(text, " \"{title}\"");
    }
    let mut notes = Vec::new();
    if let Some(from) = &item.renamed_from {
        let mut note = format!("renamed from {from}");
        if item.references_followed > 0 {
            let _ = write!(
                note,
                ", {} followed",
                counted(item.references_followed, "reference")
            );
        }
        notes.push(note);
    }
    if let Some(moved) = item.moved {
        notes.push(format!("moved from {} to {}", moved.from, moved.to));
    }
    if !notes.is_empty() {
        let _ = write!(text, " ({})", notes.join("; "));
    }
    text
}

/// The line or lines of one change.
fn change_lines(out: &mut String, change: &Change) {
    let at = match change.date {
        Some(date) => format!("{} {date}", change.address),
        None => change.address.clone(),
    };
    match change.change {
        ChangeKind::Added => line(
            out,
            &format!("  + {at}: {}", value(change.shape, change.new.as_ref())),
        ),
        ChangeKind::Removed => line(
            out,
            &format!("  - {at}: {}", value(change.shape, change.old.as_ref())),
        ),
        ChangeKind::Set => match (change.shape, &change.old, &change.new) {
            (Shape::Field(FieldKind::Text), Some(Value::String(was)), Some(Value::String(is)))
                if was.contains('\n') || is.contains('\n') =>
            {
                line(out, &format!("  {at}:"));
                let lines = TextDiff::from_lines(was.as_str(), is.as_str());
                for step in lines.iter_all_changes() {
                    let sign = match step.tag() {
                        ChangeTag::Delete => '-',
                        ChangeTag::Insert => '+',
                        ChangeTag::Equal => continue,
                    };
                    let text = step.value();
                    line(out, &format!("    {sign} {}", text.trim_end_matches('\n')));
                }
            }
            (
                Shape::Field(kind @ (FieldKind::Texts | FieldKind::References(_))),
                Some(Value::Array(was)),
                Some(Value::Array(is)),
            ) => line(out, &format!("  {at}: {}", list_change(kind, was, is))),
            (shape, was, is) => line(
                out,
                &format!(
                    "  {at}: {} → {}",
                    value(shape, was.as_ref()),
                    value(shape, is.as_ref())
                ),
            ),
        },
    }
}

/// A list that changed: its entries added and removed (`+ "Gert", - "Ana"`),
/// or both orders when only the order changed.
fn list_change(kind: FieldKind, was: &[Value], is: &[Value]) -> String {
    let entry = |v: &Value| field_value(kind_of_entry(kind), v);
    let mut left: Vec<&Value> = was.iter().collect();
    let mut added = Vec::new();
    for v in is {
        match left.iter().position(|w| *w == v) {
            Some(at) => {
                left.remove(at);
            }
            None => added.push(format!("+ {}", entry(v))),
        }
    }
    let removed = left.iter().map(|v| format!("- {}", entry(v)));
    let parts: Vec<String> = added.into_iter().chain(removed).collect();
    if parts.is_empty() {
        let list = |l: &[Value]| l.iter().map(entry).collect::<Vec<_>>().join(", ");
        return format!("[{}] → [{}]", list(was), list(is));
    }
    parts.join(", ")
}

/// The kind of one entry of a list field.
fn kind_of_entry(kind: FieldKind) -> FieldKind {
    match kind {
        FieldKind::Texts => FieldKind::Text,
        FieldKind::References(target) => FieldKind::Reference(target),
        other => other,
    }
}

/// A value as people read it; `(none)` for one that is absent.
fn value(shape: Shape, value: Option<&Value>) -> String {
    let Some(value) = value else {
        return "(none)".to_owned();
    };
    match shape {
        Shape::Field(kind) => field_value(kind, value),
        Shape::Measurement => field_value(FieldKind::Number, value),
        Shape::Item(kind) => inline_item(kind, value),
    }
}

/// A field's value: texts quoted, words, ids, dates and numbers bare, lists
/// in brackets.
pub(super) fn field_value(kind: FieldKind, value: &Value) -> String {
    match value {
        Value::String(text) if kind == FieldKind::Text => format!("\"{text}\""),
        Value::String(text) => text.clone(),
        Value::Number(n) => match (n.as_i64(), n.as_f64()) {
            (Some(whole), _) => whole.to_string(),
            (None, Some(float)) if float.fract() == 0.0 && float.abs() < 1e15 => {
                (float as i64).to_string()
            }
            (None, Some(float)) => float.to_string(),
            (None, None) => n.to_string(),
        },
        Value::Array(entries) => {
            let entry = kind_of_entry(kind);
            let entries: Vec<String> = entries.iter().map(|e| field_value(entry, e)).collect();
            format!("[{}]", entries.join(", "))
        }
        Value::Null => "(none)".to_owned(),
        other => other.to_string(),
    }
}

/// A nested item on one line, as an inline table of its fields in the
/// order of the field tables (those at their default left out), its own
/// nested collections counted:
/// `{ author = "Ana", text = "Start with schools" }`.
fn inline_item(kind: TableKind, item: &Value) -> String {
    let mut parts = Vec::new();
    for field in kind.fields() {
        let default = field
            .default
            .and_then(|d| serde_json::from_str::<Value>(d).ok());
        if let Some(v) = item
            .get(field.key)
            .filter(|v| !v.is_null() && Some(*v) != default.as_ref())
        {
            parts.push(format!("{} = {}", field.key, field_value(field.kind, v)));
        }
    }
    for nested in kind.nested() {
        let count = item
            .get(nested.key())
            .and_then(Value::as_array)
            .map_or(0, Vec::len);
        if count > 0 {
            parts.push(format!(
                "{} = [{}]",
                nested.key(),
                counted(count, nested.item().noun())
            ));
        }
    }
    format!("{{ {} }}", parts.join(", "))
}

/// A ledger line that changed: `money in EUR from public: 5,000 → 6,000 a
/// year`.
fn ledger_line(change: &LedgerChange) -> String {
    let mut text = change.kind.to_owned();
    if !change.unit.is_empty() {
        let _ = write!(text, " in {}", change.unit);
    }
    match change.role {
        Some(role) => {
            let _ = write!(text, " from {role} actors");
        }
        None => text.push_str(" from actors the plan does not list"),
    }
    let mut parts = Vec::new();
    if change.old.once != change.new.once {
        parts.push(format!(
            "{} → {} once",
            number(change.old.once),
            number(change.new.once)
        ));
    }
    if change.old.per_year != change.new.per_year {
        parts.push(format!(
            "{} → {} a year",
            number(change.old.per_year),
            number(change.new.per_year)
        ));
    }
    format!("{text}: {}", parts.join(", "))
}
