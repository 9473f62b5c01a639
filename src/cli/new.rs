//! `commonplan new`: a fresh plan from the annotated template, never over an
//! existing file.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use clap::Args;

use super::{Outcome, shown};

/// The annotated starting point that `commonplan new` writes.
pub const TEMPLATE: &str = include_str!("../../plans/template.toml");

/// The arguments of `new`.
#[derive(Debug, Args)]
pub struct NewArgs {
    /// Where to write the plan; an existing file is never overwritten.
    pub path: PathBuf,
    /// The city or territory the plan is for.
    #[arg(long)]
    pub city: String,
}

/// Write the plan and say how to check it.
pub(super) fn run(args: &NewArgs, out: &mut dyn Write) -> anyhow::Result<Outcome> {
    new_plan(&args.path, &args.city)?;
    let shown = shown(&args.path);
    writeln!(
        out,
        "Created {shown}. Check it with: commonplan check {shown}"
    )?;
    Ok(Outcome::Clean)
}

/// The template with the city filled in.
pub fn template_for(city: &str) -> String {
    let quoted = toml_edit::Value::from(city).to_string();
    TEMPLATE.replacen("\"Your city\"", quoted.trim(), 1)
}

/// `commonplan new`: write the template, never over an existing file.
pub fn new_plan(path: &Path, city: &str) -> anyhow::Result<()> {
    if city.trim().is_empty() {
        bail!("the city name is empty; give it with --city NAME");
    }
    let text = template_for(city);
    let mut file = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .with_context(|| {
            if path.exists() {
                format!(
                    "{} already exists; commonplan new never overwrites a file",
                    path.display()
                )
            } else {
                format!("cannot create {}", path.display())
            }
        })?;
    file.write_all(text.as_bytes())
        .and_then(|()| file.sync_all())
        .with_context(|| format!("cannot write {}", path.display()))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::PlanDocument;
    use crate::model::Date;

    #[test]
    fn template_takes_the_city_escaped() {
        let text = template_for("Gent \"Arteveldestad\"");
        assert!(text.contains(r#"city = 'Gent "Arteveldestad"'"#), "{text}");
        let doc = PlanDocument::load(text.as_bytes(), Date::new(2026, 1, 1).unwrap()).unwrap();
        assert_eq!(doc.plan().plan.city, "Gent \"Arteveldestad\"");
        assert!(doc.diagnostics().is_empty(), "{:?}", doc.diagnostics());
    }
}
