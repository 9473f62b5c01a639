//! The Decidim results table read the way Decidim's importer reads it: the
//! columns it takes, and a model of how it creates results, re-links
//! `parent/id` and destroys orphans, run on the example plans.
//!
//! The model follows `ResultsCsvImporter#import!` in decidim-accountability
//! (`app/services/decidim/accountability/results_csv_importer.rb`):
//! `CSV.new(file, headers: true, col_sep: Decidim.default_csv_col_sep)`; per
//! row, `Result.find_by(id: row["id"], component:)` updates that result when
//! found, else a new result is created with `parent_id: row["parent/id"]`
//! and the pair (`row["id"]`, new id) is remembered (`add_match_id`); then
//! `update_parents` re-points, pair after pair, every result of the
//! component whose `parent_id` is the row id to the new id, and
//! `remove_invalid_results` destroys every result whose parent does not
//! exist (with its children, `dependent: :destroy`).

use std::collections::{BTreeMap, HashMap, HashSet};

use commonplan::document::PlanDocument;
use commonplan::export::csv::{self, DECIDIM_COLUMNS};
use commonplan::export::{Decidim, Report};
use commonplan::model::{Date, GoalStatus};

const EXAMPLES: [&str; 2] = ["plans/ghent.toml", "plans/bologna.toml"];

fn report(path: &str) -> Report {
    let today = Date::new(2026, 11, 22).unwrap();
    let document = PlanDocument::load(&std::fs::read(path).unwrap(), today).unwrap();
    Report::of_document(&document, path, today)
}

fn options(id_offset: u32) -> Decidim {
    Decidim {
        locale: "en".to_owned(),
        status_ids: vec![(GoalStatus::InProgress, "2".to_owned())],
        id_offset,
        ..Decidim::default()
    }
}

/// The rows as the importer reads them: `;`, the first line the header,
/// each row a map from column to cell.
fn import_rows(text: &str) -> Vec<HashMap<String, String>> {
    let mut reader = ::csv::ReaderBuilder::new()
        .delimiter(b';')
        .from_reader(text.as_bytes());
    let header = reader.headers().unwrap().clone();
    reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            assert_eq!(r.len(), header.len(), "a row as wide as the header");
            header
                .iter()
                .zip(r.iter())
                .map(|(h, c)| (h.to_owned(), c.to_owned()))
                .collect()
        })
        .collect()
}

/// An empty cell as nil, any other as Ruby's `String#to_i` reads it.
fn to_i(cell: &str) -> Option<u64> {
    if cell.is_empty() {
        return None;
    }
    let digits: String = cell.chars().take_while(char::is_ascii_digit).collect();
    Some(digits.parse().unwrap_or(0))
}

/// A result in the model of the database.
#[derive(Debug, Clone)]
struct Stored {
    component: u32,
    parent_id: Option<u64>,
    external_id: String,
}

/// Decidim's results table: every component's, and the id sequence.
struct Database {
    results: BTreeMap<u64, Stored>,
    last_id: u64,
}

impl Database {
    /// A database whose results table has given out `last_id` ids, those
    /// in `existing` still there in component `component`.
    fn with(existing: &[u64], component: u32, last_id: u64) -> Database {
        let results = existing
            .iter()
            .map(|&id| {
                let stored = Stored {
                    component,
                    parent_id: None,
                    external_id: format!("existing-{id}"),
                };
                (id, stored)
            })
            .collect();
        Database { results, last_id }
    }

    /// `ResultsCsvImporter#import!` into component `component`.
    fn import(&mut self, text: &str, component: u32) {
        let mut matches = Vec::new();
        for row in import_rows(text) {
            // A lookup by a cell that is not a number finds nothing; an
            // integer column assigned one takes its leading digits, 0 when
            // there are none (Ruby's `to_i`); an empty cell is nil.
            let id: Option<u64> = row["id"].parse().ok();
            let parent_id = to_i(&row["parent/id"]);
            let existing = id.filter(|id| {
                self.results
                    .get(id)
                    .is_some_and(|r| r.component == component)
            });
            let result = Stored {
                component,
                parent_id,
                external_id: row["external_id"].clone(),
            };
            match existing {
                Some(id) => {
                    self.results.insert(id, result);
                }
                None => {
                    self.last_id += 1;
                    self.results.insert(self.last_id, result);
                    if let Some(id) = id {
                        matches.push((id, self.last_id));
                    }
                }
            }
        }
        // update_parents: pair after pair, in the order of the rows.
        for (old, new) in matches {
            for r in self.results.values_mut() {
                if r.component == component && r.parent_id == Some(old) {
                    r.parent_id = Some(new);
                }
            }
        }
        // remove_invalid_results, children destroyed with their parent.
        loop {
            let orphans: Vec<u64> = self
                .results
                .iter()
                .filter(|(_, r)| r.parent_id.is_some_and(|p| !self.results.contains_key(&p)))
                .map(|(id, _)| *id)
                .collect();
            if orphans.is_empty() {
                break;
            }
            for id in orphans {
                self.results.remove(&id);
            }
        }
    }

