//! Noticing when the plan's file changes on disk.
//!
//! The directory holding the plan is watched (editors and `git checkout`
//! replace a file by renaming over it, which a watch on the file itself
//! would lose), and events for other files are ignored. Events arrive on a
//! channel that the event loop polls between key presses.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, channel};

use notify::{RecommendedWatcher, RecursiveMode, Watcher};

/// A watch on one plan file.
pub struct PlanWatcher {
    _watcher: RecommendedWatcher,
    events: Receiver<()>,
}

impl PlanWatcher {
    /// Watch `path`. Fails when the platform cannot watch its directory.
    pub fn new(path: &Path) -> notify::Result<PlanWatcher> {
        let path = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        let name = path.file_name().map(|n| n.to_os_string());
        let dir: PathBuf = path
            .parent()
            .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
        let (sender, events) = channel();
        let mut watcher =
            notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
                if let Ok(event) = event
                    && !matches!(event.kind, notify::EventKind::Access(_))
                    && event
                        .paths
                        .iter()
                        .any(|p| p.file_name().map(|n| n.to_os_string()) == name)
                {
                    let _ = sender.send(());
                }
            })?;
        watcher.watch(&dir, RecursiveMode::NonRecursive)?;
        Ok(PlanWatcher {
            _watcher: watcher,
            events,
        })
    }

    /// Whether the file changed since the last call.
    pub fn changed(&self) -> bool {
        let mut changed = false;
        while self.events.try_recv().is_ok() {
            changed = true;
        }
        changed
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, Instant};

    fn wait_for_change(watcher: &PlanWatcher) -> bool {
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(10) {
            if watcher.changed() {
                return true;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        false
    }

    #[test]
    fn a_rewrite_and_a_rename_over_the_file_are_seen_and_others_are_not() {
        let dir = tempfile::tempdir().unwrap();
        let plan = dir.path().join("plan.toml");
        std::fs::write(&plan, "format = 1\n").unwrap();
        let watcher = PlanWatcher::new(&plan).unwrap();
        assert!(!watcher.changed());
        std::fs::write(dir.path().join("other.toml"), "x").unwrap();
        std::thread::sleep(Duration::from_millis(200));
        assert!(!watcher.changed(), "another file is not the plan");
        std::fs::write(&plan, "format = 1\n# edited\n").unwrap();
        assert!(wait_for_change(&watcher), "a write in place");
        // As editors and git do: a new file renamed over the old one.
        let temporary = dir.path().join(".plan.toml.swp");
        std::fs::write(&temporary, "format = 1\n# renamed\n").unwrap();
        std::fs::rename(&temporary, &plan).unwrap();
        assert!(wait_for_change(&watcher), "a rename over the file");
    }

    /// Let the events of one change all arrive, and drop them.
    fn settle(watcher: &PlanWatcher) {
        std::thread::sleep(Duration::from_millis(200));
        watcher.changed();
    }

    #[test]
    fn a_deletion_and_a_rename_away_are_seen() {
        let dir = tempfile::tempdir().unwrap();
        let plan = dir.path().join("plan.toml");
        std::fs::write(&plan, "format = 1\n").unwrap();
        let watcher = PlanWatcher::new(&plan).unwrap();
        std::fs::remove_file(&plan).unwrap();
        assert!(wait_for_change(&watcher), "a deletion");
        settle(&watcher);
        std::fs::write(&plan, "format = 1\n").unwrap();
        assert!(wait_for_change(&watcher), "the file back");
        settle(&watcher);
        std::fs::rename(&plan, dir.path().join("elsewhere.toml")).unwrap();
        assert!(wait_for_change(&watcher), "a rename away");
    }
}
