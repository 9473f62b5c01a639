//! The Markdown report: GitHub-flavoured Markdown that reads well on GitHub,
//! through pandoc, and as plain text.
//!
//! The report is a minijinja template compiled into the binary
//! ([`TEMPLATE`]); a user's own template renders over the same data. Every
//! value is escaped for Markdown (see `template`), so no raw HTML from the
//! plan reaches the output and table cells cannot break their table.

use minijinja::Value;
use minijinja::value::Serde;

use super::template::{self, Markup};
use super::{ExportError, Report};

/// The built-in template.
pub const TEMPLATE: &str = include_str!("templates/report.md");

/// The report as Markdown, from the built-in template or from `template`,
/// a user's own given as its name (for messages) and its source.
pub fn render(report: &Report, template: Option<(&str, &str)>) -> Result<String, ExportError> {
    match template {
        Some((name, source)) => {
            template::render(Markup::Markdown, name, source, Value::from(Serde(report)))
        }
        None => {
            let text = template::render(
                Markup::Markdown,
                "report.md",
                TEMPLATE,
                Value::from(Serde(report)),
            )?;
            Ok(single_blank_lines(&text))
        }
    }
}

/// `text` with every run of blank lines made one: the built-in template's
/// optional parts leave some behind, and Markdown reads them as one anyway.
fn single_blank_lines(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank = 0;
    for line in text.split_inclusive('\n') {
        if line.trim().is_empty() {
            blank += 1;
            if blank > 1 {
                continue;
            }
        } else {
            blank = 0;
        }
        out.push_str(line);
    }
    out
}
