//! Saving, reloading, outside changes, `$EDITOR`, quitting and exports.

use super::*;
use crate::session::PlanFile;

#[test]
fn save_writes_the_file_and_only_the_changed_line() {
    let mut f = fixture();
    update(&mut f.app, Action::ShowGoals);
    update(&mut f.app, Action::NextStatus);
    update(&mut f.app, Action::Save);
    assert_eq!(message(&f.app), "saved ghent.toml");
    assert!(!f.app.session.is_dirty());
    let written = std::fs::read_to_string(&f.path).unwrap();
    let changed: Vec<(&str, &str)> = GHENT
        .lines()
        .zip(written.lines())
        .filter(|(a, b)| a != b)
        .collect();
    assert_eq!(
        changed,
        vec![("status = \"adopted\"", "status = \"in-progress\"")]
    );
    // Undo back to the file as loaded, and save: the bytes come back.
    update(&mut f.app, Action::Undo);
    assert!(f.app.session.is_dirty());
    update(&mut f.app, Action::Save);
    assert_eq!(std::fs::read(&f.path).unwrap(), GHENT.as_bytes());
    update(&mut f.app, Action::Save);
    assert_eq!(message(&f.app), "ghent.toml is saved already");
}

#[test]
fn a_save_over_an_outside_change_asks() {
    let mut f = fixture();
    update(&mut f.app, Action::ShowGoals);
    update(&mut f.app, Action::NextStatus);
    let outside = format!("{GHENT}# edited elsewhere\n");
    std::fs::write(&f.path, &outside).unwrap();
    update(&mut f.app, Action::Save);
    assert!(matches!(
        f.app.overlay,
        Some(Overlay::Confirm(Confirm::SaveConflict))
    ));
    assert_eq!(std::fs::read_to_string(&f.path).unwrap(), outside);
    key(&mut f.app, KeyCode::Esc);
    assert_eq!(message(&f.app), "not saved");
    update(&mut f.app, Action::Save);
    typed(&mut f.app, "o");
    assert!(!f.app.session.is_dirty());
    assert!(
        std::fs::read_to_string(&f.path)
            .unwrap()
            .contains("in-progress")
    );
}

#[test]
fn reload_reads_the_file_again_and_asks_when_there_are_changes() {
    let mut f = fixture();
    let changed = GHENT.replace("Commons Transition Plan for Ghent", "Ghent Commons Plan");
    std::fs::write(&f.path, &changed).unwrap();
    update(&mut f.app, Action::Reload);
    assert_eq!(f.app.plan().plan.title, "Ghent Commons Plan");
    update(&mut f.app, Action::ShowGoals);
    update(&mut f.app, Action::NextStatus);
    update(&mut f.app, Action::Reload);
    assert!(matches!(
        f.app.overlay,
        Some(Overlay::Confirm(Confirm::OutsideChange))
    ));
    typed(&mut f.app, "k");
    assert!(f.app.session.is_dirty());
    update(&mut f.app, Action::Reload);
    typed(&mut f.app, "r");
    assert!(!f.app.session.is_dirty());
    assert_eq!(selected_goal(&f.app).status, GoalStatus::Adopted);
}

#[test]
fn an_outside_change_reloads_a_clean_plan_and_asks_for_a_dirty_one() {
    let mut f = fixture();
    outside_change(&mut f.app);
    assert!(f.app.message.is_none(), "the same bytes are no change");
    std::fs::write(&f.path, GHENT.replace("Ghent\"", "Gent\"")).unwrap();
    outside_change(&mut f.app);
    assert_eq!(f.app.plan().plan.city, "Gent");
    assert!(message(&f.app).ends_with("changed on disk; reloaded"));
    update(&mut f.app, Action::ShowGoals);
    update(&mut f.app, Action::NextStatus);
    std::fs::write(&f.path, GHENT).unwrap();
    outside_change(&mut f.app);
    assert!(matches!(
        f.app.overlay,
        Some(Overlay::Confirm(Confirm::OutsideChange))
    ));
    assert!(f.app.session.is_dirty(), "nothing is overwritten silently");
}

#[test]
fn a_plan_that_stops_parsing_shows_why_and_recovers_when_fixed() {
    let mut f = fixture();
    std::fs::write(&f.path, "format = 1\n[plan\n").unwrap();
    outside_change(&mut f.app);
    let broken = f.app.session.broken().expect("broken");
    assert_eq!(broken.diagnostic.code, crate::diagnostic::Code::NotToml);
    assert_eq!(
        f.app.plan().plan.city,
        "Ghent",
        "the last good plan is kept"
    );
    std::fs::write(&f.path, GHENT).unwrap();
    outside_change(&mut f.app);
    assert!(f.app.session.broken().is_none());
}

