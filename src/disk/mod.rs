//! Files on disk: reading a plan with a stamp of what was read, and
//! replacing any file safely — a plan, an export, the UI's small files.
//! Every file commonplan writes is written by [`write_file`] or
//! [`write_with`], so that each write keeps the same promises:
//!
//! - **Whole or not at all.** A [`DiskStamp`] records what was read or
//!   written (size, modification time and a hash of the content), so that a
//!   later save can tell whether someone else changed the file meanwhile and
//!   refuse to overwrite their work. A save writes a temporary copy next to
//!   the file, gives it the file's owner, permissions and extended
//!   attributes, flushes it to disk and renames it over the file, so the
//!   file is at every moment either the old text or the new one. A save
//!   killed half-way leaves only its temporary copy behind, named
//!   `.{file name}.commonplan-{pid}-{tag}.tmp`, and the next read of that
//!   plan removes it once that process is gone.
//! - **Identity kept.** A symbolic link stays a link; its target is
//!   replaced. A file with other hard links is written in place instead,
//!   after a backup copy beside it (`.{file name}.commonplan-backup`,
//!   removed once written), so that every link shares the new text.
//! - **One writer at a time.** Each write holds the file's write lock
//!   ([`lock`]) from the stamp check to the rename; a caller that reads,
//!   edits and saves holds it across all three ([`WriteOptions::lock`]).
//! - **Nothing clobbered.** A plan is only ever a regular file. An output
//!   (an export) may also be a FIFO, a character device or one of our
//!   descriptors (`/dev/stdout`): those are written as they are, never
//!   replaced; and an output that is the plan it came from is refused. A
//!   file we may not write is refused unless forced.
//! - **Bounded reads.** A plan is read only from a regular file of at most
//!   [`max_plan_bytes`] (256 MiB unless `COMMONPLAN_MAX_PLAN_BYTES` says).
//!
//! This module knows nothing of TOML, of the typed plan or of terminals: it
//! moves bytes.

mod lock;
mod replace;
mod target;

use std::ffi::OsStr;
use std::fs::{self, Metadata, OpenOptions};
use std::hash::{DefaultHasher, Hasher};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

pub use lock::{Claim, EditingLock, Holder, WRITE_WAIT, WriteLock};
pub use target::{
    DEFAULT_MAX_PLAN_BYTES, MAX_PLAN_BYTES_VAR, max_plan_bytes, may_write, same_file,
};

use replace::{Backup, TemporaryCopy};
use target::Kind;

