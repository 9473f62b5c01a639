//! Reading the typed [`Plan`] out of a parsed, spanned TOML document in one
//! pass, reporting every missing key, wrong type, unknown word and unknown key
//! with its byte span as it goes.
//!
//! This is the only place that turns TOML into the model. It does not judge
//! what the values mean together (references, cycles, periods): that is
//! `validate`'s work, on the typed plan alone. Places are tracked as a chain
//! of borrowed [`Loc`]s on the stack, so a clean plan costs no allocation for
//! them; a [`FieldPath`] is built only when something is reported.

use std::ops::Range;

use toml_edit::{InlineTable, Item, Table, TableLike, Value};

use crate::diagnostic::{Code, Diagnostic, FieldPath, Segment, did_you_mean};
use crate::fields::{self, Collection, LARGEST_NUMBER, TableKind, within_largest};
use crate::model::*;

mod items;

/// Where the reader is, as a chain of borrowed steps.
#[derive(Clone, Copy)]
pub(super) enum Loc<'a> {
    Root,
    Key(&'a Loc<'a>, &'a str),
    /// An item without an id, by position.
    Index(&'a Loc<'a>, usize),
    /// An item named by its `id`, looked up only when a path is built.
    Item(&'a Loc<'a>, usize, TableRef<'a>),
}

impl Loc<'_> {
    fn path(&self) -> FieldPath {
        match self {
            Loc::Root => FieldPath::root(),
            Loc::Key(parent, key) => parent.path().key(key.to_string()),
            Loc::Index(parent, index) => parent.path().index(*index, None),
            Loc::Item(parent, index, table) => parent.path().index(*index, table.str("id")),
        }
    }
}

/// A table as written: `[name]` / `[[name]]` or `{ … }`.
#[derive(Clone, Copy)]
pub(super) enum TableRef<'a> {
    Standard(&'a Table),
    Inline(&'a InlineTable),
}

impl<'a> TableRef<'a> {
    fn like(self) -> &'a dyn TableLike {
        match self {
            TableRef::Standard(t) => t,
            TableRef::Inline(t) => t,
        }
    }

    /// The header of a standard table, or the whole of an inline one.
    fn span(self) -> Option<Range<usize>> {
        match self {
            TableRef::Standard(t) => t.span().filter(|s| !s.is_empty()),
            TableRef::Inline(t) => t.span(),
        }
    }

    fn key_span(self, key: &str) -> Option<Range<usize>> {
        self.like().key(key).and_then(|k| k.span())
    }

    fn str(self, key: &str) -> Option<&'a str> {
        self.like().get(key)?.as_str()
    }
}

fn item_span(item: &Item) -> Option<Range<usize>> {
    item.span().filter(|s| !s.is_empty())
}

/// "a string", "an integer"… for messages.
fn type_name(item: &Item) -> &'static str {
    match item {
        Item::None => "nothing",
        Item::Table(_) => "a table",
        Item::ArrayOfTables(_) => "an array of tables",
        Item::Value(value) => match value {
            Value::String(_) => "a string",
            Value::Integer(_) => "an integer",
            Value::Float(_) => "a float",
            Value::Boolean(_) => "a boolean",
            Value::Datetime(_) => "a date-time",
            Value::Array(_) => "an array",
            Value::InlineTable(_) => "an inline table",
        },
    }
}

/// Collects diagnostics while turning TOML items into model values.
#[derive(Default)]
pub(super) struct Reader {
    pub diagnostics: Vec<Diagnostic>,
}

impl Reader {
    fn report(
        &mut self,
        code: Code,
        loc: &Loc<'_>,
        span: Option<Range<usize>>,
        message: String,
    ) -> &mut Diagnostic {
        let mut diagnostic = Diagnostic::new(code, loc.path(), message);
        diagnostic.span = span;
        self.diagnostics.push(diagnostic);
        self.diagnostics.last_mut().expect("just pushed")
    }

    fn wrong_type(&mut self, item: &Item, loc: &Loc<'_>, expected: &str) {
        let message = format!(
            "`{}` must be {expected}, found {}",
            loc.path(),
            type_name(item)
        );
        self.report(Code::WrongType, loc, item_span(item), message);
    }

