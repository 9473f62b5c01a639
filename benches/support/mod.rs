//! Generated plans for the benchmarks: realistic shape (themes, actors,
//! goals with sub-goals, indicators with measurements, milestones, comments,
//! partnerships with parties and contributions), any number of goals, and
//! clean under `check` so the figures measure the common case.

use std::fmt::Write;

use commonplan::edit::{Edit, FieldValue, ItemPath};

/// A single-field edit: goal `goal`'s status, alternating with `n`.
#[allow(dead_code)] // not every benchmark edits
pub fn status_edit(goal: usize, n: u64) -> Edit {
    Edit::Set {
        item: ItemPath::top("goals", goal),
        key: "status".into(),
        value: Some(FieldValue::Text(
            if n.is_multiple_of(2) {
                "in-progress"
            } else {
                "adopted"
            }
            .into(),
        )),
    }
}

/// The TOML text of a clean plan with `goals` goals (about 8.7 MB at 10,000 goals).
pub fn plan_text(goals: usize) -> String {
    let themes = [
        "food",
        "energy",
        "mobility",
        "housing",
        "inclusion",
        "health",
        "work",
        "knowledge",
    ];
    let actors = (goals / 10).max(10);
    let partnerships = (goals / 5).max(2);
    let mut out = String::with_capacity(goals * 900);
    out.push_str("# A generated plan for benchmarks.\nformat = 1\n\n[plan]\n");
    out.push_str("city = \"Benchmark City\"\ntitle = \"Generated Commons Transition Plan\"\n");
    out.push_str("country = \"BE\"\nstatus = \"draft\"\nstart_year = 2017\nend_year = 2035\n");
    out.push_str("currency = \"EUR\"\nvision = \"\"\"\nA city where commoners and the partner city\nco-create shared resources.\n\"\"\"\n\n");
    for theme in themes {
        writeln!(
            out,
            "[[themes]]\nid = \"{theme}\"\nname = \"Theme {theme}\"\n"
        )
        .unwrap();
    }
    for a in 0..actors {
        let role = match a % 4 {
            0 => "public",
            1 => "commons",
            2 => "cooperative",
            _ => "association",
        };
        writeln!(
            out,
            "[[actors]]\nid = \"actor-{a}\"\nname = \"Actor number {a}\"\nrole = \"{role}\"\ntheme = \"{}\"\n",
            themes[a % themes.len()]
        )
        .unwrap();
    }
    for g in 0..goals {
        let status = [
            "idea",
            "proposed",
            "adopted",
            "in-progress",
            "achieved",
            "dropped",
        ][g % 6];
        write!(
            out,
            "[[goals]]\nid = \"goal-{g}\"\ntitle = \"Goal {g}: grow the commons\"\ntheme = \"{}\"\n",
            themes[g % themes.len()]
        )
        .unwrap();
        if g % 4 != 0 {
            writeln!(out, "parent = \"goal-{}\"", g - g % 4).unwrap();
        }
        writeln!(
            out,
            "status = \"{status}\"\npriority = \"medium\"\nowner = \"actor-{}\"\ntarget_year = {}\nbudget = {}\ndescription = \"What goal {g} means, in a line of prose.\"\n",
            g % actors,
            2020 + g % 15,
            1000 * (g % 50)
        )
        .unwrap();
        for i in 0..2 {
            writeln!(
                out,
                "  [[goals.indicators]]\n  name = \"Indicator {i}\"\n  unit = \"households\"\n  baseline = {}\n  target = {}\n  measurements = [{{ date = 2019-12-31, value = {} }}, {{ date = 2023-06-30, value = {} }}]\n",
                100 + i,
                300 + g % 100,
                120 + i,
                180
            )
            .unwrap();
        }
        writeln!(
            out,
            "  [[goals.milestones]]\n  title = \"First step\"\n  due = 2024-06-30\n  done = {}\n",
            g % 2 == 0
        )
        .unwrap();
        if g % 5 == 0 {
            writeln!(out, "  [[goals.comments]]\n  author = \"Workshop\"\n  text = \"A remark on goal {g}.\"\n  date = 2024-03-01\n").unwrap();
        }
    }
    for p in 0..partnerships {
        let public = 4 * (p % (actors / 4));
        let commons = public + 1;
        writeln!(
            out,
            "[[partnerships]]\nid = \"pact-{p}\"\ntitle = \"Collaboration pact {p}\"\ninstrument = \"collaboration-pact\"\ncomplexity = \"ordinary\"\nstatus = \"signed\"\nresource = \"A public building\"\ngoals = [\"goal-{}\", \"goal-{}\"]\nstart = 2020-01-01\nend = 2030-12-31\n",
            p % goals.max(1),
            (p * 7) % goals.max(1)
        )
        .unwrap();
        for actor in [public, commons] {
            writeln!(out, "  [[partnerships.parties]]\n  actor = \"actor-{actor}\"\n  commitments = \"Its share\"\n").unwrap();
        }
        writeln!(out, "  [[partnerships.contributions]]\n  from = \"actor-{public}\"\n  kind = \"space\"\n  amount = 240\n  unit = \"m2\"\n").unwrap();
        writeln!(out, "  [[partnerships.contributions]]\n  from = \"actor-{public}\"\n  kind = \"money\"\n  amount = 5000\n  per = \"year\"\n").unwrap();
        writeln!(out, "  [[partnerships.contributions]]\n  from = \"actor-{commons}\"\n  kind = \"volunteer-time\"\n  amount = 60\n  unit = \"hours\"\n  per = \"month\"\n").unwrap();
    }
    out
}

/// The TOML text of [`plan_text`]'s plan with `workshops` workshops after
/// it, each with `participants` participants who may place `dots` dots and
/// have each placed one dot on `votes_each` different goals (so `dots` no
/// smaller than `votes_each` keeps the plan clean). The plan before the
/// workshops is the same text as [`plan_text`] gives.
#[allow(dead_code)] // only the workshop benchmarks hold workshops
pub fn plan_text_with_workshops(
    goals: usize,
    workshops: usize,
    participants: usize,
    dots: usize,
    votes_each: usize,
) -> String {
    assert!(goals > 0 && votes_each <= goals && votes_each <= dots);
    let mut out = plan_text(goals);
    out.reserve(workshops * participants * (votes_each * 60 + 20));
    for w in 0..workshops {
        writeln!(
            out,
            "[[workshops]]\nid = \"workshop-{w}\"\ntitle = \"Review workshop {w}\"\ndate = 2024-{:02}-{:02}\nfacilitator = \"Facilitator {}\"\nlocation = \"Neighbourhood house {}\"\ndots = {dots}",
            1 + w % 12,
            1 + w % 28,
            w % 7,
            w % 9
        )
        .unwrap();
        out.push_str("participants = [");
        for p in 0..participants {
            if p > 0 {
                out.push_str(", ");
            }
            write!(out, "\"participant-{p}\"").unwrap();
        }
        out.push_str("]\nvotes = [\n");
        for p in 0..participants {
            for v in 0..votes_each {
                let goal = (w * 131 + p * 17 + v) % goals;
                writeln!(
                    out,
                    "  {{ participant = \"participant-{p}\", item = \"goal-{goal}\", dots = 1 }},"
                )
                .unwrap();
            }
        }
        out.push_str("]\n\n");
    }
    out
}
