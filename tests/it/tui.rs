//! The terminal UI's screens and windows, drawn on a `TestBackend`.
//!
//! - Snapshots (insta) of every screen at 80×24 and 120×40 for the Ghent
//!   example, and of the form, a picker, the help and the quit question.
//! - A scripted session — a status moved with `>`, a title edited in the
//!   form, an indicator added, saved — whose file is compared with a golden
//!   file (`tests/tui/session.toml`; `UPDATE_GOLDEN=1` rewrites it).
//! - Every screen drawn without a panic at the sizes that change its layout,
//!   and in the second tier (`cargo test -- --ignored`) at every size from
//!   0×0 to 120×40.

use std::path::{Path, PathBuf};

use commonplan::model::Date;
use commonplan::tui::action::Action;
use commonplan::tui::app::{App, Overlay, Screen, Settings};
use commonplan::tui::update::{handle_key, update};
use commonplan::tui::view::render;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

const GHENT: &str = include_str!("../../plans/ghent.toml");

fn today() -> Date {
    Date::new(2026, 11, 22).unwrap()
}

fn open(dir: &Path, text: &str) -> (PathBuf, App) {
    let path = dir.join("ghent.toml");
    std::fs::write(&path, text).unwrap();
    let app = commonplan::tui::open(Some(&path), Settings::default(), today()).unwrap();
    (path, app)
}

fn draw(app: &App, width: u16, height: u16) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|frame| render(app, frame)).unwrap();
    terminal
}

fn press(app: &mut App, code: KeyCode) {
    handle_key(app, KeyEvent::new(code, KeyModifiers::NONE));
}

fn ctrl(app: &mut App, c: char) {
    handle_key(app, KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL));
}

fn typed(app: &mut App, text: &str) {
    for c in text.chars() {
        press(app, KeyCode::Char(c));
    }
}

const SCREENS: [(Action, &str); 7] = [
    (Action::ShowOverview, "overview"),
    (Action::ShowGoals, "goals"),
    (Action::ShowPartnerships, "partnerships"),
    (Action::ShowActors, "actors"),
    (Action::ShowThemes, "themes"),
    (Action::ShowProblems, "problems"),
    (Action::ShowWorkshops, "workshops"),
];

#[test]
fn every_screen_at_80x24_and_120x40() {
    let dir = tempfile::tempdir().unwrap();
    let (_, mut app) = open(dir.path(), GHENT);
    for (width, height) in [(80, 24), (120, 40)] {
        for (action, name) in SCREENS {
            update(&mut app, action);
            let terminal = draw(&app, width, height);
            insta::assert_snapshot!(format!("{name}_{width}x{height}"), terminal.backend());
        }
    }
    update(&mut app, Action::ShowOverview);
    insta::assert_snapshot!("overview_100x30", draw(&app, 100, 30).backend());
}

#[test]
fn the_details_pane_with_the_keyboard() {
    let dir = tempfile::tempdir().unwrap();
    let (_, mut app) = open(dir.path(), GHENT);
    update(&mut app, Action::ShowPartnerships);
    update(&mut app, Action::Down);
    update(&mut app, Action::Enter);
    for _ in 0..3 {
        update(&mut app, Action::Down);
    }
    insta::assert_snapshot!("partnership_details_120x40", draw(&app, 120, 40).backend());
}

#[test]
fn the_form_and_its_picker() {
    let dir = tempfile::tempdir().unwrap();
    let (_, mut app) = open(dir.path(), GHENT);
    update(&mut app, Action::ShowGoals);
    update(&mut app, Action::Edit);
    // A bad year shows its error on its line.
    for _ in 0..7 {
        press(&mut app, KeyCode::Down);
    }
    typed(&mut app, "x");
    insta::assert_snapshot!("form_80x24", draw(&app, 80, 24).backend());
    insta::assert_snapshot!("form_120x40", draw(&app, 120, 40).backend());
    // The owner is chosen with a fuzzy picker.
    press(&mut app, KeyCode::Backspace);
    press(&mut app, KeyCode::Up);
    press(&mut app, KeyCode::Enter);
    typed(&mut app, "gent");
    insta::assert_snapshot!("picker_80x24", draw(&app, 80, 24).backend());
}

#[test]
fn the_help_and_the_quit_question() {
    let dir = tempfile::tempdir().unwrap();
    let (_, mut app) = open(dir.path(), GHENT);
    update(&mut app, Action::Help);
    insta::assert_snapshot!("help_120x40", draw(&app, 120, 40).backend());
    insta::assert_snapshot!("help_80x24", draw(&app, 80, 24).backend());
    press(&mut app, KeyCode::Esc);
    update(&mut app, Action::ShowGoals);
    update(&mut app, Action::NextStatus);
    update(&mut app, Action::Quit);
    insta::assert_snapshot!("quit_80x24", draw(&app, 80, 24).backend());
}

#[test]
fn the_export_picker_and_its_path() {
    let dir = tempfile::tempdir().unwrap();
    let (_, mut app) = open(dir.path(), GHENT);
    update(&mut app, Action::Export);
    insta::assert_snapshot!("export_picker_80x24", draw(&app, 80, 24).backend());
    typed(&mut app, "html");
    press(&mut app, KeyCode::Enter);
    // The proposed path is under the temporary directory: type a fixed one.
    ctrl(&mut app, 'u');
    typed(&mut app, "briefing.html");
    insta::assert_snapshot!("export_prompt_80x24", draw(&app, 80, 24).backend());
}

