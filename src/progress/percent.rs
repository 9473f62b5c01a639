//! The one rounding rule for percentages, used by every report and the UI.
//!
//! A fraction is shown as a whole percentage the way a person computing by
//! hand would round it: the percentage's decimal value, halves away from
//! zero (0.205 → 20.5 → 21%, 0.125 → 12.5 → 13%). Figures are binary
//! floats, so 0.205 is stored as 0.20499999999999998…; the percentage is
//! first taken to six decimals, which undoes that error for any figure that
//! is not itself meant to differ in the seventh decimal, and only then
//! rounded. A fraction is clamped to 0…1 (progress cannot pass 100% or fall
//! below 0%; infinities go to the nearer end) and NaN is no percentage.

use std::fmt;

/// Decimals the percentage is cleaned to before rounding.
const CLEAN: f64 = 1e6;

/// A fraction as a percentage, 0 to 100, kept to the decimals a report shows.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd)]
pub struct Percent {
    /// The percentage, already rounded to `decimals`.
    value: f64,
    decimals: u8,
}

impl Percent {
    /// `fraction` (0 to 1) as a whole percentage; `None` for NaN.
    pub fn of(fraction: f64) -> Option<Percent> {
        Percent::with_decimals(fraction, 0)
    }

    /// `fraction` as a percentage with up to `decimals` decimals (at most 6),
    /// rounded by the same rule; `None` for NaN.
    pub fn with_decimals(fraction: f64, decimals: u8) -> Option<Percent> {
        if fraction.is_nan() {
            return None;
        }
        let decimals = decimals.min(6);
        let percentage = fraction.clamp(0.0, 1.0) * 100.0;
        let cleaned = (percentage * CLEAN).round() / CLEAN;
        let scale = 10f64.powi(i32::from(decimals));
        // `f64::round` rounds halves away from zero.
        let value = (cleaned * scale).round() / scale;
        Some(Percent { value, decimals })
    }

    /// The percentage as a number: `21.0`, or `20.5` with one decimal.
    pub fn value(self) -> f64 {
        self.value
    }

    /// The whole percentage, 0 to 100.
    pub fn whole(self) -> u32 {
        self.value.round() as u32
    }

    /// The number without the sign and without trailing zeros: `21`, `20.5`.
    pub fn number(self) -> String {
        // Whole percentages, the common case, without the float formatter.
        if self.decimals == 0 || self.value.fract() == 0.0 {
            return (self.value.round() as i64).to_string();
        }
        let text = format!("{:.*}", usize::from(self.decimals), self.value);
        if text.contains('.') {
            text.trim_end_matches('0').trim_end_matches('.').to_owned()
        } else {
            text
        }
    }
}

impl fmt::Display for Percent {
    /// `21%`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}%", self.number())
    }
}

/// `fraction` as a whole percentage by the rule above: 0.205 → 21. `None`
/// for NaN.
pub fn percent(fraction: f64) -> Option<u32> {
    Percent::of(fraction).map(Percent::whole)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn halves_go_away_from_zero_on_the_decimal_value() {
        assert_eq!(percent(0.205), Some(21));
        assert_eq!(percent(0.125), Some(13));
        assert_eq!(percent(0.115), Some(12));
        assert_eq!(percent(0.145), Some(15));
        assert_eq!(percent(0.285), Some(29));
        assert_eq!(percent(0.2049), Some(20));
        assert_eq!(percent(0.1 + 0.105), Some(21));
        assert_eq!(percent(1.0 / 3.0), Some(33));
        assert_eq!(percent(2.0 / 3.0), Some(67));
        assert_eq!(percent(0.0), Some(0));
        assert_eq!(percent(1.0), Some(100));
        assert_eq!(percent(0.005), Some(1));
        assert_eq!(percent(0.00499), Some(0));
    }

    #[test]
    fn every_hundredth_and_half_rounds_as_by_hand() {
        for tenths in 0..=1000u32 {
            let fraction = f64::from(tenths) / 1000.0;
            let by_hand = (tenths + 5) / 10; // the half goes up
            assert_eq!(percent(fraction), Some(by_hand), "{fraction}");
        }
    }

    #[test]
    fn out_of_range_and_not_a_number() {
        assert_eq!(percent(f64::NAN), None);
        assert_eq!(percent(f64::INFINITY), Some(100));
        assert_eq!(percent(f64::NEG_INFINITY), Some(0));
        assert_eq!(percent(1.7), Some(100));
        assert_eq!(percent(-0.2), Some(0));
        assert_eq!(percent(-0.0), Some(0));
    }

    #[test]
    fn shown_with_decimals() {
        assert_eq!(Percent::of(0.205).unwrap().to_string(), "21%");
        let one = |f| Percent::with_decimals(f, 1).unwrap().number();
        assert_eq!(one(0.27555), "27.6");
        assert_eq!(one(0.20505), "20.5");
        assert_eq!(one(0.20555), "20.6");
        assert_eq!(one(1.0 / 3.0), "33.3");
        assert_eq!(one(0.5), "50");
        assert_eq!(one(0.0), "0");
        assert_eq!(one(1.0), "100");
    }
}
