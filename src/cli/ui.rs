//! No subcommand: the terminal UI on a plan, or without a terminal, why not
//! and the usage.

use std::path::PathBuf;

use clap::CommandFactory;

use super::{Cli, Outcome};

/// Open the UI on `plan`; without a terminal, say so and show the usage.
pub(super) fn run(
    plan: Option<PathBuf>,
    since: Option<String>,
    read_write: bool,
) -> anyhow::Result<Outcome> {
    if !crate::tui::on_a_terminal() {
        eprintln!("error: the terminal UI needs a terminal; to script a plan, use a subcommand\n");
        eprint!("{}", Cli::command().render_help());
        return Ok(Outcome::Failed);
    }
    Ok(match crate::tui::run(plan, since, read_write)? {
        0 => Outcome::Clean,
        1 => Outcome::Problems,
        _ => Outcome::Failed,
    })
}
