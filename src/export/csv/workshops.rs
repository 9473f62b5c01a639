//! The CSV tables of what happened in workshops: the decisions, the dot
//! votes as placed, and every comment with its stance and workshop.

use std::borrow::Cow;

use super::{Sheet, date, opt};
use crate::export::Report;
use crate::export::report::ItemKind;
use crate::model::{Comment, Keyword};

/// The word for what an id names.
fn kind(kind: ItemKind) -> &'static str {
    match kind {
        ItemKind::Goal => "goal",
        ItemKind::Partnership => "partnership",
        ItemKind::Unknown => "unknown",
    }
}

/// One row per decision: its workshop, its position there (1 for the
/// first), the text, the item it is about, its owner, and when it is due.
pub(super) fn decisions(report: &Report) -> String {
    let mut sheet = Sheet::new(&[
        "workshop_id",
        "workshop_date",
        "position",
        "text",
        "item_kind",
        "item_id",
        "item_name",
        "owner_id",
        "owner_name",
        "due",
    ]);
    for w in &report.workshops {
        for (index, d) in w.decisions.iter().enumerate() {
            sheet.row([
                Cow::Borrowed(w.id.as_str()),
                date(w.date),
                Cow::Owned((index + 1).to_string()),
                Cow::Borrowed(d.text.as_str()),
                opt(d.kind.map(kind)),
                opt(d.item.as_ref().map(|r| r.id.as_str())),
                opt(d.item.as_ref().and_then(|r| r.name.as_deref())),
                opt(d.owner.as_ref().map(|r| r.id.as_str())),
                opt(d.owner.as_ref().and_then(|r| r.name.as_deref())),
                date(d.due),
            ]);
        }
    }
    sheet.finish()
}

/// One row per vote as the plan writes it: workshop, participant, item and
/// dots.
pub(super) fn votes(report: &Report) -> String {
    let mut sheet = Sheet::new(&[
        "workshop_id",
        "workshop_date",
        "participant",
        "item_kind",
        "item_id",
        "item_name",
        "dots",
    ]);
    for w in &report.workshops {
        for v in &w.votes {
            sheet.row([
                Cow::Borrowed(w.id.as_str()),
                date(w.date),
                Cow::Borrowed(v.participant.as_str()),
                Cow::Borrowed(kind(v.kind)),
                Cow::Borrowed(v.item.id.as_str()),
                opt(v.item.name.as_deref()),
                Cow::Owned(v.dots.to_string()),
            ]);
        }
    }
    sheet.finish()
}

/// One row per comment, goals' (in the report's order) then
/// partnerships': the item, who, when, the stance, whether resolved, the
/// workshop it was made in, and the text.
pub(super) fn comments(report: &Report) -> String {
    let mut sheet = Sheet::new(&[
        "item_kind",
        "item_id",
        "item_name",
        "author",
        "date",
        "stance",
        "resolved",
        "workshop_id",
        "text",
    ]);
    let goals = report.goals().flat_map(|g| {
        g.comments
            .iter()
            .map(move |c| ("goal", &g.id, g.title.as_str(), c))
    });
    let partnerships = report.partnerships.iter().flat_map(|p| {
        p.comments
            .iter()
            .map(move |c| ("partnership", &p.id, p.title.as_str(), c))
    });
    for (item_kind, id, name, c) in goals.chain(partnerships) {
        let c: &Comment = c;
        sheet.row([
            Cow::Borrowed(item_kind),
            Cow::Borrowed(id.as_str()),
            Cow::Borrowed(name),
            Cow::Borrowed(c.author.as_str()),
            date(c.date),
            opt(c.stance.map(Keyword::as_str)),
            Cow::Borrowed(if c.resolved { "true" } else { "false" }),
            opt(c.workshop.as_deref()),
            Cow::Borrowed(c.text.as_str()),
        ]);
    }
    sheet.finish()
}
