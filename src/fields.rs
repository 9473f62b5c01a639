//! The one schema of a plan: every table's keys, what each holds, which are
//! required, their defaults and what they mean, as data.
//!
//! One table per kind of item (a goal, an indicator, a contribution…): its
//! keys, the kind of value each takes, which are required, and which keys
//! hold nested collections. Everything that needs the plan's keys follows
//! this table: the reader takes its known and required keys from here, the
//! editor checks and parses values by it, `commonplan schema` is generated
//! from it ([`schema`]), and so are the key tables of `docs/format.md`
//! ([`docs`]); tests hold the model's serde names to it. Like `model`, it
//! knows no TOML document, terminal or CLI.

mod collection;
pub mod docs;
pub mod schema;
mod tables;

pub use collection::{Collection, Nested, UnknownCollection};

/// What a field holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKind {
    /// An item's own id.
    Id,
    /// A line or more of text.
    Text,
    /// A whole number, such as a year.
    Integer,
    /// Any number.
    Number,
    /// A calendar date.
    Date,
    /// `true` or `false`.
    Bool,
    /// One of a closed list of words.
    Keyword(&'static [&'static str]),
    /// The id of another item.
    Reference(Target),
    /// A list of ids of other items.
    References(Target),
    /// A list of texts.
    Texts,
}

/// What a reference points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// A theme.
    Theme,
    /// An actor.
    Actor,
    /// A goal.
    Goal,
    /// A goal or a partnership (they share ids).
    GoalOrPartnership,
    /// A workshop.
    Workshop,
}

impl Target {
    /// How the target is named in messages.
    pub fn noun(self) -> &'static str {
        match self {
            Target::Theme => "theme",
            Target::Actor => "actor",
            Target::Goal => "goal",
            Target::GoalOrPartnership => "goal or partnership",
            Target::Workshop => "workshop",
        }
    }
}

/// The largest size a number of a plan may have, either way: a thousand
/// million million. The figures made from numbers (sums of amounts over a
/// plan, weighted means, percentages) stay finite and exact to the cent
/// below it; no real budget, indicator or weight comes near.
pub const LARGEST_NUMBER: i64 = 1_000_000_000_000_000;

/// Whether `number` is within [`LARGEST_NUMBER`] either way.
pub fn within_largest(number: f64) -> bool {
    number.abs() <= LARGEST_NUMBER as f64
}

/// The smallest value a number may take, beyond its kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limit {
    /// Greater than this.
    Above(i64),
    /// This or more.
    AtLeast(i64),
}

/// One key of a table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Field {
    /// The key as written.
    pub key: &'static str,
    /// What it holds.
    pub kind: FieldKind,
    /// Whether an item must have it.
    pub required: bool,
    /// What it means, in a sentence: the schema's description.
    pub doc: &'static str,
    /// The value the reader fills in when the key is absent, written as
    /// both TOML and JSON write it (`"EUR"`, `1`, `false`).
    pub default: Option<&'static str>,
    /// What the format page says beside the key, besides what its kind,
    /// limit and default say: `ISO 4217`.
    pub hint: Option<&'static str>,
    /// The smallest value a number may take.
    pub limit: Option<Limit>,
}

impl Field {
    const fn new(key: &'static str, kind: FieldKind, required: bool, doc: &'static str) -> Field {
        Field {
            key,
            kind,
            required,
            doc,
            default: None,
            hint: None,
            limit: None,
        }
    }

    const fn default(mut self, value: &'static str) -> Field {
        self.default = Some(value);
        self
    }

    const fn hint(mut self, hint: &'static str) -> Field {
        self.hint = Some(hint);
        self
    }

    const fn limit(mut self, limit: Limit) -> Field {
        self.limit = Some(limit);
        self
    }
}

const fn field(key: &'static str, kind: FieldKind, doc: &'static str) -> Field {
    Field::new(key, kind, false, doc)
}

const fn required(key: &'static str, kind: FieldKind, doc: &'static str) -> Field {
    Field::new(key, kind, true, doc)
}

/// The `format` key at the top of a plan file.
pub const FORMAT: Field = required(
    "format",
    FieldKind::Integer,
    "The plan format version; this program reads format 1.",
)
.hint("integer, `1`");

/// The `[plan]` table's key at the top of a plan file.
pub const PLAN_KEY: &str = "plan";

/// Every key the top of a plan file may hold: `format`, `plan`, then the
/// collections.
pub fn root_keys() -> impl Iterator<Item = &'static str> {
    [FORMAT.key, PLAN_KEY]
        .into_iter()
        .chain(Collection::ALL.iter().map(|c| c.key()))
}

/// Each kind of table in a plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TableKind {
    /// The `[plan]` table.
    Plan,
    /// `[[themes]]`.
    Theme,
    /// `[[actors]]`.
    Actor,
    /// `[[goals]]`.
    Goal,
    /// `[[goals.indicators]]`.
    Indicator,
    /// An indicator's measurement.
    Measurement,
    /// `[[goals.milestones]]`.
    Milestone,
    /// `[[goals.comments]]` and `[[partnerships.comments]]`.
    Comment,
    /// `[[partnerships]]`.
    Partnership,
    /// `[[partnerships.parties]]`.
    Party,
    /// `[[partnerships.contributions]]`.
    Contribution,
    /// `[[workshops]]`.
    Workshop,
    /// A workshop's vote.
    Vote,
    /// `[[workshops.decisions]]`.
    Decision,
}

