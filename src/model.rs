//! The plan as plain data: format 1 of `docs/format.md`, one struct per table
//! and one enum per closed list of words.
//!
//! This module owns the vocabulary of a plan and nothing else: it knows no
//! TOML document, no terminal and no command line. Optional keys that have a
//! default in the format (a goal's `status`, a contribution's `per`, …) hold
//! the default once loaded, so every reader sees one value. The serde derives
//! describe the file as written and serve the JSON export; the keys, their
//! meaning and the JSON Schema are `fields`' (tests hold the serde names to
//! it); the loader in `document` builds these types itself so that it can
//! report every problem with its place in the file.

use serde::{Deserialize, Serialize};

mod date;
mod words;

pub use date::Date;
pub use words::*;

/// The newest plan format this program reads and writes.
pub const FORMAT_VERSION: i64 = 1;

/// A whole plan file.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Plan {
    /// The plan format version; this program reads format 1.
    pub format: i64,
    /// What the plan is: city, title, period, vision.
    pub plan: PlanInfo,
    /// The transition domains: food, energy, housing…
    #[serde(default)]
    pub themes: Vec<Theme>,
    /// Everyone who takes part.
    #[serde(default)]
    pub actors: Vec<Actor>,
    /// What the plan sets out to achieve.
    #[serde(default)]
    pub goals: Vec<Goal>,
    /// Public-commons partnerships.
    #[serde(default)]
    pub partnerships: Vec<Partnership>,
    /// Review sessions and dot voting.
    #[serde(default)]
    pub workshops: Vec<Workshop>,
}

fn default_currency() -> String {
    "EUR".to_owned()
}

/// The `[plan]` table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanInfo {
    /// The city or territory.
    pub city: String,
    /// The plan's title.
    pub title: String,
    /// ISO 3166-1 alpha-2 code, e.g. "BE".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// Where the plan stands as a document.
    #[serde(default = "PlanStatus::default")]
    pub status: PlanStatus,
    /// First year of the plan's period.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_year: Option<i64>,
    /// Last year of the plan's period.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_year: Option<i64>,
    /// Last substantive revision.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated: Option<Date>,
    /// Who wrote the plan.
    #[serde(default)]
    pub authors: Vec<String>,
    /// ISO 4217 code used for money amounts.
    #[serde(default = "default_currency")]
    pub currency: String,
    /// The plan's vision statement.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vision: Option<String>,
    /// Background, diagnosis, barriers found.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub context: Option<String>,
}

impl Default for PlanInfo {
    fn default() -> PlanInfo {
        PlanInfo {
            city: String::new(),
            title: String::new(),
            country: None,
            status: PlanStatus::default(),
            start_year: None,
            end_year: None,
            updated: None,
            authors: Vec::new(),
            currency: default_currency(),
            vision: None,
            context: None,
        }
    }
}

/// A transition domain: `[[themes]]`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Theme {
    /// A short slug: a-z, 0-9 and `-`.
    pub id: String,
    /// The theme's name.
    pub name: String,
    /// What the theme covers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// Someone who takes part: `[[actors]]`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Actor {
    /// A short slug: a-z, 0-9 and `-`.
    pub id: String,
    /// The actor's name.
    pub name: String,
    /// The actor's place in a commons economy.
    pub role: Role,
    /// Who they are and what they do.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Main theme (a theme id), for commons initiatives.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub theme: Option<String>,
    /// Founding year.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub since: Option<i64>,
    /// People involved.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub members: Option<i64>,
    /// Web site, `http` or `https` only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

impl Default for Actor {
    fn default() -> Actor {
        Actor {
            id: String::new(),
            name: String::new(),
            role: Role::Other,
            description: None,
            theme: None,
            since: None,
            members: None,
            url: None,
        }
    }
}

/// What the plan sets out to achieve: `[[goals]]`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Goal {
    /// A short slug: a-z, 0-9 and `-`; shared with partnership ids.
    pub id: String,
    /// The goal in one line.
    pub title: String,
    /// A theme id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub theme: Option<String>,
    /// The id of the goal this one serves (a sub-goal).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
    /// Where the goal stands.
    #[serde(default = "GoalStatus::default")]
    pub status: GoalStatus,
    /// How much the goal matters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub priority: Option<Priority>,
    /// The responsible body (an actor id).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    /// The year the goal should be reached.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_year: Option<i64>,
    /// Budget, in the plan's currency.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub budget: Option<f64>,
    /// Weight in progress roll-ups, greater than 0.
    #[serde(default = "default_weight")]
    pub weight: f64,
    /// Free tags.
    #[serde(default)]
    pub tags: Vec<String>,
    /// What the goal means and why.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// How progress is measured.
    #[serde(default)]
    pub indicators: Vec<Indicator>,
    /// Dated steps.
    #[serde(default)]
    pub milestones: Vec<Milestone>,
    /// Review notes from workshops.
    #[serde(default)]
    pub comments: Vec<Comment>,
}

