//! The only place the terminal UI changes state.
//!
//! [`handle_key`] and [`handle_mouse`] turn terminal events into changes: a
//! key goes to the open window (form, picker, question, prompt, help) or the
//! search line if there is one, otherwise through the key table to an
//! [`Action`], which [`update`] carries out. Edits go through the editing
//! core's [`History`](crate::edit::History); saving goes through
//! [`crate::disk`]; an export (`x`) renders the plan as it stands, unsaved
//! edits included, through [`crate::export`]. A failure becomes a message in
//! the status bar.

use std::path::{Path, PathBuf};

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind};

use crate::disk::{self, DiskError};
use crate::document::PlanDocument;
use crate::edit::{Edit, FieldValue, ItemPath};
use crate::export::csv::Table;
use crate::export::{Format, Options, Report};
use crate::fields::{TableKind, top_collection};
use crate::model::{GoalStatus, Keyword, PartnershipStatus};
use crate::text::printable;
use crate::tui::action::Action;
use crate::tui::app::{
    AddChoice, App, Confirm, EXAMPLE_FILE, Effect, Focus, Overlay, PickPurpose, Prompt,
    PromptPurpose, Row, Screen, Session,
};
use crate::tui::detail::{detail_lines, item_of_path};
use crate::tui::form::{Form, FormOutcome};
use crate::tui::keymap::Key;
use crate::tui::picker::{Entry, Picked, Picker};
use crate::tui::view;

/// Handle a key press.
pub fn handle_key(app: &mut App, key: KeyEvent) {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    if let Some(overlay) = app.overlay.take() {
        app.overlay = overlay_key(app, overlay, key);
        return;
    }
    if app.searching {
        search_key(app, key);
        return;
    }
    match app.settings.keymap.action(Key::from_event(&key)) {
        Some(action) => update(app, action),
        None if ctrl => {}
        None => {
            if let KeyCode::Char(c) = key.code {
                let help = app
                    .settings
                    .keymap
                    .key_for(Action::Help)
                    .map_or_else(String::new, |k| format!("; {k} shows the keys"));
                app.say(format!(
                    "{} does nothing here{help}",
                    printable(&c.to_string())
                ));
            }
        }
    }
}

/// Handle a mouse event: a click selects, the wheel scrolls.
pub fn handle_mouse(app: &mut App, mouse: MouseEvent) {
    if app.overlay.is_some() {
        return;
    }
    let (width, height) = app.size.get();
    let areas = view::areas(app, ratatui::layout::Rect::new(0, 0, width, height));
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
                if let Some(screen) = view::tab_at(mouse.column) {
                    show(app, screen);
                }
                return;
            }
            if let Some(list) = areas.list
                && inside(list)
            {
                // The list has a border: its first row is one below the top.
                let row = usize::from(mouse.row.saturating_sub(list.y + 1));
                let position = app.list().offset.get() + row;
                if position < app.list().rows.len()
                    && matches!(app.list().rows[position], Row::Item { .. })
                {
                    app.focus = Focus::List;
                    let list = app.list_mut();
                    list.selected = position;
                    list.detail_selected = 0;
                    list.detail_offset.set(0);
                }
            } else if let Some(detail) = areas.detail
                && inside(detail)
            {
                let row = usize::from(mouse.row.saturating_sub(detail.y + 1));
                let position = app.list().detail_offset.get() + row;
                let lines = detail_lines(app, view::detail_text_width(detail));
                if position < lines.len() {
                    app.focus = Focus::Detail;
                    app.list_mut().detail_selected = position;
                }
            }
        }
        _ => {}
    }
}

/// Carry out an action.
pub fn update(app: &mut App, action: Action) {
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
                    app.session.history.undo_len()
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
        Action::Quit => {
            if app.session.is_dirty() {
                app.overlay = Some(Overlay::Confirm(Confirm::Quit));
            } else {
                app.quit = true;
            }
        }
        Action::ShowOverview
        | Action::ShowGoals
        | Action::ShowPartnerships
        | Action::ShowActors
        | Action::ShowThemes
        | Action::ShowProblems => {}
    }
}

