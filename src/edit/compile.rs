//! Compiling an [`Edit`] into [`Change`]s, after checking it against the
//! field tables and the plan: a refused edit changes nothing. New items take
//! the style of their neighbours; a moved table takes its place in the file.

use toml_edit::{Array, InlineTable, Item, Table, Value};

use crate::document::{LineEnding, PlanDocument};
use crate::fields::{Collection, FieldKind, TableKind};

use super::banner::keep_on_top;
use super::budget::{check_changed_vote, check_new_vote};
use super::changes::Change;
use super::describe::{describe_in as describe, no_such_item};
use super::rename::rename;
use super::tables::{
    collection_len, fields_table_ref, in_style_of, indentation, key_indent, new_key, table_ref,
    value_keys_end,
};
use super::values::{check_value, taken_ids};
use super::vocabulary::{Edit, EditError, FieldValue, no_such_field};

/// Compile an edit into changes, after checking it.
pub(super) fn compile(document: &PlanDocument, edit: &Edit) -> Result<Vec<Change>, EditError> {
    let plan = document.plan();
    let doc = document.document();
    match edit {
        Edit::Set { item, key, value } => {
            let kind = item
                .kind()
                .ok_or_else(|| EditError::NoSuchItem("such item".into()))?;
            let table = fields_table_ref(doc, item).ok_or_else(|| no_such_item(doc, item))?;
            let field = kind.field(key).ok_or_else(|| no_such_field(kind, key))?;
            if field.kind == FieldKind::Id {
                return match value {
                    Some(FieldValue::Text(to)) => compile(
                        document,
                        &Edit::Rename {
                            item: item.clone(),
                            to: to.clone(),
                        },
                    ),
                    _ => Err(EditError::Required(format!(
                        "the id of {} cannot be removed",
                        describe(doc, item)
                    ))),
                };
            }
            let position = table
                .iter()
                .position(|(k, _)| k == key)
                .unwrap_or_else(|| value_keys_end(table));
            let entry = match value {
                None if field.required => {
                    return Err(EditError::Required(format!(
                        "`{key}` is required in {}",
                        describe(doc, item)
                    )));
                }
                None => None,
                Some(value) => {
                    check_value(plan, kind, key, value)?;
                    if kind == TableKind::Vote {
                        check_changed_vote(plan, item, key, value)?;
                    }
                    let mut new = value.to_toml(document.line_ending());
                    let (key_formatted, old_decor) = match table.get_key_value(key) {
                        Some((old_key, Item::Value(old))) => {
                            new = in_style_of(old, new);
                            (old_key.clone(), Some(old.decor().clone()))
                        }
                        Some((old_key, _)) => (old_key.clone(), None),
                        None => (new_key(key, key_indent(Some(table)).as_deref()), None),
                    };
                    match old_decor {
                        Some(decor) => *new.decor_mut() = decor,
                        None => {
                            new.decor_mut().set_prefix(" ");
                        }
                    }
                    Some((key_formatted, Item::Value(new)))
                }
            };
            Ok(vec![Change::Key {
                table: item.clone(),
                key: key.clone(),
                entry,
                position,
            }])
        }
        Edit::Add {
            parent,
            collection,
            fields,
        } => {
            let parent_kind = parent
                .kind()
                .ok_or_else(|| EditError::NoSuchItem("such item".into()))?;
            // The collection's key as the format spells it, the kind of its
            // items, and, at the top, the collection (for the ids taken).
            let found = if parent.steps.is_empty() {
                collection
                    .parse::<Collection>()
                    .ok()
                    .map(|c| (c.key(), c.item(), Some(c)))
            } else {
                parent_kind
                    .nested_named(collection)
                    .map(|n| (n.key(), n.item(), None))
            };
            let (collection, kind, top) = found.ok_or_else(|| {
                let known: Vec<&str> = if parent.steps.is_empty() {
                    Collection::ALL.iter().map(|c| c.key()).collect()
                } else {
                    parent_kind.nested().iter().map(|n| n.key()).collect()
                };
                EditError::NoSuchItem(format!(
                    "collection `{collection}` (collections: {})",
                    known.join(", ")
                ))
            })?;
            let parent_table = table_ref(doc, parent).ok_or_else(|| no_such_item(doc, parent))?;
            for (key, value) in fields {
                check_value(plan, kind, key, value)?;
            }
            for field in kind.fields().iter().filter(|f| f.required) {
                if !fields.iter().any(|(k, _)| k == field.key) {
                    return Err(EditError::Required(format!(
                        "a new {} needs `{}` (required: {})",
                        kind.noun(),
                        field.key,
                        kind.fields()
                            .iter()
                            .filter(|f| f.required)
                            .map(|f| f.key)
                            .collect::<Vec<_>>()
                            .join(", ")
                    )));
                }
            }
            if kind == TableKind::Vote {
                check_new_vote(plan, parent, fields)?;
            }
            if let Some(top) = top
                && kind.has_id()
                && let Some((_, FieldValue::Text(id))) = fields.iter().find(|(k, _)| k == "id")
                && taken_ids(plan, top).contains(&id.as_str())
            {
                return Err(EditError::BadValue {
                    key: "id".into(),
                    reason: format!("the id `{id}` is taken"),
                });
            }
            let existing = parent_table.get(collection);
            let (mut index, mut item) = new_item(kind, existing, fields, document.line_ending());
            if existing.is_none()
                && let Item::Table(table) = &mut item
                && let Some(sibling) = last_sub_table(parent_table)
            {
                // The first of its collection: styled like the item's other
                // `[[…]]` tables (their indentation and spacing).
                *table = styled_table(Some(sibling), fields, document.line_ending());
                index = 0;
            }
            Ok(vec![Change::Insert {
                parent: parent.clone(),
                collection,
                index,
                item,
            }])
        }
        Edit::Remove { item } => {
            let (parent, collection, index) = item.parent().ok_or_else(|| {
                EditError::Required("the `[plan]` table cannot be removed".into())
            })?;
            table_ref(doc, item).ok_or_else(|| no_such_item(doc, item))?;
            Ok(vec![Change::Remove {
                parent,
                collection,
                index,
                drop_empty: false,
            }])
        }
        Edit::Move { item, to } => {
            let (parent, collection, from) = item
                .parent()
                .ok_or_else(|| EditError::Required("the `[plan]` table cannot be moved".into()))?;
            table_ref(doc, item).ok_or_else(|| no_such_item(doc, item))?;
            let parent_table = table_ref(doc, &parent).ok_or_else(|| no_such_item(doc, &parent))?;
            let len = collection_len(parent_table.get(collection));
            if *to >= len {
                return Err(EditError::BadValue {
                    key: "position".into(),
                    reason: format!("{} is out of range: the positions are 1 to {len}", to + 1),
                });
            }
            if *to == from {
                return Ok(Vec::new());
            }
            let mut moved = moved_item(parent_table.get(collection), from, *to)
                .ok_or_else(|| no_such_item(doc, item))?;
            let banner = match (parent_table.get(collection), &mut moved) {
                (Some(Item::ArrayOfTables(tables)), Item::Table(table)) => {
                    keep_on_top(tables, (&parent, collection), from, *to, table)
                }
                _ => None,
            };
            let mut changes = vec![
                Change::Remove {
                    parent: parent.clone(),
                    collection,
                    index: from,
                    drop_empty: false,
                },
                Change::Insert {
                    parent,
                    collection,
                    index: *to,
                    item: moved,
                },
            ];
            changes.extend(banner);
            Ok(changes)
        }
        Edit::Rename { item, to } => rename(document, item, to),
    }
}

