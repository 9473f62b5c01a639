//! Merging one value three ways: a scalar, a list of texts or ids (merged
//! as a set: what either side added is kept, what either removed goes), an
//! inline table (key by key), and an inline array of tables such as an
//! indicator's measurements or a workshop's votes (item by item, by key).
//!
//! An inline value is written on one line or a few, so a conflict inside
//! one cannot be marked on its own lines: it is lifted to the key that
//! holds the value, whose line is then written once as ours would resolve
//! it and once as theirs would, each with everything else merged.

use toml_edit::{Array, InlineTable, Item, Value};

use crate::diagnostic::FieldPath;
use crate::fields::TableKind;

use super::layout::{Side, Slot, layout};
use super::same::{item_keys, same_value, value_text};
use super::{ConflictKind, MergeConflict};

/// What becomes of a key of ours.
#[derive(Debug)]
pub(super) enum Outcome {
    /// Ours stands.
    Keep,
    /// Ours becomes this (`None`: the key goes).
    Set(Option<Value>),
    /// The two sides do not merge: the value as ours resolves every
    /// conflict in it, and as theirs does.
    Conflict {
        ours: Option<Value>,
        theirs: Option<Value>,
    },
}

/// The three versions of one value.
#[derive(Clone, Copy)]
pub(super) struct Three<'a> {
    pub base: Option<&'a Value>,
    pub ours: Option<&'a Value>,
    pub theirs: Option<&'a Value>,
}

fn same(a: Option<&Value>, b: Option<&Value>, decor: bool) -> bool {
    match (a, b) {
        (None, None) => true,
        (Some(a), Some(b)) => same_value(a, b, decor),
        _ => false,
    }
}

/// A conflict found at `path`, with the two sides' texts.
pub(super) fn conflict_at(
    path: &FieldPath,
    kind: ConflictKind,
    ours: Option<String>,
    theirs: Option<String>,
) -> MergeConflict {
    MergeConflict {
        kind,
        path: path.clone(),
        ours,
        theirs,
        message: None,
    }
}

/// Merge one value. `items` is the kind of the items when the value is an
/// inline array of a nested collection. With `prefer`, a conflict is
/// resolved to that side; without, it is recorded in `found`.
pub(super) fn merge_value(
    path: &FieldPath,
    items: Option<TableKind>,
    three: Three<'_>,
    prefer: Option<Side>,
    found: &mut Vec<MergeConflict>,
) -> Outcome {
    let Three { base, ours, theirs } = three;
    if same(base, theirs, true) {
        return Outcome::Keep;
    }
    if same(base, ours, true) {
        return Outcome::Set(theirs.cloned());
    }
    if same(ours, theirs, false) {
        return Outcome::Keep;
    }
    if let (Some(o), Some(t)) = (ours, theirs)
        && let Some(merged) = merge_structured(path, items, base, o, t, prefer, found)
    {
        return merged;
    }
    if same(base, theirs, false) {
        return Outcome::Keep;
    }
    if same(base, ours, false)
        && let (Some(o), Some(t)) = (ours, theirs)
    {
        let mut value = t.clone();
        *value.decor_mut() = o.decor().clone();
        return Outcome::Set(Some(value));
    }
    match prefer {
        Some(Side::Ours) => Outcome::Keep,
        Some(Side::Theirs) => Outcome::Set(theirs.cloned()),
        None => {
            found.push(conflict_at(
                path,
                ConflictKind::BothChanged,
                ours.map(value_text),
                theirs.map(value_text),
            ));
            Outcome::Conflict {
                ours: ours.cloned(),
                theirs: theirs.cloned(),
            }
        }
    }
}

