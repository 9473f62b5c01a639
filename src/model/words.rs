//! The closed lists of words of a plan (statuses, roles, instruments,
//! kinds, stances…): one enum per list, each written in a plan file as its
//! word, with the list kept as data so that the loader can suggest the
//! closest word and the help can list them all.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A closed list of words, such as the statuses of a goal. Keeping the list as
/// data lets the loader suggest the closest word and the help list them all.
pub trait Keyword: Copy + Sized + 'static {
    /// Every word, in the order the format page gives them.
    const ALL: &'static [Self];
    /// The same words as written in a plan file.
    const WORDS: &'static [&'static str];
    /// The word as written in a plan file.
    fn as_str(self) -> &'static str;
    /// The word's value, if `text` is one of the words.
    fn parse_keyword(text: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|k| k.as_str() == text)
    }
    /// All words, for messages: "`a`, `b` or `c`".
    fn word_list() -> String {
        let words: Vec<String> = Self::ALL
            .iter()
            .map(|k| format!("`{}`", k.as_str()))
            .collect();
        match words.split_last() {
            Some((last, rest)) if !rest.is_empty() => format!("{} or {}", rest.join(", "), last),
            Some((last, _)) => last.clone(),
            None => String::new(),
        }
    }
}

macro_rules! keyword_enum {
    ($(#[$meta:meta])* $name:ident default $default:ident { $($body:tt)* }) => {
        keyword_enum! { $(#[$meta])* $name { $($body)* } }

        impl Default for $name {
            fn default() -> $name {
                $name::$default
            }
        }
    };
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        pub enum $name {
            $($(#[$vmeta])* #[serde(rename = $text)] $variant),+
        }

        impl Keyword for $name {
            const ALL: &'static [Self] = &[$(Self::$variant),+];
            const WORDS: &'static [&'static str] = &[$($text),+];
            fn as_str(self) -> &'static str {
                match self { $(Self::$variant => $text),+ }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

keyword_enum! {
    /// Where the plan stands as a document.
    PlanStatus default Draft {
        /// Being written.
        Draft = "draft",
        /// Open for public consultation.
        Consultation = "consultation",
        /// Adopted by the council.
        Adopted = "adopted",
        /// Superseded or ended.
        Archived = "archived",
    }
}

keyword_enum! {
    /// The parties of a commons economy.
    Role {
        /// The partner state: city departments, public bodies, the council.
        Public = "public",
        /// Communities that steward a shared resource.
        Commons = "commons",
        /// Cooperatives, including open and platform cooperatives.
        Cooperative = "cooperative",
        /// Generative, mission-driven businesses.
        Enterprise = "enterprise",
        /// For-benefit associations and infrastructure organisations, NGOs.
        Association = "association",
        /// Universities and research labs.
        Academic = "academic",
        /// Anyone else.
        Other = "other",
    }
}

impl Role {
    /// Whether this party brings the commons side to a public-commons
    /// partnership.
    pub fn is_commons_side(self) -> bool {
        matches!(self, Role::Commons | Role::Cooperative | Role::Association)
    }
}

keyword_enum! {
    /// Where a goal stands.
    GoalStatus default Proposed {
        /// An idea, not yet proposed.
        Idea = "idea",
        /// Proposed for the plan.
        Proposed = "proposed",
        /// Adopted, work not started.
        Adopted = "adopted",
        /// Work under way.
        InProgress = "in-progress",
        /// Done.
        Achieved = "achieved",
        /// Given up; left out of every progress figure.
        Dropped = "dropped",
    }
}

keyword_enum! {
    /// How much a goal matters.
    Priority {
        /// Low priority.
        Low = "low",
        /// Medium priority.
        Medium = "medium",
        /// High priority.
        High = "high",
    }
}

keyword_enum! {
    /// The legal or practical form of a partnership.
    Instrument {
        /// A collaboration pact in the Bologna tradition.
        CollaborationPact = "collaboration-pact",
        /// A commons accord.
        CommonsAccord = "commons-accord",
        /// A concession of a public asset.
        Concession = "concession",
        /// A lease of a public asset.
        Lease = "lease",
        /// A grant.
        Grant = "grant",
        /// Public procurement.
        Procurement = "procurement",
        /// Shared ownership.
        CoOwnership = "co-ownership",
        /// Any other agreement.
        Other = "other",
    }
}

keyword_enum! {
    /// Whether a partnership needs the city executive's approval.
    Complexity {
        /// Small acts of care.
        Ordinary = "ordinary",
        /// Needs the city executive's approval.
        Complex = "complex",
    }
}

keyword_enum! {
    /// Where a partnership stands.
    PartnershipStatus default Proposed {
        /// Proposed by one side.
        Proposed = "proposed",
        /// Under negotiation.
        Negotiating = "negotiating",
        /// Signed, not yet running.
        Signed = "signed",
        /// Running.
        Active = "active",
        /// Being evaluated.
        UnderReview = "under-review",
        /// Ran its course.
        Ended = "ended",
        /// Stopped before its end.
        Cancelled = "cancelled",
    }
}

keyword_enum! {
    /// What a party contributes to a partnership.
    ContributionKind {
        /// Money.
        Money = "money",
        /// Space: rooms, buildings, land.
        Space = "space",
        /// Paid staff time.
        StaffTime = "staff-time",
        /// Volunteer time.
        VolunteerTime = "volunteer-time",
        /// Equipment lent or given.
        Equipment = "equipment",
        /// Materials.
        Materials = "materials",
        /// Knowledge and skills.
        Knowledge = "knowledge",
        /// Data.
        Data = "data",
        /// Anything else.
        Other = "other",
    }
}

keyword_enum! {
    /// How often a contribution recurs.
    Period default Once {
        /// Once.
        Once = "once",
        /// Every month (twelve times a year in totals).
        Month = "month",
        /// Every year.
        Year = "year",
    }
}

keyword_enum! {
    /// Where the speaker of a comment stands on the item.
    Stance {
        /// In favour.
        For = "for",
        /// Opposed.
        Against = "against",
        /// Neither for nor against.
        Neutral = "neutral",
    }
}
