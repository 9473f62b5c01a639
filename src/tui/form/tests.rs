//! The form driven key by key, without a terminal.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::*;
use crate::model::Date;
use crate::tui::keymap::Keymap;

const PLAN: &str = "format = 1\n[plan]\ncity = \"C\"\ntitle = \"T\"\n\
        [[actors]]\nid = \"city\"\nname = \"City\"\nrole = \"public\"\n\
        [[goals]]\nid = \"food\"\ntitle = \"Food\"\nowner = \"city\"\ntarget_year = 2030\n";

fn document() -> PlanDocument {
    PlanDocument::load(PLAN.as_bytes(), Date::new(2026, 1, 1).unwrap()).unwrap()
}

fn press(form: &mut Form, document: &PlanDocument, keys: &str) -> FormOutcome {
    let mut outcome = FormOutcome::Open;
    for c in keys.chars() {
        let event = match c {
            // Ctrl-s, the apply key.
            '\u{13}' => KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL),
            c => KeyEvent::new(code_of(c), KeyModifiers::NONE),
        };
        outcome = form.key(&Keymap::default(), event, document.plan());
    }
    outcome
}

fn code_of(c: char) -> KeyCode {
    match c {
        '\n' => KeyCode::Enter,
        '\t' => KeyCode::Tab,
        '\u{8}' => KeyCode::Backspace,
        '\u{1b}' => KeyCode::Esc,
        c => KeyCode::Char(c),
    }
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
    let outcome = press(&mut form, &document, "\u{8}\u{8}\u{8}\u{8}Local food\u{13}");
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
    assert_eq!(press(&mut form, &document, "\u{13}"), FormOutcome::Open);
    assert!(form.error.as_deref().unwrap().starts_with("target_year"));
    press(&mut form, &document, "\u{8}");
    assert_eq!(form.fields[form.focused].error, None);
    assert_eq!(
        press(&mut form, &document, "\u{13}"),
        FormOutcome::Cancelled
    );
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
    assert_eq!(press(&mut form, &document, "\u{13}"), FormOutcome::Open);
    assert!(form.error.as_deref().unwrap().contains("required"));
    let outcome = press(&mut form, &document, "Members\t\t5\u{13}");
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
    let outcome = press(&mut form, &document, "-chains\u{13}");
    assert_eq!(form.rename(), Some(("food".into(), "food-chains".into())));
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
        &Keymap::default(),
        KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE),
        document.plan(),
    );
    press(&mut form, &document, "line two\u{1b}");
    assert!(form.long_text.is_none());
    assert_eq!(form.fields[form.focused].text, "line one\nline two");
}

#[test]
fn enter_on_a_line_of_text_moves_on_and_the_apply_line_applies() {
    let document = document();
    let mut form = goal_form(&document, "title");
    let title = form.focused;
    assert_eq!(press(&mut form, &document, "!\n"), FormOutcome::Open);
    assert_eq!(form.focused, title + 1, "Enter went to the next line");
    // Down to the Apply line, past the last field; Enter there applies.
    while !form.on_apply_line() {
        press(&mut form, &document, "\t");
    }
    assert!(matches!(
        press(&mut form, &document, "\n"),
        FormOutcome::Apply(edits) if edits.len() == 1
    ));
    // Tab from the Apply line goes round to the first line.
    press(&mut form, &document, "\t");
    assert_eq!(form.focused, 0);
}

#[test]
fn a_new_items_id_follows_its_name_until_typed_into() {
    let document = document();
    let mut form = Form::add(
        document.plan(),
        ItemPath::plan(),
        "actors",
        TableKind::Actor,
        "actor".into(),
        &[],
    );
    assert_eq!(form.fields[form.focused].field.key, "id");
    press(&mut form, &document, "\tCité Énergie");
    assert_eq!(form.fields[0].text, "cite-energie");
    assert_eq!(form.fields[0].error, None);
    // A name whose id is taken gets a number.
    press(
        &mut form,
        &document,
        "\u{8}\u{8}\u{8}\u{8}\u{8}\u{8}\u{8}\u{8}\u{8}\u{8}\u{8}\u{8}City",
    );
    assert_eq!(form.fields[0].text, "city-2");
    // Once the id is typed into, it stays as typed.
    press(&mut form, &document, "\u{1b}");
    let mut form = Form::add(
        document.plan(),
        ItemPath::plan(),
        "actors",
        TableKind::Actor,
        "actor".into(),
        &[],
    );
    press(&mut form, &document, "x-test\tX Test Two");
    assert_eq!(form.fields[0].text, "x-test");
    assert_eq!(slug("  Repair   cafés, 2030! "), "repair-cafes-2030");
    assert_eq!(slug("公共"), "");
}

#[test]
fn list_fields_are_marked() {
    let document = document();
    let form = Form::add(
        document.plan(),
        ItemPath::plan(),
        "partnerships",
        TableKind::Partnership,
        "partnership".into(),
        &[],
    );
    let goals = form.fields.iter().find(|f| f.field.key == "goals").unwrap();
    assert!(goals.is_list());
    let title = form.fields.iter().find(|f| f.field.key == "title").unwrap();
    assert!(!title.is_list());
}

#[test]
fn the_editor_shows_controls_as_escapes_and_keeps_the_text() {
    let text = "para \u{202e}one\u{9b}\nline \u{1b}[2J two";
    let plan = format!(
        "format = 1\n[plan]\ncity = \"C\"\ntitle = \"T\"\n\
         [[goals]]\nid = \"g\"\ntitle = \"G\"\ndescription = {}\n",
        toml::Value::String(text.into())
    );
    let document = PlanDocument::load(plan.as_bytes(), Date::new(2026, 1, 1).unwrap()).unwrap();
    let mut form = goal_form(&document, "description");
    press(&mut form, &document, "\n");
    let editor = form.long_text.as_ref().expect("the editor is open");
    assert_eq!(editor.wrap_mode(), ratatui_textarea::WrapMode::WordOrGlyph);
    let shown = editor.lines().join("\n");
    assert!(
        !shown
            .chars()
            .any(|c| crate::text::is_unsafe_char(c) && c != '\n'),
        "{shown:?}"
    );
    assert!(shown.contains("\\u{202e}"), "{shown}");
    // A bidi control typed (or pasted) goes in as its escape too.
    press(&mut form, &document, "\u{202d}");
    let shown = form.long_text.as_ref().unwrap().lines().join("\n");
    assert!(shown.ends_with("two\\u{202d}"), "{shown}");
    press(&mut form, &document, "\u{1b}");
    assert_eq!(form.fields[form.focused].text, format!("{text}\u{202d}"));
}
