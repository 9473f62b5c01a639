//! `commonplan merge BASE OURS THEIRS`: the three-way merge of plans
//! ([`crate::history::merge`]), usable as git's merge driver:
//!
//! ```text
//! git config merge.commonplan.driver "commonplan merge --marker-size %L --path %P %O %A %B"
//! ```
//!
//! The result goes into OURS (replaced atomically), or the file `-o` names.
//! Exit 0 when the merge is clean, 1 with conflicts (each listed on
//! standard error with its field and both values), 2 when it could not run.
//! A file that is not a format-1 plan (a `Cargo.toml`, or a plan that does
//! not parse on some side) is merged as git would merge it, by `git
//! merge-file`, so the driver can be set for every `*.toml`.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, bail};
use clap::Args;

use super::{Outcome, shown};
use crate::disk;
use crate::history::merge::{Markers, MergeError, MergeOptions, merge};
use crate::model::Date;
use crate::text::counted;

/// The arguments of `merge`.
#[derive(Debug, Args)]
pub struct MergeArgs {
    /// The common ancestor (git's `%O`).
    pub base: PathBuf,
    /// Our version (git's `%A`): the result is written here.
    pub ours: PathBuf,
    /// Their version (git's `%B`).
    pub theirs: PathBuf,
    /// How many `<`, `=` and `>` a conflict marker has (git's `%L`).
    #[arg(long, value_name = "N", default_value_t = 7, value_parser = clap::value_parser!(u16).range(1..))]
    pub marker_size: u16,
    /// The file's path in the repository (git's `%P`), for messages.
    #[arg(long, value_name = "P")]
    pub path: Option<String>,
    /// The labels of the conflict markers, as for `git merge-file`: ours,
    /// then the base, then theirs (git's `%X`, `%S`, `%Y`).
    #[arg(short = 'L', long = "label", value_name = "LABEL", num_args = 1)]
    pub labels: Vec<String>,
    /// Write the result here instead of into OURS.
    #[arg(short, long, value_name = "OUT")]
    pub output: Option<PathBuf>,
}

/// Merge as the arguments say.
pub(super) fn run(args: MergeArgs, _out: &mut dyn Write) -> anyhow::Result<Outcome> {
    let read = |path: &Path| {
        std::fs::read(path).with_context(|| format!("could not read {}", shown(path)))
    };
    let (base, ours, theirs) = (read(&args.base)?, read(&args.ours)?, read(&args.theirs)?);
    let name = args.path.clone().unwrap_or_else(|| shown(&args.ours));
    let name = crate::text::printable(&name).into_owned();
    let label = |i: usize, default: &str| args.labels.get(i).cloned().unwrap_or(default.into());
    let markers = Markers {
        size: usize::from(args.marker_size),
        ours: label(0, "ours"),
        theirs: label(2, "theirs"),
    };
    let options = MergeOptions {
        markers,
        today: Date::today(),
    };
    let target = args.output.as_deref().unwrap_or(&args.ours);
    let merged = match merge(&base, &ours, &theirs, &options) {
        Ok(merged) => merged,
        Err(MergeError::NotAPlan { version, reason }) => {
            eprintln!(
                "{name}: {version} is not a format-1 plan ({}); merging it as text with git merge-file",
                crate::text::printable(&reason)
            );
            return merge_as_text(&args, &name, target);
        }
    };
    if merged.bytes != ours || args.output.is_some() {
        disk::write_file(target, &merged.bytes, None)
            .with_context(|| format!("could not write the merge of {name}"))?;
    }
    if merged.is_clean() {
        return Ok(Outcome::Clean);
    }
    let mut err = std::io::stderr().lock();
    for conflict in &merged.conflicts {
        writeln!(err, "CONFLICT (plan): {name}: {conflict}")?;
    }
    writeln!(
        err,
        "{name}: merged with {}; resolve {} and commit",
        counted(merged.conflicts.len(), "conflict"),
        if merged.conflicts.len() == 1 {
            "it"
        } else {
            "them"
        }
    )?;
    Ok(Outcome::Problems)
}

/// Merge a file that is not a plan as git does, with `git merge-file`.
fn merge_as_text(args: &MergeArgs, name: &str, target: &Path) -> anyhow::Result<Outcome> {
    let mut command = Command::new("git");
    command
        .arg("merge-file")
        .arg("-p")
        .arg(format!("--marker-size={}", args.marker_size));
    for (i, default) in ["ours", "base", "theirs"].iter().enumerate() {
        command
            .arg("-L")
            .arg(args.labels.get(i).map_or(*default, String::as_str));
    }
    command.arg(&args.ours).arg(&args.base).arg(&args.theirs);
    let output = match command.output() {
        Ok(output) => output,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => bail!(
            "{name} is not a plan, and merging it as text needs git, which is not on PATH: install git"
        ),
        Err(error) => return Err(error).context("could not run git merge-file"),
    };
    let conflicts = match output.status.code() {
        Some(code @ 0..=127) => code,
        _ => bail!(
            "git merge-file could not merge {name}: {}",
            String::from_utf8_lossy(&output.stderr).trim()
        ),
    };
    disk::write_file(target, &output.stdout, None)
        .with_context(|| format!("could not write the merge of {name}"))?;
    if conflicts == 0 {
        Ok(Outcome::Clean)
    } else {
        eprintln!(
            "CONFLICT (content): {name}: {}",
            counted(conflicts as usize, "conflict")
        );
        Ok(Outcome::Problems)
    }
}