#[test]
fn a_search_and_a_filter() {
    let dir = tempfile::tempdir().unwrap();
    let (_, mut app) = open(dir.path(), GHENT);
    update(&mut app, Action::Search);
    typed(&mut app, "commons");
    insta::assert_snapshot!("search_80x24", draw(&app, 80, 24).backend());
    press(&mut app, KeyCode::Esc);
    update(&mut app, Action::Filter);
    insta::assert_snapshot!("filter_80x24", draw(&app, 80, 24).backend());
}

#[test]
fn too_small_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let (_, app) = open(dir.path(), GHENT);
    insta::assert_snapshot!("too_small", draw(&app, 30, 6).backend());
}

#[test]
fn a_scripted_session_changes_exactly_its_lines() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut app) = open(dir.path(), GHENT);
    commonplan::tui::update::resize(&mut app, 120, 40);
    // Move the first goal on the goals screen one status up.
    typed(&mut app, "2>");
    // Edit the next goal's title in the form.
    typed(&mut app, "je");
    press(&mut app, KeyCode::Down);
    ctrl(&mut app, 'u');
    typed(&mut app, "Renewable energy in citizens' hands");
    ctrl(&mut app, 's');
    // Add an indicator to it.
    typed(&mut app, "a");
    typed(&mut app, "indicator for");
    press(&mut app, KeyCode::Enter);
    typed(&mut app, "Members of energy cooperatives");
    press(&mut app, KeyCode::Tab);
    typed(&mut app, "members");
    press(&mut app, KeyCode::Tab);
    typed(&mut app, "3000");
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Tab);
    typed(&mut app, "10000");
    ctrl(&mut app, 's');
    assert!(app.overlay.is_none(), "{:?}", app.overlay);
    ctrl(&mut app, 's');
    assert!(!app.session.is_dirty());
    let written = std::fs::read_to_string(&path).unwrap();
    let golden = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/tui/session.toml");
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&golden, &written).unwrap();
    }
    let expected = std::fs::read_to_string(&golden).unwrap();
    assert_eq!(
        written,
        expected,
        "the session's file differs from {}",
        golden.display()
    );
    // And the differences are exactly the three edits.
    let diff = similar::TextDiff::from_lines(GHENT, &written);
    let changed: Vec<String> = diff
        .iter_all_changes()
        .filter(|c| c.tag() != similar::ChangeTag::Equal)
        .map(|c| format!("{}{}", c.tag(), c.value().trim_end()))
        .collect();
    insta::assert_snapshot!("session_diff", changed.join("\n"));
}

/// Draw every screen (on its last item, with the details open) at each
/// size `sizes` gives, without a panic.
fn draw_every_screen_at(sizes: impl Iterator<Item = (u16, u16)> + Clone) -> usize {
    let dir = tempfile::tempdir().unwrap();
    let (_, mut app) = open(dir.path(), GHENT);
    let mut terminal = Terminal::new(TestBackend::new(0, 0)).unwrap();
    let mut frames = 0;
    for (action, _) in SCREENS {
        update(&mut app, action);
        if app.screen != Screen::Overview {
            update(&mut app, Action::Details);
            update(&mut app, Action::Last);
        }
        for (width, height) in sizes.clone() {
            terminal.backend_mut().resize(width, height);
            terminal
                .resize(ratatui::layout::Rect::new(0, 0, width, height))
                .unwrap();
            terminal.draw(|frame| render(&app, frame)).unwrap();
            frames += 1;
        }
    }
    frames
}

/// The sizes where a layout changes, with every value in between along one
/// side at a time: every width from just under the minimum to past the
/// widest breakpoint at a low, a common and a tall height; every height
/// from 0 to 50 at the minimum width, a common one, the side-by-side
/// breakpoint and a wide one; and every size up to 12×12. About an eighth
/// of the frames of the whole sweep below, and each breakpoint of either
/// side (the minimum, the overview's columns, the list's optional columns,
/// details beside or under the list, the taller vision) is crossed.
#[test]
fn every_screen_draws_at_the_sizes_that_change_its_layout() {
    let widths = (38..=130).flat_map(|w| [10, 24, 40].map(|h| (w, h)));
    let heights = (0..=50).flat_map(|h| [40, 80, 100, 120].map(|w| (w, h)));
    let corner = (0..=12).flat_map(|w| (0..=12).map(move |h| (w, h)));
    let frames = draw_every_screen_at(widths.chain(heights).chain(corner));
    assert_eq!(frames, SCREENS.len() * (93 * 3 + 51 * 4 + 13 * 13));
}

/// Every screen at every size from 0×0 to 120×40: about 34,700 frames.
#[test]
#[ignore = "second tier: .ci/run runs it"]
fn every_screen_draws_at_every_size() {
    let sizes = (0..=120).flat_map(|w| (0..=40).map(move |h| (w, h)));
    assert_eq!(draw_every_screen_at(sizes), SCREENS.len() * 121 * 41);
}

/// A plan whose strings carry escape sequences, bidi overrides and C1
/// controls.
const HOSTILE: &str = r#"format = 1
[plan]
city = "Evil\u001b]0;PWNED\u0007town"
title = "Plan \u001b[2J\u001b[31mred"
vision = "line\u009bone\u202eevil"
currency = "EU\u001b[5mR"

[[themes]]
id = "t"
name = "Theme \u001b[1m"

[[actors]]
id = "a"
name = "Actor \u0007 bell"
role = "commons"

[[goals]]
id = "g"
title = "Goal \u001b]0;PWNED\u0007 title \u202e"
theme = "t"
owner = "a"
description = "desc \u001b[H\u001b[J"

[[partnerships]]
id = "p"
title = "Pact \u001b[5m"
goals = ["g"]

[[partnerships.contributions]]
from = "a"
kind = "money"
amount = 100
"#;

