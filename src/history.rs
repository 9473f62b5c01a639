//! Diff and three-way merge of plans in plan terms: what changed between two
//! versions of a plan said as items added, removed, renamed and moved and
//! fields set from one value to another, addressed as the command line
//! addresses them (`goals.local-energy.status`), never as lines of TOML; and
//! the merge of two lines of work on one plan that matches items by id.
//!
//! Like [`crate::progress`], this module works on plans, not on terminals or
//! the command line. `commonplan diff`, the git diff driver, the UI's
//! Changes view and the reports' "what changed since" use [`diff`];
//! `commonplan merge` (git's merge driver) and the UI, when the file changed
//! on disk under unsaved edits, use [`merge`]; [`revision`] reads an earlier
//! version of a plan from a file or from git.

pub mod diff;
pub mod merge;
pub mod revision;
