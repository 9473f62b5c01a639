//! The top-level items of two plans matched: by id, then the renames among
//! the ids left over (same title, same content, or the same references to
//! them), then the moves (the items off the longest run that kept its
//! order); and each matched pair compared field by field where the typed
//! items differ.

use std::collections::HashMap;

use serde::Serialize;
use serde_json::Value;

use super::compare::{Renames, compare_item};
use super::{ChangeKind, ItemDiff, ItemStatus, Moved};
use crate::fields::{Collection, FieldKind, TableKind};
use crate::model::Plan;

/// Above this many unmatched items on each side, renames are found by title
/// and references only, not by comparing every pair's content.
const CONTENT_PAIRS: usize = 64;

/// How the items of one collection of OLD and NEW correspond.
#[derive(Debug, Default)]
pub(super) struct CollectionMatch {
    /// For each item of NEW, the item of OLD it is a version of.
    pub old_of_new: Vec<Option<usize>>,
    /// For each item of NEW, whether it was renamed.
    renamed: Vec<bool>,
    /// For each item of NEW, its move, if it moved.
    moved: Vec<Option<Moved>>,
}

/// How the items of two plans correspond, collection by collection.
#[derive(Debug)]
pub(super) struct Matched {
    /// In [`Collection::ALL`] order.
    pub collections: Vec<CollectionMatch>,
    renames: Renames,
}

/// An item's id and title (a theme's or actor's name).
type View<'p> = (&'p str, &'p str);

fn views(plan: &Plan, collection: Collection) -> Vec<View<'_>> {
    fn of<'p, T>(items: &'p [T], f: impl Fn(&'p T) -> View<'p>) -> Vec<View<'p>> {
        items.iter().map(f).collect()
    }
    match collection {
        Collection::Themes => of(&plan.themes, |t| (&t.id, &t.name)),
        Collection::Actors => of(&plan.actors, |a| (&a.id, &a.name)),
        Collection::Goals => of(&plan.goals, |g| (&g.id, &g.title)),
        Collection::Partnerships => of(&plan.partnerships, |p| (&p.id, &p.title)),
        Collection::Workshops => of(&plan.workshops, |w| (&w.id, &w.title)),
    }
}

/// Item `index` of `collection` as the JSON export writes it.
fn json(plan: &Plan, collection: Collection, index: usize) -> Value {
    fn value(item: &impl Serialize) -> Value {
        serde_json::to_value(item).unwrap_or(Value::Null)
    }
    match collection {
        Collection::Themes => value(&plan.themes[index]),
        Collection::Actors => value(&plan.actors[index]),
        Collection::Goals => value(&plan.goals[index]),
        Collection::Partnerships => value(&plan.partnerships[index]),
        Collection::Workshops => value(&plan.workshops[index]),
    }
}

/// Whether item `i` of OLD and item `j` of NEW are the same typed value.
fn same(old: &Plan, new: &Plan, collection: Collection, i: usize, j: usize) -> bool {
    match collection {
        Collection::Themes => old.themes[i] == new.themes[j],
        Collection::Actors => old.actors[i] == new.actors[j],
        Collection::Goals => old.goals[i] == new.goals[j],
        Collection::Partnerships => old.partnerships[i] == new.partnerships[j],
        Collection::Workshops => old.workshops[i] == new.workshops[j],
    }
}

impl Matched {
    /// Match the items of `old` and `new`.
    pub(super) fn new(old: &Plan, new: &Plan) -> Matched {
        let mut renames = Renames::default();
        let mut referrers: Option<(References, References)> = None;
        let collections = Collection::ALL
            .iter()
            .map(|&collection| {
                let (olds, news) = (views(old, collection), views(new, collection));
                let mut matched = by_id(&olds, &news);
                let unmatched_old = matched.unmatched_old(olds.len());
                let unmatched_new = matched.unmatched_new();
                if !unmatched_old.is_empty() && !unmatched_new.is_empty() {
                    let referrers =
                        referrers.get_or_insert_with(|| (references(old), references(new)));
                    let pairs = find_renames(
                        (old, new, collection),
                        (&olds, &news),
                        (&unmatched_old, &unmatched_new),
                        referrers,
                    );
                    for (i, j) in pairs {
                        matched.old_of_new[j] = Some(i);
                        matched.renamed[j] = true;
                        renames.insert(collection, olds[i].0, news[j].0);
                    }
                }
                matched.find_moves();
                matched
            })
            .collect();
        Matched {
            collections,
            renames,
        }
    }

