//! The locks: who holds them, waiting, stale holders.

use std::fs;
use std::time::{Duration, Instant, SystemTime};

use super::*;

fn plan_in(dir: &tempfile::TempDir) -> PathBuf {
    let plan = dir.path().join("ghent.toml");
    fs::write(&plan, "format = 1\n").expect("writes the plan");
    plan
}

/// The id of a process that has ended.
fn dead_pid() -> u32 {
    let mut child = std::process::Command::new("true")
        .spawn()
        .expect("runs true");
    let pid = child.id();
    child.wait().expect("waits for true");
    pid
}

#[test]
fn a_holder_reads_back_from_its_text() {
    let holder = Holder {
        pid: 1234,
        user: "ana".to_owned(),
        host: "laptop".to_owned(),
        since: SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000),
    };
    assert_eq!(Holder::parse(&holder.to_text()), Some(holder.clone()));
    assert_eq!(
        holder.describe(),
        "pid 1234, ana@laptop, since 2023-11-14 22:13 UTC"
    );
    assert_eq!(Holder::parse("pid=12\nuser=ana\n"), None);
    assert_eq!(Holder::parse(""), None);
}

#[test]
fn a_second_claim_is_told_who_holds_the_plan() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let plan = plan_in(&dir);
    let Claim::Claimed(first) = EditingLock::claim(&plan).expect("claims") else {
        panic!("the plan was free");
    };
    assert!(first.is_held());
    let lock_file = dir.path().join(".ghent.toml.commonplan-open");
    assert!(lock_file.exists());

    let holder = EditingLock::holder(&plan)
        .expect("asks")
        .expect("someone holds it");
    assert_eq!(holder.pid, std::process::id());
    assert_eq!(holder.host, current_host());
    assert!(holder.since <= SystemTime::now());
    match EditingLock::claim(&plan).expect("claims") {
        Claim::HeldBy(other) => assert_eq!(other, holder),
        Claim::Claimed(_) => panic!("claimed a plan held by another"),
    }

    drop(first);
    assert!(!lock_file.exists(), "letting go removes the lock file");
    assert_eq!(EditingLock::holder(&plan).expect("asks"), None);
    assert!(matches!(
        EditingLock::claim(&plan).expect("claims"),
        Claim::Claimed(_)
    ));
}

#[test]
fn a_lock_file_left_by_a_killed_process_holds_nothing() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let plan = plan_in(&dir);
    let lock_file = dir.path().join(".ghent.toml.commonplan-open");
    let left = Holder {
        pid: dead_pid(),
        ..Holder::current()
    };
    fs::write(&lock_file, left.to_text()).expect("writes the lock file");

    assert_eq!(EditingLock::holder(&plan).expect("asks"), None);
    let Claim::Claimed(lock) = EditingLock::claim(&plan).expect("claims") else {
        panic!("a left lock file held the plan");
    };
    let now = EditingLock::holder(&plan).expect("asks").expect("held");
    assert_eq!(now.pid, std::process::id());
    drop(lock);
}

#[test]
fn a_lock_held_in_the_name_of_a_dead_process_is_broken() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let plan = plan_in(&dir);
    let lock_file = dir.path().join(".ghent.toml.commonplan-open");
    // A descriptor that outlived its process (a child kept it): the lock is
    // held, in the name of a process of this host that has ended.
    let mut kept = open_lock_file(&lock_file).expect("makes the lock file");
    kept.try_lock().expect("locks it");
    let dead = Holder {
        pid: dead_pid(),
        ..Holder::current()
    };
    kept.write_all(dead.to_text().as_bytes()).expect("writes");

    assert_eq!(EditingLock::holder(&plan).expect("asks"), None);
    let Claim::Claimed(lock) = EditingLock::claim(&plan).expect("claims") else {
        panic!("a stale holder kept the plan");
    };
    assert!(lock.is_held());
    let now = EditingLock::holder(&plan).expect("asks").expect("held");
    assert_eq!(now.pid, std::process::id());
    drop(kept);
}

#[test]
fn a_holder_on_another_host_is_not_judged_by_our_processes() {
    let other = Holder {
        pid: dead_pid(),
        host: format!("not-{}", current_host()),
        ..Holder::current()
    };
    assert!(!other.is_stale());
    let here = Holder {
        pid: dead_pid(),
        ..Holder::current()
    };
    assert!(here.is_stale());
    assert!(!Holder::current().is_stale());
}

#[test]
fn a_writer_waits_for_the_lock_and_says_whom_it_waited_for() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let plan = plan_in(&dir);
    let first = WriteLock::acquire(&plan).expect("locks");
    assert!(first.is_held());
    assert!(first.waited_for().is_none());

    let error =
        WriteLock::acquire_within(&plan, Duration::from_millis(100)).expect_err("the lock is held");
    let DiskError::Locked { holder, .. } = &error else {
        panic!("{error:?}");
    };
    assert_eq!(holder.as_ref().map(|h| h.pid), Some(std::process::id()));
    let message = error.to_string();
    assert!(
        message.contains("is being written by another commonplan (pid "),
        "{message}"
    );

    let started = Instant::now();
    let second = std::thread::scope(|scope| {
        scope.spawn(move || {
            std::thread::sleep(Duration::from_millis(200));
            drop(first);
        });
        WriteLock::acquire_within(&plan, Duration::from_secs(5)).expect("locks once free")
    });
    assert!(started.elapsed() >= Duration::from_millis(150));
    assert_eq!(second.waited_for().map(|h| h.pid), Some(std::process::id()));
}

#[test]
fn where_no_lock_file_can_be_made_the_write_goes_on_unlocked() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let plan = dir.path().join("missing").join("ghent.toml");
    let lock = WriteLock::acquire(&plan).expect("does not fail");
    assert!(!lock.is_held());
}
