//! The difference between two plans, OLD and NEW, in plan terms: a
//! [`PlanDiff`] made by [`diff`], shown by [`to_text`] (one line per change,
//! grouped by item) or [`to_json`] (the same as data).
//!
//! - **Items** of the top-level collections are matched by id. An item whose
//!   id is gone from NEW while a new id appeared in the same collection is
//!   *renamed* when the two have the same title (a theme's or actor's name),
//!   the same content apart from the id, or the same references to them
//!   (the goals, votes and partnerships that named the old id name the new
//!   one). References that followed a rename are counted on the renamed
//!   item, not shown as changes of their own. An item is *moved* when its
//!   position changed other than by the additions and removals around it
//!   (the fewest items that explain the new order); a new parent or theme
//!   (a goal moved to another place of the outline, or another section) is
//!   a change of its `parent` or `theme` field.
//! - **Fields** are compared in the order of the field tables
//!   ([`crate::fields`]) and addressed as `commonplan set` addresses them:
//!   `goals.local-energy.status`, nested items by their 1-based position in
//!   NEW (in OLD for one removed): `goals.x.indicators.1.target`.
//! - **Nested collections** are matched item by item: measurements by date,
//!   indicators by name (else by position), milestones by id, title or due
//!   date, comments by author and text (else author and date), parties by
//!   actor, contributions by who gives what, votes by participant and item,
//!   decisions by text (else item). Lists of words (`participants`, `tags`,
//!   a partnership's `goals`) are sets of entries added and removed.
//! - **Progress** that moved: the plan's, each theme's and each goal's, as
//!   whole percentages by the one rounding rule ([`crate::progress::percent`]),
//!   in the order of the outline; figures that exist on one side only are
//!   left out (an added goal is an added item).
//! - **Ledger totals** of the whole plan that changed, line by line
//!   ([`crate::progress::LedgerTotals`]).
//!
//! Everything is in plan order: the collections in the order of the format,
//! items in NEW's order with removed items near where they were, fields in
//! the order of the field tables. The diff of two plans of 10,000 goals with
//! a hundred edits takes a few milliseconds: items are compared as typed
//! values first, and only those that differ are looked at field by field.
//!
//! # The JSON form
//!
//! [`to_json`] writes one object, `{ "items": [...], "progress": [...],
//! "ledger": [...] }`; every key is always present (`null` when empty):
//!
//! - an item: `address` (`goals.local-energy`, `plan`), `status` (`added`,
//!   `removed`, `changed`), `title`, `renamed_from` (the old address),
//!   `references_followed`, `moved` (`{ "from": 3, "to": 7 }`, 1-based
//!   positions), `changes`, and `value` (the whole item as the JSON export
//!   writes it, for added and removed items);
//! - a change: `address`, `date` (of a measurement), `change` (`set`,
//!   `added`, `removed`), `old` and `new` (field values as the JSON export
//!   writes them, or whole nested items; `null` for a field that is absent);
//! - progress: `address` (`plan`, `themes.ID`, `goals.ID`), `old`, `new`
//!   (whole percentages);
//! - a ledger line: `kind`, `unit`, `role` (`null` for contributors that name
//!   no actor), `old` and `new`, each `{ "once": …, "per_year": …,
//!   "count": … }`.

mod compare;
mod figures;
mod items;
mod listing;
mod render;
#[cfg(test)]
mod tests;

use serde::Serialize;
use serde_json::Value;

use crate::fields::{FieldKind, TableKind};
use crate::model::{Date, Plan};

pub use listing::listing;
pub use render::{to_json, to_text};

/// What changed from one plan to another; see the module documentation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlanDiff {
    /// Items added, removed, renamed, moved or changed, in plan order.
    pub items: Vec<ItemDiff>,
    /// Progress figures that moved, in the order of the outline.
    pub progress: Vec<ProgressChange>,
    /// Ledger totals of the whole plan that changed.
    pub ledger: Vec<LedgerChange>,
}

impl PlanDiff {
    /// Whether the two plans are the same, as plans: nothing was added,
    /// removed, moved or changed (comments and formatting of the file aside).
    pub fn is_empty(&self) -> bool {
        self.items.is_empty() && self.progress.is_empty() && self.ledger.is_empty()
    }
}

