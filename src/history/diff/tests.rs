//! The diff engine on small plans: matching, renames, moves, nested
//! collections, figures, and the text and listing forms.

use super::*;
use crate::document::PlanDocument;

const BASE: &str = "format = 1\n[plan]\ncity = \"C\"\ntitle = \"T\"\n\
    [[themes]]\nid = \"energy\"\nname = \"Energy\"\n\
    [[actors]]\nid = \"city\"\nname = \"City\"\nrole = \"public\"\n\
    [[goals]]\nid = \"a\"\ntitle = \"Goal A\"\ntheme = \"energy\"\n\
    [[goals]]\nid = \"b\"\ntitle = \"Goal B\"\nparent = \"a\"\n\
    [[goals]]\nid = \"c\"\ntitle = \"Goal C\"\n\
    [[goals.indicators]]\nname = \"Homes\"\ntarget = 100\n\
    measurements = [{ date = 2024-01-01, value = 10 }]\n";

fn plan(text: &str) -> Plan {
    PlanDocument::read_plan(text.as_bytes()).expect("a plan")
}

fn diff_of(old: &str, new: &str) -> PlanDiff {
    diff(&plan(old), &plan(new))
}

#[test]
fn the_same_plan_has_no_changes() {
    let changes = diff_of(BASE, BASE);
    assert!(changes.is_empty());
    assert_eq!(to_text(&changes), "");
}

#[test]
fn a_field_change_is_addressed_as_set_addresses_it() {
    let new = BASE.replace(
        "title = \"Goal C\"",
        "title = \"Goal C\"\nstatus = \"achieved\"",
    );
    let changes = diff_of(BASE, &new);
    assert_eq!(changes.items.len(), 1);
    let change = &changes.items[0].changes[0];
    assert_eq!(change.address, "goals.c.status");
    assert_eq!(change.change, ChangeKind::Set);
    assert_eq!(change.old, Some("proposed".into()));
    assert_eq!(change.new, Some("achieved".into()));
    assert!(to_text(&changes).contains("  goals.c.status: proposed → achieved\n"));
}

#[test]
fn a_rename_is_one_change_and_its_references_follow() {
    let new = BASE
        .replace("id = \"a\"", "id = \"a2\"")
        .replace("parent = \"a\"", "parent = \"a2\"");
    let changes = diff_of(BASE, &new);
    assert_eq!(changes.items.len(), 1, "{changes:#?}");
    let item = &changes.items[0];
    assert_eq!(item.address, "goals.a2");
    assert_eq!(item.renamed_from.as_deref(), Some("goals.a"));
    assert_eq!(item.references_followed, 1);
    assert!(item.changes.is_empty());
}

#[test]
fn a_rename_with_a_new_title_is_found_by_its_references() {
    let new = BASE
        .replace(
            "id = \"a\"\ntitle = \"Goal A\"",
            "id = \"a2\"\ntitle = \"Goal A, renamed\"",
        )
        .replace("parent = \"a\"", "parent = \"a2\"");
    let changes = diff_of(BASE, &new);
    let item = &changes.items[0];
    assert_eq!(item.renamed_from.as_deref(), Some("goals.a"));
    assert_eq!(item.changes[0].address, "goals.a2.title");
}

#[test]
fn an_unrelated_removal_and_addition_are_not_a_rename() {
    let new = BASE.replace(
        "id = \"c\"\ntitle = \"Goal C\"",
        "id = \"d\"\ntitle = \"Goal D\"",
    );
    let changes = diff_of(BASE, &new);
    let statuses: Vec<(&str, ItemStatus)> = changes
        .items
        .iter()
        .map(|i| (i.address.as_str(), i.status))
        .collect();
    assert_eq!(
        statuses,
        [
            ("goals.c", ItemStatus::Removed),
            ("goals.d", ItemStatus::Added)
        ]
    );
}

#[test]
fn only_the_item_that_moved_is_moved() {
    // c moves to the front; a and b keep their order and are not moved.
    let goals_at = BASE.find("[[goals]]").unwrap();
    let c_at = BASE.find("[[goals]]\nid = \"c\"").unwrap();
    let new = format!(
        "{}{}{}",
        &BASE[..goals_at],
        &BASE[c_at..],
        &BASE[goals_at..c_at]
    );
    let changes = diff_of(BASE, &new);
    assert_eq!(changes.items.len(), 1, "{changes:#?}");
    assert_eq!(changes.items[0].address, "goals.c");
    assert_eq!(changes.items[0].moved, Some(Moved { from: 3, to: 1 }));
}

