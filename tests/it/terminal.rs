//! End-to-end tests of the real `commonplan` binary in a terminal: each test
//! runs the program in its own pseudo-terminal (`support/pty.rs`), with its
//! home and XDG directories in a temporary directory, types keys, reads the
//! screen, and checks what the person would see, what reached the file on
//! disk, and how the program exited. Covered: editing a status and saving,
//! undo before saving, a plan whose strings carry terminal escape sequences,
//! resizing below the minimum and back, `$EDITOR`, changes made on disk
//! while the plan is open, exporting with `x`, quitting with unsaved
//! changes, and capturing a room's status, comment, dots and decision while
//! presenting.

use crate::support::pty::{Key, Launch, Pty, Sandbox, squeeze};

const GHENT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/plans/ghent.toml");

/// `commonplan PLAN` in a 100×30 terminal.
fn open(sandbox: &Sandbox, plan: &std::path::Path) -> Pty {
    Launch::new(sandbox).arg(plan).size(100, 30).start()
}

/// The goal and the two statuses of a status bar message such as
/// "goal `community-energy`: in-progress → achieved".
fn status_change(screen: &str) -> (String, String, String) {
    let parse = || {
        let rest = screen.split("goal `").nth(1)?;
        let (id, rest) = rest.split_once("`: ")?;
        let line = rest.lines().next()?;
        let (from, to) = line.split_once(" → ")?;
        Some((id.to_owned(), from.trim().to_owned(), to.trim().to_owned()))
    };
    parse().unwrap_or_else(|| panic!("no status change message on the screen:\n{screen}"))
}

#[test]
fn change_a_status_save_and_quit() {
    let (sandbox, plan) = Sandbox::with_plan(GHENT, "ghent.toml");
    let mut pty = open(&sandbox, &plan);
    pty.wait_for("1 Overview");
    pty.wait_for("Commons Transition Plan");
    pty.press(Key::Char('2'));
    pty.wait_for("Goals (");
    pty.type_text("j>");
    let screen = pty.wait_for("goal `");
    let (id, from, to) = status_change(&screen);
    assert!(screen.contains("[+]"), "no unsaved mark:\n{screen}");
    pty.press(Key::Ctrl('s'));
    pty.wait_for("saved ghent.toml");
    pty.press(Key::Char('q'));
    assert_eq!(pty.wait_exit(), 0);

    let before = std::fs::read_to_string(GHENT).unwrap();
    let after = std::fs::read_to_string(&plan).unwrap();
    let (before, after): (Vec<&str>, Vec<&str>) =
        (before.lines().collect(), after.lines().collect());
    assert_eq!(before.len(), after.len(), "the number of lines changed");
    let changed: Vec<usize> = (0..before.len())
        .filter(|&i| before[i] != after[i])
        .collect();
    assert_eq!(changed.len(), 1, "lines changed: {changed:?}");
    let line = changed[0];
    assert_eq!(before[line], format!("status = \"{from}\""));
    assert_eq!(after[line], format!("status = \"{to}\""));
    let owner = before[..line]
        .iter()
        .rev()
        .find(|l| l.starts_with("id = "))
        .unwrap();
    assert_eq!(
        *owner,
        format!("id = \"{id}\""),
        "the status of another item changed"
    );
    // The program remembered the plan in the sandbox's data directory.
    let remembered = sandbox.data_dir().join("commonplan/last-plan");
    assert!(
        remembered.exists(),
        "{} was not written",
        remembered.display()
    );
}

#[test]
fn undo_then_save_leaves_the_file_byte_identical() {
    let (sandbox, plan) = Sandbox::with_plan(GHENT, "ghent.toml");
    let mut pty = open(&sandbox, &plan);
    pty.wait_for("Commons Transition Plan");
    pty.type_text("2j>");
    pty.wait_for("goal `");
    pty.press(Key::Char('u'));
    pty.wait_for("undone");
    pty.press(Key::Ctrl('s'));
    pty.wait_until("a save message", |s| s.contains("saved"));
    pty.press(Key::Char('q'));
    assert_eq!(pty.wait_exit(), 0);
    assert!(
        std::fs::read(GHENT).unwrap() == std::fs::read(&plan).unwrap(),
        "the file changed"
    );
}

