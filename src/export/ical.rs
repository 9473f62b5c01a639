//! The iCalendar export: the plan's dates as an RFC 5545 calendar that
//! Google Calendar, Apple Calendar and Thunderbird can import or subscribe
//! to.
//!
//! This module owns the choice of what becomes an entry, how each entry is
//! named and identified, and the writing of the calendar text itself. The
//! calendar is named after the plan's title and city (`NAME` and Apple's
//! `X-WR-CALNAME`, which Google and Thunderbird read too), the title alone
//! when it names the city already.
//!
//! Every dated goal milestone, every partnership `start`, `end` and
//! `review` date, every dated workshop and every decision due becomes an all-day `VEVENT` (`DTSTART;VALUE=DATE`, `DTEND`
//! the next day, `TRANSP:TRANSPARENT` so nothing shows as busy); milestones
//! without a date are left out. Milestones are events and not `VTODO`s,
//! although a milestone is a thing to be done: Google Calendar skips the
//! to-dos of an imported file and Apple Calendar leaves them to Reminders,
//! so to-dos would show in Thunderbird only. `STATUS:COMPLETED` belongs to
//! to-dos, so a done milestone is told apart in the ways an event can: its
//! summary starts with `✓ `, it carries the category `done`, and its
//! description says so. `STATUS` keeps its event meaning: `CANCELLED` for a
//! cancelled partnership and for the open milestones of a dropped goal,
//! `TENTATIVE` for what is only proposed or negotiated, `CONFIRMED`
//! otherwise.
//!
//! A `UID` names what the entry is, not when it was written nor where it
//! stands among its neighbours, so a calendar that subscribes to the export
//! updates its entries instead of doubling them, and inserting, removing or
//! reordering milestones or decisions moves no other entry's `UID`:
//!
//! - a milestone with an `id`: `milestone-<goal id>.<milestone id>@commonplan`,
//!   which nothing but that id changes;
//! - a milestone without one (or with a malformed id, or one its goal used
//!   already): `milestone-<goal id>-h<hash>@commonplan`, the hash of its
//!   title and due date. Changing either gives it a new `UID`, so the
//!   subscribed calendar replaces the event (a one-off import keeps the old
//!   one too); an `id` keeps it through both. The date is in the hash
//!   because titles repeat within a goal ("Quarterly review"), and a
//!   repeated title alone could only be told apart by its place among its
//!   namesakes. Marking it done changes nothing;
//! - a partnership date: `partnership-<id>-start@commonplan` (`-end`,
//!   `-review`);
//! - a dated workshop: `workshop-<id>-meeting@commonplan`;
//! - a decision with a `due` date: `workshop-<id>-h<hash>@commonplan`, the
//!   hash of its text alone, so that moving its due date moves the event;
//!   correcting its wording after the meeting gives it a new `UID`, which a
//!   subscribed calendar shows as the event replaced. (Decisions used to be
//!   keyed by position, `decision<n>`, which deleting one decision moved
//!   for every later one.)
//!
//! The hash is 64-bit FNV-1a, written as 16 hex digits: defined here, so
//! the same text gives the same `UID` on every machine and every version of
//! the program. Two entries of one goal or workshop with the same hash (the
//! same title and date twice, the same decision twice, or a collision) are
//! told apart by a count: the second is `h<hash>n2`, the third `h<hash>n3`,
//! in the order the plan writes them, the only case where order counts.
//!
//! Characters other than `a-z`, `0-9` and `-` in an id are
//! percent-encoded, and an item whose id an earlier item of its kind
//! already has gets its position added (`-g3`, `-p2`, `-w2`), so every
//! `UID` is unique even in a broken plan. `DTSTAMP` is the report's date at
//! midnight UTC, so the same plan on the same day gives the same bytes.
//!
//! The calendar is written here rather than with the `icalendar` crate,
//! which only reads it back in the tests: its writer (0.17) folds some lines to 76 octets, leaves the `NAME`
//! property unescaped, and passes control characters through. This writer
//! escapes text as RFC 5545 §3.3.11 asks (backslash, `;`, `,`, newlines as
//! `\n`), writes any other control or bidirectional formatting character as
//! a visible escape (`\u{1b}`) like the rest of the report, folds every
//! content line at 75 octets between characters (never inside a UTF-8
//! sequence, nor between a backslash and the character it escapes), and
//! ends every line with CRLF.

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;