#[test]
fn plan_text_never_reaches_the_terminal_as_control_characters() {
    let dir = tempfile::tempdir().unwrap();
    let (_, mut app) = open(dir.path(), HOSTILE);
    for (action, name) in SCREENS {
        update(&mut app, action);
        let terminal = draw(&app, 100, 30);
        let buffer = terminal.backend().buffer();
        for cell in buffer.content() {
            assert!(
                !cell.symbol().chars().any(commonplan::text::is_unsafe_char),
                "{name}: {:?} reached the screen",
                cell.symbol()
            );
        }
        if name == "goals" {
            let screen = terminal.backend().to_string();
            assert!(
                screen.contains(r"Goal \u{1b}]0;PWNED\u{7} title \u{202e}"),
                "{screen}"
            );
        }
        if name == "partnerships" {
            // The plan's currency, the unit of a money contribution.
            let screen = terminal.backend().to_string();
            assert!(screen.contains(r"money 100 EU\u{1b}[5mR"), "{screen}");
        }
    }
    update(&mut app, Action::ShowGoals);
    update(&mut app, Action::Edit);
    let terminal = draw(&app, 100, 30);
    for cell in terminal.backend().buffer().content() {
        assert!(!cell.symbol().chars().any(commonplan::text::is_unsafe_char));
    }
}

#[test]
fn no_color_draws_without_colour() {
    use commonplan::tui::theme::{Palette, Theme};
    use ratatui::style::Color;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ghent.toml");
    std::fs::write(&path, GHENT).unwrap();
    let settings = Settings {
        theme: Theme::new(Palette::Mono),
        ..Settings::default()
    };
    let mut app = commonplan::tui::open(Some(&path), settings, today()).unwrap();
    for (action, name) in SCREENS {
        update(&mut app, action);
        let terminal = draw(&app, 120, 40);
        for cell in terminal.backend().buffer().content() {
            assert_eq!((cell.fg, cell.bg), (Color::Reset, Color::Reset), "{name}");
        }
    }
    // The dark theme does use colour: the test above could fail.
    let (_, mut app) = open(dir.path(), GHENT);
    update(&mut app, Action::ShowGoals);
    let terminal = draw(&app, 120, 40);
    assert!(
        terminal
            .backend()
            .buffer()
            .content()
            .iter()
            .any(|c| c.fg != Color::Reset)
    );
}

#[test]
fn after_a_panic_the_unsaved_work_is_in_the_journal() {
    use commonplan::tui::journal::{Entry, keeper::Keeper};
    let dir = tempfile::tempdir().unwrap();
    let (_, mut app) = open(dir.path(), GHENT);
    let mut keeper = Keeper::in_dir(dir.path().join("journal"), &app.session, 1);
    update(&mut app, Action::ShowGoals);
    update(&mut app, Action::NextStatus);
    // A panic in the middle of the loop, caught as `run` catches it.
    let caught = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        update(&mut app, Action::Down);
        panic!("a bug");
    }));
    assert!(caught.is_err());
    let path = commonplan::tui::keep(&app, &mut keeper).unwrap().unwrap();
    let entry = Entry::parse(&std::fs::read(path).unwrap()).expect("a journal");
    let saved = String::from_utf8(entry.text.expect("unsaved text")).unwrap();
    assert_eq!(saved.as_bytes(), app.session.to_bytes());
    assert!(saved.contains("status = \"in-progress\""));
}

#[test]
fn counts_agree_with_their_nouns_and_the_error_mark_needs_errors() {
    let dir = tempfile::tempdir().unwrap();
    // One error (the period runs backwards), one theme with one goal.
    let plan = "format = 1\n[plan]\ncity = \"C\"\ntitle = \"T\"\nstart_year = 2030\nend_year = 2017\n\
                [[themes]]\nid = \"food\"\nname = \"Food\"\n\
                [[goals]]\nid = \"g\"\ntitle = \"G\"\ntheme = \"food\"\n";
    let (_, mut app) = open(dir.path(), plan);
    assert_eq!((app.derived.errors, app.derived.warnings), (1, 0));
    let screen = draw(&app, 100, 30).backend().to_string();
    assert!(screen.contains("✗ 1 error "), "{screen}");
    assert!(!screen.contains("1 errors"), "{screen}");
    assert!(screen.contains("no warnings"), "{screen}");
    update(&mut app, Action::ShowThemes);
    let screen = draw(&app, 100, 30).backend().to_string();
    assert!(screen.contains("1 goal "), "{screen}");
    assert!(!screen.contains("1 goals"), "{screen}");
    // No errors: no ✗ beside a zero in the overview's problems.
    let (_, mut app) = open(dir.path(), GHENT);
    update(&mut app, Action::ShowOverview);
    let overview = draw(&app, 100, 30).backend().to_string();
    assert!(!overview.contains("✗ 0"), "{overview}");
}

