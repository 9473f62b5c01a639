//! The format's workshop record: a workshop's `location`, `notes` and
//! `[[workshops.decisions]]`, a comment's `stance` and `workshop`, a
//! milestone's `id`. Each is read into the model when well typed and
//! reported at its value when not; the references they make are checked
//! like every other; two measurements of one indicator on one date are a
//! warning.

use commonplan::diagnostic::Code;
use commonplan::document::PlanDocument;
use commonplan::model::{Date, Stance};

const HEAD: &str = "format = 1\n[plan]\ncity = \"Ghent\"\ntitle = \"Plan\"\n\
    [[actors]]\nid = \"city\"\nname = \"City\"\nrole = \"public\"\n\
    [[goals]]\nid = \"g\"\ntitle = \"G\"\nowner = \"city\"\n";

fn load(body: &str) -> PlanDocument {
    let text = format!("{HEAD}{body}");
    PlanDocument::load(text.as_bytes(), Date::new(2026, 11, 22).unwrap()).expect("TOML")
}

/// (code, the text the diagnostic points at) for each diagnostic.
fn findings(document: &PlanDocument) -> Vec<(Code, String)> {
    document
        .diagnostics()
        .iter()
        .map(|d| {
            let span = d.span.clone().expect("every diagnostic is located");
            (d.code, document.text()[span].to_owned())
        })
        .collect()
}

fn date(text: &str) -> Date {
    text.parse().unwrap()
}

#[test]
fn a_workshop_record_is_read() {
    let document = load(
        "  [[goals.milestones]]\n  title = \"Open\"\n  id = \"open\"\n\
           [[goals.comments]]\n  author = \"An\"\n  text = \"Yes\"\n  stance = \"for\"\n  workshop = \"ws-1\"\n\
         [[workshops]]\nid = \"ws-1\"\ntitle = \"Review\"\nlocation = \"Town hall\"\n\
         notes = \"\"\"\nTwo rounds.\nGood mood.\n\"\"\"\n\
           [[workshops.decisions]]\n  text = \"Pilot in one district\"\n  item = \"g\"\n  owner = \"city\"\n  due = 2027-03-01\n\
           [[workshops.decisions]]\n  text = \"Meet again\"\n",
    );
    assert_eq!(findings(&document), [], "{:?}", document.diagnostics());
    let plan = document.plan();
    let goal = &plan.goals[0];
    assert_eq!(goal.milestones[0].id.as_deref(), Some("open"));
    assert_eq!(goal.comments[0].stance, Some(Stance::For));
    assert_eq!(goal.comments[0].workshop.as_deref(), Some("ws-1"));
    let workshop = &plan.workshops[0];
    assert_eq!(workshop.location.as_deref(), Some("Town hall"));
    assert_eq!(workshop.notes.as_deref(), Some("Two rounds.\nGood mood.\n"));
    assert_eq!(workshop.decisions.len(), 2);
    let decision = &workshop.decisions[0];
    assert_eq!(decision.text, "Pilot in one district");
    assert_eq!(decision.item.as_deref(), Some("g"));
    assert_eq!(decision.owner.as_deref(), Some("city"));
    assert_eq!(decision.due, Some(date("2027-03-01")));
    let bare = &workshop.decisions[1];
    assert_eq!(
        (bare.item.as_deref(), bare.owner.as_deref(), bare.due),
        (None, None, None)
    );
}

#[test]
fn every_stance_is_read_and_others_are_refused() {
    for (word, stance) in [
        ("for", Stance::For),
        ("against", Stance::Against),
        ("neutral", Stance::Neutral),
    ] {
        let document = load(&format!(
            "  [[goals.comments]]\n  author = \"An\"\n  text = \"T\"\n  stance = \"{word}\"\n"
        ));
        assert_eq!(document.plan().goals[0].comments[0].stance, Some(stance));
        assert_eq!(findings(&document), []);
    }
    let document =
        load("  [[goals.comments]]\n  author = \"An\"\n  text = \"T\"\n  stance = \"agaist\"\n");
    assert_eq!(
        findings(&document),
        [(Code::UnknownKeyword, "\"agaist\"".into())]
    );
    let help = document.diagnostics()[0].help.clone().unwrap();
    assert!(help.contains("`against`"), "{help}");
    assert_eq!(document.plan().goals[0].comments[0].stance, None);
}

