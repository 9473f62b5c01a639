//! The Markdown and JSON reports of the example plans, and what a hostile
//! plan cannot do to them.

use commonplan::document::PlanDocument;
use commonplan::export::{Report, json, markdown};
use commonplan::model::Date;

fn today() -> Date {
    Date::new(2026, 11, 22).unwrap()
}

fn report(path: &str) -> Report {
    let bytes = std::fs::read(path).unwrap();
    let document = PlanDocument::load(&bytes, today()).unwrap();
    Report::of_document(&document, path, today())
}

#[test]
fn markdown_of_the_examples() {
    for (name, path) in [
        ("ghent", "plans/ghent.toml"),
        ("bologna", "plans/bologna.toml"),
    ] {
        let text = markdown::render(&report(path), None).unwrap();
        insta::assert_snapshot!(format!("markdown_{name}"), text);
    }
}

/// A workshop with every key the format gives it, in the whole report and
/// as its own record: place, who voted and who did not, the tally with its
/// ties, decisions with owners and due dates, the comments made in it with
/// their stance, and the notes.
#[test]
fn markdown_of_a_workshop() {
    use commonplan::export::{Format, Options, Output, render};
    let report = report("tests/export/workshop.toml");
    let text = markdown::render(&report, None).unwrap();
    insta::assert_snapshot!("markdown_workshop", text);
    let options = Options {
        workshop: Some("review-2018-03".to_owned()),
        ..Options::default()
    };
    let Output::Text(record) = render(&report, Format::Markdown, &options).unwrap() else {
        panic!("a record is one text");
    };
    insta::assert_snapshot!("markdown_workshop_record", record);
    // The record is the workshop alone: no goal section, no summary.
    assert!(record.starts_with("# Review of the food strategy\n"));
    assert!(!record.contains("## Summary"));
    // The workshop's part of the whole report is the record itself, one
    // heading level down.
    let part = record
        .split("\n---\n")
        .next()
        .unwrap()
        .replacen("# ", "### ", 1);
    assert!(text.contains(part.trim_end()), "{part}");
}

#[test]
fn json_of_the_examples() {
    for (name, path) in [
        ("ghent", "plans/ghent.toml"),
        ("bologna", "plans/bologna.toml"),
    ] {
        let text = json::render(&report(path));
        insta::assert_snapshot!(format!("json_{name}"), text);
    }
}

#[test]
fn json_validates_against_its_schema() {
    let schema: serde_json::Value = serde_json::from_str(&json::schema()).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    for path in [
        "plans/ghent.toml",
        "plans/bologna.toml",
        "tests/export/hostile.toml",
        "tests/export/workshop.toml",
    ] {
        let value: serde_json::Value = serde_json::from_str(&json::render(&report(path))).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&value)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{path}: {errors:#?}");
    }
    // The schema is not vacuous: a report missing its plan fails.
    let mut value: serde_json::Value =
        serde_json::from_str(&json::render(&report("plans/ghent.toml"))).unwrap();
    value.as_object_mut().unwrap().remove("plan");
    assert!(!validator.is_valid(&value));
}

/// The workshop record reaches the JSON export: location, notes, decisions
/// with their items and owners resolved, comments with their stance and
/// workshop, milestones with their ids.
#[test]
fn the_json_carries_the_workshop_record() {
    let path = "tests/export/workshop.toml";
    let bytes = std::fs::read(path).unwrap();
    let document = PlanDocument::load(&bytes, today()).unwrap();
    assert!(
        document.diagnostics().is_empty(),
        "{:?}",
        document.diagnostics()
    );
    let value: serde_json::Value = serde_json::from_str(&json::render(&report(path))).unwrap();
    let workshop = &value["workshops"][0];
    assert_eq!(workshop["location"], "De Centrale, Ghent");
    assert_eq!(
        workshop["notes"],
        "Two rounds of dots; the food hub came second.\nBram asked for the roof survey before any opening date.\n"
    );
    let decisions = workshop["decisions"].as_array().unwrap();
    assert_eq!(decisions.len(), 3);
    assert_eq!(
        decisions[0],
        serde_json::json!({
            "text": "Open the first hub in the district that asked first",
            "item": { "id": "short-food-chains", "name": "Grow short food supply chains run as commons" },
            "kind": "goal",
            "owner": { "id": "city", "name": "City of Ghent" },
            "due": "2018-06-30",
        })
    );
    assert_eq!(decisions[1]["kind"], "partnership");
    assert_eq!(decisions[1]["owner"]["name"], "Food teams network");
    assert_eq!(decisions[1]["due"], serde_json::Value::Null);
    assert_eq!(decisions[2]["item"], serde_json::Value::Null);
    assert_eq!(decisions[2]["kind"], serde_json::Value::Null);

    let goal = value["themes"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|t| t["goals"].as_array().unwrap())
        .find(|g| g["id"] == "short-food-chains")
        .expect("the goal is reported");
    assert_eq!(goal["milestones"][0]["id"], "first-hub");
    assert_eq!(goal["comments"][0]["stance"], "for");
    assert_eq!(goal["comments"][0]["workshop"], "review-2018-03");
    assert_eq!(goal["comments"][1]["stance"], "against");
}