use super::Report;
use super::report::{Decision, Goal, Partnership, Ref, Workshop};
use crate::model::{Date, GoalStatus, Milestone, PartnershipStatus, is_valid_id};
use crate::text::{is_unsafe_char, printable};

/// The `PRODID` of every calendar written.
pub const PRODID: &str = "-//commonplan//commonplan//EN";

/// The longest content line, in octets, line break excluded (RFC 5545 §3.1).
const LINE_OCTETS: usize = 75;

/// The plan's milestones and partnership dates as an iCalendar file, with
/// CRLF line endings.
pub fn calendar(report: &Report) -> String {
    let mut w = Writer {
        out: String::new(),
        stamp: format!("{}T000000Z", ical_date(report.generated)),
    };
    let (title, city) = (&report.plan.title, &report.plan.city);
    let name = if title.contains(city.as_str()) {
        title.clone()
    } else {
        format!("{title} — {city}")
    };

    w.raw("BEGIN", "VCALENDAR");
    w.raw("PRODID", PRODID);
    w.raw("VERSION", "2.0");
    w.raw("CALSCALE", "GREGORIAN");
    w.raw("METHOD", "PUBLISH");
    w.text("NAME", &name);
    w.text("X-WR-CALNAME", &name);

    let mut goal_ids = HashSet::new();
    let mut position = 0;
    for section in &report.themes {
        let theme = section.id.as_ref().map(|_| section.name.as_str());
        for goal in &section.goals {
            position += 1;
            let duplicate = !goal_ids.insert(goal.id.as_str());
            let marker = duplicate.then(|| format!("g{position}"));
            let mut milestone_ids = HashSet::new();
            let mut hashes = Hashes::default();
            for milestone in &goal.milestones {
                // A milestone's own id, when it has a well-formed one its
                // goal has not used before, keeps its UID when milestones
                // are inserted or moved.
                let own = milestone
                    .id
                    .as_deref()
                    .filter(|id| marker.is_none() && is_valid_id(id) && milestone_ids.insert(*id));
                if let Some(due) = milestone.due {
                    let uid = match own {
                        Some(id) => own_milestone_uid(&goal.id, id),
                        None => {
                            let due = due.to_string();
                            let suffix = hashes.suffix(&[milestone.title.trim(), &due]);
                            uid("milestone", &goal.id, &suffix, &marker)
                        }
                    };
                    milestone_event(&mut w, report, goal, theme, milestone, due, &uid);
                }
            }
        }
    }

    let mut partnership_ids = HashSet::new();
    for (position, p) in report.partnerships.iter().enumerate() {
        let duplicate = !partnership_ids.insert(p.id.as_str());
        let marker = duplicate.then(|| format!("p{}", position + 1));
        for (kind, date) in [
            (DateKind::Start, p.start),
            (DateKind::End, p.end),
            (DateKind::Review, p.review),
        ] {
            if let Some(date) = date {
                let uid = uid("partnership", &p.id, kind.word(), &marker);
                partnership_event(&mut w, p, kind, date, &uid);
            }
        }
    }

    let mut workshop_ids = HashSet::new();
    for (position, workshop) in report.workshops.iter().enumerate() {
        let duplicate = !workshop_ids.insert(workshop.id.as_str());
        let marker = duplicate.then(|| format!("w{}", position + 1));
        if let Some(date) = workshop.date {
            let uid = uid("workshop", &workshop.id, "meeting", &marker);
            workshop_event(&mut w, workshop, date, &uid);
        }
        let mut hashes = Hashes::default();
        for decision in &workshop.decisions {
            if let Some(due) = decision.due {
                let suffix = hashes.suffix(&[decision.text.trim()]);
                let uid = uid("workshop", &workshop.id, &suffix, &marker);
                decision_event(&mut w, workshop, decision, due, &uid);
            }
        }
    }

    w.raw("END", "VCALENDAR");
    w.out
}

