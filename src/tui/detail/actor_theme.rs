//! The details of an actor (what it owns and takes part in) and of a theme
//! (its progress, goals and actors).

use super::*;

pub(super) fn actor(out: &mut Lines, plan: &Plan, index: usize) {
    let Some(actor) = plan.actors.get(index) else {
        return;
    };
    let item = top(Collection::Actors, index);
    let theme = out.theme;
    out.push(
        Line::from(Span::styled(Shown::line(&actor.name), theme.title())),
        Some(target(&item, Some("name"))),
    );
    out.field(
        "id",
        vec![Span::styled(Shown::line(&actor.id), theme.dim())],
        Some(target(&item, Some("id"))),
    );
    out.text_field(
        "role",
        Some(Shown::line(actor.role.as_str())),
        target(&item, Some("role")),
    );
    out.text_field(
        "theme",
        actor.theme.as_deref().map(Shown::line),
        target(&item, Some("theme")),
    );
    let since = actor.since.map(|s| s.to_string());
    out.text_field(
        "since",
        since.as_deref().map(Shown::line),
        target(&item, Some("since")),
    );
    let members = actor.members.map(|m| m.to_string());
    out.text_field(
        "members",
        members.as_deref().map(Shown::line),
        target(&item, Some("members")),
    );
    out.text_field(
        "url",
        actor.url.as_deref().map(Shown::line),
        target(&item, Some("url")),
    );
    if let Some(description) = &actor.description {
        out.blank();
        out.paragraph(
            flowed(description),
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
                    Span::raw(Shown::line(&goal.title)),
                ]),
                Some(target(&top(Collection::Goals, i), None)),
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
                    Span::raw(Shown::line(&partnership.title)),
                ]),
                Some(target(&top(Collection::Partnerships, i), None)),
            );
        }
    }
}

pub(super) fn theme(out: &mut Lines, app: &App, index: usize) {
    let plan = app.plan();
    let Some(theme_item) = plan.themes.get(index) else {
        return;
    };
    let item = top(Collection::Themes, index);
    let theme = out.theme;
    out.push(
        Line::from(Span::styled(Shown::line(&theme_item.name), theme.title())),
        Some(target(&item, Some("name"))),
    );
    out.field(
        "id",
        vec![Span::styled(Shown::line(&theme_item.id), theme.dim())],
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
            flowed(description),
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
                    Span::raw(Shown::line(&goal.title)),
                    Span::styled(
                        format!("  {}", bar(app.derived.progress.goal(i), 8)),
                        theme.dim(),
                    ),
                ]),
                Some(target(&top(Collection::Goals, i), None)),
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
                    Span::raw(Shown::line(&actor.name)),
                    Span::styled(format!("  {}", actor.role.as_str()), theme.dim()),
                ]),
                None,
            );
        }
    }
}
