//! An example plan (or arbitrary bytes) and a sequence of arbitrary edits,
//! undos and redos. A refused edit changes nothing; the edited text loads
//! back to the plan held in memory; undoing everything gives back the
//! original bytes exactly, and redoing it all the edited bytes.

#![no_main]

use arbitrary::Arbitrary;
use commonplan::document::PlanDocument;
use commonplan::edit::{Edit, FieldValue, History, ItemPath};
use commonplan::fields::{Collection, Nested, TableKind};
use commonplan::model::Date;
use libfuzzer_sys::fuzz_target;

include!(concat!(env!("OUT_DIR"), "/examples.rs"));

/// Where the plan comes from.
#[derive(Arbitrary, Debug)]
enum Source<'a> {
    /// One of the example plans.
    Example(u8),
    /// Bytes of its own.
    Bytes(&'a [u8]),
}

/// An item: a top-level one, or one nested in it.
#[derive(Arbitrary, Debug)]
struct Place {
    collection: u8,
    index: u8,
    nested: Option<(u8, u8)>,
}

impl Place {
    fn path(&self) -> ItemPath {
        let collection = Collection::ALL[usize::from(self.collection) % Collection::ALL.len()];
        let top = ItemPath::top(collection.key(), usize::from(self.index));
        match self.nested {
            Some((nested, index)) => {
                let nested = Nested::ALL[usize::from(nested) % Nested::ALL.len()];
                top.child(nested.key(), usize::from(index))
            }
            None => top,
        }
    }
}

/// A key: one the item's kind has, or any.
#[derive(Arbitrary, Debug)]
enum Key {
    Known(u8),
    Any(String),
}

#[derive(Arbitrary, Debug)]
enum Value {
    Text(String),
    Integer(i64),
    Number(f64),
    Bool(bool),
    Date(u16, u8, u8),
    Texts(Vec<String>),
}

impl Value {
    fn field(self) -> Option<FieldValue> {
        Some(match self {
            Value::Text(text) => FieldValue::Text(text),
            Value::Integer(n) => FieldValue::Integer(n),
            Value::Number(n) => FieldValue::Number(n),
            Value::Bool(b) => FieldValue::Bool(b),
            Value::Date(year, month, day) => FieldValue::Date(Date::new(year, month, day)?),
            Value::Texts(texts) => FieldValue::Texts(texts),
        })
    }
}

#[derive(Arbitrary, Debug)]
enum Step {
    Set {
        place: Option<Place>,
        key: Key,
        value: Option<Value>,
    },
    Add {
        parent: Option<Place>,
        collection: u8,
        fields: Vec<(Key, Value)>,
    },
    Remove(Place),
    Move(Place, u8),
    Rename(Place, String),
    Undo,
    Redo,
}

/// The key `key` names on the item at `path`.
fn key_name(path: &ItemPath, key: Key) -> String {
    match key {
        Key::Any(key) => key,
        Key::Known(n) => {
            let kind = match path.steps.last() {
                None => Some(TableKind::Plan),
                Some((key, _)) if path.steps.len() == 1 => Collection::ALL
                    .iter()
                    .find(|c| c.key() == *key)
                    .map(|c| c.item()),
                Some((key, _)) => Nested::ALL
                    .iter()
                    .find(|c| c.key() == *key)
                    .map(|c| c.item()),
            };
            let fields = kind.map(|k| k.fields()).unwrap_or_default();
            if fields.is_empty() {
                "title".to_owned()
            } else {
                fields[usize::from(n) % fields.len()].key.to_owned()
            }
        }
    }
}

#[derive(Arbitrary, Debug)]
struct Input<'a> {
    plan: Source<'a>,
    steps: Vec<Step>,
}

fuzz_target!(|input: Input<'_>| {
    let today = Date::new(2026, 11, 22).expect("a valid date");
    let original: &[u8] = match input.plan {
        Source::Example(n) => EXAMPLES[usize::from(n) % EXAMPLES.len()],
        Source::Bytes(bytes) => bytes,
    };
    let Ok(mut document) = PlanDocument::load(original, today) else {
        return;
    };
    let mut history = History::new();
    for step in input.steps.into_iter().take(64) {
        let edit = match step {
            Step::Undo => {
                history.undo(&mut document);
                continue;
            }
            Step::Redo => {
                history.redo(&mut document);
                continue;
            }
            Step::Set { place, key, value } => {
                let item = place.map_or_else(ItemPath::plan, |p| p.path());
                let key = key_name(&item, key);
                let value = match value {
                    Some(value) => match value.field() {
                        Some(value) => Some(value),
                        None => continue,
                    },
                    None => None,
                };
                Edit::Set { item, key, value }
            }
            Step::Add {
                parent,
                collection,
                fields,
            } => {
                let (parent, collection) = match parent {
                    None => (
                        ItemPath::plan(),
                        Collection::ALL[usize::from(collection) % Collection::ALL.len()].key(),
                    ),
                    Some(place) => (
                        Place {
                            nested: None,
                            ..place
                        }
                        .path(),
                        Nested::ALL[usize::from(collection) % Nested::ALL.len()].key(),
                    ),
                };
                let mut named = Vec::new();
                for (key, value) in fields.into_iter().take(8) {
                    let Some(value) = value.field() else { continue };
                    named.push((key_name(&parent, key), value));
                }
                Edit::Add {
                    parent,
                    collection: collection.to_owned(),
                    fields: named,
                }
            }
            Step::Remove(place) => Edit::Remove { item: place.path() },
            Step::Move(place, to) => Edit::Move {
                item: place.path(),
                to: usize::from(to),
            },
            Step::Rename(place, to) => Edit::Rename {
                item: Place {
                    nested: None,
                    ..place
                }
                .path(),
                to,
            },
        };
        let before = document.to_bytes();
        if history.apply(&mut document, &edit).is_err() {
            assert_eq!(
                document.to_bytes(),
                before,
                "a refused {edit:?} changed the text"
            );
        }
    }
    let edited = document.to_bytes();
    match PlanDocument::load(&edited, today) {
        // Debug text, so that a NaN compares equal to itself.
        Ok(reloaded) => assert_eq!(
            format!("{:?}", reloaded.plan()),
            format!("{:?}", document.plan()),
            "the edited text loads back to another plan"
        ),
        Err(failure) => panic!(
            "the edited text no longer loads: {:?}\n{}",
            failure.diagnostic,
            String::from_utf8_lossy(&edited)
        ),
    }
    while history.undo(&mut document) {}
    assert!(
        document.to_bytes() == original,
        "undoing every edit gives back the original"
    );
    while history.redo(&mut document) {}
    assert!(
        document.to_bytes() == edited,
        "redoing every edit gives back the edited text"
    );
});
