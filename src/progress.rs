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

mod ledger;
mod outline;
pub mod overdue;
mod percent;

pub use ledger::{LedgerLine, LedgerTotals};
pub use outline::{Outline, Section, Walk};
pub use percent::{Percent, percent};

use std::collections::HashMap;

use crate::model::{Goal, GoalStatus, Indicator, Keyword, PartnershipStatus, Plan};

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

#[cfg(test)]
mod tests;
