//! `commonplan export`: a plan as a report — Markdown, HTML, JSON, CSV or
//! iCalendar — to standard output or a file (or, for CSV, a directory).

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::document::PlanDocument;
use crate::history::diff::diff;
use crate::history::revision::earlier_version;
use anyhow::{Context, bail};
use clap::builder::TypedValueParser;
use clap::{Args, ValueEnum};

use super::{Outcome, open_plan, shown};
use crate::disk::WriteOptions;
use crate::export::csv::Table;
use crate::export::{Decidim, Format, Options, Output, Report};
use crate::model::{Date, GoalStatus, Keyword};
use crate::text::counted;

/// The arguments of `export`.
#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("what").required(true).args(["plan", "print_template"])))]
pub struct ExportArgs {
    /// The plan file.
    #[arg(value_name = "PLAN", requires = "format")]
    pub plan: Option<PathBuf>,
    /// The format.
    #[arg(long, short, value_name = "FORMAT", value_parser = export_format())]
    pub format: Option<Format>,
    /// Where to write: a file, or for CSV a directory (made if missing);
    /// `-` is standard output. A FIFO or a device is written as it is.
    #[arg(long, short, value_name = "PATH")]
    pub output: Option<PathBuf>,
    /// Replace an existing `.toml` file with the export, or write a file
    /// that is read-only for you.
    #[arg(long)]
    pub force: bool,
    /// CSV: this one table, to standard output or --output.
    #[arg(long, value_name = "TABLE", value_parser = csv_table(), conflicts_with = "decidim")]
    pub table: Option<Table>,
    /// CSV: the goals as Decidim Accountability results.
    #[arg(long)]
    pub decidim: bool,
    /// With --decidim: the locale of the title and description columns.
    #[arg(long, default_value = "en", requires = "decidim")]
    pub locale: String,
    /// With --decidim: the id of a Decidim status for a goal status, as
    /// STATUS=ID (`--status-id in-progress=2`); repeat for each status.
    /// A status without one leaves `status/id` empty.
    #[arg(long = "status-id", value_name = "STATUS=ID", requires = "decidim")]
    pub status_ids: Vec<String>,
    /// With --decidim: add N to every `id` and `parent/id`, for a component
    /// that already holds results (see the README, "Decidim").
    #[arg(long, value_name = "N", default_value_t = 0, requires = "decidim")]
    pub id_offset: u32,
    /// With --decidim: the column separator of the Decidim instance
    /// (DECIDIM_DEFAULT_CSV_COL_SEP), `;` unless it is configured otherwise.
    #[arg(long, value_name = "CHAR", default_value = ";", value_parser = crate::export::csv::decidim_separator, requires = "decidim")]
    pub csv_separator: u8,
    /// Markdown or HTML: the record of this one workshop alone (date,
    /// place, who took part, the dot tally, decisions, comments, notes),
    /// the handout after the meeting.
    #[arg(long, value_name = "ID", conflicts_with_all = ["table", "decidim"])]
    pub workshop: Option<String>,
    /// Markdown or HTML: the council brief instead of the whole report:
    /// the summary, the decisions needed, budgets and progress by theme,
    /// on one A4 page.
    #[arg(long, conflicts_with_all = ["table", "decidim", "workshop", "template"])]
    pub brief: bool,
    /// Markdown or HTML: add a section of what changed since an earlier
    /// version of the plan — a git revision (`HEAD~3`, a tag), a date (the
    /// last commit before it) or a file — as `commonplan diff` says it: the
    /// handout for "what happened since the last workshop".
    #[arg(long, value_name = "REV|DATE|FILE", conflicts_with_all = ["table", "decidim", "workshop", "brief"])]
    pub since: Option<String>,
    /// Markdown or HTML: render this minijinja template instead of the
    /// built-in one.
    #[arg(long, value_name = "FILE")]
    pub template: Option<PathBuf>,
    /// Print the built-in template of a report, to start one's own.
    #[arg(long, value_enum, value_name = "FORMAT", conflicts_with_all = ["plan", "format", "output", "template", "table", "decidim", "workshop", "brief"])]
    pub print_template: Option<TemplateFormat>,
}

