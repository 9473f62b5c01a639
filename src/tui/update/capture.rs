//! Capturing what a room says while presenting: dots placed on the item
//! shown (`v`), a comment on it (`c`) and a decision about it (`D`), each
//! asked step by step in pickers and prompts and written as one undoable
//! [`Edit::Add`] into the presentation's current workshop or the item's
//! comments. The step under way is kept in
//! [`crate::tui::present::Presentation::capture`]; a
//! vote over a participant's budget is refused by the edit, with the
//! numbers, and changes nothing.

use super::*;
use crate::model::{Date, Stance};
use crate::tui::present::Capture;

/// What a capture key says when the plan has no workshop to capture into.
pub(super) const NO_WORKSHOP: &str = "no workshop: add one on the Workshops screen (7)";

/// Begin the capture `action` asks for (vote, comment, decide) on the
/// slide shown.
pub(super) fn start(app: &mut App, action: Action) {
    let Some(presentation) = app.presentation.as_ref() else {
        return;
    };
    let Some(item) = presentation.slide().item() else {
        app.say("only a goal or a partnership takes dots, comments and decisions");
        return;
    };
    let workshop = presentation.workshop;
    let needs_workshop = matches!(action, Action::Vote | Action::Decide);
    if needs_workshop && workshop.is_none() {
        app.fail(NO_WORKSHOP);
        return;
    }
    let capture = match action {
        Action::Vote => {
            let Some(entries) = participants_left(app) else {
                return;
            };
            let title = format!("Dots at {} from", workshop_name(app));
            open_picker(app, &title, entries, Some("new participant"));
            Capture::Vote {
                item,
                participant: None,
            }
        }
        Action::Comment => {
            let entries: Vec<Entry> = workshop_of(app)
                .map(|w| w.participants.clone())
                .unwrap_or_default()
                .into_iter()
                .map(|name| Entry::new(name.clone(), ""))
                .collect();
            let title = match workshop {
                Some(_) => format!("Comment at {} by", workshop_name(app)),
                None => "Comment by".to_owned(),
            };
            open_picker(app, &title, entries, Some("new name"));
            Capture::Comment {
                item,
                author: None,
                text: None,
            }
        }
        Action::Decide => {
            let question = format!("Decision at {}", workshop_name(app));
            open_prompt(app, &question);
            Capture::Decision {
                item,
                text: None,
                owner: None,
            }
        }
        _ => return,
    };
    if let Some(presentation) = app.presentation.as_mut() {
        presentation.capture = Some(capture);
    }
}

/// Drop the capture under way.
pub(super) fn cancel(app: &mut App) {
    if let Some(presentation) = app.presentation.as_mut() {
        presentation.capture = None;
    }
}

/// An entry chosen in a capture's picker: its value.
pub(super) fn picked(app: &mut App, value: String) {
    let Some(capture) = take(app) else {
        return;
    };
    let next = match capture {
        Capture::Vote { item, .. } => {
            open_prompt(app, &format!("Dots from {value} (Enter: 1)"));
            Capture::Vote {
                item,
                participant: Some(value),
            }
        }
        Capture::Comment {
            item, author: None, ..
        } => {
            open_prompt(app, &format!("Comment by {value}"));
            Capture::Comment {
                item,
                author: Some(value),
                text: None,
            }
        }
        Capture::Comment {
            item,
            author: Some(author),
            text: Some(text),
        } => {
            let stance = (!value.is_empty()).then_some(value);
            comment(app, &item, author, text, stance);
            return;
        }
        Capture::Decision {
            item,
            text: Some(text),
            ..
        } => {
            open_prompt(app, "Due (YYYY-MM-DD, Enter: none)");
            Capture::Decision {
                item,
                text: Some(text),
                owner: Some((!value.is_empty()).then_some(value)),
            }
        }
        other => other,
    };
    put(app, next);
}

