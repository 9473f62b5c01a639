use super::*;

fn today() -> Date {
    Date::new(2026, 1, 1).expect("a date")
}

fn run(base: &str, ours: &str, theirs: &str) -> (String, Vec<MergeConflict>) {
    let options = MergeOptions {
        today: today(),
        ..MergeOptions::default()
    };
    let merged = merge(
        base.as_bytes(),
        ours.as_bytes(),
        theirs.as_bytes(),
        &options,
    )
    .expect("plans merge");
    (
        String::from_utf8(merged.bytes).expect("UTF-8"),
        merged.conflicts,
    )
}

const BASE: &str = r#"format = 1

[plan]
city = "Ghent"
title = "Plan"

[[actors]]
id = "city"
name = "City"
role = "public"

# ---- goals ----

# Food first.
[[goals]]
id = "food"
title = "Food"
status = "idea"  # for now
owner = "city"

  [[goals.indicators]]
  name = "Households"
  target = 10
  measurements = [{ date = 2024-01-01, value = 1 }]

[[goals]]
id = "energy"
title = "Energy"
status = "idea"
"#;

#[test]
fn different_fields_of_one_goal_merge() {
    let ours = BASE.replace(
        "status = \"idea\"  # for now",
        "status = \"adopted\"  # for now",
    );
    let theirs = BASE.replace("title = \"Food\"", "title = \"Short food chains\"");
    let (text, conflicts) = run(BASE, &ours, &theirs);
    assert!(conflicts.is_empty(), "{conflicts:?}");
    assert_eq!(
        text,
        ours.replace("title = \"Food\"", "title = \"Short food chains\"")
    );
}

#[test]
fn one_field_set_two_ways_is_marked_on_its_line() {
    let ours = BASE.replace(
        "status = \"idea\"  # for now",
        "status = \"adopted\"  # for now",
    );
    let theirs = BASE.replace(
        "status = \"idea\"  # for now",
        "status = \"dropped\"  # for now",
    );
    let (text, conflicts) = run(BASE, &ours, &theirs);
    assert_eq!(conflicts.len(), 1);
    assert_eq!(conflicts[0].path.to_string(), "goals.food.status");
    assert_eq!(
        conflicts[0].to_string(),
        "goals.food.status: ours \"adopted\", theirs \"dropped\""
    );
    let expected = ours.replace(
        "status = \"adopted\"  # for now\n",
        "<<<<<<< ours\nstatus = \"adopted\"  # for now\n=======\nstatus = \"dropped\"  # for now\n>>>>>>> theirs\n",
    );
    assert_eq!(text, expected);
}

#[test]
fn goals_added_on_both_sides_are_both_kept() {
    let ours = format!("{BASE}\n[[goals]]\nid = \"housing\"\ntitle = \"Housing\"\n");
    let theirs = format!("{BASE}\n[[goals]]\nid = \"mobility\"\ntitle = \"Mobility\"\n");
    let (text, conflicts) = run(BASE, &ours, &theirs);
    assert!(conflicts.is_empty(), "{conflicts:?}");
    assert_eq!(
        text,
        format!("{ours}\n[[goals]]\nid = \"mobility\"\ntitle = \"Mobility\"\n")
    );
}

#[test]
fn measurements_are_a_union_by_date() {
    let ours = BASE.replace(
        "{ date = 2024-01-01, value = 1 }]",
        "{ date = 2024-01-01, value = 1 }, { date = 2025-01-01, value = 4 }]",
    );
    let theirs = BASE.replace(
        "{ date = 2024-01-01, value = 1 }]",
        "{ date = 2024-01-01, value = 1 }, { date = 2024-06-01, value = 2 }]",
    );
    let (text, conflicts) = run(BASE, &ours, &theirs);
    assert!(conflicts.is_empty(), "{conflicts:?}");
    assert!(text.contains("measurements = [{ date = 2024-01-01, value = 1 }, { date = 2025-01-01, value = 4 }, { date = 2024-06-01, value = 2 }]"), "{text}");
    let theirs = BASE.replace(
        "{ date = 2024-01-01, value = 1 }]",
        "{ date = 2024-01-01, value = 1 }, { date = 2025-01-01, value = 5 }]",
    );
    let (text, conflicts) = run(BASE, &ours, &theirs);
    assert_eq!(conflicts.len(), 1, "{text}");
    assert!(text.contains("<<<<<<< ours\n  measurements"), "{text}");
}

