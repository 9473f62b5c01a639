//! The editing commands — `set`, `add`, `remove`, `move`, `measure` — thin
//! over a [`PlanFile`]: each builds one [`Edit`] from its address and values
//! (`crate::edit::address`), applies it and saves by the session's one save
//! policy, or prints the change as a diff with `--dry-run`.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use clap::Args;

use super::{Outcome, open_plan, shown};
use crate::diagnostic::Severity;
use crate::disk::DiskError;
use crate::document::PlanDocument;
use crate::edit::{self, Edit, EditError};
use crate::model::Date;
use crate::session::{EditSaveError, FileError, SaveOutcome};
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
    /// Write the plan even though it is read-only for you.
    #[arg(long)]
    pub force: bool,
}

/// The arguments of `add`.
#[derive(Debug, Args)]
pub struct AddArgs {
    /// The plan file.
    pub plan: PathBuf,
    /// Where to add: a collection (themes, actors, goals, partnerships,
    /// workshops), a nested one by address (`goals.ID.indicators`,
    /// `goals.ID.milestones`, `goals.ID.comments`, `partnerships.ID.parties`,
    /// `partnerships.ID.contributions`, `workshops.ID.votes`), or a list
    /// (`workshops.ID.participants`, `partnerships.ID.goals`).
    #[arg(value_name = "PLACE")]
    pub collection: String,
    /// The new item's fields, as KEY=VALUE; for a list, the new entries.
    #[arg(required = true, value_name = "KEY=VALUE")]
    pub fields: Vec<String>,
    /// Print the change as a diff and write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Write the plan even though it is read-only for you.
    #[arg(long)]
    pub force: bool,
}

/// The arguments of `remove`.
#[derive(Debug, Args)]
pub struct RemoveArgs {
    /// The plan file.
    pub plan: PathBuf,
    /// The item, e.g. `goals.commons-map` or `goals.commons-map.milestones.2`.
    pub item: String,
    /// Remove it even when other items refer to it; those references are
    /// left as they are, naming nothing, and listed (`check` reports them).
    /// Also writes the plan even though it is read-only for you.
    #[arg(long)]
    pub force: bool,
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
    /// Write the plan even though it is read-only for you.
    #[arg(long)]
    pub force: bool,
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
    /// Replace the value already recorded on that date.
    #[arg(long)]
    pub replace: bool,
    /// Print the change as a diff and write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Write the plan even though it is read-only for you.
    #[arg(long)]
    pub force: bool,
}

/// `set`: set a field, or remove it with `--unset`.
pub(super) fn set(args: SetArgs, out: &mut dyn Write) -> anyhow::Result<Outcome> {
    let value = if args.unset {
        None
    } else {
        args.value.as_deref()
    };
    edit_plan(&args.plan, args.dry_run, args.force, out, |document| {
        edit::set_edit(document.plan(), &args.path, value)
    })
}

/// `add`: add an item at the end of a collection.
pub(super) fn add(args: AddArgs, out: &mut dyn Write) -> anyhow::Result<Outcome> {
    edit_plan(&args.plan, args.dry_run, args.force, out, |document| {
        edit::add_edit(document, &args.collection, &args.fields)
    })
}

/// `remove`: remove an item with the comment lines before it. An item
/// others refer to is refused, naming each reference, unless `--force`:
/// then it is removed, the references are left naming nothing, and listed.
pub(super) fn remove(args: RemoveArgs, out: &mut dyn Write) -> anyhow::Result<Outcome> {
    let mut dangling: Vec<String> = Vec::new();
    let outcome = edit_plan(&args.plan, args.dry_run, args.force, out, |document| {
        let edit = edit::remove_edit(document.plan(), &args.item)?;
        if let Edit::Remove { item } = &edit {
            let places: Vec<String> = edit::references_to(document, item)
                .into_iter()
                .map(|r| r.place)
                .collect();
            if !places.is_empty() && !args.force {
                return Err(EditError::Referenced {
                    item: edit::describe(document, item),
                    places,
                });
            }
            dangling = places;
        }
        Ok(edit)
    })?;
    if outcome == Outcome::Clean && !dangling.is_empty() {
        let now = if args.dry_run { "would" } else { "now" };
        eprintln!(
            "warning: {} {now} name{} nothing:",
            counted(dangling.len(), "reference"),
            if dangling.len() == 1 { "s" } else { "" }
        );
        for place in &dangling {
            eprintln!("  {}", crate::text::printable(place));
        }
    }
    Ok(outcome)
}

/// `move`: move an item to a position in its collection.
pub(super) fn move_item(args: MoveArgs, out: &mut dyn Write) -> anyhow::Result<Outcome> {
    edit_plan(&args.plan, args.dry_run, args.force, out, |document| {
        edit::move_edit(document, &args.item, args.position)
    })
}

/// `measure`: record a measurement of an indicator.
pub(super) fn measure(args: MeasureArgs, out: &mut dyn Write) -> anyhow::Result<Outcome> {
    edit_plan(&args.plan, args.dry_run, args.force, out, |document| {
        edit::measure_edit(
            document.plan(),
            &args.indicator,
            &args.date,
            &args.value,
            args.replace,
        )
    })
}

/// Open a plan, make one edit, and save it (or print the diff).
///
/// The save holds the plan's write lock (waiting for another writer, up to
/// [`crate::disk::WRITE_WAIT`]); when the plan changed on disk since it was
/// read, `make` makes the edit again on its new text, and a note says so.
/// A plan the user may not write is refused unless `force`.
fn edit_plan(
    path: &Path,
    dry_run: bool,
    force: bool,
    out: &mut dyn Write,
    mut make: impl FnMut(&PlanDocument) -> Result<Edit, EditError>,
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
        if let EditError::Referenced { .. } = &error {
            eprintln!(
                "note: change those first, or remove it anyway with --force \
                 (they will then name nothing)"
            );
        }
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
    if force {
        file.write_anyway();
    }
    let failure = match file.save_edit(Date::today(), &mut make) {
        Ok(saved) => {
            if saved.made_again {
                eprintln!(
                    "note: {shown} changed on disk since it was read; \
                     the edit was made again on its new text"
                );
            }
            match saved.outcome {
                SaveOutcome::Saved | SaveOutcome::Unchanged => None,
                SaveOutcome::ChangedOnDisk => Some(
                    DiskError::ChangedOnDisk {
                        path: path.to_path_buf(),
                    }
                    .to_string(),
                ),
            }
        }
        Err(EditSaveError::Open(error)) => {
            eprint!("{}", error.report(std::io::stderr().is_terminal()));
            eprintln!("note: {shown} changed on disk since it was read; the edit was not made");
            return Ok(Outcome::Failed);
        }
        Err(EditSaveError::File(FileError::Disk(error @ DiskError::ReadOnly { .. }))) => {
            eprintln!("error: {}", crate::text::printable(&error.to_string()));
            eprintln!("note: {shown} is unchanged; write it anyway with --force");
            return Ok(Outcome::Failed);
        }
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
