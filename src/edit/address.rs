//! Addresses: a place named the way people write it on the command line
//! (`goals.short-food-chains.indicators.1.target`), read against the plan
//! into an [`ItemPath`] and a key; and the edits made of an address and
//! values as typed: set, add, remove, move, measure.

use toml_edit::{DocumentMut, Item};

use crate::diagnostic::did_you_mean;
use crate::document::PlanDocument;
use crate::fields::{Collection, FieldKind, Nested, TableKind};
use crate::model::Plan;
use crate::text::printable;

use super::describe::{describe_in as describe, no_such_item};
use super::tables::{collection_len, fields_table_ref, table_ref};
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
                    if kind.field(collection).is_some() {
                        // `goals.x.target_year.1`, `plan.title.x`: a field
                        // with more after it.
                        return Err(unknown(format!(
                            "collection `{collection}` in a {}: `{collection}` is a field, \
                             and an address ends at its field",
                            kind.noun()
                        )));
                    }
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

/// The edit that adds to the place `address` names, with `fields` as typed:
///
/// - a top-level collection (`goals`) or a nested one by its address
///   (`goals.ID.indicators`, `workshops.ID.votes`, and whatever the field
///   tables nest): a new item at its end, its fields written `KEY=VALUE`;
/// - a list field (`workshops.ID.participants`, `partnerships.ID.goals`):
///   each of `fields` is one more entry at the end of the list, which must
///   not hold it already.
pub fn add_edit(
    document: &PlanDocument,
    address: &str,
    fields: &[String],
) -> Result<Edit, EditError> {
    let plan = document.plan();
    if !address.contains('.') {
        let Ok(collection) = address.parse::<Collection>() else {
            let collections: Vec<&str> = Collection::ALL.iter().map(|c| c.key()).collect();
            return Err(EditError::NoSuchItem(format!(
                "collection `{address}` (collections: {}; nested ones by address, \
                 e.g. goals.ID.indicators)",
                collections.join(", ")
            )));
        };
        return Ok(Edit::Add {
            parent: ItemPath::plan(),
            collection: collection.key().to_owned(),
            fields: typed_fields(collection.item(), fields)?,
        });
    }
    let parsed = parse_address(plan, address)?;
    let kind = parsed
        .item
        .kind()
        .ok_or_else(|| EditError::NoSuchItem(format!("item `{address}`")))?;
    let Some(key) = parsed.key else {
        return Err(EditError::NoSuchItem(format!(
            "collection in `{address}`: name one, e.g. `{address}.{}`",
            kind.nested().first().map_or("comments", |n| n.key())
        )));
    };
    if let Some(nested) = kind.nested_named(&key) {
        return Ok(Edit::Add {
            parent: parsed.item,
            collection: nested.key().to_owned(),
            fields: typed_fields(nested.item(), fields)?,
        });
    }
    let field = kind.field(&key).ok_or_else(|| {
        let mut places: Vec<&str> = kind.nested().iter().map(|n| n.key()).collect();
        places.extend(
            kind.fields()
                .iter()
                .filter(|f| matches!(f.kind, FieldKind::Texts | FieldKind::References(_)))
                .map(|f| f.key),
        );
        EditError::NoSuchItem(format!(
            "collection or list `{key}` in {} (it has: {})",
            describe(document.document(), &parsed.item),
            places.join(", ")
        ))
    })?;
    if !matches!(field.kind, FieldKind::Texts | FieldKind::References(_)) {
        return Err(EditError::BadValue {
            key,
            reason: format!("it is not a list; set it with `set {address} VALUE`"),
        });
    }
    let mut list: Vec<String> = fields_table_ref(document.document(), &parsed.item)
        .and_then(|table| table.get(&key))
        .and_then(|item| item.as_array())
        .map(|array| {
            array
                .iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default();
    for entry in fields {
        let entry = entry.trim();
        if entry.is_empty() {
            return Err(EditError::BadValue {
                key,
                reason: "an entry cannot be empty".to_owned(),
            });
        }
        if list.iter().any(|e| e == entry) {
            return Err(EditError::BadValue {
                key,
                reason: format!("`{entry}` is already in the list"),
            });
        }
        list.push(entry.to_owned());
    }
    Ok(Edit::Set {
        item: parsed.item,
        key,
        value: Some(FieldValue::Texts(list)),
    })
}

/// Fields typed `KEY=VALUE`, each parsed by its kind in a `kind` item.
fn typed_fields(
    kind: TableKind,
    fields: &[String],
) -> Result<Vec<(String, FieldValue)>, EditError> {
    let mut parsed = Vec::with_capacity(fields.len());
    for field in fields {
        let (key, text) = field.split_once('=').ok_or_else(|| EditError::BadValue {
            key: field.clone(),
            reason: format!(
                "write fields as KEY=VALUE (a {} has: {})",
                kind.noun(),
                kind.keys().collect::<Vec<_>>().join(", ")
            ),
        })?;
        let key = key.trim();
        parsed.push((key.to_owned(), FieldValue::for_field(kind, key, text)?));
    }
    Ok(parsed)
}

/// The address `commonplan set` writes for the item at `item`: top-level
/// items by id, nested ones by 1-based position (`workshops.ws-1.votes.2`).
pub(super) fn address_in(doc: &DocumentMut, item: &ItemPath) -> String {
    if item.steps.is_empty() {
        return "plan".to_owned();
    }
    let mut parts = Vec::with_capacity(item.steps.len() * 2);
    for (depth, &(collection, index)) in item.steps.iter().enumerate() {
        parts.push(collection.to_owned());
        let id = (depth == 0)
            .then(|| table_ref(doc, &ItemPath::top(collection, index)))
            .flatten()
            .and_then(|t| t.get("id"))
            .and_then(Item::as_str);
        parts.push(match id {
            Some(id) => printable(id).into_owned(),
            None => (index + 1).to_string(),
        });
    }
    parts.join(".")
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
    table_ref(doc, &item).ok_or_else(|| no_such_item(doc, &item))?;
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
/// its date (YYYY-MM-DD) and value, as typed. A date that already has a
/// value is refused unless `replace` says to replace that value (in place,
/// one change).
pub fn measure_edit(
    plan: &Plan,
    address: &str,
    date: &str,
    value: &str,
    replace: bool,
) -> Result<Edit, EditError> {
    let parsed = parse_address(plan, address)?;
    let steps = &parsed.item.steps;
    if parsed.key.is_some() || parsed.item.kind() != Some(TableKind::Indicator) {
        return Err(EditError::NoSuchItem(format!(
            "indicator `{address}`: write goals.ID.indicators.N"
        )));
    }
    let kind = TableKind::Measurement;
    let date = FieldValue::for_field(kind, "date", date)?;
    let value = FieldValue::for_field(kind, "value", value)?;
    let indicator = plan
        .goals
        .get(steps[0].1)
        .and_then(|goal| goal.indicators.get(steps[1].1))
        .ok_or_else(|| EditError::NoSuchItem(format!("indicator `{address}`")))?;
    let same_date = indicator
        .measurements
        .iter()
        .position(|m| FieldValue::Date(m.date) == date);
    match same_date {
        Some(index) if replace => Ok(Edit::Set {
            item: parsed.item.child(Nested::Measurements, index),
            key: "value".to_owned(),
            value: Some(value),
        }),
        Some(index) => {
            let old = &indicator.measurements[index];
            Err(EditError::BadValue {
                key: "date".to_owned(),
                reason: format!(
                    "{address} already has the value {} on {}; \
                     use --replace to replace it",
                    old.value, old.date
                ),
            })
        }
        None => Ok(Edit::Add {
            parent: parsed.item,
            collection: Nested::Measurements.key().to_owned(),
            fields: vec![("date".to_owned(), date), ("value".to_owned(), value)],
        }),
    }
}
