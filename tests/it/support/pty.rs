//! The real `commonplan` binary in a pseudo-terminal, for end-to-end tests
//! of the terminal UI that need nothing but Rust.
//!
//! A [`Sandbox`] is a temporary directory that holds the plan and stands in
//! for the home, data, config, state and cache directories, so a run never
//! reads or writes the tester's own. [`Launch`] starts the program there in a
//! pseudo-terminal of a given size (`portable-pty`); a reader thread drains
//! everything the program writes into a `vt100` screen, so [`Pty`] can type
//! keys, wait for text on the screen, read it, resize the terminal and wait
//! for the exit status.
//!
//! ```ignore
//! let (sandbox, plan) = Sandbox::with_plan(GHENT, "ghent.toml");
//! let mut pty = Launch::new(&sandbox).arg(&plan).size(100, 30).start();
//! pty.wait_for("Commons Transition Plan");
//! pty.press(Key::Char('2'));
//! pty.type_text("/energy");
//! pty.keys(&[Key::Enter, Key::Esc, Key::Ctrl('s')]);
//! pty.wait_for("saved ghent.toml");
//! pty.press(Key::Char('q'));
//! assert_eq!(pty.wait_exit(), 0);
//! ```
//!
//! Waits poll the screen until the text appears or [`TIMEOUT`] passes; they
//! never measure speed. After `Esc` the harness waits until the program has
//! read its input, so that the next key is not read together with it as
//! `Alt`+key.

use std::ffi::{OsStr, OsString};
use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize};
use tempfile::TempDir;

/// How long a wait lasts before the test fails: generous, because the
/// machine may be busy building; a wait normally ends in milliseconds.
pub const TIMEOUT: Duration = Duration::from_secs(30);

/// How often a wait looks at the screen again.
const POLL: Duration = Duration::from_millis(20);

/// The program under test.
pub const BINARY: &str = env!("CARGO_BIN_EXE_commonplan");

/// A temporary directory where the program runs: the plans, and `home/`,
/// `data/`, `config/`, `state/` and `cache/` as its home and XDG
/// directories. Removed when dropped.
pub struct Sandbox {
    dir: TempDir,
}

impl Default for Sandbox {
    fn default() -> Self {
        Self::new()
    }
}

impl Sandbox {
    /// An empty sandbox.
    pub fn new() -> Self {
        let dir = tempfile::tempdir().expect("create a temporary directory");
        for sub in ["home", "data", "config", "state", "cache"] {
            std::fs::create_dir(dir.path().join(sub)).expect("create a sandbox directory");
        }
        Sandbox { dir }
    }

    /// A sandbox holding a copy of the file `source` as `name`; returns the
    /// sandbox and the copy's path.
    pub fn with_plan(source: impl AsRef<Path>, name: &str) -> (Self, PathBuf) {
        let sandbox = Self::new();
        let path = sandbox.path().join(name);
        std::fs::copy(source.as_ref(), &path)
            .unwrap_or_else(|e| panic!("copy {}: {e}", source.as_ref().display()));
        (sandbox, path)
    }

    /// Write `text` to the file `name` in the sandbox; returns its path.
    pub fn write(&self, name: &str, text: &str) -> PathBuf {
        let path = self.path().join(name);
        std::fs::write(&path, text).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
        path
    }

    /// The sandbox directory, where the program starts.
    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// The program's `$XDG_DATA_HOME`.
    pub fn data_dir(&self) -> PathBuf {
        self.path().join("data")
    }

    /// The program's `$XDG_CONFIG_HOME`.
    pub fn config_dir(&self) -> PathBuf {
        self.path().join("config")
    }

    /// The program's `$XDG_STATE_HOME`.
    pub fn state_dir(&self) -> PathBuf {
        self.path().join("state")
    }

    /// The program's `$HOME`.
    pub fn home_dir(&self) -> PathBuf {
        self.path().join("home")
    }
}

/// How to start the program: its arguments, the terminal's size and its
/// environment. The environment is cleared but for `PATH`, then holds
/// `TERM=xterm-256color`, `HOME` and the XDG directories in the sandbox, and
/// whatever [`Launch::env`] adds.
pub struct Launch<'a> {
    sandbox: &'a Sandbox,
    args: Vec<OsString>,
    width: u16,
    height: u16,
    env: Vec<(OsString, OsString)>,
}

