//! Comparing parts of `toml_edit` documents as written, and naming the
//! items of a collection so that the three versions of a plan can be
//! matched item by item.
//!
//! Comparisons read the text each value was parsed from (its repr and its
//! decor), so they allocate nothing: a 10,000-goal plan is compared in a
//! walk of its tree. Two parts are *the same* when they are written the
//! same, comments included; they have *the same value* when they differ at
//! most in the blanks and comment around them.

use toml_edit::{Array, Decor, InlineTable, Item, Key, RawString, Table, TableLike, Value};

use crate::fields::TableKind;

fn raw(raw: Option<&RawString>) -> Option<&str> {
    raw.and_then(RawString::as_str)
}

pub(super) fn same_decor(a: &Decor, b: &Decor) -> bool {
    raw(a.prefix()) == raw(b.prefix()) && raw(a.suffix()) == raw(b.suffix())
}

fn same_key(a: &Key, b: &Key) -> bool {
    a.get() == b.get()
        && same_decor(a.leaf_decor(), b.leaf_decor())
        && same_decor(a.dotted_decor(), b.dotted_decor())
}

/// Whether two items are written the same, comments included.
pub(super) fn same_item(a: &Item, b: &Item) -> bool {
    match (a, b) {
        (Item::None, Item::None) => true,
        (Item::Value(a), Item::Value(b)) => same_value(a, b, true),
        (Item::Table(a), Item::Table(b)) => same_table(a, b),
        (Item::ArrayOfTables(a), Item::ArrayOfTables(b)) => {
            a.len() == b.len() && a.iter().zip(b.iter()).all(|(a, b)| same_table(a, b))
        }
        _ => false,
    }
}

/// Whether two standard tables are written the same: header, comments
/// before it, keys and values, and every table under them.
pub(super) fn same_table(a: &Table, b: &Table) -> bool {
    same_decor(a.decor(), b.decor()) && same_body(a, b)
}

/// [`same_table`], but for the lines written before the header.
pub(super) fn same_body(a: &Table, b: &Table) -> bool {
    a.is_implicit() == b.is_implicit()
        && a.is_dotted() == b.is_dotted()
        && a.len() == b.len()
        && a.iter().zip(b.iter()).all(|((ka, ia), (kb, ib))| {
            ka == kb
                && match (a.key(ka), b.key(kb)) {
                    (Some(ka), Some(kb)) => same_key(ka, kb),
                    _ => false,
                }
                && same_item(ia, ib)
        })
}

fn same_inline(a: &InlineTable, b: &InlineTable) -> bool {
    a.len() == b.len()
        && raw(Some(a.trailing())) == raw(Some(b.trailing()))
        && a.trailing_comma() == b.trailing_comma()
        && a.iter().zip(b.iter()).all(|((ka, va), (kb, vb))| {
            ka == kb
                && match (a.key(ka), b.key(kb)) {
                    (Some(ka), Some(kb)) => same_key(ka, kb),
                    _ => false,
                }
                && same_value(va, vb, true)
        })
}

fn same_array(a: &Array, b: &Array) -> bool {
    a.len() == b.len()
        && a.trailing_comma() == b.trailing_comma()
        && raw(Some(a.trailing())) == raw(Some(b.trailing()))
        && a.iter().zip(b.iter()).all(|(a, b)| same_value(a, b, true))
}

/// Whether two values are written the same; with `decor`, the blanks and
/// the comment around them too.
pub(super) fn same_value(a: &Value, b: &Value, decor: bool) -> bool {
    if decor && !same_decor(a.decor(), b.decor()) {
        return false;
    }
    match (a, b) {
        (Value::Array(a), Value::Array(b)) => same_array(a, b),
        (Value::InlineTable(a), Value::InlineTable(b)) => same_inline(a, b),
        (Value::Array(_) | Value::InlineTable(_), _)
        | (_, Value::Array(_) | Value::InlineTable(_)) => false,
        _ => scalar_repr(a) == scalar_repr(b),
    }
}

/// How a scalar is written (`"adopted"`, `2024-12-31`, `1_000`).
fn scalar_repr(value: &Value) -> std::borrow::Cow<'_, str> {
    let written = match value {
        Value::String(v) => v.as_repr().map(|r| r.as_raw()),
        Value::Integer(v) => v.as_repr().map(|r| r.as_raw()),
        Value::Float(v) => v.as_repr().map(|r| r.as_raw()),
        Value::Boolean(v) => v.as_repr().map(|r| r.as_raw()),
        Value::Datetime(v) => v.as_repr().map(|r| r.as_raw()),
        Value::Array(_) | Value::InlineTable(_) => None,
    };
    match written.and_then(RawString::as_str) {
        Some(text) => text.into(),
        None => value_text(value).into(),
    }
}

/// A value as written, without the blanks and comment around it.
pub(super) fn value_text(value: &Value) -> String {
    let mut bare = value.clone();
    bare.decor_mut().clear();
    bare.to_string()
}

