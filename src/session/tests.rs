use std::fs;

use super::*;
use crate::edit::{FieldValue, ItemPath};
use crate::fields::Collection;

const GHENT: &str = include_str!("../../plans/ghent.toml");

fn today() -> Date {
    Date::new(2026, 1, 1).expect("a date")
}

/// A copy of the Ghent plan in a temporary directory, opened.
fn ghent() -> (tempfile::TempDir, PathBuf, PlanFile) {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = dir.path().join("ghent.toml");
    fs::write(&path, GHENT).expect("written");
    let file = PlanFile::open(&path, today()).expect("opens");
    (dir, path, file)
}

fn status(word: &str) -> Edit {
    Edit::Set {
        item: ItemPath::top(Collection::Goals, 0),
        key: "status".to_owned(),
        value: Some(FieldValue::Text(word.to_owned())),
    }
}

#[test]
fn a_save_writes_the_edit_and_a_second_finds_nothing_to_write() {
    let (_dir, path, mut file) = ghent();
    assert!(!file.is_dirty());
    file.apply(&status("achieved")).expect("applies");
    assert!(file.is_dirty());
    assert_eq!(file.save().expect("saves"), SaveOutcome::Saved);
    assert!(!file.is_dirty());
    let written = fs::read_to_string(&path).expect("readable");
    let expected = GHENT.replacen("status = \"proposed\"", "status = \"achieved\"", 1);
    assert!(written == expected, "only the status changed");
    assert_eq!(file.disk_bytes(), written.as_bytes());
    assert_eq!(file.save().expect("saves"), SaveOutcome::Unchanged);
}

#[test]
fn undoing_back_to_the_save_is_saved_and_past_it_is_not() {
    let (_dir, path, mut file) = ghent();
    file.apply(&status("achieved")).expect("applies");
    file.apply(&status("idea")).expect("applies");
    assert_eq!(file.save().expect("saves"), SaveOutcome::Saved);
    assert!(file.undo());
    assert!(file.is_dirty());
    assert!(file.redo());
    assert!(!file.is_dirty(), "redo returns to the saved state");
    assert!(file.undo() && file.undo());
    assert!(!file.undo(), "nothing more to undo");
    assert_eq!(file.save().expect("saves"), SaveOutcome::Saved);
    assert!(fs::read_to_string(&path).expect("readable") == GHENT);
}

#[test]
fn an_edit_that_leaves_the_text_as_it_was_writes_nothing() {
    let (_dir, path, mut file) = ghent();
    let modified = fs::metadata(&path)
        .and_then(|m| m.modified())
        .expect("a time");
    file.apply(&status("proposed")).expect("applies");
    assert_eq!(file.save().expect("saves"), SaveOutcome::Unchanged);
    assert!(!file.is_dirty());
    let after = fs::metadata(&path)
        .and_then(|m| m.modified())
        .expect("a time");
    assert_eq!(after, modified);
}

#[test]
fn a_file_changed_on_disk_is_never_overwritten_unless_asked() {
    let (_dir, path, mut file) = ghent();
    file.apply(&status("achieved")).expect("applies");
    let outside = format!("{GHENT}# edited elsewhere\n");
    fs::write(&path, &outside).expect("written");
    assert!(file.changed_on_disk().expect("readable"));
    assert_eq!(file.save().expect("saves"), SaveOutcome::ChangedOnDisk);
    assert_eq!(fs::read_to_string(&path).expect("readable"), outside);
    assert!(file.is_dirty());
    assert_eq!(file.save_overwriting().expect("saves"), SaveOutcome::Saved);
    assert!(!file.is_dirty());
    assert!(!file.changed_on_disk().expect("readable"));
    let written = fs::read_to_string(&path).expect("readable");
    assert!(
        !written.contains("edited elsewhere"),
        "the other change is overwritten"
    );
}

#[test]
fn the_example_is_saved_to_a_path_it_chooses() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let document = PlanDocument::load(GHENT.as_bytes(), today()).expect("loads");
    let mut file = PlanFile::unsaved(document);
    assert_eq!(file.path(), None);
    assert_eq!(file.file_name(), None);
    assert!(matches!(file.save(), Err(FileError::NoPath)));
    assert!(matches!(file.reload(today()), Err(FileError::NoPath)));
    assert!(!file.changed_on_disk().expect("no file, no change"));

    let taken = dir.path().join("taken.toml");
    fs::write(&taken, "mine").expect("written");
    assert!(matches!(
        file.save_as(taken.clone(), false),
        Err(FileError::Exists(_))
    ));
    assert_eq!(fs::read_to_string(&taken).expect("readable"), "mine");
    assert_eq!(file.path(), None, "a refused save keeps no file");

    let target = dir.path().join("mine.toml");
    assert_eq!(
        file.save_as(target.clone(), false).expect("saves"),
        SaveOutcome::Saved
    );
    assert_eq!(file.path(), Some(target.as_path()));
    assert_eq!(file.file_name().as_deref(), Some("mine.toml"));
    assert!(fs::read_to_string(&target).expect("readable") == GHENT);
    assert!(file.stamp().is_some());

    assert_eq!(
        file.save_as(taken.clone(), true).expect("saves"),
        SaveOutcome::Saved
    );
    assert!(fs::read_to_string(&taken).expect("readable") == GHENT);
    assert_eq!(file.path(), Some(taken.as_path()));
}

