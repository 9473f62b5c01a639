//! Golden editing cases, in the style of cargo's `cargo add` suite: each
//! directory under `tests/editing/` holds `in.toml`, `args` (one commonplan
//! command a line, without the plan path, which is put after the subcommand)
//! and `out.toml`. The expected file *is* the assertion that nothing else
//! moved. Run with `UPDATE_GOLDEN=1` to write `out.toml` from the result
//! (then read every diff before committing it).

use std::fs;
use std::path::Path;

use assert_cmd::Command;

fn run_case(case: &Path) -> Result<(), String> {
    let name = case.file_name().unwrap().to_string_lossy().into_owned();
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("plan.toml");
    fs::copy(case.join("in.toml"), &plan).unwrap();
    let args = fs::read_to_string(case.join("args")).unwrap();
    for line in args
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
    {
        let mut words = shell_words::split(line).map_err(|e| format!("{name}: {e}"))?;
        let rest = words.split_off(1);
        let output = Command::cargo_bin("commonplan")
            .unwrap()
            .args(&words)
            .arg(&plan)
            .args(&rest)
            .output()
            .unwrap();
        if !output.status.success() {
            return Err(format!(
                "{name}: `{line}` failed: {}",
                String::from_utf8_lossy(&output.stderr)
            ));
        }
    }
    let got = fs::read(&plan).unwrap();
    let expected_path = case.join("out.toml");
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        fs::write(&expected_path, &got).unwrap();
        return Ok(());
    }
    let expected = fs::read(&expected_path).map_err(|e| format!("{name}: out.toml: {e}"))?;
    if got != expected {
        return Err(format!(
            "{name}: the result differs from out.toml\n--- expected\n{:?}\n--- got\n{:?}",
            String::from_utf8_lossy(&expected),
            String::from_utf8_lossy(&got)
        ));
    }
    // The result is still a plan commonplan reads.
    let text = String::from_utf8_lossy(&got);
    if let Err(error) = text
        .trim_start_matches('\u{feff}')
        .parse::<toml_edit::DocumentMut>()
    {
        return Err(format!("{name}: the result is not TOML: {error}"));
    }
    Ok(())
}

#[test]
fn golden_cases() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/editing");
    let mut cases: Vec<_> = fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    cases.sort();
    assert!(cases.len() >= 12, "only {} cases", cases.len());
    let failures: Vec<String> = cases.iter().filter_map(|c| run_case(c).err()).collect();
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
