//! The CSV tables and the Decidim table of the example plans, read back
//! cell by cell, and what a hostile plan cannot put in them.

use commonplan::diagnostic::{SourceFile, to_json};
use commonplan::document::PlanDocument;
use commonplan::export::Report;
use commonplan::export::csv::{self, Table};
use commonplan::model::{Date, GoalStatus};
use commonplan::progress::overdue::milestone_overdue;

const EXAMPLES: [(&str, &str); 2] = [
    ("ghent", "plans/ghent.toml"),
    ("bologna", "plans/bologna.toml"),
];

fn report_of(bytes: &[u8], name: &str) -> Report {
    let today = Date::new(2026, 11, 22).unwrap();
    let document = PlanDocument::load(bytes, today).unwrap();
    let file = SourceFile {
        name,
        text: document.text(),
    };
    let diagnostics = to_json(&file, document.diagnostics());
    Report::build(document.plan(), name, &diagnostics, today)
}

fn report(path: &str) -> Report {
    report_of(&std::fs::read(path).unwrap(), path)
}

fn statuses() -> Vec<(GoalStatus, String)> {
    vec![
        (GoalStatus::Proposed, "1".to_owned()),
        (GoalStatus::InProgress, "2".to_owned()),
        (GoalStatus::Achieved, "3".to_owned()),
    ]
}

/// A multi-line text as its cell holds it: without the line breaks at its end.
fn as_cell(value: &Option<String>) -> &str {
    value.as_deref().unwrap_or_default().trim_end_matches('\n')
}

/// Every record, the header first; fails on a row whose width differs from
/// the header's.
fn read(text: &str) -> Vec<Vec<String>> {
    let mut reader = ::csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(false)
        .from_reader(text.as_bytes());
    reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect()
}

/// The Decidim table's records, read with `;` as Decidim's importer does.
fn read_decidim(text: &str) -> Vec<Vec<String>> {
    let mut reader = ::csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(false)
        .delimiter(b';')
        .from_reader(text.as_bytes());
    reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect()
}

#[test]
fn tables_of_the_examples() {
    for (name, path) in EXAMPLES {
        let report = report(path);
        let tables = csv::tables(&report);
        assert_eq!(
            tables.iter().map(|(t, _)| *t).collect::<Vec<_>>(),
            Table::ALL
        );
        for (table, text) in tables {
            assert_eq!(text, csv::table(&report, table));
            insta::assert_snapshot!(format!("{}_{name}", table.name()), text);
        }
    }
}

#[test]
fn decidim_of_the_examples() {
    for (name, path) in EXAMPLES {
        let text = csv::decidim(&report(path), "en", &statuses());
        insta::assert_snapshot!(format!("decidim_{name}"), text);
    }
}

#[test]
fn every_row_is_as_wide_as_its_header() {
    let workshop_tables = [Table::Decisions, Table::Votes, Table::Comments];
    let mut with_rows = std::collections::HashSet::new();
    for path in EXAMPLES.map(|(_, path)| path).into_iter().chain([WORKSHOP]) {
        let report = report(path);
        let decidim = csv::decidim(&report, "en", &statuses());
        let rows = read_decidim(&decidim);
        assert!(rows.len() > 1 && rows.iter().all(|r| r.len() == rows[0].len()));
        for (table, text) in csv::tables(&report) {
            let rows = read(&text);
            // The examples have rows in every table but the workshop ones,
            // which the workshop plan fills.
            if path != WORKSHOP && !workshop_tables.contains(&table) {
                assert!(rows.len() > 1, "{path} {}: no rows", table.name());
            }
            if rows.len() > 1 {
                with_rows.insert(table);
            }
            assert!(rows.iter().all(|r| r.len() == rows[0].len()));
            assert!(text.ends_with('\n') && !text.contains('\r'));
        }
    }
    for table in Table::ALL {
        assert!(
            with_rows.contains(&table),
            "{}: no rows anywhere",
            table.name()
        );
    }
}

