//! Rendering: `render(&App, &mut Frame)` draws a frame from the state and
//! changes nothing but the remembered scroll offsets.
//!
//! The frame is a tab bar, the screen, a status line and a line of key
//! hints; windows (help, form, picker, questions) are drawn over it. The
//! layout is one function, [`areas`], so the mouse handler hits exactly what
//! was drawn. Each screen and window has its own `render_*` in
//! [`super::widgets`]. Below [`MIN_WIDTH`]×[`MIN_HEIGHT`] only a notice is
//! drawn.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};
use unicode_width::UnicodeWidthStr;

use crate::model::Plan;
use crate::text::printable;
use crate::tui::app::{App, Screen};
use crate::tui::theme::severity_symbol;
use crate::tui::widgets;

/// The narrowest terminal the screens are drawn in.
pub const MIN_WIDTH: u16 = 40;
/// The lowest terminal the screens are drawn in.
pub const MIN_HEIGHT: u16 = 10;
/// From this width on, the details stand beside the list rather than below.
pub const SIDE_BY_SIDE: u16 = 100;

/// Where each part of the frame goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Areas {
    /// The tab bar.
    pub tabs: Rect,
    /// The search line, when a search is typed or in force.
    pub search: Option<Rect>,
    /// The screen's body (the overview, or list and details).
    pub body: Rect,
    /// The list, on list screens.
    pub list: Option<Rect>,
    /// The details, on list screens.
    pub detail: Option<Rect>,
    /// The status line.
    pub status: Rect,
    /// The key hints.
    pub hints: Rect,
}

/// The layout of a frame of `area` for the state of `app`.
pub fn areas(app: &App, area: Rect) -> Areas {
    let [tabs, middle, status, hints] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(0),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    let (search, body) = if app.searching || !app.search.is_empty() {
        let [search, body] =
            Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(middle);
        (Some(search), body)
    } else {
        (None, middle)
    };
    let (list, detail) = if app.screen == Screen::Overview {
        (None, None)
    } else if body.width >= SIDE_BY_SIDE {
        let [list, detail] =
            Layout::horizontal([Constraint::Percentage(48), Constraint::Percentage(52)])
                .areas(body);
        (Some(list), Some(detail))
    } else {
        let [list, detail] =
            Layout::vertical([Constraint::Percentage(45), Constraint::Percentage(55)]).areas(body);
        (Some(list), Some(detail))
    };
    Areas {
        tabs,
        search,
        body,
        list,
        detail,
        status,
        hints,
    }
}

/// The width of text inside the details pane.
pub fn detail_text_width(detail: Rect) -> u16 {
    detail.width.saturating_sub(3)
}

/// The screen whose tab is at `column` of the tab bar.
pub fn tab_at(column: u16) -> Option<Screen> {
    let mut x = 0u16;
    for screen in Screen::ALL {
        let width = tab_label(screen).width() as u16;
        if column >= x && column < x + width {
            return Some(screen);
        }
        x += width;
    }
    None
}

fn tab_label(screen: Screen) -> String {
    format!(" {} {} ", screen.position() + 1, screen.title())
}

/// The number of items of a top-level collection.
pub fn collection_len(plan: &Plan, collection: &str) -> usize {
    match collection {
        "goals" => plan.goals.len(),
        "partnerships" => plan.partnerships.len(),
        "actors" => plan.actors.len(),
        "themes" => plan.themes.len(),
        "workshops" => plan.workshops.len(),
        _ => 0,
    }
}

/// Draw a frame.
pub fn render(app: &App, frame: &mut Frame) {
    let area = frame.area();
    app.size.set((area.width, area.height));
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        render_too_small(frame, area);
        return;
    }
    let areas = areas(app, area);
    render_tabs(app, frame, areas.tabs);
    if let Some(search) = areas.search {
        render_search(app, frame, search);
    }
    if let Some(failure) = &app.session.broken {
        widgets::broken::render(app, failure, frame, areas.body);
    } else {
        match app.screen {
            Screen::Overview => widgets::overview::render(app, frame, areas.body),
            _ => {
                if let (Some(list), Some(detail)) = (areas.list, areas.detail) {
                    widgets::lists::render(app, frame, list);
                    widgets::details::render(app, frame, detail);
                }
            }
        }
    }
    render_status(app, frame, areas.status);
    render_hints(app, frame, areas.hints);
    if let Some(overlay) = &app.overlay {
        widgets::windows::render(app, overlay, frame, area);
    }
}

fn render_too_small(frame: &mut Frame, area: Rect) {
    let text = format!(
        "terminal too small: {}×{}, needs {MIN_WIDTH}×{MIN_HEIGHT}",
        area.width, area.height
    );
    frame.render_widget(Clear, area);
    frame.render_widget(Paragraph::new(text).wrap(Wrap { trim: true }), area);
}

