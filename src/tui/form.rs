//! The form that edits or adds one item, one field a line.
//!
//! Each line holds the field's text as a person types it. Every keystroke
//! checks the text against the field's kind and the plan (a number, a year, a
//! date, a word from the list, an id that exists) with the same
//! [`check_value`] every edit goes through, and the error shows on the line.
//! Words and references are chosen from a [`Picker`]; long texts are written
//! in a multi-line editor (ratatui-textarea). Applying turns the changed
//! lines into [`Edit`]s — one undo step for the whole form — and a form with
//! an error never reaches the document.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui_textarea::TextArea;

use crate::document::PlanDocument;
use crate::edit::{Edit, FieldValue, ItemPath, check_value, field_text};
use crate::fields::{Field, FieldKind, TableKind, Target};
use crate::model::Plan;
use crate::tui::picker::{Entry, Picked, Picker};

/// Fields written over several lines.
const LONG_TEXTS: &[&str] = &[
    "description",
    "vision",
    "context",
    "objectives",
    "governance",
    "evaluation",
    "text",
    "commitments",
];

/// What the form is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormTarget {
    /// Change an item that exists.
    Edit(ItemPath),
    /// Add an item to a collection.
    Add {
        /// The item holding the collection (the plan for a top-level one).
        parent: ItemPath,
        /// The collection.
        collection: &'static str,
    },
}

/// One line of the form.
#[derive(Debug, Clone)]
pub struct FormField {
    /// The field.
    pub field: Field,
    /// The text the item had (`None`: the key was absent).
    pub original: Option<String>,
    /// The text now.
    pub text: String,
    /// The cursor, in characters.
    pub cursor: usize,
    /// Why the text does not fit, if it does not.
    pub error: Option<String>,
}

impl FormField {
    /// Whether the field is edited in the multi-line editor.
    pub fn is_long(&self) -> bool {
        self.field.kind == FieldKind::Text && LONG_TEXTS.contains(&self.field.key)
    }

    /// Whether the field is chosen from a list rather than typed.
    pub fn is_choice(&self) -> bool {
        matches!(
            self.field.kind,
            FieldKind::Keyword(_)
                | FieldKind::Reference(_)
                | FieldKind::References(_)
                | FieldKind::Bool
        )
    }

    fn changed(&self) -> bool {
        match &self.original {
            Some(original) => *original != self.text,
            None => !self.text.trim().is_empty(),
        }
    }
}

/// What a key did to the form.
#[derive(Debug, Clone, PartialEq)]
pub enum FormOutcome {
    /// Still editing.
    Open,
    /// Closed without a change.
    Cancelled,
    /// Apply these edits (checked already, as one undo step).
    Apply(Vec<Edit>),
}

/// A form over one item.
#[derive(Debug)]
pub struct Form {
    /// The window's title.
    pub title: String,
    /// What kind of item.
    pub kind: TableKind,
    /// What applying does.
    pub target: FormTarget,
    /// The lines.
    pub fields: Vec<FormField>,
    /// The line with the cursor.
    pub focused: usize,
    /// Why applying was refused.
    pub error: Option<String>,
    /// The multi-line editor, open on the focused line.
    pub long_text: Option<TextArea<'static>>,
    /// The choice list, open on the focused line.
    pub picker: Option<Picker>,
}

impl Form {
    /// A form editing the item at `item`, with the cursor on `key` if given.
    pub fn edit(
        document: &PlanDocument,
        item: ItemPath,
        title: String,
        key: Option<&str>,
    ) -> Option<Form> {
        let kind = item.kind()?;
        let fields = kind
            .fields()
            .iter()
            .map(|field| {
                let original = field_text(document, &item, field.key);
                let text = original.clone().unwrap_or_default();
                FormField {
                    field: *field,
                    cursor: text.chars().count(),
                    original,
                    text,
                    error: None,
                }
            })
            .collect();
        let mut form = Form::build(title, kind, FormTarget::Edit(item), fields);
        if let Some(key) = key
            && let Some(position) = form.fields.iter().position(|f| f.field.key == key)
        {
            form.focused = position;
        }
        form.check_all(document.plan());
        Some(form)
    }

