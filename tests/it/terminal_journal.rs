//! The journal of unsaved work, end to end, in the real binary in a
//! pseudo-terminal (`support/pty.rs`): a TERM or a HUP with unsaved edits
//! leaves a journal and a restored terminal and exits 143 or 129; the next
//! start offers the work back (recover, compare, discard); a save and a
//! clean quit take the journal away; a second UI on the same plan opens
//! read-only and says who has it open.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::support::pty::{Key, Launch, Pty, Sandbox, TIMEOUT};

const GHENT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/plans/ghent.toml");

/// The line a journal's unsaved text follows.
const TEXT_MARKER: &str = "# ---- the unsaved text of the plan follows ----\n";

fn open(sandbox: &Sandbox, plan: &Path) -> Pty {
    Launch::new(sandbox).arg(plan).size(100, 30).start()
}

/// The journals in the sandbox's state directory, with their contents.
fn journals(sandbox: &Sandbox) -> Vec<(PathBuf, String)> {
    let dir = sandbox.state_dir().join("commonplan/journal");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Vec::new();
    };
    entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "journal"))
        .map(|p| {
            let text = std::fs::read_to_string(&p).unwrap();
            (p, text)
        })
        .collect()
}

/// Wait until the sandbox's journals satisfy `ready`.
fn wait_journals(sandbox: &Sandbox, what: &str, ready: impl Fn(&[(PathBuf, String)]) -> bool) {
    let started = Instant::now();
    loop {
        let found = journals(sandbox);
        if ready(&found) {
            return;
        }
        assert!(
            started.elapsed() < TIMEOUT,
            "waiting for {what}; the journals: {found:?}"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// The goal and the two statuses of "goal `id`: from → to".
fn status_change(screen: &str) -> (String, String, String) {
    let rest = screen.split("goal `").nth(1).expect("a status change");
    let (id, rest) = rest.split_once("`: ").expect("a status change");
    let (from, to) = rest
        .lines()
        .next()
        .unwrap()
        .split_once(" → ")
        .expect("a status change");
    (id.to_owned(), from.trim().to_owned(), to.trim().to_owned())
}

/// The goal `id`'s status line in `text`.
fn status_of(text: &str, id: &str) -> String {
    let at = text
        .find(&format!("id = \"{id}\""))
        .unwrap_or_else(|| panic!("no goal {id}"));
    text[at..]
        .lines()
        .find(|l| l.starts_with("status = "))
        .unwrap()
        .to_owned()
}

/// Open the plan, press `2` then `>`, and end the program with `signal`:
/// it exits with `code`, the terminal as it was, and a journal holding the
/// edit. Returns the change made.
fn edit_then_signal(sandbox: &Sandbox, plan: &Path, signal: i32, code: u32) -> (String, String) {
    let mut pty = open(sandbox, plan);
    pty.wait_for("Commons Transition Plan");
    pty.press(Key::Char('2'));
    pty.wait_for("Goals (");
    pty.press(Key::Char('>'));
    let (id, _, to) = status_change(&pty.wait_for("goal `"));
    pty.signal(signal);
    assert_eq!(pty.wait_exit(), code);

    // The terminal is given back: the last modes set are the ones a shell
    // expects, and the output ends with leaving the alternate screen and
    // mouse reporting, then plain text (what became of the work).
    assert_eq!(pty.left_on(), Vec::<&str>::new());
    let output = pty.output();
    let last = |needle: &[u8]| output.windows(needle.len()).rposition(|w| w == needle);
    let left = last(b"\x1b[?1049l").expect("the alternate screen was left");
    assert!(last(b"\x1b[?1049h").unwrap() < left);
    let mouse_off = last(b"\x1b[?1000l").expect("mouse reporting was turned off");
    assert!(last(b"\x1b[?1000h").unwrap() < mouse_off);
    assert!(
        mouse_off < left,
        "mouse reporting is off before the screen is left"
    );
    let after = &output[left + b"\x1b[?1049l".len()..];
    assert!(
        !after.contains(&0x1b),
        "escape sequences after the restore: {:?}",
        String::from_utf8_lossy(after)
    );
    let said = String::from_utf8_lossy(after);
    assert!(said.contains("unsaved work is kept in"), "{said}");

    let found = journals(sandbox);
    assert_eq!(found.len(), 1, "{found:?}");
    let (_, text) = &found[0];
    let (_, kept) = text.split_once(TEXT_MARKER).expect("the unsaved text");
    assert_eq!(status_of(kept, &id), format!("status = \"{to}\""));
    (id, to)
}

#[test]
fn term_keeps_the_edit_and_the_next_start_recovers_it() {
    let (sandbox, plan) = Sandbox::with_plan(GHENT, "ghent.toml");
    let original = std::fs::read_to_string(&plan).unwrap();
    let (id, to) = edit_then_signal(&sandbox, &plan, libc::SIGTERM, 143);
    assert_eq!(std::fs::read_to_string(&plan).unwrap(), original);

    let mut pty = open(&sandbox, &plan);
    pty.wait_for("Unsaved work");
    let screen = pty.wait_for("r recover");
    assert!(screen.contains("d discard"), "{screen}");
    pty.press(Key::Char('r'));
    let screen = pty.wait_for("recovered the unsaved work");
    assert!(screen.contains("[+]"), "the edit is not unsaved:\n{screen}");
    assert_eq!(std::fs::read_to_string(&plan).unwrap(), original);
    // The old journal went; this run keeps its own with the same work.
    wait_journals(&sandbox, "this run's journal of the work", |found| {
        found.len() == 1
            && found[0]
                .1
                .split_once(TEXT_MARKER)
                .is_some_and(|(_, t)| status_of(t, &id) == format!("status = \"{to}\""))
    });
    pty.press(Key::Ctrl('s'));
    pty.wait_for("saved ghent.toml");
    let saved = std::fs::read_to_string(&plan).unwrap();
    assert_eq!(status_of(&saved, &id), format!("status = \"{to}\""));
    pty.press(Key::Char('q'));
    assert_eq!(pty.wait_exit(), 0);
    assert_eq!(journals(&sandbox), vec![], "a clean quit leaves no journal");
}

#[test]
fn hup_keeps_the_edit_and_the_next_start_compares_then_discards() {
    let (sandbox, plan) = Sandbox::with_plan(GHENT, "ghent.toml");
    let original = std::fs::read_to_string(&plan).unwrap();
    let (id, to) = edit_then_signal(&sandbox, &plan, libc::SIGHUP, 129);

    let mut pty = open(&sandbox, &plan);
    pty.wait_for("Unsaved work");
    pty.press(Key::Char('C'));
    let screen = pty.wait_for("Unsaved work from");
    assert!(
        screen.contains(&id),
        "the comparison names the goal:\n{screen}"
    );
    assert!(
        screen.contains(&to),
        "the comparison shows the status:\n{screen}"
    );
    pty.press(Key::Char('d'));
    pty.wait_for("discarded the unsaved work");
    assert_eq!(
        journals(&sandbox)
            .iter()
            .filter(|(_, text)| text.contains(TEXT_MARKER))
            .count(),
        0,
        "the journal with the work is gone"
    );
    pty.press(Key::Char('q'));
    assert_eq!(pty.wait_exit(), 0, "nothing unsaved: no question");
    assert_eq!(std::fs::read_to_string(&plan).unwrap(), original);
    assert_eq!(journals(&sandbox), vec![]);
}

#[test]
fn a_save_takes_the_unsaved_text_out_of_the_journal() {
    let (sandbox, plan) = Sandbox::with_plan(GHENT, "ghent.toml");
    let mut pty = open(&sandbox, &plan);
    pty.wait_for("Commons Transition Plan");
    pty.type_text("2>");
    pty.wait_for("goal `");
    wait_journals(&sandbox, "the edit in the journal", |found| {
        found.len() == 1 && found[0].1.contains(TEXT_MARKER)
    });
    pty.press(Key::Ctrl('s'));
    pty.wait_for("saved ghent.toml");
    wait_journals(&sandbox, "no unsaved text after the save", |found| {
        found.len() == 1 && !found[0].1.contains(TEXT_MARKER)
    });
    // A signal now keeps nothing: there is nothing unsaved.
    pty.signal(libc::SIGTERM);
    assert_eq!(pty.wait_exit(), 143);
    assert_eq!(journals(&sandbox), vec![]);
    let mut pty = open(&sandbox, &plan);
    let screen = pty.wait_for("Commons Transition Plan");
    assert!(!screen.contains("Unsaved work"), "{screen}");
    pty.press(Key::Char('q'));
    assert_eq!(pty.wait_exit(), 0);
}

#[test]
fn a_second_ui_on_the_plan_opens_read_only_and_says_who_has_it() {
    let (sandbox, plan) = Sandbox::with_plan(GHENT, "ghent.toml");
    let original = std::fs::read_to_string(&plan).unwrap();
    let mut first = open(&sandbox, &plan);
    first.wait_for("Commons Transition Plan");
    wait_journals(&sandbox, "the first UI's journal", |found| found.len() == 1);

    let mut second = Launch::new(&sandbox).arg(&plan).size(120, 30).start();
    let screen = second.wait_for("is open in another commonplan");
    assert!(
        screen.contains("read-only: ghent.toml is open in another commonplan (pid "),
        "{screen}"
    );
    assert!(screen.contains("[RO]"), "no read-only mark:\n{screen}");
    second.type_text("2>");
    let screen = second.wait_for("not changed:");
    assert!(!screen.contains("[+]"), "{screen}");
    assert!(screen.contains("--read-write"), "{screen}");
    second.press(Key::Ctrl('s'));
    second.wait_for("not saved:");
    second.press(Key::Char('q'));
    assert_eq!(second.wait_exit(), 0);
    assert_eq!(std::fs::read_to_string(&plan).unwrap(), original);
    // The first UI's journal is its own still.
    assert_eq!(journals(&sandbox).len(), 1);

    // Asked to, a second UI edits all the same.
    let mut forced = Launch::new(&sandbox).arg(&plan).arg("--read-write").start();
    let screen = forced.wait_for("Commons Transition Plan");
    assert!(!screen.contains("[RO]"), "{screen}");
    forced.type_text("2>");
    let screen = forced.wait_for("goal `");
    assert!(screen.contains("[+]"), "{screen}");
    forced.type_text("qd");
    assert_eq!(forced.wait_exit(), 0);

    first.press(Key::Char('q'));
    assert_eq!(first.wait_exit(), 0);
    assert_eq!(journals(&sandbox), vec![]);
}

/// Closing the terminal for real (the window closed, the SSH session
/// dropped): the kernel sends the program SIGHUP, and writing to the
/// terminal fails from then on. The edit is kept all the same, and the
/// program exits 129 rather than panicking on the terminal that is gone.
#[test]
fn closing_the_terminal_keeps_the_edit() {
    use std::io::{Read, Write};
    let (sandbox, plan) = Sandbox::with_plan(GHENT, "ghent.toml");
    let pair = portable_pty::native_pty_system()
        .openpty(portable_pty::PtySize {
            rows: 30,
            cols: 100,
            pixel_width: 0,
            pixel_height: 0,
        })
        .unwrap();
    let mut command = portable_pty::CommandBuilder::new(crate::support::pty::BINARY);
    command.arg(&plan);
    command.cwd(sandbox.path());
    command.env_clear();
    command.env("TERM", "xterm-256color");
    command.env("HOME", sandbox.home_dir());
    for (name, sub) in [
        ("XDG_DATA_HOME", "data"),
        ("XDG_CONFIG_HOME", "config"),
        ("XDG_STATE_HOME", "state"),
        ("XDG_CACHE_HOME", "cache"),
    ] {
        command.env(name, sandbox.path().join(sub));
    }
    let mut child = pair.slave.spawn_command(command).unwrap();
    drop(pair.slave);
    let mut reader = pair.master.try_clone_reader().unwrap();
    let mut writer = pair.master.take_writer().unwrap();
    // Read until `needle` shows, on a thread that then lets go of its end of
    // the terminal; the terminal answers no questions, which the UI does not
    // need to start.
    let read_until = |mut reader: Box<dyn Read + Send>, needle: &'static str| {
        std::thread::spawn(move || {
            let mut seen = Vec::new();
            let mut buffer = [0u8; 4096];
            while !String::from_utf8_lossy(&seen).contains(needle) {
                match reader.read(&mut buffer) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => seen.extend_from_slice(&buffer[..n]),
                }
            }
            reader
        })
    };
    let reader_back = read_until(reader, "Commons Transition Plan")
        .join()
        .unwrap();
    writer.write_all(b"2").unwrap();
    reader = read_until(reader_back, "Goals (").join().unwrap();
    writer.write_all(b">").unwrap();
    writer.flush().unwrap();
    let reader = read_until(reader, "→").join().unwrap();
    wait_journals(&sandbox, "the edit in the journal", |found| {
        found.len() == 1 && found[0].1.contains(TEXT_MARKER)
    });
    // Close every handle of our end: the terminal hangs up.
    drop(reader);
    drop(writer);
    drop(pair.master);
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        assert!(
            started.elapsed() < TIMEOUT,
            "the program outlived its terminal"
        );
        std::thread::sleep(Duration::from_millis(20));
    };
    assert_eq!(status.exit_code(), 129, "{status:?}");
    let found = journals(&sandbox);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].1.contains(TEXT_MARKER), "the edit is not kept");
    assert_eq!(
        std::fs::read_to_string(&plan).unwrap(),
        std::fs::read_to_string(GHENT).unwrap()
    );
}
