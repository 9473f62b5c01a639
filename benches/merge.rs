//! Merging plans three ways: `history::merge` on the generated 10,000-goal
//! plan with 100 edits on each side (different goals: field sets, comments
//! and goals added, measurements recorded), against the load of one plan in
//! the same run. The target is a merge within 3× the load.

mod support;

/// The binary's allocator, so the figures are the program's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::hint::black_box;

use commonplan::document::PlanDocument;
use commonplan::edit::{Edit, FieldValue, History, ItemPath};
use commonplan::history::merge::{MergeOptions, merge};
use commonplan::model::Date;
use criterion::{Criterion, criterion_group, criterion_main};

fn today() -> Date {
    Date::new(2026, 11, 22).unwrap()
}

/// The `n`th of 100 edits of `side` (0 or 1), on goals of that side only.
fn edit(side: usize, n: usize) -> Edit {
    let goal = 2 * (n * 97 % 5_000) + side;
    let item = ItemPath::top("goals", goal);
    match n % 4 {
        0 => support::status_edit(goal, n as u64 + side as u64),
        1 => Edit::Add {
            parent: item.child("indicators", 0),
            collection: "measurements".into(),
            fields: vec![
                (
                    "date".into(),
                    FieldValue::Date(Date::new(2025, 1 + side as u8, 1 + (n % 28) as u8).unwrap()),
                ),
                ("value".into(), FieldValue::Integer(200 + n as i64)),
            ],
        },
        2 => Edit::Add {
            parent: item,
            collection: "comments".into(),
            fields: vec![
                ("author".into(), FieldValue::Text(format!("Side {side}"))),
                ("text".into(), FieldValue::Text(format!("Remark {n}"))),
            ],
        },
        _ => Edit::Add {
            parent: ItemPath::plan(),
            collection: "goals".into(),
            fields: vec![
                (
                    "id".into(),
                    FieldValue::Text(format!("side-{side}-goal-{n}")),
                ),
                ("title".into(), FieldValue::Text(format!("A new goal, {n}"))),
            ],
        },
    }
}

fn edited(base: &str, side: usize) -> Vec<u8> {
    let mut document = PlanDocument::load(base.as_bytes(), today()).expect("loads");
    let mut history = History::new();
    for n in 0..100 {
        history
            .apply(&mut document, &edit(side, n))
            .expect("the edit applies");
    }
    document.to_bytes()
}

fn merging(c: &mut Criterion) {
    let mut group = c.benchmark_group("merge");
    group.sample_size(10);
    let base = support::plan_text(10_000);
    let (ours, theirs) = (edited(&base, 0), edited(&base, 1));
    let options = MergeOptions {
        today: today(),
        ..MergeOptions::default()
    };
    let merged = merge(base.as_bytes(), &ours, &theirs, &options).expect("plans");
    assert!(merged.is_clean(), "{:?}", merged.conflicts);
    group.bench_function("load_one_plan/10000", |b| {
        b.iter(|| black_box(PlanDocument::load(base.as_bytes(), today()).expect("loads")))
    });
    group.bench_function("merge_100_edits_each_side/10000", |b| {
        b.iter(|| black_box(merge(base.as_bytes(), &ours, &theirs, &options).expect("plans")))
    });
    group.finish();
}

criterion_group!(benches, merging);
criterion_main!(benches);
