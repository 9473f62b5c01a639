//! Merging the tables of a plan: the keys of a table one by one, and the
//! items of a `[[…]]` collection matched by key ([`super::layout`]), in
//! place in our document, so that whatever is not merged stays as it was.
//!
//! New items come from their document with its comments and blank lines,
//! and take their place in ours by their predecessor; a section's banner
//! (the comment block over a collection's first item, see
//! `crate::edit::split_banner`) stays on top and is written once.

use toml_edit::{ArrayOfTables, Item, Key, Table, TableLike, Value};

use crate::diagnostic::FieldPath;
use crate::edit::{split_banner, split_leading_blank};
use crate::fields::{Collection, TableKind};

use super::layout::{Side, Slot, layout};
use super::markers::{Placeholders, item_text};
use super::renames::{Rename, match_renames};
use super::same::{ItemKey, item_keys, same_body, same_decor, same_item, same_table, value_text};
use super::values::{Outcome, Three, as_value, conflict_at, merge_value};
use super::{ConflictKind, MergeConflict};

/// What kind of table is being merged, for the names of its collections.
#[derive(Debug, Clone, Copy)]
pub(super) enum Scope {
    /// The top of the file.
    Root,
    /// A table the format knows.
    Table(TableKind),
    /// Anything else.
    Unknown,
}

impl Scope {
    fn of(kind: Option<TableKind>) -> Scope {
        kind.map_or(Scope::Unknown, Scope::Table)
    }

    fn child_table(self, key: &str) -> Scope {
        match self {
            Scope::Root if key == "plan" => Scope::Table(TableKind::Plan),
            _ => Scope::Unknown,
        }
    }

    /// The kind of the items of the collection `key`, and the top-level
    /// collection it is.
    fn collection(self, key: &str) -> (Option<TableKind>, Option<Collection>) {
        match self {
            Scope::Root => match key.parse::<Collection>() {
                Ok(collection) => (Some(collection.item()), Some(collection)),
                Err(_) => (None, None),
            },
            Scope::Table(kind) => (kind.collection(key), None),
            Scope::Unknown => (None, None),
        }
    }
}

/// The state of one merge: what it left to mark, found and renamed.
pub(super) struct Merger {
    pub placeholders: Placeholders,
    pub conflicts: Vec<MergeConflict>,
    pub renames: Vec<Rename>,
    /// Whether the merge changed our document.
    pub changed: bool,
    /// The top-level keys under which it changed something.
    pub touched: Vec<String>,
    /// Where the items merged stand in their top-level collections, when
    /// only a region of the files is merged: per collection, the index in
    /// the base and in ours of the region's first item.
    pub shift: Vec<(Collection, [usize; 2])>,
}

/// Clear the place in the file of a table and the tables under it, so
/// that it is written after whatever precedes it in its document.
pub(super) fn clear_positions(table: &mut Table) {
    table.set_position(None);
    for (_, item) in table.iter_mut() {
        match item {
            Item::Table(sub) => clear_positions(sub),
            Item::ArrayOfTables(subs) => subs.iter_mut().for_each(clear_positions),
            _ => {}
        }
    }
}

fn prefix_of(table: &Table) -> &str {
    table
        .decor()
        .prefix()
        .and_then(|p| p.as_str())
        .unwrap_or_default()
}

/// The comment lines and indentation before a header, without the
/// section's banner and blank lines.
fn own_prefix(prefix: &str) -> &str {
    match split_banner(prefix) {
        Some((_, own)) => own,
        None => split_leading_blank(prefix).1,
    }
}

/// The indentation of a table's header.
fn indent_of(table: &Table) -> String {
    let prefix = prefix_of(table);
    let last = prefix.rsplit('\n').next().unwrap_or_default();
    last.chars()
        .take_while(|c| *c == ' ' || *c == '\t')
        .collect()
}

