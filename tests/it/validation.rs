//! Validation through the loader, on small plans written for one rule each:
//! places stay right when values are wrong, one mistake gives one complaint,
//! and hostile numbers do not break the checks.

use commonplan::diagnostic::{Code, SourceFile, render_human};
use commonplan::document::PlanDocument;
use commonplan::model::Date;

const HEAD: &str = "format = 1\n[plan]\ncity = \"Ghent\"\ntitle = \"Plan\"\n";

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

#[test]
fn a_bad_element_keeps_the_others_in_place() {
    let document = load(
        "[[goals]]\nid = \"g\"\ntitle = \"G\"\n\
         [[partnerships]]\nid = \"p\"\ntitle = \"P\"\ngoals = [3, \"nope\"]\n",
    );
    let found = findings(&document);
    assert!(found.contains(&(Code::WrongType, "3".into())), "{found:?}");
    assert!(
        found.contains(&(Code::UnknownReference, "\"nope\"".into())),
        "{found:?}"
    );

    let document = load(
        "[[goals]]\nid = \"g\"\ntitle = \"G\"\n\
         [[workshops]]\nid = \"w\"\ntitle = \"W\"\nparticipants = [\"An\"]\n\
         votes = [\"x\", { participant = \"Bo\", item = \"g\", dots = 1 }]\n",
    );
    let found = findings(&document);
    assert!(
        found.contains(&(Code::WrongType, "\"x\"".into())),
        "{found:?}"
    );
    assert!(
        found.contains(&(Code::VoteNotParticipant, "\"Bo\"".into())),
        "{found:?}"
    );
}

#[test]
fn empty_required_text_is_reported() {
    let document = load(
        "[[actors]]\nid = \"\"\nname = \"City\"\nrole = \"public\"\n\
         [[goals]]\nid = \"g\"\ntitle = \"\"\n",
    );
    let found = findings(&document);
    assert_eq!(
        found,
        [
            (Code::MissingField, "\"\"".into()),
            (Code::MissingField, "\"\"".into())
        ],
        "{:?}",
        document.diagnostics()
    );
    assert!(
        document.diagnostics()[1]
            .message
            .contains("goals.g.title` is empty")
    );
}

#[test]
fn one_mistake_one_complaint() {
    // A vote whose dots cannot be read is not also a vote of 0 dots.
    let document = load(
        "[[goals]]\nid = \"g\"\ntitle = \"G\"\n\
         [[workshops]]\nid = \"w\"\ntitle = \"W\"\nparticipants = [\"An\"]\n\
         votes = [{ participant = \"An\", item = \"g\", dots = \"two\" }]\n",
    );
    assert_eq!(findings(&document), [(Code::WrongType, "\"two\"".into())]);

    // A reversed period is one error, not a warning on every goal too.
    let document = load("[[goals]]\nid = \"g\"\ntitle = \"G\"\ntarget_year = 2020\n");
    assert!(document.diagnostics().is_empty());
    let text = "format = 1\n[plan]\ncity = \"G\"\ntitle = \"T\"\nstart_year = 2030\nend_year = 2017\n\
                [[goals]]\nid = \"g\"\ntitle = \"G\"\ntarget_year = 2020\n";
    let document = PlanDocument::load(text.as_bytes(), Date::new(2026, 1, 1).unwrap()).unwrap();
    let codes: Vec<Code> = document.diagnostics().iter().map(|d| d.code).collect();
    assert_eq!(codes, [Code::PeriodReversed]);
}

#[test]
fn huge_dot_counts_do_not_overflow() {
    let document = load(&format!(
        "[[goals]]\nid = \"g\"\ntitle = \"G\"\n\
         [[workshops]]\nid = \"w\"\ntitle = \"W\"\nparticipants = [\"An\"]\n\
         votes = [{{ participant = \"An\", item = \"g\", dots = {max} }}, {{ participant = \"An\", item = \"g\", dots = {max} }}]\n",
        max = i64::MAX
    ));
    let codes: Vec<Code> = document.diagnostics().iter().map(|d| d.code).collect();
    assert_eq!(
        codes,
        [Code::InvalidValue, Code::InvalidValue],
        "beyond the largest"
    );
    // The largest counts allowed, summed, still say over budget.
    let document = load(&format!(
        "[[goals]]\nid = \"g\"\ntitle = \"G\"\n\
         [[workshops]]\nid = \"w\"\ntitle = \"W\"\nparticipants = [\"An\"]\n\
         votes = [{{ participant = \"An\", item = \"g\", dots = {max} }}, {{ participant = \"An\", item = \"g\", dots = {max} }}]\n",
        max = commonplan::fields::LARGEST_NUMBER
    ));
    let codes: Vec<Code> = document.diagnostics().iter().map(|d| d.code).collect();
    assert_eq!(codes, [Code::TooManyDots]);
}

#[test]
fn codes_get_a_fix_only_when_it_is_one() {
    let text =
        "format = 1\n[plan]\ncity = \"G\"\ntitle = \"T\"\ncountry = \"be\"\ncurrency = \"e1r\"\n";
    let document = PlanDocument::load(text.as_bytes(), Date::new(2026, 1, 1).unwrap()).unwrap();
    let helps: Vec<&str> = document
        .diagnostics()
        .iter()
        .map(|d| d.help.as_deref().unwrap())
        .collect();
    assert_eq!(
        helps,
        [
            "write it in capitals: `BE`",
            "3 capital letters, e.g. `EUR`"
        ]
    );
}

#[test]
fn malformed_ids_are_still_reachable() {
    let document = load(
        "[[goals]]\nid = \"Food\"\ntitle = \"G\"\n\
         [[goals]]\nid = \"sub\"\ntitle = \"S\"\nparent = \"Food\"\n",
    );
    let codes: Vec<Code> = document.diagnostics().iter().map(|d| d.code).collect();
    assert_eq!(codes, [Code::MalformedId]);
}

#[test]
fn crlf_excerpts_show_no_carriage_return() {
    let text = "format = 1\r\n[plan]\r\ncity = \"G\"\r\ntitle = \"T\"\r\nvission = \"x\"\r\n";
    let document = PlanDocument::load(text.as_bytes(), Date::new(2026, 1, 1).unwrap()).unwrap();
    let file = SourceFile {
        name: "crlf.toml",
        text: document.text(),
    };
    let out = render_human(&file, document.diagnostics(), false);
    assert!(out.contains("crlf.toml:5:1"), "{out}");
    assert!(!out.contains('\u{240d}') && !out.contains('\r'), "{out:?}");
}

#[test]
fn dates_with_a_time_get_the_date_as_help() {
    let document = load(
        "[[goals]]\nid = \"g\"\ntitle = \"G\"\n  [[goals.milestones]]\n  title = \"M\"\n  due = 2025-06-30T12:00:00\n",
    );
    let diagnostic = &document.diagnostics()[0];
    assert_eq!(diagnostic.code, Code::WrongType);
    assert_eq!(
        diagnostic.help.as_deref(),
        Some("keep the date alone: 2025-06-30")
    );
}
