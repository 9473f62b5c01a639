use std::io::{self, Write};

use clap::CommandFactory;

use super::*;
use crate::document::PlanDocument;
use crate::edit::{Edit, History, parse_address};
use crate::fields::Collection;

#[test]
fn cli_is_well_formed() {
    Cli::command().debug_assert();
}

/// The long help of the program and of every subcommand.
fn every_help() -> String {
    let mut command = Cli::command();
    let mut text = command.render_long_help().to_string();
    for sub in command.get_subcommands_mut() {
        text.push_str(&sub.render_long_help().to_string());
    }
    text
}

/// The addresses in a help text: words that start with a collection (or
/// `plan`) and a dot.
fn addresses(help: &str) -> Vec<String> {
    let starts: Vec<String> = std::iter::once("plan")
        .chain(Collection::ALL.iter().map(|c| c.key()))
        .map(|key| format!("{key}."))
        .collect();
    help.split(|c: char| c.is_whitespace() || c == '`' || c == ',' || c == '"')
        .map(|word| word.trim_end_matches(['.', ')', ':']))
        .filter(|word| starts.iter().any(|s| word.starts_with(s)))
        .map(str::to_owned)
        .collect()
}

#[test]
fn every_example_address_in_the_help_is_in_the_ghent_plan() {
    let help = every_help();
    let found = addresses(&help);
    assert!(found.len() >= 6, "too few examples found: {found:?}");
    let today = crate::model::Date::new(2026, 1, 1).expect("a date");
    let ghent = include_str!("../../plans/ghent.toml");
    for address in &found {
        // The placeholders of the grammar are not examples.
        if address.contains("ID") || address.contains("FIELD") {
            continue;
        }
        let mut document = PlanDocument::load(ghent.as_bytes(), today).expect("loads");
        let parsed = parse_address(document.plan(), address)
            .unwrap_or_else(|e| panic!("`{address}` in the help: {e}"));
        if let Some(key) = &parsed.key {
            let kind = parsed.item.kind().expect("a kind");
            assert!(
                kind.field(key).is_some() || kind.nested_named(key).is_some(),
                "`{address}`: no field or collection `{key}`"
            );
        }
        if !parsed.item.steps.is_empty() {
            // Removing the item is refused when it is not there.
            let remove = Edit::Remove {
                item: parsed.item.clone(),
            };
            History::new()
                .apply(&mut document, &remove)
                .unwrap_or_else(|e| panic!("`{address}` in the help: {e}"));
        }
    }
}

/// A writer whose reader has gone.
struct Closed {
    attempts: usize,
}

impl Write for Closed {
    fn write(&mut self, _: &[u8]) -> io::Result<usize> {
        self.attempts += 1;
        Err(io::Error::from(io::ErrorKind::BrokenPipe))
    }

    fn flush(&mut self) -> io::Result<()> {
        Err(io::Error::from(io::ErrorKind::BrokenPipe))
    }
}

#[test]
fn a_closed_pipe_ends_the_output_quietly() {
    let mut out = QuietPipe::new(Closed { attempts: 0 });
    assert!(!out.is_closed());
    writeln!(out, "first").expect("quiet");
    assert!(out.is_closed());
    writeln!(out, "second").expect("quiet");
    out.flush().expect("quiet");
    assert_eq!(
        out.get_ref().attempts,
        1,
        "nothing more is tried once closed"
    );
}

#[test]
fn other_write_errors_are_passed_on() {
    struct Full;
    impl Write for Full {
        fn write(&mut self, _: &[u8]) -> io::Result<usize> {
            Err(io::Error::other("disk full"))
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }
    let mut out = QuietPipe::new(Full);
    assert!(write!(out, "x").is_err());
    assert!(!out.is_closed());
}

#[test]
fn a_cause_already_in_the_message_is_said_once() {
    let io = io::Error::from(io::ErrorKind::NotFound);
    let reason = io.to_string();
    let error = anyhow::Error::new(crate::disk::DiskError::Io {
        action: "write a temporary file in",
        path: "out".into(),
        source: io,
    });
    let message = error_message(&error);
    assert_eq!(message.matches(&reason).count(), 1, "{message}");
    let wrapped = anyhow::anyhow!("outer").context("context");
    assert_eq!(error_message(&wrapped), "context: outer");
    // A context that says the reason before more words of its own.
    let io = io::Error::from(io::ErrorKind::PermissionDenied);
    let reason = io.to_string();
    let error =
        anyhow::Error::new(io).context(format!("cannot read p.toml: {reason}; ask its owner"));
    let message = error_message(&error);
    assert_eq!(message.matches(&reason).count(), 1, "{message}");
}

/// `check --format json` and the JSON export write the same object for the
/// same diagnostic, but for the `file` that only `check` names; both follow
/// the export schema's `Diagnostic`.
#[test]
fn check_and_the_json_export_write_one_diagnostic() {
    let today = crate::model::Date::new(2026, 1, 1).expect("a date");
    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = dir.path().join("plan.toml");
    let text = "format = 1\n\n[plan]\ncity = \"Ghent\"\ntitle = \"Commons \\u001b[2J Plan\"\n\n\
                [[goals]]\nid = \"food-hubs\"\ntitle = \"Food hubs\"\nowner = \"city-hal\"\n\
                status = \"adopted\"\n";
    std::fs::write(&path, text).expect("written");

    let mut out = Vec::new();
    check(
        std::slice::from_ref(&path),
        OutputFormat::Json,
        false,
        false,
        today,
        &mut out,
    )
    .expect("checked");
    let checked: serde_json::Value = serde_json::from_slice(&out).expect("JSON");
    let from_check = checked["files"][0]["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .clone();

    let name = path.display().to_string();
    let document = PlanDocument::load(text.as_bytes(), today).expect("loads");
    let report = crate::export::Report::of_document(&document, &name, today);
    let exported: serde_json::Value =
        serde_json::from_str(&crate::export::json::render(&report)).expect("JSON");
    let from_export = exported["diagnostics"].as_array().expect("diagnostics");

    assert!(from_check.len() >= 2, "{from_check:#?}");
    assert_eq!(from_check.len(), from_export.len());
    let schema: serde_json::Value =
        serde_json::from_str(&crate::export::json::schema()).expect("a schema");
    let one = serde_json::json!({
        "$schema": schema["$schema"],
        "$ref": "#/definitions/Diagnostic",
        "definitions": schema["definitions"],
    });
    let validator = jsonschema::validator_for(&one).expect("a valid schema");
    for (checked, exported) in from_check.iter().zip(from_export) {
        assert!(validator.is_valid(checked), "{checked:#}");
        assert!(validator.is_valid(exported), "{exported:#}");
        assert_eq!(checked["file"], serde_json::json!(name));
        assert!(exported.get("file").is_none(), "{exported:#}");
        let mut without_file = checked.clone();
        without_file
            .as_object_mut()
            .expect("an object")
            .remove("file");
        assert_eq!(&without_file, exported);
    }
    // The code is one of the codes, not any string.
    let mut wrong = from_export[0].clone();
    wrong["code"] = serde_json::json!("X999");
    assert!(!validator.is_valid(&wrong));
}
