//! The screen shown while the file on disk does not parse: what is wrong,
//! where, and that the UI reloads once it is fixed.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{Paragraph, Wrap};

use crate::diagnostic::{SourceFile, render_human};
use crate::document::LoadFailure;
use crate::text::Shown;
use crate::tui::app::App;
use crate::tui::widgets::pane;

/// Draw the diagnostics of a plan that no longer parses.
pub fn render(app: &App, failure: &LoadFailure, frame: &mut Frame, area: Rect) {
    let theme = app.settings.theme;
    let name = Shown::line(&app.file_name());
    let file = SourceFile {
        name: &name,
        text: &failure.text,
    };
    let report = render_human(&file, std::slice::from_ref(&failure.diagnostic), false);
    let mut lines = vec![
        Line::from(Span::styled(
            format!("{name} changed on disk and no longer parses."),
            theme.error(),
        )),
        Line::from(Span::styled(
            "Fix the file and it reloads by itself; R reloads by hand. Your last good version is kept until then.",
            theme.dim(),
        )),
        Line::default(),
    ];
    lines.extend(Text::raw(report).lines);
    let block = pane(app, " The file on disk ", true);
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .wrap(Wrap { trim: false }),
        area,
    );
}
