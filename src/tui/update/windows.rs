//! The answers of the open windows: help, forms, pickers, questions and
//! prompts. Each takes a key and returns the window to keep open, if any.

use super::*;

/// A key for the open window; returns the window to keep open.
pub(super) fn overlay_key(app: &mut App, overlay: Overlay, key: KeyEvent) -> Option<Overlay> {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    match overlay {
        Overlay::Help { scroll } => match key.code {
            KeyCode::Down | KeyCode::Char('j') => Some(Overlay::Help { scroll: scroll + 1 }),
            KeyCode::Up | KeyCode::Char('k') => Some(Overlay::Help {
                scroll: scroll.saturating_sub(1),
            }),
            _ => None,
        },
        Overlay::Form(mut form) => match form.key(key, app.plan()) {
            FormOutcome::Open => Some(Overlay::Form(form)),
            FormOutcome::Cancelled => {
                app.say("form closed; nothing changed");
                None
            }
            FormOutcome::Apply(edits) => {
                let done = match &form.target {
                    crate::tui::form::FormTarget::Edit(item) => {
                        format!("changed {}", describe(app, item))
                    }
                    crate::tui::form::FormTarget::Add { .. } => {
                        format!("added {}", form.title.trim_start_matches("New "))
                    }
                };
                let added = matches!(form.target, crate::tui::form::FormTarget::Add { .. });
                let parent_is_plan = matches!(
                    &form.target,
                    crate::tui::form::FormTarget::Add { parent, .. } if parent.steps.is_empty()
                );
                if apply(app, edits, &done) {
                    if added && parent_is_plan {
                        // Select the new top-level item.
                        if let Some(collection) = app.screen.collection() {
                            let count = collection_len(app.plan(), collection);
                            if count > 0 {
                                go_to(app, app.screen, count - 1);
                            }
                        }
                    }
                    None
                } else {
                    form.error = app.message.as_ref().map(|m| m.text.clone());
                    Some(Overlay::Form(form))
                }
            }
        },
        Overlay::Picker {
            mut picker,
            purpose,
        } => match picker.key(key) {
            Picked::Open => Some(Overlay::Picker { picker, purpose }),
            Picked::Cancelled => None,
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
                }
                app.overlay.take()
            }
        },
        Overlay::Confirm(confirm) => confirm_key(app, confirm, key, ctrl),
        Overlay::Prompt(prompt) => prompt_key(app, prompt, key, ctrl),
    }
}

pub(super) fn confirm_key(
    app: &mut App,
    confirm: Confirm,
    key: KeyEvent,
    ctrl: bool,
) -> Option<Overlay> {
    let answer = match key.code {
        KeyCode::Char(c) if !ctrl => c.to_ascii_lowercase(),
        KeyCode::Enter => '\n',
        KeyCode::Esc => '\u{1b}',
        KeyCode::Char('c') if ctrl => '\u{1b}',
        _ => return Some(Overlay::Confirm(confirm)),
    };
    match (&confirm, answer) {
        (Confirm::Delete { item, noun }, 'y') => {
            let item = item.clone();
            let done = format!("deleted {noun}");
            apply(app, vec![Edit::Remove { item }], &done);
            None
        }
        (Confirm::Delete { .. }, 'n' | '\u{1b}') => {
            app.say("nothing deleted");
            None
        }
        (Confirm::Quit, 's') => {
            save(app, true);
            app.overlay.take()
        }
        (Confirm::Quit, 'd') => {
            app.quit = true;
            None
        }
        (Confirm::Quit, '\u{1b}' | 'c') => None,
        (Confirm::OutsideChange, 'r') => {
            reload(app, true);
            None
        }
        (Confirm::OutsideChange, 'k' | '\u{1b}') => {
            app.say("kept your changes; saving will ask before overwriting the file");
            None
        }
        (Confirm::SaveConflict, 'o') => {
            write(app, None, false);
            app.overlay.take()
        }
        (Confirm::SaveConflict, 'r') => {
            reload(app, true);
            None
        }
        (Confirm::SaveConflict, '\u{1b}' | 'c') => {
            app.say("not saved");
            None
        }
        (Confirm::Overwrite(path), 'y') => {
            let path = path.clone();
            save_as(app, path, true, false);
            app.overlay.take()
        }
        (Confirm::Overwrite(_), 'n' | '\u{1b}') => {
            app.say("not saved");
            None
        }
        (Confirm::ReplaceExport { format, path }, 'y') => {
            let (format, path) = (*format, path.clone());
            export(app, format, &path);
            None
        }
        (Confirm::ReplaceExport { .. }, 'n' | '\u{1b}') => {
            app.say("nothing exported");
            None
        }
        _ => Some(Overlay::Confirm(confirm)),
    }
}

pub(super) fn prompt_key(
    app: &mut App,
    mut prompt: Prompt,
    key: KeyEvent,
    ctrl: bool,
) -> Option<Overlay> {
    match key.code {
        KeyCode::Esc => {
            app.say(match prompt.purpose {
                PromptPurpose::ExportPath(_) => "nothing exported",
                PromptPurpose::SavePath | PromptPurpose::SavePathThenQuit => "not saved",
            });
            return None;
        }
        KeyCode::Char('c') if ctrl => return None,
        KeyCode::Enter => {
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
                    printable(&path.display().to_string())
                ));
                return Some(Overlay::Prompt(prompt));
            }
            if path.exists() {
                return Some(Overlay::Confirm(Confirm::Overwrite(path)));
            }
            save_as(app, path, false, quit);
            return app.overlay.take();
        }
        KeyCode::Backspace => {
            prompt.text.pop();
        }
        KeyCode::Char('u') if ctrl => prompt.text.clear(),
        KeyCode::Char(c) if !ctrl && !c.is_control() => prompt.text.push(c),
        _ => {}
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
