//! Editing the 10,000-goal plan: one field edit with its re-validation, an
//! undo, and a save against its floor (the document written to text, then
//! written and fsynced, in the same run).

mod support;

/// The binary's allocator, so the figures are the program's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::hint::black_box;
use std::io::Write;
use std::time::{Duration, Instant};

use commonplan::disk::write_file;
use commonplan::document::PlanDocument;
use commonplan::edit::History;
use commonplan::model::Date;
use criterion::{Criterion, criterion_group, criterion_main};

fn today() -> Date {
    Date::new(2026, 11, 22).unwrap()
}

fn editing(c: &mut Criterion) {
    let text = support::plan_text(10_000);
    let mut document = PlanDocument::load(text.as_bytes(), today()).expect("loads");
    let mut history = History::new();
    // The first edit takes the baseline the unedited lines are kept by.
    history
        .apply(&mut document, &support::status_edit(5_000, 1))
        .unwrap();

    let mut group = c.benchmark_group("edit_10000_goals");
    group.sample_size(30);
    let mut n = 0;
    group.bench_function("field_edit_and_revalidate", |b| {
        b.iter(|| {
            n += 1;
            history
                .apply(&mut document, &support::status_edit(5_000, n))
                .unwrap();
            black_box(document.diagnostics().len())
        })
    });
    group.bench_function("undo", |b| {
        b.iter_custom(|iterations| {
            let mut total = Duration::ZERO;
            for i in 0..iterations {
                history
                    .apply(&mut document, &support::status_edit(5_000, i))
                    .unwrap();
                let start = Instant::now();
                assert!(history.undo(&mut document));
                total += start.elapsed();
            }
            total
        })
    });

    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("plan.toml");
    let floor = dir.path().join("floor.toml");
    std::fs::write(&plan, document.to_bytes()).unwrap();
    group.sample_size(20);
    group.bench_function("floor_to_string_write_fsync", |b| {
        b.iter(|| {
            let text = document.document().to_string();
            let mut file = std::fs::File::create(&floor).unwrap();
            file.write_all(text.as_bytes()).unwrap();
            file.sync_all().unwrap();
        })
    });
    group.bench_function("save", |b| {
        b.iter(|| {
            let bytes = document.to_bytes();
            write_file(&plan, &bytes, None).unwrap();
        })
    });
    group.finish();
}

criterion_group!(benches, editing);
criterion_main!(benches);
