//! Conflict markers: what a conflict leaves in the document while the
//! merge runs (a placeholder), and the git conflict block that replaces it
//! in the merged text.
//!
//! A conflict on a key leaves the key with a placeholder string for its
//! value; the line (or lines) holding it are then written twice, once with
//! our value and once with theirs, between `<<<<<<<`, `=======` and
//! `>>>>>>>` lines. A conflict on a whole item (removed on one side and
//! changed on the other, or added on both differently) leaves an empty
//! `[[…]]` table whose comment names the placeholder; its two lines are
//! replaced by the two versions of the item. The placeholders are made of
//! a word no version of the plan contains, so none can be mistaken.

use toml_edit::{ArrayOfTables, DocumentMut, Item, Table};

use crate::document::LineEnding;

/// The two sides' texts of one conflict: a value (for a key line) or a
/// whole item; `None` where that side has nothing.
#[derive(Debug, Clone)]
pub(super) enum Placeholder {
    /// A key's value.
    Value {
        ours: Option<String>,
        theirs: Option<String>,
    },
    /// A whole `[[…]]` item, as its lines.
    Item {
        ours: Option<String>,
        theirs: Option<String>,
    },
}

/// The placeholders left in a document during a merge.
#[derive(Debug)]
pub(super) struct Placeholders {
    word: String,
    list: Vec<Placeholder>,
}

/// How the markers are written: their size and the sides' labels.
#[derive(Debug, Clone)]
pub struct Markers {
    /// How many `<`, `=` and `>` a marker line starts with (git's default
    /// is 7; a merge driver is told it as `%L`).
    pub size: usize,
    /// The label after `<<<<<<<`.
    pub ours: String,
    /// The label after `>>>>>>>`.
    pub theirs: String,
}

impl Default for Markers {
    fn default() -> Markers {
        Markers {
            size: 7,
            ours: "ours".into(),
            theirs: "theirs".into(),
        }
    }
}

impl Placeholders {
    /// Placeholders made of a word none of `texts` holds.
    pub fn new(texts: &[&str]) -> Placeholders {
        let mut word = "commonplan-merge-conflict-".to_owned();
        while texts.iter().any(|t| t.contains(&word)) {
            word.push('x');
        }
        Placeholders {
            word,
            list: Vec::new(),
        }
    }

    /// Whether any placeholder was left.
    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// How many placeholders were left.
    pub fn len(&self) -> usize {
        self.list.len()
    }

    fn token(&self, n: usize) -> String {
        format!("{}{n}-", self.word)
    }

    /// A placeholder for a key's value: the text to set as the value.
    pub fn value(&mut self, ours: Option<String>, theirs: Option<String>) -> String {
        self.list.push(Placeholder::Value { ours, theirs });
        self.token(self.list.len() - 1)
    }

    /// A placeholder table for a whole item, standing where the item goes,
    /// with `indent` before its header.
    pub fn item(&mut self, ours: Option<String>, theirs: Option<String>, indent: &str) -> Table {
        self.list.push(Placeholder::Item { ours, theirs });
        let token = self.token(self.list.len() - 1);
        let mut table = Table::new();
        table
            .decor_mut()
            .set_prefix(format!("\n{indent}# {token}\n{indent}"));
        table
    }

    /// The placeholders of `line`, in order.
    fn in_line<'a>(&'a self, line: &str) -> Vec<&'a Placeholder> {
        let mut found = Vec::new();
        let mut rest = line;
        while let Some(at) = rest.find(&self.word) {
            rest = &rest[at + self.word.len()..];
            let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
            if let Some(placeholder) = digits.parse::<usize>().ok().and_then(|n| self.list.get(n)) {
                found.push(placeholder);
            }
        }
        found
    }

    /// Replace every placeholder of the merged `text` by its conflict
    /// block, written with `ending`.
    pub fn write(&self, text: &str, ending: LineEnding, markers: &Markers) -> String {
        let eol = match ending {
            LineEnding::Lf => "\n",
            LineEnding::CrLf => "\r\n",
        };
        let lines: Vec<&str> = text.split_inclusive('\n').collect();
        let mut out = String::with_capacity(text.len() + 256);
        let mut i = 0;
        while i < lines.len() {
            let line = lines[i];
            i += 1;
            let found = self.in_line(line);
            if found.is_empty() {
                out.push_str(line);
                continue;
            }
            if let [Placeholder::Item { ours, theirs }] = found.as_slice() {
                // The comment line and the empty header after it.
                i += 1;
                block(&mut out, ours.as_deref(), theirs.as_deref(), eol, markers);
                continue;
            }
            let side = |theirs_side: bool| -> Option<String> {
                let mut written = line.to_owned();
                for (n, placeholder) in self.list.iter().enumerate() {
                    let Placeholder::Value { ours, theirs } = placeholder else {
                        continue;
                    };
                    let quoted = format!("\"{}\"", self.token(n));
                    if !written.contains(&quoted) {
                        continue;
                    }
                    let value = if theirs_side { theirs } else { ours };
                    written = written.replace(&quoted, value.as_deref()?);
                }
                Some(written)
            };
            block(
                &mut out,
                side(false).as_deref(),
                side(true).as_deref(),
                eol,
                markers,
            );
        }
        out
    }
}

