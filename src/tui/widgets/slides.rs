//! Drawing a slide of presentation mode: the whole terminal, no editing
//! chrome, bold text at the highest contrast, for a room to read.
//!
//! A slide is a heading (where the item sits, and its title) over a body of
//! blocks — progress, indicators, milestones, partnerships, parties — and a
//! footer with the key hints from the key table and the slide number
//! (`12 / 40`). Text is wrapped here at word boundaries, so a number is
//! never cut across lines or at the edge; a body taller than the screen ends
//! with a line saying how much more there is. From [`TWO_COLUMNS`] columns
//! on, the blocks are laid out in two columns to use a wide room's screen.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};
use unicode_width::UnicodeWidthStr;

use crate::model::{Keyword, Period, Plan};
use crate::progress::overdue::{OVERDUE, milestone_overdue, review_overdue};
use crate::progress::{Percent, goals_by_status, indicator_progress};
use crate::text::{Shown, counted, number};
use crate::tui::app::App;
use crate::tui::figures::{bar, sparkline};
use crate::tui::keymap::Mode;
use crate::tui::present::{Presentation, Slide};
use crate::tui::theme::{Theme, goal_symbol, partnership_symbol};

/// From this width on, a slide's blocks go in two columns.
pub const TWO_COLUMNS: u16 = 150;

/// A run of text in one style, before wrapping.
type Piece = (String, Style);

/// One line of a block before wrapping: its pieces and the indent its
/// continuation lines take.
struct Row {
    pieces: Vec<Piece>,
    indent: usize,
}

/// A block of a slide: an optional heading and its rows.
struct Block {
    heading: Option<String>,
    rows: Vec<Row>,
    /// Left out when the slide has no room for it (what another slide
    /// shows in full), rather than cut.
    optional: bool,
}

/// Builds the blocks of a slide.
struct Blocks<'t> {
    theme: &'t Theme,
    blocks: Vec<Block>,
}

impl Blocks<'_> {
    fn block(&mut self, heading: Option<&str>) {
        self.blocks.push(Block {
            heading: heading.map(str::to_owned),
            rows: Vec::new(),
            optional: false,
        });
    }

    /// Start a block the slide leaves out when it has no room for it.
    fn optional_block(&mut self, heading: &str) {
        self.block(Some(heading));
        if let Some(block) = self.blocks.last_mut() {
            block.optional = true;
        }
    }

    fn row(&mut self, pieces: Vec<Piece>, indent: usize) {
        if self.blocks.is_empty() {
            self.block(None);
        }
        if let Some(block) = self.blocks.last_mut() {
            block.rows.push(Row { pieces, indent });
        }
    }

    fn text(&mut self, text: impl Into<String>) {
        let style = self.theme.slide();
        self.row(vec![(text.into(), style)], 0);
    }

    /// A long text from the plan, its paragraphs kept.
    fn paragraphs(&mut self, text: &str) {
        for paragraph in text.split("\n\n").map(str::trim).filter(|p| !p.is_empty()) {
            let flowed = paragraph.split_whitespace().collect::<Vec<_>>().join(" ");
            self.text(Shown::line(&flowed).into_string());
        }
    }
}

