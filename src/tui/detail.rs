//! The details pane: the selected item, line by line, each line knowing
//! which field or nested item it shows.
//!
//! Both the rendering and [`super::update`] use these lines: the cursor moves
//! over them, and `Enter` on one opens the form of the item it belongs to at
//! its field. Every piece of plan text passes through [`crate::text`] before
//! it becomes part of a line, so nothing from the file reaches the terminal
//! as a control sequence.

use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};

use crate::diagnostic::{LineIndex, Segment};
use crate::edit::ItemPath;
use crate::model::{Goal, Keyword, Partnership, Plan};
use crate::progress::{LedgerLine, indicator_progress};
use crate::text::{number, printable};
use crate::tui::app::{App, Screen};
use crate::tui::theme::{Theme, goal_symbol, partnership_symbol, severity_symbol};

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
        Screen::Overview => {}
    }
    out.lines
}

struct Lines {
    lines: Vec<DetailLine>,
    theme: Theme,
    width: usize,
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

    /// A field whose value is plain text from the plan; absent ones are
    /// shown dim, so they can be selected and filled in.
    fn text_field(&mut self, label: &str, value: Option<&str>, target: DetailTarget) {
        let span = match value {
            Some(value) => Span::raw(printable(value).into_owned()),
            None => Span::styled("—", self.theme.dim()),
        };
        self.field(label, vec![span], Some(target));
    }

