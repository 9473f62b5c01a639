//! Diagnostics: what is wrong with a plan, where, and how to fix it.
//!
//! A [`Diagnostic`] carries a stable [`Code`], a message that names the item,
//! the place in the plan's own terms (a [`FieldPath`] such as
//! `goals.food-1.owner`), the byte span in the file once the document layer
//! has found it, and a help line where a fix is known. The table of codes is
//! data ([`Code::ALL`]) so that documentation and tests are generated from it.
//! Rendering for people (rustc-style, via annotate-snippets) and for tools
//! (JSON) lives here too; every piece of plan text goes through
//! [`crate::text`] on its way out.

use std::borrow::Cow;
use std::fmt;
use std::ops::Range;

use annotate_snippets::{AnnotationKind, Level, Renderer, Snippet};
use serde::Serialize;

use crate::text::{printable, with_control_pictures};

/// How bad a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The plan is wrong; `check` fails.
    Error,
    /// Worth a look; `check` passes unless told to deny warnings.
    Warning,
}

macro_rules! codes {
    ($($variant:ident = $code:literal, $severity:ident, $summary:literal;)+) => {
        /// A stable diagnostic code. The number never changes meaning.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Code { $(#[doc = $summary] $variant),+ }

        impl Code {
            /// Every code, in order.
            pub const ALL: &'static [Code] = &[$(Code::$variant),+];

            /// The code as printed: `E001`.
            pub fn as_str(self) -> &'static str {
                match self { $(Code::$variant => $code),+ }
            }

            /// Whether the code is an error or a warning.
            pub fn severity(self) -> Severity {
                match self { $(Code::$variant => Severity::$severity),+ }
            }

            /// One line on what the code means.
            pub fn summary(self) -> &'static str {
                match self { $(Code::$variant => $summary),+ }
            }
        }
    };
}

codes! {
    NotUtf8 = "E001", Error, "the file is not UTF-8";
    NotToml = "E002", Error, "the file is not valid TOML";
    NotAPlan = "E003", Error, "the `format` key is missing: not a format-1 plan";
    UnsupportedFormat = "E004", Error, "the `format` is newer than this program, or not a known version";
    MissingField = "E005", Error, "a required field is missing";
    WrongType = "E006", Error, "a value has the wrong type";
    UnknownKeyword = "E007", Error, "a value is not one of the words allowed";
    MalformedId = "E008", Error, "an id is not 1 to 64 characters of a-z, 0-9 and `-`";
    DuplicateId = "E009", Error, "an id is used twice in one collection";
    UnknownReference = "E010", Error, "a reference names an id that does not exist";
    GoalCycle = "E011", Error, "a goal is its own ancestor";
    PeriodReversed = "E012", Error, "the plan's `end_year` is before its `start_year`";
    DatesReversed = "E013", Error, "a partnership's `end` is before its `start`";
    ContributionNotParty = "E014", Error, "a contribution comes from an actor that is not a party";
    TooManyDots = "E015", Error, "a participant placed more dots than the workshop allows";
    VoteNotParticipant = "E016", Error, "a vote by someone who is not a participant";
    InvalidValue = "E017", Error, "a value is outside what the field allows";
    MergeConflict = "E018", Error, "an unresolved merge conflict: conflict markers in the file";
    UnknownKey = "W001", Warning, "a key the format does not define";
    TargetOutsidePeriod = "W002", Warning, "a goal's `target_year` is outside the plan's period";
    NotPublicCommons = "W003", Warning, "a partnership lacks a public party or a commons party";
    ActivePartnershipEnded = "W004", Warning, "an `active` partnership's `end` has passed";
    GoalWithoutOwner = "W005", Warning, "an adopted or in-progress goal has no `owner`";
    IndicatorWithoutTarget = "W006", Warning, "an indicator has no `target`";
    ControlCharacters = "W007", Warning, "a string holds control characters";
    UnreferencedActor = "W008", Warning, "an actor that nothing references";
    DuplicateMeasurement = "W009", Warning, "two measurements of one indicator on the same date";
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// A code is written as its string, one of [`Code::ALL`].
impl schemars::JsonSchema for Code {
    fn schema_name() -> Cow<'static, str> {
        "Code".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let codes: Vec<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
        schemars::json_schema!({
            "description": "A stable diagnostic code: `E…` for errors, `W…` for warnings.",
            "type": "string",
            "enum": codes,
        })
    }
}

/// One step of a [`FieldPath`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Segment {
    /// A key of a table.
    Key(Cow<'static, str>),
    /// A position in an array (0-based), with the item's id when it has one.
    Index(usize, Option<String>),
}

/// A place in a plan in the plan's own terms: `goals.food-1.indicators.2.target`.
///
/// Items with an id are named by it, others by their 1-based position, which
/// is also how `commonplan set` addresses them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FieldPath {
    /// The steps from the top of the file.
    pub segments: Vec<Segment>,
    /// Point at the key itself rather than its value (an unknown key).
    pub at_key: bool,
}

impl FieldPath {
    /// The top of the file.
    pub fn root() -> FieldPath {
        FieldPath::default()
    }