#[test]
fn the_long_text_editor_shows_control_characters_as_escapes() {
    let dir = tempfile::tempdir().unwrap();
    let (_, mut app) = open(dir.path(), HOSTILE);
    update(&mut app, Action::ShowGoals);
    update(&mut app, Action::Edit);
    // Down to the description, and open the editor on it.
    let Some(commonplan::tui::app::Overlay::Form(form)) = &app.overlay else {
        panic!("no form");
    };
    let description = form
        .fields
        .iter()
        .position(|l| l.field.key == "description")
        .unwrap();
    for _ in 0..description {
        press(&mut app, KeyCode::Down);
    }
    press(&mut app, KeyCode::Enter);
    // A bidi override and a C1 control typed into it, too.
    press(&mut app, KeyCode::Char('\u{202e}'));
    press(&mut app, KeyCode::Char('\u{9b}'));
    let terminal = draw(&app, 100, 30);
    for cell in terminal.backend().buffer().content() {
        assert!(
            !cell.symbol().chars().any(commonplan::text::is_unsafe_char),
            "{:?} reached the screen",
            cell.symbol()
        );
    }
    let screen = terminal.backend().to_string();
    assert!(
        screen.contains(r"desc \u{1b}[H\u{1b}[J\u{202e}\u{9b}"),
        "{screen}"
    );
    // Closing the editor gives the characters back, escapes turned into them.
    press(&mut app, KeyCode::Esc);
    let Some(commonplan::tui::app::Overlay::Form(form)) = &app.overlay else {
        panic!("no form");
    };
    assert_eq!(
        form.fields[description].text,
        "desc \u{1b}[H\u{1b}[J\u{202e}\u{9b}"
    );
}

/// A plan whose figures sit on a half: theme Food at 0.205, Energy at 0.125,
/// Care at 0.875 (each one goal), the plan at 0.4016….
const HALVES: &str = "format = 1\n[plan]\ncity = \"C\"\ntitle = \"T\"\n\
    [[themes]]\nid = \"food\"\nname = \"Food\"\n\
    [[themes]]\nid = \"energy\"\nname = \"Energy\"\n\
    [[themes]]\nid = \"care\"\nname = \"Care\"\n\
    [[goals]]\nid = \"alpha\"\ntitle = \"Alpha\"\ntheme = \"food\"\n\
    [[goals.indicators]]\nname = \"n\"\nbaseline = 0\ntarget = 1000\n\
    measurements = [{ date = 2025-01-01, value = 205 }]\n\
    [[goals]]\nid = \"beta\"\ntitle = \"Beta\"\ntheme = \"energy\"\n\
    [[goals.indicators]]\nname = \"n\"\nbaseline = 0\ntarget = 8\n\
    measurements = [{ date = 2025-01-01, value = 1 }]\n\
    [[goals]]\nid = \"gamma\"\ntitle = \"Gamma\"\ntheme = \"care\"\n\
    [[goals.indicators]]\nname = \"n\"\nbaseline = 0\ntarget = 8\n\
    measurements = [{ date = 2025-01-01, value = 7 }]\n";

/// The whole percentage written right after the last of `anchors`, each
/// found after the one before: `["### Alpha", "progress: **"]` → 21.
fn percentage_after(text: &str, anchors: &[&str]) -> u32 {
    let mut at = 0;
    for anchor in anchors {
        let found = text[at..]
            .find(anchor)
            .unwrap_or_else(|| panic!("no {anchor:?} after {anchors:?} in\n{text}"));
        at += found + anchor.len();
    }
    let rest = &text[at..];
    let number = &rest[..rest.find('%').expect("a percentage")];
    number
        .trim()
        .parse()
        .unwrap_or_else(|_| panic!("{number:?} after {anchors:?} is no whole percentage"))
}

/// The percentage the terminal shows beside `name`: the first after it on
/// the first line that has one.
fn percentage_on_screen(screen: &str, name: &str) -> u32 {
    screen
        .lines()
        .find_map(|line| {
            let after = &line[line.find(name)? + name.len()..];
            let before_sign = &after[..after.find('%')?];
            let digits = before_sign.len()
                - before_sign
                    .chars()
                    .rev()
                    .take_while(char::is_ascii_digit)
                    .count();
            before_sign[digits..].parse().ok()
        })
        .unwrap_or_else(|| panic!("no percentage beside {name} in\n{screen}"))
}

