//! The Markdown report: GitHub-flavoured Markdown that reads well on GitHub,
//! through pandoc, and as plain text.
//!
//! The report is a minijinja template compiled into the binary
//! ([`TEMPLATE`]); a user's own template renders over the same data. Every
//! value is escaped for Markdown (see `template`), so no raw HTML from the
//! plan reaches the output and table cells cannot break their table.

use minijinja::Value;
use minijinja::value::Serde;

use super::report::{Brief, Goal, Weights};
use super::template::escape_markdown;
use super::template::{self, Markup};
use super::{ExportError, Report};
use crate::text::number;

/// The built-in template.
pub const TEMPLATE: &str = include_str!("templates/report.md");

/// The council brief's template.
pub const BRIEF_TEMPLATE: &str = include_str!("templates/brief.md");

/// What the parts of the built-in report take, about: a goal's section
/// with its indicator table row, an indicator's measurements, another row.
const WEIGHTS: Weights = Weights {
    base: 8 << 10,
    goal: 512,
    indicator: 256,
    row: 160,
};

/// The report as Markdown, from the built-in template or from `template`,
/// a user's own given as its name (for messages) and its source.
pub fn render(report: &Report, template: Option<(&str, &str)>) -> Result<String, ExportError> {
    render_as(report, template, false)
}

/// The record of the one workshop `report` holds, as Markdown: the
/// template rendered with `handout` true.
pub fn record(report: &Report, template: Option<(&str, &str)>) -> Result<String, ExportError> {
    render_as(report, template, true)
}

fn render_as(
    report: &Report,
    template: Option<(&str, &str)>,
    handout: bool,
) -> Result<String, ExportError> {
    let context = minijinja::context! {
        handout => handout,
        histories => histories(report),
        decision_groups => Value::from(Serde(report.decision_groups())),
        budget_note => report.budget_note(),
        ..Value::from(Serde(report))
    };
    let expected = if handout {
        16 << 10
    } else {
        report.expected_bytes(WEIGHTS)
    };
    match template {
        Some((name, source)) => template::render(Markup::Markdown, name, source, context, expected),
        None => {
            let text =
                template::render(Markup::Markdown, "report.md", TEMPLATE, context, expected)?;
            Ok(single_blank_lines(text))
        }
    }
}

/// Each goal's measurements as the table the built-in template prints
/// below its indicators, by theme and goal (`histories[theme][goal]`), or
/// empty for a goal without any: written here once, as the HTML report's
/// charts are, rather than by the template, row by row, for every
/// measurement of a large plan.
fn histories(report: &Report) -> Value {
    let themes = report.themes.iter().map(|theme| {
        let goals = theme
            .goals
            .iter()
            .map(|goal| Value::from_safe_string(history(goal)));
        Value::from(goals.collect::<Vec<_>>())
    });
    Value::from(themes.collect::<Vec<_>>())
}

/// The table of `goal`'s measurements: indicator, date, value.
fn history(goal: &Goal) -> String {
    if goal.indicators.iter().all(|i| i.measurements.is_empty()) {
        return String::new();
    }
    let mut table = String::from("| Measured | Date | Value |\n|---|---|--:|\n");
    for indicator in goal
        .indicators
        .iter()
        .filter(|i| !i.measurements.is_empty())
    {
        let name = template::cell(Markup::Markdown, &indicator.name);
        for measurement in &indicator.measurements {
            for cell in [
                name.as_str(),
                &escape_markdown(&measurement.date.to_string()),
                &escape_markdown(&number(measurement.value)),
            ] {
                table.push_str("| ");
                table.push_str(cell);
                table.push(' ');
            }
            table.push_str("|\n");
        }
    }
    table
}

/// The council brief as Markdown: the summary, the decisions needed,
/// budgets and progress by theme, short enough for one printed page.
pub fn brief(report: &Report) -> Result<String, ExportError> {
    let context = Value::from(Serde(Brief::of(report)));
    let text = template::render(
        Markup::Markdown,
        "brief.md",
        BRIEF_TEMPLATE,
        context,
        16 << 10,
    )?;
    Ok(single_blank_lines(text))
}