#[test]
fn measurements_are_matched_by_date_and_move_progress() {
    let new = BASE.replace(
        "measurements = [{ date = 2024-01-01, value = 10 }]",
        "measurements = [{ date = 2025-01-01, value = 60 }, { date = 2024-01-01, value = 20 }]",
    );
    let changes = diff_of(BASE, &new);
    let text = to_text(&changes);
    assert!(
        text.contains(
            "  goals.c.indicators.1.measurements 2024-01-01: 10 → 20\n\
             \x20 + goals.c.indicators.1.measurements 2025-01-01: 60\n"
        ),
        "{text}"
    );
    let progress: Vec<(&str, u32, u32)> = changes
        .progress
        .iter()
        .map(|p| (p.address.as_str(), p.old, p.new))
        .collect();
    assert_eq!(progress, [("plan", 5, 30), ("goals.c", 10, 60)]);
}

#[test]
fn comments_are_added_by_content_and_changed_in_place() {
    let with = |resolved: bool, extra: &str| {
        format!(
            "{BASE}[[goals.comments]]\nauthor = \"Ana\"\ntext = \"Yes\"\nresolved = {resolved}\n{extra}"
        )
    };
    let old = with(false, "");
    let new = with(true, "[[goals.comments]]\nauthor = \"Bo\"\ntext = \"No\"\n");
    let text = to_text(&diff_of(&old, &new));
    assert!(
        text.contains("  goals.c.comments.1.resolved: false → true\n"),
        "{text}"
    );
    assert!(
        text.contains("  + goals.c.comments.2: { author = \"Bo\", text = \"No\" }\n"),
        "{text}"
    );
}

#[test]
fn ledger_totals_that_changed() {
    let partnership = |amount: u32| {
        format!(
            "{BASE}[[partnerships]]\nid = \"p\"\ntitle = \"P\"\n\
             [[partnerships.parties]]\nactor = \"city\"\n\
             [[partnerships.contributions]]\nfrom = \"city\"\nkind = \"money\"\n\
             amount = {amount}\nper = \"month\"\n"
        )
    };
    let changes = diff_of(&partnership(100), &partnership(150));
    assert_eq!(changes.ledger.len(), 1);
    let line = &changes.ledger[0];
    assert_eq!(
        (line.kind, line.unit.as_str(), line.role),
        ("money", "EUR", Some("public"))
    );
    assert_eq!((line.old.per_year, line.new.per_year), (1200.0, 1800.0));
    assert!(
        to_text(&changes).contains("  money in EUR from public actors: 1,200 → 1,800 a year\n")
    );
}

#[test]
fn line_endings_inside_texts_are_not_changes() {
    let old = format!("{BASE}description = \"\"\"\none\ntwo\n\"\"\"\n");
    let new = old.replace('\n', "\r\n");
    assert!(diff_of(&old, &new).is_empty());
}

#[test]
fn text_and_json_escape_what_would_drive_a_terminal() {
    let new = BASE.replace("Goal C", "Goal C\\u001b[2J\\u202e\\u009b");
    let changes = diff_of(BASE, &new);
    for shown in [to_text(&changes), to_json(&changes)] {
        assert!(!shown.contains(['\u{1b}', '\u{202e}', '\u{9b}']), "{shown}");
    }
    let json: serde_json::Value = serde_json::from_str(&to_json(&changes)).expect("JSON");
    assert_eq!(
        json["items"][0]["changes"][0]["new"],
        "Goal C\u{1b}[2J\u{202e}\u{9b}"
    );
}

#[test]
fn the_listing_has_one_line_per_field_whatever_the_layout() {
    let listing = listing(&plan(BASE));
    assert!(
        listing.starts_with("format = 1\n\nplan.city = \"C\"\n"),
        "{listing}"
    );
    assert!(listing.contains("\ngoals.b.parent = \"a\"\n"), "{listing}");
    assert!(listing.contains("\ngoals.c.indicators.1.measurements 2024-01-01 = 10\n"));
    // The same plan laid out another way lists the same.
    let expanded = BASE.replace(
        "measurements = [{ date = 2024-01-01, value = 10 }]\n",
        "[[goals.indicators.measurements]]\ndate = 2024-01-01\nvalue = 10.0\n",
    );
    assert_eq!(super::listing(&plan(&expanded)), listing);
}