#[test]
fn open_editor_asks_the_loop_to_run_it_at_the_items_line() {
    let mut f = fixture();
    update(&mut f.app, Action::ShowGoals);
    update(&mut f.app, Action::OpenEditor);
    assert_eq!(
        f.app.effects,
        vec![Effect::OpenEditor {
            path: f.path.clone(),
            line: 387
        }]
    );
    f.app.effects.clear();
    update(&mut f.app, Action::NextStatus);
    update(&mut f.app, Action::OpenEditor);
    assert!(f.app.effects.is_empty());
    assert_eq!(
        message(&f.app),
        "save or undo your changes before opening the editor"
    );
}

#[test]
fn quit_asks_only_with_unsaved_changes() {
    let mut f = fixture();
    update(&mut f.app, Action::ShowGoals);
    update(&mut f.app, Action::NextStatus);
    update(&mut f.app, Action::Quit);
    assert!(matches!(
        f.app.overlay,
        Some(Overlay::Confirm(Confirm::Quit))
    ));
    key(&mut f.app, KeyCode::Esc);
    assert!(!f.app.quit);
    ctrl(&mut f.app, 'c');
    assert!(matches!(
        f.app.overlay,
        Some(Overlay::Confirm(Confirm::Quit))
    ));
    typed(&mut f.app, "s");
    assert!(f.app.quit);
    assert!(
        std::fs::read_to_string(&f.path)
            .unwrap()
            .contains("in-progress")
    );

    let mut f = fixture();
    update(&mut f.app, Action::Quit);
    assert!(f.app.quit);

    let mut f = fixture();
    update(&mut f.app, Action::ShowGoals);
    update(&mut f.app, Action::NextStatus);
    update(&mut f.app, Action::Quit);
    typed(&mut f.app, "d");
    assert!(f.app.quit);
    assert_eq!(std::fs::read(&f.path).unwrap(), GHENT.as_bytes());
}

#[test]
fn the_example_asks_where_to_save() {
    let dir = tempfile::tempdir().unwrap();
    let session = {
        let document =
            crate::document::PlanDocument::load(crate::tui::EXAMPLE.as_bytes(), today()).unwrap();
        PlanFile::unsaved(document)
    };
    let mut app = App::new(session, Settings::default(), today());
    update(&mut app, Action::ShowGoals);
    update(&mut app, Action::NextStatus);
    update(&mut app, Action::Save);
    let Some(Overlay::Prompt(prompt)) = &app.overlay else {
        panic!("no prompt");
    };
    assert_eq!(prompt.text, "ghent.toml");
    ctrl(&mut app, 'u');
    let target = dir.path().join("mine.toml");
    typed(&mut app, target.to_str().unwrap());
    key(&mut app, KeyCode::Enter);
    assert_eq!(message(&app), "saved mine.toml");
    assert_eq!(app.session.path(), Some(target.as_path()));
    assert_eq!(app.effects, vec![Effect::Watch(target.clone())]);
    let written = std::fs::read_to_string(&target).unwrap();
    assert!(written.contains("in-progress"));
    // Saving as an existing file asks first.
    let mut app = App::new(
        PlanFile::unsaved(
            crate::document::PlanDocument::load(crate::tui::EXAMPLE.as_bytes(), today()).unwrap(),
        ),
        Settings::default(),
        today(),
    );
    update(&mut app, Action::Save);
    ctrl(&mut app, 'u');
    typed(&mut app, target.to_str().unwrap());
    key(&mut app, KeyCode::Enter);
    assert!(matches!(
        app.overlay,
        Some(Overlay::Confirm(Confirm::Overwrite(_)))
    ));
    typed(&mut app, "n");
    assert_eq!(std::fs::read_to_string(&target).unwrap(), written);
}

#[test]
fn a_save_that_would_write_what_the_file_holds_writes_nothing() {
    let mut f = fixture();
    update(&mut f.app, Action::ShowGoals);
    update(&mut f.app, Action::NextStatus);
    update(&mut f.app, Action::PreviousStatus);
    assert!(f.app.session.is_dirty(), "two edits, not undone");
    let stamp = f.app.session.stamp().cloned();
    update(&mut f.app, Action::Save);
    assert_eq!(message(&f.app), "ghent.toml is saved already");
    assert!(!f.app.session.is_dirty(), "the file holds the plan");
    assert_eq!(f.app.session.stamp().cloned(), stamp, "nothing written");
    assert_eq!(std::fs::read(&f.path).unwrap(), GHENT.as_bytes());
}

