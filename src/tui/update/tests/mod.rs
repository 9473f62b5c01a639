//! `update` and the event handlers, driven without a terminal: one test (or
//! more) per action, and the windows' answers.

use std::path::PathBuf;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind};

use super::*;
use crate::model::{Date, GoalStatus, PartnershipStatus};
use crate::tui::app::{Filter, Settings, Sort};

const GHENT: &str = include_str!("../../../../plans/ghent.toml");

fn today() -> Date {
    Date::new(2026, 11, 22).unwrap()
}

struct Fixture {
    _dir: tempfile::TempDir,
    path: PathBuf,
    app: App,
}

fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ghent.toml");
    std::fs::write(&path, GHENT).unwrap();
    let app = crate::tui::open(Some(&path), Settings::default(), today()).unwrap();
    let mut app = app;
    resize(&mut app, 120, 40);
    Fixture {
        _dir: dir,
        path,
        app,
    }
}

fn key(app: &mut App, code: KeyCode) {
    handle_key(app, KeyEvent::new(code, KeyModifiers::NONE));
}

fn ctrl(app: &mut App, c: char) {
    handle_key(app, KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL));
}

fn typed(app: &mut App, text: &str) {
    for c in text.chars() {
        match c {
            '\t' => key(app, KeyCode::Tab),
            c => key(app, KeyCode::Char(c)),
        }
    }
}

fn selected_goal(app: &App) -> &crate::model::Goal {
    &app.plan().goals[app.lists[Screen::Goals.position()]
        .selected_index()
        .unwrap()]
}

fn message(app: &App) -> &str {
    app.message.as_ref().map_or("", |m| m.text.as_str())
}

#[test]
fn moving_up_down_by_page_and_to_the_ends() {
    let mut f = fixture();
    update(&mut f.app, Action::ShowGoals);
    assert_eq!(selected_goal(&f.app).id, "short-food-chains");
    update(&mut f.app, Action::Down);
    assert_eq!(selected_goal(&f.app).id, "community-energy");
    update(&mut f.app, Action::Up);
    assert_eq!(selected_goal(&f.app).id, "short-food-chains");
    update(&mut f.app, Action::Last);
    let last = f.app.list().rows.len() - 1;
    assert_eq!(f.app.list().selected, last);
    update(&mut f.app, Action::First);
    assert_eq!(selected_goal(&f.app).id, "short-food-chains");
    update(&mut f.app, Action::PageDown);
    assert_eq!(
        f.app.list().selected,
        last,
        "a page is longer than the list"
    );
    update(&mut f.app, Action::PageUp);
    assert_eq!(f.app.list().selected, 1, "headings are skipped");
}

#[test]
fn screens_by_number_and_in_turn() {
    let mut f = fixture();
    assert_eq!(f.app.screen, Screen::Overview);
    for (action, screen) in [
        (Action::ShowGoals, Screen::Goals),
        (Action::ShowPartnerships, Screen::Partnerships),
        (Action::ShowActors, Screen::Actors),
        (Action::ShowThemes, Screen::Themes),
        (Action::ShowProblems, Screen::Problems),
        (Action::ShowWorkshops, Screen::Workshops),
        (Action::ShowOverview, Screen::Overview),
    ] {
        update(&mut f.app, action);
        assert_eq!(f.app.screen, screen);
    }
    update(&mut f.app, Action::NextScreen);
    assert_eq!(f.app.screen, Screen::Goals);
    update(&mut f.app, Action::PreviousScreen);
    update(&mut f.app, Action::PreviousScreen);
    assert_eq!(f.app.screen, Screen::Workshops, "the last screen");
    key(&mut f.app, KeyCode::Char('6'));
    assert_eq!(f.app.screen, Screen::Problems);
    key(&mut f.app, KeyCode::Char('7'));
    assert_eq!(f.app.screen, Screen::Workshops);
    key(&mut f.app, KeyCode::Tab);
    assert_eq!(f.app.screen, Screen::Overview);
}

