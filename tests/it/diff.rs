//! `commonplan diff`: golden outputs and exit codes.
//!
//! Each directory under `tests/diff/` holds `old.toml` and `new.toml`, and
//! what `commonplan diff old.toml new.toml` prints: `expected.txt` as text,
//! `expected.json` with `--format json`. The exit code is 0 when
//! `expected.txt` is empty (the plans are the same) and 1 otherwise. Run
//! with `UPDATE_GOLDEN=1` (or `COMMONPLAN_BLESS=1`) to write the expected
//! files from the results, then read every diff before committing them.

use std::fs;
use std::path::Path;

use assert_cmd::Command;

fn bless() -> bool {
    std::env::var_os("UPDATE_GOLDEN").is_some() || std::env::var_os("COMMONPLAN_BLESS").is_some()
}

fn diff_in(dir: &Path, extra: &[&str]) -> (String, i32) {
    let output = Command::cargo_bin("commonplan")
        .unwrap()
        .current_dir(dir)
        .args(["diff", "old.toml", "new.toml"])
        .args(extra)
        .output()
        .unwrap();
    assert!(
        output.stderr.is_empty(),
        "{}: {}",
        dir.display(),
        String::from_utf8_lossy(&output.stderr)
    );
    (
        String::from_utf8(output.stdout).unwrap(),
        output.status.code().unwrap(),
    )
}

fn run_case(case: &Path) -> Result<(), String> {
    let name = case.file_name().unwrap().to_string_lossy().into_owned();
    let (text, code) = diff_in(case, &[]);
    let (json, json_code) = diff_in(case, &["--format", "json"]);
    let (text_file, json_file) = (case.join("expected.txt"), case.join("expected.json"));
    if bless() {
        fs::write(&text_file, &text).unwrap();
        fs::write(&json_file, &json).unwrap();
    }
    let expected = fs::read_to_string(&text_file).map_err(|e| format!("{name}: {e}"))?;
    let expected_json = fs::read_to_string(&json_file).map_err(|e| format!("{name}: {e}"))?;
    if text != expected {
        return Err(format!(
            "{name}: the text differs from expected.txt\n--- expected\n{expected}--- got\n{text}"
        ));
    }
    if json != expected_json {
        return Err(format!(
            "{name}: the JSON differs from expected.json\n--- expected\n{expected_json}--- got\n{json}"
        ));
    }
    let want = i32::from(!expected.is_empty());
    if code != want || json_code != want {
        return Err(format!(
            "{name}: exit codes {code} (text) and {json_code} (JSON), expected {want}"
        ));
    }
    let document: serde_json::Value =
        serde_json::from_str(&json).map_err(|e| format!("{name}: not JSON: {e}"))?;
    if document["same"] != serde_json::Value::Bool(want == 0) {
        return Err(format!("{name}: `same` disagrees with the exit code"));
    }
    Ok(())
}

#[test]
fn golden_cases() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/diff");
    let mut cases: Vec<_> = fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    cases.sort();
    assert!(cases.len() >= 11, "only {} cases", cases.len());
    let failures: Vec<String> = cases.iter().filter_map(|c| run_case(c).err()).collect();
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

fn case(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/diff")
        .join(name)
}

#[test]
fn a_plan_compared_with_itself_is_the_same() {
    let plan = Path::new(env!("CARGO_MANIFEST_DIR")).join("plans/ghent.toml");
    Command::cargo_bin("commonplan")
        .unwrap()
        .arg("diff")
        .arg(&plan)
        .arg(&plan)
        .assert()
        .code(0)
        .stdout("");
}

#[test]
fn json_says_what_changed_as_data() {
    let output = Command::cargo_bin("commonplan")
        .unwrap()
        .current_dir(case("field-change"))
        .args(["diff", "--format", "json", "old.toml", "new.toml"])
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let json: serde_json::Value = serde_json::from_slice(&output).unwrap();
    assert_eq!(json["old"], "old.toml");
    assert_eq!(json["same"], false);
    assert!(json["text"].is_null());
    let item = &json["plan"]["items"][0];
    assert_eq!(item["address"], "goals.local-energy");
    assert_eq!(item["status"], "changed");
    let change = &item["changes"][0];
    assert_eq!(change["address"], "goals.local-energy.status");
    assert_eq!(change["change"], "set");
    assert_eq!(change["old"], "in-progress");
    assert_eq!(change["new"], "achieved");
    // Every key is there, null when empty, so the shape is stable.
    for key in ["renamed_from", "moved", "value", "title"] {
        assert!(item.get(key).is_some(), "{key}");
    }
}

#[test]
fn trouble_is_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    Command::cargo_bin("commonplan")
        .unwrap()
        .current_dir(dir.path())
        .args(["diff", "missing.toml", "also-missing.toml"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("cannot read missing.toml"));
    // Neither NEW nor --since.
    fs::write(dir.path().join("plan.toml"), "format = 1\n").unwrap();
    Command::cargo_bin("commonplan")
        .unwrap()
        .current_dir(dir.path())
        .args(["diff", "plan.toml"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("--since"));
}

#[test]
fn since_a_file_compares_with_that_file() {
    Command::cargo_bin("commonplan")
        .unwrap()
        .current_dir(case("rename"))
        .args(["diff", "new.toml", "--since", "old.toml"])
        .assert()
        .code(1)
        .stdout(predicates::str::contains(
            "~ goals.community-energy \"Produce energy locally\" \
             (renamed from goals.local-energy, 2 references followed)",
        ));
}

#[test]
fn plan_text_cannot_drive_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let old = "format = 1\n[plan]\ncity = \"C\"\ntitle = \"T\"\n\
               [[goals]]\nid = \"a\"\ntitle = \"A\"\n";
    let new = old.replace("title = \"A\"", "title = \"A\\u001b[2J\\u202e\"");
    fs::write(dir.path().join("old.toml"), old).unwrap();
    fs::write(dir.path().join("new.toml"), new).unwrap();
    for format in ["text", "json"] {
        let output = Command::cargo_bin("commonplan")
            .unwrap()
            .current_dir(dir.path())
            .args(["diff", "old.toml", "new.toml", "--format", format])
            .assert()
            .code(1)
            .get_output()
            .stdout
            .clone();
        let text = String::from_utf8(output).unwrap();
        assert!(
            !text.contains('\u{1b}') && !text.contains('\u{202e}'),
            "{text}"
        );
        assert!(text.contains("202e"), "{text}");
    }
}

#[test]
fn textconv_lists_a_plan_one_field_a_line_and_passes_other_files_through() {
    let output = Command::cargo_bin("commonplan")
        .unwrap()
        .args(["diff", "--textconv"])
        .arg(case("field-change").join("new.toml"))
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    let listing = String::from_utf8(output).unwrap();
    assert!(listing.starts_with("format = 1\n"), "{listing}");
    assert!(listing.contains("\ngoals.local-energy.status = \"achieved\"\n"));
    assert!(listing.contains("\ngoals.local-energy.indicators.1.measurements 2024-06-30 = 250\n"));
    assert!(listing.contains("\nworkshops.review-2025.participants = [\"Ana\", \"Elif\"]\n"));
    let broken = case("unparsable").join("new.toml");
    Command::cargo_bin("commonplan")
        .unwrap()
        .args(["diff", "--textconv"])
        .arg(&broken)
        .assert()
        .code(0)
        .stdout(fs::read_to_string(&broken).unwrap());
}
