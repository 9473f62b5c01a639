//! The JSON export: the [`Report`] as it is, and its JSON Schema.
//!
//! Field names are the plan format's keys; every key is present, `null`
//! when the plan leaves it out and the format gives it no default.

use super::Report;

/// The report as pretty-printed JSON, ending with a newline, written by
/// the one JSON writer ([`crate::text::write_json`]): control and
/// bidirectional characters in strings are `\u` escapes.
pub fn render(report: &Report) -> String {
    crate::text::json_text(report)
}

/// The JSON Schema of [`render`]'s output, ending with a newline.
pub fn schema() -> String {
    let generator = schemars::generate::SchemaSettings::draft07().into_generator();
    let schema = generator.into_root_schema_for::<Report>();
    let mut text = serde_json::to_string_pretty(&schema).expect("a schema is plain data");
    text.push('\n');
    text
}
