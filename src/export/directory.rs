//! Writing an export of several files (the CSV tables) into a directory,
//! all or nothing as far as it made them.
//!
//! The directory is made when missing, with any missing parents. When a
//! file then cannot be written, what this export made is taken away again:
//! the files it wrote and the directories it made, so a failed export
//! leaves no empty directory behind. A directory that was there before is
//! never removed, and neither is anything in it this export did not write.

use std::fs;
use std::path::{Path, PathBuf};

use crate::disk::{self, DiskError, WriteOptions};

/// Write each `(name, text)` of `files` into the directory `path`, each file
/// as [`disk::write_with`] writes it. Returns the files written.
pub(super) fn write_files(
    path: &Path,
    files: &[(String, String)],
    options: &WriteOptions<'_>,
) -> Result<Vec<PathBuf>, DiskError> {
    let made = missing_directories(path);
    fs::create_dir_all(path).map_err(|source| DiskError::Io {
        action: "create the directory",
        path: path.to_path_buf(),
        source,
    })?;
    let mut written = Vec::with_capacity(files.len());
    for (name, text) in files {
        let file = path.join(name);
        if let Err(error) = disk::write_with(&file, text.as_bytes(), options) {
            if !made.is_empty() {
                take_away(&written, &made);
            }
            return Err(error);
        }
        written.push(file);
    }
    Ok(written)
}

/// The directories of `path` (itself and its parents) that do not exist,
/// deepest first: those `create_dir_all` will make.
fn missing_directories(path: &Path) -> Vec<PathBuf> {
    path.ancestors()
        .filter(|dir| !dir.as_os_str().is_empty())
        .take_while(|dir| fs::symlink_metadata(dir).is_err())
        .map(Path::to_path_buf)
        .collect()
}

/// Remove the `files` written and then the directories `made`, deepest
/// first, each only while empty. Best effort: the export's error is what
/// the user needs to hear.
fn take_away(files: &[PathBuf], made: &[PathBuf]) {
    for file in files {
        let _ = fs::remove_file(file);
    }
    for dir in made {
        if fs::remove_dir(dir).is_err() {
            break;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Tables whose second file cannot be written (its folder is missing).
    fn failing_tables() -> Vec<(String, String)> {
        vec![
            ("goals.csv".to_owned(), "id\n".to_owned()),
            ("missing/actors.csv".to_owned(), "id\n".to_owned()),
        ]
    }

    #[test]
    fn a_failed_export_takes_away_the_directories_it_made() {
        let root = tempfile::tempdir().expect("a temporary directory");
        let target = root.path().join("new").join("tables");
        let result = write_files(&target, &failing_tables(), &WriteOptions::default());
        assert!(result.is_err());
        assert!(!root.path().join("new").exists());
        assert_eq!(fs::read_dir(root.path()).expect("readable").count(), 0);
    }

    #[test]
    fn a_failed_export_keeps_a_directory_that_was_there() {
        let root = tempfile::tempdir().expect("a temporary directory");
        let target = root.path().join("tables");
        fs::create_dir(&target).expect("made");
        fs::write(target.join("notes.txt"), "mine").expect("written");
        let result = write_files(&target, &failing_tables(), &WriteOptions::default());
        assert!(result.is_err());
        assert_eq!(
            fs::read_to_string(target.join("notes.txt")).expect("kept"),
            "mine"
        );
    }

    #[test]
    fn a_written_export_lists_its_files() {
        let root = tempfile::tempdir().expect("a temporary directory");
        let target = root.path().join("tables");
        let files = vec![("goals.csv".to_owned(), "id\n".to_owned())];
        let written = write_files(&target, &files, &WriteOptions::default()).expect("written");
        assert_eq!(written, vec![target.join("goals.csv")]);
    }
}
