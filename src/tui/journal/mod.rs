//! The journal: unsaved work of the terminal UI kept on disk, like Vim's
//! swap file, so that it outlives a closed terminal, a dropped SSH session,
//! a `kill` or a panic.
//!
//! **Where.** In the state directory (`$XDG_STATE_HOME/commonplan/journal/`
//! on Linux; the local data directory where a platform has no state
//! directory), one file per running UI, named after the plan's canonical
//! path and the UI's process id: `ghent.toml-0123456789abcdef.4242.journal`.
//! Not beside the plan as Vim does: a plan usually lives in a git checkout
//! or a synced folder, where a journal would show in `git status`, be
//! committed by `git add .` or travel to machines where its process id means
//! nothing; it would also hold unsaved text the person has not chosen to
//! share, and could not be written beside a plan in a directory we may not
//! write. The price: a moved home directory loses the journals, and another
//! user's UI on a shared plan is not seen (the lock on the plan is for that).
//!
//! **What.** A TOML header — the plan's path, who keeps the journal (process
//! id, user, host, since when), when it was written, and the base: the size
//! and a stable hash (FNV-1a) of the file the unsaved work was made on —
//! then, while there is unsaved work, a marker line and the plan's whole
//! text as the UI would save it. The text rather than the edits: it is what
//! a save would write, it needs no replay, and it reads back whatever
//! happened to the history. A UI with nothing unsaved keeps the header
//! alone. Who has a plan open is not the journal's to say: the UI holds the
//! plan's editing lock ([`crate::session::PlanFile::claim_editing`]) for
//! that, which sees other users and other homes too.
//!
//! **When.** [`keeper::Keeper`] writes it debounced ([`Debounce`]): at most
//! about once a second while edits come, at once when input pauses, always
//! atomically ([`crate::disk::write_file`]); on a signal and after a panic
//! it is flushed; a clean quit removes it. At the next start on the plan,
//! a journal whose process is gone is offered for recovery ([`Found`]).

pub mod keeper;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime};

use serde::{Deserialize, Serialize};

/// The journal format this program writes and reads.
const FORMAT: u32 = 1;

/// The line between the header and the plan's text.
const TEXT_MARKER: &str = "# ---- the unsaved text of the plan follows ----\n";

/// The ending of a journal's file name.
const SUFFIX: &str = ".journal";

/// What a journal's header holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Header {
    /// The journal format, [`FORMAT`].
    pub format: u32,
    /// The plan's canonical path; `None` for the bundled example, which has
    /// no file yet.
    pub plan: Option<String>,
    /// The process that keeps the journal.
    pub pid: u32,
    /// The user it runs as.
    pub user: String,
    /// The host it runs on.
    pub host: String,
    /// When it opened the plan, in seconds since 1970 (UTC).
    pub since: u64,
    /// When the journal was last written, in seconds since 1970 (UTC).
    pub written: u64,
    /// Whether the journal holds unsaved text.
    pub unsaved: bool,
    /// The file the unsaved work was made on; `None` when the plan has no
    /// file yet.
    pub base: Option<Base>,
}

/// The file on disk that unsaved work was made on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Base {
    /// Its size in bytes.
    pub len: u64,
    /// Its content's FNV-1a hash, as 16 hex digits: stable across releases,
    /// unlike the stamps of [`crate::disk`].
    pub hash: String,
}

impl Base {
    /// The base of a file holding `bytes`.
    pub fn of(bytes: &[u8]) -> Base {
        Base {
            len: bytes.len() as u64,
            hash: format!("{:016x}", fnv1a(bytes)),
        }
    }
}

/// A journal as read from disk: its header and, when it holds unsaved work,
/// the plan's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The header.
    pub header: Header,
    /// The plan's text, when [`Header::unsaved`].
    pub text: Option<Vec<u8>>,
}