/// A reference as a reader sees it: its name, else its id.
fn named(r: &Ref) -> &str {
    r.name.as_deref().unwrap_or(&r.id)
}

fn workshop_event(w: &mut Writer, workshop: &Workshop, date: Date, uid: &str) {
    let summary = format!("Workshop: {}", workshop.title);
    let mut description = format!("Workshop {}: {}", workshop.id, workshop.title);
    if let Some(facilitator) = &workshop.facilitator {
        let _ = write!(description, "\nFacilitator: {facilitator}");
    }
    if !workshop.participants.is_empty() {
        let _ = write!(
            description,
            "\nParticipants: {}",
            workshop.participants.join(", ")
        );
    }
    if !workshop.tally.is_empty() {
        let _ = write!(description, "\nDots:");
        for t in &workshop.tally {
            let tied = if t.tied { " (tied)" } else { "" };
            let dots = if t.dots == 1 { "dot" } else { "dots" };
            let _ = write!(
                description,
                "\n{}{tied}. {} ({} {dots})",
                t.rank,
                named(&t.item),
                t.dots
            );
        }
    }
    if !workshop.decisions.is_empty() {
        let _ = write!(description, "\nDecisions:");
        for d in &workshop.decisions {
            let _ = write!(description, "\n- {}", d.text);
        }
    }
    event(
        w,
        &Entry {
            uid,
            date,
            summary: &summary,
            description: &description,
            location: workshop.location.as_deref(),
            categories: &["workshop"],
            status: "CONFIRMED",
        },
    );
}

fn decision_event(w: &mut Writer, workshop: &Workshop, decision: &Decision, due: Date, uid: &str) {
    // A summary is one line; the decision's own line breaks stay in the
    // description.
    let summary = format!("Due: {}", decision.text.replace('\n', " "));
    let mut description = format!("Decision: {}", decision.text);
    if let Some(item) = &decision.item {
        let _ = write!(description, "\nAbout: {}", named(item));
    }
    if let Some(owner) = &decision.owner {
        let _ = write!(description, "\nOwner: {}", named(owner));
    }
    let _ = write!(
        description,
        "\nDecided in workshop {}: {}",
        workshop.id, workshop.title
    );
    if let Some(date) = workshop.date {
        let _ = write!(description, " ({date})");
    }
    event(
        w,
        &Entry {
            uid,
            date: due,
            summary: &summary,
            description: &description,
            location: None,
            categories: &["decision"],
            status: "CONFIRMED",
        },
    );
}

fn milestone_event(
    w: &mut Writer,
    report: &Report,
    goal: &Goal,
    theme: Option<&str>,
    milestone: &Milestone,
    due: Date,
    uid: &str,
) {
    let state = if milestone.done {
        "done"
    } else if due < report.generated {
        "overdue"
    } else {
        "to do"
    };
    let summary = if milestone.done {
        format!("✓ {}", milestone.title)
    } else {
        milestone.title.clone()
    };
    let status = match goal.status {
        _ if milestone.done => "CONFIRMED",
        GoalStatus::Dropped => "CANCELLED",
        GoalStatus::Idea | GoalStatus::Proposed => "TENTATIVE",
        GoalStatus::Adopted | GoalStatus::InProgress | GoalStatus::Achieved => "CONFIRMED",
    };
    let description = format!(
        "Milestone: {state}\nGoal {}: {}\nGoal status: {}",
        goal.id, goal.title, goal.status
    );
    let mut categories = vec!["milestone"];
    categories.extend(theme);
    if milestone.done {
        categories.push("done");
    }
    event(
        w,
        &Entry {
            uid,
            date: due,
            summary: &summary,
            description: &description,
            location: None,
            categories: &categories,
            status,
        },
    );
}

