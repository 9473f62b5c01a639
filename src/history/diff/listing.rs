//! A plan as a canonical listing, one line per field, for git to compare
//! line by line (`commonplan diff --textconv`, the `textconv` of git's
//! diff driver): `goals.local-energy.status = "achieved"`.
//!
//! Every field is on its own line with its full address, so a changed line
//! says by itself what changed and where, however the file was laid out
//! (dotted keys, inline tables, comments, order of keys). Items come in the
//! plan's order with a blank line after each, fields in the order of the
//! field tables, measurements by date; values as TOML writes them, a text
//! of several lines as a block of its lines, so that a changed sentence is
//! a changed line. Comments and layout are not part of it. Every line is
//! sanitised: git shows it on a terminal.

use serde_json::Value;

use crate::fields::{Collection, FieldKind, TableKind};
use crate::model::Plan;
use crate::text::{Shown, printable};

use super::render::field_value;

/// `plan` as one line per field, in plan order.
pub fn listing(plan: &Plan) -> String {
    let mut out = format!("format = {}\n\n", plan.format);
    let info = serde_json::to_value(&plan.plan).unwrap_or(Value::Null);
    item(&mut out, TableKind::Plan, "plan", &info);
    out.push('\n');
    let whole = serde_json::to_value(plan).unwrap_or(Value::Null);
    for collection in Collection::ALL {
        let items = whole
            .get(collection.key())
            .and_then(Value::as_array)
            .map_or(&[][..], Vec::as_slice);
        for (index, value) in items.iter().enumerate() {
            let id = value.get("id").and_then(Value::as_str);
            let address = match id {
                Some(id) => format!("{}.{id}", collection.key()),
                None => format!("{}.{}", collection.key(), index + 1),
            };
            item(&mut out, collection.item(), &address, value);
            out.push('\n');
        }
    }
    out
}

/// The lines of one item of `kind` at `address`, its nested items after
/// its fields.
fn item(out: &mut String, kind: TableKind, address: &str, value: &Value) {
    for field in kind.fields() {
        if field.kind == FieldKind::Id {
            continue;
        }
        let Some(v) = value.get(field.key).filter(|v| !v.is_null()) else {
            continue;
        };
        let key = format!("{address}.{}", field.key);
        match v {
            Value::String(text) if text.contains('\n') => {
                push(out, &format!("{key} = \"\"\""));
                for line in text.lines() {
                    out.push_str(&printable(line));
                    out.push('\n');
                }
                out.push_str("\"\"\"\n");
            }
            Value::String(_) => push(out, &format!("{key} = {v}")),
            Value::Array(entries) => {
                let entries: Vec<String> = entries.iter().map(Value::to_string).collect();
                push(out, &format!("{key} = [{}]", entries.join(", ")));
            }
            _ => push(out, &format!("{key} = {}", field_value(field.kind, v))),
        }
    }
    for nested in kind.nested() {
        let items = value
            .get(nested.key())
            .and_then(Value::as_array)
            .map_or(&[][..], Vec::as_slice);
        let at = format!("{address}.{}", nested.key());
        if nested.item() == TableKind::Measurement {
            let mut measured: Vec<(&str, &Value)> = items
                .iter()
                .map(|m| {
                    let date = m.get("date").and_then(Value::as_str).unwrap_or_default();
                    (date, m.get("value").unwrap_or(&Value::Null))
                })
                .collect();
            measured.sort_by(|a, b| a.0.cmp(b.0));
            for (date, v) in measured {
                push(
                    out,
                    &format!("{at} {date} = {}", field_value(FieldKind::Number, v)),
                );
            }
            continue;
        }
        for (index, nested_item) in items.iter().enumerate() {
            item(
                out,
                nested.item(),
                &format!("{at}.{}", index + 1),
                nested_item,
            );
        }
    }
}

fn push(out: &mut String, line: &str) {
    out.push_str(&Shown::line(line));
    out.push('\n');
}