#[test]
fn removed_on_one_side_and_changed_on_the_other() {
    let at = BASE.find("[[goals]]\nid = \"energy\"").unwrap();
    let ours = BASE[..at - 1].to_owned();
    let theirs = BASE.replace("title = \"Energy\"", "title = \"Community energy\"");
    let (text, conflicts) = run(BASE, &ours, &theirs);
    assert_eq!(conflicts.len(), 1, "{text}");
    assert_eq!(conflicts[0].kind, ConflictKind::RemovedByOurs);
    assert!(text.contains("<<<<<<< ours\n=======\n[[goals]]\nid = \"energy\"\ntitle = \"Community energy\"\nstatus = \"idea\"\n>>>>>>> theirs\n"), "{text}");
}

#[test]
fn a_rename_and_an_edit_merge_and_references_follow() {
    let ours = BASE
        .replace("id = \"city\"", "id = \"city-hall\"")
        .replace("owner = \"city\"", "owner = \"city-hall\"");
    let theirs = format!(
        "{}\n[[goals]]\nid = \"mobility\"\ntitle = \"Mobility\"\nowner = \"city\"\n",
        BASE.replace(
            "name = \"City\"",
            "name = \"City\"\ndescription = \"The city\""
        )
    );
    let (text, conflicts) = run(BASE, &ours, &theirs);
    assert!(conflicts.is_empty(), "{conflicts:?}");
    assert!(
        text.contains("id = \"city-hall\"\nname = \"City\"\ndescription = \"The city\""),
        "{text}"
    );
    assert!(
        text.contains("id = \"mobility\"\ntitle = \"Mobility\"\nowner = \"city-hall\""),
        "{text}"
    );
}

#[test]
fn a_reference_to_a_removed_item_is_a_conflict() {
    let at = BASE.find("[[goals]]\nid = \"energy\"").unwrap();
    let ours = BASE[..at - 1].to_owned();
    let theirs =
        format!("{BASE}\n[[goals]]\nid = \"solar\"\ntitle = \"Solar\"\nparent = \"energy\"\n");
    let (_, conflicts) = run(BASE, &ours, &theirs);
    assert_eq!(conflicts.len(), 1);
    assert_eq!(conflicts[0].kind, ConflictKind::Check);
    assert_eq!(conflicts[0].path.to_string(), "goals.solar.parent");
}

#[test]
fn merging_with_itself_or_the_base_changes_nothing() {
    let ours = BASE.replace(
        "status = \"idea\"  # for now",
        "status = \"adopted\"  # for now",
    );
    assert_eq!(run(BASE, &ours, &ours).0, ours);
    assert_eq!(run(BASE, &ours, BASE).0, ours);
}

#[test]
fn crlf_and_bom_are_kept() {
    let base = format!("\u{feff}{}", BASE.replace('\n', "\r\n"));
    let ours = base.replace(
        "status = \"idea\"  # for now",
        "status = \"adopted\"  # for now",
    );
    let theirs = base.replace("title = \"Energy\"", "title = \"Community energy\"");
    let (text, conflicts) = run(&base, &ours, &theirs);
    assert!(conflicts.is_empty());
    assert_eq!(
        text,
        ours.replace("title = \"Energy\"", "title = \"Community energy\"")
    );
}

#[test]
fn not_a_plan_is_refused() {
    let error = merge(
        b"[package]\nname = \"a\"\n",
        b"[package]\nname = \"b\"\n",
        b"[package]\nname = \"c\"\n",
        &MergeOptions::default(),
    )
    .unwrap_err();
    assert!(
        matches!(
            error,
            MergeError::NotAPlan {
                version: Version::Base,
                ..
            }
        ),
        "{error}"
    );
}

/// Merge both ways; whether the regions way was taken (it then gave what
/// the whole merge gives, bytes and conflicts).
fn both_ways(base: &[u8], ours: &[u8], theirs: &[u8]) -> bool {
    let options = MergeOptions {
        today: today(),
        ..MergeOptions::default()
    };
    let (Ok(b), Ok(o), Ok(t)) = (
        text_of(base, Version::Base),
        text_of(ours, Version::Ours),
        text_of(theirs, Version::Theirs),
    ) else {
        return false;
    };
    let texts = [b, o, t];
    let Some(quick) = merge_by_regions(texts, ours, theirs, &options) else {
        return false;
    };
    let whole = merge_whole(texts, ours, theirs, &options).expect("the whole merge runs");
    assert_eq!(
        String::from_utf8_lossy(&quick.bytes),
        String::from_utf8_lossy(&whole.bytes)
    );
    assert_eq!(quick.conflicts, whole.conflicts);
    true
}

