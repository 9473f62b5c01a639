//! Presentation mode: the plan shown to a room, one slide at a time.
//!
//! [`Presentation`] holds the slides built from the plan and which one is
//! shown. The slides follow the outline the goals screen and the reports
//! share ([`Outline`]): the plan first, then each theme with its goals as a
//! tree (each sub-goal after its parent), then the partnerships in file
//! order. A slide names its item by position, so the list is rebuilt after
//! every edit ([`Presentation::rebuild`]), keeping the slide shown on its
//! item. Keys are carried out in [`super::update`]; slides are drawn by
//! [`super::widgets::slides`].

use crate::edit::ItemPath;
use crate::fields::Collection;
use crate::model::Plan;
use crate::progress::{Outline, PlanProgress};
use crate::text::printable;
use crate::tui::tally::Tally;

/// One slide: what it shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Slide {
    /// The plan: title, vision, progress.
    Plan,
    /// A theme and the goals in it: a section of the outline.
    Theme {
        /// The theme id the goals name; `None` for the goals without one.
        theme: Option<String>,
        /// The position in `plan.themes` of the theme declaring the id.
        declared: Option<usize>,
        /// The top-level goals of the section, by position in `plan.goals`.
        roots: Vec<usize>,
    },
    /// A goal, by position in `plan.goals`, with its depth in the tree.
    Goal {
        /// The goal's position.
        index: usize,
        /// How far below its top-level goal it is (0 at the top).
        depth: usize,
    },
    /// A partnership, by position in `plan.partnerships`.
    Partnership(usize),
}

impl Slide {
    /// The slide's title as written in the plan (not yet sanitised for the
    /// terminal: pass it through [`crate::text::Shown`]).
    pub fn title<'a>(&'a self, plan: &'a Plan) -> &'a str {
        match self {
            Slide::Plan => &plan.plan.title,
            Slide::Theme {
                theme, declared, ..
            } => match (declared, theme) {
                (Some(t), _) => plan.themes.get(*t).map_or("", |t| t.name.as_str()),
                (None, Some(id)) => id,
                (None, None) => "No theme",
            },
            Slide::Goal { index, .. } => plan.goals.get(*index).map_or("", |g| g.title.as_str()),
            Slide::Partnership(index) => plan
                .partnerships
                .get(*index)
                .map_or("", |p| p.title.as_str()),
        }
    }

    /// What kind of slide it is, as the jump list and the slide's corner
    /// name it.
    pub fn kind(&self) -> &'static str {
        match self {
            Slide::Plan => "plan",
            Slide::Theme { .. } => "theme",
            Slide::Goal { .. } => "goal",
            Slide::Partnership(_) => "partnership",
        }
    }

    /// The item whose status the slide can move: a goal or a partnership.
    pub fn item(&self) -> Option<ItemPath> {
        match self {
            Slide::Goal { index, .. } => Some(ItemPath::top(Collection::Goals.key(), *index)),
            Slide::Partnership(index) => {
                Some(ItemPath::top(Collection::Partnerships.key(), *index))
            }
            _ => None,
        }
    }
}

/// The slides of a plan, in presentation order.
pub fn slides(plan: &Plan, progress: &PlanProgress) -> Vec<Slide> {
    let outline = Outline::new(plan, progress);
    let mut slides = Vec::with_capacity(1 + outline.sections().len() + plan.goals.len());
    slides.push(Slide::Plan);
    for section in outline.sections() {
        slides.push(Slide::Theme {
            theme: section.theme.map(str::to_owned),
            declared: section.declared,
            roots: section.roots.clone(),
        });
        slides.extend(
            outline
                .walk(section)
                .map(|(index, depth)| Slide::Goal { index, depth }),
        );
    }
    slides.extend((0..plan.partnerships.len()).map(Slide::Partnership));
    slides
}

/// A capture under way while presenting: what has been asked so far.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Capture {
    /// Dots on `item`: who places them (then how many).
    Vote {
        /// The goal or partnership.
        item: ItemPath,
        /// The participant, once picked.
        participant: Option<String>,
    },
    /// A comment on `item`: author, then text, then stance.
    Comment {
        /// The goal or partnership.
        item: ItemPath,
        /// The author, once picked or typed.
        author: Option<String>,
        /// The text, once typed.
        text: Option<String>,
    },
    /// A decision about `item`: text, then owner, then due date.
    Decision {
        /// The goal or partnership.
        item: ItemPath,
        /// The decision, once typed.
        text: Option<String>,
        /// The owner (an actor id, or none), once picked.
        owner: Option<Option<String>>,
    },
}

