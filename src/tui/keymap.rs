//! The key table: which keys do what in every mode, as data.
//!
//! One row per binding — the [`Mode`]s it applies in, the key, the
//! [`Action`], and the word its hint shows. The help screen and every
//! window's line of hints are generated from the table, so neither can drift
//! from what the keys really do. A config file can rebind any action
//! ([`Keymap::with_overrides`]); the new keys work in every mode the action
//! applies in. Modes that take typed text (the search line, a form, a
//! picker's query, a prompt) keep printable characters as text: there a
//! rebinding to a printable key does not apply, and the action keeps its
//! keys that are not text (arrows, Enter, Esc, Tab, Ctrl-…).

use std::fmt;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::tui::action::Action;

/// A key with its modifiers, as a person names it: `ctrl-s`, `shift-tab`, `G`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    /// The key.
    pub code: KeyCode,
    /// Ctrl and Alt (Shift is part of the character for printable keys).
    pub modifiers: KeyModifiers,
}

impl Key {
    /// A key without modifiers.
    pub const fn plain(code: KeyCode) -> Key {
        Key {
            code,
            modifiers: KeyModifiers::NONE,
        }
    }

    /// A character key without modifiers.
    pub const fn char(c: char) -> Key {
        Key::plain(KeyCode::Char(c))
    }

    /// A character key with Ctrl.
    pub const fn ctrl(c: char) -> Key {
        Key {
            code: KeyCode::Char(c),
            modifiers: KeyModifiers::CONTROL,
        }
    }

    /// The key of a terminal event, with Shift folded into the character.
    pub fn from_event(event: &KeyEvent) -> Key {
        let mut modifiers = event.modifiers & (KeyModifiers::CONTROL | KeyModifiers::ALT);
        let code = match event.code {
            KeyCode::Char(c) if modifiers.contains(KeyModifiers::CONTROL) => {
                KeyCode::Char(c.to_ascii_lowercase())
            }
            KeyCode::BackTab => {
                modifiers = KeyModifiers::NONE;
                KeyCode::BackTab
            }
            code => code,
        };
        Key { code, modifiers }
    }

    /// Parse a key as a config file writes it: `j`, `G`, `?`, `ctrl-r`,
    /// `alt-x`, `enter`, `esc`, `tab`, `shift-tab`, `up`, `pagedown`, `f5`.
    pub fn parse(text: &str) -> Result<Key, String> {
        let mut modifiers = KeyModifiers::NONE;
        let mut rest = text;
        loop {
            if let Some(after) = rest.strip_prefix("ctrl-") {
                modifiers |= KeyModifiers::CONTROL;
                rest = after;
            } else if let Some(after) = rest.strip_prefix("alt-") {
                modifiers |= KeyModifiers::ALT;
                rest = after;
            } else {
                break;
            }
        }
        let mut chars = rest.chars();
        let code = match (chars.next(), chars.next()) {
            (Some(c), None) => KeyCode::Char(if modifiers.contains(KeyModifiers::CONTROL) {
                c.to_ascii_lowercase()
            } else {
                c
            }),
            _ => match rest.to_ascii_lowercase().as_str() {
                "enter" | "return" => KeyCode::Enter,
                "esc" | "escape" => KeyCode::Esc,
                "tab" => KeyCode::Tab,
                "shift-tab" | "backtab" => KeyCode::BackTab,
                "space" => KeyCode::Char(' '),
                "backspace" => KeyCode::Backspace,
                "delete" | "del" => KeyCode::Delete,
                "up" => KeyCode::Up,
                "down" => KeyCode::Down,
                "left" => KeyCode::Left,
                "right" => KeyCode::Right,
                "home" => KeyCode::Home,
                "end" => KeyCode::End,
                "pageup" | "pgup" => KeyCode::PageUp,
                "pagedown" | "pgdn" => KeyCode::PageDown,
                other => match other.strip_prefix('f').and_then(|n| n.parse::<u8>().ok()) {
                    Some(n) if (1..=12).contains(&n) => KeyCode::F(n),
                    _ => {
                        return Err(format!(
                            "`{text}` is not a key; write a character (`j`, `G`, `?`), \
                             a name (`enter`, `esc`, `tab`, `shift-tab`, `up`, `pagedown`, `f5`), \
                             or either after `ctrl-` or `alt-`"
                        ));
                    }
                },
            },
        };
        Ok(Key { code, modifiers })
    }
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.modifiers.contains(KeyModifiers::CONTROL) {
            f.write_str("Ctrl-")?;
        }
        if self.modifiers.contains(KeyModifiers::ALT) {
            f.write_str("Alt-")?;
        }
        match self.code {
            KeyCode::Char(' ') => f.write_str("Space"),
            KeyCode::Char(c) => write!(f, "{c}"),
            KeyCode::Enter => f.write_str("Enter"),
            KeyCode::Esc => f.write_str("Esc"),
            KeyCode::Tab => f.write_str("Tab"),
            KeyCode::BackTab => f.write_str("Shift-Tab"),
            KeyCode::Backspace => f.write_str("Backspace"),
            KeyCode::Delete => f.write_str("Delete"),
            KeyCode::Up => f.write_str("↑"),
            KeyCode::Down => f.write_str("↓"),
            KeyCode::Left => f.write_str("←"),
            KeyCode::Right => f.write_str("→"),
            KeyCode::Home => f.write_str("Home"),
            KeyCode::End => f.write_str("End"),
            KeyCode::PageUp => f.write_str("PgUp"),
            KeyCode::PageDown => f.write_str("PgDn"),
            KeyCode::F(n) => write!(f, "F{n}"),
            other => write!(f, "{other:?}"),
        }
    }
}