    /// This path followed by a key.
    pub fn key(&self, key: impl Into<Cow<'static, str>>) -> FieldPath {
        let mut path = self.clone();
        path.segments.push(Segment::Key(key.into()));
        path
    }

    /// This path followed by a position, with the item's id if it has one.
    pub fn index(&self, index: usize, id: Option<&str>) -> FieldPath {
        let mut path = self.clone();
        path.segments.push(Segment::Index(
            index,
            id.filter(|id| !id.is_empty()).map(str::to_owned),
        ));
        path
    }

    /// The same place, pointing at the key rather than the value.
    pub fn at_key(mut self) -> FieldPath {
        self.at_key = true;
        self
    }
}

impl fmt::Display for FieldPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, segment) in self.segments.iter().enumerate() {
            if i > 0 {
                f.write_str(".")?;
            }
            match segment {
                Segment::Key(key) => f.write_str(&printable(key))?,
                Segment::Index(_, Some(id)) => f.write_str(&printable(id))?,
                Segment::Index(index, None) => write!(f, "{}", index + 1)?,
            }
        }
        Ok(())
    }
}

/// One finding about a plan.
#[derive(Debug, Clone, PartialEq)]
pub struct Diagnostic {
    /// The stable code; it gives the severity.
    pub code: Code,
    /// What is wrong, naming the item.
    pub message: String,
    /// Where, in the plan's terms.
    pub path: FieldPath,
    /// Where, as a byte range of the file's text (after any byte-order mark);
    /// filled in by the document layer.
    pub span: Option<Range<usize>>,
    /// How to fix it, when known.
    pub help: Option<String>,
}

impl Diagnostic {
    /// A diagnostic at a place in the plan.
    pub fn new(code: Code, path: FieldPath, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            code,
            message: message.into(),
            path,
            span: None,
            help: None,
        }
    }

    /// The same diagnostic with a help line.
    pub fn with_help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    /// The same diagnostic, at a byte range of the file.
    pub fn with_span(mut self, span: Range<usize>) -> Diagnostic {
        self.span = Some(span);
        self
    }

    /// Error or warning.
    pub fn severity(&self) -> Severity {
        self.code.severity()
    }
}

/// The closest of `candidates` to `word`, if any is close enough to be what
/// was meant.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let mut best: Option<(f64, &str)> = None;
    for candidate in candidates {
        let score = strsim::jaro_winkler(word, candidate);
        if best.is_none_or(|(s, _)| score > s) {
            best = Some((score, candidate));
        }
    }
    best.filter(|(score, _)| *score >= 0.7).map(|(_, c)| c)
}

/// A "did you mean" help line for the closest candidate, if any.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<String> {
    closest(word, candidates).map(|c| format!("did you mean `{}`?", printable(c)))
}

/// A file's name and text, for pointing into it.
pub struct SourceFile<'a> {
    /// The name to print: the path as the user gave it.
    pub name: &'a str,
    /// The text, after any byte-order mark.
    pub text: &'a str,
}

/// A 1-based line and column (columns count characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct LineCol {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
}

