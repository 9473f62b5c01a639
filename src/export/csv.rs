//! The CSV export: one table per collection of the [`Report`], and the
//! results table Decidim's Accountability component imports.
//!
//! This module owns the columns of every table, how values are written in
//! them, and the neutralisation of cells a spreadsheet would run as a
//! formula. Each table has a header row and one row per item; a nested
//! table (indicators, parties, contributions) names its owner's id in its
//! first column. A goal's theme and owner, a party and a contributor are
//! written as two columns, the id and the name it resolves to; other
//! references as their ids. Numbers are written plainly (`1200`, `27.5`: no
//! thousands separators, no `.0`, no exponent), keywords as the plan format
//! writes them (`in-progress`), dates as `YYYY-MM-DD`, lists joined with
//! `"; "`, multi-line texts with their line breaks but not the ones that
//! end them, and an absent value is an empty cell. Progress is a
//! percentage, 0 to 100 with at most one decimal, and the header says so
//! (`progress_percent`).
//!
//! Every cell goes through one helper that follows OWASP's advice on CSV
//! injection: a cell that begins with `=`, `+`, `-`, `@`, a tab or a
//! carriage return gets a leading `'`, unless the whole cell is a decimal
//! number (`-12.5`, `+3`, `1e-3` stay as they are; `-1+2`, `-inf`, `=1+1`
//! do not). The same helper writes any control character other than a
//! newline as a visible escape, as the report already does for every text,
//! and rows end with `\n` alone; the `csv` crate quotes a cell that holds a
//! comma, a quote or a newline.
//!
//! The workshop tables (`decisions`, `votes`) name their workshop's id
//! first; `comments` holds every comment, goals' then partnerships', with
//! the kind and id of the item it is on and the workshop it was made in.
//!
//! The Decidim table has the columns `id`, `parent/id`, `title/<locale>`,
//! `description/<locale>`, `start_date`, `end_date`, `status/id` and
//! `progress`, one row per goal in the report's order, so that a parent
//! comes before its sub-goals; `parent/id` is left empty when the parent
//! does not come earlier (it names no goal, or the goals form a cycle). The
//! start date is the earliest milestone's due date; the end date is
//! December 31 of the goal's target year, else the latest milestone's due
//! date. Decidim's statuses are numbers each component configures, so the
//! caller maps goal statuses to them; a status it does not map leaves
//! `status/id` empty, which Decidim reads as no status.

use std::borrow::Cow;

use super::Report;
use super::report::{Goal, Side};
use crate::model::{Date, GoalStatus, Keyword};
use crate::progress::Percent;
use crate::text::{is_unsafe_char, printable_lines};

mod workshops;

