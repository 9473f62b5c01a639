//! Keys rebound in the config work in every mode, and the windows' hints
//! and the help show the keys in force.

use super::*;
use crate::tui::keymap::{Keymap, Mode};

/// The Ghent fixture with up and down rebound as a config file would.
fn rebound(up: &str, down: &str) -> Fixture {
    let mut f = fixture();
    f.app.settings.keymap = Keymap::with_overrides(&[
        ("up".into(), vec![up.into()]),
        ("down".into(), vec![down.into()]),
    ])
    .unwrap();
    f
}

fn help_scroll(app: &App) -> usize {
    match &app.overlay {
        Some(Overlay::Help { scroll }) => *scroll,
        other => panic!("no help: {other:?}"),
    }
}

#[test]
fn rebound_up_and_down_move_in_every_mode_and_scroll_the_help() {
    let mut f = rebound("ctrl-p", "ctrl-n");
    let app = &mut f.app;
    // Browsing.
    update(app, Action::ShowGoals);
    ctrl(app, 'n');
    assert_eq!(selected_goal(app).id, "community-energy");
    ctrl(app, 'p');
    assert_eq!(selected_goal(app).id, "short-food-chains");
    key(app, KeyCode::Down);
    assert_eq!(
        selected_goal(app).id,
        "short-food-chains",
        "↓ is not down any more"
    );
    // The filter picker.
    update(app, Action::Filter);
    ctrl(app, 'n');
    ctrl(app, 'n');
    let Some(Overlay::Picker { picker, .. }) = &app.overlay else {
        panic!("no picker");
    };
    assert_eq!(picker.selected, 2);
    ctrl(app, 'p');
    let Some(Overlay::Picker { picker, .. }) = &app.overlay else {
        panic!("no picker");
    };
    assert_eq!(picker.selected, 1);
    key(app, KeyCode::Esc);
    // A form.
    update(app, Action::Edit);
    ctrl(app, 'n');
    ctrl(app, 'n');
    let Some(Overlay::Form(form)) = &app.overlay else {
        panic!("no form");
    };
    assert_eq!(form.fields[form.focused].field.key, "theme");
    ctrl(app, 'p');
    let Some(Overlay::Form(form)) = &app.overlay else {
        panic!("no form");
    };
    assert_eq!(form.fields[form.focused].field.key, "title");
    key(app, KeyCode::Esc);
    // The help scrolls with them, and j no longer does.
    update(app, Action::Help);
    ctrl(app, 'n');
    ctrl(app, 'n');
    assert_eq!(help_scroll(app), 2);
    ctrl(app, 'p');
    assert_eq!(help_scroll(app), 1);
    key(app, KeyCode::Char('j'));
    assert!(
        app.overlay.is_none(),
        "j closes the help like any other key"
    );
}

#[test]
fn letters_for_up_and_down_move_the_screens_and_help_and_type_in_forms() {
    let mut f = rebound("i", "m");
    let app = &mut f.app;
    update(app, Action::ShowGoals);
    typed(app, "m");
    assert_eq!(selected_goal(app).id, "community-energy");
    update(app, Action::Help);
    typed(app, "mm");
    assert_eq!(help_scroll(app), 2);
    typed(app, "i");
    assert_eq!(help_scroll(app), 1);
    key(app, KeyCode::Esc);
    // In a form a letter is text; the arrows still move.
    update(app, Action::Edit);
    key(app, KeyCode::Down);
    ctrl(app, 'u');
    typed(app, "mim");
    let Some(Overlay::Form(form)) = &app.overlay else {
        panic!("no form");
    };
    assert_eq!(form.fields[form.focused].field.key, "title");
    assert_eq!(form.fields[form.focused].text, "mim");
}

#[test]
fn the_help_and_the_hints_show_the_rebound_keys() {
    let f = rebound("ctrl-p", "ctrl-n");
    let keymap = &f.app.settings.keymap;
    let lines = keymap.help_lines();
    let keys_of = |what: &str| -> Vec<String> {
        lines
            .iter()
            .filter_map(|l| match l {
                crate::tui::keymap::HelpLine::Keys(keys, help) if help.starts_with(what) => {
                    Some(keys.clone())
                }
                _ => None,
            })
            .collect()
    };
    let downs = keys_of("Move down a row");
    assert!(!downs.is_empty());
    assert!(downs.iter().all(|k| k.contains("Ctrl-n")), "{downs:?}");
    assert!(
        !downs.iter().any(|k| k.contains('j') || k.contains('↓')),
        "{downs:?}"
    );
    let help_hints = keymap.hints_for(Mode::Help, &[(Action::Up, "up"), (Action::Down, "down")]);
    assert_eq!(help_hints, "Ctrl-p up · Ctrl-n down");
    // A rebound window key shows in that window's hints.
    let keymap = Keymap::with_overrides(&[("apply".into(), vec!["ctrl-w".into()])]).unwrap();
    assert!(keymap.hint_line(Mode::Form).contains("Ctrl-w apply"));
}
