//! The derived figures that moved between two plans: progress (the plan's,
//! each theme's, each goal's, as whole percentages by the one rounding
//! rule, in the order of NEW's outline) and the whole plan's ledger totals.

use std::cmp::Ordering;

use super::items::Matched;
use super::{Amounts, LedgerChange, ProgressChange};
use crate::fields::Collection;
use crate::model::{Keyword, Plan};
use crate::progress::{LedgerLine, LedgerTotals, Outline, PlanProgress, percent};

/// The progress figures that moved; those on one side only are left out.
pub(super) fn progress(old: &Plan, new: &Plan, matched: &Matched) -> Vec<ProgressChange> {
    let (was, is) = (PlanProgress::compute(old), PlanProgress::compute(new));
    let mut out = Vec::new();
    let mut moved = |address: String, old: Option<f64>, new: Option<f64>| {
        if let (Some(old), Some(new)) = (old.and_then(percent), new.and_then(percent))
            && old != new
        {
            out.push(ProgressChange { address, old, new });
        }
    };
    moved("plan".to_owned(), was.plan(), is.plan());
    let outline = Outline::new(new, &is);
    let themes = &matched.collections[Collection::Themes.index()];
    for section in outline.sections() {
        let Some(theme) = section.theme else {
            continue;
        };
        // A declared theme that was renamed is found under its old id.
        let old_id = section
            .declared
            .and_then(|t| themes.old_of_new[t])
            .map_or(theme, |i| old.themes[i].id.as_str());
        let named_before = old.themes.iter().any(|t| t.id == old_id)
            || old.goals.iter().any(|g| g.theme.as_deref() == Some(old_id));
        if named_before {
            moved(
                format!("themes.{theme}"),
                was.theme(Some(old_id)),
                is.theme(Some(theme)),
            );
        }
    }
    let goals = &matched.collections[Collection::Goals.index()];
    for section in outline.sections() {
        for (j, _) in outline.walk(section) {
            if let Some(i) = goals.old_of_new[j] {
                moved(
                    format!("goals.{}", new.goals[j].id),
                    Some(was.goal(i)),
                    Some(is.goal(j)),
                );
            }
        }
    }
    out
}

/// The lines of the whole plan's ledger totals whose amounts changed.
pub(super) fn ledger(old: &Plan, new: &Plan) -> Vec<LedgerChange> {
    let (was, is) = (LedgerTotals::compute(old), LedgerTotals::compute(new));
    let (was, is) = (was.plan(), is.plan());
    let mut out = Vec::new();
    let (mut a, mut b) = (0, 0);
    while a < was.len() || b < is.len() {
        let order = match (was.get(a), is.get(b)) {
            (Some(x), Some(y)) => order(x, y),
            (Some(_), None) => Ordering::Less,
            _ => Ordering::Greater,
        };
        let (line, old, new) = match order {
            Ordering::Less => {
                a += 1;
                (&was[a - 1], amounts(Some(&was[a - 1])), Amounts::default())
            }
            Ordering::Greater => {
                b += 1;
                (&is[b - 1], Amounts::default(), amounts(Some(&is[b - 1])))
            }
            Ordering::Equal => {
                a += 1;
                b += 1;
                (
                    &is[b - 1],
                    amounts(Some(&was[a - 1])),
                    amounts(Some(&is[b - 1])),
                )
            }
        };
        if old.once != new.once || old.per_year != new.per_year {
            out.push(LedgerChange {
                kind: line.kind.as_str(),
                unit: line.unit.clone(),
                role: line.role.map(Keyword::as_str),
                old,
                new,
            });
        }
    }
    out
}

/// The order of [`LedgerTotals`]' lines: kind, unit, then role (unknown
/// actors last).
fn order(x: &LedgerLine, y: &LedgerLine) -> Ordering {
    x.kind
        .cmp(&y.kind)
        .then_with(|| x.unit.cmp(&y.unit))
        .then_with(|| x.role.is_none().cmp(&y.role.is_none()))
        .then_with(|| x.role.cmp(&y.role))
}

fn amounts(line: Option<&LedgerLine>) -> Amounts {
    line.map_or_else(Amounts::default, |l| Amounts {
        once: l.once,
        per_year: l.per_year,
        count: l.count,
    })
}