/// Draw the slide shown.
pub fn render(app: &App, presentation: &Presentation, frame: &mut Frame, area: Rect) {
    let theme = &app.settings.theme;
    frame.render_widget(Clear, area);
    frame.buffer_mut().set_style(area, theme.slide());
    if area.width < 20 || area.height < 6 {
        frame.render_widget(Paragraph::new("too small to present"), area);
        return;
    }
    let plan = app.plan();
    let slide = presentation.slide();
    let margin = if area.width >= 120 {
        area.width / 16
    } else {
        2
    };
    let inner = Rect::new(
        area.x + margin,
        area.y,
        area.width - 2 * margin,
        area.height,
    );
    let width = usize::from(inner.width);
    // Heading: where the item sits, then its title.
    let mut lines = Vec::new();
    let spacious = area.height >= 40;
    if spacious {
        lines.push(Line::default());
    }
    lines.push(Line::from(Span::styled(context(app, slide), theme.slide())));
    let title = Shown::line(slide.title(plan));
    for line in crate::tui::layout::wrap(&title, width).into_iter().take(2) {
        lines.push(Line::from(Span::styled(line, theme.slide_title())));
    }
    lines.push(Line::from(Span::styled(
        "─".repeat(width.min(title.width().max(20))),
        theme.slide_title(),
    )));
    if spacious {
        lines.push(Line::default());
    }
    let heading_height = lines.len() as u16;
    frame.render_widget(
        Paragraph::new(lines),
        Rect::new(inner.x, inner.y, inner.width, heading_height),
    );
    // Footer: the message if any, the hints and the slide number.
    let message = app.message.as_ref().map(|m| Shown::line(&m.text));
    let footer_height = 1 + u16::from(message.is_some()) + u16::from(spacious);
    let footer = Rect::new(
        inner.x,
        area.bottom() - footer_height,
        inner.width,
        footer_height,
    );
    render_footer(app, presentation, message, frame, footer);
    // The body.
    let body = Rect::new(
        inner.x,
        inner.y + heading_height,
        inner.width,
        inner
            .height
            .saturating_sub(heading_height + footer_height + 1),
    );
    let two = area.width >= TWO_COLUMNS;
    let column_width = if two { (width - 4) / 2 } else { width };
    let blocks = blocks(app, slide, column_width, usize::from(body.height) * 2);
    if two {
        let (left, right) = split(&blocks, column_width);
        let x = body.x + column_width as u16 + 4;
        draw_column(
            theme,
            left,
            column_width,
            spacious,
            frame,
            Rect {
                width: column_width as u16,
                ..body
            },
        );
        draw_column(
            theme,
            right,
            column_width,
            spacious,
            frame,
            Rect {
                x,
                width: column_width as u16,
                ..body
            },
        );
    } else {
        draw_column(theme, &blocks, column_width, spacious, frame, body);
    }
}

/// The line above a slide's title: what the slide is and where it sits.
fn context(app: &App, slide: &Slide) -> String {
    let plan = app.plan();
    let text = match slide {
        Slide::Plan => {
            let years = match (plan.plan.start_year, plan.plan.end_year) {
                (Some(a), Some(b)) => format!(" · {a}–{b}"),
                _ => String::new(),
            };
            format!("{}{years}", plan.plan.city)
        }
        Slide::Theme { .. } => "Theme".to_owned(),
        Slide::Goal { index, .. } => {
            let Some(goal) = plan.goals.get(*index) else {
                return String::new();
            };
            let theme = goal.theme.as_deref().map(|id| {
                plan.themes
                    .iter()
                    .find(|t| t.id == id)
                    .map_or(id, |t| &t.name)
            });
            let parent = goal
                .parent
                .as_deref()
                .and_then(|p| plan.goal(p))
                .map(|p| p.title.as_str());
            let mut text = "Goal".to_owned();
            for part in [theme, parent].into_iter().flatten() {
                text.push_str(" · ");
                text.push_str(part);
            }
            text
        }
        Slide::Partnership(_) => "Partnership".to_owned(),
    };
    Shown::line(&text).into_string()
}

