//! An indicator's history as a small line chart: the measurements as a
//! line with a round marker at each, the baseline and the target as thin
//! lines across the chart, each written out at its end ("baseline 12",
//! "target 60"), so no line is told from another by its colour alone. The
//! baseline's year and the target's year, when known, get a marker of their
//! own (a cross, a triangle) on their line. The chart's `<title>` and
//! `aria-label` state every figure in words; the indicator table beside it
//! holds them too.
//!
//! Time runs left to right in years (a date is its year plus the fraction
//! of the year gone), so the axis ticks fall on whole years.
//!
//! The chart is the SVG plotters' backend writes for the summary charts,
//! element for element and attribute for attribute, written here straight
//! to text: a large plan has tens of thousands of these charts, and plotters
//! formats every colour, opacity and coordinate as a text of its own, which
//! took longer than all the rest of the report.

use super::bars::{FONT, escape};
use crate::export::report::Indicator;
use crate::model::Date;
use crate::text::number;

/// Width and height of a history chart, in pixels.
const SIZE: (u32, u32) = (330, 124);

/// A date as a year with its fraction: 2019-07-01 is about 2019.5.
fn when(date: Date) -> f64 {
    let before = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334];
    let day = before[usize::from(date.month.clamp(1, 12)) - 1] + u32::from(date.day) - 1;
    f64::from(date.year) + f64::from(day) / 365.0
}

/// A tick on the year axis: whole years only.
fn year(v: f64) -> String {
    if v.fract() == 0.0 {
        format!("{v:.0}")
    } else {
        String::new()
    }
}

/// The plot's area in pixels: left, right, top, bottom.
const PLOT: (i32, i32, i32, i32) = (10, 226, 12, 100);

/// The history chart of `indicator` as an inline SVG, or empty when it has
/// no measurement to draw.
///
/// A chart per indicator makes thousands of charts in a large plan, so
/// each is drawn with few elements: no grid and no value axis (the values
/// that matter are written beside what they mark), a time axis with its
/// first and last year.
pub(super) fn history(indicator: &Indicator) -> String {
    let measured = &indicator.measurements;
    if measured.is_empty() {
        return String::new();
    }
    let points: Vec<(f64, f64)> = measured.iter().map(|m| (when(m.date), m.value)).collect();
    let baseline = indicator.baseline;
    let target = indicator.target;
    let baseline_at = indicator.baseline_year.map(|y| y as f64);
    let target_at = indicator.target_year.map(|y| y as f64 + 1.0);

    // The ranges: every point and line, with a little room around.
    let xs = points
        .iter()
        .map(|p| p.0)
        .chain(baseline_at)
        .chain(target_at);
    let (x0, x1) = xs.fold((f64::MAX, f64::MIN), |(a, b), x| (a.min(x), b.max(x)));
    let (x0, x1) = (x0.floor(), x1.ceil().max(x0.floor() + 1.0));
    let ys = points.iter().map(|p| p.1).chain(baseline).chain(target);
    let (lo, hi) = ys.fold((f64::MAX, f64::MIN), |(a, b), y| (a.min(y), b.max(y)));
    let pad = if hi > lo { (hi - lo) * 0.06 } else { 1.0 };
    let (y0, y1) = (lo - pad, hi + pad);
    let (left, right, top, bottom) = PLOT;
    let at = |(x, y): (f64, f64)| -> (i32, i32) {
        let px = f64::from(left) + (x - x0) / (x1 - x0) * f64::from(right - left);
        let py = f64::from(bottom) - (y - y0) / (y1 - y0) * f64::from(bottom - top);
        (px.round() as i32, py.round() as i32)
    };

    let mut svg = Svg::new(SIZE, &describe(indicator));
    // The time axis, its first and last year below its ends.
    let axis = bottom + 6;
    svg.polyline(&[(left, axis), (right, axis)], INK, "0.5", 1);
    for (x, anchor) in [(x0, Anchor::Start), (x1, Anchor::End)] {
        let (px, _) = at((x, y0));
        svg.text(px, axis + 8, anchor, INK, &year(x));
    }
    // Baseline and target: a thin line across, its name and value at its
    // right end (kept apart when the lines are close), a marker at its year.
    let mut ends: Vec<(i32, String, Colour)> = Vec::new();
    if let Some(b) = baseline {
        let (_, py) = at((x0, b));
        svg.polyline(&[(left, py), (right, py)], OTHER, "1", 1);
        if let Some(year) = baseline_at {
            svg.cross(at((year, b)), 4, OTHER);
        }
        ends.push((py, format!("baseline {}", number(b)), OTHER));
    }
    if let Some(t) = target {
        let (_, py) = at((x0, t));
        svg.polyline(&[(left, py), (right, py)], CITY, "1", 1);
        if let Some(year) = target_at {
            svg.triangle(at((year, t)), 5, CITY);
        }
        ends.push((py, format!("target {}", number(t)), CITY));
    }
    ends.sort_by_key(|e| e.0);
    let mut last: Option<i32> = None;
    for (py, text, colour) in ends {
        let py = last.map_or(py, |l| py.max(l + 12));
        last = Some(py);
        svg.text(right + 8, py, Anchor::Start, colour, &text);
    }
    // The measurements: a line through them, a marker on each, the first
    // and the latest value written above them.
    let pixels: Vec<(i32, i32)> = points.iter().map(|&p| at(p)).collect();
    svg.polyline(&pixels, PROGRESS, "1", 2);
    for &p in &pixels {
        svg.dot(p, 3, PROGRESS);
    }
    let mut written = vec![(pixels.len() - 1, Anchor::End)];
    if pixels.len() > 1 {
        written.push((0, Anchor::Start));
    }
    for (i, anchor) in written {
        let (px, py) = pixels[i];
        let anchor = match anchor {
            Anchor::End if px < left + 40 => Anchor::Start,
            _ => anchor,
        };
        let dx = if anchor == Anchor::End { 4 } else { -4 };
        svg.text(px + dx, py - 9, anchor, INK, &number(points[i].1));
    }
    svg.end()
}

