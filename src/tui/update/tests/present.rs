//! Presentation mode: entering, moving, jumping, capturing a status, leaving.

use super::*;
use crate::tui::present::Slide;

fn shown(app: &App) -> &Slide {
    app.presentation.as_ref().expect("presenting").slide()
}

#[test]
fn p_enters_on_the_selected_item_and_esc_leaves() {
    let Fixture { mut app, .. } = fixture();
    update(&mut app, Action::ShowPartnerships);
    key(&mut app, KeyCode::Down);
    let selected = app.list().selected_index().unwrap();
    key(&mut app, KeyCode::Char('p'));
    assert_eq!(shown(&app), &Slide::Partnership(selected));
    key(&mut app, KeyCode::Esc);
    assert!(app.presentation.is_none());
    assert_eq!(app.screen, Screen::Partnerships, "back where it started");
    // From the overview it starts on the plan.
    update(&mut app, Action::ShowOverview);
    key(&mut app, KeyCode::Char('p'));
    assert_eq!(shown(&app), &Slide::Plan);
}

#[test]
fn arrows_space_and_pages_move_home_and_end_go_to_the_ends() {
    let Fixture { mut app, .. } = fixture();
    key(&mut app, KeyCode::Char('p'));
    let last = app.presentation.as_ref().unwrap().slides.len() - 1;
    let at = |app: &App| app.presentation.as_ref().unwrap().current;
    for (code, expected) in [
        (KeyCode::Right, 1),
        (KeyCode::Char(' '), 2),
        (KeyCode::PageDown, 3),
        (KeyCode::Down, 4),
        (KeyCode::Left, 3),
        (KeyCode::PageUp, 2),
        (KeyCode::Up, 1),
        (KeyCode::End, last),
        (KeyCode::Right, last),
        (KeyCode::Home, 0),
        (KeyCode::Left, 0),
    ] {
        key(&mut app, code);
        assert_eq!(at(&app), expected, "after {code:?}");
    }
    // Keys of the screens do nothing here.
    key(&mut app, KeyCode::Char('e'));
    assert!(app.overlay.is_none());
    assert!(app.presentation.is_some());
}

#[test]
fn slash_jumps_to_a_slide_by_its_title() {
    let Fixture { mut app, .. } = fixture();
    key(&mut app, KeyCode::Char('p'));
    key(&mut app, KeyCode::Char('/'));
    assert!(matches!(
        app.overlay,
        Some(Overlay::Picker {
            purpose: PickPurpose::Slide,
            ..
        })
    ));
    typed(&mut app, "renewable energy citizens");
    key(&mut app, KeyCode::Enter);
    assert!(app.overlay.is_none());
    let plan = app.plan();
    let Slide::Goal { index, .. } = shown(&app) else {
        panic!("not a goal: {:?}", shown(&app));
    };
    assert_eq!(plan.goals[*index].id, "community-energy");
    // Esc closes the list and stays on the slide.
    let before = app.presentation.as_ref().unwrap().current;
    key(&mut app, KeyCode::Char('/'));
    key(&mut app, KeyCode::Esc);
    assert!(app.overlay.is_none());
    assert_eq!(app.presentation.as_ref().unwrap().current, before);
}

#[test]
fn a_status_moves_as_one_undoable_edit() {
    let Fixture { mut app, .. } = fixture();
    update(&mut app, Action::ShowGoals);
    key(&mut app, KeyCode::Char('p'));
    let Slide::Goal { index, .. } = *shown(&app) else {
        panic!("not a goal: {:?}", shown(&app));
    };
    let before = app.plan().goals[index].status;
    let undo = app.session.history().undo_len();
    let step = if before == GoalStatus::ALL[GoalStatus::ALL.len() - 1] {
        '<'
    } else {
        '>'
    };
    key(&mut app, KeyCode::Char(step));
    assert_ne!(app.plan().goals[index].status, before);
    assert_eq!(app.session.history().undo_len(), undo + 1);
    assert!(
        matches!(shown(&app), Slide::Goal { index: i, .. } if *i == index),
        "still on it"
    );
    key(&mut app, KeyCode::Char('u'));
    assert_eq!(app.plan().goals[index].status, before);
    // The plan's slide has no status to move.
    key(&mut app, KeyCode::Home);
    key(&mut app, KeyCode::Char('>'));
    assert!(message(&app).contains("status"), "{}", message(&app));
    assert_eq!(app.session.history().undo_len(), undo);
}
