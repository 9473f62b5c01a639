//! The terminal UI on the 10,000-goal plan: one frame of the goals screen at
//! 200×50 (selection at the top and in the middle of the list), a status key
//! press with its re-validation and the next frame, and opening a plan to its
//! first frame at 120×40 against the floor of `PlanDocument::load` of the
//! same bytes (in the same run), at 10,000 and 100 goals; and presenting, the
//! next slide with its frame at 200×60; and workshops, a dot placed with its
//! re-validation and the next frame, and the Workshops screen of 100
//! workshops of 50 participants opened from the goals screen.

mod support;

/// The binary's allocator, so the figures are the program's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::path::Path;
use std::time::{Duration, Instant};

use commonplan::document::PlanDocument;
use commonplan::edit::{Edit, FieldValue, ItemPath};
use commonplan::model::{Date, GoalStatus, Keyword};
use commonplan::tui::action::Action;
use commonplan::tui::app::{App, Settings};
use commonplan::tui::screen::Screen;
use commonplan::tui::update::{handle_key, update};
use commonplan::tui::view::render;
use criterion::{BenchmarkId, Criterion, SamplingMode, criterion_group, criterion_main};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn today() -> Date {
    Date::new(2026, 11, 22).unwrap()
}

fn open(path: &Path) -> App {
    commonplan::tui::open(Some(path), Settings::default(), today()).expect("opens")
}

fn terminal(width: u16, height: u16) -> Terminal<TestBackend> {
    Terminal::new(TestBackend::new(width, height)).unwrap()
}

fn frame(terminal: &mut Terminal<TestBackend>, app: &App) {
    terminal.draw(|f| render(app, f)).unwrap();
}

