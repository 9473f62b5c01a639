//! The template engine of the Markdown and HTML reports: one minijinja
//! environment per markup, with the filters both report templates (and a
//! user's own, given with `--template`) use.
//!
//! Escaping is on by default in both markups: every value a template prints
//! is escaped for its markup unless a filter below marked it safe, so a
//! user's template is as safe as the built-in one. HTML uses minijinja's own
//! HTML escaping. Markdown escapes every character that could start markup
//! (emphasis, links, code, raw HTML, tables) with a backslash, which
//! CommonMark, GitHub and pandoc all read as the character itself.
//!
//! The filters:
//! - `percent`: a fraction as a whole percentage by the one rounding rule,
//!   [`Percent`] (`0.205` → `21%`); `–` for none.
//! - `number`: thousands grouped, at most two decimals; `–` for none.
//! - `amount`: as `number`, and `–` for zero too: a sum with nothing in it
//!   (a ledger's one-off column when everything recurs).
//! - `label`: a keyword as words (`in-progress` → `in progress`).
//! - `cell`: a table cell: escaped, line breaks as spaces, `|` escaped.
//! - `para`: a multi-line text as paragraphs (blank lines part them); lines
//!   starting `- `, `* ` or `+ ` are kept as list items.
//! - `link(text)`: a link to the value when it is an `http`, `https` or
//!   `mailto` address, else the text alone, escaped.
//! - `counted(noun, plural)`: a count with its noun, plural unless the
//!   count is one, as [`counted`] writes it: `1|counted("goal")` → `1 goal`,
//!   `2|counted("party")` → `2 parties`; `plural` for a noun English
//!   bends otherwise (`counted("person", "people")`).
//!
//! HTML templates also have the functions of `pieces`: `status`, `ref`,
//! `refs` and `bar`, the pieces every goal of a report repeats, written in
//! Rust since a large plan repeats them tens of thousands of times.

mod bounds;
mod pieces;

use std::borrow::Cow;

use minijinja::value::{Value, ValueKind};
use minijinja::{AutoEscape, Environment, Error, ErrorKind, UndefinedBehavior};

pub use bounds::{USER_FUEL, USER_OUTPUT_BYTES};

use super::ExportError;
use crate::progress::Percent;
use crate::text::{counted, number};
use bounds::{Bounds, CappedOutput};

/// The markup a template writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Markup {
    /// GitHub-flavoured Markdown.
    Markdown,
    /// HTML.
    Html,
}

const MARKDOWN: &str = "markdown";

/// The output, in bytes, from which a template's context is freed on
/// another thread when the rendering is done.
const LARGE_OUTPUT: usize = 1 << 20;

/// Render `source` (a template named `name`, for messages) over `context`,
/// into a text of `expected` bytes reserved up front: a report of tens of
/// megabytes is then written once instead of copied each time it outgrows
/// its buffer.
pub fn render(
    markup: Markup,
    name: &str,
    source: &str,
    context: Value,
    expected: usize,
) -> Result<String, ExportError> {
    let bounds = Bounds::of(source);
    let mut env = environment(markup);
    env.set_fuel(bounds.fuel);
    env.add_template_owned(name.to_owned(), source.to_owned())
        .map_err(|e| template_error(name, source, &e))?;
    let template = env
        .get_template(name)
        .map_err(|e| template_error(name, source, &e))?;
    let mut output = CappedOutput::new(bounds.output, expected);
    let rendered = template.render_captured_to(&context, &mut output);
    // A large report's values take as long to free as a tenth of their
    // rendering: free them on the other core.
    if expected >= LARGE_OUTPUT {
        std::thread::spawn(move || drop(context));
    }
    match rendered {
        Ok(_) => Ok(output.into_text()),
        Err(error) if output.exceeded => Err(ExportError::Template(format!(
            "the template {name} wrote more than {} MiB, the most a template may write; \
             it stopped there{}",
            bounds.output.unwrap_or(0) >> 20,
            error
                .line()
                .map(|l| format!(" (at {name}:{l})"))
                .unwrap_or_default()
        ))),
        Err(error) if error.kind() == ErrorKind::OutOfFuel => Err(ExportError::Template(format!(
            "the template {name} ran too long (fuel: {} instructions, the most a template may \
             run): {}",
            crate::text::number(bounds.fuel.unwrap_or(0) as f64),
            template_error(name, source, &error)
        ))),
        Err(error) => Err(template_error(name, source, &error)),
    }
}

