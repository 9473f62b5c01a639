//! The collections of a plan as names: the five at the top of a file
//! ([`Collection`]) and the ones nested in an item ([`Nested`]).
//!
//! A collection is named by its key as written in a plan (`goals`,
//! `indicators`); these enums are the only place that spells those keys, so
//! code that picks a collection matches on a variant and a typo is a compile
//! error. Each knows the kind of its items ([`TableKind`]) and the noun for one
//! of them, and parses from its key with a message that lists the others.

use std::fmt;
use std::str::FromStr;

use super::TableKind;

/// "`a`, `b` or `c`", for messages.
fn or_list(keys: impl Iterator<Item = &'static str>) -> String {
    let keys: Vec<String> = keys.map(|k| format!("`{k}`")).collect();
    match keys.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
        Some((last, _)) => last.clone(),
        None => String::new(),
    }
}

macro_rules! collection_enum {
    (
        $(#[$meta:meta])* $name:ident, $what:literal {
            $($(#[$vmeta:meta])* $variant:ident = $key:literal => $kind:ident),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name {
            $($(#[$vmeta])* $variant),+
        }

        impl $name {
            /// Every collection of this sort, in the order of the format page.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The key as written in a plan file: `goals`.
            pub const fn key(self) -> &'static str {
                match self { $($name::$variant => $key),+ }
            }

            /// The key as written in a plan file; the same as [`Self::key`].
            pub fn as_str(self) -> &'static str {
                self.key()
            }

            /// The kind of table each item of the collection is.
            pub const fn item(self) -> TableKind {
                match self { $($name::$variant => TableKind::$kind),+ }
            }

            /// How one item of the collection is named in messages: `goal`.
            pub fn noun(self) -> &'static str {
                self.item().noun()
            }
        }

        /// The key as written in a plan file, for whatever takes a key.
        impl From<$name> for &'static str {
            fn from(collection: $name) -> &'static str {
                collection.key()
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.key())
            }
        }

        impl FromStr for $name {
            type Err = UnknownCollection;

            fn from_str(text: &str) -> Result<$name, UnknownCollection> {
                $name::ALL
                    .iter()
                    .copied()
                    .find(|c| c.key() == text)
                    .ok_or_else(|| UnknownCollection {
                        found: text.to_owned(),
                        what: $what,
                        keys: $name::ALL.iter().map(|c| c.key()).collect(),
                    })
            }
        }
    };
}

collection_enum! {
    /// A collection at the top of a plan file: `[[goals]]`.
    Collection, "collection" {
        /// `[[themes]]`: the transition domains.
        Themes = "themes" => Theme,
        /// `[[actors]]`: everyone who takes part.
        Actors = "actors" => Actor,
        /// `[[goals]]`: what the plan sets out to achieve.
        Goals = "goals" => Goal,
        /// `[[partnerships]]`: public-commons partnerships.
        Partnerships = "partnerships" => Partnership,
        /// `[[workshops]]`: review sessions and dot voting.
        Workshops = "workshops" => Workshop,
    }
}

collection_enum! {
    /// A collection nested in an item: `[[goals.indicators]]`. One enum for
    /// every parent, since comments are the same under a goal and a
    /// partnership; [`TableKind::nested`] says which a parent holds.
    Nested, "nested collection" {
        /// An indicator's measured values.
        Measurements = "measurements" => Measurement,
        /// A goal's indicators.
        Indicators = "indicators" => Indicator,
        /// A goal's dated steps.
        Milestones = "milestones" => Milestone,
        /// Review notes on a goal or a partnership.
        Comments = "comments" => Comment,
        /// A partnership's signatories.
        Parties = "parties" => Party,
        /// A partnership's contribution ledger.
        Contributions = "contributions" => Contribution,
        /// A workshop's dots.
        Votes = "votes" => Vote,
        /// What a workshop decided.
        Decisions = "decisions" => Decision,
    }
}

impl Collection {
    /// The position of the collection in [`Collection::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }

    /// Whether items of the collection share ids with those of `other`:
    /// goals and partnerships do, since a vote may point at either.
    pub fn shares_ids_with(self, other: Collection) -> bool {
        self == other
            || matches!(
                (self, other),
                (Collection::Goals, Collection::Partnerships)
                    | (Collection::Partnerships, Collection::Goals)
            )
    }
}

/// A collection name that is not one of the format's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownCollection {
    /// What was asked for.
    pub found: String,
    what: &'static str,
    keys: Vec<&'static str>,
}

impl fmt::Display for UnknownCollection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "there is no {} `{}`; the {}s are {}",
            self.what,
            crate::text::printable(&self.found),
            self.what,
            or_list(self.keys.iter().copied())
        )?;
        if let Some(mean) = crate::diagnostic::closest(&self.found, self.keys.iter().copied()) {
            write!(f, " (did you mean `{mean}`?)")?;
        }
        Ok(())
    }
}

impl std::error::Error for UnknownCollection {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_parse_back() {
        for c in Collection::ALL {
            assert_eq!(c.key().parse::<Collection>(), Ok(*c));
            assert_eq!(Collection::ALL[c.index()], *c);
        }
        for n in Nested::ALL {
            assert_eq!(n.as_str().parse::<Nested>(), Ok(*n));
        }
        assert_eq!(Collection::Goals.noun(), "goal");
        assert_eq!(Nested::Parties.noun(), "party");
        assert_eq!(Nested::Votes.item(), TableKind::Vote);
    }

    #[test]
    fn an_unknown_name_lists_the_known_ones() {
        let error = "goal".parse::<Collection>().unwrap_err().to_string();
        assert_eq!(
            error,
            "there is no collection `goal`; the collections are `themes`, `actors`, \
             `goals`, `partnerships` or `workshops` (did you mean `goals`?)"
        );
        let error = "indicator".parse::<Nested>().unwrap_err().to_string();
        assert!(
            error.starts_with("there is no nested collection `indicator`"),
            "{error}"
        );
        assert!(error.contains("did you mean `indicators`?"), "{error}");
    }
}
