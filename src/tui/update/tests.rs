//! `update` and the event handlers, driven without a terminal: one test (or
//! more) per action, and the windows' answers.

use std::path::PathBuf;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind};

use super::*;
use crate::model::{Date, GoalStatus, PartnershipStatus};
use crate::tui::app::{Filter, Settings, Sort};

const GHENT: &str = include_str!("../../../plans/ghent.toml");

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
    app.size.set((120, 40));
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
        (Action::ShowOverview, Screen::Overview),
    ] {
        update(&mut f.app, action);
        assert_eq!(f.app.screen, screen);
    }
    update(&mut f.app, Action::NextScreen);
    assert_eq!(f.app.screen, Screen::Goals);
    update(&mut f.app, Action::PreviousScreen);
    update(&mut f.app, Action::PreviousScreen);
    assert_eq!(f.app.screen, Screen::Problems);
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
fn edit_opens_a_form_and_applying_it_is_one_undo_step() {
    let mut f = fixture();
    update(&mut f.app, Action::ShowGoals);
    update(&mut f.app, Action::Edit);
    assert!(matches!(f.app.overlay, Some(Overlay::Form(_))));
    // To the title, replace it, and change the target year.
    key(&mut f.app, KeyCode::Down);
    ctrl(&mut f.app, 'u');
    typed(&mut f.app, "Local food for everyone");
    for _ in 0..6 {
        key(&mut f.app, KeyCode::Down);
    }
    ctrl(&mut f.app, 'u');
    typed(&mut f.app, "2027");
    key(&mut f.app, KeyCode::Enter);
    assert!(f.app.overlay.is_none(), "{:?}", f.app.overlay);
    let goal = selected_goal(&f.app);
    assert_eq!(goal.title, "Local food for everyone");
    assert_eq!(goal.target_year, Some(2027));
    assert!(f.app.session.is_dirty());
    update(&mut f.app, Action::Undo);
    let goal = selected_goal(&f.app);
    assert_eq!(goal.title, "Grow short food supply chains run as commons");
    assert_eq!(goal.target_year, Some(2025));
    assert!(!f.app.session.is_dirty());
}

#[test]
fn a_form_with_an_error_never_reaches_the_document() {
    let mut f = fixture();
    update(&mut f.app, Action::ShowGoals);
    update(&mut f.app, Action::Edit);
    for _ in 0..7 {
        key(&mut f.app, KeyCode::Down);
    }
    typed(&mut f.app, "x");
    key(&mut f.app, KeyCode::Enter);
    let Some(Overlay::Form(form)) = &f.app.overlay else {
        panic!("the form closed");
    };
    assert!(form.error.as_deref().unwrap().contains("target_year"));
    key(&mut f.app, KeyCode::Esc);
    assert!(f.app.overlay.is_none());
    assert!(!f.app.session.is_dirty());
    assert_eq!(f.app.session.document.to_bytes(), GHENT.as_bytes());
}

#[test]
fn edit_on_the_overview_edits_the_plan_itself() {
    let mut f = fixture();
    update(&mut f.app, Action::Edit);
    let Some(Overlay::Form(form)) = &f.app.overlay else {
        panic!("no form");
    };
    assert_eq!(form.kind, crate::fields::TableKind::Plan);
    assert_eq!(form.fields[0].text, "Ghent");
}

#[test]
fn add_offers_what_fits_and_adds_an_indicator() {
    let mut f = fixture();
    update(&mut f.app, Action::ShowGoals);
    update(&mut f.app, Action::Add);
    let Some(Overlay::Picker { picker, .. }) = &f.app.overlay else {
        panic!("no picker");
    };
    let labels: Vec<&str> = picker.entries.iter().map(|e| e.label.as_str()).collect();
    assert_eq!(labels[0], "goal");
    assert!(
        labels.contains(&"indicator for goal `short-food-chains`"),
        "{labels:?}"
    );
    assert!(
        labels.iter().any(|l| l.starts_with("measurement of")),
        "{labels:?}"
    );
    typed(&mut f.app, "indicator");
    key(&mut f.app, KeyCode::Enter);
    let Some(Overlay::Form(form)) = &f.app.overlay else {
        panic!("no form: {:?}", f.app.overlay);
    };
    assert_eq!(form.kind, crate::fields::TableKind::Indicator);
    typed(&mut f.app, "Farmers supplying food teams");
    key(&mut f.app, KeyCode::Enter);
    assert!(f.app.overlay.is_none(), "{:?}", f.app.overlay);
    let goal = selected_goal(&f.app);
    assert_eq!(
        goal.indicators.last().unwrap().name,
        "Farmers supplying food teams"
    );
    assert!(
        message(&f.app).starts_with("added indicator"),
        "{}",
        message(&f.app)
    );
}

