//! A plan on disk being worked on: [`PlanFile`] owns the plan's path, the
//! stamp of what the file held when it was last read or written, the
//! document and the history of edits.
//!
//! This is the one save policy, shared by the command line and the terminal
//! UI:
//!
//! - a save writes only when the text differs from the file as read or
//!   written last, atomically ([`disk::write_file`]);
//! - it never overwrites a file that changed on disk since it was read:
//!   that is [`SaveOutcome::ChangedOnDisk`], and the file is left as it is,
//!   until the person chooses to reload or to overwrite knowingly
//!   ([`PlanFile::save_overwriting`]);
//! - "unsaved" is exact: undoing every edit since a save leaves nothing
//!   unsaved, and a save that finds the text as the file has it records
//!   that too;
//! - a file that no longer parses on reload keeps the document as it was
//!   and records what is wrong ([`PlanFile::broken`]), so that nothing is
//!   lost while the file is being fixed;
//! - a plan we may not write, or that another commonplan has open for
//!   editing ([`PlanFile::claim_editing`]), is read-only
//!   ([`PlanFile::read_only`]): saves are refused until the person chooses
//!   to write anyway ([`PlanFile::write_anyway`]);
//! - one command's edit is saved under the plan's write lock, and made
//!   again on the file's new text when another writer changed it since it
//!   was read ([`PlanFile::save_edit`]), so that no writer's change is lost.
//!
//! It knows nothing of terminals or the command line; what to say about an
//! outcome is the caller's.

use std::path::{Path, PathBuf};

use thiserror::Error;

use crate::diagnostic::{SourceFile, render_human};
use crate::disk::{
    self, Claim, DiskError, DiskStamp, EditingLock, Holder, WriteLock, WriteOptions,
};
use crate::document::{LoadFailure, PlanDocument};
use crate::edit::{Edit, EditError, History};
use crate::model::Date;
use crate::text::printable;

/// A plan being worked on, and its file.
#[derive(Debug)]
pub struct PlanFile {
    /// Where the plan lives; `None` for a plan not saved to a file yet (the
    /// bundled example).
    path: Option<PathBuf>,
    /// The file as last read or written, to notice outside changes; `None`
    /// while the plan has no file.
    stamp: Option<DiskStamp>,
    /// The bytes last read or written.
    disk_bytes: Vec<u8>,
    /// The document: text, TOML tree, typed plan, diagnostics.
    document: PlanDocument,
    /// Undo and redo.
    history: History,
    /// The history's version when the document was last what the file holds.
    saved_version: u64,
    /// The file on disk no longer parses: what is wrong with it.
    broken: Option<Box<LoadFailure>>,
    /// Whether we may write the file (and its directory), as last looked.
    writable: bool,
    /// Our editing lock on the file, once claimed.
    editing: Option<EditingLock>,
    /// Another commonplan that had the plan open for editing when we
    /// claimed it.
    held_by: Option<Holder>,
    /// Write even though the plan is read-only here: the person chose to.
    write_anyway: bool,
}

/// Why a plan is read-only here.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadOnly {
    /// We have no permission to write the file or its directory.
    NoPermission,
    /// Another commonplan has it open for editing.
    OpenElsewhere(Holder),
}

/// What [`PlanFile::save_edit`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EditSaved {
    /// Saved, or unchanged.
    pub outcome: SaveOutcome,
    /// The file had changed on disk since it was read: it was read again
    /// and the edit made again on its new text.
    pub made_again: bool,
    /// Who held the write lock while we waited for it, when we had to.
    pub waited_for: Option<Holder>,
}