/// A template error: where (`name:line`), what, and the detail, then the
/// line of `source` it is on. An undefined value is named as the template
/// wrote it (`plan.nosuch`), from minijinja's record of where the value
/// came from.
fn template_error(name: &str, source: &str, error: &Error) -> ExportError {
    let at = match error.line() {
        Some(line) => format!("{name}:{line}"),
        None => name.to_owned(),
    };
    let message = match (error.kind(), error.detail()) {
        (ErrorKind::UndefinedError, Some(detail)) => format!(
            "{detail}: the report has no such value \
             (`commonplan export --print-template` shows the values it has)"
        ),
        (kind, Some(detail)) => format!("{kind}: {detail}"),
        (kind, None) => kind.to_string(),
    };
    let quoted = error
        .line()
        .and_then(|line| source.lines().nth(line.checked_sub(1)?))
        .map(|text| format!("\n  {} | {}", error.line().unwrap_or(0), text.trim_end()))
        .unwrap_or_default();
    ExportError::Template(format!("{at}: {message}{quoted}"))
}

fn environment(markup: Markup) -> Environment<'static> {
    let mut env = Environment::new();
    // minijinja keeps where an undefined value came from only in debug
    // mode, which is on by default in debug builds alone: on, so that a
    // released program names it too (`plan.nosuch is undefined`).
    env.set_debug(true);
    env.set_undefined_behavior(UndefinedBehavior::SemiStrict);
    env.set_syntax(
        minijinja::syntax::SyntaxConfig::builder()
            .trim_blocks(true)
            .lstrip_blocks(true)
            .keep_trailing_newline(true)
            .build()
            .expect("the default delimiters are valid"),
    );
    match markup {
        Markup::Html => {
            env.set_auto_escape_callback(|_| AutoEscape::Html);
            pieces::add_to(&mut env);
        }
        Markup::Markdown => {
            env.set_auto_escape_callback(|_| AutoEscape::Custom(MARKDOWN.into()));
            env.set_formatter(|out, state, value| match state.auto_escape() {
                AutoEscape::Custom(name) if name == MARKDOWN => {
                    match value.as_str() {
                        Some(text) if value.is_safe() => out.write_str(text)?,
                        Some(text) => out.write_str(&escape_markdown(text))?,
                        None if value.is_none() || value.is_undefined() => {}
                        None => out.write_str(&escape_markdown(&value.to_string()))?,
                    }
                    Ok(())
                }
                _ => minijinja::escape_formatter(out, state, value),
            });
        }
    }
    env.add_filter("percent", |value: Value| percent(&value));
    env.add_filter("number", |value: Value| match as_number(&value) {
        Some(n) => number(n),
        None => "–".to_owned(),
    });
    env.add_filter("amount", |value: Value| match as_number(&value) {
        Some(n) if n != 0.0 => number(n),
        _ => "–".to_owned(),
    });
    env.add_filter("label", |value: Value| match value.as_str() {
        Some(text) if text.contains('-') => Value::from(text.replace('-', " ")),
        Some(_) if !value.is_safe() => value,
        Some(text) => Value::from(text),
        None => Value::from(value.to_string().replace('-', " ")),
    });
    env.add_filter("cell", move |value: Value| {
        if value.is_none() || value.is_undefined() {
            return Value::from_safe_string(String::new());
        }
        let owned;
        let text = match value.as_str() {
            Some(text) => text,
            None => {
                owned = value.to_string();
                &owned
            }
        };
        Value::from_safe_string(cell(markup, text))
    });
    env.add_filter("para", move |value: Value| {
        if value.is_none() || value.is_undefined() {
            return Value::from_safe_string(String::new());
        }
        Value::from_safe_string(paragraphs(markup, &value.to_string()))
    });
    env.add_filter("counted", counted_filter);
    env.add_filter(
        "link",
        move |value: Value, text: Option<Value>| -> Result<Value, Error> {
            let url = value.to_string();
            let text = match &text {
                Some(t) if !t.is_none() && !t.is_undefined() => t.to_string(),
                _ => url.clone(),
            };
            Ok(Value::from_safe_string(link(markup, &url, &text)))
        },
    );
    env
}

/// `text` as a table cell, as the `cell` filter writes it: on one line,
/// escaped for `markup`.
pub(super) fn cell(markup: Markup, text: &str) -> String {
    let one_line = one_line(text);
    match markup {
        Markup::Markdown => escape_markdown(&one_line).into_owned(),
        Markup::Html => escape_html(&one_line),
    }
}