/// The cells of a Markdown table row: split at pipes no backslash escapes.
fn cells(row: &str) -> usize {
    let mut count = 0;
    let mut escaped = false;
    for c in row.chars() {
        match c {
            '\\' if !escaped => {
                escaped = true;
                continue;
            }
            '|' if !escaped => count += 1,
            _ => {}
        }
        escaped = false;
    }
    count - 1
}

#[test]
fn a_hostile_plan_cannot_break_the_markdown() {
    let text = markdown::render(&report("tests/export/hostile.toml"), None).unwrap();
    // Every table keeps its header's column count, row by row.
    let mut tables = 0;
    let mut columns = None;
    for line in text.lines() {
        if line.starts_with('|') {
            let n = cells(line);
            match columns {
                None => {
                    columns = Some(n);
                    tables += 1;
                }
                Some(expected) => assert_eq!(n, expected, "row {line:?}"),
            }
            assert!(line.ends_with('|'), "a row broken across lines: {line:?}");
        } else {
            columns = None;
        }
    }
    assert!(tables >= 8, "{tables} tables");
    // No raw HTML: every `<` is escaped, except the links the report makes.
    for (i, _) in text.match_indices('<') {
        let escaped = text[..i].ends_with('\\');
        let link = text[i..].starts_with("<https://") || text[i..].starts_with("<mailto:");
        assert!(
            escaped || link,
            "raw `<` at {:?}",
            &text[i..(i + 30).min(text.len())]
        );
    }
    let unescaped = text.replace("\\]", "");
    assert!(
        !unescaped.contains("](javascript"),
        "a javascript: link survived"
    );
    assert!(!text.contains("<https://example.org/\""));
    // No control characters but the line breaks.
    assert!(
        !text.chars().any(|c| c.is_control() && c != '\n'),
        "a control character in the Markdown"
    );
    // The hostile text is still there, shown literally.
    assert!(text.contains("\\<script\\>alert('city')\\</script\\>"));
    assert!(
        text.contains("\\\\u\\{1b\\}"),
        "the escape sequence is not shown"
    );
}

#[test]
fn the_json_of_a_hostile_plan_has_no_control_characters() {
    let text = json::render(&report("tests/export/hostile.toml"));
    assert!(!text.chars().any(|c| c.is_control() && c != '\n'));
    // And the text is kept: escapes are visible, not dropped.
    let value: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(
        value["plan"]["title"],
        "Plan <img src=x onerror=alert(1)> | with a pipe \\u{1b}]0;pwned\\u{7}"
    );
}

