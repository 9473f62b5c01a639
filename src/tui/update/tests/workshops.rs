//! The Workshops screen: its list and details, adding a workshop, a
//! decision and a participant, and deleting one with what names it.

use super::*;
use crate::tui::detail::detail_lines;

fn workshops(f: &mut Fixture) {
    update(&mut f.app, Action::ShowWorkshops);
    assert_eq!(f.app.screen, Screen::Workshops);
}

fn detail_text(app: &App) -> Vec<String> {
    detail_lines(app, 70)
        .iter()
        .map(|l| l.line.to_string())
        .collect()
}

#[test]
fn the_workshops_screen_lists_ghents_review_with_its_tally() {
    let mut f = fixture();
    workshops(&mut f);
    assert_eq!(f.app.list().rows.len(), 1);
    assert_eq!(f.app.list().selected_index(), Some(0));
    let text = detail_text(&f.app);
    assert_eq!(text[0], "Review of the commons transition plan");
    assert!(text.contains(&"Participants (6)".to_owned()), "{text:#?}");
    // community-energy's 4 dots stand alone; four items share the second
    // rank with 3 (assembly-of-commons from An's 2 and Elif's 1), so the
    // next rank is 6.
    let first = text.iter().position(|l| l.starts_with("Dots (")).unwrap();
    assert_eq!(text[first], "Dots (28)");
    assert!(
        text[first + 1].starts_with("  1    4  Put renewable energy"),
        "{text:#?}"
    );
    let ranks: Vec<&str> = text[first + 1..]
        .iter()
        .take_while(|l| !l.is_empty())
        .map(|l| l.split_whitespace().next().unwrap())
        .collect();
    assert_eq!(
        ranks,
        [
            "1", "2=", "2=", "2=", "2=", "6=", "6=", "6=", "6=", "6=", "11=", "11="
        ]
    );
    assert!(
        text.iter()
            .any(|l| l.split_whitespace().collect::<Vec<_>>()
                == ["Charlotte", "4", "of", "5", "dots"]),
        "{text:#?}"
    );
    assert!(!text.iter().any(|l| l.starts_with("placed none")));
}

#[test]
fn sorting_by_date_puts_the_latest_first() {
    let mut f = fixture();
    workshops(&mut f);
    assert!(f.app.screen.sorts().contains(&Sort::Date));
    update(&mut f.app, Action::Add);
    let Some(Overlay::Picker { picker, .. }) = &f.app.overlay else {
        panic!("no picker: {:?}", f.app.overlay);
    };
    let labels: Vec<&str> = picker.entries.iter().map(|e| e.label.as_str()).collect();
    assert_eq!(
        labels,
        vec![
            "workshop",
            "vote at workshop `review-2018-03`",
            "decision at workshop `review-2018-03`"
        ]
    );
    typed(&mut f.app, "1");
    key(&mut f.app, KeyCode::Enter);
    let Some(Overlay::Form(form)) = &f.app.overlay else {
        panic!("no form: {:?}", f.app.overlay);
    };
    assert_eq!(form.kind, crate::fields::TableKind::Workshop);
    typed(&mut f.app, "review-2026-11\tReview in the room");
    ctrl(&mut f.app, 's');
    assert!(f.app.overlay.is_none(), "{:?}", f.app.overlay);
    let added = f.app.plan().workshops.last().unwrap();
    assert_eq!(added.date, Some(today()), "dated today");
    assert_eq!(f.app.list().rows.len(), 2);
    f.app.list_mut().sort = Sort::Date;
    f.app.plan_edited();
    assert_eq!(f.app.list().rows[0], Row::Item { index: 1, depth: 0 });
}

#[test]
fn a_decision_added_shows_in_the_details_marked_when_overdue() {
    let mut f = fixture();
    workshops(&mut f);
    update(&mut f.app, Action::Add);
    typed(&mut f.app, "decision");
    key(&mut f.app, KeyCode::Enter);
    let Some(Overlay::Form(form)) = &f.app.overlay else {
        panic!("no form: {:?}", f.app.overlay);
    };
    assert_eq!(form.kind, crate::fields::TableKind::Decision);
    typed(&mut f.app, "Map every vacant building");
    ctrl(&mut f.app, 's'); // closes the long-text editor
    ctrl(&mut f.app, 's'); // applies the form
    assert!(f.app.overlay.is_none(), "{:?}", f.app.overlay);
    assert!(
        message(&f.app).starts_with("added decision"),
        "{}",
        message(&f.app)
    );
    apply(
        &mut f.app,
        vec![Edit::Set {
            item: ItemPath::top("workshops", 0).child("decisions", 0),
            key: "due".to_owned(),
            value: Some(FieldValue::Date(Date::new(2019, 1, 31).unwrap())),
        }],
        "due",
    );
    assert_eq!(message(&f.app), "due");
    let text = detail_text(&f.app);
    let at = text
        .iter()
        .position(|l| l == "• Map every vacant building")
        .unwrap_or_else(|| panic!("{text:#?}"));
    assert!(
        text[at + 1].contains("due 2019-01-31 ! overdue"),
        "{text:#?}"
    );
    // Undone, it is gone.
    update(&mut f.app, Action::Undo);
    update(&mut f.app, Action::Undo);
    assert!(f.app.plan().workshops[0].decisions.is_empty());
}