fn partnership_event(w: &mut Writer, p: &Partnership, kind: DateKind, date: Date, uid: &str) {
    let summary = format!("{}: {}", kind.label(), p.title);
    let mut description = format!("Partnership {}: {}", p.id, p.title);
    if let Some(instrument) = p.instrument {
        let _ = write!(description, "\nInstrument: {instrument}");
    }
    let _ = write!(description, "\nStatus: {}", p.status);
    if let Some(resource) = &p.resource {
        let _ = write!(description, "\nResource: {resource}");
    }
    if !p.parties.is_empty() {
        let names: Vec<&str> = p
            .parties
            .iter()
            .map(|party| party.actor.name.as_deref().unwrap_or(&party.actor.id))
            .collect();
        let _ = write!(description, "\nParties: {}", names.join(", "));
    }
    let status = match p.status {
        PartnershipStatus::Cancelled => "CANCELLED",
        PartnershipStatus::Proposed | PartnershipStatus::Negotiating => "TENTATIVE",
        PartnershipStatus::Signed
        | PartnershipStatus::Active
        | PartnershipStatus::UnderReview
        | PartnershipStatus::Ended => "CONFIRMED",
    };
    event(
        w,
        &Entry {
            uid,
            date,
            summary: &summary,
            description: &description,
            location: None,
            categories: &["partnership"],
            status,
        },
    );
}

/// Which of a partnership's dates an event marks.
#[derive(Clone, Copy)]
enum DateKind {
    Start,
    End,
    Review,
}

impl DateKind {
    /// The word in its `UID`.
    fn word(self) -> &'static str {
        match self {
            DateKind::Start => "start",
            DateKind::End => "end",
            DateKind::Review => "review",
        }
    }

    /// The word before the title in its summary.
    fn label(self) -> &'static str {
        match self {
            DateKind::Start => "Starts",
            DateKind::End => "Ends",
            DateKind::Review => "Review",
        }
    }
}

/// One all-day event, its texts not yet escaped.
struct Entry<'a> {
    uid: &'a str,
    date: Date,
    summary: &'a str,
    description: &'a str,
    location: Option<&'a str>,
    categories: &'a [&'a str],
    status: &'a str,
}

fn event(w: &mut Writer, e: &Entry<'_>) {
    w.raw("BEGIN", "VEVENT");
    w.text("UID", e.uid);
    let stamp = w.stamp.clone();
    w.raw("DTSTAMP", &stamp);
    w.raw("DTSTART;VALUE=DATE", &ical_date(e.date));
    match next_day(e.date) {
        Some(end) => w.raw("DTEND;VALUE=DATE", &ical_date(end)),
        // 9999-12-31: no next day to write; one day is what it lasts anyway.
        None => w.raw("DURATION", "P1D"),
    }
    w.text("SUMMARY", e.summary);
    w.text("DESCRIPTION", e.description);
    if let Some(location) = e.location {
        w.text("LOCATION", location);
    }
    let categories: Vec<String> = e.categories.iter().map(|c| escape(c)).collect();
    w.raw("CATEGORIES", &categories.join(","));
    w.raw("STATUS", e.status);
    w.raw("TRANSP", "TRANSPARENT");
    w.raw("END", "VEVENT");
}

/// A date as iCalendar writes it: `20250630`.
fn ical_date(date: Date) -> String {
    format!("{:04}{:02}{:02}", date.year, date.month, date.day)
}

/// The day after `date`; `None` after 9999-12-31, which has no
/// four-digit successor.
fn next_day(date: Date) -> Option<Date> {
    Date::new(date.year, date.month, date.day + 1)
        .or_else(|| Date::new(date.year, date.month + 1, 1))
        .or_else(|| (date.year < 9999).then(|| Date::new(date.year + 1, 1, 1))?)
}

