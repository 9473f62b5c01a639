//! The figures derived from the plan — progress, the contribution ledger,
//! the count of problems — kept up to date after edits by recomputing only
//! what the edited parts of the plan feed.

use crate::diagnostic::Severity;
use crate::document::{Part, PlanDocument};
use crate::fields::Collection;
use crate::progress::{LedgerTotals, PlanProgress};

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
    pub(super) fn compute(document: &PlanDocument) -> Derived {
        let plan = document.plan();
        let (errors, warnings) = Derived::count(document);
        Derived {
            progress: PlanProgress::compute(plan),
            ledger: LedgerTotals::compute(plan),
            errors,
            warnings,
            goals_revision: document.revision_of(Collection::Goals),
            ledger_revision: Derived::ledger_revision(document),
        }
    }

    /// Bring the figures up to date after edits of the same document,
    /// computing again only those whose parts of the plan were edited.
    pub(super) fn refresh(&mut self, document: &PlanDocument) {
        let plan = document.plan();
        (self.errors, self.warnings) = Derived::count(document);
        let goals_revision = document.revision_of(Collection::Goals);
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
        [
            Part::Collection(Collection::Partnerships),
            Part::Collection(Collection::Actors),
            Part::PlanInfo,
        ]
        .map(|part| document.revision_of(part))
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
