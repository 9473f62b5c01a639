//! The terminal UI: one loop, one state, pure rendering.
//!
//! ```text
//! key / mouse / file-watch event → keymap → Action → update(&mut App) → render(&App)
//! ```
//!
//! [`run`] sets the terminal up (raw mode, alternate screen, mouse), restores
//! it on every way out — a panic, an error, or a signal from outside (HUP
//! when the terminal closes, TERM, INT, QUIT: see [`signals`]) — and runs
//! the loop. While there is unsaved work, the loop keeps it in a journal
//! ([`journal`]), which every way out but a clean quit leaves behind and the
//! next start on the plan offers to recover. A plan another UI has open is
//! opened read-only, unless asked otherwise. Only this module and its
//! children use ratatui and crossterm.

pub mod action;
pub mod app;
pub mod config;
pub mod contrast;
pub mod detail;
pub mod figures;
pub mod form;
pub mod journal;
pub mod keymap;
pub mod layout;
pub mod picker;
pub mod present;
pub mod screen;
pub mod signals;
pub mod tally;
pub mod theme;
pub mod update;
pub mod view;
pub mod watch;
pub mod widgets;

use std::io::Write;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::time::Duration;

use crossterm::event::{self, DisableMouseCapture, EnableMouseCapture, Event, KeyEventKind};
use ratatui::DefaultTerminal;

use crate::document::PlanDocument;
use crate::model::Date;
use crate::session::{self, PlanFile};
use crate::text::Shown;
use app::{App, Effect, Settings};
use journal::keeper::Keeper;
use signals::{Input, Signals};

/// The Ghent example, bundled so a first start has a plan to show.
pub const EXAMPLE: &str = include_str!("../../plans/ghent.toml");

/// How long the loop waits for input before looking at the file watcher.
const TICK: Duration = Duration::from_millis(200);

/// Why the UI could not start.
#[derive(Debug)]
pub enum OpenError {
    /// The plan could not be read.
    Read(String),
    /// The plan is not TOML (or not UTF-8): the report to print.
    Parse(String),
}

/// Open `path` (or, without one, the plan used last, or the bundled example
/// as an unsaved copy) into a new [`App`].
pub fn open(path: Option<&Path>, settings: Settings, today: Date) -> Result<App, OpenError> {
    let remembered = if path.is_none() {
        config::last_plan()
    } else {
        None
    };
    open_with(path, remembered, settings, today)
}

/// Open `path`, else the plan `remembered` as opened last, else the bundled
/// example. A remembered plan that is gone is named in the status line.
pub fn open_with(
    path: Option<&Path>,
    remembered: Option<PathBuf>,
    settings: Settings,
    today: Date,
) -> Result<App, OpenError> {
    let (path, gone) = match (path, remembered) {
        (Some(path), _) => (Some(path.to_path_buf()), None),
        (None, Some(last)) if last.is_file() => (Some(last), None),
        (None, last) => (None, last),
    };
    let mut conflicted = None;
    let session = match path {
        Some(path) => match PlanFile::open(&path, today) {
            Ok(session) => session,
            Err(session::OpenError::Read(error)) => {
                return Err(OpenError::Read(Shown::line(&error.to_string()).into()));
            }
            Err(parse @ session::OpenError::Parse { .. }) => {
                // A file a merge left conflict markers in opens on our side
                // of each, with the conflicts to resolve.
                let Some((session, pending)) = PlanFile::open_conflicted(&path, today) else {
                    return Err(OpenError::Parse(parse.report(false)));
                };
                conflicted = Some(pending);
                session
            }
        },
        None => {
            let document = PlanDocument::load(EXAMPLE.as_bytes(), today)
                .map_err(|failure| OpenError::Parse(failure.diagnostic.message))?;
            PlanFile::unsaved(document)
        }
    };
    let mut app = App::new(session, settings, today);
    if let Some(pending) = conflicted {
        let count = pending.conflicts.len();
        app.merge = Some(pending);
        app.overlay = Some(app::Overlay::Conflicts);
        app.say(format!(
            "{} has {count} merge {}: resolve each",
            app.file_name(),
            if count == 1 { "conflict" } else { "conflicts" }
        ));
    }
    if let Some(gone) = gone {
        app.say(format!(
            "{} is gone; showing the example",
            Shown::line(&gone.display().to_string())
        ));
    }
    Ok(app)
}

