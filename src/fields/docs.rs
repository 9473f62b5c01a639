//! The key tables of `docs/format.md`, generated from the field tables.
//!
//! The format page holds [`key_table`]'s text between the markers
//! [`BEGIN`] and [`END`]; a test checks that the page holds exactly what this
//! generates, so the page cannot drift from the reader, the editor and the
//! schema.

use super::{Collection, FORMAT, Field, FieldKind, Limit, TableKind};

/// The line before the generated key table in `docs/format.md`.
pub const BEGIN: &str = "<!-- keys: generated from src/fields by fields::docs::key_table; \
                         `COMMONPLAN_BLESS=1 cargo test --test docs` rewrites it -->";
/// The line after it.
pub const END: &str = "<!-- end of keys -->";

/// The Markdown table of every table of a plan and its keys, required keys
/// in bold, each with its words, limits and default.
pub fn key_table() -> String {
    let mut out = String::from("| table | keys |\n|---|---|\n");
    let mut top = vec![key(&FORMAT)];
    top.push("`[plan]`".to_owned());
    top.extend(Collection::ALL.iter().map(|c| format!("`[[{}]]`", c.key())));
    out.push_str(&format!("| top level | {} |\n", top.join(", ")));
    for (kind, headers) in tables() {
        let labels: Vec<String> = headers.iter().map(|h| format!("`{h}`")).collect();
        let mut keys: Vec<String> = kind.fields().iter().map(key).collect();
        let header = &headers[0];
        let header = header.trim_matches(|c| c == '[' || c == ']');
        keys.extend(
            kind.nested()
                .iter()
                .map(|n| format!("`[[{header}.{}]]`", n.key())),
        );
        out.push_str(&format!(
            "| {} | {} |\n",
            labels.join(", "),
            keys.join(", ")
        ));
    }
    out
}

/// Every kind of table with the headers it is written under, in the order
/// of the file: `[plan]`, then each collection and what it nests.
pub fn tables() -> Vec<(TableKind, Vec<String>)> {
    fn walk(kind: TableKind, header: String, out: &mut Vec<(TableKind, Vec<String>)>) {
        let path = header.trim_matches(|c| c == '[' || c == ']').to_owned();
        match out.iter_mut().find(|(k, _)| *k == kind) {
            Some((_, headers)) => headers.push(header),
            None => out.push((kind, vec![header])),
        }
        for nested in kind.nested() {
            walk(nested.item(), format!("[[{path}.{}]]", nested.key()), out);
        }
    }
    let mut out = vec![(TableKind::Plan, vec!["[plan]".to_owned()])];
    for collection in Collection::ALL {
        walk(
            collection.item(),
            format!("[[{}]]", collection.key()),
            &mut out,
        );
    }
    out
}

/// One key as the table writes it: `**`id`**`, `` `status` (`a`, `b` default) ``.
fn key(field: &Field) -> String {
    let name = if field.required {
        format!("**`{}`**", field.key)
    } else {
        format!("`{}`", field.key)
    };
    let mut notes = Vec::new();
    match field.kind {
        FieldKind::Keyword(words) => {
            let words: Vec<String> = words
                .iter()
                .map(|w| {
                    if field.default == Some(&format!("\"{w}\"")) {
                        format!("`{w}` default")
                    } else {
                        format!("`{w}`")
                    }
                })
                .collect();
            notes.push(words.join(", "));
        }
        FieldKind::Reference(target) => notes.push(format!("{} id", target.noun())),
        FieldKind::References(target) => notes.push(format!("{} ids", target.noun())),
        FieldKind::Date => notes.push("date".to_owned()),
        FieldKind::Texts => notes.push("strings".to_owned()),
        FieldKind::Id
        | FieldKind::Text
        | FieldKind::Integer
        | FieldKind::Number
        | FieldKind::Bool => {}
    }
    notes.extend(field.hint.map(str::to_owned));
    match field.limit {
        Some(Limit::Above(n)) => notes.push(format!("> {n}")),
        Some(Limit::AtLeast(n)) => notes.push(format!("at least {n}")),
        None => {}
    }
    if let (Some(default), false) = (field.default, matches!(field.kind, FieldKind::Keyword(_))) {
        notes.push(format!("default `{default}`"));
    }
    if notes.is_empty() {
        name
    } else {
        format!("{name} ({})", notes.join(", "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_is_written_somewhere() {
        let tables = tables();
        assert_eq!(tables.len(), TableKind::ALL.len());
        let comment = tables.iter().find(|(k, _)| *k == TableKind::Comment);
        assert_eq!(
            comment.map(|(_, h)| h.clone()),
            Some(vec![
                "[[goals.comments]]".to_owned(),
                "[[partnerships.comments]]".to_owned()
            ])
        );
        let table = key_table();
        assert!(table.contains("| `[[themes]]` | **`id`**, **`name`**, `description` |"));
        assert!(table.contains("`weight` (> 0, default `1`)"), "{table}");
        assert!(
            table.contains("`per` (`once` default, `month`, `year`)"),
            "{table}"
        );
    }
}
