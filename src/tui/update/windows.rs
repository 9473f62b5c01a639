//! The answers of the open windows: help, forms, pickers, questions and
//! prompts. Each takes a key and returns the window to keep open, if any.

use super::*;
use crate::text::Shown;

/// A key for the open window; returns the window to keep open.
pub(super) fn overlay_key(app: &mut App, overlay: Overlay, key: KeyEvent) -> Option<Overlay> {
    let keymap = &app.settings.keymap;
    match overlay {
        Overlay::Help { scroll } => {
            let page = help_page(app);
            let last = keymap.help_lines().len().saturating_sub(page);
            let scroll = match keymap.action(Mode::Help, Key::from_event(&key)) {
                Some(Action::Up) => scroll.saturating_sub(1),
                Some(Action::Down) => scroll + 1,
                Some(Action::PageUp) => scroll.saturating_sub(page),
                Some(Action::PageDown) => scroll + page,
                Some(Action::First) => 0,
                Some(Action::Last) => last,
                _ => return None,
            };
            Some(Overlay::Help {
                scroll: scroll.min(last),
            })
        }
        Overlay::Changes {
            title,
            lines,
            scroll,
        } => {
            let page = usize::from(app.size.1.saturating_sub(4)).max(1);
            let last = lines.len().saturating_sub(page);
            let scroll = match keymap.action(Mode::Help, Key::from_event(&key)) {
                Some(Action::Up) => scroll.saturating_sub(1),
                Some(Action::Down) => scroll + 1,
                Some(Action::PageUp) => scroll.saturating_sub(page),
                Some(Action::PageDown) => scroll + page,
                Some(Action::First) => 0,
                Some(Action::Last) => last,
                _ => return None,
            };
            Some(Overlay::Changes {
                title,
                lines,
                scroll: scroll.min(last),
            })
        }
        Overlay::Form(mut form) => match form.key(keymap, key, app.plan()) {
            FormOutcome::Open => Some(Overlay::Form(form)),
            FormOutcome::Cancelled => {
                app.say("form closed; nothing changed");
                None
            }
            FormOutcome::Apply(edits) => match form.rename() {
                Some((from, to)) => Some(Overlay::Rename {
                    form,
                    edits,
                    from,
                    to,
                }),
                None => apply_form(app, form, edits),
            },
        },
        Overlay::Rename {
            form,
            edits,
            from,
            to,
        } => match answer(app, key) {
            Some(Action::Yes) => apply_form(app, form, edits),
            Some(Action::No | Action::Cancel) => Some(Overlay::Form(form)),
            _ => Some(Overlay::Rename {
                form,
                edits,
                from,
                to,
            }),
        },
        Overlay::Picker {
            mut picker,
            purpose,
        } => match picker.key(&app.settings.keymap, key) {
            Picked::Open => Some(Overlay::Picker { picker, purpose }),
            Picked::Cancelled => {
                if purpose == PickPurpose::Capture {
                    capture::cancel(app);
                    app.say("nothing recorded");
                }
                None
            }
            Picked::Typed(value) => {
                if purpose == PickPurpose::Capture {
                    capture::picked(app, value);
                }
                app.overlay.take()
            }
            Picked::Chosen(chosen) => {
                let &position = chosen.first()?;
                match purpose {
                    PickPurpose::Filter(filters) => {
                        let filter = filters.get(position).cloned().flatten();
                        let label = picker.entries[position].label.clone();
                        app.list_mut().filter = filter;
                        app.rebuild_screen(app.screen);
                        app.say(if position == 0 {
                            "filter cleared".to_owned()
                        } else {
                            format!("showing {label}")
                        });
                    }
                    PickPurpose::Add(choices) => {
                        if let Some(choice) = choices.into_iter().nth(position) {
                            open_add_form(app, choice);
                        }
                    }
                    PickPurpose::Export(formats) => {
                        if let Some(&format) = formats.get(position) {
                            ask_export_path(app, format);
                        }
                    }
                    PickPurpose::Slide => {
                        if let Some(presentation) = &mut app.presentation {
                            presentation.go_to(position);
                        }
                    }
                    PickPurpose::Capture => {
                        let value = picker.entries[position].value.clone();
                        capture::picked(app, value);
                    }
                }
                app.overlay.take()
            }
        },
        Overlay::Confirm(confirm) => confirm_key(app, confirm, key),
        Overlay::Conflicts => merging::key(app, key),
        Overlay::Prompt(prompt) => prompt_key(app, prompt, key),
    }
}

/// How many lines of the help fit on screen.
fn help_page(app: &App) -> usize {
    let lines = app.settings.keymap.help_lines().len();
    usize::from(
        layout::help_rect(screen_area(app), lines)
            .height
            .saturating_sub(2),
    )
    .max(1)
}

/// Apply a form's edits and close it; on failure keep it open with why.
fn apply_form(app: &mut App, mut form: Box<Form>, edits: Vec<Edit>) -> Option<Overlay> {
    let done = match &form.target {
        FormTarget::Edit(item) => format!("changed {}", describe(app, item)),
        FormTarget::Add { .. } => format!("added {}", form.title.trim_start_matches("New ")),
    };
    let new_top_level = matches!(
        &form.target,
        FormTarget::Add { parent, .. } if parent.steps.is_empty()
    );
    if apply(app, edits, &done) {
        if new_top_level && let Some(collection) = app.screen.collection() {
            // Select the new top-level item.
            let count = collection_len(app.plan(), collection);
            if count > 0 {
                go_to(app, app.screen, count - 1);
            }
        }
        None
    } else {
        form.error = app.message.as_ref().map(|m| m.text.clone());
        Some(Overlay::Form(form))
    }
}

