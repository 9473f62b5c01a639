//! The HTML report: one self-contained file to read on screen, print on A4
//! or send to a council, with three charts drawn inline as SVG.
//!
//! The report is a minijinja template compiled into the binary
//! ([`TEMPLATE`]); a user's own template renders over the same context. That
//! context is the [`Report`]'s fields at the top level, plus:
//! - `charts`: `goals_by_status`, `theme_progress` and `ledger`, each an
//!   inline `<svg>` marked safe, or an empty string when there is nothing to
//!   draw (no goals, no themes, no contributions);
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
//! The built-in template follows the Markdown report section for section.
//! On paper (A4) each theme and the partnerships start a new page, rows,
//! figures and goal headings are kept whole where they fit, and links print
//! their address after their text.
//!
//! The charts are drawn with plotters' SVG backend. Without a font feature
//! plotters cannot measure text, but its SVG backend writes text as `<text>`
//! elements for the browser to lay out, escaping `<`, `>`, `&` and quotes,
//! and guesses widths from the number of characters. So the charts carry
//! their own labels: category names on the left, a value at the end of each
//! bar (left out for zeros where several series share a row: the missing
//! bar says it), the value axis below. Labels from the plan (theme names)
//! are cut to a fixed length and cleaned of control characters. Each chart is a
//! horizontal bar chart, so long labels read left to right; each has a
//! `<title>` and an `aria-label` that state its figures in words, and the
//! tables beside it hold the same figures for reading and copying. The
//! ledger chart counts contributions by kind and side rather than adding up
//! amounts, since its kinds come in different units (euros, square metres,
//! hours); the amounts are in the ledger table, unit by unit.

use std::collections::{BTreeMap, HashMap};

use minijinja::Value;
use minijinja::value::Serde;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::ExportError;
use super::report::{Ledger, Report};
use super::template::{self, Markup};
use crate::model::{ContributionKind, GoalStatus, Keyword};
use crate::progress::Percent;

/// The built-in template.
pub const TEMPLATE: &str = include_str!("templates/report.html");

/// The report as one HTML file, from the built-in template or from
/// `template`, a user's own given as its name (for messages) and its source.
pub fn render(report: &Report, template: Option<(&str, &str)>) -> Result<String, ExportError> {
    let (name, source) = template.unwrap_or(("report.html", TEMPLATE));
    let context = minijinja::context! {
        handout => false,
        charts => charts(report)?,
        anchors => anchors(report),
        ..Value::from(Serde(report))
    };
    template::render(Markup::Html, name, source, context)
}

/// The record of the one workshop `report` holds, as one HTML file: the
/// template rendered with `handout` true, without charts and without
/// anchors (the goals and partnerships it names are not in the file).
pub fn record(report: &Report, template: Option<(&str, &str)>) -> Result<String, ExportError> {
    let (name, source) = template.unwrap_or(("report.html", TEMPLATE));
    let empty = || Value::from_safe_string(String::new());
    let context = minijinja::context! {
        handout => true,
        charts => minijinja::context! {
            goals_by_status => empty(),
            theme_progress => empty(),
            ledger => empty(),
        },
        anchors => minijinja::context! {},
        ..Value::from(Serde(report))
    };
    template::render(Markup::Html, name, source, context)
}

/// The three charts, each an inline SVG marked safe, or empty.
fn charts(report: &Report) -> Result<Value, ExportError> {
    let safe = |svg: String| Value::from_safe_string(svg);
    Ok(minijinja::context! {
        goals_by_status => safe(goals_by_status(report)?),
        theme_progress => safe(theme_progress(report)?),
        ledger => safe(ledger(&report.summary.ledger)?),
    })
}

