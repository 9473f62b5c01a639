//! The results table Decidim's Accountability component imports, written
//! so that its importer keeps the goal tree.
//!
//! Decidim's importer (`ResultsCsvImporter`, in
//! `decidim-accountability/app/services/decidim/accountability/results_csv_importer.rb`)
//! reads the file with the instance's column separator
//! (`DECIDIM_DEFAULT_CSV_COL_SEP`, `;` unless configured), one result per
//! row. It looks `id` up as one of the component's own result ids (and
//! updates that result when it finds one), creates the others with
//! `parent/id` as their parent id, remembers which new id each `id` got,
//! then re-links every `parent/id` through those pairs, and finally
//! destroys every result whose parent it cannot find. So `id` and
//! `parent/id` are numbers: 1 to n in the order written, plus
//! [`Decidim::id_offset`], every `parent/id` an `id` of an earlier row.
//!
//! The order is the goal tree, depth first: each top-level goal in the
//! report's order followed by its sub-goals, each followed by its own. A
//! goal whose `parent` names no goal is top-level; of a parent cycle, the
//! goal met first is written as top-level and the others below it; of two
//! goals with the same id, sub-goals belong to the first.
//!
//! The other columns are those of its result form: `external_id` our goal
//! id, `title/<locale>` and `description/<locale>`, `start_date` (the
//! earliest milestone's due date) and `end_date` (December 31 of the goal's
//! target year, else the latest milestone's due date), `status/id` (the
//! component's own status ids, which the caller maps goal statuses to; an
//! unmapped status leaves it empty), `progress` (a percentage by the one
//! rounding rule) and `weight`.
//!
//! Decidim's `weight` is not ours: it sets a parent's progress to the sum
//! of its children's progress times their weights (unless one child has a
//! weight of exactly 1, when it takes the plain mean), and recomputes it
//! whenever a child is saved. So a goal's `weight` here is its share of its
//! parent: its weight over the sum of its siblings' weights, `dropped` goals
//! counting 0, to 6 decimals; Decidim's sum is then our weighted mean, and
//! a parent's progress survives the recomputation. Top-level goals get
//! their share among the top-level goals, which Decidim does not use (it
//! averages its top-level results). Where one goal is left beside dropped
//! siblings, its share is 1 and Decidim takes the plain mean, counting the
//! dropped ones: the one case where its roll-up and ours differ.

use std::borrow::Cow;
use std::collections::HashMap;

use super::sheet::{Sheet, date, opt, percent, plain};
use crate::export::report::Goal;
use crate::export::{Decidim, Report};
use crate::model::{Date, GoalStatus};

/// Decidim's default column separator (`DECIDIM_DEFAULT_CSV_COL_SEP`).
pub const DECIDIM_SEPARATOR: u8 = b';';

/// The columns of the Decidim table, `<locale>` standing for the locale.
pub const DECIDIM_COLUMNS: [&str; 10] = [
    "id",
    "parent/id",
    "external_id",
    "title/<locale>",
    "description/<locale>",
    "start_date",
    "end_date",
    "status/id",
    "progress",
    "weight",
];

/// The goals as the results Decidim's Accountability component imports,
/// with the defaults of [`Decidim`] but for `locale` and `status_ids`:
/// `;` between columns, ids from 1. See [`decidim_results`].
pub fn decidim(report: &Report, locale: &str, status_ids: &[(GoalStatus, String)]) -> String {
    decidim_results(
        report,
        &Decidim {
            locale: locale.to_owned(),
            status_ids: status_ids.to_vec(),
            ..Decidim::default()
        },
    )
}

