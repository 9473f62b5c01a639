//! Moving about: screens, the selection in a list or the details pane,
//! Enter and Back, the mouse, the search line and the filter picker.

use super::*;
use crate::text::Shown;

/// A mouse event: a click selects, the wheel scrolls.
pub(super) fn mouse_event(app: &mut App, mouse: MouseEvent) {
    if app.overlay.is_some() {
        return;
    }
    let areas = layout::areas(app, screen_area(app));
    let inside = |rect: ratatui::layout::Rect| {
        mouse.column >= rect.x
            && mouse.column < rect.x + rect.width
            && mouse.row >= rect.y
            && mouse.row < rect.y + rect.height
    };
    match mouse.kind {
        MouseEventKind::ScrollDown => {
            if areas.detail.is_some_and(inside) {
                app.focus = Focus::Detail;
            }
            update(app, Action::Down);
        }
        MouseEventKind::ScrollUp => {
            if areas.detail.is_some_and(inside) {
                app.focus = Focus::Detail;
            }
            update(app, Action::Up);
        }
        MouseEventKind::Down(MouseButton::Left) => {
            if mouse.row == areas.tabs.y {
                let problems = app.derived.errors + app.derived.warnings;
                if let Some(screen) = layout::tab_at(mouse.column, areas.tabs.width, problems) {
                    show(app, screen);
                }
                return;
            }
            if let Some(list) = areas.list
                && inside(list)
            {
                // The list has a border: its first row is one below the top.
                let row = usize::from(mouse.row.saturating_sub(list.y + 1));
                let position = app.list().offset + row;
                if position < app.list().rows.len()
                    && matches!(app.list().rows[position], Row::Item { .. })
                {
                    app.focus = Focus::List;
                    let list = app.list_mut();
                    list.selected = position;
                    list.detail_selected = 0;
                    list.detail_offset = 0;
                }
            } else if let Some(detail) = areas.detail
                && inside(detail)
            {
                let row = usize::from(mouse.row.saturating_sub(detail.y + 1));
                let position = app.list().detail_offset + row;
                let lines = detail_lines(app, layout::detail_text_width(detail));
                if position < lines.len() {
                    app.focus = Focus::Detail;
                    app.list_mut().detail_selected = position;
                }
            }
        }
        _ => {}
    }
}

pub(super) fn show(app: &mut App, screen: Screen) {
    if screen == Screen::Problems && !app.session.document().diagnostics_located() {
        app.session.locate_diagnostics();
    }
    app.screen = screen;
    app.focus = Focus::List;
}

pub(super) fn step(app: &mut App, delta: isize) {
    match app.focus {
        Focus::List => app.list_mut().move_by(delta),
        Focus::Detail => {
            let count = detail_lines_on_screen(app).len();
            let list = app.list_mut();
            let last = count.saturating_sub(1) as isize;
            list.detail_selected = (list.detail_selected as isize + delta).clamp(0, last) as usize;
        }
    }
}

pub(super) fn back(app: &mut App) {
    if app.focus == Focus::Detail {
        app.focus = Focus::List;
    } else if !app.search.is_empty() {
        app.search.clear();
        app.rebuild_rows();
        app.say("search cleared");
    } else if app.list().filter.is_some() {
        app.list_mut().filter = None;
        app.rebuild_screen(app.screen);
        app.say("filter cleared");
    }
}

