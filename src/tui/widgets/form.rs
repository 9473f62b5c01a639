//! The form window: one line per field, an Apply line, the error of each
//! line under it; and the pickers (in a form or on their own). The hints
//! on their borders come from the key table.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};
use unicode_width::UnicodeWidthStr;

use crate::text::Shown;
use crate::tui::action::Action;
use crate::tui::app::App;
use crate::tui::form::Form;
use crate::tui::keymap::Mode;
use crate::tui::layout::{centered, fit, scroll_to};
use crate::tui::picker::Picker;
use crate::tui::widgets::windows::window;

/// Draw a form, with its picker or long-text editor when one is open.
pub fn render_form(app: &App, form: &Form, frame: &mut Frame, area: Rect) {
    let theme = app.settings.theme;
    // The fields, their errors, the Apply line, and the border.
    let wanted = form.fields.len() + form.fields.iter().filter(|f| f.error.is_some()).count() + 4;
    let height = if form.long_text.is_some() || form.picker.is_some() {
        area.height.saturating_sub(2)
    } else {
        (wanted as u16).min(area.height.saturating_sub(2))
    };
    let rect = centered(area, area.width.saturating_sub(4).min(96), height);
    frame.render_widget(Clear, rect);
    let keys = format!(" {} ", app.settings.keymap.hint_line(form.mode()));
    let block = window(app, format!(" {} ", Shown::line(&form.title)), keys);
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let label_width = form
        .fields
        .iter()
        .map(|f| f.field.key.len() + usize::from(f.field.required))
        .max()
        .unwrap_or(0);
    let value_width = usize::from(inner.width).saturating_sub(label_width + 3);
    let error_lines = u16::from(form.error.is_some());
    let [fields_area, error_area] =
        Layout::vertical([Constraint::Min(0), Constraint::Length(error_lines)]).areas(inner);
    // One line per field, and one more under a field with an error.
    let mut lines: Vec<Line> = Vec::new();
    let mut focused_line = 0;
    let mut cursor = None;
    for (i, line) in form.fields.iter().enumerate() {
        let focused = i == form.focused;
        if focused {
            focused_line = lines.len();
        }
        let label = format!(
            "{:>label_width$} ",
            format!(
                "{}{}",
                line.field.key,
                if line.field.required { "*" } else { "" }
            )
        );
        let shown = Shown::line(&line.text);
        let value = if line.is_long() {
            let first = shown.split("\\n").next().unwrap_or("").to_owned();
            let more = if line.text.contains('\n') { " …" } else { "" };
            format!("{first}{more}")
        } else {
            shown.into()
        };
        let list_mark = if line.is_list() { " [list]" } else { "" };
        let mut value_span = Span::raw(fit(&value, value_width.saturating_sub(list_mark.len())));
        if line.text.is_empty() {
            let hint = if line.is_choice() {
                "(Enter to choose)"
            } else if line.is_long() {
                "(Enter to write)"
            } else if line.is_list() {
                "(comma-separated)"
            } else {
                ""
            };
            value_span = Span::styled(hint, theme.dim());
        }
        let label_style = if focused {
            theme.title()
        } else {
            theme.label()
        };
        let mut spans = vec![Span::styled(label, label_style), Span::raw(" "), value_span];
        if line.is_choice() && !line.text.is_empty() {
            spans.push(Span::styled(" ▾", theme.dim()));
        }
        if line.is_list() {
            spans.push(Span::styled(list_mark, theme.dim()));
        }
        let mut row = Line::from(spans);
        if focused {
            row = row.patch_style(Style::new().add_modifier(Modifier::BOLD));
            if !line.is_choice() && !line.is_long() {
                let before: String = line.text.chars().take(line.cursor).collect();
                let x = label_width + 2 + Shown::line(&before).width();
                cursor = Some(x.min(usize::from(inner.width.saturating_sub(1))));
            }
        }
        lines.push(row);
        if let Some(error) = &line.error {
            lines.push(Line::from(Span::styled(
                format!("{:label_width$}   ✗ {}", "", Shown::line(error)),
                theme.error(),
            )));
        }
    }
    // The Apply line: Enter on it applies.
    if form.on_apply_line() {
        focused_line = lines.len();
    }
    let apply_key = app
        .settings
        .keymap
        .key_in(Mode::Form, Action::Apply)
        .map_or_else(String::new, |k| format!(" (or {k} anywhere)"));
    let apply = Line::from(vec![
        Span::styled(format!("{:>label_width$}  ", ""), theme.label()),
        Span::styled("[ Apply ]", theme.title()),
        Span::styled(apply_key, theme.dim()),
    ]);
    lines.push(if form.on_apply_line() {
        apply.patch_style(theme.selected())
    } else {
        apply
    });
    let height = usize::from(fields_area.height);
    // From the top, scrolled no further than the focused line needs.
    let offset = scroll_to(0, focused_line, height, lines.len());
    let shown: Vec<Line> = lines.into_iter().skip(offset).take(height).collect();
    frame.render_widget(Paragraph::new(shown), fields_area);
    if let Some(error) = &form.error {
        frame.render_widget(
            Paragraph::new(Span::styled(
                format!("✗ {}", Shown::line(error)),
                theme.error(),
            )),
            error_area,
        );
    }
    if let Some(editor) = &form.long_text {
        let rect = centered(
            inner,
            inner.width.saturating_sub(4),
            inner.height.saturating_sub(2).max(3),
        );
        frame.render_widget(Clear, rect);
        let key = form.fields[form.focused].field.key;
        let keys = format!(" {} ", app.settings.keymap.hint_line(Mode::Editor));
        let block = window(app, format!(" {key} "), keys);
        let text_area = block.inner(rect);
        frame.render_widget(block, rect);
        frame.render_widget(editor, text_area);
    } else if let Some(picker) = &form.picker {
        render_picker(app, picker, frame, inner);
    } else if let Some(x) = cursor
        && focused_line >= offset
        && focused_line - offset < height
    {
        frame.set_cursor_position((
            fields_area.x + x as u16,
            fields_area.y + (focused_line - offset) as u16,
        ));
    }
}