    /// Whether `kind`'s table holds `key`; reports it when it does not. The
    /// field tables decide, so the keys the reader knows are theirs.
    fn known(&mut self, table: TableRef<'_>, key: &str, loc: &Loc<'_>, kind: TableKind) -> bool {
        let known = kind.knows(key);
        if !known {
            self.unknown_key_of(table, key, loc, kind.keys());
        }
        known
    }

    fn unknown_key_of<'k>(
        &mut self,
        table: TableRef<'_>,
        key: &str,
        loc: &Loc<'_>,
        known: impl IntoIterator<Item = &'k str>,
    ) {
        let at = Loc::Key(loc, key);
        let span = table.key_span(key);
        let message = format!("unknown key `{}`", at.path());
        let diagnostic = self.report(Code::UnknownKey, &at, span, message);
        diagnostic.path.at_key = true;
        diagnostic.help = did_you_mean(key, known).or_else(|| {
            Some("unknown keys are kept on save; remove it if it is a typo".to_owned())
        });
    }

    /// Report the required keys of `kind` that `table` is missing. `read`
    /// names keys whose value was read, and whether it was; only the others
    /// are looked up.
    fn require(
        &mut self,
        table: TableRef<'_>,
        loc: &Loc<'_>,
        kind: TableKind,
        read: &[(&str, bool)],
    ) {
        let like = table.like();
        for key in kind.required().map(|f| f.key) {
            if read.iter().any(|&(k, done)| k == key && done) {
                continue;
            }
            match like.get(key) {
                None => {
                    let message = format!("`{}` is missing the required key `{key}`", loc.path());
                    let span = table.span();
                    self.report(Code::MissingField, loc, span, message).help =
                        Some(format!("add `{key} = …` to this item"));
                }
                // A required text left empty is as good as missing; a value
                // of the wrong type has been reported already.
                Some(item) if item.as_str() == Some("") => {
                    let at = Loc::Key(loc, key);
                    let message = format!("`{}` is empty", at.path());
                    self.report(Code::MissingField, &at, item_span(item), message)
                        .help = Some(format!("write the {key}, or remove the item"));
                }
                Some(_) => {}
            }
        }
    }

    pub fn string(&mut self, item: &Item, loc: &Loc<'_>) -> Option<String> {
        match item.as_str() {
            Some(text) => Some(text.to_owned()),
            None => {
                self.wrong_type(item, loc, "a string");
                None
            }
        }
    }

    pub fn integer(&mut self, item: &Item, loc: &Loc<'_>) -> Option<i64> {
        match item.as_integer() {
            Some(number) if number.unsigned_abs() > LARGEST_NUMBER.unsigned_abs() => {
                self.too_large(item, loc, &number.to_string());
                None
            }
            Some(number) => Some(number),
            None => {
                self.wrong_type(item, loc, "an integer");
                None
            }
        }
    }

    fn number(&mut self, item: &Item, loc: &Loc<'_>) -> Option<f64> {
        let number = match item.as_value() {
            Some(Value::Integer(n)) => *n.value() as f64,
            Some(Value::Float(n)) => *n.value(),
            _ => {
                self.wrong_type(item, loc, "a number");
                return None;
            }
        };
        if !number.is_finite() {
            let message = format!("`{}` must be a finite number, found {number}", loc.path());
            self.report(Code::InvalidValue, loc, item_span(item), message);
            return None;
        }
        if !within_largest(number) {
            self.too_large(item, loc, &number.to_string());
            return None;
        }
        Some(number)
    }

    /// Report a number beyond [`LARGEST_NUMBER`].
    fn too_large(&mut self, item: &Item, loc: &Loc<'_>, found: &str) {
        let message = format!(
            "`{}` is too large to count with: {found}, beyond {}",
            loc.path(),
            crate::text::number(LARGEST_NUMBER as f64)
        );
        self.report(Code::InvalidValue, loc, item_span(item), message)
            .help = Some(format!(
            "numbers may be at most {} either way (a thousand million million); \
             check for a typing slip or a unit too small",
            crate::text::number(LARGEST_NUMBER as f64)
        ));
    }

    fn boolean(&mut self, item: &Item, loc: &Loc<'_>) -> Option<bool> {
        match item.as_bool() {
            Some(flag) => Some(flag),
            None => {
                self.wrong_type(item, loc, "`true` or `false`");
                None
            }
        }
    }

    fn date(&mut self, item: &Item, loc: &Loc<'_>) -> Option<Date> {
        let datetime = item.as_datetime();
        if let Some(toml_edit::Datetime {
            date: Some(date),
            time: None,
            offset: None,
        }) = datetime
        {
            return Some(Date {
                year: date.year,
                month: date.month,
                day: date.day,
            });
        }
        let found = if datetime.is_some() {
            "a date with a time"
        } else {
            type_name(item)
        };
        let message = format!("`{}` must be a date, found {found}", loc.path());
        let help = match (
            datetime.and_then(|d| d.date),
            item.as_str().map(str::parse::<Date>),
        ) {
            (Some(date), _) => format!("keep the date alone: {date}"),
            (None, Some(Ok(date))) => format!("write the date without quotes: {date}"),
            _ => "write a date as YYYY-MM-DD, without quotes, e.g. 2025-06-30".to_owned(),
        };
        self.report(Code::WrongType, loc, item_span(item), message)
            .help = Some(help);
        None
    }

    fn keyword<K: Keyword>(&mut self, item: &Item, loc: &Loc<'_>) -> Option<K> {
        let Some(text) = item.as_str() else {
            self.wrong_type(item, loc, &format!("one of {}", K::word_list()));
            return None;
        };
        if let Some(word) = K::parse_keyword(text) {
            return Some(word);
        }
        let message = format!("`{}` cannot be `{text}`", loc.path());
        let help = match did_you_mean(text, K::ALL.iter().map(|k| k.as_str())) {
            Some(mean) => format!("{mean} The values allowed are {}", K::word_list()),
            None => format!("the values allowed are {}", K::word_list()),
        };
        self.report(Code::UnknownKeyword, loc, item_span(item), message)
            .help = Some(help);
        None
    }

    fn strings(&mut self, item: &Item, loc: &Loc<'_>) -> Vec<String> {
        let Some(array) = item.as_array() else {
            self.wrong_type(item, loc, "an array of strings");
            return Vec::new();
        };
        let mut out = Vec::with_capacity(array.len());
        for (index, value) in array.iter().enumerate() {
            match value.as_str() {
                Some(text) => out.push(text.to_owned()),
                None => {
                    let at = Loc::Index(loc, index);
                    let message = format!("`{}` must be a string", at.path());
                    self.report(Code::WrongType, &at, value.span(), message);
                    // An empty placeholder keeps the positions of the others.
                    out.push(String::new());
                }
            }
        }
        out
    }

    /// Read each table of an array of tables (`[[x]]` or `[{…}, …]`). An
    /// element that is not a table is reported and stands as a default item,
    /// so that every other keeps its position.
    fn each<T: Default>(
        &mut self,
        item: &Item,
        loc: &Loc<'_>,
        read: impl FnMut(&mut Reader, TableRef<'_>, &Loc<'_>, usize) -> T,
    ) -> Vec<T> {
        self.each_apart(item, loc, read, None)
    }

    /// [`Reader::each`], putting each item's diagnostics in `apart`, one list
    /// an item, when given.
    fn each_apart<T: Default>(
        &mut self,
        item: &Item,
        loc: &Loc<'_>,
        mut read: impl FnMut(&mut Reader, TableRef<'_>, &Loc<'_>, usize) -> T,
        mut apart: Option<&mut Vec<Vec<Diagnostic>>>,
    ) -> Vec<T> {
        let Some(tables) = Tables::of(item) else {
            self.wrong_type(item, loc, "an array of tables");
            return Vec::new();
        };
        let mut out = Vec::with_capacity(tables.len());
        for index in 0..tables.len() {
            let mark = self.diagnostics.len();
            match tables.get(index).expect("an index below the length") {
                Ok(table) => out.push(read(self, table, loc, index)),
                Err(value) => {
                    let at = Loc::Index(loc, index);
                    let message = format!("`{}` must be a table", at.path());
                    self.report(Code::WrongType, &at, value.span(), message);
                    out.push(T::default());
                }
            }
            if let Some(apart) = apart.as_deref_mut() {
                apart.push(self.diagnostics.split_off(mark));
            }
        }
        out
    }

    /// Read the whole plan from the root table. `format` has been checked.
    /// The diagnostics of the `[plan]` table and of each top-level item are
    /// put in `found` apart, so that one item can be read again alone.
    pub fn plan(&mut self, root: &Table, format: i64, found: &mut Found) -> Plan {
        let mut plan = Plan {
            format,
            ..Plan::default()
        };
        let loc = Loc::Root;
        for (key, item) in root.iter() {
            let at = Loc::Key(&loc, key);
            if let Ok(collection) = key.parse::<Collection>() {
                let items = Some(&mut found.items[collection.index()]);
                self.collection(&mut plan, collection, item, &at, items);
                continue;
            }
            match key {
                "format" => {}
                "plan" => {
                    let mark = self.diagnostics.len();
                    match as_table(item) {
                        Some(table) => plan.plan = self.plan_info(table, &at),
                        None => self.wrong_type(item, &at, "a table"),
                    }
                    found.plan = self.diagnostics.split_off(mark);
                }
                _ => self.unknown_key_of(TableRef::Standard(root), key, &loc, fields::root_keys()),
            }
        }
        if !root.contains_key("plan") {
            let message = "the plan has no `[plan]` table".to_owned();
            self.report(Code::MissingField, &loc, Some(0..0), message)
                .help = Some("add a `[plan]` table with `city` and `title`".to_owned());
        }
        found.root.append(&mut self.diagnostics);
        plan
    }

    /// Read the `[plan]` table again, after an edit.
    pub fn reread_plan_info(root: &Table, plan: &mut Plan, found: &mut Found) {
        let mut reader = Reader::default();
        let at = Loc::Key(&Loc::Root, "plan");
        plan.plan = match root.get("plan").and_then(as_table) {
            Some(table) => reader.plan_info(table, &at),
            None => PlanInfo::default(),
        };
        found.plan = reader.diagnostics;
    }

    /// Read the top-level `collection` into `plan`, each item's diagnostics
    /// in `apart` when given.
    fn collection(
        &mut self,
        plan: &mut Plan,
        collection: Collection,
        item: &Item,
        at: &Loc<'_>,
        apart: Option<&mut Vec<Vec<Diagnostic>>>,
    ) {
        match collection {
            Collection::Themes => plan.themes = self.each_apart(item, at, Self::theme, apart),
            Collection::Actors => plan.actors = self.each_apart(item, at, Self::actor, apart),
            Collection::Goals => plan.goals = self.each_apart(item, at, Self::goal, apart),
            Collection::Partnerships => {
                plan.partnerships = self.each_apart(item, at, Self::partnership, apart)
            }
            Collection::Workshops => {
                plan.workshops = self.each_apart(item, at, Self::workshop, apart)
            }
        }
    }

    /// Read the top-level item `index` of `collection` again, after an edit.
    /// Returns false when there is no such item.
    pub fn reread_item(
        root: &Table,
        collection: Collection,
        index: usize,
        plan: &mut Plan,
        found: &mut Found,
    ) -> bool {
        let Some(tables) = root.get(collection.key()).and_then(Tables::of) else {
            return false;
        };
        let Some(Ok(table)) = tables.get(index) else {
            return false;
        };
        let mut reader = Reader::default();
        let at = Loc::Key(&Loc::Root, collection.key());
        fn put<T>(items: &mut [T], index: usize, value: T) -> bool {
            match items.get_mut(index) {
                Some(slot) => {
                    *slot = value;
                    true
                }
                None => false,
            }
        }
        let replaced = match collection {
            Collection::Themes => put(&mut plan.themes, index, reader.theme(table, &at, index)),
            Collection::Actors => put(&mut plan.actors, index, reader.actor(table, &at, index)),
            Collection::Goals => put(&mut plan.goals, index, reader.goal(table, &at, index)),
            Collection::Partnerships => put(
                &mut plan.partnerships,
                index,
                reader.partnership(table, &at, index),
            ),
            Collection::Workshops => put(
                &mut plan.workshops,
                index,
                reader.workshop(table, &at, index),
            ),
        };
        if replaced && let Some(slot) = found.items[collection.index()].get_mut(index) {
            *slot = reader.diagnostics;
        }
        replaced
    }

    /// Read a whole top-level collection again, after items were added,
    /// removed or moved.
    pub fn reread_collection(
        root: &Table,
        collection: Collection,
        plan: &mut Plan,
        found: &mut Found,
    ) {
        let mut reader = Reader::default();
        let at = Loc::Key(&Loc::Root, collection.key());
        let mut apart = Vec::new();
        match root.get(collection.key()) {
            Some(item) => reader.collection(plan, collection, item, &at, Some(&mut apart)),
            None => match collection {
                Collection::Themes => plan.themes.clear(),
                Collection::Actors => plan.actors.clear(),
                Collection::Goals => plan.goals.clear(),
                Collection::Partnerships => plan.partnerships.clear(),
                Collection::Workshops => plan.workshops.clear(),
            },
        }
        found.items[collection.index()] = apart;
        // A collection that is not an array of tables at all is reported at
        // the top.
        let this = Segment::Key(collection.key().into());
        found
            .root
            .retain(|d| d.path.segments.first() != Some(&this));
        found.root.extend(reader.diagnostics);
    }
}