/// How many symbolic links a plan path may go through before we give up
/// (the same limit as Linux's `ELOOP`).
const MAX_LINK_HOPS: usize = 40;

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
    /// The path names something that is not a regular file where one is
    /// needed: a directory, a FIFO, a device.
    #[error("cannot {action} {}: it is {kind}, not a regular file", path.display())]
    NotAFile {
        /// "read", "write".
        action: &'static str,
        /// The path, as the caller named it.
        path: PathBuf,
        /// What it is instead: "a directory", "a FIFO", "a character device".
        kind: &'static str,
    },
    /// The plan is larger than a plan may be.
    #[error(
        "cannot read {}: it is larger than {}, the most a plan may be; \
         set COMMONPLAN_MAX_PLAN_BYTES to read a larger one",
        path.display(), target::human_size(*cap)
    )]
    TooLarge {
        /// The plan, as the caller named it.
        path: PathBuf,
        /// The cap, in bytes.
        cap: u64,
    },
    /// `COMMONPLAN_MAX_PLAN_BYTES` is not a size.
    #[error(
        "COMMONPLAN_MAX_PLAN_BYTES is `{value}`, which is not a size; \
         give it in bytes, or with K, M or G (`512M`)"
    )]
    BadSizeCap {
        /// What the variable holds.
        value: String,
    },
    /// Another writer held the file's write lock for longer than we waited.
    #[error(
        "{} is being written by another commonplan ({}) and was still locked after {} s; \
         try again when it is done",
        path.display(),
        holder.as_ref().map_or_else(|| "unknown".to_owned(), Holder::describe),
        waited.as_secs()
    )]
    Locked {
        /// The file, as the caller named it.
        path: PathBuf,
        /// Who holds the lock, when its file says.
        holder: Option<Holder>,
        /// How long we waited.
        waited: Duration,
    },
    /// We may not write the file, and writing it anyway was not asked for.
    #[error("{} is read-only: you do not have permission to write it", path.display())]
    ReadOnly {
        /// The file, as the caller named it.
        path: PathBuf,
    },
    /// An output would replace the plan it was made from.
    #[error(
        "{} is the plan {} itself; write the output to another file",
        path.display(), plan.display()
    )]
    IsThePlan {
        /// The output, as the caller named it.
        path: PathBuf,
        /// The plan.
        plan: PathBuf,
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

/// How [`write_with`] treats what is at its path; the default is a plan's
/// save with no stamp to check ([`write_file`]).
#[derive(Debug, Clone, Copy, Default)]
pub struct WriteOptions<'a> {
    /// The stamp of the last read or write, which the file must still
    /// match ([`DiskError::ChangedOnDisk`] otherwise); `None` for a new file,
    /// or overwriting knowingly.
    pub expected: Option<&'a DiskStamp>,
    /// An output (an export), not a plan: a FIFO, a character device or one
    /// of our descriptors (`/dev/stdout`) is written as it is rather than
    /// refused.
    pub output: bool,
    /// The plan an output was made from: an output that is that very file
    /// (the same device and inode, through any link) is refused with
    /// [`DiskError::IsThePlan`].
    pub plan: Option<&'a Path>,
    /// Write even a file we have no permission to write (`--force`); the
    /// file system may still refuse.
    pub force: bool,
    /// The file's write lock, taken by the caller around its read, edit and
    /// save; without it, the write takes the lock itself.
    pub lock: Option<&'a WriteLock>,
}

/// Read a plan file (following symbolic links) and stamp it.
///
/// Only a regular file is read (a directory, a FIFO or a device is
/// [`DiskError::NotAFile`], without waiting for a FIFO's writer), and only up
/// to [`max_plan_bytes`] ([`DiskError::TooLarge`], in bounded memory).
///
/// Also removes the temporary copies that a killed save of this plan left
/// next to the (resolved) plan file: only ours, and only those of processes
/// that are no longer running. That tidying never makes the read fail.
pub fn read_plan_file(path: &Path) -> Result<(Vec<u8>, DiskStamp), DiskError> {
    let cap = max_plan_bytes()?;
    let target = resolve_links(path)?;
    replace::remove_leftovers(&target);
    let mut options = OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        // Opening a FIFO for reading waits for a writer; not with this. A
        // regular file's reads do not heed it.
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(rustix::fs::OFlags::NONBLOCK.bits() as i32);
    }
    let file = options
        .open(&target)
        .map_err(|e| DiskError::io("read", path, e))?;
    let metadata = file
        .metadata()
        .map_err(|e| DiskError::io("inspect", path, e))?;
    if !metadata.is_file() {
        return Err(DiskError::NotAFile {
            action: "read",
            path: path.to_path_buf(),
            kind: target::stream_name(&metadata),
        });
    }
    let too_large = || DiskError::TooLarge {
        path: path.to_path_buf(),
        cap,
    };
    if metadata.len() > cap {
        return Err(too_large());
    }
    let mut bytes = Vec::with_capacity(usize::try_from(metadata.len()).unwrap_or(0));
    (&file)
        .take(cap.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| DiskError::io("read", path, e))?;
    if bytes.len() as u64 > cap {
        return Err(too_large());
    }
    // Stat the file we read, after reading: a change during the read moves
    // the modification time past the one we record.
    let metadata = file
        .metadata()
        .map_err(|e| DiskError::io("inspect", path, e))?;
    let stamp = DiskStamp::new(&bytes, &metadata);
    Ok((bytes, stamp))
}

