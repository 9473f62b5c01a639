//! Every style the terminal UI uses, in one place, and the status symbols.
//!
//! Three palettes: dark (the default), light, and monochrome for `NO_COLOR`
//! (bold and reverse only, no colour and no dimming). A status is always
//! shown by a symbol as well as a colour, so nothing depends on telling
//! colours apart. Every style is listed in [`Theme::table`]; the contrast
//! check in [`super::contrast`] holds each, on each ground it is drawn on,
//! to 4.5:1 in the common terminal palettes. So the colours come from the
//! 256-colour cube (which terminals do not remap), and a selected row is
//! reversed rather than given a background of its own.

use ratatui::style::{Color, Modifier, Style};

use crate::diagnostic::Severity;
use crate::model::{GoalStatus, Keyword, PartnershipStatus};

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

    /// Ordinary text. The light palette names its ink, since some light
    /// terminals (Solarized light) draw their own text too faint.
    pub fn text(&self) -> Style {
        self.pick(Style::new(), Style::new().fg(LIGHT_INK), Style::new())
    }

    /// Less important text: ids, units, hints. Still legible: mid grey on
    /// dark, dark grey on light, plain in monochrome.
    pub fn dim(&self) -> Style {
        self.color(Color::Indexed(246), Color::Indexed(241))
    }

    /// Titles of panes and the plan's title.
    pub fn title(&self) -> Style {
        self.color(CYAN, BLUE).add_modifier(Modifier::BOLD)
    }

    /// A heading between groups of rows.
    pub fn heading(&self) -> Style {
        self.color(YELLOW, MAGENTA).add_modifier(Modifier::BOLD)
    }

    /// A field's label in the details pane and forms.
    pub fn label(&self) -> Style {
        self.color(LABEL, Color::Indexed(24))
    }

    /// The selected row: reversed, so every colour on it keeps its
    /// contrast.
    pub fn selected(&self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD)
    }

    /// The selected row when its pane does not have the keyboard.
    pub fn selected_unfocused(&self) -> Style {
        Style::new().add_modifier(Modifier::UNDERLINED)
    }

    /// The active tab.
    pub fn tab_active(&self) -> Style {
        self.pick(
            Style::new()
                .fg(Color::Indexed(16))
                .bg(CYAN)
                .add_modifier(Modifier::BOLD),
            Style::new()
                .fg(Color::Indexed(231))
                .bg(BLUE)
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
        self.color(CYAN, BLUE)
    }

    /// Errors.
    pub fn error(&self) -> Style {
        self.color(RED, Color::Indexed(160))
            .add_modifier(Modifier::BOLD)
    }

    /// Warnings.
    pub fn warning(&self) -> Style {
        self.color(ORANGE, BROWN)
    }

    /// Something done or good.
    pub fn good(&self) -> Style {
        self.color(GREEN, Color::Indexed(22))
    }

    /// Something overdue: a date passed with the thing not done.
    pub fn overdue(&self) -> Style {
        self.error()
    }

    /// The status bar: bold, on the terminal's own background (a grey bar
    /// would take the contrast the coloured marks on it need).
    pub fn status_bar(&self) -> Style {
        self.pick(
            self.text().add_modifier(Modifier::BOLD),
            self.text().add_modifier(Modifier::BOLD),
            Style::new().add_modifier(Modifier::REVERSED),
        )
    }

    /// The filled part of a gauge.
    pub fn gauge(&self) -> Style {
        self.good()
    }

    /// Bars of a chart.
    pub fn bar(&self) -> Style {
        self.color(CYAN, BLUE)
    }

    /// Text on a slide: the highest contrast, bold and never dim, to be
    /// read from the back of a room.
    pub fn slide(&self) -> Style {
        self.text().add_modifier(Modifier::BOLD)
    }

    /// A slide's title and its headings.
    pub fn slide_title(&self) -> Style {
        self.title()
    }

    /// The filled part of a gauge on a slide.
    pub fn slide_gauge(&self) -> Style {
        self.gauge().add_modifier(Modifier::BOLD)
    }

    /// Something overdue on a slide.
    pub fn slide_overdue(&self) -> Style {
        self.overdue().add_modifier(Modifier::BOLD)
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
            GoalStatus::Proposed => self.color(PINK, MAGENTA),
            GoalStatus::Adopted => self.color(LABEL, BLUE),
            GoalStatus::InProgress => self.color(YELLOW, BROWN),
            GoalStatus::Achieved => self.good(),
            GoalStatus::Dropped => self.color(RED, Color::Indexed(160)),
        }
    }

    /// The style of a partnership's status.
    pub fn partnership_status(&self, status: PartnershipStatus) -> Style {
        match status {
            PartnershipStatus::Proposed => self.color(PINK, MAGENTA),
            PartnershipStatus::Negotiating => self.color(LABEL, BLUE),
            PartnershipStatus::Signed => self.color(CYAN, Color::Indexed(23)),
            PartnershipStatus::Active => self.good(),
            PartnershipStatus::UnderReview => self.color(YELLOW, BROWN),
            PartnershipStatus::Ended => self.dim(),
            PartnershipStatus::Cancelled => self.color(RED, Color::Indexed(160)),
        }
    }

    /// Every style the UI draws text in, by name: the table the contrast
    /// check reads.
    pub fn table(&self) -> Vec<(String, Style)> {
        let mut table: Vec<(String, Style)> = vec![
            ("text".into(), self.text()),
            ("dim".into(), self.dim()),
            ("title".into(), self.title()),
            ("heading".into(), self.heading()),
            ("label".into(), self.label()),
            ("tab_active".into(), self.tab_active()),
            ("border".into(), self.border()),
            ("border_focused".into(), self.border_focused()),
            ("error".into(), self.error()),
            ("warning".into(), self.warning()),
            ("good".into(), self.good()),
            ("overdue".into(), self.overdue()),
            ("gauge".into(), self.gauge()),
            ("bar".into(), self.bar()),
            ("slide".into(), self.slide()),
            ("slide_title".into(), self.slide_title()),
            ("slide_gauge".into(), self.slide_gauge()),
            ("slide_overdue".into(), self.slide_overdue()),
        ];
        for &status in GoalStatus::ALL {
            table.push((
                format!("goal {}", status.as_str()),
                self.goal_status(status),
            ));
        }
        for &status in PartnershipStatus::ALL {
            table.push((
                format!("partnership {}", status.as_str()),
                self.partnership_status(status),
            ));
        }
        table
    }

    /// The grounds a style from [`Theme::table`] is drawn over: the frame,
    /// the status bar and a selected row. A style is patched onto each.
    pub fn grounds(&self) -> Vec<(&'static str, Style)> {
        vec![
            ("frame", self.text()),
            ("status bar", self.status_bar()),
            ("selected", self.text().patch(self.selected())),
        ]
    }
}

/// Dark-palette colours, from the 256-colour cube so that a terminal's own
/// remapping of the 16 ANSI colours (Solarized, the Linux console) cannot
/// darken them.
const CYAN: Color = Color::Indexed(80);
const YELLOW: Color = Color::Indexed(220);
const ORANGE: Color = Color::Indexed(214);
const RED: Color = Color::Indexed(203);
const GREEN: Color = Color::Indexed(114);
const LABEL: Color = Color::Indexed(111);
const PINK: Color = Color::Indexed(213);
/// Light-palette colours, dark enough for a cream background.
const BLUE: Color = Color::Indexed(25);
const MAGENTA: Color = Color::Indexed(127);
const BROWN: Color = Color::Indexed(94);
const LIGHT_INK: Color = Color::Indexed(235);

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