/// `text` on one line: its words parted by single spaces, as most texts
/// already are.
fn one_line(text: &str) -> Cow<'_, str> {
    let spaced = text.starts_with(' ')
        || text.ends_with(' ')
        || text.contains("  ")
        || text.chars().any(|c| c.is_whitespace() && c != ' ');
    if spaced {
        Cow::Owned(text.split_whitespace().collect::<Vec<_>>().join(" "))
    } else {
        Cow::Borrowed(text)
    }
}

/// The `counted` filter: "1 goal", "2 goals".
fn counted_filter(value: Value, noun: String, plural: Option<String>) -> Result<String, Error> {
    let count = value.as_i64().ok_or_else(|| {
        Error::new(
            ErrorKind::InvalidOperation,
            format!("`counted` counts whole numbers, not `{value}`"),
        )
    })?;
    let word = match plural {
        Some(many) if count != 1 => many,
        // The noun as `counted` bends it for one or for many (a negative
        // figure of a broken plan is many), without its number: "2 ".
        _ => counted(if count == 1 { 1 } else { 2 }, &noun).split_off(2),
    };
    Ok(format!("{count} {word}"))
}

/// The `percent` filter: a fraction as a whole percentage, `–` for none.
fn percent(value: &Value) -> String {
    match as_number(value).and_then(Percent::of) {
        Some(percent) => percent.to_string(),
        None => "–".to_owned(),
    }
}

fn as_number(value: &Value) -> Option<f64> {
    match value.kind() {
        ValueKind::Number => f64::try_from(value.clone()).ok(),
        _ => None,
    }
}

/// Whether `url` may be linked: `http`, `https` or `mailto`, and nothing in
/// it that could end the link early.
pub fn is_safe_url(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    (lower.starts_with("https://") || lower.starts_with("http://") || lower.starts_with("mailto:"))
        && !url.chars().any(|c| {
            c.is_whitespace() || c.is_control() || matches!(c, '<' | '>' | '"' | '\'' | '`')
        })
}

fn link(markup: Markup, url: &str, text: &str) -> String {
    let safe = is_safe_url(url);
    match (markup, safe) {
        (Markup::Markdown, true) if text == url => format!("<{url}>"),
        (Markup::Markdown, true) => format!(
            "[{}](<{}>)",
            escape_markdown(text),
            url.replace('(', "%28").replace(')', "%29")
        ),
        (Markup::Markdown, false) => escape_markdown(text).into_owned(),
        (Markup::Html, true) => format!(
            "<a href=\"{}\" rel=\"noopener noreferrer\">{}</a>",
            escape_html(url),
            escape_html(text)
        ),
        (Markup::Html, false) => escape_html(text),
    }
}

/// Text made literal in Markdown: every character that could start markup
/// is backslash-escaped, and so is a line's first character when it could
/// start a block (a list, a heading underline).
pub fn escape_markdown(text: &str) -> Cow<'_, str> {
    let bytes = text.as_bytes();
    let markup = bytes.iter().any(|b| {
        matches!(
            b,
            b'\\'
                | b'`'
                | b'*'
                | b'_'
                | b'['
                | b']'
                | b'<'
                | b'>'
                | b'|'
                | b'#'
                | b'~'
                | b'$'
                | b'&'
                | b'!'
                | b'{'
                | b'}'
                | b'\n'
        )
    });
    let block = matches!(bytes.first(), Some(b'-' | b'+' | b'='));
    // One line (no line break is left), so only its start could number it.
    let digits = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
    let numbered = digits > 0
        && matches!(bytes.get(digits), Some(b'.' | b')'))
        && (text.contains(". ") || text.contains(") "));
    if markup || block || numbered {
        Cow::Owned(escape_markdown_always(text))
    } else {
        Cow::Borrowed(text)
    }
}

