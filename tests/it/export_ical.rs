//! The iCalendar export of the example plans, read back with the
//! `icalendar` crate's parser, and what a hostile plan cannot do to it.

use std::collections::HashSet;

use commonplan::diagnostic::{SourceFile, to_json};
use commonplan::document::PlanDocument;
use commonplan::export::{Report, ical};
use commonplan::model::Date;
use icalendar::parser::{read_calendar, unfold};

fn today() -> Date {
    Date::new(2026, 11, 22).unwrap()
}

fn report_of(bytes: &[u8], name: &str) -> Report {
    let document = PlanDocument::load(bytes, today()).unwrap();
    let file = SourceFile {
        name,
        text: document.text(),
    };
    let diagnostics = to_json(&file, document.diagnostics());
    Report::build(document.plan(), name, &diagnostics, today())
}

fn report(path: &str) -> Report {
    report_of(&std::fs::read(path).unwrap(), path)
}

/// The summaries the report calls for, in the calendar's order, and
/// whether each is a done milestone: every dated milestone, then every
/// partnership date, then each dated workshop and its decisions due.
fn expected_entries(report: &Report) -> Vec<(String, bool)> {
    let mut entries = Vec::new();
    for goal in report.goals() {
        for m in &goal.milestones {
            if m.due.is_some() {
                entries.push((m.title.clone(), m.done));
            }
        }
    }
    for p in &report.partnerships {
        for (label, date) in [("Starts", p.start), ("Ends", p.end), ("Review", p.review)] {
            if date.is_some() {
                entries.push((format!("{label}: {}", p.title), false));
            }
        }
    }
    for w in &report.workshops {
        if w.date.is_some() {
            entries.push((format!("Workshop: {}", w.title), false));
        }
        for d in &w.decisions {
            if d.due.is_some() {
                entries.push((format!("Due: {}", d.text.replace('\n', " ")), false));
            }
        }
    }
    entries
}

/// Parse `text` and check what every calendar must be; return the events'
/// unescaped summaries.
fn check_calendar(text: &str, report: &Report) -> Vec<String> {
    // CRLF line endings, and no control character but those.
    let bytes = text.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b'\r' => assert_eq!(bytes.get(i + 1), Some(&b'\n'), "a CR without LF at {i}"),
            b'\n' => assert_eq!(bytes[i - 1], b'\r', "an LF without CR at {i}"),
            _ => {}
        }
    }
    assert!(text.ends_with("END:VCALENDAR\r\n"));
    assert!(
        !text
            .chars()
            .any(|c| c.is_control() && c != '\r' && c != '\n'),
        "a control character in the calendar"
    );
    // Lines of at most 75 octets; a continuation starts with a space.
    for line in text.strip_suffix("\r\n").unwrap().split("\r\n") {
        assert!(line.len() <= 75, "{} octets: {line:?}", line.len());
        assert!(!line.is_empty());
    }

    let unfolded = unfold(text);
    let calendar = read_calendar(&unfolded).expect("the calendar parses");
    let value = |name: &str| {
        calendar
            .properties
            .iter()
            .find(|p| p.name == name)
            .map(|p| p.val.as_str().to_owned())
    };
    assert_eq!(
        value("PRODID").as_deref(),
        Some("-//commonplan//commonplan//EN")
    );
    assert_eq!(value("VERSION").as_deref(), Some("2.0"));
    assert_eq!(value("CALSCALE").as_deref(), Some("GREGORIAN"));
    let name = value("X-WR-CALNAME").unwrap();
    assert!(name.contains(&report.plan.title), "{name}");
    assert!(name.contains(&report.plan.city), "{name}");

    let mut uids = HashSet::new();
    let mut summaries = Vec::new();
    for event in &calendar.components {
        assert_eq!(event.name, "VEVENT");
        let prop = |name: &str| event.find_prop(name).unwrap_or_else(|| panic!("no {name}"));
        let uid = prop("UID").val.as_str().to_owned();
        assert!(uid.ends_with("@commonplan"), "{uid}");
        assert!(uids.insert(uid.clone()), "UID {uid} twice");
        assert_eq!(prop("DTSTAMP").val, "20261122T000000Z");
        let start = prop("DTSTART");
        assert_eq!(start.params.len(), 1);
        assert_eq!(start.params[0].key, "VALUE");
        assert_eq!(start.params[0].val.as_ref().unwrap(), &"DATE");
        assert_eq!(start.val.as_str().len(), 8);
        let status = prop("STATUS").val.as_str().to_owned();
        assert!(
            ["TENTATIVE", "CONFIRMED", "CANCELLED"].contains(&status.as_str()),
            "{status} is no event status"
        );
        prop("DESCRIPTION");
        prop("CATEGORIES");
        // The parser unescapes TEXT values.
        summaries.push(prop("SUMMARY").val.as_str().to_owned());
    }
    summaries
}