/// What has the keyboard: the key table has rows for each.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Mode {
    /// The screens, with no window open.
    Browse,
    /// Typing a search.
    Search,
    /// A form's lines.
    Form,
    /// The long-text editor inside a form.
    Editor,
    /// A list to choose one entry from.
    Picker,
    /// A list to tick several entries in.
    Ticking,
    /// A question with a few answers.
    Confirm,
    /// A line to type a path into.
    Prompt,
    /// The help window.
    Help,
    /// Presenting the plan, one slide at a time.
    Present,
}

impl Mode {
    /// Every mode, in the order the help screen shows them.
    pub const ALL: [Mode; 10] = [
        Mode::Browse,
        Mode::Search,
        Mode::Form,
        Mode::Editor,
        Mode::Picker,
        Mode::Ticking,
        Mode::Confirm,
        Mode::Prompt,
        Mode::Help,
        Mode::Present,
    ];

    /// The heading of the mode's part of the help screen.
    pub fn title(self) -> &'static str {
        match self {
            Mode::Browse => "On the screens",
            Mode::Search => "Typing a search",
            Mode::Form => "In a form",
            Mode::Editor => "Writing a long text",
            Mode::Picker => "Choosing from a list",
            Mode::Ticking => "Ticking several in a list",
            Mode::Confirm => "Answering a question",
            Mode::Prompt => "Typing a path",
            Mode::Help => "In this help",
            Mode::Present => "Presenting",
        }
    }

    /// What the help screen says about the mode beyond its keys.
    pub fn about(self) -> Option<&'static str> {
        match self {
            Mode::Search => Some("typing narrows the list"),
            Mode::Form => Some(
                "typing writes into the line; Enter goes to the next line, opens a list \
                 or the editor, and applies on the Apply line",
            ),
            Mode::Editor => Some("other keys edit the text; long lines wrap"),
            Mode::Picker | Mode::Ticking => Some("typing narrows the list"),
            Mode::Help => Some("any other key closes it"),
            Mode::Present => Some(
                "one slide at a time, full screen; a status moved, dots, a comment or a decision captured is one undoable edit",
            ),
            _ => None,
        }
    }

    /// Whether printable characters are text here rather than commands.
    pub fn takes_text(self) -> bool {
        matches!(
            self,
            Mode::Search | Mode::Form | Mode::Editor | Mode::Picker | Mode::Ticking | Mode::Prompt
        )
    }
}

impl Key {
    /// Whether the key types a character (no Ctrl or Alt).
    pub fn is_text(self) -> bool {
        matches!(self.code, KeyCode::Char(_)) && self.modifiers.is_empty()
    }
}