/// One rounding rule: a theme at 0.205 (and goals at 0.205 and 0.125) print
/// the same percentage in the Markdown and HTML reports, the HTML chart and
/// the CSV tables (at their one decimal), as `progress::percent` gives it for
/// the terminal.
#[test]
fn the_same_figure_prints_the_same_percentage_in_every_report() {
    use commonplan::export::{csv, html};
    use commonplan::progress::{Percent, percent};

    let text = "format = 1\n[plan]\ncity = \"C\"\ntitle = \"T\"\n\
                [[themes]]\nid = \"food\"\nname = \"Food\"\n\
                [[goals]]\nid = \"a\"\ntitle = \"Alpha\"\ntheme = \"food\"\n\
                [[goals.indicators]]\nname = \"n\"\nbaseline = 0\ntarget = 1000\n\
                measurements = [{ date = 2025-01-01, value = 205 }]\n\
                [[themes]]\nid = \"energy\"\nname = \"Energy\"\n\
                [[goals]]\nid = \"b\"\ntitle = \"Beta\"\ntheme = \"energy\"\n\
                [[goals.indicators]]\nname = \"n\"\nbaseline = 0\ntarget = 8\n\
                measurements = [{ date = 2025-01-01, value = 1 }]\n";
    let document = PlanDocument::load(text.as_bytes(), today()).unwrap();
    let report = Report::of_document(&document, "plan.toml", today());
    let food = report.themes[0].progress.unwrap();
    let energy = report.themes[1].progress.unwrap();
    assert!((food - 0.205).abs() < 1e-12 && (energy - 0.125).abs() < 1e-12);
    // As a person computes by hand: halves go up.
    assert_eq!(percent(food), Some(21));
    assert_eq!(percent(energy), Some(13));
    assert_eq!(Percent::of(food).unwrap().to_string(), "21%");

    let markdown = markdown::render(&report, None).unwrap();
    assert!(markdown.contains("| Food | 1 | 21% |"), "{markdown}");
    assert!(markdown.contains("| Energy | 1 | 13% |"), "{markdown}");
    assert!(markdown.contains("progress: **21%**"), "{markdown}");
    assert!(markdown.contains("progress: **13%**"), "{markdown}");
    assert!(
        !markdown.contains("20%") && !markdown.contains("12%"),
        "{markdown}"
    );

    let html = html::render(&report, None).unwrap();
    assert!(html.contains(">21%<"), "the HTML table says 21%");
    assert!(html.contains(">13%<"), "the HTML table says 13%");
    assert!(
        html.contains("Food 21%"),
        "the chart's description says 21%"
    );
    assert!(
        html.contains("Energy 13%"),
        "the chart's description says 13%"
    );
    // (The chart's axis has a tick at 20%, so only the figures are checked.)
    assert!(!html.contains(">20%<") && !html.contains(">12%<"));
    assert!(!html.contains("Food 20%") && !html.contains("Energy 12%"));

    // CSV keeps one decimal, by the same rule: 20.5 and 12.5, which round to
    // the 21 and 13 above.
    let goals = csv::table(&report, csv::Table::Goals);
    assert!(goals.contains(",20.5"), "{goals}");
    assert!(goals.contains(",12.5"), "{goals}");
    assert_eq!(Percent::with_decimals(food, 1).unwrap().number(), "20.5");
}

/// Ties share a rank and say so; every participant is listed once with
/// the dots they placed, someone who voted without being listed is kept
/// apart, and who placed no dot is named.
#[test]
fn a_workshop_tally_shows_ties_and_who_did_not_vote() {
    let plan = r#"format = 1

[plan]
city = "Ghent"
title = "Plan"

[[goals]]
id = "a"
title = "A"

[[goals]]
id = "b"
title = "B"

[[goals]]
id = "c"
title = "C"

[[workshops]]
id = "w"
title = "W"
participants = ["An", "Bram", "An", "Dara"]
votes = [
  { participant = "An", item = "a", dots = 2 },
  { participant = "Bram", item = "b", dots = 2 },
  { participant = "Eve", item = "c", dots = 1 },
]
"#;
    let document = PlanDocument::load(plan.as_bytes(), today()).unwrap();
    let report = Report::of_document(&document, "plan.toml", today());
    let w = &report.workshops[0];
    let tally: Vec<(usize, bool, &str, i64)> = w
        .tally
        .iter()
        .map(|t| (t.rank, t.tied, t.item.id.as_str(), t.dots))
        .collect();
    assert_eq!(
        tally,
        [(1, true, "a", 2), (1, true, "b", 2), (3, false, "c", 1)]
    );
    let voters: Vec<(&str, i64, bool)> = w
        .voters
        .iter()
        .map(|v| (v.participant.as_str(), v.dots, v.listed))
        .collect();
    assert_eq!(
        voters,
        [
            ("An", 2, true),
            ("Bram", 2, true),
            ("Dara", 0, true),
            ("Eve", 1, false)
        ]
    );
    assert_eq!(w.not_voted, ["Dara"]);
    let text = markdown::render(&report, None).unwrap();
    assert!(text.contains("| 1 (tied) | A | goal | 2 | 1 |"), "{text}");
    assert!(text.contains("| 3 | C | goal | 1 | 1 |"), "{text}");
    assert!(
        text.contains(
            "Dots placed: An 2, Bram 2, Eve 1 (not a listed participant). Did not vote: Dara."
        ),
        "{text}"
    );
}

