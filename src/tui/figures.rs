//! Figures as text: a gauge (`██████░░░░ 60%`), a sparkline, and a line of
//! the contribution ledger. The list rows, the overview and the details pane
//! all draw figures with these.

use crate::model::Keyword;
use crate::progress::{LedgerLine, percent};
use crate::text::{Shown, number};

/// A text gauge: `██████░░░░ 60%`. The percentage is rounded by the one rule
/// the reports follow ([`percent`]); a fraction that is not a finite number
/// shows as 0%.
pub fn bar(fraction: f64, width: usize) -> String {
    let fraction = if fraction.is_finite() {
        fraction.clamp(0.0, 1.0)
    } else {
        0.0
    };
    let filled = (fraction * width as f64).round() as usize;
    format!(
        "{}{} {:>3}%",
        "█".repeat(filled),
        "░".repeat(width - filled),
        percent(fraction).unwrap_or(0)
    )
}

/// A sparkline of `values` in block characters, one per value.
pub fn sparkline(values: &[f64]) -> String {
    const BLOCKS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
    let finite: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
    let (min, max) = finite
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
            (lo.min(*v), hi.max(*v))
        });
    finite
        .iter()
        .map(|v| {
            let level = if max > min {
                (v - min) / (max - min)
            } else {
                1.0
            };
            BLOCKS[((level * 7.0).round() as usize).min(7)]
        })
        .collect()
}

/// Ledger lines: what the city gives and what the commons give, by kind.
pub fn ledger_line_text(line: &LedgerLine) -> (String, String) {
    let side = match line.role {
        Some(crate::model::Role::Public) => "city gives",
        Some(role) if role.is_commons_side() => "commons give",
        Some(_) => "others give",
        None => "unknown gives",
    };
    let unit = if line.unit.is_empty() {
        String::new()
    } else {
        format!(" {}", Shown::line(&line.unit))
    };
    let mut amounts = Vec::new();
    if line.once != 0.0 {
        amounts.push(format!("{}{unit} once", number(line.once)));
    }
    if line.per_year != 0.0 {
        amounts.push(format!("{}{unit} a year", number(line.per_year)));
    }
    if amounts.is_empty() {
        amounts.push(format!("{} without an amount", line.count));
    }
    (
        format!("{:<14} {side}", line.kind.as_str()),
        amounts.join(" + "),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_and_sparklines() {
        assert_eq!(bar(0.5, 4), "██░░  50%");
        assert_eq!(bar(f64::NAN, 2), "░░   0%");
        assert_eq!(bar(f64::INFINITY, 2), "░░   0%");
        assert_eq!(bar(1.0, 2), "██ 100%");
        // The reports' rounding: halves away from zero on the decimal value.
        assert_eq!(bar(0.205, 4), "█░░░  21%");
        assert_eq!(bar(0.125, 4), "█░░░  13%");
        assert_eq!(bar(0.875, 4), "████  88%");
        assert_eq!(sparkline(&[1.0, 2.0, 3.0]), "▁▅█");
        assert_eq!(sparkline(&[5.0]), "█");
        assert_eq!(number(1200.0), "1,200");
        assert_eq!(number(-1234567.5), "-1,234,567.5");
        assert_eq!(number(120.0), "120");
        assert_eq!(number(0.126), "0.13");
    }
}
