//! Keys on the "terminal too small" notice: only saving and quitting act.

use super::*;

#[test]
fn on_a_too_small_terminal_a_status_key_changes_nothing_and_says_so() {
    let mut f = fixture();
    update(&mut f.app, Action::ShowGoals);
    let before = f.app.session.to_bytes();
    let selected = f.app.list().selected;
    resize(&mut f.app, 30, 6);
    assert!(too_small(&f.app));
    for code in [
        KeyCode::Char('>'),
        KeyCode::Char('<'),
        KeyCode::Char('d'),
        KeyCode::Char('e'),
        KeyCode::Down,
        KeyCode::Enter,
        KeyCode::Char('3'),
    ] {
        key(&mut f.app, code);
        assert_eq!(f.app.session.to_bytes(), before, "{code:?} edited the plan");
        assert!(f.app.overlay.is_none(), "{code:?} opened a window");
        assert!(message(&f.app).contains("ignored"), "{}", message(&f.app));
    }
    assert!(!f.app.session.is_dirty());
    assert_eq!(f.app.screen, Screen::Goals);
    assert_eq!(f.app.list().selected, selected);
    // Large enough again, the same key acts.
    resize(&mut f.app, 120, 40);
    key(&mut f.app, KeyCode::Char('>'));
    assert_ne!(f.app.session.to_bytes(), before);
}

#[test]
fn on_a_too_small_terminal_save_saves_and_quit_asks_for_nothing_unseen() {
    let mut f = fixture();
    update(&mut f.app, Action::ShowGoals);
    key(&mut f.app, KeyCode::Char('>'));
    assert!(f.app.session.is_dirty());
    resize(&mut f.app, 39, 24);
    // Quitting with unsaved edits would ask a question nobody could see.
    key(&mut f.app, KeyCode::Char('q'));
    assert!(!f.app.quit);
    assert!(f.app.overlay.is_none());
    assert!(
        message(&f.app).contains("unsaved changes"),
        "{}",
        message(&f.app)
    );
    ctrl(&mut f.app, 's');
    assert!(!f.app.session.is_dirty(), "{}", message(&f.app));
    assert_eq!(
        std::fs::read(&f.path).unwrap(),
        f.app.session.to_bytes(),
        "saved while too small"
    );
    ctrl(&mut f.app, 'c');
    assert!(f.app.quit);
}

#[test]
fn on_a_too_small_terminal_an_open_window_waits() {
    let mut f = fixture();
    update(&mut f.app, Action::ShowGoals);
    key(&mut f.app, KeyCode::Char('e'));
    assert!(has_form(&f.app));
    resize(&mut f.app, 80, 9);
    typed(&mut f.app, "xyz");
    key(&mut f.app, KeyCode::Char('q'));
    ctrl(&mut f.app, 's');
    assert!(!f.app.quit);
    assert!(has_form(&f.app), "the form is kept for when it can be seen");
    assert!(!f.app.session.is_dirty());
    // The mouse does nothing either.
    handle_mouse(
        &mut f.app,
        MouseEvent {
            kind: MouseEventKind::Down(MouseButton::Left),
            column: 5,
            row: 5,
            modifiers: KeyModifiers::NONE,
        },
    );
    assert!(has_form(&f.app));
}
