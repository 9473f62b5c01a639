//! References: the fields that name a top-level item by its id, found
//! through the field tables (every `Reference` and `References` field of
//! every table, nested ones included), so a reference field added to the
//! tables is found with no change here. Removing asks what would be left
//! naming nothing; renaming, what to update.

use toml_edit::{DocumentMut, Item, TableLike, Value};

use crate::document::PlanDocument;
use crate::fields::{Collection, Field, FieldKind, TableKind, Target};

use super::address::address_in;
use super::tables::{collection_len, table_ref};
use super::vocabulary::ItemPath;

/// A field of an item that names another item by its id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference {
    /// The item holding the reference.
    pub item: ItemPath,
    /// The field's key.
    pub key: &'static str,
    /// Where it is, as `commonplan set` addresses it:
    /// `partnerships.food-hub-pact.goals`, `workshops.ws-1.votes.2.item`.
    pub place: String,
}

/// What refers to the item at `item`: each field, in file order, that names
/// its id. Empty for a nested item (they have no ids) or an item the
/// document does not hold. References held inside the item itself are left
/// out: they go with it.
///
/// ```
/// use commonplan::document::PlanDocument;
/// use commonplan::edit::{ItemPath, references_to};
/// use commonplan::fields::Collection;
/// use commonplan::model::Date;
///
/// let text = "format = 1\n[plan]\ncity = \"Ghent\"\ntitle = \"Plan\"\n\
///             [[goals]]\nid = \"food\"\ntitle = \"Food\"\n\
///             [[partnerships]]\nid = \"pact\"\ntitle = \"Pact\"\ngoals = [\"food\"]\n";
/// let document = PlanDocument::load(text.as_bytes(), Date::today()).unwrap();
/// let references = references_to(&document, &ItemPath::top(Collection::Goals, 0));
/// assert_eq!(references[0].place, "partnerships.pact.goals");
/// ```
pub fn references_to(document: &PlanDocument, item: &ItemPath) -> Vec<Reference> {
    let doc = document.document();
    let Some((collection, id)) = id_of(doc, item) else {
        return Vec::new();
    };
    let mut found = Vec::new();
    each_reference(doc, collection, &id, |path, _, field| {
        if !path.steps.starts_with(&item.steps) {
            found.push(Reference {
                item: path.clone(),
                key: field.key,
                place: format!("{}.{}", address_in(doc, path), field.key),
            });
        }
    });
    found
}

/// The collection and id of the top-level item at `item`.
pub(super) fn id_of(doc: &DocumentMut, item: &ItemPath) -> Option<(Collection, String)> {
    let (collection, _) = item.top_item()?;
    if item.steps.len() != 1 {
        return None;
    }
    let id = table_ref(doc, item)?.get("id")?.as_str()?;
    Some((collection, id.to_owned()))
}

/// Whether a reference field pointing at `target` may name an item of
/// `collection` (goals and partnerships share one set of ids).
fn may_name(target: Target, collection: Collection) -> bool {
    match target {
        Target::Theme => collection == Collection::Themes,
        Target::Actor => collection == Collection::Actors,
        Target::Goal => collection == Collection::Goals,
        Target::GoalOrPartnership => {
            matches!(collection, Collection::Goals | Collection::Partnerships)
        }
        Target::Workshop => collection == Collection::Workshops,
    }
}

/// Call `found` with every item and reference field that names `id`, an
/// item of `collection`: the item's path, its table, and the field.
pub(super) fn each_reference<'a>(
    doc: &'a DocumentMut,
    collection: Collection,
    id: &str,
    mut found: impl FnMut(&ItemPath, &'a dyn TableLike, &'static Field),
) {
    let mut visit: Vec<(ItemPath, TableKind)> = Vec::new();
    for &c in Collection::ALL.iter().rev() {
        visit.extend(
            (0..collection_len(doc.get(c.key())))
                .rev()
                .map(|i| (ItemPath::top(c, i), c.item())),
        );
    }
    while let Some((path, kind)) = visit.pop() {
        let Some(table) = table_ref(doc, &path) else {
            continue;
        };
        for field in kind.fields() {
            let names = match field.kind {
                FieldKind::Reference(t) if may_name(t, collection) => {
                    table.get(field.key).and_then(Item::as_str) == Some(id)
                }
                FieldKind::References(t) if may_name(t, collection) => {
                    matches!(table.get(field.key), Some(Item::Value(Value::Array(array)))
                        if array.iter().any(|v| v.as_str() == Some(id)))
                }
                _ => false,
            };
            if names {
                found(&path, table, field);
            }
        }
        for &n in kind.nested().iter().rev() {
            visit.extend(
                (0..collection_len(table.get(n.key())))
                    .rev()
                    .map(|i| (path.child(n, i), n.item())),
            );
        }
    }
}
