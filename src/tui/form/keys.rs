//! The form's keys, as the key table has them in the form, the picker
//! inside it and the long-text editor.
//!
//! Printable characters are text: they go into the focused line (and open
//! the list of a choice line, or the editor of a long text). The rest are
//! looked up in the key table, so a rebound key works here too. Enter on a
//! line of text moves on; only the Apply line or the apply key applies.

use crossterm::event::{KeyCode, KeyEvent};
use ratatui_textarea::{CursorMove, TextArea, WrapMode};

use super::{Form, FormOutcome};
use crate::fields::{FieldKind, Target};
use crate::model::Plan;
use crate::text::{editable, from_editable, is_unsafe_char};
use crate::tui::action::Action;
use crate::tui::keymap::{Key, Keymap, Mode};
use crate::tui::picker::{Entry, Picked, Picker};

impl Form {
    /// The mode the form's keys are looked up in now.
    pub fn mode(&self) -> Mode {
        match (&self.picker, &self.long_text) {
            (Some(picker), _) => picker.mode(),
            (None, Some(_)) => Mode::Editor,
            (None, None) => Mode::Form,
        }
    }

    /// Handle a key.
    pub fn key(&mut self, keymap: &Keymap, event: KeyEvent, plan: &Plan) -> FormOutcome {
        if self.picker.is_some() {
            self.picker_key(keymap, event, plan);
            return FormOutcome::Open;
        }
        if self.long_text.is_some() {
            self.long_text_key(keymap, event, plan);
            return FormOutcome::Open;
        }
        let key = Key::from_event(&event);
        match keymap.action(Mode::Form, key) {
            Some(action) => self.act(action, plan),
            None => {
                if let KeyCode::Char(c) = event.code
                    && key.is_text()
                    && !c.is_control()
                {
                    self.type_char(c, plan);
                }
                FormOutcome::Open
            }
        }
    }

    fn act(&mut self, action: Action, plan: &Plan) -> FormOutcome {
        let count = self.line_count();
        match action {
            Action::Cancel => return FormOutcome::Cancelled,
            Action::Apply => return self.apply(plan),
            Action::Activate => {
                if self.on_apply_line() {
                    return self.apply(plan);
                }
                let line = &self.fields[self.focused];
                if line.is_long() {
                    self.open_long_text();
                } else if line.is_choice() {
                    self.open_picker(plan);
                } else {
                    self.focused += 1;
                }
            }
            Action::Down | Action::NextField => self.focused = (self.focused + 1) % count,
            Action::Up | Action::PreviousField => {
                self.focused = (self.focused + count - 1) % count;
            }
            _ if self.on_apply_line() => {}
            Action::CursorLeft => {
                let line = &mut self.fields[self.focused];
                line.cursor = line.cursor.saturating_sub(1);
            }
            Action::CursorRight => {
                let line = &mut self.fields[self.focused];
                line.cursor = (line.cursor + 1).min(line.text.chars().count());
            }
            Action::LineStart => self.fields[self.focused].cursor = 0,
            Action::LineEnd => {
                let line = &mut self.fields[self.focused];
                line.cursor = line.text.chars().count();
            }
            Action::ClearLine => {
                let line = &mut self.fields[self.focused];
                line.text.clear();
                line.cursor = 0;
                self.edited(plan);
            }
            Action::DeleteBack => {
                let line = &mut self.fields[self.focused];
                if line.cursor > 0 {
                    let at = byte_at(&line.text, line.cursor - 1);
                    line.text.remove(at);
                    line.cursor -= 1;
                    self.edited(plan);
                }
            }
            Action::DeleteForward => {
                let line = &mut self.fields[self.focused];
                if line.cursor < line.text.chars().count() {
                    let at = byte_at(&line.text, line.cursor);
                    line.text.remove(at);
                    self.edited(plan);
                }
            }
            _ => {}
        }
        FormOutcome::Open
    }

    /// A printable character typed on the focused line.
    fn type_char(&mut self, c: char, plan: &Plan) {
        if self.on_apply_line() {
            return;
        }
        let line = &mut self.fields[self.focused];
        if line.is_long() {
            self.open_long_text();
            if let Some(editor) = &mut self.long_text {
                editor.insert_str(editable(&c.to_string()));
            }
        } else if line.is_choice() {
            self.open_picker(plan);
            if c != ' '
                && let Some(picker) = &mut self.picker
            {
                picker.set_query(&c.to_string());
            }
        } else {
            let at = byte_at(&line.text, line.cursor);
            line.text.insert(at, c);
            line.cursor += 1;
            self.edited(plan);
        }
    }

    /// The focused line's text changed by typing: check it, and keep a
    /// proposed id in step with the name.
    fn edited(&mut self, plan: &Plan) {
        let key = self.fields[self.focused].field;
        if key.kind == FieldKind::Id {
            self.id_follows_name = false;
        }
        self.check(self.focused, plan);
        if matches!(key.key, "name" | "title") {
            self.propose_id(plan);
        }
    }

    fn apply(&mut self, plan: &Plan) -> FormOutcome {
        match self.edits(plan) {
            Ok(edits) if edits.is_empty() => FormOutcome::Cancelled,
            Ok(edits) => FormOutcome::Apply(edits),
            Err(error) => {
                self.error = Some(error);
                FormOutcome::Open
            }
        }
    }

