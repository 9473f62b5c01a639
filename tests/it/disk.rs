//! The plan file on disk: stamped reads, refusing to overwrite outside
//! changes, keeping permissions and symbolic links, leaving nothing behind
//! on failure, and never a half-written plan when a save is killed.
//!
//! Some tests run a save in a child process: the test binary runs the same
//! test again, told through an environment variable to play the child's
//! part. The crash test kills 20 saves here and 200 in the second tier
//! (`cargo test -- --ignored`).

use std::fs::{self, File};
use std::io::{BufRead, BufReader, Write};
use std::os::unix::fs::{PermissionsExt, symlink};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use commonplan::disk::{DiskError, read_plan_file, write_file};

/// The plan a child process saves; set only in a test's child.
const PLAN_VAR: &str = "COMMONPLAN_DISK_TEST_PLAN";

/// What the crash-test saver prints once it is about to save.
const SAVER_READY: &str = "saver: saving";

const GHENT: &[u8] = b"format = 1\nname = \"Ghent\"\n";
const GHENT_EDITED: &[u8] = b"format = 1\nname = \"Ghent commons\"\n";

/// The names in `directory` of our temporary copies of the plan `file_name`.
fn temporary_copies(directory: &Path, file_name: &str) -> Vec<String> {
    let prefix = format!(".{file_name}.commonplan-");
    let mut names: Vec<String> = fs::read_dir(directory)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with(&prefix) && name.ends_with(".tmp"))
        .collect();
    names.sort();
    names
}

fn mode_of(path: &Path) -> u32 {
    fs::metadata(path).unwrap().permissions().mode() & 0o7777
}

