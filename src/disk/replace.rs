//! Replacing a file: the temporary copy renamed over it, with the old
//! file's owner, permissions and extended attributes; or, for a file with
//! other hard links, writing into it in place after a backup copy, so that
//! every link keeps sharing the new text. Also the tidying of copies that
//! a killed save left behind.

use std::ffi::{OsStr, OsString};
use std::fs::{self, File, Metadata, OpenOptions};
use std::hash::{BuildHasher, RandomState};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::SystemTime;

use super::split_plan_path;

/// What tells our temporary copies apart from anyone else's files.
const TEMPORARY_MARK: &str = ".commonplan-";

/// The ending of our temporary copies.
const TEMPORARY_SUFFIX: &str = ".tmp";

/// The ending of the backup copy made before writing a file in place.
const BACKUP_MARK: &str = "backup";

/// The start of the names of our temporary copies of the plan `file_name`:
/// `.{file_name}.commonplan-`.
pub(super) fn temporary_prefix(file_name: &OsStr) -> OsString {
    let mut prefix = OsString::from(".");
    prefix.push(file_name);
    prefix.push(TEMPORARY_MARK);
    prefix
}

/// A temporary copy of a plan being written, removed when dropped unless it
/// has been renamed over the plan.
pub(super) struct TemporaryCopy {
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
    pub(super) fn create(
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
    pub(super) fn rename_over(mut self, target: &Path) -> io::Result<()> {
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
pub(super) fn copy_ownership(file: &File, existing: &Metadata) -> io::Result<()> {
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
pub(super) fn copy_ownership(file: &File, existing: &Metadata) -> io::Result<()> {
    file.set_permissions(existing.permissions())
}

/// Flush the directory entry of a rename to disk.
///
/// Best effort: the plan has been replaced by then, and some file systems
/// refuse to sync a directory; reporting the save as failed would be untrue.
pub(super) fn sync_directory(directory: &Path) {
    #[cfg(unix)]
    if let Ok(handle) = File::open(directory) {
        let _ = handle.sync_all();
    }
    #[cfg(not(unix))]
    let _ = directory;
}

/// Remove the temporary copies of the plan `target` left by saves whose
/// process is gone. Errors are ignored: this must never make a read fail.
pub(super) fn remove_leftovers(target: &Path) {
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
pub(super) fn leftover_pid(name: &OsStr, prefix: &OsStr) -> Option<u32> {
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

/// Copy the extended attributes of the file at `from` to the new copy in
/// `to` (and with them its ACLs and security labels). An attribute the file
/// system or our privileges do not allow is left out, as `cp -a` would;
/// any other failure fails the save.
#[cfg(any(target_os = "linux", target_os = "android", target_os = "macos"))]
pub(super) fn copy_extended_attributes(from: &Path, to: &File) -> io::Result<()> {
    use rustix::io::Errno;
    let skipped = |e: Errno| {
        // NOTSUP and OPNOTSUPP are one number on Linux, two on macOS.
        [
            Errno::NOTSUP,
            Errno::OPNOTSUPP,
            Errno::PERM,
            Errno::ACCESS,
            Errno::NODATA,
        ]
        .contains(&e)
    };
    let names = match list_attributes(from) {
        Ok(names) => names,
        Err(e) if skipped(e) => return Ok(()),
        Err(e) => return Err(e.into()),
    };
    for name in names.split(|&b| b == 0).filter(|n| !n.is_empty()) {
        let name = <OsStr as std::os::unix::ffi::OsStrExt>::from_bytes(name);
        let value = match attribute_value(from, name) {
            Ok(value) => value,
            Err(e) if skipped(e) => continue,
            Err(e) => return Err(e.into()),
        };
        match rustix::fs::fsetxattr(to, name, &value, rustix::fs::XattrFlags::empty()) {
            Ok(()) => {}
            Err(e) if skipped(e) => {}
            Err(e) => return Err(e.into()),
        }
    }
    Ok(())
}

#[cfg(not(any(target_os = "linux", target_os = "android", target_os = "macos")))]
pub(super) fn copy_extended_attributes(_from: &Path, _to: &File) -> io::Result<()> {
    Ok(())
}

/// The names of the extended attributes of `path`, each ended by a zero.
#[cfg(any(target_os = "linux", target_os = "android", target_os = "macos"))]
fn list_attributes(path: &Path) -> rustix::io::Result<Vec<u8>> {
    for _ in 0..4 {
        let len = rustix::fs::listxattr_query(path)?;
        if len == 0 {
            return Ok(Vec::new());
        }
        let mut names = vec![0_u8; len];
        match rustix::fs::listxattr(path, &mut names[..]) {
            Ok(written) => {
                names.truncate(written);
                return Ok(names);
            }
            // The list grew in between: ask again.
            Err(rustix::io::Errno::RANGE) => continue,
            Err(e) => return Err(e),
        }
    }
    Err(rustix::io::Errno::RANGE)
}

/// The value of the extended attribute `name` of `path`.
#[cfg(any(target_os = "linux", target_os = "android", target_os = "macos"))]
fn attribute_value(path: &Path, name: &OsStr) -> rustix::io::Result<Vec<u8>> {
    for _ in 0..4 {
        let len = rustix::fs::getxattr_query(path, name)?;
        if len == 0 {
            return Ok(Vec::new());
        }
        let mut value = vec![0_u8; len];
        match rustix::fs::getxattr(path, name, &mut value[..]) {
            Ok(written) => {
                value.truncate(written);
                return Ok(value);
            }
            Err(rustix::io::Errno::RANGE) => continue,
            Err(e) => return Err(e),
        }
    }
    Err(rustix::io::Errno::RANGE)
}

/// A backup copy of a file about to be written in place, beside it:
/// `.{file name}.commonplan-backup`. It is removed once the write has
/// succeeded, and kept when it fails half-way, so that the old text is
/// never lost.
pub(super) struct Backup {
    path: PathBuf,
}

impl Backup {
    /// Copy `old` (the file's bytes) to the backup of `file_name` in
    /// `directory`, flushed to disk, with the file's permissions.
    pub(super) fn make(
        directory: &Path,
        file_name: &OsStr,
        old: &[u8],
        existing: &Metadata,
    ) -> io::Result<Backup> {
        let mut name = temporary_prefix(file_name);
        name.push(BACKUP_MARK);
        let path = directory.join(name);
        let mut options = OpenOptions::new();
        options.write(true).create(true).truncate(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        let mut file = options.open(&path)?;
        let backup = Backup { path };
        file.write_all(old)?;
        copy_ownership(&file, existing)?;
        file.sync_all()?;
        Ok(backup)
    }

    /// Where the backup is.
    pub(super) fn path(&self) -> &Path {
        &self.path
    }

    /// The write succeeded: remove the backup.
    pub(super) fn remove(self) {
        let _ = fs::remove_file(&self.path);
    }
}

/// Write `bytes` into the file at `target` in place: the same inode, so its
/// other hard links share the new text. Opened without truncating, written
/// from the start, cut to the new length and flushed.
pub(super) fn write_in_place(target: &Path, bytes: &[u8]) -> io::Result<File> {
    let mut file = OpenOptions::new().write(true).open(target)?;
    file.write_all(bytes)?;
    file.set_len(bytes.len() as u64)?;
    file.sync_all()?;
    Ok(file)
}