/// A plan with one of every kind of decision needed, and a near miss of
/// each: a milestone done, one due today, a review of an ended
/// partnership, a review beyond 90 days, a resolved comment, a decision
/// due in the future.
const DECISIONS: &str = r#"format = 1

[plan]
city = "Here"
title = "Decisions"

[[actors]]
id = "city"
name = "City Hall"
role = "public"

[[actors]]
id = "crew"
name = "Garden crew"
role = "commons"

[[goals]]
id = "garden"
title = "Open the garden"
status = "in-progress"
owner = "crew"

  [[goals.milestones]]
  title = "Fence built"
  due = 2026-01-10

  [[goals.milestones]]
  title = "Sheds painted"
  due = 2025-05-01
  done = true

  [[goals.milestones]]
  title = "Opening day"
  due = 2026-11-22

  [[goals.comments]]
  author = "Ana"
  text = "Who keeps the key?"
  date = 2026-10-01

  [[goals.comments]]
  author = "Bo"
  text = "Dealt with."
  resolved = true

[[goals]]
id = "beds"
title = "Raised beds"
parent = "garden"
status = "proposed"
owner = "city"

  [[goals.milestones]]
  title = "Beds ordered"
  due = 2026-02-01

[[partnerships]]
id = "pact"
title = "Garden pact"
status = "active"
review = 2027-01-15

  [[partnerships.parties]]
  actor = "crew"

  [[partnerships.parties]]
  actor = "city"

[[partnerships]]
id = "late"
title = "Late pact"
status = "signed"
review = 2026-06-01

  [[partnerships.parties]]
  actor = "crew"

[[partnerships]]
id = "far"
title = "Far pact"
status = "negotiating"
review = 2027-06-01

[[partnerships]]
id = "old"
title = "Old pact"
status = "ended"
review = 2020-01-01

[[workshops]]
id = "w"
title = "Spring meeting"
decisions = [
  { text = "Ask the school", item = "garden", owner = "city", due = 2026-03-01 },
  { text = "Meet again", due = 2026-04-01 },
  { text = "Plant in autumn", due = 2027-09-01 },
]
"#;

