//! Unresolved merge conflicts in a plan file: the blocks git (or
//! `commonplan merge`) writes between `<<<<<<<`, `=======` and `>>>>>>>`
//! lines, found before the file is parsed, each named by the field it is
//! about, with both sides' texts and its place, and resolved one at a time.
//!
//! A file with conflict markers is not TOML (or, inside a multi-line
//! string, not what anyone meant), so the loader reports each block as an
//! error of its own instead of the parser's first complaint. The field a
//! block is about is read from the file with every block resolved: the item
//! whose header comes before it, and the key or item the block's own lines
//! hold.

use std::ops::Range;

use toml_edit::{Document, Item, Table};

use crate::diagnostic::{Code, Diagnostic, FieldPath};
use crate::fields::Collection;

/// One unresolved conflict of a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    /// The field or item it is about, in the plan's terms
    /// (`goals.local-energy.status`); the top of the file when unknown.
    pub path: FieldPath,
    /// Our side's lines (between `<<<<<<<` and `=======`, or the base
    /// section `|||||||` of a diff3-style block), line endings included.
    pub ours: String,
    /// Their side's lines (between `=======` and `>>>>>>>`).
    pub theirs: String,
    /// The whole block in the text, marker lines included.
    pub span: Range<usize>,
    /// The `<<<<<<<` marker itself (without its label), where a
    /// diagnostic points.
    pub marker: Range<usize>,
}

/// How to resolve a conflict.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resolution<'a> {
    /// Keep our side.
    Ours,
    /// Keep their side.
    Theirs,
    /// Keep both, ours first.
    Both,
    /// Write this text instead (whole lines, with their line endings).
    Text(&'a str),
}

/// A marker line: `size` times `c`, then a space or the end of the line.
fn marker(line: &str, c: char, size: Option<usize>) -> Option<usize> {
    let line = line.trim_end_matches(['\n', '\r']);
    let count = line.chars().take_while(|&x| x == c).count();
    let rest = &line[count..];
    let sized = match size {
        Some(size) => count == size,
        None => count >= 7,
    };
    (sized && (rest.is_empty() || rest.starts_with(' '))).then_some(count)
}

/// The conflict blocks of `text`, in order; empty when there is none.
pub fn find_conflicts(text: &str) -> Vec<Conflict> {
    if !text.contains("<<<<<<<") {
        return Vec::new();
    }
    let mut blocks = Vec::new();
    let mut offset = 0;
    let mut open: Option<(usize, usize, Range<usize>)> = None;
    let mut sides: [Range<usize>; 2] = [0..0, 0..0];
    // 0: ours, 1: base section (skipped), 2: theirs.
    let mut part = 0;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        match &open {
            None => {
                if let Some(size) = marker(line, '<', None) {
                    open = Some((start, size, start..start + size));
                    sides = [offset..offset, offset..offset];
                    part = 0;
                }
            }
            Some((block_start, size, mark)) => {
                let size = *size;
                if part == 0 && marker(line, '|', Some(size)).is_some() {
                    sides[0].end = start;
                    part = 1;
                } else if part < 2 && marker(line, '=', Some(size)).is_some() {
                    if part == 0 {
                        sides[0].end = start;
                    }
                    sides[1] = offset..offset;
                    part = 2;
                } else if part == 2 && marker(line, '>', Some(size)).is_some() {
                    sides[1].end = start;
                    blocks.push(Conflict {
                        path: FieldPath::root(),
                        ours: text[sides[0].clone()].to_owned(),
                        theirs: text[sides[1].clone()].to_owned(),
                        span: *block_start..offset,
                        marker: mark.clone(),
                    });
                    open = None;
                }
            }
        }
    }
    name_conflicts(text, &mut blocks);
    blocks
}

/// `text` with `conflict` resolved.
pub fn resolve(text: &str, conflict: &Conflict, resolution: Resolution<'_>) -> String {
    let both;
    let kept = match resolution {
        Resolution::Ours => conflict.ours.as_str(),
        Resolution::Theirs => conflict.theirs.as_str(),
        Resolution::Both => {
            both = format!("{}{}", conflict.ours, conflict.theirs);
            both.as_str()
        }
        Resolution::Text(kept) => kept,
    };
    let span = conflict.span.clone();
    format!("{}{kept}{}", &text[..span.start], &text[span.end..])
}

