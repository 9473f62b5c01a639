//! Derived figures of a plan: indicator, goal, theme and plan progress, counts
//! of goals and partnerships, and the totals of the contribution ledger, as
//! "Derived figures" on the format page defines them.
//!
//! Every figure is a pure function of a typed [`Plan`]; this module knows no
//! TOML document, no terminal and no command line. The figures stay defined
//! on plans the validator rejects (parent cycles, unknown ids, weights that
//! are not greater than 0), so a plan being edited can always be shown. Each
//! computation over a whole plan takes time in proportion to the size of the
//! plan, so it fits in a frame for plans of ten thousand goals.

mod outline;
mod percent;

pub use outline::{Outline, Section, Walk};
pub use percent::{Percent, percent};

use std::cmp::Ordering;
use std::collections::HashMap;

use crate::model::{
    ContributionKind, Goal, GoalStatus, Indicator, Keyword, PartnershipStatus, Period, Plan, Role,
};

/// How far an indicator has come from its baseline toward its target, from 0
/// to 1: (current − baseline) / (target − baseline), clamped to 0..=1.
///
/// - The current value is that of the latest measurement by date, whatever
///   the order they are written in (of two on the same date, the one written
///   last); with no measurement it is the baseline, so progress is 0.
/// - A falling target (target below baseline, as for emissions) uses the
///   same formula: baseline 100, target 40 and current 70 give 0.5.
/// - A missing baseline counts as 0, so the figure is the share of the target
///   reached; a falling target needs a baseline to mean anything.
/// - A target equal to the baseline asks to reach (or hold) that value: 1
///   when the current value is at least the target, else 0.
/// - A value that is not a number (TOML `nan`) gives 0.
///
/// `None` when the indicator has no target.
pub fn indicator_progress(indicator: &Indicator) -> Option<f64> {
    let target = indicator.target?;
    let baseline = indicator.baseline.unwrap_or(0.0);
    let current = indicator
        .measurements
        .iter()
        .max_by_key(|measurement| measurement.date)
        .map_or(baseline, |measurement| measurement.value);
    if target == baseline {
        return Some(if current >= target { 1.0 } else { 0.0 });
    }
    let share = (current - baseline) / (target - baseline);
    Some(if share.is_nan() {
        0.0
    } else {
        share.clamp(0.0, 1.0)
    })
}

/// The progress of every goal, of every theme and of the whole plan, each
/// from 0 to 1, computed in one pass by [`PlanProgress::compute`].
///
/// A goal's progress is the weighted mean (by `weight`) of its sub-goals'
/// progress where it has sub-goals; else the mean of the progress of its
/// indicators that have a target; else 1 when it is `achieved` and 0
/// otherwise. `dropped` goals have a progress of their own but are left out of
/// every mean: a goal whose sub-goals are all dropped is measured by its
/// indicators or its status.
///
/// Theme and plan progress are weighted means over the top-level goals: those
/// without a `parent`, or whose `parent` names no goal.
///
/// Where the format is broken the figures stay defined. A weight that is not
/// a finite number greater than 0 counts as 0 (the goal adds nothing to a
/// mean). Of two goals with the same id, the first is the parent its
/// sub-goals name. In a parent cycle, one link is ignored: the goal of the
/// cycle that comes first in the file has the others below it, and its own
/// `parent` is left out. Goals in a cycle are not top-level, so they count in
/// no theme or plan figure.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanProgress {
    /// Progress of each goal, by its position in `plan.goals`.
    goals: Vec<f64>,
    /// Progress of the top-level goals of each theme id that has some, by the
    /// `theme` the goals name (declared or not).
    themes: HashMap<String, f64>,
    /// Progress of the top-level goals without a theme.
    unthemed: Option<f64>,
    /// Progress of all top-level goals.
    plan: Option<f64>,
    /// The position of the goal each goal counts under: its parent, or
    /// `None` when it names none, names no goal, or the link closes a cycle.
    counts_under: Vec<Option<usize>>,
}

/// Where the depth-first walk over sub-goals stands with a goal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Visit {
    NotYet,
    /// On the walk's current chain of sub-goals: meeting it again closes a
    /// cycle.
    OnChain,
    Done,
}

