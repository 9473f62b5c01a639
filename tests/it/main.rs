//! The integration tests of commonplan, one module per subject, built as one
//! test binary: each test binary links the library and all its dependencies,
//! so one binary builds several times faster than one per file.
//!
//! Run one module with `cargo test --test it tui::`, one test with its name
//! (`cargo test --test it change_a_status_save_and_quit`). Tests marked
//! `#[ignore = "second tier: .ci/run runs it"]` need a program besides Rust
//! or a long run: `cargo test -- --ignored` runs them (README,
//! "Development").
//!
//! To add a subject, add `mod NAME;` below and write `tests/it/NAME.rs`,
//! starting with a `//!` paragraph saying what it tests. Insta snapshots go
//! to `tests/it/snapshots/it__NAME__SNAPSHOT.snap`; data the tests read
//! stay beside this folder (`tests/editing/`, `tests/export/`,
//! `tests/tui/`).

// A test's helpers unwrap as its body does: a failure there is the test's
// failure, with its message and line.
#![allow(clippy::unwrap_used)]

mod support;

mod cli;
mod cli_add;
mod compliance;
mod decidim;
mod diff;
mod disk;
mod docs;
mod edit_properties;
mod editing;
mod export_cli;
mod export_csv;
mod export_html;
mod export_ical;
mod export_report;
mod git;
mod merge;
mod robustness;
mod round_trip;
mod surroundings;
mod terminal;
mod terminal_journal;
mod tui;
mod validation;
mod workshop_format;