    /// The goal tree as the component holds it after the import: goal id
    /// to its parent's goal id.
    fn tree(&self, component: u32) -> HashMap<String, Option<String>> {
        self.results
            .values()
            .filter(|r| r.component == component && !r.external_id.starts_with("existing-"))
            .map(|r| {
                let parent = r.parent_id.map(|p| self.results[&p].external_id.clone());
                (r.external_id.clone(), parent)
            })
            .collect()
    }
}

/// Each goal of the report and its parent's id, where the parent is a goal.
fn goal_tree(report: &Report) -> HashMap<String, Option<String>> {
    let ids: HashSet<&str> = report.goals().map(|g| g.id.as_str()).collect();
    report
        .goals()
        .map(|g| {
            let parent = g
                .parent
                .as_ref()
                .filter(|p| ids.contains(p.id.as_str()))
                .map(|p| p.id.clone());
            (g.id.clone(), parent)
        })
        .collect()
}

#[test]
fn the_header_holds_the_columns_the_importer_reads() {
    // What the importer and the form it fills read of a row, in
    // decidim-accountability: `results_csv_importer.rb` reads `id`,
    // `parent/id`, `title/<locale>`, `description/<locale>` (per available
    // locale, else the default locale's), `start_date`, `end_date`,
    // `status/id` (and `category/id`, `proposal_urls`, which a plan has
    // not); the rest of the row goes to `Admin::ResultForm`
    // (`app/forms/decidim/accountability/admin/result_form.rb`) by name:
    // `progress`, `external_id`, `weight`.
    let read_by_decidim = [
        "id",
        "parent/id",
        "external_id",
        "title/en",
        "description/en",
        "start_date",
        "end_date",
        "status/id",
        "progress",
        "weight",
    ];
    for path in EXAMPLES {
        let text = csv::decidim_results(&report(path), &options(0));
        let header = text.lines().next().unwrap();
        let columns: Vec<&str> = header.split(';').collect();
        assert_eq!(columns, read_by_decidim, "{path}");
        let generic: Vec<String> = DECIDIM_COLUMNS
            .iter()
            .map(|c| c.replace("<locale>", "en"))
            .collect();
        assert_eq!(columns, generic);
    }
}

#[test]
fn read_as_the_importer_reads_it() {
    for path in EXAMPLES {
        let report = report(path);
        for offset in [0, 40, 1_000_000] {
            let rows = import_rows(&csv::decidim_results(&report, &options(offset)));
            assert_eq!(rows.len(), report.goals().count(), "{path}: no row lost");
            let mut earlier = HashSet::new();
            for (n, row) in rows.iter().enumerate() {
                let id: u64 = row["id"].parse().expect("a numeric id");
                assert_eq!(
                    id,
                    u64::from(offset) + n as u64 + 1,
                    "{path}: ids count rows"
                );
                if !row["parent/id"].is_empty() {
                    let parent: u64 = row["parent/id"].parse().expect("a numeric parent id");
                    assert!(
                        earlier.contains(&parent),
                        "{path}: {parent} is not an earlier id"
                    );
                }
                earlier.insert(id);
                let progress: f64 = row["progress"].parse().unwrap();
                assert!((0.0..=100.0).contains(&progress));
                for column in ["start_date", "end_date"] {
                    let cell = &row[column];
                    assert!(cell.is_empty() || cell.parse::<Date>().is_ok(), "{cell:?}");
                }
            }
            let external: Vec<&str> = rows.iter().map(|r| r["external_id"].as_str()).collect();
            let unique: HashSet<&str> = external.iter().copied().collect();
            assert_eq!(unique.len(), external.len(), "{path}: external_id unique");
            let goals: HashSet<&str> = report.goals().map(|g| g.id.as_str()).collect();
            assert_eq!(unique, goals, "{path}: external_id is our goal id");
        }
    }
}

#[test]
fn the_goal_tree_survives_the_import() {
    for path in EXAMPLES {
        let report = report(path);
        let expected = goal_tree(&report);
        assert!(
            expected.values().any(Option::is_some),
            "{path}: no sub-goal"
        );
        // A new instance: ids from 1, as the database gives them.
        let mut db = Database::with(&[], 1, 0);
        db.import(&csv::decidim_results(&report, &options(0)), 1);
        assert_eq!(db.tree(1), expected, "{path}: a new instance");

        // Results elsewhere: other components' and deleted ones took ids
        // 1 to 57, and this component holds three. An offset past every id
        // the import will give keeps the tree; so does one equal to the
        // last id given (the file's ids are then the new ones).
        let existing = [12, 13, 57];
        for offset in [1_000_000, 57] {
            let mut db = Database::with(&existing, 7, 57);
            db.import(&csv::decidim_results(&report, &options(offset)), 7);
            assert_eq!(db.tree(7), expected, "{path}: offset {offset}");
            for id in existing {
                assert_eq!(db.results[&id].external_id, format!("existing-{id}"));
            }
        }
    }
}

