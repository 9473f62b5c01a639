//! The state of the terminal UI: the plan being edited and everything about
//! how it is shown.
//!
//! [`App`] owns the [`Session`] (the document, its history, where it lives on
//! disk and whether it is saved), the derived figures, the screen, the rows of
//! each screen's list after search, filter and sort, the selection, and the
//! open window (form, picker, prompt or help). It changes only through
//! [`super::update::update`]; rendering reads it. It knows nothing of the
//! terminal: tests drive it without one.

use std::cell::Cell;
use std::collections::HashMap;
use std::path::PathBuf;

use crate::diagnostic::Severity;
use crate::disk::DiskStamp;
use crate::document::{LoadFailure, PlanDocument};
use crate::edit::{History, ItemPath};
use crate::export::Format;
use crate::model::{Date, GoalStatus, Keyword, PartnershipStatus, Plan, Role};
use crate::progress::{LedgerTotals, PlanProgress};
use crate::tui::form::Form;
use crate::tui::keymap::Keymap;
use crate::tui::picker::Picker;
use crate::tui::theme::Theme;

/// The screens, in the order of their number keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Screen {
    /// Where the plan stands, at a glance.
    Overview,
    /// The goals as a tree, with the selected goal's details.
    Goals,
    /// The public-commons partnerships.
    Partnerships,
    /// The actors.
    Actors,
    /// The themes.
    Themes,
    /// Every diagnostic.
    Problems,
}

impl Screen {
    /// Every screen, in order.
    pub const ALL: [Screen; 6] = [
        Screen::Overview,
        Screen::Goals,
        Screen::Partnerships,
        Screen::Actors,
        Screen::Themes,
        Screen::Problems,
    ];

    /// The screen's title in the tab bar.
    pub fn title(self) -> &'static str {
        match self {
            Screen::Overview => "Overview",
            Screen::Goals => "Goals",
            Screen::Partnerships => "Partnerships",
            Screen::Actors => "Actors",
            Screen::Themes => "Themes",
            Screen::Problems => "Problems",
        }
    }

    /// Its position, 0-based.
    pub fn position(self) -> usize {
        Screen::ALL.iter().position(|s| *s == self).unwrap_or(0)
    }

    /// The next screen, after the last the first.
    pub fn next(self) -> Screen {
        Screen::ALL[(self.position() + 1) % Screen::ALL.len()]
    }

    /// The previous screen, before the first the last.
    pub fn previous(self) -> Screen {
        Screen::ALL[(self.position() + Screen::ALL.len() - 1) % Screen::ALL.len()]
    }

    /// The top-level collection the screen lists.
    pub fn collection(self) -> Option<&'static str> {
        match self {
            Screen::Goals => Some("goals"),
            Screen::Partnerships => Some("partnerships"),
            Screen::Actors => Some("actors"),
            Screen::Themes => Some("themes"),
            Screen::Overview | Screen::Problems => None,
        }
    }

    /// The orders this screen's list can be sorted in; the first is the file's.
    pub fn sorts(self) -> &'static [Sort] {
        match self {
            Screen::Goals => &[
                Sort::File,
                Sort::Status,
                Sort::TargetYear,
                Sort::Progress,
                Sort::Title,
            ],
            Screen::Partnerships => &[Sort::File, Sort::Status, Sort::Start, Sort::Title],
            Screen::Actors => &[Sort::File, Sort::Title, Sort::Role],
            Screen::Themes => &[Sort::File, Sort::Title, Sort::Progress],
            Screen::Problems => &[Sort::File, Sort::Severity],
            Screen::Overview => &[Sort::File],
        }
    }
}

/// An order for a list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Sort {
    /// As the file has them (for goals: the tree by parent).
    File,
    /// By status, in the order of the status ladder.
    Status,
    /// By target year, goals without one last.
    TargetYear,
    /// By progress, least first.
    Progress,
    /// By title or name.
    Title,
    /// By start date, partnerships without one last.
    Start,
    /// By role.
    Role,
    /// Errors before warnings.
    Severity,
}

