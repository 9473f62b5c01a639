//! The three-way merge of plan files: what `commonplan merge` does, as
//! git's merge driver, and what the UI offers when the file changed on
//! disk under unsaved edits.
//!
//! Items are matched by id, not by their place: `[[goals]]`, `[[actors]]`
//! and the other collections by `id`, nested items by what tells them
//! apart (a measurement by its date, a party by its actor, a milestone by
//! its id or title…). Each item is merged field by field, lists of ids and
//! texts as sets, and the additions both sides made to a collection are
//! all kept. The result starts from our bytes and takes in their changes
//! as edits of our `toml_edit` document, so every line neither side
//! changed is written as we had it — comments, blank lines, quoting, the
//! byte-order mark and the line endings.
//!
//! What does not merge is a conflict: a field set two ways, an item
//! removed on one side and changed on the other, an id added twice with
//! different content. Each is written between git's conflict markers
//! around the smallest span that shows it (the key's line where it can
//! be, the whole item where it must), and listed in [`Merged::conflicts`].
//! A clean result is checked before it is handed back: errors it has that
//! neither side had (a reference to an item the other side removed) are
//! conflicts too.
//!
//! A merge of a large plan where each side changed a few items need not
//! parse what neither changed: `regions` cuts the texts into their
//! top-level items without parsing them (`units`), compares them by text,
//! and merges only the regions theirs changed, each as a small document,
//! by the same tree merge; when it cannot be sure that gives what merging
//! the whole files gives, the whole files are merged.
//!
//! By concern: `same` (comparing what is written, and keying items),
//! `layout` (where each item of a merged collection goes), `values` (one
//! value three ways), `tree` (tables and `[[…]]` collections), `renames`
//! (ids changed on one side), `markers` (conflict markers), `units` and
//! `regions` (the quick way for a few changes in a large plan).

mod layout;
mod markers;
mod regions;
mod renames;
mod same;
mod tree;
mod units;
mod values;

#[cfg(test)]
mod tests;

use std::collections::HashSet;
use std::fmt;

use thiserror::Error;
use toml_edit::DocumentMut;

use crate::diagnostic::{FieldPath, Severity};
use crate::document::{PlanDocument, Touched};
use crate::fields::Collection;
use crate::model::{Date, FORMAT_VERSION};

pub use markers::Markers;
use tree::{Merger, Scope};

const BOM: &str = "\u{feff}";

/// What kind of conflict.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConflictKind {
    /// Both sides changed one field, differently.
    BothChanged,
    /// We removed an item they changed.
    RemovedByOurs,
    /// They removed an item we changed.
    RemovedByTheirs,
    /// Both sides added an item under one id (or key), differently.
    AddedTwice,
    /// The merged plan has an error neither side had.
    Check,
}

/// One thing the two sides did that does not merge.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MergeConflict {
    /// What kind of conflict.
    pub kind: ConflictKind,
    /// Where, in the plan's terms: `goals.local-energy.status`.
    pub path: FieldPath,
    /// Our side, as written: the value, or the item's lines; `None` where
    /// we have nothing (we removed it).
    pub ours: Option<String>,
    /// Their side, likewise.
    pub theirs: Option<String>,
    /// What is wrong, where the sides' texts do not say it (a conflict
    /// found by checking the merged plan).
    pub message: Option<String>,
}

/// A side's text in a line of a message: short values whole, an item as
/// its first line.
fn shown(text: Option<&str>, absent: &str) -> String {
    match text {
        None => absent.to_owned(),
        Some(text) => {
            let text = text.trim();
            let first = text.lines().next().unwrap_or_default();
            let lines = text.lines().count();
            let shown = if lines > 1 {
                format!("{first} … ({lines} lines)")
            } else {
                first.to_owned()
            };
            crate::text::printable(&shown).into_owned()
        }
    }
}

