//! From the edited document back to the file's text, changing only the lines
//! an edit changed.
//!
//! `toml_edit` writes a document in its own way in a few respects: it ends
//! every line it writes with `\n`, adds a final newline, and writes some keys
//! in a normal form. So the text of a document is not compared with the file
//! but with the *baseline*: the text `toml_edit` wrote for the document as it
//! was loaded. Each line the edits left equal to the baseline is written as
//! the file had it, byte for byte, line ending included; only lines that
//! differ are written anew, with the file's own line ending. Undoing every
//! edit therefore gives back the original bytes exactly.

use similar::{Algorithm, DiffOp};

use super::LineEnding;

/// A line without its line ending, for comparing.
fn content(line: &str) -> &str {
    let line = line.strip_suffix('\n').unwrap_or(line);
    line.strip_suffix('\r').unwrap_or(line)
}

/// Whether two lines differ only in quotes and blanks, as `"name".'last'`
/// and `name.'last'` do.
fn same_but_spelling(a: &str, b: &str) -> bool {
    let significant = |c: &char| !matches!(c, '"' | '\'' | ' ' | '\t' | '\r' | '\n');
    a.chars()
        .filter(significant)
        .eq(b.chars().filter(significant))
}

/// The text to write for `current`, given the file's `original` text and the
/// `baseline` that `current` departs from.
pub(super) fn restore(original: &str, baseline: &str, current: &str, ending: LineEnding) -> String {
    if current == baseline {
        return original.to_owned();
    }
    let eol = match ending {
        LineEnding::Lf => "\n",
        LineEnding::CrLf => "\r\n",
    };
    let original_lines: Vec<&str> = original.split_inclusive('\n').collect();
    let baseline_lines: Vec<&str> = baseline.split_inclusive('\n').collect();
    let current_lines: Vec<&str> = current.split_inclusive('\n').collect();
    let mut out = String::with_capacity(current.len() + current.len() / 16);
    // A line written anew, with the file's line ending.
    let write_new = |out: &mut String, line: &str| {
        if !out.is_empty() && !out.ends_with('\n') {
            out.push_str(eol);
        }
        out.push_str(content(line));
        if line.ends_with('\n') {
            out.push_str(eol);
        }
    };
    if original_lines.len() != baseline_lines.len() {
        // The baseline does not line up with the file (it never happens with
        // the differences listed in docs/round-trip.md); keep the line
        // endings at least.
        for line in &current_lines {
            write_new(&mut out, line);
        }
        return out;
    }
    // A line the edits left alone is written as the file had it, when the
    // file's line is the library's line in another spelling; where the
    // library moved lines about (dotted keys of two tables interleaved), the
    // library's line is written instead, which means the same.
    let write_unchanged = |out: &mut String, index: usize| {
        let (file, library) = (original_lines[index], baseline_lines[index]);
        if content(file) == content(library) || same_but_spelling(file, library) {
            if !out.is_empty() && !out.ends_with('\n') {
                out.push_str(eol);
            }
            out.push_str(file);
        } else {
            write_new(out, library);
        }
    };

    // Lines at both ends are nearly always equal: compare the middle only.
    let prefix = baseline_lines
        .iter()
        .zip(&current_lines)
        .take_while(|(b, c)| content(b) == content(c))
        .count();
    let suffix = baseline_lines[prefix..]
        .iter()
        .rev()
        .zip(current_lines[prefix..].iter().rev())
        .take_while(|(b, c)| content(b) == content(c))
        .count();
    let old_middle: Vec<&str> = baseline_lines[prefix..baseline_lines.len() - suffix]
        .iter()
        .map(|l| content(l))
        .collect();
    let new_middle: Vec<&str> = current_lines[prefix..current_lines.len() - suffix]
        .iter()
        .map(|l| content(l))
        .collect();

    for index in 0..prefix {
        write_unchanged(&mut out, index);
    }
    for op in similar::capture_diff_slices(Algorithm::Myers, &old_middle, &new_middle) {
        match op {
            DiffOp::Equal {
                old_index,
                new_index: _,
                len,
            } => {
                for i in 0..len {
                    write_unchanged(&mut out, prefix + old_index + i);
                }
            }
            DiffOp::Delete { .. } => {}
            DiffOp::Insert {
                new_index, new_len, ..
            }
            | DiffOp::Replace {
                new_index, new_len, ..
            } => {
                for i in 0..new_len {
                    write_new(&mut out, current_lines[prefix + new_index + i]);
                }
            }
        }
    }
    for index in baseline_lines.len() - suffix..baseline_lines.len() {
        write_unchanged(&mut out, index);
    }
    // A file that did not end its last line keeps it that way.
    if !original.is_empty() && !original.ends_with('\n') {
        let trimmed = out.trim_end_matches(['\r', '\n']).len();
        out.truncate(trimmed);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unchanged_gives_the_original() {
        let original = "a = 1\r\nb = 2";
        assert_eq!(
            restore(
                original,
                "a = 1\nb = 2\n",
                "a = 1\nb = 2\n",
                LineEnding::CrLf
            ),
            original
        );
    }

    #[test]
    fn only_changed_lines_are_rewritten() {
        let original = "# c\r\na = 1   # keep\r\nb = 2\r\n";
        let baseline = "# c\na = 1   # keep\nb = 2\n";
        let current = "# c\na = 1   # keep\nb = 3\nc = 4\n";
        assert_eq!(
            restore(original, baseline, current, LineEnding::CrLf),
            "# c\r\na = 1   # keep\r\nb = 3\r\nc = 4\r\n"
        );
    }

    #[test]
    fn missing_final_newline_stays_missing() {
        let original = "a = 1\nb = 2";
        let baseline = "a = 1\nb = 2\n";
        assert_eq!(
            restore(original, baseline, "a = 5\nb = 2\n", LineEnding::Lf),
            "a = 5\nb = 2"
        );
        assert_eq!(
            restore(original, baseline, "a = 1\nb = 2\nc = 3\n", LineEnding::Lf),
            "a = 1\nb = 2\nc = 3"
        );
    }

    #[test]
    fn lines_the_library_moved_are_written_its_way() {
        let original = "apple.type = 1\norange.type = 2\napple.skin = 3\nx = 1\n";
        let baseline = "apple.type = 1\napple.skin = 3\norange.type = 2\nx = 1\n";
        let current = "apple.type = 1\napple.skin = 3\norange.type = 2\nx = 2\n";
        assert_eq!(
            restore(original, baseline, current, LineEnding::Lf),
            current
        );
    }

    #[test]
    fn normal_forms_of_the_library_survive_elsewhere() {
        // toml_edit writes `"name".'last'` as `name.'last'`; the line stays as
        // the file had it while another line changes.
        let original = "\"name\".'last' = \"Dent\"\nx = 1\n";
        let baseline = "name.'last' = \"Dent\"\nx = 1\n";
        let current = "name.'last' = \"Dent\"\nx = 2\n";
        assert_eq!(
            restore(original, baseline, current, LineEnding::Lf),
            "\"name\".'last' = \"Dent\"\nx = 2\n"
        );
    }
}