#[test]
fn saving_as_a_file_that_appeared_after_the_prompt_asks_first() {
    let dir = tempfile::tempdir().unwrap();
    let document =
        crate::document::PlanDocument::load(crate::tui::EXAMPLE.as_bytes(), today()).unwrap();
    let mut app = App::new(PlanFile::unsaved(document), Settings::default(), today());
    let target = dir.path().join("mine.toml");
    std::fs::write(&target, "someone else's\n").unwrap();
    save_as(&mut app, target.clone(), false, false);
    assert!(
        matches!(&app.overlay, Some(Overlay::Confirm(Confirm::Overwrite(p))) if *p == target),
        "{:?}",
        app.overlay
    );
    assert_eq!(
        std::fs::read_to_string(&target).unwrap(),
        "someone else's\n"
    );
    assert!(app.session.path().is_none(), "the plan still has no file");
    assert!(app.effects.is_empty());
    typed(&mut app, "y");
    assert_eq!(message(&app), "saved mine.toml");
    assert_eq!(app.session.path(), Some(target.as_path()));
    assert_eq!(app.effects, vec![Effect::Watch(target.clone())]);
    assert_eq!(
        std::fs::read_to_string(&target).unwrap(),
        crate::tui::EXAMPLE
    );
}

/// Choose `format` in the export picker that `x` opens.
fn choose_export_format(app: &mut App, format: Format) {
    key(app, KeyCode::Char('x'));
    assert!(
        matches!(
            &app.overlay,
            Some(Overlay::Picker {
                purpose: PickPurpose::Export(_),
                ..
            })
        ),
        "{:?}",
        app.overlay
    );
    typed(app, format.name());
    key(app, KeyCode::Enter);
}

fn prompt_text(app: &App) -> String {
    match &app.overlay {
        Some(Overlay::Prompt(prompt)) => prompt.text.clone(),
        other => panic!("no prompt: {other:?}"),
    }
}

#[test]
fn export_writes_the_plan_as_it_stands_beside_it() {
    let mut f = fixture();
    let app = &mut f.app;
    update(app, Action::ShowGoals);
    update(app, Action::NextStatus);
    let edited = selected_goal(app).status;
    choose_export_format(app, Format::Json);
    let target = f.path.with_file_name("ghent.json");
    assert_eq!(prompt_text(app), target.display().to_string());
    key(app, KeyCode::Enter);
    assert!(app.overlay.is_none(), "{:?}", app.overlay);
    assert!(
        message(app).starts_with("exported JSON to "),
        "{}",
        message(app)
    );
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&target).unwrap()).unwrap();
    let first = &json["themes"][0]["goals"][0];
    assert_eq!(first["id"], "short-food-chains");
    assert_eq!(
        first["status"],
        edited.as_str(),
        "the unsaved edit is exported"
    );
    // Exporting saves nothing: the plan keeps its unsaved change.
    assert!(app.session.is_dirty());
    assert_eq!(std::fs::read_to_string(&f.path).unwrap(), GHENT);
}

#[test]
fn export_asks_before_replacing_a_file_and_esc_keeps_it() {
    let mut f = fixture();
    let app = &mut f.app;
    let target = f.path.with_file_name("briefing.md");
    std::fs::write(&target, "my own notes\n").unwrap();
    choose_export_format(app, Format::Markdown);
    ctrl(app, 'u');
    typed(app, &target.display().to_string());
    key(app, KeyCode::Enter);
    assert!(
        matches!(
            &app.overlay,
            Some(Overlay::Confirm(Confirm::ReplaceExport { .. }))
        ),
        "{:?}",
        app.overlay
    );
    key(app, KeyCode::Char('n'));
    assert_eq!(message(app), "nothing exported");
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "my own notes\n");

    choose_export_format(app, Format::Markdown);
    ctrl(app, 'u');
    typed(app, &target.display().to_string());
    key(app, KeyCode::Enter);
    key(app, KeyCode::Char('y'));
    let written = std::fs::read_to_string(&target).unwrap();
    assert!(
        written.starts_with("# Commons Transition Plan"),
        "{written}"
    );

    choose_export_format(app, Format::Html);
    key(app, KeyCode::Esc);
    assert!(app.overlay.is_none());
    assert_eq!(message(app), "nothing exported");
    assert!(!f.path.with_file_name("ghent.html").exists());
}