/// Run this test binary's test `name` (a test of this file) in a child
/// process, with the plan `plan` in its environment: there the test plays
/// the child's part (see [`child_plan`]).
fn child_test(name: &str, plan: &Path) -> Command {
    // Tests are named by their module path without the crate's name.
    let name = match module_path!().split_once("::") {
        Some((_, module)) => format!("{module}::{name}"),
        None => name.to_owned(),
    };
    let mut command = Command::new(std::env::current_exe().unwrap());
    command
        .args([
            "--exact",
            &name,
            "--include-ignored",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(PLAN_VAR, plan);
    command
}

/// The plan to save when this process is a test's child, else `None`.
fn child_plan() -> Option<PathBuf> {
    std::env::var_os(PLAN_VAR).map(PathBuf::from)
}

#[test]
fn a_written_plan_reads_back_with_the_same_stamp() {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("ghent.toml");

    let written = write_file(&plan, GHENT, None).unwrap();
    let (bytes, read) = read_plan_file(&plan).unwrap();
    assert_eq!(bytes, GHENT);
    assert_eq!(read, written);
    assert_eq!(read.len(), GHENT.len() as u64);

    let rewritten = write_file(&plan, GHENT_EDITED, Some(&read)).unwrap();
    let (bytes, reread) = read_plan_file(&plan).unwrap();
    assert_eq!(bytes, GHENT_EDITED);
    assert_eq!(reread, rewritten);
    assert!(temporary_copies(dir.path(), "ghent.toml").is_empty());
}

#[test]
fn an_outside_change_hidden_by_size_and_time_is_still_refused() {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("ghent.toml");
    let stamp = write_file(&plan, GHENT, None).unwrap();
    let modified = fs::metadata(&plan).unwrap().modified().unwrap();

    // Another editor writes text of the same length in place and the
    // modification time comes out the same.
    let outside = b"format = 1\nname = \"Gent!\"\n";
    assert_eq!(outside.len(), GHENT.len());
    let mut file = fs::OpenOptions::new().write(true).open(&plan).unwrap();
    file.write_all(outside).unwrap();
    file.set_modified(modified).unwrap();
    drop(file);
    assert_eq!(fs::metadata(&plan).unwrap().modified().unwrap(), modified);
    assert_eq!(fs::metadata(&plan).unwrap().len(), stamp.len());

    let error = write_file(&plan, GHENT_EDITED, Some(&stamp)).unwrap_err();
    assert!(
        matches!(&error, DiskError::ChangedOnDisk { path } if *path == plan),
        "{error:?}"
    );
    assert_eq!(
        error.to_string(),
        format!(
            "{} changed on disk since it was loaded; reload it, or overwrite it knowingly",
            plan.display()
        )
    );
    assert_eq!(fs::read(&plan).unwrap(), outside);
    assert!(temporary_copies(dir.path(), "ghent.toml").is_empty());

    // Overwriting knowingly works.
    write_file(&plan, GHENT_EDITED, None).unwrap();
    assert_eq!(fs::read(&plan).unwrap(), GHENT_EDITED);
}

#[test]
fn a_changed_size_or_a_removed_plan_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("ghent.toml");
    let stamp = write_file(&plan, GHENT, None).unwrap();

    fs::write(&plan, GHENT_EDITED).unwrap();
    let error = write_file(&plan, b"format = 1\n", Some(&stamp)).unwrap_err();
    assert!(
        matches!(error, DiskError::ChangedOnDisk { .. }),
        "{error:?}"
    );
    assert_eq!(fs::read(&plan).unwrap(), GHENT_EDITED);

    fs::remove_file(&plan).unwrap();
    let error = write_file(&plan, b"format = 1\n", Some(&stamp)).unwrap_err();
    assert!(
        matches!(error, DiskError::ChangedOnDisk { .. }),
        "{error:?}"
    );
    assert!(!plan.exists());
    assert!(temporary_copies(dir.path(), "ghent.toml").is_empty());
}

#[test]
fn a_plan_keeps_its_permissions() {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("ghent.toml");
    fs::write(&plan, GHENT).unwrap();
    fs::set_permissions(&plan, fs::Permissions::from_mode(0o640)).unwrap();

    write_file(&plan, GHENT_EDITED, None).unwrap();
    assert_eq!(mode_of(&plan), 0o640);
    fs::set_permissions(&plan, fs::Permissions::from_mode(0o604)).unwrap();
    let (_, stamp) = read_plan_file(&plan).unwrap();
    write_file(&plan, GHENT, Some(&stamp)).unwrap();
    assert_eq!(mode_of(&plan), 0o604);
    assert_eq!(fs::read(&plan).unwrap(), GHENT);
}

#[test]
fn a_new_plan_gets_the_umask_default() {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("ghent.toml");
    let sibling = dir.path().join("created.toml");
    File::create(&sibling).unwrap();

    write_file(&plan, GHENT, None).unwrap();
    assert_eq!(mode_of(&plan), mode_of(&sibling));
    // Not the owner-only mode of a typical temporary file, under any common
    // umask.
    assert_ne!(mode_of(&plan), 0o600);
}

/// Write through the link `link`, whose target is the plan `plan`, and check
/// the link is still a link to the plan and the plan has the new bytes.
fn assert_saves_through_link(link: &Path, plan: &Path) {
    let link_target = fs::read_link(link).unwrap();
    let (bytes, stamp) = read_plan_file(link).unwrap();
    assert_eq!(bytes, GHENT);

    let written = write_file(link, GHENT_EDITED, Some(&stamp)).unwrap();
    assert!(fs::symlink_metadata(link).unwrap().file_type().is_symlink());
    assert_eq!(fs::read_link(link).unwrap(), link_target);
    assert!(fs::symlink_metadata(plan).unwrap().file_type().is_file());
    assert_eq!(fs::read(plan).unwrap(), GHENT_EDITED);
    assert_eq!(read_plan_file(link).unwrap().1, written);
    assert!(temporary_copies(link.parent().unwrap(), "ghent.toml").is_empty());
}

#[test]
fn a_symlinked_plan_stays_a_link_to_an_absolute_target() {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("store").join("ghent.toml");
    fs::create_dir(plan.parent().unwrap()).unwrap();
    fs::write(&plan, GHENT).unwrap();
    let link = dir.path().join("ghent.toml");
    symlink(&plan, &link).unwrap();

    assert_saves_through_link(&link, &plan);
}

#[test]
fn a_symlinked_plan_stays_a_link_to_a_relative_target() {
    // The link's target is relative to the link's directory, not to the
    // current directory, and a chain of links is followed to its end.
    let dir = tempfile::tempdir().unwrap();
    for sub in ["plans", "store", "store/real"] {
        fs::create_dir(dir.path().join(sub)).unwrap();
    }
    let plan = dir.path().join("store/real/ghent.toml");
    fs::write(&plan, GHENT).unwrap();
    let middle = dir.path().join("store/ghent.toml");
    symlink("real/ghent.toml", &middle).unwrap();
    let link = dir.path().join("plans/ghent.toml");
    symlink("../store/ghent.toml", &link).unwrap();

    assert_saves_through_link(&link, &plan);
    assert_eq!(
        fs::read_link(&middle).unwrap(),
        Path::new("real/ghent.toml")
    );
}

#[test]
fn a_symlinked_plan_loses_its_leftovers_where_it_lives() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join("store")).unwrap();
    let plan = dir.path().join("store/ghent.toml");
    fs::write(&plan, GHENT).unwrap();
    let link = dir.path().join("ghent.toml");
    symlink("store/ghent.toml", &link).unwrap();
    let leftover = dir
        .path()
        .join("store/.ghent.toml.commonplan-999999999-x.tmp");
    fs::write(&leftover, "half").unwrap();

    read_plan_file(&link).unwrap();
    assert!(!leftover.exists());
}

