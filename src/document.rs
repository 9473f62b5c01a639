//! The plan file as the user wrote it: bytes in, a [`PlanDocument`] out.
//!
//! A `PlanDocument` holds the text, the format-preserving `toml_edit`
//! document that later edits change in place, the typed [`Plan`] read from
//! it, and the diagnostics of loading and validation, each pointed at its
//! byte span. The file is parsed once, with spans: the reader (`read`) walks
//! the spanned tree to build the typed plan, validation runs on the typed
//! plan, and the places it names are found in the same spanned tree before it
//! is turned into an editable document. This module owns the byte-order mark
//! and the line endings; it knows nothing of terminals or the command line.

mod conflicts;
mod read;
mod render;
mod syntax;

use std::ops::Range;

use toml_edit::{Document, DocumentMut, Item, Table, Value};

use crate::diagnostic::{Code, Diagnostic, FieldPath, Segment};
use crate::fields::Collection;
use crate::model::{Date, FORMAT_VERSION, Plan};
use crate::validate::validate;
use read::{Found, Loc, Reader, TableRef};

pub use conflicts::{Conflict, Resolution, find_conflicts, resolve};

/// The byte-order mark some editors write at the start of a UTF-8 file.
const BOM: &str = "\u{feff}";

/// How the file ends its lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineEnding {
    /// `\n`, as on Unix.
    Lf,
    /// `\r\n`, as on Windows.
    CrLf,
}

/// A plan file that parsed as TOML: its text, its editable document, the
/// typed plan and what is wrong with it.
#[derive(Debug, Clone)]
pub struct PlanDocument {
    /// The file's text as loaded or last saved, without the byte-order mark.
    text: String,
    bom: bool,
    line_ending: LineEnding,
    document: DocumentMut,
    /// What `toml_edit` writes for the document as it was when `text` was
    /// read or written; taken before the first edit after that.
    baseline: Option<String>,
    plan: Plan,
    /// The reader's diagnostics, kept apart by item.
    found: Found,
    diagnostics: Vec<Diagnostic>,
    /// Whether the diagnostics' spans point into `text` (true until the
    /// first edit, and again after [`PlanDocument::locate_diagnostics`]).
    located: bool,
    today: Date,
    /// For each [`Part`], the number of the last edit that touched it (0
    /// when none has); see [`PlanDocument::revision_of`].
    revisions: [u64; Part::COUNT],
    edits: u64,
}

/// What an edit touched, so that the typed plan can follow the document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Touched {
    /// The `[plan]` table.
    PlanInfo,
    /// One top-level item, by collection and position.
    Item(Collection, usize),
    /// The items of a top-level collection were added, removed or moved.
    Collection(Collection),
}

impl Touched {
    /// The part of the plan that holds what was touched.
    fn part(self) -> Part {
        match self {
            Touched::PlanInfo => Part::PlanInfo,
            Touched::Item(collection, _) | Touched::Collection(collection) => {
                Part::Collection(collection)
            }
        }
    }
}

/// A top-level part of a plan, as edits are counted by
/// [`PlanDocument::revision_of`]: the `[plan]` table or one collection.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Part {
    /// The `[plan]` table (and the `format` key beside it).
    PlanInfo,
    /// A top-level collection and everything in its items.
    Collection(Collection),
}

impl Part {
    /// How many parts a plan has.
    const COUNT: usize = 1 + Collection::ALL.len();

    /// The part's place among [`Part::COUNT`].
    fn index(self) -> usize {
        match self {
            Part::PlanInfo => 0,
            Part::Collection(collection) => 1 + collection.index(),
        }
    }
}

impl From<Collection> for Part {
    fn from(collection: Collection) -> Part {
        Part::Collection(collection)
    }
}

/// A file that could not be read as TOML at all: not UTF-8, or not TOML.
#[derive(Debug, Clone)]
pub struct LoadFailure {
    /// The text as far as it could be decoded, after any byte-order mark; the
    /// diagnostic's span points into it.
    pub text: String,
    /// What is wrong and where.
    pub diagnostic: Diagnostic,
    /// More of the same, where there is more than one thing to say (one
    /// error per unresolved merge conflict).
    pub further: Vec<Diagnostic>,
}

