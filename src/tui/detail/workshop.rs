//! The details of a workshop: when, where and who ran it, who took part,
//! the dot tally ranked (ties sharing a rank), who placed how many of their
//! dots (each vote under its voter, to edit or delete) and who placed none, what the room decided (overdue ones marked),
//! the facilitator's notes, and the comments made in it.

use super::*;
use crate::model::{Comment, Stance, Workshop};
use crate::progress::overdue::decision_overdue;
use crate::tui::tally::Tally;
use std::collections::{HashMap, HashSet};

use unicode_width::UnicodeWidthStr;

pub(super) fn workshop(out: &mut Lines, plan: &Plan, index: usize) {
    let Some(workshop) = plan.workshops.get(index) else {
        return;
    };
    let item = top(Collection::Workshops, index);
    let theme = out.theme;
    out.push(
        Line::from(Span::styled(Shown::line(&workshop.title), theme.title())),
        Some(target(&item, Some("title"))),
    );
    out.field(
        "id",
        vec![Span::styled(Shown::line(&workshop.id), theme.dim())],
        Some(target(&item, Some("id"))),
    );
    let date = workshop.date.map(|d| d.to_string());
    out.text_field(
        "date",
        date.as_deref().map(Shown::line),
        target(&item, Some("date")),
    );
    out.text_field(
        "led by",
        workshop.facilitator.as_deref().map(Shown::line),
        target(&item, Some("facilitator")),
    );
    out.text_field(
        "place",
        workshop.location.as_deref().map(Shown::line),
        target(&item, Some("location")),
    );
    out.text_field(
        "dots",
        Some(Shown::line(&format!("{} a person", workshop.dots))),
        target(&item, Some("dots")),
    );
    participants(out, workshop, &item);
    let names = ItemNames::of(plan, workshop);
    votes(out, &names, workshop, &item);
    decisions(out, plan, &names, workshop, &item);
    if let Some(notes) = &workshop.notes {
        out.heading("Notes");
        out.paragraph(
            flowed(notes),
            0,
            Style::new(),
            Some(target(&item, Some("notes"))),
        );
    }
    comments(out, plan, workshop);
}

fn participants(out: &mut Lines, workshop: &Workshop, item: &ItemPath) {
    let names: Vec<String> = workshop
        .participants
        .iter()
        .map(|p| Shown::line(p).to_string())
        .collect();
    out.heading(&format!("Participants ({})", workshop.participants.len()));
    let text = if names.is_empty() {
        Shown::line("none listed yet")
    } else {
        Shown::line(&names.join(", "))
    };
    out.paragraph(
        text,
        0,
        Style::new(),
        Some(target(item, Some("participants"))),
    );
}

fn votes(out: &mut Lines, items: &ItemNames, workshop: &Workshop, item: &ItemPath) {
    let theme = out.theme;
    let tally = Tally::of(workshop);
    let placed: i64 = tally.placed.iter().map(|p| p.dots).sum();
    out.heading(&format!("Dots ({placed})"));
    if tally.ranked.is_empty() {
        out.push(
            Line::from(Span::styled("no dots placed yet", theme.dim())),
            None,
        );
        return;
    }
    let rank_width = tally.ranked.iter().map(|r| r.rank.len()).max().unwrap_or(1);
    for ranked in &tally.ranked {
        out.push(
            Line::from(vec![
                Span::styled(
                    format!("{:>rank_width$}  {:>3}  ", ranked.rank, ranked.dots),
                    theme.label(),
                ),
                Span::raw(items.of_item(&ranked.item)),
            ]),
            None,
        );
    }
    out.blank();
    let names: Vec<Shown> = tally
        .placed
        .iter()
        .map(|p| Shown::line(&p.participant))
        .collect();
    let name_width = names.iter().map(|n| n.width()).max().unwrap_or(0).min(24);
    for (placed, name) in tally.placed.iter().zip(names) {
        let pad = name_width.saturating_sub(name.width());
        let mut spans = vec![
            Span::raw(format!("{name}{}", " ".repeat(pad))),
            Span::styled(
                format!("  {} of {} dots", placed.dots, workshop.dots),
                theme.dim(),
            ),
        ];
        if placed.dots > workshop.dots {
            spans.push(Span::styled("  ✗ over the budget", theme.error()));
        }
        if !placed.listed {
            spans.push(Span::styled("  ✗ not a participant", theme.warning()));
        }
        out.push(Line::from(spans), None);
        // Each of their votes, to edit or delete on its own.
        for (v, vote) in workshop.votes.iter().enumerate() {
            if vote.participant == placed.participant {
                out.push(
                    Line::from(vec![
                        Span::styled(format!("  {:>3}  ", vote.dots), theme.dim()),
                        Span::raw(items.of_item(&vote.item)),
                    ]),
                    Some(target(&child(item, Nested::Votes, v), None)),
                );
            }
        }
    }
    if !tally.none.is_empty() {
        let names: Vec<String> = tally
            .none
            .iter()
            .map(|p| Shown::line(p).to_string())
            .collect();
        out.push(
            Line::from(vec![
                Span::styled("placed none  ", theme.label()),
                Span::raw(names.join(", ")),
            ]),
            None,
        );
    }
}