/// Check that the calendar's events are the report's entries, summaries
/// unescaped back to the report's titles.
fn check_entries(report: &Report, summaries: &[String]) {
    let expected = expected_entries(report);
    assert_eq!(summaries.len(), expected.len(), "{summaries:#?}");
    for (summary, (title, done)) in summaries.iter().zip(&expected) {
        let shown = if *done {
            summary
                .strip_prefix("✓ ")
                .unwrap_or_else(|| panic!("{summary:?} not marked done"))
        } else {
            summary.as_str()
        };
        assert_eq!(shown, title);
    }
}

#[test]
fn calendars_of_the_examples() {
    for (name, path) in [
        ("ghent", "plans/ghent.toml"),
        ("bologna", "plans/bologna.toml"),
    ] {
        let text = ical::calendar(&report(path));
        // The snapshot shows the lines as they are, CR included.
        insta::assert_snapshot!(format!("ical_{name}"), text.replace("\r\n", "␍\n"));
    }
}

#[test]
fn the_examples_parse_back_to_their_milestones_and_partnership_dates() {
    for path in ["plans/ghent.toml", "plans/bologna.toml"] {
        let report = report(path);
        let text = ical::calendar(&report);
        let summaries = check_calendar(&text, &report);
        check_entries(&report, &summaries);
        assert!(summaries.len() >= 8, "{path}: {}", summaries.len());
        // An undated milestone is left out.
        let undated: Vec<&str> = report
            .goals()
            .flat_map(|g| &g.milestones)
            .filter(|m| m.due.is_none())
            .map(|m| m.title.as_str())
            .collect();
        for title in undated {
            assert!(
                !summaries.iter().any(|s| s.ends_with(title)),
                "{path}: undated {title:?} is in the calendar"
            );
        }
    }
}

const HOSTILE: &str = r#"
format = 1

[plan]
city = "Sant; Feliu, de \\ Llobregat"
title = "Plan \u001b[2J\u001b]0;pwned\u0007 with a bell"

[[themes]]
id = "t"
name = "Food, drink; and \\ more"

[[actors]]
id = "city"
name = "City; Hall, \\ and \u001b[31mred\u001b[0m"
role = "public"

[[actors]]
id = "crew"
name = "Crew\nwith a newline"
role = "commons"

[[goals]]
id = "g1"
title = "Goal; with, all \\ the \"specials\"\nand a newline"
theme = "t"
status = "dropped"

  [[goals.milestones]]
  title = "Semicolon; comma, backslash \\ and \\n not a newline"
  due = 2026-03-01

  [[goals.milestones]]
  title = "Undated; left out"

  [[goals.milestones]]
  title = "Clear the screen \u001b[2J\u001b[H and \u202e bidi"
  due = 2026-12-31
  done = true

  [[goals.milestones]]
  title = "LONG"
  due = 9999-12-31

[[goals]]
id = "g1"
title = "The same id again"

  [[goals.milestones]]
  title = "A second goal g1"
  due = 2027-01-01

[[goals]]
id = "Bad Id; é"
title = "A malformed id"

  [[goals.milestones]]
  title = "Of a malformed id"
  due = 2024-02-29

[[partnerships]]
id = "p1"
title = "Pact; with, \\ specials"
instrument = "collaboration-pact"
status = "cancelled"
resource = """
A building;
on two, lines \\
"""
start = 2025-01-01
end = 2026-01-01
review = 2025-07-01

  [[partnerships.parties]]
  actor = "city"

  [[partnerships.parties]]
  actor = "crew"

  [[partnerships.parties]]
  actor = "nobody"

[[partnerships]]
id = "p1"
title = "LONG"
start = 2025-02-01
"#;

