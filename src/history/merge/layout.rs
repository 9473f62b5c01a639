//! The layout of a merged collection: which item of which version goes
//! where, decided from the items' keys alone, so that the same rule serves
//! `[[tables]]` and inline arrays.
//!
//! The merged collection follows ours: each of our items keeps its place,
//! merged with theirs where they changed it. An item they added goes after
//! its predecessor in their version (and after any items we added right
//! there, so that two additions at the end come ours first). When they
//! reordered the items both kept and we did not, those items take their
//! order.

use std::collections::HashMap;

use super::same::ItemKey;

/// Which version.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Side {
    /// The version the result starts from.
    Ours,
    /// The version whose changes are brought in.
    Theirs,
}

/// One place of the merged collection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Slot {
    /// Our item, as it is.
    Ours(usize),
    /// Our item, with their changes to the base item merged in.
    Merge {
        ours: usize,
        base: usize,
        theirs: usize,
    },
    /// An item they added.
    Theirs(usize),
    /// An item we removed and they changed.
    RemovedByOurs { base: usize, theirs: usize },
    /// An item they removed and we changed.
    RemovedByTheirs { ours: usize, base: usize },
    /// An item both added under one key, differently.
    AddedTwice { ours: usize, theirs: usize },
}

/// The merged collection's places, and whether it differs from ours in
/// more than the items' contents (an item added, removed or moved).
pub(super) struct Layout {
    pub slots: Vec<Slot>,
    pub reshaped: bool,
}

fn index(keys: &[ItemKey]) -> HashMap<&str, usize> {
    keys.iter()
        .enumerate()
        .map(|(i, k)| (k.key.as_str(), i))
        .collect()
}

/// Lay out a merged collection. `changed(side, base, item)` says whether
/// `side`'s item differs from the base item; `same_addition(ours, theirs)`
/// whether two items added under one key are the same.
pub(super) fn layout(
    base: &[ItemKey],
    ours: &[ItemKey],
    theirs: &[ItemKey],
    changed: impl Fn(Side, usize, usize) -> bool,
    same_addition: impl Fn(usize, usize) -> bool,
) -> Layout {
    let (in_base, in_ours, in_theirs) = (index(base), index(ours), index(theirs));
    // Our items, each with what becomes of it (None: removed).
    let mut kept: Vec<Option<Slot>> = ours
        .iter()
        .enumerate()
        .map(|(o, key)| {
            let key = key.key.as_str();
            match (in_base.get(key), in_theirs.get(key)) {
                (Some(&b), Some(&t)) if changed(Side::Theirs, b, t) => Some(Slot::Merge {
                    ours: o,
                    base: b,
                    theirs: t,
                }),
                (Some(_), Some(_)) | (None, None) => Some(Slot::Ours(o)),
                (Some(&b), None) if changed(Side::Ours, b, o) => {
                    Some(Slot::RemovedByTheirs { ours: o, base: b })
                }
                (Some(_), None) => None,
                (None, Some(&t)) if same_addition(o, t) => Some(Slot::Ours(o)),
                (None, Some(&t)) => Some(Slot::AddedTwice { ours: o, theirs: t }),
            }
        })
        .collect();
    let mut order: Vec<usize> = (0..ours.len()).collect();
    follow_their_order(ours, &in_base, &in_theirs, &mut order);

    // Their additions (and their changes to items we removed), by the
    // predecessor they follow in our order.
    let ours_only = |o: usize| {
        let key = ours[o].key.as_str();
        !in_base.contains_key(key) && !in_theirs.contains_key(key)
    };
    let mut after: HashMap<Option<usize>, Vec<Slot>> = HashMap::new();
    for (t, key) in theirs.iter().enumerate() {
        let key = key.key.as_str();
        if in_ours.contains_key(key) {
            continue;
        }
        let slot = match in_base.get(key) {
            None => Slot::Theirs(t),
            Some(&b) if changed(Side::Theirs, b, t) => Slot::RemovedByOurs { base: b, theirs: t },
            Some(_) => continue,
        };
        let predecessor = theirs[..t]
            .iter()
            .rev()
            .find_map(|k| in_ours.get(k.key.as_str()).copied())
            .filter(|&o| kept[o].is_some());
        // Past our own additions right after it.
        let mut anchor = predecessor;
        let start = order
            .iter()
            .position(|&o| Some(o) == predecessor)
            .map_or(0, |p| p + 1);
        for &o in &order[start..] {
            if !ours_only(o) {
                break;
            }
            anchor = Some(o);
        }
        after.entry(anchor).or_default().push(slot);
    }

    let mut slots = Vec::with_capacity(ours.len() + after.len());
    slots.extend(after.remove(&None).unwrap_or_default());
    for &o in &order {
        if let Some(slot) = kept[o].take() {
            slots.push(slot);
        }
        slots.extend(after.remove(&Some(o)).unwrap_or_default());
    }
    let reshaped = slots.len() != ours.len()
        || slots.iter().enumerate().any(|(i, slot)| match *slot {
            Slot::Ours(o) | Slot::Merge { ours: o, .. } => o != i,
            _ => true,
        });
    Layout { slots, reshaped }
}