/// The goals as the results Decidim's Accountability component imports,
/// as `options` say: titles and descriptions under their locale (`en`,
/// `pt-BR`, …), each goal's status as the first id `status_ids` gives it,
/// ids from `id_offset + 1`, cells separated by `separator`.
///
/// The caller checks the locale; should it hold anything but ASCII
/// letters, digits, `-` and `_`, those characters are dropped, and `en`
/// stands for a locale left empty.
pub fn decidim_results(report: &Report, options: &Decidim) -> String {
    let locale: String = options
        .locale
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_'))
        .collect();
    let locale = if locale.is_empty() { "en" } else { &locale };
    let title = format!("title/{locale}");
    let description = format!("description/{locale}");
    let header = DECIDIM_COLUMNS.map(|c| match c {
        "title/<locale>" => title.as_str(),
        "description/<locale>" => description.as_str(),
        c => c,
    });
    let mut sheet = Sheet::with_separator(&header, options.separator);
    let goals: Vec<&Goal> = report.goals().collect();
    let rows = tree_order(&goals);
    let shares = shares(&goals, &rows);
    let offset = u64::from(options.id_offset);
    let id = |row: usize| (offset + row as u64 + 1).to_string();
    for (row, (&(index, parent), share)) in rows.iter().zip(&shares).enumerate() {
        let g = goals[index];
        let (start, end) = decidim_dates(g);
        let status = options
            .status_ids
            .iter()
            .find(|(s, _)| *s == g.status)
            .map(|(_, id)| id.as_str());
        sheet.row([
            Cow::Owned(id(row)),
            parent.map_or(Cow::Borrowed(""), |p| Cow::Owned(id(p))),
            Cow::Borrowed(g.id.as_str()),
            Cow::Borrowed(g.title.as_str()),
            opt(g.description.as_deref()),
            date(start),
            date(end),
            opt(status),
            Cow::Owned(percent(g.progress.clamp(0.0, 1.0))),
            Cow::Owned(plain((share * 1e6).round() / 1e6)),
        ]);
    }
    sheet.finish()
}

/// `separator` as a column separator for the Decidim table: one ASCII
/// punctuation character or a tab, and not a quote. For the command line.
pub fn decidim_separator(separator: &str) -> Result<u8, String> {
    match separator.as_bytes() {
        [b'"'] => Err("a quote cannot separate columns".to_owned()),
        [b] if *b == b'\t' || b.is_ascii_punctuation() => Ok(*b),
        _ => Err(format!(
            "`{}` is not a column separator: give the one character your Decidim \
             instance uses (DECIDIM_DEFAULT_CSV_COL_SEP), `;` unless configured",
            crate::text::printable(separator)
        )),
    }
}

/// The goals in the order they are written, depth first, as (index in
/// `goals`, row of the parent): every parent's row comes before its
/// sub-goals'. Each goal is written once.
fn tree_order(goals: &[&Goal]) -> Vec<(usize, Option<usize>)> {
    let mut first: HashMap<&str, usize> = HashMap::with_capacity(goals.len());
    for (index, g) in goals.iter().enumerate() {
        first.entry(g.id.as_str()).or_insert(index);
    }
    let parent_of: Vec<Option<usize>> = goals
        .iter()
        .enumerate()
        .map(|(index, g)| {
            let parent = g.parent.as_ref()?;
            first
                .get(parent.id.as_str())
                .copied()
                .filter(|&p| p != index)
        })
        .collect();
    let mut children = vec![Vec::new(); goals.len()];
    for (index, parent) in parent_of.iter().enumerate() {
        if let Some(p) = parent {
            children[*p].push(index);
        }
    }
    let mut written = vec![false; goals.len()];
    let mut rows = Vec::with_capacity(goals.len());
    let mut stack = Vec::new();
    // Top-level goals first, then whatever a cycle kept from them.
    let tops = (0..goals.len()).filter(|&i| parent_of[i].is_none());
    for root in tops.chain(0..goals.len()) {
        if written[root] {
            continue;
        }
        stack.push((root, None));
        while let Some((index, parent)) = stack.pop() {
            if written[index] {
                continue;
            }
            written[index] = true;
            let row = rows.len();
            rows.push((index, parent));
            stack.extend(children[index].iter().rev().map(|&c| (c, Some(row))));
        }
    }
    rows
}

