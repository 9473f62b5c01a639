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

use super::bars::{
    CITY, ChartResult, FONT, INK, OTHER, PROGRESS, chart_error, labelled,
};
use crate::export::report::Indicator;
use crate::model::Date;
use crate::text::number;

/// Width and height of a history chart, in pixels.
const SIZE: (u32, u32) = (330, 130);
/// plotters writes `font-size` as this over 1.24: about 10 px.
const SMALL: f64 = 13.0;

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

/// The history chart of `indicator` as an inline SVG, or empty when it has
/// no measurement to draw.
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
    let xs = points.iter().map(|p| p.0).chain(baseline_at).chain(target_at);
    let (mut x0, mut x1) = xs.fold((f64::MAX, f64::MIN), |(a, b), x| (a.min(x), b.max(x)));
    x0 = x0.floor();
    x1 = x1.ceil().max(x0 + 1.0);
    let ys = points.iter().map(|p| p.1).chain(baseline).chain(target);
    let (lo, hi) = ys.fold((f64::MAX, f64::MIN), |(a, b), y| (a.min(y), b.max(y)));
    let pad = if hi > lo { (hi - lo) * 0.12 } else { hi.abs().max(1.0) * 0.5 };
    let (y0, y1) = (lo - pad, hi + pad);

    let mut svg = String::with_capacity(3072);
    {
        let root = SVGBackend::with_string(&mut svg, SIZE).into_drawing_area();
        let mut chart = ChartBuilder::on(&root)
            .margin_top(8)
            .margin_bottom(2)
            .margin_left(4)
            .margin_right(104)
            .x_label_area_size(18)
            .y_label_area_size(46)
            .build_cartesian_2d(x0..x1, y0..y1)
            .map_err(chart_error)?;
        let span = (x1 - x0) as usize;
        chart
            .configure_mesh()
            .disable_mesh()
            .x_labels((span + 1).min(6))
            .y_labels(3)
            .x_label_formatter(&year)
            .y_label_formatter(&|v| number(*v))
            .axis_style(INK.mix(0.5))
            .label_style((FONT, SMALL).into_font().color(&INK))
            .draw()
            .map_err(chart_error)?;
        // Baseline and target: a thin line across, its name and value at
        // its right end, a marker at its year.
        let mut ends: Vec<(f64, String, &'static RGBColor)> = Vec::new();
        if let Some(b) = baseline {
            chart
                .draw_series(LineSeries::new([(x0, b), (x1, b)], OTHER.stroke_width(1)))
                .map_err(chart_error)?;
            if let Some(at) = baseline_at {
                chart
                    .draw_series(std::iter::once(Cross::new((at, b), 4, OTHER.stroke_width(2))))
                    .map_err(chart_error)?;
            }
            ends.push((b, format!("baseline {}", number(b)), &OTHER));
        }
        if let Some(t) = target {
            chart
                .draw_series(LineSeries::new([(x0, t), (x1, t)], CITY.stroke_width(1)))
                .map_err(chart_error)?;
            if let Some(at) = target_at {
                chart
                    .draw_series(std::iter::once(TriangleMarker::new(
                        (at, t),
                        5,
                        CITY.filled(),
                    )))
                    .map_err(chart_error)?;
            }
            ends.push((t, format!("target {}", number(t)), &CITY));
        }
        // The measurements: a line through them, a marker on each, the
        // latest value written beside it.
        chart
            .draw_series(LineSeries::new(points.iter().copied(), PROGRESS.stroke_width(2)))
            .map_err(chart_error)?;
        chart
            .draw_series(points.iter().map(|&p| Circle::new(p, 3, PROGRESS.filled())))
            .map_err(chart_error)?;
        if let Some(&(x, y)) = points.last() {
            let (px, py) = chart.backend_coord(&(x, y));
            let (h, dx) = if px > 150 { (HPos::Right, -6) } else { (HPos::Left, 6) };
            root.draw(&Text::new(number(y), (px + dx, py - 9), small(&INK, h)))
                .map_err(chart_error)?;
        }
        // The two labels at the right, kept apart when their lines are close.
        let (right, _) = chart.backend_coord(&(x1, y0));
        let mut placed: Vec<i32> = Vec::new();
        ends.sort_by(|a, b| b.0.total_cmp(&a.0));
        for (value, text, colour) in ends {
            let (_, mut py) = chart.backend_coord(&(x1, value));
            if let Some(&last) = placed.last() {
                py = py.max(last + 12);
            }
            placed.push(py);
            root.draw(&Text::new(text, (right + 8, py), small(colour, HPos::Left)))
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
        text.push_str(&format!("; baseline {}{}", number(b), year(indicator.baseline_year)));
    }
    if let Some(t) = indicator.target {
        text.push_str(&format!("; target {}{}", number(t), year(indicator.target_year)));
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
        assert!(svg.starts_with("<svg class=\"chart\" role=\"img\""), "{svg}");
        assert!(
            svg.contains(
                "aria-label=\"Food teams (teams): measured 24 on 2018-06-30, 41 on 2019-06-30; baseline 12 (2017); target 60 (2020).\""
            ),
            "{svg}"
        );
        assert!(svg.contains("\nbaseline 12\n</text>"), "{svg}");
        assert!(svg.contains("\ntarget 60\n</text>"), "{svg}");
        assert!(svg.contains("\n41\n</text>"), "the latest value is written: {svg}");
        assert_eq!(svg.matches("<circle").count(), 2, "a marker per measurement");
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
