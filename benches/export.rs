//! Exports of a 10,000-goal plan, each against `commonplan check` of the
//! same file in the same run: read, load, validate and print the findings,
//! as the command line does. An export does the same reading and loading,
//! then builds the report and writes it: every format, and the council
//! brief (`--brief`) in Markdown and HTML.
//!
//! Three groups. `export` calls the command line's functions in this process,
//! writing to memory, one format after another. `command` runs the real
//! binary (`src/main.rs`, built by this package as `commonplan-benched` in
//! the benchmarks' profile), a fresh process each time as a person runs it, its output to
//! `/dev/null`: the figure that counts, since in one long process each
//! format's runs inherit the heap the runs before them left. The third,
//! `ratios`, prints each export's time over that of the `check`s run just
//! before and after it, round after round: the targets' ratios, free of the
//! drift of a shared machine over the minutes the groups take.

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

/// The exports the `command` and `ratios` groups run, by benchmark name.
const EXPORTS: [(&str, &[&str]); 6] = [
    ("json", &["export", "--format", "json"]),
    ("markdown", &["export", "--format", "markdown"]),
    ("html", &["export", "--format", "html"]),
    ("ics", &["export", "--format", "ics"]),
    (
        "brief_markdown",
        &["export", "--brief", "--format", "markdown"],
    ),
    ("brief_html", &["export", "--brief", "--format", "html"]),
];

/// Run the program (`src/main.rs` as this package builds it) with `args`
/// on `plan`, its output to `/dev/null`; it must succeed.
fn run(plan: &std::path::Path, args: &[&str]) {
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_commonplan-benched"))
        .args(args)
        .arg(plan)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .unwrap();
    assert!(status.success(), "{args:?}: {status}");
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
    group.bench_function(BenchmarkId::new("floor_check", goals), |b| {
        b.iter(|| run(&path, &["check"]))
    });
    for (name, args) in EXPORTS {
        group.bench_function(BenchmarkId::new(name, goals), |b| {
            b.iter(|| run(&path, args))
        });
    }
    group.finish();
}

/// The ratios the targets name, measured so that the machine's drift does
/// not fall on one side: each round runs `check`, then one export, then
/// `check` again, and divides the export's wall-clock time by the mean of
/// the two `check`s beside it. Printed as the median, lowest and highest
/// ratio over the rounds, for each export.
fn ratios(_: &mut Criterion) {
    const ROUNDS: usize = 9;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan-10000.toml");
    std::fs::write(&path, support::plan_text(10_000)).unwrap();
    let time = |args: &[&str]| {
        let start = std::time::Instant::now();
        run(&path, args);
        start.elapsed().as_secs_f64()
    };
    let mut ratios: Vec<Vec<f64>> = vec![Vec::new(); EXPORTS.len()];
    for _ in 0..ROUNDS {
        for (n, (_, args)) in EXPORTS.iter().enumerate() {
            let before = time(&["check"]);
            let export = time(args);
            let after = time(&["check"]);
            ratios[n].push(2.0 * export / (before + after));
        }
    }
    for ((name, _), mut ratios) in EXPORTS.iter().zip(ratios) {
        ratios.sort_by(f64::total_cmp);
        println!(
            "ratio/{name}/10000 over check beside it: median {:.2}x (lowest {:.2}x, highest {:.2}x, {ROUNDS} rounds)",
            ratios[ROUNDS / 2],
            ratios[0],
            ratios[ROUNDS - 1]
        );
    }
}

criterion_group!(benches, export, command, ratios);
criterion_main!(benches);
