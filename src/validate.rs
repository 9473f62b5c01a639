//! The rules of the format page that look at what values mean together:
//! ids, references, cycles, periods, parties, votes, and the warnings about a
//! plan's shape.
//!
//! `validate` is a pure function of a typed [`Plan`] (and today's date); it
//! names places in the plan's own terms ([`FieldPath`]) and leaves finding
//! them in the file to the document layer. Types, required keys and words
//! are checked while reading (`document::read`), so a plan built in memory by
//! edits is checked here for everything that can still go wrong.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use crate::diagnostic::{Code, Diagnostic, FieldPath, did_you_mean};
use crate::fields::{Collection, Nested};
use crate::model::*;

mod text;
mod workshops;

use text::slug;

/// Unknown references get a "did you mean" only this many times a plan, so a
/// plan with thousands of broken references stays fast to check.
const SUGGESTION_BUDGET: usize = 200;

/// Check a plan against every rule of format 1 that the reader does not.
pub fn validate(plan: &Plan, today: Date) -> Vec<Diagnostic> {
    let mut check = Checker {
        plan,
        out: Vec::new(),
        suggestions_left: SUGGESTION_BUDGET,
    };
    check.plan_info();
    let themes = check.ids(
        Collection::Themes,
        plan.themes.iter().map(|t| t.id.as_str()),
    );
    let actors = check.ids(
        Collection::Actors,
        plan.actors.iter().map(|a| a.id.as_str()),
    );
    let items = check.goal_and_partnership_ids();
    let mut goal_ids = Ids::with_capacity_and_hasher(plan.goals.len(), Default::default());
    for (index, goal) in plan.goals.iter().enumerate() {
        if !goal.id.is_empty() {
            goal_ids.entry(goal.id.as_str()).or_insert(index);
        }
    }
    let workshops = check.ids(
        Collection::Workshops,
        plan.workshops.iter().map(|w| w.id.as_str()),
    );
    let mut referenced = HashSet::default();
    check.actors(&themes);
    check.goals(&themes, &actors, &goal_ids, &mut referenced);
    check.partnerships(&actors, &goal_ids, &mut referenced, today);
    check.workshops(&items, &actors, &mut referenced);
    check.comment_workshops(&workshops);
    check.unreferenced_actors(&referenced);
    check.control_characters();
    check.out
}

struct Checker<'p> {
    plan: &'p Plan,
    out: Vec<Diagnostic>,
    suggestions_left: usize,
}

/// Ids of one collection, with the position of each.
type Ids<'p> = HashMap<&'p str, usize>;

fn goal_path(index: usize, id: &str) -> FieldPath {
    FieldPath::root()
        .key(Collection::Goals.key())
        .index(index, Some(id))
}

fn partnership_path(index: usize, id: &str) -> FieldPath {
    FieldPath::root()
        .key(Collection::Partnerships.key())
        .index(index, Some(id))
}

impl<'p> Checker<'p> {
    fn push(&mut self, code: Code, path: FieldPath, message: String) -> &mut Diagnostic {
        self.out.push(Diagnostic::new(code, path, message));
        self.out.last_mut().expect("just pushed")
    }

    fn plan_info(&mut self) {
        let info = &self.plan.plan;
        let at = FieldPath::root().key("plan");
        if let (Some(start), Some(end)) = (info.start_year, info.end_year)
            && end < start
        {
            self.push(
                Code::PeriodReversed,
                at.key("end_year"),
                format!("the plan ends in {end}, before it starts in {start}"),
            )
            .help = Some("`end_year` must be the same as or after `start_year`".to_owned());
        }
        if let Some(country) = &info.country {
            self.code_of_capitals(
                at.key("country"),
                country,
                2,
                "ISO 3166-1 alpha-2",
                "`BE` or `IT`",
            );
        }
        let currency = &info.currency;
        self.code_of_capitals(at.key("currency"), currency, 3, "ISO 4217", "`EUR`");
    }

    /// Check that `code` is `len` capital letters, as ISO codes are.
    fn code_of_capitals(
        &mut self,
        path: FieldPath,
        code: &str,
        len: usize,
        standard: &str,
        example: &str,
    ) {
        let is_code =
            |text: &str| text.len() == len && text.bytes().all(|b| b.is_ascii_uppercase());
        if is_code(code) {
            return;
        }
        let upper = code.to_ascii_uppercase();
        let help = if is_code(&upper) {
            format!("write it in capitals: `{upper}`")
        } else {
            format!("{len} capital letters, e.g. {example}")
        };
        let message = format!("`{path}` must be an {standard} code, found `{code}`");
        self.push(Code::InvalidValue, path, message).help = Some(help);
    }

