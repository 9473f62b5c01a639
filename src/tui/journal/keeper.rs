//! [`Keeper`]: the journal of one running UI, kept in step with its plan.
//!
//! The event loop calls [`Keeper::tick`] after each burst of input and on
//! each idle tick; the keeper writes the journal when [`Debounce`] says so.
//! [`Keeper::flush`] writes it at once (a signal, a panic, an error), and
//! [`Keeper::remove`] takes it away on a clean quit. When the plan gets a
//! new file ("save as" of the example), the journal follows it.

use std::path::{Path, PathBuf};
use std::time::Instant;

use super::{Base, Debounce, Entry, Header, canonical, file_for, is_orphan, journals_of};
use crate::disk::DiskStamp;
use crate::session::PlanFile;

/// What the journal must reflect: whether there is unsaved work and which
/// edits are applied, on which file as read or written. Two moments in the
/// same state have the same text.
#[derive(Debug, Clone, PartialEq)]
struct State {
    unsaved: bool,
    version: u64,
    stamp: Option<DiskStamp>,
    path: Option<PathBuf>,
}

impl State {
    fn of(session: &PlanFile) -> State {
        State {
            unsaved: session.is_dirty(),
            version: session.history().version(),
            stamp: session.stamp().cloned(),
            path: session.path().map(Path::to_path_buf),
        }
    }
}

/// The journal of one running UI.
#[derive(Debug)]
pub struct Keeper {
    /// Where journals are kept.
    dir: PathBuf,
    /// This process.
    pid: u32,
    /// The plan's path as the session has it, to notice a new one.
    path: Option<PathBuf>,
    /// The plan's canonical path, which names the journal.
    plan: Option<PathBuf>,
    /// When this UI opened the plan.
    since: u64,
    /// The base of the file as last read or written, for its stamp.
    base: Option<(DiskStamp, Base)>,
    /// When to write next.
    debounce: Debounce<State>,
}

impl Keeper {
    /// The journal of this process for the plan of `session`, in the state
    /// directory. Nothing is written until the first [`Keeper::tick`].
    pub fn new(session: &PlanFile) -> Keeper {
        Keeper::in_dir(super::directory(), session, std::process::id())
    }

    /// The journal of process `pid` for the plan of `session`, in `dir`.
    pub fn in_dir(dir: PathBuf, session: &PlanFile, pid: u32) -> Keeper {
        let path = session.path().map(Path::to_path_buf);
        Keeper {
            plan: canonical(path.as_deref()),
            path,
            dir,
            pid,
            since: super::now_seconds(),
            base: None,
            debounce: Debounce::default(),
        }
    }

    /// The journal's file.
    pub fn file(&self) -> PathBuf {
        file_for(&self.dir, self.plan.as_deref(), self.pid)
    }

    /// The journals of this plan that UIs now gone left, newest first; the
    /// plan's text in each. Those that held nothing unsaved are removed.
    pub fn orphans(&self) -> Vec<(PathBuf, Entry)> {
        journals_of(&self.dir, self.plan.as_deref())
            .into_iter()
            .filter(|(_, entry)| is_orphan(&entry.header, self.pid))
            .filter(|(path, entry)| {
                if entry.text.is_none() {
                    let _ = std::fs::remove_file(path);
                }
                entry.text.is_some()
            })
            .collect()
    }

    /// Write the journal if it is due; `idle` when no input came in the
    /// last tick. Returns whether it was written.
    pub fn tick(&mut self, session: &PlanFile, idle: bool) -> std::io::Result<bool> {
        self.follow(session);
        let state = State::of(session);
        if !self.debounce.due(&state, Instant::now(), idle) {
            return Ok(false);
        }
        self.write(session, state)?;
        Ok(true)
    }

    /// Write the journal now, unless it already holds this state; returns
    /// its file.
    pub fn flush(&mut self, session: &PlanFile) -> std::io::Result<PathBuf> {
        self.follow(session);
        let state = State::of(session);
        if !self.debounce.is_written(&state) {
            self.write(session, state)?;
        }
        Ok(self.file())
    }

    /// Remove the journal: the plan is saved, or its unsaved work
    /// discarded, and the UI ends.
    pub fn remove(&mut self) {
        let _ = std::fs::remove_file(self.file());
        self.debounce = Debounce::default();
    }

    /// The plan got a new file: move the journal to its name.
    fn follow(&mut self, session: &PlanFile) {
        if session.path() != self.path.as_deref() {
            let _ = std::fs::remove_file(self.file());
            self.path = session.path().map(Path::to_path_buf);
            self.plan = canonical(self.path.as_deref());
            self.debounce = Debounce::default();
        }
    }

    fn write(&mut self, session: &PlanFile, state: State) -> std::io::Result<()> {
        let started = Instant::now();
        let base = session.stamp().map(|stamp| match &self.base {
            Some((known, base)) if known == stamp => base.clone(),
            _ => {
                let base = Base::of(session.disk_bytes());
                self.base = Some((stamp.clone(), base.clone()));
                base
            }
        });
        let entry = Entry {
            header: Header {
                format: super::FORMAT,
                plan: self.plan.as_ref().map(|p| p.display().to_string()),
                pid: self.pid,
                user: super::user(),
                host: super::host(),
                since: self.since,
                written: super::now_seconds(),
                unsaved: state.unsaved,
                base,
            },
            text: state.unsaved.then(|| session.to_bytes()),
        };
        if !self.dir.is_dir() {
            std::fs::create_dir_all(&self.dir)?;
            // Unsaved text is the person's alone.
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                let _ = std::fs::set_permissions(&self.dir, std::fs::Permissions::from_mode(0o700));
            }
        }
        crate::disk::write_file(&self.file(), &entry.to_bytes(), None)
            .map_err(std::io::Error::other)?;
        let now = Instant::now();
        self.debounce
            .wrote(state, now, now.saturating_duration_since(started));
        Ok(())
    }
}