/// Export as the arguments say, or print a built-in template.
pub(super) fn run(args: ExportArgs, out: &mut dyn Write) -> anyhow::Result<Outcome> {
    if let Some(which) = args.print_template {
        let template = match which {
            TemplateFormat::Markdown => crate::export::markdown::TEMPLATE,
            TemplateFormat::Html => crate::export::html::TEMPLATE,
        };
        write!(out, "{template}")?;
        return Ok(Outcome::Clean);
    }
    let (Some(plan), Some(format)) = (args.plan, args.format) else {
        bail!("name a plan and a --format, or use --print-template");
    };
    let decidim = if args.decidim {
        if args.status_ids.is_empty() {
            eprintln!(
                "note: no --status-id given, so status/id is left empty; \
                 map each goal status to the id of a status of your Decidim \
                 component, e.g. --status-id in-progress=2"
            );
        }
        Some(Decidim {
            id_offset: args.id_offset,
            separator: args.csv_separator,
            ..decidim_options(&args.locale, &args.status_ids)?
        })
    } else {
        None
    };
    let template = match args.template {
        Some(path) => {
            let source = fs::read_to_string(&path)
                .with_context(|| format!("cannot read the template {}", path.display()))?;
            Some((path.display().to_string(), source))
        }
        None => None,
    };
    let request = ExportRequest {
        format,
        // `-o -` is standard output.
        output: args.output.filter(|o| o.as_os_str() != "-"),
        force: args.force,
        since: args.since,
        options: Options {
            template,
            table: args.table,
            decidim,
            workshop: args.workshop,
            brief: args.brief,
        },
    };
    export_plan(&plan, &request, Date::today(), out)
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
    /// Replace an existing `.toml` file, or one read-only for us.
    pub force: bool,
    /// Markdown or HTML: the earlier version of the plan whose changes the
    /// report shows (`--since`).
    pub since: Option<String>,
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
        ..Decidim::default()
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
    let shown = shown(path);
    let writes_directory = request.options.writes_directory(request.format);
    if writes_directory && request.output.is_none() {
        bail!(
            "CSV writes one file per table: name a directory with --output DIR, \
             or one table for standard output with --table goals"
        );
    }
    if let Some(output) = &request.output {
        let shown_output = super::shown(output);
        if writes_directory && output.is_file() {
            bail!("{shown_output} is a file; CSV writes its tables into a directory");
        }
        if !writes_directory && output.is_dir() {
            bail!("{shown_output} is a directory; name the file to write");
        }
        let is_toml = output
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("toml"));
        if !writes_directory && is_toml && output.is_file() && !request.force {
            bail!(
                "{shown_output} exists and is a TOML file, perhaps a plan; \
                 replace it with the export with --force, or name another file"
            );
        }
    }
    let document = match open_plan(path, today) {
        Ok(file) => file.into_document(),
        Err(outcome) => {
            eprintln!("note: nothing exported");
            return Ok(outcome);
        }
    };
    let mut report = Report::of_document(&document, &path.display().to_string(), today);
    if let Some(since) = &request.since {
        if !matches!(request.format, Format::Markdown | Format::Html) {
            bail!("--since adds a section to the Markdown and HTML reports; choose one of them");
        }
        let earlier = earlier_version(path, since)?;
        let old = PlanDocument::read_plan(&earlier.bytes).map_err(|failure| {
            anyhow::anyhow!(
                "the plan at {} does not load ({}); compare it with `commonplan diff`",
                crate::text::Shown::line(since),
                failure.diagnostic.message.trim_end()
            )
        })?;
        report = report.with_changes(since, &diff(&old, document.plan()));
    }
    // The report holds all it needs from the document. A large document's
    // tree takes a tenth of a second to free: free it on the other core
    // while this one renders. A small one is freed at once, as a thread
    // costs more than it saves.
    if document.text().len() < LARGE_PLAN_BYTES {
        drop(document);
        write_export(&report, path, request, out)?;
    } else {
        std::thread::scope(|scope| {
            scope.spawn(move || drop(document));
            write_export(&report, path, request, out)
        })?;
    }
    if report.summary.errors > 0 {
        let them = if report.summary.errors == 1 {
            "it"
        } else {
            "them"
        };
        eprintln!(
            "note: {shown} has {}; the report lists {them} (see `commonplan check {shown}`)",
            counted(report.summary.errors, "error")
        );
    }
    Ok(Outcome::Clean)
}

/// Render `report` of the plan at `plan` as `request` asks and write it: to
/// its `--output` (never over the plan itself), or to `out`.
fn write_export(
    report: &Report,
    plan: &Path,
    request: &ExportRequest,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let output = match crate::export::render(report, request.format, &request.options) {
        Ok(output) => output,
        Err(error) => bail!("{}", crate::text::printable_lines(&error.to_string())),
    };
    match (&request.output, &output) {
        (Some(target), output) => {
            let options = WriteOptions {
                plan: Some(plan),
                force: request.force,
                ..WriteOptions::default()
            };
            let written = output.write_to_with(target, &options)?;
            let shown = super::shown(target);
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
