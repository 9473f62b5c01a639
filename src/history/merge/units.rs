//! A plan's text cut into its top-level parts without parsing it: the
//! *preamble* (the keys before the first table header) and one *unit* per
//! top-level item — the `[plan]` table, each `[[goals]]` item with the
//! `[[goals.indicators]]` and other tables under it — each from the first
//! comment or blank line before its header, which is where `toml_edit`
//! puts them (the header's decor), to the next unit.
//!
//! The cut is made by a scan that knows just enough TOML to find header
//! lines: strings (a header line inside a `"""` string is none), comments
//! and the brackets of values written over several lines. It reads each
//! item's `id` when it is written plainly (`id = "food"`). Whatever it is
//! not sure of — a quoted or dotted `id`, a table defined in two places, a
//! collection whose items are not all together — makes it give up, and the
//! merge then parses the whole files.

use std::ops::Range;

/// One top-level item of a plan's text.
#[derive(Debug, Clone)]
pub(super) struct Unit<'a> {
    /// Its bytes in the text: leading comments and blank lines, header,
    /// keys, and the tables under it.
    pub span: Range<usize>,
    /// Where its header starts (its `[`), in the text.
    pub header: usize,
    /// The top-level key it is under (`goals`, `plan`).
    pub key: String,
    /// Whether it is an item of a `[[…]]` collection (else a table).
    pub array: bool,
    /// Its `id`, for an item of a collection, when written plainly.
    pub id: Option<&'a str>,
    /// How many units under the same key come before it.
    pub nth: usize,
}

impl Unit<'_> {
    /// The lines before its header: the table's decor prefix.
    pub fn prefix<'t>(&self, text: &'t str) -> &'t str {
        &text[self.span.start..self.header]
    }
}

/// A text cut into its preamble and units.
#[derive(Debug)]
pub(super) struct Units<'a> {
    /// The text before the first unit.
    pub preamble: &'a str,
    /// The units, in file order.
    pub units: Vec<Unit<'a>>,
    /// Whether `toml_edit`, once the document is edited anywhere, writes
    /// some line the edit did not touch otherwise than the file has it:
    /// the dotted keys of two tables written interleaved (`apple.type`,
    /// `orange.type`, `apple.skin`) come out grouped, and a dotted key or
    /// a header with quotes or blanks in its path is written another way.
    pub rewritten: bool,
}

/// The dotted keys of one table, as they come: whether a key reopens a
/// dotted table another key closed.
#[derive(Default)]
struct DottedKeys<'a> {
    previous: Vec<&'a str>,
    seen: std::collections::HashSet<Vec<&'a str>>,
}

impl<'a> DottedKeys<'a> {
    /// Take the key path of the next key line; whether it reopens one.
    fn reopens(&mut self, path: Vec<&'a str>) -> bool {
        let mut reopens = false;
        for len in 1..path.len() {
            let prefix = &path[..len];
            let open = self.previous.len() > len && self.previous[..len] == *prefix;
            if !open && !self.seen.insert(prefix.to_vec()) {
                reopens = true;
            }
        }
        self.previous = path;
        reopens
    }
}

/// The key path of a key line (`apple.type = 1` gives `apple`, `type`).
/// Also whether it is written plainly: one key, or bare keys joined by dots.
fn key_path(line: &str) -> Option<(Vec<&str>, bool)> {
    let b = line.as_bytes();
    let mut path = Vec::new();
    let mut i = 0;
    loop {
        while matches!(b.get(i), Some(b' ' | b'\t')) {
            i += 1;
        }
        let start = i;
        match *b.get(i)? {
            quote @ (b'"' | b'\'') => {
                i += 1;
                while *b.get(i)? != quote {
                    i += if b[i] == b'\\' && quote == b'"' { 2 } else { 1 };
                }
                i += 1;
            }
            _ => {
                while b.get(i).is_some_and(|c| is_bare(*c)) {
                    i += 1;
                }
            }
        }
        path.push(line.get(start..i)?);
        while matches!(b.get(i), Some(b' ' | b'\t')) {
            i += 1;
        }
        match b.get(i)? {
            b'.' => i += 1,
            b'=' => {
                let plain = path.len() == 1
                    || (line[..i].trim_matches([' ', '\t']) == path.join(".")
                        && path.iter().all(|p| !p.starts_with(['"', '\''])));
                return Some((path, plain));
            }
            _ => return None,
        }
    }
}