#[test]
fn escape_sequences_in_a_plan_are_shown_not_obeyed() {
    let sandbox = Sandbox::new();
    let plan = sandbox.write(
        "hostile.toml",
        r#"format = 1

[plan]
city = "Evil\u001b[2J"
title = "Plan \u001b]0;PWNED\u0007 title"

[[goals]]
id = "osc"
title = "A \u001b]0;PWNED\u0007 x"

[[goals]]
id = "clear"
title = "B \u001b[2J x"

[[goals]]
id = "red"
title = "C \u001b[31mred x"

[[goals]]
id = "bidi"
title = "D \u202Eabc x"

[[goals]]
id = "c1"
title = "E \u009B31m x"
"#,
    );
    let mut pty = open(&sandbox, &plan);
    pty.wait_for("1 Overview");
    pty.press(Key::Char('2'));
    let screen = pty.wait_for("E \\u{9b}31m x");
    for shown in [
        "A \\u{1b}]0;PWNED\\u{7} x",
        "B \\u{1b}[2J x",
        "C \\u{1b}[31mred x",
        "D \\u{202e}abc x",
    ] {
        assert!(screen.contains(shown), "{shown} is not shown:\n{screen}");
    }
    let lines: Vec<&str> = screen.lines().collect();
    assert_eq!(lines.len(), 30, "{screen}");
    assert!(lines[0].starts_with(" 1 Overview  2 Goals"), "{screen}");
    assert!(lines[1].starts_with("┌ Goals (5)"), "{screen}");
    assert!(lines[28].starts_with(" hostile.toml"), "{screen}");
    assert!(lines[29].contains("q quit"), "{screen}");
    assert!(pty.is_running());
    pty.press(Key::Char('q'));
    assert_eq!(pty.wait_exit(), 0);

    // Nothing of the plan's text reached the terminal as a command: no
    // title was set, and the raw sequences, the bidi override and the C1
    // control never appear in what the program wrote.
    assert_eq!(pty.titles(), Vec::<String>::new());
    let output = pty.output();
    let contains = |needle: &[u8]| output.windows(needle.len()).any(|w| w == needle);
    for raw in [
        &b"PWNED\x07"[..],
        b"\x1b]0;PWNED",
        b"\x1b[31mred",
        b"\x1b[2J x",
        "\u{202e}".as_bytes(),
        "\u{9b}".as_bytes(),
    ] {
        assert!(
            !contains(raw),
            "{:?} reached the terminal",
            String::from_utf8_lossy(raw)
        );
    }
}

#[test]
fn a_tiny_terminal_shows_a_notice_and_recovers() {
    let (sandbox, plan) = Sandbox::with_plan(GHENT, "ghent.toml");
    let mut pty = open(&sandbox, &plan);
    pty.wait_for("Commons Transition Plan");
    pty.resize(10, 5);
    let screen = pty.wait_for("terminal too small");
    assert!(
        squeeze(&screen).starts_with("terminal too small"),
        "{screen}"
    );
    assert_eq!(screen.lines().count(), 5, "{screen}");
    assert_eq!(pty.size(), (10, 5));
    pty.resize(100, 30);
    let screen = pty.wait_for("Commons Transition Plan");
    assert!(!screen.contains("too small"), "{screen}");
    assert!(screen.starts_with(" 1 Overview"), "{screen}");
    assert!(pty.is_running());
    pty.press(Key::Char('q'));
    assert_eq!(pty.wait_exit(), 0);
}

#[test]
fn quitting_with_unsaved_changes_asks() {
    let (sandbox, plan) = Sandbox::with_plan(GHENT, "ghent.toml");
    let mut pty = open(&sandbox, &plan);
    pty.wait_for("Commons Transition Plan");
    pty.type_text("2>");
    pty.wait_for("goal `");
    pty.press(Key::Char('q'));
    pty.wait_for("unsaved changes");
    pty.wait_for("d discard and quit");
    pty.press(Key::Esc);
    let screen = pty.wait_for_gone("unsaved changes");
    assert!(screen.contains("[+]"), "the change is gone:\n{screen}");
    assert!(pty.is_running());
    pty.press(Key::Char('q'));
    pty.wait_for("unsaved changes");
    pty.press(Key::Char('d'));
    assert_eq!(pty.wait_exit(), 0);
    assert!(
        std::fs::read(GHENT).unwrap() == std::fs::read(&plan).unwrap(),
        "the file changed"
    );
}

