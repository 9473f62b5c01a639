//! How legible the themes are: the common terminal palettes as data and the
//! WCAG contrast ratio of a text colour on its background.
//!
//! A terminal draws the 16 ANSI colours from its own palette, so the same
//! theme looks different in xterm, on the Linux console or in Solarized;
//! indexed colours from 16 up are the xterm 256-colour cube and greys, and
//! RGB colours are themselves. [`resolve`] turns a ratatui colour into the
//! RGB a palette shows, and [`ratio`] gives the contrast of two such colours
//! (1 to 21; 4.5 is the WCAG AA floor for text).

use ratatui::style::{Color, Modifier, Style};

/// An RGB colour.
pub type Rgb = (u8, u8, u8);

/// A terminal palette: its 16 ANSI colours and its default text and
/// background.
#[derive(Debug, Clone, Copy)]
pub struct TerminalPalette {
    /// The palette's name.
    pub name: &'static str,
    /// The 16 ANSI colours, black to bright white.
    pub ansi: [Rgb; 16],
    /// The text colour of `Color::Reset`.
    pub fg: Rgb,
    /// The background of `Color::Reset`.
    pub bg: Rgb,
}

const XTERM: [Rgb; 16] = [
    (0, 0, 0),
    (205, 0, 0),
    (0, 205, 0),
    (205, 205, 0),
    (0, 0, 238),
    (205, 0, 205),
    (0, 205, 205),
    (229, 229, 229),
    (127, 127, 127),
    (255, 0, 0),
    (0, 255, 0),
    (255, 255, 0),
    (92, 92, 255),
    (255, 0, 255),
    (0, 255, 255),
    (255, 255, 255),
];

const VGA: [Rgb; 16] = [
    (0x00, 0x00, 0x00),
    (0xaa, 0x00, 0x00),
    (0x00, 0xaa, 0x00),
    (0xaa, 0x55, 0x00),
    (0x00, 0x00, 0xaa),
    (0xaa, 0x00, 0xaa),
    (0x00, 0xaa, 0xaa),
    (0xaa, 0xaa, 0xaa),
    (0x55, 0x55, 0x55),
    (0xff, 0x55, 0x55),
    (0x55, 0xff, 0x55),
    (0xff, 0xff, 0x55),
    (0x55, 0x55, 0xff),
    (0xff, 0x55, 0xff),
    (0x55, 0xff, 0xff),
    (0xff, 0xff, 0xff),
];

const SOLARIZED: [Rgb; 16] = [
    (0x07, 0x36, 0x42),
    (0xdc, 0x32, 0x2f),
    (0x85, 0x99, 0x00),
    (0xb5, 0x89, 0x00),
    (0x26, 0x8b, 0xd2),
    (0xd3, 0x36, 0x82),
    (0x2a, 0xa1, 0x98),
    (0xee, 0xe8, 0xd5),
    (0x00, 0x2b, 0x36),
    (0xcb, 0x4b, 0x16),
    (0x58, 0x6e, 0x75),
    (0x65, 0x7b, 0x83),
    (0x83, 0x94, 0x96),
    (0x6c, 0x71, 0xc4),
    (0x93, 0xa1, 0xa1),
    (0xfd, 0xf6, 0xe3),
];

/// The palettes a dark theme must be legible in.
pub const DARK_PALETTES: [TerminalPalette; 5] = [
    TerminalPalette {
        name: "xterm (dark background)",
        ansi: XTERM,
        fg: XTERM[7],
        bg: XTERM[0],
    },
    TerminalPalette {
        name: "Linux console (VGA)",
        ansi: VGA,
        fg: VGA[7],
        bg: VGA[0],
    },
    TerminalPalette {
        name: "Solarized dark",
        ansi: SOLARIZED,
        fg: SOLARIZED[12],
        bg: SOLARIZED[8],
    },
    TerminalPalette {
        name: "256 colours (xterm, dark)",
        ansi: XTERM,
        fg: (0xd0, 0xd0, 0xd0),
        bg: (0x1c, 0x1c, 0x1c),
    },
    TerminalPalette {
        name: "true colour (dark)",
        ansi: XTERM,
        fg: (0xff, 0xff, 0xff),
        bg: (0x00, 0x00, 0x00),
    },
];

/// The palettes a light theme must be legible in.
pub const LIGHT_PALETTES: [TerminalPalette; 4] = [
    TerminalPalette {
        name: "xterm (its default, black on white)",
        ansi: XTERM,
        fg: XTERM[0],
        bg: XTERM[15],
    },
    TerminalPalette {
        name: "Solarized light",
        ansi: SOLARIZED,
        fg: SOLARIZED[11],
        bg: SOLARIZED[15],
    },
    TerminalPalette {
        name: "256 colours (xterm, light)",
        ansi: XTERM,
        fg: (0x1c, 0x1c, 0x1c),
        bg: (0xee, 0xee, 0xee),
    },
    TerminalPalette {
        name: "true colour (light)",
        ansi: XTERM,
        fg: (0x00, 0x00, 0x00),
        bg: (0xff, 0xff, 0xff),
    },
];

/// The lowest contrast ratio a text and its background may have (WCAG AA).
pub const MIN_RATIO: f64 = 4.5;

