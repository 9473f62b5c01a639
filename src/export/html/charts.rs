//! The summary charts of the HTML report, each a [`Bars`] chart: goals by
//! status, progress per theme, budget by theme, and the contribution
//! ledger in two charts — money by value, in the plan's currency, and the
//! other kinds counted, since their units differ (square metres, hours) and
//! cannot be added up; their amounts are in the ledger table, unit by unit.

use minijinja::Value;

use super::bars::{
    Bars, CITY, COMMONS, ChartResult, INK, OTHER, PROGRESS, Row, count, count_axis, label, percent,
    status_colour,
};
use crate::export::ExportError;
use crate::export::report::{Ledger, LedgerEntry, Report};
use crate::model::{ContributionKind, Keyword};
use crate::text::number;

/// The summary charts, each an inline SVG marked safe, or empty when there
/// is nothing to draw.
pub(super) fn charts(report: &Report) -> Result<Value, ExportError> {
    let safe = |svg: String| Value::from_safe_string(svg);
    let currency = &report.plan.currency;
    Ok(minijinja::context! {
        goals_by_status => safe(goals_by_status(report)?),
        theme_progress => safe(theme_progress(report)?),
        budget => safe(budget_by_theme(report)?),
        ledger_money => safe(ledger_money(&report.summary.ledger, currency)?),
        ledger => safe(ledger_counts(&report.summary.ledger)?),
    })
}

/// The same keys as [`charts`], every one empty.
pub(super) fn no_charts() -> Value {
    let empty = || Value::from_safe_string(String::new());
    minijinja::context! {
        goals_by_status => empty(),
        theme_progress => empty(),
        budget => empty(),
        ledger_money => empty(),
        ledger => empty(),
    }
}

/// An amount as the tables write it: thousands grouped.
fn money(v: f64) -> String {
    number(v)
}

/// The end of a money axis: the largest value and room for its label.
fn money_axis(max: f64) -> f64 {
    if max > 0.0 { max * 1.25 } else { 1.0 }
}

fn goals_by_status(report: &Report) -> ChartResult<String> {
    let counts = &report.summary.goals_by_status;
    if report.summary.goals == 0 {
        return Ok(String::new());
    }
    let rows: Vec<Row> = counts
        .iter()
        .map(|c| Row {
            label: c.status.as_str().replace('-', " "),
            values: vec![Some(c.count as f64)],
            colour: Some(status_colour(c.status)),
        })
        .collect();
    let words: Vec<String> = counts
        .iter()
        .map(|c| format!("{} {}", c.status.as_str().replace('-', " "), c.count))
        .collect();
    let (max, ticks) = count_axis(counts.iter().map(|c| c.count).max().unwrap_or(0));
    Bars {
        title: format!("Goals by status: {}.", words.join(", ")),
        rows,
        series: &[("goals", INK)],
        max,
        ticks,
        format: count,
    }
    .draw()
}

fn theme_progress(report: &Report) -> ChartResult<String> {
    if report.themes.is_empty() {
        return Ok(String::new());
    }
    let rows: Vec<Row> = report
        .themes
        .iter()
        .map(|t| Row {
            label: label(&t.name),
            values: vec![t.progress.map(|p| p * 100.0)],
            colour: None,
        })
        .collect();
    let words: Vec<String> = report
        .themes
        .iter()
        .map(|t| match t.progress {
            Some(p) => format!("{} {}", label(&t.name), percent(p * 100.0)),
            None => format!("{} not measured", label(&t.name)),
        })
        .collect();
    Bars {
        title: format!("Progress per theme: {}.", words.join(", ")),
        rows,
        series: &[("progress", PROGRESS)],
        max: 100.0,
        ticks: 6,
        format: percent,
    }
    .draw()
}

fn budget_by_theme(report: &Report) -> ChartResult<String> {
    if report.summary.budget.goals == 0 {
        return Ok(String::new());
    }
    let currency = label(&report.plan.currency);
    let rows: Vec<Row> = report
        .themes
        .iter()
        .map(|t| Row {
            label: label(&t.name),
            values: vec![(t.budget.goals > 0).then_some(t.budget.total)],
            colour: None,
        })
        .collect();
    let words: Vec<String> = report
        .themes
        .iter()
        .map(|t| match t.budget.goals {
            0 => format!("{} no budget", label(&t.name)),
            _ => format!("{} {}", label(&t.name), money(t.budget.total)),
        })
        .collect();
    let max = report
        .themes
        .iter()
        .map(|t| t.budget.total)
        .fold(0.0_f64, f64::max);
    Bars {
        title: format!(
            "Budget by theme, in {currency}, each goal's own budget counted once: {}.",
            words.join(", ")
        ),
        rows,
        series: &[("budget", CITY)],
        max: money_axis(max),
        ticks: 5,
        format: money,
    }
    .draw()
}