    /// The item diffs of every collection, the `[plan]` table's first.
    pub(super) fn item_diffs(&mut self, old: &Plan, new: &Plan) -> Vec<ItemDiff> {
        let mut out = Vec::new();
        if old.plan != new.plan || old.format != new.format {
            let mut changes = Vec::new();
            if old.format != new.format {
                changes.push(super::Change {
                    address: "format".to_owned(),
                    date: None,
                    change: ChangeKind::Set,
                    old: Some(old.format.into()),
                    new: Some(new.format.into()),
                    shape: super::Shape::Field(FieldKind::Integer),
                });
            }
            let (was, is) = (
                serde_json::to_value(&old.plan).unwrap_or(Value::Null),
                serde_json::to_value(&new.plan).unwrap_or(Value::Null),
            );
            compare_item(
                TableKind::Plan,
                "plan",
                &was,
                &is,
                &mut self.renames,
                &mut changes,
            );
            if !changes.is_empty() {
                out.push(ItemDiff {
                    address: "plan".to_owned(),
                    status: ItemStatus::Changed,
                    title: None,
                    renamed_from: None,
                    references_followed: 0,
                    moved: None,
                    changes,
                    value: None,
                });
            }
        }
        let mut renamed_items = Vec::new();
        for (c, &collection) in Collection::ALL.iter().enumerate() {
            let (olds, news) = (views(old, collection), views(new, collection));
            let matched = &self.collections[c];
            let key = collection.key();
            let mut removed = matched.unmatched_old(olds.len()).into_iter().peekable();
            let mut flush_removed = |before: usize, out: &mut Vec<ItemDiff>| {
                while let Some(i) = removed.next_if(|&i| i < before) {
                    out.push(ItemDiff {
                        address: format!("{key}.{}", olds[i].0),
                        status: ItemStatus::Removed,
                        title: Some(olds[i].1.to_owned()),
                        renamed_from: None,
                        references_followed: 0,
                        moved: None,
                        changes: Vec::new(),
                        value: Some(json(old, collection, i)),
                    });
                }
            };
            // For each item of NEW, the old position of the first item at
            // or after it that kept its place: removed items before that
            // are shown before it.
            let mut anchor = vec![usize::MAX; news.len() + 1];
            for j in (0..news.len()).rev() {
                anchor[j] = match (matched.old_of_new[j], matched.moved[j]) {
                    (Some(i), None) => i,
                    _ => anchor[j + 1],
                };
            }
            for (j, &(id, title)) in news.iter().enumerate() {
                let address = format!("{key}.{id}");
                if matched.old_of_new[j].is_none() || matched.moved[j].is_none() {
                    flush_removed(anchor[j], &mut out);
                }
                let Some(i) = matched.old_of_new[j] else {
                    out.push(ItemDiff {
                        address,
                        status: ItemStatus::Added,
                        title: Some(title.to_owned()),
                        renamed_from: None,
                        references_followed: 0,
                        moved: None,
                        changes: Vec::new(),
                        value: Some(json(new, collection, j)),
                    });
                    continue;
                };
                let mut changes = Vec::new();
                if !same(old, new, collection, i, j) {
                    let (was, is) = (json(old, collection, i), json(new, collection, j));
                    compare_item(
                        collection.item(),
                        &address,
                        &was,
                        &is,
                        &mut self.renames,
                        &mut changes,
                    );
                }
                let renamed = matched.renamed[j];
                if changes.is_empty() && !renamed && matched.moved[j].is_none() {
                    continue;
                }
                if renamed {
                    renamed_items.push((out.len(), collection, id));
                }
                out.push(ItemDiff {
                    address,
                    status: ItemStatus::Changed,
                    title: Some(title.to_owned()),
                    renamed_from: renamed.then(|| format!("{key}.{}", olds[i].0)),
                    references_followed: 0,
                    moved: matched.moved[j],
                    changes,
                    value: None,
                });
            }
            flush_removed(usize::MAX, &mut out);
        }
        // References are counted as the items that hold them are compared,
        // which may come after the item they name.
        for (at, collection, id) in renamed_items {
            out[at].references_followed = self.renames.followed(collection, id);
        }
        out
    }
}

impl CollectionMatch {
    /// The items of OLD (of `len`) that no item of NEW is a version of, in
    /// order.
    fn unmatched_old(&self, len: usize) -> Vec<usize> {
        let mut kept = vec![false; len];
        for &i in self.old_of_new.iter().flatten() {
            kept[i] = true;
        }
        (0..len).filter(|&i| !kept[i]).collect()
    }