impl fmt::Display for MergeConflict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(message) = &self.message {
            return f.write_str(&crate::text::printable(message));
        }
        let ours = shown(self.ours.as_deref(), "removed");
        let theirs = shown(self.theirs.as_deref(), "removed");
        match self.kind {
            ConflictKind::BothChanged | ConflictKind::Check => {
                write!(f, "{}: ours {ours}, theirs {theirs}", self.path)
            }
            ConflictKind::RemovedByOurs => {
                write!(f, "{}: removed by ours, changed by theirs", self.path)
            }
            ConflictKind::RemovedByTheirs => {
                write!(f, "{}: changed by ours, removed by theirs", self.path)
            }
            ConflictKind::AddedTwice => write!(
                f,
                "{}: added by both sides, differently: ours {ours}, theirs {theirs}",
                self.path
            ),
        }
    }
}

/// The result of a merge.
#[derive(Debug, Clone)]
pub struct Merged {
    /// The merged file, with conflict markers where there are conflicts.
    pub bytes: Vec<u8>,
    /// What did not merge, in the order found.
    pub conflicts: Vec<MergeConflict>,
}

impl Merged {
    /// Whether the merge found no conflict.
    pub fn is_clean(&self) -> bool {
        self.conflicts.is_empty()
    }
}

/// One of the three versions of a merge.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Version {
    /// The common ancestor.
    Base,
    /// The version merged into.
    Ours,
    /// The version merged in.
    Theirs,
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Version::Base => "the base",
            Version::Ours => "ours",
            Version::Theirs => "theirs",
        })
    }
}

/// Why a merge could not be made in plan terms.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum MergeError {
    /// A version is not a format-1 plan (not UTF-8, not TOML, or without
    /// `format = 1`): merge it as text instead.
    #[error("{version} is not a format-{FORMAT_VERSION} plan: {reason}")]
    NotAPlan {
        /// Which version.
        version: Version,
        /// Why not.
        reason: String,
    },
}

/// How to merge.
#[derive(Debug, Clone)]
pub struct MergeOptions {
    /// How conflict markers are written.
    pub markers: Markers,
    /// The day that decides which partnerships have run past their end,
    /// for checking the result.
    pub today: Date,
}

impl Default for MergeOptions {
    fn default() -> MergeOptions {
        MergeOptions {
            markers: Markers::default(),
            today: Date::today(),
        }
    }
}

fn text_of(bytes: &[u8], version: Version) -> Result<&str, MergeError> {
    let text = std::str::from_utf8(bytes).map_err(|e| MergeError::NotAPlan {
        version,
        reason: format!("not UTF-8 (at byte {})", e.valid_up_to()),
    })?;
    Ok(text.strip_prefix(BOM).unwrap_or(text))
}

/// Parse a version as an editable document, if it is a format-1 plan.
fn parse(text: &str, version: Version) -> Result<DocumentMut, MergeError> {
    let document: DocumentMut =
        text.parse()
            .map_err(|e: toml_edit::TomlError| MergeError::NotAPlan {
                version,
                reason: format!("not TOML: {}", e.message().trim_end()),
            })?;
    match document.get("format").and_then(toml_edit::Item::as_integer) {
        Some(FORMAT_VERSION) => Ok(document),
        Some(other) => Err(MergeError::NotAPlan {
            version,
            reason: format!("it is format {other}"),
        }),
        None => Err(MergeError::NotAPlan {
            version,
            reason: "it has no `format` key".into(),
        }),
    }
}

