//! The details of a partnership: its fields, parties, contributions, its
//! ledger and the texts of its agreement.

use super::goal::comments;
use super::*;

pub(super) fn partnership(out: &mut Lines, app: &App, index: usize) {
    let plan = app.plan();
    let Some(partnership) = plan.partnerships.get(index) else {
        return;
    };
    let item = top(Collection::Partnerships, index);
    let theme = out.theme;
    out.push(
        Line::from(Span::styled(Shown::line(&partnership.title), theme.title())),
        Some(target(&item, Some("title"))),
    );
    out.field(
        "id",
        vec![Span::styled(Shown::line(&partnership.id), theme.dim())],
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
        partnership.instrument.map(|i| i.as_str()).map(Shown::line),
        target(&item, Some("instrument")),
    );
    if let Some(complexity) = partnership.complexity {
        out.text_field(
            "complexity",
            Some(Shown::line(complexity.as_str())),
            target(&item, Some("complexity")),
        );
    }
    let date = |d: Option<crate::model::Date>| d.map(|d| d.to_string());
    out.text_field(
        "start",
        date(partnership.start).as_deref().map(Shown::line),
        target(&item, Some("start")),
    );
    out.text_field(
        "end",
        date(partnership.end).as_deref().map(Shown::line),
        target(&item, Some("end")),
    );
    if review_overdue(partnership, out.today) {
        let review = date(partnership.review).unwrap_or_default();
        out.field(
            "review",
            vec![
                Span::raw(review),
                Span::styled(format!("  {OVERDUE}"), theme.overdue()),
            ],
            Some(target(&item, Some("review"))),
        );
    } else {
        out.text_field(
            "review",
            date(partnership.review).as_deref().map(Shown::line),
            target(&item, Some("review")),
        );
    }
    out.text_field(
        "resource",
        partnership.resource.as_deref().map(Shown::line),
        target(&item, Some("resource")),
    );
    if partnership.goals.is_empty() {
        out.text_field("goals", None, target(&item, Some("goals")));
    }
    for (i, id) in partnership.goals.iter().enumerate() {
        let label = if i == 0 { "goals" } else { "" };
        let title = plan.goal(id).map_or_else(
            || Shown::line(&format!("{id} (not a goal)")),
            |g| Shown::line(&g.title),
        );
        out.text_field(label, Some(title), target(&item, Some("goals")));
    }
    if let Some(description) = &partnership.description {
        out.blank();
        out.paragraph(
            flowed(description),
            0,
            Style::new(),
            Some(target(&item, Some("description"))),
        );
    }
    if !partnership.parties.is_empty() {
        out.heading("Parties");
        for (i, party) in partnership.parties.iter().enumerate() {
            let path = child(&item, Nested::Parties, i);
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
                    flowed(commitments),
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
            let path = child(&item, Nested::Contributions, i);
            let amount = contribution.amount.map(number).unwrap_or_default();
            let unit = contribution
                .unit
                .as_deref()
                .map(Shown::line)
                .or_else(|| {
                    (contribution.kind == crate::model::ContributionKind::Money)
                        .then(|| Shown::line(&plan.plan.currency))
                })
                .unwrap_or_default();
            let per = match contribution.per {
                crate::model::Period::Once => String::new(),
                other => format!(" a {}", other.as_str()),
            };
            let from = plan
                .actor(&contribution.from)
                .map_or_else(|| Shown::line(&contribution.from), |a| Shown::line(&a.name));
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
                    flowed(description),
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
            Some(text) => out.paragraph(
                flowed(text),
                0,
                Style::new(),
                Some(target(&item, Some(key))),
            ),
            None => out.push(
                Line::from(Span::styled("—", theme.dim())),
                Some(target(&item, Some(key))),
            ),
        }
    }
    comments(out, &partnership.comments, &item);
}

pub(super) fn ledger(out: &mut Lines, lines: &[LedgerLine]) {
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
