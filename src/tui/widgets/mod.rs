//! One file per screen or window, each a `render` function over a borrowed
//! [`App`](super::app::App) and a `Rect`.

pub mod broken;
pub mod conflicts;
pub mod details;
pub mod form;
pub mod lists;
pub mod overview;
pub mod slides;
pub mod windows;

use ratatui::text::Line;
use ratatui::widgets::{Block, Borders};

use crate::tui::app::App;

/// A bordered block titled `title`, highlighted when its pane has the keyboard.
pub fn pane<'a>(app: &App, title: impl Into<Line<'a>>, focused: bool) -> Block<'a> {
    let theme = app.settings.theme;
    Block::default()
        .borders(Borders::ALL)
        .border_style(if focused {
            theme.border_focused()
        } else {
            theme.border()
        })
        .title(title)
}
