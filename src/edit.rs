//! Edits as data, applied to a [`PlanDocument`] in place, and their history.
//!
//! An [`Edit`] says what a person or a script wants: set a field, add, remove
//! or move an item, rename an id. Before it touches the document it is checked
//! against the field tables (`fields`) and the plan: a value of the wrong
//! kind, a word not in the list or an id that does not exist is refused and
//! changes nothing. It is then compiled into [`Change`]s — small operations
//! on the `toml_edit` document, each of which gives back the change that
//! undoes it. So undo costs memory in proportion to the edit (the old value or
//! item), never a copy of the document, and a compound edit (a rename that
//! touches many places) is one step of [`History`].
//!
//! Changes keep the decor of what they replace: the comment lines before a
//! key, the comment after a value, the spacing. New keys and items take the
//! indentation and spacing of their neighbours. This module knows nothing of
//! files, terminals or the command line.

use std::collections::HashMap;

use thiserror::Error;
use toml_edit::{Array, ArrayOfTables, DocumentMut, InlineTable, Item, Key, Table, Value};

use crate::diagnostic::did_you_mean;
use crate::document::{PlanDocument, Touched};
use crate::fields::{FieldKind, TOP_COLLECTIONS, TableKind, Target, top_collection};
use crate::model::{Date, Plan, is_valid_id};

/// A value for a field, of one of the kinds the format knows.
#[derive(Debug, Clone, PartialEq)]
pub enum FieldValue {
    /// Text, an id or a word.
    Text(String),
    /// A whole number.
    Integer(i64),
    /// Any number.
    Number(f64),
    /// `true` or `false`.
    Bool(bool),
    /// A calendar date.
    Date(Date),
    /// A list of texts or ids.
    Texts(Vec<String>),
}

impl FieldValue {
    fn to_toml(&self) -> Value {
        match self {
            FieldValue::Text(text) => Value::from(text.as_str()),
            FieldValue::Integer(number) => Value::from(*number),
            FieldValue::Number(number) => {
                if number.fract() == 0.0 && number.abs() < 1e15 {
                    Value::from(*number as i64)
                } else {
                    Value::from(*number)
                }
            }
            FieldValue::Bool(flag) => Value::from(*flag),
            FieldValue::Date(date) => Value::from(toml_edit::Datetime {
                date: Some(toml_edit::Date {
                    year: date.year,
                    month: date.month,
                    day: date.day,
                }),
                time: None,
                offset: None,
            }),
            FieldValue::Texts(texts) => {
                Value::Array(texts.iter().map(String::as_str).collect::<Array>())
            }
        }
    }

    /// Parse `text` as a value for the field `key` of a `kind` item.
    pub fn for_field(kind: TableKind, key: &str, text: &str) -> Result<FieldValue, EditError> {
        let field = kind.field(key).ok_or_else(|| no_such_field(kind, key))?;
        FieldValue::parse(field.kind, text).map_err(|reason| EditError::BadValue {
            key: key.to_owned(),
            reason,
        })
    }

    /// Parse `text` as a value for a field of `kind`, as typed on a command
    /// line: numbers, dates (YYYY-MM-DD), `true`/`false`, words, and lists
    /// separated by commas.
    pub fn parse(kind: FieldKind, text: &str) -> Result<FieldValue, String> {
        match kind {
            FieldKind::Id | FieldKind::Text | FieldKind::Keyword(_) | FieldKind::Reference(_) => {
                Ok(FieldValue::Text(text.to_owned()))
            }
            FieldKind::Integer => text
                .trim()
                .parse()
                .map(FieldValue::Integer)
                .map_err(|_| format!("`{text}` is not a whole number")),
            FieldKind::Number => match text.trim().parse::<f64>() {
                Ok(number) if number.is_finite() => Ok(FieldValue::Number(number)),
                _ => Err(format!("`{text}` is not a number")),
            },
            FieldKind::Date => text.trim().parse().map(FieldValue::Date),
            FieldKind::Bool => match text.trim() {
                "true" | "yes" => Ok(FieldValue::Bool(true)),
                "false" | "no" => Ok(FieldValue::Bool(false)),
                _ => Err(format!("`{text}` is not `true` or `false`")),
            },
            FieldKind::Texts | FieldKind::References(_) => Ok(FieldValue::Texts(
                text.split(',')
                    .map(str::trim)
                    .filter(|t| !t.is_empty())
                    .map(str::to_owned)
                    .collect(),
            )),
        }
    }
}

