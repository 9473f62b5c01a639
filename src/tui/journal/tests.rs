use std::time::{Duration, Instant};

use super::keeper::Keeper;
use super::*;
use crate::edit::{Edit, FieldValue, ItemPath};
use crate::model::Date;
use crate::session::PlanFile;

const GHENT: &str = include_str!("../../../plans/ghent.toml");

fn header(pid: u32, unsaved: bool) -> Header {
    Header {
        format: FORMAT,
        plan: Some("/plans/ghent.toml".to_owned()),
        pid,
        user: "anna".to_owned(),
        host: host(),
        since: 1_739_282_580,
        written: 1_739_282_600,
        unsaved,
        base: Some(Base::of(b"format = 1\n")),
    }
}

/// The pid of a process that has ended.
fn gone_pid() -> u32 {
    let mut child = std::process::Command::new("true").spawn().unwrap();
    let pid = child.id();
    child.wait().unwrap();
    pid
}

fn open(dir: &Path) -> (PathBuf, PlanFile) {
    let plan = dir.join("ghent.toml");
    std::fs::write(&plan, GHENT).unwrap();
    let session = PlanFile::open(&plan, Date::new(2025, 2, 11).unwrap()).unwrap();
    (plan, session)
}

fn edit(session: &mut PlanFile) {
    let edit = Edit::Set {
        item: ItemPath::plan(),
        key: "title".to_owned(),
        value: Some(FieldValue::Text("Edited".to_owned())),
    };
    session.apply(&edit).unwrap();
}

#[test]
fn a_journal_reads_back_as_written() {
    let text = b"format = 1\n[plan]\ncity = \"Ghent\"\n".to_vec();
    let entry = Entry {
        header: header(42, true),
        text: Some(text.clone()),
    };
    let bytes = entry.to_bytes();
    assert!(bytes.starts_with(b"# commonplan journal"));
    assert!(
        bytes.ends_with(&text),
        "the text is kept verbatim at the end"
    );
    assert_eq!(Entry::parse(&bytes), Some(entry));
    // Without unsaved work: the header alone.
    let marker = Entry {
        header: header(42, false),
        text: None,
    };
    let bytes = marker.to_bytes();
    assert!(!String::from_utf8_lossy(&bytes).contains(TEXT_MARKER));
    assert_eq!(Entry::parse(&bytes), Some(marker));
}

#[test]
fn text_holding_the_marker_line_reads_back_whole() {
    let text = format!("a = 1\n{TEXT_MARKER}b = 2\n\u{0}\r\n").into_bytes();
    let entry = Entry {
        header: header(7, true),
        text: Some(text),
    };
    assert_eq!(Entry::parse(&entry.to_bytes()), Some(entry));
}

#[test]
fn what_is_not_a_journal_is_refused() {
    assert_eq!(Entry::parse(b""), None);
    assert_eq!(Entry::parse(b"format = 1\n"), None);
    assert_eq!(Entry::parse(&[0xff, 0xfe, 0x00]), None);
    let mut other = header(1, false);
    other.format = 2;
    let bytes = Entry {
        header: other,
        text: None,
    }
    .to_bytes();
    assert_eq!(Entry::parse(&bytes), None, "another format");
    // A header saying "unsaved" with no text is torn.
    let torn = Entry {
        header: header(1, true),
        text: Some(b"x".to_vec()),
    }
    .to_bytes();
    let cut = &torn[..torn.len() - TEXT_MARKER.len() - 1];
    assert_eq!(Entry::parse(cut), None);
}

#[test]
fn the_hash_is_stable_fnv1a() {
    // The published test vectors of 64-bit FNV-1a.
    assert_eq!(fnv1a(b""), 0xcbf2_9ce4_8422_2325);
    assert_eq!(fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c);
    assert_eq!(fnv1a(b"foobar"), 0x8594_4171_f739_67e8);
    assert_eq!(Base::of(b"a").hash, "af63dc4c8601ec8c");
}