#[test]
fn the_regions_give_what_the_whole_merge_gives_on_the_golden_cases() {
    let cases = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/merge");
    let mut quick = 0;
    for case in std::fs::read_dir(cases).expect("the golden cases") {
        let case = case.expect("a case").path();
        let read = |side: &str| std::fs::read(case.join(format!("{side}.toml"))).expect("a side");
        if both_ways(&read("base"), &read("ours"), &read("theirs")) {
            quick += 1;
        }
    }
    assert!(quick >= 10, "only {quick} cases merged by regions");
}

/// A plan of `n` goals with banners, comments, sub-tables and references.
fn generated(n: usize) -> String {
    let mut text = String::from(
        "# A plan.\nformat = 1\n\n[plan]\ncity = \"G\"\ntitle = \"T\"\n\n[[actors]]\nid = \"city\"\nname = \"City\"\nrole = \"public\"\n\n# ---- goals ----\n\n",
    );
    for g in 0..n {
        text.push_str(&format!(
            "# Goal {g}.\n[[goals]]\nid = \"g{g}\"\ntitle = \"Goal {g}\"\nstatus = \"idea\"  # for now\nowner = \"city\"\n\n  [[goals.indicators]]\n  name = \"I\"\n  target = 10\n  measurements = [{{ date = 2024-01-01, value = 1 }}]\n\n"
        ));
    }
    text.push_str("[[workshops]]\nid = \"w\"\ntitle = \"W\"\ndate = 2024-01-01\n");
    text.push_str("notes = \"\"\"\n[[goals]]\nid = \"in-a-string\"\n\"\"\"\nvotes = [\n  { participant = \"p\", item = \"g1\" },  # one\n]\n\n");
    text.push_str("[[partnerships]]\nid = \"pact\"\ntitle = \"Pact\"\ngoals = [\"g0\"]\n\n  [[partnerships.parties]]\n  actor = \"city\"\n");
    text
}

/// One edit of the generated plan's text, by number.
fn edited(text: &str, edit: usize, goal: usize) -> String {
    let head = format!("id = \"g{goal}\"\ntitle = \"Goal {goal}\"\nstatus = \"idea\"");
    let new_goal = |after: usize, id: &str| {
        let at = format!("# Goal {after}.\n");
        text.replacen(
            &at,
            &format!("[[goals]]\nid = \"{id}\"\ntitle = \"New {id}\"\n\n{at}"),
            1,
        )
    };
    match edit % 14 {
        8 => {
            // The goal removed, with its comment and tables.
            let from = text.find(&format!("# Goal {goal}.\n")).unwrap_or(0);
            let to = text[from + 1..]
                .find("# Goal ")
                .or_else(|| text[from + 1..].find("[[workshops]]"))
                .map_or(from, |at| from + 1 + at);
            format!("{}{}", &text[..from], &text[to..])
        }
        9 => text.replacen("goals = [\"g0\"]", &format!("goals = [\"g0\", \"g{goal}\"]"), 1),
        10 => text.replacen("# ---- goals ----\n\n", &format!("# ---- goals ----\n\n[[goals]]\nid = \"first-{goal}\"\ntitle = \"First\"\n\n"), 1),
        11 => text.replacen("role = \"public\"\n", &format!("role = \"public\"\n\n[[actors]]\nid = \"a{goal}\"\nname = \"A\"\nrole = \"commons\"\n"), 1),
        12 => text.replacen("title = \"T\"\n", &format!("title = \"T {goal}\"\n"), 1),
        13 => text.replacen("in-a-string\"\n", &format!("in-a-string\"\n[[goals]] {goal}\n"), 1),
        0 => text.replacen(&head, &head.replace("idea", "adopted"), 1),
        1 => text.replacen(&head, &head.replace("idea", "dropped"), 1),
        2 => text.replacen(&head, &format!("{head}\npriority = \"high\""), 1),
        3 => new_goal(goal, &format!("new-{goal}")),
        4 => new_goal(goal, "same-new"),
        5 => text.replacen(
            &format!("# Goal {goal}.\n[[goals]]\nid = \"g{goal}\"\ntitle = \"Goal {goal}\"\nstatus = \"idea\"  # for now\nowner = \"city\"\n"),
            &format!("# Goal {goal}.\n[[goals]]\nid = \"g{goal}\"\ntitle = \"Goal {goal}\"\nstatus = \"idea\"  # for now\nowner = \"city\"\n\n  [[goals.comments]]\n  author = \"A\"\n  text = \"On {goal}\"\n"),
            1,
        ),
        6 => text.replacen(&format!("id = \"g{goal}\"\n"), &format!("id = \"r{goal}\"\n"), 1),
        _ => text.replacen("# ---- goals ----\n", "# ---- goals, renamed ----\n", 1),
    }
}