#[test]
fn enter_and_details_focus_the_details_and_back_returns() {
    let mut f = fixture();
    update(&mut f.app, Action::ShowGoals);
    update(&mut f.app, Action::Enter);
    assert_eq!(f.app.focus, Focus::Detail);
    update(&mut f.app, Action::Back);
    assert_eq!(f.app.focus, Focus::List);
    update(&mut f.app, Action::Details);
    assert_eq!(f.app.focus, Focus::Detail);
    // In the details, moving moves the line, not the goal.
    update(&mut f.app, Action::Down);
    update(&mut f.app, Action::Down);
    assert_eq!(f.app.list().detail_selected, 2);
    assert_eq!(selected_goal(&f.app).id, "short-food-chains");
    // Enter on the status line opens the form at `status`.
    update(&mut f.app, Action::Enter);
    let Some(Overlay::Form(form)) = &f.app.overlay else {
        panic!("no form: {:?}", f.app.overlay);
    };
    assert_eq!(form.fields[form.focused].field.key, "status");
    // Enter on the overview goes to the goals.
    f.app.overlay = None;
    update(&mut f.app, Action::ShowOverview);
    update(&mut f.app, Action::Enter);
    assert_eq!(f.app.screen, Screen::Goals);
}

#[test]
fn search_narrows_as_you_type() {
    let mut f = fixture();
    update(&mut f.app, Action::Search);
    assert_eq!(f.app.screen, Screen::Goals);
    assert!(f.app.searching);
    typed(&mut f.app, "solar");
    let items: Vec<&str> = f
        .app
        .list()
        .rows
        .iter()
        .filter_map(|r| match r {
            Row::Item { index, .. } => Some(f.app.plan().goals[*index].id.as_str()),
            Row::Heading(_) => None,
        })
        .collect();
    assert_eq!(items, vec!["community-energy"]);
    key(&mut f.app, KeyCode::Enter);
    assert!(!f.app.searching);
    assert_eq!(f.app.search, "solar");
    // Keys are actions again; Esc clears the search.
    key(&mut f.app, KeyCode::Esc);
    assert_eq!(f.app.search, "");
    assert_eq!(f.app.list().rows.len(), 22);
}

#[test]
fn filter_by_status() {
    let mut f = fixture();
    update(&mut f.app, Action::ShowGoals);
    update(&mut f.app, Action::Filter);
    typed(&mut f.app, "status: in-progress");
    key(&mut f.app, KeyCode::Enter);
    assert_eq!(
        f.app.list().filter,
        Some(Filter::GoalStatus(GoalStatus::InProgress))
    );
    assert_eq!(message(&f.app), "showing status: in-progress");
    let plan = f.app.plan();
    for row in &f.app.list().rows {
        if let Row::Item { index, depth: 0 } = row {
            let goal = &plan.goals[*index];
            let child_matches = plan.goals.iter().any(|g| {
                g.parent.as_deref() == Some(goal.id.as_str()) && g.status == GoalStatus::InProgress
            });
            assert!(
                goal.status == GoalStatus::InProgress || child_matches,
                "{}",
                goal.id
            );
        }
    }
    update(&mut f.app, Action::Back);
    assert_eq!(f.app.list().filter, None);
    update(&mut f.app, Action::ShowOverview);
    update(&mut f.app, Action::Filter);
    assert!(f.app.overlay.is_none());
}

#[test]
fn sort_cycles_through_the_orders() {
    let mut f = fixture();
    update(&mut f.app, Action::ShowGoals);
    update(&mut f.app, Action::Sort);
    assert_eq!(f.app.list().sort, Sort::Status);
    assert_eq!(message(&f.app), "sorted by status");
    for _ in 0..4 {
        update(&mut f.app, Action::Sort);
    }
    assert_eq!(f.app.list().sort, Sort::File);
    update(&mut f.app, Action::ShowActors);
    update(&mut f.app, Action::Sort);
    let names: Vec<String> = f
        .app
        .list()
        .rows
        .iter()
        .filter_map(|r| match r {
            Row::Item { index, .. } => Some(f.app.plan().actors[*index].name.to_lowercase()),
            Row::Heading(_) => None,
        })
        .collect();
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names, sorted);
}

#[test]
fn help_opens_scrolls_and_closes() {
    let mut f = fixture();
    update(&mut f.app, Action::Help);
    assert!(matches!(f.app.overlay, Some(Overlay::Help { scroll: 0 })));
    key(&mut f.app, KeyCode::Char('j'));
    assert!(matches!(f.app.overlay, Some(Overlay::Help { scroll: 1 })));
    key(&mut f.app, KeyCode::Char('x'));
    assert!(f.app.overlay.is_none());
}

