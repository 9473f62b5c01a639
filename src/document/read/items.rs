//! Reading each kind of table: one function per table of the format, each
//! reading the keys the field tables know into its model type and asking for
//! the required ones. The value readers and the places are `read`'s.

use super::{Loc, Reader, TableRef};
use crate::fields::TableKind;
use crate::model::*;

impl Reader {
    pub(super) fn plan_info(&mut self, table: TableRef<'_>, loc: &Loc<'_>) -> PlanInfo {
        let mut info = PlanInfo::default();
        for (key, item) in table.like().iter() {
            if !self.known(table, key, loc, TableKind::Plan) {
                continue;
            }
            let at = Loc::Key(loc, key);
            match key {
                "city" => info.city = self.string(item, &at).unwrap_or_default(),
                "title" => info.title = self.string(item, &at).unwrap_or_default(),
                "country" => info.country = self.string(item, &at),
                "status" => info.status = self.keyword(item, &at).unwrap_or_default(),
                "start_year" => info.start_year = self.integer(item, &at),
                "end_year" => info.end_year = self.integer(item, &at),
                "updated" => info.updated = self.date(item, &at),
                "authors" => info.authors = self.strings(item, &at),
                "currency" => {
                    if let Some(currency) = self.string(item, &at) {
                        info.currency = currency;
                    }
                }
                "vision" => info.vision = self.string(item, &at),
                "context" => info.context = self.string(item, &at),
                _ => {}
            }
        }
        self.require(
            table,
            loc,
            TableKind::Plan,
            &[
                ("city", !info.city.is_empty()),
                ("title", !info.title.is_empty()),
            ],
        );
        info
    }

    pub(super) fn theme(&mut self, table: TableRef<'_>, parent: &Loc<'_>, index: usize) -> Theme {
        let loc = Loc::Item(parent, index, table);
        let mut theme = Theme::default();
        for (key, item) in table.like().iter() {
            if !self.known(table, key, &loc, TableKind::Theme) {
                continue;
            }
            let at = Loc::Key(&loc, key);
            match key {
                "id" => theme.id = self.string(item, &at).unwrap_or_default(),
                "name" => theme.name = self.string(item, &at).unwrap_or_default(),
                "description" => theme.description = self.string(item, &at),
                _ => {}
            }
        }
        self.require(
            table,
            &loc,
            TableKind::Theme,
            &[
                ("id", !theme.id.is_empty()),
                ("name", !theme.name.is_empty()),
            ],
        );
        theme
    }

    pub(super) fn actor(&mut self, table: TableRef<'_>, parent: &Loc<'_>, index: usize) -> Actor {
        let loc = Loc::Item(parent, index, table);
        let mut actor = Actor::default();
        for (key, item) in table.like().iter() {
            if !self.known(table, key, &loc, TableKind::Actor) {
                continue;
            }
            let at = Loc::Key(&loc, key);
            match key {
                "id" => actor.id = self.string(item, &at).unwrap_or_default(),
                "name" => actor.name = self.string(item, &at).unwrap_or_default(),
                "role" => actor.role = self.keyword(item, &at).unwrap_or(Role::Other),
                "description" => actor.description = self.string(item, &at),
                "theme" => actor.theme = self.string(item, &at),
                "since" => actor.since = self.integer(item, &at),
                "members" => actor.members = self.integer(item, &at),
                "url" => actor.url = self.string(item, &at),
                _ => {}
            }
        }
        self.require(
            table,
            &loc,
            TableKind::Actor,
            &[
                ("id", !actor.id.is_empty()),
                ("name", !actor.name.is_empty()),
                ("role", false),
            ],
        );
        actor
    }

