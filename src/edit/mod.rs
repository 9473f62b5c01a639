//! Edits as data, applied to a [`crate::document::PlanDocument`] in place,
//! and their history.
//!
//! An [`Edit`] says what a person or a script wants: set a field, add, remove
//! or move an item, rename an id. Before it touches the document it is checked
//! against the field tables (`fields`) and the plan: a value of the wrong
//! kind, a word not in the list or an id that does not exist is refused and
//! changes nothing. It is then compiled into `Change`s — small operations
//! on the `toml_edit` document, each of which gives back the change that
//! undoes it. So undo costs memory in proportion to the edit (the old value or
//! item), never a copy of the document, and a compound edit (a rename that
//! touches many places) is one step of [`History`].
//!
//! Changes keep the decor of what they replace: the comment lines before a
//! key, the comment after a value, the spacing. New keys and items take the
//! indentation and spacing of their neighbours. This module knows nothing of
//! files or terminals; the addresses it reads are text, whoever types them.
//!
//! By concern: `vocabulary` (what an edit says), `values` (value checks),
//! `compile` (edits to changes), `changes` (operations on the document and
//! their inverses), `history` (undo and redo), `address` (places as people
//! write them, and the edits made of an address and typed values),
//! `describe` (an item named for a person, in messages and the UI),
//! `references` (what names an item by its id: what a removal would leave
//! dangling, what a rename updates), `budget` (a vote within its
//! participant's dots);
//! `tables`, `rename` and `banner` (a section's heading comment stays on
//! top when items move) serve `compile`; `strings` writes a text so that a
//! file with `\r\n` line endings reads it back as it was set.

mod address;
mod banner;
mod budget;
mod changes;
mod compile;
mod describe;
mod history;
mod references;
mod rename;
mod strings;
mod tables;
mod values;
mod vocabulary;

pub use address::{
    Address, add_edit, measure_edit, move_edit, parse_address, remove_edit, set_edit,
};
pub(crate) use banner::{split_banner, split_leading_blank};
pub use describe::describe;
pub use history::History;
pub use references::{Reference, references_to};
pub use tables::field_text;
pub use values::check_value;
pub use vocabulary::{Edit, EditError, FieldValue, ItemPath};

#[cfg(test)]
mod tests;