/// The side of a block that says what it is about: ours, unless ours is
/// empty (we removed what they changed).
fn telling(conflict: &Conflict) -> &str {
    if conflict.ours.trim().is_empty() {
        &conflict.theirs
    } else {
        &conflict.ours
    }
}

/// Name each block by the field it is about.
fn name_conflicts(text: &str, blocks: &mut [Conflict]) {
    // The text with every block resolved, and where each block starts in it.
    let mut resolved = String::with_capacity(text.len());
    let mut starts = Vec::with_capacity(blocks.len());
    let mut at = 0;
    for block in blocks.iter() {
        resolved.push_str(&text[at..block.span.start]);
        starts.push(resolved.len());
        resolved.push_str(telling(block));
        at = block.span.end;
    }
    resolved.push_str(&text[at..]);
    let headers = Document::parse(resolved.as_str())
        .map(|doc| headers(doc.as_table()))
        .unwrap_or_default();
    for (block, start) in blocks.iter_mut().zip(starts) {
        let context = headers
            .iter()
            .rev()
            .find(|(at, _)| *at <= start)
            .map(|(_, path)| path.clone())
            .unwrap_or_default();
        block.path = path_in(&context, telling(block));
    }
}

/// Every table header of a parsed plan, with the path of its item, in file
/// order.
fn headers(root: &Table) -> Vec<(usize, FieldPath)> {
    let mut found = Vec::new();
    let mut visit = |table: &Table, path: FieldPath| {
        if let Some(span) = table.span().filter(|s| !s.is_empty()) {
            found.push((span.start, path));
        }
    };
    for (key, item) in root.iter() {
        let path = FieldPath::root().key(key.to_owned());
        match item {
            Item::Table(table) => visit(table, path),
            Item::ArrayOfTables(tables) => {
                for (i, table) in tables.iter().enumerate() {
                    let item_path = path.index(i, table.get("id").and_then(Item::as_str));
                    visit(table, item_path.clone());
                    for (nested, sub) in table.iter() {
                        if let Item::ArrayOfTables(subs) = sub {
                            for (j, sub) in subs.iter().enumerate() {
                                let id = sub.get("id").and_then(Item::as_str);
                                visit(sub, item_path.key(nested.to_owned()).index(j, id));
                            }
                        }
                    }
                }
            }
            _ => {}
        }
    }
    found.sort_by_key(|(at, _)| *at);
    found
}

/// The path a block's lines are about, inside the item at `context`.
fn path_in(context: &FieldPath, lines: &str) -> FieldPath {
    let Some(first) = lines
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with('#'))
    else {
        return context.clone();
    };
    if let Some(header) = first.strip_prefix("[[") {
        let name = header.split("]]").next().unwrap_or_default().trim();
        let keys: Vec<&str> = name.split('.').map(str::trim).collect();
        let id = Document::parse(lines)
            .ok()
            .and_then(|doc| id_of(doc.as_table(), &keys));
        return match keys.as_slice() {
            [collection]
                if collection.parse::<Collection>().is_ok() || context.segments.is_empty() =>
            {
                FieldPath::root()
                    .key(collection.to_string())
                    .index(0, id.as_deref())
            }
            [.., nested] => {
                // A nested item: under the top-level item before it.
                let mut parent = context.clone();
                parent.segments.truncate(2);
                parent.key(nested.to_string())
            }
            [] => context.clone(),
        };
    }
    if let Some(header) = first.strip_prefix('[') {
        let name = header.split(']').next().unwrap_or_default().trim();
        return FieldPath::root().key(name.to_owned());
    }
    let key = first.split('=').next().unwrap_or_default().trim();
    key.split('.')
        .map(|k| k.trim().trim_matches(['"', '\'']).to_owned())
        .fold(context.clone(), |path, k| path.key(k))
}

/// The id of the first item of the collection at `keys`.
fn id_of(root: &Table, keys: &[&str]) -> Option<String> {
    let (last, parents) = keys.split_last()?;
    let mut table = root;
    for key in parents {
        table = table.get(key)?.as_table()?;
    }
    let tables = table.get(last)?.as_array_of_tables()?;
    Some(tables.get(0)?.get("id")?.as_str()?.to_owned())
}