    pub(super) fn goal(&mut self, table: TableRef<'_>, parent: &Loc<'_>, index: usize) -> Goal {
        let loc = Loc::Item(parent, index, table);
        let mut goal = Goal::default();
        for (key, item) in table.like().iter() {
            if !self.known(table, key, &loc, TableKind::Goal) {
                continue;
            }
            let at = Loc::Key(&loc, key);
            match key {
                "id" => goal.id = self.string(item, &at).unwrap_or_default(),
                "title" => goal.title = self.string(item, &at).unwrap_or_default(),
                "theme" => goal.theme = self.string(item, &at),
                "parent" => goal.parent = self.string(item, &at),
                "status" => goal.status = self.keyword(item, &at).unwrap_or_default(),
                "priority" => goal.priority = self.keyword(item, &at),
                "owner" => goal.owner = self.string(item, &at),
                "target_year" => goal.target_year = self.integer(item, &at),
                "budget" => goal.budget = self.number(item, &at),
                "weight" => {
                    if let Some(weight) = self.number(item, &at) {
                        goal.weight = weight;
                    }
                }
                "tags" => goal.tags = self.strings(item, &at),
                "description" => goal.description = self.string(item, &at),
                "indicators" => goal.indicators = self.each(item, &at, Self::indicator),
                "milestones" => goal.milestones = self.each(item, &at, Self::milestone),
                "comments" => goal.comments = self.each(item, &at, Self::comment),
                _ => {}
            }
        }
        self.require(
            table,
            &loc,
            TableKind::Goal,
            &[
                ("id", !goal.id.is_empty()),
                ("title", !goal.title.is_empty()),
            ],
        );
        goal
    }

    pub(super) fn indicator(
        &mut self,
        table: TableRef<'_>,
        parent: &Loc<'_>,
        index: usize,
    ) -> Indicator {
        let loc = Loc::Index(parent, index);
        let mut indicator = Indicator::default();
        for (key, item) in table.like().iter() {
            if !self.known(table, key, &loc, TableKind::Indicator) {
                continue;
            }
            let at = Loc::Key(&loc, key);
            match key {
                "name" => indicator.name = self.string(item, &at).unwrap_or_default(),
                "unit" => indicator.unit = self.string(item, &at),
                "baseline" => indicator.baseline = self.number(item, &at),
                "baseline_year" => indicator.baseline_year = self.integer(item, &at),
                "target" => indicator.target = self.number(item, &at),
                "target_year" => indicator.target_year = self.integer(item, &at),
                "source" => indicator.source = self.string(item, &at),
                "measurements" => {
                    indicator.measurements = self
                        .each(item, &at, Self::measurement)
                        .into_iter()
                        .flatten()
                        .collect()
                }
                _ => {}
            }
        }
        self.require(
            table,
            &loc,
            TableKind::Indicator,
            &[("name", !indicator.name.is_empty())],
        );
        indicator
    }

    pub(super) fn measurement(
        &mut self,
        table: TableRef<'_>,
        parent: &Loc<'_>,
        index: usize,
    ) -> Option<Measurement> {
        let loc = Loc::Index(parent, index);
        let (mut date, mut value) = (None, None);
        for (key, item) in table.like().iter() {
            if !self.known(table, key, &loc, TableKind::Measurement) {
                continue;
            }
            let at = Loc::Key(&loc, key);
            match key {
                "date" => date = self.date(item, &at),
                "value" => value = self.number(item, &at),
                _ => {}
            }
        }
        self.require(
            table,
            &loc,
            TableKind::Measurement,
            &[("date", date.is_some()), ("value", value.is_some())],
        );
        Some(Measurement {
            date: date?,
            value: value?,
        })
    }

    pub(super) fn milestone(
        &mut self,
        table: TableRef<'_>,
        parent: &Loc<'_>,
        index: usize,
    ) -> Milestone {
        let loc = Loc::Index(parent, index);
        let mut milestone = Milestone::default();
        for (key, item) in table.like().iter() {
            if !self.known(table, key, &loc, TableKind::Milestone) {
                continue;
            }
            let at = Loc::Key(&loc, key);
            match key {
                "title" => milestone.title = self.string(item, &at).unwrap_or_default(),
                "due" => milestone.due = self.date(item, &at),
                "done" => milestone.done = self.boolean(item, &at).unwrap_or_default(),
                "id" => milestone.id = self.string(item, &at),
                _ => {}
            }
        }
        self.require(
            table,
            &loc,
            TableKind::Milestone,
            &[("title", !milestone.title.is_empty())],
        );
        milestone
    }