/// One conflict block: ours, then theirs, between marker lines.
fn block(out: &mut String, ours: Option<&str>, theirs: Option<&str>, eol: &str, markers: &Markers) {
    let marker = |c: char, label: &str| {
        let mut line = c.to_string().repeat(markers.size);
        if !label.is_empty() {
            line.push(' ');
            line.push_str(label);
        }
        line
    };
    if !out.is_empty() && !out.ends_with('\n') {
        out.push_str(eol);
    }
    out.push_str(&marker('<', &markers.ours));
    out.push_str(eol);
    for (n, side) in [ours, theirs].into_iter().enumerate() {
        if let Some(text) = side {
            for line in text.lines() {
                out.push_str(line.strip_suffix('\r').unwrap_or(line));
                out.push_str(eol);
            }
        }
        if n == 0 {
            out.push_str(&marker('=', ""));
            out.push_str(eol);
        }
    }
    out.push_str(&marker('>', &markers.theirs));
    out.push_str(eol);
}

/// The lines of an item of the collection `header` (`["goals"]`,
/// `["goals", "comments"]`), written on its own: its comment lines, its
/// header, its keys and the tables under it.
pub(super) fn item_text(header: &[&str], table: &Table) -> String {
    let mut table = table.clone();
    super::tree::clear_positions(&mut table);
    let prefix = table
        .decor()
        .prefix()
        .and_then(|p| p.as_str())
        .unwrap_or_default()
        .trim_start_matches(['\n', '\r'])
        .to_owned();
    table.decor_mut().set_prefix(prefix);
    let mut document = DocumentMut::new();
    let Some((last, parents)) = header.split_last() else {
        return String::new();
    };
    let mut at = document.as_table_mut();
    for key in parents {
        let mut parent = Table::new();
        parent.set_implicit(true);
        at.insert(key, Item::Table(parent));
        at = match at.get_mut(key) {
            Some(Item::Table(parent)) => parent,
            _ => return String::new(),
        };
    }
    let mut tables = ArrayOfTables::new();
    tables.push(table);
    at.insert(last, Item::ArrayOfTables(tables));
    let text = document.to_string();
    let text = text.trim_end_matches(['\n', '\r', ' ']);
    format!("{text}\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_conflict_writes_the_line_both_ways() {
        let mut placeholders = Placeholders::new(&[]);
        let token = placeholders.value(Some("\"adopted\"".into()), Some("\"achieved\"".into()));
        let text = format!("[[goals]]\nid = \"a\"\nstatus = \"{token}\"  # now\ntitle = \"A\"\n");
        let written = placeholders.write(&text, LineEnding::Lf, &Markers::default());
        assert_eq!(
            written,
            "[[goals]]\nid = \"a\"\n<<<<<<< ours\nstatus = \"adopted\"  # now\n=======\n\
             status = \"achieved\"  # now\n>>>>>>> theirs\ntitle = \"A\"\n"
        );
    }

    #[test]
    fn a_removed_side_is_empty_and_crlf_is_kept() {
        let mut placeholders = Placeholders::new(&[]);
        let token = placeholders.value(None, Some("2030".into()));
        let text = format!("a = 1\r\nyear = \"{token}\"\r\n");
        let markers = Markers {
            size: 9,
            ..Markers::default()
        };
        let written = placeholders.write(&text, LineEnding::CrLf, &markers);
        assert_eq!(
            written,
            "a = 1\r\n<<<<<<<<< ours\r\n=========\r\nyear = 2030\r\n>>>>>>>>> theirs\r\n"
        );
    }

    #[test]
    fn the_word_is_one_no_text_holds() {
        let placeholders = Placeholders::new(&["commonplan-merge-conflict-"]);
        assert_eq!(placeholders.word, "commonplan-merge-conflict-x");
    }
}
