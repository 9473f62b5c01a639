//! What the tests share: the real binary in a pseudo-terminal, and the
//! system programs that second-tier tests need.

// A harness for the tests to come as well: not every key and helper is used
// by today's tests.
#[allow(dead_code)]
pub mod pty;

pub mod programs;
