//! The state of the terminal UI: the plan being edited and everything about
//! how it is shown.
//!
//! [`App`] owns the plan's [`PlanFile`] (the document, its history, where it
//! lives on disk and whether it is saved: the library's one save policy),
//! the derived figures, the screen, the rows of
//! each screen's list after search, filter and sort, the selection, and the
//! open window (form, picker, prompt or help). It changes only through
//! [`super::update::update`]; rendering reads it. It knows nothing of the
//! terminal: tests drive it without one.

mod derived;
mod lists;
mod overlay;

use std::path::PathBuf;

use crate::edit::ItemPath;
use crate::model::{Date, Plan};
use crate::session::PlanFile;
use crate::tui::keymap::Keymap;
use crate::tui::theme::Theme;

pub use crate::tui::screen::{Filter, Screen, Sort};
pub use derived::Derived;
pub use lists::{Focus, ListView, Row};
pub use overlay::{
    AddChoice, CONFLICT_ANSWERS, Confirm, NewItemIn, Overlay, PickPurpose, Prompt, PromptPurpose,
    RENAME_ANSWERS, Recovery,
};

/// The file name the bundled example is offered under until its first save.
pub const EXAMPLE_FILE: &str = "ghent.toml";

/// A line in the status bar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    /// The text.
    pub text: String,
    /// Whether it reports a failure.
    pub error: bool,
}

/// Something only the event loop can do: it owns the terminal and the disk
/// watcher.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Suspend the UI and run `$EDITOR` on the plan at a line, then reload.
    OpenEditor {
        /// The file.
        path: PathBuf,
        /// The 1-based line.
        line: usize,
    },
    /// Watch a new path (after "save as").
    Watch(PathBuf),
}

/// Settings from the config file that change how the UI looks and reacts.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    /// The colours.
    pub theme: Theme,
    /// The keys.
    pub keymap: Keymap,
}

/// Everything the terminal UI knows.
#[derive(Debug)]
pub struct App {
    /// The plan and its file.
    pub session: PlanFile,
    /// Derived figures.
    pub derived: Derived,
    /// The day the UI treats as today (fixed in tests).
    pub today: Date,
    /// The screen shown.
    pub screen: Screen,
    /// Which pane has the keyboard.
    pub focus: Focus,
    /// Each screen's list, by [`Screen::position`].
    pub lists: [ListView; Screen::ALL.len()],
    /// The search text; rows must match it.
    pub search: String,
    /// Whether keys are being typed into the search.
    pub searching: bool,
    /// The open window.
    pub overlay: Option<Overlay>,
    /// The status bar's message.
    pub message: Option<Message>,
    /// Colours and keys.
    pub settings: Settings,
    /// The presentation under way, if any: it takes the whole screen.
    pub presentation: Option<crate::tui::present::Presentation>,
    /// Set when the UI should end.
    pub quit: bool,
    /// Work for the event loop.
    pub effects: Vec<Effect>,
    /// The size of the terminal, as the last resize told it: for paging,
    /// scrolling and the mouse. Rendering never writes it.
    pub size: (u16, u16),
    /// A merge of the file's change on disk with conflicts left to
    /// resolve, while [`Overlay::Conflicts`] asks about them.
    pub merge: Option<crate::session::PendingMerge>,
    /// The earlier version the Changes view compares with (`--since`: a
    /// git revision, a date or a file); `None` for the last commit.
    pub since: Option<String>,
    /// Why the plan may not be changed here ("pid 4242 has it open": another
    /// UI has it), if so: edits and saves are refused with it, and the
    /// status bar shows `[RO]`.
    pub read_only: Option<String>,
    /// The plan's file was deleted (or renamed away) on disk while open
    /// here: the status bar says so, quitting asks first, and a save
    /// writes it again.
    pub deleted_on_disk: bool,
}

impl App {
    /// A UI over a loaded plan.
    pub fn new(session: PlanFile, settings: Settings, today: Date) -> App {
        let derived = Derived::compute(session.document());
        let mut app = App {
            session,
            derived,
            today,
            screen: Screen::Overview,
            focus: Focus::List,
            lists: std::array::from_fn(|_| ListView::new()),
            search: String::new(),
            searching: false,
            overlay: None,
            message: None,
            settings,
            presentation: None,
            quit: false,
            effects: Vec::new(),
            size: (80, 24),
            since: None,
            merge: None,
            read_only: None,
            deleted_on_disk: false,
        };
        app.rebuild_rows();
        app
    }

    /// The plan as it stands.
    pub fn plan(&self) -> &Plan {
        self.session.document().plan()
    }

    /// The plan's file name to show: `ghent.toml`, or for the bundled
    /// example before its first save `ghent.toml (example, not saved)`.
    pub fn file_name(&self) -> String {
        self.session
            .file_name()
            .unwrap_or_else(|| format!("{EXAMPLE_FILE} (example, not saved)"))
    }

    /// The list of the screen shown.
    pub fn list(&self) -> &ListView {
        &self.lists[self.screen.position()]
    }

    /// The list of the screen shown, to change.
    pub fn list_mut(&mut self) -> &mut ListView {
        &mut self.lists[self.screen.position()]
    }

    /// Say something in the status bar.
    pub fn say(&mut self, text: impl Into<String>) {
        self.message = Some(Message {
            text: text.into(),
            error: false,
        });
    }

    /// Report a failure in the status bar.
    pub fn fail(&mut self, text: impl Into<String>) {
        self.message = Some(Message {
            text: text.into(),
            error: true,
        });
    }

    /// The selected item of the screen shown, as a path into the plan.
    pub fn selected_item(&self) -> Option<ItemPath> {
        let collection = self.screen.collection()?;
        let index = self.list().selected_index()?;
        Some(ItemPath::top(collection.key(), index))
    }

    /// Recompute the derived figures and every list after the session's
    /// document was replaced (a load or a reload), keeping each selection on
    /// the same item where it still exists.
    pub fn plan_changed(&mut self) {
        self.derived = Derived::compute(self.session.document());
        self.rebuild_rows();
        self.rebuild_slides();
    }

    /// Follow edits of the plan (an edit, an undo, a redo): the derived
    /// figures of the parts they touched, and the lists.
    pub fn plan_edited(&mut self) {
        self.derived.refresh(self.session.document());
        self.rebuild_rows();
        self.rebuild_slides();
    }

    /// Rebuild the presentation's slides, if one is under way, keeping the
    /// slide shown on its item.
    fn rebuild_slides(&mut self) {
        if let Some(presentation) = &mut self.presentation {
            presentation.rebuild(self.session.document().plan(), &self.derived.progress);
        }
    }

    /// Rebuild every screen's rows, keeping selections on their items.
    pub fn rebuild_rows(&mut self) {
        for screen in Screen::ALL {
            self.rebuild_screen(screen);
        }
    }

    /// Rebuild one screen's rows, keeping the selection on its item.
    pub fn rebuild_screen(&mut self, screen: Screen) {
        let position = screen.position();
        let before = self.lists[position].selected_index();
        let before_row = self.lists[position].selected;
        let rows = self.rows_for(screen);
        let list = &mut self.lists[position];
        list.rows = rows;
        let kept = before.is_some_and(|index| list.select_index(index));
        if !kept {
            list.selected = before_row.min(list.rows.len().saturating_sub(1));
            list.move_by(0);
        }
    }

    /// How many rows a page is, for the size the terminal has.
    pub fn page_height(&self) -> usize {
        let (_, height) = self.size;
        usize::from(height).saturating_sub(6).max(1)
    }
}