#[test]
fn the_editor_opens_at_the_goal_and_the_plan_reloads_after() {
    let (sandbox, plan) = Sandbox::with_plan(GHENT, "ghent.toml");
    // An "editor" that notes the line it was asked to open at the end of the
    // file, as a TOML comment.
    let editor = "sh -c 'printf \"# opened at %s\\n\" \"$1\" >> \"$2\"' editor";
    let mut pty = Launch::new(&sandbox)
        .arg(&plan)
        .env("EDITOR", editor)
        .start();
    pty.wait_for("Commons Transition Plan");
    pty.type_text("2E");
    pty.wait_for("reloaded ghent.toml");
    let text = std::fs::read_to_string(&plan).unwrap();
    let original = std::fs::read_to_string(GHENT).unwrap();
    let opened_at = text
        .strip_prefix(original.as_str())
        .expect("the editor appended");
    let line: usize = opened_at
        .trim()
        .strip_prefix("# opened at +")
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("{opened_at:?}"));
    assert_eq!(original.lines().nth(line - 1), Some("[[goals]]"));
    assert_eq!(
        original.lines().nth(line),
        Some("id = \"short-food-chains\"")
    );
    pty.press(Key::Char('q'));
    assert_eq!(pty.wait_exit(), 0);
}

#[test]
fn visual_wins_over_editor() {
    let (sandbox, plan) = Sandbox::with_plan(GHENT, "ghent.toml");
    let mut pty = Launch::new(&sandbox)
        .arg(&plan)
        // Both are called as `EDITOR +LINE PATH`.
        .env("VISUAL", "sh -c 'echo \"# visual\" >> \"$2\"' visual")
        .env("EDITOR", "sh -c 'echo \"# editor\" >> \"$2\"' editor")
        .start();
    pty.wait_for("Commons Transition Plan");
    pty.type_text("2E");
    pty.wait_for("reloaded ghent.toml");
    let text = std::fs::read_to_string(&plan).unwrap();
    assert!(
        text.ends_with("# visual\n"),
        "{:?}",
        &text[text.len() - 40..]
    );
    pty.press(Key::Char('q'));
    assert_eq!(pty.wait_exit(), 0);
}

#[test]
fn a_change_on_disk_is_noticed_and_never_overwritten_silently() {
    let (sandbox, plan) = Sandbox::with_plan(GHENT, "ghent.toml");
    let mut pty = open(&sandbox, &plan);
    pty.wait_for("Commons Transition Plan");
    // Nothing unsaved: the outside change is loaded.
    let original = std::fs::read_to_string(GHENT).unwrap();
    let renamed = original.replace("Commons Transition Plan for Ghent", "Ghent Commons Plan");
    std::fs::write(&plan, &renamed).unwrap();
    pty.wait_for("changed on disk; reloaded");
    pty.wait_for("Ghent Commons Plan");
    // Unsaved changes: it asks, and keeping them does not write.
    pty.type_text("2>");
    pty.wait_for("goal `");
    std::fs::write(&plan, &original).unwrap();
    pty.wait_for("you have unsaved changes here");
    pty.press(Key::Char('k'));
    pty.wait_for("kept your changes");
    assert_eq!(std::fs::read_to_string(&plan).unwrap(), original);
    // Saving now asks before overwriting the file's new state.
    pty.press(Key::Ctrl('s'));
    pty.wait_for("saving would overwrite");
    pty.press(Key::Esc);
    pty.wait_for("not saved");
    assert_eq!(std::fs::read_to_string(&plan).unwrap(), original);
    pty.type_text("qd");
    assert_eq!(pty.wait_exit(), 0);
}

