//! The plan being edited in the UI and its file: the document, its undo
//! history, where it lives on disk, and whether it is saved.

use std::path::PathBuf;

use crate::disk::DiskStamp;
use crate::document::{LoadFailure, PlanDocument};
use crate::edit::History;

/// The file name the bundled example is offered under until its first save.
pub const EXAMPLE_FILE: &str = "ghent.toml";

/// The plan being edited and its file.
#[derive(Debug)]
pub struct Session {
    /// The document: text, TOML tree, typed plan, diagnostics.
    pub document: PlanDocument,
    /// Undo and redo.
    pub history: History,
    /// Where the plan lives; `None` for the bundled example before its first
    /// save.
    pub path: Option<PathBuf>,
    /// The file as last read or written, to notice outside changes.
    pub stamp: Option<DiskStamp>,
    /// The bytes last read or written.
    pub disk_bytes: Vec<u8>,
    /// One id per undo step, mirroring the history, so that "unsaved" is
    /// exact: undoing back to the saved state is saved again.
    undo_ids: Vec<u64>,
    redo_ids: Vec<u64>,
    next_id: u64,
    saved_id: u64,
    /// The file on disk no longer parses: what is wrong with it.
    pub broken: Option<Box<LoadFailure>>,
}

impl Session {
    /// A session over a loaded document.
    pub fn new(
        document: PlanDocument,
        path: Option<PathBuf>,
        stamp: Option<DiskStamp>,
        disk_bytes: Vec<u8>,
    ) -> Session {
        Session {
            document,
            history: History::new(),
            path,
            stamp,
            disk_bytes,
            undo_ids: Vec::new(),
            redo_ids: Vec::new(),
            next_id: 1,
            saved_id: 0,
            broken: None,
        }
    }

    /// Whether there are edits not yet saved.
    pub fn is_dirty(&self) -> bool {
        self.undo_ids.last().copied().unwrap_or(0) != self.saved_id
    }

    /// Record that an edit was applied.
    pub fn edited(&mut self) {
        self.undo_ids.push(self.next_id);
        self.next_id += 1;
        self.redo_ids.clear();
    }

    /// Undo the last edit; false when there is none.
    pub fn undo(&mut self) -> bool {
        if !self.history.undo(&mut self.document) {
            return false;
        }
        if let Some(id) = self.undo_ids.pop() {
            self.redo_ids.push(id);
        }
        true
    }

    /// Redo the last undone edit; false when there is none.
    pub fn redo(&mut self) -> bool {
        if !self.history.redo(&mut self.document) {
            return false;
        }
        if let Some(id) = self.redo_ids.pop() {
            self.undo_ids.push(id);
        }
        true
    }

    /// Record that the document was written to `path` as `bytes`.
    pub fn saved(&mut self, path: PathBuf, stamp: DiskStamp, bytes: Vec<u8>) {
        self.document.mark_saved(&bytes);
        self.path = Some(path);
        self.stamp = Some(stamp);
        self.disk_bytes = bytes;
        self.saved_id = self.undo_ids.last().copied().unwrap_or(0);
    }

    /// The file name to show.
    pub fn file_name(&self) -> String {
        match &self.path {
            Some(path) => path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| path.display().to_string()),
            None => format!("{EXAMPLE_FILE} (example, not saved)"),
        }
    }
}