/// What a key line before the first sub-table says about the item's id.
enum IdLine<'a> {
    NotId,
    Id(&'a str),
    Doubtful,
}

fn is_bare(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_' || c == b'-'
}

/// Read a key line of an item's own table for its `id`.
fn id_line(line: &str) -> IdLine<'_> {
    let t = line.trim_start_matches([' ', '\t']);
    if let Some(quote) = t.chars().next().filter(|c| *c == '"' || *c == '\'') {
        let inner = &t[1..];
        return match inner.find(quote) {
            Some(end) if &inner[..end] != "id" && !inner[..end].contains('\\') => IdLine::NotId,
            _ => IdLine::Doubtful,
        };
    }
    let key_len = t.bytes().take_while(|c| is_bare(*c)).count();
    if &t[..key_len] != "id" {
        return IdLine::NotId;
    }
    let rest = t[key_len..].trim_start_matches([' ', '\t']);
    let Some(value) = rest.strip_prefix('=') else {
        return IdLine::Doubtful;
    };
    let Some(value) = value.trim_start_matches([' ', '\t']).strip_prefix('"') else {
        return IdLine::Doubtful;
    };
    let Some(end) = value.find(['"', '\\']) else {
        return IdLine::Doubtful;
    };
    let (id, after) = (&value[..end], &value[end..]);
    let after = after.strip_prefix('"').unwrap_or("\\");
    let after = after.trim_start_matches([' ', '\t']);
    let ends = after.is_empty()
        || after.starts_with('#')
        || after == "\n"
        || after == "\r\n"
        || after == "\r";
    if id.is_empty() || !ends {
        return IdLine::Doubtful;
    }
    IdLine::Id(id)
}

/// The segments of a header (`[[goals.indicators]]`) starting at `at`, whether
/// it is an array header, and where the header's line ends (after its
/// line break); `None` when it is not plainly written.
fn header(b: &[u8], at: usize) -> Option<(Vec<String>, bool, usize)> {
    let array = b.get(at + 1) == Some(&b'[');
    let mut i = at + if array { 2 } else { 1 };
    let skip = |i: &mut usize| {
        while matches!(b.get(*i), Some(b' ' | b'\t')) {
            *i += 1;
        }
    };
    let mut segments = Vec::new();
    loop {
        skip(&mut i);
        let segment = match b.get(i)? {
            b'"' | b'\'' => {
                let quote = b[i];
                let start = i + 1;
                let len = b[start..].iter().position(|c| *c == quote || *c == b'\n')?;
                let text = &b[start..start + len];
                if b[start + len] != quote || text.contains(&b'\\') {
                    return None;
                }
                i = start + len + 1;
                text
            }
            _ => {
                let start = i;
                while b.get(i).is_some_and(|c| is_bare(*c)) {
                    i += 1;
                }
                &b[start..i]
            }
        };
        if segment.is_empty() {
            return None;
        }
        segments.push(std::str::from_utf8(segment).ok()?.to_owned());
        skip(&mut i);
        match b.get(i)? {
            b'.' => i += 1,
            b']' => break,
            _ => return None,
        }
    }
    i += 1;
    if array {
        if b.get(i) != Some(&b']') {
            return None;
        }
        i += 1;
    }
    skip(&mut i);
    match b.get(i) {
        None => Some((segments, array, i)),
        Some(b'#' | b'\r' | b'\n') => {
            let end = b[i..]
                .iter()
                .position(|c| *c == b'\n')
                .map_or(b.len(), |p| i + p + 1);
            Some((segments, array, end))
        }
        _ => None,
    }
}

