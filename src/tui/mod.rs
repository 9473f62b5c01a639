//! The terminal UI: one loop, one state, pure rendering.
//!
//! ```text
//! key / mouse / file-watch event → keymap → Action → update(&mut App) → render(&App)
//! ```
//!
//! [`run`] sets the terminal up (raw mode, alternate screen, mouse), restores
//! it on every way out — a panic included, after which the unsaved work is
//! written to a recovery file whose path is printed — and runs the loop. Only
//! this module and its children use ratatui and crossterm.

pub mod action;
pub mod app;
pub mod config;
pub mod contrast;
pub mod detail;
pub mod figures;
pub mod form;
pub mod keymap;
pub mod layout;
pub mod picker;
pub mod present;
pub mod screen;
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

/// Run the UI on `path` until the person quits. Returns the exit code.
pub fn run(path: Option<PathBuf>, since: Option<String>) -> anyhow::Result<u8> {
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
    let mut terminal = match ratatui::try_init() {
        Ok(terminal) => terminal,
        Err(error) => {
            ratatui::restore();
            eprintln!("error: cannot start the terminal UI: {error}");
            return Ok(2);
        }
    };
    let _ = crossterm::execute!(std::io::stdout(), EnableMouseCapture);
    let outcome = catch_unwind(AssertUnwindSafe(|| event_loop(&mut terminal, &mut app)));
    let _ = crossterm::execute!(std::io::stdout(), DisableMouseCapture);
    ratatui::restore();
    match outcome {
        Ok(result) => {
            result?;
            Ok(0)
        }
        Err(_) => {
            recover(&app);
            Ok(101)
        }
    }
}

/// Write the unsaved work of `app` to a new file in `dir`. The document may
/// be in any state after a panic, so rendering it is guarded too.
pub fn recover_into(app: &App, dir: &Path) -> std::thread::Result<std::io::Result<PathBuf>> {
    let bytes = catch_unwind(AssertUnwindSafe(|| app.session.to_bytes()))?;
    Ok(config::write_recovery(dir, &app.file_name(), &bytes))
}

/// After a panic: write the unsaved work where it can be found.
fn recover(app: &App) {
    if !app.session.is_dirty() {
        eprintln!("commonplan stopped on an internal error; there were no unsaved changes.");
        return;
    }
    match recover_into(app, &config::recovery_dir()) {
        Ok(Ok(path)) => eprintln!(
            "commonplan stopped on an internal error. Your unsaved work is in {}",
            Shown::line(&path.display().to_string())
        ),
        Ok(Err(error)) => eprintln!(
            "commonplan stopped on an internal error and could not write your unsaved work: {error}"
        ),
        Err(_) => eprintln!(
            "commonplan stopped on an internal error; the unsaved work could not be recovered"
        ),
    }
}

fn event_loop(terminal: &mut DefaultTerminal, app: &mut App) -> anyhow::Result<()> {
    let mut watcher = app
        .session
        .path()
        .and_then(|p| watch::PlanWatcher::new(p).ok());
    let size = terminal.size()?;
    update::resize(app, size.width, size.height);
    loop {
        terminal.draw(|frame| view::render(app, frame))?;
        if app.quit {
            return Ok(());
        }
        if event::poll(TICK)? {
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
                if !event::poll(Duration::ZERO)? {
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
        for effect in std::mem::take(&mut app.effects) {
            match effect {
                Effect::Watch(path) => {
                    config::remember_plan(&path);
                    watcher = watch::PlanWatcher::new(&path).ok();
                }
                Effect::OpenEditor { path, line } => {
                    let _ = crossterm::execute!(std::io::stdout(), DisableMouseCapture);
                    ratatui::restore();
                    let result = run_editor(&path, line);
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