fn render_tabs(app: &App, frame: &mut Frame, area: Rect) {
    let theme = app.settings.theme;
    let mut spans = Vec::new();
    for screen in Screen::ALL {
        let style = if screen == app.screen {
            theme.tab_active()
        } else {
            theme.dim()
        };
        let mut label = tab_label(screen);
        if screen == Screen::Problems && app.derived.errors + app.derived.warnings > 0 {
            label = format!(
                " 6 Problems ({}) ",
                app.derived.errors + app.derived.warnings
            );
        }
        spans.push(Span::styled(label, style));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

fn render_search(app: &App, frame: &mut Frame, area: Rect) {
    let theme = app.settings.theme;
    let count = app
        .list()
        .rows
        .iter()
        .filter(|r| matches!(r, crate::tui::app::Row::Item { .. }))
        .count();
    let line = Line::from(vec![
        Span::styled("/", theme.title()),
        Span::raw(printable(&app.search).into_owned()),
        Span::styled(
            if app.searching {
                format!("   {count} found · Enter keep · Esc clear")
            } else {
                format!("   {count} found · Esc clears")
            },
            theme.dim(),
        ),
    ]);
    frame.render_widget(Paragraph::new(line), area);
    if app.searching && app.overlay.is_none() {
        let x = area.x + 1 + printable(&app.search).width() as u16;
        frame.set_cursor_position((x.min(area.right().saturating_sub(1)), area.y));
    }
}

fn render_status(app: &App, frame: &mut Frame, area: Rect) {
    let theme = app.settings.theme;
    let mut spans = vec![Span::styled(
        format!(" {} ", printable(&app.session.file_name())),
        Style::new().add_modifier(ratatui::style::Modifier::BOLD),
    )];
    if app.session.is_dirty() {
        spans.push(Span::styled("[+] ", theme.warning()));
    }
    let (errors, warnings) = (app.derived.errors, app.derived.warnings);
    spans.push(Span::styled(
        format!(
            "{} {errors} ",
            severity_symbol(crate::diagnostic::Severity::Error)
        ),
        if errors > 0 {
            theme.error()
        } else {
            theme.dim()
        },
    ));
    spans.push(Span::styled(
        format!(
            "{} {warnings} ",
            severity_symbol(crate::diagnostic::Severity::Warning)
        ),
        if warnings > 0 {
            theme.warning()
        } else {
            theme.dim()
        },
    ));
    let list = app.list();
    if list.sort != crate::tui::app::Sort::File {
        spans.push(Span::styled(
            format!("↕ {} ", list.sort.label()),
            theme.dim(),
        ));
    }
    if list.filter.is_some() {
        spans.push(Span::styled("filtered ", theme.dim()));
    }
    if let Some(message) = &app.message {
        spans.push(Span::styled("│ ", theme.dim()));
        let style = if message.error {
            theme.error()
        } else {
            Style::new()
        };
        spans.push(Span::styled(printable(&message.text).into_owned(), style));
    }
    frame.render_widget(
        Paragraph::new(Line::from(spans)).style(theme.status_bar()),
        area,
    );
}

fn render_hints(app: &App, frame: &mut Frame, area: Rect) {
    let theme = app.settings.theme;
    let mut spans = Vec::new();
    let mut width = 0;
    for (key, hint) in app.settings.keymap.hints() {
        let key = key.to_string();
        let piece = key.width() + hint.width() + 3;
        if width + piece > usize::from(area.width) {
            break;
        }
        width += piece;
        spans.push(Span::styled(format!(" {key}"), theme.title()));
        spans.push(Span::styled(format!(" {hint} "), theme.dim()));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// A bordered block titled `title`, highlighted when its pane has the keyboard.
pub fn pane<'a>(app: &App, title: impl Into<Line<'a>>, focused: bool) -> Block<'a> {
    let theme = app.settings.theme;
    Block::default()
        .borders(Borders::ALL)
        .border_style(if focused {
            theme.border_focused()
        } else {
            theme.border()
        })
        .title(title)
}

/// Keep `selected` within the `height` rows shown from `offset`; returns the
/// new offset.
pub fn scroll_to(offset: usize, selected: usize, height: usize, len: usize) -> usize {
    if height == 0 {
        return 0;
    }
    let mut offset = offset.min(len.saturating_sub(height));
    if selected < offset {
        offset = selected;
    } else if selected >= offset + height {
        offset = selected + 1 - height;
    }
    offset
}

/// `text` cut to `width` columns, with `…` when cut.
pub fn fit(text: &str, width: usize) -> String {
    if text.width() <= width {
        return text.to_owned();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        out.push(c);
        used += w;
    }
    if width > 0 {
        out.push('…');
    }
    out
}
