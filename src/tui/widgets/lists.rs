//! The list pane of the goals, partnerships, actors, themes, problems and
//! workshops screens: only the rows on screen are built.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

use crate::model::Keyword;
use crate::progress::overdue::{OVERDUE, milestone_overdue, review_overdue};
use crate::text::{Shown, counted};
use crate::tui::app::{App, Focus, Row, Screen};
use crate::tui::figures::bar;
use crate::tui::layout::{fit, scroll_to};
use crate::tui::theme::{goal_symbol, partnership_symbol, severity_symbol};
use crate::tui::widgets::pane;

/// Draw the list of the screen shown.
pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let list = app.list();
    let items = list
        .rows
        .iter()
        .filter(|r| matches!(r, Row::Item { .. }))
        .count();
    let title = format!(" {} ({items}) ", app.screen.title());
    let block = pane(
        app,
        title,
        app.focus == Focus::List && app.overlay.is_none(),
    );
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let height = usize::from(inner.height);
    let width = usize::from(inner.width);
    let offset = scroll_to(list.offset, list.selected, height, list.rows.len());
    let theme = app.settings.theme;
    if list.rows.is_empty() {
        let text = if app.screen == Screen::Problems && app.search.is_empty() {
            "No problems: the plan checks clean.".to_owned()
        } else if app.search.is_empty() && list.filter.is_none() {
            format!("No {} yet; a adds one.", app.screen.title().to_lowercase())
        } else {
            "Nothing matches; Esc clears the search or filter.".to_owned()
        };
        frame.render_widget(Paragraph::new(Span::styled(text, theme.dim())), inner);
        return;
    }
    let partnership_columns = PartnershipColumns::of(app);
    let lines: Vec<Line> = list
        .rows
        .iter()
        .enumerate()
        .skip(offset)
        .take(height)
        .map(|(position, row)| {
            let line = row_line(app, row, width, partnership_columns);
            if position == list.selected {
                let style = if app.focus == Focus::List {
                    theme.selected()
                } else {
                    theme.selected_unfocused()
                };
                line.patch_style(style)
            } else {
                line
            }
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}

/// Left part, flexible, and right part, fixed, of a row `width` wide.
fn columns(left: Vec<Span<'static>>, right: Vec<Span<'static>>, width: usize) -> Line<'static> {
    let right_width: usize = right.iter().map(|s| s.content.width()).sum();
    let room = width.saturating_sub(right_width + 1);
    let mut spans = Vec::new();
    let mut used = 0;
    for span in left {
        let text = fit(&span.content, room.saturating_sub(used));
        used += text.width();
        spans.push(Span::styled(text, span.style));
    }
    if right_width < width {
        spans.push(Span::raw(" ".repeat(width - used - right_width)));
        spans.extend(right);
    }
    Line::from(spans)
}

/// Which optional columns the partnerships list has: the instrument, as
/// wide as the longest one, and the start date, each gone when no
/// partnership has one, so the room goes to the titles.
#[derive(Debug, Clone, Copy, Default)]
struct PartnershipColumns {
    instrument: usize,
    start: bool,
}

impl PartnershipColumns {
    fn of(app: &App) -> PartnershipColumns {
        if app.screen != Screen::Partnerships {
            return PartnershipColumns::default();
        }
        let partnerships = &app.plan().partnerships;
        PartnershipColumns {
            instrument: partnerships
                .iter()
                .filter_map(|p| p.instrument.map(|i| i.as_str().width()))
                .max()
                .unwrap_or(0),
            start: partnerships.iter().any(|p| p.start.is_some()),
        }
    }
}