/// A colour as SVG writes it.
type Colour = &'static str;

/// The summary charts' colours (`bars`), as plotters writes them.
const INK: Colour = "#2D3748";
const CITY: Colour = "#2B6CB0";
const OTHER: Colour = "#8A94A6";
const PROGRESS: Colour = "#2F855A";

/// Where a text stands against its point.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Anchor {
    /// The text starts at its point.
    Start,
    /// The text ends at its point.
    End,
}

/// An SVG being written: the elements plotters' SVG backend writes for the
/// summary charts, with the same attributes, and the accessible name
/// `bars::labelled` gives them, written straight to text.
struct Svg {
    text: String,
}

impl Svg {
    /// An SVG of `size` pixels named `title`.
    fn new((width, height): (u32, u32), title: &str) -> Svg {
        let title = escape(title);
        let mut svg = Svg {
            text: String::with_capacity(2048 + 2 * title.len()),
        };
        svg.push("<svg class=\"chart\" role=\"img\" aria-label=\"");
        svg.push(&title);
        svg.push("\" width=\"");
        svg.number(width);
        svg.push("\" height=\"");
        svg.number(height);
        svg.push("\" viewBox=\"0 0 ");
        svg.number(width);
        svg.push(" ");
        svg.number(height);
        svg.push("\" xmlns=\"http://www.w3.org/2000/svg\">\n<title>");
        svg.push(&title);
        svg.push("</title>\n");
        svg
    }

    fn push(&mut self, text: &str) {
        self.text.push_str(text);
    }

    fn number(&mut self, n: impl itoa::Integer) {
        self.text.push_str(itoa::Buffer::new().format(n));
    }

    /// `x,y ` for each point.
    fn points(&mut self, points: &[(i32, i32)]) {
        for &(x, y) in points {
            self.number(x);
            self.push(",");
            self.number(y);
            self.push(" ");
        }
    }

    /// A line through `points`, `width` wide.
    fn polyline(&mut self, points: &[(i32, i32)], colour: Colour, opacity: &str, width: u32) {
        self.push("<polyline fill=\"none\" opacity=\"");
        self.push(opacity);
        self.push("\" stroke=\"");
        self.push(colour);
        self.push("\" stroke-width=\"");
        self.number(width);
        self.push("\" points=\"");
        self.points(points);
        self.push("\"/>\n");
    }

    /// A cross of two strokes 2 wide, `size` from its centre each way.
    fn cross(&mut self, (x, y): (i32, i32), size: i32, colour: Colour) {
        let (x0, y0, x1, y1) = (x - size, y - size, x + size, y + size);
        for [from_x, from_y, to_x, to_y] in [[x0, y0, x1, y1], [x0, y1, x1, y0]] {
            self.push("<line opacity=\"1\" stroke=\"");
            self.push(colour);
            self.push("\" stroke-width=\"2\" x1=\"");
            self.number(from_x);
            self.push("\" y1=\"");
            self.number(from_y);
            self.push("\" x2=\"");
            self.number(to_x);
            self.push("\" y2=\"");
            self.number(to_y);
            self.push("\"/>\n");
        }
    }

    /// A filled triangle pointing up, its corners `size` from its centre.
    fn triangle(&mut self, (x, y): (i32, i32), size: i32, colour: Colour) {
        let corners = [-90.0_f64, -210.0, -330.0].map(|degrees| {
            let radians = degrees.to_radians();
            (
                (radians.cos() * f64::from(size) + f64::from(x)).ceil() as i32,
                (radians.sin() * f64::from(size) + f64::from(y)).ceil() as i32,
            )
        });
        self.push("<polygon opacity=\"1\" fill=\"");
        self.push(colour);
        self.push("\" points=\"");
        self.points(&corners);
        self.push("\"/>\n");
    }