fn show(app: &mut App, screen: Screen) {
    if screen == Screen::Problems && !app.session.document.diagnostics_located() {
        app.session.document.locate_diagnostics();
    }
    app.screen = screen;
    app.focus = Focus::List;
}

fn step(app: &mut App, delta: isize) {
    match app.focus {
        Focus::List => app.list_mut().move_by(delta),
        Focus::Detail => {
            let (width, height) = app.size.get();
            let areas = view::areas(app, ratatui::layout::Rect::new(0, 0, width, height));
            let width = areas.detail.map_or(width, view::detail_text_width);
            let count = detail_lines(app, width).len();
            let list = app.list_mut();
            let last = count.saturating_sub(1) as isize;
            list.detail_selected = (list.detail_selected as isize + delta).clamp(0, last) as usize;
        }
    }
}

fn back(app: &mut App) {
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

fn enter(app: &mut App) {
    match (app.screen, app.focus) {
        (Screen::Overview, _) => show(app, Screen::Goals),
        (Screen::Problems, _) => {
            let Some(index) = app.list().selected_index() else {
                return;
            };
            let path = app.session.document.diagnostics()[index].path.clone();
            match item_of_path(&path) {
                Some((screen, item)) => go_to(app, screen, item),
                None => app.say(format!("{path} is not an item on a screen")),
            }
        }
        (_, Focus::List) => {
            if app.list().selected_index().is_some() {
                app.focus = Focus::Detail;
                app.list_mut().detail_selected = 0;
            }
        }
        (_, Focus::Detail) => {
            let (width, height) = app.size.get();
            let areas = view::areas(app, ratatui::layout::Rect::new(0, 0, width, height));
            let width = areas.detail.map_or(width, view::detail_text_width);
            let lines = detail_lines(app, width);
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
                && Some(target.item.steps[0].0) != app.screen.collection()
            {
                let (collection, index) = target.item.steps[0];
                let screen = Screen::ALL
                    .into_iter()
                    .find(|s| s.collection() == Some(collection))
                    .unwrap_or(app.screen);
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
fn go_to(app: &mut App, screen: Screen, index: usize) {
    show(app, screen);
    if !app.list_mut().select_index(index) {
        app.search.clear();
        app.list_mut().filter = None;
        app.rebuild_rows();
        app.list_mut().select_index(index);
    }
    app.list_mut().detail_selected = 0;
    app.list().detail_offset.set(0);
}

/// How an item is named in titles and messages.
fn describe(app: &App, item: &ItemPath) -> String {
    let plan = app.plan();
    let mut parts = Vec::new();
    for depth in 1..=item.steps.len() {
        let prefix = ItemPath {
            steps: item.steps[..depth].to_vec(),
        };
        let (collection, index) = item.steps[depth - 1];
        let noun = prefix.kind().map_or(collection, TableKind::noun);
        let name = if depth == 1 {
            match collection {
                "goals" => plan.goals.get(index).map(|g| g.id.clone()),
                "partnerships" => plan.partnerships.get(index).map(|p| p.id.clone()),
                "actors" => plan.actors.get(index).map(|a| a.id.clone()),
                "themes" => plan.themes.get(index).map(|t| t.id.clone()),
                "workshops" => plan.workshops.get(index).map(|w| w.id.clone()),
                _ => None,
            }
        } else {
            None
        };
        parts.push(match name {
            Some(id) => format!("{noun} `{}`", printable(&id)),
            None => format!("{noun} {}", index + 1),
        });
    }
    if parts.is_empty() {
        return "the plan".to_owned();
    }
    parts.reverse();
    parts.join(" of ")
}

fn open_form(app: &mut App, key: Option<&'static str>) {
    if app.focus == Focus::Detail {
        let (width, height) = app.size.get();
        let areas = view::areas(app, ratatui::layout::Rect::new(0, 0, width, height));
        let width = areas.detail.map_or(width, view::detail_text_width);
        let lines = detail_lines(app, width);
        if let Some(target) = lines
            .get(app.list().detail_selected)
            .and_then(|l| l.target.clone())
            && (target.item.steps.len() > 1
                || Some(target.item.steps[0].0) == app.screen.collection())
        {
            open_form_at(app, target.item, target.key);
            return;
        }
    }
    match app.screen {
        Screen::Overview => open_form_at(app, ItemPath::plan(), key),
        _ => match app.selected_item() {
            Some(item) => open_form_at(app, item, key),
            None => app.say("nothing selected to edit"),
        },
    }
}

fn open_form_at(app: &mut App, item: ItemPath, key: Option<&'static str>) {
    let title = format!("Edit {}", describe(app, &item));
    match Form::edit(&app.session.document, item, title, key) {
        Some(form) => app.overlay = Some(Overlay::Form(Box::new(form))),
        None => app.fail("that item is not in the plan any more"),
    }
}

/// What `a` can add from where the cursor is.
fn add_choices(app: &App) -> Vec<AddChoice> {
    let plan = app.plan();
    let mut choices = Vec::new();
    let top =
        |collection: &'static str, label: &str, prefill: Vec<(&'static str, String)>| AddChoice {
            parent: ItemPath::plan(),
            collection,
            label: label.to_owned(),
            prefill,
        };
    let selected = app.list().selected_index();
    match app.screen {
        Screen::Goals => {
            let theme = selected
                .and_then(|i| plan.goals.get(i))
                .and_then(|g| g.theme.clone());
            choices.push(top(
                "goals",
                "goal",
                theme.map(|t| vec![("theme", t)]).unwrap_or_default(),
            ));
            if let Some(index) = selected
                && let Some(goal) = plan.goals.get(index)
            {
                let item = ItemPath::top("goals", index);
                let name = format!("goal `{}`", printable(&goal.id));
                let mut prefill = vec![("parent", goal.id.clone())];
                if let Some(theme) = &goal.theme {
                    prefill.push(("theme", theme.clone()));
                }
                choices.push(top("goals", &format!("sub-goal of {name}"), prefill));
                for (collection, noun) in [
                    ("indicators", "indicator"),
                    ("milestones", "milestone"),
                    ("comments", "comment"),
                ] {
                    choices.push(AddChoice {
                        parent: item.clone(),
                        collection,
                        label: format!("{noun} for {name}"),
                        prefill: if collection == "comments" {
                            vec![("date", app.today.to_string())]
                        } else {
                            Vec::new()
                        },
                    });
                }
                for (i, indicator) in goal.indicators.iter().enumerate() {
                    choices.push(AddChoice {
                        parent: item.child("indicators", i),
                        collection: "measurements",
                        label: format!("measurement of “{}”", printable(&indicator.name)),
                        prefill: vec![("date", app.today.to_string())],
                    });
                }
            }
        }
        Screen::Partnerships => {
            choices.push(top("partnerships", "partnership", Vec::new()));
            if let Some(index) = selected
                && let Some(partnership) = plan.partnerships.get(index)
            {
                let item = ItemPath::top("partnerships", index);
                let name = format!("partnership `{}`", printable(&partnership.id));
                for (collection, noun) in [
                    ("parties", "party"),
                    ("contributions", "contribution"),
                    ("comments", "comment"),
                ] {
                    choices.push(AddChoice {
                        parent: item.clone(),
                        collection,
                        label: if collection == "comments" {
                            format!("{noun} on {name}")
                        } else {
                            format!("{noun} to {name}")
                        },
                        prefill: if collection == "comments" {
                            vec![("date", app.today.to_string())]
                        } else {
                            Vec::new()
                        },
                    });
                }
            }
        }
        Screen::Actors => choices.push(top("actors", "actor", Vec::new())),
        Screen::Themes => choices.push(top("themes", "theme", Vec::new())),
        Screen::Overview | Screen::Problems => {}
    }
    choices
}

fn add(app: &mut App) {
    let choices = add_choices(app);
    match choices.len() {
        0 => app.say("nothing to add on this screen; go to goals, partnerships, actors or themes"),
        1 => open_add_form(
            app,
            choices.into_iter().next().unwrap_or_else(|| unreachable!()),
        ),
        _ => {
            let entries = choices
                .iter()
                .enumerate()
                .map(|(i, c)| Entry::new((i + 1).to_string(), c.label.clone()))
                .collect();
            app.overlay = Some(Overlay::Picker {
                picker: Box::new(Picker::single("Add what?", entries, None)),
                purpose: PickPurpose::Add(choices),
            });
        }
    }
}

fn open_add_form(app: &mut App, choice: AddChoice) {
    let kind = if choice.parent.steps.is_empty() {
        top_collection(choice.collection)
    } else {
        choice
            .parent
            .kind()
            .and_then(|k| k.collection(choice.collection))
    };
    let Some(kind) = kind else {
        app.fail(format!("cannot add to {}", choice.collection));
        return;
    };
    let title = format!("New {}", choice.label);
    let form = Form::add(
        app.plan(),
        choice.parent,
        choice.collection,
        kind,
        title,
        &choice.prefill,
    );
    app.overlay = Some(Overlay::Form(Box::new(form)));
}

fn delete(app: &mut App) {
    let mut item = app.selected_item();
    if app.focus == Focus::Detail {
        let (width, height) = app.size.get();
        let areas = view::areas(app, ratatui::layout::Rect::new(0, 0, width, height));
        let width = areas.detail.map_or(width, view::detail_text_width);
        if let Some(target) = detail_lines(app, width)
            .get(app.list().detail_selected)
            .and_then(|l| l.target.clone())
            && target.item.steps.len() > 1
        {
            item = Some(target.item);
        }
    }
    match item {
        Some(item) => {
            let noun = describe(app, &item);
            app.overlay = Some(Overlay::Confirm(Confirm::Delete { item, noun }));
        }
        None => app.say("nothing selected to delete"),
    }
}

fn change_status(app: &mut App, direction: isize) {
    let Some(item) = app.selected_item() else {
        app.say("select a goal or partnership to change its status");
        return;
    };
    let (collection, index) = item.steps[0];
    let plan = app.plan();
    let (words, current): (&[&str], &str) = match collection {
        "goals" => (GoalStatus::WORDS, plan.goals[index].status.as_str()),
        "partnerships" => (
            PartnershipStatus::WORDS,
            plan.partnerships[index].status.as_str(),
        ),
        _ => {
            app.say("only goals and partnerships have a status");
            return;
        }
    };
    let position = words.iter().position(|w| *w == current).unwrap_or(0) as isize;
    let next = position + direction;
    if next < 0 || next >= words.len() as isize {
        app.say(format!(
            "`{current}` is the {} status",
            if direction > 0 { "last" } else { "first" }
        ));
        return;
    }
    let word = words[next as usize];
    let name = describe(app, &item);
    apply(
        app,
        vec![Edit::Set {
            item,
            key: "status".to_owned(),
            value: Some(FieldValue::Text(word.to_owned())),
        }],
        &format!("{name}: {current} → {word}"),
    );
}

/// Apply edits as one undo step and say what happened.
fn apply(app: &mut App, edits: Vec<Edit>, done: &str) -> bool {
    match app
        .session
        .history
        .apply_all(&mut app.session.document, &edits)
    {
        Ok(()) => {
            app.session.edited();
            app.plan_edited();
            app.say(done);
            true
        }
        Err((_, error)) => {
            app.fail(printable(&error.to_string()).into_owned());
            false
        }
    }
}

fn open_filter(app: &mut App) {
    let choices = app.filter_choices();
    if choices.is_empty() {
        app.say("this screen has no filters; / searches");
        return;
    }
    let mut entries = vec![Entry::new("", "(no filter)")];
    let mut filters = vec![None];
    for (label, filter) in choices {
        entries.push(Entry::new("", printable(&label).into_owned()));
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

fn search_key(app: &mut App, key: KeyEvent) {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    match key.code {
        KeyCode::Esc => {
            app.searching = false;
            app.search.clear();
        }
        KeyCode::Enter | KeyCode::Down | KeyCode::Up => {
            app.searching = false;
            if key.code != KeyCode::Enter {
                update(
                    app,
                    if key.code == KeyCode::Down {
                        Action::Down
                    } else {
                        Action::Up
                    },
                );
            }
            return;
        }
        KeyCode::Backspace => {
            app.search.pop();
        }
        KeyCode::Char('u') if ctrl => app.search.clear(),
        KeyCode::Char('c') if ctrl => {
            app.searching = false;
            app.search.clear();
        }
        KeyCode::Char(c) if !ctrl && !c.is_control() => app.search.push(c),
        _ => return,
    }
    app.rebuild_rows();
}

/// A key for the open window; returns the window to keep open.
fn overlay_key(app: &mut App, overlay: Overlay, key: KeyEvent) -> Option<Overlay> {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    match overlay {
        Overlay::Help { scroll } => match key.code {
            KeyCode::Down | KeyCode::Char('j') => Some(Overlay::Help { scroll: scroll + 1 }),
            KeyCode::Up | KeyCode::Char('k') => Some(Overlay::Help {
                scroll: scroll.saturating_sub(1),
            }),
            _ => None,
        },
        Overlay::Form(mut form) => match form.key(key, app.plan()) {
            FormOutcome::Open => Some(Overlay::Form(form)),
            FormOutcome::Cancelled => {
                app.say("form closed; nothing changed");
                None
            }
            FormOutcome::Apply(edits) => {
                let done = match &form.target {
                    crate::tui::form::FormTarget::Edit(item) => {
                        format!("changed {}", describe(app, item))
                    }
                    crate::tui::form::FormTarget::Add { .. } => {
                        format!("added {}", form.title.trim_start_matches("New "))
                    }
                };
                let added = matches!(form.target, crate::tui::form::FormTarget::Add { .. });
                let parent_is_plan = matches!(
                    &form.target,
                    crate::tui::form::FormTarget::Add { parent, .. } if parent.steps.is_empty()
                );
                if apply(app, edits, &done) {
                    if added && parent_is_plan {
                        // Select the new top-level item.
                        if let Some(collection) = app.screen.collection() {
                            let count = crate::tui::view::collection_len(app.plan(), collection);
                            if count > 0 {
                                go_to(app, app.screen, count - 1);
                            }
                        }
                    }
                    None
                } else {
                    form.error = app.message.as_ref().map(|m| m.text.clone());
                    Some(Overlay::Form(form))
                }
            }
        },
        Overlay::Picker {
            mut picker,
            purpose,
        } => match picker.key(key) {
            Picked::Open => Some(Overlay::Picker { picker, purpose }),
            Picked::Cancelled => None,
            Picked::Chosen(chosen) => {
                let &position = chosen.first()?;
                match purpose {
                    PickPurpose::Filter(filters) => {
                        let filter = filters.get(position).cloned().flatten();
                        let label = picker.entries[position].label.clone();
                        app.list_mut().filter = filter;
                        app.rebuild_screen(app.screen);
                        app.say(if position == 0 {
                            "filter cleared".to_owned()
                        } else {
                            format!("showing {label}")
                        });
                    }
                    PickPurpose::Add(choices) => {
                        if let Some(choice) = choices.into_iter().nth(position) {
                            open_add_form(app, choice);
                        }
                    }
                    PickPurpose::Export(formats) => {
                        if let Some(&format) = formats.get(position) {
                            ask_export_path(app, format);
                        }
                    }
                }
                app.overlay.take()
            }
        },
        Overlay::Confirm(confirm) => confirm_key(app, confirm, key, ctrl),
        Overlay::Prompt(prompt) => prompt_key(app, prompt, key, ctrl),
    }
}

fn confirm_key(app: &mut App, confirm: Confirm, key: KeyEvent, ctrl: bool) -> Option<Overlay> {
    let answer = match key.code {
        KeyCode::Char(c) if !ctrl => c.to_ascii_lowercase(),
        KeyCode::Enter => '\n',
        KeyCode::Esc => '\u{1b}',
        KeyCode::Char('c') if ctrl => '\u{1b}',
        _ => return Some(Overlay::Confirm(confirm)),
    };
    match (&confirm, answer) {
        (Confirm::Delete { item, noun }, 'y') => {
            let item = item.clone();
            let done = format!("deleted {noun}");
            apply(app, vec![Edit::Remove { item }], &done);
            None
        }
        (Confirm::Delete { .. }, 'n' | '\u{1b}') => {
            app.say("nothing deleted");
            None
        }
        (Confirm::Quit, 's') => {
            save(app, true);
            app.overlay.take()
        }
        (Confirm::Quit, 'd') => {
            app.quit = true;
            None
        }
        (Confirm::Quit, '\u{1b}' | 'c') => None,
        (Confirm::OutsideChange, 'r') => {
            reload(app, true);
            None
        }
        (Confirm::OutsideChange, 'k' | '\u{1b}') => {
            app.say("kept your changes; saving will ask before overwriting the file");
            None
        }
        (Confirm::SaveConflict, 'o') => {
            write(app, None, false);
            app.overlay.take()
        }
        (Confirm::SaveConflict, 'r') => {
            reload(app, true);
            None
        }
        (Confirm::SaveConflict, '\u{1b}' | 'c') => {
            app.say("not saved");
            None
        }
        (Confirm::Overwrite(path), 'y') => {
            let path = path.clone();
            save_as(app, path, true, false);
            app.overlay.take()
        }
        (Confirm::Overwrite(_), 'n' | '\u{1b}') => {
            app.say("not saved");
            None
        }
        (Confirm::ReplaceExport { format, path }, 'y') => {
            let (format, path) = (*format, path.clone());
            export(app, format, &path);
            None
        }
        (Confirm::ReplaceExport { .. }, 'n' | '\u{1b}') => {
            app.say("nothing exported");
            None
        }
        _ => Some(Overlay::Confirm(confirm)),
    }
}

fn prompt_key(app: &mut App, mut prompt: Prompt, key: KeyEvent, ctrl: bool) -> Option<Overlay> {
    match key.code {
        KeyCode::Esc => {
            app.say(match prompt.purpose {
                PromptPurpose::ExportPath(_) => "nothing exported",
                PromptPurpose::SavePath | PromptPurpose::SavePathThenQuit => "not saved",
            });
            return None;
        }
        KeyCode::Char('c') if ctrl => return None,
        KeyCode::Enter => {
            let text = prompt.text.trim();
            if text.is_empty() {
                prompt.error = Some("type a path, or Esc to cancel".to_owned());
                return Some(Overlay::Prompt(prompt));
            }
            let path = expand_home(text);
            if let PromptPurpose::ExportPath(format) = prompt.purpose {
                return export_to_path(app, prompt, format, path);
            }
            let quit = prompt.purpose == PromptPurpose::SavePathThenQuit;
            if path.is_dir() {
                prompt.error = Some(format!(
                    "{} is a directory",
                    printable(&path.display().to_string())
                ));
                return Some(Overlay::Prompt(prompt));
            }
            if path.exists() {
                return Some(Overlay::Confirm(Confirm::Overwrite(path)));
            }
            save_as(app, path, false, quit);
            return app.overlay.take();
        }
        KeyCode::Backspace => {
            prompt.text.pop();
        }
        KeyCode::Char('u') if ctrl => prompt.text.clear(),
        KeyCode::Char(c) if !ctrl && !c.is_control() => prompt.text.push(c),
        _ => {}
    }
    prompt.error = None;
    Some(Overlay::Prompt(prompt))
}

fn expand_home(text: &str) -> PathBuf {
    if let Some(rest) = text.strip_prefix("~/")
        && let Some(home) = directories::BaseDirs::new()
    {
        return home.home_dir().join(rest);
    }
    PathBuf::from(text)
}

/// `x`: choose the format of an export.
fn open_export(app: &mut App) {
    let formats = Format::ALL.to_vec();
    let entries = formats
        .iter()
        .map(|f| {
            let what = match f {
                Format::Markdown => "a report for GitHub, pandoc or a text editor (.md)",
                Format::Html => "a page with charts, to open or print (.html)",
                Format::Json => "the whole plan with its figures, for tools (.json)",
                Format::Csv => "a table per collection, in a directory (.csv)",
                Format::Ics => "iCalendar: milestones and partnership dates (.ics)",
            };
            Entry::new(f.name(), what)
        })
        .collect();
    app.overlay = Some(Overlay::Picker {
        picker: Box::new(Picker::single("Export as", entries, None)),
        purpose: PickPurpose::Export(formats),
    });
}

/// Where an export goes unless the person says otherwise: beside the plan,
/// named after it (`ghent.html`; for CSV the directory `ghent-csv`).
pub fn default_export_path(app: &App, format: Format) -> PathBuf {
    let plan = app
        .session
        .path
        .clone()
        .unwrap_or_else(|| PathBuf::from(EXAMPLE_FILE));
    let stem = plan
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "plan".to_owned());
    let name = match format {
        Format::Csv => format!("{stem}-csv"),
        _ => format!("{stem}.{}", format.extension()),
    };
    plan.with_file_name(name)
}

fn ask_export_path(app: &mut App, format: Format) {
    let question = match format {
        Format::Csv => "Export CSV tables into the directory".to_owned(),
        _ => format!("Export {} to", format.label()),
    };
    app.overlay = Some(Overlay::Prompt(Prompt {
        question,
        text: default_export_path(app, format).display().to_string(),
        purpose: PromptPurpose::ExportPath(format),
        error: None,
    }));
}

/// The export prompt's answer: refuse a path of the wrong kind, ask before
/// replacing what exists, else export.
fn export_to_path(
    app: &mut App,
    mut prompt: Prompt,
    format: Format,
    path: PathBuf,
) -> Option<Overlay> {
    let shown = printable(&path.display().to_string()).into_owned();
    let writes_directory = Options::default().writes_directory(format);
    let refused = if writes_directory && path.exists() && !path.is_dir() {
        Some(format!("{shown} is a file; CSV writes into a directory"))
    } else if !writes_directory && path.is_dir() {
        Some(format!("{shown} is a directory; name a file"))
    } else {
        None
    };
    if let Some(error) = refused {
        prompt.error = Some(error);
        return Some(Overlay::Prompt(prompt));
    }
    let replaces = if writes_directory {
        Table::ALL.iter().any(|t| path.join(t.file_name()).exists())
    } else {
        path.exists()
    };
    if replaces {
        return Some(Overlay::Confirm(Confirm::ReplaceExport { format, path }));
    }
    export(app, format, &path);
    None
}

/// Export the plan as it stands here, unsaved edits included, to `path`.
fn export(app: &mut App, format: Format, path: &Path) {
    app.session.document.locate_diagnostics();
    let source = app
        .session
        .path
        .as_ref()
        .map(|p| p.display().to_string())
        .unwrap_or_else(|| EXAMPLE_FILE.to_owned());
    let report = Report::of_document(&app.session.document, &source, app.today);
    let shown = printable(&path.display().to_string()).into_owned();
    let written = crate::export::render(&report, format, &Options::default())
        .map_err(|e| e.to_string())
        .and_then(|output| output.write_to(path).map_err(|e| e.to_string()));
    match written {
        Ok(files) if files.len() > 1 => {
            app.say(format!("exported {} CSV tables into {shown}", files.len()))
        }
        Ok(_) => app.say(format!("exported {} to {shown}", format.label())),
        Err(error) => app.fail(format!("not exported: {}", printable(&error))),
    }
}

/// Save; `then_quit` quits once saved.
pub fn save(app: &mut App, then_quit: bool) {
    if app.session.path.is_none() {
        app.overlay = Some(Overlay::Prompt(Prompt {
            question: "Save the plan as".to_owned(),
            text: EXAMPLE_FILE.to_owned(),
            purpose: if then_quit {
                PromptPurpose::SavePathThenQuit
            } else {
                PromptPurpose::SavePath
            },
            error: None,
        }));
        return;
    }
    write(app, app.session.stamp.clone(), then_quit);
}

/// Write the document to its file; `stamp` is what the file must still be.
fn write(app: &mut App, stamp: Option<disk::DiskStamp>, then_quit: bool) {
    let Some(path) = app.session.path.clone() else {
        return;
    };
    let bytes = app.session.document.to_bytes();
    if bytes == app.session.disk_bytes && stamp.is_some() && !app.session.is_dirty() {
        app.say(format!("{} is saved already", app.session.file_name()));
        app.quit |= then_quit;
        return;
    }
    match disk::write_plan_file(&path, &bytes, stamp.as_ref()) {
        Ok(stamp) => {
            app.session.saved(path, stamp, bytes);
            app.session.broken = None;
            app.say(format!("saved {}", app.session.file_name()));
            app.quit |= then_quit;
        }
        Err(DiskError::ChangedOnDisk { .. }) => {
            app.overlay = Some(Overlay::Confirm(Confirm::SaveConflict));
        }
        Err(error) => app.fail(format!("not saved: {}", printable(&error.to_string()))),
    }
}

fn save_as(app: &mut App, path: PathBuf, overwrite: bool, then_quit: bool) {
    let stamp = if overwrite {
        disk::read_plan_file(&path).ok().map(|(_, stamp)| stamp)
    } else {
        None
    };
    app.session.path = Some(path.clone());
    write(app, stamp, then_quit);
    if app.session.is_dirty() {
        // Not written: the plan still has no file.
        app.session.path = None;
    } else {
        app.effects.push(Effect::Watch(path));
    }
}

/// Read the plan from disk again. With `say`, report the outcome.
pub fn reload(app: &mut App, say: bool) {
    let Some(path) = app.session.path.clone() else {
        app.say("the example has no file to reload; save it first");
        return;
    };
    let (bytes, stamp) = match disk::read_plan_file(&path) {
        Ok(read) => read,
        Err(error) => {
            app.fail(format!("cannot reload: {}", printable(&error.to_string())));
            return;
        }
    };
    match PlanDocument::load(&bytes, app.today) {
        Ok(document) => {
            app.session = Session::new(document, Some(path), Some(stamp), bytes);
            app.plan_changed();
            if app.screen == Screen::Problems {
                app.session.document.locate_diagnostics();
            }
            if say {
                app.say(format!("reloaded {}", app.session.file_name()));
            }
        }
        Err(failure) => {
            app.session.broken = Some(failure);
            app.session.stamp = Some(stamp);
            app.session.disk_bytes = bytes;
            app.fail(format!(
                "{} no longer parses; fix it and it reloads",
                app.session.file_name()
            ));
        }
    }
}

/// The file changed on disk (the watcher saw it).
pub fn outside_change(app: &mut App) {
    let Some(path) = app.session.path.clone() else {
        return;
    };
    let Ok((bytes, _)) = disk::read_plan_file(&path) else {
        return;
    };
    if bytes == app.session.disk_bytes {
        return;
    }
    if app.session.is_dirty() {
        if !matches!(app.overlay, Some(Overlay::Confirm(Confirm::OutsideChange))) {
            app.overlay = Some(Overlay::Confirm(Confirm::OutsideChange));
        }
    } else {
        reload(app, false);
        if app.session.broken.is_none() {
            app.say(format!(
                "{} changed on disk; reloaded",
                app.session.file_name()
            ));
        }
    }
}

fn open_editor(app: &mut App) {
    let Some(path) = app.session.path.clone() else {
        app.say("save the plan to a file first");
        return;
    };
    if app.session.is_dirty() {
        app.say("save or undo your changes before opening the editor");
        return;
    }
    let line = app
        .selected_item()
        .and_then(|item| {
            let (collection, index) = item.steps[0];
            let path = crate::diagnostic::FieldPath::root()
                .key(collection)
                .index(index, None);
            app.session.document.locate(&path)
        })
        .map_or(1, |span| {
            crate::diagnostic::LineIndex::new(app.session.document.text())
                .line_col(span.start)
                .line
        });
    app.effects.push(Effect::OpenEditor { path, line });
}

#[cfg(test)]
mod tests;
