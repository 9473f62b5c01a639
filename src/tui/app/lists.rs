//! The rows of each screen's list: what search, filter and sort leave of
//! a collection, the goals as a tree grouped by theme, and the cursor over
//! them ([`ListView`]). The filters a screen offers are here too.

use crate::diagnostic::Severity;
use crate::model::{GoalStatus, Keyword, PartnershipStatus, Plan, Role};
use crate::progress::{Outline, PlanProgress};
use crate::text::Shown;
use crate::tui::app::App;
use crate::tui::screen::{Filter, Screen, Sort};

/// One row of a screen's list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Row {
    /// A heading between groups (a theme on the goals screen); not selectable.
    Heading(Shown),
    /// An item, by its position in its collection (or in the diagnostics),
    /// with its depth in the goal tree.
    Item {
        /// Position in the collection.
        index: usize,
        /// Depth below its top-level goal (0 elsewhere).
        depth: usize,
    },
}

/// Which pane has the keyboard.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    /// The list.
    List,
    /// The selected item's details.
    Detail,
}

/// What a screen shows and where its cursor is.
#[derive(Debug, Clone)]
pub struct ListView {
    /// The rows, after search, filter and sort.
    pub rows: Vec<Row>,
    /// The selected row (a position in `rows`).
    pub selected: usize,
    /// The first row on screen, kept by `update` so that the selection is
    /// visible; rendering reads it and never writes it.
    pub offset: usize,
    /// The selected line of the details pane.
    pub detail_selected: usize,
    /// The first line of the details pane on screen, kept like `offset`.
    pub detail_offset: usize,
    /// The sort in force.
    pub sort: Sort,
    /// The filter in force.
    pub filter: Option<Filter>,
}

impl ListView {
    pub(super) fn new() -> ListView {
        ListView {
            rows: Vec::new(),
            selected: 0,
            offset: 0,
            detail_selected: 0,
            detail_offset: 0,
            sort: Sort::File,
            filter: None,
        }
    }

    /// The position in its collection of the selected item.
    pub fn selected_index(&self) -> Option<usize> {
        match self.rows.get(self.selected)? {
            Row::Item { index, .. } => Some(*index),
            Row::Heading(_) => None,
        }
    }

    /// Select the row of item `index`, if it is listed.
    pub fn select_index(&mut self, index: usize) -> bool {
        match self
            .rows
            .iter()
            .position(|r| matches!(r, Row::Item { index: i, .. } if *i == index))
        {
            Some(position) => {
                self.selected = position;
                true
            }
            None => false,
        }
    }

    /// Move the selection by `delta` rows, skipping headings, within bounds.
    pub fn move_by(&mut self, delta: isize) {
        if self.rows.is_empty() {
            self.selected = 0;
            return;
        }
        let last = self.rows.len() as isize - 1;
        let start = (self.selected as isize + delta).clamp(0, last);
        let is_item = |i: isize| matches!(self.rows[i as usize], Row::Item { .. });
        let step = if delta < 0 { -1 } else { 1 };
        // The nearest item that way; at the end of the list, the nearest
        // item the other way.
        let mut target = start;
        while (0..=last).contains(&target) && !is_item(target) {
            target += step;
        }
        if !(0..=last).contains(&target) {
            target = start;
            while (0..=last).contains(&target) && !is_item(target) {
                target -= step;
            }
        }
        if (0..=last).contains(&target) {
            self.selected = target as usize;
        }
        self.detail_selected = 0;
    }
}

