//! Addresses: a place named the way people write it on the command line
//! (`goals.short-food-chains.indicators.1.target`), read against the plan
//! into an [`ItemPath`] and a key; and the edits made of an address and
//! values as typed: set, add, remove, move, measure.

use crate::diagnostic::did_you_mean;
use crate::document::PlanDocument;
use crate::fields::{Collection, Nested, TableKind};
use crate::model::Plan;

use super::describe::describe_in as describe;
use super::tables::{collection_len, table_ref};
use super::values::ids_in;
use super::vocabulary::{Edit, EditError, FieldValue, ItemPath, no_such_field};

/// A place named the way people write it: `plan.title`,
/// `goals.short-food-chains.status`, `goals.short-food-chains.indicators.1.target`
/// (top-level items by id, nested ones by 1-based position).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Address {
    /// The item.
    pub item: ItemPath,
    /// The field, when the address names one.
    pub key: Option<String>,
}

/// Read an address against the plan (ids are looked up in it).
pub fn parse_address(plan: &Plan, text: &str) -> Result<Address, EditError> {
    let parts: Vec<&str> = text.split('.').collect();
    let collections: Vec<&str> = Collection::ALL.iter().map(|c| c.key()).collect();
    let unknown = |what: String| EditError::NoSuchItem(what);
    let (item, mut rest) = match parts.as_slice() {
        ["plan", rest @ ..] => (ItemPath::plan(), rest),
        [collection, id, rest @ ..] => {
            let Ok(collection) = collection.parse::<Collection>() else {
                let mean = did_you_mean(collection, collections.iter().copied())
                    .map(|m| format!("; {m}"))
                    .unwrap_or_default();
                return Err(unknown(format!(
                    "collection `{collection}`{mean} (an address starts with plan, {})",
                    collections.join(", ")
                )));
            };
            let ids = ids_in(plan, collection);
            let Some(index) = ids.iter().position(|i| i == id) else {
                let mean = did_you_mean(id, ids.iter().copied())
                    .map(|m| format!("; {m}"))
                    .unwrap_or_default();
                return Err(unknown(format!("item `{id}` in {collection}{mean}")));
            };
            (ItemPath::top(collection, index), rest)
        }
        _ => {
            return Err(unknown(format!(
                "place `{text}`: write plan.FIELD or COLLECTION.ID[.FIELD], e.g. goals.ID.status"
            )));
        }
    };
    let mut item = item;
    loop {
        match rest {
            [] => return Ok(Address { item, key: None }),
            [key] => {
                return Ok(Address {
                    item,
                    key: Some((*key).to_owned()),
                });
            }
            [collection, position, tail @ ..] => {
                let kind = item.kind().unwrap_or(TableKind::Plan);
                let Some(collection) = kind.nested_named(collection) else {
                    // `goals.x.target_year.1` and the like.
                    return Err(no_such_field(kind, collection));
                };
                let index = match position.parse::<usize>() {
                    Ok(n) if n >= 1 => n - 1,
                    _ => {
                        return Err(unknown(format!(
                            "position `{position}` in {collection}: positions count from 1"
                        )));
                    }
                };
                item = item.child(collection, index);
                rest = tail;
            }
        }
    }
}

/// The edit that sets the field `address` names to `value`, typed as text
/// and parsed by the field's kind; `None` removes the field.
pub fn set_edit(plan: &Plan, address: &str, value: Option<&str>) -> Result<Edit, EditError> {
    let parsed = parse_address(plan, address)?;
    let key = parsed.key.ok_or_else(|| {
        EditError::NoSuchItem(format!(
            "field in `{address}`: name one, e.g. `{address}.title`"
        ))
    })?;
    let kind = parsed
        .item
        .kind()
        .ok_or_else(|| EditError::NoSuchItem(format!("item `{address}`")))?;
    let value = match value {
        Some(text) => Some(FieldValue::for_field(kind, &key, text)?),
        None => None,
    };
    Ok(Edit::Set {
        item: parsed.item,
        key,
        value,
    })
}