    pub(super) fn comment(
        &mut self,
        table: TableRef<'_>,
        parent: &Loc<'_>,
        index: usize,
    ) -> Comment {
        let loc = Loc::Index(parent, index);
        let mut comment = Comment::default();
        for (key, item) in table.like().iter() {
            if !self.known(table, key, &loc, TableKind::Comment) {
                continue;
            }
            let at = Loc::Key(&loc, key);
            match key {
                "author" => comment.author = self.string(item, &at).unwrap_or_default(),
                "text" => comment.text = self.string(item, &at).unwrap_or_default(),
                "date" => comment.date = self.date(item, &at),
                "resolved" => comment.resolved = self.boolean(item, &at).unwrap_or_default(),
                "stance" => comment.stance = self.keyword(item, &at),
                "workshop" => comment.workshop = self.string(item, &at),
                _ => {}
            }
        }
        self.require(
            table,
            &loc,
            TableKind::Comment,
            &[
                ("author", !comment.author.is_empty()),
                ("text", !comment.text.is_empty()),
            ],
        );
        comment
    }

    pub(super) fn partnership(
        &mut self,
        table: TableRef<'_>,
        parent: &Loc<'_>,
        index: usize,
    ) -> Partnership {
        let loc = Loc::Item(parent, index, table);
        let mut partnership = Partnership::default();
        for (key, item) in table.like().iter() {
            if !self.known(table, key, &loc, TableKind::Partnership) {
                continue;
            }
            let at = Loc::Key(&loc, key);
            let p = &mut partnership;
            match key {
                "id" => p.id = self.string(item, &at).unwrap_or_default(),
                "title" => p.title = self.string(item, &at).unwrap_or_default(),
                "instrument" => p.instrument = self.keyword(item, &at),
                "complexity" => p.complexity = self.keyword(item, &at),
                "status" => p.status = self.keyword(item, &at).unwrap_or_default(),
                "resource" => p.resource = self.string(item, &at),
                "goals" => p.goals = self.strings(item, &at),
                "start" => p.start = self.date(item, &at),
                "end" => p.end = self.date(item, &at),
                "review" => p.review = self.date(item, &at),
                "objectives" => p.objectives = self.string(item, &at),
                "governance" => p.governance = self.string(item, &at),
                "evaluation" => p.evaluation = self.string(item, &at),
                "description" => p.description = self.string(item, &at),
                "parties" => p.parties = self.each(item, &at, Self::party),
                "contributions" => p.contributions = self.each(item, &at, Self::contribution),
                "comments" => p.comments = self.each(item, &at, Self::comment),
                _ => {}
            }
        }
        self.require(
            table,
            &loc,
            TableKind::Partnership,
            &[
                ("id", !partnership.id.is_empty()),
                ("title", !partnership.title.is_empty()),
            ],
        );
        partnership
    }

    pub(super) fn party(&mut self, table: TableRef<'_>, parent: &Loc<'_>, index: usize) -> Party {
        let loc = Loc::Index(parent, index);
        let mut party = Party::default();
        for (key, item) in table.like().iter() {
            if !self.known(table, key, &loc, TableKind::Party) {
                continue;
            }
            let at = Loc::Key(&loc, key);
            match key {
                "actor" => party.actor = self.string(item, &at).unwrap_or_default(),
                "commitments" => party.commitments = self.string(item, &at),
                _ => {}
            }
        }
        self.require(
            table,
            &loc,
            TableKind::Party,
            &[("actor", !party.actor.is_empty())],
        );
        party
    }

