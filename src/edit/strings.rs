//! How a text value is written into a file with Windows line endings.
//!
//! toml_edit writes a text holding a line break as a multi-line string
//! with the breaks as raw `\n`. In a file with `\r\n` line endings those
//! lines are written with the file's ending, so a raw break inside a string
//! comes back as `\r\n` and a text holding `\r\n` as `\r\r\n`. In such a
//! file, a text with line breaks is written so that it reads back as it
//! was set: its `\r\n` breaks as raw `\r\n` in a multi-line string (as a
//! person on Windows writes one), every other control character, a lone
//! `\n` or `\r` included, as an escape; a text without `\r\n` as a
//! one-line string with escapes. Files with `\n` endings keep toml_edit's
//! way, which reads back as it was set.

use std::fmt::Write;

use toml_edit::Value;

use crate::document::LineEnding;

/// `text` as a TOML string value for a file whose lines end with `ending`.
pub(super) fn text_value(text: &str, ending: LineEnding) -> Value {
    if ending == LineEnding::Lf || !text.contains(['\r', '\n']) {
        return Value::from(text);
    }
    let raw = if text.contains("\r\n") {
        let lines: Vec<String> = text.split("\r\n").map(escaped).collect();
        // The break right after the opening quotes is not part of the text.
        format!("\"\"\"\r\n{}\"\"\"", lines.join("\r\n"))
    } else {
        format!("\"{}\"", escaped(text))
    };
    let value: Value = raw.parse().expect("an escaped TOML string parses");
    debug_assert_eq!(value.as_str(), Some(text));
    value
}

/// `text` for the inside of a basic string: quotes, backslashes and every
/// control character but tab as escapes.
fn escaped(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push('\t'),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_read_back_as_set_in_a_crlf_file() {
        for text in [
            "a\r\nb",
            "a\nb",
            "a\rb",
            "\r\n",
            "x\r\n\r\ny\n\"\"\"z\r",
            "tab\there \u{7f} \u{1b}",
            "plain",
        ] {
            let value = text_value(text, LineEnding::CrLf);
            assert_eq!(value.as_str(), Some(text));
            let raw = value.to_string();
            let written = raw.replace("\r\n", "");
            assert!(!written.contains(['\r', '\n']), "{raw:?}");
        }
    }
}