    /// A filled circle.
    fn dot(&mut self, (x, y): (i32, i32), radius: u32, colour: Colour) {
        self.push("<circle cx=\"");
        self.number(x);
        self.push("\" cy=\"");
        self.number(y);
        self.push("\" r=\"");
        self.number(radius);
        self.push("\" opacity=\"1\" fill=\"");
        self.push(colour);
        self.push("\" stroke=\"none\" stroke-width=\"1\"/>\n");
    }

    /// Small text at its point, centred on it up and down.
    fn text(&mut self, x: i32, y: i32, anchor: Anchor, colour: Colour, text: &str) {
        self.push("<text x=\"");
        self.number(x);
        self.push("\" y=\"");
        self.number(y);
        self.push("\" dy=\"0.5ex\" text-anchor=\"");
        self.push(match anchor {
            Anchor::Start => "start",
            Anchor::End => "end",
        });
        self.push("\" font-family=\"");
        self.push(FONT);
        self.push("\" font-size=\"10\" opacity=\"1\" fill=\"");
        self.push(colour);
        self.push("\">\n");
        self.push(&escape(text));
        self.push("\n</text>\n");
    }

    fn end(mut self) -> String {
        self.push("</svg>\n");
        self.text
    }
}

/// A text from the plan for the chart's name: whole, without control
/// characters (the report has made them visible escapes already).
fn whole(text: &str) -> std::borrow::Cow<'_, str> {
    if text.chars().any(char::is_control) {
        text.chars().filter(|c| !c.is_control()).collect()
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

/// The chart's figures in words, for its `<title>` and `aria-label`.
fn describe(indicator: &Indicator) -> String {
    use std::fmt::Write;
    let mut text = String::with_capacity(96 + indicator.name.len());
    text.push_str(&whole(&indicator.name));
    if let Some(unit) = &indicator.unit {
        let _ = write!(text, " ({})", whole(unit));
    }
    text.push_str(": measured ");
    for (n, m) in indicator.measurements.iter().enumerate() {
        if n > 0 {
            text.push_str(", ");
        }
        let _ = write!(text, "{} on {}", number(m.value), m.date);
    }
    for (name, value, year) in [
        ("baseline", indicator.baseline, indicator.baseline_year),
        ("target", indicator.target, indicator.target_year),
    ] {
        if let Some(value) = value {
            let _ = write!(text, "; {name} {}", number(value));
            if let Some(year) = year {
                let _ = write!(text, " ({year})");
            }
        }
    }
    text.push('.');
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Measurement;

    fn indicator(measurements: &[(u16, f64)]) -> Indicator {
        Indicator {
            name: "Food teams".to_owned(),
            unit: Some("teams".to_owned()),
            baseline: Some(12.0),
            baseline_year: Some(2017),
            current: None,
            current_date: None,
            target: Some(60.0),
            target_year: Some(2020),
            source: None,
            progress: None,
            measurements: measurements
                .iter()
                .map(|&(y, value)| Measurement {
                    date: Date::new(y, 6, 30).expect("a date"),
                    value,
                })
                .collect(),
        }
    }

    #[test]
    fn a_history_names_every_figure_and_draws_each_line() {
        let svg = history(&indicator(&[(2018, 24.0), (2019, 41.0)]));
        assert!(
            svg.starts_with("<svg class=\"chart\" role=\"img\""),
            "{svg}"
        );
        assert!(
            svg.contains(
                "aria-label=\"Food teams (teams): measured 24 on 2018-06-30, 41 on 2019-06-30; baseline 12 (2017); target 60 (2020).\""
            ),
            "{svg}"
        );
        assert!(svg.contains("\nbaseline 12\n</text>"), "{svg}");
        assert!(svg.contains("\ntarget 60\n</text>"), "{svg}");
        assert!(
            svg.contains("\n41\n</text>"),
            "the latest value is written: {svg}"
        );
        assert_eq!(
            svg.matches("<circle").count(),
            2,
            "a marker per measurement"
        );
    }

    #[test]
    fn the_colours_are_the_summary_charts() {
        use plotters::style::{Color, RGBColor};
        let hex = |c: RGBColor| {
            let (r, g, b) = c.rgb();
            format!("#{r:02X}{g:02X}{b:02X}")
        };
        assert_eq!(INK, hex(super::super::bars::INK));
        assert_eq!(CITY, hex(super::super::bars::CITY));
        assert_eq!(OTHER, hex(super::super::bars::OTHER));
        assert_eq!(PROGRESS, hex(super::super::bars::PROGRESS));
    }

    #[test]
    fn no_measurements_no_chart() {
        assert_eq!(history(&indicator(&[])), "");
    }

    #[test]
    fn dates_run_in_years() {
        assert_eq!(when(Date::new(2019, 1, 1).expect("a date")), 2019.0);
        let mid = when(Date::new(2019, 7, 2).expect("a date"));
        assert!((mid - 2019.5).abs() < 0.01, "{mid}");
    }
}
