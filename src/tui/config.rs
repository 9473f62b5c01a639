//! The files the terminal UI keeps beside the plan: the config file (theme
//! and keys) and the last plan opened. Unsaved work is kept in the journal
//! ([`crate::tui::journal`]).
//!
//! Their places come from the platform's directories (`directories`): on
//! Linux `$XDG_CONFIG_HOME/commonplan/config.toml` and
//! `$XDG_DATA_HOME/commonplan/`. A config file that cannot be read leaves
//! the defaults in force and says why; it never stops the UI.

use std::path::{Path, PathBuf};

use directories::ProjectDirs;
use serde::Deserialize;

use crate::text::Shown;
use crate::tui::app::Settings;
use crate::tui::keymap::Keymap;
use crate::tui::theme::{Palette, Theme};

fn dirs() -> Option<ProjectDirs> {
    ProjectDirs::from("", "", "commonplan")
}

/// Where the config file is (it need not exist).
pub fn config_path() -> Option<PathBuf> {
    dirs().map(|d| d.config_dir().join("config.toml"))
}

fn data_dir() -> Option<PathBuf> {
    dirs().map(|d| d.data_dir().to_path_buf())
}

/// The config file's contents.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ConfigFile {
    /// `dark`, `light` or `mono`.
    theme: Option<String>,
    /// Action name → a key or a list of keys.
    #[serde(default)]
    keys: toml::Table,
}

/// The settings from the config file at `path` (if there is one), with
/// `NO_COLOR` forcing monochrome. The second value says what was wrong with
/// the file, if anything; the defaults stand in for what was.
pub fn load_settings(path: Option<&Path>, no_color: bool) -> (Settings, Option<String>) {
    let mut settings = Settings::default();
    let mut problem = None;
    if let Some(path) = path
        && let Ok(text) = std::fs::read_to_string(path)
    {
        match read_config(&text) {
            Ok((palette, keymap)) => {
                settings.theme = Theme::new(palette);
                settings.keymap = keymap;
            }
            Err(error) => {
                problem = Some(format!(
                    "{}: {error}; using the defaults",
                    Shown::line(&path.display().to_string())
                ));
            }
        }
    }
    if no_color {
        settings.theme = Theme::new(Palette::Mono);
    }
    (settings, problem)
}

fn read_config(text: &str) -> Result<(Palette, Keymap), String> {
    let file: ConfigFile = toml::from_str(text).map_err(|e| e.message().to_owned())?;
    let palette = match &file.theme {
        Some(name) => Palette::parse(name)?,
        None => Palette::Dark,
    };
    let mut overrides = Vec::new();
    for (action, keys) in &file.keys {
        let keys = match keys {
            toml::Value::String(key) => vec![key.clone()],
            toml::Value::Array(keys) => keys
                .iter()
                .map(|k| {
                    k.as_str()
                        .map(str::to_owned)
                        .ok_or_else(|| format!("keys.{action}: write keys as strings"))
                })
                .collect::<Result<_, _>>()?,
            _ => return Err(format!("keys.{action}: write a key or a list of keys")),
        };
        overrides.push((action.clone(), keys));
    }
    let keymap = Keymap::with_overrides(&overrides).map_err(|e| format!("keys: {e}"))?;
    Ok((palette, keymap))
}

/// The plan opened last, if one is remembered (it may be gone since).
pub fn last_plan() -> Option<PathBuf> {
    let text = std::fs::read_to_string(data_dir()?.join("last-plan")).ok()?;
    let path = text.trim_end_matches('\n');
    (!path.is_empty()).then(|| PathBuf::from(path))
}

/// Remember `path` as the plan opened last. Failing to is not worth a word.
pub fn remember_plan(path: &Path) {
    let Some(dir) = data_dir() else {
        return;
    };
    let path = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    let Some(text) = path.to_str() else {
        return;
    };
    if std::fs::create_dir_all(&dir).is_ok() {
        let _ =
            crate::disk::write_file(&dir.join("last-plan"), format!("{text}\n").as_bytes(), None);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::action::Action;
    use crate::tui::keymap::{Key, Mode};

    #[test]
    fn a_config_sets_theme_and_keys() {
        let (palette, keymap) =
            read_config("theme = \"light\"\n[keys]\nundo = \"z\"\nquit = [\"q\", \"ctrl-q\"]\n")
                .unwrap();
        assert_eq!(palette, Palette::Light);
        assert_eq!(
            keymap.action(Mode::Browse, Key::char('z')),
            Some(Action::Undo)
        );
        assert_eq!(
            keymap.action(Mode::Browse, Key::ctrl('q')),
            Some(Action::Quit)
        );
    }

    #[test]
    fn a_bad_config_says_what_is_wrong() {
        assert!(
            read_config("theme = \"blue\"")
                .unwrap_err()
                .contains("not a theme")
        );
        assert!(
            read_config("[keys]\nundo = 3")
                .unwrap_err()
                .contains("keys.undo")
        );
        assert!(read_config("colour = 1").unwrap_err().contains("colour"));
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        std::fs::write(&path, "[keys]\nfly = \"x\"\n").unwrap();
        let (settings, problem) = load_settings(Some(&path), true);
        assert_eq!(settings.theme.palette, Palette::Mono);
        assert!(problem.unwrap().contains("`fly` is not an action"));
    }
}
