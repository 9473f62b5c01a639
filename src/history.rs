//! Diff and three-way merge of plans in plan terms: what changed between two
//! versions of a plan said as items added, removed, renamed and moved and
//! fields set from one value to another, addressed as the command line
//! addresses them (`goals.local-energy.status`), never as lines of TOML.
//!
//! Like [`crate::progress`], this module works on typed plans; it knows no
//! terminal and no command line. `commonplan diff`, the git diff driver and
//! the reports' "what changed since" use [`diff`]; [`revision`] reads an
//! earlier version of a plan from a file or from git.

pub mod diff;
pub mod revision;
