//! The documentation, the JSON Schema and the reader follow the program's own
//! tables, so none can drift: every diagnostic code is in `docs/format.md`
//! with its severity and meaning; the page's key table is generated from the
//! field tables; the schema's properties, required keys and words are the
//! fields'; the reader knows exactly the fields and reads each into the
//! model, whose serde names are the fields' keys.

use commonplan::diagnostic::{Code, Severity};
use commonplan::document::PlanDocument;
use commonplan::fields::{self, Collection, FieldKind, TableKind, docs, schema};
use commonplan::model::Date;
use serde_json::Value;

const PAGE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/format.md");

fn page() -> String {
    std::fs::read_to_string(PAGE).expect("docs/format.md exists")
}

#[test]
fn format_page_lists_every_code() {
    let page = page();
    for code in Code::ALL {
        let severity = match code.severity() {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let row = format!("| `{code}` | {severity} | {} |", code.summary());
        assert!(page.contains(&row), "docs/format.md lacks the row\n{row}");
    }
}

/// The page's key table is exactly what the field tables generate.
/// `COMMONPLAN_BLESS=1 cargo test --test docs` writes it.
#[test]
fn format_page_key_table_is_the_fields() {
    let page = page();
    let start = page
        .find(docs::BEGIN)
        .expect("the page marks its key table")
        + docs::BEGIN.len();
    let end = start + page[start..].find(docs::END).expect("the key table ends");
    let expected = format!("\n{}", docs::key_table());
    if std::env::var_os("COMMONPLAN_BLESS").is_some() {
        let written = format!("{}{expected}{}", &page[..start], &page[end..]);
        std::fs::write(PAGE, written).expect("docs/format.md is writable");
        return;
    }
    assert_eq!(
        page[start..end],
        expected,
        "docs/format.md's key table differs from src/fields; run COMMONPLAN_BLESS=1 cargo test --test docs"
    );
}

/// The keys the page's prose lists as numbers and as integers are fields of
/// that kind, and every such field is listed.
#[test]
fn format_page_names_numbers_and_integers_by_the_fields() {
    let page = page();
    let listed = |label: &str| -> Vec<String> {
        let at = page
            .find(label)
            .unwrap_or_else(|| panic!("{label} on the page"))
            + label.len();
        let rest = page[at..].trim_start();
        let inside = &rest[1..rest.find(')').expect("a closing parenthesis")];
        let mut keys: Vec<String> = inside
            .split(',')
            .map(|k| k.trim().trim_matches('`').to_owned())
            .collect();
        keys.sort();
        keys
    };
    let of_kind = |wanted: FieldKind| -> Vec<String> {
        let mut keys: Vec<String> = TableKind::ALL
            .iter()
            .flat_map(|k| k.fields())
            .filter(|f| f.kind == wanted)
            .map(|f| f.key.to_owned())
            .collect();
        keys.sort();
        keys.dedup();
        keys
    };
    assert_eq!(listed("**Numbers**"), of_kind(FieldKind::Number));
    let mut integers = of_kind(FieldKind::Integer);
    integers.retain(|k| k != "format");
    assert_eq!(listed("**Integers**"), integers);
}

fn definitions(schema: &Value) -> &serde_json::Map<String, Value> {
    schema["definitions"].as_object().expect("definitions")
}

/// The definition a table's items are described by.
fn definition(schema: &Value, kind: TableKind) -> &Value {
    let name = match kind {
        TableKind::Plan => "PlanInfo".to_owned(),
        other => {
            let noun = other.noun();
            noun[..1].to_uppercase() + &noun[1..]
        }
    };
    &definitions(schema)[&name]
}

fn sorted(keys: impl IntoIterator<Item = impl Into<String>>) -> Vec<String> {
    let mut keys: Vec<String> = keys.into_iter().map(Into::into).collect();
    keys.sort();
    keys
}

#[test]
fn every_schema_property_is_a_field_and_the_other_way_round() {
    let schema: Value = serde_json::from_str(&schema::plan_schema_json()).unwrap();
    let root = schema["properties"].as_object().unwrap().keys();
    assert_eq!(sorted(root), sorted(fields::root_keys()));
    assert_eq!(schema["required"], serde_json::json!(["format", "plan"]));
    assert_eq!(definitions(&schema).len(), TableKind::ALL.len());
    for &kind in TableKind::ALL {
        let definition = definition(&schema, kind);
        let properties = definition["properties"]
            .as_object()
            .unwrap_or_else(|| panic!("{kind:?} has a definition"));
        assert_eq!(sorted(properties.keys()), sorted(kind.keys()), "{kind:?}");
        let required: Vec<String> = definition["required"]
            .as_array()
            .unwrap()
            .iter()
            .map(|k| k.as_str().unwrap().to_owned())
            .collect();
        assert_eq!(
            sorted(required),
            sorted(kind.required().map(|f| f.key)),
            "{kind:?}"
        );
        for field in kind.fields() {
            let property = &properties[field.key];
            assert_eq!(property["description"], field.doc, "{kind:?}.{}", field.key);
            if let FieldKind::Keyword(words) = field.kind {
                assert_eq!(property["enum"], serde_json::json!(words), "{}", field.key);
            }
        }
    }
    // Words are an `enum`, so that editors say "expected one of …".
    let text = schema::plan_schema_json();
    assert!(!text.contains("\"oneOf\"") && !text.contains("\"const\""));
}

/// The TOML for one value of `kind`, unlike its default.
fn sample(kind: FieldKind, default: Option<&str>) -> String {
    match kind {
        FieldKind::Id | FieldKind::Reference(_) => "\"x-1\"".to_owned(),
        FieldKind::Text => "\"some text\"".to_owned(),
        FieldKind::Integer => "7".to_owned(),
        FieldKind::Number => "2.5".to_owned(),
        FieldKind::Date => "2025-06-30".to_owned(),
        FieldKind::Bool => "true".to_owned(),
        FieldKind::Keyword(words) => {
            let word = words
                .iter()
                .rev()
                .find(|w| default != Some(&format!("\"{w}\"")))
                .expect("a word besides the default");
            format!("\"{word}\"")
        }
        FieldKind::References(_) | FieldKind::Texts => "[\"x-1\"]".to_owned(),
    }
}

/// The kinds of the tables on the way to `kind`'s first header, with the
/// header of each: `[[goals]]`, `[[goals.indicators]]`.
fn chain(kind: TableKind) -> Vec<(TableKind, String)> {
    let tables = docs::tables();
    let header = &tables.iter().find(|(k, _)| *k == kind).unwrap().1[0];
    let path = header.trim_matches(|c| c == '[' || c == ']');
    if kind == TableKind::Plan {
        return vec![(kind, header.clone())];
    }
    let mut out = Vec::new();
    let mut at = String::new();
    let mut current: Option<TableKind> = None;
    for segment in path.split('.') {
        let next = match current {
            None => segment.parse::<Collection>().unwrap().item(),
            Some(parent) => parent.collection(segment).unwrap(),
        };
        at = if at.is_empty() {
            segment.to_owned()
        } else {
            format!("{at}.{segment}")
        };
        out.push((next, format!("[[{at}]]")));
        current = Some(next);
    }
    out
}

/// A plan with one table of `kind` (and the tables above it), each holding
/// its required keys, and `kind`'s holding `extra` too.
fn plan_with(kind: TableKind, extra: &[(&str, String)]) -> String {
    let mut text = String::from("format = 1\n");
    if kind != TableKind::Plan {
        text.push_str("[plan]\ncity = \"C\"\ntitle = \"T\"\n");
    }
    for (table, header) in chain(kind) {
        text.push_str(&format!("{header}\n"));
        let last = table == kind;
        for field in table.required() {
            if last && extra.iter().any(|(k, _)| *k == field.key) {
                continue;
            }
            text.push_str(&format!("{} = {}\n", field.key, sample(field.kind, None)));
        }
        if last {
            for (key, value) in extra {
                text.push_str(&format!("{key} = {value}\n"));
            }
        }
    }
    text
}

fn load(text: &str) -> PlanDocument {
    PlanDocument::load(text.as_bytes(), Date::new(2025, 1, 1).unwrap())
        .unwrap_or_else(|e| panic!("{text}\n{:?}", e.diagnostic))
}

/// The reader's known keys are the fields: each field is read (no `W001`,
/// no complaint about its value) into its own place in the model, and a key
/// that is not a field is reported.
#[test]
fn the_reader_knows_exactly_the_fields() {
    for &kind in TableKind::ALL {
        let bare = load(&plan_with(kind, &[]));
        let bare_json = serde_json::to_value(bare.plan()).unwrap();
        for field in kind.fields() {
            let value = sample(field.kind, field.default);
            let text = plan_with(kind, &[(field.key, value)]);
            let document = load(&text);
            let complaints: Vec<_> = document
                .diagnostics()
                .iter()
                .filter(|d| {
                    matches!(
                        d.code,
                        Code::UnknownKey
                            | Code::WrongType
                            | Code::UnknownKeyword
                            | Code::MissingField
                    )
                })
                .collect();
            assert!(complaints.is_empty(), "{text}\n{complaints:?}");
            if !field.required {
                let json = serde_json::to_value(document.plan()).unwrap();
                assert_ne!(
                    json, bare_json,
                    "{kind:?}.{} is not read\n{text}",
                    field.key
                );
            }
        }
        let text = plan_with(kind, &[("not_a_field", "1".to_owned())]);
        let unknown = load(&text)
            .diagnostics()
            .iter()
            .filter(|d| d.code == Code::UnknownKey)
            .count();
        assert_eq!(unknown, 1, "{text}");
        for field in kind.required() {
            let mut text = plan_with(kind, &[]);
            let line = format!("{} = {}\n", field.key, sample(field.kind, None));
            let at = text.rfind(&line).expect("the required key is written");
            text.replace_range(at..at + line.len(), "");
            let missing = load(&text)
                .diagnostics()
                .iter()
                .any(|d| d.code == Code::MissingField);
            assert!(missing, "{kind:?}.{} is required\n{text}", field.key);
        }
    }
}

/// The model writes exactly the fields' keys, and what it writes is valid
/// by the schema.
#[test]
fn the_model_writes_the_fields_and_the_schema_accepts_it() {
    let schema: Value = serde_json::from_str(&schema::plan_schema_json()).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    for &kind in TableKind::ALL {
        let all: Vec<(&str, String)> = kind
            .fields()
            .iter()
            .map(|f| (f.key, sample(f.kind, f.default)))
            .collect();
        let text = plan_with(kind, &all);
        let json = serde_json::to_value(load(&text).plan()).unwrap();
        let mut object = &json;
        for (table, header) in chain(kind) {
            let path = header.trim_matches(|c| c == '[' || c == ']');
            let key = path.rsplit('.').next().unwrap();
            object = &object[key];
            if table != TableKind::Plan {
                object = &object[0];
            }
        }
        let written = object
            .as_object()
            .unwrap_or_else(|| panic!("{kind:?}: {json}"));
        assert_eq!(sorted(written.keys()), sorted(kind.keys()), "{kind:?}");
        let errors: Vec<String> = validator
            .iter_errors(&json)
            .map(|e| e.to_string())
            .collect();
        assert!(errors.is_empty(), "{kind:?}: {errors:?}\n{json}");
    }
}
