//! The key table: which keys do what, as data.
//!
//! One row per binding — the key, the [`Action`], and whether the footer
//! shows it as a hint. The help screen and the footer are generated from the
//! table, so neither can drift from what the keys really do. A config file
//! can rebind any action ([`Keymap::with_overrides`]). Only keys of the
//! browsing mode are here; a form, a picker and a prompt take typed text and
//! name their own few keys in their footers.

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

/// One row of the key table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Binding {
    /// The key.
    pub key: Key,
    /// What it does.
    pub action: Action,
    /// The short word the footer shows, for the bindings worth a hint.
    pub hint: Option<&'static str>,
}

const fn bind(key: Key, action: Action) -> Binding {
    Binding {
        key,
        action,
        hint: None,
    }
}

const fn hint(key: Key, action: Action, hint: &'static str) -> Binding {
    Binding {
        key,
        action,
        hint: Some(hint),
    }
}

use KeyCode as K;

/// The default key table, in the order the help screen lists it.
pub const DEFAULT_BINDINGS: &[Binding] = &[
    bind(Key::char('k'), Action::Up),
    bind(Key::plain(K::Up), Action::Up),
    bind(Key::char('j'), Action::Down),
    bind(Key::plain(K::Down), Action::Down),
    bind(Key::plain(K::PageUp), Action::PageUp),
    bind(Key::ctrl('u'), Action::PageUp),
    bind(Key::plain(K::PageDown), Action::PageDown),
    bind(Key::ctrl('d'), Action::PageDown),
    bind(Key::char('g'), Action::First),
    bind(Key::plain(K::Home), Action::First),
    bind(Key::char('G'), Action::Last),
    bind(Key::plain(K::End), Action::Last),
    bind(Key::plain(K::Enter), Action::Enter),
    bind(Key::char('l'), Action::Details),
    bind(Key::plain(K::Right), Action::Details),
    bind(Key::plain(K::Esc), Action::Back),
    bind(Key::char('h'), Action::Back),
    bind(Key::plain(K::Left), Action::Back),
    bind(Key::plain(K::Tab), Action::NextScreen),
    bind(Key::plain(K::BackTab), Action::PreviousScreen),
    bind(Key::char('1'), Action::ShowOverview),
    bind(Key::char('2'), Action::ShowGoals),
    bind(Key::char('3'), Action::ShowPartnerships),
    bind(Key::char('4'), Action::ShowActors),
    bind(Key::char('5'), Action::ShowThemes),
    bind(Key::char('6'), Action::ShowProblems),
    hint(Key::char('e'), Action::Edit, "edit"),
    hint(Key::char('a'), Action::Add, "add"),
    hint(Key::char('d'), Action::Delete, "delete"),
    hint(Key::char('>'), Action::NextStatus, "status"),
    bind(Key::char('<'), Action::PreviousStatus),
    hint(Key::char('u'), Action::Undo, "undo"),
    bind(Key::ctrl('r'), Action::Redo),
    hint(Key::ctrl('s'), Action::Save, "save"),
    bind(Key::char('R'), Action::Reload),
    bind(Key::char('E'), Action::OpenEditor),
    bind(Key::char('x'), Action::Export),
    hint(Key::char('/'), Action::Search, "search"),
    hint(Key::char('f'), Action::Filter, "filter"),
    hint(Key::char('s'), Action::Sort, "sort"),
    hint(Key::char('?'), Action::Help, "help"),
    hint(Key::char('q'), Action::Quit, "quit"),
    bind(Key::ctrl('c'), Action::Quit),
];

/// The key table in force: the defaults with the config file's overrides.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keymap {
    bindings: Vec<Binding>,
}

impl Default for Keymap {
    fn default() -> Keymap {
        Keymap {
            bindings: DEFAULT_BINDINGS.to_vec(),
        }
    }
}

