//! The report: a plan normalised for the world outside, the one data every
//! export reads and the JSON export writes as it is.
//!
//! Building it fills in every default, resolves each reference to the id and
//! the name it names (`null` when it names nothing), adds the derived figures
//! (progress, counts, the contribution ledger split into what the city gives
//! and what the commons give, the dot-vote tallies) and the diagnostics, and
//! cleans every text from the plan once: control and bidirectional
//! formatting characters are written as visible escapes (`\u{1b}`), so no
//! export can carry them. Multi-line texts keep their line breaks; one-line
//! texts (titles, names, ids, units) lose them as escapes too.
//!
//! Goals are kept in the order a reader meets them: by theme (the declared
//! themes in file order, then theme ids no theme declares, then goals with no
//! theme), and within a theme as a tree, each sub-goal after its parent, the
//! way the progress roll-up counts them.

use schemars::JsonSchema;
use serde::Serialize;

use crate::diagnostic::{JsonDiagnostic, Severity};
use crate::model::{
    Comment, Complexity, ContributionKind, Date, GoalStatus, Instrument, Measurement, Milestone,
    PartnershipStatus, Period, PlanStatus, Priority, Role, Stance,
};

mod brief;
mod build;
mod changes;
mod decisions;

pub use brief::{BRIEF_DECISIONS, Brief, BriefTheme};
pub(in crate::export) use build::Weights;
pub use changes::{ChangeGroup, ChangesSince};
pub use decisions::REVIEW_WINDOW_DAYS;

/// The version of the report's shape, written into every JSON export.
pub const REPORT_FORMAT: u32 = 1;

/// A plan as the exports see it.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[schemars(title = "commonplan report, format 1")]
pub struct Report {
    /// The version of this report's shape: 1.
    pub report_format: u32,
    /// The plan file, as it was named.
    pub source: String,
    /// The day the report was made; it decides what is overdue.
    pub generated: Date,
    /// What the plan is.
    pub plan: PlanInfo,
    /// The figures at a glance.
    pub summary: Summary,
    /// What the plan's readers must decide or follow up, most pressing
    /// kind first: overdue milestones, overdue and coming partnership
    /// reviews, goals proposed and not adopted, partnerships still
    /// negotiating, comments not yet dealt with, and workshop decisions
    /// past their due date.
    pub decisions_needed: Vec<DecisionNeeded>,
    /// The goals by theme; every goal is in exactly one section.
    pub themes: Vec<ThemeSection>,
    /// Everyone who takes part, with what they own and take part in.
    pub actors: Vec<Actor>,
    /// The public-commons partnerships.
    pub partnerships: Vec<Partnership>,
    /// The review sessions, with their dot votes tallied.
    pub workshops: Vec<Workshop>,
    /// The comments not yet dealt with, goals' first, then partnerships'.
    pub open_comments: Vec<OpenComment>,
    /// Every problem `commonplan check` finds in the plan, as `check
    /// --format json` gives it, without the `file` (it is [`Report::source`]).
    pub diagnostics: Vec<JsonDiagnostic>,
    /// What changed since an earlier version, when the export was asked
    /// for it (`--since`); absent otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub changes: Option<ChangesSince>,
}

/// A reference to a goal, partnership, actor or theme: its id, and its name
/// or title when the id names one.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Ref {
    /// The id as the plan writes it.
    pub id: String,
    /// The name or title of what it names; `null` when it names nothing.
    pub name: Option<String>,
}

/// The `[plan]` table, defaults filled in, with the plan's progress.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct PlanInfo {
    /// The city or territory.
    pub city: String,
    /// The plan's title.
    pub title: String,
    /// ISO 3166-1 alpha-2 code.
    pub country: Option<String>,
    /// Where the plan stands as a document.
    pub status: PlanStatus,
    /// First year of the plan's period.
    pub start_year: Option<i64>,
    /// Last year of the plan's period.
    pub end_year: Option<i64>,
    /// Last substantive revision.
    pub updated: Option<Date>,
    /// Who wrote the plan.
    pub authors: Vec<String>,
    /// ISO 4217 code of money amounts.
    pub currency: String,
    /// The vision statement.
    pub vision: Option<String>,
    /// Background, diagnosis, barriers found.
    pub context: Option<String>,
    /// The weighted mean progress of the top-level goals, 0 to 1; `null`
    /// when no goal counts.
    pub progress: Option<f64>,
}