/// Where an item is: from the top of the plan, each step a collection and a
/// position in it. No steps at all is the `[plan]` table.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct ItemPath {
    /// The steps: `[("goals", 3), ("indicators", 0)]`.
    pub steps: Vec<(&'static str, usize)>,
}

impl ItemPath {
    /// The `[plan]` table.
    pub fn plan() -> ItemPath {
        ItemPath::default()
    }

    /// The top-level item `index` of `collection`.
    pub fn top(collection: &'static str, index: usize) -> ItemPath {
        ItemPath {
            steps: vec![(collection, index)],
        }
    }

    /// The item `index` of the nested `collection` of this item.
    pub fn child(&self, collection: &'static str, index: usize) -> ItemPath {
        let mut path = self.clone();
        path.steps.push((collection, index));
        path
    }

    /// The item holding this one's collection, and the collection.
    fn parent(&self) -> Option<(ItemPath, &'static str, usize)> {
        let (&(collection, index), rest) = self.steps.split_last()?;
        Some((
            ItemPath {
                steps: rest.to_vec(),
            },
            collection,
            index,
        ))
    }

    /// What kind of table the path leads to.
    pub fn kind(&self) -> Option<TableKind> {
        let mut kind = TableKind::Plan;
        for (i, (collection, _)) in self.steps.iter().enumerate() {
            kind = if i == 0 {
                top_collection(collection)?
            } else {
                kind.collection(collection)?
            };
        }
        Some(kind)
    }

    fn touched(&self) -> Touched<'static> {
        match self.steps.first() {
            None => Touched::PlanInfo,
            Some((collection, index)) => Touched::Item(collection, *index),
        }
    }
}

/// What a person or a script wants changed.
#[derive(Debug, Clone, PartialEq)]
pub enum Edit {
    /// Set a field of an item, or remove it (`None`).
    Set {
        /// The item.
        item: ItemPath,
        /// The field's key.
        key: String,
        /// The new value, or `None` to remove the key.
        value: Option<FieldValue>,
    },
    /// Add an item at the end of a collection.
    Add {
        /// The item holding the collection (the plan for a top-level one).
        parent: ItemPath,
        /// The collection's key.
        collection: String,
        /// The new item's fields, in the order to write them.
        fields: Vec<(String, FieldValue)>,
    },
    /// Remove an item, with the comment lines before it.
    Remove {
        /// The item.
        item: ItemPath,
    },
    /// Move an item to another position in its collection.
    Move {
        /// The item.
        item: ItemPath,
        /// Its new position (0-based).
        to: usize,
    },
    /// Give a top-level item a new id, and update every reference to it.
    Rename {
        /// The item.
        item: ItemPath,
        /// The new id.
        to: String,
    },
}

/// Why an edit was refused. Nothing was changed.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum EditError {
    /// The item is not in the plan.
    #[error("there is no {0}")]
    NoSuchItem(String),
    /// The key is not one the item can hold.
    #[error("{kind} has no field `{key}`{help}")]
    NoSuchField {
        /// The kind of item.
        kind: &'static str,
        /// The key asked for.
        key: String,
        /// A suggestion and the keys that exist.
        help: String,
    },
    /// The value is not of the field's kind, or not allowed.
    #[error("`{key}`: {reason}")]
    BadValue {
        /// The key.
        key: String,
        /// What is wrong, and what would be valid.
        reason: String,
    },
    /// A required field was left out of a new item, or would be removed.
    #[error("{0}")]
    Required(String),
}

/// One operation on the document; applying it gives the one that undoes it.
#[derive(Debug, Clone)]
pub(crate) enum Change {
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
}