/// Draw a choice list in the middle of `area`.
pub fn render_picker(app: &App, picker: &Picker, frame: &mut Frame, area: Rect) {
    let theme = app.settings.theme;
    let height = (picker.entries.len() as u16 + 4)
        .min(area.height.saturating_sub(2))
        .max(5);
    let rect = centered(area, area.width.saturating_sub(8).min(70), height);
    frame.render_widget(Clear, rect);
    let keys = format!(" {} ", app.settings.keymap.hint_line(picker.mode()));
    let block = window(app, format!(" {} ", Shown::line(&picker.title)), keys);
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let [query_area, list_area] =
        Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(inner);
    let query = Shown::line(&picker.query);
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled("› ", theme.title()),
            Span::raw(query.clone()),
            Span::styled(
                format!("  {}/{}", picker.matches.len(), picker.entries.len()),
                theme.dim(),
            ),
        ])),
        query_area,
    );
    frame.set_cursor_position((
        (query_area.x + 2 + query.width() as u16).min(query_area.right().saturating_sub(1)),
        query_area.y,
    ));
    let rows = usize::from(list_area.height);
    let offset = scroll_to(0, picker.selected, rows, picker.rows());
    let width = usize::from(list_area.width);
    let lines: Vec<Line> = picker
        .matches
        .iter()
        .enumerate()
        .skip(offset)
        .take(rows)
        .map(|(position, &i)| {
            let entry = &picker.entries[i];
            let tick = if picker.multiple {
                if picker.ticked[i] { "[x] " } else { "[ ] " }
            } else {
                ""
            };
            let value = Shown::line(&entry.value);
            let label = Shown::line(&entry.label);
            let text = match (value.is_empty(), label.is_empty()) {
                (false, false) => format!("{tick}{value}  {label}"),
                (true, _) => format!("{tick}{label}"),
                (false, true) => format!("{tick}{value}"),
            };
            let line = Line::from(fit(&text, width));
            if position == picker.selected {
                line.patch_style(theme.selected())
            } else {
                line
            }
        })
        .collect();
    let mut lines = lines;
    if let (Some(typed), Some(what)) = (picker.typed_value(), picker.typed) {
        let position = picker.matches.len();
        if position >= offset && position < offset + rows {
            let text = format!("+ {} ({what})", Shown::line(typed));
            let line = Line::from(fit(&text, width));
            lines.push(if position == picker.selected {
                line.patch_style(theme.selected())
            } else {
                line
            });
        }
    }
    if lines.is_empty() {
        frame.render_widget(
            Paragraph::new(Span::styled("nothing matches", theme.dim())),
            list_area,
        );
    } else {
        frame.render_widget(Paragraph::new(lines), list_area);
    }
}