pub(super) fn enter(app: &mut App) {
    match (app.screen, app.focus) {
        (Screen::Overview, _) => show(app, Screen::Goals),
        (Screen::Problems, _) => {
            let Some(index) = app.list().selected_index() else {
                return;
            };
            let path = app.session.document().diagnostics()[index].path.clone();
            match item_of_path(&path) {
                Some((screen, item)) => go_to(app, screen, item),
                None => match plan_field_of_path(&path) {
                    // A problem of the plan itself: its form, at the field.
                    Some(key) => open_form_at(app, ItemPath::plan(), key),
                    None => app.say(format!("{path} is not an item on a screen")),
                },
            }
        }
        (_, Focus::List) => {
            if app.list().selected_index().is_some() {
                app.focus = Focus::Detail;
                app.list_mut().detail_selected = 0;
            }
        }
        (_, Focus::Detail) => {
            let lines = detail_lines_on_screen(app);
            let Some(target) = lines
                .get(app.list().detail_selected)
                .and_then(|l| l.target.clone())
            else {
                app.say("nothing to edit on this line");
                return;
            };
            // A line naming another top-level item goes there.
            if target.key.is_none()
                && target.item.steps.len() == 1
                && Screen::listing_key(target.item.steps[0].0) != Some(app.screen)
            {
                let (collection, index) = target.item.steps[0];
                let screen = Screen::listing_key(collection).unwrap_or(app.screen);
                go_to(app, screen, index);
                return;
            }
            if target.key.is_none() && target.item.steps.len() == 1 {
                let index = target.item.steps[0].1;
                go_to(app, app.screen, index);
                return;
            }
            open_form_at(app, target.item, target.key);
        }
    }
}

/// Show item `index` on `screen`, clearing a search or filter that hides it.
pub(super) fn go_to(app: &mut App, screen: Screen, index: usize) {
    show(app, screen);
    if !app.list_mut().select_index(index) {
        app.search.clear();
        app.list_mut().filter = None;
        app.rebuild_rows();
        app.list_mut().select_index(index);
    }
    app.list_mut().detail_selected = 0;
    app.list_mut().detail_offset = 0;
}

pub(super) fn open_filter(app: &mut App) {
    let choices = app.filter_choices();
    if choices.is_empty() {
        app.say("this screen has no filters; / searches");
        return;
    }
    let mut entries = vec![Entry::new("", "(no filter)")];
    let mut filters = vec![None];
    for (label, filter) in choices {
        entries.push(Entry::new("", Shown::line(&label)));
        filters.push(Some(filter));
    }
    let current = app.list().filter.clone();
    let mut picker = Picker::single("Filter by", entries, None);
    picker.selected = filters.iter().position(|f| *f == current).unwrap_or(0);
    app.overlay = Some(Overlay::Picker {
        picker: Box::new(picker),
        purpose: PickPurpose::Filter(filters),
    });
}

pub(super) fn search_key(app: &mut App, key: KeyEvent) {
    let pressed = Key::from_event(&key);
    match app.settings.keymap.action(Mode::Search, pressed) {
        Some(Action::Cancel) => {
            app.searching = false;
            app.search.clear();
        }
        Some(action @ (Action::KeepSearch | Action::Up | Action::Down)) => {
            app.searching = false;
            if action != Action::KeepSearch {
                act(app, action);
            }
            return;
        }
        Some(Action::DeleteBack) => {
            app.search.pop();
        }
        Some(Action::ClearLine) => app.search.clear(),
        Some(_) => return,
        None => match key.code {
            KeyCode::Char(c) if pressed.is_text() && !c.is_control() => app.search.push(c),
            _ => return,
        },
    }
    app.rebuild_rows();
}

/// Whether a diagnostic's place is the plan's own table (`plan.end_year`),
/// and then the field of the plan form it names, if the form has it.
fn plan_field_of_path(path: &crate::diagnostic::FieldPath) -> Option<Option<&'static str>> {
    use crate::diagnostic::Segment;
    let mut segments = path.segments.iter();
    match segments.next() {
        Some(Segment::Key(key)) if key.as_ref() as &str == "plan" => {}
        _ => return None,
    }
    let field = match segments.next() {
        Some(Segment::Key(key)) => TableKind::Plan
            .fields()
            .iter()
            .find(|f| f.key == key.as_ref() as &str)
            .map(|f| f.key),
        _ => None,
    };
    Some(field)
}
