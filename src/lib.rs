//! commonplan: draft, review and report a city's commons transition plan.
//!
//! The module map, and what each module may use (arrows point at what a
//! module depends on):
//!
//! ```text
//! model  ←  fields  ←  document, validate, progress, edit
//! text   ←  diagnostic  ←  document, validate
//! validate  ←  document  ←  edit  ←  session
//! disk (bytes only, no TOML)  ←  session, export
//! { document, validate, progress, edit, session, disk }  ←  tui  ←  cli  ←  main
//! ```
//!
//! - [`model`]: the plan as plain data; knows no TOML document, terminal or CLI.
//! - [`document`]: bytes → spanned TOML → typed plan + editable document +
//!   located diagnostics; the byte-order mark and line endings.
//! - [`fields`]: the keys of every table and what each holds, as data.
//! - [`edit`]: edits as data, applied in place with undo and redo; the
//!   edits made of an address as typed (`goals.ID.status`).
//! - [`session`]: a plan on disk being worked on — open, apply, undo, redo,
//!   unsaved or not, save by the one save policy, reload.
//! - [`validate`]: the format's rules over a typed plan, named by place.
//! - [`diagnostic`]: codes, places, rendering for people and for tools.
//! - [`progress`]: derived figures — progress, counts, ledger totals.
//! - [`text`]: the one sanitiser for plan text shown to a person.
//! - [`disk`]: files on disk — stamped reads, atomic replacement of a plan
//!   or an export.
//! - [`tui`]: the terminal UI; the only module that uses ratatui and
//!   crossterm. `cli` opens it when no subcommand is given.
//! - [`cli`]: the command line; the only module that uses clap.

pub mod cli;
pub mod diagnostic;
pub mod disk;
pub mod document;
pub mod edit;
pub mod export;
pub mod fields;
pub mod model;
pub mod progress;
pub mod session;
pub mod text;
pub mod tui;
pub mod validate;
