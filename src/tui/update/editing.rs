//! Changing the plan: forms to edit and add, delete, status steps, and
//! applying edits as one undo step with a word in the status bar.

use super::*;
use crate::text::Shown;

/// How an item is named in titles and messages: the library's one naming.
pub(super) fn describe(app: &App, item: &ItemPath) -> String {
    crate::edit::describe(app.session.document(), item)
}

pub(super) fn open_form(app: &mut App, key: Option<&'static str>) {
    if app.focus == Focus::Detail {
        let lines = detail_lines_on_screen(app);
        if let Some(target) = lines
            .get(app.list().detail_selected)
            .and_then(|l| l.target.clone())
            && (target.item.steps.len() > 1
                || Screen::listing_key(target.item.steps[0].0) == Some(app.screen))
        {
            open_form_at(app, target.item, target.key);
            return;
        }
    }
    match app.screen {
        Screen::Overview => open_form_at(app, ItemPath::plan(), key),
        _ => match app.selected_item() {
            Some(item) => open_form_at(app, item, key),
            None => app.say("nothing selected to edit"),
        },
    }
}

pub(super) fn open_form_at(app: &mut App, item: ItemPath, key: Option<&'static str>) {
    let title = format!("Edit {}", describe(app, &item));
    match Form::edit(app.session.document(), item, title, key) {
        Some(form) => app.overlay = Some(Overlay::Form(Box::new(form))),
        None => app.fail("that item is not in the plan any more"),
    }
}

/// What `a` can add from where the cursor is.
pub(super) fn add_choices(app: &App) -> Vec<AddChoice> {
    let plan = app.plan();
    let mut choices = Vec::new();
    let top =
        |collection: Collection, label: &str, prefill: Vec<(&'static str, String)>| AddChoice {
            parent: ItemPath::plan(),
            collection: NewItemIn::Top(collection),
            label: label.to_owned(),
            prefill,
        };
    let selected = app.list().selected_index();
    match app.screen {
        Screen::Goals => {
            let theme = selected
                .and_then(|i| plan.goals.get(i))
                .and_then(|g| g.theme.clone());
            choices.push(top(
                Collection::Goals,
                "goal",
                theme.map(|t| vec![("theme", t)]).unwrap_or_default(),
            ));
            if let Some(index) = selected
                && let Some(goal) = plan.goals.get(index)
            {
                let item = ItemPath::top(Collection::Goals.key(), index);
                let name = format!("goal `{}`", Shown::line(&goal.id));
                let mut prefill = vec![("parent", goal.id.clone())];
                if let Some(theme) = &goal.theme {
                    prefill.push(("theme", theme.clone()));
                }
                choices.push(top(
                    Collection::Goals,
                    &format!("sub-goal of {name}"),
                    prefill,
                ));
                for nested in [Nested::Indicators, Nested::Milestones, Nested::Comments] {
                    choices.push(AddChoice {
                        parent: item.clone(),
                        collection: NewItemIn::Nested(nested),
                        label: format!("{} for {name}", nested.noun()),
                        prefill: if nested == Nested::Comments {
                            vec![("date", app.today.to_string())]
                        } else {
                            Vec::new()
                        },
                    });
                }
                for (i, indicator) in goal.indicators.iter().enumerate() {
                    choices.push(AddChoice {
                        parent: item.child(Nested::Indicators.key(), i),
                        collection: NewItemIn::Nested(Nested::Measurements),
                        label: format!("measurement of “{}”", Shown::line(&indicator.name)),
                        prefill: vec![("date", app.today.to_string())],
                    });
                }
            }
        }
        Screen::Partnerships => {
            choices.push(top(Collection::Partnerships, "partnership", Vec::new()));
            if let Some(index) = selected
                && let Some(partnership) = plan.partnerships.get(index)
            {
                let item = ItemPath::top(Collection::Partnerships.key(), index);
                let name = format!("partnership `{}`", Shown::line(&partnership.id));
                for nested in [Nested::Parties, Nested::Contributions, Nested::Comments] {
                    let noun = nested.noun();
                    choices.push(AddChoice {
                        parent: item.clone(),
                        collection: NewItemIn::Nested(nested),
                        label: if nested == Nested::Comments {
                            format!("{noun} on {name}")
                        } else {
                            format!("{noun} to {name}")
                        },
                        prefill: if nested == Nested::Comments {
                            vec![("date", app.today.to_string())]
                        } else {
                            Vec::new()
                        },
                    });
                }
            }
        }
        Screen::Actors => choices.push(top(Collection::Actors, "actor", Vec::new())),
        Screen::Themes => choices.push(top(Collection::Themes, "theme", Vec::new())),
        Screen::Workshops => {
            choices.push(top(
                Collection::Workshops,
                "workshop",
                vec![("date", app.today.to_string())],
            ));
            if let Some(index) = selected
                && let Some(workshop) = plan.workshops.get(index)
            {
                let item = ItemPath::top(Collection::Workshops.key(), index);
                let name = format!("workshop `{}`", Shown::line(&workshop.id));
                for nested in TableKind::Workshop.nested() {
                    choices.push(AddChoice {
                        parent: item.clone(),
                        collection: NewItemIn::Nested(*nested),
                        label: format!("{} at {name}", nested.noun()),
                        prefill: Vec::new(),
                    });
                }
            }
        }
        Screen::Overview | Screen::Problems => {}
    }
    choices
}