/// The plan with a workshop that has every key the format gives it.
const WORKSHOP: &str = "tests/export/workshop.toml";

#[test]
fn workshop_tables_read_back_as_written() {
    let report = report(WORKSHOP);
    let decisions = read(&csv::table(&report, Table::Decisions));
    assert_eq!(
        decisions,
        [
            vec![
                "workshop_id",
                "workshop_date",
                "position",
                "text",
                "item_kind",
                "item_id",
                "item_name",
                "owner_id",
                "owner_name",
                "due"
            ],
            vec![
                "review-2018-03",
                "2018-03-15",
                "1",
                "Open the first hub in the district that asked first",
                "goal",
                "short-food-chains",
                "Grow short food supply chains run as commons",
                "city",
                "City of Ghent",
                "2018-06-30"
            ],
            vec![
                "review-2018-03",
                "2018-03-15",
                "2",
                "Find out who insures volunteers in a pact",
                "partnership",
                "food-hub-pact",
                "Collaboration pact for a neighbourhood food hub",
                "food-teams",
                "Food teams network",
                ""
            ],
            vec![
                "review-2018-03",
                "2018-03-15",
                "3",
                "Meet again after the summer",
                "",
                "",
                "",
                "",
                "",
                ""
            ],
        ]
    );
    let votes = read(&csv::table(&report, Table::Votes));
    assert_eq!(
        votes,
        [
            vec![
                "workshop_id",
                "workshop_date",
                "participant",
                "item_kind",
                "item_id",
                "item_name",
                "dots"
            ],
            vec![
                "review-2018-03",
                "2018-03-15",
                "An",
                "goal",
                "short-food-chains",
                "Grow short food supply chains run as commons",
                "3"
            ],
            vec![
                "review-2018-03",
                "2018-03-15",
                "Bram",
                "partnership",
                "food-hub-pact",
                "Collaboration pact for a neighbourhood food hub",
                "2"
            ],
        ]
    );
    let comments = read(&csv::table(&report, Table::Comments));
    assert_eq!(
        comments,
        [
            vec![
                "item_kind",
                "item_id",
                "item_name",
                "author",
                "date",
                "stance",
                "resolved",
                "workshop_id",
                "text"
            ],
            vec![
                "goal",
                "short-food-chains",
                "Grow short food supply chains run as commons",
                "An",
                "2018-03-15",
                "for",
                "false",
                "review-2018-03",
                "Start with the district that asked first."
            ],
            vec![
                "goal",
                "short-food-chains",
                "Grow short food supply chains run as commons",
                "Bram",
                "",
                "against",
                "false",
                "review-2018-03",
                "Not before the depot's roof is repaired."
            ],
            vec![
                "partnership",
                "food-hub-pact",
                "Collaboration pact for a neighbourhood food hub",
                "Charlotte",
                "",
                "neutral",
                "false",
                "review-2018-03",
                "Who insures the volunteers?"
            ],
        ]
    );
}

#[test]
fn goals_read_back_as_written() {
    for (_, path) in EXAMPLES {
        let report = report(path);
        let rows = read(&csv::table(&report, Table::Goals));
        assert_eq!(rows[0][..2], ["id", "title"]);
        assert_eq!(rows[0][12], "progress_percent");
        let goals: Vec<_> = report.goals().collect();
        assert_eq!(rows.len() - 1, goals.len());
        for (row, goal) in rows[1..].iter().zip(&goals) {
            assert_eq!(row[0], goal.id);
            assert_eq!(row[1], goal.title);
            assert_eq!(row[5], goal.status.to_string());
            assert_eq!(
                row[4],
                goal.parent.as_ref().map_or("", |p| p.id.as_str()),
                "{}",
                goal.id
            );
            assert_eq!(row[13], goal.tags.join("; "));
            assert_eq!(row[14], as_cell(&goal.description));
            let progress: f64 = row[12].parse().unwrap();
            assert!(
                (progress - goal.progress * 100.0).abs() <= 0.05,
                "{}",
                goal.id
            );
            match goal.budget {
                Some(budget) => assert_eq!(row[10].parse::<f64>().unwrap(), budget),
                None => assert_eq!(row[10], ""),
            }
        }

        let rows = read_decidim(&csv::decidim(&report, "en", &statuses()));
        assert_eq!(rows.len() - 1, goals.len());
        for row in &rows[1..] {
            let goal = goals.iter().find(|g| g.id == row[2]).unwrap();
            assert_eq!(row[3], goal.title);
            assert_eq!(row[4], as_cell(&goal.description));
            let progress: f64 = row[8].parse().unwrap();
            assert!((progress - goal.progress * 100.0).abs() <= 0.05);
        }
    }
}