/// Whether both ends of the conversation are a terminal.
pub fn on_a_terminal() -> bool {
    use std::io::IsTerminal;
    std::io::stdin().is_terminal() && std::io::stdout().is_terminal()
}

/// How the event loop ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ending {
    /// The person quit: the plan is saved, or its unsaved work discarded.
    Quit,
    /// A signal came from outside.
    Signal(i32),
}

/// Run the UI on `path` until the person quits. Returns the exit code; after
/// a signal, the process exits from here with 128 + its number, once the
/// journal is flushed and the terminal restored. `read_write` opens the
/// plan for editing even when another UI has it open.
pub fn run(path: Option<PathBuf>, since: Option<String>, read_write: bool) -> anyhow::Result<u8> {
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let (settings, config_problem) =
        config::load_settings(config::config_path().as_deref(), no_color);
    let mut app = match open(path.as_deref(), settings, Date::today()) {
        Ok(app) => app,
        Err(OpenError::Read(error)) => {
            eprintln!("error: {error}");
            return Ok(2);
        }
        Err(OpenError::Parse(report)) => {
            eprint!("{report}");
            return Ok(1);
        }
    };
    app.since = since;
    match app.session.path() {
        Some(path) => config::remember_plan(path),
        None if app.message.is_none() => {
            app.say("this is the bundled Ghent example; Ctrl-s saves it where you choose")
        }
        None => {}
    }
    if let Some(problem) = config_problem {
        app.fail(problem);
    }
    let mut keeper = start_journal(&mut app, read_write);
    let signals = match Signals::catch() {
        Ok(signals) => Some(signals),
        Err(error) => {
            app.fail(format!(
                "cannot catch signals ({error}): a closed terminal would lose unsaved work"
            ));
            None
        }
    };
    let mut terminal = match ratatui::try_init() {
        Ok(terminal) => terminal,
        Err(error) => {
            ratatui::restore();
            eprintln!("error: cannot start the terminal UI: {error}");
            if let Some(keeper) = &mut keeper {
                keeper.remove();
            }
            return Ok(2);
        }
    };
    let _ = crossterm::execute!(std::io::stdout(), EnableMouseCapture);
    let outcome = catch_unwind(AssertUnwindSafe(|| {
        event_loop(&mut terminal, &mut app, keeper.as_mut(), signals.as_ref())
    }));
    // The unsaved work first: the terminal may be gone, and restoring it
    // could fail or wait.
    let kept = match (&outcome, keeper.as_mut()) {
        (Ok(Ok(Ending::Quit)), Some(keeper)) => {
            keeper.remove();
            None
        }
        (_, Some(keeper)) if app.session.is_dirty() => Some(keep(&app, keeper)),
        (_, Some(keeper)) => {
            keeper.remove();
            None
        }
        (_, None) => None,
    };
    restore_terminal();
    let kept_said = |what: &str| match &kept {
        Some(Ok(Ok(file))) => format!(
            "{what}. Your unsaved work is kept in {}; open the plan again to recover it.",
            Shown::line(&file.display().to_string())
        ),
        Some(Ok(Err(error))) => {
            format!("{what} and could not keep your unsaved work: {error}")
        }
        Some(Err(_)) => format!("{what}; the unsaved work could not be kept"),
        None => format!("{what}; there were no unsaved changes."),
    };
    match outcome {
        Ok(Ok(Ending::Quit)) => Ok(0),
        Ok(Ok(Ending::Signal(signal))) => {
            tell(&kept_said(&format!(
                "commonplan ended on {}",
                signals::name(signal)
            )));
            std::process::exit(i32::from(signals::exit_code(signal)));
        }
        Ok(Err(error)) => {
            tell(&kept_said("commonplan stopped on an error"));
            Err(error)
        }
        Err(_) => {
            tell(&kept_said("commonplan stopped on an internal error"));
            Ok(101)
        }
    }
}