/// Put `key` of `table` after the key that precedes it in `theirs`.
fn place_like(table: &mut Table, key: &str, theirs: &Table) {
    let order: Vec<&str> = theirs.iter().map(|(k, _)| k).collect();
    let Some(at) = order.iter().position(|k| *k == key) else {
        return;
    };
    let predecessor = order[..at].iter().rev().find(|k| table.contains_key(k));
    let mut keys: Vec<String> = table
        .iter()
        .map(|(k, _)| k.to_owned())
        .filter(|k| k != key)
        .collect();
    let place = predecessor
        .and_then(|p| keys.iter().position(|k| k == p))
        .map_or(0, |p| p + 1);
    if place == keys.len() {
        return;
    }
    keys.insert(place, key.to_owned());
    let rank = |k: &Key| keys.iter().position(|x| x == k.get()).unwrap_or(usize::MAX);
    table.sort_values_by(|a, _, b, _| rank(a).cmp(&rank(b)));
}

impl Merger {
    /// A merge whose placeholders are words `texts` do not hold.
    pub fn new(texts: &[&str]) -> Merger {
        Merger {
            placeholders: Placeholders::new(texts),
            conflicts: Vec::new(),
            renames: Vec::new(),
            changed: false,
            touched: Vec::new(),
            shift: Vec::new(),
        }
    }