/// A side as a message shows it: a key's value, or the first line of an
/// item and how many lines it has.
fn side_in_message(lines: &str) -> String {
    let content: Vec<&str> = lines
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    match content.as_slice() {
        [] => "nothing (removed)".to_owned(),
        [line] if !line.starts_with('[') => {
            let value = line.split_once('=').map_or(*line, |(_, v)| v.trim());
            format!("`{value}`")
        }
        [first, ..] => format!("`{first}` ({} lines)", content.len()),
    }
}

/// One error per conflict block of `text`, at its `<<<<<<<` marker.
pub(crate) fn diagnostics(text: &str) -> Vec<Diagnostic> {
    find_conflicts(text)
        .into_iter()
        .map(|conflict| {
            let place = if conflict.path.segments.is_empty() {
                "the plan".to_owned()
            } else {
                format!("`{}`", conflict.path)
            };
            let message = format!(
                "unresolved merge conflict in {place}: ours {}, theirs {}",
                side_in_message(&conflict.ours),
                side_in_message(&conflict.theirs)
            );
            Diagnostic::new(Code::MergeConflict, conflict.path, message)
                .with_span(conflict.marker)
                .with_help("keep one side and delete the markers, or run `git mergetool`")
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "format = 1\n[plan]\ncity = \"G\"\ntitle = \"T\"\n\n[[goals]]\nid = \"local-energy\"\ntitle = \"E\"\n<<<<<<< ours\nstatus = \"adopted\"\n=======\nstatus = \"achieved\"\n>>>>>>> theirs\n\n<<<<<<< ours\n=======\n[[goals]]\nid = \"mobility\"\ntitle = \"M\"\n>>>>>>> theirs\n";

    #[test]
    fn blocks_are_found_and_named() {
        let conflicts = find_conflicts(TEXT);
        assert_eq!(conflicts.len(), 2);
        assert_eq!(conflicts[0].path.to_string(), "goals.local-energy.status");
        assert_eq!(conflicts[0].ours, "status = \"adopted\"\n");
        assert_eq!(conflicts[0].theirs, "status = \"achieved\"\n");
        assert_eq!(&TEXT[conflicts[0].marker.clone()], "<<<<<<<");
        assert_eq!(conflicts[1].path.to_string(), "goals.mobility");
        assert_eq!(conflicts[1].ours, "");
    }

    #[test]
    fn resolving_one_keeps_the_other() {
        let conflicts = find_conflicts(TEXT);
        let text = resolve(TEXT, &conflicts[0], Resolution::Theirs);
        assert!(text.contains("title = \"E\"\nstatus = \"achieved\"\n\n<<<<<<< ours"));
        let rest = find_conflicts(&text);
        assert_eq!(rest.len(), 1);
        let text = resolve(&text, &rest[0], Resolution::Ours);
        assert!(find_conflicts(&text).is_empty());
        assert!(text.parse::<toml_edit::DocumentMut>().is_ok(), "{text}");
    }

    #[test]
    fn diagnostics_name_both_values() {
        let found = diagnostics(TEXT);
        assert_eq!(found.len(), 2);
        assert_eq!(
            found[0].message,
            "unresolved merge conflict in `goals.local-energy.status`: ours `\"adopted\"`, theirs `\"achieved\"`"
        );
        let at = TEXT.find("<<<<<<<").unwrap();
        assert_eq!(found[0].span, Some(at..at + 7));
    }

    #[test]
    fn markers_of_another_size_and_diff3_blocks() {
        let text = "a = 1\n<<<<<<<<< ours\nb = 2\n||||||||| base\nb = 1\n=========\nb = 3\n>>>>>>>>> theirs\n";
        let conflicts = find_conflicts(text);
        assert_eq!(conflicts.len(), 1);
        assert_eq!(conflicts[0].ours, "b = 2\n");
        assert_eq!(conflicts[0].theirs, "b = 3\n");
        assert_eq!(conflicts[0].path.to_string(), "b");
    }
}
