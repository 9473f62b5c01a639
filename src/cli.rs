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
use clap::builder::TypedValueParser;
use clap::{CommandFactory, Parser, Subcommand, ValueEnum};
use clap_complete::Shell;
use serde::Serialize;

use crate::diagnostic::{self, Diagnostic, JsonDiagnostic, Severity, SourceFile};
use crate::disk::{self, DiskError};
use crate::document::PlanDocument;
use crate::edit::{self, Edit, EditError};
use crate::export::csv::Table;
use crate::export::{Decidim, Format, Options, Output, Report};
use crate::model::{Date, GoalStatus, Keyword, Plan};
use crate::session::{OpenError, PlanFile, SaveOutcome};

/// The annotated starting point that `commonplan new` writes.
pub const TEMPLATE: &str = include_str!("../plans/template.toml");

/// Draft, review and report a city's commons transition plan.
///
/// A plan is a TOML file you own: commonplan checks it, explains what is wrong
/// with file, line and column, and never changes a byte it was not asked to.
#[derive(Debug, Parser)]
#[command(
    name = "commonplan",
    version,
    propagate_version = true,
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    /// The plan to open in the terminal UI. Without one, the plan opened
    /// last, or the first time the bundled Ghent example as an unsaved copy.
    #[arg(value_name = "PLAN")]
    pub plan: Option<PathBuf>,
    /// What to do instead of opening the UI.
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
    /// and complete it as you type. With --export, the schema of
    /// `commonplan export --format json` instead.
    Schema {
        /// Print the schema of the JSON export, not of the plan format.
        #[arg(long)]
        export: bool,
    },
    /// Export a plan as a report: Markdown, HTML, JSON, CSV or iCalendar.
    ///
    /// Writes to standard output, or to the file --output names, which is
    /// replaced atomically when it exists. CSV writes one file per table
    /// (goals, indicators, partnerships, parties, contributions, actors)
    /// into the directory --output names, or one table to standard output
    /// with --table. `--decidim` writes the goals as the results Decidim's
    /// Accountability component imports. Markdown and HTML can come from a
    /// template of your own (--template), which sees the same data as the
    /// JSON export; --print-template prints the built-in one to start from.
    #[command(group(clap::ArgGroup::new("what").required(true).args(["plan", "print_template"])))]
    Export {
        /// The plan file.
        #[arg(value_name = "PLAN", requires = "format")]
        plan: Option<PathBuf>,
        /// The format.
        #[arg(long, short, value_name = "FORMAT", value_parser = export_format())]
        format: Option<Format>,
        /// Where to write: a file, or for CSV a directory (made if missing).
        #[arg(long, short, value_name = "PATH")]
        output: Option<PathBuf>,
        /// CSV: this one table, to standard output or --output.
        #[arg(long, value_name = "TABLE", value_parser = csv_table(), conflicts_with = "decidim")]
        table: Option<Table>,
        /// CSV: the goals as Decidim Accountability results.
        #[arg(long)]
        decidim: bool,
        /// With --decidim: the locale of the title and description columns.
        #[arg(long, default_value = "en", requires = "decidim")]
        locale: String,
        /// With --decidim: the id of a Decidim status for a goal status, as
        /// STATUS=ID (`--status-id in-progress=2`); repeat for each status.
        /// A status without one leaves `status/id` empty.
        #[arg(long = "status-id", value_name = "STATUS=ID", requires = "decidim")]
        status_ids: Vec<String>,
        /// Markdown or HTML: render this minijinja template instead of the
        /// built-in one.
        #[arg(long, value_name = "FILE")]
        template: Option<PathBuf>,
        /// Print the built-in template of a report, to start one's own.
        #[arg(long, value_enum, value_name = "FORMAT", conflicts_with_all = ["plan", "format", "output", "template", "table", "decidim"])]
        print_template: Option<TemplateFormat>,
    },
    /// Write a fresh plan from the annotated template.
    New {
        /// Where to write the plan; an existing file is never overwritten.
        path: PathBuf,
        /// The city or territory the plan is for.
        #[arg(long)]
        city: String,
    },
    /// Set a field: `commonplan set plans/ghent.toml goals.food.status adopted`.
    ///
    /// PATH is `plan.FIELD` or `COLLECTION.ID.FIELD` (themes, actors, goals,
    /// partnerships, workshops); nested items by position after their
    /// collection: `goals.food.indicators.1.target`. Setting an `id` renames
    /// it everywhere it is referenced. Lists are written comma-separated.
    Set {
        /// The plan file.
        plan: PathBuf,
        /// What to set, e.g. `goals.food.status`.
        path: String,
        /// The new value, parsed by the field's type.
        #[arg(required_unless_present = "unset", allow_hyphen_values = true)]
        value: Option<String>,
        /// Remove the field instead of setting it.
        #[arg(long, conflicts_with = "value")]
        unset: bool,
        /// Print the change as a diff and write nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Add an item at the end of a collection:
    /// `commonplan add plans/ghent.toml goals id=repair-cafes "title=Repair cafés"`.
    Add {
        /// The plan file.
        plan: PathBuf,
        /// The collection: themes, actors, goals, partnerships, workshops.
        collection: String,
        /// The new item's fields, as KEY=VALUE.
        #[arg(required = true, value_name = "KEY=VALUE")]
        fields: Vec<String>,
        /// Print the change as a diff and write nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Remove an item, with the comment lines before it:
    /// `commonplan remove plans/ghent.toml goals.repair-cafes`.
    Remove {
        /// The plan file.
        plan: PathBuf,
        /// The item, e.g. `goals.food` or `goals.food.milestones.2`.
        item: String,
        /// Print the change as a diff and write nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Move an item to another position in its collection (1 is the first).
    Move {
        /// The plan file.
        plan: PathBuf,
        /// The item, e.g. `goals.food` or `goals.food.indicators.2`.
        item: String,
        /// Its new position, counting from 1.
        position: usize,
        /// Print the change as a diff and write nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Record a measurement of an indicator:
    /// `commonplan measure plans/ghent.toml goals.food.indicators.1 2024-12-31 2150`.
    Measure {
        /// The plan file.
        plan: PathBuf,
        /// The indicator, e.g. `goals.food.indicators.1`.
        indicator: String,
        /// The date of the measurement, YYYY-MM-DD.
        date: String,
        /// The value measured.
        #[arg(allow_hyphen_values = true)]
        value: String,
        /// Print the change as a diff and write nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Show where the terminal UI's config file is: `commonplan config --path`.
    ///
    /// The file sets the theme (`theme = "dark"`, `"light"` or `"mono"`) and
    /// rebinds keys under `[keys]`, by action name: `undo = "z"` or
    /// `quit = ["q", "ctrl-q"]`. The action names are those `?` lists in
    /// the UI, as printed by `commonplan config --actions`.
    Config {
        /// Print the config file's path.
        #[arg(long)]
        path: bool,
        /// Print every action name with what it does and its default keys.
        #[arg(long, conflicts_with = "path")]
        actions: bool,
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

/// `--format`: the export formats, by [`Format::name`].
fn export_format() -> impl TypedValueParser<Value = Format> {
    clap::builder::PossibleValuesParser::new(Format::ALL.map(Format::name))
        .try_map(|name| Format::from_name(&name).ok_or("not a format"))
}

/// `--table`: the CSV tables, by [`Table::name`].
fn csv_table() -> impl TypedValueParser<Value = Table> {
    clap::builder::PossibleValuesParser::new(Table::ALL.map(Table::name))
        .try_map(|name| Table::from_name(&name).ok_or("not a table"))
}

/// The reports that have a template.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TemplateFormat {
    /// The Markdown report's template.
    Markdown,
    /// The HTML report's template.
    Html,
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
        None if !crate::tui::on_a_terminal() => {
            eprintln!(
                "error: the terminal UI needs a terminal; to script a plan, use a subcommand\n"
            );
            eprint!("{}", Cli::command().render_help());
            Ok(Outcome::Failed)
        }
        None => {
            drop(stdout);
            Ok(match crate::tui::run(cli.plan)? {
                0 => Outcome::Clean,
                1 => Outcome::Problems,
                _ => Outcome::Failed,
            })
        }
        Some(Command::Config { path: _, actions }) => {
            if actions {
                let keymap = crate::tui::keymap::Keymap::default();
                for action in crate::tui::action::Action::ALL {
                    let keys: Vec<String> = keymap.keys(*action).map(|k| k.to_string()).collect();
                    writeln!(
                        stdout,
                        "{:<18} {:<28} {}",
                        action.name(),
                        keys.join(" "),
                        action.help()
                    )?;
                }
                return Ok(Outcome::Clean);
            }
            match crate::tui::config::config_path() {
                Some(path) => {
                    writeln!(
                        stdout,
                        "{}",
                        crate::text::printable(&path.display().to_string())
                    )?;
                    Ok(Outcome::Clean)
                }
                None => {
                    eprintln!("error: this system has no home directory for a config file");
                    Ok(Outcome::Failed)
                }
            }
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
        Some(Command::Schema { export }) => {
            if export {
                write!(stdout, "{}", crate::export::json::schema())?;
            } else {
                writeln!(stdout, "{}", schema())?;
            }
            Ok(Outcome::Clean)
        }
        Some(Command::Export {
            print_template: Some(which),
            ..
        }) => {
            let template = match which {
                TemplateFormat::Markdown => crate::export::markdown::TEMPLATE,
                TemplateFormat::Html => crate::export::html::TEMPLATE,
            };
            write!(stdout, "{template}")?;
            Ok(Outcome::Clean)
        }
        Some(Command::Export {
            plan,
            format,
            output,
            table,
            decidim,
            locale,
            status_ids,
            template,
            print_template: None,
        }) => {
            let (Some(plan), Some(format)) = (plan, format) else {
                bail!("name a plan and a --format, or use --print-template");
            };
            let decidim = if decidim {
                if status_ids.is_empty() {
                    eprintln!(
                        "note: no --status-id given, so status/id is left empty; \
                         map each goal status to the id of a status of your Decidim \
                         component, e.g. --status-id in-progress=2"
                    );
                }
                Some(decidim_options(&locale, &status_ids)?)
            } else {
                None
            };
            let template = match template {
                Some(path) => {
                    let source = fs::read_to_string(&path)
                        .with_context(|| format!("cannot read the template {}", path.display()))?;
                    Some((path.display().to_string(), source))
                }
                None => None,
            };
            let request = ExportRequest {
                format,
                output,
                options: Options {
                    template,
                    table,
                    decidim,
                },
            };
            export_plan(&plan, &request, Date::today(), &mut stdout)
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
        Some(Command::Set {
            plan,
            path,
            value,
            unset,
            dry_run,
        }) => edit_plan(&plan, dry_run, &mut stdout, |document| {
            let value = if unset { None } else { value.as_deref() };
            edit::set_edit(document.plan(), &path, value)
        }),
        Some(Command::Add {
            plan,
            collection,
            fields,
            dry_run,
        }) => edit_plan(&plan, dry_run, &mut stdout, |_| {
            edit::add_edit(&collection, &fields)
        }),
        Some(Command::Remove {
            plan,
            item,
            dry_run,
        }) => edit_plan(&plan, dry_run, &mut stdout, |document| {
            edit::remove_edit(document.plan(), &item)
        }),
        Some(Command::Move {
            plan,
            item,
            position,
            dry_run,
        }) => edit_plan(&plan, dry_run, &mut stdout, |document| {
            edit::move_edit(document, &item, position)
        }),
        Some(Command::Measure {
            plan,
            indicator,
            date,
            value,
            dry_run,
        }) => edit_plan(&plan, dry_run, &mut stdout, |document| {
            edit::measure_edit(document.plan(), &indicator, &date, &value)
        }),
        Some(Command::Completions { shell }) => {
            clap_complete::generate(shell, &mut Cli::command(), "commonplan", &mut stdout);
            Ok(Outcome::Clean)
        }
    }
}

/// Open the plan a command works on. When the file cannot be read it says
/// why and gives [`Outcome::Failed`]; when it does not parse, it prints the
/// problem with its source excerpt and gives [`Outcome::Problems`].
fn open_plan(path: &Path, today: Date) -> Result<PlanFile, Outcome> {
    PlanFile::open(path, today).map_err(|error| {
        eprint!("{}", error.report(std::io::stderr().is_terminal()));
        match error {
            OpenError::Read(_) => Outcome::Failed,
            OpenError::Parse { .. } => Outcome::Problems,
        }
    })
}

/// Open a plan, make one edit, and save it (or print the diff).
fn edit_plan(
    path: &Path,
    dry_run: bool,
    out: &mut dyn Write,
    make: impl FnOnce(&PlanDocument) -> Result<Edit, EditError>,
) -> anyhow::Result<Outcome> {
    let shown = crate::text::printable(&path.display().to_string()).into_owned();
    let mut file = match open_plan(path, Date::today()) {
        Ok(file) => file,
        Err(outcome) => return Ok(outcome),
    };
    let errors_before = count_errors(file.document());
    let applied = make(file.document()).and_then(|edit| file.apply(&edit));
    if let Err(error) = applied {
        eprintln!("error: {}", crate::text::printable(&error.to_string()));
        eprintln!("note: {shown} is unchanged");
        return Ok(Outcome::Problems);
    }
    if dry_run {
        let old = String::from_utf8_lossy(file.disk_bytes());
        let new_bytes = file.to_bytes();
        let new = String::from_utf8_lossy(&new_bytes);
        let diff = similar::TextDiff::from_lines(old.as_ref(), new.as_ref());
        let unified = diff
            .unified_diff()
            .context_radius(2)
            .header(&shown, &shown)
            .to_string();
        write!(out, "{}", crate::text::printable_lines(&unified))?;
        return Ok(Outcome::Clean);
    }
    match file.save() {
        Ok(SaveOutcome::Saved | SaveOutcome::Unchanged) => {}
        Ok(SaveOutcome::ChangedOnDisk) => {
            let error = DiskError::ChangedOnDisk {
                path: path.to_path_buf(),
            };
            eprintln!("error: {}", crate::text::printable(&error.to_string()));
            return Ok(Outcome::Failed);
        }
        Err(error) => {
            eprintln!("error: {}", crate::text::printable(&error.to_string()));
            return Ok(Outcome::Failed);
        }
    }
    let errors_after = count_errors(file.document());
    if errors_after > errors_before {
        eprintln!(
            "note: {shown} now has {}; see `commonplan check {shown}`",
            counted(errors_after, "error")
        );
    }
    Ok(Outcome::Clean)
}

fn count_errors(document: &PlanDocument) -> usize {
    document
        .diagnostics()
        .iter()
        .filter(|d| d.severity() == Severity::Error)
        .count()
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
                    Err((_, error)) => {
                        writeln!(out, "{}", crate::text::printable(&error.to_string()))?
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
            serde_json::to_writer_pretty(&mut *out, &JsonReport { files })?;
            writeln!(out)?;
        }
    }
    Ok(outcome)
}

/// From this size of plan text on (about 1,200 goals), `export` frees the
/// document on another thread while it renders.
const LARGE_PLAN_BYTES: usize = 1 << 20;

/// What `export` is asked to make, and where it goes.
#[derive(Debug, Clone)]
pub struct ExportRequest {
    /// The format.
    pub format: Format,
    /// The file (or for CSV the directory) to write; standard output when
    /// `None`.
    pub output: Option<PathBuf>,
    /// The template, the CSV table or the Decidim table.
    pub options: Options,
}

/// The `--decidim` options: the locale checked, each `STATUS=ID` parsed.
fn decidim_options(locale: &str, status_ids: &[String]) -> anyhow::Result<Decidim> {
    let locale_ok = !locale.is_empty()
        && locale
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_'));
    if !locale_ok {
        bail!(
            "`{}` is not a locale: write it as Decidim does, e.g. `en`, `ca` or `pt-BR`",
            crate::text::printable(locale)
        );
    }
    let mut parsed = Vec::new();
    for pair in status_ids {
        let shown = crate::text::printable(pair);
        let Some((word, id)) = pair.split_once('=') else {
            bail!("`{shown}`: write --status-id as STATUS=ID, e.g. `in-progress=2`");
        };
        let Some(status) = GoalStatus::parse_keyword(word.trim()) else {
            bail!(
                "`{}` is not a goal status; the statuses are {}",
                crate::text::printable(word.trim()),
                GoalStatus::word_list()
            );
        };
        let id = id.trim();
        if id.is_empty() || !id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
            bail!("`{shown}`: a Decidim status id is a number or a key, e.g. `2`");
        }
        parsed.push((status, id.to_owned()));
    }
    Ok(Decidim {
        locale: locale.to_owned(),
        status_ids: parsed,
    })
}

/// `commonplan export`: load the plan, build its report, render it and
/// write it where `request` says (or to `out`).
///
/// A plan with errors is exported all the same, its diagnostics in the
/// report; a plan that cannot be read or parsed is not (exit 2 or 1).
pub fn export_plan(
    path: &Path,
    request: &ExportRequest,
    today: Date,
    out: &mut dyn Write,
) -> anyhow::Result<Outcome> {
    let shown = crate::text::printable(&path.display().to_string()).into_owned();
    let writes_directory = request.options.writes_directory(request.format);
    if writes_directory && request.output.is_none() {
        bail!(
            "CSV writes one file per table: name a directory with --output DIR, \
             or one table for standard output with --table goals"
        );
    }
    if let Some(output) = &request.output {
        let shown_output = crate::text::printable(&output.display().to_string()).into_owned();
        if writes_directory && output.is_file() {
            bail!("{shown_output} is a file; CSV writes its tables into a directory");
        }
        if !writes_directory && output.is_dir() {
            bail!("{shown_output} is a directory; name the file to write");
        }
    }
    let document = match open_plan(path, today) {
        Ok(file) => file.into_document(),
        Err(outcome) => {
            eprintln!("note: nothing exported");
            return Ok(outcome);
        }
    };
    let report = Report::of_document(&document, &path.display().to_string(), today);
    // The report holds all it needs from the document. A large document's
    // tree takes a tenth of a second to free: free it on the other core
    // while this one renders. A small one is freed at once, as a thread
    // costs more than it saves.
    if document.text().len() < LARGE_PLAN_BYTES {
        drop(document);
        write_export(&report, request, out)?;
    } else {
        std::thread::scope(|scope| {
            scope.spawn(move || drop(document));
            write_export(&report, request, out)
        })?;
    }
    if report.summary.errors > 0 {
        eprintln!(
            "note: {shown} has {}; the report lists them (see `commonplan check {shown}`)",
            counted(report.summary.errors, "error")
        );
    }
    Ok(Outcome::Clean)
}

/// Render `report` as `request` asks and write it: to its `--output`, or to
/// `out`.
fn write_export(
    report: &Report,
    request: &ExportRequest,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let output = match crate::export::render(report, request.format, &request.options) {
        Ok(output) => output,
        Err(error) => bail!("{}", crate::text::printable_lines(&error.to_string())),
    };
    match (&request.output, &output) {
        (Some(target), output) => {
            let written = output.write_to(target)?;
            let shown = crate::text::printable(&target.display().to_string()).into_owned();
            match written.len() {
                1 => eprintln!("wrote {shown}"),
                n => eprintln!("wrote {n} tables in {shown}"),
            }
        }
        (None, Output::Text(text)) => out.write_all(text.as_bytes())?,
        (None, Output::Files(_)) => {
            bail!("CSV writes one file per table: name a directory with --output DIR")
        }
    }
    Ok(())
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