impl TableKind {
    /// Every kind of table, the plan's first, in the order of the format page.
    pub const ALL: &'static [TableKind] = &[
        TableKind::Plan,
        TableKind::Theme,
        TableKind::Actor,
        TableKind::Goal,
        TableKind::Indicator,
        TableKind::Measurement,
        TableKind::Milestone,
        TableKind::Comment,
        TableKind::Partnership,
        TableKind::Party,
        TableKind::Contribution,
        TableKind::Workshop,
        TableKind::Vote,
        TableKind::Decision,
    ];

    /// The value keys of this table (not its nested collections).
    pub fn fields(self) -> &'static [Field] {
        tables::fields(self)
    }

    /// What an item of this kind is, in a sentence.
    pub fn doc(self) -> &'static str {
        tables::doc(self)
    }

    /// The collections nested in this table.
    pub fn nested(self) -> &'static [Nested] {
        match self {
            TableKind::Goal => &[Nested::Indicators, Nested::Milestones, Nested::Comments],
            TableKind::Indicator => &[Nested::Measurements],
            TableKind::Partnership => &[Nested::Parties, Nested::Contributions, Nested::Comments],
            TableKind::Workshop => &[Nested::Votes, Nested::Decisions],
            _ => &[],
        }
    }

    /// The field with this key.
    pub fn field(self, key: &str) -> Option<&'static Field> {
        self.fields().iter().find(|f| f.key == key)
    }

    /// The kind of the items of the nested collection `key`.
    pub fn collection(self, key: &str) -> Option<TableKind> {
        self.nested_named(key).map(Nested::item)
    }

    /// The nested collection `key` of this table.
    pub fn nested_named(self, key: &str) -> Option<Nested> {
        self.nested().iter().copied().find(|n| n.key() == key)
    }

    /// Every key this table may hold: fields, then collections.
    pub fn keys(self) -> impl Iterator<Item = &'static str> {
        self.fields()
            .iter()
            .map(|f| f.key)
            .chain(self.nested().iter().map(|n| n.key()))
    }

    /// Whether this table may hold `key`, as a field or a collection.
    pub fn knows(self, key: &str) -> bool {
        self.field(key).is_some() || self.nested_named(key).is_some()
    }

    /// The required keys of this table.
    pub fn required(self) -> impl Iterator<Item = &'static Field> {
        self.fields().iter().filter(|f| f.required)
    }

    /// Whether items of this kind are named by an id.
    pub fn has_id(self) -> bool {
        self.fields()
            .first()
            .is_some_and(|f| f.kind == FieldKind::Id)
    }

    /// How an item of this kind is named in messages.
    pub const fn noun(self) -> &'static str {
        match self {
            TableKind::Plan => "plan",
            TableKind::Theme => "theme",
            TableKind::Actor => "actor",
            TableKind::Goal => "goal",
            TableKind::Indicator => "indicator",
            TableKind::Measurement => "measurement",
            TableKind::Milestone => "milestone",
            TableKind::Comment => "comment",
            TableKind::Partnership => "partnership",
            TableKind::Party => "party",
            TableKind::Contribution => "contribution",
            TableKind::Workshop => "workshop",
            TableKind::Vote => "vote",
            TableKind::Decision => "decision",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_table_lists_its_keys_once() {
        for &kind in TableKind::ALL {
            let keys: Vec<&str> = kind.keys().collect();
            let mut unique = keys.clone();
            unique.sort();
            unique.dedup();
            assert_eq!(keys.len(), unique.len(), "{kind:?}");
            assert!(kind.required().count() > 0, "{kind:?} requires nothing");
            assert!(!kind.doc().is_empty());
            for field in kind.fields() {
                assert!(!field.doc.is_empty(), "{kind:?}.{} has no doc", field.key);
            }
        }
        assert!(TableKind::Goal.has_id() && !TableKind::Indicator.has_id());
        assert_eq!(
            TableKind::Goal.collection("indicators"),
            Some(TableKind::Indicator)
        );
    }

    #[test]
    fn the_key_lists_follow_the_enums() {
        // Every kind of table is the plan, or the items of exactly one
        // collection; every nested collection is held by some table.
        for &kind in TableKind::ALL {
            let top = Collection::ALL.iter().filter(|c| c.item() == kind).count();
            let nested = Nested::ALL.iter().filter(|n| n.item() == kind).count();
            let expected = usize::from(kind != TableKind::Plan);
            assert_eq!(top + nested, expected, "{kind:?}");
        }
        for &n in Nested::ALL {
            assert!(
                TableKind::ALL.iter().any(|k| k.nested().contains(&n)),
                "{n:?} is held by no table"
            );
        }
        assert_eq!(
            "goals".parse::<Collection>().map(Collection::item),
            Ok(TableKind::Goal)
        );
        assert!("goal".parse::<Collection>().is_err());
        let root: Vec<_> = root_keys().collect();
        assert_eq!(
            root,
            [
                "format",
                "plan",
                "themes",
                "actors",
                "goals",
                "partnerships",
                "workshops"
            ]
        );
    }

    #[test]
    fn defaults_are_literals_of_their_kind() {
        for &kind in TableKind::ALL {
            for field in kind.fields() {
                let Some(default) = field.default else {
                    continue;
                };
                let value: serde_json::Value = serde_json::from_str(default)
                    .unwrap_or_else(|e| panic!("{kind:?}.{}: {e}", field.key));
                let fits = match field.kind {
                    FieldKind::Keyword(words) => value.as_str().is_some_and(|w| words.contains(&w)),
                    FieldKind::Text => value.is_string(),
                    FieldKind::Integer => value.is_i64(),
                    FieldKind::Number => value.is_number(),
                    FieldKind::Bool => value.is_boolean(),
                    _ => false,
                };
                assert!(fits, "{kind:?}.{} = {default}", field.key);
            }
        }
    }
}
