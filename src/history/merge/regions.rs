//! Merging only the regions of a plan that changed: the quick way of
//! [`super::merge`], which gives what merging the whole files gives.
//!
//! The three texts are cut into their top-level items without parsing
//! ([`super::units`]), and the items of ours and of theirs are compared
//! with the base's by their text. Each run of items a side changed, with
//! the unchanged item before it and after it (the predecessor a new item
//! is placed after, the first item whose banner stays on top), makes a
//! region; regions that touch are one. Only the regions where theirs
//! changed something are parsed and merged — as small documents of the
//! preamble and the region's items, by the same tree merge that merges
//! whole files — and each merged region replaces ours in our text. The
//! rest of the files is neither parsed nor built into trees.
//!
//! That gives the same result as the whole merge only when nothing in one
//! region depends on another, so the ids the scan read are checked first:
//! an id that is unique in each version and stands in one region only; no
//! side that both removed and added items of one collection (a rename
//! makes references anywhere follow it); the items all three versions hold
//! in one order; no banner (see `crate::edit::split_banner`) in a region
//! that does not start its collection. Anything else gives `None`, and the
//! whole files are merged.

use std::collections::{HashMap, HashSet};
use std::hash::Hasher;
use std::ops::Range;

use similar::{Algorithm, DiffOp};

use crate::diagnostic::FieldPath;
use crate::document::{LineEnding, PlanDocument};
use crate::edit::split_banner;
use crate::fields::Collection;
use crate::model::Date;

use super::markers::Markers;
use super::tree::{Merger, Scope};
use super::units::{Units, split};
use super::{MergeConflict, Version, parse};

const BASE: usize = 0;
const OURS: usize = 1;
const THEIRS: usize = 2;
const VERSIONS: [Version; 3] = [Version::Base, Version::Ours, Version::Theirs];

/// A hash of a unit's text, to compare units in a diff cheaply (equal
/// hashes are then checked to be equal texts).
fn hash(text: &str) -> u64 {
    let mut hasher = rustc_hash::FxHasher::default();
    hasher.write(text.as_bytes());
    hasher.write_usize(text.len());
    hasher.finish()
}

/// One side's units compared with the base's.
struct SideDiff {
    /// For each base unit the side holds unchanged, its index there.
    equal: Vec<Option<usize>>,
    /// The base ranges of what the side changed (empty for an insertion).
    hunks: Vec<Range<usize>>,
}

