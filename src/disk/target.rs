//! What a path names before it is read or written: a regular file, a
//! directory, a FIFO or a device; whether two paths are one file; whether
//! we may write it; and how large a plan may be.

use std::fs::{self, Metadata};
use std::io;
use std::path::Path;

use super::DiskError;

/// The environment variable that sets the largest plan read, in bytes (or
/// with `K`, `M` or `G`: `512M`).
pub const MAX_PLAN_BYTES_VAR: &str = "COMMONPLAN_MAX_PLAN_BYTES";

/// The largest plan read when [`MAX_PLAN_BYTES_VAR`] does not say: 256 MiB,
/// about ten times the largest plan anyone writes by hand (a 10,000-goal
/// plan is about 20 MB).
pub const DEFAULT_MAX_PLAN_BYTES: u64 = 256 << 20;

/// What a path names, its symbolic links followed.
#[derive(Debug)]
pub(super) enum Kind {
    /// Nothing (yet).
    Missing,
    /// A regular file.
    Regular(Metadata),
    /// Something written to as it is, never replaced: a FIFO or a
    /// character device (`/dev/null`, a terminal).
    Stream,
    /// Anything else, named for a message: "a directory", "a socket".
    Other(&'static str),
}

/// What `path` names, following its symbolic links.
pub(super) fn kind_of(path: &Path) -> io::Result<Kind> {
    let metadata = match fs::metadata(path) {
        Ok(metadata) => metadata,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Kind::Missing),
        Err(e) => return Err(e),
    };
    Ok(kind_of_metadata(metadata))
}

/// What a file with `metadata` is.
pub(super) fn kind_of_metadata(metadata: Metadata) -> Kind {
    let kind = metadata.file_type();
    if kind.is_file() {
        return Kind::Regular(metadata);
    }
    if kind.is_dir() {
        return Kind::Other("a directory");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() || kind.is_char_device() {
            return Kind::Stream;
        }
        if kind.is_socket() {
            return Kind::Other("a socket");
        }
        if kind.is_block_device() {
            return Kind::Other("a block device");
        }
    }
    Kind::Other("not a regular file")
}

/// The name of a non-regular file's kind, for a message: "a FIFO".
pub(super) fn stream_name(metadata: &Metadata) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if metadata.file_type().is_fifo() {
            return "a FIFO";
        }
        if metadata.file_type().is_char_device() {
            return "a character device";
        }
    }
    match kind_of_metadata(metadata.clone()) {
        Kind::Other(name) => name,
        _ => "not a regular file",
    }
}

/// Whether `path` names one of this process's open descriptors
/// (`/dev/stdout`, `/dev/fd/1`, `/proc/self/fd/1`): written as it is, never
/// replaced, as a shell's redirection set it up.
pub(super) fn is_descriptor_path(path: &Path) -> bool {
    ["/dev/stdout", "/dev/stderr"]
        .iter()
        .any(|p| path == Path::new(p))
        || ["/dev/fd/", "/proc/self/fd/", "/proc/thread-self/fd/"]
            .iter()
            .any(|p| path.starts_with(p))
}

/// Whether `a` and `b` name one file (the same device and inode), through
/// symbolic and hard links. A path that cannot be inspected names no file.
pub fn same_file(a: &Path, b: &Path) -> bool {
    match (fs::metadata(a), fs::metadata(b)) {
        (Ok(a), Ok(b)) => same_inode(&a, &b),
        _ => false,
    }
}

/// Whether two files' metadata are of one file.
pub(super) fn same_inode(a: &Metadata, b: &Metadata) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        a.dev() == b.dev() && a.ino() == b.ino()
    }
    #[cfg(not(unix))]
    {
        let _ = (a, b);
        false
    }
}

/// Whether this process may write the file at `path` (after its symbolic
/// links), and replace it: write the file and the directory that holds it
/// (a save renames a new copy over the file, or writes a backup beside it).
/// A missing file may be written when its directory may. Checked with the
/// effective user and groups, ACLs and read-only mounts included, as the
/// save itself will be; root may write anything on a writable file system.
pub fn may_write(path: &Path) -> bool {
    let Ok(target) = super::resolve_links(path) else {
        return false;
    };
    let Ok((directory, _)) = super::split_plan_path(&target, path) else {
        return false;
    };
    let file_ok = match fs::metadata(&target) {
        Ok(_) => writable(&target),
        Err(e) if e.kind() == io::ErrorKind::NotFound => true,
        Err(_) => false,
    };
    file_ok && writable(&directory)
}