/// A table of the document being changed: `[x]` / `[[x]]` or `{ … }`.
enum TableMut<'a> {
    Standard(&'a mut Table),
    Inline(&'a mut InlineTable),
}

fn table_at<'a>(document: &'a mut DocumentMut, path: &ItemPath) -> Option<TableMut<'a>> {
    let mut table = TableMut::Standard(document.as_table_mut());
    for &(collection, index) in &path.steps {
        let item = match table {
            TableMut::Standard(t) => t.get_mut(collection)?,
            TableMut::Inline(t) => toml_edit::TableLike::get_mut(t, collection)?,
        };
        table = match item {
            Item::ArrayOfTables(tables) => TableMut::Standard(tables.get_mut(index)?),
            Item::Value(Value::Array(array)) => match array.get_mut(index)? {
                Value::InlineTable(t) => TableMut::Inline(t),
                _ => return None,
            },
            _ => return None,
        };
    }
    Some(table)
}

/// The table holding the fields of the item at `path`: for the plan itself,
/// the `[plan]` table (however it is written).
fn fields_table_at<'a>(document: &'a mut DocumentMut, path: &ItemPath) -> Option<TableMut<'a>> {
    if !path.steps.is_empty() {
        return table_at(document, path);
    }
    match document.as_table_mut().get_mut("plan")? {
        Item::Table(table) => Some(TableMut::Standard(table)),
        Item::Value(Value::InlineTable(table)) => Some(TableMut::Inline(table)),
        _ => None,
    }
}

/// [`fields_table_at`], to read.
fn fields_table_ref<'a>(
    document: &'a DocumentMut,
    path: &ItemPath,
) -> Option<&'a dyn toml_edit::TableLike> {
    if !path.steps.is_empty() {
        return table_ref(document, path);
    }
    document.as_table().get("plan")?.as_table_like()
}

/// The value of the field `key` of the item at `item`, as a person would type
/// it in a form (lists joined by `, `); `None` when the key is absent.
pub fn field_text(document: &PlanDocument, item: &ItemPath, key: &str) -> Option<String> {
    let value = fields_table_ref(document.document(), item)?
        .get(key)?
        .as_value()?;
    let plain = |value: &Value| match value {
        Value::String(text) => text.value().clone(),
        Value::Integer(number) => number.value().to_string(),
        Value::Float(number) => number.value().to_string(),
        Value::Boolean(flag) => flag.value().to_string(),
        Value::Datetime(datetime) => datetime.value().to_string(),
        other => other.to_string().trim().to_owned(),
    };
    Some(match value {
        Value::Array(array) => array.iter().map(plain).collect::<Vec<_>>().join(", "),
        other => plain(other),
    })
}

fn table_ref<'a>(
    document: &'a DocumentMut,
    path: &ItemPath,
) -> Option<&'a dyn toml_edit::TableLike> {
    let mut table: &dyn toml_edit::TableLike = document.as_table();
    for &(collection, index) in &path.steps {
        table = match table.get(collection)? {
            Item::ArrayOfTables(tables) => tables.get(index)?,
            Item::Value(Value::Array(array)) => array.get(index)?.as_inline_table()?,
            _ => return None,
        };
    }
    Some(table)
}

/// Put the keys of `table` in `order` (keys not named keep their place after).
fn reorder(table: &mut TableMut<'_>, order: &[String]) {
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
        }
    }

    /// What part of the plan the change touches.
    fn touched(&self) -> Touched<'static> {
        match self {
            Change::Key { table, .. } => table.touched(),
            Change::Insert {
                parent, collection, ..
            }
            | Change::Remove {
                parent, collection, ..
            } => {
                if parent.steps.is_empty() {
                    Touched::Collection(collection)
                } else {
                    parent.touched()
                }
            }
        }
    }
}

