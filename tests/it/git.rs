//! `commonplan git setup` and plans in a real git repository: the drivers
//! and attributes it writes (once), `git diff` and `git log -p` through
//! the diff driver, and `commonplan diff --since` a revision or a date.
//!
//! These need git. Without it they are skipped with a note, except under CI
//! (`CI` set), where they fail. The machine's own git config is kept out
//! (`GIT_CONFIG_GLOBAL=/dev/null`, `GIT_CONFIG_NOSYSTEM`).

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;

use crate::support::programs::required_program;

/// A temporary repository with a committer of its own, or `None` (after a
/// note) when git is missing.
fn repository(test: &str) -> Option<tempfile::TempDir> {
    required_program(&["git"], "apt-get install git", test)?;
    let dir = tempfile::tempdir().unwrap();
    git(dir.path(), &["init", "-q", "-b", "main"]);
    git(dir.path(), &["config", "user.name", "Plan Writer"]);
    git(dir.path(), &["config", "user.email", "plans@example.org"]);
    Some(dir)
}

/// Run git in `dir`, away from the machine's config; panics when it fails.
fn git(dir: &Path, args: &[&str]) -> Output {
    git_at(dir, args, None)
}

/// [`git`] with the author and committer date set to `date`.
fn git_at(dir: &Path, args: &[&str], date: Option<&str>) -> Output {
    let mut command = std::process::Command::new("git");
    command
        .current_dir(dir)
        .args(args)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_PAGER", "cat")
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE");
    if let Some(date) = date {
        command
            .env("GIT_AUTHOR_DATE", date)
            .env("GIT_COMMITTER_DATE", date);
    }
    let output = command.output().unwrap();
    assert!(
        output.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

fn commonplan(dir: &Path) -> Command {
    let mut command = Command::cargo_bin("commonplan").unwrap();
    command
        .current_dir(dir)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1");
    command
}

fn case_file(case: &str, file: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/diff")
        .join(case)
        .join(file)
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

/// A repository with the plan of the `field-change` case committed as
/// `plans/gent.toml` on 2025-01-10, and `git setup` run.
fn set_up(test: &str) -> Option<tempfile::TempDir> {
    let repo = repository(test)?;
    let dir = repo.path();
    fs::create_dir(dir.join("plans")).unwrap();
    fs::copy(
        case_file("field-change", "old.toml"),
        dir.join("plans/gent.toml"),
    )
    .unwrap();
    commonplan(dir).args(["git", "setup"]).assert().code(0);
    git(dir, &["add", "."]);
    git_at(
        dir,
        &["commit", "-qm", "The plan"],
        Some("2025-01-10T12:00:00"),
    );
    Some(repo)
}

#[test]
fn setup_writes_the_drivers_and_attributes_once() {
    let Some(repo) = repository("setup_writes_the_drivers_and_attributes_once") else {
        return;
    };
    let dir = repo.path();
    fs::write(dir.join(".gitattributes"), "*.png binary").unwrap();
    let first = commonplan(dir).args(["git", "setup"]).assert().code(0);
    let first = stdout(first.get_output());
    assert!(
        first.contains("set     diff.commonplan.textconv = "),
        "{first}"
    );
    assert!(
        first.contains("added   *.toml merge=commonplan diff=commonplan"),
        "{first}"
    );
    let config = |key: &str| {
        stdout(&git(dir, &["config", "--local", "--get", key]))
            .trim_end()
            .to_owned()
    };
    assert!(config("diff.commonplan.textconv").ends_with(" diff --textconv"));
    assert!(
        config("merge.commonplan.driver").ends_with(" merge --marker-size %L --path %P %O %A %B")
    );
    assert!(!config("merge.commonplan.name").is_empty());
    let attributes = fs::read_to_string(dir.join(".gitattributes")).unwrap();
    assert_eq!(
        attributes,
        "*.png binary\n*.toml merge=commonplan diff=commonplan\n"
    );
    let check = stdout(&git(
        dir,
        &["check-attr", "diff", "merge", "--", "plan.toml"],
    ));
    assert!(check.contains("plan.toml: diff: commonplan"), "{check}");
    assert!(check.contains("plan.toml: merge: commonplan"), "{check}");

    // A second run changes nothing and says so.
    let second = commonplan(dir).args(["git", "setup"]).assert().code(0);
    let second = stdout(second.get_output());
    assert!(second.contains("nothing to change"), "{second}");
    assert!(
        second
            .lines()
            .all(|l| !l.starts_with("set ") && !l.starts_with("added ")),
        "{second}"
    );
    assert_eq!(
        fs::read_to_string(dir.join(".gitattributes")).unwrap(),
        attributes
    );
}

#[test]
fn setup_outside_a_repository_is_trouble() {
    if required_program(
        &["git"],
        "apt-get install git",
        "setup_outside_a_repository",
    )
    .is_none()
    {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    commonplan(dir.path())
        .env("GIT_CEILING_DIRECTORIES", dir.path().parent().unwrap())
        .args(["git", "setup"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("not in a git repository"));
}

#[test]
fn git_diff_and_log_speak_plan_terms() {
    let Some(repo) = set_up("git_diff_and_log_speak_plan_terms") else {
        return;
    };
    let dir = repo.path();
    fs::copy(
        case_file("field-change", "new.toml"),
        dir.join("plans/gent.toml"),
    )
    .unwrap();
    let diff = stdout(&git(dir, &["diff"]));
    assert!(
        diff.contains("\n-goals.local-energy.status = \"in-progress\"\n"),
        "{diff}"
    );
    assert!(
        diff.contains("\n+goals.local-energy.status = \"achieved\"\n"),
        "{diff}"
    );
    assert!(
        diff.contains("\n+goals.food-hub.owner = \"city\"\n"),
        "{diff}"
    );
    git(dir, &["commit", "-qam", "Energy achieved"]);
    let log = stdout(&git(dir, &["log", "-p"]));
    assert!(
        log.contains("\n+goals.local-energy.status = \"achieved\"\n"),
        "{log}"
    );
    // A version that does not parse is shown as it is.
    fs::copy(
        case_file("unparsable", "new.toml"),
        dir.join("plans/gent.toml"),
    )
    .unwrap();
    let diff = stdout(&git(dir, &["diff"]));
    assert!(diff.contains("\n+title = \"Spring review\n"), "{diff}");
}

#[test]
fn diff_since_a_revision_or_a_date() {
    let Some(repo) = set_up("diff_since_a_revision_or_a_date") else {
        return;
    };
    let dir = repo.path();
    fs::copy(
        case_file("field-change", "new.toml"),
        dir.join("plans/gent.toml"),
    )
    .unwrap();
    git(dir, &["add", "."]);
    git_at(
        dir,
        &["commit", "-qm", "Energy achieved"],
        Some("2025-03-01T12:00:00"),
    );
    let expected = fs::read_to_string(case_file("field-change", "expected.txt")).unwrap();
    for since in ["HEAD~1", "2025-02-11", "main~1"] {
        commonplan(dir)
            .args(["diff", "plans/gent.toml", "--since", since])
            .assert()
            .code(1)
            .stdout(expected.clone());
    }
    // From inside the plan's folder too.
    commonplan(&dir.join("plans"))
        .args(["diff", "gent.toml", "--since", "HEAD~1"])
        .assert()
        .code(1)
        .stdout(expected);
    commonplan(dir)
        .args(["diff", "plans/gent.toml", "--since", "HEAD"])
        .assert()
        .code(0)
        .stdout("");
    commonplan(dir)
        .args(["diff", "plans/gent.toml", "--since", "2024-12-31"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "no commit of plans/gent.toml before 2024-12-31",
        ));
    commonplan(dir)
        .args(["diff", "plans/gent.toml", "--since", "no-such-branch"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("git show"));
}

#[test]
fn diff_since_a_revision_without_git_is_trouble() {
    let dir = tempfile::tempdir().unwrap();
    fs::copy(
        case_file("field-change", "new.toml"),
        dir.path().join("plan.toml"),
    )
    .unwrap();
    commonplan(dir.path())
        .env("PATH", dir.path())
        .args(["diff", "plan.toml", "--since", "HEAD~1"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("git is not installed"));
}

/// `export --since HEAD`: the report's section of what changed since the
/// last commit, in Markdown and HTML, in the words of `commonplan diff`.
#[test]
fn export_since_a_revision_adds_what_changed() {
    let Some(repo) = set_up("export_since_a_revision_adds_what_changed") else {
        return;
    };
    let dir = repo.path();
    fs::copy(
        case_file("field-change", "new.toml"),
        dir.join("plans/gent.toml"),
    )
    .unwrap();
    let diff = stdout(
        &commonplan(dir)
            .args(["diff", "plans/gent.toml", "--since", "HEAD"])
            .output()
            .unwrap(),
    );
    let first_change = diff
        .lines()
        .find_map(|line| line.strip_prefix("  "))
        .expect("the diff has a change")
        .to_owned();
    let markdown = stdout(
        &commonplan(dir)
            .args([
                "export",
                "plans/gent.toml",
                "-f",
                "markdown",
                "--since",
                "HEAD",
            ])
            .output()
            .unwrap(),
    );
    assert!(
        markdown.contains("## What changed since HEAD"),
        "{markdown}"
    );
    let section = &markdown[markdown.find("## What changed since HEAD").unwrap()..];
    let section = &section[..section[3..]
        .find("\n## ")
        .map_or(section.len(), |end| end + 3)];
    // The same change, escaped for Markdown.
    let unescaped = section.replace('\\', "");
    assert!(
        unescaped.contains(&first_change),
        "{first_change} in {section}"
    );
    let html = stdout(
        &commonplan(dir)
            .args(["export", "plans/gent.toml", "-f", "html", "--since", "HEAD"])
            .output()
            .unwrap(),
    );
    assert!(html.contains("<section id=\"changes\">"), "no section");
    assert!(html.contains("What changed since HEAD"));
    // Other formats refuse it, without writing anything.
    commonplan(dir)
        .args(["export", "plans/gent.toml", "-f", "json", "--since", "HEAD"])
        .assert()
        .code(2);
}