/// The tables of the CSV export, one per collection.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Table {
    /// One row per goal, in the report's order.
    Goals,
    /// One row per indicator, after its goal's id.
    Indicators,
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
    pub const ALL: [Table; 9] = [
        Table::Goals,
        Table::Indicators,
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
        Table::Goals => goals(report),
        Table::Indicators => indicators(report),
        Table::Partnerships => partnerships(report),
        Table::Parties => parties(report),
        Table::Contributions => contributions(report),
        Table::Actors => actors(report),
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

/// The goals as the results Decidim's Accountability component imports,
/// titles and descriptions under `locale` (`en`, `pt-BR`, …). Each goal's
/// status is written as the id `status_ids` gives it, the first one listed
/// for it, or left empty.
///
/// The caller checks `locale`; should it hold anything but ASCII letters,
/// digits, `-` and `_`, those characters are dropped, and `en` stands for a
/// locale left empty.
pub fn decidim(report: &Report, locale: &str, status_ids: &[(GoalStatus, String)]) -> String {
    let locale: String = locale
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_'))
        .collect();
    let locale = if locale.is_empty() { "en" } else { &locale };
    let title = format!("title/{locale}");
    let description = format!("description/{locale}");
    let mut sheet = Sheet::new(&[
        "id",
        "parent/id",
        &title,
        &description,
        "start_date",
        "end_date",
        "status/id",
        "progress",
    ]);
    let mut written = std::collections::HashSet::new();
    for g in report.goals() {
        let parent = g
            .parent
            .as_ref()
            .filter(|p| written.contains(p.id.as_str()))
            .map(|p| p.id.as_str());
        let (start, end) = decidim_dates(g);
        let status = status_ids
            .iter()
            .find(|(s, _)| *s == g.status)
            .map(|(_, id)| id.as_str());
        sheet.row([
            Cow::Borrowed(g.id.as_str()),
            opt(parent),
            Cow::Borrowed(g.title.as_str()),
            opt(g.description.as_deref()),
            date(start),
            date(end),
            opt(status),
            Cow::Owned(percent(g.progress.clamp(0.0, 1.0))),
        ]);
        written.insert(g.id.as_str());
    }
    sheet.finish()
}

/// A goal's start and end dates for Decidim: the earliest milestone's due
/// date; December 31 of the target year, else the latest milestone's.
fn decidim_dates(goal: &Goal) -> (Option<Date>, Option<Date>) {
    let dues = goal.milestones.iter().filter_map(|m| m.due);
    let start = dues.clone().min();
    let year_end = goal
        .target_year
        .and_then(|y| u16::try_from(y).ok())
        .filter(|y| (1..=9999).contains(y))
        .and_then(|y| Date::new(y, 12, 31));
    (start, year_end.or_else(|| dues.max()))
}

fn goals(report: &Report) -> String {
    let mut sheet = Sheet::new(&[
        "id",
        "title",
        "theme_id",
        "theme_name",
        "parent_id",
        "status",
        "priority",
        "owner_id",
        "owner_name",
        "target_year",
        "budget",
        "weight",
        "progress_percent",
        "tags",
        "description",
    ]);
    for g in report.goals() {
        sheet.row([
            Cow::Borrowed(g.id.as_str()),
            Cow::Borrowed(g.title.as_str()),
            opt(g.theme.as_ref().map(|t| t.id.as_str())),
            opt(g.theme.as_ref().and_then(|t| t.name.as_deref())),
            opt(g.parent.as_ref().map(|p| p.id.as_str())),
            Cow::Borrowed(g.status.as_str()),
            opt(g.priority.map(Keyword::as_str)),
            opt(g.owner.as_ref().map(|o| o.id.as_str())),
            opt(g.owner.as_ref().and_then(|o| o.name.as_deref())),
            integer(g.target_year),
            number(g.budget),
            number(Some(g.weight)),
            Cow::Owned(percent(g.progress)),
            Cow::Owned(g.tags.join("; ")),
            opt(g.description.as_deref()),
        ]);
    }
    sheet.finish()
}

fn indicators(report: &Report) -> String {
    let mut sheet = Sheet::new(&[
        "goal_id",
        "name",
        "unit",
        "baseline",
        "baseline_year",
        "current",
        "current_date",
        "target",
        "target_year",
        "progress_percent",
        "source",
    ]);
    for g in report.goals() {
        for i in &g.indicators {
            sheet.row([
                Cow::Borrowed(g.id.as_str()),
                Cow::Borrowed(i.name.as_str()),
                opt(i.unit.as_deref()),
                number(i.baseline),
                integer(i.baseline_year),
                number(i.current),
                date(i.current_date),
                number(i.target),
                integer(i.target_year),
                Cow::Owned(i.progress.map(percent).unwrap_or_default()),
                opt(i.source.as_deref()),
            ]);
        }
    }
    sheet.finish()
}

fn partnerships(report: &Report) -> String {
    let mut sheet = Sheet::new(&[
        "id",
        "title",
        "instrument",
        "complexity",
        "status",
        "resource",
        "goal_ids",
        "start",
        "end",
        "review",
        "objectives",
        "governance",
        "evaluation",
        "description",
    ]);
    for p in &report.partnerships {
        let goals: Vec<&str> = p.goals.iter().map(|g| g.id.as_str()).collect();
        sheet.row([
            Cow::Borrowed(p.id.as_str()),
            Cow::Borrowed(p.title.as_str()),
            opt(p.instrument.map(Keyword::as_str)),
            opt(p.complexity.map(Keyword::as_str)),
            Cow::Borrowed(p.status.as_str()),
            opt(p.resource.as_deref()),
            Cow::Owned(goals.join("; ")),
            date(p.start),
            date(p.end),
            date(p.review),
            opt(p.objectives.as_deref()),
            opt(p.governance.as_deref()),
            opt(p.evaluation.as_deref()),
            opt(p.description.as_deref()),
        ]);
    }
    sheet.finish()
}

fn parties(report: &Report) -> String {
    let mut sheet = Sheet::new(&[
        "partnership_id",
        "actor_id",
        "actor_name",
        "role",
        "commitments",
    ]);
    for p in &report.partnerships {
        for party in &p.parties {
            sheet.row([
                Cow::Borrowed(p.id.as_str()),
                Cow::Borrowed(party.actor.id.as_str()),
                opt(party.actor.name.as_deref()),
                opt(party.role.map(Keyword::as_str)),
                opt(party.commitments.as_deref()),
            ]);
        }
    }
    sheet.finish()
}

fn contributions(report: &Report) -> String {
    let mut sheet = Sheet::new(&[
        "partnership_id",
        "from_id",
        "from_name",
        "side",
        "kind",
        "amount",
        "unit",
        "per",
        "description",
    ]);
    for p in &report.partnerships {
        for c in &p.contributions {
            let side = match c.side {
                Side::City => "city",
                Side::Commons => "commons",
                Side::Other => "other",
            };
            sheet.row([
                Cow::Borrowed(p.id.as_str()),
                Cow::Borrowed(c.from.id.as_str()),
                opt(c.from.name.as_deref()),
                Cow::Borrowed(side),
                Cow::Borrowed(c.kind.as_str()),
                number(c.amount),
                opt(c.unit.as_deref()),
                Cow::Borrowed(c.per.as_str()),
                opt(c.description.as_deref()),
            ]);
        }
    }
    sheet.finish()
}

fn actors(report: &Report) -> String {
    let mut sheet = Sheet::new(&[
        "id",
        "name",
        "role",
        "theme_id",
        "since",
        "members",
        "url",
        "description",
    ]);
    for a in &report.actors {
        sheet.row([
            Cow::Borrowed(a.id.as_str()),
            Cow::Borrowed(a.name.as_str()),
            Cow::Borrowed(a.role.as_str()),
            opt(a.theme.as_ref().map(|t| t.id.as_str())),
            integer(a.since),
            integer(a.members),
            opt(a.url.as_deref()),
            opt(a.description.as_deref()),
        ]);
    }
    sheet.finish()
}

/// A CSV table being written: a header row, then rows of as many cells.
struct Sheet {
    writer: ::csv::Writer<Vec<u8>>,
}

impl Sheet {
    fn new(header: &[&str]) -> Sheet {
        let writer = ::csv::WriterBuilder::new()
            .terminator(::csv::Terminator::Any(b'\n'))
            .from_writer(Vec::new());
        let mut sheet = Sheet { writer };
        sheet.row(header.iter().map(|h| Cow::Borrowed(*h)));
        sheet
    }

    fn row<'a>(&mut self, cells: impl IntoIterator<Item = Cow<'a, str>>) {
        for text in cells {
            self.cell(&text);
        }
        self.writer
            .write_record(None::<&[u8]>)
            .expect("every row has as many cells as the header");
    }

    /// The one way a cell is written: without the line breaks that end a
    /// multi-line text, control characters other than a newline as
    /// escapes, then neutralised.
    fn cell(&mut self, text: &str) {
        let text = text.trim_end_matches('\n');
        let clean = if text.chars().any(|c| c != '\n' && is_unsafe_char(c)) {
            Cow::Owned(printable_lines(text))
        } else {
            Cow::Borrowed(text)
        };
        self.writer
            .write_field(neutralise(&clean).as_bytes())
            .expect("writing to memory cannot fail");
    }

    fn finish(self) -> String {
        let bytes = self
            .writer
            .into_inner()
            .expect("writing to memory cannot fail");
        String::from_utf8(bytes).expect("every cell is UTF-8")
    }
}

