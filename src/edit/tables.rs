//! Finding an item's table in the `toml_edit` document, reading a field as
//! a person would type it, and writing new keys and values in the style of
//! their neighbours.

use toml_edit::{DocumentMut, InlineTable, Item, Key, Table, Value};

use crate::document::PlanDocument;

use super::vocabulary::ItemPath;

/// A table of the document being changed: `[x]` / `[[x]]` or `{ … }`.
pub(super) enum TableMut<'a> {
    Standard(&'a mut Table),
    Inline(&'a mut InlineTable),
}

pub(super) fn table_at<'a>(document: &'a mut DocumentMut, path: &ItemPath) -> Option<TableMut<'a>> {
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
pub(super) fn fields_table_at<'a>(
    document: &'a mut DocumentMut,
    path: &ItemPath,
) -> Option<TableMut<'a>> {
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
pub(super) fn fields_table_ref<'a>(
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

pub(super) fn table_ref<'a>(
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

/// The whitespace that starts `text`'s last line, if the rest is blank.
pub(super) fn indentation(decor_prefix: Option<&str>) -> String {
    let prefix = decor_prefix.unwrap_or_default();
    let last = prefix.rsplit('\n').next().unwrap_or_default();
    last.chars()
        .take_while(|c| *c == ' ' || *c == '\t')
        .collect()
}

/// The style of the keys of a table like `neighbour`: the indentation before
/// each key. `None` when there is no neighbour to copy.
pub(super) fn key_indent(neighbour: Option<&dyn toml_edit::TableLike>) -> Option<String> {
    let neighbour = neighbour?;
    let (first, _) = neighbour.iter().next()?;
    let key = neighbour.key(first)?;
    Some(indentation(
        key.leaf_decor().prefix().and_then(|p| p.as_str()),
    ))
}

/// A new key written like its neighbours.
pub(super) fn new_key(key: &str, indent: Option<&str>) -> Key {
    let mut new = Key::new(key);
    if let Some(indent) = indent.filter(|i| !i.is_empty()) {
        new.leaf_decor_mut().set_prefix(indent.to_owned());
    }
    new
}

/// `new` written in the style of `old` where the style carries over: a
/// literal string (`'…'`) stays literal when the new text can be one.
pub(super) fn in_style_of(old: &Value, new: Value) -> Value {
    let literal = match old {
        Value::String(text) => text
            .as_repr()
            .and_then(|repr| repr.as_raw().as_str())
            .is_some_and(|raw| raw.starts_with('\'') && !raw.starts_with("'''")),
        _ => false,
    };
    if let (Value::Array(old), Value::Array(new)) = (old, &new) {
        // A list keeps its layout: each entry the spacing of the one at its
        // place before, entries beyond the old end that of the last one.
        let mut new = new.clone();
        let spacing = |i: usize| match old.get(i) {
            Some(old) => Some(old.decor().clone()),
            None if old.len() >= 2 => old.iter().last().map(|last| last.decor().clone()),
            None => None,
        };
        for (i, value) in new.iter_mut().enumerate() {
            if let Some(old_value) = old.get(i) {
                *value = in_style_of(old_value, value.clone());
            }
            if let Some(decor) = spacing(i) {
                *value.decor_mut() = decor;
            }
        }
        new.set_trailing(old.trailing().clone());
        new.set_trailing_comma(old.trailing_comma());
        return Value::Array(new);
    }
    match new.as_str() {
        Some(text) if literal && !text.chars().any(|c| c == '\'' || c.is_control()) => {
            format!("'{text}'").parse().unwrap_or(new)
        }
        _ => new,
    }
}

/// Where the value keys of a table end (new keys go there, before any
/// sub-table).
pub(super) fn value_keys_end(table: &dyn toml_edit::TableLike) -> usize {
    table.iter().filter(|(_, item)| item.is_value()).count()
}

/// How many items a collection holds, however it is written.
pub(super) fn collection_len(collection: Option<&Item>) -> usize {
    match collection {
        Some(Item::ArrayOfTables(tables)) => tables.len(),
        Some(Item::Value(Value::Array(array))) => array.len(),
        _ => 0,
    }
}
