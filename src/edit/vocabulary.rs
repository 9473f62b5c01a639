//! The vocabulary of editing: what an [`Edit`] says, the [`FieldValue`]s
//! it carries, the [`ItemPath`] that names an item, and the [`EditError`]
//! that refuses one. Plain data, and parsing a value as typed.

use thiserror::Error;
use toml_edit::{Array, Value};

use crate::diagnostic::did_you_mean;
use crate::document::{LineEnding, Touched};
use crate::fields::{Collection, FieldKind, TableKind};
use crate::model::Date;

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
    /// The value as TOML, for a file whose lines end with `ending`.
    pub(super) fn to_toml(&self, ending: LineEnding) -> Value {
        match self {
            FieldValue::Text(text) => super::strings::text_value(text, ending),
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
            FieldValue::Texts(texts) => Value::Array(
                texts
                    .iter()
                    .map(|text| super::strings::text_value(text, ending))
                    .collect::<Array>(),
            ),
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

/// Where an item is: from the top of the plan, each step a collection's key
/// and a position in it. No steps at all is the `[plan]` table.
///
/// Build one from the collections' names, [`Collection`] and
/// [`crate::fields::Nested`]: `ItemPath::top(Collection::Goals,
/// 3).child(Nested::Indicators, 0)`. The steps hold the keys as the file
/// writes them, the ones those names give.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct ItemPath {
    /// The steps, as keys and positions: goal 4's first indicator is
    /// `[(Collection::Goals.key(), 3), (Nested::Indicators.key(), 0)]`.
    pub steps: Vec<(&'static str, usize)>,
}

impl ItemPath {
    /// The `[plan]` table.
    pub fn plan() -> ItemPath {
        ItemPath::default()
    }

    /// The top-level item `index` of `collection` (a [`Collection`]; its key
    /// is taken too, until every caller names collections by the enum).
    pub fn top(collection: impl Into<&'static str>, index: usize) -> ItemPath {
        ItemPath {
            steps: vec![(collection.into(), index)],
        }
    }

    /// The item `index` of the nested `collection` (a
    /// [`crate::fields::Nested`], or its key) of this item.
    pub fn child(&self, collection: impl Into<&'static str>, index: usize) -> ItemPath {
        let mut path = self.clone();
        path.steps.push((collection.into(), index));
        path
    }

    /// The top-level collection the item is in, with the item's position;
    /// `None` for the `[plan]` table (or a collection the format lacks).
    pub fn top_item(&self) -> Option<(Collection, usize)> {
        let &(key, index) = self.steps.first()?;
        Some((key.parse().ok()?, index))
    }

    /// The item holding this one's collection, the collection's key, and
    /// this item's position in it.
    pub(super) fn parent(&self) -> Option<(ItemPath, &'static str, usize)> {
        let (&(collection, index), rest) = self.steps.split_last()?;
        Some((
            ItemPath {
                steps: rest.to_vec(),
            },
            collection,
            index,
        ))
    }

    /// What kind of table the path leads to; `None` when a step names a
    /// collection its table cannot hold.
    pub fn kind(&self) -> Option<TableKind> {
        let mut kind = TableKind::Plan;
        for (i, &(key, _)) in self.steps.iter().enumerate() {
            kind = if i == 0 {
                key.parse::<Collection>().ok()?.item()
            } else {
                kind.nested_named(key)?.item()
            };
        }
        Some(kind)
    }

    /// The part of the plan an edit of this item touches: the `[plan]`
    /// table or one top-level item.
    pub(super) fn touched(&self) -> Option<Touched> {
        match self.steps.first() {
            None => Some(Touched::PlanInfo),
            Some(_) => self
                .top_item()
                .map(|(collection, index)| Touched::Item(collection, index)),
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
    /// The item is referred to by others, which would be left naming
    /// nothing (see [`super::references_to`]).
    #[error("{item} is referred to from {}: {}", crate::text::counted(places.len(), "place"), places.join(", "))]
    Referenced {
        /// The item, named for a person.
        item: String,
        /// Each reference, as an address: `partnerships.ID.goals`.
        places: Vec<String>,
    },
}

pub(super) fn no_such_field(kind: TableKind, key: &str) -> EditError {
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