/// One row of the key table, for one mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Binding {
    /// Where it applies.
    pub mode: Mode,
    /// The key.
    pub key: Key,
    /// What it does.
    pub action: Action,
    /// The short word the hints show, for the bindings worth a hint.
    pub hint: Option<&'static str>,
}

/// One row of the default table: the modes it applies in, the key, the
/// action and the hint's word.
#[derive(Debug, Clone, Copy)]
pub struct Row {
    /// Where it applies.
    pub modes: &'static [Mode],
    /// The key.
    pub key: Key,
    /// What it does.
    pub action: Action,
    /// The hint's word, if the hints show it.
    pub hint: Option<&'static str>,
}

const fn bind(modes: &'static [Mode], key: Key, action: Action) -> Row {
    Row {
        modes,
        key,
        action,
        hint: None,
    }
}

const fn hint(modes: &'static [Mode], key: Key, action: Action, hint: &'static str) -> Row {
    Row {
        modes,
        key,
        action,
        hint: Some(hint),
    }
}

use KeyCode as K;
use Mode as M;

const BROWSE: &[Mode] = &[M::Browse];
const BROWSE_HELP: &[Mode] = &[M::Browse, M::Help];
const LISTS: &[Mode] = &[M::Browse, M::Picker, M::Ticking, M::Help];
const MOVING: &[Mode] = &[
    M::Browse,
    M::Search,
    M::Form,
    M::Picker,
    M::Ticking,
    M::Help,
];
const CHOOSING: &[Mode] = &[M::Picker, M::Ticking];
const CLOSING: &[Mode] = &[
    M::Search,
    M::Form,
    M::Picker,
    M::Ticking,
    M::Confirm,
    M::Prompt,
    M::Help,
];
const TYPING: &[Mode] = &[M::Search, M::Form, M::Picker, M::Ticking, M::Prompt];
const LINE: &[Mode] = &[M::Form];
const FORM: &[Mode] = &[M::Form];
const ASK: &[Mode] = &[M::Confirm];
const PRESENT: &[Mode] = &[M::Present];

