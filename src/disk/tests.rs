//! The file layer's own small pieces: leftover names, paths.

use super::replace::{leftover_pid, temporary_prefix};
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
