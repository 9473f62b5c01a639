//! The JSON Schema of a plan file, generated from the field tables.
//!
//! `commonplan schema` prints it, so that editors such as taplo check and
//! complete a plan as it is typed. Every table of the plan is a definition
//! built from its [`TableKind::fields`] and [`TableKind::nested`]; a closed
//! list of words is an `enum`, so that an editor says "expected one of …".
//! The model's types implement [`JsonSchema`] here, by the same tables, so the
//! JSON export's schema describes the plan's items the same way.

use std::borrow::Cow;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde_json::{Map, Value, json};

use super::{Collection, FORMAT, Field, FieldKind, LARGEST_NUMBER, Limit, PLAN_KEY, TableKind};
use crate::model::{self, Keyword};

/// The JSON Schema (draft 07) of a plan file.
pub fn plan_schema() -> Schema {
    schemars::generate::SchemaSettings::draft07()
        .into_generator()
        .into_root_schema_for::<model::Plan>()
}

/// [`plan_schema`] as pretty-printed JSON, as `commonplan schema` prints it.
pub fn plan_schema_json() -> String {
    serde_json::to_string_pretty(&plan_schema()).expect("a schema serialises to JSON")
}

/// The schema of one value of `field`.
pub fn field_schema(field: &Field) -> Value {
    let mut schema = match field.kind {
        FieldKind::Id => json!({ "type": "string", "pattern": "^[a-z0-9][a-z0-9-]{0,63}$" }),
        FieldKind::Text | FieldKind::Reference(_) => json!({ "type": "string" }),
        FieldKind::Integer => json!({ "type": "integer" }),
        FieldKind::Number => json!({ "type": "number" }),
        FieldKind::Date => date_schema(),
        FieldKind::Bool => json!({ "type": "boolean" }),
        FieldKind::Keyword(words) => json!({ "type": "string", "enum": words }),
        FieldKind::References(_) | FieldKind::Texts => {
            json!({ "type": "array", "items": { "type": "string" } })
        }
    };
    let object = schema.as_object_mut().expect("a schema is an object");
    object.insert("description".into(), field.doc.into());
    if let Some(default) = field.default {
        let value = serde_json::from_str(default).expect("a default is a JSON literal");
        object.insert("default".into(), value);
    }
    if matches!(field.kind, FieldKind::Integer | FieldKind::Number) {
        object.insert("maximum".into(), LARGEST_NUMBER.into());
        object.insert("minimum".into(), (-LARGEST_NUMBER).into());
    }
    match field.limit {
        Some(Limit::Above(n)) => {
            object.remove("minimum");
            object.insert("exclusiveMinimum".into(), n.into())
        }
        Some(Limit::AtLeast(n)) => object.insert("minimum".into(), n.into()),
        None => None,
    };
    schema
}

fn date_schema() -> Value {
    json!({
        "type": "string",
        "format": "date",
        "description": "A local date, written unquoted in TOML: 2025-06-30"
    })
}

/// The schema of a table of `kind`: its fields, then its nested collections.
fn table_schema(generator: &mut SchemaGenerator, kind: TableKind) -> Schema {
    let mut properties = Map::new();
    for field in kind.fields() {
        properties.insert(field.key.into(), field_schema(field));
    }
    for nested in kind.nested() {
        let items = subschema(generator, nested.item());
        properties.insert(
            nested.key().into(),
            json!({
                "description": nested.item().doc(),
                "type": "array",
                "default": [],
                "items": items,
            }),
        );
    }
    let required: Vec<&str> = kind.required().map(|f| f.key).collect();
    json_schema!({
        "description": kind.doc(),
        "type": "object",
        "properties": properties,
        "required": required,
    })
}

/// A reference to the definition of a table of `kind`.
fn subschema(generator: &mut SchemaGenerator, kind: TableKind) -> Schema {
    match kind {
        TableKind::Plan => generator.subschema_for::<model::PlanInfo>(),
        TableKind::Theme => generator.subschema_for::<model::Theme>(),
        TableKind::Actor => generator.subschema_for::<model::Actor>(),
        TableKind::Goal => generator.subschema_for::<model::Goal>(),
        TableKind::Indicator => generator.subschema_for::<model::Indicator>(),
        TableKind::Measurement => generator.subschema_for::<model::Measurement>(),
        TableKind::Milestone => generator.subschema_for::<model::Milestone>(),
        TableKind::Comment => generator.subschema_for::<model::Comment>(),
        TableKind::Partnership => generator.subschema_for::<model::Partnership>(),
        TableKind::Party => generator.subschema_for::<model::Party>(),
        TableKind::Contribution => generator.subschema_for::<model::Contribution>(),
        TableKind::Workshop => generator.subschema_for::<model::Workshop>(),
        TableKind::Vote => generator.subschema_for::<model::Vote>(),
        TableKind::Decision => generator.subschema_for::<model::Decision>(),
    }
}

impl JsonSchema for model::Plan {
    fn schema_name() -> Cow<'static, str> {
        "Plan".into()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let mut properties = Map::new();
        properties.insert(FORMAT.key.into(), field_schema(&FORMAT));
        let plan = subschema(generator, TableKind::Plan);
        properties.insert(
            PLAN_KEY.into(),
            json!({ "description": TableKind::Plan.doc(), "allOf": [plan] }),
        );
        for collection in Collection::ALL {
            let items = subschema(generator, collection.item());
            properties.insert(
                collection.key().into(),
                json!({
                    "description": collection.item().doc(),
                    "type": "array",
                    "default": [],
                    "items": items,
                }),
            );
        }
        json_schema!({
            "title": "commonplan plan, format 1",
            "description": "A whole plan file.",
            "type": "object",
            "properties": properties,
            "required": [FORMAT.key, PLAN_KEY],
        })
    }
}

macro_rules! table_schemas {
    ($($ty:ident => $kind:ident),+ $(,)?) => {
        $(
            impl JsonSchema for model::$ty {
                fn schema_name() -> Cow<'static, str> {
                    stringify!($ty).into()
                }

                fn json_schema(generator: &mut SchemaGenerator) -> Schema {
                    table_schema(generator, TableKind::$kind)
                }
            }
        )+
    };
}

table_schemas! {
    PlanInfo => Plan,
    Theme => Theme,
    Actor => Actor,
    Goal => Goal,
    Indicator => Indicator,
    Measurement => Measurement,
    Milestone => Milestone,
    Comment => Comment,
    Partnership => Partnership,
    Party => Party,
    Contribution => Contribution,
    Workshop => Workshop,
    Vote => Vote,
    Decision => Decision,
}

macro_rules! keyword_schemas {
    ($($ty:ident),+ $(,)?) => {
        $(
            impl JsonSchema for model::$ty {
                fn schema_name() -> Cow<'static, str> {
                    stringify!($ty).into()
                }

                fn json_schema(_: &mut SchemaGenerator) -> Schema {
                    json_schema!({ "type": "string", "enum": <model::$ty as Keyword>::WORDS })
                }
            }
        )+
    };
}

keyword_schemas! {
    PlanStatus,
    Role,
    GoalStatus,
    Priority,
    Instrument,
    Complexity,
    PartnershipStatus,
    ContributionKind,
    Period,
    Stance,
}

impl JsonSchema for model::Date {
    fn schema_name() -> Cow<'static, str> {
        "Date".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        Schema::try_from(date_schema()).expect("an object is a schema")
    }
}