impl<'a> Launch<'a> {
    /// `commonplan` with no arguments in a 100×30 terminal, in `sandbox`.
    pub fn new(sandbox: &'a Sandbox) -> Self {
        Launch {
            sandbox,
            args: Vec::new(),
            width: 100,
            height: 30,
            env: Vec::new(),
        }
    }

    /// One more argument.
    pub fn arg(mut self, arg: impl AsRef<OsStr>) -> Self {
        self.args.push(arg.as_ref().to_owned());
        self
    }

    /// The terminal's size, in columns and rows (at least 1×1).
    pub fn size(mut self, width: u16, height: u16) -> Self {
        assert!(width > 0 && height > 0, "a terminal has at least one cell");
        self.width = width;
        self.height = height;
        self
    }

    /// One more environment variable (set last, so it can replace the
    /// sandbox's).
    pub fn env(mut self, name: impl AsRef<OsStr>, value: impl AsRef<OsStr>) -> Self {
        self.env
            .push((name.as_ref().to_owned(), value.as_ref().to_owned()));
        self
    }

    /// Start the program.
    pub fn start(self) -> Pty {
        let size = PtySize {
            rows: self.height,
            cols: self.width,
            pixel_width: 0,
            pixel_height: 0,
        };
        let pair = portable_pty::native_pty_system()
            .openpty(size)
            .expect("open a pseudo-terminal");
        let root = self.sandbox.path();
        let mut command = CommandBuilder::new(BINARY);
        command.args(&self.args);
        command.cwd(root);
        command.env_clear();
        if let Some(path) = std::env::var_os("PATH") {
            command.env("PATH", path);
        }
        command.env("TERM", "xterm-256color");
        command.env("HOME", root.join("home"));
        for (name, sub) in [
            ("XDG_DATA_HOME", "data"),
            ("XDG_CONFIG_HOME", "config"),
            ("XDG_STATE_HOME", "state"),
            ("XDG_CACHE_HOME", "cache"),
        ] {
            command.env(name, root.join(sub));
        }
        for (name, value) in &self.env {
            command.env(name, value);
        }
        let child = pair
            .slave
            .spawn_command(command)
            .expect("start commonplan in the pseudo-terminal");
        // Only the program holds the terminal's other end, so the reader
        // sees the end of its output when it exits.
        drop(pair.slave);
        let tty = pair.master.tty_name();
        let mut reader = pair
            .master
            .try_clone_reader()
            .expect("a reader of the pseudo-terminal");
        let writer = Arc::new(Mutex::new(
            pair.master
                .take_writer()
                .expect("a writer to the pseudo-terminal"),
        ));
        let answer_writer = Arc::clone(&writer);

        let screen = Arc::new(Mutex::new(Screen {
            parser: vt100::Parser::new_with_callbacks(
                self.height.try_into().expect("rows > 0"),
                self.width.try_into().expect("columns > 0"),
                0,
                Requests::default(),
            ),
            output: Vec::new(),
            closed: false,
        }));
        let drained = Arc::clone(&screen);
        let reader_thread = std::thread::spawn(move || {
            let mut buffer = [0u8; 8192];
            loop {
                // EOF, or EIO once the program and all it started have
                // closed the terminal.
                let n = match reader.read(&mut buffer) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => n,
                };
                let answers = {
                    let mut screen = drained.lock().expect("the screen lock");
                    screen.parser.process(&buffer[..n]);
                    screen.output.extend_from_slice(&buffer[..n]);
                    std::mem::take(&mut screen.parser.callbacks_mut().answers)
                };
                if !answers.is_empty() {
                    let mut writer = answer_writer.lock().expect("the writer lock");
                    // The program may be gone; then nobody is asking.
                    let _ = writer.write_all(&answers).and_then(|()| writer.flush());
                }
            }
            drained.lock().expect("the screen lock").closed = true;
        });
        Pty {
            master: pair.master,
            writer,
            child,
            tty,
            screen,
            reader: Some(reader_thread),
            exit: None,
        }
    }
}

/// What the program asked of the terminal beyond drawing. The titles should
/// stay empty, since plan text must never reach the terminal as commands;
/// the questions a terminal answers (where the cursor is, what terminal it
/// is) get an xterm's answers.
#[derive(Debug, Default)]
struct Requests {
    titles: Vec<String>,
    /// Answers not yet sent to the program.
    answers: Vec<u8>,
}