/// When they reordered the items all three versions hold and we did not,
/// give those items their order (the places they hold in ours stay theirs).
fn follow_their_order(
    ours: &[ItemKey],
    in_base: &HashMap<&str, usize>,
    in_theirs: &HashMap<&str, usize>,
    order: &mut [usize],
) {
    let common: Vec<usize> = (0..ours.len())
        .filter(|&o| {
            let key = ours[o].key.as_str();
            in_base.contains_key(key) && in_theirs.contains_key(key)
        })
        .collect();
    let rank_in = |map: &HashMap<&str, usize>, o: usize| map[ours[o].key.as_str()];
    let ours_keeps_base = common
        .windows(2)
        .all(|w| rank_in(in_base, w[0]) < rank_in(in_base, w[1]));
    let theirs_keeps_base = common
        .windows(2)
        .all(|w| rank_in(in_theirs, w[0]) < rank_in(in_theirs, w[1]));
    if !ours_keeps_base || theirs_keeps_base {
        return;
    }
    let mut moved = common.clone();
    moved.sort_by_key(|&o| rank_in(in_theirs, o));
    for (place, o) in common.iter().zip(moved) {
        order[*place] = o;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(list: &str) -> Vec<ItemKey> {
        list.split_whitespace()
            .map(|k| ItemKey {
                key: k.to_owned(),
                label: None,
            })
            .collect()
    }

    fn slots(base: &str, ours: &str, theirs: &str, changed: &[&str]) -> Vec<Slot> {
        let (b, o, t) = (keys(base), keys(ours), keys(theirs));
        layout(
            &b,
            &o,
            &t,
            |side, _, i| {
                let key = match side {
                    Side::Ours => &o[i].key,
                    Side::Theirs => &t[i].key,
                };
                changed.contains(&key.as_str())
            },
            |_, _| false,
        )
        .slots
    }

    #[test]
    fn additions_at_the_end_come_ours_first() {
        assert_eq!(
            slots("a b", "a b c", "a b d", &[]),
            vec![Slot::Ours(0), Slot::Ours(1), Slot::Ours(2), Slot::Theirs(2)]
        );
    }

    #[test]
    fn an_addition_follows_its_predecessor() {
        assert_eq!(
            slots("a b", "a b", "a x b", &[]),
            vec![Slot::Ours(0), Slot::Theirs(1), Slot::Ours(1)]
        );
        assert_eq!(
            slots("a b", "a b", "x a b", &[]),
            vec![Slot::Theirs(0), Slot::Ours(0), Slot::Ours(1)]
        );
    }

    #[test]
    fn removals_and_their_conflicts() {
        assert_eq!(slots("a b", "a b", "a", &[]), vec![Slot::Ours(0)]);
        assert_eq!(
            slots("a b", "a b", "a", &["b"]),
            vec![Slot::Ours(0), Slot::RemovedByTheirs { ours: 1, base: 1 }]
        );
        assert_eq!(
            slots("a b", "a", "a b", &["b"]),
            vec![Slot::Ours(0), Slot::RemovedByOurs { base: 1, theirs: 1 }]
        );
    }

    #[test]
    fn their_move_is_followed_when_we_kept_the_order() {
        assert_eq!(
            slots("a b c", "a b c", "c a b", &[]),
            vec![Slot::Ours(2), Slot::Ours(0), Slot::Ours(1)]
        );
        // Both moved: ours stands.
        assert_eq!(
            slots("a b c", "b a c", "c a b", &[]),
            vec![Slot::Ours(0), Slot::Ours(1), Slot::Ours(2)]
        );
    }
}
