//! Properties of the loader and validator: arbitrary bytes and arbitrary
//! TOML documents shaped like plans never panic them, and every diagnostic
//! they give renders and points inside the file.

use commonplan::diagnostic::{SourceFile, render_human, to_json};
use commonplan::document::PlanDocument;
use commonplan::model::Date;
use proptest::prelude::*;
use toml_edit::{Array, ArrayOfTables, DocumentMut, InlineTable, Item, Table, Value};

fn today() -> Date {
    Date::new(2026, 11, 22).unwrap()
}

/// Load, then render every diagnostic both ways; return nothing, panic on
/// any failure of the contract.
fn load_and_render(bytes: &[u8]) {
    let (text, diagnostics) = match PlanDocument::load(bytes, today()) {
        Ok(document) => (document.text().to_owned(), document.diagnostics().to_vec()),
        Err(failure) => (failure.text, vec![failure.diagnostic]),
    };
    for diagnostic in &diagnostics {
        if let Some(span) = &diagnostic.span {
            assert!(
                span.start <= span.end && span.end <= text.len() + 1,
                "{diagnostic:?}"
            );
        }
    }
    let file = SourceFile {
        name: "p.toml",
        text: &text,
    };
    let human = render_human(&file, &diagnostics, false);
    assert!(!human.contains('\u{1b}'), "raw ESC in {human:?}");
    let _ = to_json(&file, &diagnostics);
}

/// Words a plan uses as keys, plus a few it does not.
const KEYS: &[&str] = &[
    "id",
    "name",
    "title",
    "city",
    "role",
    "theme",
    "parent",
    "status",
    "priority",
    "owner",
    "target_year",
    "budget",
    "weight",
    "tags",
    "description",
    "indicators",
    "milestones",
    "comments",
    "measurements",
    "baseline",
    "target",
    "date",
    "value",
    "due",
    "done",
    "author",
    "text",
    "resolved",
    "instrument",
    "complexity",
    "goals",
    "start",
    "end",
    "review",
    "parties",
    "contributions",
    "actor",
    "from",
    "kind",
    "amount",
    "unit",
    "per",
    "participants",
    "dots",
    "votes",
    "participant",
    "item",
    "url",
    "since",
    "members",
    "start_year",
    "end_year",
    "country",
    "currency",
    "zzz",
];

const WORDS: &[&str] = &[
    "city",
    "food",
    "a",
    "b",
    "public",
    "commons",
    "adopted",
    "in-progress",
    "dropped",
    "month",
    "money",
    "active",
    "Food Hub",
    "",
    "-x",
    "\u{1b}[2J",
    "2020-01-01",
    "EUR",
    "https://x",
];

fn scalar() -> impl Strategy<Value = Value> {
    prop_oneof![
        prop::sample::select(WORDS).prop_map(Value::from),
        any::<String>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        (-3i64..3000).prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        any::<bool>().prop_map(Value::from),
        (1u16..3000, 1u8..13, 1u8..29).prop_map(|(year, month, day)| {
            Value::from(toml_edit::Datetime {
                date: Some(toml_edit::Date { year, month, day }),
                time: None,
                offset: None,
            })
        }),
    ]
}

fn value() -> impl Strategy<Value = Value> {
    scalar().prop_recursive(3, 24, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5)
                .prop_map(|values| { Value::Array(values.into_iter().collect::<Array>()) }),
            prop::collection::vec((prop::sample::select(KEYS), inner), 0..5).prop_map(|pairs| {
                let mut table = InlineTable::new();
                for (key, value) in pairs {
                    table.insert(key, value);
                }
                Value::InlineTable(table)
            }),
        ]
    })
}

fn table() -> impl Strategy<Value = Table> {
    prop::collection::vec((prop::sample::select(KEYS), value()), 0..10).prop_map(|pairs| {
        let mut table = Table::new();
        for (key, value) in pairs {
            table.insert(key, Item::Value(value));
        }
        table
    })
}

