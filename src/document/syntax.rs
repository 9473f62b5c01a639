//! The diagnostic of a file that is not valid TOML (E002), at the place the
//! parser stopped.
//!
//! toml_edit gives most parse errors a span, but not the one for a dotted
//! key too deep to read (more parts than its recursion limit, 80): that
//! error would point at the start of the file. There the key itself is
//! found with toml_parser's lexer (the tokens toml_edit reads, so a `.`
//! inside a string or a comment is never taken for a key's dot): the first
//! dotted key with more parts than the limit.

use std::ops::Range;

use toml_edit::TomlError;
use toml_parser::Source;
use toml_parser::lexer::TokenKind;

use crate::diagnostic::{Code, Diagnostic, FieldPath};

/// The most parts a dotted key may have before toml_edit refuses it
/// ("recursion limit"): its path of tables, 80, plus the key itself.
const DEEPEST_KEY: usize = 80;

/// The E002 diagnostic of `error`, found parsing `text`.
pub(super) fn not_toml(text: &str, error: &TomlError) -> Diagnostic {
    let span = error.span().or_else(|| too_deep_key(text)).unwrap_or(0..0);
    let message = format!("not valid TOML: {}", error.message().trim_end());
    Diagnostic::new(Code::NotToml, FieldPath::root(), message).with_span(span)
}

/// The span of the first dotted key of `text` with more than
/// [`DEEPEST_KEY`] parts: in a key-value pair, a table header or an inline
/// table.
fn too_deep_key(text: &str) -> Option<Range<usize>> {
    let source = Source::new(text);
    // Whether the next word starts a key: at the start of a line, after `[`
    // (a header, or an array, where a dotted float is never that long),
    // after `{` or `,` (an inline table).
    let mut key_may_start = true;
    // The key being read: its start, end and parts; whether a dot is
    // waiting for its next part.
    let mut key: Option<(usize, usize, usize)> = None;
    let mut after_dot = false;
    for token in source.lex() {
        let span = token.span();
        let (start, end) = (span.start(), span.end());
        match token.kind() {
            TokenKind::Whitespace => continue,
            TokenKind::Atom | TokenKind::BasicString | TokenKind::LiteralString
                if key_may_start || after_dot =>
            {
                key = match key {
                    Some((from, _, parts)) if after_dot => Some((from, end, parts + 1)),
                    _ => Some((start, end, 1)),
                };
                key_may_start = false;
                after_dot = false;
                continue;
            }
            TokenKind::Dot if key.is_some() && !after_dot => {
                after_dot = true;
                continue;
            }
            kind => {
                if let Some((from, to, parts)) = key.take()
                    && parts > DEEPEST_KEY
                {
                    return Some(from..to);
                }
                after_dot = false;
                key_may_start = matches!(
                    kind,
                    TokenKind::Newline
                        | TokenKind::LeftSquareBracket
                        | TokenKind::LeftCurlyBracket
                        | TokenKind::Comma
                );
            }
        }
    }
    key.filter(|&(_, _, parts)| parts > DEEPEST_KEY)
        .map(|(from, to, _)| from..to)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dotted(parts: usize) -> String {
        vec!["a"; parts].join(".")
    }

    #[test]
    fn a_key_too_deep_is_found_where_it_is_written() {
        let deep = dotted(DEEPEST_KEY + 1);
        let cases = [
            format!("format = 1\n# a.b.c\nx = \"{deep}\"\n\n[goal]\n{deep} = 1\n"),
            format!("format = 1\n[{deep}]\n"),
            format!(
                "format = 1\n[[goals]]\nid = 'x'\n  {} = 1\n",
                deep.replace('.', " . ")
            ),
            format!("x = {{ b = 1.5, {deep} = 2 }}\n"),
        ];
        for text in cases {
            let error = toml_edit::Document::parse(text.as_str()).expect_err("too deep");
            assert_eq!(error.span(), None, "toml_edit now says where: drop this");
            let span = not_toml(&text, &error).span.expect("a span");
            assert!(span.start > 0, "{text}");
            let key = &text[span];
            assert_eq!(key.replace(' ', ""), deep, "{text}");
        }
    }

    #[test]
    fn keys_as_deep_as_allowed_are_not_taken() {
        let text = format!("{} = 1\n", dotted(DEEPEST_KEY));
        assert!(toml_edit::Document::parse(text.as_str()).is_ok());
        assert_eq!(too_deep_key(&text), None);
    }
}