impl Sort {
    /// How the status bar names it.
    pub fn label(self) -> &'static str {
        match self {
            Sort::File => "file order",
            Sort::Status => "status",
            Sort::TargetYear => "target year",
            Sort::Progress => "progress",
            Sort::Title => "name",
            Sort::Start => "start date",
            Sort::Role => "role",
            Sort::Severity => "severity",
        }
    }
}

/// A condition on the rows of a list.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Filter {
    /// Goals or actors of a theme (by id).
    Theme(String),
    /// Goals of a status.
    GoalStatus(GoalStatus),
    /// Partnerships of a status.
    PartnershipStatus(PartnershipStatus),
    /// Goals owned by an actor (by id).
    Owner(String),
    /// Actors of a role; partnerships with a party of that role.
    Role(Role),
}

/// One row of a screen's list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Row {
    /// A heading between groups (a theme on the goals screen); not selectable.
    Heading(String),
    /// An item, by its position in its collection (or in the diagnostics),
    /// with its depth in the goal tree.
    Item {
        /// Position in the collection.
        index: usize,
        /// Depth below its top-level goal (0 elsewhere).
        depth: usize,
    },
}

/// Which pane has the keyboard.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    /// The list.
    List,
    /// The selected item's details.
    Detail,
}

/// What a screen shows and where its cursor is.
#[derive(Debug, Clone)]
pub struct ListView {
    /// The rows, after search, filter and sort.
    pub rows: Vec<Row>,
    /// The selected row (a position in `rows`).
    pub selected: usize,
    /// The first row on screen; rendering keeps the selection visible.
    pub offset: Cell<usize>,
    /// The selected line of the details pane.
    pub detail_selected: usize,
    /// The first line of the details pane on screen.
    pub detail_offset: Cell<usize>,
    /// The sort in force.
    pub sort: Sort,
    /// The filter in force.
    pub filter: Option<Filter>,
}

impl ListView {
    fn new() -> ListView {
        ListView {
            rows: Vec::new(),
            selected: 0,
            offset: Cell::new(0),
            detail_selected: 0,
            detail_offset: Cell::new(0),
            sort: Sort::File,
            filter: None,
        }
    }

    /// The position in its collection of the selected item.
    pub fn selected_index(&self) -> Option<usize> {
        match self.rows.get(self.selected)? {
            Row::Item { index, .. } => Some(*index),
            Row::Heading(_) => None,
        }
    }

    /// Select the row of item `index`, if it is listed.
    pub fn select_index(&mut self, index: usize) -> bool {
        match self
            .rows
            .iter()
            .position(|r| matches!(r, Row::Item { index: i, .. } if *i == index))
        {
            Some(position) => {
                self.selected = position;
                true
            }
            None => false,
        }
    }

    /// Move the selection by `delta` rows, skipping headings, within bounds.
    pub fn move_by(&mut self, delta: isize) {
        if self.rows.is_empty() {
            self.selected = 0;
            return;
        }
        let last = self.rows.len() as isize - 1;
        let start = (self.selected as isize + delta).clamp(0, last);
        let is_item = |i: isize| matches!(self.rows[i as usize], Row::Item { .. });
        let step = if delta < 0 { -1 } else { 1 };
        // The nearest item that way; at the end of the list, the nearest
        // item the other way.
        let mut target = start;
        while (0..=last).contains(&target) && !is_item(target) {
            target += step;
        }
        if !(0..=last).contains(&target) {
            target = start;
            while (0..=last).contains(&target) && !is_item(target) {
                target -= step;
            }
        }
        if (0..=last).contains(&target) {
            self.selected = target as usize;
        }
        self.detail_selected = 0;
    }
}

