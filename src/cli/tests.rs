use std::io::{self, Write};

use clap::CommandFactory;

use super::*;
use crate::document::PlanDocument;
use crate::edit::{Edit, History, parse_address};

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
    let starts = [
        "plan.",
        "themes.",
        "actors.",
        "goals.",
        "partnerships.",
        "workshops.",
    ];
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
            assert!(kind.field(key).is_some(), "`{address}`: no field `{key}`");
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
}

#[test]
fn plurals_count_right() {
    assert_eq!(counted(0, "error"), "0 errors");
    assert_eq!(counted(1, "error"), "1 error");
    assert_eq!(counted(2, "warning"), "2 warnings");
}
