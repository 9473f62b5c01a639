//! Naming an item for a person: `goal `short-food-chains``, `indicator 2 of
//! goal `short-food-chains``, `the plan`. Edit messages and the UI's titles
//! and status lines name items this one way.
//!
//! An item with an id (the top-level ones) is named by it, as the file
//! writes it; a nested item by its 1-based position, as `commonplan set`
//! addresses it. Ids come from the document, so an item is named the same
//! before and after the typed plan follows an edit, and every id goes
//! through [`printable`] on its way to a person.

use toml_edit::{DocumentMut, Item};

use crate::document::PlanDocument;
use crate::text::printable;

use super::tables::table_ref;
use super::vocabulary::{EditError, ItemPath};

/// How a person names the item at `item` of `document`: "the plan",
/// "goal `food`", "indicator 2 of goal `food`". An item the document does not
/// hold is named by its position ("goal 7").
///
/// ```
/// use commonplan::document::PlanDocument;
/// use commonplan::edit::{ItemPath, describe};
/// use commonplan::fields::{Collection, Nested};
/// use commonplan::model::Date;
///
/// let text = "format = 1\n[plan]\ncity = \"Ghent\"\ntitle = \"Commons Transition Plan\"\n\
///             [[goals]]\nid = \"food\"\ntitle = \"Short food chains\"\n\
///             [[goals.indicators]]\nname = \"Hubs\"\n";
/// let document = PlanDocument::load(text.as_bytes(), Date::today()).unwrap();
/// let goal = ItemPath::top(Collection::Goals, 0);
/// assert_eq!(describe(&document, &goal), "goal `food`");
/// let indicator = goal.child(Nested::Indicators, 0);
/// assert_eq!(describe(&document, &indicator), "indicator 1 of goal `food`");
/// assert_eq!(describe(&document, &ItemPath::plan()), "the plan");
/// ```
pub fn describe(document: &PlanDocument, item: &ItemPath) -> String {
    describe_in(document.document(), item)
}

/// [`describe`], over the `toml_edit` document itself.
pub(super) fn describe_in(doc: &DocumentMut, item: &ItemPath) -> String {
    if item.steps.is_empty() {
        return "the plan".to_owned();
    }
    let mut parts = Vec::with_capacity(item.steps.len());
    for depth in 1..=item.steps.len() {
        let prefix = ItemPath {
            steps: item.steps[..depth].to_vec(),
        };
        let (collection, index) = item.steps[depth - 1];
        let noun = prefix.kind().map_or(collection, |kind| kind.noun());
        let id = table_ref(doc, &prefix)
            .and_then(|t| t.get("id"))
            .and_then(Item::as_str)
            .filter(|id| !id.is_empty());
        parts.push(match id {
            Some(id) => format!("{noun} `{}`", printable(id)),
            None => format!("{noun} {}", index + 1),
        });
    }
    parts.reverse();
    parts.join(" of ")
}

/// The error for an item the document does not hold. The plan is named by
/// its table (`there is no `[plan]` table`), since "the plan" as
/// [`describe`] names it reads wrongly after "there is no".
pub(super) fn no_such_item(doc: &DocumentMut, item: &ItemPath) -> EditError {
    if item.steps.is_empty() {
        EditError::NoSuchItem("`[plan]` table in the file".to_owned())
    } else {
        EditError::NoSuchItem(describe_in(doc, item))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fields::{Collection, Nested};
    use crate::model::Date;

    const PLAN: &str = "format = 1\n[plan]\ncity = \"G\"\ntitle = \"T\"\n\n\
        [[goals]]\nid = \"food\"\ntitle = \"F\"\n\n\
        [[goals.indicators]]\nname = \"Hubs\"\nmeasurements = [{ date = 2025-01-01, value = 3 }]\n\n\
        [[goals]]\nid = \"bad\\u001b[2J\"\ntitle = \"B\"\n\n\
        [[partnerships]]\nid = \"pact\"\ntitle = \"P\"\n\n\
        [[partnerships.parties]]\nactor = \"city\"\n";

    fn document() -> PlanDocument {
        PlanDocument::load(PLAN.as_bytes(), Date::new(2026, 1, 1).expect("a date")).expect("loads")
    }

    #[test]
    fn items_are_named_by_id_then_by_position() {
        let document = document();
        let goal = ItemPath::top(Collection::Goals, 0);
        let named = |item: &ItemPath| describe(&document, item);
        assert_eq!(named(&ItemPath::plan()), "the plan");
        assert_eq!(named(&goal), "goal `food`");
        assert_eq!(
            named(
                &goal
                    .child(Nested::Indicators, 0)
                    .child(Nested::Measurements, 0)
            ),
            "measurement 1 of indicator 1 of goal `food`"
        );
        assert_eq!(
            named(&ItemPath::top(Collection::Partnerships, 0).child(Nested::Parties, 0)),
            "party 1 of partnership `pact`"
        );
        // Not in the plan: named by position.
        assert_eq!(named(&ItemPath::top(Collection::Goals, 6)), "goal 7");
        assert_eq!(
            named(&goal.child(Nested::Milestones, 1)),
            "milestone 2 of goal `food`"
        );
    }

    #[test]
    fn ids_reach_a_person_printable() {
        let document = document();
        let named = describe(&document, &ItemPath::top(Collection::Goals, 1));
        assert_eq!(named, "goal `bad\\u{1b}[2J`");
    }
}
