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
