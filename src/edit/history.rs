//! The history of edits: undo and redo, one step per edit, each step the
//! changes that undo it.

use crate::document::PlanDocument;

use super::changes::{Change, apply_changes};
use super::compile::compile;
use super::vocabulary::{Edit, EditError};

/// Undo and redo, without limit, one step per edit.
///
/// Each step has a number, so that [`History::version`] tells states apart:
/// undoing back to a state gives its version again, which is how a session
/// knows that undoing every edit since a save leaves nothing unsaved.
#[derive(Debug, Default)]
pub struct History {
    undo: Vec<(u64, Vec<Change>)>,
    redo: Vec<(u64, Vec<Change>)>,
    /// The number of the last step made; 0 is the state before any.
    last_step: u64,
}

impl History {
    /// A history with nothing in it.
    pub fn new() -> History {
        History::default()
    }

    /// Check `edit`, apply it to `document`, and remember how to undo it.
    pub fn apply(&mut self, document: &mut PlanDocument, edit: &Edit) -> Result<(), EditError> {
        let changes = compile(document, edit)?;
        let undo = apply_changes(document, changes);
        self.push(undo);
        Ok(())
    }

    /// Apply `edits` in order as one step, so one undo takes them all back
    /// (a form that changed several fields). Each edit is checked against the
    /// document as the edits before it left it. When one is refused, those
    /// before it are taken back and nothing is changed; the error names the
    /// refused edit by its position. An empty list adds no step.
    pub fn apply_all(
        &mut self,
        document: &mut PlanDocument,
        edits: &[Edit],
    ) -> Result<(), (usize, EditError)> {
        let mut steps: Vec<Vec<Change>> = Vec::with_capacity(edits.len());
        for (position, edit) in edits.iter().enumerate() {
            match compile(document, edit) {
                Ok(changes) => steps.push(apply_changes(document, changes)),
                Err(error) => {
                    for step in steps.into_iter().rev() {
                        apply_changes(document, step);
                    }
                    return Err((position, error));
                }
            }
        }
        if steps.is_empty() {
            return Ok(());
        }
        // Undoing the whole group runs the last edit's undo first.
        let undo: Vec<Change> = steps.into_iter().rev().flatten().collect();
        self.push(undo);
        Ok(())
    }

    /// Record a new step, which ends what could be redone.
    fn push(&mut self, undo: Vec<Change>) {
        self.last_step += 1;
        self.undo.push((self.last_step, undo));
        self.redo.clear();
    }

    /// Undo the last edit; false when there is none.
    pub fn undo(&mut self, document: &mut PlanDocument) -> bool {
        match self.undo.pop() {
            Some((number, step)) => {
                let redo = apply_changes(document, step);
                self.redo.push((number, redo));
                true
            }
            None => false,
        }
    }

    /// Redo the last undone edit; false when there is none.
    pub fn redo(&mut self, document: &mut PlanDocument) -> bool {
        match self.redo.pop() {
            Some((number, step)) => {
                let undo = apply_changes(document, step);
                self.undo.push((number, undo));
                true
            }
            None => false,
        }
    }

    /// Which state the edits have reached: the number of the last step
    /// applied and not undone, 0 before any. Two moments with the same
    /// version have the same edits applied.
    pub fn version(&self) -> u64 {
        self.undo.last().map_or(0, |(number, _)| *number)
    }

    /// How many edits can be undone.
    pub fn undo_len(&self) -> usize {
        self.undo.len()
    }

    /// How many undone edits can be redone.
    pub fn redo_len(&self) -> usize {
        self.redo.len()
    }
}
