//! Around the plan file: what commonplan does when the world around the
//! file is not as expected. Two writers at once lose nothing; an output
//! never replaces a FIFO, a device or the plan itself; a read-only plan is
//! refused; a hard link keeps sharing the plan and extended attributes
//! survive a save; only regular files of bounded size are read.
//!
//! These run the real binary, as a person or a script would.

use std::ffi::CString;
use std::fs;
use std::io::Read;
use std::os::unix::fs::{FileTypeExt, MetadataExt, PermissionsExt, symlink};
use std::path::{Path, PathBuf};
use std::process::Command as StdCommand;
use std::time::{Duration, Instant};

use assert_cmd::Command;
use commonplan::disk::WriteLock;
use predicates::prelude::*;

fn commonplan() -> Command {
    let mut command = Command::cargo_bin("commonplan").expect("the binary is built");
    command
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("NO_COLOR")
        .env_remove("COMMONPLAN_MAX_PLAN_BYTES");
    command
}

fn ghent_text() -> String {
    fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("plans/ghent.toml")).unwrap()
}

/// A copy of the Ghent plan in a temporary directory.
fn ghent_copy() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ghent.toml");
    fs::write(&path, ghent_text()).unwrap();
    (dir, path)
}

/// The Ghent plan with `count` more goals for each of the writers `a` and
/// `b`: `race-a-0`, `race-b-0`, …
fn race_plan(count: usize) -> (tempfile::TempDir, PathBuf) {
    let (dir, path) = ghent_copy();
    let mut text = ghent_text();
    for writer in ["a", "b"] {
        for i in 0..count {
            text.push_str(&format!(
                "\n[[goals]]\nid = \"race-{writer}-{i}\"\ntitle = \"Untouched\"\n\
                 theme = \"governance\"\nstatus = \"idea\"\n"
            ));
        }
    }
    fs::write(&path, text).unwrap();
    (dir, path)
}

#[test]
fn two_writer_loops_lose_no_set() {
    const SETS: usize = 100;
    let (_dir, plan) = race_plan(SETS);
    let started = Instant::now();
    let (made_again, failures) = std::thread::scope(|scope| {
        let loops: Vec<_> = ["a", "b"]
            .into_iter()
            .map(|writer| {
                let plan = &plan;
                scope.spawn(move || {
                    let mut made_again = 0;
                    let mut failures = Vec::new();
                    for i in 0..SETS {
                        let output = commonplan()
                            .arg("set")
                            .arg(plan)
                            .arg(format!("goals.race-{writer}-{i}.title"))
                            .arg(format!("Set by {writer} {i}"))
                            .output()
                            .unwrap();
                        let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
                        if !output.status.success() {
                            failures.push(stderr.clone());
                        }
                        if stderr.contains("the edit was made again on its new text") {
                            made_again += 1;
                        }
                    }
                    (made_again, failures)
                })
            })
            .collect();
        loops
            .into_iter()
            .map(|l| l.join().unwrap())
            .fold((0, Vec::new()), |(n, mut f), (m, g)| {
                f.extend(g);
                (n + m, f)
            })
    });
    assert_eq!(failures, Vec::<String>::new());

    let text = fs::read_to_string(&plan).unwrap();
    let present = ["a", "b"]
        .iter()
        .flat_map(|w| (0..SETS).map(move |i| format!("title = \"Set by {w} {i}\"")))
        .filter(|line| text.contains(line.as_str()))
        .count();
    eprintln!(
        "{} sets in {:.1} s, {made_again} made again on a newer text, {present} present",
        2 * SETS,
        started.elapsed().as_secs_f64()
    );
    assert_eq!(present, 2 * SETS, "every set is in the plan");
    assert!(!text.contains("Untouched"));
    let lock = plan.with_file_name(".ghent.toml.commonplan-lock");
    assert!(!lock.exists(), "the lock file is removed once let go");
}