#[test]
fn x_exports_html_beside_the_plan_and_says_where() {
    let (sandbox, plan) = Sandbox::with_plan(GHENT, "ghent.toml");
    let mut pty = open(&sandbox, &plan);
    pty.wait_for("Commons Transition Plan");
    pty.press(Key::Char('x'));
    pty.wait_for("Export as");
    pty.type_text("html\n");
    pty.wait_for("Export HTML to");
    pty.press(Key::Enter);
    pty.wait_for("exported HTML to");
    let page = sandbox.path().join("ghent.html");
    let html = std::fs::read_to_string(&page).expect("the page was written beside the plan");
    assert!(html.starts_with("<!DOCTYPE html>") || html.starts_with("<!doctype html>"));
    assert!(html.contains("Commons Transition Plan"));
    // Exporting again asks before replacing the page.
    pty.press(Key::Char('x'));
    pty.wait_for("Export as");
    pty.type_text("html\n");
    pty.wait_for("Export HTML to");
    pty.press(Key::Enter);
    pty.wait_for("Replace it with the HTML export?");
    pty.press(Key::Char('n'));
    pty.wait_for("nothing exported");
    assert_eq!(std::fs::read_to_string(&page).unwrap(), html);
    pty.press(Key::Char('q'));
    assert_eq!(pty.wait_exit(), 0);
    assert_eq!(
        std::fs::read_to_string(&plan).unwrap(),
        std::fs::read_to_string(GHENT).unwrap()
    );
}

#[test]
fn arrow_keys_and_tab_move_as_letters_do() {
    let (sandbox, plan) = Sandbox::with_plan(GHENT, "ghent.toml");
    let mut pty = open(&sandbox, &plan);
    pty.wait_for("Commons Transition Plan");
    // Tab walks the screens; Down then `>` changes the second goal, as `j`
    // then `>` does.
    pty.press(Key::Tab);
    pty.wait_for("Goals (");
    pty.keys(&[Key::Down, Key::Char('>')]);
    let by_arrow = status_change(&pty.wait_for("goal `"));
    pty.press(Key::Char('u'));
    pty.wait_for("undone");
    pty.keys(&[Key::Up, Key::Char('j'), Key::Char('>')]);
    let by_letter = status_change(&pty.wait_until("the same change again", |s| {
        s.contains("goal `") && !s.contains("undone")
    }));
    assert_eq!(by_arrow, by_letter);
    pty.type_text("qd");
    assert_eq!(pty.wait_exit(), 0);
}

/// The form sequence a new user tried (issue "Forms that never surprise"):
/// on the actors screen, `a`, an id, Tab, a name, Tab, Enter, a role picked
/// by typing, Enter, Tab, Tab, Enter, then a word. Enter on a text field
/// moves to the next field and never applies the form, so the word cannot
/// become commands that rename the new actor.
#[test]
fn a_form_typed_through_never_turns_text_into_commands() {
    let (sandbox, plan) = Sandbox::with_plan(GHENT, "ghent.toml");
    let mut pty = open(&sandbox, &plan);
    pty.wait_for("Commons Transition Plan");
    pty.press(Key::Char('4'));
    pty.wait_for("Actors (");
    pty.press(Key::Char('a'));
    pty.wait_for("Apply");
    pty.type_text("x-test\tX Test\t\ncomm\n\t\t\nenergy");
    let screen = pty.wait_for("energy");
    // The form is still open, the word sits in the field the cursor reached,
    // and no id took the letters.
    assert!(screen.contains("[ Apply ]"), "the form closed:\n{screen}");
    assert!(
        screen.contains("x-test"),
        "the id field lost its text:\n{screen}"
    );
    assert!(
        !screen.contains("x-testnergy"),
        "letters became commands:\n{screen}"
    );
    // Clear the stray word, apply with the explicit key, save.
    pty.keys(&[Key::Ctrl('u'), Key::Ctrl('s')]);
    pty.wait_for_gone("[ Apply ]");
    pty.press(Key::Ctrl('s'));
    pty.wait_for("saved ghent.toml");
    pty.press(Key::Char('q'));
    assert_eq!(pty.wait_exit(), 0);

    let saved = std::fs::read_to_string(&plan).unwrap();
    let parsed: toml::Table = toml::from_str(&saved).expect("the saved plan is TOML");
    let actors: Vec<&str> = parsed["actors"]
        .as_array()
        .expect("actors")
        .iter()
        .filter_map(|actor| actor.get("id")?.as_str())
        .collect();
    assert!(
        !actors.iter().any(|id| id.contains("nergy")),
        "an actor id took the typed word: {actors:?}"
    );
    assert!(
        saved.contains("id = \"x-test\"\nname = \"X Test\"\nrole = \"commons\""),
        "the new actor is not as typed:\n{}",
        &saved[saved.len().saturating_sub(400)..]
    );
}

