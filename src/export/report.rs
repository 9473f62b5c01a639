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

use crate::diagnostic::{JsonDiagnostic, Severity, SourceFile, to_json};
use crate::document::PlanDocument;
use crate::model::{
    Comment, Complexity, ContributionKind, Date, GoalStatus, Instrument, Measurement, Milestone,
    PartnershipStatus, Period, Plan, PlanStatus, Priority, Role,
};
use crate::progress::{self, LedgerLine, LedgerTotals, Outline, PlanProgress, indicator_progress};
use crate::text::{printable, printable_lines};

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
    /// Every problem `commonplan check` finds in the plan.
    pub diagnostics: Vec<Diagnostic>,
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
    /// Errors found by `commonplan check`.
    pub errors: usize,
    /// Warnings found by `commonplan check`.
    pub warnings: usize,
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
}

/// What a goal or partnership received in a workshop.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Tally {
    /// The rank: 1 for the most dots; equal dots share a rank.
    pub rank: usize,
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

/// A problem in the plan, as `commonplan check --format json` gives it.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Diagnostic {
    /// `E001`, `W003`…
    pub code: String,
    /// `error` or `warning`.
    pub severity: Severity,
    /// What is wrong.
    pub message: String,
    /// The place in the plan's terms, e.g. `goals.food.owner`.
    pub path: String,
    /// 1-based line, when known.
    pub line: Option<usize>,
    /// 1-based column in characters, when known.
    pub column: Option<usize>,
    /// How to fix it.
    pub help: Option<String>,
}

/// One line of text, cleaned: control and bidi characters as escapes.
fn line(text: &str) -> String {
    printable(text).into_owned()
}

/// Text over several lines, cleaned; `\r\n` becomes `\n`.
fn lines(text: &str) -> String {
    if text.contains('\r') {
        printable_lines(&text.replace("\r\n", "\n"))
    } else {
        printable_lines(text)
    }
}

fn opt_line(text: &Option<String>) -> Option<String> {
    text.as_deref().map(line)
}

fn opt_lines(text: &Option<String>) -> Option<String> {
    text.as_deref().map(lines)
}

fn comment(c: &Comment) -> Comment {
    Comment {
        author: line(&c.author),
        text: lines(&c.text),
        date: c.date,
        resolved: c.resolved,
    }
}

/// Ids to positions; of two items with the same id the first one wins, as
/// everywhere else in commonplan.
struct Index<'p> {
    positions: std::collections::HashMap<&'p str, usize>,
}

impl<'p> Index<'p> {
    fn new(ids: impl Iterator<Item = &'p str>) -> Index<'p> {
        let mut positions = std::collections::HashMap::new();
        for (i, id) in ids.enumerate() {
            positions.entry(id).or_insert(i);
        }
        Index { positions }
    }

    fn get(&self, id: &str) -> Option<usize> {
        self.positions.get(id).copied()
    }
}

/// Everything the builder looks up.
struct Lookup<'p> {
    plan: &'p Plan,
    goals: Index<'p>,
    partnerships: Index<'p>,
    actors: Index<'p>,
    themes: Index<'p>,
}

