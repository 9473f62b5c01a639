//! `commonplan completions`: a shell completion script.

use std::io::Write;

use clap::{Args, CommandFactory};
use clap_complete::Shell;

use super::{Cli, Outcome};

/// The arguments of `completions`.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    pub shell: Shell,
}

/// Print the completion script for the shell.
pub(super) fn run(args: &CompletionsArgs, out: &mut dyn Write) -> anyhow::Result<Outcome> {
    clap_complete::generate(args.shell, &mut Cli::command(), "commonplan", out);
    Ok(Outcome::Clean)
}