/// The open window above the screens, if any.
#[derive(Debug)]
pub enum Overlay {
    /// The key table.
    Help {
        /// The first row shown.
        scroll: usize,
    },
    /// A form editing or adding an item.
    Form(Box<Form>),
    /// A choice list (filter, what to add).
    Picker {
        /// The list.
        picker: Box<Picker>,
        /// What choosing does.
        purpose: PickPurpose,
    },
    /// A question with a few answers.
    Confirm(Confirm),
    /// A line of text to type (where to save).
    Prompt(Prompt),
}

/// What a picker outside a form chooses.
#[derive(Debug, Clone, PartialEq)]
pub enum PickPurpose {
    /// A filter for the list (`None`: no filter), one per entry.
    Filter(Vec<Option<Filter>>),
    /// What to add, one per entry.
    Add(Vec<AddChoice>),
    /// The format of an export, one per entry.
    Export(Vec<Format>),
}

/// Something that can be added from where the cursor is.
#[derive(Debug, Clone, PartialEq)]
pub struct AddChoice {
    /// The item holding the collection (the plan for a top-level one).
    pub parent: ItemPath,
    /// The collection.
    pub collection: &'static str,
    /// How the choice and the form are named: "indicator for goal `food`".
    pub label: String,
    /// Fields filled in already (a new goal's theme, a sub-goal's parent).
    pub prefill: Vec<(&'static str, String)>,
}

/// A question the UI asks before doing something that cannot be taken back.
#[derive(Debug, Clone, PartialEq)]
pub enum Confirm {
    /// Delete an item.
    Delete {
        /// The item.
        item: ItemPath,
        /// How to name it.
        noun: String,
    },
    /// Quit with unsaved changes: save, discard or stay.
    Quit,
    /// The file changed on disk while there are unsaved changes: reload
    /// (losing them) or keep editing.
    OutsideChange,
    /// Saving found the file changed on disk: overwrite, reload or cancel.
    SaveConflict,
    /// Save as a file that already exists.
    Overwrite(PathBuf),
    /// Export over a file (or, for CSV, into a directory) that exists.
    ReplaceExport {
        /// The format.
        format: Format,
        /// Where it goes.
        path: PathBuf,
    },
}

/// A line of text being typed.
#[derive(Debug, Clone, PartialEq)]
pub struct Prompt {
    /// What is asked.
    pub question: String,
    /// The text so far.
    pub text: String,
    /// What the text is for.
    pub purpose: PromptPurpose,
    /// Why the last answer was refused.
    pub error: Option<String>,
}

/// What a prompt's answer is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PromptPurpose {
    /// Where to save a plan that has no file yet.
    SavePath,
    /// Then quit after saving.
    SavePathThenQuit,
    /// Where to write an export in this format.
    ExportPath(Format),
}

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

/// The file name the bundled example is offered under until its first save.
pub const EXAMPLE_FILE: &str = "ghent.toml";

/// The plan being edited and its file.
#[derive(Debug)]
pub struct Session {
    /// The document: text, TOML tree, typed plan, diagnostics.
    pub document: PlanDocument,
    /// Undo and redo.
    pub history: History,
    /// Where the plan lives; `None` for the bundled example before its first
    /// save.
    pub path: Option<PathBuf>,
    /// The file as last read or written, to notice outside changes.
    pub stamp: Option<DiskStamp>,
    /// The bytes last read or written.
    pub disk_bytes: Vec<u8>,
    /// One id per undo step, mirroring the history, so that "unsaved" is
    /// exact: undoing back to the saved state is saved again.
    undo_ids: Vec<u64>,
    redo_ids: Vec<u64>,
    next_id: u64,
    saved_id: u64,
    /// The file on disk no longer parses: what is wrong with it.
    pub broken: Option<Box<LoadFailure>>,
}

