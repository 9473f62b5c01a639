//! Rendering: `render(&App, &mut Frame)` draws a frame from the state and
//! changes nothing.
//!
//! The frame is a tab bar, the screen, a status line and a line of key
//! hints; windows (help, form, picker, questions) are drawn over it. The
//! layout is [`super::layout`], which the mouse handler asks too, so a click
//! hits exactly what was drawn. Each screen and window has its own `render_*` in
//! [`super::widgets`]. Below [`MIN_WIDTH`]×[`MIN_HEIGHT`] only a notice is
//! drawn.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Wrap};
use unicode_width::UnicodeWidthStr;

use crate::diagnostic::Severity;
use crate::text::Shown;
use crate::tui::action::Action;
use crate::tui::app::{App, Screen};
use crate::tui::keymap::Mode;
use crate::tui::layout::{MIN_HEIGHT, MIN_WIDTH, areas, tab_labels};
use crate::tui::theme::severity_symbol;
use crate::tui::widgets;

/// Draw a frame.
pub fn render(app: &App, frame: &mut Frame) {
    let area = frame.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        render_too_small(app, frame, area);
        return;
    }
    // The theme's ink under everything, so unstyled text keeps its contrast.
    frame
        .buffer_mut()
        .set_style(area, app.settings.theme.text());
    if let Some(presentation) = &app.presentation {
        widgets::slides::render(app, presentation, frame, area);
        if let Some(overlay) = &app.overlay {
            widgets::windows::render(app, overlay, frame, area);
        }
        return;
    }
    let areas = areas(app, area);
    render_tabs(app, frame, areas.tabs);
    if let Some(search) = areas.search {
        render_search(app, frame, search);
    }
    if let Some(failure) = app.session.broken() {
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

/// The notice for a terminal below the smallest size: what it needs, the
/// keys that still act (the others are ignored, see
/// [`crate::tui::update::too_small`]), and the status message, which says
/// what the last key did or why it did nothing.
fn render_too_small(app: &App, frame: &mut Frame, area: Rect) {
    let theme = app.settings.theme;
    let mut lines = vec![
        Line::from(format!(
            "terminal too small: {}×{}, needs {MIN_WIDTH}×{MIN_HEIGHT}",
            area.width, area.height
        )),
        Line::styled(
            format!(
                "{}; other keys are ignored",
                crate::tui::update::keys_that_act(app)
            ),
            theme.dim(),
        ),
    ];
    if app.session.is_dirty() {
        lines.push(Line::styled("unsaved changes [+]", theme.warning()));
    }
    if let Some(message) = &app.message {
        let style = if message.error {
            theme.error()
        } else {
            Style::new()
        };
        lines.push(Line::styled(
            Shown::line(&message.text).into_string(),
            style,
        ));
    }
    frame.render_widget(Clear, area);
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), area);
}

fn render_tabs(app: &App, frame: &mut Frame, area: Rect) {
    let theme = app.settings.theme;
    let mut spans = Vec::new();
    let problems = app.derived.errors + app.derived.warnings;
    for (screen, label) in tab_labels(area.width, problems) {
        let style = if screen == app.screen {
            theme.tab_active()
        } else {
            theme.dim()
        };
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
        Span::raw(Shown::line(&app.search)),
        Span::styled(
            if app.searching {
                let keys = app.settings.keymap.hints_for(
                    Mode::Search,
                    &[(Action::KeepSearch, "keep"), (Action::Cancel, "clear")],
                );
                format!("   {count} found · {keys}")
            } else {
                let clears = app
                    .settings
                    .keymap
                    .key_in(Mode::Browse, Action::Back)
                    .map_or_else(String::new, |k| format!(" · {k} clears"));
                format!("   {count} found{clears}")
            },
            theme.dim(),
        ),
    ]);
    frame.render_widget(Paragraph::new(line), area);
    if app.searching && app.overlay.is_none() {
        let x = area.x + 1 + Shown::line(&app.search).width() as u16;
        frame.set_cursor_position((x.min(area.right().saturating_sub(1)), area.y));
    }
}

fn render_status(app: &App, frame: &mut Frame, area: Rect) {
    let theme = app.settings.theme;
    let mut spans = vec![Span::styled(
        format!(" {} ", Shown::line(&app.file_name())),
        Style::new().add_modifier(ratatui::style::Modifier::BOLD),
    )];
    if app.session.is_dirty() {
        spans.push(Span::styled("[+] ", theme.warning()));
    }
    if app.deleted_on_disk {
        spans.push(Span::styled("[deleted] ", theme.warning()));
    }
    if app.read_only.is_some() || app.session.read_only() {
        spans.push(Span::styled("[RO] ", theme.warning()));
    }
    // A mark only beside a count of something there is.
    let (errors, warnings) = (app.derived.errors, app.derived.warnings);
    if errors > 0 {
        spans.push(Span::styled(
            format!("{} {errors} ", severity_symbol(Severity::Error)),
            theme.error(),
        ));
    }
    if warnings > 0 {
        spans.push(Span::styled(
            format!("{} {warnings} ", severity_symbol(Severity::Warning)),
            theme.warning(),
        ));
    }
    if errors + warnings == 0 {
        spans.push(Span::styled("✓ ", theme.good()));
    }
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
        spans.push(Span::styled(Shown::line(&message.text), style));
    }
    frame.render_widget(
        Paragraph::new(Line::from(spans)).style(theme.status_bar()),
        area,
    );
}

/// The key bar: as many hints as fit, in the keymap's order, but the keys
/// for help and quit always, so a small terminal or a projector never hides
/// the way out.
fn render_hints(app: &App, frame: &mut Frame, area: Rect) {
    let theme = app.settings.theme;
    let keymap = &app.settings.keymap;
    let essential: Vec<_> = [Action::Help, Action::Quit]
        .into_iter()
        .filter_map(|action| keymap.key_in(Mode::Browse, action))
        .collect();
    let hints = keymap.hints(Mode::Browse);
    let piece =
        |key: &crate::tui::keymap::Key, hint: &str| key.to_string().width() + hint.width() + 3;
    let mut room = usize::from(area.width);
    let mut kept = vec![false; hints.len()];
    // The essential hints first, then the others in order while they fit.
    for pass in [true, false] {
        for (i, (key, hint)) in hints.iter().enumerate() {
            if kept[i] || essential.contains(key) != pass {
                continue;
            }
            let width = piece(key, hint);
            if width > room {
                if pass {
                    continue;
                }
                break;
            }
            room -= width;
            kept[i] = true;
        }
    }
    let mut spans = Vec::new();
    for ((key, hint), _) in hints.iter().zip(&kept).filter(|(_, kept)| **kept) {
        spans.push(Span::styled(format!(" {key}"), theme.title()));
        spans.push(Span::styled(format!(" {hint} "), theme.dim()));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}