    /// Check the ids of one collection: well formed and unique.
    fn ids(&mut self, collection: Collection, ids: impl Iterator<Item = &'p str>) -> Ids<'p> {
        let mut seen = Ids::with_capacity_and_hasher(ids.size_hint().0, Default::default());
        for (index, id) in ids.enumerate() {
            let path = || {
                FieldPath::root()
                    .key(collection.key())
                    .index(index, Some(id))
                    .key("id")
            };
            self.id(path, id, index, &mut seen, collection.key());
        }
        seen
    }

    fn id(
        &mut self,
        path: impl Fn() -> FieldPath,
        id: &'p str,
        index: usize,
        seen: &mut Ids<'p>,
        collection: &str,
    ) {
        if id.is_empty() {
            // A missing or empty id is reported by the reader.
            return;
        }
        if !is_valid_id(id) {
            let suggestion = slug(id);
            let diagnostic = self.push(
                Code::MalformedId,
                path(),
                format!("`{id}` is not a valid id"),
            );
            diagnostic.help = Some(if is_valid_id(&suggestion) {
                format!(
                    "ids are 1 to 64 characters of a-z, 0-9 and `-`, starting with a letter or digit: try `{suggestion}`"
                )
            } else {
                "ids are 1 to 64 characters of a-z, 0-9 and `-`, starting with a letter or digit"
                    .to_owned()
            });
        }
        // A malformed id still names its item, so that references to it do
        // not add a second complaint; the first of duplicates is the one
        // references reach.
        if let std::collections::hash_map::Entry::Vacant(entry) = seen.entry(id) {
            entry.insert(index);
        } else {
            self.push(
                Code::DuplicateId,
                path(),
                format!("the id `{id}` is used twice in {collection}"),
            )
            .help = Some("give each item its own id".to_owned());
        }
    }

    /// Goals and partnerships share one set of ids.
    fn goal_and_partnership_ids(&mut self) -> Ids<'p> {
        let plan = self.plan;
        let mut seen = Ids::with_capacity_and_hasher(
            plan.goals.len() + plan.partnerships.len(),
            Default::default(),
        );
        for (index, goal) in plan.goals.iter().enumerate() {
            self.id(
                || goal_path(index, &goal.id).key("id"),
                &goal.id,
                index,
                &mut seen,
                "goals and partnerships",
            );
        }
        for (index, partnership) in plan.partnerships.iter().enumerate() {
            self.id(
                || partnership_path(index, &partnership.id).key("id"),
                &partnership.id,
                index,
                &mut seen,
                "goals and partnerships",
            );
        }
        seen
    }

    /// Report `id` if it is not among `known`.
    fn reference(
        &mut self,
        path: impl FnOnce() -> FieldPath,
        what: &str,
        id: &str,
        known: &Ids<'_>,
    ) -> bool {
        if known.contains_key(id) {
            return true;
        }
        let help = if self.suggestions_left > 0 {
            self.suggestions_left -= 1;
            did_you_mean(id, known.keys().copied())
        } else {
            None
        };
        let diagnostic = self.push(
            Code::UnknownReference,
            path(),
            format!("there is no {what} with the id `{id}`"),
        );
        diagnostic.help = help.or_else(|| Some(format!("use the id of an existing {what}")));
        false
    }

    fn actors(&mut self, themes: &Ids<'_>) {
        let plan = self.plan;
        for (index, actor) in plan.actors.iter().enumerate() {
            let path = || {
                FieldPath::root()
                    .key(Collection::Actors.key())
                    .index(index, Some(&actor.id))
            };
            if let Some(theme) = &actor.theme {
                self.reference(|| path().key("theme"), "theme", theme, themes);
            }
            if let Some(url) = &actor.url
                && !(url.starts_with("https://") || url.starts_with("http://"))
            {
                self.push(
                    Code::InvalidValue,
                    path().key("url"),
                    format!(
                        "`{}` must be an http or https address, found `{url}`",
                        path().key("url")
                    ),
                )
                .help = Some("write the full address, starting with https://".to_owned());
            }
        }
    }