/// The presentation under way: its slides and the one shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Presentation {
    /// Every slide, in order.
    pub slides: Vec<Slide>,
    /// The slide shown (a position in `slides`).
    pub current: usize,
    /// The workshop captures go into (a position in `plan.workshops`):
    /// the latest by date when presenting starts, if the plan has one.
    pub workshop: Option<usize>,
    /// Whether the slides show the workshop's tally for their item
    /// (hidden until asked, so earlier dots do not sway later voters).
    pub show_tally: bool,
    /// The capture being asked, step by step.
    pub capture: Option<Capture>,
}

impl Presentation {
    /// A presentation of `plan` starting on the slide of `item` (a goal, a
    /// partnership or a theme), or on the plan's slide.
    pub fn new(plan: &Plan, progress: &PlanProgress, item: Option<&ItemPath>) -> Presentation {
        let slides = slides(plan, progress);
        let current = item
            .and_then(|item| {
                let (collection, index) = item.top_item()?;
                slides.iter().position(|slide| match (collection, slide) {
                    (Collection::Goals, Slide::Goal { index: i, .. }) => *i == index,
                    (Collection::Partnerships, Slide::Partnership(i)) => *i == index,
                    (Collection::Themes, Slide::Theme { declared, .. }) => *declared == Some(index),
                    _ => false,
                })
            })
            .unwrap_or(0);
        Presentation {
            slides,
            current,
            workshop: None,
            show_tally: false,
            capture: None,
        }
    }

    /// The slide shown.
    pub fn slide(&self) -> &Slide {
        &self.slides[self.current.min(self.slides.len() - 1)]
    }

    /// Move by `delta` slides, stopping at the first and the last.
    pub fn move_by(&mut self, delta: isize) {
        let last = self.slides.len().saturating_sub(1);
        self.current = self.current.saturating_add_signed(delta).min(last);
    }

    /// Go to the slide at `position` (clamped to the last).
    pub fn go_to(&mut self, position: usize) {
        self.current = position.min(self.slides.len().saturating_sub(1));
    }

    /// Rebuild the slides after an edit, keeping the one shown on its item
    /// when it is still there, else at the same position.
    pub fn rebuild(&mut self, plan: &Plan, progress: &PlanProgress) {
        let before = self.slide().clone();
        let slides = slides(plan, progress);
        let same = |slide: &Slide| match (&before, slide) {
            (Slide::Goal { index: a, .. }, Slide::Goal { index: b, .. }) => a == b,
            (Slide::Theme { theme: a, .. }, Slide::Theme { theme: b, .. }) => a == b,
            (a, b) => a == b,
        };
        self.current = slides
            .iter()
            .position(same)
            .unwrap_or(self.current.min(slides.len().saturating_sub(1)));
        self.slides = slides;
    }

    /// The jump list's entries, one per slide in order: its kind and its
    /// title, sanitised for the terminal.
    pub fn titles(&self, plan: &Plan) -> Vec<(&'static str, String)> {
        self.slides
            .iter()
            .map(|slide| (slide.kind(), printable(slide.title(plan)).into_owned()))
            .collect()
    }
}

impl Presentation {
    /// The current workshop's tally for the item `id`, as a slide shows it
    /// when asked: `3 dots · rank 2=`, or `no dots` (with the workshop's
    /// id); `None` while the tally is hidden or there is no workshop.
    pub fn tally_of(&self, plan: &Plan, id: &str) -> Option<String> {
        if !self.show_tally {
            return None;
        }
        let workshop = plan.workshops.get(self.workshop?)?;
        let tally = Tally::of(workshop);
        let line = match tally.ranked.iter().find(|r| r.item == id) {
            Some(ranked) if ranked.dots == 1 => format!("1 dot · rank {}", ranked.rank),
            Some(ranked) => format!("{} dots · rank {}", ranked.dots, ranked.rank),
            None => "no dots".to_owned(),
        };
        Some(format!("{line} at {}", printable(&workshop.id)))
    }
}

#[cfg(test)]
mod tests;