/// The action of a key answering a question; letters in either case.
pub(super) fn answer(app: &App, key: KeyEvent) -> Option<Action> {
    let keymap = &app.settings.keymap;
    let pressed = Key::from_event(&key);
    keymap
        .action(Mode::Confirm, pressed)
        .or_else(|| match pressed.code {
            KeyCode::Char(c) if pressed.is_text() => {
                keymap.action(Mode::Confirm, Key::char(c.to_ascii_lowercase()))
            }
            _ => None,
        })
}

fn confirm_key(app: &mut App, confirm: Confirm, key: KeyEvent) -> Option<Overlay> {
    if let Confirm::Recover(recovery) = confirm {
        return recovery::key(app, recovery, key);
    }
    let Some(action) = answer(app, key) else {
        return Some(Overlay::Confirm(confirm));
    };
    use Action::{Cancel, Discard, KeepMine, Merge, No, Overwrite, Reload, SaveAndQuit, Yes};
    match (&confirm, action) {
        (Confirm::Delete { item, noun, .. }, Yes) => {
            let item = item.clone();
            let done = format!("deleted {noun}");
            apply(app, vec![Edit::Remove { item }], &done);
            None
        }
        (Confirm::Delete { .. }, No | Cancel) => {
            app.say("nothing deleted");
            None
        }
        (&Confirm::NewWorkshop { dots, latest }, Yes | No | Cancel) => {
            room::answered(app, dots, latest, action == Yes);
            None
        }
        (Confirm::Quit, SaveAndQuit) => {
            save(app, true);
            app.overlay.take()
        }
        (Confirm::Quit, Discard) => {
            app.quit = true;
            None
        }
        (Confirm::Quit, No | Cancel) => None,
        (Confirm::OutsideChange | Confirm::SaveConflict, Merge) => {
            merging::start(app);
            app.overlay.take()
        }
        (Confirm::OutsideChange, Reload) => {
            reload(app, true);
            None
        }
        (Confirm::OutsideChange, KeepMine | No | Cancel) => {
            app.say("kept your changes; saving will ask before overwriting the file");
            None
        }
        (Confirm::SaveConflict, Overwrite) => {
            save_overwriting(app);
            app.overlay.take()
        }
        (Confirm::SaveConflict, Reload) => {
            reload(app, true);
            None
        }
        (Confirm::SaveConflict, No | Cancel) => {
            app.say("not saved");
            None
        }
        (Confirm::Overwrite(path), Yes) => {
            let path = path.clone();
            save_as(app, path, true, false);
            app.overlay.take()
        }
        (Confirm::Overwrite(_), No | Cancel) => {
            app.say("not saved");
            None
        }
        (Confirm::ReplaceExport { format, path }, Yes) => {
            let (format, path) = (*format, path.clone());
            export(app, format, &path);
            None
        }
        (Confirm::ReplaceExport { .. }, No | Cancel) => {
            app.say("nothing exported");
            None
        }
        _ => Some(Overlay::Confirm(confirm)),
    }
}

fn prompt_key(app: &mut App, mut prompt: Prompt, key: KeyEvent) -> Option<Overlay> {
    let pressed = Key::from_event(&key);
    match app.settings.keymap.action(Mode::Prompt, pressed) {
        Some(Action::Cancel) => {
            if prompt.purpose == PromptPurpose::Capture {
                capture::cancel(app);
            }
            if prompt.purpose == PromptPurpose::ConflictText {
                // Back to the conflict, which is still unresolved.
                return Some(Overlay::Conflicts);
            }
            app.say(match prompt.purpose {
                PromptPurpose::ExportPath(_) => "nothing exported",
                PromptPurpose::SavePath | PromptPurpose::SavePathThenQuit => "not saved",
                PromptPurpose::Capture => "nothing recorded",
                PromptPurpose::ConflictText => "",
            });
            return None;
        }
        Some(Action::Answer) if prompt.purpose == PromptPurpose::Capture => {
            return capture::answered(app, prompt);
        }
        Some(Action::Answer) if prompt.purpose == PromptPurpose::ConflictText => {
            return merging::typed(app, prompt);
        }
        Some(Action::Answer) => {
            let text = prompt.text.trim();
            if text.is_empty() {
                prompt.error = Some("type a path, or Esc to cancel".to_owned());
                return Some(Overlay::Prompt(prompt));
            }
            let path = expand_home(text);
            if let PromptPurpose::ExportPath(format) = prompt.purpose {
                return export_to_path(app, prompt, format, path);
            }
            let quit = prompt.purpose == PromptPurpose::SavePathThenQuit;
            if path.is_dir() {
                prompt.error = Some(format!(
                    "{} is a directory",
                    Shown::line(&path.display().to_string())
                ));
                return Some(Overlay::Prompt(prompt));
            }
            if path.exists() {
                return Some(Overlay::Confirm(Confirm::Overwrite(path)));
            }
            save_as(app, path, false, quit);
            return app.overlay.take();
        }
        Some(Action::DeleteBack) => {
            prompt.text.pop();
        }
        Some(Action::ClearLine) => prompt.text.clear(),
        Some(_) => {}
        None => match key.code {
            KeyCode::Char(c) if pressed.is_text() && !c.is_control() => prompt.text.push(c),
            _ => {}
        },
    }
    prompt.error = None;
    Some(Overlay::Prompt(prompt))
}

pub(super) fn expand_home(text: &str) -> PathBuf {
    if let Some(rest) = text.strip_prefix("~/")
        && let Some(home) = directories::BaseDirs::new()
    {
        return home.home_dir().join(rest);
    }
    PathBuf::from(text)
}
