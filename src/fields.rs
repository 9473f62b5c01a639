//! The keys of every table of a plan and what each holds, as data.
//!
//! One table per kind of item (a goal, an indicator, a contribution…): its
//! keys, the kind of value each takes, which are required, and which keys
//! hold nested collections. The reader takes its list of known keys from
//! here, the editor checks and parses values by it, and help is generated
//! from it. Like `model`, it knows no TOML document, terminal or CLI.

use crate::model::*;

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
}

impl Target {
    /// How the target is named in messages.
    pub fn noun(self) -> &'static str {
        match self {
            Target::Theme => "theme",
            Target::Actor => "actor",
            Target::Goal => "goal",
            Target::GoalOrPartnership => "goal or partnership",
        }
    }
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
}

const fn field(key: &'static str, kind: FieldKind) -> Field {
    Field {
        key,
        kind,
        required: false,
    }
}

const fn required(key: &'static str, kind: FieldKind) -> Field {
    Field {
        key,
        kind,
        required: true,
    }
}

use FieldKind::*;

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
}

/// The collections at the top of a plan, with the kind of their items.
pub const TOP_COLLECTIONS: &[(&str, TableKind)] = &[
    ("themes", TableKind::Theme),
    ("actors", TableKind::Actor),
    ("goals", TableKind::Goal),
    ("partnerships", TableKind::Partnership),
    ("workshops", TableKind::Workshop),
];