#[test]
fn measurements_and_milestones_read_back_as_written() {
    for (_, path) in EXAMPLES {
        let report = report(path);
        let rows = read(&csv::table(&report, Table::Measurements));
        assert_eq!(rows[0], ["goal_id", "indicator", "date", "value", "unit"]);
        let mut expected = Vec::new();
        for g in report.goals() {
            for i in &g.indicators {
                let mut dates = Vec::new();
                for m in &i.measurements {
                    expected.push((g.id.as_str(), i, m));
                    dates.push(m.date);
                }
                assert!(dates.is_sorted(), "{path}: {} in date order", i.name);
            }
        }
        assert!(!expected.is_empty(), "{path}: no measurement");
        assert_eq!(rows.len() - 1, expected.len());
        for (row, (goal, indicator, m)) in rows[1..].iter().zip(&expected) {
            assert_eq!(row[0], *goal);
            assert_eq!(row[1], indicator.name);
            assert_eq!(row[2], m.date.to_string());
            assert_eq!(row[3].parse::<f64>().unwrap(), m.value);
            assert_eq!(row[4], indicator.unit.as_deref().unwrap_or_default());
        }

        let rows = read(&csv::table(&report, Table::Milestones));
        assert_eq!(
            rows[0],
            ["goal_id", "id", "title", "due", "done", "overdue"]
        );
        let expected: Vec<_> = report
            .goals()
            .flat_map(|g| g.milestones.iter().map(move |m| (g.id.as_str(), m)))
            .collect();
        assert_eq!(rows.len() - 1, expected.len());
        let mut overdue = 0;
        for (row, (goal, m)) in rows[1..].iter().zip(&expected) {
            assert_eq!(row[0], *goal);
            assert_eq!(row[1], m.id.as_deref().unwrap_or_default());
            assert_eq!(row[2], m.title);
            assert_eq!(row[3], m.due.map(|d| d.to_string()).unwrap_or_default());
            assert_eq!(row[4], m.done.to_string());
            let is_overdue = milestone_overdue(m, report.generated);
            assert_eq!(row[5], is_overdue.to_string());
            overdue += usize::from(is_overdue);
            if row[5] == "true" {
                assert_eq!(row[4], "false", "a done milestone is not overdue");
            }
        }
        assert_eq!(overdue, report.summary.milestones_overdue, "{path}");
    }
    // Ghent has overdue milestones, so the column is tested both ways.
    let ghent = read(&csv::table(&report("plans/ghent.toml"), Table::Milestones));
    assert!(ghent.iter().any(|r| r[5] == "true"));
    assert!(ghent.iter().any(|r| r[5] == "false"));
}