#[test]
fn decisions_needed_gathers_each_kind_with_its_owner() {
    let document = PlanDocument::load(DECISIONS.as_bytes(), today()).unwrap();
    let report = Report::of_document(&document, "plan.toml", today());
    let lines: Vec<(&str, &str, &str, Option<&str>, String)> = report
        .decisions_needed
        .iter()
        .map(|d| {
            let kind = serde_json::to_value(d.kind).unwrap();
            (
                match kind.as_str().unwrap() {
                    "milestone-overdue" => "milestone-overdue",
                    "review-overdue" => "review-overdue",
                    "review-due" => "review-due",
                    "decision-overdue" => "decision-overdue",
                    "goal-proposed" => "goal-proposed",
                    "partnership-negotiating" => "partnership-negotiating",
                    "open-comment" => "open-comment",
                    other => panic!("{other}"),
                },
                d.item.id.as_str(),
                d.title.as_str(),
                d.owner.as_ref().and_then(|o| o.name.as_deref()),
                d.date.map_or_else(|| "–".to_owned(), |d| d.to_string()),
            )
        })
        .collect();
    let date = |s: &str| s.to_owned();
    assert_eq!(
        lines,
        [
            (
                "milestone-overdue",
                "garden",
                "Fence built",
                Some("Garden crew"),
                date("2026-01-10")
            ),
            (
                "milestone-overdue",
                "beds",
                "Beds ordered",
                Some("City Hall"),
                date("2026-02-01")
            ),
            (
                "review-overdue",
                "late",
                "Review the partnership",
                Some("Garden crew"),
                date("2026-06-01")
            ),
            (
                "review-due",
                "pact",
                "Review the partnership",
                Some("City Hall"),
                date("2027-01-15")
            ),
            (
                "decision-overdue",
                "garden",
                "Ask the school",
                Some("City Hall"),
                date("2026-03-01")
            ),
            (
                "decision-overdue",
                "w",
                "Meet again",
                None,
                date("2026-04-01")
            ),
            (
                "goal-proposed",
                "beds",
                "Adopt the goal, or not",
                Some("City Hall"),
                date("–")
            ),
            (
                "partnership-negotiating",
                "far",
                "Conclude the agreement",
                None,
                date("–")
            ),
            (
                "open-comment",
                "garden",
                "Ana: Who keeps the key?",
                Some("Garden crew"),
                date("2026-10-01")
            ),
        ]
    );
    // The kinds the templates group by, in order, with their counts.
    let groups: Vec<(String, usize)> = report
        .decision_groups()
        .iter()
        .map(|g| (g.summary.clone(), g.end - g.start))
        .collect();
    assert_eq!(groups[0], ("2 overdue milestones".to_owned(), 2));
    assert_eq!(groups[2], ("1 review due within 90 days".to_owned(), 1));
    // The Markdown names each, item and owner, before the vision.
    let text = markdown::render(&report, None).unwrap();
    let section = text.split("## Decisions needed").nth(1).unwrap();
    let section = section.split("\n## ").next().unwrap();
    assert!(section.starts_with("\n\n9 items to decide or follow up on 2026-11-22: 2 overdue milestones, 1 overdue review, 1 review due within 90 days, 2 overdue workshop decisions, 1 goal waiting for adoption, 1 partnership in negotiation, 1 open comment.\n"), "{section}");
    assert!(
        section.contains("| 2026-01-10 | Fence built | Open the garden | Garden crew |"),
        "{section}"
    );
    assert!(
        section.contains("| 2026-04-01 | Meet again | Spring meeting | – |"),
        "{section}"
    );
    assert!(section.contains("| Far pact | – |"), "{section}");
    assert!(
        section
            .contains("| 2026-10-01 | Ana: Who keeps the key? | Open the garden | Garden crew |"),
        "{section}"
    );
    for absent in [
        "Sheds painted",
        "Opening day",
        "Old pact",
        "Dealt with",
        "Plant in autumn",
    ] {
        assert!(!section.contains(absent), "{absent}: {section}");
    }
    // Overdue milestones are marked where the goal lists them, by the same rule.
    assert!(
        text.contains("- [ ] 2026-01-10 Fence built — **overdue**"),
        "{text}"
    );
    assert!(text.contains("- [ ] 2026-11-22 Opening day\n"), "{text}");
}

