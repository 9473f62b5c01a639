//! The details of a problem: its code, message, place, line and help.

use super::*;
use crate::diagnostic::LineIndex;
use crate::tui::theme::severity_symbol;

pub(super) fn problem(out: &mut Lines, app: &App, index: usize) {
    let document = app.session.document();
    let Some(diagnostic) = document.diagnostics().get(index) else {
        return;
    };
    let theme = out.theme;
    let severity = diagnostic.severity();
    out.push(
        Line::from(vec![
            Span::styled(
                format!(
                    "{} {} ",
                    severity_symbol(severity),
                    diagnostic.code.as_str()
                ),
                theme.severity(severity),
            ),
            Span::styled(diagnostic.code.summary().to_owned(), theme.dim()),
        ]),
        None,
    );
    out.blank();
    out.paragraph(flowed(&diagnostic.message), 0, Style::new(), None);
    out.blank();
    out.field(
        "place",
        vec![Span::raw(Shown::line(&diagnostic.path.to_string()))],
        None,
    );
    if let Some(span) = &diagnostic.span
        && document.diagnostics_located()
    {
        let at = LineIndex::new(document.text()).line_col(span.start);
        out.field(
            "line",
            vec![Span::raw(format!("{}:{}", at.line, at.column))],
            None,
        );
    }
    if let Some(help) = &diagnostic.help {
        out.blank();
        out.paragraph(flowed(&format!("help: {help}")), 0, theme.good(), None);
    }
    if item_of_path(&diagnostic.path).is_some() {
        out.blank();
        out.push(
            Line::from(Span::styled("Enter: go to the item", theme.dim())),
            None,
        );
    }
}
