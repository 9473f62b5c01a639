use super::*;
use crate::document::{Part, PlanDocument};
use crate::fields::Collection;
use crate::model::Date;

const PLAN: &str = r#"format = 1
[plan]
city = "G"
title = "T"

[[goals]]
id = "review"
title = "A goal that shares a word with a workshop"

[[goals]]
id = "sub"
title = "S"
parent = "review"

[[partnerships]]
id = "pact"
title = "P"
goals = ["review"]

[[workshops]]
id = "w"
title = "W"
participants = ["An"]
votes = [{ participant = "An", item = "pact", dots = 1 }, { participant = "An", item = "review", dots = 1 }]
"#;

fn apply(edit: Edit) -> String {
    let mut document = PlanDocument::load(PLAN.as_bytes(), Date::new(2026, 1, 1).unwrap()).unwrap();
    History::new().apply(&mut document, &edit).unwrap();
    document.render()
}

#[test]
fn revisions_follow_what_each_edit_touched() {
    let mut document = PlanDocument::load(PLAN.as_bytes(), Date::new(2026, 1, 1).unwrap()).unwrap();
    let mut history = History::new();
    let revisions = |document: &PlanDocument| {
        [
            Part::PlanInfo,
            Part::Collection(Collection::Goals),
            Part::Collection(Collection::Partnerships),
            Part::Collection(Collection::Workshops),
        ]
        .map(|part| document.revision_of(part))
    };
    assert_eq!(revisions(&document), [0, 0, 0, 0]);
    let status = Edit::Set {
        item: ItemPath::top(Collection::Goals, 1),
        key: "status".into(),
        value: Some(FieldValue::Text("adopted".into())),
    };
    history.apply(&mut document, &status).unwrap();
    assert_eq!(revisions(&document), [0, 1, 0, 0]);
    // A rename reaches the partnership's and the workshop's references.
    let rename = Edit::Rename {
        item: ItemPath::top(Collection::Goals, 0),
        to: "reviewed".into(),
    };
    history.apply(&mut document, &rename).unwrap();
    assert_eq!(revisions(&document), [0, 2, 2, 2]);
    assert!(history.undo(&mut document));
    assert_eq!(revisions(&document), [0, 3, 3, 3]);
    let city = Edit::Set {
        item: ItemPath::plan(),
        key: "city".into(),
        value: Some(FieldValue::Text("Gent".into())),
    };
    history.apply(&mut document, &city).unwrap();
    assert_eq!(revisions(&document), [4, 3, 3, 3]);
}

#[test]
fn renaming_a_partnership_reaches_votes_only() {
    let text = apply(Edit::Rename {
        item: ItemPath::top(Collection::Partnerships, 0),
        to: "food-pact".into(),
    });
    assert!(text.contains("id = \"food-pact\""));
    assert!(text.contains("item = \"food-pact\""));
    assert!(text.contains("parent = \"review\""));
    assert!(text.contains("goals = [\"review\"]"));
}

#[test]
fn renaming_a_goal_reaches_parents_goals_and_votes() {
    let text = apply(Edit::Rename {
        item: ItemPath::top(Collection::Goals, 0),
        to: "first".into(),
    });
    assert!(text.contains("parent = \"first\""));
    assert!(text.contains("goals = [\"first\"]"));
    assert!(text.contains("item = \"first\""));
    assert!(text.contains("item = \"pact\""));
}

#[test]
fn renaming_a_workshop_touches_nothing_else() {
    let text = apply(Edit::Rename {
        item: ItemPath::top(Collection::Workshops, 0),
        to: "review-2".into(),
    });
    assert_eq!(text, PLAN.replace("id = \"w\"", "id = \"review-2\""));
}

#[test]
fn refused_edits_change_nothing() {
    let mut document = PlanDocument::load(PLAN.as_bytes(), Date::new(2026, 1, 1).unwrap()).unwrap();
    let mut history = History::new();
    for edit in [
        Edit::Rename {
            item: ItemPath::top(Collection::Goals, 0),
            to: "pact".into(),
        },
        Edit::Rename {
            item: ItemPath::top(Collection::Goals, 0),
            to: "Bad Id".into(),
        },
        Edit::Set {
            item: ItemPath::top(Collection::Goals, 1),
            key: "parent".into(),
            value: Some(FieldValue::Text("nope".into())),
        },
        Edit::Set {
            item: ItemPath::top(Collection::Goals, 1),
            key: "title".into(),
            value: None,
        },
        Edit::Set {
            item: ItemPath::top(Collection::Goals, 7),
            key: "title".into(),
            value: Some(FieldValue::Text("x".into())),
        },
        Edit::Move {
            item: ItemPath::top(Collection::Goals, 0),
            to: 5,
        },
    ] {
        assert!(history.apply(&mut document, &edit).is_err(), "{edit:?}");
    }
    assert_eq!(document.render(), PLAN);
    assert_eq!(history.undo_len(), 0);
}