/// Why [`PlanFile::save_edit`] saved nothing.
#[derive(Debug, Error)]
pub enum EditSaveError {
    /// The file could not be written (or read again).
    #[error(transparent)]
    File(#[from] FileError),
    /// The file changed on disk and its new text does not parse.
    #[error(transparent)]
    Open(OpenError),
    /// The file changed on disk and the edit no longer applies to it.
    #[error("{} changed on disk, and on its new text: {error}", path.display())]
    Edit {
        /// The plan.
        path: PathBuf,
        /// Why the edit no longer applies.
        error: EditError,
    },
}

/// What a save did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[must_use]
pub enum SaveOutcome {
    /// The plan was written.
    Saved,
    /// The file already holds this text; nothing was written.
    Unchanged,
    /// The file changed on disk since it was read or written; nothing was
    /// written. Reload it, or overwrite it knowingly with
    /// [`PlanFile::save_overwriting`].
    ChangedOnDisk,
}

/// What a reload found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[must_use]
pub enum ReloadOutcome {
    /// The file was read and loaded; the history starts afresh.
    Reloaded,
    /// The file no longer parses: the document is kept as it was, and
    /// [`PlanFile::broken`] says what is wrong. Saving writes the document
    /// over the broken file.
    Broken,
}

/// Why a plan could not be opened.
#[derive(Debug, Error)]
pub enum OpenError {
    /// The file could not be read.
    #[error(transparent)]
    Read(DiskError),
    /// The file is not a TOML document (or not UTF-8).
    #[error("{} does not parse: {}", path.display(), failure.diagnostic.message)]
    Parse {
        /// The plan, as the caller named it.
        path: PathBuf,
        /// What is wrong, and the text it is wrong in.
        failure: Box<LoadFailure>,
    },
}

impl OpenError {
    /// The report for a person: `error: …` when the file could not be read,
    /// the problem with its source excerpt when it does not parse. Plan text
    /// in it is made printable; `styled` colours it.
    pub fn report(&self, styled: bool) -> String {
        match self {
            OpenError::Read(error) => format!("error: {}\n", printable(&error.to_string())),
            OpenError::Parse { path, failure } => {
                let name = printable(&path.display().to_string()).into_owned();
                let file = SourceFile {
                    name: &name,
                    text: &failure.text,
                };
                render_human(&file, std::slice::from_ref(&failure.diagnostic), styled)
            }
        }
    }
}

/// Why a save or a reload could not be made.
#[derive(Debug, Error)]
pub enum FileError {
    /// The plan has no file yet: save it to a path first.
    #[error("the plan has no file yet; save it to a path first")]
    NoPath,
    /// Saving to a new path would replace a file that is there, and
    /// replacing was not asked for.
    #[error("{} exists already", .0.display())]
    Exists(PathBuf),
    /// Another commonplan has the plan open for editing; write anyway
    /// ([`PlanFile::write_anyway`]) to save all the same.
    #[error("{} is open in another commonplan ({}); it is read-only here", path.display(), holder.describe())]
    OpenElsewhere {
        /// The plan.
        path: PathBuf,
        /// Who has it open.
        holder: Holder,
    },
    /// The file system refused.
    #[error(transparent)]
    Disk(#[from] DiskError),
}

impl PlanFile {
    /// Read and load the plan at `path`.
    pub fn open(path: &Path, today: Date) -> Result<PlanFile, OpenError> {
        let (bytes, stamp) = disk::read_plan_file(path).map_err(OpenError::Read)?;
        match PlanDocument::load(&bytes, today) {
            Ok(document) => Ok(PlanFile::with_file(
                document,
                path.to_path_buf(),
                stamp,
                bytes,
            )),
            Err(failure) => Err(OpenError::Parse {
                path: path.to_path_buf(),
                failure,
            }),
        }
    }

    /// A plan with no file yet (the bundled example): it is unsaved until
    /// [`PlanFile::save_as`] gives it one.
    pub fn unsaved(document: PlanDocument) -> PlanFile {
        PlanFile {
            path: None,
            stamp: None,
            disk_bytes: Vec::new(),
            document,
            history: History::new(),
            saved_version: 0,
            broken: None,
            writable: true,
            editing: None,
            held_by: None,
            write_anyway: false,
        }
    }

    /// A plan loaded from `bytes`, read from `path` with `stamp`.
    fn with_file(
        document: PlanDocument,
        path: PathBuf,
        stamp: DiskStamp,
        bytes: Vec<u8>,
    ) -> PlanFile {
        PlanFile {
            writable: disk::may_write(&path),
            path: Some(path),
            stamp: Some(stamp),
            disk_bytes: bytes,
            ..PlanFile::unsaved(document)
        }
    }

    /// Where the plan lives; `None` before its first save.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// The file's name (`ghent.toml`), or `None` before its first save.
    pub fn file_name(&self) -> Option<String> {
        let path = self.path.as_deref()?;
        Some(match path.file_name() {
            Some(name) => name.to_string_lossy().into_owned(),
            None => path.display().to_string(),
        })
    }

