//! The derived figures on small plans built for each rule.

use super::*;
use crate::model::{Actor, Contribution, Date, Measurement, Partnership, PlanInfo, Theme};
use crate::model::{ContributionKind, Period, Role};

fn close(actual: f64, expected: f64) -> bool {
    (actual - expected).abs() < 1e-9
}

#[track_caller]
fn assert_close(actual: f64, expected: f64) {
    assert!(close(actual, expected), "expected {expected}, got {actual}");
}

#[track_caller]
fn assert_some_close(actual: Option<f64>, expected: f64) {
    match actual {
        Some(actual) => assert_close(actual, expected),
        None => panic!("expected {expected}, got None"),
    }
}

fn empty_plan() -> Plan {
    Plan {
        format: 1,
        plan: PlanInfo::default(),
        themes: Vec::new(),
        actors: Vec::new(),
        goals: Vec::new(),
        partnerships: Vec::new(),
        workshops: Vec::new(),
    }
}

fn date(year: u16, month: u8, day: u8) -> Date {
    Date::new(year, month, day).expect("a real date")
}

fn measured(baseline: Option<f64>, target: Option<f64>, values: &[(Date, f64)]) -> Indicator {
    Indicator {
        name: "households in food teams".to_owned(),
        baseline,
        target,
        measurements: values
            .iter()
            .map(|&(date, value)| Measurement { date, value })
            .collect(),
        ..Indicator::default()
    }
}

fn goal(id: &str, parent: Option<&str>, status: GoalStatus) -> Goal {
    Goal {
        id: id.to_owned(),
        title: id.to_owned(),
        parent: parent.map(str::to_owned),
        status,
        ..Goal::default()
    }
}

fn weighted(mut goal: Goal, weight: f64) -> Goal {
    goal.weight = weight;
    goal
}

fn themed(mut goal: Goal, theme: &str) -> Goal {
    goal.theme = Some(theme.to_owned());
    goal
}

fn with_indicator(mut goal: Goal, indicator: Indicator) -> Goal {
    goal.indicators.push(indicator);
    goal
}

#[test]
fn rising_indicator() {
    let indicator = measured(Some(1200.0), Some(3000.0), &[(date(2019, 12, 31), 1650.0)]);
    assert_some_close(indicator_progress(&indicator), 0.25);
}

#[test]
fn falling_target() {
    let emissions = measured(Some(100.0), Some(40.0), &[(date(2022, 1, 1), 70.0)]);
    assert_some_close(indicator_progress(&emissions), 0.5);
}

#[test]
fn progress_is_clamped() {
    let beyond = measured(Some(0.0), Some(10.0), &[(date(2022, 1, 1), 15.0)]);
    assert_some_close(indicator_progress(&beyond), 1.0);
    let behind = measured(Some(10.0), Some(20.0), &[(date(2022, 1, 1), 5.0)]);
    assert_some_close(indicator_progress(&behind), 0.0);
    let emissions_up = measured(Some(100.0), Some(40.0), &[(date(2022, 1, 1), 130.0)]);
    assert_some_close(indicator_progress(&emissions_up), 0.0);
    let emissions_beaten = measured(Some(100.0), Some(40.0), &[(date(2022, 1, 1), 10.0)]);
    assert_some_close(indicator_progress(&emissions_beaten), 1.0);
}

#[test]
fn latest_measurement_counts_whatever_the_order() {
    let indicator = measured(
        Some(0.0),
        Some(100.0),
        &[
            (date(2020, 6, 1), 20.0),
            (date(2023, 1, 1), 80.0),
            (date(2021, 12, 31), 50.0),
        ],
    );
    assert_some_close(indicator_progress(&indicator), 0.8);
    let same_day = measured(
        Some(0.0),
        Some(100.0),
        &[
            (date(2023, 1, 1), 30.0),
            (date(2023, 1, 1), 60.0),
            (date(2020, 1, 1), 90.0),
        ],
    );
    assert_some_close(indicator_progress(&same_day), 0.6);
}

