//! Merging the file's change on disk into unsaved edits, from the UI: `m`
//! in the "changed on disk" question (or when a save finds the file
//! changed) runs the one merge engine ([`PlanFile::merge_from_disk`]). A
//! clean merge becomes the document, unsaved; conflicts are asked one at a
//! time in [`Overlay::Conflicts`]: yours, theirs, both, or a line typed
//! instead; when none is left the merge becomes the document. Stopping
//! keeps your edits as they were, and saving still asks. A plan opened with
//! conflict markers in it (left by `git merge`) is asked about the same
//! way, from the start.
//!
//! [`PlanFile::merge_from_disk`]: crate::session::PlanFile::merge_from_disk

use super::*;
use crate::document::Resolution;
use crate::session::{DiskMerge, MergeFailure, MergeSource};

/// Merge the change on disk into the edits.
pub(super) fn start(app: &mut App) {
    match app.session.merge_from_disk(app.today) {
        Ok(DiskMerge::NothingNew) => app.say("the file holds what was read: nothing to merge"),
        Ok(DiskMerge::Merged) => merged(app, 0),
        Ok(DiskMerge::Conflicts(pending)) => {
            let count = pending.conflicts.len();
            app.merge = Some(pending);
            app.overlay = Some(Overlay::Conflicts);
            app.say(format!(
                "{count} {} to resolve",
                if count == 1 { "conflict" } else { "conflicts" }
            ));
        }
        Err(error) => app.fail(Shown::line(&format!("not merged: {error}"))),
    }
}

/// A key while a conflict is shown.
pub(super) fn key(app: &mut App, key: KeyEvent) -> Option<Overlay> {
    let action = app
        .settings
        .keymap
        .action(Mode::Confirm, Key::from_event(&key));
    let pending = app.merge.as_mut()?;
    match action {
        Some(Action::KeepMine) => pending.resolve(Resolution::Ours),
        Some(Action::TakeTheirs) => pending.resolve(Resolution::Theirs),
        Some(Action::TakeBoth) => pending.resolve(Resolution::Both),
        Some(Action::Edit) => {
            let conflict = pending.conflicts.first()?;
            let ours = conflict.ours.trim_end_matches(['\n', '\r']);
            if ours.contains('\n') || conflict.theirs.trim_end().contains('\n') {
                app.fail("this conflict spans several lines: take a side, then edit the item");
                return Some(Overlay::Conflicts);
            }
            return Some(Overlay::Prompt(Prompt {
                question: format!("Instead of both, the line for {}", conflict.path),
                text: ours.to_owned(),
                purpose: PromptPurpose::ConflictText,
                error: None,
            }));
        }
        Some(Action::Cancel | Action::No) => {
            let source = app.merge.take().map(|pending| pending.source);
            app.say(match source {
                Some(MergeSource::FileMarkers) => {
                    "conflicts left: the plan shows your side of each, unsaved; \
                     quit without saving to keep the markers in the file"
                }
                _ => "merge stopped: your edits are as they were; saving asks before overwriting",
            });
            return None;
        }
        _ => return Some(Overlay::Conflicts),
    }
    next(app)
}

/// The typed line resolving the conflict shown.
pub(super) fn typed(app: &mut App, prompt: Prompt) -> Option<Overlay> {
    let pending = app.merge.as_mut()?;
    let conflict = pending.conflicts.first()?;
    let ending = if conflict.ours.ends_with("\r\n") {
        "\r\n"
    } else {
        "\n"
    };
    let line = format!("{}{ending}", prompt.text.trim_end());
    pending.resolve(Resolution::Text(&line));
    next(app)
}

/// After a resolution: the next conflict, or the merge adopted.
fn next(app: &mut App) -> Option<Overlay> {
    let pending = app.merge.as_ref()?;
    if !pending.is_resolved() {
        return Some(Overlay::Conflicts);
    }
    let pending = app.merge.take()?;
    match app.session.adopt_merge(pending, app.today) {
        Ok(()) => merged(app, 1),
        Err(MergeFailure::DoesNotLoad(why)) => app.fail(Shown::line(&format!(
            "the merged plan does not load ({why}); your edits are as they were"
        ))),
        Err(error) => app.fail(Shown::line(&format!("not merged: {error}"))),
    }
    None
}

/// Say that the merge is the document now.
fn merged(app: &mut App, resolved: usize) {
    app.plan_edited();
    let how = if resolved == 0 {
        "merged cleanly"
    } else {
        "merged, conflicts resolved"
    };
    let state = if app.session.is_dirty() {
        "not saved yet; undo starts here"
    } else {
        "the file already held it"
    };
    app.say(format!("{how}: the change on disk and your edits; {state}"));
}