    /// The stamp of the file as last read or written; `None` before the
    /// first save.
    pub fn stamp(&self) -> Option<&DiskStamp> {
        self.stamp.as_ref()
    }

    /// The bytes the file held when last read or written (empty before the
    /// first save).
    pub fn disk_bytes(&self) -> &[u8] {
        &self.disk_bytes
    }

    /// The document: text, TOML tree, typed plan, diagnostics.
    pub fn document(&self) -> &PlanDocument {
        &self.document
    }

    /// The document, no longer to be saved (an export that only reads it).
    pub fn into_document(self) -> PlanDocument {
        self.document
    }

    /// The edits made, for their counts.
    pub fn history(&self) -> &History {
        &self.history
    }

    /// What is wrong with the file on disk, when a reload found it no longer
    /// parses; cleared by a reload that parses, or a save.
    pub fn broken(&self) -> Option<&LoadFailure> {
        self.broken.as_deref()
    }

    /// The bytes a save would write: the document with every edit.
    pub fn to_bytes(&self) -> Vec<u8> {
        self.document.to_bytes()
    }

    /// Find where each diagnostic is in the text (done on demand, as the
    /// problems list needs it); see [`PlanDocument::locate_diagnostics`].
    pub fn locate_diagnostics(&mut self) {
        self.document.locate_diagnostics();
    }

    /// Do the first edit's one-off work now, while idle; see
    /// [`PlanDocument::prepare_for_edit`].
    pub fn prepare_for_edit(&mut self) {
        self.document.prepare_for_edit();
    }

    /// Check `edit` and apply it, as one step of the history. A refused edit
    /// changes nothing.
    pub fn apply(&mut self, edit: &Edit) -> Result<(), EditError> {
        self.history.apply(&mut self.document, edit)
    }

    /// Apply `edits` in order as one step (a form that changed several
    /// fields); see [`History::apply_all`].
    pub fn apply_all(&mut self, edits: &[Edit]) -> Result<(), (usize, EditError)> {
        self.history.apply_all(&mut self.document, edits)
    }

    /// Undo the last edit; false when there is none.
    pub fn undo(&mut self) -> bool {
        self.history.undo(&mut self.document)
    }

    /// Redo the last undone edit; false when there is none.
    pub fn redo(&mut self) -> bool {
        self.history.redo(&mut self.document)
    }

    /// Whether there are edits not yet saved. Undoing back to the state last
    /// saved leaves none.
    pub fn is_dirty(&self) -> bool {
        self.history.version() != self.saved_version
    }

    /// Save to the plan's file, unless the file changed on disk since it was
    /// read or written (then nothing is written, and the outcome says so).
    /// Writes only when the text differs from what the file holds.
    pub fn save(&mut self) -> Result<SaveOutcome, FileError> {
        self.save_under(None)
    }

    /// [`PlanFile::save`], under the plan's write lock `lock` when the
    /// caller holds it.
    fn save_under(&mut self, lock: Option<&WriteLock>) -> Result<SaveOutcome, FileError> {
        let path = self.path.clone().ok_or(FileError::NoPath)?;
        let Some(stamp) = self.stamp.clone() else {
            return self.write(&path, None, lock);
        };
        if self.to_bytes() == self.disk_bytes {
            // The document is what the file holds: nothing to write, and
            // nothing unsaved.
            self.saved_version = self.history.version();
            return Ok(SaveOutcome::Unchanged);
        }
        self.write(&path, Some(&stamp), lock)
    }

