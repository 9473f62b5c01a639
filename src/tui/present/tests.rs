use super::*;

const GHENT: &str = include_str!("../../../plans/ghent.toml");

fn ghent() -> Plan {
    let today = crate::model::Date::new(2026, 11, 22).expect("a real date");
    crate::document::PlanDocument::load(GHENT.as_bytes(), today)
        .expect("the example loads")
        .plan()
        .clone()
}

#[test]
fn the_plan_then_each_theme_and_its_goals_then_the_partnerships() {
    let plan = ghent();
    let progress = PlanProgress::compute(&plan);
    let slides = slides(&plan, &progress);
    assert_eq!(slides[0], Slide::Plan);
    assert_eq!(
        slides.len(),
        1 + Outline::new(&plan, &progress).sections().len()
            + plan.goals.len()
            + plan.partnerships.len()
    );
    let goals: Vec<usize> = slides
        .iter()
        .filter_map(|s| match s {
            Slide::Goal { index, .. } => Some(*index),
            _ => None,
        })
        .collect();
    let mut sorted = goals.clone();
    sorted.sort_unstable();
    assert_eq!(sorted, (0..plan.goals.len()).collect::<Vec<_>>());
    // A sub-goal comes after its parent.
    for (position, &goal) in goals.iter().enumerate() {
        if let Some(parent) = plan.goals[goal].parent.as_deref() {
            let parent = plan.goals.iter().position(|g| g.id == parent).unwrap();
            assert!(
                goals[..position].contains(&parent),
                "{goal} before {parent}"
            );
        }
    }
    let first_partnership = slides
        .iter()
        .position(|s| matches!(s, Slide::Partnership(_)))
        .unwrap();
    assert!(
        slides[first_partnership..]
            .iter()
            .all(|s| matches!(s, Slide::Partnership(_)))
    );
}

#[test]
fn it_starts_on_the_selected_item_and_stops_at_the_ends() {
    let plan = ghent();
    let progress = PlanProgress::compute(&plan);
    let item = ItemPath::top(Collection::Partnerships.key(), 2);
    let mut shown = Presentation::new(&plan, &progress, Some(&item));
    assert_eq!(shown.slide(), &Slide::Partnership(2));
    shown.move_by(1000);
    assert_eq!(shown.current, shown.slides.len() - 1);
    shown.move_by(-10_000);
    assert_eq!(shown.current, 0);
    let none = Presentation::new(&plan, &progress, None);
    assert_eq!(none.slide(), &Slide::Plan);
    let theme = ItemPath::top(Collection::Themes.key(), 1);
    let on_theme = Presentation::new(&plan, &progress, Some(&theme));
    assert_eq!(on_theme.slide().title(&plan), plan.themes[1].name);
}