/// The RGB `palette` shows for `color`; `Reset` is the palette's default
/// text colour when `foreground`, its background otherwise.
pub fn resolve(palette: &TerminalPalette, color: Color, foreground: bool) -> Rgb {
    let ansi = |n: usize| palette.ansi[n];
    match color {
        Color::Reset if foreground => palette.fg,
        Color::Reset => palette.bg,
        Color::Black => ansi(0),
        Color::Red => ansi(1),
        Color::Green => ansi(2),
        Color::Yellow => ansi(3),
        Color::Blue => ansi(4),
        Color::Magenta => ansi(5),
        Color::Cyan => ansi(6),
        Color::Gray => ansi(7),
        Color::DarkGray => ansi(8),
        Color::LightRed => ansi(9),
        Color::LightGreen => ansi(10),
        Color::LightYellow => ansi(11),
        Color::LightBlue => ansi(12),
        Color::LightMagenta => ansi(13),
        Color::LightCyan => ansi(14),
        Color::White => ansi(15),
        Color::Rgb(r, g, b) => (r, g, b),
        Color::Indexed(n) => indexed(palette, n),
    }
}

/// An xterm 256-colour index: the 16 ANSI colours, the 6×6×6 cube, then 24
/// greys.
fn indexed(palette: &TerminalPalette, n: u8) -> Rgb {
    const LEVELS: [u8; 6] = [0, 95, 135, 175, 215, 255];
    match n {
        0..=15 => palette.ansi[usize::from(n)],
        16..=231 => {
            let i = n - 16;
            (
                LEVELS[usize::from(i / 36)],
                LEVELS[usize::from(i / 6 % 6)],
                LEVELS[usize::from(i % 6)],
            )
        }
        _ => {
            let level = 8 + (n - 232) * 10;
            (level, level, level)
        }
    }
}

/// WCAG relative luminance of a colour.
pub fn luminance((r, g, b): Rgb) -> f64 {
    let channel = |c: u8| {
        let c = f64::from(c) / 255.0;
        if c <= 0.039_28 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)
}

/// The WCAG contrast ratio of two colours, from 1 to 21.
pub fn ratio(a: Rgb, b: Rgb) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    let (light, dark) = if la > lb { (la, lb) } else { (lb, la) };
    (light + 0.05) / (dark + 0.05)
}

/// The text and background `palette` shows for a style (reversed styles
/// swap them).
pub fn shown(palette: &TerminalPalette, style: Style) -> (Rgb, Rgb) {
    let fg = resolve(palette, style.fg.unwrap_or(Color::Reset), true);
    let bg = resolve(palette, style.bg.unwrap_or(Color::Reset), false);
    if style.add_modifier.contains(Modifier::REVERSED) {
        (bg, fg)
    } else {
        (fg, bg)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::theme::{Palette, Theme};

    #[test]
    fn the_formula_gives_the_known_extremes() {
        assert!((ratio((0, 0, 0), (255, 255, 255)) - 21.0).abs() < 1e-9);
        assert!((ratio((10, 20, 30), (10, 20, 30)) - 1.0).abs() < 1e-9);
        // Indexed colours: the cube and the greys.
        let p = &DARK_PALETTES[0];
        assert_eq!(resolve(p, Color::Indexed(16), true), (0, 0, 0));
        assert_eq!(resolve(p, Color::Indexed(231), true), (255, 255, 255));
        assert_eq!(resolve(p, Color::Indexed(80), true), (95, 215, 215));
        assert_eq!(resolve(p, Color::Indexed(232), true), (8, 8, 8));
        assert_eq!(resolve(p, Color::Indexed(255), true), (238, 238, 238));
        assert_eq!(resolve(p, Color::Blue, true), (0, 0, 238));
        // Dark blue on black, as xterm shows it, is what must not pass.
        assert!(ratio((0, 0, 238), (0, 0, 0)) < MIN_RATIO);
    }

    /// Every pair of text and background a theme draws, in every palette
    /// of its kind, keeps a ratio of at least 4.5:1.
    #[test]
    fn every_pair_the_themes_draw_is_legible() {
        let mut failures = Vec::new();
        for (palette, terminals) in [
            (Palette::Dark, &DARK_PALETTES[..]),
            (Palette::Light, &LIGHT_PALETTES[..]),
        ] {
            let theme = Theme::new(palette);
            for terminal in terminals {
                for (ground, under) in theme.grounds() {
                    for (name, style) in theme.table() {
                        let (fg, bg) = shown(terminal, under.patch(style));
                        let r = ratio(fg, bg);
                        if r < MIN_RATIO {
                            failures.push(format!(
                                "{palette:?} `{name}` on {ground} in {}: {fg:?} on {bg:?} is {r:.2}:1",
                                terminal.name
                            ));
                        }
                    }
                }
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    /// Monochrome names no colour at all: its text is the terminal's own
    /// pair (reversed or bold), whatever that is.
    #[test]
    fn monochrome_uses_no_colour() {
        let theme = Theme::new(Palette::Mono);
        for (ground, under) in theme.grounds() {
            for (name, style) in theme.table() {
                let style = under.patch(style);
                assert_eq!(style.fg, None, "`{name}` on {ground}");
                assert_eq!(style.bg, None, "`{name}` on {ground}");
                assert!(
                    !style.add_modifier.contains(Modifier::DIM),
                    "`{name}` on {ground} is dimmed"
                );
            }
        }
    }
}
