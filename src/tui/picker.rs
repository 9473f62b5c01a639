//! A choice list with fuzzy search: pick one word, one id, or several ids.
//!
//! Used for a field's closed list of words, for references (owner, theme,
//! parent, goals, actor, from), for filters and for what to add. Typing
//! narrows the list with nucleo's fuzzy matcher over each entry's value and
//! label; the best matches come first. The picker holds no plan: its owner
//! gives the entries and takes the choice.

use crossterm::event::{KeyCode, KeyEvent};
use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher};

use crate::tui::action::Action;
use crate::tui::keymap::{Key, Keymap, Mode};

/// One choice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// What choosing it gives: an id or a word (empty for "none").
    pub value: String,
    /// How it is shown beside the value: a name or a title.
    pub label: String,
    /// The text matched against the query.
    haystack: String,
}

impl Entry {
    /// An entry with a value and a label.
    pub fn new(value: impl Into<String>, label: impl Into<String>) -> Entry {
        let value = value.into();
        let label = label.into();
        let haystack = format!("{value} {label}");
        Entry {
            value,
            label,
            haystack,
        }
    }
}

/// What a key did to the picker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Picked {
    /// Still choosing.
    Open,
    /// Closed without a choice.
    Cancelled,
    /// Chosen: the entry positions (one, or the ticked ones of a multiple
    /// choice, in the entries' order).
    Chosen(Vec<usize>),
    /// A value typed that no entry has, chosen from the row offering it
    /// (only in a picker that takes one: see [`Picker::typed`]).
    Typed(String),
}

/// A list of entries, a query, and the cursor.
#[derive(Debug)]
pub struct Picker {
    /// The window's title.
    pub title: String,
    /// Every entry.
    pub entries: Vec<Entry>,
    /// What has been typed.
    pub query: String,
    /// The entries matching the query, best first (positions in `entries`).
    pub matches: Vec<usize>,
    /// The cursor (a position in `matches`).
    pub selected: usize,
    /// Whether several entries can be ticked (with Space).
    pub multiple: bool,
    /// The ticked entries, by position in `entries`.
    pub ticked: Vec<bool>,
    /// What a typed value that no entry has is called ("new participant"),
    /// in a picker that takes one: its row follows the matches.
    pub typed: Option<&'static str>,
}

impl Picker {
    /// A picker for one entry, with the cursor on `current` when given.
    pub fn single(title: impl Into<String>, entries: Vec<Entry>, current: Option<&str>) -> Picker {
        let mut picker = Picker::build(title.into(), entries, false);
        if let Some(position) =
            current.and_then(|c| picker.entries.iter().position(|e| e.value == c))
        {
            picker.selected = position;
        }
        picker
    }

    /// A picker for several entries, with `current` ticked.
    pub fn multiple(title: impl Into<String>, entries: Vec<Entry>, current: &[String]) -> Picker {
        let mut picker = Picker::build(title.into(), entries, true);
        for (i, entry) in picker.entries.iter().enumerate() {
            picker.ticked[i] = current.contains(&entry.value);
        }
        picker
    }

    fn build(title: String, entries: Vec<Entry>, multiple: bool) -> Picker {
        let matches = (0..entries.len()).collect();
        let ticked = vec![false; entries.len()];
        Picker {
            title,
            entries,
            query: String::new(),
            matches,
            selected: 0,
            multiple,
            ticked,
            typed: None,
        }
    }

    /// This picker also takes a typed value no entry has, called `what`.
    pub fn taking_typed(mut self, what: &'static str) -> Picker {
        self.typed = Some(what);
        self
    }

    /// The typed value its own row offers: the query, trimmed, when the
    /// picker takes one and no entry has it as its value already.
    pub fn typed_value(&self) -> Option<&str> {
        let query = self.query.trim();
        (self.typed.is_some()
            && !query.is_empty()
            && !self
                .entries
                .iter()
                .any(|e| e.value.eq_ignore_ascii_case(query)))
        .then_some(query)
    }

    /// How many rows can be chosen: the matches and the typed value's row.
    pub fn rows(&self) -> usize {
        self.matches.len() + usize::from(self.typed_value().is_some())
    }

    /// The entry under the cursor.
    pub fn current(&self) -> Option<&Entry> {
        self.matches.get(self.selected).map(|&i| &self.entries[i])
    }

    /// Set the query and rank the entries by it.
    pub fn set_query(&mut self, query: &str) {
        self.query = query.to_owned();
        self.rank();
    }

