//! The CSV export: one table per collection of the [`Report`], and the
//! results table Decidim's Accountability component imports.
//!
//! This module owns the list of tables and their names; each table's
//! columns are in the module that writes it: `plan` the plan's own
//! collections (goals, indicators, partnerships, parties, contributions,
//! actors), `history` how goals move over time (measurements,
//! milestones), `workshops` what happened in workshops (decisions, votes,
//! comments), [`decidim`](fn@decidim) the Decidim results table. How a cell
//! is written, and the neutralisation of cells a spreadsheet would run as a
//! formula, belong to `sheet`, the one writer every table goes through.
//!
//! Each table has a header row and one row per item; a nested table
//! (indicators, parties, contributions) names its owner's id in its first
//! column. A goal's theme and owner, a party and a contributor are written
//! as two columns, the id and the name it resolves to; other references as
//! their ids.

use super::Report;
use sheet::{Sheet, date, opt};

mod decidim;
mod history;
mod plan;
mod sheet;
mod workshops;

pub use decidim::{
    DECIDIM_COLUMNS, DECIDIM_SEPARATOR, decidim, decidim_results, decidim_separator,
};

/// The tables of the CSV export, one per collection.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Table {
    /// One row per goal, in the report's order.
    Goals,
    /// One row per indicator, after its goal's id.
    Indicators,
    /// One row per measurement of an indicator, after its goal's id.
    Measurements,
    /// One row per milestone, after its goal's id.
    Milestones,
    /// One row per partnership.
    Partnerships,
    /// One row per signatory, after its partnership's id.
    Parties,
    /// One row per line of a contribution ledger, after its partnership's id.
    Contributions,
    /// One row per actor.
    Actors,
    /// One row per workshop decision, after its workshop's id.
    Decisions,
    /// One row per dot vote, after its workshop's id.
    Votes,
    /// One row per comment on a goal or a partnership.
    Comments,
}

impl Table {
    /// Every table, in the order they are written.
    pub const ALL: [Table; 11] = [
        Table::Goals,
        Table::Indicators,
        Table::Measurements,
        Table::Milestones,
        Table::Partnerships,
        Table::Parties,
        Table::Contributions,
        Table::Actors,
        Table::Decisions,
        Table::Votes,
        Table::Comments,
    ];

    /// The table's name: its file is `<name>.csv`, and `--table <name>`
    /// chooses it.
    pub fn name(self) -> &'static str {
        match self {
            Table::Goals => "goals",
            Table::Indicators => "indicators",
            Table::Measurements => "measurements",
            Table::Milestones => "milestones",
            Table::Partnerships => "partnerships",
            Table::Parties => "parties",
            Table::Contributions => "contributions",
            Table::Actors => "actors",
            Table::Decisions => "decisions",
            Table::Votes => "votes",
            Table::Comments => "comments",
        }
    }

    /// The file it is written to in a directory: `<name>.csv`.
    pub fn file_name(self) -> String {
        format!("{}.csv", self.name())
    }

    /// The table of that name, if there is one.
    pub fn from_name(name: &str) -> Option<Table> {
        Table::ALL.into_iter().find(|t| t.name() == name)
    }
}

/// One table of the report as CSV, with a header row.
pub fn table(report: &Report, table: Table) -> String {
    match table {
        Table::Goals => plan::goals(report),
        Table::Indicators => plan::indicators(report),
        Table::Measurements => history::measurements(report),
        Table::Milestones => history::milestones(report),
        Table::Partnerships => plan::partnerships(report),
        Table::Parties => plan::parties(report),
        Table::Contributions => plan::contributions(report),
        Table::Actors => plan::actors(report),
        Table::Decisions => workshops::decisions(report),
        Table::Votes => workshops::votes(report),
        Table::Comments => workshops::comments(report),
    }
}

/// Every table of the report, in [`Table::ALL`]'s order.
pub fn tables(report: &Report) -> Vec<(Table, String)> {
    Table::ALL
        .into_iter()
        .map(|t| (t, table(report, t)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_names_round_trip() {
        for t in Table::ALL {
            assert_eq!(Table::from_name(t.name()), Some(t));
        }
        assert_eq!(Table::from_name("goal"), None);
        assert_eq!(Table::from_name("Goals"), None);
    }
}