#[test]
fn indicator_edge_cases() {
    assert_eq!(
        indicator_progress(&measured(Some(10.0), None, &[(date(2022, 1, 1), 5.0)])),
        None
    );
    // No measurement: the current value is the baseline.
    assert_some_close(
        indicator_progress(&measured(Some(10.0), Some(20.0), &[])),
        0.0,
    );
    // No baseline: counted from 0.
    assert_some_close(
        indicator_progress(&measured(None, Some(40.0), &[(date(2022, 1, 1), 10.0)])),
        0.25,
    );
    // Target equal to the baseline: reached or not.
    assert_some_close(
        indicator_progress(&measured(Some(5.0), Some(5.0), &[])),
        1.0,
    );
    assert_some_close(
        indicator_progress(&measured(Some(5.0), Some(5.0), &[(date(2022, 1, 1), 4.0)])),
        0.0,
    );
    assert_some_close(
        indicator_progress(&measured(Some(5.0), Some(5.0), &[(date(2022, 1, 1), 6.0)])),
        1.0,
    );
    assert_some_close(
        indicator_progress(&measured(
            Some(0.0),
            Some(10.0),
            &[(date(2022, 1, 1), f64::NAN)],
        )),
        0.0,
    );
}

#[test]
fn weighted_sub_goals() {
    let mut plan = empty_plan();
    plan.goals = vec![
        goal("housing", None, GoalStatus::InProgress),
        weighted(
            goal("land-trust", Some("housing"), GoalStatus::Achieved),
            1.0,
        ),
        weighted(
            goal("co-housing", Some("housing"), GoalStatus::Adopted),
            3.0,
        ),
    ];
    let progress = PlanProgress::compute(&plan);
    assert_close(progress.goal(1), 1.0);
    assert_close(progress.goal(2), 0.0);
    assert_close(progress.goal(0), 0.25);
    assert_some_close(progress.plan(), 0.25);
}

#[test]
fn sub_goals_come_before_indicators() {
    let mut plan = empty_plan();
    plan.goals = vec![
        with_indicator(
            goal("food", None, GoalStatus::InProgress),
            measured(Some(0.0), Some(10.0), &[(date(2022, 1, 1), 10.0)]),
        ),
        goal("hub", Some("food"), GoalStatus::Adopted),
    ];
    let progress = PlanProgress::compute(&plan);
    assert_close(progress.goal(0), 0.0);
}

#[test]
fn dropped_sub_goals_are_left_out() {
    let mut plan = empty_plan();
    plan.goals = vec![
        goal("energy", None, GoalStatus::InProgress),
        goal("solar-coop", Some("energy"), GoalStatus::Achieved),
        weighted(
            goal("coal-buyout", Some("energy"), GoalStatus::Dropped),
            5.0,
        ),
        // Every sub-goal dropped: measured by its indicators instead.
        with_indicator(
            goal("mobility", None, GoalStatus::InProgress),
            measured(Some(0.0), Some(4.0), &[(date(2022, 1, 1), 1.0)]),
        ),
        goal("car-share", Some("mobility"), GoalStatus::Dropped),
    ];
    let progress = PlanProgress::compute(&plan);
    assert_close(progress.goal(0), 1.0);
    // A dropped goal still has a progress of its own.
    assert_close(progress.goal(2), 0.0);
    assert_close(progress.goal(3), 0.25);
    assert_some_close(progress.plan(), (1.0 + 0.25) / 2.0);
}

#[test]
fn goals_without_sub_goals() {
    let mut plan = empty_plan();
    plan.goals = vec![
        goal("done", None, GoalStatus::Achieved),
        goal("under-way", None, GoalStatus::InProgress),
        // Indicators without target are skipped; none has one, so status.
        with_indicator(
            goal("no-target", None, GoalStatus::Achieved),
            measured(Some(1.0), None, &[]),
        ),
        with_indicator(
            with_indicator(
                goal("two-indicators", None, GoalStatus::Achieved),
                measured(Some(0.0), Some(10.0), &[(date(2022, 1, 1), 5.0)]),
            ),
            measured(Some(100.0), Some(40.0), &[(date(2022, 1, 1), 100.0)]),
        ),
    ];
    let progress = PlanProgress::compute(&plan);
    assert_eq!(progress.goals().len(), 4);
    assert_close(progress.goal(0), 1.0);
    assert_close(progress.goal(1), 0.0);
    assert_close(progress.goal(2), 1.0);
    assert_close(progress.goal(3), 0.25);
}