/// Merge two lists or two inline tables part by part; `None` when the
/// values are not of one such shape.
fn merge_structured(
    path: &FieldPath,
    items: Option<TableKind>,
    base: Option<&Value>,
    ours: &Value,
    theirs: &Value,
    prefer: Option<Side>,
    found: &mut Vec<MergeConflict>,
) -> Option<Outcome> {
    let merge_once = |prefer: Option<Side>, found: &mut Vec<MergeConflict>| -> Option<Value> {
        let mut merged = match (base, ours, theirs) {
            (None | Some(Value::Array(_)), Value::Array(o), Value::Array(t)) => {
                let b = base.and_then(Value::as_array);
                let tables = |a: &Array| a.iter().all(Value::is_inline_table);
                if tables(o) && tables(t) && b.is_none_or(tables) {
                    Value::Array(merge_elements(path, items, b, o, t, prefer, found))
                } else if !o
                    .iter()
                    .chain(t.iter())
                    .any(|v| v.is_array() || v.is_inline_table())
                {
                    Value::Array(merge_set(b, o, t))
                } else {
                    return None;
                }
            }
            (None | Some(Value::InlineTable(_)), Value::InlineTable(o), Value::InlineTable(t)) => {
                let b = base.and_then(Value::as_inline_table);
                Value::InlineTable(merge_inline(path, None, b, o, t, prefer, found))
            }
            _ => return None,
        };
        *merged.decor_mut() = ours.decor().clone();
        Some(merged)
    };
    let before = found.len();
    let merged = merge_once(prefer, found)?;
    if found.len() == before {
        return Some(Outcome::Set(Some(merged)));
    }
    let ours = merge_once(Some(Side::Ours), &mut Vec::new());
    let theirs = merge_once(Some(Side::Theirs), &mut Vec::new());
    Some(Outcome::Conflict { ours, theirs })
}

/// Merge the keys of an inline table (an item of an inline array of
/// `kind` items, or any other).
fn merge_inline(
    path: &FieldPath,
    kind: Option<TableKind>,
    base: Option<&InlineTable>,
    ours: &InlineTable,
    theirs: &InlineTable,
    prefer: Option<Side>,
    found: &mut Vec<MergeConflict>,
) -> InlineTable {
    let mut merged = ours.clone();
    let mut keys: Vec<&str> = ours.iter().map(|(k, _)| k).collect();
    keys.extend(
        theirs
            .iter()
            .map(|(k, _)| k)
            .filter(|k| !ours.contains_key(k)),
    );
    for key in keys {
        let three = Three {
            base: base.and_then(|b| b.get(key)),
            ours: ours.get(key),
            theirs: theirs.get(key),
        };
        let items = kind.and_then(|k| k.collection(key));
        match merge_value(&path.key(key.to_owned()), items, three, prefer, found) {
            Outcome::Keep | Outcome::Conflict { .. } => {}
            Outcome::Set(None) => {
                merged.remove(key);
            }
            Outcome::Set(Some(value)) => match merged.get_mut(key) {
                Some(slot) => *slot = value,
                None => {
                    let key = theirs.key(key).cloned().unwrap_or_else(|| key.into());
                    merged.insert_formatted(&key, value);
                }
            },
        }
    }
    merged
}