/// Whether the file at `path` itself may be written (not its directory).
pub(super) fn file_writable(path: &Path) -> bool {
    writable(path)
}

#[cfg(unix)]
fn writable(path: &Path) -> bool {
    use rustix::fs::{Access, AtFlags, CWD, accessat};
    accessat(CWD, path, Access::WRITE_OK, AtFlags::EACCESS).is_ok()
}

#[cfg(not(unix))]
fn writable(path: &Path) -> bool {
    fs::metadata(path).is_ok_and(|m| !m.permissions().readonly())
}

/// The largest plan to read: [`MAX_PLAN_BYTES_VAR`] when set, else
/// [`DEFAULT_MAX_PLAN_BYTES`].
pub fn max_plan_bytes() -> Result<u64, DiskError> {
    match std::env::var(MAX_PLAN_BYTES_VAR) {
        Ok(value) => parse_size(&value).ok_or(DiskError::BadSizeCap { value }),
        Err(std::env::VarError::NotPresent) => Ok(DEFAULT_MAX_PLAN_BYTES),
        Err(std::env::VarError::NotUnicode(value)) => Err(DiskError::BadSizeCap {
            value: value.to_string_lossy().into_owned(),
        }),
    }
}

/// A size in bytes: digits, optionally followed by `K`, `M` or `G` (powers
/// of 1024, `B` or `iB` allowed after them).
fn parse_size(text: &str) -> Option<u64> {
    let text = text.trim();
    let digits_end = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let (digits, unit) = text.split_at(digits_end);
    let number: u64 = digits.parse().ok()?;
    let shift = match unit.trim().to_ascii_uppercase().as_str() {
        "" | "B" => 0,
        "K" | "KB" | "KIB" => 10,
        "M" | "MB" | "MIB" => 20,
        "G" | "GB" | "GIB" => 30,
        _ => return None,
    };
    number.checked_mul(1 << shift)
}

/// A size for a person: `256 MiB`, `1.5 KiB`, `300 bytes`.
pub(super) fn human_size(bytes: u64) -> String {
    const UNITS: [(u64, &str); 3] = [(1 << 30, "GiB"), (1 << 20, "MiB"), (1 << 10, "KiB")];
    for (size, unit) in UNITS {
        if bytes >= size {
            let whole = bytes / size;
            let tenths = (bytes % size) * 10 / size;
            return if tenths == 0 {
                format!("{whole} {unit}")
            } else {
                format!("{whole}.{tenths} {unit}")
            };
        }
    }
    format!("{bytes} bytes")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_in_bytes_or_with_a_unit() {
        assert_eq!(parse_size("1000"), Some(1000));
        assert_eq!(parse_size("512M"), Some(512 << 20));
        assert_eq!(parse_size("2 GiB"), Some(2 << 30));
        assert_eq!(parse_size("4k"), Some(4096));
        assert_eq!(parse_size("lots"), None);
        assert_eq!(parse_size("12X"), None);
        assert_eq!(parse_size(""), None);
        assert_eq!(parse_size("99999999999999999999G"), None);
    }

    #[test]
    fn sizes_read_for_a_person() {
        assert_eq!(human_size(DEFAULT_MAX_PLAN_BYTES), "256 MiB");
        assert_eq!(human_size(1536), "1.5 KiB");
        assert_eq!(human_size(300), "300 bytes");
    }

    #[test]
    fn descriptor_paths_are_known() {
        assert!(is_descriptor_path(Path::new("/dev/stdout")));
        assert!(is_descriptor_path(Path::new("/dev/fd/1")));
        assert!(is_descriptor_path(Path::new("/proc/self/fd/3")));
        assert!(!is_descriptor_path(Path::new("/dev/null")));
        assert!(!is_descriptor_path(Path::new("report.md")));
    }
}