/// The diagnostics of reading, kept apart by where they arose so that one
/// part of the plan can be read again after an edit.
#[derive(Debug, Clone, Default)]
pub(super) struct Found {
    /// The top of the file: unknown keys, a missing `[plan]`, collections of
    /// the wrong type.
    pub root: Vec<Diagnostic>,
    /// Inside `[plan]`.
    pub plan: Vec<Diagnostic>,
    /// For each top-level collection (in [`Collection::ALL`] order), one
    /// list an item.
    pub items: [Vec<Vec<Diagnostic>>; Collection::ALL.len()],
}

impl Found {
    /// Every diagnostic, with the position of each top-level item brought up
    /// to date.
    pub fn all(&self) -> impl Iterator<Item = Diagnostic> + '_ {
        let items = self.items.iter().flat_map(|collection| {
            collection.iter().enumerate().flat_map(|(index, found)| {
                found.iter().map(move |d| {
                    let mut d = d.clone();
                    if let Some(Segment::Index(at, _)) = d.path.segments.get_mut(1) {
                        *at = index;
                    }
                    d
                })
            })
        });
        self.root.iter().chain(&self.plan).cloned().chain(items)
    }
}

/// The tables of a collection, written `[[x]]` or `x = [{…}, …]`.
pub(super) enum Tables<'a> {
    Standard(&'a toml_edit::ArrayOfTables),
    Inline(&'a toml_edit::Array),
}

impl<'a> Tables<'a> {
    pub fn of(item: &'a Item) -> Option<Tables<'a>> {
        match item {
            Item::ArrayOfTables(tables) => Some(Tables::Standard(tables)),
            Item::Value(Value::Array(array)) => Some(Tables::Inline(array)),
            _ => None,
        }
    }

    pub fn len(&self) -> usize {
        match self {
            Tables::Standard(tables) => tables.len(),
            Tables::Inline(array) => array.len(),
        }
    }

    /// The table at `index`, or the value there when it is not a table.
    pub fn get(&self, index: usize) -> Option<Result<TableRef<'a>, &'a Value>> {
        Some(match self {
            Tables::Standard(tables) => Ok(TableRef::Standard(tables.get(index)?)),
            Tables::Inline(array) => match array.get(index)? {
                Value::InlineTable(table) => Ok(TableRef::Inline(table)),
                value => Err(value),
            },
        })
    }
}

fn as_table(item: &Item) -> Option<TableRef<'_>> {
    match item {
        Item::Table(table) => Some(TableRef::Standard(table)),
        Item::Value(Value::InlineTable(table)) => Some(TableRef::Inline(table)),
        _ => None,
    }
}