#[test]
fn adding_a_goal_selects_it() {
    let mut f = fixture();
    update(&mut f.app, Action::ShowGoals);
    update(&mut f.app, Action::Add);
    key(&mut f.app, KeyCode::Enter); // "goal", the first choice
    typed(&mut f.app, "repair-cafes\tRepair cafés in every district");
    key(&mut f.app, KeyCode::Enter);
    assert!(f.app.overlay.is_none(), "{:?}", f.app.overlay);
    let goal = selected_goal(&f.app);
    assert_eq!(goal.id, "repair-cafes");
    assert_eq!(
        goal.theme.as_deref(),
        Some("food"),
        "the theme of the goal it was added beside"
    );
}

#[test]
fn a_screen_with_one_kind_of_item_adds_it_directly() {
    let mut f = fixture();
    update(&mut f.app, Action::ShowThemes);
    update(&mut f.app, Action::Add);
    assert!(
        matches!(&f.app.overlay, Some(Overlay::Form(form)) if form.kind == crate::fields::TableKind::Theme)
    );
    f.app.overlay = None;
    update(&mut f.app, Action::ShowOverview);
    update(&mut f.app, Action::Add);
    assert!(f.app.overlay.is_none());
    assert!(message(&f.app).starts_with("nothing to add"));
}

#[test]
fn delete_asks_first() {
    let mut f = fixture();
    update(&mut f.app, Action::ShowActors);
    let count = f.app.plan().actors.len();
    update(&mut f.app, Action::Delete);
    assert!(matches!(
        f.app.overlay,
        Some(Overlay::Confirm(Confirm::Delete { .. }))
    ));
    typed(&mut f.app, "n");
    assert_eq!(f.app.plan().actors.len(), count);
    update(&mut f.app, Action::Delete);
    typed(&mut f.app, "y");
    assert_eq!(f.app.plan().actors.len(), count - 1);
    assert!(
        message(&f.app).starts_with("deleted actor `city`"),
        "{}",
        message(&f.app)
    );
}

#[test]
fn delete_in_the_details_deletes_the_nested_item() {
    let mut f = fixture();
    update(&mut f.app, Action::ShowGoals);
    update(&mut f.app, Action::Enter);
    let lines = crate::tui::detail::detail_lines(&f.app, 60);
    let milestone = lines
        .iter()
        .position(|l| {
            l.target
                .as_ref()
                .is_some_and(|t| t.item.steps.len() == 2 && t.item.steps[1].0 == "milestones")
        })
        .unwrap();
    f.app.list_mut().detail_selected = milestone;
    update(&mut f.app, Action::Delete);
    let Some(Overlay::Confirm(Confirm::Delete { noun, .. })) = &f.app.overlay else {
        panic!("no question");
    };
    assert_eq!(noun, "milestone 1 of goal `short-food-chains`");
    typed(&mut f.app, "y");
    assert!(selected_goal(&f.app).milestones.is_empty());
}

