//! Forms, adding, deleting, status steps, undo and redo, through `update`.

use super::*;

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
    ctrl(&mut f.app, 's');
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
    ctrl(&mut f.app, 's');
    let Some(Overlay::Form(form)) = &f.app.overlay else {
        panic!("the form closed");
    };
    assert!(form.error.as_deref().unwrap().contains("target_year"));
    key(&mut f.app, KeyCode::Esc);
    assert!(f.app.overlay.is_none());
    assert!(!f.app.session.is_dirty());
    assert_eq!(f.app.session.document().to_bytes(), GHENT.as_bytes());
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
    ctrl(&mut f.app, 's');
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
    ctrl(&mut f.app, 's');
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
fn delete_lists_what_would_name_nothing() {
    let mut f = fixture();
    update(&mut f.app, Action::ShowActors);
    update(&mut f.app, Action::Delete);
    let Some(Overlay::Confirm(Confirm::Delete {
        noun, references, ..
    })) = &f.app.overlay
    else {
        panic!("no question");
    };
    assert_eq!(noun, "actor `city`");
    let expected: Vec<String> =
        crate::edit::references_to(f.app.session.document(), &ItemPath::top("actors", 0))
            .into_iter()
            .map(|r| r.place)
            .collect();
    assert!(expected.len() >= 4, "{expected:?}");
    assert_eq!(*references, expected);
    assert!(references.iter().any(|p| p.ends_with(".owner")));
    // Once it is gone, each of them names nothing.
    typed(&mut f.app, "y");
    let unknown = f
        .app
        .session
        .document()
        .diagnostics()
        .iter()
        .filter(|d| d.message.contains("`city`"))
        .count();
    assert!(unknown >= expected.len(), "{unknown} < {}", expected.len());
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

/// The sequence a new user tried: press `4`, `a`, type `x-test`, Tab,
/// `X Test`, Tab, Enter, `comm`, Enter, Tab, Tab, Enter, then `energy`.
fn new_actor_sequence(app: &mut App) -> Vec<KeyEvent> {
    let mut keys = Vec::new();
    let text = |keys: &mut Vec<KeyEvent>, s: &str| {
        keys.extend(
            s.chars()
                .map(|c| KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)),
        )
    };
    let plain = |code| KeyEvent::new(code, KeyModifiers::NONE);
    text(&mut keys, "4a");
    text(&mut keys, "x-test");
    keys.push(plain(KeyCode::Tab));
    text(&mut keys, "X Test");
    keys.push(plain(KeyCode::Tab));
    keys.push(plain(KeyCode::Enter));
    text(&mut keys, "comm");
    keys.push(plain(KeyCode::Enter));
    keys.push(plain(KeyCode::Tab));
    keys.push(plain(KeyCode::Tab));
    keys.push(plain(KeyCode::Enter));
    text(&mut keys, "energy");
    let _ = app;
    keys
}

fn actor_ids(app: &App) -> Vec<String> {
    app.plan().actors.iter().map(|a| a.id.clone()).collect()
}

#[test]
fn a_new_users_form_sequence_edits_nothing_by_surprise() {
    let mut f = fixture();
    let before = actor_ids(&f.app);
    let keys = new_actor_sequence(&mut f.app);
    // Key by key, as a person types with pauses.
    for &k in &keys {
        handle_key(&mut f.app, k);
    }
    assert!(!actor_ids(&f.app).iter().any(|id| id.contains("nergy")));
    // Nothing was applied: the plan holds the actors it had, and the form
    // is still open with what was typed.
    assert_eq!(actor_ids(&f.app), before);
    assert!(!f.app.session.is_dirty());
    let Some(Overlay::Form(form)) = &f.app.overlay else {
        panic!("the form closed: {:?}", f.app.overlay);
    };
    let text = |key: &str| {
        form.fields
            .iter()
            .find(|l| l.field.key == key)
            .map(|l| l.text.clone())
            .unwrap()
    };
    assert_eq!(text("id"), "x-test");
    assert_eq!(text("name"), "X Test");
    assert_eq!(text("role"), "commons");
    // Enter on `since` went on to `members`, where `energy` was typed, and
    // is refused there (not a whole number).
    assert_eq!(text("since"), "");
    assert_eq!(text("members"), "energy");
    assert_eq!(form.fields[form.focused].field.key, "members");
    assert!(form.fields[form.focused].error.is_some());
    // Clearing the line and applying adds the actor x-test.
    ctrl(&mut f.app, 'u');
    ctrl(&mut f.app, 's');
    assert!(f.app.overlay.is_none(), "{:?}", f.app.overlay);
    let ids = actor_ids(&f.app);
    assert_eq!(ids.len(), before.len() + 1);
    assert_eq!(ids.last().map(String::as_str), Some("x-test"));
    assert!(!ids.iter().any(|id| id.contains("nergy")));

    // The same keys as one burst (typed ahead, or pasted) end the same way.
    let mut g = fixture();
    handle_burst(&mut g.app, &keys);
    assert_eq!(actor_ids(&g.app), before);
    assert!(matches!(g.app.overlay, Some(Overlay::Form(_))));
}

