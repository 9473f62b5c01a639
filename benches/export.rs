//! Exports of a 10,000-goal plan, each against `commonplan check` of the
//! same file in the same run: read, load, validate and print the findings,
//! as the command line does. An export does the same reading and loading,
//! then builds the report and writes it: every format, and the council
//! brief (`--brief`) in Markdown and HTML.
//!
//! Two groups. `export` calls the command line's functions in this process,
//! writing to memory, one format after another. `command` runs the real
//! binary (`src/main.rs`, built by this package as `commonplan-benched` in
//! the benchmarks' profile), a fresh process each time as a person runs it, its output to
//! `/dev/null`: the figure that counts, since in one long process each
//! format's runs inherit the heap the runs before them left.

mod support;

/// The binary's allocator, so the figures are the program's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
            group
                .sample_size(10)
                .measurement_time(std::time::Duration::from_secs(12));
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
                force: false,
                since: None,
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
        for format in [Format::Markdown, Format::Html] {
            let request = ExportRequest {
                format,
                output: None,
                force: false,
                since: None,
                options: Options {
                    brief: true,
                    ..Options::default()
                },
            };
            let name = format!("brief_{}", format.name());
            group.bench_with_input(BenchmarkId::new(name, goals), &path, |b, path| {
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
            force: false,
            since: None,
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

fn command(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let mut group = c.benchmark_group("command");
    group
        .sample_size(10)
        .measurement_time(std::time::Duration::from_secs(12));
    let goals = 10_000;
    let path = dir.path().join(format!("plan-{goals}.toml"));
    std::fs::write(&path, support::plan_text(goals)).unwrap();
    let run = |args: &[&str]| {
        let status = std::process::Command::new(env!("CARGO_BIN_EXE_commonplan-benched"))
            .args(args)
            .arg(&path)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .status()
            .unwrap();
        assert!(status.success(), "{args:?}: {status}");
    };
    group.bench_function(BenchmarkId::new("floor_check", goals), |b| {
        b.iter(|| run(&["check"]))
    });
    for format in [Format::Json, Format::Markdown, Format::Html, Format::Ics] {
        group.bench_function(BenchmarkId::new(format.name(), goals), |b| {
            b.iter(|| run(&["export", "--format", format.name()]))
        });
    }
    for format in [Format::Markdown, Format::Html] {
        let name = format!("brief_{}", format.name());
        group.bench_function(BenchmarkId::new(name, goals), |b| {
            b.iter(|| run(&["export", "--brief", "--format", format.name()]))
        });
    }
    group.finish();
}

criterion_group!(benches, export, command);
criterion_main!(benches);