#[test]
fn problems_jump_to_their_item() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.toml");
    std::fs::write(
        &path,
        "format = 1\n[plan]\ncity = \"C\"\ntitle = \"T\"\n\
         [[goals]]\nid = \"a\"\ntitle = \"A\"\n\
         [[goals]]\nid = \"b\"\ntitle = \"B\"\nowner = \"nobody\"\n",
    )
    .unwrap();
    let mut app = crate::tui::open(Some(&path), Settings::default(), today()).unwrap();
    update(&mut app, Action::ShowProblems);
    assert_eq!(app.list().rows.len(), 1);
    update(&mut app, Action::Enter);
    assert_eq!(app.screen, Screen::Goals);
    assert_eq!(selected_goal(&app).id, "b");
}

#[test]
fn a_click_selects_and_the_wheel_scrolls() {
    let mut f = fixture();
    update(&mut f.app, Action::ShowGoals);
    let mouse = |kind, column, row| MouseEvent {
        kind,
        column,
        row,
        modifiers: KeyModifiers::NONE,
    };
    // The list's border is on row 1; its rows start on row 2: heading, goal, heading, goal.
    handle_mouse(
        &mut f.app,
        mouse(MouseEventKind::Down(MouseButton::Left), 5, 5),
    );
    assert_eq!(selected_goal(&f.app).id, "community-energy");
    handle_mouse(&mut f.app, mouse(MouseEventKind::ScrollDown, 5, 5));
    assert_eq!(selected_goal(&f.app).id, "shared-mobility");
    handle_mouse(&mut f.app, mouse(MouseEventKind::ScrollUp, 5, 5));
    assert_eq!(selected_goal(&f.app).id, "community-energy");
    // A click on a tab shows its screen.
    handle_mouse(
        &mut f.app,
        mouse(MouseEventKind::Down(MouseButton::Left), 25, 0),
    );
    assert_eq!(f.app.screen, Screen::Partnerships);
}

#[test]
fn an_unbound_key_says_so() {
    let mut f = fixture();
    key(&mut f.app, KeyCode::Char('z'));
    assert_eq!(message(&f.app), "z does nothing here; ? shows the keys");
}

mod deleted;
mod editing;
mod files;
mod keys;
mod merging;
mod present;
mod small;
mod workshops;

#[test]
fn a_missing_last_plan_is_named_and_the_example_shown() {
    let dir = tempfile::tempdir().unwrap();
    let gone = dir.path().join("gone.toml");
    let app =
        crate::tui::open_with(None, Some(gone.clone()), Settings::default(), today()).unwrap();
    assert!(app.session.path().is_none(), "the example, unsaved");
    assert_eq!(
        message(&app),
        format!("{} is gone; showing the example", gone.display())
    );
    // A remembered plan that is there is opened, without a word.
    std::fs::write(&gone, GHENT).unwrap();
    let app =
        crate::tui::open_with(None, Some(gone.clone()), Settings::default(), today()).unwrap();
    assert_eq!(app.session.path(), Some(gone.as_path()));
    assert_eq!(app.message, None);
}

#[test]
fn enter_on_a_problem_of_the_plan_opens_the_plan_form() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.toml");
    std::fs::write(
        &path,
        "format = 1\n[plan]\ncity = \"C\"\ntitle = \"T\"\nstart_year = 2030\nend_year = 2017\n",
    )
    .unwrap();
    let mut app = crate::tui::open(Some(&path), Settings::default(), today()).unwrap();
    update(&mut app, Action::ShowProblems);
    let diagnostic = &app.session.document().diagnostics()[app.list().selected_index().unwrap()];
    assert_eq!(diagnostic.code.as_str(), "E012");
    update(&mut app, Action::Enter);
    let Some(Overlay::Form(form)) = &app.overlay else {
        panic!("no form: {:?} {}", app.overlay, message(&app));
    };
    assert_eq!(form.kind, crate::fields::TableKind::Plan);
    assert_eq!(form.fields[form.focused].field.key, "end_year");
}
