//! The outline of a plan's goals as people read them: a section per theme,
//! and in each section the goals as a tree by `parent`, each sub-goal after
//! its parent.
//!
//! The tree is the one the progress figures roll up
//! ([`PlanProgress::counts_under`]): a goal whose parent names no goal is at
//! the top, and a parent cycle is cut at the link the roll-up leaves out, so
//! every goal is in the outline exactly once. A goal is in the section of its
//! top-level goal's theme. Sections come in the order of
//! [`goals_by_theme`](super::goals_by_theme): the declared themes as the
//! plan lists them, then theme ids that goals name but no theme declares,
//! then the goals without a theme. The reports and the goals screen both show
//! this outline; each view picks the sections it shows.

use std::collections::HashMap;

use super::{PlanProgress, goals_by_theme};
use crate::model::Plan;

/// The goals of a plan by theme, each theme's as a tree.
#[derive(Debug, Clone)]
pub struct Outline<'p> {
    sections: Vec<Section<'p>>,
    children: Vec<Vec<usize>>,
}

/// One theme's part of the outline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section<'p> {
    /// The theme id the goals name; `None` for the goals without a theme.
    pub theme: Option<&'p str>,
    /// The position in `plan.themes` of the theme declared with that id
    /// (the first, if two share it); `None` when no theme declares it.
    pub declared: Option<usize>,
    /// The top-level goals of the section, by position in `plan.goals`, in
    /// file order unless sorted.
    pub roots: Vec<usize>,
}

impl Section<'_> {
    /// The section's heading as written in the plan: the declared theme's
    /// name, the id no theme declares, or "No theme". Not sanitised: pass it
    /// through `text::printable` before showing it.
    pub fn name<'a>(&'a self, plan: &'a Plan) -> &'a str {
        match (self.declared, self.theme) {
            (Some(t), _) => &plan.themes[t].name,
            (None, Some(id)) => id,
            (None, None) => "No theme",
        }
    }
}

impl<'p> Outline<'p> {
    /// The outline of `plan`, whose figures `progress` holds, in time
    /// proportional to its goals and themes.
    pub fn new(plan: &'p Plan, progress: &PlanProgress) -> Outline<'p> {
        let goals = &plan.goals;
        let mut children: Vec<Vec<usize>> = vec![Vec::new(); goals.len()];
        let mut roots = Vec::new();
        for index in 0..goals.len() {
            match progress.counts_under(index) {
                Some(parent) => children[parent].push(index),
                None => roots.push(index),
            }
        }
        let mut declared: HashMap<&str, usize> = HashMap::with_capacity(plan.themes.len());
        for (index, theme) in plan.themes.iter().enumerate() {
            declared.entry(theme.id.as_str()).or_insert(index);
        }
        let order = goals_by_theme(plan);
        let mut section_of: HashMap<Option<&str>, usize> = HashMap::with_capacity(order.len());
        let mut sections: Vec<Section<'p>> = Vec::with_capacity(order.len());
        for (theme, _) in order {
            section_of.insert(theme, sections.len());
            sections.push(Section {
                theme,
                declared: theme.and_then(|id| declared.get(id).copied()),
                roots: Vec::new(),
            });
        }
        for root in roots {
            let section = section_of[&goals[root].theme.as_deref()];
            sections[section].roots.push(root);
        }
        Outline { sections, children }
    }

    /// The sections, every declared theme's included, empty or not.
    pub fn sections(&self) -> &[Section<'p>] {
        &self.sections
    }

    /// The sub-goals of the goal at `goal` that count under it.
    pub fn children(&self, goal: usize) -> &[usize] {
        &self.children[goal]
    }

    /// Order the top-level goals of each section, and the sub-goals of each
    /// goal, by `key` of their position (a stable sort: ties keep file order).
    pub fn sort_by_key<K: Ord>(&mut self, mut key: impl FnMut(usize) -> K) {
        for section in &mut self.sections {
            section.roots.sort_by_cached_key(|&g| key(g));
        }
        for list in &mut self.children {
            list.sort_by_cached_key(|&g| key(g));
        }
    }

    /// The goals of `section` depth first, each after its parent, with its
    /// depth below its top-level goal (0 at the top).
    pub fn walk<'a>(&'a self, section: &'a Section<'p>) -> Walk<'a> {
        Walk {
            children: &self.children,
            stack: section.roots.iter().rev().map(|&r| (r, 0)).collect(),
        }
    }
}