#[test]
fn without_an_offset_a_used_component_loses_results() {
    // Why --id-offset is there: ids 1 to n name results the component
    // holds already, which the importer then overwrites.
    let report = report("plans/bologna.toml");
    let mut db = Database::with(&[1, 2, 3], 7, 3);
    db.import(&csv::decidim_results(&report, &options(0)), 7);
    assert_eq!(
        db.results[&1].external_id, "adopt-regulation",
        "overwritten"
    );
    let mut db = Database::with(&[1, 2, 3], 7, 3);
    db.import(&csv::decidim_results(&report, &options(3)), 7);
    assert_eq!(db.results[&1].external_id, "existing-1");
    assert_eq!(db.tree(7), goal_tree(&report));
}

#[test]
fn slugs_in_id_would_lose_the_tree() {
    // The table as it was written before: slugs in `id` and `parent/id`.
    // The importer cannot re-link them and destroys every sub-goal.
    let report = report("plans/bologna.toml");
    let text = csv::decidim_results(&report, &options(0));
    let rows = import_rows(&text);
    let slug_of: HashMap<&str, &str> = rows
        .iter()
        .map(|r| (r["id"].as_str(), r["external_id"].as_str()))
        .collect();
    let mut writer = ::csv::WriterBuilder::new()
        .delimiter(b';')
        .from_writer(Vec::new());
    writer
        .write_record(["id", "parent/id", "external_id"])
        .unwrap();
    for r in &rows {
        let parent = slug_of.get(r["parent/id"].as_str()).copied().unwrap_or("");
        writer
            .write_record([r["external_id"].as_str(), parent, r["external_id"].as_str()])
            .unwrap();
    }
    let slugs = String::from_utf8(writer.into_inner().unwrap()).unwrap();
    let mut db = Database::with(&[], 1, 0);
    db.import(&slugs, 1);
    let tree = db.tree(1);
    assert!(tree.len() < rows.len(), "sub-goals destroyed");
    assert!(tree.values().all(Option::is_none));
}

#[test]
fn decidims_roll_up_keeps_our_progress() {
    // `Result#update_progress!`: a parent's progress is the sum of its
    // children's progress times their weights, unless a child weighs
    // exactly 1 among several, when it is their mean.
    for path in EXAMPLES {
        let rows = import_rows(&csv::decidim_results(&report(path), &options(0)));
        let mut children: HashMap<&str, Vec<(f64, f64)>> = HashMap::new();
        for r in &rows {
            if !r["parent/id"].is_empty() {
                let progress: f64 = r["progress"].parse().unwrap();
                let weight: f64 = r["weight"].parse().unwrap();
                children
                    .entry(r["parent/id"].as_str())
                    .or_default()
                    .push((progress, weight));
            }
        }
        assert!(!children.is_empty(), "{path}: no parent");
        for r in &rows {
            let Some(kids) = children.get(r["id"].as_str()) else {
                continue;
            };
            let weighted = kids.len() == 1 || kids.iter().all(|(_, w)| *w != 1.0);
            let rolled = if weighted {
                kids.iter().map(|(p, w)| p * w).sum::<f64>()
            } else {
                kids.iter().map(|(p, _)| p).sum::<f64>() / kids.len() as f64
            };
            let ours: f64 = r["progress"].parse().unwrap();
            assert!(
                (rolled - ours).abs() <= 0.1,
                "{path} {}: Decidim {rolled}, ours {ours}",
                r["external_id"]
            );
        }
    }
}

/// `commonplan export plans/ghent.toml ARGS...`: standard output, standard
/// error and the exit code.
fn export_ghent(args: &[&str]) -> (String, String, i32) {
    let output = assert_cmd::Command::cargo_bin("commonplan")
        .expect("the binary is built")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["export", "plans/ghent.toml", "-f", "csv"])
        .args(args)
        .output()
        .expect("runs");
    (
        String::from_utf8(output.stdout).expect("UTF-8 output"),
        String::from_utf8_lossy(&output.stderr).into_owned(),
        output.status.code().expect("an exit code"),
    )
}

#[test]
fn the_command_line_offsets_ids_and_changes_the_separator() {
    let (stdout, stderr, code) = export_ghent(&["--decidim"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.starts_with("id;parent/id;external_id;title/en;"),
        "{stdout}"
    );
    assert!(stdout.lines().nth(1).unwrap().starts_with("1;"));

    let (stdout, stderr, code) =
        export_ghent(&["--decidim", "--id-offset", "500", "--csv-separator", ","]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.starts_with("id,parent/id,external_id,title/en,"),
        "{stdout}"
    );
    let rows: Vec<::csv::StringRecord> = ::csv::Reader::from_reader(stdout.as_bytes())
        .records()
        .map(Result::unwrap)
        .collect();
    assert_eq!(&rows[0][0], "501");
    assert!(
        rows.iter()
            .any(|r| r[1].parse::<u64>().is_ok_and(|p| p > 500))
    );

    for bad in [";;", "a", "\""] {
        let (stdout, stderr, code) = export_ghent(&["--decidim", "--csv-separator", bad]);
        assert_eq!((code, stdout.as_str()), (2, ""), "{bad}: {stderr}");
        assert!(
            stderr.contains("separator") || stderr.contains("quote"),
            "{stderr}"
        );
    }
}
