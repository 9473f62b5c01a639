//! The details pane: the lines of [`crate::tui::detail`], from the offset
//! `update` keeps (so the selected line is in view).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::tui::app::{App, Focus};
use crate::tui::detail::detail_lines;
use crate::tui::layout::{detail_text_width, scroll_to};
use crate::tui::widgets::pane;

/// Draw the selected item's details.
pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let focused = app.focus == Focus::Detail && app.overlay.is_none();
    let block = pane(app, " Details ", focused);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let lines = detail_lines(app, detail_text_width(area));
    let theme = app.settings.theme;
    if lines.is_empty() {
        frame.render_widget(
            Paragraph::new(Span::styled("Nothing selected.", theme.dim())),
            inner,
        );
        return;
    }
    let list = app.list();
    let height = usize::from(inner.height);
    let selected = list.detail_selected.min(lines.len() - 1);
    let offset = if focused {
        scroll_to(list.detail_offset, selected, height, lines.len())
    } else {
        0
    };
    let shown: Vec<Line> = lines
        .into_iter()
        .enumerate()
        .skip(offset)
        .take(height)
        .map(|(i, detail)| {
            let marker = if focused && i == selected {
                Span::styled("▌", theme.border_focused())
            } else {
                Span::raw(" ")
            };
            let mut spans = vec![marker];
            spans.extend(detail.line.spans);
            let line = Line::from(spans);
            if focused && i == selected {
                line.patch_style(theme.selected())
            } else {
                line
            }
        })
        .collect();
    frame.render_widget(Paragraph::new(shown), inner);
}
