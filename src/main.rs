//! The `commonplan` binary: parse the command line, run it, map the outcome
//! to an exit code (0 clean, 1 problems in a plan, 2 could not run).

use std::process::ExitCode;

use clap::Parser;
use commonplan::cli::{Cli, run};

/// mimalloc rather than the system allocator: a plan is a tree of many
/// small allocations, loaded, rendered and freed whole, where it is about a
/// quarter faster (docs/performance.md, *Reports*).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(outcome) => ExitCode::from(outcome.exit_code()),
        Err(error) if is_broken_pipe(&error) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!(
                "error: {}",
                commonplan::text::printable(&format!("{error:#}"))
            );
            ExitCode::from(2)
        }
    }
}

/// Whether the reader of our output went away (`commonplan check … | head`).
fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        let kind = match cause.downcast_ref::<std::io::Error>() {
            Some(io) => Some(io.kind()),
            None => cause
                .downcast_ref::<serde_json::Error>()
                .and_then(serde_json::Error::io_error_kind),
        };
        kind == Some(std::io::ErrorKind::BrokenPipe)
    })
}
