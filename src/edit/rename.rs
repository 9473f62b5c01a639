//! Renaming an item's id: the id and every reference to it, in one step.

use toml_edit::{Item, Value};

use crate::document::PlanDocument;
use crate::fields::{Collection, FieldKind, TableKind, Target};
use crate::model::is_valid_id;

use super::changes::Change;
use super::describe::describe_in as describe;
use super::tables::{collection_len, in_style_of, table_ref};
use super::values::taken_ids;
use super::vocabulary::{EditError, ItemPath};

/// Rename a top-level item's id and every reference to it, as one step.
pub(super) fn rename(
    document: &PlanDocument,
    item: &ItemPath,
    to: &str,
) -> Result<Vec<Change>, EditError> {
    let plan = document.plan();
    let doc = document.document();
    let (Some((collection, _)), 1) = (item.top_item(), item.steps.len()) else {
        return Err(EditError::Required(
            "only themes, actors, goals, partnerships and workshops have ids".into(),
        ));
    };
    let table = table_ref(doc, item).ok_or_else(|| EditError::NoSuchItem(describe(doc, item)))?;
    let Some(from) = table.get("id").and_then(Item::as_str) else {
        return Err(EditError::NoSuchItem(format!(
            "id in {}",
            describe(doc, item)
        )));
    };
    if !is_valid_id(to) {
        return Err(EditError::BadValue {
            key: "id".into(),
            reason:
                "an id is 1 to 64 characters of a-z, 0-9 and `-`, starting with a letter or digit"
                    .into(),
        });
    }
    if from == to {
        return Ok(Vec::new());
    }
    if taken_ids(plan, collection).contains(&to) {
        return Err(EditError::BadValue {
            key: "id".into(),
            reason: format!("the id `{to}` is taken"),
        });
    }
    // What the references to this item are: a comment's `workshop` names a
    // workshop.
    let renamed = match collection {
        Collection::Themes => Some(Target::Theme),
        Collection::Actors => Some(Target::Actor),
        Collection::Goals => Some(Target::Goal),
        Collection::Partnerships => Some(Target::GoalOrPartnership),
        Collection::Workshops => Some(Target::Workshop),
    };
    // Whether a reference field pointing at `field` may name the item.
    let names = |field: Target| match renamed {
        Some(Target::Goal) => matches!(field, Target::Goal | Target::GoalOrPartnership),
        Some(target) => field == target,
        None => false,
    };
    let mut changes = Vec::new();
    let mut set_text =
        |path: ItemPath, key: &str, table: &dyn toml_edit::TableLike, value: Value| {
            let position = table.iter().position(|(k, _)| k == key).unwrap_or(0);
            if let Some((old_key, Item::Value(old))) = table.get_key_value(key) {
                let mut value = in_style_of(old, value);
                *value.decor_mut() = old.decor().clone();
                changes.push(Change::Key {
                    table: path,
                    key: key.to_owned(),
                    entry: Some((old_key.clone(), Item::Value(value))),
                    position,
                });
            }
        };
    set_text(item.clone(), "id", table, Value::from(to));
    let mut visit: Vec<(ItemPath, TableKind)> = Vec::new();
    for &c in Collection::ALL {
        visit
            .extend((0..collection_len(doc.get(c.key()))).map(|i| (ItemPath::top(c, i), c.item())));
    }
    while let Some((path, kind)) = visit.pop() {
        let Some(table) = table_ref(doc, &path) else {
            continue;
        };
        for field in kind.fields() {
            match field.kind {
                FieldKind::Reference(t)
                    if names(t) && table.get(field.key).and_then(Item::as_str) == Some(from) =>
                {
                    set_text(path.clone(), field.key, table, Value::from(to));
                }
                FieldKind::References(t) if names(t) => {
                    let Some(Item::Value(Value::Array(array))) = table.get(field.key) else {
                        continue;
                    };
                    if !array.iter().any(|v| v.as_str() == Some(from)) {
                        continue;
                    }
                    let mut renamed = array.clone();
                    for value in renamed.iter_mut() {
                        if value.as_str() == Some(from) {
                            let decor = value.decor().clone();
                            *value = in_style_of(value, Value::from(to));
                            *value.decor_mut() = decor;
                        }
                    }
                    set_text(path.clone(), field.key, table, Value::Array(renamed));
                }
                _ => {}
            }
        }
        for &n in kind.nested() {
            visit.extend(
                (0..collection_len(table.get(n.key()))).map(|i| (path.child(n, i), n.item())),
            );
        }
    }
    Ok(changes)
}
