//! Building the report from a plan: ids resolved to names, figures
//! computed once, every text sanitised for people, the goals in the order of
//! the outline.

use super::decisions;
use super::*;
use crate::diagnostic::{SourceFile, to_json};
use crate::document::PlanDocument;
use crate::model::{Comment, ContributionKind, Date, Plan, Role};
use crate::progress::{self, LedgerLine, LedgerTotals, Outline, PlanProgress, indicator_progress};
use crate::text::{printable, printable_lines};

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
        stance: c.stance,
        workshop: opt_line(&c.workshop),
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
    /// The report's day: it decides what is overdue.
    today: Date,
    goals: Index<'p>,
    partnerships: Index<'p>,
    actors: Index<'p>,
    themes: Index<'p>,
}

impl<'p> Lookup<'p> {
    fn new(plan: &'p Plan, today: Date) -> Lookup<'p> {
        Lookup {
            plan,
            today,
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
    pub fn build(plan: &Plan, source: &str, diagnostics: &[JsonDiagnostic], today: Date) -> Report {
        let look = Lookup::new(plan, today);
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
        let workshops: Vec<Workshop> = plan.workshops.iter().map(|w| workshop(w, &look)).collect();
        let open_comments = open_comments(plan, &look);
        let decisions_needed =
            decisions::decisions_needed(plan, &themes, &partnerships, &workshops, today);
        let diagnostics: Vec<JsonDiagnostic> = diagnostics
            .iter()
            .map(|d| JsonDiagnostic {
                message: line(&d.message),
                path: line(&d.path),
                help: d.help.as_deref().map(line),
                ..d.clone().without_file()
            })
            .collect();

        let milestones = plan.goals.iter().flat_map(|g| &g.milestones);
        let (mut all, mut done, mut overdue) = (0, 0, 0);
        for m in milestones {
            all += 1;
            if m.done {
                done += 1;
            } else if crate::progress::overdue::milestone_overdue(m, today) {
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
            budget: plan.goals.iter().fold(Budget::default(), |mut b, g| {
                b.add(g.budget);
                b
            }),
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
            decisions_needed,
            themes,
            actors,
            partnerships,
            workshops,
            open_comments,
            diagnostics,
            changes: None,
        }
    }

    /// The report of a plan document, named `source` in the report and in
    /// its diagnostics' places. After edits, call
    /// [`PlanDocument::locate_diagnostics`] first, or the diagnostics come
    /// without lines and columns.
    pub fn of_document(document: &PlanDocument, source: &str, today: Date) -> Report {
        // The text only places the diagnostics: a clean plan's is not made.
        let diagnostics = match document.diagnostics() {
            [] => Vec::new(),
            found => to_json(
                &SourceFile {
                    name: source,
                    text: &document.render(),
                },
                found,
            ),
        };
        Report::build(document.plan(), source, &diagnostics, today)
    }

    /// Every goal, section after section, in the report's order.
    pub fn goals(&self) -> impl Iterator<Item = &Goal> {
        self.themes.iter().flat_map(|t| &t.goals)
    }

    /// The bytes a report of this plan is expected to take, given what a
    /// goal, an indicator and any other row (an actor, a partnership's
    /// line, a comment, a decision, a problem) take in it, plus what every
    /// report has: a close guess, so that a large report's text is
    /// reserved once.
    pub(in crate::export) fn expected_bytes(&self, per: Weights) -> usize {
        let goals = self.summary.goals;
        let indicators: usize = self.goals().map(|g| g.indicators.len()).sum();
        let rows = self.actors.len()
            + self.open_comments.len()
            + self.decisions_needed.len()
            + self.diagnostics.len()
            + self
                .partnerships
                .iter()
                .map(|p| 4 + p.parties.len() + p.contributions.len())
                .sum::<usize>();
        per.base + goals * per.goal + indicators * per.indicator + rows * per.row
    }
}

/// What parts of a report take in one markup, in bytes, for
/// [`Report::expected_bytes`].
#[derive(Debug, Clone, Copy)]
pub(in crate::export) struct Weights {
    pub base: usize,
    pub goal: usize,
    pub indicator: usize,
    pub row: usize,
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
        let goals: Vec<Goal> = outline
            .walk(section)
            .map(|(g, depth)| goal(plan, g, depth, look, progress, &outline, served))
            .collect();
        let mut budget = Budget::default();
        for g in &goals {
            budget.add(g.budget);
        }
        sections.push(ThemeSection {
            id: section.theme.map(line),
            name: line(section.name(plan)),
            description: section
                .declared
                .and_then(|t| opt_lines(&plan.themes[t].description)),
            declared: section.declared.is_some(),
            progress: progress.theme(section.theme),
            budget,
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
                id: opt_line(&m.id),
            })
            .collect(),
        milestones_overdue: g
            .milestones
            .iter()
            .map(|m| crate::progress::overdue::milestone_overdue(m, look.today))
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
            tied: false,
            item,
            kind,
            dots,
            voters: voters.len(),
        });
    }
    let voters = voters(w);
    for i in 0..ranked.len() {
        let rank = ranked[i].rank;
        ranked[i].tied = ranked.iter().filter(|t| t.rank == rank).count() > 1;
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
        location: opt_line(&w.location),
        notes: opt_lines(&w.notes),
        decisions: w
            .decisions
            .iter()
            .map(|d| {
                let (item, kind) = d.item.as_deref().map(|id| look.item(id)).unzip();
                Decision {
                    text: lines(&d.text),
                    item,
                    kind,
                    owner: d.owner.as_deref().map(|id| look.actor(id)),
                    due: d.due,
                }
            })
            .collect(),
        not_voted: voters
            .iter()
            .filter(|v| v.listed && v.dots == 0)
            .map(|v| v.participant.clone())
            .collect(),
        voters,
        votes: w
            .votes
            .iter()
            .map(|v| {
                let (item, kind) = look.item(&v.item);
                Vote {
                    participant: line(&v.participant),
                    item,
                    kind,
                    dots: v.dots,
                }
            })
            .collect(),
        comments: workshop_comments(&w.id, look),
    }
}

/// The dots each participant placed: the listed participants first, in
/// their order, then anyone else who voted, in the order first voted.
fn voters(w: &crate::model::Workshop) -> Vec<Voter> {
    let mut voters: Vec<Voter> = Vec::new();
    for p in &w.participants {
        if !voters.iter().any(|v| v.participant == line(p)) {
            voters.push(Voter {
                participant: line(p),
                dots: 0,
                listed: true,
            });
        }
    }
    for vote in &w.votes {
        let name = line(&vote.participant);
        match voters.iter_mut().find(|v| v.participant == name) {
            Some(v) => v.dots += vote.dots,
            None => voters.push(Voter {
                participant: name,
                dots: vote.dots,
                listed: false,
            }),
        }
    }
    voters
}

/// The comments whose `workshop` is `id`: goals' first, then
/// partnerships'.
fn workshop_comments(id: &str, look: &Lookup<'_>) -> Vec<WorkshopComment> {
    let plan = look.plan;
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
        .filter(|(.., c)| c.workshop.as_deref() == Some(id))
        .map(|(on, kind, c)| WorkshopComment {
            on,
            kind,
            author: line(&c.author),
            text: lines(&c.text),
            date: c.date,
            stance: c.stance,
            resolved: c.resolved,
        })
        .collect()
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