/// The figures at a glance.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Summary {
    /// How many goals.
    pub goals: usize,
    /// Goals by status, every status listed in order, zeros included.
    pub goals_by_status: Vec<GoalCount>,
    /// How many partnerships.
    pub partnerships: usize,
    /// Partnerships by status, every status listed in order, zeros included.
    pub partnerships_by_status: Vec<PartnershipCount>,
    /// Milestones in all, and done.
    pub milestones: usize,
    /// Milestones done.
    pub milestones_done: usize,
    /// Milestones past their date and not done.
    pub milestones_overdue: usize,
    /// Comments not yet dealt with.
    pub open_comments: usize,
    /// The contribution ledger of all partnerships.
    pub ledger: Ledger,
    /// The goals' budgets, in the plan's currency: each goal's own budget
    /// counted once, a sub-goal's never added into its parent's.
    pub budget: Budget,
    /// Errors found by `commonplan check`.
    pub errors: usize,
    /// Warnings found by `commonplan check`.
    pub warnings: usize,
}

/// A sum of goals' budgets.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, JsonSchema)]
pub struct Budget {
    /// The sum of the budgets, in the plan's currency; 0 when no goal has
    /// one.
    pub total: f64,
    /// How many goals have a budget.
    pub goals: usize,
}

impl Budget {
    /// Count one goal's own budget, if it has one.
    pub fn add(&mut self, budget: Option<f64>) {
        if let Some(amount) = budget {
            self.total += amount;
            self.goals += 1;
        }
    }
}

/// Something the plan's readers must decide or follow up: one line of
/// [`Report::decisions_needed`].
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct DecisionNeeded {
    /// What kind of decision.
    pub kind: NeedKind,
    /// The goal, partnership or workshop it concerns.
    pub item: Ref,
    /// `goal`, `partnership` or `workshop` (or `unknown` for a workshop
    /// decision about an id the plan does not hold).
    pub item_kind: NeedItem,
    /// In one line, what is to be done: the milestone, the comment (its
    /// author first) or the decision; for a review, a proposed goal or a
    /// partnership in negotiation, the step it waits for ("Review the
    /// partnership", "Adopt the goal, or not", "Conclude the agreement").
    pub title: String,
    /// Who answers for it: the goal's owner; for a partnership, its first
    /// public party (the city signs), else its first party; for a comment,
    /// the owner of what it is on; for a workshop decision, its owner.
    pub owner: Option<Ref>,
    /// The date it turns on: a milestone's due date, a review's date, a
    /// comment's date, a decision's due date; `null` for a proposed goal
    /// and a partnership in negotiation.
    pub date: Option<Date>,
}

/// The kinds of [`DecisionNeeded`], most pressing first: the order the
/// reports list them in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum NeedKind {
    /// A milestone due before the report's day and not done.
    MilestoneOverdue,
    /// A running partnership's review dated before the report's day.
    ReviewOverdue,
    /// A running partnership's review due within the next 90 days.
    ReviewDue,
    /// A workshop decision past its due date.
    DecisionOverdue,
    /// A goal proposed and not yet adopted.
    GoalProposed,
    /// A partnership still being negotiated.
    PartnershipNegotiating,
    /// A comment not yet dealt with (`resolved` not set).
    OpenComment,
}

impl NeedKind {
    /// Every kind, in the reports' order.
    pub const ALL: [NeedKind; 7] = [
        NeedKind::MilestoneOverdue,
        NeedKind::ReviewOverdue,
        NeedKind::ReviewDue,
        NeedKind::DecisionOverdue,
        NeedKind::GoalProposed,
        NeedKind::PartnershipNegotiating,
        NeedKind::OpenComment,
    ];

    /// How many of a kind, in words: `1 overdue milestone`, `2 open
    /// comments`.
    pub fn counted(self, count: usize) -> String {
        let (one, many) = match self {
            NeedKind::MilestoneOverdue => ("overdue milestone", "overdue milestones"),
            NeedKind::ReviewOverdue => ("overdue review", "overdue reviews"),
            NeedKind::ReviewDue => ("review due within 90 days", "reviews due within 90 days"),
            NeedKind::DecisionOverdue => {
                ("overdue workshop decision", "overdue workshop decisions")
            }
            NeedKind::GoalProposed => ("goal waiting for adoption", "goals waiting for adoption"),
            NeedKind::PartnershipNegotiating => {
                ("partnership in negotiation", "partnerships in negotiation")
            }
            NeedKind::OpenComment => ("open comment", "open comments"),
        };
        format!("{count} {}", if count == 1 { one } else { many })
    }

