//! The windows that open over the screens — help, a form, a picker, a
//! question, a prompt — and what each is for.

use std::path::PathBuf;

use crate::edit::{Edit, ItemPath};
use crate::export::Format;
use crate::fields::{Collection, Nested, TableKind};
use crate::tui::action::Action;
use crate::tui::form::Form;
use crate::tui::picker::Picker;
use crate::tui::screen::Filter;

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
    /// The merge under way ([`crate::tui::app::App::merge`]) has a conflict
    /// to resolve: yours, theirs, both, or an edit.
    Conflicts,
    /// What changed since an earlier version, in plan terms.
    Changes {
        /// The window's title: since what.
        title: String,
        /// The changes, one line each, as `commonplan diff` prints them.
        lines: Vec<String>,
        /// The first line shown.
        scroll: usize,
    },
    /// A line of text to type (where to save).
    Prompt(Prompt),
    /// A form about to change an item's id: rename it and every reference?
    Rename {
        /// The form, to go back to.
        form: Box<Form>,
        /// Its edits, the rename among them.
        edits: Vec<Edit>,
        /// The id now.
        from: String,
        /// The id after.
        to: String,
    },
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
    /// A slide of the presentation to go to, one per entry in slide order.
    Slide,
    /// A step of a capture while presenting (who, which stance, which owner).
    Capture,
}

/// Something that can be added from where the cursor is.
#[derive(Debug, Clone, PartialEq)]
pub struct AddChoice {
    /// The item holding the collection (the plan for a top-level one).
    pub parent: ItemPath,
    /// The collection.
    pub collection: NewItemIn,
    /// How the choice and the form are named: "indicator for goal `food`".
    pub label: String,
    /// Fields filled in already (a new goal's theme, a sub-goal's parent).
    pub prefill: Vec<(&'static str, String)>,
}

/// The collection a new item goes into.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NewItemIn {
    /// A collection at the top of the plan: a goal, an actor.
    Top(Collection),
    /// A collection of the parent item: an indicator of a goal.
    Nested(Nested),
}

impl NewItemIn {
    /// The collection's key as written in a plan: `goals`, `indicators`.
    pub fn key(self) -> &'static str {
        match self {
            NewItemIn::Top(collection) => collection.key(),
            NewItemIn::Nested(nested) => nested.key(),
        }
    }

    /// The kind of table a new item is.
    pub fn item(self) -> TableKind {
        match self {
            NewItemIn::Top(collection) => collection.item(),
            NewItemIn::Nested(nested) => nested.item(),
        }
    }
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
        /// Where the plan names it (as `commonplan set` addresses them):
        /// each would name nothing once it is gone.
        references: Vec<String>,
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
    /// Presenting starts with no workshop under way today: add one dated
    /// today, or record into the latest (or none).
    NewWorkshop {
        /// The dots each participant would get.
        dots: usize,
        /// The latest workshop (a position in `plan.workshops`), if any.
        latest: Option<usize>,
    },
    /// Unsaved work of an earlier run on this plan, found in its journal:
    /// recover it, compare it with the file, discard it, or decide later.
    Recover(Box<Recovery>),
    /// Export over a file (or, for CSV, into a directory) that exists.
    ReplaceExport {
        /// The format.
        format: Format,
        /// Where it goes.
        path: PathBuf,
    },
}

impl Confirm {
    /// The answers the question takes, each with the word its hint shows;
    /// the keys come from the key table.
    pub fn answers(&self) -> &'static [(Action, &'static str)] {
        match self {
            Confirm::Delete { .. } => &[(Action::Yes, "delete"), (Action::No, "keep")],
            Confirm::Quit => &[
                (Action::SaveAndQuit, "save and quit"),
                (Action::Discard, "discard and quit"),
                (Action::Cancel, "stay"),
            ],
            Confirm::OutsideChange => &[
                (Action::Merge, "merge"),
                (Action::Reload, "reload (lose yours)"),
                (Action::KeepMine, "keep yours"),
            ],
            Confirm::SaveConflict => &[
                (Action::Merge, "merge"),
                (Action::Overwrite, "overwrite"),
                (Action::Reload, "reload (lose yours)"),
                (Action::Cancel, "cancel"),
            ],
            Confirm::NewWorkshop {
                latest: Some(_), ..
            } => &[
                (Action::Yes, "new workshop today"),
                (Action::No, "record in the latest"),
            ],
            Confirm::NewWorkshop { latest: None, .. } => {
                &[(Action::Yes, "add it"), (Action::No, "present without one")]
            }
            Confirm::Recover(_) => &[
                (Action::Reload, "recover"),
                (Action::Changes, "compare"),
                (Action::Discard, "discard"),
                (Action::Cancel, "decide later"),
            ],
            Confirm::Overwrite(_) | Confirm::ReplaceExport { .. } => {
                &[(Action::Yes, "replace"), (Action::No, "cancel")]
            }
        }
    }
}

/// Unsaved work found at the start, as the recovery question shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct Recovery {
    /// The journal that holds it.
    pub journal: PathBuf,
    /// When the journal was last written, in seconds since 1970 (UTC).
    pub written: u64,
    /// Whether the file changed since the work was begun on it.
    pub file_changed: bool,
    /// The comparison with the file, once asked for: its lines (as
    /// `commonplan diff` prints them) and the first line shown.
    pub compare: Option<(Vec<String>, usize)>,
}

/// The answers to "rename … and every reference?".
pub const RENAME_ANSWERS: &[(Action, &str)] =
    &[(Action::Yes, "rename"), (Action::No, "back to the form")];

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
    /// A step of a capture while presenting (dots, text, a due date).
    Capture,
    /// The text that resolves the merge conflict shown.
    ConflictText,
}

/// The answers to a merge conflict.
pub const CONFLICT_ANSWERS: &[(Action, &str)] = &[
    (Action::KeepMine, "yours"),
    (Action::TakeTheirs, "theirs"),
    (Action::TakeBoth, "both"),
    (Action::Edit, "edit"),
    (Action::Cancel, "stop merging"),
];