/// The default key table, in the order the help screen lists it.
pub const DEFAULT_BINDINGS: &[Row] = &[
    bind(BROWSE_HELP, Key::char('k'), Action::Up),
    bind(MOVING, Key::plain(K::Up), Action::Up),
    bind(CHOOSING, Key::ctrl('p'), Action::Up),
    bind(BROWSE_HELP, Key::char('j'), Action::Down),
    bind(MOVING, Key::plain(K::Down), Action::Down),
    bind(CHOOSING, Key::ctrl('n'), Action::Down),
    bind(CHOOSING, Key::plain(K::Tab), Action::Down),
    bind(LISTS, Key::plain(K::PageUp), Action::PageUp),
    bind(BROWSE_HELP, Key::ctrl('u'), Action::PageUp),
    bind(LISTS, Key::plain(K::PageDown), Action::PageDown),
    bind(BROWSE_HELP, Key::ctrl('d'), Action::PageDown),
    bind(BROWSE_HELP, Key::char('g'), Action::First),
    bind(BROWSE_HELP, Key::plain(K::Home), Action::First),
    bind(BROWSE_HELP, Key::char('G'), Action::Last),
    bind(BROWSE_HELP, Key::plain(K::End), Action::Last),
    bind(BROWSE, Key::plain(K::Enter), Action::Enter),
    bind(BROWSE, Key::char('l'), Action::Details),
    bind(BROWSE, Key::plain(K::Right), Action::Details),
    bind(BROWSE, Key::plain(K::Esc), Action::Back),
    bind(BROWSE, Key::char('h'), Action::Back),
    bind(BROWSE, Key::plain(K::Left), Action::Back),
    bind(BROWSE, Key::plain(K::Tab), Action::NextScreen),
    bind(BROWSE, Key::plain(K::BackTab), Action::PreviousScreen),
    bind(BROWSE, Key::char('1'), Action::ShowOverview),
    bind(BROWSE, Key::char('2'), Action::ShowGoals),
    bind(BROWSE, Key::char('3'), Action::ShowPartnerships),
    bind(BROWSE, Key::char('4'), Action::ShowActors),
    bind(BROWSE, Key::char('5'), Action::ShowThemes),
    bind(BROWSE, Key::char('6'), Action::ShowProblems),
    bind(BROWSE, Key::char('7'), Action::ShowWorkshops),
    hint(BROWSE, Key::char('e'), Action::Edit, "edit"),
    hint(BROWSE, Key::char('a'), Action::Add, "add"),
    hint(BROWSE, Key::char('d'), Action::Delete, "delete"),
    hint(BROWSE, Key::char('>'), Action::NextStatus, "status"),
    bind(BROWSE, Key::char('<'), Action::PreviousStatus),
    hint(BROWSE, Key::char('u'), Action::Undo, "undo"),
    bind(BROWSE, Key::ctrl('r'), Action::Redo),
    hint(BROWSE, Key::ctrl('s'), Action::Save, "save"),
    bind(BROWSE, Key::char('R'), Action::Reload),
    bind(BROWSE, Key::char('E'), Action::OpenEditor),
    bind(BROWSE, Key::char('x'), Action::Export),
    hint(BROWSE, Key::char('/'), Action::Search, "search"),
    hint(BROWSE, Key::char('f'), Action::Filter, "filter"),
    hint(BROWSE, Key::char('s'), Action::Sort, "sort"),
    hint(BROWSE_HELP, Key::char('?'), Action::Help, "help"),
    hint(BROWSE, Key::char('q'), Action::Quit, "quit"),
    bind(BROWSE, Key::ctrl('c'), Action::Quit),
    bind(BROWSE, Key::char('p'), Action::Present),
    bind(BROWSE, Key::char('C'), Action::Changes),
    // Presenting.
    hint(PRESENT, Key::plain(K::Right), Action::Down, "next"),
    bind(PRESENT, Key::plain(K::Down), Action::Down),
    bind(PRESENT, Key::char(' '), Action::PageDown),
    bind(PRESENT, Key::plain(K::PageDown), Action::PageDown),
    hint(PRESENT, Key::plain(K::Left), Action::Up, "back"),
    bind(PRESENT, Key::plain(K::Up), Action::Up),
    bind(PRESENT, Key::plain(K::PageUp), Action::PageUp),
    bind(PRESENT, Key::plain(K::Home), Action::First),
    bind(PRESENT, Key::plain(K::End), Action::Last),
    hint(PRESENT, Key::char('/'), Action::Search, "jump"),
    hint(PRESENT, Key::char('>'), Action::NextStatus, "status"),
    bind(PRESENT, Key::char('<'), Action::PreviousStatus),
    hint(PRESENT, Key::char('v'), Action::Vote, "dots"),
    hint(PRESENT, Key::char('c'), Action::Comment, "comment"),
    hint(PRESENT, Key::char('D'), Action::Decide, "decide"),
    hint(PRESENT, Key::char('t'), Action::ShowTally, "tally"),
    bind(PRESENT, Key::char('u'), Action::Undo),
    bind(PRESENT, Key::ctrl('s'), Action::Save),
    bind(PRESENT, Key::char('?'), Action::Help),
    hint(PRESENT, Key::plain(K::Esc), Action::Back, "leave"),
    // Windows.
    hint(
        &[M::Search],
        Key::plain(K::Enter),
        Action::KeepSearch,
        "keep",
    ),
    hint(FORM, Key::plain(K::Tab), Action::NextField, "next"),
    bind(FORM, Key::plain(K::BackTab), Action::PreviousField),
    hint(FORM, Key::plain(K::Enter), Action::Activate, "next/open"),
    hint(FORM, Key::ctrl('s'), Action::Apply, "apply"),
    hint(
        &[M::Editor],
        Key::plain(K::Esc),
        Action::CloseEditor,
        "done",
    ),
    bind(&[M::Editor], Key::ctrl('s'), Action::CloseEditor),
    hint(&[M::Picker], Key::plain(K::Enter), Action::Choose, "choose"),
    hint(&[M::Ticking], Key::char(' '), Action::Tick, "tick"),
    hint(&[M::Ticking], Key::plain(K::Enter), Action::Choose, "done"),
    hint(&[M::Prompt], Key::plain(K::Enter), Action::Answer, "accept"),
    hint(ASK, Key::char('y'), Action::Yes, "yes"),
    hint(ASK, Key::char('n'), Action::No, "no"),
    hint(ASK, Key::char('s'), Action::SaveAndQuit, "save and quit"),
    hint(ASK, Key::char('d'), Action::Discard, "discard and quit"),
    hint(ASK, Key::char('r'), Action::Reload, "reload"),
    hint(ASK, Key::char('k'), Action::KeepMine, "keep yours"),
    hint(ASK, Key::char('o'), Action::Overwrite, "overwrite"),
    hint(ASK, Key::char('m'), Action::Merge, "merge"),
    hint(ASK, Key::char('t'), Action::TakeTheirs, "theirs"),
    hint(ASK, Key::char('b'), Action::TakeBoth, "both"),
    bind(ASK, Key::char('e'), Action::Edit),
    bind(ASK, Key::char('C'), Action::Changes),
    hint(CLOSING, Key::plain(K::Esc), Action::Cancel, "cancel"),
    bind(CLOSING, Key::ctrl('c'), Action::Cancel),
    bind(ASK, Key::char('c'), Action::Cancel),
    bind(&[M::Help], Key::char('q'), Action::Cancel),
    // Editing a line of text.
    bind(LINE, Key::plain(K::Left), Action::CursorLeft),
    bind(LINE, Key::plain(K::Right), Action::CursorRight),
    bind(LINE, Key::plain(K::Home), Action::LineStart),
    bind(LINE, Key::ctrl('a'), Action::LineStart),
    bind(LINE, Key::plain(K::End), Action::LineEnd),
    bind(LINE, Key::ctrl('e'), Action::LineEnd),
    bind(TYPING, Key::plain(K::Backspace), Action::DeleteBack),
    bind(LINE, Key::plain(K::Delete), Action::DeleteForward),
    bind(TYPING, Key::ctrl('u'), Action::ClearLine),
];

