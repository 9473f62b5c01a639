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
