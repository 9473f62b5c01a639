//! `W007`: control characters and bidirectional formatting in any text of
//! the plan, which could hide or reorder what a reader sees.

use super::{Checker, goal_path, partnership_path};
use crate::diagnostic::{Code, FieldPath};
use crate::fields::{Collection, Nested};
use crate::text::is_unsafe_char;

impl Checker<'_> {
    /// Warn about every string that holds control characters other than
    /// newline and tab.
    pub(super) fn control_characters(&mut self) {
        let plan = self.plan;
        let mut found = Vec::new();
        let root = FieldPath::root();
        let mut text = |path: &dyn Fn() -> FieldPath, value: &str| {
            if may_hold_control_characters(value)
                && value
                    .chars()
                    .any(|c| c != '\n' && c != '\t' && is_unsafe_char(c))
            {
                found.push((path(), shortened(value)));
            }
        };
        let info = &plan.plan;
        let at = root.key("plan");
        for (key, value) in [
            ("city", Some(&info.city)),
            ("title", Some(&info.title)),
            ("country", info.country.as_ref()),
            ("currency", Some(&info.currency)),
            ("vision", info.vision.as_ref()),
            ("context", info.context.as_ref()),
        ] {
            if let Some(value) = value {
                text(&|| at.key(key), value);
            }
        }
        for (i, author) in info.authors.iter().enumerate() {
            text(&|| at.key("authors").index(i, None), author);
        }
        for (i, theme) in plan.themes.iter().enumerate() {
            let at = || root.key(Collection::Themes.key()).index(i, Some(&theme.id));
            text(&|| at().key("id"), &theme.id);
            text(&|| at().key("name"), &theme.name);
            if let Some(d) = &theme.description {
                text(&|| at().key("description"), d);
            }
        }
        for (i, actor) in plan.actors.iter().enumerate() {
            let at = || root.key(Collection::Actors.key()).index(i, Some(&actor.id));
            text(&|| at().key("id"), &actor.id);
            text(&|| at().key("name"), &actor.name);
            for (key, value) in [
                ("description", &actor.description),
                ("theme", &actor.theme),
                ("url", &actor.url),
            ] {
                if let Some(value) = value {
                    text(&|| at().key(key), value);
                }
            }
        }
        for (i, goal) in plan.goals.iter().enumerate() {
            let at = || goal_path(i, &goal.id);
            text(&|| at().key("id"), &goal.id);
            text(&|| at().key("title"), &goal.title);
            for (key, value) in [
                ("theme", &goal.theme),
                ("parent", &goal.parent),
                ("owner", &goal.owner),
                ("description", &goal.description),
            ] {
                if let Some(value) = value {
                    text(&|| at().key(key), value);
                }
            }
            for (t, tag) in goal.tags.iter().enumerate() {
                text(&|| at().key("tags").index(t, None), tag);
            }
            for (n, indicator) in goal.indicators.iter().enumerate() {
                let at = || at().key(Nested::Indicators.key()).index(n, None);
                text(&|| at().key("name"), &indicator.name);
                for (key, value) in [("unit", &indicator.unit), ("source", &indicator.source)] {
                    if let Some(value) = value {
                        text(&|| at().key(key), value);
                    }
                }
            }
            for (n, milestone) in goal.milestones.iter().enumerate() {
                let at = || at().key(Nested::Milestones.key()).index(n, None);
                text(&|| at().key("title"), &milestone.title);
                if let Some(id) = &milestone.id {
                    text(&|| at().key("id"), id);
                }
            }
            for (n, comment) in goal.comments.iter().enumerate() {
                let at = || at().key(Nested::Comments.key()).index(n, None);
                text(&|| at().key("author"), &comment.author);
                text(&|| at().key("text"), &comment.text);
                if let Some(workshop) = &comment.workshop {
                    text(&|| at().key("workshop"), workshop);
                }
            }
        }
        for (i, p) in plan.partnerships.iter().enumerate() {
            let at = || partnership_path(i, &p.id);
            text(&|| at().key("id"), &p.id);
            text(&|| at().key("title"), &p.title);
            for (key, value) in [
                ("resource", &p.resource),
                ("objectives", &p.objectives),
                ("governance", &p.governance),
                ("evaluation", &p.evaluation),
                ("description", &p.description),
            ] {
                if let Some(value) = value {
                    text(&|| at().key(key), value);
                }
            }
            for (n, goal) in p.goals.iter().enumerate() {
                text(&|| at().key("goals").index(n, None), goal);
            }
            for (n, party) in p.parties.iter().enumerate() {
                let at = || at().key(Nested::Parties.key()).index(n, None);
                text(&|| at().key("actor"), &party.actor);
                if let Some(c) = &party.commitments {
                    text(&|| at().key("commitments"), c);
                }
            }
            for (n, c) in p.contributions.iter().enumerate() {
                let at = || at().key(Nested::Contributions.key()).index(n, None);
                text(&|| at().key("from"), &c.from);
                for (key, value) in [("unit", &c.unit), ("description", &c.description)] {
                    if let Some(value) = value {
                        text(&|| at().key(key), value);
                    }
                }
            }
            for (n, comment) in p.comments.iter().enumerate() {
                let at = || at().key(Nested::Comments.key()).index(n, None);
                text(&|| at().key("author"), &comment.author);
                text(&|| at().key("text"), &comment.text);
                if let Some(workshop) = &comment.workshop {
                    text(&|| at().key("workshop"), workshop);
                }
            }
        }
        for (i, w) in plan.workshops.iter().enumerate() {
            let at = || root.key(Collection::Workshops.key()).index(i, Some(&w.id));
            text(&|| at().key("id"), &w.id);
            text(&|| at().key("title"), &w.title);
            for (key, value) in [
                ("facilitator", &w.facilitator),
                ("location", &w.location),
                ("notes", &w.notes),
            ] {
                if let Some(value) = value {
                    text(&|| at().key(key), value);
                }
            }
            for (n, participant) in w.participants.iter().enumerate() {
                text(&|| at().key("participants").index(n, None), participant);
            }
            for (n, vote) in w.votes.iter().enumerate() {
                let at = || at().key(Nested::Votes.key()).index(n, None);
                text(&|| at().key("participant"), &vote.participant);
                text(&|| at().key("item"), &vote.item);
            }
            for (n, decision) in w.decisions.iter().enumerate() {
                let at = || at().key(Nested::Decisions.key()).index(n, None);
                text(&|| at().key("text"), &decision.text);
                for (key, value) in [("item", &decision.item), ("owner", &decision.owner)] {
                    if let Some(value) = value {
                        text(&|| at().key(key), value);
                    }
                }
            }
        }
        for (path, value) in found {
            let shown = path.to_string();
            self.push(
                Code::ControlCharacters,
                path,
                format!("`{shown}` holds control characters: \"{value}\""),
            )
            .help = Some("remove them: they can change what a terminal shows".to_owned());
        }
    }
}

/// A fast first look: whether `value` holds a byte that starts a control
/// character (C0, DEL, C1 as 0xC2…, bidi marks as 0xD8… and 0xE2…). Most strings
/// hold none, and this spares decoding them.
fn may_hold_control_characters(value: &str) -> bool {
    // A fold rather than `any`: without the early exit the compiler checks
    // many bytes at once, and a plan's texts are nearly always clean.
    value.bytes().fold(false, |found, b| {
        found | ((b < 0x20 && b != b'\n' && b != b'\t') | matches!(b, 0x7f | 0xc2 | 0xd8 | 0xe2))
    })
}

/// The first characters of `value`, for a message (escaped when printed).
fn shortened(value: &str) -> String {
    const MAX: usize = 60;
    match value.char_indices().nth(MAX) {
        Some((end, _)) => format!("{}…", &value[..end]),
        None => value.to_owned(),
    }
}

/// A well-formed id made from a malformed one, for the help line.
pub(super) fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.trim().chars().flat_map(char::to_lowercase) {
        if c.is_ascii_lowercase() || c.is_ascii_digit() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-');
    out.chars()
        .take(64)
        .collect::<String>()
        .trim_end_matches('-')
        .to_owned()
}