    /// A form adding an item to `collection` of `parent`, with some fields
    /// filled in already (`prefill`: key and text).
    pub fn add(
        plan: &Plan,
        parent: ItemPath,
        collection: &'static str,
        kind: TableKind,
        title: String,
        prefill: &[(&str, String)],
    ) -> Form {
        let fields = kind
            .fields()
            .iter()
            .map(|field| {
                let text = prefill
                    .iter()
                    .find(|(key, _)| *key == field.key)
                    .map(|(_, text)| text.clone())
                    .unwrap_or_default();
                FormField {
                    field: *field,
                    original: None,
                    cursor: text.chars().count(),
                    text,
                    error: None,
                }
            })
            .collect();
        let mut form = Form::build(title, kind, FormTarget::Add { parent, collection }, fields);
        // Start on the first required line left empty.
        form.focused = form
            .fields
            .iter()
            .position(|f| f.field.required && f.text.is_empty())
            .unwrap_or(0);
        form.check_all(plan);
        // An empty required line is not an error until the form is applied.
        for field in &mut form.fields {
            if field.text.is_empty() {
                field.error = None;
            }
        }
        form
    }

    fn build(title: String, kind: TableKind, target: FormTarget, fields: Vec<FormField>) -> Form {
        Form {
            title,
            kind,
            target,
            fields,
            focused: 0,
            error: None,
            long_text: None,
            picker: None,
        }
    }

    fn check_all(&mut self, plan: &Plan) {
        for position in 0..self.fields.len() {
            self.check(position, plan);
        }
    }

    /// Check line `position` and record its error.
    fn check(&mut self, position: usize, plan: &Plan) {
        let error = self.value(position, plan).err();
        self.fields[position].error = error;
    }

    /// The value of line `position`: `None` to leave the key out.
    fn value(&self, position: usize, plan: &Plan) -> Result<Option<FieldValue>, String> {
        let line = &self.fields[position];
        let field = line.field;
        if line.text.trim().is_empty() {
            return if field.required {
                Err(format!("`{}` is required", field.key))
            } else {
                Ok(None)
            };
        }
        // An unchanged line is kept as it is, even where the plan is broken.
        if line.original.as_deref() == Some(line.text.as_str()) {
            return FieldValue::parse(field.kind, &line.text).map(Some);
        }
        let value = FieldValue::parse(field.kind, &line.text)?;
        if field.kind == FieldKind::Id && self.id_taken(&line.text, plan) {
            return Err(format!("the id `{}` is taken", line.text));
        }
        check_value(plan, self.kind, field.key, &value).map_err(|error| match error {
            crate::edit::EditError::BadValue { reason, .. } => reason,
            other => other.to_string(),
        })?;
        if field.key == "url"
            && !(line.text.starts_with("https://") || line.text.starts_with("http://"))
        {
            return Err("a url starts with `https://` or `http://`".to_owned());
        }
        Ok(Some(value))
    }

    fn id_taken(&self, id: &str, plan: &Plan) -> bool {
        let collection = match &self.target {
            FormTarget::Edit(item) => item.steps.first().map(|(c, _)| *c),
            FormTarget::Add { collection, .. } => Some(*collection),
        };
        match collection {
            Some("goals" | "partnerships") => {
                plan.goals.iter().any(|g| g.id == id)
                    || plan.partnerships.iter().any(|p| p.id == id)
            }
            Some("actors") => plan.actors.iter().any(|a| a.id == id),
            Some("themes") => plan.themes.iter().any(|t| t.id == id),
            Some("workshops") => plan.workshops.iter().any(|w| w.id == id),
            _ => false,
        }
    }

    /// The edits the form stands for, or why it cannot be applied.
    pub fn edits(&mut self, plan: &Plan) -> Result<Vec<Edit>, String> {
        self.check_all(plan);
        if let Some(position) = self.fields.iter().position(|f| f.error.is_some()) {
            self.focused = position;
            let error = self.fields[position].error.clone().unwrap_or_default();
            return Err(format!("{}: {error}", self.fields[position].field.key));
        }
        match &self.target {
            FormTarget::Edit(item) => {
                let mut edits = Vec::new();
                let mut rename = None;
                for position in 0..self.fields.len() {
                    let line = &self.fields[position];
                    if !line.changed() {
                        continue;
                    }
                    if line.field.kind == FieldKind::Id {
                        rename = Some(line.text.trim().to_owned());
                        continue;
                    }
                    edits.push(Edit::Set {
                        item: item.clone(),
                        key: line.field.key.to_owned(),
                        value: self.value(position, plan)?,
                    });
                }
                // The rename last: references it updates may be in the form.
                if let Some(to) = rename {
                    edits.push(Edit::Rename {
                        item: item.clone(),
                        to,
                    });
                }
                Ok(edits)
            }
            FormTarget::Add { parent, collection } => {
                let mut fields = Vec::new();
                for position in 0..self.fields.len() {
                    if let Some(value) = self.value(position, plan)? {
                        fields.push((self.fields[position].field.key.to_owned(), value));
                    }
                }
                Ok(vec![Edit::Add {
                    parent: parent.clone(),
                    collection: (*collection).to_owned(),
                    fields,
                }])
            }
        }
    }