#[test]
fn the_regions_give_what_the_whole_merge_gives_on_edits_of_a_larger_plan() {
    let base = generated(12);
    let mut quick = 0;
    for a in 0..14 {
        for b in 0..14 {
            for (ga, gb) in [(0, 0), (1, 1), (3, 4), (11, 0), (7, 7)] {
                let ours = edited(&edited(&base, a, ga), b + 3, (gb + 5) % 12);
                let theirs = edited(&base, b, gb);
                if both_ways(base.as_bytes(), ours.as_bytes(), theirs.as_bytes()) {
                    quick += 1;
                }
                let crlf = |t: &str| t.replace('\n', "\r\n");
                both_ways(
                    crlf(&base).as_bytes(),
                    crlf(&ours).as_bytes(),
                    crlf(&theirs).as_bytes(),
                );
            }
        }
    }
    assert!(quick > 400, "only {quick} merged by regions");
}

/// The benchmark's sessions, on a smaller plan: the `n`th edit of `side`.
fn session_edit(side: usize, n: usize, goals: usize) -> crate::edit::Edit {
    use crate::edit::{Edit, FieldValue, ItemPath};
    let goal = 2 * (n * 7 % (goals / 2)) + side;
    let item = ItemPath::top("goals", goal);
    match n % 4 {
        0 => Edit::Set {
            item,
            key: "status".into(),
            value: Some(FieldValue::Text("adopted".into())),
        },
        1 => Edit::Add {
            parent: item.child("indicators", 0),
            collection: "measurements".into(),
            fields: vec![
                (
                    "date".into(),
                    FieldValue::Date(Date::new(2025, 1 + side as u8, 1 + n as u8).expect("a date")),
                ),
                ("value".into(), FieldValue::Integer(200 + n as i64)),
            ],
        },
        2 => Edit::Add {
            parent: item,
            collection: "comments".into(),
            fields: vec![
                ("author".into(), FieldValue::Text(format!("Side {side}"))),
                ("text".into(), FieldValue::Text(format!("Remark {n}"))),
            ],
        },
        _ => Edit::Add {
            parent: ItemPath::plan(),
            collection: "goals".into(),
            fields: vec![
                (
                    "id".into(),
                    FieldValue::Text(format!("side-{side}-goal-{n}")),
                ),
                ("title".into(), FieldValue::Text(format!("A new goal, {n}"))),
            ],
        },
    }
}

#[test]
fn the_regions_give_what_the_whole_merge_gives_on_edit_sessions() {
    let goals = 12;
    let base = generated(goals);
    let session = |side: usize, edits: usize| {
        let mut document = PlanDocument::load(base.as_bytes(), today()).expect("loads");
        let mut history = crate::edit::History::new();
        for n in 0..edits {
            history
                .apply(&mut document, &session_edit(side, n, goals))
                .expect("the edit applies");
        }
        document.to_bytes()
    };
    for edits in [1, 2, 3, 4, 5, 8, 12] {
        let (ours, theirs) = (session(0, edits), session(1, edits));
        assert!(both_ways(base.as_bytes(), &ours, &theirs), "{edits} edits");
        assert!(both_ways(base.as_bytes(), &theirs, &ours), "{edits} edits");
    }
}

#[test]
fn interleaved_dotted_keys_anywhere_are_merged_whole() {
    let base = generated(6).replacen(
        "owner = \"city\"\n",
        "owner = \"city\"\nextra.a = 1\nnote = \"n\"\nextra.b = 2\n",
        1,
    );
    let ours = edited(&base, 0, 4);
    let theirs = edited(&base, 2, 5);
    assert!(!both_ways(
        base.as_bytes(),
        ours.as_bytes(),
        theirs.as_bytes()
    ));
    let (text, conflicts) = run(&base, &ours, &theirs);
    assert!(conflicts.is_empty(), "{conflicts:?}");
    assert!(text.contains("priority = \"high\""));
}

#[test]
fn items_added_to_a_plan_that_had_none_are_all_kept() {
    let base = "format = 1\n";
    let ours = "format = 1\n\n[[goals]]\nid = \"a\"\ntitle = \"A\"\n";
    let theirs = "format = 1\n\n[[goals]]\nid = \"b\"\ntitle = \"B\"\n";
    both_ways(base.as_bytes(), ours.as_bytes(), theirs.as_bytes());
    let (text, _) = run(base, ours, theirs);
    assert!(
        text.contains("id = \"a\"") && text.contains("id = \"b\""),
        "{text}"
    );
}