impl LoadFailure {
    /// Every diagnostic of the failure, the first one first.
    pub fn diagnostics(&self) -> Vec<Diagnostic> {
        std::iter::once(&self.diagnostic)
            .chain(&self.further)
            .cloned()
            .collect()
    }
}

impl PlanDocument {
    /// Load a plan from the bytes of its file. `today` decides which
    /// partnerships have run past their end.
    ///
    /// Fails only when the bytes are not UTF-8 or not TOML; any other problem
    /// is a diagnostic of the returned document, whose typed plan then holds
    /// what could be read.
    ///
    /// ```
    /// use commonplan::document::PlanDocument;
    /// use commonplan::model::Date;
    ///
    /// let text = "format = 1\n[plan]\ncity = \"Ghent\"\ntitle = \"Commons Transition Plan\"\n\
    ///             [[goals]]\nid = \"food\"\ntitle = \"Short food chains\"\nowner = \"city-hal\"\n";
    /// let document = PlanDocument::load(text.as_bytes(), Date::today()).unwrap();
    /// assert_eq!(document.plan().goals[0].title, "Short food chains");
    /// let problem = &document.diagnostics()[0];
    /// assert_eq!(problem.code.as_str(), "E010");
    /// assert_eq!(problem.path.to_string(), "goals.food.owner");
    /// assert_eq!(&document.text()[problem.span.clone().unwrap()], "\"city-hal\"");
    /// ```
    pub fn load(bytes: &[u8], today: Date) -> Result<PlanDocument, Box<LoadFailure>> {
        let text = match std::str::from_utf8(bytes) {
            Ok(text) => text,
            Err(error) => return Err(Box::new(not_utf8(bytes, error))),
        };
        let bom = text.starts_with(BOM);
        let text = text.strip_prefix(BOM).unwrap_or(text);
        let line_ending = match text.find('\n') {
            Some(i) if text[..i].ends_with('\r') => LineEnding::CrLf,
            _ => LineEnding::Lf,
        };
        // Conflict markers make the file no plan (or not the plan meant,
        // inside a multi-line string): one error per conflict.
        let mut conflicts = conflicts::diagnostics(text).into_iter();
        if let Some(diagnostic) = conflicts.next() {
            return Err(Box::new(LoadFailure {
                text: text.to_owned(),
                diagnostic,
                further: conflicts.collect(),
            }));
        }
        let parsed = match Document::parse(text) {
            Ok(parsed) => parsed,
            Err(error) => {
                let diagnostic = syntax::not_toml(text, &error);
                return Err(Box::new(LoadFailure {
                    text: text.to_owned(),
                    diagnostic,
                    further: Vec::new(),
                }));
            }
        };
        let root = parsed.as_table();
        let mut reader = Reader::default();
        let mut found = Found::default();
        let (plan, mut diagnostics) = match format_version(root, &mut reader) {
            Some(format) => {
                found.root = std::mem::take(&mut reader.diagnostics);
                let plan = reader.plan(root, format, &mut found);
                let checked = validate(&plan, today);
                (plan, found.all().chain(checked).collect())
            }
            None => (Plan::default(), reader.diagnostics),
        };
        // Validation names places; the reader knows most spans already, but
        // not, for instance, the header of a table written with dotted keys.
        for diagnostic in diagnostics.iter_mut().filter(|d| d.span.is_none()) {
            diagnostic.span = locate(parsed.as_item(), &diagnostic.path);
        }
        diagnostics.sort_by_key(|d| (d.span.as_ref().map_or(0, |s| s.start), d.code));
        Ok(PlanDocument {
            text: text.to_owned(),
            bom,
            line_ending,
            document: parsed.into_mut(),
            baseline: None,
            revisions: [0; Part::COUNT],
            edits: 0,
            plan,
            found,
            diagnostics,
            located: true,
            today,
        })
    }