/// The key table in force: the defaults with the config file's overrides.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keymap {
    bindings: Vec<Binding>,
}

impl Default for Keymap {
    fn default() -> Keymap {
        let bindings = DEFAULT_BINDINGS
            .iter()
            .flat_map(|row| {
                row.modes.iter().map(|&mode| Binding {
                    mode,
                    key: row.key,
                    action: row.action,
                    hint: row.hint,
                })
            })
            .collect();
        Keymap { bindings }
    }
}

impl Keymap {
    /// The defaults, with each named action bound to the given keys instead
    /// of its default ones, in every mode the action applies in. `overrides`
    /// pairs an action's config name with key names. A key taken from
    /// another action leaves that action in that mode. In a mode that takes
    /// text, printable keys are left out; when that leaves none, the action
    /// keeps its keys there.
    pub fn with_overrides(overrides: &[(String, Vec<String>)]) -> Result<Keymap, String> {
        let mut keymap = Keymap::default();
        for (name, keys) in overrides {
            let action = Action::from_name(name).ok_or_else(|| {
                let names: Vec<&str> = Action::ALL.iter().map(|a| a.name()).collect();
                let suggestion = crate::diagnostic::did_you_mean(name, names.iter().copied())
                    .map(|s| format!(" ({s})"))
                    .unwrap_or_default();
                format!(
                    "`{name}` is not an action{suggestion}; the actions are {}",
                    names.join(", ")
                )
            })?;
            let keys = keys
                .iter()
                .map(|k| Key::parse(k))
                .collect::<Result<Vec<_>, _>>()?;
            keymap.rebind(action, &keys);
        }
        Ok(keymap)
    }

    fn rebind(&mut self, action: Action, keys: &[Key]) {
        for mode in Mode::ALL {
            let Some(hint) = self
                .bindings
                .iter()
                .find(|b| b.mode == mode && b.action == action)
                .map(|b| b.hint)
            else {
                continue;
            };
            let keys: Vec<Key> = keys
                .iter()
                .copied()
                .filter(|k| !(mode.takes_text() && k.is_text()))
                .collect();
            if keys.is_empty() {
                continue;
            }
            self.bindings
                .retain(|b| b.mode != mode || (b.action != action && !keys.contains(&b.key)));
            for (i, key) in keys.into_iter().enumerate() {
                self.bindings.push(Binding {
                    mode,
                    key,
                    action,
                    hint: if i == 0 { hint } else { None },
                });
            }
        }
    }