impl<'p> Lookup<'p> {
    fn new(plan: &'p Plan) -> Lookup<'p> {
        Lookup {
            plan,
            goals: Index::new(plan.goals.iter().map(|g| g.id.as_str())),
            partnerships: Index::new(plan.partnerships.iter().map(|p| p.id.as_str())),
            actors: Index::new(plan.actors.iter().map(|a| a.id.as_str())),
            themes: Index::new(plan.themes.iter().map(|t| t.id.as_str())),
        }
    }

    fn goal(&self, id: &str) -> Ref {
        Ref {
            id: line(id),
            name: self.goals.get(id).map(|i| line(&self.plan.goals[i].title)),
        }
    }

    fn partnership(&self, id: &str) -> Ref {
        Ref {
            id: line(id),
            name: self
                .partnerships
                .get(id)
                .map(|i| line(&self.plan.partnerships[i].title)),
        }
    }

    fn actor(&self, id: &str) -> Ref {
        Ref {
            id: line(id),
            name: self.actors.get(id).map(|i| line(&self.plan.actors[i].name)),
        }
    }

    fn role(&self, id: &str) -> Option<Role> {
        self.actors.get(id).map(|i| self.plan.actors[i].role)
    }

    fn theme(&self, id: &str) -> Ref {
        Ref {
            id: line(id),
            name: self.themes.get(id).map(|i| line(&self.plan.themes[i].name)),
        }
    }

    /// A goal or a partnership; goals first, as ids are shared between them.
    fn item(&self, id: &str) -> (Ref, ItemKind) {
        if self.goals.get(id).is_some() {
            (self.goal(id), ItemKind::Goal)
        } else if self.partnerships.get(id).is_some() {
            (self.partnership(id), ItemKind::Partnership)
        } else {
            (
                Ref {
                    id: line(id),
                    name: None,
                },
                ItemKind::Unknown,
            )
        }
    }
}

impl Report {
    /// The report of `plan`, whose diagnostics are `diagnostics` (as
    /// [`crate::diagnostic::to_json`] gives them), made on `today`.
    pub fn build(
        plan: &Plan,
        source: &str,
        diagnostics: &[JsonDiagnostic<'_>],
        today: Date,
    ) -> Report {
        let look = Lookup::new(plan);
        let progress = PlanProgress::compute(plan);
        let ledger = LedgerTotals::compute(plan);
        let partnerships_of_goal = partnerships_by_goal(plan, &look);

        let themes = sections(plan, &look, &progress, &partnerships_of_goal);
        let partnerships: Vec<Partnership> = plan
            .partnerships
            .iter()
            .enumerate()
            .map(|(i, p)| partnership(p, &look, ledger.partnership(i)))
            .collect();
        let actors = actors(plan, &look);
        let workshops = plan.workshops.iter().map(|w| workshop(w, &look)).collect();
        let open_comments = open_comments(plan, &look);
        let diagnostics: Vec<Diagnostic> = diagnostics
            .iter()
            .map(|d| Diagnostic {
                code: d.code.as_str().to_owned(),
                severity: d.severity,
                message: line(&d.message),
                path: line(&d.path),
                line: d.line,
                column: d.column,
                help: d.help.as_deref().map(line),
            })
            .collect();

        let milestones = plan.goals.iter().flat_map(|g| &g.milestones);
        let (mut all, mut done, mut overdue) = (0, 0, 0);
        for m in milestones {
            all += 1;
            if m.done {
                done += 1;
            } else if m.due.is_some_and(|due| due < today) {
                overdue += 1;
            }
        }
        let errors = diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count();
        let summary = Summary {
            goals: plan.goals.len(),
            goals_by_status: progress::goals_by_status(plan)
                .into_iter()
                .map(|(status, count)| GoalCount { status, count })
                .collect(),
            partnerships: plan.partnerships.len(),
            partnerships_by_status: progress::partnerships_by_status(plan)
                .into_iter()
                .map(|(status, count)| PartnershipCount { status, count })
                .collect(),
            milestones: all,
            milestones_done: done,
            milestones_overdue: overdue,
            open_comments: open_comments.len(),
            ledger: split(ledger.plan()),
            errors,
            warnings: diagnostics.len() - errors,
        };
        let info = &plan.plan;
        Report {
            report_format: REPORT_FORMAT,
            source: line(source),
            generated: today,
            plan: PlanInfo {
                city: line(&info.city),
                title: line(&info.title),
                country: opt_line(&info.country),
                status: info.status,
                start_year: info.start_year,
                end_year: info.end_year,
                updated: info.updated,
                authors: info.authors.iter().map(|a| line(a)).collect(),
                currency: line(&info.currency),
                vision: opt_lines(&info.vision),
                context: opt_lines(&info.context),
                progress: progress.plan(),
            },
            summary,
            themes,
            actors,
            partnerships,
            workshops,
            open_comments,
            diagnostics,
        }
    }

    /// The report of a plan document, named `source` in the report and in
    /// its diagnostics' places. After edits, call
    /// [`PlanDocument::locate_diagnostics`] first, or the diagnostics come
    /// without lines and columns.
    pub fn of_document(document: &PlanDocument, source: &str, today: Date) -> Report {
        let text = document.render();
        let file = SourceFile {
            name: source,
            text: &text,
        };
        let diagnostics = to_json(&file, document.diagnostics());
        Report::build(document.plan(), source, &diagnostics, today)
    }

    /// Every goal, section after section, in the report's order.
    pub fn goals(&self) -> impl Iterator<Item = &Goal> {
        self.themes.iter().flat_map(|t| &t.goals)
    }
}

/// For each goal position, the partnerships that serve it.
fn partnerships_by_goal(plan: &Plan, look: &Lookup<'_>) -> Vec<Vec<Ref>> {
    let mut served = vec![Vec::new(); plan.goals.len()];
    for p in &plan.partnerships {
        for goal in &p.goals {
            if let Some(g) = look.goals.get(goal) {
                let r = look.partnership(&p.id);
                if !served[g].contains(&r) {
                    served[g].push(r);
                }
            }
        }
    }
    served
}

/// Split ledger lines by side, summing the roles of a side.
fn split(lines: &[LedgerLine]) -> Ledger {
    let mut ledger = Ledger::default();
    for l in lines {
        let entries = match Side::of(l.role) {
            Side::City => &mut ledger.city,
            Side::Commons => &mut ledger.commons,
            Side::Other => &mut ledger.other,
        };
        match entries
            .iter_mut()
            .find(|e| e.kind == l.kind && e.unit == l.unit)
        {
            Some(e) => {
                e.once += l.once;
                e.per_year += l.per_year;
                e.count += l.count;
            }
            None => entries.push(LedgerEntry {
                kind: l.kind,
                unit: line(&l.unit),
                once: l.once,
                per_year: l.per_year,
                count: l.count,
            }),
        }
    }
    ledger
}

fn sections(
    plan: &Plan,
    look: &Lookup<'_>,
    progress: &PlanProgress,
    served: &[Vec<Ref>],
) -> Vec<ThemeSection> {
    let outline = Outline::new(plan, progress);
    let mut sections = Vec::with_capacity(outline.sections().len());
    for section in outline.sections() {
        // A declared theme is shown even without goals; a theme id no theme
        // declares, or the goals without a theme, only when they have goals.
        if section.roots.is_empty() && section.declared.is_none() {
            continue;
        }
        let goals = outline
            .walk(section)
            .map(|(g, depth)| goal(plan, g, depth, look, progress, &outline, served))
            .collect();
        sections.push(ThemeSection {
            id: section.theme.map(line),
            name: line(section.name(plan)),
            description: section
                .declared
                .and_then(|t| opt_lines(&plan.themes[t].description)),
            declared: section.declared.is_some(),
            progress: progress.theme(section.theme),
            goals,
        });
    }
    sections
}

fn goal(
    plan: &Plan,
    index: usize,
    depth: usize,
    look: &Lookup<'_>,
    progress: &PlanProgress,
    outline: &Outline<'_>,
    served: &[Vec<Ref>],
) -> Goal {
    let g = &plan.goals[index];
    Goal {
        id: line(&g.id),
        title: line(&g.title),
        theme: g.theme.as_deref().map(|t| look.theme(t)),
        parent: g.parent.as_deref().map(|p| look.goal(p)),
        depth,
        status: g.status,
        priority: g.priority,
        owner: g.owner.as_deref().map(|o| look.actor(o)),
        target_year: g.target_year,
        budget: g.budget,
        weight: g.weight,
        tags: g.tags.iter().map(|t| line(t)).collect(),
        description: opt_lines(&g.description),
        progress: progress.goal(index),
        sub_goals: outline
            .children(index)
            .iter()
            .map(|&c| Ref {
                id: line(&plan.goals[c].id),
                name: Some(line(&plan.goals[c].title)),
            })
            .collect(),
        partnerships: served[index].clone(),
        indicators: g
            .indicators
            .iter()
            .map(|i| {
                let mut measurements = i.measurements.clone();
                measurements.sort_by_key(|m| m.date);
                let latest = i.measurements.iter().max_by_key(|m| m.date);
                Indicator {
                    name: line(&i.name),
                    unit: opt_line(&i.unit),
                    baseline: i.baseline,
                    baseline_year: i.baseline_year,
                    current: latest.map(|m| m.value),
                    current_date: latest.map(|m| m.date),
                    target: i.target,
                    target_year: i.target_year.or(g.target_year),
                    source: opt_line(&i.source),
                    progress: indicator_progress(i),
                    measurements,
                }
            })
            .collect(),
        milestones: g
            .milestones
            .iter()
            .map(|m| Milestone {
                title: line(&m.title),
                due: m.due,
                done: m.done,
            })
            .collect(),
        comments: g.comments.iter().map(comment).collect(),
    }
}

fn partnership(
    p: &crate::model::Partnership,
    look: &Lookup<'_>,
    lines_: &[LedgerLine],
) -> Partnership {
    let currency = &look.plan.plan.currency;
    Partnership {
        id: line(&p.id),
        title: line(&p.title),
        instrument: p.instrument,
        complexity: p.complexity,
        status: p.status,
        resource: opt_lines(&p.resource),
        goals: p.goals.iter().map(|g| look.goal(g)).collect(),
        start: p.start,
        end: p.end,
        review: p.review,
        objectives: opt_lines(&p.objectives),
        governance: opt_lines(&p.governance),
        evaluation: opt_lines(&p.evaluation),
        description: opt_lines(&p.description),
        parties: p
            .parties
            .iter()
            .map(|party| Party {
                actor: look.actor(&party.actor),
                role: look.role(&party.actor),
                commitments: opt_lines(&party.commitments),
            })
            .collect(),
        contributions: p
            .contributions
            .iter()
            .map(|c| Contribution {
                from: look.actor(&c.from),
                side: Side::of(look.role(&c.from)),
                kind: c.kind,
                amount: c.amount,
                unit: match (&c.unit, c.kind) {
                    (Some(unit), _) => Some(line(unit)),
                    (None, ContributionKind::Money) => Some(line(currency)),
                    (None, _) => None,
                },
                per: c.per,
                description: opt_lines(&c.description),
            })
            .collect(),
        ledger: split(lines_),
        comments: p.comments.iter().map(comment).collect(),
    }
}

fn actors(plan: &Plan, look: &Lookup<'_>) -> Vec<Actor> {
    // What each actor owns and takes part in, in one pass over each list;
    // an id two actors share counts for the first, as everywhere.
    let mut owns: Vec<Vec<Ref>> = vec![Vec::new(); plan.actors.len()];
    for goal in &plan.goals {
        if let Some(a) = goal.owner.as_deref().and_then(|o| look.actors.get(o)) {
            owns[a].push(look.goal(&goal.id));
        }
    }
    let mut parties: Vec<Vec<Ref>> = vec![Vec::new(); plan.actors.len()];
    for p in &plan.partnerships {
        for party in &p.parties {
            if let Some(a) = look.actors.get(&party.actor) {
                let r = look.partnership(&p.id);
                if parties[a].last() != Some(&r) {
                    parties[a].push(r);
                }
            }
        }
    }
    plan.actors
        .iter()
        .enumerate()
        .map(|(i, a)| {
            let first = look.actors.get(&a.id) == Some(i);
            Actor {
                id: line(&a.id),
                name: line(&a.name),
                role: a.role,
                description: opt_lines(&a.description),
                theme: a.theme.as_deref().map(|t| look.theme(t)),
                since: a.since,
                members: a.members,
                url: opt_line(&a.url),
                owns: if first {
                    std::mem::take(&mut owns[i])
                } else {
                    Vec::new()
                },
                partnerships: if first {
                    std::mem::take(&mut parties[i])
                } else {
                    Vec::new()
                },
            }
        })
        .collect()
}

fn workshop(w: &crate::model::Workshop, look: &Lookup<'_>) -> Workshop {
    // Item id → (dots, voters), in the order first voted.
    let mut tally: Vec<(&str, i64, Vec<&str>)> = Vec::new();
    for vote in &w.votes {
        match tally.iter_mut().find(|(item, ..)| *item == vote.item) {
            Some((_, dots, voters)) => {
                *dots += vote.dots;
                if !voters.contains(&vote.participant.as_str()) {
                    voters.push(&vote.participant);
                }
            }
            None => tally.push((&vote.item, vote.dots, vec![&vote.participant])),
        }
    }
    tally.sort_by_key(|t| std::cmp::Reverse(t.1));
    let mut ranked = Vec::with_capacity(tally.len());
    let mut rank = 0;
    let mut last = None;
    for (position, (item, dots, voters)) in tally.into_iter().enumerate() {
        if last != Some(dots) {
            rank = position + 1;
            last = Some(dots);
        }
        let (item, kind) = look.item(item);
        ranked.push(Tally {
            rank,
            item,
            kind,
            dots,
            voters: voters.len(),
        });
    }
    Workshop {
        id: line(&w.id),
        title: line(&w.title),
        date: w.date,
        facilitator: opt_line(&w.facilitator),
        participants: w.participants.iter().map(|p| line(p)).collect(),
        dots: w.dots,
        dots_placed: w.votes.iter().map(|v| v.dots).sum(),
        tally: ranked,
    }
}

fn open_comments(plan: &Plan, look: &Lookup<'_>) -> Vec<OpenComment> {
    let goals = plan.goals.iter().flat_map(|g| {
        g.comments
            .iter()
            .map(move |c| (look.goal(&g.id), ItemKind::Goal, c))
    });
    let partnerships = plan.partnerships.iter().flat_map(|p| {
        p.comments
            .iter()
            .map(move |c| (look.partnership(&p.id), ItemKind::Partnership, c))
    });
    goals
        .chain(partnerships)
        .filter(|(.., c)| !c.resolved)
        .map(|(on, kind, c)| OpenComment {
            on,
            kind,
            author: line(&c.author),
            text: lines(&c.text),
            date: c.date,
        })
        .collect()
}