/// Apply `changes` in order; returns the changes that undo them, in the
/// order to apply them.
fn apply_changes(document: &mut PlanDocument, changes: Vec<Change>) -> Vec<Change> {
    let mut touched: Vec<Touched<'static>> = Vec::new();
    let mut undo = Vec::with_capacity(changes.len());
    {
        let doc = document.document_for_edit();
        for change in changes {
            let part = change.touched();
            if let Some(inverse) = change.apply(doc) {
                undo.push(inverse);
                if !touched.contains(&part) {
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

/// Undo and redo, without limit, one step per edit.
#[derive(Debug, Default)]
pub struct History {
    undo: Vec<Vec<Change>>,
    redo: Vec<Vec<Change>>,
}

impl History {
    /// A history with nothing in it.
    pub fn new() -> History {
        History::default()
    }

    /// Check `edit`, apply it to `document`, and remember how to undo it.
    pub fn apply(&mut self, document: &mut PlanDocument, edit: &Edit) -> Result<(), EditError> {
        let changes = compile(document, edit)?;
        let undo = apply_changes(document, changes);
        self.undo.push(undo);
        self.redo.clear();
        Ok(())
    }

    /// Apply `edits` in order as one step, so one undo takes them all back
    /// (a form that changed several fields). Each edit is checked against the
    /// document as the edits before it left it. When one is refused, those
    /// before it are taken back and nothing is changed; the error names the
    /// refused edit by its position. An empty list adds no step.
    pub fn apply_all(
        &mut self,
        document: &mut PlanDocument,
        edits: &[Edit],
    ) -> Result<(), (usize, EditError)> {
        let mut steps: Vec<Vec<Change>> = Vec::with_capacity(edits.len());
        for (position, edit) in edits.iter().enumerate() {
            match compile(document, edit) {
                Ok(changes) => steps.push(apply_changes(document, changes)),
                Err(error) => {
                    for step in steps.into_iter().rev() {
                        apply_changes(document, step);
                    }
                    return Err((position, error));
                }
            }
        }
        if steps.is_empty() {
            return Ok(());
        }
        // Undoing the whole group runs the last edit's undo first.
        let undo: Vec<Change> = steps.into_iter().rev().flatten().collect();
        self.undo.push(undo);
        self.redo.clear();
        Ok(())
    }

    /// Undo the last edit; false when there is none.
    pub fn undo(&mut self, document: &mut PlanDocument) -> bool {
        match self.undo.pop() {
            Some(step) => {
                let redo = apply_changes(document, step);
                self.redo.push(redo);
                true
            }
            None => false,
        }
    }

    /// Redo the last undone edit; false when there is none.
    pub fn redo(&mut self, document: &mut PlanDocument) -> bool {
        match self.redo.pop() {
            Some(step) => {
                let undo = apply_changes(document, step);
                self.undo.push(undo);
                true
            }
            None => false,
        }
    }

    /// How many edits can be undone.
    pub fn undo_len(&self) -> usize {
        self.undo.len()
    }

    /// How many undone edits can be redone.
    pub fn redo_len(&self) -> usize {
        self.redo.len()
    }
}

/// Describe an item for messages: "goal `food`", "indicator 2 of goal `food`".
fn describe(document: &DocumentMut, path: &ItemPath) -> String {
    if path.steps.is_empty() {
        return "the plan".to_owned();
    }
    let mut parts = Vec::new();
    for depth in 1..=path.steps.len() {
        let prefix = ItemPath {
            steps: path.steps[..depth].to_vec(),
        };
        let (collection, index) = path.steps[depth - 1];
        let noun = prefix.kind().map_or(collection, TableKind::noun);
        let id = table_ref(document, &prefix)
            .and_then(|t| t.get("id"))
            .and_then(Item::as_str);
        parts.push(match id {
            Some(id) => format!("{noun} `{id}`"),
            None => format!("{noun} {}", index + 1),
        });
    }
    parts.reverse();
    parts.join(" of ")
}

/// The ids a reference of `target` may name.
fn ids_of(plan: &Plan, target: Target) -> Vec<&str> {
    match target {
        Target::Theme => plan.themes.iter().map(|t| t.id.as_str()).collect(),
        Target::Actor => plan.actors.iter().map(|a| a.id.as_str()).collect(),
        Target::Goal => plan.goals.iter().map(|g| g.id.as_str()).collect(),
        Target::GoalOrPartnership => plan
            .goals
            .iter()
            .map(|g| g.id.as_str())
            .chain(plan.partnerships.iter().map(|p| p.id.as_str()))
            .collect(),
    }
}

/// The ids of the top-level collection `collection`.
fn collection_ids<'p>(plan: &'p Plan, collection: &str) -> Vec<&'p str> {
    match collection {
        "themes" => plan.themes.iter().map(|t| t.id.as_str()).collect(),
        "actors" => plan.actors.iter().map(|a| a.id.as_str()).collect(),
        // Goals and partnerships share one set of ids.
        "goals" | "partnerships" => ids_of(plan, Target::GoalOrPartnership),
        "workshops" => plan.workshops.iter().map(|w| w.id.as_str()).collect(),
        _ => Vec::new(),
    }
}

/// Check `value` for the field `key` of a `kind` item: its kind, its words,
/// and that the items it refers to exist. Every edit is checked by it; a form
/// uses it to check a value as it is typed.
pub fn check_value(
    plan: &Plan,
    kind: TableKind,
    key: &str,
    value: &FieldValue,
) -> Result<(), EditError> {
    let field = kind.field(key).ok_or_else(|| no_such_field(kind, key))?;
    let bad = |reason: String| EditError::BadValue {
        key: key.to_owned(),
        reason,
    };
    let check_reference = |target: Target, id: &str| -> Result<(), EditError> {
        let ids = ids_of(plan, target);
        if ids.contains(&id) {
            return Ok(());
        }
        let mut reason = format!("there is no {} with the id `{id}`", target.noun());
        if let Some(mean) = did_you_mean(id, ids.iter().copied()) {
            reason = format!("{reason}; {mean}");
        } else if !ids.is_empty() && ids.len() <= 12 {
            reason = format!("{reason}; the ids are {}", ids.join(", "));
        }
        Err(bad(reason))
    };
    match (field.kind, value) {
        (FieldKind::Id, FieldValue::Text(id)) if is_valid_id(id) => Ok(()),
        (FieldKind::Id, _) => Err(bad(
            "an id is 1 to 64 characters of a-z, 0-9 and `-`, starting with a letter or digit"
                .to_owned(),
        )),
        (FieldKind::Text, FieldValue::Text(text)) => {
            if field.required && text.trim().is_empty() {
                Err(bad("it cannot be empty".to_owned()))
            } else {
                Ok(())
            }
        }
        (FieldKind::Keyword(words), FieldValue::Text(word)) => {
            if words.contains(&word.as_str()) {
                Ok(())
            } else {
                let mean = did_you_mean(word, words.iter().copied())
                    .map(|m| format!("{m} "))
                    .unwrap_or_default();
                Err(bad(format!(
                    "`{word}` is not allowed; {mean}the values are {}",
                    words.join(", ")
                )))
            }
        }
        (FieldKind::Reference(target), FieldValue::Text(id)) => check_reference(target, id),
        (FieldKind::References(target), FieldValue::Texts(ids)) => {
            ids.iter().try_for_each(|id| check_reference(target, id))
        }
        (FieldKind::Integer, FieldValue::Integer(_))
        | (FieldKind::Number, FieldValue::Number(_) | FieldValue::Integer(_))
        | (FieldKind::Date, FieldValue::Date(_))
        | (FieldKind::Bool, FieldValue::Bool(_))
        | (FieldKind::Texts, FieldValue::Texts(_)) => {
            if key == "weight"
                && let FieldValue::Number(w) = value
                && *w <= 0.0
            {
                return Err(bad("a weight must be greater than 0".to_owned()));
            }
            Ok(())
        }
        (kind, _) => Err(bad(format!("expected {}", kind_name(kind)))),
    }
}

fn kind_name(kind: FieldKind) -> &'static str {
    match kind {
        FieldKind::Id => "an id",
        FieldKind::Text => "text",
        FieldKind::Integer => "a whole number",
        FieldKind::Number => "a number",
        FieldKind::Date => "a date (YYYY-MM-DD)",
        FieldKind::Bool => "`true` or `false`",
        FieldKind::Keyword(_) => "one of the allowed words",
        FieldKind::Reference(_) => "an id",
        FieldKind::References(_) => "a list of ids",
        FieldKind::Texts => "a list of texts",
    }
}

fn no_such_field(kind: TableKind, key: &str) -> EditError {
    let keys: Vec<&str> = kind.fields().iter().map(|f| f.key).collect();
    let mean = did_you_mean(key, keys.iter().copied())
        .map(|m| format!("; {m}"))
        .unwrap_or_default();
    EditError::NoSuchField {
        kind: kind.noun(),
        key: key.to_owned(),
        help: format!("{mean} (fields: {})", keys.join(", ")),
    }
}

/// The whitespace that starts `text`'s last line, if the rest is blank.
fn indentation(decor_prefix: Option<&str>) -> String {
    let prefix = decor_prefix.unwrap_or_default();
    let last = prefix.rsplit('\n').next().unwrap_or_default();
    last.chars()
        .take_while(|c| *c == ' ' || *c == '\t')
        .collect()
}

/// The style of the keys of a table like `neighbour`: the indentation before
/// each key. `None` when there is no neighbour to copy.
fn key_indent(neighbour: Option<&dyn toml_edit::TableLike>) -> Option<String> {
    let neighbour = neighbour?;
    let (first, _) = neighbour.iter().next()?;
    let key = neighbour.key(first)?;
    Some(indentation(
        key.leaf_decor().prefix().and_then(|p| p.as_str()),
    ))
}

/// A new key written like its neighbours.
fn new_key(key: &str, indent: Option<&str>) -> Key {
    let mut new = Key::new(key);
    if let Some(indent) = indent.filter(|i| !i.is_empty()) {
        new.leaf_decor_mut().set_prefix(indent.to_owned());
    }
    new
}

/// Compile an edit into changes, after checking it.
fn compile(document: &PlanDocument, edit: &Edit) -> Result<Vec<Change>, EditError> {
    let plan = document.plan();
    let doc = document.document();
    match edit {
        Edit::Set { item, key, value } => {
            let kind = item
                .kind()
                .ok_or_else(|| EditError::NoSuchItem("such item".into()))?;
            let table = fields_table_ref(doc, item)
                .ok_or_else(|| EditError::NoSuchItem(describe(doc, item)))?;
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
                    let mut new = value.to_toml();
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
            let (collection, kind) = if parent.steps.is_empty() {
                TOP_COLLECTIONS.iter().find(|(k, _)| k == collection)
            } else {
                parent_kind
                    .collections()
                    .iter()
                    .find(|(k, _)| k == collection)
            }
            .copied()
            .ok_or_else(|| {
                let known: Vec<&str> = if parent.steps.is_empty() {
                    TOP_COLLECTIONS.iter().map(|(k, _)| *k).collect()
                } else {
                    parent_kind.collections().iter().map(|(k, _)| *k).collect()
                };
                EditError::NoSuchItem(format!(
                    "collection `{collection}` (collections: {})",
                    known.join(", ")
                ))
            })?;
            let parent_table = table_ref(doc, parent)
                .ok_or_else(|| EditError::NoSuchItem(describe(doc, parent)))?;
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
            if kind.has_id()
                && let Some((_, FieldValue::Text(id))) = fields.iter().find(|(k, _)| k == "id")
                && collection_ids(plan, collection).contains(&id.as_str())
            {
                return Err(EditError::BadValue {
                    key: "id".into(),
                    reason: format!("the id `{id}` is taken"),
                });
            }
            let existing = parent_table.get(collection);
            let (index, item) = new_item(kind, existing, fields);
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
            table_ref(doc, item).ok_or_else(|| EditError::NoSuchItem(describe(doc, item)))?;
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
            table_ref(doc, item).ok_or_else(|| EditError::NoSuchItem(describe(doc, item)))?;
            let parent_table = table_ref(doc, &parent)
                .ok_or_else(|| EditError::NoSuchItem(describe(doc, &parent)))?;
            let len = collection_len(parent_table.get(collection));
            if *to >= len {
                return Err(EditError::BadValue {
                    key: "position".into(),
                    reason: format!("{} is past the end; there are {len}", to + 1),
                });
            }
            if *to == from {
                return Ok(Vec::new());
            }
            let moved = moved_item(parent_table.get(collection), from, *to)
                .ok_or_else(|| EditError::NoSuchItem(describe(doc, item)))?;
            Ok(vec![
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
            ])
        }
        Edit::Rename { item, to } => rename(document, item, to),
    }
}

/// `new` written in the style of `old` where the style carries over: a
/// literal string (`'…'`) stays literal when the new text can be one.
fn in_style_of(old: &Value, new: Value) -> Value {
    let literal = match old {
        Value::String(text) => text
            .as_repr()
            .and_then(|repr| repr.as_raw().as_str())
            .is_some_and(|raw| raw.starts_with('\'') && !raw.starts_with("'''")),
        _ => false,
    };
    match new.as_str() {
        Some(text) if literal && !text.chars().any(|c| c == '\'' || c.is_control()) => {
            format!("'{text}'").parse().unwrap_or(new)
        }
        _ => new,
    }
}

/// Where the value keys of a table end (new keys go there, before any
/// sub-table).
fn value_keys_end(table: &dyn toml_edit::TableLike) -> usize {
    table.iter().filter(|(_, item)| item.is_value()).count()
}

/// How many items a collection holds, however it is written.
fn collection_len(collection: Option<&Item>) -> usize {
    match collection {
        Some(Item::ArrayOfTables(tables)) => tables.len(),
        Some(Item::Value(Value::Array(array))) => array.len(),
        _ => 0,
    }
}

/// A new item for a collection, in the style of the collection's last item.
/// Returns its position (the end) and the item.
fn new_item(
    kind: TableKind,
    existing: Option<&Item>,
    fields: &[(String, FieldValue)],
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
                let mut value = value.to_toml();
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
            (tables.len(), Item::Table(styled_table(neighbour, fields)))
        }
        _ => (0, Item::Table(styled_table(None, fields))),
    }
}

