//! Dot budgets: a vote is placed by one of the workshop's participants and
//! within the dots they have left (the workshop's `dots`, less what they
//! already placed). An edit that would break either is refused with the
//! numbers, before it touches the document.

use crate::fields::Collection;
use crate::model::{Plan, Workshop};

use super::vocabulary::{EditError, FieldValue, ItemPath};

/// Check a vote about to be added to the workshop at `parent`, with
/// `fields` as the edit gives them.
pub(super) fn check_new_vote(
    plan: &Plan,
    parent: &ItemPath,
    fields: &[(String, FieldValue)],
) -> Result<(), EditError> {
    let Some(workshop) = workshop_at(plan, parent) else {
        return Ok(());
    };
    let (Some(participant), Some(dots)) = (text(fields, "participant"), integer(fields, "dots"))
    else {
        // A vote without them is refused as incomplete elsewhere.
        return Ok(());
    };
    check(workshop, participant, dots, None)
}

/// Check a change of the field `key` of the vote at `vote` to `value`: the
/// vote as it would be must fit its participant's budget.
pub(super) fn check_changed_vote(
    plan: &Plan,
    vote: &ItemPath,
    key: &str,
    value: &FieldValue,
) -> Result<(), EditError> {
    let Some((parent, _, index)) = vote.parent() else {
        return Ok(());
    };
    let Some(workshop) = workshop_at(plan, &parent) else {
        return Ok(());
    };
    let Some(old) = workshop.votes.get(index) else {
        return Ok(());
    };
    let (participant, dots) = match (key, value) {
        ("participant", FieldValue::Text(name)) => (name.as_str(), old.dots),
        ("dots", FieldValue::Integer(dots)) => (old.participant.as_str(), *dots),
        _ => return Ok(()),
    };
    check(workshop, participant, dots, Some(index))
}

/// The workshop at `path`, when it is one.
fn workshop_at<'a>(plan: &'a Plan, path: &ItemPath) -> Option<&'a Workshop> {
    match (path.top_item()?, path.steps.len()) {
        ((Collection::Workshops, index), 1) => plan.workshops.get(index),
        _ => None,
    }
}

/// Whether `participant` may place `dots` in `workshop`, the vote at
/// `replacing` (when it is a change) not counted as placed.
fn check(
    workshop: &Workshop,
    participant: &str,
    dots: i64,
    replacing: Option<usize>,
) -> Result<(), EditError> {
    if !workshop.participants.iter().any(|p| p == participant) {
        let known = if workshop.participants.is_empty() {
            "it has none yet".to_owned()
        } else {
            format!("they are {}", workshop.participants.join(", "))
        };
        return Err(EditError::BadValue {
            key: "participant".to_owned(),
            reason: format!(
                "{participant} is not a participant of workshop `{}` ({known}); \
                 add them to its participants first",
                workshop.id
            ),
        });
    }
    let placed: i64 = workshop
        .votes
        .iter()
        .enumerate()
        .filter(|&(i, v)| v.participant == participant && Some(i) != replacing)
        .map(|(_, v)| v.dots)
        .sum();
    if placed.saturating_add(dots) > workshop.dots {
        let (elsewhere, here) = match replacing {
            Some(_) => (" in their other votes", "here"),
            None => ("", "more"),
        };
        return Err(EditError::BadValue {
            key: "dots".to_owned(),
            reason: format!(
                "{participant} has {} and placed {placed}{elsewhere}; {dots} {here} would be {}",
                dots_counted(workshop.dots),
                placed.saturating_add(dots)
            ),
        });
    }
    Ok(())
}

fn dots_counted(n: i64) -> String {
    if n == 1 {
        "1 dot".to_owned()
    } else {
        format!("{n} dots")
    }
}

fn text<'a>(fields: &'a [(String, FieldValue)], key: &str) -> Option<&'a str> {
    fields.iter().find_map(|(k, v)| match v {
        FieldValue::Text(text) if k == key => Some(text.as_str()),
        _ => None,
    })
}

fn integer(fields: &[(String, FieldValue)], key: &str) -> Option<i64> {
    fields.iter().find_map(|(k, v)| match v {
        FieldValue::Integer(n) if k == key => Some(*n),
        _ => None,
    })
}