    /// Only the typed plan of a file's bytes, read as [`PlanDocument::load`]
    /// reads it, for what compares plans and needs neither the editable
    /// document nor the diagnostics (`commonplan diff`): no validation, no
    /// locating, no editable copy of the tree, so about a third cheaper.
    ///
    /// Fails when the bytes are not UTF-8 or not TOML, and when the file is
    /// not a plan this program reads (no `format` key and no `[plan]`
    /// table, or another format); the failure says which.
    pub fn read_plan(bytes: &[u8]) -> Result<Plan, Box<LoadFailure>> {
        let text = std::str::from_utf8(bytes).map_err(|error| Box::new(not_utf8(bytes, error)))?;
        let text = text.strip_prefix(BOM).unwrap_or(text);
        let failure = |diagnostic: Diagnostic| {
            Box::new(LoadFailure {
                text: text.to_owned(),
                diagnostic,
                further: Vec::new(),
            })
        };
        let parsed =
            Document::parse(text).map_err(|error| failure(syntax::not_toml(text, &error)))?;
        let root = parsed.as_table();
        let mut reader = Reader::default();
        let Some(format) = format_version(root, &mut reader) else {
            let diagnostic = reader.diagnostics.into_iter().next().unwrap_or_else(|| {
                Diagnostic::new(Code::NotAPlan, FieldPath::root(), "not a plan".to_owned())
            });
            return Err(failure(diagnostic));
        };
        Ok(reader.plan(root, format, &mut Found::default()))
    }

    /// The text of the file as loaded or last saved, without its byte-order
    /// mark. [`PlanDocument::render`] gives the text with the edits since.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The text of the plan with every edit made so far: each line no edit
    /// changed is as the file had it, byte for byte.
    pub fn render(&self) -> String {
        match &self.baseline {
            None => self.text.clone(),
            Some(baseline) => render::restore(
                &self.text,
                baseline,
                &self.document.to_string(),
                self.line_ending,
            ),
        }
    }

    /// The bytes to write for the plan: [`PlanDocument::render`], with the
    /// byte-order mark if the file had one.
    pub fn to_bytes(&self) -> Vec<u8> {
        let text = self.render();
        let mut bytes = Vec::with_capacity(text.len() + BOM.len());
        if self.bom {
            bytes.extend_from_slice(BOM.as_bytes());
        }
        bytes.extend_from_slice(text.as_bytes());
        bytes
    }

    /// Record that `bytes` (from [`PlanDocument::to_bytes`]) are now what the
    /// file holds: later edits are compared with them.
    pub fn mark_saved(&mut self, bytes: &[u8]) {
        let text = String::from_utf8_lossy(bytes);
        self.text = text.strip_prefix(BOM).unwrap_or(&text).to_owned();
        self.baseline = None;
    }

    /// Do now the work the first edit after a load or a save would do
    /// (taking the baseline text, about 10 ms per 1,000 goals), so that the
    /// edit itself is quick. Cheap when it is done already.
    pub fn prepare_for_edit(&mut self) {
        self.document_for_edit();
    }

    /// The document, for an edit to change. Takes the baseline first, so that
    /// the unedited lines can be written back as the file had them.
    pub(crate) fn document_for_edit(&mut self) -> &mut DocumentMut {
        if self.baseline.is_none() {
            self.baseline = Some(self.document.to_string());
        }
        &mut self.document
    }

