//! The Changes view (`C`): what changed in the plan since the last commit,
//! or since the version `--since` names, in plan terms — the same content
//! as `commonplan diff`. The plan now is the one being edited, unsaved
//! edits included; the earlier one is read through
//! [`crate::history::revision`].

use super::*;
use crate::document::PlanDocument;
use crate::history::diff::{diff, to_text};
use crate::history::revision::earlier_version;

/// The revision compared with when `--since` names none.
const LAST_COMMIT: &str = "HEAD";

/// Open the Changes view, or say why it cannot be shown.
pub(super) fn open(app: &mut App) {
    let Some(path) = app.session.path().map(Path::to_path_buf) else {
        app.fail("the plan has no file yet, so no earlier version: save it first");
        return;
    };
    let since = app.since.clone().unwrap_or_else(|| LAST_COMMIT.to_owned());
    let earlier = match earlier_version(&path, &since) {
        Ok(version) => version,
        Err(error) => {
            app.fail(Shown::line(&format!("no changes to show: {error}")));
            return;
        }
    };
    let old = match PlanDocument::read_plan(&earlier.bytes) {
        Ok(plan) => plan,
        Err(failure) => {
            let said = format!(
                "the plan at {since} does not load ({}); compare it with `commonplan diff`",
                failure.diagnostic.message.trim_end()
            );
            app.fail(Shown::line(&said));
            return;
        }
    };
    let changes = diff(&old, app.plan());
    let unsaved = if app.session.is_dirty() {
        ", unsaved edits included"
    } else {
        ""
    };
    let title = if since == LAST_COMMIT {
        format!("Changes since the last commit{unsaved}")
    } else {
        format!("Changes since {since}{unsaved}")
    };
    if changes.is_empty() {
        app.say(format!("{title}: none"));
        return;
    }
    let lines = to_text(&changes).lines().map(str::to_owned).collect();
    app.overlay = Some(Overlay::Changes {
        title,
        lines,
        scroll: 0,
    });
}
