//! Reports: the plan as Markdown, HTML, JSON, CSV and iCalendar.
//!
//! Every format reads one [`Report`], built once from the plan (references
//! resolved, defaults filled in, figures derived, text cleaned of control
//! characters). Each exporter then escapes for its own format; none chooses
//! where its output goes, which is the caller's (the command line's
//! `--output`, the UI's prompt). Like `validate` and `progress`, this module
//! is pure: it takes data and returns text. [`render`] is the one entry both
//! callers use: a format and its [`Options`] in, an [`Output`] out; where an
//! [`Output`] lands is written by [`Output::write_to`] through `disk`, so the
//! command line and the UI replace files the same way.

pub mod csv;
mod directory;
pub mod html;
pub mod ical;
pub mod json;
pub mod markdown;
pub mod report;
mod template;

pub use template::{USER_FUEL, USER_OUTPUT_BYTES};

use std::path::{Path, PathBuf};

use crate::disk::{self, DiskError, WriteOptions};
use crate::model::GoalStatus;

pub use report::Report;

/// The formats a plan can be exported to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// GitHub-flavoured Markdown: the report.
    Markdown,
    /// One self-contained HTML file: the report with charts.
    Html,
    /// The whole report as JSON.
    Json,
    /// One table per collection.
    Csv,
    /// Milestones and partnership dates as iCalendar events.
    Ics,
}

impl Format {
    /// Every format, in the order menus list them.
    pub const ALL: [Format; 5] = [
        Format::Markdown,
        Format::Html,
        Format::Json,
        Format::Csv,
        Format::Ics,
    ];

    /// The name the command line and the UI use.
    pub fn name(self) -> &'static str {
        match self {
            Format::Markdown => "markdown",
            Format::Html => "html",
            Format::Json => "json",
            Format::Csv => "csv",
            Format::Ics => "ics",
        }
    }

    /// The format of that name, if there is one.
    pub fn from_name(name: &str) -> Option<Format> {
        Format::ALL.into_iter().find(|f| f.name() == name)
    }

    /// How a person calls it.
    pub fn label(self) -> &'static str {
        match self {
            Format::Markdown => "Markdown",
            Format::Html => "HTML",
            Format::Json => "JSON",
            Format::Csv => "CSV",
            Format::Ics => "iCalendar",
        }
    }

    /// Whether the report can come from a template of one's own.
    pub fn takes_template(self) -> bool {
        matches!(self, Format::Markdown | Format::Html)
    }

    /// The file name extension of its output; CSV writes a directory.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Markdown => "md",
            Format::Html => "html",
            Format::Json => "json",
            Format::Csv => "csv",
            Format::Ics => "ics",
        }
    }
}

/// The results table for Decidim's Accountability component.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decidim {
    /// The locale of the `title/<locale>` and `description/<locale>` columns.
    pub locale: String,
    /// The Decidim status id of each goal status; an unmapped status leaves
    /// `status/id` empty.
    pub status_ids: Vec<(GoalStatus, String)>,
    /// Added to every `id` and `parent/id` (1 to n without it), for a
    /// component that already holds results.
    pub id_offset: u32,
    /// The column separator, the instance's `DECIDIM_DEFAULT_CSV_COL_SEP`:
    /// [`csv::DECIDIM_SEPARATOR`] (`;`) unless it is configured otherwise.
    pub separator: u8,
}

impl Default for Decidim {
    /// Titles in English, no status mapped, ids from 1, `;` between columns.
    fn default() -> Decidim {
        Decidim {
            locale: "en".to_owned(),
            status_ids: Vec::new(),
            id_offset: 0,
            separator: csv::DECIDIM_SEPARATOR,
        }
    }
}

/// What an export makes besides its format.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// A template of one's own for Markdown or HTML: its name, for
    /// messages, and its source.
    pub template: Option<(String, String)>,
    /// For CSV: this one table, instead of a directory of all of them.
    pub table: Option<csv::Table>,
    /// For CSV: the Decidim results table, instead of the plan's tables.
    pub decidim: Option<Decidim>,
    /// For Markdown and HTML: the record of this one workshop (by id)
    /// alone, instead of the whole report.
    pub workshop: Option<String>,
    /// For Markdown and HTML: the council brief (the summary, the
    /// decisions needed, budgets and progress on one A4 page) instead of
    /// the whole report.
    pub brief: bool,
}

impl Options {
    /// Whether an export in `format` with these options makes files for a
    /// directory (every CSV table) rather than one text.
    pub fn writes_directory(&self, format: Format) -> bool {
        format == Format::Csv && self.table.is_none() && self.decidim.is_none() && !self.brief
    }
}

/// The built-in templates of the reports, which run without the bounds a
/// user's template runs within (see `template`).
const BUILT_IN_TEMPLATES: [&str; 4] = [
    markdown::TEMPLATE,
    markdown::BRIEF_TEMPLATE,
    html::TEMPLATE,
    html::BRIEF_TEMPLATE,
];

/// What an export made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Output {
    /// One text: a file, or standard output.
    Text(String),
    /// Several files, by name, for a directory: the CSV tables.
    Files(Vec<(String, String)>),
}

