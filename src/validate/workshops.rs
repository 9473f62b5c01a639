//! The rules about workshops: dots within each participant's budget, votes
//! only by participants and on goals or partnerships that exist, decisions
//! about items and owners that exist, and comments that name the workshop
//! where they were said.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use super::{Checker, Ids};
use crate::diagnostic::{Code, FieldPath, did_you_mean};
use crate::fields::{Collection, Nested};

impl<'p> Checker<'p> {
    /// Dots, votes and decisions of each workshop.
    pub(super) fn workshops(
        &mut self,
        items: &Ids<'_>,
        actors: &Ids<'_>,
        referenced: &mut HashSet<&'p str>,
    ) {
        let plan = self.plan;
        for (index, workshop) in plan.workshops.iter().enumerate() {
            let path = || {
                FieldPath::root()
                    .key(Collection::Workshops.key())
                    .index(index, Some(&workshop.id))
            };
            if workshop.dots < 0 {
                self.push(
                    Code::InvalidValue,
                    path().key("dots"),
                    format!(
                        "workshop `{}` gives {} dots to each participant",
                        workshop.id, workshop.dots
                    ),
                )
                .help = Some("`dots` is a number of dots, 0 or more".to_owned());
            }
            let participants: HashSet<&str> =
                workshop.participants.iter().map(String::as_str).collect();
            let mut placed: HashMap<&str, i64> = HashMap::default();
            for (i, vote) in workshop.votes.iter().enumerate() {
                let at = || path().key(Nested::Votes.key()).index(i, None);
                if !vote.item.is_empty() {
                    self.reference(
                        || at().key("item"),
                        "goal or partnership",
                        &vote.item,
                        items,
                    );
                }
                if vote.dots < 1 {
                    self.push(
                        Code::InvalidValue,
                        at().key("dots"),
                        format!(
                            "a vote in workshop `{}` places {} dots",
                            workshop.id, vote.dots
                        ),
                    )
                    .help = Some("a vote places 1 dot or more".to_owned());
                }
                if vote.participant.is_empty() {
                    continue;
                }
                if !participants.contains(vote.participant.as_str()) {
                    let help = did_you_mean(&vote.participant, participants.iter().copied())
                        .unwrap_or_else(|| "add them to `participants`".to_owned());
                    self.push(
                        Code::VoteNotParticipant,
                        at().key("participant"),
                        format!(
                            "`{}` votes in workshop `{}` but is not among its participants",
                            vote.participant, workshop.id
                        ),
                    )
                    .help = Some(help);
                    continue;
                }
                let total = placed.entry(vote.participant.as_str()).or_default();
                let before = *total;
                *total = total.saturating_add(vote.dots.max(0));
                if before <= workshop.dots && *total > workshop.dots {
                    self.push(
                        Code::TooManyDots,
                        at().key("dots"),
                        format!(
                            "`{}` places {} dots in workshop `{}`, which allows {}",
                            vote.participant, total, workshop.id, workshop.dots
                        ),
                    )
                    .help = Some(
                        "remove some of their dots, or raise the workshop's `dots`".to_owned(),
                    );
                }
            }
            for (i, decision) in workshop.decisions.iter().enumerate() {
                let at = || path().key(Nested::Decisions.key()).index(i, None);
                if let Some(item) = decision.item.as_deref().filter(|i| !i.is_empty()) {
                    self.reference(|| at().key("item"), "goal or partnership", item, items);
                }
                if let Some(owner) = decision.owner.as_deref().filter(|o| !o.is_empty()) {
                    referenced.insert(owner);
                    self.reference(|| at().key("owner"), "actor", owner, actors);
                }
            }
        }
    }

    /// Each comment's `workshop` names a workshop of the plan.
    pub(super) fn comment_workshops(&mut self, workshops: &Ids<'_>) {
        let plan = self.plan;
        // The item's path is built only for a comment that names a workshop:
        // most items have none, and a plan has thousands of items.
        let goals = plan
            .goals
            .iter()
            .enumerate()
            .map(|(i, g)| (Collection::Goals, i, g.id.as_str(), &g.comments));
        let partnerships = plan
            .partnerships
            .iter()
            .enumerate()
            .map(|(i, p)| (Collection::Partnerships, i, p.id.as_str(), &p.comments));
        for (collection, index, id, comments) in goals.chain(partnerships) {
            for (i, comment) in comments.iter().enumerate() {
                let Some(workshop) = comment.workshop.as_deref().filter(|w| !w.is_empty()) else {
                    continue;
                };
                let at = || {
                    FieldPath::root()
                        .key(collection.key())
                        .index(index, Some(id))
                        .key(Nested::Comments.key())
                        .index(i, None)
                        .key("workshop")
                };
                self.reference(at, "workshop", workshop, workshops);
            }
        }
    }
}
