//! Bounds on a user's template: how long it may run and how much it may
//! write, so that `export --template` with a runaway template ends with an
//! error naming the template instead of running forever or filling memory.
//!
//! - **Fuel**: minijinja counts the instructions a template executes; a
//!   user's template gets [`USER_FUEL`], fifty million. On the 10,000-goal
//!   benchmark plan the built-in Markdown report takes 3.5 million and the
//!   HTML one 4.8 million (about 480 a goal), measured with a copy of each
//!   given as `--template`, so a template copied from them renders plans of
//!   some 100,000 goals, far beyond any real plan, while two nested
//!   `range(100000)` loops (ten thousand million steps) stop within
//!   seconds. The test
//!   `a_copy_of_the_built_in_templates_renders_the_largest_plans`
//!   (tests/it/export_cli.rs) keeps that so.
//! - **Output**: a user's template may write at most [`USER_OUTPUT_BYTES`],
//!   256 MiB: the most a plan may be, and four times the built-in HTML
//!   report of the 10,000-goal plan (62 MB). The output is counted as it
//!   is written and refused past the cap, so a template that keeps doubling
//!   a text and printing it stops there, having held about four times the
//!   cap at most (the text, its double and the output's buffer).
//!
//! The built-in templates run without either bound: they loop only over
//! the plan's own items, and a plan's size is bounded when it is read.

use std::io;

/// The instructions a user's template may execute.
pub const USER_FUEL: u64 = 50_000_000;

/// The most a user's template may write, in bytes.
pub const USER_OUTPUT_BYTES: usize = 256 << 20;

/// The bounds a template runs within.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Bounds {
    /// The instructions it may execute; `None` for no bound.
    pub fuel: Option<u64>,
    /// The bytes it may write; `None` for no bound.
    pub output: Option<usize>,
}

impl Bounds {
    /// The bounds of the template `source`: none for a built-in one, the
    /// user's bounds for any other (a copy of a built-in template, changed
    /// in any way, is a user's).
    pub(super) fn of(source: &str) -> Bounds {
        if super::super::BUILT_IN_TEMPLATES.contains(&source) {
            Bounds {
                fuel: None,
                output: None,
            }
        } else {
            Bounds {
                fuel: Some(USER_FUEL),
                output: Some(USER_OUTPUT_BYTES),
            }
        }
    }
}

/// A template's output, refusing to grow past its cap.
#[derive(Debug)]
pub(super) struct CappedOutput {
    text: Vec<u8>,
    cap: Option<usize>,
    /// Set when a write was refused for the cap.
    pub(super) exceeded: bool,
}

impl CappedOutput {
    /// An output refusing to grow past `cap`, with room for `expected`
    /// bytes (never more than the cap) reserved.
    pub(super) fn new(cap: Option<usize>, expected: usize) -> CappedOutput {
        CappedOutput {
            text: Vec::with_capacity(cap.map_or(expected, |cap| expected.min(cap))),
            cap,
            exceeded: false,
        }
    }

    /// The text written: whole pieces of UTF-8, as the engine writes them.
    pub(super) fn into_text(self) -> String {
        String::from_utf8(self.text)
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
    }
}

impl io::Write for CappedOutput {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if let Some(cap) = self.cap
            && self.text.len().saturating_add(buf.len()) > cap
        {
            self.exceeded = true;
            return Err(io::Error::other("the output cap is reached"));
        }
        self.text.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn built_in_templates_run_unbounded_and_copies_bounded() {
        for built_in in super::super::super::BUILT_IN_TEMPLATES {
            assert_eq!(Bounds::of(built_in).fuel, None);
            let copy = format!("{built_in} ");
            assert_eq!(Bounds::of(&copy).fuel, Some(USER_FUEL));
            assert_eq!(Bounds::of(&copy).output, Some(USER_OUTPUT_BYTES));
        }
    }

    #[test]
    fn output_stops_at_its_cap_with_whole_writes() {
        let mut output = CappedOutput::new(Some(5), 64);
        output.write_all(b"abc").expect("under the cap");
        assert!(output.write_all(b"def").is_err());
        assert!(output.exceeded);
        assert_eq!(output.into_text(), "abc");
    }
}
