//! Who may write a plan, and who has it open: advisory locks on small files
//! beside the plan.
//!
//! A plan is replaced by renaming a new copy over it, so a lock on the plan's
//! own inode would not outlive the first save. The locks live in files of
//! their own next to the (resolved) plan instead:
//!
//! - `.{plan}.commonplan-lock`, the **write lock** ([`WriteLock`]): held for
//!   the moment of one write — read, compare the stamp, rename — so that two
//!   writers never interleave. Others wait for it, briefly.
//! - `.{plan}.commonplan-open`, the **editing lock** ([`EditingLock`]): held
//!   by a terminal UI for as long as it has the plan open, so that a second
//!   one can say who has it ([`Holder`]) and open the plan read-only.
//!
//! Each is an exclusive `flock` on its file, which the holder fills with who
//! it is (pid, user, host, since) and removes when it lets go. The kernel
//! lets go of a `flock` when its process dies, so a lock file left behind by
//! a killed process holds nothing; a lock whose recorded holder is a process
//! of this host that no longer runs (a lock inherited by a child) is stale
//! too, and is broken. Where a lock file cannot be made at all (a directory
//! we may not write, a file system without locks) the write goes on
//! unlocked and fails, or not, as it would have.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime};

use super::{DiskError, split_plan_path};

/// How long a writer waits for another one before giving up.
pub const WRITE_WAIT: Duration = Duration::from_secs(10);

/// The ending of the write lock's file name.
const WRITE_LOCK: &str = "lock";

/// The ending of the editing lock's file name.
const EDITING_LOCK: &str = "open";

/// Who holds a lock: the process, its user and host, and since when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Holder {
    /// The holding process's id.
    pub pid: u32,
    /// Its user's login name (or `uid N` where that is not known).
    pub user: String,
    /// The name of the host it runs on.
    pub host: String,
    /// When it took the lock.
    pub since: SystemTime,
}

impl Holder {
    /// This process, now.
    pub fn current() -> Holder {
        Holder {
            pid: std::process::id(),
            user: current_user(),
            host: current_host(),
            since: SystemTime::now(),
        }
    }

    /// Who holds it, for a person: `pid 1234, ana@laptop, since 2026-05-01
    /// 10:02 UTC`.
    pub fn describe(&self) -> String {
        let seconds = self
            .since
            .duration_since(SystemTime::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        let date = crate::model::Date::from_days_since_epoch((seconds / 86_400) as i64);
        let minutes = seconds % 86_400 / 60;
        format!(
            "pid {}, {}@{}, since {date} {:02}:{:02} UTC",
            self.pid,
            self.user,
            self.host,
            minutes / 60,
            minutes % 60
        )
    }

    /// Whether this holder is a process of this host that no longer runs:
    /// its lock does not count.
    pub fn is_stale(&self) -> bool {
        self.host == current_host() && !process_runs(self.pid)
    }

    /// The lock file's text.
    fn to_text(&self) -> String {
        let since = self
            .since
            .duration_since(SystemTime::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        format!(
            "pid={}\nuser={}\nhost={}\nsince={since}\n",
            self.pid,
            one_line(&self.user),
            one_line(&self.host)
        )
    }

    /// The holder a lock file's text names; `None` when it names none (a
    /// file being written at this moment, or not ours).
    fn parse(text: &str) -> Option<Holder> {
        let (mut pid, mut user, mut host, mut since) = (None, None, None, None);
        for line in text.lines() {
            match line.split_once('=') {
                Some(("pid", v)) => pid = v.parse().ok(),
                Some(("user", v)) => user = Some(v.to_owned()),
                Some(("host", v)) => host = Some(v.to_owned()),
                Some(("since", v)) => {
                    since = v
                        .parse()
                        .ok()
                        .map(|s| SystemTime::UNIX_EPOCH + Duration::from_secs(s))
                }
                _ => {}
            }
        }
        Some(Holder {
            pid: pid?,
            user: user?,
            host: host?,
            since: since?,
        })
    }
}

impl std::fmt::Display for Holder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.describe())
    }
}

/// The write lock of one plan: while it lives, no other commonplan writes
/// that plan. Taken by [`super::write_file`] for each write, or by the caller
/// around a read, an edit and its save ([`super::WriteOptions::lock`]).
#[derive(Debug)]
pub struct WriteLock {
    /// The lock file, `None` where none could be made (see the module).
    file: Option<LockFile>,
    /// The plan, resolved through its symbolic links.
    target: PathBuf,
    /// Who held it while we waited, when we had to.
    waited_for: Option<Holder>,
}

impl WriteLock {
    /// Take the write lock of the plan at `path`, waiting up to
    /// [`WRITE_WAIT`] for another writer to finish; past that,
    /// [`DiskError::Locked`] names who holds it.
    pub fn acquire(path: &Path) -> Result<WriteLock, DiskError> {
        WriteLock::acquire_within(path, WRITE_WAIT)
    }

