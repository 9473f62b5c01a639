//! What the UI shows, as data: the screens, the orders a list can be
//! sorted in, and the filters on its rows. Both the actions (which screen
//! a number key shows) and the state (which screen is shown) use these.

use crate::fields::Collection;
use crate::model::{GoalStatus, PartnershipStatus, Role};

/// The screens, in the order of their number keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Screen {
    /// Where the plan stands, at a glance.
    Overview,
    /// The goals as a tree, with the selected goal's details.
    Goals,
    /// The public-commons partnerships.
    Partnerships,
    /// The actors.
    Actors,
    /// The themes.
    Themes,
    /// Every diagnostic.
    Problems,
    /// The review workshops: who came, the dots, what was decided.
    Workshops,
}

impl Screen {
    /// Every screen, in order.
    pub const ALL: [Screen; 7] = [
        Screen::Overview,
        Screen::Goals,
        Screen::Partnerships,
        Screen::Actors,
        Screen::Themes,
        Screen::Problems,
        Screen::Workshops,
    ];

    /// The screen's title in the tab bar.
    pub fn title(self) -> &'static str {
        match self {
            Screen::Overview => "Overview",
            Screen::Goals => "Goals",
            Screen::Partnerships => "Partnerships",
            Screen::Actors => "Actors",
            Screen::Themes => "Themes",
            Screen::Problems => "Problems",
            Screen::Workshops => "Workshops",
        }
    }

    /// Its position, 0-based.
    pub fn position(self) -> usize {
        Screen::ALL.iter().position(|s| *s == self).unwrap_or(0)
    }

    /// The next screen, after the last the first.
    pub fn next(self) -> Screen {
        Screen::ALL[(self.position() + 1) % Screen::ALL.len()]
    }

    /// The previous screen, before the first the last.
    pub fn previous(self) -> Screen {
        Screen::ALL[(self.position() + Screen::ALL.len() - 1) % Screen::ALL.len()]
    }

    /// The top-level collection the screen lists.
    pub fn collection(self) -> Option<Collection> {
        match self {
            Screen::Goals => Some(Collection::Goals),
            Screen::Partnerships => Some(Collection::Partnerships),
            Screen::Actors => Some(Collection::Actors),
            Screen::Themes => Some(Collection::Themes),
            Screen::Workshops => Some(Collection::Workshops),
            Screen::Overview | Screen::Problems => None,
        }
    }

    /// The screen that lists `collection`, if one does.
    pub fn listing(collection: Collection) -> Option<Screen> {
        Screen::ALL
            .into_iter()
            .find(|s| s.collection() == Some(collection))
    }

    /// The screen that lists the collection named `key` in an item path.
    pub fn listing_key(key: &str) -> Option<Screen> {
        Screen::listing(key.parse().ok()?)
    }

    /// The orders this screen's list can be sorted in; the first is the file's.
    pub fn sorts(self) -> &'static [Sort] {
        match self {
            Screen::Goals => &[
                Sort::File,
                Sort::Status,
                Sort::TargetYear,
                Sort::Progress,
                Sort::Title,
            ],
            Screen::Partnerships => &[Sort::File, Sort::Status, Sort::Start, Sort::Title],
            Screen::Actors => &[Sort::File, Sort::Title, Sort::Role],
            Screen::Themes => &[Sort::File, Sort::Title, Sort::Progress],
            Screen::Problems => &[Sort::File, Sort::Severity],
            Screen::Workshops => &[Sort::File, Sort::Date, Sort::Title],
            Screen::Overview => &[Sort::File],
        }
    }
}

/// An order for a list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Sort {
    /// As the file has them (for goals: the tree by parent).
    File,
    /// By status, in the order of the status ladder.
    Status,
    /// By target year, goals without one last.
    TargetYear,
    /// By progress, least first.
    Progress,
    /// By title or name.
    Title,
    /// By start date, partnerships without one last.
    Start,
    /// By role.
    Role,
    /// Errors before warnings.
    Severity,
    /// By date, latest first, undated last.
    Date,
}

impl Sort {
    /// How the status bar names it.
    pub fn label(self) -> &'static str {
        match self {
            Sort::File => "file order",
            Sort::Status => "status",
            Sort::TargetYear => "target year",
            Sort::Progress => "progress",
            Sort::Title => "name",
            Sort::Start => "start date",
            Sort::Role => "role",
            Sort::Severity => "severity",
            Sort::Date => "date",
        }
    }
}

/// A condition on the rows of a list.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Filter {
    /// Goals or actors of a theme (by id).
    Theme(String),
    /// Goals of a status.
    GoalStatus(GoalStatus),
    /// Partnerships of a status.
    PartnershipStatus(PartnershipStatus),
    /// Goals owned by an actor (by id).
    Owner(String),
    /// Actors of a role; partnerships with a party of that role.
    Role(Role),
}
