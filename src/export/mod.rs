//! Reports: the plan as Markdown, HTML, JSON, CSV and iCalendar.
//!
//! Every format reads one [`Report`], built once from the plan (references
//! resolved, defaults filled in, figures derived, text cleaned of control
//! characters). Each exporter then escapes for its own format; none chooses
//! where its output goes, which is the caller's (the command line's
//! `--output`, the UI's prompt). Like `validate` and `progress`, this module
//! is pure: it takes data and returns text.

pub mod csv;
pub mod html;
pub mod ical;
pub mod json;
pub mod markdown;
pub mod report;
mod template;

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

/// Why an export could not be made.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// A template did not parse or failed while rendering.
    #[error("{0}")]
    Template(String),
}
