//! An earlier version of a plan file: another file, or a git revision of
//! the plan read in the file's own directory (so in its own repository):
//! `HEAD~3`, a branch, a commit, or a date meaning the last commit of the
//! plan before that day began. `commonplan diff --since`, `export --since`
//! and the UI's Changes view all read it here. The blob is read as
//! committed (`git show --no-textconv`), never through a textconv the
//! repository sets; a file is read as a plan is, within the same bounds
//! ([`crate::disk::read_plan_file`]).

use std::path::{Path, PathBuf};
use std::process::Command;

use thiserror::Error;

use crate::model::Date;
use crate::text::printable;

/// One version of a plan: how it is named and its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Version {
    /// How it is named in messages and reports: a path, or `REV:path`.
    pub label: String,
    /// The file's bytes.
    pub bytes: Vec<u8>,
}

/// Why a version could not be read.
#[derive(Debug, Error)]
pub enum RevisionError {
    /// A file could not be read (or is not a regular file, or is larger
    /// than a plan may be).
    #[error(transparent)]
    Read(#[from] crate::disk::DiskError),
    /// The plan's path names no file.
    #[error("{0} names no file")]
    NoFile(String),
    /// git is not installed.
    #[error(
        "git is not installed (or not on PATH): it is needed to read an earlier \
         version of the plan; compare two files instead"
    )]
    NoGit,
    /// git could not be started.
    #[error("cannot run git: {0}")]
    Run(std::io::Error),
    /// git ran and failed.
    #[error("git {args} failed: {message}")]
    Git {
        /// The arguments it was given.
        args: String,
        /// The first line it wrote on its error output.
        message: String,
    },
    /// The plan has no commit before the date.
    #[error("no commit of {plan} before {date} (the plan's history starts later)")]
    NoCommitBefore {
        /// The plan.
        plan: String,
        /// The date asked for.
        date: Date,
    },
}

/// A path as messages show it: its control characters escaped.
fn shown(path: &Path) -> String {
    printable(&path.display().to_string()).into_owned()
}

/// The file at `path`.
pub fn read_file(path: &Path) -> Result<Version, RevisionError> {
    // As a plan is read: a regular file, within the size a plan may have.
    let (bytes, _) = crate::disk::read_plan_file(path)?;
    Ok(Version {
        label: path.display().to_string(),
        bytes,
    })
}

/// The version of `plan` that `since` names: a file when one is there by
/// that name, else a date (`2025-02-11`) or a git revision.
pub fn earlier_version(plan: &Path, since: &str) -> Result<Version, RevisionError> {
    if Path::new(since).is_file() {
        return read_file(Path::new(since));
    }
    let (directory, name) = git_place(plan)?;
    let revision = match since.parse::<Date>() {
        Ok(date) => {
            let before = format!("--before={date} 00:00:00");
            let found = git(
                &directory,
                &["rev-list", "-1", &before, "HEAD", "--", &name],
            )?;
            let found = String::from_utf8_lossy(&found).trim().to_owned();
            if found.is_empty() {
                return Err(RevisionError::NoCommitBefore {
                    plan: shown(plan),
                    date,
                });
            }
            found
        }
        Err(_) => since.to_owned(),
    };
    let bytes = git(
        &directory,
        &["show", "--no-textconv", &format!("{revision}:./{name}")],
    )?;
    Ok(Version {
        label: format!("{since}:{}", plan.display()),
        bytes,
    })
}

/// The directory git runs in for `plan` (its own) and its file name.
fn git_place(plan: &Path) -> Result<(PathBuf, String), RevisionError> {
    let name = plan
        .file_name()
        .ok_or_else(|| RevisionError::NoFile(shown(plan)))?
        .to_string_lossy()
        .into_owned();
    let directory = match plan.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    };
    Ok((directory, name))
}

/// Run git in `directory` and return its standard output; its error, said
/// plainly, when it fails or is not installed.
pub fn git(directory: &Path, args: &[&str]) -> Result<Vec<u8>, RevisionError> {
    let output = Command::new("git")
        .arg("-C")
        .arg(directory)
        .args(args)
        .output()
        .map_err(|error| match error.kind() {
            std::io::ErrorKind::NotFound => RevisionError::NoGit,
            _ => RevisionError::Run(error),
        })?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        return Err(RevisionError::Git {
            args: args.join(" "),
            message: printable(stderr.lines().next().unwrap_or("no message").trim()).into_owned(),
        });
    }
    Ok(output.stdout)
}
