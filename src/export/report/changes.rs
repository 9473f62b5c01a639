//! "What changed since …": the report's section of a plan's changes since
//! an earlier version (`export --since REV|DATE|FILE`), the handout for
//! "what happened since the last workshop". The changes are those
//! `commonplan diff` prints, in the same words ([`crate::history::diff`]),
//! grouped by item for the templates.

use schemars::JsonSchema;
use serde::Serialize;

use crate::history::diff::{PlanDiff, to_text};

use super::Report;

/// What changed in the plan since an earlier version.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct ChangesSince {
    /// The earlier version, as it was named (`HEAD~3`, `2025-02-11`, a file).
    pub since: String,
    /// Each item that changed, with its changes, in plan order; then the
    /// progress and the ledger totals that moved, under the headings
    /// `progress` and `ledger`.
    pub groups: Vec<ChangeGroup>,
}

/// One item's changes, as `commonplan diff` says them.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct ChangeGroup {
    /// The item's line: `~ goals.solar-roofs "Put solar panels on …"`,
    /// `+` for an item added and `-` for one removed.
    pub heading: String,
    /// Each change, one line each: `goals.solar-roofs.status: adopted → achieved`.
    pub changes: Vec<String>,
}

impl ChangesSince {
    /// The changes of `diff`, since the version named `since`.
    pub fn new(since: &str, diff: &PlanDiff) -> ChangesSince {
        let mut groups: Vec<ChangeGroup> = Vec::new();
        for line in to_text(diff).lines() {
            match line.strip_prefix("  ") {
                Some(change) => {
                    if let Some(group) = groups.last_mut() {
                        group.changes.push(change.to_owned());
                    }
                }
                None if !line.trim().is_empty() => groups.push(ChangeGroup {
                    heading: line.to_owned(),
                    changes: Vec::new(),
                }),
                None => {}
            }
        }
        ChangesSince {
            since: since.to_owned(),
            groups,
        }
    }
}

impl Report {
    /// This report with a section of what changed since `since`.
    pub fn with_changes(mut self, since: &str, diff: &PlanDiff) -> Report {
        self.changes = Some(ChangesSince::new(since, diff));
        self
    }
}