/// The edit that adds an item at the end of the top-level `collection`,
/// with `fields` written `KEY=VALUE`.
pub fn add_edit(collection: &str, fields: &[String]) -> Result<Edit, EditError> {
    let Ok(collection) = collection.parse::<Collection>() else {
        let collections: Vec<&str> = Collection::ALL.iter().map(|c| c.key()).collect();
        return Err(EditError::NoSuchItem(format!(
            "collection `{collection}` (collections: {})",
            collections.join(", ")
        )));
    };
    let kind = collection.item();
    let mut parsed = Vec::with_capacity(fields.len());
    for field in fields {
        let (key, text) = field.split_once('=').ok_or_else(|| EditError::BadValue {
            key: field.clone(),
            reason: "write fields as KEY=VALUE".to_owned(),
        })?;
        let key = key.trim();
        parsed.push((key.to_owned(), FieldValue::for_field(kind, key, text)?));
    }
    Ok(Edit::Add {
        parent: ItemPath::plan(),
        collection: collection.key().to_owned(),
        fields: parsed,
    })
}

/// The item `address` names, which must be an item and not a field.
fn item_at(plan: &Plan, address: &str, hint: &str) -> Result<ItemPath, EditError> {
    let parsed = parse_address(plan, address)?;
    if parsed.key.is_some() || parsed.item.steps.is_empty() {
        return Err(EditError::NoSuchItem(format!(
            "item `{address}`: name an item, e.g. goals.ID or goals.ID.indicators.1{hint}"
        )));
    }
    Ok(parsed.item)
}

/// The edit that removes the item `address` names.
pub fn remove_edit(plan: &Plan, address: &str) -> Result<Edit, EditError> {
    let item = item_at(plan, address, "; to remove a field use `set --unset`")?;
    Ok(Edit::Remove { item })
}

/// The edit that moves the item `address` names to `position` in its
/// collection, counting from 1. A position outside the collection is
/// refused with the range that is valid.
pub fn move_edit(
    document: &PlanDocument,
    address: &str,
    position: usize,
) -> Result<Edit, EditError> {
    let item = item_at(document.plan(), address, "")?;
    let doc = document.document();
    table_ref(doc, &item).ok_or_else(|| EditError::NoSuchItem(describe(doc, &item)))?;
    let (parent, collection, _) = item
        .parent()
        .ok_or_else(|| EditError::Required("the `[plan]` table cannot be moved".into()))?;
    let len = table_ref(doc, &parent).map_or(0, |table| collection_len(table.get(collection)));
    if position == 0 || position > len {
        let whose = if parent.steps.is_empty() {
            format!("the {collection}")
        } else {
            format!("the {collection} of {}", describe(doc, &parent))
        };
        return Err(EditError::BadValue {
            key: "position".to_owned(),
            reason: format!("{position} is out of range: {whose} are numbered 1 to {len}"),
        });
    }
    Ok(Edit::Move {
        item,
        to: position - 1,
    })
}

/// The edit that records a measurement of the indicator `address` names:
/// its date (YYYY-MM-DD) and value, as typed.
pub fn measure_edit(
    plan: &Plan,
    address: &str,
    date: &str,
    value: &str,
) -> Result<Edit, EditError> {
    let parsed = parse_address(plan, address)?;
    if parsed.key.is_some() || parsed.item.kind() != Some(TableKind::Indicator) {
        return Err(EditError::NoSuchItem(format!(
            "indicator `{address}`: write goals.ID.indicators.N"
        )));
    }
    let kind = TableKind::Measurement;
    Ok(Edit::Add {
        parent: parsed.item,
        collection: Nested::Measurements.key().to_owned(),
        fields: vec![
            (
                "date".to_owned(),
                FieldValue::for_field(kind, "date", date)?,
            ),
            (
                "value".to_owned(),
                FieldValue::for_field(kind, "value", value)?,
            ),
        ],
    })
}