#[test]
fn a_writer_waits_for_the_lock_and_then_writes() {
    let (_dir, plan) = ghent_copy();
    let lock = WriteLock::acquire(&plan).unwrap();
    let started = Instant::now();
    std::thread::scope(|scope| {
        scope.spawn(move || {
            std::thread::sleep(Duration::from_millis(800));
            drop(lock);
        });
        commonplan()
            .args(["set"])
            .arg(&plan)
            .args(["plan.title", "Waited for"])
            .assert()
            .success();
    });
    assert!(started.elapsed() >= Duration::from_millis(700));
    assert!(
        fs::read_to_string(&plan)
            .unwrap()
            .contains("title = \"Waited for\"")
    );
}

fn make_fifo(path: &Path) {
    let name = CString::new(path.as_os_str().as_encoded_bytes()).unwrap();
    // SAFETY: `name` is a valid C string that outlives the call.
    let result = unsafe { libc::mkfifo(name.as_ptr(), 0o644) };
    assert_eq!(result, 0, "mkfifo {}", path.display());
}

#[test]
fn an_export_into_a_fifo_writes_it_and_leaves_it_a_fifo() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("report.json");
    make_fifo(&fifo);
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || {
            let mut text = String::new();
            fs::File::open(&fifo)
                .unwrap()
                .read_to_string(&mut text)
                .unwrap();
            text
        })
    };
    commonplan()
        .args(["export", "plans/ghent.toml", "-f", "json", "-o"])
        .arg(&fifo)
        .assert()
        .success();
    let text = reader.join().unwrap();
    assert!(
        text.starts_with('{') && text.contains("\"Ghent\""),
        "{text}"
    );
    assert!(fs::metadata(&fifo).unwrap().file_type().is_fifo());
    assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[test]
fn an_export_to_dev_stdout_or_dash_goes_into_the_pipe() {
    for output in ["/dev/stdout", "-"] {
        commonplan()
            .args(["export", "plans/ghent.toml", "-f", "json", "-o", output])
            .assert()
            .success()
            .stdout(predicate::str::starts_with("{"));
    }
}

#[test]
fn an_export_to_a_character_device_writes_into_it() {
    commonplan()
        .args([
            "export",
            "plans/ghent.toml",
            "-f",
            "json",
            "-o",
            "/dev/null",
        ])
        .assert()
        .success();
    assert!(
        fs::metadata("/dev/null")
            .unwrap()
            .file_type()
            .is_char_device()
    );
}

