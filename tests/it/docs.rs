//! The documentation is generated from, or checked against, the program's own
//! tables, so it cannot drift: every diagnostic code is in `docs/format.md`
//! with its severity and meaning.

use commonplan::diagnostic::{Code, Severity};

#[test]
fn format_page_lists_every_code() {
    let page = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/format.md"))
        .expect("docs/format.md exists");
    for code in Code::ALL {
        let severity = match code.severity() {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let row = format!("| `{code}` | {severity} | {} |", code.summary());
        assert!(page.contains(&row), "docs/format.md lacks the row\n{row}");
    }
}