#[test]
fn nested_tables_read_back_as_written() {
    for (_, path) in EXAMPLES {
        let report = report(path);

        let rows = read(&csv::table(&report, Table::Indicators));
        let indicators: Vec<_> = report
            .goals()
            .flat_map(|g| g.indicators.iter().map(move |i| (g, i)))
            .collect();
        assert_eq!(rows.len() - 1, indicators.len());
        for (row, (goal, indicator)) in rows[1..].iter().zip(&indicators) {
            assert_eq!(row[0], goal.id);
            assert_eq!(row[1], indicator.name);
            assert_eq!(row[2], as_cell(&indicator.unit));
            assert_eq!(row[3].parse::<f64>().ok(), indicator.baseline);
            assert_eq!(row[7].parse::<f64>().ok(), indicator.target);
        }

        let rows = read(&csv::table(&report, Table::Partnerships));
        assert_eq!(rows.len() - 1, report.partnerships.len());
        for (row, p) in rows[1..].iter().zip(&report.partnerships) {
            assert_eq!(row[0], p.id);
            assert_eq!(row[1], p.title);
            let goals: Vec<&str> = p.goals.iter().map(|g| g.id.as_str()).collect();
            assert_eq!(row[6], goals.join("; "));
            assert_eq!(row[7], p.start.map(|d| d.to_string()).unwrap_or_default());
        }

        let rows = read(&csv::table(&report, Table::Parties));
        let parties: Vec<_> = report
            .partnerships
            .iter()
            .flat_map(|p| p.parties.iter().map(move |party| (p, party)))
            .collect();
        assert_eq!(rows.len() - 1, parties.len());
        for (row, (p, party)) in rows[1..].iter().zip(&parties) {
            assert_eq!(
                row[..3],
                [
                    p.id.as_str(),
                    &party.actor.id,
                    party.actor.name.as_deref().unwrap()
                ]
            );
            assert_eq!(row[4], as_cell(&party.commitments));
        }

        let rows = read(&csv::table(&report, Table::Contributions));
        let contributions: Vec<_> = report
            .partnerships
            .iter()
            .flat_map(|p| p.contributions.iter().map(move |c| (p, c)))
            .collect();
        assert_eq!(rows.len() - 1, contributions.len());
        for (row, (p, c)) in rows[1..].iter().zip(&contributions) {
            assert_eq!(row[0], p.id);
            assert_eq!(row[1], c.from.id);
            assert_eq!(row[4], c.kind.to_string());
            assert_eq!(row[5].parse::<f64>().ok(), c.amount);
            assert_eq!(row[7], c.per.to_string());
        }

        let rows = read(&csv::table(&report, Table::Actors));
        assert_eq!(rows.len() - 1, report.actors.len());
        for (row, a) in rows[1..].iter().zip(&report.actors) {
            assert_eq!(row[..3], [a.id.as_str(), &a.name, &a.role.to_string()]);
            assert_eq!(row[5].parse::<i64>().ok(), a.members);
        }
    }
}

/// A plan whose texts are written to be run by a spreadsheet or a terminal.
const HOSTILE: &str = r#"
format = 1

[plan]
city = "=cmd|' /C calc'!A0"
title = "+1+1"

[[themes]]
id = "t"
name = "@SUM(1)"

[[actors]]
id = "city"
name = "-2+3"
role = "public"
description = "\tstarts with a tab"

[[actors]]
id = "crew"
name = "\u001b[31mred\u001b[0m crew | with a pipe"
role = "commons"
url = "=HYPERLINK(\"http://evil.example\")"

[[goals]]
id = "g1"
title = "=cmd|' /C calc'!A0"
theme = "t"
owner = "city"
status = "in-progress"
target_year = 2030
description = "@SUM(1)\nsecond line | pipe\n=1+1"
tags = ["=1", "-1", "+1", "@x"]

  [[goals.indicators]]
  name = "\tCount"
  unit = "=unit|x"
  baseline = -5
  target = 10
  source = "-A1"
  measurements = [{ date = 2025-01-01, value = 2 }, { date = 2024-06-01, value = -3.5 }]

  [[goals.milestones]]
  title = "+31 9 123 45 67"
  due = 2026-03-01

[[goals]]
id = "g2"
title = "-42"
parent = "g1"
theme = "t"
status = "idea"
description = "\r-1+2 carriage return first"