fn render_footer(
    app: &App,
    presentation: &Presentation,
    message: Option<Shown>,
    frame: &mut Frame,
    area: Rect,
) {
    let theme = &app.settings.theme;
    let width = usize::from(area.width);
    let number = format!(
        "{} / {}",
        presentation.current + 1,
        presentation.slides.len()
    );
    let mut hints = app.settings.keymap.hint_line(Mode::Present);
    let room = width.saturating_sub(number.width() + 2);
    if hints.width() > room {
        // Drop whole hints from the end, never the slide number.
        let mut kept = String::new();
        for hint in hints.split(" · ") {
            let next = if kept.is_empty() {
                hint.to_owned()
            } else {
                format!("{kept} · {hint}")
            };
            if next.width() > room {
                break;
            }
            kept = next;
        }
        hints = kept;
    }
    let gap = width.saturating_sub(hints.width() + number.width());
    let mut lines = Vec::new();
    if let Some(message) = message {
        lines.push(Line::from(Span::styled(
            crate::tui::layout::fit(&message, width),
            theme.slide(),
        )));
    }
    lines.push(Line::from(vec![
        Span::styled(hints, theme.slide()),
        Span::raw(" ".repeat(gap)),
        Span::styled(number, theme.slide_title()),
    ]));
    let y = area.bottom() - lines.len() as u16;
    frame.render_widget(
        Paragraph::new(lines),
        Rect::new(area.x, y, area.width, area.bottom() - y),
    );
}

/// Share the blocks between two columns, the first taking blocks while it
/// is not taller than what is left.
fn split(blocks: &[Block], width: usize) -> (&[Block], &[Block]) {
    let heights: Vec<usize> = blocks.iter().map(|b| block_height(b, width)).collect();
    let total: usize = heights.iter().sum();
    let mut left = 0;
    let mut at = 0;
    while at < blocks.len() && (at == 0 || left + heights[at] / 2 < total / 2) {
        left += heights[at];
        at += 1;
    }
    blocks.split_at(at)
}

fn block_height(block: &Block, width: usize) -> usize {
    usize::from(block.heading.is_some())
        + 1
        + block
            .rows
            .iter()
            .map(|row| wrap_row(row, width).len())
            .sum::<usize>()
}

fn draw_column(
    theme: &Theme,
    blocks: &[Block],
    width: usize,
    spacious: bool,
    frame: &mut Frame,
    area: Rect,
) {
    let height = usize::from(area.height);
    let mut lines = column_lines(theme, blocks, width, spacious);
    // Leave out the blocks another slide shows, from the last.
    let mut kept: Vec<&Block> = blocks.iter().collect();
    while lines.len() > height {
        let Some(drop) = kept.iter().rposition(|b| b.optional) else {
            break;
        };
        kept.remove(drop);
        lines = column_lines(theme, kept.iter().copied(), width, spacious);
    }
    if lines.len() > height && height > 0 {
        let more = lines.len() - (height - 1);
        lines.truncate(height - 1);
        lines.push(Line::from(Span::styled(
            format!("… {}", counted(more, "more line")),
            theme.slide(),
        )));
    }
    frame.render_widget(Paragraph::new(lines), area);
}

/// The lines of a column of blocks, a blank line between blocks, and in a
/// spacious room between the entries of a block too.
fn column_lines<'b>(
    theme: &Theme,
    blocks: impl IntoIterator<Item = &'b Block>,
    width: usize,
    spacious: bool,
) -> Vec<Line<'static>> {
    let mut lines: Vec<Line> = Vec::new();
    for (b, block) in blocks.into_iter().enumerate() {
        if b > 0 {
            lines.push(Line::default());
        }
        if let Some(heading) = &block.heading {
            lines.push(Line::from(Span::styled(
                heading.clone(),
                theme.slide_title(),
            )));
            if spacious {
                lines.push(Line::default());
            }
        }
        for (r, row) in block.rows.iter().enumerate() {
            if spacious && r > 0 && row.indent == 0 && block.heading.is_some() {
                lines.push(Line::default());
            }
            lines.extend(wrap_row(row, width));
        }
    }
    lines
}