    /// The heading the reports give a kind's list.
    pub fn heading(self) -> &'static str {
        match self {
            NeedKind::MilestoneOverdue => "Overdue milestones",
            NeedKind::ReviewOverdue => "Overdue partnership reviews",
            NeedKind::ReviewDue => "Partnership reviews due within 90 days",
            NeedKind::DecisionOverdue => "Overdue workshop decisions",
            NeedKind::GoalProposed => "Goals proposed, not yet adopted",
            NeedKind::PartnershipNegotiating => "Partnerships in negotiation",
            NeedKind::OpenComment => "Comments not yet dealt with",
        }
    }
}

/// The lines of one kind in [`Report::decisions_needed`], for the
/// templates: `decisions_needed[start:end]`.
#[derive(Debug, Clone, Serialize)]
pub struct DecisionGroup {
    /// The kind.
    pub kind: NeedKind,
    /// Its heading.
    pub heading: &'static str,
    /// How many lines, in words: `3 overdue milestones`.
    pub summary: String,
    /// How many lines.
    pub count: usize,
    /// Where its lines start in `decisions_needed`.
    pub start: usize,
    /// Where they end.
    pub end: usize,
}

impl Report {
    /// The kinds that have lines in [`Report::decisions_needed`], in order,
    /// each with its slice of the list.
    pub fn decision_groups(&self) -> Vec<DecisionGroup> {
        let mut groups: Vec<DecisionGroup> = Vec::new();
        for (i, d) in self.decisions_needed.iter().enumerate() {
            match groups.last_mut() {
                Some(g) if g.kind == d.kind => g.end = i + 1,
                _ => groups.push(DecisionGroup {
                    kind: d.kind,
                    heading: d.kind.heading(),
                    summary: String::new(),
                    count: 0,
                    start: i,
                    end: i + 1,
                }),
            }
        }
        for g in &mut groups {
            g.count = g.end - g.start;
            g.summary = g.kind.counted(g.count);
        }
        groups
    }

    /// How the reports sum budgets, said once for every format.
    pub fn budget_note(&self) -> String {
        format!(
            "Budgets are in {}, each goal's own: a sub-goal's budget is counted once, \
             as its own, and never added into its parent's, so a theme's total and \
             the plan's are the sums of their goals' own budgets.",
            self.plan.currency
        )
    }
}

/// What a [`DecisionNeeded`] concerns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum NeedItem {
    /// A goal.
    Goal,
    /// A partnership.
    Partnership,
    /// A workshop: a decision of it that names no goal or partnership.
    Workshop,
    /// An id the plan does not hold.
    Unknown,
}

/// How many goals have a status.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct GoalCount {
    /// The status.
    pub status: GoalStatus,
    /// How many goals have it.
    pub count: usize,
}

/// How many partnerships have a status.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct PartnershipCount {
    /// The status.
    pub status: PartnershipStatus,
    /// How many partnerships have it.
    pub count: usize,
}

/// A contribution ledger split by side: what the city gives (public actors),
/// what the commons give (commons, cooperatives, associations), and what
/// others give (enterprises, academia, other roles, and actors the plan does
/// not declare).
#[derive(Debug, Clone, Default, Serialize, JsonSchema)]
pub struct Ledger {
    /// What the city gives, by kind and unit.
    pub city: Vec<LedgerEntry>,
    /// What the commons give, by kind and unit.
    pub commons: Vec<LedgerEntry>,
    /// What everyone else gives, by kind and unit.
    pub other: Vec<LedgerEntry>,
}

/// The contributions of one side, of one kind, in one unit.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct LedgerEntry {
    /// What is contributed.
    pub kind: ContributionKind,
    /// The unit: as written, the plan's currency for money without one, or
    /// empty.
    pub unit: String,
    /// The sum of one-off amounts.
    pub once: f64,
    /// The sum of recurring amounts, as a yearly rate.
    pub per_year: f64,
    /// How many contributions are summed.
    pub count: usize,
}

/// The goals of one theme.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct ThemeSection {
    /// The theme's id; `null` for the goals without a theme.
    pub id: Option<String>,
    /// The theme's name; its id when no theme declares it; "No theme" for
    /// the goals without one.
    pub name: String,
    /// What the theme covers.
    pub description: Option<String>,
    /// Whether `[[themes]]` declares it.
    pub declared: bool,
    /// The weighted mean progress of the theme's top-level goals, 0 to 1.
    pub progress: Option<f64>,
    /// The budgets of the theme's goals, each goal's own counted once.
    pub budget: Budget,
    /// The theme's goals as a tree: each sub-goal after its parent.
    pub goals: Vec<Goal>,
}