/// Replace the file at `path` with `bytes` (or create it), atomically, and
/// return the stamp of what was written: a plan's save, or any small file.
/// [`write_with`] with only `expected` set; see it.
pub fn write_file(
    path: &Path,
    bytes: &[u8],
    expected: Option<&DiskStamp>,
) -> Result<DiskStamp, DiskError> {
    write_with(
        path,
        bytes,
        &WriteOptions {
            expected,
            ..WriteOptions::default()
        },
    )
}

/// Write `bytes` to the file at `path` as `options` say, and return the
/// stamp of what was written. Plans, exports and the UI's small files are
/// all written by it.
///
/// A regular file (or a new one) is replaced atomically, under its write
/// lock: when `options.expected` is `Some` and the file on disk no longer
/// matches it (size, modification time, or, when those match, the
/// content's hash), the write is refused with [`DiskError::ChangedOnDisk`]
/// and the file left as it is. The file's permission bits (and, where
/// allowed, its owner and group) and its extended attributes are kept; a
/// new file gets what `File::create` would give it. A file with other hard
/// links is written in place after a backup copy. On any failure the file
/// is untouched and the temporary copy removed.
///
/// A file we may not write is [`DiskError::ReadOnly`] unless
/// `options.force`. A directory is refused, and so is any other kind of
/// file unless `options.output` allows a stream (see [`WriteOptions`]).
pub fn write_with(
    path: &Path,
    bytes: &[u8],
    options: &WriteOptions<'_>,
) -> Result<DiskStamp, DiskError> {
    if let Some(plan) = options.plan
        && same_file(path, plan)
    {
        return Err(DiskError::IsThePlan {
            path: path.to_path_buf(),
            plan: plan.to_path_buf(),
        });
    }
    if options.output && target::is_descriptor_path(path) {
        return write_stream(path, bytes);
    }
    let kind = target::kind_of(path).map_err(|e| DiskError::io("inspect", path, e))?;
    let existing = match kind {
        Kind::Missing => None,
        Kind::Regular(metadata) => Some(metadata),
        Kind::Stream if options.output => return write_stream(path, bytes),
        Kind::Stream => {
            let metadata = fs::metadata(path).map_err(|e| DiskError::io("inspect", path, e))?;
            return Err(DiskError::NotAFile {
                action: "write",
                path: path.to_path_buf(),
                kind: target::stream_name(&metadata),
            });
        }
        Kind::Other(kind) => {
            return Err(DiskError::NotAFile {
                action: "write",
                path: path.to_path_buf(),
                kind,
            });
        }
    };
    let target = resolve_links(path)?;
    if existing.is_some() && !options.force && !target::file_writable(&target) {
        return Err(DiskError::ReadOnly {
            path: path.to_path_buf(),
        });
    }
    let own_lock;
    let _lock = match options.lock {
        Some(lock) if lock.covers(&target) => lock,
        _ => {
            own_lock = WriteLock::acquire(path)?;
            &own_lock
        }
    };
    // Stat again under the lock: another writer may have replaced the file
    // while we waited.
    let existing = match fs::metadata(&target) {
        Ok(metadata) if metadata.is_file() => Some(metadata),
        Ok(_) => existing,
        Err(e) if e.kind() == io::ErrorKind::NotFound => None,
        Err(e) => return Err(DiskError::io("inspect", path, e)),
    };
    match &existing {
        Some(metadata) if hard_links(metadata) > 1 => {
            write_linked(path, &target, bytes, metadata, options.expected)
        }
        _ => replace_file(path, &target, bytes, existing.as_ref(), options.expected),
    }
}

