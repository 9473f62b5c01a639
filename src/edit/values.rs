//! Value checks: whether a value fits a field — its kind, its words, and
//! that the items it refers to exist. Every edit is checked by them before
//! it touches the document, and a form checks a value as it is typed.

use crate::diagnostic::did_you_mean;
use crate::fields::{Collection, FieldKind, Limit, TableKind, Target};
use crate::model::{Plan, is_valid_id};

use super::vocabulary::{EditError, FieldValue, no_such_field};

/// The ids a reference of `target` may name.
pub(super) fn ids_of(plan: &Plan, target: Target) -> Vec<&str> {
    match target {
        Target::Theme => plan.themes.iter().map(|t| t.id.as_str()).collect(),
        Target::Actor => plan.actors.iter().map(|a| a.id.as_str()).collect(),
        Target::Goal => plan.goals.iter().map(|g| g.id.as_str()).collect(),
        Target::GoalOrPartnership => plan
            .goals
            .iter()
            .map(|g| g.id.as_str())
            .chain(plan.partnerships.iter().map(|p| p.id.as_str()))
            .collect(),
        Target::Workshop => plan.workshops.iter().map(|w| w.id.as_str()).collect(),
    }
}

/// The ids of the items of `collection`, in order: position `i` holds the
/// id of item `i`.
pub(super) fn ids_in(plan: &Plan, collection: Collection) -> Vec<&str> {
    match collection {
        Collection::Themes => plan.themes.iter().map(|t| t.id.as_str()).collect(),
        Collection::Actors => plan.actors.iter().map(|a| a.id.as_str()).collect(),
        Collection::Goals => plan.goals.iter().map(|g| g.id.as_str()).collect(),
        Collection::Partnerships => plan.partnerships.iter().map(|p| p.id.as_str()).collect(),
        Collection::Workshops => plan.workshops.iter().map(|w| w.id.as_str()).collect(),
    }
}

/// The ids a new or renamed item of `collection` may not take: those of its
/// own collection and of any collection it shares ids with (goals and
/// partnerships share one set).
pub(super) fn taken_ids(plan: &Plan, collection: Collection) -> Vec<&str> {
    Collection::ALL
        .iter()
        .filter(|other| collection.shares_ids_with(**other))
        .flat_map(|&other| ids_in(plan, other))
        .collect()
}

/// Check `value` for the field `key` of a `kind` item: its kind, its words,
/// and that the items it refers to exist. Every edit is checked by it; a form
/// uses it to check a value as it is typed.
pub fn check_value(
    plan: &Plan,
    kind: TableKind,
    key: &str,
    value: &FieldValue,
) -> Result<(), EditError> {
    let field = kind.field(key).ok_or_else(|| no_such_field(kind, key))?;
    let bad = |reason: String| EditError::BadValue {
        key: key.to_owned(),
        reason,
    };
    let check_reference = |target: Target, id: &str| -> Result<(), EditError> {
        let ids = ids_of(plan, target);
        if ids.contains(&id) {
            return Ok(());
        }
        let mut reason = format!("there is no {} with the id `{id}`", target.noun());
        if let Some(mean) = did_you_mean(id, ids.iter().copied()) {
            reason = format!("{reason}; {mean}");
        } else if !ids.is_empty() && ids.len() <= 12 {
            reason = format!("{reason}; the ids are {}", ids.join(", "));
        }
        Err(bad(reason))
    };
    match (field.kind, value) {
        (FieldKind::Id, FieldValue::Text(id)) if is_valid_id(id) => Ok(()),
        (FieldKind::Id, _) => Err(bad(
            "an id is 1 to 64 characters of a-z, 0-9 and `-`, starting with a letter or digit"
                .to_owned(),
        )),
        (FieldKind::Text, FieldValue::Text(text)) => {
            if field.required && text.trim().is_empty() {
                Err(bad("it cannot be empty".to_owned()))
            } else {
                Ok(())
            }
        }
        (FieldKind::Keyword(words), FieldValue::Text(word)) => {
            if words.contains(&word.as_str()) {
                Ok(())
            } else {
                let mean = did_you_mean(word, words.iter().copied())
                    .map(|m| format!("{m} "))
                    .unwrap_or_default();
                Err(bad(format!(
                    "`{word}` is not allowed; {mean}the values are {}",
                    words.join(", ")
                )))
            }
        }
        (FieldKind::Reference(target), FieldValue::Text(id)) => check_reference(target, id),
        (FieldKind::References(target), FieldValue::Texts(ids)) => {
            ids.iter().try_for_each(|id| check_reference(target, id))
        }
        (FieldKind::Integer, FieldValue::Integer(_))
        | (FieldKind::Number, FieldValue::Number(_) | FieldValue::Integer(_))
        | (FieldKind::Date, FieldValue::Date(_))
        | (FieldKind::Bool, FieldValue::Bool(_))
        | (FieldKind::Texts, FieldValue::Texts(_)) => {
            if key == "weight"
                && let FieldValue::Number(w) = value
                && *w <= 0.0
            {
                return Err(bad("a weight must be greater than 0".to_owned()));
            }
            let number = match value {
                FieldValue::Integer(n) => Some(*n as f64),
                FieldValue::Number(n) => Some(*n),
                _ => None,
            };
            if let Some(n) = number
                && !crate::fields::within_largest(n)
            {
                return Err(bad(format!(
                    "it must be at most {} either way",
                    crate::text::number(crate::fields::LARGEST_NUMBER as f64)
                )));
            }
            match (field.limit, number) {
                (Some(Limit::AtLeast(least)), Some(n)) if n < least as f64 => {
                    Err(bad(format!("it must be {least} or more")))
                }
                (Some(Limit::Above(floor)), Some(n)) if n <= floor as f64 => {
                    Err(bad(format!("it must be more than {floor}")))
                }
                _ => Ok(()),
            }
        }
        (kind, _) => Err(bad(format!("expected {}", kind_name(kind)))),
    }
}

pub(super) fn kind_name(kind: FieldKind) -> &'static str {
    match kind {
        FieldKind::Id => "an id",
        FieldKind::Text => "text",
        FieldKind::Integer => "a whole number",
        FieldKind::Number => "a number",
        FieldKind::Date => "a date (YYYY-MM-DD)",
        FieldKind::Bool => "`true` or `false`",
        FieldKind::Keyword(_) => "one of the allowed words",
        FieldKind::Reference(_) => "an id",
        FieldKind::References(_) => "a list of ids",
        FieldKind::Texts => "a list of texts",
    }
}
