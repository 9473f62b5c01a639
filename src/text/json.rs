//! The one JSON writer of every JSON document commonplan prints: `check
//! --format json`, `export -f json` and `diff --format json`.
//!
//! serde_json escapes what JSON requires (quotes, backslashes, C0 controls)
//! and leaves the rest as it is, so a string from a plan or a file name may
//! carry DEL, a C1 control such as U+009B (CSI on many terminals) or a
//! bidirectional control that reorders what a reader sees. This writer is
//! serde_json's pretty printer with one change: inside strings (keys and
//! values alike) every character [`is_unsafe_char`] calls unsafe is written
//! as a `\uXXXX` escape. The document means the same to any JSON reader and
//! is safe to print on a terminal.

use std::io::{self, Write};

use serde::Serialize;
use serde_json::ser::{Formatter, PrettyFormatter, Serializer};

use super::is_unsafe_char;

/// Write `value` to `out` as pretty-printed JSON ending with a newline, with
/// every unsafe character inside a string escaped.
pub fn write_json(out: &mut dyn Write, value: &impl Serialize) -> io::Result<()> {
    let mut serializer = Serializer::with_formatter(&mut *out, SafeFormatter::default());
    value.serialize(&mut serializer).map_err(io::Error::from)?;
    out.write_all(b"\n")
}

/// `value` as pretty-printed JSON ending with a newline, with every unsafe
/// character inside a string escaped: [`write_json`] into a string.
pub fn json_text(value: &impl Serialize) -> String {
    let mut bytes = Vec::new();
    write_json(&mut bytes, value).expect("plain data serialises to JSON in memory");
    String::from_utf8(bytes).expect("JSON text is UTF-8")
}

/// serde_json's [`PrettyFormatter`], escaping unsafe characters in strings.
#[derive(Default)]
struct SafeFormatter(PrettyFormatter<'static>);

impl Formatter for SafeFormatter {
    fn write_string_fragment<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        let mut start = 0;
        for (at, c) in fragment.char_indices() {
            if is_unsafe_char(c) {
                writer.write_all(&fragment.as_bytes()[start..at])?;
                // Every unsafe character is in the Basic Multilingual Plane.
                write!(writer, "\\u{:04x}", c as u32)?;
                start = at + c.len_utf8();
            }
        }
        writer.write_all(&fragment.as_bytes()[start..])
    }

    fn begin_array<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.begin_array(writer)
    }

    fn end_array<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.end_array(writer)
    }

    fn begin_array_value<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.0.begin_array_value(writer, first)
    }

    fn end_array_value<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.end_array_value(writer)
    }

    fn begin_object<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.begin_object(writer)
    }

    fn end_object<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.end_object(writer)
    }

    fn begin_object_key<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.0.begin_object_key(writer, first)
    }

    fn end_object_key<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.end_object_key(writer)
    }

    fn begin_object_value<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.begin_object_value(writer)
    }

    fn end_object_value<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.end_object_value(writer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    #[test]
    fn unsafe_characters_are_escaped_in_keys_and_values() {
        let mut map = BTreeMap::new();
        map.insert(
            "key\u{9b}",
            "csi \u{9b}2J del \u{7f} rlo \u{202e} lrm \u{200e} esc \u{1b}",
        );
        let text = json_text(&map);
        assert_eq!(
            text,
            "{\n  \"key\\u009b\": \"csi \\u009b2J del \\u007f rlo \\u202e lrm \\u200e esc \\u001b\"\n}\n"
        );
        assert!(!text.chars().any(|c| is_unsafe_char(c) && c != '\n'));
        let back: BTreeMap<String, String> = serde_json::from_str(&text).expect("valid JSON");
        assert_eq!(back["key\u{9b}"], map["key\u{9b}"]);
    }

    #[test]
    fn the_layout_is_serde_jsons_pretty_one() {
        let value = serde_json::json!({ "a": [1, { "b": "é ✓ 🎉" }], "c": [], "d": {} });
        let expected = serde_json::to_string_pretty(&value).expect("JSON") + "\n";
        assert_eq!(json_text(&value), expected);
    }
}