/// A new item for a collection, in the style of the collection's last item.
/// Returns its position (the end) and the item.
pub(super) fn new_item(
    kind: TableKind,
    existing: Option<&Item>,
    fields: &[(String, FieldValue)],
    ending: LineEnding,
) -> (usize, Item) {
    // Measurements and votes are written inline, as the format shows them.
    let inline = matches!(kind, TableKind::Measurement | TableKind::Vote);
    let empty = Item::Value(Value::Array(Array::new()));
    let existing = match existing {
        None if inline => Some(&empty),
        other => other,
    };
    match existing {
        Some(Item::Value(Value::Array(array))) => {
            let mut table = InlineTable::new();
            for (key, value) in fields {
                let mut value = value.to_toml(ending);
                value.decor_mut().set_prefix(" ");
                table.insert(key, value);
            }
            table.fmt();
            let mut value = Value::InlineTable(table);
            if let Some(last) = array.iter().last() {
                *value.decor_mut() = last.decor().clone();
            }
            (array.len(), Item::Value(value))
        }
        Some(Item::ArrayOfTables(tables)) => {
            let neighbour = tables.iter().last();
            (
                tables.len(),
                Item::Table(styled_table(neighbour, fields, ending)),
            )
        }
        _ => (0, Item::Table(styled_table(None, fields, ending))),
    }
}