fn diff(texts: [&str; 2], units: [&Units<'_>; 2]) -> Option<SideDiff> {
    let hashes = [0, 1].map(|v| {
        units[v]
            .units
            .iter()
            .map(|unit| hash(&texts[v][unit.span.clone()]))
            .collect::<Vec<u64>>()
    });
    // A side that rewrote most of the file (its line endings, say) is
    // merged whole, before a long diff.
    let known: HashSet<u64> = hashes[0].iter().copied().collect();
    let new = hashes[1].iter().filter(|h| !known.contains(h)).count();
    if new > 256 && new * 2 > hashes[1].len() {
        return None;
    }
    let mut equal = vec![None; units[0].units.len()];
    let mut hunks = Vec::new();
    for op in similar::capture_diff_slices(Algorithm::Myers, &hashes[0], &hashes[1]) {
        match op {
            DiffOp::Equal {
                old_index,
                new_index,
                len,
            } => {
                for k in 0..len {
                    let (b, s) = (
                        &units[0].units[old_index + k],
                        &units[1].units[new_index + k],
                    );
                    if texts[0][b.span.clone()] != texts[1][s.span.clone()] {
                        return None;
                    }
                    equal[old_index + k] = Some(new_index + k);
                }
            }
            DiffOp::Delete {
                old_index, old_len, ..
            }
            | DiffOp::Replace {
                old_index, old_len, ..
            } => hunks.push(old_index..old_index + old_len),
            DiffOp::Insert { old_index, .. } => hunks.push(old_index..old_index),
        }
    }
    Some(SideDiff { equal, hunks })
}

/// A region: its base units, and whether theirs changed something in it.
struct Region {
    theirs: bool,
    /// The region's units in each version.
    units: [Range<usize>; 3],
}

/// The regions the sides' changes make, each hunk with one unit of
/// context on both sides, touching ones joined.
fn regions(diffs: [&SideDiff; 2], lens: [usize; 3]) -> Option<Vec<Region>> {
    let nb = lens[BASE];
    let mut spans: Vec<(Range<usize>, bool)> = Vec::new();
    for (side, diff) in diffs.iter().enumerate() {
        for hunk in &diff.hunks {
            let span = hunk.start.saturating_sub(1)..(hunk.end + 1).min(nb);
            spans.push((span, side == 1));
        }
    }
    spans.sort_by_key(|(span, _)| span.start);
    let mut joined: Vec<(Range<usize>, bool)> = Vec::new();
    for (span, theirs) in spans {
        match joined.last_mut() {
            Some((last, t)) if span.start <= last.end => {
                last.end = last.end.max(span.end);
                *t |= theirs;
            }
            _ => joined.push((span, theirs)),
        }
    }
    // A region's bounds are unchanged units of both sides (or the ends).
    let place = |side: usize, p: usize, start: bool| -> Option<usize> {
        match p {
            0 if start => Some(0),
            p if p == nb => Some(lens[side]),
            p => diffs[side - 1].equal[p],
        }
    };
    joined
        .into_iter()
        .map(|(base, theirs)| {
            let side = |v: usize| Some(place(v, base.start, true)?..place(v, base.end, false)?);
            Some(Region {
                units: [base.clone(), side(OURS)?, side(THEIRS)?],
                theirs,
            })
        })
        .collect()
}

/// Where each unit of each version is: its region, or `None` (unchanged
/// everywhere).
fn placed(regions: &[Region], lens: [usize; 3]) -> [Vec<Option<usize>>; 3] {
    let mut placed = lens.map(|len| vec![None; len]);
    for (r, region) in regions.iter().enumerate() {
        for (v, units) in region.units.iter().enumerate() {
            for u in units.clone() {
                placed[v][u] = Some(r);
            }
        }
    }
    placed
}

/// The checks that make merging region by region the same as merging
/// the whole files (see the module's docs).
fn independent(split: &[Units<'_>; 3], texts: [&str; 3], regions: &[Region]) -> Option<()> {
    let lens = [0, 1, 2].map(|v| split[v].units.len());
    let placed = placed(regions, lens);
    // Each id unique in its version, and in one region or in none.
    let mut at: HashMap<(&str, &str), Option<usize>> = HashMap::new();
    for v in 0..3 {
        let mut mine: HashSet<(&str, &str)> = HashSet::new();
        for (u, unit) in split[v].units.iter().enumerate() {
            let collection = unit.key.parse::<Collection>().ok();
            if !unit.array {
                if collection.is_some() {
                    return None;
                }
                continue;
            }
            if !collection?.item().has_id() {
                return None;
            }
            let id = (unit.key.as_str(), unit.id?);
            if !mine.insert(id) || *at.entry(id).or_insert(placed[v][u]) != placed[v][u] {
                return None;
            }
        }
    }
    // Whether a side removed items of a collection, and added some: a
    // rename, in one region or across two, would make references follow.
    let mut moves: HashMap<(usize, &str), [bool; 2]> = HashMap::new();
    for region in regions {
        let ids = |v: usize| -> Vec<(&str, &str)> {
            split[v].units[region.units[v].clone()]
                .iter()
                .filter_map(|u| Some((u.key.as_str(), u.id?)))
                .collect()
        };
        let all = [ids(BASE), ids(OURS), ids(THEIRS)];
        let sets: Vec<HashSet<(&str, &str)>> = all
            .iter()
            .map(|list| list.iter().copied().collect())
            .collect();
        for side in [OURS, THEIRS] {
            for (key, id) in &all[BASE] {
                if !sets[side].contains(&(key, id)) {
                    moves.entry((side, key)).or_default()[0] = true;
                }
            }
            for (key, id) in &all[side] {
                if !sets[BASE].contains(&(key, id)) {
                    moves.entry((side, key)).or_default()[1] = true;
                }
            }
        }
        // The items all three hold, in one order in each.
        let common = |v: usize| -> Vec<(&str, &str)> {
            all[v]
                .iter()
                .filter(|id| sets.iter().all(|set| set.contains(id)))
                .copied()
                .collect()
        };
        if common(OURS) != common(BASE) || common(THEIRS) != common(BASE) {
            return None;
        }
        // Their and the base's top-level keys are ours.
        let keys = |v: usize| {
            split[v].units[region.units[v].clone()]
                .iter()
                .map(|u| &u.key)
        };
        let ours: HashSet<&String> = keys(OURS).collect();
        if !keys(BASE).chain(keys(THEIRS)).all(|k| ours.contains(k)) {
            return None;
        }
        if region.theirs {
            banners(split, texts, region)?;
        }
    }
    if moves.values().any(|[removed, added]| *removed && *added) {
        return None;
    }
    Some(())
}

/// No banner in a region that does not hold the first item of a
/// collection: its first item of ours, and their items, have none.
fn banners(split: &[Units<'_>; 3], texts: [&str; 3], region: &Region) -> Option<()> {
    let ours = &split[OURS].units[region.units[OURS].clone()];
    let theirs = &split[THEIRS].units[region.units[THEIRS].clone()];
    let mut firsts: Vec<&str> = Vec::new();
    for unit in ours {
        if !unit.array || firsts.contains(&unit.key.as_str()) {
            continue;
        }
        firsts.push(&unit.key);
        if unit.nth == 0 {
            continue;
        }
        let has_banner =
            |unit: &super::units::Unit<'_>, text: &str| split_banner(unit.prefix(text)).is_some();
        if has_banner(unit, texts[OURS])
            || theirs
                .iter()
                .any(|t| t.key == unit.key && has_banner(t, texts[THEIRS]))
        {
            return None;
        }
    }
    Some(())
}

/// The byte span of units `range` of a version.
fn span(units: &Units<'_>, text: &str, range: &Range<usize>) -> Range<usize> {
    let at = |u: usize| units.units.get(u).map_or(text.len(), |u| u.span.start);
    at(range.start)..at(range.end)
}

fn mixed_line_endings(text: &str) -> bool {
    let crlf = text.matches("\r\n").count();
    crlf != 0 && crlf != text.matches('\n').count()
}

fn line_ending(text: &str) -> LineEnding {
    match text.find('\n') {
        Some(i) if text[..i].ends_with('\r') => LineEnding::CrLf,
        _ => LineEnding::Lf,
    }
}

/// Whether the preamble is a format-1 plan's, and none of its keys is the
/// key of a unit (a dotted key reaching into a table).
fn preamble_fits(preamble: &str, split: &[Units<'_>; 3]) -> Option<()> {
    let document = parse(preamble, Version::Base).ok()?;
    let clash = split
        .iter()
        .flat_map(|s| &s.units)
        .any(|u| document.contains_key(&u.key));
    (!clash).then_some(())
}

/// Merge `texts` (base, ours, theirs, without byte-order marks) region by
/// region: our text with their changes, and the conflicts found; `None`
/// when the files must be merged whole.
pub(super) fn merge_regions(
    texts: [&str; 3],
    markers: &Markers,
    today: Date,
) -> Option<(String, Vec<MergeConflict>)> {
    if texts[OURS].contains("<<<<<<<") {
        return None;
    }
    let split = [
        split(texts[BASE])?,
        split(texts[OURS])?,
        split(texts[THEIRS])?,
    ];
    // Where `toml_edit` would write an untouched line of ours another way,
    // or the line endings are mixed, the whole merge may write lines ours
    // left alone otherwise than ours has them: leave those files to it.
    if split[OURS].rewritten || mixed_line_endings(texts[OURS]) {
        return None;
    }
    let preamble = split[BASE].preamble;
    if split.iter().any(|s| s.preamble != preamble) {
        return None;
    }
    preamble_fits(preamble, &split)?;
    let side = |v: usize| diff([texts[BASE], texts[v]], [&split[BASE], &split[v]]);
    let (ours_diff, theirs_diff) = (side(OURS)?, side(THEIRS)?);
    let lens = [0, 1, 2].map(|v| split[v].units.len());
    let regions = regions([&ours_diff, &theirs_diff], lens)?;
    // Where theirs changed most of the file, the whole merge is quicker.
    let covered: usize = regions
        .iter()
        .filter(|r| r.theirs)
        .map(|r| r.units[BASE].len())
        .sum();
    if covered > 256 && covered * 2 > lens[BASE] {
        return None;
    }
    independent(&split, texts, &regions)?;

    let ending = line_ending(texts[OURS]);
    let mut merger = Merger::new(&texts);
    let mut out = String::with_capacity(texts[OURS].len() + texts[THEIRS].len() / 16);
    let mut written = 0;
    for region in &regions {
        let spans = [0, 1, 2].map(|v| span(&split[v], texts[v], &region.units[v]));
        let document = |v: usize| format!("{preamble}{}", &texts[v][spans[v].clone()]);
        if !region.theirs {
            // Theirs is the base here: only check that it is TOML.
            parse(&document(BASE), Version::Base).ok()?;
            continue;
        }
        let [base, theirs] = [BASE, THEIRS].map(|v| parse(&document(v), VERSIONS[v]).ok());
        let (base, theirs) = (base?, theirs?);
        let ours_text = document(OURS);
        if line_ending(&ours_text) != ending {
            return None;
        }
        let mut ours = PlanDocument::load(ours_text.as_bytes(), today).ok()?;
        merger.shift = shifts(&split, region);
        let placeholders_before = merger.placeholders.len();
        merger.merge_table(
            &FieldPath::root(),
            &[],
            Scope::Root,
            Some(base.as_table()),
            ours.document_for_edit().as_table_mut(),
            theirs.as_table(),
        );
        if !merger.renames.is_empty() {
            return None;
        }
        let mut text = ours.render();
        if merger.placeholders.len() != placeholders_before {
            text = merger.placeholders.write(&text, ending, markers);
        }
        out.push_str(&texts[OURS][written..spans[OURS].start]);
        out.push_str(text.strip_prefix(preamble)?);
        written = spans[OURS].end;
    }
    out.push_str(&texts[OURS][written..]);
    if !merger.conflicts.is_empty() {
        // The whole merge would have refused an ours that is not TOML.
        toml_edit::Document::parse(texts[OURS]).ok()?;
    }
    Some((out, merger.conflicts))
}

/// Where the region's items stand in their collections, for the paths of
/// the conflicts: per collection, the base's and our index of its first
/// item in the region.
fn shifts(split: &[Units<'_>; 3], region: &Region) -> Vec<(Collection, [usize; 2])> {
    let mut shifts: Vec<(Collection, [usize; 2])> = Vec::new();
    for (slot, v) in [BASE, OURS].into_iter().enumerate() {
        for unit in &split[v].units[region.units[v].clone()] {
            let Ok(collection) = unit.key.parse::<Collection>() else {
                continue;
            };
            let at = match shifts.iter().position(|(c, _)| *c == collection) {
                Some(at) => at,
                None => {
                    shifts.push((collection, [usize::MAX; 2]));
                    shifts.len() - 1
                }
            };
            let shift = &mut shifts[at].1[slot];
            *shift = (*shift).min(unit.nth);
        }
    }
    for (_, shift) in &mut shifts {
        shift
            .iter_mut()
            .filter(|s| **s == usize::MAX)
            .for_each(|s| *s = 0);
    }
    shifts
}