impl vt100::Callbacks for Requests {
    fn unhandled_csi(
        &mut self,
        screen: &mut vt100::Screen,
        i1: Option<u8>,
        _: Option<u8>,
        params: &[&[u16]],
        c: char,
    ) {
        match (i1, c, params) {
            // Device status report: "OK".
            (None, 'n', [[5]]) => self.answers.extend_from_slice(b"\x1b[0n"),
            // Cursor position report, counting from 1.
            (None, 'n', [[6]]) => {
                let (row, column) = screen.cursor_position();
                let report = format!("\x1b[{};{}R", row + 1, column + 1);
                self.answers.extend_from_slice(report.as_bytes());
            }
            // Primary device attributes: a VT220 with ANSI colour.
            (None, 'c', [] | [[0]]) => self.answers.extend_from_slice(b"\x1b[?62;22c"),
            _ => {}
        }
    }

    fn set_window_title(&mut self, _: &mut vt100::Screen, title: &[u8]) {
        self.titles
            .push(String::from_utf8_lossy(title).into_owned());
    }

    fn set_window_icon_name(&mut self, _: &mut vt100::Screen, name: &[u8]) {
        self.titles.push(String::from_utf8_lossy(name).into_owned());
    }
}

/// The terminal's state as the reader thread keeps it.
struct Screen {
    parser: vt100::Parser<Requests>,
    /// Every byte the program wrote.
    output: Vec<u8>,
    /// The program and all it started have closed the terminal.
    closed: bool,
}

/// A key to press. Text is typed with [`Pty::type_text`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    /// A character, as typed.
    Char(char),
    /// Control and a letter (`Ctrl('s')`), or `@ [ \ ] ^ _`.
    Ctrl(char),
    /// Alt (Meta) and a character.
    Alt(char),
    Enter,
    Esc,
    Tab,
    /// Shift-Tab.
    BackTab,
    Backspace,
    Delete,
    Up,
    Down,
    Left,
    Right,
    Home,
    End,
    PageUp,
    PageDown,
    /// A function key, F1 to F12.
    F(u8),
}

impl Key {
    /// The bytes an xterm sends for the key; `application_cursor` is
    /// whether the program switched the arrows to application mode.
    fn bytes(self, application_cursor: bool) -> Vec<u8> {
        let arrow = |c: u8| {
            if application_cursor {
                vec![0x1b, b'O', c]
            } else {
                vec![0x1b, b'[', c]
            }
        };
        match self {
            Key::Char(c) => c.to_string().into_bytes(),
            Key::Ctrl(c) => {
                let c = c.to_ascii_uppercase();
                assert!(
                    ('@'..='_').contains(&c),
                    "no control code for {c:?}; use a letter or @[\\]^_"
                );
                vec![c as u8 & 0x1f]
            }
            Key::Alt(c) => {
                let mut bytes = vec![0x1b];
                bytes.extend(c.to_string().into_bytes());
                bytes
            }
            Key::Enter => vec![b'\r'],
            Key::Esc => vec![0x1b],
            Key::Tab => vec![b'\t'],
            Key::BackTab => b"\x1b[Z".to_vec(),
            Key::Backspace => vec![0x7f],
            Key::Delete => b"\x1b[3~".to_vec(),
            Key::Up => arrow(b'A'),
            Key::Down => arrow(b'B'),
            Key::Right => arrow(b'C'),
            Key::Left => arrow(b'D'),
            Key::Home => arrow(b'H'),
            Key::End => arrow(b'F'),
            Key::PageUp => b"\x1b[5~".to_vec(),
            Key::PageDown => b"\x1b[6~".to_vec(),
            Key::F(n) => match n {
                1 => b"\x1bOP".to_vec(),
                2 => b"\x1bOQ".to_vec(),
                3 => b"\x1bOR".to_vec(),
                4 => b"\x1bOS".to_vec(),
                5..=12 => {
                    let code = [15, 17, 18, 19, 20, 21, 23, 24][usize::from(n - 5)];
                    format!("\x1b[{code}~").into_bytes()
                }
                _ => panic!("no key F{n}"),
            },
        }
    }
}

/// The program running in a pseudo-terminal. Dropping it kills the program
/// if it is still running, also when a test fails.
pub struct Pty {
    master: Box<dyn MasterPty + Send>,
    /// Shared with the reader thread, which answers the program's questions.
    writer: Arc<Mutex<Box<dyn Write + Send>>>,
    child: Box<dyn Child + Send + Sync>,
    tty: Option<PathBuf>,
    screen: Arc<Mutex<Screen>>,
    reader: Option<JoinHandle<()>>,
    exit: Option<portable_pty::ExitStatus>,
}

