//! A plan file deleted or renamed away on disk while open here.

use ratatui::Terminal;
use ratatui::backend::TestBackend;

use super::*;

/// The status bar (the second line from the bottom) as drawn at 120×40.
fn status_bar(app: &App) -> String {
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
    terminal
        .draw(|frame| crate::tui::view::render(app, frame))
        .unwrap();
    let buffer = terminal.backend().buffer();
    (0..120)
        .map(|x| buffer[(x, 38)].symbol().to_owned())
        .collect()
}

#[test]
fn a_deleted_plan_is_said_at_once_and_a_save_writes_it_again() {
    let mut f = fixture();
    std::fs::remove_file(&f.path).unwrap();
    outside_change(&mut f.app);
    assert!(f.app.deleted_on_disk);
    assert_eq!(
        message(&f.app),
        "ghent.toml was deleted on disk; Ctrl-s writes it again"
    );
    assert!(
        status_bar(&f.app).contains("[deleted]"),
        "{}",
        status_bar(&f.app)
    );
    // Told once, not at every event.
    f.app.message = None;
    outside_change(&mut f.app);
    assert_eq!(message(&f.app), "");
    // Saving asks nothing: there is nothing on disk to overwrite.
    ctrl(&mut f.app, 's');
    assert!(f.app.overlay.is_none());
    assert_eq!(message(&f.app), "wrote ghent.toml again");
    assert!(!f.app.deleted_on_disk);
    assert_eq!(std::fs::read_to_string(&f.path).unwrap(), GHENT);
    assert!(!status_bar(&f.app).contains("[deleted]"));
}

#[test]
fn a_plan_renamed_away_is_written_again_with_the_edits() {
    let mut f = fixture();
    update(&mut f.app, Action::ShowGoals);
    update(&mut f.app, Action::NextStatus);
    let edited = f.app.session.to_bytes();
    std::fs::rename(&f.path, f.path.with_extension("old")).unwrap();
    outside_change(&mut f.app);
    assert!(f.app.deleted_on_disk);
    assert!(
        f.app.overlay.is_none(),
        "no question about a change on disk"
    );
    update(&mut f.app, Action::Save);
    assert!(f.app.overlay.is_none());
    assert_eq!(std::fs::read(&f.path).unwrap(), edited);
    assert!(!f.app.session.is_dirty());
    // The renamed file is left alone.
    assert_eq!(
        std::fs::read_to_string(f.path.with_extension("old")).unwrap(),
        GHENT
    );
}

#[test]
fn quitting_a_deleted_plan_asks_and_a_plan_put_back_is_no_longer_deleted() {
    let mut f = fixture();
    std::fs::remove_file(&f.path).unwrap();
    outside_change(&mut f.app);
    update(&mut f.app, Action::Quit);
    assert!(!f.app.quit);
    assert!(matches!(
        f.app.overlay,
        Some(Overlay::Confirm(Confirm::Quit))
    ));
    key(&mut f.app, KeyCode::Esc);
    std::fs::write(&f.path, GHENT).unwrap();
    outside_change(&mut f.app);
    assert!(!f.app.deleted_on_disk);
    assert_eq!(message(&f.app), "ghent.toml is back on disk");
    update(&mut f.app, Action::Quit);
    assert!(f.app.quit);
}
