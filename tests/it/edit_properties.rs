//! Properties of editing, on the example plans: for random sequences of
//! edits, the saved text loads back to the typed plan held in memory, and
//! undoing every edit gives back the original bytes exactly (redoing them
//! gives the edited bytes again).

use commonplan::document::PlanDocument;
use commonplan::edit::{Edit, FieldValue, History, ItemPath};
use commonplan::model::{Date, GoalStatus, Keyword};
use proptest::prelude::*;

fn today() -> Date {
    Date::new(2026, 11, 22).unwrap()
}

/// One step of a random session: what to do, two numbers to pick items and
/// values with, and a text.
type Step = (u8, usize, usize, String);

fn step() -> impl Strategy<Value = Step> {
    (
        0u8..12,
        any::<usize>(),
        any::<usize>(),
        prop_oneof![
            "[a-zA-Z ]{1,20}",
            "\\PC{1,30}",
            Just("quote \" and ' and \\ backslash".to_owned()),
            Just("two\nlines".to_owned()),
        ],
    )
}

/// Turn a step into an edit against the plan as it is now.
fn edit_for(document: &PlanDocument, (op, a, b, text): &Step, counter: usize) -> Option<Edit> {
    let plan = document.plan();
    let goals = plan.goals.len();
    let goal = |n: usize| (goals > 0).then(|| ItemPath::top("goals", n % goals));
    Some(match op {
        0 => Edit::Set {
            item: goal(*a)?,
            key: "status".into(),
            value: Some(FieldValue::Text(
                GoalStatus::WORDS[b % GoalStatus::WORDS.len()].to_owned(),
            )),
        },
        1 => Edit::Set {
            item: goal(*a)?,
            key: "title".into(),
            value: Some(FieldValue::Text(text.clone())),
        },
        2 => Edit::Set {
            item: ItemPath::plan(),
            key: "title".into(),
            value: Some(FieldValue::Text(text.clone())),
        },
        3 => {
            let index = a % goals.max(1);
            let indicators = plan.goals.get(index)?.indicators.len();
            Edit::Set {
                item: ItemPath::top("goals", index).child("indicators", b % indicators.max(1)),
                key: "target".into(),
                value: Some(FieldValue::Number((*b % 10_000) as f64 / 4.0)),
            }
        }
        4 => Edit::Add {
            parent: ItemPath::plan(),
            collection: "goals".into(),
            fields: vec![
                ("id".into(), FieldValue::Text(format!("new-goal-{counter}"))),
                ("title".into(), FieldValue::Text(text.clone())),
                (
                    "target_year".into(),
                    FieldValue::Integer(2020 + (*b % 10) as i64),
                ),
            ],
        },
        5 => Edit::Remove { item: goal(*a)? },
        6 => Edit::Move {
            item: goal(*a)?,
            to: b % goals.max(1),
        },
        7 => {
            let actors = plan.actors.len();
            Edit::Rename {
                item: ItemPath::top("actors", a % actors.max(1)),
                to: format!("renamed-{counter}"),
            }
        }
        8 => {
            let index = a % goals.max(1);
            let indicators = plan.goals.get(index)?.indicators.len();
            Edit::Add {
                parent: ItemPath::top("goals", index).child("indicators", b % indicators.max(1)),
                collection: "measurements".into(),
                fields: vec![
                    (
                        "date".into(),
                        FieldValue::Date(Date::new(2024, 1 + (*b % 12) as u8, 1).unwrap()),
                    ),
                    ("value".into(), FieldValue::Integer((*a % 5000) as i64)),
                ],
            }
        }
        9 => Edit::Set {
            item: goal(*a)?,
            key: "description".into(),
            value: None,
        },
        10 => {
            let partnerships = plan.partnerships.len();
            Edit::Remove {
                item: ItemPath::top("partnerships", a % partnerships.max(1))
                    .child("contributions", *b % 3),
            }
        }
        _ => Edit::Set {
            item: goal(*a)?,
            key: "budget".into(),
            value: Some(FieldValue::Integer((*b % 1_000_000) as i64)),
        },
    })
}

fn check_session(plan_file: &str, steps: &[Step]) -> Result<(), TestCaseError> {
    let path = format!("{}/plans/{plan_file}", env!("CARGO_MANIFEST_DIR"));
    let original = std::fs::read(path).unwrap();
    let mut document = PlanDocument::load(&original, today()).unwrap();
    let mut history = History::new();
    for (counter, step) in steps.iter().enumerate() {
        if let Some(edit) = edit_for(&document, step, counter) {
            // Refused edits change nothing, and are fine.
            let before = document.to_bytes();
            if history.apply(&mut document, &edit).is_err() {
                prop_assert_eq!(document.to_bytes(), before);
            }
        }
    }
    let edited = document.to_bytes();
    let reloaded = PlanDocument::load(&edited, today()).expect("the edited plan is TOML");
    prop_assert_eq!(reloaded.plan(), document.plan());

    let edits = history.undo_len();
    while history.undo(&mut document) {}
    let undone = document.to_bytes();
    prop_assert_eq!(
        String::from_utf8_lossy(&undone),
        String::from_utf8_lossy(&original)
    );
    let fresh = PlanDocument::load(&original, today()).unwrap();
    prop_assert_eq!(document.plan(), fresh.plan());
    for _ in 0..edits {
        prop_assert!(history.redo(&mut document));
    }
    prop_assert_eq!(document.to_bytes(), edited);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn ghent_sessions(steps in prop::collection::vec(step(), 1..16)) {
        check_session("ghent.toml", &steps)?;
    }

    #[test]
    fn bologna_sessions(steps in prop::collection::vec(step(), 1..16)) {
        check_session("bologna.toml", &steps)?;
    }

    #[test]
    fn template_sessions(steps in prop::collection::vec(step(), 1..16)) {
        check_session("template.toml", &steps)?;
    }
}