impl Session {
    /// A session over a loaded document.
    pub fn new(
        document: PlanDocument,
        path: Option<PathBuf>,
        stamp: Option<DiskStamp>,
        disk_bytes: Vec<u8>,
    ) -> Session {
        Session {
            document,
            history: History::new(),
            path,
            stamp,
            disk_bytes,
            undo_ids: Vec::new(),
            redo_ids: Vec::new(),
            next_id: 1,
            saved_id: 0,
            broken: None,
        }
    }

    /// Whether there are edits not yet saved.
    pub fn is_dirty(&self) -> bool {
        self.undo_ids.last().copied().unwrap_or(0) != self.saved_id
    }

    /// Record that an edit was applied.
    pub fn edited(&mut self) {
        self.undo_ids.push(self.next_id);
        self.next_id += 1;
        self.redo_ids.clear();
    }

    /// Undo the last edit; false when there is none.
    pub fn undo(&mut self) -> bool {
        if !self.history.undo(&mut self.document) {
            return false;
        }
        if let Some(id) = self.undo_ids.pop() {
            self.redo_ids.push(id);
        }
        true
    }

    /// Redo the last undone edit; false when there is none.
    pub fn redo(&mut self) -> bool {
        if !self.history.redo(&mut self.document) {
            return false;
        }
        if let Some(id) = self.redo_ids.pop() {
            self.undo_ids.push(id);
        }
        true
    }

    /// Record that the document was written to `path` as `bytes`.
    pub fn saved(&mut self, path: PathBuf, stamp: DiskStamp, bytes: Vec<u8>) {
        self.document.mark_saved(&bytes);
        self.path = Some(path);
        self.stamp = Some(stamp);
        self.disk_bytes = bytes;
        self.saved_id = self.undo_ids.last().copied().unwrap_or(0);
    }

    /// The file name to show.
    pub fn file_name(&self) -> String {
        match &self.path {
            Some(path) => path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| path.display().to_string()),
            None => format!("{EXAMPLE_FILE} (example, not saved)"),
        }
    }
}

/// The figures derived from the plan, recomputed after every change.
#[derive(Debug, Clone)]
pub struct Derived {
    /// Progress of every goal, theme and the plan.
    pub progress: PlanProgress,
    /// The contribution ledger.
    pub ledger: LedgerTotals,
    /// How many errors the plan has.
    pub errors: usize,
    /// How many warnings.
    pub warnings: usize,
    /// The revisions of the goals, and of what the ledger reads (the
    /// partnerships, the actors and the plan's currency), that the figures
    /// were computed from.
    goals_revision: u64,
    ledger_revision: [u64; 3],
}

impl Derived {
    fn compute(document: &PlanDocument) -> Derived {
        let plan = document.plan();
        let (errors, warnings) = Derived::count(document);
        Derived {
            progress: PlanProgress::compute(plan),
            ledger: LedgerTotals::compute(plan),
            errors,
            warnings,
            goals_revision: document.revision("goals"),
            ledger_revision: Derived::ledger_revision(document),
        }
    }

    /// Bring the figures up to date after edits of the same document,
    /// computing again only those whose parts of the plan were edited.
    fn refresh(&mut self, document: &PlanDocument) {
        let plan = document.plan();
        (self.errors, self.warnings) = Derived::count(document);
        let goals_revision = document.revision("goals");
        if goals_revision != self.goals_revision {
            self.progress = PlanProgress::compute(plan);
            self.goals_revision = goals_revision;
        }
        let ledger_revision = Derived::ledger_revision(document);
        if ledger_revision != self.ledger_revision {
            self.ledger = LedgerTotals::compute(plan);
            self.ledger_revision = ledger_revision;
        }
    }

    fn ledger_revision(document: &PlanDocument) -> [u64; 3] {
        ["partnerships", "actors", "plan"].map(|key| document.revision(key))
    }