/// Merge into `ours` the changes `theirs` made since `base`, item by item
/// and field by field (the bytes of three plan files).
///
/// Merging a version with itself or with the base gives ours back, byte
/// for byte. Fails only when a version is not a format-1 plan.
///
/// ```
/// use commonplan::history::merge::{merge, MergeOptions};
///
/// let base = "format = 1\n[plan]\ncity = \"Ghent\"\ntitle = \"Plan\"\n\
///             [[goals]]\nid = \"food\"\ntitle = \"Food\"\nstatus = \"idea\"\n";
/// let ours = base.replace("status = \"idea\"", "status = \"adopted\"");
/// let theirs = base.replace("title = \"Food\"", "title = \"Short food chains\"");
/// let merged = merge(base.as_bytes(), ours.as_bytes(), theirs.as_bytes(), &MergeOptions::default())?;
/// assert!(merged.is_clean());
/// let text = String::from_utf8(merged.bytes).unwrap();
/// assert!(text.contains("title = \"Short food chains\"\nstatus = \"adopted\""));
/// # Ok::<(), commonplan::history::merge::MergeError>(())
/// ```
pub fn merge(
    base: &[u8],
    ours: &[u8],
    theirs: &[u8],
    options: &MergeOptions,
) -> Result<Merged, MergeError> {
    let unchanged = |bytes: &[u8]| Merged {
        bytes: bytes.to_vec(),
        conflicts: Vec::new(),
    };
    if theirs == base || theirs == ours {
        return Ok(unchanged(ours));
    }
    if ours == base {
        return Ok(unchanged(theirs));
    }
    let (base_text, ours_text, theirs_text) = (
        text_of(base, Version::Base)?,
        text_of(ours, Version::Ours)?,
        text_of(theirs, Version::Theirs)?,
    );
    let texts = [base_text, ours_text, theirs_text];
    if let Some(merged) = merge_by_regions(texts, ours, theirs, options) {
        return Ok(merged);
    }
    merge_whole(texts, ours, theirs, options)
}

/// The quick way: only the regions theirs changed are merged
/// ([`regions`]), and a clean result is checked by loading it; `None`
/// when the whole files must be merged.
fn merge_by_regions(
    texts: [&str; 3],
    ours: &[u8],
    theirs: &[u8],
    options: &MergeOptions,
) -> Option<Merged> {
    let (text, conflicts) = regions::merge_regions(texts, &options.markers, options.today)?;
    let bytes = with_bom(ours.starts_with(BOM.as_bytes()), &text);
    if !conflicts.is_empty() {
        return Some(Merged { bytes, conflicts });
    }
    let merged = PlanDocument::load(&bytes, options.today).ok()?;
    let mut conflicts = Vec::new();
    if merged
        .diagnostics()
        .iter()
        .any(|d| d.severity() == Severity::Error)
    {
        let ours = PlanDocument::load(ours, options.today).ok()?;
        conflicts = check(&merged, &errors_of(&ours), theirs, options.today);
    }
    Some(Merged { bytes, conflicts })
}

fn with_bom(bom: bool, text: &str) -> Vec<u8> {
    let mut bytes = Vec::with_capacity(text.len() + BOM.len());
    if bom {
        bytes.extend_from_slice(BOM.as_bytes());
    }
    bytes.extend_from_slice(text.as_bytes());
    bytes
}

/// The whole way: the three files parsed and merged as trees.
fn merge_whole(
    [base_text, ours_text, theirs_text]: [&str; 3],
    ours: &[u8],
    theirs: &[u8],
    options: &MergeOptions,
) -> Result<Merged, MergeError> {
    // The base and theirs are parsed while ours is loaded and made ready
    // for editing (its baseline text taken): three parses at once.
    let (base_doc, theirs_doc, loaded) = std::thread::scope(|scope| {
        let base = scope.spawn(|| parse(base_text, Version::Base));
        let theirs = scope.spawn(|| parse(theirs_text, Version::Theirs));
        let loaded = load_ours(ours, ours_text, options.today).map(|mut document| {
            document.prepare_for_edit();
            document
        });
        let join = |handle: std::thread::ScopedJoinHandle<'_, _>| {
            handle
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
        };
        (join(base), join(theirs), loaded)
    });
    let (base_doc, theirs_doc) = (base_doc?, theirs_doc?);
    let mut document = loaded?;
    let errors_before = errors_of(&document);

    let mut merger = Merger::new(&[base_text, ours_text, theirs_text]);
    {
        let root = document.document_for_edit();
        merger.merge_table(
            &FieldPath::root(),
            &[],
            Scope::Root,
            Some(base_doc.as_table()),
            root.as_table_mut(),
            theirs_doc.as_table(),
        );
        if !merger.renames.is_empty()
            && renames::follow_renames(root.as_table_mut(), &merger.renames)
        {
            merger
                .touched
                .extend(Collection::ALL.iter().map(|c| c.key().to_owned()));
        }
    }
    let touched = touched_parts(&merger.touched);
    if !touched.is_empty() {
        document.follow(&touched);
    }
    let mut text = document.render();
    if !merger.placeholders.is_empty() {
        text = merger
            .placeholders
            .write(&text, document.line_ending(), &options.markers);
    }
    let mut conflicts = merger.conflicts;
    if conflicts.is_empty() {
        conflicts = check(&document, &errors_before, theirs, options.today);
    }
    let bytes = with_bom(document.has_bom(), &text);
    Ok(Merged { bytes, conflicts })
}