/// Every overdue milestone of a plan, by the library's one rule, is in
/// "decisions needed" with its goal and owner, in the Markdown, the HTML
/// and the JSON.
#[test]
fn every_overdue_milestone_is_a_decision_needed_in_every_format() {
    use commonplan::export::html;
    use commonplan::progress::overdue::milestone_overdue;
    use scraper::{Html, Selector};

    let mut checked = 0;
    for (path, bytes) in [
        (
            "plans/ghent.toml",
            std::fs::read("plans/ghent.toml").unwrap(),
        ),
        (
            "plans/bologna.toml",
            std::fs::read("plans/bologna.toml").unwrap(),
        ),
        ("decisions.toml", DECISIONS.as_bytes().to_vec()),
    ] {
        let document = PlanDocument::load(&bytes, today()).unwrap();
        let report = Report::of_document(&document, path, today());
        let plan = document.plan();
        let markdown = markdown::render(&report, None).unwrap();
        let decisions = markdown
            .split("## Decisions needed")
            .nth(1)
            .unwrap()
            .split("\n## ")
            .next()
            .unwrap()
            .to_owned();
        let page = Html::parse_document(&html::render(&report, None).unwrap());
        let rows: Vec<Vec<String>> = page
            .select(&Selector::parse("#decisions tbody tr").unwrap())
            .map(|tr| {
                tr.select(&Selector::parse("td").unwrap())
                    .map(|td| td.text().collect::<String>().trim().to_owned())
                    .collect()
            })
            .collect();
        let json: serde_json::Value = serde_json::from_str(&json::render(&report)).unwrap();
        let needed = json["decisions_needed"].as_array().unwrap();
        for goal in &plan.goals {
            let owner = goal
                .owner
                .as_deref()
                .map(|o| plan.actor(o).map_or(o, |a| a.name.as_str()))
                .unwrap_or("–");
            for m in goal
                .milestones
                .iter()
                .filter(|m| milestone_overdue(m, today()))
            {
                let due = m.due.unwrap().to_string();
                checked += 1;
                let row = format!("| {due} | {} | {} | {owner} |", m.title, goal.title);
                assert!(
                    decisions.contains(&row),
                    "{path}: {row} not in\n{decisions}"
                );
                let cells = vec![
                    due.clone(),
                    m.title.clone(),
                    goal.title.clone(),
                    owner.to_owned(),
                ];
                assert!(rows.contains(&cells), "{path}: {cells:?} not in {rows:?}");
                assert!(
                    needed.iter().any(|d| d["kind"] == "milestone-overdue"
                        && d["item"]["id"] == goal.id.as_str()
                        && d["item_kind"] == "goal"
                        && d["title"] == m.title.as_str()
                        && d["date"] == due.as_str()),
                    "{path}: {} {} not in the JSON",
                    goal.id,
                    m.title
                );
            }
        }
        let overdue = needed
            .iter()
            .filter(|d| d["kind"] == "milestone-overdue")
            .count();
        assert_eq!(overdue, report.summary.milestones_overdue, "{path}");
    }
    assert!(checked >= 4, "only {checked} overdue milestones checked");
}

/// The brief: the figures, the most pressing decisions (and how many more),
/// budgets and progress by theme; refused for formats other than Markdown
/// and HTML.
#[test]
fn the_council_brief() {
    use commonplan::export::{Format, Options, Output, render};
    let report = report("plans/ghent.toml");
    let options = Options {
        brief: true,
        ..Options::default()
    };
    let Output::Text(brief) = render(&report, Format::Markdown, &options).unwrap() else {
        panic!("a brief is one text");
    };
    insta::assert_snapshot!("markdown_brief_ghent", brief);
    assert!(brief.starts_with("# Commons Transition Plan for Ghent — council brief\n"));
    assert!(
        brief.contains("Budgeted: **2,075,000 EUR** over 8 of 14 goals."),
        "{brief}"
    );
    assert!(brief.contains("| Food | 1 | 50% | 120,000 |"), "{brief}");
    assert!(
        brief.contains("| **All** | 14 | **21%** | **2,075,000** |"),
        "{brief}"
    );
    let listed = brief
        .lines()
        .filter(|l| l.starts_with("| ") && l.contains(" | 20"))
        .count();
    assert!(
        listed <= commonplan::export::report::BRIEF_DECISIONS,
        "{brief}"
    );
    assert!(
        !brief.contains("## Vision") && !brief.contains("### "),
        "{brief}"
    );
    let Output::Text(html) = render(&report, Format::Html, &options).unwrap() else {
        panic!("a brief is one text");
    };
    assert!(html.contains("@page { size: A4;"), "{html}");
    assert!(html.contains("<h2>Decisions needed</h2>"));
    for format in [Format::Json, Format::Csv, Format::Ics] {
        let error = render(&report, format, &options).unwrap_err().to_string();
        assert!(
            error.contains("the brief is made in Markdown or HTML"),
            "{error}"
        );
    }
    // A long list is cut, and says how many more there are.
    let document = PlanDocument::load(DECISIONS.as_bytes(), today()).unwrap();
    let mut many = Report::of_document(&document, "plan.toml", today());
    let first = many.decisions_needed[0].clone();
    many.decisions_needed = vec![first; 30];
    let brief = markdown::brief(&many).unwrap();
    assert!(brief.contains("And 18 more in the full report."), "{brief}");
}
