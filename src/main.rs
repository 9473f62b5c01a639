//! The `commonplan` binary: parse the command line, run it, map the outcome
//! to an exit code (0 clean, 1 problems in a plan, 2 could not run).

use std::process::ExitCode;

use clap::Parser;
use commonplan::cli::{Cli, error_message, run};

/// mimalloc rather than the system allocator: a plan is a tree of many
/// small allocations, loaded, rendered and freed whole, where it is about a
/// quarter faster (docs/performance.md, *Reports*).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(outcome) => ExitCode::from(outcome.exit_code()),
        Err(error) => {
            eprintln!(
                "error: {}",
                commonplan::text::printable_lines(&error_message(&error))
            );
            ExitCode::from(2)
        }
    }
}