impl App {
    pub(super) fn rows_for(&self, screen: Screen) -> Vec<Row> {
        let plan = self.plan();
        let list = &self.lists[screen.position()];
        let needle = self.search.to_lowercase();
        match screen {
            Screen::Overview => Vec::new(),
            Screen::Goals => goal_rows(
                plan,
                &self.derived.progress,
                list.sort,
                list.filter.as_ref(),
                &needle,
            ),
            Screen::Partnerships => {
                let mut indices: Vec<usize> = (0..plan.partnerships.len())
                    .filter(|&i| {
                        let p = &plan.partnerships[i];
                        let filtered = match list.filter.as_ref() {
                            Some(Filter::PartnershipStatus(status)) => p.status == *status,
                            Some(Filter::Role(role)) => p.parties.iter().any(|party| {
                                plan.actor(&party.actor).is_some_and(|a| a.role == *role)
                            }),
                            _ => true,
                        };
                        filtered
                            && matches(
                                &needle,
                                [
                                    Some(p.id.as_str()),
                                    Some(p.title.as_str()),
                                    p.description.as_deref(),
                                    p.resource.as_deref(),
                                ],
                            )
                    })
                    .collect();
                match list.sort {
                    Sort::Status => indices.sort_by_key(|&i| plan.partnerships[i].status),
                    Sort::Start => indices.sort_by_key(|&i| {
                        let start = plan.partnerships[i].start;
                        (start.is_none(), start)
                    }),
                    Sort::Title => {
                        indices.sort_by_cached_key(|&i| plan.partnerships[i].title.to_lowercase())
                    }
                    _ => {}
                }
                items(indices)
            }
            Screen::Actors => {
                let mut indices: Vec<usize> = (0..plan.actors.len())
                    .filter(|&i| {
                        let a = &plan.actors[i];
                        let filtered = match list.filter.as_ref() {
                            Some(Filter::Role(role)) => a.role == *role,
                            Some(Filter::Theme(theme)) => a.theme.as_deref() == Some(theme),
                            _ => true,
                        };
                        filtered
                            && matches(
                                &needle,
                                [
                                    Some(a.id.as_str()),
                                    Some(a.name.as_str()),
                                    a.description.as_deref(),
                                ],
                            )
                    })
                    .collect();
                match list.sort {
                    Sort::Title => {
                        indices.sort_by_cached_key(|&i| plan.actors[i].name.to_lowercase())
                    }
                    Sort::Role => indices.sort_by_key(|&i| plan.actors[i].role),
                    _ => {}
                }
                items(indices)
            }
            Screen::Themes => {
                let mut indices: Vec<usize> = (0..plan.themes.len())
                    .filter(|&i| {
                        let t = &plan.themes[i];
                        matches(
                            &needle,
                            [
                                Some(t.id.as_str()),
                                Some(t.name.as_str()),
                                t.description.as_deref(),
                            ],
                        )
                    })
                    .collect();
                match list.sort {
                    Sort::Title => {
                        indices.sort_by_cached_key(|&i| plan.themes[i].name.to_lowercase())
                    }
                    Sort::Progress => indices.sort_by(|&a, &b| {
                        let progress = |i: usize| {
                            self.derived
                                .progress
                                .theme(Some(&plan.themes[i].id))
                                .unwrap_or(-1.0)
                        };
                        progress(a).total_cmp(&progress(b))
                    }),
                    _ => {}
                }
                items(indices)
            }
            Screen::Workshops => {
                let mut indices: Vec<usize> = (0..plan.workshops.len())
                    .filter(|&i| {
                        let w = &plan.workshops[i];
                        matches(
                            &needle,
                            [
                                Some(w.id.as_str()),
                                Some(w.title.as_str()),
                                w.facilitator.as_deref(),
                                w.location.as_deref(),
                                w.notes.as_deref(),
                            ],
                        )
                    })
                    .collect();
                match list.sort {
                    Sort::Title => {
                        indices.sort_by_cached_key(|&i| plan.workshops[i].title.to_lowercase())
                    }
                    Sort::Date => indices.sort_by_key(|&i| {
                        let date = plan.workshops[i].date;
                        (date.is_none(), std::cmp::Reverse(date))
                    }),
                    _ => {}
                }
                items(indices)
            }
            Screen::Problems => {
                let diagnostics = self.session.document().diagnostics();
                let mut indices: Vec<usize> = (0..diagnostics.len())
                    .filter(|&i| {
                        let d = &diagnostics[i];
                        matches(&needle, [Some(d.message.as_str()), Some(d.code.as_str())])
                    })
                    .collect();
                if list.sort == Sort::Severity {
                    indices.sort_by_key(|&i| diagnostics[i].severity() != Severity::Error);
                }
                items(indices)
            }
        }
    }

