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
    if required_program(
        &["git"],
        "apt-get install git",
        "a_file_that_is_no_plan_is_merged_as_git_would",
    )
    .is_none()
    {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let manifest = "[package]\nname = \"a\"\nversion = \"0.1.0\"\n\n[dependencies]\n";
    fs::write(dir.path().join("base.toml"), manifest).unwrap();
    fs::write(
        dir.path().join("ours.toml"),
        manifest.replace("0.1.0", "0.2.0"),
    )
    .unwrap();
    fs::write(
        dir.path().join("theirs.toml"),
        format!("{manifest}serde = \"1\"\n"),
    )
    .unwrap();
    Command::cargo_bin("commonplan")
        .unwrap()
        .current_dir(dir.path())
        .args([
            "merge",
            "--path",
            "Cargo.toml",
            "base.toml",
            "ours.toml",
            "theirs.toml",
        ])
        .assert()
        .code(0);
    assert_eq!(
        fs::read_to_string(dir.path().join("ours.toml")).unwrap(),
        "[package]\nname = \"a\"\nversion = \"0.2.0\"\n\n[dependencies]\nserde = \"1\"\n"
    );
    // Both change one line: git's conflict, with the marker size asked for.
    fs::write(
        dir.path().join("theirs.toml"),
        manifest.replace("0.1.0", "0.3.0"),
    )
    .unwrap();
    fs::write(
        dir.path().join("ours.toml"),
        manifest.replace("0.1.0", "0.2.0"),
    )
    .unwrap();
    Command::cargo_bin("commonplan")
        .unwrap()
        .current_dir(dir.path())
        .args([
            "merge",
            "--marker-size",
            "9",
            "base.toml",
            "ours.toml",
            "theirs.toml",
        ])
        .assert()
        .code(1);
    let text = fs::read_to_string(dir.path().join("ours.toml")).unwrap();
    assert!(text.contains("<<<<<<<<< ours\nversion = \"0.2.0\"\n=========\nversion = \"0.3.0\"\n>>>>>>>>> theirs\n"), "{text}");
}

/// One edit of a random session: what to do, and two numbers to pick the
/// goal and the value with.
type Step = (u8, usize, usize);

/// An edit of `side`'s goals (the base goals at even positions for side 0,
/// odd for side 1), so that the two sessions touch different items.
fn edit_for(
    document: &PlanDocument,
    side: usize,
    (op, a, b): Step,
    counter: usize,
) -> Option<Edit> {
    let plan = document.plan();
    let base_goals = plan.goals.iter().filter(|g| !g.id.starts_with('s')).count();
    let mine: Vec<usize> = (0..base_goals).filter(|i| i % 2 == side).collect();
    let goal = *mine.get(a % mine.len().max(1))?;
    let item = ItemPath::top("goals", goal);
    Some(match op % 6 {
        0 => Edit::Set {
            item,
            key: "status".into(),
            value: Some(FieldValue::Text(
                GoalStatus::WORDS[b % GoalStatus::WORDS.len()].to_owned(),
            )),
        },
        1 => Edit::Set {
            item,
            key: "title".into(),
            value: Some(FieldValue::Text(format!(
                "Goal retitled by side {side}, {b}"
            ))),
        },
        2 => Edit::Set {
            item,
            key: "budget".into(),
            value: Some(FieldValue::Integer((b % 100_000) as i64)),
        },
        3 => {
            let indicators = plan.goals[goal].indicators.len();
            if indicators == 0 {
                return None;
            }
            Edit::Add {
                parent: item.child("indicators", b % indicators),
                collection: "measurements".into(),
                fields: vec![
                    (
                        "date".into(),
                        FieldValue::Date(
                            Date::new(
                                2030 + side as u16,
                                1 + (b % 12) as u8,
                                1 + (counter % 28) as u8,
                            )
                            .unwrap(),
                        ),
                    ),
                    ("value".into(), FieldValue::Integer((b % 5000) as i64)),
                ],
            }
        }
        4 => Edit::Add {
            parent: item,
            collection: "comments".into(),
            fields: vec![
                ("author".into(), FieldValue::Text(format!("Side {side}"))),
                (
                    "text".into(),
                    FieldValue::Text(format!("Note {counter}: {b}")),
                ),
            ],
        },
        _ => Edit::Add {
            parent: ItemPath::plan(),
            collection: "goals".into(),
            fields: vec![
                (
                    "id".into(),
                    FieldValue::Text(format!("s{side}-new-{counter}")),
                ),
                ("title".into(), FieldValue::Text(format!("New goal {b}"))),
            ],
        },
    })
}

