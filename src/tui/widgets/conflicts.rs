//! The window of a merge conflict: which field, your version and the one
//! on disk, line by line (each side marked by a word, not by colour alone),
//! and the answers from the key table.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use super::windows::window;
use crate::text::Shown;
use crate::tui::app::{App, CONFLICT_ANSWERS};
use crate::tui::keymap::Mode;
use crate::tui::layout::{centered, fit};

/// The most lines of one side shown; the rest is counted.
const SIDE_LINES: usize = 8;

/// Draw the first unresolved conflict of the merge under way.
pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let Some(pending) = &app.merge else {
        return;
    };
    let Some(conflict) = pending.conflicts.first() else {
        return;
    };
    let theme = app.settings.theme;
    let width = area.width.saturating_sub(4).min(100);
    let text_width = usize::from(width.saturating_sub(2));
    let mut lines = vec![
        Line::from(Span::styled(
            fit(&Shown::line(&conflict.path.to_string()), text_width),
            theme.heading(),
        )),
        Line::default(),
    ];
    for (label, side) in [
        ("yours", &conflict.ours),
        ("on disk (theirs)", &conflict.theirs),
    ] {
        lines.push(Line::from(Span::styled(format!("{label}:"), theme.title())));
        let side_lines: Vec<&str> = side.lines().collect();
        if side_lines.is_empty() {
            lines.push(Line::from("  (nothing: removed)"));
        }
        for line in side_lines.iter().take(SIDE_LINES) {
            lines.push(Line::from(fit(
                &format!("  {}", Shown::line(line)),
                text_width,
            )));
        }
        if side_lines.len() > SIDE_LINES {
            lines.push(Line::from(format!(
                "  … and {} more lines",
                side_lines.len() - SIDE_LINES
            )));
        }
        lines.push(Line::default());
    }
    let answers = app
        .settings
        .keymap
        .hints_for(Mode::Confirm, CONFLICT_ANSWERS);
    lines.push(Line::from(Span::styled(
        fit(&answers, text_width),
        theme.title(),
    )));
    let height = (lines.len() as u16 + 2).min(area.height);
    let rect = centered(area, width, height);
    let title = format!(" Merge: conflict 1 of {} ", pending.conflicts.len());
    frame.render_widget(Clear, rect);
    frame.render_widget(Paragraph::new(lines).block(window(app, title, "")), rect);
}
