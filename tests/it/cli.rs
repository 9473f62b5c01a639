//! The `commonplan` binary as a user runs it: exit codes, the example plans,
//! every fixture under `plans/invalid/` at its line and column, the output
//! pinned by snapshots, and the small subcommands.

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;

fn commonplan() -> Command {
    let mut command = Command::cargo_bin("commonplan").expect("the binary is built");
    command
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("NO_COLOR");
    command
}

fn toml_files(dir: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    let mut files: Vec<PathBuf> = fs::read_dir(&dir)
        .expect("the directory exists")
        .map(|entry| entry.expect("a directory entry").path())
        .filter(|path| path.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    files
}

fn relative(path: &Path) -> String {
    path.strip_prefix(env!("CARGO_MANIFEST_DIR"))
        .expect("under the crate")
        .display()
        .to_string()
}

#[test]
fn example_plans_check_clean() {
    let plans: Vec<String> = toml_files("plans").iter().map(|p| relative(p)).collect();
    assert!(plans.len() >= 3, "{plans:?}");
    let output = commonplan()
        .arg("check")
        .args(&plans)
        .output()
        .expect("runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(0), "{stdout}");
    for plan in &plans {
        assert!(
            stdout.contains(&format!("{plan}: 0 errors, 0 warnings")),
            "{stdout}"
        );
    }
}

/// The `# expect: LINE:COL` comment on a fixture's first line.
fn expected_position(path: &Path) -> (u64, u64) {
    let bytes = fs::read(path).expect("readable");
    let first = String::from_utf8_lossy(bytes.split(|&b| b == b'\n').next().unwrap_or_default())
        .into_owned();
    let position = first
        .strip_prefix("# expect: ")
        .unwrap_or_else(|| panic!("{} starts with `# expect: LINE:COL`", path.display()));
    let (line, column) = position.trim().split_once(':').expect("LINE:COL");
    (
        line.parse().expect("a line"),
        column.parse().expect("a column"),
    )
}

#[test]
fn every_code_has_a_fixture() {
    let names: Vec<String> = toml_files("plans/invalid")
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy()[..4].to_owned())
        .collect();
    for code in commonplan::diagnostic::Code::ALL {
        assert!(
            names.iter().any(|n| n == code.as_str()),
            "plans/invalid has no fixture for {code}"
        );
    }
}

#[test]
fn each_fixture_reports_its_code_at_its_place() {
    for path in toml_files("plans/invalid") {
        let name = relative(&path);
        let code = &path.file_name().unwrap().to_string_lossy()[..4];
        let is_error = code.starts_with('E');
        let (line, column) = expected_position(&path);

        let output = commonplan()
            .args(["check", "--format", "json", &name])
            .output()
            .expect("runs");
        let expected_exit = if is_error { 1 } else { 0 };
        assert_eq!(output.status.code(), Some(expected_exit), "{name}");
        let report: serde_json::Value =
            serde_json::from_slice(&output.stdout).expect("check prints JSON");
        let diagnostics = report["files"][0]["diagnostics"]
            .as_array()
            .expect("a list");
        assert!(
            diagnostics
                .iter()
                .any(|d| d["code"] == code && d["line"] == line && d["column"] == column),
            "{name}: no {code} at {line}:{column} in {diagnostics:#?}"
        );
        for diagnostic in diagnostics {
            assert!(!diagnostic["message"].as_str().unwrap().is_empty());
        }

        if !is_error {
            commonplan()
                .args(["check", "--deny-warnings", &name])
                .assert()
                .code(1);
        }

        let human = commonplan()
            .args(["check", "--color", "never", &name])
            .output()
            .expect("runs");
        let stdout = String::from_utf8(human.stdout).expect("UTF-8 output");
        assert!(
            stdout.contains(&format!("{name}:{line}:{column}")),
            "{stdout}"
        );
        insta::assert_snapshot!(format!("check_{code}"), stdout);
    }
}

#[test]
fn escape_sequences_are_shown_escaped() {
    let output = commonplan()
        .args([
            "check",
            "--color",
            "never",
            "plans/invalid/W007-control-characters.toml",
        ])
        .output()
        .expect("runs");
    let stdout = String::from_utf8(output.stdout).expect("UTF-8");
    assert!(!stdout.contains('\u{1b}'), "raw ESC in {stdout:?}");
    assert!(!stdout.contains('\u{7}'), "raw BEL in {stdout:?}");
    assert!(stdout.contains(r"\u{1b}]0;owned\u{7}"), "{stdout}");
    assert!(stdout.contains(r"\u{1b}[2J"), "{stdout}");

    // Raw control characters inside a value are escaped too.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("raw.toml");
    fs::write(
        &path,
        "format = 1\n[plan]\ncity = \"G\"\ntitle = \"a\u{1b}[2Jb\"\n",
    )
    .unwrap();
    let output = commonplan()
        .args(["check", "--color", "never"])
        .arg(&path)
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(1));
    let stdout = String::from_utf8(output.stdout).expect("UTF-8");
    assert!(!stdout.contains('\u{1b}'), "raw ESC in {stdout:?}");
    assert!(stdout.contains("E002"), "{stdout}");
}