    fn rank(&mut self) {
        if self.query.is_empty() {
            self.matches = (0..self.entries.len()).collect();
        } else {
            let pattern = Pattern::parse(&self.query, CaseMatching::Ignore, Normalization::Smart);
            let mut matcher = Matcher::new(Config::DEFAULT);
            let haystacks = self
                .entries
                .iter()
                .enumerate()
                .map(|(i, e)| Haystack(i, &e.haystack));
            let mut scored = pattern.match_list(haystacks, &mut matcher);
            // Best first; equal scores keep the entries' order.
            scored.sort_by(|(a, sa), (b, sb)| sb.cmp(sa).then(a.0.cmp(&b.0)));
            self.matches = scored.into_iter().map(|(h, _)| h.0).collect();
        }
        self.selected = 0;
    }

    /// The mode its keys are looked up in.
    pub fn mode(&self) -> Mode {
        if self.multiple {
            Mode::Ticking
        } else {
            Mode::Picker
        }
    }

    /// Handle a key, as the key table has it.
    pub fn key(&mut self, keymap: &Keymap, event: KeyEvent) -> Picked {
        let key = Key::from_event(&event);
        let Some(action) = keymap.action(self.mode(), key) else {
            if let KeyCode::Char(c) = event.code
                && key.is_text()
                && !c.is_control()
            {
                let query = format!("{}{c}", self.query);
                self.set_query(&query);
            }
            return Picked::Open;
        };
        match action {
            Action::Cancel => return Picked::Cancelled,
            Action::Choose => {
                if self.multiple {
                    let chosen = (0..self.entries.len())
                        .filter(|&i| self.ticked[i])
                        .collect();
                    return Picked::Chosen(chosen);
                }
                return match (self.matches.get(self.selected), self.typed_value()) {
                    (Some(&i), _) => Picked::Chosen(vec![i]),
                    (None, Some(typed)) => Picked::Typed(typed.to_owned()),
                    (None, None) => Picked::Open,
                };
            }
            Action::Tick => {
                if let Some(&i) = self.matches.get(self.selected) {
                    self.ticked[i] = !self.ticked[i];
                }
            }
            Action::Up => self.selected = self.selected.saturating_sub(1),
            Action::Down => self.step_down(1),
            Action::PageUp => self.selected = self.selected.saturating_sub(10),
            Action::PageDown => self.step_down(10),
            Action::DeleteBack => {
                let mut query = self.query.clone();
                query.pop();
                self.set_query(&query);
            }
            Action::ClearLine => self.set_query(""),
            _ => {}
        }
        Picked::Open
    }

    fn step_down(&mut self, by: usize) {
        self.selected = (self.selected + by).min(self.rows().saturating_sub(1));
    }
}

/// An entry's text with its position, for the matcher.
struct Haystack<'a>(usize, &'a str);

impl AsRef<str> for Haystack<'_> {
    fn as_ref(&self) -> &str {
        self.1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crossterm::event::KeyModifiers;

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    fn press(picker: &mut Picker, code: KeyCode) -> Picked {
        picker.key(&Keymap::default(), key(code))
    }

    fn actors() -> Vec<Entry> {
        vec![
            Entry::new("city", "City of Ghent"),
            Entry::new("voedselteams", "Voedselteams vzw"),
            Entry::new("community-land-trust", "Community Land Trust Gent"),
        ]
    }

    #[test]
    fn typing_narrows_fuzzily_and_enter_chooses() {
        let mut picker = Picker::single("Owner", actors(), None);
        for c in "clt".chars() {
            assert_eq!(press(&mut picker, KeyCode::Char(c)), Picked::Open);
        }
        assert_eq!(picker.current().unwrap().value, "community-land-trust");
        assert_eq!(press(&mut picker, KeyCode::Enter), Picked::Chosen(vec![2]));
    }

    #[test]
    fn the_cursor_starts_on_the_current_value() {
        let mut picker = Picker::single("Owner", actors(), Some("voedselteams"));
        assert_eq!(picker.current().unwrap().value, "voedselteams");
        press(&mut picker, KeyCode::Down);
        assert_eq!(picker.current().unwrap().value, "community-land-trust");
        press(&mut picker, KeyCode::Down);
        assert_eq!(picker.current().unwrap().value, "community-land-trust");
        assert_eq!(press(&mut picker, KeyCode::Esc), Picked::Cancelled);
    }

    #[test]
    fn several_can_be_ticked() {
        let mut picker = Picker::multiple("Goals", actors(), &["city".to_owned()]);
        press(&mut picker, KeyCode::Down);
        press(&mut picker, KeyCode::Char(' '));
        assert_eq!(
            press(&mut picker, KeyCode::Enter),
            Picked::Chosen(vec![0, 1])
        );
    }

    #[test]
    fn no_match_chooses_nothing() {
        let mut picker = Picker::single("Owner", actors(), None);
        for c in "zzzz".chars() {
            press(&mut picker, KeyCode::Char(c));
        }
        assert!(picker.matches.is_empty());
        assert_eq!(press(&mut picker, KeyCode::Enter), Picked::Open);
        press(&mut picker, KeyCode::Backspace);
        press(&mut picker, KeyCode::Char('u'));
    }
}