/// The `UID` of a milestone with its own well-formed id, in a goal whose
/// id no earlier goal has: `milestone-<goal id>.<milestone id>@commonplan`.
/// An encoded goal id holds no `.` and a well-formed milestone id none
/// either, so the `.` tells them apart, and a hashed `UID` (which has no
/// `.`) never looks like one.
fn own_milestone_uid(goal: &str, milestone: &str) -> String {
    let mut uid = "milestone-".to_owned();
    encode(&mut uid, goal);
    uid.push('.');
    encode(&mut uid, milestone);
    uid.push_str("@commonplan");
    uid
}

/// The `UID` suffixes of the entries of one goal or workshop that have no
/// id of their own: `h` and the hash of what names the entry, then a count
/// from the second entry with the same hash on.
#[derive(Default)]
struct Hashes {
    seen: HashMap<u64, u32>,
}

impl Hashes {
    /// The suffix of the entry named by `parts`: `h<16 hex digits>`, and
    /// `n<k>` after it for the k-th entry with that hash.
    fn suffix(&mut self, parts: &[&str]) -> String {
        let hash = fnv1a(parts);
        let count = self.seen.entry(hash).or_insert(0);
        *count += 1;
        if *count == 1 {
            format!("h{hash:016x}")
        } else {
            format!("h{hash:016x}n{count}")
        }
    }
}

/// The 64-bit FNV-1a hash of `parts`, each followed by the byte 0xFF, which
/// UTF-8 text never holds, so `["ab", "c"]` and `["a", "bc"]` differ.
fn fnv1a(parts: &[&str]) -> u64 {
    const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    let mut hash = OFFSET;
    for part in parts {
        for &byte in part.as_bytes().iter().chain(&[0xFF]) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(PRIME);
        }
    }
    hash
}

/// `id` percent-encoded onto `uid` but for `a-z`, `0-9` and `-`.
fn encode(uid: &mut String, id: &str) {
    for byte in id.bytes() {
        match byte {
            b'a'..=b'z' | b'0'..=b'9' | b'-' => uid.push(byte as char),
            _ => {
                let _ = write!(uid, "%{byte:02X}");
            }
        }
    }
}

/// A `UID`: `<kind>-<id>-<suffix>[-<marker>]@commonplan`, the id
/// percent-encoded but for `a-z`, `0-9` and `-` (so `%` itself is encoded
/// and the encoding is one-to-one). Neither the suffix nor the marker holds
/// a `-`, and a marker never looks like a suffix, so reading from the end
/// finds them and two different entries never share a `UID`.
fn uid(kind: &str, id: &str, suffix: &str, marker: &Option<String>) -> String {
    let mut uid = format!("{kind}-");
    encode(&mut uid, id);
    uid.push('-');
    uid.push_str(suffix);
    if let Some(marker) = marker {
        uid.push('-');
        uid.push_str(marker);
    }
    uid.push_str("@commonplan");
    uid
}

/// `text` as an iCalendar TEXT value (RFC 5545 §3.3.11): backslash, `;` and
/// `,` escaped with a backslash, line breaks (`\n`, `\r\n`) as `\n`, and
/// every other control or bidirectional formatting character as a visible
/// escape such as `\u{1b}`, its backslash escaped in turn.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' if chars.peek() == Some(&'\n') => {}
            c if is_unsafe_char(c) => {
                let mut buffer = [0; 4];
                for v in printable(c.encode_utf8(&mut buffer)).chars() {
                    if v == '\\' {
                        out.push_str("\\\\");
                    } else {
                        out.push(v);
                    }
                }
            }
            c => out.push(c),
        }
    }
    out
}

/// One content line folded as RFC 5545 §3.1 asks: no line longer than 75
/// octets, each continuation starting with a space, breaks only between
/// characters and never inside a backslash escape; every line ends with
/// CRLF.
pub fn fold(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + line.len() / 32 + 2);
    let mut width = 0;
    let mut chars = line.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        let mut end = start + c.len_utf8();
        if c == '\\'
            && let Some((_, next)) = chars.next()
        {
            end += next.len_utf8();
        }
        let unit = &line[start..end];
        if width + unit.len() > LINE_OCTETS {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push_str(unit);
        width += unit.len();
    }
    out.push_str("\r\n");
    out
}