fn escape_markdown_always(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut line_start = true;
    for c in text.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '#' | '~' | '$' | '&' | '!'
            | '{' | '}' => {
                out.push('\\');
                out.push(c);
            }
            '-' | '+' | '=' if line_start => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
        line_start = c == '\n';
    }
    // A line of digits and a dot or parenthesis would start a numbered list.
    if out.contains(". ") || out.contains(") ") {
        let mut fixed = String::with_capacity(out.len() + 4);
        for (i, line) in out.split('\n').enumerate() {
            if i > 0 {
                fixed.push('\n');
            }
            let digits = line.bytes().take_while(u8::is_ascii_digit).count();
            if digits > 0 && matches!(line.as_bytes().get(digits), Some(b'.' | b')')) {
                fixed.push_str(&line[..digits]);
                fixed.push('\\');
                fixed.push_str(&line[digits..]);
            } else {
                fixed.push_str(line);
            }
        }
        return fixed;
    }
    out
}

/// Text for HTML, escaped as minijinja escapes every value it prints.
fn escape_html(text: &str) -> String {
    minijinja::HtmlEscape(text).to_string()
}

/// A block of a multi-line text.
enum Block {
    /// Lines of running text.
    Paragraph(Vec<String>),
    /// Bullet items, each with its continuation lines joined.
    List(Vec<String>),
}

/// Split a multi-line text into paragraphs and bullet lists: blank lines
/// part paragraphs; a line starting `- `, `* ` or `+ ` starts a list item,
/// and the lines after it belong to it until a blank line.
fn blocks(text: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    for chunk in text.split("\n\n") {
        let mut paragraph: Vec<String> = Vec::new();
        let mut items: Vec<String> = Vec::new();
        for line in chunk.lines().map(str::trim).filter(|l| !l.is_empty()) {
            let item = ["- ", "* ", "+ "]
                .iter()
                .find_map(|marker| line.strip_prefix(marker));
            match item {
                Some(rest) => {
                    if !paragraph.is_empty() {
                        blocks.push(Block::Paragraph(std::mem::take(&mut paragraph)));
                    }
                    items.push(rest.trim().to_owned());
                }
                None => match items.last_mut() {
                    Some(last) => {
                        last.push(' ');
                        last.push_str(line);
                    }
                    None => paragraph.push(line.to_owned()),
                },
            }
        }
        if !paragraph.is_empty() {
            blocks.push(Block::Paragraph(paragraph));
        }
        if !items.is_empty() {
            blocks.push(Block::List(items));
        }
    }
    blocks
}

