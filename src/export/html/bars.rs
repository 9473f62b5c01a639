//! The horizontal bar chart every summary chart of the HTML report is, drawn
//! with plotters' SVG backend, and the helpers all its charts share: the
//! colours (the stylesheet's), the accessible name, labels cut to length.
//!
//! Without a font feature plotters cannot measure text, but its SVG backend
//! writes text as `<text>` elements for the browser to lay out, escaping
//! `<`, `>`, `&` and quotes, and guesses widths from the number of
//! characters. So the charts carry their own labels: category names on the
//! left, a value at the end of each bar (left out for zeros where several
//! series share a row: the missing bar says it), the value axis below.
//! Labels from the plan (theme names) are cut to a fixed length and cleaned
//! of control characters. Long labels read left to right; each chart has a
//! `<title>` and an `aria-label` that state its figures in words.

use std::borrow::Cow;

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::super::ExportError;
use crate::model::GoalStatus;
use crate::progress::Percent;

/// Colours, shared with the template's stylesheet.
pub(super) const INK: RGBColor = RGBColor(0x2d, 0x37, 0x48);
pub(super) const CITY: RGBColor = RGBColor(0x2b, 0x6c, 0xb0);
pub(super) const COMMONS: RGBColor = RGBColor(0x2f, 0x85, 0x5a);
pub(super) const OTHER: RGBColor = RGBColor(0x8a, 0x94, 0xa6);
pub(super) const PROGRESS: RGBColor = RGBColor(0x2f, 0x85, 0x5a);

pub(super) fn status_colour(status: GoalStatus) -> RGBColor {
    match status {
        GoalStatus::Idea => RGBColor(0x80, 0x5a, 0xd5),
        GoalStatus::Proposed => RGBColor(0x8a, 0x94, 0xa6),
        GoalStatus::Adopted => RGBColor(0x2b, 0x6c, 0xb0),
        GoalStatus::InProgress => RGBColor(0xc0, 0x56, 0x21),
        GoalStatus::Achieved => RGBColor(0x2f, 0x85, 0x5a),
        GoalStatus::Dropped => RGBColor(0xc5, 0x30, 0x30),
    }
}

pub(super) const FONT: &str = "sans-serif";
/// plotters writes `font-size` as this over 1.24: about 13 px.
pub(super) const FONT_SIZE: f64 = 16.0;
/// Width of every chart, in pixels.
pub(super) const WIDTH: u32 = 480;
/// The longest category label, in characters.
pub(super) const LABEL_CHARS: usize = 26;

/// A category of a bar chart: its label and one value per series (`None`
/// draws no bar and writes "–").
pub(super) struct Row {
    pub(super) label: String,
    pub(super) values: Vec<Option<f64>>,
    /// The colour of a single-series row; `None` uses the series' colour.
    pub(super) colour: Option<RGBColor>,
}

/// A horizontal bar chart: rows top to bottom, one bar per series in each.
pub(super) struct Bars<'a> {
    /// What the chart shows, for its `<title>` and `aria-label`.
    pub(super) title: String,
    pub(super) rows: Vec<Row>,
    /// Each series' name and colour; a legend is drawn when there are two
    /// or more.
    pub(super) series: &'a [(&'a str, RGBColor)],
    /// The end of the value axis.
    pub(super) max: f64,
    /// How many ticks the value axis has at most.
    pub(super) ticks: usize,
    /// A value as written at a tick and at the end of a bar.
    pub(super) format: fn(f64) -> String,
}

pub(super) type ChartResult<T> = Result<T, ExportError>;

pub(super) fn chart_error(e: impl std::fmt::Display) -> ExportError {
    ExportError::Template(format!("drawing a chart: {e}"))
}

impl Bars<'_> {
    /// The chart as an inline SVG with an accessible name.
    pub(super) fn draw(&self) -> ChartResult<String> {
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
pub(super) fn labelled(svg: &str, title: &str) -> String {
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
/// escaping, with control characters (which XML forbids) left out. Plain
/// printable ASCII, as figures are, is given back as it is.
pub(super) fn escape(text: &str) -> Cow<'_, str> {
    let plain = text.bytes().all(|b| {
        matches!(b, b' '..=b'~') && !matches!(b, b'&' | b'<' | b'>' | b'"' | b'\'' | b'/')
    });
    if plain {
        return Cow::Borrowed(text);
    }
    let text: String = text.chars().filter(|c| !c.is_control()).collect();
    Cow::Owned(minijinja::HtmlEscape(&text).to_string())
}

/// A label from the plan: control characters dropped (the report has made
/// them visible escapes already), cut to [`LABEL_CHARS`].
pub(super) fn label(text: &str) -> String {
    let clean: String = text.chars().filter(|c| !c.is_control()).collect();
    if clean.chars().count() <= LABEL_CHARS {
        return clean;
    }
    let mut cut: String = clean.chars().take(LABEL_CHARS - 1).collect();
    cut.truncate(cut.trim_end().len());
    cut.push('…');
    cut
}

pub(super) fn count(v: f64) -> String {
    if v.fract() == 0.0 {
        format!("{v:.0}")
    } else {
        String::new()
    }
}

/// A percentage (0 to 100, as the chart's axis counts) as the template's
/// `percent` filter writes it, by the one rounding rule.
pub(super) fn percent(v: f64) -> String {
    Percent::of(v / 100.0).map_or_else(String::new, |p| p.to_string())
}

/// The end of a count axis, and how many ticks: whole numbers only.
pub(super) fn count_axis(max: usize) -> (f64, usize) {
    let max = max.max(1);
    (max as f64, (max + 1).min(11))
}

#[cfg(test)]
mod tests {
    use super::*;

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
