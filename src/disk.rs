//! Files on disk: reading a plan with a stamp of what was read, and
//! replacing any file safely — a plan, an export, the UI's small files.
//!
//! A [`DiskStamp`] records what was read or written (size, modification time
//! and a hash of the content), so that a later save can tell whether someone
//! else changed the file meanwhile and refuse to overwrite their work. A save
//! never writes into the plan file itself: it writes a temporary copy next to
//! it, gives the copy the plan's permissions, flushes it to disk and renames
//! it over the plan, so the plan is at every moment either the old text or
//! the new one. A symbolic link to a plan stays a link; its target is
//! replaced. A save killed half-way leaves only its temporary copy behind,
//! named `.{plan file name}.commonplan-{pid}-{tag}.tmp`, and the next read of
//! that plan removes it once that process is gone.
//!
//! This module knows nothing of TOML, of the typed plan or of terminals: it
//! moves bytes. It uses no external crate beyond `thiserror`.

use std::ffi::{OsStr, OsString};
use std::fs::{self, File, Metadata, OpenOptions};
use std::hash::{BuildHasher, DefaultHasher, Hasher, RandomState};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::SystemTime;

/// How many symbolic links a plan path may go through before we give up
/// (the same limit as Linux's `ELOOP`).
const MAX_LINK_HOPS: usize = 40;

/// What tells our temporary copies apart from anyone else's files.
const TEMPORARY_MARK: &str = ".commonplan-";

/// The ending of our temporary copies.
const TEMPORARY_SUFFIX: &str = ".tmp";

/// What was read from or written to disk, to tell later whether the file
/// changed meanwhile.
///
/// A stamp is only meaningful within the run that made it: the content hash
/// is Rust's `DefaultHasher`, which may change between Rust releases, so do
/// not store stamps.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiskStamp {
    len: u64,
    modified: Option<SystemTime>,
    hash: u64,
}

impl DiskStamp {
    /// The stamp of `bytes`, read from or written to a file with `metadata`.
    fn new(bytes: &[u8], metadata: &Metadata) -> Self {
        DiskStamp {
            len: bytes.len() as u64,
            modified: metadata.modified().ok(),
            hash: content_hash(bytes),
        }
    }

    /// The size of the file in bytes.
    pub fn len(&self) -> u64 {
        self.len
    }

    /// Whether the file was empty.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// When the file was last modified, where the file system tells.
    pub fn modified(&self) -> Option<SystemTime> {
        self.modified
    }
}

/// What went wrong reading or replacing a plan file.
///
/// The message of `Io` ends with the operating system's reason ("cannot
/// write a temporary file in plans: Permission denied (os error 13)"), so
/// that it reads whole on its own; that reason is also the error's `source`,
/// so print either the message or the chain below it, not both.
#[derive(Debug, thiserror::Error)]
pub enum DiskError {
    /// The plan on disk is no longer what was last read or written.
    #[error(
        "{} changed on disk since it was loaded; reload it, or overwrite it knowingly",
        path.display()
    )]
    ChangedOnDisk {
        /// The plan, as the caller named it.
        path: PathBuf,
    },
    /// The file system refused something.
    #[error("cannot {action} {}: {source}", path.display())]
    Io {
        /// What we were doing, completed by `path`: "write a temporary file in".
        action: &'static str,
        /// The plan, or the directory, that `action` was about.
        path: PathBuf,
        /// Why the file system refused.
        #[source]
        source: io::Error,
    },
}

impl DiskError {
    fn io(action: &'static str, path: &Path, source: io::Error) -> Self {
        DiskError::Io {
            action,
            path: path.to_path_buf(),
            source,
        }
    }
}

/// Read a plan file (following symbolic links) and stamp it.
///
/// Also removes the temporary copies that a killed save of this plan left
/// next to the (resolved) plan file: only ours, and only those of processes
/// that are no longer running. That tidying never makes the read fail.
pub fn read_plan_file(path: &Path) -> Result<(Vec<u8>, DiskStamp), DiskError> {
    let target = resolve_links(path)?;
    remove_leftovers(&target);
    let mut file = File::open(&target).map_err(|e| DiskError::io("read", path, e))?;
    let mut bytes = Vec::new();
    file.read_to_end(&mut bytes)
        .map_err(|e| DiskError::io("read", path, e))?;
    // Stat the file we read, after reading: a change during the read moves
    // the modification time past the one we record.
    let metadata = file
        .metadata()
        .map_err(|e| DiskError::io("inspect", path, e))?;
    let stamp = DiskStamp::new(&bytes, &metadata);
    Ok((bytes, stamp))
}