    /// [`WriteLock::acquire`], waiting up to `wait`.
    pub fn acquire_within(path: &Path, wait: Duration) -> Result<WriteLock, DiskError> {
        let target = super::resolve_links(path)?;
        let Ok(lock_path) = lock_path(&target, WRITE_LOCK) else {
            return Ok(WriteLock::unlocked(target));
        };
        let deadline = Instant::now() + wait;
        let mut pause = Duration::from_millis(1);
        let mut waited_for = None;
        loop {
            match LockFile::take(&lock_path) {
                Ok(Taken::Yes(file)) => {
                    return Ok(WriteLock {
                        file: Some(file),
                        target,
                        waited_for,
                    });
                }
                Ok(Taken::HeldBy(holder)) => {
                    if holder.is_some() {
                        waited_for.clone_from(&holder);
                    }
                    if Instant::now() >= deadline {
                        return Err(DiskError::Locked {
                            path: path.to_path_buf(),
                            holder: holder.or(waited_for),
                            waited: wait,
                        });
                    }
                    std::thread::sleep(pause);
                    pause = (pause * 2).min(Duration::from_millis(20));
                }
                // No lock can be had here: write as before, unlocked.
                Err(_) => return Ok(WriteLock::unlocked(target)),
            }
        }
    }

    fn unlocked(target: PathBuf) -> WriteLock {
        WriteLock {
            file: None,
            target,
            waited_for: None,
        }
    }

    /// Who held the lock while this writer waited for it; `None` when it
    /// was free at once.
    pub fn waited_for(&self) -> Option<&Holder> {
        self.waited_for.as_ref()
    }

    /// Whether this lock covers the plan at `target` (resolved).
    pub(super) fn covers(&self, target: &Path) -> bool {
        self.target == target
    }

    /// Whether a lock file is held (false where none could be made).
    pub fn is_held(&self) -> bool {
        self.file.is_some()
    }
}

/// What [`EditingLock::claim`] found.
#[derive(Debug)]
pub enum Claim {
    /// The plan is ours to edit until the lock is dropped.
    Claimed(EditingLock),
    /// Another commonplan has the plan open for editing.
    HeldBy(Holder),
}

/// The "open for editing" lock of one plan, held by a terminal UI for as
/// long as it has the plan open; dropped, it lets go and removes its file.
#[derive(Debug)]
pub struct EditingLock {
    /// The lock file, `None` where none could be made (see the module).
    file: Option<LockFile>,
}

impl EditingLock {
    /// Take the editing lock of the plan at `path`, without waiting. A
    /// holder that is a dead process of this host does not count: its lock
    /// is broken and taken.
    pub fn claim(path: &Path) -> Result<Claim, DiskError> {
        let target = super::resolve_links(path)?;
        let Ok(lock_path) = lock_path(&target, EDITING_LOCK) else {
            return Ok(Claim::Claimed(EditingLock { file: None }));
        };
        match LockFile::take(&lock_path) {
            Ok(Taken::Yes(file)) => Ok(Claim::Claimed(EditingLock { file: Some(file) })),
            Ok(Taken::HeldBy(Some(holder))) => Ok(Claim::HeldBy(holder)),
            // Held, but by whom is not written yet: the holder is taking it
            // this very moment. Look once more.
            Ok(Taken::HeldBy(None)) => {
                std::thread::sleep(Duration::from_millis(50));
                match LockFile::take(&lock_path) {
                    Ok(Taken::Yes(file)) => Ok(Claim::Claimed(EditingLock { file: Some(file) })),
                    Ok(Taken::HeldBy(holder)) => Ok(Claim::HeldBy(holder.unwrap_or(Holder {
                        pid: 0,
                        user: "someone".to_owned(),
                        host: "another host".to_owned(),
                        since: SystemTime::now(),
                    }))),
                    Err(_) => Ok(Claim::Claimed(EditingLock { file: None })),
                }
            }
            Err(_) => Ok(Claim::Claimed(EditingLock { file: None })),
        }
    }

    /// Who has the plan at `path` open for editing, if anyone (a stale
    /// holder does not count). Takes nothing.
    pub fn holder(path: &Path) -> Result<Option<Holder>, DiskError> {
        let target = super::resolve_links(path)?;
        let Ok(lock_path) = lock_path(&target, EDITING_LOCK) else {
            return Ok(None);
        };
        let Ok(mut file) = File::open(&lock_path) else {
            return Ok(None);
        };
        match file.try_lock_shared() {
            Ok(()) => Ok(None),
            Err(fs::TryLockError::WouldBlock) => {
                let mut text = String::new();
                let _ = file.read_to_string(&mut text);
                Ok(Holder::parse(&text).filter(|h| !h.is_stale()))
            }
            Err(fs::TryLockError::Error(_)) => Ok(None),
        }
    }

    /// Whether a lock file is held (false where none could be made, and
    /// the plan is claimed all the same).
    pub fn is_held(&self) -> bool {
        self.file.is_some()
    }
}