/// A capture's prompt answered: check the text, then the next step or the
/// edit.
pub(super) fn answered(app: &mut App, prompt: Prompt) -> Option<Overlay> {
    let text = prompt.text.trim().to_owned();
    let capture = take(app)?;
    let refuse = |app: &mut App, mut prompt: Prompt, capture, error: &str| {
        prompt.error = Some(error.to_owned());
        put(app, capture);
        Some(Overlay::Prompt(prompt))
    };
    match capture {
        Capture::Vote {
            item,
            participant: Some(participant),
        } => {
            let dots = if text.is_empty() {
                1
            } else {
                match text.parse::<i64>() {
                    Ok(n) if n > 0 => n,
                    _ => {
                        let capture = Capture::Vote {
                            item,
                            participant: Some(participant),
                        };
                        return refuse(app, prompt, capture, "a whole number of dots, 1 or more");
                    }
                }
            };
            vote(app, &item, participant, dots);
            None
        }
        Capture::Comment {
            item,
            author: Some(author),
            text: None,
        } => {
            if text.is_empty() {
                let capture = Capture::Comment {
                    item,
                    author: Some(author),
                    text: None,
                };
                return refuse(app, prompt, capture, "type the comment, or Esc to cancel");
            }
            let mut entries: Vec<Entry> = Stance::WORDS
                .iter()
                .map(|word| Entry::new(*word, *word))
                .collect();
            entries.push(Entry::new("", "none"));
            open_picker(app, "Stance", entries, None);
            put(
                app,
                Capture::Comment {
                    item,
                    author: Some(author),
                    text: Some(text),
                },
            );
            app.overlay.take()
        }
        Capture::Decision {
            item, text: None, ..
        } => {
            if text.is_empty() {
                let capture = Capture::Decision {
                    item,
                    text: None,
                    owner: None,
                };
                return refuse(app, prompt, capture, "type the decision, or Esc to cancel");
            }
            let mut entries = vec![Entry::new("", "no owner")];
            entries.extend(
                app.plan()
                    .actors
                    .iter()
                    .map(|a| Entry::new(a.id.clone(), a.name.clone())),
            );
            open_picker(app, "Owner", entries, None);
            put(
                app,
                Capture::Decision {
                    item,
                    text: Some(text),
                    owner: None,
                },
            );
            app.overlay.take()
        }
        Capture::Decision {
            item,
            text: Some(decision),
            owner: Some(owner),
        } => {
            let due = if text.is_empty() {
                None
            } else {
                match text.parse::<Date>() {
                    Ok(date) => Some(date),
                    Err(error) => {
                        let capture = Capture::Decision {
                            item,
                            text: Some(decision),
                            owner: Some(owner),
                        };
                        return refuse(app, prompt, capture, &error.to_string());
                    }
                }
            };
            decide(app, &item, decision, owner, due);
            None
        }
        other => {
            put(app, other);
            Some(Overlay::Prompt(prompt))
        }
    }
}

/// The participants of the current workshop, each with the dots left.
fn participants_left(app: &mut App) -> Option<Vec<Entry>> {
    let Some(workshop) = workshop_of(app) else {
        app.fail(NO_WORKSHOP);
        return None;
    };
    let mut seen: Vec<&str> = Vec::new();
    let mut entries = Vec::new();
    for name in &workshop.participants {
        if seen.contains(&name.as_str()) {
            continue;
        }
        seen.push(name);
        let placed: i64 = workshop
            .votes
            .iter()
            .filter(|v| v.participant == *name)
            .map(|v| v.dots)
            .sum();
        let left = workshop.dots - placed;
        entries.push(Entry::new(
            name.clone(),
            format!("{name} · {left} of {} left", workshop.dots),
        ));
    }
    Some(entries)
}

/// Add the vote: one edit, refused with the numbers when over budget.
fn vote(app: &mut App, item: &ItemPath, participant: String, dots: i64) {
    let (Some(workshop), Some(id)) = (current(app), item_id(app.plan(), item)) else {
        app.fail(NO_WORKSHOP);
        return;
    };
    let mut edits = Vec::new();
    let mut done = format!("{participant} placed {dots} on {id}");
    if let Some(w) = app.plan().workshops.get(workshop)
        && !w.participants.contains(&participant)
    {
        // A name typed in the room joins the workshop with its first dots,
        // in the same undoable step.
        let mut participants = w.participants.clone();
        participants.push(participant.clone());
        edits.push(Edit::Set {
            item: ItemPath::top(Collection::Workshops.key(), workshop),
            key: "participants".to_owned(),
            value: Some(FieldValue::Texts(participants)),
        });
        done = format!("{participant} joined and placed {dots} on {id}");
    }
    let edit = Edit::Add {
        parent: ItemPath::top(Collection::Workshops.key(), workshop),
        collection: Nested::Votes.key().to_owned(),
        fields: vec![
            ("participant".to_owned(), FieldValue::Text(participant)),
            ("item".to_owned(), FieldValue::Text(id)),
            ("dots".to_owned(), FieldValue::Integer(dots)),
        ],
    };
    edits.push(edit);
    apply(app, edits, &done);
}

