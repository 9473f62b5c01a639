//! The only place the terminal UI changes state.
//!
//! [`handle_key`] and [`handle_mouse`] turn terminal events into changes: a
//! key goes to the open window (form, picker, question, prompt, help) or the
//! search line if there is one, otherwise through the key table to an
//! [`Action`], which [`update`] carries out. Edits, undo, saving and
//! reloading go through the plan's [`PlanFile`](crate::session::PlanFile),
//! the library's one save policy; an export (`x`) renders the plan as it
//! stands, unsaved edits included, through [`crate::export`]. A failure
//! becomes a message in the status bar.

mod browse;
mod capture;
mod changes;
mod editing;
mod files;
mod merging;
mod present;
mod recovery;
mod room;
mod small;
mod windows;

use std::path::{Path, PathBuf};

use crossterm::event::{KeyCode, KeyEvent, MouseButton, MouseEvent, MouseEventKind};
use ratatui::layout::Rect;

use crate::edit::{Edit, FieldValue, ItemPath};
use crate::export::csv::Table;
use crate::export::{Format, Options, Report};
use crate::fields::{Collection, Nested, TableKind};
use crate::model::{GoalStatus, Keyword, PartnershipStatus};
use crate::session::{FileError, ReloadOutcome, SaveOutcome};
use crate::text::Shown;
use crate::tui::action::Action;
use crate::tui::app::{
    AddChoice, App, Confirm, EXAMPLE_FILE, Effect, Focus, Message, NewItemIn, Overlay, PickPurpose,
    Prompt, PromptPurpose, Row, Screen,
};
use crate::tui::detail::{DetailLine, detail_lines, item_of_path};
use crate::tui::form::{Form, FormOutcome, FormTarget};
use crate::tui::keymap::{Key, Mode};
use crate::tui::layout;
use crate::tui::picker::{Entry, Picked, Picker};

use browse::*;
use editing::*;
use files::*;
use windows::*;

pub use files::{default_export_path, outside_change, reload, save};
pub use recovery::offer as offer_recovery;
pub use small::{keys_that_act, too_small};

/// The terminal changed size (or the loop starts and measures it).
pub fn resize(app: &mut App, width: u16, height: u16) {
    app.size = (width, height);
    follow(app);
}

/// The whole terminal, as the last resize measured it.
fn screen_area(app: &App) -> Rect {
    let (width, height) = app.size;
    Rect::new(0, 0, width, height)
}

/// The details pane's lines at the width the pane has on screen.
fn detail_lines_on_screen(app: &App) -> Vec<DetailLine> {
    let area = screen_area(app);
    let areas = layout::areas(app, area);
    let width = areas.detail.map_or(area.width, layout::detail_text_width);
    detail_lines(app, width)
}

/// Scroll the list and the details so that their selections are on
/// screen, at the terminal's size. Every entry point ends here, so that
/// rendering only reads the offsets.
fn follow(app: &mut App) {
    let areas = layout::areas(app, screen_area(app));
    let inner = |rect: Option<Rect>| rect.map_or(0, |r| usize::from(r.height.saturating_sub(2)));
    let (list_height, detail_height) = (inner(areas.list), inner(areas.detail));
    let detail_focused = app.focus == Focus::Detail && app.overlay.is_none();
    let detail_len = if detail_focused {
        detail_lines_on_screen(app).len()
    } else {
        0
    };
    let list = app.list_mut();
    list.offset = layout::scroll_to(list.offset, list.selected, list_height, list.rows.len());
    list.detail_offset = if detail_focused && detail_len > 0 {
        let selected = list.detail_selected.min(detail_len - 1);
        layout::scroll_to(list.detail_offset, selected, detail_height, detail_len)
    } else {
        0
    };
}

/// Handle a mouse event: a click selects, the wheel scrolls.
pub fn handle_mouse(app: &mut App, mouse: MouseEvent) {
    if app.presentation.is_some() || too_small(app) {
        return;
    }
    mouse_event(app, mouse);
    follow(app);
}

/// Handle a key press.
pub fn handle_key(app: &mut App, key: KeyEvent) {
    handle_key_inner(app, key);
    follow(app);
}

/// Handle the key presses of one burst: keys that arrived together, typed
/// before the screen could show what the first of them did. Once a form has
/// closed in a burst, the characters typed after it are not taken as
/// commands (they were meant for the form) and the status line says so.
pub fn handle_burst(app: &mut App, keys: &[KeyEvent]) {
    let mut ignored = String::new();
    let mut form_closed = false;
    for &key in keys {
        if app.quit {
            break;
        }
        let pressed = Key::from_event(&key);
        if form_closed && app.overlay.is_none() && !app.searching && pressed.is_text() {
            if let KeyCode::Char(c) = key.code {
                ignored.push(c);
            }
            continue;
        }
        let had_form = has_form(app);
        handle_key(app, key);
        form_closed |= had_form && !has_form(app);
    }
    if !ignored.is_empty() {
        let before = app.message.take();
        let text = format!(
            "ignored “{}”, typed as the form closed",
            Shown::line(&ignored)
        );
        match before {
            Some(message) => {
                app.message = Some(Message {
                    text: format!("{}; {text}", message.text),
                    error: message.error,
                })
            }
            None => app.say(text),
        }
    }
}