#[test]
fn themes_and_plan_roll_up_top_level_goals() {
    let mut plan = empty_plan();
    plan.themes = vec![
        Theme {
            id: "food".to_owned(),
            name: "Food".to_owned(),
            description: None,
        },
        Theme {
            id: "energy".to_owned(),
            name: "Energy".to_owned(),
            description: None,
        },
        Theme {
            id: "care".to_owned(),
            name: "Care".to_owned(),
            description: None,
        },
    ];
    plan.goals = vec![
        themed(goal("food-hubs", None, GoalStatus::Achieved), "food"),
        themed(
            weighted(goal("food-chains", None, GoalStatus::Adopted), 3.0),
            "food",
        ),
        // A sub-goal counts through its parent only, whatever its theme.
        themed(
            goal("energy-sub", Some("food-chains"), GoalStatus::Adopted),
            "energy",
        ),
        themed(goal("solar", None, GoalStatus::Achieved), "energy"),
        themed(goal("wind", None, GoalStatus::Dropped), "energy"),
        // An unknown parent makes a goal top-level.
        goal("orphan", Some("nowhere"), GoalStatus::Achieved),
        goal("plain", None, GoalStatus::Idea),
        themed(goal("care-dropped", None, GoalStatus::Dropped), "care"),
    ];
    let progress = PlanProgress::compute(&plan);
    assert_some_close(progress.theme(Some("food")), 0.25);
    assert_some_close(progress.theme(Some("energy")), 1.0);
    assert_eq!(progress.theme(Some("care")), None);
    assert_eq!(progress.theme(Some("housing")), None);
    assert_some_close(progress.theme(None), 0.5);
    // food-hubs 1 (w1), food-chains 0 (w3), solar 1, orphan 1, plain 0.
    assert_some_close(progress.plan(), 3.0 / 7.0);
}

#[test]
fn no_goals_no_plan_progress() {
    let progress = PlanProgress::compute(&empty_plan());
    assert_eq!(progress.plan(), None);
    assert_eq!(progress.theme(None), None);
    let mut all_dropped = empty_plan();
    all_dropped.goals = vec![goal("gone", None, GoalStatus::Dropped)];
    assert_eq!(PlanProgress::compute(&all_dropped).plan(), None);
}

#[test]
fn invalid_weights_count_as_zero() {
    let mut plan = empty_plan();
    plan.goals = vec![
        goal("parent", None, GoalStatus::Idea),
        weighted(goal("zero", Some("parent"), GoalStatus::Achieved), 0.0),
        weighted(goal("nan", Some("parent"), GoalStatus::Achieved), f64::NAN),
        weighted(goal("negative", Some("parent"), GoalStatus::Achieved), -2.0),
        weighted(goal("other", None, GoalStatus::Achieved), f64::INFINITY),
    ];
    let progress = PlanProgress::compute(&plan);
    // No sub-goal counts, so the parent falls through to its status.
    assert_close(progress.goal(0), 0.0);
    assert_some_close(progress.plan(), 0.0);
}

#[test]
fn parent_cycles_terminate() {
    let mut plan = empty_plan();
    plan.goals = vec![
        goal("a", Some("b"), GoalStatus::Achieved),
        goal("b", Some("a"), GoalStatus::Idea),
        goal("self", Some("self"), GoalStatus::Achieved),
        goal("x", Some("z"), GoalStatus::Idea),
        goal("y", Some("x"), GoalStatus::Idea),
        goal("z", Some("y"), GoalStatus::Idea),
        goal("w", Some("y"), GoalStatus::Achieved),
        goal("top", None, GoalStatus::Achieved),
    ];
    let progress = PlanProgress::compute(&plan);
    // `a` is met first: `b` is its sub-goal, and `b` has none.
    assert_close(progress.goal(1), 0.0);
    assert_close(progress.goal(0), 0.0);
    assert_close(progress.goal(2), 1.0);
    // x ← y ← {z, w}; the link z → x closes the ring and is left out.
    assert_close(progress.goal(5), 0.0);
    assert_close(progress.goal(6), 1.0);
    assert_close(progress.goal(4), 0.5);
    assert_close(progress.goal(3), 0.5);
    // Goals in a cycle are not top-level; `top` is.
    assert_some_close(progress.plan(), 1.0);
    // The links the roll-up follows: each cycle's first goal counts
    // under nothing, the others stay where they are.
    let under: Vec<Option<usize>> = (0..8).map(|i| progress.counts_under(i)).collect();
    assert_eq!(
        under,
        [None, Some(0), None, None, Some(3), Some(4), Some(4), None]
    );

    // A large ring terminates too.
    let mut ring = empty_plan();
    let size = 10_000;
    ring.goals = (0..size)
        .map(|i| {
            let id = format!("g{i}");
            let parent = format!("g{}", (i + 1) % size);
            goal(&id, Some(&parent), GoalStatus::Achieved)
        })
        .collect();
    let progress = PlanProgress::compute(&ring);
    assert!(progress.goals().iter().all(|&p| close(p, 1.0)));
    assert_eq!(progress.plan(), None);
}