#[test]
fn a_hostile_plan_cannot_break_the_calendar() {
    let long = "Ŝǒ ĺóňĝ 日本語の長いタイトル ✓😀 ".repeat(12);
    let plan = HOSTILE.replace("LONG", &long);
    let report = report_of(plan.as_bytes(), "hostile.toml");
    let text = ical::calendar(&report);
    let summaries = check_calendar(&text, &report);
    check_entries(&report, &summaries);
    assert_eq!(summaries.len(), 3 + 1 + 1 + 3 + 1);

    // The escapes are visible, never raw.
    assert!(summaries.iter().any(|s| s.contains(r"\u{1b}[2J")));
    assert!(text.contains(r"Semicolon\; comma\, backslash \\ and \\n not a newline"));
    // Long lines were folded, and unfold to the whole title.
    assert!(text.len() > 75 * 40);
    assert!(summaries.iter().any(|s| s.contains(&long)));
    // A multi-line resource keeps its line breaks as `\n`.
    let unfolded = unfold(&text);
    assert!(
        unfolded.contains(r"Resource: A building\;\non two\, lines \\\n"),
        "{unfolded}"
    );
    // The party the plan does not declare is named by its id.
    assert!(unfolded.contains(
        r"Parties: City\; Hall\, \\ and \\u{1b}[31mred\\u{1b}[0m\, Crew\\nwith a newline\, nobody"
    ));
    // The two goals named g1, and the two partnerships named p1, have
    // different UIDs; the malformed id is encoded.
    let uids: Vec<&str> = unfolded
        .lines()
        .filter_map(|l| l.strip_prefix("UID:"))
        .collect();
    let first_g1 = uids
        .iter()
        .find(|u| u.starts_with("milestone-g1-h") && !u.ends_with("-g2@commonplan"));
    let second_g1 = uids
        .iter()
        .find(|u| u.starts_with("milestone-g1-h") && u.ends_with("-g2@commonplan"));
    assert!(first_g1.is_some() && second_g1.is_some(), "{uids:?}");
    assert!(
        uids.iter()
            .any(|u| u.starts_with("milestone-%42ad%20%49d%3B%20%C3%A9-h")),
        "{uids:?}"
    );
    assert!(unfolded.contains("UID:partnership-p1-start@commonplan\r\n"));
    assert!(unfolded.contains("UID:partnership-p1-start-p2@commonplan\r\n"));
    // The last day there is: no five-digit next day.
    assert!(unfolded.contains("DTSTART;VALUE=DATE:99991231\r\nDURATION:P1D\r\n"));
    assert!(!unfolded.contains("100000101"));
    // A leap day ends on the first of March.
    assert!(unfolded.contains("DTSTART;VALUE=DATE:20240229\r\nDTEND;VALUE=DATE:20240301\r\n"));
    // Categories are a list: the theme's comma is escaped, the separators
    // are not.
    assert!(unfolded.contains(r"CATEGORIES:milestone,Food\, drink\; and \\ more,done"));
    // A dropped goal's open milestone is cancelled; its done one is not.
    assert!(unfolded.contains("STATUS:CANCELLED"));
}