/// Replace the (resolved) file `target` by renaming a new copy over it.
fn replace_file(
    path: &Path,
    target: &Path,
    bytes: &[u8],
    existing: Option<&Metadata>,
    expected: Option<&DiskStamp>,
) -> Result<DiskStamp, DiskError> {
    let (directory, file_name) = split_plan_path(target, path)?;
    let (copy, mut file) = TemporaryCopy::create(&directory, file_name, existing)
        .map_err(|e| DiskError::io("write a temporary file in", &directory, e))?;
    if let Some(existing) = existing {
        replace::copy_ownership(&file, existing)
            .map_err(|e| DiskError::io("give the new copy the permissions of", path, e))?;
        replace::copy_extended_attributes(target, &file)
            .map_err(|e| DiskError::io("give the new copy the extended attributes of", path, e))?;
    }
    file.write_all(bytes)
        .map_err(|e| DiskError::io("write a temporary file in", &directory, e))?;
    file.sync_all()
        .map_err(|e| DiskError::io("flush to disk a temporary file in", &directory, e))?;

    check_unchanged(target, path, expected)?;
    copy.rename_over(target)
        .map_err(|e| DiskError::io("replace", path, e))?;
    replace::sync_directory(&directory);

    // The handle still names the file we wrote, now the plan: stat it rather
    // than the path, which someone else may have replaced already.
    let metadata = file
        .metadata()
        .map_err(|e| DiskError::io("inspect", path, e))?;
    Ok(DiskStamp::new(bytes, &metadata))
}

/// Write the (resolved) file `target`, which has other hard links, in
/// place, after a backup copy beside it; the backup is removed once the
/// file is written, and kept (and named in the error) when the write fails
/// half-way.
fn write_linked(
    path: &Path,
    target: &Path,
    bytes: &[u8],
    existing: &Metadata,
    expected: Option<&DiskStamp>,
) -> Result<DiskStamp, DiskError> {
    let (directory, file_name) = split_plan_path(target, path)?;
    let old = fs::read(target).map_err(|e| DiskError::io("read", path, e))?;
    check_unchanged(target, path, expected)?;
    let backup = Backup::make(&directory, file_name, &old, existing)
        .map_err(|e| DiskError::io("write a backup copy in", &directory, e))?;
    let file = match replace::write_in_place(target, bytes) {
        Ok(file) => file,
        Err(e) => {
            // Put the old text back; if even that fails, the backup stays.
            if replace::write_in_place(target, &old).is_ok() {
                backup.remove();
                return Err(DiskError::io("write", path, e));
            }
            return Err(DiskError::io(
                "write (the old text is kept in the backup beside it)",
                backup.path(),
                e,
            ));
        }
    };
    backup.remove();
    let metadata = file
        .metadata()
        .map_err(|e| DiskError::io("inspect", path, e))?;
    Ok(DiskStamp::new(bytes, &metadata))
}

/// Write `bytes` to a FIFO, a character device or one of our descriptors,
/// as it is: opened for appending, never created, truncated or replaced.
fn write_stream(path: &Path, bytes: &[u8]) -> Result<DiskStamp, DiskError> {
    let mut file = OpenOptions::new()
        .append(true)
        .open(path)
        .map_err(|e| DiskError::io("write", path, e))?;
    file.write_all(bytes)
        .and_then(|()| file.flush())
        .map_err(|e| DiskError::io("write", path, e))?;
    let metadata = file
        .metadata()
        .map_err(|e| DiskError::io("inspect", path, e))?;
    Ok(DiskStamp::new(bytes, &metadata))
}

/// [`DiskError::ChangedOnDisk`] unless the file at `target` still matches
/// `expected` (when there is one).
fn check_unchanged(
    target: &Path,
    path: &Path,
    expected: Option<&DiskStamp>,
) -> Result<(), DiskError> {
    match expected {
        Some(expected) if !still_matches(target, path, expected)? => {
            Err(DiskError::ChangedOnDisk {
                path: path.to_path_buf(),
            })
        }
        _ => Ok(()),
    }
}

/// How many hard links a file has (1 where that cannot be told).
fn hard_links(metadata: &Metadata) -> u64 {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        metadata.nlink()
    }
    #[cfg(not(unix))]
    {
        let _ = metadata;
        1
    }
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
pub(crate) fn resolve_links(path: &Path) -> Result<PathBuf, DiskError> {
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
pub(crate) fn split_plan_path<'a>(
    target: &'a Path,
    path: &Path,
) -> Result<(PathBuf, &'a OsStr), DiskError> {
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

#[cfg(test)]
mod tests;