impl Drop for Pty {
    fn drop(&mut self) {
        if self.exit.is_none() && matches!(self.child.try_wait(), Ok(None)) {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

impl Pty {
    /// Press one key.
    pub fn press(&mut self, key: Key) {
        let application_cursor = self.lock().parser.screen().application_cursor();
        self.write(&key.bytes(application_cursor));
        if matches!(key, Key::Esc) {
            self.wait_input_read();
        }
    }

    /// Press keys one after the other.
    pub fn keys(&mut self, keys: &[Key]) {
        for &key in keys {
            self.press(key);
        }
    }

    /// Type `text`, character by character as a person would (no paste).
    /// A line end in it is Enter, a tab Tab.
    pub fn type_text(&mut self, text: &str) {
        for c in text.chars() {
            self.press(match c {
                '\n' => Key::Enter,
                '\t' => Key::Tab,
                c => Key::Char(c),
            });
        }
    }

    /// Send `bytes` as they are: for input no [`Key`] names.
    pub fn write(&mut self, bytes: &[u8]) {
        let mut writer = self.writer.lock().expect("the writer lock");
        writer
            .write_all(bytes)
            .and_then(|()| writer.flush())
            .expect("write to the pseudo-terminal");
    }

    /// Wait until the program has read all that was typed, so that the next
    /// key arrives apart from it.
    pub fn wait_input_read(&self) {
        let Some(tty) = &self.tty else {
            // No way to look: give it a moment instead.
            std::thread::sleep(Duration::from_millis(200));
            return;
        };
        let started = Instant::now();
        loop {
            if self.lock().closed {
                return;
            }
            let pending = pending_input(tty).unwrap_or_else(|error| {
                panic!(
                    "cannot ask {} for its pending input: {error}",
                    tty.display()
                )
            });
            if pending == 0 {
                return;
            }
            if started.elapsed() > TIMEOUT {
                panic!(
                    "the program did not read its input within {TIMEOUT:?}; the screen was:\n{}",
                    self.screen()
                );
            }
            std::thread::sleep(Duration::from_millis(5));
        }
    }

    /// The screen as text: one line per row, without trailing blanks.
    pub fn screen(&self) -> String {
        screen_text(self.lock().parser.screen())
    }

    /// Wait until `text` is on the screen, where runs of whitespace (line
    /// ends included) count as one space, so text that wraps is found.
    /// Returns the screen. Fails the test after [`TIMEOUT`].
    pub fn wait_for(&mut self, text: &str) -> String {
        let text = squeeze(text);
        self.wait_until(&format!("{text:?}"), |screen| {
            squeeze(screen).contains(&text)
        })
    }

    /// Wait until `text` is no longer on the screen ([`Pty::wait_for`]'s
    /// matching). Returns the screen.
    pub fn wait_for_gone(&mut self, text: &str) -> String {
        let text = squeeze(text);
        self.wait_until(&format!("{text:?} to go"), |screen| {
            !squeeze(screen).contains(&text)
        })
    }

    /// Wait until the screen satisfies `ready` (`what` names it in the
    /// failure). Returns that screen. Fails the test after [`TIMEOUT`], or
    /// at once when the program has exited and the screen cannot change.
    pub fn wait_until(&mut self, what: &str, ready: impl Fn(&str) -> bool) -> String {
        let started = Instant::now();
        loop {
            let (screen, closed) = {
                let state = self.lock();
                (screen_text(state.parser.screen()), state.closed)
            };
            if ready(&screen) {
                return screen;
            }
            if closed {
                let exit = self.child.try_wait().ok().flatten();
                panic!(
                    "waiting for {what}, the program ended ({exit:?}); the screen was:\n{screen}"
                );
            }
            if started.elapsed() > TIMEOUT {
                panic!("timed out after {TIMEOUT:?} waiting for {what}; the screen was:\n{screen}");
            }
            std::thread::sleep(POLL);
        }
    }

    /// Resize the terminal to `width`×`height`, as a person resizing the
    /// window: the program gets `SIGWINCH`.
    pub fn resize(&mut self, width: u16, height: u16) {
        let (Some(rows), Some(columns)) = (NonZeroU16::new(height), NonZeroU16::new(width)) else {
            panic!("a terminal has at least one cell");
        };
        self.lock().parser.set_size(rows, columns);
        self.master
            .resize(PtySize {
                rows: height,
                cols: width,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("resize the pseudo-terminal");
    }

    /// The terminal's size as the program sees it, columns × rows.
    pub fn size(&self) -> (u16, u16) {
        let size = self.master.get_size().expect("the pseudo-terminal's size");
        (size.cols, size.rows)
    }

    /// Whether the program is still running.
    pub fn is_running(&mut self) -> bool {
        self.exit.is_none()
            && match self.child.try_wait().expect("the program's status") {
                Some(status) => {
                    self.exit = Some(status);
                    false
                }
                None => true,
            }
    }

    /// Wait for the program to exit and return its exit code. Fails the
    /// test when a signal ended it or it is still running after
    /// [`TIMEOUT`].
    pub fn wait_exit(&mut self) -> u32 {
        let started = Instant::now();
        while self.is_running() {
            if started.elapsed() > TIMEOUT {
                panic!(
                    "the program did not exit within {TIMEOUT:?}; the screen was:\n{}",
                    self.screen()
                );
            }
            std::thread::sleep(POLL);
        }
        let status = self.exit.clone().expect("the program exited");
        // Its last output is on the screen once the reader has drained it
        // (unless something it started still holds the terminal).
        let started = Instant::now();
        while !self.lock().closed && started.elapsed() < TIMEOUT {
            std::thread::sleep(POLL);
        }
        if self.lock().closed
            && let Some(reader) = self.reader.take()
        {
            let _ = reader.join();
        }
        if let Some(signal) = status.signal() {
            panic!(
                "the program was killed by {signal}; the screen was:\n{}",
                self.screen()
            );
        }
        status.exit_code()
    }

    /// Send the program the signal `signal` (`libc::SIGTERM`), as `kill`
    /// does.
    pub fn signal(&mut self, signal: libc::c_int) {
        let pid = self.child.process_id().expect("the program's process id");
        let pid = libc::pid_t::try_from(pid).expect("a process id fits a pid_t");
        // SAFETY: kill takes plain integers and touches no memory of ours.
        let result = unsafe { libc::kill(pid, signal) };
        assert_eq!(result, 0, "kill: {}", std::io::Error::last_os_error());
    }

    /// What the program left switched on in the terminal, from the modes
    /// the screen is in: the alternate screen, mouse reporting, a hidden
    /// cursor, and (where the pseudo-terminal tells) raw input. Empty when
    /// all is as a shell expects.
    pub fn left_on(&self) -> Vec<&'static str> {
        let mut on = Vec::new();
        {
            let state = self.lock();
            let screen = state.parser.screen();
            if screen.alternate_screen() {
                on.push("the alternate screen");
            }
            if screen.mouse_protocol_mode() != vt100::MouseProtocolMode::None {
                on.push("mouse reporting");
            }
            if screen.hide_cursor() {
                on.push("a hidden cursor");
            }
        }
        if let Some(termios) = self.master.get_termios() {
            let cooked = libc::ICANON | libc::ECHO;
            if termios.local_flags.bits() & cooked != cooked {
                on.push("raw mode");
            }
        }
        on
    }

    /// The window titles (and icon names) the program set, in order.
    pub fn titles(&self) -> Vec<String> {
        self.lock().parser.callbacks().titles.clone()
    }

    /// Every byte the program has written to the terminal so far.
    pub fn output(&self) -> Vec<u8> {
        self.lock().output.clone()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Screen> {
        self.screen.lock().expect("the screen lock")
    }
}

/// The number of bytes waiting in the terminal `tty` for the program to
/// read.
fn pending_input(tty: &Path) -> std::io::Result<usize> {
    use std::os::fd::AsRawFd;
    use std::os::unix::fs::OpenOptionsExt;
    // O_NOCTTY: never become this test's controlling terminal.
    let file = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .custom_flags(libc::O_NOCTTY)
        .open(tty)?;
    let mut pending: libc::c_int = 0;
    // SAFETY: FIONREAD writes one c_int through the pointer, which points at
    // a live c_int; the descriptor is open for the duration of the call.
    let result = unsafe { libc::ioctl(file.as_raw_fd(), libc::FIONREAD, &mut pending) };
    if result != 0 {
        return Err(std::io::Error::last_os_error());
    }
    Ok(usize::try_from(pending).unwrap_or(0))
}

/// The rows of `screen` as text, one line each.
fn screen_text(screen: &vt100::Screen) -> String {
    let (_, columns) = screen.size();
    screen.rows(0, columns.get()).collect::<Vec<_>>().join("\n")
}

/// `text` with every run of whitespace as one space, trimmed.
pub fn squeeze(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
