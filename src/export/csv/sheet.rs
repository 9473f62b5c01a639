//! The one writer every CSV table goes through: a header row, then rows of
//! as many cells, each cell cleaned and neutralised the same way.
//!
//! Numbers are written plainly (`1200`, `27.5`: no thousands separators, no
//! `.0`, no exponent), keywords as the plan format writes them
//! (`in-progress`), dates as `YYYY-MM-DD`, lists joined with `"; "`,
//! multi-line texts with their line breaks but not the ones that end them,
//! and an absent value is an empty cell. Progress is a percentage, 0 to 100
//! with at most one decimal, by the one rounding rule ([`Percent`]).
//!
//! Every cell follows OWASP's advice on CSV injection: a cell that begins
//! with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading `'`,
//! unless the whole cell is a decimal number (`-12.5`, `+3`, `1e-3` stay as
//! they are; `-1+2`, `-inf`, `=1+1` do not). Any control character other
//! than a newline is written as a visible escape, as the report already
//! does for every text, and rows end with `\n` alone; the `csv` crate
//! quotes a cell that holds the separator, a quote or a newline.

use std::borrow::Cow;

use crate::model::Date;
use crate::progress::Percent;
use crate::text::{is_unsafe_char, printable_lines};

/// A CSV table being written: a header row, then rows of as many cells.
pub(super) struct Sheet {
    writer: ::csv::Writer<Vec<u8>>,
}

impl Sheet {
    pub(super) fn new(header: &[&str]) -> Sheet {
        Sheet::with_separator(header, b',')
    }

    /// A sheet whose cells are separated by `separator` rather than `,`
    /// (the `csv` crate quotes a cell that holds it).
    pub(super) fn with_separator(header: &[&str], separator: u8) -> Sheet {
        let writer = ::csv::WriterBuilder::new()
            .delimiter(separator)
            .terminator(::csv::Terminator::Any(b'\n'))
            .from_writer(Vec::new());
        let mut sheet = Sheet { writer };
        sheet.row(header.iter().map(|h| Cow::Borrowed(*h)));
        sheet
    }

    pub(super) fn row<'a>(&mut self, cells: impl IntoIterator<Item = Cow<'a, str>>) {
        for text in cells {
            self.cell(&text);
        }
        self.writer
            .write_record(None::<&[u8]>)
            .expect("every row has as many cells as the header");
    }

    /// The one way a cell is written: without the line breaks that end a
    /// multi-line text, control characters other than a newline as
    /// escapes, then neutralised.
    fn cell(&mut self, text: &str) {
        let text = text.trim_end_matches('\n');
        let clean = if text.chars().any(|c| c != '\n' && is_unsafe_char(c)) {
            Cow::Owned(printable_lines(text))
        } else {
            Cow::Borrowed(text)
        };
        self.writer
            .write_field(neutralise(&clean).as_bytes())
            .expect("writing to memory cannot fail");
    }

    pub(super) fn finish(self) -> String {
        let bytes = self
            .writer
            .into_inner()
            .expect("writing to memory cannot fail");
        String::from_utf8(bytes).expect("every cell is UTF-8")
    }
}

/// `text` made safe to open in a spreadsheet: a leading `'` when it begins
/// with `=`, `+`, `-`, `@`, a tab or a carriage return and is not a number.
fn neutralise(text: &str) -> Cow<'_, str> {
    match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') if !is_number(text) => {
            Cow::Owned(format!("'{text}"))
        }
        _ => Cow::Borrowed(text),
    }
}

/// Whether `text` is a decimal number and nothing else: an optional sign,
/// digits with an optional decimal point, and an optional exponent.
fn is_number(text: &str) -> bool {
    fn digits(text: &[u8]) -> usize {
        text.iter().take_while(|b| b.is_ascii_digit()).count()
    }
    let mut rest = text.as_bytes();
    if let [b'+' | b'-', tail @ ..] = rest {
        rest = tail;
    }
    let whole = digits(rest);
    rest = &rest[whole..];
    let mut fraction = 0;
    if let [b'.', tail @ ..] = rest {
        fraction = digits(tail);
        rest = &tail[fraction..];
    }
    if whole + fraction == 0 {
        return false;
    }
    if let [b'e' | b'E', tail @ ..] = rest {
        rest = tail;
        if let [b'+' | b'-', tail @ ..] = rest {
            rest = tail;
        }
        let exponent = digits(rest);
        if exponent == 0 {
            return false;
        }
        rest = &rest[exponent..];
    }
    rest.is_empty()
}