/// Before the UI starts: open the plan read-only when another UI has it
/// open (unless `read_write`); otherwise start this UI's journal and offer
/// the unsaved work an earlier run left, if any.
fn start_journal(app: &mut App, read_write: bool) -> Option<Keeper> {
    // The editing lock says who else has the plan open, on this host or
    // another, whatever their home directory.
    match app.session.claim_editing() {
        Ok(Some(holder)) if !read_write => {
            let name = app.file_name();
            app.fail(format!(
                "read-only: {name} is open in another commonplan ({})",
                holder.describe()
            ));
            app.read_only = Some(format!("pid {} has it open", holder.pid));
            return None;
        }
        Ok(Some(_)) => app.session.write_anyway(),
        Ok(None) | Err(_) => {}
    }
    if app.session.read_only() {
        let name = app.file_name();
        app.fail(format!(
            "{name} is read-only: you have no permission to write it, so saving it will be refused"
        ));
    }
    let keeper = Keeper::new(&app.session);
    if let Some((file, entry)) = keeper.orphans().into_iter().next() {
        update::offer_recovery(app, file, &entry);
    }
    Some(keeper)
}

/// Write the unsaved work of `app` to its journal now; returns the
/// journal's file. The document may be in any state after a panic, so
/// rendering it is guarded too.
pub fn keep(app: &App, keeper: &mut Keeper) -> std::thread::Result<std::io::Result<PathBuf>> {
    catch_unwind(AssertUnwindSafe(|| keeper.flush(&app.session)))
}

/// Give the terminal back as it was: mouse reporting off, the cursor
/// shown, raw mode off, the main screen. Each step is tried whatever became
/// of the one before, and errors are ignored: the terminal may be gone (a
/// hang-up), and nothing here may panic, as printing to it would.
fn restore_terminal() {
    let mut stdout = std::io::stdout();
    let _ = crossterm::execute!(stdout, DisableMouseCapture, crossterm::cursor::Show);
    let _ = crossterm::terminal::disable_raw_mode();
    let _ = crossterm::execute!(stdout, crossterm::terminal::LeaveAlternateScreen);
}

/// Say `text` on standard error, if it is still there: after a hang-up it
/// is not, and `eprintln!` would panic.
fn tell(text: &str) {
    let _ = writeln!(std::io::stderr(), "{text}");
}

fn event_loop(
    terminal: &mut DefaultTerminal,
    app: &mut App,
    keeper: Option<&mut Keeper>,
    signals: Option<&Signals>,
) -> anyhow::Result<Ending> {
    let received = || signals.and_then(Signals::received);
    match run_loop(terminal, app, keeper, signals) {
        Ok(ending) => Ok(ending),
        // A closed terminal fails the next read or draw as it sends HUP:
        // let the signal arrive, and end on it rather than on the error.
        Err(error) => {
            if received().is_none() {
                std::thread::sleep(Duration::from_millis(100));
            }
            received().map(Ending::Signal).ok_or(error)
        }
    }
}

