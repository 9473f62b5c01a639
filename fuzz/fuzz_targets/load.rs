//! Arbitrary bytes as a plan file. Loading never panics; a plan that loads
//! and is not edited renders back to exactly the bytes it was read from;
//! every diagnostic points inside the text and renders, for people and as
//! JSON, without a raw control character.

#![no_main]

use commonplan::diagnostic::{SourceFile, render_human, to_json};
use commonplan::document::PlanDocument;
use commonplan::model::Date;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let today = Date::new(2026, 11, 22).expect("a valid date");
    let (text, diagnostics) = match PlanDocument::load(data, today) {
        Ok(mut document) => {
            assert_eq!(
                document.to_bytes(),
                data,
                "an unedited plan renders back to its bytes"
            );
            document.locate_diagnostics();
            (document.text().to_owned(), document.diagnostics().to_vec())
        }
        Err(failure) => {
            let diagnostics = failure.diagnostics();
            (failure.text, diagnostics)
        }
    };
    for diagnostic in &diagnostics {
        if let Some(span) = &diagnostic.span {
            assert!(
                span.start <= span.end && span.end <= text.len() + 1,
                "a span outside the text: {diagnostic:?}"
            );
        }
    }
    let file = SourceFile {
        name: "plan.toml",
        text: &text,
    };
    let human = render_human(&file, &diagnostics, false);
    if let Some(c) = human
        .chars()
        .find(|&c| c.is_control() && c != '\n' && c != '\t')
    {
        panic!("a raw {c:?} in the diagnostics: {human:?}");
    }
    let _ = to_json(&file, &diagnostics);
});