/// Wrap a row's pieces at spaces to `width` columns; continuation lines take
/// the row's indent. A word wider than the line is cut (only a long title's
/// word can be: numbers are short).
fn wrap_row(row: &Row, width: usize) -> Vec<Line<'static>> {
    let width = width.max(8);
    let mut lines = Vec::new();
    let mut line: Vec<Span<'static>> = Vec::new();
    let mut used = 0;
    for (text, style) in &row.pieces {
        for word in split_keeping_spaces(text) {
            let w = word.width();
            if used + w > width && used > row.indent && !word.trim().is_empty() {
                lines.push(Line::from(std::mem::take(&mut line)));
                line.push(Span::raw(" ".repeat(row.indent)));
                used = row.indent;
            }
            if used == row.indent && !lines.is_empty() && word.trim().is_empty() {
                continue;
            }
            let word = if w > width - used.min(width) {
                crate::tui::layout::fit(word, width - used.min(width))
            } else {
                word.to_owned()
            };
            used += word.width();
            line.push(Span::styled(word, *style));
        }
    }
    lines.push(Line::from(line));
    lines
}

/// The words of `text`, each with the spaces after it as separate parts.
fn split_keeping_spaces(text: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut start = 0;
    let mut in_space = text.starts_with(' ');
    for (i, c) in text.char_indices() {
        let space = c == ' ';
        if space != in_space {
            if i > start {
                parts.push(&text[start..i]);
            }
            start = i;
            in_space = space;
        }
    }
    if start < text.len() {
        parts.push(&text[start..]);
    }
    parts
}

/// A gauge as wide as the column allows, between 10 and 40 cells.
fn gauge(fraction: f64, width: usize) -> String {
    bar(fraction, width.saturating_sub(6).clamp(10, 40))
}

/// The blocks of a slide, at most about `limit` rows of long lists.
fn blocks(app: &App, slide: &Slide, width: usize, limit: usize) -> Vec<Block> {
    let theme = &app.settings.theme;
    let mut out = Blocks {
        theme,
        blocks: Vec::new(),
    };
    match slide {
        Slide::Plan => plan_slide(app, &mut out, width),
        Slide::Theme {
            declared, roots, ..
        } => theme_slide(app, &mut out, *declared, roots, width, limit),
        Slide::Goal { index, .. } => goal_slide(app, &mut out, *index, width, limit),
        Slide::Partnership(index) => partnership_slide(app, &mut out, *index, limit),
    }
    out.blocks
}

fn plan_slide(app: &App, out: &mut Blocks, width: usize) {
    let plan = app.plan();
    let theme = out.theme;
    if let Some(vision) = &plan.plan.vision {
        out.block(Some("Vision"));
        out.paragraphs(vision);
    }
    out.block(Some("Progress"));
    let overall = app.derived.progress.plan().unwrap_or(0.0);
    out.row(vec![(gauge(overall, width), theme.slide_gauge())], 0);
    let statuses: Vec<String> = goals_by_status(plan)
        .into_iter()
        .filter(|(_, n)| *n > 0)
        .map(|(status, n)| format!("{} {n} {}", goal_symbol(status), status.as_str()))
        .collect();
    out.text(format!(
        "{} · {}",
        counted(plan.goals.len(), "goal"),
        counted(plan.partnerships.len(), "partnership")
    ));
    out.text(statuses.join("   "));
    if !plan.themes.is_empty() {
        out.optional_block("Themes");
        let name_width = plan
            .themes
            .iter()
            .map(|t| Shown::line(&t.name).width())
            .max()
            .unwrap_or(0)
            .min(width / 2);
        for t in &plan.themes {
            let fraction = app.derived.progress.theme(Some(&t.id)).unwrap_or(0.0);
            let name = crate::tui::layout::fit(&Shown::line(&t.name), name_width);
            let pad = name_width - name.width();
            out.row(
                vec![
                    (format!("{name}{}  ", " ".repeat(pad)), theme.slide()),
                    (
                        bar(fraction, width.saturating_sub(name_width + 8).clamp(6, 30)),
                        theme.slide_gauge(),
                    ),
                ],
                2,
            );
        }
    }
}

