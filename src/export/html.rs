//! The HTML report: one self-contained file to read on screen, print on A4
//! or send to a council, with its charts drawn inline as SVG.
//!
//! The report is a minijinja template compiled into the binary
//! ([`TEMPLATE`]); a user's own template renders over the same context. That
//! context is the [`Report`]'s fields at the top level, plus:
//! - `charts`: `goals_by_status`, `theme_progress`, `budget` (by theme),
//!   `ledger_money` (money by value) and `ledger` (the other kinds
//!   counted), each an inline `<svg>` marked safe, or an empty string when
//!   there is nothing to draw; and `indicators`, the history chart of each
//!   indicator by theme, goal and indicator position
//!   (`charts.indicators[theme][goal][indicator]`, as `loop.index0` counts
//!   them), empty for an indicator without measurements;
//! - `decision_groups` and `budget_note`, as for the Markdown report;
//! - `handout`: true when the file is the record of one workshop alone
//!   (`export --workshop`), whose report then holds only that workshop;
//!   its charts are empty and it has no anchors;
//! - `anchors`: `goals`, `partnerships` and `actors`, each mapping a plan id
//!   to the `id` attribute of its place in the report (`goal-food`), for the
//!   ids that are well-formed slugs and unique in their collection; other
//!   ids have no anchor and are not linked.
//!
//! Every value a template prints is HTML-escaped unless a filter marked it
//! safe (see `template`); plan addresses become links only through the
//! `link` filter, which checks the scheme. The built-in template has no
//! script and says so in its Content-Security-Policy, so the file can be
//! opened from anywhere. Its `id` attributes come from `anchors` or from
//! positions (`theme-3`), never from plan text.
//!
//! The built-in template follows the Markdown report section for section,
//! what needs deciding first. On paper (A4) each theme and the partnerships
//! start a new page, rows, figures and goal headings are kept whole where
//! they fit, and links print their address after their text. The council
//! brief ([`brief`]) is a template of its own, laid out for one A4 page.
//!
//! The charts: `bars` draws the summary's bar charts, `charts` chooses
//! them, `history` draws each indicator's line chart.

use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicUsize, Ordering};

use minijinja::Value;
use minijinja::value::Serde;

use super::ExportError;
use super::report::{Brief, Indicator, Report, Weights};
use super::template::{self, Markup};

mod bars;
mod charts;
mod history;

/// The built-in template.
pub const TEMPLATE: &str = include_str!("templates/report.html");

/// The council brief's template.
pub const BRIEF_TEMPLATE: &str = include_str!("templates/brief.html");

/// What the parts of the built-in report take, about: a goal's section
/// with its metadata and indicator table row, an indicator's history chart
/// and caption, another row; the style sheet.
const WEIGHTS: Weights = Weights {
    base: 64 << 10,
    goal: 2 << 10,
    indicator: 3 << 10,
    row: 400,
};

/// A short file (a workshop's record, the brief): what is reserved for it.
const SHORT: usize = 64 << 10;

/// The report as one HTML file, from the built-in template or from
/// `template`, a user's own given as its name (for messages) and its source.
pub fn render(report: &Report, template: Option<(&str, &str)>) -> Result<String, ExportError> {
    let (name, source) = template.unwrap_or(("report.html", TEMPLATE));
    // The charts of the indicators' histories are drawn on both cores, one
    // of them first turning the report into the template's values.
    let (indicators, values) = indicator_charts_beside(report, || {
        Ok::<_, ExportError>((
            charts::charts(report)?,
            anchors(report),
            Value::from(Serde(report.decision_groups())),
            Value::from(Serde(report)),
        ))
    });
    let (charts, anchors, decision_groups, fields) = values?;
    let context = minijinja::context! {
        handout => false,
        charts => minijinja::context! {
            indicators => indicators,
            ..charts
        },
        anchors => anchors,
        decision_groups => decision_groups,
        budget_note => report.budget_note(),
        ..fields
    };
    let expected = report.expected_bytes(WEIGHTS);
    template::render(Markup::Html, name, source, context, expected)
}

/// The record of the one workshop `report` holds, as one HTML file: the
/// template rendered with `handout` true, without charts and without
/// anchors (the goals and partnerships it names are not in the file).
pub fn record(report: &Report, template: Option<(&str, &str)>) -> Result<String, ExportError> {
    let (name, source) = template.unwrap_or(("report.html", TEMPLATE));
    let context = minijinja::context! {
        handout => true,
        charts => minijinja::context! {
            indicators => Vec::<Value>::new(),
            ..charts::no_charts()
        },
        anchors => minijinja::context! {},
        decision_groups => Value::from(Serde(report.decision_groups())),
        budget_note => report.budget_note(),
        ..Value::from(Serde(report))
    };
    template::render(Markup::Html, name, source, context, SHORT)
}