/// For goals, partnerships and actors: plan id → `id` attribute.
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
    minijinja::context! {
        goals => map("goal", report.goals().map(|g| g.id.as_str())),
        partnerships => map("partnership", report.partnerships.iter().map(|p| p.id.as_str())),
        actors => map("actor", report.actors.iter().map(|a| a.id.as_str())),
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

// ------------------------------------------------------------------ charts

/// Colours, shared with the template's stylesheet.
const INK: RGBColor = RGBColor(0x2d, 0x37, 0x48);
const CITY: RGBColor = RGBColor(0x2b, 0x6c, 0xb0);
const COMMONS: RGBColor = RGBColor(0x2f, 0x85, 0x5a);
const OTHER: RGBColor = RGBColor(0x8a, 0x94, 0xa6);
const PROGRESS: RGBColor = RGBColor(0x2f, 0x85, 0x5a);

fn status_colour(status: GoalStatus) -> RGBColor {
    match status {
        GoalStatus::Idea => RGBColor(0x80, 0x5a, 0xd5),
        GoalStatus::Proposed => RGBColor(0x8a, 0x94, 0xa6),
        GoalStatus::Adopted => RGBColor(0x2b, 0x6c, 0xb0),
        GoalStatus::InProgress => RGBColor(0xc0, 0x56, 0x21),
        GoalStatus::Achieved => RGBColor(0x2f, 0x85, 0x5a),
        GoalStatus::Dropped => RGBColor(0xc5, 0x30, 0x30),
    }
}

const FONT: &str = "sans-serif";
/// plotters writes `font-size` as this over 1.24: about 13 px.
const FONT_SIZE: f64 = 16.0;
/// Width of every chart, in pixels.
const WIDTH: u32 = 480;
/// The longest category label, in characters.
const LABEL_CHARS: usize = 26;

/// A category of a bar chart: its label and one value per series (`None`
/// draws no bar and writes "–").
struct Row {
    label: String,
    values: Vec<Option<f64>>,
    /// The colour of a single-series row; `None` uses the series' colour.
    colour: Option<RGBColor>,
}

/// A horizontal bar chart: rows top to bottom, one bar per series in each.
struct Bars<'a> {
    /// What the chart shows, for its `<title>` and `aria-label`.
    title: String,
    rows: Vec<Row>,
    /// Each series' name and colour; a legend is drawn when there are two
    /// or more.
    series: &'a [(&'a str, RGBColor)],
    /// The end of the value axis.
    max: f64,
    /// How many ticks the value axis has at most.
    ticks: usize,
    /// A value as written at a tick and at the end of a bar.
    format: fn(f64) -> String,
}

type ChartResult<T> = Result<T, ExportError>;

fn chart_error(e: impl std::fmt::Display) -> ExportError {
    ExportError::Template(format!("drawing a chart: {e}"))
}

impl Bars<'_> {
    fn draw(&self) -> ChartResult<String> {
        let series = self.series.len().max(1);
        let bar = if series == 1 { 18 } else { 15 };
        let band = bar * series as u32 + 10;
        let legend = if series > 1 { 26 } else { 0 };
        let axis = 28;
        let rows = self.rows.len() as u32;
        let height = legend + band * rows + axis + 8;
        let longest = self
            .rows
            .iter()
            .map(|r| r.label.chars().count())
            .max()
            .unwrap_or(0);
        // About 7 px a character at 13 px, plus room for the tick marks.
        let labels = (longest as u32 * 7 + 16).clamp(48, 220);

        let mut svg = String::new();
        {
            let root = SVGBackend::with_string(&mut svg, (WIDTH, height)).into_drawing_area();
            let text = |h: HPos, v: VPos| {
                TextStyle::from((FONT, FONT_SIZE).into_font())
                    .color(&INK)
                    .pos(Pos::new(h, v))
            };
            let mut chart = ChartBuilder::on(&root)
                .margin_top(legend + 4)
                .margin_right(48)
                .margin_left(8)
                .x_label_area_size(axis)
                .y_label_area_size(labels)
                .build_cartesian_2d(0.0..self.max, 0.0..f64::from(rows))
                .map_err(chart_error)?;
            let format = self.format;
            chart
                .configure_mesh()
                .disable_y_mesh()
                .y_labels(0)
                .x_labels(self.ticks)
                .x_label_formatter(&|v| format(*v))
                .max_light_lines(0)
                .bold_line_style(INK.mix(0.12))
                .axis_style(INK.mix(0.6))
                .label_style((FONT, FONT_SIZE).into_font().color(&INK))
                .draw()
                .map_err(chart_error)?;

            let top = |i: usize| f64::from(rows) - i as f64;
            let pad = 5.0 / f64::from(band);
            let step = f64::from(bar) / f64::from(band);
            for (i, row) in self.rows.iter().enumerate() {
                // The label, right-aligned left of the axis, at the band's middle.
                let (x, y) = chart.backend_coord(&(0.0, top(i) - 0.5));
                root.draw(&Text::new(
                    row.label.clone(),
                    (x - 8, y),
                    text(HPos::Right, VPos::Center),
                ))
                .map_err(chart_error)?;
                for (s, value) in row.values.iter().enumerate() {
                    let y1 = top(i) - pad - step * s as f64;
                    let y0 = y1 - step;
                    let colour = row
                        .colour
                        .or(self.series.get(s).map(|(_, c)| *c))
                        .unwrap_or(INK);
                    let end = value.map_or(0.0, |v| v.clamp(0.0, self.max));
                    if end > 0.0 {
                        chart
                            .draw_series(std::iter::once(Rectangle::new(
                                [(0.0, y0), (end, y1)],
                                colour.filled(),
                            )))
                            .map_err(chart_error)?;
                    }
                    // With several series, a zero is the missing bar: writing it
                    // would crowd the bars beside it.
                    if series > 1 && value.is_some_and(|v| v == 0.0) {
                        continue;
                    }
                    let written = value.map_or_else(|| "–".to_owned(), format);
                    chart
                        .draw_series(std::iter::once(
                            EmptyElement::at((end, (y0 + y1) / 2.0))
                                + Text::new(written, (4, 0), text(HPos::Left, VPos::Center)),
                        ))
                        .map_err(chart_error)?;
                }
            }
            if series > 1 {
                let mut x = 8;
                for (name, colour) in self.series {
                    root.draw(&Rectangle::new([(x, 6), (x + 12, 18)], colour.filled()))
                        .map_err(chart_error)?;
                    root.draw(&Text::new(
                        *name,
                        (x + 18, 12),
                        text(HPos::Left, VPos::Center),
                    ))
                    .map_err(chart_error)?;
                    // About 7 px a character, then a gap.
                    x += 18 + name.chars().count() as i32 * 7 + 20;
                }
            }
            root.present().map_err(chart_error)?;
        }
        Ok(labelled(&svg, &self.title))
    }
}

