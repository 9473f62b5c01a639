//! Changes: the small operations on the `toml_edit` document that an edit
//! compiles to. Applying one gives back the change that undoes it, so undo
//! costs memory in proportion to the edit, never a copy of the document.
//! Each keeps the decor of what it replaces.

use std::collections::HashMap;

use toml_edit::{Array, ArrayOfTables, DocumentMut, Item, Key, Value};

use crate::document::{PlanDocument, Touched};

use super::tables::{TableMut, fields_table_at, key_indent, new_key, table_at};
use super::vocabulary::ItemPath;

/// One operation on the document; applying it gives the one that undoes it.
#[derive(Debug, Clone)]
pub(super) enum Change {
    /// Put `entry` at `key` of the table at `table` (at `position` among its
    /// keys), or remove the key when `entry` is `None`.
    Key {
        table: ItemPath,
        key: String,
        entry: Option<(Key, Item)>,
        position: usize,
    },
    /// Insert an item into a collection, making the collection when it is
    /// not there (an array of tables, or an inline array for an inline item).
    Insert {
        parent: ItemPath,
        collection: &'static str,
        index: usize,
        item: Item,
    },
    /// Remove an item from a collection, and the collection with it when it
    /// becomes empty and `drop_empty` says so.
    Remove {
        parent: ItemPath,
        collection: &'static str,
        index: usize,
        drop_empty: bool,
    },
    /// Set what is written before the header of the `[[…]]` table at
    /// `table` (its comment lines and blank lines); `None` is toml_edit's
    /// default.
    Prefix {
        table: ItemPath,
        prefix: Option<String>,
    },
}

/// Put the keys of `table` in `order` (keys not named keep their place after).
pub(super) fn reorder(table: &mut TableMut<'_>, order: &[String]) {
    let rank: HashMap<&str, usize> = order
        .iter()
        .enumerate()
        .map(|(i, k)| (k.as_str(), i))
        .collect();
    let of = |key: &Key| rank.get(key.get()).copied().unwrap_or(usize::MAX);
    match table {
        TableMut::Standard(t) => t.sort_values_by(|a, _, b, _| of(a).cmp(&of(b))),
        TableMut::Inline(t) => t.sort_values_by(|a, _, b, _| of(a).cmp(&of(b))),
    }
}