#[test]
fn an_export_over_the_plan_itself_is_refused_through_any_link() {
    let (dir, plan) = ghent_copy();
    let before = fs::read(&plan).unwrap();
    let hard = dir.path().join("hard-link.json");
    fs::hard_link(&plan, &hard).unwrap();
    let soft = dir.path().join("soft-link.json");
    symlink(&plan, &soft).unwrap();

    for (output, force) in [(&plan, true), (&hard, false), (&soft, false)] {
        let mut command = commonplan();
        command
            .args(["export", "-f", "json"])
            .arg(&plan)
            .arg("-o")
            .arg(output);
        if force {
            command.arg("--force");
        }
        command.assert().failure().stderr(predicate::str::contains(
            "itself; write the output to another file",
        ));
        assert_eq!(fs::read(&plan).unwrap(), before, "{}", output.display());
    }
    assert!(
        fs::symlink_metadata(&soft)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(fs::metadata(&plan).unwrap().nlink(), 2);
}

#[test]
fn an_export_replaces_a_toml_file_only_with_force() {
    let (dir, plan) = ghent_copy();
    let other = dir.path().join("bologna.toml");
    fs::write(&other, "format = 1\n").unwrap();
    commonplan()
        .args(["export", "-f", "json"])
        .arg(&plan)
        .arg("-o")
        .arg(&other)
        .assert()
        .failure()
        .stderr(predicate::str::contains("is a TOML file, perhaps a plan"))
        .stderr(predicate::str::contains("--force"));
    assert_eq!(fs::read_to_string(&other).unwrap(), "format = 1\n");

    commonplan()
        .args(["export", "-f", "json", "--force"])
        .arg(&plan)
        .arg("-o")
        .arg(&other)
        .assert()
        .success();
    assert!(fs::read_to_string(&other).unwrap().starts_with('{'));
}

/// Whether this process runs as root, which writes any file regardless of
/// its permission bits.
fn is_root() -> bool {
    // SAFETY: geteuid has no preconditions.
    unsafe { libc::geteuid() == 0 }
}

/// A command that runs the binary as an ordinary user: as ourselves when we
/// are not root, else as `nobody` through `setpriv` when it is there.
/// `None` when neither can be had.
fn as_ordinary_user() -> Option<StdCommand> {
    let binary = assert_cmd::cargo::cargo_bin("commonplan");
    if !is_root() {
        return Some(StdCommand::new(binary));
    }
    let probe = StdCommand::new("setpriv")
        .args(["--reuid=65534", "--regid=65534", "--clear-groups"])
        .arg(&binary)
        .arg("--version")
        .output()
        .ok()?;
    if !probe.status.success() {
        return None;
    }
    let mut command = StdCommand::new("setpriv");
    command
        .args(["--reuid=65534", "--regid=65534", "--clear-groups"])
        .arg(binary);
    Some(command)
}

#[test]
fn a_read_only_plan_is_refused_unless_forced() {
    // Root writes any file whatever its permission bits, so as root the
    // commands run as `nobody`; where that cannot be done, this is skipped.
    let Some(_) = as_ordinary_user() else {
        eprintln!("skipped: running as root, and setpriv cannot run the binary as nobody");
        return;
    };
    let (dir, plan) = ghent_copy();
    fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o777)).unwrap();
    fs::set_permissions(&plan, fs::Permissions::from_mode(0o444)).unwrap();
    let before = fs::read(&plan).unwrap();

    let refused = as_ordinary_user()
        .unwrap()
        .arg("set")
        .arg(&plan)
        .args(["plan.title", "Read-only"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert_eq!(refused.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("is read-only"), "{stderr}");
    assert!(stderr.contains("--force"), "{stderr}");
    assert_eq!(fs::read(&plan).unwrap(), before);

    let export = dir.path().join("report.json");
    fs::write(&export, "old").unwrap();
    fs::set_permissions(&export, fs::Permissions::from_mode(0o444)).unwrap();
    let refused = as_ordinary_user()
        .unwrap()
        .args(["export", "-f", "json"])
        .arg(&plan)
        .arg("-o")
        .arg(&export)
        .output()
        .unwrap();
    assert_eq!(refused.status.code(), Some(2));
    assert_eq!(fs::read_to_string(&export).unwrap(), "old");

    let forced = as_ordinary_user()
        .unwrap()
        .arg("set")
        .arg(&plan)
        .args(["plan.title", "Read-only", "--force"])
        .output()
        .unwrap();
    assert!(
        forced.status.success(),
        "{}",
        String::from_utf8_lossy(&forced.stderr)
    );
    assert!(
        fs::read_to_string(&plan)
            .unwrap()
            .contains("title = \"Read-only\"")
    );
    assert_eq!(
        fs::metadata(&plan).unwrap().permissions().mode() & 0o777,
        0o444
    );
}

#[test]
fn a_hard_link_still_shares_the_saved_plan() {
    let (dir, plan) = ghent_copy();
    let link = dir.path().join("shared.toml");
    fs::hard_link(&plan, &link).unwrap();
    commonplan()
        .arg("set")
        .arg(&plan)
        .args(["plan.title", "Shared"])
        .assert()
        .success();
    let through_link = fs::read_to_string(&link).unwrap();
    assert!(through_link.contains("title = \"Shared\""));
    assert_eq!(through_link, fs::read_to_string(&plan).unwrap());
    assert_eq!(fs::metadata(&plan).unwrap().nlink(), 2);
    let mut names: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["ghent.toml", "shared.toml"], "no backup left");
}

#[test]
fn extended_attributes_survive_a_save() {
    use rustix::fs::{XattrFlags, getxattr, setxattr};
    let (_dir, plan) = ghent_copy();
    if let Err(error) = setxattr(&plan, "user.commonplan.test", b"kept", XattrFlags::empty()) {
        eprintln!("skipped: this file system keeps no user extended attributes ({error})");
        return;
    }
    let inode = fs::metadata(&plan).unwrap().ino();
    commonplan()
        .arg("set")
        .arg(&plan)
        .args(["plan.title", "Labelled"])
        .assert()
        .success();
    assert_ne!(
        fs::metadata(&plan).unwrap().ino(),
        inode,
        "the save renamed a new copy"
    );
    let mut value = [0_u8; 16];
    let len = getxattr(&plan, "user.commonplan.test", &mut value[..]).unwrap();
    assert_eq!(&value[..len], b"kept");
}

