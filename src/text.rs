//! The one sanitiser for text from a plan that is shown to a person, and
//! the one way numbers are written for people.
//!
//! A plan is written by people and by other programs; its strings may hold
//! control characters, and some of those (ESC above all) would drive the
//! terminal instead of being read. Everything that puts plan text on a
//! terminal goes through here first.

use std::borrow::Cow;

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

/// A number as a person reads it: thousands grouped with commas, no `.0`,
/// at most two decimals.
pub fn number(value: f64) -> String {
    if !value.is_finite() {
        return value.to_string();
    }
    // Whole numbers, the common case, without the float formatter's work.
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

/// A count and its noun as a person reads them: "1 goal", "2 goals",
/// "0 errors". The plural adds an `s`; [`counted_as`] takes another.
pub fn counted(count: usize, noun: &str) -> String {
    if count == 1 {
        format!("1 {noun}")
    } else {
        format!("{count} {noun}s")
    }
}

/// A count and its noun, with the plural given: "1 party", "2 parties".
pub fn counted_as(count: usize, one: &str, many: &str) -> String {
    format!("{count} {}", if count == 1 { one } else { many })
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
    fn counts_agree_with_their_nouns() {
        assert_eq!(counted(0, "error"), "0 errors");
        assert_eq!(counted(1, "error"), "1 error");
        assert_eq!(counted(2, "warning"), "2 warnings");
        assert_eq!(counted_as(1, "party", "parties"), "1 party");
        assert_eq!(counted_as(3, "party", "parties"), "3 parties");
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