fn theme_slide(
    app: &App,
    out: &mut Blocks,
    declared: Option<usize>,
    roots: &[usize],
    width: usize,
    limit: usize,
) {
    let plan = app.plan();
    let theme = out.theme;
    let declared = declared.and_then(|t| plan.themes.get(t));
    if let Some(description) = declared.and_then(|t| t.description.as_deref()) {
        out.block(None);
        out.paragraphs(description);
    }
    out.block(Some("Progress"));
    let fraction = app
        .derived
        .progress
        .theme(declared.map(|t| t.id.as_str()))
        .unwrap_or(0.0);
    out.row(vec![(gauge(fraction, width), theme.slide_gauge())], 0);
    out.block(Some("Goals"));
    for &index in roots.iter().take(limit) {
        let Some(goal) = plan.goals.get(index) else {
            continue;
        };
        out.row(
            vec![
                (
                    format!("{} {:<11} ", goal_symbol(goal.status), goal.status.as_str()),
                    theme.slide(),
                ),
                (Shown::line(&goal.title).into_string(), theme.slide()),
            ],
            14,
        );
    }
    if roots.len() > limit {
        out.text(format!("… and {} more", roots.len() - limit));
    }
}

fn goal_slide(app: &App, out: &mut Blocks, index: usize, width: usize, limit: usize) {
    let plan = app.plan();
    let theme = out.theme;
    let Some(goal) = plan.goals.get(index) else {
        return;
    };
    out.block(None);
    let mut status = format!("{} {}", goal_symbol(goal.status), goal.status.as_str());
    if let Some(year) = goal.target_year {
        status.push_str(&format!(" · target {year}"));
    }
    if let Some(budget) = goal.budget {
        status.push_str(&format!(
            " · budget {} {}",
            number(budget),
            Shown::line(&plan.plan.currency)
        ));
    }
    push_tally(app, &mut status, &goal.id);
    out.text(status);
    out.row(
        vec![(
            gauge(app.derived.progress.goal(index), width),
            theme.slide_gauge(),
        )],
        0,
    );
    if !goal.indicators.is_empty() {
        out.block(Some("Indicators"));
        for indicator in &goal.indicators {
            out.text(Shown::line(&indicator.name).into_string());
            let figure = |value: Option<f64>| value.map_or_else(|| "?".to_owned(), number);
            let now = indicator
                .measurements
                .last()
                .map(|m| m.value)
                .or(indicator.baseline);
            let unit = indicator
                .unit
                .as_deref()
                .map(|u| format!(" {}", Shown::line(u)))
                .unwrap_or_default();
            let mut figures = format!(
                "from {} · now {} · target {}{unit}",
                figure(indicator.baseline),
                figure(now),
                figure(indicator.target)
            );
            if let Some(percent) = indicator_progress(indicator).and_then(Percent::of) {
                figures.push_str(&format!(" · {}%", percent.whole()));
            }
            out.row(vec![(figures, theme.slide())], 2);
            if !indicator.measurements.is_empty() {
                let values: Vec<f64> = indicator.measurements.iter().map(|m| m.value).collect();
                let mut pieces = vec![(format!("{} ", sparkline(&values)), theme.slide_gauge())];
                let history: Vec<String> = indicator
                    .measurements
                    .iter()
                    .map(|m| format!("{} {}", m.date, number(m.value)))
                    .collect();
                pieces.push((history.join(" · "), theme.slide()));
                out.row(pieces, 2);
            }
        }
    }
    if !goal.milestones.is_empty() {
        let overdue = goal
            .milestones
            .iter()
            .filter(|m| milestone_overdue(m, app.today))
            .count();
        let heading = if overdue > 0 {
            format!("Milestones ({overdue} overdue)")
        } else {
            "Milestones".to_owned()
        };
        out.block(Some(&heading));
        for milestone in &goal.milestones {
            let mark = if milestone.done { "[x]" } else { "[ ]" };
            let due = milestone
                .due
                .map_or_else(|| "no date".to_owned(), |d| d.to_string());
            let mut pieces = vec![(format!("{mark} {due}  "), theme.slide())];
            if milestone_overdue(milestone, app.today) {
                pieces.push((format!("{OVERDUE}  "), theme.slide_overdue()));
            }
            pieces.push((Shown::line(&milestone.title).into_string(), theme.slide()));
            out.row(pieces, 4);
        }
    }
    let serving: Vec<_> = plan
        .partnerships
        .iter()
        .filter(|p| p.goals.contains(&goal.id))
        .take(limit)
        .collect();
    if !serving.is_empty() {
        out.block(Some("Partnerships serving it"));
        for partnership in serving {
            out.row(
                vec![
                    (
                        format!(
                            "{} {}  ",
                            partnership_symbol(partnership.status),
                            partnership.status.as_str()
                        ),
                        theme.slide(),
                    ),
                    (Shown::line(&partnership.title).into_string(), theme.slide()),
                ],
                4,
            );
        }
    }
}

