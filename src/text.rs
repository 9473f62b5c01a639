//! The one sanitiser for text from a plan that is shown to a person, and
//! the one way numbers and counts are written for people.
//!
//! A plan is written by people and by other programs; its strings may hold
//! control characters, and some of those (ESC above all) would drive the
//! terminal instead of being read, while bidirectional controls (U+202E …)
//! reorder what a reader sees. Everything that puts plan text on a terminal
//! goes through here first: [`Shown`] is text whose only constructors
//! sanitise it, and the terminal UI draws plan text only as `Shown`. The
//! long-text editor gets [`editable`] text, which shows those characters as
//! visible escapes and turns back into the same text with [`from_editable`].
//! Every JSON document commonplan prints is written by [`write_json`], which
//! escapes those characters inside its strings.

use std::borrow::Cow;

mod json;

pub use json::{json_text, write_json};

/// Whether `c` is a control character (Unicode category Cc) or a bidirectional
/// formatting character, which can reorder what a reader sees.
pub fn is_unsafe_char(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{61c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
        )
}

/// `text` with every control character written as a visible escape
/// (`\u{1b}`), on one line: newlines and tabs are escaped too.
pub fn printable(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_unsafe_char) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if is_unsafe_char(c) => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// `text` over several lines, each made [`printable`]: the newlines stay.
pub fn printable_lines(text: &str) -> String {
    text.split_inclusive('\n')
        .map(|line| {
            let (body, end) = match line.strip_suffix('\n') {
                Some(body) => (body, "\n"),
                None => (line, ""),
            };
            format!("{}{end}", printable(body))
        })
        .collect()
}

/// `text` with every control character other than newline and tab replaced by
/// its Unicode control picture (ESC becomes `␛`), so that a source excerpt
/// keeps its shape; the carriage return of a CRLF line ending is dropped.
/// Returns the new text and a map from each byte offset of
/// the old text to the offset in the new one.
pub fn with_control_pictures(text: &str) -> (String, Vec<usize>) {
    let mut out = String::with_capacity(text.len());
    let mut offsets = Vec::with_capacity(text.len() + 1);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let start = out.len();
        match c {
            '\n' | '\t' => out.push(c),
            // The line ending of a CRLF file, not a stray carriage return.
            '\r' if matches!(chars.peek(), Some('\n') | None) => {}
            '\u{0}'..='\u{1f}' => out.push(char::from_u32(0x2400 + c as u32).unwrap_or('\u{fffd}')),
            '\u{7f}' => out.push('\u{2421}'),
            c if is_unsafe_char(c) => out.push('\u{fffd}'),
            c => out.push(c),
        }
        offsets.extend(std::iter::repeat_n(start, c.len_utf8()));
    }
    offsets.push(out.len());
    (out, offsets)
}

/// `text` with its emoji sequences shown as their parts, so that a terminal
/// draws it exactly as wide as it is measured.
///
/// A zero-width joiner sequence (`👩‍👩‍👧`), an emoji with a skin tone
/// (`👍🏽`) or a variation selector (`❤️`) is one grapheme that ratatui (by
/// `unicode-width`) counts as two columns, while many terminals draw its
/// parts side by side (six columns for the family), and others one glyph:
/// a row holding one would overflow or push the columns after it. So the
/// joiners between pictographs, the variation selectors (U+FE0E, U+FE0F)
/// and the skin-tone modifiers that follow a character are left out: what
/// remains is drawn the same width everywhere (👩👩👧, 👍, ❤), each grapheme
/// as wide as its characters. A joiner between letters (Indic, Arabic)
/// stays. The file keeps the text as written; only what is shown changes.
pub fn emoji_in_parts(text: &str) -> Cow<'_, str> {
    fn pictographic(c: char) -> bool {
        matches!(c, '\u{2000}'..='\u{2bff}' | '\u{1f000}'..='\u{1faff}' | '\u{fe0f}')
    }
    fn skin_tone(c: char) -> bool {
        matches!(c, '\u{1f3fb}'..='\u{1f3ff}')
    }
    if !text
        .chars()
        .any(|c| matches!(c, '\u{200d}' | '\u{fe0e}' | '\u{fe0f}') || skin_tone(c))
    {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    let mut previous: Option<char> = None;
    while let Some(c) = chars.next() {
        let keep = match c {
            '\u{fe0e}' | '\u{fe0f}' => false,
            '\u{200d}' => {
                !(previous.is_some_and(pictographic)
                    || chars.peek().copied().is_some_and(pictographic))
            }
            // Alone (at the start, after a space) a swatch of its own.
            c if skin_tone(c) => previous.is_none_or(char::is_whitespace),
            _ => true,
        };
        if keep {
            out.push(c);
        }
        previous = Some(c);
    }
    Cow::Owned(out)
}