#[test]
fn journal_names_follow_the_plan_and_the_process() {
    let dir = Path::new("/state/journal");
    let ghent = file_for(dir, Some(Path::new("/plans/ghent.toml")), 42);
    let other = file_for(dir, Some(Path::new("/other/ghent.toml")), 42);
    let name = ghent.file_name().unwrap().to_str().unwrap();
    assert!(name.starts_with("ghent.toml-"), "{name}");
    assert!(name.ends_with(".42.journal"), "{name}");
    assert_ne!(ghent, other, "two plans of one name have two journals");
    assert_ne!(
        ghent,
        file_for(dir, Some(Path::new("/plans/ghent.toml")), 43)
    );
    let odd = file_for(dir, Some(Path::new("/p/a b\n/../x;rm.toml")), 1);
    let name = odd.file_name().unwrap().to_str().unwrap();
    assert!(name.starts_with("x_rm.toml-"), "{name}");
    assert_eq!(
        file_for(dir, None, 5).file_name().unwrap(),
        "bundled-example.5.journal"
    );
}

#[test]
fn utc_times_read_as_dates() {
    assert_eq!(utc_time(0), "1970-01-01 00:00 UTC");
    assert_eq!(utc_time(1_739_282_580), "2025-02-11 14:03 UTC");
}

#[test]
fn debounce_writes_changes_at_most_once_a_second_unless_idle() {
    let start = Instant::now();
    let at = |ms: u64| start + Duration::from_millis(ms);
    let mut debounce = Debounce::<u32>::default();
    assert!(
        debounce.due(&1, at(0), false),
        "the first state is written at once"
    );
    debounce.wrote(1, at(0), Duration::from_millis(2));
    assert!(!debounce.due(&1, at(5000), true), "nothing changed");
    // Edits keep coming: the journal waits for the interval.
    assert!(!debounce.due(&2, at(300), false));
    assert!(!debounce.due(&3, at(999), false));
    assert!(debounce.due(&3, at(1000), false));
    // Input pauses: written at once.
    assert!(debounce.due(&2, at(300), true));
    debounce.wrote(2, at(300), Duration::from_millis(2));
    assert!(debounce.is_written(&2));
    assert!(!debounce.is_written(&3));
    // A write that took long spaces the next ones out: nine times as long.
    debounce.wrote(4, at(1000), Duration::from_millis(500));
    assert!(!debounce.due(&5, at(2000), true));
    assert!(!debounce.due(&5, at(5400), false));
    assert!(debounce.due(&5, at(5500), true));
}

#[test]
fn the_keeper_journals_unsaved_work_and_a_save_clears_it() {
    let dir = tempfile::tempdir().unwrap();
    let (_, mut session) = open(dir.path());
    let journals = dir.path().join("journal");
    let mut keeper = Keeper::in_dir(journals.clone(), &session, 77);
    let file = keeper.file();
    assert!(file.starts_with(&journals));
    // Opened: the header alone marks the plan as open.
    assert!(keeper.tick(&session, true).unwrap());
    let entry = Entry::parse(&std::fs::read(&file).unwrap()).unwrap();
    assert_eq!(entry.text, None);
    assert_eq!(entry.header.pid, 77);
    assert_eq!(entry.header.base, Some(Base::of(GHENT.as_bytes())));
    let canonical = std::fs::canonicalize(dir.path().join("ghent.toml")).unwrap();
    assert_eq!(entry.header.plan, Some(canonical.display().to_string()));
    assert!(!keeper.tick(&session, true).unwrap(), "nothing new");
    // An edit: the text as a save would write it.
    edit(&mut session);
    // Written on an idle tick once the last write is far enough behind
    // (nine times as long as it took).
    let started = Instant::now();
    while !keeper.tick(&session, true).unwrap() {
        assert!(started.elapsed() < Duration::from_secs(10), "never written");
        std::thread::sleep(Duration::from_millis(10));
    }
    let entry = Entry::parse(&std::fs::read(&file).unwrap()).unwrap();
    assert_eq!(entry.text, Some(session.to_bytes()));
    assert!(entry.header.unsaved);
    // Saved: no unsaved text left in it.
    assert_eq!(session.save().unwrap(), crate::session::SaveOutcome::Saved);
    assert_eq!(keeper.flush(&session).unwrap(), file);
    let entry = Entry::parse(&std::fs::read(&file).unwrap()).unwrap();
    assert_eq!(entry.text, None);
    assert_eq!(entry.header.base, Some(Base::of(&session.to_bytes())));
    // A clean quit: gone.
    keeper.remove();
    assert!(!file.exists());
}