fn press(app: &mut App, c: char) {
    handle_key(app, KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
}

/// The selected goal's status.
fn selected_status(app: &App) -> GoalStatus {
    let index = app.list().selected_index().expect("a goal is selected");
    app.plan().goals[index].status
}

fn goals_screen(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.toml");
    std::fs::write(&path, support::plan_text(10_000)).unwrap();
    let mut app = open(&path);
    assert_eq!(app.derived.errors + app.derived.warnings, 0);
    update(&mut app, Action::ShowGoals);
    let mut terminal = terminal(200, 50);

    let mut group = c.benchmark_group("tui_10000_goals");
    group.bench_function("frame_200x50_top", |b| {
        b.iter(|| frame(&mut terminal, &app))
    });
    for _ in 0..5_000 {
        update(&mut app, Action::Down);
    }
    assert!(app.list().selected > 4_000, "{}", app.list().selected);
    frame(&mut terminal, &app);
    group.bench_function("frame_200x50_middle", |b| {
        b.iter(|| frame(&mut terminal, &app))
    });
    // Moving the selection one row, and the frame that shows it.
    let mut n = 0u64;
    group.bench_function("down_key_and_frame", |b| {
        b.iter(|| {
            n += 1;
            update(
                &mut app,
                if n.is_multiple_of(2) {
                    Action::Up
                } else {
                    Action::Down
                },
            );
            frame(&mut terminal, &app)
        })
    });

    // A status key on the selected goal: the edit, the whole plan
    // re-validated, the derived figures and every list rebuilt, then a frame.
    // Alternate the two keys so the status never reaches an end of the
    // ladder.
    let start = selected_status(&app);
    let position = GoalStatus::WORDS
        .iter()
        .position(|w| *w == start.as_str())
        .unwrap();
    let (there, back) = if position + 1 < GoalStatus::WORDS.len() {
        ('>', '<')
    } else {
        ('<', '>')
    };
    // The first edit after a load takes the baseline text (once per load or
    // save, ~100 ms at 10,000 goals); take it before measuring.
    press(&mut app, there);
    press(&mut app, back);
    frame(&mut terminal, &app);
    assert_eq!(selected_status(&app), start);
    let undo_before = app.session.history().undo_len();
    let mut n = 0u64;
    group.sample_size(30);
    group.measurement_time(Duration::from_secs(12));
    group.bench_function("status_key_and_frame", |b| {
        b.iter(|| {
            n += 1;
            press(&mut app, if n.is_multiple_of(2) { back } else { there });
            frame(&mut terminal, &app)
        })
    });
    group.finish();
    // Every press was an edit (none fell off the end of the ladder).
    assert_eq!(
        app.session.history().undo_len() - undo_before,
        usize::try_from(n).unwrap()
    );
    assert!(app.message.as_ref().is_some_and(|m| !m.error));
}

fn opening(c: &mut Criterion) {
    let mut group = c.benchmark_group("tui_open");
    for goals in [100, 10_000] {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("plan.toml");
        std::fs::write(&path, support::plan_text(goals)).unwrap();
        let bytes = std::fs::read(&path).unwrap();
        // Both leave the drop of what they built (about 115 ms at 10,000
        // goals) out of the time: the UI shows its first frame before it
        // ever frees the plan.
        if goals >= 10_000 {
            // About half a second a load: one or two loads a sample.
            group.sample_size(10);
            group.sampling_mode(SamplingMode::Flat);
            group.measurement_time(Duration::from_secs(12));
        }
        group.bench_with_input(
            BenchmarkId::new("floor_plan_document_load", goals),
            &bytes,
            |b, bytes| {
                b.iter_with_large_drop(|| PlanDocument::load(bytes, today()).expect("loads"))
            },
        );
        group.bench_with_input(
            BenchmarkId::new("open_to_first_frame_120x40", goals),
            &path,
            |b, path| {
                b.iter_with_large_drop(|| {
                    let app = open(path);
                    let mut terminal = terminal(120, 40);
                    frame(&mut terminal, &app);
                    (app, terminal)
                })
            },
        );
    }
    group.finish();
}

/// Presenting the 10,000-goal plan from a goal in the middle: the key to the
/// next slide (or back, in turn) and the frame that draws it at 200×60.
fn presenting(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.toml");
    std::fs::write(&path, support::plan_text(10_000)).unwrap();
    let mut app = open(&path);
    update(&mut app, Action::ShowGoals);
    for _ in 0..5_000 {
        update(&mut app, Action::Down);
    }
    press(&mut app, 'p');
    let start = app.presentation.as_ref().expect("presenting").current;
    assert!(start > 4_000, "{start}");
    let mut terminal = terminal(200, 60);
    frame(&mut terminal, &app);
    let mut group = c.benchmark_group("tui_10000_goals");
    let mut n = 0u64;
    group.bench_function("slide_next_and_frame_200x60", |b| {
        b.iter(|| {
            n += 1;
            let code = if n.is_multiple_of(2) {
                KeyCode::Left
            } else {
                KeyCode::Right
            };
            handle_key(&mut app, KeyEvent::new(code, KeyModifiers::NONE));
            frame(&mut terminal, &app)
        })
    });
    group.finish();
    let now = app.presentation.as_ref().expect("presenting").current;
    assert!(now == start || now == start + 1, "{start} → {now}");
}

/// A dot placed at the 10,000-goal plan's one workshop of 50 participants
/// with 150 votes (target ≤ 16 ms): the vote added as one edit through the
/// session, the whole plan re-validated (budgets, participants, items), the
/// derived figures and every list rebuilt, as after any edit in the UI, then
/// the Workshops screen's frame at 200×50 with the workshop selected. Each
/// vote is by the next participant in turn on another goal, and is undone
/// after it is measured (not measured itself), so every iteration places a
/// dot on the same plan: the Workshops frame's cost grows with the votes
/// shown, and a plan that grew by a vote an iteration would measure a
/// different plan at every sample.
fn dot_placed(c: &mut Criterion) {
    const PARTICIPANTS: usize = 50;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.toml");
    std::fs::write(
        &path,
        support::plan_text_with_workshops(10_000, 1, PARTICIPANTS, 10, 3),
    )
    .unwrap();
    let mut app = open(&path);
    assert_eq!(app.derived.errors + app.derived.warnings, 0);
    update(&mut app, Action::ShowWorkshops);
    assert_eq!(app.list().selected_index(), Some(0));
    let mut terminal = terminal(200, 50);
    frame(&mut terminal, &app);
    let vote = |n: u64| {
        let n = usize::try_from(n).unwrap();
        Edit::Add {
            parent: ItemPath::top("workshops", 0),
            collection: "votes".into(),
            fields: vec![
                (
                    "participant".into(),
                    FieldValue::Text(format!("participant-{}", n % PARTICIPANTS)),
                ),
                (
                    "item".into(),
                    FieldValue::Text(format!("goal-{}", (n * 7 + 5_003) % 10_000)),
                ),
                ("dots".into(), FieldValue::Integer(1)),
            ],
        }
    };
    let place = |app: &mut App, n: u64| {
        app.session.apply(&vote(n)).expect("the vote is placed");
        app.plan_edited();
    };
    // The first edit after a load takes the baseline text (once per load or
    // save); take it before measuring, and undo it.
    place(&mut app, 0);
    update(&mut app, Action::Undo);
    let votes_before = app.plan().workshops[0].votes.len();
    let undo_before = app.session.history().undo_len();
    let mut n = 0u64;
    let mut group = c.benchmark_group("tui_10000_goals");
    group.sample_size(30);
    group.measurement_time(Duration::from_secs(12));
    group.bench_function("dot_placed_and_frame_200x50", |b| {
        b.iter_custom(|iters| {
            let mut spent = Duration::ZERO;
            for _ in 0..iters {
                n += 1;
                let start = Instant::now();
                place(&mut app, n);
                frame(&mut terminal, &app);
                spent += start.elapsed();
                // The vote was an edit of its own: one more step to undo.
                assert_eq!(app.session.history().undo_len(), undo_before + 1);
                assert_eq!(app.plan().workshops[0].votes.len(), votes_before + 1);
                update(&mut app, Action::Undo);
            }
            spent
        })
    });
    group.finish();
    // Every vote was undone, and the plan stayed clean: every budget held.
    assert_eq!(app.session.history().undo_len(), undo_before);
    assert_eq!(app.plan().workshops[0].votes.len(), votes_before);
    assert_eq!(app.derived.errors + app.derived.warnings, 0);
}

/// The Workshops screen of the 10,000-goal plan with 100 workshops of 50
/// participants, 150 votes each (target ≤ 16 ms): its key pressed on the
/// goals screen and its first frame at 200×50. The way back to the goals
/// screen, between iterations, is not measured.
fn workshops_screen(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.toml");
    std::fs::write(
        &path,
        support::plan_text_with_workshops(10_000, 100, 50, 5, 3),
    )
    .unwrap();
    let mut app = open(&path);
    assert_eq!(app.plan().workshops.len(), 100);
    assert_eq!(app.derived.errors + app.derived.warnings, 0);
    let mut terminal = terminal(200, 50);
    let mut opened = 0u64;
    let mut group = c.benchmark_group("tui_10000_goals");
    group.bench_function("workshops_screen_100x50_key_and_frame_200x50", |b| {
        b.iter_custom(|iters| {
            let mut spent = Duration::ZERO;
            for _ in 0..iters {
                update(&mut app, Action::ShowGoals);
                frame(&mut terminal, &app);
                let start = Instant::now();
                press(&mut app, '7');
                frame(&mut terminal, &app);
                spent += start.elapsed();
                opened += 1;
            }
            spent
        })
    });
    group.finish();
    // The key showed the Workshops screen (when the benchmark ran at all).
    if opened > 0 {
        assert_eq!(app.screen, Screen::Workshops);
        assert_eq!(app.list().rows.len(), 100);
    }
}

criterion_group!(
    benches,
    goals_screen,
    opening,
    presenting,
    dot_placed,
    workshops_screen
);
criterion_main!(benches);