    /// Merge into `ours` what `theirs` changed from `base`, key by key.
    /// `header` is the table's own header path (`["goals"]` for a goal).
    pub fn merge_table(
        &mut self,
        path: &FieldPath,
        header: &[&str],
        scope: Scope,
        base: Option<&Table>,
        ours: &mut Table,
        theirs: &Table,
    ) {
        if let Some(base) = base
            && !same_decor(base.decor(), theirs.decor())
            && same_decor(base.decor(), ours.decor())
        {
            *ours.decor_mut() = theirs.decor().clone();
            self.changed = true;
        }
        let mut keys: Vec<String> = ours.iter().map(|(k, _)| k.to_owned()).collect();
        keys.extend(
            theirs
                .iter()
                .map(|(k, _)| k)
                .filter(|k| !ours.contains_key(k))
                .map(str::to_owned),
        );
        for key in &keys {
            let (b, t) = (base.and_then(|t| t.get(key)), theirs.get(key));
            match (b, t) {
                (None, None) => continue,
                (Some(b), Some(t)) if same_item(b, t) => continue,
                _ => {}
            }
            let before = std::mem::replace(&mut self.changed, false);
            self.merge_key(path, header, scope, key, b, ours, theirs);
            if self.changed && matches!(scope, Scope::Root) {
                self.touched.push(key.clone());
            }
            self.changed |= before;
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn merge_key(
        &mut self,
        path: &FieldPath,
        header: &[&str],
        scope: Scope,
        key: &str,
        base: Option<&Item>,
        ours: &mut Table,
        theirs_table: &Table,
    ) {
        let theirs = theirs_table.get(key);
        let child = path.key(key.to_owned());
        let three = [base, ours.get(key), theirs];
        let present = || three.iter().flatten();
        if present().all(|i| i.is_array_of_tables()) {
            let (kind, top) = scope.collection(key);
            let mut header = header.to_vec();
            header.push(key);
            if !ours.contains_key(key) {
                ours.insert(key, Item::ArrayOfTables(ArrayOfTables::new()));
            }
            let Some(Item::ArrayOfTables(tables)) = ours.get_mut(key) else {
                return;
            };
            let (base, theirs) = (
                base.and_then(Item::as_array_of_tables),
                theirs.and_then(Item::as_array_of_tables),
            );
            self.merge_tables(&child, &header, kind, top, base, tables, theirs);
            if tables.is_empty() {
                ours.remove(key);
            }
            return;
        }
        if present().all(|i| matches!(i, Item::Table(_))) {
            let mut header = header.to_vec();
            header.push(key);
            match (ours.get_mut(key), theirs) {
                (Some(Item::Table(o)), Some(Item::Table(t))) => {
                    let base = base.and_then(Item::as_table);
                    self.merge_table(&child, &header, scope.child_table(key), base, o, t);
                }
                (None, Some(Item::Table(t))) if base.is_none() => {
                    let mut table = t.clone();
                    clear_positions(&mut table);
                    ours.insert(key, Item::Table(table));
                    self.changed = true;
                }
                (Some(Item::Table(o)), None)
                    if base
                        .and_then(Item::as_table)
                        .is_some_and(|b| same_table(b, o)) =>
                {
                    ours.remove(key);
                    self.changed = true;
                }
                _ => self.unmarked(&child, base.is_some()),
            }
            return;
        }
        if !present().all(|i| i.is_value()) {
            self.unmarked(&child, base.is_some());
            return;
        }
        let items = scope.collection(key).0;
        let three = Three {
            base: as_value(base),
            ours: as_value(ours.get(key)),
            theirs: as_value(theirs),
        };
        let outcome = merge_value(&child, items, three, None, &mut self.conflicts);
        let value = match outcome {
            Outcome::Keep => return,
            Outcome::Set(None) => {
                ours.remove(key);
                self.changed = true;
                return;
            }
            Outcome::Set(Some(value)) => value,
            Outcome::Conflict {
                ours: mine,
                theirs: their,
            } => {
                let decor = mine
                    .as_ref()
                    .or(their.as_ref())
                    .map(|v| v.decor().clone())
                    .unwrap_or_default();
                let token = self.placeholders.value(
                    mine.as_ref().map(value_text),
                    their.as_ref().map(value_text),
                );
                let mut value = Value::from(token);
                *value.decor_mut() = decor;
                value
            }
        };
        self.changed = true;
        match ours.get_mut(key) {
            Some(slot) => *slot = Item::Value(value),
            None => {
                let new_key = theirs_table
                    .key(key)
                    .cloned()
                    .unwrap_or_else(|| Key::new(key));
                ours.insert_formatted(&new_key, Item::Value(value));
                place_like(ours, key, theirs_table);
            }
        }
    }

    /// A conflict between shapes no marker can show (a table on one side, a
    /// value on the other): reported, ours kept.
    fn unmarked(&mut self, path: &FieldPath, in_base: bool) {
        let mut conflict = conflict_at(path, ConflictKind::BothChanged, None, None);
        conflict.message = Some(format!(
            "`{path}` was {} differently on the two sides, in shapes that cannot be merged; ours is kept",
            if in_base { "changed" } else { "added" }
        ));
        self.conflicts.push(conflict);
    }

    /// Merge a `[[…]]` collection item by item.
    #[allow(clippy::too_many_arguments)]
    fn merge_tables(
        &mut self,
        path: &FieldPath,
        header: &[&str],
        kind: Option<TableKind>,
        top: Option<Collection>,
        base: Option<&ArrayOfTables>,
        ours: &mut ArrayOfTables,
        theirs: Option<&ArrayOfTables>,
    ) {
        let b: Vec<&Table> = base.map(|a| a.iter().collect()).unwrap_or_default();
        let t: Vec<&Table> = theirs.map(|a| a.iter().collect()).unwrap_or_default();
        let like = |list: &[&Table]| -> Vec<ItemKey> {
            item_keys(kind, list.iter().map(|t| *t as &dyn TableLike))
        };
        let bk = like(&b);
        let (mut ok, mut tk) = {
            let o: Vec<&Table> = ours.iter().collect();
            (like(&o), like(&t))
        };
        if let (Some(collection), Some(kind)) = (top, kind.filter(|k| k.has_id())) {
            let o: Vec<&Table> = ours.iter().collect();
            for (side, list, keys) in [(Side::Ours, &o, &mut ok), (Side::Theirs, &t, &mut tk)] {
                self.renames.extend(match_renames(
                    collection,
                    kind,
                    side,
                    (&b, &bk),
                    (list, keys),
                ));
            }
        }
        let plan = {
            let o: Vec<&Table> = ours.iter().collect();
            layout(
                &bk,
                &ok,
                &tk,
                |side, bi, i| {
                    let other = match side {
                        Side::Ours => o[i],
                        Side::Theirs => t[i],
                    };
                    !same_table(b[bi], other)
                },
                |oi, ti| same_body(o[oi], t[ti]),
            )
        };
        let [base_shift, ours_shift] = top
            .and_then(|top| self.shift.iter().find(|(c, _)| *c == top))
            .map_or([0, 0], |(_, shift)| *shift);
        let ours_at = |i: usize| path.index(ours_shift + i, ok[i].label.as_deref());
        let base_at = |i: usize| path.index(base_shift + i, bk[i].label.as_deref());
        if !plan.reshaped {
            for slot in plan.slots {
                if let Slot::Merge {
                    ours: oi,
                    base: bi,
                    theirs: ti,
                } = slot
                    && let Some(table) = ours.get_mut(oi)
                {
                    self.merge_table(
                        &ours_at(oi),
                        header,
                        Scope::of(kind),
                        Some(b[bi]),
                        table,
                        t[ti],
                    );
                }
            }
            return;
        }
        self.changed = true;
        let banner = ours
            .get(0)
            .and_then(|first| split_banner(prefix_of(first)))
            .map(|(banner, _)| banner.to_owned());
        let mut old: Vec<Option<Table>> = std::mem::replace(ours, ArrayOfTables::new())
            .into_iter()
            .map(Some)
            .collect();
        let mut old_first_at = None;
        for slot in plan.slots {
            let table = match slot {
                Slot::Ours(oi) => {
                    if oi == 0 {
                        old_first_at = Some(ours.len());
                    }
                    old[oi].take()
                }
                Slot::Merge {
                    ours: oi,
                    base: bi,
                    theirs: ti,
                } => {
                    if oi == 0 {
                        old_first_at = Some(ours.len());
                    }
                    let mut table = old[oi].take();
                    if let Some(table) = table.as_mut() {
                        self.merge_table(
                            &ours_at(oi),
                            header,
                            Scope::of(kind),
                            Some(b[bi]),
                            table,
                            t[ti],
                        );
                    }
                    table
                }
                Slot::Theirs(ti) => {
                    let mut table = t[ti].clone();
                    clear_positions(&mut table);
                    if !ours.is_empty()
                        && let Some((their_banner, own)) = split_banner(prefix_of(&table))
                        && banner.as_deref() == Some(their_banner)
                    {
                        let own = format!("\n{own}");
                        table.decor_mut().set_prefix(own);
                    }
                    Some(table)
                }
                Slot::RemovedByOurs {
                    base: bi,
                    theirs: ti,
                } => {
                    let theirs_text = item_text(header, t[ti]);
                    self.conflicts.push(conflict_at(
                        &base_at(bi),
                        ConflictKind::RemovedByOurs,
                        None,
                        Some(theirs_text.clone()),
                    ));
                    Some(
                        self.placeholders
                            .item(None, Some(theirs_text), &indent_of(t[ti])),
                    )
                }
                Slot::RemovedByTheirs { ours: oi, .. } => old[oi].take().map(|table| {
                    let ours_text = item_text(header, &table);
                    self.conflicts.push(conflict_at(
                        &ours_at(oi),
                        ConflictKind::RemovedByTheirs,
                        Some(ours_text.clone()),
                        None,
                    ));
                    self.placeholders
                        .item(Some(ours_text), None, &indent_of(&table))
                }),
                Slot::AddedTwice {
                    ours: oi,
                    theirs: ti,
                } => old[oi].take().map(|table| {
                    let (ours_text, theirs_text) =
                        (item_text(header, &table), item_text(header, t[ti]));
                    self.conflicts.push(conflict_at(
                        &ours_at(oi),
                        ConflictKind::AddedTwice,
                        Some(ours_text.clone()),
                        Some(theirs_text.clone()),
                    ));
                    self.placeholders
                        .item(Some(ours_text), Some(theirs_text), &indent_of(&table))
                }),
            };
            if let Some(table) = table {
                ours.push(table);
            }
        }
        keep_banner_on_top(ours, banner.as_deref(), old_first_at);
    }
}

/// Keep the section's banner over the first item when another item came
/// before the one that held it (at `old_first_at`, if it is still there).
fn keep_banner_on_top(
    tables: &mut ArrayOfTables,
    banner: Option<&str>,
    old_first_at: Option<usize>,
) {
    let Some(banner) = banner else {
        return;
    };
    if old_first_at == Some(0) {
        return;
    }
    let Some(first) = tables.get_mut(0) else {
        return;
    };
    let first_prefix = prefix_of(first).to_owned();
    let (blank, _) = split_leading_blank(&first_prefix);
    let blank = if blank.is_empty() { "\n" } else { blank }.to_owned();
    let own = own_prefix(&first_prefix).to_owned();
    first.decor_mut().set_prefix(format!("{banner}{own}"));
    if let Some(old_first) = old_first_at.and_then(|i| tables.get_mut(i)) {
        let own = own_prefix(prefix_of(old_first)).to_owned();
        old_first.decor_mut().set_prefix(format!("{blank}{own}"));
    }
}