#[test]
fn status_moves_along_the_ladder() {
    let mut f = fixture();
    update(&mut f.app, Action::ShowGoals);
    assert_eq!(selected_goal(&f.app).status, GoalStatus::Adopted);
    update(&mut f.app, Action::NextStatus);
    assert_eq!(selected_goal(&f.app).status, GoalStatus::InProgress);
    assert_eq!(
        message(&f.app),
        "goal `short-food-chains`: adopted → in-progress"
    );
    update(&mut f.app, Action::PreviousStatus);
    update(&mut f.app, Action::PreviousStatus);
    update(&mut f.app, Action::PreviousStatus);
    assert_eq!(selected_goal(&f.app).status, GoalStatus::Idea);
    update(&mut f.app, Action::PreviousStatus);
    assert_eq!(selected_goal(&f.app).status, GoalStatus::Idea);
    assert_eq!(message(&f.app), "`idea` is the first status");
    update(&mut f.app, Action::ShowPartnerships);
    let index = f.app.list().selected_index().unwrap();
    let before = f.app.plan().partnerships[index].status;
    update(&mut f.app, Action::NextStatus);
    let after = f.app.plan().partnerships[index].status;
    let position = |s: PartnershipStatus| PartnershipStatus::ALL.iter().position(|x| *x == s);
    assert_eq!(position(after), position(before).map(|p| p + 1));
    update(&mut f.app, Action::ShowActors);
    update(&mut f.app, Action::NextStatus);
    assert_eq!(message(&f.app), "only goals and partnerships have a status");
}

#[test]
fn undo_and_redo_track_what_is_saved() {
    let mut f = fixture();
    update(&mut f.app, Action::Undo);
    assert_eq!(message(&f.app), "nothing to undo");
    update(&mut f.app, Action::ShowGoals);
    update(&mut f.app, Action::NextStatus);
    assert!(f.app.session.is_dirty());
    update(&mut f.app, Action::Undo);
    assert!(!f.app.session.is_dirty());
    update(&mut f.app, Action::Redo);
    assert!(f.app.session.is_dirty());
    assert_eq!(selected_goal(&f.app).status, GoalStatus::InProgress);
    update(&mut f.app, Action::Redo);
    assert_eq!(message(&f.app), "nothing to redo");
    ctrl(&mut f.app, 'r');
    assert_eq!(message(&f.app), "nothing to redo");
}

#[test]
fn save_writes_the_file_and_only_the_changed_line() {
    let mut f = fixture();
    update(&mut f.app, Action::ShowGoals);
    update(&mut f.app, Action::NextStatus);
    update(&mut f.app, Action::Save);
    assert_eq!(message(&f.app), "saved ghent.toml");
    assert!(!f.app.session.is_dirty());
    let written = std::fs::read_to_string(&f.path).unwrap();
    let changed: Vec<(&str, &str)> = GHENT
        .lines()
        .zip(written.lines())
        .filter(|(a, b)| a != b)
        .collect();
    assert_eq!(
        changed,
        vec![("status = \"adopted\"", "status = \"in-progress\"")]
    );
    // Undo back to the file as loaded, and save: the bytes come back.
    update(&mut f.app, Action::Undo);
    assert!(f.app.session.is_dirty());
    update(&mut f.app, Action::Save);
    assert_eq!(std::fs::read(&f.path).unwrap(), GHENT.as_bytes());
    update(&mut f.app, Action::Save);
    assert_eq!(message(&f.app), "ghent.toml is saved already");
}

#[test]
fn a_save_over_an_outside_change_asks() {
    let mut f = fixture();
    update(&mut f.app, Action::ShowGoals);
    update(&mut f.app, Action::NextStatus);
    let outside = format!("{GHENT}# edited elsewhere\n");
    std::fs::write(&f.path, &outside).unwrap();
    update(&mut f.app, Action::Save);
    assert!(matches!(
        f.app.overlay,
        Some(Overlay::Confirm(Confirm::SaveConflict))
    ));
    assert_eq!(std::fs::read_to_string(&f.path).unwrap(), outside);
    key(&mut f.app, KeyCode::Esc);
    assert_eq!(message(&f.app), "not saved");
    update(&mut f.app, Action::Save);
    typed(&mut f.app, "o");
    assert!(!f.app.session.is_dirty());
    assert!(
        std::fs::read_to_string(&f.path)
            .unwrap()
            .contains("in-progress")
    );
}