/// Each row's share of its parent (or of the top level): its weight over
/// the sum of its siblings' weights, `dropped` goals and weights that are
/// not a finite number above 0 counting 0.
fn shares(goals: &[&Goal], rows: &[(usize, Option<usize>)]) -> Vec<f64> {
    let weight = |index: usize| {
        let g = goals[index];
        let w = g.weight;
        if g.status == GoalStatus::Dropped || !w.is_finite() || w <= 0.0 {
            0.0
        } else {
            w
        }
    };
    let mut totals: HashMap<Option<usize>, f64> = HashMap::new();
    for &(index, parent) in rows {
        *totals.entry(parent).or_default() += weight(index);
    }
    rows.iter()
        .map(|&(index, parent)| {
            let total = totals.get(&parent).copied().unwrap_or_default();
            if total > 0.0 {
                weight(index) / total
            } else {
                0.0
            }
        })
        .collect()
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

    /// Every record, the header first, read with `;` as the importer does.
    fn rows(text: &str) -> Vec<Vec<String>> {
        ::csv::ReaderBuilder::new()
            .has_headers(false)
            .delimiter(b';')
            .from_reader(text.as_bytes())
            .records()
            .map(|r| r.unwrap().iter().map(str::to_owned).collect())
            .collect()
    }

    /// The row of the goal with this id (`external_id`).
    fn by_goal(rows: &[Vec<String>], goal: &str) -> Vec<String> {
        rows.iter().find(|r| r[2] == goal).unwrap().clone()
    }

    /// The goal id of the row whose numeric `id` is `id`.
    fn goal_of(rows: &[Vec<String>], id: &str) -> String {
        rows.iter().find(|r| r[0] == id).unwrap()[2].clone()
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
                "external_id",
                "title/ca",
                "description/ca",
                "start_date",
                "end_date",
                "status/id",
                "progress",
                "weight"
            ]
        );
        let both = by_goal(&rows, "both");
        assert_eq!(
            (both[5].as_str(), both[6].as_str()),
            ("2025-02-03", "2030-12-31")
        );
        assert_eq!(both[7], "7");
        assert_eq!(both[1], "");
        let only = by_goal(&rows, "milestones-only");
        assert_eq!(
            (only[5].as_str(), only[6].as_str()),
            ("2026-01-15", "2028-09-30")
        );
        assert_eq!(only[7], "9", "the first id given for a status");
        assert_eq!(goal_of(&rows, &only[1]), "both");
        assert_eq!(only[8], "100");
        let nothing = by_goal(&rows, "nothing");
        assert_eq!((nothing[5].as_str(), nothing[6].as_str()), ("", ""));
        assert_eq!(nothing[7], "", "no id given for `dropped`");
        // Parents come first, and ids count rows from 1.
        let ids: Vec<&str> = rows[1..].iter().map(|r| r[0].as_str()).collect();
        assert_eq!(ids, ["1", "2", "3"]);
        let position = |id: &str| rows.iter().position(|r| r[2] == id).unwrap();
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
        let goals = rows_of_goals(&report);
        let orphan = goals.iter().find(|r| r[0] == "orphan").unwrap();
        assert_eq!(orphan[4], "missing", "the goals table as written");
        let rows = rows(&decidim(&report, "en", &[]));
        assert_eq!(rows.len(), 4, "no goal lost");
        let parent = |goal: &str| by_goal(&rows, goal)[1].clone();
        assert_eq!(parent("orphan"), "");
        // Of a cycle, the goal written first has no parent here.
        let (first, second) =
            if rows.iter().position(|r| r[2] == "a") < rows.iter().position(|r| r[2] == "b") {
                ("a", "b")
            } else {
                ("b", "a")
            };
        assert_eq!(parent(first), "");
        assert_eq!(goal_of(&rows, &parent(second)), first);
    }

    fn rows_of_goals(report: &Report) -> Vec<Vec<String>> {
        ::csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(table(report, Table::Goals).as_bytes())
            .records()
            .map(|r| r.unwrap().iter().map(str::to_owned).collect())
            .collect()
    }

    /// A tree whose sub-goals come before their parents in the file, and
    /// in another theme.
    const TREE: &str = r#"
format = 1

[plan]
city = "Somewhere"
title = "Test"

[[themes]]
id = "first"
name = "First"

[[themes]]
id = "second"
name = "Second"

[[goals]]
id = "leaf"
title = "Leaf"
theme = "first"
parent = "middle"
weight = 3

