//! The keys of presentation mode: moving between slides, jumping to one by
//! its title, leaving, and moving the shown item's status as one undoable
//! edit (the same step the goals and partnerships screens take);
//! capturing dots, comments and decisions is in [`super::capture`]. The
//! slides follow every edit through [`App::plan_edited`].

use super::*;
use crate::tui::present::Presentation;

/// Start presenting, on the slide of the item selected on the screen shown.
pub(super) fn start(app: &mut App) {
    if app.session.broken().is_some() {
        app.say("the plan does not load; fix it to present it");
        return;
    }
    let item = app.selected_item();
    let presentation = Presentation::new(app.plan(), &app.derived.progress, item.as_ref());
    app.presentation = Some(presentation);
    app.searching = false;
    app.message = None;
    room::choose(app);
}

/// A key while presenting, through the key table's presenting rows.
pub(super) fn key(app: &mut App, pressed: Key) {
    let Some(action) = app.settings.keymap.action(Mode::Present, pressed) else {
        return;
    };
    let Some(presentation) = app.presentation.as_mut() else {
        return;
    };
    match action {
        // A page of a presentation is a slide.
        Action::Down | Action::PageDown => presentation.move_by(1),
        Action::Up | Action::PageUp => presentation.move_by(-1),
        Action::First => presentation.go_to(0),
        Action::Last => presentation.go_to(usize::MAX),
        Action::Search => open_jump(app),
        Action::Back => {
            app.presentation = None;
            app.message = None;
        }
        Action::NextStatus | Action::PreviousStatus => {
            let direction = if action == Action::NextStatus { 1 } else { -1 };
            match presentation.slide().item() {
                Some(item) => change_status_of(app, item, direction),
                None => app.say("only a goal or a partnership has a status"),
            }
        }
        Action::Vote | Action::Comment | Action::Decide => capture::start(app, action),
        Action::ShowTally => capture::toggle_tally(app),
        Action::Undo | Action::Save | Action::Help => act(app, action),
        _ => {}
    }
}

/// Open the jump list: every slide's title, fuzzy-matched as typed.
fn open_jump(app: &mut App) {
    let Some(presentation) = &app.presentation else {
        return;
    };
    let entries: Vec<Entry> = presentation
        .titles(app.plan())
        .into_iter()
        .map(|(kind, title)| Entry::new(kind, title))
        .collect();
    let current = presentation.current;
    let mut picker = Picker::single("Go to a slide", entries, None);
    picker.selected = current;
    app.overlay = Some(Overlay::Picker {
        picker: Box::new(picker),
        purpose: PickPurpose::Slide,
    });
}