/// `text` made safe to open in a spreadsheet: a leading `'` when it begins
/// with `=`, `+`, `-`, `@`, a tab or a carriage return and is not a number.
fn neutralise(text: &str) -> Cow<'_, str> {
    match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') if !is_number(text) => {
            Cow::Owned(format!("'{text}"))
        }
        _ => Cow::Borrowed(text),
    }
}

/// Whether `text` is a decimal number and nothing else: an optional sign,
/// digits with an optional decimal point, and an optional exponent.
fn is_number(text: &str) -> bool {
    fn digits(text: &[u8]) -> usize {
        text.iter().take_while(|b| b.is_ascii_digit()).count()
    }
    let mut rest = text.as_bytes();
    if let [b'+' | b'-', tail @ ..] = rest {
        rest = tail;
    }
    let whole = digits(rest);
    rest = &rest[whole..];
    let mut fraction = 0;
    if let [b'.', tail @ ..] = rest {
        fraction = digits(tail);
        rest = &tail[fraction..];
    }
    if whole + fraction == 0 {
        return false;
    }
    if let [b'e' | b'E', tail @ ..] = rest {
        rest = tail;
        if let [b'+' | b'-', tail @ ..] = rest {
            rest = tail;
        }
        let exponent = digits(rest);
        if exponent == 0 {
            return false;
        }
        rest = &rest[exponent..];
    }
    rest.is_empty()
}