    /// Save one command's edit, made with `remake` on the document, under
    /// the plan's write lock: other commonplans writing the plan wait, or
    /// are waited for (up to [`disk::WRITE_WAIT`]). When the file changed on
    /// disk since it was read, it is read again under the lock and the edit
    /// made again (by `remake`) on its new text, so that neither change is
    /// lost; [`EditSaved::made_again`] says so.
    pub fn save_edit(
        &mut self,
        today: Date,
        mut remake: impl FnMut(&PlanDocument) -> Result<Edit, EditError>,
    ) -> Result<EditSaved, EditSaveError> {
        let path = self.path.clone().ok_or(FileError::NoPath)?;
        let lock = WriteLock::acquire(&path).map_err(FileError::from)?;
        let waited_for = lock.waited_for().cloned();
        let outcome = self.save_under(Some(&lock))?;
        if outcome != SaveOutcome::ChangedOnDisk {
            return Ok(EditSaved {
                outcome,
                made_again: false,
                waited_for,
            });
        }
        let mut fresh = PlanFile::open(&path, today).map_err(EditSaveError::Open)?;
        fresh.write_anyway = self.write_anyway;
        fresh.held_by.clone_from(&self.held_by);
        let edit = remake(fresh.document()).map_err(|error| EditSaveError::Edit {
            path: path.clone(),
            error,
        })?;
        fresh.apply(&edit).map_err(|error| EditSaveError::Edit {
            path: path.clone(),
            error,
        })?;
        let outcome = fresh.save_under(Some(&lock))?;
        fresh.editing = self.editing.take();
        *self = fresh;
        Ok(EditSaved {
            outcome,
            made_again: true,
            waited_for,
        })
    }

    /// Save to the plan's file even when it changed on disk since it was
    /// read: the choice to overwrite the other change knowingly.
    pub fn save_overwriting(&mut self) -> Result<SaveOutcome, FileError> {
        let path = self.path.clone().ok_or(FileError::NoPath)?;
        self.write(&path, None, None)
    }

    /// Save to `path`, which becomes the plan's file (a first save of the
    /// example, or "save as"). A file already at `path` is replaced only
    /// when `replace` says so, and is otherwise [`FileError::Exists`]. When
    /// the save does not happen, the plan keeps the file it had. A plan
    /// claimed for editing ([`PlanFile::claim_editing`]) lets go of its old
    /// file and claims the new one.
    pub fn save_as(&mut self, path: PathBuf, replace: bool) -> Result<SaveOutcome, FileError> {
        let expected = match disk::read_plan_file(&path) {
            // What is there now may be replaced, and nothing newer.
            Ok((_, stamp)) if replace => Some(stamp),
            Ok(_) => return Err(FileError::Exists(path)),
            Err(_) if !replace && path.exists() => return Err(FileError::Exists(path)),
            Err(_) => None,
        };
        // Whoever holds the old file does not hold the new one.
        let held_by = self.held_by.take();
        let outcome = self.write(&path, expected.as_ref(), None);
        if !matches!(outcome, Ok(SaveOutcome::Saved)) {
            self.held_by = held_by;
            return outcome;
        }
        self.path = Some(path);
        if self.editing.take().is_some() {
            self.claim_editing()?;
        }
        outcome
    }

    /// Write the document to `path`, which must still be as `expected`
    /// (`None`: whatever is there, or nothing), under `lock` when the
    /// caller holds it.
    fn write(
        &mut self,
        path: &Path,
        expected: Option<&DiskStamp>,
        lock: Option<&WriteLock>,
    ) -> Result<SaveOutcome, FileError> {
        if let Some(holder) = &self.held_by
            && !self.write_anyway
        {
            return Err(FileError::OpenElsewhere {
                path: path.to_path_buf(),
                holder: holder.clone(),
            });
        }
        let bytes = self.to_bytes();
        let options = WriteOptions {
            expected,
            force: self.write_anyway,
            lock,
            ..WriteOptions::default()
        };
        match disk::write_with(path, &bytes, &options) {
            Ok(stamp) => {
                self.document.mark_saved(&bytes);
                self.stamp = Some(stamp);
                self.disk_bytes = bytes;
                self.saved_version = self.history.version();
                self.broken = None;
                self.writable = disk::may_write(path);
                Ok(SaveOutcome::Saved)
            }
            Err(DiskError::ChangedOnDisk { .. }) => Ok(SaveOutcome::ChangedOnDisk),
            Err(error) => Err(error.into()),
        }
    }