/// Merge an inline array of tables item by item, matching items by key.
fn merge_elements(
    path: &FieldPath,
    kind: Option<TableKind>,
    base: Option<&Array>,
    ours: &Array,
    theirs: &Array,
    prefer: Option<Side>,
    found: &mut Vec<MergeConflict>,
) -> Array {
    let empty = Array::new();
    let base = base.unwrap_or(&empty);
    let tables = |a: &Array| -> Vec<InlineTable> {
        a.iter()
            .filter_map(|v| v.as_inline_table().cloned())
            .collect()
    };
    let (b, o, t) = (tables(base), tables(ours), tables(theirs));
    let keys =
        |list: &[InlineTable]| item_keys(kind, list.iter().map(|t| t as &dyn toml_edit::TableLike));
    let (bk, ok, tk) = (keys(&b), keys(&o), keys(&t));
    fn value(a: &Array, i: usize) -> &Value {
        a.get(i).expect("an item of the array")
    }
    let plan = layout(
        &bk,
        &ok,
        &tk,
        |side, bi, i| {
            let other = match side {
                Side::Ours => ours,
                Side::Theirs => theirs,
            };
            !same_value(value(base, bi), value(other, i), false)
        },
        |oi, ti| same_value(value(ours, oi), value(theirs, ti), false),
    );
    if !plan.reshaped
        && !plan
            .slots
            .iter()
            .any(|slot| matches!(slot, Slot::Merge { .. }))
    {
        return ours.clone();
    }
    let at = |keys: &[super::same::ItemKey], i: usize| path.index(i, keys[i].label.as_deref());
    let mut values: Vec<Value> = Vec::with_capacity(plan.slots.len());
    for slot in plan.slots {
        let mut keep = |side: Side,
                        kind: ConflictKind,
                        place: FieldPath,
                        o: Option<usize>,
                        t: Option<usize>| {
            let chosen = match prefer {
                Some(chosen) => chosen,
                None => {
                    found.push(conflict_at(
                        &place,
                        kind,
                        o.map(|i| value_text(value(ours, i))),
                        t.map(|i| value_text(value(theirs, i))),
                    ));
                    side
                }
            };
            match chosen {
                Side::Ours => o.map(|i| value(ours, i).clone()),
                Side::Theirs => t.map(|i| value(theirs, i).clone()),
            }
        };
        let next = match slot {
            Slot::Ours(i) => Some(value(ours, i).clone()),
            Slot::Theirs(i) => Some(value(theirs, i).clone()),
            Slot::Merge {
                ours: oi,
                base: bi,
                theirs: ti,
            } => {
                let mut merged = Value::InlineTable(merge_inline(
                    &at(&ok, oi),
                    kind,
                    Some(&b[bi]),
                    &o[oi],
                    &t[ti],
                    prefer,
                    found,
                ));
                *merged.decor_mut() = value(ours, oi).decor().clone();
                Some(merged)
            }
            Slot::RemovedByOurs {
                base: bi,
                theirs: ti,
            } => keep(
                Side::Ours,
                ConflictKind::RemovedByOurs,
                at(&bk, bi),
                None,
                Some(ti),
            ),
            Slot::RemovedByTheirs { ours: oi, .. } => keep(
                Side::Ours,
                ConflictKind::RemovedByTheirs,
                at(&ok, oi),
                Some(oi),
                None,
            ),
            Slot::AddedTwice {
                ours: oi,
                theirs: ti,
            } => keep(
                Side::Ours,
                ConflictKind::AddedTwice,
                at(&ok, oi),
                Some(oi),
                Some(ti),
            ),
        };
        values.extend(next);
    }
    respaced(ours, values)
}

/// A list of `values` laid out as `like` is: each value the spacing of the
/// one at its place in `like`, values past its end that of its last one.
fn respaced(like: &Array, values: Vec<Value>) -> Array {
    let mut array = like.clone();
    array.clear();
    let spacing = |i: usize| match like.get(i) {
        Some(old) => Some(old.decor().clone()),
        None => like.iter().last().map(|last| {
            let mut decor = last.decor().clone();
            if like.len() == 1 && decor.prefix().and_then(|p| p.as_str()) == Some("") {
                decor.set_prefix(" ");
            }
            decor
        }),
    };
    let fresh = like.is_empty();
    for (i, mut value) in values.into_iter().enumerate() {
        if let Some(decor) = spacing(i) {
            *value.decor_mut() = decor;
        }
        array.push_formatted(value);
    }
    if fresh {
        array.fmt();
    }
    array
}

/// Merge two lists of plain values as sets: ours, less what they removed,
/// with what they added at the end.
fn merge_set(base: Option<&Array>, ours: &Array, theirs: &Array) -> Array {
    let texts = |a: Option<&Array>| -> Vec<String> {
        a.map(|a| a.iter().map(value_text).collect())
            .unwrap_or_default()
    };
    let (b, o, t) = (texts(base), texts(Some(ours)), texts(Some(theirs)));
    let mut values: Vec<Value> = ours
        .iter()
        .zip(&o)
        .filter(|(_, text)| !b.contains(text) || t.contains(text))
        .map(|(value, _)| value.clone())
        .collect();
    for (value, text) in theirs.iter().zip(&t) {
        if !b.contains(text) && !o.contains(text) {
            values.push(value.clone());
        }
    }
    respaced(ours, values)
}

/// The value of an item, if it is one.
pub(super) fn as_value(item: Option<&Item>) -> Option<&Value> {
    item.and_then(Item::as_value)
}
