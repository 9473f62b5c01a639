//! End-to-end tests of the real `commonplan` binary in a real terminal: each
//! test starts its own private tmux server, runs the program in a pane with
//! its home and XDG directories in a temporary directory, types keys with
//! `send-keys`, reads the screen with `capture-pane`, and checks what the
//! person would see, what reached the file on disk, and how the program
//! exited. Covered: editing a status and saving, undo before saving, a plan
//! whose strings carry terminal escape sequences, resizing below the minimum
//! and back, and quitting with unsaved changes. tmux is required: without it
//! these tests fail rather than skip.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use tempfile::TempDir;

const TIMEOUT: Duration = Duration::from_secs(10);
const GHENT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/plans/ghent.toml");

/// Server options: keep a finished pane to read its exit status, and never
/// let the program rename anything. (No `window-size manual` here: tmux 3.3a
/// exits on `new-session -d -x -y` with it; `resize-window` sets it itself.)
const TMUX_CONF: &str = "\
set -g remain-on-exit on
set -g allow-rename off
set -g set-titles off
set -g default-terminal xterm-256color
";

/// The program running in a pane of a private tmux server; dropping it kills
/// the server, also when a test fails.
struct Session {
    socket: PathBuf,
    dir: TempDir,
}

impl Drop for Session {
    fn drop(&mut self) {
        let _ = tmux_command(&self.socket).arg("kill-server").output();
    }
}

fn tmux_command(socket: &Path) -> Command {
    let mut command = Command::new("tmux");
    command
        .arg("-S")
        .arg(socket)
        .env_remove("TMUX")
        .env_remove("NO_COLOR");
    command
}

/// A temporary directory holding a copy of `plan` as `name`.
fn copy_plan(plan: &str, name: &str) -> (TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::copy(plan, &path).unwrap();
    (dir, path)
}

/// Start `commonplan plan` in a `width`×`height` pane. The pane's title is set
/// to `known-title` before the program starts.
fn start(plan: &Path, width: u16, height: u16) -> Session {
    start_with(plan, width, height, &[])
}

/// [`start`], with more variables in the program's environment.
fn start_with(plan: &Path, width: u16, height: u16, vars: &[(&str, &str)]) -> Session {
    match Command::new("tmux").arg("-V").output() {
        Ok(out) if out.status.success() => {}
        _ => panic!(
            "tmux is not installed (or `tmux -V` fails); these end-to-end tests need it: \
             apt-get install tmux (.ci/run installs it)"
        ),
    }
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().to_path_buf();
    for sub in ["home", "data", "config"] {
        std::fs::create_dir(root.join(sub)).unwrap();
    }
    std::fs::write(root.join("tmux.conf"), TMUX_CONF).unwrap();
    let session = Session {
        socket: root.join("tmux.sock"),
        dir,
    };
    // A placeholder first, so the options and title are in place before the
    // program writes its first byte; then the program replaces it.
    session.tmux(&[
        "-f",
        &root.join("tmux.conf").display().to_string(),
        "new-session",
        "-d",
        "-x",
        &width.to_string(),
        "-y",
        &height.to_string(),
        "cat",
    ]);
    session.tmux(&["select-pane", "-T", "known-title"]);
    let env = |name: &str, value: &Path| format!("{name}={}", value.display());
    let extra: Vec<String> = vars.iter().map(|(k, v)| format!("{k}={v}")).collect();
    let mut respawn: Vec<&str> = vec!["respawn-pane", "-k"];
    for var in &extra {
        respawn.extend(["-e", var.as_str()]);
    }
    session.tmux(
        &respawn
            .iter()
            .copied()
            .chain([
                "-c",
                &root.display().to_string(),
                "-e",
                &env("HOME", &root.join("home")),
                "-e",
                &env("XDG_DATA_HOME", &root.join("data")),
                "-e",
                &env("XDG_CONFIG_HOME", &root.join("config")),
                "-e",
                "TERM=xterm-256color",
                env!("CARGO_BIN_EXE_commonplan"),
                &plan.display().to_string(),
            ])
            .collect::<Vec<_>>(),
    );
    session
}

