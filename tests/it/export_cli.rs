//! `commonplan export` and `commonplan schema --export` as a user runs them:
//! each format to standard output and to a file, CSV into a directory,
//! Decidim's table, templates of one's own, and the refusals with their exit
//! codes. What each format holds is pinned by the library's tests; these
//! check that the command line writes exactly that, where it was asked to.

use std::fs;
use std::path::Path;

use assert_cmd::Command;
use commonplan::document::PlanDocument;
use commonplan::export::csv::{self, Table};
use commonplan::export::{Format, Options, Output, Report, html, json, markdown, render};
use commonplan::model::{Date, GoalStatus};

fn commonplan() -> Command {
    let mut command = Command::cargo_bin("commonplan").expect("the binary is built");
    command.current_dir(env!("CARGO_MANIFEST_DIR"));
    command
}

/// The report of `path` as the command line makes it today.
fn report(path: &str) -> Report {
    let today = Date::today();
    let bytes = fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join(path)).unwrap();
    let document = PlanDocument::load(&bytes, today).unwrap();
    Report::of_document(&document, path, today)
}

/// Run `args`; the standard output, the standard error and the exit code.
fn run(args: &[&str]) -> (String, String, i32) {
    let output = commonplan().args(args).output().expect("runs");
    (
        String::from_utf8(output.stdout).expect("UTF-8 output"),
        String::from_utf8_lossy(&output.stderr).into_owned(),
        output.status.code().expect("an exit code"),
    )
}

/// `commonplan export plans/ghent.toml ARGS...`, as [`run`] gives it.
fn export_ghent(args: &[&str]) -> (String, String, i32) {
    let mut all = vec!["export", "plans/ghent.toml"];
    all.extend_from_slice(args);
    run(&all)
}

fn text(output: Output) -> String {
    match output {
        Output::Text(text) => text,
        Output::Files(_) => panic!("a text was expected"),
    }
}

#[test]
fn every_format_to_standard_output_is_the_report() {
    for path in ["plans/ghent.toml", "plans/bologna.toml"] {
        for (name, format) in [
            ("markdown", Format::Markdown),
            ("html", Format::Html),
            ("json", Format::Json),
            ("ics", Format::Ics),
        ] {
            let (stdout, stderr, code) = run(&["export", path, "--format", name]);
            assert_eq!(code, 0, "{path} {name}: {stderr}");
            let expected = text(render(&report(path), format, &Options::default()).unwrap());
            assert!(stdout.len() > 500, "{path} {name}: {stdout}");
            assert_eq!(stdout, expected, "{path} as {name}");
        }
    }
}

#[test]
fn an_output_file_is_written_and_replaced_whole() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("briefing.md");
    fs::write(
        &target,
        "an older briefing, much longer than nothing at all\n".repeat(500),
    )
    .unwrap();
    let target_arg = target.to_str().unwrap();
    let (stdout, stderr, code) = export_ghent(&["--format", "markdown", "--output", target_arg]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        stdout, "",
        "nothing on standard output when a file is named"
    );
    assert!(stderr.contains("wrote "), "{stderr}");
    let written = fs::read_to_string(&target).unwrap();
    let expected = markdown::render(&report("plans/ghent.toml"), None).unwrap();
    assert_eq!(written, expected);
    let names: Vec<String> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["briefing.md"], "no temporary copy left behind");
}

