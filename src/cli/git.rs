//! `commonplan git setup`: make git speak plans in one repository.
//!
//! It writes, with `git config --local`, a diff driver and a merge driver
//! named `commonplan`, and to `.gitattributes` at the repository's root the
//! line [`ATTRIBUTES`], which gives every `*.toml` file both. Each setting
//! already in place is left alone, so a second run changes nothing and says
//! so.
//!
//! - **Diff**: `diff.commonplan.textconv` runs `commonplan diff --textconv`,
//!   which prints a plan one line per field with its full address; git then
//!   compares those lines. A textconv, rather than an external diff
//!   command (`diff.commonplan.command`), because git applies it to
//!   `git diff`, `git log -p` and `git show` alike, keeps its own output
//!   (colours, `--word-diff`, `--stat`), while git runs an external diff
//!   command for `git diff` only (and `git log` only with `--ext-diff`), and
//!   only a textconv works when one side is a blob of history. A file that
//!   is not a plan this program reads (a TOML error, a `Cargo.toml`) is
//!   printed as it is, so its diff is git's usual one. Diffs through a
//!   textconv are for reading, not for `git apply`; git never uses it for
//!   `git format-patch`.
//! - **Merge**: `merge.commonplan.driver` runs `commonplan merge
//!   --marker-size %L --path %P %O %A %B`, which merges plans item by item
//!   and merges any other TOML file as git would.
//! - **Which files**: `*.toml`, not a list of plan files: plans have no
//!   name of their own, a new plan is covered the day it is added, and both
//!   drivers treat a TOML file that is not a plan as git would.
//! - **Which program**: the absolute path of the program running the setup,
//!   not the word `commonplan`: git runs drivers from wherever it is run
//!   (an editor, a GUI client) with whatever `PATH` that has, and the
//!   configuration is this repository's, written by the program the user
//!   chose to run. Running setup again after moving the program updates
//!   the path. The README gives the same settings to type by hand, with
//!   plain `commonplan`.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::Context;
use clap::{Args, Subcommand};

use super::{Outcome, shown};
use crate::history::revision::git;
use crate::text::Shown;

/// The line `setup` puts in `.gitattributes`.
pub const ATTRIBUTES: &str = "*.toml merge=commonplan diff=commonplan";

/// Arguments of `commonplan git`.
#[derive(Debug, Args)]
pub struct GitArgs {
    /// What to do.
    #[command(subcommand)]
    pub command: GitCommand,
}

/// The subcommands of `commonplan git`.
#[derive(Debug, Subcommand)]
pub enum GitCommand {
    /// Set up this repository so that `git diff`, `git log -p` and
    /// `git merge` handle plans in plan terms.
    ///
    /// Writes a diff driver and a merge driver named `commonplan` into the
    /// repository's git config and `*.toml merge=commonplan diff=commonplan`
    /// into `.gitattributes` at its root. Running it again changes nothing.
    Setup(SetupArgs),
}

/// Arguments of `commonplan git setup`.
#[derive(Debug, Args)]
pub struct SetupArgs {
    /// A directory inside the repository to set up.
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub repo: PathBuf,
}

/// Run `commonplan git …`.
pub(super) fn run(args: GitArgs, out: &mut dyn Write) -> anyhow::Result<Outcome> {
    match args.command {
        GitCommand::Setup(setup) => run_setup(&setup.repo, out),
    }
}

fn run_setup(repo: &Path, out: &mut dyn Write) -> anyhow::Result<Outcome> {
    let top = git(repo, &["rev-parse", "--show-toplevel"])
        .with_context(|| format!("{} is not in a git repository", shown(repo)))?;
    let root = PathBuf::from(String::from_utf8_lossy(&top).trim_end_matches(['\n', '\r']));
    let program = std::env::current_exe()
        .and_then(|p| p.canonicalize())
        .context("cannot find the path of this program")?;
    let program = shell_words::quote(&program.to_string_lossy()).into_owned();
    let settings = [
        (
            "diff.commonplan.textconv",
            format!("{program} diff --textconv"),
        ),
        (
            "merge.commonplan.name",
            "commonplan: plans merged item by item, by id".to_owned(),
        ),
        (
            "merge.commonplan.driver",
            format!("{program} merge --marker-size %L --path %P %O %A %B"),
        ),
    ];
    let mut changed = false;
    for (key, value) in &settings {
        let line = if current(&root, key)?.as_deref() == Some(value.as_str()) {
            format!("kept    {key} = {value}")
        } else {
            git(&root, &["config", "--local", key, value])?;
            changed = true;
            format!("set     {key} = {value}")
        };
        writeln!(out, "{}", Shown::line(&line))?;
    }
    let attributes = root.join(".gitattributes");
    let line = if add_attributes(&attributes)? {
        changed = true;
        format!("added   {ATTRIBUTES}  to {}", attributes.display())
    } else {
        format!("kept    {ATTRIBUTES}  in {}", attributes.display())
    };
    writeln!(out, "{}", Shown::line(&line))?;
    if changed {
        writeln!(
            out,
            "git now diffs (git diff, git log -p) and merges plans with commonplan; \
             commit .gitattributes to share the attributes"
        )?;
    } else {
        writeln!(out, "nothing to change: this repository was set up already")?;
    }
    Ok(Outcome::Clean)
}

/// The repository's own value of `key`, if it has one.
fn current(root: &Path, key: &str) -> anyhow::Result<Option<String>> {
    let output = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(["config", "--local", "--get", key])
        .output()
        .context("cannot run git")?;
    // `git config --get` exits 1 when the key is not set.
    Ok(output.status.success().then(|| {
        String::from_utf8_lossy(&output.stdout)
            .trim_end_matches(['\n', '\r'])
            .to_owned()
    }))
}

/// Add [`ATTRIBUTES`] to the file `path` unless a line says it already;
/// whether it was added. The file keeps its line endings.
fn add_attributes(path: &Path) -> anyhow::Result<bool> {
    let text = match std::fs::read(path) {
        Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(error) => return Err(error).with_context(|| format!("cannot read {}", shown(path))),
    };
    if text
        .lines()
        .any(|l| l.split_whitespace().eq(ATTRIBUTES.split_whitespace()))
    {
        return Ok(false);
    }
    let ending = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let mut new = text.clone();
    if !new.is_empty() && !new.ends_with('\n') {
        new.push_str(ending);
    }
    new.push_str(ATTRIBUTES);
    new.push_str(ending);
    crate::disk::write_file(path, new.as_bytes(), None)
        .with_context(|| format!("cannot write {}", shown(path)))?;
    Ok(true)
}