    /// The items of NEW that are versions of no item of OLD, in order.
    fn unmatched_new(&self) -> Vec<usize> {
        (0..self.old_of_new.len())
            .filter(|&j| self.old_of_new[j].is_none())
            .collect()
    }

    /// Mark as moved the matched items off the longest run that kept its
    /// order: the fewest moves that explain NEW's order.
    fn find_moves(&mut self) {
        let pairs: Vec<(usize, usize)> = self
            .old_of_new
            .iter()
            .enumerate()
            .filter_map(|(j, i)| Some(((*i)?, j)))
            .collect();
        let olds: Vec<usize> = pairs.iter().map(|p| p.0).collect();
        let mut stays = vec![false; pairs.len()];
        for k in longest_increasing(&olds) {
            stays[k] = true;
        }
        for (k, &(i, j)) in pairs.iter().enumerate() {
            if !stays[k] {
                self.moved[j] = Some(Moved {
                    from: i + 1,
                    to: j + 1,
                });
            }
        }
    }
}

/// Items matched by id: the k-th item of NEW with an id is a version of the
/// k-th item of OLD with it.
fn by_id(olds: &[View<'_>], news: &[View<'_>]) -> CollectionMatch {
    let mut by_id: HashMap<&str, std::collections::VecDeque<usize>> =
        HashMap::with_capacity(olds.len());
    for (i, (id, _)) in olds.iter().enumerate() {
        by_id.entry(id).or_default().push_back(i);
    }
    let old_of_new = news
        .iter()
        .map(|(id, _)| by_id.get_mut(id).and_then(|q| q.pop_front()))
        .collect();
    CollectionMatch {
        old_of_new,
        renamed: vec![false; news.len()],
        moved: vec![None; news.len()],
    }
}

/// The positions in `values` of a longest strictly increasing subsequence.
fn longest_increasing(values: &[usize]) -> Vec<usize> {
    // tails[l]: the position of the smallest last value of a run of l + 1.
    let mut tails: Vec<usize> = Vec::new();
    let mut previous = vec![usize::MAX; values.len()];
    for (k, &v) in values.iter().enumerate() {
        let at = tails.partition_point(|&t| values[t] < v);
        if at > 0 {
            previous[k] = tails[at - 1];
        }
        if at == tails.len() {
            tails.push(k);
        } else {
            tails[at] = k;
        }
    }
    let mut run = Vec::with_capacity(tails.len());
    let mut k = tails.last().copied().unwrap_or(usize::MAX);
    while k != usize::MAX {
        run.push(k);
        k = previous[k];
    }
    run.reverse();
    run
}

/// Who refers to each item: (collection, id) → the places that name it,
/// each as the referring item's address and key (`goals.c.parent`), sorted.
type References = HashMap<(Collection, String), Vec<String>>;

fn references(plan: &Plan) -> References {
    let mut refs: References = HashMap::new();
    let mut add = |collection: Collection, id: &str, from: String| {
        refs.entry((collection, id.to_owned()))
            .or_default()
            .push(from);
    };
    for actor in &plan.actors {
        if let Some(theme) = &actor.theme {
            add(
                Collection::Themes,
                theme,
                format!("actors.{}.theme", actor.id),
            );
        }
    }
    for goal in &plan.goals {
        let at = |key: &str| format!("goals.{}.{key}", goal.id);
        if let Some(theme) = &goal.theme {
            add(Collection::Themes, theme, at("theme"));
        }
        if let Some(parent) = &goal.parent {
            add(Collection::Goals, parent, at("parent"));
        }
        if let Some(owner) = &goal.owner {
            add(Collection::Actors, owner, at("owner"));
        }
        for workshop in goal.comments.iter().filter_map(|c| c.workshop.as_ref()) {
            add(Collection::Workshops, workshop, at("comments.workshop"));
        }
    }
    for partnership in &plan.partnerships {
        let at = |key: &str| format!("partnerships.{}.{key}", partnership.id);
        for goal in &partnership.goals {
            add(Collection::Goals, goal, at("goals"));
        }
        for party in &partnership.parties {
            add(Collection::Actors, &party.actor, at("parties.actor"));
        }
        for contribution in &partnership.contributions {
            add(
                Collection::Actors,
                &contribution.from,
                at("contributions.from"),
            );
        }
        for workshop in partnership
            .comments
            .iter()
            .filter_map(|c| c.workshop.as_ref())
        {
            add(Collection::Workshops, workshop, at("comments.workshop"));
        }
    }
    for workshop in &plan.workshops {
        let at = |key: &str| format!("workshops.{}.{key}", workshop.id);
        let items = workshop
            .votes
            .iter()
            .map(|v| (&v.item, "votes.item"))
            .chain(
                workshop
                    .decisions
                    .iter()
                    .filter_map(|d| Some((d.item.as_ref()?, "decisions.item"))),
            );
        for (item, key) in items {
            add(Collection::Goals, item, at(key));
            add(Collection::Partnerships, item, at(key));
        }
        for owner in workshop.decisions.iter().filter_map(|d| d.owner.as_ref()) {
            add(Collection::Actors, owner, at("decisions.owner"));
        }
    }
    for places in refs.values_mut() {
        places.sort();
    }
    refs
}