#[test]
fn a_plan_whose_directory_is_a_file_cannot_be_written_and_nothing_moves() {
    let dir = tempfile::tempdir().unwrap();
    let not_a_directory = dir.path().join("plans");
    fs::write(&not_a_directory, GHENT).unwrap();
    let plan = not_a_directory.join("ghent.toml");

    let error = write_file(&plan, GHENT_EDITED, None).unwrap_err();
    assert!(matches!(error, DiskError::Io { .. }), "{error:?}");
    assert!(error.to_string().contains("plans"), "{error}");
    assert!(std::error::Error::source(&error).is_some());
    assert_eq!(fs::read(&not_a_directory).unwrap(), GHENT);
    assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[test]
fn a_read_only_directory_refuses_the_save_and_keeps_the_plan() {
    let dir = tempfile::tempdir().unwrap();
    let plans = dir.path().join("plans");
    fs::create_dir(&plans).unwrap();
    let plan = plans.join("ghent.toml");
    fs::write(&plan, GHENT).unwrap();
    let (_, stamp) = read_plan_file(&plan).unwrap();
    fs::set_permissions(&plans, fs::Permissions::from_mode(0o555)).unwrap();

    // Root writes regardless of permission bits; the test below with a file
    // size limit covers that case.
    if File::create(plans.join("probe")).is_ok() {
        eprintln!("skipped: this user can write in a read-only directory (root?)");
        fs::set_permissions(&plans, fs::Permissions::from_mode(0o755)).unwrap();
        return;
    }
    let result = write_file(&plan, GHENT_EDITED, Some(&stamp));
    fs::set_permissions(&plans, fs::Permissions::from_mode(0o755)).unwrap();

    let error = result.unwrap_err();
    assert_eq!(
        error.to_string(),
        format!(
            "cannot write a temporary file in {}: Permission denied (os error 13)",
            plans.display()
        )
    );
    assert_eq!(fs::read(&plan).unwrap(), GHENT);
    assert!(temporary_copies(&plans, "ghent.toml").is_empty());
}

/// A save that fails half-way through writing its temporary copy: the child
/// runs under a file size limit smaller than the new plan, with `SIGXFSZ`
/// ignored so that the write fails with `EFBIG` instead of killing it. Works
/// as root too.
#[test]
fn a_save_failing_mid_write_keeps_the_plan_and_leaves_no_copy() {
    if let Some(plan) = child_plan() {
        return save_past_the_file_size_limit(&plan);
    }
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("ghent.toml");
    fs::write(&plan, GHENT).unwrap();

    let child = child_test(
        "a_save_failing_mid_write_keeps_the_plan_and_leaves_no_copy",
        &plan,
    );
    // An ignored signal stays ignored across `exec`.
    let output = Command::new("sh")
        .arg("-c")
        .arg("trap '' XFSZ; ulimit -f 8 && exec \"$0\" \"$@\"")
        .arg(child.get_program())
        .args(child.get_args())
        .envs(child.get_envs().filter_map(|(k, v)| Some((k, v?))))
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success() && stdout.contains("1 passed"),
        "{}\n{stdout}\n{}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(fs::read(&plan).unwrap(), GHENT);
    assert!(temporary_copies(dir.path(), "ghent.toml").is_empty());
}

/// The child's part: a save past the file size limit fails with `EFBIG`.
fn save_past_the_file_size_limit(plan: &Path) {
    let (_, stamp) = read_plan_file(plan).unwrap();
    // Well past 8 blocks of 1024 bytes (bash) or 512 bytes (dash).
    let big = "# a long comment line in a plan\n".repeat(4096);
    let error = write_file(plan, big.as_bytes(), Some(&stamp)).unwrap_err();
    let DiskError::Io { source, .. } = &error else {
        panic!("{error:?}");
    };
    assert_eq!(source.raw_os_error(), Some(27), "EFBIG: {error:?}");
    let message = error.to_string();
    assert!(
        message.starts_with("cannot write a temporary file in")
            && message.ends_with("(os error 27)"),
        "{message}"
    );
}

#[test]
fn read_removes_only_leftovers_of_dead_saves_of_this_plan() {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("ghent.toml");
    fs::write(&plan, GHENT).unwrap();
    let dead = ".ghent.toml.commonplan-999999999-x.tmp";
    let alive = format!(".ghent.toml.commonplan-{}-x.tmp", std::process::id());
    let kept = [
        alive.as_str(),
        ".other.tmp",
        ".bologna.toml.commonplan-999999999-x.tmp",
        ".ghent.toml.commonplan-abc-x.tmp",
        ".ghent.toml.commonplan-999999999-x.tmp.bak",
    ];
    for name in kept.iter().chain([&dead]) {
        fs::write(dir.path().join(name), "half a plan").unwrap();
    }
    fs::create_dir(dir.path().join(".ghent.toml.commonplan-999999998-d.tmp")).unwrap();

    let (bytes, _) = read_plan_file(&plan).unwrap();
    assert_eq!(bytes, GHENT);
    assert!(!dir.path().join(dead).exists());
    for name in kept {
        assert!(dir.path().join(name).exists(), "{name} was removed");
    }
    assert!(
        dir.path()
            .join(".ghent.toml.commonplan-999999998-d.tmp")
            .is_dir()
    );
}

#[test]
fn reading_a_missing_plan_says_which() {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("ghent.toml");
    let error = read_plan_file(&plan).unwrap_err();
    assert_eq!(
        error.to_string(),
        format!(
            "cannot read {}: No such file or directory (os error 2)",
            plan.display()
        )
    );
}

/// A small deterministic generator (xorshift64*), for kill moments that are
/// random yet the same on every run.
struct Xorshift(u64);

impl Xorshift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
}