    /// The errors and the warnings.
    fn count(document: &PlanDocument) -> (usize, usize) {
        let errors = document
            .diagnostics()
            .iter()
            .filter(|d| d.severity() == Severity::Error)
            .count();
        (errors, document.diagnostics().len() - errors)
    }
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
    pub session: Session,
    /// Derived figures.
    pub derived: Derived,
    /// The day the UI treats as today (fixed in tests).
    pub today: Date,
    /// The screen shown.
    pub screen: Screen,
    /// Which pane has the keyboard.
    pub focus: Focus,
    /// Each screen's list, by [`Screen::position`].
    pub lists: [ListView; 6],
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
    /// Set when the UI should end.
    pub quit: bool,
    /// Work for the event loop.
    pub effects: Vec<Effect>,
    /// The size of the terminal at the last frame, for paging and the mouse.
    pub size: Cell<(u16, u16)>,
}

impl App {
    /// A UI over a loaded plan.
    pub fn new(session: Session, settings: Settings, today: Date) -> App {
        let derived = Derived::compute(&session.document);
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
            quit: false,
            effects: Vec::new(),
            size: Cell::new((80, 24)),
        };
        app.rebuild_rows();
        app
    }

    /// The plan as it stands.
    pub fn plan(&self) -> &Plan {
        self.session.document.plan()
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
        Some(ItemPath::top(collection, index))
    }

    /// Recompute the derived figures and every list after the session's
    /// document was replaced (a load or a reload), keeping each selection on
    /// the same item where it still exists.
    pub fn plan_changed(&mut self) {
        self.derived = Derived::compute(&self.session.document);
        self.rebuild_rows();
    }

    /// Follow edits of the plan (an edit, an undo, a redo): the derived
    /// figures of the parts they touched, and the lists.
    pub fn plan_edited(&mut self) {
        self.derived.refresh(&self.session.document);
        self.rebuild_rows();
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

    fn rows_for(&self, screen: Screen) -> Vec<Row> {
        let plan = self.plan();
        let list = &self.lists[screen.position()];
        let needle = self.search.to_lowercase();
        match screen {
            Screen::Overview => Vec::new(),
            Screen::Goals => goal_rows(
                plan,
                &self.derived.progress,
                list.sort,
                list.filter.as_ref(),
                &needle,
            ),
            Screen::Partnerships => {
                let mut indices: Vec<usize> = (0..plan.partnerships.len())
                    .filter(|&i| {
                        let p = &plan.partnerships[i];
                        let filtered = match list.filter.as_ref() {
                            Some(Filter::PartnershipStatus(status)) => p.status == *status,
                            Some(Filter::Role(role)) => p.parties.iter().any(|party| {
                                plan.actor(&party.actor).is_some_and(|a| a.role == *role)
                            }),
                            _ => true,
                        };
                        filtered
                            && matches(
                                &needle,
                                [
                                    Some(p.id.as_str()),
                                    Some(p.title.as_str()),
                                    p.description.as_deref(),
                                    p.resource.as_deref(),
                                ],
                            )
                    })
                    .collect();
                match list.sort {
                    Sort::Status => indices.sort_by_key(|&i| plan.partnerships[i].status),
                    Sort::Start => indices.sort_by_key(|&i| {
                        let start = plan.partnerships[i].start;
                        (start.is_none(), start)
                    }),
                    Sort::Title => {
                        indices.sort_by_cached_key(|&i| plan.partnerships[i].title.to_lowercase())
                    }
                    _ => {}
                }
                items(indices)
            }
            Screen::Actors => {
                let mut indices: Vec<usize> = (0..plan.actors.len())
                    .filter(|&i| {
                        let a = &plan.actors[i];
                        let filtered = match list.filter.as_ref() {
                            Some(Filter::Role(role)) => a.role == *role,
                            Some(Filter::Theme(theme)) => a.theme.as_deref() == Some(theme),
                            _ => true,
                        };
                        filtered
                            && matches(
                                &needle,
                                [
                                    Some(a.id.as_str()),
                                    Some(a.name.as_str()),
                                    a.description.as_deref(),
                                ],
                            )
                    })
                    .collect();
                match list.sort {
                    Sort::Title => {
                        indices.sort_by_cached_key(|&i| plan.actors[i].name.to_lowercase())
                    }
                    Sort::Role => indices.sort_by_key(|&i| plan.actors[i].role),
                    _ => {}
                }
                items(indices)
            }
            Screen::Themes => {
                let mut indices: Vec<usize> = (0..plan.themes.len())
                    .filter(|&i| {
                        let t = &plan.themes[i];
                        matches(
                            &needle,
                            [
                                Some(t.id.as_str()),
                                Some(t.name.as_str()),
                                t.description.as_deref(),
                            ],
                        )
                    })
                    .collect();
                match list.sort {
                    Sort::Title => {
                        indices.sort_by_cached_key(|&i| plan.themes[i].name.to_lowercase())
                    }
                    Sort::Progress => indices.sort_by(|&a, &b| {
                        let progress = |i: usize| {
                            self.derived
                                .progress
                                .theme(Some(&plan.themes[i].id))
                                .unwrap_or(-1.0)
                        };
                        progress(a).total_cmp(&progress(b))
                    }),
                    _ => {}
                }
                items(indices)
            }
            Screen::Problems => {
                let diagnostics = self.session.document.diagnostics();
                let mut indices: Vec<usize> = (0..diagnostics.len())
                    .filter(|&i| {
                        let d = &diagnostics[i];
                        matches(&needle, [Some(d.message.as_str()), Some(d.code.as_str())])
                    })
                    .collect();
                if list.sort == Sort::Severity {
                    indices.sort_by_key(|&i| diagnostics[i].severity() != Severity::Error);
                }
                items(indices)
            }
        }
    }

    /// The filters that make sense on the screen shown, with their labels.
    pub fn filter_choices(&self) -> Vec<(String, Filter)> {
        let plan = self.plan();
        let mut choices = Vec::new();
        let themes = || {
            plan.themes
                .iter()
                .map(|t| (format!("theme: {}", t.name), Filter::Theme(t.id.clone())))
        };
        let roles = || {
            Role::ALL
                .iter()
                .map(|r| (format!("role: {}", r.as_str()), Filter::Role(*r)))
        };
        match self.screen {
            Screen::Goals => {
                choices.extend(themes());
                choices.extend(
                    GoalStatus::ALL
                        .iter()
                        .map(|s| (format!("status: {}", s.as_str()), Filter::GoalStatus(*s))),
                );
                choices.extend(
                    plan.actors
                        .iter()
                        .map(|a| (format!("owner: {}", a.name), Filter::Owner(a.id.clone()))),
                );
            }
            Screen::Partnerships => {
                choices.extend(PartnershipStatus::ALL.iter().map(|s| {
                    (
                        format!("status: {}", s.as_str()),
                        Filter::PartnershipStatus(*s),
                    )
                }));
                choices.extend(roles().map(|(label, f)| (format!("party {label}"), f)));
            }
            Screen::Actors => {
                choices.extend(roles());
                choices.extend(themes());
            }
            _ => {}
        }
        choices
    }

    /// Take the rendering's measure of the terminal.
    pub fn page_height(&self) -> usize {
        let (_, height) = self.size.get();
        usize::from(height).saturating_sub(6).max(1)
    }
}