fn default_weight() -> f64 {
    1.0
}

impl Default for Goal {
    fn default() -> Goal {
        Goal {
            id: String::new(),
            title: String::new(),
            theme: None,
            parent: None,
            status: GoalStatus::default(),
            priority: None,
            owner: None,
            target_year: None,
            budget: None,
            weight: default_weight(),
            tags: Vec::new(),
            description: None,
            indicators: Vec::new(),
            milestones: Vec::new(),
            comments: Vec::new(),
        }
    }
}

/// How progress toward a goal is measured: `[[goals.indicators]]`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Indicator {
    /// What is counted.
    pub name: String,
    /// Unit: "households", "tCO2e", "%"…
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// The value at the start.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub baseline: Option<f64>,
    /// The year of the baseline.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub baseline_year: Option<i64>,
    /// The value aimed for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<f64>,
    /// The year of the target; the goal's when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_year: Option<i64>,
    /// Means of verification.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Values measured, in any order; the latest is the current value.
    #[serde(default)]
    pub measurements: Vec<Measurement>,
}

/// One value of an indicator at a date.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Measurement {
    /// When it was measured.
    pub date: Date,
    /// What was measured.
    pub value: f64,
}

/// A dated step: `[[goals.milestones]]`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Milestone {
    /// What is to be done.
    pub title: String,
    /// When it is due.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due: Option<Date>,
    /// Whether it is done.
    #[serde(default)]
    pub done: bool,
    /// An id unique within its goal, which keeps the milestone's calendar
    /// event the same when milestones are added, removed or reordered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
}

/// A review note: `[[goals.comments]]` and `[[partnerships.comments]]`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Comment {
    /// Who said it.
    pub author: String,
    /// What was said.
    pub text: String,
    /// When.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<Date>,
    /// Whether it has been dealt with.
    #[serde(default)]
    pub resolved: bool,
    /// Where the speaker stands on the item.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stance: Option<Stance>,
    /// The id of the workshop where it was said.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub workshop: Option<String>,
}

/// A public-commons partnership: `[[partnerships]]`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Partnership {
    /// A short slug: a-z, 0-9 and `-`; shared with goal ids.
    pub id: String,
    /// The partnership in one line.
    pub title: String,
    /// The legal or practical form.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instrument: Option<Instrument>,
    /// Ordinary (small acts of care) or complex (needs the executive).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub complexity: Option<Complexity>,
    /// Where the partnership stands.
    #[serde(default = "PartnershipStatus::default")]
    pub status: PartnershipStatus,
    /// The common good concerned.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource: Option<String>,
    /// The goals this partnership serves (goal ids).
    #[serde(default)]
    pub goals: Vec<String>,
    /// When it starts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<Date>,
    /// When it ends.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<Date>,
    /// Next evaluation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub review: Option<Date>,
    /// What the partnership sets out to do.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub objectives: Option<String>,
    /// Who decides what, and the responsibilities of each side.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub governance: Option<String>,
    /// How it is evaluated and made public.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evaluation: Option<String>,
    /// Anything else worth saying.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The signatories.
    #[serde(default)]
    pub parties: Vec<Party>,
    /// The contribution ledger.
    #[serde(default)]
    pub contributions: Vec<Contribution>,
    /// Review notes from workshops.
    #[serde(default)]
    pub comments: Vec<Comment>,
}

/// A signatory of a partnership: `[[partnerships.parties]]`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Party {
    /// The actor's id.
    pub actor: String,
    /// What this party commits to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub commitments: Option<String>,
}

/// One line of the contribution ledger: `[[partnerships.contributions]]`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Contribution {
    /// The contributing actor's id; must be a party of the partnership.
    pub from: String,
    /// What is contributed.
    pub kind: ContributionKind,
    /// How much.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<f64>,
    /// Unit: "EUR", "hours", "m2"…; money defaults to the plan's currency.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// How often.
    #[serde(default = "Period::default")]
    pub per: Period,
    /// What exactly.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

