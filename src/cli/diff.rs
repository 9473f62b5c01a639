//! `commonplan diff`: what changed between two versions of a plan, in plan
//! terms, with diff(1)'s exit codes (0 the same, 1 different, 2 trouble).
//!
//! A version is a file, or a git revision of the plan file read with
//! `git show REV:./NAME` in the file's own directory (so in its own
//! repository): `--since HEAD~3`, `--since main`, `--since 2025-02-11` (the
//! last commit of the file before that day began), `--since FILE`. The two
//! versions are read only as far as
//! the typed plan ([`PlanDocument::read_plan`]): a diff needs neither
//! validation nor an editable document. A version that is not a plan this
//! program reads (not UTF-8, not TOML, no `format`) is compared with the
//! other as text, a unified line diff, after a note saying why.
//!
//! `--textconv FILE` (hidden) is what git's diff driver runs: it prints the
//! plan's [`listing`], or the file as it is when it is not a plan.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use clap::{Args, ValueEnum};
use serde::Serialize;

use super::{Outcome, shown};
use crate::diagnostic::LineIndex;
use crate::document::{LoadFailure, PlanDocument};
use crate::history::diff::{PlanDiff, diff, listing, to_text};
use crate::history::revision::{Version, earlier_version, read_file};
use crate::model::Plan;
use crate::text::Shown;
use crate::text::json_text;

/// Arguments of `commonplan diff`.
#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The plan before; with --since, the plan now (compared with its
    /// earlier version).
    #[arg(value_name = "OLD", required_unless_present = "textconv")]
    pub old: Option<PathBuf>,
    /// The plan after.
    #[arg(value_name = "NEW", conflicts_with = "since")]
    pub new: Option<PathBuf>,
    /// Compare the plan with an earlier version of it: a git revision
    /// (`HEAD~3`, a branch, a commit), a date (`2025-02-11`: the last
    /// commit of the plan before that day) or another file.
    #[arg(long, value_name = "REV|DATE|FILE")]
    pub since: Option<String>,
    /// Print the changes as text for people or as JSON for tools.
    #[arg(long, value_enum, default_value_t = DiffFormat::Text)]
    pub format: DiffFormat,
    /// Print FILE as one line per field, for git to compare (the textconv
    /// of the diff driver `commonplan git setup` writes).
    #[arg(long, value_name = "FILE", hide = true, conflicts_with_all = ["old", "since"])]
    pub textconv: Option<PathBuf>,
}

/// How `diff` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiffFormat {
    /// One line per change, grouped by item.
    Text,
    /// One JSON document.
    Json,
}

/// Run `commonplan diff`.
pub(super) fn run(args: DiffArgs, out: &mut dyn Write) -> anyhow::Result<Outcome> {
    if let Some(file) = &args.textconv {
        return textconv(file, out);
    }
    let old_arg = args.old.as_deref().context("name the plans to compare")?;
    let (old, new) = match (&args.new, &args.since) {
        (Some(new), None) => (read_file(old_arg)?, read_file(new)?),
        (None, Some(since)) => (earlier_version(old_arg, since)?, read_file(old_arg)?),
        _ => bail!(
            "give the plan after (`commonplan diff OLD NEW`) or an earlier version \
             (`commonplan diff PLAN --since REV|DATE|FILE`)"
        ),
    };
    // One after the other: two reads on two threads measured slower on a
    // shared two-core machine (docs/performance.md, *Diff*).
    let (old_plan, new_plan) = (
        PlanDocument::read_plan(&old.bytes),
        PlanDocument::read_plan(&new.bytes),
    );
    let same = match (old_plan, new_plan) {
        (Ok(old_plan), Ok(new_plan)) => plans(&old, &new, &old_plan, &new_plan, args.format, out)?,
        (old_plan, new_plan) => {
            let why = [(&old, old_plan.err()), (&new, new_plan.err())]
                .into_iter()
                .find_map(|(version, failure)| Some(note(version, &*failure?)))
                .unwrap_or_default();
            as_text(&old, &new, &why, args.format, out)?
        }
    };
    Ok(if same {
        Outcome::Clean
    } else {
        Outcome::Problems
    })
}

/// The JSON document `--format json` prints.
#[derive(Serialize)]
struct JsonDiff<'a> {
    old: &'a str,
    new: &'a str,
    same: bool,
    /// The diff in plan terms, when both versions are plans.
    plan: Option<&'a PlanDiff>,
    /// The line diff, when one is not.
    text: Option<TextDiff<'a>>,
}

#[derive(Serialize)]
struct TextDiff<'a> {
    note: &'a str,
    unified: String,
}

/// Print the diff of two plans; whether they are the same.
fn plans(
    old: &Version,
    new: &Version,
    old_plan: &Plan,
    new_plan: &Plan,
    format: DiffFormat,
    out: &mut dyn Write,
) -> anyhow::Result<bool> {
    let changes = diff(old_plan, new_plan);
    let same = changes.is_empty();
    match format {
        DiffFormat::Text => out.write_all(to_text(&changes).as_bytes())?,
        DiffFormat::Json => out.write_all(
            json_text(&JsonDiff {
                old: &old.label,
                new: &new.label,
                same,
                plan: Some(&changes),
                text: None,
            })
            .as_bytes(),
        )?,
    }
    Ok(same)
}

/// Print the line diff of two versions, one of which is not a plan, after
/// the note saying why; whether they are the same.
fn as_text(
    old: &Version,
    new: &Version,
    note: &str,
    format: DiffFormat,
    out: &mut dyn Write,
) -> anyhow::Result<bool> {
    let (was, is) = (
        String::from_utf8_lossy(&old.bytes),
        String::from_utf8_lossy(&new.bytes),
    );
    let same = old.bytes == new.bytes;
    let unified = similar::TextDiff::from_lines(was.as_ref(), is.as_ref())
        .unified_diff()
        .header(&old.label, &new.label)
        .to_string();
    match format {
        DiffFormat::Text => {
            writeln!(out, "{}", Shown::line(&format!("note: {note}")))?;
            out.write_all(Shown::lines(&unified).as_bytes())?;
        }
        DiffFormat::Json => out.write_all(
            json_text(&JsonDiff {
                old: &old.label,
                new: &new.label,
                same,
                plan: None,
                text: Some(TextDiff { note, unified }),
            })
            .as_bytes(),
        )?,
    }
    Ok(same)
}

/// Why a version is compared as text: `NEW.toml is not valid TOML (line
/// 4, column 7: …); compared as text`.
fn note(version: &Version, failure: &LoadFailure) -> String {
    let place = failure
        .diagnostic
        .span
        .as_ref()
        .map(|span| {
            let at = LineIndex::new(&failure.text).line_col(span.start);
            format!(" (line {}, column {})", at.line, at.column)
        })
        .unwrap_or_default();
    let message = failure.diagnostic.message.trim_end();
    format!(
        "{} is not a plan this program reads{place}: {message}; compared as text",
        version.label
    )
}

/// `--textconv FILE`: the plan's listing, or the file as it is.
fn textconv(file: &Path, out: &mut dyn Write) -> anyhow::Result<Outcome> {
    let bytes = std::fs::read(file).with_context(|| format!("cannot read {}", shown(file)))?;
    match PlanDocument::read_plan(&bytes) {
        Ok(plan) => out.write_all(listing(&plan).as_bytes())?,
        Err(_) => out.write_all(&bytes)?,
    }
    Ok(Outcome::Clean)
}