#[test]
fn wrong_types_are_reported_at_their_values() {
    let document = load(
        "  [[goals.milestones]]\n  title = \"Open\"\n  id = 3\n\
           [[goals.comments]]\n  author = \"An\"\n  text = \"T\"\n  stance = true\n  workshop = [\"ws-1\"]\n\
         [[workshops]]\nid = \"ws-1\"\ntitle = \"Review\"\nlocation = 12\nnotes = false\n\
         decisions = \"none\"\n",
    );
    assert_eq!(
        findings(&document),
        [
            (Code::WrongType, "3".into()),
            (Code::WrongType, "true".into()),
            (Code::WrongType, "[\"ws-1\"]".into()),
            (Code::WrongType, "12".into()),
            (Code::WrongType, "false".into()),
            (Code::WrongType, "\"none\"".into()),
        ],
        "{:?}",
        document.diagnostics()
    );
    let document = load(
        "[[workshops]]\nid = \"ws-1\"\ntitle = \"Review\"\n\
           [[workshops.decisions]]\n  text = 5\n  item = 1\n  owner = 2\n  due = \"2027-03-01\"\n  when = 3\n",
    );
    let found = findings(&document);
    assert_eq!(
        found,
        [
            (Code::WrongType, "5".into()),
            (Code::WrongType, "1".into()),
            (Code::WrongType, "2".into()),
            (Code::WrongType, "\"2027-03-01\"".into()),
            (Code::UnknownKey, "when".into()),
        ],
        "{:?}",
        document.diagnostics()
    );
    let due = &document.diagnostics()[3];
    assert_eq!(
        due.help.as_deref(),
        Some("write the date without quotes: 2027-03-01")
    );
}

#[test]
fn a_decision_needs_its_text() {
    let document = load(
        "[[workshops]]\nid = \"ws-1\"\ntitle = \"Review\"\n\
           [[workshops.decisions]]\n  item = \"g\"\n\
           [[workshops.decisions]]\n  text = \"\"\n",
    );
    let found = findings(&document);
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(found.iter().all(|(code, _)| *code == Code::MissingField));
    assert!(
        document.diagnostics()[0]
            .message
            .contains("`workshops.ws-1.decisions.1` is missing the required key `text`"),
        "{}",
        document.diagnostics()[0].message
    );
}

#[test]
fn references_of_comments_and_decisions_must_name_something() {
    let document = load(
        "  [[goals.comments]]\n  author = \"An\"\n  text = \"T\"\n  workshop = \"ws-2\"\n\
         [[partnerships]]\nid = \"p\"\ntitle = \"P\"\n\
           [[partnerships.comments]]\n  author = \"Bo\"\n  text = \"T\"\n  workshop = \"nowhere\"\n\
         [[workshops]]\nid = \"ws-1\"\ntitle = \"Review\"\n\
           [[workshops.decisions]]\n  text = \"Do it\"\n  item = \"gg\"\n  owner = \"cty\"\n\
           [[workshops.decisions]]\n  text = \"And this\"\n  item = \"p\"\n  owner = \"city\"\n",
    );
    let unknown: Vec<_> = findings(&document)
        .into_iter()
        .filter(|(code, _)| *code == Code::UnknownReference)
        .collect();
    assert_eq!(
        unknown,
        [
            (Code::UnknownReference, "\"ws-2\"".into()),
            (Code::UnknownReference, "\"nowhere\"".into()),
            (Code::UnknownReference, "\"gg\"".into()),
            (Code::UnknownReference, "\"cty\"".into()),
        ],
        "{:?}",
        document.diagnostics()
    );
    let messages: Vec<(&str, Option<&str>)> = document
        .diagnostics()
        .iter()
        .filter(|d| d.code == Code::UnknownReference)
        .map(|d| (d.message.as_str(), d.help.as_deref()))
        .collect();
    assert_eq!(messages[0].0, "there is no workshop with the id `ws-2`");
    assert!(messages[0].1.unwrap().contains("`ws-1`"), "{messages:?}");
    assert_eq!(
        messages[2].0,
        "there is no goal or partnership with the id `gg`"
    );
    assert!(messages[2].1.unwrap().contains("`g`"), "{messages:?}");
    assert_eq!(messages[3].0, "there is no actor with the id `cty`");
    assert!(messages[3].1.unwrap().contains("`city`"), "{messages:?}");
}

#[test]
fn a_decision_owner_references_its_actor() {
    let body = "[[actors]]\nid = \"lab\"\nname = \"Lab\"\nrole = \"academic\"\n\
                [[workshops]]\nid = \"ws-1\"\ntitle = \"Review\"\n";
    let unreferenced = |document: &PlanDocument| {
        findings(document)
            .into_iter()
            .filter(|(code, _)| *code == Code::UnreferencedActor)
            .count()
    };
    assert_eq!(unreferenced(&load(body)), 1);
    let owned =
        format!("{body}  [[workshops.decisions]]\n  text = \"Study it\"\n  owner = \"lab\"\n");
    assert_eq!(unreferenced(&load(&owned)), 0);
}