fn decisions(
    out: &mut Lines,
    plan: &Plan,
    items: &ItemNames,
    workshop: &Workshop,
    item: &ItemPath,
) {
    if workshop.decisions.is_empty() {
        return;
    }
    let theme = out.theme;
    out.heading(&format!("Decisions ({})", workshop.decisions.len()));
    for (i, decision) in workshop.decisions.iter().enumerate() {
        let decision_item = child(item, Nested::Decisions, i);
        out.paragraph(
            Shown::line(&format!("• {}", decision.text)),
            0,
            Style::new(),
            Some(target(&decision_item, Some("text"))),
        );
        if let Some(about) = &decision.item {
            out.paragraph(
                Shown::line(&format!("on {}", items.of_item(about))),
                2,
                theme.dim(),
                Some(target(&decision_item, Some("item"))),
            );
        }
        let mut spans = vec![Span::raw("  ")];
        if let Some(owner) = &decision.owner {
            spans.push(Span::styled("owner ", theme.label()));
            spans.push(Span::raw(name_of_actor(plan, owner)));
            spans.push(Span::raw("  "));
        }
        if let Some(due) = decision.due {
            spans.push(Span::styled("due ", theme.label()));
            spans.push(Span::raw(due.to_string()));
            if decision_overdue(decision, out.today) {
                spans.push(Span::styled(format!(" {OVERDUE}"), theme.overdue()));
            }
        }
        if spans.len() > 1 {
            out.push(Line::from(spans), Some(target(&decision_item, None)));
        }
    }
}

fn comments(out: &mut Lines, plan: &Plan, workshop: &Workshop) {
    let made_in = |c: &&Comment| c.workshop.as_deref() == Some(workshop.id.as_str());
    let mut found: Vec<(ItemPath, &str, &Comment)> = Vec::new();
    for (g, goal) in plan.goals.iter().enumerate() {
        for (c, comment) in goal.comments.iter().enumerate() {
            if made_in(&comment) {
                let at = child(&top(Collection::Goals, g), Nested::Comments, c);
                found.push((at, goal.title.as_str(), comment));
            }
        }
    }
    for (p, partnership) in plan.partnerships.iter().enumerate() {
        for (c, comment) in partnership.comments.iter().enumerate() {
            if made_in(&comment) {
                let at = child(&top(Collection::Partnerships, p), Nested::Comments, c);
                found.push((at, partnership.title.as_str(), comment));
            }
        }
    }
    if found.is_empty() {
        return;
    }
    let theme = out.theme;
    out.heading(&format!("Comments made here ({})", found.len()));
    let mut last_item = None;
    for (at, title, comment) in found {
        // One line naming the item, then each comment made on it.
        let on = at.steps.first().copied();
        if last_item != Some(on) {
            out.paragraph(Shown::line(title), 0, theme.label(), None);
            last_item = Some(on);
        }
        let mut spans = vec![Span::raw(format!("  {}", Shown::line(&comment.author)))];
        if let Some(stance) = comment.stance {
            let style = match stance {
                Stance::For => theme.good(),
                Stance::Against => theme.error(),
                Stance::Neutral => theme.dim(),
            };
            spans.push(Span::styled(format!(" [{}]", stance.as_str()), style));
        }
        if let Some(date) = comment.date {
            spans.push(Span::styled(format!("  {date}"), theme.dim()));
        }
        out.push(Line::from(spans), Some(target(&at, None)));
        out.paragraph(
            flowed(&comment.text),
            4,
            Style::new(),
            Some(target(&at, Some("text"))),
        );
    }
}

/// The titles of the goals and partnerships a workshop's votes and
/// decisions name, found in one pass over the plan rather than one search
/// of every goal per vote and per frame.
struct ItemNames<'p> {
    titles: HashMap<&'p str, &'p str>,
}

impl<'p> ItemNames<'p> {
    fn of(plan: &'p Plan, workshop: &'p Workshop) -> ItemNames<'p> {
        let mut titles: HashMap<&str, &str> = HashMap::new();
        let named = workshop.votes.iter().map(|v| v.item.as_str());
        let named = named.chain(workshop.decisions.iter().filter_map(|d| d.item.as_deref()));
        let wanted: HashSet<&str> = named.collect();
        if !wanted.is_empty() {
            // A goal wins over a partnership of the same id, as `Plan::goal`
            // is asked first.
            let items = plan
                .partnerships
                .iter()
                .map(|p| (p.id.as_str(), p.title.as_str()));
            let goals = plan.goals.iter().map(|g| (g.id.as_str(), g.title.as_str()));
            for (id, title) in items.chain(goals) {
                if wanted.contains(id) {
                    titles.insert(id, title);
                }
            }
        }
        ItemNames { titles }
    }

    /// A goal's or partnership's title, or the id and that nothing has it.
    fn of_item(&self, id: &str) -> Shown {
        match self.titles.get(id) {
            Some(title) => Shown::line(title),
            None => Shown::line(&format!("{id} (not a goal or partnership)")),
        }
    }
}