    /// Bring the typed plan and the diagnostics up to date after an edit
    /// changed the parts of the document named in `touched`.
    pub(crate) fn follow(&mut self, touched: &[Touched]) {
        self.edits += 1;
        for part in touched {
            self.revisions[part.part().index()] = self.edits;
        }
        let root = self.document.as_table();
        for &part in touched {
            match part {
                Touched::PlanInfo => {
                    Reader::reread_plan_info(root, &mut self.plan, &mut self.found)
                }
                Touched::Item(collection, index) => {
                    if !Reader::reread_item(
                        root,
                        collection,
                        index,
                        &mut self.plan,
                        &mut self.found,
                    ) {
                        Reader::reread_collection(
                            root,
                            collection,
                            &mut self.plan,
                            &mut self.found,
                        );
                    }
                }
                Touched::Collection(collection) => {
                    Reader::reread_collection(root, collection, &mut self.plan, &mut self.found)
                }
            }
        }
        let checked = validate(&self.plan, self.today);
        self.diagnostics = self.found.all().chain(checked).collect();
        for diagnostic in &mut self.diagnostics {
            diagnostic.span = None;
        }
        self.located = false;
    }

    /// How far a part of the plan (the `[plan]` table or a collection:
    /// `revision_of(Collection::Goals)`) has been edited since the load: the
    /// number of the last edit that touched it, 0 when none has. Two equal
    /// revisions of one document mean the part is unchanged between them, so
    /// what was derived from it can be kept.
    pub fn revision_of(&self, part: impl Into<Part>) -> u64 {
        self.revisions[part.into().index()]
    }

    /// Point every diagnostic at its place in [`PlanDocument::render`]'s
    /// text, after edits (a parse of the whole text: call it when the places
    /// are needed, not after every edit).
    pub fn locate_diagnostics(&mut self) {
        if self.located {
            return;
        }
        let text = self.render();
        if let Ok(parsed) = Document::parse(text.as_str()) {
            for diagnostic in &mut self.diagnostics {
                diagnostic.span = locate(parsed.as_item(), &diagnostic.path);
            }
            self.diagnostics
                .sort_by_key(|d| (d.span.as_ref().map_or(0, |s| s.start), d.code));
        }
        self.located = true;
    }

    /// Whether the diagnostics' spans point into the current text.
    pub fn diagnostics_located(&self) -> bool {
        self.located
    }

    /// Whether the file starts with a byte-order mark.
    pub fn has_bom(&self) -> bool {
        self.bom
    }

    /// How the file ends its lines.
    pub fn line_ending(&self) -> LineEnding {
        self.line_ending
    }

    /// The editable, format-preserving document.
    pub fn document(&self) -> &DocumentMut {
        &self.document
    }

    /// The typed plan.
    pub fn plan(&self) -> &Plan {
        &self.plan
    }

    /// The byte span of any key or value of the loaded text, named in the
    /// plan's terms (`goals.food-1.owner`), and its line and column through
    /// [`crate::diagnostic::LineIndex`]. Spans are not kept in the editable
    /// document, so this parses the text again: use it for a few look-ups
    /// (a jump to a place), not in a loop.
    pub fn locate(&self, path: &FieldPath) -> Option<Range<usize>> {
        let parsed = Document::parse(self.text.as_str()).ok()?;
        locate(parsed.as_item(), path)
    }

    /// Every diagnostic of loading and validation, in file order.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.diagnostics
    }
}

fn not_utf8(bytes: &[u8], error: std::str::Utf8Error) -> LoadFailure {
    let offset = error.valid_up_to();
    let valid = std::str::from_utf8(&bytes[..offset]).unwrap_or_default();
    let bom = if valid.starts_with(BOM) { BOM.len() } else { 0 };
    let mut text = valid[bom..].to_owned();
    text.push_str(&String::from_utf8_lossy(&bytes[offset..]));
    let at = offset - bom;
    let message = format!(
        "the file is not UTF-8: invalid byte 0x{:02x} at byte offset {offset}",
        bytes[offset]
    );
    let diagnostic = Diagnostic::new(Code::NotUtf8, FieldPath::root(), message)
        .with_span(at..at + 1)
        .with_help("save the file as UTF-8 in your editor");
    LoadFailure {
        text,
        diagnostic,
        further: Vec::new(),
    }
}