/// Replace the file at `path` with `bytes` (or create it), atomically, and
/// return the stamp of what was written. Plans, exports and the UI's small
/// files are all written by it.
///
/// `expected` is the stamp of the last read or write. When it is `Some` and
/// the file on disk no longer matches it (size, modification time, or, when
/// those match, the content's hash), the save is refused with
/// [`DiskError::ChangedOnDisk`] and the plan is left as it is. `None` means a
/// new file, or overwriting knowingly.
///
/// The plan's permission bits (and, where allowed, its owner and group) are
/// kept; a new plan gets what `File::create` would give it. On any failure
/// the plan is untouched and the temporary copy removed.
///
/// The check against `expected` is made as late as it can be, just before the
/// rename; a change in the moment between the two is not detected, as nothing
/// short of a lock shared with every other editor could detect it.
pub fn write_file(
    path: &Path,
    bytes: &[u8],
    expected: Option<&DiskStamp>,
) -> Result<DiskStamp, DiskError> {
    let target = resolve_links(path)?;
    let existing = match fs::metadata(&target) {
        Ok(metadata) => Some(metadata),
        Err(e) if e.kind() == io::ErrorKind::NotFound => None,
        Err(e) => return Err(DiskError::io("inspect", path, e)),
    };
    let (directory, file_name) = split_plan_path(&target, path)?;

    let (copy, mut file) = TemporaryCopy::create(&directory, file_name, existing.as_ref())
        .map_err(|e| DiskError::io("write a temporary file in", &directory, e))?;
    if let Some(existing) = &existing {
        copy_ownership(&file, existing)
            .map_err(|e| DiskError::io("give the new copy the permissions of", path, e))?;
    }
    file.write_all(bytes)
        .map_err(|e| DiskError::io("write a temporary file in", &directory, e))?;
    file.sync_all()
        .map_err(|e| DiskError::io("flush to disk a temporary file in", &directory, e))?;

    if let Some(expected) = expected
        && !still_matches(&target, path, expected)?
    {
        return Err(DiskError::ChangedOnDisk {
            path: path.to_path_buf(),
        });
    }
    copy.rename_over(&target)
        .map_err(|e| DiskError::io("replace", path, e))?;
    sync_directory(&directory);

    // The handle still names the file we wrote, now the plan: stat it rather
    // than the path, which someone else may have replaced already.
    let metadata = file
        .metadata()
        .map_err(|e| DiskError::io("inspect", path, e))?;
    Ok(DiskStamp::new(bytes, &metadata))
}

/// The hash of a plan's content that a stamp records.
fn content_hash(bytes: &[u8]) -> u64 {
    let mut hasher = DefaultHasher::new();
    hasher.write(bytes);
    hasher.finish()
}

/// Whether the plan at `target` is still what `expected` stamped. A plan
/// that has gone is not.
fn still_matches(target: &Path, path: &Path, expected: &DiskStamp) -> Result<bool, DiskError> {
    let metadata = match fs::metadata(target) {
        Ok(metadata) => metadata,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(false),
        Err(e) => return Err(DiskError::io("inspect", path, e)),
    };
    if metadata.len() != expected.len || metadata.modified().ok() != expected.modified {
        return Ok(false);
    }
    // Same size and time: the time's granularity may hide a change, so look.
    let bytes = match fs::read(target) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(false),
        Err(e) => return Err(DiskError::io("read", path, e)),
    };
    Ok(bytes.len() as u64 == expected.len && content_hash(&bytes) == expected.hash)
}