#[test]
fn colour_is_only_used_when_asked() {
    let path = "plans/invalid/E010-unknown-reference.toml";
    let plain = commonplan().args(["check", path]).output().unwrap();
    assert!(!plain.stdout.contains(&0x1b), "colour when piped");
    let styled = commonplan()
        .args(["check", "--color", "always", path])
        .output()
        .unwrap();
    assert!(
        styled.stdout.contains(&0x1b),
        "no colour with --color always"
    );
}

#[test]
fn summary_per_plan_and_worst_exit_code() {
    commonplan()
        .args([
            "check",
            "plans/ghent.toml",
            "plans/invalid/W008-unreferenced-actor.toml",
            "plans/invalid/E010-unknown-reference.toml",
        ])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "plans/ghent.toml: 0 errors, 0 warnings",
        ))
        .stdout(predicate::str::contains(
            "plans/invalid/W008-unreferenced-actor.toml: 0 errors, 1 warning",
        ))
        .stdout(predicate::str::contains(
            "plans/invalid/E010-unknown-reference.toml: 1 error, 1 warning",
        ));
}

#[test]
fn unreadable_file_exits_2() {
    commonplan()
        .args(["check", "plans/ghent.toml", "plans/no-such-plan.toml"])
        .assert()
        .code(2)
        .stderr(predicate::str::starts_with(
            "error: cannot read plans/no-such-plan.toml: No such file",
        ))
        .stdout(predicate::str::contains(
            "plans/ghent.toml: 0 errors, 0 warnings",
        ))
        .stdout(predicate::str::contains("no-such-plan").not());
}

/// A directory, a device or a FIFO given to `check` is an error on
/// standard error, `error: …`, exit 2; standard output keeps the findings.
#[test]
fn check_says_an_unreadable_path_on_standard_error() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("fifo.toml");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    for (path, kind) in [
        (dir.path().to_path_buf(), "a directory"),
        (PathBuf::from("/dev/zero"), "a character device"),
        (fifo, "a FIFO"),
    ] {
        let output = commonplan().arg("check").arg(&path).output().unwrap();
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert_eq!(output.status.code(), Some(2), "{stderr}");
        assert!(output.stdout.is_empty(), "{:?}", output.stdout);
        assert_eq!(
            stderr,
            format!(
                "error: cannot read {}: it is {kind}, not a regular file\n",
                path.display()
            )
        );
    }
}

#[test]
fn new_writes_the_template_and_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("leuven.toml");
    commonplan()
        .args(["new", "--city", "Leuven"])
        .arg(&path)
        .assert()
        .success();
    let text = fs::read_to_string(&path).unwrap();
    assert!(text.contains("city = \"Leuven\""), "{text}");
    commonplan().arg("check").arg(&path).assert().success();

    fs::write(&path, "mine").unwrap();
    commonplan()
        .args(["new", "--city", "Leuven"])
        .arg(&path)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("already exists"));
    assert_eq!(fs::read_to_string(&path).unwrap(), "mine");
}