/// One rounding rule: the same figure prints the same percentage on every
/// screen of the terminal UI and in every report — Markdown, HTML, JSON (its
/// fraction, rounded by `progress::percent`) and CSV (its one decimal) —
/// checked against each other, on figures that sit on a half.
#[test]
fn the_ui_and_every_report_print_the_same_percentage_for_the_same_figure() {
    use commonplan::document::PlanDocument;
    use commonplan::export::{Report, csv, html, json, markdown};
    use commonplan::progress::percent;

    let dir = tempfile::tempdir().unwrap();
    let (_, mut app) = open(dir.path(), HALVES);
    let mut screen = |action| {
        update(&mut app, action);
        draw(&app, 120, 40).backend().to_string()
    };
    let overview = screen(Action::ShowOverview);
    let goals_screen = screen(Action::ShowGoals);
    let themes_screen = screen(Action::ShowThemes);

    let document = PlanDocument::load(HALVES.as_bytes(), today()).unwrap();
    let report = Report::of_document(&document, "halves.toml", today());
    let markdown = markdown::render(&report, None).unwrap();
    let html = html::render(&report, None).unwrap();
    let json: serde_json::Value = serde_json::from_str(&json::render(&report)).unwrap();
    let csv_goals = csv::table(&report, csv::Table::Goals);
    let csv_indicators = csv::table(&report, csv::Table::Indicators);
    // A CSV table's percentage (one decimal) in the row of `id`, rounded to
    // a whole one by the same rule.
    let csv_percentage = |table: &str, id: &str| {
        let mut lines = table.lines();
        let header: Vec<&str> = lines.next().unwrap().split(',').collect();
        let column = header
            .iter()
            .position(|h| *h == "progress_percent")
            .expect("a progress_percent column");
        let row = lines
            .find(|l| l.split(',').any(|cell| cell == id))
            .unwrap_or_else(|| panic!("no row of {id} in\n{table}"));
        let value: f64 = row.split(',').nth(column).unwrap().parse().unwrap();
        percent(value / 100.0).unwrap()
    };

    // Themes: the overview's progress pane, the themes screen; the
    // Markdown table and section, the HTML table, chart and section; JSON.
    let themes = [("Food", 21), ("Energy", 13), ("Care", 88)];
    for (position, (name, expected)) in themes.into_iter().enumerate() {
        let ui = percentage_on_screen(&overview, name);
        assert_eq!(ui, expected, "{name} on the overview, halves going up");
        assert_eq!(percentage_on_screen(&themes_screen, name), ui, "{name}");
        let shown_by_reports = [
            (
                "Markdown table",
                percentage_after(&markdown, &[&format!("| {name} | 1 | ")]),
            ),
            (
                "Markdown section",
                percentage_after(&markdown, &[&format!("## {name}\n"), "Progress: **"]),
            ),
            (
                "HTML table",
                percentage_after(
                    &html,
                    &[
                        &format!(">{name}</a></td>"),
                        "<td class=\"num\">1</td><td class=\"num\">",
                    ],
                ),
            ),
            (
                "HTML chart",
                percentage_after(&html, &["<title>Progress per theme:", &format!("{name} ")]),
            ),
            (
                "HTML section",
                percentage_after(&html, &[&format!(">{name}</h2>"), "Progress: <strong>"]),
            ),
            (
                "JSON",
                percent(json["themes"][position]["progress"].as_f64().unwrap()).unwrap(),
            ),
        ];
        for (where_, shown) in shown_by_reports {
            assert_eq!(shown, ui, "{name} in the {where_} and on the screen");
        }
    }

    // Goals: the goals screen and the themes screen's details; Markdown,
    // HTML, JSON, and the CSV goals and indicators tables.
    let goals = [
        ("alpha", "Alpha", 0, 21),
        ("beta", "Beta", 1, 13),
        ("gamma", "Gamma", 2, 88),
    ];
    for (id, title, theme, expected) in goals {
        let ui = percentage_on_screen(&goals_screen, &format!("○ {title}"));
        assert_eq!(ui, expected, "{title} on the goals screen, halves going up");
        let shown_by_reports = [
            (
                "Markdown",
                percentage_after(&markdown, &[&format!("### {title}\n"), "progress: **"]),
            ),
            (
                "Markdown indicators",
                percentage_after(&markdown, &[&format!("### {title}\n"), "| n | ", " |  | "]),
            ),
            (
                "HTML",
                percentage_after(&html, &[&format!(">{title}</h3>"), "progress: <strong>"]),
            ),
            (
                "JSON",
                percent(
                    json["themes"][theme]["goals"][0]["progress"]
                        .as_f64()
                        .unwrap(),
                )
                .unwrap(),
            ),
            ("CSV goals", csv_percentage(&csv_goals, id)),
            ("CSV indicators", csv_percentage(&csv_indicators, id)),
        ];
        for (where_, shown) in shown_by_reports {
            assert_eq!(shown, ui, "{title} in the {where_} and on the screen");
        }
    }
    // The selected goal's details and the selected theme's.
    assert_eq!(percentage_on_screen(&goals_screen, "progress "), 21);
    assert_eq!(percentage_on_screen(&themes_screen, "progress "), 21);

    // The plan: the overview's gauge, the reports' headline, JSON.
    let ui = percentage_on_screen(&overview, "plan ");
    assert_eq!(ui, 40);
    assert_eq!(percentage_after(&markdown, &["Overall progress: **"]), ui);
    assert_eq!(percentage_after(&html, &["<span class=\"big\">"]), ui);
    assert_eq!(
        percent(json["plan"]["progress"].as_f64().unwrap()),
        Some(ui)
    );
}

/// Move the selection down to the item at `index` of the screen shown.
fn select(app: &mut App, index: usize) {
    for _ in 0..app.list().rows.len() {
        if app.list().selected_index() == Some(index) {
            return;
        }
        update(app, Action::Down);
    }
    panic!("item {index} is not on the list");
}

/// The last line of a drawn frame: the key bar.
fn key_bar(terminal: &Terminal<TestBackend>) -> String {
    let text = terminal.backend().to_string();
    let last = text.lines().last().unwrap_or_default().to_owned();
    last.trim_matches('"').to_owned()
}

/// At 80×24 every screen's key bar keeps the way to the help and out; at
/// 120×40 it still shows the other hints too.
#[test]
fn the_key_bar_always_keeps_help_and_quit() {
    let dir = tempfile::tempdir().unwrap();
    let (_, mut app) = open(dir.path(), GHENT);
    for (action, name) in SCREENS {
        update(&mut app, action);
        for (width, height) in [(80, 24), (60, 20), (120, 40)] {
            let bar = key_bar(&draw(&app, width, height));
            assert!(bar.contains("? help"), "{name} at {width}×{height}: {bar}");
            assert!(bar.contains("q quit"), "{name} at {width}×{height}: {bar}");
        }
        let wide = key_bar(&draw(&app, 200, 60));
        let narrow = key_bar(&draw(&app, 80, 24));
        assert!(
            wide.split_whitespace().count() > narrow.split_whitespace().count(),
            "{name}: the wide bar has room for more hints:\n{wide}\n{narrow}"
        );
    }
}

/// At 200×60 the overview shows the whole vision and the full titles.
#[test]
fn the_overview_uses_a_projector_sized_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let (_, mut app) = open(dir.path(), GHENT);
    update(&mut app, Action::ShowOverview);
    let terminal = draw(&app, 200, 60);
    insta::assert_snapshot!("overview_200x60", terminal.backend());
    let screen = terminal.backend().to_string();
    assert!(!screen.contains('…'), "nothing is cut at 200×60:\n{screen}");
    let plan = commonplan::tui::open(
        Some(&dir.path().join("ghent.toml")),
        Settings::default(),
        today(),
    )
    .unwrap();
    let vision = plan.plan().plan.vision.clone().unwrap_or_default();
    let last_word = vision.split_whitespace().last().unwrap();
    assert!(
        screen.contains(last_word),
        "the vision's last word {last_word:?}"
    );
}

