//! Merging the file's change on disk into unsaved edits: clean, with a
//! conflict resolved each way, and stopped.

use super::*;

/// Ghent's first goal (the goals screen's first row) moved on by `>`,
/// unsaved; then the file on disk changed by `change`; then the question.
fn edited_then_changed_on_disk(f: &mut Fixture, change: impl Fn(&str) -> String) -> String {
    update(&mut f.app, Action::ShowGoals);
    let id = selected_goal(&f.app).id.clone();
    update(&mut f.app, Action::NextStatus);
    std::fs::write(&f.path, change(GHENT)).unwrap();
    outside_change(&mut f.app);
    assert!(matches!(
        f.app.overlay,
        Some(Overlay::Confirm(Confirm::OutsideChange))
    ));
    id
}

fn goal<'a>(app: &'a App, id: &str) -> &'a crate::model::Goal {
    app.plan().goals.iter().find(|g| g.id == id).unwrap()
}

#[test]
fn m_merges_a_change_to_another_field_and_keeps_the_edit_unsaved() {
    let mut f = fixture();
    let id = edited_then_changed_on_disk(&mut f, |text| {
        text.replace("Commons Transition Plan for Ghent", "Ghent Commons Plan")
    });
    let status = goal(&f.app, &id).status;
    typed(&mut f.app, "m");
    assert!(f.app.overlay.is_none(), "{:?}", f.app.overlay);
    assert!(
        message(&f.app).starts_with("merged cleanly"),
        "{}",
        message(&f.app)
    );
    assert_eq!(f.app.plan().plan.title, "Ghent Commons Plan", "theirs");
    assert_eq!(goal(&f.app, &id).status, status, "ours");
    assert!(f.app.session.is_dirty());
    // Saving writes both, without asking: the merge stands on the file.
    ctrl(&mut f.app, 's');
    assert!(f.app.overlay.is_none(), "{:?}", f.app.overlay);
    let saved = std::fs::read_to_string(&f.path).unwrap();
    assert!(saved.contains("title = \"Ghent Commons Plan\""));
    let reread = crate::document::PlanDocument::load(saved.as_bytes(), today()).unwrap();
    let saved_goal = reread.plan().goals.iter().find(|g| g.id == id).unwrap();
    assert_eq!(saved_goal.status, status);
    // Every other line is Ghent's, the title's and the status's aside.
    let changed = GHENT
        .lines()
        .zip(saved.lines())
        .filter(|(a, b)| a != b)
        .count();
    assert_eq!(changed, 2, "only the two changed lines differ");
}

/// The first goal's status line set on disk to `dropped`.
fn dropped_on_disk(f: &mut Fixture) -> String {
    let first_status = GHENT.find("status = \"adopted\"").unwrap();
    edited_then_changed_on_disk(f, |text| {
        let mut text = text.to_owned();
        text.replace_range(
            first_status..first_status + "status = \"adopted\"".len(),
            "status = \"dropped\"",
        );
        text
    })
}

#[test]
fn a_conflict_is_asked_and_theirs_can_be_taken() {
    let mut f = fixture();
    let id = dropped_on_disk(&mut f);
    assert_eq!(goal(&f.app, &id).status, GoalStatus::InProgress);
    typed(&mut f.app, "m");
    assert!(matches!(f.app.overlay, Some(Overlay::Conflicts)));
    let pending = f.app.merge.as_ref().unwrap();
    assert_eq!(pending.conflicts.len(), 1);
    assert_eq!(
        pending.conflicts[0].path.to_string(),
        format!("goals.{id}.status")
    );
    assert_eq!(
        pending.conflicts[0].ours.trim_end(),
        "status = \"in-progress\""
    );
    assert_eq!(
        pending.conflicts[0].theirs.trim_end(),
        "status = \"dropped\""
    );
    typed(&mut f.app, "t");
    assert!(f.app.overlay.is_none());
    assert!(f.app.merge.is_none());
    assert_eq!(goal(&f.app, &id).status, GoalStatus::Dropped);
    assert!(!f.app.session.is_dirty(), "{}", message(&f.app));
    assert!(message(&f.app).ends_with("the file already held it"));
}

