//! Keys pressed while the terminal is below the smallest size the screens
//! are drawn in ([`layout::MIN_WIDTH`]×[`layout::MIN_HEIGHT`]): the screen
//! shows only a notice then, so a key that edits, moves or answers a window
//! would act where nobody sees it. Only saving and quitting act; every
//! other key is ignored, and the notice says so. Quitting with unsaved
//! edits or an open window would need a question nobody could see, so it
//! is refused with a word on what to do.

use super::*;

/// Whether the terminal is below the size the screens are drawn in.
pub fn too_small(app: &App) -> bool {
    let (width, height) = app.size;
    width < layout::MIN_WIDTH || height < layout::MIN_HEIGHT
}

/// The keys that act on the "too small" notice, as it names them:
/// `Ctrl-s saves · q quits`.
pub fn keys_that_act(app: &App) -> String {
    let keymap = &app.settings.keymap;
    [(Action::Save, "saves"), (Action::Quit, "quits")]
        .into_iter()
        .filter_map(|(action, what)| {
            keymap
                .key_in(Mode::Browse, action)
                .map(|k| format!("{k} {what}"))
        })
        .collect::<Vec<_>>()
        .join(" · ")
}

/// Take a key pressed while the terminal is too small.
pub(super) fn key(app: &mut App, key: KeyEvent) {
    let pressed = Key::from_event(&key);
    match app.settings.keymap.action(Mode::Browse, pressed) {
        Some(Action::Save) if app.overlay.is_some() => {
            app.fail("not saved: a window is open; enlarge the terminal to finish it first")
        }
        Some(Action::Save) => save(app, false),
        Some(Action::Quit) if app.overlay.is_some() => {
            app.fail("a window is open; enlarge the terminal to finish it before quitting")
        }
        Some(Action::Quit) if app.session.is_dirty() || app.deleted_on_disk => {
            let save = app
                .settings
                .keymap
                .key_in(Mode::Browse, Action::Save)
                .map_or_else(|| "save".to_owned(), |k| format!("{k} saves them"));
            app.fail(format!(
                "unsaved changes: {save}, or enlarge the terminal to quit without saving"
            ));
        }
        Some(Action::Quit) => app.quit = true,
        _ => app.fail(format!(
            "{pressed} ignored: the terminal is too small to show what it does"
        )),
    }
}