/// Check the `format` key. Returns the version to read the plan as, or
/// `None` (with a diagnostic) when the file is not a plan this program reads.
fn format_version(root: &Table, reader: &mut Reader) -> Option<i64> {
    let loc = Loc::Key(&Loc::Root, "format");
    let Some(item) = root.get("format") else {
        // A file with a `[plan]` table is a plan that forgot its version:
        // read it as format 1 to say what else is wrong.
        let is_plan = root.contains_key("plan");
        let (message, help) = if is_plan {
            (
                "the plan has no `format` key",
                "add `format = 1` as the first line: this program reads format 1",
            )
        } else {
            (
                "not a format-1 plan: the file has no `format` key",
                "a plan file starts with `format = 1`, followed by a `[plan]` table",
            )
        };
        let diagnostic = Diagnostic::new(Code::NotAPlan, FieldPath::root(), message)
            .with_span(0..0)
            .with_help(help);
        reader.diagnostics.push(diagnostic);
        return is_plan.then_some(FORMAT_VERSION);
    };
    let format = reader.integer(item, &loc)?;
    if format == FORMAT_VERSION {
        return Some(format);
    }
    let (message, help) = if format > FORMAT_VERSION {
        (
            format!(
                "this plan is format {format}, newer than this program reads (format {FORMAT_VERSION})"
            ),
            "install a newer commonplan to open this plan".to_owned(),
        )
    } else {
        (
            format!("there is no plan format {format}"),
            format!("the current format is {FORMAT_VERSION}: write `format = {FORMAT_VERSION}`"),
        )
    };
    let diagnostic = Diagnostic::new(
        Code::UnsupportedFormat,
        FieldPath::root().key("format"),
        message,
    )
    .with_help(help);
    reader.diagnostics.push(Diagnostic {
        span: item.span(),
        ..diagnostic
    });
    None
}

