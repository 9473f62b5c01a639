//! A section's banner: the comment block that heads a collection in the
//! file (`# ---- goals ----`), written above its first item and set apart
//! from that item's own comment by a blank line. The banner belongs to the
//! place, not to the item: when another item becomes the first, the banner
//! stays on top and only the item's own comment lines travel with it.
//!
//! Comment lines directly above a header, with no blank line between, are
//! the item's own; a block with no blank line in it is all the item's, as
//! nothing tells a banner apart there.

use toml_edit::{ArrayOfTables, Table};

use super::changes::Change;
use super::vocabulary::ItemPath;

/// Keep a collection's banner on top when moving item `from` of `tables` to
/// `to` changes which item is first: `moved` (the moved table, ready for
/// its new place) gets its new prefix here, and the returned change gives
/// the other item its own, to apply once the move is made. `None` when the
/// first item stays first or there is no banner.
pub(super) fn keep_on_top(
    tables: &ArrayOfTables,
    collection: (&ItemPath, &'static str),
    from: usize,
    to: usize,
    moved: &mut Table,
) -> Option<Change> {
    if from != 0 && to != 0 {
        return None;
    }
    let (banner, first_own) = split_banner(prefix_of(tables.get(0)?))?;
    // The item that becomes first, and the index the old first ends at.
    let (new_first, old_first_index) = if from == 0 { (1, to) } else { (from, 1) };
    let (blank, new_first_own) = split_leading_blank(prefix_of(tables.get(new_first)?));
    let (first_prefix, other_prefix) = (
        format!("{banner}{new_first_own}"),
        format!("{blank}{first_own}"),
    );
    let (parent, collection) = collection;
    if from == 0 {
        // The moved item was first: it leaves the banner to the next one.
        moved.decor_mut().set_prefix(other_prefix);
        Some(Change::Prefix {
            table: parent.child(collection, 0),
            prefix: Some(first_prefix),
        })
    } else {
        // The moved item becomes first: it takes the banner from the old one.
        moved.decor_mut().set_prefix(first_prefix);
        Some(Change::Prefix {
            table: parent.child(collection, old_first_index),
            prefix: Some(other_prefix),
        })
    }
}

/// The text written before a table's header.
fn prefix_of(table: &Table) -> &str {
    table
        .decor()
        .prefix()
        .and_then(|p| p.as_str())
        .unwrap_or_default()
}

/// Split the text written before a first item's header into the banner
/// (with the blank lines that set it apart) and the item's own part (its
/// comment lines and the header's indentation). `None` when there is no
/// banner.
pub(crate) fn split_banner(prefix: &str) -> Option<(&str, &str)> {
    let lines: Vec<&str> = prefix.split_inclusive('\n').collect();
    let mut own_start = prefix.len();
    let mut remaining = lines.len();
    // The header's indentation, after the last line break.
    if let Some(last) = lines.last()
        && !last.ends_with('\n')
    {
        remaining -= 1;
        own_start -= last.len();
    }
    while remaining > 0 && is_comment(lines[remaining - 1]) {
        remaining -= 1;
        own_start -= lines[remaining].len();
    }
    let head = &prefix[..own_start];
    let has_banner = head.split_inclusive('\n').any(is_comment);
    has_banner.then(|| (head, &prefix[own_start..]))
}

/// Split the text before a header into its leading blank lines and the rest.
pub(crate) fn split_leading_blank(prefix: &str) -> (&str, &str) {
    let mut end = 0;
    for line in prefix.split_inclusive('\n') {
        if !line.ends_with('\n') || !line.trim().is_empty() {
            break;
        }
        end += line.len();
    }
    prefix.split_at(end)
}

fn is_comment(line: &str) -> bool {
    line.trim_start().starts_with('#')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_banner_is_set_apart_by_a_blank_line() {
        let prefix = "\n# ---- goals ----\n# Budgets are illustrative.\n\n# Food first.\n";
        assert_eq!(
            split_banner(prefix),
            Some((
                "\n# ---- goals ----\n# Budgets are illustrative.\n\n",
                "# Food first.\n"
            ))
        );
        assert_eq!(
            split_banner("\n# ---- goals ----\n\n  "),
            Some(("\n# ---- goals ----\n\n", "  "))
        );
        assert_eq!(
            split_banner("\r\n# banner\r\n\r\n# own\r\n"),
            Some(("\r\n# banner\r\n\r\n", "# own\r\n"))
        );
    }

    #[test]
    fn without_a_blank_line_every_comment_is_the_items_own() {
        assert_eq!(split_banner("\n# ---- goals ----\n# Food first.\n"), None);
        assert_eq!(split_banner("\n"), None);
        assert_eq!(split_banner(""), None);
    }

    #[test]
    fn leading_blank_lines_come_apart() {
        assert_eq!(split_leading_blank("\n\n# x\n"), ("\n\n", "# x\n"));
        assert_eq!(split_leading_blank("# x\n"), ("", "# x\n"));
        assert_eq!(split_leading_blank("\n  "), ("\n", "  "));
        assert_eq!(split_leading_blank("\r\n# x\r\n"), ("\r\n", "# x\r\n"));
    }
}