/// Text made safe to put on a terminal: every control or bidirectional
/// character is a visible escape. The only way to make one is to sanitise.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Shown(String);

impl Shown {
    /// `text` on one line: newlines and tabs are escaped too ([`printable`]).
    pub fn line(text: &str) -> Shown {
        Shown(emoji_in_parts(&printable(text)).into_owned())
    }

    /// `text` over several lines: the newlines stay ([`printable_lines`]).
    pub fn lines(text: &str) -> Shown {
        Shown(emoji_in_parts(&printable_lines(text)).into_owned())
    }

    /// The safe text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The safe text, owned.
    pub fn into_string(self) -> String {
        self.0
    }
}

impl std::ops::Deref for Shown {
    type Target = str;

    fn deref(&self) -> &str {
        &self.0
    }
}

impl From<Shown> for String {
    fn from(shown: Shown) -> String {
        shown.0
    }
}

/// For a terminal span: `Span::raw(Shown::line(&goal.title))`.
impl<'a> From<Shown> for Cow<'a, str> {
    fn from(shown: Shown) -> Cow<'a, str> {
        Cow::Owned(shown.0)
    }
}

impl std::fmt::Display for Shown {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// `text` for an editor: control and bidirectional characters as visible
/// `\u{…}` escapes, newlines and tabs kept, and a `\u{` that was in the
/// text written `\\u{`, so that [`from_editable`] gives back exactly `text`.
pub fn editable(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, c) in text.char_indices() {
        match c {
            '\n' | '\t' => out.push(c),
            c if is_unsafe_char(c) => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            '\\' if text[i..].starts_with("\\u{") => out.push_str("\\\\"),
            c => out.push(c),
        }
    }
    out
}

