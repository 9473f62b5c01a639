//! The overview screen: where the plan stands, at a glance.
//!
//! The plan's title, city, period, status and vision; goals by status as a
//! bar chart; overall and per-theme progress as gauges; partnerships by
//! status; the contribution ledger (what the city gives and what the commons
//! give); the next milestones and partnership reviews; and the count of
//! problems.

use ratatui::Frame;
use ratatui::layout::{Constraint, Direction, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Bar, BarChart, BarGroup, Paragraph, Wrap};

use unicode_width::UnicodeWidthStr;

use crate::model::{Date, Keyword};
use crate::progress::overdue::{OVERDUE, milestone_overdue, overdue_count, review_overdue};
use crate::progress::{goals_by_status, partnerships_by_status};
use crate::text::{Shown, counted};
use crate::tui::app::App;
use crate::tui::figures::{bar, ledger_line_text};
use crate::tui::layout::{fit, wrap};
use crate::tui::theme::{goal_symbol, partnership_symbol};
use crate::tui::widgets::pane;

/// How many upcoming dates the overview lists.
const UPCOMING: usize = 8;

/// Draw the overview.
pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let plan = app.plan();
    // The vision gets more room on a tall terminal, and all of it on a
    // projector-sized one.
    let vision_cap = if area.height >= 50 {
        usize::from(area.height / 4)
    } else if area.height >= 36 {
        4
    } else {
        1
    };
    let vision_lines = plan
        .plan
        .vision
        .as_deref()
        .map(|v| {
            v.split('\n')
                .map(|l| {
                    wrap(
                        &Shown::line(l),
                        usize::from(area.width.saturating_sub(2)).max(8),
                    )
                    .len()
                })
                .sum::<usize>()
        })
        .unwrap_or(0)
        .min(vision_cap) as u16;
    let [head, body] =
        Layout::vertical([Constraint::Length(2 + vision_lines), Constraint::Min(0)]).areas(area);
    render_head(app, frame, head, usize::from(vision_lines));
    let (left, right) = if body.width >= 70 {
        let [left, right] =
            Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)])
                .areas(body);
        (left, Some(right))
    } else {
        (body, None)
    };
    let themes = plan.themes.len() as u16;
    let [chart, progress, problems] = Layout::vertical([
        Constraint::Length(8),
        Constraint::Max(themes + 4),
        Constraint::Min(3),
    ])
    .areas(left);
    render_goal_chart(app, frame, chart);
    render_progress(app, frame, progress);
    render_problems(app, frame, problems);
    if let Some(right) = right {
        let partnerships = partnerships_by_status(plan)
            .iter()
            .filter(|(_, n)| *n > 0)
            .count() as u16;
        let ledger = app.derived.ledger.plan().len() as u16;
        let [p, l, u] = Layout::vertical([
            Constraint::Length(partnerships.max(1) + 2),
            Constraint::Max(ledger.max(1) + 2),
            Constraint::Min(4),
        ])
        .areas(right);
        render_partnerships(app, frame, p);
        render_ledger(app, frame, l);
        render_upcoming(app, frame, u);
    }
}

fn render_head(app: &App, frame: &mut Frame, area: Rect, vision_lines: usize) {
    let theme = app.settings.theme;
    let info = &app.plan().plan;
    let period = match (info.start_year, info.end_year) {
        (Some(start), Some(end)) => format!("{start}–{end}"),
        (Some(start), None) => format!("from {start}"),
        (None, Some(end)) => format!("until {end}"),
        (None, None) => "no period set".to_owned(),
    };
    let mut lines = vec![
        Line::from(Span::styled(Shown::line(&info.title), theme.title())),
        Line::from(vec![
            Span::raw(Shown::line(&info.city)),
            Span::styled(format!(" · {period} · "), theme.dim()),
            Span::styled(info.status.as_str(), theme.heading()),
        ]),
    ];
    let overdue = overdue_count(app.plan(), app.today);
    if overdue > 0 {
        lines[1].spans.push(Span::styled(" · ", theme.dim()));
        lines[1].spans.push(Span::styled(
            format!("! {overdue} overdue"),
            theme.overdue(),
        ));
    }
    if let Some(vision) = &info.vision {
        let width = usize::from(area.width.saturating_sub(2)).max(8);
        let pieces: Vec<String> = vision
            .split('\n')
            .flat_map(|line| wrap(&Shown::line(line), width))
            .collect();
        let cut = pieces.len() > vision_lines;
        for (i, piece) in pieces.into_iter().take(vision_lines).enumerate() {
            let piece = if cut && i + 1 == vision_lines {
                fit(&format!("{piece} …"), width)
            } else {
                piece
            };
            lines.push(Line::from(Span::styled(piece, theme.dim())));
        }
    }
    frame.render_widget(
        Paragraph::new(lines),
        area.inner(ratatui::layout::Margin::new(1, 0)),
    );
}

