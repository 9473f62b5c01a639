//! Field by field: two versions of one item, as the JSON export writes them,
//! compared in the order of the field tables, and their nested collections
//! matched item by item (measurements by date, the others by the keys
//! [`keys`] gives). References that only followed a rename are not changes;
//! [`Renames`] counts them for the renamed item.

use std::collections::{HashMap, VecDeque};

use serde_json::Value;

use super::{Change, ChangeKind, Shape};
use crate::fields::{Collection, FieldKind, Nested, TableKind, Target};
use crate::model::Date;

/// The ids renamed between OLD and NEW, by collection, and how many
/// references to each new id followed its rename.
#[derive(Debug, Default)]
pub(super) struct Renames {
    /// For each collection (in [`Collection::ALL`] order), old id → new id.
    maps: [HashMap<String, String>; Collection::ALL.len()],
    /// References seen following a rename: (collection, new id) → count.
    followed: HashMap<(Collection, String), usize>,
}

impl Renames {
    /// Record that `old` in `collection` is now `new`.
    pub(super) fn insert(&mut self, collection: Collection, old: &str, new: &str) {
        self.maps[collection.index()].insert(old.to_owned(), new.to_owned());
    }

    /// How many references to `new` in `collection` followed its rename.
    pub(super) fn followed(&self, collection: Collection, new: &str) -> usize {
        self.followed
            .get(&(collection, new.to_owned()))
            .copied()
            .unwrap_or(0)
    }

    /// Where the id `old` of a `target` went, if it was renamed.
    fn renamed(&self, target: Target, old: &str) -> Option<(Collection, &str)> {
        let collections: &[Collection] = match target {
            Target::Theme => &[Collection::Themes],
            Target::Actor => &[Collection::Actors],
            Target::Goal => &[Collection::Goals],
            Target::GoalOrPartnership => &[Collection::Goals, Collection::Partnerships],
            Target::Workshop => &[Collection::Workshops],
        };
        collections
            .iter()
            .find_map(|&c| self.maps[c.index()].get(old).map(|new| (c, new.as_str())))
    }

    /// `value` of a field of `kind` as it reads after the renames: each
    /// reference to a renamed id names the new one.
    fn follow(&self, kind: FieldKind, value: &Value) -> Value {
        match (kind, value) {
            (FieldKind::Reference(target), Value::String(id)) => Value::String(
                self.renamed(target, id)
                    .map_or(id.as_str(), |r| r.1)
                    .to_owned(),
            ),
            (FieldKind::References(target), Value::Array(ids)) => Value::Array(
                ids.iter()
                    .map(|id| self.follow(FieldKind::Reference(target), id))
                    .collect(),
            ),
            _ => value.clone(),
        }
    }

    /// Whether the old value of a reference field, after the renames, is the
    /// new one; if so, counts each reference that followed.
    fn followed_to(&mut self, kind: FieldKind, old: &Value, new: &Value) -> bool {
        let (FieldKind::Reference(target) | FieldKind::References(target)) = kind else {
            return false;
        };
        if self.follow(kind, old) != *new {
            return false;
        }
        let olds = match old {
            Value::Array(ids) => ids.iter().collect(),
            one => vec![one],
        };
        for id in olds.into_iter().filter_map(Value::as_str) {
            if let Some((collection, new)) = self.renamed(target, id) {
                *self
                    .followed
                    .entry((collection, new.to_owned()))
                    .or_default() += 1;
            }
        }
        true
    }
}

/// A value that is there: JSON `null` is a field left out.
fn present(value: Option<&Value>) -> Option<&Value> {
    value.filter(|v| !v.is_null())
}

/// Whether two texts are the same but for their line endings: a plan saved
/// with CRLF keeps them inside its multi-line strings.
fn same_text(old: Option<&Value>, new: Option<&Value>) -> bool {
    let (Some(Value::String(old)), Some(Value::String(new))) = (old, new) else {
        return false;
    };
    (old.contains('\r') || new.contains('\r'))
        && old.replace("\r\n", "\n") == new.replace("\r\n", "\n")
}

/// The changes from `old` to `new`, two versions of an item of `kind` at
/// `address`, pushed to `out`: its fields (not its id), then its nested
/// collections.
pub(super) fn compare_item(
    kind: TableKind,
    address: &str,
    old: &Value,
    new: &Value,
    renames: &mut Renames,
    out: &mut Vec<Change>,
) {
    for field in kind.fields() {
        if field.kind == FieldKind::Id {
            continue;
        }
        let (was, is) = (present(old.get(field.key)), present(new.get(field.key)));
        if was == is || same_text(was, is) {
            continue;
        }
        if let (Some(was), Some(is)) = (was, is)
            && renames.followed_to(field.kind, was, is)
        {
            continue;
        }
        out.push(Change {
            address: format!("{address}.{}", field.key),
            date: None,
            change: ChangeKind::Set,
            old: was.cloned(),
            new: is.cloned(),
            shape: Shape::Field(field.kind),
        });
    }
    for &nested in kind.nested() {
        let key = nested.key();
        compare_collection(
            nested,
            &format!("{address}.{key}"),
            old.get(key),
            new.get(key),
            renames,
            out,
        );
    }
}