impl Session {
    /// Run a tmux command on this server; panics when it fails.
    fn tmux(&self, args: &[&str]) -> Output {
        let home = self.dir.path().join("home");
        let out = tmux_command(&self.socket)
            .args(args)
            .env("HOME", &home)
            .env("XDG_DATA_HOME", self.dir.path().join("data"))
            .env("XDG_CONFIG_HOME", self.dir.path().join("config"))
            .env("TERM", "xterm-256color")
            .output()
            .expect("run tmux");
        assert!(
            out.status.success(),
            "tmux {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        out
    }

    /// A tmux format (`#{pane_title}`) of the pane.
    fn display(&self, format: &str) -> String {
        let out = self.tmux(&["display-message", "-p", format]);
        String::from_utf8_lossy(&out.stdout).trim_end().to_owned()
    }

    /// Type keys, in tmux's names (`j`, `>`, `C-s`, `Escape`).
    fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys"];
        args.extend_from_slice(keys);
        self.tmux(&args);
    }

    /// The screen as text.
    fn capture(&self) -> String {
        let out = self.tmux(&["capture-pane", "-p"]);
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Wait until the screen satisfies `ready` (`what` names it for the
    /// panic message); returns that screen.
    fn wait_until(&self, what: &str, timeout: Duration, ready: impl Fn(&str) -> bool) -> String {
        let started = Instant::now();
        loop {
            let screen = self.capture();
            if ready(&screen) {
                return screen;
            }
            if started.elapsed() > timeout {
                panic!("timed out after {timeout:?} waiting for {what}; the screen was:\n{screen}");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Wait until `needle` is on the screen, with runs of whitespace (line
    /// ends included) counting as one space, so wrapped text is found.
    fn wait_for(&self, needle: &str, timeout: Duration) -> String {
        let needle = squeeze(needle);
        self.wait_until(&format!("{needle:?}"), timeout, |screen| {
            squeeze(screen).contains(&needle)
        })
    }

    /// Wait for the program to exit; returns its exit status.
    ///
    /// tmux marks the pane dead when its output ends and records the status
    /// once it has reaped the process. tmux 3.3a here sometimes misses the
    /// SIGCHLD and leaves the process a zombie until another child of the
    /// server ends, so a dead pane without a status gets a `run-shell true`.
    fn wait_exit(&self) -> i32 {
        let started = Instant::now();
        loop {
            let dead = self.display("#{pane_dead}:#{pane_dead_status}:#{pane_dead_signal}");
            match dead.split(':').collect::<Vec<_>>()[..] {
                ["1", "", ""] => {
                    self.tmux(&["run-shell", "true"]);
                }
                ["1", "", signal] => {
                    panic!(
                        "the program was killed by signal {signal}; the screen was:\n{}",
                        self.capture()
                    );
                }
                ["1", status, _] => return status.parse().expect("pane_dead_status is a number"),
                _ => {}
            }
            if started.elapsed() > TIMEOUT {
                panic!(
                    "the program did not exit within {TIMEOUT:?} ({dead}); the screen was:\n{}",
                    self.capture()
                );
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn is_alive(&self) -> bool {
        self.display("#{pane_dead}") == "0"
    }
}

/// `text` with every run of whitespace as one space, trimmed.
fn squeeze(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The goal and the two statuses of a status bar message such as
/// "goal `community-energy`: in-progress → achieved".
fn status_change(screen: &str) -> (String, String, String) {
    let parse = || {
        let rest = screen.split("goal `").nth(1)?;
        let (id, rest) = rest.split_once("`: ")?;
        let line = rest.lines().next()?;
        let (from, to) = line.split_once(" → ")?;
        Some((id.to_owned(), from.trim().to_owned(), to.trim().to_owned()))
    };
    parse().unwrap_or_else(|| panic!("no status change message on the screen:\n{screen}"))
}

#[test]
fn change_a_status_save_and_quit() {
    let (_dir, plan) = copy_plan(GHENT, "ghent.toml");
    let session = start(&plan, 100, 30);
    session.wait_for("1 Overview", TIMEOUT);
    session.wait_for("Commons Transition Plan", TIMEOUT);
    session.keys(&["2"]);
    session.wait_for("Goals (", TIMEOUT);
    session.keys(&["j", ">"]);
    let screen = session.wait_for("goal `", TIMEOUT);
    let (id, from, to) = status_change(&screen);
    assert!(screen.contains("[+]"), "no unsaved mark:\n{screen}");
    session.keys(&["C-s"]);
    session.wait_for("saved ghent.toml", TIMEOUT);
    session.keys(&["q"]);
    assert_eq!(session.wait_exit(), 0);

    let before = std::fs::read_to_string(GHENT).unwrap();
    let after = std::fs::read_to_string(&plan).unwrap();
    let (before, after): (Vec<&str>, Vec<&str>) =
        (before.lines().collect(), after.lines().collect());
    assert_eq!(before.len(), after.len(), "the number of lines changed");
    let changed: Vec<usize> = (0..before.len())
        .filter(|&i| before[i] != after[i])
        .collect();
    assert_eq!(changed.len(), 1, "lines changed: {changed:?}");
    let line = changed[0];
    assert_eq!(before[line], format!("status = \"{from}\""));
    assert_eq!(after[line], format!("status = \"{to}\""));
    let owner = before[..line]
        .iter()
        .rev()
        .find(|l| l.starts_with("id = "))
        .unwrap();
    assert_eq!(
        *owner,
        format!("id = \"{id}\""),
        "the status of another item changed"
    );
    // The program remembered the plan in the temporary data directory.
    let remembered = session.dir.path().join("data/commonplan/last-plan");
    assert!(
        remembered.exists(),
        "{} was not written",
        remembered.display()
    );
}

#[test]
fn undo_then_save_leaves_the_file_byte_identical() {
    let (_dir, plan) = copy_plan(GHENT, "ghent.toml");
    let session = start(&plan, 100, 30);
    session.wait_for("Commons Transition Plan", TIMEOUT);
    session.keys(&["2", "j", ">"]);
    session.wait_for("goal `", TIMEOUT);
    session.keys(&["u"]);
    session.wait_for("undone", TIMEOUT);
    session.keys(&["C-s"]);
    session.wait_until("a save message", TIMEOUT, |s| s.contains("saved"));
    session.keys(&["q"]);
    assert_eq!(session.wait_exit(), 0);
    assert!(
        std::fs::read(GHENT).unwrap() == std::fs::read(&plan).unwrap(),
        "the file changed"
    );
}

#[test]
fn escape_sequences_in_a_plan_are_shown_not_obeyed() {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("hostile.toml");
    std::fs::write(
        &plan,
        r#"format = 1

[plan]
city = "Evil\u001b[2J"
title = "Plan \u001b]0;PWNED\u0007 title"

[[goals]]
id = "osc"
title = "A \u001b]0;PWNED\u0007 x"

[[goals]]
id = "clear"
title = "B \u001b[2J x"

[[goals]]
id = "red"
title = "C \u001b[31mred x"

[[goals]]
id = "bidi"
title = "D \u202Eabc x"

[[goals]]
id = "c1"
title = "E \u009B31m x"
"#,
    )
    .unwrap();
    let session = start(&plan, 100, 30);
    session.wait_for("1 Overview", TIMEOUT);
    session.keys(&["2"]);
    let screen = session.wait_for("E \\u{9b}31m x", TIMEOUT);
    assert_eq!(session.display("#{pane_title}"), "known-title");
    for shown in [
        "A \\u{1b}]0;PWNED\\u{7} x",
        "B \\u{1b}[2J x",
        "C \\u{1b}[31mred x",
        "D \\u{202e}abc x",
    ] {
        assert!(screen.contains(shown), "{shown} is not shown:\n{screen}");
    }
    for raw in ['\u{1b}', '\u{7}', '\u{202e}', '\u{9b}'] {
        assert!(
            !screen.contains(raw),
            "{raw:?} reached the screen:\n{screen}"
        );
    }
    let lines: Vec<&str> = screen.lines().collect();
    assert_eq!(lines.len(), 30, "{screen}");
    assert!(lines[0].starts_with(" 1 Overview  2 Goals"), "{screen}");
    assert!(lines[1].starts_with("┌ Goals (5)"), "{screen}");
    assert!(lines[28].starts_with(" hostile.toml"), "{screen}");
    assert!(lines[29].contains("q quit"), "{screen}");
    assert!(session.is_alive());
    session.keys(&["q"]);
    assert_eq!(session.wait_exit(), 0);
    assert_eq!(session.display("#{pane_title}"), "known-title");
}

#[test]
fn a_tiny_terminal_shows_a_notice_and_recovers() {
    let (_dir, plan) = copy_plan(GHENT, "ghent.toml");
    let session = start(&plan, 100, 30);
    session.wait_for("Commons Transition Plan", TIMEOUT);
    session.tmux(&["resize-window", "-x", "10", "-y", "5"]);
    let screen = session.wait_for("terminal too small", TIMEOUT);
    assert!(
        squeeze(&screen).starts_with("terminal too small"),
        "{screen}"
    );
    assert_eq!(session.display("#{window_width}x#{window_height}"), "10x5");
    session.tmux(&["resize-window", "-x", "100", "-y", "30"]);
    let screen = session.wait_for("Commons Transition Plan", TIMEOUT);
    assert!(!screen.contains("too small"), "{screen}");
    assert!(screen.starts_with(" 1 Overview"), "{screen}");
    assert!(session.is_alive());
    session.keys(&["q"]);
    assert_eq!(session.wait_exit(), 0);
}

#[test]
fn quitting_with_unsaved_changes_asks() {
    let (_dir, plan) = copy_plan(GHENT, "ghent.toml");
    let session = start(&plan, 100, 30);
    session.wait_for("Commons Transition Plan", TIMEOUT);
    session.keys(&["2", ">"]);
    session.wait_for("goal `", TIMEOUT);
    session.keys(&["q"]);
    session.wait_for("unsaved changes", TIMEOUT);
    session.wait_for("d discard and quit", TIMEOUT);
    // Wait for the window to close before the next key, or the terminal
    // could read Escape and q together as Alt-q.
    session.keys(&["Escape"]);
    let screen = session.wait_until("the question to close", TIMEOUT, |s| {
        !s.contains("unsaved changes")
    });
    assert!(screen.contains("[+]"), "the change is gone:\n{screen}");
    assert!(session.is_alive());
    session.keys(&["q"]);
    session.wait_for("unsaved changes", TIMEOUT);
    session.keys(&["d"]);
    assert_eq!(session.wait_exit(), 0);
    assert!(
        std::fs::read(GHENT).unwrap() == std::fs::read(&plan).unwrap(),
        "the file changed"
    );
}

#[test]
fn the_editor_opens_at_the_goal_and_the_plan_reloads_after() {
    let (_dir, plan) = copy_plan(GHENT, "ghent.toml");
    // An "editor" that notes the line it was asked to open at the end of the
    // file, as a TOML comment.
    let editor = "sh -c 'printf \"# opened at %s\\n\" \"$1\" >> \"$2\"' editor";
    let session = start_with(&plan, 100, 30, &[("EDITOR", editor), ("VISUAL", "")]);
    session.wait_for("Commons Transition Plan", TIMEOUT);
    session.keys(&["2", "E"]);
    session.wait_for("reloaded ghent.toml", TIMEOUT);
    let text = std::fs::read_to_string(&plan).unwrap();
    let original = std::fs::read_to_string(GHENT).unwrap();
    let opened_at = text
        .strip_prefix(original.as_str())
        .expect("the editor appended");
    let line: usize = opened_at
        .trim()
        .strip_prefix("# opened at +")
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("{opened_at:?}"));
    assert_eq!(original.lines().nth(line - 1), Some("[[goals]]"));
    assert_eq!(
        original.lines().nth(line),
        Some("id = \"short-food-chains\"")
    );
    session.keys(&["q"]);
    assert_eq!(session.wait_exit(), 0);
}

#[test]
fn a_change_on_disk_is_noticed_and_never_overwritten_silently() {
    let (_dir, plan) = copy_plan(GHENT, "ghent.toml");
    let session = start(&plan, 100, 30);
    session.wait_for("Commons Transition Plan", TIMEOUT);
    // Nothing unsaved: the outside change is loaded.
    let original = std::fs::read_to_string(GHENT).unwrap();
    let renamed = original.replace("Commons Transition Plan for Ghent", "Ghent Commons Plan");
    std::fs::write(&plan, &renamed).unwrap();
    session.wait_for("changed on disk; reloaded", TIMEOUT);
    session.wait_for("Ghent Commons Plan", TIMEOUT);
    // Unsaved changes: it asks, and keeping them does not write.
    session.keys(&["2", ">"]);
    session.wait_for("goal `", TIMEOUT);
    std::fs::write(&plan, &original).unwrap();
    session.wait_for("you have unsaved changes here", TIMEOUT);
    session.keys(&["k"]);
    session.wait_for("kept your changes", TIMEOUT);
    assert_eq!(std::fs::read_to_string(&plan).unwrap(), original);
    // Saving now asks before overwriting the file's new state.
    session.keys(&["C-s"]);
    session.wait_for("saving would overwrite", TIMEOUT);
    session.keys(&["Escape"]);
    session.wait_for("not saved", TIMEOUT);
    assert_eq!(std::fs::read_to_string(&plan).unwrap(), original);
    session.keys(&["q", "d"]);
    assert_eq!(session.wait_exit(), 0);
}

#[test]
fn x_exports_html_beside_the_plan_and_says_where() {
    let (dir, plan) = copy_plan(GHENT, "ghent.toml");
    let session = start(&plan, 100, 30);
    session.wait_for("Commons Transition Plan", TIMEOUT);
    session.keys(&["x"]);
    session.wait_for("Export as", TIMEOUT);
    session.keys(&["h", "t", "m", "l", "Enter"]);
    session.wait_for("Export HTML to", TIMEOUT);
    session.keys(&["Enter"]);
    session.wait_for("exported HTML to", TIMEOUT);
    let page = dir.path().join("ghent.html");
    let html = std::fs::read_to_string(&page).expect("the page was written beside the plan");
    assert!(html.starts_with("<!DOCTYPE html>") || html.starts_with("<!doctype html>"));
    assert!(html.contains("Commons Transition Plan"));
    // Exporting again asks before replacing the page.
    session.keys(&["x"]);
    session.wait_for("Export as", TIMEOUT);
    session.keys(&["h", "t", "m", "l", "Enter"]);
    session.wait_for("Export HTML to", TIMEOUT);
    session.keys(&["Enter"]);
    session.wait_for("Replace it with the HTML export?", TIMEOUT);
    session.keys(&["n"]);
    session.wait_for("nothing exported", TIMEOUT);
    session.keys(&["q"]);
    assert_eq!(session.wait_exit(), 0);
    assert_eq!(
        std::fs::read_to_string(&plan).unwrap(),
        std::fs::read_to_string(GHENT).unwrap()
    );
}