/// A session in front of a room: present, move a goal's status, take a
/// comment with a stance, place two participants' dots, record a decision,
/// save. The file gains exactly those entries and still checks clean.
#[test]
fn a_presentation_captures_status_comment_dots_and_a_decision() {
    let (sandbox, plan) = Sandbox::with_plan(GHENT, "ghent.toml");
    let mut pty = open(&sandbox, &plan);
    pty.wait_for("Commons Transition Plan");
    pty.press(Key::Char('2'));
    pty.wait_for("Goals (");
    pty.press(Key::Char('p'));
    // Ghent's latest workshop is not today's: record in it all the same.
    pty.wait_for("Record this session");
    pty.press(Key::Char('n'));
    pty.wait_for("recording in `review-2018-03`");
    pty.press(Key::Char('>'));
    let screen = pty.wait_for("goal `");
    let (id, from, to) = status_change(&screen);
    pty.press(Key::Char('c'));
    pty.wait_for("Comment at `review-2018-03` by");
    pty.type_text("Elif");
    pty.press(Key::Enter);
    pty.wait_for("Comment by Elif");
    pty.type_text("Start with the schools");
    pty.press(Key::Enter);
    pty.wait_for("Stance");
    pty.type_text("against");
    pty.press(Key::Enter);
    pty.wait_for("comment by Elif added");
    for who in ["Charlotte", "Elif"] {
        pty.press(Key::Char('v'));
        pty.wait_for("Dots at `review-2018-03` from");
        pty.type_text(who);
        pty.press(Key::Enter);
        pty.wait_for(&format!("Dots from {who}"));
        pty.press(Key::Enter);
        pty.wait_for(&format!("{who} placed 1 on {id}"));
    }
    pty.press(Key::Char('D'));
    pty.wait_for("Decision at `review-2018-03`");
    pty.type_text("Pilot in two schools");
    pty.press(Key::Enter);
    pty.wait_for("no owner");
    pty.press(Key::Enter);
    pty.wait_for("Due (YYYY-MM-DD");
    pty.type_text("2027-03-31");
    pty.press(Key::Enter);
    pty.wait_for(&format!("decision about {id} recorded"));
    pty.press(Key::Ctrl('s'));
    pty.wait_for("saved ghent.toml");
    pty.press(Key::Esc);
    pty.wait_for("Goals (");
    pty.press(Key::Char('q'));
    assert_eq!(pty.wait_exit(), 0);

    // The file differs from Ghent's in exactly these lines, at these
    // places: a unified diff without context, its hunk headers giving the
    // line numbers.
    let before = std::fs::read_to_string(GHENT).unwrap();
    let after = std::fs::read_to_string(&plan).unwrap();
    let diff = similar::TextDiff::from_lines(&before, &after)
        .unified_diff()
        .context_radius(0)
        .to_string();
    let today = commonplan::model::Date::today().to_string();
    let expected = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/tui/present-session.diff"
    ))
    .unwrap()
    .replace("{id}", &id)
    .replace("{from}", &from)
    .replace("{to}", &to)
    .replace("{today}", &today);
    assert_eq!(diff, expected, "the session's change to the file");

    let check = std::process::Command::new(env!("CARGO_BIN_EXE_commonplan"))
        .arg("check")
        .arg(&plan)
        .output()
        .expect("runs");
    assert_eq!(
        check.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&check.stdout)
    );
}