/// Add the comment to the item, dated today, in the current workshop.
fn comment(app: &mut App, item: &ItemPath, author: String, text: String, stance: Option<String>) {
    let workshop = current(app).and_then(|w| app.plan().workshops.get(w).map(|w| w.id.clone()));
    let done = format!("comment by {author} added");
    let mut fields = vec![
        ("author".to_owned(), FieldValue::Text(author)),
        ("text".to_owned(), FieldValue::Text(text)),
        ("date".to_owned(), FieldValue::Date(app.today)),
    ];
    if let Some(stance) = stance {
        fields.push(("stance".to_owned(), FieldValue::Text(stance)));
    }
    if let Some(workshop) = workshop {
        fields.push(("workshop".to_owned(), FieldValue::Text(workshop)));
    }
    let edit = Edit::Add {
        parent: item.clone(),
        collection: Nested::Comments.key().to_owned(),
        fields,
    };
    apply(app, vec![edit], &done);
}

/// Add the decision about the item to the current workshop.
fn decide(app: &mut App, item: &ItemPath, text: String, owner: Option<String>, due: Option<Date>) {
    let (Some(workshop), Some(id)) = (current(app), item_id(app.plan(), item)) else {
        app.fail(NO_WORKSHOP);
        return;
    };
    let mut fields = vec![
        ("text".to_owned(), FieldValue::Text(text)),
        ("item".to_owned(), FieldValue::Text(id.clone())),
    ];
    if let Some(owner) = owner {
        fields.push(("owner".to_owned(), FieldValue::Text(owner)));
    }
    if let Some(due) = due {
        fields.push(("due".to_owned(), FieldValue::Date(due)));
    }
    let edit = Edit::Add {
        parent: ItemPath::top(Collection::Workshops.key(), workshop),
        collection: Nested::Decisions.key().to_owned(),
        fields,
    };
    apply(app, vec![edit], &format!("decision about {id} recorded"));
}

/// The id of the goal or partnership at `item`.
fn item_id(plan: &crate::model::Plan, item: &ItemPath) -> Option<String> {
    match item.top_item()? {
        (Collection::Goals, index) => plan.goals.get(index).map(|g| g.id.clone()),
        (Collection::Partnerships, index) => plan.partnerships.get(index).map(|p| p.id.clone()),
        _ => None,
    }
}

/// The position of the current workshop, when it is still in the plan.
fn current(app: &App) -> Option<usize> {
    let index = app.presentation.as_ref()?.workshop?;
    (index < app.plan().workshops.len()).then_some(index)
}

fn workshop_of(app: &App) -> Option<&crate::model::Workshop> {
    current(app).and_then(|index| app.plan().workshops.get(index))
}

/// The current workshop's id, as a window title shows it.
fn workshop_name(app: &App) -> String {
    workshop_of(app).map_or_else(String::new, |w| format!("`{}`", Shown::line(&w.id)))
}

fn take(app: &mut App) -> Option<Capture> {
    app.presentation.as_mut()?.capture.take()
}

fn put(app: &mut App, capture: Capture) {
    if let Some(presentation) = app.presentation.as_mut() {
        presentation.capture = Some(capture);
    }
}

/// Open a capture's picker; `typed` names what a typed value that is not
/// listed is (a new participant), when one is taken.
fn open_picker(app: &mut App, title: &str, entries: Vec<Entry>, typed: Option<&'static str>) {
    let picker = Picker::single(title, entries, None);
    let picker = match typed {
        Some(what) => picker.taking_typed(what),
        None => picker,
    };
    app.overlay = Some(Overlay::Picker {
        picker: Box::new(picker),
        purpose: PickPurpose::Capture,
    });
}

fn open_prompt(app: &mut App, question: &str) {
    app.overlay = Some(Overlay::Prompt(Prompt {
        question: question.to_owned(),
        text: String::new(),
        purpose: PromptPurpose::Capture,
        error: None,
    }));
}

/// The current workshop when presentation starts: the latest by date (the
/// last written among equal dates; undated ones count as earliest).
pub(super) fn latest_workshop(plan: &crate::model::Plan) -> Option<usize> {
    plan.workshops
        .iter()
        .enumerate()
        .max_by_key(|(index, w)| (w.date, *index))
        .map(|(index, _)| index)
}

/// Show or hide the current workshop's tally on the slides.
pub(super) fn toggle_tally(app: &mut App) {
    let Some(presentation) = app.presentation.as_mut() else {
        return;
    };
    if presentation.workshop.is_none() {
        app.fail(NO_WORKSHOP);
        return;
    }
    presentation.show_tally = !presentation.show_tally;
    let shown = presentation.show_tally;
    app.say(if shown { "tally shown" } else { "tally hidden" });
}