/// What happened to an item as a whole.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ItemStatus {
    /// Only in NEW.
    Added,
    /// Only in OLD.
    Removed,
    /// In both: renamed, moved, or some of its fields or nested items changed.
    Changed,
}

/// One top-level item (or the `[plan]` table) and what changed in it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ItemDiff {
    /// The item's address in NEW (in OLD when removed): `goals.x`, `plan`.
    pub address: String,
    /// Added, removed or changed.
    pub status: ItemStatus,
    /// The item's title, or name for themes and actors (NEW's when it has
    /// one); `None` for the `[plan]` table.
    pub title: Option<String>,
    /// The address the item had in OLD, when its id changed.
    pub renamed_from: Option<String>,
    /// How many references to the item followed its rename.
    pub references_followed: usize,
    /// The item's position in its collection, when it moved.
    pub moved: Option<Moved>,
    /// Its fields and nested items that changed, in the order of the field
    /// tables.
    pub changes: Vec<Change>,
    /// The whole item, as the JSON export writes it, when added or removed.
    pub value: Option<Value>,
}

/// A move within a collection, by 1-based positions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Moved {
    /// The position in OLD.
    pub from: usize,
    /// The position in NEW.
    pub to: usize,
}

/// What a change did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ChangeKind {
    /// A field went from one value to another (either may be absent), or a
    /// measurement's value changed.
    Set,
    /// A nested item or a measurement is new.
    Added,
    /// A nested item or a measurement is gone.
    Removed,
}

/// One changed field, or one nested item added or removed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    /// The field (`goals.x.status`), the nested item
    /// (`goals.x.comments.3`) or, for a measurement, the indicator's
    /// measurements (`goals.x.indicators.1.measurements`).
    pub address: String,
    /// The date of the measurement, for a measurement.
    pub date: Option<Date>,
    /// Set, added or removed.
    pub change: ChangeKind,
    /// The value in OLD; `None` when absent.
    pub old: Option<Value>,
    /// The value in NEW; `None` when absent.
    pub new: Option<Value>,
    /// What the values are, to show them.
    #[serde(skip)]
    pub shape: Shape,
}

/// What a [`Change`]'s values are, which decides how they are shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// A field of this kind.
    Field(FieldKind),
    /// A whole nested item of this kind.
    Item(TableKind),
    /// A measurement's value.
    Measurement,
}

/// A progress figure that moved, as whole percentages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProgressChange {
    /// `plan`, `themes.ID` or `goals.ID` (NEW's id).
    pub address: String,
    /// The percentage in OLD.
    pub old: u32,
    /// The percentage in NEW.
    pub new: u32,
}

/// A line of the whole plan's ledger totals that changed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LedgerChange {
    /// What is contributed (`money`, `space`…).
    pub kind: &'static str,
    /// The unit (the plan's currency for money without one; may be empty).
    pub unit: String,
    /// The contributors' role; `None` for contributors that name no actor.
    pub role: Option<&'static str>,
    /// The totals in OLD (zero when the line was not there).
    pub old: Amounts,
    /// The totals in NEW (zero when the line is gone).
    pub new: Amounts,
}

/// The totals of one ledger line.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize)]
pub struct Amounts {
    /// The sum of one-off amounts.
    pub once: f64,
    /// The sum of recurring amounts, per year.
    pub per_year: f64,
    /// How many contributions the line sums.
    pub count: usize,
}

/// What changed from `old` to `new`, in plan terms.
///
/// ```
/// use commonplan::document::PlanDocument;
/// use commonplan::history::diff::{diff, to_text};
///
/// let old = "format = 1\n[plan]\ncity = \"C\"\ntitle = \"T\"\n\
///            [[goals]]\nid = \"energy\"\ntitle = \"Energy\"\nstatus = \"in-progress\"\n";
/// let new = old.replace("in-progress", "achieved");
/// let old = PlanDocument::read_plan(old.as_bytes()).unwrap();
/// let new = PlanDocument::read_plan(new.as_bytes()).unwrap();
/// let changes = diff(&old, &new);
/// assert!(to_text(&changes).contains("goals.energy.status: in-progress → achieved"));
/// ```
pub fn diff(old: &Plan, new: &Plan) -> PlanDiff {
    let mut matched = items::Matched::new(old, new);
    let items = matched.item_diffs(old, new);
    PlanDiff {
        items,
        progress: figures::progress(old, new, &matched),
        ledger: figures::ledger(old, new),
    }
}