fn row_line(
    app: &App,
    row: &Row,
    width: usize,
    partnership_columns: PartnershipColumns,
) -> Line<'static> {
    let theme = app.settings.theme;
    let plan = app.plan();
    let index = match row {
        Row::Heading(text) => {
            return Line::from(Span::styled(fit(text, width), theme.heading()));
        }
        Row::Item { index, .. } => *index,
    };
    let depth = match row {
        Row::Item { depth, .. } => *depth,
        Row::Heading(_) => 0,
    };
    match app.screen {
        Screen::Goals => {
            let Some(goal) = plan.goals.get(index) else {
                return Line::default();
            };
            let indent = "  ".repeat(depth.min(12) + 1);
            let mut right = Vec::new();
            if width >= 60 {
                let owner = goal.owner.as_deref().unwrap_or("");
                right.push(Span::styled(
                    format!("{:<12} ", fit(&Shown::line(owner), 12)),
                    theme.dim(),
                ));
            }
            if width >= 50 {
                let year = goal.target_year.map(|y| y.to_string()).unwrap_or_default();
                right.push(Span::styled(format!("{year:>4} "), theme.dim()));
            }
            right.push(Span::styled(
                bar(app.derived.progress.goal(index), 5),
                theme.gauge(),
            ));
            let mut left = vec![
                Span::raw(indent),
                Span::styled(
                    format!("{} ", goal_symbol(goal.status)),
                    theme.goal_status(goal.status),
                ),
            ];
            if goal
                .milestones
                .iter()
                .any(|m| milestone_overdue(m, app.today))
            {
                left.push(Span::styled(format!("{OVERDUE} "), theme.overdue()));
            }
            left.push(Span::raw(Shown::line(&goal.title)));
            columns(left, right, width)
        }
        Screen::Partnerships => {
            let Some(partnership) = plan.partnerships.get(index) else {
                return Line::default();
            };
            let mut right = Vec::new();
            if width >= 56 && partnership_columns.instrument > 0 {
                let instrument_width = partnership_columns.instrument;
                let instrument = partnership.instrument.map_or("", |i| i.as_str());
                right.push(Span::styled(
                    format!("{instrument:<instrument_width$} "),
                    theme.dim(),
                ));
            }
            if partnership_columns.start {
                let start = partnership.start.map(|d| d.to_string()).unwrap_or_default();
                right.push(Span::styled(format!("{start:>10}"), theme.dim()));
            }
            let mut left = vec![Span::styled(
                format!(" {} ", partnership_symbol(partnership.status)),
                theme.partnership_status(partnership.status),
            )];
            if review_overdue(partnership, app.today) {
                left.push(Span::styled(format!("{OVERDUE} "), theme.overdue()));
            }
            left.push(Span::raw(Shown::line(&partnership.title)));
            columns(left, right, width)
        }
        Screen::Actors => {
            let Some(actor) = plan.actors.get(index) else {
                return Line::default();
            };
            columns(
                vec![Span::raw(format!(" {}", Shown::line(&actor.name)))],
                vec![Span::styled(
                    format!("{:<11}", actor.role.as_str()),
                    theme.dim(),
                )],
                width,
            )
        }
        Screen::Themes => {
            let Some(item) = plan.themes.get(index) else {
                return Line::default();
            };
            let goals = plan
                .goals
                .iter()
                .filter(|g| g.theme.as_deref() == Some(item.id.as_str()))
                .count();
            let mut right = vec![Span::styled(
                format!("{:>9} ", counted(goals, "goal")),
                theme.dim(),
            )];
            if let Some(progress) = app.derived.progress.theme(Some(&item.id)) {
                right.push(Span::styled(bar(progress, 5), theme.gauge()));
            }
            columns(
                vec![Span::raw(format!(" {}", Shown::line(&item.name)))],
                right,
                width,
            )
        }
        Screen::Workshops => {
            let Some(workshop) = plan.workshops.get(index) else {
                return Line::default();
            };
            let date = workshop.date.map(|d| d.to_string()).unwrap_or_default();
            let mut right = Vec::new();
            // Who ran it and where, as the width allows; the title keeps
            // at least half the line.
            let side = |text: Option<&str>, cap: usize| {
                let text = Shown::line(text.unwrap_or(""));
                Span::styled(format!("{:<cap$} ", fit(&text, cap)), theme.dim())
            };
            if width >= 70 {
                right.push(side(workshop.facilitator.as_deref(), 14));
            }
            if width >= 86 {
                right.push(side(workshop.location.as_deref(), 18));
            }
            right.push(Span::styled(
                format!(
                    "{:>15}",
                    counted(workshop.participants.len(), "participant")
                ),
                theme.dim(),
            ));
            columns(
                vec![
                    Span::styled(format!(" {date:<10} "), theme.label()),
                    Span::raw(Shown::line(&workshop.title)),
                ],
                right,
                width,
            )
        }
        Screen::Problems => {
            let Some(diagnostic) = app.session.document().diagnostics().get(index) else {
                return Line::default();
            };
            let severity = diagnostic.severity();
            columns(
                vec![
                    Span::styled(
                        format!(
                            " {} {} ",
                            severity_symbol(severity),
                            diagnostic.code.as_str()
                        ),
                        theme.severity(severity),
                    ),
                    Span::raw(Shown::line(&diagnostic.message)),
                ],
                Vec::new(),
                width,
            )
        }
        Screen::Overview => Line::default(),
    }
    .style(Style::new())
}