impl PlanProgress {
    /// The progress figures of `plan`, in time proportional to its goals,
    /// indicators and measurements.
    pub fn compute(plan: &Plan) -> PlanProgress {
        let goals = &plan.goals;
        let tree = GoalTree::new(goals);
        let mut progress = vec![0.0; goals.len()];
        let mut visit = vec![Visit::NotYet; goals.len()];
        let mut counts_under = tree.parent.clone();
        // Each entry: a goal and the position in `tree.children` of the next
        // sub-goal to visit. An explicit stack, so deep plans cannot overflow.
        let mut stack: Vec<(usize, usize)> = Vec::new();
        for first in 0..goals.len() {
            if visit[first] != Visit::NotYet {
                continue;
            }
            visit[first] = Visit::OnChain;
            stack.push((first, tree.first_child[first]));
            while let Some(top) = stack.last_mut() {
                let (goal, next) = *top;
                if next < tree.first_child[goal + 1] {
                    top.1 += 1;
                    let sub_goal = tree.children[next];
                    match visit[sub_goal] {
                        Visit::NotYet => {
                            visit[sub_goal] = Visit::OnChain;
                            stack.push((sub_goal, tree.first_child[sub_goal]));
                        }
                        Visit::OnChain => counts_under[sub_goal] = None,
                        Visit::Done => {}
                    }
                    continue;
                }
                stack.pop();
                // A sub-goal still on the chain is an ancestor: the link to it
                // closes a cycle and is left out.
                let mut sub_goals = Mean::default();
                for &sub_goal in tree.sub_goals(goal) {
                    if visit[sub_goal] == Visit::Done {
                        sub_goals.add(progress[sub_goal], roll_up_weight(&goals[sub_goal]));
                    }
                }
                progress[goal] = sub_goals
                    .value()
                    .unwrap_or_else(|| progress_without_sub_goals(&goals[goal]));
                visit[goal] = Visit::Done;
            }
        }

        let mut plan_mean = Mean::default();
        let mut unthemed = Mean::default();
        let mut themes: HashMap<&str, Mean> = HashMap::new();
        for (index, goal) in goals.iter().enumerate() {
            if tree.parent[index].is_some() {
                continue;
            }
            let weight = roll_up_weight(goal);
            plan_mean.add(progress[index], weight);
            match goal.theme.as_deref() {
                Some(theme) => themes
                    .entry(theme)
                    .or_default()
                    .add(progress[index], weight),
                None => unthemed.add(progress[index], weight),
            }
        }
        PlanProgress {
            goals: progress,
            themes: themes
                .into_iter()
                .filter_map(|(theme, mean)| Some((theme.to_owned(), mean.value()?)))
                .collect(),
            unthemed: unthemed.value(),
            plan: plan_mean.value(),
            counts_under,
        }
    }

    /// The position of the goal that the goal at `index` counts under: its
    /// parent, unless it names none, names no goal, or its link closes a
    /// parent cycle (the one link of each cycle that the roll-up leaves
    /// out). Following these links from any goal always ends.
    pub fn counts_under(&self, index: usize) -> Option<usize> {
        self.counts_under[index]
    }

    /// The progress of the goal at `index` in `plan.goals`, from 0 to 1.
    /// Panics when `index` is out of range of the plan this was computed from.
    pub fn goal(&self, index: usize) -> f64 {
        self.goals[index]
    }

    /// The progress of every goal, in the order of `plan.goals`.
    pub fn goals(&self) -> &[f64] {
        &self.goals
    }

    /// The weighted mean progress of the top-level goals whose `theme` is
    /// `theme` (a theme id as goals write it), or of those without a theme
    /// when `theme` is `None`. `None` when no such goal counts (none exists,
    /// or all are dropped).
    pub fn theme(&self, theme: Option<&str>) -> Option<f64> {
        match theme {
            Some(theme) => self.themes.get(theme).copied(),
            None => self.unthemed,
        }
    }

    /// The weighted mean progress of all top-level goals; `None` when no goal
    /// counts (the plan has none, or all are dropped).
    pub fn plan(&self) -> Option<f64> {
        self.plan
    }
}

/// A goal's progress when no sub-goal counts: the mean of its indicators'
/// progress, else 1 for `achieved` and 0 otherwise.
fn progress_without_sub_goals(goal: &Goal) -> f64 {
    let mut indicators = Mean::default();
    for indicator in &goal.indicators {
        if let Some(progress) = indicator_progress(indicator) {
            indicators.add(progress, 1.0);
        }
    }
    indicators.value().unwrap_or(match goal.status {
        GoalStatus::Achieved => 1.0,
        _ => 0.0,
    })
}

/// The weight a goal has in its parent's, its theme's and the plan's mean: 0
/// when it is dropped or its weight is not a finite number greater than 0.
fn roll_up_weight(goal: &Goal) -> f64 {
    let counts = goal.status != GoalStatus::Dropped && goal.weight.is_finite() && goal.weight > 0.0;
    if counts { goal.weight } else { 0.0 }
}

/// A weighted mean being summed up.
#[derive(Debug, Clone, Copy, Default)]
struct Mean {
    sum: f64,
    weight: f64,
}

impl Mean {
    /// Counts `value` with `weight`; a weight of 0 leaves the mean as it was.
    fn add(&mut self, value: f64, weight: f64) {
        if weight > 0.0 {
            self.sum += value * weight;
            self.weight += weight;
        }
    }

    /// The mean, if anything with a weight was added.
    fn value(self) -> Option<f64> {
        (self.weight > 0.0).then(|| self.sum / self.weight)
    }
}

/// The goals' parent links resolved to positions, and each goal's sub-goals,
/// built once for a plan in linear time.
struct GoalTree {
    /// The position of each goal's parent; `None` when the goal is
    /// top-level (no `parent`, or one that names no goal).
    parent: Vec<Option<usize>>,
    /// The sub-goals of goal `g` are `children[first_child[g]..first_child[g + 1]]`,
    /// in file order.
    first_child: Vec<usize>,
    children: Vec<usize>,
}