/// A multi-line text as paragraphs and bullet lists.
fn paragraphs(markup: Markup, text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    for block in blocks(text) {
        match (markup, block) {
            (Markup::Markdown, block) => {
                if !out.is_empty() {
                    out.push_str("\n\n");
                }
                let lines: Vec<String> = match block {
                    Block::Paragraph(lines) => lines
                        .iter()
                        .map(|l| escape_markdown(l).into_owned())
                        .collect(),
                    Block::List(items) => items
                        .iter()
                        .map(|i| format!("- {}", escape_markdown(i)))
                        .collect(),
                };
                out.push_str(&lines.join("\n"));
            }
            (Markup::Html, Block::Paragraph(lines)) => {
                out.push_str("<p>");
                out.push_str(&escape_html(&lines.join("\n")));
                out.push_str("</p>\n");
            }
            (Markup::Html, Block::List(items)) => {
                out.push_str("<ul>");
                for item in &items {
                    out.push_str("<li>");
                    out.push_str(&escape_html(item));
                    out.push_str("</li>");
                }
                out.push_str("</ul>\n");
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn md(source: &str, value: &str) -> String {
        render(
            Markup::Markdown,
            "t.md",
            source,
            minijinja::context! { v => value },
            0,
        )
        .unwrap()
    }

    #[test]
    fn markdown_escapes_by_default() {
        assert_eq!(
            md("{{ v }}", "<script>*x*</script> [a](javascript:x)"),
            "\\<script\\>\\*x\\*\\</script\\> \\[a\\](javascript:x)"
        );
        assert_eq!(md("{{ v }}", "- a\n1. b"), "\\- a\n1\\. b");
        // Marked safe by a filter, printed as the filter wrote it.
        assert_eq!(md("{{ v|cell }}", "a | b\nc"), "a \\| b c");
    }

    proptest::proptest! {
        /// The quick test of whether a text needs escaping never lets
        /// through a text the escaping would change, and one line is one
        /// line whatever its spacing.
        #[test]
        fn escaping_skips_only_what_it_would_not_change(
            text in "[ -~\\n\\t\u{a0}é]{0,12}|[0-9]{1,3}[.)][ 0-9a-z.)]{0,6}|[-+=]?[a-z ]{0,6}"
        ) {
            proptest::prop_assert_eq!(escape_markdown(&text), escape_markdown_always(&text));
            proptest::prop_assert_eq!(
                one_line(&text),
                text.split_whitespace().collect::<Vec<_>>().join(" ")
            );
        }
    }

    #[test]
    fn paragraphs_and_lists() {
        assert_eq!(
            md(
                "{{ v|para }}",
                "One\nline.\n\n- a\n- <b>\n\n# not a heading"
            ),
            "One\nline.\n\n- a\n- \\<b\\>\n\n\\# not a heading"
        );
        assert_eq!(
            render(
                Markup::Html,
                "t.html",
                "{{ v|para }}",
                minijinja::context! { v => "a <b>\n\n- x\n- y" },
                0
            )
            .unwrap(),
            "<p>a &lt;b&gt;</p>\n<ul><li>x</li><li>y</li></ul>\n"
        );
    }

    #[test]
    fn links_only_for_safe_schemes() {
        let html = |url: &str| {
            render(
                Markup::Html,
                "t.html",
                "{{ u|link('site') }}",
                minijinja::context! { u => url },
                0,
            )
            .unwrap()
        };
        assert_eq!(
            html("https://example.org/a?b=1&c=2"),
            // minijinja's escaping writes `/` as `&#x2f;`, which HTML reads as `/`.
            "<a href=\"https:&#x2f;&#x2f;example.org&#x2f;a?b=1&amp;c=2\" rel=\"noopener noreferrer\">site</a>"
        );
        assert_eq!(html("javascript:alert(1)"), "site");
        assert_eq!(html("JAVASCRIPT:alert(1)"), "site");
        assert_eq!(html("https://x\" onmouseover=\"y"), "site");
        assert_eq!(
            md("{{ v|link }}", "https://a.example"),
            "<https://a.example>"
        );
        assert_eq!(md("{{ v|link }}", "data:text/html,x"), "data:text/html,x");
    }

    #[test]
    fn numbers_and_percentages() {
        let out = render(
            Markup::Markdown,
            "t.md",
            "{{ a|percent }} {{ b|percent }} {{ c|number }} {{ 'in-progress'|label }}",
            minijinja::context! { a => 0.276, b => (), c => 1234567.5 },
            0,
        )
        .unwrap();
        assert_eq!(out, "28% – 1,234,567.5 in progress");
    }

    #[test]
    fn counts_take_the_plural_unless_one() {
        let count = |markup: Markup, source: &str| {
            render(
                markup,
                "t",
                source,
                minijinja::context! { one => 1, two => 2, zero => 0, list => vec![1, 2] },
                0,
            )
            .unwrap()
        };
        for markup in [Markup::Markdown, Markup::Html] {
            assert_eq!(
                count(
                    markup,
                    "{{ one|counted('goal') }}, {{ two|counted('goal') }}, {{ zero|counted('error') }}"
                ),
                "1 goal, 2 goals, 0 errors"
            );
            assert_eq!(
                count(
                    markup,
                    "{{ one|counted('person', 'people') }}, {{ list|length|counted('person', 'people') }}, {{ two|counted('party') }}"
                ),
                "1 person, 2 people, 2 parties"
            );
        }
        let error = render(
            Markup::Markdown,
            "t.md",
            "{{ x|counted('goal') }}",
            minijinja::context! { x => "many" },
            0,
        )
        .unwrap_err()
        .to_string();
        assert!(error.contains("whole numbers"), "{error}");
    }

    #[test]
    fn template_errors_say_where() {
        let error = render(
            Markup::Markdown,
            "mine.md",
            "a\n{{ x.y.z }}",
            Value::from(()),
            0,
        )
        .unwrap_err()
        .to_string();
        assert!(error.starts_with("mine.md:2: "), "{error}");
        let error = render(
            Markup::Html,
            "mine.html",
            "<p>\n{{ plan.title }}\n{{ plan.nosuch }}\n",
            minijinja::context! { plan => minijinja::context! { title => "T" } },
            0,
        )
        .unwrap_err()
        .to_string();
        assert!(
            error.starts_with("mine.html:3: `plan.nosuch` is undefined"),
            "{error}"
        );
        assert!(error.ends_with("\n  3 | {{ plan.nosuch }}"), "{error}");
        let error = render(Markup::Markdown, "mine.md", "{% if %}", Value::from(()), 0)
            .unwrap_err()
            .to_string();
        assert!(error.starts_with("mine.md:1: syntax error"), "{error}");
    }
}