impl Output {
    /// Write to `path`: a text as that file, files into that directory
    /// (made when missing, and taken away again when a file then cannot be
    /// written). Each file is replaced atomically, as a save
    /// replaces a plan: the old text or the new one, never half of it; a
    /// FIFO or a device is written as it is. Returns the files written.
    pub fn write_to(&self, path: &Path) -> Result<Vec<PathBuf>, DiskError> {
        self.write_to_with(path, &WriteOptions::default())
    }

    /// [`Output::write_to`], with `options` for each file: the plan the
    /// report was made from, which is never replaced, and whether to write
    /// a file that is read-only for us. Every file is written as an output
    /// (see [`WriteOptions::output`]).
    pub fn write_to_with(
        &self,
        path: &Path,
        options: &WriteOptions<'_>,
    ) -> Result<Vec<PathBuf>, DiskError> {
        let options = WriteOptions {
            output: true,
            ..*options
        };
        match self {
            Output::Text(text) => {
                disk::write_with(path, text.as_bytes(), &options)?;
                Ok(vec![path.to_path_buf()])
            }
            Output::Files(files) => directory::write_files(path, files, &options),
        }
    }
}

/// The report in `format`, as `options` ask.
///
/// Options that do not fit the format are refused: a template for anything
/// but Markdown and HTML, a table or Decidim for anything but CSV, and both
/// a table and Decidim at once.
pub fn render(report: &Report, format: Format, options: &Options) -> Result<Output, ExportError> {
    let misfit = |what: &str, fits: &str| {
        Err(ExportError::Options(format!(
            "{what} is for {fits}, not {}",
            format.label()
        )))
    };
    if options.template.is_some() && !format.takes_template() {
        return misfit("a template", "Markdown and HTML");
    }
    if format != Format::Csv {
        if options.table.is_some() {
            return misfit("a table", "CSV");
        }
        if options.decidim.is_some() {
            return misfit("the Decidim table", "CSV");
        }
    }
    if options.brief {
        return brief(report, format, options);
    }
    if let Some(id) = &options.workshop {
        return workshop_record(report, id, format, options);
    }
    let template = options
        .template
        .as_ref()
        .map(|(name, source)| (name.as_str(), source.as_str()));
    Ok(match format {
        Format::Markdown => Output::Text(markdown::render(report, template)?),
        Format::Html => Output::Text(html::render(report, template)?),
        Format::Json => Output::Text(json::render(report)),
        Format::Ics => Output::Text(ical::calendar(report)),
        Format::Csv => match (options.table, &options.decidim) {
            (Some(_), Some(_)) => {
                return Err(ExportError::Options(
                    "choose one table or the Decidim table, not both".to_owned(),
                ));
            }
            (None, Some(d)) => Output::Text(csv::decidim_results(report, d)),
            (Some(table), None) => Output::Text(csv::table(report, table)),
            (None, None) => Output::Files(
                csv::tables(report)
                    .into_iter()
                    .map(|(table, text)| (table.file_name(), text))
                    .collect(),
            ),
        },
    })
}

/// The council brief, in Markdown or HTML.
fn brief(report: &Report, format: Format, options: &Options) -> Result<Output, ExportError> {
    let refuse = |message: String| Err(ExportError::Options(message));
    match format {
        _ if options.workshop.is_some() => {
            refuse("choose the brief or one workshop's record, not both".to_owned())
        }
        _ if options.template.is_some() => refuse(
            "the brief has its own one-page layout; a template is for the whole report".to_owned(),
        ),
        Format::Markdown => Ok(Output::Text(markdown::brief(report)?)),
        Format::Html => Ok(Output::Text(html::brief(report)?)),
        _ => refuse(format!(
            "the brief is made in Markdown or HTML, not {}; \
             use --format markdown or --format html",
            format.label()
        )),
    }
}

/// The record of workshop `id` alone, in Markdown or HTML: the handout
/// after the meeting.
fn workshop_record(
    report: &Report,
    id: &str,
    format: Format,
    options: &Options,
) -> Result<Output, ExportError> {
    if !matches!(format, Format::Markdown | Format::Html) {
        return Err(ExportError::Options(format!(
            "a workshop's record is made in Markdown or HTML, not {}",
            format.label()
        )));
    }
    if options.table.is_some() || options.decidim.is_some() {
        return Err(ExportError::Options(
            "a table is for CSV, not a workshop's record".to_owned(),
        ));
    }
    let Some(workshop) = report.workshops.iter().find(|w| w.id == id) else {
        let ids: Vec<&str> = report.workshops.iter().map(|w| w.id.as_str()).collect();
        let known = if ids.is_empty() {
            "the plan has no workshops".to_owned()
        } else {
            format!("its workshops are {}", ids.join(", "))
        };
        return Err(ExportError::Options(format!(
            "the plan has no workshop `{}`; {known}",
            crate::text::printable(id)
        )));
    };
    let record = Report {
        workshops: vec![workshop.clone()],
        ..report.clone()
    };
    let template = options
        .template
        .as_ref()
        .map(|(name, source)| (name.as_str(), source.as_str()));
    Ok(Output::Text(match format {
        Format::Html => html::record(&record, template)?,
        _ => markdown::record(&record, template)?,
    }))
}

/// Why an export could not be made.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// A template did not parse or failed while rendering.
    #[error("{0}")]
    Template(String),
    /// The options asked for something the format does not make.
    #[error("{0}")]
    Options(String),
}
