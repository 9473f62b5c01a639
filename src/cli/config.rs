//! `commonplan config`: where the terminal UI's config file is, and the
//! action names its `[keys]` table rebinds.

use std::io::Write;

use clap::Args;

use super::Outcome;
use crate::tui::action::Action;
use crate::tui::keymap::Keymap;

/// The arguments of `config`.
#[derive(Debug, Args)]
pub struct ConfigArgs {
    /// Print the config file's path.
    #[arg(long)]
    pub path: bool,
    /// Print every action name with what it does and its default keys.
    #[arg(long, conflicts_with = "path")]
    pub actions: bool,
}

/// Print the actions, or the config file's path.
pub(super) fn run(args: &ConfigArgs, out: &mut dyn Write) -> anyhow::Result<Outcome> {
    if args.actions {
        let keymap = Keymap::default();
        for action in Action::ALL {
            let keys: Vec<String> = keymap.keys(*action).map(|k| k.to_string()).collect();
            writeln!(
                out,
                "{:<18} {:<28} {}",
                action.name(),
                keys.join(" "),
                action.help()
            )?;
        }
        return Ok(Outcome::Clean);
    }
    match crate::tui::config::config_path() {
        Some(path) => {
            writeln!(out, "{}", super::shown(&path))?;
            Ok(Outcome::Clean)
        }
        None => {
            eprintln!("error: this system has no home directory for a config file");
            Ok(Outcome::Failed)
        }
    }
}