#[test]
fn a_move_under_a_section_banner_undoes_to_the_bytes() {
    let text = include_str!("../../tests/editing/move-keeps-section-banner/in.toml");
    let moved = include_str!("../../tests/editing/move-keeps-section-banner/out.toml");
    let mut document = PlanDocument::load(text.as_bytes(), Date::new(2026, 1, 1).unwrap()).unwrap();
    let mut history = History::new();
    for (to, expected) in [(2, moved), (0, text), (1, text)] {
        let from = document
            .plan()
            .goals
            .iter()
            .position(|g| g.id == "food-hubs")
            .unwrap();
        let edit = Edit::Move {
            item: ItemPath::top(Collection::Goals, from),
            to,
        };
        history.apply(&mut document, &edit).unwrap();
        if to != 1 {
            assert_eq!(document.render(), expected, "to {to}");
        }
    }
    while history.undo(&mut document) {}
    assert_eq!(document.render(), text);
}

#[test]
fn references_are_found_in_file_order_through_the_field_tables() {
    let document = PlanDocument::load(PLAN.as_bytes(), Date::new(2026, 1, 1).unwrap()).unwrap();
    let places = |item: ItemPath| -> Vec<String> {
        references_to(&document, &item)
            .into_iter()
            .map(|r| r.place)
            .collect()
    };
    assert_eq!(
        places(ItemPath::top(Collection::Goals, 0)),
        [
            "goals.sub.parent",
            "partnerships.pact.goals",
            "workshops.w.votes.2.item"
        ]
    );
    assert_eq!(
        places(ItemPath::top(Collection::Partnerships, 0)),
        ["workshops.w.votes.1.item"]
    );
    assert!(places(ItemPath::top(Collection::Goals, 1)).is_empty());
    assert!(places(ItemPath::top(Collection::Workshops, 0)).is_empty());
    // Nested items have no ids, so nothing names them.
    assert!(
        places(ItemPath::top(Collection::Workshops, 0).child(crate::fields::Nested::Votes, 0))
            .is_empty()
    );
}

#[test]
fn a_vote_is_placed_within_the_dots_left_and_undone_to_the_bytes() {
    let mut document = PlanDocument::load(PLAN.as_bytes(), Date::new(2026, 1, 1).unwrap()).unwrap();
    let mut history = History::new();
    // The default budget is 5; An placed 2.
    let vote = |dots: &str| {
        add_edit(
            &document,
            "workshops.w.votes",
            &[
                "participant=An".to_owned(),
                "item=sub".to_owned(),
                format!("dots={dots}"),
            ],
        )
    };
    let four = vote("4").unwrap();
    let three = vote("3").unwrap();
    let error = history.apply(&mut document, &four).unwrap_err();
    assert_eq!(
        error.to_string(),
        "`dots`: An has 5 dots and placed 2; 4 more would be 6"
    );
    history.apply(&mut document, &three).unwrap();
    assert!(
        document
            .render()
            .contains("{ participant = \"An\", item = \"sub\", dots = 3 }]")
    );
    assert!(history.undo(&mut document));
    assert_eq!(document.render(), PLAN);
}

#[test]
fn adding_to_a_list_keeps_its_layout() {
    let mut document = PlanDocument::load(PLAN.as_bytes(), Date::new(2026, 1, 1).unwrap()).unwrap();
    let edit = add_edit(&document, "workshops.w.participants", &["Bo".to_owned()]).unwrap();
    History::new().apply(&mut document, &edit).unwrap();
    assert!(
        document
            .render()
            .contains("participants = [\"An\", \"Bo\"]\n")
    );
}

#[test]
fn a_measurement_replaced_is_one_step_in_place() {
    let text = "format = 1\n[plan]\ncity = \"G\"\ntitle = \"T\"\n[[goals]]\nid = \"g\"\ntitle = \"G\"\n\
                [[goals.indicators]]\nname = \"N\"\n\
                measurements = [{ date = 2024-12-31, value = 4 }]  # counted\n";
    let mut document = PlanDocument::load(text.as_bytes(), Date::new(2026, 1, 1).unwrap()).unwrap();
    let address = "goals.g.indicators.1";
    let refused = measure_edit(document.plan(), address, "2024-12-31", "5", false).unwrap_err();
    assert!(refused.to_string().contains("use --replace"), "{refused}");
    let edit = measure_edit(document.plan(), address, "2024-12-31", "5", true).unwrap();
    let mut history = History::new();
    history.apply(&mut document, &edit).unwrap();
    assert_eq!(
        document.render(),
        text.replace("value = 4 }", "value = 5 }")
    );
    assert_eq!(history.undo_len(), 1);
    assert!(history.undo(&mut document));
    assert_eq!(document.render(), text);
}