#[test]
fn duplicate_goal_ids_the_first_is_the_parent() {
    let mut plan = empty_plan();
    plan.goals = vec![
        goal("top", None, GoalStatus::Idea),
        goal("c", Some("top"), GoalStatus::Idea),
        goal("d", Some("c"), GoalStatus::Achieved),
        // Names `d` as parent; `d` names the first `c`, so no cycle.
        goal("c", Some("d"), GoalStatus::Idea),
    ];
    let progress = PlanProgress::compute(&plan);
    assert_close(progress.goal(3), 0.0);
    assert_close(progress.goal(2), 0.0);
    assert_close(progress.goal(1), 0.0);
    assert_close(progress.goal(0), 0.0);
    plan.goals[3].status = GoalStatus::Achieved;
    let progress = PlanProgress::compute(&plan);
    assert_close(progress.goal(0), 1.0);
    assert_some_close(progress.plan(), 1.0);
}

#[test]
fn deep_chains_do_not_overflow() {
    let mut plan = empty_plan();
    let depth = 100_000;
    plan.goals = (0..depth)
        .map(|i| {
            let parent = (i > 0).then(|| format!("g{}", i - 1));
            let status = if i == depth - 1 {
                GoalStatus::Achieved
            } else {
                GoalStatus::Idea
            };
            goal(&format!("g{i}"), parent.as_deref(), status)
        })
        .collect();
    // Leaf first in the file, to walk from the bottom as well.
    plan.goals.reverse();
    let progress = PlanProgress::compute(&plan);
    assert!(progress.goals().iter().all(|&p| close(p, 1.0)));
    assert_some_close(progress.plan(), 1.0);
}

#[test]
fn counts_by_status_and_theme() {
    let mut plan = empty_plan();
    plan.themes = vec![
        Theme {
            id: "food".to_owned(),
            name: "Food".to_owned(),
            description: None,
        },
        Theme {
            id: "care".to_owned(),
            name: "Care".to_owned(),
            description: None,
        },
    ];
    plan.goals = vec![
        themed(goal("a", None, GoalStatus::Achieved), "food"),
        themed(goal("b", None, GoalStatus::Achieved), "fod"),
        goal("c", None, GoalStatus::Dropped),
        themed(goal("d", None, GoalStatus::InProgress), "food"),
    ];
    plan.partnerships = vec![
        Partnership {
            status: PartnershipStatus::Active,
            ..Partnership::default()
        },
        Partnership::default(),
        Partnership {
            status: PartnershipStatus::Active,
            ..Partnership::default()
        },
    ];
    assert_eq!(
        goals_by_status(&plan),
        vec![
            (GoalStatus::Idea, 0),
            (GoalStatus::Proposed, 0),
            (GoalStatus::Adopted, 0),
            (GoalStatus::InProgress, 1),
            (GoalStatus::Achieved, 2),
            (GoalStatus::Dropped, 1),
        ]
    );
    assert_eq!(
        goals_by_theme(&plan),
        vec![
            (Some("food"), 2),
            (Some("care"), 0),
            (Some("fod"), 1),
            (None, 1)
        ]
    );
    assert_eq!(
        partnerships_by_status(&plan),
        vec![
            (PartnershipStatus::Proposed, 1),
            (PartnershipStatus::Negotiating, 0),
            (PartnershipStatus::Signed, 0),
            (PartnershipStatus::Active, 2),
            (PartnershipStatus::UnderReview, 0),
            (PartnershipStatus::Ended, 0),
            (PartnershipStatus::Cancelled, 0),
        ]
    );
    let empty = empty_plan();
    assert_eq!(goals_by_theme(&empty), vec![(None, 0)]);
}

fn actor(id: &str, role: Role) -> Actor {
    Actor {
        id: id.to_owned(),
        name: id.to_owned(),
        role,
        ..Actor::default()
    }
}

fn contribution(
    from: &str,
    kind: ContributionKind,
    amount: Option<f64>,
    unit: Option<&str>,
    per: Period,
) -> Contribution {
    Contribution {
        from: from.to_owned(),
        kind,
        amount,
        unit: unit.map(str::to_owned),
        per,
        description: None,
    }
}

fn line(
    kind: ContributionKind,
    unit: &str,
    role: Option<Role>,
    once: f64,
    per_year: f64,
    count: usize,
) -> LedgerLine {
    LedgerLine {
        kind,
        unit: unit.to_owned(),
        role,
        once,
        per_year,
        count,
    }
}