/// A new `[[…]]` table with `fields`, indented and spaced like `neighbour`.
fn styled_table(neighbour: Option<&Table>, fields: &[(String, FieldValue)]) -> Table {
    let mut table = Table::new();
    let indent = key_indent(neighbour.map(|t| t as &dyn toml_edit::TableLike));
    for (key, value) in fields {
        let mut value = value.to_toml();
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
fn moved_item(collection: Option<&Item>, from: usize, to: usize) -> Option<Item> {
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

fn last_position(table: &Table) -> Option<isize> {
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

fn set_positions(table: &mut Table, position: Option<isize>) {
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

/// Rename a top-level item's id and every reference to it, as one step.
fn rename(document: &PlanDocument, item: &ItemPath, to: &str) -> Result<Vec<Change>, EditError> {
    let plan = document.plan();
    let doc = document.document();
    let [(collection, _)] = item.steps[..] else {
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
    if collection_ids(plan, collection).contains(&to) {
        return Err(EditError::BadValue {
            key: "id".into(),
            reason: format!("the id `{to}` is taken"),
        });
    }
    // What the references to this item are: workshops are named by none.
    let renamed = match collection {
        "themes" => Some(Target::Theme),
        "actors" => Some(Target::Actor),
        "goals" => Some(Target::Goal),
        "partnerships" => Some(Target::GoalOrPartnership),
        _ => None,
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
    for (c, kind) in TOP_COLLECTIONS {
        visit.extend((0..collection_len(doc.get(c))).map(|i| (ItemPath::top(c, i), *kind)));
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
        for (c, sub) in kind.collections() {
            visit.extend((0..collection_len(table.get(c))).map(|i| (path.child(c, i), *sub)));
        }
    }
    Ok(changes)
}

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
    let collections: Vec<&str> = TOP_COLLECTIONS.iter().map(|(k, _)| *k).collect();
    let unknown = |what: String| EditError::NoSuchItem(what);
    let (item, mut rest) = match parts.as_slice() {
        ["plan", rest @ ..] => (ItemPath::plan(), rest),
        [collection, id, rest @ ..] => {
            let Some(&(collection, _)) = TOP_COLLECTIONS.iter().find(|(k, _)| k == collection)
            else {
                let mean = did_you_mean(collection, collections.iter().copied())
                    .map(|m| format!("; {m}"))
                    .unwrap_or_default();
                return Err(unknown(format!(
                    "collection `{collection}`{mean} (an address starts with plan, {})",
                    collections.join(", ")
                )));
            };
            let ids = match collection {
                "goals" => ids_of(plan, Target::Goal),
                "partnerships" => plan.partnerships.iter().map(|p| p.id.as_str()).collect(),
                other => collection_ids(plan, other),
            };
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
                "place `{text}`: write plan.FIELD or COLLECTION.ID[.FIELD], e.g. goals.food.status"
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
                let Some(&(collection, _)) =
                    kind.collections().iter().find(|(k, _)| k == collection)
                else {
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

#[cfg(test)]
mod tests {
    use super::*;

    const PLAN: &str = r#"format = 1
[plan]
city = "G"
title = "T"

[[goals]]
id = "review"
title = "A goal that shares a word with a workshop"

[[goals]]
id = "sub"
title = "S"
parent = "review"

[[partnerships]]
id = "pact"
title = "P"
goals = ["review"]

[[workshops]]
id = "w"
title = "W"
participants = ["An"]
votes = [{ participant = "An", item = "pact", dots = 1 }, { participant = "An", item = "review", dots = 1 }]
"#;

    fn apply(edit: Edit) -> String {
        let mut document =
            PlanDocument::load(PLAN.as_bytes(), Date::new(2026, 1, 1).unwrap()).unwrap();
        History::new().apply(&mut document, &edit).unwrap();
        document.render()
    }

    #[test]
    fn revisions_follow_what_each_edit_touched() {
        let mut document =
            PlanDocument::load(PLAN.as_bytes(), Date::new(2026, 1, 1).unwrap()).unwrap();
        let mut history = History::new();
        let revisions = |document: &PlanDocument| {
            ["plan", "goals", "partnerships", "workshops"].map(|key| document.revision(key))
        };
        assert_eq!(revisions(&document), [0, 0, 0, 0]);
        let status = Edit::Set {
            item: ItemPath::top("goals", 1),
            key: "status".into(),
            value: Some(FieldValue::Text("adopted".into())),
        };
        history.apply(&mut document, &status).unwrap();
        assert_eq!(revisions(&document), [0, 1, 0, 0]);
        // A rename reaches the partnership's and the workshop's references.
        let rename = Edit::Rename {
            item: ItemPath::top("goals", 0),
            to: "reviewed".into(),
        };
        history.apply(&mut document, &rename).unwrap();
        assert_eq!(revisions(&document), [0, 2, 2, 2]);
        assert!(history.undo(&mut document));
        assert_eq!(revisions(&document), [0, 3, 3, 3]);
        let city = Edit::Set {
            item: ItemPath::plan(),
            key: "city".into(),
            value: Some(FieldValue::Text("Gent".into())),
        };
        history.apply(&mut document, &city).unwrap();
        assert_eq!(revisions(&document), [4, 3, 3, 3]);
    }

    #[test]
    fn renaming_a_partnership_reaches_votes_only() {
        let text = apply(Edit::Rename {
            item: ItemPath::top("partnerships", 0),
            to: "food-pact".into(),
        });
        assert!(text.contains("id = \"food-pact\""));
        assert!(text.contains("item = \"food-pact\""));
        assert!(text.contains("parent = \"review\""));
        assert!(text.contains("goals = [\"review\"]"));
    }

    #[test]
    fn renaming_a_goal_reaches_parents_goals_and_votes() {
        let text = apply(Edit::Rename {
            item: ItemPath::top("goals", 0),
            to: "first".into(),
        });
        assert!(text.contains("parent = \"first\""));
        assert!(text.contains("goals = [\"first\"]"));
        assert!(text.contains("item = \"first\""));
        assert!(text.contains("item = \"pact\""));
    }

    #[test]
    fn renaming_a_workshop_touches_nothing_else() {
        let text = apply(Edit::Rename {
            item: ItemPath::top("workshops", 0),
            to: "review-2".into(),
        });
        assert_eq!(text, PLAN.replace("id = \"w\"", "id = \"review-2\""));
    }

    #[test]
    fn refused_edits_change_nothing() {
        let mut document =
            PlanDocument::load(PLAN.as_bytes(), Date::new(2026, 1, 1).unwrap()).unwrap();
        let mut history = History::new();
        for edit in [
            Edit::Rename {
                item: ItemPath::top("goals", 0),
                to: "pact".into(),
            },
            Edit::Rename {
                item: ItemPath::top("goals", 0),
                to: "Bad Id".into(),
            },
            Edit::Set {
                item: ItemPath::top("goals", 1),
                key: "parent".into(),
                value: Some(FieldValue::Text("nope".into())),
            },
            Edit::Set {
                item: ItemPath::top("goals", 1),
                key: "title".into(),
                value: None,
            },
            Edit::Set {
                item: ItemPath::top("goals", 7),
                key: "title".into(),
                value: Some(FieldValue::Text("x".into())),
            },
            Edit::Move {
                item: ItemPath::top("goals", 0),
                to: 5,
            },
        ] {
            assert!(history.apply(&mut document, &edit).is_err(), "{edit:?}");
        }
        assert_eq!(document.render(), PLAN);
        assert_eq!(history.undo_len(), 0);
    }
}
