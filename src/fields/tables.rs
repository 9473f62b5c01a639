//! The data of the schema: each table's fields in the order the format page
//! gives them, with their meaning, defaults and limits.

use super::FieldKind::*;
use super::{Field, Limit, TableKind, Target, field, required};
use crate::model::*;

/// What an item of `kind` is, in a sentence.
pub(super) fn doc(kind: TableKind) -> &'static str {
    match kind {
        TableKind::Plan => "What the plan is: city, title, period, vision.",
        TableKind::Theme => "A transition domain: food, energy, housing…",
        TableKind::Actor => "Someone who takes part.",
        TableKind::Goal => "What the plan sets out to achieve.",
        TableKind::Indicator => "How progress toward a goal is measured.",
        TableKind::Measurement => "One value of an indicator at a date.",
        TableKind::Milestone => "A dated step toward a goal.",
        TableKind::Comment => "A review note.",
        TableKind::Partnership => "A public-commons partnership.",
        TableKind::Party => "A signatory of a partnership.",
        TableKind::Contribution => "One line of a partnership's contribution ledger.",
        TableKind::Workshop => "A review session with dot voting.",
        TableKind::Vote => "Dots a participant placed on a goal or partnership.",
        TableKind::Decision => "What the room decided in a workshop.",
    }
}

const SLUG: &str = "A short slug: a-z, 0-9 and `-`.";

/// The value keys of a table of `kind`.
pub(super) fn fields(kind: TableKind) -> &'static [Field] {
    match kind {
        TableKind::Plan => PLAN,
        TableKind::Theme => THEME,
        TableKind::Actor => ACTOR,
        TableKind::Goal => GOAL,
        TableKind::Indicator => INDICATOR,
        TableKind::Measurement => MEASUREMENT,
        TableKind::Milestone => MILESTONE,
        TableKind::Comment => COMMENT,
        TableKind::Partnership => PARTNERSHIP,
        TableKind::Party => PARTY,
        TableKind::Contribution => CONTRIBUTION,
        TableKind::Workshop => WORKSHOP,
        TableKind::Vote => VOTE,
        TableKind::Decision => DECISION,
    }
}

const PLAN: &[Field] = &[
    required("city", Text, "The city or territory."),
    required("title", Text, "The plan's title."),
    field("country", Text, "ISO 3166-1 alpha-2 code, e.g. \"BE\".")
        .hint("ISO 3166-1 alpha-2, e.g. `\"BE\"`"),
    field(
        "status",
        Keyword(PlanStatus::WORDS),
        "Where the plan stands as a document.",
    )
    .default("\"draft\""),
    field("start_year", Integer, "First year of the plan's period."),
    field("end_year", Integer, "Last year of the plan's period."),
    field("updated", Date, "Last substantive revision."),
    field("authors", Texts, "Who wrote the plan."),
    field("currency", Text, "ISO 4217 code used for money amounts.")
        .hint("ISO 4217")
        .default("\"EUR\""),
    field("vision", Text, "The plan's vision statement."),
    field("context", Text, "Background, diagnosis, barriers found."),
];

const THEME: &[Field] = &[
    required("id", Id, SLUG),
    required("name", Text, "The theme's name."),
    field("description", Text, "What the theme covers."),
];

const ACTOR: &[Field] = &[
    required("id", Id, SLUG),
    required("name", Text, "The actor's name."),
    required(
        "role",
        Keyword(Role::WORDS),
        "The actor's place in a commons economy.",
    ),
    field("description", Text, "Who they are and what they do."),
    field(
        "theme",
        Reference(Target::Theme),
        "Main theme (a theme id), for commons initiatives.",
    ),
    field("since", Integer, "Founding year.").hint("year"),
    field("members", Integer, "People involved."),
    field("url", Text, "Web site, `http` or `https` only.").hint("`http`/`https`"),
];

const GOAL: &[Field] = &[
    required(
        "id",
        Id,
        "A short slug: a-z, 0-9 and `-`; shared with partnership ids.",
    ),
    required("title", Text, "The goal in one line."),
    field("theme", Reference(Target::Theme), "A theme id."),
    field(
        "parent",
        Reference(Target::Goal),
        "The id of the goal this one serves (a sub-goal).",
    ),
    field(
        "status",
        Keyword(GoalStatus::WORDS),
        "Where the goal stands.",
    )
    .default("\"proposed\""),
    field(
        "priority",
        Keyword(Priority::WORDS),
        "How much the goal matters.",
    ),
    field(
        "owner",
        Reference(Target::Actor),
        "The responsible body (an actor id).",
    ),
    field(
        "target_year",
        Integer,
        "The year the goal should be reached.",
    ),
    field("budget", Number, "Budget, in the plan's currency."),
    field(
        "weight",
        Number,
        "Weight in progress roll-ups, greater than 0.",
    )
    .limit(Limit::Above(0))
    .default("1"),
    field("tags", Texts, "Free tags."),
    field("description", Text, "What the goal means and why."),
];

