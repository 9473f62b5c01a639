//! The windows drawn over the screens: help, questions and the prompt (the
//! form and pickers are in [`super::form`]). Each names the keys it takes on
//! its bottom border, from the key table.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};
use unicode_width::UnicodeWidthStr;

use crate::text::Shown;
use crate::tui::action::Action;
use crate::tui::app::{App, Confirm, Overlay, Prompt, PromptPurpose, RENAME_ANSWERS};
use crate::tui::keymap::{HelpLine, Mode};
use crate::tui::layout::{centered, help_rect};
use crate::tui::widgets::form::{render_form, render_picker};

/// Draw the open window.
pub fn render(app: &App, overlay: &Overlay, frame: &mut Frame, area: Rect) {
    match overlay {
        Overlay::Help { scroll } => render_help(app, *scroll, frame, area),
        Overlay::Changes {
            title,
            lines,
            scroll,
        } => render_changes(app, title, lines, *scroll, frame, area),
        Overlay::Form(form) => render_form(app, form, frame, area),
        Overlay::Rename { form, from, to, .. } => {
            render_form(app, form, frame, area);
            let question = format!(
                "Rename {} to {} and every reference to it?",
                Shown::line(from),
                Shown::line(to)
            );
            let answers = app.settings.keymap.hints_for(Mode::Confirm, RENAME_ANSWERS);
            render_question(app, " Rename ", question, &answers, frame, area);
        }
        Overlay::Picker { picker, .. } => render_picker(app, picker, frame, area),
        Overlay::Confirm(confirm) => render_confirm(app, confirm, frame, area),
        Overlay::Conflicts => super::conflicts::render(app, frame, area),
        Overlay::Prompt(prompt) => render_prompt(app, prompt, frame, area),
    }
}

/// A bordered window titled `title`, with `keys` on its bottom border.
pub fn window<'a>(app: &App, title: String, keys: impl Into<Line<'a>> + 'a) -> Block<'a> {
    let theme = app.settings.theme;
    Block::default()
        .style(theme.text())
        .borders(Borders::ALL)
        .border_style(theme.border_focused())
        .title(Span::styled(title, theme.title()))
        .title_bottom(keys.into().style(theme.dim()))
}

fn render_help(app: &App, scroll: usize, frame: &mut Frame, area: Rect) {
    let theme = app.settings.theme;
    let keymap = &app.settings.keymap;
    let help = keymap.help_lines();
    let key_width = help
        .iter()
        .map(|line| match line {
            HelpLine::Keys(keys, _) => keys.width(),
            _ => 0,
        })
        .max()
        .unwrap_or(0);
    let lines: Vec<Line> = help
        .iter()
        .map(|line| match line {
            HelpLine::Heading(title) => Line::from(Span::styled(*title, theme.heading())),
            HelpLine::About(about) => Line::from(Span::styled(
                format!("{:key_width$}  {about}", ""),
                theme.dim(),
            )),
            HelpLine::Keys(keys, what) => Line::from(vec![
                Span::styled(format!("{keys:>key_width$}  "), theme.title()),
                Span::raw(*what),
            ]),
            HelpLine::Blank => Line::default(),
        })
        .collect();
    let rect = help_rect(area, lines.len());
    let inner_height = usize::from(rect.height.saturating_sub(2));
    let scroll = scroll.min(lines.len().saturating_sub(inner_height));
    let keys = keymap.hints_for(
        Mode::Help,
        &[
            (Action::Up, "up"),
            (Action::Down, "down"),
            (Action::Cancel, "close"),
        ],
    );
    frame.render_widget(Clear, rect);
    frame.render_widget(
        Paragraph::new(lines)
            .scroll((scroll as u16, 0))
            .block(window(app, " Keys ".to_owned(), format!(" {keys} "))),
        rect,
    );
}

/// The Changes view: the diff's lines over the whole body (the lists behind
/// would only show through at its edges), item lines as headings.
fn render_changes(
    app: &App,
    title: &str,
    lines: &[String],
    scroll: usize,
    frame: &mut Frame,
    area: Rect,
) {
    let keys = app.settings.keymap.hints_for(
        Mode::Help,
        &[
            (Action::Up, "up"),
            (Action::Down, "down"),
            (Action::Cancel, "close"),
        ],
    );
    render_lines(app, title, lines, scroll, &keys, frame, area);
}