impl Default for Contribution {
    fn default() -> Contribution {
        Contribution {
            from: String::new(),
            kind: ContributionKind::Other,
            amount: None,
            unit: None,
            per: Period::default(),
            description: None,
        }
    }
}

/// A review session with dot voting: `[[workshops]]`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Workshop {
    /// A short slug: a-z, 0-9 and `-`.
    pub id: String,
    /// The session's title.
    pub title: String,
    /// When it took place.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<Date>,
    /// Who ran it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub facilitator: Option<String>,
    /// Who took part.
    #[serde(default)]
    pub participants: Vec<String>,
    /// Dots each participant may place.
    #[serde(default = "default_dots")]
    pub dots: i64,
    /// Where it took place.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    /// The facilitator's record.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
    /// The dots placed.
    #[serde(default)]
    pub votes: Vec<Vote>,
    /// What the room decided.
    #[serde(default)]
    pub decisions: Vec<Decision>,
}

fn default_dots() -> i64 {
    5
}

impl Default for Workshop {
    fn default() -> Workshop {
        Workshop {
            id: String::new(),
            title: String::new(),
            date: None,
            facilitator: None,
            participants: Vec::new(),
            dots: default_dots(),
            location: None,
            notes: None,
            votes: Vec::new(),
            decisions: Vec::new(),
        }
    }
}

/// Dots a participant placed on a goal or partnership.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Vote {
    /// Who placed them.
    pub participant: String,
    /// A goal or partnership id.
    pub item: String,
    /// How many dots.
    pub dots: i64,
}

impl Default for Vote {
    /// One dot, the smallest vote: what a vote whose `dots` could not be read
    /// stands as, so that it adds no second complaint.
    fn default() -> Vote {
        Vote {
            participant: String::new(),
            item: String::new(),
            dots: 1,
        }
    }
}

/// What the room decided: `[[workshops.decisions]]`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Decision {
    /// The decision, in the room's words.
    pub text: String,
    /// The goal or partnership it is about (an id).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item: Option<String>,
    /// Who carries it out (an actor id).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    /// By when.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due: Option<Date>,
}

/// Whether `text` is a well-formed id: 1 to 64 characters of `a-z`, `0-9`
/// and `-`, starting with a letter or digit.
pub fn is_valid_id(text: &str) -> bool {
    let bytes = text.as_bytes();
    (1..=64).contains(&bytes.len())
        && bytes[0] != b'-'
        && bytes
            .iter()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || *b == b'-')
}

impl Plan {
    /// The actor with this id.
    pub fn actor(&self, id: &str) -> Option<&Actor> {
        self.actors.iter().find(|a| a.id == id)
    }

    /// The goal with this id.
    pub fn goal(&self, id: &str) -> Option<&Goal> {
        self.goals.iter().find(|g| g.id == id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids() {
        assert!(is_valid_id("food-1"));
        assert!(is_valid_id("1st"));
        assert!(!is_valid_id(""));
        assert!(!is_valid_id("-x"));
        assert!(!is_valid_id("Food"));
        assert!(!is_valid_id("a_b"));
        assert!(is_valid_id(&"a".repeat(64)));
        assert!(!is_valid_id(&"a".repeat(65)));
    }

    #[test]
    fn dates() {
        assert_eq!(
            "2024-02-29".parse::<Date>().unwrap().to_string(),
            "2024-02-29"
        );
        assert!("2023-02-29".parse::<Date>().is_err());
        assert!("2023-2-1".parse::<Date>().is_err());
        assert!(Date::new(2020, 1, 1) < Date::new(2020, 1, 2));
        assert_eq!(Date::from_days_since_epoch(0).to_string(), "1970-01-01");
        assert_eq!(
            Date::from_days_since_epoch(20_411).to_string(),
            "2025-11-19"
        );
        assert_eq!(
            Date::from_days_since_epoch(11_016).to_string(),
            "2000-02-29"
        );
    }

    #[test]
    fn keywords() {
        assert_eq!(
            GoalStatus::parse_keyword("in-progress"),
            Some(GoalStatus::InProgress)
        );
        assert_eq!(GoalStatus::parse_keyword("done"), None);
        assert_eq!(Priority::word_list(), "`low`, `medium` or `high`");
    }
}