#[test]
fn milestone_ids_are_ids_unique_within_their_goal() {
    let document = load(
        "  [[goals.milestones]]\n  title = \"A\"\n  id = \"step\"\n\
           [[goals.milestones]]\n  title = \"B\"\n  id = \"step\"\n\
           [[goals.milestones]]\n  title = \"C\"\n  id = \"Step 3\"\n\
         [[goals]]\nid = \"h\"\ntitle = \"H\"\nowner = \"city\"\n\
           [[goals.milestones]]\n  title = \"A\"\n  id = \"step\"\n",
    );
    assert_eq!(
        findings(&document),
        [
            (Code::DuplicateId, "\"step\"".into()),
            (Code::MalformedId, "\"Step 3\"".into()),
        ],
        "{:?}",
        document.diagnostics()
    );
    let duplicate = &document.diagnostics()[0];
    assert_eq!(duplicate.path.to_string(), "goals.g.milestones.2.id");
    assert!(
        duplicate.message.contains("the milestones of goal `g`"),
        "{}",
        duplicate.message
    );
    assert!(
        document.diagnostics()[1]
            .help
            .as_deref()
            .unwrap()
            .contains("`step-3`")
    );
}

#[test]
fn two_measurements_on_one_date_are_a_warning() {
    let document = load(
        "  [[goals.indicators]]\n  name = \"Hubs\"\n  target = 10\n  measurements = [\n\
         { date = 2024-01-01, value = 1 },\n\
         { date = 2024-06-30, value = 2 },\n\
         { date = 2024-01-01, value = 3 },\n\
         { date = 2024-01-01, value = 4 },\n\
         ]\n\
           [[goals.indicators]]\n  name = \"Other\"\n  target = 1\n  measurements = [{ date = 2024-01-01, value = 1 }]\n",
    );
    let found = findings(&document);
    assert_eq!(
        found,
        [
            (Code::DuplicateMeasurement, "2024-01-01".into()),
            (Code::DuplicateMeasurement, "2024-01-01".into()),
        ],
        "{:?}",
        document.diagnostics()
    );
    let paths: Vec<String> = document
        .diagnostics()
        .iter()
        .map(|d| d.path.to_string())
        .collect();
    assert_eq!(
        paths,
        [
            "goals.g.indicators.1.measurements.3.date",
            "goals.g.indicators.1.measurements.4.date"
        ]
    );
    assert!(
        document.diagnostics()[1]
            .message
            .contains("1 (measurement 1) and 4 (measurement 4)"),
        "{}",
        document.diagnostics()[1].message
    );
    assert_eq!(Code::DuplicateMeasurement.as_str(), "W009");
    // The plan is still read: the warning does not drop a value.
    assert_eq!(document.plan().goals[0].indicators[0].measurements.len(), 4);
}

#[test]
fn control_characters_in_the_workshop_record_are_reported() {
    let document = load(
        "  [[goals.comments]]\n  author = \"An\"\n  text = \"T\"\n  workshop = \"ws\\u001b1\"\n\
         [[workshops]]\nid = \"ws-1\"\ntitle = \"Review\"\nlocation = \"Hall\\u0007\"\nnotes = \"ok\\u202e\"\n\
           [[workshops.decisions]]\n  text = \"Do\\u0000it\"\n",
    );
    let paths: Vec<String> = document
        .diagnostics()
        .iter()
        .filter(|d| d.code == Code::ControlCharacters)
        .map(|d| d.path.to_string())
        .collect();
    assert_eq!(
        paths,
        [
            "goals.g.comments.1.workshop",
            "workshops.ws-1.location",
            "workshops.ws-1.notes",
            "workshops.ws-1.decisions.1.text",
        ]
    );
}

#[test]
fn renaming_a_workshop_renames_the_comments_made_in_it() {
    use commonplan::edit::{Edit, History, ItemPath};
    use commonplan::fields::Collection;

    let mut document = load(
        "  [[goals.comments]]\n  author = \"An\"\n  text = \"T\"\n  workshop = \"ws-1\"\n\
           [[goals.comments]]\n  author = \"Bo\"\n  text = \"U\"\n  workshop = \"ws-2\"\n\
         [[workshops]]\nid = \"ws-1\"\ntitle = \"Review\"\n\
         [[workshops]]\nid = \"ws-2\"\ntitle = \"Again\"\n",
    );
    let before = document.render();
    History::new()
        .apply(
            &mut document,
            &Edit::Rename {
                item: ItemPath::top(Collection::Workshops, 0),
                to: "spring".into(),
            },
        )
        .unwrap();
    let expected = before
        .replace("id = \"ws-1\"", "id = \"spring\"")
        .replace("workshop = \"ws-1\"", "workshop = \"spring\"");
    assert_eq!(document.render(), expected);
    assert_eq!(findings(&document), []);
}
