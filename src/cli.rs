//! The command line: clap's derive types, whose doc comments are the help
//! text, and one small function per subcommand over the library.
//!
//! This is the only module that uses clap. Each subcommand returns an
//! [`Outcome`] that `main` maps to the exit code: 0 when all is well, 1 when a
//! plan has errors (or warnings, when they are denied), 2 when the command
//! could not run at all.

use std::fs;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use clap::{CommandFactory, Parser, Subcommand, ValueEnum};
use clap_complete::Shell;
use serde::Serialize;

use crate::diagnostic::{self, Diagnostic, JsonDiagnostic, Severity, SourceFile};
use crate::document::PlanDocument;
use crate::model::{Date, Plan};

/// The annotated starting point that `commonplan new` writes.
pub const TEMPLATE: &str = include_str!("../plans/template.toml");

/// Draft, review and report a city's commons transition plan.
///
/// A plan is a TOML file you own: commonplan checks it, explains what is wrong
/// with file, line and column, and never changes a byte it was not asked to.
#[derive(Debug, Parser)]
#[command(name = "commonplan", version, propagate_version = true)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check plans against the format and report every problem.
    ///
    /// Exits 0 when no plan has errors (warnings are printed), 1 when any
    /// plan has errors (or warnings, with --deny-warnings), 2 when a file
    /// cannot be read at all.
    Check {
        /// Plan files to check.
        #[arg(required = true, value_name = "PLAN")]
        plans: Vec<PathBuf>,
        /// How to print the findings.
        #[arg(long, value_enum, default_value_t = OutputFormat::Human)]
        format: OutputFormat,
        /// Fail on warnings too.
        #[arg(long)]
        deny_warnings: bool,
        /// Colour the output: auto (when printing to a terminal and NO_COLOR
        /// is unset), always or never.
        #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
        color: ColorChoice,
    },
    /// Print the JSON Schema of the plan format, for editors.
    ///
    /// Save it next to your plans and put `#:schema ./commonplan.schema.json`
    /// on the first line of a plan: taplo and Even Better TOML then validate
    /// and complete it as you type.
    Schema,
    /// Write a fresh plan from the annotated template.
    New {
        /// Where to write the plan; an existing file is never overwritten.
        path: PathBuf,
        /// The city or territory the plan is for.
        #[arg(long)]
        city: String,
    },
    /// Print a shell completion script.
    Completions {
        /// The shell to complete for.
        shell: Shell,
    },
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

/// How a command ended, for the exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// All is well: exit 0.
    Clean,
    /// A plan has problems: exit 1.
    Problems,
    /// The command could not run: exit 2.
    Failed,
}

impl Outcome {
    /// The process exit code.
    pub fn exit_code(self) -> u8 {
        match self {
            Outcome::Clean => 0,
            Outcome::Problems => 1,
            Outcome::Failed => 2,
        }
    }
}

/// Run a parsed command line.
pub fn run(cli: Cli) -> anyhow::Result<Outcome> {
    let mut stdout = std::io::stdout().lock();
    match cli.command {
        None => {
            write!(stdout, "{}", Cli::command().render_help())?;
            Ok(Outcome::Clean)
        }
        Some(Command::Check {
            plans,
            format,
            deny_warnings,
            color,
        }) => {
            let styled = match color {
                ColorChoice::Always => true,
                ColorChoice::Never => false,
                ColorChoice::Auto => {
                    std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
                }
            };
            check(
                &plans,
                format,
                deny_warnings,
                styled,
                Date::today(),
                &mut stdout,
            )
        }
        Some(Command::Schema) => {
            writeln!(stdout, "{}", schema())?;
            Ok(Outcome::Clean)
        }
        Some(Command::New { path, city }) => {
            new_plan(&path, &city)?;
            let shown = path.display().to_string();
            let shown = crate::text::printable(&shown);
            writeln!(
                stdout,
                "Created {shown}. Check it with: commonplan check {shown}"
            )?;
            Ok(Outcome::Clean)
        }
        Some(Command::Completions { shell }) => {
            clap_complete::generate(shell, &mut Cli::command(), "commonplan", &mut stdout);
            Ok(Outcome::Clean)
        }
    }
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
    diagnostics: Vec<JsonDiagnostic<'a>>,
}

/// `commonplan check`: load each plan, print its diagnostics and a summary.
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
        let bytes = match fs::read(path) {
            Ok(bytes) => bytes,
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
                text: failure.text,
                diagnostics: vec![failure.diagnostic],
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
                    Err((name, error)) => writeln!(
                        out,
                        "{}: cannot be read: {error}",
                        crate::text::printable(name)
                    )?,
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
            serde_json::to_writer_pretty(&mut *out, &JsonReport { files })?;
            writeln!(out)?;
        }
    }
    Ok(outcome)
}

/// "1 error", "2 warnings".
fn counted(count: usize, noun: &str) -> String {
    if count == 1 {
        format!("1 {noun}")
    } else {
        format!("{count} {noun}s")
    }
}

/// The JSON Schema of format 1, generated from the model (draft 7, which
/// taplo and Even Better TOML read).
pub fn schema() -> String {
    let generator = schemars::generate::SchemaSettings::draft07().into_generator();
    let schema = generator.into_root_schema_for::<Plan>();
    serde_json::to_string_pretty(&schema).expect("a schema serialises to JSON")
}

/// The template with the city filled in.
pub fn template_for(city: &str) -> String {
    let quoted = toml_edit::Value::from(city).to_string();
    TEMPLATE.replacen("\"Your city\"", quoted.trim(), 1)
}

/// `commonplan new`: write the template, never over an existing file.
pub fn new_plan(path: &Path, city: &str) -> anyhow::Result<()> {
    if city.trim().is_empty() {
        bail!("the city name is empty; give it with --city NAME");
    }
    let text = template_for(city);
    let mut file = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .with_context(|| {
            if path.exists() {
                format!(
                    "{} already exists; commonplan new never overwrites a file",
                    path.display()
                )
            } else {
                format!("cannot create {}", path.display())
            }
        })?;
    file.write_all(text.as_bytes())
        .and_then(|()| file.sync_all())
        .with_context(|| format!("cannot write {}", path.display()))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn template_takes_the_city_escaped() {
        let text = template_for("Gent \"Arteveldestad\"");
        assert!(text.contains(r#"city = 'Gent "Arteveldestad"'"#), "{text}");
        let doc = PlanDocument::load(text.as_bytes(), Date::new(2026, 1, 1).unwrap()).unwrap();
        assert_eq!(doc.plan().plan.city, "Gent \"Arteveldestad\"");
        assert!(doc.diagnostics().is_empty(), "{:?}", doc.diagnostics());
    }

    #[test]
    fn cli_is_well_formed() {
        Cli::command().debug_assert();
    }
}