#[test]
fn reload_reads_the_file_again_and_asks_when_there_are_changes() {
    let mut f = fixture();
    let changed = GHENT.replace("Commons Transition Plan for Ghent", "Ghent Commons Plan");
    std::fs::write(&f.path, &changed).unwrap();
    update(&mut f.app, Action::Reload);
    assert_eq!(f.app.plan().plan.title, "Ghent Commons Plan");
    update(&mut f.app, Action::ShowGoals);
    update(&mut f.app, Action::NextStatus);
    update(&mut f.app, Action::Reload);
    assert!(matches!(
        f.app.overlay,
        Some(Overlay::Confirm(Confirm::OutsideChange))
    ));
    typed(&mut f.app, "k");
    assert!(f.app.session.is_dirty());
    update(&mut f.app, Action::Reload);
    typed(&mut f.app, "r");
    assert!(!f.app.session.is_dirty());
    assert_eq!(selected_goal(&f.app).status, GoalStatus::Adopted);
}

#[test]
fn an_outside_change_reloads_a_clean_plan_and_asks_for_a_dirty_one() {
    let mut f = fixture();
    outside_change(&mut f.app);
    assert!(f.app.message.is_none(), "the same bytes are no change");
    std::fs::write(&f.path, GHENT.replace("Ghent\"", "Gent\"")).unwrap();
    outside_change(&mut f.app);
    assert_eq!(f.app.plan().plan.city, "Gent");
    assert!(message(&f.app).ends_with("changed on disk; reloaded"));
    update(&mut f.app, Action::ShowGoals);
    update(&mut f.app, Action::NextStatus);
    std::fs::write(&f.path, GHENT).unwrap();
    outside_change(&mut f.app);
    assert!(matches!(
        f.app.overlay,
        Some(Overlay::Confirm(Confirm::OutsideChange))
    ));
    assert!(f.app.session.is_dirty(), "nothing is overwritten silently");
}

#[test]
fn a_plan_that_stops_parsing_shows_why_and_recovers_when_fixed() {
    let mut f = fixture();
    std::fs::write(&f.path, "format = 1\n[plan\n").unwrap();
    outside_change(&mut f.app);
    let broken = f.app.session.broken.as_ref().expect("broken");
    assert_eq!(broken.diagnostic.code, crate::diagnostic::Code::NotToml);
    assert_eq!(
        f.app.plan().plan.city,
        "Ghent",
        "the last good plan is kept"
    );
    std::fs::write(&f.path, GHENT).unwrap();
    outside_change(&mut f.app);
    assert!(f.app.session.broken.is_none());
}

