//! Every style the terminal UI uses, in one place, and the status symbols.
//!
//! Three palettes: dark (the default), light, and monochrome for `NO_COLOR`
//! (bold, reverse and dim only). A status is always shown by a symbol as well
//! as a colour, so nothing depends on telling colours apart.

use ratatui::style::{Color, Modifier, Style};

use crate::diagnostic::Severity;
use crate::model::{GoalStatus, PartnershipStatus};

/// A palette.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Palette {
    /// Light text on a dark terminal.
    #[default]
    Dark,
    /// Dark text on a light terminal.
    Light,
    /// No colour at all (`NO_COLOR`).
    Mono,
}

impl Palette {
    /// Parse a palette name from the config file.
    pub fn parse(name: &str) -> Result<Palette, String> {
        match name {
            "dark" => Ok(Palette::Dark),
            "light" => Ok(Palette::Light),
            "mono" | "monochrome" => Ok(Palette::Mono),
            other => Err(format!(
                "`{other}` is not a theme; write `dark`, `light` or `mono`"
            )),
        }
    }
}

/// The styles of one palette.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Theme {
    /// Which palette.
    pub palette: Palette,
}

impl Theme {
    /// The theme of a palette.
    pub fn new(palette: Palette) -> Theme {
        Theme { palette }
    }

    fn pick(&self, dark: Style, light: Style, mono: Style) -> Style {
        match self.palette {
            Palette::Dark => dark,
            Palette::Light => light,
            Palette::Mono => mono,
        }
    }

    fn color(&self, dark: Color, light: Color) -> Style {
        self.pick(Style::new().fg(dark), Style::new().fg(light), Style::new())
    }

    /// Ordinary text.
    pub fn text(&self) -> Style {
        Style::new()
    }

    /// Less important text: ids, units, hints.
    pub fn dim(&self) -> Style {
        self.pick(
            Style::new().fg(Color::DarkGray),
            Style::new().fg(Color::Gray),
            Style::new().add_modifier(Modifier::DIM),
        )
    }

    /// Titles of panes and the plan's title.
    pub fn title(&self) -> Style {
        self.color(Color::Cyan, Color::Blue)
            .add_modifier(Modifier::BOLD)
    }

    /// A heading between groups of rows.
    pub fn heading(&self) -> Style {
        self.color(Color::Yellow, Color::Magenta)
            .add_modifier(Modifier::BOLD)
    }

    /// A field's label in the details pane and forms.
    pub fn label(&self) -> Style {
        self.color(Color::Blue, Color::Blue)
    }

    /// The selected row.
    pub fn selected(&self) -> Style {
        self.pick(
            Style::new()
                .bg(Color::DarkGray)
                .add_modifier(Modifier::BOLD),
            Style::new().bg(Color::Gray).add_modifier(Modifier::BOLD),
            Style::new().add_modifier(Modifier::REVERSED),
        )
    }

    /// The selected row when its pane does not have the keyboard.
    pub fn selected_unfocused(&self) -> Style {
        self.pick(
            Style::new().add_modifier(Modifier::UNDERLINED),
            Style::new().add_modifier(Modifier::UNDERLINED),
            Style::new().add_modifier(Modifier::UNDERLINED),
        )
    }

    /// The active tab.
    pub fn tab_active(&self) -> Style {
        self.pick(
            Style::new()
                .fg(Color::Black)
                .bg(Color::Cyan)
                .add_modifier(Modifier::BOLD),
            Style::new()
                .fg(Color::White)
                .bg(Color::Blue)
                .add_modifier(Modifier::BOLD),
            Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD),
        )
    }

    /// Borders of panes.
    pub fn border(&self) -> Style {
        self.dim()
    }

    /// Borders of the pane with the keyboard and of windows.
    pub fn border_focused(&self) -> Style {
        self.color(Color::Cyan, Color::Blue)
    }

    /// Errors.
    pub fn error(&self) -> Style {
        self.color(Color::Red, Color::Red)
            .add_modifier(Modifier::BOLD)
    }

    /// Warnings.
    pub fn warning(&self) -> Style {
        self.color(Color::Yellow, Color::Rgb(0x9a, 0x67, 0x00))
    }

    /// Something done or good.
    pub fn good(&self) -> Style {
        self.color(Color::Green, Color::Green)
    }

    /// The status bar.
    pub fn status_bar(&self) -> Style {
        self.pick(
            Style::new().bg(Color::Rgb(0x26, 0x2b, 0x33)),
            Style::new().bg(Color::Rgb(0xe4, 0xe7, 0xeb)),
            Style::new().add_modifier(Modifier::REVERSED),
        )
    }

    /// The filled part of a gauge.
    pub fn gauge(&self) -> Style {
        self.color(Color::Green, Color::Green)
    }

    /// Bars of a chart.
    pub fn bar(&self) -> Style {
        self.color(Color::Cyan, Color::Blue)
    }

    /// The style of a diagnostic's severity.
    pub fn severity(&self, severity: Severity) -> Style {
        match severity {
            Severity::Error => self.error(),
            Severity::Warning => self.warning(),
        }
    }

    /// The style of a goal's status.
    pub fn goal_status(&self, status: GoalStatus) -> Style {
        match status {
            GoalStatus::Idea => self.dim(),
            GoalStatus::Proposed => self.color(Color::Magenta, Color::Magenta),
            GoalStatus::Adopted => self.color(Color::Blue, Color::Blue),
            GoalStatus::InProgress => self.color(Color::Yellow, Color::Rgb(0x9a, 0x67, 0x00)),
            GoalStatus::Achieved => self.good(),
            GoalStatus::Dropped => self.color(Color::Red, Color::Red),
        }
    }

    /// The style of a partnership's status.
    pub fn partnership_status(&self, status: PartnershipStatus) -> Style {
        match status {
            PartnershipStatus::Proposed => self.color(Color::Magenta, Color::Magenta),
            PartnershipStatus::Negotiating => self.color(Color::Blue, Color::Blue),
            PartnershipStatus::Signed => self.color(Color::Cyan, Color::Cyan),
            PartnershipStatus::Active => self.good(),
            PartnershipStatus::UnderReview => {
                self.color(Color::Yellow, Color::Rgb(0x9a, 0x67, 0x00))
            }
            PartnershipStatus::Ended => self.dim(),
            PartnershipStatus::Cancelled => self.color(Color::Red, Color::Red),
        }
    }
}

/// The symbol of a goal's status.
pub fn goal_symbol(status: GoalStatus) -> &'static str {
    match status {
        GoalStatus::Idea => "·",
        GoalStatus::Proposed => "○",
        GoalStatus::Adopted => "◔",
        GoalStatus::InProgress => "◑",
        GoalStatus::Achieved => "●",
        GoalStatus::Dropped => "✗",
    }
}

/// The symbol of a partnership's status.
pub fn partnership_symbol(status: PartnershipStatus) -> &'static str {
    match status {
        PartnershipStatus::Proposed => "○",
        PartnershipStatus::Negotiating => "◌",
        PartnershipStatus::Signed => "◔",
        PartnershipStatus::Active => "●",
        PartnershipStatus::UnderReview => "◑",
        PartnershipStatus::Ended => "■",
        PartnershipStatus::Cancelled => "✗",
    }
}

/// The symbol of a severity.
pub fn severity_symbol(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "✗",
        Severity::Warning => "▲",
    }
}