/// Apply `steps` as `side`'s session to `document`.
fn session(document: &mut PlanDocument, side: usize, steps: &[Step]) {
    let mut history = History::new();
    for (counter, step) in steps.iter().enumerate() {
        if let Some(edit) = edit_for(document, side, *step, counter) {
            // A refused edit changes nothing, and is fine.
            let _ = history.apply(document, &edit);
        }
    }
}

fn sorted_goals(document: &PlanDocument) -> commonplan::model::Plan {
    let mut plan = document.plan().clone();
    plan.goals.sort_by(|a, b| a.id.cmp(&b.id));
    plan
}

fn check_merge(ours_steps: &[Step], theirs_steps: &[Step]) -> Result<(), TestCaseError> {
    let path = format!("{}/plans/ghent.toml", env!("CARGO_MANIFEST_DIR"));
    let base = fs::read(path).unwrap();
    let load = |bytes: &[u8]| PlanDocument::load(bytes, today()).unwrap();
    let mut ours = load(&base);
    session(&mut ours, 0, ours_steps);
    let mut theirs = load(&base);
    session(&mut theirs, 1, theirs_steps);
    let (ours_bytes, theirs_bytes) = (ours.to_bytes(), theirs.to_bytes());
    let options = MergeOptions {
        today: today(),
        ..MergeOptions::default()
    };
    let merged = merge(&base, &ours_bytes, &theirs_bytes, &options).unwrap();
    prop_assert!(merged.is_clean(), "{:?}", merged.conflicts);
    let merged_doc = load(&merged.bytes);

    // Both sessions one after the other, in either order.
    let mut ours_then_theirs = load(&ours_bytes);
    session(&mut ours_then_theirs, 1, theirs_steps);
    let mut theirs_then_ours = load(&theirs_bytes);
    session(&mut theirs_then_ours, 0, ours_steps);
    prop_assert_eq!(merged_doc.plan(), ours_then_theirs.plan());
    let sequential = ours_then_theirs.to_bytes();
    prop_assert_eq!(
        String::from_utf8_lossy(&merged.bytes),
        String::from_utf8_lossy(&sequential)
    );
    prop_assert_eq!(sorted_goals(&merged_doc), sorted_goals(&theirs_then_ours));

    // A branch merged with itself or with the base changes nothing.
    for other in [&ours_bytes, &base] {
        let same = merge(&base, &ours_bytes, other, &options).unwrap();
        prop_assert!(same.is_clean());
        prop_assert_eq!(&same.bytes, &ours_bytes);
    }
    Ok(())
}

fn step() -> impl Strategy<Value = Step> {
    (0u8..6, any::<usize>(), any::<usize>())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn independent_sessions_merge_to_both_applied(
        ours in prop::collection::vec(step(), 0..8),
        theirs in prop::collection::vec(step(), 0..8),
    ) {
        check_merge(&ours, &theirs)?;
    }
}

/// Run git in `repo` with no user or system configuration.
fn git(repo: &Path, args: &[&str]) -> std::process::Output {
    std::process::Command::new("git")
        .current_dir(repo)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .args(args)
        .output()
        .unwrap()
}