/// Skip a string starting at `b[i]` (a quote); returns where it ends.
fn skip_string(b: &[u8], i: usize) -> Option<usize> {
    let quote = b[i];
    let triple = b.get(i..i + 3) == Some(&[quote, quote, quote][..]);
    let mut j = i + if triple { 3 } else { 1 };
    loop {
        let c = *b.get(j)?;
        if c == b'\\' && quote == b'"' {
            j += 2;
            continue;
        }
        if c == b'\n' && !triple {
            return None;
        }
        if c == quote {
            if !triple {
                return Some(j + 1);
            }
            let run = b[j..].iter().take_while(|c| **c == quote).count();
            if run >= 3 {
                return (run <= 5).then_some(j + run);
            }
            j += run;
            continue;
        }
        j += 1;
    }
}

/// Skip the rest of a key or value line from `i`, through strings and
/// brackets; returns where the next line starts and the bracket depth.
fn skip_content(b: &[u8], mut i: usize, mut depth: usize) -> Option<(usize, usize)> {
    while let Some(&c) = b.get(i) {
        match c {
            b'"' | b'\'' => i = skip_string(b, i)?,
            b'#' => {
                i = b[i..]
                    .iter()
                    .position(|c| *c == b'\n')
                    .map_or(b.len(), |p| i + p);
            }
            b'[' | b'{' => {
                depth += 1;
                i += 1;
            }
            b']' | b'}' => {
                depth = depth.checked_sub(1)?;
                i += 1;
            }
            b'\n' => return Some((i + 1, depth)),
            _ => i += 1,
        }
    }
    Some((b.len(), depth))
}

