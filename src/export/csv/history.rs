//! The CSV tables of how goals move over time: every measurement of every
//! indicator, and every milestone with whether it is done or overdue.
//!
//! Both name their goal's id first, like the other nested tables. The
//! measurements come in date order within each indicator (the report sorts
//! them; the plan may list them in any order), so a spreadsheet can chart
//! an indicator's rows as they stand. A milestone is overdue by the one
//! rule the screens and the reports use ([`milestone_overdue`]), on the
//! report's date.

use std::borrow::Cow;

use super::sheet::{Sheet, date, number, opt};
use crate::export::Report;
use crate::progress::overdue::milestone_overdue;

/// `true` or `false`, as the other tables write a flag.
fn flag(value: bool) -> Cow<'static, str> {
    Cow::Borrowed(if value { "true" } else { "false" })
}

/// One row per measurement: its goal, the indicator's name and unit, the
/// date and the value.
pub(super) fn measurements(report: &Report) -> String {
    let mut sheet = Sheet::new(&["goal_id", "indicator", "date", "value", "unit"]);
    for g in report.goals() {
        for i in &g.indicators {
            for m in &i.measurements {
                sheet.row([
                    Cow::Borrowed(g.id.as_str()),
                    Cow::Borrowed(i.name.as_str()),
                    date(Some(m.date)),
                    number(Some(m.value)),
                    opt(i.unit.as_deref()),
                ]);
            }
        }
    }
    sheet.finish()
}

/// One row per milestone, in its goal's order: the goal, the milestone's
/// own id (empty when it has none), its title, when it is due, whether it
/// is done and whether it is overdue.
pub(super) fn milestones(report: &Report) -> String {
    let mut sheet = Sheet::new(&["goal_id", "id", "title", "due", "done", "overdue"]);
    for g in report.goals() {
        for m in &g.milestones {
            sheet.row([
                Cow::Borrowed(g.id.as_str()),
                opt(m.id.as_deref()),
                Cow::Borrowed(m.title.as_str()),
                date(m.due),
                flag(m.done),
                flag(milestone_overdue(m, report.generated)),
            ]);
        }
    }
    sheet.finish()
}
