//! The key table's tests: parsing keys, overrides, the modes' keys, hints
//! and the help.

use super::*;

#[test]
fn every_action_has_a_default_key() {
    let keymap = Keymap::default();
    for action in Action::ALL {
        assert!(
            keymap.keys(*action).next().is_some(),
            "{} has no key",
            action.name()
        );
    }
}

#[test]
fn no_key_is_bound_twice_in_a_mode() {
    let mut seen = std::collections::HashSet::new();
    for binding in &Keymap::default().bindings {
        assert!(
            seen.insert((binding.mode, binding.key)),
            "{} bound twice in {:?}",
            binding.key,
            binding.mode
        );
    }
}

#[test]
fn text_modes_leave_printable_keys_to_the_text() {
    for binding in &Keymap::default().bindings {
        if binding.mode.takes_text() && binding.key.is_text() {
            assert_eq!(
                (binding.mode, binding.action),
                (Mode::Ticking, Action::Tick),
                "{} is text in {:?}",
                binding.key,
                binding.mode
            );
        }
    }
}

#[test]
fn keys_parse_and_print() {
    assert_eq!(Key::parse("ctrl-r"), Ok(Key::ctrl('r')));
    assert_eq!(Key::parse("G"), Ok(Key::char('G')));
    assert_eq!(Key::parse("shift-tab"), Ok(Key::plain(KeyCode::BackTab)));
    assert_eq!(Key::parse("f5"), Ok(Key::plain(KeyCode::F(5))));
    assert!(Key::parse("hyper-x").unwrap_err().contains("is not a key"));
    assert_eq!(Key::ctrl('s').to_string(), "Ctrl-s");
    assert_eq!(Key::plain(KeyCode::BackTab).to_string(), "Shift-Tab");
}

#[test]
fn shift_is_part_of_the_character() {
    let event = KeyEvent::new(KeyCode::Char('G'), KeyModifiers::SHIFT);
    assert_eq!(Key::from_event(&event), Key::char('G'));
    let event = KeyEvent::new(
        KeyCode::Char('R'),
        KeyModifiers::CONTROL | KeyModifiers::SHIFT,
    );
    assert_eq!(Key::from_event(&event), Key::ctrl('r'));
}

#[test]
fn overrides_replace_an_actions_keys_and_free_the_key() {
    let keymap = Keymap::with_overrides(&[("undo".into(), vec!["z".into(), "j".into()])]).unwrap();
    assert_eq!(
        keymap.action(Mode::Browse, Key::char('z')),
        Some(Action::Undo)
    );
    assert_eq!(
        keymap.action(Mode::Browse, Key::char('j')),
        Some(Action::Undo)
    );
    assert_eq!(keymap.action(Mode::Browse, Key::char('u')), None);
    assert_eq!(
        keymap
            .keys_in(Mode::Browse, Action::Down)
            .collect::<Vec<_>>(),
        vec![Key::plain(KeyCode::Down)]
    );
    assert!(
        keymap
            .hints(Mode::Browse)
            .contains(&(Key::char('z'), "undo"))
    );
    let error = Keymap::with_overrides(&[("undoo".into(), vec!["z".into()])]).unwrap_err();
    assert!(error.contains("did you mean `undo`"), "{error}");
}

#[test]
fn help_lists_every_key() {
    let keymap = Keymap::default();
    let rows = keymap.help_rows(Mode::Browse);
    assert!(
        rows.iter()
            .any(|(keys, help)| keys == "q Ctrl-c" && help.starts_with("Quit"))
    );
    let listed: usize = Mode::ALL.iter().map(|m| keymap.help_rows(*m).len()).sum();
    let pairs: std::collections::HashSet<(Mode, Action)> =
        keymap.bindings.iter().map(|b| (b.mode, b.action)).collect();
    assert_eq!(listed, pairs.len());
}

#[test]
fn a_rebound_key_works_in_every_mode_of_its_action() {
    let keymap = Keymap::with_overrides(&[
        ("up".into(), vec!["ctrl-p".into()]),
        ("down".into(), vec!["ctrl-n".into()]),
    ])
    .unwrap();
    for mode in [
        Mode::Browse,
        Mode::Search,
        Mode::Form,
        Mode::Picker,
        Mode::Help,
    ] {
        assert_eq!(
            keymap.action(mode, Key::ctrl('n')),
            Some(Action::Down),
            "{mode:?}"
        );
        assert_eq!(
            keymap.action(mode, Key::ctrl('p')),
            Some(Action::Up),
            "{mode:?}"
        );
        assert_eq!(
            keymap.action(mode, Key::plain(KeyCode::Down)),
            None,
            "{mode:?}"
        );
    }
    assert_eq!(keymap.action(Mode::Help, Key::char('j')), None);
    assert!(keymap.hint_line(Mode::Form).contains("Tab next"));
    // Letters rebind the screens and the help; the text modes keep arrows.
    let keymap = Keymap::with_overrides(&[
        ("up".into(), vec!["i".into()]),
        ("down".into(), vec!["m".into()]),
    ])
    .unwrap();
    assert_eq!(
        keymap.action(Mode::Browse, Key::char('m')),
        Some(Action::Down)
    );
    assert_eq!(
        keymap.action(Mode::Help, Key::char('m')),
        Some(Action::Down)
    );
    assert_eq!(keymap.action(Mode::Browse, Key::char('j')), None);
    assert_eq!(keymap.action(Mode::Form, Key::char('m')), None);
    assert_eq!(
        keymap.action(Mode::Picker, Key::plain(KeyCode::Down)),
        Some(Action::Down)
    );
}
