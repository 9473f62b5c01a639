//! System programs that second-tier tests need, such as Chromium.
//!
//! A test asks for its program with [`required_program`]. When the program
//! is missing, the test is skipped with one line on standard error naming
//! the install command, except under continuous integration (`CI` set, as
//! `.ci/run` does), where a missing program fails the test: CI must never
//! pass without having run it.

use std::io::Write;
use std::path::PathBuf;

/// Whether this run is continuous integration: `CI` set to anything but
/// empty, `0` or `false`.
pub fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !matches!(v.trim(), "" | "0" | "false"))
}

/// The first of `names` found on `PATH`. When none is found: under CI the
/// test fails; otherwise it prints one line saying `test` is skipped and how
/// to install the program (`install`, e.g. `apt-get install chromium`), and
/// returns `None` for the test to return at once.
pub fn required_program(names: &[&str], install: &str, test: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    for name in names {
        for dir in std::env::split_paths(&path) {
            let candidate = dir.join(name);
            if candidate.is_file() {
                return Some(candidate);
            }
        }
    }
    let wanted = names.join(" or ");
    assert!(
        !in_ci(),
        "{test}: no {wanted} on PATH, and CI is set, so it may not be skipped; \
         install it: {install} (.ci/run does)"
    );
    // Straight to standard error: the test harness would capture eprintln!
    // and show it only for a failure.
    let _ = writeln!(
        std::io::stderr().lock(),
        "skipped {test}: no {wanted} on PATH; install it with `{install}`"
    );
    None
}