fn render_goal_chart(app: &App, frame: &mut Frame, area: Rect) {
    let theme = app.settings.theme;
    let counts = goals_by_status(app.plan());
    let bars: Vec<Bar> = counts
        .iter()
        .map(|(status, count)| {
            // The count stands in the label, beside its bar: drawn inside the
            // bar it would take the bar's colours and could vanish.
            Bar::default()
                .value(*count as u64)
                .text_value(String::new())
                .label(Line::from(format!(
                    "{} {:<11} {count:>3}",
                    goal_symbol(*status),
                    status.as_str()
                )))
                .style(theme.goal_status(*status))
        })
        .collect();
    let total: usize = counts.iter().map(|(_, n)| n).sum();
    let chart = BarChart::default()
        .block(pane(app, format!(" Goals by status ({total}) "), false))
        .direction(Direction::Horizontal)
        .bar_width(1)
        .bar_gap(0)
        .data(BarGroup::default().bars(&bars));
    frame.render_widget(chart, area);
}

fn render_progress(app: &App, frame: &mut Frame, area: Rect) {
    let theme = app.settings.theme;
    let block = pane(app, " Progress ", false);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if inner.height == 0 {
        return;
    }
    let overall = app.derived.progress.plan().unwrap_or(0.0);
    let ratio = if overall.is_finite() {
        overall.clamp(0.0, 1.0)
    } else {
        0.0
    };
    let [gauge_area, rest] =
        Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(inner);
    // The plan's figure beside its bar, not inside it, where the bar's
    // colour would hide it.
    let plan_bar = usize::from(gauge_area.width).saturating_sub(11).max(4);
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            Span::raw("plan "),
            Span::styled(bar(ratio, plan_bar), theme.gauge()),
        ])),
        gauge_area,
    );
    // On a wide terminal the themes' names are shown whole, up to half the
    // pane.
    let longest = app
        .plan()
        .themes
        .iter()
        .map(|t| Shown::line(&t.name).width())
        .max()
        .unwrap_or(0);
    let label_width = if inner.width >= 90 {
        longest.clamp(usize::from(inner.width / 3), usize::from(inner.width / 2))
    } else {
        usize::from(inner.width / 3)
    }
    .max(6);
    let bar_width = usize::from(inner.width)
        .saturating_sub(label_width + 6)
        .clamp(4, 40);
    let lines: Vec<Line> = app
        .plan()
        .themes
        .iter()
        .map(|item| {
            let progress = app.derived.progress.theme(Some(&item.id)).unwrap_or(0.0);
            Line::from(vec![
                Span::raw(format!(
                    "{:<label_width$} ",
                    fit(&Shown::line(&item.name), label_width)
                )),
                Span::styled(bar(progress, bar_width), theme.gauge()),
            ])
        })
        .collect();
    let rest = Rect::new(
        rest.x,
        rest.y.saturating_add(1).min(rest.bottom()),
        rest.width,
        rest.height.saturating_sub(1),
    );
    frame.render_widget(Paragraph::new(lines), rest);
}

fn render_partnerships(app: &App, frame: &mut Frame, area: Rect) {
    let theme = app.settings.theme;
    let lines: Vec<Line> = partnerships_by_status(app.plan())
        .into_iter()
        .filter(|(_, count)| *count > 0)
        .map(|(status, count)| {
            Line::from(vec![
                Span::styled(
                    format!("{} {:<13}", partnership_symbol(status), status.as_str()),
                    theme.partnership_status(status),
                ),
                Span::raw(format!("{count:>4}")),
            ])
        })
        .collect();
    let total = app.plan().partnerships.len();
    let block = pane(app, format!(" Partnerships ({total}) "), false);
    frame.render_widget(Paragraph::new(lines).block(block), area);
}

/// The ledger's lines: kind and side in a column, then the amounts. When
/// the pane is too narrow for both, the kind and side give way (cut with
/// `…`) and the amounts stay whole: a figure is never cut.
fn render_ledger(app: &App, frame: &mut Frame, area: Rect) {
    let theme = app.settings.theme;
    let inner = usize::from(area.width.saturating_sub(2));
    let lines: Vec<Line> = app
        .derived
        .ledger
        .plan()
        .iter()
        .map(|line| {
            let (head, amounts) = ledger_line_text(line);
            let room = inner.saturating_sub(amounts.width()).min(28);
            let head = crate::tui::layout::fit(&head, room.saturating_sub(1));
            Line::from(vec![
                Span::styled(format!("{head:<room$}"), theme.label()),
                Span::raw(amounts),
            ])
        })
        .collect();
    let block = pane(app, " Contribution ledger ", false);
    frame.render_widget(Paragraph::new(lines).block(block), area);
}