fn run_loop(
    terminal: &mut DefaultTerminal,
    app: &mut App,
    mut keeper: Option<&mut Keeper>,
    signals: Option<&Signals>,
) -> anyhow::Result<Ending> {
    let received = || signals.and_then(Signals::received);
    let mut watcher = app
        .session
        .path()
        .and_then(|p| watch::PlanWatcher::new(p).ok());
    let size = terminal.size()?;
    update::resize(app, size.width, size.height);
    let mut journal_failed = false;
    loop {
        if let Some(signal) = received() {
            return Ok(Ending::Signal(signal));
        }
        terminal.draw(|frame| view::render(app, frame))?;
        if app.quit {
            return Ok(Ending::Quit);
        }
        let idle = match signals::wait_for_input(TICK) {
            // End as a hang-up does, whether or not its signal came yet.
            Input::HungUp => return Ok(Ending::Signal(received().unwrap_or(signals::SIGHUP))),
            Input::Idle => !event::poll(Duration::ZERO)?,
            Input::Ready => !event::poll(TICK)?,
        };
        if !idle {
            // Everything already typed is one burst: keys that arrived
            // before the screen could show what the first of them did.
            let mut keys = Vec::new();
            loop {
                match event::read()? {
                    Event::Key(key) if key.kind == KeyEventKind::Press => keys.push(key),
                    Event::Mouse(mouse) => {
                        update::handle_burst(app, &std::mem::take(&mut keys));
                        update::handle_mouse(app, mouse);
                    }
                    Event::Resize(width, height) => update::resize(app, width, height),
                    _ => {}
                }
                // A hang-up ends the burst before crossterm can spin on it.
                if signals::wait_for_input(Duration::ZERO) == Input::HungUp
                    || !event::poll(Duration::ZERO)?
                {
                    break;
                }
            }
            update::handle_burst(app, &keys);
        } else {
            // Idle: get the first edit's one-off work done now, so that the
            // key press that makes it answers at once.
            app.session.prepare_for_edit();
        }
        if watcher.as_ref().is_some_and(watch::PlanWatcher::changed) {
            update::outside_change(app);
        }
        if let Some(keeper) = keeper.as_deref_mut() {
            match keeper.tick(&app.session, idle) {
                Ok(_) => journal_failed = false,
                Err(error) if !journal_failed => {
                    journal_failed = true;
                    app.fail(format!(
                        "cannot keep the journal of unsaved work: {}",
                        Shown::line(&error.to_string())
                    ));
                }
                Err(_) => {}
            }
        }
        for effect in std::mem::take(&mut app.effects) {
            match effect {
                Effect::Watch(path) => {
                    config::remember_plan(&path);
                    watcher = watch::PlanWatcher::new(&path).ok();
                }
                Effect::OpenEditor { path, line } => {
                    restore_terminal();
                    let result = run_editor(&path, line);
                    // Ctrl-C or Ctrl-\ typed in the editor's cooked
                    // terminal signal us too; they were meant for it.
                    if let Some(signals) = signals {
                        signals.forget_interrupts();
                    }
                    *terminal = ratatui::init();
                    let _ = crossterm::execute!(std::io::stdout(), EnableMouseCapture);
                    terminal.clear()?;
                    match result {
                        Ok(()) => update::reload(app, true),
                        Err(error) => app.fail(error),
                    }
                    // The editor's own writes are not outside changes.
                    if let Some(w) = &watcher {
                        w.changed();
                    }
                }
            }
        }
    }
}

/// Run `$VISUAL` or `$EDITOR` (else `vi`) on `path` at `line`.
fn run_editor(path: &Path, line: usize) -> Result<(), String> {
    let editor = std::env::var("VISUAL")
        .ok()
        .filter(|e| !e.trim().is_empty())
        .or_else(|| {
            std::env::var("EDITOR")
                .ok()
                .filter(|e| !e.trim().is_empty())
        })
        .unwrap_or_else(|| "vi".to_owned());
    let words = shell_words::split(&editor).map_err(|e| format!("$EDITOR: {e}"))?;
    let Some((program, args)) = words.split_first() else {
        return Err("$EDITOR is empty".to_owned());
    };
    let _ = std::io::stdout().flush();
    let status = std::process::Command::new(program)
        .args(args)
        .arg(format!("+{line}"))
        .arg(path)
        .status()
        .map_err(|e| format!("cannot run {}: {e}", Shown::line(program)))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{} exited with {status}", Shown::line(program)))
    }
}