const INDICATOR: &[Field] = &[
    required("name", Text, "What is counted."),
    field("unit", Text, "Unit: \"households\", \"tCO2e\", \"%\"…"),
    field("baseline", Number, "The value at the start."),
    field("baseline_year", Integer, "The year of the baseline."),
    field("target", Number, "The value aimed for."),
    field(
        "target_year",
        Integer,
        "The year of the target; the goal's when absent.",
    ),
    field("source", Text, "Means of verification."),
];

const MEASUREMENT: &[Field] = &[
    required("date", Date, "When it was measured."),
    required("value", Number, "What was measured."),
];

const MILESTONE: &[Field] = &[
    required("title", Text, "What is to be done."),
    field("due", Date, "When it is due."),
    field("done", Bool, "Whether it is done.").default("false"),
    field(
        "id",
        Text,
        "A short slug, unique within its goal: keeps the milestone's calendar event when milestones move.",
    )
    .hint("optional id, unique within its goal"),
];

const COMMENT: &[Field] = &[
    required("author", Text, "Who said it."),
    required("text", Text, "What was said."),
    field("date", Date, "When."),
    field("resolved", Bool, "Whether it has been dealt with.").default("false"),
    field(
        "stance",
        Keyword(Stance::WORDS),
        "Where the speaker stands on the item.",
    ),
    field(
        "workshop",
        Reference(Target::Workshop),
        "The workshop where it was said (a workshop id).",
    ),
];

const PARTNERSHIP: &[Field] = &[
    required(
        "id",
        Id,
        "A short slug: a-z, 0-9 and `-`; shared with goal ids.",
    ),
    required("title", Text, "The partnership in one line."),
    field(
        "instrument",
        Keyword(Instrument::WORDS),
        "The legal or practical form.",
    ),
    field(
        "complexity",
        Keyword(Complexity::WORDS),
        "Ordinary (small acts of care) or complex (needs the executive).",
    ),
    field(
        "status",
        Keyword(PartnershipStatus::WORDS),
        "Where the partnership stands.",
    )
    .default("\"proposed\""),
    field("resource", Text, "The common good concerned."),
    field(
        "goals",
        References(Target::Goal),
        "The goals this partnership serves (goal ids).",
    ),
    field("start", Date, "When it starts."),
    field("end", Date, "When it ends."),
    field("review", Date, "Next evaluation."),
    field("objectives", Text, "What the partnership sets out to do."),
    field(
        "governance",
        Text,
        "Who decides what, and the responsibilities of each side.",
    ),
    field("evaluation", Text, "How it is evaluated and made public."),
    field("description", Text, "Anything else worth saying."),
];

const PARTY: &[Field] = &[
    required("actor", Reference(Target::Actor), "The actor's id."),
    field("commitments", Text, "What this party commits to."),
];

const CONTRIBUTION: &[Field] = &[
    required(
        "from",
        Reference(Target::Actor),
        "The contributing actor's id; must be a party of the partnership.",
    )
    .hint("of one of the parties"),
    required(
        "kind",
        Keyword(ContributionKind::WORDS),
        "What is contributed.",
    ),
    field("amount", Number, "How much."),
    field(
        "unit",
        Text,
        "Unit: \"EUR\", \"hours\", \"m2\"…; money defaults to the plan's currency.",
    )
    .hint("money defaults to the plan's currency"),
    field("per", Keyword(Period::WORDS), "How often.").default("\"once\""),
    field("description", Text, "What exactly."),
];

const WORKSHOP: &[Field] = &[
    required("id", Id, SLUG),
    required("title", Text, "The session's title."),
    field("date", Date, "When it took place."),
    field("facilitator", Text, "Who ran it."),
    field("participants", Texts, "Who took part."),
    field("dots", Integer, "Dots each participant may place.")
        .hint("per participant")
        .limit(Limit::AtLeast(0))
        .default("5"),
    field("location", Text, "Where it took place."),
    field("notes", Text, "The facilitator's record."),
];

const VOTE: &[Field] = &[
    required("participant", Text, "Who placed them."),
    required(
        "item",
        Reference(Target::GoalOrPartnership),
        "A goal or partnership id.",
    ),
    required("dots", Integer, "How many dots.").limit(Limit::AtLeast(1)),
];

const DECISION: &[Field] = &[
    required("text", Text, "The decision, in the room's words."),
    field(
        "item",
        Reference(Target::GoalOrPartnership),
        "What it is about (a goal or partnership id).",
    ),
    field(
        "owner",
        Reference(Target::Actor),
        "Who carries it out (an actor id).",
    ),
    field("due", Date, "By when."),
];