/// The sides of a ledger, as the charts name them, with their colours.
fn sides(ledger: &Ledger) -> [(&'static str, plotters::style::RGBColor, &[LedgerEntry]); 3] {
    [
        ("the city gives", CITY, &ledger.city),
        ("the commons give", COMMONS, &ledger.commons),
        ("others give", OTHER, &ledger.other),
    ]
}

/// Money in the plan's currency, by who gives it: one-off amounts and
/// recurring amounts as a yearly rate, by value. Money in another unit is
/// left to the table, and the chart's name says so.
fn ledger_money(ledger: &Ledger, currency: &str) -> ChartResult<String> {
    let in_currency = |e: &&LedgerEntry| e.kind == ContributionKind::Money && e.unit == currency;
    let sum = |entries: &[LedgerEntry], f: fn(&LedgerEntry) -> f64| -> f64 {
        entries.iter().filter(in_currency).map(f).sum()
    };
    let shown: Vec<_> = sides(ledger)
        .into_iter()
        .filter(|(.., entries)| entries.iter().any(|e| in_currency(&e)))
        .collect();
    if shown.is_empty() {
        return Ok(String::new());
    }
    let rows: Vec<Row> = shown
        .iter()
        .map(|(name, _, entries)| Row {
            label: (*name).to_owned(),
            values: vec![
                Some(sum(entries, |e| e.once)),
                Some(sum(entries, |e| e.per_year)),
            ],
            colour: None,
        })
        .collect();
    let words: Vec<String> = shown
        .iter()
        .map(|(name, _, entries)| {
            format!(
                "{name} {} once and {} a year",
                money(sum(entries, |e| e.once)),
                money(sum(entries, |e| e.per_year))
            )
        })
        .collect();
    let elsewhere = sides(ledger).iter().any(|(.., entries)| {
        entries
            .iter()
            .any(|e| e.kind == ContributionKind::Money && e.unit != currency)
    });
    let max = rows
        .iter()
        .flat_map(|r| r.values.iter().flatten())
        .fold(0.0_f64, |a, &b| a.max(b));
    let currency = label(currency);
    Bars {
        title: format!(
            "Money by who gives it, by value in {currency}: {}.{}",
            words.join("; "),
            if elsewhere {
                " Money in other currencies is in the ledger table."
            } else {
                ""
            }
        ),
        rows,
        series: &[("once", INK), ("per year", PROGRESS)],
        max: money_axis(max),
        ticks: 5,
        format: money,
    }
    .draw()
}

/// The kinds other than money, counted by who gives them.
fn ledger_counts(ledger: &Ledger) -> ChartResult<String> {
    let sides = sides(ledger);
    let kinds: Vec<ContributionKind> = ContributionKind::ALL
        .iter()
        .copied()
        .filter(|k| *k != ContributionKind::Money)
        .filter(|k| sides.iter().any(|(.., e)| e.iter().any(|e| e.kind == *k)))
        .collect();
    if kinds.is_empty() {
        return Ok(String::new());
    }
    // The sides that give anything; the city and the commons always, to
    // compare.
    let shown: Vec<_> = sides
        .iter()
        .enumerate()
        .filter(|(i, (.., entries))| *i < 2 || !entries.is_empty())
        .map(|(_, side)| side)
        .collect();
    let of = |kind: ContributionKind, entries: &[LedgerEntry]| -> usize {
        entries
            .iter()
            .filter(|e| e.kind == kind)
            .map(|e| e.count)
            .sum()
    };
    let rows: Vec<Row> = kinds
        .iter()
        .map(|&kind| Row {
            label: kind.as_str().replace('-', " "),
            values: shown
                .iter()
                .map(|(.., entries)| Some(of(kind, entries) as f64))
                .collect(),
            colour: None,
        })
        .collect();
    let words: Vec<String> = kinds
        .iter()
        .map(|&kind| {
            let counts: Vec<String> = shown
                .iter()
                .map(|(name, _, entries)| format!("{name} {}", of(kind, entries)))
                .collect();
            format!("{}: {}", kind.as_str().replace('-', " "), counts.join(", "))
        })
        .collect();
    let max = rows
        .iter()
        .flat_map(|r| r.values.iter().flatten())
        .fold(0.0_f64, |a, &b| a.max(b));
    let (max, ticks) = count_axis(max as usize);
    let series: Vec<(&str, plotters::style::RGBColor)> =
        shown.iter().map(|(name, c, _)| (*name, *c)).collect();
    Bars {
        title: format!(
            "Contributions other than money, counted (not summed: their units differ) by kind and by who gives them. {}.",
            words.join("; ")
        ),
        rows,
        series: &series,
        max,
        ticks,
        format: count,
    }
    .draw()
}
