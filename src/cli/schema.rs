//! `commonplan schema`: the JSON Schema of the plan format, or of the JSON
//! export.

use std::io::Write;

use clap::Args;

use super::Outcome;
use crate::model::Plan;

/// The arguments of `schema`.
#[derive(Debug, Args)]
pub struct SchemaArgs {
    /// Print the schema of the JSON export, not of the plan format.
    #[arg(long)]
    pub export: bool,
}

/// Print the schema asked for.
pub(super) fn run(args: &SchemaArgs, out: &mut dyn Write) -> anyhow::Result<Outcome> {
    if args.export {
        write!(out, "{}", crate::export::json::schema())?;
    } else {
        writeln!(out, "{}", schema())?;
    }
    Ok(Outcome::Clean)
}

/// The JSON Schema of format 1, generated from the model (draft 7, which
/// taplo and Even Better TOML read).
pub fn schema() -> String {
    let generator = schemars::generate::SchemaSettings::draft07().into_generator();
    let schema = generator.into_root_schema_for::<Plan>();
    serde_json::to_string_pretty(&schema).expect("a schema serialises to JSON")
}