[[goals]]
id = "middle"
title = "Middle"
theme = "first"
parent = "root"

[[goals]]
id = "other-leaf"
title = "Other leaf"
theme = "first"
parent = "middle"

[[goals]]
id = "dropped-leaf"
title = "Dropped leaf"
theme = "first"
parent = "middle"
status = "dropped"
weight = 5

[[goals]]
id = "root"
title = "Root"
theme = "second"
"#;

    #[test]
    fn decidim_writes_every_parent_before_its_sub_goals() {
        let report = report(TREE);
        let rows = rows(&decidim(&report, "en", &[]));
        assert_eq!(rows.len() - 1, report.goals().count());
        let mut seen = std::collections::HashSet::new();
        for row in &rows[1..] {
            if !row[1].is_empty() {
                assert!(seen.contains(&row[1]), "{row:?}: its parent comes later");
            }
            seen.insert(row[0].clone());
        }
        assert_eq!(goal_of(&rows, &by_goal(&rows, "middle")[1]), "root");
        assert_eq!(goal_of(&rows, &by_goal(&rows, "leaf")[1]), "middle");
        let order: Vec<&str> = rows[1..].iter().map(|r| r[2].as_str()).collect();
        assert_eq!(
            order,
            ["root", "middle", "leaf", "other-leaf", "dropped-leaf"]
        );
    }

    #[test]
    fn decidim_weights_are_shares_of_the_parent() {
        let report = report(TREE);
        let rows = rows(&decidim(&report, "en", &[]));
        let weight = |goal: &str| by_goal(&rows, goal)[9].clone();
        assert_eq!(weight("leaf"), "0.75");
        assert_eq!(weight("other-leaf"), "0.25");
        assert_eq!(
            weight("dropped-leaf"),
            "0",
            "a dropped goal counts for nothing"
        );
        assert_eq!(weight("middle"), "1");
        assert_eq!(weight("root"), "1");
        // Decidim's roll-up, the sum of progress times weight, gives the
        // parent's progress as ours.
        let progress = |goal: &str| by_goal(&rows, goal)[8].parse::<f64>().unwrap();
        let rolled: f64 = ["leaf", "other-leaf", "dropped-leaf"]
            .iter()
            .map(|g| progress(g) * weight(g).parse::<f64>().unwrap())
            .sum();
        assert!((rolled - progress("middle")).abs() <= 0.1);
    }

    #[test]
    fn decidim_offset_and_separator() {
        let report = report(TREE);
        let options = Decidim {
            id_offset: 1000,
            separator: b',',
            ..Decidim::default()
        };
        let text = decidim_results(&report, &options);
        assert!(text.starts_with("id,parent/id,external_id,title/en,"));
        let rows: Vec<Vec<String>> = ::csv::ReaderBuilder::new()
            .from_reader(text.as_bytes())
            .records()
            .map(|r| r.unwrap().iter().map(str::to_owned).collect())
            .collect();
        let ids: Vec<&str> = rows.iter().map(|r| r[0].as_str()).collect();
        assert_eq!(ids, ["1001", "1002", "1003", "1004", "1005"]);
        assert_eq!(rows[1][1], "1001");
        assert_eq!(rows[2][1], "1002");
    }

    #[test]
    fn decidim_separators() {
        assert_eq!(decidim_separator(";"), Ok(b';'));
        assert_eq!(decidim_separator(","), Ok(b','));
        assert_eq!(decidim_separator("\t"), Ok(b'\t'));
        assert_eq!(decidim_separator("|"), Ok(b'|'));
        for bad in ["", ";;", "a", "1", "\"", "\n", " ", "é"] {
            assert!(decidim_separator(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn decidim_locale_is_made_safe() {
        let report = report(PLAN);
        let header = |locale: &str| rows(&decidim(&report, locale, &[]))[0].clone();
        assert_eq!(header("pt-BR")[3], "title/pt-BR");
        assert_eq!(header("e\u{1b}[2Jn,\"x")[3], "title/e2Jnx");
        assert_eq!(header("")[4], "description/en");
        assert_eq!(header("\n")[4], "description/en");
    }
}