    fn goals(
        &mut self,
        themes: &Ids<'_>,
        actors: &Ids<'_>,
        goal_ids: &Ids<'_>,
        referenced: &mut HashSet<&'p str>,
    ) {
        let plan = self.plan;
        let period = (plan.plan.start_year, plan.plan.end_year);
        for (index, goal) in plan.goals.iter().enumerate() {
            let path = || goal_path(index, &goal.id);
            if let Some(theme) = &goal.theme {
                self.reference(|| path().key("theme"), "theme", theme, themes);
            }
            if let Some(parent) = &goal.parent {
                self.reference(|| path().key("parent"), "goal", parent, goal_ids);
            }
            match &goal.owner {
                Some(owner) => {
                    referenced.insert(owner.as_str());
                    self.reference(|| path().key("owner"), "actor", owner, actors);
                }
                None if matches!(goal.status, GoalStatus::Adopted | GoalStatus::InProgress) => {
                    self.push(
                        Code::GoalWithoutOwner,
                        path(),
                        format!("goal `{}` is {} but has no owner", goal.id, goal.status),
                    )
                    .help = Some("name the responsible body: `owner = \"<actor id>\"`".to_owned());
                }
                None => {}
            }
            if goal.weight.is_nan() || goal.weight <= 0.0 {
                self.push(
                    Code::InvalidValue,
                    path().key("weight"),
                    format!("goal `{}` has weight {}, but a weight must be greater than 0", goal.id, goal.weight),
                )
                .help = Some("leave `weight` out for the default of 1, or drop the goal with `status = \"dropped\"`".to_owned());
            }
            if let Some(year) = goal.target_year {
                let outside = match period {
                    // A reversed period is reported once, by E012.
                    (Some(s), Some(e)) if s > e => None,
                    (Some(s), Some(e)) => (year < s || year > e).then(|| format!("{s}–{e}")),
                    (Some(s), None) => (year < s).then(|| format!("from {s}")),
                    (None, Some(e)) => (year > e).then(|| format!("up to {e}")),
                    (None, None) => None,
                };
                if let Some(range) = outside {
                    self.push(
                        Code::TargetOutsidePeriod,
                        path().key("target_year"),
                        format!(
                            "goal `{}` targets {year}, outside the plan's period {range}",
                            goal.id
                        ),
                    )
                    .help = Some(
                        "change `target_year`, or the plan's `start_year`/`end_year`".to_owned(),
                    );
                }
            }
            self.milestone_ids(index, goal);
            for (i, indicator) in goal.indicators.iter().enumerate() {
                self.same_date_measurements(index, goal, i, indicator);
                if indicator.target.is_none() {
                    let at = path().key(Nested::Indicators.key()).index(i, None);
                    self.push(
                        Code::IndicatorWithoutTarget,
                        at,
                        format!(
                            "indicator `{}` of goal `{}` has no target",
                            indicator.name, goal.id
                        ),
                    )
                    .help = Some("add `target = <number>` so progress can be measured".to_owned());
                }
            }
        }
        self.cycles(goal_ids);
    }

    /// A goal's milestone ids: well formed and unique within the goal.
    fn milestone_ids(&mut self, index: usize, goal: &'p Goal) {
        let mut seen = Ids::default();
        for (i, milestone) in goal.milestones.iter().enumerate() {
            if let Some(id) = &milestone.id {
                let path = || {
                    goal_path(index, &goal.id)
                        .key(Nested::Milestones.key())
                        .index(i, None)
                        .key("id")
                };
                let within = format!("the milestones of goal `{}`", goal.id);
                self.id(path, id, i, &mut seen, &within);
            }
        }
    }

    /// Warn about a measurement of an indicator on a date that an earlier
    /// measurement of it already has: which one is the value of that day?
    fn same_date_measurements(
        &mut self,
        index: usize,
        goal: &Goal,
        i: usize,
        indicator: &Indicator,
    ) {
        let measurements = &indicator.measurements;
        if measurements.len() < 2 {
            return;
        }
        let mut seen: HashMap<Date, usize> =
            HashMap::with_capacity_and_hasher(measurements.len(), Default::default());
        for (m, measurement) in measurements.iter().enumerate() {
            let Some(&first) = seen.get(&measurement.date) else {
                seen.insert(measurement.date, m);
                continue;
            };
            let at = goal_path(index, &goal.id)
                .key(Nested::Indicators.key())
                .index(i, None)
                .key(Nested::Measurements.key())
                .index(m, None)
                .key("date");
            self.push(
                Code::DuplicateMeasurement,
                at,
                format!(
                    "indicator `{}` of goal `{}` is measured twice on {}: {} (measurement {}) and {} (measurement {})",
                    indicator.name,
                    goal.id,
                    measurement.date,
                    measurements[first].value,
                    first + 1,
                    measurement.value,
                    m + 1
                ),
            )
            .help = Some("keep one value for each date, or correct the date".to_owned());
        }
    }