#[test]
fn schema_describes_the_format() {
    let output = commonplan().arg("schema").output().unwrap();
    assert!(output.status.success());
    let schema: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(schema["$schema"], "http://json-schema.org/draft-07/schema#");
    let properties = schema["properties"].as_object().expect("properties");
    for key in [
        "format",
        "plan",
        "themes",
        "actors",
        "goals",
        "partnerships",
        "workshops",
    ] {
        assert!(properties.contains_key(key), "{key} missing");
    }
    let required: Vec<&str> = schema["required"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert_eq!(required, ["format", "plan"]);
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(text.contains("\"in-progress\""), "goal statuses are listed");
    assert!(
        text.contains("\"volunteer-time\""),
        "contribution kinds are listed"
    );
}

#[test]
fn completions_and_usage() {
    commonplan()
        .args(["completions", "bash"])
        .assert()
        .success()
        .stdout(predicate::str::contains("commonplan"));
    // Without a terminal, the UI cannot start: it says so and shows the usage.
    commonplan()
        .assert()
        .code(2)
        .stderr(predicate::str::contains("the terminal UI needs a terminal"))
        .stderr(predicate::str::contains("Usage: commonplan"))
        .stderr(predicate::str::contains("check"));
    commonplan()
        .args(["config", "--path"])
        .env("XDG_CONFIG_HOME", "/tmp/commonplan-config-test")
        .assert()
        .success()
        .stdout("/tmp/commonplan-config-test/commonplan/config.toml\n");
    commonplan()
        .args(["config", "--actions"])
        .assert()
        .success()
        .stdout(predicate::str::contains("next-status        >"));
}

/// A copy of the Ghent plan in a temporary directory.
fn ghent_copy() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ghent.toml");
    fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("plans/ghent.toml"),
        &path,
    )
    .unwrap();
    (dir, path)
}