#[test]
fn letters_typed_in_the_burst_that_closes_a_form_are_not_commands() {
    let mut f = fixture();
    update(&mut f.app, Action::ShowActors);
    update(&mut f.app, Action::Add);
    let mut keys: Vec<KeyEvent> = "x-test\tX Test\t"
        .chars()
        .map(|c| match c {
            '\t' => KeyEvent::new(KeyCode::Tab, KeyModifiers::NONE),
            c => KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE),
        })
        .collect();
    keys.push(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE));
    keys.extend(
        "comm"
            .chars()
            .map(|c| KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)),
    );
    keys.push(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE));
    keys.push(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL));
    keys.extend(
        "energy"
            .chars()
            .map(|c| KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)),
    );
    handle_burst(&mut f.app, &keys);
    assert!(f.app.overlay.is_none(), "{:?}", f.app.overlay);
    let ids = actor_ids(&f.app);
    assert!(ids.contains(&"x-test".to_owned()));
    assert!(!ids.iter().any(|id| id.contains("nergy")));
    assert!(
        message(&f.app).contains("ignored “energy”"),
        "{}",
        message(&f.app)
    );
    // The next burst is commands again: `e` edits.
    handle_burst(
        &mut f.app,
        &[KeyEvent::new(KeyCode::Char('e'), KeyModifiers::NONE)],
    );
    assert!(matches!(f.app.overlay, Some(Overlay::Form(_))));
}

#[test]
fn a_form_that_changes_an_id_asks_first() {
    let mut f = fixture();
    update(&mut f.app, Action::ShowActors);
    update(&mut f.app, Action::Edit);
    typed(&mut f.app, "-hall");
    ctrl(&mut f.app, 's');
    let Some(Overlay::Rename { from, to, .. }) = &f.app.overlay else {
        panic!("no question: {:?}", f.app.overlay);
    };
    assert_eq!((from.as_str(), to.as_str()), ("city", "city-hall"));
    // No goes back to the form, unchanged.
    typed(&mut f.app, "n");
    assert!(matches!(f.app.overlay, Some(Overlay::Form(_))));
    assert!(!f.app.session.is_dirty());
    ctrl(&mut f.app, 's');
    typed(&mut f.app, "y");
    assert!(f.app.overlay.is_none(), "{:?}", f.app.overlay);
    assert!(actor_ids(&f.app).contains(&"city-hall".to_owned()));
    assert!(
        f.app
            .plan()
            .goals
            .iter()
            .any(|g| g.owner.as_deref() == Some("city-hall")),
        "the references follow"
    );
}

#[test]
fn a_multi_line_text_edited_in_the_form_stays_a_multi_line_string() {
    let mut f = fixture();
    // The plan's vision is a `"""` string over several lines.
    update(&mut f.app, Action::Edit);
    let Some(Overlay::Form(form)) = &mut f.app.overlay else {
        panic!("no form");
    };
    form.focused = form
        .fields
        .iter()
        .position(|l| l.field.key == "vision")
        .unwrap();
    key(&mut f.app, KeyCode::Enter);
    key(&mut f.app, KeyCode::Enter);
    typed(&mut f.app, "One more line.");
    key(&mut f.app, KeyCode::Esc);
    ctrl(&mut f.app, 's');
    assert!(f.app.overlay.is_none(), "{:?}", f.app.overlay);
    let text = String::from_utf8(f.app.session.document().to_bytes()).unwrap();
    let start = text
        .find("vision = \"\"\"\n")
        .expect("still a multi-line string");
    let vision = &text[start..];
    let end = vision[12..].find("\"\"\"").unwrap() + 12;
    assert!(
        vision[..end].contains("\nOne more line."),
        "{}",
        &vision[..end]
    );
}
