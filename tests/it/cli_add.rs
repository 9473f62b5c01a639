//! The command line's refusals around nested adds, measurements and
//! removals: a vote over its participant's dots or by someone who did not
//! take part, a second value on a measured date without `--replace`, an item
//! others refer to without `--force`. Each exits 1 and leaves the file as it
//! was; what succeeds is in the golden cases (`tests/editing/`).

use std::fs;
use std::path::PathBuf;

use assert_cmd::Command;
use predicates::prelude::*;

const PLAN: &str = r#"format = 1

[plan]
city = "Ghent"
title = "Commons Transition Plan"

[[goals]]
id = "old-depot"
title = "Reuse the old depot"

  [[goals.indicators]]
  name = "Rooms in use"
  measurements = [{ date = 2024-12-31, value = 4 }]

[[goals]]
id = "food"
title = "Short food chains"
parent = "old-depot"

[[partnerships]]
id = "food-hub-pact"
title = "Food hub pact"
goals = ["food", "old-depot"]

[[workshops]]
id = "ws-1"
title = "Spring review"
participants = ["Ana", "Dara"]
dots = 8
votes = [
  { participant = "Dara", item = "food", dots = 4 },
  { participant = "Dara", item = "food-hub-pact", dots = 3 },
]
"#;

fn commonplan() -> Command {
    Command::cargo_bin("commonplan").expect("the binary is built")
}

fn plan_copy() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.toml");
    fs::write(&path, PLAN).unwrap();
    (dir, path)
}

#[test]
fn a_vote_over_the_budget_is_refused_with_the_numbers() {
    let (_dir, path) = plan_copy();
    commonplan()
        .arg("add")
        .arg(&path)
        .args([
            "workshops.ws-1.votes",
            "participant=Dara",
            "item=old-depot",
            "dots=2",
        ])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "Dara has 8 dots and placed 7; 2 more would be 9",
        ))
        .stderr(predicate::str::contains("is unchanged"));
    // Changing a vote counts the others, not the one changed.
    commonplan()
        .arg("set")
        .arg(&path)
        .args(["workshops.ws-1.votes.1.dots", "6"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "Dara has 8 dots and placed 3 in their other votes; 6 here would be 9",
        ));
    assert_eq!(fs::read_to_string(&path).unwrap(), PLAN);
    // The one dot left is hers to place.
    commonplan()
        .arg("add")
        .arg(&path)
        .args([
            "workshops.ws-1.votes",
            "participant=Dara",
            "item=old-depot",
            "dots=1",
        ])
        .assert()
        .success();
    assert!(
        fs::read_to_string(&path)
            .unwrap()
            .contains("  { participant = \"Dara\", item = \"old-depot\", dots = 1 },\n]")
    );
}

#[test]
fn a_vote_by_someone_who_did_not_take_part_is_refused() {
    let (_dir, path) = plan_copy();
    commonplan()
        .arg("add")
        .arg(&path)
        .args([
            "workshops.ws-1.votes",
            "participant=Ben",
            "item=food",
            "dots=1",
        ])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "Ben is not a participant of workshop `ws-1` (they are Ana, Dara)",
        ));
    // A vote's fields are checked by kind, as `set` checks them.
    commonplan()
        .arg("add")
        .arg(&path)
        .args([
            "workshops.ws-1.votes",
            "participant=Ana",
            "item=nowhere",
            "dots=1",
        ])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("there is no goal or partnership"));
    commonplan()
        .arg("add")
        .arg(&path)
        .args([
            "workshops.ws-1.votes",
            "participant=Ana",
            "item=food",
            "dots=two",
        ])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("`two` is not a whole number"));
    // Someone already listed is not listed twice.
    commonplan()
        .arg("add")
        .arg(&path)
        .args(["workshops.ws-1.participants", "Ana"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("`Ana` is already in the list"));
    assert_eq!(fs::read_to_string(&path).unwrap(), PLAN);
}

#[test]
fn add_names_what_a_place_can_hold() {
    let (_dir, path) = plan_copy();
    commonplan()
        .arg("add")
        .arg(&path)
        .args(["goals.food.milestone", "title=Open"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "no collection or list `milestone` in goal `food` (it has: indicators, milestones, comments, tags)",
        ));
    commonplan()
        .arg("add")
        .arg(&path)
        .args(["goals.food.title", "More"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("it is not a list"));
    commonplan()
        .arg("add")
        .arg(&path)
        .args(["goals.food.comments", "author=Ana"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("a new comment needs `text`"));
    assert_eq!(fs::read_to_string(&path).unwrap(), PLAN);
}

#[test]
fn a_measured_date_is_replaced_only_when_asked() {
    let (_dir, path) = plan_copy();
    commonplan()
        .arg("measure")
        .arg(&path)
        .args(["goals.old-depot.indicators.1", "2024-12-31", "5"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "already has the value 4 on 2024-12-31; use --replace to replace it",
        ));
    assert_eq!(fs::read_to_string(&path).unwrap(), PLAN);
    commonplan()
        .arg("measure")
        .arg(&path)
        .args([
            "goals.old-depot.indicators.1",
            "2024-12-31",
            "5",
            "--replace",
        ])
        .assert()
        .success();
    assert_eq!(
        fs::read_to_string(&path).unwrap(),
        PLAN.replace("2024-12-31, value = 4", "2024-12-31, value = 5")
    );
}

#[test]
fn remove_names_each_reference_and_forces_only_when_asked() {
    let (_dir, path) = plan_copy();
    commonplan()
        .arg("remove")
        .arg(&path)
        .arg("goals.old-depot")
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "goal `old-depot` is referred to from 2 places: goals.food.parent, \
             partnerships.food-hub-pact.goals",
        ))
        .stderr(predicate::str::contains("--force"));
    commonplan()
        .arg("remove")
        .arg(&path)
        .arg("partnerships.food-hub-pact")
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "from 1 place: workshops.ws-1.votes.2.item",
        ));
    assert_eq!(fs::read_to_string(&path).unwrap(), PLAN);
    commonplan()
        .arg("remove")
        .arg(&path)
        .args(["goals.old-depot", "--force"])
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "warning: 2 references now name nothing:\n  goals.food.parent\n  \
             partnerships.food-hub-pact.goals\n",
        ));
    let after = fs::read_to_string(&path).unwrap();
    assert!(!after.contains("id = \"old-depot\""));
    // The references stay for the person to mend; `check` shows them.
    assert!(after.contains("goals = [\"food\", \"old-depot\"]"));
    commonplan().arg("check").arg(&path).assert().code(1);
    // A nested item nothing names goes without a word.
    commonplan()
        .arg("remove")
        .arg(&path)
        .arg("workshops.ws-1.votes.1")
        .assert()
        .success()
        .stderr(predicate::str::is_empty());
}

#[test]
fn a_vote_places_at_least_one_dot() {
    let (_dir, path) = plan_copy();
    for dots in ["0", "-3"] {
        commonplan()
            .arg("add")
            .arg(&path)
            .args(["workshops.ws-1.votes", "participant=Ana", "item=food"])
            .arg(format!("dots={dots}"))
            .assert()
            .code(1)
            .stderr(predicate::str::contains("`dots`: it must be 1 or more"));
    }
    assert_eq!(fs::read_to_string(&path).unwrap(), PLAN);
}