impl Keymap {
    /// The defaults, with each named action bound to the given keys instead
    /// of its default ones. `overrides` pairs an action's config name with
    /// key names. A key taken from another action leaves that action.
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
            let hint = keymap
                .bindings
                .iter()
                .find(|b| b.action == action)
                .and_then(|b| b.hint);
            keymap
                .bindings
                .retain(|b| b.action != action && !keys.contains(&b.key));
            for (i, key) in keys.into_iter().enumerate() {
                keymap.bindings.push(Binding {
                    key,
                    action,
                    hint: if i == 0 { hint } else { None },
                });
            }
        }
        Ok(keymap)
    }

    /// The action bound to `key`, if any.
    pub fn action(&self, key: Key) -> Option<Action> {
        self.bindings
            .iter()
            .find(|b| b.key == key)
            .map(|b| b.action)
    }

    /// The keys bound to `action`, in table order.
    pub fn keys(&self, action: Action) -> impl Iterator<Item = Key> + '_ {
        self.bindings
            .iter()
            .filter(move |b| b.action == action)
            .map(|b| b.key)
    }

    /// The first key bound to `action`, for prompts ("press ? for help").
    pub fn key_for(&self, action: Action) -> Option<Key> {
        self.keys(action).next()
    }

    /// The footer's hints: the first key of each hinted action, with its word.
    pub fn hints(&self) -> Vec<(Key, &'static str)> {
        let mut hints: Vec<(Key, &'static str, usize)> = self
            .bindings
            .iter()
            .filter_map(|b| {
                let position = Action::ALL.iter().position(|a| *a == b.action)?;
                b.hint.map(|h| (b.key, h, position))
            })
            .collect();
        hints.sort_by_key(|(_, _, position)| *position);
        hints.dedup_by_key(|(_, hint, _)| *hint);
        hints
            .into_iter()
            .map(|(key, hint, _)| (key, hint))
            .collect()
    }

    /// The help screen's rows: each action with all its keys, in help order;
    /// actions without a key are left out.
    pub fn help_rows(&self) -> Vec<(String, &'static str)> {
        Action::ALL
            .iter()
            .filter_map(|action| {
                let keys: Vec<String> = self.keys(*action).map(|k| k.to_string()).collect();
                (!keys.is_empty()).then(|| (keys.join(" "), action.help()))
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_action_has_a_default_key() {
        let keymap = Keymap::default();
        for action in Action::ALL {
            assert!(
                keymap.key_for(*action).is_some(),
                "{} has no key",
                action.name()
            );
        }
    }

    #[test]
    fn no_key_is_bound_twice() {
        let mut seen = std::collections::HashSet::new();
        for binding in DEFAULT_BINDINGS {
            assert!(seen.insert(binding.key), "{} bound twice", binding.key);
        }
    }

    #[test]
    fn keys_parse_and_print() {
        assert_eq!(Key::parse("ctrl-r"), Ok(Key::ctrl('r')));
        assert_eq!(Key::parse("G"), Ok(Key::char('G')));
        assert_eq!(Key::parse("shift-tab"), Ok(Key::plain(KeyCode::BackTab)));
        assert_eq!(Key::parse("f5"), Ok(Key::plain(KeyCode::F(5))));
        assert!(Key::parse("hyper-x").unwrap_err().contains("is not a key"));
        assert_eq!(Key::ctrl('s').to_string(), "Ctrl-s");
        assert_eq!(Key::plain(KeyCode::BackTab).to_string(), "Shift-Tab");
    }

    #[test]
    fn shift_is_part_of_the_character() {
        let event = KeyEvent::new(KeyCode::Char('G'), KeyModifiers::SHIFT);
        assert_eq!(Key::from_event(&event), Key::char('G'));
        let event = KeyEvent::new(
            KeyCode::Char('R'),
            KeyModifiers::CONTROL | KeyModifiers::SHIFT,
        );
        assert_eq!(Key::from_event(&event), Key::ctrl('r'));
    }

    #[test]
    fn overrides_replace_an_actions_keys_and_free_the_key() {
        let keymap =
            Keymap::with_overrides(&[("undo".into(), vec!["z".into(), "j".into()])]).unwrap();
        assert_eq!(keymap.action(Key::char('z')), Some(Action::Undo));
        assert_eq!(keymap.action(Key::char('j')), Some(Action::Undo));
        assert_eq!(keymap.action(Key::char('u')), None);
        assert_eq!(
            keymap.keys(Action::Down).collect::<Vec<_>>(),
            vec![Key::plain(KeyCode::Down)]
        );
        assert!(keymap.hints().contains(&(Key::char('z'), "undo")));
        let error = Keymap::with_overrides(&[("undoo".into(), vec!["z".into()])]).unwrap_err();
        assert!(error.contains("did you mean `undo`"), "{error}");
    }

    #[test]
    fn help_lists_every_key() {
        let rows = Keymap::default().help_rows();
        assert!(
            rows.iter()
                .any(|(keys, help)| keys == "q Ctrl-c" && help.starts_with("Quit"))
        );
        assert_eq!(rows.len(), Action::ALL.len());
    }
}