pub(super) fn add(app: &mut App) {
    let choices = add_choices(app);
    match choices.len() {
        0 => app.say("nothing to add on this screen; go to goals, partnerships, actors or themes"),
        1 => open_add_form(
            app,
            choices.into_iter().next().unwrap_or_else(|| unreachable!()),
        ),
        _ => {
            let entries = choices
                .iter()
                .enumerate()
                .map(|(i, c)| Entry::new((i + 1).to_string(), c.label.clone()))
                .collect();
            app.overlay = Some(Overlay::Picker {
                picker: Box::new(Picker::single("Add what?", entries, None)),
                purpose: PickPurpose::Add(choices),
            });
        }
    }
}

pub(super) fn open_add_form(app: &mut App, choice: AddChoice) {
    let fits = match choice.collection {
        NewItemIn::Top(_) => choice.parent.steps.is_empty(),
        NewItemIn::Nested(nested) => choice
            .parent
            .kind()
            .is_some_and(|k| k.nested().contains(&nested)),
    };
    if !fits {
        app.fail(format!("cannot add to {}", choice.collection.key()));
        return;
    }
    let kind = choice.collection.item();
    let title = format!("New {}", choice.label);
    let form = Form::add(
        app.plan(),
        choice.parent,
        choice.collection.key(),
        kind,
        title,
        &choice.prefill,
    );
    app.overlay = Some(Overlay::Form(Box::new(form)));
}

pub(super) fn delete(app: &mut App) {
    let mut item = app.selected_item();
    if app.focus == Focus::Detail
        && let Some(target) = detail_lines_on_screen(app)
            .get(app.list().detail_selected)
            .and_then(|l| l.target.clone())
        && target.item.steps.len() > 1
    {
        item = Some(target.item);
    }
    match item {
        Some(item) => {
            let noun = describe(app, &item);
            let references = crate::edit::references_to(app.session.document(), &item)
                .into_iter()
                .map(|r| r.place)
                .collect();
            app.overlay = Some(Overlay::Confirm(Confirm::Delete {
                item,
                noun,
                references,
            }));
        }
        None => app.say("nothing selected to delete"),
    }
}

pub(super) fn change_status(app: &mut App, direction: isize) {
    let Some(item) = app.selected_item() else {
        app.say("select a goal or partnership to change its status");
        return;
    };
    change_status_of(app, item, direction);
}

/// Move the status of `item` (a goal or a partnership) `direction` steps
/// through its words, as one undoable edit.
pub(super) fn change_status_of(app: &mut App, item: ItemPath, direction: isize) {
    let (collection, index) = item.steps[0];
    let plan = app.plan();
    let (words, current): (&[&str], &str) = match collection.parse() {
        Ok(Collection::Goals) => (GoalStatus::WORDS, plan.goals[index].status.as_str()),
        Ok(Collection::Partnerships) => (
            PartnershipStatus::WORDS,
            plan.partnerships[index].status.as_str(),
        ),
        _ => {
            app.say("only goals and partnerships have a status");
            return;
        }
    };
    let position = words.iter().position(|w| *w == current).unwrap_or(0) as isize;
    let next = position + direction;
    if next < 0 || next >= words.len() as isize {
        app.say(format!(
            "`{current}` is the {} status",
            if direction > 0 { "last" } else { "first" }
        ));
        return;
    }
    let word = words[next as usize];
    let name = describe(app, &item);
    apply(
        app,
        vec![Edit::Set {
            item,
            key: "status".to_owned(),
            value: Some(FieldValue::Text(word.to_owned())),
        }],
        &format!("{name}: {current} → {word}"),
    );
}

/// Apply edits as one undo step and say what happened.
pub(super) fn apply(app: &mut App, edits: Vec<Edit>, done: &str) -> bool {
    if refused_read_only(app, "not changed") {
        return false;
    }
    match app.session.apply_all(&edits) {
        Ok(()) => {
            app.plan_edited();
            app.say(done);
            true
        }
        Err((_, error)) => {
            app.fail(Shown::line(&error.to_string()));
            false
        }
    }
}
/// Refuse what would change the plan or its file while another UI has it
/// open: says so, beginning with `what` ("not saved"), and returns true.
pub(super) fn refused_read_only(app: &mut App, what: &str) -> bool {
    let Some(why) = &app.read_only else {
        return false;
    };
    let said =
        format!("{what}: {why}, so this one is read-only; start with --read-write to edit anyway");
    app.fail(said);
    true
}

/// The number of items of a top-level collection.
pub(super) fn collection_len(plan: &crate::model::Plan, collection: Collection) -> usize {
    match collection {
        Collection::Goals => plan.goals.len(),
        Collection::Partnerships => plan.partnerships.len(),
        Collection::Actors => plan.actors.len(),
        Collection::Themes => plan.themes.len(),
        Collection::Workshops => plan.workshops.len(),
    }
}
