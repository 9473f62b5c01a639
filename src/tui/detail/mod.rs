//! The details pane: the selected item, line by line, each line knowing
//! which field or nested item it shows.
//!
//! Both the rendering and [`super::update`] use these lines: the cursor moves
//! over them, and `Enter` on one opens the form of the item it belongs to at
//! its field. Every piece of plan text passes through [`crate::text`] before
//! it becomes part of a line, so nothing from the file reaches the terminal
//! as a control sequence.

mod actor_theme;
mod goal;
mod partnership;
mod problem;
mod workshop;

use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};

use crate::diagnostic::Segment;
use crate::edit::ItemPath;
use crate::fields::{Collection, Nested};
use crate::model::{Goal, Keyword, Partnership, Plan};
use crate::progress::overdue::{OVERDUE, milestone_overdue, review_overdue};
use crate::progress::{LedgerLine, indicator_progress};
use crate::text::{Shown, number};
use crate::tui::app::{App, Screen};
use crate::tui::figures::{bar, ledger_line_text, sparkline};
use crate::tui::layout::{flow, wrap};
use crate::tui::theme::{Theme, goal_symbol, partnership_symbol};

use actor_theme::{actor, theme};
use goal::goal;
use partnership::partnership;
use problem::problem;
use workshop::workshop;

/// Which field of which item a line shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DetailTarget {
    /// The item.
    pub item: ItemPath,
    /// The field, or `None` for the item as a whole.
    pub key: Option<&'static str>,
}

/// One line of the details pane.
#[derive(Debug, Clone)]
pub struct DetailLine {
    /// What is shown.
    pub line: Line<'static>,
    /// What `Enter` on it edits.
    pub target: Option<DetailTarget>,
}

/// The details of the selected item of the screen shown, wrapped to `width`.
pub fn detail_lines(app: &App, width: u16) -> Vec<DetailLine> {
    let mut out = Lines {
        lines: Vec::new(),
        theme: app.settings.theme,
        width: usize::from(width.max(10)),
        today: app.today,
    };
    let plan = app.plan();
    let Some(index) = app.list().selected_index() else {
        return out.lines;
    };
    match app.screen {
        Screen::Goals => goal(&mut out, app, index),
        Screen::Partnerships => partnership(&mut out, app, index),
        Screen::Actors => actor(&mut out, plan, index),
        Screen::Themes => theme(&mut out, app, index),
        Screen::Problems => problem(&mut out, app, index),
        Screen::Workshops => workshop(&mut out, plan, index),
        Screen::Overview => {}
    }
    out.lines
}

struct Lines {
    lines: Vec<DetailLine>,
    theme: Theme,
    width: usize,
    /// The day against which dates are overdue.
    today: crate::model::Date,
}

impl Lines {
    fn push(&mut self, line: Line<'static>, target: Option<DetailTarget>) {
        self.lines.push(DetailLine { line, target });
    }

    fn blank(&mut self) {
        self.push(Line::default(), None);
    }

    fn heading(&mut self, text: &str) {
        self.blank();
        let style = self.theme.heading();
        self.push(Line::from(Span::styled(text.to_owned(), style)), None);
    }

    /// `label  value`, on one line.
    fn field(&mut self, label: &str, value: Vec<Span<'static>>, target: Option<DetailTarget>) {
        let mut spans = vec![Span::styled(format!("{label:<10} "), self.theme.label())];
        spans.extend(value);
        self.push(Line::from(spans), target);
    }

    /// A field whose value is text from the plan; absent ones are shown
    /// dim, so they can be selected and filled in.
    fn text_field(&mut self, label: &str, value: Option<Shown>, target: DetailTarget) {
        let span = match value {
            Some(value) => Span::raw(value),
            None => Span::styled("—", self.theme.dim()),
        };
        self.field(label, vec![span], Some(target));
    }

    /// Text from the plan, [`flowed`], over as many lines as it needs at
    /// the pane's width, each line targeting the same field.
    fn paragraph(
        &mut self,
        text: Shown,
        indent: usize,
        style: Style,
        target: Option<DetailTarget>,
    ) {
        let width = self.width.saturating_sub(indent).max(8);
        for source_line in text.split('\n') {
            for piece in wrap(source_line, width) {
                self.push(
                    Line::from(Span::styled(
                        format!("{}{piece}", " ".repeat(indent)),
                        style,
                    )),
                    target.clone(),
                );
            }
        }
    }
}

/// The top-level item `index` of `collection`.
fn top(collection: Collection, index: usize) -> ItemPath {
    ItemPath::top(collection.key(), index)
}

/// The item `index` of the `nested` collection of `item`.
fn child(item: &ItemPath, nested: Nested, index: usize) -> ItemPath {
    item.child(nested.key(), index)
}

fn target(item: &ItemPath, key: Option<&'static str>) -> DetailTarget {
    DetailTarget {
        item: item.clone(),
        key,
    }
}

/// Text from the plan as paragraphs: as in Markdown, a single line break
/// inside a paragraph is a space and a blank line starts a new paragraph, so
/// text written with short lines in the file flows to the pane's width.
fn flowed(text: &str) -> Shown {
    Shown::lines(&flow(text))
}

/// An actor's name and id, `Name (id)`, or the id and that no actor has it.
fn name_of_actor(plan: &Plan, id: &str) -> Shown {
    match plan.actor(id) {
        Some(actor) => Shown::line(&format!("{} ({id})", actor.name)),
        None => Shown::line(&format!("{id} (not an actor)")),
    }
}

/// The screen and item a diagnostic's place is in, if it is an item.
pub fn item_of_path(path: &crate::diagnostic::FieldPath) -> Option<(Screen, usize)> {
    let mut segments = path.segments.iter();
    let Some(Segment::Key(collection)) = segments.next() else {
        return None;
    };
    let Some(Segment::Index(index, _)) = segments.next() else {
        return None;
    };
    Some((Screen::listing_key(collection)?, *index))
}
