//! The CSV tables of the plan's own collections: goals, indicators,
//! partnerships, parties, contributions and actors, one row per item.

use std::borrow::Cow;

use super::sheet::{Sheet, date, integer, number, opt, percent};
use crate::export::Report;
use crate::export::report::Side;
use crate::model::Keyword;

pub(super) fn goals(report: &Report) -> String {
    let mut sheet = Sheet::new(&[
        "id",
        "title",
        "theme_id",
        "theme_name",
        "parent_id",
        "status",
        "priority",
        "owner_id",
        "owner_name",
        "target_year",
        "budget",
        "weight",
        "progress_percent",
        "tags",
        "description",
    ]);
    for g in report.goals() {
        sheet.row([
            Cow::Borrowed(g.id.as_str()),
            Cow::Borrowed(g.title.as_str()),
            opt(g.theme.as_ref().map(|t| t.id.as_str())),
            opt(g.theme.as_ref().and_then(|t| t.name.as_deref())),
            opt(g.parent.as_ref().map(|p| p.id.as_str())),
            Cow::Borrowed(g.status.as_str()),
            opt(g.priority.map(Keyword::as_str)),
            opt(g.owner.as_ref().map(|o| o.id.as_str())),
            opt(g.owner.as_ref().and_then(|o| o.name.as_deref())),
            integer(g.target_year),
            number(g.budget),
            number(Some(g.weight)),
            Cow::Owned(percent(g.progress)),
            Cow::Owned(g.tags.join("; ")),
            opt(g.description.as_deref()),
        ]);
    }
    sheet.finish()
}

pub(super) fn indicators(report: &Report) -> String {
    let mut sheet = Sheet::new(&[
        "goal_id",
        "name",
        "unit",
        "baseline",
        "baseline_year",
        "current",
        "current_date",
        "target",
        "target_year",
        "progress_percent",
        "source",
    ]);
    for g in report.goals() {
        for i in &g.indicators {
            sheet.row([
                Cow::Borrowed(g.id.as_str()),
                Cow::Borrowed(i.name.as_str()),
                opt(i.unit.as_deref()),
                number(i.baseline),
                integer(i.baseline_year),
                number(i.current),
                date(i.current_date),
                number(i.target),
                integer(i.target_year),
                Cow::Owned(i.progress.map(percent).unwrap_or_default()),
                opt(i.source.as_deref()),
            ]);
        }
    }
    sheet.finish()
}

pub(super) fn partnerships(report: &Report) -> String {
    let mut sheet = Sheet::new(&[
        "id",
        "title",
        "instrument",
        "complexity",
        "status",
        "resource",
        "goal_ids",
        "start",
        "end",
        "review",
        "objectives",
        "governance",
        "evaluation",
        "description",
    ]);
    for p in &report.partnerships {
        let goals: Vec<&str> = p.goals.iter().map(|g| g.id.as_str()).collect();
        sheet.row([
            Cow::Borrowed(p.id.as_str()),
            Cow::Borrowed(p.title.as_str()),
            opt(p.instrument.map(Keyword::as_str)),
            opt(p.complexity.map(Keyword::as_str)),
            Cow::Borrowed(p.status.as_str()),
            opt(p.resource.as_deref()),
            Cow::Owned(goals.join("; ")),
            date(p.start),
            date(p.end),
            date(p.review),
            opt(p.objectives.as_deref()),
            opt(p.governance.as_deref()),
            opt(p.evaluation.as_deref()),
            opt(p.description.as_deref()),
        ]);
    }
    sheet.finish()
}

pub(super) fn parties(report: &Report) -> String {
    let mut sheet = Sheet::new(&[
        "partnership_id",
        "actor_id",
        "actor_name",
        "role",
        "commitments",
    ]);
    for p in &report.partnerships {
        for party in &p.parties {
            sheet.row([
                Cow::Borrowed(p.id.as_str()),
                Cow::Borrowed(party.actor.id.as_str()),
                opt(party.actor.name.as_deref()),
                opt(party.role.map(Keyword::as_str)),
                opt(party.commitments.as_deref()),
            ]);
        }
    }
    sheet.finish()
}

pub(super) fn contributions(report: &Report) -> String {
    let mut sheet = Sheet::new(&[
        "partnership_id",
        "from_id",
        "from_name",
        "side",
        "kind",
        "amount",
        "unit",
        "per",
        "description",
    ]);
    for p in &report.partnerships {
        for c in &p.contributions {
            let side = match c.side {
                Side::City => "city",
                Side::Commons => "commons",
                Side::Other => "other",
            };
            sheet.row([
                Cow::Borrowed(p.id.as_str()),
                Cow::Borrowed(c.from.id.as_str()),
                opt(c.from.name.as_deref()),
                Cow::Borrowed(side),
                Cow::Borrowed(c.kind.as_str()),
                number(c.amount),
                opt(c.unit.as_deref()),
                Cow::Borrowed(c.per.as_str()),
                opt(c.description.as_deref()),
            ]);
        }
    }
    sheet.finish()
}

pub(super) fn actors(report: &Report) -> String {
    let mut sheet = Sheet::new(&[
        "id",
        "name",
        "role",
        "theme_id",
        "since",
        "members",
        "url",
        "description",
    ]);
    for a in &report.actors {
        sheet.row([
            Cow::Borrowed(a.id.as_str()),
            Cow::Borrowed(a.name.as_str()),
            Cow::Borrowed(a.role.as_str()),
            opt(a.theme.as_ref().map(|t| t.id.as_str())),
            integer(a.since),
            integer(a.members),
            opt(a.url.as_deref()),
            opt(a.description.as_deref()),
        ]);
    }
    sheet.finish()
}