    /// Report each goal that is its own ancestor, once per cycle.
    fn cycles(&mut self, goal_ids: &Ids<'_>) {
        let goals = &self.plan.goals;
        // 0: not visited, 1: on the current chain, 2: done.
        let mut state = vec![0u8; goals.len()];
        for start in 0..goals.len() {
            let mut chain = Vec::new();
            let mut at = Some(start);
            while let Some(index) = at {
                match state[index] {
                    0 => {
                        state[index] = 1;
                        chain.push(index);
                        at = goals[index]
                            .parent
                            .as_deref()
                            .and_then(|p| goal_ids.get(p).copied());
                    }
                    1 => {
                        let first = chain.iter().position(|&i| i == index).unwrap_or(0);
                        let ring: Vec<&str> = chain[first..]
                            .iter()
                            .map(|&i| goals[i].id.as_str())
                            .chain([goals[index].id.as_str()])
                            .collect();
                        let goal = &goals[index];
                        self.push(
                            Code::GoalCycle,
                            goal_path(index, &goal.id).key("parent"),
                            format!(
                                "goal `{}` is its own ancestor: {}",
                                goal.id,
                                ring.join(" → ")
                            ),
                        )
                        .help = Some("remove or change one `parent` in this chain".to_owned());
                        break;
                    }
                    _ => break,
                }
            }
            for index in chain {
                state[index] = 2;
            }
        }
    }

    fn partnerships(
        &mut self,
        actors: &Ids<'_>,
        goal_ids: &Ids<'_>,
        referenced: &mut HashSet<&'p str>,
        today: Date,
    ) {
        let plan = self.plan;
        for (index, partnership) in plan.partnerships.iter().enumerate() {
            let path = || partnership_path(index, &partnership.id);
            let id = &partnership.id;
            for (i, goal) in partnership.goals.iter().enumerate() {
                if goal.is_empty() {
                    // Not a string: reported by the reader.
                    continue;
                }
                self.reference(
                    || path().key("goals").index(i, None),
                    "goal",
                    goal,
                    goal_ids,
                );
            }
            if let (Some(start), Some(end)) = (partnership.start, partnership.end)
                && end < start
            {
                self.push(
                    Code::DatesReversed,
                    path().key("end"),
                    format!("partnership `{id}` ends on {end}, before it starts on {start}"),
                )
                .help = Some("`end` must be on or after `start`".to_owned());
            }
            if partnership.status == PartnershipStatus::Active
                && let Some(end) = partnership.end
                && end < today
            {
                self.push(
                    Code::ActivePartnershipEnded,
                    path().key("end"),
                    format!("partnership `{id}` is active but ended on {end}"),
                )
                .help =
                    Some("set `status` to `ended` or `under-review`, or extend `end`".to_owned());
            }
            let mut parties = HashSet::default();
            let (mut public, mut commons) = (false, false);
            for (i, party) in partnership.parties.iter().enumerate() {
                if party.actor.is_empty() {
                    continue;
                }
                referenced.insert(party.actor.as_str());
                parties.insert(party.actor.as_str());
                let at = || {
                    path()
                        .key(Nested::Parties.key())
                        .index(i, None)
                        .key("actor")
                };
                if self.reference(at, "actor", &party.actor, actors) {
                    let role = plan.actors[actors[party.actor.as_str()]].role;
                    public |= role == Role::Public;
                    commons |= role.is_commons_side();
                }
            }
            if !(public && commons) {
                let missing = match (public, commons) {
                    (false, false) => {
                        "neither a public party nor a commons, cooperative or association party"
                    }
                    (false, true) => "no public party",
                    _ => "no commons, cooperative or association party",
                };
                self.push(
                    Code::NotPublicCommons,
                    path(),
                    format!("partnership `{id}` has {missing}, so it is not a public-commons partnership"),
                )
                .help = Some("add the missing side under `[[partnerships.parties]]`".to_owned());
            }
            for (i, contribution) in partnership.contributions.iter().enumerate() {
                if contribution.from.is_empty() {
                    continue;
                }
                referenced.insert(contribution.from.as_str());
                let at = || {
                    path()
                        .key(Nested::Contributions.key())
                        .index(i, None)
                        .key("from")
                };
                if self.reference(at, "actor", &contribution.from, actors)
                    && !parties.contains(contribution.from.as_str())
                {
                    self.push(
                        Code::ContributionNotParty,
                        at(),
                        format!(
                            "`{}` contributes to partnership `{id}` but is not one of its parties",
                            contribution.from
                        ),
                    )
                    .help = Some(format!(
                        "add `{}` under `[[partnerships.parties]]`, or correct `from`",
                        contribution.from
                    ));
                }
            }
        }
    }

    fn unreferenced_actors(&mut self, referenced: &HashSet<&str>) {
        let plan = self.plan;
        for (index, actor) in plan.actors.iter().enumerate() {
            if !actor.id.is_empty() && !referenced.contains(actor.id.as_str()) {
                self.push(
                    Code::UnreferencedActor,
                    FieldPath::root()
                        .key(Collection::Actors.key())
                        .index(index, Some(&actor.id)),
                    format!(
                        "actor `{}` is not the owner of a goal nor a party to a partnership",
                        actor.id
                    ),
                )
                .help = Some(
                    "name it as a goal's `owner` or a partnership's party, or remove it".to_owned(),
                );
            }
        }
    }
}