/// About 1 MB of plan-like TOML; `edition` changes every goal's text and the
/// length of the whole.
fn large_plan(edition: &str) -> Vec<u8> {
    let mut text = String::from("format = 1\nname = \"Ghent\"\n");
    let mut goal = 0;
    while text.len() < 1_000_000 {
        text.push_str(&format!(
            "\n[[goals]]\nid = \"food-{goal}\"\ntitle = \"Community kitchen {goal} ({edition})\"\n\
             status = \"active\"\nowner = \"neighbourhood-{}\"\nprogress = {}\n",
            goal % 97,
            goal % 101,
        ));
        goal += 1;
    }
    text.into_bytes()
}

/// Saves of two alternating versions of a 1 MB plan, killed with `SIGKILL`
/// at random moments 20 times: the plan is always exactly one of the two,
/// and the next read removes what the killed save left. The second tier
/// kills 200.
#[test]
fn a_save_killed_at_any_of_twenty_moments_leaves_one_whole_version() {
    if let Some(plan) = child_plan() {
        return save_forever(&plan);
    }
    kill_saves(20);
}

/// [`a_save_killed_at_any_of_twenty_moments_leaves_one_whole_version`], 200
/// times.
#[test]
#[ignore = "second tier: .ci/run runs it"]
fn a_save_killed_at_any_moment_leaves_one_whole_version() {
    kill_saves(200);
}