#[test]
fn orphans_are_journals_with_unsaved_work_of_processes_gone() {
    let dir = tempfile::tempdir().unwrap();
    let (_, mut session) = open(dir.path());
    let journals = dir.path().join("journal");
    let gone = gone_pid();
    let mut earlier = Keeper::in_dir(journals.clone(), &session, gone);
    edit(&mut session);
    let left = earlier.flush(&session).unwrap();
    // A marker without unsaved work, also left by a process now gone.
    let (_, clean) = open(dir.path());
    let stale_pid = gone_pid();
    let mut stale = Keeper::in_dir(journals.clone(), &clean, stale_pid);
    let stale_file = stale.flush(&clean).unwrap();
    assert!(stale_file.exists());

    let now = Keeper::in_dir(journals.clone(), &clean, std::process::id());
    let orphans = now.orphans();
    assert_eq!(orphans.len(), 1, "{orphans:?}");
    assert_eq!(orphans[0].0, left);
    assert_eq!(orphans[0].1.text, Some(session.to_bytes()));
    assert!(!stale_file.exists(), "a stale marker is tidied away");
    // The UI's own journal is never an orphan.
    let mut mine = Keeper::in_dir(journals, &session, std::process::id());
    mine.flush(&session).unwrap();
    assert_eq!(now.orphans().len(), 1);
}

#[test]
fn recovering_makes_the_journal_text_unsaved_work_over_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let (plan, mut session) = open(dir.path());
    edit(&mut session);
    let text = session.to_bytes();
    let (_, mut fresh) = open(dir.path());
    assert!(!fresh.is_dirty());
    fresh
        .recover(&text, Date::new(2025, 2, 11).unwrap())
        .unwrap();
    assert!(fresh.is_dirty());
    assert_eq!(fresh.to_bytes(), text);
    assert_eq!(fresh.document().plan().plan.title, "Edited");
    assert_eq!(std::fs::read_to_string(&plan).unwrap(), GHENT);
    assert!(
        fresh
            .recover(b"[[[", Date::new(2025, 2, 11).unwrap())
            .is_err()
    );
    assert_eq!(
        fresh.to_bytes(),
        text,
        "text that does not load changes nothing"
    );
    assert_eq!(fresh.save().unwrap(), crate::session::SaveOutcome::Saved);
    assert!(!fresh.is_dirty());
    assert_eq!(std::fs::read(&plan).unwrap(), text);
}

#[test]
fn the_journal_follows_a_new_file() {
    let dir = tempfile::tempdir().unwrap();
    let document =
        crate::document::PlanDocument::load(GHENT.as_bytes(), Date::new(2025, 2, 11).unwrap())
            .unwrap();
    let mut session = PlanFile::unsaved(document);
    let journals = dir.path().join("journal");
    let mut keeper = Keeper::in_dir(journals, &session, 9);
    edit(&mut session);
    let example = keeper.flush(&session).unwrap();
    assert!(example.ends_with("bundled-example.9.journal"));
    let saved = session.save_as(dir.path().join("mine.toml"), false);
    assert_eq!(saved.unwrap(), crate::session::SaveOutcome::Saved);
    let file = keeper.flush(&session).unwrap();
    assert!(!example.exists(), "the example's journal moved");
    let name = file.file_name().unwrap().to_str().unwrap();
    assert!(name.starts_with("mine.toml-"), "{name}");
}