#[track_caller]
fn assert_lines(actual: &[LedgerLine], expected: &[LedgerLine]) {
    assert_eq!(actual.len(), expected.len(), "{actual:#?}");
    for (actual, expected) in actual.iter().zip(expected) {
        assert_eq!(
            (actual.kind, &actual.unit, actual.role, actual.count),
            (expected.kind, &expected.unit, expected.role, expected.count),
            "{actual:#?}"
        );
        assert_close(actual.once, expected.once);
        assert_close(actual.per_year, expected.per_year);
    }
}

#[test]
fn ledger_totals() {
    use ContributionKind::{Knowledge, Money, Space, VolunteerTime};
    let mut plan = empty_plan();
    plan.plan.currency = "EUR".to_owned();
    plan.actors = vec![
        actor("city", Role::Public),
        actor("food-teams", Role::Commons),
        actor("coop", Role::Cooperative),
    ];
    plan.partnerships = vec![
        Partnership {
            id: "food-hub-pact".to_owned(),
            contributions: vec![
                contribution(
                    "food-teams",
                    VolunteerTime,
                    Some(60.0),
                    Some("hours"),
                    Period::Month,
                ),
                contribution("city", Space, Some(240.0), Some("m2"), Period::Once),
                contribution("city", Money, Some(5000.0), None, Period::Once),
                contribution("city", Money, Some(1000.0), Some("EUR"), Period::Year),
                contribution(
                    "food-teams",
                    VolunteerTime,
                    Some(100.0),
                    Some("hours"),
                    Period::Once,
                ),
                contribution("food-teams", Knowledge, None, None, Period::Once),
            ],
            ..Partnership::default()
        },
        Partnership {
            id: "empty".to_owned(),
            ..Partnership::default()
        },
        Partnership {
            id: "energy-coop".to_owned(),
            contributions: vec![
                contribution("coop", Money, Some(200.0), None, Period::Month),
                contribution("ghost", Money, Some(7.0), None, Period::Once),
                contribution("city", Money, Some(3000.0), None, Period::Once),
                contribution("city", Money, Some(50.0), Some("USD"), Period::Once),
            ],
            ..Partnership::default()
        },
    ];
    let ledger = LedgerTotals::compute(&plan);
    assert_lines(
        ledger.partnership(0),
        &[
            line(Money, "EUR", Some(Role::Public), 5000.0, 1000.0, 2),
            line(Space, "m2", Some(Role::Public), 240.0, 0.0, 1),
            line(VolunteerTime, "hours", Some(Role::Commons), 100.0, 720.0, 2),
            line(Knowledge, "", Some(Role::Commons), 0.0, 0.0, 1),
        ],
    );
    assert!(ledger.partnership(1).is_empty());
    assert_lines(
        ledger.partnership(2),
        &[
            line(Money, "EUR", Some(Role::Public), 3000.0, 0.0, 1),
            line(Money, "EUR", Some(Role::Cooperative), 0.0, 2400.0, 1),
            line(Money, "EUR", None, 7.0, 0.0, 1),
            line(Money, "USD", Some(Role::Public), 50.0, 0.0, 1),
        ],
    );
    assert_lines(
        ledger.plan(),
        &[
            line(Money, "EUR", Some(Role::Public), 8000.0, 1000.0, 3),
            line(Money, "EUR", Some(Role::Cooperative), 0.0, 2400.0, 1),
            line(Money, "EUR", None, 7.0, 0.0, 1),
            line(Money, "USD", Some(Role::Public), 50.0, 0.0, 1),
            line(Space, "m2", Some(Role::Public), 240.0, 0.0, 1),
            line(VolunteerTime, "hours", Some(Role::Commons), 100.0, 720.0, 2),
            line(Knowledge, "", Some(Role::Commons), 0.0, 0.0, 1),
        ],
    );
    // What the commons give, in euros a year.
    let commons_per_year: f64 = ledger
        .plan()
        .iter()
        .filter(|l| l.kind == Money && l.unit == "EUR" && l.role.is_some_and(Role::is_commons_side))
        .map(|l| l.per_year)
        .sum();
    assert_close(commons_per_year, 2400.0);

    let mut other_currency = plan.clone();
    other_currency.plan.currency = "CHF".to_owned();
    let ledger = LedgerTotals::compute(&other_currency);
    assert_eq!(ledger.partnership(0)[0].unit, "CHF");
    assert_eq!(ledger.partnership(0)[1].unit, "EUR");
}
