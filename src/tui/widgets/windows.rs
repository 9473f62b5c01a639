//! The windows drawn over the screens: help, the form, pickers, questions
//! and the prompt. Each names the keys it takes in its own bottom line.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};
use unicode_width::UnicodeWidthStr;

use crate::text::printable;
use crate::tui::app::{App, Confirm, Overlay, Prompt, PromptPurpose};
use crate::tui::form::Form;
use crate::tui::layout::{centered, fit, scroll_to};
use crate::tui::picker::Picker;

/// Draw the open window.
pub fn render(app: &App, overlay: &Overlay, frame: &mut Frame, area: Rect) {
    match overlay {
        Overlay::Help { scroll } => render_help(app, *scroll, frame, area),
        Overlay::Form(form) => render_form(app, form, frame, area),
        Overlay::Picker { picker, .. } => render_picker(app, picker, frame, area),
        Overlay::Confirm(confirm) => render_confirm(app, confirm, frame, area),
        Overlay::Prompt(prompt) => render_prompt(app, prompt, frame, area),
    }
}

fn window<'a>(app: &App, title: String, keys: &'a str) -> Block<'a> {
    let theme = app.settings.theme;
    Block::default()
        .borders(Borders::ALL)
        .border_style(theme.border_focused())
        .title(Span::styled(title, theme.title()))
        .title_bottom(Line::from(Span::styled(keys, theme.dim())))
}

fn render_help(app: &App, scroll: usize, frame: &mut Frame, area: Rect) {
    let theme = app.settings.theme;
    let rows = app.settings.keymap.help_rows();
    let key_width = rows.iter().map(|(k, _)| k.width()).max().unwrap_or(0);
    let mut lines: Vec<Line> = rows
        .into_iter()
        .map(|(keys, help)| {
            Line::from(vec![
                Span::styled(format!("{keys:>key_width$}  "), theme.title()),
                Span::raw(help),
            ])
        })
        .collect();
    lines.push(Line::default());
    lines.push(Line::from(Span::styled(
        "In a form: Tab/↓ next field · Enter apply or choose · Ctrl-s apply · Esc cancel",
        theme.dim(),
    )));
    lines.push(Line::from(Span::styled(
        "In a list to choose from: type to search · ↑↓ move · Space tick · Enter choose",
        theme.dim(),
    )));
    let rect = centered(area, 84, lines.len() as u16 + 2);
    let inner_height = usize::from(rect.height.saturating_sub(2));
    let scroll = scroll.min(lines.len().saturating_sub(inner_height));
    frame.render_widget(Clear, rect);
    frame.render_widget(
        Paragraph::new(lines)
            .scroll((scroll as u16, 0))
            .block(window(
                app,
                " Keys ".to_owned(),
                " ↑↓ scroll · any other key closes ",
            )),
        rect,
    );
}