/// One date on the overview's list: when, what, of which item, and whether
/// it is overdue.
struct Due {
    date: Date,
    what: Shown,
    of: Shown,
    overdue: bool,
}

/// The milestones not done and the partnership reviews: the overdue ones
/// first, then those from today on.
fn upcoming(app: &App) -> Vec<Due> {
    let plan = app.plan();
    let mut dates = Vec::new();
    for goal in &plan.goals {
        for milestone in &goal.milestones {
            if let Some(due) = milestone.due
                && !milestone.done
            {
                dates.push(Due {
                    date: due,
                    what: Shown::line(&milestone.title),
                    of: Shown::line(&goal.title),
                    overdue: milestone_overdue(milestone, app.today),
                });
            }
        }
    }
    for partnership in &plan.partnerships {
        if let Some(review) = partnership.review {
            let overdue = review_overdue(partnership, app.today);
            if overdue || review >= app.today {
                dates.push(Due {
                    date: review,
                    what: Shown::line("review"),
                    of: Shown::line(&partnership.title),
                    overdue,
                });
            }
        }
    }
    dates.retain(|d| d.overdue || d.date >= app.today);
    dates.sort_by_key(|d| (!d.overdue, d.date));
    dates.truncate(UPCOMING);
    dates
}

fn render_upcoming(app: &App, frame: &mut Frame, area: Rect) {
    let theme = app.settings.theme;
    let width = usize::from(area.width.saturating_sub(2));
    let room = usize::from(area.height.saturating_sub(2));
    let dues = upcoming(app);
    // Each date's text in the width beside its date and mark.
    let texts: Vec<(usize, String)> = dues
        .iter()
        .map(|due| {
            let indent = if due.overdue { 23 } else { 12 };
            (indent, format!("{} — {}", due.what, due.of))
        })
        .collect();
    // Whole titles, wrapped, when the pane has the room for them.
    let wrapped: Vec<Vec<String>> = texts
        .iter()
        .map(|(indent, text)| wrap(text, width.saturating_sub(*indent).max(8)))
        .collect();
    let whole = wrapped.iter().map(Vec::len).sum::<usize>() <= room;
    let mut lines: Vec<Line> = Vec::new();
    for ((due, (indent, text)), pieces) in dues.iter().zip(&texts).zip(wrapped) {
        let mut spans = vec![Span::styled(format!("{}  ", due.date), theme.label())];
        if due.overdue {
            spans.push(Span::styled(format!("{OVERDUE}  "), theme.overdue()));
        }
        if whole {
            let mut pieces = pieces.into_iter();
            spans.push(Span::raw(pieces.next().unwrap_or_default()));
            lines.push(Line::from(spans));
            for piece in pieces {
                lines.push(Line::from(format!("{:indent$}{piece}", "")));
            }
        } else {
            spans.push(Span::raw(fit(text, width.saturating_sub(*indent))));
            lines.push(Line::from(spans));
        }
    }
    let lines = if lines.is_empty() {
        vec![Line::from(Span::styled("Nothing due.", theme.dim()))]
    } else {
        lines
    };
    let block = pane(app, " Next milestones and reviews ", false);
    frame.render_widget(Paragraph::new(lines).block(block), area);
}

fn render_problems(app: &App, frame: &mut Frame, area: Rect) {
    let theme = app.settings.theme;
    let (errors, warnings) = (app.derived.errors, app.derived.warnings);
    let line = if errors + warnings == 0 {
        Line::from(Span::styled("✓ no problems", theme.good()))
    } else {
        let errors_text = if errors > 0 {
            Span::styled(format!("✗ {}  ", counted(errors, "error")), theme.error())
        } else {
            Span::styled("no errors  ", theme.dim())
        };
        let warnings_text = if warnings > 0 {
            Span::styled(
                format!("▲ {}", counted(warnings, "warning")),
                theme.warning(),
            )
        } else {
            Span::styled("no warnings", theme.dim())
        };
        let problems_key = app
            .settings
            .keymap
            .key_for(crate::tui::action::Action::ShowProblems)
            .map_or_else(String::new, |k| format!("  ({k} lists them)"));
        Line::from(vec![
            errors_text,
            warnings_text,
            Span::styled(problems_key, theme.dim()),
        ])
    };
    let block = pane(app, " Problems ", false);
    frame.render_widget(
        Paragraph::new(line).block(block).wrap(Wrap { trim: true }),
        area,
    );
}
