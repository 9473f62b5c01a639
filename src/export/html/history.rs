//! An indicator's history as a small line chart, drawn with plotters' SVG
//! backend like the summary charts: the measurements as a line with a
//! round marker at each, the baseline and the target as thin lines across
//! the chart, each written out at its end ("baseline 12", "target 60"), so
//! no line is told from another by its colour alone. The baseline's year
//! and the target's year, when known, get a marker of their own (a cross,
//! a triangle) on their line. The chart's `<title>` and `aria-label` state
//! every figure in words; the indicator table beside it holds them too.
//!
//! Time runs left to right in years (a date is its year plus the fraction
//! of the year gone), so the axis ticks fall on whole years.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::bars::{CITY, ChartResult, FONT, INK, OTHER, PROGRESS, chart_error, labelled};
use crate::export::report::Indicator;
use crate::model::Date;
use crate::text::number;

/// Width and height of a history chart, in pixels.
const SIZE: (u32, u32) = (330, 124);
/// plotters writes `font-size` as this over 1.24: 10 px, written short.
const SMALL: f64 = 12.4;

/// A date as a year with its fraction: 2019-07-01 is about 2019.5.
fn when(date: Date) -> f64 {
    let before = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334];
    let day = before[usize::from(date.month.clamp(1, 12)) - 1] + u32::from(date.day) - 1;
    f64::from(date.year) + f64::from(day) / 365.0
}

/// A tick on the year axis: whole years only.
fn year(v: &f64) -> String {
    if v.fract() == 0.0 {
        format!("{v:.0}")
    } else {
        String::new()
    }
}

/// Small text in `colour`, anchored at `h` and the middle.
fn small(colour: &'static RGBColor, h: HPos) -> TextStyle<'static> {
    TextStyle::from((FONT, SMALL).into_font())
        .color(colour)
        .pos(Pos::new(h, VPos::Center))
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
pub(super) fn history(indicator: &Indicator) -> ChartResult<String> {
    let measured = &indicator.measurements;
    if measured.is_empty() {
        return Ok(String::new());
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

    let mut svg = String::with_capacity(1600);
    {
        let root = SVGBackend::with_string(&mut svg, SIZE).into_drawing_area();
        // The time axis, its first and last year below its ends.
        let axis = bottom + 6;
        root.draw(&PathElement::new(
            vec![(left, axis), (right, axis)],
            INK.mix(0.5).stroke_width(1),
        ))
        .map_err(chart_error)?;
        for (x, h) in [(x0, HPos::Left), (x1, HPos::Right)] {
            let (px, _) = at((x, y0));
            root.draw(&Text::new(year(&x), (px, axis + 8), small(&INK, h)))
                .map_err(chart_error)?;
        }
        // Baseline and target: a thin line across, its name and value at
        // its right end (kept apart when the lines are close), a marker at
        // its year.
        let mut ends: Vec<(i32, String, &'static RGBColor)> = Vec::new();
        if let Some(b) = baseline {
            let (_, py) = at((x0, b));
            root.draw(&PathElement::new(
                vec![(left, py), (right, py)],
                OTHER.stroke_width(1),
            ))
            .map_err(chart_error)?;
            if let Some(year) = baseline_at {
                root.draw(&Cross::new(at((year, b)), 4, OTHER.stroke_width(2)))
                    .map_err(chart_error)?;
            }
            ends.push((py, format!("baseline {}", number(b)), &OTHER));
        }
        if let Some(t) = target {
            let (_, py) = at((x0, t));
            root.draw(&PathElement::new(
                vec![(left, py), (right, py)],
                CITY.stroke_width(1),
            ))
            .map_err(chart_error)?;
            if let Some(year) = target_at {
                root.draw(&TriangleMarker::new(at((year, t)), 5, CITY.filled()))
                    .map_err(chart_error)?;
            }
            ends.push((py, format!("target {}", number(t)), &CITY));
        }
        ends.sort_by_key(|e| e.0);
        let mut last: Option<i32> = None;
        for (py, text, colour) in ends {
            let py = last.map_or(py, |l| py.max(l + 12));
            last = Some(py);
            root.draw(&Text::new(text, (right + 8, py), small(colour, HPos::Left)))
                .map_err(chart_error)?;
        }
        // The measurements: a line through them, a marker on each, the
        // first and the latest value written above them.
        let pixels: Vec<(i32, i32)> = points.iter().map(|&p| at(p)).collect();
        root.draw(&PathElement::new(pixels.clone(), PROGRESS.stroke_width(2)))
            .map_err(chart_error)?;
        for &p in &pixels {
            root.draw(&Circle::new(p, 3, PROGRESS.filled()))
                .map_err(chart_error)?;
        }
        let mut written = vec![(pixels.len() - 1, HPos::Right)];
        if pixels.len() > 1 {
            written.push((0, HPos::Left));
        }
        for (i, h) in written {
            let (px, py) = pixels[i];
            let h = match h {
                HPos::Right if px < left + 40 => HPos::Left,
                _ => h,
            };
            let dx = if matches!(h, HPos::Right) { 4 } else { -4 };
            root.draw(&Text::new(
                number(points[i].1),
                (px + dx, py - 9),
                small(&INK, h),
            ))
            .map_err(chart_error)?;
        }
        root.present().map_err(chart_error)?;
    }
    Ok(labelled(&svg, &describe(indicator)))
}

/// A text from the plan for the chart's name: whole, without control
/// characters (the report has made them visible escapes already).
fn whole(text: &str) -> String {
    text.chars().filter(|c| !c.is_control()).collect()
}

/// The chart's figures in words, for its `<title>` and `aria-label`.
fn describe(indicator: &Indicator) -> String {
    let unit = indicator
        .unit
        .as_deref()
        .map(|u| format!(" ({})", whole(u)))
        .unwrap_or_default();
    let measured: Vec<String> = indicator
        .measurements
        .iter()
        .map(|m| format!("{} on {}", number(m.value), m.date))
        .collect();
    let mut text = format!(
        "{}{unit}: measured {}",
        whole(&indicator.name),
        measured.join(", ")
    );
    let year = |y: Option<i64>| y.map(|y| format!(" ({y})")).unwrap_or_default();
    if let Some(b) = indicator.baseline {
        text.push_str(&format!(
            "; baseline {}{}",
            number(b),
            year(indicator.baseline_year)
        ));
    }
    if let Some(t) = indicator.target {
        text.push_str(&format!(
            "; target {}{}",
            number(t),
            year(indicator.target_year)
        ));
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
        let svg = history(&indicator(&[(2018, 24.0), (2019, 41.0)])).expect("draws");
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
    fn no_measurements_no_chart() {
        assert_eq!(history(&indicator(&[])).expect("draws"), "");
    }

    #[test]
    fn dates_run_in_years() {
        assert_eq!(when(Date::new(2019, 1, 1).expect("a date")), 2019.0);
        let mid = when(Date::new(2019, 7, 2).expect("a date"));
        assert!((mid - 2019.5).abs() < 0.01, "{mid}");
    }
}