/// Whether a form (or its rename question) is open.
fn has_form(app: &App) -> bool {
    matches!(app.overlay, Some(Overlay::Form(_) | Overlay::Rename { .. }))
}

fn handle_key_inner(app: &mut App, key: KeyEvent) {
    if too_small(app) {
        small::key(app, key);
        return;
    }
    let pressed = Key::from_event(&key);
    if let Some(overlay) = app.overlay.take() {
        app.overlay = overlay_key(app, overlay, key);
        return;
    }
    if app.presentation.is_some() {
        present::key(app, pressed);
        return;
    }
    if app.searching {
        search_key(app, key);
        return;
    }
    match app.settings.keymap.action(Mode::Browse, pressed) {
        Some(action) => act(app, action),
        None if !pressed.is_text() => {}
        None => {
            if let KeyCode::Char(c) = key.code {
                let help = app
                    .settings
                    .keymap
                    .key_for(Action::Help)
                    .map_or_else(String::new, |k| format!("; {k} shows the keys"));
                app.say(format!(
                    "{} does nothing here{help}",
                    Shown::line(&c.to_string())
                ));
            }
        }
    }
}

/// Carry out an action.
pub fn update(app: &mut App, action: Action) {
    act(app, action);
    follow(app);
}

fn act(app: &mut App, action: Action) {
    if let Some(screen) = action.screen() {
        show(app, screen);
        return;
    }
    match action {
        Action::Up => step(app, -1),
        Action::Down => step(app, 1),
        Action::PageUp => step(app, -(app.page_height() as isize)),
        Action::PageDown => step(app, app.page_height() as isize),
        Action::First => step(app, isize::MIN / 2),
        Action::Last => step(app, isize::MAX / 2),
        Action::Enter => enter(app),
        Action::Details => {
            if app.list().selected_index().is_some() && app.screen != Screen::Overview {
                app.focus = Focus::Detail;
            }
        }
        Action::Back => back(app),
        Action::NextScreen => show(app, app.screen.next()),
        Action::PreviousScreen => show(app, app.screen.previous()),
        Action::Edit => open_form(app, None),
        Action::Add => add(app),
        Action::Delete => delete(app),
        Action::NextStatus => change_status(app, 1),
        Action::PreviousStatus => change_status(app, -1),
        Action::Undo => {
            if app.session.undo() {
                app.plan_edited();
                app.say(format!(
                    "undone; {} more to undo",
                    app.session.history().undo_len()
                ));
            } else {
                app.say("nothing to undo");
            }
        }
        Action::Redo => {
            if app.session.redo() {
                app.plan_edited();
                app.say("redone");
            } else {
                app.say("nothing to redo");
            }
        }
        Action::Save => save(app, false),
        Action::Reload => {
            if app.session.is_dirty() {
                app.overlay = Some(Overlay::Confirm(Confirm::OutsideChange));
            } else {
                reload(app, true);
            }
        }
        Action::OpenEditor => open_editor(app),
        Action::Export => open_export(app),
        Action::Search => {
            if app.screen == Screen::Overview {
                show(app, Screen::Goals);
            }
            app.searching = true;
            app.focus = Focus::List;
        }
        Action::Filter => open_filter(app),
        Action::Sort => {
            let sorts = app.screen.sorts();
            if sorts.len() < 2 {
                app.say("this screen has one order");
                return;
            }
            let list = app.list_mut();
            let next = sorts
                .iter()
                .position(|s| *s == list.sort)
                .map_or(0, |p| (p + 1) % sorts.len());
            list.sort = sorts[next];
            let label = sorts[next].label();
            app.rebuild_screen(app.screen);
            app.say(format!("sorted by {label}"));
        }
        Action::Help => app.overlay = Some(Overlay::Help { scroll: 0 }),
        Action::Present => present::start(app),
        Action::Changes => changes::open(app),
        // Captures belong to presentation mode, which takes its own keys.
        Action::Vote | Action::Comment | Action::Decide | Action::ShowTally => {}
        Action::Quit => {
            if app.session.is_dirty() || app.deleted_on_disk {
                app.overlay = Some(Overlay::Confirm(Confirm::Quit));
            } else {
                app.quit = true;
            }
        }
        // The keys of the windows, which their own handlers take.
        Action::KeepSearch
        | Action::NextField
        | Action::PreviousField
        | Action::Activate
        | Action::Apply
        | Action::CloseEditor
        | Action::Choose
        | Action::Tick
        | Action::Answer
        | Action::Yes
        | Action::No
        | Action::SaveAndQuit
        | Action::Discard
        | Action::KeepMine
        | Action::Overwrite
        | Action::Merge
        | Action::TakeTheirs
        | Action::TakeBoth
        | Action::Cancel
        | Action::CursorLeft
        | Action::CursorRight
        | Action::LineStart
        | Action::LineEnd
        | Action::DeleteBack
        | Action::DeleteForward
        | Action::ClearLine => {}
        Action::ShowOverview
        | Action::ShowGoals
        | Action::ShowPartnerships
        | Action::ShowActors
        | Action::ShowThemes
        | Action::ShowProblems
        | Action::ShowWorkshops => {}
    }
}

#[cfg(test)]
mod tests;