/// Kill a process that saves over and over `rounds` times, at random
/// moments, and check the plan after each kill.
fn kill_saves(rounds: u32) {
    let started = Instant::now();
    let version_a = large_plan("first draft");
    let version_b = large_plan("second draft, reviewed");
    assert_ne!(version_a.len(), version_b.len());

    // On the project's disk rather than a possibly memory-backed /tmp.
    let dir = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    let plan = dir.path().join("ghent.toml");
    write_file(&plan, &version_a, None).unwrap();

    let mut random = Xorshift(0x9e37_79b9_7f4a_7c15);
    let (mut seen_a, mut seen_b, mut leftovers_seen) = (0, 0, 0);
    for round in 0..rounds {
        let mut saver = child_test(
            "a_save_killed_at_any_of_twenty_moments_leaves_one_whole_version",
            &plan,
        )
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
        // Wait until it saves, so that the kill lands among the saves
        // rather than during the start of the process.
        let mut lines = BufReader::new(saver.stdout.take().unwrap()).lines();
        let ready = lines.any(|line| line.is_ok_and(|line| line.ends_with(SAVER_READY)));
        assert!(ready, "round {round}: the saver never started");

        std::thread::sleep(Duration::from_micros(random.next() % 20_000));
        saver.kill().unwrap();
        let status = saver.wait().unwrap();
        {
            use std::os::unix::process::ExitStatusExt;
            assert_eq!(status.signal(), Some(9), "round {round}: {status}");
        }

        let bytes = fs::read(&plan).unwrap();
        if bytes == version_a {
            seen_a += 1;
        } else if bytes == version_b {
            seen_b += 1;
        } else {
            panic!(
                "round {round}: the plan is neither version ({} bytes)",
                bytes.len()
            );
        }
        if !temporary_copies(dir.path(), "ghent.toml").is_empty() {
            leftovers_seen += 1;
        }
        let (read, _) = read_plan_file(&plan).unwrap();
        assert_eq!(read, bytes);
        let left = temporary_copies(dir.path(), "ghent.toml");
        assert!(left.is_empty(), "round {round}: left behind {left:?}");
    }
    eprintln!(
        "crash test: {rounds} kills in {:.1?}; plan was version A {seen_a} times, \
         B {seen_b} times; a killed save left a temporary copy {leftovers_seen} times",
        started.elapsed()
    );
}

/// The child's part: save the two versions in turn until killed.
fn save_forever(plan: &Path) {
    let versions = [
        large_plan("first draft"),
        large_plan("second draft, reviewed"),
    ];
    println!("{SAVER_READY}");
    std::io::stdout().flush().unwrap();
    for version in versions.iter().cycle() {
        write_file(plan, version, None).unwrap();
    }
}