#[test]
fn open_editor_asks_the_loop_to_run_it_at_the_items_line() {
    let mut f = fixture();
    update(&mut f.app, Action::ShowGoals);
    update(&mut f.app, Action::OpenEditor);
    assert_eq!(
        f.app.effects,
        vec![Effect::OpenEditor {
            path: f.path.clone(),
            line: 387
        }]
    );
    f.app.effects.clear();
    update(&mut f.app, Action::NextStatus);
    update(&mut f.app, Action::OpenEditor);
    assert!(f.app.effects.is_empty());
    assert_eq!(
        message(&f.app),
        "save or undo your changes before opening the editor"
    );
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
fn quit_asks_only_with_unsaved_changes() {
    let mut f = fixture();
    update(&mut f.app, Action::ShowGoals);
    update(&mut f.app, Action::NextStatus);
    update(&mut f.app, Action::Quit);
    assert!(matches!(
        f.app.overlay,
        Some(Overlay::Confirm(Confirm::Quit))
    ));
    key(&mut f.app, KeyCode::Esc);
    assert!(!f.app.quit);
    ctrl(&mut f.app, 'c');
    assert!(matches!(
        f.app.overlay,
        Some(Overlay::Confirm(Confirm::Quit))
    ));
    typed(&mut f.app, "s");
    assert!(f.app.quit);
    assert!(
        std::fs::read_to_string(&f.path)
            .unwrap()
            .contains("in-progress")
    );

    let mut f = fixture();
    update(&mut f.app, Action::Quit);
    assert!(f.app.quit);

    let mut f = fixture();
    update(&mut f.app, Action::ShowGoals);
    update(&mut f.app, Action::NextStatus);
    update(&mut f.app, Action::Quit);
    typed(&mut f.app, "d");
    assert!(f.app.quit);
    assert_eq!(std::fs::read(&f.path).unwrap(), GHENT.as_bytes());
}

#[test]
fn the_example_asks_where_to_save() {
    let dir = tempfile::tempdir().unwrap();
    let session = {
        let document =
            crate::document::PlanDocument::load(crate::tui::EXAMPLE.as_bytes(), today()).unwrap();
        Session::new(document, None, None, Vec::new())
    };
    let mut app = App::new(session, Settings::default(), today());
    update(&mut app, Action::ShowGoals);
    update(&mut app, Action::NextStatus);
    update(&mut app, Action::Save);
    let Some(Overlay::Prompt(prompt)) = &app.overlay else {
        panic!("no prompt");
    };
    assert_eq!(prompt.text, "ghent.toml");
    ctrl(&mut app, 'u');
    let target = dir.path().join("mine.toml");
    typed(&mut app, target.to_str().unwrap());
    key(&mut app, KeyCode::Enter);
    assert_eq!(message(&app), "saved mine.toml");
    assert_eq!(app.session.path.as_deref(), Some(target.as_path()));
    assert_eq!(app.effects, vec![Effect::Watch(target.clone())]);
    let written = std::fs::read_to_string(&target).unwrap();
    assert!(written.contains("in-progress"));
    // Saving as an existing file asks first.
    let mut app = App::new(
        Session::new(
            crate::document::PlanDocument::load(crate::tui::EXAMPLE.as_bytes(), today()).unwrap(),
            None,
            None,
            Vec::new(),
        ),
        Settings::default(),
        today(),
    );
    update(&mut app, Action::Save);
    ctrl(&mut app, 'u');
    typed(&mut app, target.to_str().unwrap());
    key(&mut app, KeyCode::Enter);
    assert!(matches!(
        app.overlay,
        Some(Overlay::Confirm(Confirm::Overwrite(_)))
    ));
    typed(&mut app, "n");
    assert_eq!(std::fs::read_to_string(&target).unwrap(), written);
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

#[test]
fn figures_follow_edits_of_the_parts_they_read() {
    use crate::edit::{Edit, FieldValue, ItemPath};
    use crate::progress::{LedgerTotals, PlanProgress};
    let mut fixture = fixture();
    let app = &mut fixture.app;
    let fresh = |app: &App| {
        assert_eq!(app.derived.progress, PlanProgress::compute(app.plan()));
        assert_eq!(app.derived.ledger, LedgerTotals::compute(app.plan()));
    };
    let ledger = app.derived.ledger.clone();
    let progress = app.derived.progress.clone();
    let amount = Edit::Set {
        item: ItemPath::top("partnerships", 0).child("contributions", 0),
        key: "amount".into(),
        value: Some(FieldValue::Number(123_456.0)),
    };
    assert!(apply(app, vec![amount], "amount"));
    fresh(app);
    assert_ne!(app.derived.ledger, ledger);
    assert_eq!(app.derived.progress, progress);
    let dropped = Edit::Set {
        item: ItemPath::top("goals", 4),
        key: "status".into(),
        value: Some(FieldValue::Text("dropped".into())),
    };
    assert!(apply(app, vec![dropped], "dropped"));
    fresh(app);
    assert_ne!(app.derived.progress, progress);
    key(app, KeyCode::Char('u'));
    fresh(app);
    key(app, KeyCode::Char('u'));
    fresh(app);
    assert_eq!(app.derived.ledger, ledger);
    assert_eq!(app.derived.progress, progress);
    ctrl(app, 'r');
    fresh(app);
    assert_ne!(app.derived.ledger, ledger);
}

/// Choose `format` in the export picker that `x` opens.
fn choose_export_format(app: &mut App, format: Format) {
    key(app, KeyCode::Char('x'));
    assert!(
        matches!(
            &app.overlay,
            Some(Overlay::Picker {
                purpose: PickPurpose::Export(_),
                ..
            })
        ),
        "{:?}",
        app.overlay
    );
    typed(app, format.name());
    key(app, KeyCode::Enter);
}

fn prompt_text(app: &App) -> String {
    match &app.overlay {
        Some(Overlay::Prompt(prompt)) => prompt.text.clone(),
        other => panic!("no prompt: {other:?}"),
    }
}

#[test]
fn export_writes_the_plan_as_it_stands_beside_it() {
    let mut f = fixture();
    let app = &mut f.app;
    update(app, Action::ShowGoals);
    update(app, Action::NextStatus);
    let edited = selected_goal(app).status;
    choose_export_format(app, Format::Json);
    let target = f.path.with_file_name("ghent.json");
    assert_eq!(prompt_text(app), target.display().to_string());
    key(app, KeyCode::Enter);
    assert!(app.overlay.is_none(), "{:?}", app.overlay);
    assert!(
        message(app).starts_with("exported JSON to "),
        "{}",
        message(app)
    );
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&target).unwrap()).unwrap();
    let first = &json["themes"][0]["goals"][0];
    assert_eq!(first["id"], "short-food-chains");
    assert_eq!(
        first["status"],
        edited.as_str(),
        "the unsaved edit is exported"
    );
    // Exporting saves nothing: the plan keeps its unsaved change.
    assert!(app.session.is_dirty());
    assert_eq!(std::fs::read_to_string(&f.path).unwrap(), GHENT);
}

