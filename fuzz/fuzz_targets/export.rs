//! Arbitrary bytes as a plan file, exported in every format (the whole
//! report, and the council brief where there is one). No export panics,
//! the JSON is JSON, and the Markdown and HTML hold no raw control
//! character (a plan's ESC or U+009B would drive a terminal that shows
//! them, or hide text in a browser).

#![no_main]

use commonplan::document::PlanDocument;
use commonplan::export::{Format, Options, Output, Report, render};
use commonplan::model::Date;
use libfuzzer_sys::fuzz_target;

fn texts(output: &Output) -> Vec<&str> {
    match output {
        Output::Text(text) => vec![text.as_str()],
        Output::Files(files) => files.iter().map(|(_, text)| text.as_str()).collect(),
    }
}

fuzz_target!(|data: &[u8]| {
    let today = Date::new(2026, 11, 22).expect("a valid date");
    let Ok(document) = PlanDocument::load(data, today) else {
        return;
    };
    let report = Report::of_document(&document, "plan.toml", today);
    let brief = Options {
        brief: true,
        ..Options::default()
    };
    for format in Format::ALL {
        for options in [&Options::default(), &brief] {
            // An option a format does not take is an error, not a panic.
            let Ok(output) = render(&report, format, options) else {
                continue;
            };
            for text in texts(&output) {
                match format {
                    Format::Json => {
                        if let Err(error) = serde_json::from_str::<serde_json::Value>(text) {
                            panic!("the JSON export is not JSON: {error}");
                        }
                    }
                    Format::Markdown | Format::Html => {
                        if let Some(c) = text
                            .chars()
                            .find(|&c| c.is_control() && c != '\n' && c != '\t')
                        {
                            panic!("a raw {c:?} in the {} export", format.label());
                        }
                    }
                    Format::Csv | Format::Ics => {}
                }
            }
        }
    }
});