/// A workshop is an event on its date at its place; each decision with a
/// due date is an event on that date; a milestone with an id keeps a `UID`
/// made of it.
#[test]
fn workshops_and_decisions_are_events_with_stable_uids() {
    let report = report("tests/export/workshop.toml");
    let text = ical::calendar(&report);
    let summaries = check_calendar(&text, &report);
    check_entries(&report, &summaries);
    let unfolded = unfold(&text);
    let calendar = read_calendar(&unfolded).unwrap();
    let events: Vec<(String, String, Option<String>, String)> = calendar
        .components
        .iter()
        .map(|e| {
            let prop = |name: &str| e.find_prop(name).map(|p| p.val.as_str().to_owned());
            (
                prop("UID").unwrap(),
                prop("DTSTART").unwrap(),
                prop("LOCATION"),
                prop("SUMMARY").unwrap(),
            )
        })
        .collect();
    assert_eq!(
        events,
        [
            (
                "milestone-short-food-chains.first-hub@commonplan".to_owned(),
                "20190901".to_owned(),
                None,
                "First neighbourhood food hub open".to_owned()
            ),
            (
                "workshop-review-2018-03-meeting@commonplan".to_owned(),
                "20180315".to_owned(),
                Some("De Centrale, Ghent".to_owned()),
                "Workshop: Review of the food strategy".to_owned()
            ),
            (
                // The hash of the decision's text: the same on every
                // machine and in every version.
                "workshop-review-2018-03-h8120d2369e9f2cb1@commonplan".to_owned(),
                "20180630".to_owned(),
                None,
                "Due: Open the first hub in the district that asked first".to_owned()
            ),
        ]
    );
    let workshop = &calendar.components[1];
    let description = workshop.find_prop("DESCRIPTION").unwrap().val.as_str();
    assert!(
        description.contains("Facilitator: Timelab facilitator"),
        "{description}"
    );
    assert!(description.contains("1. Grow short food supply chains run as commons (3 dots)"));
    assert!(description.contains("- Meet again after the summer"));
    let decision = &calendar.components[2];
    let description = decision.find_prop("DESCRIPTION").unwrap().val.as_str();
    assert!(
        description.contains("Owner: City of Ghent"),
        "{description}"
    );
    assert!(description.contains("Decided in workshop review-2018-03"));

    // Inserting a milestone before it moves neither its UID nor the
    // workshop's.
    let plan = std::fs::read_to_string("tests/export/workshop.toml").unwrap();
    let inserted = plan.replacen(
        "  [[goals.milestones]]\n  id = \"first-hub\"",
        "  [[goals.milestones]]\n  title = \"Survey the roof\"\n  due = 2018-05-01\n\n  [[goals.milestones]]\n  id = \"first-hub\"",
        1,
    );
    assert_ne!(inserted, plan);
    let text = ical::calendar(&report_of(inserted.as_bytes(), "workshop.toml"));
    assert!(text.contains("UID:milestone-short-food-chains.first-hub@commonplan\r\n"));
    assert!(text.contains("UID:milestone-short-food-chains-h"));
    assert!(text.contains("UID:workshop-review-2018-03-meeting@commonplan\r\n"));
}

/// A plan whose goal has the milestones and whose workshop has the
/// decisions given, as TOML tables.
fn plan_with(milestones: &[&str], decisions: &[&str]) -> String {
    let mut plan = String::from(
        "format = 1\n\n[plan]\ncity = \"Somewhere\"\ntitle = \"Test\"\n\n\
         [[goals]]\nid = \"hub\"\ntitle = \"A food hub\"\n",
    );
    for m in milestones {
        plan.push_str(&format!("\n  [[goals.milestones]]\n{m}\n"));
    }
    plan.push_str("\n[[workshops]]\nid = \"review\"\ntitle = \"Review\"\ndate = 2026-01-10\n");
    for d in decisions {
        plan.push_str(&format!("\n  [[workshops.decisions]]\n{d}\n"));
    }
    plan
}

/// Each event's summary and date, with its UID; an event that appears
/// twice (the same title on the same date) keeps both UIDs, in order.
fn uids_of(plan: &str) -> Vec<((String, String), String)> {
    let report = report_of(plan.as_bytes(), "plan.toml");
    let text = ical::calendar(&report);
    check_calendar(&text, &report);
    let unfolded = unfold(&text);
    let calendar = read_calendar(&unfolded).unwrap();
    calendar
        .components
        .iter()
        .map(|e| {
            let prop = |name: &str| e.find_prop(name).unwrap().val.as_str().to_owned();
            ((prop("SUMMARY"), prop("DTSTART")), prop("UID"))
        })
        .collect()
}

/// Every event of `before` that `after` still has keeps its UID.
fn assert_kept(before: &[((String, String), String)], after: &[((String, String), String)]) {
    let mut kept = 0;
    for (event, uid) in before {
        if let Some((_, new)) = after.iter().find(|(e, u)| e == event && u == uid) {
            assert_eq!(new, uid);
            kept += 1;
        } else {
            assert!(
                !after.iter().any(|(e, _)| e == event),
                "{event:?} changed its UID from {uid}: {after:?}"
            );
        }
    }
    assert!(kept > 0);
}