    pub(super) fn contribution(
        &mut self,
        table: TableRef<'_>,
        parent: &Loc<'_>,
        index: usize,
    ) -> Contribution {
        let loc = Loc::Index(parent, index);
        let mut contribution = Contribution::default();
        for (key, item) in table.like().iter() {
            if !self.known(table, key, &loc, TableKind::Contribution) {
                continue;
            }
            let at = Loc::Key(&loc, key);
            let c = &mut contribution;
            match key {
                "from" => c.from = self.string(item, &at).unwrap_or_default(),
                "kind" => c.kind = self.keyword(item, &at).unwrap_or(ContributionKind::Other),
                "amount" => c.amount = self.number(item, &at),
                "unit" => c.unit = self.string(item, &at),
                "per" => c.per = self.keyword(item, &at).unwrap_or_default(),
                "description" => c.description = self.string(item, &at),
                _ => {}
            }
        }
        self.require(
            table,
            &loc,
            TableKind::Contribution,
            &[("from", !contribution.from.is_empty()), ("kind", false)],
        );
        contribution
    }

    pub(super) fn workshop(
        &mut self,
        table: TableRef<'_>,
        parent: &Loc<'_>,
        index: usize,
    ) -> Workshop {
        let loc = Loc::Item(parent, index, table);
        let mut workshop = Workshop::default();
        for (key, item) in table.like().iter() {
            if !self.known(table, key, &loc, TableKind::Workshop) {
                continue;
            }
            let at = Loc::Key(&loc, key);
            let w = &mut workshop;
            match key {
                "id" => w.id = self.string(item, &at).unwrap_or_default(),
                "title" => w.title = self.string(item, &at).unwrap_or_default(),
                "date" => w.date = self.date(item, &at),
                "facilitator" => w.facilitator = self.string(item, &at),
                "participants" => w.participants = self.strings(item, &at),
                "dots" => {
                    if let Some(dots) = self.integer(item, &at) {
                        w.dots = dots;
                    }
                }
                "location" => w.location = self.string(item, &at),
                "notes" => w.notes = self.string(item, &at),
                "votes" => w.votes = self.each(item, &at, Self::vote),
                "decisions" => w.decisions = self.each(item, &at, Self::decision),
                _ => {}
            }
        }
        self.require(
            table,
            &loc,
            TableKind::Workshop,
            &[
                ("id", !workshop.id.is_empty()),
                ("title", !workshop.title.is_empty()),
            ],
        );
        workshop
    }

    pub(super) fn vote(&mut self, table: TableRef<'_>, parent: &Loc<'_>, index: usize) -> Vote {
        let loc = Loc::Index(parent, index);
        let mut vote = Vote::default();
        for (key, item) in table.like().iter() {
            if !self.known(table, key, &loc, TableKind::Vote) {
                continue;
            }
            let at = Loc::Key(&loc, key);
            match key {
                "participant" => vote.participant = self.string(item, &at).unwrap_or_default(),
                "item" => vote.item = self.string(item, &at).unwrap_or_default(),
                "dots" => {
                    if let Some(dots) = self.integer(item, &at) {
                        vote.dots = dots;
                    }
                }
                _ => {}
            }
        }
        self.require(
            table,
            &loc,
            TableKind::Vote,
            &[
                ("participant", !vote.participant.is_empty()),
                ("item", !vote.item.is_empty()),
                ("dots", false),
            ],
        );
        vote
    }

    pub(super) fn decision(
        &mut self,
        table: TableRef<'_>,
        parent: &Loc<'_>,
        index: usize,
    ) -> Decision {
        let loc = Loc::Index(parent, index);
        let mut decision = Decision::default();
        for (key, item) in table.like().iter() {
            if !self.known(table, key, &loc, TableKind::Decision) {
                continue;
            }
            let at = Loc::Key(&loc, key);
            match key {
                "text" => decision.text = self.string(item, &at).unwrap_or_default(),
                "item" => decision.item = self.string(item, &at),
                "owner" => decision.owner = self.string(item, &at),
                "due" => decision.due = self.date(item, &at),
                _ => {}
            }
        }
        self.require(
            table,
            &loc,
            TableKind::Decision,
            &[("text", !decision.text.is_empty())],
        );
        decision
    }
}