fn render_confirm(app: &App, confirm: &Confirm, frame: &mut Frame, area: Rect) {
    if let Confirm::Recover(recovery) = confirm
        && let Some((lines, scroll)) = &recovery.compare
    {
        let title = format!(
            "Unsaved work from {} against {}",
            crate::tui::journal::utc_time(recovery.written),
            app.file_name()
        );
        let answers = app
            .settings
            .keymap
            .hints_for(Mode::Confirm, confirm.answers());
        render_lines(app, &title, lines, *scroll, &answers, frame, area);
        return;
    }
    let name = Shown::line(&app.file_name());
    let undo = app
        .settings
        .keymap
        .key_for(Action::Undo)
        .map_or_else(String::new, |k| format!(" It can be undone with {k}."));
    let (title, question) = match confirm {
        Confirm::Delete {
            noun, references, ..
        } => (
            " Delete ",
            format!("Delete {noun}?{}{undo}", what_breaks(references)),
        ),
        Confirm::Quit if app.deleted_on_disk && !app.session.is_dirty() => (
            " Deleted on disk ",
            format!("{name} was deleted on disk; only this window still holds it."),
        ),
        Confirm::Quit => (" Unsaved changes ", format!("{name} has unsaved changes.")),
        Confirm::NewWorkshop { dots, latest } => {
            let today = app.today;
            let latest = latest
                .and_then(|index| app.plan().workshops.get(index))
                .map_or_else(
                    || " The plan has no workshop yet.".to_owned(),
                    |w| {
                        let date = w
                            .date
                            .map_or_else(|| "undated".to_owned(), |d| d.to_string());
                        format!(" The latest is `{}` ({date}).", Shown::line(&w.id))
                    },
                );
            (
                " Record this session ",
                format!(
                    "Record what the room says in a new workshop dated {today}, with {dots} dots for each participant?{latest}"
                ),
            )
        }
        Confirm::OutsideChange => (
            " Changed on disk ",
            format!("{name} changed on disk, and you have unsaved changes here."),
        ),
        Confirm::SaveConflict => (
            " Changed on disk ",
            format!(
                "{name} changed on disk since it was read; saving would overwrite that change."
            ),
        ),
        Confirm::Overwrite(path) => (
            " File exists ",
            format!(
                "{} exists. Replace it?",
                Shown::line(&path.display().to_string())
            ),
        ),
        Confirm::Recover(recovery) => (
            " Unsaved work ",
            format!(
                "{name} has unsaved work from {}, kept when commonplan stopped before saving it.{}",
                crate::tui::journal::utc_time(recovery.written),
                if recovery.file_changed {
                    format!(" {name} has changed on disk since that work began.")
                } else {
                    String::new()
                }
            ),
        ),
        Confirm::ReplaceExport { format, path } => (
            " File exists ",
            format!(
                "{} exists. Replace it with the {} export?",
                Shown::line(&path.display().to_string()),
                format.label()
            ),
        ),
    };
    let answers = app
        .settings
        .keymap
        .hints_for(Mode::Confirm, confirm.answers());
    render_question(app, title, question, &answers, frame, area);
}

/// Lines of changes over the whole body, item lines as headings, with the
/// position and `keys` on the bottom border: the Changes view and the
/// recovery question's comparison.
fn render_lines(
    app: &App,
    title: &str,
    lines: &[String],
    scroll: usize,
    keys: &str,
    frame: &mut Frame,
    area: Rect,
) {
    let theme = app.settings.theme;
    let inner_height = usize::from(area.height.saturating_sub(2));
    let scroll = scroll.min(lines.len().saturating_sub(inner_height));
    let shown: Vec<Line> = lines
        .iter()
        .skip(scroll)
        .take(inner_height)
        .map(|line| {
            let text = Shown::line(line);
            if line.starts_with(|c: char| !c.is_whitespace()) {
                Line::from(Span::styled(text, theme.heading()))
            } else {
                Line::from(Span::raw(text))
            }
        })
        .collect();
    let position = format!(
        " {}–{} of {} · {keys} ",
        (scroll + 1).min(lines.len()),
        (scroll + inner_height).min(lines.len()),
        lines.len()
    );
    frame.render_widget(Clear, area);
    frame.render_widget(
        Paragraph::new(shown).block(window(app, format!(" {} ", Shown::line(title)), position)),
        area,
    );
}