    /// The filters that make sense on the screen shown, with their labels.
    pub fn filter_choices(&self) -> Vec<(String, Filter)> {
        let plan = self.plan();
        let mut choices = Vec::new();
        let themes = || {
            plan.themes
                .iter()
                .map(|t| (format!("theme: {}", t.name), Filter::Theme(t.id.clone())))
        };
        let roles = || {
            Role::ALL
                .iter()
                .map(|r| (format!("role: {}", r.as_str()), Filter::Role(*r)))
        };
        match self.screen {
            Screen::Goals => {
                choices.extend(themes());
                choices.extend(
                    GoalStatus::ALL
                        .iter()
                        .map(|s| (format!("status: {}", s.as_str()), Filter::GoalStatus(*s))),
                );
                choices.extend(
                    plan.actors
                        .iter()
                        .map(|a| (format!("owner: {}", a.name), Filter::Owner(a.id.clone()))),
                );
            }
            Screen::Partnerships => {
                choices.extend(PartnershipStatus::ALL.iter().map(|s| {
                    (
                        format!("status: {}", s.as_str()),
                        Filter::PartnershipStatus(*s),
                    )
                }));
                choices.extend(roles().map(|(label, f)| (format!("party {label}"), f)));
            }
            Screen::Actors => {
                choices.extend(roles());
                choices.extend(themes());
            }
            _ => {}
        }
        choices
    }
}

fn items(indices: Vec<usize>) -> Vec<Row> {
    indices
        .into_iter()
        .map(|index| Row::Item { index, depth: 0 })
        .collect()
}

/// Whether any of `texts` contains `needle` (already lower case), ignoring case.
fn matches<'a>(needle: &str, texts: impl IntoIterator<Item = Option<&'a str>>) -> bool {
    needle.is_empty()
        || texts
            .into_iter()
            .flatten()
            .any(|text| text.to_lowercase().contains(needle))
}

