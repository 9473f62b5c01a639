//! Comparing two plans: `commonplan diff` on the 10,000-goal plan against
//! a copy with 100 edits (40 field changes, 30 measurements, 30 new goals),
//! against the load of one plan (`PlanDocument::load`) in the same run.
//! Target: the diff, both reads included, within 2.5× that load.
//!
//! - `load_one_plan`: `PlanDocument::load` of the old plan, the yardstick;
//! - `read_plan`: the cheaper read the diff uses (the typed plan only);
//! - `diff_sequential`: both reads one after the other, then the diff, as
//!   `commonplan diff` does;
//! - `diff_only`: the diff of two plans already read.

mod support;

/// The binary's allocator, so the figures are the program's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::hint::black_box;

use commonplan::document::PlanDocument;
use commonplan::edit::{History, add_edit, measure_edit, set_edit};
use commonplan::history::diff::diff;
use commonplan::model::Date;
use criterion::{Criterion, criterion_group, criterion_main};

fn today() -> Date {
    Date::new(2026, 11, 22).unwrap()
}

/// The plan of `goals` goals and the same plan after 100 edits.
fn old_and_new(goals: usize) -> (String, String) {
    let old = support::plan_text(goals);
    let mut document = PlanDocument::load(old.as_bytes(), today()).expect("loads");
    let mut history = History::new();
    // Field changes on 40 goals, measurements on 30 others: 100 items.
    for k in 0..40 {
        let goal = k * 97 % goals;
        let title = format!("Goal {goal}, retitled");
        let edit = set_edit(
            document.plan(),
            &format!("goals.goal-{goal}.title"),
            Some(&title),
        )
        .expect("a title");
        history.apply(&mut document, &edit).expect("retitled");
    }
    for k in 0..30 {
        let address = format!("goals.goal-{}.indicators.1", (goals / 2 + k * 97) % goals);
        let edit = measure_edit(document.plan(), &address, "2025-06-30", "200", false)
            .expect("a measurement");
        history.apply(&mut document, &edit).expect("measured");
    }
    for k in 0..30 {
        let fields = [format!("id=new-goal-{k}"), format!("title=New goal {k}")];
        let edit = add_edit(&document, "goals", &fields).expect("a goal");
        history.apply(&mut document, &edit).expect("added");
    }
    (old, document.render())
}

fn diffing(c: &mut Criterion) {
    let (old, new) = old_and_new(10_000);
    let read = |text: &str| PlanDocument::read_plan(text.as_bytes()).expect("a plan");
    let (old_plan, new_plan) = (read(&old), read(&new));
    let changes = diff(&old_plan, &new_plan);
    assert_eq!(
        changes.items.len(),
        100,
        "every edit is one changed or added item"
    );

    let mut group = c.benchmark_group("diff_10000_goals_100_edits");
    group.sample_size(10);
    group.bench_function("load_one_plan", |b| {
        b.iter(|| black_box(PlanDocument::load(old.as_bytes(), today()).expect("loads")))
    });
    group.bench_function("read_plan", |b| b.iter(|| black_box(read(&old))));
    group.bench_function("diff_sequential", |b| {
        b.iter(|| {
            let (was, is) = (read(&old), read(&new));
            black_box(diff(&was, &is))
        })
    });
    group.bench_function("diff_only", |b| {
        b.iter(|| black_box(diff(&old_plan, &new_plan)))
    });
    group.finish();
}

criterion_group!(benches, diffing);
criterion_main!(benches);