impl GoalTree {
    fn new(goals: &[Goal]) -> GoalTree {
        let mut position: HashMap<&str, usize> = HashMap::with_capacity(goals.len());
        for (index, goal) in goals.iter().enumerate() {
            position.entry(goal.id.as_str()).or_insert(index);
        }
        let parent: Vec<Option<usize>> = goals
            .iter()
            .map(|goal| {
                goal.parent
                    .as_deref()
                    .and_then(|id| position.get(id).copied())
            })
            .collect();
        let mut first_child = vec![0; goals.len() + 1];
        for &of in parent.iter().flatten() {
            first_child[of + 1] += 1;
        }
        for index in 1..first_child.len() {
            first_child[index] += first_child[index - 1];
        }
        let mut free = first_child.clone();
        let mut children = vec![0; first_child[goals.len()]];
        for (index, of) in parent.iter().enumerate() {
            if let Some(of) = *of {
                children[free[of]] = index;
                free[of] += 1;
            }
        }
        GoalTree {
            parent,
            first_child,
            children,
        }
    }

    fn sub_goals(&self, goal: usize) -> &[usize] {
        &self.children[self.first_child[goal]..self.first_child[goal + 1]]
    }
}

/// How many goals have each status, in the order of [`GoalStatus::ALL`], with
/// zero counts included.
pub fn goals_by_status(plan: &Plan) -> Vec<(GoalStatus, usize)> {
    count_by_status(plan.goals.iter().map(|goal| goal.status))
}

/// How many partnerships have each status, in the order of
/// [`PartnershipStatus::ALL`], with zero counts included.
pub fn partnerships_by_status(plan: &Plan) -> Vec<(PartnershipStatus, usize)> {
    count_by_status(
        plan.partnerships
            .iter()
            .map(|partnership| partnership.status),
    )
}

fn count_by_status<S: Keyword + PartialEq>(statuses: impl Iterator<Item = S>) -> Vec<(S, usize)> {
    let mut counts: Vec<(S, usize)> = S::ALL.iter().map(|&status| (status, 0)).collect();
    for status in statuses {
        if let Some(count) = counts.iter_mut().find(|(word, _)| *word == status) {
            count.1 += 1;
        }
    }
    counts
}

/// How many goals name each theme, dropped goals included: first every
/// declared theme in the order of `plan.themes` (zero counts included), then
/// any theme id that goals name but the plan does not declare, in the order
/// first named, and last the goals without a theme as `None` (always present,
/// even at 0).
pub fn goals_by_theme(plan: &Plan) -> Vec<(Option<&str>, usize)> {
    let mut counts: Vec<(Option<&str>, usize)> = Vec::with_capacity(plan.themes.len() + 1);
    let mut position: HashMap<&str, usize> = HashMap::with_capacity(plan.themes.len());
    for theme in &plan.themes {
        position.entry(theme.id.as_str()).or_insert_with(|| {
            counts.push((Some(theme.id.as_str()), 0));
            counts.len() - 1
        });
    }
    let mut unthemed = 0;
    for goal in &plan.goals {
        match goal.theme.as_deref() {
            Some(theme) => {
                let at = *position.entry(theme).or_insert_with(|| {
                    counts.push((Some(theme), 0));
                    counts.len() - 1
                });
                counts[at].1 += 1;
            }
            None => unthemed += 1,
        }
    }
    counts.push((None, unthemed));
    counts
}

/// One line of ledger totals: what the actors of one role contribute of one
/// kind, in one unit.
///
/// One-off and recurring amounts are kept apart so that nothing is mixed
/// silently: `once` sums the amounts given `per = "once"`, `per_year` sums
/// the recurring ones as a yearly rate (`month` counts 12 times, `year`
/// once). Amounts are summed as written, negative ones included.
#[derive(Debug, Clone, PartialEq)]
pub struct LedgerLine {
    /// What is contributed.
    pub kind: ContributionKind,
    /// The contributions' `unit` as written; for money without a unit, the
    /// plan's `currency`; for other kinds without a unit, the empty string.
    pub unit: String,
    /// The role of the contributing actor; `None` when `from` names no actor.
    /// "What the city gives" is [`Role::Public`]; "what the commons give" is
    /// every role for which [`Role::is_commons_side`] holds.
    pub role: Option<Role>,
    /// The sum of one-off amounts.
    pub once: f64,
    /// The sum of recurring amounts, per year.
    pub per_year: f64,
    /// How many contributions the line sums, those without an `amount` (which
    /// add 0) included.
    pub count: usize,
}

/// The contribution ledger of every partnership and of the whole plan,
/// summed by kind, unit and the contributing actor's role; computed in one
/// pass by [`LedgerTotals::compute`].
///
/// Lines are sorted by kind (in the order of [`ContributionKind::ALL`]), then
/// unit (by bytes), then role (in the order of [`Role::ALL`], unknown actors
/// last), so reports and snapshots are stable. Of two actors with the same
/// id, the first one's role counts.
#[derive(Debug, Clone, PartialEq)]
pub struct LedgerTotals {
    /// Every partnership's lines, partnership after partnership.
    lines: Vec<LedgerLine>,
    /// The lines of partnership `p` are `lines[first_line[p]..first_line[p + 1]]`.
    first_line: Vec<usize>,
    /// The whole plan's lines.
    plan: Vec<LedgerLine>,
}