/// A scalar field as a person reads it: the text of a string, the written
/// form of anything else; empty when the key is absent.
fn field(table: &dyn TableLike, key: &str) -> String {
    match table.get(key) {
        Some(Item::Value(Value::String(text))) => text.value().clone(),
        Some(Item::Value(value)) => scalar_repr(value).into_owned(),
        _ => String::new(),
    }
}

/// What names an item of a collection across the three versions of a
/// plan: its id where it has one, else the fields that tell it apart from
/// its siblings (a measurement's date, a party's actor, a vote's
/// participant and item…), else all it holds. `label` is what a person
/// calls it in a place (`goals.local-energy`, `measurements.2024-12-31`),
/// when there is such a name.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(super) struct ItemKey {
    pub key: String,
    pub label: Option<String>,
}

/// The key of one item of a collection of `kind` items (`None` for a
/// collection the format does not know).
pub(super) fn item_key(kind: Option<TableKind>, table: &dyn TableLike) -> ItemKey {
    let join = |keys: &[&str]| {
        keys.iter()
            .map(|k| field(table, k))
            .collect::<Vec<_>>()
            .join("\u{1f}")
    };
    let (key, label) = match kind {
        Some(kind) if kind.has_id() => {
            let id = field(table, "id");
            (format!("id:{id}"), Some(id))
        }
        Some(TableKind::Milestone) if table.contains_key("id") => {
            let id = field(table, "id");
            (format!("id:{id}"), Some(id))
        }
        Some(TableKind::Milestone) => (join(&["title"]), None),
        Some(TableKind::Indicator) => (join(&["name"]), None),
        Some(TableKind::Measurement) => {
            let date = field(table, "date");
            (date.clone(), Some(date))
        }
        Some(TableKind::Comment) => (join(&["author", "text"]), None),
        Some(TableKind::Party) => (join(&["actor"]), None),
        Some(TableKind::Contribution) => {
            (join(&["from", "kind", "unit", "per", "description"]), None)
        }
        Some(TableKind::Vote) => (join(&["participant", "item"]), None),
        Some(TableKind::Decision) => (join(&["text"]), None),
        _ => {
            let mut all = String::new();
            for (key, item) in table.iter() {
                all.push_str(key);
                all.push('=');
                if let Item::Value(value) = item {
                    all.push_str(&value_text(value));
                }
                all.push('\u{1f}');
            }
            (all, None)
        }
    };
    ItemKey { key, label }
}

/// The keys of a collection's items, in order; a key that repeats is told
/// apart by its occurrence (`#2`), so every key is unique.
pub(super) fn item_keys<'a>(
    kind: Option<TableKind>,
    tables: impl Iterator<Item = &'a dyn TableLike>,
) -> Vec<ItemKey> {
    let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    tables
        .map(|table| {
            let mut key = item_key(kind, table);
            let count = seen.entry(key.key.clone()).or_default();
            *count += 1;
            if *count > 1 {
                key.key = format!("{}#{count}", key.key);
            }
            key
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use toml_edit::DocumentMut;

    fn doc(text: &str) -> DocumentMut {
        text.parse().unwrap()
    }

    #[test]
    fn the_same_text_is_the_same_and_a_comment_counts() {
        let a = doc("[[goals]]\nid = \"a\"\nstatus = \"idea\"  # first\n");
        let b = doc("[[goals]]\nid = \"a\"\nstatus = \"idea\"  # first\n");
        let c = doc("[[goals]]\nid = \"a\"\nstatus = \"idea\"  # second\n");
        assert!(same_item(&a["goals"], &b["goals"]));
        assert!(!same_item(&a["goals"], &c["goals"]));
        let (va, vc) = (
            a["goals"][0]["status"].as_value().unwrap(),
            c["goals"][0]["status"].as_value().unwrap(),
        );
        assert!(same_value(va, vc, false));
        assert!(!same_value(va, vc, true));
    }

    #[test]
    fn items_are_keyed_by_id_or_by_what_tells_them_apart() {
        let d = doc(
            "[[goals]]\nid = \"a\"\nmeasurements = [{ date = 2024-01-01, value = 1 }]\n\
             [[goals.comments]]\nauthor = \"Ana\"\ntext = \"x\"\n\
             [[goals.comments]]\nauthor = \"Ana\"\ntext = \"x\"\n",
        );
        let goal = d["goals"][0].as_table().unwrap();
        assert_eq!(
            item_key(Some(TableKind::Goal), goal).label.as_deref(),
            Some("a")
        );
        let m = d["goals"][0]["measurements"][0].as_inline_table().unwrap();
        assert_eq!(
            item_key(Some(TableKind::Measurement), m).label.as_deref(),
            Some("2024-01-01")
        );
        let comments = d["goals"][0]["comments"].as_array_of_tables().unwrap();
        let keys = item_keys(
            Some(TableKind::Comment),
            comments.iter().map(|t| t as &dyn TableLike),
        );
        assert_ne!(keys[0], keys[1]);
    }
}