#[test]
fn a_conflict_can_be_resolved_by_a_typed_line() {
    let mut f = fixture();
    let id = dropped_on_disk(&mut f);
    typed(&mut f.app, "m");
    typed(&mut f.app, "e");
    let Some(Overlay::Prompt(prompt)) = &f.app.overlay else {
        panic!("no prompt: {:?}", f.app.overlay);
    };
    assert_eq!(prompt.text, "status = \"in-progress\"", "yours, to edit");
    ctrl(&mut f.app, 'u');
    typed(&mut f.app, "status = \"achieved\"");
    key(&mut f.app, KeyCode::Enter);
    assert!(f.app.overlay.is_none(), "{:?}", f.app.overlay);
    assert_eq!(goal(&f.app, &id).status, GoalStatus::Achieved);
    assert!(f.app.session.is_dirty());
}

#[test]
fn stopping_a_merge_keeps_the_edits_and_saving_still_asks() {
    let mut f = fixture();
    let id = dropped_on_disk(&mut f);
    typed(&mut f.app, "m");
    key(&mut f.app, KeyCode::Esc);
    assert!(f.app.overlay.is_none());
    assert!(f.app.merge.is_none());
    assert_eq!(goal(&f.app, &id).status, GoalStatus::InProgress);
    assert!(f.app.session.is_dirty());
    ctrl(&mut f.app, 's');
    assert!(matches!(
        f.app.overlay,
        Some(Overlay::Confirm(Confirm::SaveConflict))
    ));
    // The save question offers the merge too.
    typed(&mut f.app, "m");
    assert!(matches!(f.app.overlay, Some(Overlay::Conflicts)));
    typed(&mut f.app, "k");
    assert_eq!(goal(&f.app, &id).status, GoalStatus::InProgress);
    assert!(f.app.session.is_dirty());
    ctrl(&mut f.app, 's');
    assert!(
        f.app.overlay.is_none(),
        "saved without asking: {:?}",
        f.app.overlay
    );
    assert!(!f.app.session.is_dirty());
}

#[test]
fn a_plan_with_conflict_markers_opens_on_the_conflicts() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ghent.toml");
    let marked = GHENT.replacen(
        "status = \"adopted\"\n",
        "<<<<<<< ours\nstatus = \"in-progress\"\n=======\nstatus = \"dropped\"\n>>>>>>> theirs\n",
        1,
    );
    std::fs::write(&path, &marked).unwrap();
    let mut app = crate::tui::open(Some(&path), Settings::default(), today()).unwrap();
    assert!(matches!(app.overlay, Some(Overlay::Conflicts)));
    assert_eq!(
        message(&app),
        "ghent.toml has 1 merge conflict: resolve each"
    );
    let id = app.merge.as_ref().unwrap().conflicts[0].path.to_string();
    assert_eq!(id, "goals.short-food-chains.status");
    // Behind the question, our side.
    assert_eq!(
        goal(&app, "short-food-chains").status,
        GoalStatus::InProgress
    );
    typed(&mut app, "t");
    assert!(app.overlay.is_none());
    assert_eq!(goal(&app, "short-food-chains").status, GoalStatus::Dropped);
    assert!(app.session.is_dirty(), "the file still holds the markers");
    ctrl(&mut app, 's');
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        GHENT.replacen("status = \"adopted\"", "status = \"dropped\"", 1)
    );
}

#[test]
fn a_plan_with_conflict_markers_left_unresolved_shows_our_side_unsaved() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ghent.toml");
    let marked = GHENT.replacen(
        "status = \"adopted\"\n",
        "<<<<<<< ours\nstatus = \"in-progress\"\n=======\nstatus = \"dropped\"\n>>>>>>> theirs\n",
        1,
    );
    std::fs::write(&path, &marked).unwrap();
    let mut app = crate::tui::open(Some(&path), Settings::default(), today()).unwrap();
    key(&mut app, KeyCode::Esc);
    assert!(app.overlay.is_none());
    assert!(
        message(&app).starts_with("conflicts left"),
        "{}",
        message(&app)
    );
    assert!(app.session.is_dirty());
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        marked,
        "the file is untouched"
    );
}
