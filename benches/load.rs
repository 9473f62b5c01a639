//! Loading a plan: `PlanDocument::load` (parse with spans, read the typed
//! plan, validate, locate, make editable) against the floor of a bare
//! `toml_edit::DocumentMut` parse of the same bytes, and validation alone,
//! on generated plans of 100, 1,000 and 10,000 goals.

mod support;

/// The binary's allocator, so the figures are the program's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::hint::black_box;

use commonplan::document::PlanDocument;
use commonplan::model::Date;
use commonplan::validate::validate;
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};

fn today() -> Date {
    Date::new(2026, 11, 22).unwrap()
}

fn load(c: &mut Criterion) {
    let mut group = c.benchmark_group("load");
    for goals in [100, 1_000, 10_000] {
        let text = support::plan_text(goals);
        let document = PlanDocument::load(text.as_bytes(), today()).expect("loads");
        assert!(
            document.diagnostics().is_empty(),
            "{:?}",
            &document.diagnostics()[..1]
        );
        if goals >= 10_000 {
            group.sample_size(10);
        }
        group.bench_with_input(
            BenchmarkId::new("floor_toml_edit_parse", goals),
            &text,
            |b, text| b.iter(|| black_box(text.parse::<toml_edit::DocumentMut>().expect("parses"))),
        );
        group.bench_with_input(
            BenchmarkId::new("load_and_validate", goals),
            &text,
            |b, text| {
                b.iter(|| black_box(PlanDocument::load(text.as_bytes(), today()).expect("loads")))
            },
        );
        group.bench_with_input(
            BenchmarkId::new("validate", goals),
            document.plan(),
            |b, plan| b.iter(|| black_box(validate(plan, today()))),
        );
    }
    group.finish();
}

criterion_group!(benches, load);
criterion_main!(benches);
