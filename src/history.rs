//! Plan history in plan terms: the three-way merge of plan files that
//! matches items by id ([`merge`]).

pub mod merge;
