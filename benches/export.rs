//! Exports of a 10,000-goal plan, each against `commonplan check` of the
//! same file in the same run: read, load, validate and print the findings,
//! as the command line does. An export does the same reading and loading,
//! then builds the report and writes it, to memory here.

mod support;

use std::hint::black_box;

use commonplan::cli::{ExportRequest, OutputFormat, check, export_plan};
use commonplan::export::{Format, Options};
use commonplan::model::Date;
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};

fn today() -> Date {
    Date::new(2026, 11, 22).unwrap()
}

fn export(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let mut group = c.benchmark_group("export");
    for goals in [100, 10_000] {
        let path = dir.path().join(format!("plan-{goals}.toml"));
        std::fs::write(&path, support::plan_text(goals)).unwrap();
        if goals >= 10_000 {
            group.sample_size(10);
        }
        group.bench_with_input(BenchmarkId::new("floor_check", goals), &path, |b, path| {
            b.iter(|| {
                let mut out = Vec::new();
                check(
                    std::slice::from_ref(path),
                    OutputFormat::Human,
                    false,
                    false,
                    today(),
                    &mut out,
                )
                .unwrap();
                black_box(out)
            })
        });
        for format in [Format::Json, Format::Markdown, Format::Html, Format::Ics] {
            let request = ExportRequest {
                format,
                output: None,
                options: Options::default(),
            };
            group.bench_with_input(BenchmarkId::new(format.name(), goals), &path, |b, path| {
                b.iter(|| {
                    let mut out = Vec::new();
                    export_plan(path, &request, today(), &mut out).unwrap();
                    assert!(out.len() > 1000);
                    black_box(out)
                })
            });
        }
        let request = ExportRequest {
            format: Format::Csv,
            output: None,
            options: Options {
                table: Some(commonplan::export::csv::Table::Goals),
                ..Options::default()
            },
        };
        group.bench_with_input(BenchmarkId::new("csv_goals", goals), &path, |b, path| {
            b.iter(|| {
                let mut out = Vec::new();
                export_plan(path, &request, today(), &mut out).unwrap();
                black_box(out)
            })
        });
    }
    group.finish();
}

criterion_group!(benches, export);
criterion_main!(benches);