/// A ledger line that borrows its unit from the plan, while summing.
#[derive(Debug, Clone, Copy)]
struct Sum<'p> {
    kind: ContributionKind,
    unit: &'p str,
    role: Option<Role>,
    once: f64,
    per_year: f64,
    count: usize,
}

impl Sum<'_> {
    fn order(&self, other: &Sum<'_>) -> Ordering {
        self.kind
            .cmp(&other.kind)
            .then_with(|| self.unit.cmp(other.unit))
            .then_with(|| self.role.is_none().cmp(&other.role.is_none()))
            .then_with(|| self.role.cmp(&other.role))
    }

    fn line(&self) -> LedgerLine {
        LedgerLine {
            kind: self.kind,
            unit: self.unit.to_owned(),
            role: self.role,
            once: self.once,
            per_year: self.per_year,
            count: self.count,
        }
    }
}

/// Sorts `sums` and merges those with the same kind, unit and role, in place.
/// The sort is stable, so amounts add up in file order and the totals are the
/// same on every run.
fn merge(sums: &mut Vec<Sum<'_>>) {
    sums.sort_by(Sum::order);
    sums.dedup_by(|later, kept| {
        let same = later.order(kept) == Ordering::Equal;
        if same {
            kept.once += later.once;
            kept.per_year += later.per_year;
            kept.count += later.count;
        }
        same
    });
}

impl LedgerTotals {
    /// The ledger totals of `plan`, in time proportional to its actors and
    /// contributions (and the sort of each partnership's lines).
    pub fn compute(plan: &Plan) -> LedgerTotals {
        let mut roles: HashMap<&str, Role> = HashMap::with_capacity(plan.actors.len());
        for actor in &plan.actors {
            roles.entry(actor.id.as_str()).or_insert(actor.role);
        }
        let currency = plan.plan.currency.as_str();
        let mut lines = Vec::new();
        let mut first_line = Vec::with_capacity(plan.partnerships.len() + 1);
        let mut plan_sums = Vec::new();
        let mut sums = Vec::new();
        for partnership in &plan.partnerships {
            first_line.push(lines.len());
            sums.clear();
            for contribution in &partnership.contributions {
                let unit = match (&contribution.unit, contribution.kind) {
                    (Some(unit), _) => unit.as_str(),
                    (None, ContributionKind::Money) => currency,
                    (None, _) => "",
                };
                let amount = contribution.amount.unwrap_or(0.0);
                let (once, per_year) = match contribution.per {
                    Period::Once => (amount, 0.0),
                    Period::Month => (0.0, 12.0 * amount),
                    Period::Year => (0.0, amount),
                };
                sums.push(Sum {
                    kind: contribution.kind,
                    unit,
                    role: roles.get(contribution.from.as_str()).copied(),
                    once,
                    per_year,
                    count: 1,
                });
            }
            merge(&mut sums);
            lines.extend(sums.iter().map(Sum::line));
            plan_sums.extend_from_slice(&sums);
        }
        first_line.push(lines.len());
        merge(&mut plan_sums);
        LedgerTotals {
            lines,
            first_line,
            plan: plan_sums.iter().map(Sum::line).collect(),
        }
    }

    /// The ledger totals of the partnership at `index` in `plan.partnerships`.
    /// Panics when `index` is out of range of the plan this was computed from.
    pub fn partnership(&self, index: usize) -> &[LedgerLine] {
        &self.lines[self.first_line[index]..self.first_line[index + 1]]
    }

    /// The ledger totals of the whole plan, over every partnership.
    pub fn plan(&self) -> &[LedgerLine] {
        &self.plan
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Actor, Contribution, Date, Measurement, Partnership, PlanInfo, Theme};

    fn close(actual: f64, expected: f64) -> bool {
        (actual - expected).abs() < 1e-9
    }

    #[track_caller]
    fn assert_close(actual: f64, expected: f64) {
        assert!(close(actual, expected), "expected {expected}, got {actual}");
    }

    #[track_caller]
    fn assert_some_close(actual: Option<f64>, expected: f64) {
        match actual {
            Some(actual) => assert_close(actual, expected),
            None => panic!("expected {expected}, got None"),
        }
    }

    fn empty_plan() -> Plan {
        Plan {
            format: 1,
            plan: PlanInfo::default(),
            themes: Vec::new(),
            actors: Vec::new(),
            goals: Vec::new(),
            partnerships: Vec::new(),
            workshops: Vec::new(),
        }
    }

    fn date(year: u16, month: u8, day: u8) -> Date {
        Date::new(year, month, day).expect("a real date")
    }

    fn measured(baseline: Option<f64>, target: Option<f64>, values: &[(Date, f64)]) -> Indicator {
        Indicator {
            name: "households in food teams".to_owned(),
            baseline,
            target,
            measurements: values
                .iter()
                .map(|&(date, value)| Measurement { date, value })
                .collect(),
            ..Indicator::default()
        }
    }

    fn goal(id: &str, parent: Option<&str>, status: GoalStatus) -> Goal {
        Goal {
            id: id.to_owned(),
            title: id.to_owned(),
            parent: parent.map(str::to_owned),
            status,
            ..Goal::default()
        }
    }

    fn weighted(mut goal: Goal, weight: f64) -> Goal {
        goal.weight = weight;
        goal
    }

