//! The details of a goal: its fields, indicators with their measurements,
//! milestones, sub-goals, the partnerships serving it and comments.

use super::*;

pub(super) fn goal(out: &mut Lines, app: &App, index: usize) {
    let plan = app.plan();
    let Some(goal) = plan.goals.get(index) else {
        return;
    };
    let item = top(Collection::Goals, index);
    let theme = out.theme;
    out.push(
        Line::from(Span::styled(Shown::line(&goal.title), theme.title())),
        Some(target(&item, Some("title"))),
    );
    out.field(
        "id",
        vec![Span::styled(Shown::line(&goal.id), theme.dim())],
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
    out.text_field("owner", owner, target(&item, Some("owner")));
    let theme_name = goal.theme.as_deref().map(|id| {
        let name = plan
            .themes
            .iter()
            .find(|t| t.id == id)
            .map_or(id, |t| &t.name);
        Shown::line(name)
    });
    out.text_field("theme", theme_name, target(&item, Some("theme")));
    if let Some(parent) = &goal.parent {
        let title = plan
            .goal(parent)
            .map_or(parent.as_str(), |g| g.title.as_str());
        out.text_field(
            "parent",
            Some(Shown::line(title)),
            target(&item, Some("parent")),
        );
    }
    let year = goal.target_year.map(|y| y.to_string());
    out.text_field(
        "target",
        year.as_deref().map(Shown::line),
        target(&item, Some("target_year")),
    );
    if let Some(priority) = goal.priority {
        out.text_field(
            "priority",
            Some(Shown::line(priority.as_str())),
            target(&item, Some("priority")),
        );
    }
    if let Some(budget) = goal.budget {
        let text = format!("{} {}", number(budget), plan.plan.currency);
        out.text_field(
            "budget",
            Some(Shown::line(&text)),
            target(&item, Some("budget")),
        );
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
            flowed(description),
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
                    Span::raw(Shown::line(&sub.title)),
                    Span::styled(
                        format!("  {}", bar(app.derived.progress.goal(i), 8)),
                        theme.dim(),
                    ),
                ]),
                Some(target(&top(Collection::Goals, i), None)),
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
                    Span::raw(Shown::line(&partnership.title)),
                ]),
                Some(target(&top(Collection::Partnerships, i), None)),
            );
        }
    }
    comments(out, &goal.comments, &item);
}

pub(super) fn indicators(out: &mut Lines, goal: &Goal, item: &ItemPath) {
    if goal.indicators.is_empty() {
        return;
    }
    let theme = out.theme;
    out.heading("Indicators");
    for (i, indicator) in goal.indicators.iter().enumerate() {
        let path = child(item, Nested::Indicators, i);
        out.paragraph(
            flowed(&indicator.name),
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
            .map(|u| format!(" {}", Shown::line(u)))
            .unwrap_or_default();
        let figures = format!(
            "{} → {} → {}{unit}",
            figure(indicator.baseline),
            figure(current),
            figure(indicator.target)
        );
        out.paragraph(
            flowed(&figures),
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
                    Some(target(
                        &child(&path, Nested::Measurements, m),
                        Some("value"),
                    )),
                );
            }
        }
    }
}

pub(super) fn milestones(out: &mut Lines, goal: &Goal, item: &ItemPath) {
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
        // The mark before the title, so a narrow pane cuts the title, not it.
        let mut spans = vec![
            Span::styled(format!("{mark} "), style),
            Span::styled(format!("{due}  "), theme.dim()),
        ];
        if milestone_overdue(milestone, out.today) {
            spans.push(Span::styled(format!("{OVERDUE}  "), theme.overdue()));
        }
        spans.push(Span::raw(Shown::line(&milestone.title)));
        out.push(
            Line::from(spans),
            Some(target(&child(item, Nested::Milestones, i), Some("done"))),
        );
    }
}

pub(super) fn comments(out: &mut Lines, comments: &[crate::model::Comment], item: &ItemPath) {
    if comments.is_empty() {
        return;
    }
    let theme = out.theme;
    out.heading("Comments");
    for (i, comment) in comments.iter().enumerate() {
        let path = child(item, Nested::Comments, i);
        let date = comment.date.map(|d| format!(" {d}")).unwrap_or_default();
        let mark = if comment.resolved {
            " ✓ resolved"
        } else {
            ""
        };
        out.push(
            Line::from(vec![
                Span::styled(Shown::line(&comment.author), theme.label()),
                Span::styled(format!("{date}{mark}"), theme.dim()),
            ]),
            Some(target(&path, Some("resolved"))),
        );
        let style = if comment.resolved {
            theme.dim()
        } else {
            Style::new()
        };
        out.paragraph(
            flowed(&comment.text),
            2,
            style,
            Some(target(&path, Some("text"))),
        );
    }
}