fn items(indices: Vec<usize>) -> Vec<Row> {
    indices
        .into_iter()
        .map(|index| Row::Item { index, depth: 0 })
        .collect()
}

/// Whether any of `texts` contains `needle` (already lower case), ignoring case.
fn matches<'a>(needle: &str, texts: impl IntoIterator<Item = Option<&'a str>>) -> bool {
    needle.is_empty()
        || texts
            .into_iter()
            .flatten()
            .any(|text| text.to_lowercase().contains(needle))
}

/// The goals screen's rows: grouped by theme (in the order of `[[themes]]`,
/// then themes named but not declared, then goals without one), each group a
/// tree by parent. With a search or filter, matching goals are listed with
/// their ancestors so the tree stays readable.
fn goal_rows(
    plan: &Plan,
    progress: &PlanProgress,
    sort: Sort,
    filter: Option<&Filter>,
    needle: &str,
) -> Vec<Row> {
    let goals = &plan.goals;
    // The tree the progress figures roll up: a parent cycle is cut at the
    // goal of the cycle that comes first in the file, which is shown at the
    // top with the others below it.
    let parent_of = |i: usize| progress.counts_under(i);
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); goals.len()];
    let mut roots: Vec<usize> = Vec::new();
    for i in 0..goals.len() {
        match parent_of(i) {
            Some(p) => children[p].push(i),
            None => roots.push(i),
        }
    }
    let key = |i: usize| -> (u8, i64, String) {
        let goal = &goals[i];
        match sort {
            Sort::Status => (0, goal.status as i64, String::new()),
            Sort::TargetYear => (
                u8::from(goal.target_year.is_none()),
                goal.target_year.unwrap_or(0),
                String::new(),
            ),
            Sort::Progress => (0, (progress.goal(i) * 1_000_000.0) as i64, String::new()),
            Sort::Title => (0, 0, goal.title.to_lowercase()),
            _ => (0, 0, String::new()),
        }
    };
    if sort != Sort::File {
        roots.sort_by_cached_key(|&i| key(i));
        for list in &mut children {
            list.sort_by_cached_key(|&i| key(i));
        }
    }
    // Which goals pass; with a condition, their ancestors are kept too.
    let searching = !needle.is_empty() || filter.is_some();
    let passes = |i: usize| {
        let goal = &goals[i];
        let filtered = match filter {
            Some(Filter::Theme(theme)) => goal.theme.as_deref() == Some(theme),
            Some(Filter::GoalStatus(status)) => goal.status == *status,
            Some(Filter::Owner(owner)) => goal.owner.as_deref() == Some(owner),
            _ => true,
        };
        filtered
            && matches(
                needle,
                [
                    Some(goal.id.as_str()),
                    Some(goal.title.as_str()),
                    goal.description.as_deref(),
                ],
            )
    };
    let mut shown = vec![!searching; goals.len()];
    if searching {
        for i in 0..goals.len() {
            if passes(i) {
                let mut g = Some(i);
                while let Some(x) = g {
                    if shown[x] && x != i {
                        break;
                    }
                    shown[x] = true;
                    g = parent_of(x);
                }
            }
        }
    }
    // Group the roots by theme.
    let mut groups: Vec<(Option<&str>, Vec<usize>)> = plan
        .themes
        .iter()
        .map(|t| (Some(t.id.as_str()), Vec::new()))
        .collect();
    let mut group_of: HashMap<Option<&str>, usize> = HashMap::new();
    for (g, (theme, _)) in groups.iter().enumerate() {
        group_of.entry(*theme).or_insert(g);
    }
    for &root in &roots {
        let theme = goals[root].theme.as_deref();
        let g = match group_of.get(&theme) {
            Some(&g) => g,
            None => {
                groups.push((theme, Vec::new()));
                group_of.insert(theme, groups.len() - 1);
                groups.len() - 1
            }
        };
        groups[g].1.push(root);
    }
    // Goals without a theme last.
    if let Some(&g) = group_of.get(&None) {
        let unthemed = groups.remove(g);
        groups.push(unthemed);
    }
    let mut rows = Vec::with_capacity(goals.len() + groups.len());
    let mut stack: Vec<(usize, usize)> = Vec::new();
    for (theme, group_roots) in groups {
        if !group_roots.iter().any(|&r| shown[r]) {
            continue;
        }
        let heading = match theme {
            Some(id) => plan
                .themes
                .iter()
                .find(|t| t.id == id)
                .map_or_else(|| id.to_owned(), |t| t.name.clone()),
            None => "No theme".to_owned(),
        };
        rows.push(Row::Heading(heading));
        for &root in group_roots.iter().rev() {
            stack.push((root, 0));
        }
        while let Some((goal, depth)) = stack.pop() {
            if !shown[goal] {
                continue;
            }
            rows.push(Row::Item { index: goal, depth });
            for &child in children[goal].iter().rev() {
                stack.push((child, depth + 1));
            }
        }
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(text: &str) -> Plan {
        PlanDocument::load(text.as_bytes(), Date::new(2026, 1, 1).unwrap())
            .unwrap()
            .plan()
            .clone()
    }

    #[test]
    fn goals_are_a_tree_grouped_by_theme() {
        let plan = plan(
            "format = 1\n[plan]\ncity = \"C\"\ntitle = \"T\"\n\
             [[themes]]\nid = \"food\"\nname = \"Food\"\n\
             [[goals]]\nid = \"a\"\ntitle = \"A\"\n\
             [[goals]]\nid = \"b\"\ntitle = \"B\"\ntheme = \"food\"\n\
             [[goals]]\nid = \"c\"\ntitle = \"C\"\nparent = \"b\"\n\
             [[goals]]\nid = \"d\"\ntitle = \"D\"\nparent = \"d\"\n",
        );
        let progress = PlanProgress::compute(&plan);
        let rows = goal_rows(&plan, &progress, Sort::File, None, "");
        assert_eq!(
            rows,
            vec![
                Row::Heading("Food".into()),
                Row::Item { index: 1, depth: 0 },
                Row::Item { index: 2, depth: 1 },
                Row::Heading("No theme".into()),
                Row::Item { index: 0, depth: 0 },
                Row::Item { index: 3, depth: 0 },
            ]
        );
        // A search keeps the ancestors of what it finds.
        let rows = goal_rows(&plan, &progress, Sort::File, None, "c");
        assert_eq!(
            rows,
            vec![
                Row::Heading("Food".into()),
                Row::Item { index: 1, depth: 0 },
                Row::Item { index: 2, depth: 1 },
            ]
        );
    }

    #[test]
    fn a_parent_cycle_hangs_from_its_first_goal() {
        let plan = plan(
            "format = 1\n[plan]\ncity = \"C\"\ntitle = \"T\"\n\
             [[goals]]\nid = \"x\"\ntitle = \"X\"\nparent = \"z\"\n\
             [[goals]]\nid = \"y\"\ntitle = \"Y\"\nparent = \"x\"\n\
             [[goals]]\nid = \"z\"\ntitle = \"Z\"\nparent = \"y\"\n",
        );
        let progress = PlanProgress::compute(&plan);
        let rows = goal_rows(&plan, &progress, Sort::File, None, "");
        assert_eq!(
            rows,
            vec![
                Row::Heading("No theme".into()),
                Row::Item { index: 0, depth: 0 },
                Row::Item { index: 1, depth: 1 },
                Row::Item { index: 2, depth: 2 },
            ]
        );
        // A search from the deepest goal ends at the cycle's first goal.
        let rows = goal_rows(&plan, &progress, Sort::File, None, "z");
        assert_eq!(rows.len(), 4);
    }

    #[test]
    fn moving_skips_headings() {
        let mut list = ListView::new();
        list.rows = vec![
            Row::Heading("x".into()),
            Row::Item { index: 0, depth: 0 },
            Row::Heading("y".into()),
            Row::Item { index: 1, depth: 0 },
        ];
        list.selected = 0;
        list.move_by(0);
        assert_eq!(list.selected, 1);
        list.move_by(1);
        assert_eq!(list.selected, 3);
        list.move_by(1);
        assert_eq!(list.selected, 3);
        list.move_by(-1);
        assert_eq!(list.selected, 1);
        list.move_by(-1);
        assert_eq!(list.selected, 1);
    }
}
