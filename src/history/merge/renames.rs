//! Renames: an item whose id one side changed is still the same item, so
//! the other side's edits to it merge, and the references the other side
//! added to its old id follow it to the new one.
//!
//! A side renamed an item when it holds an id the base lacks and lacks an
//! id the base holds, and the two items have the same title (or name):
//! what `commonplan set goals.a.id b` does.

use std::collections::HashSet;

use toml_edit::{Item, Table, TableLike, Value};

use crate::fields::{Collection, FieldKind, TableKind, Target};

use super::layout::Side;
use super::same::ItemKey;

/// An id one side changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Rename {
    pub collection: Collection,
    pub from: String,
    pub to: String,
    pub side: Side,
}

/// The field that names an item for people: `title` or `name`.
fn name_key(kind: TableKind) -> Option<&'static str> {
    kind.fields()
        .iter()
        .find(|f| f.required && f.kind == FieldKind::Text)
        .map(|f| f.key)
}

fn text<'a>(table: &'a dyn TableLike, key: &str) -> Option<&'a str> {
    table.get(key).and_then(Item::as_str)
}

/// Find the items `side` renamed, and key them as the base items they were
/// (so that they are matched to them); returns the renames.
pub(super) fn match_renames(
    collection: Collection,
    kind: TableKind,
    side: Side,
    (base, base_keys): (&[&Table], &[ItemKey]),
    (items, keys): (&[&Table], &mut [ItemKey]),
) -> Vec<Rename> {
    let Some(name) = name_key(kind) else {
        return Vec::new();
    };
    let in_side: HashSet<&str> = keys.iter().map(|k| k.key.as_str()).collect();
    let in_base: HashSet<&str> = base_keys.iter().map(|k| k.key.as_str()).collect();
    let removed: Vec<usize> = (0..base.len())
        .filter(|&b| !in_side.contains(base_keys[b].key.as_str()))
        .collect();
    if removed.is_empty() {
        return Vec::new();
    }
    let mut found = Vec::new();
    let mut taken = HashSet::new();
    for (i, item) in items.iter().enumerate() {
        if in_base.contains(keys[i].key.as_str()) {
            continue;
        }
        let Some(title) = text(*item, name) else {
            continue;
        };
        let Some(&b) = removed
            .iter()
            .find(|&&b| !taken.contains(&b) && text(base[b], name) == Some(title))
        else {
            continue;
        };
        let (Some(from), Some(to)) = (text(base[b], "id"), text(*item, "id")) else {
            continue;
        };
        taken.insert(b);
        found.push(Rename {
            collection,
            from: from.to_owned(),
            to: to.to_owned(),
            side,
        });
        keys[i].key = base_keys[b].key.clone();
    }
    found
}

/// Whether a reference to a `target` may name an item of `collection`.
fn names(target: Target, collection: Collection) -> bool {
    match target {
        Target::Theme => collection == Collection::Themes,
        Target::Actor => collection == Collection::Actors,
        Target::Goal => collection == Collection::Goals,
        Target::GoalOrPartnership => {
            matches!(collection, Collection::Goals | Collection::Partnerships)
        }
        Target::Workshop => collection == Collection::Workshops,
    }
}

/// The ids of the items of `collection` in the merged document.
fn ids(root: &Table, collection: Collection) -> HashSet<String> {
    let mut ids = HashSet::new();
    match root.get(collection.key()) {
        Some(Item::ArrayOfTables(tables)) => {
            ids.extend(
                tables
                    .iter()
                    .filter_map(|t| text(t, "id"))
                    .map(str::to_owned),
            );
        }
        Some(Item::Value(Value::Array(array))) => ids.extend(
            array
                .iter()
                .filter_map(Value::as_inline_table)
                .filter_map(|t| text(t, "id"))
                .map(str::to_owned),
        ),
        _ => {}
    }
    ids
}

/// Point every reference to a renamed id at the new one, where the merged
/// document holds the new id and not the old. Returns whether any changed.
pub(super) fn follow_renames(root: &mut Table, renames: &[Rename]) -> bool {
    let applied: Vec<&Rename> = renames
        .iter()
        .filter(|r| {
            let ids = ids(root, r.collection);
            ids.contains(&r.to) && !ids.contains(&r.from)
        })
        .collect();
    if applied.is_empty() {
        return false;
    }
    let mut changed = false;
    for &collection in Collection::ALL {
        let kind = collection.item();
        match root.get_mut(collection.key()) {
            Some(Item::ArrayOfTables(tables)) => {
                for table in tables.iter_mut() {
                    changed |= rewrite(table, kind, &applied);
                }
            }
            Some(Item::Value(Value::Array(array))) => {
                for value in array.iter_mut() {
                    if let Value::InlineTable(table) = value {
                        changed |= rewrite(table, kind, &applied);
                    }
                }
            }
            _ => {}
        }
    }
    changed
}

/// Rewrite the references of one item (and of the items under it).
fn rewrite(table: &mut dyn TableLike, kind: TableKind, renames: &[&Rename]) -> bool {
    let mut changed = false;
    let renamed = |value: &mut Value, target: Target| -> bool {
        let Some(text) = value.as_str() else {
            return false;
        };
        let Some(rename) = renames
            .iter()
            .find(|r| names(target, r.collection) && r.from == text)
        else {
            return false;
        };
        let decor = value.decor().clone();
        *value = Value::from(rename.to.as_str());
        *value.decor_mut() = decor;
        true
    };
    for field in kind.fields() {
        let (FieldKind::Reference(target) | FieldKind::References(target)) = field.kind else {
            continue;
        };
        match table.get_mut(field.key) {
            Some(Item::Value(Value::Array(array))) => {
                for value in array.iter_mut() {
                    changed |= renamed(value, target);
                }
            }
            Some(Item::Value(value)) => changed |= renamed(value, target),
            _ => {}
        }
    }
    for nested in kind.nested() {
        match table.get_mut(nested.key()) {
            Some(Item::ArrayOfTables(tables)) => {
                for table in tables.iter_mut() {
                    changed |= rewrite(table, nested.item(), renames);
                }
            }
            Some(Item::Value(Value::Array(array))) => {
                for value in array.iter_mut() {
                    if let Value::InlineTable(table) = value {
                        changed |= rewrite(table, nested.item(), renames);
                    }
                }
            }
            _ => {}
        }
    }
    changed
}
