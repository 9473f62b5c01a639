//! The editing commands — `set`, `add`, `remove`, `move`, `measure` — thin
//! over a [`PlanFile`]: each builds one [`Edit`] from its address and values
//! (`crate::edit::address`), applies it and saves by the session's one save
//! policy, or prints the change as a diff with `--dry-run`.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::Args;

use super::{Outcome, open_plan, shown};
use crate::diagnostic::Severity;
use crate::disk::DiskError;
use crate::document::PlanDocument;
use crate::edit::{self, Edit, EditError};
use crate::model::Date;
use crate::session::SaveOutcome;
use crate::text::counted;

/// The arguments of `set`.
#[derive(Debug, Args)]
pub struct SetArgs {
    /// The plan file.
    pub plan: PathBuf,
    /// What to set, e.g. `goals.short-food-chains.status`.
    pub path: String,
    /// The new value, parsed by the field's type.
    #[arg(required_unless_present = "unset", allow_hyphen_values = true)]
    pub value: Option<String>,
    /// Remove the field instead of setting it.
    #[arg(long, conflicts_with = "value")]
    pub unset: bool,
    /// Print the change as a diff and write nothing.
    #[arg(long)]
    pub dry_run: bool,
}

/// The arguments of `add`.
#[derive(Debug, Args)]
pub struct AddArgs {
    /// The plan file.
    pub plan: PathBuf,
    /// The collection: themes, actors, goals, partnerships, workshops.
    pub collection: String,
    /// The new item's fields, as KEY=VALUE.
    #[arg(required = true, value_name = "KEY=VALUE")]
    pub fields: Vec<String>,
    /// Print the change as a diff and write nothing.
    #[arg(long)]
    pub dry_run: bool,
}

/// The arguments of `remove`.
#[derive(Debug, Args)]
pub struct RemoveArgs {
    /// The plan file.
    pub plan: PathBuf,
    /// The item, e.g. `goals.commons-map` or `goals.commons-map.milestones.2`.
    pub item: String,
    /// Print the change as a diff and write nothing.
    #[arg(long)]
    pub dry_run: bool,
}

/// The arguments of `move`.
#[derive(Debug, Args)]
pub struct MoveArgs {
    /// The plan file.
    pub plan: PathBuf,
    /// The item, e.g. `goals.commons-map` or `goals.commons-map.indicators.2`.
    pub item: String,
    /// Its new position, counting from 1.
    pub position: usize,
    /// Print the change as a diff and write nothing.
    #[arg(long)]
    pub dry_run: bool,
}

/// The arguments of `measure`.
#[derive(Debug, Args)]
pub struct MeasureArgs {
    /// The plan file.
    pub plan: PathBuf,
    /// The indicator, e.g. `goals.short-food-chains.indicators.1`.
    pub indicator: String,
    /// The date of the measurement, YYYY-MM-DD.
    pub date: String,
    /// The value measured.
    #[arg(allow_hyphen_values = true)]
    pub value: String,
    /// Print the change as a diff and write nothing.
    #[arg(long)]
    pub dry_run: bool,
}

/// `set`: set a field, or remove it with `--unset`.
pub(super) fn set(args: SetArgs, out: &mut dyn Write) -> anyhow::Result<Outcome> {
    let value = if args.unset {
        None
    } else {
        args.value.as_deref()
    };
    edit_plan(&args.plan, args.dry_run, out, |document| {
        edit::set_edit(document.plan(), &args.path, value)
    })
}

/// `add`: add an item at the end of a collection.
pub(super) fn add(args: AddArgs, out: &mut dyn Write) -> anyhow::Result<Outcome> {
    edit_plan(&args.plan, args.dry_run, out, |_| {
        edit::add_edit(&args.collection, &args.fields)
    })
}

/// `remove`: remove an item with the comment lines before it.
pub(super) fn remove(args: RemoveArgs, out: &mut dyn Write) -> anyhow::Result<Outcome> {
    edit_plan(&args.plan, args.dry_run, out, |document| {
        edit::remove_edit(document.plan(), &args.item)
    })
}

/// `move`: move an item to a position in its collection.
pub(super) fn move_item(args: MoveArgs, out: &mut dyn Write) -> anyhow::Result<Outcome> {
    edit_plan(&args.plan, args.dry_run, out, |document| {
        edit::move_edit(document, &args.item, args.position)
    })
}

/// `measure`: record a measurement of an indicator.
pub(super) fn measure(args: MeasureArgs, out: &mut dyn Write) -> anyhow::Result<Outcome> {
    edit_plan(&args.plan, args.dry_run, out, |document| {
        edit::measure_edit(document.plan(), &args.indicator, &args.date, &args.value)
    })
}

/// Open a plan, make one edit, and save it (or print the diff).
fn edit_plan(
    path: &Path,
    dry_run: bool,
    out: &mut dyn Write,
    make: impl FnOnce(&PlanDocument) -> Result<Edit, EditError>,
) -> anyhow::Result<Outcome> {
    let shown = shown(path);
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
    let failure = match file.save() {
        Ok(SaveOutcome::Saved | SaveOutcome::Unchanged) => None,
        Ok(SaveOutcome::ChangedOnDisk) => Some(
            DiskError::ChangedOnDisk {
                path: path.to_path_buf(),
            }
            .to_string(),
        ),
        Err(error) => Some(error.to_string()),
    };
    if let Some(failure) = failure {
        eprintln!("error: {}", crate::text::printable(&failure));
        return Ok(Outcome::Failed);
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

/// How many errors a plan has.
fn count_errors(document: &PlanDocument) -> usize {
    document
        .diagnostics()
        .iter()
        .filter(|d| d.severity() == Severity::Error)
        .count()
}