/// The last `[[…]]` table written under `table` (of any of its nested
/// collections), to style a new collection's first table like it.
fn last_sub_table(table: &dyn toml_edit::TableLike) -> Option<&Table> {
    table
        .iter()
        .filter_map(|(_, item)| match item {
            Item::ArrayOfTables(tables) => tables.iter().last(),
            _ => None,
        })
        .max_by_key(|t| t.position())
}

/// A new `[[…]]` table with `fields`, indented and spaced like `neighbour`.
pub(super) fn styled_table(
    neighbour: Option<&Table>,
    fields: &[(String, FieldValue)],
    ending: LineEnding,
) -> Table {
    let mut table = Table::new();
    let indent = key_indent(neighbour.map(|t| t as &dyn toml_edit::TableLike));
    for (key, value) in fields {
        let mut value = value.to_toml(ending);
        value.decor_mut().set_prefix(" ");
        table.insert_formatted(&new_key(key, indent.as_deref()), Item::Value(value));
    }
    let header_indent = indentation(
        neighbour
            .and_then(|n| n.decor().prefix())
            .and_then(|p| p.as_str()),
    );
    let blank_line = neighbour.is_none_or(|n| {
        n.decor()
            .prefix()
            .and_then(|p| p.as_str())
            .is_some_and(|p| {
                let p = p.replace('\r', "");
                p.starts_with('\n') || p.contains("\n\n")
            })
    });
    let prefix = format!("{}{header_indent}", if blank_line { "\n" } else { "" });
    table.decor_mut().set_prefix(prefix);
    table
}

/// The item at `from` of a collection, made ready to stand at `to`: a table's
/// place in the file follows its neighbours there.
pub(super) fn moved_item(collection: Option<&Item>, from: usize, to: usize) -> Option<Item> {
    match collection? {
        Item::ArrayOfTables(tables) => {
            let mut table = tables.get(from)?.clone();
            // The table written just before the new place: the last table of
            // the item before it (or the first item itself when moving to the
            // front).
            let before = if to == 0 {
                tables.get(0)?.position()
            } else {
                let neighbour = if to < from { to - 1 } else { to };
                last_position(tables.get(neighbour)?)
            };
            set_positions(&mut table, before);
            Some(Item::Table(table))
        }
        Item::Value(Value::Array(array)) => Some(Item::Value(array.get(from)?.clone())),
        _ => None,
    }
}

pub(super) fn last_position(table: &Table) -> Option<isize> {
    let mut last = table.position();
    for (_, item) in table.iter() {
        match item {
            Item::Table(sub) => last = last.max(last_position(sub)),
            Item::ArrayOfTables(subs) => {
                for sub in subs.iter() {
                    last = last.max(last_position(sub));
                }
            }
            _ => {}
        }
    }
    last
}

pub(super) fn set_positions(table: &mut Table, position: Option<isize>) {
    table.set_position(position);
    for (_, item) in table.iter_mut() {
        match item {
            Item::Table(sub) => set_positions(sub, position),
            Item::ArrayOfTables(subs) => {
                for sub in subs.iter_mut() {
                    set_positions(sub, position);
                }
            }
            _ => {}
        }
    }
}