    /// Handle a key.
    pub fn key(&mut self, key: KeyEvent, plan: &Plan) -> FormOutcome {
        if self.picker.is_some() {
            self.picker_key(key, plan);
            return FormOutcome::Open;
        }
        if self.long_text.is_some() {
            self.long_text_key(key, plan);
            return FormOutcome::Open;
        }
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        let count = self.fields.len();
        let line = &mut self.fields[self.focused];
        let chars = line.text.chars().count();
        match key.code {
            KeyCode::Esc => return FormOutcome::Cancelled,
            KeyCode::Char('c') if ctrl => return FormOutcome::Cancelled,
            KeyCode::Char('s') if ctrl => return self.apply(plan),
            KeyCode::Enter if line.is_long() => self.open_long_text(),
            KeyCode::Enter | KeyCode::Char(' ') if line.is_choice() => self.open_picker(plan),
            KeyCode::Enter => return self.apply(plan),
            KeyCode::Tab | KeyCode::Down => self.focused = (self.focused + 1) % count,
            KeyCode::BackTab | KeyCode::Up => self.focused = (self.focused + count - 1) % count,
            KeyCode::Left => line.cursor = line.cursor.saturating_sub(1),
            KeyCode::Right => line.cursor = (line.cursor + 1).min(chars),
            KeyCode::Home => line.cursor = 0,
            KeyCode::Char('a') if ctrl => line.cursor = 0,
            KeyCode::End => line.cursor = chars,
            KeyCode::Char('e') if ctrl => line.cursor = chars,
            KeyCode::Char('u') if ctrl => {
                line.text.clear();
                line.cursor = 0;
                self.check(self.focused, plan);
            }
            KeyCode::Backspace if line.cursor > 0 => {
                let at = byte_at(&line.text, line.cursor - 1);
                line.text.remove(at);
                line.cursor -= 1;
                self.check(self.focused, plan);
            }
            KeyCode::Delete if line.cursor < chars => {
                let at = byte_at(&line.text, line.cursor);
                line.text.remove(at);
                self.check(self.focused, plan);
            }
            KeyCode::Char(c) if !ctrl && !c.is_control() => {
                if line.is_long() {
                    self.open_long_text();
                    if let Some(editor) = &mut self.long_text {
                        editor.insert_char(c);
                    }
                } else if line.is_choice() {
                    self.open_picker(plan);
                    if let Some(picker) = &mut self.picker {
                        picker.set_query(&c.to_string());
                    }
                } else {
                    let at = byte_at(&line.text, line.cursor);
                    line.text.insert(at, c);
                    line.cursor += 1;
                    self.check(self.focused, plan);
                }
            }
            _ => {}
        }
        FormOutcome::Open
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

    fn open_long_text(&mut self) {
        let text = &self.fields[self.focused].text;
        let lines: Vec<String> = if text.is_empty() {
            vec![String::new()]
        } else {
            text.split('\n').map(str::to_owned).collect()
        };
        let mut editor = TextArea::new(lines);
        editor.move_cursor(ratatui_textarea::CursorMove::Bottom);
        editor.move_cursor(ratatui_textarea::CursorMove::End);
        self.long_text = Some(editor);
    }

    fn long_text_key(&mut self, key: KeyEvent, plan: &Plan) {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        let done = key.code == KeyCode::Esc || (ctrl && key.code == KeyCode::Char('s'));
        let Some(editor) = &mut self.long_text else {
            return;
        };
        if !done {
            editor.input(key);
            return;
        }
        let text = editor.lines().join("\n");
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

    fn picker_key(&mut self, key: KeyEvent, plan: &Plan) {
        let Some(picker) = &mut self.picker else {
            return;
        };
        match picker.key(key) {
            Picked::Open => {}
            Picked::Cancelled => self.picker = None,
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
                self.focused = (self.focused + 1).min(self.fields.len() - 1);
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Date;

    const PLAN: &str = "format = 1\n[plan]\ncity = \"C\"\ntitle = \"T\"\n\
        [[actors]]\nid = \"city\"\nname = \"City\"\nrole = \"public\"\n\
        [[goals]]\nid = \"food\"\ntitle = \"Food\"\nowner = \"city\"\ntarget_year = 2030\n";

    fn document() -> PlanDocument {
        PlanDocument::load(PLAN.as_bytes(), Date::new(2026, 1, 1).unwrap()).unwrap()
    }

    fn press(form: &mut Form, document: &PlanDocument, keys: &str) -> FormOutcome {
        let mut outcome = FormOutcome::Open;
        for c in keys.chars() {
            let code = match c {
                '\n' => KeyCode::Enter,
                '\t' => KeyCode::Tab,
                '\u{8}' => KeyCode::Backspace,
                '\u{1b}' => KeyCode::Esc,
                c => KeyCode::Char(c),
            };
            outcome = form.key(KeyEvent::new(code, KeyModifiers::NONE), document.plan());
        }
        outcome
    }

    fn goal_form(document: &PlanDocument, key: &str) -> Form {
        Form::edit(
            document,
            ItemPath::top("goals", 0),
            "goal".into(),
            Some(key),
        )
        .unwrap()
    }

    #[test]
    fn a_changed_line_becomes_one_set() {
        let document = document();
        let mut form = goal_form(&document, "title");
        assert_eq!(form.fields[form.focused].text, "Food");
        let outcome = press(&mut form, &document, "\u{8}\u{8}\u{8}\u{8}Local food\n");
        assert_eq!(
            outcome,
            FormOutcome::Apply(vec![Edit::Set {
                item: ItemPath::top("goals", 0),
                key: "title".into(),
                value: Some(FieldValue::Text("Local food".into())),
            }])
        );
    }

    #[test]
    fn a_bad_value_shows_its_error_and_is_not_applied() {
        let document = document();
        let mut form = goal_form(&document, "target_year");
        press(&mut form, &document, "x");
        let line = &form.fields[form.focused];
        assert!(
            line.error
                .as_deref()
                .unwrap()
                .contains("not a whole number"),
            "{line:?}"
        );
        assert_eq!(press(&mut form, &document, "\n"), FormOutcome::Open);
        assert!(form.error.as_deref().unwrap().starts_with("target_year"));
        press(&mut form, &document, "\u{8}");
        assert_eq!(form.fields[form.focused].error, None);
        assert_eq!(press(&mut form, &document, "\n"), FormOutcome::Cancelled);
    }

    #[test]
    fn a_reference_is_chosen_from_the_plan() {
        let document = document();
        let mut form = goal_form(&document, "owner");
        // Enter opens the picker on the current owner; Enter on "(none)" clears.
        press(&mut form, &document, "\n");
        let picker = form.picker.as_ref().unwrap();
        assert_eq!(picker.current().unwrap().value, "city");
        press(&mut form, &document, "\u{1b}");
        assert!(form.picker.is_none());
        // An unknown owner typed by hand is an error.
        form.fields[form.focused].text = "cty".into();
        form.check(form.focused, document.plan());
        let error = form.fields[form.focused].error.clone().unwrap();
        assert!(error.contains("did you mean `city`"), "{error}");
    }

    #[test]
    fn adding_needs_the_required_fields() {
        let document = document();
        let mut form = Form::add(
            document.plan(),
            ItemPath::top("goals", 0),
            "indicators",
            TableKind::Indicator,
            "indicator".into(),
            &[],
        );
        assert_eq!(form.fields[form.focused].field.key, "name");
        assert_eq!(form.fields[form.focused].error, None);
        assert_eq!(press(&mut form, &document, "\n"), FormOutcome::Open);
        assert!(form.error.as_deref().unwrap().contains("required"));
        let outcome = press(&mut form, &document, "Members\t\t5\n");
        assert_eq!(
            outcome,
            FormOutcome::Apply(vec![Edit::Add {
                parent: ItemPath::top("goals", 0),
                collection: "indicators".into(),
                fields: vec![
                    ("name".into(), FieldValue::Text("Members".into())),
                    ("baseline".into(), FieldValue::Number(5.0)),
                ],
            }])
        );
    }

    #[test]
    fn a_new_id_renames() {
        let document = document();
        let mut form = goal_form(&document, "id");
        let outcome = press(&mut form, &document, "-chains\n");
        assert_eq!(
            outcome,
            FormOutcome::Apply(vec![Edit::Rename {
                item: ItemPath::top("goals", 0),
                to: "food-chains".into(),
            }])
        );
    }

    #[test]
    fn long_texts_open_an_editor() {
        let document = document();
        let mut form = goal_form(&document, "description");
        press(&mut form, &document, "\nline one");
        assert!(form.long_text.is_some());
        form.key(
            KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE),
            document.plan(),
        );
        press(&mut form, &document, "line two\u{1b}");
        assert!(form.long_text.is_none());
        assert_eq!(form.fields[form.focused].text, "line one\nline two");
    }
}