#[test]
fn csv_writes_each_table_into_a_directory() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("tables");
    let (_, stderr, code) = export_ghent(&["-f", "csv", "-o", out.to_str().unwrap()]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("wrote 11 tables"), "{stderr}");
    let report = report("plans/ghent.toml");
    for table in Table::ALL {
        let file = out.join(format!("{}.csv", table.name()));
        let written = fs::read_to_string(&file).unwrap_or_else(|e| panic!("{file:?}: {e}"));
        assert_eq!(written, csv::table(&report, table), "{}", table.name());
        let rows = ::csv::Reader::from_reader(written.as_bytes())
            .records()
            .count();
        // Ghent's one workshop recorded no decisions: that table is its
        // header alone.
        assert_eq!(
            rows > 0,
            table != Table::Decisions,
            "{} has rows",
            table.name()
        );
    }
    assert_eq!(fs::read_dir(&out).unwrap().count(), Table::ALL.len());

    // A second export replaces them, in the same directory.
    let (_, stderr, code) = run(&[
        "export",
        "plans/bologna.toml",
        "-f",
        "csv",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{stderr}");
    let bologna = self::report("plans/bologna.toml");
    assert_eq!(
        fs::read_to_string(out.join("goals.csv")).unwrap(),
        csv::table(&bologna, Table::Goals)
    );
    assert_eq!(fs::read_dir(&out).unwrap().count(), Table::ALL.len());
}

#[test]
fn one_csv_table_goes_to_standard_output() {
    let (stdout, stderr, code) = export_ghent(&["-f", "csv", "--table", "partnerships"]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        stdout,
        csv::table(&report("plans/ghent.toml"), Table::Partnerships)
    );
}

#[test]
fn csv_without_a_directory_or_a_table_says_what_to_give() {
    let (stdout, stderr, code) = export_ghent(&["-f", "csv"]);
    assert_eq!(code, 2);
    assert_eq!(stdout, "");
    assert!(stderr.contains("--output DIR"), "{stderr}");
    assert!(stderr.contains("--table"), "{stderr}");

    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a-file");
    fs::write(&file, "mine\n").unwrap();
    let (_, stderr, code) = export_ghent(&["-f", "csv", "-o", file.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(stderr.contains("is a file"), "{stderr}");
    assert_eq!(
        fs::read_to_string(&file).unwrap(),
        "mine\n",
        "left as it was"
    );

    let (_, stderr, code) = export_ghent(&["-f", "html", "-o", dir.path().to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(stderr.contains("is a directory"), "{stderr}");
}

#[test]
fn decidim_results_with_mapped_statuses() {
    let (stdout, stderr, code) = export_ghent(&[
        "-f",
        "csv",
        "--decidim",
        "--locale",
        "nl",
        "--status-id",
        "in-progress=2",
        "--status-id",
        "achieved=3",
    ]);
    assert_eq!(code, 0, "{stderr}");
    let statuses = [
        (GoalStatus::InProgress, "2".to_owned()),
        (GoalStatus::Achieved, "3".to_owned()),
    ];
    assert_eq!(
        stdout,
        csv::decidim(&report("plans/ghent.toml"), "nl", &statuses)
    );
    assert!(stdout.starts_with("id;parent/id;external_id;title/nl;description/nl;"));

    // Without a mapping it says why status/id is empty.
    let (_, stderr, code) = export_ghent(&["-f", "csv", "--decidim"]);
    assert_eq!(code, 0);
    assert!(stderr.contains("--status-id"), "{stderr}");

    for (bad, says) in [
        ("ongoing=2", "not a goal status"),
        ("in-progress", "STATUS=ID"),
        ("achieved=", "status id"),
    ] {
        let (stdout, stderr, code) = export_ghent(&["-f", "csv", "--decidim", "--status-id", bad]);
        assert_eq!(code, 2, "{bad}");
        assert_eq!(stdout, "", "{bad}");
        assert!(stderr.contains(says), "{bad}: {stderr}");
    }
    let (_, stderr, code) = export_ghent(&["-f", "csv", "--decidim", "--locale", "en;rm"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("not a locale"), "{stderr}");
}

#[test]
fn a_template_of_ones_own_sees_the_json_exports_data() {
    let dir = tempfile::tempdir().unwrap();
    let template = dir.path().join("brief.md.j2");
    fs::write(
        &template,
        "{{ plan.city }}: {{ summary.goals }} goals\n\
         {% for t in themes %}- {{ t.name }}\n{% endfor %}",
    )
    .unwrap();
    let (stdout, stderr, code) =
        export_ghent(&["-f", "markdown", "--template", template.to_str().unwrap()]);
    assert_eq!(code, 0, "{stderr}");
    let json: serde_json::Value =
        serde_json::from_str(&json::render(&report("plans/ghent.toml"))).unwrap();
    let mut expected = format!(
        "{}: {} goals\n",
        json["plan"]["city"].as_str().unwrap(),
        json["summary"]["goals"]
    );
    for theme in json["themes"].as_array().unwrap() {
        expected.push_str(&format!("- {}\n", theme["name"].as_str().unwrap()));
    }
    assert_eq!(stdout, expected);

    // A template with a mistake names it and exports nothing.
    fs::write(&template, "{% for t in themes %}{{ t.name }\n").unwrap();
    let (stdout, stderr, code) =
        export_ghent(&["-f", "markdown", "--template", template.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert_eq!(stdout, "");
    assert!(stderr.contains("brief.md.j2"), "{stderr}");

    // Templates are for the two reports only.
    let (_, stderr, code) = export_ghent(&["-f", "json", "--template", template.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(stderr.contains("Markdown and HTML"), "{stderr}");

    // A value the report does not have is named, with its line.
    for format in ["markdown", "html"] {
        fs::write(&template, "# {{ plan.title }}\n\n{{ plan.nosuch }}\n").unwrap();
        let (stdout, stderr, code) =
            export_ghent(&["-f", format, "--template", template.to_str().unwrap()]);
        assert_eq!(code, 2, "{stderr}");
        assert_eq!(stdout, "");
        assert!(
            stderr.contains("brief.md.j2:3: `plan.nosuch` is undefined"),
            "{stderr}"
        );
        assert!(stderr.contains("  3 | {{ plan.nosuch }}"), "{stderr}");
    }
}

/// `--brief`: the council brief in Markdown or HTML, refused for the other
/// formats and beside a template or a workshop's record.
#[test]
fn the_brief_on_the_command_line() {
    let report = report("plans/ghent.toml");
    for (name, format) in [("markdown", Format::Markdown), ("html", Format::Html)] {
        let (stdout, stderr, code) = export_ghent(&["-f", name, "--brief"]);
        assert_eq!(code, 0, "{stderr}");
        let options = Options {
            brief: true,
            ..Options::default()
        };
        assert_eq!(stdout, text(render(&report, format, &options).unwrap()));
        assert!(stdout.contains("Decisions needed"), "{stdout}");
    }
    for name in ["json", "csv", "ics"] {
        let (stdout, stderr, code) = export_ghent(&["-f", name, "--brief"]);
        assert_eq!(code, 2, "{name}: {stderr}");
        assert_eq!(stdout, "");
        assert!(
            stderr.contains("the brief is made in Markdown or HTML"),
            "{name}: {stderr}"
        );
    }
    let (_, stderr, code) = export_ghent(&["-f", "markdown", "--brief", "--workshop", "x"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("--workshop"), "{stderr}");
}

#[test]
fn the_printed_template_is_the_built_in_one() {
    let (stdout, _, code) = run(&["export", "--print-template", "markdown"]);
    assert_eq!(code, 0);
    assert_eq!(stdout, markdown::TEMPLATE);
    let (stdout, _, code) = run(&["export", "--print-template", "html"]);
    assert_eq!(code, 0);
    assert_eq!(stdout, html::TEMPLATE);

    // Rendered as one's own, the printed HTML template gives the report.
    let dir = tempfile::tempdir().unwrap();
    let template = dir.path().join("report.html");
    fs::write(&template, &stdout).unwrap();
    let (own, stderr, code) = run(&[
        "export",
        "plans/bologna.toml",
        "-f",
        "html",
        "--template",
        template.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{stderr}");
    let built_in = html::render(&report("plans/bologna.toml"), None).unwrap();
    assert_eq!(own, built_in);
}

#[test]
fn the_export_schema_is_the_json_exports() {
    let (stdout, _, code) = run(&["schema", "--export"]);
    assert_eq!(code, 0);
    assert_eq!(stdout, json::schema());
    let schema: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let (exported, _, code) = run(&["export", "plans/bologna.toml", "-f", "json"]);
    assert_eq!(code, 0);
    let value: serde_json::Value = serde_json::from_str(&exported).unwrap();
    assert!(validator.is_valid(&value));

    // The plan format's schema is another one.
    let (plan_schema, _, _) = run(&["schema"]);
    assert_ne!(plan_schema, stdout);
}

#[test]
fn a_plan_that_does_not_parse_exports_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("broken.toml");
    fs::write(&plan, "format = 1\n[plan\ncity = \"Ghent\"\n").unwrap();
    let target = dir.path().join("broken.html");
    let (stdout, stderr, code) = run(&[
        "export",
        plan.to_str().unwrap(),
        "-f",
        "html",
        "-o",
        target.to_str().unwrap(),
    ]);
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(stdout, "");
    assert!(stderr.contains("broken.toml:2:"), "{stderr}");
    assert!(stderr.contains("nothing exported"), "{stderr}");
    assert!(!target.exists());

    let (_, stderr, code) = run(&["export", "no-such-plan.toml", "-f", "json"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("no-such-plan.toml"), "{stderr}");
}

#[test]
fn a_plan_with_errors_is_exported_with_them() {
    let (stdout, stderr, code) = run(&[
        "export",
        "plans/invalid/E007-unknown-keyword.toml",
        "-f",
        "json",
    ]);
    assert_eq!(code, 0, "{stderr}");
    // One error, counted with its noun.
    assert!(
        stderr.contains("has 1 error; the report lists it"),
        "{stderr}"
    );
    let value: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let codes: Vec<&str> = value["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert!(codes.contains(&"E007"), "{codes:?}");
}

/// `--workshop ID`: the record of one session alone, in Markdown or HTML,
/// exactly what the library renders with that option.
#[test]
fn workshop_writes_the_record_of_one_session() {
    let path = "tests/export/workshop.toml";
    let report = report(path);
    for (name, format) in [("markdown", Format::Markdown), ("html", Format::Html)] {
        let (stdout, stderr, code) = run(&[
            "export",
            path,
            "--format",
            name,
            "--workshop",
            "review-2018-03",
        ]);
        assert_eq!(code, 0, "{stderr}");
        let options = Options {
            workshop: Some("review-2018-03".to_owned()),
            ..Options::default()
        };
        assert_eq!(stdout, text(render(&report, format, &options).unwrap()));
        assert!(stdout.contains("Review of the food strategy"), "{stdout}");
        assert!(stdout.contains("De Centrale, Ghent"));
        assert!(stdout.contains("Meet again after the summer"));
        assert!(stdout.contains("Did not vote: Charlotte."));
        assert!(stdout.contains("Who insures the volunteers?"));
        assert!(stdout.contains("Bram asked for the roof survey"));
        // The record alone: no summary, no goal section.
        assert!(!stdout.contains("Summary"), "{stdout}");
        assert!(!stdout.contains("First neighbourhood food hub open"));
    }
    let (stdout, _, code) = run(&["export", path, "-f", "html", "--workshop", "review-2018-03"]);
    assert_eq!(code, 0);
    assert!(stdout.starts_with("<!doctype html>"));
    assert!(
        stdout.contains(
            "<title>Review of the food strategy · Commons Transition Plan · Ghent</title>"
        )
    );
    assert!(stdout.contains("<h1>Review of the food strategy</h1>"));
    assert!(
        !stdout.contains("href=\"#"),
        "no links to sections the record does not have"
    );
}

#[test]
fn workshop_refuses_an_unknown_id_and_other_formats() {
    let path = "tests/export/workshop.toml";
    let (stdout, stderr, code) = run(&[
        "export",
        path,
        "-f",
        "markdown",
        "--workshop",
        "review-2019",
    ]);
    assert_ne!(code, 0);
    assert_eq!(stdout, "");
    assert!(
        stderr.contains("the plan has no workshop `review-2019`; its workshops are review-2018-03"),
        "{stderr}"
    );
    let (_, stderr, code) = export_ghent(&["-f", "markdown", "--workshop", "nope"]);
    assert_ne!(code, 0);
    assert!(
        stderr.contains("its workshops are review-2018-03"),
        "{stderr}"
    );
    for format in ["json", "ics"] {
        let (stdout, stderr, code) =
            run(&["export", path, "-f", format, "--workshop", "review-2018-03"]);
        assert_ne!(code, 0, "{format}");
        assert_eq!(stdout, "");
        assert!(
            stderr.contains("a workshop's record is made in Markdown or HTML"),
            "{stderr}"
        );
    }
    let (_, stderr, code) = run(&[
        "export",
        path,
        "-f",
        "csv",
        "--table",
        "votes",
        "--workshop",
        "review-2018-03",
    ]);
    assert_ne!(code, 0);
    assert!(
        stderr.contains("--workshop") || stderr.contains("cannot be used"),
        "{stderr}"
    );
    // A plan without workshops says so.
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("plan.toml");
    fs::write(
        &plan,
        "format = 1\n\n[plan]\ncity = \"Ghent\"\ntitle = \"Plan\"\n",
    )
    .unwrap();
    let (_, stderr, code) = run(&[
        "export",
        plan.to_str().unwrap(),
        "-f",
        "markdown",
        "--workshop",
        "x",
    ]);
    assert_ne!(code, 0);
    assert!(
        stderr.contains("the plan has no workshop `x`; the plan has no workshops"),
        "{stderr}"
    );
}

/// A CSV export that fails leaves no directory behind: a plan that does
/// not load makes none (the directory's own cleanup, when a table cannot
/// be written, is tested beside it in `export::directory`).
#[test]
fn a_failed_csv_export_leaves_no_directory() {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("broken.toml");
    std::fs::write(&plan, "format = 1\nx = [\n").unwrap();
    let target = dir.path().join("new").join("tables");
    let output = commonplan()
        .arg("export")
        .arg(&plan)
        .args(["-f", "csv", "-o"])
        .arg(&target)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    assert!(!dir.path().join("new").exists());
}

/// The generated plans of the benchmarks.
#[allow(dead_code)]
#[path = "../../benches/support/mod.rs"]
mod generated;

/// A user's template runs within fuel and an output cap: a copy of the
/// built-in templates, which is a user's template once changed, renders
/// the 10,000-goal plan within them, with room to spare.
#[test]
fn a_copy_of_the_built_in_templates_renders_the_largest_plans() {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("large.toml");
    fs::write(&plan, generated::plan_text(10_000)).unwrap();
    if std::env::var_os("COMMONPLAN_KEEP_LARGE").is_some() {
        fs::copy(&plan, "/tmp/p10k.toml").unwrap();
    }
    for (format, built_in) in [("markdown", markdown::TEMPLATE), ("html", html::TEMPLATE)] {
        let template = dir.path().join(format!("mine.{format}"));
        fs::write(&template, format!("{built_in}{{# my copy #}}")).unwrap();
        let output = commonplan()
            .arg("export")
            .arg(&plan)
            .args(["-f", format, "--template"])
            .arg(&template)
            .output()
            .unwrap();
        assert_eq!(
            output.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        assert!(output.stdout.len() > 1_000_000, "{format}");
    }
}

/// A runaway template stops with an error naming it: two nested
/// `range(100000)` loops run out of fuel; a text doubled and printed
/// stops at the output cap.
#[test]
fn a_runaway_template_stops_with_an_error_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        (
            "loops.md",
            "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
            "error: the template ",
            "loops.md ran too long (fuel: 50,000,000 instructions",
        ),
        (
            "doubling.md",
            "{% set ns = namespace(s='x') %}{% for i in range(64) %}{{ ns.s }}\
             {% set ns.s = ns.s ~ ns.s %}{% endfor %}",
            "error: the template ",
            "doubling.md wrote more than 256 MiB, the most a template may write",
        ),
    ];
    for (name, source, start, said) in cases {
        let template = dir.path().join(name);
        fs::write(&template, source).unwrap();
        let started = std::time::Instant::now();
        let output = commonplan()
            .args(["export", "plans/ghent.toml", "-f", "markdown", "--template"])
            .arg(&template)
            .output()
            .unwrap();
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert_eq!(output.status.code(), Some(2), "{stderr}");
        assert!(
            stderr.starts_with(start) && stderr.contains(said),
            "{stderr}"
        );
        assert!(output.stdout.is_empty());
        assert!(
            started.elapsed() < std::time::Duration::from_secs(120),
            "{name}"
        );
    }
}
