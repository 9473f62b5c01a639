//! Merging plans three ways (`commonplan merge`, `history::merge`).
//!
//! Golden cases: each directory under `tests/merge/` holds `base.toml`,
//! `ours.toml`, `theirs.toml`, `expected.toml` (the merged file, conflict
//! markers and all) and `exit` (0 clean, 1 with conflicts). The expected
//! file *is* the assertion that nothing else moved. Run with
//! `UPDATE_GOLDEN=1` to write `expected.toml` from the result (then read
//! every diff before committing it).
//!
//! Then a property (random edit sessions on different items merge to the
//! plan both sessions give applied one after the other), and real `git
//! merge`s in a temporary repository with the driver configured.

use std::fs;
use std::path::Path;

use assert_cmd::Command;
use commonplan::document::PlanDocument;
use commonplan::edit::{Edit, FieldValue, History, ItemPath};
use commonplan::history::merge::{MergeOptions, merge};
use commonplan::model::{Date, GoalStatus, Keyword};
use proptest::prelude::*;

use crate::support::programs::required_program;

fn today() -> Date {
    Date::new(2026, 11, 22).unwrap()
}

fn run_case(case: &Path) -> Result<(), String> {
    let name = case.file_name().unwrap().to_string_lossy().into_owned();
    let dir = tempfile::tempdir().unwrap();
    for side in ["base", "ours", "theirs"] {
        fs::copy(
            case.join(format!("{side}.toml")),
            dir.path().join(format!("{side}.toml")),
        )
        .unwrap();
    }
    let output = Command::cargo_bin("commonplan")
        .unwrap()
        .current_dir(dir.path())
        .args(["merge", "base.toml", "ours.toml", "theirs.toml"])
        .output()
        .unwrap();
    let expected_exit: i32 = fs::read_to_string(case.join("exit"))
        .map_err(|e| format!("{name}: exit: {e}"))?
        .trim()
        .parse()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    if output.status.code() != Some(expected_exit) {
        return Err(format!(
            "{name}: exit {:?}, expected {expected_exit}\n{stderr}",
            output.status.code()
        ));
    }
    if expected_exit == 1 && !stderr.contains("CONFLICT (plan)") {
        return Err(format!("{name}: no conflict listed\n{stderr}"));
    }
    let got = fs::read(dir.path().join("ours.toml")).unwrap();
    let expected_path = case.join("expected.toml");
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        fs::write(&expected_path, &got).unwrap();
        return Ok(());
    }
    let expected = fs::read(&expected_path).map_err(|e| format!("{name}: expected.toml: {e}"))?;
    if got != expected {
        return Err(format!(
            "{name}: the result differs from expected.toml\n--- expected\n{}\n--- got\n{}",
            String::from_utf8_lossy(&expected),
            String::from_utf8_lossy(&got)
        ));
    }
    // A clean merge is a plan as clean as its sides; a conflicted one is
    // reported by `check` at each marker.
    let document = PlanDocument::load(&got, today());
    let has_markers = String::from_utf8_lossy(&got).contains("\n<<<<<<< ours");
    match (document, has_markers) {
        (Ok(_), false) | (Err(_), true) => Ok(()),
        (Ok(_), true) => Err(format!("{name}: markers in a file that loads")),
        (Err(failure), false) if expected_exit == 0 => Err(format!(
            "{name}: a clean merge does not load: {}",
            failure.diagnostic.message
        )),
        (Err(_), false) => Ok(()),
    }
}

#[test]
fn golden_cases() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/merge");
    let mut cases: Vec<_> = fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    cases.sort();
    assert!(cases.len() >= 18, "only {} cases", cases.len());
    let failures: Vec<String> = cases.iter().filter_map(|c| run_case(c).err()).collect();
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn check_names_each_unresolved_conflict() {
    let case = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/merge/field-set-two-ways");
    let output = Command::cargo_bin("commonplan")
        .unwrap()
        .args(["check", "--color", "never"])
        .arg(case.join("expected.toml"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(
        stdout.contains(
            "error[E018]: unresolved merge conflict in `goals.local-energy.status`: \
             ours `\"achieved\"  # since 2023`, theirs `\"dropped\"  # since 2023`"
        ),
        "{stdout}"
    );
    assert!(stdout.contains("expected.toml:31:1"), "{stdout}");
    assert!(stdout.contains("git mergetool"), "{stdout}");
}

#[test]
fn a_file_that_is_no_plan_is_merged_as_git_would() {
    if required_program(&["git"], "apt-get install git", "a_file_that_is_no_plan_is_merged_as_git_would").is_none() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let manifest = "[package]\nname = \"a\"\nversion = \"0.1.0\"\n\n[dependencies]\n";
    fs::write(dir.path().join("base.toml"), manifest).unwrap();
    fs::write(dir.path().join("ours.toml"), manifest.replace("0.1.0", "0.2.0")).unwrap();
    fs::write(
        dir.path().join("theirs.toml"),
        format!("{manifest}serde = \"1\"\n"),
    )
    .unwrap();
    Command::cargo_bin("commonplan")
        .unwrap()
        .current_dir(dir.path())
        .args(["merge", "--path", "Cargo.toml", "base.toml", "ours.toml", "theirs.toml"])
        .assert()
        .code(0);
    assert_eq!(
        fs::read_to_string(dir.path().join("ours.toml")).unwrap(),
        "[package]\nname = \"a\"\nversion = \"0.2.0\"\n\n[dependencies]\nserde = \"1\"\n"
    );
    // Both change one line: git's conflict, with the marker size asked for.
    fs::write(dir.path().join("theirs.toml"), manifest.replace("0.1.0", "0.3.0")).unwrap();
    fs::write(dir.path().join("ours.toml"), manifest.replace("0.1.0", "0.2.0")).unwrap();
    Command::cargo_bin("commonplan")
        .unwrap()
        .current_dir(dir.path())
        .args(["merge", "--marker-size", "9", "base.toml", "ours.toml", "theirs.toml"])
        .assert()
        .code(1);
    let text = fs::read_to_string(dir.path().join("ours.toml")).unwrap();
    assert!(text.contains("<<<<<<<<< ours\nversion = \"0.2.0\"\n=========\nversion = \"0.3.0\"\n>>>>>>>>> theirs\n"), "{text}");
}