[[partnerships]]
id = "p1"
title = "+1+1 pact \u001b]0;title\u0007"
status = "active"
goals = ["g1"]
resource = "-2+3 | a park\nand \u001b[31m"
objectives = "\t=1+1"

  [[partnerships.parties]]
  actor = "city"
  commitments = "=cmd|' /C calc'!A0\nsecond line"

  [[partnerships.parties]]
  actor = "crew"
  commitments = "\u0009@SUM(1)"

  [[partnerships.contributions]]
  from = "city"
  kind = "money"
  amount = -1200.5
  unit = "-EUR"
  description = "-A1 negative formula"

  [[partnerships.contributions]]
  from = "crew"
  kind = "volunteer-time"
  amount = 40
  unit = "@hours"
  per = "month"
  description = "\u001b[2J=1+1"
"#;

fn is_number(cell: &str) -> bool {
    !cell.is_empty()
        && cell.parse::<f64>().is_ok()
        && cell
            .bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'+' | b'-' | b'.' | b'e' | b'E'))
}

fn check_hostile(report: &Report) {
    let outputs = csv::tables(report)
        .into_iter()
        .map(|(t, text)| (t.name(), text, b','));
    let decidim = ("decidim", csv::decidim(report, "en", &statuses()), b';');
    let mut neutralised = 0;
    for (name, text, separator) in outputs.chain([decidim]) {
        for (i, b) in text.bytes().enumerate() {
            assert!(
                b == b'\n' || !(b.is_ascii_control()),
                "{name}: control byte {b:#04x} at {i} in {text:?}"
            );
        }
        assert!(!text.contains('\u{1b}') && !text.contains('\u{7}'));
        let rows = if separator == b';' {
            read_decidim(&text)
        } else {
            read(&text)
        };
        for row in rows {
            for cell in row {
                let first = cell.chars().next();
                assert!(
                    !matches!(first, Some('=' | '+' | '-' | '@' | '\t' | '\r')) || is_number(&cell),
                    "{name}: {cell:?} would run as a formula"
                );
                if cell.starts_with('\'') {
                    neutralised += 1;
                }
            }
        }
    }
    assert!(neutralised > 10, "only {neutralised} cells neutralised");
}

#[test]
fn a_hostile_plan_runs_nothing() {
    let report = report_of(HOSTILE.as_bytes(), "hostile.toml");
    check_hostile(&report);

    // The hostile cells are there, neutralised, not dropped.
    let goals = read(&csv::table(&report, Table::Goals));
    assert_eq!(goals[1][1], "'=cmd|' /C calc'!A0");
    assert_eq!(goals[1][14], "'@SUM(1)\nsecond line | pipe\n=1+1");
    assert_eq!(goals[1][13], "'=1; -1; +1; @x");
    assert_eq!(goals[2][1], "-42", "a number stays a number");
    let indicators = read(&csv::table(&report, Table::Indicators));
    assert_eq!(indicators[1][1], "\\tCount");
    assert_eq!(indicators[1][2], "'=unit|x");
    assert_eq!(indicators[1][3], "-5");
    assert_eq!(indicators[1][10], "'-A1");
    let measurements = read(&csv::table(&report, Table::Measurements));
    assert_eq!(
        measurements[1][1..],
        ["\\tCount", "2024-06-01", "-3.5", "'=unit|x"]
    );
    assert_eq!(
        measurements[2][1..],
        ["\\tCount", "2025-01-01", "2", "'=unit|x"]
    );
    let milestones = read(&csv::table(&report, Table::Milestones));
    assert_eq!(milestones[1][2], "'+31 9 123 45 67");
    let parties = read(&csv::table(&report, Table::Parties));
    assert_eq!(parties[1][4], "'=cmd|' /C calc'!A0\nsecond line");
    let contributions = read(&csv::table(&report, Table::Contributions));
    assert_eq!(contributions[1][5], "-1200.5");
    assert_eq!(contributions[1][6], "'-EUR");
    assert_eq!(contributions[2][6], "'@hours");
    let actors = read(&csv::table(&report, Table::Actors));
    assert_eq!(actors[1][1], "-2+3".replacen('-', "'-", 1));
    assert_eq!(actors[2][6], "'=HYPERLINK(\"http://evil.example\")");
}

#[test]
fn the_shared_hostile_plan_runs_nothing() {
    check_hostile(&report("tests/export/hostile.toml"));
}