impl Change {
    /// Apply to the document; returns the change that undoes this one, or
    /// `None` when the place it names is not there (nothing changed).
    fn apply(self, document: &mut DocumentMut) -> Option<Change> {
        match self {
            Change::Key {
                table: path,
                key,
                entry,
                position,
            } => {
                let mut table = fields_table_at(document, &path)?;
                // A value replaced in place keeps its key and its place.
                if let Some((_, Item::Value(new))) = &entry {
                    let slot = match &mut table {
                        TableMut::Standard(t) => t.get_mut(&key),
                        TableMut::Inline(t) => toml_edit::TableLike::get_mut(*t, &key),
                    };
                    if let Some(Item::Value(old)) = slot {
                        let old_value = std::mem::replace(old, new.clone());
                        let old_key = match &table {
                            TableMut::Standard(t) => t.key(&key).cloned(),
                            TableMut::Inline(t) => t.key(&key).cloned(),
                        }?;
                        return Some(Change::Key {
                            table: path,
                            key,
                            entry: Some((old_key, Item::Value(old_value))),
                            position,
                        });
                    }
                }
                let keys: Vec<String> = match &table {
                    TableMut::Standard(t) => t.iter().map(|(k, _)| k.to_owned()).collect(),
                    TableMut::Inline(t) => t.iter().map(|(k, _)| k.to_owned()).collect(),
                };
                let old_position = keys.iter().position(|k| *k == key);
                let old = match &mut table {
                    TableMut::Standard(t) => t.remove_entry(&key),
                    TableMut::Inline(t) => t.remove_entry(&key).map(|(k, v)| (k, Item::Value(v))),
                };
                if let Some((new_key, item)) = entry {
                    match &mut table {
                        TableMut::Standard(t) => {
                            t.insert_formatted(&new_key, item);
                        }
                        TableMut::Inline(t) => {
                            let value = item.into_value().ok()?;
                            t.insert_formatted(&new_key, value);
                        }
                    }
                    let mut order: Vec<String> = keys.into_iter().filter(|k| *k != key).collect();
                    order.insert(position.min(order.len()), key.clone());
                    reorder(&mut table, &order);
                }
                Some(Change::Key {
                    table: path,
                    key,
                    entry: old,
                    position: old_position.unwrap_or(position),
                })
            }
            Change::Insert {
                parent,
                collection,
                index,
                item,
            } => {
                let mut table = table_at(document, &parent)?;
                let existing = match &mut table {
                    TableMut::Standard(t) => t.get_mut(collection),
                    TableMut::Inline(t) => toml_edit::TableLike::get_mut(*t, collection),
                };
                let created = existing.is_none();
                match (existing, item) {
                    (Some(Item::ArrayOfTables(tables)), Item::Table(new)) => {
                        tables.insert(index.min(tables.len()), new)
                    }
                    (Some(Item::Value(Value::Array(array))), Item::Value(new)) => {
                        array.insert_formatted(index.min(array.len()), new)
                    }
                    (None, Item::Table(new)) => {
                        let mut tables = ArrayOfTables::new();
                        tables.push(new);
                        match &mut table {
                            TableMut::Standard(t) => {
                                t.insert(collection, Item::ArrayOfTables(tables));
                            }
                            TableMut::Inline(_) => return None,
                        }
                    }
                    (None, Item::Value(new)) => {
                        let mut array = Array::new();
                        array.push_formatted(new);
                        array.fmt();
                        let mut array = Value::Array(array);
                        array.decor_mut().set_prefix(" ");
                        match &mut table {
                            TableMut::Standard(t) => {
                                let indent = key_indent(Some(&**t as &dyn toml_edit::TableLike));
                                let key = new_key(collection, indent.as_deref());
                                t.insert_formatted(&key, Item::Value(array));
                            }
                            TableMut::Inline(t) => {
                                t.insert(collection, array);
                            }
                        }
                    }
                    _ => return None,
                }
                Some(Change::Remove {
                    parent,
                    collection,
                    index,
                    drop_empty: created,
                })
            }
            Change::Remove {
                parent,
                collection,
                index,
                drop_empty,
            } => {
                let mut table = table_at(document, &parent)?;
                let existing = match &mut table {
                    TableMut::Standard(t) => t.get_mut(collection)?,
                    TableMut::Inline(t) => toml_edit::TableLike::get_mut(*t, collection)?,
                };
                let (item, empty) = match existing {
                    Item::ArrayOfTables(tables) if index < tables.len() => {
                        let removed = tables.remove(index);
                        (Item::Table(removed), tables.is_empty())
                    }
                    Item::Value(Value::Array(array)) if index < array.len() => {
                        let removed = array.remove(index);
                        if index == 0
                            && let Some(first) = array.get_mut(0)
                        {
                            // The new first element takes the old first's
                            // spacing: `[{ a }, { b }]` → `[{ b }]`.
                            first.decor_mut().clone_from(removed.decor());
                        }
                        (Item::Value(removed), array.is_empty())
                    }
                    _ => return None,
                };
                if drop_empty && empty {
                    match &mut table {
                        TableMut::Standard(t) => {
                            t.remove(collection);
                        }
                        TableMut::Inline(t) => {
                            t.remove(collection);
                        }
                    }
                }
                Some(Change::Insert {
                    parent,
                    collection,
                    index,
                    item,
                })
            }
            Change::Prefix {
                table: path,
                prefix,
            } => {
                let TableMut::Standard(table) = table_at(document, &path)? else {
                    return None;
                };
                let decor = table.decor_mut();
                let old = decor.prefix().and_then(|p| p.as_str()).map(str::to_owned);
                match prefix {
                    Some(prefix) => decor.set_prefix(prefix),
                    None => {
                        let suffix = decor.suffix().cloned();
                        decor.clear();
                        if let Some(suffix) = suffix {
                            decor.set_suffix(suffix);
                        }
                    }
                }
                Some(Change::Prefix {
                    table: path,
                    prefix: old,
                })
            }
        }
    }

    /// What part of the plan the change touches; `None` for a collection
    /// the format does not have, which no checked edit reaches.
    fn touched(&self) -> Option<Touched> {
        match self {
            Change::Key { table, .. } | Change::Prefix { table, .. } => table.touched(),
            Change::Insert {
                parent, collection, ..
            }
            | Change::Remove {
                parent, collection, ..
            } => {
                if parent.steps.is_empty() {
                    collection.parse().ok().map(Touched::Collection)
                } else {
                    parent.touched()
                }
            }
        }
    }
}

/// Apply `changes` in order; returns the changes that undo them, in the
/// order to apply them.
pub(super) fn apply_changes(document: &mut PlanDocument, changes: Vec<Change>) -> Vec<Change> {
    let mut touched: Vec<Touched> = Vec::new();
    let mut undo = Vec::with_capacity(changes.len());
    {
        let doc = document.document_for_edit();
        for change in changes {
            let part = change.touched();
            if let Some(inverse) = change.apply(doc) {
                undo.push(inverse);
                if let Some(part) = part
                    && !touched.contains(&part)
                {
                    touched.push(part);
                }
            }
        }
    }
    // Whole collections first: an item's position is only meaningful after.
    touched.sort_by_key(|t| !matches!(t, Touched::Collection(_)));
    document.follow(&touched);
    undo.reverse();
    undo
}
