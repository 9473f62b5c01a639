//! The results table Decidim's Accountability component imports.
//!
//! The Decidim table has the columns `id`, `parent/id`, `title/<locale>`,
//! `description/<locale>`, `start_date`, `end_date`, `status/id` and
//! `progress`, one row per goal in the report's order, so that a parent
//! comes before its sub-goals; `parent/id` is left empty when the parent
//! does not come earlier (it names no goal, or the goals form a cycle). The
//! start date is the earliest milestone's due date; the end date is
//! December 31 of the goal's target year, else the latest milestone's due
//! date. Decidim's statuses are numbers each component configures, so the
//! caller maps goal statuses to them; a status it does not map leaves
//! `status/id` empty, which Decidim reads as no status.

use std::borrow::Cow;

use super::sheet::{Sheet, date, opt, percent};
use crate::export::Report;
use crate::export::report::Goal;
use crate::model::{Date, GoalStatus};

/// The goals as the results Decidim's Accountability component imports,
/// titles and descriptions under `locale` (`en`, `pt-BR`, …). Each goal's
/// status is written as the id `status_ids` gives it, the first one listed
/// for it, or left empty.
///
/// The caller checks `locale`; should it hold anything but ASCII letters,
/// digits, `-` and `_`, those characters are dropped, and `en` stands for a
/// locale left empty.
pub fn decidim(report: &Report, locale: &str, status_ids: &[(GoalStatus, String)]) -> String {
    let locale: String = locale
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_'))
        .collect();
    let locale = if locale.is_empty() { "en" } else { &locale };
    let title = format!("title/{locale}");
    let description = format!("description/{locale}");
    let mut sheet = Sheet::new(&[
        "id",
        "parent/id",
        &title,
        &description,
        "start_date",
        "end_date",
        "status/id",
        "progress",
    ]);
    let mut written = std::collections::HashSet::new();
    for g in report.goals() {
        let parent = g
            .parent
            .as_ref()
            .filter(|p| written.contains(p.id.as_str()))
            .map(|p| p.id.as_str());
        let (start, end) = decidim_dates(g);
        let status = status_ids
            .iter()
            .find(|(s, _)| *s == g.status)
            .map(|(_, id)| id.as_str());
        sheet.row([
            Cow::Borrowed(g.id.as_str()),
            opt(parent),
            Cow::Borrowed(g.title.as_str()),
            opt(g.description.as_deref()),
            date(start),
            date(end),
            opt(status),
            Cow::Owned(percent(g.progress.clamp(0.0, 1.0))),
        ]);
        written.insert(g.id.as_str());
    }
    sheet.finish()
}

/// A goal's start and end dates for Decidim: the earliest milestone's due
/// date; December 31 of the target year, else the latest milestone's.
fn decidim_dates(goal: &Goal) -> (Option<Date>, Option<Date>) {
    let dues = goal.milestones.iter().filter_map(|m| m.due);
    let start = dues.clone().min();
    let year_end = goal
        .target_year
        .and_then(|y| u16::try_from(y).ok())
        .filter(|y| (1..=9999).contains(y))
        .and_then(|y| Date::new(y, 12, 31));
    (start, year_end.or_else(|| dues.max()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::PlanDocument;
    use crate::export::csv::{Table, table};

    fn report(toml: &str) -> Report {
        let today = Date::new(2026, 11, 22).unwrap();
        let document = PlanDocument::load(toml.as_bytes(), today).unwrap();
        Report::of_document(&document, "plan.toml", today)
    }

    const PLAN: &str = r#"
format = 1

[plan]
city = "Somewhere"
title = "Test"

[[goals]]
id = "both"
title = "Target year and milestones"
status = "in-progress"
target_year = 2030

  [[goals.milestones]]
  title = "Later"
  due = 2027-05-01

  [[goals.milestones]]
  title = "Earlier"
  due = 2025-02-03
  done = true

  [[goals.milestones]]
  title = "Undated"

[[goals]]
id = "milestones-only"
title = "Milestones only"
parent = "both"
status = "achieved"

  [[goals.milestones]]
  title = "One"
  due = 2026-01-15

  [[goals.milestones]]
  title = "Two"
  due = 2028-09-30

[[goals]]
id = "nothing"
title = "No dates"
status = "dropped"
"#;

    fn rows(text: &str) -> Vec<Vec<String>> {
        ::csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(text.as_bytes())
            .records()
            .map(|r| r.unwrap().iter().map(str::to_owned).collect())
            .collect()
    }

    #[test]
    fn decidim_dates_and_statuses() {
        let report = report(PLAN);
        let statuses = [
            (GoalStatus::InProgress, "7".to_owned()),
            (GoalStatus::Achieved, "9".to_owned()),
            (GoalStatus::Achieved, "10".to_owned()),
        ];
        let rows = rows(&decidim(&report, "ca", &statuses));
        assert_eq!(
            rows[0],
            [
                "id",
                "parent/id",
                "title/ca",
                "description/ca",
                "start_date",
                "end_date",
                "status/id",
                "progress"
            ]
        );
        let by_id = |id: &str| rows.iter().find(|r| r[0] == id).unwrap().clone();
        let both = by_id("both");
        assert_eq!(
            (both[4].as_str(), both[5].as_str()),
            ("2025-02-03", "2030-12-31")
        );
        assert_eq!(both[6], "7");
        assert_eq!(both[1], "");
        let only = by_id("milestones-only");
        assert_eq!(
            (only[4].as_str(), only[5].as_str()),
            ("2026-01-15", "2028-09-30")
        );
        assert_eq!(only[6], "9", "the first id given for a status");
        assert_eq!(only[1], "both");
        assert_eq!(only[7], "100");
        let nothing = by_id("nothing");
        assert_eq!((nothing[4].as_str(), nothing[5].as_str()), ("", ""));
        assert_eq!(nothing[6], "", "no id given for `dropped`");
        // Parents come first.
        let position = |id: &str| rows.iter().position(|r| r[0] == id).unwrap();
        assert!(position("both") < position("milestones-only"));
    }

    #[test]
    fn decidim_parent_only_when_written_before() {
        let report = report(
            r#"
format = 1

[plan]
city = "Somewhere"
title = "Test"

[[goals]]
id = "orphan"
title = "Its parent does not exist"
parent = "missing"

[[goals]]
id = "a"
title = "A"
parent = "b"

[[goals]]
id = "b"
title = "B"
parent = "a"
"#,
        );
        let goals = rows(&table(&report, Table::Goals));
        let orphan = goals.iter().find(|r| r[0] == "orphan").unwrap();
        assert_eq!(orphan[4], "missing", "the goals table as written");
        let rows = rows(&decidim(&report, "en", &[]));
        let parent = |id: &str| rows.iter().find(|r| r[0] == id).unwrap()[1].clone();
        assert_eq!(parent("orphan"), "");
        // Of a cycle, the goal written first has no parent here.
        let (first, second) =
            if rows.iter().position(|r| r[0] == "a") < rows.iter().position(|r| r[0] == "b") {
                ("a", "b")
            } else {
                ("b", "a")
            };
        assert_eq!(parent(first), "");
        assert_eq!(parent(second), first);
    }

    #[test]
    fn decidim_locale_is_made_safe() {
        let report = report(PLAN);
        let header = |locale: &str| rows(&decidim(&report, locale, &[]))[0].clone();
        assert_eq!(header("pt-BR")[2], "title/pt-BR");
        assert_eq!(header("e\u{1b}[2Jn,\"x")[2], "title/e2Jnx");
        assert_eq!(header("")[3], "description/en");
        assert_eq!(header("\n")[3], "description/en");
    }
}
