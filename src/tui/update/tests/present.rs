//! Presentation mode: entering, moving, jumping, capturing a status, leaving.

use super::*;
use crate::tui::present::Slide;

/// Start presenting (`p`) and, when asked whether to record in a new
/// workshop, answer no: the fixture's latest workshop is not today's.
fn present(app: &mut App) {
    key(app, KeyCode::Char('p'));
    if matches!(
        app.overlay,
        Some(Overlay::Confirm(Confirm::NewWorkshop { .. }))
    ) {
        key(app, KeyCode::Char('n'));
    }
    assert!(app.overlay.is_none(), "{:?}", app.overlay);
}

fn shown(app: &App) -> &Slide {
    app.presentation.as_ref().expect("presenting").slide()
}

#[test]
fn p_enters_on_the_selected_item_and_esc_leaves() {
    let Fixture { mut app, .. } = fixture();
    update(&mut app, Action::ShowPartnerships);
    key(&mut app, KeyCode::Down);
    let selected = app.list().selected_index().unwrap();
    present(&mut app);
    assert_eq!(shown(&app), &Slide::Partnership(selected));
    key(&mut app, KeyCode::Esc);
    assert!(app.presentation.is_none());
    assert_eq!(app.screen, Screen::Partnerships, "back where it started");
    // From the overview it starts on the plan.
    update(&mut app, Action::ShowOverview);
    present(&mut app);
    assert_eq!(shown(&app), &Slide::Plan);
}

