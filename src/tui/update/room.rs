//! Which workshop a presentation records into. When presenting starts, the
//! latest workshop is the current one if it is dated today or later (the
//! session under way). Otherwise the facilitator is asked once: add a new
//! workshop dated today, with a proposed dot budget of about a third of the
//! items on the slides (Loomio's rule of thumb for a dot vote, capped at
//! [`MOST_DOTS`] so a large plan does not hand out hundreds), or record into
//! the latest workshop, or into none when the plan has none.

use super::*;
use crate::model::Plan;

/// The most dots proposed for a new workshop: a room cannot weigh more.
const MOST_DOTS: usize = 10;

/// Choose the current workshop of the presentation just started: the
/// latest when it is today's (or later), else ask.
pub(super) fn choose(app: &mut App) {
    let latest = capture::latest_workshop(app.plan());
    let today = app.today;
    let under_way = latest.filter(|&index| {
        app.plan().workshops[index]
            .date
            .is_some_and(|date| date >= today)
    });
    if let Some(presentation) = app.presentation.as_mut() {
        presentation.workshop = under_way;
    }
    if under_way.is_none() {
        let items = app.presentation.as_ref().map_or(0, |p| {
            p.slides
                .iter()
                .filter(|slide| slide.item().is_some())
                .count()
        });
        app.overlay = Some(Overlay::Confirm(Confirm::NewWorkshop {
            dots: proposed_dots(items),
            latest,
        }));
    }
}

/// About a third of `items`, at least 1 and at most [`MOST_DOTS`].
pub(super) fn proposed_dots(items: usize) -> usize {
    items.div_ceil(3).clamp(1, MOST_DOTS)
}

/// The answer to "record this session in a new workshop?".
pub(super) fn answered(app: &mut App, dots: usize, latest: Option<usize>, add: bool) {
    if !add {
        if let Some(presentation) = app.presentation.as_mut() {
            presentation.workshop = latest;
        }
        match latest.and_then(|index| app.plan().workshops.get(index)) {
            Some(workshop) => {
                let said = format!("recording in `{}`", Shown::line(&workshop.id));
                app.say(said);
            }
            None => app.say("presenting without a workshop: comments only"),
        }
        return;
    }
    let today = app.today;
    let id = new_id(app.plan(), &format!("workshop-{today}"));
    let edit = Edit::Add {
        parent: ItemPath::plan(),
        collection: Collection::Workshops.key().to_owned(),
        fields: vec![
            ("id".to_owned(), FieldValue::Text(id.clone())),
            (
                "title".to_owned(),
                FieldValue::Text(format!("Workshop {today}")),
            ),
            ("date".to_owned(), FieldValue::Date(today)),
            (
                "dots".to_owned(),
                FieldValue::Integer(i64::try_from(dots).unwrap_or(1)),
            ),
        ],
    };
    let done = format!("added workshop `{id}` dated {today}, {dots} dots each: recording in it");
    if apply(app, vec![edit], &done) {
        let index = app.plan().workshops.len().checked_sub(1);
        if let Some(presentation) = app.presentation.as_mut() {
            presentation.workshop = index;
        }
    }
}

/// `wanted`, or `wanted-2`, `wanted-3`… when a workshop has that id.
fn new_id(plan: &Plan, wanted: &str) -> String {
    let taken = |id: &str| plan.workshops.iter().any(|w| w.id == id);
    if !taken(wanted) {
        return wanted.to_owned();
    }
    (2..)
        .map(|n| format!("{wanted}-{n}"))
        .find(|id| !taken(id))
        .expect("some suffix is free")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_third_of_the_items_between_one_and_ten() {
        assert_eq!(proposed_dots(0), 1);
        assert_eq!(proposed_dots(2), 1);
        assert_eq!(proposed_dots(9), 3);
        assert_eq!(proposed_dots(10), 4);
        assert_eq!(proposed_dots(30), 10);
        assert_eq!(proposed_dots(10_000), 10);
    }
}