impl Entry {
    /// The journal's bytes on disk.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut header = self.header.clone();
        header.unsaved = self.text.is_some();
        let mut bytes = b"# commonplan journal: unsaved work on a plan, kept until it is saved.\n\
                          # Open the plan in commonplan to recover it, compare it or discard it.\n"
            .to_vec();
        bytes.extend_from_slice(
            toml::to_string(&header)
                .expect("a journal header is plain TOML")
                .as_bytes(),
        );
        if let Some(text) = &self.text {
            bytes.extend_from_slice(TEXT_MARKER.as_bytes());
            bytes.extend_from_slice(text);
        }
        bytes
    }

    /// Read a journal from its bytes; `None` when they are not one (another
    /// format, a torn or foreign file).
    pub fn parse(bytes: &[u8]) -> Option<Entry> {
        let marker = TEXT_MARKER.as_bytes();
        let (head, text) = match bytes.windows(marker.len()).position(|w| w == marker) {
            Some(at) => (&bytes[..at], Some(bytes[at + marker.len()..].to_vec())),
            None => (bytes, None),
        };
        let header: Header = toml::from_str(std::str::from_utf8(head).ok()?).ok()?;
        if header.format != FORMAT || header.unsaved != text.is_some() {
            return None;
        }
        Some(Entry { header, text })
    }
}

