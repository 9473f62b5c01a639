//! Merging the file's change on disk into unsaved edits: base = the file as
//! last read or written, ours = the document with its edits, theirs = the
//! file now, by the one merge engine ([`crate::history::merge`]).
//!
//! A plan file that holds conflict markers already (left by `git merge`)
//! opens the same way ([`PlanFile::open_conflicted`]): the document shows
//! our side of each conflict until they are resolved.
//!
//! A clean merge becomes the document at once. A merge with conflicts
//! changes nothing yet: it hands back a [`PendingMerge`] holding the merged
//! text with its conflict markers, resolved one conflict at a time
//! ([`PendingMerge::resolve`]), and adopted whole when none is left
//! ([`PlanFile::adopt_merge`]). Either way the document then stands on the
//! file as it is now: saving writes the merge over it without asking, and
//! the history starts afresh (the edits before the merge are in the
//! merge).

use super::*;
use crate::document::{Conflict, Resolution, find_conflicts, resolve};
use crate::history::merge::{MergeError, MergeOptions, merge};

/// What merging the change on disk did.
#[derive(Debug)]
#[must_use]
pub enum DiskMerge {
    /// The file holds what was last read or written: nothing to merge.
    NothingNew,
    /// Both merged cleanly: the document holds them, not saved yet.
    Merged,
    /// Some changes conflict: nothing changed yet; resolve them.
    Conflicts(PendingMerge),
}

/// A merge with conflicts left to resolve.
#[derive(Debug, Clone)]
pub struct PendingMerge {
    /// The merged text, with the conflict markers of what is unresolved.
    pub text: String,
    /// The unresolved conflicts of `text`, in order.
    pub conflicts: Vec<Conflict>,
    /// The file as it is now (theirs), and its stamp.
    theirs: Vec<u8>,
    stamp: DiskStamp,
    /// Where the conflicts come from.
    pub source: MergeSource,
}

/// Where a merge's conflicts come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MergeSource {
    /// The file changed on disk under unsaved edits.
    DiskChange,
    /// The file holds conflict markers (a `git merge` left them).
    FileMarkers,
}

/// Why a merge could not be made.
#[derive(Debug, Error)]
pub enum MergeFailure {
    /// The file could not be read.
    #[error(transparent)]
    File(#[from] FileError),
    /// A version is not a plan the merge can take (the file no longer
    /// parses, say).
    #[error(transparent)]
    NotAPlan(#[from] MergeError),
    /// The resolved text does not load.
    #[error("the merged plan does not load: {0}")]
    DoesNotLoad(String),
}

impl PendingMerge {
    /// Resolve the first conflict left as `resolution` says.
    pub fn resolve(&mut self, resolution: Resolution<'_>) {
        let Some(first) = self.conflicts.first() else {
            return;
        };
        self.text = resolve(&self.text, first, resolution);
        // Spans after the resolved block have moved: find them again.
        self.conflicts = find_conflicts(&self.text);
    }

    /// Whether every conflict is resolved.
    pub fn is_resolved(&self) -> bool {
        self.conflicts.is_empty()
    }
}

impl PlanFile {
    /// Merge the change made to the file on disk into the unsaved edits.
    pub fn merge_from_disk(&mut self, today: Date) -> Result<DiskMerge, MergeFailure> {
        let path = self.path.clone().ok_or(FileError::NoPath)?;
        let (theirs, stamp) = disk::read_plan_file(&path).map_err(FileError::from)?;
        if theirs == self.disk_bytes {
            return Ok(DiskMerge::NothingNew);
        }
        let ours = self.to_bytes();
        let options = MergeOptions {
            today,
            ..MergeOptions::default()
        };
        let merged = merge(&self.disk_bytes, &ours, &theirs, &options)?;
        let text = String::from_utf8(merged.bytes)
            .map_err(|_| MergeFailure::DoesNotLoad("the merge is not UTF-8".to_owned()))?;
        let pending = PendingMerge {
            conflicts: find_conflicts(&text),
            text,
            theirs,
            stamp,
            source: MergeSource::DiskChange,
        };
        if merged.conflicts.is_empty() && pending.is_resolved() {
            self.adopt_merge(pending, today)?;
            Ok(DiskMerge::Merged)
        } else {
            Ok(DiskMerge::Conflicts(pending))
        }
    }

    /// Open a plan file that holds conflict markers: the plan with our side
    /// of every conflict as its document (unsaved, for the file holds the
    /// markers), and the conflicts to resolve. `None` when the file has no
    /// markers, or when even our side does not load (then the file's own
    /// diagnostics say why).
    pub fn open_conflicted(path: &Path, today: Date) -> Option<(PlanFile, PendingMerge)> {
        let (bytes, stamp) = disk::read_plan_file(path).ok()?;
        let text = String::from_utf8(bytes.clone()).ok()?;
        let conflicts = find_conflicts(&text);
        if conflicts.is_empty() {
            return None;
        }
        let mut ours = text.clone();
        while let Some(first) = find_conflicts(&ours).first() {
            ours = resolve(&ours, first, Resolution::Ours);
        }
        let document = PlanDocument::load(ours.as_bytes(), today).ok()?;
        let mut file =
            PlanFile::with_file(document, path.to_path_buf(), stamp.clone(), bytes.clone());
        file.saved_version = u64::MAX;
        let pending = PendingMerge {
            text,
            conflicts,
            theirs: bytes,
            stamp,
            source: MergeSource::FileMarkers,
        };
        Some((file, pending))
    }

    /// Make a merge with every conflict resolved the document: unsaved
    /// unless it is what the file holds, with a fresh history.
    pub fn adopt_merge(&mut self, merge: PendingMerge, today: Date) -> Result<(), MergeFailure> {
        if !merge.is_resolved() {
            return Err(MergeFailure::DoesNotLoad(format!(
                "{} conflicts are unresolved",
                merge.conflicts.len()
            )));
        }
        let path = self.path.clone().ok_or(FileError::NoPath)?;
        let document = PlanDocument::load(merge.text.as_bytes(), today)
            .map_err(|failure| MergeFailure::DoesNotLoad(failure.diagnostic.message.clone()))?;
        let same_as_disk = document.to_bytes() == merge.theirs;
        let mut merged = PlanFile::with_file(document, path, merge.stamp, merge.theirs);
        if !same_as_disk {
            // What the file holds is not this text: unsaved, and no undo
            // step leads back to it.
            merged.saved_version = u64::MAX;
        }
        *self = merged;
        Ok(())
    }
}
