//! Where things go on the screen, and how text is fitted to a width.
//!
//! [`areas`] cuts a frame into the tab bar, the search line, the list, the
//! details, the status line and the hints; rendering and the event handlers
//! (paging, scrolling, the mouse) both ask it, so a click hits exactly what
//! was drawn. The rest are small pure helpers: centring a window, keeping a
//! selection in view, cutting and wrapping text by display width.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::Span;
use unicode_width::UnicodeWidthStr;

use crate::tui::app::App;
use crate::tui::screen::Screen;

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

/// The screen whose tab is at `column` of a tab bar `width` columns wide
/// (see [`tab_labels`]).
pub fn tab_at(column: u16, width: u16, problems: usize) -> Option<Screen> {
    let mut x = 0u16;
    for (screen, label) in tab_labels(width, problems) {
        let label_width = label.width() as u16;
        if column >= x && column < x + label_width {
            return Some(screen);
        }
        x += label_width;
    }
    None
}

/// The tab bar's labels, in order, for a bar `width` columns wide with
/// `problems` errors and warnings counted on the Problems tab: ` 1 Overview `,
/// or when those do not all fit, `1 Overview` with a space between, so every
/// tab stays whole at 80 columns (with up to 99 problems).
pub fn tab_labels(width: u16, problems: usize) -> Vec<(Screen, String)> {
    let label = |screen: Screen| {
        let mut text = format!("{} {}", screen.position() + 1, screen.title());
        if screen == Screen::Problems && problems > 0 {
            text.push_str(&format!(" ({problems})"));
        }
        text
    };
    let roomy: Vec<(Screen, String)> = Screen::ALL
        .into_iter()
        .map(|s| (s, format!(" {} ", label(s))))
        .collect();
    if roomy.iter().map(|(_, l)| l.width()).sum::<usize>() <= usize::from(width) {
        return roomy;
    }
    let last = Screen::ALL.len() - 1;
    Screen::ALL
        .into_iter()
        .enumerate()
        .map(|(i, s)| {
            let lead = if i == 0 { " " } else { "" };
            let trail = if i == last { "" } else { " " };
            (s, format!("{lead}{}{trail}", label(s)))
        })
        .collect()
}

/// A rectangle `width`×`height` in the middle of `area`, never larger.
pub fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let width = width.min(area.width);
    let height = height.min(area.height);
    Rect::new(
        area.x + (area.width - width) / 2,
        area.y + (area.height - height) / 2,
        width,
        height,
    )
}

/// The help window for `lines` lines of help.
pub fn help_rect(area: Rect, lines: usize) -> Rect {
    centered(area, 84, (lines as u16).saturating_add(2))
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

/// `text` cut to `width` columns, with `…` when cut. Columns are counted
/// as ratatui lays text out, a grapheme at a time (an emoji sequence that
/// [`crate::text::Shown`] did not break up is one grapheme), and a cut never
/// falls inside a grapheme.
pub fn fit(text: &str, width: usize) -> String {
    if text.width() <= width {
        return text.to_owned();
    }
    let mut out = String::new();
    let mut used = 0;
    for grapheme in graphemes(text) {
        let w = grapheme.width();
        if used + w + 1 > width {
            break;
        }
        out.push_str(&grapheme);
        used += w;
    }
    if width > 0 {
        out.push('…');
    }
    out
}

/// The graphemes of `text`, as ratatui splits a line into cells.
fn graphemes(text: &str) -> Vec<String> {
    Span::raw(text)
        .styled_graphemes(Style::new())
        .map(|g| g.symbol.to_owned())
        .collect()
}

/// Join the lines of each paragraph of `text` with spaces; paragraphs stay
/// apart by an empty line, and lines of a list (`- `, `* `) stay lines.
pub fn flow(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut previous_blank = true;
    for line in text.trim_end().split('\n') {
        let line = line.trim_end_matches('\r');
        let trimmed = line.trim();
        let list_item = trimmed.starts_with("- ") || trimmed.starts_with("* ");
        if trimmed.is_empty() {
            if !previous_blank {
                out.push_str("\n\n");
            }
            previous_blank = true;
            continue;
        }
        if !previous_blank && !out.ends_with('\n') {
            out.push(if list_item { '\n' } else { ' ' });
        }
        out.push_str(if previous_blank { line } else { trimmed });
        previous_blank = false;
    }
    out.trim_end().to_owned()
}

/// Word-wrap `text` to `width` columns of display width (a CJK character
/// takes two); a word wider than a line is cut.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut line_width = 0;
    for word in text.split(' ') {
        if line_width > 0 && line_width + 1 + word.width() > width {
            lines.push(std::mem::take(&mut line));
            line_width = 0;
        }
        if line_width > 0 {
            line.push(' ');
            line_width += 1;
        }
        for grapheme in graphemes(word) {
            let w = grapheme.width();
            if line_width > 0 && line_width + w > width {
                lines.push(std::mem::take(&mut line));
                line_width = 0;
            }
            line.push_str(&grapheme);
            line_width += w;
        }
    }
    if line_width > 0 || lines.is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_tab_stays_whole_at_80_columns_and_a_click_finds_it() {
        for problems in [0, 7, 99] {
            let labels = tab_labels(80, problems);
            let line: String = labels.iter().map(|(_, l)| l.as_str()).collect();
            assert!(line.width() <= 80, "{line:?}");
            assert!(line.contains("7 Workshops"), "{line:?}");
            // A click on the last tab's last letter shows it.
            let end = line.width() as u16 - 1;
            assert_eq!(tab_at(end, 80, problems), Some(Screen::Workshops));
            assert_eq!(tab_at(1, 80, problems), Some(Screen::Overview));
        }
        // With room, each tab has a space either side.
        let wide = tab_labels(120, 3);
        assert_eq!(wide[5].1, " 6 Problems (3) ");
        assert_eq!(wide[6].1, " 7 Workshops ");
    }

    #[test]
    fn wrapping_keeps_words_and_cuts_long_ones() {
        assert_eq!(wrap("one two three", 7), vec!["one two", "three"]);
        assert_eq!(wrap("abcdefghij", 4), vec!["abcd", "efgh", "ij"]);
        assert_eq!(wrap("", 4), vec![""]);
    }

    #[test]
    fn wrapping_counts_display_columns() {
        // Each of these characters takes two columns.
        let lines = wrap("公共资源转型计划", 6);
        assert_eq!(lines, vec!["公共资", "源转型", "计划"]);
        assert!(lines.iter().all(|l| l.width() <= 6));
        assert_eq!(wrap("ab 公共 cd", 5), vec!["ab", "公共", "cd"]);
    }

    #[test]
    fn text_flows_by_paragraph() {
        assert_eq!(flow("one\ntwo\n\nthree\n"), "one two\n\nthree");
        assert_eq!(flow("items:\n- a\n- b"), "items:\n- a\n- b");
        assert_eq!(flow(""), "");
    }

    #[test]
    fn a_selection_stays_in_view() {
        assert_eq!(scroll_to(0, 5, 3, 10), 3);
        assert_eq!(scroll_to(3, 4, 3, 10), 3);
        assert_eq!(scroll_to(3, 1, 3, 10), 1);
        assert_eq!(scroll_to(9, 3, 3, 4), 1);
    }
}