fn git_ok(repo: &Path, args: &[&str]) {
    let output = git(repo, args);
    assert!(
        output.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// A repository whose `plan.toml` is `base` on `main`, with the driver
/// configured, a branch `theirs` that makes `theirs_edit`, and `main`
/// making `ours_edit`; returns the repository.
fn repository(base: &str, ours_edit: (&str, &str), theirs_edit: (&str, &str)) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path();
    git_ok(repo, &["init", "-q", "-b", "main"]);
    git_ok(repo, &["config", "user.name", "Plan Editor"]);
    git_ok(repo, &["config", "user.email", "editor@example.org"]);
    let binary = assert_cmd::cargo::cargo_bin("commonplan");
    let driver = format!(
        "'{}' merge --marker-size %L --path %P %O %A %B",
        binary.display()
    );
    git_ok(
        repo,
        &["config", "merge.commonplan.name", "commonplan plan merge"],
    );
    git_ok(repo, &["config", "merge.commonplan.driver", &driver]);
    fs::write(repo.join(".gitattributes"), "*.toml merge=commonplan\n").unwrap();
    fs::write(repo.join("plan.toml"), base).unwrap();
    git_ok(repo, &["add", "."]);
    git_ok(repo, &["commit", "-q", "-m", "The plan"]);
    git_ok(repo, &["checkout", "-q", "-b", "theirs"]);
    fs::write(
        repo.join("plan.toml"),
        base.replace(theirs_edit.0, theirs_edit.1),
    )
    .unwrap();
    git_ok(repo, &["commit", "-q", "-am", "Their edit"]);
    git_ok(repo, &["checkout", "-q", "main"]);
    fs::write(
        repo.join("plan.toml"),
        base.replace(ours_edit.0, ours_edit.1),
    )
    .unwrap();
    git_ok(repo, &["commit", "-q", "-am", "Our edit"]);
    dir
}

const GIT_BASE: &str = "format = 1\n\n[plan]\ncity = \"Ghent\"\ntitle = \"Plan\"\n\n\
    [[actors]]\nid = \"city\"\nname = \"City\"\nrole = \"public\"\n\n\
    [[goals]]\nid = \"local-energy\"\ntitle = \"Community energy\"\nstatus = \"proposed\"\nowner = \"city\"\n";

#[test]
fn git_merge_uses_the_driver_for_a_clean_merge() {
    if required_program(
        &["git"],
        "apt-get install git",
        "git_merge_uses_the_driver_for_a_clean_merge",
    )
    .is_none()
    {
        return;
    }
    // Two adjacent lines: git's line merge would conflict here.
    let dir = repository(
        GIT_BASE,
        ("status = \"proposed\"", "status = \"adopted\""),
        ("owner = \"city\"", "owner = \"city\"\ntarget_year = 2030"),
    );
    let output = git(dir.path(), &["merge", "-q", "--no-edit", "theirs"]);
    assert!(
        output.status.success(),
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(
        fs::read_to_string(dir.path().join("plan.toml")).unwrap(),
        GIT_BASE.replace(
            "status = \"proposed\"\nowner = \"city\"\n",
            "status = \"adopted\"\nowner = \"city\"\ntarget_year = 2030\n"
        )
    );
    // Without the driver the same merge conflicts.
    git_ok(dir.path(), &["reset", "-q", "--hard", "HEAD~1"]);
    fs::write(dir.path().join(".git/info/attributes"), "*.toml -merge\n").unwrap();
    let output = git(dir.path(), &["merge", "-q", "--no-edit", "theirs"]);
    assert!(!output.status.success(), "git's line merge conflicts");
}

#[test]
fn git_merge_with_a_conflict_leaves_markers_on_the_line() {
    if required_program(
        &["git"],
        "apt-get install git",
        "git_merge_with_a_conflict_leaves_markers_on_the_line",
    )
    .is_none()
    {
        return;
    }
    let dir = repository(
        GIT_BASE,
        ("status = \"proposed\"", "status = \"adopted\""),
        ("status = \"proposed\"", "status = \"dropped\""),
    );
    let output = git(dir.path(), &["merge", "--no-edit", "theirs"]);
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr
            .contains("plan.toml: goals.local-energy.status: ours \"adopted\", theirs \"dropped\""),
        "{stderr}"
    );
    let text = fs::read_to_string(dir.path().join("plan.toml")).unwrap();
    assert!(
        text.ends_with(
            "title = \"Community energy\"\n<<<<<<< ours\nstatus = \"adopted\"\n=======\n\
             status = \"dropped\"\n>>>>>>> theirs\nowner = \"city\"\n"
        ),
        "{text}"
    );
    let status = git(dir.path(), &["status", "--porcelain"]);
    assert!(String::from_utf8_lossy(&status.stdout).contains("UU plan.toml"));
}