/// The goals screen's rows: the plan's [`Outline`] — a heading per theme
/// (in the order of `[[themes]]`, then themes named but not declared, then
/// goals without one), each theme's goals a tree by parent. With a search or
/// filter, matching goals are listed with their ancestors so the tree stays
/// readable; a theme with nothing to show has no heading.
fn goal_rows(
    plan: &Plan,
    progress: &PlanProgress,
    sort: Sort,
    filter: Option<&Filter>,
    needle: &str,
) -> Vec<Row> {
    let goals = &plan.goals;
    let mut outline = Outline::new(plan, progress);
    if sort != Sort::File {
        outline.sort_by_key(|i| -> (u8, i64, String) {
            let goal = &goals[i];
            match sort {
                Sort::Status => (0, goal.status as i64, String::new()),
                Sort::TargetYear => (
                    u8::from(goal.target_year.is_none()),
                    goal.target_year.unwrap_or(0),
                    String::new(),
                ),
                Sort::Progress => (0, (progress.goal(i) * 1_000_000.0) as i64, String::new()),
                Sort::Title => (0, 0, goal.title.to_lowercase()),
                _ => (0, 0, String::new()),
            }
        });
    }
    // Which goals pass; with a condition, their ancestors are kept too.
    let searching = !needle.is_empty() || filter.is_some();
    let passes = |i: usize| {
        let goal = &goals[i];
        let filtered = match filter {
            Some(Filter::Theme(theme)) => goal.theme.as_deref() == Some(theme),
            Some(Filter::GoalStatus(status)) => goal.status == *status,
            Some(Filter::Owner(owner)) => goal.owner.as_deref() == Some(owner),
            _ => true,
        };
        filtered
            && matches(
                needle,
                [
                    Some(goal.id.as_str()),
                    Some(goal.title.as_str()),
                    goal.description.as_deref(),
                ],
            )
    };
    let mut shown = vec![!searching; goals.len()];
    if searching {
        for i in 0..goals.len() {
            if passes(i) {
                let mut g = Some(i);
                while let Some(x) = g {
                    if shown[x] && x != i {
                        break;
                    }
                    shown[x] = true;
                    g = progress.counts_under(x);
                }
            }
        }
    }
    let mut rows = Vec::with_capacity(goals.len() + outline.sections().len());
    for section in outline.sections() {
        if !section.roots.iter().any(|&r| shown[r]) {
            continue;
        }
        rows.push(Row::Heading(Shown::line(section.name(plan))));
        rows.extend(
            outline
                .walk(section)
                .filter(|&(goal, _)| shown[goal])
                .map(|(index, depth)| Row::Item { index, depth }),
        );
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::PlanDocument;
    use crate::model::Date;

    fn plan(text: &str) -> Plan {
        PlanDocument::load(text.as_bytes(), Date::new(2026, 1, 1).unwrap())
            .unwrap()
            .plan()
            .clone()
    }

    #[test]
    fn goals_are_a_tree_grouped_by_theme() {
        let plan = plan(
            "format = 1\n[plan]\ncity = \"C\"\ntitle = \"T\"\n\
             [[themes]]\nid = \"food\"\nname = \"Food\"\n\
             [[goals]]\nid = \"a\"\ntitle = \"A\"\n\
             [[goals]]\nid = \"b\"\ntitle = \"B\"\ntheme = \"food\"\n\
             [[goals]]\nid = \"c\"\ntitle = \"C\"\nparent = \"b\"\n\
             [[goals]]\nid = \"d\"\ntitle = \"D\"\nparent = \"d\"\n",
        );
        let progress = PlanProgress::compute(&plan);
        let rows = goal_rows(&plan, &progress, Sort::File, None, "");
        assert_eq!(
            rows,
            vec![
                Row::Heading(Shown::line("Food")),
                Row::Item { index: 1, depth: 0 },
                Row::Item { index: 2, depth: 1 },
                Row::Heading(Shown::line("No theme")),
                Row::Item { index: 0, depth: 0 },
                Row::Item { index: 3, depth: 0 },
            ]
        );
        // A search keeps the ancestors of what it finds.
        let rows = goal_rows(&plan, &progress, Sort::File, None, "c");
        assert_eq!(
            rows,
            vec![
                Row::Heading(Shown::line("Food")),
                Row::Item { index: 1, depth: 0 },
                Row::Item { index: 2, depth: 1 },
            ]
        );
    }

    #[test]
    fn a_parent_cycle_hangs_from_its_first_goal() {
        let plan = plan(
            "format = 1\n[plan]\ncity = \"C\"\ntitle = \"T\"\n\
             [[goals]]\nid = \"x\"\ntitle = \"X\"\nparent = \"z\"\n\
             [[goals]]\nid = \"y\"\ntitle = \"Y\"\nparent = \"x\"\n\
             [[goals]]\nid = \"z\"\ntitle = \"Z\"\nparent = \"y\"\n",
        );
        let progress = PlanProgress::compute(&plan);
        let rows = goal_rows(&plan, &progress, Sort::File, None, "");
        assert_eq!(
            rows,
            vec![
                Row::Heading(Shown::line("No theme")),
                Row::Item { index: 0, depth: 0 },
                Row::Item { index: 1, depth: 1 },
                Row::Item { index: 2, depth: 2 },
            ]
        );
        // A search from the deepest goal ends at the cycle's first goal.
        let rows = goal_rows(&plan, &progress, Sort::File, None, "z");
        assert_eq!(rows.len(), 4);
    }

    #[test]
    fn themes_no_theme_declares_come_in_the_order_goals_first_name_them() {
        // The sub-goal `c` names `x` before any goal names `y`: `x` comes
        // first, as in the reports' outline, though its top-level goal `q`
        // is after `p` in the file.
        let plan = plan(
            "format = 1\n[plan]\ncity = \"C\"\ntitle = \"T\"\n\
             [[goals]]\nid = \"c\"\ntitle = \"C\"\nparent = \"q\"\ntheme = \"x\"\n\
             [[goals]]\nid = \"p\"\ntitle = \"P\"\ntheme = \"y\"\n\
             [[goals]]\nid = \"q\"\ntitle = \"Q\"\ntheme = \"x\"\n",
        );
        let progress = PlanProgress::compute(&plan);
        let rows = goal_rows(&plan, &progress, Sort::File, None, "");
        assert_eq!(
            rows,
            vec![
                Row::Heading(Shown::line("x")),
                Row::Item { index: 2, depth: 0 },
                Row::Item { index: 0, depth: 1 },
                Row::Heading(Shown::line("y")),
                Row::Item { index: 1, depth: 0 },
            ]
        );
    }

    #[test]
    fn moving_skips_headings() {
        let mut list = ListView::new();
        list.rows = vec![
            Row::Heading(Shown::line("x")),
            Row::Item { index: 0, depth: 0 },
            Row::Heading(Shown::line("y")),
            Row::Item { index: 1, depth: 0 },
        ];
        list.selected = 0;
        list.move_by(0);
        assert_eq!(list.selected, 1);
        list.move_by(1);
        assert_eq!(list.selected, 3);
        list.move_by(1);
        assert_eq!(list.selected, 3);
        list.move_by(-1);
        assert_eq!(list.selected, 1);
        list.move_by(-1);
        assert_eq!(list.selected, 1);
    }
}
