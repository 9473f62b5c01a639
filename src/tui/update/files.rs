//! The plan's file and the files made from it: save (and save as), reload,
//! outside changes, `$EDITOR`, and exports of the plan as it stands.

use super::*;
use crate::text::Shown;

/// `x`: choose the format of an export.
pub(super) fn open_export(app: &mut App) {
    let formats = Format::ALL.to_vec();
    let entries = formats
        .iter()
        .map(|f| {
            let what = match f {
                Format::Markdown => "a report for GitHub, pandoc or a text editor (.md)",
                Format::Html => "a page with charts, to open or print (.html)",
                Format::Json => "the whole plan with its figures, for tools (.json)",
                Format::Csv => "a table per collection, in a directory (.csv)",
                Format::Ics => "iCalendar: milestones and partnership dates (.ics)",
            };
            Entry::new(f.name(), what)
        })
        .collect();
    app.overlay = Some(Overlay::Picker {
        picker: Box::new(Picker::single("Export as", entries, None)),
        purpose: PickPurpose::Export(formats),
    });
}

/// Where an export goes unless the person says otherwise: beside the plan,
/// named after it (`ghent.html`; for CSV the directory `ghent-csv`).
pub fn default_export_path(app: &App, format: Format) -> PathBuf {
    let plan = app
        .session
        .path()
        .map_or_else(|| PathBuf::from(EXAMPLE_FILE), Path::to_path_buf);
    let stem = plan
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "plan".to_owned());
    let name = match format {
        Format::Csv => format!("{stem}-csv"),
        _ => format!("{stem}.{}", format.extension()),
    };
    plan.with_file_name(name)
}

pub(super) fn ask_export_path(app: &mut App, format: Format) {
    let question = match format {
        Format::Csv => "Export CSV tables into the directory".to_owned(),
        _ => format!("Export {} to", format.label()),
    };
    app.overlay = Some(Overlay::Prompt(Prompt {
        question,
        text: default_export_path(app, format).display().to_string(),
        purpose: PromptPurpose::ExportPath(format),
        error: None,
    }));
}

/// The export prompt's answer: refuse a path of the wrong kind, ask before
/// replacing what exists, else export.
pub(super) fn export_to_path(
    app: &mut App,
    mut prompt: Prompt,
    format: Format,
    path: PathBuf,
) -> Option<Overlay> {
    let shown = Shown::line(&path.display().to_string());
    let writes_directory = Options::default().writes_directory(format);
    let refused = if writes_directory && path.exists() && !path.is_dir() {
        Some(format!("{shown} is a file; CSV writes into a directory"))
    } else if !writes_directory && path.is_dir() {
        Some(format!("{shown} is a directory; name a file"))
    } else {
        None
    };
    if let Some(error) = refused {
        prompt.error = Some(error);
        return Some(Overlay::Prompt(prompt));
    }
    let replaces = if writes_directory {
        Table::ALL.iter().any(|t| path.join(t.file_name()).exists())
    } else {
        path.exists()
    };
    if replaces {
        return Some(Overlay::Confirm(Confirm::ReplaceExport { format, path }));
    }
    export(app, format, &path);
    None
}

/// Export the plan as it stands here, unsaved edits included, to `path`.
pub(super) fn export(app: &mut App, format: Format, path: &Path) {
    app.session.locate_diagnostics();
    let source = app
        .session
        .path()
        .map(|p| p.display().to_string())
        .unwrap_or_else(|| EXAMPLE_FILE.to_owned());
    let report = Report::of_document(app.session.document(), &source, app.today);
    let shown = Shown::line(&path.display().to_string());
    let written = crate::export::render(&report, format, &Options::default())
        .map_err(|e| e.to_string())
        .and_then(|output| {
            // Never over the plan itself, through whatever link.
            let options = crate::disk::WriteOptions {
                plan: app.session.path(),
                ..Default::default()
            };
            output
                .write_to_with(path, &options)
                .map_err(|e| e.to_string())
        });
    match written {
        Ok(files) if files.len() > 1 => {
            app.say(format!("exported {} CSV tables into {shown}", files.len()))
        }
        Ok(_) => app.say(format!("exported {} to {shown}", format.label())),
        Err(error) => app.fail(format!("not exported: {}", Shown::line(&error))),
    }
}

/// Save; `then_quit` quits once saved. The example, which has no file yet,
/// asks where to save it.
pub fn save(app: &mut App, then_quit: bool) {
    if refused_read_only(app, "not saved") {
        return;
    }
    if app.session.path().is_none() {
        app.overlay = Some(Overlay::Prompt(Prompt {
            question: "Save the plan as".to_owned(),
            text: EXAMPLE_FILE.to_owned(),
            purpose: if then_quit {
                PromptPurpose::SavePathThenQuit
            } else {
                PromptPurpose::SavePath
            },
            error: None,
        }));
        return;
    }
    if plan_missing(app) {
        // Nothing there to overwrite, nor a change on disk to ask about:
        // write the plan again.
        let outcome = app.session.save_overwriting();
        if matches!(outcome, Ok(SaveOutcome::Saved)) {
            app.deleted_on_disk = false;
            app.say(format!("wrote {} again", app.file_name()));
            app.quit |= then_quit;
            return;
        }
        report_save(app, outcome, then_quit);
        return;
    }
    let outcome = app.session.save();
    report_save(app, outcome, then_quit);
}