#[test]
fn export_of_csv_fills_a_directory_and_refuses_a_file() {
    let mut f = fixture();
    let app = &mut f.app;
    choose_export_format(app, Format::Csv);
    let dir = f.path.with_file_name("ghent-csv");
    assert_eq!(prompt_text(app), dir.display().to_string());
    key(app, KeyCode::Enter);
    assert_eq!(
        message(app),
        format!("exported 11 CSV tables into {}", dir.display())
    );
    assert!(dir.join("goals.csv").is_file());
    assert!(dir.join("actors.csv").is_file());
    // Again: the tables are there, so it asks.
    choose_export_format(app, Format::Csv);
    key(app, KeyCode::Enter);
    assert!(matches!(
        &app.overlay,
        Some(Overlay::Confirm(Confirm::ReplaceExport { .. }))
    ));
    key(app, KeyCode::Esc);

    // A file where the directory should be is refused in the prompt.
    choose_export_format(app, Format::Csv);
    ctrl(app, 'u');
    typed(app, &f.path.display().to_string());
    key(app, KeyCode::Enter);
    match &app.overlay {
        Some(Overlay::Prompt(prompt)) => {
            assert!(prompt.error.as_deref().unwrap_or("").contains("is a file"))
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(std::fs::read_to_string(&f.path).unwrap(), GHENT);
}

#[test]
fn export_failure_is_a_message() {
    let mut f = fixture();
    let app = &mut f.app;
    choose_export_format(app, Format::Ics);
    ctrl(app, 'u');
    let target = f.path.with_file_name("no-such-dir").join("ghent.ics");
    typed(app, &target.display().to_string());
    key(app, KeyCode::Enter);
    assert!(app.overlay.is_none());
    let failure = app.message.clone().unwrap();
    assert!(failure.error, "{failure:?}");
    assert!(
        failure.text.starts_with("not exported: "),
        "{}",
        failure.text
    );
    assert!(!target.exists());
}

#[test]
fn changes_since_a_file_show_the_unsaved_edit_in_plan_terms() {
    let mut f = fixture();
    let earlier = f.path.with_file_name("earlier.toml");
    std::fs::write(&earlier, GHENT).unwrap();
    f.app.since = Some(earlier.display().to_string());
    // Nothing changed yet: said in the status line, no window.
    key(&mut f.app, KeyCode::Char('C'));
    assert!(f.app.overlay.is_none());
    assert!(message(&f.app).ends_with(": none"), "{}", message(&f.app));
    update(&mut f.app, Action::ShowGoals);
    let id = selected_goal(&f.app).id.clone();
    let from = selected_goal(&f.app).status;
    key(&mut f.app, KeyCode::Char('>'));
    let to = selected_goal(&f.app).status;
    key(&mut f.app, KeyCode::Char('C'));
    let Some(Overlay::Changes { title, lines, .. }) = &f.app.overlay else {
        panic!("no Changes window: {:?} {}", f.app.overlay, message(&f.app));
    };
    assert!(title.ends_with("unsaved edits included"), "{title}");
    let wanted = format!("goals.{id}.status: {} → {}", from.as_str(), to.as_str());
    assert!(
        lines.iter().any(|line| line.trim() == wanted),
        "{wanted} in {lines:#?}"
    );
    // Scrolling stays in the window; another key closes it.
    key(&mut f.app, KeyCode::Down);
    assert!(matches!(f.app.overlay, Some(Overlay::Changes { .. })));
    key(&mut f.app, KeyCode::Esc);
    assert!(f.app.overlay.is_none());
}

#[test]
fn changes_without_an_earlier_version_say_why() {
    let mut f = fixture();
    f.app.since = Some("no-such-file-or-revision".to_owned());
    key(&mut f.app, KeyCode::Char('C'));
    assert!(f.app.overlay.is_none());
    assert!(
        message(&f.app).starts_with("no changes to show: "),
        "{}",
        message(&f.app)
    );
}

#[test]
fn export_over_the_plan_itself_is_refused_even_when_confirmed() {
    let mut f = fixture();
    let app = &mut f.app;
    let link = f.path.with_file_name("report.md");
    std::os::unix::fs::symlink(&f.path, &link).unwrap();
    choose_export_format(app, Format::Markdown);
    ctrl(app, 'u');
    typed(app, &link.display().to_string());
    key(app, KeyCode::Enter);
    // It exists, so the replace question comes first; yes is refused.
    key(app, KeyCode::Char('y'));
    assert!(
        message(app).contains("plan"),
        "refused, naming the plan: {}",
        message(app)
    );
    assert_eq!(std::fs::read_to_string(&f.path).unwrap(), GHENT);
}