/// Cut `text` into its preamble and units; `None` when the scan is not sure.
pub(super) fn split(text: &str) -> Option<Units<'_>> {
    let b = text.as_bytes();
    let mut units: Vec<Unit<'_>> = Vec::new();
    // Keys whose block of units has ended, and the tables seen.
    let mut closed: Vec<String> = Vec::new();
    let mut counts: std::collections::HashMap<String, usize> = Default::default();
    let mut trivia: Option<usize> = None;
    // Whether the key lines read now are those of the current unit's own
    // table (not of a table under it).
    let mut own_table = false;
    let mut dotted = DottedKeys::default();
    let mut rewritten = false;
    let mut depth = 0;
    let mut i = 0;
    while i < b.len() {
        let line = i;
        let mut j = i;
        while matches!(b.get(j), Some(b' ' | b'\t')) {
            j += 1;
        }
        if depth == 0 {
            match b.get(j) {
                None | Some(b'\n' | b'\r' | b'#') => {
                    trivia.get_or_insert(line);
                    i = b[j..]
                        .iter()
                        .position(|c| *c == b'\n')
                        .map_or(b.len(), |p| j + p + 1);
                    continue;
                }
                Some(b'[') => {
                    let (segments, array, end) = header(b, j)?;
                    let (open, close) = if array { ("[[", "]]") } else { ("[", "]") };
                    let plain = format!("{open}{}{close}", segments.join("."));
                    rewritten |= !text[j..].starts_with(&plain);
                    let start = trivia.take().unwrap_or(line);
                    dotted = DottedKeys::default();
                    let key = segments[0].clone();
                    let current = units.last().map(|u| u.key.as_str());
                    let continues = segments.len() > 1 && current == Some(key.as_str());
                    if continues {
                        own_table = false;
                    } else {
                        let unit_array = array && segments.len() == 1;
                        if current != Some(key.as_str()) {
                            if closed.contains(&key) {
                                return None;
                            }
                            if let Some(previous) = current {
                                closed.push(previous.to_owned());
                            }
                        } else if !unit_array || !units.last().is_some_and(|u| u.array) {
                            return None;
                        }
                        if let Some(last) = units.last_mut() {
                            last.span.end = start;
                        }
                        let nth = counts.entry(key.clone()).or_default();
                        units.push(Unit {
                            span: start..b.len(),
                            header: j,
                            key,
                            array: unit_array,
                            id: None,
                            nth: *nth,
                        });
                        *nth += 1;
                        own_table = unit_array;
                    }
                    i = end;
                    continue;
                }
                _ => {}
            }
        }
        trivia = None;
        if depth == 0 && !rewritten {
            let (path, plain) = key_path(&text[j..])?;
            rewritten = !plain || dotted.reopens(path);
        }
        if depth == 0
            && own_table
            && let Some(unit) = units.last_mut()
        {
            let end = b[j..]
                .iter()
                .position(|c| *c == b'\n')
                .map_or(b.len(), |p| j + p + 1);
            match id_line(&text[j..end]) {
                IdLine::NotId => {}
                IdLine::Id(id) if unit.id.is_none() => unit.id = Some(id),
                IdLine::Id(_) | IdLine::Doubtful => return None,
            }
        }
        (i, depth) = skip_content(b, j, depth)?;
    }
    if depth != 0 {
        return None;
    }
    let preamble = &text[..units.first().map_or(b.len(), |u| u.span.start)];
    Some(Units {
        preamble,
        units,
        rewritten,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_start_at_the_comments_before_their_header() {
        let text = "# plan\nformat = 1\n\n[plan]\ncity = \"G\"\n\n# ---- goals ----\n[[goals]]\nid = \"a\"\n  [[goals.indicators]]\n  id = \"not-the-goal\"\n[[goals]]\nid = \"b\"  # two\n";
        let split = split(text).unwrap();
        assert_eq!(split.preamble, "# plan\nformat = 1\n");
        let keys: Vec<_> = split
            .units
            .iter()
            .map(|u| (u.key.as_str(), u.id, u.nth))
            .collect();
        assert_eq!(
            keys,
            [
                ("plan", None, 0),
                ("goals", Some("a"), 0),
                ("goals", Some("b"), 1)
            ]
        );
        assert_eq!(split.units[1].prefix(text), "\n# ---- goals ----\n");
        assert_eq!(
            &text[split.units[2].span.clone()],
            "[[goals]]\nid = \"b\"  # two\n"
        );
    }

    #[test]
    fn a_header_inside_a_string_or_an_array_is_none() {
        let text = "format = 1\n[[goals]]\nid = \"a\"\ndescription = \"\"\"\n[[goals]]\n\"\"\"\nx = [\n  [1],\n]\n";
        let split = split(text).unwrap();
        assert_eq!(split.units.len(), 1);
    }

    #[test]
    fn lines_toml_edit_writes_another_way_are_seen() {
        let seen = |text: &str| split(text).unwrap().rewritten;
        assert!(!seen("format = 1\na.x = 1\na.y = 2\nb = 3\n[t]\na.x = 1\n"));
        assert!(seen(
            "format = 1\n[t]\napple.type = 1\norange.type = 2\napple.skin = 3\n"
        ));
        assert!(seen("format = 1\n[t]\nx.a.b = 1\nx.c = 2\nx.a.d = 3\n"));
        assert!(!seen("format = 1\n[t]\nx.a.b = 1\nx.a.c = 2\nx.d = 3\n"));
        assert!(seen("format = 1\n[t]\n\"x\".a = 1\n"));
        assert!(seen("format = 1\n[t]\nx . a = 1\n"));
        assert!(seen("format = 1\n[ t ]\nx = 1\n"));
        assert!(seen("format = 1\n[t.'u']\nx = 1\n"));
        assert!(!seen("format = 1\n[t.u]\n\"x y\" = 1\n"));
    }

    #[test]
    fn doubtful_texts_are_refused() {
        for text in [
            "format = 1\n[plan]\n[[goals]]\nid = \"a\"\n[plan.x]\n",
            "format = 1\n[[goals]]\n\"id\" = \"a\"\n",
            "format = 1\n[[goals]]\nid = \"a\\u0041\"\n",
            "format = 1\n[[goals]]\nid = \"a\"\n[[actors]]\nid = \"c\"\n[[goals]]\nid = \"b\"\n",
            "format = 1\n[[goals]]\nid = \"a\"\ntext = \"\"\"\nunclosed\n",
        ] {
            assert!(split(text).is_none(), "{text}");
        }
    }
}