/// `text` with every run of blank lines made one: the built-in template's
/// optional parts leave some behind, and Markdown reads them as one anyway.
/// The lines are moved up in place, so a large report is not copied.
fn single_blank_lines(text: String) -> String {
    // The lines to leave out: each blank line after a blank line.
    let mut extra: Vec<std::ops::Range<usize>> = Vec::new();
    let (mut at, mut blank) = (0, 0);
    let ends = memchr::memchr_iter(b'\n', text.as_bytes()).map(|n| n + 1);
    for end in ends.chain((!text.ends_with('\n')).then_some(text.len())) {
        let line = &text[at..end];
        let is_blank = match line.bytes().find(|b| !b.is_ascii_whitespace()) {
            None => true,
            Some(b) if b.is_ascii() => false,
            Some(_) => line.trim().is_empty(),
        };
        blank = if is_blank { blank + 1 } else { 0 };
        if blank > 1 {
            match extra.last_mut() {
                Some(run) if run.end == at => run.end = end,
                _ => extra.push(at..end),
            }
        }
        at = end;
    }
    if extra.is_empty() {
        return text;
    }
    let mut bytes = text.into_bytes();
    let mut write = extra[0].start;
    for (n, run) in extra.iter().enumerate() {
        let next = extra.get(n + 1).map_or(bytes.len(), |r| r.start);
        bytes.copy_within(run.end..next, write);
        write += next - run.end;
    }
    bytes.truncate(write);
    String::from_utf8(bytes).expect("whole lines of a text are a text")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::PlanDocument;
    use crate::model::Date;

    /// A report of a plan with `goals` goals, one partnership, a workshop
    /// of one participant who placed one dot, and one unknown owner (one
    /// error).
    fn report(goals: usize) -> Report {
        let mut text = String::from(
            "format = 1\n[plan]\ncity = \"G\"\ntitle = \"T\"\n\n\
             [[actors]]\nid = \"city\"\nname = \"City\"\nrole = \"public\"\n\n\
             [[themes]]\nid = \"food\"\nname = \"Food\"\n",
        );
        for n in 0..goals {
            let owner = if n == 0 { "nobody" } else { "city" };
            text.push_str(&format!(
                "\n[[goals]]\nid = \"g{n}\"\ntitle = \"Goal {n}\"\ntheme = \"food\"\nowner = \"{owner}\"\n"
            ));
        }
        text.push_str(
            "\n[[partnerships]]\nid = \"pact\"\ntitle = \"Pact\"\n\n\
             [[partnerships.parties]]\nactor = \"city\"\n\n\
             [[workshops]]\nid = \"w\"\ntitle = \"W\"\nparticipants = [\"An\"]\n\
             votes = [{ participant = \"An\", item = \"g0\", dots = 1 }]\n",
        );
        let today = Date::new(2026, 1, 1).expect("a date");
        let document = PlanDocument::load(text.as_bytes(), today).expect("loads");
        Report::of_document(&document, "plan.toml", today)
    }

    #[test]
    fn a_history_is_the_table_the_template_loop_wrote() {
        let text = "format = 1\n[plan]\ncity = \"G\"\ntitle = \"T\"\n\n\
             [[goals]]\nid = \"g\"\ntitle = \"G\"\n\n\
             [[goals.indicators]]\nname = \"none yet\"\n\n\
             [[goals.indicators]]\nname = \"a | b\\n*c*  d\"\n\
             measurements = [{ date = 2019-01-02, value = -5 }, { date = 2020-03-04, value = 1234.5 }]\n\n\
             [[goals.indicators]]\nname = \"1. first\"\n\
             measurements = [{ date = 2021-05-06, value = 0.25 }]\n\n\
             [[goals]]\nid = \"h\"\ntitle = \"H\"\n";
        let today = Date::new(2026, 1, 1).expect("a date");
        let document = PlanDocument::load(text.as_bytes(), today).expect("loads");
        let report = Report::of_document(&document, "plan.toml", today);
        let by_template = |goal: &Goal| {
            template::render(
                Markup::Markdown,
                "loop.md",
                "{% if goal.indicators|selectattr(\"measurements\")|first %}\n\
                 | Measured | Date | Value |\n|---|---|--:|\n\
                 {% for i in goal.indicators %}\n{% for m in i.measurements %}\n\
                 | {{ i.name|cell }} | {{ m.date }} | {{ m.value|number }} |\n\
                 {% endfor %}\n{% endfor %}\n{% endif %}",
                minijinja::context! { goal => Value::from(Serde(goal)) },
                0,
            )
            .expect("renders")
        };
        let goals: Vec<&Goal> = report.goals().collect();
        assert_eq!(goals.len(), 2);
        for goal in goals {
            assert_eq!(history(goal), by_template(goal), "{}", goal.id);
        }
        let table = history(report.goals().next().expect("a goal"));
        assert!(
            table.contains("| a \\| b\\\\n\\*c\\* d | 2019-01-02 | \\-5 |"),
            "{table}"
        );
        assert!(
            table.contains("| 1\\. first | 2021-05-06 | 0.25 |"),
            "{table}"
        );
    }

    #[test]
    fn blank_lines_run_to_one() {
        assert_eq!(single_blank_lines("a\n\n \n\t\nb\n\n".into()), "a\n\nb\n\n");
        assert_eq!(
            single_blank_lines("\u{a0}\n\n\u{2003}x\n".into()),
            "\u{a0}\n\u{2003}x\n"
        );
        assert_eq!(single_blank_lines("é\n\n\nü".into()), "é\n\nü");
        assert_eq!(single_blank_lines(String::new()), "");
        assert_eq!(single_blank_lines("a\n\n\n \t".into()), "a\n\n");
        assert_eq!(single_blank_lines("\n\n\nb".into()), "\nb");
    }

    #[test]
    fn counts_agree_with_their_nouns_in_both_reports() {
        let one = report(1);
        assert_eq!(
            (one.summary.goals, one.summary.errors),
            (1, 1),
            "{:?}",
            one.diagnostics
        );
        let markdown = render(&one, None).expect("renders");
        let html = super::super::html::render(&one, None).expect("renders");
        for (name, text) in [("markdown", &markdown), ("html", &html)] {
            assert!(text.contains("1 goal and 1 partnership."), "{name}: {text}");
            assert!(text.contains("Problems: 1 error, "), "{name}: {text}");
            assert!(
                text.contains("1 participant · 1 dot placed"),
                "{name}: {text}"
            );
            assert!(!text.contains("1 goals"), "{name}: {text}");
            assert!(!text.contains("1 errors"), "{name}: {text}");
        }
        let two = report(2);
        assert_eq!(two.summary.goals, 2);
        let markdown = render(&two, None).expect("renders");
        let html = super::super::html::render(&two, None).expect("renders");
        for (name, text) in [("markdown", &markdown), ("html", &html)] {
            assert!(
                text.contains("2 goals and 1 partnership."),
                "{name}: {text}"
            );
            assert!(text.contains("· 2 goals"), "{name}: {text}");
        }
    }
}