#[test]
fn arrows_space_and_pages_move_home_and_end_go_to_the_ends() {
    let Fixture { mut app, .. } = fixture();
    present(&mut app);
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
    present(&mut app);
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
    present(&mut app);
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

/// The lines of `after` not in `before`, and of `before` not in `after`
/// (a multiset difference, enough for appended entries).
fn changed_lines(before: &str, after: &str) -> (Vec<String>, Vec<String>) {
    let mut removed: Vec<&str> = before.lines().collect();
    let mut added = Vec::new();
    for line in after.lines() {
        match removed.iter().position(|l| *l == line) {
            Some(at) => {
                removed.remove(at);
            }
            None => added.push(line.to_owned()),
        }
    }
    (added, removed.into_iter().map(str::to_owned).collect())
}

fn text(app: &App) -> String {
    app.session.document().render()
}

/// Present from the goals screen, on the first goal: its id.
fn on_a_goal(app: &mut App) -> String {
    update(app, Action::ShowGoals);
    present(app);
    let Slide::Goal { index, .. } = *shown(app) else {
        panic!("not a goal: {:?}", shown(app));
    };
    app.plan().goals[index].id.clone()
}

fn picker_labels(app: &App) -> Vec<String> {
    let Some(Overlay::Picker { picker, .. }) = &app.overlay else {
        panic!("no picker: {:?}", app.overlay);
    };
    picker.entries.iter().map(|e| e.label.clone()).collect()
}

#[test]
fn the_current_workshop_is_the_latest_and_named_in_each_capture() {
    let Fixture { mut app, .. } = fixture();
    let latest = crate::model::Workshop {
        id: "later".to_owned(),
        date: Some(today()),
        ..app.plan().workshops[0].clone()
    };
    let earlier = crate::model::Workshop {
        id: "earlier".to_owned(),
        date: Some(Date::new(2001, 1, 1).unwrap()),
        ..app.plan().workshops[0].clone()
    };
    let plan = app.plan().clone();
    let mut with = plan.clone();
    with.workshops = vec![latest, plan.workshops[0].clone(), earlier];
    assert_eq!(super::super::capture::latest_workshop(&with), Some(0));
    on_a_goal(&mut app);
    let presentation = app.presentation.as_ref().unwrap();
    assert_eq!(presentation.workshop, Some(0));
    assert!(!presentation.show_tally, "hidden by default");
    key(&mut app, KeyCode::Char('v'));
    let Some(Overlay::Picker { picker, .. }) = &app.overlay else {
        panic!("no picker: {:?}", app.overlay);
    };
    assert_eq!(picker.title, "Dots at `review-2018-03` from");
}

#[test]
fn v_places_dots_as_one_undoable_edit() {
    let Fixture { mut app, .. } = fixture();
    let id = on_a_goal(&mut app);
    let before = text(&app);
    let undo = app.session.history().undo_len();
    key(&mut app, KeyCode::Char('v'));
    let labels = picker_labels(&app);
    assert!(
        labels.contains(&"Charlotte · 1 of 5 left".to_owned()),
        "{labels:#?}"
    );
    typed(&mut app, "Elif");
    key(&mut app, KeyCode::Enter);
    assert!(matches!(app.overlay, Some(Overlay::Prompt(_))));
    typed(&mut app, "1");
    key(&mut app, KeyCode::Enter);
    assert!(app.overlay.is_none(), "{:?}", app.overlay);
    assert_eq!(message(&app), format!("Elif placed 1 on {id}"));
    let (added, removed) = changed_lines(&before, &text(&app));
    let entry = format!("{{ participant = \"Elif\", item = \"{id}\", dots = 1 }}");
    assert_eq!(added.len(), 1, "{added:#?} {removed:#?}");
    assert!(added[0].contains(&entry), "{added:#?}");
    assert!(
        removed.len() <= 1,
        "at most the last vote gains a comma: {removed:#?}"
    );
    assert_eq!(app.session.history().undo_len(), undo + 1);
    key(&mut app, KeyCode::Char('u'));
    assert_eq!(text(&app), before);
}

#[test]
fn dots_default_to_one_and_over_budget_is_refused_with_the_numbers() {
    let Fixture { mut app, .. } = fixture();
    on_a_goal(&mut app);
    let before = text(&app);
    key(&mut app, KeyCode::Char('v'));
    typed(&mut app, "Charlotte");
    key(&mut app, KeyCode::Enter);
    typed(&mut app, "2");
    key(&mut app, KeyCode::Enter);
    assert!(app.message.as_ref().unwrap().error);
    assert!(
        message(&app).contains("Charlotte has 5 dots and placed 4; 2 more would be 6"),
        "{}",
        message(&app)
    );
    assert_eq!(text(&app), before, "nothing changed");
    // A word is not a number of dots; Enter alone places one.
    key(&mut app, KeyCode::Char('v'));
    typed(&mut app, "Charlotte");
    key(&mut app, KeyCode::Enter);
    typed(&mut app, "two");
    key(&mut app, KeyCode::Enter);
    let Some(Overlay::Prompt(prompt)) = &app.overlay else {
        panic!("no prompt: {:?}", app.overlay);
    };
    assert!(prompt.error.as_deref().unwrap().contains("whole number"));
    key(&mut app, KeyCode::Backspace);
    key(&mut app, KeyCode::Backspace);
    key(&mut app, KeyCode::Backspace);
    key(&mut app, KeyCode::Enter);
    assert!(app.overlay.is_none());
    let votes = &app.plan().workshops[0].votes;
    assert_eq!(votes.last().unwrap().participant, "Charlotte");
    assert_eq!(votes.last().unwrap().dots, 1);
}

#[test]
fn t_shows_the_tally_for_the_slide_only_when_asked() {
    let Fixture { mut app, .. } = fixture();
    update(&mut app, Action::ShowGoals);
    present(&mut app);
    key(&mut app, KeyCode::Char('/'));
    typed(&mut app, "renewable energy citizens");
    key(&mut app, KeyCode::Enter);
    let tally = |app: &App| {
        app.presentation
            .as_ref()
            .unwrap()
            .tally_of(app.plan(), "community-energy")
    };
    assert_eq!(tally(&app), None, "hidden until shown");
    key(&mut app, KeyCode::Char('t'));
    assert_eq!(
        tally(&app).as_deref(),
        Some("4 dots · rank 1 at review-2018-03")
    );
    key(&mut app, KeyCode::Char('t'));
    assert_eq!(tally(&app), None);
}

#[test]
fn c_adds_a_comment_with_author_stance_date_and_workshop() {
    let Fixture { mut app, .. } = fixture();
    on_a_goal(&mut app);
    let before = text(&app);
    let undo = app.session.history().undo_len();
    key(&mut app, KeyCode::Char('c'));
    let Some(Overlay::Picker { picker, .. }) = &app.overlay else {
        panic!("no picker: {:?}", app.overlay);
    };
    let participants: Vec<&str> = picker.entries.iter().map(|e| e.value.as_str()).collect();
    assert_eq!(participants, app.plan().workshops[0].participants);
    typed(&mut app, "Elif");
    key(&mut app, KeyCode::Enter);
    typed(&mut app, "Start with the schools");
    key(&mut app, KeyCode::Enter);
    assert_eq!(
        picker_labels(&app),
        ["for", "against", "neutral", "none"].map(str::to_owned)
    );
    typed(&mut app, "for");
    key(&mut app, KeyCode::Enter);
    assert!(app.overlay.is_none(), "{:?}", app.overlay);
    let (added, _) = changed_lines(&before, &text(&app));
    let added = added.join("\n");
    for field in [
        "author = \"Elif\"",
        "text = \"Start with the schools\"",
        "date = 2026-11-22",
        "stance = \"for\"",
        "workshop = \"review-2018-03\"",
    ] {
        assert_eq!(
            added.matches(field).count(),
            1,
            "{field} in {added}; {}",
            message(&app)
        );
    }
    assert_eq!(app.session.history().undo_len(), undo + 1);
    key(&mut app, KeyCode::Char('u'));
    assert_eq!(text(&app), before);
    // Someone not listed, typed, with no stance.
    key(&mut app, KeyCode::Char('c'));
    typed(&mut app, "Gert");
    key(&mut app, KeyCode::Enter);
    typed(&mut app, "Too slow");
    key(&mut app, KeyCode::Enter);
    typed(&mut app, "none");
    key(&mut app, KeyCode::Enter);
    let (added, _) = changed_lines(&before, &text(&app));
    let added = added.join("\n");
    assert!(added.contains("author = \"Gert\""), "{added}");
    assert!(!added.contains("stance"), "{added}");
}

#[test]
fn d_records_a_decision_with_owner_and_a_checked_due_date() {
    let Fixture { mut app, .. } = fixture();
    let id = on_a_goal(&mut app);
    let before = text(&app);
    let undo = app.session.history().undo_len();
    let owner = app.plan().actors[0].clone();
    key(&mut app, KeyCode::Char('D'));
    typed(&mut app, "Draft the charter");
    key(&mut app, KeyCode::Enter);
    let labels = picker_labels(&app);
    assert_eq!(labels[0], "no owner");
    typed(&mut app, &owner.name);
    key(&mut app, KeyCode::Enter);
    typed(&mut app, "2027-02-30");
    key(&mut app, KeyCode::Enter);
    let Some(Overlay::Prompt(prompt)) = &app.overlay else {
        panic!("no prompt: {:?}", app.overlay);
    };
    assert!(prompt.error.as_deref().unwrap().contains("YYYY-MM-DD"));
    key(&mut app, KeyCode::Backspace);
    key(&mut app, KeyCode::Backspace);
    typed(&mut app, "28");
    key(&mut app, KeyCode::Enter);
    assert!(app.overlay.is_none(), "{:?}", app.overlay);
    assert_eq!(message(&app), format!("decision about {id} recorded"));
    let decision = app.plan().workshops[0].decisions.last().unwrap().clone();
    assert_eq!(decision.text, "Draft the charter");
    assert_eq!(decision.item.as_deref(), Some(id.as_str()));
    assert_eq!(decision.owner.as_deref(), Some(owner.id.as_str()));
    assert_eq!(
        decision.due.map(|d| d.to_string()).as_deref(),
        Some("2027-02-28")
    );
    let (added, _) = changed_lines(&before, &text(&app));
    assert_eq!(added.join("\n").matches("Draft the charter").count(), 1);
    assert_eq!(app.session.history().undo_len(), undo + 1);
    key(&mut app, KeyCode::Char('u'));
    assert_eq!(text(&app), before);
}

#[test]
fn without_a_workshop_the_capture_keys_say_where_to_add_one() {
    let Fixture { mut app, .. } = fixture();
    apply(
        &mut app,
        vec![Edit::Remove {
            item: ItemPath::top("workshops", 0),
        }],
        "removed",
    );
    on_a_goal(&mut app);
    assert_eq!(app.presentation.as_ref().unwrap().workshop, None);
    for c in ['v', 'D', 't'] {
        app.message = None;
        key(&mut app, KeyCode::Char(c));
        assert!(app.overlay.is_none());
        assert_eq!(message(&app), super::super::capture::NO_WORKSHOP);
    }
    // A comment needs no workshop.
    key(&mut app, KeyCode::Char('c'));
    assert!(matches!(app.overlay, Some(Overlay::Picker { .. })));
    key(&mut app, KeyCode::Esc);
    assert_eq!(message(&app), "nothing recorded");
    assert!(app.presentation.as_ref().unwrap().capture.is_none());
}

#[test]
fn the_help_lists_every_capture_key_under_presenting() {
    let Fixture { app, .. } = fixture();
    let lines = app.settings.keymap.help_lines();
    let presenting = lines
        .iter()
        .position(|l| matches!(l, crate::tui::keymap::HelpLine::Heading("Presenting")))
        .expect("a Presenting section");
    let keys: Vec<&str> = lines[presenting..]
        .iter()
        .take_while(|l| !matches!(l, crate::tui::keymap::HelpLine::Blank))
        .filter_map(|l| match l {
            crate::tui::keymap::HelpLine::Keys(keys, _) => Some(keys.as_str()),
            _ => None,
        })
        .collect();
    for key in ["v", "c", "D", "t"] {
        assert!(keys.contains(&key), "{key} in {keys:?}");
    }
}

#[test]
fn a_workshop_dated_today_is_recorded_into_without_asking() {
    let Fixture { mut app, .. } = fixture();
    let today = app.today;
    apply(
        &mut app,
        vec![Edit::Set {
            item: ItemPath::top("workshops", 0),
            key: "date".to_owned(),
            value: Some(FieldValue::Date(today)),
        }],
        "dated",
    );
    key(&mut app, KeyCode::Char('p'));
    assert!(app.overlay.is_none(), "{:?}", app.overlay);
    assert_eq!(app.presentation.as_ref().unwrap().workshop, Some(0));
}

#[test]
fn otherwise_presenting_proposes_a_new_workshop_today_with_a_third_of_the_items_as_dots() {
    let Fixture { mut app, .. } = fixture();
    let before = text(&app);
    let workshops = app.plan().workshops.len();
    update(&mut app, Action::ShowGoals);
    key(&mut app, KeyCode::Char('p'));
    let items = app
        .presentation
        .as_ref()
        .unwrap()
        .slides
        .iter()
        .filter(|s| s.item().is_some())
        .count();
    let Some(Overlay::Confirm(Confirm::NewWorkshop { dots, latest })) = app.overlay else {
        panic!("not asked: {:?}", app.overlay);
    };
    assert_eq!(latest, Some(0));
    assert_eq!(dots, items.div_ceil(3).clamp(1, 10));
    key(&mut app, KeyCode::Char('y'));
    assert!(app.overlay.is_none());
    let plan = app.plan();
    assert_eq!(plan.workshops.len(), workshops + 1);
    let added = plan.workshops.last().unwrap();
    assert_eq!(added.id, format!("workshop-{}", app.today));
    assert_eq!(added.date, Some(app.today));
    assert_eq!(added.dots, i64::try_from(dots).unwrap());
    assert_eq!(app.presentation.as_ref().unwrap().workshop, Some(workshops));
    assert_eq!(app.derived.errors, 0, "the new workshop checks clean");
    // A new participant typed in the dots picker joins with the dots, as
    // one undoable step.
    let undo = app.session.history().undo_len();
    key(&mut app, KeyCode::Char('v'));
    typed(&mut app, "Dara");
    let Some(Overlay::Picker { picker, .. }) = &app.overlay else {
        panic!("no picker: {:?}", app.overlay);
    };
    assert_eq!(picker.typed_value(), Some("Dara"));
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Char('2'));
    key(&mut app, KeyCode::Enter);
    let added = app.plan().workshops.last().unwrap();
    assert_eq!(added.participants, ["Dara"]);
    assert_eq!(added.votes.len(), 1);
    assert_eq!(added.votes[0].dots, 2);
    assert_eq!(
        message(&app),
        format!("Dara joined and placed 2 on {}", added.votes[0].item)
    );
    assert_eq!(app.session.history().undo_len(), undo + 1);
    key(&mut app, KeyCode::Char('u'));
    assert!(app.plan().workshops.last().unwrap().participants.is_empty());
    key(&mut app, KeyCode::Char('u'));
    assert_eq!(
        text(&app),
        before,
        "undoing the workshop leaves the plan as it was"
    );
}