#[test]
fn export_asks_before_replacing_a_file_and_esc_keeps_it() {
    let mut f = fixture();
    let app = &mut f.app;
    let target = f.path.with_file_name("briefing.md");
    std::fs::write(&target, "my own notes\n").unwrap();
    choose_export_format(app, Format::Markdown);
    ctrl(app, 'u');
    typed(app, &target.display().to_string());
    key(app, KeyCode::Enter);
    assert!(
        matches!(
            &app.overlay,
            Some(Overlay::Confirm(Confirm::ReplaceExport { .. }))
        ),
        "{:?}",
        app.overlay
    );
    key(app, KeyCode::Char('n'));
    assert_eq!(message(app), "nothing exported");
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "my own notes\n");

    choose_export_format(app, Format::Markdown);
    ctrl(app, 'u');
    typed(app, &target.display().to_string());
    key(app, KeyCode::Enter);
    key(app, KeyCode::Char('y'));
    let written = std::fs::read_to_string(&target).unwrap();
    assert!(
        written.starts_with("# Commons Transition Plan"),
        "{written}"
    );

    choose_export_format(app, Format::Html);
    key(app, KeyCode::Esc);
    assert!(app.overlay.is_none());
    assert_eq!(message(app), "nothing exported");
    assert!(!f.path.with_file_name("ghent.html").exists());
}

#[test]
fn export_of_csv_fills_a_directory_and_refuses_a_file() {
    let mut f = fixture();
    let app = &mut f.app;
    choose_export_format(app, Format::Csv);
    let dir = f.path.with_file_name("ghent-csv");
    assert_eq!(prompt_text(app), dir.display().to_string());
    key(app, KeyCode::Enter);
    assert_eq!(
        message(app),
        format!("exported 6 CSV tables into {}", dir.display())
    );
    assert!(dir.join("goals.csv").is_file());
    assert!(dir.join("actors.csv").is_file());
    // Again: the tables are there, so it asks.
    choose_export_format(app, Format::Csv);
    key(app, KeyCode::Enter);
    assert!(matches!(
        &app.overlay,
        Some(Overlay::Confirm(Confirm::ReplaceExport { .. }))
    ));
    key(app, KeyCode::Esc);

    // A file where the directory should be is refused in the prompt.
    choose_export_format(app, Format::Csv);
    ctrl(app, 'u');
    typed(app, &f.path.display().to_string());
    key(app, KeyCode::Enter);
    match &app.overlay {
        Some(Overlay::Prompt(prompt)) => {
            assert!(prompt.error.as_deref().unwrap_or("").contains("is a file"))
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(std::fs::read_to_string(&f.path).unwrap(), GHENT);
}

#[test]
fn export_failure_is_a_message() {
    let mut f = fixture();
    let app = &mut f.app;
    choose_export_format(app, Format::Ics);
    ctrl(app, 'u');
    let target = f.path.with_file_name("no-such-dir").join("ghent.ics");
    typed(app, &target.display().to_string());
    key(app, KeyCode::Enter);
    assert!(app.overlay.is_none());
    let failure = app.message.clone().unwrap();
    assert!(failure.error, "{failure:?}");
    assert!(
        failure.text.starts_with("not exported: "),
        "{}",
        failure.text
    );
    assert!(!target.exists());
}