/// Overdue milestones and past reviews are marked with a symbol and a
/// word wherever they are listed, and counted on the overview.
#[test]
fn overdue_dates_are_marked_and_counted() {
    let dir = tempfile::tempdir().unwrap();
    // One review, of a partnership under review, moved before today.
    let text = GHENT.replace("review = 2026-12-15", "review = 2026-11-01");
    assert_ne!(text, GHENT);
    let (_, mut app) = open(dir.path(), &text);
    let plan = app.plan().clone();
    let today = today();
    let milestones = plan
        .goals
        .iter()
        .flat_map(|g| &g.milestones)
        .filter(|m| !m.done && m.due.is_some_and(|d| d < today))
        .count();
    let reviews = plan
        .partnerships
        .iter()
        .filter(|p| {
            p.review.is_some_and(|r| r < today)
                && !matches!(
                    p.status,
                    commonplan::model::PartnershipStatus::Ended
                        | commonplan::model::PartnershipStatus::Cancelled
                )
        })
        .count();
    assert!(milestones > 0 && reviews > 0, "Ghent has both kinds");
    update(&mut app, Action::ShowOverview);
    let overview = draw(&app, 120, 40).backend().to_string();
    let count = format!("! {} overdue", milestones + reviews);
    assert!(overview.contains(&count), "{count} on\n{overview}");
    assert!(overview.contains("! overdue"), "listed on\n{overview}");

    // The goals screen: the row of a goal with an overdue milestone, and
    // the milestone in its details.
    update(&mut app, Action::ShowGoals);
    let goal = plan
        .goals
        .iter()
        .position(|g| {
            g.milestones
                .iter()
                .any(|m| !m.done && m.due.is_some_and(|d| d < today))
        })
        .unwrap();
    select(&mut app, goal);
    let goals = draw(&app, 200, 60).backend().to_string();
    assert!(
        goals.matches("! overdue").count() >= 2,
        "the row and the milestone on\n{goals}"
    );

    // The partnerships screen: the row and the review field.
    update(&mut app, Action::ShowPartnerships);
    let partnership = plan
        .partnerships
        .iter()
        .position(|p| {
            p.review.is_some_and(|r| r < today)
                && p.status != commonplan::model::PartnershipStatus::Ended
                && p.status != commonplan::model::PartnershipStatus::Cancelled
        })
        .unwrap();
    select(&mut app, partnership);
    let partnerships = draw(&app, 200, 60).backend().to_string();
    let review_line = partnerships
        .lines()
        .find(|l| l.contains("review     2026-11-01"))
        .unwrap_or_else(|| panic!("a review field on\n{partnerships}"));
    assert!(review_line.contains("! overdue"), "{review_line}");

    // A day before the first of them, nothing is overdue.
    app.today = Date::new(2000, 1, 1).unwrap();
    update(&mut app, Action::ShowOverview);
    let early = draw(&app, 120, 40).backend().to_string();
    assert!(!early.contains("overdue"), "{early}");
}

/// Deleting an item others name says which fields would name nothing.
#[test]
fn the_delete_question_lists_what_would_name_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (_, mut app) = open(dir.path(), GHENT);
    update(&mut app, Action::ShowActors);
    update(&mut app, Action::Delete);
    let terminal = draw(&app, 80, 24);
    insta::assert_snapshot!("delete_with_references_80x24", terminal.backend());
    let screen = terminal.backend().to_string();
    assert!(screen.contains("will name nothing"), "{screen}");
    assert!(screen.contains("y delete"), "{screen}");
}

/// The Workshops screen on a projector-sized terminal, for Ghent's review
/// (dots, no decisions) and for a workshop with every key the format gives
/// it (place, notes, decisions, comments made in it with their stance).
#[test]
fn the_workshops_screen_at_every_size() {
    let dir = tempfile::tempdir().unwrap();
    let (_, mut app) = open(dir.path(), GHENT);
    update(&mut app, Action::ShowWorkshops);
    let terminal = draw(&app, 200, 60);
    insta::assert_snapshot!("workshops_200x60", terminal.backend());
    let screen = terminal.backend().to_string();
    assert!(screen.contains("7 Workshops"), "{screen}");
    assert!(screen.contains("11="), "the shared last rank:\n{screen}");

    let record = include_str!("../export/workshop.toml");
    let (_, mut app) = open(dir.path(), record);
    update(&mut app, Action::ShowWorkshops);
    for (width, height) in [(80, 24), (120, 40), (200, 60)] {
        let terminal = draw(&app, width, height);
        insta::assert_snapshot!(
            format!("workshop_record_{width}x{height}"),
            terminal.backend()
        );
    }
    let screen = draw(&app, 200, 60).backend().to_string();
    for expected in [
        "De Centrale, Ghent",
        "placed none",
        "[against]",
        "Comments made here (3)",
        "Two rounds of dots",
    ] {
        assert!(screen.contains(expected), "{expected}:\n{screen}");
    }
}

/// Start presenting on the item at `index` of `screen` (the plan's slide
/// for the overview).
fn present(app: &mut App, action: Action, index: Option<usize>) {
    update(app, action);
    update(app, Action::First);
    if let Some(index) = index {
        select(app, index);
    }
    press(app, KeyCode::Char('p'));
    assert!(app.presentation.is_some(), "p presents");
    record_in_the_latest(app);
}