    /// Take the plan's "open for editing" lock, for as long as this
    /// `PlanFile` lives (or until [`PlanFile::release_editing`]): a terminal
    /// UI does, so that a second one knows. `Ok(None)` when the plan is
    /// ours to edit (or has no file yet); `Ok(Some(holder))` when another
    /// commonplan has it open: then the plan is read-only here
    /// ([`ReadOnly::OpenElsewhere`]) and saves are refused
    /// ([`FileError::OpenElsewhere`]) until [`PlanFile::write_anyway`]. A
    /// holder that is a process of this host that has ended does not count.
    pub fn claim_editing(&mut self) -> Result<Option<Holder>, DiskError> {
        let Some(path) = &self.path else {
            return Ok(None);
        };
        if self.editing.is_some() {
            return Ok(None);
        }
        match EditingLock::claim(path)? {
            Claim::Claimed(lock) => {
                self.editing = Some(lock);
                self.held_by = None;
                Ok(None)
            }
            Claim::HeldBy(holder) => {
                self.held_by = Some(holder.clone());
                Ok(Some(holder))
            }
        }
    }

    /// Let go of the editing lock, if held (a clean quit drops it too).
    pub fn release_editing(&mut self) {
        self.editing = None;
    }

    /// Whether this plan holds its editing lock.
    pub fn is_claimed(&self) -> bool {
        self.editing.is_some()
    }

    /// Whether saves are refused here: we may not write the file or its
    /// directory, or another commonplan has it open for editing; and the
    /// person has not chosen to write anyway. A UI shows `[RO]`.
    pub fn read_only(&self) -> bool {
        !self.write_anyway && self.read_only_reason().is_some()
    }

    /// Why the plan is read-only here, whether or not the person chose to
    /// write anyway. Permission is looked at on open, reload and save
    /// ([`PlanFile::refresh_access`] looks again).
    pub fn read_only_reason(&self) -> Option<ReadOnly> {
        if let Some(holder) = &self.held_by {
            return Some(ReadOnly::OpenElsewhere(holder.clone()));
        }
        (!self.writable).then_some(ReadOnly::NoPermission)
    }

    /// Look again whether we may write the plan's file.
    pub fn refresh_access(&mut self) {
        if let Some(path) = &self.path {
            self.writable = disk::may_write(path);
        }
    }

    /// Write even though the plan is read-only here (`--force`, or the
    /// person's choice in the UI): saves go ahead where the file system
    /// allows, past a lack of permission and another holder.
    pub fn write_anyway(&mut self) {
        self.write_anyway = true;
    }

    /// Read the plan from its file again, dropping the edits not saved and
    /// the history. A file that no longer parses keeps the document (see
    /// [`ReloadOutcome::Broken`]); a file that cannot be read changes
    /// nothing.
    pub fn reload(&mut self, today: Date) -> Result<ReloadOutcome, FileError> {
        let path = self.path.clone().ok_or(FileError::NoPath)?;
        let (bytes, stamp) = disk::read_plan_file(&path)?;
        match PlanDocument::load(&bytes, today) {
            Ok(document) => {
                let reloaded = PlanFile::with_file(document, path, stamp, bytes);
                // The locks and choices are about the file, not its text.
                *self = PlanFile {
                    editing: self.editing.take(),
                    held_by: self.held_by.take(),
                    write_anyway: self.write_anyway,
                    ..reloaded
                };
                Ok(ReloadOutcome::Reloaded)
            }
            Err(failure) => {
                self.broken = Some(failure);
                self.stamp = Some(stamp);
                self.disk_bytes = bytes;
                self.writable = disk::may_write(&path);
                Ok(ReloadOutcome::Broken)
            }
        }
    }

    /// Take `bytes` — unsaved work kept from an earlier run — as the
    /// document, unsaved, over the file as it was read. The history starts
    /// afresh; a reload goes back to the file. Text that does not load
    /// changes nothing.
    pub fn recover(&mut self, bytes: &[u8], today: Date) -> Result<(), Box<LoadFailure>> {
        self.document = PlanDocument::load(bytes, today)?;
        self.history = History::new();
        // No version of the new history is what the file holds.
        self.saved_version = u64::MAX;
        Ok(())
    }

    /// Whether the file on disk now holds other bytes than were last read or
    /// written (someone else saved it). A plan with no file has not changed.
    pub fn changed_on_disk(&self) -> Result<bool, DiskError> {
        let Some(path) = &self.path else {
            return Ok(false);
        };
        let (bytes, _) = disk::read_plan_file(path)?;
        Ok(bytes != self.disk_bytes)
    }
}

mod merge;

pub use merge::{DiskMerge, MergeFailure, MergeSource, PendingMerge};

#[cfg(test)]
mod tests;