fn opt(text: Option<&str>) -> Cow<'_, str> {
    Cow::Borrowed(text.unwrap_or_default())
}

fn integer(value: Option<i64>) -> Cow<'static, str> {
    value.map_or(Cow::Borrowed(""), |v| Cow::Owned(v.to_string()))
}

fn date(value: Option<Date>) -> Cow<'static, str> {
    value.map_or(Cow::Borrowed(""), |d| Cow::Owned(d.to_string()))
}

fn number(value: Option<f64>) -> Cow<'static, str> {
    value.map_or(Cow::Borrowed(""), |v| Cow::Owned(plain(v)))
}

/// A number as a program reads it: no thousands separators, no `.0`, no
/// exponent; empty when it is not finite.
fn plain(value: f64) -> String {
    if !value.is_finite() {
        String::new()
    } else if value.fract() == 0.0 && value.abs() < 1e15 {
        (value as i64).to_string()
    } else {
        value.to_string()
    }
}

/// A fraction (0 to 1) as a percentage with at most one decimal, by the
/// one rounding rule ([`Percent`]).
fn percent(fraction: f64) -> String {
    Percent::with_decimals(fraction, 1).map_or_else(String::new, Percent::number)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::PlanDocument;

    #[test]
    fn numbers_stay_as_they_are() {
        for text in [
            "-12.5", "-1", "+3", "-0", "-.5", "-5.", "-1e5", "-1.5E-3", "+2e+10", "12", "0.25",
        ] {
            assert_eq!(neutralise(text), text, "{text}");
        }
    }

    #[test]
    fn formulas_get_a_leading_quote() {
        for text in [
            "=1+1",
            "+1+1",
            "-2+3",
            "-1+2",
            "-A1",
            "@SUM(1)",
            "\tstarts with a tab",
            "\rcarriage return",
            "=cmd|' /C calc'!A0",
            "+31 9 123 45 67",
            "-",
            "+",
            "-inf",
            "-NaN",
            "-1e",
            "-1e+",
            "-.",
            "-1.2.3",
            "-0x1F",
            "-12.5 ",
        ] {
            assert_eq!(neutralise(text), format!("'{text}"), "{text:?}");
        }
        for text in ["", "plain", "'quoted", " =1+1", "1-2", "a=b"] {
            assert_eq!(neutralise(text), text, "{text:?}");
        }
    }

    #[test]
    fn cells_are_cleaned_and_neutralised() {
        let mut sheet = Sheet::new(&["a", "b", "c"]);
        sheet.row([
            Cow::Borrowed("\u{1b}[31mred"),
            Cow::Borrowed("two\nlines\n\n"),
            Cow::Borrowed("=1+1"),
        ]);
        assert_eq!(
            sheet.finish(),
            "a,b,c\n\\u{1b}[31mred,\"two\nlines\",'=1+1\n"
        );
    }

    #[test]
    fn numbers_and_percentages_are_plain() {
        assert_eq!(plain(1200.0), "1200");
        assert_eq!(plain(-1200.0), "-1200");
        assert_eq!(plain(1_000_000.0), "1000000");
        assert_eq!(plain(0.1), "0.1");
        assert_eq!(plain(-0.0), "0");
        assert_eq!(plain(1e20), "100000000000000000000");
        assert_eq!(plain(f64::NAN), "");
        assert_eq!(percent(0.5), "50");
        assert_eq!(percent(0.27555), "27.6");
        assert_eq!(percent(1.0 / 3.0), "33.3");
        assert_eq!(percent(0.0), "0");
        assert_eq!(percent(1.0), "100");
    }

    #[test]
    fn table_names_round_trip() {
        for t in Table::ALL {
            assert_eq!(Table::from_name(t.name()), Some(t));
        }
        assert_eq!(Table::from_name("goal"), None);
        assert_eq!(Table::from_name("Goals"), None);
    }

    fn report(toml: &str) -> Report {
        let today = Date::new(2026, 11, 22).unwrap();
        let document = PlanDocument::load(toml.as_bytes(), today).unwrap();
        Report::of_document(&document, "plan.toml", today)
    }

    const PLAN: &str = r#"
format = 1

[plan]
city = "Somewhere"
title = "Test"

[[goals]]
id = "both"
title = "Target year and milestones"
status = "in-progress"
target_year = 2030

  [[goals.milestones]]
  title = "Later"
  due = 2027-05-01

  [[goals.milestones]]
  title = "Earlier"
  due = 2025-02-03
  done = true

  [[goals.milestones]]
  title = "Undated"

[[goals]]
id = "milestones-only"
title = "Milestones only"
parent = "both"
status = "achieved"

  [[goals.milestones]]
  title = "One"
  due = 2026-01-15

  [[goals.milestones]]
  title = "Two"
  due = 2028-09-30

[[goals]]
id = "nothing"
title = "No dates"
status = "dropped"
"#;

    fn rows(text: &str) -> Vec<Vec<String>> {
        ::csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(text.as_bytes())
            .records()
            .map(|r| r.unwrap().iter().map(str::to_owned).collect())
            .collect()
    }

    #[test]
    fn decidim_dates_and_statuses() {
        let report = report(PLAN);
        let statuses = [
            (GoalStatus::InProgress, "7".to_owned()),
            (GoalStatus::Achieved, "9".to_owned()),
            (GoalStatus::Achieved, "10".to_owned()),
        ];
        let rows = rows(&decidim(&report, "ca", &statuses));
        assert_eq!(
            rows[0],
            [
                "id",
                "parent/id",
                "title/ca",
                "description/ca",
                "start_date",
                "end_date",
                "status/id",
                "progress"
            ]
        );
        let by_id = |id: &str| rows.iter().find(|r| r[0] == id).unwrap().clone();
        let both = by_id("both");
        assert_eq!(
            (both[4].as_str(), both[5].as_str()),
            ("2025-02-03", "2030-12-31")
        );
        assert_eq!(both[6], "7");
        assert_eq!(both[1], "");
        let only = by_id("milestones-only");
        assert_eq!(
            (only[4].as_str(), only[5].as_str()),
            ("2026-01-15", "2028-09-30")
        );
        assert_eq!(only[6], "9", "the first id given for a status");
        assert_eq!(only[1], "both");
        assert_eq!(only[7], "100");
        let nothing = by_id("nothing");
        assert_eq!((nothing[4].as_str(), nothing[5].as_str()), ("", ""));
        assert_eq!(nothing[6], "", "no id given for `dropped`");
        // Parents come first.
        let position = |id: &str| rows.iter().position(|r| r[0] == id).unwrap();
        assert!(position("both") < position("milestones-only"));
    }

    #[test]
    fn decidim_parent_only_when_written_before() {
        let report = report(
            r#"
format = 1

[plan]
city = "Somewhere"
title = "Test"

[[goals]]
id = "orphan"
title = "Its parent does not exist"
parent = "missing"

[[goals]]
id = "a"
title = "A"
parent = "b"

[[goals]]
id = "b"
title = "B"
parent = "a"
"#,
        );
        let goals = rows(&table(&report, Table::Goals));
        let orphan = goals.iter().find(|r| r[0] == "orphan").unwrap();
        assert_eq!(orphan[4], "missing", "the goals table as written");
        let rows = rows(&decidim(&report, "en", &[]));
        let parent = |id: &str| rows.iter().find(|r| r[0] == id).unwrap()[1].clone();
        assert_eq!(parent("orphan"), "");
        // Of a cycle, the goal written first has no parent here.
        let (first, second) =
            if rows.iter().position(|r| r[0] == "a") < rows.iter().position(|r| r[0] == "b") {
                ("a", "b")
            } else {
                ("b", "a")
            };
        assert_eq!(parent(first), "");
        assert_eq!(parent(second), first);
    }

    #[test]
    fn decidim_locale_is_made_safe() {
        let report = report(PLAN);
        let header = |locale: &str| rows(&decidim(&report, locale, &[]))[0].clone();
        assert_eq!(header("pt-BR")[2], "title/pt-BR");
        assert_eq!(header("e\u{1b}[2Jn,\"x")[2], "title/e2Jnx");
        assert_eq!(header("")[3], "description/en");
        assert_eq!(header("\n")[3], "description/en");
    }
}