/// The changes in the nested collection at `address` (`goals.x.comments`).
fn compare_collection(
    nested: Nested,
    address: &str,
    old: Option<&Value>,
    new: Option<&Value>,
    renames: &mut Renames,
    out: &mut Vec<Change>,
) {
    let none = Vec::new();
    let old = old.and_then(Value::as_array).unwrap_or(&none);
    let new = new.and_then(Value::as_array).unwrap_or(&none);
    if old == new {
        return;
    }
    if nested == Nested::Measurements {
        measurements(address, old, new, out);
        return;
    }
    let kind = nested.item();
    let old_of_new = match_nested(kind, old, new, renames);
    let mut kept = vec![false; old.len()];
    for &i in old_of_new.iter().flatten() {
        kept[i] = true;
    }
    for (i, item) in old.iter().enumerate().filter(|(i, _)| !kept[*i]) {
        out.push(Change {
            address: format!("{address}.{}", i + 1),
            date: None,
            change: ChangeKind::Removed,
            old: Some(item.clone()),
            new: None,
            shape: Shape::Item(kind),
        });
    }
    for (j, item) in new.iter().enumerate() {
        let at = format!("{address}.{}", j + 1);
        match old_of_new[j] {
            Some(i) if old[i] != *item => compare_item(kind, &at, &old[i], item, renames, out),
            Some(_) => {}
            None => out.push(Change {
                address: at,
                date: None,
                change: ChangeKind::Added,
                old: None,
                new: Some(item.clone()),
                shape: Shape::Item(kind),
            }),
        }
    }
}

/// Measurements matched by date, the changes in date order.
fn measurements(address: &str, old: &[Value], new: &[Value], out: &mut Vec<Change>) {
    let date = |m: &Value| m.get("date").and_then(Value::as_str).map(str::to_owned);
    let value = |m: &Value| m.get("value").cloned();
    let mut olds: HashMap<String, VecDeque<&Value>> = HashMap::new();
    for m in old {
        olds.entry(date(m).unwrap_or_default())
            .or_default()
            .push_back(m);
    }
    let mut changes = Vec::new();
    for m in new {
        let day = date(m).unwrap_or_default();
        let (change, was) = match olds.get_mut(&day).and_then(VecDeque::pop_front) {
            Some(was) if value(was) == value(m) => continue,
            Some(was) => (ChangeKind::Set, value(was)),
            None => (ChangeKind::Added, None),
        };
        changes.push((day, change, was, value(m)));
    }
    for (day, rest) in olds {
        for was in rest {
            changes.push((day.clone(), ChangeKind::Removed, value(was), None));
        }
    }
    // Date order; of one date, removed before set before added.
    changes.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| rank(a.1).cmp(&rank(b.1))));
    out.extend(changes.into_iter().map(|(day, change, old, new)| Change {
        address: address.to_owned(),
        date: day.parse::<Date>().ok(),
        change,
        old,
        new,
        shape: Shape::Measurement,
    }));
}

fn rank(change: ChangeKind) -> u8 {
    match change {
        ChangeKind::Removed => 0,
        ChangeKind::Set => 1,
        ChangeKind::Added => 2,
    }
}

/// How the items of a nested collection are recognised from one version to
/// the next: by the values of some fields (the first of which must be
/// present), tried in turn, or at last by position.
enum Key {
    Fields(&'static [&'static str]),
    Position,
}

/// The keys of each kind of nested item, strongest first.
fn keys(kind: TableKind) -> &'static [Key] {
    match kind {
        TableKind::Indicator => &[Key::Fields(&["name"]), Key::Position],
        TableKind::Milestone => &[
            Key::Fields(&["id"]),
            Key::Fields(&["title"]),
            Key::Fields(&["due"]),
        ],
        TableKind::Comment => &[
            Key::Fields(&["author", "text"]),
            Key::Fields(&["author", "date"]),
        ],
        TableKind::Party => &[Key::Fields(&["actor"])],
        TableKind::Contribution => &[
            Key::Fields(&["from", "kind", "unit", "per", "description"]),
            Key::Fields(&["from", "kind"]),
        ],
        TableKind::Vote => &[Key::Fields(&["participant", "item"])],
        TableKind::Decision => &[Key::Fields(&["text"]), Key::Fields(&["item"])],
        _ => &[Key::Position],
    }
}

/// For each item of `new`, the item of `old` it is a version of.
fn match_nested(
    kind: TableKind,
    old: &[Value],
    new: &[Value],
    renames: &Renames,
) -> Vec<Option<usize>> {
    let mut old_of_new: Vec<Option<usize>> = vec![None; new.len()];
    let mut taken = vec![false; old.len()];
    for key in keys(kind) {
        match key {
            Key::Position => {
                for (j, slot) in old_of_new.iter_mut().enumerate() {
                    if slot.is_none() && j < old.len() && !taken[j] {
                        *slot = Some(j);
                        taken[j] = true;
                    }
                }
            }
            Key::Fields(fields) => {
                let key_of = |item: &Value, follow: bool| -> Option<String> {
                    present(item.get(fields[0]))?;
                    let values: Vec<Value> = fields
                        .iter()
                        .map(|f| {
                            let value = present(item.get(*f)).cloned().unwrap_or(Value::Null);
                            match kind.field(f) {
                                Some(field) if follow => renames.follow(field.kind, &value),
                                _ => value,
                            }
                        })
                        .collect();
                    Some(Value::Array(values).to_string())
                };
                let mut olds: HashMap<String, VecDeque<usize>> = HashMap::new();
                for (i, item) in old.iter().enumerate().filter(|(i, _)| !taken[*i]) {
                    if let Some(key) = key_of(item, true) {
                        olds.entry(key).or_default().push_back(i);
                    }
                }
                for (j, item) in new.iter().enumerate() {
                    if old_of_new[j].is_some() {
                        continue;
                    }
                    let found = key_of(item, false)
                        .and_then(|key| olds.get_mut(&key))
                        .and_then(VecDeque::pop_front);
                    if let Some(i) = found {
                        old_of_new[j] = Some(i);
                        taken[i] = true;
                    }
                }
            }
        }
    }
    old_of_new
}