/// Run `check PATH` and give what it said (it must exit 2) and its own
/// largest resident size, in bytes: waited for by its process id, so no
/// other test's child counts.
#[expect(
    clippy::zombie_processes,
    reason = "the child is reaped by wait4 below, which gives its own resource usage"
)]
fn check_with_its_peak_memory(path: &Path) -> (String, u64) {
    let mut child = StdCommand::new(env!("CARGO_BIN_EXE_commonplan"))
        .arg("check")
        .arg(path)
        .env_remove("COMMONPLAN_MAX_PLAN_BYTES")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut said = String::new();
    child
        .stdout
        .take()
        .unwrap()
        .read_to_string(&mut said)
        .unwrap();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut said)
        .unwrap();
    let mut status = 0;
    // SAFETY: `usage` is a valid rusage for wait4 to fill; the child is
    // ours and not yet waited for.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let waited = unsafe { libc::wait4(child.id() as libc::pid_t, &mut status, 0, &mut usage) };
    assert_eq!(waited, child.id() as libc::pid_t);
    assert!(
        libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 2,
        "{said}"
    );
    // Linux gives kilobytes.
    (said, usage.ru_maxrss as u64 * 1024)
}

/// Run `command`, which must exit 2, and give what it said on standard
/// output and standard error together.
fn said_failing(command: &mut Command) -> String {
    let output = command.output().unwrap();
    assert_eq!(output.status.code(), Some(2), "{output:?}");
    let mut said = String::from_utf8_lossy(&output.stdout).into_owned();
    said.push_str(&String::from_utf8_lossy(&output.stderr));
    said
}

#[test]
fn check_reads_only_regular_files_of_bounded_size() {
    let started = Instant::now();
    let said = said_failing(commonplan().args(["check", "/dev/zero"]));
    assert!(
        said.contains("cannot read /dev/zero: it is a character device, not a regular file"),
        "{said}"
    );

    let dir = tempfile::tempdir().unwrap();
    let huge = dir.path().join("huge.toml");
    fs::File::create(&huge).unwrap().set_len(1 << 30).unwrap();
    let (said, peak) = check_with_its_peak_memory(&huge);
    assert!(
        said.contains("it is larger than 256 MiB, the most a plan may be"),
        "{said}"
    );
    assert!(said.contains("COMMONPLAN_MAX_PLAN_BYTES"), "{said}");
    assert!(started.elapsed() < Duration::from_secs(20));
    // Reading the gigabyte would have taken a gigabyte; the check stays
    // far below. (Its peak starts from this test process's own size, which
    // it was started from: some hundred megabytes while the other tests
    // run.)
    assert!(peak < 600 << 20, "{peak} bytes");

    let fifo = dir.path().join("fifo.toml");
    make_fifo(&fifo);
    let said = said_failing(
        commonplan()
            .arg("check")
            .arg(&fifo)
            .timeout(Duration::from_secs(20)),
    );
    assert!(said.contains("it is a FIFO, not a regular file"), "{said}");
    let said = said_failing(commonplan().arg("check").arg(dir.path()));
    assert!(
        said.contains("it is a directory, not a regular file"),
        "{said}"
    );
}

#[test]
fn the_size_cap_is_set_by_the_environment() {
    let said = said_failing(
        commonplan()
            .args(["check", "plans/ghent.toml"])
            .env("COMMONPLAN_MAX_PLAN_BYTES", "1K"),
    );
    assert!(said.contains("larger than 1 KiB"), "{said}");
    commonplan()
        .args(["check", "plans/ghent.toml"])
        .env("COMMONPLAN_MAX_PLAN_BYTES", "64M")
        .assert()
        .success();
    let said = said_failing(
        commonplan()
            .args(["check", "plans/ghent.toml"])
            .env("COMMONPLAN_MAX_PLAN_BYTES", "lots"),
    );
    assert!(
        said.contains("COMMONPLAN_MAX_PLAN_BYTES is `lots`, which is not a size"),
        "{said}"
    );
}