fn partnership_slide(app: &App, out: &mut Blocks, index: usize, limit: usize) {
    let plan = app.plan();
    let theme = out.theme;
    let Some(partnership) = plan.partnerships.get(index) else {
        return;
    };
    out.block(None);
    let mut status = format!(
        "{} {}",
        partnership_symbol(partnership.status),
        partnership.status.as_str()
    );
    if let Some(instrument) = partnership.instrument {
        status.push_str(&format!(" · {}", instrument.as_str()));
    }
    push_tally(app, &mut status, &partnership.id);
    out.text(status);
    let mut dates = Vec::new();
    if let Some(start) = partnership.start {
        dates.push(format!("from {start}"));
    }
    if let Some(end) = partnership.end {
        dates.push(format!("until {end}"));
    }
    if !dates.is_empty() {
        out.text(dates.join(" "));
    }
    if let Some(review) = partnership.review {
        let mut pieces = vec![(format!("review {review}"), theme.slide())];
        if review_overdue(partnership, app.today) {
            pieces.push((format!("  {OVERDUE}"), theme.slide_overdue()));
        }
        out.row(pieces, 2);
    }
    for id in partnership.goals.iter().take(limit) {
        let title = plan.goal(id).map_or(id.as_str(), |g| g.title.as_str());
        out.row(
            vec![(format!("serves: {}", Shown::line(title)), theme.slide())],
            8,
        );
    }
    if !partnership.parties.is_empty() {
        out.block(Some("Parties"));
        for party in &partnership.parties {
            out.text(actor_name(plan, &party.actor));
            if let Some(commitments) = &party.commitments {
                let flowed = commitments.split_whitespace().collect::<Vec<_>>().join(" ");
                out.row(vec![(Shown::line(&flowed).into_string(), theme.slide())], 2);
            }
        }
    }
    if !partnership.contributions.is_empty() {
        out.block(Some("What each gives"));
        for contribution in &partnership.contributions {
            let amount = contribution.amount.map(number).unwrap_or_default();
            let unit = contribution
                .unit
                .as_deref()
                .map(|u| Shown::line(u).into_string())
                .or_else(|| {
                    (contribution.kind == crate::model::ContributionKind::Money)
                        .then(|| Shown::line(&plan.plan.currency).into_string())
                })
                .unwrap_or_default();
            let per = match contribution.per {
                Period::Once => String::new(),
                other => format!(" a {}", other.as_str()),
            };
            let what = [contribution.kind.as_str(), &amount, &unit]
                .into_iter()
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join(" ");
            out.row(
                vec![(
                    format!("{}: {what}{per}", actor_name(plan, &contribution.from)),
                    theme.slide(),
                )],
                4,
            );
        }
    }
}

/// An actor's name, or the id when no actor has it.
/// The workshop's tally for the item, after its status, when shown.
fn push_tally(app: &App, status: &mut String, id: &str) {
    let tally = app
        .presentation
        .as_ref()
        .and_then(|p| p.tally_of(app.plan(), id));
    if let Some(tally) = tally {
        status.push_str(" · ");
        status.push_str(&tally);
    }
}

fn actor_name(plan: &Plan, id: &str) -> String {
    Shown::line(plan.actor(id).map_or(id, |a| a.name.as_str())).into_string()
}