#[test]
fn set_refuses_bad_values_and_leaves_the_file() {
    let (_dir, path) = ghent_copy();
    let before = fs::read(&path).unwrap();
    commonplan()
        .arg("set")
        .arg(&path)
        .args(["goals.short-food-chains.status", "adoptd"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("did you mean `adopted`?"))
        .stderr(predicate::str::contains(
            "idea, proposed, adopted, in-progress, achieved, dropped",
        ))
        .stderr(predicate::str::contains("is unchanged"));
    commonplan()
        .arg("set")
        .arg(&path)
        .args(["goals.short-food-chains.owner", "gent-en-gard"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("did you mean `gent-en-garde`?"));
    commonplan()
        .arg("set")
        .arg(&path)
        .args(["goals.no-such-goal.status", "adopted"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("item `no-such-goal` in goals"));
    commonplan()
        .arg("set")
        .arg(&path)
        .args(["goals.short-food-chains.target_year", "soon"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("`soon` is not a whole number"));
    assert_eq!(fs::read(&path).unwrap(), before);
}

#[test]
fn dry_run_prints_a_diff_and_writes_nothing() {
    let (_dir, path) = ghent_copy();
    let before = fs::read(&path).unwrap();
    commonplan()
        .arg("set")
        .arg(&path)
        .args(["goals.short-food-chains.status", "in-progress", "--dry-run"])
        .assert()
        .success()
        .stdout(predicate::str::contains("-status = \"adopted\""))
        .stdout(predicate::str::contains("+status = \"in-progress\""));
    assert_eq!(fs::read(&path).unwrap(), before);
}

#[test]
fn setting_the_same_value_writes_nothing() {
    let (_dir, path) = ghent_copy();
    let modified = fs::metadata(&path).unwrap().modified().unwrap();
    std::thread::sleep(std::time::Duration::from_millis(20));
    commonplan()
        .arg("set")
        .arg(&path)
        .args(["goals.short-food-chains.status", "adopted"])
        .assert()
        .success();
    assert_eq!(fs::metadata(&path).unwrap().modified().unwrap(), modified);
}

#[test]
fn edits_from_the_command_line_check_clean() {
    let (_dir, path) = ghent_copy();
    let run = |args: &[&str]| {
        commonplan()
            .arg(args[0])
            .arg(&path)
            .args(&args[1..])
            .assert()
            .success();
    };
    run(&[
        "add",
        "goals",
        "id=repair-cafes",
        "title=Repair cafés",
        "theme=food",
    ]);
    run(&[
        "measure",
        "goals.short-food-chains.indicators.1",
        "2024-12-31",
        "2150",
    ]);
    run(&["set", "actors.city.id", "city-of-ghent"]);
    run(&["move", "goals.repair-cafes", "1"]);
    run(&["remove", "goals.repair-cafes"]);
    commonplan().arg("check").arg(&path).assert().success();
    let text = fs::read_to_string(&path).unwrap();
    assert!(text.contains("value = 2150"), "the measurement is kept");
    assert!(!text.contains("\"city\""), "every reference is renamed");
}

/// Run the binary with `args` and standard output a pipe whose reader is
/// already closed, so that its first write fails with a broken pipe.
fn run_into_closed_pipe(args: &[&str]) -> std::process::Output {
    let (reader, writer) = std::io::pipe().expect("a pipe");
    drop(reader);
    std::process::Command::new(assert_cmd::cargo::cargo_bin("commonplan"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(args)
        .stdout(writer)
        .stderr(std::process::Stdio::piped())
        .output()
        .expect("runs")
}

#[test]
fn a_closed_pipe_ends_quietly_and_keeps_the_exit_code() {
    for _ in 0..3 {
        for (args, code) in [
            (&["completions", "bash"][..], 0),
            (
                &["check", "plans/invalid/E010-unknown-reference.toml"][..],
                1,
            ),
            (&["check", "--format", "json", "plans/ghent.toml"][..], 0),
            (&["check", "plans/no-such-plan.toml"][..], 2),
            (&["schema"][..], 0),
            (
                &["export", "plans/ghent.toml", "--format", "markdown"][..],
                0,
            ),
            (&["config", "--actions"][..], 0),
        ] {
            let output = run_into_closed_pipe(args);
            let stderr = String::from_utf8_lossy(&output.stderr);
            assert_eq!(output.status.code(), Some(code), "{args:?}: {stderr}");
            assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
            assert!(!stderr.contains("Broken pipe"), "{args:?}: {stderr}");
        }
    }
}

#[test]
fn move_to_a_position_out_of_range_says_the_range() {
    let (_dir, path) = ghent_copy();
    let before = fs::read(&path).unwrap();
    for position in ["0", "30"] {
        commonplan()
            .arg("move")
            .arg(&path)
            .args(["goals.commons-map", position])
            .assert()
            .code(1)
            .stderr(predicate::str::contains(format!(
                "{position} is out of range: the goals are numbered 1 to 14"
            )))
            .stderr(predicate::str::contains("there is no").not());
    }
    commonplan()
        .arg("move")
        .arg(&path)
        .args(["goals.commons-map.milestones.1", "4"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "4 is out of range: the milestones of goal `commons-map` are numbered 1 to 3",
        ));
    // A missing item is still said to be missing, whatever the position.
    commonplan()
        .arg("move")
        .arg(&path)
        .args(["goals.no-such-goal", "0"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("item `no-such-goal` in goals"));
    assert_eq!(fs::read(&path).unwrap(), before);
}

#[test]
fn counts_are_singular_for_one() {
    let (_dir, path) = ghent_copy();
    // One new error: the plan's period ends before it starts.
    commonplan()
        .arg("set")
        .arg(&path)
        .args(["plan.end_year", "2000"])
        .assert()
        .success()
        .stderr(predicate::str::contains(" now has 1 error; see "));
    commonplan()
        .arg("check")
        .arg(&path)
        .assert()
        .code(1)
        .stdout(predicate::str::contains(": 1 error, 0 warnings"));
    commonplan()
        .args(["export", "--format", "json"])
        .arg(&path)
        .assert()
        .success()
        .stderr(predicate::str::contains(
            " has 1 error; the report lists it ",
        ));
}

#[test]
fn an_export_error_is_said_once() {
    let dir = tempfile::tempdir().unwrap();
    let output = dir.path().join("missing-directory").join("report.md");
    let run = commonplan()
        .args([
            "export",
            "plans/ghent.toml",
            "--format",
            "markdown",
            "--output",
        ])
        .arg(&output)
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.starts_with("error: cannot write"), "{stderr}");
    let reason = "No such file or directory";
    assert_eq!(stderr.matches(reason).count(), 1, "{stderr}");
}

/// Every JSON document escapes the characters JSON leaves alone but a
/// terminal acts on (C1 controls such as U+009B, DEL, bidirectional
/// controls), in file names as in plan text; and means the same.
#[test]
fn json_outputs_escape_c1_del_and_bidi_controls() {
    let dir = tempfile::tempdir().unwrap();
    let hostile = "\u{9b}2J\u{7f}\u{202e}";
    let plan = dir.path().join(format!("plan{hostile}.toml"));
    let ghent = fs::read_to_string("plans/ghent.toml").unwrap();
    fs::write(
        &plan,
        ghent.replacen(
            "title = \"Commons Transition Plan for Ghent\"",
            "title = \"Commons \\u009b2J\\u007f\\u202e Plan\"",
            1,
        ),
    )
    .unwrap();
    let unreadable = dir.path().join(format!("missing{hostile}.toml"));
    let runs = [
        commonplan()
            .args(["check", "--format", "json"])
            .arg(&plan)
            .arg(&unreadable)
            .output()
            .unwrap(),
        commonplan()
            .args(["export", "-f", "json"])
            .arg(&plan)
            .output()
            .unwrap(),
        commonplan()
            .args(["diff", "--format", "json"])
            .arg("plans/ghent.toml")
            .arg(&plan)
            .output()
            .unwrap(),
    ];
    // check names the files as they are; export shows plan text as the
    // report does (visible escapes); diff gives the values as they are.
    let keeps_hostile_text = [true, false, true];
    for (output, keeps) in runs.into_iter().zip(keeps_hostile_text) {
        let stdout = String::from_utf8(output.stdout).unwrap();
        assert!(
            !stdout.is_empty(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        for c in ['\u{9b}', '\u{7f}', '\u{202e}'] {
            assert!(!stdout.contains(c), "raw U+{:04X} in {stdout}", c as u32);
        }
        let value: serde_json::Value = serde_json::from_str(&stdout).unwrap();
        if keeps {
            assert!(stdout.contains("\\u009b2J\\u007f\\u202e"), "{stdout}");
            assert!(value.to_string().contains(hostile), "{value}");
        }
    }
}

/// A plan file without its `[plan]` table: editing the plan says what is
/// missing in words that read ("there is no the plan" before).
#[test]
fn editing_a_file_without_its_plan_table_names_the_table() {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("p.toml");
    fs::write(&plan, "format = 1\n").unwrap();
    for field in ["plan.title", "plan.city"] {
        let output = commonplan()
            .arg("set")
            .arg(&plan)
            .args([field, "x"])
            .output()
            .unwrap();
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert_eq!(output.status.code(), Some(1), "{stderr}");
        assert!(
            stderr.starts_with("error: there is no `[plan]` table in the file\n"),
            "{stderr}"
        );
        assert!(!stderr.contains("no the plan"), "{stderr}");
    }
    assert_eq!(fs::read_to_string(&plan).unwrap(), "format = 1\n");
}

/// An address that goes on past a field says so, instead of offering the
/// field's own name as a correction ("plan has no field `title`; did you
/// mean `title`?" before).
#[test]
fn an_address_past_a_field_says_the_field_ends_it() {
    let (_dir, plan) = ghent_copy();
    for (address, field, noun) in [
        ("plan.title.x", "title", "plan"),
        ("goals.housing-coops.target_year.1", "target_year", "goal"),
    ] {
        let output = commonplan()
            .arg("set")
            .arg(&plan)
            .args([address, "x"])
            .output()
            .unwrap();
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert_eq!(output.status.code(), Some(1), "{stderr}");
        assert!(
            stderr.starts_with(&format!(
                "error: there is no collection `{field}` in a {noun}: `{field}` is a field"
            )),
            "{stderr}"
        );
    }
}

/// Each cause of an error is said once: a missing file and a directory
/// given to the commands that read a plan.
#[test]
fn an_os_error_is_said_once() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing.toml");
    for path in [missing.as_path(), dir.path()] {
        let runs: [&[&str]; 4] = [
            &["check"],
            &["export", "-f", "json"],
            &["set"],
            &["diff", "plans/ghent.toml"],
        ];
        for args in runs {
            let mut command = commonplan();
            command.args(args).arg(path);
            if args[0] == "set" {
                command.args(["plan.title", "x"]);
            }
            let output = command.output().unwrap();
            let stderr = String::from_utf8(output.stderr).unwrap();
            assert_eq!(output.status.code(), Some(2), "{args:?} {stderr}");
            let reason = if path == missing {
                "No such file or directory (os error 2)"
            } else {
                "it is a directory, not a regular file"
            };
            assert_eq!(stderr.matches(reason).count(), 1, "{args:?}: {stderr}");
            assert!(stderr.starts_with("error: "), "{args:?}: {stderr}");
        }
    }
}