/// The renames among the unmatched items of one collection, as pairs of an
/// item of OLD and one of NEW: by the same title (when only one item on
/// each side has it), then by the same content apart from the id, then by
/// the same places referring to them.
fn find_renames(
    (old, new, collection): (&Plan, &Plan, Collection),
    (olds, news): (&[View<'_>], &[View<'_>]),
    (unmatched_old, unmatched_new): (&[usize], &[usize]),
    (old_refs, new_refs): &(References, References),
) -> Vec<(usize, usize)> {
    let mut pairs = Vec::new();
    let mut old_free: Vec<usize> = unmatched_old.to_vec();
    let mut new_free: Vec<usize> = unmatched_new.to_vec();
    let take = |pairs: &mut Vec<(usize, usize)>,
                old_free: &mut Vec<usize>,
                new_free: &mut Vec<usize>,
                found: Vec<(usize, usize)>| {
        old_free.retain(|i| !found.iter().any(|p| p.0 == *i));
        new_free.retain(|j| !found.iter().any(|p| p.1 == *j));
        pairs.extend(found);
    };

    // The same title, unique on both sides.
    let unique = |free: &[usize], views: &[View<'_>]| {
        let mut by: HashMap<String, Vec<usize>> = HashMap::new();
        for &k in free {
            by.entry(views[k].1.to_owned()).or_default().push(k);
        }
        by
    };
    let by_title_old = unique(&old_free, olds);
    let by_title_new = unique(&new_free, news);
    let found: Vec<(usize, usize)> = new_free
        .iter()
        .filter_map(
            |&j| match (by_title_old.get(news[j].1)?, &by_title_new[news[j].1]) {
                (o, n) if o.len() == 1 && n.len() == 1 => Some((o[0], j)),
                _ => None,
            },
        )
        .collect();
    take(&mut pairs, &mut old_free, &mut new_free, found);

    // The same content apart from the id.
    if old_free.len() <= CONTENT_PAIRS && new_free.len() <= CONTENT_PAIRS {
        let without_id = |plan: &Plan, k: usize| {
            let mut value = json(plan, collection, k);
            if let Some(object) = value.as_object_mut() {
                object.remove("id");
            }
            value
        };
        let olds_json: Vec<(usize, Value)> =
            old_free.iter().map(|&i| (i, without_id(old, i))).collect();
        let mut found = Vec::new();
        let mut used = Vec::new();
        for &j in &new_free {
            let is = without_id(new, j);
            if let Some((i, _)) = olds_json
                .iter()
                .find(|(i, was)| *was == is && !used.contains(i))
            {
                used.push(*i);
                found.push((*i, j));
            }
        }
        take(&mut pairs, &mut old_free, &mut new_free, found);
    }

    // The same places refer to them.
    let places = |refs: &References, views: &[View<'_>], k: usize| {
        refs.get(&(collection, views[k].0.to_owned()))
            .filter(|p| !p.is_empty())
            .cloned()
    };
    let mut by_places: HashMap<Vec<String>, Vec<usize>> = HashMap::new();
    for &i in &old_free {
        if let Some(p) = places(old_refs, olds, i) {
            by_places.entry(p).or_default().push(i);
        }
    }
    let found: Vec<(usize, usize)> = new_free
        .iter()
        .filter_map(|&j| {
            let candidates = by_places.get(&places(new_refs, news, j)?)?;
            (candidates.len() == 1).then(|| (candidates[0], j))
        })
        .collect();
    take(&mut pairs, &mut old_free, &mut new_free, found);
    pairs
}