    fn themed(mut goal: Goal, theme: &str) -> Goal {
        goal.theme = Some(theme.to_owned());
        goal
    }

    fn with_indicator(mut goal: Goal, indicator: Indicator) -> Goal {
        goal.indicators.push(indicator);
        goal
    }

    #[test]
    fn rising_indicator() {
        let indicator = measured(Some(1200.0), Some(3000.0), &[(date(2019, 12, 31), 1650.0)]);
        assert_some_close(indicator_progress(&indicator), 0.25);
    }

    #[test]
    fn falling_target() {
        let emissions = measured(Some(100.0), Some(40.0), &[(date(2022, 1, 1), 70.0)]);
        assert_some_close(indicator_progress(&emissions), 0.5);
    }

    #[test]
    fn progress_is_clamped() {
        let beyond = measured(Some(0.0), Some(10.0), &[(date(2022, 1, 1), 15.0)]);
        assert_some_close(indicator_progress(&beyond), 1.0);
        let behind = measured(Some(10.0), Some(20.0), &[(date(2022, 1, 1), 5.0)]);
        assert_some_close(indicator_progress(&behind), 0.0);
        let emissions_up = measured(Some(100.0), Some(40.0), &[(date(2022, 1, 1), 130.0)]);
        assert_some_close(indicator_progress(&emissions_up), 0.0);
        let emissions_beaten = measured(Some(100.0), Some(40.0), &[(date(2022, 1, 1), 10.0)]);
        assert_some_close(indicator_progress(&emissions_beaten), 1.0);
    }

    #[test]
    fn latest_measurement_counts_whatever_the_order() {
        let indicator = measured(
            Some(0.0),
            Some(100.0),
            &[
                (date(2020, 6, 1), 20.0),
                (date(2023, 1, 1), 80.0),
                (date(2021, 12, 31), 50.0),
            ],
        );
        assert_some_close(indicator_progress(&indicator), 0.8);
        let same_day = measured(
            Some(0.0),
            Some(100.0),
            &[
                (date(2023, 1, 1), 30.0),
                (date(2023, 1, 1), 60.0),
                (date(2020, 1, 1), 90.0),
            ],
        );
        assert_some_close(indicator_progress(&same_day), 0.6);
    }

    #[test]
    fn indicator_edge_cases() {
        assert_eq!(
            indicator_progress(&measured(Some(10.0), None, &[(date(2022, 1, 1), 5.0)])),
            None
        );
        // No measurement: the current value is the baseline.
        assert_some_close(
            indicator_progress(&measured(Some(10.0), Some(20.0), &[])),
            0.0,
        );
        // No baseline: counted from 0.
        assert_some_close(
            indicator_progress(&measured(None, Some(40.0), &[(date(2022, 1, 1), 10.0)])),
            0.25,
        );
        // Target equal to the baseline: reached or not.
        assert_some_close(
            indicator_progress(&measured(Some(5.0), Some(5.0), &[])),
            1.0,
        );
        assert_some_close(
            indicator_progress(&measured(Some(5.0), Some(5.0), &[(date(2022, 1, 1), 4.0)])),
            0.0,
        );
        assert_some_close(
            indicator_progress(&measured(Some(5.0), Some(5.0), &[(date(2022, 1, 1), 6.0)])),
            1.0,
        );
        assert_some_close(
            indicator_progress(&measured(
                Some(0.0),
                Some(10.0),
                &[(date(2022, 1, 1), f64::NAN)],
            )),
            0.0,
        );
    }

    #[test]
    fn weighted_sub_goals() {
        let mut plan = empty_plan();
        plan.goals = vec![
            goal("housing", None, GoalStatus::InProgress),
            weighted(
                goal("land-trust", Some("housing"), GoalStatus::Achieved),
                1.0,
            ),
            weighted(
                goal("co-housing", Some("housing"), GoalStatus::Adopted),
                3.0,
            ),
        ];
        let progress = PlanProgress::compute(&plan);
        assert_close(progress.goal(1), 1.0);
        assert_close(progress.goal(2), 0.0);
        assert_close(progress.goal(0), 0.25);
        assert_some_close(progress.plan(), 0.25);
    }

    #[test]
    fn sub_goals_come_before_indicators() {
        let mut plan = empty_plan();
        plan.goals = vec![
            with_indicator(
                goal("food", None, GoalStatus::InProgress),
                measured(Some(0.0), Some(10.0), &[(date(2022, 1, 1), 10.0)]),
            ),
            goal("hub", Some("food"), GoalStatus::Adopted),
        ];
        let progress = PlanProgress::compute(&plan);
        assert_close(progress.goal(0), 0.0);
    }

    #[test]
    fn dropped_sub_goals_are_left_out() {
        let mut plan = empty_plan();
        plan.goals = vec![
            goal("energy", None, GoalStatus::InProgress),
            goal("solar-coop", Some("energy"), GoalStatus::Achieved),
            weighted(
                goal("coal-buyout", Some("energy"), GoalStatus::Dropped),
                5.0,
            ),
            // Every sub-goal dropped: measured by its indicators instead.
            with_indicator(
                goal("mobility", None, GoalStatus::InProgress),
                measured(Some(0.0), Some(4.0), &[(date(2022, 1, 1), 1.0)]),
            ),
            goal("car-share", Some("mobility"), GoalStatus::Dropped),
        ];
        let progress = PlanProgress::compute(&plan);
        assert_close(progress.goal(0), 1.0);
        // A dropped goal still has a progress of its own.
        assert_close(progress.goal(2), 0.0);
        assert_close(progress.goal(3), 0.25);
        assert_some_close(progress.plan(), (1.0 + 0.25) / 2.0);
    }

