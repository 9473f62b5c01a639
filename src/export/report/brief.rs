//! The council brief: what a council member reads on one A4 page — the
//! figures at a glance, what needs deciding (the most pressing lines, and
//! how many more), and budgets and progress by theme.
//!
//! It is drawn from the [`Report`] but hands its templates only this much,
//! so a 10,000-goal plan's brief costs little more than building the
//! report: the goals themselves are not converted for the template.

use serde::Serialize;

use super::{Budget, DecisionGroup, DecisionNeeded, PlanInfo, Ref, Report, Summary};
use crate::model::Date;

/// How many lines of the decisions needed the brief lists; the rest are
/// counted.
pub const BRIEF_DECISIONS: usize = 12;

/// The longest text of a line in the brief, in characters, so that each
/// line stays short on the page.
const BRIEF_CHARS: usize = 72;

/// The longest name of an item in the brief, in characters.
const BRIEF_ITEM_CHARS: usize = 48;

/// What the brief's templates see.
#[derive(Debug, Clone, Serialize)]
pub struct Brief<'r> {
    /// The plan file, as it was named.
    pub source: &'r str,
    /// The day the brief was made.
    pub generated: Date,
    /// What the plan is.
    pub plan: &'r PlanInfo,
    /// The figures at a glance.
    pub summary: &'r Summary,
    /// Every kind that has decisions needed, with its count.
    pub decision_groups: Vec<DecisionGroup>,
    /// How many decisions are needed in all.
    pub decisions_count: usize,
    /// The first [`BRIEF_DECISIONS`] of them, most pressing first, their
    /// texts cut to one line.
    pub decisions: Vec<DecisionNeeded>,
    /// How many are not listed.
    pub decisions_more: usize,
    /// Each theme's goals, progress and budget.
    pub themes: Vec<BriefTheme>,
    /// How budgets are summed.
    pub budget_note: String,
}

/// A theme's line in the brief.
#[derive(Debug, Clone, Serialize)]
pub struct BriefTheme {
    /// Its name.
    pub name: String,
    /// How many goals.
    pub goals: usize,
    /// Its progress, 0 to 1.
    pub progress: Option<f64>,
    /// Its goals' budgets.
    pub budget: Budget,
}

/// `text` cut to `chars` characters at most, an ellipsis marking a cut.
pub fn shorten(text: &str, chars: usize) -> String {
    if text.chars().count() <= chars {
        return text.to_owned();
    }
    let mut cut: String = text.chars().take(chars.saturating_sub(1)).collect();
    cut.truncate(cut.trim_end().len());
    cut.push('…');
    cut
}

impl<'r> Brief<'r> {
    /// The brief of `report`.
    pub fn of(report: &'r Report) -> Brief<'r> {
        let decisions: Vec<DecisionNeeded> = report
            .decisions_needed
            .iter()
            .take(BRIEF_DECISIONS)
            .map(|d| DecisionNeeded {
                title: shorten(&d.title, BRIEF_CHARS),
                item: Ref {
                    id: d.item.id.clone(),
                    name: d.item.name.as_deref().map(|n| shorten(n, BRIEF_ITEM_CHARS)),
                },
                ..d.clone()
            })
            .collect();
        Brief {
            source: &report.source,
            generated: report.generated,
            plan: &report.plan,
            summary: &report.summary,
            decision_groups: report.decision_groups(),
            decisions_count: report.decisions_needed.len(),
            decisions_more: report.decisions_needed.len() - decisions.len(),
            decisions,
            themes: report
                .themes
                .iter()
                .map(|t| BriefTheme {
                    name: t.name.clone(),
                    goals: t.goals.len(),
                    progress: t.progress,
                    budget: t.budget,
                })
                .collect(),
            budget_note: report.budget_note(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_texts_are_cut_with_an_ellipsis() {
        assert_eq!(shorten("short", 10), "short");
        assert_eq!(shorten("a long line of text", 8), "a long…");
        assert_eq!(shorten("a long line of text", 8).chars().count(), 7);
    }
}