/// A node of the spanned tree while following a [`FieldPath`].
#[derive(Clone, Copy)]
enum Node<'a> {
    Item(&'a Item),
    Table(&'a Table),
    Value(&'a Value),
}

impl<'a> Node<'a> {
    fn span(self) -> Option<Range<usize>> {
        match self {
            Node::Item(item) => item.span(),
            Node::Table(table) => table.span(),
            Node::Value(value) => value.span(),
        }
        .filter(|s| !s.is_empty())
    }

    fn table(self) -> Option<TableRef<'a>> {
        match self {
            Node::Item(Item::Table(table)) | Node::Table(table) => Some(TableRef::Standard(table)),
            Node::Item(Item::Value(Value::InlineTable(table)))
            | Node::Value(Value::InlineTable(table)) => Some(TableRef::Inline(table)),
            _ => None,
        }
    }

    fn child(self, segment: &Segment) -> Option<(Option<Range<usize>>, Node<'a>)> {
        match segment {
            Segment::Key(key) => {
                let (key, item) = match self.table()? {
                    TableRef::Standard(table) => table.get_key_value(key)?,
                    TableRef::Inline(table) => table.get_key_value(key)?,
                };
                Some((key.span(), Node::Item(item)))
            }
            Segment::Index(index, _) => match self {
                Node::Item(Item::ArrayOfTables(tables)) => {
                    Some((None, Node::Table(tables.get(*index)?)))
                }
                Node::Item(Item::Value(Value::Array(array))) | Node::Value(Value::Array(array)) => {
                    Some((None, Node::Value(array.get(*index)?)))
                }
                _ => None,
            },
        }
    }
}

/// The byte span of the key or value that `path` names, in a document parsed
/// with spans. Where the path cannot be followed to the end (a missing key),
/// the span of the deepest item it reaches.
fn locate(root: &Item, path: &FieldPath) -> Option<Range<usize>> {
    let mut node = Node::Item(root);
    let mut best = None;
    let mut key_span = None;
    for segment in &path.segments {
        let Some((span_of_key, child)) = node.child(segment) else {
            return best;
        };
        key_span = span_of_key;
        node = child;
        best = child.span().or(key_span.clone()).or(best);
    }
    if path.at_key { key_span.or(best) } else { best }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> Date {
        Date::new(2026, 1, 1).unwrap()
    }

    #[test]
    fn rejects_non_utf8_with_offset() {
        let failure = PlanDocument::load(b"format = 1\n# caf\xe9\n", today()).unwrap_err();
        assert_eq!(failure.diagnostic.code, Code::NotUtf8);
        assert!(
            failure.diagnostic.message.contains("byte offset 16"),
            "{}",
            failure.diagnostic.message
        );
        assert_eq!(failure.diagnostic.span, Some(16..17));
    }

    #[test]
    fn keeps_bom_and_crlf() {
        let text = "\u{feff}format = 1\r\n[plan]\r\ncity = \"Gent\"\r\ntitle = \"T\"\r\n";
        let doc = PlanDocument::load(text.as_bytes(), today()).unwrap();
        assert!(doc.has_bom());
        assert_eq!(doc.line_ending(), LineEnding::CrLf);
        assert_eq!(doc.plan().plan.city, "Gent");
        assert!(doc.diagnostics().is_empty(), "{:?}", doc.diagnostics());
        assert!(!doc.text().starts_with(BOM));
    }

    #[test]
    fn locates_paths() {
        let text = "format = 1\n[plan]\ncity = \"G\"\ntitle = \"T\"\n[[goals]]\nid = \"a\"\ntitle = \"x\"\nowner = \"nobody\"\n";
        let parsed = Document::parse(text).unwrap();
        let path = FieldPath::root()
            .key(Collection::Goals.key())
            .index(0, Some("a"))
            .key("owner");
        let span = locate(parsed.as_item(), &path).unwrap();
        assert_eq!(&text[span.clone()], "\"nobody\"");
        let span = locate(parsed.as_item(), &path.clone().at_key()).unwrap();
        assert_eq!(&text[span], "owner");
        let header = FieldPath::root()
            .key(Collection::Goals.key())
            .index(0, Some("a"));
        let span = locate(parsed.as_item(), &header).unwrap();
        assert_eq!(&text[span], "[[goals]]");
    }

    #[test]
    fn locates_any_key_of_a_loaded_plan() {
        let text = "format = 1\n[plan]\ncity = \"G\"\ntitle = \"T\"\n\n[[goals]]\nid = \"a\"\ntitle = \"x\"\n  [[goals.indicators]]\n  name = \"n\"\n  target = 3\n";
        let doc = PlanDocument::load(text.as_bytes(), today()).unwrap();
        let path = FieldPath::root()
            .key(Collection::Goals.key())
            .index(0, Some("a"))
            .key("indicators")
            .index(0, None)
            .key("target");
        let span = doc.locate(&path).unwrap();
        let index = crate::diagnostic::LineIndex::new(doc.text());
        let at = index.line_col(span.start);
        assert_eq!((at.line, at.column), (11, 12));
        assert_eq!(doc.locate(&FieldPath::root().key("nothing")), None);
    }

    #[test]
    fn dotted_tables_are_located() {
        let text = "format = 1\nplan.city = \"G\"\n";
        let doc = PlanDocument::load(text.as_bytes(), today()).unwrap();
        let missing = &doc.diagnostics()[0];
        assert_eq!(missing.code, Code::MissingField);
        assert_eq!(&text[missing.span.clone().unwrap()], "plan");
    }

    #[test]
    fn not_a_plan() {
        let doc = PlanDocument::load(b"[server]\nport = 80\n", today()).unwrap();
        assert_eq!(doc.diagnostics().len(), 1);
        assert_eq!(doc.diagnostics()[0].code, Code::NotAPlan);
    }

    #[test]
    fn newer_format() {
        let doc = PlanDocument::load(b"format = 7\n[plan]\n", today()).unwrap();
        assert_eq!(doc.diagnostics().len(), 1);
        assert_eq!(doc.diagnostics()[0].code, Code::UnsupportedFormat);
        assert_eq!(doc.diagnostics()[0].span, Some(9..10));
    }
}