pub(super) fn opt(text: Option<&str>) -> Cow<'_, str> {
    Cow::Borrowed(text.unwrap_or_default())
}

pub(super) fn integer(value: Option<i64>) -> Cow<'static, str> {
    value.map_or(Cow::Borrowed(""), |v| Cow::Owned(v.to_string()))
}

pub(super) fn date(value: Option<Date>) -> Cow<'static, str> {
    value.map_or(Cow::Borrowed(""), |d| Cow::Owned(d.to_string()))
}

pub(super) fn number(value: Option<f64>) -> Cow<'static, str> {
    value.map_or(Cow::Borrowed(""), |v| Cow::Owned(plain(v)))
}

/// A number as a program reads it: no thousands separators, no `.0`, no
/// exponent; empty when it is not finite.
pub(super) fn plain(value: f64) -> String {
    if !value.is_finite() {
        String::new()
    } else if value.fract() == 0.0 && value.abs() < 1e15 {
        (value as i64).to_string()
    } else {
        value.to_string()
    }
}

/// A fraction (0 to 1) as a percentage with at most one decimal, by the
/// one rounding rule ([`Percent`]).
pub(super) fn percent(fraction: f64) -> String {
    Percent::with_decimals(fraction, 1).map_or_else(String::new, Percent::number)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_stay_as_they_are() {
        for text in [
            "-12.5", "-1", "+3", "-0", "-.5", "-5.", "-1e5", "-1.5E-3", "+2e+10", "12", "0.25",
        ] {
            assert_eq!(neutralise(text), text, "{text}");
        }
    }

    #[test]
    fn formulas_get_a_leading_quote() {
        for text in [
            "=1+1",
            "+1+1",
            "-2+3",
            "-1+2",
            "-A1",
            "@SUM(1)",
            "\tstarts with a tab",
            "\rcarriage return",
            "=cmd|' /C calc'!A0",
            "+31 9 123 45 67",
            "-",
            "+",
            "-inf",
            "-NaN",
            "-1e",
            "-1e+",
            "-.",
            "-1.2.3",
            "-0x1F",
            "-12.5 ",
        ] {
            assert_eq!(neutralise(text), format!("'{text}"), "{text:?}");
        }
        for text in ["", "plain", "'quoted", " =1+1", "1-2", "a=b"] {
            assert_eq!(neutralise(text), text, "{text:?}");
        }
    }

    #[test]
    fn cells_are_cleaned_and_neutralised() {
        let mut sheet = Sheet::new(&["a", "b", "c"]);
        sheet.row([
            Cow::Borrowed("\u{1b}[31mred"),
            Cow::Borrowed("two\nlines\n\n"),
            Cow::Borrowed("=1+1"),
        ]);
        assert_eq!(
            sheet.finish(),
            "a,b,c\n\\u{1b}[31mred,\"two\nlines\",'=1+1\n"
        );
    }

    #[test]
    fn numbers_and_percentages_are_plain() {
        assert_eq!(plain(1200.0), "1200");
        assert_eq!(plain(-1200.0), "-1200");
        assert_eq!(plain(1_000_000.0), "1000000");
        assert_eq!(plain(0.1), "0.1");
        assert_eq!(plain(-0.0), "0");
        assert_eq!(plain(1e20), "100000000000000000000");
        assert_eq!(plain(f64::NAN), "");
        assert_eq!(percent(0.5), "50");
        assert_eq!(percent(0.27555), "27.6");
        assert_eq!(percent(1.0 / 3.0), "33.3");
        assert_eq!(percent(0.0), "0");
        assert_eq!(percent(1.0), "100");
    }
}