impl TableKind {
    /// The value keys of this table (not its nested collections).
    pub fn fields(self) -> &'static [Field] {
        match self {
            TableKind::Plan => {
                const FIELDS: &[Field] = &[
                    required("city", Text),
                    required("title", Text),
                    field("country", Text),
                    field("status", Keyword(PlanStatus::WORDS)),
                    field("start_year", Integer),
                    field("end_year", Integer),
                    field("updated", Date),
                    field("authors", Texts),
                    field("currency", Text),
                    field("vision", Text),
                    field("context", Text),
                ];
                FIELDS
            }
            TableKind::Theme => {
                const FIELDS: &[Field] = &[
                    required("id", Id),
                    required("name", Text),
                    field("description", Text),
                ];
                FIELDS
            }
            TableKind::Actor => {
                const FIELDS: &[Field] = &[
                    required("id", Id),
                    required("name", Text),
                    required("role", Keyword(Role::WORDS)),
                    field("description", Text),
                    field("theme", Reference(Target::Theme)),
                    field("since", Integer),
                    field("members", Integer),
                    field("url", Text),
                ];
                FIELDS
            }
            TableKind::Goal => {
                const FIELDS: &[Field] = &[
                    required("id", Id),
                    required("title", Text),
                    field("theme", Reference(Target::Theme)),
                    field("parent", Reference(Target::Goal)),
                    field("status", Keyword(GoalStatus::WORDS)),
                    field("priority", Keyword(Priority::WORDS)),
                    field("owner", Reference(Target::Actor)),
                    field("target_year", Integer),
                    field("budget", Number),
                    field("weight", Number),
                    field("tags", Texts),
                    field("description", Text),
                ];
                FIELDS
            }
            TableKind::Indicator => {
                const FIELDS: &[Field] = &[
                    required("name", Text),
                    field("unit", Text),
                    field("baseline", Number),
                    field("baseline_year", Integer),
                    field("target", Number),
                    field("target_year", Integer),
                    field("source", Text),
                ];
                FIELDS
            }
            TableKind::Measurement => {
                const FIELDS: &[Field] = &[required("date", Date), required("value", Number)];
                FIELDS
            }
            TableKind::Milestone => {
                const FIELDS: &[Field] = &[
                    required("title", Text),
                    field("due", Date),
                    field("done", Bool),
                ];
                FIELDS
            }
            TableKind::Comment => {
                const FIELDS: &[Field] = &[
                    required("author", Text),
                    required("text", Text),
                    field("date", Date),
                    field("resolved", Bool),
                ];
                FIELDS
            }
            TableKind::Partnership => {
                const FIELDS: &[Field] = &[
                    required("id", Id),
                    required("title", Text),
                    field("instrument", Keyword(Instrument::WORDS)),
                    field("complexity", Keyword(Complexity::WORDS)),
                    field("status", Keyword(PartnershipStatus::WORDS)),
                    field("resource", Text),
                    field("goals", References(Target::Goal)),
                    field("start", Date),
                    field("end", Date),
                    field("review", Date),
                    field("objectives", Text),
                    field("governance", Text),
                    field("evaluation", Text),
                    field("description", Text),
                ];
                FIELDS
            }
            TableKind::Party => {
                const FIELDS: &[Field] = &[
                    required("actor", Reference(Target::Actor)),
                    field("commitments", Text),
                ];
                FIELDS
            }
            TableKind::Contribution => {
                const FIELDS: &[Field] = &[
                    required("from", Reference(Target::Actor)),
                    required("kind", Keyword(ContributionKind::WORDS)),
                    field("amount", Number),
                    field("unit", Text),
                    field("per", Keyword(Period::WORDS)),
                    field("description", Text),
                ];
                FIELDS
            }
            TableKind::Workshop => {
                const FIELDS: &[Field] = &[
                    required("id", Id),
                    required("title", Text),
                    field("date", Date),
                    field("facilitator", Text),
                    field("participants", Texts),
                    field("dots", Integer),
                ];
                FIELDS
            }
            TableKind::Vote => {
                const FIELDS: &[Field] = &[
                    required("participant", Text),
                    required("item", Reference(Target::GoalOrPartnership)),
                    required("dots", Integer),
                ];
                FIELDS
            }
        }
    }

    /// The collections nested in this table, with the kind of their items.
    pub fn collections(self) -> &'static [(&'static str, TableKind)] {
        match self {
            TableKind::Goal => &[
                ("indicators", TableKind::Indicator),
                ("milestones", TableKind::Milestone),
                ("comments", TableKind::Comment),
            ],
            TableKind::Indicator => &[("measurements", TableKind::Measurement)],
            TableKind::Partnership => &[
                ("parties", TableKind::Party),
                ("contributions", TableKind::Contribution),
                ("comments", TableKind::Comment),
            ],
            TableKind::Workshop => &[("votes", TableKind::Vote)],
            _ => &[],
        }
    }

    /// The field with this key.
    pub fn field(self, key: &str) -> Option<&'static Field> {
        self.fields().iter().find(|f| f.key == key)
    }

    /// The kind of the items of the nested collection `key`.
    pub fn collection(self, key: &str) -> Option<TableKind> {
        self.collections()
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, kind)| *kind)
    }

    /// Every key this table may hold: fields, then collections.
    pub fn keys(self) -> impl Iterator<Item = &'static str> {
        self.fields()
            .iter()
            .map(|f| f.key)
            .chain(self.collections().iter().map(|(k, _)| *k))
    }

    /// Whether items of this kind are named by an id.
    pub fn has_id(self) -> bool {
        self.fields().first().is_some_and(|f| f.kind == Id)
    }

    /// How an item of this kind is named in messages.
    pub fn noun(self) -> &'static str {
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
        }
    }
}

/// The top-level collection `key`, with the kind of its items.
pub fn top_collection(key: &str) -> Option<TableKind> {
    TOP_COLLECTIONS
        .iter()
        .find(|(k, _)| *k == key)
        .map(|(_, kind)| *kind)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_table_lists_its_keys_once() {
        let all = [
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
        ];
        for kind in all {
            let keys: Vec<&str> = kind.keys().collect();
            let mut unique = keys.clone();
            unique.sort();
            unique.dedup();
            assert_eq!(keys.len(), unique.len(), "{kind:?}");
        }
        assert!(TableKind::Goal.has_id() && !TableKind::Indicator.has_id());
        assert_eq!(
            TableKind::Goal.collection("indicators"),
            Some(TableKind::Indicator)
        );
    }
}
