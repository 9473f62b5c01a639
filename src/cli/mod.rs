//! The command line: clap's derive types, whose doc comments are the help
//! text, and one small file per subcommand over the library, as cargo's
//! `commands/`.
//!
//! This is the only module that uses clap. Each subcommand returns an
//! [`Outcome`] that `main` maps to the exit code: 0 when all is well, 1 when a
//! plan has errors (or warnings, when they are denied), 2 when the command
//! could not run at all. Standard output goes through [`QuietPipe`], so a
//! reader that goes away (`commonplan check … | head`) ends the output
//! quietly and the exit code stays what the command found.

mod check;
mod completions;
mod config;
mod diff;
mod edit;
mod export;
mod git;
mod merge;
mod new;
mod output;
mod schema;
mod ui;

#[cfg(test)]
mod tests;

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use clap::{Parser, Subcommand};

use crate::model::Date;
use crate::session::{OpenError, PlanFile};

pub use check::{CheckArgs, ColorChoice, OutputFormat, check};
pub use completions::CompletionsArgs;
pub use config::ConfigArgs;
pub use diff::{DiffArgs, DiffFormat};
pub use edit::{AddArgs, MeasureArgs, MoveArgs, RemoveArgs, SetArgs};
pub use export::{ExportArgs, ExportRequest, TemplateFormat, export_plan};
pub use git::{GitArgs, GitCommand, SetupArgs};
pub use merge::MergeArgs;
pub use new::{NewArgs, TEMPLATE, new_plan, template_for};
pub use output::{QuietPipe, error_message};
pub use schema::{SchemaArgs, schema};

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
    /// What the UI's Changes view (C) compares the plan with: a git
    /// revision, a date (the last commit before it) or a file. Without it,
    /// the last commit.
    #[arg(long, value_name = "REV|DATE|FILE")]
    pub since: Option<String>,
    /// Open the plan in the UI for editing even when another commonplan
    /// has it open (without it, the UI opens such a plan read-only).
    #[arg(long)]
    pub read_write: bool,
    /// What to do instead of opening the UI.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The subcommands; each one's arguments and code are in its own file.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check plans against the format and report every problem.
    ///
    /// Exits 0 when no plan has errors (warnings are printed), 1 when any
    /// plan has errors (or warnings, with --deny-warnings), 2 when a file
    /// cannot be read at all.
    Check(CheckArgs),
    /// Print the JSON Schema of the plan format, for editors.
    ///
    /// Save it next to your plans and put `#:schema ./commonplan.schema.json`
    /// on the first line of a plan: taplo and Even Better TOML then validate
    /// and complete it as you type. With --export, the schema of
    /// `commonplan export --format json` instead.
    Schema(SchemaArgs),
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
    Export(ExportArgs),
    /// Write a fresh plan from the annotated template.
    New(NewArgs),
    /// Set a field:
    /// `commonplan set plans/ghent.toml goals.short-food-chains.status in-progress`.
    ///
    /// PATH is `plan.FIELD` or `COLLECTION.ID.FIELD` (themes, actors, goals,
    /// partnerships, workshops); nested items by position after their
    /// collection: `goals.short-food-chains.indicators.1.target`. Setting an
    /// `id` renames it everywhere it is referenced. Lists are written
    /// comma-separated.
    Set(SetArgs),
    /// Add an item at the end of a collection:
    /// `commonplan add plans/ghent.toml goals id=repair-cafes "title=Repair cafés"`.
    ///
    /// Nested collections by the addresses `set` uses:
    /// `add plans/ghent.toml goals.community-energy.comments author=Ana "text=Start with schools"`,
    /// `add plans/ghent.toml workshops.review-2018-03.votes participant=Elif item=solar-roofs dots=1`
    /// (within the participant's dots). A list takes plain entries:
    /// `add plans/ghent.toml workshops.review-2018-03.participants Gert`.
    Add(AddArgs),
    /// Remove an item, with the comment lines before it:
    /// `commonplan remove plans/ghent.toml goals.temporary-use`.
    ///
    /// An item others refer to is refused, naming each reference; with
    /// --force it is removed and the references are listed, left naming
    /// nothing for you to mend (`check` reports them).
    Remove(RemoveArgs),
    /// Move an item to another position in its collection (1 is the first).
    Move(MoveArgs),
    /// Record a measurement of an indicator:
    /// `commonplan measure plans/ghent.toml goals.short-food-chains.indicators.1 2024-12-31 2150`.
    ///
    /// A date that already has a value is refused; --replace replaces it.
    Measure(MeasureArgs),
    /// What changed between two versions of a plan, in plan terms:
    /// `commonplan diff plans/ghent.toml --since HEAD~3`.
    ///
    /// OLD and NEW are files; with --since, PLAN is compared with an earlier
    /// version of it: a git revision, a date (the last commit before it) or
    /// a file. Exits 0 when the plans are the same, 1 when they differ, 2
    /// when they cannot be read, as diff(1). A version that does not parse
    /// is compared as text, after a note saying why.
    Diff(DiffArgs),
    /// Make git diff and merge plans in plan terms: `commonplan git setup`.
    Git(GitArgs),
    /// Merge two versions of a plan three ways, matching items by id; as
    /// git's merge driver:
    /// `commonplan merge --marker-size %L --path %P %O %A %B`.
    ///
    /// The result goes into OURS. Exits 0 when the merge is clean, 1 with
    /// conflicts (written between git's conflict markers and listed on
    /// standard error), 2 when it could not run. A file that is not a
    /// format-1 plan is merged as text by `git merge-file`.
    Merge(MergeArgs),
    /// Show where the terminal UI's config file is: `commonplan config --path`.
    ///
    /// The file sets the theme (`theme = "dark"`, `"light"` or `"mono"`) and
    /// rebinds keys under `[keys]`, by action name: `undo = "z"` or
    /// `quit = ["q", "ctrl-q"]`. The action names are those `?` lists in
    /// the UI, as printed by `commonplan config --actions`.
    Config(ConfigArgs),
    /// Print a shell completion script.
    Completions(CompletionsArgs),
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

/// Run a parsed command line, writing to standard output.
pub fn run(cli: Cli) -> anyhow::Result<Outcome> {
    let Some(command) = cli.command else {
        return ui::run(cli.plan, cli.since, cli.read_write);
    };
    let mut stdout = QuietPipe::new(std::io::stdout().lock());
    let outcome = match command {
        Command::Check(args) => check::run(args, &mut stdout),
        Command::Schema(args) => schema::run(&args, &mut stdout),
        Command::Export(args) => export::run(args, &mut stdout),
        Command::New(args) => new::run(&args, &mut stdout),
        Command::Set(args) => edit::set(args, &mut stdout),
        Command::Add(args) => edit::add(args, &mut stdout),
        Command::Remove(args) => edit::remove(args, &mut stdout),
        Command::Move(args) => edit::move_item(args, &mut stdout),
        Command::Measure(args) => edit::measure(args, &mut stdout),
        Command::Diff(args) => diff::run(args, &mut stdout),
        Command::Git(args) => git::run(args, &mut stdout),
        Command::Merge(args) => merge::run(args, &mut stdout),
        Command::Config(args) => config::run(&args, &mut stdout),
        Command::Completions(args) => completions::run(&args, &mut stdout),
    }?;
    stdout.flush()?;
    Ok(outcome)
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

/// A path as shown in messages: its control characters escaped.
fn shown(path: &Path) -> String {
    crate::text::printable(&path.display().to_string()).into_owned()
}
