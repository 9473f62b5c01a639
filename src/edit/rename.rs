//! Renaming an item's id: the id and every reference to it, in one step.

use toml_edit::{Item, TableLike, Value};

use crate::document::PlanDocument;
use crate::fields::FieldKind;
use crate::model::is_valid_id;

use super::changes::Change;
use super::describe::{describe_in as describe, no_such_item};
use super::references::each_reference;
use super::tables::{in_style_of, table_ref};
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
    let table = table_ref(doc, item).ok_or_else(|| no_such_item(doc, item))?;
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
    let mut changes = Vec::new();
    let mut set_text = |path: ItemPath, key: &str, table: &dyn TableLike, value: Value| {
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
    each_reference(doc, collection, from, |path, table, field| {
        match field.kind {
            FieldKind::References(_) => {
                let Some(Item::Value(Value::Array(array))) = table.get(field.key) else {
                    return;
                };
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
            _ => set_text(path.clone(), field.key, table, Value::from(to)),
        }
    });
    Ok(changes)
}