fn load_ours(bytes: &[u8], text: &str, today: Date) -> Result<PlanDocument, MergeError> {
    parse_format_only(text)?;
    PlanDocument::load(bytes, today).map_err(|failure| MergeError::NotAPlan {
        version: Version::Ours,
        reason: failure.diagnostic.message,
    })
}

/// Check ours has `format = 1` before the full load, so that a file that
/// is not a plan is refused the same way for every version.
fn parse_format_only(text: &str) -> Result<(), MergeError> {
    // The line `format = 1` is almost always among the first; a full parse
    // settles the rest.
    let found = text
        .lines()
        .map(str::trim)
        .take_while(|l| !l.starts_with('['))
        .any(|l| {
            l.strip_prefix("format")
                .map(str::trim_start)
                .and_then(|l| l.strip_prefix('='))
                .map(|l| l.split('#').next().unwrap_or_default().trim())
                == Some("1")
        });
    if found {
        return Ok(());
    }
    parse(text, Version::Ours).map(drop)
}

/// The parts of the plan to read again after the merge changed the
/// top-level keys `keys`.
fn touched_parts(keys: &[String]) -> Vec<Touched> {
    let mut parts: Vec<Touched> = Vec::new();
    for key in keys {
        let part = match key.parse::<Collection>() {
            Ok(collection) => Touched::Collection(collection),
            Err(_) => Touched::PlanInfo,
        };
        if !parts.contains(&part) {
            parts.push(part);
        }
    }
    parts
}

/// The errors of a document, as what names them.
fn errors_of(document: &PlanDocument) -> HashSet<(String, String)> {
    document
        .diagnostics()
        .iter()
        .filter(|d| d.severity() == Severity::Error)
        .map(|d| (d.code.as_str().to_owned(), d.path.to_string()))
        .collect()
}

/// The errors of the merged plan that neither side had, as conflicts.
fn check(
    merged: &PlanDocument,
    ours: &HashSet<(String, String)>,
    theirs: &[u8],
    today: Date,
) -> Vec<MergeConflict> {
    let new: Vec<_> = merged
        .diagnostics()
        .iter()
        .filter(|d| d.severity() == Severity::Error)
        .filter(|d| !ours.contains(&(d.code.as_str().to_owned(), d.path.to_string())))
        .collect();
    if new.is_empty() {
        return Vec::new();
    }
    let theirs = PlanDocument::load(theirs, today)
        .map(|doc| errors_of(&doc))
        .unwrap_or_default();
    new.into_iter()
        .filter(|d| !theirs.contains(&(d.code.as_str().to_owned(), d.path.to_string())))
        .map(|d| MergeConflict {
            kind: ConflictKind::Check,
            path: d.path.clone(),
            ours: None,
            theirs: None,
            message: Some(format!(
                "the merged plan does not check: {} [{}]",
                d.message, d.code
            )),
        })
        .collect()
}