fn plan_document() -> impl Strategy<Value = String> {
    let collections = prop::sample::select(
        &[
            "themes",
            "actors",
            "goals",
            "partnerships",
            "workshops",
            "plan",
            "other",
        ][..],
    );
    (
        prop::option::of(scalar()),
        prop::option::of(table()),
        prop::collection::vec((collections, prop::collection::vec(table(), 0..4)), 0..6),
    )
        .prop_map(|(format, plan, collections)| {
            let mut document = DocumentMut::new();
            if let Some(format) = format {
                document.insert("format", Item::Value(format));
            }
            if let Some(plan) = plan {
                document.insert("plan", Item::Table(plan));
            }
            for (name, tables) in collections {
                let mut array = ArrayOfTables::new();
                for table in tables {
                    array.push(table);
                }
                document.insert(name, Item::ArrayOfTables(array));
            }
            document.to_string()
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        load_and_render(&bytes);
    }

    #[test]
    fn arbitrary_text_never_panics(text in "(format = 1\n)?\\PC{0,200}") {
        load_and_render(text.as_bytes());
    }

    #[test]
    fn arbitrary_plan_shaped_documents_never_panic(text in plan_document()) {
        load_and_render(text.as_bytes());
    }

    #[test]
    fn plan_shaped_documents_with_format_1_never_panic(text in plan_document()) {
        load_and_render(format!("format = 1\n{text}").as_bytes());
    }
}

#[test]
fn bom_and_crlf_files_load() {
    let text = "\u{feff}format = 1\r\n\r\n[plan]\r\ncity = \"Gent\"\r\ntitle = \"Plan\"\r\n";
    let document = PlanDocument::load(text.as_bytes(), today()).expect("loads");
    assert!(
        document.diagnostics().is_empty(),
        "{:?}",
        document.diagnostics()
    );
    assert_eq!(document.plan().plan.title, "Plan");
}

/// Numbers beyond what the figures can carry are an E017 error naming the
/// field, at its place; at the largest allowed, every figure of the plan
/// stays finite and the JSON report keeps every progress.
#[test]
fn numbers_beyond_the_largest_are_e017_and_the_largest_keep_figures_finite() {
    const GHENT: &str = include_str!("../../plans/ghent.toml");
    let huge = GHENT.replacen("weight = 2", "weight = 1e308", 1).replacen(
        "amount = ",
        "amount = 1e300 # was ",
        1,
    );
    assert_ne!(huge, GHENT, "the fixture has a weight and an amount");
    let failure_or_document = PlanDocument::load(huge.as_bytes(), today());
    let document = failure_or_document.expect("still a plan");
    let e017: Vec<_> = document
        .diagnostics()
        .iter()
        .filter(|d| d.code.as_str() == "E017")
        .collect();
    assert_eq!(e017.len(), 2, "{e017:#?}");
    assert!(
        e017.iter().any(|d| d.path.to_string().ends_with(".weight")),
        "{e017:#?}"
    );
    assert!(
        e017.iter().any(|d| d.path.to_string().ends_with(".amount")),
        "{e017:#?}"
    );
    assert!(e017.iter().all(|d| d.span.is_some()), "each at its place");

    let largest = GHENT
        .replace("weight = 2", "weight = 1e15")
        .replace("amount = ", "amount = 1e15 # was ");
    let document = PlanDocument::load(largest.as_bytes(), today()).expect("a plan");
    assert!(
        document
            .diagnostics()
            .iter()
            .all(|d| d.code.as_str() != "E017"),
        "1e15 is allowed"
    );
    let plan = document.plan();
    let progress = commonplan::progress::PlanProgress::compute(plan);
    assert!(progress.plan().is_some_and(f64::is_finite));
    for index in 0..plan.goals.len() {
        assert!(progress.goal(index).is_finite(), "goal {index}");
    }
    let ledger = commonplan::progress::LedgerTotals::compute(plan);
    for line in ledger.plan() {
        assert!(
            line.once.is_finite() && line.per_year.is_finite(),
            "{line:?}"
        );
    }
}

/// A dotted key deeper than the TOML parser reads is an E002 at the key,
/// not at 1:1 (the parser's "recursion limit" error carries no place).
#[test]
fn a_key_too_deep_is_reported_at_the_key() {
    let deep = vec!["a"; 200].join(".");
    let plan = format!(
        "format = 1\n[plan]\ncity = \"G\"\ntitle = \"T\"\n\n[[goals]]\nid = \"g\"\ntitle = \"G\"\n{deep} = 1\n"
    );
    let failure = PlanDocument::load(plan.as_bytes(), today()).expect_err("not TOML");
    let diagnostic = &failure.diagnostic;
    assert_eq!(diagnostic.code.as_str(), "E002", "{diagnostic:?}");
    let span = diagnostic.span.clone().expect("a span");
    assert_eq!(&plan[span.clone()], deep);
    let human = render_human(
        &SourceFile {
            name: "p.toml",
            text: &plan,
        },
        std::slice::from_ref(diagnostic),
        false,
    );
    assert!(human.contains("--> p.toml:9:1"), "{human}");
    let read = PlanDocument::read_plan(plan.as_bytes()).expect_err("not TOML");
    assert_eq!(read.diagnostic.span, Some(span));
}

/// Texts made of these pieces: plain words and every kind of line break.
fn text_with_breaks() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            Just("\r\n"),
            Just("\n"),
            Just("\r"),
            Just("a"),
            Just("\"\"\""),
            Just("\\"),
            Just(" "),
            Just("\t")
        ],
        1..12,
    )
    // Titles may not be blank.
    .prop_map(|pieces| format!("a{}", pieces.concat()))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    /// In a file with `\r\n` line endings, as in one with `\n`, a text set
    /// (one-line or several, new item or changed field) reads back as it was
    /// set: a `\r\n` in it never comes back as `\r\r\n`, nor a `\n` as `\r\n`.
    #[test]
    fn texts_set_in_a_crlf_file_read_back_as_set(
        title in text_with_breaks(),
        description in text_with_breaks(),
        crlf in any::<bool>(),
    ) {
        use commonplan::edit::{Edit, FieldValue, History, ItemPath};
        let mut text = "format = 1\n[plan]\ncity = \"G\"\ntitle = \"T\"\n\n[[goals]]\nid = \"g\"\ntitle = \"G\"\ndescription = \"\"\"\nfirst\nsecond\"\"\"\n".to_owned();
        if crlf {
            text = text.replace('\n', "\r\n");
        }
        let mut document = PlanDocument::load(text.as_bytes(), today()).unwrap();
        let goal = ItemPath::top("goals", 0);
        let edits = [
            Edit::Set { item: goal.clone(), key: "title".into(), value: Some(FieldValue::Text(title.clone())) },
            Edit::Set { item: goal.clone(), key: "description".into(), value: Some(FieldValue::Text(description.clone())) },
            Edit::Add {
                parent: ItemPath::plan(),
                collection: "goals".into(),
                fields: vec![
                    ("id".into(), FieldValue::Text("h".into())),
                    ("title".into(), FieldValue::Text(description.clone())),
                    ("tags".into(), FieldValue::Texts(vec![title.clone()])),
                ],
            },
        ];
        let mut history = History::new();
        for edit in &edits {
            history.apply(&mut document, edit).unwrap();
        }
        let bytes = document.to_bytes();
        let written = String::from_utf8(bytes.clone()).unwrap();
        if crlf {
            prop_assert!(!written.replace("\r\n", "").contains('\n'), "{:?}", written);
        }
        let reloaded = PlanDocument::load(&bytes, today()).unwrap();
        let goals = &reloaded.plan().goals;
        prop_assert_eq!(&goals[0].title, &title);
        prop_assert_eq!(goals[0].description.as_deref(), Some(description.as_str()));
        prop_assert_eq!(&goals[1].title, &description);
        prop_assert_eq!(&goals[1].tags, &vec![title.clone()]);
        prop_assert_eq!(reloaded.plan(), document.plan());
    }
}