    /// Text from the plan over as many lines as it needs, each line
    /// targeting the same field.
    ///
    /// As in Markdown, a single line break inside a paragraph is a space and
    /// a blank line starts a new paragraph, so text written with short lines
    /// in the file flows to the pane's width.
    fn paragraph(&mut self, text: &str, indent: usize, style: Style, target: Option<DetailTarget>) {
        let width = self.width.saturating_sub(indent).max(8);
        let flowed = flow(text);
        for source_line in flowed.split('\n') {
            for piece in wrap(&printable(source_line), width) {
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

/// Join the lines of each paragraph of `text` with spaces; paragraphs stay
/// apart by an empty line, and lines of a list (`- `, `* `) stay lines.
pub fn flow(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut previous_blank = true;
    for line in text.trim_end().split('\n') {
        let line = line.trim_end_matches('\r');
        let trimmed = line.trim();
        let list_item = trimmed.starts_with("- ") || trimmed.starts_with("* ");
        if trimmed.is_empty() {
            if !previous_blank {
                out.push_str("\n\n");
            }
            previous_blank = true;
            continue;
        }
        if !previous_blank && !out.ends_with('\n') {
            out.push(if list_item { '\n' } else { ' ' });
        }
        out.push_str(if previous_blank { line } else { trimmed });
        previous_blank = false;
    }
    out.trim_end().to_owned()
}

fn target(item: &ItemPath, key: Option<&'static str>) -> DetailTarget {
    DetailTarget {
        item: item.clone(),
        key,
    }
}

/// Word-wrap `text` to `width` characters; a word longer than a line is cut.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut line_len = 0;
    for word in text.split(' ') {
        let word_len = word.chars().count();
        if line_len > 0 && line_len + 1 + word_len > width {
            lines.push(std::mem::take(&mut line));
            line_len = 0;
        }
        if line_len > 0 {
            line.push(' ');
            line_len += 1;
        }
        let mut rest: Vec<char> = word.chars().collect();
        while line_len + rest.len() > width {
            let take = width - line_len;
            line.extend(rest.drain(..take));
            lines.push(std::mem::take(&mut line));
            line_len = 0;
        }
        line_len += rest.len();
        line.extend(rest);
    }
    if line_len > 0 || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// A text gauge: `██████░░░░ 60%`.
pub fn bar(fraction: f64, width: usize) -> String {
    let fraction = if fraction.is_finite() {
        fraction.clamp(0.0, 1.0)
    } else {
        0.0
    };
    let filled = (fraction * width as f64).round() as usize;
    format!(
        "{}{} {:>3.0}%",
        "█".repeat(filled),
        "░".repeat(width - filled),
        fraction * 100.0
    )
}

/// A sparkline of `values` in block characters, one per value.
pub fn sparkline(values: &[f64]) -> String {
    const BLOCKS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
    let finite: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
    let (min, max) = finite
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
            (lo.min(*v), hi.max(*v))
        });
    finite
        .iter()
        .map(|v| {
            let level = if max > min {
                (v - min) / (max - min)
            } else {
                1.0
            };
            BLOCKS[((level * 7.0).round() as usize).min(7)]
        })
        .collect()
}

fn name_of_actor(plan: &Plan, id: &str) -> String {
    match plan.actor(id) {
        Some(actor) => format!("{} ({})", printable(&actor.name), printable(id)),
        None => format!("{} (not an actor)", printable(id)),
    }
}

fn goal(out: &mut Lines, app: &App, index: usize) {
    let plan = app.plan();
    let Some(goal) = plan.goals.get(index) else {
        return;
    };
    let item = ItemPath::top("goals", index);
    let theme = out.theme;
    out.push(
        Line::from(Span::styled(
            printable(&goal.title).into_owned(),
            theme.title(),
        )),
        Some(target(&item, Some("title"))),
    );
    out.field(
        "id",
        vec![Span::styled(printable(&goal.id).into_owned(), theme.dim())],
        Some(target(&item, Some("id"))),
    );
    out.field(
        "status",
        vec![Span::styled(
            format!("{} {}", goal_symbol(goal.status), goal.status.as_str()),
            theme.goal_status(goal.status),
        )],
        Some(target(&item, Some("status"))),
    );
    let owner = goal.owner.as_deref().map(|o| name_of_actor(plan, o));
    out.text_field("owner", owner.as_deref(), target(&item, Some("owner")));
    let theme_name = goal.theme.as_deref().map(|id| {
        plan.themes
            .iter()
            .find(|t| t.id == id)
            .map_or_else(|| id.to_owned(), |t| t.name.clone())
    });
    out.text_field("theme", theme_name.as_deref(), target(&item, Some("theme")));
    if let Some(parent) = &goal.parent {
        let title = plan
            .goal(parent)
            .map_or(parent.as_str(), |g| g.title.as_str());
        out.text_field("parent", Some(title), target(&item, Some("parent")));
    }
    let year = goal.target_year.map(|y| y.to_string());
    out.text_field(
        "target",
        year.as_deref(),
        target(&item, Some("target_year")),
    );
    if let Some(priority) = goal.priority {
        out.text_field(
            "priority",
            Some(priority.as_str()),
            target(&item, Some("priority")),
        );
    }
    if let Some(budget) = goal.budget {
        let text = format!("{} {}", number(budget), plan.plan.currency);
        out.text_field("budget", Some(&text), target(&item, Some("budget")));
    }
    out.field(
        "progress",
        vec![Span::styled(
            bar(app.derived.progress.goal(index), 20),
            theme.gauge(),
        )],
        None,
    );
    if let Some(description) = &goal.description {
        out.blank();
        out.paragraph(
            description,
            0,
            Style::new(),
            Some(target(&item, Some("description"))),
        );
    }
    indicators(out, goal, &item);
    milestones(out, goal, &item);
    let subgoals: Vec<(usize, &Goal)> = plan
        .goals
        .iter()
        .enumerate()
        .filter(|(_, g)| g.parent.as_deref() == Some(goal.id.as_str()) && g.id != goal.id)
        .collect();
    if !subgoals.is_empty() {
        out.heading("Sub-goals");
        for (i, sub) in subgoals {
            out.push(
                Line::from(vec![
                    Span::styled(
                        format!("{} ", goal_symbol(sub.status)),
                        theme.goal_status(sub.status),
                    ),
                    Span::raw(printable(&sub.title).into_owned()),
                    Span::styled(
                        format!("  {}", bar(app.derived.progress.goal(i), 8)),
                        theme.dim(),
                    ),
                ]),
                Some(target(&ItemPath::top("goals", i), None)),
            );
        }
    }
    let serving: Vec<(usize, &Partnership)> = plan
        .partnerships
        .iter()
        .enumerate()
        .filter(|(_, p)| p.goals.contains(&goal.id))
        .collect();
    if !serving.is_empty() {
        out.heading("Partnerships serving it");
        for (i, partnership) in serving {
            out.push(
                Line::from(vec![
                    Span::styled(
                        format!(
                            "{} {:<12} ",
                            partnership_symbol(partnership.status),
                            partnership.status.as_str()
                        ),
                        theme.partnership_status(partnership.status),
                    ),
                    Span::raw(printable(&partnership.title).into_owned()),
                ]),
                Some(target(&ItemPath::top("partnerships", i), None)),
            );
        }
    }
    comments(out, &goal.comments, &item);
}

fn indicators(out: &mut Lines, goal: &Goal, item: &ItemPath) {
    if goal.indicators.is_empty() {
        return;
    }
    let theme = out.theme;
    out.heading("Indicators");
    for (i, indicator) in goal.indicators.iter().enumerate() {
        let path = item.child("indicators", i);
        out.paragraph(
            &indicator.name,
            0,
            Style::new().add_modifier(Modifier::BOLD),
            Some(target(&path, Some("name"))),
        );
        let figure = |value: Option<f64>| value.map_or_else(|| "?".to_owned(), number);
        let current = indicator
            .measurements
            .last()
            .map(|m| m.value)
            .or(indicator.baseline);
        let unit = indicator
            .unit
            .as_deref()
            .map(|u| format!(" {}", printable(u)))
            .unwrap_or_default();
        let figures = format!(
            "{} → {} → {}{unit}",
            figure(indicator.baseline),
            figure(current),
            figure(indicator.target)
        );
        out.paragraph(
            &figures,
            2,
            Style::new(),
            Some(target(&path, Some("target"))),
        );
        if let Some(progress) = indicator_progress(indicator) {
            let width = out.width.saturating_sub(7).clamp(4, 20);
            out.push(
                Line::from(vec![
                    Span::raw("  "),
                    Span::styled(bar(progress, width), theme.gauge()),
                ]),
                Some(target(&path, Some("target"))),
            );
        }
        if !indicator.measurements.is_empty() {
            let values: Vec<f64> = indicator.measurements.iter().map(|m| m.value).collect();
            out.push(
                Line::from(vec![
                    Span::raw("  "),
                    Span::styled(sparkline(&values), theme.bar()),
                    Span::styled(
                        match indicator.measurements.len() {
                            1 => "  1 measurement".to_owned(),
                            n => format!("  {n} measurements"),
                        },
                        theme.dim(),
                    ),
                ]),
                None,
            );
            for (m, measurement) in indicator.measurements.iter().enumerate() {
                out.push(
                    Line::from(Span::styled(
                        format!("    {}  {}", measurement.date, number(measurement.value)),
                        theme.dim(),
                    )),
                    Some(target(&path.child("measurements", m), Some("value"))),
                );
            }
        }
    }
}

fn milestones(out: &mut Lines, goal: &Goal, item: &ItemPath) {
    if goal.milestones.is_empty() {
        return;
    }
    let theme = out.theme;
    out.heading("Milestones");
    for (i, milestone) in goal.milestones.iter().enumerate() {
        let due = milestone
            .due
            .map(|d| d.to_string())
            .unwrap_or_else(|| "no date   ".into());
        let (mark, style) = if milestone.done {
            ("[x]", theme.good())
        } else {
            ("[ ]", Style::new())
        };
        out.push(
            Line::from(vec![
                Span::styled(format!("{mark} "), style),
                Span::styled(format!("{due}  "), theme.dim()),
                Span::raw(printable(&milestone.title).into_owned()),
            ]),
            Some(target(&item.child("milestones", i), Some("done"))),
        );
    }
}

fn comments(out: &mut Lines, comments: &[crate::model::Comment], item: &ItemPath) {
    if comments.is_empty() {
        return;
    }
    let theme = out.theme;
    out.heading("Comments");
    for (i, comment) in comments.iter().enumerate() {
        let path = item.child("comments", i);
        let date = comment.date.map(|d| format!(" {d}")).unwrap_or_default();
        let mark = if comment.resolved {
            " ✓ resolved"
        } else {
            ""
        };
        out.push(
            Line::from(vec![
                Span::styled(printable(&comment.author).into_owned(), theme.label()),
                Span::styled(format!("{date}{mark}"), theme.dim()),
            ]),
            Some(target(&path, Some("resolved"))),
        );
        let style = if comment.resolved {
            theme.dim()
        } else {
            Style::new()
        };
        out.paragraph(&comment.text, 2, style, Some(target(&path, Some("text"))));
    }
}

fn partnership(out: &mut Lines, app: &App, index: usize) {
    let plan = app.plan();
    let Some(partnership) = plan.partnerships.get(index) else {
        return;
    };
    let item = ItemPath::top("partnerships", index);
    let theme = out.theme;
    out.push(
        Line::from(Span::styled(
            printable(&partnership.title).into_owned(),
            theme.title(),
        )),
        Some(target(&item, Some("title"))),
    );
    out.field(
        "id",
        vec![Span::styled(
            printable(&partnership.id).into_owned(),
            theme.dim(),
        )],
        Some(target(&item, Some("id"))),
    );
    out.field(
        "status",
        vec![Span::styled(
            format!(
                "{} {}",
                partnership_symbol(partnership.status),
                partnership.status.as_str()
            ),
            theme.partnership_status(partnership.status),
        )],
        Some(target(&item, Some("status"))),
    );
    out.text_field(
        "instrument",
        partnership.instrument.map(|i| i.as_str()),
        target(&item, Some("instrument")),
    );
    if let Some(complexity) = partnership.complexity {
        out.text_field(
            "complexity",
            Some(complexity.as_str()),
            target(&item, Some("complexity")),
        );
    }
    let date = |d: Option<crate::model::Date>| d.map(|d| d.to_string());
    out.text_field(
        "start",
        date(partnership.start).as_deref(),
        target(&item, Some("start")),
    );
    out.text_field(
        "end",
        date(partnership.end).as_deref(),
        target(&item, Some("end")),
    );
    out.text_field(
        "review",
        date(partnership.review).as_deref(),
        target(&item, Some("review")),
    );
    out.text_field(
        "resource",
        partnership.resource.as_deref(),
        target(&item, Some("resource")),
    );
    if partnership.goals.is_empty() {
        out.text_field("goals", None, target(&item, Some("goals")));
    }
    for (i, id) in partnership.goals.iter().enumerate() {
        let label = if i == 0 { "goals" } else { "" };
        let title = plan.goal(id).map_or_else(
            || format!("{} (not a goal)", printable(id)),
            |g| printable(&g.title).into_owned(),
        );
        out.text_field(label, Some(&title), target(&item, Some("goals")));
    }
    if let Some(description) = &partnership.description {
        out.blank();
        out.paragraph(
            description,
            0,
            Style::new(),
            Some(target(&item, Some("description"))),
        );
    }
    if !partnership.parties.is_empty() {
        out.heading("Parties");
        for (i, party) in partnership.parties.iter().enumerate() {
            let path = item.child("parties", i);
            let role = plan
                .actor(&party.actor)
                .map(|a| format!("  {}", a.role.as_str()))
                .unwrap_or_default();
            out.push(
                Line::from(vec![
                    Span::styled(
                        name_of_actor(plan, &party.actor),
                        Style::new().add_modifier(Modifier::BOLD),
                    ),
                    Span::styled(role, theme.dim()),
                ]),
                Some(target(&path, Some("actor"))),
            );
            if let Some(commitments) = &party.commitments {
                out.paragraph(
                    commitments,
                    2,
                    Style::new(),
                    Some(target(&path, Some("commitments"))),
                );
            }
        }
    }
    if !partnership.contributions.is_empty() {
        out.heading("Contributions");
        for (i, contribution) in partnership.contributions.iter().enumerate() {
            let path = item.child("contributions", i);
            let amount = contribution.amount.map(number).unwrap_or_default();
            let unit = contribution
                .unit
                .as_deref()
                .map(|u| printable(u).into_owned())
                .or_else(|| {
                    (contribution.kind == crate::model::ContributionKind::Money)
                        .then(|| plan.plan.currency.clone())
                })
                .unwrap_or_default();
            let per = match contribution.per {
                crate::model::Period::Once => String::new(),
                other => format!(" a {}", other.as_str()),
            };
            let from = plan.actor(&contribution.from).map_or_else(
                || printable(&contribution.from).into_owned(),
                |a| printable(&a.name).into_owned(),
            );
            out.push(
                Line::from(vec![
                    Span::styled(format!("{from}: "), theme.label()),
                    Span::raw(format!(
                        "{} {amount} {unit}{per}",
                        contribution.kind.as_str()
                    )),
                ]),
                Some(target(&path, Some("amount"))),
            );
            if let Some(description) = &contribution.description {
                out.paragraph(
                    description,
                    2,
                    theme.dim(),
                    Some(target(&path, Some("description"))),
                );
            }
        }
        out.heading("Ledger");
        ledger(out, app.derived.ledger.partnership(index));
    }
    for (label, key, text) in [
        ("Objectives", "objectives", &partnership.objectives),
        ("Governance", "governance", &partnership.governance),
        ("Evaluation", "evaluation", &partnership.evaluation),
    ] {
        out.heading(label);
        match text {
            Some(text) => out.paragraph(text, 0, Style::new(), Some(target(&item, Some(key)))),
            None => out.push(
                Line::from(Span::styled("—", theme.dim())),
                Some(target(&item, Some(key))),
            ),
        }
    }
    comments(out, &partnership.comments, &item);
}

/// Ledger lines: what the city gives and what the commons give, by kind.
pub fn ledger_line_text(line: &LedgerLine) -> (String, String) {
    let side = match line.role {
        Some(crate::model::Role::Public) => "city gives",
        Some(role) if role.is_commons_side() => "commons give",
        Some(_) => "others give",
        None => "unknown gives",
    };
    let unit = if line.unit.is_empty() {
        String::new()
    } else {
        format!(" {}", printable(&line.unit))
    };
    let mut amounts = Vec::new();
    if line.once != 0.0 {
        amounts.push(format!("{}{unit} once", number(line.once)));
    }
    if line.per_year != 0.0 {
        amounts.push(format!("{}{unit} a year", number(line.per_year)));
    }
    if amounts.is_empty() {
        amounts.push(format!("{} without an amount", line.count));
    }
    (
        format!("{:<14} {side}", line.kind.as_str()),
        amounts.join(" + "),
    )
}

fn ledger(out: &mut Lines, lines: &[LedgerLine]) {
    let theme = out.theme;
    for line in lines {
        let (head, amounts) = ledger_line_text(line);
        out.push(
            Line::from(vec![
                Span::styled(format!("{head:<28} "), theme.label()),
                Span::raw(amounts),
            ]),
            None,
        );
    }
}

fn actor(out: &mut Lines, plan: &Plan, index: usize) {
    let Some(actor) = plan.actors.get(index) else {
        return;
    };
    let item = ItemPath::top("actors", index);
    let theme = out.theme;
    out.push(
        Line::from(Span::styled(
            printable(&actor.name).into_owned(),
            theme.title(),
        )),
        Some(target(&item, Some("name"))),
    );
    out.field(
        "id",
        vec![Span::styled(printable(&actor.id).into_owned(), theme.dim())],
        Some(target(&item, Some("id"))),
    );
    out.text_field(
        "role",
        Some(actor.role.as_str()),
        target(&item, Some("role")),
    );
    out.text_field(
        "theme",
        actor.theme.as_deref(),
        target(&item, Some("theme")),
    );
    let since = actor.since.map(|s| s.to_string());
    out.text_field("since", since.as_deref(), target(&item, Some("since")));
    let members = actor.members.map(|m| m.to_string());
    out.text_field(
        "members",
        members.as_deref(),
        target(&item, Some("members")),
    );
    out.text_field("url", actor.url.as_deref(), target(&item, Some("url")));
    if let Some(description) = &actor.description {
        out.blank();
        out.paragraph(
            description,
            0,
            Style::new(),
            Some(target(&item, Some("description"))),
        );
    }
    let owned: Vec<(usize, &Goal)> = plan
        .goals
        .iter()
        .enumerate()
        .filter(|(_, g)| g.owner.as_deref() == Some(actor.id.as_str()))
        .collect();
    if !owned.is_empty() {
        out.heading("Owns");
        for (i, goal) in owned {
            out.push(
                Line::from(vec![
                    Span::styled(
                        format!("{} ", goal_symbol(goal.status)),
                        theme.goal_status(goal.status),
                    ),
                    Span::raw(printable(&goal.title).into_owned()),
                ]),
                Some(target(&ItemPath::top("goals", i), None)),
            );
        }
    }
    let part_of: Vec<(usize, &Partnership)> = plan
        .partnerships
        .iter()
        .enumerate()
        .filter(|(_, p)| {
            p.parties.iter().any(|party| party.actor == actor.id)
                || p.contributions.iter().any(|c| c.from == actor.id)
        })
        .collect();
    if !part_of.is_empty() {
        out.heading("Takes part in");
        for (i, partnership) in part_of {
            out.push(
                Line::from(vec![
                    Span::styled(
                        format!("{} ", partnership_symbol(partnership.status)),
                        theme.partnership_status(partnership.status),
                    ),
                    Span::raw(printable(&partnership.title).into_owned()),
                ]),
                Some(target(&ItemPath::top("partnerships", i), None)),
            );
        }
    }
}

fn theme(out: &mut Lines, app: &App, index: usize) {
    let plan = app.plan();
    let Some(theme_item) = plan.themes.get(index) else {
        return;
    };
    let item = ItemPath::top("themes", index);
    let theme = out.theme;
    out.push(
        Line::from(Span::styled(
            printable(&theme_item.name).into_owned(),
            theme.title(),
        )),
        Some(target(&item, Some("name"))),
    );
    out.field(
        "id",
        vec![Span::styled(
            printable(&theme_item.id).into_owned(),
            theme.dim(),
        )],
        Some(target(&item, Some("id"))),
    );
    if let Some(progress) = app.derived.progress.theme(Some(&theme_item.id)) {
        out.field(
            "progress",
            vec![Span::styled(bar(progress, 20), theme.gauge())],
            None,
        );
    }
    if let Some(description) = &theme_item.description {
        out.blank();
        out.paragraph(
            description,
            0,
            Style::new(),
            Some(target(&item, Some("description"))),
        );
    }
    let goals: Vec<(usize, &Goal)> = plan
        .goals
        .iter()
        .enumerate()
        .filter(|(_, g)| g.theme.as_deref() == Some(theme_item.id.as_str()))
        .collect();
    if !goals.is_empty() {
        out.heading("Goals");
        for (i, goal) in goals {
            out.push(
                Line::from(vec![
                    Span::styled(
                        format!("{} ", goal_symbol(goal.status)),
                        theme.goal_status(goal.status),
                    ),
                    Span::raw(printable(&goal.title).into_owned()),
                    Span::styled(
                        format!("  {}", bar(app.derived.progress.goal(i), 8)),
                        theme.dim(),
                    ),
                ]),
                Some(target(&ItemPath::top("goals", i), None)),
            );
        }
    }
    let actors: Vec<&crate::model::Actor> = plan
        .actors
        .iter()
        .filter(|a| a.theme.as_deref() == Some(theme_item.id.as_str()))
        .collect();
    if !actors.is_empty() {
        out.heading("Actors");
        for actor in actors {
            out.push(
                Line::from(vec![
                    Span::raw(printable(&actor.name).into_owned()),
                    Span::styled(format!("  {}", actor.role.as_str()), theme.dim()),
                ]),
                None,
            );
        }
    }
}

fn problem(out: &mut Lines, app: &App, index: usize) {
    let document = &app.session.document;
    let Some(diagnostic) = document.diagnostics().get(index) else {
        return;
    };
    let theme = out.theme;
    let severity = diagnostic.severity();
    out.push(
        Line::from(vec![
            Span::styled(
                format!(
                    "{} {} ",
                    severity_symbol(severity),
                    diagnostic.code.as_str()
                ),
                theme.severity(severity),
            ),
            Span::styled(diagnostic.code.summary().to_owned(), theme.dim()),
        ]),
        None,
    );
    out.blank();
    out.paragraph(&diagnostic.message, 0, Style::new(), None);
    out.blank();
    out.field("place", vec![Span::raw(diagnostic.path.to_string())], None);
    if let Some(span) = &diagnostic.span
        && document.diagnostics_located()
    {
        let at = LineIndex::new(document.text()).line_col(span.start);
        out.field(
            "line",
            vec![Span::raw(format!("{}:{}", at.line, at.column))],
            None,
        );
    }
    if let Some(help) = &diagnostic.help {
        out.blank();
        out.paragraph(&format!("help: {help}"), 0, theme.good(), None);
    }
    if item_of_path(&diagnostic.path).is_some() {
        out.blank();
        out.push(
            Line::from(Span::styled("Enter: go to the item", theme.dim())),
            None,
        );
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
    let screen = match collection.as_ref() {
        "goals" => Screen::Goals,
        "partnerships" => Screen::Partnerships,
        "actors" => Screen::Actors,
        "themes" => Screen::Themes,
        _ => return None,
    };
    Some((screen, *index))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapping_keeps_words_and_cuts_long_ones() {
        assert_eq!(wrap("one two three", 7), vec!["one two", "three"]);
        assert_eq!(wrap("abcdefghij", 4), vec!["abcd", "efgh", "ij"]);
        assert_eq!(wrap("", 4), vec![""]);
    }

    #[test]
    fn text_flows_by_paragraph() {
        assert_eq!(flow("one\ntwo\n\nthree\n"), "one two\n\nthree");
        assert_eq!(flow("items:\n- a\n- b"), "items:\n- a\n- b");
        assert_eq!(flow(""), "");
    }

    #[test]
    fn bars_and_sparklines() {
        assert_eq!(bar(0.5, 4), "██░░  50%");
        assert_eq!(bar(f64::NAN, 2), "░░   0%");
        assert_eq!(sparkline(&[1.0, 2.0, 3.0]), "▁▅█");
        assert_eq!(sparkline(&[5.0]), "█");
        assert_eq!(number(1200.0), "1,200");
        assert_eq!(number(-1234567.5), "-1,234,567.5");
        assert_eq!(number(120.0), "120");
        assert_eq!(number(0.126), "0.13");
    }
}