/// A goal, with its figures and what refers to it.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Goal {
    /// The goal's id.
    pub id: String,
    /// The goal in one line.
    pub title: String,
    /// Its theme.
    pub theme: Option<Ref>,
    /// The goal it serves.
    pub parent: Option<Ref>,
    /// How deep in the tree of its section: 0 at the top.
    pub depth: usize,
    /// Where the goal stands.
    pub status: GoalStatus,
    /// How much it matters.
    pub priority: Option<Priority>,
    /// The responsible body.
    pub owner: Option<Ref>,
    /// The year it should be reached.
    pub target_year: Option<i64>,
    /// Budget, in the plan's currency.
    pub budget: Option<f64>,
    /// Weight in progress roll-ups.
    pub weight: f64,
    /// Free tags.
    pub tags: Vec<String>,
    /// What the goal means and why.
    pub description: Option<String>,
    /// Progress, 0 to 1: its sub-goals' weighted mean, else its indicators'
    /// mean, else 1 when achieved and 0 otherwise.
    pub progress: f64,
    /// Its sub-goals.
    pub sub_goals: Vec<Ref>,
    /// The partnerships that serve it.
    pub partnerships: Vec<Ref>,
    /// How progress is measured.
    pub indicators: Vec<Indicator>,
    /// Dated steps, in the file's order.
    pub milestones: Vec<Milestone>,
    /// For each milestone, in the same order, whether it is overdue on the
    /// report's day (`progress::overdue::milestone_overdue`, the one rule).
    pub milestones_overdue: Vec<bool>,
    /// Review notes.
    pub comments: Vec<Comment>,
}

/// An indicator with its current value and progress.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Indicator {
    /// What is counted.
    pub name: String,
    /// Its unit.
    pub unit: Option<String>,
    /// The value at the start.
    pub baseline: Option<f64>,
    /// The year of the baseline.
    pub baseline_year: Option<i64>,
    /// The latest measurement's value.
    pub current: Option<f64>,
    /// The latest measurement's date.
    pub current_date: Option<Date>,
    /// The value aimed for.
    pub target: Option<f64>,
    /// The year of the target: the indicator's, else the goal's.
    pub target_year: Option<i64>,
    /// Means of verification.
    pub source: Option<String>,
    /// From baseline to target, 0 to 1; `null` when it cannot be told.
    pub progress: Option<f64>,
    /// The measurements, oldest first.
    pub measurements: Vec<Measurement>,
}

/// A partnership, references resolved, with its ledger.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Partnership {
    /// Its id.
    pub id: String,
    /// The partnership in one line.
    pub title: String,
    /// The legal or practical form.
    pub instrument: Option<Instrument>,
    /// Ordinary or complex.
    pub complexity: Option<Complexity>,
    /// Where it stands.
    pub status: PartnershipStatus,
    /// The common good concerned.
    pub resource: Option<String>,
    /// The goals it serves.
    pub goals: Vec<Ref>,
    /// When it starts.
    pub start: Option<Date>,
    /// When it ends.
    pub end: Option<Date>,
    /// Next evaluation.
    pub review: Option<Date>,
    /// What it sets out to do.
    pub objectives: Option<String>,
    /// Who decides what.
    pub governance: Option<String>,
    /// How it is evaluated.
    pub evaluation: Option<String>,
    /// Anything else.
    pub description: Option<String>,
    /// The signatories.
    pub parties: Vec<Party>,
    /// The contribution ledger, line by line.
    pub contributions: Vec<Contribution>,
    /// The ledger's totals by side, kind and unit.
    pub ledger: Ledger,
    /// Review notes.
    pub comments: Vec<Comment>,
}

/// A signatory.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Party {
    /// The actor.
    pub actor: Ref,
    /// The actor's role; `null` when the id names no actor.
    pub role: Option<Role>,
    /// What the party commits to.
    pub commitments: Option<String>,
}

/// Which side of a partnership gives a contribution.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Side {
    /// A public actor: the city.
    City,
    /// A commons, cooperative or association.
    Commons,
    /// Anyone else, or an actor the plan does not declare.
    Other,
}

impl Side {
    fn of(role: Option<Role>) -> Side {
        match role {
            Some(Role::Public) => Side::City,
            Some(role) if role.is_commons_side() => Side::Commons,
            _ => Side::Other,
        }
    }
}