fn render_form(app: &App, form: &Form, frame: &mut Frame, area: Rect) {
    let theme = app.settings.theme;
    let wanted = form.fields.len() + form.fields.iter().filter(|f| f.error.is_some()).count() + 3;
    let height = if form.long_text.is_some() || form.picker.is_some() {
        area.height.saturating_sub(2)
    } else {
        (wanted as u16).min(area.height.saturating_sub(2))
    };
    let rect = centered(area, area.width.saturating_sub(4).min(96), height);
    frame.render_widget(Clear, rect);
    let keys = if form.long_text.is_some() {
        " type · Esc done "
    } else if form.picker.is_some() {
        " type to search · Enter choose · Esc back "
    } else {
        " Tab/↓ next · Enter apply or choose · Ctrl-s apply · Esc cancel "
    };
    let block = window(app, format!(" {} ", printable(&form.title)), keys);
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
        let shown = printable(&line.text).into_owned();
        let value = if line.is_long() {
            let first = shown.split("\\n").next().unwrap_or("").to_owned();
            let more = if line.text.contains('\n') { " …" } else { "" };
            format!("{first}{more}")
        } else {
            shown
        };
        let mut value_span = Span::raw(fit(&value, value_width));
        if line.text.is_empty() {
            let hint = if line.is_choice() {
                "(Enter to choose)"
            } else if line.is_long() {
                "(Enter to write)"
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
        let mut row = Line::from(spans);
        if focused {
            row = row.patch_style(Style::new().add_modifier(Modifier::BOLD));
            if !line.is_choice() && !line.is_long() {
                let before: String = line.text.chars().take(line.cursor).collect();
                let x = label_width + 2 + printable(&before).width();
                cursor = Some(x.min(usize::from(inner.width.saturating_sub(1))));
            }
        }
        lines.push(row);
        if let Some(error) = &line.error {
            lines.push(Line::from(Span::styled(
                format!("{:label_width$}   ✗ {}", "", printable(error)),
                theme.error(),
            )));
        }
    }
    let height = usize::from(fields_area.height);
    // From the top, scrolled no further than the focused line needs.
    let offset = scroll_to(0, focused_line, height, lines.len());
    let shown: Vec<Line> = lines.into_iter().skip(offset).take(height).collect();
    frame.render_widget(Paragraph::new(shown), fields_area);
    if let Some(error) = &form.error {
        frame.render_widget(
            Paragraph::new(Span::styled(
                format!("✗ {}", printable(error)),
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
        let block = window(app, format!(" {key} "), " Esc done ");
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

fn render_picker(app: &App, picker: &Picker, frame: &mut Frame, area: Rect) {
    let theme = app.settings.theme;
    let height = (picker.entries.len() as u16 + 4)
        .min(area.height.saturating_sub(2))
        .max(5);
    let rect = centered(area, area.width.saturating_sub(8).min(70), height);
    frame.render_widget(Clear, rect);
    let keys = if picker.multiple {
        " Space tick · Enter done · Esc cancel "
    } else {
        " Enter choose · Esc cancel "
    };
    let block = window(app, format!(" {} ", printable(&picker.title)), keys);
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let [query_area, list_area] =
        Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(inner);
    let query = printable(&picker.query).into_owned();
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
    let offset = scroll_to(0, picker.selected, rows, picker.matches.len());
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
            let value = printable(&entry.value).into_owned();
            let label = printable(&entry.label).into_owned();
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
    if lines.is_empty() {
        frame.render_widget(
            Paragraph::new(Span::styled("nothing matches", theme.dim())),
            list_area,
        );
    } else {
        frame.render_widget(Paragraph::new(lines), list_area);
    }
}

fn render_confirm(app: &App, confirm: &Confirm, frame: &mut Frame, area: Rect) {
    let theme = app.settings.theme;
    let name = printable(&app.session.file_name()).into_owned();
    let (title, question, answers) = match confirm {
        Confirm::Delete { noun, .. } => (
            " Delete ",
            format!("Delete {noun}? It can be undone with u."),
            "y delete · n keep",
        ),
        Confirm::Quit => (
            " Unsaved changes ",
            format!("{name} has unsaved changes."),
            "s save and quit · d discard and quit · Esc stay",
        ),
        Confirm::OutsideChange => (
            " Changed on disk ",
            format!("{name} changed on disk, and you have unsaved changes here."),
            "r reload (lose yours) · k keep yours",
        ),
        Confirm::SaveConflict => (
            " Changed on disk ",
            format!(
                "{name} changed on disk since it was read; saving would overwrite that change."
            ),
            "o overwrite · r reload (lose yours) · Esc cancel",
        ),
        Confirm::Overwrite(path) => (
            " File exists ",
            format!(
                "{} exists. Replace it?",
                printable(&path.display().to_string())
            ),
            "y replace · n cancel",
        ),
        Confirm::ReplaceExport { format, path } => (
            " File exists ",
            format!(
                "{} exists. Replace it with the {} export?",
                printable(&path.display().to_string()),
                format.label()
            ),
            "y replace · n cancel",
        ),
    };
    let width = (question.width().max(answers.width()) as u16 + 4).min(area.width);
    let height = 6;
    let rect = centered(area, width.max(30), height);
    frame.render_widget(Clear, rect);
    let lines = vec![
        Line::from(question),
        Line::default(),
        Line::from(Span::styled(answers, theme.title())),
    ];
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: true })
            .block(window(app, title.to_owned(), "")),
        rect,
    );
}

fn render_prompt(app: &App, prompt: &Prompt, frame: &mut Frame, area: Rect) {
    let theme = app.settings.theme;
    let rect = centered(area, area.width.saturating_sub(8).min(70), 6);
    frame.render_widget(Clear, rect);
    let keys = match prompt.purpose {
        PromptPurpose::ExportPath(_) => " Enter export · Esc cancel ",
        PromptPurpose::SavePath | PromptPurpose::SavePathThenQuit => " Enter save · Esc cancel ",
    };
    let block = window(app, format!(" {} ", printable(&prompt.question)), keys);
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let text = printable(&prompt.text).into_owned();
    let mut lines = vec![Line::from(vec![
        Span::styled("› ", theme.title()),
        Span::raw(text.clone()),
    ])];
    if let Some(error) = &prompt.error {
        lines.push(Line::from(Span::styled(
            format!("✗ {}", printable(error)),
            theme.error(),
        )));
    }
    frame.render_widget(Paragraph::new(lines), inner);
    frame.set_cursor_position((
        (inner.x + 2 + text.width() as u16).min(inner.right().saturating_sub(1)),
        inner.y,
    ));
}