/// The FNV-1a hash of `bytes` (64 bits).
pub fn fnv1a(bytes: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for &byte in bytes {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

/// Where journals are kept.
pub fn directory() -> PathBuf {
    let dirs = directories::ProjectDirs::from("", "", "commonplan");
    let base = dirs.map(|d| {
        d.state_dir()
            .unwrap_or_else(|| d.data_local_dir())
            .to_path_buf()
    });
    base.unwrap_or_else(std::env::temp_dir).join("journal")
}

/// The plan as journals name it: its canonical path, or the path as given
/// when it cannot be resolved; `None` for the bundled example.
pub fn canonical(plan: Option<&Path>) -> Option<PathBuf> {
    let plan = plan?;
    Some(
        std::fs::canonicalize(plan)
            .unwrap_or_else(|_| std::path::absolute(plan).unwrap_or_else(|_| plan.to_path_buf())),
    )
}

/// The start of the names of the journals of `plan` (a canonical path, or
/// `None` for the bundled example): its file name and the hash of its path.
fn key(plan: Option<&Path>) -> String {
    match plan {
        Some(path) => {
            let name: String = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default()
                .chars()
                .map(|c| {
                    if c.is_alphanumeric() || "._-".contains(c) {
                        c
                    } else {
                        '_'
                    }
                })
                .take(64)
                .collect();
            let hash = fnv1a(path.as_os_str().as_encoded_bytes());
            format!("{name}-{hash:016x}.")
        }
        None => "bundled-example.".to_owned(),
    }
}

/// The journal file that process `pid` keeps for `plan` in `dir`.
pub fn file_for(dir: &Path, plan: Option<&Path>, pid: u32) -> PathBuf {
    dir.join(format!("{}{pid}{SUFFIX}", key(plan)))
}

/// Every journal of `plan` in `dir`, with its path, newest first. Files
/// that are not journals are left out.
pub fn journals_of(dir: &Path, plan: Option<&Path>) -> Vec<(PathBuf, Entry)> {
    let prefix = key(plan);
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut found: Vec<(PathBuf, Entry)> = entries
        .flatten()
        .filter(|e| {
            let name = e.file_name();
            let name = name.to_string_lossy();
            name.starts_with(&prefix)
                && name.ends_with(SUFFIX)
                && name[prefix.len()..name.len() - SUFFIX.len()]
                    .chars()
                    .all(|c| c.is_ascii_digit())
        })
        .filter_map(|e| {
            let path = e.path();
            let entry = Entry::parse(&std::fs::read(&path).ok()?)?;
            Some((path, entry))
        })
        .collect();
    found.sort_by_key(|(_, entry)| std::cmp::Reverse(entry.header.written));
    found
}

/// Whether a journal in `dir` was left by a UI that is gone: written on this
/// host by a process that is no longer running.
pub fn is_orphan(header: &Header, me: u32) -> bool {
    header.pid != me && header.host == host() && !process_is_running(header.pid)
}

/// Whether a process with id `pid` is running on this host.
pub fn process_is_running(pid: u32) -> bool {
    #[cfg(unix)]
    {
        let Ok(pid) = libc::pid_t::try_from(pid) else {
            return false;
        };
        if pid <= 0 {
            return false;
        }
        // SAFETY: signal 0 sends nothing; kill only checks that the process
        // exists and may be signalled. No memory is involved.
        let result = unsafe { libc::kill(pid, 0) };
        result == 0 || std::io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
    }
    #[cfg(not(unix))]
    {
        // No cheap way to tell: count it as running, so that nothing of
        // another UI is taken for left over.
        let _ = pid;
        true
    }
}

/// The user this process runs as, as the environment names them.
pub fn user() -> String {
    ["USER", "LOGNAME", "USERNAME"]
        .iter()
        .find_map(|name| std::env::var(name).ok().filter(|v| !v.is_empty()))
        .unwrap_or_default()
}

/// This host's name.
pub fn host() -> String {
    #[cfg(unix)]
    {
        let mut buffer = [0u8; 256];
        // SAFETY: the pointer and length describe `buffer`, which lives
        // through the call; gethostname writes at most that many bytes.
        let result =
            unsafe { libc::gethostname(buffer.as_mut_ptr().cast(), buffer.len() as libc::size_t) };
        if result == 0 {
            let end = buffer.iter().position(|&b| b == 0).unwrap_or(buffer.len());
            return String::from_utf8_lossy(&buffer[..end]).into_owned();
        }
    }
    std::env::var("HOSTNAME").unwrap_or_default()
}

/// Seconds since 1970 now.
pub fn now_seconds() -> u64 {
    SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// `seconds` since 1970 as `2025-02-11 14:03 UTC`.
pub fn utc_time(seconds: u64) -> String {
    let date = crate::model::Date::from_days_since_epoch((seconds / 86_400) as i64);
    let minutes = seconds % 86_400 / 60;
    format!("{date} {:02}:{:02} UTC", minutes / 60, minutes % 60)
}

/// When to write the journal: the state the plan is in has changed since
/// the last write, and either input has paused or [`Debounce::INTERVAL`]
/// has passed since the last write. A plan so large that writing it takes
/// long is written less often: never more than a tenth of the time goes to
/// the journal.
#[derive(Debug, Clone, PartialEq)]
pub struct Debounce<S> {
    /// The state last written, if any.
    written: Option<S>,
    /// When the last write ended.
    last: Option<Instant>,
    /// How long the last write took.
    took: Duration,
}

impl<S: PartialEq> Default for Debounce<S> {
    fn default() -> Self {
        Debounce {
            written: None,
            last: None,
            took: Duration::ZERO,
        }
    }
}

impl<S: PartialEq> Debounce<S> {
    /// The longest a change waits while edits keep coming.
    pub const INTERVAL: Duration = Duration::from_secs(1);

    /// Whether to write the journal now, in `state`; `idle` when no input
    /// came in the last tick.
    pub fn due(&self, state: &S, now: Instant, idle: bool) -> bool {
        if self.written.as_ref() == Some(state) {
            return false;
        }
        let Some(last) = self.last else {
            return true;
        };
        let since = now.saturating_duration_since(last);
        since >= self.took * 9 && (idle || since >= Self::INTERVAL)
    }

    /// The journal was written in `state`, ending at `now` after `took`.
    pub fn wrote(&mut self, state: S, now: Instant, took: Duration) {
        self.written = Some(state);
        self.last = Some(now);
        self.took = took;
    }

    /// Whether `state` is the one last written.
    pub fn is_written(&self, state: &S) -> bool {
        self.written.as_ref() == Some(state)
    }
}

#[cfg(test)]
mod tests;
