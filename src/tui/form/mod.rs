//! The form that edits or adds one item, one field a line, and an Apply
//! line at the end.
//!
//! Each line holds the field's text as a person types it. Every keystroke
//! checks the text against the field's kind and the plan (a number, a year, a
//! date, a word from the list, an id that exists) with the same
//! [`check_value`] every edit goes through, and the error shows on the line.
//! Words and references are chosen from a [`Picker`]; long texts are written
//! in a multi-line editor (ratatui-textarea) that wraps long lines by
//! display width. Enter on a line of text goes to the next line; only the
//! Apply line (or the apply key, Ctrl-s) applies, turning the changed lines
//! into [`Edit`]s — one undo step for the whole form — and a form with an
//! error never reaches the document. A new item's id is proposed from its
//! name until the id is typed into. The keys are the key table's
//! ([`keys`]).

mod keys;

use ratatui_textarea::TextArea;

use crate::document::PlanDocument;
use crate::edit::{Edit, FieldValue, ItemPath, check_value, field_text};
use crate::fields::{Collection, Field, FieldKind, TableKind};
use crate::model::Plan;
use crate::tui::picker::Picker;

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
    "notes",
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

    /// Whether the field holds a list (written comma-separated).
    pub fn is_list(&self) -> bool {
        matches!(self.field.kind, FieldKind::Texts | FieldKind::References(_))
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
    /// The line with the cursor; `fields.len()` is the Apply line.
    pub focused: usize,
    /// Why applying was refused.
    pub error: Option<String>,
    /// The multi-line editor, open on the focused line.
    pub long_text: Option<TextArea<'static>>,
    /// The choice list, open on the focused line.
    pub picker: Option<Picker>,
    /// Whether the id follows the name (a new item whose id nobody typed).
    pub id_follows_name: bool,
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
        form.id_follows_name = form
            .fields
            .iter()
            .any(|f| f.field.kind == FieldKind::Id && f.text.is_empty());
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
            id_follows_name: false,
        }
    }

    fn check_all(&mut self, plan: &Plan) {
        for position in 0..self.fields.len() {
            self.check(position, plan);
        }
    }

    /// Check line `position` and record its error.
    pub(crate) fn check(&mut self, position: usize, plan: &Plan) {
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
        let Some(collection) = collection.and_then(|c| c.parse::<Collection>().ok()) else {
            return false;
        };
        // Goals and partnerships share their ids.
        Collection::ALL
            .iter()
            .filter(|other| collection.shares_ids_with(**other))
            .any(|other| match other {
                Collection::Goals => plan.goals.iter().any(|g| g.id == id),
                Collection::Partnerships => plan.partnerships.iter().any(|p| p.id == id),
                Collection::Actors => plan.actors.iter().any(|a| a.id == id),
                Collection::Themes => plan.themes.iter().any(|t| t.id == id),
                Collection::Workshops => plan.workshops.iter().any(|w| w.id == id),
            })
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

    /// Whether the cursor is on the Apply line.
    pub fn on_apply_line(&self) -> bool {
        self.focused >= self.fields.len()
    }

    /// How many lines the cursor moves over: the fields and Apply.
    pub fn line_count(&self) -> usize {
        self.fields.len() + 1
    }

    /// The id of an item being renamed and its new id, if the form renames.
    pub fn rename(&self) -> Option<(String, String)> {
        if !matches!(self.target, FormTarget::Edit(_)) {
            return None;
        }
        let line = self.fields.iter().find(|f| f.field.kind == FieldKind::Id)?;
        let from = line.original.clone()?;
        (line.changed()).then(|| (from, line.text.trim().to_owned()))
    }

    /// While the id follows the name: the id proposed from the name (or
    /// title), made unique in the plan.
    fn propose_id(&mut self, plan: &Plan) {
        if !self.id_follows_name {
            return;
        }
        let Some(name) = self
            .fields
            .iter()
            .find(|f| matches!(f.field.key, "name" | "title"))
            .map(|f| f.text.clone())
        else {
            return;
        };
        let Some(position) = self
            .fields
            .iter()
            .position(|f| f.field.kind == FieldKind::Id)
        else {
            return;
        };
        let base = slug(&name);
        let mut id = base.clone();
        let mut n = 2;
        while !base.is_empty() && self.id_taken(&id, plan) {
            id = format!("{base}-{n}");
            n += 1;
        }
        let line = &mut self.fields[position];
        line.cursor = id.chars().count();
        line.text = id;
        if line.text.is_empty() {
            line.error = None;
        } else {
            self.check(position, plan);
        }
    }
}

/// An id made of a name: lower-case letters and digits, words joined by `-`
/// (`Repair Cafés` → `repair-cafes`; letters with accents lose them where
/// they are Latin, and other characters are dropped).
pub fn slug(name: &str) -> String {
    let mut out = String::new();
    let mut dash = false;
    for c in name.chars() {
        let c = fold_accent(c);
        if c.is_ascii_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.push(c.to_ascii_lowercase());
        } else {
            dash = true;
        }
    }
    // An id is at most 64 bytes and does not end in a dash.
    out.truncate(64);
    while out.ends_with('-') {
        out.pop();
    }
    out
}

/// The plain Latin letter of a letter with an accent; others unchanged.
fn fold_accent(c: char) -> char {
    match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' => 'a',
        'ç' | 'Ç' => 'c',
        'è' | 'é' | 'ê' | 'ë' | 'È' | 'É' | 'Ê' | 'Ë' => 'e',
        'ì' | 'í' | 'î' | 'ï' | 'Ì' | 'Í' | 'Î' | 'Ï' => 'i',
        'ñ' | 'Ñ' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' | 'Ø' => 'o',
        'ù' | 'ú' | 'û' | 'ü' | 'Ù' | 'Ú' | 'Û' | 'Ü' => 'u',
        'ý' | 'ÿ' | 'Ý' => 'y',
        c => c,
    }
}

#[cfg(test)]
mod tests;