/// The calendar text being written.
struct Writer {
    out: String,
    /// Every event's `DTSTAMP`: the report's date at midnight UTC.
    stamp: String,
}

impl Writer {
    /// A property whose value is written as it is: dates, keywords, lists
    /// already escaped.
    fn raw(&mut self, name: &str, value: &str) {
        self.out.push_str(&fold(&format!("{name}:{value}")));
    }

    /// A TEXT property, escaped.
    fn text(&mut self, name: &str, text: &str) {
        self.raw(name, &escape(text));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Undo [`fold`]: drop every CRLF followed by a space, then the last
    /// CRLF.
    fn unfold(folded: &str) -> String {
        folded
            .replace("\r\n ", "")
            .strip_suffix("\r\n")
            .unwrap()
            .to_owned()
    }

    /// Undo [`escape`].
    fn unescape(text: &str) -> String {
        let mut out = String::new();
        let mut chars = text.chars();
        while let Some(c) = chars.next() {
            if c == '\\' {
                match chars.next() {
                    Some('n') => out.push('\n'),
                    Some(c) => out.push(c),
                    None => panic!("a lone backslash at the end of {text:?}"),
                }
            } else {
                out.push(c);
            }
        }
        out
    }

    #[test]
    fn escapes_the_four_special_characters() {
        assert_eq!(escape(r"a\b;c,d"), r"a\\b\;c\,d");
        assert_eq!(escape("one\ntwo\r\nthree"), r"one\ntwo\nthree");
        assert_eq!(escape("colon: and \"quotes\""), "colon: and \"quotes\"");
        assert_eq!(escape(r"\n is not a newline"), r"\\n is not a newline");
        for text in ["a\\b;c,d", "x\n\ny", "\\\\;;,,", "", "été, hiver; \\"] {
            assert_eq!(unescape(&escape(text)), text);
        }
    }

    #[test]
    fn escapes_control_characters_visibly() {
        let escaped = escape("\u{1b}[2J\ttab\u{7}\rcr\u{202e}");
        assert_eq!(
            escaped, r"\\u{1b}[2J\\ttab\\u{7}\\rcr\\u{202e}",
            "{escaped}"
        );
        assert!(!escaped.chars().any(char::is_control));
    }

    #[test]
    fn a_short_line_is_left_whole() {
        assert_eq!(fold("SUMMARY:short"), "SUMMARY:short\r\n");
        let exact = format!("SUMMARY:{}", "x".repeat(LINE_OCTETS - 8));
        assert_eq!(fold(&exact), format!("{exact}\r\n"));
        let over = format!("{exact}y");
        assert_eq!(fold(&over), format!("{exact}\r\n y\r\n"));
    }

    #[test]
    fn folds_multibyte_text_at_75_octets_between_characters() {
        for unit in ["é", "€", "😀", "aé", "a€ ", "😀 é"] {
            let text: String = unit.repeat(200).chars().take(200).collect();
            assert_eq!(text.chars().count(), 200);
            let line = format!("DESCRIPTION:{text}");
            let folded = fold(&line);
            let bytes = folded.as_bytes();
            let lines: Vec<&[u8]> = bytes
                .strip_suffix(b"\r\n")
                .unwrap()
                .split(|&b| b == b'\n')
                .collect();
            assert!(lines.len() > 2, "{unit}: not folded");
            for (i, physical) in lines.iter().enumerate() {
                let physical = if i + 1 < lines.len() {
                    physical.strip_suffix(b"\r").expect("a bare LF")
                } else {
                    physical
                };
                assert!(
                    physical.len() <= LINE_OCTETS,
                    "{unit}: {} octets",
                    physical.len()
                );
                let physical = std::str::from_utf8(physical).expect("a character split");
                if i > 0 {
                    assert!(physical.starts_with(' '));
                }
                // Filled up: the next character would not have fitted.
                if i + 1 < lines.len() {
                    let next = lines[i + 1][1..].utf8_chunks().next().unwrap().valid();
                    let next = next.chars().next().unwrap().len_utf8();
                    assert!(
                        physical.len() + next > LINE_OCTETS,
                        "{unit}: line {i} short"
                    );
                }
            }
            assert_eq!(unfold(&folded), line);
        }
    }

    #[test]
    fn never_folds_inside_an_escape() {
        for n in 0..80 {
            let line = format!("SUMMARY:{}{}", "x".repeat(n), r"\;\,\\\n".repeat(20));
            let folded = fold(&line);
            for physical in folded.split("\r\n").filter(|l| !l.is_empty()) {
                let ends_open = physical.len() - physical.trim_end_matches('\\').len();
                assert!(
                    ends_open % 2 == 0,
                    "{n}: {physical:?} ends inside an escape"
                );
                assert!(physical.len() <= LINE_OCTETS);
            }
            assert_eq!(unfold(&folded), line);
        }
    }

    #[test]
    fn uids_keep_slugs_and_encode_the_rest() {
        assert_eq!(
            uid("milestone", "food-hub", "2", &None),
            "milestone-food-hub-2@commonplan"
        );
        assert_eq!(
            uid("milestone", "Food Hub;é", "1", &Some("g4".into())),
            "milestone-%46ood%20%48ub%3B%C3%A9-1-g4@commonplan"
        );
        assert_ne!(uid("x", "a%2D", "1", &None), uid("x", "a-", "1", &None));
        assert_eq!(
            own_milestone_uid("food-hub", "first-opening"),
            "milestone-food-hub.first-opening@commonplan"
        );
        assert_ne!(
            own_milestone_uid("a.b", "c"),
            own_milestone_uid("a", "b.c"),
            "a `.` in a goal id is encoded"
        );
    }

    #[test]
    fn content_hashes_are_fixed_and_counted() {
        // FNV-1a of "a" then the separator byte, worked out by hand from
        // the offset basis and the prime: the value never changes.
        let by_hand = (0xcbf2_9ce4_8422_2325_u64 ^ 0x61).wrapping_mul(0x0100_0000_01b3);
        let by_hand = (by_hand ^ 0xFF).wrapping_mul(0x0100_0000_01b3);
        assert_eq!(fnv1a(&["a"]), by_hand);
        assert_ne!(fnv1a(&["ab", "c"]), fnv1a(&["a", "bc"]));
        assert_ne!(
            fnv1a(&["Review", "2026-03-31"]),
            fnv1a(&["Review", "2026-06-30"])
        );
        let mut hashes = Hashes::default();
        let first = hashes.suffix(&["Twin", "2026-05-05"]);
        assert_eq!(first, format!("h{:016x}", fnv1a(&["Twin", "2026-05-05"])));
        assert_eq!(hashes.suffix(&["Other", "2026-05-05"]).len(), 17);
        assert_eq!(hashes.suffix(&["Twin", "2026-05-05"]), format!("{first}n2"));
        assert_eq!(hashes.suffix(&["Twin", "2026-05-05"]), format!("{first}n3"));
        assert!(!first.contains('-'), "a suffix holds no `-`");
    }

    #[test]
    fn the_day_after() {
        let d = |y, m, d| Date::new(y, m, d).unwrap();
        assert_eq!(next_day(d(2025, 6, 30)), Some(d(2025, 7, 1)));
        assert_eq!(next_day(d(2024, 2, 28)), Some(d(2024, 2, 29)));
        assert_eq!(next_day(d(2025, 2, 28)), Some(d(2025, 3, 1)));
        assert_eq!(next_day(d(2025, 12, 31)), Some(d(2026, 1, 1)));
        assert_eq!(next_day(d(2025, 1, 15)), Some(d(2025, 1, 16)));
        assert_eq!(next_day(d(9999, 12, 31)), None);
    }
}
