//! commonplan: draft, review and report a city's commons transition plan.
//!
//! # The module map
//!
//! ```text
//! model/        the plan as plain data (serde); enums, ids; date
//! fields/       the one schema: every table's keys, kinds and required marks
//!   collection    Collection (top-level) and Nested: the collections by name
//!   tables        the field table of each kind of item (TableKind)
//!   schema        `commonplan schema`, generated from the tables
//!   docs          the key tables of docs/format.md, generated from the tables
//! document/     bytes → spanned TOML → typed plan + editable document +
//!               located diagnostics; byte-order mark, line endings
//!   read, read/items   the reader;  render   edited text, unedited lines kept
//!   conflicts     unresolved merge-conflict blocks: found, named, resolved
//!   syntax        the E002 of text that is not TOML, at its place
//! validate/     the format's rules over a typed plan, named by place
//!   text          the checks of every string (control characters)
//! diagnostic    codes, places, rendering for people and the one JSON form
//! edit/         edits as data, applied in place with undo and redo
//!   vocabulary    Edit, ItemPath, FieldValue, EditError
//!   values        value checks;  compile   edits → changes (tables, rename, banner)
//!   changes       operations on the document and their inverses
//!   history       undo and redo;  address   places as typed, and their edits
//!   describe      an item named for a person
//! session       PlanFile: a plan on disk being worked on — open, apply, undo,
//!               redo, dirty, save by the one save policy, reload
//! progress/     derived figures of a typed plan
//!   outline       themes → goal tree, cycles cut: the order every view follows
//!   percent       the one rounding rule for percentages
//!   ledger        the contribution ledger's totals
//! history/      plans compared and merged in plan terms
//!   diff          what changed from one plan to another: text, JSON, and
//!                 the line-per-field listing git compares
//!   merge         three-way merge matching items by id (git's merge driver)
//!   revision      an earlier version of a plan: a file, or from git
//! export/       the report built once (report, report/build); markdown, html
//!               (templates/, template), json, csv, ical
//! text          the one sanitiser for plan text shown to a person; numbers
//!               and counts as people read them
//! disk          files on disk: stamped reads, the atomic, locked write behind
//!               saving and exporting
//! tui/          the terminal UI
//! cli/          clap; one file per subcommand
//! ```
//!
//! # The dependency rule
//!
//! Arrows point at what a module may use:
//!
//! ```text
//! text  ←  diagnostic  ←  fields, validate, document
//! model  ←  fields  ←  validate  ←  document  ←  edit  ←  session
//! model  ←  progress;   { document, progress, history }  ←  export
//! { model, fields, progress, text, document, edit }  ←  history
//! disk (bytes only, no TOML)  ←  session, export
//! { session, edit, document, progress, export, disk }  ←  tui  ←  cli  ←  main
//! ```
//!
//! - [`model`] knows no TOML document, terminal or command line; nor do
//!   [`fields`], [`validate`], [`progress`] and [`export`], which are functions
//!   of typed data (export reads a [`document::PlanDocument`] only to take
//!   its plan and diagnostics, and writes files only through [`disk`]).
//! - [`session`] is the one save policy; [`edit`] knows no files, only
//!   documents.
//! - Only [`tui`] uses ratatui and crossterm; only [`cli`] and `main` use
//!   clap. `cli` opens the UI when no subcommand is given.

pub mod cli;
pub mod diagnostic;
pub mod disk;
pub mod document;
pub mod edit;
pub mod export;
pub mod fields;
pub mod history;
pub mod model;
pub mod progress;
pub mod session;
pub mod text;
pub mod tui;
pub mod validate;