/// One line of a partnership's ledger.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Contribution {
    /// Who gives it.
    pub from: Ref,
    /// Their side.
    pub side: Side,
    /// What is given.
    pub kind: ContributionKind,
    /// How much.
    pub amount: Option<f64>,
    /// The unit: as written, or the plan's currency for money.
    pub unit: Option<String>,
    /// How often.
    pub per: Period,
    /// What exactly.
    pub description: Option<String>,
}

/// An actor, with what it owns and takes part in.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Actor {
    /// Its id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Its place in a commons economy.
    pub role: Role,
    /// Who they are.
    pub description: Option<String>,
    /// Its main theme.
    pub theme: Option<Ref>,
    /// Founding year.
    pub since: Option<i64>,
    /// People involved.
    pub members: Option<i64>,
    /// Web site as written; exports that link it check the scheme.
    pub url: Option<String>,
    /// The goals it owns.
    pub owns: Vec<Ref>,
    /// The partnerships it is a party to.
    pub partnerships: Vec<Ref>,
}

/// A workshop with its votes tallied.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Workshop {
    /// Its id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// When it took place.
    pub date: Option<Date>,
    /// Who ran it.
    pub facilitator: Option<String>,
    /// Who took part.
    pub participants: Vec<String>,
    /// Dots each participant may place.
    pub dots: i64,
    /// Dots placed in all.
    pub dots_placed: i64,
    /// The items voted on, most dots first (ties in the order first voted).
    pub tally: Vec<Tally>,
    /// Where it took place.
    pub location: Option<String>,
    /// The facilitator's record.
    pub notes: Option<String>,
    /// What the room decided, in the order written.
    pub decisions: Vec<Decision>,
    /// How many dots each participant placed, in the order of
    /// `participants`, then voters the list does not name, in the order
    /// they first voted.
    pub voters: Vec<Voter>,
    /// The participants who placed no dot, each once.
    pub not_voted: Vec<String>,
    /// The votes as written, in the file's order.
    pub votes: Vec<Vote>,
    /// The comments made in this workshop (their `workshop` is its id):
    /// goals' first, then partnerships', each in the file's order.
    pub comments: Vec<WorkshopComment>,
}

/// The dots one participant placed in a workshop.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Voter {
    /// Who placed them.
    pub participant: String,
    /// How many dots, in all.
    pub dots: i64,
    /// Whether `participants` names them.
    pub listed: bool,
}

/// Dots a participant placed on an item, as the plan writes them.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Vote {
    /// Who placed them.
    pub participant: String,
    /// The goal or partnership.
    pub item: Ref,
    /// `goal`, `partnership`, or `unknown` when the id names neither.
    pub kind: ItemKind,
    /// How many dots.
    pub dots: i64,
}

/// A comment made in a workshop, with the item it is on.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct WorkshopComment {
    /// The goal or partnership it is on.
    pub on: Ref,
    /// `goal` or `partnership`.
    pub kind: ItemKind,
    /// Who said it.
    pub author: String,
    /// What was said.
    pub text: String,
    /// When.
    pub date: Option<Date>,
    /// For, against or neutral; `null` when not said.
    pub stance: Option<Stance>,
    /// Whether it has been dealt with.
    pub resolved: bool,
}

/// What the room decided in a workshop.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Decision {
    /// The decision, in the room's words.
    pub text: String,
    /// The goal or partnership it is about.
    pub item: Option<Ref>,
    /// `goal`, `partnership`, or `unknown` when the id names neither;
    /// `null` when the decision names no item.
    pub kind: Option<ItemKind>,
    /// Who carries it out.
    pub owner: Option<Ref>,
    /// By when.
    pub due: Option<Date>,
}

/// What a goal or partnership received in a workshop.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Tally {
    /// The rank: 1 for the most dots; equal dots share a rank.
    pub rank: usize,
    /// Whether another item shares its rank.
    pub tied: bool,
    /// The goal or partnership.
    pub item: Ref,
    /// `goal`, `partnership`, or `unknown` when the id names neither.
    pub kind: ItemKind,
    /// The dots it received.
    pub dots: i64,
    /// How many participants placed them.
    pub voters: usize,
}

/// What an id names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum ItemKind {
    /// A goal.
    Goal,
    /// A partnership.
    Partnership,
    /// Nothing in the plan.
    Unknown,
}

/// A comment not yet dealt with.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct OpenComment {
    /// The goal or partnership it is on.
    pub on: Ref,
    /// `goal` or `partnership`.
    pub kind: ItemKind,
    /// Who said it.
    pub author: String,
    /// What was said.
    pub text: String,
    /// When.
    pub date: Option<Date>,
}