#[test]
fn participants_are_edited_as_a_list_from_their_line() {
    let mut f = fixture();
    workshops(&mut f);
    update(&mut f.app, Action::Enter);
    let lines = detail_lines(&f.app, 60);
    let line = lines
        .iter()
        .position(|l| {
            l.target
                .as_ref()
                .is_some_and(|t| t.key == Some("participants"))
        })
        .unwrap();
    f.app.list_mut().detail_selected = line;
    update(&mut f.app, Action::Edit);
    let Some(Overlay::Form(form)) = &f.app.overlay else {
        panic!("no form: {:?}", f.app.overlay);
    };
    assert_eq!(form.fields[form.focused].field.key, "participants");
    assert!(form.fields[form.focused].is_list());
    key(&mut f.app, KeyCode::End);
    typed(&mut f.app, ", Gert");
    ctrl(&mut f.app, 's');
    assert!(f.app.overlay.is_none(), "{:?}", f.app.overlay);
    let workshop = &f.app.plan().workshops[0];
    assert_eq!(workshop.participants.len(), 7);
    assert_eq!(workshop.participants[6], "Gert");
    // Gert has placed no dots yet, and the details say so.
    assert!(
        detail_text(&f.app).contains(&"placed none  Gert".to_owned()),
        "{:#?}",
        detail_text(&f.app)
    );
}

#[test]
fn deleting_a_workshop_names_the_comments_made_in_it() {
    let mut f = fixture();
    apply(
        &mut f.app,
        vec![Edit::Set {
            item: ItemPath::top("goals", 1).child("comments", 0),
            key: "workshop".to_owned(),
            value: Some(FieldValue::Text("review-2018-03".to_owned())),
        }],
        "linked",
    );
    let goal = f.app.plan().goals[1].id.clone();
    workshops(&mut f);
    assert!(
        detail_text(&f.app)
            .iter()
            .any(|l| l.starts_with("Comments made here (1)")),
        "{:#?}",
        detail_text(&f.app)
    );
    update(&mut f.app, Action::Delete);
    let Some(Overlay::Confirm(Confirm::Delete {
        noun, references, ..
    })) = &f.app.overlay
    else {
        panic!("no question: {:?}", f.app.overlay);
    };
    assert_eq!(noun, "workshop `review-2018-03`");
    assert_eq!(references.len(), 1, "{references:?}");
    assert!(
        references[0].starts_with(&format!("goals.{goal}.comments.")),
        "{references:?}"
    );
    assert!(references[0].ends_with(".workshop"), "{references:?}");
    typed(&mut f.app, "y");
    assert!(f.app.plan().workshops.is_empty());
    assert!(f.app.list().rows.is_empty());
}

#[test]
fn a_vote_is_deleted_from_its_line_under_its_voter() {
    let mut f = fixture();
    workshops(&mut f);
    update(&mut f.app, Action::Enter);
    let lines = detail_lines(&f.app, 60);
    let vote = lines
        .iter()
        .position(|l| {
            l.target
                .as_ref()
                .is_some_and(|t| t.item == ItemPath::top("workshops", 0).child("votes", 2))
        })
        .unwrap();
    // Bram's first vote, under his line.
    assert!(lines[vote - 1].line.to_string().starts_with("Bram"));
    f.app.list_mut().detail_selected = vote;
    update(&mut f.app, Action::Delete);
    let Some(Overlay::Confirm(Confirm::Delete { noun, .. })) = &f.app.overlay else {
        panic!("no question: {:?}", f.app.overlay);
    };
    assert_eq!(noun, "vote 3 of workshop `review-2018-03`");
    typed(&mut f.app, "y");
    let workshop = &f.app.plan().workshops[0];
    assert_eq!(workshop.votes.len(), 12);
    assert!(
        detail_text(&f.app)
            .iter()
            .any(|l| l.split_whitespace().collect::<Vec<_>>() == ["Bram", "1", "of", "5", "dots"]),
        "{:#?}",
        detail_text(&f.app)
    );
}

#[test]
fn a_problem_in_a_workshop_jumps_to_it_and_a_click_on_its_tab_shows_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.toml");
    std::fs::write(
        &path,
        "format = 1\n[plan]\ncity = \"C\"\ntitle = \"T\"\n\
         [[goals]]\nid = \"a\"\ntitle = \"A\"\n\
         [[workshops]]\nid = \"w1\"\ntitle = \"First\"\n\
         [[workshops]]\nid = \"w2\"\ntitle = \"Second\"\nparticipants = [\"An\"]\n\
         votes = [{ participant = \"An\", item = \"nothing\", dots = 1 }]\n",
    )
    .unwrap();
    let mut app = crate::tui::open(Some(&path), Settings::default(), today()).unwrap();
    resize(&mut app, 120, 40);
    update(&mut app, Action::ShowProblems);
    assert!(!app.list().rows.is_empty());
    update(&mut app, Action::Enter);
    assert_eq!(app.screen, Screen::Workshops);
    assert_eq!(app.list().selected_index(), Some(1));
    // The tabs: ` 1 Overview ` … ` 7 Workshops ` at 120 columns.
    update(&mut app, Action::ShowOverview);
    let problems = app.derived.errors + app.derived.warnings;
    let column = crate::tui::layout::tab_labels(120, problems)
        .iter()
        .take(6)
        .map(|(_, l)| unicode_width::UnicodeWidthStr::width(l.as_str()) as u16)
        .sum::<u16>()
        + 2;
    handle_mouse(
        &mut app,
        MouseEvent {
            kind: MouseEventKind::Down(MouseButton::Left),
            column,
            row: 0,
            modifiers: KeyModifiers::NONE,
        },
    );
    assert_eq!(app.screen, Screen::Workshops);
}