/// An SVG with an accessible name: `role="img"`, an `aria-label` and a
/// `<title>`, both `title` escaped.
fn labelled(svg: &str, title: &str) -> String {
    let title = escape(title);
    let Some(rest) = svg.strip_prefix("<svg ") else {
        return svg.to_owned();
    };
    let Some(end) = rest.find(">\n") else {
        return svg.to_owned();
    };
    let (attributes, body) = rest.split_at(end);
    format!(
        "<svg class=\"chart\" role=\"img\" aria-label=\"{title}\" {attributes}>\n<title>{title}</title>{}",
        &body[1..]
    )
}

/// Text for an SVG or HTML text node or attribute: minijinja's HTML
/// escaping, with control characters (which XML forbids) left out.
fn escape(text: &str) -> String {
    let text: String = text.chars().filter(|c| !c.is_control()).collect();
    minijinja::HtmlEscape(&text).to_string()
}

/// A label from the plan: control characters dropped (the report has made
/// them visible escapes already), cut to [`LABEL_CHARS`].
fn label(text: &str) -> String {
    let clean: String = text.chars().filter(|c| !c.is_control()).collect();
    if clean.chars().count() <= LABEL_CHARS {
        return clean;
    }
    let mut cut: String = clean.chars().take(LABEL_CHARS - 1).collect();
    cut.truncate(cut.trim_end().len());
    cut.push('…');
    cut
}

fn count(v: f64) -> String {
    if v.fract() == 0.0 {
        format!("{v:.0}")
    } else {
        String::new()
    }
}

/// A percentage (0 to 100, as the chart's axis counts) as the template's
/// `percent` filter writes it, by the one rounding rule.
fn percent(v: f64) -> String {
    Percent::of(v / 100.0).map_or_else(String::new, |p| p.to_string())
}

/// The end of a count axis, and how many ticks: whole numbers only.
fn count_axis(max: usize) -> (f64, usize) {
    let max = max.max(1);
    (max as f64, (max + 1).min(11))
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

fn ledger(ledger: &Ledger) -> ChartResult<String> {
    let sides = [
        ("the city gives", CITY, &ledger.city),
        ("the commons give", COMMONS, &ledger.commons),
        ("others give", OTHER, &ledger.other),
    ];
    // The sides that give anything; the city and the commons always, to
    // compare, when either does.
    let shown: Vec<_> = sides
        .iter()
        .enumerate()
        .filter(|(i, (.., entries))| *i < 2 || !entries.is_empty())
        .map(|(_, side)| side)
        .collect();
    let kinds: Vec<ContributionKind> = ContributionKind::ALL
        .iter()
        .copied()
        .filter(|k| sides.iter().any(|(.., e)| e.iter().any(|e| e.kind == *k)))
        .collect();
    if kinds.is_empty() {
        return Ok(String::new());
    }
    let of = |kind: ContributionKind, entries: &[super::report::LedgerEntry]| -> usize {
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
    let series: Vec<(&str, RGBColor)> = shown.iter().map(|(name, c, _)| (*name, *c)).collect();
    Bars {
        title: format!(
            "Contributions by kind, counted by who gives them. {}.",
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

    #[test]
    fn labels_are_cut_and_cleaned() {
        assert_eq!(label("a\u{1b}b"), "ab");
        let long = "Knowledge, digital and sharing commons";
        let cut = label(long);
        assert_eq!(cut.chars().count(), LABEL_CHARS);
        assert!(cut.ends_with('…'));
    }

    #[test]
    fn charts_are_named_and_escaped() {
        let svg = labelled(
            "<svg width=\"1\" height=\"1\">\n<rect/>\n</svg>\n",
            "A \"b\" <c>",
        );
        assert!(svg.starts_with(
            "<svg class=\"chart\" role=\"img\" aria-label=\"A &quot;b&quot; &lt;c&gt;\" width=\"1\" height=\"1\">\n<title>A &quot;b&quot; &lt;c&gt;</title>\n<rect/>"
        ), "{svg}");
    }
}