/// What deleting leaves naming nothing, as a sentence starting with a
/// space, or nothing when nothing refers to the item.
fn what_breaks(references: &[String]) -> String {
    const SHOWN: usize = 4;
    match references.len() {
        0 => String::new(),
        n => {
            let mut places: Vec<String> = references
                .iter()
                .take(SHOWN)
                .map(|place| Shown::line(place).to_string())
                .collect();
            if n > SHOWN {
                places.push(format!("and {} more", n - SHOWN));
            }
            let sentence = if n == 1 {
                "1 reference will name nothing".to_owned()
            } else {
                format!("{n} references will name nothing")
            };
            format!(" {sentence}: {}.", places.join(", "))
        }
    }
}

/// A question and its answers in a small window in the middle of `area`.
fn render_question(
    app: &App,
    title: &str,
    question: String,
    answers: &str,
    frame: &mut Frame,
    area: Rect,
) {
    let theme = app.settings.theme;
    let width = (question.width().max(answers.width()) as u16 + 4)
        .min(area.width)
        .max(30);
    // The question wrapped within the borders, a blank line and the answers.
    let text_width = usize::from(width.min(area.width).saturating_sub(2)).max(1);
    let height = (wrapped_lines(&question, text_width) as u16 + 4).max(6);
    let rect = centered(area, width, height);
    frame.render_widget(Clear, rect);
    let lines = vec![
        Line::from(question),
        Line::default(),
        Line::from(Span::styled(answers.to_owned(), theme.title())),
    ];
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: true })
            .block(window(app, title.to_owned(), "")),
        rect,
    );
}

/// How many lines `text` takes wrapped at words within `width` columns
/// (a word longer than the line is cut, as the paragraph does).
fn wrapped_lines(text: &str, width: usize) -> usize {
    let mut lines = 1;
    let mut used = 0;
    for word in text.split_whitespace() {
        let w = word.width();
        let needed = if used == 0 { w } else { used + 1 + w };
        if needed <= width {
            used = needed;
        } else {
            lines += 1 + w.saturating_sub(1) / width;
            used = match w % width {
                0 => width,
                rest => rest,
            };
        }
    }
    lines
}

fn render_prompt(app: &App, prompt: &Prompt, frame: &mut Frame, area: Rect) {
    let theme = app.settings.theme;
    let rect = centered(area, area.width.saturating_sub(8).min(70), 6);
    frame.render_widget(Clear, rect);
    let answer = match prompt.purpose {
        PromptPurpose::ExportPath(_) => "export",
        PromptPurpose::SavePath | PromptPurpose::SavePathThenQuit => "save",
        PromptPurpose::Capture => "next",
        PromptPurpose::ConflictText => "use it",
    };
    let keys = app.settings.keymap.hints_for(
        Mode::Prompt,
        &[(Action::Answer, answer), (Action::Cancel, "cancel")],
    );
    let keys = format!(" {keys} ");
    let block = window(app, format!(" {} ", Shown::line(&prompt.question)), keys);
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let text = Shown::line(&prompt.text);
    let mut lines = vec![Line::from(vec![
        Span::styled("› ", theme.title()),
        Span::raw(text.clone()),
    ])];
    if let Some(error) = &prompt.error {
        lines.push(Line::from(Span::styled(
            format!("✗ {}", Shown::line(error)),
            theme.error(),
        )));
    }
    frame.render_widget(Paragraph::new(lines), inner);
    frame.set_cursor_position((
        (inner.x + 2 + text.width() as u16).min(inner.right().saturating_sub(1)),
        inner.y,
    ));
}