    /// The action bound to `key` in `mode`, if any.
    pub fn action(&self, mode: Mode, key: Key) -> Option<Action> {
        self.bindings
            .iter()
            .find(|b| b.mode == mode && b.key == key)
            .map(|b| b.action)
    }

    /// The keys bound to `action` in `mode`, in table order.
    pub fn keys_in(&self, mode: Mode, action: Action) -> impl Iterator<Item = Key> + '_ {
        self.bindings
            .iter()
            .filter(move |b| b.mode == mode && b.action == action)
            .map(|b| b.key)
    }

    /// The keys bound to `action` in any mode, each once, those of browsing
    /// first.
    pub fn keys(&self, action: Action) -> impl Iterator<Item = Key> + '_ {
        let mut seen = Vec::new();
        Mode::ALL
            .into_iter()
            .flat_map(move |mode| self.keys_in(mode, action))
            .filter(move |key| {
                let new = !seen.contains(key);
                if new {
                    seen.push(*key);
                }
                new
            })
    }

    /// The first key bound to `action` on the screens, for messages ("press
    /// ? for help").
    pub fn key_for(&self, action: Action) -> Option<Key> {
        self.keys_in(Mode::Browse, action).next()
    }

    /// The first key of `action` in `mode`.
    pub fn key_in(&self, mode: Mode, action: Action) -> Option<Key> {
        self.keys_in(mode, action).next()
    }

    /// The hints of `mode`: the first key of each hinted action with its
    /// word, in help order.
    pub fn hints(&self, mode: Mode) -> Vec<(Key, &'static str)> {
        let mut hints: Vec<(Key, &'static str, usize)> = self
            .bindings
            .iter()
            .filter(|b| b.mode == mode)
            .filter_map(|b| {
                let position = Action::ALL.iter().position(|a| *a == b.action)?;
                b.hint.map(|h| (b.key, h, position))
            })
            .collect();
        hints.sort_by_key(|(_, _, position)| *position);
        hints.dedup_by_key(|(_, _, position)| *position);
        hints
            .into_iter()
            .map(|(key, hint, _)| (key, hint))
            .collect()
    }

    /// `mode`'s hints as one line: `Tab next · Ctrl-s apply · Esc cancel`.
    pub fn hint_line(&self, mode: Mode) -> String {
        join_hints(&self.hints(mode))
    }

    /// The hints for `answers` in `mode`: each action's first key with the
    /// word given (a question names its own answers).
    pub fn hints_for(&self, mode: Mode, answers: &[(Action, &str)]) -> String {
        let hints: Vec<(Key, &str)> = answers
            .iter()
            .filter_map(|(action, word)| Some((self.key_in(mode, *action)?, *word)))
            .collect();
        join_hints(&hints)
    }

    /// The help rows of `mode`: each action with all its keys there, in
    /// help order.
    pub fn help_rows(&self, mode: Mode) -> Vec<(String, &'static str)> {
        Action::ALL
            .iter()
            .filter_map(|action| {
                let keys: Vec<String> =
                    self.keys_in(mode, *action).map(|k| k.to_string()).collect();
                (!keys.is_empty()).then(|| (keys.join(" "), action.help()))
            })
            .collect()
    }
}

/// One line of the help screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HelpLine {
    /// A mode's heading.
    Heading(&'static str),
    /// What a mode does beyond its keys.
    About(&'static str),
    /// An action's keys and what it does.
    Keys(String, &'static str),
    /// Space between modes.
    Blank,
}

impl Keymap {
    /// The help screen: every mode's heading, note and keys.
    pub fn help_lines(&self) -> Vec<HelpLine> {
        let mut lines = Vec::new();
        for mode in Mode::ALL {
            if !lines.is_empty() {
                lines.push(HelpLine::Blank);
            }
            lines.push(HelpLine::Heading(mode.title()));
            if let Some(about) = mode.about() {
                lines.push(HelpLine::About(about));
            }
            for (keys, help) in self.help_rows(mode) {
                lines.push(HelpLine::Keys(keys, help));
            }
        }
        lines
    }
}

fn join_hints(hints: &[(Key, &str)]) -> String {
    hints
        .iter()
        .map(|(key, word)| format!("{key} {word}"))
        .collect::<Vec<_>>()
        .join(" · ")
}

#[cfg(test)]
mod tests;
