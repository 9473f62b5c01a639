//! What is overdue: a milestone due before today and not done, the review
//! of a running partnership dated before today, a decision past its due
//! date. The one rule for the screens, which mark these with [`OVERDUE`]
//! and count them on the overview, and for the reports.

use crate::model::{Date, Decision, Milestone, Partnership, PartnershipStatus, Plan};

/// The mark beside anything overdue: a symbol and a word, never colour
/// alone.
pub const OVERDUE: &str = "! overdue";

/// Whether a milestone is overdue on `today`: due before it and not done.
pub fn milestone_overdue(milestone: &Milestone, today: Date) -> bool {
    !milestone.done && milestone.due.is_some_and(|due| due < today)
}

/// Whether a partnership's review is overdue on `today`: dated before it,
/// while the partnership still runs (not ended or cancelled).
pub fn review_overdue(partnership: &Partnership, today: Date) -> bool {
    !matches!(
        partnership.status,
        PartnershipStatus::Ended | PartnershipStatus::Cancelled
    ) && partnership.review.is_some_and(|review| review < today)
}

/// Whether a workshop's decision is overdue on `today`: due before it (a
/// decision records no completion, so a past due date stays marked).
pub fn decision_overdue(decision: &Decision, today: Date) -> bool {
    decision.due.is_some_and(|due| due < today)
}

/// How many milestones and partnership reviews of `plan` are overdue.
pub fn overdue_count(plan: &Plan, today: Date) -> usize {
    let milestones = plan
        .goals
        .iter()
        .flat_map(|g| &g.milestones)
        .filter(|m| milestone_overdue(m, today))
        .count();
    let reviews = plan
        .partnerships
        .iter()
        .filter(|p| review_overdue(p, today))
        .count();
    milestones + reviews
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(d: u8) -> Date {
        Date::new(2026, 11, d).expect("a real date")
    }

    #[test]
    fn a_milestone_is_overdue_after_its_day_until_done() {
        let mut milestone = Milestone {
            due: Some(day(10)),
            ..Milestone::default()
        };
        assert!(
            !milestone_overdue(&milestone, day(10)),
            "due today is not late"
        );
        assert!(milestone_overdue(&milestone, day(11)));
        milestone.done = true;
        assert!(!milestone_overdue(&milestone, day(11)));
        milestone.done = false;
        milestone.due = None;
        assert!(
            !milestone_overdue(&milestone, day(11)),
            "no date, never late"
        );
    }

    #[test]
    fn a_review_is_overdue_while_the_partnership_runs() {
        let mut partnership = Partnership {
            review: Some(day(10)),
            status: PartnershipStatus::Active,
            ..Partnership::default()
        };
        assert!(!review_overdue(&partnership, day(10)));
        assert!(review_overdue(&partnership, day(11)));
        partnership.status = PartnershipStatus::Ended;
        assert!(!review_overdue(&partnership, day(11)));
        partnership.status = PartnershipStatus::Cancelled;
        assert!(!review_overdue(&partnership, day(11)));
    }
}