/// Whether the plan has a file that is no longer there (deleted, or
/// renamed away); a file that cannot be looked at is not counted missing.
fn plan_missing(app: &App) -> bool {
    app.session.path().is_some_and(|path| {
        matches!(std::fs::symlink_metadata(path), Err(e) if e.kind() == std::io::ErrorKind::NotFound)
    })
}

/// Save over the file even though it changed on disk: the person chose to
/// overwrite the other change.
pub(super) fn save_overwriting(app: &mut App) {
    if refused_read_only(app, "not saved") {
        return;
    }
    let outcome = app.session.save_overwriting();
    report_save(app, outcome, false);
}

/// Save the plan to `path`, which becomes its file; `replace` when the person
/// agreed to replace a file that is there. Without it, a file there is asked
/// about first.
pub(super) fn save_as(app: &mut App, path: PathBuf, replace: bool, then_quit: bool) {
    let outcome = app.session.save_as(path.clone(), replace);
    if matches!(outcome, Ok(SaveOutcome::Saved)) {
        app.effects.push(Effect::Watch(path));
    }
    match outcome {
        Err(FileError::Exists(path)) => {
            app.overlay = Some(Overlay::Confirm(Confirm::Overwrite(path)));
        }
        Ok(SaveOutcome::ChangedOnDisk) => {
            app.fail("not saved: the file changed while saving; try again");
        }
        outcome => report_save(app, outcome, then_quit),
    }
}

/// Say what a save did; a file changed on disk asks whether to overwrite it.
fn report_save(app: &mut App, outcome: Result<SaveOutcome, FileError>, then_quit: bool) {
    match outcome {
        Ok(SaveOutcome::Saved) => {
            app.say(format!("saved {}", app.file_name()));
            app.quit |= then_quit;
        }
        Ok(SaveOutcome::Unchanged) => {
            app.say(format!("{} is saved already", app.file_name()));
            app.quit |= then_quit;
        }
        Ok(SaveOutcome::ChangedOnDisk) => {
            app.overlay = Some(Overlay::Confirm(Confirm::SaveConflict));
        }
        Err(error) => app.fail(format!("not saved: {}", Shown::line(&error.to_string()))),
    }
}

/// Read the plan from disk again. With `say`, report the outcome.
pub fn reload(app: &mut App, say: bool) {
    reload_file(app, say);
    super::follow(app);
}

fn reload_file(app: &mut App, say: bool) {
    if app.session.path().is_none() {
        app.say("the example has no file to reload; save it first");
        return;
    }
    match app.session.reload(app.today) {
        Ok(ReloadOutcome::Reloaded) => {
            app.plan_changed();
            if app.screen == Screen::Problems {
                app.session.locate_diagnostics();
            }
            if say {
                app.say(format!("reloaded {}", app.file_name()));
            }
        }
        Ok(ReloadOutcome::Broken) => app.fail(format!(
            "{} no longer parses; fix it and it reloads",
            app.file_name()
        )),
        Err(error) => app.fail(format!(
            "cannot reload: {}",
            Shown::line(&error.to_string())
        )),
    }
}

/// The file changed on disk (the watcher saw it).
pub fn outside_change(app: &mut App) {
    notice_outside_change(app);
    super::follow(app);
}

fn notice_outside_change(app: &mut App) {
    if plan_missing(app) {
        if !app.deleted_on_disk {
            app.deleted_on_disk = true;
            let save = app
                .settings
                .keymap
                .key_in(Mode::Browse, Action::Save)
                .map_or_else(|| "saving".to_owned(), |k| k.to_string());
            app.fail(format!(
                "{} was deleted on disk; {save} writes it again",
                app.file_name()
            ));
        }
        return;
    }
    if std::mem::take(&mut app.deleted_on_disk) {
        app.say(format!("{} is back on disk", app.file_name()));
    }
    // Unreadable for a moment (an editor replacing it) or the same bytes:
    // nothing to do yet.
    if !app.session.changed_on_disk().unwrap_or(false) {
        return;
    }
    if app.merge.is_some() {
        // A merge is being resolved; it re-reads the file when adopted.
        return;
    }
    if app.session.is_dirty() {
        if !matches!(app.overlay, Some(Overlay::Confirm(Confirm::OutsideChange))) {
            app.overlay = Some(Overlay::Confirm(Confirm::OutsideChange));
        }
    } else {
        reload(app, false);
        if app.session.broken().is_none() {
            app.say(format!("{} changed on disk; reloaded", app.file_name()));
        }
    }
}

pub(super) fn open_editor(app: &mut App) {
    let Some(path) = app.session.path().map(Path::to_path_buf) else {
        app.say("save the plan to a file first");
        return;
    };
    if refused_read_only(app, "not opened in the editor") {
        return;
    }
    if app.session.is_dirty() {
        app.say("save or undo your changes before opening the editor");
        return;
    }
    let line = app
        .selected_item()
        .and_then(|item| {
            let (collection, index) = item.steps[0];
            let path = crate::diagnostic::FieldPath::root()
                .key(collection)
                .index(index, None);
            app.session.document().locate(&path)
        })
        .map_or(1, |span| {
            crate::diagnostic::LineIndex::new(app.session.document().text())
                .line_col(span.start)
                .line
        });
    app.effects.push(Effect::OpenEditor { path, line });
}
