//! `commonplan check`: load each plan, print its diagnostics and a summary
//! line per plan, for people or as JSON for tools.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use clap::{Args, ValueEnum};
use serde::Serialize;

use super::Outcome;
use crate::diagnostic::{self, Diagnostic, JsonDiagnostic, Severity, SourceFile};
use crate::disk;
use crate::document::PlanDocument;
use crate::model::Date;
use crate::text::counted;

/// The arguments of `check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Plan files to check.
    #[arg(required = true, value_name = "PLAN")]
    pub plans: Vec<PathBuf>,
    /// How to print the findings.
    #[arg(long, value_enum, default_value_t = OutputFormat::Human)]
    pub format: OutputFormat,
    /// Fail on warnings too.
    #[arg(long)]
    pub deny_warnings: bool,
    /// Colour the output: auto (when printing to a terminal and NO_COLOR
    /// is unset), always or never.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
}

/// How `check` prints its findings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// Source excerpts with carets, as rustc and cargo print them.
    Human,
    /// One JSON document, for tools.
    Json,
}

/// When to colour output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// Colour when printing to a terminal and NO_COLOR is unset.
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

/// Check the plans as the arguments say.
pub(super) fn run(args: CheckArgs, out: &mut dyn Write) -> anyhow::Result<Outcome> {
    let styled = match args.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
        }
    };
    check(
        &args.plans,
        args.format,
        args.deny_warnings,
        styled,
        Date::today(),
        out,
    )
}

/// What `check` found in one file.
struct Checked {
    name: String,
    text: String,
    diagnostics: Vec<Diagnostic>,
}

impl Checked {
    fn count(&self, severity: Severity) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity() == severity)
            .count()
    }
}

/// The whole of `check --format json`.
#[derive(Serialize)]
struct JsonReport<'a> {
    files: Vec<JsonFile<'a>>,
}

/// One file's result in `check --format json`.
#[derive(Serialize)]
struct JsonFile<'a> {
    file: &'a str,
    /// Set when the file could not be read at all.
    #[serde(skip_serializing_if = "Option::is_none")]
    unreadable: Option<String>,
    errors: usize,
    warnings: usize,
    diagnostics: Vec<JsonDiagnostic>,
}

/// `commonplan check`: load each plan, print its diagnostics and a summary.
///
/// The outcome is decided by the plans, before anything is printed: a
/// reader that stops reading does not change it.
pub fn check(
    plans: &[PathBuf],
    format: OutputFormat,
    deny_warnings: bool,
    styled: bool,
    today: Date,
    out: &mut dyn Write,
) -> anyhow::Result<Outcome> {
    let mut outcome = Outcome::Clean;
    let mut results = Vec::new();
    for path in plans {
        let name = path.display().to_string();
        let bytes = match disk::read_plan_file(path) {
            Ok((bytes, _)) => bytes,
            Err(error) => {
                outcome = Outcome::Failed;
                results.push(Err((name, error)));
                continue;
            }
        };
        let checked = match PlanDocument::load(&bytes, today) {
            Ok(document) => Checked {
                name,
                text: document.text().to_owned(),
                diagnostics: document.diagnostics().to_vec(),
            },
            Err(failure) => Checked {
                name,
                diagnostics: failure.diagnostics(),
                text: failure.text,
            },
        };
        let failing = checked.count(Severity::Error) > 0
            || (deny_warnings && checked.count(Severity::Warning) > 0);
        if failing && outcome == Outcome::Clean {
            outcome = Outcome::Problems;
        }
        results.push(Ok(checked));
    }
    match format {
        OutputFormat::Human => {
            for result in &results {
                match result {
                    Ok(checked) => {
                        let file = SourceFile {
                            name: &checked.name,
                            text: &checked.text,
                        };
                        out.write_all(
                            diagnostic::render_human(&file, &checked.diagnostics, styled)
                                .as_bytes(),
                        )?;
                        writeln!(
                            out,
                            "{}: {}, {}",
                            crate::text::printable(&checked.name),
                            counted(checked.count(Severity::Error), "error"),
                            counted(checked.count(Severity::Warning), "warning"),
                        )?;
                    }
                    // A file that could not be read is an error of the
                    // run, not a finding: standard error, as every other
                    // command says it (the JSON form keeps it in the
                    // document, as `unreadable`).
                    Err((_, error)) => {
                        eprintln!("error: {}", crate::text::printable(&error.to_string()))
                    }
                }
            }
        }
        OutputFormat::Json => {
            let files: Vec<JsonFile<'_>> = results
                .iter()
                .map(|result| match result {
                    Ok(checked) => JsonFile {
                        file: &checked.name,
                        unreadable: None,
                        errors: checked.count(Severity::Error),
                        warnings: checked.count(Severity::Warning),
                        diagnostics: diagnostic::to_json(
                            &SourceFile {
                                name: &checked.name,
                                text: &checked.text,
                            },
                            &checked.diagnostics,
                        ),
                    },
                    Err((name, error)) => JsonFile {
                        file: name,
                        unreadable: Some(error.to_string()),
                        errors: 0,
                        warnings: 0,
                        diagnostics: Vec::new(),
                    },
                })
                .collect();
            crate::text::write_json(out, &JsonReport { files })?;
        }
    }
    Ok(outcome)
}
