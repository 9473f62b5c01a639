//! A workshop's dot vote, counted: the items ranked by their dots, ties
//! sharing a rank (`1`, `2=`, `2=`, `4`), and each participant's dots placed
//! out of the workshop's budget, with those who placed none. The Workshops
//! screen shows these.

use crate::model::Workshop;

/// An item's place in the tally.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ranked {
    /// The rank, as shown: `1`, or `2=` when shared.
    pub rank: String,
    /// The goal or partnership id voted on.
    pub item: String,
    /// Its dots.
    pub dots: i64,
}

/// How many dots one person placed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placed {
    /// The participant (or a voter the list of participants leaves out).
    pub participant: String,
    /// The dots they placed.
    pub dots: i64,
    /// Whether they are in the workshop's `participants`.
    pub listed: bool,
}

/// A workshop's votes, counted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tally {
    /// The items voted on, most dots first; ties keep the order of their
    /// first vote.
    pub ranked: Vec<Ranked>,
    /// Who placed dots, participants in their order then other voters.
    pub placed: Vec<Placed>,
    /// Participants who placed none.
    pub none: Vec<String>,
}

impl Tally {
    /// Count `workshop`'s votes.
    pub fn of(workshop: &Workshop) -> Tally {
        let mut totals: Vec<(String, i64)> = Vec::new();
        for vote in &workshop.votes {
            match totals.iter_mut().find(|(item, _)| *item == vote.item) {
                Some((_, dots)) => *dots += vote.dots,
                None => totals.push((vote.item.clone(), vote.dots)),
            }
        }
        // A stable sort: equal totals stay in the order they were first voted.
        totals.sort_by_key(|(_, dots)| std::cmp::Reverse(*dots));
        let ranked = totals
            .iter()
            .map(|(item, dots)| {
                let first = totals.iter().position(|(_, d)| d == dots).unwrap_or(0);
                let shared = totals.iter().filter(|(_, d)| d == dots).count() > 1;
                let rank = format!("{}{}", first + 1, if shared { "=" } else { "" });
                Ranked {
                    rank,
                    item: item.clone(),
                    dots: *dots,
                }
            })
            .collect();
        let dots_of = |who: &str| -> i64 {
            workshop
                .votes
                .iter()
                .filter(|v| v.participant == who)
                .map(|v| v.dots)
                .sum()
        };
        let mut placed = Vec::new();
        let mut none = Vec::new();
        for participant in &workshop.participants {
            if placed
                .iter()
                .any(|p: &Placed| p.participant == *participant)
                || none.contains(participant)
            {
                continue;
            }
            match dots_of(participant) {
                0 => none.push(participant.clone()),
                dots => placed.push(Placed {
                    participant: participant.clone(),
                    dots,
                    listed: true,
                }),
            }
        }
        for vote in &workshop.votes {
            if !workshop.participants.contains(&vote.participant)
                && !placed.iter().any(|p| p.participant == vote.participant)
            {
                placed.push(Placed {
                    participant: vote.participant.clone(),
                    dots: dots_of(&vote.participant),
                    listed: false,
                });
            }
        }
        Tally {
            ranked,
            placed,
            none,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Vote;

    fn vote(participant: &str, item: &str, dots: i64) -> Vote {
        Vote {
            participant: participant.to_owned(),
            item: item.to_owned(),
            dots,
        }
    }

    #[test]
    fn ties_share_a_rank_and_the_next_rank_skips() {
        let workshop = Workshop {
            participants: vec!["An".into(), "Bram".into(), "Cas".into(), "Dara".into()],
            dots: 3,
            votes: vec![
                vote("An", "a", 3),
                vote("Bram", "b", 2),
                vote("Cas", "c", 1),
                vote("Cas", "b", 1),
                vote("Cas", "d", 1),
                vote("Eli", "c", 2),
            ],
            ..Workshop::default()
        };
        let tally = Tally::of(&workshop);
        let ranks: Vec<(&str, &str, i64)> = tally
            .ranked
            .iter()
            .map(|r| (r.rank.as_str(), r.item.as_str(), r.dots))
            .collect();
        assert_eq!(
            ranks,
            vec![
                ("1=", "a", 3),
                ("1=", "b", 3),
                ("1=", "c", 3),
                ("4", "d", 1)
            ]
        );
        let placed: Vec<(&str, i64, bool)> = tally
            .placed
            .iter()
            .map(|p| (p.participant.as_str(), p.dots, p.listed))
            .collect();
        assert_eq!(
            placed,
            vec![
                ("An", 3, true),
                ("Bram", 2, true),
                ("Cas", 3, true),
                ("Eli", 2, false)
            ]
        );
        assert_eq!(tally.none, vec!["Dara".to_owned()]);
    }

    #[test]
    fn a_single_leader_has_rank_one_and_ties_below_it_are_marked() {
        let workshop = Workshop {
            votes: vec![vote("An", "a", 3), vote("Bo", "b", 1), vote("Bo", "c", 1)],
            ..Workshop::default()
        };
        let ranks: Vec<String> = Tally::of(&workshop)
            .ranked
            .into_iter()
            .map(|r| r.rank)
            .collect();
        assert_eq!(ranks, vec!["1", "2=", "2="]);
    }
}