/// Answer the question presenting asks when no workshop is dated today:
/// record in the latest one.
fn record_in_the_latest(app: &mut App) {
    assert!(
        matches!(app.overlay, Some(Overlay::Confirm(_))),
        "{:?}",
        app.overlay
    );
    press(app, KeyCode::Char('n'));
    assert!(app.overlay.is_none());
    // The answer's message goes with the next key; the slides are drawn
    // as the room sees them after it.
    app.message = None;
}

/// Presenting Ghent, whose latest workshop is years old, asks where to
/// record what the room says, on the projector's 80×24.
#[test]
fn presenting_asks_where_to_record_at_80x24() {
    let dir = tempfile::tempdir().unwrap();
    let (_, mut app) = open(dir.path(), GHENT);
    press(&mut app, KeyCode::Char('p'));
    insta::assert_snapshot!("present_new_workshop_80x24", draw(&app, 80, 24).backend());
}

/// The slides of presentation mode — the plan, a theme, a goal with
/// indicators and an overdue milestone, a partnership — at a laptop's
/// terminal, a larger one and a projector's.
#[test]
fn slides_at_80x24_120x40_and_200x60() {
    let dir = tempfile::tempdir().unwrap();
    let (_, mut app) = open(dir.path(), GHENT);
    let energy = app
        .plan()
        .themes
        .iter()
        .position(|t| t.id == "energy")
        .unwrap();
    let map = app
        .plan()
        .goals
        .iter()
        .position(|g| g.id == "commons-map")
        .unwrap();
    let solar = app
        .plan()
        .partnerships
        .iter()
        .position(|p| p.id == "solar-roofs")
        .unwrap();
    for (name, action, index) in [
        ("plan", Action::ShowOverview, None),
        ("theme", Action::ShowThemes, Some(energy)),
        ("goal", Action::ShowGoals, Some(map)),
        ("partnership", Action::ShowPartnerships, Some(solar)),
    ] {
        present(&mut app, action, index);
        for (width, height) in [(80, 24), (120, 40), (200, 60)] {
            let terminal = draw(&app, width, height);
            let screen = terminal.backend().to_string();
            assert!(
                !screen.contains("more line"),
                "{name} fits {width}×{height}:\n{screen}"
            );
            insta::assert_snapshot!(format!("slide_{name}_{width}x{height}"), terminal.backend());
        }
        press(&mut app, KeyCode::Esc);
        assert!(app.presentation.is_none());
    }
}

/// At 80×24 every goal slide shows every figure whole: each indicator's
/// baseline, current value, target and percentage, every measurement, the
/// budget and the goal's progress; every partnership slide each amount.
#[test]
fn at_80x24_no_number_on_a_slide_is_cut() {
    use commonplan::progress::{Percent, indicator_progress};
    use commonplan::text::number;
    let dir = tempfile::tempdir().unwrap();
    let (_, mut app) = open(dir.path(), GHENT);
    let plan = app.plan().clone();
    for (index, goal) in plan.goals.iter().enumerate() {
        present(&mut app, Action::ShowGoals, Some(index));
        let screen = draw(&app, 80, 24).backend().to_string();
        let words: Vec<&str> = screen
            .split(|c: char| c.is_whitespace() || c == '"' || c == '·')
            .filter(|w| !w.is_empty())
            .collect();
        let mut figures = vec![format!(
            "{}%",
            Percent::of(app.derived.progress.goal(index)).map_or(0, |p| p.whole())
        )];
        for indicator in &goal.indicators {
            figures.extend(indicator.baseline.map(number));
            figures.extend(indicator.target.map(number));
            figures.extend(indicator.measurements.iter().map(|m| number(m.value)));
            figures.extend(
                indicator_progress(indicator)
                    .and_then(Percent::of)
                    .map(|p| format!("{}%", p.whole())),
            );
        }
        if let Some(budget) = goal.budget {
            figures.push(number(budget));
        }
        for figure in figures {
            assert!(
                words.contains(&figure.as_str()),
                "{}: {figure} whole at 80×24:\n{screen}",
                goal.id
            );
        }
        assert!(screen.contains(&format!(
            " / {}",
            app.presentation.as_ref().unwrap().slides.len()
        )));
        press(&mut app, KeyCode::Esc);
    }
    // Every partnership's amounts.
    for (index, partnership) in plan.partnerships.iter().enumerate() {
        present(&mut app, Action::ShowPartnerships, Some(index));
        let screen = draw(&app, 80, 24).backend().to_string();
        let words: Vec<&str> = screen
            .split(|c: char| c.is_whitespace() || c == '"')
            .filter(|w| !w.is_empty())
            .collect();
        for amount in partnership.contributions.iter().filter_map(|c| c.amount) {
            let amount = number(amount);
            assert!(
                words.contains(&amount.as_str()),
                "{}: {amount} whole at 80×24:\n{screen}",
                partnership.id
            );
        }
        press(&mut app, KeyCode::Esc);
    }
}

/// Every slide of the example draws without a panic at the sizes from a
/// tiny terminal to a wide projector, and always shows its number.
#[test]
fn every_slide_draws_at_small_and_large_sizes() {
    let dir = tempfile::tempdir().unwrap();
    let (_, mut app) = open(dir.path(), GHENT);
    press(&mut app, KeyCode::Char('p'));
    record_in_the_latest(&mut app);
    let count = app.presentation.as_ref().unwrap().slides.len();
    for slide in 0..count {
        for (width, height) in [
            (40, 10),
            (19, 5),
            (60, 20),
            (80, 24),
            (149, 39),
            (150, 40),
            (250, 70),
        ] {
            let screen = draw(&app, width, height).backend().to_string();
            if width >= 40 {
                let number = format!("{} / {count}", slide + 1);
                assert!(
                    screen.contains(&number),
                    "{number} at {width}×{height}:\n{screen}"
                );
            }
        }
        press(&mut app, KeyCode::Right);
    }
}