#[test]
fn a_plan_without_workshops_can_be_presented_without_one() {
    let Fixture { mut app, .. } = fixture();
    apply(
        &mut app,
        vec![Edit::Remove {
            item: ItemPath::top("workshops", 0),
        }],
        "removed",
    );
    key(&mut app, KeyCode::Char('p'));
    assert!(matches!(
        app.overlay,
        Some(Overlay::Confirm(Confirm::NewWorkshop { latest: None, .. }))
    ));
    key(&mut app, KeyCode::Char('n'));
    assert_eq!(app.presentation.as_ref().unwrap().workshop, None);
    assert_eq!(
        message(&app),
        "presenting without a workshop: comments only"
    );
    assert!(app.plan().workshops.is_empty());
}

#[test]
fn a_comment_author_can_be_typed_when_not_among_the_participants() {
    let Fixture { mut app, .. } = fixture();
    on_a_goal(&mut app);
    key(&mut app, KeyCode::Char('c'));
    typed(&mut app, "Zoë Verbeke");
    key(&mut app, KeyCode::Enter);
    let Some(Overlay::Prompt(prompt)) = &app.overlay else {
        panic!("no prompt: {:?}", app.overlay);
    };
    assert_eq!(prompt.question, "Comment by Zoë Verbeke");
}