    #[test]
    fn goals_without_sub_goals() {
        let mut plan = empty_plan();
        plan.goals = vec![
            goal("done", None, GoalStatus::Achieved),
            goal("under-way", None, GoalStatus::InProgress),
            // Indicators without target are skipped; none has one, so status.
            with_indicator(
                goal("no-target", None, GoalStatus::Achieved),
                measured(Some(1.0), None, &[]),
            ),
            with_indicator(
                with_indicator(
                    goal("two-indicators", None, GoalStatus::Achieved),
                    measured(Some(0.0), Some(10.0), &[(date(2022, 1, 1), 5.0)]),
                ),
                measured(Some(100.0), Some(40.0), &[(date(2022, 1, 1), 100.0)]),
            ),
        ];
        let progress = PlanProgress::compute(&plan);
        assert_eq!(progress.goals().len(), 4);
        assert_close(progress.goal(0), 1.0);
        assert_close(progress.goal(1), 0.0);
        assert_close(progress.goal(2), 1.0);
        assert_close(progress.goal(3), 0.25);
    }

    #[test]
    fn themes_and_plan_roll_up_top_level_goals() {
        let mut plan = empty_plan();
        plan.themes = vec![
            Theme {
                id: "food".to_owned(),
                name: "Food".to_owned(),
                description: None,
            },
            Theme {
                id: "energy".to_owned(),
                name: "Energy".to_owned(),
                description: None,
            },
            Theme {
                id: "care".to_owned(),
                name: "Care".to_owned(),
                description: None,
            },
        ];
        plan.goals = vec![
            themed(goal("food-hubs", None, GoalStatus::Achieved), "food"),
            themed(
                weighted(goal("food-chains", None, GoalStatus::Adopted), 3.0),
                "food",
            ),
            // A sub-goal counts through its parent only, whatever its theme.
            themed(
                goal("energy-sub", Some("food-chains"), GoalStatus::Adopted),
                "energy",
            ),
            themed(goal("solar", None, GoalStatus::Achieved), "energy"),
            themed(goal("wind", None, GoalStatus::Dropped), "energy"),
            // An unknown parent makes a goal top-level.
            goal("orphan", Some("nowhere"), GoalStatus::Achieved),
            goal("plain", None, GoalStatus::Idea),
            themed(goal("care-dropped", None, GoalStatus::Dropped), "care"),
        ];
        let progress = PlanProgress::compute(&plan);
        assert_some_close(progress.theme(Some("food")), 0.25);
        assert_some_close(progress.theme(Some("energy")), 1.0);
        assert_eq!(progress.theme(Some("care")), None);
        assert_eq!(progress.theme(Some("housing")), None);
        assert_some_close(progress.theme(None), 0.5);
        // food-hubs 1 (w1), food-chains 0 (w3), solar 1, orphan 1, plain 0.
        assert_some_close(progress.plan(), 3.0 / 7.0);
    }

    #[test]
    fn no_goals_no_plan_progress() {
        let progress = PlanProgress::compute(&empty_plan());
        assert_eq!(progress.plan(), None);
        assert_eq!(progress.theme(None), None);
        let mut all_dropped = empty_plan();
        all_dropped.goals = vec![goal("gone", None, GoalStatus::Dropped)];
        assert_eq!(PlanProgress::compute(&all_dropped).plan(), None);
    }

    #[test]
    fn invalid_weights_count_as_zero() {
        let mut plan = empty_plan();
        plan.goals = vec![
            goal("parent", None, GoalStatus::Idea),
            weighted(goal("zero", Some("parent"), GoalStatus::Achieved), 0.0),
            weighted(goal("nan", Some("parent"), GoalStatus::Achieved), f64::NAN),
            weighted(goal("negative", Some("parent"), GoalStatus::Achieved), -2.0),
            weighted(goal("other", None, GoalStatus::Achieved), f64::INFINITY),
        ];
        let progress = PlanProgress::compute(&plan);
        // No sub-goal counts, so the parent falls through to its status.
        assert_close(progress.goal(0), 0.0);
        assert_some_close(progress.plan(), 0.0);
    }