/// The file that `path` finally names, following every symbolic link on the
/// way; a relative link target is relative to the link's directory. A path
/// that does not exist (yet) is its own end.
fn resolve_links(path: &Path) -> Result<PathBuf, DiskError> {
    let mut current = path.to_path_buf();
    for _ in 0..=MAX_LINK_HOPS {
        match fs::symlink_metadata(&current) {
            Ok(metadata) if metadata.file_type().is_symlink() => {
                let link_target = fs::read_link(&current)
                    .map_err(|e| DiskError::io("follow the symbolic link", &current, e))?;
                current = match current.parent() {
                    // `join` keeps an absolute target as it is.
                    Some(directory) => directory.join(link_target),
                    None => link_target,
                };
            }
            Ok(_) => return Ok(current),
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(current),
            Err(e) => return Err(DiskError::io("inspect", &current, e)),
        }
    }
    Err(DiskError::io(
        "follow the symbolic links of",
        path,
        io::Error::other("too many levels of symbolic links"),
    ))
}

/// The directory and file name of the resolved plan `target`; `path` is the
/// plan as the caller named it, for the error.
fn split_plan_path<'a>(target: &'a Path, path: &Path) -> Result<(PathBuf, &'a OsStr), DiskError> {
    let Some(file_name) = target.file_name() else {
        return Err(DiskError::io(
            "save to",
            path,
            io::Error::new(io::ErrorKind::InvalidInput, "the path names no file"),
        ));
    };
    let directory = match target.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    };
    Ok((directory, file_name))
}

/// The start of the names of our temporary copies of the plan `file_name`:
/// `.{file_name}.commonplan-`.
fn temporary_prefix(file_name: &OsStr) -> OsString {
    let mut prefix = OsString::from(".");
    prefix.push(file_name);
    prefix.push(TEMPORARY_MARK);
    prefix
}

/// A temporary copy of a plan being written, removed when dropped unless it
/// has been renamed over the plan.
struct TemporaryCopy {
    path: PathBuf,
    renamed: bool,
}

impl TemporaryCopy {
    /// Create an empty temporary copy of the plan `file_name` in `directory`,
    /// named `.{file_name}.commonplan-{pid}-{tag}.tmp`.
    ///
    /// Over an existing plan the copy starts readable by its owner only and
    /// gets the plan's permissions later; a new plan's copy is created with
    /// mode 0666, which the umask narrows exactly as for `File::create`.
    fn create(
        directory: &Path,
        file_name: &OsStr,
        existing: Option<&Metadata>,
    ) -> io::Result<(TemporaryCopy, File)> {
        let prefix = temporary_prefix(file_name);
        let pid = std::process::id();
        let mut last_error = None;
        for _ in 0..64 {
            let mut name = prefix.clone();
            name.push(format!("{pid}-{:016x}{TEMPORARY_SUFFIX}", random_tag()));
            let path = directory.join(name);
            let mut options = OpenOptions::new();
            options.write(true).create_new(true);
            #[cfg(unix)]
            {
                use std::os::unix::fs::OpenOptionsExt;
                options.mode(if existing.is_some() { 0o600 } else { 0o666 });
            }
            #[cfg(not(unix))]
            let _ = existing;
            match options.open(&path) {
                Ok(file) => {
                    let copy = TemporaryCopy {
                        path,
                        renamed: false,
                    };
                    return Ok((copy, file));
                }
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => last_error = Some(e),
                Err(e) => return Err(e),
            }
        }
        Err(last_error.unwrap_or_else(|| io::Error::other("no free temporary file name")))
    }

    /// Rename the copy over `target`. On failure the copy is still removed
    /// when dropped.
    fn rename_over(mut self, target: &Path) -> io::Result<()> {
        fs::rename(&self.path, target)?;
        self.renamed = true;
        Ok(())
    }
}

impl Drop for TemporaryCopy {
    fn drop(&mut self) {
        if !self.renamed {
            // Nothing more can be done about a copy we cannot remove; the
            // next read of the plan tries again.
            let _ = fs::remove_file(&self.path);
        }
    }
}

/// A tag that makes a temporary file name unlikely to be taken: a hash with
/// a fresh random key of a counter and the time.
fn random_tag() -> u64 {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let count = COUNTER.fetch_add(1, Ordering::Relaxed);
    let nanos = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |since| since.as_nanos());
    RandomState::new().hash_one((count, nanos))
}

