//! The question at the start when a journal holds unsaved work that an
//! earlier run on this plan left (see [`crate::tui::journal`]): recover it
//! as unsaved edits over the file, compare it with the file in plan terms
//! (what `commonplan diff` shows), discard it, or decide later (the journal
//! stays and is offered again at the next start).

use super::*;
use crate::document::PlanDocument;
use crate::history::diff::{diff, to_text};
use crate::tui::app::Recovery;
use crate::tui::journal::{self, Base, Entry};

/// Ask about the unsaved work in `entry`, read from the journal `file`.
pub fn offer(app: &mut App, file: PathBuf, entry: &Entry) {
    let file_changed = match (&entry.header.base, app.session.path()) {
        (Some(base), Some(_)) => *base != Base::of(app.session.disk_bytes()),
        _ => false,
    };
    app.overlay = Some(Overlay::Confirm(Confirm::Recover(Box::new(Recovery {
        journal: file,
        written: entry.header.written,
        file_changed,
        compare: None,
    }))));
}

/// A key while the question is open.
pub(super) fn key(app: &mut App, mut recovery: Box<Recovery>, key: KeyEvent) -> Option<Overlay> {
    let when = journal::utc_time(recovery.written);
    match answer(app, key) {
        Some(Action::Reload) => {
            recover(app, &recovery, &when);
            return None;
        }
        Some(Action::Changes) => {
            recovery.compare = match recovery.compare {
                Some(_) => None,
                None => Some((compare(app, &recovery), 0)),
            };
            return Some(Overlay::Confirm(Confirm::Recover(recovery)));
        }
        Some(Action::Discard) => {
            match std::fs::remove_file(&recovery.journal) {
                Ok(()) => app.say(format!("discarded the unsaved work from {when}")),
                Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                    app.say(format!("discarded the unsaved work from {when}"))
                }
                Err(error) => app.fail(format!(
                    "cannot remove the journal {}: {error}",
                    Shown::line(&recovery.journal.display().to_string())
                )),
            }
            return None;
        }
        Some(Action::Cancel) => {
            app.say(format!(
                "kept the unsaved work from {when} for later: it is offered again at the next start"
            ));
            return None;
        }
        _ => {}
    }
    if let Some((lines, scroll)) = &mut recovery.compare {
        let page = usize::from(app.size.1.saturating_sub(4)).max(1);
        let last = lines.len().saturating_sub(page);
        let keymap = &app.settings.keymap;
        *scroll = match keymap.action(Mode::Help, Key::from_event(&key)) {
            Some(Action::Up) => scroll.saturating_sub(1),
            Some(Action::Down) => *scroll + 1,
            Some(Action::PageUp) => scroll.saturating_sub(page),
            Some(Action::PageDown) => *scroll + page,
            Some(Action::First) => 0,
            Some(Action::Last) => last,
            _ => *scroll,
        }
        .min(last);
    }
    Some(Overlay::Confirm(Confirm::Recover(recovery)))
}

/// The journal's text, if it can still be read.
fn journal_text(recovery: &Recovery) -> Result<Vec<u8>, String> {
    let bytes = std::fs::read(&recovery.journal).map_err(|e| e.to_string())?;
    Entry::parse(&bytes)
        .and_then(|entry| entry.text)
        .ok_or_else(|| "it is no longer a journal with unsaved work".to_owned())
}

/// Take the journal's text as unsaved edits over the file; the journal
/// goes (this UI's own journal keeps the work from now on).
fn recover(app: &mut App, recovery: &Recovery, when: &str) {
    let journal = Shown::line(&recovery.journal.display().to_string()).to_string();
    let text = match journal_text(recovery) {
        Ok(text) => text,
        Err(error) => {
            app.fail(format!("cannot recover from {journal}: {error}"));
            return;
        }
    };
    if let Err(failure) = app.session.recover(&text, app.today) {
        app.fail(format!(
            "cannot recover from {journal}: {}",
            Shown::line(failure.diagnostic.message.trim_end())
        ));
        return;
    }
    app.plan_changed();
    let _ = std::fs::remove_file(&recovery.journal);
    let name = app.file_name();
    if recovery.file_changed {
        app.fail(format!(
            "recovered the unsaved work from {when}, not saved yet; {name} changed on disk since that work began: compare (C) before saving"
        ));
    } else {
        app.say(format!(
            "recovered the unsaved work from {when}; not saved yet"
        ));
    }
}

/// What the journal holds against the file, in plan terms.
fn compare(app: &App, recovery: &Recovery) -> Vec<String> {
    let kept = journal_text(recovery).and_then(|text| {
        PlanDocument::read_plan(&text)
            .map_err(|failure| failure.diagnostic.message.trim_end().to_owned())
    });
    match kept {
        Ok(kept) => {
            let changes = diff(app.plan(), &kept);
            if changes.is_empty() {
                vec!["The unsaved work is the same as the file, in plan terms.".to_owned()]
            } else {
                to_text(&changes).lines().map(str::to_owned).collect()
            }
        }
        Err(error) => vec![format!("The unsaved work cannot be read: {error}")],
    }
}