#[test]
fn a_reload_that_does_not_parse_keeps_the_document() {
    let (_dir, path, mut file) = ghent();
    file.apply(&status("achieved")).expect("applies");
    fs::write(&path, "format = = 1\n").expect("written");
    assert_eq!(file.reload(today()).expect("reads"), ReloadOutcome::Broken);
    assert!(file.broken().is_some());
    assert!(file.is_dirty(), "the edit is kept");
    assert_eq!(file.disk_bytes(), b"format = = 1\n");
    // Saving writes the document over the broken file, which it last read.
    assert_eq!(file.save().expect("saves"), SaveOutcome::Saved);
    assert!(file.broken().is_none());

    fs::write(&path, GHENT).expect("written");
    assert_eq!(
        file.reload(today()).expect("reads"),
        ReloadOutcome::Reloaded
    );
    assert!(!file.is_dirty());
    assert_eq!(file.history().undo_len(), 0);
    assert_eq!(file.to_bytes(), GHENT.as_bytes());
}

#[test]
fn open_errors_are_reported_with_the_file() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let missing = dir.path().join("missing.toml");
    let error = PlanFile::open(&missing, today()).expect_err("missing");
    assert!(
        error.report(false).starts_with("error: cannot read"),
        "{}",
        error.report(false)
    );
    let bad = dir.path().join("bad.toml");
    fs::write(&bad, "format = = 1\n").expect("written");
    let error = PlanFile::open(&bad, today()).expect_err("does not parse");
    let report = error.report(false);
    assert!(report.contains("bad.toml:1:"), "{report}");
}

#[test]
fn a_second_ui_on_a_plan_is_told_who_has_it_and_cannot_save() {
    let (_dir, path, mut first) = ghent();
    assert_eq!(first.claim_editing().expect("claims"), None);
    assert!(first.is_claimed());
    assert!(!first.read_only());

    let mut second = PlanFile::open(&path, today()).expect("opens");
    let holder = second
        .claim_editing()
        .expect("asks")
        .expect("the first holds it");
    assert_eq!(holder.pid, std::process::id());
    assert!(second.read_only());
    assert_eq!(
        second.read_only_reason(),
        Some(ReadOnly::OpenElsewhere(holder.clone()))
    );
    second.apply(&status("achieved")).expect("applies");
    let refused = second.save().expect_err("read-only here");
    assert!(
        refused
            .to_string()
            .contains("is open in another commonplan (pid "),
        "{refused}"
    );
    assert_eq!(fs::read_to_string(&path).expect("readable"), GHENT);

    // Asked otherwise, it writes all the same, under the write lock.
    second.write_anyway();
    assert!(!second.read_only());
    assert_eq!(second.save().expect("saves"), SaveOutcome::Saved);

    // A reload keeps the claim; letting go frees the plan.
    assert_eq!(
        first.reload(today()).expect("reloads"),
        ReloadOutcome::Reloaded
    );
    assert!(first.is_claimed());
    first.release_editing();
    let mut third = PlanFile::open(&path, today()).expect("opens");
    assert_eq!(third.claim_editing().expect("claims"), None);
}

#[test]
fn an_edit_saved_after_another_writer_is_made_again_on_the_new_text() {
    let (_dir, path, mut file) = ghent();
    let mut other = PlanFile::open(&path, today()).expect("opens");
    other.apply(&status("achieved")).expect("applies");
    assert_eq!(other.save().expect("saves"), SaveOutcome::Saved);

    let rename = |document: &PlanDocument| {
        crate::edit::set_edit(document.plan(), "plan.title", Some("Made again"))
    };
    let edit = rename(file.document()).expect("an edit");
    file.apply(&edit).expect("applies");
    let saved = file.save_edit(today(), rename).expect("saves");
    assert_eq!(saved.outcome, SaveOutcome::Saved);
    assert!(saved.made_again);
    assert!(saved.waited_for.is_none());
    let text = fs::read_to_string(&path).expect("readable");
    assert!(text.contains("title = \"Made again\""));
    assert!(
        text.contains("status = \"achieved\""),
        "the other change stays"
    );
    assert!(!file.is_dirty());
}

#[test]
fn a_plan_we_may_not_write_is_read_only() {
    let (_dir, path, _) = ghent();
    fs::set_permissions(&path, std::os::unix::fs::PermissionsExt::from_mode(0o444)).expect("chmod");
    let mut file = PlanFile::open(&path, today()).expect("opens");
    if crate::disk::may_write(&path) {
        // Root writes any file whatever its permission bits.
        eprintln!("skipped: this user may write a read-only file (root?)");
        return;
    }
    assert!(file.read_only());
    assert_eq!(file.read_only_reason(), Some(ReadOnly::NoPermission));
    file.apply(&status("achieved")).expect("applies");
    let refused = file.save().expect_err("read-only");
    assert!(refused.to_string().contains("is read-only"), "{refused}");
    assert_eq!(fs::read_to_string(&path).expect("readable"), GHENT);
}
