//! What needs deciding: the one list the reports put first, gathered once
//! from the built report so that every format shows the same lines.
//!
//! What is overdue follows the library's one rule
//! (`progress::overdue`): a milestone due before the report's day and not
//! done, a running partnership's review dated before it, a workshop
//! decision past its due date. Beside those: reviews due within the next
//! [`REVIEW_WINDOW_DAYS`] days, goals proposed and not adopted,
//! partnerships still negotiating, and comments not yet resolved. Each line
//! names the item and who answers for it.

use super::{
    DecisionNeeded, ItemKind, NeedItem, NeedKind, Partnership, Ref, ThemeSection, Workshop,
};
use crate::model::{Date, GoalStatus, PartnershipStatus, Plan, Role};
use crate::progress::overdue::{decision_overdue, review_overdue};

/// How far ahead a partnership's review counts as coming up.
pub const REVIEW_WINDOW_DAYS: i64 = 90;

/// Days since 1970-01-01 (the days-from-civil algorithm, the inverse of
/// [`Date::from_days_since_epoch`]).
pub fn days_since_epoch(date: Date) -> i64 {
    let (month, day) = (i64::from(date.month), i64::from(date.day));
    let year = i64::from(date.year) - i64::from(month <= 2);
    let era = year.div_euclid(400);
    let yoe = year - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Who answers for a partnership: its first public party (the city signs
/// it), else its first party.
fn partnership_owner(p: &Partnership) -> Option<Ref> {
    p.parties
        .iter()
        .find(|party| party.role == Some(Role::Public))
        .or(p.parties.first())
        .map(|party| party.actor.clone())
}

/// A comment as one line: its author, then its text.
fn comment_line(author: &str, text: &str) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    format!("{author}: {text}")
}

/// The decisions needed, most pressing kind first; overdue items and
/// coming reviews by date, soonest first, the rest in the report's order
/// (goals as the report lists them, then partnerships, then workshops). `plan` is the plan the report was built from: its
/// partnerships and workshops are in the report's order.
pub(super) fn decisions_needed(
    plan: &Plan,
    themes: &[ThemeSection],
    partnerships: &[Partnership],
    workshops: &[Workshop],
    today: Date,
) -> Vec<DecisionNeeded> {
    let mut needed = Vec::new();
    let goal_ref = |id: &str, title: &str| Ref {
        id: id.to_owned(),
        name: Some(title.to_owned()),
    };
    for goal in themes.iter().flat_map(|t| &t.goals) {
        for (m, overdue) in goal.milestones.iter().zip(&goal.milestones_overdue) {
            if *overdue {
                needed.push(DecisionNeeded {
                    kind: NeedKind::MilestoneOverdue,
                    item: goal_ref(&goal.id, &goal.title),
                    item_kind: NeedItem::Goal,
                    title: m.title.clone(),
                    owner: goal.owner.clone(),
                    date: m.due,
                });
            }
        }
        if goal.status == GoalStatus::Proposed {
            needed.push(DecisionNeeded {
                kind: NeedKind::GoalProposed,
                item: goal_ref(&goal.id, &goal.title),
                item_kind: NeedItem::Goal,
                title: "Adopt the goal, or not".to_owned(),
                owner: goal.owner.clone(),
                date: None,
            });
        }
        for c in goal.comments.iter().filter(|c| !c.resolved) {
            needed.push(DecisionNeeded {
                kind: NeedKind::OpenComment,
                item: goal_ref(&goal.id, &goal.title),
                item_kind: NeedItem::Goal,
                title: comment_line(&c.author, &c.text),
                owner: goal.owner.clone(),
                date: c.date,
            });
        }
    }
    let horizon = Date::from_days_since_epoch(days_since_epoch(today) + REVIEW_WINDOW_DAYS);
    for (model, p) in plan.partnerships.iter().zip(partnerships) {
        let owner = partnership_owner(p);
        let item = goal_ref(&p.id, &p.title);
        let running = !matches!(
            p.status,
            PartnershipStatus::Ended | PartnershipStatus::Cancelled
        );
        let review = if review_overdue(model, today) {
            Some(NeedKind::ReviewOverdue)
        } else if running && p.review.is_some_and(|r| r <= horizon) {
            Some(NeedKind::ReviewDue)
        } else {
            None
        };
        if let Some(kind) = review {
            needed.push(DecisionNeeded {
                kind,
                item: item.clone(),
                item_kind: NeedItem::Partnership,
                title: "Review the partnership".to_owned(),
                owner: owner.clone(),
                date: p.review,
            });
        }
        if p.status == PartnershipStatus::Negotiating {
            needed.push(DecisionNeeded {
                kind: NeedKind::PartnershipNegotiating,
                item: item.clone(),
                item_kind: NeedItem::Partnership,
                title: "Conclude the agreement".to_owned(),
                owner: owner.clone(),
                date: None,
            });
        }
        for c in p.comments.iter().filter(|c| !c.resolved) {
            needed.push(DecisionNeeded {
                kind: NeedKind::OpenComment,
                item: item.clone(),
                item_kind: NeedItem::Partnership,
                title: comment_line(&c.author, &c.text),
                owner: owner.clone(),
                date: c.date,
            });
        }
    }
    for (model, w) in plan.workshops.iter().zip(workshops) {
        for (d, decision) in model.decisions.iter().zip(&w.decisions) {
            if !decision_overdue(d, today) {
                continue;
            }
            let (item, item_kind) = match (&decision.item, decision.kind) {
                (Some(item), Some(ItemKind::Goal)) => (item.clone(), NeedItem::Goal),
                (Some(item), Some(ItemKind::Partnership)) => (item.clone(), NeedItem::Partnership),
                (Some(item), _) => (item.clone(), NeedItem::Unknown),
                (None, _) => (goal_ref(&w.id, &w.title), NeedItem::Workshop),
            };
            needed.push(DecisionNeeded {
                kind: NeedKind::DecisionOverdue,
                item,
                item_kind,
                title: decision
                    .text
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" "),
                owner: decision.owner.clone(),
                date: decision.due,
            });
        }
    }
    // By kind; the dated kinds by date within it, soonest first, the
    // others (and equal dates) in the report's order.
    needed.sort_by_key(|n| {
        let dated = matches!(
            n.kind,
            NeedKind::MilestoneOverdue
                | NeedKind::ReviewOverdue
                | NeedKind::ReviewDue
                | NeedKind::DecisionOverdue
        );
        (n.kind, if dated { n.date } else { None })
    });
    needed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_and_dates_agree() {
        for days in [-1, 0, 59, 60, 365, 11_016, 20_411, 20_780] {
            let date = Date::from_days_since_epoch(days);
            assert_eq!(days_since_epoch(date), days, "{date}");
        }
        let date = Date::new(2026, 11, 22).expect("a date");
        assert_eq!(
            Date::from_days_since_epoch(days_since_epoch(date) + REVIEW_WINDOW_DAYS).to_string(),
            "2027-02-20"
        );
    }
}