/// The text an editor of [`editable`] text holds, with its escapes turned
/// back into the characters they stand for.
pub fn from_editable(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('\\') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        if let Some(after) = rest.strip_prefix("\\\\u{") {
            out.push_str("\\u{");
            rest = after;
            continue;
        }
        let escaped = rest.strip_prefix("\\u{").and_then(|after| {
            let end = after.find('}')?;
            let c = char::from_u32(u32::from_str_radix(&after[..end], 16).ok()?)?;
            is_unsafe_char(c).then_some((c, &after[end + 1..]))
        });
        match escaped {
            Some((c, after)) => {
                out.push(c);
                rest = after;
            }
            None => {
                out.push('\\');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// `count` and the noun, singular or plural as the count wants:
/// `1 goal`, `0 errors`, `3 partnerships`, `2 activities`.
pub fn counted(count: usize, noun: &str) -> String {
    if count == 1 {
        return format!("1 {noun}");
    }
    let plural = if let Some(stem) = noun.strip_suffix('y')
        && !stem.ends_with(['a', 'e', 'o', 'u'])
    {
        format!("{stem}ies")
    } else if noun.ends_with(['s', 'x']) || noun.ends_with("ch") || noun.ends_with("sh") {
        format!("{noun}es")
    } else {
        format!("{noun}s")
    };
    format!("{count} {plural}")
}

/// A number as a person reads it: thousands grouped with commas, no `.0`,
/// at most two decimals.
pub fn number(value: f64) -> String {
    if !value.is_finite() {
        return value.to_string();
    }
    // Whole numbers, the common case, without the float formatter's work;
    // below a thousand, without grouping either.
    if value.fract() == 0.0 && value.abs() < 1000.0 {
        return (value as i64).to_string();
    }
    let text = if value.fract() == 0.0 && value.abs() < 1e15 {
        (value as i64).to_string()
    } else {
        let text = format!("{value:.2}");
        text.trim_end_matches('0').trim_end_matches('.').to_owned()
    };
    let text = text.as_str();
    let (sign, digits) = match text.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", text),
    };
    let (whole, fraction) = match digits.split_once('.') {
        Some((whole, fraction)) => (whole, format!(".{fraction}")),
        None => (digits, String::new()),
    };
    let mut grouped = String::with_capacity(whole.len() + whole.len() / 3);
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    format!("{sign}{grouped}{fraction}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_terminal_sequences() {
        assert_eq!(printable("a\u{1b}[2Jb"), "a\\u{1b}[2Jb");
        assert_eq!(printable("x\u{1b}]0;t\u{7}"), "x\\u{1b}]0;t\\u{7}");
        assert_eq!(printable("plain"), "plain");
        assert!(matches!(printable("plain"), Cow::Borrowed(_)));
        assert_eq!(printable("two\nlines"), "two\\nlines");
        assert_eq!(printable("rtl\u{202e}x"), "rtl\\u{202e}x");
    }

    #[test]
    fn shown_text_is_always_sanitised() {
        assert_eq!(Shown::line("a\u{202e}b\nc").as_str(), "a\\u{202e}b\\nc");
        assert_eq!(Shown::lines("a\u{9b}\nb").as_str(), "a\\u{9b}\nb");
    }

    #[test]
    fn emoji_sequences_are_shown_as_their_parts_and_letters_keep_their_joiners() {
        let cases = [
            ("👩\u{200d}👩\u{200d}👧", "👩👩👧"),
            ("👍🏽 yes", "👍 yes"),
            ("❤\u{fe0f}", "❤"),
            ("🏳\u{fe0f}\u{200d}🌈", "🏳🌈"),
            ("🧑🏽\u{200d}🌾", "🧑🌾"),
            ("1\u{fe0f}\u{20e3}", "1\u{20e3}"),
            ("swatch 🏽", "swatch 🏽"),
            ("🇧🇪", "🇧🇪"),
            ("क\u{94d}\u{200d}ष", "क\u{94d}\u{200d}ष"),
            ("plain", "plain"),
        ];
        for (text, shown) in cases {
            assert_eq!(Shown::line(text).as_str(), shown, "{text:?}");
            assert_eq!(Shown::lines(text).as_str(), shown, "{text:?}");
        }
    }

    #[test]
    fn editable_text_comes_back_as_it_was() {
        for text in [
            "plain",
            "two\nlines\tand a tab",
            "bidi \u{202e}evil\u{202c} and C1 \u{9b} and ESC \u{1b}[2J",
            "a literal \\u{202e} written out, and \\\\u{41}",
            "trailing \\",
        ] {
            let shown = editable(text);
            assert!(
                !shown
                    .chars()
                    .any(|c| is_unsafe_char(c) && c != '\n' && c != '\t')
            );
            assert_eq!(from_editable(&shown), text, "{shown}");
        }
        assert_eq!(editable("x\u{202e}"), "x\\u{202e}");
        // Typed escapes of safe characters stay as typed.
        assert_eq!(from_editable("\\u{41}"), "\\u{41}");
    }

    #[test]
    fn counts_agree_with_their_nouns() {
        assert_eq!(counted(1, "goal"), "1 goal");
        assert_eq!(counted(0, "error"), "0 errors");
        assert_eq!(counted(2, "activity"), "2 activities");
        assert_eq!(counted(2, "day"), "2 days");
        assert_eq!(counted(3, "match"), "3 matches");
    }

    #[test]
    fn control_pictures_keep_offsets() {
        let (text, map) = with_control_pictures("a\u{1b}b");
        assert_eq!(text, "a\u{241b}b");
        assert_eq!(map, vec![0, 1, 4, 5]);
        let (text, map) = with_control_pictures("é\n");
        assert_eq!(text, "é\n");
        assert_eq!(map, vec![0, 0, 2, 3]);
        let (text, _) = with_control_pictures("a = 1\r\nb = \r2\r");
        assert_eq!(text, "a = 1\nb = \u{240d}2");
    }
}