    #[test]
    fn parent_cycles_terminate() {
        let mut plan = empty_plan();
        plan.goals = vec![
            goal("a", Some("b"), GoalStatus::Achieved),
            goal("b", Some("a"), GoalStatus::Idea),
            goal("self", Some("self"), GoalStatus::Achieved),
            goal("x", Some("z"), GoalStatus::Idea),
            goal("y", Some("x"), GoalStatus::Idea),
            goal("z", Some("y"), GoalStatus::Idea),
            goal("w", Some("y"), GoalStatus::Achieved),
            goal("top", None, GoalStatus::Achieved),
        ];
        let progress = PlanProgress::compute(&plan);
        // `a` is met first: `b` is its sub-goal, and `b` has none.
        assert_close(progress.goal(1), 0.0);
        assert_close(progress.goal(0), 0.0);
        assert_close(progress.goal(2), 1.0);
        // x ← y ← {z, w}; the link z → x closes the ring and is left out.
        assert_close(progress.goal(5), 0.0);
        assert_close(progress.goal(6), 1.0);
        assert_close(progress.goal(4), 0.5);
        assert_close(progress.goal(3), 0.5);
        // Goals in a cycle are not top-level; `top` is.
        assert_some_close(progress.plan(), 1.0);
        // The links the roll-up follows: each cycle's first goal counts
        // under nothing, the others stay where they are.
        let under: Vec<Option<usize>> = (0..8).map(|i| progress.counts_under(i)).collect();
        assert_eq!(
            under,
            [None, Some(0), None, None, Some(3), Some(4), Some(4), None]
        );

        // A large ring terminates too.
        let mut ring = empty_plan();
        let size = 10_000;
        ring.goals = (0..size)
            .map(|i| {
                let id = format!("g{i}");
                let parent = format!("g{}", (i + 1) % size);
                goal(&id, Some(&parent), GoalStatus::Achieved)
            })
            .collect();
        let progress = PlanProgress::compute(&ring);
        assert!(progress.goals().iter().all(|&p| close(p, 1.0)));
        assert_eq!(progress.plan(), None);
    }

    #[test]
    fn duplicate_goal_ids_the_first_is_the_parent() {
        let mut plan = empty_plan();
        plan.goals = vec![
            goal("top", None, GoalStatus::Idea),
            goal("c", Some("top"), GoalStatus::Idea),
            goal("d", Some("c"), GoalStatus::Achieved),
            // Names `d` as parent; `d` names the first `c`, so no cycle.
            goal("c", Some("d"), GoalStatus::Idea),
        ];
        let progress = PlanProgress::compute(&plan);
        assert_close(progress.goal(3), 0.0);
        assert_close(progress.goal(2), 0.0);
        assert_close(progress.goal(1), 0.0);
        assert_close(progress.goal(0), 0.0);
        plan.goals[3].status = GoalStatus::Achieved;
        let progress = PlanProgress::compute(&plan);
        assert_close(progress.goal(0), 1.0);
        assert_some_close(progress.plan(), 1.0);
    }

    #[test]
    fn deep_chains_do_not_overflow() {
        let mut plan = empty_plan();
        let depth = 100_000;
        plan.goals = (0..depth)
            .map(|i| {
                let parent = (i > 0).then(|| format!("g{}", i - 1));
                let status = if i == depth - 1 {
                    GoalStatus::Achieved
                } else {
                    GoalStatus::Idea
                };
                goal(&format!("g{i}"), parent.as_deref(), status)
            })
            .collect();
        // Leaf first in the file, to walk from the bottom as well.
        plan.goals.reverse();
        let progress = PlanProgress::compute(&plan);
        assert!(progress.goals().iter().all(|&p| close(p, 1.0)));
        assert_some_close(progress.plan(), 1.0);
    }

    #[test]
    fn counts_by_status_and_theme() {
        let mut plan = empty_plan();
        plan.themes = vec![
            Theme {
                id: "food".to_owned(),
                name: "Food".to_owned(),
                description: None,
            },
            Theme {
                id: "care".to_owned(),
                name: "Care".to_owned(),
                description: None,
            },
        ];
        plan.goals = vec![
            themed(goal("a", None, GoalStatus::Achieved), "food"),
            themed(goal("b", None, GoalStatus::Achieved), "fod"),
            goal("c", None, GoalStatus::Dropped),
            themed(goal("d", None, GoalStatus::InProgress), "food"),
        ];
        plan.partnerships = vec![
            Partnership {
                status: PartnershipStatus::Active,
                ..Partnership::default()
            },
            Partnership::default(),
            Partnership {
                status: PartnershipStatus::Active,
                ..Partnership::default()
            },
        ];
        assert_eq!(
            goals_by_status(&plan),
            vec![
                (GoalStatus::Idea, 0),
                (GoalStatus::Proposed, 0),
                (GoalStatus::Adopted, 0),
                (GoalStatus::InProgress, 1),
                (GoalStatus::Achieved, 2),
                (GoalStatus::Dropped, 1),
            ]
        );
        assert_eq!(
            goals_by_theme(&plan),
            vec![
                (Some("food"), 2),
                (Some("care"), 0),
                (Some("fod"), 1),
                (None, 1)
            ]
        );
        assert_eq!(
            partnerships_by_status(&plan),
            vec![
                (PartnershipStatus::Proposed, 1),
                (PartnershipStatus::Negotiating, 0),
                (PartnershipStatus::Signed, 0),
                (PartnershipStatus::Active, 2),
                (PartnershipStatus::UnderReview, 0),
                (PartnershipStatus::Ended, 0),
                (PartnershipStatus::Cancelled, 0),
            ]
        );
        let empty = empty_plan();
        assert_eq!(goals_by_theme(&empty), vec![(None, 0)]);
    }

    fn actor(id: &str, role: Role) -> Actor {
        Actor {
            id: id.to_owned(),
            name: id.to_owned(),
            role,
            ..Actor::default()
        }
    }

