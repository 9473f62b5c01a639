//! Every user intent, as data: the vocabulary of the terminal UI.
//!
//! The key table ([`super::keymap`]) maps keys to these in every mode (the
//! screens, the search line, forms, pickers, questions, prompts, help); the
//! help screen and every window's hints are generated from that table, and [`super::update`] is
//! the only place that carries them out. Each variant's doc comment is the
//! text the help screen shows; its [`Action::name`] is the word a config file
//! uses to rebind it.

use crate::tui::screen::Screen;

macro_rules! actions {
    ($($(#[doc = $doc:literal])+ $variant:ident = $name:literal,)+) => {
        /// What the person asked for.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Action {
            $($(#[doc = $doc])+ $variant,)+
        }

        impl Action {
            /// Every action, in help order.
            pub const ALL: &[Action] = &[$(Action::$variant),+];

            /// The word a config file names this action by.
            pub fn name(self) -> &'static str {
                match self {
                    $(Action::$variant => $name),+
                }
            }

            /// The help text of this action.
            pub fn help(self) -> &'static str {
                match self {
                    $(Action::$variant => concat!($($doc),+).trim_ascii()),+
                }
            }
        }
    };
}

actions! {
    /// Move up a row, a line or an entry
    Up = "up",
    /// Move down a row, a line or an entry
    Down = "down",
    /// Move up a page
    PageUp = "page-up",
    /// Move down a page
    PageDown = "page-down",
    /// Go to the first row
    First = "first",
    /// Go to the last row
    Last = "last",
    /// Open the selection's details, or a form at the selected detail
    Enter = "enter",
    /// Move into the details pane
    Details = "details",
    /// Go back: leave the details, clear the search or filter
    Back = "back",
    /// Next screen
    NextScreen = "next-screen",
    /// Previous screen
    PreviousScreen = "previous-screen",
    /// Go to the overview
    ShowOverview = "show-overview",
    /// Go to the goals
    ShowGoals = "show-goals",
    /// Go to the partnerships
    ShowPartnerships = "show-partnerships",
    /// Go to the actors
    ShowActors = "show-actors",
    /// Go to the themes
    ShowThemes = "show-themes",
    /// Go to the problems
    ShowProblems = "show-problems",
    /// Go to the workshops
    ShowWorkshops = "show-workshops",
    /// Edit the selected item in a form
    Edit = "edit",
    /// Add an item here, or inside the selected one
    Add = "add",
    /// Delete the selected item (asks first)
    Delete = "delete",
    /// Move the selected goal or partnership to its next status
    NextStatus = "next-status",
    /// Move the selected goal or partnership to its previous status
    PreviousStatus = "previous-status",
    /// Undo the last edit
    Undo = "undo",
    /// Redo the last undone edit
    Redo = "redo",
    /// Save the plan
    Save = "save",
    /// Reload the plan from disk
    Reload = "reload",
    /// Open $EDITOR at the selected item, then reload
    OpenEditor = "open-editor",
    /// Export a report: Markdown, HTML, JSON, CSV or iCalendar
    Export = "export",
    /// Search titles, names and descriptions as you type
    Search = "search",
    /// Presenting: place a participant's dots on the item shown
    Vote = "vote",
    /// Presenting: add a comment on the item shown
    Comment = "comment",
    /// Presenting: record a decision about the item shown
    Decide = "decide",
    /// Presenting: show or hide the current workshop's tally for the item
    ShowTally = "show-tally",
    /// Filter by theme, status, owner or role
    Filter = "filter",
    /// Change the sort order
    Sort = "sort",
    /// Show or hide this help
    Help = "help",
    /// Present the plan to a room, one slide at a time
    Present = "present",
    /// Show what changed since the last commit (or --since)
    Changes = "changes",
    /// Quit (asks when there are unsaved changes)
    Quit = "quit",
    /// Keep the search and go back to the list
    KeepSearch = "keep-search",
    /// Go to the form's next line
    NextField = "next-field",
    /// Go to the form's previous line
    PreviousField = "previous-field",
    /// On a text line go to the next; open a list or the editor; on Apply, apply
    Activate = "activate",
    /// Apply the form, as one undo step
    Apply = "apply",
    /// Close the long-text editor, keeping the text
    CloseEditor = "close-editor",
    /// Choose the entry under the cursor (or the ticked ones)
    Choose = "choose",
    /// Tick or untick the entry under the cursor
    Tick = "tick",
    /// Take the path typed
    Answer = "answer",
    /// Yes: go ahead (delete, rename, replace)
    Yes = "yes",
    /// No: leave things as they are
    No = "no",
    /// Save, then quit
    SaveAndQuit = "save-and-quit",
    /// Quit without saving
    Discard = "discard",
    /// Keep your unsaved changes (saving asks before overwriting)
    KeepMine = "keep-mine",
    /// Write your version over the file on disk
    Overwrite = "overwrite",
    /// Merge the change on disk into your unsaved edits, item by item
    Merge = "merge",
    /// In a merge conflict: take the version on disk
    TakeTheirs = "take-theirs",
    /// In a merge conflict: keep both versions, yours first
    TakeBoth = "take-both",
    /// Close without a change (in a search: clear it)
    Cancel = "cancel",
    /// Move the cursor left
    CursorLeft = "cursor-left",
    /// Move the cursor right
    CursorRight = "cursor-right",
    /// Move the cursor to the start of the line
    LineStart = "line-start",
    /// Move the cursor to the end of the line
    LineEnd = "line-end",
    /// Delete the character before the cursor
    DeleteBack = "delete-back",
    /// Delete the character under the cursor
    DeleteForward = "delete-forward",
    /// Clear the line
    ClearLine = "clear-line",
}

impl Action {
    /// The action a config file names.
    pub fn from_name(name: &str) -> Option<Action> {
        Action::ALL.iter().copied().find(|a| a.name() == name)
    }

    /// The screen this action shows, if it is one of the `Show…` actions.
    pub fn screen(self) -> Option<Screen> {
        Some(match self {
            Action::ShowOverview => Screen::Overview,
            Action::ShowGoals => Screen::Goals,
            Action::ShowPartnerships => Screen::Partnerships,
            Action::ShowActors => Screen::Actors,
            Action::ShowThemes => Screen::Themes,
            Action::ShowProblems => Screen::Problems,
            Action::ShowWorkshops => Screen::Workshops,
            _ => return None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_round_trip() {
        let mut seen = std::collections::HashSet::new();
        for action in Action::ALL {
            let name = action.name();
            assert!(seen.insert(name), "{name} twice");
            assert_eq!(Action::from_name(name), Some(*action), "{name}");
            assert!(!action.help().is_empty(), "{name} has no help");
        }
        assert_eq!(Action::from_name("no-such-thing"), None);
    }
}
