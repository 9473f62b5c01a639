//! A long list of the report's items turned into the template engine's
//! values on both cores.
//!
//! The Markdown and HTML reports hand the whole report to their templates
//! as the engine's values, which copies every text into a value of its own:
//! for the 10,000 goals of a large plan, a tenth of the rendering. The
//! goals of a theme stand alone, so when the engine asks for them and they
//! are many, the second half is turned into values on another thread while
//! this one takes the first. Any other serializer (the JSON export) gets
//! the list as it is.

use minijinja::value::{Serde, Value, serializing_for_value};
use serde::ser::{Serialize, SerializeSeq, Serializer};

/// The fewest items worth a thread.
const LONG: usize = 512;

/// `items` as a sequence, its second half turned into the engine's values
/// on another thread when the engine is the serializer and they are many.
pub(super) fn on_both_cores<T, S>(items: &[T], serializer: S) -> Result<S::Ok, S::Error>
where
    T: Serialize + Sync,
    S: Serializer,
{
    if items.len() < LONG || !serializing_for_value() {
        return items.serialize(serializer);
    }
    let (first, second) = items.split_at(items.len() / 2);
    std::thread::scope(|scope| {
        let other = scope.spawn(|| {
            second
                .iter()
                .map(|item| Value::from(Serde(item)))
                .collect::<Vec<Value>>()
        });
        let mut sequence = serializer.serialize_seq(Some(items.len()))?;
        for item in first {
            sequence.serialize_element(item)?;
        }
        let values = other
            .join()
            .expect("turning a report's item into values does not panic");
        for value in &values {
            sequence.serialize_element(value)?;
        }
        sequence.end()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Serialize)]
    struct Item {
        n: usize,
        name: String,
    }

    #[derive(serde::Serialize)]
    struct Items {
        #[serde(serialize_with = "on_both_cores")]
        items: Vec<Item>,
    }

    #[test]
    fn values_and_json_keep_every_item_in_order() {
        let list = Items {
            items: (0..LONG * 2 + 1)
                .map(|n| Item {
                    n,
                    name: format!("item {n}"),
                })
                .collect(),
        };
        let value = Value::from(Serde(&list));
        let items = value.get_attr("items").expect("a list");
        assert_eq!(items.len(), Some(LONG * 2 + 1));
        for (n, item) in items.try_iter().expect("a list").enumerate() {
            assert_eq!(item.get_attr("n").expect("n"), Value::from(n));
            assert_eq!(
                item.get_attr("name").expect("a name").as_str(),
                Some(format!("item {n}").as_str())
            );
        }
        let json = serde_json::to_value(&list).expect("JSON");
        assert_eq!(json["items"].as_array().map(Vec::len), Some(LONG * 2 + 1));
        assert_eq!(json["items"][LONG * 2]["name"], "item 1024");
    }
}