#[test]
fn inserting_removing_or_reordering_milestones_moves_no_other_uid() {
    let opening = "  title = \"Opening\"\n  due = 2026-03-01";
    let own_id = "  id = \"lease\"\n  title = \"Lease signed\"\n  due = 2026-04-01";
    let review_q1 = "  title = \"Quarterly review\"\n  due = 2026-03-31";
    let review_q2 = "  title = \"Quarterly review\"\n  due = 2026-06-30";
    let twin = "  title = \"Twin\"\n  due = 2026-05-05";
    let undated = "  title = \"Someday\"";
    let new = "  title = \"Roof surveyed\"\n  due = 2026-02-01";
    let done = "  title = \"Opening\"\n  due = 2026-03-01\n  done = true";
    let first = "  text = \"Ask the council for the lease\"\n  due = 2026-02-15";
    let second = "  text = \"Find volunteers\"\n  due = 2026-02-20";
    let added = "  text = \"Call the insurer\"\n  due = 2026-02-18";

    let original = [opening, own_id, review_q1, twin, twin, review_q2, undated];
    let decisions = [first, second];
    let before = uids_of(&plan_with(&original, &decisions));
    assert_eq!(
        before.len(),
        6 + 1 + 2,
        "six dated milestones, a meeting, two decisions"
    );
    let unique: HashSet<&String> = before.iter().map(|(_, u)| u).collect();
    assert_eq!(unique.len(), before.len(), "the twins differ: {before:?}");

    let variants: Vec<(&str, Vec<&str>, Vec<&str>)> = vec![
        (
            "inserted first",
            vec![
                new, opening, own_id, review_q1, twin, twin, review_q2, undated,
            ],
            decisions.to_vec(),
        ),
        (
            "inserted in the middle",
            vec![
                opening, own_id, review_q1, new, twin, twin, review_q2, undated,
            ],
            decisions.to_vec(),
        ),
        (
            "inserted last",
            vec![
                opening, own_id, review_q1, twin, twin, review_q2, undated, new,
            ],
            decisions.to_vec(),
        ),
        (
            "one removed",
            vec![opening, review_q1, twin, twin, review_q2, undated],
            decisions.to_vec(),
        ),
        (
            "the first removed",
            vec![own_id, review_q1, twin, twin, review_q2, undated],
            decisions.to_vec(),
        ),
        (
            "reordered",
            vec![review_q2, twin, undated, own_id, twin, opening, review_q1],
            decisions.to_vec(),
        ),
        (
            "a namesake inserted",
            vec![
                opening,
                own_id,
                review_q1,
                review_q2,
                undated,
                twin,
                twin,
                "  title = \"Quarterly review\"\n  due = 2026-09-30",
            ],
            decisions.to_vec(),
        ),
        (
            "a decision inserted first",
            original.to_vec(),
            vec![added, first, second],
        ),
        ("a decision removed", original.to_vec(), vec![second]),
        (
            "decisions reordered",
            original.to_vec(),
            vec![second, first],
        ),
    ];
    for (what, milestones, decisions) in variants {
        let after = uids_of(&plan_with(&milestones, &decisions));
        let unique: HashSet<&String> = after.iter().map(|(_, u)| u).collect();
        assert_eq!(unique.len(), after.len(), "{what}: a UID twice");
        assert_kept(&before, &after);
        // Nothing that stayed was dropped from the calendar.
        for (event, _) in &before {
            let still_there = milestones
                .iter()
                .chain(&decisions)
                .any(|m| m.contains(&format!("\"{}\"", event.0.trim_start_matches("Due: "))));
            if still_there && event.0 != "Workshop: Review" {
                assert!(
                    after.iter().any(|(e, _)| e == event),
                    "{what}: {event:?} lost"
                );
            }
        }
    }

    // Marking a milestone done keeps its UID.
    let marked = uids_of(&plan_with(
        &[done, own_id, review_q1, twin, twin, review_q2, undated],
        &decisions,
    ));
    let uid_of = |events: &[((String, String), String)], summary: &str| {
        events
            .iter()
            .find(|(e, _)| e.0 == summary)
            .unwrap()
            .1
            .clone()
    };
    assert_eq!(uid_of(&before, "Opening"), uid_of(&marked, "✓ Opening"));
    // Moving a decision's due date keeps its UID; moving a milestone's
    // gives a new one, as renaming it does; an id keeps it through both.
    let moved = uids_of(&plan_with(
        &[
            "  title = \"Opening\"\n  due = 2026-03-08",
            "  id = \"lease\"\n  title = \"Lease finally signed\"\n  due = 2026-04-20",
            review_q1,
            twin,
            twin,
            review_q2,
            undated,
        ],
        &[
            "  text = \"Ask the council for the lease\"\n  due = 2026-03-15",
            second,
        ],
    ));
    assert_eq!(
        uid_of(&before, "Due: Ask the council for the lease"),
        uid_of(&moved, "Due: Ask the council for the lease")
    );
    assert_ne!(uid_of(&before, "Opening"), uid_of(&moved, "Opening"));
    assert_eq!(
        uid_of(&before, "Lease signed"),
        uid_of(&moved, "Lease finally signed")
    );
}
