//! Ledger totals: what each partnership, and the plan, receives by kind,
//! unit and the contributing actor's role, one-off and yearly amounts kept
//! apart.

use std::cmp::Ordering;
use std::collections::HashMap;

use crate::model::*;

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