/// The goals of a section depth first: see [`Outline::walk`].
#[derive(Debug, Clone)]
pub struct Walk<'a> {
    children: &'a [Vec<usize>],
    stack: Vec<(usize, usize)>,
}

impl Iterator for Walk<'_> {
    /// A goal's position in `plan.goals` and its depth.
    type Item = (usize, usize);

    fn next(&mut self) -> Option<(usize, usize)> {
        let (goal, depth) = self.stack.pop()?;
        self.stack
            .extend(self.children[goal].iter().rev().map(|&c| (c, depth + 1)));
        Some((goal, depth))
    }
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
    fn themes_then_unknown_themes_then_none_each_a_tree() {
        let plan = plan(
            "format = 1\n[plan]\ncity = \"C\"\ntitle = \"T\"\n\
             [[themes]]\nid = \"food\"\nname = \"Food\"\n\
             [[themes]]\nid = \"empty\"\nname = \"Empty\"\n\
             [[goals]]\nid = \"a\"\ntitle = \"A\"\n\
             [[goals]]\nid = \"b\"\ntitle = \"B\"\ntheme = \"food\"\n\
             [[goals]]\nid = \"c\"\ntitle = \"C\"\nparent = \"b\"\n\
             [[goals]]\nid = \"d\"\ntitle = \"D\"\nparent = \"e\"\ntheme = \"x\"\n\
             [[goals]]\nid = \"e\"\ntitle = \"E\"\nparent = \"d\"\n\
             [[goals]]\nid = \"f\"\ntitle = \"F\"\nparent = \"nobody\"\ntheme = \"x\"\n\
             [[goals]]\nid = \"g\"\ntitle = \"G\"\nparent = \"c\"\n",
        );
        let progress = PlanProgress::compute(&plan);
        let outline = Outline::new(&plan, &progress);
        type Shown<'a> = (Option<&'a str>, Option<usize>, Vec<(usize, usize)>);
        let shown: Vec<Shown<'_>> = outline
            .sections()
            .iter()
            .map(|s| (s.theme, s.declared, outline.walk(s).collect()))
            .collect();
        assert_eq!(
            shown,
            vec![
                (Some("food"), Some(0), vec![(1, 0), (2, 1), (6, 2)]),
                (Some("empty"), Some(1), vec![]),
                // The cycle d ↔ e is cut at the link of d, the first in the file.
                (Some("x"), None, vec![(3, 0), (4, 1), (5, 0)]),
                (None, None, vec![(0, 0)]),
            ]
        );
        assert_eq!(outline.sections()[0].name(&plan), "Food");
        assert_eq!(outline.sections()[2].name(&plan), "x");
        assert_eq!(outline.sections()[3].name(&plan), "No theme");
        let every: usize = outline
            .sections()
            .iter()
            .map(|s| outline.walk(s).count())
            .sum();
        assert_eq!(every, plan.goals.len());
    }

    #[test]
    fn sorting_orders_roots_and_sub_goals() {
        let plan = plan(
            "format = 1\n[plan]\ncity = \"C\"\ntitle = \"T\"\n\
             [[goals]]\nid = \"b\"\ntitle = \"B\"\n\
             [[goals]]\nid = \"a\"\ntitle = \"A\"\n\
             [[goals]]\nid = \"d\"\ntitle = \"D\"\nparent = \"a\"\n\
             [[goals]]\nid = \"c\"\ntitle = \"C\"\nparent = \"a\"\n",
        );
        let progress = PlanProgress::compute(&plan);
        let mut outline = Outline::new(&plan, &progress);
        outline.sort_by_key(|g| plan.goals[g].title.clone());
        let section = &outline.sections()[0];
        let order: Vec<usize> = outline.walk(section).map(|(g, _)| g).collect();
        assert_eq!(order, [1, 3, 2, 0]);
    }
}