/// The council brief as one HTML file laid out for one A4 page: the
/// summary, the decisions needed, budgets and progress by theme.
pub fn brief(report: &Report) -> Result<String, ExportError> {
    let context = Value::from(Serde(Brief::of(report)));
    template::render(Markup::Html, "brief.html", BRIEF_TEMPLATE, context, SHORT)
}

/// The history chart of every indicator, by theme, goal and indicator,
/// and what `beside` gives, done meanwhile.
///
/// A large plan has tens of thousands of indicators. Each chart stands
/// alone, so they are drawn in runs of [`CHART_RUN`] taken in turn by this
/// thread, once `beside` is done, and by another from the start.
fn indicator_charts_beside<T>(report: &Report, beside: impl FnOnce() -> T) -> (Value, T) {
    let indicators: Vec<&Indicator> = report.goals().flat_map(|g| &g.indicators).collect();
    let runs = indicators.len().div_ceil(CHART_RUN);
    let next = AtomicUsize::new(0);
    let draw = || {
        let mut drawn: Vec<(usize, Vec<String>)> = Vec::new();
        loop {
            let run = next.fetch_add(1, Ordering::Relaxed);
            if run >= runs {
                return drawn;
            }
            let end = indicators.len().min((run + 1) * CHART_RUN);
            let charts = indicators[run * CHART_RUN..end]
                .iter()
                .map(|i| history::history(i))
                .collect();
            drawn.push((run, charts));
        }
    };
    let (mut drawn, other) = if runs < 2 {
        let other = beside();
        (draw(), other)
    } else {
        std::thread::scope(|scope| {
            let helper = scope.spawn(draw);
            let other = beside();
            let mut drawn = draw();
            drawn.extend(helper.join().expect("drawing a chart does not panic"));
            (drawn, other)
        })
    };
    drawn.sort_unstable_by_key(|(run, _)| *run);
    let mut drawn = drawn.into_iter().flat_map(|(_, charts)| charts);
    let mut themes = Vec::with_capacity(report.themes.len());
    for theme in &report.themes {
        let mut goals = Vec::with_capacity(theme.goals.len());
        for goal in &theme.goals {
            let charts: Vec<Value> = drawn
                .by_ref()
                .take(goal.indicators.len())
                .map(Value::from_safe_string)
                .collect();
            goals.push(Value::from(charts));
        }
        themes.push(Value::from(goals));
    }
    (Value::from(themes), other)
}

/// How many indicators' charts a thread draws at a time.
const CHART_RUN: usize = 128;

fn anchors(report: &Report) -> Value {
    fn map<'a>(prefix: &str, ids: impl Iterator<Item = &'a str>) -> BTreeMap<String, String> {
        let mut seen: HashMap<&str, usize> = HashMap::new();
        for id in ids {
            *seen.entry(id).or_default() += 1;
        }
        seen.into_iter()
            .filter(|&(id, count)| count == 1 && is_slug(id))
            .map(|(id, _)| (id.to_owned(), format!("{prefix}-{id}")))
            .collect()
    }
    // Each map is the template's own object, looked up by the text of an
    // id, not turned into the engine's values entry by entry.
    minijinja::context! {
        goals => Value::from_object(map("goal", report.goals().map(|g| g.id.as_str()))),
        partnerships => Value::from_object(map(
            "partnership",
            report.partnerships.iter().map(|p| p.id.as_str()),
        )),
        actors => Value::from_object(map("actor", report.actors.iter().map(|a| a.id.as_str()))),
    }
}

/// Whether `id` is an id as the format defines it: 1 to 64 of `a-z`, `0-9`
/// and `-`, starting with a letter or digit. Only such ids go into `id`
/// attributes and fragment links.
fn is_slug(id: &str) -> bool {
    (1..=64).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !id.starts_with('-')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_only() {
        assert!(is_slug("food-1"));
        assert!(is_slug("1st"));
        assert!(!is_slug("-x"));
        assert!(!is_slug(""));
        assert!(!is_slug("a\"b"));
        assert!(!is_slug("Food"));
        assert!(!is_slug(&"a".repeat(65)));
    }
}