/// The path of the lock file `.{plan}.commonplan-{kind}` of the resolved
/// plan `target`.
fn lock_path(target: &Path, kind: &str) -> Result<PathBuf, DiskError> {
    let (directory, file_name) = split_plan_path(target, target)?;
    let mut name = super::replace::temporary_prefix(file_name);
    name.push(kind);
    Ok(directory.join(name))
}

/// What an attempt at a lock found.
enum Taken {
    /// It is ours.
    Yes(LockFile),
    /// Someone else holds it: who, when the file says.
    HeldBy(Option<Holder>),
}

/// A lock file we hold: `flock`ed, holding our [`Holder`], removed when
/// dropped.
#[derive(Debug)]
struct LockFile {
    file: File,
    path: PathBuf,
}

impl LockFile {
    /// Take the lock at `path` if it is free, without waiting.
    ///
    /// The file is made when missing. Its last holder removes it when
    /// letting go, so a lock won on a file that is no longer at `path` is
    /// let go and tried again. A holder that [`Holder::is_stale`] is broken:
    /// its file is removed, and the lock tried again.
    fn take(path: &Path) -> io::Result<Taken> {
        for _ in 0..16 {
            let file = open_lock_file(path)?;
            match file.try_lock() {
                Ok(()) => {}
                Err(fs::TryLockError::WouldBlock) => {
                    let holder = read_holder(&file);
                    if let Some(holder) = &holder
                        && holder.is_stale()
                        && same_file(&file, path)
                    {
                        // A dead process of this host still holds it (a
                        // child kept the descriptor): break it.
                        let _ = fs::remove_file(path);
                        continue;
                    }
                    return Ok(Taken::HeldBy(holder));
                }
                Err(fs::TryLockError::Error(e)) => return Err(e),
            }
            if !same_file(&file, path) {
                // Its holder removed it as we took it: try the new one.
                continue;
            }
            let mut lock = LockFile {
                file,
                path: path.to_path_buf(),
            };
            if lock.write_holder().is_err() {
                // Left by another user, whose file we may not write: it
                // holds nothing now. Remove it (dropping the lock) and make
                // our own.
                let _ = fs::remove_file(path);
                continue;
            }
            return Ok(Taken::Yes(lock));
        }
        Err(io::Error::other("the lock file keeps changing"))
    }

    fn write_holder(&mut self) -> io::Result<()> {
        self.file.set_len(0)?;
        self.file
            .write_all(Holder::current().to_text().as_bytes())?;
        self.file.flush()
    }
}

impl Drop for LockFile {
    fn drop(&mut self) {
        // Remove the file while still holding it, so that whoever takes it
        // next either made a new one or sees that this one is gone.
        if same_file(&self.file, &self.path) {
            let _ = fs::remove_file(&self.path);
        }
        // Closing the file lets go of the lock.
    }
}

/// Open (or make) the lock file at `path`, for writing where we may.
fn open_lock_file(path: &Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.read(true).write(true).create(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o644);
    }
    match options.open(path) {
        Err(e) if e.kind() == io::ErrorKind::PermissionDenied => File::open(path),
        other => other,
    }
}

/// The holder that the lock file `file` names, read from its start.
fn read_holder(file: &File) -> Option<Holder> {
    let mut text = String::new();
    let mut reader = file;
    (&mut reader).take(4096).read_to_string(&mut text).ok()?;
    Holder::parse(&text)
}

/// Whether the open `file` is still the file at `path`.
fn same_file(file: &File, path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        match (file.metadata(), fs::metadata(path)) {
            (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
            _ => false,
        }
    }
    #[cfg(not(unix))]
    {
        let _ = (file, path);
        true
    }
}

/// `text` on one line, for the lock file.
fn one_line(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { '?' } else { c })
        .collect()
}

/// The login name of this process's user.
fn current_user() -> String {
    for variable in ["USER", "LOGNAME"] {
        if let Ok(name) = std::env::var(variable)
            && !name.is_empty()
        {
            return name;
        }
    }
    #[cfg(unix)]
    {
        format!("uid {}", rustix::process::getuid().as_raw())
    }
    #[cfg(not(unix))]
    {
        "someone".to_owned()
    }
}

/// The name of this host.
fn current_host() -> String {
    #[cfg(unix)]
    {
        rustix::system::uname()
            .nodename()
            .to_string_lossy()
            .into_owned()
    }
    #[cfg(not(unix))]
    {
        std::env::var("COMPUTERNAME").unwrap_or_else(|_| "localhost".to_owned())
    }
}

/// Whether a process with id `pid` runs on this host. Where that cannot be
/// told, it does.
fn process_runs(pid: u32) -> bool {
    #[cfg(unix)]
    {
        let Some(pid) = i32::try_from(pid)
            .ok()
            .and_then(rustix::process::Pid::from_raw)
        else {
            return false;
        };
        !matches!(
            rustix::process::test_kill_process(pid),
            Err(rustix::io::Errno::SRCH)
        )
    }
    #[cfg(not(unix))]
    {
        let _ = pid;
        true
    }
}

#[cfg(test)]
mod tests;