    /// Open the editor on the focused long text. It shows the text's
    /// control and bidirectional characters as visible escapes
    /// ([`editable`]), which closing turns back into the characters.
    fn open_long_text(&mut self) {
        let text = editable(&self.fields[self.focused].text);
        let lines: Vec<String> = text.split('\n').map(str::to_owned).collect();
        let mut editor = TextArea::new(lines);
        editor.set_wrap_mode(WrapMode::WordOrGlyph);
        editor.move_cursor(CursorMove::Bottom);
        editor.move_cursor(CursorMove::End);
        self.long_text = Some(editor);
    }

    fn long_text_key(&mut self, keymap: &Keymap, event: KeyEvent, plan: &Plan) {
        let done =
            keymap.action(Mode::Editor, Key::from_event(&event)) == Some(Action::CloseEditor);
        let Some(editor) = &mut self.long_text else {
            return;
        };
        if !done {
            match event.code {
                // A character that would drive the terminal goes in as its
                // visible escape.
                KeyCode::Char(c) if is_unsafe_char(c) => {
                    editor.insert_str(editable(&c.to_string()));
                }
                _ => {
                    editor.input(event);
                }
            }
            return;
        }
        let text = from_editable(&editor.lines().join("\n"));
        let text = text.trim_end_matches('\n').to_owned();
        let line = &mut self.fields[self.focused];
        line.cursor = text.chars().count();
        line.text = text;
        self.long_text = None;
        self.check(self.focused, plan);
    }

    fn open_picker(&mut self, plan: &Plan) {
        let line = &self.fields[self.focused];
        let field = line.field;
        let none = || Entry::new("", "(none)");
        let mut entries = Vec::new();
        let title = format!("{} — type to search, Enter to choose", field.key);
        let picker = match field.kind {
            FieldKind::Keyword(words) => {
                if !field.required {
                    entries.push(none());
                }
                entries.extend(words.iter().map(|w| Entry::new(*w, "")));
                Picker::single(title, entries, Some(line.text.as_str()))
            }
            FieldKind::Bool => {
                if !field.required {
                    entries.push(none());
                }
                entries.push(Entry::new("true", "yes"));
                entries.push(Entry::new("false", "no"));
                Picker::single(title, entries, Some(line.text.as_str()))
            }
            FieldKind::Reference(target) => {
                if !field.required {
                    entries.push(none());
                }
                entries.extend(reference_entries(plan, target, self.own_id()));
                Picker::single(title, entries, Some(line.text.as_str()))
            }
            FieldKind::References(target) => {
                let current: Vec<String> = line
                    .text
                    .split(',')
                    .map(|s| s.trim().to_owned())
                    .filter(|s| !s.is_empty())
                    .collect();
                let title = format!(
                    "{} — type to search, Space to tick, Enter when done",
                    field.key
                );
                Picker::multiple(title, reference_entries(plan, target, None), &current)
            }
            _ => return,
        };
        self.picker = Some(picker);
    }

    /// The id of the item being edited, so a goal is not offered as its own
    /// parent.
    fn own_id(&self) -> Option<&str> {
        self.fields
            .iter()
            .find(|f| f.field.kind == FieldKind::Id)
            .and_then(|f| f.original.as_deref())
    }

    fn picker_key(&mut self, keymap: &Keymap, event: KeyEvent, plan: &Plan) {
        let Some(picker) = &mut self.picker else {
            return;
        };
        match picker.key(keymap, event) {
            Picked::Open => {}
            Picked::Cancelled => self.picker = None,
            // A form's pickers offer no row for a typed value: what is not
            // listed is typed into the field itself.
            Picked::Typed(_) => {}
            Picked::Chosen(chosen) => {
                let values: Vec<&str> = chosen
                    .iter()
                    .map(|&i| picker.entries[i].value.as_str())
                    .collect();
                let text = values.join(", ");
                let line = &mut self.fields[self.focused];
                line.cursor = text.chars().count();
                line.text = text;
                self.picker = None;
                self.check(self.focused, plan);
                // Move on, as after typing a value.
                self.focused = (self.focused + 1).min(self.fields.len());
            }
        }
    }
}

/// The entries of a reference picker: ids with their names or titles.
fn reference_entries(plan: &Plan, target: Target, except: Option<&str>) -> Vec<Entry> {
    let mut entries: Vec<Entry> = match target {
        Target::Theme => plan
            .themes
            .iter()
            .map(|t| Entry::new(t.id.clone(), t.name.clone()))
            .collect(),
        Target::Actor => plan
            .actors
            .iter()
            .map(|a| Entry::new(a.id.clone(), a.name.clone()))
            .collect(),
        Target::Goal => plan
            .goals
            .iter()
            .map(|g| Entry::new(g.id.clone(), g.title.clone()))
            .collect(),
        Target::GoalOrPartnership => plan
            .goals
            .iter()
            .map(|g| Entry::new(g.id.clone(), g.title.clone()))
            .chain(
                plan.partnerships
                    .iter()
                    .map(|p| Entry::new(p.id.clone(), p.title.clone())),
            )
            .collect(),
        Target::Workshop => plan
            .workshops
            .iter()
            .map(|w| Entry::new(w.id.clone(), w.title.clone()))
            .collect(),
    };
    if let Some(except) = except {
        entries.retain(|e| e.value != except);
    }
    entries
}

/// The byte offset of character `chars` of `text`.
fn byte_at(text: &str, chars: usize) -> usize {
    text.char_indices()
        .nth(chars)
        .map_or(text.len(), |(i, _)| i)
}