/// Give the new copy in `file` the permission bits of the plan it replaces,
/// and its owner and group where we may (as root, or a group we belong to).
#[cfg(unix)]
fn copy_ownership(file: &File, existing: &Metadata) -> io::Result<()> {
    use std::os::unix::fs::{MetadataExt, PermissionsExt, fchown};
    let ours = file.metadata()?;
    if ours.uid() != existing.uid() || ours.gid() != existing.gid() {
        // Best effort: a user who is not root cannot give a file away, and
        // the plan is still theirs to replace. Owner and group go first, as
        // changing them may clear set-id bits.
        if fchown(file, Some(existing.uid()), Some(existing.gid())).is_err() {
            let _ = fchown(file, None, Some(existing.gid()));
        }
    }
    file.set_permissions(fs::Permissions::from_mode(existing.mode() & 0o7777))
}

#[cfg(not(unix))]
fn copy_ownership(file: &File, existing: &Metadata) -> io::Result<()> {
    file.set_permissions(existing.permissions())
}

/// Flush the directory entry of a rename to disk.
///
/// Best effort: the plan has been replaced by then, and some file systems
/// refuse to sync a directory; reporting the save as failed would be untrue.
fn sync_directory(directory: &Path) {
    #[cfg(unix)]
    if let Ok(handle) = File::open(directory) {
        let _ = handle.sync_all();
    }
    #[cfg(not(unix))]
    let _ = directory;
}

/// Remove the temporary copies of the plan `target` left by saves whose
/// process is gone. Errors are ignored: this must never make a read fail.
fn remove_leftovers(target: &Path) {
    let Ok((directory, file_name)) = split_plan_path(target, target) else {
        return;
    };
    let prefix = temporary_prefix(file_name);
    let Ok(entries) = fs::read_dir(&directory) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(pid) = leftover_pid(&name, &prefix) else {
            continue;
        };
        let is_regular_file = entry.file_type().is_ok_and(|kind| kind.is_file());
        if is_regular_file && process_is_gone(pid) {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// The process id in `name` when it is one of our temporary copies, that is
/// `{prefix}{pid}-{tag}.tmp`; `None` for any other name, or an unreadable pid.
fn leftover_pid(name: &OsStr, prefix: &OsStr) -> Option<u32> {
    let rest = name
        .as_encoded_bytes()
        .strip_prefix(prefix.as_encoded_bytes())?
        .strip_suffix(TEMPORARY_SUFFIX.as_bytes())?;
    let dash = rest.iter().position(|&b| b == b'-')?;
    let digits = &rest[..dash];
    if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    std::str::from_utf8(digits).ok()?.parse().ok()
}

/// Whether no process with id `pid` is running. Where that cannot be told
/// (no `/proc`, as outside Linux or in a sandbox without it), every process
/// counts as running, and leftovers stay.
fn process_is_gone(pid: u32) -> bool {
    if cfg!(target_os = "linux") && Path::new("/proc/self").exists() {
        !Path::new("/proc").join(pid.to_string()).exists()
    } else {
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pid_of(name: &str) -> Option<u32> {
        leftover_pid(
            OsStr::new(name),
            &temporary_prefix(OsStr::new("ghent.toml")),
        )
    }

    #[test]
    fn leftover_names_are_ours_and_tied_to_the_plan() {
        assert_eq!(pid_of(".ghent.toml.commonplan-1234-00ab.tmp"), Some(1234));
        assert_eq!(pid_of(".ghent.toml.commonplan-1234-x.tmp"), Some(1234));
        assert_eq!(pid_of(".ghent.toml.commonplan-abc-x.tmp"), None);
        assert_eq!(pid_of(".ghent.toml.commonplan--x.tmp"), None);
        assert_eq!(pid_of(".ghent.toml.commonplan-+12-x.tmp"), None);
        assert_eq!(pid_of(".ghent.toml.commonplan-1234.tmp"), None);
        assert_eq!(pid_of(".ghent.toml.commonplan-1234-x.tmpx"), None);
        assert_eq!(pid_of(".bologna.toml.commonplan-1234-x.tmp"), None);
        assert_eq!(pid_of(".ghent.toml.other-1234-x.tmp"), None);
        assert_eq!(pid_of("ghent.toml"), None);
    }

    #[test]
    fn a_bare_file_name_lives_in_the_current_directory() {
        let (directory, name) =
            split_plan_path(Path::new("ghent.toml"), Path::new("ghent.toml")).unwrap();
        assert_eq!(directory, Path::new("."));
        assert_eq!(name, OsStr::new("ghent.toml"));
    }
}