/// The workshop's tally shows on a goal's slide only after `t`.
#[test]
fn t_draws_the_tally_on_the_slide() {
    let dir = tempfile::tempdir().unwrap();
    let (_, mut app) = open(dir.path(), GHENT);
    let energy = app
        .plan()
        .goals
        .iter()
        .position(|g| g.id == "community-energy")
        .unwrap();
    present(&mut app, Action::ShowGoals, Some(energy));
    let tally = "4 dots · rank 1 at review-2018-03";
    let screen = draw(&app, 120, 40).backend().to_string();
    assert!(!screen.contains(tally), "hidden at first:\n{screen}");
    press(&mut app, KeyCode::Char('t'));
    let screen = draw(&app, 120, 40).backend().to_string();
    assert!(screen.contains(tally), "shown after t:\n{screen}");
    press(&mut app, KeyCode::Char('t'));
    let screen = draw(&app, 120, 40).backend().to_string();
    assert!(!screen.contains(tally), "hidden again:\n{screen}");
}

/// The Changes view at the projector's 80×24: a status moved and a goal
/// retitled since an earlier file, in plan terms.
#[test]
fn changes_view_at_80x24() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut app) = open(dir.path(), GHENT);
    let earlier = path.with_file_name("earlier.toml");
    std::fs::write(&earlier, GHENT).unwrap();
    app.since = Some(earlier.display().to_string());
    update(&mut app, Action::ShowGoals);
    press(&mut app, KeyCode::Char('>'));
    press(&mut app, KeyCode::Char('C'));
    let Some(Overlay::Changes { title, .. }) = &mut app.overlay else {
        panic!("no Changes window: {:?}", app.overlay);
    };
    // The temporary path varies from run to run.
    *title = "Changes since earlier.toml, unsaved edits included".to_owned();
    insta::assert_snapshot!("changes_80x24", draw(&app, 80, 24).backend());
}

/// A merge conflict as the UI asks it, at the projector's 80×24: the
/// first goal's status moved here and dropped on disk.
#[test]
fn merge_conflict_at_80x24() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut app) = open(dir.path(), GHENT);
    update(&mut app, Action::ShowGoals);
    update(&mut app, Action::NextStatus);
    let on_disk = GHENT.replacen("status = \"adopted\"", "status = \"dropped\"", 1);
    std::fs::write(&path, on_disk).unwrap();
    update(&mut app, Action::Reload);
    press(&mut app, KeyCode::Char('m'));
    assert!(
        matches!(app.overlay, Some(Overlay::Conflicts)),
        "{:?}",
        app.overlay
    );
    insta::assert_snapshot!("merge_conflict_80x24", draw(&app, 80, 24).backend());
}

/// How wide a terminal that draws every character by its own width (as
/// xterm and VTE do) draws row `y`: ratatui writes each cell's symbol and
/// skips the cells a wide symbol covers.
fn drawn_width_per_character(buffer: &ratatui::buffer::Buffer, y: u16) -> usize {
    use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};
    let mut x = 0;
    let mut drawn = 0;
    while x < buffer.area.width {
        let symbol = buffer[(x, y)].symbol();
        drawn += symbol
            .chars()
            .map(|c| c.width().unwrap_or(0))
            .sum::<usize>();
        x += (symbol.width() as u16).max(1);
    }
    drawn
}

#[test]
fn emoji_sequences_in_titles_keep_every_row_as_wide_as_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let text = GHENT
        .replace(
            "Grow short food supply chains run as commons",
            "Family meals 👩\u{200d}👩\u{200d}👧 for every 🧑🏽\u{200d}🌾 farmer, with a long tail of words",
        )
        .replace(
            "Put renewable energy in citizens' hands",
            "Energy ❤\u{fe0f} 👍🏽 🏳\u{fe0f}\u{200d}🌈 🇧🇪 1\u{fe0f}\u{20e3}",
        );
    let (_, mut app) = open(dir.path(), &text);
    commonplan::tui::update::resize(&mut app, 80, 24);
    update(&mut app, Action::ShowGoals);
    let terminal = draw(&app, 80, 24);
    let buffer = terminal.backend().buffer();
    let rows: Vec<u16> = (0..24).collect();
    for &y in &rows {
        assert_eq!(
            drawn_width_per_character(buffer, y),
            80,
            "row {y} is drawn at another width:\n{}",
            terminal.backend()
        );
    }
    // The year column starts at one column on every goal row, the plain
    // one (row 7) and those with emoji (rows 3 and 5).
    let year_at = |y: u16| {
        (0..76).find(|&x| {
            (0..4).all(|i| ["2", "0"].contains(&buffer[(x + i, y)].symbol()) || i > 1)
                && buffer[(x, y)].symbol() == "2"
                && buffer[(x + 1, y)].symbol() == "0"
                && buffer[(x + 4, y)].symbol() == " "
        })
    };
    let plain = year_at(7).expect("a year on the plain row");
    assert_eq!(year_at(3), Some(plain));
    assert_eq!(year_at(5), Some(plain));
    let screen = terminal.backend().to_string();
    assert!(screen.contains("👩👩👧"), "{screen}");
    insta::assert_snapshot!("goals_emoji_80x24", terminal.backend());
}