/// The starts of a text's lines, to turn byte offsets into lines and columns.
pub struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    /// Index `text`.
    pub fn new(text: &'a str) -> LineIndex<'a> {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { text, starts }
    }

    /// The line and column of a byte offset.
    pub fn line_col(&self, offset: usize) -> LineCol {
        let offset = floor_char_boundary(self.text, offset.min(self.text.len()));
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let column = self.text[self.starts[line]..offset].chars().count() + 1;
        LineCol {
            line: line + 1,
            column,
        }
    }

    /// The byte range of the whole lines that `span` touches.
    fn lines_around(&self, span: &Range<usize>) -> (usize, Range<usize>) {
        let first = self.starts.partition_point(|&s| s <= span.start) - 1;
        let last_offset = span
            .end
            .max(span.start + 1)
            .min(self.text.len())
            .saturating_sub(1);
        let last = (self.starts.partition_point(|&s| s <= last_offset) - 1).max(first);
        let end = self
            .starts
            .get(last + 1)
            .map_or(self.text.len(), |&s| s.saturating_sub(1));
        (first + 1, self.starts[first]..end.max(self.starts[first]))
    }
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// Render diagnostics as rustc and cargo print them: a title with the code,
/// the `file:line:col`, the source lines with a caret, and the help.
pub fn render_human(file: &SourceFile<'_>, diagnostics: &[Diagnostic], styled: bool) -> String {
    let renderer = if styled {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let index = LineIndex::new(file.text);
    let name = printable(file.name);
    let mut out = String::new();
    for diagnostic in diagnostics {
        let level = match diagnostic.severity() {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
        };
        let message = printable(&diagnostic.message);
        let help = diagnostic.help.as_deref().map(printable);
        let mut excerpt = None;
        if let Some(span) = diagnostic.span.clone() {
            let span = span.start.min(file.text.len())..span.end.min(file.text.len());
            let (line_start, lines) = index.lines_around(&span);
            let (text, offsets) = with_control_pictures(&file.text[lines.clone()]);
            let local = |offset: usize| offsets[offset.clamp(lines.start, lines.end) - lines.start];
            excerpt = Some((text, line_start, local(span.start)..local(span.end)));
        }
        let title = level
            .primary_title(message.as_ref())
            .id(diagnostic.code.as_str());
        let location;
        let mut group;
        if let Some((text, line_start, span)) = &excerpt {
            let label = if diagnostic.path.segments.is_empty() {
                String::new()
            } else {
                diagnostic.path.to_string()
            };
            group = title.element(
                Snippet::source(text.as_str())
                    .line_start(*line_start)
                    .path(name.as_ref())
                    .annotation(AnnotationKind::Primary.span(span.clone()).label(label)),
            );
        } else {
            location = name.to_string();
            group = title.element(annotate_snippets::Origin::path(location.as_str()));
        }
        if let Some(help) = &help {
            group = group.element(Level::HELP.message(help.as_ref()));
        }
        out.push_str(&renderer.render(&[group]));
        out.push_str("\n\n");
    }
    out
}

/// A diagnostic as tools read it: one object of `commonplan check --format
/// json`, and of the JSON export's `diagnostics`.
///
/// The two differ only in `file`: `check` names the file of each
/// diagnostic, while the export names its file once, as the report's
/// `source`, and leaves `file` out. Every text is already made
/// [`printable`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[schemars(rename = "Diagnostic")]
pub struct JsonDiagnostic {
    /// The file, as it was named; left out where the file is named once
    /// for all its diagnostics (the JSON export's `source`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// `E001`, `W003`…
    pub code: Code,
    /// `error` or `warning`.
    pub severity: Severity,
    /// What is wrong.
    pub message: String,
    /// The place in the plan's terms, e.g. `goals.food-1.owner`.
    pub path: String,
    /// 1-based line, when known.
    pub line: Option<usize>,
    /// 1-based column in characters, when known.
    pub column: Option<usize>,
    /// How to fix it.
    pub help: Option<String>,
}

impl JsonDiagnostic {
    /// The same diagnostic without its file, for a document that names
    /// its file once.
    pub fn without_file(self) -> JsonDiagnostic {
        JsonDiagnostic { file: None, ..self }
    }
}

/// The diagnostics of one file in the form tools read, each naming the file.
pub fn to_json(file: &SourceFile<'_>, diagnostics: &[Diagnostic]) -> Vec<JsonDiagnostic> {
    if diagnostics.is_empty() {
        return Vec::new();
    }
    let index = LineIndex::new(file.text);
    diagnostics
        .iter()
        .map(|d| {
            let at = d.span.as_ref().map(|s| index.line_col(s.start));
            JsonDiagnostic {
                file: Some(file.name.to_owned()),
                code: d.code,
                severity: d.severity(),
                message: printable(&d.message).into_owned(),
                path: d.path.to_string(),
                line: at.map(|a| a.line),
                column: at.map(|a| a.column),
                help: d.help.as_deref().map(|h| printable(h).into_owned()),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_ordered() {
        let codes: Vec<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
        let mut sorted = codes.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(codes, sorted);
        for code in Code::ALL {
            let expected = if code.as_str().starts_with('E') {
                Severity::Error
            } else {
                Severity::Warning
            };
            assert_eq!(code.severity(), expected, "{code}");
        }
    }

    #[test]
    fn path_display() {
        let path = FieldPath::root()
            .key("goals")
            .index(3, Some("food-1"))
            .key("indicators")
            .index(1, None)
            .key("target");
        assert_eq!(path.to_string(), "goals.food-1.indicators.2.target");
    }

    #[test]
    fn line_columns() {
        let index = LineIndex::new("ab\ncé\nx");
        assert_eq!(index.line_col(0), LineCol { line: 1, column: 1 });
        assert_eq!(index.line_col(3), LineCol { line: 2, column: 1 });
        assert_eq!(index.line_col(6), LineCol { line: 2, column: 3 });
        assert_eq!(index.line_col(7), LineCol { line: 3, column: 1 });
    }

    #[test]
    fn suggestions() {
        assert_eq!(
            closest("city-hal", ["city-hall", "food"]),
            Some("city-hall")
        );
        assert_eq!(closest("zzz", ["city-hall", "food"]), None);
        assert_eq!(
            did_you_mean("adpoted", ["adopted", "draft"]).as_deref(),
            Some("did you mean `adopted`?")
        );
    }

    #[test]
    fn renders_escaped() {
        let text = "title = \"x\"\n";
        let d = Diagnostic::new(
            Code::UnknownKey,
            FieldPath::root().key("title"),
            "bad \u{1b}[2J",
        )
        .with_span(0..5)
        .with_help("help \u{1b}]0;x\u{7}");
        let out = render_human(
            &SourceFile {
                name: "p.toml",
                text,
            },
            &[d],
            false,
        );
        assert!(!out.contains('\u{1b}'), "{out}");
        assert!(out.contains("bad \\u{1b}[2J"), "{out}");
        assert!(out.contains("p.toml:1:1"), "{out}");
        assert!(out.contains("W001"), "{out}");
    }
}