    fn contribution(
        from: &str,
        kind: ContributionKind,
        amount: Option<f64>,
        unit: Option<&str>,
        per: Period,
    ) -> Contribution {
        Contribution {
            from: from.to_owned(),
            kind,
            amount,
            unit: unit.map(str::to_owned),
            per,
            description: None,
        }
    }

    fn line(
        kind: ContributionKind,
        unit: &str,
        role: Option<Role>,
        once: f64,
        per_year: f64,
        count: usize,
    ) -> LedgerLine {
        LedgerLine {
            kind,
            unit: unit.to_owned(),
            role,
            once,
            per_year,
            count,
        }
    }

    #[track_caller]
    fn assert_lines(actual: &[LedgerLine], expected: &[LedgerLine]) {
        assert_eq!(actual.len(), expected.len(), "{actual:#?}");
        for (actual, expected) in actual.iter().zip(expected) {
            assert_eq!(
                (actual.kind, &actual.unit, actual.role, actual.count),
                (expected.kind, &expected.unit, expected.role, expected.count),
                "{actual:#?}"
            );
            assert_close(actual.once, expected.once);
            assert_close(actual.per_year, expected.per_year);
        }
    }

    #[test]
    fn ledger_totals() {
        use ContributionKind::{Knowledge, Money, Space, VolunteerTime};
        let mut plan = empty_plan();
        plan.plan.currency = "EUR".to_owned();
        plan.actors = vec![
            actor("city", Role::Public),
            actor("food-teams", Role::Commons),
            actor("coop", Role::Cooperative),
        ];
        plan.partnerships = vec![
            Partnership {
                id: "food-hub-pact".to_owned(),
                contributions: vec![
                    contribution(
                        "food-teams",
                        VolunteerTime,
                        Some(60.0),
                        Some("hours"),
                        Period::Month,
                    ),
                    contribution("city", Space, Some(240.0), Some("m2"), Period::Once),
                    contribution("city", Money, Some(5000.0), None, Period::Once),
                    contribution("city", Money, Some(1000.0), Some("EUR"), Period::Year),
                    contribution(
                        "food-teams",
                        VolunteerTime,
                        Some(100.0),
                        Some("hours"),
                        Period::Once,
                    ),
                    contribution("food-teams", Knowledge, None, None, Period::Once),
                ],
                ..Partnership::default()
            },
            Partnership {
                id: "empty".to_owned(),
                ..Partnership::default()
            },
            Partnership {
                id: "energy-coop".to_owned(),
                contributions: vec![
                    contribution("coop", Money, Some(200.0), None, Period::Month),
                    contribution("ghost", Money, Some(7.0), None, Period::Once),
                    contribution("city", Money, Some(3000.0), None, Period::Once),
                    contribution("city", Money, Some(50.0), Some("USD"), Period::Once),
                ],
                ..Partnership::default()
            },
        ];
        let ledger = LedgerTotals::compute(&plan);
        assert_lines(
            ledger.partnership(0),
            &[
                line(Money, "EUR", Some(Role::Public), 5000.0, 1000.0, 2),
                line(Space, "m2", Some(Role::Public), 240.0, 0.0, 1),
                line(VolunteerTime, "hours", Some(Role::Commons), 100.0, 720.0, 2),
                line(Knowledge, "", Some(Role::Commons), 0.0, 0.0, 1),
            ],
        );
        assert!(ledger.partnership(1).is_empty());
        assert_lines(
            ledger.partnership(2),
            &[
                line(Money, "EUR", Some(Role::Public), 3000.0, 0.0, 1),
                line(Money, "EUR", Some(Role::Cooperative), 0.0, 2400.0, 1),
                line(Money, "EUR", None, 7.0, 0.0, 1),
                line(Money, "USD", Some(Role::Public), 50.0, 0.0, 1),
            ],
        );
        assert_lines(
            ledger.plan(),
            &[
                line(Money, "EUR", Some(Role::Public), 8000.0, 1000.0, 3),
                line(Money, "EUR", Some(Role::Cooperative), 0.0, 2400.0, 1),
                line(Money, "EUR", None, 7.0, 0.0, 1),
                line(Money, "USD", Some(Role::Public), 50.0, 0.0, 1),
                line(Space, "m2", Some(Role::Public), 240.0, 0.0, 1),
                line(VolunteerTime, "hours", Some(Role::Commons), 100.0, 720.0, 2),
                line(Knowledge, "", Some(Role::Commons), 0.0, 0.0, 1),
            ],
        );
        // What the commons give, in euros a year.
        let commons_per_year: f64 = ledger
            .plan()
            .iter()
            .filter(|l| {
                l.kind == Money && l.unit == "EUR" && l.role.is_some_and(Role::is_commons_side)
            })
            .map(|l| l.per_year)
            .sum();
        assert_close(commons_per_year, 2400.0);

        let mut other_currency = plan.clone();
        other_currency.plan.currency = "CHF".to_owned();
        let ledger = LedgerTotals::compute(&other_currency);
        assert_eq!(ledger.partnership(0)[0].unit, "CHF");
        assert_eq!(ledger.partnership(0)[1].unit, "EUR");
    }
}
